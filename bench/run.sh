#!/usr/bin/env bash
# bench/run.sh - `make bench`: every row of issue 17's table side by side in
# one run, with its ratio and its goal, and a scaling table; writes
# bench/results.md (bench/table.py) and prints the tables.
#
#   city year      ~1,200 submissions (half XML, half XLSX), 3 levels
#   scaling years  BENCH_SIZES communes (default 10000 30000 100000 200000)
#                  under 1 province and 1 district per 100 communes; the
#                  national year is the one of BENCH_NATIONAL (default 100000)
#                  communes: ~101,000 submissions
#
# Every year is generated once (two at a time: gen is one thread and its time
# is no target), then measured alone, one command at a time: `run` end to end
# for every year; on the city and the national year also validate,
# consolidate and report alone, tonghop validate against `xmllint --noout
# --schema` on the same XML files and against openpyxl (read-only, every
# cell) on the same XLSX files; the national registry again with 10 % of its
# units reporting (what a unit costs that does not report). Wall time, CPU
# time (user + sys) and peak RSS (max RSS) of each command, from
# /usr/bin/time. Goals are checked here and only here (never in a timed test).
#
# Environment: BENCH_QUICK=1 (a small proof run: sizes 1000 3000, city 300,
# 200 openpyxl files, nightly 1000; ~1 min), BENCH_SIZES, BENCH_NATIONAL,
# BENCH_CITY (default 1187 communes), BENCH_OPENPYXL_SAMPLE (national XLSX
# files read by openpyxl, default 4000: openpyxl needs ~8 ms a file),
# BENCH_STAGES=0 (no stage alone), BENCH_ARCHIVE_ALONE=1 (also `archive add`
# alone on the national year, minutes), BENCH_NIGHTLY (default 10000, 0 to
# skip bench/nightly.sh), BENCH_DIR (scratch space; default /dev/shm when it
# has room), TONGHOP (binary; default bin/tonghop), BENCH_RESULTS (where the
# Markdown goes; default bench/results.md).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tonghop=${TONGHOP:-$root/bin/tonghop}
export TONGHOP_HOME=$root
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  q_sizes="1000 3000" q_nat=3000 q_city=300 q_sample=200 q_nightly=1000
else
  q_sizes="10000 30000 100000 200000" q_nat=100000 q_city=1187 q_sample=4000 q_nightly=10000
fi
sizes=${BENCH_SIZES:-$q_sizes}
nat_n=${BENCH_NATIONAL:-$q_nat}
city_n=${BENCH_CITY:-$q_city}
sample_n=${BENCH_OPENPYXL_SAMPLE:-$q_sample}
nightly_n=${BENCH_NIGHTLY:-$q_nightly}
stages=${BENCH_STAGES:-1}
py=/usr/bin/python3
xsd=$root/schemas/submission.xsd
results=${BENCH_RESULTS:-$root/bench/results.md}
# the national year is one of the scaling years
case " $sizes " in *" $nat_n "*) ;; *) sizes="$sizes $nat_n" ;; esac
sizes=$(printf '%s\n' $sizes | sort -n | uniq | tr '\n' ' ')
sizes=${sizes% }

die() { echo "bench: $*" >&2; exit 2; }
[ -x "$tonghop" ] || die "build first ('make'): no $tonghop"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
command -v xmllint > /dev/null || die "xmllint is missing (apt-get install libxml2-utils)"
"$py" -c 'import openpyxl' 2> /dev/null || die "openpyxl is missing (apt-get install python3-openpyxl)"

if [ -z "${BENCH_DIR:-}" ]; then
  need=$(( $(printf '%s\n' $sizes | awk '{ s += $1 } END { print s }') * 9 + 1024 * 1024 )) # KB: ~8 KB a file
  shm_free=$(df -Pk /dev/shm 2> /dev/null | awk 'NR == 2 { print $4 }')
  if [ -n "$shm_free" ] && [ "$shm_free" -gt "$need" ]; then base=/dev/shm; else base=${TMPDIR:-/tmp}; fi
  BENCH_DIR=$(mktemp -d "$base/tonghop-bench.XXXXXX")
  trap 'rm -rf "$BENCH_DIR"' EXIT
