/* review_pdf.c - review.pdf (review_out.h): the sơ kết / tổng kết of a
 * phase in the Nghị định 30/2020 layout of the annual report (header,
 * title, Roman sections, signature), over pdflayout.h and report_doc.c's
 * helpers: completeness per year, a table of every indicator by year
 * against the phase's target, a line chart drawn with libharu, the
 * verdicts at the last year, the units furthest short, the units merged or
 * closed, and the sections a review has, every sentence chosen by the
 * figures. Byte-identical for the same inputs. */
#include "report_doc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdfmeta.h"
#include "review_out.h"
#include "text.h"

#define FONT_DIR "/usr/share/fonts/truetype/liberation2"
#define FONT_FAMILY "LiberationSerif"

struct rd {
    struct th_pdf pdf;
    const struct th_review *r;
    const struct th_identity *id;
    char *issuer;                 /* in running text */
    float left_w, right_x, right_w;
    int roman, table_no, chart_no;
    struct th_edits *edits;       /* the department's wording (narrative/review-F-T.xml), may be NULL */
    char ***words;                /* [edit][paragraph]: its text with the placeholders expanded */
    bool skip_section, skip_part; /* a "replace" wording stands for the generated text */
    struct th_edit *after_section, *after_part;
};

static void para(struct rd *d, enum th_pdf_style st, const char *text)
{
    if (d->skip_section || d->skip_part)
        return;
    th_pdf_paragraph(&d->pdf, st, TH_DOC_BODY, TH_PDF_JUSTIFY, TH_DOC_INDENT, TH_DOC_LEAD, TH_DOC_AFTER, text);
}

/* A heading of a section or a part: para's, its last word never alone. */
static void head(struct rd *d, const char *text)
{
    if (d->skip_section || d->skip_part)
        return;
    th_pdf_heading(&d->pdf, TH_PDF_BOLD, TH_DOC_BODY, TH_PDF_JUSTIFY, TH_DOC_INDENT, TH_DOC_LEAD, TH_DOC_AFTER, text);
}

static void parafree(struct rd *d, enum th_pdf_style st, char *text)
{
    para(d, st, text);
    free(text);
}

/* ---- the department's wording (report_edits.h) ---- */

static const char *const SECTION_IDS[] = {"ket-qua", "ton-tai", "bai-hoc", "phuong-huong"};
static const char *const PART_IDS[] = {"day-du", "chi-tieu", "thay-doi", "han-che", "nguyen-nhan"};

static void emit_edit(struct rd *d, const struct th_edit *ed)
{
    char **words = d->words[ed - d->edits->v];
    for (size_t i = 0; i < ed->nparas; i++) {
        const struct th_edit_para *pa = &ed->paras[i];
        enum th_pdf_style st = pa->style == TH_EDIT_BOLD     ? TH_PDF_BOLD
                               : pa->style == TH_EDIT_ITALIC ? TH_PDF_ITALIC
                                                             : TH_PDF_REGULAR;
        th_pdf_paragraph(&d->pdf, st, TH_DOC_BODY, TH_PDF_JUSTIFY, TH_DOC_INDENT, TH_DOC_LEAD, TH_DOC_AFTER,
                         words[i]);
    }
}

/* The wording of a place as it opens: before / replace printed now (replace
 * then stands for the generated text), after kept for its end. */
static void open_place(struct rd *d, enum th_edit_place place, const char *id, bool *skip, struct th_edit **after)
{
    struct th_edit *ed = d->edits ? th_edits_find(d->edits, place, id) : NULL;
    if (!ed)
        return;
    ed->used = true;
    if (ed->mode == TH_EDIT_AFTER) {
        *after = ed;
        return;
    }
    emit_edit(d, ed);
    *skip = ed->mode == TH_EDIT_REPLACE;
}

static void close_part(struct rd *d)
{
    if (d->after_part && !d->skip_section)
        emit_edit(d, d->after_part);
    d->after_part = NULL;
    d->skip_part = false;
}

static void close_section(struct rd *d)
{
    close_part(d);
    if (d->after_section)
        emit_edit(d, d->after_section);
    d->after_section = NULL;
    d->skip_section = false;
}

/* The placeholders of the wording: the report's that say the same of a
 * phase (plan, issuer, area, root, an indicator at the latest year with a
 * consolidation) and the review's own; {year} is the year the file is for,
 * the review's last. The report's per-period ones ({period.*},
 * {report.*}, {units.*}, {root.FIELD} …) have no single value here. */
struct names {
    const struct rd *d;
    struct th_tpl_ctx x;          /* the report's context at the latest year with a consolidation */
};

static char *lookup(const void *ctx, const char *name)
{
    static const char *const shared[] = {"plan.title", "plan.place", "plan.cite", "upward.to",
                                         "issuer.name", "root.name", "area"};
    const struct names *nm = ctx;
    const struct th_review *r = nm->d->r;
    if (strcmp(name, "year") == 0 || strcmp(name, "review.to") == 0)
        return th_asprintf("%d", r->to);
    if (strcmp(name, "review.from") == 0)
        return th_asprintf("%d", r->from);
    if (strcmp(name, "review.last") == 0)
        return th_asprintf("%d", r->last);
    if (strcmp(name, "review.years") == 0)
        return th_asprintf("%02d", r->nyears);
    if (strcmp(name, "review.kind") == 0)
        return th_tpl_lower_first(th_review_kind(r));
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
        if (strcmp(name, shared[i]) == 0)
            return th_tpl_resolve(&nm->x, name);
    const char *dot = strrchr(name, '.');
    const struct th_cons_node *root = nm->x.c->root;
    for (size_t i = 0; dot && i < root->nind; i++) /* {I1.value} …: an indicator's code before the dot */
        if (strlen(root->ind[i].code) == (size_t)(dot - name) && strncmp(root->ind[i].code, name, dot - name) == 0)
            return th_tpl_resolve(&nm->x, name);
    return NULL;
}

/* Expand every paragraph of the wording into d->words, naming each unknown
 * placeholder with the file's line (all of them in one run). */
