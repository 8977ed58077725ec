# t83: the review's lists read as the signer sends them: the last item of
# each enumeration (units merged or closed, units lowest against the plan,
# the targets of the years ahead) ends with a full stop, the others with
# ';'; the unit list is named in words, not by its file (registry.xml);
# one year left in the phase is "năm 2025", not "2025 - 2025".
source "$TESTS_DIR/e2e/lib.sh"

P=kiengiang-ctxh-2021-2030
review_ws
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --to 2024 --no-archive
pdf_prose "$T/o/$P/review-2021-2024/review.pdf" "$T/prose"
expect_no_grep "$T/prose" "registry.xml"
# one change in the phase: its item is the list's last
expect_grep "$T/prose" "Theo danh mục đơn vị báo cáo, năm 2024: 1 đơn vị sáp nhập vào đơn vị khác: - Phường Vĩnh Lợi (mã 30757) sáp nhập vào Phường Rạch Sỏi (mã 30754) từ sau ngày 31/12/2024. Số liệu của đơn vị sáp nhập"
# the lowest units: ';' then '.' before the next part
expect_grep "$T/prose" "là 6,5 điểm %; + Thành phố Rạch Giá: Tỷ lệ cơ quan, tổ chức, cơ sở bố trí nhân sự làm công tác xã hội đạt 53,7%, thấp hơn mức 60% là 6,3 điểm %. 2. Nguyên nhân"
# the targets ahead: ';' between, '.' after the last
expect_grep "$T/prose" "+ Tỷ lệ cơ quan, tổ chức, cơ sở bố trí nhân sự làm công tác xã hội: đến năm 2025 đạt tối thiểu 60%;"
expect_grep "$T/prose" "cung cấp dịch vụ công tác xã hội: đến năm 2025 đạt tối thiểu 85%. - Ưu tiên"
expect_no_grep "$T/prose" "điểm %; 2. Nguyên nhân"
# one year left in the phase: "năm 2025", not "2025 - 2025"
expect_grep "$T/prose" "IV. PHƯƠNG HƯỚNG GIAI ĐOẠN TỚI - Trong năm 2025, năm cuối của giai đoạn, tập trung thực hiện các chỉ tiêu của Kế hoạch: +"
expect_no_grep "$T/prose" "2025 - 2025"
echo ok
