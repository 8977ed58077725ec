/* cons.c - the consolidation model: the roll-up of accepted submissions over
 * the hierarchy in force at the end of a period, completeness and the plan's
 * indicators at every node; names, look-up and freeing. */
#include "cons.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const own_names[] = {"none", "missing", "rejected", "accepted"};
static const char *const own_labels[] = {"Không thuộc diện báo cáo", "Chưa báo cáo", "Bị từ chối",
                                         "Đã chấp nhận"};
static const char *const status_names[] = {"ok", "zero-denominator", "no-data", "not-asked"};
static const char *const met_names[] = {"unknown", "yes", "no"};
static const char *const met_labels[] = {"Chưa đánh giá", "Đạt", "Chưa đạt"};

const char *th_own_name(enum th_own o) { return own_names[o]; }
const char *th_own_label(enum th_own o) { return own_labels[o]; }
const char *th_ind_status_name(enum th_ind_status s) { return status_names[s]; }
const char *th_met_name(enum th_met m) { return met_names[m]; }
const char *th_met_label(enum th_met m) { return met_labels[m]; }

static int pick(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return 0;
}

enum th_own th_own_parse(const char *s) { return (enum th_own)pick(s, own_names, 4); }
enum th_ind_status th_ind_status_parse(const char *s) { return (enum th_ind_status)pick(s, status_names, 4); }
enum th_met th_met_parse(const char *s) { return (enum th_met)pick(s, met_names, 3); }

/* ---- node index: code -> node, open addressing ---- */

struct node_index {
    struct th_cons_node **slots;
    size_t cap;
};

static size_t hash_code(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static void index_put(struct node_index *ix, struct th_cons_node *n)
{
    size_t i = hash_code(n->code) & (ix->cap - 1);
    while (ix->slots[i])
        i = (i + 1) & (ix->cap - 1);
    ix->slots[i] = n;
}

static struct th_cons_node *index_get(const struct node_index *ix, const char *code)
{
    if (!ix->cap)
        return NULL;
    for (size_t i = hash_code(code) & (ix->cap - 1); ix->slots[i]; i = (i + 1) & (ix->cap - 1))
        if (strcmp(ix->slots[i]->code, code) == 0)
            return ix->slots[i];
    return NULL;
}

/* One copy of each repeated string (kinds, indicator names, notes): a
 * national run has 100,000 nodes and a handful of distinct strings. */
const char *th_cons_intern(struct th_cons *c, const char *s)
{
    if (!s)
        return NULL;
    for (size_t i = c->npool; i-- > 0;)
        if (strcmp(c->pool[i], s) == 0)
            return c->pool[i];
    TH_GROW(c->pool, c->cappool, c->npool + 1);
    c->pool[c->npool] = th_strdup(s);
    return c->pool[c->npool++];
}

/* ---- blocks: what every node has, allocated together ---- */

_Static_assert(sizeof(struct th_cons_node) <= 168, "a node of the registry: keep it small (issue 17)");
_Static_assert(sizeof(struct th_cons_indicator) <= 80, "an indicator of a node: keep it small (issue 17)");

/* c's blocks (an arena): nodes, their codes and names, the indicator
 * arrays of the roll-up; 200,000 units are 200,000 of each, whose separate
 * allocations each rounded up to the allocator's size class. */
void *th_cons_alloc(struct th_cons *c, size_t size)
{
    return th_arena_alloc(&c->blocks, size);
}

char *th_cons_strdup(struct th_cons *c, const char *s)
{
    return s ? th_arena_dup(&c->blocks, s, strlen(s)) : NULL;
}

struct th_cons_node *th_cons_node_new(struct th_cons *c, const char *code, const char *name)
{
    struct th_cons_node *n = th_cons_alloc(c, sizeof *n);
    n->in_block = true;
    n->code = th_cons_strdup(c, code);
    n->name = th_cons_strdup(c, name);
    return n;
}

/* ---- a node's values, packed ----
 * A present bit a field (TH_NNUMERIC bits), then every field's value in
 * field order as a varint of its zigzag (7 bits a byte, low first; an
 * absent field's value too, so that what is unpacked is what was packed):
 * a commune's ~70 small counts take ~90 bytes, a value of a thousand
 * billion đồng 6 (issue 17). */

#define PRESENT_BYTES ((TH_NNUMERIC + 7) / 8)
#define PACKED_MAX (PRESENT_BYTES + TH_NNUMERIC * 10)

void th_cons_set_own(struct th_cons *c, struct th_cons_node *n, const struct th_values *v)
{
    unsigned char buf[PACKED_MAX];
    memset(buf, 0, PRESENT_BYTES);
    size_t len = PRESENT_BYTES;
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        if (v->present[f])
            buf[f / 8] |= (unsigned char)(1u << (f % 8));
        uint64_t z = ((uint64_t)v->v[f] << 1) ^ (uint64_t)(v->v[f] >> 63);
        for (; z >= 0x80; z >>= 7)
            buf[len++] = (unsigned char)(z | 0x80);
        buf[len++] = (unsigned char)z;
    }
    /* a later submission's replace them in c's blocks: rare */
    n->own_values = (const unsigned char *)th_arena_dup(&c->blocks, (const char *)buf, len);
}

