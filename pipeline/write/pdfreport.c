/* pdfreport.c - the official report as PDF (Nghị định 30/2020/NĐ-CP layout):
 * the template's narrative with values filled in, the indicator table and
 * chart, completeness, the signature block and the appendices (Phụ lục);
 * byte-identical output. The template is loaded and its placeholders
 * resolved by report_template.c, the PDF/A-1b metadata written by pdfmeta.c. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf.h>
#include <unicase.h>
#include <unistr.h>

#include "groups.h"
#include "pdflayout.h"
#include "pdfmeta.h"
#include "report_template.h"
#include "text.h"

#define FONT_DIR "/usr/share/fonts/truetype/liberation2"
#define FONT_FAMILY "LiberationSerif"

/* Sizes (points) after Nghị định 30/2020, Phụ lục I. */
#define BODY 14.0f
#define BODY_LEAD 17.0f          /* about 1.2 lines */
#define PARA_AFTER 6.0f
#define INDENT (12.7f * TH_PDF_MM)

/* Lower-case the first letter: "Thành phố Cần Thơ" -> "thành phố Cần Thơ". */
static char *lower_first(const char *s)
{
    size_t n = strlen(s);
    ucs4_t uc;
    int len = n ? u8_mbtouc(&uc, (const uint8_t *)s, n) : 0;
    if (len <= 0)
        return th_strdup(s);
    uint8_t buf[8];
    int l2 = u8_uctomb(buf, uc_tolower(uc), (int)sizeof buf);
    if (l2 <= 0)
        return th_strdup(s);
    char *out = th_malloc(n - (size_t)len + (size_t)l2 + 1);
    memcpy(out, buf, (size_t)l2);
    memcpy(out + l2, s + len, n - (size_t)len + 1);
    return out;
}

/* ---- the page-1 header, title, body ---- */

struct doc {
    struct th_pdf pdf;
    struct th_tpl_ctx x;
    struct th_tpl *t;
    float left_w, right_x, right_w;     /* the two header columns */
    int roman;
    int chart_no, table_no;
};

static const char *roman(int n)
{
    static const char *const r[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"};
    return n >= 1 && n <= 20 ? r[n - 1] : "?";
}

/* Where to break a two-line heading as Vietnamese typists do: before "và",
 * else after a comma, else after " - " (never inside a compound word such
 * as "thương binh"), when both halves fit in w; 0 if no such place. */
static size_t preferred_break(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float w)
{
    static const struct {
        const char *mark;
        size_t keep;            /* bytes of the mark that stay on the first line */
    } marks[] = {{" và ", 0}, {" VÀ ", 0}, {", ", 1}, {" - ", 2}};
    size_t n = strlen(text);
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m += 1 + (m == 0)) {
        size_t best = 0;
        float best_diff = 0;
        for (size_t mm = m; mm <= (m == 0 ? 1 : m); mm++) {
            for (const char *q = strstr(text, marks[mm].mark); q; q = strstr(q + 1, marks[mm].mark)) {
                size_t cut = (size_t)(q - text) + marks[mm].keep;
                size_t rest = cut;
                while (rest < n && text[rest] == ' ')
                    rest++;
                float a = th_pdf_width(p, st, size, text, cut), b = th_pdf_width(p, st, size, text + rest, n - rest);
                if (a > w || b > w || cut == 0 || rest >= n)
                    continue;
                float diff = fabsf(a - b);
                if (!best || diff < best_diff) {
                    best = cut;
                    best_diff = diff;
                }
            }
        }
        if (best)
            return best;
    }
    return 0;
}

/* Centred lines wrapped in [x, x+w] from the current y; returns the widest line. */
static float centred(struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float x, float w,
                     float *y, float leading)
{
    struct th_pdf_line *lines;
    size_t n = th_pdf_wrap(p, st, size, text, w, 0, &lines);
    size_t brk = n == 2 ? preferred_break(p, st, size, text, w) : 0;
    if (brk) {
        free(lines);
        lines = th_malloc(2 * sizeof *lines);
        lines[0] = (struct th_pdf_line){0, brk, false};
        while (text[brk] == ' ')
            brk++;
        lines[1] = (struct th_pdf_line){brk, strlen(text) - brk, true};
    } else if (n > 1) {
        /* balance the lines: the narrowest measure that keeps their number */
        float lo = w / (float)n * 0.8f, hi = w;
        for (int k = 0; k < 14; k++) {
            float mid = (lo + hi) / 2;
            struct th_pdf_line *tmp;
            size_t m = th_pdf_wrap(p, st, size, text, mid, 0, &tmp);
            free(tmp);
            if (m == n)
                hi = mid;
            else
                lo = mid;
        }
        free(lines);
        n = th_pdf_wrap(p, st, size, text, hi, 0, &lines);
    }
    float widest = 0;
    for (size_t i = 0; i < n; i++) {
        float lw = th_pdf_width(p, st, size, text + lines[i].off, lines[i].len);
        if (lw > widest)
            widest = lw;
        th_pdf_draw_line(p, st, size, text + lines[i].off, lines[i].len, x, *y - size * 0.95f, w, TH_PDF_CENTER);
        *y -= leading;
    }
    free(lines);
    return widest;
}

