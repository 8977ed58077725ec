/* pdfappendix.c - the report's appendices (Phụ lục), each on pages of its
 * own and numbered on its own: a table of units (agencies, communes) with
 * the template's columns, bounded by maxRows, or what each unit wrote of
 * its difficulties and proposals. An appendix with no row is left out. */
#include "report_doc.h"

#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "groups.h"
#include "text.h"


static bool manages_communes(const struct th_workspace *ws, const char *kind)
{
    int k = th_body_kind_index("ubnd_xa");
    for (size_t i = 0; i < ws->reg->nkinds; i++)
        if (strcmp(ws->reg->kinds[i].code, kind) == 0)
            return k >= 0 && (ws->reg->kinds[i].manages & (1u << k));
    return false;
}

static bool in_appendix(const struct th_doc *d, const struct th_tpl_appendix *ap, const struct th_cons_node *n)
{
    if (n->depth == 0)
        return false;
    /* a period that names who reports (an ad hoc request to a few units)
     * lists those and the units above them, not every unit of the registry */
    if (!th_wb_lists(d->x.per->def, n, true))
        return false;
    /* nor a unit with nothing asked and nothing received in its subtree (the
     * Bộ's own Cục, issuer of the report, is no row "Không thuộc diện báo
     * cáo" among the provinces) */
    if (n->n_expected == 0 && n->n_received == 0)
        return false;
    return manages_communes(d->x.ws, n->kind) == (ap->select == TH_TPL_SEL_COMMUNES);
}

/* Which units an appendix lists. Every selected unit when they fit in
 * max_rows; else the units down to the deepest level of the hierarchy that
 * fits (the root alone when none does), each row summing its subtree (the selected units
 * themselves are then in the workbook). parent[] and listed[] are indexed
 * like c->nodes. */
struct rows {
    size_t *parent;             /* index of the parent, SIZE_MAX for the root */
    bool *listed;
    bool *hidden;               /* selected but not listed (a cut appendix) */
    bool cut;
    size_t nsel, nrows;
    int level;                  /* deepest depth listed when cut */
};

static void rows_release(struct rows *r)
{
    free(r->parent);
    free(r->listed);
    free(r->hidden);
}

static void rows_plan(const struct th_doc *d, const struct th_tpl_appendix *ap, struct rows *r)
{
    const struct th_cons *c = d->x.c;
    size_t nn = c->nnodes;
    memset(r, 0, sizeof *r);
    r->parent = th_calloc(nn, sizeof *r->parent);
    r->listed = th_calloc(nn, sizeof *r->listed);
    int maxdepth = 0, seldepth = 0;
    for (size_t i = 0; i < nn; i++)
        if (c->nodes[i]->depth > maxdepth)
            maxdepth = c->nodes[i]->depth;
    /* pre-order: a node's parent is the last node seen one level up */
    size_t *last = th_calloc((size_t)maxdepth + 1, sizeof *last);
    for (size_t i = 0; i < nn; i++) {
        const struct th_cons_node *n = c->nodes[i];
        r->parent[i] = n->depth ? last[n->depth - 1] : SIZE_MAX;
        last[n->depth] = i;
        if (in_appendix(d, ap, n)) {
            r->listed[i] = true;
            r->nsel++;
            if (n->depth > seldepth)
                seldepth = n->depth;
        }
    }
    free(last);
    r->nrows = r->nsel;
    if (r->nsel <= ap->max_rows)
        return;
    /* too many: the selected units and their ancestors, by depth */
    r->cut = true;
    r->hidden = th_calloc(nn, sizeof *r->hidden);
    bool *keep = th_calloc(nn, sizeof *keep);
    size_t *at_depth = th_calloc((size_t)seldepth + 1, sizeof *at_depth);
    for (size_t i = 0; i < nn; i++) {
        if (!r->listed[i])
            continue;
        keep[i] = true;
        for (size_t j = r->parent[i]; j != SIZE_MAX && !keep[j]; j = r->parent[j])
            keep[j] = true;
    }
    /* a kept node is a selected one or its ancestor: never below seldepth */
    for (size_t i = 1; i < nn; i++)
        if (keep[i])
            at_depth[c->nodes[i]->depth]++;
    r->nrows = 0;
    r->level = 0;
    for (int dd = 1; dd < seldepth && r->nrows + at_depth[dd] <= ap->max_rows; dd++) {
        r->nrows += at_depth[dd];
        r->level = dd;
    }
    /* the root's figures are the report's own; it is a row only when no
     * level below it fits */
    for (size_t i = 0; i < nn; i++) {
        r->hidden[i] = r->listed[i] && c->nodes[i]->depth > r->level;
        r->listed[i] = keep[i] && c->nodes[i]->depth <= r->level && (c->nodes[i]->depth > 0 || r->level == 0);
    }
    r->nrows += r->level == 0;
    free(keep);
    free(at_depth);
}

