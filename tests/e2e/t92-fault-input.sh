# t92: submissions that cannot be read. As root every permission bit is
# ignored, so the unreadable inputs are a dangling symlink, a FIFO and a
# directory named like a submission; a chmod 000 file is checked too when the
# tests do not run as root. A link is N01, a FIFO N02, an unreadable file F01, each naming it;
# the other submissions are still validated and the run still writes its
# outputs (exit 1, not a crash or a hang).
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho
S=ws/submissions/2026-annual
ln -s /nonexistent/31999.xml $S/31999.xml
mkfifo $S/31998.xml
mkdir $S/31997.xml
if [ "$(id -u)" != 0 ]; then cp $S/31120.xml $S/31996.xml; chmod 000 $S/31996.xml; fi

expect_exit 1 timeout 60 "$TONGHOP" -w ws -o res validate --year 2026
expect_line out "$S/31999.xml: N01: liên kết tượng trưng (symlink), không được đọc: hãy chép chính tệp báo cáo vào thư mục"
expect_line out "$S/31998.xml: N02: không phải tệp thông thường (thư mục, FIFO, thiết bị hay socket): không được đọc"
[ "$(id -u)" = 0 ] || expect_grep out "$S/31996.xml: F01: không đọc được tệp"
# the whole pipeline goes on (the archive keeps what could be read)
expect_exit 1 timeout 60 "$TONGHOP" -w ws -o res run --year 2026
PD=res/cantho-ctxh-2026-2030/2026-annual
[ -s $PD/validation.xml ] && [ -s $PD/consolidated.xml ] || fail "outputs missing"
# validation.xml records the broken symlink as rejected, with its code
[ "$(xmllint --xpath 'string(//*[local-name()="submission"][contains(@file,"31999.xml")]/@status)' $PD/validation.xml)" = rejected ] \
  || fail "31999.xml not rejected in validation.xml"
xmllint --xpath '//*[local-name()="submission"][contains(@file,"31999.xml")]/*[@code="N01"]' $PD/validation.xml > /dev/null \
  || fail "no N01 for 31999.xml in validation.xml"

# named explicitly, the same
expect_exit 1 timeout 60 "$TONGHOP" -w ws validate $S/31999.xml $S/31998.xml
expect_grep out "2 tệp: 0 chấp nhận, 2 bị từ chối"
# inputs are never modified
[ -p $S/31998.xml ] && [ -L $S/31999.xml ] && [ -d $S/31997.xml ] || fail "an input was changed"
