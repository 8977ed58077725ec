# t61: the Kiên Giang report renders from its own plan (6-month period,
# a count indicator with a target relative to a baseline) with the same code.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2024
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2025 --period h1
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year 2024
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o" consolidate --year 2025 --period h1
cp "$T/out" "$T/consolidate.txt"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2025 --period h1
pdf=$T/o/kiengiang-ctxh-2021-2030/2025-h1/report.pdf
pdftotext "$pdf" - 2>/dev/null | tr -d '\f' > "$T/text"
# issued under the identity of 18/6/2025: Sở Y tế of Kiên Giang (tests/e2e/t66 follows the dates)
expect_line "$T/text" "UBND TỈNH KIÊN GIANG"
expect_line "$T/text" "SỞ Y TẾ"
expect_line "$T/text" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
expect_line "$T/text" "Độc lập - Tự do - Hạnh phúc"
expect_line "$T/text" "Số: 187/BC-SYT"
expect_line "$T/text" "Kiên Giang, ngày 18 tháng 6 năm 2025"
expect_line "$T/text" "Lê Minh Khoa"
expect_line "$T/text" "- Bộ Y tế;"
expect_grep "$T/text" "6 tháng đầu năm 2025"
# ratio indicators as chart labels; the first-half count I4 is judged on the
# year's figures (its target is against a whole year), and I4B, whose target
# starts in 2026, is not shown in 2025
grep -E '^  I[0-9A-Z]+ ' "$T/consolidate.txt" > "$T/ind"
while read -r code value _; do
  case $code in I4|I4B) continue ;; esac
  expect_line "$T/text" "$value"
done < "$T/ind"
pdf_prose "$pdf" "$T/prose"
i4=$(awk '$1 == "I4" {print $2}' "$T/ind")
expect_grep "$T/prose" "Số người có hoàn cảnh khó khăn được tư vấn, hỗ trợ là $i4; chỉ tiêu đến năm 2025 tăng tối thiểu 20% so với năm 2020: chỉ tiêu được đánh giá theo số liệu cả năm."
expect_grep "$T/prose" "Đánh giá theo số liệu cả năm"
# I4B is not shown in 2025, on the terminal either
expect_no_grep "$T/ind" "I4B"
expect_no_grep "$T/prose" "quản lý ca được"
for bad in "(I1)" "I4B" "≥" "so với năm 2020 (" "mức yêu cầu)"; do
  expect_no_grep "$T/prose" "$bad"
done
# units report before the data window closes: the last month is an estimate, and said so
expect_grep "$T/prose" "số liệu từ ngày 15/05/2025 đến ngày 14/06/2025 là số ước thực hiện"
# an unnumbered report is a draft, marked on page 1
expect_no_grep "$T/prose" "DỰ THẢO"
# communes grouped under their district in Phụ lục II
expect_line "$T/text" "Thành phố Rạch Giá"
expect_line "$T/text" "Phụ lục II"
pdfinfo "$pdf" > "$T/info" 2>/dev/null
expect_line "$T/info" "Title:           Báo cáo: Kết quả thực hiện Chương trình phát triển công tác xã hội 6 tháng đầu năm 2025"
expect_line "$T/info" "Author:          Sở Y tế"
expect_line "$T/info" "Page size:       595.276 x 841.89 pts (A4)"
# the annual 2024 report too, numbered 412
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
pdftotext "$T/o/kiengiang-ctxh-2021-2030/2024-annual/report.pdf" - 2>/dev/null | tr -d '\f' > "$T/text24"
expect_line "$T/text24" "Số: 412/BC-SLĐTBXH"
expect_line "$T/text24" "SỞ LAO ĐỘNG - THƯƠNG BINH"
expect_line "$T/text24" "Kiên Giang, ngày 23 tháng 12 năm 2024"
echo ok
