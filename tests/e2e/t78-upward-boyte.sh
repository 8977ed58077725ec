# t78-upward-boyte: the ministry's workspace. 34 provinces (Cần Thơ's sample,
# An Giang's generated 2026, 32 generated provinces) each run and send their
# upward file (tests/fixtures/boyte/make.py); `run` on the ministry's
# workspace accepts all 34; the national totals equal the sum of the 34
# provinces' consolidations (python from the XML files) and, for the
# generated provinces, the sum over every commune consolidated at once; an
# upward XLSX instead of the XML gives the same national totals; the same
# inputs give the same bytes; the committed sample input/boyte runs.
source "$TESTS_DIR/e2e/lib.sh"
FIG="/usr/bin/python3 $ROOT/tests/fixtures/boyte/figures.py"
/usr/bin/python3 "$ROOT/tests/fixtures/boyte/make.py" "$TONGHOP" "$ROOT" mk || fail "make.py failed"
[ "$(ls mk/submissions | wc -l)" = 34 ] || fail "expected 34 upward files"

mkws() { rm -rf "$1"; mkdir -p "$1/submissions/2026-annual"; cp "$ROOT"/input/boyte/*.xml "$1/"; }
mkws bw
cp mk/submissions/*.xml bw/submissions/2026-annual/
expect_exit 0 "$TONGHOP" -w bw -o o1 run --year 2026
expect_line out "34 tệp: 34 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
expect_grep out "Toàn quốc — 2026 annual: 34/34 đơn vị đã được chấp nhận"
# every file is the one its province archived
expect_exit 0 "$TONGHOP" -w bw -o o0 validate --year 2026 --verify-archive mk/archives
expect_line out "34 tệp: 34 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
NAT=o1/boyte-ctxh-2021-2030/2026-annual
[ -s $NAT/report.pdf ] && [ -s $NAT/workbook.xlsx ] || fail "no national report"
pdf_prose $NAT/report.pdf prose.txt
expect_grep prose.txt "Thực hiện Quyết định số 112/QĐ-TTg ngày 22 tháng 01 năm 2021"
expect_grep prose.txt "Cục Bảo trợ xã hội báo cáo"

# national totals = the sum of the provinces' consolidations
$FIG cons $NAT/consolidated.xml > national.txt
$FIG sum mk/p/*/o/*/2026-annual/consolidated.xml > provinces.txt
[ "$(wc -l < national.txt)" = 70 ] || fail "expected 70 national totals"
cmp national.txt provinces.txt || { diff national.txt provinces.txt; fail "national totals are not the provinces' sum"; }
# each province's node in the national consolidation is its own root
$FIG cons $NAT/consolidated.xml 92 > n92.txt
$FIG cons mk/p/92/o/cantho-ctxh-2026-2030/2026-annual/consolidated.xml > p92.txt
cmp n92.txt p92.txt || fail "Cần Thơ's national node is not its consolidation"

# associativity, end to end: every generated commune consolidated at once
rc=0; "$TONGHOP" -q -w mk/nation/ws -o o2 consolidate --year 2026 > /dev/null 2> err || rc=$?
[ $rc = 0 ] || { cat err; fail "consolidating every commune at once exited $rc"; }
$FIG cons o2/boyte-ctxh-2021-2030/2026-annual/consolidated.xml > once.txt
gen=$(ls -d mk/p/*/ | grep -v '/91/$' | grep -v '/92/$' | sed 's|$|o/*/2026-annual/consolidated.xml|')
# shellcheck disable=SC2086
$FIG sum $gen > gen.txt
cmp once.txt gen.txt || { diff once.txt gen.txt; fail "all communes at once differ from the sum of the provinces"; }
# and the national totals less Cần Thơ and An Giang
/usr/bin/python3 - national.txt n92.txt <($FIG cons $NAT/consolidated.xml 91) once.txt <<'PY' || fail "national - 91 - 92 != communes at once"
import sys
def load(p): return {k: int(v) for k, v in (l.split() for l in open(p))}
n, a, b, o = (load(p) for p in sys.argv[1:5])
bad = [k for k in n if n[k] - a[k] - b[k] != o[k]]
sys.exit(1 if bad or len(n) != 70 else 0)
PY

# Excel instead of XML: a province's upward.xlsx gives the same national totals
mkws bx
cp mk/submissions/*.xml bx/submissions/2026-annual/
rm bx/submissions/2026-annual/01.xml bx/submissions/2026-annual/92.xml
cp mk/p/01/o/dp01-ctxh-2026-2030/2026-annual/upward.xlsx bx/submissions/2026-annual/01.xlsx
cp mk/p/92/o/cantho-ctxh-2026-2030/2026-annual/upward.xlsx bx/submissions/2026-annual/92.xlsx
expect_exit 0 "$TONGHOP" -w bx -o o3 consolidate --year 2026
$FIG cons o3/boyte-ctxh-2021-2030/2026-annual/consolidated.xml > xlsx.txt
cmp national.txt xlsx.txt || { diff national.txt xlsx.txt; fail "the XLSX copies read back other numbers"; }

# same inputs, same bytes
expect_exit 0 "$TONGHOP" -w bw -o o4 run --year 2026 --no-archive
for f in consolidated.xml validation.xml report.pdf workbook.xlsx; do
  cmp $NAT/$f o4/boyte-ctxh-2021-2030/2026-annual/$f || fail "$f differs between two runs"
done

# the committed sample: 34 upward files, the national report
[ "$(ls "$ROOT"/input/boyte/submissions/2026-annual/*.xml | wc -l)" = 34 ] || fail "the sample has not 34 files"
expect_exit 0 "$TONGHOP" -w "$ROOT/input/boyte" -o o5 run --year 2026 --no-archive
expect_line out "34 tệp: 34 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
echo "t78-upward-boyte ok"
