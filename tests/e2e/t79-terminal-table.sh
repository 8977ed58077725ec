# t79: the indicators' table `consolidate` and `run` print. The verdict
# column stays one column however long a target (Kiên Giang I4's "tăng tối
# thiểu 20% so với năm 2020") or a value ("chưa có số liệu"): widths are
# counted in terminal columns (libunistring u8_width), not bytes or code
# points. Cần Thơ's table, with no long cell, is as before.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year 2024
grep '^  I' "$T/out" > "$T/table"
expect_line "$T/table" "  I1   61,0%    Đến năm 2025 đạt tối thiểu 60%                   Đạt"
expect_line "$T/table" "  I3   48,7%    Đến năm 2025 đạt tối thiểu 50%                   Đang thực hiện; cần tăng thêm 1,3 điểm % đến năm 2025"
expect_line "$T/table" "  I4   9.214    Đến năm 2025 tăng tối thiểu 20% so với năm 2020  Đạt"

# every verdict at one column, in whatever table: a sample, a first half
# beside last year, a province where nobody reported
verdict_cols() { # table → the distinct columns its verdicts start at
  /usr/bin/python3 - "$1" <<'PY'
import sys, unicodedata
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    cut = line.rfind("  ") + 2  # the verdict follows the last run of spaces
    w = sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            for ch in line[:cut])
    cols.add(w)
print(len(cols))
PY
}
[ "$(verdict_cols "$T/table")" = 1 ] || { cat "$T/table"; fail "2024: verdicts at different columns"; }
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2025 --period h1 --no-archive
grep '^  I' "$T/out" > "$T/table"
[ "$(verdict_cols "$T/table")" = 1 ] || { cat "$T/table"; fail "2025 h1: verdicts at different columns"; }
copy_ws_empty kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/e" consolidate --year 2024
grep '^  I' "$T/out" > "$T/table"
expect_grep "$T/table" "chưa có số liệu"
[ "$(verdict_cols "$T/table")" = 1 ] || { cat "$T/table"; fail "no data: verdicts at different columns"; }

copy_ws cantho
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/c" consolidate --year 2026
expect_line "$T/out" "  I1   61,6%    Đến năm 2030 đạt tối thiểu 90%        Đang thực hiện; cần tăng thêm 28,4 điểm % đến năm 2030 (chưa đủ đơn vị)"
