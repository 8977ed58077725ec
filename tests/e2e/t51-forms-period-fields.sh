#!/usr/bin/env bash
# t51-forms-period-fields.sh - a period that asks only some fields (an ad hoc
# request, dx-2026-08: three fields, wards and communes; not the sample's
# dx-2026-09, which the Cần Thơ plan may declare) has a form of its
# own, ctxh-v1-dx-2026-08, holding only those fields; filled, it validates
# back (also in nightly and gen --xlsx); a blank asked cell is S01 on its
# cell, a form whose period cell says another period is X07 on that cell; a
# full annual form filled for the period is read without S01 for the fields
# it does not ask.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
sed -i 's|^\(    <period kind="annual".*\)$|\1\n    <period id="dx-2026-08" year="2026" label="9 tháng" cutoffStart="--12-15" cutoffEnd="--09-30" deadline="--10-05" upward="--10-10"><units kinds="phuong xa"/><fields>people.helped people.needing people.case_managed</fields></period>|' ws/plan.xml
grep -q 'id="dx-2026-08"' ws/plan.xml || fail "plan not edited"
forms=res/cantho-ctxh-2026-2030/2026-dx-2026-08/forms
S="'Biểu mẫu'"
fill() { /usr/bin/python3 "$ROOT/tests/fixtures/xlsx/fill.py" "$@" || fail "fill.py $*"; }

expect_exit 0 "$TONGHOP" -w ws -o res forms --year 2026 --period dx-2026-08
expect_grep "$T/err" "wrote 103 forms to $forms"

# what the form holds: the three fields (in the form's order, not the
# plan's), packed under one section; nothing else to fill in
/usr/bin/python3 - "$forms/31186.xlsx" > form.txt <<'PY' || fail "reading the form"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Biểu mẫu"]
for row in ws.iter_rows(min_row=10):
    vals = [f"{c.coordinate}={c.value}" for c in row if c.value is not None]
    if vals:
        print(" ".join(vals))
print("input", " ".join(c.coordinate for row in ws.iter_rows() for c in row
                        if c.protection.locked is False and c.coordinate not in ws.merged_cells))
print("validations", " ".join(sorted(str(d.sqref) for d in ws.data_validations.dataValidation)))
print("period", ws["C7"].value)
m = wb["tonghop"]
for row in m.iter_rows(values_only=True):
    print("meta", " | ".join(str(v) for v in row))
PY
expect_line form.txt "A11=I B11=Người có hoàn cảnh khó khăn"
expect_line form.txt "A12=STT B12=Chỉ tiêu C12=Số liệu D12=Đơn vị tính"
expect_line form.txt "A13=1 B13=Có nhu cầu tư vấn, hỗ trợ D13=người"
expect_line form.txt "A14=2 B14=Được tư vấn, hỗ trợ D14=người"
expect_line form.txt "A15=3 B15=Được quản lý ca D15=người"
expect_line form.txt "B17=NGƯỜI LẬP BIỂU D17=THỦ TRƯỞNG ĐƠN VỊ"
[ "$(grep -c '^[A-Z][0-9]*=' form.txt)" = 7 ] || { cat form.txt; fail "the form holds more rows than its fields"; }
expect_line form.txt "input C8 C13 C14 C15"
expect_line form.txt "validations C13 C14 C15 C8"
expect_line form.txt "period 9 tháng"
expect_line form.txt "meta Mã biểu mẫu | ctxh-v1-dx-2026-08"
expect_line form.txt "meta Kỳ | dx-2026-08"
expect_line form.txt "meta Tên kỳ báo cáo | 9 tháng"
expect_line form.txt "meta Số liệu từ ngày | 15/12/2025"
expect_line form.txt "meta Số liệu đến ngày | 30/09/2026"
expect_line form.txt "meta Hạn nộp | 05/10/2026"
expect_line form.txt "meta Chỉ tiêu | people.needing people.helped people.case_managed"

# filled back: accepted; a blank asked cell is S01 on it; a period cell that
# names another period is X07 on it (and U04: not this period's)
mkdir x
fill $forms/31186.xlsx x/31186.xlsx C8=date:2026-10-02 C13=120 C14=95 C15=40
fill $forms/31120.xlsx x/31120.xlsx C8=date:2026-10-02 C13=80 C15=12
fill $forms/31135.xlsx x/31135.xlsx C8=date:2026-10-02 C13=60 C14=50 C15=9 "C7=năm"
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period dx-2026-08 x
o=$T/out
expect_line $o "x/31120.xlsx: $S!C14: S01 people.helped: thiếu số liệu: Được tư vấn, hỗ trợ"
expect_line $o "x/31135.xlsx: $S!C7: X07 period: biểu mẫu ctxh-v1-dx-2026-08 là biểu của kỳ báo cáo dx-2026-08 nhưng ô kỳ báo cáo ghi “năm”: mỗi kỳ báo cáo có biểu mẫu riêng, hãy dùng biểu mẫu của đúng kỳ (tải bằng tonghop forms)"
expect_line $o "x/31135.xlsx: $S!C7: U04 period: biểu ghi kỳ báo cáo năm 2026 nhưng được nộp vào kỳ báo cáo 9 tháng 2026"
expect_no_grep $o "x/31186.xlsx"
expect_line $o "3 tệp: 1 chấp nhận, 2 bị từ chối, 0 đã được thay thế, 0 trùng lặp (3 lỗi, 0 cảnh báo)"
v=res/cantho-ctxh-2026-2030/2026-dx-2026-08/validation.xml
expect_grep $v 'period="dx-2026-08"'

