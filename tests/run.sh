#!/usr/bin/env bash
# Runs every unit test binary given as arguments, then every end-to-end
# script tests/e2e/t*.sh, and closes with "N passed, N failed".
# Environment: TONGHOP (the binary under test), BUILD, SAN.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export TONGHOP_HOME=$(cd "$here/.." && pwd)
export TONGHOP=${TONGHOP:-$TONGHOP_HOME/bin/tonghop}
export TESTS_DIR=$here
pass=0; fail=0; failed=()
for t in "$@"; do
  if "$t" > "${t}.log" 2>&1; then
    pass=$((pass + 1)); echo "ok   unit $(basename "$t")"
  else
    fail=$((fail + 1)); failed+=("$t"); echo "FAIL unit $(basename "$t")"; tail -n 30 "${t}.log"
  fi
done
for t in "$here"/e2e/t*.sh; do
  [ -e "$t" ] || continue
  log=$(mktemp)
  if bash "$t" > "$log" 2>&1; then
    pass=$((pass + 1)); echo "ok   e2e  $(basename "$t")"
  else
    fail=$((fail + 1)); failed+=("$t"); echo "FAIL e2e  $(basename "$t")"; tail -n 40 "$log"
  fi
  rm -f "$log"
done
[ ${#failed[@]} -eq 0 ] || printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