fi
mkdir -p "$BENCH_DIR"
W=$BENCH_DIR
rows=$W/rows.tsv meta=$W/meta.tsv
: > "$rows"; : > "$meta"; rm -f "$W/nightly.txt"
started=$(date +%s)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
put() { printf '%s\t%s\n' "$1" "$2" >> "$meta"; }

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
  printf '  %-9s %-22s %8s files  %7.2f s wall  %7.2f s CPU  %7.1f MB\n' "$scale" "$what" "$files" "$wall" \
    "$(echo "$user $sys" | awk '{ print $1 + $2 }')" "$(echo "$rss" | awk '{ print $1 / 1024 }')" >&2
}

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

# ---- generate every year once, two at a time (largest first) ----
# gen SCALE COMMUNES [MISSING%]
gen() {
  "$tonghop" -q -w "$root/input/cantho" gen --synthetic "$2" --xlsx 50 --missing "${3:-0}" --year 2026 \
    --into "$W/$1" > "$W/gen-$1.log" 2>&1 || { echo "bench: gen $1 failed: $(tail -2 "$W/gen-$1.log")" >&2; return 1; }
}
echo "bench: scratch space $W; generating: city $city_n, scaling $sizes, national $nat_n with 90 % not reporting" >&2
gen0=$(date +%s)
jobs_list="n$nat_n-10:$nat_n:90 city:$city_n:0"
for n in $sizes; do jobs_list="n$n:$n:0 $jobs_list"; done
running=0 genfail=0
for j in $(printf '%s\n' $jobs_list | sort -t: -k2,2nr); do
  IFS=: read -r s n m <<< "$j"
  gen "$s" "$n" "$m" &
  running=$((running + 1))
  if [ $running -ge 2 ]; then wait -n || genfail=1; running=$((running - 1)); fi
done
while [ $running -gt 0 ]; do wait -n || genfail=1; running=$((running - 1)); done
[ $genfail = 0 ] || die "generating the years failed"
put gen.elapsed $(( $(date +%s) - gen0 ))
echo "bench: generated in $(( $(date +%s) - gen0 )) s" >&2

# counts SCALE: units of the registry, submissions, XML, XLSX
counts() {
  local ws=$W/$1 sub=$W/$1/submissions/2026-annual
  put "units.$1" "$(grep -c '<unit ' "$ws/registry.xml")"
  put "subs.$1" "$(find "$sub" -type f | wc -l)"
  put "xml.$1" "$(find "$sub" -name '*.xml' | wc -l)"
  put "xlsx.$1" "$(find "$sub" -name '*.xlsx' | wc -l)"
}
mval() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$meta"; }

# the stages alone and the other tools, on the files of SCALE (city, national)
others() {
  local scale=$1 sample=$2 ws=$W/$1 sub=$W/$1/submissions/2026-annual out=$W/$1-out
  local nfiles; nfiles=$(mval "subs.$scale")
  if [ "$stages" = 1 ]; then
    rm -rf "$out"
    measure "$scale" "validate" "$nfiles" "$tonghop" -q -w "$ws" -o "$out" validate --year 2026
    measure "$scale" "consolidate" "$nfiles" "$tonghop" -q -w "$ws" -o "$out" consolidate --year 2026
    measure "$scale" "report (PDF + workbook)" - "$tonghop" -q -w "$ws" -o "$out" report --year 2026
    if [ "$scale" = city ] || [ "${BENCH_ARCHIVE_ALONE:-0}" = 1 ]; then
      measure "$scale" "archive add" "$nfiles" "$tonghop" -q -w "$ws" -o "$out" archive add --year 2026
    fi
    rm -rf "$out"
  else
    measure "$scale" "validate" "$nfiles" "$tonghop" -q -w "$ws" -o "$out" validate --year 2026
    rm -rf "$out"
  fi
  # the same files split by kind (hard links, nothing copied)
  mkdir -p "$W/$scale-xml" "$W/$scale-sample"
  find "$sub" -name '*.xml' -print0 | sort -z | xargs -0 -r ln -t "$W/$scale-xml"
  find "$sub" -name '*.xlsx' | sort | head -n "$sample" | xargs -r ln -t "$W/$scale-sample"
  local nxml nsample
  nxml=$(ls "$W/$scale-xml" | wc -l); nsample=$(ls "$W/$scale-sample" | wc -l)
  put "sample.$scale" "$nsample"
  measure "$scale" "validate XML" "$nxml" "$tonghop" -q -w "$ws" -o "$W/$scale-o2" validate --year 2026 "$W/$scale-xml"
  measure "$scale" "xmllint" "$nxml" sh -c \
    "cd '$W/$scale-xml' && ls | xargs xmllint --noout --schema '$xsd' 2> '$W/xmllint.err'; grep -c ' validates\$' '$W/xmllint.err' > '$W/xmllint.ok'"
  [ "$(cat "$W/xmllint.ok")" = "$nxml" ] || die "xmllint did not validate every XML file ($(cat "$W/xmllint.ok")/$nxml)"
  measure "$scale" "validate XLSX sample" "$nsample" "$tonghop" -q -w "$ws" -o "$W/$scale-o3" \
    validate --year 2026 "$W/$scale-sample"
  measure "$scale" "openpyxl" "$nsample" sh -c "cd '$W/$scale-sample' && ls | xargs '$py' '$W/openpyxl_read.py' > /dev/null"
  rm -rf "$W/$scale-o2" "$W/$scale-o3" "$W/$scale-xml" "$W/$scale-sample"
}

