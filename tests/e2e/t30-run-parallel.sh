# t30: `tonghop run` on 1, 2 and 4 threads (TONGHOP_JOBS) writes the same
# bytes (validation.xml, consolidated.xml, report.pdf, workbook.xlsx, the
# archive's objects and SHA256SUMS; index.html shows when each document was
# archived, the clock), prints the same messages in the same order (the
# outputs are written beside one another, their messages printed after in
# the order of one thread: also when one fails, or last year's cannot be
# read) and the same catalog rows; last year's files, read for the outlier
# rules on every core too, give the same warnings;
# `archive verify` passes after each; `run --no-archive` then `archive add`
# alone gives the same catalog as `run`.
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
PD=cantho-ctxh-2026-2030/2026-annual
# every catalog column but when it was archived (the clock of the add)
rows() {
  sqlite3 "$1/archive/catalog.sqlite" \
    "SELECT plan, year, period, kind, version, size, sha256, object, name, provenance FROM documents ORDER BY id;
     SELECT d.kind, i.role, i.path, i.unit, i.status, i.size, i.sha256, i.object FROM inputs i
       JOIN documents d ON d.id = i.document ORDER BY d.kind, i.path;"
}
msgs() { sed -E -e 's/^[0-9T:-]+Z //' -e "s#$2/#OUT/#g" "$1"; }
for j in 1 2 4; do
  rc=0; TONGHOP_JOBS=$j "$TONGHOP" -w ws -o o$j run --year 2026 > out$j 2> err$j || rc=$?
  [ $rc = 1 ] || { cat err$j; fail "TONGHOP_JOBS=$j: run exited $rc, expected 1 (the sample has rejected files)"; }
  [ -s o$j/$PD/report.pdf ] && [ -s o$j/$PD/workbook.xlsx ] || fail "TONGHOP_JOBS=$j: no report or workbook"
  expect_exit 0 "$TONGHOP" -o o$j archive verify
  rows o$j > rows$j
  [ -s rows$j ] || fail "TONGHOP_JOBS=$j: no catalog rows"
