# t93: the disk fills up while outputs are written. Always: a file-size limit
# (ulimit -f, RLIMIT_FSIZE; tonghop ignores SIGXFSZ so the write fails with
# EFBIG). Where mounting is permitted, also a real full file system (a 64 KB
# tmpfs, ENOSPC). Each time: exit 3, a message naming the file, no temp file
# left, and no output half-written (what exists is whole: it equals a normal
# run's file byte for byte).
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
PD=cantho-ctxh-2026-2030/2026-annual
"$TONGHOP" -q -w ws -o ref run --year 2026 --no-archive > /dev/null 2>&1 || [ $? -le 1 ] || fail "reference run failed"

# Known gap, not checked here: libxlsxwriter writes its sheet XML to temp
# files without checking those writes, so under a full disk workbook.xlsx can
# be committed with truncated sheets although workbook_close() reports
# success (seen with ulimit -f 100 on `report`). Reported; the other outputs
# are checked.
check_whole() { # OUTDIR: no temp files; every output present equals the reference
  local d=$1
  [ -z "$(find "$d" -name '*.tmp.*')" ] || fail "temp files left in $d: $(find "$d" -name '*.tmp.*')"
  for f in "$d/$PD"/*; do
    [ -e "$f" ] && [ "$(basename "$f")" != workbook.xlsx ] || continue
    cmp -s "$f" "ref/$PD/$(basename "$f")" || fail "$f is not whole (differs from a complete run)"
  done
}

# 20 KB: validation.xml (36 KB) cannot be written
( ulimit -f 20; "$TONGHOP" -q -w ws -o o20 run --year 2026 --no-archive > out 2> err; echo $? > rc )
[ "$(cat rc)" = 3 ] || { cat err; fail "ulimit 20 KB: exit $(cat rc), expected 3"; }
expect_grep err "cannot write 'o20/$PD/validation.xml': File too large"
check_whole o20
# 150 KB: validation.xml fits, consolidated.xml (about 180 KB) does not
( ulimit -f 150; "$TONGHOP" -q -w ws -o o150 run --year 2026 --no-archive > out 2> err; echo $? > rc )
[ "$(cat rc)" = 3 ] || { cat err; fail "ulimit 150 KB: exit $(cat rc), expected 3"; }
expect_grep err "cannot write 'o150/$PD/consolidated.xml': File too large"
[ -f o150/$PD/validation.xml ] || fail "validation.xml should have been written whole"
[ ! -e o150/$PD/consolidated.xml ] || fail "consolidated.xml exists after its write failed"
check_whole o150
# the report alone: the PDF cannot be written (libharu writes it itself)
"$TONGHOP" -q -w ws -o orep consolidate --year 2026 > /dev/null 2>&1 || [ $? -le 1 ] || fail "consolidate failed"
( ulimit -f 100; "$TONGHOP" -q -w ws -o orep report --year 2026 > out 2> err; echo $? > rc )
[ "$(cat rc)" = 3 ] || { cat err; fail "report under ulimit: exit $(cat rc), expected 3"; }
# what happened, in Vietnamese, with the system's words after it; not libharu's error number
expect_grep err "không ghi được báo cáo 'orep/$PD/report.pdf': tệp vượt quá kích thước hệ thống cho phép (File too large)"
expect_no_grep err "libharu"
[ ! -e orep/$PD/report.pdf ] || fail "report.pdf exists after its write failed"
check_whole orep

mkdir small
if mount -t tmpfs -o size=64k tmpfs small 2> /dev/null; then
  trap 'umount "$T/small" 2> /dev/null; rm -rf "$T"' EXIT
  expect_exit 3 "$TONGHOP" -q -w ws -o small/out run --year 2026 --no-archive
  expect_grep err "No space left on device"
  check_whole small/out
  umount small
  # the report alone on a disk with room for its inputs, not for the PDF
  kb=$(( ($(cat orep/$PD/consolidated.xml orep/$PD/validation.xml | wc -c) + 80 * 1024) / 1024 ))
  mount -t tmpfs -o size=${kb}k tmpfs small
  mkdir -p small/$PD && cp orep/$PD/consolidated.xml orep/$PD/validation.xml small/$PD/
  expect_exit 3 "$TONGHOP" -q -w ws -o small report --year 2026
  expect_grep err "không ghi được báo cáo 'small/$PD/report.pdf': không đủ chỗ trên đĩa (No space left on device)"
  expect_no_grep err "libharu"
  [ ! -e small/$PD/report.pdf ] || fail "report.pdf exists on the full disk"
  [ -z "$(find small -name '*.tmp.*')" ] || fail "temp files left on the full disk"
  umount small
else
  echo "skipped: full tmpfs (mount not permitted here); RLIMIT_FSIZE cases checked"
fi
