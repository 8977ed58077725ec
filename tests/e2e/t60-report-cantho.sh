# t60: the Cần Thơ 2026 report: Nghị định 30/2020 header lines, values,
# signer, fonts embedded, metadata, A4, margins, page numbers, same bytes twice.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2026
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o1" consolidate --year 2026
cp "$T/out" "$T/consolidate.txt"
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o1" report --year 2026
pdf=$T/o1/cantho-ctxh-2026-2030/2026-annual/report.pdf
[ -s "$pdf" ] || fail "no report.pdf"

# every font embedded (pdffonts: name type encoding emb sub uni ...)
pdffonts "$pdf" > "$T/fonts" 2>/dev/null
nfonts=$(tail -n +3 "$T/fonts" | wc -l)
[ "$nfonts" -eq 4 ] || { cat "$T/fonts"; fail "expected the 4 Liberation Serif faces, got $nfonts fonts"; }
tail -n +3 "$T/fonts" | grep -v 'LiberationSerif' && fail "a font other than Liberation Serif"
tail -n +3 "$T/fonts" | awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' || { cat "$T/fonts"; fail "a font is not embedded"; }

pdftotext "$pdf" - 2>/dev/null | tr -d '\f' > "$T/text"
expect_line "$T/text" "UBND THÀNH PHỐ CẦN THƠ"
expect_line "$T/text" "SỞ Y TẾ"
expect_line "$T/text" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
expect_line "$T/text" "Độc lập - Tự do - Hạnh phúc"
expect_line "$T/text" "Số: 15/BC-SYT"
expect_line "$T/text" "Cần Thơ, ngày 28 tháng 12 năm 2026"
expect_line "$T/text" "BÁO CÁO"
expect_line "$T/text" "Kết quả thực hiện Chương trình phát triển công tác xã hội năm 2026"
expect_line "$T/text" "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
expect_line "$T/text" "II. KẾT QUẢ THỰC HIỆN"
expect_line "$T/text" "IV. ĐÁNH GIÁ CHUNG"
expect_line "$T/text" "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"
expect_line "$T/text" "VI. KIẾN NGHỊ, ĐỀ XUẤT"
expect_line "$T/text" "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"
expect_line "$T/text" "KT. GIÁM ĐỐC"
expect_line "$T/text" "PHÓ GIÁM ĐỐC"
expect_line "$T/text" "Trần Văn Hòa"
expect_line "$T/text" "Nơi nhận:"
expect_line "$T/text" "- Bộ Y tế;"
expect_line "$T/text" "- Lưu: VT, BTXH."
expect_line "$T/text" "Phụ lục I"
expect_line "$T/text" "Phụ lục II"
expect_line "$T/text" "(Kèm theo Báo cáo số 15/BC-SYT ngày 28 tháng 12 năm 2026 của Sở Y tế)"
pdf_prose "$pdf" "$T/prose"
n=$(grep -c '<unit ' "$T/ws/registry.xml")
expect_grep "$T/prose" "Tất cả 128 cơ quan, đơn vị, địa phương thuộc diện báo cáo đã gửi báo cáo đạt yêu cầu, đúng thời hạn."
expect_grep "$T/prose" "Sở Y tế kính báo cáo Bộ Y tế và Ủy ban nhân dân thành phố./."
# a report of the first year of the plan has nothing to compare with, and says so
expect_grep "$T/prose" "Số liệu thực hiện Kế hoạch được tổng hợp từ năm 2026 nên chưa có số liệu cùng kỳ năm 2025 để so sánh."
expect_no_grep "$T/prose" "Kế hoạch được thực hiện từ năm 2026"
# nothing a signer would have to strike out: no codes, no operators, no zero counts
for bad in "(I1)" "I4B" "≥" "> 75" " 0 đơn vị" " 0/" "chưa đúng thời hạn" "sau thời hạn" "chưa gửi báo cáo" "DỰ THẢO"; do
  expect_no_grep "$T/prose" "$bad"
done

# each indicator value printed by consolidate is in the report exactly (chart labels are lines of their own)
grep -E '^  I[0-9A-Z]+ ' "$T/consolidate.txt" > "$T/ind"
[ "$(wc -l < "$T/ind")" -eq 5 ] || fail "expected 5 indicators from consolidate"
while read -r code value _; do
  expect_line "$T/text" "$value"
  grep -qF "đạt tỷ lệ $value" "$T/prose" || [ "$code" = I4 ] || fail "$code value $value not in the narrative"
