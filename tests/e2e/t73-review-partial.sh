# t73: a partial phase. Cần Thơ's plan runs 2026-2030 and only 2026 is
# consolidated: the review is a sơ kết of 01 year that says the phase has
# not ended and judges against the 2030 targets as the annual report does.
# The 2026 consolidation is taken from the archive once the output
# directory lacks it.
source "$TESTS_DIR/e2e/lib.sh"

P=cantho-ctxh-2026-2030
copy_ws cantho
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2026
rm "$T/o/$P/2026-annual/consolidated.xml"
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o" review
R="$T/o/$P/review-2026-2026"
expect_grep "$T/out" "Sơ kết 01 năm: năm 2026 — 1/1 năm có số liệu tổng hợp"
pdf_prose "$R/review.pdf" "$T/prose"
expect_grep "$T/prose" "BÁO CÁO Sơ kết 01 năm thực hiện"
expect_grep "$T/prose" "Giai đoạn 2026 - 2030 của Kế hoạch chưa kết thúc"
expect_grep "$T/prose" "Trong các năm còn lại của giai đoạn, 2027 - 2030"
expect_no_grep "$T/prose" "Tổng kết"
/usr/bin/python3 - "$R/review.xlsx" <<'PY' || fail "review.xlsx"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
top = wb["Chỉ tiêu toàn địa bàn"]
assert top["A4"].value == "Sơ kết 01 năm thực hiện Kế hoạch, năm 2026 (giai đoạn chưa kết thúc)", top["A4"].value
assert [c.value for c in top[9]][4] == "Năm 2026"
src = [r for r in wb["Mức độ đầy đủ"].iter_rows(min_row=10, values_only=True) if r[0] == 2026][0]
assert src[8].startswith("consolidated.xml năm 2026, SHA-256 "), src
PY
