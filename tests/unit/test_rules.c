/* test_rules.c - every rule of the sample rules.xml (R01-R10, W01-W03) on
 * hand-made values, with the three missing-value strategies (rules.c). */
#include "unit.h"

#include "rules.h"
#include "xmlsafe.h"

static struct th_rules *rules;

static int setup(void **state)
{
    (void)state;
    char *p = th_asprintf("%s/input/cantho/rules.xml", th_home());
    rules = th_rules_load(p);
    free(p);
    return rules ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    th_rules_free(rules);
    th_xml_cleanup();
    return 0;
}

/* A submission with every numeric field present and 0: no rule fires. */
static struct th_submission *zero(void)
{
    struct th_submission *s = th_submission_new("t.xml");
    for (size_t i = 0; i < TH_NNUMERIC; i++)
        s->val.present[i] = 1;
    return s;
}

static void put(struct th_submission *s, const char *id, int64_t v)
{
    int f = th_field_index(id);
    assert_true(f >= 0 && f < TH_NNUMERIC);
    s->val.v[f] = v;
    s->val.present[f] = 1;
}

static void drop(struct th_submission *s, const char *id)
{
    int f = th_field_index(id);
    s->val.v[f] = 0;
    s->val.present[f] = 0;
}

/* Apply the rules; expect exactly one diagnostic, code on field, and return it. */
static const struct th_diag *one(struct th_submission *s, const struct th_values *prev, const char *code,
                                 const char *field, enum th_severity sev)
{
    th_rules_apply(rules, s, NULL, prev);
    for (size_t i = 0; i < s->ndiags; i++)
        print_message("%s %s\n", s->diags[i].code, s->diags[i].message);
    assert_int_equal(s->ndiags, 1);
    assert_string_equal(s->diags[0].code, code);
    assert_int_equal(s->diags[0].field, th_field_index(field));
    assert_int_equal(s->diags[0].severity, sev);
    return &s->diags[0];
}

static void none(struct th_submission *s, const struct th_values *prev)
{
    th_rules_apply(rules, s, NULL, prev);
    for (size_t i = 0; i < s->ndiags; i++)
        print_message("unexpected %s %s\n", s->diags[i].code, s->diags[i].message);
    assert_int_equal(s->ndiags, 0);
}

static void test_loaded(void **state)
{
    (void)state;
    assert_int_equal(rules->n, 13);
    assert_string_equal(rules->v[0].code, "R01");
    assert_string_equal(rules->v[0].var, "k");
    assert_int_equal(rules->v[0].nvar_values, 8);
    assert_int_equal(rules->v[4].missing, TH_NEVER_SKIP);
    assert_int_equal(rules->v[7].missing, TH_SKIP_IF_ALL);
    assert_true(rules->v[10].outlier);
    struct th_submission *s = zero();
    none(s, NULL);
    th_submission_free(s);
}

static void test_r01_r02_bodies(void **state)
{
    (void)state;
    struct th_submission *s = zero();
    put(s, "bodies.y_te.total", 2);
    put(s, "bodies.y_te.staffed", 3);
    put(s, "bodies.y_te.paid", 1);
    s->locs[th_field_index("bodies.y_te.staffed")].line = 38;
    const struct th_diag *d = one(s, NULL, "R01", "bodies.y_te.staffed", TH_SEV_ERROR);
    assert_int_equal(d->loc.line, 38);
    assert_string_equal(d->message, "Số cơ quan, đơn vị có phân công, bố trí nhân sự làm công tác xã hội (3) "
                                    "lớn hơn tổng số cơ quan, đơn vị (2) ở nhóm Bệnh viện, cơ sở y tế; kiểm "
                                    "tra lại hai ô này.");
    th_submission_free(s);

    s = zero();
    put(s, "bodies.khac.total", 4);
    put(s, "bodies.khac.staffed", 2);
    put(s, "bodies.khac.paid", 3);
    one(s, NULL, "R02", "bodies.khac.paid", TH_SEV_ERROR);
    th_submission_free(s);

    /* skip-if-any: a missing side skips the rule for that kind only */
    s = zero();
    drop(s, "bodies.y_te.total");
    put(s, "bodies.y_te.staffed", 3);
    put(s, "bodies.khac.total", 1);
    put(s, "bodies.khac.staffed", 2);
    one(s, NULL, "R01", "bodies.khac.staffed", TH_SEV_ERROR);
    th_submission_free(s);
}

