# t29-edges.sh - numbers, dates and sizes at the edges (issue 15 class 6):
# one number rule for XML and XLSX, caps named with their cell or line,
# overflow-safe sums, bounded dates, linear attribute caps.
source "$TESTS_DIR/e2e/lib.sh"
W="$ROOT/input/cantho"
S="'Biểu mẫu'"
X="$ROOT/tests/fixtures/xml/valid-31237.xml"
mkdir n
/usr/bin/python3 - "$ROOT/tests/fixtures/xlsx/lo-valid-31201.xlsx" "$X" <<'PY' || fail "crafting files"
import io, re, sys, zipfile
good = open(sys.argv[1], "rb").read()
xml = open(sys.argv[2], encoding="utf-8").read()
zin = zipfile.ZipFile(io.BytesIO(good))
sheet = "xl/worksheets/sheet1.xml"
def cell(d, ref, new):
    d, k = re.subn(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', new.encode(), d, count=1)
    assert k == 1, ref
    return d
def xlsx(out, edits):
    with zipfile.ZipFile("n/" + out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            d = zin.read(item.filename)
            if item.filename == sheet:
                for ref, new in edits:
                    d = cell(d, ref, new)
            z.writestr(item.filename, d)
def num(ref, v): return (ref, '<c r="%s" s="11" t="n"><v>%s</v></c>' % (ref, v))
def txt(ref, v): return (ref, '<c r="%s" s="11" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v))
def xmlfile(out, edits):
    d = xml
    for a, b in edits:
        assert a in d, a
        d = d.replace(a, b, 1)
    open("n/" + out, "w", encoding="utf-8").write(d)
# --- 1. one number rule ---
xlsx("x-hex.xlsx", [num("C49", "0x10")])
xlsx("x-inf.xlsx", [num("C49", "INF")])
xlsx("x-grouped.xlsx", [txt("C74", "1.234.567.890")])
xlsx("x-comma.xlsx", [txt("C75", "1,234,567")])
xlsx("x-plus.xlsx", [txt("C49", " +277 ")])
xlsx("x-exp.xlsx", [txt("C49", "2.77e2")])
xmlfile("m-grouped.xml", [("<state_budget>52000000", "<state_budget>1.234.567.890")])
xmlfile("m-plus.xml", [("<needing>133", "<needing> +133 ")])
xmlfile("m-hex.xml", [("<needing>133", "<needing>0x85")])
# --- 2. caps ---
xlsx("x-cap.xlsx", [num("C74", "999999999999")])
xlsx("x-over.xlsx", [num("C74", "1000000000000")])
xmlfile("m-cap.xml", [("<state_budget>52000000", "<state_budget>999999999999")])
xmlfile("m-over.xml", [("<state_budget>52000000", "<state_budget>1000000000000")])
PY
expect_exit 1 "$TONGHOP" -w "$W" validate n
o=$T/out
need="Có nhu cầu tư vấn, hỗ trợ"
expect_line $o "n/x-hex.xlsx: $S!C49: S02 people.needing: $need: giá trị '0x10' không phải là số — phải là số nguyên ≥ 0"
expect_line $o "n/x-inf.xlsx: $S!C49: S02 people.needing: $need: giá trị 'INF' không phải là số — phải là số nguyên ≥ 0"
expect_line $o "n/x-grouped.xlsx: $S!C74: S02 funding.state_budget: Ngân sách nhà nước: giá trị '1.234.567.890' có dấu phân cách hàng nghìn: bỏ các dấu phân cách, ghi liền các chữ số (1234567890) — phải là số nguyên ≥ 0"
expect_line $o "n/x-comma.xlsx: $S!C75: S02 funding.mobilised: Nguồn xã hội hóa: giá trị '1,234,567' có dấu phân cách hàng nghìn: bỏ các dấu phân cách, ghi liền các chữ số (1234567) — phải là số nguyên ≥ 0"
expect_line $o "n/x-exp.xlsx: $S!C49: S02 people.needing: $need: giá trị '2.77e2' không phải là số — phải là số nguyên ≥ 0"
expect_line $o "n/m-grouped.xml:137: S02 funding.state_budget: Ngân sách nhà nước: giá trị '1.234.567.890' có dấu phân cách hàng nghìn: bỏ các dấu phân cách, ghi liền các chữ số (1234567890) — phải là số nguyên ≥ 0"
expect_line $o "n/m-hex.xml:97: S02 people.needing: $need: giá trị '0x85' không phải là số — phải là số nguyên ≥ 0"
# a leading '+' and white space read the same in both
# no_issue NAME: NAME has no line with a cell or line number (P03 may come)
no_issue() { ! grep -E "^n/$1:( '|[0-9])" $o || fail "$1: unexpected issue"; }
no_issue x-plus.xlsx
no_issue m-plus.xml
# --- 2. the cap: 999.999.999.999 đồng is read, one more is S08 with its cell or line
no_issue x-cap.xlsx
no_issue m-cap.xml
expect_line $o "n/x-over.xlsx: $S!C74: S08 funding.state_budget: Ngân sách nhà nước: giá trị '1000000000000' quá lớn (tối đa 999.999.999.999) — phải là số nguyên ≥ 0"
expect_line $o "n/m-over.xml:137: S08 funding.state_budget: Ngân sách nhà nước: giá trị '1000000000000' quá lớn (tối đa 999.999.999.999) — phải là số nguyên ≥ 0"
# one schema line per bad value (the XML reader and the schema do not both say it)
[ "$(grep -c '^n/m-grouped.xml:.* S' $o)" = 1 ] || fail "m-grouped.xml: not one line"
[ "$(grep -c '^n/m-over.xml:.* S' $o)" = 1 ] || fail "m-over.xml: not one line"
echo ok
