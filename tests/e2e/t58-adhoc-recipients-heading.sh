#!/usr/bin/env bash
# t58: a period's own <recipients> in plan.xml are the Nơi nhận of its
# report (the Cần Thơ sample's ad hoc dx-2026-09 goes to the Bộ Y tế that
# asked it, not to the wards and communes it did not ask); a period without
# them keeps the identity's list (the annual report of the same plan). A
# Nơi nhận of lines too long for its column is kept above the bottom margin
# whole (it was measured one line a recipient: 16 of two lines each drew
# "- Lưu:" off the page). A
# heading's last line is never one word alone: V. of dx-2026-09 breaks
# before "NĂM 2026", not before "2026".
source "$TESTS_DIR/e2e/lib.sh"

copy_ws cantho
expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
pdftotext -layout res/cantho-ctxh-2026-2030/2026-dx-2026-09/report.pdf "$T/adhoc"
sed -n '/^Nơi nhận:/,/- Lưu:/p' "$T/adhoc" | sed 's/  .*//' > "$T/rec"
printf '%s\n' "Nơi nhận:" "- Bộ Y tế (Cục Bảo trợ xã hội);" "- UBND thành phố (để b/c);" \
  "- Giám đốc, các PGĐ Sở;" "- Các đơn vị được yêu cầu báo cáo;" "- Lưu: VT, BTXH." > "$T/want"
diff "$T/want" "$T/rec" > "$T/diff" || fail "dx-2026-09's Nơi nhận: $(cat "$T/diff")"
expect_no_grep "$T/adhoc" "UBND các xã, phường"
grep -A1 '^ *V\. PHƯƠNG HƯỚNG' "$T/adhoc" | sed 's/^ *//; s/ \+/ /g' > "$T/v"
printf '%s\n' "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NHỮNG THÁNG CUỐI" "NĂM 2026" > "$T/want"
diff "$T/want" "$T/v" > "$T/diff" || fail "heading V.: $(cat "$T/diff")"

expect_exit 1 "$TONGHOP" -q -w ws -o res run --year 2026 --period annual --no-archive
pdftotext -layout res/cantho-ctxh-2026-2030/2026-annual/report.pdf "$T/annual"
sed -n '/^Nơi nhận:/,/- Lưu:/p' "$T/annual" | sed 's/  .*//' > "$T/rec"
printf '%s\n' "Nơi nhận:" "- Bộ Y tế;" "- Cục Bảo trợ xã hội;" "- UBND thành phố;" \
  "- Các sở, ban, ngành thành phố;" "- UBND các xã, phường;" "- Lưu: VT, BTXH." > "$T/want"
diff "$T/want" "$T/rec" > "$T/diff" || fail "the annual Nơi nhận: $(cat "$T/diff")"

# sixteen recipients of two lines each: the block moves to a page where it
# fits, "- Lưu: VT, BTXH." printed above the bottom margin
cp -r ws ws2
/usr/bin/python3 - ws2/plan.xml <<'PYEOF'
import sys
p = sys.argv[1]; s = open(p, encoding='utf-8').read()
extra = ''.join(f'<to>Phòng Công tác xã hội số {i} thuộc Trung tâm Công tác xã hội thành phố Cần Thơ;</to>' for i in range(1, 17))
s = s.replace('<to>Các đơn vị được yêu cầu báo cáo;</to>', '<to>Các đơn vị được yêu cầu báo cáo;</to>' + extra)
open(p, 'w', encoding='utf-8').write(s)
PYEOF
expect_exit 1 "$TONGHOP" -q -w ws2 -o res2 run --year 2026 --period dx-2026-09 --no-archive
pdftotext -bbox res2/cantho-ctxh-2026-2030/2026-dx-2026-09/report.pdf "$T/bbox.html"
/usr/bin/python3 - "$T/bbox.html" > "$T/lines" <<'PYEOF'
import re, sys
h = None
for line in open(sys.argv[1], encoding='utf-8'):
    m = re.search(r'<page width="[^"]*" height="([^"]*)"', line)
    if m:
        h = float(m.group(1))
    m = re.search(r'yMax="([^"]*)">(BTXH\.|16)</word>', line)
    if m:
        print(m.group(2), 'inside' if float(m.group(1)) <= h - 56 else 'below the margin')
PYEOF
expect_line "$T/lines" "BTXH. inside"
grep -q "below the margin" "$T/lines" && fail "Nơi nhận runs below the bottom margin: $(cat "$T/lines")"

# a period's <recipients> must have a <to> and a <filed>: the schema says where
sed -i 's|<to>Bộ Y tế (Cục Bảo trợ xã hội);</to>||; s|<to>UBND thành phố (để b/c);</to>||; s|<to>Giám đốc, các PGĐ Sở;</to>||; s|<to>Các đơn vị được yêu cầu báo cáo;</to>||' ws/plan.xml
line=$(grep -n '<filed>VT, BTXH</filed>' ws/plan.xml | sed -n 2p | cut -d: -f1)
expect_exit 2 "$TONGHOP" -q -w ws -o res run --year 2026 --period dx-2026-09 --no-archive
expect_grep "$T/err" "plan.xml:$line"
exit 0
