#!/usr/bin/env bash
# nightly: only new and changed files are revalidated (checked from the
# record), resubmissions supersede, missing and late units reach the
# overview and the feedback files, disappeared files stay on record.
source "${TESTS_DIR:?}/e2e/lib.sh" || exit 1

copy_ws cantho
rm -rf ws/submissions
S=ws/submissions/2026-annual
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --into "$S"
mv "$S/31492.xml" "$T/31492.xml"          # Xã Lương Tâm has not reported yet
N=$(ls "$S" | wc -l)
DB=res/cantho-ctxh-2026-2030/nightly.sqlite
O=res/cantho-ctxh-2026-2030/2026-annual
q() { sqlite3 "$DB" "$1"; }
eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }
nightly() { "$TONGHOP" -w ws -o res nightly --year 2026 --now "$1"; }
# cell values of a sheet of a workbook, one row per line, tab-separated
sheet() {
  /usr/bin/python3 - "$1" "$2" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
for row in ws.iter_rows(values_only=True):
    print("\t".join("" if v is None else (str(int(v)) if isinstance(v, float) and v == int(v) else str(v)) for v in row))
EOF
}

# first run: everything is new
expect_exit 0 nightly 2026-12-10T02:00:00
eq "$(q 'select count(*) from submissions')" "$N" "rows after the first run"
eq "$(q 'select validated from runs order by id desc limit 1')" "$N" "validated in the first run"
expect_grep "$T/out" "0 bị từ chối"
xmllint --noout "$O/validation-nightly.xml" || fail "validation-nightly.xml is not well-formed"

# nothing new: no work, and it says so
expect_exit 0 nightly 2026-12-11T02:00:00
expect_grep "$T/err" "nothing changed since last run"
eq "$(q 'select validated from runs order by id desc limit 1')" "0" "validated with nothing new"

# the missing unit is in the overview and gets a feedback file
sheet "$O/overview.xlsx" "Chưa báo cáo" > missing.txt
expect_grep missing.txt "31492	Xã Lương Tâm	Xã	Thành phố Cần Thơ"
sheet "$O/overview.xlsx" "Tổng hợp" > summary.txt
# root: expected, received, accepted, rejected, missing, late
expect_grep summary.txt "92	Thành phố Cần Thơ	Thành phố trực thuộc trung ương	$((N + 1))	$N	$N	0	1	0	"
# a ward (nothing under it): its status only, the counts are on the rows above
expect_line summary.txt "31492	Xã Lương Tâm	Xã								Chưa nộp báo cáo"
expect_line summary.txt "31120	Phường Cái Khế	Phường								Đã chấp nhận"
sheet "$O/feedback/31492.xlsx" "Phản hồi" > fb.txt
expect_grep fb.txt "P04	Chưa nộp	Cả báo cáo	Chưa nhận được báo cáo kỳ năm 2026 của đơn vị"

# change one file: only that file is revalidated, the old content is superseded
sed -i 's|<preparedBy>[^<]*</preparedBy>|<preparedBy>Nguyễn Văn Sửa</preparedBy>|' "$S/31120.xml"
expect_exit 0 nightly 2026-12-12T02:00:00
run=$(q 'select max(id) from runs')
eq "$(q "select validated from runs where id = $run")" "1" "validated after one change"
eq "$(q "select file from submissions where run = $run")" "31120.xml" "the one file revalidated"
eq "$(q 'select count(*) from submissions')" "$((N + 1))" "rows after a change"
eq "$(q "select status || ' ' || current from submissions where file = '31120.xml' order by id")" \
   "superseded 0
accepted 1" "statuses of 31120.xml"
eq "$(q "select count(*) from submissions s join submissions n on s.superseded_by = n.id where s.file = '31120.xml' and n.received = '2026-12-12T02:00:00'")" "1" "old 31120.xml superseded by the new one"
eq "$(q "select count(*) from submissions where current = 1 and received = '2026-12-10T02:00:00'")" "$((N - 1))" "untouched files keep their received time"

# a resubmission with an error: rejected, with its line, in the agency's feedback
line=$(grep -n '<trained>' "$S/31135.xml" | head -1 | cut -d: -f1)
cp "$S/31135.xml" "$T/31135.xml"
sed -i "${line}s|<trained>[0-9]*</trained>|<trained>999</trained>|" "$S/31135.xml"
expect_exit 1 nightly 2026-12-13T02:00:00
expect_grep "$T/out" "31135.xml:$line: R03 workforce."
sheet "$O/feedback/31135.xlsx" "Phản hồi" > fb.txt
expect_grep fb.txt "31135.xml	dòng $line	R03	Lỗi	"
expect_grep fb.txt "Tình trạng: Bị từ chối: cần sửa và nộp lại"
sheet "$O/overview.xlsx" "Có lỗi" > errors.txt
expect_grep errors.txt "31135	Phường Ninh Kiều	submissions/2026-annual/31135.xml	13/12/2026 02:00:00	"
eq "$(q "select status from submissions where file = '31135.xml' order by id")" "superseded
rejected" "statuses of 31135.xml"
# fixed before the deadline: accepted, and its feedback file goes away
cp "$T/31135.xml" "$S/31135.xml"
expect_exit 0 nightly 2026-12-14T02:00:00
[ ! -e "$O/feedback/31135.xlsx" ] || fail "feedback of a fixed unit was kept"
eq "$(q "select status from submissions where file = '31135.xml' order by id")" "superseded
superseded
accepted" "statuses of 31135.xml after the fix"