/* The note of a cut appendix: why it stops at a level, and where each
 * unit's own row is (the workbook's sheets). Caller frees. */
static char *cut_note(const struct th_doc *d, const struct rows *r, size_t max)
{
    const struct th_cons *c = d->x.c;
    const char *label = c->root->kind_label;
    for (size_t i = 0; i < c->nnodes; i++)
        if (r->listed[i] && c->nodes[i]->depth == r->level) {
            label = c->nodes[i]->kind_label;
            break;
        }
    char *level = th_tpl_lower_first(label ? label : c->root->kind);
    char *sheets = th_prose_sheets(c, d->x.per->def, r->hidden);
    char a[32], b[32];
    char *s = th_asprintf("Danh sách đầy đủ gồm %s đơn vị, vượt quá %s dòng của Phụ lục; Phụ lục này tổng hợp số "
                          "liệu đến cấp %s, số liệu của mỗi đơn vị gồm cả các đơn vị trực thuộc. Số liệu của từng "
                          "đơn vị xem tại tệp %s kèm theo Báo cáo, trang %s.",
                          th_fmt_int((int64_t)r->nsel, a), th_fmt_int((int64_t)max, b), level, TH_WORKBOOK_FILE,
                          sheets);
    free(level);
    free(sheets);
    return s;
}

/* Whether each group heading of labels g[0..n) (NULL: none) would be
 * printed once: its rows together. Provinces listed by their codes
 * alternate "Tỉnh" and "Thành phố": headed, they would read as six groups
 * of each, so such a list has no headings. */
static bool groups_together(const char *const *g, size_t n)
{
    const char **seen = th_calloc(n ? n : 1, sizeof *seen);
    size_t ns = 0;
    bool together = true;
    const char *cur = NULL;
    for (size_t i = 0; i < n && together; i++) {
        if (!g[i] || (cur && strcmp(g[i], cur) == 0))
            continue;
        for (size_t k = 0; k < ns && together; k++)
            together = strcmp(seen[k], g[i]) != 0;
        seen[ns++] = cur = g[i];
    }
    free(seen);
    return together;
}

/* A row under a listed parent (other than the root), numbered under it. */
static bool under_listed(const struct rows *r, size_t i)
{
    return r->parent[i] != SIZE_MAX && r->parent[r->parent[i]] != SIZE_MAX && r->listed[r->parent[i]];
}

/* The group heading row i is listed under: its parent (a district), or the
 * kind's group of the row it is numbered under; NULL for the root. */
static const char *row_group(const struct th_tpl_appendix *ap, const struct rows *r, const struct th_cons *c, size_t i)
{
    const struct th_cons_node *n = c->nodes[i];
    if (n->depth == 0)
        return NULL;
    bool under = under_listed(r, i);
    if (ap->select == TH_TPL_SEL_COMMUNES && n->parent && n->parent->depth > 0 && !under)
        return n->parent->name;
    size_t ti = i;
    while (under_listed(r, ti))
        ti = r->parent[ti];
    return c->nodes[ti]->group;
}