bool th_cons_own_values(const struct th_cons_node *n, struct th_values *out)
{
    const unsigned char *p = n->own_values;
    if (!p) {
        memset(out, 0, sizeof *out);
        return false;
    }
    for (size_t f = 0; f < TH_NNUMERIC; f++)
        out->present[f] = (p[f / 8] >> (f % 8)) & 1;
    p += PRESENT_BYTES;
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        uint64_t z = 0;
        unsigned shift = 0;
        for (; *p & 0x80; p++, shift += 7)
            z |= (uint64_t)(*p & 0x7f) << shift;
        z |= (uint64_t)*p++ << shift;
        out->v[f] = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
    }
    return true;
}

const int64_t *th_cons_totals(const struct th_cons_node *n, struct th_values *buf)
{
    if (n->total)
        return n->total;
    th_cons_own_values(n, buf);
    return buf->v;
}

/* ---- tree building ---- */

static struct th_cons_node *node_new(struct th_cons *c, const struct th_unit *u)
{
    /* code and name are the registry's, not copies: 25 bytes a unit at a
     * national scale (issue 17) */
    struct th_cons_node *n = th_cons_alloc(c, sizeof *n);
    n->in_block = true;
    n->code = u->code;
    n->name = u->name;
    n->kind = th_cons_intern(c, u->kind->code);
    n->kind_label = th_cons_intern(c, u->kind->label);
    n->group = th_cons_intern(c, u->kind->group);
    n->level = u->kind->level;
    return n;
}

void th_cons_add_child(struct th_cons_node *parent, struct th_cons_node *child)
{
    size_t cap = parent->capchildren;
    TH_GROW(parent->children, cap, (size_t)parent->nchildren + 1);
    parent->capchildren = (uint32_t)cap;
    parent->children[parent->nchildren++] = child;
    child->parent = parent;
}

static void collect_preorder(struct th_cons *c, struct th_cons_node *n, int depth)
{
    n->depth = depth;
    TH_GROW(c->nodes, c->capnodes, c->nnodes + 1);
    c->nodes[c->nnodes++] = n;
    for (size_t i = 0; i < n->nchildren; i++)
        collect_preorder(c, n->children[i], depth + 1);
}

struct th_rollup {
    struct th_cons *c;
    const struct th_workspace *ws;
    const struct th_period *p;
    struct node_index ix;
};

/* Every unit in force at the end of the data window, linked to its parent in
 * force then. A parent closed by then hands its children to its successor,
 * else to the root, with a warning: nothing is dropped. */
