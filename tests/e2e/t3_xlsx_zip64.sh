# t3_xlsx_zip64.sh - the zip's directory found as before the zip64 search
# was cut short where its signature is nowhere: a zip64 directory, its
# signature in a comment or a part, a long comment.
source "$TESTS_DIR/e2e/lib.sh"
W="$ROOT/input/cantho"
mkdir z
/usr/bin/python3 - "$ROOT/tests/fixtures/xlsx/lo-valid-31201.xlsx" <<'PY' || fail "crafting the zips"
import io, sys, zipfile
good = open(sys.argv[1], "rb").read()
zin = zipfile.ZipFile(io.BytesIO(good))
def copy(out, comment=b""):
    with zipfile.ZipFile("z/" + out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            z.writestr(item.filename, zin.read(item.filename))
        z.comment = comment
# a zip64 end of directory and its locator (what a count past 65,535 entries makes)
zipfile.ZIP_FILECOUNT_LIMIT = 1
copy("zip64.xlsx")
# the locator's signature in the comment, without a zip64 directory; and a plain one with a comment
zipfile.ZIP_FILECOUNT_LIMIT = 0xffff
copy("sig.xlsx", b"PK\x06\x07 not a locator")
copy("comment.xlsx", b"x" * 2000)
# the locator's signature in a part, a zip64 directory beside it
zipfile.ZIP_FILECOUNT_LIMIT = 1
with zipfile.ZipFile("z/zip64-sig.xlsx", "w", zipfile.ZIP_STORED) as z:
    for item in zin.infolist():
        d = zin.read(item.filename)
        z.writestr(item.filename, d.replace(b"</Relationships>", b"<!--PK\x06\x07--></Relationships>", 1) if item.filename == "_rels/.rels" else d)
PY
expect_exit 1 "$TONGHOP" -w "$W" validate z
o=$T/out
expect_line $o "z/comment.xlsx: P03: đã được thay thế bởi bản nộp sau zip64.xlsx"
expect_line $o "z/sig.xlsx: P03: đã được thay thế bởi bản nộp sau zip64.xlsx"
expect_line $o "z/zip64-sig.xlsx: X08: phần '_rels/.rels' không phải XML hợp lệ (dòng 3): có ký tự điều khiển không được phép trong XML"
expect_line $o "4 tệp: 1 chấp nhận, 1 bị từ chối, 2 đã được thay thế, 0 trùng lặp (1 lỗi, 2 cảnh báo)"
