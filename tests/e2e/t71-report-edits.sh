# t71: the department words its report without leaving tonghop: a file
# narrative/<year>-<period>.xml in the workspace adds paragraphs after or
# before a section or a part of the template, or replaces one, with
# placeholders filled in; a place that does not exist, or a file of another
# period, is a configuration error naming the file and line. A report
# without a number is a draft and says so on page 1.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2024
mkdir -p "$T/ws/narrative"
cat > "$T/ws/narrative/2024-annual.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<narrative xmlns="urn:tonghop:narrative:1" year="2024" period="annual">
  <section ref="chi-dao" mode="before">
    <p>Sở đã ban hành Công văn số 1234/SLĐTBXH-BTXH ngày 15/3/2024 hướng dẫn triển khai Kế hoạch năm 2024.</p>
  </section>
  <part ref="nguyen-nhan" mode="after">
    <p>Một số địa phương chưa bố trí được kinh phí; {units.expected} đơn vị thuộc diện báo cáo.</p>
  </part>
  <section ref="kien-nghi" mode="replace">
    <p style="italic">Đề nghị Bộ Lao động - Thương binh và Xã hội sớm ban hành hướng dẫn về chế độ phụ cấp.</p>
  </section>
</narrative>
XML
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2024 --no-archive
pdf=$T/o/kiengiang-ctxh-2021-2030/2024-annual/report.pdf
pdf_prose "$pdf" "$T/prose"
expected=$(grep -o 'expected="[0-9]*"' "$T/o/kiengiang-ctxh-2021-2030/2024-annual/consolidated.xml" | head -1 | grep -o '[0-9]*')
expect_grep "$T/prose" "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH Sở đã ban hành Công văn số 1234/SLĐTBXH-BTXH ngày 15/3/2024"
expect_grep "$T/prose" "Một số địa phương chưa bố trí được kinh phí; $expected đơn vị thuộc diện báo cáo. V. PHƯƠNG HƯỚNG"
expect_grep "$T/prose" "VI. KIẾN NGHỊ, ĐỀ XUẤT Đề nghị Bộ Lao động - Thương binh và Xã hội sớm ban hành hướng dẫn về chế độ phụ cấp. Trên đây là báo cáo"
# replaced: the template's own text of that section is gone
expect_no_grep "$T/prose" "quan tâm, hỗ trợ kinh phí, tài liệu và tập huấn chuyên môn"
# numbered (412/BC-SLĐTBXH): not a draft
expect_no_grep "$T/prose" "DỰ THẢO"

# the same bytes again (the wording is an input like any other)
cp "$pdf" "$T/first.pdf"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
cmp "$pdf" "$T/first.pdf" || fail "the same wording gives other bytes"
# other wording, another document: the trailer /ID is made from the wording too
pdf_id() { grep -a -o '/ID \[ <[0-9A-F]*>' "$1" | head -1; }
[ -n "$(pdf_id "$pdf")" ] || fail "no /ID in $pdf"
cp "$T/ws/narrative/2024-annual.xml" "$T/wording.xml"
sed -i 's/Công văn số 1234/Công văn số 1235/' "$T/ws/narrative/2024-annual.xml"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
[ "$(pdf_id "$pdf")" != "$(pdf_id "$T/first.pdf")" ] || fail "two wordings, one /ID $(pdf_id "$pdf")"
cp "$T/wording.xml" "$T/ws/narrative/2024-annual.xml"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
cmp "$pdf" "$T/first.pdf" || fail "the first wording again gives other bytes"

# a place that does not exist, and a file of another period: exit 2, file and line named
sed -i 's/ref="nguyen-nhan"/ref="khong-co"/' "$T/ws/narrative/2024-annual.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
expect_grep "$T/err" "narrative/2024-annual.xml:6: there is no part 'khong-co' in the report"
sed -i 's/ref="khong-co"/ref="nguyen-nhan"/; s/year="2024"/year="2023"/' "$T/ws/narrative/2024-annual.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
expect_grep "$T/err" "narrative/2024-annual.xml:2: the wording is for 2023 annual, not for the period 2024 annual"
# not valid against schemas/narrative.xsd: the schema's message with its line
printf '<narrative xmlns="urn:tonghop:narrative:1" year="2024" period="annual"><chapter ref="x"/></narrative>\n' \
  > "$T/ws/narrative/2024-annual.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2024
expect_grep "$T/err" "narrative/2024-annual.xml:1:"

# a period with no number in plan.xml is a draft: DỰ THẢO on page 1 only, "Số:      /"
rm -rf "$T/ws/narrative"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2024 --period h1
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2024 --period h1 --no-archive
pdf=$T/o/kiengiang-ctxh-2021-2030/2024-h1/report.pdf
pdftotext -f 1 -l 1 "$pdf" - 2>/dev/null > "$T/p1"
expect_line "$T/p1" "DỰ THẢO"
pdftotext -f 2 "$pdf" - 2>/dev/null > "$T/rest"
expect_no_grep "$T/rest" "DỰ THẢO"
echo ok
