#!/usr/bin/env bash
# t53: a period asking some fields only (Cần Thơ's ad hoc request
# dx-2026-09: people in need, helped, case-managed, for 9 months to 30/9)
# never prints an indicator it does not ask as 0 nor judges its 9-month
# figure against the 2030 target: consolidated.xml marks I1-I3 and I5
# "not-asked"; the terminal table, the PDF (section III, its table, the
# tasks, the agencies, the appendices) and the workbook leave them out and
# say once which were not asked; the title and the cut-off sentence carry
# the period's label and window; "cùng kỳ" is not claimed for a period of
# one year only.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
# one submission for each of the six units the request names
expect_exit 0 "$TONGHOP" -q -w ws gen --year 2026 --period dx-2026-09
n=$(ls ws/submissions/2026-dx-2026-09 | wc -l)
[ "$n" = 6 ] || fail "dx-2026-09 asks six units, gen wrote $n"
expect_exit 0 "$TONGHOP" -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
dir=res/cantho-ctxh-2026-2030/2026-dx-2026-09
cons=$dir/consolidated.xml

# consolidated.xml: the root's I1..I5, not asked but I4; I4 not judged
/usr/bin/python3 - "$cons" > "$T/ind" <<'EOF' || fail "cannot read $cons"
import sys, xml.etree.ElementTree as ET
ns = {'c': 'urn:tonghop:consolidated:1'}
root = ET.parse(sys.argv[1]).getroot().find('c:node', ns)
for i in root.findall('c:indicator', ns):
    print(i.get('code'), i.get('status'), i.get('met'), i.get('numerator'), i.get('denominator') or '',
          i.get('value') or '')
EOF
expect_grep "$T/ind" "I1 not-asked unknown 0 0"
expect_grep "$T/ind" "I2 not-asked unknown"
expect_grep "$T/ind" "I3 not-asked unknown"
expect_grep "$T/ind" "I5 not-asked unknown"
expect_grep "$T/ind" "I4 ok unknown"
read -r _ _ _ num den val < <(grep '^I4 ' "$T/ind")
[ "$den" -gt 0 ] || fail "I4 has no denominator: $(cat "$T/ind")"
# I4 as the report writes it: "91,9% (1.970/2.143)"
i4=$(/usr/bin/python3 -c "import sys; n,d,v=int(sys.argv[1]),int(sys.argv[2]),float(sys.argv[3]); g=lambda x: f'{x:,}'.replace(',', '.'); print(f'{v:.1f}'.replace('.', ',') + f'% ({g(n)}/{g(d)})')" "$num" "$den" "$val")

# the terminal table: I4 only, then the sentence
said="Kỳ báo cáo đột xuất 9 tháng đầu năm 2026 chỉ yêu cầu số liệu về người có hoàn cảnh khó khăn nên các chỉ tiêu tỷ lệ cơ quan, tổ chức, cơ sở bố trí nhân sự làm công tác xã hội; tỷ lệ cán bộ, công chức, viên chức, nhân viên và cộng tác viên công tác xã hội được đào tạo, bồi dưỡng; tỷ lệ cơ sở trợ giúp xã hội, cơ sở y tế, cơ sở giáo dục và cơ sở khác có cung cấp dịch vụ công tác xã hội; tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp xã hội, cung cấp dịch vụ công tác xã hội không được tổng hợp trong báo cáo này."
expect_grep "$T/out" "  I4   "
expect_grep "$T/out" "Đánh giá theo số liệu cả năm"
grep -q '^  I[1235] ' "$T/out" && fail "the terminal table shows an indicator not asked: $(cat "$T/out")"
expect_line "$T/out" "  $said"

