/* test_submission.c - reading submission XML (submission.c): schema problems
 * become one Vietnamese diagnostic each, on the right field and line; text is
 * NFC; legacy encodings and unreadable files are named. */
#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "submission.h"
#include "submission_read.h"
#include "xmlsafe.h"

static char *valid;   /* tests/fixtures/xml/valid-31237.xml */

static int setup(void **state)
{
    (void)state;
    char *p = th_asprintf("%s/tests/fixtures/xml/valid-31237.xml", th_home());
    size_t len;
    th_err e = th_read_file(p, 1u << 20, &valid, &len);
    free(p);
    return e == TH_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(valid);
    th_xml_cleanup();
    return 0;
}

/* valid with the first occurrence of from replaced by to. Caller frees. */
static char *edit(const char *base, const char *from, const char *to)
{
    const char *at = strstr(base, from);
    assert_non_null(at);
    return th_asprintf("%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
}

/* valid without everything from the first `from` to the end of the next `to`. */
static char *cut(const char *base, const char *from, const char *to)
{
    const char *a = strstr(base, from);
    assert_non_null(a);
    const char *b = strstr(a, to);
    assert_non_null(b);
    return th_asprintf("%.*s%s", (int)(a - base), base, b + strlen(to));
}

static struct th_submission *parse(const char *xml)
{
    struct th_submission *s = th_submission_new("x.xml");
    th_submission_from_xml(s, xml, strlen(xml), NULL);
    return s;
}

/* Parse valid edited once; expect exactly one diagnostic and return its line. */
static void expect_one(const char *from, const char *to, const char *line)
{
    char *xml = edit(valid, from, to);
    struct th_submission *s = parse(xml);
    for (size_t i = 0; i < s->ndiags; i++) {
        char *l = th_diag_format(s, &s->diags[i]);
        print_message("%s\n", l);
        free(l);
    }
    assert_int_equal(s->ndiags, 1);
    char *got = th_diag_format(s, &s->diags[0]);
    assert_string_equal(got, line);
    assert_int_equal(s->status, TH_ST_ACCEPTED); /* status is decided by th_validate/read */
    free(got);
    th_submission_free(s);
    free(xml);
}

static void test_valid(void **state)
{
    (void)state;
    struct th_submission *s = parse(valid);
    assert_int_equal(s->ndiags, 0);
    assert_true(s->header_ok);
    assert_string_equal(s->unit, "31237");
    assert_int_equal(s->year, 2026);
    assert_string_equal(s->period, "annual");
    assert_int_equal(s->locs[TH_HDR_UNIT].line, 4);
    th_submission_free(s);
}

static void test_missing_fields(void **state)
{
    (void)state;
    /* the last child of a group, a middle one, a header item, a whole section */
    expect_one("<case_managed>20</case_managed>", "", "x.xml:96: S01 people.case_managed: thiếu số liệu: Được quản lý ca");
    expect_one("<staffed>0</staffed>", "",
               "x.xml:14: S01 bodies.tro_giup_xa_hoi.staffed: thiếu số liệu: Cơ sở trợ giúp xã hội — Có phân công, "
               "bố trí nhân sự làm công tác xã hội");
    expect_one("<unit>31237</unit>", "", "x.xml:5: S01 unit: thiếu số liệu: mã đơn vị");
    char *xml = cut(valid, "<certificates>", "</certificates>");
    struct th_submission *s = parse(xml);
    assert_int_equal(s->ndiags, 1);
    char *line = th_diag_format(s, &s->diags[0]);
    assert_string_equal(line, "x.xml:74: S01: thiếu mục \"Giấy chứng nhận đăng ký hành nghề công tác xã hội\"");
    free(line);
    th_submission_free(s);
    free(xml);
}

static void test_bad_values(void **state)
{
    (void)state;
    expect_one("<helped>", "<helped>khoảng ",
               "x.xml:98: S02 people.helped: Được tư vấn, hỗ trợ: giá trị “khoảng 127” không phải là số — phải là số "
               "nguyên ≥ 0");
    expect_one("<needing>", "<needing>-",
               "x.xml:97: S03 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “-133” là số âm — phải là số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>12.5",
               "x.xml:97: S04 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “12.5” không phải số nguyên — phải là "
               "số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>1.250.000",
               "x.xml:97: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “1.250.000” có dấu phân cách hàng "
               "nghìn: bỏ các dấu phân cách, ghi liền các chữ số (1250000) — phải là số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>1250000000",
               "x.xml:97: S08 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “1250000000” quá lớn (tối đa "
               "999.999.999) — phải là số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>1,234,567",
               "x.xml:97: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “1,234,567” có dấu phân cách hàng "
               "nghìn: bỏ các dấu phân cách, ghi liền các chữ số (1234567) — phải là số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>0x10",
               "x.xml:97: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “0x10” không phải là số — phải là "
               "số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>inf",
               "x.xml:97: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “inf” không phải là số — phải là "
               "số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>1e3",
               "x.xml:97: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “1e3” không phải là số — phải là "
               "số nguyên ≥ 0");
    expect_one("<state_budget>52000000", "<state_budget>1000000000000",
               "x.xml:137: S08 funding.state_budget: Ngân sách nhà nước: giá trị “1000000000000” quá lớn (tối đa "
               "999.999.999.999) — phải là số nguyên ≥ 0");
    /* a value with an apostrophe or a quote in it is quoted right */
    expect_one("<needing>133", "<needing>5'",
               "x.xml:97: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “5'” không phải là số — phải là "
               "số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>\"12\"",
               "x.xml:97: S02 people.needing: Có nhu cầu tư vấn, hỗ trợ: giá trị “\"12\"” không phải là số — phải là "
               "số nguyên ≥ 0");
    expect_one("<needing>133", "<needing>", "x.xml:97: S01 people.needing: thiếu số liệu: Có nhu cầu tư vấn, hỗ trợ (ô để trống)");
    expect_one("<helped>127", "<helped><b>1</b>27",
               "x.xml:98: S02 people.helped: Được tư vấn, hỗ trợ: chỉ được ghi một giá trị, không được chứa mục con");
    expect_one("<submitted>2026-12-01", "<submitted>01/12/2026",
               "x.xml:7: S02 submitted: ngày báo cáo “01/12/2026” không hợp lệ (dạng NNNN-TT-NN)");
    expect_one("<period>annual", "<period>Nam", "x.xml:6: S02 period: kỳ báo cáo “Nam” không hợp lệ (mã kỳ báo cáo của kế hoạch, ví dụ annual, h1)");
    expect_one("<year>2026", "<year>hai nghìn", "x.xml:5: S02 year: năm báo cáo “hai nghìn” không hợp lệ");
}

/* The edges that read as numbers: a leading '+', white space, the cap. */
static void test_number_edges(void **state)
{
    (void)state;
    char *xml = edit(valid, "<needing>133", "<needing> +133 ");
    char *x2 = edit(xml, "<state_budget>52000000", "<state_budget>999999999999");
    struct th_submission *s = parse(x2);
    assert_int_equal(s->nerrors, 0);
    int f = th_field_index("people.needing"), g = th_field_index("funding.state_budget");
    assert_int_equal(s->val.v[f], 133);
    assert_int_equal(s->val.v[g], 999999999999LL);
    th_submission_free(s);
    free(x2);
    free(xml);
}

static void test_structure(void **state)
{
    (void)state;
    expect_one("</case_managed>", "</case_managed><ghi_chu>x</ghi_chu>",
               "x.xml:99: S05: mục <ghi_chu> không có trong biểu mẫu, không được phép ở đây");
    expect_one("<kind code=\"y_te\">", "<kind code=\"benh_vien\">",
               "x.xml:36: S05: mã loại “benh_vien” không có trong danh mục");
    expect_one("<kind code=\"y_te\">", "<kind>", "x.xml:36: S05: mục <kind> thiếu thuộc tính code (mã loại)");
    expect_one("<kind code=\"y_te\">", "<kind code=\"y_te\" note=\"x\">",
               "x.xml:36: S05: thuộc tính “note” không được phép trong mục <kind>");
    expect_one("<kind code=\"y_te\">", "<kind code=\"khac\">", "x.xml:46: S07: loại “khac” được khai báo hai lần");
    expect_one("<people>", "<people>chữ",
               "x.xml:96: S05: mục \"Người có hoàn cảnh khó khăn\" chỉ chứa các mục con, không được ghi chữ trực tiếp");
    expect_one("<needing>133</needing>\n    <helped>127</helped>", "<helped>127</helped>\n    <needing>133</needing>",
               "x.xml:97: S05: mục <helped> không đúng thứ tự: <needing> phải đứng trước");
    expect_one("xmlns=\"urn:tonghop:submission:1\"", "xmlns=\"urn:other\"",
               "x.xml: S06: không phải biểu báo cáo tonghop: phần tử gốc phải là <submission> trong không gian tên "
               "urn:tonghop:submission:1");
}

static void test_text(void **state)
{
    (void)state;
    /* NFD narrative is accepted and stored as NFC */
    char *xml = edit(valid, "Đội ngũ làm công tác", "\xc4\x90o\xcc\xa3\xcc\x82i ngu\xcc\x83 la\xcc\x80m co\xcc\x82ng ta\xcc\x81" "c");
    struct th_submission *s = parse(xml);
    assert_int_equal(s->ndiags, 0);
    assert_string_equal(s->text[1], "Đội ngũ làm công tác xã hội còn kiêm nhiệm, chưa được đào tạo chuyên sâu.");
    th_submission_free(s);
    free(xml);
    /* legacy encodings are named, on their field and line */
    expect_one("Đội ngũ làm công tác xã hội còn kiêm nhiệm, chưa được đào tạo chuyên sâu.",
               "§éi ngò lµm c«ng t¸c x· héi cßn kiªm nhiÖm, ch\u00ada ®\u00adîc ®µo t¹o chuyªn s©u.",
               "x.xml:142: E01 narrative.difficulties: văn bản gõ bằng bảng mã cũ TCVN3 (không phải Unicode): chuyển "
               "sang Unicode (ví dụ bằng Unikey) rồi nộp lại");
    expect_one("Đề nghị tiếp tục tổ chức tập huấn kỹ năng công tác xã hội cho cơ sở.",
               "Ñeà nghò tieáp tuïc toå chöùc taäp huaán kyõ naêng coâng taùc xaõ hoäi cho cô sôû.",
               "x.xml:143: E01 narrative.proposals: văn bản gõ bằng bảng mã cũ VNI (không phải Unicode): chuyển sang "
               "Unicode (ví dụ bằng Unikey) rồi nộp lại");
}

static void test_read_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/th-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct th_submission *s = th_submission_read(dir, NULL);
    char *line = th_diag_format(s, &s->diags[0]);
    assert_string_equal(strstr(line, ": N02"), ": N02: không phải tệp thông thường (thư mục, FIFO, thiết bị hay socket): không được đọc");
    assert_int_equal(s->status, TH_ST_REJECTED);
    assert_string_equal(s->sha256, "");
    free(line);
    th_submission_free(s);

    char *missing = th_asprintf("%s/none.xml", dir);
    s = th_submission_read(missing, NULL);
    line = th_diag_format(s, &s->diags[0]);
    assert_non_null(strstr(line, "none.xml: F01: không đọc được tệp: tệp không tồn tại (hoặc là liên kết hỏng)"));
    free(line);
    th_submission_free(s);

    /* a valid file is read, hashed and accepted */
    th_write_atomic(missing, valid, strlen(valid));
    s = th_submission_read(missing, NULL);
    assert_int_equal(s->ndiags, 0);
    assert_int_equal(s->status, TH_ST_ACCEPTED);
    assert_int_equal(strlen(s->sha256), 64);
    th_submission_free(s);
    remove(missing);
    free(missing);
    rmdir(dir);
}

