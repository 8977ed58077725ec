#!/usr/bin/env bash
# t57-refused-value-rules.sh - a value the reader refuses (S02 …) is not run
# through the rules as 0: R05 (missing="never", people.helped ≤
# people.needing) reads people.needing, so with needing refused the file gets
# the S02 line only, not a second, misleading R05 "(127) lớn hơn … (0)".
source "$TESTS_DIR/e2e/lib.sh"
fx=$ROOT/tests/fixtures/xml
copy_ws cantho
rm -rf ws/submissions
mkdir B
sed 's|<needing>133</needing>|<needing>1x33</needing>|' "$fx/valid-31237.xml" > B/31237.xml
grep -q '1x33' B/31237.xml || fail "fixture changed: no <needing>133</needing>"
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period annual B
expect_line "$T/out" "B/31237.xml:97: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “1x33” không phải là số — phải là số nguyên ≥ 0"
expect_no_grep "$T/out" "R05"
expect_line "$T/out" "1 tệp: 0 chấp nhận, 1 bị từ chối, 0 đã được thay thế, 0 trùng lặp (1 lỗi, 0 cảnh báo)"
expect_no_grep res/cantho-ctxh-2026-2030/2026-annual/validation.xml 'code="R05"'
echo ok
