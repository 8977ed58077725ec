# t67-plan-config.sh - what plan.xml names is checked when the workspace
# loads, each problem with plan.xml's line (exit 2): an agency's unit or
# kind the registry does not have, an issuer unknown or not yet open when
# its identity begins, identities that overlap or leave a day uncovered. A
# plan file written before identities, tasks and agencies still runs and
# gives the same report text.
source "$TESTS_DIR/e2e/lib.sh"

line_of() { grep -n -- "$1" "$2" | head -1 | cut -d: -f1; }
# refuse SAMPLE YEAR FILE SED: the sample with FILE edited by SED does not load (exit 2)
refuse() { copy_ws_empty "$1"; sed -i "$4" "ws/$3"; expect_exit 2 "$TONGHOP" -w ws validate --year "$2"; }

# an agency naming a unit and a kind the registry does not have
refuse cantho 2026 plan.xml 's|<agency units="STC">|<agency units="STC SXD">|; s|<agency kinds="xa phuong">|<agency kinds="xa thi_tran">|'
expect_grep "$T/err" "ws/plan.xml:$(line_of 'units="STC SXD"' ws/plan.xml): agency 'Sở Tài chính' names unit 'SXD', which is not in ws/registry.xml"
expect_grep "$T/err" "ws/plan.xml:$(line_of 'kinds="xa thi_tran"' ws/plan.xml): agency 'Ủy ban nhân dân xã, phường' names kind 'thi_tran', which ws/registry.xml does not declare"

# an issuer the registry does not know
refuse cantho 2026 plan.xml 's|<issuingBody unit="SYT"|<issuingBody unit="SYTX"|'
expect_grep "$T/err" "ws/plan.xml:$(line_of '<identity ' ws/plan.xml): issuing body unit 'SYTX' is not in ws/registry.xml"

# Sở Y tế of Kiên Giang opening a month after its identity begins
refuse kiengiang 2024 registry.xml 's|code="SYT" name="Sở Y tế" kind="so_nganh" parent="91" from="2025-03-01"|code="SYT" name="Sở Y tế" kind="so_nganh" parent="91" from="2025-04-01"|; s|to="2025-02-28" successor="SYT"|to="2025-03-31" successor="SYT"|'
expect_grep "$T/err" "ws/plan.xml:$(line_of '<identity from="2025-03-01"' ws/plan.xml): issuing body unit 'SYT' is not open on 01/03/2025, when its identity begins (ws/registry.xml)"

# identities that overlap, then a day no identity covers
refuse kiengiang 2024 plan.xml 's|<identity from="2025-03-01" to="2025-06-30">|<identity from="2025-02-20" to="2025-06-30">|'
expect_grep "$T/err" "ws/plan.xml:$(line_of '<identity from="2025-02-20"' ws/plan.xml): identity from 2025-02-20 overlaps the one at line $(line_of '<identity from="2021-01-01"' ws/plan.xml)"
refuse kiengiang 2024 plan.xml 's|<identity from="2025-07-01">|<identity from="2025-07-05">|'
expect_grep "$T/err" "ws/plan.xml:$(line_of '<identity from="2025-07-05"' ws/plan.xml): no identity covers 2025-07-01 to 2025-07-04"

# a topic under two tasks
refuse cantho 2026 plan.xml 's|<task id="8" topics="models">|<task id="8" topics="models staffing">|'
expect_grep "$T/err" "ws/plan.xml:$(line_of '<task id="8"' ws/plan.xml): topic 'staffing' is already task 3's (line $(line_of '<task id="3"' ws/plan.xml))"

# the plan file as it was before identities, tasks and agencies: the same
# header, signature and recipients; without tasks the figures go under the
# template's own topics, without agencies the body points at the appendices
copy_ws cantho
cp -r ws ws-v1
cp "$ROOT/tests/fixtures/plan/cantho-v1.xml" ws-v1/plan.xml
for w in ws ws-v1; do
  rc=0; "$TONGHOP" -q -w $w -o o-$w run --year 2026 --no-archive > /dev/null 2>&1 || rc=$?
  [ $rc = 1 ] || fail "run on $w exited $rc, expected 1 (the sample's deliberate errors)"
  pdftotext -layout o-$w/cantho-ctxh-2026-2030/2026-annual/report.pdf - 2>/dev/null > "$T/$w.txt"
done
expect_grep "$T/ws-v1.txt" "Số: 15/BC-SYT"
for w in ws ws-v1; do
  sed -n '1,4p' "$T/$w.txt" | tr -s ' ' > "$T/$w.head"
  sed -n '/^Nơi nhận:/,/Trần Văn Hòa/p' "$T/$w.txt" | tr -s ' ' > "$T/$w.sign"
done
cmp -s "$T/ws.head" "$T/ws-v1.head" || { diff "$T/ws.head" "$T/ws-v1.head"; fail "the older plan file gives another header"; }
cmp -s "$T/ws.sign" "$T/ws-v1.sign" || { diff "$T/ws.sign" "$T/ws-v1.sign"; fail "the older plan file gives another signature"; }
expect_grep "$T/ws-v1.txt" "1.1. Phân công, bố trí nhân sự làm công tác xã hội"
expect_grep "$T/ws.txt" "1.1. Chỉ đạo tham mưu ban hành và thực hiện các văn bản quy phạm"
echo ok
