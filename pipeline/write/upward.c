/* upward.c - the upward submission built from a consolidation and written
 * with the submission writer (libxml2's xmlTextWriter), atomically. */
#include "upward.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "submission_write.h"
#include "text.h"

static size_t nchars(const char *s)
{
    return u8_mbsnlen((const uint8_t *)s, strlen(s));
}

/* The issuing body in running text: the identity's name, else the
 * registry's name of its unit, else its printed name. */
static const char *issuer(const struct th_workspace *ws, const struct th_identity *id, th_date d)
{
    const struct th_unit *u = id->issuing_unit && !id->issuer_name ? th_registry_at(ws->reg, id->issuing_unit, d) : NULL;
    return th_identity_issuer(id, u ? u->name : NULL);
}

/* The figures: completeness, then each indicator with its target. */
static char *results_text(const struct th_cons *c, const struct th_workspace *ws, const struct th_period *p,
                          th_date day)
{
    const struct th_cons_node *r = c->root;
    const struct th_identity *id = th_report_identity(ws->plan, p);
    char a[32], b[32], late[32], miss[32];
    struct th_buf t;
    th_buf_init(&t, 0);
    th_buf_printf(&t, "%s tổng hợp báo cáo %s %d của %s: %s/%s đơn vị có báo cáo được chấp nhận",
                  issuer(ws, id, day), p->def && p->def->label ? p->def->label : p->id,
                  p->year, r->name, th_fmt_int((int64_t)r->n_accepted, a),
                  th_fmt_int((int64_t)r->n_expected, b));
    th_buf_printf(&t, " (%s nộp muộn, %s chưa báo cáo, %s bị từ chối).", th_fmt_int((int64_t)r->n_late, late),
                  th_fmt_int((int64_t)r->n_missing, miss), th_fmt_int((int64_t)r->n_rejected, a));
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_cons_indicator *x = &r->ind[i];
        char v[48], g[48];
        if (x->status != TH_IND_OK) {
            th_buf_printf(&t, " %s (%s): chưa có số liệu.", x->code, x->name);
            continue;
        }
        if (x->ratio)
            th_fmt_pct(x->value, 1, v);
        else
            th_fmt_int((int64_t)x->value, v);
        th_buf_printf(&t, " %s (%s): %s", x->code, x->name, v);
        if (x->has_target && !x->relative)
            th_buf_printf(&t, ", mục tiêu %s %s", th_op_symbol(x->op), x->ratio ? th_fmt_pct(x->target, 0, g)
                                                                                : th_fmt_dec(x->target, 0, g));
        else if (x->has_target)
            th_buf_printf(&t, ", mục tiêu tăng %s so với năm %d", th_fmt_pct(x->target, 0, g), x->baseline_year);
        if (x->met != TH_MET_UNKNOWN)
            th_buf_printf(&t, " (%s)", th_met_label(x->met));
        th_buf_puts(&t, ".");
    }
    return th_buf_detach(&t);
}

/* The units' own texts of narrative k, "Name: text", in registry order,
 * each once, as many as fit under the cap after lead; then how many more. */
static char *units_text(const struct th_cons *c, int k, char *lead)
{
    struct th_buf t;
    th_buf_init(&t, 0);
    size_t used = 0, left = 0;
    if (lead) {
        th_buf_puts(&t, lead);
        used = nchars(lead);
        free(lead);
    }
    const size_t room = TH_UPWARD_TEXT_MAX - 40; /* for the "… N đơn vị khác" tail */
    for (size_t i = 1; i < c->nnodes; i++) {
        const struct th_cons_node *n = c->nodes[i];
        if (!n->narr[k] || n->own != TH_OWN_ACCEPTED)
            continue;
        size_t add = nchars(n->name) + 2 + nchars(n->narr[k]) + (used ? 1 : 0);
        if (left || used + add > room) {
            left++;
            continue;
        }
        th_buf_printf(&t, "%s%s: %s", used ? " " : "", n->name, n->narr[k]);
        used += add;
    }
    if (left) {
        char num[32];
        th_buf_printf(&t, "%s(và %s đơn vị khác)", used ? " " : "", th_fmt_int((int64_t)left, num));
    }
    char *s = th_buf_detach(&t);
    if (!s || !*s) {
        free(s);
        return NULL;
    }
    char *n = th_nfc_collapse(s); /* as a reader cleans it, so XML and XLSX read back the same */
    free(s);
    return n;
}

struct th_submission *th_upward_build(const struct th_cons *c, const struct th_workspace *ws,
                                      const struct th_period *p, struct th_origin *src)
{
    const struct th_report_def *rep = th_plan_report(ws->plan, p->year, p->id);
    th_date day = rep && rep->issued ? rep->issued : p->upward;
    struct th_submission *s = th_submission_new("upward.xml");
    s->src = src;
    s->source = TH_SRC_XML;
    s->header_ok = true;
    s->unit = th_strdup(c->root->code);
    s->year = p->year;
    snprintf(s->period, sizeof s->period, "%s", p->id);
    s->submitted = day;
    const struct th_identity *id = th_report_identity(ws->plan, p);
    const char *by = issuer(ws, id, day);
    if (*by)
        s->prepared_by = th_strdup(by);
    struct th_values buf;
    const int64_t *total = th_cons_totals(c->root, &buf);
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        int64_t v = total[f];
        if (v < 0 || v > th_field_max((int)f)) {
            char num[32];
            th_error("the total of '%s' (%s) is larger than a submission may hold: cannot send it upward",
                     th_fields[f].id, th_fmt_int(v, num));
            th_submission_free(s);
            return NULL;
        }
        s->val.v[f] = v;
        s->val.present[f] = 1;
    }
    s->text[TH_NARR_RESULTS] = units_text(c, TH_NARR_RESULTS, results_text(c, ws, p, day));
    s->text[TH_NARR_DIFFICULTIES] = units_text(c, TH_NARR_DIFFICULTIES, NULL);
    s->text[TH_NARR_PROPOSALS] = units_text(c, TH_NARR_PROPOSALS, NULL);
    /* a period asking part of the fields sends those only: a 0 for a field
     * nobody was asked would read above as a count of none */
    th_submission_keep_asked(s, p->def);
    return s;
}

th_err th_upward_write_xml(const struct th_submission *s, const char *path)
{
    char *xml = th_submission_to_xml(s);
    th_err e = th_write_atomic(path, xml, strlen(xml));
    free(xml);
    return e;
}
