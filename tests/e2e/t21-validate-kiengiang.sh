#!/usr/bin/env bash
# t21-validate-kiengiang.sh - the Kiên Giang sample validates for both of its
# periods: 2024 annual is clean (exit 0); the first half of 2025 has two
# deliberate errors and one outlier against the first half of 2024 (exit 1).
source "$TESTS_DIR/e2e/lib.sh"
copy_ws kiengiang
rm -rf ws/submissions/*/xlsx; find ws/submissions -name "*.xlsx" -delete

expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2024 --period annual
expect_line "$T/out" "64 tệp: 64 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
xmllint --noout --schema "$ROOT/schemas/validation.xsd" res/kiengiang-ctxh-2021-2030/2024-annual/validation.xml 2>/dev/null ||
  fail "2024 annual validation.xml invalid"

expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2024 --period h1
expect_line "$T/out" "64 tệp: 64 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"

expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2025 --period h1
d=ws/submissions/2025-h1
expect_line "$T/out" "$d/30754.xml:98: W01 people.helped: Số người có hoàn cảnh khó khăn được tư vấn, hỗ trợ kỳ này (357) thay đổi hơn 50% so với cùng kỳ năm trước (110); đề nghị kiểm tra lại số liệu hoặc nêu rõ nguyên nhân trong phần đánh giá."
expect_line "$T/out" "$d/loi-R03-30772.xml:63: R03 workforce.cong_tac_vien.trained: Số người được đào tạo, bồi dưỡng trong kỳ (9) lớn hơn số người làm công tác xã hội (7) ở nhóm Cộng tác viên; kiểm tra lại hai ô này."
expect_line "$T/out" "$d/loi-S03-30805.xml:130: S03 activities.communication: Hoạt động truyền thông: giá trị “-3” là số âm — phải là số nguyên ≥ 0"
expect_line "$T/out" "62 tệp: 60 chấp nhận, 2 bị từ chối, 0 đã được thay thế, 0 trùng lặp (2 lỗi, 1 cảnh báo)"
[ "$(wc -l < "$T/out")" = 4 ] || fail "unexpected lines in 2025 h1"
# the outlier is a warning: 30754 still counts
grep -q 'unit="30754".*status="accepted"' res/kiengiang-ctxh-2021-2030/2025-h1/validation.xml || fail "30754 not accepted"

# without the first half of 2024 there is nothing to compare with: no W01
rm -rf ws/submissions/2024-h1
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2025 --period h1
expect_no_grep "$T/out" "W01"

# a file of the wrong period in the folder is U04; a closed unit is U02
cp "$ROOT/input/kiengiang/submissions/2024-annual/30757.xml" ws/submissions/2025-h1/30757-nam-2024.xml
sed 's|<period>h1</period>|<period>annual</period>|' "$ROOT/input/kiengiang/submissions/2025-h1/30763.xml" > ws/submissions/2025-h1/30763-ca-nam.xml
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2025 --period h1
expect_line "$T/out" "$d/30757-nam-2024.xml:5: U04 year: biểu ghi kỳ báo cáo năm 2024 nhưng được nộp vào kỳ báo cáo 6 tháng đầu năm 2025"
expect_line "$T/out" "$d/30763-ca-nam.xml:6: U04 period: biểu ghi kỳ báo cáo năm 2025 nhưng được nộp vào kỳ báo cáo 6 tháng đầu năm 2025"
