# t811: the archive as a web page (issue 15, class 5). A rejected submission
# that is an XHTML page with a <script> is archived as text (.xml.txt), so
# the browser shows its bytes; index.html carries a Content-Security-Policy
# that lets only its own script and style run (by SHA-256); #q= that is not
# valid percent-encoding does not kill the search; the search matches the
# documents' own fields, not the archive's clock time, hash or size;
# --sha256 takes a hex prefix only, never a LIKE pattern.
source "$TESTS_DIR/e2e/lib.sh"
PLAN=cantho-ctxh-2026-2030
A=output/archive
copy_ws_empty cantho
"$TONGHOP" -q -w ws gen --year 2026 || fail "gen failed"
cat > ws/submissions/2026-annual/trang-web.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Báo cáo</p><script>document.title = 'pwned'</script></body></html>
XML
expect_exit 1 "$TONGHOP" -w ws -o output run --year 2026
expect_grep out "trang-web.xml"
q() { sqlite3 "$A/catalog.sqlite" "$1"; }
obj=$(q "SELECT object FROM inputs WHERE path = 'submissions/2026-annual/trang-web.xml' LIMIT 1")
case $obj in objects/??/*.xml.txt) ;; *) fail "the XHTML submission is archived as '$obj', not as text" ;; esac
cmp "$A/$obj" ws/submissions/2026-annual/trang-web.xml || fail "archived text differs from the submission"
[ "$(q "SELECT COUNT(*) FROM inputs WHERE object NOT LIKE '%.txt' AND object NOT LIKE '%.xlsx'")" = 0 ] ||
  fail "inputs not stored as text: $(q "SELECT object FROM inputs WHERE object NOT LIKE '%.txt'" | head -3)"
expect_exit 0 "$TONGHOP" -o output archive verify

# the catalog's clock time moved to 2031: no document of 2031 exists, so the
# search must find none (it matched the archived-at time before); the index
# is rewritten by the next add
q "UPDATE documents SET archived_at = '2031-01-15T10:00:00Z'"
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
PDF_SHA=$(q "SELECT sha256 FROM documents WHERE kind = 'report-pdf'")
PDF_SIZE=$(q "SELECT size FROM documents WHERE kind = 'report-pdf'")

/usr/bin/python3 - "$A" "$PDF_SHA" "$PDF_SIZE" > page.txt <<'PY' || fail "index.html check failed"
import base64, hashlib, html.parser, os, re, sys
arch, sha, size = sys.argv[1:4]
page = open(os.path.join(arch, 'index.html'), encoding='utf-8').read()
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.csp = None; self.scripts = []; self.styles = []; self.cur = None
        self.rows = []; self.links = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in a:
            assert not k.startswith('on'), 'inline handler %s on <%s>' % (k, tag)
        if tag == 'meta' and a.get('http-equiv', '').lower() == 'content-security-policy':
            assert self.csp is None, 'two policies'
            assert not self.scripts and not self.styles, 'policy after the script or style'
            self.csp = a['content']
        if tag in ('script', 'style'):
            assert 'src' not in a, 'external script'
            self.cur = tag; (self.scripts if tag == 'script' else self.styles).append('')
        if tag == 'tr' and 'data-q' in a: self.rows.append(a['data-q'])
        if tag == 'a': self.links[a['href']] = 'download' in a
    def handle_data(self, d):
        if self.cur: (self.scripts if self.cur == 'script' else self.styles)[-1] += d
    def handle_endtag(self, tag):
        if tag in ('script', 'style'): self.cur = None
p = P(); p.feed(page)
assert p.csp, 'no Content-Security-Policy'
def h(t): return "'sha256-%s'" % base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()
pol = dict((d.split()[0], d.split()[1:]) for d in p.csp.split(';') if d.strip())
assert pol['default-src'] == ["'none'"], pol
assert pol['script-src'] == [h(s) for s in p.scripts], (pol['script-src'], [h(s) for s in p.scripts])
assert pol['style-src'] == [h(s) for s in p.styles], pol
assert 'unsafe-inline' not in p.csp and 'unsafe-eval' not in p.csp
print('csp', ' '.join(sorted(pol)))
for q in p.rows:
    assert '2031' not in q and sha[:8] not in q and size not in q, 'archive-side field searchable: ' + q[:200]
    assert ' 31135' in q and ' SYT' in q, 'unit codes missing: ' + q[:200]
evil = [h for h in p.links if h.endswith('.xml.txt')]
print('rows', len(p.rows), 'text links', len(evil))
PY
expect_line page.txt "csp base-uri default-src form-action img-src script-src style-src"
expect_line page.txt "rows 2 text links 134"

# --sha256: a hex prefix, any case; anything else is refused (a LIKE
# pattern such as '_e%' matched every hash with 'e' second)
expect_exit 0 "$TONGHOP" -o output archive list --sha256 "$(echo ${PDF_SHA:0:10} | tr a-f A-F)"
expect_grep out "BC-SYT-15-2026-nam.pdf"
expect_no_grep out "BC-SYT-15-2026-nam.xlsx"
for bad in "_${PDF_SHA:1:1}%" "%" "${PDF_SHA:0:4}_" "g1" "" "${PDF_SHA}0"; do
  expect_exit 2 "$TONGHOP" -o output archive list --sha256 "$bad"
  expect_grep err "--sha256 takes the start of a SHA-256 in hexadecimal (0-9, a-f, at most 64), not '$bad'"
done
# a prefix of no document's hash: nothing listed
expect_exit 0 "$TONGHOP" -o output archive list --sha256 0000000000000000
expect_grep err "no archived document matches"
expect_no_grep out "BC-SYT"

if ! command -v chromium > /dev/null; then
  echo "skipped: chromium is not installed (make deps installs it); the browser part of t811 did not run"
  exit 0
fi
# in a browser, under its policy: the page's script runs (the count is
# written), a broken #q= leaves the box as typed, and the archive-side
# fields find nothing
cat > harness.html <<HTML
<!DOCTYPE html><html><body><pre id="result"></pre>
<iframe id="f" src="$A/index.html#q=%E0%A4%A"></iframe>
<script>
window.addEventListener('load', function () {
  var d = document.getElementById('f').contentDocument, box = d.getElementById('q'), out = [];
  function shown(label) {
    var n = Array.prototype.filter.call(d.querySelectorAll('#docs tr'), function (r) { return !r.hidden; }).length;
    out.push(label + ': ' + n + ' shown, ' + d.getElementById('count').textContent);
  }
  out.push('box: ' + box.value);
  shown('#q=%E0%A4%A');
  ['2026', '2031', '${PDF_SHA:0:12}', '$PDF_SIZE', 'SYT 31135', 'Cần Thơ'].forEach(function (q) {
    box.value = q;
    box.dispatchEvent(new Event('input'));
    shown(JSON.stringify(q));
  });
  out.push('title: ' + d.title);
  document.getElementById('result').textContent = out.join('\n');
});
</script></body></html>
HTML
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --allow-file-access-from-files \
  --user-data-dir="$T/chromium-profile" --dump-dom "file://$T/harness.html" 2> chromium.log > dom.html ||
  { tail chromium.log; fail "chromium failed"; }
sed -n '/<pre id="result">/,/<\/pre>/p' dom.html | sed 's/<[^>]*>//g' > shown.txt
expect_line shown.txt 'box: %E0%A4%A'
expect_line shown.txt '#q=%E0%A4%A: 0 shown, 0 / 2 tài liệu'
expect_line shown.txt '"2026": 2 shown, 2 / 2 tài liệu'
expect_line shown.txt '"2031": 0 shown, 0 / 2 tài liệu'
expect_line shown.txt "\"${PDF_SHA:0:12}\": 0 shown, 0 / 2 tài liệu"
expect_line shown.txt "\"$PDF_SIZE\": 0 shown, 0 / 2 tài liệu"
expect_line shown.txt '"SYT 31135": 2 shown, 2 / 2 tài liệu'
expect_line shown.txt '"Cần Thơ": 2 shown, 2 / 2 tài liệu'
expect_line shown.txt 'title: Lưu trữ báo cáo'
