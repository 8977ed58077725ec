/* test_registry.c - effective-dated look-ups in the sample registries
 * (registry.c) and the units expected in a period (gen.c). */
#include "unit.h"

#include "plan.h"
#include "registry.h"
#include "xmlsafe.h"

/* The bit of period id in the registry's reports= (th_workspace_open sets
 * it in the plan's periods). */
static unsigned reg_bit(const struct th_registry *r, const char *id)
{
    for (size_t i = 0; i < r->nperiod_ids; i++)
        if (strcmp(r->period_ids[i], id) == 0)
            return 1u << i;
    return 0;
}

static struct th_registry *load(const char *ws)
{
    char *p = th_asprintf("%s/input/%s/registry.xml", th_home(), ws);
    struct th_registry *r = th_registry_load(p);
    free(p);
    assert_non_null(r);
    return r;
}

/* A registry past th_registry_max_units is refused (the cap lowered here). */
static void test_unit_cap(void **state)
{
    (void)state;
    char *p = th_asprintf("%s/input/cantho/registry.xml", th_home());
    size_t saved = th_registry_max_units;
    th_registry_max_units = 3;
    struct th_registry *r = th_registry_load(p);
    th_registry_max_units = saved;
    assert_null(r);
    r = th_registry_load(p);
    assert_non_null(r);
    assert_true(r->nunits > 3);
    th_registry_free(r);
    free(p);
}

/* CS-NDTE moved from Sở Nội vụ to Sở Y tế on 1/4/2026: two records. */
static void test_moved_facility(void **state)
{
    (void)state;
    struct th_registry *r = load("cantho");
    const struct th_unit *u = th_registry_at(r, "CS-NDTE", 20260331);
    assert_non_null(u);
    assert_string_equal(u->parent, "SNV");
    assert_int_equal(u->to, 20260331);
    u = th_registry_at(r, "CS-NDTE", 20260401);
    assert_non_null(u);
    assert_string_equal(u->parent, "SYT");
    assert_int_equal(u->to, 0);
    assert_null(th_registry_at(r, "CS-NDTE", 20250630)); /* before it existed */
    /* a period overlapping both records gets the later one */
    u = th_registry_in(r, "CS-NDTE", 20251215, 20261214);
    assert_string_equal(u->parent, "SYT");
    u = th_registry_in(r, "CS-NDTE", 20251215, 20260115);
    assert_string_equal(u->parent, "SNV");
    th_registry_free(r);
}

static void test_open_and_closed(void **state)
{
    (void)state;
    struct th_registry *r = load("cantho");
    assert_string_equal(r->root, "92");
    /* closed 30/6/2026: open during the 2026 period, gone at its end */
    assert_non_null(th_registry_at(r, "SYT-TTBTXH2", 20260630));
    assert_null(th_registry_at(r, "SYT-TTBTXH2", 20260701));
    assert_non_null(th_registry_in(r, "SYT-TTBTXH2", 20251215, 20261214));
    /* closed 30/11/2025, before the 2026 data window opens */
    assert_true(th_registry_known(r, "SYT-TTDD"));
    assert_null(th_registry_in(r, "SYT-TTDD", 20251215, 20261214));
    assert_non_null(th_registry_in(r, "SYT-TTDD", 20251101, 20251214));
    /* opened 1/3/2026 */
    assert_null(th_registry_at(r, "SYT-CSTGXHST", 20260228));
    assert_non_null(th_registry_at(r, "SYT-CSTGXHST", 20260301));
    assert_false(th_registry_known(r, "31999"));
    const struct th_unit *w = th_registry_at(r, "31135", 20261214);
    assert_string_equal(w->name, "Phường Ninh Kiều");
    assert_string_equal(w->kind->code, "phuong");
    assert_true(w->kind->manages & (1u << th_body_kind_index("ubnd_xa")));
    assert_false(w->kind->manages & (1u << th_body_kind_index("trai_giam")));
    th_registry_free(r);
}

static void test_expected_units(void **state)
{
    (void)state;
    struct th_registry *r = load("cantho");
    struct th_period_def d = {.id = "annual", .reg_bit = reg_bit(r, "annual")};
    struct th_period p = {.year = 2026, .id = "annual", .def = &d, .start = 20251215, .end = 20261214};
    size_t n;
    const struct th_unit **v = th_expected_units(r, &p, &n);
    /* 103 communes and wards, 10 departments, 15 facilities open on 14/12/2026 */
    assert_int_equal(n, 128);
    int ndte = 0;
    for (size_t i = 0; i < n; i++) {
        assert_string_not_equal(v[i]->code, "92");          /* the city reports to nobody */
        assert_string_not_equal(v[i]->code, "SYT-TTBTXH2"); /* closed before the end */
        assert_string_not_equal(v[i]->code, "SYT-TTDD");
        if (strcmp(v[i]->code, "CS-NDTE") == 0) {
            ndte++;
            assert_string_equal(v[i]->parent, "SYT");
        }
    }
    assert_int_equal(ndte, 1);
    free(v);
    th_registry_free(r);
}

static void test_kiengiang(void **state)
{
    (void)state;
    struct th_registry *r = load("kiengiang");
    /* Phú Quốc became a city on 1/1/2021: same code, new name */
    assert_string_equal(th_registry_at(r, "911", 20201231)->name, "Huyện Phú Quốc");
    assert_string_equal(th_registry_at(r, "911", 20210101)->name, "Thành phố Phú Quốc");
    /* Vĩnh Lợi merged into Rạch Sỏi at the end of 2024 */
    const struct th_unit *u = th_registry_at(r, "30757", 20241231);
    assert_non_null(u);
    assert_string_equal(u->successor, "30754");
    assert_null(th_registry_at(r, "30757", 20250101));
    struct th_period_def d = {.id = "h1", .reg_bit = reg_bit(r, "h1")};
    struct th_period h1 = {.year = 2025, .id = "h1", .def = &d, .start = 20241215, .end = 20250614};
    size_t n;
    const struct th_unit **v = th_expected_units(r, &h1, &n);
    assert_int_equal(n, 63);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(v[i]->code, "30757");
    free(v);
    th_registry_free(r);
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
        cmocka_unit_test(test_moved_facility),
        cmocka_unit_test(test_unit_cap),
        cmocka_unit_test(test_open_and_closed),
        cmocka_unit_test(test_expected_units),
        cmocka_unit_test(test_kiengiang),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