static bool build_tree(struct th_rollup *b)
{
    const struct th_registry *reg = b->ws->reg;
    const struct th_period *p = b->p;
    b->ix.cap = 64;
    while (b->ix.cap < reg->nunits * 2 + 2)
        b->ix.cap *= 2;
    b->ix.slots = th_calloc(b->ix.cap, sizeof *b->ix.slots);
    const struct th_unit *root = th_registry_at(reg, reg->root, p->end);
    if (!root) {
        th_error("root unit '%s' is not in force on the last day of the period", reg->root);
        return false;
    }
    struct th_cons_node **made = th_calloc(reg->nunits ? reg->nunits : 1, sizeof *made);
    for (size_t i = 0; i < reg->nunits; i++) {
        const struct th_unit *u = &reg->units[i];
        if (u->from <= p->end && (!u->to || p->end <= u->to)) {
            made[i] = node_new(b->c, u);
            made[i]->expected = th_period_expects(p->def, u) && u != root;
            index_put(&b->ix, made[i]);
        }
    }
    b->c->root = index_get(&b->ix, root->code);
    /* each node's parent first, so that children arrays are sized exactly
     * (doubling left a quarter of them unused on average; issue 17) */
    struct th_cons_node **parents = th_calloc(reg->nunits ? reg->nunits : 1, sizeof *parents);
    size_t nmade = 1;
    for (size_t i = 0; i < reg->nunits; i++) {
        if (!made[i] || made[i] == b->c->root)
            continue;
        nmade++;
        const struct th_unit *u = &reg->units[i];
        struct th_cons_node *parent = u->parent ? index_get(&b->ix, u->parent) : NULL;
        if (!parent) {
            const struct th_unit *pu = u->parent ? th_registry_in(reg, u->parent, p->start, p->end) : NULL;
            if (pu && pu->successor)
                parent = index_get(&b->ix, pu->successor);
            if (!parent)
                parent = b->c->root;
            th_warn("unit '%s': parent '%s' is not in force on %d; placed under '%s'", u->code,
                    u->parent ? u->parent : "-", p->end, parent->code);
        }
        parents[i] = parent;
        parent->capchildren++;
    }
    for (size_t i = 0; i < reg->nunits; i++)
        if (made[i] && made[i]->capchildren)
            made[i]->children = th_malloc(made[i]->capchildren * sizeof *made[i]->children);
    for (size_t i = 0; i < reg->nunits; i++)
        if (parents[i])
            th_cons_add_child(parents[i], made[i]);
    b->c->capnodes = nmade; /* collect_preorder's, exact unless closed units come */
    b->c->nodes = th_malloc(nmade * sizeof *b->c->nodes);
    free(parents);
    free(made);
    return true;
}

/* A unit with a submission but not in force at the end of the period (closed
 * during it): give it a node under its parent at the time, or its
 * successor's parent, or the root. */
static struct th_cons_node *closed_node(struct th_rollup *b, const char *code)
{
    const struct th_unit *u = th_registry_in(b->ws->reg, code, b->p->start, b->p->end);
    if (!u)
        return NULL;
    struct th_cons_node *n = node_new(b->c, u);
    n->closed = true;
    struct th_cons_node *parent = u->parent ? index_get(&b->ix, u->parent) : NULL;
    if (!parent && u->successor) {
        struct th_cons_node *succ = index_get(&b->ix, u->successor);
        parent = succ ? succ->parent : NULL;
    }
    th_cons_add_child(parent ? parent : b->c->root, n);
    /* grow the index if needed: rebuild when half full */
    size_t used = 0;
    for (size_t i = 0; i < b->ix.cap; i++)
        used += b->ix.slots[i] != NULL;
    if (used * 2 >= b->ix.cap) {
        struct node_index bigger = {th_calloc(b->ix.cap * 2, sizeof *bigger.slots), b->ix.cap * 2};
        for (size_t i = 0; i < b->ix.cap; i++)
            if (b->ix.slots[i])
                index_put(&bigger, b->ix.slots[i]);
        free(b->ix.slots);
        b->ix = bigger;
    }
    index_put(&b->ix, n);
    return n;
}

