/* test_nightly.c - nightly's lock, time stamps, hints, and completeness and
 * lateness over the Cần Thơ hierarchy. */
#include "unit.h"

#include <unistd.h>

#include "feedback.h"
#include "nightly.h"
#include "xmlsafe.h"

static void test_parse_now(void **state)
{
    (void)state;
    char out[TH_STAMP_LEN];
    assert_true(th_nightly_parse_now("2026-12-21T02:00:00", out));
    assert_string_equal(out, "2026-12-21T02:00:00");
    assert_false(th_nightly_parse_now("2026-12-21 02:00:00", out));
    assert_false(th_nightly_parse_now("2026-13-21T02:00:00", out));
    assert_false(th_nightly_parse_now("2026-12-21T24:00:00", out));
    assert_false(th_nightly_parse_now("2026-12-21T02:00", out));
    assert_false(th_nightly_parse_now("tomorrow", out));
    assert_int_equal(th_nightly_stamp_date("2026-12-21T02:00:00"), 20261221);
    assert_int_equal(th_nightly_stamp_date(""), 0);
    th_nightly_clock(out);
    char copy[TH_STAMP_LEN];
    assert_true(th_nightly_parse_now(out, copy));
}

static void test_lock(void **state)
{
    (void)state;
    char dir[] = "/tmp/th_nightly_lockXXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = th_path_join(dir, "nightly.lock");
    long holder = -1;
    int fd = th_nightly_lock(path, 0, &holder);
    assert_true(fd >= 0);
    /* a second open file description conflicts, even in this process */
    int again = th_nightly_lock(path, 0, &holder);
    assert_int_equal(again, -2);
    assert_int_equal(holder, (long)getpid());
    th_nightly_unlock(fd);
    fd = th_nightly_lock(path, 0, &holder);
    assert_true(fd >= 0);
    th_nightly_unlock(fd);
    assert_int_equal(th_nightly_lock("/nonexistent-dir/x.lock", 0, &holder), -1);
    unlink(path);
    rmdir(dir);
    free(path);
}

static void test_hints(void **state)
{
    (void)state;
    char *h = th_feedback_hint(NULL, "S03");
    assert_string_equal(h, "Số liệu không được âm: nhập số nguyên từ 0 trở lên.");
    free(h);
    h = th_feedback_hint(NULL, "Z99");
    assert_string_equal(h, "Kiểm tra lại nội dung này và nộp lại báo cáo.");
    free(h);
}

/* An entry for unit with validation status st, received at stamp. */
static void add(struct th_nightly_report *r, const char *unit, enum th_status st, const char *stamp)
{
    struct th_submission *s = th_submission_new(unit);
    s->header_ok = true;
    s->unit = th_strdup(unit);
    s->year = 2026;
    s->status = st;
    s->nerrors = st == TH_ST_REJECTED;
    th_batch_add(&r->batch, s);
    th_submission_free(s);
    r->received = realloc(r->received, r->batch.n * sizeof *r->received);
    snprintf(r->received[r->batch.n - 1], TH_STAMP_LEN, "%s", stamp);
}

static void test_nodes(void **state)
{
    (void)state;
    char *dir = th_path_join(th_home(), "input/cantho");
    struct th_workspace *ws = th_workspace_open(dir);
    free(dir);
    assert_non_null(ws);
    struct th_nightly_report r = {.ws = ws};
    assert_true(th_plan_period(ws->plan, 2026, "annual", &r.period));
    th_batch_init(&r.batch, ws, &r.period);
    add(&r, "31120", TH_ST_ACCEPTED, "2026-12-10T08:00:00");      /* on time */
    add(&r, "31135", TH_ST_REJECTED, "2026-12-21T08:00:00");      /* late and rejected */
    add(&r, "SYT-BVDK", TH_ST_ACCEPTED, "2026-12-20T23:59:59");   /* on the deadline day */
    add(&r, "SYT-TTBTXH2", TH_ST_ACCEPTED, "2026-12-01T08:00:00"); /* closed 30/6/2026 */
    th_batch_resolve(&r.batch);
    th_nightly_report_nodes(&r);

    size_t nexp;
    free(th_expected_units(ws->reg, &r.period, &nexp));
    const struct th_nightly_node *root = &r.nodes[0];
    assert_string_equal(root->unit->code, "92");
    assert_int_equal(root->n_expected, nexp);
    assert_int_equal(root->n_received, 4);
    assert_int_equal(root->n_accepted, 3);
    assert_int_equal(root->n_rejected, 1);
    assert_int_equal(root->n_missing, nexp - 2 - 1); /* 31120, 31135, SYT-BVDK expected and received */
    assert_int_equal(root->n_late, 1);
    assert_int_equal(root->n_complete, 2);

    size_t k = th_nightly_find(&r, "31135");
    assert_true(k != SIZE_MAX);
    assert_int_equal(r.nodes[k].own, TH_NO_REJECTED);
    assert_true(r.nodes[k].late);
    k = th_nightly_find(&r, "SYT-BVDK");
    assert_false(r.nodes[k].late);
    assert_string_equal(r.nodes[r.nodes[k].parent].unit->code, "SYT");
    /* a unit closed during the period that reported is kept, not expected */
    k = th_nightly_find(&r, "SYT-TTBTXH2");
    assert_true(k != SIZE_MAX);
    assert_false(r.nodes[k].expected);
    assert_int_equal(r.nodes[k].own, TH_NO_ACCEPTED);
    k = th_nightly_find(&r, "SYT");
    assert_int_equal(r.nodes[k].own, TH_NO_MISSING);
    assert_int_equal(r.nodes[k].n_received, 2);
    /* pre-order: every node comes after its parent */
    for (size_t i = 1; i < r.nnodes; i++)
        assert_true(r.nodes[i].parent < i);
    th_nightly_report_release(&r);
    th_workspace_free(ws);
}

int main(void)
{
    th_xml_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_now),
        cmocka_unit_test(test_lock),
        cmocka_unit_test(test_hints),
        cmocka_unit_test(test_nodes),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    th_xml_cleanup();
    return rc;
}
