/* test_xlsx.c - the XLSX path: cell references, dates, caps, and filled
 * forms read back equal to the same submission sent as XML. */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "entries.h"
#include "formmap.h"
#include "forms.h"
#include "gen.h"
#include "submission_read.h"
#include "submission_write.h"
#include "text.h"
#include "workspace.h"
#include "xlsx.h"
#include "xlsx_zip.h"
#include "xmlsafe.h"

static char tmpdir[] = "/tmp/test_xlsx.XXXXXX";

static struct th_workspace *cantho(struct th_period *p)
{
    char *dir = th_home_path("input", "cantho");
    struct th_workspace *ws = th_workspace_open(dir);
    free(dir);
    assert_non_null(ws);
    assert_true(th_plan_period(ws->plan, 2026, "annual", p));
    return ws;
}

static struct th_submission *generated(const struct th_unit *u, const struct th_period *p)
{
    struct th_submission *s = th_submission_new(u->code);
    s->unit = th_strdup(u->code);
    s->year = p->year;
    strcpy(s->period, p->id);
    s->submitted = th_date_add_days(p->deadline, -3);
    s->header_ok = true;
    th_gen_values(s, u, 7);
    return s;
}

/* Same header, values, texts; same diagnostics by code and field. */
static void assert_same(const struct th_submission *a, const struct th_submission *b)
{
    assert_true(a->header_ok);
    assert_true(b->header_ok);
    assert_string_equal(a->unit, b->unit);
    assert_int_equal(a->year, b->year);
    assert_string_equal(a->period, b->period);
    assert_int_equal(a->submitted, b->submitted);
    assert_string_equal(a->prepared_by, b->prepared_by);
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        assert_int_equal(a->val.present[f], b->val.present[f]);
        assert_int_equal(a->val.v[f], b->val.v[f]);
    }
    for (size_t i = 0; i < TH_NFIELDS - TH_NNUMERIC; i++)
        assert_string_equal(a->text[i] ? a->text[i] : "", b->text[i] ? b->text[i] : "");
    assert_int_equal(a->ndiags, b->ndiags);
    for (size_t i = 0; i < a->ndiags; i++) {
        assert_string_equal(a->diags[i].code, b->diags[i].code);
        assert_int_equal(a->diags[i].field, b->diags[i].field);
        assert_string_equal(a->diags[i].message, b->diags[i].message);
    }
}

static struct th_submission *via_xml(const struct th_submission *s, const char *name)
{
    char *xml = th_submission_to_xml(s);
    char *path = th_asprintf("%s/%s", tmpdir, name);
    assert_int_equal(th_write_atomic(path, xml, strlen(xml)), TH_OK);
    struct th_submission *r = th_submission_read(path, NULL);
    free(xml);
    free(path);
    return r;
}

static void test_refs(void **state)
{
    (void)state;
    int r, c;
    char out[12];
    assert_true(th_xlsx_ref_parse("C7", &r, &c));
    assert_int_equal(r, 6);
    assert_int_equal(c, 2);
    assert_true(th_xlsx_ref_parse("XFD1048576", &r, &c));
    assert_int_equal(c, 16383);
    th_xlsx_ref_format(r, c, out);
    assert_string_equal(out, "XFD1048576");
    th_xlsx_ref_format(13, 26, out);
    assert_string_equal(out, "AA14");
    assert_false(th_xlsx_ref_parse("c7", &r, &c));
    assert_false(th_xlsx_ref_parse("C0", &r, &c));
    assert_false(th_xlsx_ref_parse("XFE1", &r, &c));
    assert_false(th_xlsx_ref_parse("7C", &r, &c));
    assert_false(th_xlsx_ref_parse("C7 ", &r, &c));
}

static void test_dates(void **state)
{
    (void)state;
    th_date d;
    assert_true(th_xlsx_serial_date(45658, false, &d));
    assert_int_equal(d, 20250101);
    assert_true(th_xlsx_serial_date(45658.75, false, &d));
    assert_int_equal(d, 20250101);
    assert_true(th_xlsx_serial_date(45658 - 1462, true, &d));
    assert_int_equal(d, 20250101);
    assert_false(th_xlsx_serial_date(-1, false, &d));
    assert_false(th_xlsx_serial_date(1e9, false, &d));
}

