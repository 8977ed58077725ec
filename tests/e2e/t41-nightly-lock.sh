#!/usr/bin/env bash
# nightly under a scheduler: a held lock gives exit 4 with the holder's pid,
# --wait outlasts a short holder, and two runs started together leave the
# record consistent.
source "${TESTS_DIR:?}/e2e/lib.sh" || exit 1

copy_ws cantho
rm -rf ws/submissions
S=ws/submissions/2026-annual
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --into "$S"
N=$(ls "$S" | wc -l)
P=res/cantho-ctxh-2026-2030
mkdir -p "$P"

# another process holds the lock (and wrote its pid, as nightly does)
(
  exec 9> "$P/nightly.lock"
  flock 9
  echo 4242 >&9
  touch held
  while [ ! -e release ]; do sleep 0.1; done
) &
holder=$!
while [ ! -e held ]; do sleep 0.1; done
expect_exit 4 "$TONGHOP" -w ws -o res nightly --year 2026 --now 2026-12-10T02:00:00
expect_grep "$T/err" "another nightly run holds the lock (pid 4242)"
expect_exit 4 "$TONGHOP" -w ws -o res nightly --year 2026 --now 2026-12-10T02:00:00 --wait 1
[ ! -e "$P/nightly.sqlite" ] || [ "$(sqlite3 "$P/nightly.sqlite" 'select count(*) from submissions')" = 0 ] ||
  fail "a run that did not get the lock wrote to the record"
# released while a run waits: that run goes ahead
( sleep 1; touch release ) &
expect_exit 0 "$TONGHOP" -w ws -o res nightly --year 2026 --now 2026-12-10T02:00:00 --wait 60
wait "$holder"

# two runs started together, on a fresh output directory
rm -rf res
for i in 1 2; do
  ( rc=0; "$TONGHOP" -w ws -o res nightly --year 2026 --now 2026-12-11T02:00:00 --wait 120 \
      > "out$i" 2> "err$i" || rc=$?; echo "$rc" > "rc$i" ) &
done
wait
[ "$(cat rc1) $(cat rc2)" = "0 0" ] || { cat err1 err2; fail "concurrent runs exited $(cat rc1) and $(cat rc2)"; }
q() { sqlite3 "$P/nightly.sqlite" "$1"; }
[ "$(q 'pragma integrity_check')" = ok ] || fail "record integrity"
[ "$(q 'select count(*) from submissions')" = "$N" ] || fail "record has $(q 'select count(*) from submissions') rows, expected $N"
[ "$(q 'select count(distinct file) from submissions where current = 1')" = "$N" ] || fail "duplicate current rows"
[ "$(q 'select group_concat(validated, " ") from (select validated from runs order by validated)')" = "0 $N" ] ||
  fail "runs validated $(q 'select group_concat(validated) from runs'), expected one full run and one with nothing new"
cat err1 err2 > err
expect_grep err "nothing changed since last run"
xmllint --noout "$P/2026-annual/validation-nightly.xml" || fail "validation-nightly.xml is not well-formed"
echo "t41 ok"
