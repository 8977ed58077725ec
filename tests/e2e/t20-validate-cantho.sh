#!/usr/bin/env bash
# t20-validate-cantho.sh - the Cần Thơ 2026 sample: every deliberate error,
# warning and process case is reported with its file, line and code, the
# rest is accepted, exit 1, and validation.xml matches schemas/validation.xsd.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws cantho
# XLSX forms (xlsx/) are tested with the forms stage; keep this count stable
rm -rf ws/submissions/2026-annual/xlsx; find ws/submissions -name "*.xlsx" -delete

expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period annual
d=ws/submissions/2026-annual
while IFS= read -r line; do
  [ -n "$line" ] && expect_line "$T/out" "$line"
done <<LINES
$d/31120.xml:7: P01 submitted: nộp muộn: ngày 23/12/2026, hạn nộp 20/12/2026
$d/31135.xml: P03: đã được thay thế bởi bản nộp sau 31135-bosung.xml
$d/31147-ban-sao.xml: P02: trùng lặp với 31147.xml (cùng nội dung): không tính hai lần
$d/canh-bao-R06-31174.xml:99: R06 people.case_managed: Số người được quản lý ca (88) lớn hơn số người được tư vấn, hỗ trợ (83); đề nghị kiểm tra lại, thông thường người được quản lý ca đã được tính trong số người được tư vấn, hỗ trợ.
$d/canh-bao-R09-31228.xml:129: R09 activities.participants: Số lượt người tham gia đào tạo, tập huấn (2) nhỏ hơn số lớp đào tạo, tập huấn (3); mỗi lớp phải có người tham gia, đề nghị kiểm tra lại hai ô này.
$d/canh-bao-R10-31321.xml:76: R10 certificates.revoked: Số giấy chứng nhận đăng ký hành nghề công tác xã hội bị thu hồi (2) lớn hơn số giấy cấp mới và cấp lại trong kỳ (0); nếu có thu hồi giấy đã cấp từ các kỳ trước, đề nghị nêu rõ trong phần đánh giá, nếu không thì sửa lại số liệu.
$d/loi-E01-31684.xml:141: E01 narrative.difficulties: văn bản gõ bằng bảng mã cũ TCVN3 (không phải Unicode): chuyển sang Unicode (ví dụ bằng Unikey) rồi nộp lại
$d/loi-F03-31753.xml:78: F03: không phải XML hợp lệ: tệp bị cắt ngang hoặc thiếu thẻ đóng: thẻ <submission> mở ở dòng 2 chưa được đóng
$d/loi-R01-31150.xml:38: R01 bodies.y_te.staffed: Số cơ quan, đơn vị có phân công, bố trí nhân sự làm công tác xã hội (3) lớn hơn tổng số cơ quan, đơn vị (2) ở nhóm Bệnh viện, cơ sở y tế; kiểm tra lại hai ô này.
$d/loi-R02-31153.xml:49: R02 bodies.khac.paid: Số cơ quan, đơn vị có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên (3) lớn hơn số cơ quan, đơn vị có bố trí nhân sự làm công tác xã hội (2) ở nhóm Cơ quan, tổ chức khác; cơ quan có người hưởng phụ cấp phải được tính cả vào số cơ quan có bố trí nhân sự, đề nghị sửa lại.
$d/loi-R03-31157.xml:55: R03 workforce.chuyen_trach.trained: Số người được đào tạo, bồi dưỡng trong kỳ (3) lớn hơn số người làm công tác xã hội (2) ở nhóm Chuyên trách; kiểm tra lại hai ô này.
$d/loi-R04-31162.xml:81: R04 services.tro_giup_xa_hoi.providing: Số cơ sở có cung cấp dịch vụ công tác xã hội (2) lớn hơn tổng số cơ sở (1) ở nhóm Cơ sở trợ giúp xã hội; kiểm tra lại hai ô này.
$d/loi-R05-31168.xml:98: R05 people.helped: Số người có hoàn cảnh khó khăn được tư vấn, hỗ trợ (60) lớn hơn số người có nhu cầu tư vấn, hỗ trợ (50); người đã được tư vấn, hỗ trợ cũng phải được tính vào số có nhu cầu, đề nghị nhập đủ số người có nhu cầu hoặc sửa lại số được tư vấn, hỗ trợ.
$d/loi-R07-31183.xml:112: R07 children.hiv.supported: Số trẻ em được trợ giúp, cung cấp dịch vụ (3) lớn hơn tổng số trẻ em (2) ở nhóm Nhiễm HIV/AIDS; kiểm tra lại hai ô này.
$d/loi-R08-31217.xml:67: R08 training.trung_cap: Tổng số người được đào tạo, bồi dưỡng theo trình độ (27) lớn hơn tổng số người làm công tác xã hội được đào tạo, bồi dưỡng trong kỳ (7); đề nghị đối chiếu mục "Đào tạo, bồi dưỡng theo trình độ" với cột "Được đào tạo, bồi dưỡng trong kỳ" của mục "Đội ngũ làm công tác xã hội" và sửa lại cho khớp.
$d/loi-S01-31333.xml:131: S01 activities.contests: thiếu số liệu: Hội thi
$d/loi-S02-31340.xml:98: S02 people.helped: Được tư vấn, hỗ trợ: giá trị “khoảng 100” không phải là số — phải là số nguyên ≥ 0
$d/loi-S03-31411.xml:103: S03 children.mo_coi.total: Mồ côi không nơi nương tựa — Tổng số trẻ em: giá trị “-2” là số âm — phải là số nguyên ≥ 0
$d/loi-S04-31471.xml:58: S04 workforce.khong_chuyen_trach.staff: Không chuyên trách — Số người làm công tác xã hội: giá trị “2.5” không phải số nguyên — phải là số nguyên ≥ 0
$d/loi-S05-31473.xml:100: S05: mục <ghi_chu> không có trong biểu mẫu, không được phép ở đây
$d/loi-U01-31999.xml:4: U01 unit: mã đơn vị “31999” không có trong danh mục đơn vị báo cáo
$d/loi-U02-SYT-TTDD.xml:4: U02 unit: đơn vị “SYT-TTDD” (Trung tâm Điều dưỡng người có công thành phố Cần Thơ) đã ngừng hoạt động từ ngày 01/12/2025, trước kỳ báo cáo (15/12/2025 – 14/12/2026)
$d/loi-U03-31480.xml:5: U03 year: kỳ báo cáo năm 2031 không thuộc kế hoạch (kế hoạch từ năm 2026 đến năm 2030)
$d/loi-U04-31507.xml:5: U04 year: biểu ghi kỳ báo cáo năm 2027 nhưng được nộp vào kỳ báo cáo năm 2026
$d/loi-U05-31510.xml:22: U05 bodies.trai_giam.total: Phường không quản lý loại cơ quan "Trại giam, trường giáo dưỡng" nhưng báo cáo 1 cơ quan
121 tệp: 100 chấp nhận, 19 bị từ chối, 1 đã được thay thế, 1 trùng lặp (19 lỗi, 6 cảnh báo)
LINES
# nothing else: one line per deliberate case plus the totals
[ "$(wc -l < "$T/out")" = 26 ] || fail "expected 26 lines, got $(wc -l < "$T/out")"
# the NFD narrative, the originals of the copy and of the resubmission are accepted
expect_no_grep "$T/out" "to-hop-31732.xml"
xml=res/cantho-ctxh-2026-2030/2026-annual/validation.xml
[ -f "$xml" ] || fail "no $xml"
xmllint --noout --schema "$ROOT/schemas/validation.xsd" "$xml" 2>"$T/lint" || { cat "$T/lint"; fail "validation.xml does not match validation.xsd"; }
expect_grep "$xml" '<summary files="121" accepted="100" rejected="19" superseded="1" duplicate="1" errors="19" warnings="6"/>'
expect_grep "$xml" 'file="ws/submissions/2026-annual/31135-bosung.xml"'
expect_grep "$xml" 'unit="31135" year="2026" period="annual" submitted="2026-12-20" status="accepted"'
expect_grep "$xml" 'unit="31135" year="2026" period="annual" submitted="2026-12-19" status="superseded"'
expect_grep "$xml" '<issue code="R01" severity="error" field="bodies.y_te.staffed" line="38">'
expect_grep "$xml" 'unit="31732" year="2026" period="annual" submitted='
grep -q 'to-hop-31732.xml".*status="accepted"' "$xml" || fail "NFD submission not accepted"
# the sample itself is untouched and gives the same answer in place
expect_exit 1 "$TONGHOP" -w "$ROOT/input/cantho" -o res2 validate --year 2026 --period annual
expect_grep "$T/out" "$ROOT/input/cantho/submissions/2026-annual/loi-R01-31150.xml:38: R01 bodies.y_te.staffed: "
# same inputs, same bytes
cp "$xml" first.xml
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period annual
cmp first.xml "$xml" || fail "validation.xml differs between two runs"
