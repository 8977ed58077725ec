# t90: every input the fuzzers ever crashed on (tests/fixtures/fuzz/, named
# xml-* or xlsx-*) goes through `tonghop validate` again: rejected with an
# F-code, no crash, no sanitizer report, no leak (under make check SAN=1).
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
n=0
for f in "$ROOT"/tests/fixtures/fuzz/xml-* "$ROOT"/tests/fixtures/fuzz/xlsx-*; do
  [ -e "$f" ] || continue
  name=$(basename "$f")
  case $name in xml-*) ext=xml ;; *) ext=xlsx ;; esac
  mkdir -p in; cp "$f" "in/$name.$ext"
  expect_exit 1 "$TONGHOP" -w ws validate "in/$name.$ext"
  expect_grep out "in/$name.$ext"
  expect_no_grep err "Sanitizer"
  expect_no_grep err "runtime error"
  n=$((n + 1))
done
[ $n -gt 0 ] || fail "no regression inputs in tests/fixtures/fuzz"
echo "$n fuzz regression inputs rejected cleanly"