/* Batch callback: keep the latest valid submission per unit (the order
 * th_batch_resolve uses: date, then file name). */
void th_rollup_keep(const struct th_submission *s, void *rollup)
{
    struct th_rollup *b = rollup;
    if (!s->header_ok || s->nerrors)
        return;
    struct th_cons_node *n = index_get(&b->ix, s->unit);
    if (!n)
        n = closed_node(b, s->unit);
    if (!n)
        return; /* unknown unit: an error already, cannot be valid */
    if (n->file && (s->submitted < n->submitted ||
                    (s->submitted == n->submitted && strcmp(s->path, n->file) < 0)))
        return;
    n->file = th_cons_strdup(b->c, s->path); /* a later one's replace them: rare */
    n->sha256 = th_cons_strdup(b->c, s->sha256);
    n->submitted = s->submitted;
    th_cons_set_own(b->c, n, &s->val);
    for (int k = 0; k < TH_NNARR; k++) {
        const char *t = s->text[TH_NARR_FIELD0 + k - TH_NNUMERIC];
        n->narr[k] = t && *t ? th_cons_strdup(b->c, t) : NULL;
    }
}

static bool entry_is_late(const struct th_entry *e)
{
    for (size_t i = 0; i < e->ndiags; i++)
        if (strcmp(e->diags[i].code, "P01") == 0)
            return true;
    return false;
}

/* Own status of each node from the resolved batch. */
static void apply_statuses(struct th_rollup *b, const struct th_batch *batch)
{
    for (size_t i = 0; i < batch->n; i++) {
        const struct th_entry *e = &batch->v[i];
        if (!e->unit)
            continue;
        struct th_cons_node *n = index_get(&b->ix, e->unit);
        if (!n)
            continue;
        if (e->status == TH_ST_ACCEPTED) {
            n->own = TH_OWN_ACCEPTED;
            n->late = entry_is_late(e);
        } else if (e->status == TH_ST_REJECTED && n->own != TH_OWN_ACCEPTED) {
            n->own = TH_OWN_REJECTED;
        }
    }
    for (size_t i = 0; i < b->c->nnodes; i++) {
        struct th_cons_node *n = b->c->nodes[i];
        if (n->own == TH_OWN_NONE && n->expected)
            n->own = TH_OWN_MISSING;
        if (n->own != TH_OWN_ACCEPTED) {
            /* only accepted values count */
            n->own_values = NULL; /* (in c's blocks, as file, sha256 and narr) */
            n->file = NULL;
            n->sha256 = NULL;
            for (int k = 0; k < TH_NNARR; k++)
                n->narr[k] = NULL;
        }
    }
}

/* Say that field f's total at n does not fit; false, for the caller. */
static bool too_big(const struct th_cons_node *n, size_t f)
{
    th_error("tổng '%s' tại %s (%s) vượt quá giới hạn tính toán 9.223.372.036.854.775.807: không tổng hợp được",
             th_fields[f].id, n->code ? n->code : "?", n->name ? n->name : "");
    return false;
}

/* Post-order sums and counts. A leaf's totals are its own values. False
 * (said) when a total does not fit in int64: never a wrapped total. */
static bool roll_up(struct th_cons_node *n)
{
    if (n->nchildren) {
        n->total = th_calloc(TH_NNUMERIC, sizeof *n->total);
        n->own_total = true;
        struct th_values own;
        if (th_cons_own_values(n, &own))
            for (size_t f = 0; f < TH_NNUMERIC; f++)
                n->total[f] = own.present[f] ? own.v[f] : 0;
    }
    n->n_expected = n->expected;
    n->n_received = n->own == TH_OWN_ACCEPTED || n->own == TH_OWN_REJECTED;
    n->n_accepted = n->own == TH_OWN_ACCEPTED;
    n->n_rejected = n->own == TH_OWN_REJECTED;
    n->n_missing = n->own == TH_OWN_MISSING;
    n->n_late = n->late;
    n->n_expected_accepted = n->expected && n->own == TH_OWN_ACCEPTED;
    for (size_t i = 0; i < n->nchildren; i++) {
        struct th_cons_node *c = n->children[i];
        if (!roll_up(c))
            return false;
        struct th_values buf;
        const int64_t *ct = th_cons_totals(c, &buf);
        for (size_t f = 0; f < TH_NNUMERIC; f++)
            if (__builtin_add_overflow(n->total[f], ct[f], &n->total[f]))
                return too_big(n, f);
        n->n_expected += c->n_expected;
        n->n_received += c->n_received;
        n->n_accepted += c->n_accepted;
        n->n_rejected += c->n_rejected;
        n->n_missing += c->n_missing;
        n->n_late += c->n_late;
        n->n_expected_accepted += c->n_expected_accepted;
    }
    return true;
}

