# t810: the records (issue 15, class 4). catalog.sqlite and nightly.sqlite
# carry tonghop's application_id and a user_version. A missing one is
# created; one that exists but is empty (0 bytes), another program's SQLite
# database, random bytes or from a newer tonghop is refused, exit 3, named,
# and left as it was: never started over (an empty catalog had become
# version 1 again, an empty record every first-receipt time lost). A file of
# an older tonghop (no application_id) is taken and stamped.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"
APP=1414033264 # 0x54486f70, "THop"
pragma() { sqlite3 "$1" "PRAGMA $2"; }

# planted FILE KIND: replace FILE by a bad file of KIND
planted() {
  rm -f "$1" "$1-wal" "$1-shm"
  case $2 in
    empty) : > "$1" ;;
    random) head -c 8192 /dev/urandom > "$1" ;;
    foreign) sqlite3 "$1" "CREATE TABLE notes(x); INSERT INTO notes VALUES('mine')" ;;
    foreign-app) sqlite3 "$1" "PRAGMA application_id=1196444237; CREATE TABLE documents(x); CREATE TABLE runs(x)" ;;
  esac
}

# ---- the archive's catalog
archive_fixture 3
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
C=$A/catalog.sqlite
[ "$(pragma $C application_id)" = $APP ] || fail "catalog application_id: $(pragma $C application_id)"
[ "$(pragma $C user_version)" = 1 ] || fail "catalog user_version: $(pragma $C user_version)"
cp $C good.sqlite
for kind in empty random foreign foreign-app; do
  planted $C $kind
  cp $C planted
  expect_exit 3 "$TONGHOP" -w ws -o output archive add --year 2026
  expect_grep err "'$C'"
  cmp $C planted || fail "catalog ($kind) was changed by add"
  expect_exit 3 "$TONGHOP" -o output archive list
  expect_grep err "'$C'"
  expect_exit 3 "$TONGHOP" -o output archive get --year 2026 --path
done
planted $C empty
expect_exit 3 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'$C' is empty (0 bytes), not an archive catalog"
planted $C foreign
expect_exit 3 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'$C' is not an archive catalog: an SQLite database without table 'documents'"
planted $C foreign-app
expect_exit 3 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'$C' is not an archive catalog: another program's SQLite database (application_id 0x47504a4d)"
planted $C random
expect_exit 3 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'$C' is not an archive catalog: file is not a database"
# verify calls random bytes what they are: a damaged catalog (exit 5)
expect_exit 5 "$TONGHOP" -o output archive verify
expect_grep out "damaged: catalog.sqlite"
# newer
cp good.sqlite $C
sqlite3 $C "PRAGMA user_version=2"
expect_exit 3 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'$C' was written by a newer tonghop (format version 2; this one reads up to 1)"
expect_exit 3 "$TONGHOP" -o output archive list
# an older tonghop's catalog (no application_id): read, and stamped by add
cp good.sqlite $C
sqlite3 $C "PRAGMA application_id=0"
expect_exit 0 "$TONGHOP" -o output archive list
[ "$(pragma $C application_id)" = 0 ] || fail "list wrote to the catalog"
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep out "already archived as version 1"
[ "$(pragma $C application_id)" = $APP ] || fail "add did not stamp an older catalog"
# the history kept: version 1 is still there
[ "$(sqlite3 $C 'SELECT COUNT(*) FROM documents')" = 2 ] || fail "catalog lost its rows"

# ---- nightly's record
P=res/$PLAN
R=$P/nightly.sqlite
NOW=--now=2026-12-10T02:00:00
expect_exit 0 "$TONGHOP" -q -w ws -o res nightly --year 2026 $NOW
[ "$(pragma $R application_id)" = $APP ] || fail "record application_id: $(pragma $R application_id)"
[ "$(pragma $R user_version)" = 1 ] || fail "record user_version: $(pragma $R user_version)"
first=$(sqlite3 $R "SELECT received FROM submissions ORDER BY file LIMIT 1")
sqlite3 $R "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
cp $R good.sqlite
for kind in empty random foreign foreign-app; do
  planted $R $kind
  cp $R planted
  expect_exit 3 "$TONGHOP" -w ws -o res nightly --year 2026 --now=2026-12-20T02:00:00
  expect_grep err "'$R'"
  cmp $R planted || fail "record ($kind) was changed by nightly"
done
planted $R empty
expect_exit 3 "$TONGHOP" -w ws -o res nightly --year 2026 $NOW
expect_grep err "'$R' is empty (0 bytes), not a nightly record: its history would be lost if it were started over"
planted $R foreign
expect_exit 3 "$TONGHOP" -w ws -o res nightly --year 2026 $NOW
expect_grep err "'$R' is not a nightly record: an SQLite database without table 'runs'"
# a catalog is not a record, nor the other way round
rm -f $R; cp $A/catalog.sqlite $R
expect_exit 3 "$TONGHOP" -w ws -o res nightly --year 2026 $NOW
expect_grep err "'$R' is not a nightly record: an SQLite database without table 'runs' (another tonghop file?)"
# newer
cp good.sqlite $R
sqlite3 $R "PRAGMA user_version=7"
expect_exit 3 "$TONGHOP" -w ws -o res nightly --year 2026 $NOW
expect_grep err "'$R' was written by a newer tonghop (format version 7; this one reads up to 1)"
# an older tonghop's record: taken, stamped, every first-receipt time kept
cp good.sqlite $R
sqlite3 $R "PRAGMA application_id=0; PRAGMA user_version=0"
expect_exit 0 "$TONGHOP" -q -w ws -o res nightly --year 2026 --now=2026-12-20T02:00:00
[ "$(pragma $R application_id)" = $APP ] && [ "$(pragma $R user_version)" = 1 ] || fail "older record not stamped"
[ "$(sqlite3 $R "SELECT received FROM submissions ORDER BY file LIMIT 1")" = "$first" ] || fail "first-receipt time lost"
# a missing record is created again (a new history, said by its absence),
# whole: laid out under a temp name, renamed into place; the temp of a
# creation that was killed is removed
rm -f $R $R-wal $R-shm
echo half > $R.tmp.999999-0123456789ab
expect_exit 0 "$TONGHOP" -q -w ws -o res nightly --year 2026 $NOW
[ "$(pragma $R application_id)" = $APP ] || fail "a new record is not stamped"
ls -a $P | grep -q '\.tmp\.' && fail "temp files left: $(ls -a $P)"
exit 0
