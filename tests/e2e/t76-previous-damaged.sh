# t76: last year from an archive that cannot answer. Kiên Giang 2024 h1 is
# only in the archive (its output directory removed); a catalog that is
# empty, another program's database or damaged bytes, an archived copy
# changed or missing: `report`, `run` and `consolidate` stop with exit 3, naming the file,
# instead of writing a report that says "no last year" falsely; the review
# too. No archive at all stays the plain "no last year" (exit 0).
source "$TESTS_DIR/e2e/lib.sh"

P=kiengiang-ctxh-2021-2030
copy_ws kiengiang
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2024 --period h1
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2025 --period h1 --no-archive
rm -rf "$T/o/$P/2024-h1"
C=$T/o/archive/catalog.sqlite
cp "$C" "$T/catalog.good"
obj=$(sqlite3 "$C" "SELECT i.object FROM inputs i JOIN documents d ON d.id = i.document
                    WHERE d.year = 2024 AND d.period = 'h1' AND i.role = 'consolidated' LIMIT 1")
[ -n "$obj" ] && [ -f "$T/o/archive/$obj" ] || fail "no archived 2024 h1 consolidation"
cp "$T/o/archive/$obj" "$T/object.good"

# each damage: the report is not written, the file is named, exit 3
report_stops() { # what
  rm -f "$T/o/$P/2025-h1/report.pdf"
  expect_exit 3 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2025 --period h1
  expect_grep "$T/err" "$2"
  expect_grep "$T/err" "số liệu cùng kỳ năm 2024 có thể nằm trong kho lưu trữ '$T/o/archive' nhưng không đọc được"
  [ ! -e "$T/o/$P/2025-h1/report.pdf" ] || fail "$1: a report without last year was written"
}
: > "$C"
report_stops "an empty catalog" "'$C': không đọc được danh mục kho lưu trữ nên không biết có số liệu cùng kỳ năm 2024 (h1) hay không"
expect_grep "$T/err" "'$C' is empty (0 bytes), not an archive catalog"

rm -f "$C"; sqlite3 "$C" "CREATE TABLE t(x); PRAGMA application_id = 1234;"
report_stops "a foreign catalog" "'$C': không đọc được danh mục kho lưu trữ"
expect_grep "$T/err" "another program's SQLite database"

head -c 4096 /dev/urandom > "$C"
report_stops "damaged bytes" "'$C': không đọc được danh mục kho lưu trữ"

cp "$T/catalog.good" "$C"
chmod u+w "$T/o/archive/$obj"
printf ' ' >> "$T/o/archive/$obj"
report_stops "a changed archived copy" "'$T/o/archive/$obj': bản lưu số liệu năm 2024 (h1) trong kho đã bị thay đổi"
# run stops the same way (its table is printed, the report not written)
expect_exit 3 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2025 --period h1 --no-archive
expect_grep "$T/err" "'$T/o/archive/$obj': bản lưu số liệu năm 2024 (h1) trong kho đã bị thay đổi"
[ ! -e "$T/o/$P/2025-h1/report.pdf" ] || fail "run wrote a report without last year"
# consolidate too: its table would compare with nothing; consolidated.xml is still written
rm -f "$T/o/$P/2025-h1/consolidated.xml"
expect_exit 3 "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year 2025 --period h1
expect_grep "$T/err" "'$T/o/archive/$obj': bản lưu số liệu năm 2024 (h1) trong kho đã bị thay đổi"
[ -s "$T/o/$P/2025-h1/consolidated.xml" ] || fail "consolidate did not write consolidated.xml"

rm -f "$T/o/archive/$obj"
report_stops "a missing archived copy" "'$T/o/archive/$obj': bản lưu số liệu năm 2024 (h1) trong kho bị mất"

# the archive restored: the report compares with 2024 again
cp "$T/object.good" "$T/o/archive/$obj"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2025 --period h1
pdf_prose "$T/o/$P/2025-h1/report.pdf" "$T/prose"
expect_grep "$T/prose" "so với cùng kỳ năm 2024"

# the review reads its years the same way: a damaged catalog is exit 3 too
: > "$C"
expect_exit 3 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --from 2021 --to 2024 --no-archive
expect_grep "$T/err" "'$C': không đọc được danh mục kho lưu trữ"

# no archive at all: genuinely no last year, said plainly
rm -rf "$T/o/archive"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" report --year 2025 --period h1
pdf_prose "$T/o/$P/2025-h1/report.pdf" "$T/prose"
expect_grep "$T/prose" "Chưa có số liệu tổng hợp 6 tháng đầu năm 2024 (cùng kỳ năm trước) để so sánh."
