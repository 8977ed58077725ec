# t80: an unknown or unclosed {…} in the department's wording
# (narrative/<year>-<period>.xml) is exit 2 with a Vietnamese message naming
# that file and its line, not the report template (report and review alike);
# the template's own placeholders keep their message (t62).
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2024
mkdir -p "$T/ws/narrative"
cat > "$T/ws/narrative/2024-annual.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<narrative xmlns="urn:tonghop:narrative:1" year="2024" period="annual">
  <part ref="nguyen-nhan" mode="after">
    <p>Có {units.expected} đơn vị; tỷ lệ {ty.le.moi}.</p>
  </part>
</narrative>
XML
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2024 --no-archive
expect_grep "$T/err" "narrative/2024-annual.xml:4: '{ty.le.moi}' không phải là chỗ thay dùng được trong lời văn của báo cáo"
expect_no_grep "$T/err" "in the report template"
expect_no_grep "$T/err" "unknown placeholder"
[ ! -e "$T/o/kiengiang-ctxh-2021-2030/2024-annual/report.pdf" ] || fail "report.pdf written although its wording is wrong"
# unclosed: named up to 20 bytes, never cutting a letter in two (ị is 3 bytes)
sed -i 's/tỷ lệ {ty.le.moi}/còn {units.late đơn vị nộp muộn/' "$T/ws/narrative/2024-annual.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
expect_grep "$T/err" "narrative/2024-annual.xml:4: chỗ thay '{units.late đơn v' thiếu dấu '}' trong lời văn của báo cáo"
iconv -f UTF-8 -t UTF-8 "$T/err" > /dev/null || fail "the message is not valid UTF-8"
echo ok
