# t804: archive add killed at every step (each object written, each
# committed, the catalog commit) leaves the catalog and the files
# consistent, and the next add completes. TONGHOP_TEST_KILL_AT=N makes the
# program SIGKILL itself at step N.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"
q() { sqlite3 "$A/catalog.sqlite" "$1"; }

archive_fixture 2
# a first version already archived, so a kill can also hit an archive in use
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
FAKE_SALT=" v2" "$T/fake_run" -w ws -o output run --year 2026
echo '<!-- a later, larger workbook -->' >> $PD/workbook.xlsx
cp -a $A base

n=0
while :; do
  n=$((n + 1))
  [ $n -le 60 ] || fail "add never completed"
  rm -rf $A; cp -a base $A
  # (an inner shell, so the "Killed" notice goes to err)
  rc=0; TONGHOP_TEST_KILL_AT=$n bash -c '"$0" -q -w ws -o output archive add --year 2026; exit $?' \
    "$TONGHOP" > out 2> err || rc=$?
  [ $rc = 0 ] && break
  [ $rc = 137 ] || { cat err; fail "step $n: exit $rc, expected a kill (137)"; }
  # consistent: the catalog is whole, every row's file is there and intact
  [ "$(q 'PRAGMA integrity_check')" = ok ] || fail "step $n: catalog damaged"
  expect_exit 0 "$TONGHOP" -o output archive verify
  v=$(q "SELECT COUNT(*) FROM documents")
  [ "$v" = 2 ] || [ "$v" = 4 ] || fail "step $n: $v documents (half a transaction)"
  [ "$(q "SELECT COUNT(*) FROM inputs")" = $((v * 7)) ] || fail "step $n: inputs without their document"
  # the next add completes and leaves no temp file behind
  expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
  expect_exit 0 "$TONGHOP" -o output archive verify
  expect_line out "11 files verified ($(cat $A/objects/*/* | wc -c) bytes): 11 intact, 0 changed, 0 missing"
  [ "$(q "SELECT kind || ' ' || version FROM documents ORDER BY id" | tr '\n' ,)" = \
    "report-pdf 1,workbook-xlsx 1,report-pdf 2,workbook-xlsx 2," ] || fail "step $n: versions $(q 'SELECT * FROM documents')"
  ! ls $A/objects/*/* | grep -q '\.tmp\.' || fail "step $n: temp file left"
  grep -q 'BC-SYT-15-2026-nam-v2.pdf' $A/index.html || fail "step $n: index not rewritten"
done
# 7 inputs already there, 2 new objects each written then renamed, the
# catalog before and after its commit: 13 steps
[ $n = 14 ] || fail "only $((n - 1)) kill points"
echo "killed at each of $((n - 1)) steps"
