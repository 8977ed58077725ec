/* cons.c - roll-up over the effective-dated hierarchy, completeness,
 * indicators; consolidated.xml writing and loading. */
#include "cons.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <unistr.h>

#include "gen.h"
#include "pass.h"
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

/* ---- loading ----
 * consolidated.xml is streamed with an xmlTextReader and checked against its
 * schema as it goes: a national file (101,001 units, 150 MB) never exists as
 * a DOM, so loading costs about what consolidating did. The file is ours
 * but is read as if damaged: no network, no DTD, no entities, bounded size,
 * depth and lists; the first problems are printed as "path:line: message". */

#define CONS_MAX_BYTES ((off_t)1 << 30)  /* ~7x a national file (150 MB) */
#define CONS_MAX_LIST  (64u << 10)       /* one <own>, <totals> or <fields> list */
#define CONS_MAX_ISSUES 20

static int pick(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return 0;
}

struct field_map {
    int *map;
    size_t n, cap;
};

/* Read a value list (modified in place) through map (list position -> field
 * index, -1 for a field this version does not know). */
static void load_values(char *text, const struct field_map *fm, int64_t *v, uint8_t *present)
{
    char *save = NULL;
    size_t pos = 0;
    for (char *tok = strtok_r(text, " \t\r\n", &save); tok && pos < fm->n;
         tok = strtok_r(NULL, " \t\r\n", &save), pos++) {
        int i = fm->map[pos];
        if (i < 0 || strcmp(tok, "-") == 0)
            continue;
        v[i] = strtoll(tok, NULL, 10);
        if (present)
            present[i] = 1;
    }
}

enum list_kind { LIST_NONE, LIST_FIELDS, LIST_OWN, LIST_TOTALS };

struct loader {
    xmlTextReaderPtr r;
    struct th_cons *c;
    struct th_cons_node *cur;     /* innermost open <node> */
    size_t indcap;                /* capacity of cur->ind */
    struct field_map fm;
    enum list_kind list;          /* the list element whose text is being read */
    struct th_buf text;
    struct th_xml_issues issues;
};

static void problem(struct loader *L, int line, const char *msg)
{
    if (L->issues.n >= CONS_MAX_ISSUES)
        return;
    TH_GROW(L->issues.v, L->issues.cap, L->issues.n + 1);
    struct th_xml_issue *it = &L->issues.v[L->issues.n++];
    memset(it, 0, sizeof *it);
    it->line = line;
    it->message = th_trim(th_strdup(msg));
    for (char *p = it->message; (p = strchr(p, '\n')) != NULL;)
        *p = ' '; /* one line per problem */
}

/* libxml2's parse and schema errors, with the line the parser was on. */
static void collect(void *ctx, xmlErrorPtr err)
{
    struct loader *L = ctx;
    if (err->level >= XML_ERR_ERROR)
        problem(L, err->line, err->message ? err->message : "parse error");
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = th_strdup(v);
}

static th_date as_date(const char *v)
{
    th_date d = 0;
    th_date_parse(v, &d);
    return d;
}

/* Call fn for each attribute of the current element (no namespace ones:
 * xmlns and foreign attributes, which the schema refuses anyway). */
typedef void attr_fn(struct loader *L, void *obj, const char *name, const char *value);
static void each_attr(struct loader *L, void *obj, attr_fn *fn)
{
    if (xmlTextReaderMoveToFirstAttribute(L->r) != 1)
        return;
    do {
        const xmlChar *v = xmlTextReaderConstValue(L->r);
        if (!xmlTextReaderConstNamespaceUri(L->r) && v)
            fn(L, obj, (const char *)xmlTextReaderConstLocalName(L->r), (const char *)v);
    } while (xmlTextReaderMoveToNextAttribute(L->r) == 1);
    xmlTextReaderMoveToElement(L->r);
}

static void root_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons *c = obj;
    (void)L;
    if (strcmp(name, "plan") == 0)
        set_str(&c->plan_id, v);
    else if (strcmp(name, "generator") == 0)
        set_str(&c->generator, v);
    else if (strcmp(name, "year") == 0)
        c->year = (int)strtoll(v, NULL, 10);
    else if (strcmp(name, "period") == 0)
        th_period_parse(v, &c->period);
    else if (strcmp(name, "start") == 0)
        c->start = as_date(v);
    else if (strcmp(name, "end") == 0)
        c->end = as_date(v);
    else if (strcmp(name, "deadline") == 0)
        c->deadline = as_date(v);
}

static void validation_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons *c = obj;
    (void)L;
    size_t n = (size_t)strtoll(v, NULL, 10);
    if (strcmp(name, "files") == 0)
        c->files = n;
    else if (strcmp(name, "accepted") == 0)
        c->accepted = n;
    else if (strcmp(name, "rejected") == 0)
        c->rejected = n;
    else if (strcmp(name, "superseded") == 0)
        c->superseded = n;
    else if (strcmp(name, "duplicate") == 0)
        c->duplicate = n;
}

