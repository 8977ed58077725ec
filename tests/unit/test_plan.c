/* test_plan.c - loading both sample plans and resolving periods (data
 * cut-off of Nghị định 09/2019, deadlines), base salary, targets, reports. */
#include "unit.h"

#include "plan.h"
#include "xmlsafe.h"

static struct th_plan *load(const char *ws)
{
    char *p = th_asprintf("%s/input/%s/plan.xml", th_home(), ws);
    struct th_plan *plan = th_plan_load(p);
    free(p);
    assert_non_null(plan);
    return plan;
}

static void test_kiengiang_periods(void **state)
{
    (void)state;
    struct th_plan *p = load("kiengiang");
    assert_string_equal(p->id, "kiengiang-ctxh-2021-2030");
    struct th_period per;
    /* first half of 2025: 15/12/2024 to 14/6/2025, units report before 15 May */
    assert_true(th_plan_period(p, 2025, TH_H1, &per));
    assert_int_equal(per.start, 20241215);
    assert_int_equal(per.end, 20250614);
    assert_int_equal(per.deadline, 20250514);
    assert_string_equal(per.def->label, "6 tháng đầu năm");
    /* annual 2024: 15/12/2023 to 14/12/2024 */
    assert_true(th_plan_period(p, 2024, TH_ANNUAL, &per));
    assert_int_equal(per.start, 20231215);
    assert_int_equal(per.end, 20241214);
    assert_int_equal(per.deadline, 20241214);
    assert_int_equal(per.upward, 20241225);
    assert_true(th_plan_period(p, 2021, TH_H1, &per));
    assert_false(th_plan_period(p, 2020, TH_ANNUAL, &per));
    assert_false(th_plan_period(p, 2031, TH_H1, &per));
    const struct th_report_def *r = th_plan_report(p, 2025, TH_H1);
    assert_non_null(r);
    assert_int_equal(r->number, 187);
    assert_int_equal(r->issued, 20250618);
    th_plan_free(p);
}

static void test_cantho(void **state)
{
    (void)state;
    struct th_plan *p = load("cantho");
    struct th_period per;
    assert_true(th_plan_period(p, 2026, TH_ANNUAL, &per));
    assert_int_equal(per.start, 20251215);
    assert_int_equal(per.end, 20261214);
    assert_int_equal(per.deadline, 20261220);
    assert_int_equal(per.upward, 20261230);
    assert_false(th_plan_period(p, 2026, TH_H1, &per)); /* annual only */
    assert_false(th_plan_period(p, 2025, TH_ANNUAL, &per));
    assert_string_equal(th_report_identity(p, &per)->issuing_unit, "SYT");
    assert_string_equal(th_report_identity(p, &per)->symbol, "BC-SYT");
    assert_int_equal(p->nindicators, 5);
    assert_string_equal(p->indicators[3].num.text, "people.helped");
    /* base salary is a dated value: 2.340.000 đ from 1/7/2024 */
    assert_int_equal(th_plan_base_salary(p, 20240630), 1800000);
    assert_int_equal(th_plan_base_salary(p, 20240701), 2340000);
    assert_int_equal(th_plan_base_salary(p, 20261214), 2340000);
    assert_int_equal(th_plan_base_salary(p, 20200101), 0);
    const struct th_target *t = th_plan_target(p, &p->indicators[0], 2026);
    assert_non_null(t);
    assert_int_equal(t->op, TH_OP_GE);
    assert_true(t->value == 90);
    assert_false(t->relative);
    assert_null(th_plan_target(p, &p->indicators[0], 2031));
    const struct th_report_def *r = th_plan_report(p, 2026, TH_ANNUAL);
    assert_int_equal(r->number, 15);
    assert_int_equal(r->issued, 20261228);
    th_plan_free(p);
}

static void test_ops(void **state)
{
    (void)state;
    enum th_op op;
    assert_true(th_op_parse("le", &op));
    assert_int_equal(op, TH_OP_LE);
    assert_string_equal(th_op_symbol(op), "≤");
    assert_false(th_op_parse("<=", &op));
    assert_true(th_op_holds(TH_OP_LE, 3, 3));
    assert_false(th_op_holds(TH_OP_LT, 3, 3));
    assert_true(th_op_holds(TH_OP_GT, 75.0001, 75));
    assert_true(th_op_holds(TH_OP_NE, 1, 2));
    enum th_period_kind k;
    assert_true(th_period_parse("h1", &k));
    assert_int_equal(k, TH_H1);
    assert_false(th_period_parse("H1", &k));
    assert_string_equal(th_period_name(TH_ANNUAL), "annual");
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
        cmocka_unit_test(test_kiengiang_periods),
        cmocka_unit_test(test_cantho),
        cmocka_unit_test(test_ops),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
