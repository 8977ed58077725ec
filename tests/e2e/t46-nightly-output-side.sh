#!/usr/bin/env bash
# nightly's output side (issue 15, class 3): a nightly.lock planted as a link
# (to a file, or dangling) or as a FIFO is refused with exit 3 and its target
# left whole; the temp files of a nightly killed before its renames are
# removed by the next nightly, which touches no other file.
source "${TESTS_DIR:?}/e2e/lib.sh" || exit 1

copy_ws cantho
rm -rf ws/submissions
S=ws/submissions/2026-annual
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026 --into "$S"
P=res/cantho-ctxh-2026-2030
D=$P/2026-annual
mkdir -p "$D"
NOW=--now=2026-12-10T02:00:00

# a link at nightly.lock: refused, its target neither truncated nor written
printf 'precious\n' > precious
ln -s "$T/precious" "$P/nightly.lock"
expect_exit 3 "$TONGHOP" -w ws -o res nightly --year 2026 $NOW
expect_grep "$T/err" "cannot lock '$P/nightly.lock'"
[ "$(cat precious)" = precious ] || fail "nightly.lock's link target was changed: $(cat precious)"
[ ! -e "$P/nightly.sqlite" ] || fail "a run without the lock wrote the record"
rm "$P/nightly.lock"
ln -s "$T/nowhere" "$P/nightly.lock"
expect_exit 3 "$TONGHOP" -w ws -o res nightly --year 2026 $NOW
[ ! -e nowhere ] || fail "a dangling nightly.lock link was followed and created its target"
rm "$P/nightly.lock"
mkfifo "$P/nightly.lock"
expect_exit 3 "$TONGHOP" -w ws -o res nightly --year 2026 $NOW
rm "$P/nightly.lock"

# killed after each output is complete, before its rename: the temps stay ...
for f in validation-nightly.xml overview.xlsx; do
  (TONGHOP_TEST_KILL_AT=commit:$f "$TONGHOP" -q -w ws -o res nightly --year 2026 $NOW \
     > /dev/null 2>&1) 2> /dev/null && fail "the kill at $f did not happen"
  ls "$D" | grep -q "^$f\.tmp\.[0-9]*-[0-9a-f]*$" || { ls -la "$D"; fail "no temp of $f after the kill"; }
done
# ... and files of the same look that are not ours stay too
touch "$D/overview.xlsx.tmp.notes" "$D/my.tmp.txt"
expect_exit 0 "$TONGHOP" -w ws -o res nightly --year 2026 $NOW
expect_grep "$T/err" "left by an interrupted run"
left=$(ls "$D" | grep '\.tmp\.[0-9]' || true)
[ -z "$left" ] || fail "temps of the killed nightly survived: $left"
[ -e "$D/overview.xlsx.tmp.notes" ] && [ -e "$D/my.tmp.txt" ] || fail "the sweep removed a file it did not make"
/usr/bin/python3 - "$D/overview.xlsx" <<'PY' || fail "overview.xlsx after the killed runs does not open"
import sys, openpyxl
openpyxl.load_workbook(sys.argv[1])
PY
echo ok
