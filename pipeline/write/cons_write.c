/* cons_write.c - the consolidation written out: consolidated.xml, and the
 * table of the root's indicators that consolidate and run print. */
#include "cons_write.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>
#include <unistr.h>
#include <uniwidth.h>

#include "escape.h"
#include "report_prose.h"
#include "text.h"
#include "xmlsafe.h"

static void attr_int(xmlTextWriterPtr w, const char *name, long long v)
{
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%lld", v);
}

static void attr_str(xmlTextWriterPtr w, const char *name, const char *v)
{
    th_xml_put_attr(w, name, v); /* names and files from outside: kept well-formed */
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

/* n and its subtree; scratch has room for a node's indicators (th_cons_inds). */
static void write_node(xmlTextWriterPtr w, const struct th_cons *c, const struct th_cons_node *n,
                       struct th_cons_indicator *scratch)
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
    struct th_values own;
    if (n->own == TH_OWN_ACCEPTED && th_cons_own_values(n, &own))
        write_values(w, "own", own.v, own.present);
    if (n->narr[0] || n->narr[1] || n->narr[2]) {
        static const char *const tag[TH_NNARR] = {"results", "difficulties", "proposals"};
        xmlTextWriterStartElement(w, BAD_CAST "narrative");
        for (int k = 0; k < TH_NNARR; k++)
            if (n->narr[k])
                th_xml_put_element(w, tag[k], n->narr[k]);
        xmlTextWriterEndElement(w);
    }
    if (n->nchildren)
        write_values(w, "totals", th_cons_totals(n, &own), NULL);
    const struct th_cons_indicator *inds = th_cons_inds(c, n, scratch);
    for (size_t i = 0; i < n->nind; i++) {
        const struct th_cons_indicator *ci = &inds[i];
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
        write_node(w, c, n->children[i], scratch);
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
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "consolidated", BAD_CAST TH_CONS_NS);
    attr_str(w, "plan", c->plan_id);
    attr_int(w, "year", c->year);
    attr_str(w, "period", c->period);
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
        th_xml_put_name(w, "file", c->inputs[i].file);
        attr_str(w, "sha256", c->inputs[i].sha256);
        attr_date(w, "submitted", c->inputs[i].submitted);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    struct th_cons_indicator *scratch = th_calloc(c->root->nind ? c->root->nind : 1, sizeof *scratch);
    write_node(w, c, c->root, scratch);
    free(scratch);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    return th_xml_out_commit(&out);
}

/* The columns a terminal gives s (UTF-8): a combining mark none, a wide
 * character two. */
static size_t text_width(const char *s)
{
    int w = u8_width((const uint8_t *)s, strlen(s), "UTF-8");
    return w > 0 ? (size_t)w : 0;
}

/* s padded to width columns, at least one space after it. */
static void put_col(struct th_buf *b, const char *s, size_t width)
{
    size_t cols = text_width(s);
    th_buf_puts(b, s);
    do
        th_buf_add(b, " ", 1);
    while (++cols < width);
}

/* The width of a column: want, or its widest cell and two spaces. */
static size_t col_width(char *const *cells, size_t n, size_t want)
{
    for (size_t i = 0; i < n; i++)
        if (text_width(cells[i]) + 2 > want)
            want = text_width(cells[i]) + 2;
    return want;
}

void th_cons_print(const struct th_cons *c, const struct th_workspace *ws, const struct th_period *per,
                   const struct th_cons *prev, FILE *out)
{
    const struct th_cons_node *r = c->root;
    th_out(out, "%s — %d %s: %u/%u đơn vị đã được chấp nhận, %u chưa báo cáo, %u bị từ chối, %u nộp muộn",
           r->name, c->year, c->period, r->n_accepted, r->n_expected, r->n_missing, r->n_rejected,
           r->n_late);
    /* the indicators the report shows, with the plan's target and the
     * report's assessment, so the terminal never says what the PDF does not */
    struct th_shown *sh;
    size_t n = th_prose_shown(ws, per, c, prev, &sh);
    /* the verdicts in one column however long a value or target (I4's) */
    char **val = th_calloc(n ? n : 1, sizeof *val), **tgt = th_calloc(n ? n : 1, sizeof *tgt), b[48];
    for (size_t i = 0; i < n; i++) {
        const struct th_cons_indicator *ci = sh[i].ci;
        if (ci->status == TH_IND_OK)
            val[i] = th_strdup(ci->ratio ? th_fmt_pct(ci->value, 1, b) : th_fmt_dec(ci->value, 0, b));
        else
            val[i] = th_strdup(ci->status == TH_IND_ZERO_DEN ? "mẫu số bằng 0" : "chưa có số liệu");
        tgt[i] = th_prose_target(&sh[i], per->year);
    }
    size_t wval = col_width(val, n, 9), wtgt = col_width(tgt, n, 38);
    for (size_t i = 0; i < n; i++) {
        const struct th_cons_indicator *ci = sh[i].ci;
        char *verdict = th_prose_verdict(&sh[i]);
        /* beside last year as the PDF says it: "; tăng 3,2 điểm phần trăm so với cùng kỳ năm 2025 (58,4%)" */
        char *vs = prev ? th_prose_vs(&sh[i], prev->year) : th_strdup("");
        bool paren = strncmp(vs, " (", 2) == 0;
        const char *vs_at = paren || strncmp(vs, ", ", 2) == 0 ? vs + 2 : vs;
        size_t vs_len = strlen(vs_at);
        if (paren && vs_len)
            vs_len--;
        struct th_buf line;
        th_buf_init(&line, 0);
        th_buf_puts(&line, "  ");
        put_col(&line, ci->code, 5);
        put_col(&line, val[i], wval);
        put_col(&line, tgt[i], wtgt);
        th_out(out, "%s%s%s%s%.*s", line.data, verdict, ci->complete ? "" : " (chưa đủ đơn vị)", *vs_at ? "; " : "",
               (int)vs_len, vs_at);
        th_buf_release(&line);
        free(val[i]);
        free(tgt[i]);
        free(verdict);
        free(vs);
    }
    free(val);
    free(tgt);
    free(sh);
    char *na = ws ? th_prose_not_asked(ws, per, c) : NULL;
    if (na)
        th_out(out, "  %s", na);
    free(na);
}
