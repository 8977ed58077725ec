# t56: `tonghop upward` for the Cần Thơ sample's ad hoc request dx-2026-09,
# which asks five fields: upward.xml and upward.xlsx carry those five only
# (a 0 for a field nobody was asked would read above as a count of none,
# and the level above, checking the same request, would refuse it with a
# U08 for each), and the level above reads the file back accepted.
source "$TESTS_DIR/e2e/lib.sh"
PD=o/cantho-ctxh-2026-2030/2026-dx-2026-09
copy_ws cantho
rc=0; "$TONGHOP" -q -w ws -o o run --year 2026 --period dx-2026-09 > /dev/null 2> run.err || rc=$?
[ $rc = 1 ] || { cat run.err; fail "run exited $rc"; }
expect_exit 0 "$TONGHOP" -w ws -o o upward --year 2026 --period dx-2026-09
expect_grep out "$PD/upward.xml: 92 2026 dx-2026-09, drawn from consolidated.xml"

# the sections it holds: people and the narratives, nothing else
/usr/bin/python3 - $PD/upward.xml > sec <<'PY'
import sys, xml.etree.ElementTree as ET
ns = '{urn:tonghop:submission:1}'
r = ET.parse(sys.argv[1]).getroot()
print(' '.join(c.tag[len(ns):] for c in r))
for c in r.find(ns + 'people'):
    print(c.tag[len(ns):], c.text)
print(' '.join(c.tag[len(ns):] for c in r.find(ns + 'narrative')))
PY
expect_line sec "header people narrative source"
expect_line sec "needing 2143"
expect_line sec "helped 1970"
expect_line sec "case_managed 351"
expect_line sec "difficulties proposals"
xmllint --noout --schema "$ROOT/schemas/submission.xsd" $PD/upward.xml 2> xsd.err && fail "upward.xml of a part of the fields passes the full schema" || true

# the level above, checking the same request, accepts both files: no U08
for f in upward.xml upward.xlsx; do
  expect_exit 0 "$TONGHOP" -w ws -o above validate --year 2026 --period dx-2026-09 $PD/$f
  expect_no_grep err "U08"
  expect_no_grep out "U08"
done
# the XLSX copy is the request's own form: its three counts, no other field
/usr/bin/python3 - $PD/upward.xlsx > cells <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Biểu mẫu']
print(sorted(c.value for r in ws.iter_rows() for c in r if isinstance(c.value, int) and c.value != 2026))
print(openpyxl.load_workbook(sys.argv[1])['tonghop']['B1'].value)
PY
expect_line cells "[351, 1970, 2143]"
expect_line cells "ctxh-v1-dx-2026-09"