# `run` end to end on SCALE, then its workspace is removed
run_year() {
  counts "$1"
  measure "$1" run "$(mval "subs.$1")" "$tonghop" -q -w "$W/$1" -o "$W/$1-out" run --year 2026
  rm -rf "$W/$1-out"
}

echo "bench: city year" >&2
run_year city
others city 1000000
rm -rf "$W/city"
for n in $sizes; do
  echo "bench: $n communes" >&2
  run_year "n$n"
  if [ "$n" = "$nat_n" ]; then
    others "n$n" "$sample_n"
    run_year "n$n-10"
    rm -rf "$W/n$n-10"
  fi
  rm -rf "$W/n$n"
done

if [ "$nightly_n" -gt 0 ] && [ -x "$root/bench/nightly.sh" ]; then
  put nightly.n "$nightly_n"
  # the benchmark's year (half XLSX), then all XML: the cheapest files to
  # check, so the hardest case for the re-run's share
  for x in 50 0; do
    echo "bench: BENCH_XLSX=$x bench/nightly.sh $nightly_n" >&2
    out=$(BENCH_XLSX=$x TONGHOP=$tonghop BENCH_DIR=$W "$root/bench/nightly.sh" "$nightly_n" 2>&1) || out="bench/nightly.sh failed: $out"
    put "nightly.$x" "$(printf '%s\n' "$out" | sed -n 's/^re-run \/ full run: CPU time \([0-9.]*\)%.*/\1/p')"
    { [ $x = 50 ] || echo; echo "BENCH_XLSX=$x:"; printf '%s\n' "$out"; } >> "$W/nightly.txt"
  done
fi

model=$(lscpu 2> /dev/null | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); print $2; exit }')
put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put machine "$(nproc) CPUs ($model), $(free -m | awk '/^Mem:/ { printf "%.1f GB", $2 / 1024 }') RAM, $(uname -sr)"
put versions "tonghop $("$tonghop" version | awk 'NR == 1 { print $2 }') (\`$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?')\`), $(xmllint --version 2>&1 | head -1), openpyxl $("$py" -c 'import openpyxl; print(openpyxl.__version__)'), Python $("$py" -c 'import platform; print(platform.python_version())')"
put fs "$(df -PT "$W" | awk 'NR == 2 { print $2 }')"
put sizes "city $city_n, $(echo "$sizes" | sed 's/ /, /g') communes; national: $nat_n"
put national "n$nat_n"
put jobs "${TONGHOP_JOBS:-$(nproc)}"
put load0 "$load0"
put load1 "$(cut -d' ' -f1-3 /proc/loadavg)"
put elapsed $(( $(date +%s) - started ))
[ -z "${BENCH_NOTE:-}" ] || put note "$BENCH_NOTE"
"$py" "$root/bench/table.py" "$W"
cp "$W/results.md" "$results"
echo "bench: wrote $results" >&2
