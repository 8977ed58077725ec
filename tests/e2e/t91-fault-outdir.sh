# t91: the output directory cannot be written. Tests run as root in CI, where
# chmod does not stop a write, so the unwritable places are made otherwise:
# (1) an output path under a regular file (ENOTDIR: checked everywhere);
# (2) a read-only tmpfs (EROFS: checked only where mounting is allowed, and
#     said so when it is skipped). Either way: exit 3, a git-style message
#     naming the path, and nothing written anywhere.
source "$TESTS_DIR/e2e/lib.sh"
copy_ws cantho

: > blocker
expect_exit 3 "$TONGHOP" -w ws -o blocker/out run --year 2026
expect_grep err "cannot create output directory 'blocker/out/cantho-ctxh-2026-2030/2026-annual': Not a directory"
[ -f blocker ] && [ ! -s blocker ] || fail "the blocking file was changed"
for stage in validate consolidate; do
  expect_exit 3 "$TONGHOP" -w ws -o blocker/out $stage --year 2026
  expect_grep err "cannot create output directory"
done

mkdir ro
if mount -t tmpfs -o ro,size=1m tmpfs ro 2> /dev/null; then
  trap 'umount "$T/ro" 2> /dev/null; rm -rf "$T"' EXIT
  expect_exit 3 "$TONGHOP" -w ws -o ro/out run --year 2026
  expect_grep err "cannot create output directory 'ro/out/cantho-ctxh-2026-2030/2026-annual': Read-only file system"
  [ -z "$(ls -A ro)" ] || fail "something was written to the read-only mount"
  umount ro
else
  echo "skipped: read-only tmpfs (mount not permitted here); ENOTDIR case checked"
fi