done
grep -q '|submission|' rows1 || fail "no submission among the catalogued inputs"
for j in 2 4; do
  cmp out1 out$j || fail "stdout differs between TONGHOP_JOBS=1 and $j"
  # every message, its output directory and time stamp aside
  diff <(msgs err1 o1) <(msgs err$j o$j) || fail "messages differ between TONGHOP_JOBS=1 and $j"
  for f in o1/$PD/*; do
    cmp "$f" "o$j/$PD/$(basename "$f")" || fail "$(basename "$f") differs between TONGHOP_JOBS=1 and $j"
  done
  [ "$(ls o1/$PD)" = "$(ls o$j/$PD)" ] || fail "other outputs with TONGHOP_JOBS=$j: $(ls o$j/$PD)"
  cmp o1/archive/SHA256SUMS o$j/archive/SHA256SUMS || fail "SHA256SUMS differs with TONGHOP_JOBS=$j"
  [ "$(cd o1/archive && find objects -type f | sort)" = "$(cd o$j/archive && find objects -type f | sort)" ] \
    || fail "archive objects differ with TONGHOP_JOBS=$j"
  cmp rows1 rows$j || { diff rows1 rows$j | head; fail "catalog rows differ with TONGHOP_JOBS=$j"; }
done
# every object holds the bytes it is named by
(cd o2/archive && for f in $(find objects -type f); do
   h=$(sha256sum "$f" | cut -c1-64); case $(basename "$f") in "$h"*) ;; *) echo "$f"; exit 1;; esac
 done) || fail "an archived object is not named by its sha256"

# archive add alone, after run --no-archive: the same catalog as run's
rc=0; TONGHOP_JOBS=2 "$TONGHOP" -q -w ws -o alone run --year 2026 --no-archive > /dev/null 2> err || rc=$?
[ $rc = 1 ] || { cat err; fail "run --no-archive exited $rc"; }
[ ! -e alone/archive ] || fail "run --no-archive made an archive"
expect_exit 0 "$TONGHOP" -q -w ws -o alone archive add --year 2026
expect_exit 0 "$TONGHOP" -o alone archive verify
rows alone > rows-alone
cmp rows1 rows-alone || { diff rows1 rows-alone | head; fail "archive add alone catalogued other rows than run"; }
cmp o1/archive/SHA256SUMS alone/archive/SHA256SUMS || fail "SHA256SUMS differs: archive add alone vs run"
echo "TONGHOP_JOBS=1, 2, 4: same outputs, messages, objects and catalog rows; archive add alone: same catalog"

# the messages of outputs written beside one another, in one thread's order:
# report.pdf cannot be written (a directory by that name), the workbook is
for j in 1 2; do
  mkdir -p pdf$j/$PD/report.pdf
  rc=0; TONGHOP_JOBS=$j "$TONGHOP" -w ws -o pdf$j run --year 2026 --no-archive > out 2> perr$j || rc=$?
  [ $rc = 3 ] || { cat perr$j; fail "TONGHOP_JOBS=$j, report.pdf a directory: exit $rc, expected 3"; }
  msgs perr$j pdf$j | grep -v '^kiểm tra' > pmsg$j
  [ "$(grep -n . pmsg$j | grep -E 'wrote OUT/.*consolidated.xml|report.pdf|wrote OUT/.*workbook.xlsx' | cut -d: -f2-)" = \
    "info wrote OUT/$PD/consolidated.xml
error không ghi được báo cáo 'OUT/$PD/report.pdf': $(grep -o "report.pdf': [^']*" pmsg$j | cut -d' ' -f2-)
info wrote OUT/$PD/workbook.xlsx" ] || { cat pmsg$j; fail "TONGHOP_JOBS=$j: messages not in the order of the steps"; }
  cmp o1/$PD/workbook.xlsx pdf$j/$PD/workbook.xlsx || fail "TONGHOP_JOBS=$j: the workbook beside a failed PDF differs"
done
cmp pmsg1 pmsg2 || { diff pmsg1 pmsg2; fail "messages differ between TONGHOP_JOBS=1 and 2 when the PDF fails"; }
# consolidated.xml cannot be put in place (a directory by that name): as on
# one thread, nothing written after it, though the PDF and the workbook
# were made beside it (kept whole, then removed, never renamed in place);
# validation.xml, taken before it, is there; no temp file left
for j in 1 2; do
  mkdir -p cons$j/$PD/consolidated.xml
  rc=0; TONGHOP_JOBS=$j "$TONGHOP" -w ws -o cons$j run --year 2026 --no-archive > out 2> cerr$j || rc=$?
  [ $rc = 3 ] || { cat cerr$j; fail "TONGHOP_JOBS=$j, consolidated.xml a directory: exit $rc, expected 3"; }
  expect_grep cerr$j "cannot write 'cons$j/$PD/consolidated.xml'"
  [ -s cons$j/$PD/validation.xml ] || fail "TONGHOP_JOBS=$j: no validation.xml before the failed consolidated.xml"
  [ ! -e cons$j/$PD/report.pdf ] && [ ! -e cons$j/$PD/workbook.xlsx ] \
    || fail "TONGHOP_JOBS=$j: a report or workbook beside a consolidated.xml that was not written"
  [ -z "$(ls cons$j/$PD | grep '\.tmp\.')" ] || { ls cons$j/$PD; fail "TONGHOP_JOBS=$j: temp files left"; }
  expect_no_grep cerr$j "wrote cons$j/$PD/report.pdf"
done
msgs cerr1 cons1 | grep -v '^kiểm tra' > cmsg1
msgs cerr2 cons2 | grep -v '^kiểm tra' > cmsg2
cmp cmsg1 cmsg2 || { diff cmsg1 cmsg2; fail "messages differ between TONGHOP_JOBS=1 and 2 when consolidated.xml fails"; }
echo "consolidated.xml not written: no report, no workbook, no temp file, on 1 and 2 threads"

# last year's consolidation damaged: named after consolidated.xml's line,
# before the table; no report (exit 2), as on one thread
for j in 1 2; do
  mkdir -p prev$j/cantho-ctxh-2026-2030/2025-annual
  echo '<consolidation' > prev$j/cantho-ctxh-2026-2030/2025-annual/consolidated.xml
  rc=0; TONGHOP_JOBS=$j "$TONGHOP" -w ws -o prev$j run --year 2026 --no-archive > vout$j 2> verr$j || rc=$?
  [ $rc = 2 ] || { cat verr$j; fail "TONGHOP_JOBS=$j, last year's damaged: exit $rc, expected 2"; }
  msgs verr$j prev$j | grep -v '^kiểm tra' > vmsg$j
  [ "$(tail -n 1 vmsg$j | grep -c 'OUT/cantho-ctxh-2026-2030/2025-annual/consolidated.xml')" = 1 ] \
    || { cat vmsg$j; fail "TONGHOP_JOBS=$j: last year's problem is not the last message"; }
  expect_grep vmsg$j "wrote OUT/$PD/consolidated.xml"
  [ ! -e prev$j/$PD/report.pdf ] && [ ! -e prev$j/$PD/workbook.xlsx ] || fail "TONGHOP_JOBS=$j: a report beside a damaged last year"
done
cmp vmsg1 vmsg2 || { diff vmsg1 vmsg2; fail "messages differ between TONGHOP_JOBS=1 and 2 when last year's is damaged"; }
cmp vout1 vout2 || fail "stdout differs between TONGHOP_JOBS=1 and 2 when last year's is damaged"
echo "messages in one thread's order when the PDF fails and when last year's is damaged"

# last year's values for the outlier rules (Kiên Giang's 2024 h1 beside its
# 2025 h1), read on every core as this year's: the same W01 on 1 and 2 threads
copy_ws kiengiang
for j in 1 2; do
  rc=0; TONGHOP_JOBS=$j "$TONGHOP" -q -w ws -o kg$j validate --year 2025 --period h1 > kg$j.out 2> kg$j.err || rc=$?
  [ $rc = 1 ] || { cat kg$j.err; fail "Kiên Giang 2025 h1, TONGHOP_JOBS=$j: exit $rc, expected 1"; }
done
expect_grep kg2.out "30754.xml:98: W01 people.helped: "
expect_grep kg2.out "kỳ này (357) thay đổi hơn 50% so với cùng kỳ năm trước (110)"
cmp kg1.out kg2.out || { diff kg1.out kg2.out | head; fail "last year's outliers differ between TONGHOP_JOBS=1 and 2"; }
cmp kg1/kiengiang-ctxh-2021-2030/2025-h1/validation.xml kg2/kiengiang-ctxh-2021-2030/2025-h1/validation.xml \
  || fail "validation.xml with last year's values differs between TONGHOP_JOBS=1 and 2"
echo "last year's files on every core: the same outlier warnings"
