/* batch.c - the entries of a batch of submissions: one per file once its
 * values are handed on, and which one counts per unit. */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

void th_batch_init(struct th_batch *b, const struct th_workspace *ws, const struct th_period *p)
{
    memset(b, 0, sizeof *b);
    b->ws = ws;
    if (p) {
        b->has_period = true;
        b->period = *p;
    }
}

/* jemalloc's, when it is the allocator (the Makefile links it; not under
 * the sanitizers, where this is NULL). */
extern int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) __attribute__((weak));

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
    if (b->prev && b->prev_free)
        b->prev_free(b->prev);
    memset(b, 0, sizeof *b);
    /* The pass's buffers and the batch are the most freed before the outputs
     * are written: their pages go back now, not after jemalloc's decay (10 s)
     * while the report allocates beside them (issue 17). 4096:
     * MALLCTL_ARENAS_ALL. */
    if (mallctl)
        mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
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
    memcpy(e->period, s->period, sizeof e->period);
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

static int entry_order(const void *pa, const void *pb, void *ctx)
{
    const struct th_batch *b = ctx;
    const struct th_entry *a = &b->v[*(const size_t *)pa], *c = &b->v[*(const size_t *)pb];
    int r = strcmp(a->unit, c->unit);
    if (r)
        return r;
    if (a->year != c->year)
        return a->year < c->year ? -1 : 1;
    r = strcmp(a->period, c->period);
    if (r)
        return r < 0 ? -1 : 1;
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
               b->v[idx[end]].year == first->year && strcmp(b->v[idx[end]].period, first->period) == 0)
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
