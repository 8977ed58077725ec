# lib.sh - helpers for end-to-end tests (sourced). After git's test-lib:
# each test runs in a fresh temp dir; fail() stops it with a message.
set -u
: "${TONGHOP:?TONGHOP must name the binary under test}"
: "${TONGHOP_HOME:?}"
ROOT=$TONGHOP_HOME
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE cmd...: run, capture stdout/stderr in $T/out, $T/err
expect_exit() {
  local want=$1; shift
  local got=0
  "$@" > "$T/out" 2> "$T/err" || got=$?
  if [ "$got" != "$want" ]; then
    echo "--- stdout"; cat "$T/out"; echo "--- stderr"; cat "$T/err"
    fail "'$*' exited $got, expected $want"
  fi
}

# expect_line FILE TEXT: FILE has a line equal to TEXT
expect_line() {
  grep -qxF -- "$2" "$1" || { echo "--- $1"; cat "$1"; fail "no line '$2' in $1"; }
}

# expect_grep FILE TEXT: FILE contains TEXT
expect_grep() {
  grep -qF -- "$2" "$1" || { echo "--- $1"; cat "$1"; fail "'$2' not in $1"; }
}

expect_no_grep() {
  ! grep -qF -- "$2" "$1" || { echo "--- $1"; cat "$1"; fail "'$2' unexpectedly in $1"; }
}

# copy a sample workspace into $T/ws (inputs are never modified by tests)
copy_ws() { rm -rf "$T/ws"; cp -r "$ROOT/input/$1" "$T/ws"; }

# the same workspace with no submissions (for tests that generate their own)
copy_ws_empty() { copy_ws "$1"; rm -rf "$T/ws/submissions"; }

# review_ws: Kiên Giang's workspace with the years `gen --year 2021 --seed 7`
# makes, and the consolidations of 2021 and 2024 in $T/o (the review tests' setup)
review_ws() {
  copy_ws kiengiang
  expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2021 --seed 7
  for y in 2021 2024; do
    "$TONGHOP" -q -w "$T/ws" -o "$T/o" consolidate --year $y > /dev/null 2>&1
  done
}

# pdf_prose PDF OUT: the PDF's text with its lines joined (a sentence wrapped
# over lines or pages reads as one), for expect_grep on whole sentences
pdf_prose() {
  pdftotext "$1" - 2>/dev/null | tr '\f\n' '  ' | tr -s ' ' > "$2"
}