# a full annual form filled for the period (the period typed in): its other
# fields left blank are not S01
expect_exit 0 "$TONGHOP" -w ws -o res forms --year 2026 --period annual --unit 31186
mkdir f
fill res/cantho-ctxh-2026-2030/2026-annual/forms/31186.xlsx f/31186.xlsx "C7=text:dx-2026-08" C8=date:2026-10-02 C49=120 C50=95 C51=40
fill res/cantho-ctxh-2026-2030/2026-annual/forms/31186.xlsx f/31147.xlsx C4=text:31147 "C7=text:9 tháng" C8=date:2026-10-02 C49=10 C51=4
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period dx-2026-08 f
expect_line $T/out "f/31147.xlsx: $S!C50: S01 people.helped: thiếu số liệu: Được tư vấn, hỗ trợ"
expect_no_grep $T/out "f/31186.xlsx"
expect_line $T/out "2 tệp: 1 chấp nhận, 1 bị từ chối, 0 đã được thay thế, 0 trùng lặp (1 lỗi, 0 cảnh báo)"

# nightly: the period is open from its forms-out day (30 days before the
# deadline) and reads its forms
mkdir -p ws/submissions/2026-dx-2026-08
cp x/31186.xlsx x/31120.xlsx ws/submissions/2026-dx-2026-08/
expect_exit 0 "$TONGHOP" -w ws -o n nightly --now 2026-09-04T02:00:00
expect_grep "$T/err" "no period of the plan is open on 2026-09-04"
expect_exit 1 "$TONGHOP" -w ws -o n nightly --now 2026-10-03T02:00:00
expect_grep "$T/err" "open on 2026-10-03: 2026 dx-2026-08 (until 2026-10-15)"
expect_line $T/out "ws/submissions/2026-dx-2026-08/31120.xlsx: $S!C14: S01 people.helped: thiếu số liệu: Được tư vấn, hỗ trợ"
expect_line $T/out "103 đơn vị phải báo cáo: 2 đã nộp, 1 chấp nhận, 1 bị từ chối, 101 chưa nộp, 0 nộp muộn"
[ -s n/cantho-ctxh-2026-2030/2026-dx-2026-08/overview.xlsx ] || fail "no overview.xlsx"

# the values read are the cells' and nothing else (consolidated: 31186's own
# values, the fields in the order of <fields>, '-' for not given)
expect_exit 1 "$TONGHOP" -w ws -o res consolidate --year 2026 --period dx-2026-08
/usr/bin/python3 - res/cantho-ctxh-2026-2030/2026-dx-2026-08/consolidated.xml > cons.txt <<'PY' || fail "reading consolidated.xml"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = root.tag.split("}")[0] + "}"
fields = root.find(ns + "fields").text.split()
for n in root.iter(ns + "node"):
    if n.get("code") == "31186":
        own = n.find(ns + "own").text.split()
        print(" ".join(f"{f}={v}" for f, v in zip(fields, own) if v != "-"))
PY
expect_line cons.txt "people.needing=120 people.helped=95 people.case_managed=40"

# gen --xlsx writes the period's form, filled: every one reads back
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026 --period dx-2026-08 --xlsx 100 --into g
[ "$(ls g/*.xlsx | wc -l)" = 103 ] || fail "gen --xlsx wrote $(ls g | wc -l) files"
expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2026 --period dx-2026-08 g
expect_line $T/out "103 tệp: 103 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"

# a period form's hidden field list broken: X07, not a silent misread
/usr/bin/python3 - x/31186.xlsx x2.xlsx <<'PY' || fail "editing the hidden sheet"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb["tonghop"]["B9"] = "people.needing people.nobody"
wb.save(sys.argv[2])
PY
mkdir y && mv x2.xlsx y/31186.xlsx
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period dx-2026-08 y
expect_line $T/out "y/31186.xlsx: X07: biểu mẫu “ctxh-v1-dx-2026-08” không ghi đúng các chỉ tiêu của nó (trang ẩn “tonghop”, ô B9): tải lại biểu mẫu bằng tonghop forms"

# annual keeps its form
/usr/bin/python3 -c "import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1])['tonghop']['B1'].value)" \
  res/cantho-ctxh-2026-2030/2026-annual/forms/31186.xlsx > id.txt
expect_line id.txt "ctxh-v1"

# the plan asks one more field after the forms went out: the old form is
# refused as a whole, not read with that field missing
sed -i 's|people.case_managed</fields>|people.case_managed funding.state_budget</fields>|' ws/plan.xml
mkdir z && cp x/31186.xlsx z/
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period dx-2026-08 z
expect_line $T/out "z/31186.xlsx: X07: biểu mẫu ctxh-v1-dx-2026-08 không có 1 chỉ tiêu mà kỳ báo cáo dx-2026-08 nay yêu cầu (“Ngân sách nhà nước”): tải lại biểu mẫu bằng tonghop forms"
sed -i 's| funding.state_budget</fields>|</fields>|' ws/plan.xml

# a period of every field (no <fields>) keeps the full form ctxh-v1, its
# period cell its label ('9 tháng đầu năm'), which reads as its id (it was
# S02 on every form: only the names of annual and h1 were known)
sed -i 's|^\(    <period kind="annual".*\)$|\1\n    <period id="q3" year="2026" label="9 tháng đầu năm" cutoffStart="--12-15" cutoffEnd="--09-14" deadline="--09-20" upward="--09-30"><units kinds="phuong xa"/></period>|' ws/plan.xml
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026 --period q3 --xlsx 100 --into q
/usr/bin/python3 -c "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print(wb['tonghop']['B1'].value, wb['Biểu mẫu']['C7'].value)" q/31186.xlsx > q.txt
expect_line q.txt "ctxh-v1 9 tháng đầu năm"
expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2026 --period q3 q
expect_line $T/out "103 tệp: 103 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
exit 0
