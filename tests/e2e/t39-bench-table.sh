#!/usr/bin/env bash
# t39: bench/table.py, the tables of `make bench`, from a fixed input
# (tests/fixtures/bench: what bench/run.sh measures): every goal of issue 17
# with its value, ratio and verdict, the scaling slopes, the same bytes twice.
# No timing here: the figures are the fixture's.
. "$(dirname "$0")/lib.sh"

cp -r "$ROOT/tests/fixtures/bench" "$T/b"
/usr/bin/python3 "$ROOT/bench/table.py" "$T/b" > "$T/txt" || fail "bench/table.py failed"
md=$T/b/results.md
expect_line "$md" '| national `run`, 101,001 submissions (half XLSX) | 38.14 s wall, 52.11 s CPU | ≤ 15 s wall | NOT MET |'
expect_line "$md" '| `run` wall ÷ `validate` wall, same files | 38.14 ÷ 14.14 = 2.70 | ≤ 1.3 | NOT MET |'
expect_line "$md" '| city `run`, 1,200 submissions | 0.24 s wall, 0.40 s CPU | ≤ 0.25 s | met |'
expect_line "$md" '| XML: tonghop `validate` CPU ÷ `xmllint --noout --schema` CPU, same 50,316 files | 7.07 ÷ 4.69 = 1.51 | ≤ 1 | NOT MET |'
expect_line "$md" '| XLSX: openpyxl read-only ÷ tonghop (wall), same 4,000 files | 32.22 ÷ 1.10 = 29.3× | ≥ 40× | NOT MET |'
expect_line "$md" '| peak memory of `run`, 202,011 units (all reporting) | 434.0 MB | ≤ 256 MB | NOT MET |'
# (182477 - 51200 - 0.574 × (9,859 - 10,101)) KB / (101,011 - 10,111) units:
# the 10 % year against the smallest, a submission (234803 - 182477) KB / 91,142
expect_line "$md" '| what a unit that did not report costs (peak memory) | 1.45 KB (a submission: 0.57 KB more) | ≤ 0.3 KB | NOT MET |'
expect_line "$md" '| nightly re-run, 1 % of 10,000 changed, ÷ the full run (CPU; earlier goal) | 7.4 % (all XML: 12.8 %) | < 10 % | met |'
expect_line "$md" '2 of 8 met.'
# the scaling table: 30,000 -> 100,000 communes is 70,700 more units
expect_line "$md" '| 10,000 | 10,111 | 10,101 | 4.00 | 6.00 | 50.0 | - | - | - |'
expect_line "$md" '| 100,000 | 101,011 | 101,001 | 38.14 | 52.11 | 229.3 | 369.7 | 496.6 | 1.87 |'
expect_line "$md" '| 200,000 | 202,011 | 202,001 | 80.00 | 105.00 | 434.0 | 414.5 | 523.7 | 2.08 |'
expect_line "$md" '| national: XLSX, openpyxl read-only (every cell) ÷ tonghop validate | 4,000 | 1.10 | 1.83 | 32.22 | 32.21 | 29.3× | 17.6× |'
# the lines README.md quotes, and the terminal's table
expect_line "$md" '- city `run`, 1,200 submissions: 0.24 s wall, 0.40 s CPU (goal ≤ 0.25 s: met)'
grep -q '^city run, 1,200 submissions  *0.24 s wall, 0.40 s CPU  *≤ 0.25 s  *met$' "$T/txt" || { cat "$T/txt"; fail "terminal table"; }
# deterministic: the same input gives the same bytes
cp "$md" "$T/first.md"
/usr/bin/python3 "$ROOT/bench/table.py" "$T/b" > /dev/null
cmp -s "$md" "$T/first.md" || fail "bench/table.py wrote different bytes from the same input"
# a goal with nothing measured says so (no 200,000-unit year, no 10 % year)
grep -v -e '^n200000' -e '^n100000-10' "$T/b/rows.tsv" > "$T/r" && mv "$T/r" "$T/b/rows.tsv"
/usr/bin/python3 "$ROOT/bench/table.py" "$T/b" > /dev/null
expect_line "$md" '| peak memory of `run` at 200,000 units | (229.3 MB at 101,011 units) | ≤ 256 MB | not measured |'
expect_line "$md" '| what a unit that did not report costs (peak memory) | - | ≤ 0.3 KB | not measured |'
expect_line "$md" '2 of 8 met, 2 not measured.'
echo "t39: bench tables from a fixed input"
