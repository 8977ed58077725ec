/* nightly_report.c - the state a nightly run reports on: completeness and
 * lateness at every node of the hierarchy in force, from the resolved batch
 * and the received times on record. */
#include "nightly_report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

th_date th_nightly_stamp_date(const char *stamp)
{
    char date[11];
    th_date d = 0;
    if (!stamp || strlen(stamp) < 10)
        return 0;
    memcpy(date, stamp, 10);
    date[10] = '\0';
    return th_date_parse(date, &d) ? d : 0;
}

/* ---- the hierarchy: completeness and lateness ---- */

static const struct th_nightly_report *sort_report;

static int entry_unit_cmp(const void *a, const void *b)
{
    const struct th_entry *v = sort_report->batch.v;
    const struct th_entry *x = &v[*(const size_t *)a], *y = &v[*(const size_t *)b];
    int r = strcmp(x->unit, y->unit);
    return r ? r : (*(const size_t *)a < *(const size_t *)b ? -1 : 1);
}

/* The only record of code that can be a node: the one in force at the end
 * of the period, else one closed during it (a node if it sent something). */
static const struct th_unit *node_unit(const struct th_registry *reg, const struct th_period *p, const char *code)
{
    const struct th_unit *u = th_registry_at(reg, code, p->end);
    return u ? u : th_registry_in(reg, code, p->start, p->end);
}

size_t th_nightly_find(const struct th_nightly_report *r, const char *code)
{
    const struct th_unit *u = code && r->node_of ? node_unit(r->ws->reg, &r->period, code) : NULL;
    return u ? r->node_of[u - r->ws->reg->units] : SIZE_MAX;
}

