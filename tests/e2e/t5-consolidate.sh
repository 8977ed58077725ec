# consolidate: roll-up equals independent sums; associativity; explicit
# zero denominators and incomplete subtrees; baseline-relative targets.
source "$TESTS_DIR/e2e/lib.sh"

# --- a synthetic province: 250 communes in 3 districts, all clean
expect_exit 0 "$TONGHOP" -q -w "$ROOT/input/kiengiang" gen --synthetic 250 --year 2024 --seed 7 --into "$T/big"
expect_exit 0 "$TONGHOP" -q -w "$T/big" -o "$T/o1" consolidate --year 2024
C=$T/o1/kiengiang-ctxh-2021-2030/2024-annual/consolidated.xml
xmllint --noout --schema "$ROOT/schemas/consolidated.xsd" "$C" || fail "consolidated.xml invalid"

# totals of the root, per field, as "field value" lines
root_totals() {
  /usr/bin/python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
doc = ET.parse(sys.argv[1]).getroot()
fields = doc.find("c:fields", ns).text.split()
root = doc.find("c:node", ns)
tot = root.find("c:totals", ns)
vals = (tot if tot is not None else root.find("c:own", ns)).text.split()
for f, v in zip(fields, vals):
    print(f, v)
PY
}
root_totals "$C" > "$T/whole"
[ "$(wc -l < "$T/whole")" = 70 ] || fail "expected 70 totals"

