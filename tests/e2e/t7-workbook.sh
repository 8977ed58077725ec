#!/usr/bin/env bash
# t7-workbook.sh - `tonghop report` writes workbook.xlsx: read back with
# openpyxl, every total and indicator equals consolidated.xml, totals are
# live formulas whose ranges add up to the same numbers, the units that did
# not report and every issue of validation.xml are listed, two runs (and
# `run`) give the same bytes. On the shipped Cần Thơ samples, on generated
# data with a missing, a rejected and a late unit, and on Kiên Giang's
# 6-month samples.
source "$TESTS_DIR/e2e/lib.sh"
PY=/usr/bin/python3

cat > "$T/check.py" <<'EOF'
import re, sys
import xml.etree.ElementTree as ET
import openpyxl
from openpyxl.utils import column_index_from_string, range_boundaries

cons_path, xlsx_path = sys.argv[1], sys.argv[2]
NS = '{urn:tonghop:consolidated:1}'
root = ET.parse(cons_path).getroot()
fields = root.find(NS + 'fields').text.split()
top = root.find(NS + 'node')

def vals(text):
    return [None if t == '-' else int(t) for t in text.split()]

nodes = []
def walk(n, depth, parent):
    own = n.find(NS + 'own')
    tot = n.find(NS + 'totals')
    rec = dict(code=n.get('code'), name=n.get('name'), group=n.get('group'), own=n.get('own'),
               expected=n.get('expected') == 'true', depth=depth, parent=parent,
               values=vals(own.text) if own is not None else [None] * len(fields),
               totals=vals(tot.text) if tot is not None else None,
               ind={i.get('code'): i for i in n.findall(NS + 'indicator')})
    if rec['totals'] is None:
        rec['totals'] = [v or 0 for v in rec['values']]
    nodes.append(rec)
    for c in n.findall(NS + 'node'):
        walk(c, depth + 1, rec)
walk(top, 0, None)
rootn = nodes[0]

wbf = openpyxl.load_workbook(xlsx_path)                    # formulas
wbv = openpyxl.load_workbook(xlsx_path, data_only=True)    # cached results
fail = []
def check(cond, msg):
    if not cond:
        fail.append(msg)

REF = re.compile(r"(?:'((?:[^']|'')+)'!)?\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?")
def eval_sum(sheet, formula):
    """Evaluate =SUM(a,b:c,...) or =ref over cached values."""
    body = formula[1:]
    m = re.fullmatch(r'SUM\((.*)\)', body)
    args = m.group(1) if m else body
    total = 0
    for mm in REF.finditer(args):
        sh = mm.group(1).replace("''", "'") if mm.group(1) else sheet
        c1, r1 = column_index_from_string(mm.group(2)), int(mm.group(3))
        c2 = column_index_from_string(mm.group(4)) if mm.group(4) else c1
        r2 = int(mm.group(5)) if mm.group(5) else r1
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                v = wbv[sh].cell(r, c).value
                total += v if isinstance(v, (int, float)) else 0
    return total

names = wbf.sheetnames
for s in ['Chỉ tiêu', 'Tổng hợp', 'Chưa báo cáo', 'Kiểm tra']:
    check(s in names, 'no sheet ' + s)
groups = []
for n in nodes[1:]:
    if n['group'] not in groups:
        groups.append(n['group'])
for g in groups:
    check(g in names, 'no sheet for group ' + g)

# heading: period and data cut-off on every sheet
for s in names:
    col_a = [wbv[s].cell(r, 1).value for r in range(1, 8)]
    check(any(isinstance(v, str) and v.startswith('Số liệu tính từ ngày ') for v in col_a), s + ': no cut-off line')
    check(any(isinstance(v, str) and v.startswith('Kỳ báo cáo: ') for v in col_a), s + ': no period line')
    ws = wbf[s]
    check(ws.freeze_panes is not None, s + ': no frozen panes')
    check(ws.page_setup.orientation == 'landscape' and str(ws.page_setup.paperSize) == '9', s + ': not A4 landscape')
    check(ws.print_title_rows is not None, s + ': no repeated heading rows')

