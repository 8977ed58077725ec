# t70: every sentence of the report is chosen by the figures. The same plan
# and template, four years of generated data: all on time and complete, some
# missing, late and rejected; every target met; none met. For each, the
# report says what the figures say and nothing they contradict (pdftotext).
source "$TESTS_DIR/e2e/lib.sh"

report() { # YEAR NAME: run the period, keep the PDF's joined text in $T/NAME
  expect_exit "$3" "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year "$1" --no-archive
  pdf_prose "$T/o/kiengiang-ctxh-2021-2030/$1-annual/report.pdf" "$T/$2"
}

copy_ws_empty kiengiang
n=$(grep -c 'kind="\(huyen\|xa\|phuong\|thi_tran\)"' "$T/ws/registry.xml")

# 1. complete and on time: no sentence about missing, late or rejected units
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2022
report 2022 all 0
expected=$(grep -o 'expected="[0-9]*"' "$T/o/kiengiang-ctxh-2021-2030/2022-annual/consolidated.xml" | head -1 | grep -o '[0-9]*')
expect_grep "$T/all" "Tất cả $expected cơ quan, đơn vị, địa phương thuộc diện báo cáo đã gửi báo cáo đạt yêu cầu, đúng thời hạn."
expect_grep "$T/all" "Các cơ quan, đơn vị, địa phương thuộc diện báo cáo đều gửi báo cáo đạt yêu cầu, đúng thời hạn."
for bad in "chưa gửi báo cáo" "chưa đạt yêu cầu" "sau thời hạn" "chưa đầy đủ" "chưa đúng thời hạn" " 0 đơn vị" " 0/" "(*)"; do
  expect_no_grep "$T/all" "$bad"
done

# 2. two units missing, one late, one rejected: each said once, with its count
mkdir -p "$T/gen" && expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2023 --into "$T/gen"
mkdir -p "$T/ws/submissions/2023-annual"
ls "$T/gen" | head -n -2 | while read -r f; do cp "$T/gen/$f" "$T/ws/submissions/2023-annual/"; done
late=$(ls "$T/ws/submissions/2023-annual" | head -1)
sed -i 's|<submitted>[^<]*</submitted>|<submitted>2023-12-20</submitted>|' "$T/ws/submissions/2023-annual/$late"
bad=$(ls "$T/ws/submissions/2023-annual" | sed -n 2p)
sed -i '0,/<staffed>[0-9]*</s//<staffed>-1</' "$T/ws/submissions/2023-annual/$bad"
report 2023 some 1
expect_grep "$T/some" "1 đơn vị gửi báo cáo chưa đạt yêu cầu; 2 đơn vị chưa gửi báo cáo; 1 đơn vị gửi báo cáo sau thời hạn."
expect_grep "$T/some" "Các đơn vị chưa gửi báo cáo (2 đơn vị):"
expect_grep "$T/some" "Các đơn vị gửi báo cáo sau thời hạn (1 đơn vị):"
expect_grep "$T/some" "Việc báo cáo của các đơn vị chưa đầy đủ, chưa đúng thời hạn: 2 đơn vị chưa gửi báo cáo, 1 đơn vị gửi báo cáo chưa đạt yêu cầu, 1 đơn vị gửi báo cáo sau thời hạn."
expect_grep "$T/some" "Đôn đốc, hướng dẫn các cơ quan, đơn vị, địa phương gửi báo cáo đầy đủ, đúng thời hạn"
expect_no_grep "$T/some" "Tất cả"

# 3. every target met (the targets of 2021-2025 lowered to 1 %, and I4 to
#    a 1 % rise over a baseline of 1): "đều đạt", no shortfall sentence
cp "$T/ws/plan.xml" "$T/plan.orig"
sed -i -e '/from="2021" to="2025"/s/value="[0-9.]*"/value="1"/' -e 's/baselineValue="[0-9.]*"/baselineValue="1"/' \
       -e '/indicator="I4"/s/change="[0-9.]*"/change="1"/' "$T/ws/plan.xml"
rm -rf "$T/o/kiengiang-ctxh-2021-2030/2022-annual"
report 2022 met 0
# I4 is now 9.218 against a required 1,01: its bar stops at the axis's end
# (200 %), the label keeps the value, and the chart stays a few grid lines
expect_grep "$T/met" "9.218 (912.673,3% mức yêu cầu)"
expect_grep "$T/met" "Thanh vượt quá 200% được vẽ đến hết trục; giá trị ghi bên cạnh thanh."
pdftotext "$T/o/kiengiang-ctxh-2021-2030/2022-annual/report.pdf" - 2>/dev/null | grep -c '^[0-9]*%$' > "$T/ticks"
[ "$(cat "$T/ticks")" -le 11 ] || fail "the chart's axis has $(cat "$T/ticks") labels"
expect_grep "$T/met" "đều đã đạt mức đề ra."
expect_grep "$T/met" "5 chỉ tiêu đã đạt mức chỉ tiêu của Kế hoạch:"
expect_grep "$T/met" "Không có chỉ tiêu chưa đạt mức chỉ tiêu của Kế hoạch; các đơn vị thuộc diện báo cáo gửi báo cáo đầy đủ, đúng thời hạn."
for bad in "chưa đạt mức chỉ tiêu của Kế hoạch:" "còn thiếu" "Tập trung thực hiện chỉ tiêu" "Chưa đạt"; do
  expect_no_grep "$T/met" "$bad"
done

# 4. no target met (every target of 2021-2025 raised out of reach)
sed -e '/from="2021" to="2025"/s/value="[0-9.]*"/value="99.9"/' -e '/indicator="I4"/s/change="[0-9.]*"/change="900"/' \
    "$T/plan.orig" > "$T/ws/plan.xml"
rm -rf "$T/o/kiengiang-ctxh-2021-2030/2022-annual"
report 2022 none 0
expect_grep "$T/none" "5 chỉ tiêu chưa đạt mức chỉ tiêu của Kế hoạch:"
expect_grep "$T/none" "còn thiếu"
expect_grep "$T/none" "Tập trung thực hiện chỉ tiêu"
for bad in "đã đạt mức chỉ tiêu của Kế hoạch:" "đều đã đạt" "Không có chỉ tiêu chưa đạt"; do
  expect_no_grep "$T/none" "$bad"
done
# the table's verdicts: 5 cells "Đang thực hiện" in 2022 (before the 2025 horizon, not missed: how far from the target)
# the same verdicts in the workbook's "Đánh giá" column, cell by cell
/usr/bin/python3 - "$T/o/kiengiang-ctxh-2021-2030/2022-annual/workbook.xlsx" > "$T/verdicts" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)['Chỉ tiêu']
for r in range(10, 20):
    if ws.cell(r, 2).value:
        print(ws.cell(r, 2).value, ws.cell(r, 10).value)
EOF
[ "$(grep -c ' Đang thực hiện; cần tăng thêm .* đến năm 2025$' "$T/verdicts")" -eq 5 ] || { cat "$T/verdicts"; fail "workbook verdicts"; }

# 5. in the final year of a target, the verdict is plain: Đạt / Chưa đạt
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2025
report 2025 final 0
expect_grep "$T/final" "Chưa đạt"
expect_grep "$T/final" ": chưa đạt chỉ tiêu, còn thiếu"
expect_no_grep "$T/final" "cần tăng thêm"
echo ok
