#!/usr/bin/env bash
# t47-values-wide.sh - values past 32 bits come through the consolidation
# exactly (a node keeps its numbers packed, th_cons_set_own): two Cần Thơ
# communes report 999.999.999.999 đồng (the cap), 2^32 + 1 and 2^31 đồng;
# consolidated.xml gives back each unit's own values and the province's
# totals as the sum the unchanged run had plus the differences, the
# workbook's unit cells and its totals are the same numbers (openpyxl), the
# PDF's funding sentence says them, and `report` from consolidated.xml alone
# writes the same workbook bytes.
source "$TESTS_DIR/e2e/lib.sh"
PY=/usr/bin/python3

expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/cantho" -o before run --year 2026 --no-archive
copy_ws cantho
s=ws/submissions/2026-annual
sed -i 's|<state_budget>319000000</state_budget>|<state_budget>999999999999</state_budget>|;
        s|<mobilised>119000000</mobilised>|<mobilised>2147483648</mobilised>|' $s/31120.xml
sed -i 's|<state_budget>52000000</state_budget>|<state_budget>4294967297</state_budget>|' $s/31237.xml
grep -q 999999999999 $s/31120.xml && grep -q 4294967297 $s/31237.xml || fail "the samples changed: fix the edits"
expect_exit 1 "$TONGHOP" -q -w ws -o after run --year 2026 --no-archive
d=cantho-ctxh-2026-2030/2026-annual
for f in 31120 31237; do
  expect_grep after/$d/validation.xml "2026-annual/$f.xml\" sha256="
done

cat > "$T/check.py" << 'PYEOF'
import sys
import xml.etree.ElementTree as ET
import openpyxl
NS = '{urn:tonghop:consolidated:1}'
before, after, xlsx = sys.argv[1:4]
def load(p):
    root = ET.parse(p).getroot()
    fields = root.find(NS + 'fields').text.split()
    nodes = {}
    for n in root.iter(NS + 'node'):
        own, tot = n.find(NS + 'own'), n.find(NS + 'totals')
        conv = lambda e: None if e is None else [None if t == '-' else int(t) for t in e.text.split()]
        nodes[n.get('code')] = (conv(own), conv(tot))
    return fields, nodes, root.find(NS + 'node').get('code')
fields, b, top = load(before)
_, a, _ = load(after)
sb, mo = fields.index('funding.state_budget'), fields.index('funding.mobilised')
fail = []
def eq(got, want, what):
    if got != want:
        fail.append('%s: %r, expected %r' % (what, got, want))
eq(a['31120'][0][sb], 999999999999, '31120 own state_budget')
eq(a['31120'][0][mo], 2147483648, '31120 own mobilised')
eq(a['31237'][0][sb], 4294967297, '31237 own state_budget')
want_sb = b[top][1][sb] - b['31120'][0][sb] - b['31237'][0][sb] + 999999999999 + 4294967297
want_mo = b[top][1][mo] - b['31120'][0][mo] + 2147483648
eq(a[top][1][sb], want_sb, 'province total state_budget')
eq(a[top][1][mo], want_mo, 'province total mobilised')
for f in range(len(fields)):
    if f not in (sb, mo):
        eq(a[top][1][f], b[top][1][f], 'province total ' + fields[f])
wb = openpyxl.load_workbook(xlsx, data_only=True)
cells = {}
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.value in ('31120', '31237', 'funding.state_budget', 'funding.mobilised'):
                cells.setdefault(c.value, []).append((ws, c.row))
def unit_cell(code, field):
    # a unit's row of its group's sheet (its status in column F): the fields from column I
    ws, r = [x for x in cells[code] if x[0].cell(row=x[1], column=6).value == 'Đã chấp nhận'][0]
    return ws.cell(row=r, column=9 + field).value
eq(unit_cell('31120', sb), 999999999999, 'workbook 31120 state_budget')
eq(unit_cell('31120', mo), 2147483648, 'workbook 31120 mobilised')
eq(unit_cell('31237', sb), 4294967297, 'workbook 31237 state_budget')
ws, r = [x for x in cells['funding.state_budget'] if x[0].title == 'Tổng hợp'][0]
row = [c.value for c in ws[r]]
eq(want_sb in row, True, 'workbook Tổng hợp funding.state_budget row %r has %d' % (row, want_sb))
ws, r = [x for x in cells['funding.mobilised'] if x[0].title == 'Tổng hợp'][0]
row = [c.value for c in ws[r]]
eq(want_mo in row, True, 'workbook Tổng hợp funding.mobilised row %r has %d' % (row, want_mo))
dots = lambda v: format(v, ',').replace(',', '.')
print('%s %s %s' % (dots(want_sb + want_mo), dots(want_sb), dots(want_mo)))
if fail:
    print('\n'.join(fail), file=sys.stderr)
    sys.exit(1)
PYEOF
"$PY" "$T/check.py" before/$d/consolidated.xml after/$d/consolidated.xml after/$d/workbook.xlsx > "$T/sums" 2> "$T/py.err" ||
  { cat "$T/py.err"; fail "values past 32 bits not exact"; }
read -r all sb mo < "$T/sums"
pdf_prose after/$d/report.pdf "$T/after.txt"
expect_grep "$T/after.txt" "Tổng kinh phí thực hiện Chương trình trong kỳ là $all đồng, trong đó ngân sách nhà nước $sb đồng, nguồn xã hội hóa $mo đồng."

# report from consolidated.xml alone (cons_load packs the same values)
cp after/$d/workbook.xlsx "$T/run.xlsx"
expect_exit 0 "$TONGHOP" -q -w ws -o after report --year 2026
cmp -s after/$d/workbook.xlsx "$T/run.xlsx" || fail "report from consolidated.xml wrote another workbook than run"
