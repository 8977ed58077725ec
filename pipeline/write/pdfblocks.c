/* pdfblocks.c - the report's indicator table (Bảng) and chart (Biểu đồ):
 * each indicator as the plan states its target, this period's result, the
 * same period a year earlier, and the assessment. No codes, no operators. */
#include "report_doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static char *result_cell(const struct th_shown *s)
{
    const struct th_cons_indicator *ci = s->ci;
    char *v = th_prose_value(ci), *r, ch[48];
    if (ci->status == TH_IND_OK && s->a.t && s->a.t->relative && s->a.v != TH_V_YEAR_END && ci->has_baseline &&
        ci->baseline > 0)
        r = th_asprintf("%s (%s %s so với năm %d)%s", v, ci->change >= 0 ? "tăng" : "giảm",
                        th_fmt_pct(fabs(ci->change), 1, ch), s->a.t->baseline_year, ci->complete ? "" : " (*)");
    else
        r = th_asprintf("%s%s", v, ci->status == TH_IND_OK && !ci->complete ? " (*)" : "");
    free(v);
    return r;
}

void th_doc_indicator_table(struct th_doc *d)
{
    struct th_pdf *p = &d->pdf;
    float tw = th_pdf_text_width(p);
    bool prev = d->x.prev != NULL;
    float wp[6] = {0.06f, 0.30f, 0.19f, 0.17f, 0.13f, 0.15f}, wn[5] = {0.07f, 0.35f, 0.21f, 0.19f, 0.18f};
    size_t nc = prev ? 6 : 5;
    float w[6];
    for (size_t i = 0; i < nc; i++)
        w[i] = (prev ? wp[i] : wn[i]) * tw;
    char *now = th_asprintf("Kết quả %s %d", d->x.per->def->label, d->x.per->year);
    char *before = th_asprintf("Cùng kỳ năm %d", d->x.per->year - 1);
    const char *head[6] = {"STT", "Chỉ tiêu", "Chỉ tiêu Kế hoạch", now, before, "Đánh giá"};
    if (!prev)
        head[4] = "Đánh giá";
    enum th_pdf_align al[6] = {TH_PDF_CENTER, TH_PDF_LEFT, TH_PDF_CENTER, TH_PDF_CENTER, TH_PDF_CENTER, TH_PDF_CENTER};
    struct th_pdf_table t = {nc, w, head, al, 12, 3, 0};
    d->table_no++;
    char *cap = th_asprintf("Bảng %d. Kết quả thực hiện các chỉ tiêu của Kế hoạch %s %d", d->table_no,
                            d->x.per->def->label, d->x.per->year);
    th_pdf_need(p, 2 * 15 + 60);
    p->y -= 2;
    th_doc_centred(p, TH_PDF_BOLD, 12, cap, p->ml, tw, &p->y, 15);
    p->y -= 4;
    free(cap);
    bool incomplete = false;
    for (size_t i = 0; i < d->nshown; i++)
        incomplete |= d->shown[i].ci->status == TH_IND_OK && !d->shown[i].ci->complete;
    struct th_compl k;
    th_prose_compl(d->x.c, &k);
    char a[32], e[32];
    char *note = incomplete ? th_asprintf("(*) Số liệu chưa đầy đủ: %s/%s đơn vị đã gửi báo cáo đạt yêu cầu.",
                                          th_fmt_int((int64_t)k.accepted, a), th_fmt_int((int64_t)k.expected, e))
                            : NULL;
    /* the note stays on the page of the table's last row */
    float note_h = note ? TH_DOC_AFTER + th_pdf_box_height(p, TH_PDF_ITALIC, 12, note, tw, 15) : 0;
    for (size_t i = 0; i < d->nshown; i++) {
        const struct th_shown *s = &d->shown[i];
        char no[24];
        snprintf(no, sizeof no, "%zu", s->no);
        char *tg = th_prose_target(s, d->x.per->year), *res = result_cell(s), *vd = th_prose_verdict(s);
        char *pv = prev ? (s->prev ? th_prose_value(s->prev) : th_strdup("Chưa có số liệu")) : NULL;
        const char *cells[6] = {no, s->ci->name, tg, res, prev ? pv : vd, vd};
        th_pdf_table_row(p, &t, cells, TH_PDF_REGULAR, i + 1 == d->nshown ? note_h : 0);
        free(tg);
        free(res);
        free(vd);
        free(pv);
    }
    p->y -= TH_DOC_AFTER;
    if (note)
        th_pdf_paragraph(p, TH_PDF_ITALIC, 12, TH_PDF_JUSTIFY, 0, 15, TH_DOC_AFTER, note);
    free(note);
    free(now);
    free(before);
}