/* An indicator's sum at n; false (said) when it does not fit in int64. */
static bool expr_total(const struct th_expr *e, const struct th_cons_node *n, const struct th_values *v,
                       int64_t *out)
{
    if (th_expr_sum(e, v, NULL, NULL, out, NULL, NULL))
        return true;
    th_error("'%s' tại %s (%s) vượt quá giới hạn tính toán 9.223.372.036.854.775.807: không tổng hợp được",
             e->text, n->code ? n->code : "?", n->name ? n->name : "");
    return false;
}

/* Earlier consolidations used as baselines, loaded once each (by the
 * caller's th_cons_baseline_fn). */
struct baselines {
    th_cons_baseline_fn load;
    void *ctx;
    struct {
        int year;
        struct th_cons *c;   /* NULL when there is none */
    } v[8];
    size_t n;
};

static struct th_cons *baseline_cons(struct baselines *bl, int year)
{
    for (size_t i = 0; i < bl->n; i++)
        if (bl->v[i].year == year)
            return bl->v[i].c;
    struct th_cons *c = bl->load ? bl->load(bl->ctx, year) : NULL;
    if (bl->n < sizeof bl->v / sizeof bl->v[0]) {
        bl->v[bl->n].year = year;
        bl->v[bl->n++].c = c;
    }
    return c;
}

/* The indicator's value at the same node in the baseline year's
 * consolidation of the same kind of period. A node that did not exist then
 * has no baseline: its verdict stays unknown. */
static bool baseline_from_file(struct baselines *bl, int year, const char *code, const char *ind_code,
                               double *out)
{
    struct th_cons *old = baseline_cons(bl, year);
    struct th_cons_node *n = old ? th_cons_find(old, code) : NULL;
    struct th_cons_indicator ci;
    for (size_t i = 0; n && i < n->nind; i++)
        if (th_cons_ind(old, n, i, &ci) && strcmp(ci.code, ind_code) == 0 && ci.status == TH_IND_OK) {
            *out = ci.value;
            return true;
        }
    return false;
}

/* A value as consolidated.xml keeps it (4 decimals), so that outputs made
 * in the same run and outputs made later from the file are the same bytes. */
static double as_written(double v)
{
    char s[64];
    snprintf(s, sizeof s, "%.4f", v);
    return strtod(s, NULL);
}

/* A node's totals as the indicators' sums read them: every field present
 * (0 where none was given). */
static void totals_for_sums(const struct th_cons_node *n, struct th_values *tv)
{
    const int64_t *t = th_cons_totals(n, tv);
    if (t != tv->v)
        memcpy(tv->v, t, sizeof tv->v);
    memset(tv->present, 1, sizeof tv->present);
}

/* The consolidation's period covers a whole year (annual; unknown: as annual). */
static bool full_year(const struct th_plan *plan, const struct th_cons *c)
{
    const struct th_period_def *d = th_plan_period_def(plan, c->period);
    return d ? d->full_year : strcmp(c->period, "h1") != 0;
}

/* n's indicator i (of c->plan's) into *ci: c->ind_tpl[i] (code, name,
 * target) with n's figures from its totals tv (totals_for_sums), its
 * verdict and, bl given, a baseline from an earlier year's consolidation
 * (without bl a node has none but the root's from the plan). False (said)
 * when a sum does not fit in int64. */
