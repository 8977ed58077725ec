# Regressions found in review: overflowing numbers, a date years off, a file
# name that is not UTF-8, older identical copies, a registry parent cycle,
# a rule whose {k} is on the right only, an outlier rule on 0 -> 0.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2026 --seed 9
S=$T/ws/submissions/2026-annual

# a count far past the schema's maximum: S08 on its line, no overflow in rules
sed -i 's#<issued>[0-9]*</issued>#<issued>9223372036854775807</issued>#; s#<reissued>[0-9]*</reissued>#<reissued>9223372036854775807</reissued>#' "$S/31120.xml"
# a submission date decades away: U07, and it does not beat the correction
sed 's#<submitted>[0-9-]*</submitted>#<submitted>2062-12-10</submitted>#' "$S/31147.xml" > "$S/31147-typo.xml"
# a file name in a legacy 8-bit encoding
cp "$S/31150.xml" "$S/$(printf 'b\xe1o-c\xe1o.xml')"
# the same content sent twice earlier, then a new version
sed 's#<submitted>[0-9-]*</submitted>#<submitted>2026-11-01</submitted>#' "$S/31153.xml" > "$S/31153-a.xml"
cp "$S/31153-a.xml" "$S/31153-b.xml"
expect_exit 1 "$TONGHOP" -w "$T/ws" -o "$T/o" validate --year 2026
line=$(grep -n '<issued>' "$S/31120.xml" | cut -d: -f1)
expect_grep "$T/out" "31120.xml:$line: S08 certificates.issued: "
expect_no_grep "$T/out" "R10"
expect_grep "$T/out" "31147-typo.xml:"
expect_grep "$T/out" "U07 submitted: ngày báo cáo 10/12/2062 nằm ngoài kỳ báo cáo"
expect_no_grep "$T/out" "31147.xml: P03"
expect_grep "$T/out" "b\\xe1o-c\\xe1o.xml: F11: tên tệp không phải UTF-8"
expect_grep "$T/out" "31153-a.xml: P02: trùng lặp với 31153-b.xml"
xmllint --noout "$T/o/cantho-ctxh-2026-2030/2026-annual/validation.xml" || fail "validation.xml not well-formed"

# a parent cycle in the registry is a configuration error naming the unit
copy_ws_empty cantho
sed -i 's#code="SGDDT" \(.*\)parent="92"#code="SGDDT" \1parent="SGDDT-THPTLTT"#' "$T/ws/registry.xml"
grep -q 'code="SGDDT" .*parent="SGDDT-THPTLTT"' "$T/ws/registry.xml" || fail "could not craft the cycle"
expect_exit 2 "$TONGHOP" -w "$T/ws" validate --year 2026
expect_grep "$T/err" "form a cycle"

# {k} on the right side only still repeats the rule for every kind;
# an outlier rule does not fire when nothing changed (0 -> 0)
copy_ws_empty cantho
/usr/bin/python3 - "$T/ws/rules.xml" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = s.replace("</rules>", """  <rule code="RK" severity="error">
    <left>bodies.*.paid</left>
    <op>le</op>
    <right>bodies.{k}.paid</right>
    <message>loại {k}</message>
  </rule>
  <outlier code="WZ" severity="warning" field="certificates.revoked" maxChange="10">
    <message>đổi {left} / {right}</message>
  </outlier>
</rules>""")
open(p, "w", encoding="utf-8").write(s)
PY
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2026 --seed 4
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2027 --seed 4
sed -i 's#<revoked>[0-9]*</revoked>#<revoked>0</revoked>#' "$T"/ws/submissions/202[67]-annual/*.xml
"$TONGHOP" -w "$T/ws" -o "$T/o3" validate --year 2027 > "$T/v" 2>&1 || true
grep -q " RK " "$T/v" || fail "rule with {k} on the right never ran"
! grep -q " WZ " "$T/v" || fail "outlier fired on 0 -> 0"
echo ok
