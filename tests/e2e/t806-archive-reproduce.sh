# t806: reproduce rebuilds a workspace from a document's archived inputs,
# regenerates it with `tonghop run` (here the stand-in, through
# TONGHOP_REPRODUCE_CMD) and compares the bytes. t807 does it with the real
# pipeline.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"
q() { sqlite3 "$A/catalog.sqlite" "$1"; }

archive_fixture 3
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
# the workspace may change or vanish: the archive alone is enough
rm -rf ws output/$PLAN
expect_exit 0 "$TONGHOP" -o output archive reproduce --year 2026
expect_line out "identical: BC-SYT-15-2026-nam.pdf version 1 (sha256 $(q "SELECT sha256 FROM documents WHERE kind = 'report-pdf'"))"
expect_line out "identical: BC-SYT-15-2026-nam.xlsx version 1 (sha256 $(q "SELECT sha256 FROM documents WHERE kind = 'workbook-xlsx'"))"
# one regeneration for the two documents made from the same inputs
[ "$(grep -c 'regenerating 2026 annual from 8 archived inputs' err)" = 1 ] || fail "regenerated more than once"
tmpws=$(sed -n 's/.*archived inputs in //p' err)
[ -n "$tmpws" ] && [ ! -e "$tmpws" ] || fail "temp workspace '$tmpws' left behind"

# a version whose bytes the inputs do not give: different, exit 5, kept for study
archive_fixture 3
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
FAKE_SALT=" edited by hand" "$T/fake_run" -w ws -o output run --year 2026
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
expect_exit 5 "$TONGHOP" -o output archive reproduce --year 2026 --kind pdf
expect_grep out "DIFFERENT: BC-SYT-15-2026-nam-v2.pdf version 2: archived sha256 $(sha $PD/report.pdf), regenerated "
kept=$(sed -n 's/.*the regenerated files are kept in //p' err)
[ -f "$kept/out/$PLAN/2026-annual/report.pdf" ] || fail "regenerated files not kept: $(cat err)"
rm -rf "$kept"
expect_exit 0 "$TONGHOP" -o output archive reproduce --year 2026 --version 1 --kind pdf
expect_line out "identical: BC-SYT-15-2026-nam.pdf version 1 (sha256 $(q "SELECT sha256 FROM documents WHERE version = 1 AND kind = 'report-pdf'"))"

# an archived input changed: named, exit 5
sub=$(q "SELECT object FROM inputs WHERE path = 'submissions/2026-annual/31147.xml' LIMIT 1")
chmod u+w "$A/$sub"; echo '<!-- x -->' >> "$A/$sub"
expect_exit 5 "$TONGHOP" -o output archive reproduce --year 2026 --version 1 --kind pdf
expect_line out "changed: input submissions/2026-annual/31147.xml ($sub)"

# the regeneration itself fails: exit 3, said so
archive_fixture 2
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
printf '#!/bin/sh\necho "run: cannot write" >&2\nexit 3\n' > broken_run; chmod +x broken_run
TONGHOP_REPRODUCE_CMD=$T/broken_run expect_exit 3 "$TONGHOP" -o output archive reproduce --year 2026
expect_grep err "run: cannot write"
expect_grep err "regenerating 2026 annual failed ('tonghop run' exited 3)"
kept=$(sed -n 's/.*the regenerated files are kept in //p' err)
[ -d "$kept/ws/submissions/2026-annual" ] || fail "workspace of a failed regeneration not kept"
rm -rf "$kept"
