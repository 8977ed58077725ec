# t32: the funding of the period is its own item after the plan's tasks, as
# the plans have it (part III "Kinh phí thực hiện"), not a sentence under the
# task on legal documents: Cần Thơ's 1.9 after its eight tasks, Kiên Giang's
# 1.7 after its six; the legal-documents task with no figures says so.
source "$TESTS_DIR/e2e/lib.sh"

expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/cantho" -o ct run --year 2026
pdf_prose ct/cantho-ctxh-2026-2030/2026-annual/report.pdf "$T/ct.txt"
expect_grep "$T/ct.txt" "1.1. Chỉ đạo tham mưu ban hành và thực hiện các văn bản quy phạm pháp luật về công tác xã hội Biểu mẫu báo cáo của các đơn vị không có số liệu thống kê về nhiệm vụ này."
expect_grep "$T/ct.txt" "1.9. Kinh phí thực hiện Tổng kinh phí thực hiện Chương trình trong kỳ là 37.480.000.000 đồng, trong đó ngân sách nhà nước 26.879.000.000 đồng, nguồn xã hội hóa 10.601.000.000 đồng. 2. Kết quả thực hiện của các cơ quan"

expect_exit 0 "$TONGHOP" -q -w "$ROOT/input/kiengiang" -o kg run --year 2024
pdf_prose kg/kiengiang-ctxh-2021-2030/2024-annual/report.pdf "$T/kg.txt"
expect_grep "$T/kg.txt" "1.7. Kinh phí thực hiện Tổng kinh phí thực hiện Chương trình trong kỳ là 22.409.000.000 đồng"
expect_no_grep "$T/kg.txt" "mức lương cơ sở (2.340.000 đồng/tháng). Tổng kinh phí"
