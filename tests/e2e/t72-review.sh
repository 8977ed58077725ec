# t72: the multi-year review (sơ kết) of Kiên Giang 2021-2025. Years 2021,
# 2022 and 2025 generated with `tonghop gen` (2022 incomplete: three units
# removed), 2024 the sample, 2023 never consolidated: the review says the
# year is missing and never shows it as 0. Every number of review.xlsx's top
# sheet equals its year's consolidated.xml (openpyxl against the XML); the
# phase's verdicts equal the 2025 consolidation's met; Phường Vĩnh Lợi
# (30757), merged into 30754 at the end of 2024, is followed and said; the
# title and I1's row read back with pdftotext; a rerun into another output
# directory gives the same bytes; no consolidated year is exit 2.
source "$TESTS_DIR/e2e/lib.sh"

P=kiengiang-ctxh-2021-2030
copy_ws kiengiang
for y in 2021 2022 2025; do
  expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year $y --seed $y
done
rm "$T/ws/submissions/2022-annual/"{30733,30763,912}.xml
for y in 2021 2022 2024 2025; do
  "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year $y > /dev/null 2>&1
  [ -f "$T/o/$P/$y-annual/consolidated.xml" ] || fail "no consolidation of $y"
done

# nothing consolidated yet: exit 2, said plainly
expect_exit 2 "$TONGHOP" -w "$T/ws" -o "$T/empty" review --to 2025
expect_grep "$T/err" "chưa có số liệu tổng hợp cả năm nào"

expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o" review
R="$T/o/$P/review-2021-2025"
[ -f "$R/review.pdf" ] && [ -f "$R/review.xlsx" ] || fail "no review written"
expect_grep "$T/err" "năm 2023: chưa có số liệu tổng hợp cả năm"
expect_grep "$T/out" "Sơ kết 05 năm: giai đoạn 2021 - 2025 — 4/5 năm có số liệu tổng hợp"

/usr/bin/python3 - "$T/o/$P" "$R/review.xlsx" <<'PY' || fail "review.xlsx differs from the consolidations"
import sys, os, openpyxl, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
base, path = sys.argv[1], sys.argv[2]
def root_ind(y):
    f = os.path.join(base, f"{y}-annual", "consolidated.xml")
    if not os.path.exists(f):
        return None
    return {i.get("code"): i for i in ET.parse(f).getroot().find("c:node", ns).findall("c:indicator", ns)}
years = {y: root_ind(y) for y in range(2021, 2026)}
wb = openpyxl.load_workbook(path)
top = wb["Chỉ tiêu toàn địa bàn"]
# the sender as running text names it, beside the receiver (not in capitals)
sender = [c.value for c in top["A"][:8] if c.value and str(c.value).startswith("Đơn vị báo cáo:")]
assert sender and sender[0].startswith("Đơn vị báo cáo: Sở Y tế. Đơn vị nhận báo cáo: "), sender
head = [c.value for c in top[9]]
assert head[4:9] == [f"Năm {y}" for y in range(2021, 2026)], head
checked = 0
rows = {r[1].value: r for r in top.iter_rows(min_row=10) if r[1].value}
for code in ["I1", "I2", "I3", "I4", "I5"]:
    r = rows[code]
    for k, y in enumerate(range(2021, 2026)):
        cell = r[4 + k].value
        if years[y] is None:
            assert cell == "Chưa có số liệu", (code, y, cell)
            continue
        x = years[y][code]
        v = float(x.get("value"))
        want = v / 100 if x.get("type") == "ratio" else v
        assert abs(cell - want) < 1e-9, (code, y, cell, want)
        checked += 1
    met = years[2025][code].get("met")
    verdict = r[10].value
    assert verdict.startswith({"yes": "Đạt", "no": "Chưa đạt"}[met]), (code, met, verdict)
    assert r[9].value.startswith("="), r[9].value
assert "I4B" not in rows, "I4B has no target before 2026"
assert checked == 20, checked
# the merged unit: its row says where it went, its 2025 cells are empty
units = wb["Chỉ tiêu theo đơn vị"]
row = [r for r in units.iter_rows(min_row=11) if r[1].value == "30757"][0]
assert row[-1].value == "Sáp nhập vào Phường Rạch Sỏi (30754) từ năm 2025", row[-1].value
assert row[3 + 4].value in (None, ""), row[7].value
chg = [r for r in wb["Sáp nhập, giải thể"].iter_rows(min_row=10, values_only=True) if r[2] == "30757"]
assert chg and chg[0][1] == 2024, chg
compl = {r[0]: r for r in wb["Mức độ đầy đủ"].iter_rows(min_row=10, values_only=True) if r[0]}
assert compl[2023][1].startswith("Chưa có số liệu"), compl[2023]
assert compl[2022][1] - compl[2022][2] == 3, compl[2022]
PY

pdf_prose "$R/review.pdf" "$T/prose"
pdftotext -layout "$R/review.pdf" "$T/layout" 2>/dev/null
expect_grep "$T/prose" "BÁO CÁO Sơ kết 05 năm thực hiện Kế hoạch thực hiện Chương trình phát triển công tác xã hội"
expect_grep "$T/prose" "- Năm 2023: chưa có số liệu tổng hợp cả năm."
# 2022: three units missing and none rejected: the zero is not listed
expect_grep "$T/prose" "(95,3%); 3 đơn vị chưa báo cáo."
expect_no_grep "$T/prose" "0 đơn vị có báo cáo bị từ chối"
expect_grep "$T/prose" "Chưa có số liệu tổng hợp năm 2023; các năm này không được tính bằng 0"
expect_grep "$T/prose" "Phường Vĩnh Lợi (mã 30757) sáp nhập vào Phường Rạch Sỏi (mã 30754) từ sau ngày 31/12/2024"
# I1's row: the four years' values and '-' for 2023, as the XML has them
want=$(/usr/bin/python3 - "$T/o/$P" <<'PY'
import sys, os, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
out = []
for y in range(2021, 2026):
    f = os.path.join(sys.argv[1], f"{y}-annual", "consolidated.xml")
    if not os.path.exists(f):
        out.append("-"); continue
    i = [i for i in ET.parse(f).getroot().find("c:node", ns).findall("c:indicator", ns) if i.get("code") == "I1"][0]
    s = f"{float(i.get('value')):.1f}".replace(".", ",") + "%"
    out.append(s)  # an incomplete year's "(*)" wraps under it
print(" ".join(out))
PY
)
tr -s ' ' < "$T/layout" | grep -qF -- "$want" ||
  { grep -F "%" "$T/layout"; fail "no table row '$want'"; }
# the verdicts of the end of the phase, in the body
expect_grep "$T/prose" "Đến năm 2025,"

# same inputs, same bytes, wherever the outputs go
cp -r "$T/o" "$T/o2"
rm -r "$T/o2/$P/review-2021-2025"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o2" review --from 2021 --to 2025
cmp "$R/review.pdf" "$T/o2/$P/review-2021-2025/review.pdf" || fail "review.pdf differs on a rerun"
cmp "$R/review.xlsx" "$T/o2/$P/review-2021-2025/review.xlsx" || fail "review.xlsx differs on a rerun"

# bad years: usage errors
expect_exit 2 "$TONGHOP" -w "$T/ws" -o "$T/o" review --from 2025 --to 2021
expect_exit 2 "$TONGHOP" -w "$T/ws" -o "$T/o" review --to 2040
expect_grep "$T/err" "outside plan"