static void test_r03_r04_r07_groups(void **state)
{
    (void)state;
    struct th_submission *s = zero();
    put(s, "workforce.chuyen_trach.staff", 2);
    put(s, "workforce.chuyen_trach.trained", 3);
    put(s, "training.ngan_han", 3);
    const struct th_diag *d = one(s, NULL, "R03", "workforce.chuyen_trach.trained", TH_SEV_ERROR);
    assert_string_equal(d->message, "Số người được đào tạo, bồi dưỡng trong kỳ (3) lớn hơn số người làm công "
                                    "tác xã hội (2) ở nhóm Chuyên trách; kiểm tra lại hai ô này.");
    th_submission_free(s);

    s = zero();
    put(s, "services.giao_duc.total", 1);
    put(s, "services.giao_duc.providing", 2);
    d = one(s, NULL, "R04", "services.giao_duc.providing", TH_SEV_ERROR);
    assert_non_null(strstr(d->message, "(2) lớn hơn tổng số cơ sở (1) ở nhóm Cơ sở giáo dục;"));
    th_submission_free(s);

    s = zero();
    put(s, "children.hiv.total", 2);
    put(s, "children.hiv.supported", 3);
    d = one(s, NULL, "R07", "children.hiv.supported", TH_SEV_ERROR);
    assert_non_null(strstr(d->message, "(3) lớn hơn tổng số trẻ em (2) ở nhóm Nhiễm HIV/AIDS;"));
    th_submission_free(s);
}

/* R05 is missing="never": an empty cell counts as 0 and the rule still runs. */
static void test_r05_never(void **state)
{
    (void)state;
    struct th_submission *s = zero();
    put(s, "people.needing", 50);
    put(s, "people.helped", 60);
    put(s, "people.case_managed", 20);
    const struct th_diag *d = one(s, NULL, "R05", "people.helped", TH_SEV_ERROR);
    assert_non_null(strstr(d->message, "được tư vấn, hỗ trợ (60) lớn hơn số người có nhu cầu tư vấn, hỗ trợ (50);"));
    th_submission_free(s);

    s = zero();
    drop(s, "people.needing");
    put(s, "people.helped", 7);
    d = one(s, NULL, "R05", "people.helped", TH_SEV_ERROR);
    assert_non_null(strstr(d->message, "(7) lớn hơn số người có nhu cầu tư vấn, hỗ trợ (0);"));
    th_submission_free(s);

    /* both missing: 0 <= 0 holds */
    s = zero();
    drop(s, "people.needing");
    drop(s, "people.helped");
    drop(s, "people.case_managed");
    none(s, NULL);
    th_submission_free(s);
}

static void test_r06_warning(void **state)
{
    (void)state;
    struct th_submission *s = zero();
    put(s, "people.needing", 100);
    put(s, "people.helped", 83);
    put(s, "people.case_managed", 88);
    one(s, NULL, "R06", "people.case_managed", TH_SEV_WARNING);
    assert_int_equal(s->nerrors, 0);
    assert_int_equal(s->nwarnings, 1);
    th_submission_free(s);
}

/* R08 is missing="skip-if-all": sums run when any level is given (missing
 * ones count as 0) and are skipped when every term is missing. */