static bool node_indicator(const struct th_cons *c, const struct th_cons_node *n, const struct th_values *tv,
                           struct baselines *bl, size_t i, struct th_cons_indicator *ci)
{
    const struct th_plan *plan = c->plan;
    const struct th_period_def *pd = th_plan_period_def(plan, c->period);
    const struct th_indicator *def = &plan->indicators[i];
    memcpy(ci, &c->ind_tpl[i], sizeof *ci);
    if (!expr_total(&def->num, n, tv, &ci->num) || (ci->ratio && !expr_total(&def->den, n, tv, &ci->den)))
        return false;
    ci->complete = n->n_expected_accepted == n->n_expected;
    if (!th_period_asks_indicator(pd, def)) {
        ci->status = TH_IND_NOT_ASKED; /* its fields were not asked: no 0 of them */
        ci->num = ci->den = 0;
    }
    else if (n->n_accepted == 0)
        ci->status = TH_IND_NO_DATA;
    else if (ci->ratio && ci->den == 0)
        ci->status = TH_IND_ZERO_DEN;
    else
        ci->status = TH_IND_OK;
    if (ci->status == TH_IND_OK)
        ci->value = as_written(ci->ratio ? (double)ci->num * 100.0 / (double)ci->den : (double)ci->num);
    const struct th_target *t = th_plan_target(plan, def, c->year);
    if (!t)
        return true;
    if (t->relative) {
        if (t->has_baseline_value && n == c->root) {
            ci->has_baseline = true;
            ci->baseline = t->baseline_value;
        } else if (bl) {
            ci->has_baseline = baseline_from_file(bl, t->baseline_year, n->code, def->code, &ci->baseline);
        }
    }
    if (ci->status != TH_IND_OK)
        return true;
    if (!th_period_judges_ratios(pd)) {
        /* an ad hoc part of a year: judged on the year's figures (th_assess) */
    } else if (!t->relative) {
        ci->met = th_op_holds(t->op, ci->value, t->value) ? TH_MET_YES : TH_MET_NO;
    } else if (ci->has_baseline && ci->baseline > 0 && (ci->ratio || full_year(plan, c))) {
        /* a count of part of a year is not compared with a whole
         * year's baseline: judged on the year's figures */
        ci->change = as_written((ci->value - ci->baseline) * 100.0 / ci->baseline);
        ci->met = th_op_holds(t->op, ci->change, t->value) ? TH_MET_YES : TH_MET_NO;
    }
    return true;
}

/* Every indicator of n into out[c->plan->nindicators], as node_indicator. */
static bool node_indicators(const struct th_cons *c, const struct th_cons_node *n, struct baselines *bl,
                            struct th_cons_indicator *out)
{
    struct th_values tv;
    totals_for_sums(n, &tv);
    for (size_t i = 0; i < c->plan->nindicators; i++)
        if (!node_indicator(c, n, &tv, bl, i, &out[i]))
            return false;
    return true;
}

/* n's indicators, computed in scratch, kept. A node with nothing accepted
 * in its subtree has the same indicators as every other such node (no
 * data, the plan's targets) unless a baseline differs: it points at one
 * shared copy instead of its own (at a national scale most units do not
 * report; issue 17). A unit with no units below it and no baseline keeps
 * none: th_cons_inds computes them from its values when they are read
 * (400 bytes a reporting commune). Any other node's are copied into c's
 * blocks (an exact size, not the allocator's next class). */