static void input_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons_input *in = obj;
    (void)L;
    if (strcmp(name, "unit") == 0)
        set_str(&in->unit, v);
    else if (strcmp(name, "file") == 0)
        set_str(&in->file, v);
    else if (strcmp(name, "sha256") == 0)
        snprintf(in->sha256, sizeof in->sha256, "%s", v);
    else if (strcmp(name, "submitted") == 0)
        in->submitted = as_date(v);
}

static void node_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons_node *n = obj;
    if (strcmp(name, "code") == 0)
        set_str(&n->code, v);
    else if (strcmp(name, "name") == 0)
        set_str(&n->name, v);
    else if (strcmp(name, "kind") == 0)
        n->kind = intern(L->c, v);
    else if (strcmp(name, "kindLabel") == 0)
        n->kind_label = intern(L->c, v);
    else if (strcmp(name, "group") == 0)
        n->group = intern(L->c, v);
    else if (strcmp(name, "level") == 0)
        n->level = (int)strtoll(v, NULL, 10);
    else if (strcmp(name, "expected") == 0)
        n->expected = strcmp(v, "true") == 0;
    else if (strcmp(name, "closed") == 0)
        n->closed = strcmp(v, "true") == 0;
    else if (strcmp(name, "own") == 0)
        n->own = (enum th_own)pick(v, own_names, 4);
    else if (strcmp(name, "late") == 0)
        n->late = strcmp(v, "true") == 0;
    else if (strcmp(name, "file") == 0)
        set_str(&n->file, v);
    else if (strcmp(name, "sha256") == 0)
        snprintf(n->sha256, sizeof n->sha256, "%s", v);
    else if (strcmp(name, "submitted") == 0)
        n->submitted = as_date(v);
}

static void counts_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons_node *n = obj;
    (void)L;
    size_t k = (size_t)strtoll(v, NULL, 10);
    if (strcmp(name, "expected") == 0)
        n->n_expected = k;
    else if (strcmp(name, "received") == 0)
        n->n_received = k;
    else if (strcmp(name, "accepted") == 0)
        n->n_accepted = k;
    else if (strcmp(name, "rejected") == 0)
        n->n_rejected = k;
    else if (strcmp(name, "missing") == 0)
        n->n_missing = k;
    else if (strcmp(name, "late") == 0)
        n->n_late = k;
}

/* An indicator's attributes; target and change are told apart afterwards. */
struct ind_read {
    struct th_cons_indicator *ci;
    double target, change;
    bool has_target, has_change;
};

static void indicator_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct ind_read *ir = obj;
    struct th_cons_indicator *ci = ir->ci;
    if (strcmp(name, "code") == 0)
        ci->code = intern(L->c, v);
    else if (strcmp(name, "name") == 0)
        ci->name = intern(L->c, v);
    else if (strcmp(name, "note") == 0)
        ci->note = intern(L->c, v);
    else if (strcmp(name, "type") == 0)
        ci->ratio = strcmp(v, "ratio") == 0;
    else if (strcmp(name, "status") == 0)
        ci->status = (enum th_ind_status)pick(v, status_names, 3);
    else if (strcmp(name, "met") == 0)
        ci->met = (enum th_met)pick(v, met_names, 3);
    else if (strcmp(name, "op") == 0) {
        ci->has_target = true;
        th_op_parse(v, &ci->op);
    } else if (strcmp(name, "numerator") == 0)
        ci->num = strtoll(v, NULL, 10);
    else if (strcmp(name, "denominator") == 0)
        ci->den = strtoll(v, NULL, 10);
    else if (strcmp(name, "value") == 0)
        ci->value = strtod(v, NULL);
    else if (strcmp(name, "complete") == 0)
        ci->complete = strcmp(v, "true") == 0;
    else if (strcmp(name, "change") == 0) {
        ir->change = strtod(v, NULL);
        ir->has_change = true;
    } else if (strcmp(name, "target") == 0) {
        ir->target = strtod(v, NULL);
        ir->has_target = true;
    } else if (strcmp(name, "baselineYear") == 0)
        ci->baseline_year = (int)strtoll(v, NULL, 10);
    else if (strcmp(name, "baseline") == 0) {
        ci->baseline = strtod(v, NULL);
        ci->has_baseline = true;
    } else if (strcmp(name, "actualChange") == 0)
        ci->change = strtod(v, NULL);
}