static th_err expand_edits(struct rd *d)
{
    const struct th_review *r = d->r;
    const struct th_cons *lc = r->last ? r->year[r->last - r->from] : NULL;
    struct th_period per;
    if (!d->edits || !d->edits->n)
        return TH_OK;
    d->words = th_calloc(d->edits->n, sizeof *d->words);
    struct names nm = {.d = d, .x = {.ws = r->ws, .per = &per, .c = lc, .node = lc ? lc->root : NULL, .id = d->id,
                                     .issuer = d->issuer}};
    if (!lc || !th_review_period(r, r->last, &per)) { /* the stage refuses a review without a year first */
        th_error("%s: no year of the review to expand its placeholders with", d->edits->path);
        return TH_ERR_CONFIG;
    }
    nm.x.area = d->id->area ? th_strdup(d->id->area) : th_tpl_lower_first(lc->root->name);
    th_err e = TH_OK;
    for (size_t i = 0; i < d->edits->n; i++) {
        const struct th_edit *ed = &d->edits->v[i];
        d->words[i] = th_calloc(ed->nparas ? ed->nparas : 1, sizeof **d->words);
        for (size_t k = 0; k < ed->nparas; k++)
            if (th_tpl_expand_words_fn(lookup, &nm, d->edits->path, ed->paras[k].line,
                                       "lời văn của báo cáo sơ kết, tổng kết", ed->paras[k].text,
                                       &d->words[i][k]) != TH_OK)
                e = TH_ERR_CONFIG;
    }
    if (e != TH_OK)
        th_error("%s: báo cáo sơ kết, tổng kết dùng được: {review.from} {review.to} {review.years} {review.kind} "
                 "{review.last} {year} {plan.title} {plan.place} {plan.cite} {upward.to} {issuer.name} {root.name} "
                 "{area} và {I1.value}, .target, .met, .name, .num, .den, .change, .baseline của năm {review.last}",
                 d->edits->path);
    free(nm.x.area);
    return e;
}

static void words_free(struct rd *d)
{
    for (size_t i = 0; d->words && i < d->edits->n; i++) {
        for (size_t k = 0; k < d->edits->v[i].nparas; k++)
            free(d->words[i][k]);
        free(d->words[i]);
    }
    free(d->words);
}

/* Every wording must name a place of the review. */
static th_err check_edits(const struct rd *d)
{
    th_err e = TH_OK;
    for (size_t i = 0; d->edits && i < d->edits->n; i++) {
        const struct th_edit *ed = &d->edits->v[i];
        const char *const *ids = ed->place == TH_EDIT_SECTION ? SECTION_IDS : PART_IDS;
        size_t n = ed->place == TH_EDIT_SECTION ? 4 : ed->place == TH_EDIT_PART ? 5 : 0, k = 0;
        while (k < n && strcmp(ids[k], ed->ref) != 0)
            k++;
        if (k == n) {
            th_error("%s:%d: báo cáo sơ kết, tổng kết không có %s '%s' (mục: ket-qua, ton-tai, bai-hoc, "
                     "phuong-huong; phần: day-du, chi-tieu, thay-doi, han-che, nguyen-nhan)",
                     d->edits->path, ed->line,
                     ed->place == TH_EDIT_SECTION ? "mục" : ed->place == TH_EDIT_PART ? "phần" : "nhiệm vụ, cơ quan",
                     ed->ref);
            e = TH_ERR_CONFIG;
        }
    }
    return e;
}

static void section(struct rd *d, const char *id, const char *title)
{
    struct th_pdf *p = &d->pdf;
    close_section(d);
    char *s = th_asprintf("%s. %s", th_doc_roman(++d->roman), title);
    th_pdf_need(p, 3 * TH_DOC_LEAD);
    head(d, s);
    free(s);
    open_place(d, TH_EDIT_SECTION, id, &d->skip_section, &d->after_section);
}

static void sub(struct rd *d, const char *id, const char *title)
{
    close_part(d);
    if (d->skip_section)
        return;
    th_pdf_need(&d->pdf, 3 * TH_DOC_LEAD);
    head(d, title);
    open_place(d, TH_EDIT_PART, id, &d->skip_part, &d->after_part);
}

/* ---- page 1 ---- */

static void header(struct rd *d)
{
    struct th_pdf *p = &d->pdf;
    /* the review has no number in plan.xml: a draft, number and day left for the office */
    th_doc_draft_mark(p);
    char *place_date = th_asprintf("%s, ngày      tháng      năm %d", d->id->place, TH_DATE_Y(th_review_date(d->r)));
    char *so = th_asprintf("Số:       /%s", d->id->symbol ? d->id->symbol : "BC");
    th_doc_header(p, d->id, so, place_date, &d->left_w, &d->right_x, &d->right_w);
    free(so);
    free(place_date);
}

static char *summary(const struct th_review *r)
{
    char *t = th_review_title(r);
    char *s = th_asprintf("%s %02d năm thực hiện %s (%s)", th_review_kind(r), r->nyears, r->ws->plan->title, t);
    free(t);
    return s;
}

static void title(struct rd *d, const char *sum)
{
    struct th_pdf *p = &d->pdf;
    float tw = th_pdf_text_width(p);
    th_doc_centred(p, TH_PDF_BOLD, 14, "BÁO CÁO", p->ml, tw, &p->y, 17);
    float sw = th_doc_centred(p, TH_PDF_BOLD, 14, sum, p->ml + 20, tw - 40, &p->y, 17);
    float lw = sw / 3 > 60 ? sw / 3 : 60;
    th_pdf_hline(p, p->ml + (tw - lw) / 2, p->ml + (tw + lw) / 2, p->y - 4, 0.6f);
    p->y -= 20;
}

/* ---- figures in words ---- */

static bool is_ratio(const struct th_review_ind *ri)
{
    return ri->def->den.nterms > 0;
}