static void keep_indicators(struct th_cons *c, struct th_cons_node *n, const struct th_cons_indicator *scratch)
{
    size_t size = n->nind * sizeof *scratch;
    if (!n->n_accepted) {
        struct th_cons_indicator **tpl = &c->no_data[scratch[0].complete];
        if (!*tpl) /* the first becomes the shared copy, owned by c */
            *tpl = memcpy(th_malloc(size), scratch, size);
        if (memcmp(*tpl, scratch, size) == 0) {
            n->ind = *tpl;
            n->shared_ind = true;
            return;
        }
    }
    bool own_baseline = false;
    for (size_t i = 0; i < n->nind; i++)
        own_baseline |= scratch[i].has_baseline;
    if (!n->nchildren && n != c->root && !own_baseline) {
        n->ind = NULL; /* (th_cons_inds) */
        return;
    }
    n->ind = memcpy(th_cons_alloc(c, size), scratch, size);
    n->ind_in_block = true;
}

/* c->ind_tpl: what every node's indicators share (codes, names, targets). */
static void indicator_template(struct th_cons *c)
{
    const struct th_plan *plan = c->plan;
    c->ind_tpl = th_calloc(plan->nindicators ? plan->nindicators : 1, sizeof *c->ind_tpl);
    for (size_t i = 0; i < plan->nindicators; i++) {
        const struct th_indicator *def = &plan->indicators[i];
        struct th_cons_indicator *ci = &c->ind_tpl[i];
        ci->code = th_cons_intern(c, def->code);
        ci->name = th_cons_intern(c, def->name);
        ci->ratio = def->den.nterms > 0;
        const struct th_target *t = th_plan_target(plan, def, c->year);
        if (!t)
            continue;
        ci->has_target = true;
        ci->op = t->op;
        ci->target = t->value;
        ci->relative = t->relative;
        ci->note = th_cons_intern(c, t->note);
        if (t->relative)
            ci->baseline_year = t->baseline_year;
    }
}

static bool compute_indicators(struct th_cons *c, const struct th_plan *plan, th_cons_baseline_fn baseline,
                               void *ctx)
{
    struct baselines bl = {.load = baseline, .ctx = ctx};
    bool ok = true;
    c->plan = plan;
    indicator_template(c);
    struct th_cons_indicator *scratch = th_malloc((plan->nindicators ? plan->nindicators : 1) * sizeof *scratch);
    for (size_t k = 0; k < c->nnodes; k++) {
        struct th_cons_node *n = c->nodes[k];
        n->nind = (uint16_t)plan->nindicators;
        if (!node_indicators(c, n, &bl, scratch)) {
            ok = false;
            break;
        }
        if (n->nind)
            keep_indicators(c, n, scratch);
    }
    free(scratch);
    for (size_t i = 0; i < bl.n; i++)
        th_cons_free(bl.v[i].c);
    return ok;
}

const struct th_cons_indicator *th_cons_inds(const struct th_cons *c, const struct th_cons_node *n,
                                             struct th_cons_indicator *scratch)
{
    if (n->ind || !n->nind)
        return n->ind;
    /* a leaf's, as the roll-up computed them (which they did not overflow) */
    node_indicators(c, n, NULL, scratch);
    return scratch;
}

bool th_cons_ind(const struct th_cons *c, const struct th_cons_node *n, size_t i, struct th_cons_indicator *out)
{
    if (i >= n->nind)
        return false;
    if (n->ind) {
        *out = n->ind[i];
        return true;
    }
    struct th_values tv;
    totals_for_sums(n, &tv);
    node_indicator(c, n, &tv, NULL, i, out);
    return true;
}

static int input_cmp(const void *a, const void *b)
{
    return strcmp(((const struct th_cons_input *)a)->unit, ((const struct th_cons_input *)b)->unit);
}

struct th_rollup *th_rollup_start(const struct th_workspace *ws, const struct th_period *p)
{
    struct th_cons *c = th_calloc(1, sizeof *c);
    c->plan_id = th_strdup(ws->plan->id);
    c->generator = th_strdup("tonghop " TH_VERSION);
    c->year = p->year;
    snprintf(c->period, sizeof c->period, "%s", p->id);
    c->start = p->start;
    c->end = p->end;
    c->deadline = p->deadline;
    struct th_rollup *b = th_calloc(1, sizeof *b);
    b->c = c;
    b->ws = ws;
    b->p = p;
    if (!build_tree(b)) {
        free(b->ix.slots);
        th_cons_free(c);
        free(b);
        return NULL;
    }
    return b;
}

