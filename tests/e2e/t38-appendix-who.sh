#!/usr/bin/env bash
# t38: an appendix of units is titled by whom it lists and reads as a list.
# The Bộ Y tế's report (Cục Bảo trợ xã hội) listed its 34 provinces under
# "KẾT QUẢ THỰC HIỆN THEO XÃ, PHƯỜNG" (the template's fixed title), with the
# Cục itself as row 1 "Không thuộc diện báo cáo", and II.2 said "Cục Bảo trợ
# xã hội: không thuộc diện báo cáo trong kỳ" of the report's own issuer.
# Its provinces, in the order of their codes, alternate "Tỉnh" and "Thành
# phố": headed by group, both appendices read as six groups of each. Now the
# title names the groups listed, the most numerous first; a unit with
# nothing asked and nothing received in its subtree is no row and no line;
# a list whose groups are not together has no group headings. Cần Thơ's
# title and headings stay; Kiên Giang 2024 names its thị trấn.
source "$TESTS_DIR/e2e/lib.sh"

expect_exit 0 "$TONGHOP" -q -w "$ROOT/input/boyte" -o res run --year 2026 --no-archive
pdf="res/boyte-ctxh-2021-2030/2026-annual/report.pdf"
pdf_prose "$pdf" "$T/by"
expect_grep "$T/by" "KẾT QUẢ THỰC HIỆN THEO TỈNH, THÀNH PHỐ"
expect_no_grep "$T/by" "THEO XÃ, PHƯỜNG"
expect_no_grep "$T/by" "Cục Bảo trợ xã hội: không thuộc diện"
expect_no_grep "$T/by" "Không thuộc diện"
expect_grep "$T/by" "- Sở Y tế các tỉnh, thành phố trực thuộc trung ương: 34/34 đơn vị đã gửi báo cáo đạt yêu cầu"
pdftotext -layout "$pdf" "$T/by.txt"
# no group heading line ("Tỉnh", "Thành phố", "Cơ quan của Bộ") in either appendix
awk '/Phụ lục I$/{on=1} on' "$T/by.txt" | grep -E '^(Tỉnh|Thành phố|Cơ quan của Bộ)$' && fail "a group heading in the Bộ's appendices"
# rows 1..34, the first Hà Nội, the last Cà Mau
grep -E '^ *1 +Thành phố Hà Nội ' "$T/by.txt" >/dev/null || fail "row 1 is not Hà Nội"
grep -E '^ *34 +Tỉnh Cà Mau ' "$T/by.txt" >/dev/null || fail "row 34 is not Cà Mau"
grep -E '^ *35 ' "$T/by.txt" && fail "a 35th row"

expect_exit 1 "$TONGHOP" -q -w "$ROOT/input/cantho" -o res run --year 2026 --no-archive
pdftotext -layout res/cantho-ctxh-2026-2030/2026-annual/report.pdf "$T/ct.txt"
grep -q "KẾT QUẢ THỰC HIỆN THEO XÃ, PHƯỜNG$" "$T/ct.txt" || fail "Cần Thơ's title"
awk '/Phụ lục II$/{on=1} /Phụ lục III$/{on=0} on' "$T/ct.txt" | grep -cE '^(Phường|Xã)$' | grep -qx 2 || fail "Cần Thơ's two group headings"

expect_exit 0 "$TONGHOP" -q -w "$ROOT/input/kiengiang" -o res run --year 2024 --no-archive
pdf_prose res/kiengiang-ctxh-2021-2030/2024-annual/report.pdf "$T/kg"
expect_grep "$T/kg" "KẾT QUẢ THỰC HIỆN THEO XÃ, PHƯỜNG, THỊ TRẤN"
exit 0
