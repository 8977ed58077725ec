# t815: in `run`, the submissions and the workspace's plan, registry and
# rules go into the archive's objects beside the outputs, the catalog rows
# after them. A run that does not archive (the period refused, exit 2, after
# its outputs were under way) leaves the archive as it was: no archive/ when
# there was none, no new object in one that was there. A run killed while
# the objects are written beside the outputs leaves no row naming a missing
# object, and the run again gives the uninterrupted run's catalog, objects
# and SHA256SUMS.
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
PD=cantho-ctxh-2026-2030/2026-annual
objs() { (cd "$1/archive" && find objects -type f | sort); }
rows() {
  sqlite3 "$1/archive/catalog.sqlite" \
    "SELECT kind, version, sha256, object FROM documents ORDER BY id;
     SELECT d.kind, i.role, i.path, i.sha256, i.object FROM inputs i JOIN documents d ON d.id = i.document
       ORDER BY d.kind, i.path"
}

# the reference: one uninterrupted run
rc=0; "$TONGHOP" -q -w ws -o ref run --year 2026 > /dev/null 2> err || rc=$?
[ $rc = 1 ] || { cat err; fail "reference run exited $rc, expected 1"; }
objs ref > objs-ref; rows ref > rows-ref
grep -q '|submission|' rows-ref || fail "no submission among the reference's inputs"

# every submission rejected: the outputs are started, then the period is
# refused (no accepted submission), exit 2, and nothing stays in the archive
cp -r ws bad
for f in $(find bad/submissions/2026-annual -type f); do printf 'rác %s' "$(basename "$f")" > "$f"; done
rc=0; "$TONGHOP" -w bad -o fresh run --year 2026 > out 2> err || rc=$?
[ $rc = 2 ] || { cat err; fail "run of a period with no accepted submission exited $rc, expected 2"; }
expect_grep err "chưa có báo cáo nào của đơn vị được chấp nhận"
[ ! -e fresh/archive ] || fail "a refused run left an archive: $(cd fresh/archive && find . | head)"
cp -a ref again
rc=0; "$TONGHOP" -w bad -o again run --year 2026 > out 2> err || rc=$?
[ $rc = 2 ] || { cat err; fail "refused run over an archive exited $rc, expected 2"; }
objs again > objs-again
cmp objs-ref objs-again || { diff objs-ref objs-again | head; fail "a refused run left objects in the archive"; }
rows again > rows-again
cmp rows-ref rows-again || fail "a refused run changed the catalog"
expect_exit 0 "$TONGHOP" -o again archive verify

# killed at the first steps of the archive (the workspace's files and the
# submissions, written beside the outputs) and at a later one
for n in 1 2 5 9 40; do
  o=kill$n
  rc=0; TONGHOP_TEST_KILL_AT=$n bash -c '"$0" -q -w ws -o '$o' run --year 2026; exit $?' \
    "$TONGHOP" > /dev/null 2> err || rc=$?
  [ $rc = 137 ] || { cat err; fail "kill at step $n: exit $rc, expected 137"; }
  if [ -e $o/archive/catalog.sqlite ]; then
    [ "$(sqlite3 $o/archive/catalog.sqlite 'PRAGMA integrity_check')" = ok ] || fail "step $n: catalog damaged"
    # no row names an object that is not there
    sqlite3 $o/archive/catalog.sqlite "SELECT object FROM documents UNION SELECT object FROM inputs" |
      while read -r obj; do [ -f "$o/archive/$obj" ] || fail "step $n: a row names the missing $obj"; done
  fi
  rc=0; "$TONGHOP" -q -w ws -o $o run --year 2026 > /dev/null 2> err || rc=$?
  [ $rc = 1 ] || { cat err; fail "run after the kill at step $n exited $rc, expected 1"; }
  expect_exit 0 "$TONGHOP" -o $o archive verify
  objs $o > objs-$n
  cmp objs-ref objs-$n || { diff objs-ref objs-$n | head; fail "objects differ after the kill at step $n"; }
  rows $o > rows-$n
  cmp rows-ref rows-$n || { diff rows-ref rows-$n | head; fail "catalog rows differ after the kill at step $n"; }
  cmp ref/archive/SHA256SUMS $o/archive/SHA256SUMS || fail "SHA256SUMS differs after the kill at step $n"
  [ -z "$(find $o -name '*.tmp.*')" ] || fail "temp files left after the kill at step $n: $(find $o -name '*.tmp.*')"
done
echo "refused run: archive as it was; killed at 5 steps: catalog, objects and SHA256SUMS of an uninterrupted run"
