# t52: a period that asks part of the fields (plan.xml <fields>): its XML
# holds only them (absent elements of fields not asked are no error, S01
# names each asked one absent), a value for a field it does not ask is U08
# on its line or cell (XML and a full XLSX form), the rules reading such a
# field are skipped and said once (terminal, validation.xml, the unit's
# feedback); an unknown period id, or a field id not in the catalogue, is
# exit 2, named.
source "$TESTS_DIR/e2e/lib.sh"

copy_ws_empty cantho
# dx-2026-08: số liệu 9 tháng of the wards and communes, five fields
sed -i 's|^\(    <period kind="annual".*\)$|\1\n    <period id="dx-2026-08" year="2026" label="đột xuất" cutoffStart="--12-15" cutoffEnd="--09-30" deadline="--10-05" upward="--10-10"><units kinds="phuong xa"/><fields>bodies.y_te.total bodies.y_te.staffed people.needing people.helped people.case_managed</fields></period>|' ws/plan.xml
grep -q 'id="dx-2026-08"' ws/plan.xml || fail "plan not edited"
D=ws/submissions/2026-dx-2026-08
mkdir -p $D
# sub UNIT BODY: a dx-2026-08 submission with BODY after its header
sub() {
  cat > "$D/$1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<submission version="1" xmlns="urn:tonghop:submission:1">
  <header>
    <unit>$1</unit>
    <year>2026</year>
    <period>dx-2026-08</period>
    <submitted>2026-10-02</submitted>
  </header>
$2
</submission>
EOF
}
Y='  <bodies>
    <kind code="y_te">
      <total>2</total>
      <staffed>1</staffed>
    </kind>
  </bodies>'
sub 31120 "$Y
  <people>
    <needing>120</needing>
    <helped>100</helped>
    <case_managed>30</case_managed>
  </people>"
sub 31135 "$Y
  <people>
    <needing>120</needing>
    <helped>100</helped>
  </people>"
sub 31147 "$Y"
sub 31150 "$Y
  <people>
    <needing>120</needing>
    <helped>100</helped>
    <case_managed>30</case_managed>
  </people>
  <activities>
    <contests>2</contests>
  </activities>"
sub 31153 "$Y
  <people>
    <needing>100</needing>
    <helped>120</helped>
    <case_managed>130</case_managed>
  </people>"

