# t812: the output side. `archive get` writes only a new file, or with
# --force replaces a regular file (by rename): a FIFO, a device, a directory,
# a link (dangling or not) and an existing file are refused, exit 2, named.
# -o (or --archive) inside submissions/ is refused by every stage that
# writes, so a run never reads its own outputs. nightly writes
# validation-nightly.xml, so after a nightly run in the same -o the report
# and the archive still see run's validation.xml and the archived workbook
# still reproduces.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"

archive_fixture 3
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
get() { "$TONGHOP" -o output archive get --year 2026 "$@"; }

# a FIFO: refused (a write would block, or feed whoever reads it), left as it is
mkfifo fifo
expect_exit 2 get --out fifo
expect_grep err "không ghi ra 'fifo': đây không phải tệp thông thường (FIFO, thiết bị hoặc socket)"
expect_exit 2 get --out fifo --force
[ -p fifo ] || fail "the FIFO was replaced"
# a device, even with --force
expect_exit 2 get --out /dev/null --force
expect_grep err "không ghi ra '/dev/null': đây không phải tệp thông thường"
[ -c /dev/null ] || fail "/dev/null was replaced"
# a directory: the message says how to name the file in it
mkdir dir
expect_exit 2 get --out dir
expect_grep err "không ghi ra 'dir': đây là một thư mục; hãy ghi cả tên tệp, ví dụ --out 'dir/BC-SYT-15-2026-nam.pdf'"
expect_exit 0 get --out dir/BC-SYT-15-2026-nam.pdf
cmp dir/BC-SYT-15-2026-nam.pdf $PD/report.pdf || fail "get --out DIR/NAME"
# a link to a file, a dangling link: never written through, never replaced
echo precious > precious
ln -s precious link
ln -s "$T/nowhere" dangling
for l in link dangling; do
  expect_exit 2 get --out $l --force
  expect_grep err "không ghi ra '$l': đây là một liên kết tượng trưng; tonghop không ghi qua liên kết, hãy chọn một tên tệp khác"
  [ -L $l ] || fail "$l was replaced"
done
[ "$(cat precious)" = precious ] || fail "the link's target was written"
[ ! -e nowhere ] || fail "the dangling link's target was created"
# an existing file: kept, unless --force, which replaces it by rename
echo old > exist.pdf
ln exist.pdf exist-hardlink
expect_exit 2 get --out exist.pdf
expect_grep err "không ghi đè 'exist.pdf': tệp đã có; thêm --force để thay thế"
[ "$(cat exist.pdf)" = old ] || fail "an existing file was overwritten without --force"
expect_exit 0 get --out exist.pdf --force
cmp exist.pdf $PD/report.pdf || fail "--force did not replace the file"
[ "$(cat exist-hardlink)" = old ] || fail "--force wrote through the file's other name"
# the default name in the current directory: the same rule
mkdir here && cd here
expect_exit 0 "$TONGHOP" -o ../output archive get --year 2026
expect_exit 2 "$TONGHOP" -o ../output archive get --year 2026
expect_grep "$T/err" "không ghi đè 'BC-SYT-15-2026-nam.pdf': tệp đã có"
cd "$T"
ls -a . here dir | grep -q '\.tmp\.' && fail "temp files left: $(ls -a . here dir)"

# -o inside submissions/: refused by every stage that writes, before it writes
S=ws/submissions/2026-annual
ls -laR ws/submissions > before
ln -s "$T/$S" out-link
for o in ws/submissions "$S" "$S/out/new" out-link ws/submissions/../submissions/x; do
  for stage in validate consolidate report run forms nightly "archive add"; do
    expect_exit 2 "$TONGHOP" -w ws -o "$o" $stage --year 2026
    expect_grep err "thư mục kết quả (-o) '$o' nằm trong thư mục bài nộp 'ws/submissions': lần chạy sau sẽ đọc lại chính kết quả của nó như bài nộp"
  done
done
expect_exit 2 "$TONGHOP" -w ws -o output archive add --year 2026 --archive "$S/archive"
expect_grep err "kho lưu trữ (--archive) '$S/archive' nằm trong thư mục bài nộp"
ls -laR ws/submissions > after
cmp before after || { diff before after; fail "a refused stage wrote into submissions/"; }
# beside it is fine
expect_exit 0 "$TONGHOP" -q -w ws -o ws/submissions/../out validate --year 2026
[ -f ws/out/$PLAN/2026-annual/validation.xml ] || fail "-o ws/submissions/../out not written"

# run and nightly in the same -o: nightly's validation stays its own
copy_ws_empty cantho
"$TONGHOP" -q -w ws gen --year 2026 || fail "gen failed"
rm -rf output
expect_exit 0 "$TONGHOP" -q -w ws -o output run --year 2026
cp $PD/validation.xml run-validation.xml
# received long after the deadline: nightly finds every file late
expect_exit 0 "$TONGHOP" -q -w ws -o output nightly --year 2026 --now 2027-06-01T00:00:00
[ "$(grep -c 'code="P01"' $PD/validation-nightly.xml)" = 128 ] || fail "nightly's validation has no P01 for every file"
cmp run-validation.xml $PD/validation.xml || fail "nightly changed run's validation.xml"
# the report made again, and archived again: the same bytes, the same version
expect_exit 0 "$TONGHOP" -q -w ws -o output report --year 2026
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_line out "BC-SYT-15-2026-nam.xlsx: already archived as version 1"
unset TONGHOP_REPRODUCE_CMD
expect_exit 0 "$TONGHOP" -o output archive reproduce --year 2026 --kind xlsx
expect_grep out "identical: BC-SYT-15-2026-nam.xlsx version 1"

# a submission replaced by a link (to the same bytes) after consolidation is
# gone for archive add: never followed, never archived
f=$(ls ws/submissions/2026-annual/*.xml | head -1)
mv "$f" "$T/moved.xml"
ln -s "$T/moved.xml" "$f"
expect_exit 2 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'$f' named in "
expect_grep err " is gone: the inputs changed since consolidation"