static char *fmt_value(const struct th_cons_indicator *ci)
{
    char b[48];
    if (!ci || ci->status == TH_IND_NO_DATA)
        return th_strdup("chưa có số liệu");
    if (ci->status == TH_IND_ZERO_DEN)
        return th_strdup("mẫu số bằng 0");
    return th_strdup(ci->ratio ? th_fmt_pct(ci->value, 1, b) : th_fmt_dec(ci->value, 0, b));
}

/* "2021, 2023" of the years without a consolidation, or NULL. */
static char *missing_years(const struct th_review *r)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    for (int k = 0; k < r->nyears; k++)
        if (!r->year[k])
            th_buf_printf(&b, "%s%d", b.len ? ", " : "", r->from + k);
    if (!b.len) {
        th_buf_release(&b);
        return NULL;
    }
    return th_buf_detach(&b);
}

static void intro(struct rd *d)
{
    const struct th_review *r = d->r;
    const struct th_plan *pl = r->ws->plan;
    char *t = th_review_title(r), vd[64];
    char *doc = pl->doc.by ? th_asprintf(" (ban hành ngày %s của %s)", pl->doc.date ? th_fmt_dmy(pl->doc.date, vd) : "",
                                         pl->doc.by)
                           : th_strdup("");
    char *kind = th_tpl_lower_first(th_review_kind(r));
    parafree(d, TH_PDF_REGULAR,
             th_asprintf("Thực hiện %s%s, %s báo cáo %s %02d năm thực hiện Kế hoạch, %s, như sau:", pl->title, doc,
                         d->issuer, kind, r->nyears, t));
    free(kind);
    free(doc);
    char *miss = missing_years(r);
    char *phase = r->partial ? th_asprintf(" Giai đoạn %d - %d của Kế hoạch chưa kết thúc: báo cáo đánh giá các năm "
                                           "%d - %d đã có số liệu.",
                                           r->phase.from, r->phase.to, r->from, r->to)
                             : th_strdup("");
    parafree(d, TH_PDF_ITALIC,
             th_asprintf("Số liệu lấy từ báo cáo tổng hợp cả năm của %d/%d năm (%s).%s%s%s%s", r->navail, r->nyears,
                         t, miss ? " Chưa có số liệu tổng hợp năm " : "", miss ? miss : "",
                         miss ? "; các năm này không được tính bằng 0 và để trống trong bảng." : "", phase));
    free(phase);
    free(miss);
    free(t);
}

static void completeness(struct rd *d)
{
    const struct th_review *r = d->r;
    sub(d, "day-du", "1. Mức độ đầy đủ của số liệu báo cáo");
    for (int k = 0; k < r->nyears; k++) {
        const struct th_cons *c = r->year[k];
        char a[32], e[32], pc[48];
        if (!c) {
            parafree(d, TH_PDF_REGULAR, th_asprintf("- Năm %d: chưa có số liệu tổng hợp cả năm.", r->from + k));
            continue;
        }
        const struct th_cons_node *n = c->root;
        double pct = n->n_expected ? 100.0 * (double)n->n_accepted / (double)n->n_expected : 0;
        /* only the counts that are not zero */
        char *extra;
        if (n->n_missing && n->n_rejected)
            extra = th_asprintf("; %u đơn vị chưa báo cáo, %u đơn vị có báo cáo bị từ chối", n->n_missing,
                                n->n_rejected);
        else if (n->n_missing)
            extra = th_asprintf("; %u đơn vị chưa báo cáo", n->n_missing);
        else if (n->n_rejected)
            extra = th_asprintf("; %u đơn vị có báo cáo bị từ chối", n->n_rejected);
        else
            extra = th_strdup("; đầy đủ");
        parafree(d, TH_PDF_REGULAR,
                 th_asprintf("- Năm %d: %s/%s đơn vị phải báo cáo có báo cáo được chấp nhận (%s)%s.", r->from + k,
                             th_fmt_int((int64_t)n->n_accepted, a), th_fmt_int((int64_t)n->n_expected, e),
                             th_fmt_pct(pct, 1, pc), extra));
        free(extra);
    }
}

/* A year's cell of the table: "-" without a consolidation, (*) when
 * incomplete. */
static char *year_cell(const struct th_cons *c, const struct th_cons_indicator *ci)
{
    if (!c)
        return th_strdup("-");
    char *v = fmt_value(ci);
    if (ci && ci->status == TH_IND_OK && !ci->complete) {
        char *x = th_asprintf("%s (*)", v);
        free(v);
        return x;
    }
    return v;
}

/* The target as the plan states it; a baseline-relative one with the level
 * it resolves to ("(mức cần đạt: 6.240)"). */
static char *target_cell(const struct th_review_ind *ri)
{
    if (!ri->t)
        return th_strdup("Không đặt chỉ tiêu");
    char *ph = th_target_phrase(ri->t, is_ratio(ri)), b[48];
    if (!ri->t->relative || !ri->judged_year || !ri->a.has_required)
        return ph;
    char *s = th_asprintf("%s (mức cần đạt: %s)", ph,
                          is_ratio(ri) ? th_fmt_pct(ri->a.required, 1, b) : th_fmt_dec(ceil(ri->a.required), 0, b));
    free(ph);
    return s;
}

