#!/usr/bin/env bash
# tests/memcheck.sh BINARY - `make memcheck`: the sample pipeline under
# valgrind (memcheck): `run` on Cần Thơ, `validate` on both samples (worker
# threads included), `consolidate` and `report` of Kiên Giang, `gen` with XLSX
# forms, `nightly` on Cần Thơ and again after a resubmission (record, schema
# memo). Fails on any error and on definite or indirect leaks. Then
# helgrind on a parallel `validate` (XML and XLSX on two workers) and a
# parallel `run` (the outputs as jobs beside one another and the archive's):
# fails on any race it reports.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export TONGHOP_HOME=$root
command -v valgrind > /dev/null || { echo "memcheck: valgrind is missing (make deps)"; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
# tonghop's allocator is jemalloc: valgrind replaces it as it does libc's
vg=(valgrind --quiet --soname-synonyms=somalloc=*jemalloc* --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --error-exitcode=9 --track-fds=no)
fail=0
check() { # NAME cmd...: run under valgrind; exit 9 (or a crash) is a failure
  local name=$1; shift
  local rc=0
  "${vg[@]}" --log-file="$T/$name.vg" "$@" > "$T/$name.out" 2> "$T/$name.err" || rc=$?
  if [ $rc -eq 9 ] || [ $rc -gt 5 ] || [ -s "$T/$name.vg" ]; then
    echo "FAIL memcheck $name (exit $rc)"; cat "$T/$name.vg"; tail -5 "$T/$name.err"; fail=1
  else
    echo "ok   memcheck $name (exit $rc)"
  fi
}
cp -r "$root/input/cantho" ct
cp -r "$root/input/kiengiang" kg
check run-cantho "$bin" -w ct -o out run --year 2026
check validate-cantho "$bin" -w ct -o out validate --year 2026
check validate-kiengiang "$bin" -w kg -o out validate --year 2024 --period h1
check consolidate-kiengiang "$bin" -w kg -o out consolidate --year 2024
check report-kiengiang "$bin" -w kg -o out report --year 2024
check gen-xlsx "$bin" -w ct gen --synthetic 40 --xlsx 50 --year 2026 --into gen
check validate-xlsx "$bin" -w gen -o out validate --year 2026
check nightly-first "$bin" -w ct -o nout nightly --year 2026 --now 2026-12-10T02:00:00
f=$(ls ct/submissions/2026-annual/*.xml | head -1)
sed -i 's|<preparedBy>[^<]*</preparedBy>|<preparedBy>Người nộp lại</preparedBy>|' "$f"
check nightly-rerun "$bin" -w ct -o nout nightly --year 2026 --now 2026-12-11T02:00:00
vg=(valgrind --quiet --tool=helgrind --error-exitcode=9)
TONGHOP_JOBS=2 check helgrind-validate "$bin" -w kg -o hout validate --year 2025 --period h1
TONGHOP_JOBS=2 check helgrind-run "$bin" -w kg -o hout run --year 2025 --period h1
[ $fail -eq 0 ] && echo "memcheck: no errors, no leaks, no races" || echo "memcheck: FAILED"
exit $fail
