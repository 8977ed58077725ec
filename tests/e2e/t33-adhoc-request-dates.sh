#!/usr/bin/env bash
# t33: an ad hoc period's <request> is what the units answer and what its
# report answers: one dated after the period's unit deadline (05/10/2026
# for the Cần Thơ sample's dx-2026-09) or after its report's issue date
# (09/10/2026) is a configuration error, exit 2, naming plan.xml's line of
# the request; the sample's, dated 15/09/2026, is accepted.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
expect_exit 0 "$TONGHOP" -q -w ws validate --year 2026 --period dx-2026-09
line=$(grep -n '<request ' ws/plan.xml | cut -d: -f1)

# after the units' deadline
sed -i 's/\(<request [^>]*\)date="2026-09-15"/\1date="2026-10-06"/' ws/plan.xml
expect_exit 2 "$TONGHOP" -q -w ws validate --year 2026 --period dx-2026-09
expect_grep "$T/err" "ws/plan.xml:$line: request 5127/BYT-BTXH of period 'dx-2026-09' is dated 06/10/2026, after the units' deadline 05/10/2026"
# the annual period of the same plan cannot run either: plan.xml is wrong
expect_exit 2 "$TONGHOP" -q -w ws validate --year 2026 --period annual
expect_grep "$T/err" "plan.xml:$line: request 5127/BYT-BTXH"

# on the deadline itself it could still have asked them; after the report
# was issued (the deadline moved past it) it cannot have been answered
sed -i 's/\(<request [^>]*\)date="2026-10-06"/\1date="2026-10-05"/' ws/plan.xml
expect_exit 0 "$TONGHOP" -q -w ws validate --year 2026 --period dx-2026-09
sed -i 's/deadline="--10-05" upward="--10-10"/deadline="--10-12" upward="--10-14"/; s/\(<request [^>]*\)date="2026-10-05"/\1date="2026-10-10"/' ws/plan.xml
expect_exit 2 "$TONGHOP" -q -w ws validate --year 2026 --period dx-2026-09
expect_grep "$T/err" "ws/plan.xml:$line: request 5127/BYT-BTXH of period 'dx-2026-09' is dated 10/10/2026, after its report's issue date 09/10/2026"
exit 0