struct th_cons *th_rollup_finish(struct th_rollup *b, const struct th_batch *bt, th_cons_baseline_fn baseline,
                                 void *ctx)
{
    struct th_cons *c = b->c;
    size_t counts[4];
    th_batch_counts(bt, counts);
    c->files = bt->n;
    c->accepted = counts[TH_ST_ACCEPTED];
    c->rejected = counts[TH_ST_REJECTED];
    c->superseded = counts[TH_ST_SUPERSEDED];
    c->duplicate = counts[TH_ST_DUPLICATE];

    collect_preorder(c, c->root, 0);
    apply_statuses(b, bt);
    if (!roll_up(c->root) || !compute_indicators(c, b->ws->plan, baseline, ctx)) {
        free(b->ix.slots);
        free(b);
        th_cons_free(c);
        return NULL;
    }
    c->capinputs = c->accepted ? c->accepted : 1; /* exact: no doubling slack at 100,000 */
    c->inputs = th_calloc(c->capinputs, sizeof *c->inputs);
    for (size_t i = 0; i < c->nnodes; i++) {
        struct th_cons_node *nd = c->nodes[i];
        if (nd->own != TH_OWN_ACCEPTED)
            continue;
        TH_GROW(c->inputs, c->capinputs, c->ninputs + 1);
        struct th_cons_input *in = &c->inputs[c->ninputs++];
        in->unit = nd->code; /* the node's: inputs are only read */
        in->file = nd->file;
        in->sha256 = nd->sha256;
        in->submitted = nd->submitted;
    }
    if (c->ninputs)
        qsort(c->inputs, c->ninputs, sizeof *c->inputs, input_cmp);
    c->slots = b->ix.slots; /* every node, closed ones included: th_cons_find's index */
    c->nslots = b->ix.cap;
    free(b);
    return c;
}


void th_cons_index(struct th_cons *c)
{
    struct node_index ix = {NULL, 64};
    while (ix.cap < c->nnodes * 2 + 2)
        ix.cap *= 2;
    ix.slots = th_calloc(ix.cap, sizeof *ix.slots);
    for (size_t i = 0; i < c->nnodes; i++)
        if (c->nodes[i]->code)
            index_put(&ix, c->nodes[i]);
    free(c->slots);
    c->slots = ix.slots;
    c->nslots = ix.cap;
}

static void node_free(struct th_cons_node *n)
{
    if (!n->in_block) {
        free((char *)n->code);
        free((char *)n->name);
        free(n->file);
        free(n->sha256);
    }
    free(n->children);
    if (n->own_total)
        free(n->total);
    if (!n->shared_ind && !n->ind_in_block)
        free(n->ind);
    if (!n->in_block)
        free(n);
}

void th_cons_free(struct th_cons *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nnodes; i++)
        node_free(c->nodes[i]);
    if (!c->nnodes && c->root)
        node_free(c->root);
    free(c->nodes);
    free(c->inputs);
    free(c->slots);
    free(c->no_data[0]);
    free(c->no_data[1]);
    free(c->ind_tpl);
    th_strv_free(c->pool, c->npool);
    free(c->plan_id);
    free(c->generator);
    th_arena_release(&c->blocks);
    free(c);
}

struct th_cons_node *th_cons_find(const struct th_cons *c, const char *code)
{
    const struct node_index ix = {c->slots, c->nslots};
    return index_get(&ix, code);
}

int64_t th_cons_total(const struct th_cons_node *n, const char *field_id)
{
    int f = th_field_index(field_id);
    if (f < 0 || f >= TH_NNUMERIC)
        return 0;
    struct th_values buf;
    return th_cons_totals(n, &buf)[f];
}

/* Print s left-aligned in a column of width characters (not bytes). */
/* s padded to width characters, and always one space after it */
