#!/usr/bin/env bash
# t50-period-ids.sh - a period is an id declared in plan.xml: a plan copy with
# a 9-month ad hoc request (q3, 2026 only, wards and communes) validates,
# consolidates and reports with --period q3; the PDF names its label; an id
# the plan does not declare is exit 2, named with the declared ones.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
sed -i 's|^\(    <period kind="annual".*\)$|\1\n    <period id="q3" year="2026" label="9 tháng đầu năm" cutoffStart="--12-15" cutoffEnd="--09-14" deadline="--09-20" upward="--09-30"><units kinds="phuong xa"/></period>|' ws/plan.xml
grep -q 'id="q3"' ws/plan.xml || fail "plan not edited"

expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026 --period q3
n=$(ls ws/submissions/2026-q3 | wc -l)
[ "$n" -gt 50 ] && [ "$n" -lt 128 ] || fail "q3 asks wards and communes only, gen wrote $n"
expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2026 --period q3
expect_grep "$T/out" "$n tệp: $n chấp nhận, 0 bị từ chối"
expect_exit 0 "$TONGHOP" -w ws -o res consolidate --year 2026 --period q3
grep -q 'period="q3"' res/cantho-ctxh-2026-2030/2026-q3/consolidated.xml || fail "consolidated.xml does not say q3"
expect_exit 0 "$TONGHOP" -w ws -o res report --year 2026 --period q3
pdf=res/cantho-ctxh-2026-2030/2026-q3/report.pdf
[ -s "$pdf" ] || fail "no report.pdf"
pdf_prose "$pdf" "$T/text"
expect_grep "$T/text" "9 tháng đầu năm 2026"

# q3 is of 2026 only
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2027 --period q3
expect_grep "$T/err" "period 'q3' of plan 'cantho-ctxh-2026-2030' is of year 2026 only, not 2027"

# an id the plan does not declare
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2026 --period q4
expect_grep "$T/err" "plan 'cantho-ctxh-2026-2030' has no 'q4' period (it declares: annual, q3, dx-2026-09)"
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2026 --period Q4
expect_grep "$T/err" "--period takes a period id of plan.xml"

# the registry's reports= names an id the plan does not declare
sed -i '0,/reports="annual"/s//reports="annual dx-9"/' ws/registry.xml
line=$(grep -n 'dx-9' ws/registry.xml | head -1 | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2026
expect_grep "$T/err" "ws/registry.xml:$line: period 'dx-9' is not declared in ws/plan.xml (declared: annual, q3, dx-2026-09)"
exit 0