# a late report: received after the deadline (20/12/2026)
cp "$T/31492.xml" "$S/31492.xml"
expect_exit 0 nightly 2026-12-22T08:00:00
eq "$(q "select received from submissions where file = '31492.xml'")" "2026-12-22T08:00:00" "received time of the late file"
expect_grep "$O/validation-nightly.xml" "nộp muộn: ngày 22/12/2026, hạn nộp 20/12/2026"
sheet "$O/overview.xlsx" "Nộp muộn" > late.txt
expect_line late.txt "31492	Xã Lương Tâm	submissions/2026-annual/31492.xml	22/12/2026 08:00:00	20/12/2026	2"
sheet "$O/feedback/31492.xlsx" "Phản hồi" > fb.txt
expect_grep fb.txt "P01	Cảnh báo	Ngày báo cáo	nộp muộn"
expect_no_grep fb.txt "P04"
sheet "$O/overview.xlsx" "Chưa báo cáo" > missing.txt
expect_no_grep missing.txt "31492"

# a resubmission under another name supersedes the earlier file
sed -e 's|<submitted>[^<]*</submitted>|<submitted>2026-12-21</submitted>|' \
    -e 's|<preparedBy>[^<]*</preparedBy>|<preparedBy>Lê Thị Bổ Sung</preparedBy>|' "$S/31150.xml" > "$S/31150-lan2.xml"
expect_exit 0 nightly 2026-12-23T02:00:00
eq "$(q "select file || ' ' || status from submissions where unit = '31150' and current = 1 order by file")" \
   "31150-lan2.xml accepted
31150.xml superseded" "resubmission under another name"
expect_grep "$O/validation-nightly.xml" "đã được thay thế bởi bản nộp sau 31150-lan2.xml"

# a file that disappears is reported, and its record kept
mv "$S/31153.xml" 31153.keep
expect_exit 0 nightly 2026-12-24T02:00:00
expect_grep "$T/err" "file 'ws/submissions/2026-annual/31153.xml' (unit 31153) has disappeared from the input directory; its record is kept"
eq "$(q "select current || ' ' || gone from submissions where file = '31153.xml'")" "0 2026-12-24T02:00:00" "gone file on record"
sheet "$O/overview.xlsx" "Tệp không còn" > gone.txt
expect_grep gone.txt "31153.xml	31153	Phường Ô Môn	10/12/2026 02:00:00	24/12/2026 02:00:00	accepted"
sheet "$O/overview.xlsx" "Chưa báo cáo" > missing.txt
expect_grep missing.txt "31153	Phường Ô Môn"

# the same record gives the same bytes; fixed units lose their feedback file
cp "$O/overview.xlsx" ov1.xlsx
cp "$O/feedback/31492.xlsx" fb1.xlsx
rm -r "$O/overview.xlsx" "$O/feedback"
expect_exit 0 nightly 2026-12-25T02:00:00
expect_grep "$T/err" "nothing changed since last run"
cmp "$O/overview.xlsx" ov1.xlsx || fail "overview.xlsx differs for the same record"
cmp "$O/feedback/31492.xlsx" fb1.xlsx || fail "feedback differs for the same record"

# a file that comes back with the content it had keeps its first receipt
# (found by its hash, which a file with no current row gets when it is read)
cp 31153.keep "$S/31153.xml"
expect_exit 0 nightly 2026-12-26T02:00:00
expect_grep "$T/err" "file 'ws/submissions/2026-annual/31153.xml' is back with the content it had; its first receipt (2026-12-10T02:00:00) stands"
eq "$(q "select current || ' ' || received || ' ' || status from submissions where file = '31153.xml' order by id desc limit 1")" \
   "1 2026-12-10T02:00:00 accepted" "a file back with its content"
eq "$(q 'select validated from runs order by id desc limit 1')" "1" "validated when it came back"

# a changed configuration revalidates everything, keeping received times
sed -i 's|<rules xmlns|<!-- sửa -->\n<rules xmlns|' ws/rules.xml
expect_exit 0 nightly 2026-12-27T02:00:00
eq "$(q 'select validated from runs order by id desc limit 1')" "$(ls "$S" | wc -l)" "revalidated after a configuration change"
eq "$(q "select received from submissions where file = '31492.xml'")" "2026-12-22T08:00:00" "received time kept"

# usage errors
expect_exit 2 "$TONGHOP" -w ws -o res nightly --year 2026 --now tomorrow
expect_grep "$T/err" "--now takes a time such as 2026-12-21T02:00:00, not 'tomorrow'"
echo "t40 ok"