# the PDF
pdf_prose "$dir/report.pdf" "$T/text"
expect_grep "$T/text" "Kết quả thực hiện Chương trình phát triển công tác xã hội 9 tháng đầu năm 2026 (báo cáo đột xuất, số liệu đến ngày 30/09/2026)"
expect_grep "$T/text" "báo cáo kết quả thực hiện 9 tháng đầu năm 2026; số liệu báo cáo tính từ ngày 01/01/2026 đến ngày 30/09/2026, thời hạn gửi báo cáo về Sở Y tế là ngày 05/10/2026."
expect_grep "$T/text" "Kỳ báo cáo đột xuất 9 tháng đầu năm 2026 không có kỳ tương ứng của năm 2025 nên không có số liệu cùng kỳ để so sánh."
# (a page number may fall inside the sentence)
expect_grep "$T/text" "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ${said%% tỷ lệ cán bộ*}"
expect_grep "$T/text" "cung cấp dịch vụ công tác xã hội không được tổng hợp trong báo cáo này. - Tỷ lệ người có hoàn cảnh khó khăn"
expect_grep "$T/text" "- Tỷ lệ người có hoàn cảnh khó khăn có nhu cầu được tư vấn, hỗ trợ công tác xã hội đạt $i4; chỉ tiêu đến năm 2030 đạt 100%: chỉ tiêu được đánh giá theo số liệu cả năm."
expect_grep "$T/text" "Chỉ tiêu của Kế hoạch áp dụng cho 9 tháng đầu năm 2026 được đánh giá theo số liệu cả năm (Bảng 1)."
# one task with figures asked, under its own number; the people's sentence
expect_grep "$T/text" "1.1. Tư vấn, hỗ trợ người có hoàn cảnh khó khăn Có "
expect_grep "$T/text" "người có nhu cầu; "
# nothing of what was not asked, no 0 for it
for s in "Tỷ lệ cơ quan, tổ chức, cơ sở bố trí nhân sự làm công tác xã hội đạt" "Trên địa bàn có" \
         "Tổng số người làm công tác xã hội" "Tổng kinh phí" "trẻ em có hoàn cảnh đặc biệt được trợ giúp xã hội, cung cấp dịch vụ công tác xã hội đạt" \
         "đạt 0" "0,0%" "0/0 đơn vị" "Đang thực hiện" "Biểu mẫu báo cáo của các đơn vị không có số liệu" \
         "KẾT QUẢ THỰC HIỆN THEO XÃ, PHƯỜNG" "Người làm CTXH" "Sở Nội vụ: không thuộc diện" \
         "Không có chỉ tiêu chưa đạt" "Cả 5 chỉ tiêu"; do
  expect_no_grep "$T/text" "$s"
done
# the agency (not asked itself) gives its units' figures that were asked, none of the others
g=$(/usr/bin/python3 -c "import sys; print(f'{int(sys.argv[1]):,}'.replace(',', '.'))" "$num")
expect_grep "$T/text" "- Sở Y tế: 6/6 cơ sở trực thuộc đã gửi báo cáo đạt yêu cầu; $g người có hoàn cảnh khó khăn được trợ giúp."
# the strengths: the annual sentence's part that was asked
expect_grep "$T/text" "đúng thời hạn. - Trong kỳ, đã tư vấn, hỗ trợ $g người có hoàn cảnh khó khăn. 2. Tồn tại"
expect_no_grep "$T/text" "Kết quả thực hiện từng nhiệm vụ, chỉ tiêu được nêu tại"
# Phụ lục I: the agency's row sums its units, no note on ratios without a ratio column
expect_grep "$T/text" "Người được hỗ trợ"
expect_grep "$T/text" "(Kèm theo Báo cáo số 11/BC-SYT ngày 09 tháng 10 năm 2026 của Sở Y tế) Số liệu của mỗi cơ quan gồm cả các cơ sở trực thuộc. "
expect_no_grep "$T/text" "tỷ lệ tính theo số liệu"
expect_no_grep "$T/text" "Không thuộc diện báo cáo"
pdftotext -layout "$dir/report.pdf" "$T/layout"
grep -q "^ *1 *Sở Y tế *$g *Tổng hợp 6/6 đơn vị$" "$T/layout" || fail "Phụ lục I's Sở Y tế row: $(grep 'Sở Y tế  ' "$T/layout")"
# nothing to direct but the template's own paragraph: said once, not twice
expect_grep "$T/text" "NHỮNG THÁNG CUỐI NĂM 2026 Tiếp tục triển khai các nhiệm vụ, giải pháp của Kế hoạch. VI. KIẾN NGHỊ"
expect_no_grep "$T/text" "đẩy mạnh đào tạo, bồi dưỡng, tập huấn cho đội ngũ"
# the report as sent: plan.xml numbers it
expect_no_grep "$T/text" "DỰ THẢO"
expect_grep "$T/text" "Số: 11/BC-SYT Cần Thơ, ngày 09 tháng 10 năm 2026"