/* Forms written by th_form_write_filled read back as the XML would. */
static void test_roundtrip(void **state)
{
    (void)state;
    struct th_period p;
    struct th_workspace *ws = cantho(&p);
    size_t n;
    const struct th_unit **units = th_expected_units(ws->reg, &p, &n);
    assert_true(n > 20);
    for (size_t i = 0; i < n; i += 9) {
        struct th_submission *s = generated(units[i], &p);
        char *path = th_asprintf("%s/%s.xlsx", tmpdir, units[i]->code);
        assert_int_equal(th_form_write_filled(s, units[i], &p, path), TH_OK);
        struct th_submission *x = th_submission_read(path, NULL), *m = via_xml(s, "same.xml");
        assert_int_equal(x->source, TH_SRC_XLSX);
        assert_string_equal(x->sheet, "Biểu mẫu");
        assert_string_equal(x->form_id, "ctxh-v1");
        th_validate(ws, x, &p, 0, NULL);
        th_validate(ws, m, &p, 0, NULL);
        assert_same(m, x);
        assert_int_equal(x->nerrors, 0);
        th_submission_free(x);
        th_submission_free(m);
        th_submission_free(s);
        free(path);
    }
    free(units);
    th_workspace_free(ws);
}

/* A period asking five fields: its form holds those, rows packed under
 * their sections (a tabular section keeps its columns), and reads back
 * with just those values, its label read as its id. */
static void test_period_form(void **state)
{
    (void)state;
    struct th_period p;
    struct th_workspace *ws = cantho(&p);
    char *fields[] = {"people.helped", "narrative.results", "bodies.khac.paid", "funding.mobilised",
                      "bodies.y_te.staffed", "no.such.field"};
    struct th_formmap *m = th_formmap_subset(th_formmap_get(), fields, 6, "dx-2026-09");
    assert_non_null(m);
    assert_string_equal(m->form_id, "ctxh-v1-dx-2026-09");
    static const struct {
        const char *id, *ref;
    } at[] = {{"bodies.y_te.staffed", "D13"}, {"bodies.khac.paid", "E14"}, {"people.helped", "C18"},
              {"funding.mobilised", "C22"},   {"narrative.results", "C26"}};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(m->field[th_field_index(at[i].id)].ref, at[i].ref);
    assert_int_equal(m->field[th_field_index("narrative.results")].col2, 4); /* C26:E26 */
    assert_false(th_formmap_has(m, th_field_index("people.needing")));
    assert_int_equal(th_formmap_at(m, 12, 3), th_field_index("bodies.y_te.staffed"));
    assert_int_equal(th_formmap_at(m, 48, 2), -1);
    assert_true(m->tabular & 1u); /* bodies */
    th_formmap_free(m);
    assert_null(th_formmap_subset(th_formmap_get(), fields + 5, 1, "dx-2026-09"));

    struct th_period_def def = *p.def;
    def.id = "dx-2026-09";
    def.label = "9 tháng";
    def.fields = fields;
    def.nfields = 5;
    p.def = &def;
    p.id = def.id;
    const struct th_unit *u = th_registry_in(ws->reg, "31186", p.start, p.end);
    struct th_submission *s = generated(u, &p);
    free(s->text[0]);
    s->text[0] = th_strdup("Đã tư vấn, hỗ trợ kịp thời");
    char *path = th_asprintf("%s/period.xlsx", tmpdir);
    assert_int_equal(th_form_write_filled(s, u, &p, path), TH_OK);
    struct th_submission *x = th_submission_read(path, NULL);
    assert_int_equal(x->nerrors, 0);
    assert_string_equal(x->form_id, "ctxh-v1-dx-2026-09");
    assert_string_equal(x->period, "dx-2026-09");
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        bool asked = th_period_asks(&def, th_fields[f].id);
        assert_int_equal(x->val.present[f], asked);
        if (asked)
            assert_int_equal(x->val.v[f], s->val.v[f]);
    }
    assert_string_equal(x->text[0], s->text[0]);
    assert_null(x->text[1]);
    assert_string_equal(x->locs[th_field_index("people.helped")].ref, "C18");
    th_submission_free(x);
    th_submission_free(s);
    free(path);
    th_workspace_free(ws);
}

/* Text typed as NFD comes out NFC. */
static void test_nfd(void **state)
{
    (void)state;
    struct th_period p;
    struct th_workspace *ws = cantho(&p);
    const struct th_unit *u = th_registry_in(ws->reg, "31186", p.start, p.end);
    assert_non_null(u);
    struct th_submission *s = generated(u, &p);
    free(s->text[1]);
    s->text[1] = th_strdup("Kho\xcc\x81 kha\xcc\x86n"); /* "Khó khăn" with combining marks */
    char *path = th_asprintf("%s/nfd.xlsx", tmpdir);
    assert_int_equal(th_form_write_filled(s, u, &p, path), TH_OK);
    struct th_submission *x = th_submission_read(path, NULL);
    assert_int_equal(x->nerrors, 0);
    assert_string_equal(x->text[1], "Khó khăn");
    th_submission_free(x);
    th_submission_free(s);
    free(path);
    th_workspace_free(ws);
}

