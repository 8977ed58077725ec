#!/usr/bin/env bash
# t55: a period that names who reports lists those units only in the
# workbook: the group sheets hold the units it asks (no row "Không thuộc
# diện báo cáo" for the 130 units of the registry it did not ask), "Chỉ tiêu
# theo đơn vị" the top-level units with an asked unit at or below them, and
# the PDF's note on a cut appendix cites the sheets that exist and list them.
source "$TESTS_DIR/e2e/lib.sh"
PY=/usr/bin/python3

cat > "$T/wb.py" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
print('sheets', '|'.join(wb.sheetnames))
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        if 'Không thuộc diện báo cáo' in row:
            print('not-asked-row', ws.title, row[1])
def codes(name, first):
    return [r[1] for r in wb[name].iter_rows(min_row=first, values_only=True) if isinstance(r[0], int)]
for name in wb.sheetnames:
    if name == 'Chỉ tiêu theo đơn vị':
        print('units', name, ' '.join(codes(name, 11)))
    elif name not in ('Chỉ tiêu', 'Tổng hợp', 'Khó khăn, kiến nghị', 'Chưa báo cáo', 'Kiểm tra'):
        print('units', name, len(codes(name, 13)), ' '.join(sorted(codes(name, 13))))
tot = wb['Tổng hợp']
for r in tot.iter_rows(min_row=9, max_row=9, values_only=True):
    print('totals', '|'.join(str(v) for v in r if v))
PYEOF

# the sample's request to six units of the Sở Y tế
copy_ws_empty cantho
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026 --period dx-2026-09
expect_exit 0 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
dir=res/cantho-ctxh-2026-2030/2026-dx-2026-09
$PY "$T/wb.py" "$dir/workbook.xlsx" > "$T/wb" || fail "cannot read $dir/workbook.xlsx"
expect_line "$T/wb" "sheets Chỉ tiêu|Tổng hợp|Chỉ tiêu theo đơn vị|Cơ sở trực thuộc|Khó khăn, kiến nghị|Chưa báo cáo|Kiểm tra"
expect_line "$T/wb" "units Chỉ tiêu theo đơn vị SYT"
expect_line "$T/wb" "units Cơ sở trực thuộc 6 SYT-BVDK SYT-BVNHI SYT-BVTT SYT-CSBTXH SYT-CSTGXHST SYT-TTCTXH"
expect_line "$T/wb" "totals STT|Mã trường|Mục|Nhóm|Chỉ tiêu|ĐVT|Cơ sở trực thuộc|Tổng cộng"
expect_no_grep "$T/wb" "not-asked-row"

# a request to the 31 wards, its appendix cut at 5 rows: the note names
# the sheet listing them, and there is no sheet of communes not asked
cp "$ROOT/templates/report-ctxh.xml" ws/report-ctxh.xml
sed -i 's|select="communes" nameWidth="3.4"|& maxRows="5"|' ws/report-ctxh.xml
sed -i 's|^  </periods>|    <period id="dx-2026-11" year="2026" label="10 tháng đầu năm" cutoffStart="--01-01" cutoffEnd="--10-31" deadline="--11-05" upward="--11-10">\n      <units kinds="phuong"/>\n      <fields>people.needing people.helped</fields>\n    </period>\n&|' ws/plan.xml
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026 --period dx-2026-11
expect_exit 0 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-11 --no-archive
dir=res/cantho-ctxh-2026-2030/2026-dx-2026-11
$PY "$T/wb.py" "$dir/workbook.xlsx" > "$T/wb2" || fail "cannot read $dir/workbook.xlsx"
expect_line "$T/wb2" "sheets Chỉ tiêu|Tổng hợp|Chỉ tiêu theo đơn vị|Phường|Khó khăn, kiến nghị|Chưa báo cáo|Kiểm tra"
expect_grep "$T/wb2" "units Phường 31 31120 31135 "
grep '^units Chỉ tiêu theo đơn vị ' "$T/wb2" | tr ' ' '\n' | grep -c '^31' | grep -qx 31 ||
  fail "'Chỉ tiêu theo đơn vị' does not list the 31 wards alone: $(grep '^units Chỉ tiêu' "$T/wb2")"
expect_no_grep "$T/wb2" "SYT"
expect_no_grep "$T/wb2" "not-asked-row"
pdf_prose "$dir/report.pdf" "$T/text"
expect_grep "$T/text" "Danh sách đầy đủ gồm 31 đơn vị, vượt quá 5 dòng của Phụ lục; "
expect_grep "$T/text" "Số liệu của từng đơn vị xem tại tệp workbook.xlsx kèm theo Báo cáo, trang “Phường”."
exit 0
