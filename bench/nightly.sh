#!/usr/bin/env bash
# bench/nightly.sh - nightly on N synthetic submissions (default 10000):
# a full first run, then a re-run after changing 1% of the files.
# Prints both wall times and their ratio; the goal is a ratio under 10%.
# Usage: bench/nightly.sh [N]   (TONGHOP names the binary; default bin/tonghop)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
tonghop=${TONGHOP:-$root/bin/tonghop}
export TONGHOP_HOME=${TONGHOP_HOME:-$root}
[ -x "$tonghop" ] || { echo "bench/nightly.sh: build first ('make'): no $tonghop" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
# CPU seconds (user + sys) of the children so far: a second view when the machine is busy
hz=$(getconf CLK_TCK)
cpu() { awk -v hz="$hz" '{ printf "%.3f\n", ($16 + $17) / hz }' /proc/$$/stat; }

"$tonghop" -q -w "$root/input/cantho" gen --synthetic "$n" --year 2026 --into "$work/ws"
sub="$work/ws/submissions/2026-annual"
total=$(ls "$sub" | wc -l)

t0=$(now); c0=$(cpu)
"$tonghop" -q -w "$work/ws" -o "$work/out" nightly --year 2026 --now 2026-12-10T02:00:00 > /dev/null || [ $? -le 1 ]
t1=$(now); c1=$(cpu)

# change 1% of the files (a new preparer's name: a new hash, still valid)
changed=0
for f in $(ls "$sub" | awk 'NR % 100 == 1'); do
  sed -i 's|<preparedBy>[^<]*</preparedBy>|<preparedBy>Người nộp lại</preparedBy>|' "$sub/$f"
  changed=$((changed + 1))
done

t2=$(now); c2=$(cpu)
"$tonghop" -q -w "$work/ws" -o "$work/out" nightly --year 2026 --now 2026-12-11T02:00:00 > /dev/null || [ $? -le 1 ]
t3=$(now); c3=$(cpu)

validated=$(sqlite3 "$work/out"/*/nightly.sqlite 'select validated from runs order by id desc limit 1')
awk -v n="$total" -v c="$changed" -v v="$validated" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" \
    -v c0="$c0" -v c1="$c1" -v c2="$c2" -v c3="$c3" 'BEGIN {
  full = t1 - t0; re = t3 - t2; cfull = c1 - c0; cre = c3 - c2
  printf "nightly, %d submissions: full run %.2f s\n", n, full
  printf "nightly re-run, %d changed (%d revalidated): %.2f s\n", c, v, re
  printf "ratio: %.1f%% of the wall time (goal: under 10%%); CPU time %.2f s / %.2f s = %.1f%%\n",
         100 * re / full, cfull, cre, 100 * cre / cfull
}'
