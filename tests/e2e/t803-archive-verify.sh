# t803: verify checks every archived file against the catalog; one changed
# byte or a missing file is named and the exit code is 5. SHA256SUMS lets
# anyone check the archive without tonghop.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"
q() { sqlite3 "$A/catalog.sqlite" "$1"; }

archive_fixture 3
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_exit 0 "$TONGHOP" -o output archive verify
expect_line out "10 files verified ($(cat $A/objects/*/* | wc -c) bytes): 10 intact, 0 changed, 0 missing"
(cd $A && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not check"
[ "$(wc -l < $A/SHA256SUMS)" = 10 ] || fail "SHA256SUMS lines"

# one byte of the archived report changed
pdf=$(q "SELECT object FROM documents WHERE kind = 'report-pdf'")
chmod u+w "$A/$pdf"
cp "$A/$pdf" saved
printf 'X' | dd of="$A/$pdf" bs=1 seek=10 conv=notrunc status=none
expect_exit 5 "$TONGHOP" -o output archive verify
expect_line out "changed: BC-SYT-15-2026-nam.pdf ($pdf)"
expect_line out "10 files verified ($(cat $A/objects/*/* | wc -c) bytes): 9 intact, 1 changed, 0 missing"
expect_grep err "archive 'output/archive' failed verification: 1 changed, 0 missing"
expect_grep err "1 archived files are writable"
! (cd $A && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1) || fail "sha256sum missed the change"
# get refuses to hand out a changed file
expect_exit 5 "$TONGHOP" -o output archive get --year 2026
expect_grep err "archived file 'BC-SYT-15-2026-nam.pdf'"
[ ! -e BC-SYT-15-2026-nam.pdf ] || fail "get wrote a changed file"
cp saved "$A/$pdf"
expect_exit 0 "$TONGHOP" -o output archive verify

# a submission's object removed
sub=$(q "SELECT object FROM inputs WHERE path = 'submissions/2026-annual/31135.xml' LIMIT 1")
rm -f "$A/$sub"
expect_exit 5 "$TONGHOP" -o output archive verify
expect_line out "missing: $PLAN 2026-annual: submissions/2026-annual/31135.xml ($sub)"
# a new add of the same period puts it back
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_exit 0 "$TONGHOP" -o output archive verify
[ "$(stat -c %a "$A/$sub")" = 444 ] || fail "restored object is not read-only"

# a catalog row edited to another hash no longer names its object
cp $A/catalog.sqlite cat.bak
q "UPDATE documents SET sha256 = '$(printf 0%.0s {1..64})' WHERE kind = 'workbook-xlsx'"
expect_exit 5 "$TONGHOP" -o output archive verify
expect_grep out "damaged: catalog.sqlite: BC-SYT-15-2026-nam.xlsx is recorded as objects/"
cp cat.bak $A/catalog.sqlite

# a truncated catalog
head -c 3000 cat.bak > $A/catalog.sqlite
expect_exit 5 "$TONGHOP" -o output archive verify
expect_grep out "damaged: catalog.sqlite"
cp cat.bak $A/catalog.sqlite
expect_exit 0 "$TONGHOP" -o output archive verify