expect_exit 1 "$TONGHOP" -w ws -o res validate --year 2026 --period dx-2026-08
o=$T/out
cp $o val.out
# only the asked fields: accepted, though bodies has one kind of eight and
# workforce … funding are absent
expect_no_grep $o "$D/31120.xml"
# an asked field absent: on the line of the element it belongs in
expect_line $o "$D/31135.xml:15: S01 people.case_managed: thiếu số liệu: Được quản lý ca"
# a whole asked section absent: each of its fields, on the root's line
expect_line $o "$D/31147.xml:2: S01 people.needing: thiếu số liệu: Có nhu cầu tư vấn, hỗ trợ"
expect_line $o "$D/31147.xml:2: S01 people.helped: thiếu số liệu: Được tư vấn, hỗ trợ"
expect_line $o "$D/31147.xml:2: S01 people.case_managed: thiếu số liệu: Được quản lý ca"
# a field the period does not ask: U08 on its line, rejected
expect_line $o "$D/31150.xml:21: U08 activities.contests: kỳ báo cáo dx-2026-08 (đột xuất 2026) không yêu cầu số liệu này: Hội thi — bỏ mục này"
# rules over asked fields still run (R05 error, R06 warning) …
expect_grep $o "$D/31153.xml:17: R05 people.helped: Số người có hoàn cảnh khó khăn được tư vấn, hỗ trợ (120) lớn hơn số người có nhu cầu tư vấn, hỗ trợ (100)"
expect_grep $o "$D/31153.xml:18: R06 people.case_managed: Số người được quản lý ca (130)"
# … the others are said skipped once, not per file
expect_line $o "không áp dụng các quy tắc R01 (một số nhóm), R02, R03, R04, R07, R08, R09, R10, W02, W03: kỳ báo cáo dx-2026-08 không yêu cầu số liệu mà chúng kiểm tra (chi tiết trong validation.xml)"
[ "$(grep -c 'không áp dụng' $o)" = 1 ] || fail "the skipped rules are said more than once"
expect_line $o "5 tệp: 1 chấp nhận, 4 bị từ chối, 0 đã được thay thế, 0 trùng lặp (6 lỗi, 1 cảnh báo)"
V=res/cantho-ctxh-2026-2030/2026-dx-2026-08/validation.xml
xmllint --noout --schema "$ROOT/schemas/validation.xsd" $V 2> xmllint.err || { cat xmllint.err; fail "validation.xml does not follow validation.xsd"; }
expect_grep $V '<skippedRule code="R01">không áp dụng cho nhóm “Cơ sở trợ giúp xã hội”, “Cơ sở cai nghiện ma túy”, “Trại giam, trường giáo dưỡng”, “Cơ quan tư pháp”, “Trường học”, “UBND xã, phường”, “Cơ quan, tổ chức khác”: kỳ báo cáo dx-2026-08 không yêu cầu số liệu của các nhóm này</skippedRule>'
expect_grep $V '<skippedRule code="R02">không áp dụng: kỳ báo cáo dx-2026-08 không yêu cầu số liệu “Cơ sở trợ giúp xã hội — Có phân công, bố trí nhân sự làm công tác xã hội”</skippedRule>'
expect_grep $V '<skippedRule code="W03">không áp dụng: kỳ báo cáo dx-2026-08 không yêu cầu số liệu “Ngân sách nhà nước”</skippedRule>'
[ "$(grep -c '<skippedRule ' $V)" = 10 ] || fail "validation.xml: not one skippedRule per skipped rule"
expect_no_grep $V '<skippedRule code="R05"'

# a full annual XML for the ad hoc period: every field it does not ask is U08
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --into g
sed 's|<period>annual</period>|<period>dx-2026-08</period>|; s|<submitted>[^<]*</submitted>|<submitted>2026-10-02</submitted>|' g/31162.xml > $D/31162.xml
expect_exit 1 "$TONGHOP" -w ws validate $D/31162.xml
[ "$(grep -c ': U08 ' $T/out)" = 68 ] || { cat $T/out; fail "not one U08 for each of the 68 fields not asked"; }
line=$(grep -n '<communication>' $D/31162.xml | cut -d: -f1)
expect_line $T/out "$D/31162.xml:$line: U08 activities.communication: kỳ báo cáo dx-2026-08 (đột xuất 2026) không yêu cầu số liệu này: Hoạt động truyền thông — bỏ mục này"
expect_no_grep $T/out ": S01 "
rm $D/31162.xml

# XLSX: the annual form filled for dx-2026-08, with the asked cells only:
# the blank cells of fields not asked are no gap; a value in one is U08 on its cell
fill() { /usr/bin/python3 "$ROOT/tests/fixtures/xlsx/fill.py" "$@" || fail "fill.py $*"; }
S="'Biểu mẫu'"
expect_exit 0 "$TONGHOP" -w ws -o res forms --year 2026 --unit 31168
form=res/cantho-ctxh-2026-2030/2026-annual/forms/31168.xlsx
sed 's|31120|31168|' $D/31120.xml > part.xml
mkdir x
fill $form x/31168.xlsx --from-xml part.xml C7=text:dx-2026-08
fill $form x/31174.xlsx --from-xml part.xml C7=text:dx-2026-08 C4=text:31174 C66=3
expect_exit 1 "$TONGHOP" -w ws validate x
expect_no_grep $T/out "x/31168.xlsx"
expect_line $T/out "x/31174.xlsx: $S!C66: U08 activities.communication: kỳ báo cáo dx-2026-08 (đột xuất 2026) không yêu cầu số liệu này: Hoạt động truyền thông — để trống ô này"
expect_line $T/out "2 tệp: 1 chấp nhận, 1 bị từ chối, 0 đã được thay thế, 0 trùng lặp (1 lỗi, 0 cảnh báo)"