static void draw_header(struct doc *d)
{
    struct th_pdf *p = &d->pdf;
    const struct th_identity *pl = d->x.id;
    const char *qh = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", *tn = "Độc lập - Tự do - Hạnh phúc";
    float tw = th_pdf_text_width(p);
    char date[64], *place_date;
    if (d->x.rd && d->x.rd->issued)
        place_date = th_asprintf("%s, %s", pl->place, th_fmt_vn_date(d->x.rd->issued, date));
    else
        place_date = th_asprintf("%s, ngày      tháng      năm %d", pl->place, d->x.per->year);
    /* right column: as wide as the Quốc hiệu, the date or the Tiêu ngữ, whichever is widest */
    float rw = th_pdf_width(p, TH_PDF_BOLD, 12, qh, strlen(qh));
    float dw = th_pdf_width(p, TH_PDF_ITALIC, 13, place_date, strlen(place_date));
    if (dw > rw)
        rw = dw;
    rw += 12;
    if (rw > tw * 0.64f)
        rw = tw * 0.64f;
    d->right_w = rw;
    d->right_x = p->ml + tw - rw;
    d->left_w = d->right_x - p->ml - 8;
    float x0 = p->ml, lw = d->left_w;

    float top = p->y, yl = top, yr = top;
    centred(p, TH_PDF_REGULAR, 12, pl->parent_body, x0, lw, &yl, 15);
    float iw = centred(p, TH_PDF_BOLD, 12, pl->issuing_body, x0, lw, &yl, 15);
    float line_w = iw * 0.4f;
    th_pdf_hline(p, x0 + (lw - line_w) / 2, x0 + (lw + line_w) / 2, yl - 1, 0.6f);
    yl -= 3;

    centred(p, TH_PDF_BOLD, 12, qh, d->right_x, rw, &yr, 15);
    float tnw = centred(p, TH_PDF_BOLD, 13.5f, tn, d->right_x, rw, &yr, 16);
    th_pdf_hline(p, d->right_x + (rw - tnw) / 2, d->right_x + (rw + tnw) / 2, yr - 1, 0.6f);
    yr -= 3;

    float y = (yl < yr ? yl : yr) - 8;
    char *num = th_tpl_report_number(&d->x), *so = th_asprintf("Số: %s", num);
    float yy = y;
    centred(p, TH_PDF_REGULAR, 13, so, x0, lw, &yy, 16);
    yy = y;
    centred(p, TH_PDF_ITALIC, 13.5f, place_date, d->right_x, rw, &yy, 16);
    p->y = yy - 20;
    free(num);
    free(so);
    free(place_date);
}

static void draw_title(struct doc *d, const char *summary)
{
    struct th_pdf *p = &d->pdf;
    float tw = th_pdf_text_width(p);
    centred(p, TH_PDF_BOLD, 14, "BÁO CÁO", p->ml, tw, &p->y, 17);
    float sw = centred(p, TH_PDF_BOLD, 14, summary, p->ml, tw, &p->y, 17);
    float line_w = sw / 3 > 60 ? sw / 3 : 60;
    th_pdf_hline(p, p->ml + (tw - line_w) / 2, p->ml + (tw + line_w) / 2, p->y - 1, 0.6f);
    p->y -= 18;
}

static void heading(struct doc *d, const char *text, float keep)
{
    struct th_pdf *p = &d->pdf;
    float h = th_pdf_box_height(p, TH_PDF_BOLD, BODY, text, th_pdf_text_width(p) - INDENT, BODY_LEAD);
    th_pdf_need(p, h + keep);
    th_pdf_paragraph(p, TH_PDF_BOLD, BODY, TH_PDF_JUSTIFY, INDENT, BODY_LEAD, PARA_AFTER, text);
}

/* ---- generated blocks ---- */

