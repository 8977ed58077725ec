# t64: an appendix longer than the template's maxRows lists the units down
# to the deepest level that fits (here the districts, each with the figures
# of its communes), says in Vietnamese which workbook sheet lists every
# unit, and a completeness list longer than maxNames names that many.
source "$TESTS_DIR/e2e/lib.sh"
PY=/usr/bin/python3

copy_ws_empty kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2024
# three communes of Thành phố Rạch Giá do not report
rm "$T/ws/submissions/2024-annual/"{30733,30754,30757}.xml
cp "$ROOT/templates/report-ctxh.xml" "$T/ws/report-ctxh.xml"
sed -i 's|select="communes" nameWidth="3.4"|& maxRows="20"|; s|<completeness/>|<completeness maxNames="2"/>|' \
  "$T/ws/report-ctxh.xml"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year 2024
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
dir=$T/o/kiengiang-ctxh-2021-2030/2024-annual
pdftotext "$dir/report.pdf" - 2>/dev/null | tr -d '\f' > "$T/text"
tr '\n' ' ' < "$T/text" > "$T/flat"
expect_grep "$T/flat" "Các đơn vị chưa gửi báo cáo (3 đơn vị): Phường Vĩnh Thanh Vân, Phường Rạch Sỏi và 1 đơn vị khác (danh sách đầy đủ tại tệp workbook.xlsx kèm theo Báo cáo, trang “Chưa báo cáo”)."
expect_grep "$T/flat" "Danh sách đầy đủ gồm 48 đơn vị, vượt quá 20 dòng của Phụ lục; Phụ lục này tổng hợp số liệu đến cấp huyện, thành phố thuộc tỉnh, số liệu của mỗi đơn vị gồm cả các đơn vị trực thuộc. Số liệu của từng đơn vị xem tại tệp workbook.xlsx kèm theo Báo cáo, trang “Xã, phường, thị trấn”."

# Phụ lục II: the 15 districts in force, no commune
sed -n '/^Phụ lục II$/,$p' "$T/text" > "$T/app2"
expect_line "$T/app2" "Thành phố Rạch Giá"
expect_line "$T/app2" "Huyện Kiên Hải"
grep -E '^(Xã|Phường|Thị trấn) ' "$T/app2" && fail "a commune is listed in the cut appendix"
[ "$(grep -c 'đơn vị đạt yêu' "$T/app2")" = 15 ] || fail "not one row per district"

# the Rạch Giá row sums the district and its communes, as the workbook lists them
pdftotext -layout "$dir/report.pdf" - 2>/dev/null | sed -n '/Phụ lục II/,$p' |
  grep -E '^ +1 +Thành phố Rạch Giá ' > "$T/row" || fail "no Rạch Giá row"
cat > "$T/sum.py" <<'EOF'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ids = {}
for row in wb["Tổng hợp"].iter_rows(min_row=10, values_only=True):
    if isinstance(row[0], int) and row[1]:
        ids[row[1]] = row[0] - 1
def own(sheet, pick):
    total = {}
    for row in wb[sheet].iter_rows(min_row=13, values_only=True):
        if not isinstance(row[0], int) or not pick(row):
            continue
        for fid, i in ids.items():
            total[fid] = total.get(fid, 0) + (row[8 + i] or 0)
    return total
d = own("Huyện, thành phố", lambda r: r[2] == "Thành phố Rạch Giá")
c = own("Xã, phường, thị trấn", lambda r: r[4] == "Thành phố Rạch Giá")
s = lambda pre, suf: sum(d[f] + c[f] for f in ids if f.startswith(pre) and f.endswith(suf))
vn = lambda n: f"{n:,}".replace(",", ".")
print(vn(s("workforce.", ".staff")), vn(s("people.helped", "")), vn(s("children.", ".supported")))
n = sum(1 for r in wb["Xã, phường, thị trấn"].iter_rows(min_row=13, values_only=True) if isinstance(r[0], int))
print(n)
EOF
$PY "$T/sum.py" "$dir/workbook.xlsx" > "$T/sums" || fail "cannot read the workbook"
read -r staff helped children < "$T/sums"
[ "$(sed -n 2p "$T/sums")" = 48 ] || fail "the workbook sheet does not list the 48 communes"
grep -qE "Rạch Giá +$staff +[0-9,]+% +$helped +$children +2/5 đơn vị đạt yêu" "$T/row" ||
  fail "Rạch Giá row '$(cat "$T/row")', expected $staff staff, $helped helped, $children children, 2/5"

# exactly as many units as rows: the full listing, no note
sed -i 's|maxRows="20"|maxRows="48"|' "$T/ws/report-ctxh.xml"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
pdftotext "$dir/report.pdf" - 2>/dev/null | tr -d '\f' > "$T/text48"
sed -n '/^Phụ lục II$/,$p' "$T/text48" > "$T/app48"
expect_no_grep "$T/text48" "Danh sách đầy đủ gồm"
expect_line "$T/app48" "Phường Rạch Sỏi"
expect_grep "$T/app48" "Chưa báo cáo"

# no level below the province fits: the province's own total alone
sed -i 's|maxRows="48"|maxRows="5"|' "$T/ws/report-ctxh.xml"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
pdftotext "$dir/report.pdf" - 2>/dev/null | tr -d '\f' > "$T/text5"
tr '\n' ' ' < "$T/text5" > "$T/flat5"
sed -n '/^Phụ lục II$/,$p' "$T/text5" > "$T/app5"
expect_grep "$T/flat5" "vượt quá 5 dòng của Phụ lục; Phụ lục này tổng hợp số liệu đến cấp tỉnh,"
expect_line "$T/app5" "Tỉnh Kiên Giang"
expect_grep "$T/app5" "61/64 đơn vị đạt"
expect_no_grep "$T/app5" "Thành phố Rạch Giá"

# a bound of 0 breaks the template's schema
sed -i 's|maxRows="5"|maxRows="0"|' "$T/ws/report-ctxh.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
expect_grep "$T/err" "maxRows"
echo ok
