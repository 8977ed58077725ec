# tonghop(1): mandoc finds nothing to warn about, man formats it, and it has a
# section per stage, the exit codes, files, environment and examples.
source "$TESTS_DIR/e2e/lib.sh"

M=$ROOT/docs/tonghop.1
mandoc -T lint -W warning "$M" > "$T/lint" 2>&1 || { cat "$T/lint"; fail "mandoc -T lint"; }
[ ! -s "$T/lint" ] || { cat "$T/lint"; fail "mandoc -T lint warns"; }
MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$M" > "$T/man" 2> "$T/manerr" || { cat "$T/manerr"; fail "man -l"; }
[ ! -s "$T/manerr" ] || { cat "$T/manerr"; fail "man -l warns"; }
for h in NAME SYNOPSIS DESCRIPTION OPTIONS STAGES "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
  expect_line "$T/man" "$h"
done
# every stage the program lists has its own section
"$TONGHOP" help | sed -n 's/^  \([a-z]*\)  .*/\1/p' | grep -v '^help$' > "$T/stages"
[ "$(wc -l < "$T/stages")" -ge 8 ] || fail "tonghop help lists too few stages"
while read -r s; do
  grep -qE "^   $s\$" "$T/man" || fail "no section for stage '$s' in tonghop(1)"
done < "$T/stages"
for c in 0 1 2 3 4 5; do grep -qE "^       $c( |\$)" "$T/man" || fail "exit code $c not in tonghop(1)"; done
expect_grep "$T/man" "TONGHOP_HOME"
expect_grep "$T/man" "tonghop -w input/cantho -o output run --year 2026 --period annual"
# the installed version and the page's agree
expect_grep "$M" "\"tonghop $(sed -n 's/^#define TH_VERSION "\(.*\)"/\1/p' "$ROOT/pipeline/base/common.h")\""