static void indicator_table(struct doc *d)
{
    struct th_pdf *p = &d->pdf;
    const struct th_cons_node *r = d->x.c->root;
    float tw = th_pdf_text_width(p);
    float w[5] = {0.07f * tw, 0.41f * tw, 0.19f * tw, 0.17f * tw, 0.16f * tw};
    char *target_head = th_asprintf("Chỉ tiêu năm %d", d->x.per->year);
    const char *head[5] = {"STT", "Chỉ tiêu", "Kết quả thực hiện", target_head, "Đánh giá"};
    enum th_pdf_align al[5] = {TH_PDF_CENTER, TH_PDF_LEFT, TH_PDF_CENTER, TH_PDF_CENTER, TH_PDF_CENTER};
    struct th_pdf_table t = {5, w, head, al, 12, 3, 0};
    bool incomplete = false;
    p->y -= 2;
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_cons_indicator *ci = &r->ind[i];
        char no[24], nb[32], db[32];
        snprintf(no, sizeof no, "%zu", i + 1);
        char *v = th_tpl_ind_value(ci), *val;
        if (ci->status == TH_IND_OK && ci->ratio)
            val = th_asprintf("%s (%s/%s)%s", v, th_fmt_int(ci->num, nb), th_fmt_int(ci->den, db),
                              ci->complete ? "" : " (*)");
        else if (ci->status == TH_IND_OK && ci->has_baseline) {
            char ch[48];
            val = th_asprintf("%s (%s%s so với năm %d)%s", v, ci->change >= 0 ? "tăng " : "giảm ",
                              th_fmt_pct(fabs(ci->change), 1, ch), ci->baseline_year, ci->complete ? "" : " (*)");
        } else if (ci->status == TH_IND_ZERO_DEN)
            val = th_strdup("Không xác định (mẫu số bằng 0)");
        else if (ci->status == TH_IND_NO_DATA)
            val = th_strdup("Chưa có số liệu");
        else
            val = th_asprintf("%s%s", v, ci->complete ? "" : " (*)");
        incomplete |= !ci->complete;
        char *name = th_asprintf("%s (%s)", ci->name, ci->code), *tg = th_tpl_ind_target(ci);
        const char *cells[5] = {no, name, val, tg, th_met_label(ci->met)};
        th_pdf_table_row(p, &t, cells, TH_PDF_REGULAR, 0);
        free(v);
        free(val);
        free(name);
        free(tg);
    }
    p->y -= PARA_AFTER;
    if (incomplete) {
        char *note = th_asprintf("(*) Số liệu chưa đầy đủ: %zu/%zu đơn vị đã gửi báo cáo đạt yêu cầu.",
                                 r->n_accepted, r->n_expected);
        th_pdf_paragraph(p, TH_PDF_ITALIC, 12, TH_PDF_JUSTIFY, 0, 15, PARA_AFTER, note);
        free(note);
    }
    free(target_head);
}

/* One bar of the chart: value and target as % of the axis. */
struct bar {
    const struct th_cons_indicator *ci;
    double v, tgt;          /* percent (ratios) or percent of the required level (counts) */
    char *vlabel, *tlabel;
};

