#!/usr/bin/env bash
# t68: what units typed as difficulties, in an XML and in an XLSX submission,
# travels through consolidated.xml into the PDF appendix "Tổng hợp khó khăn,
# vướng mắc và kiến nghị của các đơn vị" (with the unit's name) and the
# workbook sheet "Khó khăn, kiến nghị"; the body says how many units raised one.
. "$TESTS_DIR/e2e/lib.sh"
PY=/usr/bin/python3
rc=0; "$TONGHOP" -q -w "$ROOT/input/cantho" -o o run --year 2026 --period annual --no-archive > "$T/run.txt" 2>&1 || rc=$?
[ $rc = 1 ] || { cat "$T/run.txt"; fail "run exited $rc, expected 1"; }
dir=o/cantho-ctxh-2026-2030/2026-annual
"$PY" - "$dir/consolidated.xml" > "$T/said" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = root.tag.split('}')[0] + '}' if root.tag.startswith('{') else ''
for n in root.iter(ns + 'node'):
    nar = n.find(ns + 'narrative')
    d = nar.find(ns + 'difficulties') if nar is not None else None
    if d is not None and d.text:
        kind = 'xlsx' if n.get('file', '').endswith('.xlsx') else 'xml'
        print(kind + '\t' + n.get('name') + '\t' + ' '.join(d.text.split()))
PYEOF
grep -q "^xml	" "$T/said" || { cat "$T/said"; fail "no XML submission's difficulty in consolidated.xml"; }
grep -q "^xlsx	" "$T/said" || { cat "$T/said"; fail "no XLSX submission's difficulty in consolidated.xml"; }
n=$(wc -l < "$T/said")

pdf_prose "$dir/report.pdf" "$T/prose"
expect_grep "$T/prose" "TỔNG HỢP KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ CỦA CÁC ĐƠN VỊ"
expect_grep "$T/prose" "có $n/105 đơn vị nêu khó khăn, vướng mắc"
"$PY" - "$dir/workbook.xlsx" > "$T/sheet" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)['Khó khăn, kiến nghị']
for row in ws.iter_rows(values_only=True):
    print('\t'.join(' '.join(str(c).split()) for c in row if c is not None))
PYEOF
for kind in xml xlsx; do
  line=$(grep -m1 "^$kind	" "$T/said")
  name=$(printf '%s' "$line" | cut -f2); text=$(printf '%s' "$line" | cut -f3)
  # the appendix: the unit's name, then its words (lines joined by pdf_prose)
  "$PY" - "$T/prose" "$name" "$text" <<'PYEOF' || fail "$kind: '$name' and its difficulty not in the PDF appendix"
import sys
p = open(sys.argv[1], encoding='utf-8').read()
i = p.find('TỔNG HỢP KHÓ KHĂN, VƯỚNG MẮC')
j = p.find(sys.argv[2], i)
sys.exit(0 if i >= 0 and j >= 0 and p.find(sys.argv[3], j) >= 0 else 1)
PYEOF
  grep -F -- "$name" "$T/sheet" | grep -qF -- "$text" || { cat "$T/sheet"; fail "$kind: '$name' with '$text' not on the workbook sheet"; }
done
echo ok
