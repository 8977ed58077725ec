/* workspace.c - loading a workspace, checking submissions against it, and
 * batches: which submission counts per unit, validation.xml, the summary. */
#include "workspace.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/xmlwriter.h>

#include "formmap.h"
#include "submission_read.h"
#include "text.h"
#include "xmlsafe.h"

struct th_workspace *th_workspace_open(const char *dir)
{
    return th_workspace_open_memo(dir, NULL);
}

struct th_workspace *th_workspace_open_memo(const char *dir, const char *memo)
{
    if (!th_is_dir(dir)) {
        th_error("workspace '%s' is not a directory", dir);
        return NULL;
    }
    char *reg = th_path_join(dir, "registry.xml"), *plan = th_path_join(dir, "plan.xml"),
         *rules = th_path_join(dir, "rules.xml");
    struct th_workspace *ws = NULL;
    if (!th_is_file(reg) || !th_is_file(plan) || !th_is_file(rules)) {
        th_error("'%s' is not a workspace: it needs registry.xml, plan.xml and rules.xml "
                 "(use -w to name one, e.g. -w input/cantho)",
                 dir);
        goto out;
    }
    ws = th_calloc(1, sizeof *ws);
    ws->dir = th_strdup(dir);
    ws->reg = th_registry_load_memo(reg, memo);
    ws->plan = th_plan_load(plan);
    ws->rules = th_rules_load(rules);
    if (!ws->reg || !ws->plan || !ws->rules) {
        th_workspace_free(ws);
        ws = NULL;
        goto out;
    }
    if (!th_registry_known(ws->reg, ws->plan->issuing_unit)) {
        th_error("%s: issuing body unit '%s' is not in %s", plan, ws->plan->issuing_unit, reg);
        th_workspace_free(ws);
        ws = NULL;
    }
out:
    free(reg);
    free(plan);
    free(rules);
    return ws;
}

void th_workspace_free(struct th_workspace *ws)
{
    if (!ws)
        return;
    th_registry_free(ws->reg);
    th_plan_free(ws->plan);
    th_rules_free(ws->rules);
    free(ws->dir);
    free(ws);
}

char *th_workspace_period_dir(const struct th_workspace *ws, int year, enum th_period_kind k)
{
    return th_asprintf("%s/submissions/%d-%s", ws->dir, year, th_period_name(k));
}

char **th_workspace_period_files(const struct th_workspace *ws, int year, enum th_period_kind k, size_t *n)
{
    static const char *const suffixes[] = {".xml", ".xlsx", NULL};
    char *dir = th_workspace_period_dir(ws, year, k);
    char **v = th_list_files(dir, suffixes, true, n);
    free(dir);
    return v;
}

/* "năm 2027", "6 tháng đầu năm 2025": a period as agencies name it. */
static const char *period_phrase(const struct th_plan *plan, enum th_period_kind k, int year, char *out,
                                 size_t n)
{
    const char *label = plan->periods[k].label;
    if (!label || !(plan->period_mask & TH_PERIOD_BIT(k)))
        label = k == TH_H1 ? "6 tháng đầu năm" : "năm";
    if (strcmp(label, "năm") == 0)
        snprintf(out, n, "năm %d", year);
    else
        snprintf(out, n, "%s %d", label, year);
    return out;
}