/* A blank form filled by openpyxl from an XML submission gives the same
 * submission, field by field, and the same diagnostics. */
static void test_openpyxl(void **state)
{
    (void)state;
    struct th_period p;
    struct th_workspace *ws = cantho(&p);
    const struct th_unit *u = th_registry_in(ws->reg, "31201", p.start, p.end);
    struct th_submission *s = generated(u, &p);
    char *blank = th_asprintf("%s/blank.xlsx", tmpdir), *filled = th_asprintf("%s/openpyxl.xlsx", tmpdir);
    assert_int_equal(th_forms_write(th_formmap_get(), u, &p, NULL, blank), TH_OK);
    struct th_submission *m = via_xml(s, "31201.xml");
    char *cmd = th_asprintf("/usr/bin/python3 '%s/tests/fixtures/xlsx/fill.py' '%s' '%s' --from-xml '%s/31201.xml'",
                            th_home(), blank, filled, tmpdir);
    FILE *py = popen(cmd, "r");
    assert_non_null(py);
    assert_int_equal(pclose(py), 0);
    struct th_submission *x = th_submission_read(filled, NULL);
    th_validate(ws, x, &p, 0, NULL);
    th_validate(ws, m, &p, 0, NULL);
    assert_same(m, x);
    th_submission_free(x);
    th_submission_free(m);
    th_submission_free(s);
    free(cmd);
    free(blank);
    free(filled);
    th_workspace_free(ws);
}

static bool any_cell(const struct th_xlsx_cell *c, void *ctx)
{
    (void)c;
    (void)ctx;
    return true;
}

static void test_caps(void **state)
{
    (void)state;
    struct th_period p;
    struct th_workspace *ws = cantho(&p);
    const struct th_unit *u = th_registry_in(ws->reg, "31186", p.start, p.end);
    char *path = th_asprintf("%s/caps.xlsx", tmpdir);
    assert_int_equal(th_forms_write(th_formmap_get(), u, &p, NULL, path), TH_OK);
    char *data;
    size_t len;
    assert_int_equal(th_read_file(path, 1u << 20, &data, &len), TH_OK);
    struct th_xlsx_error err;
    struct th_xlsx_limits lim = th_xlsx_default_limits;

    struct th_xlsx *x = th_xlsx_open(data, len, &lim, &err);
    assert_non_null(x);
    assert_int_equal(th_xlsx_nsheets(x), 3);
    assert_string_equal(th_xlsx_sheet_name(x, 2), "tonghop");
    th_xlsx_free(x);

    lim.max_entries = 4;
    assert_null(th_xlsx_open(data, len, &lim, &err));
    assert_int_equal(err.status, TH_XLSX_ENTRIES);
    assert_string_equal(err.message, "tệp XLSX có quá nhiều thành phần (12, tối đa 4): không xử lý");

    lim = th_xlsx_default_limits;
    lim.max_total = 4096;
    x = th_xlsx_open(data, len, &lim, &err);
    if (x) { /* the workbook parts fit; the sheet does not */
        assert_int_equal(th_xlsx_read_sheet(x, "Biểu mẫu", any_cell, NULL, &err), TH_XLSX_BOMB);
        th_xlsx_free(x);
    }
    assert_int_equal(err.status, TH_XLSX_BOMB);
    assert_non_null(strstr(err.message, "tổng dung lượng giải nén vượt quá 4 KB"));

    lim = th_xlsx_default_limits;
    lim.max_ratio = 2;
    lim.ratio_floor = 1024;
    x = th_xlsx_open(data, len, &lim, &err);
    if (x) {
        assert_int_equal(th_xlsx_read_sheet(x, "Biểu mẫu", any_cell, NULL, &err), TH_XLSX_BOMB);
        th_xlsx_free(x);
    }
    assert_non_null(strstr(err.message, "nén với tỉ lệ hơn 2:1"));

    assert_null(th_xlsx_open(data, len / 2, NULL, &err));
    assert_int_equal(err.status, TH_XLSX_CORRUPT);
    assert_null(th_xlsx_open("hello world", 11, NULL, &err));
    assert_int_equal(err.status, TH_XLSX_NOT_ZIP);
    free(data);
    free(path);
    th_workspace_free(ws);
}

