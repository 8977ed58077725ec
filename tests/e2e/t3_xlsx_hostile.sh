# t3_xlsx_hostile.sh - hostile XLSX files: each rejected with a one-line
# reason, memory bounded, and the rest of the batch still validated.
source "$TESTS_DIR/e2e/lib.sh"
W="$ROOT/input/cantho"
mkdir h
cp "$ROOT/tests/fixtures/xlsx/lo-valid-31201.xlsx" h/good.xlsx
/usr/bin/python3 - h/good.xlsx <<'PY' || fail "crafting hostile files"
import io, re, sys, zipfile
good = open(sys.argv[1], "rb").read()
zin = zipfile.ZipFile(io.BytesIO(good))
sheet = "xl/worksheets/sheet1.xml"
def rewrite(out, edit, extra=()):
    with zipfile.ZipFile("h/" + out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            name, data = edit(item.filename, zin.read(item.filename))
            if name:
                z.writestr(name, data)
        for name, data in extra:
            z.writestr(name, data)
open("h/notzip.xlsx", "w").write("Báo cáo năm 2026\n")
open("h/oldexcel.xlsx", "wb").write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
open("h/truncated.xlsx", "wb").write(good[: len(good) // 2])
# 7 MB of one character: inflates 1000:1
rewrite("bomb-ratio.xlsx", lambda n, d: (n, d[:-len(b"</worksheet>")] + b"<!--" + b"0" * (7 << 20) + b"-->"
        + b"</worksheet>" if n == sheet else d))
# 40 MB declared and inflated: over the 8 MB cap of one part
rewrite("bomb-size.xlsx", lambda n, d: (n, b" " * (40 << 20) if n == "xl/sharedStrings.xml" else d))
rewrite("entries.xlsx", lambda n, d: (n, d), [("junk/%03d.txt" % i, b"x") for i in range(300)])
rewrite("xxe.xlsx", lambda n, d: (n, re.sub(rb"^(<\?xml[^>]*\?>)", rb'\1<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>', d)
        if n == sheet else d))
# cut inside the cell data (what follows </sheetData> is never parsed)
rewrite("badxml.xlsx", lambda n, d: (n, d[: (d.find(b"<sheetData>") + d.find(b"</sheetData>")) // 2] if n == sheet else d))
rewrite("nosheet.xlsx", lambda n, d: (n, d.replace("Biểu mẫu".encode(), "Sheet1".encode()) if n == "xl/workbook.xml" else d))
rewrite("oldform.xlsx", lambda n, d: (n, d.replace(b"ctxh-v1", b"ctxh-v0")))
rewrite("nometa.xlsx", lambda n, d: (n, re.sub(rb'<sheet name="tonghop"[^>]*/>', b"", d) if n == "xl/workbook.xml" else d))
rewrite("noworkbook.xlsx", lambda n, d: (None if n == "xl/workbook.xml" else n, d))
PY
# a bad CRC: change one byte of the data sheet's stored bytes
/usr/bin/python3 - <<'PY' || fail "crafting crc"
import zipfile
src = zipfile.ZipFile("h/good.xlsx")
with zipfile.ZipFile("h/crc.xlsx", "w", zipfile.ZIP_STORED) as z:
    for item in src.infolist():
        z.writestr(item.filename, src.read(item.filename))
data = bytearray(open("h/crc.xlsx", "rb").read())
i = data.find(b"<sheetData>")
data[i + 1] = ord("S")
open("h/crc.xlsx", "wb").write(bytes(data))
PY

run() { "$TONGHOP" -w "$W" validate h; }
if [ "${SAN:-}" != 1 ] && [ -x /usr/bin/time ]; then
  expect_exit 1 /usr/bin/time -f "maxrss %M" "$TONGHOP" -w "$W" validate h
  rss=$(sed -n 's/^maxrss //p' "$T/err")
  [ "$rss" -lt 150000 ] || fail "validating hostile files took ${rss} KB"
else
  expect_exit 1 "$TONGHOP" -w "$W" validate h
fi
o=$T/out
expect_line $o "h/notzip.xlsx: X01: không phải tệp XLSX (không phải tệp nén zip)"
expect_line $o "h/oldexcel.xlsx: N03: tệp Excel 97-2003 (.xls), không phải XLSX: mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx"
expect_line $o "h/truncated.xlsx: X02: tệp XLSX bị hỏng hoặc không đầy đủ (tệp zip bị cắt cụt)"
expect_line $o "h/crc.xlsx: X02: tệp XLSX bị hỏng: phần 'xl/worksheets/sheet1.xml' sai mã kiểm tra CRC"
expect_line $o "h/bomb-ratio.xlsx: X03: tệp XLSX bất thường (nghi bom zip): phần 'xl/worksheets/sheet1.xml' nén với tỉ lệ hơn 200:1, không xử lý"
expect_line $o "h/bomb-size.xlsx: X03: tệp XLSX bất thường (nghi bom zip): phần 'xl/sharedStrings.xml' giải nén vượt quá 8 MB, không xử lý"
expect_line $o "h/entries.xlsx: X04: tệp XLSX có quá nhiều thành phần (312, tối đa 256): không xử lý"
expect_line $o "h/xxe.xlsx: X05: phần 'xl/worksheets/sheet1.xml' có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn"
expect_line $o "h/nosheet.xlsx: X06: không tìm thấy trang tính “Biểu mẫu” (tệp có: “Sheet1”, “Hướng dẫn”, “tonghop”): hãy dùng biểu mẫu do tonghop forms tạo ra"
expect_line $o "h/noworkbook.xlsx: X06: không phải sổ tính Excel: thiếu phần workbook"
expect_line $o "h/oldform.xlsx: X07: biểu mẫu “ctxh-v0” không được hỗ trợ: cần biểu mẫu ctxh-v1 (tải lại bằng tonghop forms)"
expect_line $o "h/nometa.xlsx: X07: không có mã biểu mẫu (trang ẩn “tonghop”): hãy dùng biểu mẫu do tonghop forms tạo ra"
# libxml2's English stays out: where (the part, its line) and why, in Vietnamese
expect_line $o "h/badxml.xlsx: X08: phần 'xl/worksheets/sheet1.xml' không phải XML hợp lệ (dòng 2): thẻ <row> viết dở, thiếu dấu '>' (tệp bị cắt ngang?)"
[ "$(grep -c '^h/badxml.xlsx' $o)" = 1 ] || fail "badxml: more than one line"
# one line each, and the good file in the same batch is still accepted
expect_no_grep $o "h/good.xlsx"
expect_line $o "14 tệp: 1 chấp nhận, 13 bị từ chối, 0 đã được thay thế, 0 trùng lặp (13 lỗi, 0 cảnh báo)"
# nothing of /etc/passwd made it anywhere
expect_no_grep $o "root:"
