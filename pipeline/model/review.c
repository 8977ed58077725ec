/* review.c - the multi-year review of a plan's phase (review.h). */
#include "review.h"

#include <stdlib.h>
#include <string.h>

struct th_phase th_review_phase(const struct th_plan *plan, int year)
{
    struct th_phase ph = {plan->year_from, plan->year_to};
    for (size_t i = 0; i < plan->ntargets; i++)
        if (plan->targets[i].from <= year && year <= plan->targets[i].to) {
            ph.from = plan->targets[i].from;
            ph.to = plan->targets[i].to;
            break;
        }
    return ph;
}

void th_review_init(struct th_review *r, const struct th_workspace *ws, int from, int to)
{
    memset(r, 0, sizeof *r);
    r->ws = ws;
    r->from = from;
    r->to = to;
    r->nyears = to - from + 1;
    r->phase = th_review_phase(ws->plan, to);
    r->partial = to < r->phase.to;
    r->final = !r->partial && r->phase.to >= ws->plan->year_to;
}

void th_review_set_year(struct th_review *r, int year, struct th_cons *c, char *source)
{
    int k = year - r->from;
    th_cons_free(r->year[k]);
    free(r->source[k]);
    r->year[k] = c;
    r->source[k] = source;
}

const char *th_review_kind(const struct th_review *r)
{
    return r->final ? "Tổng kết" : "Sơ kết";
}

bool th_review_period(const struct th_review *r, int year, struct th_period *out)
{
    return th_plan_period(r->ws->plan, year, "annual", out);
}

static const struct th_cons_indicator *node_ind(const struct th_cons_node *n, const char *code)
{
    for (size_t i = 0; n && i < n->nind; i++)
        if (strcmp(n->ind[i].code, code) == 0)
            return &n->ind[i];
    return NULL;
}

/* The units whose last record ends within the years reviewed, with no
 * record of the same code taking over the next day (a rename is not a
 * change of the hierarchy). */
static void find_changes(struct th_review *r)
{
    const struct th_registry *reg = r->ws->reg;
    th_date lo = r->from * 10000 + 101, hi = r->to * 10000 + 1231;
    for (size_t i = 0; i < reg->nunits; i++) {
        const struct th_unit *u = &reg->units[i];
        if (!u->to || u->to < lo || u->to > hi || !u->parent)
            continue;
        th_date next = th_date_add_days(u->to, 1);
        if (th_registry_at(reg, u->code, next))
            continue;
        r->changes = th_realloc(r->changes, (r->nchanges + 1) * sizeof *r->changes);
        struct th_review_change *c = &r->changes[r->nchanges++];
        c->u = u;
        c->year = TH_DATE_Y(u->to);
        c->successor = u->successor ? th_registry_at(reg, u->successor, next) : NULL;
        if (u->successor && !c->successor)
            c->successor = th_registry_in(reg, u->successor, next, hi > next ? hi : next);
    }
    /* by year, then code (insertion sort: a few dozen records) */
    for (size_t i = 1; i < r->nchanges; i++)
        for (size_t j = i; j > 0; j--) {
            struct th_review_change *a = &r->changes[j - 1], *b = &r->changes[j];
            if (a->year < b->year || (a->year == b->year && strcmp(a->u->code, b->u->code) <= 0))
                break;
            struct th_review_change t = *a;
            *a = *b;
            *b = t;
        }
}

static int cmp_short(const void *pa, const void *pb)
{
    const struct th_review_short *a = pa, *b = pb;
    if (a->gap != b->gap)
        return a->gap > b->gap ? -1 : 1;
    int c = strcmp(a->n->code, b->n->code);
    return c ? c : strcmp(a->ci->code, b->ci->code);
}

/* The units directly under the top whose ratio indicators fell furthest
 * below the level of the last year judged, at most TH_REVIEW_MAX_SHORT. */
static void find_shorts(struct th_review *r)
{
    if (!r->last)
        return;
    const struct th_cons *c = r->year[r->last - r->from];
    const struct th_cons *prev = r->last > r->from ? r->year[r->last - 1 - r->from] : NULL;
    struct th_period per;
    if (!th_review_period(r, r->last, &per))
        return;
    size_t n = 0, cap = 16;
    struct th_review_short *all = th_calloc(cap, sizeof *all);
    for (size_t k = 1; k < c->nnodes; k++) {
        const struct th_cons_node *nd = c->nodes[k];
        if (nd->depth != 1)
            continue;
        for (size_t i = 0; i < r->nind; i++) {
            const struct th_cons_indicator *ci = node_ind(nd, r->ind[i].def->code);
            if (!ci || !ci->ratio || ci->status != TH_IND_OK)
                continue;
            struct th_assessment a;
            th_assess(r->ws->plan, &per, ci, prev ? node_ind(th_cons_find(prev, nd->code), ci->code) : NULL, &a);
            if (!a.t || !a.has_required || a.v == TH_V_MET || a.gap <= 0)
                continue;
            if (n == cap)
                all = th_realloc(all, (cap *= 2) * sizeof *all);
            all[n++] = (struct th_review_short){nd, &r->ind[i], ci, a.required, a.gap};
        }
    }
    qsort(all, n, sizeof *all, cmp_short);
    r->nshort = n < TH_REVIEW_MAX_SHORT ? n : TH_REVIEW_MAX_SHORT;
    memcpy(r->shorts, all, r->nshort * sizeof *all);
    free(all);
}

void th_review_finish(struct th_review *r)
{
    const struct th_plan *pl = r->ws->plan;
    r->ind = th_calloc(pl->nindicators ? pl->nindicators : 1, sizeof *r->ind);
    r->nind = 0;
    r->navail = 0;
    r->last = 0;
    for (int y = r->from; y <= r->to; y++)
        if (r->year[y - r->from] && r->year[y - r->from]->root) {
            r->navail++;
            r->last = y;
        }
    for (size_t i = 0; i < pl->nindicators; i++) {
        /* those with a target in the phase, or with none at all */
        if (!th_indicator_shown(pl, &pl->indicators[i], r->to))
            continue;
        struct th_review_ind *ri = &r->ind[r->nind++];
        ri->def = &pl->indicators[i];
        ri->t = th_plan_target(pl, ri->def, r->to);
        for (int y = r->from; y <= r->to; y++) {
            const struct th_cons *c = r->year[y - r->from];
            ri->v[y - r->from] = c && c->root ? node_ind(c->root, ri->def->code) : NULL;
        }
        if (r->last && ri->v[r->last - r->from]) {
            struct th_period per;
            if (th_review_period(r, r->last, &per)) {
                const struct th_cons_indicator *pv = r->last > r->from ? ri->v[r->last - 1 - r->from] : NULL;
                th_assess(pl, &per, ri->v[r->last - r->from], pv, &ri->a);
                ri->judged_year = r->last;
            }
        }
    }
    find_changes(r);
    find_shorts(r);
}

void th_review_release(struct th_review *r)
{
    for (int k = 0; k < TH_REVIEW_MAX_YEARS; k++) {
        th_cons_free(r->year[k]);
        free(r->source[k]);
    }
    free(r->ind);
    free(r->changes);
    memset(r, 0, sizeof *r);
}
