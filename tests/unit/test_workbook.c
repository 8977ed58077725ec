/* test_workbook.c - the XLSX workbook writer: sheet names, references, and
 * workbooks written from hand-made consolidations, read back with minizip:
 * totals are =SUM formulas carrying their results, identical bytes twice,
 * constant-memory mode for large runs. */
#include "unit.h"

#include <stdio.h>
#include <unistd.h>
#include <unzip.h>

#include "common.h"
#include "cons.h"
#include "fields.h"
#include "groups.h"
#include "report.h"
#include "workbook.h"

static void test_sheet_name(void **state)
{
    (void)state;
    char *s = th_wb_sheet_name("Sở, ban, ngành");
    assert_string_equal(s, "Sở, ban, ngành");
    free(s);
    s = th_wb_sheet_name("a/b:c*d?[e]\\");
    assert_string_equal(s, "a-b-c-d--e--");
    free(s);
    s = th_wb_sheet_name("'Phường' ");
    assert_string_equal(s, "Phường");
    free(s);
    s = th_wb_sheet_name("");
    assert_string_equal(s, "Sheet");
    free(s);
    /* 40 characters of which many are 2-3 bytes: cut to 31 characters */
    s = th_wb_sheet_name("Cơ sở trợ giúp xã hội thuộc các sở ngành thành phố");
    assert_string_equal(s, "Cơ sở trợ giúp xã hội thuộc các");
    free(s);
}

static void test_sheet_ref(void **state)
{
    (void)state;
    char *s = th_wb_sheet_ref("Tổng hợp");
    assert_string_equal(s, "'Tổng hợp'");
    free(s);
    s = th_wb_sheet_ref("O'Môn");
    assert_string_equal(s, "'O''Môn'");
    free(s);
}

/* ---- a consolidation made by hand ---- */

/* A string owned by the consolidation's pool, as th_consolidate shares them. */
static const char *intern(struct th_cons *c, const char *s)
{
    TH_GROW(c->pool, c->cappool, c->npool + 1);
    c->pool[c->npool] = th_strdup(s);
    return c->pool[c->npool++];
}

static struct th_cons_node *node_new(struct th_cons *c, struct th_cons_node *parent, const char *code,
                                     const char *group, enum th_own own)
{
    struct th_cons_node *n = th_calloc(1, sizeof *n);
    n->code = th_strdup(code);
    n->name = th_asprintf("Đơn vị %s", code);
    n->kind = intern(c, parent ? "xa" : "tinh");
    n->kind_label = intern(c, group);
    n->group = n->kind_label;
    n->total = th_calloc(TH_NNUMERIC, sizeof *n->total);
    n->own_total = true;
    n->depth = parent ? parent->depth + 1 : 0;
    n->level = n->depth + 1;
    n->parent = parent;
    n->expected = parent != NULL;
    n->own = own;
    if (parent)
        th_cons_add_child(parent, n);
    TH_GROW(c->nodes, c->capnodes, c->nnodes + 1);
    c->nodes[c->nnodes++] = n;
    if (own == TH_OWN_ACCEPTED) {
        struct th_values v = {0};
        memset(v.present, 1, sizeof v.present);
        th_cons_set_own(c, n, &v);
    }
    return n;
}

/* Field f of n's own values set to v (present or not). */
static void own_set(struct th_cons *c, struct th_cons_node *n, size_t f, int64_t v, bool present)
{
    struct th_values ov;
    th_cons_own_values(n, &ov);
    ov.v[f] = v;
    ov.present[f] = present;
    th_cons_set_own(c, n, &ov);
}

static void roll_up(struct th_cons_node *n)
{
    struct th_values own;
    th_cons_own_values(n, &own);
    for (size_t f = 0; f < TH_NNUMERIC; f++)
        n->total[f] = own.present[f] ? own.v[f] : 0;
    n->n_expected = n->expected;
    n->n_accepted = n->own == TH_OWN_ACCEPTED;
    n->n_missing = n->own == TH_OWN_MISSING;
    for (size_t i = 0; i < n->nchildren; i++) {
        roll_up(n->children[i]);
        for (size_t f = 0; f < TH_NNUMERIC; f++)
            n->total[f] += n->children[i]->total[f];
        n->n_expected += n->children[i]->n_expected;
        n->n_accepted += n->children[i]->n_accepted;
        n->n_missing += n->children[i]->n_missing;
    }
}

static struct th_cons *cons_new(void)
{
    struct th_cons *c = th_calloc(1, sizeof *c);
    c->plan_id = th_strdup("test-plan");
    c->generator = th_strdup("tonghop test");
    c->year = 2026;
    strcpy(c->period, "annual");
    c->start = 20251215;
    c->end = 20261214;
    c->root = node_new(c, NULL, "92", "Tỉnh", TH_OWN_NONE);
    return c;
}

/* ---- reading the written file ---- */

