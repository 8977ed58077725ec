/* test_assess.c - targets in the plan's words and every verdict of a
 * period's result against them (assess.c). */
#include "unit.h"

#include <math.h>

#include "assess.h"

/* A plan of five indicators: R (ratio, ≥ 90 by 2030, milestone 70 in 2027),
 * C (count, +20 % against 2020 by 2025), N (ratio, no target at all),
 * L (count, ≤ 10 by 2030), T (ratio, target 2026-2030 only). */
static struct th_indicator inds[] = {{.code = "R"}, {.code = "C"}, {.code = "N"}, {.code = "L"}, {.code = "T"}};
static struct th_milestone r_ms[] = {{.year = 2027, .value = 70}};
static struct th_target tgs[] = {
    {.indicator = &inds[0], .from = 2026, .to = 2030, .op = TH_OP_GE, .value = 90, .milestones = r_ms, .nmilestones = 1},
    {.indicator = &inds[1], .from = 2021, .to = 2025, .op = TH_OP_GE, .relative = true, .value = 20, .baseline_year = 2020},
    {.indicator = &inds[3], .from = 2026, .to = 2030, .op = TH_OP_LE, .value = 10},
    {.indicator = &inds[4], .from = 2026, .to = 2030, .op = TH_OP_GT, .value = 75},
};
static struct th_plan plan = {.indicators = inds, .nindicators = 5, .targets = tgs, .ntargets = 4};

static struct th_period_def annual_def = {.id = "annual", .full_year = true}, h1_def = {.id = "h1"};

static struct th_period period(int year, const char *k)
{
    struct th_period p = {.year = year, .id = k, .def = strcmp(k, "h1") == 0 ? &h1_def : &annual_def};
    return p;
}

static struct th_cons_indicator ratio(const char *code, double value)
{
    struct th_cons_indicator ci = {.code = code, .value = value, .ratio = true, .status = TH_IND_OK};
    return ci;
}

static struct th_cons_indicator count(const char *code, double value)
{
    struct th_cons_indicator ci = {.code = code, .value = value, .status = TH_IND_OK,
                                   .has_baseline = true, .baseline = 5200};
    return ci;
}

/* verdict v, and its sentence is text */
static void expect(const struct th_assessment *a, enum th_verdict v, const char *text)
{
    assert_int_equal(a->v, v);
    char *s = th_verdict_text(a);
    assert_string_equal(s, text);
    free(s);
}

static void test_final_year(void **state)
{
    (void)state;
    struct th_period p = period(2030, "annual");
    struct th_cons_indicator now = ratio("R", 92.5);
    struct th_assessment a;
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_MET, "Đạt");
    assert_ptr_equal(a.t, &tgs[0]);
    assert_int_equal(a.horizon, 2030);
    assert_true(a.required == 90);
    assert_true(a.gap == 0);
    now.value = 80;
    struct th_cons_indicator prev = ratio("R", 60);
    th_assess(&plan, &p, &now, &prev, &a);
    expect(&a, TH_V_NOT_MET, "Chưa đạt"); /* the horizon: no trend to hope for */
    assert_true(fabs(a.gap - 10) < 1e-9);
    assert_true(a.has_prev && a.has_change);
    assert_true(fabs(a.change - 20) < 1e-9); /* points */
}

static void test_milestone_year(void **state)
{
    (void)state;
    struct th_period p = period(2027, "annual");
    struct th_cons_indicator now = ratio("R", 65), prev = ratio("R", 40);
    struct th_assessment a;
    th_assess(&plan, &p, &now, &prev, &a);
    /* judged against the year's milestone, not the 2030 target, and not by trend */
    expect(&a, TH_V_NOT_MET, "Chưa đạt chỉ tiêu năm 2027");
    assert_true(a.milestone);
    assert_true(a.required == 70);
    assert_true(fabs(a.gap - 5) < 1e-9);
    now.value = 72;
    th_assess(&plan, &p, &now, &prev, &a);
    expect(&a, TH_V_MET, "Đạt chỉ tiêu năm 2027");
    double v = 0;
    assert_true(th_target_milestone(&tgs[0], 2027, &v));
    assert_true(v == 70);
    assert_false(th_target_milestone(&tgs[0], 2028, &v));
    assert_false(th_target_milestone(&tgs[1], 2025, &v));
}