static void chart(struct doc *d)
{
    struct th_pdf *p = &d->pdf;
    const struct th_cons_node *r = d->x.c->root;
    struct bar *bars = th_calloc(r->nind + 1, sizeof *bars);
    size_t nb = 0;
    bool scaled = false;
    double axis = 100;
    struct th_buf left;
    th_buf_init(&left, 1u << 16);
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_cons_indicator *ci = &r->ind[i];
        double req = th_tpl_ind_required(ci);
        char b1[48], b2[48];
        if (ci->status != TH_IND_OK || isnan(req) || (!ci->ratio && req <= 0)) {
            th_buf_printf(&left, "%s%s", left.len ? ", " : "", ci->code);
            continue;
        }
        struct bar *b = &bars[nb++];
        b->ci = ci;
        if (ci->ratio) {
            b->v = ci->value;
            b->tgt = req;
            b->vlabel = th_strdup(th_fmt_pct(ci->value, 1, b1));
            b->tlabel = th_tpl_ind_target(ci);
        } else {
            scaled = true;
            b->v = 100 * ci->value / req;
            b->tgt = 100;
            b->vlabel = th_asprintf("%s (%s mức yêu cầu)", th_fmt_dec(ci->value, 0, b1), th_fmt_pct(b->v, 1, b2));
            b->tlabel = th_asprintf("%s %s", th_op_symbol(ci->op), th_fmt_dec(ceil(req), 0, b1));
        }
        if (b->v > axis)
            axis = b->v;
        if (b->tgt > axis)
            axis = b->tgt;
    }
    axis = ceil(axis / 20) * 20;
    float tw = th_pdf_text_width(p), bh = 9, gap = 10, label_w = 42, right_pad = 120;
    float plot_w = tw - label_w - right_pad;
    float group_h = 2 * bh + 2 + gap;
    float caption_h = 2 * 16;
    float legend_h = 24 + (scaled ? 15 : 0) + (left.len ? 15 : 0);
    float h = caption_h + (float)nb * group_h + 22 + legend_h;
    th_pdf_need(p, h + 6);
    d->chart_no++;
    char *cap = th_asprintf("Biểu đồ %d. Kết quả thực hiện các chỉ tiêu so với chỉ tiêu kế hoạch %s %d", d->chart_no,
                            d->x.per->def->label, d->x.per->year);
    centred(p, TH_PDF_BOLD, 12, cap, p->ml, tw, &p->y, 15);
    free(cap);
    p->y -= 6;
    float x0 = p->ml + label_w, top = p->y, plot_h = (float)nb * group_h;
    /* grid and axis */
    HPDF_Page_SetGrayStroke(p->page, 0.8f);
    for (int k = 0; k <= (int)(axis / 20); k++) {
        float gx = x0 + plot_w * (float)(k * 20 / axis);
        th_pdf_hline(p, gx, gx, top, 0.4f);
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
    /* bars */
    for (size_t i = 0; i < nb; i++) {
        const struct bar *b = &bars[i];
        float gy = top - (float)i * group_h - gap / 2;
        float vw = plot_w * (float)(b->v / axis), tgw = plot_w * (float)(b->tgt / axis);
        th_pdf_draw_line(p, TH_PDF_BOLD, 11, b->ci->code, strlen(b->ci->code), p->ml, gy - bh - 4, label_w - 6,
                         TH_PDF_RIGHT);
        th_pdf_rect(p, x0, gy - bh, vw > 0.5f ? vw : 0.5f, bh, 0.35f, 0);
        th_pdf_rect(p, x0, gy - 2 * bh - 2, tgw, bh, 0.82f, 0.4f);
        th_pdf_draw_line(p, TH_PDF_REGULAR, 10, b->vlabel, strlen(b->vlabel), x0 + vw + 4, gy - bh + 1.5f, 200,
                         TH_PDF_LEFT);
        th_pdf_draw_line(p, TH_PDF_ITALIC, 10, b->tlabel, strlen(b->tlabel), x0 + tgw + 4, gy - 2 * bh - 0.5f, 200,
                         TH_PDF_LEFT);
    }
    /* legend */
    float ly = top - plot_h - 34;
    th_pdf_rect(p, x0, ly, 14, 8, 0.35f, 0);
    th_pdf_draw_line(p, TH_PDF_REGULAR, 11, "Kết quả thực hiện", strlen("Kết quả thực hiện"), x0 + 18, ly, 150,
                     TH_PDF_LEFT);
    th_pdf_rect(p, x0 + 150, ly, 14, 8, 0.82f, 0.4f);
    th_pdf_draw_line(p, TH_PDF_REGULAR, 11, "Chỉ tiêu kế hoạch", strlen("Chỉ tiêu kế hoạch"), x0 + 168, ly, 150,
                     TH_PDF_LEFT);
    p->y = ly - 8;
    if (scaled)
        th_pdf_paragraph(p, TH_PDF_ITALIC, 11, TH_PDF_LEFT, 0, 14, 0,
                         "Chỉ tiêu về số lượng được biểu thị bằng tỷ lệ % so với mức yêu cầu của kế hoạch.");
    if (left.len) {
        char *s = th_asprintf("Không biểu thị các chỉ tiêu chưa có số liệu hoặc chưa có chỉ tiêu kế hoạch: %s.", left.data);
        th_pdf_paragraph(p, TH_PDF_ITALIC, 11, TH_PDF_LEFT, 0, 14, 0, s);
        free(s);
    }
    p->y -= PARA_AFTER + 4;
    for (size_t i = 0; i < nb; i++) {
        free(bars[i].vlabel);
        free(bars[i].tlabel);
    }
    free(bars);
    th_buf_release(&left);
}

/* “Xã”, “Phường”: the workbook sheets listing the marked units. Caller frees. */
static char *sheet_list(const struct th_cons *c, const bool *mark)
{
    char **names;
    size_t n = th_wb_unit_sheets(c, mark, &names);
    struct th_buf b;
    th_buf_init(&b, 0);
    for (size_t i = 0; i < n; i++) {
        th_buf_printf(&b, "%s“%s”", i ? ", " : "", names[i]);
        free(names[i]);
    }
    free(names);
    char *s = th_buf_detach(&b);
    return s ? s : th_strdup("");
}

