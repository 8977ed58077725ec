# t69: last year beside this year. Kiên Giang 2025 h1 against 2024 h1 (h1
# with h1): the indicators' table row and the body show the change, with
# the numbers recomputed here from the two consolidated.xml files; the 2024
# h1 consolidation is taken from the archive when the output directory
# lacks it; a damaged one is exit 2 naming the file; none gives the plain
# sentence. A period without a single accepted submission is refused
# (exit 2, year and period named) unless --allow-empty.
source "$TESTS_DIR/e2e/lib.sh"

P=kiengiang-ctxh-2021-2030
copy_ws kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2024 --period h1
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2025 --period h1 --no-archive
cp "$T/out" "$T/stdout"
pdf_prose "$T/o/$P/2025-h1/report.pdf" "$T/prose"
pdftotext -layout "$T/o/$P/2025-h1/report.pdf" "$T/layout" 2>/dev/null

# the expected wording, from the two consolidations' root indicators
/usr/bin/python3 - "$T/o/$P/2025-h1/consolidated.xml" "$T/o/$P/2024-h1/consolidated.xml" > "$T/want" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
def ind(path):
    root = ET.parse(path).getroot()
    return {i.get("code"): i for i in root.find("c:node", ns).findall("c:indicator", ns)}
now, prev = ind(sys.argv[1]), ind(sys.argv[2])
vn = lambda x, d=1: f"{x:,.{d}f}".replace(",", "X").replace(".", ",").replace("X", ".")
n1, d1 = int(now["I1"].get("numerator")), int(now["I1"].get("denominator"))
n0, d0 = int(prev["I1"].get("numerator")), int(prev["I1"].get("denominator"))
# I1 in the table: this year's ratio beside last year's
print(f"{vn(100*n0/d0)}%\t({n0}/{d0})")
pts = round(100*n1/d1, 1) - round(100*n0/d0, 1)
word = "tăng" if pts > 0 else "giảm"
print(f"{vn(100*n1/d1)}% ({n1}/{d1}), {word} {vn(abs(pts))} điểm phần trăm so với cùng kỳ năm 2024 ({vn(100*n0/d0)}%)")
# a body figure: the units that staffed social work, I1's numerator
ch = 100*(n1-n0)/n0
print(f"{n1} cơ quan, tổ chức, cơ sở đã phân công, bố trí nhân sự làm công tác xã hội ({'tăng' if ch > 0 else 'giảm'} {vn(abs(ch))}% so với cùng kỳ năm 2024)")
c1, c0 = int(now["I4"].get("numerator")), int(prev["I4"].get("numerator"))
ch = 100*(c1-c0)/c0
print(f"là {vn(c1,0)}, {'tăng' if ch > 0 else 'giảm'} {vn(abs(ch))}% so với cùng kỳ năm 2024 ({vn(c0,0)})")
# the table run prints: I1 and I4 beside last year, as the PDF says it
print(f"I1\t{vn(100*n1/d1)}%\t; {word} {vn(abs(pts))} điểm phần trăm so với cùng kỳ năm 2024 ({vn(100*n0/d0)}%)")
print(f"I4\t{vn(c1,0)}\t; {'tăng' if ch > 0 else 'giảm'} {vn(abs(ch))}% so với cùng kỳ năm 2024 ({vn(c0,0)})")
PY
[ "$(wc -l < "$T/want")" = 6 ] || fail "could not recompute the figures"
IFS=$'\t' read -r prev_pct prev_frac < <(sed -n 1p "$T/want")
grep -E "Đạt|Chưa" "$T/layout" > /dev/null || fail "no table"
grep -F -- "$prev_pct" "$T/layout" | grep -qF "61,1%" || { cat "$T/layout"; fail "I1's row lacks last year's $prev_pct"; }
expect_grep "$T/layout" "$prev_frac"
expect_grep "$T/prose" "$(sed -n 2p "$T/want")"
expect_grep "$T/prose" "$(sed -n 3p "$T/want")"
expect_grep "$T/prose" "$(sed -n 4p "$T/want")"
expect_grep "$T/prose" "Số liệu cùng kỳ năm 2024 (6 tháng đầu năm 2024) được tổng hợp"
# the same comparison on the terminal (`run` and `consolidate` print the indicators)
for k in 5 6; do
  IFS=$'\t' read -r code value vs < <(sed -n ${k}p "$T/want")
  grep -E "^  $code +$value " "$T/stdout" | grep -qF -- "$vs" || { cat "$T/stdout"; fail "stdout lacks $code's '$value … $vs'"; }
done
cp "$T/o/$P/2025-h1/report.pdf" "$T/first.pdf"

# the output directory lacks 2024 h1: the archived consolidation is used
rm -rf "$T/o/$P/2024-h1"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2025 --period h1
cmp -s "$T/first.pdf" "$T/o/$P/2025-h1/report.pdf" || fail "the report from the archived 2024 h1 differs"

# a damaged previous consolidation: exit 2, the file named
mkdir -p "$T/o/$P/2024-h1"
printf '<consolidated xmlns="urn:tonghop:consolidated:1"><node' > "$T/o/$P/2024-h1/consolidated.xml"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2025 --period h1
expect_grep "$T/err" "$T/o/$P/2024-h1/consolidated.xml"
expect_grep "$T/err" "cùng kỳ năm 2024"

# none at all (neither output nor archive): said plainly
rm -rf "$T/o/$P/2024-h1" "$T/o/archive"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2025 --period h1
pdf_prose "$T/o/$P/2025-h1/report.pdf" "$T/prose"
expect_grep "$T/prose" "Chưa có số liệu tổng hợp 6 tháng đầu năm 2024 (cùng kỳ năm trước) để so sánh."
expect_no_grep "$T/prose" "so với cùng kỳ năm 2024"
# without last year, another document: its trailer /ID differs too
pdf_id() { grep -a -o '/ID \[ <[0-9A-F]*>' "$1" | head -1; }
[ -n "$(pdf_id "$T/first.pdf")" ] && [ "$(pdf_id "$T/first.pdf")" != "$(pdf_id "$T/o/$P/2025-h1/report.pdf")" ] ||
  fail "with and without last year, one /ID $(pdf_id "$T/first.pdf")"

# a period without a single accepted submission
copy_ws_empty kiengiang
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/e" run --year 2025 --period h1 --no-archive
expect_grep "$T/err" "kỳ báo cáo 6 tháng đầu năm 2025 (h1) chưa có báo cáo nào của đơn vị được chấp nhận"
[ ! -e "$T/e/$P/2025-h1/report.pdf" ] || fail "an empty period got a report"
expect_exit 2 "$TONGHOP" -q -w "$T/ws" -o "$T/e" report --year 2025 --period h1
expect_grep "$T/err" "--allow-empty"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/e" report --year 2025 --period h1 --allow-empty
[ -s "$T/e/$P/2025-h1/report.pdf" ] || fail "--allow-empty wrote no report"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/e" run --year 2025 --period h1 --allow-empty --no-archive
