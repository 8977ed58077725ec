#!/usr/bin/env bash
# t37: section II.2 of the Cần Thơ sample's annual report says what the
# departments did under the plan's item IV.8 "Sở, ban, ngành thành phố"
# (a task given to every department): the total of the registry's
# departments, "9/10 đơn vị đã gửi báo cáo đạt yêu cầu (chưa có báo cáo đạt
# yêu cầu của Viện Kiểm sát nhân dân thành phố); 456 người …". It said they
# were "chưa thuộc danh mục đơn vị báo cáo nên không có số liệu", false
# beside the departments' own figures just above. In dx-2026-09, asked of
# six facilities of the Sở Y tế and of no department, the same item would
# count those facilities, the Sở Y tế's own line again figure for figure
# (read as a double count): it is left out, the Sở Y tế's line says them,
# and no "0/0 đơn vị" anywhere. Kiên Giang's agencies that are not
# reporting units still are said so.
source "$TESTS_DIR/e2e/lib.sh"

expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/cantho" -o res run --year 2026 --no-archive
pdf_prose res/cantho-ctxh-2026-2030/2026-annual/report.pdf "$T/text"
expect_grep "$T/text" "- Sở, ban, ngành thành phố: 9/10 đơn vị đã gửi báo cáo đạt yêu cầu (chưa có báo cáo đạt yêu cầu của Viện Kiểm sát nhân dân thành phố); 456 người làm công tác xã hội, trong đó 324 người được đào tạo, bồi dưỡng; 3.837 người có hoàn cảnh khó khăn và 950 trẻ em có hoàn cảnh đặc biệt được trợ giúp."
expect_no_grep "$T/text" "chưa thuộc danh mục đơn vị báo cáo"

expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/cantho" -o res run --year 2026 --period dx-2026-09 --no-archive
pdf_prose res/cantho-ctxh-2026-2030/2026-dx-2026-09/report.pdf "$T/adhoc"
expect_grep "$T/adhoc" "- Sở Y tế: 4/6 cơ sở trực thuộc đã gửi báo cáo đạt yêu cầu; 1.970 người có hoàn cảnh khó khăn được trợ giúp."
expect_no_grep "$T/adhoc" "- Sở, ban, ngành thành phố:"
expect_no_grep "$T/adhoc" " 0/0 đơn vị"

expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/kiengiang" -o res run --year 2025 --period h1 --no-archive
pdf_prose res/kiengiang-ctxh-2021-2030/2025-h1/report.pdf "$T/kg"
expect_grep "$T/kg" "Các cơ quan, đơn vị chưa thuộc danh mục đơn vị báo cáo nên không có số liệu trong báo cáo này: Sở Kế hoạch và Đầu tư, Sở Tài chính"
exit 0
