# t94: `tonghop run` killed with SIGKILL in the middle, then run again: the
# outputs are byte-identical to an uninterrupted run and no temp file is left.
# The kill is deterministic: TONGHOP_TEST_KILL_AT=commit:<file> makes the
# process SIGKILL itself once that output's temp file is complete but not yet
# renamed (the worst moment: a whole-looking file beside the real name).
# The archive's own crash safety is tested in t804; here the archive must
# hold the same documents (same objects, same SHA256SUMS) after the re-run.
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
PD=cantho-ctxh-2026-2030/2026-annual
rc=0; "$TONGHOP" -q -w ws -o ref run --year 2026 > /dev/null 2>&1 || rc=$?
[ $rc -le 1 ] || fail "reference run exited $rc"
ref_rc=$rc
killed=0
for point in validation.xml consolidated.xml report.pdf workbook.xlsx; do
  o=out-$point
  rc=$( (TONGHOP_TEST_KILL_AT=commit:$point "$TONGHOP" -q -w ws -o $o run --year 2026 > /dev/null 2>&1; echo $?) 2> /dev/null)
  if [ ! -e ref/$PD/$point ]; then
    echo "skipped: $point is not written by this build"; continue
  fi
  [ $rc = 137 ] || fail "kill at $point: exit $rc, expected 137 (SIGKILL)"
  killed=$((killed + 1))
  [ ! -e $o/$PD/$point ] || fail "$point exists after a kill before its rename"
  [ -n "$(find $o -name "$point.tmp.*")" ] || fail "kill at $point left no temp file (was the kill point reached?)"
  rc=0; "$TONGHOP" -w ws -o $o run --year 2026 > out 2> err || rc=$?
  [ $rc = $ref_rc ] || { cat err; fail "re-run after kill at $point: exit $rc, expected $ref_rc"; }
  expect_grep err "removed '$o/$PD/$point.tmp."
  [ -z "$(find $o -name '*.tmp.*')" ] || fail "temp files left after the re-run: $(find $o -name '*.tmp.*')"
  for f in ref/$PD/*; do
    cmp "$f" "$o/$PD/$(basename "$f")" || fail "$(basename "$f") differs after kill at $point and re-run"
  done
  [ "$(ls $o/$PD)" = "$(ls ref/$PD)" ] || fail "other files after kill at $point: $(ls $o/$PD)"
  if [ -d ref/archive ]; then
    cmp ref/archive/SHA256SUMS $o/archive/SHA256SUMS || fail "archive SHA256SUMS differs after kill at $point"
    [ "$(cd ref/archive && find objects -type f | sort)" = "$(cd $o/archive && find objects -type f | sort)" ] \
      || fail "archive objects differ after kill at $point"
  fi
done
[ $killed -ge 3 ] || fail "only $killed kill points reached"
echo "$killed kill points: outputs identical after re-run"

# a kill between libxlsxwriter's creating its scratch file in the output's
# directory and unlinking it (the workbook is written beside the PDF, so a
# kill at report.pdf can land there) leaves "tmp.XXXXXXXXXX" by name: the
# re-run removes it, and nothing else of that shape-but-not-quite
o=out-report.pdf
: > $o/$PD/tmp.4vCv77DFe3
: > $o/$PD/tmp.notours
rc=0; "$TONGHOP" -w ws -o $o run --year 2026 > out 2> err || rc=$?
[ $rc = $ref_rc ] || { cat err; fail "re-run over a libxlsxwriter scratch file: exit $rc"; }
expect_grep err "removed '$o/$PD/tmp.4vCv77DFe3', left by an interrupted run"
[ ! -e $o/$PD/tmp.4vCv77DFe3 ] || fail "libxlsxwriter's scratch file left after the re-run"
[ -e $o/$PD/tmp.notours ] || fail "a file of another shape was removed"
