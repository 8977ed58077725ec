# t62: report numbering and dates by the rules of Nghị định 30/2020, the
# completeness list, a workspace's own template, and template errors with
# their file and line.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
for y in 2027 2028; do
  expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year $y
done
# 2027: three units did not report, one report is rejected
rm "$T/ws/submissions/2027-annual/31147.xml" "$T/ws/submissions/2027-annual/STP.xml" \
   "$T/ws/submissions/2027-annual/SYT-BVPS.xml"
sed -i '0,/<total>[0-9]*<\/total>/s//<total>-5<\/total>/' "$T/ws/submissions/2027-annual/31150.xml"
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year 2027
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2027
pdftotext "$T/o/cantho-ctxh-2026-2030/2027-annual/report.pdf" - 2>/dev/null | tr -d '\f' > "$T/t27"
# numbers below 10 get a leading zero; so do months 1-2 and days below 10 (not month 12)
expect_line "$T/t27" "Số: 09/BC-SYT"
expect_line "$T/t27" "Cần Thơ, ngày 29 tháng 12 năm 2027"
tr '\n' ' ' < "$T/t27" > "$T/t27flat"
expect_grep "$T/t27flat" "Các đơn vị chưa gửi báo cáo (3 đơn vị): Bệnh viện Phụ sản thành phố Cần Thơ, Sở Tư pháp, Phường Tân An."
expect_grep "$T/t27flat" "Các đơn vị gửi báo cáo chưa đạt yêu cầu (1 đơn vị): Phường An Bình."
expect_grep "$T/t27flat" "(*) Số liệu chưa đầy đủ: 124/128 đơn vị đã gửi báo cáo đạt yêu cầu."
expect_grep "$T/t27flat" "Sở Tư pháp"
expect_grep "$T/t27flat" "Chưa báo cáo"
expect_grep "$T/t27flat" "Bị từ chối"

# 2028: the plan has no number yet: a draft with blanks
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year 2028
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2028
pdftotext -raw "$T/o/cantho-ctxh-2026-2030/2028-annual/report.pdf" - 2>/dev/null | tr -d '\f' > "$T/t28"
expect_grep "$T/t28" "Số: /BC-SYT"
expect_grep "$T/t28" "Cần Thơ, ngày tháng năm 2028"
pdfinfo "$T/o/cantho-ctxh-2026-2030/2028-annual/report.pdf" > "$T/i28" 2>/dev/null
expect_grep "$T/i28" "CreationDate:    Thu Dec 14 01:00:00 2028 UTC"

# a template in the workspace wins over templates/
cp "$ROOT/templates/report-ctxh.xml" "$T/ws/report-ctxh.xml"
sed -i 's|<summary>Kết quả thực hiện|<summary>Tình hình và kết quả thực hiện|' "$T/ws/report-ctxh.xml"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2028
pdfinfo "$T/o/cantho-ctxh-2026-2030/2028-annual/report.pdf" > "$T/i28" 2>/dev/null
expect_line "$T/i28" "Title:           Báo cáo: Tình hình và kết quả thực hiện Chương trình phát triển công tác xã hội năm 2028"

# unknown placeholders: a configuration error naming the file and line, every one of them
sed -i 's|<p>Tổng kinh phí|<p>Giá trị {I9.value} và {root.people.nobody}. Tổng kinh phí|' "$T/ws/report-ctxh.xml"
line=$(grep -n '{I9.value}' "$T/ws/report-ctxh.xml" | cut -d: -f1)
before=$(cksum < "$T/o/cantho-ctxh-2026-2030/2028-annual/report.pdf")
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2028
expect_grep "$T/err" "$T/ws/report-ctxh.xml:$line: unknown placeholder '{I9.value}' in the report template"
expect_grep "$T/err" "$T/ws/report-ctxh.xml:$line: unknown placeholder '{root.people.nobody}' in the report template"
[ "$before" = "$(cksum < "$T/o/cantho-ctxh-2026-2030/2028-annual/report.pdf")" ] || fail "a failed run replaced the report"

# a template that breaks its schema
cp "$ROOT/templates/report-ctxh.xml" "$T/ws/report-ctxh.xml"
sed -i 's|<indicatorTable/>|<indicatorTabel/>|' "$T/ws/report-ctxh.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2028
expect_grep "$T/err" "$T/ws/report-ctxh.xml:"
expect_grep "$T/err" "indicatorTabel"
echo ok