# the workbook: "Chỉ tiêu" lists I4 alone and says what was not asked;
# "Tổng hợp" has no 0 for a field not asked; its people.helped is the
# numerator of I4
/usr/bin/python3 - "$dir/workbook.xlsx" "$num" > "$T/wb" <<'EOF' || fail "cannot read the workbook"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ind = wb['Chỉ tiêu']
codes = [ind.cell(row=r, column=2).value for r in range(10, 16)]
print('codes', [c for c in codes if c])
print('uom', ind['A7'].value)
print('category', wb.properties.category)
tot = wb['Tổng hợp']
for r in range(1, tot.max_row + 1):
    if tot.cell(row=r, column=2).value in ('bodies.tro_giup_xa_hoi.total', 'children.mo_coi.supported', 'people.helped'):
        vals = [tot.cell(row=r, column=c).value for c in range(7, tot.max_column + 1)]
        print(tot.cell(row=r, column=2).value, [v for v in vals if v not in (None, '')])
EOF
expect_line "$T/wb" "codes ['I4']"
expect_grep "$T/wb" "; chưa có số liệu tổng hợp cùng kỳ năm trước. $said"
expect_line "$T/wb" "category Báo cáo đột xuất"
expect_line "$T/wb" "bodies.tro_giup_xa_hoi.total ['Không yêu cầu']"
expect_line "$T/wb" "children.mo_coi.supported ['Không yêu cầu']"
expect_grep "$T/wb" "people.helped ["
grep '^people.helped' "$T/wb" | grep -q ", $num\]$" || fail "people.helped's total is not I4's numerator $num: $(cat "$T/wb")"

# without its <report> in plan.xml the same report is a draft
sed -i '/period="dx-2026-09" number=/d' ws/plan.xml
expect_exit 0 "$TONGHOP" -w ws -o res2 run --year 2026 --period dx-2026-09 --no-archive
pdf_prose res2/cantho-ctxh-2026-2030/2026-dx-2026-09/report.pdf "$T/draft"
expect_grep "$T/draft" "DỰ THẢO"
expect_grep "$T/draft" "(Kèm theo Báo cáo số /BC-SYT ngày tháng năm của Sở Y tế)"

# the annual period of the same plan asks every field: all five indicators, no sentence
cp -r "$ROOT/input/cantho/submissions" ws/ && rm -rf ws/submissions/2026-dx-2026-09
expect_exit 1 "$TONGHOP" -w ws -o res run --year 2026 --no-archive
expect_grep "$T/out" "  I1   "
expect_no_grep "$T/out" "không được tổng hợp"
pdf_prose res/cantho-ctxh-2026-2030/2026-annual/report.pdf "$T/annual"
expect_grep "$T/annual" "Tiếp tục triển khai các nhiệm vụ, giải pháp của Kế hoạch; phân công, bố trí nhân sự làm công tác xã hội tại các cơ quan, tổ chức, cơ sở; đẩy mạnh đào tạo, bồi dưỡng, tập huấn cho đội ngũ; mở rộng mạng lưới cung cấp dịch vụ công tác xã hội."
expect_grep "$T/annual" "Số liệu của mỗi cơ quan gồm cả các cơ sở trực thuộc; tỷ lệ tính theo số liệu đã được chấp nhận."
grep -c 'status="not-asked"' res/cantho-ctxh-2026-2030/2026-annual/consolidated.xml | grep -qx 0 ||
  fail "the annual consolidation marks an indicator not asked"
exit 0
