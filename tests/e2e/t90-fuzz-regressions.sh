# t90: every input the fuzzers ever crashed on (tests/fixtures/fuzz/, named
# xml-*, xlsx-* or batch-* after the target that found it) is replayed, no
# crash, no sanitizer report, no leak (under make check SAN=1):
# - xml-* and xlsx-*: `tonghop validate` of the one file rejects it, and as
#   the only file of a period folder it is one <submission> of validation.xml;
# - batch-*: unpacked as fuzz_batch.c does (files' names and bytes) into a
#   period folder, validated as one batch: exit 0 or 1, validation.xml
#   well-formed with one <submission> per directory entry.
# A fixture of any other name fails the test rather than being skipped.
source "$TESTS_DIR/e2e/lib.sh"
copy_ws_empty cantho

# unpack FIXTURE DIR: the layout of tests/fuzz/fuzz_batch.c (up to 6 files:
# [name length: 1 byte][name][size: 2 bytes LE][bytes]; '/' and NUL in a
# name become '_'; "", "." and ".." get a 'u' in front; the low bit of the
# name length adds .xlsx or .xml to a name ending in neither)
unpack() {
  python3 - "$1" "$2" <<'PY'
import os, sys
data = open(sys.argv[1], 'rb').read()
out = os.fsencode(sys.argv[2])
pos, size = 0, len(data)
for _ in range(6):
    if pos >= size:
        break
    nl = min(data[pos], size - pos - 1); pos += 1
    name = bytes(0x5f if b in (0, 0x2f) else b for b in data[pos:pos + nl]); pos += nl
    if name in (b'', b'.', b'..'):
        name = b'u' + name
    if not name.endswith((b'.xml', b'.xlsx')) and len(name) < 240:
        name += b'.xlsx' if nl & 1 else b'.xml'
    n = 0
    if pos + 2 <= size:
        n = data[pos] | data[pos + 1] << 8; pos += 2
    n = min(n, size - pos)
    try:
        fd = os.open(os.path.join(out, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        os.write(fd, data[pos:pos + n]); os.close(fd)
    except OSError:
        pass  # a name the file system refuses: fuzz_batch skips it too
    pos += n
PY
}

no_sanitizer() {
  expect_no_grep err "Sanitizer"
  expect_no_grep err "runtime error"
  expect_no_grep err "LeakSanitizer"
}

# batch NAME: validate ws's 2026 period folder as one batch (exit 0 or 1),
# every entry one <submission> of a well-formed validation.xml
batch() {
  local got=0 entries subs
  "$TONGHOP" -w ws -o o validate --year 2026 > "$T/out" 2> "$T/err" || got=$?
  case $got in 0|1) ;; *) cat "$T/out" "$T/err"; fail "$1: validate exited $got" ;; esac
  no_sanitizer
  xmllint --noout o/*/2026-annual/validation.xml 2> "$T/xmllint" || { cat "$T/xmllint"; fail "$1: validation.xml not well-formed"; }
  entries=$(find ws/submissions/2026-annual -mindepth 1 -maxdepth 1 -printf . | wc -c)
  subs=$(grep -c '<submission ' o/*/2026-annual/validation.xml)
  [ "$entries" = "$subs" ] || fail "$1: $entries files in the folder, $subs in validation.xml"
  grep -q "^$entries tệp" "$T/out" || { cat "$T/out"; fail "$1: the totals line does not count $entries files"; }
}

n=0
for f in "$ROOT"/tests/fixtures/fuzz/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  rm -rf ws/submissions o in; mkdir -p in ws/submissions/2026-annual
  case $name in
    xml-* | xlsx-*)
      ext=${name%%-*}
      cp "$f" "in/$name.$ext"
      expect_exit 1 "$TONGHOP" -w ws validate "in/$name.$ext"
      expect_grep out "in/$name.$ext"
      no_sanitizer
      cp "$f" "ws/submissions/2026-annual/$name.$ext"
      batch "$name"
      ;;
    batch-*)
      unpack "$f" ws/submissions/2026-annual
      batch "$name"
      ;;
    *) fail "tests/fixtures/fuzz/$name: not named xml-*, xlsx-* or batch-*, so not replayed" ;;
  esac
  n=$((n + 1))
done
[ $n -gt 0 ] || fail "no regression inputs in tests/fixtures/fuzz"
echo "$n fuzz regression inputs replayed cleanly"

# the fuzz targets still compile against the library's headers (make fuzz
# needs clang and is not part of make check: a changed signature or a
# removed name would otherwise break them unseen)
for f in xml xlsx batch; do
  gcc -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -fsyntax-only \
    -I"$ROOT"/pipeline/base -I"$ROOT"/pipeline/model -I"$ROOT"/pipeline/read \
    -I"$ROOT"/pipeline/write -I"$ROOT"/pipeline/stage -I/usr/include/libxml2 -I/usr/include/minizip \
    "$ROOT/tests/fuzz/fuzz_$f.c" 2> fz.err || { cat fz.err; fail "tests/fuzz/fuzz_$f.c does not compile"; }
done
