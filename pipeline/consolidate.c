/* consolidate.c - roll-up over the effective-dated hierarchy, completeness,
 * indicators; consolidated.xml writing and loading. */
#include "consolidate.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>
#include <unistr.h>

#include "gen.h"
#include "text.h"
#include "xmlsafe.h"

#define CONS_NS "urn:tonghop:consolidated:1"

static const char *const own_names[] = {"none", "missing", "rejected", "accepted"};
static const char *const own_labels[] = {"Không thuộc diện báo cáo", "Chưa báo cáo", "Bị từ chối",
                                         "Đã chấp nhận"};
static const char *const status_names[] = {"ok", "zero-denominator", "no-data"};
static const char *const met_names[] = {"unknown", "yes", "no"};
static const char *const met_labels[] = {"Chưa đánh giá", "Đạt", "Chưa đạt"};

const char *th_own_name(enum th_own o) { return own_names[o]; }
const char *th_own_label(enum th_own o) { return own_labels[o]; }
const char *th_ind_status_name(enum th_ind_status s) { return status_names[s]; }
const char *th_met_name(enum th_met m) { return met_names[m]; }
const char *th_met_label(enum th_met m) { return met_labels[m]; }

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
static const char *intern(struct th_cons *c, const char *s)
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

/* ---- tree building ---- */

static struct th_cons_node *node_new(struct th_cons *c, const struct th_unit *u)
{
    struct th_cons_node *n = th_calloc(1, sizeof *n);
    n->code = th_strdup(u->code);
    n->name = th_strdup(u->name);
    n->kind = intern(c, u->kind->code);
    n->kind_label = intern(c, u->kind->label);
    n->group = intern(c, u->kind->group);
    n->level = u->kind->level;
    return n;
}

static void add_child(struct th_cons_node *parent, struct th_cons_node *child)
{
    TH_GROW(parent->children, parent->capchildren, parent->nchildren + 1);
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

struct build {
    struct th_cons *c;
    const struct th_workspace *ws;
    const struct th_period *p;
    struct node_index ix;
};

/* Every unit in force at the end of the data window, linked to its parent in
 * force then. A parent closed by then hands its children to its successor,
 * else to the root, with a warning: nothing is dropped. */
static bool build_tree(struct build *b)
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
            made[i]->expected = (u->reports & TH_PERIOD_BIT(p->kind)) != 0 && u != root;
            index_put(&b->ix, made[i]);
        }
    }
    b->c->root = index_get(&b->ix, root->code);
    for (size_t i = 0; i < reg->nunits; i++) {
        if (!made[i] || made[i] == b->c->root)
            continue;
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
        add_child(parent, made[i]);
    }
    free(made);
    return true;
}

/* A unit with a submission but not in force at the end of the period (closed
 * during it): give it a node under its parent at the time, or its
 * successor's parent, or the root. */
static struct th_cons_node *closed_node(struct build *b, const char *code)
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
    add_child(parent ? parent : b->c->root, n);
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
static void keep_values(const struct th_submission *s, void *ctx)
{
    struct build *b = ctx;
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
    free(n->file);
    n->file = th_strdup(s->path);
    memcpy(n->sha256, s->sha256, sizeof n->sha256);
    n->submitted = s->submitted;
    n->own_values = s->val;
}

static bool entry_is_late(const struct th_entry *e)
{
    for (size_t i = 0; i < e->ndiags; i++)
        if (strcmp(e->diags[i].code, "P01") == 0)
            return true;
    return false;
}

/* Own status of each node from the resolved batch. */
static void apply_statuses(struct build *b, const struct th_batch *batch)
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
            memset(&n->own_values, 0, sizeof n->own_values);
            free(n->file);
            n->file = NULL;
            n->sha256[0] = '\0';
        }
    }
}

