# t85: the reports' text survives archival conversion. For each sample
# report (Cần Thơ 2026, Kiên Giang 2025 first half): poppler reads the fonts
# without a warning (libharu's own ToUnicode CMaps made it print "Invalid
# 'begincidrange' operator" for each); every font has a Unicode mapping, the
# character collection Adobe-Identity and a /CIDSet; and Ghostscript's PDF/A-1
# conversion (as docs/archive.md shows it) keeps every line pdftotext
# extracts from the original, its fonts still mapped to Unicode.
# (No PDF/A validator is packaged in Debian: veraPDF is not.)
source "$TESTS_DIR/e2e/lib.sh"

pdfa() { # pdfa IN OUT
  gs -q -dBATCH -dNOPAUSE -dSAFER -dPDFA=1 -dPDFACompatibilityPolicy=1 -sColorConversionStrategy=RGB \
     -sDEVICE=pdfwrite -sOutputFile="$2" "$1" > "$T/gs.out" 2>&1 || { cat "$T/gs.out"; fail "gs could not convert $1"; }
}

# lines FILE OUT: the non-empty lines of a PDF's text, sorted, once each
lines() {
  pdftotext "$1" - 2> "$T/pdftotext.err" | tr -d '\f' | grep -v '^$' | LC_ALL=C sort -u > "$2"
}

check() { # check NAME WORKSPACE YEAR PERIOD EXIT
  local name=$1 pdf
  expect_exit "$5" "$TONGHOP" -q -w "$ROOT/input/$2" -o "$T/$name" run --year "$3" --period "$4" --no-archive
  pdf=$(find "$T/$name" -name report.pdf)
  [ -f "$pdf" ] || fail "$name: no report.pdf"

  lines "$pdf" "$T/$name.orig"
  [ ! -s "$T/pdftotext.err" ] || { cat "$T/pdftotext.err"; fail "$name: pdftotext warns on the report"; }
  [ "$(wc -l < "$T/$name.orig")" -gt 100 ] || fail "$name: too little text in the report"
  pdffonts "$pdf" > "$T/fonts" 2> "$T/fonts.err"
  [ ! -s "$T/fonts.err" ] || { cat "$T/fonts.err"; fail "$name: pdffonts warns on the report"; }
  nfonts=$(tail -n +3 "$T/fonts" | wc -l)
  [ "$nfonts" = 4 ] || { cat "$T/fonts"; fail "$name: $nfonts fonts, expected the 4 faces"; }
  [ "$(tail -n +3 "$T/fonts" | awk '$(NF-2) == "yes"' | wc -l)" = 4 ] ||
    { cat "$T/fonts"; fail "$name: a font without a Unicode mapping"; }
  # font dictionaries are not compressed: count their keys in the file
  [ "$(grep -a -c '/CIDSet ' "$pdf")" = 4 ] || fail "$name: not every font descriptor has a /CIDSet"
  [ "$(grep -a -c '/Ordering (Identity)' "$pdf")" = 4 ] || fail "$name: a CIDFont's collection is not Adobe-Identity"
  ! grep -a -q 'begincidrange\|Identity-H)' "$pdf" || fail "$name: libharu's encoding CMap is still there"

  pdfa "$pdf" "$T/$name-a.pdf"
  lines "$T/$name-a.pdf" "$T/$name.pdfa"
  [ ! -s "$T/pdftotext.err" ] || { cat "$T/pdftotext.err"; fail "$name: pdftotext warns on the PDF/A copy"; }
  LC_ALL=C comm -23 "$T/$name.orig" "$T/$name.pdfa" > "$T/$name.lost"
  [ ! -s "$T/$name.lost" ] || { head -20 "$T/$name.lost"; fail "$name: $(wc -l < "$T/$name.lost") lines lost by gs -dPDFA=1"; }
  pdffonts "$T/$name-a.pdf" > "$T/fonts" 2>&1
  [ "$(tail -n +3 "$T/fonts" | awk '$(NF-2) != "yes"' | wc -l)" = 0 ] ||
    { cat "$T/fonts"; fail "$name: a font of the PDF/A copy has no Unicode mapping"; }
  grep -a -q "pdfaid:part='1'" "$T/$name-a.pdf" || fail "$name: gs did not write a PDF/A-1 identification"
  echo "$name: $(wc -l < "$T/$name.orig") lines, all kept in the PDF/A-1 copy"
}

check cantho cantho 2026 annual 1
expect_line "$T/cantho.pdfa" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
expect_line "$T/cantho.pdfa" "Cần Thơ, ngày 28 tháng 12 năm 2026"
check kiengiang kiengiang 2025 h1 1
expect_line "$T/kiengiang.pdfa" "UBND TỈNH KIÊN GIANG"
