# nightly without --year/--period: every period of the plan open on the run's
# date (formsOut .. deadline + lateCheckDays, plan.xml; defaults 30 days
# before and 10 days after the deadline), by deadline, under one lock; the log
# names them; none open is said and exits 0.
source "$TESTS_DIR/e2e/lib.sh"

N=$T/o/cantho-ctxh-2026-2030
copy_ws cantho
# Cần Thơ's plan has no formsOut/lateCheckDays: annual deadline 20/12, so open 20/11 .. 30/12
expect_exit 1 env TONGHOP_NOW=2026-12-21T02:00:00 "$TONGHOP" -w "$T/ws" -o "$T/o" nightly
expect_grep "$T/err" "nightly cantho-ctxh-2026-2030: 1 period open on 2026-12-21: 2026 annual (until 2026-12-30)"
expect_grep "$T/err" "nightly cantho-ctxh-2026-2030 2026 annual: received time 2026-12-21T02:00:00"
[ -f "$N/2026-annual/overview.xlsx" ] || fail "no overview.xlsx for 2026 annual"
# the same outputs as naming the period
expect_exit 1 env TONGHOP_NOW=2026-12-21T02:00:00 "$TONGHOP" -w "$T/ws" -o "$T/o2" nightly --year 2026
cmp "$N/2026-annual/validation-nightly.xml" "$T/o2/cantho-ctxh-2026-2030/2026-annual/validation-nightly.xml" \
  || fail "nightly without --year differs from nightly --year 2026"

# the window's edges (2026-11-20 and 2026-12-30 in, the days beside them out)
for d in 2026-11-20 2026-12-30; do
  expect_exit 1 env TONGHOP_NOW=${d}T02:00:00 "$TONGHOP" -q -w "$T/ws" -o "$T/e$d" nightly
  [ -f "$T/e$d/cantho-ctxh-2026-2030/2026-annual/overview.xlsx" ] || fail "2026 annual not checked on $d"
done
for d in 2026-11-19 2026-12-31 2026-07-01; do
  expect_exit 0 env TONGHOP_NOW=${d}T02:00:00 "$TONGHOP" -w "$T/ws" -o "$T/e$d" nightly
  expect_grep "$T/err" "nightly cantho-ctxh-2026-2030: no period of the plan is open on $d; nothing to check"
  expect_no_grep "$T/err" "received time"
  [ ! -e "$T/e$d/cantho-ctxh-2026-2030/2026-annual" ] || fail "a period was checked on $d"
done

# the shipped service's command line, as systemd runs it (no year in it): it
# checks the open period, and a normal night with rejections is exit 1
# (SuccessExitStatus=1), not a usage error
cmd=$(sed -n 's|^ExecStart=/usr/bin/tonghop ||p' "$ROOT/contrib/tonghop-nightly.service")
[ -n "$cmd" ] || fail "no ExecStart=/usr/bin/tonghop in contrib/tonghop-nightly.service"
expect_grep "$ROOT/contrib/tonghop-nightly.service" "SuccessExitStatus=1"
expect_exit 1 env TONGHOP_NOW=2026-12-21T02:00:00 TONGHOP_WORKSPACE="$T/ws" TONGHOP_OUTPUT="$T/svc" \
  TONGHOP_NIGHTLY_ARGS= sh -c "exec \"\$0\" $cmd" "$TONGHOP"
expect_grep "$T/err" "nightly cantho-ctxh-2026-2030: 1 period open on 2026-12-21: 2026 annual (until 2026-12-30)"
cmp "$N/2026-annual/validation-nightly.xml" "$T/svc/cantho-ctxh-2026-2030/2026-annual/validation-nightly.xml" \
  || fail "the service's run differs from nightly --year 2026"

# Kiên Giang with both attributes: h1's forms go out on 1/12 of the year
# before, so on 10/12/2024 the 2024 annual (until 24/12) and the 2025 first
# half are open; checked by deadline, both under one lock.
copy_ws kiengiang
sed -i 's|deadline="--05-14" upward="--06-20"|& formsOut="--12-01" lateCheckDays="20"|;
        s|deadline="--12-14" upward="--12-25"|& formsOut="--11-15" lateCheckDays="10"|' "$T/ws/plan.xml"
grep -q 'formsOut="--12-01"' "$T/ws/plan.xml" || fail "test setup: plan.xml not edited"
K=$T/k/kiengiang-ctxh-2021-2030
expect_exit 1 env TONGHOP_NOW=2024-12-10T02:00:00 "$TONGHOP" -w "$T/ws" -o "$T/k" nightly --wait 0
expect_grep "$T/err" "nightly kiengiang-ctxh-2021-2030: 2 periods open on 2024-12-10: 2024 annual (until 2024-12-24), 2025 h1 (until 2025-06-03)"
grep -o 'nightly kiengiang-ctxh-2021-2030 20[0-9]* [a-z0-9]*: received' "$T/err" > "$T/order"
printf '%s\n' "nightly kiengiang-ctxh-2021-2030 2024 annual: received" \
              "nightly kiengiang-ctxh-2021-2030 2025 h1: received" | cmp - "$T/order" \
  || { cat "$T/order"; fail "periods not checked in deadline order"; }
for p in 2024-annual 2025-h1; do
  [ -f "$K/$p/overview.xlsx" ] || fail "no overview.xlsx for $p"
done
# one run: the record has one run row per period, from this one invocation
sqlite3 "$K/nightly.sqlite" "select count(*) from runs" > "$T/runs"
expect_line "$T/runs" 2

# another process holding the lock: exit 4, no period checked
expect_exit 0 flock -n "$K/nightly.lock" env TONGHOP_NOW=2024-12-11T02:00:00 \
  sh -c '"$0" -w "$1" -o "$2" nightly --wait 0 > "$3/out4" 2> "$3/err4"; echo $? > "$3/rc4"' "$TONGHOP" "$T/ws" "$T/k" "$T"
expect_line "$T/rc4" 4
expect_grep "$T/err4" "another nightly run holds the lock"
expect_no_grep "$T/err4" "received time"

# a bad attribute is a configuration error naming plan.xml's line
sed -i 's|lateCheckDays="10"|lateCheckDays="-3"|' "$T/ws/plan.xml"
line=$(grep -n 'lateCheckDays="-3"' "$T/ws/plan.xml" | cut -d: -f1)
expect_exit 2 env TONGHOP_NOW=2024-12-10T02:00:00 "$TONGHOP" -w "$T/ws" -o "$T/k" nightly
expect_grep "$T/err" "plan.xml:$line:"
expect_grep "$T/err" "lateCheckDays"
