#!/usr/bin/env bash
# nightly: a record reached run by run gives the same outputs as a first run
# on the same files (received at the same time), and as --full on it:
# overview.xlsx, validation-nightly.xml and every feedback file, byte for byte; a
# feedback file is written only when its content changed.
source "${TESTS_DIR:?}/e2e/lib.sh" || exit 1

copy_ws cantho
rm -rf ws/submissions
S=ws/submissions/2026-annual
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --into "$S"
P=cantho-ctxh-2026-2030
NOW=2026-12-10T02:00:00
nightly() { "$TONGHOP" -w ws -o "$1" nightly --year 2026 --now "$NOW" ${2:+"$2"}; }
q() { sqlite3 "$1/$P/nightly.sqlite" "$2"; }
# break FILE: an error the rules find (R03, trained > staff)
break_file() {
  local line
  line=$(grep -n '<trained>' "$S/$1" | head -1 | cut -d: -f1)
  sed -i "${line}s|<trained>[0-9]*</trained>|<trained>999</trained>|" "$S/$1"
}
same() { # same DIR1 DIR2: identical outputs
  local a=$1/$P/2026-annual b=$2/$P/2026-annual f
  cmp "$a/overview.xlsx" "$b/overview.xlsx" || fail "overview.xlsx: $1 and $2 differ"
  cmp "$a/validation-nightly.xml" "$b/validation-nightly.xml" || fail "validation-nightly.xml: $1 and $2 differ"
  [ "$(ls "$a/feedback")" = "$(ls "$b/feedback")" ] || fail "feedback files: $1 and $2 differ: $(ls "$a/feedback") / $(ls "$b/feedback")"
  for f in "$a"/feedback/*.xlsx; do
    cmp "$f" "$b/feedback/${f##*/}" || fail "feedback/${f##*/}: $1 and $2 differ"
  done
}

# state 0: one unit missing, two rejected
mkdir keep
mv "$S/31492.xml" keep/
cp "$S/31120.xml" "$S/31135.xml" keep/
break_file 31120.xml
break_file 31135.xml
expect_exit 1 nightly inc
ls inc/$P/2026-annual/feedback > fb0.txt
expect_line fb0.txt 31120.xlsx
expect_line fb0.txt 31135.xlsx
expect_line fb0.txt 31492.xlsx
cp -a inc/$P/2026-annual/feedback fb0

# state 1: 31135 fixed, 31150 broken, 31492 still missing; 31120.xml now
# carries another unit's report (31153): 31120 has nothing left but is
# expected, so its feedback says it is missing
cp keep/31135.xml "$S/31135.xml"
break_file 31150.xml
sed -i 's|<unit>31120</unit>|<unit>31153</unit>|' "$S/31120.xml"
grep -q '<unit>31153</unit>' "$S/31120.xml" || fail "the test did not change the unit of 31120.xml"
sleep 1 # a new second: the run's feedback files get a new mtime when rewritten
expect_exit 1 nightly inc
eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }
eq "$(q inc 'select validated from runs order by id desc limit 1')" "3" "validated in the second run"
expect_grep "$T/err" "and 2 feedback files (1 unchanged)"
expect_exit 1 nightly fresh
eq "$(q fresh 'select validated from runs order by id desc limit 1')" "$(ls "$S" | wc -l)" "validated in a first run"
same inc fresh
/usr/bin/python3 - inc/$P/2026-annual/feedback/31120.xlsx <<'EOF' > fb31120.txt
import sys, openpyxl
for row in openpyxl.load_workbook(sys.argv[1])["Phản hồi"].iter_rows(values_only=True):
    print("\t".join("" if v is None else str(v) for v in row))
EOF
expect_grep fb31120.txt "Tình trạng: Chưa nộp báo cáo"
expect_grep fb31120.txt "P04"
[ ! -e inc/$P/2026-annual/feedback/31135.xlsx ] || fail "feedback of the fixed unit 31135 was kept"
# the missing unit's feedback did not change: not rewritten
cmp fb0/31492.xlsx inc/$P/2026-annual/feedback/31492.xlsx || fail "31492.xlsx changed"
[ inc/$P/2026-annual/feedback/31492.xlsx -ot inc/$P/2026-annual/feedback/31150.xlsx ] ||
  fail "31492.xlsx was rewritten with the same content"

# --full revalidates everything on the same record: the same outputs again
cp -a inc full
expect_exit 1 nightly full --full
same inc full
echo "t43 ok"