static void test_diag_format(void **state)
{
    (void)state;
    struct th_submission *s = th_submission_new("a/b.xlsx");
    s->sheet = th_strdup("Biểu mẫu");
    int f = th_field_index("people.helped");
    snprintf(s->locs[f].ref, sizeof s->locs[f].ref, "D14");
    th_submission_diag(s, TH_SEV_ERROR, "S03", f, "giá trị '%d' là số âm", -3);
    th_submission_diag(s, TH_SEV_WARNING, "P02", -1, "trùng lặp");
    char *a = th_diag_format(s, &s->diags[0]), *b = th_diag_format(s, &s->diags[1]);
    assert_string_equal(a, "a/b.xlsx: 'Biểu mẫu'!D14: S03 people.helped: giá trị '-3' là số âm");
    assert_string_equal(b, "a/b.xlsx: P02: trùng lặp");
    assert_int_equal(s->nerrors, 1);
    assert_int_equal(s->nwarnings, 1);
    assert_string_equal(th_status_label(TH_ST_SUPERSEDED), "Đã được thay thế");
    free(a);
    free(b);
    th_submission_free(s);
}

/* A plan whose period dx asks people.* only: the file of that period is
 * checked against the schema with every element optional, S01 naming each
 * asked field absent; the annual file is read against the full schema. */