static void table(struct rd *d)
{
    const struct th_review *r = d->r;
    if (d->skip_section || d->skip_part)
        return;
    struct th_pdf *p = &d->pdf;
    float tw = th_pdf_text_width(p);
    size_t ny = (size_t)r->nyears, nc = 4 + ny;
    float *w = th_calloc(nc, sizeof *w);
    const char **head = th_calloc(nc, sizeof *head);
    enum th_pdf_align *al = th_calloc(nc, sizeof *al);
    char **years = th_calloc(ny, sizeof *years);
    float yw = ny > 6 ? 0.058f : 0.075f, rest = 1 - yw * (float)ny;
    w[0] = 0.06f * tw;
    w[1] = (rest - 0.06f) * 0.45f * tw;
    w[2] = (rest - 0.06f) * 0.30f * tw;
    w[nc - 1] = (rest - 0.06f) * 0.25f * tw;
    head[0] = "STT";
    head[1] = "Chỉ tiêu";
    head[2] = "Chỉ tiêu Kế hoạch";
    head[nc - 1] = "Đánh giá";
    al[0] = TH_PDF_CENTER;
    al[1] = TH_PDF_LEFT;
    al[2] = TH_PDF_LEFT;
    al[nc - 1] = TH_PDF_LEFT;
    for (size_t k = 0; k < ny; k++) {
        years[k] = th_asprintf("%d", r->from + (int)k);
        head[3 + k] = years[k];
        w[3 + k] = yw * tw;
        al[3 + k] = TH_PDF_CENTER;
    }
    struct th_pdf_table t = {nc, w, head, al, 10, 2.5f, 0};
    char *tt = th_review_title(r);
    char *cap = th_asprintf("Bảng %d. Kết quả thực hiện các chỉ tiêu của Kế hoạch qua các năm, %s", ++d->table_no, tt);
    free(tt);
    th_pdf_need(p, 2 * 15 + 60);
    th_doc_centred(p, TH_PDF_BOLD, 12, cap, p->ml, tw, &p->y, 15);
    p->y -= 4;
    free(cap);
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_review_ind *ri = &r->ind[i];
        char **cells = th_calloc(nc, sizeof *cells);
        cells[0] = th_asprintf("%zu", i + 1);
        cells[1] = th_strdup(ri->def->name);
        cells[2] = target_cell(ri);
        for (size_t k = 0; k < ny; k++) {
            const struct th_cons_indicator *ci = ri->v[k];
            cells[3 + k] = year_cell(r->year[k], ci);
        }
        cells[nc - 1] = ri->judged_year ? th_strdup(th_verdict_label(ri->a.v)) : th_strdup("Chưa đánh giá");
        th_pdf_table_row(p, &t, (const char *const *)cells, TH_PDF_REGULAR, 0);
        for (size_t k = 0; k < nc; k++)
            free(cells[k]);
        free(cells);
    }
    p->y -= 4;
    th_pdf_paragraph(p, TH_PDF_ITALIC, 11, TH_PDF_LEFT, 0, 14, 0,
                     "\"-\": năm chưa có số liệu tổng hợp (không tính bằng 0). (*) Số liệu năm đó chưa đủ đơn vị báo "
                     "cáo. Đánh giá theo số liệu năm cuối có số liệu, so với mức của chỉ tiêu Kế hoạch năm đó.");
    p->y -= TH_DOC_AFTER + 4;
    for (size_t k = 0; k < ny; k++)
        free(years[k]);
    free(years);
    free(w);
    free(head);
    free(al);
}

/* The ratio indicators year by year: a line each (gray and dash told
 * apart in black and white print), broken where a year has no value, its
 * number at each end, the plan's level as a dotted line in the same style. */