/* Entries of the batch with a unit, sorted by unit; *n set. Caller frees. */
static size_t *entries_by_unit(const struct th_nightly_report *r, size_t *n)
{
    size_t *v = th_malloc((r->batch.n ? r->batch.n : 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; i < r->batch.n; i++)
        if (r->batch.v[i].unit)
            v[(*n)++] = i;
    sort_report = r;
    qsort(v, *n, sizeof *v, entry_unit_cmp);
    return v;
}

static bool unit_has_entries(const struct th_nightly_report *r, const size_t *eu, size_t neu, const char *code)
{
    size_t lo = 0, hi = neu;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(r->batch.v[eu[mid]].unit, code);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Decide a node's own status from its entries eu[from, to). */
static void node_own(struct th_nightly_report *r, struct th_nightly_node *nd, const size_t *eu, size_t from, size_t to)
{
    size_t counting = SIZE_MAX;
    for (size_t j = from; j < to; j++)
        if (r->batch.v[eu[j]].status == TH_ST_ACCEPTED)
            counting = eu[j];
    if (counting == SIZE_MAX) {
        for (size_t j = from; j < to; j++) {
            size_t e = eu[j];
            if (counting == SIZE_MAX || strcmp(r->received[e], r->received[counting]) > 0 ||
                (strcmp(r->received[e], r->received[counting]) == 0 &&
                 strcmp(r->batch.v[e].path, r->batch.v[counting].path) > 0))
                counting = e;
        }
    }
    nd->counting = counting;
    if (counting == SIZE_MAX) {
        nd->own = nd->expected ? TH_NO_MISSING : TH_NO_NONE;
        return;
    }
    nd->own = r->batch.v[counting].status == TH_ST_ACCEPTED ? TH_NO_ACCEPTED : TH_NO_REJECTED;
    nd->late = th_nightly_stamp_date(r->received[counting]) > r->period.deadline;
}

void th_nightly_report_nodes(struct th_nightly_report *r)
{
    const struct th_registry *reg = r->ws->reg;
    const struct th_period *p = &r->period;
    size_t neu;
    size_t *eu = entries_by_unit(r, &neu);
    /* units in force at the end of the period, and closed ones that sent something
     * (at most one node per record), in registry order; node_of numbers them */
    const struct th_unit **flat = th_malloc((reg->nunits ? reg->nunits : 1) * sizeof *flat);
    size_t nflat = 0;
    r->node_of = th_malloc((reg->nunits ? reg->nunits : 1) * sizeof *r->node_of);
    for (size_t i = 0; i < reg->nunits; i++) {
        const struct th_unit *u = &reg->units[i];
        const struct th_unit *at = th_registry_at(reg, u->code, p->end);
        r->node_of[i] = SIZE_MAX;
        if (at ? at != u
               : th_registry_in(reg, u->code, p->start, p->end) != u || !unit_has_entries(r, eu, neu, u->code))
            continue;
        r->node_of[i] = nflat;
        flat[nflat++] = u;
    }
    /* parents, then pre-order */
    size_t *first = th_malloc((nflat + 1) * sizeof *first), *kids = th_malloc((nflat ? nflat : 1) * sizeof *kids);
    size_t *parent = th_malloc((nflat ? nflat : 1) * sizeof *parent);
    memset(first, 0, (nflat + 1) * sizeof *first);
    for (size_t i = 0; i < nflat; i++) {
        parent[i] = flat[i]->parent ? th_nightly_find(r, flat[i]->parent) : SIZE_MAX;
        if (parent[i] == i)
            parent[i] = SIZE_MAX;
        if (parent[i] != SIZE_MAX)
            first[parent[i] + 1]++;
    }
    for (size_t i = 0; i < nflat; i++)
        first[i + 1] += first[i];
    size_t *fill = th_malloc((nflat ? nflat : 1) * sizeof *fill);
    memcpy(fill, first, (nflat ? nflat : 1) * sizeof *fill);
    for (size_t i = 0; i < nflat; i++)
        if (parent[i] != SIZE_MAX)
            kids[fill[parent[i]]++] = i;
    struct th_nightly_node *pre = th_malloc((nflat ? nflat : 1) * sizeof *pre); /* each one set whole */
    size_t *newidx = th_malloc((nflat ? nflat : 1) * sizeof *newidx), *stack = th_malloc((nflat ? nflat : 1) * sizeof *stack);
    int *depth = th_calloc(nflat ? nflat : 1, sizeof *depth);
    size_t npre = 0;
    for (size_t top = 0; top < nflat; top++) {
        if (parent[top] != SIZE_MAX)
            continue;
        size_t sp = 0;
        stack[sp++] = top;
        depth[top] = 0;
        while (sp) {
            size_t i = stack[--sp];
            newidx[i] = npre;
            pre[npre++] = (struct th_nightly_node){
                .unit = flat[i],
                .parent = parent[i] == SIZE_MAX ? SIZE_MAX : newidx[parent[i]],
                .depth = depth[i],
                .counting = SIZE_MAX,
            };
            for (size_t k = first[i + 1]; k-- > first[i];) { /* reversed: first child on top */
                depth[kids[k]] = depth[i] + 1;
                stack[sp++] = kids[k];
            }
        }
    }
    free(flat);
    r->nodes = pre;
    r->nnodes = npre; /* every node is reached: parents form a forest */
    for (size_t i = 0; i < npre; i++)
        r->node_of[pre[i].unit - reg->units] = i;
    /* expected units */
    size_t nexp;
    const struct th_unit **exp = th_expected_units(reg, p, &nexp);
    for (size_t i = 0; i < nexp; i++) {
        size_t k = r->node_of[exp[i] - reg->units];
        if (k != SIZE_MAX)
            r->nodes[k].expected = true;
    }
    free(exp);
    /* own status from the entries, grouped by unit */
    for (size_t j = 0; j < neu;) {
        size_t end = j;
        while (end < neu && strcmp(r->batch.v[eu[end]].unit, r->batch.v[eu[j]].unit) == 0)
            end++;
        size_t k = th_nightly_find(r, r->batch.v[eu[j]].unit);
        if (k != SIZE_MAX)
            node_own(r, &r->nodes[k], eu, j, end);
        j = end;
    }
    for (size_t i = 0; i < npre; i++) {
        struct th_nightly_node *nd = &r->nodes[i];
        if (nd->counting == SIZE_MAX && nd->expected)
            nd->own = TH_NO_MISSING;
        nd->n_expected = nd->expected;
        nd->n_received = nd->own == TH_NO_ACCEPTED || nd->own == TH_NO_REJECTED;
        nd->n_accepted = nd->own == TH_NO_ACCEPTED;
        nd->n_rejected = nd->own == TH_NO_REJECTED;
        nd->n_missing = nd->own == TH_NO_MISSING;
        nd->n_late = nd->late;
        nd->n_complete = nd->expected && nd->own == TH_NO_ACCEPTED;
    }
    for (size_t i = npre; i-- > 0;) {
        struct th_nightly_node *nd = &r->nodes[i];
        if (nd->parent == SIZE_MAX)
            continue;
        struct th_nightly_node *up = &r->nodes[nd->parent];
        up->n_expected += nd->n_expected;
        up->n_received += nd->n_received;
        up->n_accepted += nd->n_accepted;
        up->n_rejected += nd->n_rejected;
        up->n_missing += nd->n_missing;
        up->n_late += nd->n_late;
        up->n_complete += nd->n_complete;
    }
    free(first);
    free(kids);
    free(parent);
    free(fill);
    free(newidx);
    free(stack);
    free(depth);
    free(eu);
}

void th_nightly_report_release(struct th_nightly_report *r)
{
    th_batch_release(&r->batch);
    free(r->received);
    free(r->fresh);
    free(r->nodes);
    free(r->node_of);
    for (size_t i = 0; i < r->ngone; i++) {
        free(r->gone[i].file);
        free(r->gone[i].unit);
        free(r->gone[i].received);
        free(r->gone[i].gone);
        free(r->gone[i].status);
    }
    free(r->gone);
    memset(r, 0, sizeof *r);
}