static void test_period_fields(void **state)
{
    (void)state;
    char *asked[] = {"people.needing", "people.helped", "people.case_managed"};
    struct th_period_def d = {.id = "dx", .fields = asked, .nfields = 3};
    struct th_plan plan = {.periods = &d, .nperiods = 1};
    /* the whole file with period dx: nothing missing, values kept */
    char *xml = edit(valid, "<period>annual</period>", "<period>dx</period>");
    struct th_submission *s = th_submission_new("x.xml");
    th_submission_from_xml(s, xml, strlen(xml), &plan);
    assert_int_equal(s->ndiags, 0);
    assert_true(s->val.present[th_field_index("funding.mobilised")]); /* U08 is th_validate's */
    th_submission_free(s);
    /* bodies … services cut, case_managed cut: one S01, on <people>'s line */
    char *part = cut(xml, "<bodies>", "</services>");
    char *part2 = cut(part, "<case_managed>", "</case_managed>");
    s = th_submission_new("x.xml");
    th_submission_from_xml(s, part2, strlen(part2), &plan);
    assert_int_equal(s->ndiags, 1);
    char *got = th_diag_format(s, &s->diags[0]);
    int line = 1;
    for (const char *p = part2; p < strstr(part2, "<people>"); p++)
        line += *p == '\n';
    char *want = th_asprintf("x.xml:%d: S01 people.case_managed: thiếu số liệu: Được quản lý ca", line);
    assert_string_equal(got, want);
    free(got);
    free(want);
    th_submission_free(s);
    /* the same cut file for the annual period: the full schema's S01 */
    char *annual = edit(part2, "<period>dx</period>", "<period>annual</period>");
    s = th_submission_new("x.xml");
    th_submission_from_xml(s, annual, strlen(annual), &plan);
    assert_true(s->ndiags >= 1);
    assert_string_equal(s->diags[0].code, "S01");
    assert_non_null(strstr(s->diags[0].message, "thiếu mục"));
    th_submission_free(s);
    free(annual);
    free(part2);
    free(part);
    free(xml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),      cmocka_unit_test(test_missing_fields),
        cmocka_unit_test(test_bad_values), cmocka_unit_test(test_structure),
        cmocka_unit_test(test_number_edges),
        cmocka_unit_test(test_text),       cmocka_unit_test(test_read_files),
        cmocka_unit_test(test_diag_format), cmocka_unit_test(test_period_fields),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