done < "$T/ind"
# a total from the narrative, Vietnamese thousands separator
tot=$(grep -o 'people.helped="[0-9]*"' "$T/o1/cantho-ctxh-2026-2030/2026-annual/consolidated.xml" | head -1 | grep -o '[0-9]*')
if [ -n "$tot" ]; then
  fmt=$(/usr/bin/python3 -c "print(f'{$tot:,}'.replace(',', '.'))")
  grep -qF "Có $fmt người có hoàn cảnh khó khăn" "$T/prose" || fail "people.helped $fmt not in the narrative"
fi

# metadata and A4
pdfinfo "$pdf" > "$T/info" 2>/dev/null
expect_line "$T/info" "Title:           Báo cáo: Kết quả thực hiện Chương trình phát triển công tác xã hội năm 2026"
expect_line "$T/info" "Author:          Sở Y tế"
expect_grep "$T/info" "Subject:         Báo cáo số 15/BC-SYT ngày 28 tháng 12 năm 2026 của Sở Y tế"
expect_grep "$T/info" "Keywords:        công tác xã hội; báo cáo năm 2026"
expect_grep "$T/info" "CreationDate:    Mon Dec 28 01:00:00 2026 UTC"
expect_line "$T/info" "Page size:       595.276 x 841.89 pts (A4)"
expect_line "$T/info" "Metadata Stream: yes"
expect_line "$T/info" "PDF version:     1.4"
pdfinfo -meta "$pdf" 2>/dev/null > "$T/xmp"
expect_grep "$T/xmp" "<pdfaid:part>1</pdfaid:part>"
expect_grep "$T/xmp" "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Báo cáo: Kết quả thực hiện"

# page numbers: none on page 1, "2" centred at the top of page 2, each appendix from 1 again
pdftotext -f 1 -l 1 "$pdf" - 2>/dev/null | head -1 > "$T/p1"
expect_line "$T/p1" "UBND THÀNH PHỐ CẦN THƠ"
pdftotext -f 2 -l 2 "$pdf" - 2>/dev/null | head -1 > "$T/p2"
expect_line "$T/p2" "2"
pages=$(awk '/^Pages:/ {print $2}' "$T/info")
first_pl=""; for i in $(seq 1 "$pages"); do
  pdftotext -f "$i" -l "$i" "$pdf" - 2>/dev/null | head -1 | grep -qx "Phụ lục I" && first_pl=$i
done
[ -n "$first_pl" ] || fail "no page starts with 'Phụ lục I'"
pdftotext -f $((first_pl + 1)) -l $((first_pl + 1)) "$pdf" - 2>/dev/null | head -1 > "$T/pl2"
expect_line "$T/pl2" "2"
# the appendix table header is repeated on its second page
pdftotext -f $((first_pl + 1)) -l $((first_pl + 1)) "$pdf" - 2>/dev/null > "$T/pl2text"
expect_line "$T/pl2text" "STT"
expect_line "$T/pl2text" "Đơn vị"

# nothing outside the margins (left 30 mm, right 15 mm, bottom 20 mm; the page number sits in the top margin)
pdftotext -bbox "$pdf" "$T/bbox.html" 2>/dev/null
/usr/bin/python3 - "$T/bbox.html" <<'PY' || fail "text outside the margins"
import re, sys
bad = 0
for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', open(sys.argv[1]).read()):
    x0, y0, x1, y1 = map(float, m.groups()[:4])
    if x0 < 85.03 - 0.5 or x1 > 595.276 - 42.52 + 0.5 or y1 > 841.89 - 56.69 + 0.5 or y0 < 20:
        print("outside:", m.group(5), x0, y0, x1, y1); bad = 1
sys.exit(bad)
PY

# same inputs, same bytes: again in the same place, and from a copy elsewhere
cp "$pdf" "$T/first.pdf"
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o1" report --year 2026
cmp "$pdf" "$T/first.pdf" || fail "second run differs"
cp -r "$T/ws" "$T/ws2"
expect_exit 0 "$TONGHOP" -q -w "$T/ws2" -o "$T/o2" consolidate --year 2026
expect_exit 0 "$TONGHOP" -q -w "$T/ws2" -o "$T/o2" report --year 2026
cmp "$T/o2/cantho-ctxh-2026-2030/2026-annual/report.pdf" "$T/first.pdf" || fail "a copy of the workspace gives different bytes"
echo "ok"
