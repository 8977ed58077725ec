/* test_upward.c - the upward submission built from a consolidation: the
 * root's totals, the narrative cap, the <source> round trip through the
 * XML writer and reader. */
#include "unit.h"

#include <sys/wait.h>
#include <unistd.h>
#include <unistr.h>

#include "gen.h"
#include "pass.h"
#include "submission_read.h"
#include "upward.h"
#include "xmlsafe.h"

static char tmp[64];
static struct th_workspace *ws;
static struct th_period period;

static void copy(const char *name)
{
    char *from = th_asprintf("%s/input/cantho/%s", th_home(), name), *to = th_path_join(tmp, name), *data;
    size_t len;
    assert_int_equal(th_read_file(from, 64u << 20, &data, &len), TH_OK);
    assert_int_equal(th_write_atomic(to, data, len), TH_OK);
    free(data);
    free(from);
    free(to);
}

static int setup(void **state)
{
    (void)state;
    th_quiet = 1;
    snprintf(tmp, sizeof tmp, "/tmp/th-upward-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    copy("registry.xml");
    copy("plan.xml");
    copy("rules.xml");
    ws = th_workspace_open(tmp);
    assert_non_null(ws);
    assert_true(th_plan_period(ws->plan, 2026, "annual", &period));
    char *dir = th_workspace_period_dir(ws, 2026, "annual");
    assert_int_equal(th_gen_submissions(ws->reg, &period, dir, 5, 0, 0), TH_EXIT_OK);
    free(dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_workspace_free(ws);
    char *cmd[] = {"rm", "-rf", tmp, NULL};
    pid_t pid = fork();
    if (pid == 0)
        execvp(cmd[0], cmd);
    int st;
    waitpid(pid, &st, 0);
    th_xml_cleanup();
    return 0;
}

static struct th_origin *origin(void)
{
    struct th_origin *o = th_calloc(1, sizeof *o);
    o->plan = th_strdup(ws->plan->id);
    o->report_name = th_strdup("BC-SYT-15-2026-nam.pdf");
    o->report_version = 2;
    memset(o->cons_sha256, 'a', 64);
    memset(o->report_sha256, 'b', 64);
    return o;
}

static void test_root_totals_and_header(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    assert_non_null(c);
    struct th_submission *s = th_upward_build(c, ws, &period, origin());
    assert_non_null(s);
    assert_string_equal(s->unit, "92");
    assert_int_equal(s->year, 2026);
    assert_int_equal(s->submitted, 20261228); /* the report's issue date in plan.xml */
    assert_string_equal(s->prepared_by, "Sở Y tế");
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        assert_true(s->val.present[f]);
        assert_int_equal(s->val.v[f], c->root->total[f]);
    }
    assert_non_null(strstr(s->text[TH_NARR_RESULTS], "I1 (Tỷ lệ cơ quan"));
    for (int k = 0; k < TH_NNARR; k++)
        if (s->text[k])
            assert_true(u8_mbsnlen((const uint8_t *)s->text[k], strlen(s->text[k])) <= TH_UPWARD_TEXT_MAX);
    th_submission_free(s);
    /* a total past a submission's cap cannot be sent */
    c->root->total[0] = TH_MAX_COUNT + 1;
    assert_null(th_upward_build(c, ws, &period, NULL));
    th_cons_free(c);
}

static void test_narratives_capped(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    assert_non_null(c);
    char *longtext = th_malloc(1001);
    for (int i = 0; i < 500; i++)
        memcpy(longtext + 2 * i, "ă", 2); /* two bytes each: the cap counts characters */
    longtext[1000] = '\0';
    size_t accepted = 0;
    for (size_t i = 1; i < c->nnodes; i++) {
        struct th_cons_node *n = c->nodes[i];
        if (n->own != TH_OWN_ACCEPTED)
            continue;
        accepted++;
        n->narr[TH_NARR_PROPOSALS] = th_cons_strdup(c, longtext); /* (in c's blocks) */
    }
    assert_true(accepted > 20);
    struct th_submission *s = th_upward_build(c, ws, &period, NULL);
    assert_non_null(s);
    const char *p = s->text[TH_NARR_PROPOSALS];
    size_t chars = u8_mbsnlen((const uint8_t *)p, strlen(p));
    assert_true(chars <= TH_UPWARD_TEXT_MAX);
    assert_true(chars > TH_UPWARD_TEXT_MAX / 2);
    assert_non_null(strstr(p, " đơn vị khác)"));
    th_submission_free(s);
    free(longtext);
    th_cons_free(c);
}

static void test_source_round_trip(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    assert_non_null(c);
    struct th_submission *s = th_upward_build(c, ws, &period, origin());
    char *path = th_path_join(tmp, "upward.xml");
    assert_int_equal(th_upward_write_xml(s, path), TH_OK);
    struct th_submission *back = th_submission_read(path, NULL);
    th_validate(ws, back, &period, 0, NULL);
    assert_int_equal(back->nerrors, 0);
    assert_non_null(back->src);
    assert_string_equal(back->src->plan, ws->plan->id);
    assert_string_equal(back->src->report_name, "BC-SYT-15-2026-nam.pdf");
    assert_int_equal(back->src->report_version, 2);
    assert_string_equal(back->src->cons_sha256, s->src->cons_sha256);
    assert_string_equal(back->src->report_sha256, s->src->report_sha256);
    assert_true(back->src->line > 0);
    assert_memory_equal(back->val.v, s->val.v, sizeof s->val.v);
    for (int k = 0; k < TH_NNARR; k++)
        assert_string_equal(back->text[k] ? back->text[k] : "", s->text[k] ? s->text[k] : "");
    th_submission_free(back);
    th_submission_free(s);
    free(path);
    th_cons_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_totals_and_header),
        cmocka_unit_test(test_narratives_capped),
        cmocka_unit_test(test_source_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
