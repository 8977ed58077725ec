#!/usr/bin/env bash
# t24-gen.sh - gen is deterministic (same seed, same bytes; another seed,
# other values), writes only units expected in the period, and what it
# writes validates clean.
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
rm -rf ws/submissions

expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --seed 7 --into a
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --seed 7 --into b
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --seed 8 --into c
[ "$(ls a | wc -l)" = 128 ] || fail "expected 128 units, got $(ls a | wc -l)"
for f in a/*; do cmp "$f" "b/${f#a/}" || fail "gen is not deterministic: $f"; done
! cmp -s a/31135.xml c/31135.xml || fail "another seed gave the same values"
# units closed before the end of the data window, and the city itself, are not expected
[ ! -e a/SYT-TTBTXH2.xml ] && [ ! -e a/SYT-TTDD.xml ] && [ ! -e a/92.xml ] || fail "gen wrote a unit that is not expected"
[ -e a/CS-NDTE.xml ] && [ -e a/SYT-CSTGXHST.xml ] || fail "gen missed an open unit"
expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2026 a
expect_line "$T/out" "128 tệp: 128 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"

# --missing leaves units out, the same ones every time
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --missing 10 --into m1
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --missing 10 --into m2
diff <(ls m1) <(ls m2) > /dev/null || fail "--missing is not deterministic"
n=$(ls m1 | wc -l); [ "$n" -lt 128 ] && [ "$n" -gt 90 ] || fail "--missing 10 left $n of 128"

# synthetic workspace: registry and submissions of any size, deterministic too
expect_exit 0 "$TONGHOP" -w ws gen --synthetic 250 --year 2026 --seed 3 --into s1
expect_exit 0 "$TONGHOP" -w ws gen --synthetic 250 --year 2026 --seed 3 --into s2
diff -r s1 s2 > /dev/null || fail "synthetic workspace is not deterministic"
xmllint --noout --schema "$ROOT/schemas/registry.xsd" s1/registry.xml 2>/dev/null || fail "synthetic registry invalid"
expect_exit 0 "$TONGHOP" -w s1 -o res validate --year 2026
# 250 communes, 3 districts and the lead department
expect_line "$T/out" "254 tệp: 254 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
