# t805: the archive's index.html is a static page: one row per document,
# links to the archived files by relative path, and a filter box (accents
# and case ignored) that works in a browser with no server. The browser part
# runs in headless Chromium and is skipped, visibly, when it is not installed.
source "$TESTS_DIR/e2e/t800-archive-lib.sh"

archive_fixture 3
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026
FAKE_SALT=" v2" "$T/fake_run" -w ws -o output run --year 2026
expect_exit 0 "$TONGHOP" -w ws -o output archive add --year 2026

# without a browser: rows, cells and links, read with Python's HTML parser
/usr/bin/python3 - "$A" > rows.txt <<'PY' || fail "index.html check failed"
import html.parser, os, sys
arch = sys.argv[1]
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.links = []; self.in_body = False; self.cell = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'tbody' and a.get('id') == 'docs': self.in_body = True
        if self.in_body and tag == 'tr': self.rows.append([])
        if self.in_body and tag == 'td': self.cell = ''
        if tag == 'a' and 'href' in a: self.links.append(a['href'])
        if tag in ('script', 'link', 'img', 'iframe') and any(k in a for k in ('src', 'href')):
            sys.exit('external resource: %r' % (a,))
    def handle_endtag(self, tag):
        if tag == 'tbody': self.in_body = False
        if self.in_body and tag == 'td': self.rows[-1].append(self.cell.strip()); self.cell = None
    def handle_data(self, d):
        if self.cell is not None: self.cell += d
p = P(); p.feed(open(os.path.join(arch, 'index.html'), encoding='utf-8').read())
for l in p.links:
    assert not l.startswith(('/', 'http:', 'https:', 'file:')), l
    assert os.path.isfile(os.path.join(arch, l)), 'broken link ' + l
for r in p.rows: print(' | '.join(r[:7]))
print('links', len(p.links))
PY
expect_line rows.txt "2026 | năm | 15/BC-SYT | BC-SYT-15-2026-nam-v2.pdfKế hoạch thực hiện Chương trình phát triển công tác xã hội giai đoạn 2026 - 2030 trên địa bàn thành phố Cần Thơ — SỞ Y TẾ | Báo cáo (PDF) | 2 | 28/12/2026"
expect_line rows.txt "2026 | năm | 15/BC-SYT | BC-SYT-15-2026-nam.pdfKế hoạch thực hiện Chương trình phát triển công tác xã hội giai đoạn 2026 - 2030 trên địa bàn thành phố Cần Thơ — SỞ Y TẾ | Báo cáo (PDF) | 1 | 28/12/2026"
[ "$(grep -c '^2026 |' rows.txt)" = 3 ] || fail "expected 3 rows: $(cat rows.txt)"
# 3 documents + 3 x 8 inputs
expect_line rows.txt "links 27"

if ! command -v chromium > /dev/null; then
  echo "skipped: chromium is not installed (make deps installs it); the browser part of t805 did not run"
  exit 0
fi
# a harness page loads the index in a frame, types into its filter box, and
# writes what the page shows; Chromium dumps the harness's DOM after load
cat > harness.html <<HTML
<!DOCTYPE html><html><body><pre id="result"></pre>
<iframe id="f" src="$A/index.html#q=xlsx"></iframe>
<script>
window.addEventListener('load', function () {
  var d = document.getElementById('f').contentDocument, box = d.getElementById('q'), out = [];
  function shown(label) {
    var n = Array.prototype.filter.call(d.querySelectorAll('#docs tr'), function (r) { return !r.hidden; }).length;
    out.push(label + ': ' + n + ' shown, ' + d.getElementById('count').textContent);
  }
  shown('#q=xlsx');
  ['', 'xlsx', 'CAN tho pdf', 'Báo cáo nam-v2', '31135', 'kien giang'].forEach(function (q) {
    box.value = q;
    box.dispatchEvent(new Event('input'));
    shown(JSON.stringify(q));
  });
  document.getElementById('result').textContent = out.join('\n');
});
</script></body></html>
HTML
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --allow-file-access-from-files \
  --user-data-dir="$T/chromium-profile" --dump-dom "file://$T/harness.html" 2> chromium.log > dom.html ||
  { tail chromium.log; fail "chromium failed"; }
sed -n '/<pre id="result">/,/<\/pre>/p' dom.html | sed 's/<[^>]*>//g' > shown.txt
# the filter pre-filled from the address (#q=), then typed: accents, case
# and word order ignored; a submitting unit's code finds what it fed
expect_line shown.txt '#q=xlsx: 1 shown, 1 / 3 tài liệu'
expect_line shown.txt '"": 3 shown, 3 / 3 tài liệu'
expect_line shown.txt '"xlsx": 1 shown, 1 / 3 tài liệu'
expect_line shown.txt '"CAN tho pdf": 2 shown, 2 / 3 tài liệu'
expect_line shown.txt '"Báo cáo nam-v2": 1 shown, 1 / 3 tài liệu'
expect_line shown.txt '"31135": 3 shown, 3 / 3 tài liệu'
expect_line shown.txt '"kien giang": 0 shown, 0 / 3 tài liệu'