/* a zip at path with one entry name holding data[0..len) */
static void zip_bytes(const char *path, const char *name, const char *data, size_t len)
{
    zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    zip_fileinfo zi = {0};
    assert_int_equal(zipOpenNewFileInZip64(z, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6, 0), ZIP_OK);
    assert_int_equal(zipWriteInFileInZip(z, data, (unsigned)len), ZIP_OK);
    assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
    assert_int_equal(zipClose(z, NULL), ZIP_OK);
}

static void zip_one(const char *path, const char *name, const char *text)
{
    zip_bytes(path, name, text, strlen(text));
}

static void put32(char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (char)(v >> (8 * i));
}

/* The one entry of the zip in data says it inflates to usize bytes of CRC
 * crc, in its local header and in the central directory alike. */
static void zip_lie(char *data, size_t len, uint32_t usize, uint32_t crc)
{
    assert_memory_equal(data, "PK\x03\x04", 4);
    put32(data + 14, crc);
    put32(data + 22, usize);
    char *c = memmem(data, len, "PK\x01\x02", 4);
    assert_non_null(c);
    put32(c + 16, crc);
    put32(c + 24, usize);
}

static uint32_t get32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

/* A part whose zip sizes keep within the caps is inflated in one call
 * (libdeflate, raw deflated bytes); one whose sizes lie or whose CRC is
 * wrong goes the streaming way, which still refuses it with its code at
 * the cap it passes. */
static void test_inflate(void **state)
{
    (void)state;
    char *path = th_asprintf("%s/part.zip", tmpdir), *data;
    size_t len, fast0, streamed0, fast, streamed;
    struct th_xlsx_error err;
    struct th_xlsx_limits lim = th_xlsx_default_limits;
    struct th_buf text;
    th_buf_init(&text, 0);
    for (int i = 0; i < 20000; i++)
        th_buf_printf(&text, "<c r=\"C%d\"><v>%d</v></c>\n", i + 1, (i * 7919) % 100003);

    /* honest: one call, the same bytes */
    zip_bytes(path, "xl/worksheets/sheet1.xml", text.data, text.len);
    assert_int_equal(th_read_file(path, 1u << 24, &data, &len), TH_OK);
    struct th_zip *z = th_zip_open(data, len, &lim, &err);
    assert_non_null(z);
    char *out;
    size_t outlen;
    th_zip_counts(&fast0, &streamed0);
    assert_int_equal(th_zip_read(z, "xl/worksheets/sheet1.xml", &out, &outlen, &err), TH_XLSX_OK);
    th_zip_counts(&fast, &streamed);
    assert_int_equal(fast, fast0 + 1);
    assert_int_equal(streamed, streamed0);
    assert_int_equal(outlen, text.len);
    assert_memory_equal(out, text.data, text.len);
    assert_int_equal(out[outlen], '\0');
    free(out);
    th_zip_free(z);

    /* sizes that say less than the part holds: streamed, and read no
     * further than they say (minizip), so the CRC is wrong: X02 */
    uint32_t crc = get32(data + 14);
    zip_lie(data, len, 100, crc);
    z = th_zip_open(data, len, &lim, &err);
    assert_non_null(z);
    assert_int_equal(th_zip_read(z, "xl/worksheets/sheet1.xml", &out, &outlen, &err), TH_XLSX_CORRUPT);
    assert_null(out);
    assert_string_equal(err.message, "tệp XLSX bị hỏng: phần 'xl/worksheets/sheet1.xml' sai mã kiểm tra CRC");
    th_zip_counts(&fast, &streamed);
    assert_int_equal(fast, fast0 + 1);
    assert_int_equal(streamed, streamed0 + 1);
    th_zip_free(z);

    /* the right size, a wrong CRC: streamed, X02 */
    zip_lie(data, len, (uint32_t)text.len, crc ^ 1);
    z = th_zip_open(data, len, &lim, &err);
    assert_non_null(z);
    assert_int_equal(th_zip_read(z, "xl/worksheets/sheet1.xml", &out, &outlen, &err), TH_XLSX_CORRUPT);
    assert_string_equal(err.message, "tệp XLSX bị hỏng: phần 'xl/worksheets/sheet1.xml' sai mã kiểm tra CRC");
    th_zip_free(z);
    free(data);

    /* 4 MB of zeros, its sizes true: within the cap of a part but past the
     * ratio, so not inflated whole; streamed and refused at the ratio (X03) */
    size_t nz = 4u << 20;
    char *zeros = th_calloc(1, nz);
    zip_bytes(path, "xl/sharedStrings.xml", zeros, nz);
    free(zeros);
    assert_int_equal(th_read_file(path, 1u << 24, &data, &len), TH_OK);
    z = th_zip_open(data, len, &lim, &err);
    assert_non_null(z);
    th_zip_counts(&fast0, &streamed0);
    assert_int_equal(th_zip_read(z, "xl/sharedStrings.xml", &out, &outlen, &err), TH_XLSX_BOMB);
    th_zip_counts(&fast, &streamed);
    assert_int_equal(fast, fast0);
    assert_int_equal(streamed, streamed0 + 1);
    assert_string_equal(err.message, "tệp XLSX bất thường (nghi bom zip): phần 'xl/sharedStrings.xml' nén với tỉ "
                                     "lệ hơn 200:1, không xử lý");
    th_zip_free(z);

    /* ... and past the total of the archive: X03 at the total */
    lim.max_ratio = SIZE_MAX;
    lim.max_total = 1u << 20;
    z = th_zip_open(data, len, &lim, &err);
    assert_non_null(z);
    assert_int_equal(th_zip_read(z, "xl/sharedStrings.xml", &out, &outlen, &err), TH_XLSX_BOMB);
    assert_string_equal(err.message, "tệp XLSX bất thường (nghi bom zip): tổng dung lượng giải nén vượt quá 1 MB, "
                                     "không xử lý");
    th_zip_free(z);

    /* ... and within every cap: one call */
    lim.max_total = 8u << 20;
    z = th_zip_open(data, len, &lim, &err);
    assert_non_null(z);
    assert_int_equal(th_zip_read(z, "xl/sharedStrings.xml", &out, &outlen, &err), TH_XLSX_OK);
    assert_int_equal(outlen, nz);
    th_zip_counts(&fast, &streamed);
    assert_int_equal(fast, fast0 + 1);
    free(out);
    th_zip_free(z);
    free(data);
    th_buf_release(&text);
    free(path);
}

