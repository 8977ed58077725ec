# t84: in the report's appendices a unit with nothing accepted (not
# reported, or rejected) has no figures: its counts are "–" like its ratios,
# not 0 people, 0 helped (which the signer would send as a fact); a unit
# that reported shows its numbers as in consolidated.xml.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws cantho
"$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2026 --no-archive > /dev/null 2>&1 || [ $? -le 1 ] || fail "run failed"
pdf=$T/o/cantho-ctxh-2026-2030/2026-annual/report.pdf
pdftotext -layout "$pdf" - | tr -s ' ' > "$T/lay"
# not reported (Chưa báo cáo) and rejected (Bị từ chối): every cell "–"
expect_grep "$T/lay" " 8 Viện Kiểm sát nhân dân – – – – Chưa báo cáo"
expect_grep "$T/lay" " 4 Phường An Bình – – – – Bị từ chối"
expect_grep "$T/lay" " 28 Phường Mỹ Quới – – – – Chưa báo cáo"
expect_no_grep "$T/lay" " 0 – 0 0 Bị từ chối"
expect_no_grep "$T/lay" " 0 – – 0 Chưa báo cáo"
# a unit that reported: its own figures, recomputed from the consolidation
# (staff = I2's denominator, the ratio I1, helped = I4's numerator, children = I5's)
/usr/bin/python3 - "$T/o/cantho-ctxh-2026-2030/2026-annual/consolidated.xml" > "$T/want" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = "{urn:tonghop:consolidated:1}"
for n in ET.parse(sys.argv[1]).getroot().iter(ns + "node"):
    if n.get("name") == "Phường Ninh Kiều":
        i = {x.get("code"): x for x in n.findall(ns + "indicator")}
        pct = f"{float(i['I1'].get('value')):.1f}".replace(".", ",")
        print(f" 2 Phường Ninh Kiều {i['I2'].get('denominator')} {pct}% {i['I4'].get('numerator')} "
              f"{i['I5'].get('numerator')} Đã chấp nhận")
PY
[ -s "$T/want" ] || fail "Phường Ninh Kiều not in consolidated.xml"
expect_grep "$T/lay" "$(cat "$T/want")"
echo ok
