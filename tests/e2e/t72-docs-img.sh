# t72: the pictures in the report docs (docs/img/report-cantho-1.png,
# report-kiengiang-1.png, written by `make docs-img`) show page 1 of each
# sample as it now reads: rendered again here, the text of each page
# (pdftotext, beside each picture as report-*-1.txt) must be the committed
# one, and each picture an A4 page at 60 dpi under 200 KB.
source "$TESTS_DIR/e2e/lib.sh"

"$ROOT/docs/img/make.sh" "$T/img" > "$T/out" 2> "$T/err" || { cat "$T/err"; fail "docs/img/make.sh failed"; }
for s in cantho kiengiang; do
  png=$ROOT/docs/img/report-$s-1.png
  [ -f "$png" ] || fail "no $png: run 'make docs-img'"
  diff -u "$ROOT/docs/img/report-$s-1.txt" "$T/img/report-$s-1.txt" ||
    fail "page 1 of the $s sample no longer reads as docs/img/report-$s-1.png shows: run 'make docs-img' and commit docs/img"
  /usr/bin/python3 - "$png" <<'PY' || fail "$png is not a 60 dpi A4 page under 200 KB"
import os, struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (497, 702), (w, h)     # 210 x 297 mm (595 x 842 pt) at 60 dpi
assert len(data) < 200 * 1024, len(data)
PY
done
# the report docs show them (docs/report.md, once README.md is split)
doc=$ROOT/docs/report.md
if [ -f "$doc" ]; then
  for s in cantho kiengiang; do
    grep -q "img/report-$s-1.png" "$doc" || fail "$doc does not show docs/img/report-$s-1.png"
  done
fi
echo ok
