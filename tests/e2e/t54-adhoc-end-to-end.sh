#!/usr/bin/env bash
# t54: Cần Thơ's ad hoc request dx-2026-09 (số liệu 9 tháng năm 2026, six
# units of the Sở Y tế, due 05/10) end to end: forms for its six units;
# nightly without --year finds it open on 03/10 and checks it alone; run
# writes and archives its report, one unit late, one missing; the archive
# lists, finds (by period id, by its label) and reproduces it; an id the
# plan does not declare is exit 2, named with the declared ones.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
P=cantho-ctxh-2026-2030
dir=res/$P/2026-dx-2026-09

# forms: one per unit the request names, none for the 103 wards and communes
expect_exit 0 "$TONGHOP" -w ws -o res forms --year 2026 --period dx-2026-09
expect_grep "$T/err" "wrote 6 forms to $dir/forms"
[ "$(ls "$dir/forms" | tr '\n' ' ')" = "SYT-BVDK.xlsx SYT-BVNHI.xlsx SYT-BVTT.xlsx SYT-CSBTXH.xlsx SYT-CSTGXHST.xlsx SYT-TTCTXH.xlsx " ] ||
  fail "forms: $(ls "$dir/forms")"

# what the units send: five of six, one after the deadline
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026 --period dx-2026-09
S=ws/submissions/2026-dx-2026-09
rm "$S/SYT-CSTGXHST.xml"
sed -i 's|<submitted>[^<]*</submitted>|<submitted>2026-10-08</submitted>|' "$S/SYT-BVTT.xml"

# nightly on 03/10/2026: the ad hoc period is the one open (forms out 20/9,
# checked until 10 days after 05/10), the annual one is not yet
expect_exit 0 "$TONGHOP" -w ws -o res nightly --now 2026-10-03T08:00:00
expect_grep "$T/err" "1 period open on 2026-10-03: 2026 dx-2026-09 (until 2026-10-15)"
expect_line "$T/out" "6 đơn vị phải báo cáo: 5 đã nộp, 5 chấp nhận, 0 bị từ chối, 1 chưa nộp, 0 nộp muộn"
/usr/bin/python3 - "$dir/overview.xlsx" > "$T/ov" <<'EOF' || fail "cannot read overview.xlsx"
import sys, openpyxl
s = openpyxl.load_workbook(sys.argv[1])['Tổng hợp']
print(s['A1'].value)
print(s['A3'].value)
for r in s.iter_rows(min_row=6, values_only=True):
    if r[0] == 'SYT-CSTGXHST':
        print(r[0], r[-1])
EOF
expect_line "$T/ov" "Tình hình tiếp nhận báo cáo kỳ 9 tháng đầu năm 2026"
expect_grep "$T/ov" "Số liệu từ 01/01/2026 đến 30/09/2026; hạn nộp của đơn vị: 05/10/2026"
expect_line "$T/ov" "SYT-CSTGXHST Chưa nộp báo cáo"

# run: validate, consolidate, report, archive
expect_exit 0 "$TONGHOP" -w ws -o res run --year 2026 --period dx-2026-09
expect_grep "$T/out" "SYT-BVTT.xml:7: P01 submitted: nộp muộn: ngày 08/10/2026, hạn nộp 05/10/2026"
expect_grep "$T/out" "Thành phố Cần Thơ — 2026 dx-2026-09: 5/6 đơn vị đã được chấp nhận, 1 chưa báo cáo, 0 bị từ chối, 1 nộp muộn"
pdf_prose "$dir/report.pdf" "$T/text"
expect_grep "$T/text" "Các đơn vị chưa gửi báo cáo (1 đơn vị): Cơ sở Trợ giúp xã hội tổng hợp khu vực Sóc Trăng."
expect_grep "$T/text" "Các đơn vị gửi báo cáo sau thời hạn (1 đơn vị): Bệnh viện Tâm thần thành phố Cần Thơ."
expect_grep "$T/text" "- Sở Y tế: 5/6 cơ sở trực thuộc đã gửi báo cáo đạt yêu cầu; "

# numbered and dated by plan.xml's <report>: the report as sent
expect_no_grep "$T/text" "DỰ THẢO"
expect_grep "$T/text" "Số: 11/BC-SYT Cần Thơ, ngày 09 tháng 10 năm 2026"

# the archive: listed and found by its id and its label, reproduced
expect_exit 0 "$TONGHOP" -o res archive list --period dx-2026-09
expect_line "$T/out" "YEAR  PERIOD      NUMBER        VER  KIND              ISSUED           SIZE  SHA-256           NAME"
grep -q '^2026  dx-2026-09  11/BC-SYT     v1   report-pdf        2026-10-09 .* BC-SYT-11-2026-9-thang-dau-nam.pdf$' "$T/out" ||
  fail "archive list: $(cat "$T/out")"
grep -q '^2026  dx-2026-09  11/BC-SYT     v1   workbook-xlsx     2026-10-09 .* BC-SYT-11-2026-9-thang-dau-nam.xlsx$' "$T/out" ||
  fail "archive list: $(cat "$T/out")"
expect_exit 0 "$TONGHOP" -o res archive list --title "9 thang dau nam"
[ "$(grep -c 'dx-2026-09' "$T/out")" = 2 ] || fail "archive list --title: $(cat "$T/out")"
expect_exit 0 "$TONGHOP" -o res archive get --period dx-2026-09 --path
cmp "$(cat "$T/out")" "$dir/report.pdf" || fail "archive get gives another file"
expect_grep res/archive/index.html "dx-2026-09"
expect_exit 0 "$TONGHOP" -o res archive reproduce --period dx-2026-09
expect_grep "$T/out" "identical: BC-SYT-11-2026-9-thang-dau-nam.pdf version 1"
expect_grep "$T/out" "identical: BC-SYT-11-2026-9-thang-dau-nam.xlsx version 1"

# an id the plan does not declare, named with those it does
expect_exit 2 "$TONGHOP" -w ws -o res run --year 2026 --period dx-2026-10
expect_grep "$T/err" "plan 'cantho-ctxh-2026-2030' has no 'dx-2026-10' period (it declares: annual, dx-2026-09)"
# and the ad hoc request is of 2026 only
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2027 --period dx-2026-09
expect_grep "$T/err" "period 'dx-2026-09' of plan 'cantho-ctxh-2026-2030' is of year 2026 only, not 2027"
exit 0
