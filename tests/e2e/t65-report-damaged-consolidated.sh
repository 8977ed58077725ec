# t65: `report` on a damaged consolidated.xml stops with exit 2 and says
# where and why in Vietnamese: file:line, the reason (libxml2's English detail
# only after it, for a schema error) and how to make the file again (the
# file is streamed and checked against consolidated.xsd as it is read).
source "$TESTS_DIR/e2e/lib.sh"
expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/cantho" -o "$T/o" consolidate --year 2026
C=$T/o/cantho-ctxh-2026-2030/2026-annual/consolidated.xml
cp "$C" "$T/good.xml"
line=$(grep -n -m1 'own="accepted"' "$C" | cut -d: -f1)
sed -i "${line}s/own=\"accepted\"/own=\"bogus\"/" "$C"
expect_exit 2 "$TONGHOP" -q -w "$ROOT/input/cantho" -o "$T/o" report --year 2026
expect_grep "$T/err" "$C:$line: tệp tổng hợp bị hỏng: không đúng lược đồ consolidated.xsd (tệp bị sửa tay hoặc của phiên bản khác): Element '{urn:tonghop:consolidated:1}node', attribute 'own': [facet 'enumeration'] The value 'bogus'"
expect_grep "$T/err" "$C: hãy lập lại tệp này bằng 'tonghop consolidate' (hoặc 'tonghop run')"
[ ! -e "$T/o/cantho-ctxh-2026-2030/2026-annual/report.pdf" ] || fail "report written from a damaged file"
# cut short in the middle of a node
head -c 30000 "$T/good.xml" > "$C"
expect_exit 2 "$TONGHOP" -q -w "$ROOT/input/cantho" -o "$T/o" report --year 2026
last=$(wc -l < "$C")
expect_grep "$T/err" "$C:$((last + 1)): tệp tổng hợp bị hỏng: "
expect_grep "$T/err" "cắt ngang"
! grep -q "Couldn't\|Premature\|Extra content" "$T/err" || fail "libxml2's English for a parse error"
# a DOCTYPE is refused before anything is used
{ echo '<?xml version="1.0" encoding="UTF-8"?>'; echo '<!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/passwd">]>'; tail -n +2 "$T/good.xml"; } > "$C"
expect_exit 2 "$TONGHOP" -q -w "$ROOT/input/cantho" -o "$T/o" report --year 2026
expect_grep "$T/err" "tệp tổng hợp bị hỏng: có khai báo DOCTYPE/thực thể: không được phép vì lý do an toàn"
# the intact file reports
cp "$T/good.xml" "$C"
expect_exit 0 "$TONGHOP" -q -w "$ROOT/input/cantho" -o "$T/o" report --year 2026
echo ok
