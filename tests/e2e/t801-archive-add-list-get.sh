# t801: archive add stores the report, workbook and their inputs; list finds
# them by year, period, unit, number and title words; get hands out the
# exact bytes; a second add of the same bytes adds nothing.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"

# before anything is archived
expect_exit 2 "$TONGHOP" -o output archive list
expect_grep err "no archive in 'output/archive'"
expect_exit 2 "$TONGHOP" -w "$ROOT/input/cantho" -o output archive add --year 2026
expect_grep err "nothing to archive: no 'output/$PLAN/2026-annual/consolidated.xml'"
expect_exit 2 "$TONGHOP" -o output archive frobnicate
expect_exit 0 "$TONGHOP" archive --help
expect_grep out "archive verify"

archive_fixture 3
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_line out "BC-SYT-15-2026-nam.pdf: archived as version 1 (sha256 $(sha $PD/report.pdf), 8 inputs)"
expect_line out "BC-SYT-15-2026-nam.xlsx: archived as version 1 (sha256 $(sha $PD/workbook.xlsx), 8 inputs)"

# the catalog, read with the sqlite3 shell as an archivist would
q() { sqlite3 -separator '|' "$A/catalog.sqlite" "$1"; }
[ "$(q "SELECT year, period, plan, number, doc_number, version, created, size, sha256, tonghop_version, issuing_body
        FROM documents WHERE kind = 'report-pdf'")" = \
  "2026|annual|$PLAN|15|15/BC-SYT|1|2026-12-28|$(stat -c %s $PD/report.pdf)|$(sha $PD/report.pdf)|tonghop stand-in|SỞ Y TẾ" ] ||
  fail "catalog row: $(q "SELECT * FROM documents")"
[ "$(q "SELECT COUNT(*) FROM inputs i JOIN documents d ON d.id = i.document WHERE d.kind = 'report-pdf'")" = 8 ] ||
  fail "inputs: $(q "SELECT * FROM inputs")"
[ "$(q "SELECT sha256 FROM inputs WHERE path = 'submissions/2026-annual/31135.xml' LIMIT 1")" = \
  "$(sha ws/submissions/2026-annual/31135.xml)" ] || fail "submission hash not recorded"
[ "$(q "SELECT role FROM inputs WHERE document = 1 ORDER BY role, path" | tr '\n' ' ')" = \
  "consolidated plan registry rules submission submission submission validation " ] || fail "input roles"

# objects: read-only, content-addressed
obj=$A/$(q "SELECT object FROM documents WHERE kind = 'report-pdf'")
[ "$(stat -c %a "$obj")" = 444 ] || fail "$obj is not read-only"
[ "$(sha "$obj")" = "$(sha $PD/report.pdf)" ] || fail "object bytes"
case $obj in */objects/??/$(sha $PD/report.pdf).pdf) ;; *) fail "object name $obj" ;; esac

# the same bytes again: no new version
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_line out "BC-SYT-15-2026-nam.pdf: already archived as version 1"
[ "$(q "SELECT COUNT(*) FROM documents")" = 2 ] || fail "a second add added rows"

# list and its filters
expect_exit 0 "$TONGHOP" -o output archive list --year 2026
expect_grep out "2026  annual  15/BC-SYT     v1   report-pdf        2026-12-28"
expect_grep out "BC-SYT-15-2026-nam.pdf"
expect_grep out "BC-SYT-15-2026-nam.xlsx"
for filter in "--period annual" "--unit SYT" "--unit 31135" "--number 15" "--number 15/bc-syt" \
              "--title cong-tac" "--title Cần" "--title THO" "--kind pdf" "--sha256 $(sha $PD/report.pdf | cut -c1-8)"; do
  expect_exit 0 "$TONGHOP" -o output archive list $filter
  expect_grep out "BC-SYT-15-2026-nam.pdf"
done
for filter in "--year 2027" "--period h1" "--unit 31999" "--number 9" "--number 15/BC-SLĐTBXH" \
              "--title kiengiang" "--version 2"; do
  expect_exit 0 "$TONGHOP" -o output archive list $filter
  expect_no_grep out "BC-SYT"
done
expect_exit 0 "$TONGHOP" -o output archive list --title "thành phố CẦN THƠ xa hoi"
expect_grep out "BC-SYT-15-2026-nam.pdf"
expect_exit 0 "$TONGHOP" -o output archive list --title "Cần Thơ Kiên Giang"
expect_no_grep out "BC-SYT"
expect_exit 0 "$TONGHOP" -o output archive list --kind xlsx
expect_no_grep out ".pdf"
expect_exit 0 "$TONGHOP" archive --archive output/archive list -v --kind pdf
expect_grep out "submissions/2026-annual/31135.xml (31135, accepted)"
expect_grep out "title:    Kế hoạch thực hiện Chương trình phát triển công tác xã hội"

# get: the exact bytes, under the human name, or the path
mkdir got && cd got
expect_exit 0 "$TONGHOP" -o ../output archive get --year 2026
expect_line "$T/out" "BC-SYT-15-2026-nam.pdf"
cmp BC-SYT-15-2026-nam.pdf "$T/$PD/report.pdf" || fail "get returned other bytes"
cd "$T"
expect_exit 0 "$TONGHOP" -o output archive get --year 2026 --kind xlsx --out got/BC-SYT-15-2026-nam.xlsx
cmp got/BC-SYT-15-2026-nam.xlsx $PD/workbook.xlsx || fail "get xlsx"
expect_exit 0 "$TONGHOP" -o output archive get --year 2026 --out copy.pdf
cmp copy.pdf $PD/report.pdf || fail "get --out FILE"
expect_exit 0 "$TONGHOP" -o output archive get --number 15 --path
expect_line out "$obj"
expect_exit 2 "$TONGHOP" -o output archive get --year 2027
expect_grep err "no archived document matches"
expect_exit 2 "$TONGHOP" -o output archive get --year 2026 stray
expect_grep err "unexpected argument 'stray'"
# a bad value points at the archive command's own help
expect_exit 2 "$TONGHOP" -o output archive list --version -1
expect_grep err "see 'tonghop archive list --help'"
expect_no_grep err "see 'tonghop list --help'"

expect_exit 0 "$TONGHOP" -o output archive verify
expect_line out "10 files verified ($(cat $A/objects/*/* | wc -c) bytes): 10 intact, 0 changed, 0 missing"