/* One indicator on the chart: this period, a year earlier, the target,
 * each as a percentage of the axis. */
struct bar {
    const struct th_shown *s;
    double v, pv, tgt;          /* percent (ratios) or percent of the required level (counts) */
    bool has_pv;
    char *vlabel, *pvlabel, *tlabel;
};

/* The chart's axis ends at most here: a count far above its required level
 * (a plan whose baseline is tiny) would otherwise squeeze every other bar to
 * nothing and draw thousands of grid lines. A longer bar stops at the edge;
 * its label still says its value. */
#define AXIS_MAX 200.0

/* The width of a bar of value v on an axis of the given length. */
static float bar_w(double v, double axis, float plot_w)
{
    if (!(v > 0))
        return 0.5f;
    float w = plot_w * (float)((v < axis ? v : axis) / axis);
    return w > 0.5f ? w : 0.5f;
}

/* The level a target asks for this year, as the chart draws it, or NAN. */
static double required(const struct th_shown *s)
{
    if (!s->a.t || s->a.v == TH_V_YEAR_END || s->a.v == TH_V_NONE)
        return NAN;
    return s->a.required;
}

void th_doc_chart(struct th_doc *d)
{
    struct th_pdf *p = &d->pdf;
    struct bar *bars = th_calloc(d->nshown + 1, sizeof *bars);
    size_t nb = 0;
    bool scaled = false, any_prev = false;
    double axis = 100;
    /* the indicators not drawn, by why: each reason said only where it
     * applies, in this order */
    enum { NO_DATA, NO_TARGET, YEAR_END, NO_LEVEL, NWHY };
    static const char *const why[NWHY] = {
        [NO_DATA] = "chưa có số liệu",
        [NO_TARGET] = "không đặt chỉ tiêu",
        [YEAR_END] = "được đánh giá theo số liệu cả năm",
        [NO_LEVEL] = "chưa có mức để so sánh",
    };
    struct th_buf left[NWHY];
    for (int k = 0; k < NWHY; k++)
        th_buf_init(&left[k], 1u << 16);
    for (size_t i = 0; i < d->nshown; i++) {
        const struct th_shown *s = &d->shown[i];
        const struct th_cons_indicator *ci = s->ci;
        double req = required(s);
        char b1[48], b2[48];
        if (ci->status != TH_IND_OK || isnan(req) || (!ci->ratio && req <= 0)) {
            int k = ci->status != TH_IND_OK ? NO_DATA : !s->a.t ? NO_TARGET : s->a.v == TH_V_YEAR_END ? YEAR_END
                                                                                                   : NO_LEVEL;
            th_buf_printf(&left[k], "%s%zu", left[k].len ? ", " : "", s->no);
            continue;
        }
        struct bar *b = &bars[nb++];
        b->s = s;
        b->has_pv = s->a.has_prev && d->x.prev;
        any_prev |= b->has_pv;
        if (ci->ratio) {
            b->v = ci->value;
            b->pv = s->a.prev_value;
            b->tgt = req;
            b->vlabel = th_strdup(th_fmt_pct(ci->value, 1, b1));
            b->pvlabel = th_strdup(th_fmt_pct(s->a.prev_value, 1, b1));
            b->tlabel = th_strdup(th_fmt_pct(req, req == floor(req) ? 0 : 1, b1));
        } else {
            scaled = true;
            b->v = 100 * ci->value / req;
            b->pv = 100 * s->a.prev_value / req;
            b->tgt = 100;
            b->vlabel = th_asprintf("%s (%s mức yêu cầu)", th_fmt_dec(ci->value, 0, b1), th_fmt_pct(b->v, 1, b2));
            b->pvlabel = th_strdup(th_fmt_dec(s->a.prev_value, 0, b1));
            b->tlabel = th_strdup(th_fmt_dec(ceil(req), 0, b1));
        }
        if (b->v > axis)
            axis = b->v;
        if (b->has_pv && b->pv > axis)
            axis = b->pv;
        if (b->tgt > axis)
            axis = b->tgt;
    }
    struct th_buf note; /* "Không biểu thị chỉ tiêu số 4 (không đặt chỉ tiêu); số 2 (chưa có số liệu)." */
    th_buf_init(&note, 0);
    for (int k = 0; k < NWHY; k++) {
        if (left[k].len)
            th_buf_printf(&note, "%s%s (%s)", note.len ? "; số " : "Không biểu thị chỉ tiêu số ", left[k].data, why[k]);
        th_buf_release(&left[k]);
    }
    if (note.len)
        th_buf_puts(&note, ".");
    if (!nb) {
        th_buf_release(&note);
        free(bars);
        return;
    }
    bool clipped = axis > AXIS_MAX;
    axis = clipped ? AXIS_MAX : ceil(axis / 20) * 20;
    int nbars = any_prev ? 3 : 2;
    float tw = th_pdf_text_width(p), bh = 9, gap = 10, label_w = 30, right_pad = 120;
    float plot_w = tw - label_w - right_pad;
    float group_h = (float)nbars * (bh + 1) + gap;
    float caption_h = 2 * 16;
    float legend_h = 24 + (scaled ? 15 : 0) + (clipped ? 15 : 0) + (note.len ? 15 : 0);
    float h = caption_h + (float)nb * group_h + 22 + legend_h;
    th_pdf_need(p, h + 6);
    d->chart_no++;
    char *cap = th_asprintf("Biểu đồ %d. Kết quả thực hiện các chỉ tiêu %s %d so với chỉ tiêu Kế hoạch (số thứ tự "
                            "như tại Bảng %d)",
                            d->chart_no, d->x.per->def->label, d->x.per->year, d->table_no ? d->table_no : 1);
    th_doc_centred(p, TH_PDF_BOLD, 12, cap, p->ml, tw, &p->y, 15);
    free(cap);
    p->y -= 6;
    float x0 = p->ml + label_w, top = p->y, plot_h = (float)nb * group_h;
    /* grid and axis */
    HPDF_Page_SetGrayStroke(p->page, 0.8f);
    for (int k = 0; k <= (int)(axis / 20); k++) {
        float gx = x0 + plot_w * (float)(k * 20 / axis);
        HPDF_Page_SetLineWidth(p->page, 0.4f);
        HPDF_Page_MoveTo(p->page, gx, top);
        HPDF_Page_LineTo(p->page, gx, top - plot_h);
        HPDF_Page_Stroke(p->page);
    }
    HPDF_Page_SetGrayStroke(p->page, 0);
    th_pdf_hline(p, x0, x0 + plot_w, top - plot_h, 0.6f);
    HPDF_Page_SetLineWidth(p->page, 0.6f);
    HPDF_Page_MoveTo(p->page, x0, top);
    HPDF_Page_LineTo(p->page, x0, top - plot_h);
    HPDF_Page_Stroke(p->page);
    for (int k = 0; k <= (int)(axis / 20); k++) {
        char lb[16];
        snprintf(lb, sizeof lb, "%d%%", k * 20);
        float gx = x0 + plot_w * (float)(k * 20 / axis), lw = th_pdf_width(p, TH_PDF_REGULAR, 10, lb, strlen(lb));
        th_pdf_draw_line(p, TH_PDF_REGULAR, 10, lb, strlen(lb), gx - lw / 2, top - plot_h - 12, lw, TH_PDF_LEFT);
    }
    /* bars: this period (dark), a year earlier (mid), the target (light, outlined) */
    for (size_t i = 0; i < nb; i++) {
        const struct bar *b = &bars[i];
        float gy = top - (float)i * group_h - gap / 2, y = gy;
        char no[24];
        snprintf(no, sizeof no, "%zu", b->s->no);
        th_pdf_draw_line(p, TH_PDF_BOLD, 11, no, strlen(no), p->ml, gy - bh - 4, label_w - 8, TH_PDF_RIGHT);
        float vw = bar_w(b->v, axis, plot_w);
        th_pdf_rect(p, x0, y - bh, vw, bh, 0.3f, 0);
        th_pdf_draw_line(p, TH_PDF_REGULAR, 10, b->vlabel, strlen(b->vlabel), x0 + vw + 4, y - bh + 1.5f, 200,
                         TH_PDF_LEFT);
        y -= bh + 1;
        if (any_prev) {
            if (b->has_pv) {
                float pw = bar_w(b->pv, axis, plot_w);
                th_pdf_rect(p, x0, y - bh, pw, bh, 0.6f, 0);
                th_pdf_draw_line(p, TH_PDF_REGULAR, 10, b->pvlabel, strlen(b->pvlabel), x0 + pw + 4, y - bh + 1.5f,
                                 200, TH_PDF_LEFT);
            }
            y -= bh + 1;
        }
        float tgw = bar_w(b->tgt, axis, plot_w);
        th_pdf_rect(p, x0, y - bh, tgw, bh, 0.88f, 0.4f);
        th_pdf_draw_line(p, TH_PDF_ITALIC, 10, b->tlabel, strlen(b->tlabel), x0 + tgw + 4, y - bh + 1.5f, 200,
                         TH_PDF_LEFT);
    }
    /* legend */
    float ly = top - plot_h - 34, lx = x0;
    char *now = th_asprintf("Kết quả %s %d", d->x.per->def->label, d->x.per->year);
    char *before = th_asprintf("Cùng kỳ năm %d", d->x.per->year - 1);
    const char *names[3] = {now, before, "Chỉ tiêu Kế hoạch"};
    float grays[3] = {0.3f, 0.6f, 0.88f};
    for (int k = 0; k < 3; k++) {
        if (k == 1 && !any_prev)
            continue;
        th_pdf_rect(p, lx, ly, 14, 8, grays[k], k == 2 ? 0.4f : 0);
        float nw = th_pdf_width(p, TH_PDF_REGULAR, 11, names[k], strlen(names[k]));
        th_pdf_draw_line(p, TH_PDF_REGULAR, 11, names[k], strlen(names[k]), lx + 18, ly, nw + 2, TH_PDF_LEFT);
        lx += 18 + nw + 16;
    }
    free(now);
    free(before);
    p->y = ly - 8;
    if (scaled)
        th_pdf_paragraph(p, TH_PDF_ITALIC, 11, TH_PDF_LEFT, 0, 14, 0,
                         "Chỉ tiêu về số lượng được biểu thị bằng tỷ lệ % so với mức yêu cầu của Kế hoạch.");
    if (clipped)
        th_pdf_paragraph(p, TH_PDF_ITALIC, 11, TH_PDF_LEFT, 0, 14, 0,
                         "Thanh vượt quá 200% được vẽ đến hết trục; giá trị ghi bên cạnh thanh.");
    if (note.len)
        th_pdf_paragraph(p, TH_PDF_ITALIC, 11, TH_PDF_LEFT, 0, 14, 0, note.data);
    p->y -= TH_DOC_AFTER + 4;
    for (size_t i = 0; i < nb; i++) {
        free(bars[i].vlabel);
        free(bars[i].pvlabel);
        free(bars[i].tlabel);
    }
    free(bars);
    th_buf_release(&note);
}
