#!/usr/bin/env bash
# t27: every entry of a period that is not a regular submission file gets one
# exact line and a rejected validation.xml entry (N01 link, N02 not a regular
# file, N03 another spreadsheet format or a password-protected workbook, N04
# another name); a link is never followed, read or archived; nightly the same.
source "$TESTS_DIR/e2e/lib.sh"
fx=$ROOT/tests/fixtures/xml
copy_ws cantho
rm -rf ws/submissions
S=ws/submissions/2026-annual
mkdir -p $S outside
cp "$fx/valid-31237.xml" $S/31237.xml
sed 's/31237/31249/g' "$fx/valid-31237.xml" > outside/31249.xml
ln -s /etc/passwd $S/passwd.xml
ln -s "$T/outside/31249.xml" $S/31249.xml
ln -s "$T/outside" $S/thu-muc-lien-ket
mkfifo $S/fifo.xml
/usr/bin/python3 - "$S" <<'PY'
import sys
d = sys.argv[1]
ole = b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + b'\0' * 504
def w(name, data):
    open(d + '/' + name, 'wb').write(data)
w('bao-cao.ods', b'PK\x03\x04 opendocument')
w('bao-cao.xls', ole)
w('bao-cao.xlsm', b'PK\x03\x04 macro')
w('bao-cao.xlsb', b'PK\x03\x04 binary')
w('bao-cao.csv', b'a,b\n1,2\n')
w('co-mat-khau.xlsx', ole + 'EncryptionInfo'.encode('utf-16-le') + b'\0' * 64)
w('cu.xlsx', ole)
w('khong-duoi', b'<submission/>')
w('dau-cach.xml ', b'<submission/>')
w('.an.xml', b'<submission/>')
w('ghi-chu.txt', b'x')
PY

N01="N01: liên kết tượng trưng (symlink), không được đọc: hãy chép chính tệp báo cáo vào thư mục"
N02="N02: không phải tệp thông thường (thư mục, FIFO, thiết bị hay socket): không được đọc"
check_lines() {
  expect_line "$1" "$S/passwd.xml: $N01"
  expect_line "$1" "$S/31249.xml: $N01"
  expect_line "$1" "$S/thu-muc-lien-ket: $N01"
  expect_line "$1" "$S/fifo.xml: $N02"
  expect_line "$1" "$S/bao-cao.ods: N03: bảng tính OpenDocument (.ods): mở bằng LibreOffice và lưu lại dưới dạng .xlsx (Excel 2007-365)"
  expect_line "$1" "$S/bao-cao.xls: N03: tệp Excel 97-2003 (.xls): mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx"
  expect_line "$1" "$S/bao-cao.xlsm: N03: tệp Excel có macro (.xlsm): lưu lại dưới dạng .xlsx (Sổ làm việc Excel, không macro)"
  expect_line "$1" "$S/bao-cao.xlsb: N03: tệp Excel nhị phân (.xlsb): mở bằng Excel và lưu lại dưới dạng .xlsx (Sổ làm việc Excel)"
  expect_line "$1" "$S/bao-cao.csv: N03: tệp CSV không mang được biểu mẫu: điền biểu mẫu XLSX hoặc gửi tệp XML"
  expect_line "$1" "$S/co-mat-khau.xlsx: N03: sổ làm việc có mật khẩu (được mã hoá): mở bằng Excel, gỡ mật khẩu rồi lưu lại dạng .xlsx"
  expect_line "$1" "$S/cu.xlsx: N03: tệp Excel 97-2003 (.xls), không phải XLSX: mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx"
  expect_line "$1" "$S/khong-duoi: N04: tên tệp không có phần mở rộng .xml hoặc .xlsx: tệp không được đọc"
  expect_line "$1" "$S/dau-cach.xml : N04: tên tệp có dấu cách hoặc dấu chấm ở cuối: đổi tên cho kết thúc bằng .xml hoặc .xlsx"
  expect_line "$1" "$S/.an.xml: N04: tệp ẩn (tên bắt đầu bằng dấu chấm): không được đọc; đổi tên nếu đây là báo cáo"
  expect_line "$1" "$S/ghi-chu.txt: N04: phần mở rộng của tên tệp không phải .xml hoặc .xlsx: tệp không được đọc"
  expect_grep "$1" "16 tệp: 1 chấp nhận, 15 bị từ chối, 0 đã được thay thế, 0 trùng lặp"
}

expect_exit 1 timeout 60 "$TONGHOP" -w ws -o res validate --year 2026
check_lines "$T/out"
expect_line "$T/out" "16 tệp: 1 chấp nhận, 15 bị từ chối, 0 đã được thay thế, 0 trùng lặp (15 lỗi, 0 cảnh báo)"
V=res/cantho-ctxh-2026-2030/2026-annual/validation.xml
xmllint --noout --schema "$ROOT/schemas/validation.xsd" $V 2> /dev/null || fail "validation.xml not valid"
for f in passwd.xml 31249.xml thu-muc-lien-ket fifo.xml bao-cao.ods co-mat-khau.xlsx khong-duoi "dau-cach.xml " .an.xml; do
  [ "$(xmllint --xpath "string(//*[local-name()='submission'][@file='$S/$f']/@status)" $V)" = rejected ] ||
    fail "'$f' not rejected in validation.xml"
done
[ "$(xmllint --xpath "count(//*[local-name()='submission'][@file='$S/31249.xml']/*[@code='N01'])" $V)" = 1 ] ||
  fail "no N01 for the link in validation.xml"
# the link's target was not read: its unit is not counted
expect_no_grep $V 'unit="31249"'

# run archives the batch: nothing of these entries is copied
rc=0; timeout 120 "$TONGHOP" -w ws -o res run --year 2026 > out2 2> err2 || rc=$?
[ $rc -le 1 ] || { cat err2; fail "run exited $rc"; }
check_lines out2
A=res/archive
if [ -d $A ]; then
  ! grep -rqa 'root:x:0:0' $A || fail "/etc/passwd reached the archive"
  n=$(sqlite3 $A/catalog.sqlite "SELECT count(*) FROM inputs WHERE path LIKE '%passwd%' OR path LIKE '%31249%' OR path LIKE '%bao-cao%' OR path LIKE '%.an.xml%' OR path LIKE '%khong-duoi%' OR path LIKE '%mat-khau%' OR path LIKE '%fifo%'" 2>/dev/null || echo 0)
  [ "$n" = 0 ] || fail "$n odd entries archived"
fi

# nightly: the same lines, the same accounting
expect_exit 1 timeout 60 "$TONGHOP" -w ws -o night nightly --year 2026 --now 2026-12-20T08:00:00
check_lines "$T/out"
# inputs untouched
[ -L $S/passwd.xml ] && [ -p $S/fifo.xml ] && [ -L $S/thu-muc-lien-ket ] || fail "an input was changed"
