# t802: a report regenerated for the same period is a new version and the
# earlier one stays; a partial output is archived with a warning; inputs
# changed since consolidation are refused.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"
q() { sqlite3 -separator '|' "$A/catalog.sqlite" "$1"; }

archive_fixture 3
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
cp $PD/report.pdf v1.pdf

# the report is regenerated with other bytes: version 2; the workbook is unchanged
FAKE_SALT=" corrected" "$T/fake_run" -w ws -o output run --year 2026
cp $PD/report.pdf v2.pdf
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026 --period annual
expect_line out "BC-SYT-15-2026-nam-v2.pdf: archived as version 2 (sha256 $(sha v2.pdf), 8 inputs)"
expect_line out "BC-SYT-15-2026-nam.xlsx: already archived as version 1"
[ "$(q "SELECT kind, version, name FROM documents ORDER BY id" | tr '\n' ' ')" = \
  "report-pdf|1|BC-SYT-15-2026-nam.pdf workbook-xlsx|1|BC-SYT-15-2026-nam.xlsx report-pdf|2|BC-SYT-15-2026-nam-v2.pdf " ] ||
  fail "versions: $(q "SELECT * FROM documents")"

expect_exit 0 "$TONGHOP" -o output archive list --kind pdf
expect_grep out "v2   report-pdf"
expect_grep out "v1   report-pdf"
expect_exit 0 "$TONGHOP" -o output archive get --year 2026 --out latest.pdf
cmp latest.pdf v2.pdf || fail "get does not return the latest version"
expect_exit 0 "$TONGHOP" -o output archive get --year 2026 --version 1 --out first.pdf
cmp first.pdf v1.pdf || fail "get --version 1"
# back to the first bytes: already archived, no version 3
cp v1.pdf $PD/report.pdf
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_line out "BC-SYT-15-2026-nam.pdf: already archived as version 1"
[ "$(q "SELECT MAX(version) FROM documents")" = 2 ] || fail "a third version appeared"
expect_exit 0 "$TONGHOP" -o output archive verify

# only the workbook: archived, with a warning naming what is missing
rm $PD/report.pdf
FAKE_SALT=x "$T/fake_run" -w ws -o output run --year 2026 && rm $PD/report.pdf
printf 'PK another workbook\n' > $PD/workbook.xlsx
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "no '$PD/report.pdf' to archive (run 'tonghop report')"
expect_line out "BC-SYT-15-2026-nam-v2.xlsx: archived as version 2 (sha256 $(sha $PD/workbook.xlsx), 8 inputs)"

# neither: the consolidated data itself is the document
rm $PD/workbook.xlsx
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "archiving the consolidated data '$PD/consolidated.xml' as the document"
expect_line out "BC-SYT-15-2026-nam-du-lieu.xml: archived as version 1 (sha256 $(sha $PD/consolidated.xml), 8 inputs)"

# a submission edited after consolidation: refused, nothing added
"$T/fake_run" -w ws -o output run --year 2026
rows=$(q "SELECT COUNT(*) FROM documents")
echo '<!-- edited -->' >> ws/submissions/2026-annual/31135.xml
expect_exit 2 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'ws/submissions/2026-annual/31135.xml' has changed since it was consolidated"
[ "$(q "SELECT COUNT(*) FROM documents")" = "$rows" ] || fail "rows added from changed inputs"
# a submission removed after consolidation
rm ws/submissions/2026-annual/31135.xml
expect_exit 2 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'ws/submissions/2026-annual/31135.xml' named in"
expect_grep err "is gone: the inputs changed since consolidation"

# a consolidated.xml of another period is refused
sed -i 's/year="2026"/year="2027"/' $PD/consolidated.xml
expect_exit 2 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "is for plan '$PLAN' 2027 annual, not '$PLAN' 2026 annual"
expect_exit 0 "$TONGHOP" -o output archive verify

# one add at a time: while another holds the archive's lock, exit 4
archive_fixture 2
mkdir -p $A
expect_exit 4 flock "$A/.lock" "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "another 'tonghop archive add' is writing to 'output/archive'"
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