static void test_r08_skip_if_all(void **state)
{
    (void)state;
    struct th_submission *s = zero();
    put(s, "workforce.cong_tac_vien.staff", 10);
    put(s, "workforce.cong_tac_vien.trained", 7);
    put(s, "training.ngan_han", 20);
    put(s, "training.dai_hoc", 7);
    const struct th_diag *d = one(s, NULL, "R08", "training.trung_cap", TH_SEV_ERROR);
    assert_non_null(strstr(d->message, "theo trình độ (27) lớn hơn tổng số người làm công tác xã hội được đào tạo, "
                                       "bồi dưỡng trong kỳ (7);"));
    th_submission_free(s);

    s = zero();
    put(s, "workforce.cong_tac_vien.staff", 10);
    put(s, "workforce.cong_tac_vien.trained", 7);
    for (size_t i = 0; i < TH_NNUMERIC; i++)
        if (strncmp(th_fields[i].id, "training.", 9) == 0)
            drop(s, th_fields[i].id);
    put(s, "training.ngan_han", 9); /* the only level given */
    one(s, NULL, "R08", "training.trung_cap", TH_SEV_ERROR);
    th_submission_free(s);

    s = zero();
    for (size_t i = 0; i < TH_NNUMERIC; i++)
        if (strncmp(th_fields[i].id, "training.", 9) == 0 || strncmp(th_fields[i].id, "workforce.", 10) == 0)
            drop(s, th_fields[i].id);
    none(s, NULL); /* every term missing: skipped */
    th_submission_free(s);
}

static void test_r09_r10(void **state)
{
    (void)state;
    struct th_submission *s = zero();
    put(s, "activities.courses", 3);
    put(s, "activities.participants", 2);
    const struct th_diag *d = one(s, NULL, "R09", "activities.participants", TH_SEV_WARNING);
    assert_string_equal(d->message, "Số lượt người tham gia đào tạo, tập huấn (2) nhỏ hơn số lớp đào tạo, tập huấn "
                                    "(3); mỗi lớp phải có người tham gia, đề nghị kiểm tra lại hai ô này.");
    th_submission_free(s);

    s = zero();
    put(s, "certificates.revoked", 2);
    put(s, "certificates.issued", 1);
    d = one(s, NULL, "R10", "certificates.revoked", TH_SEV_WARNING);
    assert_non_null(strstr(d->message, "bị thu hồi (2) lớn hơn số giấy cấp mới và cấp lại trong kỳ (1);"));
    th_submission_free(s);

    /* R10 skip-if-all: issued and reissued missing still run (as 0) */
    s = zero();
    put(s, "certificates.revoked", 1);
    drop(s, "certificates.issued");
    drop(s, "certificates.reissued");
    one(s, NULL, "R10", "certificates.revoked", TH_SEV_WARNING);
    th_submission_free(s);
}

static void test_outliers(void **state)
{
    (void)state;
    struct th_values prev;
    memset(&prev, 0, sizeof prev);
    for (size_t i = 0; i < TH_NNUMERIC; i++)
        prev.present[i] = 1;
    prev.v[th_field_index("people.needing")] = 200;
    prev.v[th_field_index("people.helped")] = 110;

    /* W01: helped 110 -> 357 (+225%) */
    struct th_submission *s = zero();
    put(s, "people.needing", 400);
    put(s, "people.helped", 357);
    const struct th_diag *d = one(s, &prev, "W01", "people.helped", TH_SEV_WARNING);
    assert_string_equal(d->message, "Số người có hoàn cảnh khó khăn được tư vấn, hỗ trợ kỳ này (357) thay đổi hơn "
                                    "50% so với cùng kỳ năm trước (110); đề nghị kiểm tra lại số liệu hoặc nêu rõ "
                                    "nguyên nhân trong phần đánh giá.");
    th_submission_free(s);
    /* within 50%: quiet; no previous values: quiet */
    s = zero();
    put(s, "people.needing", 400);
    put(s, "people.helped", 160);
    none(s, &prev);
    th_submission_free(s);
    s = zero();
    put(s, "people.needing", 400);
    put(s, "people.helped", 357);
    none(s, NULL);
    th_submission_free(s);
    /* both below minValue 20: quiet however large the change */
    prev.v[th_field_index("people.helped")] = 3;
    s = zero();
    put(s, "people.needing", 40);
    put(s, "people.helped", 15);
    none(s, &prev);
    th_submission_free(s);
    prev.v[th_field_index("people.helped")] = 0;
    prev.v[th_field_index("people.needing")] = 0;

    /* W02 over the sum of staff: 10 -> 16 (+60%) */
    prev.v[th_field_index("workforce.chuyen_trach.staff")] = 4;
    prev.v[th_field_index("workforce.cong_tac_vien.staff")] = 6;
    s = zero();
    put(s, "workforce.chuyen_trach.staff", 4);
    put(s, "workforce.cong_tac_vien.staff", 12);
    d = one(s, &prev, "W02", "workforce.chuyen_trach.staff", TH_SEV_WARNING);
    assert_non_null(strstr(d->message, "kỳ này (16) thay đổi hơn 50% so với cùng kỳ năm trước (10);"));
    th_submission_free(s);
    prev.v[th_field_index("workforce.chuyen_trach.staff")] = 0;
    prev.v[th_field_index("workforce.cong_tac_vien.staff")] = 0;

    /* W03: state budget from nothing to 50 million đồng */
    s = zero();
    put(s, "funding.state_budget", 50000000);
    d = one(s, &prev, "W03", "funding.state_budget", TH_SEV_WARNING);
    assert_non_null(strstr(d->message, "kỳ này (50.000.000 đồng) thay đổi hơn 100% so với cùng kỳ năm trước (0 đồng);"));
    th_submission_free(s);
    /* a previous value missing: no comparison */
    prev.present[th_field_index("funding.state_budget")] = 0;
    s = zero();
    put(s, "funding.state_budget", 50000000);
    none(s, &prev);
    th_submission_free(s);
}

