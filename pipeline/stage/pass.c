/* pass.c - the validation pass: every file of a batch read and checked on
 * every core, with last year's values for the outlier rules. */
#include "pass.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cons_load.h"
#include "formmap.h"
#include "submission_read.h"
#include "xlsx_zip.h"
#include "xmlsafe.h"

/* ---- previous period's values, for outlier rules ---- */

struct th_prev_item {
    char *unit;
    th_date submitted;
    char *path;
    struct th_values val;
};

struct th_prev_index {
    struct th_prev_item *v;
    size_t n, cap;
};

static int prev_cmp(const void *a, const void *b)
{
    return strcmp(((const struct th_prev_item *)a)->unit, ((const struct th_prev_item *)b)->unit);
}

/* By unit, then the one that counts last: latest date, then file name. */
static int prev_order(const void *a, const void *b)
{
    const struct th_prev_item *x = a, *y = b;
    int r = strcmp(x->unit, y->unit);
    if (r)
        return r;
    if (x->submitted != y->submitted)
        return x->submitted < y->submitted ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* Keep every valid submission; prev_build then keeps the one counting per unit. */
static void prev_keep(const struct th_submission *s, void *ctx)
{
    struct th_prev_index *ix = ctx;
    if (s->nerrors || !s->unit)
        return;
    TH_GROW(ix->v, ix->cap, ix->n + 1);
    struct th_prev_item *it = &ix->v[ix->n++];
    it->unit = th_strdup(s->unit);
    it->submitted = s->submitted;
    it->path = th_strdup(s->path);
    it->val = s->val;
}

static void prev_free(struct th_prev_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->v[i].unit);
        free(ix->v[i].path);
    }
    free(ix->v);
    free(ix);
}

static bool has_outlier_rules(const struct th_rules *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].outlier)
            return true;
    return false;
}

bool th_pass_reads_last_year(const struct th_workspace *ws, const struct th_period *p, struct th_period *prev)
{
    return has_outlier_rules(ws->rules) && th_plan_period(ws->plan, p->year - 1, p->id, prev);
}

/* How each file of a batch is checked: against ws for period per (NULL:
 * its own), with last year's values prev for the outlier rules (NULL:
 * none). */
struct check_with {
    const struct th_workspace *ws;
    const struct th_period *per;
    const struct th_prev_index *prev;
};
/* Each submission, checked, in path order (i its index), to each, which
 * takes it. */
typedef void (*check_each_fn)(struct th_submission *s, size_t i, void *ctx);
static void check_all(const struct check_with *w, char *const *paths, size_t n, check_each_fn each, void *ctx);

static void prev_each(struct th_submission *s, size_t i, void *ctx)
{
    (void)i;
    prev_keep(s, ctx);
    th_submission_free(s);
}

/* Validate last year's files of the same period kind (without outlier
 * rules; through b->prev_check if set) and keep each unit's counting values.
 * NULL when there are none. */
static struct th_prev_index *prev_build(const struct th_batch *b)
{
    const struct th_workspace *ws = b->ws;
    const struct th_period *p = &b->period;
    struct th_period prev;
    if (!th_pass_reads_last_year(ws, p, &prev))
        return NULL;
    size_t n;
    char **files = th_workspace_period_files(ws, prev.year, prev.id, &n);
    if (!n) {
        th_strv_free(files, n);
        return NULL;
    }
    struct th_prev_index *ix = th_calloc(1, sizeof *ix);
    ix->v = th_malloc(n * sizeof *ix->v); /* at most one per file: allocated once */
    ix->cap = n;
    if (b->prev_check) { /* nightly's record answers: on this thread */
        for (size_t i = 0; i < n; i++) {
            struct th_submission *s = b->prev_check(b->prev_ctx, files[i], &prev);
            prev_keep(s, ix);
            th_submission_free(s);
        }
    } else { /* as many files as this year's: on every core, as the pass */
        struct check_with w = {.ws = ws, .per = &prev};
        check_all(&w, files, n, prev_each, ix);
    }
    th_strv_free(files, n);
    /* one per unit, the last of its group (sorting, not a search per file) */
    qsort(ix->v, ix->n, sizeof *ix->v, prev_order);
    size_t m = 0;
    for (size_t i = 0; i < ix->n; i++) {
        if (i + 1 < ix->n && strcmp(ix->v[i].unit, ix->v[i + 1].unit) == 0) {
            free(ix->v[i].unit);
            free(ix->v[i].path);
            continue;
        }
        ix->v[m++] = ix->v[i];
    }
    ix->n = m;
    return ix;
}