void th_validate(const struct th_workspace *ws, struct th_submission *s, const struct th_period *expect,
                 th_date received, const struct th_values *previous)
{
    char a[16], b[16];
    if (s->header_ok) {
        struct th_period p;
        bool period_ok = th_plan_period(ws->plan, s->year, s->period, &p), misfiled = false;
        if (!period_ok) {
            char ps[64];
            if (ws->plan->period_mask & TH_PERIOD_BIT(s->period))
                th_submission_diag(s, TH_SEV_ERROR, "U03", TH_HDR_YEAR,
                                   "kỳ báo cáo %s không thuộc kế hoạch (kế hoạch từ năm %d đến năm %d)",
                                   period_phrase(ws->plan, s->period, s->year, ps, sizeof ps),
                                   ws->plan->year_from, ws->plan->year_to);
            else
                th_submission_diag(s, TH_SEV_ERROR, "U03", TH_HDR_PERIOD,
                                   "kế hoạch không có kỳ báo cáo %s",
                                   period_phrase(ws->plan, s->period, s->year, ps, sizeof ps));
        } else if (expect && (expect->year != s->year || expect->kind != s->period)) {
            misfiled = true;
            char ps[64], pe[64];
            th_submission_diag(s, TH_SEV_ERROR, "U04", expect->year != s->year ? TH_HDR_YEAR : TH_HDR_PERIOD,
                               "biểu ghi kỳ báo cáo %s nhưng được nộp vào kỳ báo cáo %s",
                               period_phrase(ws->plan, s->period, s->year, ps, sizeof ps),
                               period_phrase(ws->plan, expect->kind, expect->year, pe, sizeof pe));
        }
        if (!th_registry_known(ws->reg, s->unit)) {
            th_submission_diag(s, TH_SEV_ERROR, "U01", TH_HDR_UNIT,
                               "mã đơn vị '%s' không có trong danh mục đơn vị báo cáo", s->unit);
        } else if (period_ok) {
            const struct th_unit *u = th_registry_in(ws->reg, s->unit, p.start, p.end);
            if (!u) {
                /* say why: closed before the period, or opened after it */
                const struct th_unit *last = NULL, *first = NULL;
                for (size_t i = 0; i < ws->reg->nunits; i++) {
                    const struct th_unit *r = &ws->reg->units[i];
                    if (strcmp(r->code, s->unit) != 0)
                        continue;
                    if (r->to && r->to < p.start && (!last || r->to > last->to))
                        last = r;
                    if (r->from > p.end && (!first || r->from < first->from))
                        first = r;
                }
                char c[16];
                if (last)
                    th_submission_diag(s, TH_SEV_ERROR, "U02", TH_HDR_UNIT,
                                       "đơn vị '%s' (%s) đã ngừng hoạt động từ ngày %s, trước kỳ báo cáo "
                                       "(%s – %s)",
                                       s->unit, last->name, th_fmt_dmy(th_date_add_days(last->to, 1), c), th_fmt_dmy(p.start, a),
                                       th_fmt_dmy(p.end, b));
                else
                    th_submission_diag(s, TH_SEV_ERROR, "U02", TH_HDR_UNIT,
                                       "đơn vị '%s' (%s) chỉ hoạt động từ ngày %s, sau kỳ báo cáo (%s – %s)",
                                       s->unit, first ? first->name : "", th_fmt_dmy(first ? first->from : 0, c),
                                       th_fmt_dmy(p.start, a), th_fmt_dmy(p.end, b));
            } else {
                if (!(u->reports & TH_PERIOD_BIT(s->period)))
                    th_submission_diag(s, TH_SEV_WARNING, "U06", TH_HDR_PERIOD,
                                       "đơn vị %s không thuộc diện báo cáo kỳ %s", u->name, p.def->label);
                for (size_t k = 0; k < th_nbody_kinds; k++) {
                    if (u->kind->manages & (1u << k))
                        continue;
                    char id[64];
                    snprintf(id, sizeof id, "bodies.%s.total", th_body_kinds[k]);
                    int f = th_field_index(id);
                    if (f >= 0 && s->val.present[f] && s->val.v[f] > 0)
                        th_submission_diag(s, TH_SEV_ERROR, "U05", f,
                                           "%s không quản lý loại cơ quan \"%s\" nhưng báo cáo %lld cơ quan",
                                           u->kind->label, th_fields[f].group, (long long)s->val.v[f]);
                }
                if (!misfiled && s->submitted && (s->submitted < p.start || s->submitted > th_date_add_days(p.upward, 366)))
                    th_submission_diag(s, TH_SEV_ERROR, "U07", TH_HDR_SUBMITTED,
                                       "ngày báo cáo %s nằm ngoài kỳ báo cáo (số liệu từ %s): kiểm tra lại năm",
                                       th_fmt_dmy(s->submitted, a), th_fmt_dmy(p.start, b));
                th_date when = received ? received : s->submitted;
                if (when && when > p.deadline)
                    th_submission_diag(s, TH_SEV_WARNING, "P01", TH_HDR_SUBMITTED,
                                       "nộp muộn: ngày %s, hạn nộp %s", th_fmt_dmy(when, a),
                                       th_fmt_dmy(p.deadline, b));
            }
        }
    }
    th_rules_apply(ws->rules, s, previous);
    s->status = s->nerrors ? TH_ST_REJECTED : TH_ST_ACCEPTED;
}

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

/* Validate last year's files of the same period kind (without outlier
 * rules; through b->prev_check if set) and keep each unit's counting values.
 * NULL when there are none. */