/* Post-order sums and counts. A leaf's totals are its own values. */
static void roll_up(struct th_cons_node *n)
{
    if (!n->nchildren) {
        n->total = n->own_values.v;
    } else {
        n->total = th_calloc(TH_NNUMERIC, sizeof *n->total);
        for (size_t f = 0; f < TH_NNUMERIC; f++)
            n->total[f] = n->own_values.present[f] ? n->own_values.v[f] : 0;
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
        roll_up(c);
        for (size_t f = 0; f < TH_NNUMERIC; f++)
            n->total[f] += c->total[f];
        n->n_expected += c->n_expected;
        n->n_received += c->n_received;
        n->n_accepted += c->n_accepted;
        n->n_rejected += c->n_rejected;
        n->n_missing += c->n_missing;
        n->n_late += c->n_late;
        n->n_expected_accepted += c->n_expected_accepted;
    }
}

static int64_t expr_total(const struct th_expr *e, const struct th_cons_node *n)
{
    struct th_values v;
    memcpy(v.v, n->total, sizeof v.v);
    memset(v.present, 1, sizeof v.present);
    return th_expr_eval(e, &v, NULL, NULL, NULL, NULL);
}

/* Earlier consolidations used as baselines, loaded once each. */
struct baselines {
    const char *dir, *plan_id;
    enum th_period_kind kind;
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
    struct th_cons *c = NULL;
    if (bl->dir) {
        char *path = th_asprintf("%s/%s/%d-%s/consolidated.xml", bl->dir, bl->plan_id, year,
                                 th_period_name(bl->kind));
        if (th_is_file(path))
            c = th_cons_load(path);
        free(path);
    }
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
    for (size_t i = 0; n && i < n->nind; i++)
        if (strcmp(n->ind[i].code, ind_code) == 0 && n->ind[i].status == TH_IND_OK) {
            *out = n->ind[i].value;
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

static void compute_indicators(struct th_cons *c, const struct th_plan *plan, int year,
                               const char *baseline_dir)
{
    struct baselines bl = {.dir = baseline_dir, .plan_id = c->plan_id, .kind = c->period};
    for (size_t k = 0; k < c->nnodes; k++) {
        struct th_cons_node *n = c->nodes[k];
        n->nind = plan->nindicators;
        n->ind = th_calloc(n->nind ? n->nind : 1, sizeof *n->ind);
        for (size_t i = 0; i < plan->nindicators; i++) {
            const struct th_indicator *def = &plan->indicators[i];
            struct th_cons_indicator *ci = &n->ind[i];
            ci->code = intern(c, def->code);
            ci->name = intern(c, def->name);
            ci->ratio = def->den.nterms > 0;
            ci->num = expr_total(&def->num, n);
            ci->den = ci->ratio ? expr_total(&def->den, n) : 0;
            ci->complete = n->n_expected_accepted == n->n_expected;
            if (n->n_accepted == 0)
                ci->status = TH_IND_NO_DATA;
            else if (ci->ratio && ci->den == 0)
                ci->status = TH_IND_ZERO_DEN;
            else
                ci->status = TH_IND_OK;
            if (ci->status == TH_IND_OK)
                ci->value = as_written(ci->ratio ? (double)ci->num * 100.0 / (double)ci->den : (double)ci->num);
            const struct th_target *t = th_plan_target(plan, def, year);
            if (!t)
                continue;
            ci->has_target = true;
            ci->op = t->op;
            ci->target = t->value;
            ci->relative = t->relative;
            ci->note = intern(c, t->note);
            if (t->relative) {
                ci->baseline_year = t->baseline_year;
                if (t->has_baseline_value && n == c->root) {
                    ci->has_baseline = true;
                    ci->baseline = t->baseline_value;
                } else {
                    ci->has_baseline = baseline_from_file(&bl, t->baseline_year, n->code, def->code,
                                                          &ci->baseline);
                }
            }
            if (ci->status != TH_IND_OK)
                continue;
            if (!t->relative) {
                ci->met = th_op_holds(t->op, ci->value, t->value) ? TH_MET_YES : TH_MET_NO;
            } else if (ci->has_baseline && ci->baseline > 0) {
                ci->change = as_written((ci->value - ci->baseline) * 100.0 / ci->baseline);
                ci->met = th_op_holds(t->op, ci->change, t->value) ? TH_MET_YES : TH_MET_NO;
            }
        }
    }
    for (size_t i = 0; i < bl.n; i++)
        th_cons_free(bl.v[i].c);
}

static int input_cmp(const void *a, const void *b)
{
    return strcmp(((const struct th_cons_input *)a)->unit, ((const struct th_cons_input *)b)->unit);
}

struct th_cons *th_consolidate(const struct th_workspace *ws, const struct th_period *p,
                               const char *baseline_dir, struct th_batch *batch)
{
    struct th_cons *c = th_calloc(1, sizeof *c);
    c->plan_id = th_strdup(ws->plan->id);
    c->generator = th_strdup("tonghop " TH_VERSION);
    c->year = p->year;
    c->period = p->kind;
    c->start = p->start;
    c->end = p->end;
    c->deadline = p->deadline;
    struct build b = {.c = c, .ws = ws, .p = p};
    if (!build_tree(&b)) {
        free(b.ix.slots);
        th_cons_free(c);
        return NULL;
    }
    struct th_batch local;
    struct th_batch *bt = batch ? batch : &local;
    th_batch_init(bt, ws, p);
    size_t n;
    char **files = th_workspace_period_files(ws, p->year, p->kind, &n);
    th_batch_run(bt, files, n, keep_values, &b);
    th_strv_free(files, n);
    th_batch_resolve(bt);
    size_t counts[4];
    th_batch_counts(bt, counts);
    c->files = bt->n;
    c->accepted = counts[TH_ST_ACCEPTED];
    c->rejected = counts[TH_ST_REJECTED];
    c->superseded = counts[TH_ST_SUPERSEDED];
    c->duplicate = counts[TH_ST_DUPLICATE];

    collect_preorder(c, c->root, 0);
    apply_statuses(&b, bt);
    roll_up(c->root);
    compute_indicators(c, ws->plan, p->year, baseline_dir);
    c->capinputs = c->accepted ? c->accepted : 1; /* exact: no doubling slack at 100,000 */
    c->inputs = th_calloc(c->capinputs, sizeof *c->inputs);
    for (size_t i = 0; i < c->nnodes; i++) {
        struct th_cons_node *nd = c->nodes[i];
        if (nd->own != TH_OWN_ACCEPTED)
            continue;
        TH_GROW(c->inputs, c->capinputs, c->ninputs + 1);
        struct th_cons_input *in = &c->inputs[c->ninputs++];
        in->unit = th_strdup(nd->code);
        in->file = th_strdup(nd->file);
        memcpy(in->sha256, nd->sha256, sizeof in->sha256);
        in->submitted = nd->submitted;
    }
    if (c->ninputs)
        qsort(c->inputs, c->ninputs, sizeof *c->inputs, input_cmp);
    if (!batch)
        th_batch_release(&local);
    c->slots = b.ix.slots; /* every node, closed ones included: th_cons_find's index */
    c->nslots = b.ix.cap;
    return c;
}

/* ---- writing ---- */

static void attr_int(xmlTextWriterPtr w, const char *name, long long v)
{
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%lld", v);
}

static void attr_str(xmlTextWriterPtr w, const char *name, const char *v)
{
    if (v)
        xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
}

static void attr_date(xmlTextWriterPtr w, const char *name, th_date d)
{
    char s[11];
    if (!d)
        return;
    th_date_format(d, s);
    attr_str(w, name, s);
}

/* Decimal with 4 places, no locale, no trailing noise: stable bytes. */
static void attr_dbl(xmlTextWriterPtr w, const char *name, double v)
{
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%.4f", v);
}

/* One list of every numeric field, in catalogue order (see <fields>). */
static void write_values(xmlTextWriterPtr w, const char *elem, const int64_t *v, const uint8_t *present)
{
    char buf[TH_NNUMERIC * 20 + 1];
    size_t used = 0;
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        int k = present && !present[f] ? snprintf(buf + used, sizeof buf - used, "%s-", f ? " " : "")
                                       : snprintf(buf + used, sizeof buf - used, "%s%lld", f ? " " : "",
                                                  (long long)v[f]);
        if (k < 0 || (size_t)k >= sizeof buf - used)
            break; /* cannot happen: 70 values of at most 19 digits */
        used += (size_t)k;
    }
    xmlTextWriterWriteElement(w, BAD_CAST elem, BAD_CAST buf);
}

static void write_node(xmlTextWriterPtr w, const struct th_cons_node *n)
{
    xmlTextWriterStartElement(w, BAD_CAST "node");
    attr_str(w, "code", n->code);
    attr_str(w, "name", n->name);
    attr_str(w, "kind", n->kind);
    attr_str(w, "kindLabel", n->kind_label);
    attr_str(w, "group", n->group);
    attr_int(w, "level", n->level);
    attr_str(w, "expected", n->expected ? "true" : "false");
    if (n->closed)
        attr_str(w, "closed", "true");
    attr_str(w, "own", th_own_name(n->own));
    if (n->late)
        attr_str(w, "late", "true");
    if (n->file) {
        attr_str(w, "file", n->file);
        attr_str(w, "sha256", n->sha256);
        attr_date(w, "submitted", n->submitted);
    }
    xmlTextWriterStartElement(w, BAD_CAST "counts");
    attr_int(w, "expected", (long long)n->n_expected);
    attr_int(w, "received", (long long)n->n_received);
    attr_int(w, "accepted", (long long)n->n_accepted);
    attr_int(w, "rejected", (long long)n->n_rejected);
    attr_int(w, "missing", (long long)n->n_missing);
    attr_int(w, "late", (long long)n->n_late);
    xmlTextWriterEndElement(w);
    if (n->own == TH_OWN_ACCEPTED)
        write_values(w, "own", n->own_values.v, n->own_values.present);
    if (n->nchildren)
        write_values(w, "totals", n->total, NULL);
    for (size_t i = 0; i < n->nind; i++) {
        const struct th_cons_indicator *ci = &n->ind[i];
        xmlTextWriterStartElement(w, BAD_CAST "indicator");
        attr_str(w, "code", ci->code);
        if (!n->depth) /* names and notes once, on the root: 100,000 nodes share them */
            attr_str(w, "name", ci->name);
        attr_str(w, "type", ci->ratio ? "ratio" : "count");
        attr_int(w, "numerator", ci->num);
        if (ci->ratio)
            attr_int(w, "denominator", ci->den);
        attr_str(w, "status", th_ind_status_name(ci->status));
        if (ci->status == TH_IND_OK)
            attr_dbl(w, "value", ci->value);
        attr_str(w, "complete", ci->complete ? "true" : "false");
        if (ci->has_target) {
            static const char *const opn[] = {"eq", "ne", "lt", "le", "gt", "ge"};
            attr_str(w, "op", opn[ci->op]);
            attr_dbl(w, ci->relative ? "change" : "target", ci->target);
            if (ci->relative) {
                attr_int(w, "baselineYear", ci->baseline_year);
                if (ci->has_baseline)
                    attr_dbl(w, "baseline", ci->baseline);
                if (ci->has_baseline && ci->status == TH_IND_OK && ci->baseline > 0)
                    attr_dbl(w, "actualChange", ci->change);
            }
            if (!n->depth)
                attr_str(w, "note", ci->note);
        }
        attr_str(w, "met", th_met_name(ci->met));
        xmlTextWriterEndElement(w);
    }
    for (size_t i = 0; i < n->nchildren; i++)
        write_node(w, n->children[i]);
    xmlTextWriterEndElement(w);
}

th_err th_cons_write(const struct th_cons *c, const char *path)
{
    struct th_xml_out out;
    xmlTextWriterPtr w = th_xml_out_open(&out, path);
    if (!w)
        return TH_ERR_IO;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST " ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "consolidated", BAD_CAST CONS_NS);
    attr_str(w, "plan", c->plan_id);
    attr_int(w, "year", c->year);
    attr_str(w, "period", th_period_name(c->period));
    attr_date(w, "start", c->start);
    attr_date(w, "end", c->end);
    attr_date(w, "deadline", c->deadline);
    attr_str(w, "generator", c->generator);
    xmlTextWriterStartElement(w, BAD_CAST "validation");
    attr_int(w, "files", (long long)c->files);
    attr_int(w, "accepted", (long long)c->accepted);
    attr_int(w, "rejected", (long long)c->rejected);
    attr_int(w, "superseded", (long long)c->superseded);
    attr_int(w, "duplicate", (long long)c->duplicate);
    xmlTextWriterEndElement(w);
    struct th_buf fields;
    th_buf_init(&fields, 0);
    for (size_t f = 0; f < TH_NNUMERIC; f++)
        th_buf_printf(&fields, "%s%s", f ? " " : "", th_fields[f].id);
    xmlTextWriterWriteElement(w, BAD_CAST "fields", BAD_CAST fields.data);
    th_buf_release(&fields);
    xmlTextWriterStartElement(w, BAD_CAST "inputs");
    for (size_t i = 0; i < c->ninputs; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "input");
        attr_str(w, "unit", c->inputs[i].unit);
        attr_str(w, "file", c->inputs[i].file);
        attr_str(w, "sha256", c->inputs[i].sha256);
        attr_date(w, "submitted", c->inputs[i].submitted);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    write_node(w, c->root);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    return th_xml_out_commit(&out);
}

/* ---- loading ---- */





static int pick(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return 0;
}

/* Read a value list through map (list position -> field index, -1 for a
 * field this version does not know). */
static void load_values(xmlNodePtr el, const int *map, size_t nmap, int64_t *v, uint8_t *present)
{
    char *t = th_xml_text(el), *save = NULL;
    size_t pos = 0;
    for (char *tok = strtok_r(t, " \t\r\n", &save); tok && pos < nmap;
         tok = strtok_r(NULL, " \t\r\n", &save), pos++) {
        int i = map[pos];
        if (i < 0 || strcmp(tok, "-") == 0)
            continue;
        v[i] = strtoll(tok, NULL, 10);
        if (present)
            present[i] = 1;
    }
    free(t);
}

struct field_map {
    int *map;
    size_t n;
};

static struct th_cons_node *load_node(struct th_cons *c, xmlNodePtr el, struct th_cons_node *parent,
                                      int depth, const struct field_map *fm)
{
    struct th_cons_node *n = th_calloc(1, sizeof *n);
    n->code = th_xml_attr(el, "code");
    n->name = th_xml_attr(el, "name");
    char *kind = th_xml_attr(el, "kind"), *label = th_xml_attr(el, "kindLabel"), *group = th_xml_attr(el, "group");
    n->kind = intern(c, kind);
    n->kind_label = intern(c, label);
    n->group = intern(c, group);
    free(kind);
    free(label);
    free(group);
    n->level = (int)th_xml_attr_int(el, "level");
    n->depth = depth;
    n->expected = th_xml_attr_bool(el, "expected");
    n->closed = th_xml_attr_bool(el, "closed");
    char *own = th_xml_attr(el, "own");
    n->own = (enum th_own)pick(own, own_names, 4);
    free(own);
    n->late = th_xml_attr_bool(el, "late");
    n->file = th_xml_attr(el, "file");
    char *sha = th_xml_attr(el, "sha256");
    if (sha)
        snprintf(n->sha256, sizeof n->sha256, "%s", sha);
    free(sha);
    n->submitted = th_xml_attr_date(el, "submitted");
    xmlNodePtr counts = th_xml_child(el, "counts");
    n->n_expected = (size_t)th_xml_attr_int(counts, "expected");
    n->n_received = (size_t)th_xml_attr_int(counts, "received");
    n->n_accepted = (size_t)th_xml_attr_int(counts, "accepted");
    n->n_rejected = (size_t)th_xml_attr_int(counts, "rejected");
    n->n_missing = (size_t)th_xml_attr_int(counts, "missing");
    n->n_late = (size_t)th_xml_attr_int(counts, "late");
    xmlNodePtr own_el = th_xml_child(el, "own"), tot_el = th_xml_child(el, "totals");
    if (own_el)
        load_values(own_el, fm->map, fm->n, n->own_values.v, n->own_values.present);
    if (tot_el) {
        n->total = th_calloc(TH_NNUMERIC, sizeof *n->total);
        load_values(tot_el, fm->map, fm->n, n->total, NULL);
    } else {
        n->total = n->own_values.v;
    }
    size_t cap = 0;
    TH_XML_FOREACH(ie, el, "indicator") {
        TH_GROW(n->ind, cap, n->nind + 1);
        struct th_cons_indicator *ci = &n->ind[n->nind++];
        char *code = th_xml_attr(ie, "code"), *name = th_xml_attr(ie, "name"), *note = th_xml_attr(ie, "note");
        ci->code = intern(c, code);
        ci->name = intern(c, name);
        ci->note = intern(c, note);
        /* below the root, names and notes are the root's (same plan order) */
        const struct th_cons_node *root = c->nnodes ? c->nodes[0] : NULL;
        if (root && n->nind <= root->nind && strcmp(root->ind[n->nind - 1].code, ci->code) == 0) {
            if (!ci->name)
                ci->name = root->ind[n->nind - 1].name;
            if (!ci->note)
                ci->note = root->ind[n->nind - 1].note;
        }
        free(code);
        free(name);
        free(note);
        char *type = th_xml_attr(ie, "type"), *st = th_xml_attr(ie, "status"), *op = th_xml_attr(ie, "op"),
             *met = th_xml_attr(ie, "met");
        ci->ratio = type && strcmp(type, "ratio") == 0;
        ci->status = (enum th_ind_status)pick(st, status_names, 3);
        ci->met = (enum th_met)pick(met, met_names, 3);
        if (op) {
            ci->has_target = true;
            th_op_parse(op, &ci->op);
        }
        free(type);
        free(st);
        free(op);
        free(met);
        ci->num = th_xml_attr_int(ie, "numerator");
        ci->den = th_xml_attr_int(ie, "denominator");
        th_xml_attr_dbl(ie, "value", &ci->value);
        ci->complete = th_xml_attr_bool(ie, "complete");
        if (th_xml_attr_dbl(ie, "change", &ci->target))
            ci->relative = true;
        else
            th_xml_attr_dbl(ie, "target", &ci->target);
        ci->baseline_year = (int)th_xml_attr_int(ie, "baselineYear");
        ci->has_baseline = th_xml_attr_dbl(ie, "baseline", &ci->baseline);
        th_xml_attr_dbl(ie, "actualChange", &ci->change);
    }
    n->parent = parent;
    TH_GROW(c->nodes, c->capnodes, c->nnodes + 1);
    c->nodes[c->nnodes++] = n;
    TH_XML_FOREACH(ch, el, "node")
        add_child(n, load_node(c, ch, n, depth + 1, fm));
    return n;
}

struct th_cons *th_cons_load(const char *path)
{
    xmlDocPtr doc = th_xml_load_config(path, "consolidated.xsd");
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    struct th_cons *c = th_calloc(1, sizeof *c);
    c->plan_id = th_xml_attr(root, "plan");
    c->generator = th_xml_attr(root, "generator");
    c->year = (int)th_xml_attr_int(root, "year");
    char *period = th_xml_attr(root, "period");
    th_period_parse(period, &c->period);
    free(period);
    c->start = th_xml_attr_date(root, "start");
    c->end = th_xml_attr_date(root, "end");
    c->deadline = th_xml_attr_date(root, "deadline");
    xmlNodePtr v = th_xml_child(root, "validation");
    c->files = (size_t)th_xml_attr_int(v, "files");
    c->accepted = (size_t)th_xml_attr_int(v, "accepted");
    c->rejected = (size_t)th_xml_attr_int(v, "rejected");
    c->superseded = (size_t)th_xml_attr_int(v, "superseded");
    c->duplicate = (size_t)th_xml_attr_int(v, "duplicate");
    TH_XML_FOREACH(in, th_xml_child(root, "inputs"), "input") {
        TH_GROW(c->inputs, c->capinputs, c->ninputs + 1);
        struct th_cons_input *ci = &c->inputs[c->ninputs++];
        ci->unit = th_xml_attr(in, "unit");
        ci->file = th_xml_attr(in, "file");
        char *sha = th_xml_attr(in, "sha256");
        snprintf(ci->sha256, sizeof ci->sha256, "%s", sha ? sha : "");
        free(sha);
        ci->submitted = th_xml_attr_date(in, "submitted");
    }
    struct field_map fm = {0};
    size_t cap = 0;
    char *fields = th_xml_text(th_xml_child(root, "fields")), *save = NULL;
    for (char *tok = strtok_r(fields, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
        TH_GROW(fm.map, cap, fm.n + 1);
        int i = th_field_index(tok);
        fm.map[fm.n++] = i < TH_NNUMERIC ? i : -1;
    }
    free(fields);
    c->root = load_node(c, th_xml_child(root, "node"), NULL, 0, &fm);
    free(fm.map);
    xmlFreeDoc(doc);
    struct node_index ix = {NULL, 64};
    while (ix.cap < c->nnodes * 2 + 2)
        ix.cap *= 2;
    ix.slots = th_calloc(ix.cap, sizeof *ix.slots);
    for (size_t i = 0; i < c->nnodes; i++)
        index_put(&ix, c->nodes[i]);
    c->slots = ix.slots;
    c->nslots = ix.cap;
    return c;
}

static void node_free(struct th_cons_node *n)
{
    free(n->code);
    free(n->name);
    free(n->file);
    free(n->children);
    if (n->total != n->own_values.v)
        free(n->total);
    free(n->ind);
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
    for (size_t i = 0; i < c->ninputs; i++) {
        free(c->inputs[i].unit);
        free(c->inputs[i].file);
    }
    free(c->inputs);
    free(c->slots);
    th_strv_free(c->pool, c->npool);
    free(c->plan_id);
    free(c->generator);
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
    return f >= 0 && f < TH_NNUMERIC ? n->total[f] : 0;
}

/* Print s left-aligned in a column of width characters (not bytes). */
/* s padded to width characters, and always one space after it */
static void put_col(FILE *out, const char *s, size_t width)
{
    size_t chars = u8_mbsnlen((const uint8_t *)s, strlen(s));
    fputs(s, out);
    do
        fputc(' ', out);
    while (++chars < width);
}

void th_cons_print(const struct th_cons *c, FILE *out)
{
    const struct th_cons_node *r = c->root;
    fprintf(out, "%s — %d %s: %zu/%zu đơn vị đã được chấp nhận, %zu chưa báo cáo, %zu bị từ chối, %zu nộp muộn\n",
            r->name, c->year, th_period_name(c->period), r->n_accepted, r->n_expected, r->n_missing,
            r->n_rejected, r->n_late);
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_cons_indicator *ci = &r->ind[i];
        char val[48] = "-", tgt[64] = "-";
        if (ci->status == TH_IND_OK) {
            if (ci->ratio)
                th_fmt_pct(ci->value, 1, val);
            else
                th_fmt_dec(ci->value, 0, val);
        } else {
            snprintf(val, sizeof val, "%s", ci->status == TH_IND_ZERO_DEN ? "mẫu số bằng 0" : "chưa có số liệu");
        }
        if (ci->has_target) {
            char t[48];
            if (ci->relative)
                snprintf(tgt, sizeof tgt, "tăng %s %s so với %d", th_op_symbol(ci->op),
                         th_fmt_pct(ci->target, 0, t), ci->baseline_year);
            else
                snprintf(tgt, sizeof tgt, "%s %s", th_op_symbol(ci->op),
                         ci->ratio ? th_fmt_pct(ci->target, 0, t) : th_fmt_dec(ci->target, 0, t));
        }
        fputs("  ", out);
        put_col(out, ci->code, 5);
        put_col(out, val, 13);
        fputs("chỉ tiêu ", out);
        put_col(out, tgt, 26);
        fprintf(out, "%s%s\n", th_met_label(ci->met), ci->complete ? "" : " (chưa đủ đơn vị)");
    }
}