# Tổng hợp: one row per field, "Tổng cộng" = SUM of the group columns = root totals
tf, tv = wbf['Tổng hợp'], wbv['Tổng hợp']
head = [c.value for c in tf[9]]
tcol = head.index('Tổng cộng') + 1
check(tf.auto_filter.ref is not None, 'Tổng hợp: no autofilter')
for i, fid in enumerate(fields):
    r = 10 + i
    check(tv.cell(r, 2).value == fid, f'Tổng hợp row {r}: field {tv.cell(r, 2).value} != {fid}')
    f = tf.cell(r, tcol).value
    check(isinstance(f, str) and f.startswith('=SUM('), f'Tổng hợp {fid}: total is not a formula: {f!r}')
    want = rootn['totals'][i]
    check(tv.cell(r, tcol).value == want, f'Tổng hợp {fid}: cached {tv.cell(r, tcol).value} != {want}')
    check(eval_sum('Tổng hợp', f) == want, f'Tổng hợp {fid}: formula {f} gives {eval_sum("Tổng hợp", f)} != {want}')
    for gi, g in enumerate(groups):
        gf = tf.cell(r, head.index(g) + 1).value
        check(isinstance(gf, str) and gf.startswith('='), f'Tổng hợp {fid}/{g}: not a formula')

# group sheets: a row per unit with its own values, a SUM row at the bottom
for g in groups:
    sf, sv = wbf[g], wbv[g]
    members = [n for n in nodes[1:] if n['group'] == g]
    labels = [c.value for c in sf[12]]
    check(labels[:3] == ['STT', 'Mã đơn vị', 'Tên đơn vị'], f'{g}: heading {labels[:3]}')
    fc = 9  # first field column (I)
    for k, n in enumerate(members):
        r = 13 + k
        check(sv.cell(r, 2).value == n['code'], f'{g} row {r}: unit {sv.cell(r, 2).value} != {n["code"]}')
        for i in range(len(fields)):
            v = sv.cell(r, fc + i).value
            want = n['values'][i] if n['own'] == 'accepted' else None
            check(v == want, f'{g} {n["code"]} {fields[i]}: {v} != {want}')
    tr = 13 + len(members)
    check(sv.cell(tr, 1).value == 'Tổng cộng', f'{g}: no total row at {tr}')
    # a value a unit did not give is no cell; the block's thin grid is one
    # conditional format (not a styled blank per cell)
    gaps = any(n['own'] != 'accepted' or None in n['values'] for n in members)
    rules = [(str(c.sqref), r.formula, r.dxf.border.left.style if r.dxf and r.dxf.border else None)
             for c in sf.conditional_formatting for r in c.rules]
    want = [(f'I13:{sf.cell(tr - 1, fc + len(fields) - 1).column_letter}{tr - 1}', ['TRUE'], 'thin')] if gaps else []
    check(rules == want, f'{g}: conditional formats {rules} != {want}')
    for i, fid in enumerate(fields):
        f = sf.cell(tr, fc + i).value
        want = sum(n['values'][i] or 0 for n in members if n['own'] == 'accepted')
        check(isinstance(f, str) and f.startswith('=SUM('), f'{g} {fid}: total not a formula: {f!r}')
        check(sv.cell(tr, fc + i).value == want, f'{g} {fid}: cached {sv.cell(tr, fc + i).value} != {want}')
        check(eval_sum(g, f) == want, f'{g} {fid}: formula gives {eval_sum(g, f)} != {want}')