# nightly: the unit's feedback says once which rules the period does not run
expect_exit 1 "$TONGHOP" -w ws -o res nightly --year 2026 --period dx-2026-08 --now 2026-10-03T02:00:00
expect_line $T/out "không áp dụng các quy tắc R01 (một số nhóm), R02, R03, R04, R07, R08, R09, R10, W02, W03: kỳ báo cáo dx-2026-08 không yêu cầu số liệu mà chúng kiểm tra"
fb=res/cantho-ctxh-2026-2030/2026-dx-2026-08/feedback/31150.xlsx
/usr/bin/python3 - "$fb" > fb.txt <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Phản hồi"]
for row in ws.iter_rows(values_only=True):
    print("\t".join("" if v is None else str(v) for v in row))
EOF
expect_grep fb.txt "Không áp dụng các quy tắc R01 (một số nhóm), R02, R03, R04, R07, R08, R09, R10, W02, W03: kỳ báo cáo dx-2026-08 không yêu cầu số liệu mà chúng kiểm tra."
[ "$(grep -c 'áp dụng các quy tắc' fb.txt)" = 1 ] || fail "feedback says the skipped rules more than once"
expect_grep fb.txt "U08	Lỗi	Hội thi	kỳ báo cáo dx-2026-08 (đột xuất 2026) không yêu cầu số liệu này: Hội thi — bỏ mục này	Chỉ nhập các số liệu mà kỳ báo cáo này yêu cầu"

# the lead department's overview says it too, once, above its table
/usr/bin/python3 - res/cantho-ctxh-2026-2030/2026-dx-2026-08/overview.xlsx > ov.txt <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Tổng hợp"]
print(ws["A4"].value)
print(sum(1 for r in ws.iter_rows(values_only=True) for v in r if v and "áp dụng các quy tắc" in str(v)))
EOF
expect_line ov.txt "Không áp dụng các quy tắc R01 (một số nhóm), R02, R03, R04, R07, R08, R09, R10, W02, W03: kỳ báo cáo dx-2026-08 không yêu cầu số liệu mà chúng kiểm tra."
expect_line ov.txt "1"

# an annual submission is checked in full, as before: its rules all run
expect_exit 0 "$TONGHOP" -w ws validate g/31162.xml
expect_no_grep $T/out "không áp dụng"

# a period the plan does not declare: exit 2, named with those it declares
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2026 --period dx-2026-10
expect_grep "$T/err" "plan 'cantho-ctxh-2026-2030' has no 'dx-2026-10' period (it declares: annual, dx-2026-08, dx-2026-09)"

# gen for the period writes the asked fields only: every file accepted
expect_exit 0 "$TONGHOP" -w ws gen --year 2026 --period dx-2026-08 --into gd
expect_exit 0 "$TONGHOP" -w ws validate gd
n=$(ls gd | wc -l)
expect_line $T/out "$n tệp: $n chấp nhận, 0 bị từ chối, 0 đã được thay thế, 0 trùng lặp (0 lỗi, 0 cảnh báo)"
expect_no_grep gd/31120.xml "<contests>"

# a field id the catalogue does not have: exit 2, naming the plan's line
sed -i 's|people.case_managed</fields>|people.case_manged</fields>|' ws/plan.xml
line=$(grep -n 'people.case_manged' ws/plan.xml | cut -d: -f1)
expect_exit 2 "$TONGHOP" -w ws -o res validate --year 2026 --period dx-2026-08
expect_grep "$T/err" "ws/plan.xml:$line: period 'dx-2026-08' asks for 'people.case_manged', which is not a field of a submission (a field id as in templates/form.xml)"
exit 0
