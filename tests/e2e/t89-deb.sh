# make deb: dpkg-buildpackage -us -uc -b on a copy of the tree, products
# beside it (build/deb/ by default), the tree left as it was. dpkg -x into a
# scratch root: the FHS files, the runtime Depends, the timer and service
# installed but not enabled, the sysusers.d tonghop user, /var/lib/tonghop;
# the installed binary (no TONGHOP_HOME) prints --version and runs the
# sample pipeline to the checkout's bytes; lintian, when installed, finds no
# error.
source "$TESTS_DIR/e2e/lib.sh"

for c in dpkg-buildpackage dh dpkg-deb; do
  if ! command -v $c > /dev/null; then
    echo "skipped: '$c' is not installed (make deps installs dpkg-dev and debhelper); t89 did not run"
    exit 0
  fi
done

before=$(git -C "$ROOT" status --porcelain 2>/dev/null)
env -u SAN make -s -C "$ROOT" deb DEB_DIR="$T/deb" > "$T/deb.out" 2>&1 || { tail -40 "$T/deb.out"; fail "make deb"; }
[ "$(git -C "$ROOT" status --porcelain 2>/dev/null)" = "$before" ] || fail "make deb changed the tree: $(git -C "$ROOT" status --porcelain)"
V=$(sed -n 's/^#define TH_VERSION "\(.*\)"/\1/p' "$ROOT/pipeline/base/common.h")
deb=$(ls "$T"/deb/tonghop_"$V"_*.deb 2>/dev/null)
[ -f "$deb" ] || { ls "$T/deb"; fail "no tonghop_${V}_*.deb from make deb (debian/changelog and TH_VERSION must agree)"; }

# control: the libraries from shlibs, the fonts and the ICC profile by name
dpkg-deb -f "$deb" Depends > "$T/depends"
for d in fonts-liberation2 colord-data libxml2 libxlsxwriter libhpdf libsqlite3 libunistring libminizip; do
  expect_grep "$T/depends" "$d"
done

R=$T/root
dpkg -x "$deb" "$R"
for f in usr/bin/tonghop usr/share/tonghop/schemas/submission.xsd usr/share/tonghop/templates/form.xml \
         usr/share/man/man1/tonghop.1.gz usr/share/doc/tonghop/copyright etc/default/tonghop \
         lib/systemd/system/tonghop-nightly.service lib/systemd/system/tonghop-nightly.timer \
         usr/lib/sysusers.d/tonghop.conf; do
  [ -f "$R/$f" ] || fail "the package has no /$f"
done
[ -d "$R/var/lib/tonghop" ] || fail "the package has no /var/lib/tonghop"
grep -qE '^u tonghop ' "$R/usr/lib/sysusers.d/tonghop.conf" || fail "sysusers.d file makes no tonghop user"
expect_grep "$R/lib/systemd/system/tonghop-nightly.service" "ExecStart=/usr/bin/tonghop "
expect_line "$R/lib/systemd/system/tonghop-nightly.service" "User=tonghop"
! grep -qE -- '--year|--period' "$R/lib/systemd/system/tonghop-nightly.service" || fail "the packaged service names a period"
dpkg-deb -e "$deb" "$T/ctl"
expect_line "$T/ctl/conffiles" "/etc/default/tonghop"
# the user is made at configure time; the timer is neither enabled nor started
expect_grep "$T/ctl/postinst" "systemd-sysusers"
expect_grep "$T/ctl/postinst" "deb-systemd-helper debian-installed 'tonghop-nightly.timer'"
expect_no_grep "$T/ctl/postinst" "deb-systemd-invoke"
MANWIDTH=80 man -l "$R/usr/share/man/man1/tonghop.1.gz" > "$T/man" 2>&1 || fail "man -l the packaged page"
expect_line "$T/man" "EXIT STATUS"

# the installed binary finds /usr/share/tonghop from its own path
expect_exit 0 env -u TONGHOP_HOME "$R/usr/bin/tonghop" --version
expect_line "$T/out" "tonghop $V"
copy_ws cantho
mkdir "$T/elsewhere" && cd "$T/elsewhere"
expect_exit 1 env -u TONGHOP_HOME "$R/usr/bin/tonghop" -q -w "$T/ws" -o "$T/pkg" run --year 2026 --period annual
expect_exit 1 "$TONGHOP" -q -w "$T/ws" -o "$T/tree" run --year 2026 --period annual
P=cantho-ctxh-2026-2030/2026-annual
for f in validation.xml consolidated.xml report.pdf workbook.xlsx; do
  cmp "$T/pkg/$P/$f" "$T/tree/$P/$f" || fail "the packaged binary's $f differs from the checkout's"
done
pdftotext "$T/pkg/$P/report.pdf" - | grep -q "Cần Thơ" || fail "the packaged binary's report has no text"
# and nightly as the packaged service runs it, with no period named
expect_exit 1 env -u TONGHOP_HOME TONGHOP_NOW=2026-12-21T02:00:00 "$R/usr/bin/tonghop" -w "$T/ws" -o "$T/n" nightly
expect_grep "$T/err" "1 period open on 2026-12-21: 2026 annual"

if command -v lintian > /dev/null; then
  lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs "$deb" > "$T/lintian" 2>&1 \
    || { cat "$T/lintian"; fail "lintian reports errors"; }
else
  echo "note: lintian is not installed; the package was not linted"
fi
