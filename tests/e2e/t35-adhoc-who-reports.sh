#!/usr/bin/env bash
# t35: the report names who was asked to report from the registry's kinds
# of the units the period asks, not a fixed "cơ quan, đơn vị, địa phương":
# the Cần Thơ sample's dx-2026-09 asks six facilities (kind "Cơ sở") and
# says "4/6 cơ sở thuộc diện báo cáo" in its opening, I., section III and
# V., "2. Kết quả thực hiện của các cơ sở"; asked of units of two kinds it
# says "đơn vị"; the annual report, which names no units, keeps "cơ quan,
# đơn vị, địa phương".
source "$TESTS_DIR/e2e/lib.sh"

copy_ws cantho
adhoc=res/cantho-ctxh-2026-2030/2026-dx-2026-09/report.pdf
expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
pdf_prose $adhoc "$T/adhoc"
expect_grep "$T/adhoc" "; trên cơ sở báo cáo của 4/6 cơ sở thuộc diện báo cáo, Sở Y tế báo cáo"
expect_grep "$T/adhoc" "Sở Y tế đã gửi biểu mẫu và hướng dẫn các cơ sở báo cáo kết quả thực hiện 9 tháng đầu năm 2026"
expect_grep "$T/adhoc" "Có 4/6 cơ sở thuộc diện báo cáo đã gửi báo cáo đạt yêu cầu (tỷ lệ 66,7%); 1 đơn vị gửi báo cáo chưa đạt yêu cầu"
expect_grep "$T/adhoc" "2. Kết quả thực hiện của các cơ sở - Sở Y tế: 4/6 cơ sở trực thuộc"
expect_grep "$T/adhoc" "Các kết quả trên được tính từ số liệu của 4/6 cơ sở đã gửi báo cáo đạt yêu cầu."
expect_grep "$T/adhoc" "- Đôn đốc, hướng dẫn các cơ sở gửi báo cáo đầy đủ, đúng thời hạn;"
expect_no_grep "$T/adhoc" "cơ quan, đơn vị, địa phương"

expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period annual --no-archive
pdf_prose res/cantho-ctxh-2026-2030/2026-annual/report.pdf "$T/annual"
expect_grep "$T/annual" "cơ quan, đơn vị, địa phương thuộc diện báo cáo, Sở Y tế báo cáo"
expect_grep "$T/annual" "2. Kết quả thực hiện của các cơ quan, đơn vị, địa phương"

# asked of a department as well: two kinds, "đơn vị"
sed -i 's/<units codes="SYT-TTCTXH /<units codes="SNV SYT-TTCTXH /' ws/plan.xml
expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
pdf_prose $adhoc "$T/two"
expect_grep "$T/two" "; trên cơ sở báo cáo của 4/7 đơn vị thuộc diện báo cáo, Sở Y tế báo cáo"
expect_grep "$T/two" "2. Kết quả thực hiện của các đơn vị "
expect_no_grep "$T/two" "cơ quan, đơn vị, địa phương"
exit 0