/* The table of units of appendix ap (agencies, communes). */
static th_err unit_table(struct th_doc *d, const struct th_tpl_appendix *ap)
{
    struct th_pdf *p = &d->pdf;
    const struct th_cons *c = d->x.c;
    float tw = th_pdf_text_width(p);
    th_err e = TH_OK;
    struct rows r;
    rows_plan(d, ap, &r);
    if (r.cut) {
        char *s = cut_note(d, &r, ap->max_rows);
        th_pdf_paragraph(p, TH_PDF_ITALIC, 12, TH_PDF_JUSTIFY, 0, 15, TH_DOC_AFTER, s);
        free(s);
    }
    /* columns: STT, unit, the template's (those of figures the period asks) */
    size_t *ck = th_calloc(ap->ncols ? ap->ncols : 1, sizeof *ck), nk = 0;
    for (size_t i = 0; i < ap->ncols; i++)
        if (th_tpl_asked(&d->x, NULL, ap->cols[i].value))
            ck[nk++] = i;
    size_t nc = nk + 2;
    float *w = th_calloc(nc, sizeof *w), sum = 0.9f + ap->name_width;
    const char **hd = th_calloc(nc, sizeof *hd);
    enum th_pdf_align *al = th_calloc(nc, sizeof *al);
    char **cells = th_calloc(nc, sizeof *cells);
    char **labels = th_calloc(nc, sizeof *labels);
    char **numbers = th_calloc(c->nnodes, sizeof *numbers);
    size_t *kids = th_calloc(c->nnodes, sizeof *kids);
    const char **groups = th_calloc(c->nnodes, sizeof *groups); /* each listed row's heading, in order */
    for (size_t i = 0; i < nk; i++)
        sum += ap->cols[ck[i]].width;
    w[0] = tw * 0.9f / sum;
    w[1] = tw * ap->name_width / sum;
    hd[0] = "STT";
    hd[1] = "Đơn vị";
    al[0] = TH_PDF_CENTER;
    al[1] = TH_PDF_LEFT;
    for (size_t i = 0; i < nk; i++) {
        const struct th_tpl_column *col = &ap->cols[ck[i]];
        w[i + 2] = tw * col->width / sum;
        if ((e = th_tpl_expand(&d->x, d->t->path, col->line, col->label, &labels[i + 2])) != TH_OK)
            goto table_done;
        hd[i + 2] = labels[i + 2];
        al[i + 2] = col->align;
    }
    struct th_pdf_table t = {nc, w, hd, al, 11, 2.5f, 0};
    const char *group = NULL;
    size_t top_no = 0, ng = 0, row = 0;
    bool nested = false;
    for (size_t i = 0; i < c->nnodes; i++)
        if (r.listed[i]) {
            nested |= under_listed(&r, i);
            groups[ng++] = row_group(ap, &r, c, i);
        }
    bool headed = groups_together(groups, ng);
    d->x.summary = r.cut;
    for (size_t i = 0; i < c->nnodes; i++) {
        const struct th_cons_node *n = c->nodes[i];
        if (!r.listed[i])
            continue;
        bool under = under_listed(&r, i);
        /* numbering: "3" for a top row, "3.2" under a listed parent; the
         * root (the total of a cut appendix) has none */
        if (n->depth == 0)
            numbers[i] = th_strdup("");
        else if (under)
            numbers[i] = th_asprintf("%s.%zu", numbers[r.parent[i]], ++kids[r.parent[i]]);
        else
            numbers[i] = th_asprintf("%zu", ++top_no);
        const char *g = headed ? groups[row] : NULL;
        row++;
        d->x.node = n;
        for (size_t k = 0; k < nk; k++) {
            free(cells[k + 2]);
            if ((e = th_tpl_expand(&d->x, d->t->path, ap->cols[ck[k]].line, ap->cols[ck[k]].value, &cells[k + 2])) !=
                TH_OK)
                goto table_done;
        }
        free(cells[0]);
        free(cells[1]);
        cells[0] = th_strdup(numbers[i]);
        cells[1] = under ? th_asprintf("– %s", n->name) : th_strdup(n->name);
        enum th_pdf_style st = (nested && !under) || n->depth == 0 ? TH_PDF_BOLD : TH_PDF_REGULAR;
        float rh = th_pdf_table_row_height(p, &t, (const char *const *)cells, st);
        if (g && (!group || strcmp(g, group) != 0)) {
            th_pdf_table_group(p, &t, g, rh);
            group = g;
        }
        th_pdf_table_row(p, &t, (const char *const *)cells, st, 0);
    }
table_done:
    d->x.summary = false;
    free(groups);
    for (size_t i = 0; i < nc; i++) {
        free(cells[i]);
        free(labels[i]);
    }
    for (size_t i = 0; i < c->nnodes; i++)
        free(numbers[i]);
    free(numbers);
    free(kids);
    free(ck);
    free(cells);
    free(labels);
    free(w);
    free(hd);
    free(al);
    rows_release(&r);
    d->x.node = c->root;
    return e;
}


/* ---- what the units wrote ---- */

