#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS [TARGET...] - `make fuzz`: run the libFuzzer
# targets (xml, xlsx, batch by default; built by the Makefile in build/fuzz/,
# clang with ASan + UBSan) side by side for SECONDS each, seeded from the
# samples and fixtures. A crash stops with the
# reproducer in build/fuzz/crashes/; keep it in tests/fixtures/fuzz/ (named
# xml-*, xlsx-* or batch-*) once fixed: tests/e2e/t90-fuzz-regressions.sh replays it.
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

# batch seeds: one sample XML and one generated XLSX as a two-file batch
# (the layout of fuzz_batch.c: name length, name, 2-byte size, bytes), and
# the earlier batch crashes
mkdir -p "$B/corpus-batch" "$B/seeds-batch"
pack() { # pack FILE...: one batch input on stdout
  local f n s
  for f in "$@"; do
    n=$(basename "$f"); s=$(stat -c %s "$f"); [ "$s" -gt 65535 ] && continue
    printf "\\$(printf %03o ${#n})%s\\$(printf %03o $((s & 255)))\\$(printf %03o $((s >> 8)))" "$n"
    cat "$f"
  done
}
xmls=($(ls "$root"/input/cantho/submissions/2026-annual/*.xml 2> /dev/null | head -n 3))
xlsxs=($(ls "$gen"/*.xlsx 2> /dev/null | head -n 3))
for i in 0 1 2; do
  [ -n "${xmls[$i]:-}" ] && [ -n "${xlsxs[$i]:-}" ] && pack "${xmls[$i]}" "${xlsxs[$i]}" > "$B/seeds-batch/pair-$i"
done
for f in "$root"/tests/fixtures/fuzz/batch-*; do [ -e "$f" ] && seed "$f" "$B/seeds-batch"; done

targets=("${@:2}")
[ ${#targets[@]} -gt 0 ] || targets=(xml xlsx batch)

fuzz() {
  local name=$1 dict=""
  [ "$name" = xml ] && dict=$root/tests/fuzz/xml.dict
  local args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$B/crashes/$name-")
  [ -n "$dict" ] && args+=(-dict="$dict")
  mkdir -p "$B/corpus-$name"
  TONGHOP_JOBS=1 "$B/fuzz_$name" "${args[@]}" "$B/corpus-$name" "$B/seeds-$name" > "$B/fuzz_$name.log" 2>&1
}

echo "fuzz: ${targets[*]}, ${secs} s each, side by side (logs in build/fuzz/), $(date -u +%FT%TZ)"
pids=()
for t in "${targets[@]}"; do fuzz "$t" & pids+=($!); done
rc=0
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  if ! wait "${pids[$i]}"; then
    echo "fuzz_$t FAILED:"; grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$B/fuzz_$t.log" | head -20; rc=1
  fi
done
for t in "${targets[@]}"; do
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$B/fuzz_$t.log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$B/fuzz_$t.log" | tail -1)
  echo "fuzz_$t: ${runs:-?} inputs, ${cov:-cov: ?}, corpus $(ls "$B/corpus-$t" | wc -l) files"
done
[ $rc -eq 0 ] && echo "fuzz: clean" || echo "fuzz: crash found; reproducers in build/fuzz/crashes/"
exit $rc
