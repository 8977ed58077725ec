# t813: `run` hands the archive its submissions from memory; `archive add`
# reads them back from validation.xml and consolidated.xml. Both store the
# same inputs (role, path, unit, status, sha256 of every row) for the same
# batch: accepted, rejected, superseded and duplicate ones, a name with a
# byte that is not UTF-8 (rejected, its name kept encoded), and no row for a link (no bytes read, no hash).
# A validation.xml whose status is not one of ours is refused with its line.
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
S=ws/submissions/2026-annual
ln -s /etc/hostname $S/lienket.xml
printf 'rác' > $S/rac.xml
cp $S/31120.xml "$S/$(printf 'ban\xffsao.xml')"
rc=0; "$TONGHOP" -q -w ws -o run1 run --year 2026 > /dev/null 2> err || rc=$?
[ $rc -eq 1 ] || { cat err; fail "run exited $rc, expected 1 (some rejected)"; }
rc=0; "$TONGHOP" -q -w ws -o run2 run --year 2026 --no-archive > /dev/null 2> err || rc=$?
[ $rc -eq 1 ] || { cat err; fail "run --no-archive exited $rc"; }
[ ! -e run2/archive ] || fail "--no-archive wrote an archive"
expect_exit 0 "$TONGHOP" -w ws -o run2 archive add --year 2026
expect_grep out "BC-SYT-15-2026-nam.pdf: archived as version 1"

rows() {
  sqlite3 "$1/archive/catalog.sqlite" \
    "SELECT d.kind, i.role, i.path, coalesce(i.unit, '-'), coalesce(i.status, '-'), i.sha256, i.size, i.object
     FROM inputs i JOIN documents d ON d.id = i.document ORDER BY d.kind, i.path"
}
rows run1 > rows1; rows run2 > rows2
[ -s rows1 ] || fail "run archived no inputs"
cmp rows1 rows2 || { diff rows1 rows2 | head -20; fail "run's archive inputs differ from archive add's"; }
for d in run1 run2; do
  sqlite3 $d/archive/catalog.sqlite "SELECT provenance FROM documents ORDER BY id"
done > prov
[ "$(sort -u prov | wc -l)" -eq 1 ] || { cat prov; fail "provenance differs between run and archive add"; }

# every file of the batch but the link is a row of the PDF's inputs, with its status
nval=$(grep -c '<submission ' run1/cantho-ctxh-2026-2030/2026-annual/validation.xml)
nsub=$(grep -c '^report-pdf|submission|' rows1)
[ "$nsub" -eq $((nval - 1)) ] || fail "$nsub submission rows, expected $((nval - 1)) (all but the link)"
grep -q 'lienket' rows1 && fail "the link (no bytes read) was archived"
grep -q '^report-pdf|submission|submissions/2026-annual/rac.xml|-|rejected|' rows1 || fail "rac.xml not archived as rejected"
grep -q '^report-pdf|submission|submissions/2026-annual/ban%FFsao.xml|-|rejected|' rows1 || fail "the name with byte FF not stored encoded"
for st in accepted superseded duplicate; do
  grep -q "^report-pdf|submission|[^|]*|[^|]*|$st|" rows1 || fail "no $st submission archived"
done
expect_exit 0 "$TONGHOP" -o run1 archive verify

# archive add reads validation.xml back: a status it never writes is refused
V=run2/cantho-ctxh-2026-2030/2026-annual/validation.xml
line=$(grep -n 'rac.xml' $V | head -1 | cut -d: -f1)
sed -i "${line}s/status=\"rejected\"/status=\"hong\"/" $V
expect_exit 2 "$TONGHOP" -w ws -o run2 archive add --year 2026
expect_grep err "$V:$line: <submission> with status 'hong'"
echo "t813 ok"