static void chart(struct rd *d)
{
    const struct th_review *r = d->r;
    if (d->skip_section || d->skip_part)
        return;
    struct th_pdf *p = &d->pdf;
    size_t idx[16], n = 0;
    for (size_t i = 0; i < r->nind && n < 16; i++) {
        bool any = false;
        for (int k = 0; k < r->nyears; k++)
            any |= r->ind[i].v[k] && r->ind[i].v[k]->status == TH_IND_OK;
        if (is_ratio(&r->ind[i]) && any)
            idx[n++] = i;
    }
    if (!n)
        return;
    float tw = th_pdf_text_width(p), label_w = 34, plot_w = tw - label_w - 30, plot_h = 180;
    float legend_h = 27 * (float)n + 10;
    th_pdf_need(p, 2 * 16 + plot_h + 30 + legend_h);
    char *tt = th_review_title(r);
    char *cap = th_asprintf("Biểu đồ %d. Các chỉ tiêu tỷ lệ qua các năm, %s (số thứ tự như tại Bảng %d)",
                            ++d->chart_no, tt, d->table_no);
    free(tt);
    th_doc_centred(p, TH_PDF_BOLD, 12, cap, p->ml, tw, &p->y, 15);
    free(cap);
    p->y -= 8;
    HPDF_Page pg = p->page;
    float x0 = p->ml + label_w, top = p->y, bot = top - plot_h;
    float step = plot_w / (float)r->nyears;
    /* grid every 20 points, 0-100 % */
    for (int g = 0; g <= 5; g++) {
        float gy = bot + plot_h * (float)g / 5;
        HPDF_Page_SetGrayStroke(pg, g ? 0.8f : 0);
        th_pdf_hline(p, x0, x0 + plot_w, gy, g ? 0.4f : 0.6f);
        char lb[8];
        snprintf(lb, sizeof lb, "%d%%", g * 20);
        th_pdf_draw_line(p, TH_PDF_REGULAR, 10, lb, strlen(lb), p->ml, gy - 3, label_w - 6, TH_PDF_RIGHT);
    }
    HPDF_Page_SetGrayStroke(pg, 0);
    HPDF_Page_SetLineWidth(pg, 0.6f);
    HPDF_Page_MoveTo(pg, x0, top);
    HPDF_Page_LineTo(pg, x0, bot);
    HPDF_Page_Stroke(pg);
    for (int k = 0; k < r->nyears; k++) {
        char y[8];
        snprintf(y, sizeof y, "%d", r->from + k);
        float cx = x0 + step * ((float)k + 0.5f), yw = th_pdf_width(p, TH_PDF_REGULAR, 10, y, strlen(y));
        th_pdf_draw_line(p, TH_PDF_REGULAR, 10, y, strlen(y), cx - yw / 2, bot - 12, yw + 1, TH_PDF_LEFT);
    }
    static const HPDF_UINT16 dashes[4][2] = {{0, 0}, {6, 3}, {2, 2}, {8, 2}};
    static const float grays[4] = {0, 0.35f, 0.55f, 0.2f};
    for (size_t j = 0; j < n; j++) {
        const struct th_review_ind *ri = &r->ind[idx[j]];
        HPDF_Page_SetGrayStroke(pg, grays[j % 4]);
        HPDF_Page_SetGrayFill(pg, grays[j % 4]);
        HPDF_Page_SetLineWidth(pg, 1.4f);
        if (j % 4)
            HPDF_Page_SetDash(pg, dashes[j % 4], 2, 0);
        bool open = false;
        float lx = 0, ly = 0;
        for (int k = 0; k < r->nyears; k++) {
            const struct th_cons_indicator *ci = ri->v[k];
            if (!ci || ci->status != TH_IND_OK) {
                if (open)
                    HPDF_Page_Stroke(pg);
                open = false;
                continue;
            }
            double v = ci->value < 0 ? 0 : ci->value > 100 ? 100 : ci->value;
            lx = x0 + step * ((float)k + 0.5f);
            ly = bot + plot_h * (float)(v / 100);
            if (!open)
                HPDF_Page_MoveTo(pg, lx, ly);
            else
                HPDF_Page_LineTo(pg, lx, ly);
            open = true;
        }
        if (open)
            HPDF_Page_Stroke(pg);
        HPDF_Page_SetDash(pg, NULL, 0, 0);
        for (int k = 0; k < r->nyears; k++) {
            const struct th_cons_indicator *ci = ri->v[k];
            if (!ci || ci->status != TH_IND_OK)
                continue;
            double v = ci->value < 0 ? 0 : ci->value > 100 ? 100 : ci->value;
            HPDF_Page_Circle(pg, x0 + step * ((float)k + 0.5f), bot + plot_h * (float)(v / 100), 2.2f);
            HPDF_Page_Fill(pg);
        }
        char no[8];
        snprintf(no, sizeof no, "%zu", idx[j] + 1);
        th_pdf_draw_line(p, TH_PDF_BOLD, 9, no, strlen(no), lx + 4, ly - 3, 20, TH_PDF_LEFT);
        /* the plan's level, dotted, in the line's gray */
        if (ri->judged_year && ri->a.has_required && ri->a.required <= 100) {
            static const HPDF_UINT16 dot[2] = {1, 3};
            float ty = bot + plot_h * (float)(ri->a.required / 100);
            HPDF_Page_SetLineWidth(pg, 0.8f);
            HPDF_Page_SetDash(pg, dot, 2, 0);
            HPDF_Page_MoveTo(pg, x0, ty);
            HPDF_Page_LineTo(pg, x0 + plot_w, ty);
            HPDF_Page_Stroke(pg);
            HPDF_Page_SetDash(pg, NULL, 0, 0);
        }
    }
    HPDF_Page_SetGrayStroke(pg, 0);
    HPDF_Page_SetGrayFill(pg, 0);
    /* legend: the line's style, the indicator, its level */
    float ly = bot - 30;
    for (size_t j = 0; j < n; j++) {
        const struct th_review_ind *ri = &r->ind[idx[j]];
        HPDF_Page_SetGrayStroke(pg, grays[j % 4]);
        HPDF_Page_SetLineWidth(pg, 1.4f);
        if (j % 4)
            HPDF_Page_SetDash(pg, dashes[j % 4], 2, 0);
        HPDF_Page_MoveTo(pg, x0, ly + 4);
        HPDF_Page_LineTo(pg, x0 + 26, ly + 4);
        HPDF_Page_Stroke(pg);
        HPDF_Page_SetDash(pg, NULL, 0, 0);
        HPDF_Page_SetGrayStroke(pg, 0);
        char lv[48] = "";
        if (ri->judged_year && ri->a.has_required)
            th_fmt_pct(ri->a.required, ri->a.required == floor(ri->a.required) ? 0 : 1, lv);
        char *s = th_asprintf("%zu. %s%s%s%s", idx[j] + 1, ri->def->name, *lv ? " (mức Kế hoạch năm cuối: " : "",
                              lv, *lv ? ", đường chấm)" : "");
        float h = th_pdf_box(p, TH_PDF_REGULAR, 10, s, x0 + 32, ly + 9, plot_w - 32, 12, TH_PDF_LEFT);
        free(s);
        ly -= (h > 12 ? h : 12) + 3;
    }
    p->y = ly - 6;
}

/* ---- the sections ---- */

/* "Tỷ lệ ... tăng từ 60,5% (năm 2021) lên 61,0% (năm 2025)" for each
 * indicator with two years of values. */
static void trends(struct rd *d)
{
    const struct th_review *r = d->r;
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_review_ind *ri = &r->ind[i];
        int a = -1, b = -1;
        for (int k = 0; k < r->nyears; k++)
            if (ri->v[k] && ri->v[k]->status == TH_IND_OK) {
                if (a < 0)
                    a = k;
                b = k;
            }
        if (a < 0)
            continue;
        char *va = fmt_value(ri->v[a]), *vb = fmt_value(ri->v[b]), ch[48];
        char *vt = ri->judged_year && ri->t ? th_verdict_text(&ri->a) : NULL;
        char *verd = vt ? th_tpl_lower_first(vt) : NULL;
        free(vt);
        char *s;
        if (a == b) {
            s = th_asprintf("- %s: %s (năm %d)%s%s.", ri->def->name, va, r->from + a,
                            verd ? "; đánh giá: " : "", verd ? verd : "");
        } else {
            double dv = ri->v[b]->value - ri->v[a]->value;
            const char *dir = dv > 0 ? "tăng" : dv < 0 ? "giảm" : "giữ nguyên";
            char *by = dv == 0 ? th_strdup("")
                       : is_ratio(ri) ? th_asprintf(" %s điểm %%", th_fmt_dec(fabs(dv), 1, ch))
                       : ri->v[a]->value > 0
                           ? th_asprintf(" %s", th_fmt_pct(fabs(dv) * 100 / ri->v[a]->value, 1, ch))
                           : th_strdup("");
            s = th_asprintf("- %s: %s%s, từ %s (năm %d) %s %s (năm %d)%s%s.", ri->def->name, dir, by, va,
                            r->from + a, dv == 0 ? "đến" : dv > 0 ? "lên" : "xuống", vb, r->from + b,
                            verd ? "; đánh giá: " : "", verd ? verd : "");
            free(by);
        }
        parafree(d, TH_PDF_REGULAR, s);
        free(va);
        free(vb);
        free(verd);
    }
}

