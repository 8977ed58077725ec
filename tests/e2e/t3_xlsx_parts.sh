# t3_xlsx_parts.sh - a workbook's small parts (_rels/.rels, xl/workbook.xml,
# its relationships): each refusal says which part and why, as the reader
# before the SAX pass said it; what is read of them (sheet names with '&',
# elements whose prefix no namespace binds) is what the reader took.
source "$TESTS_DIR/e2e/lib.sh"
W="$ROOT/input/cantho"
mkdir p
/usr/bin/python3 - "$ROOT/tests/fixtures/xlsx/lo-valid-31201.xlsx" <<'PY' || fail "crafting the parts"
import io, re, sys, zipfile
good = open(sys.argv[1], "rb").read()
zin = zipfile.ZipFile(io.BytesIO(good))
def rewrite(out, part, edit):
    with zipfile.ZipFile("p/" + out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            d = zin.read(item.filename)
            z.writestr(item.filename, edit(d) if item.filename == part else d)
wb, wbrels, rels = "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"
def nest(d, depth, inner):  # depth elements inside the root, inner in the deepest
    i = d.index(b">", d.index(b"<", d.index(b"?>") + 2)) + 1
    return d[:i] + b"<a>" * depth + inner + b"</a>" * depth + d[i:]
# a DTD, and its words even in a comment: refused before parsing, as before
rewrite("rels-dtd.xlsx", rels, lambda d: d.replace(b"?>", b"?><!DOCTYPE r [<!ENTITY e 'x'>]>", 1))
rewrite("wb-comment-entity.xlsx", wb, lambda d: d.replace(b"?>", b"?><!-- <!ENTITY e> -->", 1))
# an element with 300 attributes
rewrite("wbrels-attrs.xlsx", wbrels, lambda d: d.replace(b"<Relationship ", b"<Relationship " + b"".join(b'a%d="1" ' % i for i in range(300)), 1))
# cut short, and a stray '<'
rewrite("rels-cut.xlsx", rels, lambda d: d[: len(d) // 2])
rewrite("wb-lt.xlsx", wb, lambda d: d.replace(b"<sheets>", b"<sheets><<", 1))
# the root and 64 elements in it: read; one more, or text or a comment in the 65th, refused
rewrite("wb-deep64.xlsx", wb, lambda d: nest(d, 64, b""))
rewrite("wb-deep65.xlsx", wb, lambda d: nest(d, 65, b""))
rewrite("wb-deep64-text.xlsx", wb, lambda d: nest(d, 64, b"x"))
rewrite("wbrels-deep64-comment.xlsx", wbrels, lambda d: nest(d, 64, b"<!--c-->"))
# an element whose prefix no namespace binds is not a sheet; a name's '&' is itself
rewrite("wb-prefix.xlsx", wb, lambda d: re.sub(rb'<sheet (name="Bi)', rb'<q:sheet \1', d, count=1))
rewrite("wb-amp.xlsx", wb, lambda d: d.replace("name=\"Biểu mẫu\"".encode(), b'name="A&amp;B &#38;#38;"', 1))
PY
expect_exit 1 "$TONGHOP" -w "$W" validate p
o=$T/out
expect_line $o "p/rels-dtd.xlsx: X05: phần '_rels/.rels' có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn"
expect_line $o "p/wb-comment-entity.xlsx: X05: phần 'xl/workbook.xml' có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn"
expect_line $o "p/wbrels-attrs.xlsx: X10: phần 'xl/_rels/workbook.xml.rels' dòng 2: một thẻ có quá 256 thuộc tính, không xử lý"
expect_line $o "p/rels-cut.xlsx: X08: phần '_rels/.rels' không phải XML hợp lệ (dòng 2): thẻ <Relationship> viết dở, thiếu dấu '>' (tệp bị cắt ngang?)"
expect_line $o "p/wb-lt.xlsx: X08: phần 'xl/workbook.xml' không phải XML hợp lệ (dòng 2): ký tự '&' hoặc '<' trong văn bản phải viết là &amp; hoặc &lt;"
expect_no_grep $o "p/wb-deep64.xlsx"
expect_line $o "p/wb-deep65.xlsx: X08: phần 'xl/workbook.xml' lồng quá sâu (quá 64 cấp)"
expect_line $o "p/wb-deep64-text.xlsx: X08: phần 'xl/workbook.xml' lồng quá sâu (quá 64 cấp)"
expect_line $o "p/wbrels-deep64-comment.xlsx: X08: phần 'xl/_rels/workbook.xml.rels' lồng quá sâu (quá 64 cấp)"
expect_line $o "p/wb-prefix.xlsx: X06: không tìm thấy trang tính “Biểu mẫu” (tệp có: “Hướng dẫn”, “tonghop”): hãy dùng biểu mẫu do tonghop forms tạo ra"
expect_line $o "p/wb-amp.xlsx: X06: không tìm thấy trang tính “Biểu mẫu” (tệp có: “A&B &#38;”, “Hướng dẫn”, “tonghop”): hãy dùng biểu mẫu do tonghop forms tạo ra"
expect_line $o "11 tệp: 1 chấp nhận, 10 bị từ chối, 0 đã được thay thế, 0 trùng lặp (10 lỗi, 0 cảnh báo)"
