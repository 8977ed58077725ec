# t3_xlsx_cells.sh - filled XLSX forms from real programs (LibreOffice Calc
# fixtures, openpyxl at test time): each malformed cell is one error naming
# its cell; what spreadsheets really store (formulas, rich text, dates, NFD)
# is read right.
source "$TESTS_DIR/e2e/lib.sh"
W="$ROOT/input/cantho"
fill() { /usr/bin/python3 "$ROOT/tests/fixtures/xlsx/fill.py" "$@" || fail "fill.py $*"; }
S="'Biểu mẫu'"

# --- saved by LibreOffice Calc (committed fixtures) ---
cp "$ROOT/tests/fixtures/xlsx/lo-valid-31201.xlsx" lo-valid.xlsx
cp "$ROOT/tests/fixtures/xlsx/lo-errors-31207.xlsx" lo-errors.xlsx
expect_exit 0 "$TONGHOP" -w "$W" validate lo-valid.xlsx
expect_line "$T/out" "1 tệp: 1 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
expect_exit 1 "$TONGHOP" -w "$W" validate lo-errors.xlsx
expect_line "$T/out" "lo-errors.xlsx: $S!C9: E01: văn bản gõ bằng bảng mã cũ TCVN3 (không phải Unicode): chuyển sang Unicode (ví dụ bằng Unikey) rồi nộp lại"
expect_line "$T/out" "lo-errors.xlsx: $S!C14: S04 bodies.cai_nghien.total: Cơ sở cai nghiện ma túy — Tổng số cơ quan, đơn vị: giá trị “1.5” không phải số nguyên — phải là số nguyên ≥ 0"
expect_line "$T/out" "lo-errors.xlsx: $S!D24: S01 workforce.chuyen_trach.trained: thiếu số liệu: Chuyên trách — Được đào tạo, bồi dưỡng trong kỳ"
expect_line "$T/out" "lo-errors.xlsx: $S!C50: S03 people.helped: Được tư vấn, hỗ trợ: giá trị “-5” là số âm — phải là số nguyên ≥ 0"
expect_line "$T/out" "lo-errors.xlsx: $S!C66: S02 activities.communication: Hoạt động truyền thông: giá trị “mười hai” không phải là số — phải là số nguyên ≥ 0"
expect_line "$T/out" "lo-errors.xlsx: $S!C80: E01 narrative.difficulties: văn bản gõ bằng bảng mã cũ VNI (không phải Unicode): chuyển sang Unicode (ví dụ bằng Unikey) rồi nộp lại"

# --- written by openpyxl now, one case per file ---
expect_exit 0 "$TONGHOP" -w "$W" -o res forms --year 2026 --unit 31186
form=res/cantho-ctxh-2026-2030/2026-annual/forms/31186.xlsx
expect_exit 0 "$TONGHOP" -w "$W" gen --year 2026 --into g
x=g/31186.xml
mkdir c
fill $form c/ok.xlsx --from-xml $x
fill $form c/text.xlsx --from-xml $x "C49=text:nhiều"
fill $form c/negative.xlsx --from-xml $x C66=-2
fill $form c/fraction.xlsx --from-xml $x C67=0.5
fill $form c/empty.xlsx --from-xml $x C74=empty
fill $form c/toolarge.xlsx --from-xml $x C30=1000000000
fill $form c/bool.xlsx --from-xml $x D42=bool:TRUE
fill $form c/formula.xlsx --from-xml $x C68=formula:=C69+1
fill $form c/nodate.xlsx --from-xml $x C8=empty
fill $form c/baddate.xlsx --from-xml $x C8=text:31/02/2026
fill $form c/textdate.xlsx --from-xml $x C8=text:18/12/2026
fill $form c/numtext.xlsx --from-xml $x C49=text:120
fill $form c/tcvn3.xlsx --from-xml $x "C81=text:§Ò nghÞ t¨ng c­êng tËp huÊn"
fill $form c/vni.xlsx --from-xml $x "C79=text:Keát quaû ñaït ñöôïc"
fill $form c/nfd.xlsx --from-xml $x "$(printf 'C9=text:Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 Lan')"
fill $form c/period.xlsx --from-xml $x "C7=text:quý 3"
fill $form c/unit.xlsx --from-xml $x "C4=text:31 186"
expect_exit 1 "$TONGHOP" -w "$W" validate c
o=$T/out
expect_line $o "c/text.xlsx: $S!C49: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “nhiều” không phải là số — phải là số nguyên ≥ 0"
expect_line $o "c/negative.xlsx: $S!C66: S03 activities.communication: Hoạt động truyền thông: giá trị “-2” là số âm — phải là số nguyên ≥ 0"
expect_line $o "c/fraction.xlsx: $S!C67: S04 activities.contests: Hội thi: giá trị “0.5” không phải số nguyên — phải là số nguyên ≥ 0"
expect_line $o "c/empty.xlsx: $S!C74: S01 funding.state_budget: thiếu số liệu: Ngân sách nhà nước"
expect_line $o "c/toolarge.xlsx: $S!C30: S08 training.trung_cap: Trung cấp: giá trị “1000000000” quá lớn (tối đa 999.999.999) — phải là số nguyên ≥ 0"
expect_line $o "c/bool.xlsx: $S!D42: S02 services.tro_giup_xa_hoi.providing: Cơ sở trợ giúp xã hội — Có cung cấp dịch vụ công tác xã hội: giá trị “TRUE” không phải là số — phải là số nguyên ≥ 0"
expect_line $o "c/formula.xlsx: $S!C68: X09 activities.models_built: ô có công thức nhưng chưa có giá trị đã tính: mở tệp bằng Excel hoặc LibreOffice rồi lưu lại"
expect_line $o "c/nodate.xlsx: $S!C8: S01 submitted: thiếu ngày báo cáo: nhập ngày nộp báo cáo (ngày/tháng/năm)"
expect_line $o "c/baddate.xlsx: $S!C8: S02 submitted: ngày báo cáo “31/02/2026” không hợp lệ (nhập dạng ngày/tháng/năm, ví dụ 20/12/2026)"
expect_line $o "c/tcvn3.xlsx: $S!C81: E01 narrative.proposals: văn bản gõ bằng bảng mã cũ TCVN3 (không phải Unicode): chuyển sang Unicode (ví dụ bằng Unikey) rồi nộp lại"
expect_line $o "c/vni.xlsx: $S!C79: E01 narrative.results: văn bản gõ bằng bảng mã cũ VNI (không phải Unicode): chuyển sang Unicode (ví dụ bằng Unikey) rồi nộp lại"
expect_line $o "c/period.xlsx: $S!C7: S02 period: kỳ báo cáo “quý 3” không hợp lệ (mã kỳ báo cáo của kế hoạch, ví dụ annual, h1, hoặc “năm”, “6 tháng đầu năm”)"
expect_line $o "c/unit.xlsx: $S!C4: S02 unit: mã đơn vị “31 186” không hợp lệ"
# the good ones are accepted (the same unit four times: the latest counts)
for ok in ok numtext nfd; do
  expect_line $o "c/$ok.xlsx: P03: đã được thay thế bởi bản nộp sau textdate.xlsx"
  [ "$(grep -c "^c/$ok.xlsx" $o)" = 1 ] || fail "c/$ok.xlsx has errors"