static void completeness(struct doc *d, size_t max)
{
    struct th_pdf *p = &d->pdf;
    const struct th_cons *c = d->x.c;
    static const struct {
        enum th_own own;
        bool late;
        const char *lead;
    } kinds[] = {{TH_OWN_MISSING, false, "Các đơn vị chưa gửi báo cáo"},
                 {TH_OWN_REJECTED, false, "Các đơn vị gửi báo cáo chưa đạt yêu cầu"},
                 {TH_OWN_ACCEPTED, true, "Các đơn vị gửi báo cáo sau thời hạn"}};
    bool any = false;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        struct th_buf b;
        th_buf_init(&b, 1u << 20);
        size_t n = 0;
        for (size_t i = 0; i < c->nnodes; i++) {
            const struct th_cons_node *u = c->nodes[i];
            if (!u->expected || u->own != kinds[k].own || (kinds[k].late && !u->late))
                continue;
            if (n < max)
                th_buf_printf(&b, "%s%s", n ? ", " : "", u->name);
            n++;
        }
        if (n > max) {
            /* a long list belongs in the workbook, not in the report */
            char nb[32];
            th_buf_printf(&b, " và %s đơn vị khác (danh sách đầy đủ tại tệp %s kèm theo Báo cáo, ",
                          th_fmt_int((int64_t)(n - max), nb), TH_WORKBOOK_FILE);
            if (kinds[k].late) {
                bool *mark = th_calloc(c->nnodes, sizeof *mark);
                for (size_t i = 0; i < c->nnodes; i++)
                    mark[i] = c->nodes[i]->expected && c->nodes[i]->own == TH_OWN_ACCEPTED && c->nodes[i]->late;
                char *sheets = sheet_list(c, mark);
                th_buf_printf(&b, "cột “Nộp muộn” của trang %s)", sheets);
                free(sheets);
                free(mark);
            } else {
                th_buf_printf(&b, "trang “%s”)", TH_WB_SHEET_MISSING);
            }
        }
        if (n) {
            char *s = th_asprintf("%s (%zu đơn vị): %s.", kinds[k].lead, n, b.data);
            th_pdf_paragraph(p, TH_PDF_REGULAR, BODY, TH_PDF_JUSTIFY, INDENT, BODY_LEAD, PARA_AFTER, s);
            free(s);
            any |= kinds[k].own != TH_OWN_ACCEPTED;
        }
        th_buf_release(&b);
    }
    if (!any)
        th_pdf_paragraph(p, TH_PDF_REGULAR, BODY, TH_PDF_JUSTIFY, INDENT, BODY_LEAD, PARA_AFTER,
                         "Tất cả các đơn vị thuộc diện báo cáo đã gửi báo cáo đạt yêu cầu.");
}

static float signature_height(struct doc *d)
{
    const struct th_identity *pl = d->x.id;
    float left = 16;
    for (size_t i = 0; i < pl->nrecipients; i++)
        left += 13;
    left += 13;
    float right = 17 * 2 + 78 + 17;
    return left > right ? left : right;
}

static void signature(struct doc *d)
{
    struct th_pdf *p = &d->pdf;
    const struct th_identity *pl = d->x.id;
    float top = p->y;
    /* Nơi nhận, level with the signer's authority */
    float yl = top;
    th_pdf_draw_line(p, TH_PDF_BOLD_ITALIC, 12, "Nơi nhận:", strlen("Nơi nhận:"), p->ml, yl - 12, 200, TH_PDF_LEFT);
    yl -= 16;
    float lw = d->left_w - 6;
    for (size_t i = 0; i < pl->nrecipients; i++) {
        char *s = th_asprintf("- %s", pl->recipients[i]);
        yl -= th_pdf_box(p, TH_PDF_REGULAR, 11, s, p->ml, yl, lw, 13, TH_PDF_LEFT);
        free(s);
    }
    char *filed = th_asprintf("- Lưu: %s.", pl->filed ? pl->filed : "VT");
    yl -= th_pdf_box(p, TH_PDF_REGULAR, 11, filed, p->ml, yl, lw, 13, TH_PDF_LEFT);
    free(filed);
    /* the signer */
    float yr = top, rx = d->right_x, rw = d->right_w;
    if (pl->signer_authority && *pl->signer_authority)
        centred(p, TH_PDF_BOLD, 13.5f, pl->signer_authority, rx, rw, &yr, 17);
    if (pl->signer_title && *pl->signer_title)
        centred(p, TH_PDF_BOLD, 13.5f, pl->signer_title, rx, rw, &yr, 17);
    yr -= 78;   /* room for the signature and seal */
    centred(p, TH_PDF_BOLD, 13.5f, pl->signer_name, rx, rw, &yr, 17);
    p->y = yl < yr ? yl : yr;
}

