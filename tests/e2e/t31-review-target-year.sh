# t31: a sơ kết's recommendation names the target's own year. Kiên Giang's
# 2021-2025 phase reviewed through 2024: an indicator behind in 2024 is behind
# the plan's level for 2025 (the verdict says "đến năm 2025"), so the
# recommendation says "năm 2024 chưa đạt mức Kế hoạch đến năm 2025", never
# "Kế hoạch đến năm 2024", a target the plan does not have.
source "$TESTS_DIR/e2e/lib.sh"

review_ws
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o" review
pdf_prose "$T/o/kiengiang-ctxh-2021-2030/review-2021-2024/review.pdf" "$T/prose"
expect_grep "$T/prose" "Chưa đạt chỉ tiêu đến năm 2025"
expect_grep "$T/prose" "- Ưu tiên chỉ tiêu “Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp xã hội, cung cấp dịch vụ công tác xã hội”, năm 2024 chưa đạt mức Kế hoạch đến năm 2025."
expect_no_grep "$T/prose" "Kế hoạch đến năm 2024"
