# t75: the department's own wording of a review, narrative/review-F-T.xml
# (schemas/narrative.xsd, as for an annual report): a paragraph after a
# section, a part replaced (its generated sentences gone), a place the
# review does not have refused with the file's line (exit 2); the file is
# archived with the review and reproduce gives the same bytes. Its {…}
# placeholders are expanded (the review's own, the report's that say the
# same of a phase); an unknown one is exit 2 naming the file's line.
source "$TESTS_DIR/e2e/lib.sh"

P=kiengiang-ctxh-2021-2030
review_ws
mkdir -p "$T/ws/narrative"
cat > "$T/ws/narrative/review-2021-2024.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<narrative xmlns="urn:tonghop:narrative:1" year="2024" period="review-2021-2024">
  <section ref="ket-qua"><p>Sở đã tổ chức 12 lớp tập huấn cho đội ngũ cộng tác viên trong giai đoạn.</p></section>
  <part ref="nguyen-nhan" mode="replace"><p style="italic">Nguyên nhân chủ yếu là thiếu biên chế ở cấp xã.</p></part>
</narrative>
XML
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --to 2024
pdf_prose "$T/o/$P/review-2021-2024/review.pdf" "$T/prose"
expect_grep "$T/prose" "Sở đã tổ chức 12 lớp tập huấn cho đội ngũ cộng tác viên trong giai đoạn. II. TỒN TẠI, HẠN CHẾ"
expect_grep "$T/prose" "2. Nguyên nhân Nguyên nhân chủ yếu là thiếu biên chế ở cấp xã. III. BÀI HỌC KINH NGHIỆM"
expect_no_grep "$T/prose" "Nguồn lực (nhân lực làm công tác xã hội, kinh phí)"
sqlite3 "$T/o/archive/catalog.sqlite" \
  "SELECT DISTINCT role || ' ' || path FROM inputs WHERE role = 'narrative'" > "$T/narr"
expect_line "$T/narr" "narrative narrative/review-2021-2024.xml"
expect_exit 0 "$TONGHOP" -o "$T/o" archive reproduce --year 2024
expect_grep "$T/out" "identical: BC-SLDTBXH-2024-So-ket-04-nam-2021-2024.pdf version 1"

# a place the review does not have
sed -i 's/ref="nguyen-nhan"/ref="kien-nghi"/' "$T/ws/narrative/review-2021-2024.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --to 2024 --no-archive
expect_grep "$T/err" "narrative/review-2021-2024.xml:4: báo cáo sơ kết, tổng kết không có phần 'kien-nghi'"
# a file of another review
sed -i 's/ref="kien-nghi"/ref="han-che"/; s/period="review-2021-2024"/period="review-2021-2025"/' \
  "$T/ws/narrative/review-2021-2024.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --to 2024 --no-archive
expect_grep "$T/err" "the wording is for 2024 review-2021-2025, not for the period 2024 review-2021-2024"

# placeholders, as in the report's wording: the review's own and the
# report's that say the same of a phase; an indicator at the latest year
cat > "$T/ws/narrative/review-2021-2024.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<narrative xmlns="urn:tonghop:narrative:1" year="2024" period="review-2021-2024">
  <section ref="ket-qua"><p>Trong {review.years} năm {review.from} - {review.to}, {issuer.name} {review.kind} tại {area}; năm {review.last}: {I1.name} {I1.value} ({I1.num}/{I1.den}), {I1.met}.</p></section>
</narrative>
XML
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --to 2024 --no-archive
pdf_prose "$T/o/$P/review-2021-2024/review.pdf" "$T/prose"
/usr/bin/python3 - "$T/o/$P/2024-annual/consolidated.xml" > "$T/want" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
i1 = [i for i in ET.parse(sys.argv[1]).getroot().find("c:node", ns).findall("c:indicator", ns) if i.get("code") == "I1"][0]
n, d = int(i1.get("numerator")), int(i1.get("denominator"))
pct = f"{100*n/d:.1f}".replace(".", ",")
met = {"yes": "Đạt", "no": "Chưa đạt"}.get(i1.get("met"), "")
print(f"Trong 04 năm 2021 - 2024, Sở Lao động - Thương binh và Xã hội sơ kết tại tỉnh Kiên Giang; năm 2024: "
      f"{i1.get('name')} {pct}% ({n}/{d}), {met}.")
PY
[ -s "$T/want" ] || fail "could not recompute I1"
expect_grep "$T/prose" "$(cat "$T/want")"
# an unknown placeholder, and one of the report's that has no single value in a review: each named with its line
cat > "$T/ws/narrative/review-2021-2024.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<narrative xmlns="urn:tonghop:narrative:1" year="2024" period="review-2021-2024">
  <section ref="ket-qua"><p>Năm {review.to}.</p>
    <p>Tỷ lệ {units.rate} của {nam.bao.cao}.</p></section>
</narrative>
XML
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --to 2024 --no-archive
expect_grep "$T/err" "narrative/review-2021-2024.xml:4: '{units.rate}' không phải là chỗ thay dùng được trong lời văn của báo cáo sơ kết, tổng kết"
expect_grep "$T/err" "narrative/review-2021-2024.xml:4: '{nam.bao.cao}' không phải là chỗ thay dùng được trong lời văn của báo cáo sơ kết, tổng kết"
expect_grep "$T/err" "narrative/review-2021-2024.xml: báo cáo sơ kết, tổng kết dùng được: {review.from}"