static struct th_prev_index *prev_build(const struct th_batch *b)
{
    const struct th_workspace *ws = b->ws;
    const struct th_period *p = &b->period;
    struct th_period prev;
    if (!has_outlier_rules(ws->rules) || !th_plan_period(ws->plan, p->year - 1, p->kind, &prev))
        return NULL;
    size_t n;
    char **files = th_workspace_period_files(ws, prev.year, prev.kind, &n);
    if (!n) {
        th_strv_free(files, n);
        return NULL;
    }
    struct th_prev_index *ix = th_calloc(1, sizeof *ix);
    ix->v = th_malloc(n * sizeof *ix->v); /* at most one per file: allocated once */
    ix->cap = n;
    for (size_t i = 0; i < n; i++) {
        struct th_submission *s;
        if (b->prev_check) {
            s = b->prev_check(b->prev_ctx, files[i], &prev);
        } else {
            s = th_submission_read(files[i]);
            th_validate(ws, s, &prev, 0, NULL);
        }
        prev_keep(s, ix);
        th_submission_free(s);
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

/* ---- batches ---- */

void th_batch_init(struct th_batch *b, const struct th_workspace *ws, const struct th_period *p)
{
    memset(b, 0, sizeof *b);
    b->ws = ws;
    if (p) {
        b->has_period = true;
        b->period = *p;
    }
}

void th_batch_release(struct th_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        struct th_entry *e = &b->v[i];
        free(e->path);
        free(e->unit);
        free(e->sheet);
        for (size_t j = 0; j < e->ndiags; j++)
            free(e->diags[j].message);
        free(e->diags);
    }
    free(b->v);
    prev_free(b->prev);
    memset(b, 0, sizeof *b);
}

void th_entry_diag(struct th_entry *e, enum th_severity sev, const char *code, const char *fmt, ...)
{
    struct th_diag_list l = {&e->diags, &e->ndiags, &e->capdiags, &e->nerrors, &e->nwarnings};
    va_list ap;
    va_start(ap, fmt);
    th_diag_vappend(l, sev, code, -1, fmt, ap);
    va_end(ap);
}

struct th_entry *th_batch_add(struct th_batch *b, const struct th_submission *s)
{
    TH_GROW(b->v, b->cap, b->n + 1);
    struct th_entry *e = &b->v[b->n++];
    memset(e, 0, sizeof *e);
    e->path = th_strdup(s->path);
    memcpy(e->sha256, s->sha256, sizeof e->sha256);
    e->source = s->source;
    e->unit = s->header_ok ? th_strdup(s->unit) : NULL;
    e->year = s->year;
    e->period = s->period;
    e->submitted = s->submitted;
    e->status = s->status;
    e->nerrors = s->nerrors;
    e->nwarnings = s->nwarnings;
    e->sheet = th_strdup(s->sheet);
    e->ndiags = e->capdiags = s->ndiags;
    e->diags = s->ndiags ? th_calloc(s->ndiags, sizeof *e->diags) : NULL;
    for (size_t i = 0; i < s->ndiags; i++) {
        e->diags[i] = s->diags[i];
        e->diags[i].message = th_strdup(s->diags[i].message);
    }
    return e;
}

const struct th_values *th_batch_previous(struct th_batch *b, const char *unit)
{
    if (b->has_period && !b->prev) {
        b->prev = prev_build(b);
        if (!b->prev)
            b->prev = th_calloc(1, sizeof *b->prev); /* built, empty: not built again */
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
    const struct th_batch *b;
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

static struct th_submission *check_one(const struct th_batch *b, const char *path)
{
    struct th_submission *s = th_submission_read(path);
    th_validate(b->ws, s, b->has_period ? &b->period : NULL, 0, prev_find(b->prev, s->unit));
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
        struct th_submission *s = check_one(pl->b, pl->paths[i]);
        pthread_mutex_lock(&pl->mu);
        pl->slot[i % WINDOW] = s;
        if (pl->caller_waits && caller_has_enough(pl))
            pthread_cond_signal(&pl->ready);
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* Worker threads for a batch: TONGHOP_JOBS if set, else the online CPUs. */
static size_t batch_jobs(size_t n)
{
    const char *env = getenv("TONGHOP_JOBS");
    long j = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
    if (j < 1)
        j = 1;
    if (j > MAX_JOBS)
        j = MAX_JOBS;
    return n < 4 ? 1 : (size_t)j;
}

void th_batch_run(struct th_batch *b, char *const *paths, size_t n, th_batch_fn fn, void *ctx)
{
    if (b->has_period && !b->prev)
        b->prev = prev_build(b);
    if (b->cap < b->n + n) { /* exact: a national batch is 100,000 entries */
        b->v = th_realloc(b->v, (b->n + n) * sizeof *b->v);
        b->cap = b->n + n;
    }
    size_t jobs = batch_jobs(n), started = 0;
    pthread_t tid[MAX_JOBS];
    struct pool pl = {.b = b, .paths = paths, .n = n};
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
            got[k++] = check_one(b, paths[i]);
        }
        for (size_t j = 0; j < k; j++, i++) {
            th_batch_add(b, got[j]);
            if (fn)
                fn(got[j], ctx);
            th_submission_free(got[j]);
            th_progress("kiểm tra", i + 1, n);
        }
    }
    for (size_t k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    if (jobs > 1) {
        pthread_cond_destroy(&pl.room);
        pthread_cond_destroy(&pl.ready);
        pthread_mutex_destroy(&pl.mu);
    }
}

static int entry_order(const void *pa, const void *pb, void *ctx)
{
    const struct th_batch *b = ctx;
    const struct th_entry *a = &b->v[*(const size_t *)pa], *c = &b->v[*(const size_t *)pb];
    int r = strcmp(a->unit, c->unit);
    if (r)
        return r;
    if (a->year != c->year)
        return a->year < c->year ? -1 : 1;
    if (a->period != c->period)
        return a->period < c->period ? -1 : 1;
    if (a->submitted != c->submitted)
        return a->submitted < c->submitted ? -1 : 1;
    return strcmp(a->path, c->path);
}

void th_batch_resolve(struct th_batch *b)
{
    size_t *idx = th_malloc((b->n ? b->n : 1) * sizeof *idx), m = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i].unit)
            idx[m++] = i;
    qsort_r(idx, m, sizeof *idx, entry_order, b);
    for (size_t g = 0; g < m;) {
        size_t end = g;
        struct th_entry *first = &b->v[idx[g]];
        while (end < m && strcmp(b->v[idx[end]].unit, first->unit) == 0 &&
               b->v[idx[end]].year == first->year && b->v[idx[end]].period == first->period)
            end++;
        /* the last valid one counts */
        struct th_entry *winner = NULL;
        for (size_t j = end; j-- > g;) {
            struct th_entry *e = &b->v[idx[j]];
            if (e->status != TH_ST_REJECTED && e->nerrors == 0) {
                winner = e;
                break;
            }
        }
        for (size_t j = g; j < end; j++) {
            struct th_entry *e = &b->v[idx[j]];
            if (!winner || e == winner || e->nerrors)
                continue;
            /* the same content sent again later (not only as the winner) */
            const struct th_entry *same = NULL;
            for (size_t k = j + 1; k < end && !same; k++) {
                const struct th_entry *o = &b->v[idx[k]];
                if (!o->nerrors && strcmp(o->sha256, e->sha256) == 0)
                    same = o;
            }
            if (same) {
                e->status = TH_ST_DUPLICATE;
                th_entry_diag(e, TH_SEV_WARNING, "P02", "trùng lặp với %s (cùng nội dung): không tính hai lần",
                              th_basename(same->path));
            } else {
                e->status = TH_ST_SUPERSEDED;
                th_entry_diag(e, TH_SEV_WARNING, "P03", "đã được thay thế bởi bản nộp sau %s",
                              th_basename(winner->path));
            }
        }
        if (winner)
            winner->status = TH_ST_ACCEPTED;
        g = end;
    }
    free(idx);
}

void th_batch_counts(const struct th_batch *b, size_t counts[4])
{
    counts[0] = counts[1] = counts[2] = counts[3] = 0;
    for (size_t i = 0; i < b->n; i++)
        counts[b->v[i].status]++;
}

th_err th_batch_write_xml(const struct th_batch *b, const char *path)
{
    struct th_xml_out out;
    xmlTextWriterPtr w = th_xml_out_open(&out, path);
    if (!w)
        return TH_ERR_IO;
    size_t c[4];
    th_batch_counts(b, c);
    size_t nerr = 0, nwarn = 0;
    for (size_t i = 0; i < b->n; i++) {
        nerr += b->v[i].nerrors;
        nwarn += b->v[i].nwarnings;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "validation", BAD_CAST "urn:tonghop:validation:1");
    xmlTextWriterWriteAttribute(w, BAD_CAST "plan", BAD_CAST b->ws->plan->id);
    if (b->has_period) {
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST "year", "%d", b->period.year);
        xmlTextWriterWriteAttribute(w, BAD_CAST "period", BAD_CAST th_period_name(b->period.kind));
    }
    xmlTextWriterWriteAttribute(w, BAD_CAST "generator", BAD_CAST "tonghop " TH_VERSION);
    xmlTextWriterStartElement(w, BAD_CAST "summary");
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "files", "%zu", b->n);
    for (int st = 0; st < 4; st++)
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST th_status_name((enum th_status)st), "%zu", c[st]);
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "errors", "%zu", nerr);
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "warnings", "%zu", nwarn);
    xmlTextWriterEndElement(w);
    for (size_t i = 0; i < b->n; i++) {
        const struct th_entry *e = &b->v[i];
        xmlTextWriterStartElement(w, BAD_CAST "submission");
        xmlTextWriterWriteAttribute(w, BAD_CAST "file", BAD_CAST e->path);
        if (e->sha256[0])
            xmlTextWriterWriteAttribute(w, BAD_CAST "sha256", BAD_CAST e->sha256);
        xmlTextWriterWriteAttribute(w, BAD_CAST "source",
                                    BAD_CAST(e->source == TH_SRC_XML    ? "xml"
                                             : e->source == TH_SRC_XLSX ? "xlsx"
                                                                        : "unknown"));
        if (e->unit) {
            char d[11];
            xmlTextWriterWriteAttribute(w, BAD_CAST "unit", BAD_CAST e->unit);
            xmlTextWriterWriteFormatAttribute(w, BAD_CAST "year", "%d", e->year);
            xmlTextWriterWriteAttribute(w, BAD_CAST "period", BAD_CAST th_period_name(e->period));
            if (e->submitted) {
                th_date_format(e->submitted, d);
                xmlTextWriterWriteAttribute(w, BAD_CAST "submitted", BAD_CAST d);
            }
        }
        xmlTextWriterWriteAttribute(w, BAD_CAST "status", BAD_CAST th_status_name(e->status));
        for (size_t j = 0; j < e->ndiags; j++) {
            const struct th_diag *d = &e->diags[j];
            xmlTextWriterStartElement(w, BAD_CAST "issue");
            xmlTextWriterWriteAttribute(w, BAD_CAST "code", BAD_CAST d->code);
            xmlTextWriterWriteAttribute(w, BAD_CAST "severity",
                                        BAD_CAST(d->severity == TH_SEV_ERROR ? "error" : "warning"));
            const char *fname = th_diag_field_name(d->field);
            if (fname)
                xmlTextWriterWriteAttribute(w, BAD_CAST "field", BAD_CAST fname);
            if (d->loc.line > 0)
                xmlTextWriterWriteFormatAttribute(w, BAD_CAST "line", "%d", d->loc.line);
            if (d->loc.ref[0]) {
                xmlTextWriterWriteAttribute(w, BAD_CAST "sheet", BAD_CAST(e->sheet ? e->sheet : ""));
                xmlTextWriterWriteAttribute(w, BAD_CAST "cell", BAD_CAST d->loc.ref);
            }
            xmlTextWriterWriteString(w, BAD_CAST d->message);
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    return th_xml_out_commit(&out);
}

void th_batch_print(const struct th_batch *b, FILE *out)
{
    size_t c[4], nerr = 0, nwarn = 0;
    th_batch_counts(b, c);
    for (size_t i = 0; i < b->n; i++) {
        const struct th_entry *e = &b->v[i];
        nerr += e->nerrors;
        nwarn += e->nwarnings;
        for (size_t j = 0; j < e->ndiags; j++) {
            char *line = th_diag_format_at(e->path, e->sheet, &e->diags[j]);
            fprintf(out, "%s\n", line);
            free(line);
        }
    }
    fprintf(out,
            "%zu tệp: %zu chấp nhận, %zu bị từ chối, %zu đã được thay thế, %zu trùng lặp "
            "(%zu lỗi, %zu cảnh báo)\n",
            b->n, c[TH_ST_ACCEPTED], c[TH_ST_REJECTED], c[TH_ST_SUPERSEDED], c[TH_ST_DUPLICATE], nerr,
            nwarn);
}
