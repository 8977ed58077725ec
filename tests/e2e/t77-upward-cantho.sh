# t77: `tonghop upward` on the Cần Thơ sample: upward.xml valid against
# submission.xsd with its <source> hashes, the root's totals as its fields
# (read with python from consolidated.xml), the XLSX copy holding the same
# numbers (openpyxl through the form's cell map), both read back by
# validate, archived beside the report, checked by reproduce, same bytes
# from the same inputs; refused without an archived report.
source "$TESTS_DIR/e2e/lib.sh"
FIG="/usr/bin/python3 $ROOT/tests/fixtures/boyte/figures.py"
PD=o1/cantho-ctxh-2026-2030/2026-annual
copy_ws cantho

# no consolidation yet, then no archived report: refused, nothing written
expect_exit 2 "$TONGHOP" -w ws -o o1 upward --year 2026
expect_grep err "no consolidation '$PD/consolidated.xml'"
rc=0; "$TONGHOP" -q -w ws -o o1 run --year 2026 --no-archive > /dev/null 2>run.err || rc=$?
[ $rc = 1 ] || { cat run.err; fail "run exited $rc"; }
expect_exit 2 "$TONGHOP" -w ws -o o1 upward --year 2026
expect_grep err "no archive in 'o1/archive'"
[ ! -e $PD/upward.xml ] || fail "upward.xml written without an archived report"
rc=0; "$TONGHOP" -q -w ws -o o1 run --year 2026 > /dev/null 2>&1 || rc=$?
[ $rc = 1 ] || { cat run.err; fail "run exited $rc"; }

expect_exit 0 "$TONGHOP" -w ws -o o1 upward --year 2026
expect_grep out "$PD/upward.xml: 92 2026 annual, drawn from consolidated.xml"
expect_grep out "BC-SYT-15-2026-nam.pdf version 1"
expect_grep out "BC-SYT-15-2026-nam-cap-tren.xml: archived as version 1"
expect_grep out "BC-SYT-15-2026-nam-cap-tren.xlsx: archived as version 1"
xmllint --noout --schema "$ROOT/schemas/submission.xsd" $PD/upward.xml 2> xsd.err || { cat xsd.err; fail "upward.xml not valid"; }

# the hashes it carries are the consolidation's and the archived report's
cons_sha=$(sha256sum $PD/consolidated.xml | cut -c1-64)
pdf_sha=$(sha256sum $PD/report.pdf | cut -c1-64)
expect_grep $PD/upward.xml "<consolidation plan=\"cantho-ctxh-2026-2030\" sha256=\"$cons_sha\"/>"
expect_grep $PD/upward.xml "<report name=\"BC-SYT-15-2026-nam.pdf\" version=\"1\" sha256=\"$pdf_sha\"/>"
arch_sha=$(sqlite3 o1/archive/catalog.sqlite "SELECT sha256 FROM documents WHERE kind = 'report-pdf'")
[ "$arch_sha" = "$pdf_sha" ] || fail "report hash is not the archived one"

# its fields are the root's totals; the XLSX copy holds the same numbers
$FIG cons $PD/consolidated.xml > root.txt
$FIG sub $PD/upward.xml > xml.txt
$FIG xlsx $PD/upward.xlsx "$ROOT/templates/form.xml" > xlsx.txt
[ "$(wc -l < root.txt)" = 70 ] || fail "expected 70 fields"
expect_line root.txt "people.helped 16080"
cmp root.txt xml.txt || { diff root.txt xml.txt; fail "upward.xml fields are not the root totals"; }
cmp root.txt xlsx.txt || { diff root.txt xlsx.txt; fail "upward.xlsx numbers are not the root totals"; }
expect_grep $PD/upward.xml "<submitted>2026-12-28</submitted>"
expect_grep $PD/upward.xml "Sở Y tế tổng hợp báo cáo năm 2026 của Thành phố Cần Thơ: 105/128 đơn vị có báo cáo được chấp nhận"
expect_grep $PD/upward.xml "I1 (Tỷ lệ cơ quan, tổ chức, cơ sở bố trí nhân sự làm công tác xã hội): 61,6%, mục tiêu ≥ 90% (Chưa đạt)."

# both read back by validate as a submission of unit 92, without an error
expect_exit 0 "$TONGHOP" -w ws validate $PD/upward.xml
expect_no_grep out " S0"
expect_grep out "1 tệp: 1 chấp nhận"
expect_exit 0 "$TONGHOP" -w ws validate $PD/upward.xlsx
expect_grep out "1 tệp: 1 chấp nhận"

# archived beside the report; verify and reproduce know them
expect_exit 0 "$TONGHOP" -o o1 archive list --year 2026
expect_grep out "BC-SYT-15-2026-nam-cap-tren.xml"
expect_exit 0 "$TONGHOP" -o o1 archive verify
expect_exit 0 "$TONGHOP" -o o1 archive reproduce --year 2026
expect_grep out "checked: BC-SYT-15-2026-nam-cap-tren.xml version 1"
expect_grep out "identical: BC-SYT-15-2026-nam.pdf version 1"
# again: the same bytes, nothing new archived
expect_exit 0 "$TONGHOP" -w ws -o o1 upward --year 2026
expect_grep out "BC-SYT-15-2026-nam-cap-tren.xml: already archived as version 1"

