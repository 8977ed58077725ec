#!/usr/bin/env bash
# t22-validate-hostile.sh - broken, hostile and unreadable files: each is
# rejected with one exact line in Vietnamese, and the valid file beside it in
# the same batch is still accepted.
source "$TESTS_DIR/e2e/lib.sh"
fx=$ROOT/tests/fixtures/xml
copy_ws cantho
rm -rf ws/submissions

# case NAME LINE: a batch of the valid file and $T/bad/NAME; the output must
# hold LINE (with "B/" standing for the batch directory), the totals, and
# validation.xml must show the valid file accepted.
case_() {
  local name=$1 want=$2
  rm -rf B res; mkdir B
  cp "$fx/valid-31237.xml" B/31237.xml
  cp -P "$T/bad/$name" "B/$name" 2>/dev/null || mkfifo "B/$name"
  expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period annual B
  expect_line "$T/out" "${want}"
  expect_line "$T/out" "2 tệp: 1 chấp nhận, 1 bị từ chối, 0 đã được thay thế, 0 trùng lặp (1 lỗi, 0 cảnh báo)"
  grep -q 'file="B/31237.xml".*status="accepted"' res/*/2026-annual/validation.xml ||
    fail "$name: the valid file beside it was not accepted"
  # libxml2's English never reaches the agencies
  ! sed 's/^[^ ]* [A-Z][0-9]*://' "$T/out" | grep -Eq 'Premature|not defined|parser error|Excessive|entity|Entity|Element' || fail "$name: English leaked: $(cat "$T/out")"
  [ "$(wc -l < "$T/out")" = 2 ] || fail "$name: more than one line for one file"
}

mkdir bad
cp "$fx/xxe.xml" "$fx/parameter-entity.xml" "$fx/billion-laughs.xml" "$fx/xinclude.xml" bad/
FX=$fx /usr/bin/python3 - <<'PY'
import os
fx = os.environ['FX']
ok = open(fx + '/valid-31237.xml', encoding='utf-8').read()
def w(name, data):
    with open('bad/' + name, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))
w('deep.xml', '<?xml version="1.0"?>\n<submission xmlns="urn:tonghop:submission:1">\n' + '<a>' * 10000 + '</a>' * 10000 + '\n</submission>\n')
w('deep100.xml', '<?xml version="1.0"?>\n<submission xmlns="urn:tonghop:submission:1">\n' + '<a>\n' * 100 + '</a>' * 100 + '\n</submission>\n')
# Latin-1 bytes in a file that says UTF-8 (line 8)
w('latin1.xml', ok.encode('utf-8').replace('Võ Thị Mai'.encode(), b'V\xf5 Th\xed Mai'))
w('utf16.xml', ok.replace('31237', '31249').encode('utf-16'))
w('empty.xml', b'')
w('blank.xml', b'  \n\n')
w('not-xml.xml', 'Báo cáo năm 2026 gửi kèm theo công văn.\n')
w('truncated.xml', ok[:ok.index('<kind code="y_te">')])
w('mismatch.xml', ok.replace('</needing>', '</need>'))
w('undeclared-entity.xml', ok.replace('Võ Thị Mai', '&xxe;'))
w('big.xml', '<?xml version="1.0"?>\n<!-- ' + 'x' * (9 << 20) + ' -->\n')
PY
ln -s /nonexistent/31249.xml bad/dangling.xml

case_ xxe.xml              "B/xxe.xml:2: F05: tệp có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn"
case_ parameter-entity.xml "B/parameter-entity.xml:3: F05: tệp có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn"
case_ billion-laughs.xml   "B/billion-laughs.xml:2: F05: tệp có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn"
case_ xinclude.xml         "B/xinclude.xml:8: F06: tệp dùng XInclude để chèn tệp khác: không được phép"
case_ deep.xml             "B/deep.xml:3: F07: XML lồng quá sâu (quá 64 cấp): không xử lý"
case_ deep100.xml          "B/deep100.xml:66: F07: XML lồng quá sâu (quá 64 cấp): không xử lý"
case_ latin1.xml           "B/latin1.xml:8: F04: tệp không phải văn bản UTF-8 hợp lệ"
case_ utf16.xml            "B/utf16.xml: F04: tệp lưu bằng mã UTF-16, không phải UTF-8: hãy lưu lại dưới dạng UTF-8"
case_ empty.xml            "B/empty.xml: F02: tệp rỗng"
case_ blank.xml            "B/blank.xml: F02: tệp rỗng"
case_ not-xml.xml          "B/not-xml.xml: F09: không nhận dạng được định dạng tệp: cần tệp XML hoặc XLSX"
case_ truncated.xml        "B/truncated.xml:36: F03: không phải XML hợp lệ: tệp bị cắt ngang hoặc thiếu thẻ đóng: thẻ <bodies> mở ở dòng 10 chưa được đóng"
case_ mismatch.xml         "B/mismatch.xml:97: F03: không phải XML hợp lệ: thẻ mở <needing> ở dòng 97 không khớp với thẻ đóng </need>"
case_ undeclared-entity.xml "B/undeclared-entity.xml:8: F03: không phải XML hợp lệ: dùng thực thể &xxe; không được khai báo (ký tự '&' trong văn bản phải viết là &amp;)"
case_ big.xml              "B/big.xml: F08: tệp quá lớn (tối đa 8 MB)"
case_ dangling.xml         "B/dangling.xml: N01: liên kết tượng trưng (symlink), không được đọc: hãy chép chính tệp báo cáo vào thư mục"
# a named pipe would block a naive reader forever
case_ fifo.xml             "B/fifo.xml: N02: không phải tệp thông thường (thư mục, FIFO, thiết bị hay socket): không được đọc"
if [ "$(id -u)" != 0 ]; then
  cp "$fx/valid-31237.xml" bad/locked.xml && chmod 000 bad/locked.xml
  case_ locked.xml         "B/locked.xml: F01: không đọc được tệp: không có quyền đọc tệp"
fi

# a directory named like a submission is not one: the batch goes on
rm -rf B res; mkdir -p B/31249.xml; cp "$fx/valid-31237.xml" B/31237.xml
expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2026 --period annual B
expect_line "$T/out" "1 tệp: 1 chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"

# everything at once: one line each, the valid file accepted, exit 1
rm -rf B res; mkdir B; cp "$fx/valid-31237.xml" B/31237.xml; cp -P bad/* B/
expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period annual B
grep -q 'file="B/31237.xml".*status="accepted"' res/*/2026-annual/validation.xml || fail "valid file not accepted in the mixed batch"
xmllint --noout --schema "$ROOT/schemas/validation.xsd" res/*/2026-annual/validation.xml 2>/dev/null || fail "validation.xml invalid"
# /etc/passwd never shows up anywhere
! grep -rq "root:" "$T/out" res || fail "external entity content leaked"
