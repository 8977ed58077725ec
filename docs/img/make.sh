#!/usr/bin/env bash
# docs/img/make.sh [OUTDIR] - page 1 of each sample report as the docs show
# it: the samples run with bin/tonghop (Cần Thơ 2026 annual; Kiên Giang
# 2025 first half, beside 2024's), page 1 rendered with pdftoppm at 60 dpi
# to OUTDIR/report-<sample>-1.png and its text (pdftotext) beside it in
# report-<sample>-1.txt. `make docs-img` writes docs/img/; tests/e2e/t72
# renders again and compares the text, so the pictures cannot go stale.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/docs/img}
tonghop=${TONGHOP:-$root/bin/tonghop}
export TONGHOP_HOME=${TONGHOP_HOME:-$root}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
run() { # run WS YEAR PERIOD: exit 0 or 1 (the samples' deliberate rejections)
  local rc=0
  "$tonghop" -q -w "$root/input/$1" -o "$tmp/o" run --year "$2" --period "$3" --no-archive > /dev/null || rc=$?
  [ "$rc" -le 1 ] || { echo "make.sh: tonghop run $1 $2 $3 exited $rc" >&2; exit "$rc"; }
}
page1() { # page1 PDF NAME
  # (2>/dev/null: poppler warns about the ToUnicode CMap libharu writes)
  pdftoppm -r 60 -f 1 -l 1 -png -singlefile "$1" "$tmp/$2" 2>/dev/null
  mv "$tmp/$2.png" "$out/$2.png"
  pdftotext -f 1 -l 1 "$1" "$out/$2.txt" 2>/dev/null
  local size
  size=$(stat -c %s "$out/$2.png")
  [ "$size" -lt 204800 ] || { echo "make.sh: $out/$2.png is $size bytes (at most 200 KB)" >&2; exit 1; }
}
run cantho 2026 annual
page1 "$tmp/o/cantho-ctxh-2026-2030/2026-annual/report.pdf" report-cantho-1
run kiengiang 2024 h1
run kiengiang 2025 h1
page1 "$tmp/o/kiengiang-ctxh-2021-2030/2025-h1/report.pdf" report-kiengiang-1
