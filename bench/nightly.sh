#!/usr/bin/env bash
# bench/nightly.sh - nightly on N synthetic submissions (default 10000):
# a full first run, then a re-run after changing 1% of the files, R times
# (default 3). Prints wall and CPU (user + sys) times of both runs and their
# ratios; the goal is a re-run under 10% of the full run. CPU time is the
# primary ratio: the wall time also measures whatever else the machine runs.
# The year is the rest of the benchmark's: BENCH_XLSX percent of the files
# (default 50) are filled XLSX forms, the way units send back the forms
# `tonghop forms` gave them. XML files are the cheapest to check, so
# BENCH_XLSX=0 is the hardest case for the ratio. A changed file is a
# resubmission: XML with another preparer, XLSX saved again.
# Usage: bench/nightly.sh [N [R]]   (TONGHOP names the binary; default bin/tonghop)
# BENCH_DIR: where the workspace goes (default /dev/shm, else TMPDIR);
# BENCH_YEAR=2027: the second plan year, where checking a file needs last
# year's values (N files of 2026 too).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
reps=${2:-3}
tonghop=${TONGHOP:-$root/bin/tonghop}
export TONGHOP_HOME=${TONGHOP_HOME:-$root}
[ -x "$tonghop" ] || { echo "bench/nightly.sh: build first ('make'): no $tonghop" >&2; exit 2; }
bench_dir=${BENCH_DIR:-/dev/shm}
[ -d "$bench_dir" ] && [ -w "$bench_dir" ] || bench_dir=${TMPDIR:-/tmp}
work=$(mktemp -d "$bench_dir/tonghop-nightly.XXXXXX")
trap 'rm -rf "$work"' EXIT
year=${BENCH_YEAR:-2026}
xlsx=${BENCH_XLSX:-50}
# run a command: prints its wall and CPU (user + sys) seconds, to the
# microsecond (the shell's own counters tick at 10 ms), and its exit code
timed() {
  /usr/bin/python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.4f %.4f %d" % (time.monotonic() - t, u.ru_utime + u.ru_stime, rc))' "$@"
}

"$tonghop" -q -w "$root/input/cantho" gen --synthetic "$n" --xlsx "$xlsx" --year 2026 --into "$work/ws"
[ "$year" = 2026 ] || "$tonghop" -q -w "$work/ws" gen --year "$year"
sub="$work/ws/submissions/$year-annual"
total=$(ls "$sub" | wc -l)
# Files arrive during the day, not in the 2 seconds before the run: nightly
# re-reads files changed that close to its start on the next run anyway.
sleep 3

results=$work/results
: > "$results"
for rep in $(seq 1 "$reps"); do
  rm -rf "$work/out"
  read -r full cfull rc < <(timed "$tonghop" -q -w "$work/ws" -o "$work/out" nightly --year "$year" --now "$year-12-10T02:00:00")
  [ "$rc" -le 1 ] || { echo "bench/nightly.sh: the full run exited $rc" >&2; exit 3; }

  # change 1% of the files: resubmissions, still valid, with new bytes
  changed=0
  for f in $(ls "$sub" | awk 'NR % 100 == 1'); do
    case $f in
    *.xml) sed -i "s|<preparedBy>[^<]*</preparedBy>|<preparedBy>Người nộp lại $rep</preparedBy>|" "$sub/$f" ;;
    *.xlsx) /usr/bin/python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z: z.comment = sys.argv[2].encode()' "$sub/$f" "saved again $rep" ;;
    esac
    changed=$((changed + 1))
  done

  read -r re cre rc < <(timed "$tonghop" -q -w "$work/ws" -o "$work/out" nightly --year "$year" --now "$year-12-11T02:00:00")
  [ "$rc" -le 1 ] || { echo "bench/nightly.sh: the re-run exited $rc" >&2; exit 3; }

  validated=$(sqlite3 "$work/out"/*/nightly.sqlite 'select validated from runs order by id desc limit 1')
  prev=$(sqlite3 "$work/out"/*/nightly.sqlite 'select coalesce(prev_read, 0) from runs order by id desc limit 1')
  awk -v rep="$rep" -v c="$changed" -v v="$validated" -v pr="$prev" -v full="$full" -v re="$re" \
      -v cfull="$cfull" -v cre="$cre" 'BEGIN {
    printf "run %d: full %.2f s wall, %.2f s CPU; re-run (%d changed, %d revalidated, %d of last year read) " \
           "%.3f s wall, %.3f s CPU: %.1f%% CPU, %.1f%% wall\n", rep, full, cfull, c, v, pr, re, cre,
           100 * cre / cfull, 100 * re / full
  }' | tee -a "$results"
  sleep 3 # the changed files, too, are older than 2 s at the next full run
done
echo "nightly $year, $total submissions ($xlsx% XLSX), $reps repetitions, in $bench_dir, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(goal: re-run under 10% of the full run):"
# median, lowest and highest of column $1 (counted from the end) of the results
stats() { awk -v k="$1" '{ print $(NF - k) + 0 }' "$results" | sort -n |
          awk '{ v[NR] = $1 } END { printf "%.1f%% (median; %.1f%%-%.1f%%)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
echo "re-run / full run: CPU time $(stats 3), wall time $(stats 1)"
