#!/usr/bin/env bash
# t28: file names and values holding a newline, CR, ESC, a C1 control, a bidi
# override or bytes that are not UTF-8 are printed escaped (\n, \x1b, \u202e,
# \xff), one line per diagnostic, through validate, nightly and run: no
# forged "file:line: CODE" or totals line, no raw control on the terminal,
# and the batch goes on with the right exit code. Every XML output (inside
# the XLSX files too) stays well-formed; the archive keeps every file under a
# safe name with its bytes (%XX), and reproduces the run.
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
# accepted submissions under such names: they reach consolidated.xml
sed 's/31237/31249/' "$fx/valid-31237.xml" > "$S/"$'ok\e]0;x\a.xml'
sed 's/31237/31258/' "$fx/valid-31237.xml" > "$S/"$'ok\n31258 100%.xml'
# a value that would forge a line of its own
sed 's|<unit>31237</unit>|<unit>9999\&#10;x.xml:2: R01 giả\&#x202E;\&#13;</unit>|' \
  "$fx/valid-31237.xml" > $S/gia-tri.xml

F02="F02: tệp rỗng"
check_lines() { # $1 = captured stdout, $2 = how many lines it must have
  expect_line "$1" "$S/a\\nx.xml:1: R01 giả\\n999 tệp: 999 chấp nhận, 0 bị từ chối.xml: $F02"
  expect_line "$1" "$S/esc\\x1b[31mđỏ\\r.xml: $F02"
  expect_line "$1" "$S/bidi\\u202egpj.xml: $F02"
  expect_line "$1" "$S/c1\\u0085\\u200fx.xml: $F02"
  expect_line "$1" "$S/bad\\xff\\xfe.xml: F11: tên tệp không phải UTF-8 (gõ bằng bảng mã cũ?): đổi tên tệp rồi nộp lại"
  expect_grep "$1" "$S/gia-tri.xml:4: U01 unit: mã đơn vị “9999\\nx.xml:2: R01 giả\\u202e” không có"
  # no line was forged: every line of the diagnostics names a file of the
  # period with a code, and one totals line
  [ "$(grep -c '^[0-9]* tệp: ' "$1")" = 1 ] || fail "forged totals line in $1"
  ! grep -q '^x\.xml:[12]:' "$1" || fail "forged diagnostic line in $1"
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

# validate: 9 files, 3 accepted; 7 diagnostics (four F02, F11, S02, U01) + totals
expect_exit 1 timeout 60 "$TONGHOP" -w ws -o res validate --year 2026
check_lines "$T/out" 8
expect_line "$T/out" "9 tệp: 3 chấp nhận, 6 bị từ chối, 0 đã được thay thế, 0 trùng lặp (7 lỗi, 0 cảnh báo)"
raw_free "$T/out" "$T/err"
V=res/cantho-ctxh-2026-2030/2026-annual/validation.xml
xmllint --noout --schema "$ROOT/schemas/validation.xsd" $V 2> /dev/null || fail "validation.xml not valid"
# the exact bytes of a name XML cannot carry are kept beside it
[ "$(xmllint --xpath "count(//*[@fileBytes='$S/bad%FF%FE.xml'])" $V)" = 1 ] || fail "no fileBytes for $BAD"
[ "$(xmllint --xpath "count(//*[@fileBytes='$S/esc%1B[31mđỏ%0D.xml'])" $V)" = 1 ] || fail "no fileBytes for the ESC name"
[ "$(xmllint --xpath "count(//*[@file='$S/31237.xml']/@fileBytes)" $V)" = 0 ] || fail "fileBytes for a plain name"

# every XML tonghop wrote under DIR, and every part of its XLSX files, is well-formed
well_formed() {
  /usr/bin/python3 - "$1" <<'PY' || fail "an XML output is not well-formed"
import os, subprocess, sys, zipfile
bad, seen = [], 0
for root, dirs, files in os.walk(sys.argv[1]):
    if '/objects' in root:
        continue  # the archived inputs, kept as they were sent
    for f in files:
        p = os.path.join(root, f)
        parts = []
        if f.endswith('.xlsx'):
            z = zipfile.ZipFile(p)
            parts = [(p + ':' + n, z.read(n)) for n in z.namelist() if n.endswith(('.xml', '.rels'))]
        elif f.endswith('.xml'):
            parts = [(p, open(p, 'rb').read())]
        elif f.endswith('.html'):  # HTML5: UTF-8 text with no control characters
            text = open(p, 'rb').read().decode('utf-8', 'replace')
            if '\ufffd' in text or any(ord(c) < 32 and c not in '\t\n\r' for c in text):
                bad.append('%r: a control or a byte that is not UTF-8' % p)
        for name, data in parts:
            seen += 1
            r = subprocess.run(['xmllint', '--noout', '-'], input=data, capture_output=True)
            if r.returncode:
                bad.append('%r: %s' % (name, r.stderr[:300]))
if bad or not seen:
    sys.exit('\n'.join(bad) or 'no XML found')
PY
}

# stderr: a workspace named with controls is one escaped error line
expect_exit 2 "$TONGHOP" -w $'ws\e[2J\nx' validate --year 2026
[ "$(wc -l < "$T/err")" = 1 ] || fail "the error took more than one line"
expect_grep "$T/err" "error workspace 'ws\x1b[2J\nx' is not a directory"
raw_free "$T/err"

# nightly: the same lines, then its two summary lines; its workbooks hold
# the names as stdout shows them
expect_exit 1 timeout 60 "$TONGHOP" -w ws -o night nightly --year 2026 --now 2026-12-20T08:00:00
check_lines "$T/out" 9
raw_free "$T/out" "$T/err"
well_formed night
/usr/bin/python3 - night/cantho-ctxh-2026-2030/2026-annual/overview.xlsx <<'PY' || fail "overview.xlsx"
import sys, openpyxl
cells = [str(c) for ws in openpyxl.load_workbook(sys.argv[1]) for row in ws.iter_rows(values_only=True) for c in row if c]
assert any(c.endswith('bad\\xff\\xfe.xml') for c in cells), cells
PY

# run: the diagnostics, the totals, the consolidation's table; every XML
# output well-formed, everything archived (not exit 2 because of a name)
expect_exit 1 timeout 120 "$TONGHOP" -w ws -o run run --year 2026
check_lines "$T/out" "$(wc -l < "$T/out")"
expect_grep "$T/out" "9 tệp: 3 chấp nhận, 6 bị từ chối"
raw_free "$T/out" "$T/err"
well_formed run
C=run/cantho-ctxh-2026-2030/2026-annual/consolidated.xml
xmllint --noout --schema "$ROOT/schemas/consolidated.xsd" $C 2> /dev/null || fail "consolidated.xml not valid"
[ "$(xmllint --xpath "count(//*[local-name()='input'][@fileBytes])" $C)" = 2 ] || fail "consolidated.xml lacks fileBytes"
# the catalog: every file of the batch, under a safe name that keeps its bytes
q() { sqlite3 run/archive/catalog.sqlite "$1"; }
for p in "a%0Ax.xml:1: R01 giả%0A999 tệp: 999 chấp nhận, 0 bị từ chối.xml" "esc%1B[31mđỏ%0D.xml" \
         "bidi%E2%80%AEgpj.xml" "c1%C2%85%E2%80%8Fx.xml" "bad%FF%FE.xml" "ok%1B]0;x%07.xml" \
         "ok%0A31258 100%25.xml" 31237.xml gia-tri.xml; do
  [ "$(q "SELECT count(*) FROM inputs WHERE role = 'submission' AND path = 'submissions/2026-annual/$p'")" = 2 ] ||
    fail "'$p' not archived with both documents: $(q 'SELECT path FROM inputs')"
done
expect_exit 0 "$TONGHOP" -w ws -o run archive list -v
expect_line "$T/out" "      submission   $(sha256sum "$S/$BAD" | cut -c1-16)  submissions/2026-annual/bad%FF%FE.xml (rejected)"
raw_free "$T/out" "$T/err"
expect_exit 0 "$TONGHOP" -w ws -o run archive verify
# reproduce recreates the names as they were: the same F11, the same bytes
expect_exit 0 timeout 300 "$TONGHOP" -w ws -o run archive reproduce --year 2026
expect_grep "$T/out" "identical: BC-SYT-15-2026-nam.pdf version 1"
expect_grep "$T/out" "identical: BC-SYT-15-2026-nam.xlsx version 1"

# the rule behind all this, kept: no line reaches stdout or stderr but
# through th_out or th_info/th_warn/th_error (the escape; a job's messages,
# kept and printed after it, were escaped when it wrote them: th_jobs_say,
# for the jobs and the archive's steps beside the outputs in run)
raw=$(grep -n '\bf\?printf(\|\bf\?puts(\|\bfwrite(' "$ROOT"/pipeline/*/*.c |
  grep -v 'fputs(usage\|out of memory\|pipeline/base/escape.c:' |
  grep -v 'pipeline/base/common.c:.*\(stamp, level\|"tonghop: %s: "\|\\r%s: %zu/%zu\)' |
  grep -v 'pipeline/stage/tonghop.c:.*\(TH_VERSION\|_VERSION\|lxw_version\|HPDF_GetVersion\|sqlite3_libversion\)' |
  grep -v 'fputs(said.data, stdout)' |
  grep -v 'pipeline/stage/jobs.c:.*fwrite(log, 1, len, stderr)' || true)
[ -z "$raw" ] || fail "printed without th_out/th_log (names would reach the terminal raw): $raw"

# inputs untouched
[ -f "$S/$NL" ] && [ -f "$S/$BAD" ] && [ -f "$S/$ESC" ] || fail "an input was renamed or removed"