static bool wrote(const struct th_cons_node *n)
{
    return n->own == TH_OWN_ACCEPTED && (n->narr[TH_NARR_DIFFICULTIES] || n->narr[TH_NARR_PROPOSALS]);
}

/* The group a unit is listed under: the kind's group of the unit under the
 * root it belongs to ("Sở, ban, ngành", "Phường", "Huyện, thành phố"). */
static const char *narr_group(const struct th_cons_node *n)
{
    while (n->parent && n->parent->depth > 0)
        n = n->parent;
    return n->group;
}

static th_err narratives(struct th_doc *d, const struct th_tpl_appendix *ap)
{
    struct th_pdf *p = &d->pdf;
    const struct th_cons *c = d->x.c;
    float tw = th_pdf_text_width(p);
    size_t n = 0, listed = 0;
    for (size_t i = 0; i < c->nnodes; i++)
        n += wrote(c->nodes[i]);
    if (n > ap->max_rows) {
        char a[32], b[32];
        char *s = th_asprintf("Có %s đơn vị nêu khó khăn, vướng mắc hoặc kiến nghị, đề xuất; Phụ lục này liệt kê %s "
                              "đơn vị đầu tiên. Ý kiến của tất cả các đơn vị xem tại tệp %s kèm theo Báo cáo, trang "
                              "“%s”.",
                              th_fmt_int((int64_t)n, a), th_fmt_int((int64_t)ap->max_rows, b), TH_WORKBOOK_FILE,
                              TH_WB_SHEET_NARRATIVES);
        th_pdf_paragraph(p, TH_PDF_ITALIC, 12, TH_PDF_JUSTIFY, 0, 15, TH_DOC_AFTER, s);
        free(s);
    }
    static const struct {
        int which;
        const char *label;
    } parts[] = {{TH_NARR_DIFFICULTIES, "Khó khăn, vướng mắc"}, {TH_NARR_PROPOSALS, "Kiến nghị, đề xuất"}};
    const char *group = NULL;
    const char **groups = th_calloc(n ? n : 1, sizeof *groups);
    size_t ng = 0;
    for (size_t i = 0; i < c->nnodes && ng < ap->max_rows; i++)
        if (wrote(c->nodes[i]))
            groups[ng++] = narr_group(c->nodes[i]);
    bool headed = groups_together(groups, ng);
    for (size_t i = 0; i < c->nnodes && listed < ap->max_rows; i++) {
        const struct th_cons_node *u = c->nodes[i];
        if (!wrote(u))
            continue;
        listed++;
        char *name = u->parent && u->parent->depth > 0 ? th_asprintf("%zu. %s (%s)", listed, u->name, u->parent->name)
                                                       : th_asprintf("%zu. %s", listed, u->name);
        const char *g = headed ? groups[listed - 1] : NULL;
        float first = th_pdf_box_height(p, TH_PDF_BOLD, 12, name, tw, 15) + 2 * 15;
        if (g && (!group || strcmp(g, group) != 0)) {
            th_pdf_need(p, 18 + first);
            th_pdf_paragraph(p, TH_PDF_BOLD_ITALIC, 12, TH_PDF_LEFT, 0, 15, 3, g);
            group = g;
        }
        th_pdf_need(p, first);
        th_pdf_paragraph(p, TH_PDF_BOLD, 12, TH_PDF_LEFT, 0, 15, 2, name);
        free(name);
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
            const char *t = u->narr[parts[k].which];
            if (!t)
                continue;
            char *s = th_asprintf("- %s: %s", parts[k].label, t);
            th_pdf_paragraph(p, TH_PDF_REGULAR, 12, TH_PDF_JUSTIFY, 0, 15, 2, s);
            free(s);
        }
        p->y -= 4;
    }
    free(groups);
    return TH_OK;
}

/* ---- an appendix ---- */

bool th_doc_appendix_has_rows(const struct th_doc *d, size_t ai)
{
    const struct th_tpl_appendix *ap = &d->t->apps[ai];
    const struct th_cons *c = d->x.c;
    for (size_t i = 0; i < c->nnodes; i++)
        if (ap->select == TH_TPL_SEL_NARRATIVES ? wrote(c->nodes[i]) : in_appendix(d, ap, c->nodes[i]))
            return true;
    return false;
}