static const struct th_values *prev_find(const struct th_prev_index *ix, const char *unit)
{
    if (!ix || !unit || !ix->n)
        return NULL;
    struct th_prev_item key = {.unit = (char *)unit};
    const struct th_prev_item *it = bsearch(&key, ix->v, ix->n, sizeof *ix->v, prev_cmp);
    return it ? &it->val : NULL;
}

const struct th_values *th_batch_previous(struct th_batch *b, const char *unit)
{
    if (b->has_period && !b->prev) {
        b->prev = prev_build(b);
        if (!b->prev)
            b->prev = th_calloc(1, sizeof *b->prev); /* built, empty: not built again */
        b->prev_free = prev_free;
    }
    return prev_find(b->prev, unit);
}

/* ---- reading files on every core ----
 * Reading and checking one file depends on no other file, so worker threads
 * do it ahead of the caller, at most WINDOW files ahead; the caller hands the
 * results on strictly in path order, so entries, callbacks and every output
 * are the same as with one thread. */

#define WINDOW 64
#define MAX_JOBS 8

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t ready, room;
    const struct check_with *w;
    char *const *paths;
    size_t n;
    size_t next;                         /* next index a worker takes */
    size_t done;                         /* results handed on by the caller */
    struct th_submission *slot[WINDOW];  /* result of index i in slot[i % WINDOW] */
    /* who sleeps, so that a hand-over wakes someone only when needed: on a
     * VM each futex wake-up costs more than checking a small file */
    bool caller_waits;                   /* for slot[done % WINDOW] */
    size_t workers_wait;                 /* for room in the window */
};

static struct th_submission *check_one(const struct check_with *w, const char *path)
{
    struct th_submission *s = th_submission_read(path, w->ws->plan);
    th_validate(w->ws, s, w->per, 0, prev_find(w->prev, s->unit));
    return s;
}

/* Whether the caller, waiting, should wake: HANDOVER results in a row are
 * ready from where it stands (or all that remain). Waking it for each file
 * cost more in futex calls and scheduler IPIs than the files themselves. */
#define HANDOVER 16

static bool caller_has_enough(const struct pool *pl)
{
    size_t k = 0;
    while (k < HANDOVER && pl->done + k < pl->n && pl->slot[(pl->done + k) % WINDOW])
        k++;
    return k == HANDOVER || pl->done + k == pl->n;
}

static void *worker(void *arg)
{
    struct pool *pl = arg;
    th_xml_init(); /* libxml2 keeps its error and parser defaults per thread */
    pthread_mutex_lock(&pl->mu);
    while (pl->next < pl->n) {
        if (pl->next >= pl->done + WINDOW) {
            pl->workers_wait++;
            pthread_cond_wait(&pl->room, &pl->mu);
            pl->workers_wait--;
            continue;
        }
        size_t i = pl->next++;
        pthread_mutex_unlock(&pl->mu);
        struct th_submission *s = check_one(pl->w, pl->paths[i]);
        pthread_mutex_lock(&pl->mu);
        pl->slot[i % WINDOW] = s;
        if (pl->caller_waits && caller_has_enough(pl))
            pthread_cond_signal(&pl->ready);
    }
    pthread_mutex_unlock(&pl->mu);
    th_xml_thread_release(); /* the contexts it reused from file to file */
    th_zip_thread_release();
    return NULL;
}

size_t th_pass_jobs(void)
{
    const char *env = getenv("TONGHOP_JOBS");
    long j = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
    if (j < 1)
        j = 1;
    if (j > MAX_JOBS)
        j = MAX_JOBS;
    return (size_t)j;
}

/* Worker threads for a batch: TONGHOP_JOBS if set, else the online CPUs. */
static size_t batch_jobs(size_t n)
{
    return n < 4 ? 1 : th_pass_jobs();
}

static th_pass_check_fn pass_check;
static void *pass_check_ctx;

void th_pass_set_check(th_pass_check_fn fn, void *ctx)
{
    pass_check = fn;
    pass_check_ctx = ctx;
}