static void start_node(struct loader *L, int depth)
{
    struct th_cons *c = L->c;
    struct th_cons_node *n = th_calloc(1, sizeof *n);
    n->depth = depth;
    n->total = n->own_values.v; /* until a <totals> says otherwise */
    each_attr(L, n, node_attr);
    TH_GROW(c->nodes, c->capnodes, c->nnodes + 1);
    c->nodes[c->nnodes++] = n;
    if (L->cur)
        add_child(L->cur, n);
    else
        c->root = n;
    L->cur = n;
    L->indcap = 0;
}

static void end_node(struct loader *L)
{
    struct th_cons_node *n = L->cur;
    L->cur = n->parent;
    L->indcap = L->cur ? L->cur->nind : 0; /* exact: TH_GROW reallocates if more come */
}

static void add_indicator(struct loader *L)
{
    struct th_cons_node *n = L->cur;
    const struct th_cons_node *root = L->c->root;
    if (!L->indcap && n != root && root->nind) {
        /* every node lists the plan's indicators: size the array once */
        n->ind = th_calloc(root->nind, sizeof *n->ind);
        L->indcap = root->nind;
    }
    TH_GROW(n->ind, L->indcap, n->nind + 1);
    struct ind_read ir = {.ci = &n->ind[n->nind++]};
    struct th_cons_indicator *ci = ir.ci;
    each_attr(L, &ir, indicator_attr);
    if (ir.has_change) {
        ci->target = ir.change;
        ci->relative = true;
    } else if (ir.has_target) {
        ci->target = ir.target;
    }
    /* below the root, names and notes are the root's (same plan order) */
    size_t k = n->nind - 1;
    if (n != root && ci->code && k < root->nind && root->ind[k].code &&
        strcmp(root->ind[k].code, ci->code) == 0) {
        if (!ci->name)
            ci->name = root->ind[k].name;
        if (!ci->note)
            ci->note = root->ind[k].note;
    }
}

/* The text of a list element is complete: apply it. */
static void end_list(struct loader *L)
{
    char *text = L->text.len ? L->text.data : NULL;
    if (L->list == LIST_FIELDS) {
        char *save = NULL;
        for (char *tok = text ? strtok_r(text, " \t\r\n", &save) : NULL; tok;
             tok = strtok_r(NULL, " \t\r\n", &save)) {
            TH_GROW(L->fm.map, L->fm.cap, L->fm.n + 1);
            int i = th_field_index(tok);
            L->fm.map[L->fm.n++] = i < TH_NNUMERIC ? i : -1;
        }
    } else if (text && L->list == LIST_OWN) {
        load_values(text, &L->fm, L->cur->own_values.v, L->cur->own_values.present);
    } else if (text && L->list == LIST_TOTALS) {
        load_values(text, &L->fm, L->cur->total, NULL);
    }
    L->list = LIST_NONE;
    L->text.len = 0;
}

/* One element start at depth (the root is 0). Every element is checked to
 * be where consolidated.xsd puts it before it is used, so that a damaged
 * file cannot confuse the tree even before the validator reports it. */
static void start_element(struct loader *L, const char *name, int depth, bool empty)
{
    struct th_cons *c = L->c;
    int line = xmlTextReaderGetParserLineNumber(L->r);
    int node_depth = L->cur ? L->cur->depth + 1 : -1; /* element depth of cur */
    bool in_node = L->cur && depth == node_depth + 1;
    if (depth == 0) {
        if (strcmp(name, "consolidated") != 0) {
            problem(L, line, "not a consolidated.xml file");
            return;
        }
        each_attr(L, c, root_attr);
    } else if (depth == 1 && strcmp(name, "validation") == 0) {
        each_attr(L, c, validation_attr);
    } else if (depth == 1 && strcmp(name, "fields") == 0) {
        L->list = LIST_FIELDS;
    } else if (depth == 2 && strcmp(name, "input") == 0) {
        TH_GROW(c->inputs, c->capinputs, c->ninputs + 1);
        each_attr(L, &c->inputs[c->ninputs++], input_attr);
    } else if (strcmp(name, "node") == 0) {
        if (L->cur ? !in_node : depth != 1 || c->root) {
            problem(L, line, "element 'node' out of place");
            return;
        }
        start_node(L, depth - 1);
        if (empty)
            end_node(L);
        return;
    } else if (in_node && strcmp(name, "counts") == 0) {
        each_attr(L, L->cur, counts_attr);
    } else if (in_node && strcmp(name, "own") == 0) {
        L->list = LIST_OWN;
    } else if (in_node && strcmp(name, "totals") == 0) {
        if (L->cur->total == L->cur->own_values.v)
            L->cur->total = th_calloc(TH_NNUMERIC, sizeof *L->cur->total);
        L->list = LIST_TOTALS;
    } else if (in_node && strcmp(name, "indicator") == 0) {
        add_indicator(L);
    }
    if (empty && L->list != LIST_NONE)
        end_list(L);
}

