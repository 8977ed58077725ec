#!/usr/bin/env bash
# nightly decides change by content hash; the stored stat tuple (size, mtime,
# ctime, inode) only spares re-reading untouched files: a content change with
# the old mtime put back is still found (the ctime moved), a touched file with
# the same content is not revalidated, a file changed in the 2 seconds before
# the run keeps no tuple, and a record without the stat column is migrated.
source "${TESTS_DIR:?}/e2e/lib.sh" || exit 1

copy_ws cantho
rm -rf ws/submissions
S=ws/submissions/2026-annual
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --into "$S"
N=$(ls "$S" | wc -l)
DB=res/cantho-ctxh-2026-2030/nightly.sqlite
q() { sqlite3 "$DB" "$1"; }
eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }
nightly() { "$TONGHOP" -w ws -o res nightly --year 2026 --now "$1"; }
# "size mtime_ns ctime_ns inode", as nightly stores it
tuple() { stat -c '%s %.9Y %.9Z %i' "$S/$1" | tr -d .; }
stored() { q "select stat from submissions where file = '$1' and current = 1"; }
validated() { q 'select validated from runs order by id desc limit 1'; }

expect_exit 0 nightly 2026-12-10T02:00:00
eq "$(validated)" "$N" "validated in the first run"

# older than 2 s: nothing to validate, the tuples are kept now
sleep 3
expect_exit 0 nightly 2026-12-11T02:00:00
expect_grep "$T/err" "nothing changed since last run"
eq "$(validated)" "0" "validated with nothing changed"
eq "$(q 'select count(stat) from submissions where current = 1')" "$N" "tuples after a quiet run"
eq "$(stored 31120.xml)" "$(tuple 31120.xml)" "stored tuple of 31120.xml"

# same size, same mtime, other content: the ctime still tells
mtime=$(date -r "$S/31120.xml" '+%Y-%m-%d %H:%M:%S.%N')
size=$(stat -c %s "$S/31120.xml")
sed -i 's|<preparedBy>\([^<]\)|<preparedBy>X|' "$S/31120.xml"
grep -q '<preparedBy>X' "$S/31120.xml" || fail "the test did not change 31120.xml"
touch -d "$mtime" "$S/31120.xml"
eq "$(date -r "$S/31120.xml" '+%Y-%m-%d %H:%M:%S.%N')" "$mtime" "mtime put back"
eq "$(stat -c %s "$S/31120.xml")" "$size" "size kept"
# touched, same content: re-read, not revalidated, its new tuple kept
touch "$S/31135.xml"
sleep 3
expect_exit 0 nightly 2026-12-12T02:00:00
eq "$(validated)" "1" "validated after one content change and one touch"
eq "$(q "select file from submissions where run = (select max(id) from runs)")" "31120.xml" "the file revalidated"
eq "$(q "select status from submissions where file = '31120.xml' order by id")" "superseded
accepted" "statuses of 31120.xml"
eq "$(stored 31120.xml)" "$(tuple 31120.xml)" "tuple of the changed file"
eq "$(stored 31135.xml)" "$(tuple 31135.xml)" "tuple of the touched file"
eq "$(q "select received from submissions where file = '31135.xml' and current = 1")" "2026-12-10T02:00:00" \
   "the touched file keeps its receipt"

# touched just before the run: not revalidated, its tuple dropped (racy)
touch "$S/31150.xml"
expect_exit 0 nightly 2026-12-13T02:00:00
eq "$(validated)" "0" "validated after a touch"
eq "$(stored 31150.xml)" "" "tuple of a file touched within 2 s"

# a record from before the stat column: migrated, files re-read, nothing revalidated
q 'alter table submissions drop column stat'
expect_exit 0 nightly 2026-12-14T02:00:00
expect_grep "$T/err" "nothing changed since last run"
eq "$(validated)" "0" "validated after the migration"
eq "$(q "select count(stat) from submissions where current = 1 and file <> '31150.xml'")" "$((N - 1))" \
   "tuples after the migration"
echo "t42 ok"
