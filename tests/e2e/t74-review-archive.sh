# t74: a review in the archive. `tonghop review` archives review.pdf and
# review.xlsx with plan.xml, registry.xml, rules.xml and every consolidation
# it read as inputs; `archive reproduce` makes both again byte for byte; a
# changed archived consolidation is named and exits 5; --no-archive leaves
# the archive alone.
source "$TESTS_DIR/e2e/lib.sh"

P=kiengiang-ctxh-2021-2030
review_ws
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --to 2024 --no-archive
[ ! -e "$T/o/archive" ] || fail "--no-archive wrote an archive"
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o" review --to 2024
expect_grep "$T/out" "BC-SLDTBXH-2024-So-ket-04-nam-2021-2024.pdf: archived as version 1"
expect_grep "$T/out" "BC-SLDTBXH-2024-So-ket-04-nam-2021-2024.xlsx: archived as version 1"
sqlite3 "$T/o/archive/catalog.sqlite" \
  "SELECT i.role || ' ' || i.path FROM inputs i JOIN documents d ON d.id = i.document
   WHERE d.kind = 'review-pdf' ORDER BY i.path" > "$T/inputs"
printf '%s\n' "consolidated 2021-annual/consolidated.xml" "consolidated 2024-annual/consolidated.xml" \
  "plan plan.xml" "registry registry.xml" "rules rules.xml" > "$T/want"
diff "$T/want" "$T/inputs" || fail "the review's inputs"
sha=$(sha256sum < "$T/o/$P/2021-annual/consolidated.xml" | cut -c1-64)
sqlite3 "$T/o/archive/catalog.sqlite" "SELECT sha256 FROM inputs WHERE path = '2021-annual/consolidated.xml'" |
  sort -u | grep -qx "$sha" || fail "the 2021 consolidation's sha256 is not the one read"

expect_exit 0 "$TONGHOP" -o "$T/o" archive reproduce --year 2024
expect_grep "$T/out" "identical: BC-SLDTBXH-2024-So-ket-04-nam-2021-2024.pdf version 1"
expect_grep "$T/out" "identical: BC-SLDTBXH-2024-So-ket-04-nam-2021-2024.xlsx version 1"

# an archived consolidation changed behind the catalog's back
obj=$(sqlite3 "$T/o/archive/catalog.sqlite" "SELECT object FROM inputs WHERE path = '2021-annual/consolidated.xml' LIMIT 1")
chmod u+w "$T/o/archive/$obj"
sed -i 's/accepted="64"/accepted="63"/' "$T/o/archive/$obj"
expect_exit 5 "$TONGHOP" -o "$T/o" archive reproduce --year 2024
expect_grep "$T/out" "changed: input 2021-annual/consolidated.xml"
