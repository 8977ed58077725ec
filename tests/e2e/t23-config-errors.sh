#!/usr/bin/env bash
# t23-config-errors.sh - a broken workspace stops with exit 2 and names the
# file and line; nothing is validated and nothing is written.
source "$TESTS_DIR/e2e/lib.sh"

expect_exit 2 "$TONGHOP" -w nowhere validate --year 2026
expect_grep "$T/err" "workspace 'nowhere' is not a directory"

copy_ws cantho
rm ws/plan.xml
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2026
expect_grep "$T/err" "'ws' is not a workspace: it needs registry.xml, plan.xml and rules.xml (use -w to name one, e.g. -w input/cantho)"
[ ! -e res ] || fail "output written for a broken workspace"

# an indicator naming a field that does not exist
copy_ws cantho
sed -i 's|<numerator>people.helped</numerator>|<numerator>people.helpd</numerator>|' ws/plan.xml
line=$(grep -n 'people.helpd' ws/plan.xml | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2026
expect_grep "$T/err" "ws/plan.xml:$line: 'people.helpd' names no field of the submission"

# a rule naming a field that does not exist
copy_ws cantho
sed -i 's|<left>people.helped</left>|<left>people.halped</left>|' ws/rules.xml
line=$(grep -n 'people.halped' ws/rules.xml | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2026
expect_grep "$T/err" "ws/rules.xml:$line: 'people.halped' names no field of the submission"

# a plan that is not well-formed, one that breaks its schema
copy_ws cantho
sed -i 's|<years from="2026" to="2030"/>|<years from="2026" to="2030">|' ws/plan.xml
expect_exit 2 "$TONGHOP" -w ws validate --year 2026
expect_grep "$T/err" "ws/plan.xml:"
copy_ws cantho
sed -i 's|<place>Cần Thơ</place>|<placee>Cần Thơ</placee>|' ws/plan.xml
line=$(grep -n '<placee>' ws/plan.xml | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws validate --year 2026
expect_grep "$T/err" "ws/plan.xml:$line: Element '{urn:tonghop:plan:1}placee': This element is not expected."

# registry: a parent that does not exist; two records of one unit in force at once
copy_ws cantho
sed -i 's|parent="SNV" from="2025-07-01" to="2026-03-31"|parent="SNX" from="2025-07-01" to="2026-03-31"|' ws/registry.xml
line=$(grep -n 'parent="SNX"' ws/registry.xml | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws validate --year 2026
expect_grep "$T/err" "ws/registry.xml:$line: unit 'CS-NDTE' names parent 'SNX', which is not in the registry"
copy_ws cantho
sed -i 's|parent="SNV" from="2025-07-01" to="2026-03-31"|parent="SNV" from="2025-07-01" to="2026-04-30"|' ws/registry.xml
line=$(grep -n 'code="CS-NDTE".*parent="SYT"' ws/registry.xml | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws validate --year 2026
expect_grep "$T/err" "ws/registry.xml:$line: unit 'CS-NDTE' has two records in force at the same time"

# periods outside the plan are usage errors
expect_exit 2 "$TONGHOP" -w "$ROOT/input/cantho" validate --year 2031
expect_grep "$T/err" "year 2031 is outside plan 'cantho-ctxh-2026-2030' (2026-2030)"
expect_exit 2 "$TONGHOP" -w "$ROOT/input/cantho" validate --year 2026 --period h1
expect_grep "$T/err" "plan 'cantho-ctxh-2026-2030' has no 'h1' period"