done
expect_no_grep $o "c/textdate.xlsx"
# people.needing refused: R05 (helped ≤ needing) is skipped, not run with it as 0
[ "$(grep -c "^c/text.xlsx" $o)" = 1 ] || fail "c/text.xlsx: more than its S02 line"
expect_line $o "17 tệp: 1 chấp nhận, 13 bị từ chối, 3 đã được thay thế, 0 trùng lặp (13 lỗi, 3 cảnh báo)"

# --- what other writers store: found through the parts, not by name ---
/usr/bin/python3 - c/ok.xlsx <<'PY' || fail "crafting parts"
import re, sys, zipfile
src = sys.argv[1]
def rewrite(out, edit):
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            data = zin.read(item.filename)
            name, data = edit(item.filename, data)
            if name:
                z.writestr(name, data)
def cell(ref, xml):
    return lambda n, d: (n, re.sub(rb'<c r="%s"[^>]*?(/>|>.*?</c>)' % ref.encode(), xml.encode(), d)
                         if n == "xl/worksheets/sheet1.xml" else d)
# data sheet stored under another part name, reached through workbook.xml.rels
rewrite("renamed.xlsx", lambda n, d: ("xl/worksheets/data.xml" if n == "xl/worksheets/sheet1.xml" else n,
        d.replace(b"worksheets/sheet1.xml", b"worksheets/data.xml")))
# rich text runs joined, phonetic runs skipped
rewrite("rich.xlsx", cell("C49", '<c r="C49" t="inlineStr"><is><r><t>mư</t></r><r><rPr><b/></rPr>'
        '<t xml:space="preserve">ời </t></r><r><t>hai</t></r><rPh sb="0" eb="1"><t>X</t></rPh></is></c>'))
# an ISO date cell (t="d"), after the deadline
rewrite("isodate.xlsx", cell("C8", '<c r="C8" t="d"><v>2026-12-30T00:00:00</v></c>'))
# the 1904 date system: serial 44925 is 2026-12-31 there
def d1904(n, d):
    if n == "xl/workbook.xml":
        d = re.sub(rb"<workbookPr[^>]*/>", b'<workbookPr date1904="1"/>', d)
        if b"date1904" not in d:
            d = d.replace(b"<sheets>", b'<workbookPr date1904="1"/><sheets>')
    return cell("C8", '<c r="C8"><v>44925</v></c>')(n, d)
rewrite("d1904.xlsx", d1904)
# a formula error kept as the cached value
rewrite("errcell.xlsx", cell("C51", '<c r="C51" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
PY
expect_exit 1 "$TONGHOP" -w "$W" validate renamed.xlsx rich.xlsx isodate.xlsx d1904.xlsx errcell.xlsx
expect_line $o "renamed.xlsx: P03: đã được thay thế bởi bản nộp sau d1904.xlsx"
[ "$(grep -c "^renamed.xlsx" $o)" = 1 ] || fail "renamed.xlsx not read"
expect_line $o "rich.xlsx: $S!C49: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “mười hai” không phải là số — phải là số nguyên ≥ 0"
expect_line $o "isodate.xlsx: $S!C8: P01 submitted: nộp muộn: ngày 30/12/2026, hạn nộp 20/12/2026"
expect_line $o "d1904.xlsx: $S!C8: P01 submitted: nộp muộn: ngày 31/12/2026, hạn nộp 20/12/2026"
expect_line $o "errcell.xlsx: $S!C51: S02 people.case_managed: Được quản lý ca: ô có lỗi công thức #DIV/0! — phải là số nguyên ≥ 0"

# a period id the plan does not declare: the error lists those it does
mkdir q3
fill $form q3/period-q3.xlsx --from-xml $x "C7=text:q3"
expect_exit 1 "$TONGHOP" -w "$W" validate q3
expect_line "$T/out" "q3/period-q3.xlsx: $S!C7: U03 period: kế hoạch không có kỳ báo cáo q3 2026 (các kỳ báo cáo của kế hoạch: annual, dx-2026-09)"
