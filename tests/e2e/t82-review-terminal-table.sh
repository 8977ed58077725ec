# t82: the review's table on stdout is laid out in terminal columns, not
# bytes (as consolidate's, t79): a value wider than its column (I4 over
# 100 million) widens it for every row, so each verdict starts in the same
# column; rows with no value are padded the same way.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2021 --seed 7
f=$T/ws/submissions/2024-annual/30733.xml
grep -q '<needing>74</needing>' "$f" && grep -q '<helped>68</helped>' "$f" || fail "fixture changed: $f"
sed -i 's|<needing>74</needing>|<needing>99999974</needing>|; s|<helped>68</helped>|<helped>99999968</helped>|' "$f"
for y in 2021 2024; do
  "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year $y > /dev/null 2>&1
done
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o" review --from 2021 --to 2024 --no-archive
expect_line "$T/out" "  I4   100.009.114 Đã đạt chỉ tiêu đến năm 2025"
expect_line "$T/out" "  I1   61,0%       Đã đạt chỉ tiêu đến năm 2025"
/usr/bin/python3 - "$T/out" <<'PY' || fail "the verdicts do not start in one column"
import sys, unicodedata
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.startswith("  I")]
assert len(rows) >= 5, rows
# the verdict starts after the second run of spaces; columns = code points (NFC, Vietnamese is one column each)
starts = set()
for l in rows:
    l = unicodedata.normalize("NFC", l)
    code_end = l.index(" ", 2)
    i = code_end
    while l[i] == " ": i += 1
    j = l.index(" ", i) if not l[i:].startswith("chưa") else i
    while l[j] == " ": j += 1
    starts.add(j)
assert len(starts) == 1, (starts, rows)
PY
echo ok