/* The indicators by verdict at the last year: counts and names. */
static size_t count_verdict(const struct th_review *r, enum th_verdict v, struct th_buf *names)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nind; i++)
        if (r->ind[i].judged_year && r->ind[i].t && r->ind[i].a.v == v) {
            if (names)
                th_buf_printf(names, "%s%s", n ? "; " : "", r->ind[i].def->name);
            n++;
        }
    return n;
}

static size_t with_target(const struct th_review *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nind; i++)
        n += r->ind[i].t != NULL;
    return n;
}

/* "năm 2024: 1 đơn vị sáp nhập; năm 2025: 8 đơn vị sáp nhập, 15 đơn vị
 * kết thúc hoạt động"; caller frees. */
static char *changes_by_year(const struct th_review *r)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    for (size_t i = 0; i < r->nchanges;) {
        int year = r->changes[i].year;
        size_t merged = 0, closed = 0;
        for (; i < r->nchanges && r->changes[i].year == year; i++)
            *(r->changes[i].successor ? &merged : &closed) += 1;
        th_buf_printf(&b, "%snăm %d: ", b.len ? "; " : "", year);
        if (merged)
            th_buf_printf(&b, "%zu đơn vị sáp nhập vào đơn vị khác", merged);
        if (closed)
            th_buf_printf(&b, "%s%zu đơn vị kết thúc hoạt động", merged ? ", " : "", closed);
    }
    return th_buf_detach(&b);
}

#define CHANGES_LISTED 12

/* Which units were merged or closed in which year (the first
 * CHANGES_LISTED named; the workbook lists them all). */
static void changes(struct rd *d)
{
    const struct th_review *r = d->r;
    sub(d, "thay-doi", "3. Thay đổi đơn vị báo cáo trong giai đoạn");
    if (!r->nchanges) {
        para(d, TH_PDF_REGULAR, "Trong giai đoạn không có đơn vị báo cáo nào sáp nhập hoặc kết thúc hoạt động.");
        return;
    }
    char *by = changes_by_year(r);
    parafree(d, TH_PDF_REGULAR, th_asprintf("Theo danh mục đơn vị báo cáo, %s:", by));
    free(by);
    for (size_t i = 0; i < r->nchanges && i < CHANGES_LISTED; i++) {
        const struct th_review_change *c = &r->changes[i];
        char dd[16];
        th_fmt_dmy(c->u->to, dd);
        /* the list's last item ends with a full stop, the others with ';' */
        const char *end = i + 1 == r->nchanges ? "." : ";";
        if (c->successor)
            parafree(d, TH_PDF_REGULAR,
                     th_asprintf("- %s (mã %s) sáp nhập vào %s (mã %s) từ sau ngày %s%s", c->u->name, c->u->code,
                                 c->successor->name, c->successor->code, dd, end));
        else
            parafree(d, TH_PDF_REGULAR,
                     th_asprintf("- %s (mã %s) kết thúc hoạt động ngày %s%s", c->u->name, c->u->code, dd, end));
    }
    if (r->nchanges > CHANGES_LISTED)
        parafree(d, TH_PDF_REGULAR,
                 th_asprintf("- và %zu đơn vị khác (danh sách đầy đủ tại trang “Sáp nhập, giải thể” của tệp "
                             "review.xlsx).",
                             r->nchanges - CHANGES_LISTED));
    para(d, TH_PDF_ITALIC,
         "Số liệu của đơn vị sáp nhập được tính trong đơn vị tiếp nhận từ năm sau ngày sáp nhập; các năm trước "
         "giữ nguyên theo đơn vị cũ.");
}

static void results(struct rd *d)
{
    const struct th_review *r = d->r;
    section(d, "ket-qua", "KẾT QUẢ ĐẠT ĐƯỢC");
    completeness(d);
    sub(d, "chi-tieu", "2. Kết quả thực hiện các chỉ tiêu");
    table(d);
    chart(d);
    struct th_buf met;
    th_buf_init(&met, 0);
    size_t nmet = count_verdict(r, TH_V_MET, &met), nt = with_target(r);
    if (r->last && nt) {
        if (nmet)
            parafree(d, TH_PDF_REGULAR,
                     th_asprintf("Đến năm %d, %zu/%zu chỉ tiêu của Kế hoạch đạt mức đề ra: %s.", r->last, nmet, nt,
                                 met.data));
        else
            parafree(d, TH_PDF_REGULAR,
                     th_asprintf("Đến năm %d, chưa có chỉ tiêu nào của Kế hoạch đạt mức đề ra.", r->last));
    }
    th_buf_release(&met);
    para(d, TH_PDF_REGULAR, "Diễn biến từng chỉ tiêu qua các năm:");
    trends(d);
    changes(d);
}

