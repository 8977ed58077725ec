#!/usr/bin/env bash
# bench/run.sh - `make bench`: tonghop against what users would otherwise use,
# on deterministic synthetic years; writes bench/results.md and prints it.
#
#   city year      ~1,200 submissions (half XML, half XLSX), 3 levels
#   national year  ~100,000 submissions (province -> 1,000 districts -> communes)
#
# For each: every stage alone (validate, consolidate, report, archive add) and
# `run` end to end, with wall time, CPU time (user + sys) and peak memory
# (max RSS); `xmllint --noout --schema` over the same XML files and
# openpyxl (read-only, every cell) over the same XLSX files, with the ratios.
# Targets are checked here and only here (never in a timed test).
#
# Environment: BENCH_DIR (scratch space; default /dev/shm when it has room,
# since generating 100,000 files on a disk that honours fsync takes minutes),
# BENCH_CITY (default 1187 communes), BENCH_NATIONAL (default 100000
# communes), BENCH_OPENPYXL_SAMPLE (national XLSX files read by openpyxl,
# default 4000: openpyxl needs ~8 ms a file), BENCH_ARCHIVE_ALONE=1 (also
# time `archive add` alone on the national year, ~4 min), BENCH_NIGHTLY (default 10000,
# 0 to skip bench/nightly.sh), TONGHOP (binary; default bin/tonghop).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tonghop=${TONGHOP:-$root/bin/tonghop}
export TONGHOP_HOME=$root
city_n=${BENCH_CITY:-1187}
nat_n=${BENCH_NATIONAL:-100000}
sample_n=${BENCH_OPENPYXL_SAMPLE:-4000}
nightly_n=${BENCH_NIGHTLY:-10000}
py=/usr/bin/python3
xsd=$root/schemas/submission.xsd
results=$root/bench/results.md

die() { echo "bench: $*" >&2; exit 2; }
[ -x "$tonghop" ] || die "build first ('make'): no $tonghop"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
command -v xmllint > /dev/null || die "xmllint is missing (apt-get install libxml2-utils)"
"$py" -c 'import openpyxl' 2> /dev/null || die "openpyxl is missing (apt-get install python3-openpyxl)"

if [ -z "${BENCH_DIR:-}" ]; then
  shm_free=$(df -Pk /dev/shm 2> /dev/null | awk 'NR == 2 { print $4 }')
  if [ -n "$shm_free" ] && [ "$shm_free" -gt $((3 * 1024 * 1024)) ]; then base=/dev/shm; else base=${TMPDIR:-/tmp}; fi
  BENCH_DIR=$(mktemp -d "$base/tonghop-bench.XXXXXX")
  trap 'rm -rf "$BENCH_DIR"' EXIT