static void test_mid_plan(void **state)
{
    (void)state;
    struct th_assessment a;
    /* already at the 2030 level in 2028 */
    struct th_period p = period(2028, "annual");
    struct th_cons_indicator now = ratio("R", 91), prev = ratio("R", 85);
    th_assess(&plan, &p, &now, &prev, &a);
    expect(&a, TH_V_MET, "Đã đạt chỉ tiêu đến năm 2030");
    /* 2026: 70 after 60 the year before; 70 + 4 × 10 reaches 90 */
    p = period(2026, "annual");
    now = ratio("R", 70);
    prev = ratio("R", 60);
    th_assess(&plan, &p, &now, &prev, &a);
    expect(&a, TH_V_ON_TRACK, "Có khả năng đạt vào năm 2030");
    assert_false(a.milestone);
    assert_true(a.required == 90);
    /* 62 after 60: 62 + 4 × 2 = 70, short of 90 */
    now.value = 62;
    th_assess(&plan, &p, &now, &prev, &a);
    expect(&a, TH_V_BEHIND, "Khó đạt vào năm 2030 nếu không đẩy nhanh tiến độ");
    /* falling: 58 after 60 */
    now.value = 58;
    th_assess(&plan, &p, &now, &prev, &a);
    assert_int_equal(a.v, TH_V_BEHIND);
    assert_true(fabs(a.change + 2) < 1e-9);
    /* no last year: the shortfall is said, not a verdict */
    now.value = 61.6;
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_IN_PROGRESS, "Chưa đạt chỉ tiêu đến năm 2030; cần tăng thêm 28,4 điểm %");
    assert_false(a.has_prev);
    assert_false(a.has_change);
    /* last year had no value: the same */
    prev.status = TH_IND_ZERO_DEN;
    th_assess(&plan, &p, &now, &prev, &a);
    assert_int_equal(a.v, TH_V_IN_PROGRESS);
    assert_false(a.has_prev);
}

static void test_relative_count(void **state)
{
    (void)state;
    struct th_assessment a;
    /* 2025, the horizon: 5.200 × 1,2 = 6.240 needed */
    struct th_period p = period(2025, "annual");
    struct th_cons_indicator now = count("C", 6300);
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_MET, "Đạt");
    now.value = 6024;
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_NOT_MET, "Chưa đạt");
    assert_true(fabs(a.required - 6240) < 1e-6);
    assert_true(fabs(a.gap - 216) < 1e-6);
    /* 2024: 6.024 after 5.800, one more year of +224 reaches 6.248 */
    p = period(2024, "annual");
    struct th_cons_indicator prev = count("C", 5800);
    th_assess(&plan, &p, &now, &prev, &a);
    expect(&a, TH_V_ON_TRACK, "Có khả năng đạt vào năm 2025");
    assert_true(a.has_change);
    assert_true(fabs(a.change - 224.0 * 100 / 5800) < 1e-9); /* percent for a count */
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_IN_PROGRESS, "Chưa đạt chỉ tiêu đến năm 2025; cần tăng thêm 216");
    /* a count last year of 0: no percent change */
    prev.value = 0;
    th_assess(&plan, &p, &now, &prev, &a);
    assert_true(a.has_prev);
    assert_false(a.has_change);
    /* the first half of a year is never compared with a full year's level */
    p = period(2025, "h1");
    now.value = 8856;
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_YEAR_END, "Đánh giá theo số liệu cả năm");
    assert_ptr_equal(a.t, &tgs[1]);
    /* no baseline: nothing to compare with */
    p = period(2025, "annual");
    now.has_baseline = false;
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_NONE, "Chưa đánh giá");
    assert_false(a.has_required);
}

static void test_h1_ratio(void **state)
{
    (void)state;
    /* a ratio is a state, not a sum over the months: judged in the first half too */
    struct th_period p = period(2030, "h1");
    struct th_cons_indicator now = ratio("R", 95);
    struct th_assessment a;
    th_assess(&plan, &p, &now, NULL, &a);
    assert_int_equal(a.v, TH_V_MET);
}

static void test_none(void **state)
{
    (void)state;
    struct th_assessment a;
    /* no target in 2025 for R (2026-2030) */
    struct th_period p = period(2025, "annual");
    struct th_cons_indicator now = ratio("R", 95);
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_NONE, "Chưa đánh giá");
    assert_null(a.t);
    /* an indicator the plan sets no target */
    now = ratio("N", 50);
    p = period(2027, "annual");
    th_assess(&plan, &p, &now, NULL, &a);
    assert_int_equal(a.v, TH_V_NONE);
    assert_null(a.t);
    /* a code the plan does not know (an older consolidation) */
    now = ratio("X9", 50);
    th_assess(&plan, &p, &now, NULL, &a);
    assert_int_equal(a.v, TH_V_NONE);
    /* zero denominator, no data: the target is known, the verdict is not */
    now = ratio("R", 0);
    now.status = TH_IND_ZERO_DEN;
    th_assess(&plan, &p, &now, NULL, &a);
    assert_int_equal(a.v, TH_V_NONE);
    assert_ptr_equal(a.t, &tgs[0]);
    now.status = TH_IND_NO_DATA;
    struct th_cons_indicator prev = ratio("R", 60);
    th_assess(&plan, &p, &now, &prev, &a);
    assert_int_equal(a.v, TH_V_NONE);
    assert_false(a.has_prev);
}