/* A period asking part of the fields: a rule (or a {k} value of it) that
 * reads a field it does not ask is not applied, and th_rule_skipped says so. */
static void test_period_fields(void **state)
{
    (void)state;
    char *asked[] = {"bodies.y_te.total", "bodies.y_te.staffed", "people.needing", "people.helped"};
    struct th_period_def d = {.id = "dx-2026-09", .fields = asked, .nfields = 4};
    struct th_submission *s = zero();
    put(s, "bodies.khac.staffed", 3);       /* R01 for khac: not asked, skipped */
    put(s, "bodies.y_te.staffed", 3);       /* R01 for y_te: asked, fires */
    put(s, "people.helped", 5);             /* R05: asked, fires */
    put(s, "workforce.cong_tac_vien.trained", 9); /* R03: not asked */
    th_rules_apply(rules, s, &d, NULL);
    assert_int_equal(s->ndiags, 2);
    assert_string_equal(s->diags[0].code, "R01");
    assert_int_equal(s->diags[0].field, th_field_index("bodies.y_te.staffed"));
    assert_string_equal(s->diags[1].code, "R05");
    th_submission_free(s);
    bool partial;
    char *why = th_rule_skipped(&rules->v[0], &d, &partial); /* R01 */
    assert_true(partial);
    assert_non_null(strstr(why, "không áp dụng cho nhóm “Cơ sở trợ giúp xã hội”, "));
    free(why);
    why = th_rule_skipped(&rules->v[5], &d, &partial); /* R06 reads people.case_managed */
    assert_false(partial);
    assert_string_equal(why, "không áp dụng: kỳ báo cáo dx-2026-09 không yêu cầu số liệu “Được quản lý ca”");
    free(why);
    assert_null(th_rule_skipped(&rules->v[4], &d, NULL)); /* R05 runs */
    assert_null(th_rule_skipped(&rules->v[0], NULL, NULL));
    why = th_rules_skipped_summary(rules, &d);
    assert_string_equal(why, "không áp dụng các quy tắc R01 (một số nhóm), R02, R03, R04, R06, R07, R08, R09, R10, "
                             "W02, W03: kỳ báo cáo dx-2026-09 không yêu cầu số liệu mà chúng kiểm tra");
    free(why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loaded),          cmocka_unit_test(test_r01_r02_bodies),
        cmocka_unit_test(test_r03_r04_r07_groups), cmocka_unit_test(test_r05_never),
        cmocka_unit_test(test_r06_warning),     cmocka_unit_test(test_r08_skip_if_all),
        cmocka_unit_test(test_r09_r10),         cmocka_unit_test(test_outliers),
        cmocka_unit_test(test_period_fields),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
