#!/usr/bin/env bash
# t28: file names and values holding a newline, CR, ESC, a C1 control, a bidi
# override or bytes that are not UTF-8 are printed escaped (\n, \x1b, \u202e,
# \xff), one line per diagnostic, through validate, nightly and run: no
# forged "file:line: CODE" or totals line, no raw control on the terminal,
# and the batch goes on with the right exit code.
source "$TESTS_DIR/e2e/lib.sh"
fx=$ROOT/tests/fixtures/xml
copy_ws_empty cantho
S=ws/submissions/2026-annual
mkdir -p $S
cp "$fx/valid-31237.xml" $S/31237.xml
NL=$'a\nx.xml:1: R01 giả\n999 tệp: 999 chấp nhận, 0 bị từ chối.xml'
ESC=$'esc\e[31mđỏ\r.xml'
BIDI=$'bidi\u202egpj.xml'
C1=$'c1\u0085\u200fx.xml'
BAD=$'bad\xff\xfe.xml'
for f in "$NL" "$ESC" "$BIDI" "$C1" "$BAD"; do : > "$S/$f"; done
# a value that would forge a line of its own
sed 's|<unit>31237</unit>|<unit>9999\&#10;ws/submissions/2026-annual/y.xml:2: R01 giả\&#x202E;\&#13;</unit>|' \
  "$fx/valid-31237.xml" > $S/gia-tri.xml

F02="F02: tệp rỗng"
check_lines() { # $1 = captured stdout, $2 = how many lines it must have
  expect_line "$1" "$S/a\\nx.xml:1: R01 giả\\n999 tệp: 999 chấp nhận, 0 bị từ chối.xml: $F02"
  expect_line "$1" "$S/esc\\x1b[31mđỏ\\r.xml: $F02"
  expect_line "$1" "$S/bidi\\u202egpj.xml: $F02"
  expect_line "$1" "$S/c1\\u0085\\u200fx.xml: $F02"
  expect_grep "$1" "$S/gia-tri.xml:4: U01 unit: mã đơn vị '9999\\nws/submissions/2026-annual/y.xml:2: R01 giả\\u202e' không có"
  # no line was forged: every line of the diagnostics names a file of the
  # period with a code, and one totals line
  [ "$(grep -c '^[0-9]* tệp: ' "$1")" = 1 ] || fail "forged totals line in $1"
  ! grep -q '^x\.xml:1:\|^ws/submissions/2026-annual/y\.xml' "$1" || fail "forged diagnostic line in $1"
  [ "$(wc -l < "$1")" = "$2" ] || { cat "$1"; fail "$1 has $(wc -l < "$1") lines, expected $2"; }
}
# nothing raw: no C0 control but newline, no DEL, C1 or bidi control, only UTF-8
raw_free() {
  /usr/bin/python3 - "$@" <<'PY' || fail "a raw control or a byte that is not UTF-8 was printed"
import re, sys
bad = re.compile('[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]')
for p in sys.argv[1:]:
    data = open(p, 'rb').read()
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        sys.exit('%s: not UTF-8 at byte %d' % (p, e.start))
    m = bad.search(text)
    if m:
        sys.exit('%s: raw U+%04X at %d' % (p, ord(m.group()), m.start()))
PY
}

# validate: 7 files, 1 accepted; 7 diagnostics (four F02, F11, S02, U01) + totals
expect_exit 1 timeout 60 "$TONGHOP" -w ws -o res validate --year 2026
check_lines "$T/out" 8
expect_line "$T/out" "7 tệp: 1 chấp nhận, 6 bị từ chối, 0 đã được thay thế, 0 trùng lặp (7 lỗi, 0 cảnh báo)"
raw_free "$T/out" "$T/err"
xmllint --noout res/cantho-ctxh-2026-2030/2026-annual/validation.xml || fail "validation.xml not well-formed"

# stderr: a workspace named with controls is one escaped error line
expect_exit 2 "$TONGHOP" -w $'ws\e[2J\nx' validate --year 2026
[ "$(wc -l < "$T/err")" = 1 ] || fail "the error took more than one line"
expect_grep "$T/err" "error workspace 'ws\x1b[2J\nx' is not a directory"
raw_free "$T/err"

# nightly: the same lines, then its two summary lines
expect_exit 1 timeout 60 "$TONGHOP" -w ws -o night nightly --year 2026 --now 2026-12-20T08:00:00
check_lines "$T/out" 9
raw_free "$T/out" "$T/err"

# run without the archive: the diagnostics, the totals, the consolidation's table
expect_exit 1 timeout 120 "$TONGHOP" -w ws -o run run --year 2026 --no-archive
check_lines "$T/out" "$(wc -l < "$T/out")"
expect_grep "$T/out" "7 tệp: 1 chấp nhận, 6 bị từ chối"
raw_free "$T/out" "$T/err"

# inputs untouched
[ -f "$S/$NL" ] && [ -f "$S/$BAD" ] && [ -f "$S/$ESC" ] || fail "an input was renamed or removed"
