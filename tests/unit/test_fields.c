/* test_fields.c - the field catalogue (fields.c) agrees with
 * schemas/submission.xsd: a generated submission holding every field parses
 * back with every catalogue id, valid against the schema. */
#include "unit.h"

#include "fields.h"
#include "gen.h"
#include "submission.h"
#include "submission_read.h"
#include "submission_write.h"
#include "xmlsafe.h"

static void test_sizes(void **state)
{
    (void)state;
    assert_int_equal(th_nfields, TH_NFIELDS);
    assert_int_equal(th_nfields, 73);
    assert_int_equal(th_nnumeric, 70);
    assert_int_equal(TH_NNUMERIC, 70);
    for (size_t i = 0; i < th_nfields; i++) {
        bool numeric = th_fields[i].type != TH_FT_TEXT;
        assert_int_equal(numeric, i < th_nnumeric); /* numeric fields come first */
        assert_int_equal(th_field_index(th_fields[i].id), (int)i);
        /* every field belongs to a known section, its id starts with it */
        bool found = false;
        for (size_t s = 0; s < th_nsections; s++)
            found |= strcmp(th_sections[s].id, th_fields[i].section) == 0;
        assert_true(found);
        assert_int_equal(strncmp(th_fields[i].id, th_fields[i].section, strlen(th_fields[i].section)), 0);
    }
    assert_int_equal(th_fields[th_field_index("funding.mobilised")].type, TH_FT_MONEY);
}

/* A department manages every kind of body but UBND xã: generate its
 * values, write them as XML, read them back. */
static void test_roundtrip_every_field(void **state)
{
    (void)state;
    struct th_kind kind = {.code = "so_nganh", .level = 2, .manages = 0xFF, .reports = 1};
    struct th_unit unit = {.code = "SYT", .name = "Sở Y tế", .kind = &kind};
    struct th_submission *g = th_submission_new("gen");
    g->unit = th_strdup("SYT");
    g->year = 2026;
    strcpy(g->period, "annual");
    g->submitted = 20261201;
    g->header_ok = true;
    th_gen_values(g, &unit, 1);
    char *xml = th_submission_to_xml(g);

    struct th_submission *s = th_submission_new("SYT.xml");
    th_submission_from_xml(s, xml, strlen(xml), NULL);
    for (size_t i = 0; i < s->ndiags; i++)
        fail_msg("unexpected diagnostic %s: %s", s->diags[i].code, s->diags[i].message);
    assert_int_equal(s->ndiags, 0);
    assert_true(s->header_ok);
    assert_string_equal(s->unit, "SYT");
    assert_int_equal(s->submitted, 20261201);
    size_t present = 0;
    for (size_t i = 0; i < TH_NNUMERIC; i++) {
        if (!s->val.present[i])
            fail_msg("field %s did not come back", th_fields[i].id);
        assert_true(s->locs[i].line > 0);
        assert_int_equal(s->val.v[i], g->val.v[i]);
        present++;
    }
    assert_int_equal(present, 70);
    for (size_t i = 0; i < TH_NFIELDS - TH_NNUMERIC; i++) {
        /* gen leaves some units' texts empty (three in five write nothing) */
        if (!g->text[i] || !*g->text[i]) {
            assert_true(!s->text[i] || !*s->text[i]);
            continue;
        }
        assert_non_null(s->text[i]);
        assert_string_equal(s->text[i], g->text[i]);
    }
    assert_string_equal(s->prepared_by, g->prepared_by);
    /* and it writes back byte for byte */
    char *again = th_submission_to_xml(s);
    assert_string_equal(again, xml);
    free(again);
    free(xml);
    th_submission_free(s);
    th_submission_free(g);
}

/* th_num_parse: the one rule for XML values and XLSX cells. */
static void test_num_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned flags;
        enum th_num want;
        int64_t value;
    } cases[] = {
        {"12", 0, TH_NUM_OK, 12},
        {"  12\t\n", 0, TH_NUM_OK, 12},
        {"+5", 0, TH_NUM_OK, 5},
        {"007", 0, TH_NUM_OK, 7},
        {"-0", 0, TH_NUM_OK, 0},
        {"999999999999", 0, TH_NUM_OK, 999999999999},
        {"1000000000000", 0, TH_NUM_TOO_LARGE, 0},
        {"99999999999999999999999999", 0, TH_NUM_TOO_LARGE, 0},
        {"", 0, TH_NUM_BLANK, 0},
        {"  ", 0, TH_NUM_BLANK, 0},
        {"-5", 0, TH_NUM_NEGATIVE, 0},
        {"-1.5", 0, TH_NUM_NEGATIVE, 0},
        {"1,5", 0, TH_NUM_FRACTION, 0},
        {"2.5", 0, TH_NUM_FRACTION, 0},
        {"3.0", 0, TH_NUM_FRACTION, 0},
        {"1.234.567.890", 0, TH_NUM_GROUPED, 0},
        {"1,234,567", 0, TH_NUM_GROUPED, 0},
        {"12 345", 0, TH_NUM_GROUPED, 0},
        {"12\xC2\xA0" "345", 0, TH_NUM_GROUPED, 0},
        {"1.234,567", 0, TH_NUM_NOT_NUMBER, 0},
        {"0x10", 0, TH_NUM_NOT_NUMBER, 0},
        {"inf", 0, TH_NUM_NOT_NUMBER, 0},
        {"nan", 0, TH_NUM_NOT_NUMBER, 0},
        {"1e5", 0, TH_NUM_NOT_NUMBER, 0},
        {"++5", 0, TH_NUM_NOT_NUMBER, 0},
        {"5 người", 0, TH_NUM_NOT_NUMBER, 0},
        /* a number cell's stored value */
        {"12", TH_NUM_CELL, TH_NUM_OK, 12},
        {"12.0", TH_NUM_CELL, TH_NUM_OK, 12},
        {"1.5E3", TH_NUM_CELL, TH_NUM_OK, 1500},
        {"1E+12", TH_NUM_CELL, TH_NUM_TOO_LARGE, 0},
        {"0.5", TH_NUM_CELL, TH_NUM_FRACTION, 0},
        {"-2", TH_NUM_CELL, TH_NUM_NEGATIVE, 0},
        {"0x10", TH_NUM_CELL, TH_NUM_NOT_NUMBER, 0},
        {"INF", TH_NUM_CELL, TH_NUM_NOT_NUMBER, 0},
        {"NaN", TH_NUM_CELL, TH_NUM_NOT_NUMBER, 0},
        {"1e", TH_NUM_CELL, TH_NUM_NOT_NUMBER, 0},
        {"1e400", TH_NUM_CELL, TH_NUM_TOO_LARGE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = -1;
        enum th_num r = th_num_parse(cases[i].text, TH_MAX_MONEY, cases[i].flags, &v);
        if (r != cases[i].want)
            fail_msg("'%s': %d, want %d", cases[i].text, (int)r, (int)cases[i].want);
        if (r == TH_NUM_OK)
            assert_int_equal(v, cases[i].value);
    }
    int64_t v;
    assert_int_equal(th_num_parse("1000000000", TH_MAX_COUNT, 0, &v), TH_NUM_TOO_LARGE);
    assert_string_equal(th_num_code(TH_NUM_GROUPED), "S02");
    assert_string_equal(th_num_code(TH_NUM_TOO_LARGE), "S08");
}

static int teardown(void **state)
{
    (void)state;
    th_xml_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_roundtrip_every_field),
        cmocka_unit_test(test_num_parse),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