/* ---- appendices ---- */

static bool manages_communes(const struct th_workspace *ws, const char *kind)
{
    int k = th_body_kind_index("ubnd_xa");
    for (size_t i = 0; i < ws->reg->nkinds; i++)
        if (strcmp(ws->reg->kinds[i].code, kind) == 0)
            return k >= 0 && (ws->reg->kinds[i].manages & (1u << k));
    return false;
}

static bool in_appendix(const struct doc *d, const struct th_tpl_appendix *ap, const struct th_cons_node *n)
{
    if (n->depth == 0)
        return false;
    return manages_communes(d->x.ws, n->kind) == ap->communes;
}

static const char *roman_appendix(size_t i)
{
    return roman((int)i + 1);
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

static void rows_plan(const struct doc *d, const struct th_tpl_appendix *ap, struct rows *r)
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
    for (size_t i = 1; i < nn; i++)
        at_depth[c->nodes[i]->depth] += keep[i];
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
static char *cut_note(const struct doc *d, const struct rows *r, size_t max)
{
    const struct th_cons *c = d->x.c;
    const char *label = c->root->kind_label;
    for (size_t i = 0; i < c->nnodes; i++)
        if (r->listed[i] && c->nodes[i]->depth == r->level) {
            label = c->nodes[i]->kind_label;
            break;
        }
    char *level = lower_first(label ? label : c->root->kind);
    char *sheets = sheet_list(c, r->hidden);
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

static th_err appendix(struct doc *d, size_t ai, const char *number_ref)
{
    struct th_pdf *p = &d->pdf;
    const struct th_tpl_appendix *ap = &d->t->apps[ai];
    const struct th_cons *c = d->x.c;
    th_err e = TH_OK;
    struct rows r;
    rows_plan(d, ap, &r);
    th_pdf_new_part(p);
    th_pdf_new_page(p);
    HPDF_AddPageLabel(p->doc, (HPDF_UINT)(p->npages - 1), HPDF_PAGE_NUM_STYLE_DECIMAL, 1,
                      ai == 0 ? "PL I-" : ai == 1 ? "PL II-" : "PL-");
    float tw = th_pdf_text_width(p);
    char *head = th_asprintf("Phụ lục %s", roman_appendix(ai)), *title = NULL;
    d->x.node = c->root;
    if ((e = th_tpl_expand(&d->x, d->t->path, ap->line, ap->title, &title)) != TH_OK)
        goto done;
    centred(p, TH_PDF_BOLD, 14, head, p->ml, tw, &p->y, 17);
    centred(p, TH_PDF_BOLD, 14, title, p->ml, tw, &p->y, 17);
    centred(p, TH_PDF_ITALIC, 13, number_ref, p->ml, tw, &p->y, 16);
    p->y -= 8;
    for (size_t i = 0; i < ap->nnotes; i++) {
        char *s;
        if ((e = th_tpl_expand(&d->x, d->t->path, ap->notes[i].line, ap->notes[i].text, &s)) != TH_OK)
            goto done;
        th_pdf_paragraph(p, ap->notes[i].style, 12, TH_PDF_JUSTIFY, 0, 15, PARA_AFTER, s);
        free(s);
    }
    if (r.cut) {
        char *s = cut_note(d, &r, ap->max_rows);
        th_pdf_paragraph(p, TH_PDF_ITALIC, 12, TH_PDF_JUSTIFY, 0, 15, PARA_AFTER, s);
        free(s);
    }
    /* columns: STT, unit, the template's */
    size_t nc = ap->ncols + 2;
    float *w = th_calloc(nc, sizeof *w), sum = 0.9f + ap->name_width;
    const char **hd = th_calloc(nc, sizeof *hd);
    enum th_pdf_align *al = th_calloc(nc, sizeof *al);
    char **cells = th_calloc(nc, sizeof *cells);
    char **labels = th_calloc(nc, sizeof *labels);
    char **numbers = th_calloc(c->nnodes, sizeof *numbers);
    size_t *kids = th_calloc(c->nnodes, sizeof *kids);
    for (size_t i = 0; i < ap->ncols; i++)
        sum += ap->cols[i].width;
    w[0] = tw * 0.9f / sum;
    w[1] = tw * ap->name_width / sum;
    hd[0] = "STT";
    hd[1] = "Đơn vị";
    al[0] = TH_PDF_CENTER;
    al[1] = TH_PDF_LEFT;
    for (size_t i = 0; i < ap->ncols; i++) {
        w[i + 2] = tw * ap->cols[i].width / sum;
        if ((e = th_tpl_expand(&d->x, d->t->path, ap->cols[i].line, ap->cols[i].label, &labels[i + 2])) != TH_OK)
            goto table_done;
        hd[i + 2] = labels[i + 2];
        al[i + 2] = ap->cols[i].align;
    }
    struct th_pdf_table t = {nc, w, hd, al, 11, 2.5f, 0};
    const char *group = NULL;
    size_t top_no = 0;
    bool nested = false;
    /* a row under a listed parent (other than the root) is numbered under it */
#define UNDER(i) (r.parent[i] != SIZE_MAX && r.parent[r.parent[i]] != SIZE_MAX && r.listed[r.parent[i]])
    for (size_t i = 0; i < c->nnodes; i++)
        nested |= r.listed[i] && UNDER(i);
    d->x.summary = r.cut;
    for (size_t i = 0; i < c->nnodes; i++) {
        const struct th_cons_node *n = c->nodes[i];
        if (!r.listed[i])
            continue;
        bool under = UNDER(i);
        /* numbering: "3" for a top row, "3.2" under a listed parent; the
         * root (the total of a cut appendix) has none */
        if (n->depth == 0)
            numbers[i] = th_strdup("");
        else if (under)
            numbers[i] = th_asprintf("%s.%zu", numbers[r.parent[i]], ++kids[r.parent[i]]);
        else
            numbers[i] = th_asprintf("%zu", ++top_no);
        const struct th_cons_node *top = n;
        size_t ti = i;
        while (UNDER(ti)) {
            ti = r.parent[ti];
            top = c->nodes[ti];
        }
        /* group headings: the parent (a district) or the kind's group */
        const char *g = n->depth == 0 ? NULL
                        : ap->communes && n->parent && n->parent->depth > 0 && !under ? n->parent->name
                                                                                      : top->group;
        d->x.node = n;
        for (size_t k = 0; k < ap->ncols; k++) {
            free(cells[k + 2]);
            if ((e = th_tpl_expand(&d->x, d->t->path, ap->cols[k].line, ap->cols[k].value, &cells[k + 2])) != TH_OK)
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
#undef UNDER
table_done:
    d->x.summary = false;
    for (size_t i = 0; i < nc; i++) {
        free(cells[i]);
        free(labels[i]);
    }
    for (size_t i = 0; i < c->nnodes; i++)
        free(numbers[i]);
    free(numbers);
    free(kids);
    free(cells);
    free(labels);
    free(w);
    free(hd);
    free(al);
done:
    rows_release(&r);
    d->x.node = c->root;
    free(head);
    free(title);
    return e;
}

/* ---- the report ---- */

static th_err body(struct doc *d)
{
    struct th_pdf *p = &d->pdf;
    const struct th_tpl *t = d->t;
    th_err e = TH_OK;
    for (size_t i = 0; i < t->nitems && e == TH_OK; i++) {
        const struct th_tpl_item *it = &t->items[i];
        char *s = NULL;
        if (it->text && (e = th_tpl_expand(&d->x, t->path, it->line, it->text, &s)) != TH_OK)
            break;
        switch (it->kind) {
        case TH_TPL_SECTION: {
            char *h = th_asprintf("%s. %s", roman(++d->roman), s);
            heading(d, h, 3 * BODY_LEAD);
            free(h);
            break;
        }
        case TH_TPL_H:
            heading(d, s, 2 * BODY_LEAD);
            break;
        case TH_TPL_P:
            th_pdf_paragraph(p, it->style, BODY, TH_PDF_JUSTIFY, INDENT, BODY_LEAD, PARA_AFTER, s);
            break;
        case TH_TPL_CLOSING: {
            /* the closing paragraph stays on the page of the signature */
            float h = th_pdf_box_height(p, it->style, BODY, s, th_pdf_text_width(p) - INDENT, BODY_LEAD);
            th_pdf_need(p, h + PARA_AFTER + 10 + signature_height(d));
            th_pdf_paragraph(p, it->style, BODY, TH_PDF_JUSTIFY, INDENT, BODY_LEAD, PARA_AFTER, s);
            break;
        }
        case TH_TPL_TABLE:
            indicator_table(d);
            break;
        case TH_TPL_CHART:
            chart(d);
            break;
        case TH_TPL_COMPLETENESS:
            completeness(d, it->max);
            break;
        }
        free(s);
    }
    return e;
}

th_err th_pdf_report_write(const struct th_report_in *in, const char *path)
{
    const struct th_workspace *ws = in->ws;
    const struct th_period *per = in->per;
    const struct th_cons *c = in->c;
    struct doc d;
    memset(&d, 0, sizeof d);
    th_err e = TH_OK;
    char *summary = NULL, *title = NULL, *subject = NULL, *keywords = NULL, *num = NULL, *ref = NULL, *tmp = NULL;
    char tsha[65] = "";
    d.x.ws = ws;
    d.x.per = per;
    d.x.c = c;
    d.x.node = c->root;
    d.x.rd = th_plan_report(ws->plan, per->year, per->kind);
    d.x.id = th_report_identity(ws->plan, per);
    const struct th_cons_node *issuer = th_cons_find(c, d.x.id->issuing_unit);
    d.x.issuer = th_strdup(d.x.id->issuer_name ? d.x.id->issuer_name : issuer ? issuer->name : d.x.id->issuing_body);
    d.x.area = d.x.id->area ? th_strdup(d.x.id->area) : lower_first(c->root->name);

    if (!(d.t = th_tpl_load(ws))) {
        e = TH_ERR_CONFIG;
        goto done;
    }
    if ((e = th_tpl_check(&d.x, d.t)) != TH_OK)
        goto done;
    if (th_sha256_file(d.t->path, tsha) != TH_OK)
        tsha[0] = '\0';
    if ((e = th_tpl_expand(&d.x, d.t->path, d.t->summary_line, d.t->summary, &summary)) != TH_OK)
        goto done;
    if ((e = th_pdf_init(&d.pdf, FONT_DIR, FONT_FAMILY)) != TH_OK)
        goto done;

    /* document information: dates from the issue date (else the period's end), never the clock */
    th_date dd = d.x.rd && d.x.rd->issued ? d.x.rd->issued : per->end;
    HPDF_Date date = {TH_DATE_Y(dd), TH_DATE_M(dd), TH_DATE_D(dd), 8, 0, 0, '+', 7, 0};
    char xdate[32], vdate[64];
    snprintf(xdate, sizeof xdate, "%04d-%02d-%02dT08:00:00+07:00", TH_DATE_Y(dd), TH_DATE_M(dd), TH_DATE_D(dd));
    num = th_tpl_report_number(&d.x);
    title = th_asprintf("Báo cáo: %s", summary);
    subject = th_asprintf("Báo cáo số %s %s của %s về %s", num,
                          d.x.rd && d.x.rd->issued ? th_fmt_vn_date(d.x.rd->issued, vdate) : "(dự thảo)", d.x.issuer,
                          summary);
    keywords = th_asprintf("công tác xã hội; báo cáo %s %d; %s; %s", per->def->label, per->year, ws->plan->id,
                           d.x.id->place);
    th_pdfmeta_info(d.pdf.doc, title, d.x.issuer, subject, keywords, date);
    if ((e = th_pdfmeta_xmp(d.pdf.doc, title, d.x.issuer, subject, keywords, xdate)) != TH_OK)
        goto done;
    th_pdfmeta_id(d.pdf.doc, c, d.x.rd, tsha);
    th_pdfmeta_output_intent(d.pdf.doc);
    HPDF_AddPageLabel(d.pdf.doc, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);

    th_pdf_new_page(&d.pdf);
    draw_header(&d);
    draw_title(&d, summary);
    if ((e = body(&d)) != TH_OK)
        goto done;
    d.pdf.y -= 10;
    th_pdf_need(&d.pdf, signature_height(&d));
    signature(&d);

    ref = th_asprintf("(Kèm theo Báo cáo số %s %s của %s)", num,
                      d.x.rd && d.x.rd->issued ? th_fmt_vn_date(d.x.rd->issued, vdate) : "ngày   tháng   năm",
                      d.x.issuer);
    for (size_t i = 0; i < d.t->napps && e == TH_OK; i++)
        e = appendix(&d, i, ref);
    if (e != TH_OK)
        goto done;
    if ((e = th_pdf_status(&d.pdf, "lay out the report")) != TH_OK)
        goto done;

    tmp = th_temp_beside(path);
    if (HPDF_SaveToFile(d.pdf.doc, tmp) != HPDF_OK) {
        e = th_pdf_status(&d.pdf, "write the report");
        if (e == TH_OK)
            e = TH_ERR_IO;
        remove(tmp);
        goto done;
    }
    e = th_commit_temp(tmp, path);
done:
    th_pdf_release(&d.pdf);
    th_tpl_free(d.t);
    free(d.x.issuer);
    free(d.x.area);
    free(summary);
    free(title);
    free(subject);
    free(keywords);
    free(num);
    free(ref);
    free(tmp);
    return e;
}