/* A workbook we wrote is renamed into place only when every part inflates
 * and every XML part ends with its root's end tag: a sheet cut short by a
 * failed temp-file write (which libxlsxwriter does not check) is refused. */
static void test_commit_checked(void **state)
{
    (void)state;
    char *dst = th_asprintf("%s/out.xlsx", tmpdir);
    struct th_temp t;
    char tmp[4096];
    struct stat st;
    static const char *const whole[] = {
        "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"x\"><sheetData><row r=\"1\"/></sheetData></worksheet>\n",
        "<sst count=\"0\"/>",
    };
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(th_temp_open(&t, dst, 0644), TH_OK);
        snprintf(tmp, sizeof tmp, "%s", t.name);
        zip_one(tmp, "xl/worksheets/sheet1.xml", whole[i]);
        assert_int_equal(th_xlsx_commit_checked(&t), TH_OK);
        assert_int_equal(stat(dst, &st), 0);
        assert_int_not_equal(stat(tmp, &st), 0);
        unlink(dst);
    }
    static const char *const cut[] = {
        "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"x\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>",
        "<worksheet><sheetData></sheetData></works",
        "<worksheet/><x>", /* not short and empty: something after the root */
        "",
    };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(th_temp_open(&t, dst, 0644), TH_OK);
        snprintf(tmp, sizeof tmp, "%s", t.name);
        zip_one(tmp, "xl/worksheets/sheet1.xml", cut[i]);
        assert_int_equal(th_xlsx_commit_checked(&t), TH_ERR_IO);
        assert_int_not_equal(stat(dst, &st), 0); /* nothing committed */
        assert_int_not_equal(stat(tmp, &st), 0); /* the temp file removed */
    }
    assert_int_equal(th_temp_open(&t, dst, 0644), TH_OK);
    FILE *f = fopen(t.name, "w");
    assert_non_null(f);
    fputs("not a zip", f);
    fclose(f);
    assert_int_equal(th_xlsx_commit_checked(&t), TH_ERR_IO);
    assert_int_not_equal(stat(dst, &st), 0);
    free(dst);
}

static int setup(void **state)
{
    (void)state;
    th_xml_init();
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    size_t n;
    char **files = th_list_entries(tmpdir, false, &n);
    for (size_t i = 0; i < n; i++)
        unlink(files[i]);
    th_strv_free(files, n);
    rmdir(tmpdir);
    th_xml_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refs),      cmocka_unit_test(test_dates),    cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_nfd),       cmocka_unit_test(test_openpyxl), cmocka_unit_test(test_caps),
        cmocka_unit_test(test_commit_checked), cmocka_unit_test(test_inflate), cmocka_unit_test(test_period_form),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
