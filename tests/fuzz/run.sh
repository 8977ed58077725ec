#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS - `make fuzz`: run both libFuzzer targets (built by
# the Makefile in build/fuzz/, clang with ASan + UBSan) side by side for
# SECONDS each, seeded from the samples and fixtures. A crash stops with the
# reproducer in build/fuzz/crashes/; keep it in tests/fixtures/fuzz/ (named
# xml-* or xlsx-*) once fixed: tests/e2e/t90-fuzz-regressions.sh replays it.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
B=$root/build/fuzz
export TONGHOP_HOME=$root
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$B/crashes" "$B/corpus-xml" "$B/corpus-xlsx" "$B/seeds-xml" "$B/seeds-xlsx"

# seeds: every sample submission, the fixtures, earlier crashes, and a few
# generated XLSX forms (the samples have only one)
# seed FILE DIR: copy under its content's hash (sample names repeat across periods)
seed() { cp "$1" "$2/$(sha1sum < "$1" | cut -c1-16)"; }
while IFS= read -r -d '' f; do seed "$f" "$B/seeds-xml"; done < <(
  find "$root"/input/*/submissions "$root/tests/fixtures/xml" "$root/tests/fixtures/fuzz" \
       -type f \( -name '*.xml' -o -name 'xml-*' \) -print0)
while IFS= read -r -d '' f; do seed "$f" "$B/seeds-xlsx"; done < <(
  find "$root"/input/*/submissions "$root/tests/fixtures/xlsx" "$root/tests/fixtures/fuzz" \
       -type f \( -name '*.xlsx' -o -name 'xlsx-*' \) -print0)
gen=$B/gen
if [ ! -d "$gen" ] && [ -x "$root/bin/tonghop" ]; then
  "$root/bin/tonghop" -q -w "$root/input/cantho" gen --year 2026 --xlsx 100 --seed 7 --into "$gen" || true
fi
for f in $(ls "$gen"/*.xlsx 2> /dev/null | head -n 12); do seed "$f" "$B/seeds-xlsx"; done

fuzz() {
  local name=$1 dict=$2
  local args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$B/crashes/$name-")
  [ -n "$dict" ] && args+=(-dict="$dict")
  "$B/fuzz_$name" "${args[@]}" "$B/corpus-$name" "$B/seeds-$name" > "$B/fuzz_$name.log" 2>&1
}

echo "fuzz: fuzz_xml and fuzz_xlsx, ${secs} s each, side by side (logs in build/fuzz/)"
fuzz xml "$root/tests/fuzz/xml.dict" & p1=$!
fuzz xlsx "" & p2=$!
rc=0
wait $p1 || rc=1
[ $rc -eq 0 ] || { echo "fuzz_xml FAILED:"; grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$B/fuzz_xml.log" | head -20; }
r2=0; wait $p2 || r2=1
[ $r2 -eq 0 ] || { echo "fuzz_xlsx FAILED:"; grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$B/fuzz_xlsx.log" | head -20; rc=1; }
for t in xml xlsx; do
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$B/fuzz_$t.log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$B/fuzz_$t.log" | tail -1)
  echo "fuzz_$t: ${runs:-?} inputs, ${cov:-cov: ?}, corpus $(ls "$B/corpus-$t" | wc -l) files"
done
[ $rc -eq 0 ] && echo "fuzz: clean" || echo "fuzz: crash found; reproducers in build/fuzz/crashes/"
exit $rc