# same inputs, same bytes, in another output directory
rc=0; "$TONGHOP" -q -w ws -o o2 run --year 2026 > /dev/null 2>&1 || rc=$?
[ $rc = 1 ] || fail "second run exited $rc"
expect_exit 0 "$TONGHOP" -q -w ws -o o2 upward --year 2026
P2=o2/cantho-ctxh-2026-2030/2026-annual
cmp $PD/upward.xml $P2/upward.xml || fail "upward.xml differs between two runs"
cmp $PD/upward.xlsx $P2/upward.xlsx || fail "upward.xlsx differs between two runs"

# the ministry checks it against the province's archive (--verify-archive):
# DIR an archive, or one archive per unit code
mkdir -p bw/submissions/2026-annual arch
cp "$ROOT"/input/boyte/*.xml bw/
cp $PD/upward.xml bw/submissions/2026-annual/92.xml
cp $PD/upward.xlsx bw/submissions/2026-annual/92.xlsx
expect_exit 0 "$TONGHOP" -w bw -o ob validate --year 2026 --verify-archive o1/archive
expect_grep out "2 tệp: 1 chấp nhận, 0 bị từ chối, 1 đã được thay thế"
ln -s ../o1/archive arch/92
expect_exit 0 "$TONGHOP" -w bw -o ob validate --year 2026 --verify-archive arch
# a tampered file (one word of its narrative) is rejected by name; the rest goes on
sed -i 's|Sở Y tế tổng hợp báo cáo|Sở Y tế đã tổng hợp báo cáo|' bw/submissions/2026-annual/92.xml
line=$(grep -n '<source>' bw/submissions/2026-annual/92.xml | cut -d: -f1)
sha=$(sha256sum bw/submissions/2026-annual/92.xml | cut -c1-16)
expect_exit 1 "$TONGHOP" -w bw -o ob run --year 2026 --no-archive --verify-archive arch
expect_line out "bw/submissions/2026-annual/92.xml:$line: A01: tệp không khớp với báo cáo gửi cấp trên đã lưu trong kho lưu trữ 'arch/92' (SHA-256 $sha… không có trong kho): tệp đã bị sửa sau khi gửi, hoặc chưa được lưu trữ; đề nghị đơn vị 92 gửi lại bản đã lưu trữ"
expect_grep out "2 tệp: 1 chấp nhận, 1 bị từ chối"
expect_grep ob/boyte-ctxh-2021-2030/2026-annual/validation.xml 'code="A01"'
# without the check the same file passes: nothing else catches it
expect_exit 0 "$TONGHOP" -w bw -o ob validate --year 2026
# a <source> naming a report the archive does not hold (archived as sent): A02
sed -i 's|Sở Y tế đã tổng hợp báo cáo|Sở Y tế tổng hợp báo cáo|' bw/submissions/2026-annual/92.xml
cmp bw/submissions/2026-annual/92.xml $PD/upward.xml || fail "could not undo the change"
sed -i "s|<report name=\"BC-SYT-15-2026-nam.pdf\" version=\"1\" sha256=\"$pdf_sha\"/>|<report name=\"BC-SYT-15-2026-nam.pdf\" version=\"1\" sha256=\"$cons_sha\"/>|" $PD/upward.xml
expect_exit 0 "$TONGHOP" -w ws -o o1 archive add --year 2026
expect_grep out "BC-SYT-15-2026-nam-cap-tren-v2.xml: archived as version 2"
cp $PD/upward.xml bw/submissions/2026-annual/92.xml
expect_exit 1 "$TONGHOP" -w bw -o ob validate --year 2026 --verify-archive arch
expect_grep out "92.xml:$line: A02: phần <source> không khớp với kho lưu trữ 'arch/92': báo cáo BC-SYT-15-2026-nam.pdf"
# no archive for the unit: A03
mkdir empty
expect_exit 1 "$TONGHOP" -w bw -o ob validate --year 2026 --verify-archive empty
expect_grep out "92.xlsx: A03: không tìm thấy kho lưu trữ của đơn vị '92' trong 'empty'"
expect_exit 2 "$TONGHOP" -w bw -o ob validate --year 2026 --verify-archive nowhere
expect_grep err "--verify-archive: 'nowhere' is not a directory"

# a consolidation made again after the upward file: the stale one is not
# archived with the new report
touch ws/submissions/2026-annual/31120.xml
cp "$ROOT/input/cantho/submissions/2026-annual/31237.xml" ws/submissions/2026-annual/31237-lan2.xml
sed -i 's|<submitted>2026-12-01</submitted>|<submitted>2026-12-02</submitted>|' ws/submissions/2026-annual/31237-lan2.xml
rc=0; "$TONGHOP" -w ws -o o1 run --year 2026 > /dev/null 2> err || rc=$?
[ $rc = 1 ] || { cat err; fail "third run exited $rc"; }
expect_grep err "upward.xml' was drawn from another consolidation: not archived"
echo "t77-upward-cantho ok"