fi
mkdir -p "$BENCH_DIR"
W=$BENCH_DIR
rows=$W/rows.tsv
: > "$rows"
started=$(date +%s)
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# measure SCALE WHAT FILES cmd...: one row of rows.tsv (wall, user+sys, max RSS)
measure() {
  local scale=$1 what=$2 files=$3; shift 3
  local rc=0
  /usr/bin/time -f '%e %U %S %M' -o "$W/time.out" "$@" > "$W/cmd.out" 2> "$W/cmd.err" || rc=$?
  if [ $rc -gt 1 ]; then
    echo "bench: '$*' exited $rc (kept in the table as failed):" >&2; tail -3 "$W/cmd.err" >&2
    what="$what — FAILED, exit $rc"
  fi
  read -r wall user sys rss < <(tail -1 "$W/time.out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$scale" "$what" "$files" "$wall" \
    "$(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')" "$rss" >> "$rows"
  printf '  %-34s %8s files  %7.2f s wall  %7.2f s CPU  %7.1f MB\n' "$what" "$files" "$wall" \
    "$(echo "$user $sys" | awk '{ print $1 + $2 }')" "$(echo "$rss" | awk '{ print $1 / 1024 }')" >&2
}

# get SCALE WHAT FIELD: a measured value (4 wall, 5 cpu, 6 rss KB)
get() { awk -F'\t' -v s="$1" -v w="$2" -v f="$3" '$1 == s && $2 == w { print $f }' "$rows"; }

cat > "$W/openpyxl_read.py" << 'EOF'
# Read every cell of every sheet of each XLSX file with openpyxl in
# read-only mode: what a Python script written instead of tonghop would do.
import sys
from openpyxl import load_workbook
cells = 0
for path in sys.argv[1:]:
    wb = load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    wb.close()
print(cells)
EOF

# bench_year SCALE N: generate, then time every stage, run, and the others
bench_year() {
  local scale=$1 n=$2 sample=$3
  local ws=$W/$scale
  echo "bench: $scale year: generating $n communes and their districts (--xlsx 50)" >&2
  rm -rf "$ws"
  measure "$scale" "gen (not a target)" - "$tonghop" -q -w "$root/input/cantho" gen --synthetic "$n" \
    --xlsx 50 --year 2026 --into "$ws"
  local sub=$ws/submissions/2026-annual
  local nfiles nxml nxlsx
  nfiles=$(find "$sub" -type f | wc -l)
  # the same files split by kind (hard links, nothing copied)
  mkdir -p "$W/$scale-xml" "$W/$scale-xlsx" "$W/$scale-sample"
  find "$sub" -name '*.xml' -print0 | sort -z | xargs -0 -r ln -t "$W/$scale-xml"
  find "$sub" -name '*.xlsx' -print0 | sort -z | xargs -0 -r ln -t "$W/$scale-xlsx"
  find "$W/$scale-xlsx" -name '*.xlsx' | sort | head -n "$sample" | xargs -r ln -t "$W/$scale-sample"
  nxml=$(ls "$W/$scale-xml" | wc -l); nxlsx=$(ls "$W/$scale-xlsx" | wc -l)
  local nsample; nsample=$(ls "$W/$scale-sample" | wc -l)
  echo "bench: $scale: $nfiles submissions ($nxml XML, $nxlsx XLSX)" >&2
  echo "$scale $nfiles $nxml $nxlsx $nsample" >> "$W/counts"

  local out=$W/$scale-out
  rm -rf "$out"
  measure "$scale" "validate" "$nfiles" "$tonghop" -q -w "$ws" -o "$out" validate --year 2026
  measure "$scale" "consolidate" "$nfiles" "$tonghop" -q -w "$ws" -o "$out" consolidate --year 2026
  measure "$scale" "report (PDF + workbook)" - "$tonghop" -q -w "$ws" -o "$out" report --year 2026
  # archive add alone at national scale takes ~4 min (it is also inside
  # `run`): measured alone only when BENCH_ARCHIVE_ALONE=1, to stay in 15 min
  if [ "$scale" = city ] || [ "${BENCH_ARCHIVE_ALONE:-0}" = 1 ]; then
    measure "$scale" "archive add" "$nfiles" "$tonghop" -q -w "$ws" -o "$out" archive add --year 2026
  fi
  rm -rf "$out"
  measure "$scale" "run (end to end)" "$nfiles" "$tonghop" -q -w "$ws" -o "$out" run --year 2026

  # XML: tonghop validate vs xmllint's schema validation of the same files
  measure "$scale" "tonghop validate, XML only" "$nxml" "$tonghop" -q -w "$ws" -o "$W/$scale-o2" \
    validate --year 2026 "$W/$scale-xml"
  measure "$scale" "xmllint --noout --schema" "$nxml" sh -c \
    "cd '$W/$scale-xml' && ls | xargs xmllint --noout --schema '$xsd' 2> '$W/xmllint.err'; grep -c ' validates\$' '$W/xmllint.err' > '$W/xmllint.ok'"
  [ "$(cat "$W/xmllint.ok")" = "$nxml" ] || die "xmllint did not validate every XML file ($(cat "$W/xmllint.ok")/$nxml)"
  # XLSX: tonghop validate vs openpyxl reading every cell of the same files
  measure "$scale" "tonghop validate, XLSX ($nsample)" "$nsample" "$tonghop" -q -w "$ws" -o "$W/$scale-o3" \
    validate --year 2026 "$W/$scale-sample"
  measure "$scale" "openpyxl read-only, every cell" "$nsample" sh -c \
    "cd '$W/$scale-sample' && ls | xargs '$py' '$W/openpyxl_read.py' > /dev/null"
  rm -rf "$W/$scale-o2" "$W/$scale-o3"
}

echo "bench: scratch space $W" >&2
bench_year city "$city_n" 1000000
bench_year national "$nat_n" "$sample_n"

# Memory against the number of submissions: the national registry again with
# 90% of the units not reporting. What stays is the hierarchy (one node per unit).
echo "bench: national registry, 10% of units reporting" >&2
ws10=$W/national10
measure national10 "gen (not a target)" - "$tonghop" -q -w "$root/input/cantho" gen --synthetic "$nat_n" \
  --xlsx 50 --missing 90 --year 2026 --into "$ws10"
n10=$(find "$ws10/submissions" -type f | wc -l)
measure national10 "run (end to end)" "$n10" "$tonghop" -q -w "$ws10" -o "$W/national10-out" run --year 2026
rm -rf "$ws10" "$W/national10-out"

nightly_txt=""
if [ "$nightly_n" -gt 0 ] && [ -x "$root/bench/nightly.sh" ]; then
  # the benchmark's year (half XLSX), then all XML: the cheapest files to
  # check, so the hardest case for the re-run's share
  for x in 50 0; do
    echo "bench: BENCH_XLSX=$x bench/nightly.sh $nightly_n" >&2
    out=$(BENCH_XLSX=$x TONGHOP=$tonghop TMPDIR=$W "$root/bench/nightly.sh" "$nightly_n" 2>&1) || out="bench/nightly.sh failed: $out"
    # the median share of CPU time, for the targets
    printf '%s\n' "$out" | sed -n 's/^re-run \/ full run: CPU time \([0-9.]*\)%.*/\1/p' > "$W/nightly-$x"
    nightly_txt="$nightly_txt${nightly_txt:+

}BENCH_XLSX=$x:
$out"
  done
