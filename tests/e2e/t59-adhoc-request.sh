#!/usr/bin/env bash
# t59: an ad hoc period's <request> in plan.xml is what its report answers:
# the opening of the Cần Thơ sample's dx-2026-09 cites the Bộ Y tế's công văn
# ("Thực hiện Công văn số 5127/BYT-BTXH ngày 15 tháng 9 năm 2026 của Bộ Y tế
# về việc …"), not the plan it cited before; the annual report of the same
# plan, whose period declares none, still cites the plan. A request without
# its required about= is a schema error naming plan.xml's line. V.'s
# template paragraph after the directions' "- " items is an item too
# ("- Tiếp tục triển khai …"; it had no dash, in the annual reports too);
# without items (t53's workspace) it stays a paragraph. The workbook's
# "Khó khăn, kiến nghị" sheet has columns only for the texts the period
# asks (dx-2026-09 does not ask narrative.results: no "Kết quả đạt được");
# the annual's keeps all three.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws cantho
expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
pdf_prose res/cantho-ctxh-2026-2030/2026-dx-2026-09/report.pdf "$T/adhoc"
expect_grep "$T/adhoc" "Thực hiện Công văn số 5127/BYT-BTXH ngày 15 tháng 9 năm 2026 của Bộ Y tế về việc báo cáo kết quả tư vấn, hỗ trợ người có hoàn cảnh khó khăn 9 tháng đầu năm 2026; trên cơ sở báo cáo của 4/6"
expect_no_grep "$T/adhoc" "Thực hiện Kế hoạch"
# V. reads as one list: "- Đôn đốc …", then "- Tiếp tục triển khai …"
expect_grep "$T/adhoc" "liệu. - Tiếp tục triển khai các nhiệm vụ, giải pháp của Kế hoạch. VI. KIẾN NGHỊ"
expect_grep "$T/adhoc" "NĂM 2026 - Đôn đốc, hướng dẫn"
/usr/bin/python3 - res/cantho-ctxh-2026-2030/2026-dx-2026-09/workbook.xlsx > "$T/head" <<'PY'
import sys, openpyxl
s = openpyxl.load_workbook(sys.argv[1])['Khó khăn, kiến nghị']
print(s['A3'].value)
print('|'.join(str(c.value) for c in s[9] if c.value is not None))
PY
expect_line "$T/head" "TỔNG HỢP KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ CỦA CÁC ĐƠN VỊ"
expect_line "$T/head" "STT|Mã đơn vị|Đơn vị|Thuộc|Khó khăn, vướng mắc|Kiến nghị, đề xuất"

expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period annual --no-archive
pdf_prose res/cantho-ctxh-2026-2030/2026-annual/report.pdf "$T/annual"
expect_grep "$T/annual" "Thực hiện Kế hoạch của Ủy ban nhân dân thành phố Cần Thơ về thực hiện Chương trình"
expect_no_grep "$T/annual" "Công văn số 5127"
/usr/bin/python3 - res/cantho-ctxh-2026-2030/2026-annual/workbook.xlsx > "$T/head" <<'PY'
import sys, openpyxl
s = openpyxl.load_workbook(sys.argv[1])['Khó khăn, kiến nghị']
print(s['A3'].value)
print('|'.join(str(c.value) for c in s[9] if c.value is not None))
PY
expect_line "$T/head" "TỔNG HỢP KẾT QUẢ, KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ CỦA CÁC ĐƠN VỊ"
expect_line "$T/head" "STT|Mã đơn vị|Đơn vị|Thuộc|Kết quả đạt được|Khó khăn, vướng mắc|Kiến nghị, đề xuất"
expect_grep "$T/annual" "hoàn thiện số liệu. - Tiếp tục triển khai các nhiệm vụ, giải pháp của Kế hoạch; phân công"

# a request that does not say what it asks
line=$(grep -n '<request ' ws/plan.xml | cut -d: -f1)
sed -i 's/ about="[^"]*"//' ws/plan.xml
expect_exit 2 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
expect_grep "$T/err" "plan.xml:$line"
expect_grep "$T/err" "about"
