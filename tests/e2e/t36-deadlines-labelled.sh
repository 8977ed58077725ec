#!/usr/bin/env bash
# t36: a report's two deadlines are each labelled, so the workbook and the
# PDF are not read as contradicting: the Cần Thơ sample's dx-2026-09
# workbook said only "Thời hạn gửi báo cáo: trước ngày 10/10/2026" (the
# upward one) where its PDF said "thời hạn gửi báo cáo là ngày 05/10/2026"
# (the units'); now the workbook gives both, "Hạn gửi báo cáo lên: trước
# ngày 10/10/2026; hạn các đơn vị gửi báo cáo về Sở Y tế: ngày 05/10/2026",
# and the PDF says whose deadline it gives, "thời hạn gửi báo cáo về Sở Y
# tế là ngày 05/10/2026"; the annual report likewise (20/12 and 30/12).
source "$TESTS_DIR/e2e/lib.sh"

copy_ws cantho
for p in dx-2026-09 annual; do
  expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period $p --no-archive
done
dir=res/cantho-ctxh-2026-2030
/usr/bin/python3 - "$dir/2026-dx-2026-09/workbook.xlsx" "$dir/2026-annual/workbook.xlsx" > "$T/head" <<'PY'
import sys, openpyxl
for f in sys.argv[1:]:
    wb = openpyxl.load_workbook(f)
    for s in ('Tổng hợp', 'Chỉ tiêu', 'Chưa báo cáo'):
        print(s, wb[s]['A6'].value)
PY
for s in "Tổng hợp" "Chỉ tiêu" "Chưa báo cáo"; do
  expect_line "$T/head" "$s Đơn vị báo cáo: Sở Y tế. Đơn vị nhận báo cáo: Bộ Y tế và Ủy ban nhân dân thành phố. Hạn gửi báo cáo lên: trước ngày 10/10/2026; hạn các đơn vị gửi báo cáo về Sở Y tế: ngày 05/10/2026."
  expect_line "$T/head" "$s Đơn vị báo cáo: Sở Y tế. Đơn vị nhận báo cáo: Bộ Y tế và Ủy ban nhân dân thành phố. Hạn gửi báo cáo lên: trước ngày 30/12/2026; hạn các đơn vị gửi báo cáo về Sở Y tế: ngày 20/12/2026."
done
expect_no_grep "$T/head" "Thời hạn gửi báo cáo:"
pdf_prose "$dir/2026-dx-2026-09/report.pdf" "$T/adhoc"
expect_grep "$T/adhoc" "đến ngày 30/09/2026, thời hạn gửi báo cáo về Sở Y tế là ngày 05/10/2026."
pdf_prose "$dir/2026-annual/report.pdf" "$T/annual"
expect_grep "$T/annual" "đến ngày 14/12/2026, thời hạn gửi báo cáo về Sở Y tế là ngày 20/12/2026."
exit 0