static void test_downward(void **state)
{
    (void)state;
    struct th_assessment a;
    struct th_period p = period(2026, "annual");
    struct th_cons_indicator now = count("L", 12);
    now.has_baseline = false;
    th_assess(&plan, &p, &now, NULL, &a);
    expect(&a, TH_V_IN_PROGRESS, "Chưa đạt chỉ tiêu đến năm 2030; cần giảm thêm 2");
    assert_true(fabs(a.gap - 2) < 1e-9);
    struct th_cons_indicator prev = count("L", 15);
    th_assess(&plan, &p, &now, &prev, &a); /* 12 - 4 × 3 = 0 ≤ 10 */
    assert_int_equal(a.v, TH_V_ON_TRACK);
    now.value = 9;
    th_assess(&plan, &p, &now, NULL, &a);
    assert_int_equal(a.v, TH_V_MET);
}

static void phrase(const struct th_target *t, bool is_ratio, const char *want)
{
    char *s = th_target_phrase(t, is_ratio);
    assert_string_equal(s, want);
    free(s);
}

static void test_phrases(void **state)
{
    (void)state;
    phrase(&tgs[0], true, "đến năm 2030 đạt tối thiểu 90%");
    phrase(&tgs[1], false, "đến năm 2025 tăng tối thiểu 20% so với năm 2020");
    phrase(&tgs[3], true, "đến năm 2030 đạt trên 75%");
    struct th_target t = {.from = 2026, .to = 2030, .op = TH_OP_GE, .value = 100};
    phrase(&t, true, "đến năm 2030 đạt 100%");
    phrase(&t, false, "đến năm 2030 đạt tối thiểu 100"); /* a count of 100 */
    t.value = 1200;
    phrase(&t, false, "đến năm 2030 đạt tối thiểu 1.200");
    t.op = TH_OP_LE;
    t.value = 5.5;
    phrase(&t, true, "đến năm 2030 đạt tối đa 5,5%");
    t.op = TH_OP_LT;
    phrase(&t, true, "đến năm 2030 đạt dưới 5,5%");
    t.op = TH_OP_EQ;
    t.from = t.to = 2027;
    t.value = 12;
    phrase(&t, false, "năm 2027 đạt 12");
    t = (struct th_target){.from = 2026, .to = 2030, .op = TH_OP_GE, .relative = true, .value = 30, .baseline_year = 2025};
    phrase(&t, false, "đến năm 2030 tăng tối thiểu 30% so với năm 2025");
    char *m = th_milestone_phrase(&tgs[0], true, 2027);
    assert_string_equal(m, "năm 2027 đạt tối thiểu 70%");
    free(m);
    assert_null(th_milestone_phrase(&tgs[0], true, 2028));
}

static void test_shown_and_labels(void **state)
{
    (void)state;
    assert_true(th_indicator_shown(&plan, &inds[4], 2026));
    assert_false(th_indicator_shown(&plan, &inds[4], 2025)); /* only from 2026 */
    assert_false(th_indicator_shown(&plan, &inds[4], 2031));
    assert_true(th_indicator_shown(&plan, &inds[2], 2024));  /* no target in any year */
    assert_true(th_indicator_shown(&plan, &inds[1], 2021));
    assert_string_equal(th_verdict_label(TH_V_NONE), "Chưa đánh giá");
    assert_string_equal(th_verdict_label(TH_V_MET), "Đạt");
    assert_string_equal(th_verdict_label(TH_V_NOT_MET), "Chưa đạt");
    assert_string_equal(th_verdict_label(TH_V_ON_TRACK), "Có khả năng đạt");
    assert_string_equal(th_verdict_label(TH_V_BEHIND), "Khó đạt");
    assert_string_equal(th_verdict_label(TH_V_IN_PROGRESS), "Đang thực hiện");
    assert_string_equal(th_verdict_label(TH_V_YEAR_END), "Đánh giá cả năm");
    assert_string_equal(th_verdict_label((enum th_verdict)99), "Chưa đánh giá");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_final_year),   cmocka_unit_test(test_milestone_year),
        cmocka_unit_test(test_mid_plan),     cmocka_unit_test(test_relative_count),
        cmocka_unit_test(test_h1_ratio),     cmocka_unit_test(test_none),
        cmocka_unit_test(test_downward),     cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_shown_and_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
