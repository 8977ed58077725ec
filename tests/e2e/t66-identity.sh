# t66-identity.sh - the issuer is a dated fact: Kiên Giang's 2024 annual
# report is issued by Sở LĐ-TB&XH to Bộ LĐ-TB&XH, its 2025 first half by Sở
# Y tế of Kiên Giang to Bộ Y tế, its 2025 annual (a generated year, communes
# directly under the province) by Sở Y tế of An Giang; the PDF header,
# signature and Nơi nhận, the workbook headings and properties and the
# archive catalog all follow the report's date.
source "$TESTS_DIR/e2e/lib.sh"
PY=/usr/bin/python3

copy_ws kiengiang
rm -rf ws/submissions/2025-annual
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2025 --period annual
expect_exit 0 "$TONGHOP" -q -w ws -o o run --year 2024
rc=0; "$TONGHOP" -q -w ws -o o run --year 2025 --period h1 > "$T/h1.txt" 2>&1 || rc=$?
[ $rc = 1 ] || { cat "$T/h1.txt"; fail "the 2025 first half exited $rc, expected 1 (its deliberate errors)"; }
expect_exit 0 "$TONGHOP" -w ws -o o run --year 2025 --period annual
expect_grep "$T/out" "Tỉnh An Giang — 2025 annual: 41/41 đơn vị đã được chấp nhận"
dir=o/kiengiang-ctxh-2021-2030

# the 2025 annual consolidation: the sample's communes directly under the
# province (two levels), three of them merged into Đặc khu Phú Quốc
"$PY" - "$dir/2025-annual/consolidated.xml" <<'EOF' || fail "the 2025 hierarchy is not two-level"
import sys, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
root = ET.parse(sys.argv[1]).getroot().find("c:node", ns)
assert root.get("name") == "Tỉnh An Giang", root.get("name")
kids = root.findall("c:node", ns)
assert all(not k.findall("c:node", ns) for k in kids), "a unit under a unit"
codes = {k.get("code"): k for k in kids}
assert "SYT" in codes and "SLDTBXH" not in codes and "899" not in codes
assert codes["31078"].get("name") == "Đặc khu Phú Quốc"
assert "31081" not in codes and "31093" not in codes
assert len(kids) == 41, len(kids)
EOF

# page 1 as laid out, white space runs collapsed: left and right columns on one line
layout() { pdftotext -layout "$1" - 2>/dev/null | sed 's/^ *//; s/  */ /g' > "$2"; }
# the Nơi nhận list of a laid-out page, without the signer's lines level with it
noi_nhan() { sed -n '/^Nơi nhận:/,/^- Lưu:/p' "$1" | sed 's/ \(KT\. GIÁM ĐỐC\|PHÓ GIÁM ĐỐC\)$//' > "$2"; }
layout "$dir/2024-annual/report.pdf" "$T/p24"
expect_line "$T/p24" "UBND TỈNH KIÊN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
expect_line "$T/p24" "SỞ LAO ĐỘNG - THƯƠNG BINH Độc lập - Tự do - Hạnh phúc"
expect_line "$T/p24" "VÀ XÃ HỘI"
expect_line "$T/p24" "Số: 412/BC-SLĐTBXH Kiên Giang, ngày 23 tháng 12 năm 2024"
expect_line "$T/p24" "Nơi nhận: KT. GIÁM ĐỐC"
noi_nhan "$T/p24" "$T/p24-nn"
expect_line "$T/p24-nn" "- Bộ Lao động - Thương binh và Xã hội;"
expect_line "$T/p24-nn" "- UBND các huyện, thành phố;"
expect_grep "$T/p24" "Lê Minh Khoa"
expect_no_grep "$T/p24" "SỞ Y TẾ"

layout "$dir/2025-h1/report.pdf" "$T/h1"
expect_line "$T/h1" "UBND TỈNH KIÊN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
expect_line "$T/h1" "SỞ Y TẾ Độc lập - Tự do - Hạnh phúc"
expect_line "$T/h1" "Số: 187/BC-SYT Kiên Giang, ngày 18 tháng 6 năm 2025"
noi_nhan "$T/h1" "$T/h1-nn"
expect_line "$T/h1-nn" "- Bộ Y tế;"
expect_line "$T/h1-nn" "- Cục Bảo trợ xã hội;"
expect_no_grep "$T/h1" "Bộ Lao động - Thương binh và Xã hội;"
expect_no_grep "$T/h1" "SỞ LAO ĐỘNG"
# an agency of the plan closed in the reorganisation is said closed, with its successor, not "not a reporting unit"
pdf_prose "$dir/2025-h1/report.pdf" "$T/h1-prose"
expect_grep "$T/h1-prose" "- Sở Lao động - Thương binh và Xã hội: chấm dứt hoạt động từ ngày 01/03/2025, nhiệm vụ do Sở Y tế tiếp nhận; số liệu được tổng hợp tại Sở Y tế."
expect_no_grep "$T/h1-prose" "báo cáo này: Sở Lao động - Thương binh và Xã hội"
pdf_prose "$dir/2024-annual/report.pdf" "$T/p24-prose"
expect_no_grep "$T/p24-prose" "chấm dứt hoạt động"

