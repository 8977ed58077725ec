# make install into a DESTDIR: the installed binary finds its schemas and
# templates under PREFIX/share/tonghop with no TONGHOP_HOME, runs the sample
# pipeline to the same report bytes as the checkout, and make uninstall
# removes every file it installed.
source "$TESTS_DIR/e2e/lib.sh"

D=$T/dest
make -s -C "$ROOT" install DESTDIR="$D" PREFIX=/usr INSTALL_BIN="$TONGHOP" SAN= > "$T/make.out" 2>&1 \
  || { cat "$T/make.out"; fail "make install"; }
for f in usr/bin/tonghop usr/share/tonghop/schemas/submission.xsd usr/share/tonghop/templates/form.xml \
         usr/share/man/man1/tonghop.1 usr/share/doc/tonghop/README.md \
         usr/share/doc/tonghop/examples/tonghop.default usr/lib/sysusers.d/tonghop.conf \
         usr/lib/systemd/system/tonghop-nightly.service usr/lib/systemd/system/tonghop-nightly.timer; do
  [ -f "$D/$f" ] || fail "make install did not install /$f"
done
[ -x "$D/usr/bin/tonghop" ] || fail "installed binary not executable"
expect_grep "$D/usr/lib/systemd/system/tonghop-nightly.service" "ExecStart=/usr/bin/tonghop "
expect_line "$D/usr/lib/systemd/system/tonghop-nightly.service" "EnvironmentFile=-/etc/default/tonghop"
# the shipped units name no year and no period
! grep -qE -- '--year|--period|20[0-9][0-9]' "$D"/usr/lib/systemd/system/tonghop-nightly.* \
  || fail "the installed units name a year or period"

# --version: the program and its libraries
expect_exit 0 env -u TONGHOP_HOME "$D/usr/bin/tonghop" --version
expect_line "$T/out" "tonghop $(sed -n 's/^#define TH_VERSION "\(.*\)"/\1/p' "$ROOT/pipeline/base/common.h")"
for lib in libxml2 libxlsxwriter libharu SQLite; do
  grep -qE "^$lib [0-9]+\.[0-9]+" "$T/out" || fail "--version names no $lib version"
done
expect_exit 0 env -u TONGHOP_HOME "$D/usr/bin/tonghop" -q -V
expect_grep "$T/out" "SQLite "

# the sample pipeline from the installed paths, run from a directory with no checkout
copy_ws cantho
mkdir "$T/elsewhere" && cd "$T/elsewhere"
expect_exit 1 env -u TONGHOP_HOME "$D/usr/bin/tonghop" -q -w "$T/ws" -o "$T/inst" run --year 2026 --period annual
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/tree" run --year 2026 --period annual
P=cantho-ctxh-2026-2030/2026-annual
for f in report.pdf workbook.xlsx consolidated.xml; do
  cmp "$T/inst/$P/$f" "$T/tree/$P/$f" || fail "installed $f differs from the checkout's"
done
pdftotext "$T/inst/$P/report.pdf" - | grep -q "Cần Thơ" || fail "installed report has no text"

# TONGHOP_HOME still overrides: an empty one is a clear error, exit 2
mkdir "$T/nohome"
expect_exit 2 env TONGHOP_HOME="$T/nohome" "$D/usr/bin/tonghop" -q -w "$T/ws" -o "$T/x" validate --year 2026
expect_grep "$T/err" "TONGHOP_HOME"

make -s -C "$ROOT" uninstall DESTDIR="$D" PREFIX=/usr > "$T/make.out" 2>&1 || { cat "$T/make.out"; fail "make uninstall"; }
left=$(find "$D" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
