# t814: the archive reads each file once as it stores it (issue 17). In
# `run`, consolidated.xml and validation.xml are named by the hash taken as
# they were written, the submissions by the hash validation recorded, any
# other file by the hash of its copy: every object is still named by the
# SHA-256 of its bytes and the catalog's hashes are the files'. A
# submission edited after validation is refused, under no object; an object
# cut short (a crash while it was written) is found damaged and written
# again.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"
q() { sqlite3 "$A/catalog.sqlite" "$1"; }
objects_named_by_hash() {
  local f b
  for f in $A/objects/*/*; do
    b=$(basename "$f")
    [ "${b%%.*}" = "$(sha "$f")" ] || fail "$f: not named by its SHA-256"
    [ "$(stat -c %a "$f")" = 444 ] || fail "$f: mode $(stat -c %a "$f")"
  done
  ! ls -a $A/objects/ $A/objects/* | grep -q '\.tmp\.' || fail "temp file left in objects/"
}

copy_ws_empty cantho
"$TONGHOP" -q -w ws gen --year 2026 || fail "gen failed"
ls ws/submissions/2026-annual/* | tail -n +5 | xargs rm -f
expect_exit 0 "$TONGHOP" -q -w ws -o output run --year 2026
objects_named_by_hash
for role in consolidated validation; do
  [ "$(q "SELECT DISTINCT sha256 FROM inputs WHERE role = '$role'")" = "$(sha $PD/$role.xml)" ] ||
    fail "$role.xml: catalogued under another hash"
done
[ "$(q "SELECT sha256 FROM documents WHERE kind = 'report-pdf'")" = "$(sha $PD/report.pdf)" ] || fail "report.pdf hash"
[ "$(q "SELECT sha256 FROM documents WHERE kind = 'workbook-xlsx'")" = "$(sha $PD/workbook.xlsx)" ] || fail "workbook hash"
s=ws/submissions/2026-annual/$(ls ws/submissions/2026-annual | head -1)
[ "$(q "SELECT DISTINCT sha256 FROM inputs WHERE path = '${s#ws/}'")" = "$(sha $s)" ] || fail "$s: hash"
expect_exit 0 "$TONGHOP" -o output archive verify
expect_line out "$(ls $A/objects/*/* | wc -l) files verified ($(cat $A/objects/*/* | wc -c) bytes): $(ls $A/objects/*/* | wc -l) intact, 0 changed, 0 missing"

# an object cut short where it lies (a crash while it was written): the
# next add finds it damaged and writes it whole again
o=$A/$(q "SELECT object FROM inputs WHERE path = '${s#ws/}' LIMIT 1")
chmod u+w $o && head -c 10 $o > $o.part && cat $o.part > $o && rm $o.part && chmod 444 $o
expect_exit 5 "$TONGHOP" -o output archive verify
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "archived file '${o#$A/}' was damaged: writing it again"
objects_named_by_hash
expect_exit 0 "$TONGHOP" -o output archive verify

# a submission edited after validation, into a fresh archive: refused with
# its name, exit 2; nothing under its validated hash, nor its edited bytes
rm -rf $A
expect_exit 0 "$TONGHOP" -q -w ws -o output run --year 2026 --no-archive
was=$(sha $s)
echo '<!-- edited -->' >> $s
expect_exit 2 "$TONGHOP" -w ws -o output archive add --year 2026
expect_grep err "'$s' has changed since it was consolidated (sha256 $(sha $s | cut -c1-16)..., expected ${was:0:16}...)"
[ "$(q "SELECT COUNT(*) FROM documents")" = 0 ] || fail "rows added from a changed input"
! ls $A/objects/*/ | grep -q "$was" || fail "an object under the validated hash of a changed file"
! ls $A/objects/*/ | grep -q "$(sha $s)" || fail "the edited bytes archived"
objects_named_by_hash
