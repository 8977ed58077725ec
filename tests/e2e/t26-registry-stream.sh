#!/usr/bin/env bash
# t26-registry-stream.sh - registry.xml is read as a stream (xmlTextReader)
# and validated while reading: errors still name the line a tree validator
# would (the unit of a keyref, the root for a missing child), lines past
# 65535 are right, and a file that is not well-formed reports only that.
source "$TESTS_DIR/e2e/lib.sh"

# a unit naming a kind that does not exist: the unit's line, not the end
copy_ws_empty cantho
sed -i '0,/kind="co_so"/s//kind="nokind"/' ws/registry.xml
line=$(grep -n 'kind="nokind"' ws/registry.xml | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws validate --year 2026
expect_grep "$T/err" "ws/registry.xml:$line: Element '{urn:tonghop:registry:1}unit': No match found for key-sequence ['nokind'] of keyref '{urn:tonghop:registry:1}unitKind'."

# no unit at all: the error is about the root, on the root's line
copy_ws_empty cantho
sed -i '/<unit /d' ws/registry.xml
line=$(grep -n '<registry ' ws/registry.xml | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws validate --year 2026
expect_grep "$T/err" "ws/registry.xml:$line: Element '{urn:tonghop:registry:1}registry': Missing child element(s)."

# a schema error early and a tag left open later: only the parse error
copy_ws_empty cantho
sed -i '0,/kind="co_so"/s//kind="bad kind"/' ws/registry.xml
sed -i '$d' ws/registry.xml
expect_exit 2 "$TONGHOP" -w ws validate --year 2026
expect_grep "$T/err" "Premature end of data in tag registry"
expect_no_grep "$T/err" "bad kind"

# codes are xs:token: white space around a kind or parent is not part of it
copy_ws_empty cantho
sed -i '0,/kind="co_so" parent="SYT"/s//kind=" co_so" parent="SYT "/' ws/registry.xml
grep -q 'kind=" co_so" parent="SYT "' ws/registry.xml || fail "could not add the spaces"
expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2026

# a registry of 70,000 units loads; a schema error past line 65535 names its
# true line (a tree keeps element lines in 16 bits and said 65535)
copy_ws_empty cantho
{
  sed -n '1,/<!-- Thành phố -->/p' "$ROOT/input/cantho/registry.xml"
  grep -E 'code="92"|kind="so_nganh"' "$ROOT/input/cantho/registry.xml"   # the city, its departments (plan.xml names them)
  awk 'BEGIN { for (i = 1; i <= 70000; i++)
    printf "  <unit code=\"X%05d\" name=\"Xã %d\" kind=\"xa\" parent=\"92\" from=\"2025-07-01\"/>\n", i, i }'
  echo '</registry>'
} > ws/registry.xml
expect_exit 0 "$TONGHOP" -w ws -o res validate --year 2026
sed -i 's/code="X69990" name="Xã 69990" kind="xa"/code="X69990" name="Xã 69990" kind="x a"/' ws/registry.xml
line=$(grep -n 'kind="x a"' ws/registry.xml | cut -d: -f1)
[ "$line" -gt 65535 ] || fail "the bad unit is on line $line, not past 65535"
expect_exit 2 "$TONGHOP" -w ws validate --year 2026
expect_grep "$T/err" "ws/registry.xml:$line: Element '{urn:tonghop:registry:1}unit', attribute 'kind': [facet 'pattern'] The value 'x a' is not accepted"
