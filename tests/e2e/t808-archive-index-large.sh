#!/usr/bin/env bash
# t808: a document with more inputs than index.html lists inline (500) links
# to a page of its own, inputs/<id>.html, that lists every input with a
# working relative link; index.html stays one row per document.
source "$TESTS_DIR/e2e/lib.sh"

expect_exit 0 "$TONGHOP" -q -w "$ROOT/input/cantho" gen --synthetic 600 --xlsx 0 --year 2026 --into ws
n_subs=$(ls ws/submissions/2026-annual | wc -l)
"$TONGHOP" -q -w ws -o output run --year 2026 > /dev/null 2>&1
[ $? -le 1 ] || fail "run failed"
A=output/archive
[ -f $A/inputs/1.html ] && [ -f $A/inputs/2.html ] || fail "no inputs pages: $(ls $A)"

/usr/bin/python3 - "$A" > pages.txt << 'PY' || fail "inputs page check failed"
import html.parser, os, sys
arch = sys.argv[1]
class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.links = []; self.text = ''; self.cur = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'a': self.cur = a.get('href'); self.text = ''
    def handle_data(self, d):
        if self.cur is not None: self.text += d
    def handle_endtag(self, tag):
        if tag == 'a' and self.cur is not None: self.links.append((self.cur, self.text)); self.cur = None
idx = Links(); idx.feed(open(os.path.join(arch, 'index.html'), encoding='utf-8').read())
for href, text in idx.links:
    if href.startswith('inputs/'):
        print('index', href, text)
for name in sorted(os.listdir(os.path.join(arch, 'inputs'))):
    p = Links(); p.feed(open(os.path.join(arch, 'inputs', name), encoding='utf-8').read())
    for href, text in p.links:
        assert os.path.isfile(os.path.join(arch, 'inputs', href)), 'broken link ' + href
    subs = [t for h, t in p.links if t.startswith('submissions/')]
    print(name, len(p.links), len(subs))
PY
# every submission, the three configuration files, consolidated.xml and
# validation.xml, and the link back to the index
n_in=$((n_subs + 5))
[ $n_in -lt 1000 ] || fail "keep the sample under 1,000 inputs (the count is printed 1.234)"
expect_line pages.txt "index inputs/1.html $n_in tệp"
expect_line pages.txt "1.html $((n_in + 1)) $n_subs"
expect_line pages.txt "2.html $((n_in + 1)) $n_subs"
# the units of a document with more than 500 inputs are still found by the
# search box: its row's data-q holds every submitting unit's code
/usr/bin/python3 - "$A" ws/submissions/2026-annual > units.txt << 'PY' || fail "data-q check failed"
import html.parser, os, re, sqlite3, sys
arch, subs = sys.argv[1], sys.argv[2]
class Rows(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.q = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'tr' and 'data-q' in a: self.q.append(a['data-q'].split())
r = Rows(); r.feed(open(os.path.join(arch, 'index.html'), encoding='utf-8').read())
db = sqlite3.connect(os.path.join(arch, 'catalog.sqlite'))
units = sorted({u for (u,) in db.execute("SELECT unit FROM inputs WHERE document = 1 AND unit IS NOT NULL")})
assert len(units) > 500, len(units)
for q in r.q:
    missing = [u for u in units if u not in q]
    assert not missing, 'units not searchable: %r' % missing[:5]
print('rows', len(r.q), 'units', len(units))
PY
expect_grep units.txt "rows 2 units "