# Chỉ tiêu: every indicator of the root whose target applies this year (the
# consolidation gives it an op), ratios held as fractions
cf, cv = wbf['Chỉ tiêu'], wbv['Chỉ tiêu']
seen = set()
shown = {c for c, i in rootn['ind'].items() if i.get('op')}
r = 9
while cv.cell(r + 1, 2).value:
    r += 1
    code = cv.cell(r, 2).value
    ind = rootn['ind'].get(code)
    check(ind is not None, f'Chỉ tiêu row {r}: unknown indicator {code}')
    if ind is None:
        continue
    seen.add(code)
    num_f = cf.cell(r, 4).value
    check(isinstance(num_f, str) and num_f.startswith('=SUM('), f'{code}: numerator not a formula')
    check(cv.cell(r, 4).value == int(ind.get('numerator')), f'{code}: numerator {cv.cell(r, 4).value}')
    check(eval_sum('Chỉ tiêu', num_f) == int(ind.get('numerator')), f'{code}: numerator formula')
    val_f = cf.cell(r, 6).value
    check(isinstance(val_f, str) and val_f.startswith('='), f'{code}: value not a formula')
    got = cv.cell(r, 6).value
    if ind.get('type') == 'ratio':
        check(cv.cell(r, 5).value == int(ind.get('denominator')), f'{code}: denominator')
        check(eval_sum('Chỉ tiêu', cf.cell(r, 5).value) == int(ind.get('denominator')), f'{code}: den formula')
        if ind.get('status') == 'ok':
            want = float(ind.get('value')) / 100
            check(isinstance(got, float) and abs(got - want) < 5e-7, f'{code}: value {got} != {want}')
            check(abs(got - int(ind.get('numerator')) / int(ind.get('denominator'))) < 1e-12, f'{code}: ratio')
            check(cf.cell(r, 6).number_format == '0.0%', f'{code}: format {cf.cell(r, 6).number_format}')
        else:
            check(got in (None, ''), f'{code}: value {got!r} for status {ind.get("status")}')
    else:
        check(got == int(ind.get('numerator')), f'{code}: count {got}')
    met = {'yes': 'Đạt', 'no': 'Chưa đạt', 'unknown': 'Chưa đánh giá'}[ind.get('met')]
    check(cv.cell(r, 9).value == met, f'{code}: met {cv.cell(r, 9).value} != {met}')
check(seen == shown, f'indicators {sorted(seen)} != {sorted(shown)}')
check(len(cf._charts) == 1, 'Chỉ tiêu: no chart')

# Chưa báo cáo: exactly the expected units without an accepted submission
mv = wbv['Chưa báo cáo']
listed = set()
r = 10
while mv.cell(r, 2).value:
    listed.add(mv.cell(r, 2).value)
    r += 1
want = {n['code'] for n in nodes if n['expected'] and n['own'] in ('missing', 'rejected')}
check(listed == want, f'Chưa báo cáo lists {sorted(listed)}, expected {sorted(want)}')

# Kiểm tra: one row per issue of validation.xml
if len(sys.argv) > 3:
    VNS = '{urn:tonghop:validation:1}'
    vroot = ET.parse(sys.argv[3]).getroot()
    want = [(s.get('file').rsplit('/', 1)[-1], i.get('code')) for s in vroot.findall(VNS + 'submission')
            for i in s.findall(VNS + 'issue')]
    kv = wbv['Kiểm tra']
    head_row = next(r for r in range(9, kv.max_row + 1) if kv.cell(r, 5).value == 'Mã')
    got = [(kv.cell(r, 2).value, kv.cell(r, 5).value) for r in range(head_row + 1, head_row + 1 + len(want))]
    check(got == want, f'Kiểm tra issues differ from validation.xml: {got[:3]} vs {want[:3]}')
    check(kv.cell(head_row + 1 + len(want), 2).value is None, 'Kiểm tra: more issue rows than validation.xml')

props = wbf.properties
check(props.creator and props.title and props.created is not None, 'document properties missing')
print('\n'.join(fail[:40]))
print(f'{len(fail)} failures')
sys.exit(1 if fail else 0)
EOF

# The shipped Cần Thơ 2026 samples (what `make demo` reports on)
copy_ws cantho
rc=0; "$TONGHOP" -q -w ws -o demo consolidate --year 2026 > /dev/null 2>&1 || rc=$?
[ $rc -le 1 ] || fail "consolidate of the samples exited $rc"
expect_exit 0 "$TONGHOP" -q -w ws -o demo report --year 2026
dir=demo/cantho-ctxh-2026-2030/2026-annual
"$PY" "$T/check.py" "$dir/consolidated.xml" "$dir/workbook.xlsx" "$dir/validation.xml" ||
  fail "sample workbook does not match consolidated.xml / validation.xml"