static void weaknesses(struct rd *d)
{
    const struct th_review *r = d->r;
    section(d, "ton-tai", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN");
    sub(d, "han-che", "1. Tồn tại, hạn chế");
    struct th_buf names;
    th_buf_init(&names, 0);
    size_t nno = count_verdict(r, TH_V_NOT_MET, &names) + count_verdict(r, TH_V_BEHIND, NULL);
    bool any = false;
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_review_ind *ri = &r->ind[i];
        if (!ri->judged_year || !ri->t || ri->a.v == TH_V_MET || ri->a.v == TH_V_NONE)
            continue;
        char *v = th_verdict_text(&ri->a), *now = fmt_value(ri->v[ri->judged_year - r->from]), q[48], g[48];
        char *gap = ri->a.has_required && ri->a.gap > 0
                        ? th_asprintf(", thấp hơn mức %s là %s%s", ri->a.ratio ? th_fmt_pct(ri->a.required, 1, q)
                                                                              : th_fmt_dec(ri->a.required, 0, q),
                                      th_fmt_dec(ri->a.gap, ri->a.ratio ? 1 : 0, g), ri->a.ratio ? " điểm %" : "")
                        : th_strdup("");
        parafree(d, TH_PDF_REGULAR,
                 th_asprintf("- %s: năm %d đạt %s%s (%s).", ri->def->name, ri->judged_year, now, gap, v));
        free(gap);
        free(now);
        free(v);
        any = true;
    }
    th_buf_release(&names);
    char *miss = missing_years(r);
    if (miss) {
        parafree(d, TH_PDF_REGULAR,
                 th_asprintf("- Chưa có số liệu tổng hợp cả năm của năm %s: chưa theo dõi được đầy đủ diễn biến các "
                             "chỉ tiêu trong giai đoạn.",
                             miss));
        any = true;
    }
    int incomplete = 0;
    for (int k = 0; k < r->nyears; k++)
        incomplete += r->year[k] && r->year[k]->root->n_accepted < r->year[k]->root->n_expected;
    if (incomplete) {
        parafree(d, TH_PDF_REGULAR,
                 th_asprintf("- Có %d năm số liệu chưa đủ đơn vị báo cáo (chi tiết tại mục I.1), kết quả các năm đó "
                             "chưa phản ánh đầy đủ toàn địa bàn.",
                             incomplete));
        any = true;
    }
    if (r->nshort) {
        parafree(d, TH_PDF_REGULAR,
                 th_asprintf("- Các đơn vị có chỉ tiêu thấp nhất so với mức Kế hoạch năm %d (tối đa %d đơn vị):",
                             r->last, TH_REVIEW_MAX_SHORT));
        for (size_t i = 0; i < r->nshort; i++) {
            const struct th_review_short *s = &r->shorts[i];
            char v[48], q[48], g[48];
            parafree(d, TH_PDF_REGULAR,
                     th_asprintf("+ %s: %s đạt %s, thấp hơn mức %s là %s điểm %%%s", s->n->name, s->ri->def->name,
                                 th_fmt_pct(s->ci->value, 1, v), th_fmt_pct(s->required, 0, q),
                                 th_fmt_dec(s->gap, 1, g), i + 1 == r->nshort ? "." : ";"));
        }
        any = true;
    }
    if (!any)
        para(d, TH_PDF_REGULAR, "- Các chỉ tiêu đều đạt mức Kế hoạch; số liệu các năm đầy đủ.");
    sub(d, "nguyen-nhan", "2. Nguyên nhân");
    bool cause = false;
    if (r->nchanges) {
        char *by = changes_by_year(r);
        parafree(d, TH_PDF_REGULAR,
                 th_asprintf("- Việc sắp xếp đơn vị hành chính, tổ chức bộ máy trong giai đoạn (%s) làm thay đổi hệ "
                             "thống đơn vị báo cáo và ảnh hưởng đến việc theo dõi số liệu giữa các năm.",
                             by));
        free(by);
        cause = true;
    }
    if (incomplete || miss) {
        para(d, TH_PDF_REGULAR,
             "- Một số đơn vị chưa thực hiện nghiêm chế độ báo cáo định kỳ; việc đôn đốc, tổng hợp số liệu có năm "
             "chưa kịp thời.");
        cause = true;
    }
    if (nno)
        para(d, TH_PDF_REGULAR,
             "- Nguồn lực (nhân lực làm công tác xã hội, kinh phí) ở một số đơn vị còn hạn chế so với yêu cầu của các "
             "chỉ tiêu chưa đạt.");
    else if (!cause)
        para(d, TH_PDF_REGULAR, "- Không có nguyên nhân khách quan đáng kể ảnh hưởng đến kết quả thực hiện.");
    free(miss);
}

static void lessons(struct rd *d)
{
    const struct th_review *r = d->r;
    section(d, "bai-hoc", "BÀI HỌC KINH NGHIỆM");
    size_t nmet = count_verdict(r, TH_V_MET, NULL), nt = with_target(r);
    if (nt && nmet == nt)
        para(d, TH_PDF_REGULAR,
             "- Sự chỉ đạo thống nhất và việc phân công rõ trách nhiệm của từng cơ quan, đơn vị là điều kiện để các "
             "chỉ tiêu của Kế hoạch đều đạt.");
    else
        para(d, TH_PDF_REGULAR,
             "- Cần xác định sớm các chỉ tiêu có nguy cơ không đạt ngay từ các năm đầu giai đoạn và tập trung nguồn "
             "lực, giao trách nhiệm cụ thể cho các đơn vị còn thấp.");
    bool full = r->navail == r->nyears;
    for (int k = 0; k < r->nyears && full; k++)
        full = r->year[k]->root->n_accepted == r->year[k]->root->n_expected;
    para(d, TH_PDF_REGULAR,
         full ? "- Việc báo cáo định kỳ đầy đủ, đúng hạn của các đơn vị giúp theo dõi sát diễn biến từng chỉ tiêu qua "
                "các năm."
              : "- Chế độ báo cáo định kỳ phải được thực hiện đầy đủ hằng năm; thiếu số liệu của một năm hay một đơn "
                "vị làm mất căn cứ đánh giá cả giai đoạn.");
    if (r->nchanges)
        para(d, TH_PDF_REGULAR,
             "- Khi sắp xếp đơn vị hành chính, cần bàn giao ngay nhiệm vụ và số liệu theo dõi của đơn vị cũ cho đơn "
             "vị tiếp nhận để không gián đoạn việc thực hiện Kế hoạch.");
}

