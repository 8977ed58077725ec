#!/usr/bin/env bash
# nightly remembers, by content, that registry.xml passed registry.xsd
# (OUTDIR/schema-passes.txt): the next night does not check the same bytes
# against the schema again. Changed bytes are checked again (a schema error
# still names its line), and a memo that is not ours is started afresh.
source "${TESTS_DIR:?}/e2e/lib.sh" || exit 1

copy_ws cantho
NOW=2026-12-10T02:00:00
nightly() { "$TONGHOP" -w ws -o o nightly --year 2026 --now "$NOW"; }
M=o/schema-passes.txt
SKIP="ws/registry.xml: passed registry.xsd before with these bytes ($M): not checked against it again"
digests() { grep -cE '^[0-9a-f]{64}$' "$M"; }
eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }

# first night: checked, then remembered
expect_exit 1 nightly
expect_no_grep "$T/err" "not checked against it again"
eq "$(wc -l < "$M")" 1 "lines in the memo after the first night"
eq "$(digests)" 1 "digests in the memo after the first night"
first=$(cat "$M")

# the same bytes: not checked again, the memo as it was
expect_exit 1 nightly
expect_grep "$T/err" "$SKIP"
eq "$(cat "$M")" "$first" "the memo after a night with the same registry"

# a schema error in changed bytes is found, with its line; nothing remembered
cp ws/registry.xml registry.orig
sed -i '0,/kind="co_so"/s//kind="x a"/' ws/registry.xml
line=$(grep -n 'kind="x a"' ws/registry.xml | cut -d: -f1)
expect_exit 2 nightly
expect_grep "$T/err" "ws/registry.xml:$line: Element '{urn:tonghop:registry:1}unit', attribute 'kind': [facet 'pattern'] The value 'x a' is not accepted"
eq "$(cat "$M")" "$first" "the memo after a night with an invalid registry"

# a valid change: checked, remembered first, the old bytes still known
cp registry.orig ws/registry.xml
sed -i 's/name="Sở Y tế"/name="Sở Y tế thành phố"/' ws/registry.xml
expect_exit 1 nightly
expect_no_grep "$T/err" "not checked against it again"
eq "$(digests)" 2 "digests after a valid change"
eq "$(sed -n 2p "$M")" "$first" "the older digest, second"
cp registry.orig ws/registry.xml
expect_exit 1 nightly
expect_grep "$T/err" "$SKIP"

# not a memo of ours: checked, and the memo written afresh
echo "not a digest" > "$M"
expect_exit 1 nightly
expect_no_grep "$T/err" "not checked against it again"
eq "$(cat "$M")" "$first" "the memo rewritten"

# at most 32 digests kept, the newest first
for i in $(seq 1 40); do printf '%064d\n' "$i"; done > "$M"
expect_exit 1 nightly
eq "$(digests)" 32 "digests kept"
eq "$(head -1 "$M")" "$first" "the newest digest"
eq "$(sed -n 2p "$M")" "$(printf '%064d' 1)" "the next one"