cp "$dir/workbook.xlsx" "$T/demo1.xlsx"
sleep 2
TZ=Asia/Ho_Chi_Minh expect_exit 0 "$TONGHOP" -q -w ws -o demo report --year 2026
cmp "$T/demo1.xlsx" "$dir/workbook.xlsx" || fail "workbook differs between two runs"
unzip -p "$dir/workbook.xlsx" docProps/core.xml > "$T/core.xml"
expect_grep "$T/core.xml" "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-12-28T00:00:00Z</dcterms:created>"
ls "$dir" | grep -q tmp && fail "temporary file left in $dir"
# `run` writes the same workbook from its in-memory consolidation
rc=0; "$TONGHOP" -q -w ws -o demo2 run --year 2026 > /dev/null 2>&1 || rc=$?
[ $rc -le 1 ] || fail "run exited $rc"
cmp "$T/demo1.xlsx" demo2/cantho-ctxh-2026-2030/2026-annual/workbook.xlsx || fail "run and report workbooks differ"

# Generated Cần Thơ 2026 data: one ward missing, one rejected (trained > staff), one late
copy_ws cantho
rm -rf ws/submissions
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026
sub=ws/submissions/2026-annual
rm "$sub/31147.xml"
sed -i '0,/<trained>[0-9]*<\/trained>/s//<trained>999<\/trained>/' "$sub/31150.xml"
sed -i 's|<submitted>[^<]*</submitted>|<submitted>2026-12-24</submitted>|' "$sub/31153.xml"
expect_exit 1 "$TONGHOP" -q -w ws -o res consolidate --year 2026
expect_exit 0 "$TONGHOP" -q -w ws -o res report --year 2026
dir=res/cantho-ctxh-2026-2030/2026-annual
[ -f "$dir/workbook.xlsx" ] || fail "no workbook"
"$PY" "$T/check.py" "$dir/consolidated.xml" "$dir/workbook.xlsx" "$dir/validation.xml" ||
  fail "Cần Thơ workbook does not match consolidated.xml"

# the rejected file's error is on "Kiểm tra" with its code and line
"$PY" - "$dir/workbook.xlsx" > "$T/checks.txt" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)['Kiểm tra']
for row in ws.iter_rows(min_row=9, values_only=True):
    print('|'.join('' if v is None else str(v) for v in row))
EOF
expect_grep "$T/checks.txt" "31150.xml|31150|Bị từ chối|"
expect_grep "$T/checks.txt" "|Lỗi|workforce.chuyen_trach.trained|"
expect_grep "$T/checks.txt" "31153.xml|31153|Chấp nhận|P01|Cảnh báo|"
expect_grep "$T/checks.txt" "2|Được chấp nhận|||126|"


# Kiên Giang samples, first 6 months of 2025 (relative target I4, count indicators)
copy_ws kiengiang
rc=0; "$TONGHOP" -q -w ws -o res consolidate --year 2025 --period h1 > /dev/null 2>&1 || rc=$?
[ $rc -le 1 ] || fail "consolidate of the Kiên Giang samples exited $rc"
expect_exit 0 "$TONGHOP" -q -w ws -o res report --year 2025 --period h1
dir=res/kiengiang-ctxh-2021-2030/2025-h1
"$PY" "$T/check.py" "$dir/consolidated.xml" "$dir/workbook.xlsx" "$dir/validation.xml" ||
  fail "Kiên Giang workbook does not match consolidated.xml"
"$PY" - "$dir/workbook.xlsx" > "$T/kg.txt" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
print(wb.sheetnames)
ws = wb['Chỉ tiêu']
for row in ws.iter_rows(min_row=1, max_row=16, values_only=True):
    print('|'.join('' if v is None else str(v) for v in row))
EOF
expect_grep "$T/kg.txt" "'Huyện, thành phố', 'Xã, phường, thị trấn'"
expect_grep "$T/kg.txt" "Kỳ báo cáo: 6 tháng đầu năm 2025"
expect_grep "$T/kg.txt" "Số liệu tính từ ngày 15/12/2024 đến ngày 14/06/2025"
expect_grep "$T/kg.txt" "|I4|"
# a first-half count is not judged against a whole year's baseline; I4B's target starts in 2026
expect_grep "$T/kg.txt" "|Đến năm 2025 tăng tối thiểu 20% so với năm 2020||Chưa đánh giá|Đánh giá theo số liệu cả năm|"
expect_no_grep "$T/kg.txt" "|I4B|"
echo "ok"
