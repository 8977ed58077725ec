#!/usr/bin/env bash
# t34: section II.1 of an ad hoc period's report is headed by what its
# request asks when plan.xml's <period> says it (<tasks>): the Cần Thơ
# sample's dx-2026-09 gives its people's counts under "1.1. Tư vấn, hỗ trợ
# người có hoàn cảnh khó khăn", below "1. Kết quả thực hiện các nội dung
# theo yêu cầu của Công văn số 5127/BYT-BTXH"; it gave them under the plan's
# task 2 "Phát triển mạng lưới các cơ sở cung cấp dịch vụ công tác xã hội",
# below "các nhiệm vụ, giải pháp của Kế hoạch". The annual report keeps the
# plan's tasks. A period's task naming a topic the template has no
# paragraphs for is exit 2 naming plan.xml's line.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws cantho
expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
pdf_prose res/cantho-ctxh-2026-2030/2026-dx-2026-09/report.pdf "$T/adhoc"
expect_grep "$T/adhoc" "so sánh. 1. Kết quả thực hiện các nội dung theo yêu cầu của Công văn số 5127/BYT-BTXH 1.1. Tư vấn, hỗ trợ người có hoàn cảnh khó khăn Có 1.970 người có hoàn cảnh khó khăn được tư vấn, hỗ trợ trên tổng số 2.143 người có nhu cầu; 351 trường hợp được quản lý ca."
expect_no_grep "$T/adhoc" "Phát triển mạng lưới"
expect_no_grep "$T/adhoc" "1.2."

expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period annual --no-archive
pdf_prose res/cantho-ctxh-2026-2030/2026-annual/report.pdf "$T/annual"
expect_grep "$T/annual" "1. Kết quả thực hiện các nhiệm vụ, giải pháp của Kế hoạch 1.1. Chỉ đạo tham mưu ban hành"
expect_grep "$T/annual" "1.2. Phát triển mạng lưới các cơ sở cung cấp dịch vụ công tác xã hội Trong tổng số"

# the period's task names a topic the template does not have
line=$(grep -n '<task id="1" topics="people">Tư vấn' ws/plan.xml | cut -d: -f1)
sed -i 's/<task id="1" topics="people">Tư vấn/<task id="1" topics="people funding_x">Tư vấn/' ws/plan.xml
expect_exit 2 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
expect_grep "$T/err" "plan.xml:$line: task 1 names the topic 'funding_x', which the report template"
exit 0