fi
elapsed=$(( $(date +%s) - started ))

# ---- the table ----
model=$(lscpu 2> /dev/null | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); print $2; exit }')
mem=$(free -m | awk '/^Mem:/ { printf "%.1f GB", $2 / 1024 }')
fs=$(df -PT "$W" | awk 'NR == 2 { print $2 }')
{
  echo "# tonghop benchmarks"
  echo
  echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "- machine: $(nproc) CPUs ($model), $mem RAM, $(uname -sr), load average before the run: $load0"
  echo "- tonghop $("$tonghop" version | awk '{ print $2 }') (\`$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?')\`), $(xmllint --version 2>&1 | head -1), openpyxl $("$py" -c 'import openpyxl; print(openpyxl.__version__)'), Python $("$py" -c 'import platform; print(platform.python_version())')"
  echo "- data: \`tonghop gen --synthetic N --xlsx 50 --year 2026\` (Cần Thơ plan and rules), files on $fs; whole benchmark $((elapsed / 60)) min $((elapsed % 60)) s"
  echo "- worker threads: ${TONGHOP_JOBS:-$(nproc)} (TONGHOP_JOBS; validation reads and checks files on every core)"
  echo
  echo "| year | what | files | wall s | CPU s | peak MB |"
  echo "|---|---|---:|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %.2f | %.2f | %.1f |\n", $1, $2, $3, $4, $5, $6 / 1024 }' "$rows"
  echo
  echo "## Against the other tools (same files, wall time)"
  echo
  echo "| year | files | tonghop s | other s | other / tonghop |"
  echo "|---|---:|---:|---:|---:|"
  for s in city national; do
    a=$(get $s "tonghop validate, XML only" 4); b=$(get $s "xmllint --noout --schema" 4); f=$(get $s "xmllint --noout --schema" 3)
    echo "| $s: XML, tonghop validate vs xmllint --schema | $f | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f×", b / (a > 0 ? a : 0.001) }') |"
  done
  for s in city national; do
    w=$(awk -F'\t' -v s=$s '$1 == s && $2 ~ /^tonghop validate, XLSX/ { print $4 }' "$rows")
    b=$(get $s "openpyxl read-only, every cell" 4); f=$(get $s "openpyxl read-only, every cell" 3)
    echo "| $s: XLSX, tonghop validate vs openpyxl read-only | $f | $w | $b | $(awk -v a="$w" -v b="$b" 'BEGIN { printf "%.1f×", b / (a > 0 ? a : 0.001) }') |"
  done
  echo
  echo "## Targets"
  echo
  check() { if awk "BEGIN { exit !($2) }"; then echo "- [x] $1"; else echo "- [ ] $1 (NOT MET)"; fi; }
  cw=$(get city "run (end to end)" 4); nw=$(get national "run (end to end)" 4)
  nr=$(get national "run (end to end)" 6); nr10=$(get national10 "run (end to end)" 6)
  cx=$(get city "tonghop validate, XML only" 4); cl=$(get city "xmllint --noout --schema" 4)
  nx=$(get national "tonghop validate, XML only" 4); nl=$(get national "xmllint --noout --schema" 4)
  cs=$(awk -F'\t' '$1 == "city" && $2 ~ /^tonghop validate, XLSX/ { print $4 }' "$rows"); co=$(get city "openpyxl read-only, every cell" 4)
  ns=$(awk -F'\t' '$1 == "national" && $2 ~ /^tonghop validate, XLSX/ { print $4 }' "$rows"); no=$(get national "openpyxl read-only, every cell" 4)
  check "city year end to end under 2 s: $cw s" "$cw < 2"
  check "national year end to end under 60 s: $nw s" "$nw < 60"
  check "national peak memory under 256 MB: $(awk -v k="$nr" 'BEGIN { printf "%.1f", k / 1024 }') MB" "$nr < 262144"
  check "XML validation no slower than xmllint: city $cx s vs $cl s, national $nx s vs $nl s" "$cx <= $cl && $nx <= $nl"
  if [ -s "$W/nightly-50" ]; then
    n50=$(cat "$W/nightly-50"); n0=$(cat "$W/nightly-0" 2> /dev/null || echo "?")
    check "nightly re-run (1% of $nightly_n changed) under 10% of the full run: $n50% of its CPU time (all XML, the hardest case: $n0%)" "$n50 < 10"
  fi
  check "XLSX reading at least 20× openpyxl: city $(awk -v a="$cs" -v b="$co" 'BEGIN { printf "%.1f", b / a }')×, national $(awk -v a="$ns" -v b="$no" 'BEGIN { printf "%.1f", b / a }')×" "$co >= 20 * $cs && $no >= 20 * $ns"
  echo
  echo "Peak memory against the number of submissions, same national registry of"
  echo "$(awk '$1 == "national" { print $2 }' "$W/counts") units: $(awk -v k="$nr10" 'BEGIN { printf "%.1f", k / 1024 }') MB with $n10 submissions,"
  echo "$(awk -v k="$nr" 'BEGIN { printf "%.1f", k / 1024 }') MB with $(get national "run (end to end)" 3) submissions: submissions are read one at a time (two"
  echo "workers, at most 64 ahead); what stays is one node per unit of the hierarchy"
  echo "(subtree totals, indicators), the 70 values of each unit that reported and one"
  echo "validation entry per file: it is bounded by the units of the registry."
  if [ -n "$nightly_txt" ]; then
    echo
    echo "## Nightly (bench/nightly.sh $nightly_n)"
    echo
    echo '```'
    echo "$nightly_txt"
    echo '```'
  fi
} > "$W/results.md"
cp "$W/results.md" "$results"
cat "$results"
