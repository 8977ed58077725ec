/* test_expr.c - sums of field patterns (expr.c) and the pattern matcher of
 * the field catalogue (fields.c). */
#include "unit.h"

#include "common.h"
#include "expr.h"
#include "fields.h"
#include "submission.h"

static void put(struct th_values *v, const char *id, int64_t x)
{
    int f = th_field_index(id);
    assert_true(f >= 0 && f < TH_NNUMERIC);
    v->v[f] = x;
    v->present[f] = 1;
}

static void test_field_match(void **state)
{
    (void)state;
    assert_true(th_field_match("bodies.*.staffed", "bodies.y_te.staffed"));
    assert_true(th_field_match("bodies.*.*", "bodies.y_te.paid"));
    assert_true(th_field_match("training.*", "training.dai_hoc"));
    assert_false(th_field_match("training.*", "bodies.y_te.paid"));
    assert_false(th_field_match("bodies.*", "bodies.y_te.paid"));   /* one segment only */
    assert_false(th_field_match("people.help", "people.helped"));
    assert_true(th_field_match("people.helped", "people.helped"));
    assert_int_equal(th_field_index("people.helped"), 47);
    assert_int_equal(th_field_index("people.nothing"), -1);
}

static void test_parse(void **state)
{
    (void)state;
    struct th_expr e;
    const char *bad = NULL;
    assert_true(th_expr_parse("  bodies.*.staffed +\n  bodies.*.paid ", &e, &bad));
    assert_int_equal(e.nterms, 2);
    assert_string_equal(e.terms[0], "bodies.*.staffed");
    assert_string_equal(e.terms[1], "bodies.*.paid");
    assert_string_equal(e.text, "bodies.*.staffed + bodies.*.paid");
    assert_null(th_expr_var(&e));
    th_expr_release(&e);

    assert_false(th_expr_parse("people.helped + people.halped", &e, &bad));
    assert_string_equal(bad, "people.halped");
    th_expr_release(&e);
    assert_false(th_expr_parse("   ", &e, &bad));
    th_expr_release(&e);
}

static void test_eval(void **state)
{
    (void)state;
    struct th_values v;
    memset(&v, 0, sizeof v);
    put(&v, "bodies.y_te.staffed", 3);
    put(&v, "bodies.khac.staffed", 4);
    put(&v, "bodies.khac.paid", 2);
    struct th_expr e;
    assert_true(th_expr_parse("bodies.*.staffed + bodies.khac.paid", &e, NULL));
    size_t np, nm;
    assert_int_equal(th_expr_eval(&e, &v, NULL, NULL, &np, &nm), 9);
    assert_int_equal(np, 3);
    assert_int_equal(nm, 6); /* the six other kinds' staffed; khac.paid is present */
    assert_int_equal(th_expr_first_field(&e, NULL, NULL), th_field_index("bodies.tro_giup_xa_hoi.staffed"));
    th_expr_release(&e);
}

/* A sum past int64 is refused (th_expr_sum) and saturates, never wraps. */
static void test_overflow(void **state)
{
    (void)state;
    struct th_values v;
    memset(&v, 0, sizeof v);
    put(&v, "funding.state_budget", INT64_MAX - 1);
    put(&v, "funding.mobilised", 2);
    struct th_expr e;
    assert_true(th_expr_parse("funding.*", &e, NULL));
    int64_t sum = 0;
    assert_false(th_expr_sum(&e, &v, NULL, NULL, &sum, NULL, NULL));
    assert_true(sum == INT64_MAX);
    assert_true(th_expr_eval(&e, &v, NULL, NULL, NULL, NULL) == INT64_MAX);
    th_expr_release(&e);
    put(&v, "funding.state_budget", 999999999999LL);
    assert_true(th_expr_parse("funding.*", &e, NULL));
    assert_true(th_expr_sum(&e, &v, NULL, NULL, &sum, NULL, NULL));
    assert_true(sum == 1000000000001LL);
    th_expr_release(&e);
}

/* An expression is a flat sum of at most TH_EXPR_MAX_TERMS terms and
 * TH_EXPR_MAX_CHARS characters. */
static void test_sizes(void **state)
{
    (void)state;
    struct th_buf b;
    th_buf_init(&b, 0);
    for (int i = 0; i < TH_EXPR_MAX_TERMS; i++)
        th_buf_printf(&b, "%speople.helped", i ? "+" : "");
    struct th_expr e;
    const char *bad = "x";
    assert_true(th_expr_parse(b.data, &e, &bad));
    th_expr_release(&e);
    th_buf_puts(&b, "+people.helped");
    assert_false(th_expr_parse(b.data, &e, &bad));
    assert_null(bad);
    th_expr_release(&e);
    char *longer = th_asprintf("people.helped %*s+ people.needing", TH_EXPR_MAX_CHARS, "");
    assert_false(th_expr_parse(longer, &e, &bad));
    assert_null(bad);
    th_expr_release(&e);
    free(longer);
    th_buf_release(&b);
}

static void test_variable(void **state)
{
    (void)state;
    struct th_expr e;
    assert_true(th_expr_parse("bodies.{k}.staffed", &e, NULL));
    char *var = th_expr_var(&e);
    assert_string_equal(var, "k");
    size_t n;
    char **vals = th_expr_var_values(&e, var, &n);
    assert_int_equal(n, 8);
    assert_string_equal(vals[0], "tro_giup_xa_hoi");
    assert_string_equal(vals[5], "y_te");
    assert_string_equal(vals[7], "khac");

    struct th_values v;
    memset(&v, 0, sizeof v);
    put(&v, "bodies.y_te.staffed", 3);
    size_t np, nm;
    assert_int_equal(th_expr_eval(&e, &v, var, "y_te", &np, &nm), 3);
    assert_int_equal(np, 1);
    assert_int_equal(nm, 0);
    assert_int_equal(th_expr_eval(&e, &v, var, "khac", &np, &nm), 0);
    assert_int_equal(np, 0);
    assert_int_equal(nm, 1);
    assert_int_equal(th_expr_first_field(&e, var, "khac"), th_field_index("bodies.khac.staffed"));
    th_strv_free(vals, n);
    free(var);
    th_expr_release(&e);

    assert_true(th_expr_parse("children.{c}.supported", &e, NULL));
    var = th_expr_var(&e);
    vals = th_expr_var_values(&e, var, &n);
    assert_int_equal(n, 6);
    assert_string_equal(vals[2], "hiv");
    th_strv_free(vals, n);
    free(var);
    th_expr_release(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_match),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_eval),
        cmocka_unit_test(test_variable),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