# independent recomputation: XPath sums over the submission files (xmllint)
files=$(ls "$T"/big/submissions/2024-annual/*.xml)
while read -r f v; do
  IFS=. read -r sec a b <<< "$f"
  if [ -n "$b" ]; then
    xp="//*[local-name()='$sec']/*[@code='$a']/*[local-name()='$b']"
  elif [ "$sec" = training ]; then
    xp="//*[local-name()='training']/*[@code='$a']"
  else
    xp="//*[local-name()='$sec']/*[local-name()='$a']"
  fi
  sum=$(for x in $files; do xmllint --xpath "sum($xp)" "$x"; echo; done |
        awk '{s += $1} END {printf "%.0f", s}')
  [ "$sum" = "$v" ] || fail "$f: consolidated $v, xpath sum $sum"
done < <(grep -E '^(people|funding|bodies\.y_te|training\.dai_hoc|children\.mo_coi)' "$T/whole")

# associativity: consolidate each district (its own report and its communes')
# separately; the parts
# plus the lead department's own report add up to the whole
mkdir -p "$T/parts"
: > "$T/sum"
for d in D0001 D0002 D0003; do
  rm -rf "$T/ws-$d"; mkdir -p "$T/ws-$d/submissions/2024-annual"
  cp "$T"/big/{registry,plan,rules}.xml "$T/ws-$d/"
  cp "$T/big/submissions/2024-annual/$d.xml" "$T/ws-$d/submissions/2024-annual/"
  for code in $(grep -o "code=\"X[0-9]*\"[^>]*parent=\"$d\"" "$T/big/registry.xml" | cut -d'"' -f2); do
    cp "$T/big/submissions/2024-annual/$code.xml" "$T/ws-$d/submissions/2024-annual/"
  done
  "$TONGHOP" -q -w "$T/ws-$d" -o "$T/out-$d" consolidate --year 2024 > /dev/null || true
  /usr/bin/python3 - "$T/out-$d/kiengiang-ctxh-2021-2030/2024-annual/consolidated.xml" "$d" >> "$T/sum" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
doc = ET.parse(sys.argv[1]).getroot()
fields = doc.find("c:fields", ns).text.split()
for n in doc.iter("{urn:tonghop:consolidated:1}node"):
    if n.get("code") == sys.argv[2]:
        for f, v in zip(fields, n.find("c:totals", ns).text.split()):
            print(f, v)
PY
done
# the lead department's own values
/usr/bin/python3 - "$C" >> "$T/sum" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
doc = ET.parse(sys.argv[1]).getroot()
fields = doc.find("c:fields", ns).text.split()
for n in doc.iter("{urn:tonghop:consolidated:1}node"):
    if n.get("code") == "SLDTBXH":
        for f, v in zip(fields, n.find("c:own", ns).text.split()):
            print(f, v)
PY
awk '{s[$1] += $2} END {for (f in s) printf "%s %.0f\n", f, s[f]}' "$T/sum" | sort > "$T/merged"
sort "$T/whole" > "$T/whole.sorted"
diff "$T/whole.sorted" "$T/merged" || fail "whole != sum of separately consolidated parts"

# --- incomplete subtree and zero denominator are said explicitly
copy_ws_empty cantho
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2026 --seed 3
rm "$T/ws/submissions/2026-annual/31135.xml"   # one ward missing
# make every service facility count zero for one ward: zero denominator at its node
/usr/bin/python3 - "$T/ws/submissions/2026-annual/31147.xml" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = re.sub(r'(<facility code="[a-z_]+">\s*<total>)\d+(</total>\s*<providing>)\d+', r'\g<1>0\g<2>0', s)
open(p, "w", encoding="utf-8").write(s)
PY
expect_exit 0 "$TONGHOP" -w "$T/ws" -o "$T/o2" consolidate --year 2026
expect_grep "$T/out" "(chưa đủ đơn vị)"
C2=$T/o2/cantho-ctxh-2026-2030/2026-annual/consolidated.xml
/usr/bin/python3 - "$C2" <<'PY' || fail "explicit statuses"
import sys, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
doc = ET.parse(sys.argv[1]).getroot()
nodes = {n.get("code"): n for n in doc.iter("{urn:tonghop:consolidated:1}node")}
assert nodes["31135"].get("own") == "missing"
root = doc.find("c:node", ns)
i1 = root.find("c:indicator[@code='I1']", ns)
assert i1.get("complete") == "false", i1.attrib
assert root.find("c:counts", ns).get("missing") == "1"
i3 = nodes["31147"].find("c:indicator[@code='I3']", ns)
assert i3.get("status") == "zero-denominator" and i3.get("value") is None and i3.get("met") == "unknown", i3.attrib
m = nodes["31135"].find("c:indicator[@code='I1']", ns)
assert m.get("status") == "no-data" and m.get("met") == "unknown"
PY

# --- baseline-relative target: Kiên Giang I4B (+30% vs 2025) takes its
# baseline from the 2025 annual consolidation in the same output directory
copy_ws_empty kiengiang
rm -rf "$T/ws/submissions"
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2025 --seed 5
expect_exit 0 "$TONGHOP" -q -w "$T/ws" gen --year 2026 --seed 5
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/kg" consolidate --year 2025
expect_exit 0 "$TONGHOP" -q -w "$T/ws" -o "$T/kg" consolidate --year 2026
/usr/bin/python3 - "$T/kg/kiengiang-ctxh-2021-2030" <<'PY' || fail "baseline"
import sys, xml.etree.ElementTree as ET
ns = {"c": "urn:tonghop:consolidated:1"}
d = sys.argv[1]
old = ET.parse(d + "/2025-annual/consolidated.xml").getroot().find("c:node", ns)
new = ET.parse(d + "/2026-annual/consolidated.xml").getroot().find("c:node", ns)
b = float(old.find("c:indicator[@code='I4B']", ns).get("value"))
i = new.find("c:indicator[@code='I4B']", ns)
assert abs(float(i.get("baseline")) - b) < 1e-6, (i.attrib, b)
v = float(i.get("value"))
assert abs(float(i.get("actualChange")) - (v - b) * 100 / b) < 1e-3
assert i.get("met") == ("yes" if (v - b) * 100 / b >= 30 else "no")
# 2025 I4: baseline stated in the plan (2020)
i4 = old.find("c:indicator[@code='I4']", ns)
assert i4.get("baselineYear") == "2020" and i4.get("baseline") is not None, i4.attrib
PY
echo ok