layout "$dir/2025-annual/report.pdf" "$T/p25"
expect_line "$T/p25" "UBND TỈNH AN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
expect_line "$T/p25" "SỞ Y TẾ Độc lập - Tự do - Hạnh phúc"
expect_line "$T/p25" "Số: 523/BC-SYT An Giang, ngày 22 tháng 12 năm 2025"
noi_nhan "$T/p25" "$T/p25-nn"
expect_line "$T/p25-nn" "- Bộ Y tế;"
expect_line "$T/p25-nn" "- UBND các xã, phường, đặc khu;"
expect_grep "$T/p25" "Nguyễn Thanh Bình"
tr '\n' ' ' < "$T/p25" > "$T/p25.flat"
expect_grep "$T/p25.flat" "trên địa bàn tỉnh An Giang (khu vực tỉnh Kiên Giang cũ) như sau:"
expect_grep "$T/p25.flat" "(Kèm theo Báo cáo số 523/BC-SYT ngày 22 tháng 12 năm 2025 của Sở Y tế)"
expect_no_grep "$T/p25" "KIÊN GIANG CỘNG HÒA"
pdfinfo "$dir/2024-annual/report.pdf" > "$T/info24" 2>/dev/null
expect_line "$T/info24" "Author:          Sở Lao động - Thương binh và Xã hội"
pdfinfo "$dir/2025-annual/report.pdf" > "$T/info25" 2>/dev/null
expect_line "$T/info25" "Author:          Sở Y tế"

# the workbook's form heading (Nghị định 09/2019) and properties
cat > "$T/wb.py" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for name in ("Chỉ tiêu", "Tổng hợp"):
    ws = wb[name]
    for cell in ("A1", "A2", "A6"):
        print("%s!%s|%s" % (name, cell, ws[cell].value))
print("creator|%s" % wb.properties.creator)
EOF
"$PY" "$T/wb.py" "$dir/2024-annual/workbook.xlsx" > "$T/wb24"
expect_line "$T/wb24" "Chỉ tiêu!A1|UBND TỈNH KIÊN GIANG"
expect_line "$T/wb24" "Chỉ tiêu!A2|SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
expect_line "$T/wb24" "Tổng hợp!A6|Đơn vị báo cáo: Sở Lao động - Thương binh và Xã hội. Đơn vị nhận báo cáo: Ủy ban nhân dân tỉnh và Bộ Lao động - Thương binh và Xã hội. Hạn gửi báo cáo lên: trước ngày 25/12/2024; hạn các đơn vị gửi báo cáo về Sở Lao động - Thương binh và Xã hội: ngày 14/12/2024."
expect_line "$T/wb24" "creator|SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
"$PY" "$T/wb.py" "$dir/2025-h1/workbook.xlsx" > "$T/wbh1"
expect_line "$T/wbh1" "Chỉ tiêu!A1|UBND TỈNH KIÊN GIANG"
expect_line "$T/wbh1" "Chỉ tiêu!A2|SỞ Y TẾ"
expect_line "$T/wbh1" "Chỉ tiêu!A6|Đơn vị báo cáo: Sở Y tế. Đơn vị nhận báo cáo: Bộ Y tế (Cục Bảo trợ xã hội) và Ủy ban nhân dân tỉnh. Hạn gửi báo cáo lên: trước ngày 20/06/2025; hạn các đơn vị gửi báo cáo về Sở Y tế: ngày 14/05/2025."
"$PY" "$T/wb.py" "$dir/2025-annual/workbook.xlsx" > "$T/wb25"
expect_line "$T/wb25" "Chỉ tiêu!A1|UBND TỈNH AN GIANG"
expect_line "$T/wb25" "Tổng hợp!A2|SỞ Y TẾ"
expect_line "$T/wb25" "Chỉ tiêu!A6|Đơn vị báo cáo: Sở Y tế. Đơn vị nhận báo cáo: Bộ Y tế và Ủy ban nhân dân tỉnh An Giang. Hạn gửi báo cáo lên: trước ngày 25/12/2025; hạn các đơn vị gửi báo cáo về Sở Y tế: ngày 14/12/2025."

# the archive catalog: issuer, document number and file name by the report's date
sqlite3 -separator '|' o/archive/catalog.sqlite \
  "SELECT year, period, issuing_body, issuing_unit, symbol, doc_number, name FROM documents
   WHERE kind = 'report-pdf' ORDER BY year, period" > "$T/catalog"
expect_line "$T/catalog" "2024|annual|SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI|SLDTBXH|BC-SLĐTBXH|412/BC-SLĐTBXH|BC-SLDTBXH-412-2024-nam.pdf"
expect_line "$T/catalog" "2025|annual|SỞ Y TẾ|SYT|BC-SYT|523/BC-SYT|BC-SYT-523-2025-nam.pdf"
expect_line "$T/catalog" "2025|h1|SỞ Y TẾ|SYT|BC-SYT|187/BC-SYT|BC-SYT-187-2025-6-thang-dau-nam.pdf"
expect_exit 0 "$TONGHOP" -w ws -o o archive list --unit SYT
expect_grep "$T/out" "BC-SYT-523-2025-nam.pdf"
expect_no_grep "$T/out" "BC-SLDTBXH-412-2024-nam.pdf"
echo ok