static char *zip_entry(const char *path, const char *name)
{
    unzFile z = unzOpen64(path);
    assert_non_null(z);
    assert_int_equal(unzLocateFile(z, name, 1), UNZ_OK);
    unz_file_info64 info;
    assert_int_equal(unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
    char *buf = th_malloc((size_t)info.uncompressed_size + 1);
    assert_int_equal(unzOpenCurrentFile(z), UNZ_OK);
    int got = unzReadCurrentFile(z, buf, (unsigned)info.uncompressed_size);
    assert_int_equal(got, (int)info.uncompressed_size);
    buf[got] = '\0';
    unzCloseCurrentFile(z);
    unzClose(z);
    return buf;
}

static bool zip_has(const char *path, const char *name)
{
    unzFile z = unzOpen64(path);
    bool ok = z && unzLocateFile(z, name, 1) == UNZ_OK;
    if (z)
        unzClose(z);
    return ok;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("'%s' not found", needle);
}

static void test_small_workbook(void **state)
{
    (void)state;
    struct th_cons *c = cons_new();
    struct th_cons_node *a = node_new(c, c->root, "31120", "Phường", TH_OWN_ACCEPTED);
    struct th_cons_node *b = node_new(c, c->root, "31135", "Phường", TH_OWN_ACCEPTED);
    node_new(c, c->root, "31231", "Xã", TH_OWN_MISSING);
    own_set(c, a, 0, 3, true);
    own_set(c, a, 1, 2, true);
    own_set(c, b, 0, 4, true);
    own_set(c, b, 1, 0, false);
    roll_up(c->root);
    c->root->nind = 1;
    c->root->ind = th_calloc(1, sizeof *c->root->ind);
    c->root->ind[0] = (struct th_cons_indicator){.code = intern(c, "I1"), .name = intern(c, "Tỷ lệ"), .ratio = true,
                                                 .num = 5, .den = 7, .status = TH_IND_OK, .value = 500.0 / 7,
                                                 .has_target = true, .op = TH_OP_GE, .target = 90,
                                                 .met = TH_MET_NO};

    char dir[] = "/tmp/th-wb-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *p1 = th_path_join(dir, "one.xlsx"), *p2 = th_path_join(dir, "two.xlsx");
    assert_int_equal(th_workbook_write(&(struct th_report_in){.c = c}, NULL, p1), TH_OK);
    assert_int_equal(th_workbook_write(&(struct th_report_in){.c = c}, NULL, p2), TH_OK);

    char *d1, *d2;
    size_t n1, n2;
    assert_int_equal(th_read_file(p1, 1u << 24, &d1, &n1), TH_OK);
    assert_int_equal(th_read_file(p2, 1u << 24, &d2, &n2), TH_OK);
    assert_int_equal(n1, n2);
    assert_memory_equal(d1, d2, n1);
    free(d1);
    free(d2);

    /* sheets: Chỉ tiêu, Tổng hợp, Chỉ tiêu theo đơn vị, Phường, Xã, ... */
    char *wbx = zip_entry(p1, "xl/workbook.xml");
    assert_contains(wbx, "name=\"Phường\" sheetId=\"4\"");
    assert_contains(wbx, "name=\"Xã\" sheetId=\"5\"");
    free(wbx);
    char *ph = zip_entry(p1, "xl/worksheets/sheet4.xml");
    assert_contains(ph, "<f>SUM(I13:I14)</f><v>7</v>");  /* field 0: 3 + 4 */
    assert_contains(ph, "<f>SUM(J13:J14)</f><v>2</v>");  /* field 1: 2 + not given */
    free(ph);
    char *tot = zip_entry(p1, "xl/worksheets/sheet2.xml");
    assert_contains(tot, "<f>'Phường'!$I$15</f><v>7</v>");
    assert_contains(tot, "<f>SUM(G10:H10)</f><v>7</v>");
    free(tot);
    char *ind = zip_entry(p1, "xl/worksheets/sheet1.xml");
    assert_contains(ind, "<f>IFERROR(D10/E10,\"\")</f><v>0.714285714285714");
    free(ind);
    assert_true(zip_has(p1, "xl/charts/chart1.xml"));
    char *core = zip_entry(p1, "docProps/core.xml");
    assert_contains(core, "2026-12-14T00:00:00Z"); /* no plan: the period's end */
    free(core);

    unlink(p1);
    unlink(p2);
    rmdir(dir);
    free(p1);
    free(p2);
    th_cons_free(c);
}

static void test_constant_memory(void **state)
{
    (void)state;
    struct th_cons *c = cons_new();
    const size_t n = 5002;
    for (size_t i = 0; i < n; i++) {
        char code[16];
        snprintf(code, sizeof code, "X%05zu", i);
        struct th_cons_node *x = node_new(c, c->root, code, "Xã", i == 7 ? TH_OWN_MISSING : TH_OWN_ACCEPTED);
        if (!x->own_values)
            continue; /* the unit that did not report has no values */
        own_set(c, x, 0, 1, true);
        own_set(c, x, TH_NNUMERIC - 1, 1000000, true);
    }
    roll_up(c->root);
    char dir[] = "/tmp/th-wb-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *p = th_path_join(dir, "big.xlsx");
    assert_int_equal(th_workbook_write(&(struct th_report_in){.c = c}, NULL, p), TH_OK);
    /* constant memory writes strings inline, not in a shared table */
    assert_false(zip_has(p, "xl/sharedStrings.xml"));
    char *xa = zip_entry(p, "xl/worksheets/sheet4.xml");
    assert_contains(xa, "t=\"inlineStr\"");
    assert_contains(xa, "<f>SUM(I13:I5014)</f><v>5001</v>");
    assert_contains(xa, "<f>SUM(BZ13:BZ5014)</f><v>5001000000</v>");
    assert_contains(xa, "<autoFilter ref=\"A12:BZ5014\"/>");
    free(xa);
    char *miss = zip_entry(p, "xl/worksheets/sheet6.xml"); /* after "Khó khăn, kiến nghị" */
    assert_contains(miss, "X00007");
    free(miss);
    unlink(p);
    rmdir(dir);
    free(p);
    th_cons_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet_name),
        cmocka_unit_test(test_sheet_ref),
        cmocka_unit_test(test_small_workbook),
        cmocka_unit_test(test_constant_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
