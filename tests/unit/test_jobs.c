/* test_jobs.c - the outputs' jobs (jobs.c): on threads a job marked by
 * th_jobs_first, and the chain it waits for, is taken before ready jobs
 * that are not marked; on one thread the jobs run in the order added. */
#include "unit.h"

#include "jobs.h"

#include <pthread.h>

struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool marked_done; /* the marked job has run */
    int seen;         /* what the late job saw: 1 the marked job had run */
    int order[3], next;
};

static void record(struct gate *g, int id)
{
    g->order[id] = g->next++;
}

/* Holds its thread until the marked job has run. */
static void gate_job(void *p)
{
    struct gate *g = p;
    pthread_mutex_lock(&g->mu);
    record(g, 0);
    while (!g->marked_done)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
}

static void late_job(void *p)
{
    struct gate *g = p;
    pthread_mutex_lock(&g->mu);
    record(g, 1);
    g->seen = g->marked_done;
    pthread_mutex_unlock(&g->mu);
}

static void marked_job(void *p)
{
    struct gate *g = p;
    pthread_mutex_lock(&g->mu);
    record(g, 2);
    g->marked_done = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

/* Three jobs ready at once: 0 holds its thread until 2 has run, 1 notes
 * whether 2 has run, 2 marked (mark) or not. */
static struct gate run(const char *threads, bool mark)
{
    setenv("TONGHOP_JOBS", threads, 1);
    struct gate g = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .seen = -1};
    struct th_jobs js = {0};
    th_jobs_add(&js, gate_job, &g, -1);
    th_jobs_add(&js, late_job, &g, -1);
    int j2 = th_jobs_add(&js, marked_job, &g, -1);
    if (mark)
        th_jobs_first(&js, j2);
    th_jobs_run(&js);
    for (int i = 0; i < js.n; i++)
        assert_int_equal(th_jobs_take(&js, i), TH_OK);
    th_jobs_release(&js);
    unsetenv("TONGHOP_JOBS");
    return g;
}

static void test_first_on_threads(void **state)
{
    (void)state;
    for (int round = 0; round < 20; round++) {
        /* marked, 2 is taken first, 0 by the other thread (it holds it
         * until 2 has run); 1 only by the thread that ran 2 */
        assert_int_equal(run("2", true).seen, 1);
        /* unmarked, 0 and 1 are taken first, in the order added: 1 runs
         * while 0 holds the other thread for 2, not yet taken */
        assert_int_equal(run("2", false).seen, 0);
    }
}

static void test_one_thread_in_order(void **state)
{
    (void)state;
    /* (no gate: on one thread job 0 would wait for 2 for ever) */
    struct th_jobs js = {0};
    struct gate g = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    setenv("TONGHOP_JOBS", "1", 1);
    th_jobs_add(&js, late_job, &g, -1);
    int j1 = th_jobs_add(&js, marked_job, &g, -1);
    th_jobs_first(&js, j1);
    th_jobs_run(&js);
    unsetenv("TONGHOP_JOBS");
    assert_int_equal(g.order[1], 0);
    assert_int_equal(g.order[2], 1);
    assert_int_equal(g.seen, 0);
    th_jobs_release(&js);
}

/* th_jobs_first marks the job and every job it waits for, not the others. */
static void test_first_marks_chain(void **state)
{
    (void)state;
    struct th_jobs js = {0};
    struct gate g = {0};
    int j0 = th_jobs_add(&js, late_job, &g, -1);
    int j1 = th_jobs_add(&js, late_job, &g, -1);
    int j2 = th_jobs_add(&js, late_job, &g, j0);
    int j3 = th_jobs_add(&js, late_job, &g, j2);
    th_jobs_first(&js, j3);
    assert_true(js.v[j0].first && js.v[j2].first && js.v[j3].first);
    assert_false(js.v[j1].first);
    th_jobs_first(&js, -1); /* nothing */
    assert_false(js.v[j1].first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_on_threads),
        cmocka_unit_test(test_one_thread_in_order),
        cmocka_unit_test(test_first_marks_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