static void directions(struct rd *d)
{
    const struct th_review *r = d->r;
    const struct th_plan *pl = r->ws->plan;
    section(d, "phuong-huong", r->final ? "PHƯƠNG HƯỚNG THỜI GIAN TỚI" : "PHƯƠNG HƯỚNG GIAI ĐOẠN TỚI");
    int next_from = r->partial ? r->to + 1 : r->phase.to + 1;
    int next_to = r->partial ? r->phase.to : th_review_phase(pl, next_from).to;
    if (r->final || next_from > pl->year_to) {
        para(d, TH_PDF_REGULAR,
             "- Duy trì kết quả đã đạt; tiếp tục thực hiện các chỉ tiêu chưa đạt trong kế hoạch, chương trình của giai "
             "đoạn sau.");
    } else {
        if (next_from == next_to) /* one year left or ahead: not "2025 - 2025" */
            parafree(d, TH_PDF_REGULAR,
                     th_asprintf("- Trong năm %d%s, tập trung thực hiện các chỉ tiêu của Kế hoạch:", next_from,
                                 r->partial ? ", năm cuối của giai đoạn" : ""));
        else
            parafree(d, TH_PDF_REGULAR,
                     th_asprintf("- Trong %s %d - %d, tập trung thực hiện các chỉ tiêu của Kế hoạch:",
                                 r->partial ? "các năm còn lại của giai đoạn," : "giai đoạn", next_from, next_to));
        size_t last = 0; /* the list's last item ends with a full stop, the others with ';' */
        for (size_t i = 0; i < pl->ntargets; i++)
            if (pl->targets[i].from <= next_from && pl->targets[i].to >= next_from)
                last = i;
        for (size_t i = 0; i < pl->ntargets; i++) {
            const struct th_target *t = &pl->targets[i];
            if (t->from > next_from || t->to < next_from)
                continue;
            char *ph = th_target_phrase(t, t->indicator->den.nterms > 0);
            parafree(d, TH_PDF_REGULAR, th_asprintf("+ %s: %s%s", t->indicator->name, ph, i == last ? "." : ";"));
            free(ph);
        }
    }
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_review_ind *ri = &r->ind[i];
        if (!ri->judged_year || !ri->t || ri->a.v == TH_V_MET || ri->a.v == TH_V_NONE)
            continue;
        parafree(d, TH_PDF_REGULAR,
                 th_asprintf("- Ưu tiên chỉ tiêu “%s”, năm %d chưa đạt mức Kế hoạch đến năm %d.", ri->def->name,
                             ri->judged_year, ri->t->to));
    }
    if (r->nshort)
        para(d, TH_PDF_REGULAR,
             "- Hướng dẫn, kiểm tra các đơn vị có chỉ tiêu thấp nêu tại mục II; đôn đốc các đơn vị gửi báo cáo định "
             "kỳ đầy đủ, đúng hạn.");
    close_section(d);
    parafree(d, TH_PDF_REGULAR,
             th_asprintf("Trên đây là báo cáo %s %02d năm thực hiện Kế hoạch của %s, kính báo cáo %s./.",
                         r->final ? "tổng kết" : "sơ kết", r->nyears, d->issuer, d->id->upward_to));
}

th_err th_review_pdf_write(const struct th_review *r, struct th_edits *edits, const char *path)
{
    const struct th_workspace *ws = r->ws;
    struct rd d;
    memset(&d, 0, sizeof d);
    d.r = r;
    d.edits = edits;
    th_date date = th_review_date(r);
    d.id = th_plan_identity(ws->plan, date);
    const struct th_unit *iu = d.id->issuing_unit ? th_registry_at(ws->reg, d.id->issuing_unit, date) : NULL;
    d.issuer = th_strdup(th_identity_issuer(d.id, iu ? iu->name : NULL));
    char *sum = summary(r), *ttl = th_asprintf("Báo cáo: %s", sum), *tt = th_review_title(r);
    char *kw = th_asprintf("công tác xã hội; %s; %s; %s", th_review_kind(r), tt, ws->plan->id);
    struct th_temp tmp;
    th_err e = check_edits(&d);
    if (e == TH_OK)
        e = expand_edits(&d);
    if (e == TH_OK)
        e = th_pdf_init(&d.pdf, path, FONT_DIR, FONT_FAMILY);
    if (e != TH_OK)
        goto done;
    HPDF_Date hd = {TH_DATE_Y(date), TH_DATE_M(date), TH_DATE_D(date), 8, 0, 0, '+', 7, 0};
    char xdate[32];
    snprintf(xdate, sizeof xdate, "%04d-%02d-%02dT08:00:00+07:00", TH_DATE_Y(date), TH_DATE_M(date), TH_DATE_D(date));
    th_pdfmeta_info(d.pdf.doc, ttl, d.issuer, sum, kw, hd);
    if ((e = th_pdfmeta_xmp(d.pdf.doc, ttl, d.issuer, sum, kw, xdate)) != TH_OK)
        goto done;
    const struct th_cons *lc = r->last ? r->year[r->last - r->from] : NULL;
    if (lc) {
        char id[64];
        snprintf(id, sizeof id, "review %d-%d %d/%d", r->from, r->to, r->navail, r->nyears);
        th_pdfmeta_id(d.pdf.doc, lc, NULL, id, NULL, NULL);
    }
    th_pdfmeta_output_intent(d.pdf.doc);
    HPDF_AddPageLabel(d.pdf.doc, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    th_pdf_new_page(&d.pdf);
    header(&d);
    title(&d, sum);
    intro(&d);
    results(&d);
    weaknesses(&d);
    lessons(&d);
    directions(&d);
    th_doc_signature(&d.pdf, d.id, &d.id->recipients, d.left_w, d.right_x, d.right_w);
    if ((e = th_pdf_status(&d.pdf, "dàn trang được báo cáo sơ kết, tổng kết")) != TH_OK)
        goto done;
    if (th_temp_open(&tmp, path, 0644) != TH_OK) {
        e = TH_ERR_IO;
        goto done;
    }
    if ((e = th_pdf_save(&d.pdf, &tmp)) != TH_OK) {
        int saved = errno;
        th_temp_abort(&tmp);
        errno = saved; /* the caller says why: disk full, no permission… */
        goto done;
    }
    e = th_temp_commit(&tmp);
done:
    th_pdf_release(&d.pdf);
    words_free(&d);
    free(d.issuer);
    free(sum);
    free(ttl);
    free(tt);
    free(kw);
    return e;
}