static void end_element(struct loader *L, const char *name, int depth)
{
    if (L->list != LIST_NONE)
        end_list(L);
    else if (L->cur && depth == L->cur->depth + 1 && strcmp(name, "node") == 0)
        end_node(L);
}

/* Stream the file through the schema; false when a problem was recorded. */
static bool load_stream(struct loader *L)
{
    int ret;
    while ((ret = xmlTextReaderRead(L->r)) == 1 && !L->issues.n) {
        int type = xmlTextReaderNodeType(L->r), depth = xmlTextReaderDepth(L->r);
        int line = xmlTextReaderGetParserLineNumber(L->r);
        const char *name = (const char *)xmlTextReaderConstLocalName(L->r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY ||
            type == XML_READER_TYPE_ENTITY_REFERENCE) {
            problem(L, line, "DOCTYPE or entity not allowed");
        } else if (depth > TH_MAX_XML_DEPTH) {
            problem(L, line, "elements nested too deeply");
        } else if (type == XML_READER_TYPE_ELEMENT) {
            if (L->list != LIST_NONE)
                problem(L, line, "element inside a value list");
            else
                start_element(L, name, depth, xmlTextReaderIsEmptyElement(L->r) == 1);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            end_element(L, name, depth);
        } else if (L->list != LIST_NONE &&
                   (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                    type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(L->r);
            if (v && th_buf_puts(&L->text, v) != TH_OK)
                problem(L, line, "value list too long");
        }
    }
    if (L->issues.n)
        return false;
    const xmlError *err = ret != 0 ? xmlGetLastError() : NULL;
    if (err && err->message)
        problem(L, err->line, err->message);
    else if (ret != 0)
        problem(L, xmlTextReaderGetParserLineNumber(L->r), "cannot parse");
    else if (!L->c->root)
        problem(L, xmlTextReaderGetParserLineNumber(L->r), "no element 'node'");
    return !L->issues.n;
}

struct th_cons *th_cons_load(const char *path)
{
    th_xml_init();
    struct loader L = {0};
    th_buf_init(&L.text, CONS_MAX_LIST);
    xmlSchemaPtr schema = th_schema("consolidated.xsd");
    xmlSchemaValidCtxtPtr vc = NULL;
    struct th_cons *c = NULL;
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool ok = false;
    if (!schema)
        goto done;
    if (fd < 0 || fstat(fd, &st) < 0) {
        th_error("cannot open '%s': %s", path, strerror(errno));
        goto done;
    }
    if (st.st_size > CONS_MAX_BYTES || st.st_size == 0) {
        th_error("cannot read '%s': %s", path, st.st_size ? th_strerror(TH_ERR_TOO_BIG) : "empty file");
        goto done;
    }
    xmlResetLastError(); /* parse errors are read from it (see below) */
    L.r = xmlReaderForFd(fd, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                             XML_PARSE_NOCDATA);
    vc = xmlSchemaNewValidCtxt(schema);
    if (!L.r || !vc) {
        th_error("cannot read '%s': %s", path, th_strerror(TH_ERR_NOMEM));
        goto done;
    }
    /* The schema's SAX plug does not pass the reader's handler on: parse
     * errors are taken from libxml2's last error when reading fails. */
    xmlSchemaSetValidStructuredErrors(vc, collect, &L);
    if (xmlTextReaderSchemaValidateCtxt(L.r, vc, 0) != 0) {
        th_error("cannot validate '%s' against consolidated.xsd", path);
        goto done;
    }
    c = L.c = th_calloc(1, sizeof *c);
    ok = load_stream(&L) && xmlSchemaIsValid(vc) == 1;
    if (!ok && !L.issues.n)
        problem(&L, xmlTextReaderGetParserLineNumber(L.r), "not valid against consolidated.xsd");
    for (size_t i = 0; i < L.issues.n; i++)
        th_error("%s:%d: %s", path, L.issues.v[i].line, L.issues.v[i].message);
    if (!ok)
        goto done;
    struct node_index ix = {NULL, 64};
    while (ix.cap < c->nnodes * 2 + 2)
        ix.cap *= 2;
    ix.slots = th_calloc(ix.cap, sizeof *ix.slots);
    for (size_t i = 0; i < c->nnodes; i++)
        if (c->nodes[i]->code)
            index_put(&ix, c->nodes[i]);
    c->slots = ix.slots;
    c->nslots = ix.cap;
done:
    xmlFreeTextReader(L.r); /* before the validation context it uses */
    if (vc)
        xmlSchemaFreeValidCtxt(vc);
    if (fd >= 0)
        close(fd);
    free(L.fm.map);
    th_buf_release(&L.text);
    th_xml_issues_release(&L.issues);
    if (!ok) {
        th_cons_free(c);
        c = NULL;
    }
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
