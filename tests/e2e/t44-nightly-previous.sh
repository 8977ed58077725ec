#!/usr/bin/env bash
# nightly from the second plan year: outlier rules need last year's values;
# the record keeps what each of last year's files gave (table previous), so
# a re-run reads and checks none of them again unless one changed, and the
# warnings are the ones `validate` gives.
source "${TESTS_DIR:?}/e2e/lib.sh" || exit 1

copy_ws cantho
rm -rf ws/submissions
S6=ws/submissions/2026-annual
S7=ws/submissions/2027-annual
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --into "$S6"
expect_exit 0 "$TONGHOP" -w ws gen --year 2027 --into "$S7"
N6=$(ls "$S6" | wc -l)
DB=res/cantho-ctxh-2026-2030/nightly.sqlite
q() { sqlite3 "$DB" "$1"; }
eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }
nightly() { "$TONGHOP" -w ws -o res nightly --year 2027 --now "$1"; }
last_run() { q "select validated || ' ' || prev_read || ' ' || prev_cached from runs order by id desc limit 1"; }
# people.helped of a file of 2027 far from last year's: W01
# helped DIR FILE N: N people helped (of 200 needing)
helped() { sed -i -e "s|<helped>[0-9]*</helped>|<helped>$3</helped>|" -e "s|<needing>[0-9]*</needing>|<needing>200</needing>|" "$1/$2"; }
sleep 3 # older than 2 s: the stat tuples are kept at the first run

# first run: every file of 2027 checked, and every file of 2026 read once
expect_exit 0 nightly 2027-12-10T02:00:00
eq "$(last_run)" "$(ls "$S7" | wc -l) $N6 0" "validated, last year's read, from the record (first run)"
eq "$(q 'select count(*) from previous where year = 2026 and period = "annual"')" "$N6" "last year's files on record"

# one file of 2027 changed: it alone is checked, last year's come from the record
helped "$S7" 31120.xml 100
sleep 3
expect_exit 0 nightly 2027-12-11T02:00:00
eq "$(last_run)" "1 0 $N6" "validated, last year's read, from the record (one change)"
expect_grep "$T/out" "31120.xml:"
grep -F "W01" "$T/out" | sed 's|^.*/||' > nightly-w01.txt
# the same warning as validate (which reads last year's files itself)
expect_exit 0 "$TONGHOP" -w ws validate --year 2027
grep -F "W01" "$T/out" | grep -F "31120.xml" | sed 's|^.*/||' > validate-w01.txt
[ -s validate-w01.txt ] || fail "validate gave no W01 for 31120.xml"
cmp nightly-w01.txt validate-w01.txt || fail "nightly's W01 differs from validate's: $(cat nightly-w01.txt)"

# one of last year's files changed (its unit's values), one of 2027 too:
# only that one of 2026 is read again, and its new value is the one compared
helped "$S6" 31120.xml 98
helped "$S7" 31120.xml 101
sleep 3
expect_exit 0 nightly 2027-12-12T02:00:00
eq "$(last_run)" "1 1 $((N6 - 1))" "validated, last year's read, from the record (a 2026 file changed)"
expect_no_grep "$T/out" "W01"

# --full reads last year's files again too
expect_exit 0 "$TONGHOP" -w ws -o res nightly --year 2027 --now 2027-12-13T02:00:00 --full
eq "$(last_run)" "$(ls "$S7" | wc -l) $N6 0" "validated, last year's read, from the record (--full)"

# validate without a record reads last year's files as before
expect_exit 0 "$TONGHOP" -w ws validate --year 2027
expect_no_grep "$T/out" "W01"
echo "t44 ok"
