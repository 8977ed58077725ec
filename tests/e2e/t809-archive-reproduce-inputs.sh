# t809: everything the report read is archived by role and laid back by
# `archive reproduce`: the workspace's own report template, the
# department's wording of the period (narrative/<year>-<period>.xml), last
# year's same period (its consolidation, and the submissions the outlier
# rules compared with). Kiên Giang 2025 h1 with all three, then the
# workspace's copies changed or deleted: the reproduction is still
# byte-identical. Last year's annual consolidation that is also a target's
# baseline (Kiên Giang 2026: I4B against 2025) is one row used for both; a
# report made with --allow-empty reproduces.
source "$TESTS_DIR/e2e/lib.sh"

P=kiengiang-ctxh-2021-2030
PD=$T/o/$P/2025-h1
copy_ws kiengiang
# the workspace's own template and the period's wording
cp "$ROOT/templates/report-ctxh.xml" "$T/ws/report-ctxh.xml"
sed -i 's|<summary>Kết quả thực hiện|<summary>Tình hình và kết quả thực hiện|' "$T/ws/report-ctxh.xml"
mkdir -p "$T/ws/narrative"
cat > "$T/ws/narrative/2025-h1.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<narrative xmlns="urn:tonghop:narrative:1" year="2025" period="h1">
  <section ref="kien-nghi" mode="replace">
    <p>Đề nghị Bộ Y tế sớm hướng dẫn việc chuyển giao nhiệm vụ công tác xã hội về ngành y tế.</p>
  </section>
</narrative>
XML
# last year's same period, in the output directory only (not archived)
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2024 --period h1 --no-archive
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2025 --period h1
pdf_prose "$PD/report.pdf" "$T/prose"
expect_grep "$T/prose" "Đề nghị Bộ Y tế sớm hướng dẫn việc chuyển giao nhiệm vụ công tác xã hội về ngành y tế."
expect_grep "$T/prose" "so với cùng kỳ năm 2024"
pdfinfo "$PD/report.pdf" > "$T/info" 2>/dev/null
expect_grep "$T/info" "Tình hình và kết quả thực hiện"
# the outlier warning compares with a 2024 h1 submission
expect_grep "$PD/validation.xml" 'code="W0'
pdf_sha=$(sha256sum < "$PD/report.pdf" | cut -c1-64)
xlsx_sha=$(sha256sum < "$PD/workbook.xlsx" | cut -c1-64)

# the catalog lists each by its role
cat_q() { sqlite3 "$T/o/archive/catalog.sqlite" "$1"; }
doc=$(cat_q "SELECT id FROM documents WHERE year = 2025 AND period = 'h1' AND kind = 'report-pdf'")
[ "$(cat_q "SELECT path FROM inputs WHERE document = $doc AND role = 'template'")" = report-ctxh.xml ] ||
  fail "template not archived"
[ "$(cat_q "SELECT path FROM inputs WHERE document = $doc AND role = 'edits'")" = narrative/2025-h1.xml ] ||
  fail "wording not archived"
[ "$(cat_q "SELECT path FROM inputs WHERE document = $doc AND role = 'previous'")" = 2024-h1/consolidated.xml ] ||
  fail "last year's consolidation not archived"
[ "$(cat_q "SELECT sha256 FROM inputs WHERE document = $doc AND role = 'previous'")" = \
  "$(sha256sum < "$T/o/$P/2024-h1/consolidated.xml" | cut -c1-64)" ] || fail "another 2024 h1 archived"
n24=$(find "$T/ws/submissions/2024-h1" -type f | wc -l)
[ "$(cat_q "SELECT count(*) FROM inputs WHERE document = $doc AND role = 'previous-submission'
            AND path LIKE 'submissions/2024-h1/%'")" = "$n24" ] || fail "last year's submissions not all archived"
expect_exit 0 "$TONGHOP" -o "$T/o" archive list --year 2025 --period h1 --kind pdf -v
for role in template edits previous previous-submission; do
  grep -qE "^      $role +[0-9a-f]{16}  " "$T/out" || { cat "$T/out"; fail "archive list -v shows no $role"; }
done
expect_grep "$T/out" "2024-h1/consolidated.xml"
expect_grep "$T/out" "narrative/2025-h1.xml"

# the workspace's copies changed or gone, last year's outputs too
sed -i 's|Tình hình và kết quả|Kết quả|' "$T/ws/report-ctxh.xml"
rm -rf "$T/ws/narrative" "$T/ws/submissions/2024-h1" "$T/o/$P/2024-h1"
expect_exit 0 "$TONGHOP" -o "$T/o" archive reproduce --year 2025 --period h1
grep -qx "identical: .*\.pdf version 1 (sha256 $pdf_sha)" "$T/out" || { cat "$T/out" "$T/err"; fail "PDF not identical"; }
grep -qx "identical: .*\.xlsx version 1 (sha256 $xlsx_sha)" "$T/out" || { cat "$T/out"; fail "workbook not identical"; }
# and what the regeneration laid out is the archived wording: a changed
# archived copy is named
ed=$(cat_q "SELECT object FROM inputs WHERE document = $doc AND role = 'edits'")
chmod u+w "$T/o/archive/$ed"; echo '<!-- x -->' >> "$T/o/archive/$ed"
expect_exit 5 "$TONGHOP" -o "$T/o" archive reproduce --year 2025 --period h1 --kind pdf
expect_line "$T/out" "changed: input narrative/2025-h1.xml ($ed)"

# last year's annual consolidation is also I4B's baseline: one row, both roles
copy_ws_empty kiengiang
for y in 2025 2026; do expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year $y; done
rm -rf "$T/o"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2025 --no-archive
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2026
pdf_sha=$(sha256sum < "$T/o/$P/2026-annual/report.pdf" | cut -c1-64)
doc=$(cat_q "SELECT id FROM documents WHERE year = 2026 AND kind = 'report-pdf'")
[ "$(cat_q "SELECT role || ' ' || path FROM inputs WHERE document = $doc AND path LIKE '2025-%'")" = \
  "baseline+previous 2025-annual/consolidated.xml" ] || fail "baseline and last year not one row: $(cat_q "SELECT role, path FROM inputs WHERE document = $doc")"
rm -rf "$T/o/$P/2025-annual" "$T/ws/submissions/2025-annual"
expect_exit 0 "$TONGHOP" -o "$T/o" archive reproduce --year 2026 --kind pdf
grep -qx "identical: .*\.pdf version 1 (sha256 $pdf_sha)" "$T/out" || { cat "$T/out" "$T/err"; fail "2026 not identical"; }

# a report made with --allow-empty (no submission at all) reproduces
copy_ws_empty kiengiang
rm -rf "$T/o"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" run --year 2025 --period h1 --allow-empty
expect_exit 0 "$TONGHOP" -o "$T/o" archive reproduce --year 2025 --period h1
[ "$(grep -c '^identical: ' "$T/out")" = 2 ] || { cat "$T/out" "$T/err"; fail "an --allow-empty report does not reproduce"; }
echo ok
