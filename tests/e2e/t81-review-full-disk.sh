# t81: the review's PDF is written like the report's (th_pdf_save through the
# temp file's descriptor, then rename): when the disk fills up (a file-size
# limit, RLIMIT_FSIZE) it is exit 3 with a Vietnamese message naming the
# file and the system's words, no review.pdf and no temp file left.
source "$TESTS_DIR/e2e/lib.sh"

P=kiengiang-ctxh-2021-2030
review_ws
( ulimit -f 20; "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --from 2021 --to 2024 --no-archive > "$T/out" 2> "$T/err"
  echo $? > "$T/rc" )
[ "$(cat "$T/rc")" = 3 ] || { cat "$T/err"; fail "review under ulimit: exit $(cat "$T/rc"), expected 3"; }
D=$T/o/$P/review-2021-2024
expect_grep "$T/err" "không ghi được báo cáo sơ kết, tổng kết '$D/review.pdf': tệp vượt quá kích thước hệ thống cho phép (File too large)"
expect_no_grep "$T/err" "libharu"
[ ! -e "$D/review.pdf" ] || fail "review.pdf exists after its write failed"
[ -z "$(find "$T/o" -name '*.tmp.*')" ] || fail "temp files left: $(find "$T/o" -name '*.tmp.*')"
# with room, the same command writes it whole
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/o" review --from 2021 --to 2024 --no-archive
pdftotext "$D/review.pdf" - > /dev/null 2>&1 || fail "review.pdf is not a whole PDF"
echo ok
