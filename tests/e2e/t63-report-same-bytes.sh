# The report and workbook made by `run` (from the consolidation in memory)
# and by `consolidate` then `report` (from consolidated.xml) are the same
# bytes: an archived report can be regenerated either way.
source "$TESTS_DIR/e2e/lib.sh"
expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/cantho" -o "$T/a" run --year 2026 --no-archive
expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/cantho" -o "$T/b" consolidate --year 2026
expect_exit 0 "$TONGHOP" -q -w "$ROOT/input/cantho" -o "$T/b" report --year 2026
for f in report.pdf workbook.xlsx consolidated.xml validation.xml; do
  cmp "$T/a/cantho-ctxh-2026-2030/2026-annual/$f" "$T/b/cantho-ctxh-2026-2030/2026-annual/$f" ||
    fail "$f differs between run and consolidate + report"
done
echo ok