/* Who appendix ap lists, for its title ({appendix.units}): the groups of
 * its units' kinds, the most numerous first ("xã, phường"; a province's
 * "xã, phường, đặc khu"; the Bộ's "tỉnh, thành phố"). Caller frees. */
static char *appendix_units(const struct th_doc *d, const struct th_tpl_appendix *ap)
{
    const struct th_cons *c = d->x.c;
    const char **g = th_calloc(c->nnodes + 1, sizeof *g);
    size_t *count = th_calloc(c->nnodes + 1, sizeof *count), ng = 0;
    for (size_t i = 0; i < c->nnodes; i++) {
        const struct th_cons_node *n = c->nodes[i];
        const char *label = n->group ? n->group : n->kind_label;
        if (!label || !in_appendix(d, ap, n))
            continue;
        size_t k = 0;
        while (k < ng && strcmp(g[k], label) != 0)
            k++;
        if (k == ng)
            g[ng++] = label;
        count[k]++;
    }
    /* stable: among groups of the same size, the registry's order */
    for (size_t i = 1; i < ng; i++)
        for (size_t k = i; k > 0 && count[k] > count[k - 1]; k--) {
            const char *tg = g[k];
            size_t tc = count[k];
            g[k] = g[k - 1], count[k] = count[k - 1];
            g[k - 1] = tg, count[k - 1] = tc;
        }
    struct th_buf b;
    th_buf_init(&b, 0);
    for (size_t k = 0; k < ng; k++) {
        char *low = th_tpl_lower_first(g[k]);
        th_buf_printf(&b, "%s%s", k ? ", " : "", low);
        free(low);
    }
    free(g);
    free(count);
    return ng ? th_buf_detach(&b) : (th_buf_release(&b), th_strdup("đơn vị"));
}

th_err th_doc_appendix(struct th_doc *d, size_t ai, const char *ref)
{
    struct th_pdf *p = &d->pdf;
    const struct th_tpl_appendix *ap = &d->t->apps[ai];
    th_err e = TH_OK;
    th_pdf_new_part(p);
    th_pdf_new_page(p);
    char *label = th_asprintf("PL %s-", th_doc_roman(d->app_number[ai]));
    HPDF_AddPageLabel(p->doc, (HPDF_UINT)(p->npages - 1), HPDF_PAGE_NUM_STYLE_DECIMAL, 1, label);
    free(label);
    float tw = th_pdf_text_width(p);
    char *title = NULL, *units = ap->select == TH_TPL_SEL_NARRATIVES ? NULL : appendix_units(d, ap);
    d->x.node = d->x.c->root;
    d->x.appendix_units = units;
    e = th_tpl_expand(&d->x, d->t->path, ap->line, ap->title, &title);
    d->x.appendix_units = NULL;
    free(units);
    if (e != TH_OK)
        return e;
    /* a title of capitals: its placeholders too ("THEO XÃ, PHƯỜNG") */
    char *up = th_tpl_upper(title);
    free(title);
    title = up;
    th_doc_centred(p, TH_PDF_BOLD, 14, d->app_label[ai], p->ml, tw, &p->y, 17);
    th_doc_centred(p, TH_PDF_BOLD, 14, title, p->ml, tw, &p->y, 17);
    th_doc_centred(p, TH_PDF_ITALIC, 13, ref, p->ml, tw, &p->y, 16);
    free(title);
    p->y -= 8;
    d->x.ratio_cols = 0; /* a note on ratios only above a ratio column */
    for (size_t i = 0; i < ap->ncols; i++)
        d->x.ratio_cols += th_tpl_asked(&d->x, NULL, ap->cols[i].value) && th_tpl_ratio(&d->x, ap->cols[i].value);
    for (size_t i = 0; i < ap->nnotes && e == TH_OK; i++) {
        char *s = NULL;
        if (!th_tpl_holds(&d->x, &ap->notes[i].when))
            continue;
        if ((e = th_tpl_expand(&d->x, d->t->path, ap->notes[i].line, ap->notes[i].text, &s)) == TH_OK)
            th_pdf_paragraph(p, ap->notes[i].style, 12, TH_PDF_JUSTIFY, 0, 15, TH_DOC_AFTER, s);
        free(s);
    }
    if (e != TH_OK)
        return e;
    return ap->select == TH_TPL_SEL_NARRATIVES ? narratives(d, ap) : unit_table(d, ap);
}
