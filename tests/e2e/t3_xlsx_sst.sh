# t3_xlsx_sst.sh - a cell's shared-string index: one past the strings, or
# not a number, is refused naming the cell (also a cell without r, the one
# after its neighbour); an index read as strtoul reads it (" +3", leading
# zeros) is the string it names.
source "$TESTS_DIR/e2e/lib.sh"
W="$ROOT/input/cantho"
mkdir s
/usr/bin/python3 - "$ROOT/tests/fixtures/xlsx/lo-valid-31201.xlsx" <<'PY' || fail "crafting the cells"
import io, sys, zipfile
good = open(sys.argv[1], "rb").read()
zin = zipfile.ZipFile(io.BytesIO(good))
def rewrite(out, part, edit):
    with zipfile.ZipFile("s/" + out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            d = zin.read(item.filename)
            z.writestr(item.filename, edit(d) if item.filename == part else d)
sheet = "xl/worksheets/sheet1.xml"
# a shared string's index: past the last string, negative, not a number, blank; or read as strtoul reads it
for name, v in (("sst-past", b"99999"), ("sst-minus", b"-1"), ("sst-word", b"1a"), ("sst-blank", b""),
                ("sst-long", b"0000000000000000000003"), ("sst-plus", b" +3")):
    rewrite(name + ".xlsx", sheet, lambda d: d.replace(b'<c r="A2" s="2" t="s"><v>1</v>', b'<c r="A2" s="2" t="s"><v>' + v + b"</v>", 1))
# no r attribute: the cell after the one before it
rewrite("sst-nor.xlsx", sheet, lambda d: d.replace(b'<c r="C4" s="5" t="s"><v>4</v>', b'<c s="5" t="s"><v>4000</v>', 1))
PY
expect_exit 1 "$TONGHOP" -w "$W" validate s
o=$T/out
for f in past minus word blank; do
  expect_line $o "s/sst-$f.xlsx: X08: ô A2 tham chiếu chuỗi dùng chung không tồn tại"
done
expect_line $o "s/sst-nor.xlsx: X08: ô C4 tham chiếu chuỗi dùng chung không tồn tại"
expect_line $o "s/sst-long.xlsx: P03: đã được thay thế bởi bản nộp sau sst-plus.xlsx"
expect_line $o "7 tệp: 1 chấp nhận, 5 bị từ chối, 1 đã được thay thế, 0 trùng lặp (5 lỗi, 1 cảnh báo)"
