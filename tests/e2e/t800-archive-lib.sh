# t800-archive-lib.sh - fixture for the archive tests (t8*.sh source it).
# Until `tonghop run` exists, a stand-in (fake_run) plays its part: it writes
# consolidated.xml, report.pdf and workbook.xlsx from the workspace, the same
# bytes for the same inputs. Run directly, it checks the fixture itself.
source "$TESTS_DIR/e2e/lib.sh"

PLAN=cantho-ctxh-2026-2030
PD=output/$PLAN/2026-annual      # the period's output directory
A=output/archive                 # the archive

# the stand-in for `tonghop -q -w WS -o OUT run --year Y --period P --no-archive --allow-empty`
cat > "$T/fake_run" <<'SH'
#!/bin/bash
set -eu
ws=; out=; year=; period=annual
while [ $# -gt 0 ]; do
  case $1 in
    -q|run|--no-archive|--allow-empty) shift ;;
    -w) ws=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    --year) year=$2; shift 2 ;;
    --period) period=$2; shift 2 ;;
    *) echo "fake_run: unexpected '$1'" >&2; exit 2 ;;
  esac
done
plan=$(sed -n 's/.*<plan [^>]*id="\([^"]*\)".*/\1/p' "$ws/plan.xml")
d=$out/$plan/$year-$period
mkdir -p "$d"
digest=$( (cd "$ws" && cat plan.xml registry.xml rules.xml submissions/$year-$period/*) | sha256sum | cut -c1-64)
printf '%%PDF-1.4 stand-in report %s%s\n' "$digest" "${FAKE_SALT:-}" > "$d/report.pdf"
printf 'PK stand-in workbook %s\n' "$digest" > "$d/workbook.xlsx"
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo "<consolidated xmlns=\"urn:tonghop:consolidated:1\" plan=\"$plan\" year=\"$year\" period=\"$period\" generator=\"tonghop stand-in\">"
  echo "  <inputs>"
  for f in "$ws"/submissions/$year-$period/*; do
    echo "    <input unit=\"$(basename "$f" .xml)\" file=\"$f\" sha256=\"$(sha256sum < "$f" | cut -c1-64)\" submitted=\"2026-12-01\"/>"
  done
  echo "  </inputs>"
  echo "</consolidated>"
} > "$d/consolidated.xml"
SH
chmod +x "$T/fake_run"
export TONGHOP_REPRODUCE_CMD=$T/fake_run

# archive_fixture [N]: workspace ws/ with N (default 3) submissions for 2026,
# validated by the real program, outputs of the period by the stand-in.
archive_fixture() {
  local n=${1:-3}
  rm -rf output
  copy_ws_empty cantho
  "$TONGHOP" -q -w ws gen --year 2026 || fail "gen failed"
  ls ws/submissions/2026-annual/* | tail -n +$((n + 1)) | xargs rm -f
  expect_exit 0 "$TONGHOP" -q -w ws -o output validate --year 2026
  "$T/fake_run" -q -w ws -o output run --year 2026 --period annual --no-archive || fail "stand-in failed"
}

# sha256 of a file
sha() { sha256sum < "$1" | cut -c1-64; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  archive_fixture 2
  [ -s "$PD/report.pdf" ] && [ -s "$PD/consolidated.xml" ] && [ -s "$PD/validation.xml" ] ||
    fail "fixture incomplete"
  expect_grep "$PD/consolidated.xml" 'file="ws/submissions/2026-annual/'
  echo "fixture ok"
fi