static void check_all(const struct check_with *w, char *const *paths, size_t n, check_each_fn each, void *ctx)
{
    size_t jobs = batch_jobs(n), started = 0;
    pthread_t tid[MAX_JOBS];
    struct pool pl = {.w = w, .paths = paths, .n = n};
    if (jobs > 1) {
        /* what the workers share is loaded once, before they start */
        th_home();
        th_schema("submission.xsd");
        th_formmap_get();
        pthread_mutex_init(&pl.mu, NULL);
        pthread_cond_init(&pl.ready, NULL);
        pthread_cond_init(&pl.room, NULL);
        while (started < jobs && pthread_create(&tid[started], NULL, worker, &pl) == 0)
            started++;
    }
    for (size_t i = 0; i < n;) {
        /* every result ready in order, taken in one hand-over */
        struct th_submission *got[WINDOW];
        size_t k = 0;
        if (started) {
            pthread_mutex_lock(&pl.mu);
            while (!pl.slot[i % WINDOW] || (pl.caller_waits && !caller_has_enough(&pl))) {
                pl.caller_waits = true;
                pthread_cond_wait(&pl.ready, &pl.mu);
            }
            pl.caller_waits = false;
            for (; i + k < n && k < WINDOW && pl.slot[(i + k) % WINDOW]; k++) {
                got[k] = pl.slot[(i + k) % WINDOW];
                pl.slot[(i + k) % WINDOW] = NULL;
            }
            pl.done = i + k;
            if (pl.workers_wait)
                pthread_cond_broadcast(&pl.room);
            pthread_mutex_unlock(&pl.mu);
        } else {
            got[k++] = check_one(w, paths[i]);
        }
        for (size_t j = 0; j < k; j++, i++)
            each(got[j], i, ctx);
    }
    for (size_t k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    if (jobs > 1) {
        pthread_cond_destroy(&pl.room);
        pthread_cond_destroy(&pl.ready);
        pthread_mutex_destroy(&pl.mu);
    }
}

struct batch_each {
    struct th_batch *b;
    size_t n;
    th_batch_fn fn;
    void *ctx;
};

static void batch_each(struct th_submission *s, size_t i, void *arg)
{
    struct batch_each *e = arg;
    if (pass_check)
        pass_check(s, pass_check_ctx);
    th_batch_add(e->b, s);
    if (e->fn)
        e->fn(s, e->ctx);
    th_submission_free(s);
    th_progress("kiểm tra", i + 1, e->n);
}

void th_batch_run(struct th_batch *b, char *const *paths, size_t n, th_batch_fn fn, void *ctx)
{
    if (b->has_period && !b->prev) {
        b->prev = prev_build(b);
        b->prev_free = prev_free;
    }
    if (b->cap < b->n + n) { /* exact: a national batch is 100,000 entries */
        b->v = th_realloc(b->v, (b->n + n) * sizeof *b->v);
        b->cap = b->n + n;
    }
    struct check_with w = {.ws = b->ws, .per = b->has_period ? &b->period : NULL, .prev = b->prev};
    struct batch_each e = {.b = b, .n = n, .fn = fn, .ctx = ctx};
    check_all(&w, paths, n, batch_each, &e);
}

/* ---- consolidation: the pass, then the roll-up ---- */

/* Where earlier consolidations are found, for baseline-relative targets. */
struct baseline_dir {
    const char *dir, *plan_id;
    const char *period;
};

static struct th_cons *load_baseline(void *ctx, int year)
{
    const struct baseline_dir *bd = ctx;
    char *path = th_asprintf("%s/%s/%d-%s/consolidated.xml", bd->dir, bd->plan_id, year, bd->period);
    struct th_cons *c = th_is_file(path) ? th_cons_load(path) : NULL;
    free(path);
    return c;
}

struct th_cons *th_consolidate(const struct th_workspace *ws, const struct th_period *p,
                               const char *baseline_dir, struct th_batch *batch)
{
    struct th_rollup *r = th_rollup_start(ws, p);
    if (!r)
        return NULL;
    struct th_batch local;
    struct th_batch *bt = batch ? batch : &local;
    th_batch_init(bt, ws, p);
    size_t n;
    char **files = th_workspace_period_files(ws, p->year, p->id, &n);
    th_batch_run(bt, files, n, th_rollup_keep, r);
    th_strv_free(files, n);
    th_batch_resolve(bt);
    struct baseline_dir bd = {baseline_dir, ws->plan->id, p->id};
    struct th_cons *c = th_rollup_finish(r, bt, baseline_dir ? load_baseline : NULL, &bd);
    if (!batch)
        th_batch_release(&local);
    return c;
}
