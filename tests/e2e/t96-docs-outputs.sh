#!/usr/bin/env bash
# t96: the sample outputs quoted in README.md and docs/*.md are what the
# program prints today (tests/docs_outputs.py; `make docs` rewrites them), and
# every relative link in them names a file of the checkout.
. "$(dirname "$0")/lib.sh"

/usr/bin/python3 "$ROOT/tests/docs_outputs.py" > "$T/docs" 2>&1 || { cat "$T/docs"; fail "stale sample output in the docs"; }

n=0
for f in "$ROOT/README.md" "$ROOT"/docs/*.md; do
  dir=$(dirname "$f")
  while IFS= read -r link; do
    case "$link" in http*|'#'*|mailto:*) continue ;; esac
    link=${link%%#*}
    [ -e "$dir/$link" ] || fail "$(basename "$f") links to $link, which does not exist"
    n=$((n + 1))
  done < <(grep -o '](\([^)]*\))' "$f" | sed 's/^](//; s/)$//')
done
[ "$n" -ge 10 ] || fail "only $n links checked"
# the front page stays a front page
[ "$(wc -l < "$ROOT/README.md")" -le 80 ] || fail "README.md grew past 80 lines: put reference text in docs/"
echo "t96: docs outputs current, $n links resolve"
