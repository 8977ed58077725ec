# t3_forms.sh - tonghop forms: one locked, validated, print-ready XLSX per
# expected unit; filled in openpyxl it validates like the same XML.
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
forms=res/cantho-ctxh-2026-2030/2026-annual/forms

expect_exit 0 "$TONGHOP" -w ws -o res forms --year 2026 --period annual
expect_grep "$T/err" "wrote 128 forms to $forms"
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --period annual --into g
[ "$(ls $forms/*.xlsx | wc -l)" = "$(ls g/*.xml | wc -l)" ] || fail "not one form per expected unit"
for f in g/*.xml; do u=$(basename "$f" .xml); [ -f "$forms/$u.xlsx" ] || fail "no form for $u"; done

# same inputs, same bytes (creation time from the period, not the clock)
sleep 1
expect_exit 0 "$TONGHOP" -w ws -o out2 forms --year 2026 --unit 31186
[ "$(ls out2/cantho-ctxh-2026-2030/2026-annual/forms)" = "31186.xlsx" ] || fail "--unit wrote other forms"
cmp $forms/31186.xlsx out2/cantho-ctxh-2026-2030/2026-annual/forms/31186.xlsx || fail "forms differ between runs"

# what the form holds
/usr/bin/python3 - "$forms/31186.xlsx" > props.txt <<'PY' || fail "form properties"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Biểu mẫu"]
print("sheets", wb.sheetnames, [wb[s].sheet_state for s in wb.sheetnames])
print("unit", ws["C4"].value, ws["C4"].protection.locked)
print("name", ws["C5"].value, ws["C5"].protection.locked)
print("year", ws["C6"].value, "period", ws["C7"].value)
print("date", ws["C8"].value, ws["C8"].protection.locked, ws["C8"].number_format)
print("input", ws["C13"].value, ws["C13"].protection.locked)
print("label", ws["B13"].value, "|", ws["B50"].value)
print("protected", ws.protection.sheet, "paper", ws.page_setup.paperSize, ws.page_setup.orientation)
dv = {str(d.sqref): d for d in ws.data_validations.dataValidation}
d = dv["C13"]
print("validation", d.type, d.operator, d.formula1, d.formula2, d.promptTitle)
print("prompt", d.prompt)
print("validations", len(dv))
print("form id", wb["tonghop"]["B1"].value)
print("help", wb["Hướng dẫn"]["A3"].value)
PY
expect_line props.txt "sheets ['Biểu mẫu', 'Hướng dẫn', 'tonghop'] ['visible', 'visible', 'hidden']"
expect_line props.txt "unit 31186 True"
expect_line props.txt "name Phường Cái Răng True"
expect_line props.txt "year 2026 period năm"
expect_line props.txt "date None False dd/mm/yyyy"
expect_line props.txt "input None False"
expect_line props.txt "label Cơ sở trợ giúp xã hội | Được tư vấn, hỗ trợ"
expect_line props.txt "protected True paper 9 portrait"
expect_line props.txt "validation whole None 0 999999999 Nhập số nguyên ≥ 0"
expect_line props.txt "prompt Cơ sở trợ giúp xã hội — Tổng số cơ quan, đơn vị (đơn vị tính: cơ quan)"
expect_line props.txt "validations 71"
expect_line props.txt "form id ctxh-v1"
expect_line props.txt "help 1. Biểu mẫu này dành riêng cho Phường Cái Răng (mã 31186), kỳ báo cáo năm 2026. Không dùng biểu của đơn vị khác."

# filled in openpyxl from the XML submission, it gives the same result
mkdir xml xlsx
cp g/31186.xml xml/
/usr/bin/python3 "$ROOT/tests/fixtures/xlsx/fill.py" $forms/31186.xlsx xlsx/31186.xlsx --from-xml g/31186.xml \
  || fail "fill.py"
expect_exit 0 "$TONGHOP" -w ws -o o1 validate --year 2026 xml
expect_exit 0 "$TONGHOP" -w ws -o o2 validate --year 2026 xlsx
expect_line "$T/out" "1 tệp: 1 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
expect_grep o2/cantho-ctxh-2026-2030/2026-annual/validation.xml 'source="xlsx"'

# usage errors
expect_exit 2 "$TONGHOP" -w ws forms --year 2026 --unit 99999
expect_grep "$T/err" "unit '99999' is not in the registry"
expect_exit 2 "$TONGHOP" -w ws forms
expect_grep "$T/err" "--year is required"
expect_exit 0 "$TONGHOP" forms --help
expect_grep "$T/out" "usage: tonghop"
