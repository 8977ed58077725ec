/* review_wb.c - review.xlsx (review_out.h): the phase's figures year by
 * year for the top level and for each unit under it, with live formulas
 * for the change over the phase, a native line chart, completeness per
 * year and the units merged or closed; the annual workbook's Nghị định
 * 09/2019 form heading on every sheet (wb_common.h). */
#include "review_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "assess.h"
#include "text.h"
#include "wb_common.h"

#define HEAD_ROW 8
#define NUM_COUNT "#,##0"
#define NUM_PCT "0.0%"

static const char SHEET_TOP[] = "Chỉ tiêu toàn địa bàn";
static const char SHEET_UNITS[] = "Chỉ tiêu theo đơn vị";
static const char SHEET_COMPL[] = "Mức độ đầy đủ";
static const char SHEET_CHANGES[] = "Sáp nhập, giải thể";

/* ---- shared with review_pdf.c (review_out.h) ---- */

th_date th_review_date(const struct th_review *r)
{
    const struct th_plan *pl = r->ws->plan;
    const struct th_report_def *rd = th_plan_report(pl, r->to, "annual");
    if (rd && rd->issued)
        return rd->issued;
    struct th_period per;
    if (th_review_period(r, r->to, &per) && per.upward)
        return per.upward;
    return r->to * 10000 + 1231;
}

char *th_review_title(const struct th_review *r)
{
    return r->from == r->to ? th_asprintf("năm %d", r->from) : th_asprintf("giai đoạn %d - %d", r->from, r->to);
}

/* ---- the writer ---- */

struct rw {
    const struct th_review *r;
    lxw_workbook *book;
    const struct th_identity *id;
    lxw_format *parent, *body, *title, *italic, *line, *head, *text, *wrap, *center, *count, *pct, *miss;
    char period[160], cutoff[160], sender[512];
    lxw_error err;
};

static void note(struct rw *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR)
        w->err = e;
}

static void str(struct rw *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t c, const char *v, lxw_format *f)
{
    note(w, worksheet_write_string(s, r, c, v ? v : "", f));
}

static void num(struct rw *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    note(w, worksheet_write_number(s, r, c, v, f));
}

static void formats(struct rw *w)
{
    lxw_workbook *b = w->book;
    w->parent = th_wbc_format(b, false, false, NULL);
    w->body = th_wbc_format(b, true, false, NULL);
    w->title = th_wbc_format(b, true, false, NULL);
    format_set_font_size(w->title, 13);
    w->italic = th_wbc_format(b, false, false, NULL);
    format_set_italic(w->italic);
    w->line = th_wbc_format(b, false, false, NULL);
    w->head = th_wbc_format(b, true, true, NULL);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_CENTER);
    format_set_bg_color(w->head, 0xDDEBF7);
    w->text = th_wbc_format(b, false, true, NULL);
    w->wrap = th_wbc_format(b, false, true, NULL);
    format_set_text_wrap(w->wrap);
    w->center = th_wbc_format(b, false, true, NULL);
    format_set_align(w->center, LXW_ALIGN_CENTER);
    w->count = th_wbc_format(b, false, true, NUM_COUNT);
    w->pct = th_wbc_format(b, false, true, NUM_PCT);
    w->miss = th_wbc_format(b, false, true, NULL);
    format_set_italic(w->miss);
    format_set_align(w->miss, LXW_ALIGN_CENTER);
    format_set_text_wrap(w->miss);
}

static void heading(struct rw *w, lxw_worksheet *s, const char *title, const char *uom)
{
    struct th_wbc_heading h = {
        {w->id->parent_body, w->id->issuing_body, title, w->period, w->cutoff, w->sender, uom},
        {w->parent, w->body, w->title, w->body, w->italic, w->line, w->italic}};
    note(w, th_wbc_heading(s, &h));
}

/* An indicator's value of one year into cell (r, c): a fraction for a
 * ratio (percent format), the count otherwise; text when there is none. */
static void value_cell(struct rw *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t c, const struct th_cons *yc,
                       const struct th_cons_indicator *ci)
{
    if (!yc)
        str(w, s, r, c, "Chưa có số liệu", w->miss);
    else if (!ci)
        str(w, s, r, c, "", w->text);
    else if (ci->status == TH_IND_ZERO_DEN)
        str(w, s, r, c, "Mẫu số bằng 0", w->miss);
    else if (ci->status != TH_IND_OK)
        str(w, s, r, c, "Chưa có số liệu", w->miss);
    else
        num(w, s, r, c, ci->ratio ? ci->value / 100.0 : ci->value, ci->ratio ? w->pct : w->count);
}

/* The change from the first to the last year that have a value, as a
 * formula over the two cells (points for a ratio, percent for a count),
 * its result cached. */
static void change_cell(struct rw *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t c, lxw_col_t col0,
                        const struct th_cons_indicator *const *v, int ny, bool ratio)
{
    int a = -1, b = -1;
    for (int k = 0; k < ny; k++)
        if (v[k] && v[k]->status == TH_IND_OK) {
            if (a < 0)
                a = k;
            b = k;
        }
    if (a < 0 || a == b) {
        str(w, s, r, c, "", w->text);
        return;
    }
    char ca[32], cb[32];
    lxw_rowcol_to_cell(ca, r, col0 + (lxw_col_t)a);
    lxw_rowcol_to_cell(cb, r, col0 + (lxw_col_t)b);
    double va = ratio ? v[a]->value / 100.0 : v[a]->value, vb = ratio ? v[b]->value / 100.0 : v[b]->value;
    char *f = ratio ? th_asprintf("=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,\"\")", ca, cb, cb, ca)
                    : th_asprintf("=IFERROR((%s-%s)/%s,\"\")", cb, ca, ca);
    if (!ratio && va == 0)
        note(w, worksheet_write_formula_str(s, r, c, f, w->pct, ""));
    else
        note(w, worksheet_write_formula_num(s, r, c, f, w->pct, ratio ? vb - va : (vb - va) / va));
    free(f);
}

static void write_top(struct rw *w, lxw_worksheet *s)
{
    const struct th_review *r = w->r;
    int ny = r->nyears;
    const lxw_col_t y0 = 4, cchg = y0 + (lxw_col_t)ny, cverd = cchg + 1, cnote = cverd + 1;
    char *t = th_asprintf("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU %s", r->final ? "TỔNG KẾT" : "SƠ KẾT");
    heading(w, s, t,
            "Tỷ lệ: % (ô lưu giá trị phân số); số lượng: theo chỉ tiêu; mỗi cột năm lấy từ consolidated.xml "
            "cả năm của năm đó; thay đổi: điểm % với tỷ lệ, % với số lượng, từ năm đầu đến năm cuối có số liệu");
    free(t);
    worksheet_set_column(s, 0, 0, 5, NULL);
    worksheet_set_column(s, 1, 1, 6, NULL);
    worksheet_set_column(s, 2, 2, 44, NULL);
    worksheet_set_column(s, 3, 3, 28, NULL);
    worksheet_set_column(s, y0, cchg - 1, 11, NULL);
    worksheet_set_column(s, cchg, cchg, 13, NULL);
    worksheet_set_column(s, cverd, cverd, 28, NULL);
    worksheet_set_column(s, cnote, cnote, 30, NULL);
    worksheet_set_row(s, HEAD_ROW, 32, NULL);
    static const char *const head[] = {"STT", "Mã", "Chỉ tiêu", "Chỉ tiêu Kế hoạch"};
    for (lxw_col_t k = 0; k < 4; k++)
        str(w, s, HEAD_ROW, k, head[k], w->head);
    for (int k = 0; k < ny; k++) {
        char y[16];
        snprintf(y, sizeof y, "Năm %d", r->from + k);
        str(w, s, HEAD_ROW, y0 + (lxw_col_t)k, y, w->head);
    }
    str(w, s, HEAD_ROW, cchg, "Thay đổi cả giai đoạn", w->head);
    char *vh = th_asprintf("Đánh giá đến năm %d", r->last ? r->last : r->to);
    str(w, s, HEAD_ROW, cverd, vh, w->head);
    free(vh);
    str(w, s, HEAD_ROW, cnote, "Ghi chú", w->head);
    lxw_row_t row = HEAD_ROW + 1;
    lxw_row_t ratio_rows[64];
    size_t nratio = 0;
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_review_ind *ri = &r->ind[i];
        bool ratio = ri->def->den.nterms > 0;
        char *tp = ri->t ? th_target_phrase(ri->t, ratio) : th_strdup("Không đặt chỉ tiêu"), lv[48];
        if (ri->t && ri->t->relative && ri->judged_year && ri->a.has_required) {
            char *x = th_asprintf("%s (mức cần đạt: %s)", tp,
                                  ratio ? th_fmt_pct(ri->a.required, 1, lv) : th_fmt_dec(ceil(ri->a.required), 0, lv));
            free(tp);
            tp = x;
        }
        char *vd = ri->judged_year ? th_verdict_text(&ri->a) : th_strdup("Chưa có số liệu");
        const char *texts[] = {ri->def->name, tp, vd};
        const double widths[] = {44, 28, 28};
        th_wbc_fit_row(s, row, texts, widths, 3);
        num(w, s, row, 0, (double)(i + 1), w->center);
        str(w, s, row, 1, ri->def->code, w->center);
        str(w, s, row, 2, ri->def->name, w->wrap);
        str(w, s, row, 3, tp, w->wrap);
        for (int k = 0; k < ny; k++)
            value_cell(w, s, row, y0 + (lxw_col_t)k, r->year[k], ri->v[k]);
        change_cell(w, s, row, cchg, y0, ri->v, ny, ratio);
        str(w, s, row, cverd, vd, w->wrap);
        bool incomplete = false;
        for (int k = 0; k < ny; k++)
            incomplete |= ri->v[k] && ri->v[k]->status == TH_IND_OK && !ri->v[k]->complete;
        str(w, s, row, cnote, incomplete ? "Có năm chưa đủ đơn vị báo cáo (xem trang \"Mức độ đầy đủ\")" : "",
            w->wrap);
        if (ratio && nratio < 64)
            ratio_rows[nratio++] = row;
        free(tp);
        free(vd);
        row++;
    }
    /* completeness under the table */
    lxw_row_t cr = row;
    str(w, s, cr, 2, "Đơn vị có báo cáo được chấp nhận / phải báo cáo", w->wrap);
    for (int k = 0; k < ny; k++) {
        const struct th_cons *c = r->year[k];
        char b[64];
        if (c)
            snprintf(b, sizeof b, "%u/%u", c->root->n_accepted, c->root->n_expected);
        str(w, s, cr, y0 + (lxw_col_t)k, c ? b : "Chưa có số liệu", c ? w->center : w->miss);
    }
    worksheet_freeze_panes(s, HEAD_ROW + 1, 3);
    note(w, th_wbc_page_setup(s, HEAD_ROW, HEAD_ROW));
    if (!nratio || r->navail < 1)
        return;
    /* a native line chart: each ratio indicator over the years */
    lxw_chart *ch = workbook_add_chart(w->book, LXW_CHART_LINE);
    for (size_t i = 0; i < nratio; i++) {
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(se, SHEET_TOP, HEAD_ROW, y0, HEAD_ROW, cchg - 1);
        chart_series_set_values(se, SHEET_TOP, ratio_rows[i], y0, ratio_rows[i], cchg - 1);
        chart_series_set_name_range(se, SHEET_TOP, ratio_rows[i], 1);
        chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
    }
    char *ct = th_asprintf("Các chỉ tiêu tỷ lệ qua các năm %d - %d", r->from, r->to);
    chart_title_set_name(ch, ct);
    chart_axis_set_num_format(ch->y_axis, "0%");
    chart_axis_set_min(ch->y_axis, 0);
    chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 1.3};
    note(w, worksheet_insert_chart_opt(s, cr + 2, 2, ch, &opt));
    free(ct);
}

/* ---- units under the top ---- */

struct unit_row {
    const char *code, *name;
    int first, lastseen;   /* years it appears in */
};

static int cmp_unit(const void *a, const void *b)
{
    return strcmp(((const struct unit_row *)a)->code, ((const struct unit_row *)b)->code);
}

/* The reporting units of every year (each code once, the latest name). */
static size_t unit_rows(const struct th_review *r, struct unit_row **out)
{
    size_t n = 0, cap = 64;
    struct unit_row *v = th_calloc(cap, sizeof *v);
    for (int k = 0; k < r->nyears; k++) {
        const struct th_cons *c = r->year[k];
        for (size_t i = 1; c && i < c->nnodes; i++) {
            const struct th_cons_node *nd = c->nodes[i];
            if (!nd->expected)
                continue;
            size_t j = 0;
            while (j < n && strcmp(v[j].code, nd->code) != 0)
                j++;
            if (j == n) {
                if (n == cap)
                    v = th_realloc(v, (cap *= 2) * sizeof *v);
                v[n++] = (struct unit_row){nd->code, nd->name, r->from + k, r->from + k};
            } else {
                v[j].name = nd->name;
                v[j].lastseen = r->from + k;
            }
        }
    }
    qsort(v, n, sizeof *v, cmp_unit);
    *out = v;
    return n;
}

static const struct th_review_change *change_of(const struct th_review *r, const char *code)
{
    for (size_t i = r->nchanges; i-- > 0;)
        if (strcmp(r->changes[i].u->code, code) == 0)
            return &r->changes[i];
    return NULL;
}

static const struct th_cons_indicator *ind_of(const struct th_cons_node *n, const char *code)
{
    for (size_t i = 0; n && i < n->nind; i++)
        if (strcmp(n->ind[i].code, code) == 0)
            return &n->ind[i];
    return NULL;
}

static void write_units(struct rw *w, lxw_worksheet *s)
{
    const struct th_review *r = w->r;
    int ny = r->nyears;
    heading(w, s, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO ĐƠN VỊ QUA CÁC NĂM",
            "Tỷ lệ: %; số lượng: theo chỉ tiêu; ô trống: đơn vị không có trong hệ thống báo cáo năm đó; thay đổi: "
            "điểm % với tỷ lệ, % với số lượng");
    struct unit_row *u = NULL;
    size_t nu = unit_rows(r, &u);
    const lxw_col_t c0 = 3;
    lxw_col_t block = (lxw_col_t)ny + 1, cnote = c0 + block * (lxw_col_t)r->nind;
    worksheet_set_column(s, 0, 0, 5, NULL);
    worksheet_set_column(s, 1, 1, 9, NULL);
    worksheet_set_column(s, 2, 2, 30, NULL);
    if (r->nind)
        worksheet_set_column(s, c0, cnote - 1, 10, NULL);
    worksheet_set_column(s, cnote, cnote, 40, NULL);
    static const char *const head[] = {"STT", "Mã", "Đơn vị"};
    for (lxw_col_t k = 0; k < 3; k++)
        note(w, worksheet_merge_range(s, HEAD_ROW, k, HEAD_ROW + 1, k, head[k], w->head));
    worksheet_set_row(s, HEAD_ROW, 45, NULL);
    for (size_t i = 0; i < r->nind; i++) {
        lxw_col_t b = c0 + block * (lxw_col_t)i;
        char *h = th_asprintf("%s. %s", r->ind[i].def->code, r->ind[i].def->name);
        note(w, worksheet_merge_range(s, HEAD_ROW, b, HEAD_ROW, b + block - 1, h, w->head));
        free(h);
        for (int k = 0; k < ny; k++) {
            char y[8];
            snprintf(y, sizeof y, "%d", r->from + k);
            str(w, s, HEAD_ROW + 1, b + (lxw_col_t)k, y, w->head);
        }
        str(w, s, HEAD_ROW + 1, b + (lxw_col_t)ny, "Thay đổi", w->head);
    }
    note(w, worksheet_merge_range(s, HEAD_ROW, cnote, HEAD_ROW + 1, cnote, "Ghi chú", w->head));
    lxw_row_t row = HEAD_ROW + 2;
    for (size_t j = 0; j < nu; j++, row++) {
        num(w, s, row, 0, (double)(j + 1), w->center);
        str(w, s, row, 1, u[j].code, w->center);
        str(w, s, row, 2, u[j].name, w->text);
        for (size_t i = 0; i < r->nind; i++) {
            lxw_col_t b = c0 + block * (lxw_col_t)i;
            const struct th_cons_indicator *v[TH_REVIEW_MAX_YEARS] = {0};
            for (int k = 0; k < ny; k++) {
                const struct th_cons *c = r->year[k];
                const struct th_cons_node *nd = c ? th_cons_find(c, u[j].code) : NULL;
                v[k] = ind_of(nd, r->ind[i].def->code);
                if (!c || nd)
                    value_cell(w, s, row, b + (lxw_col_t)k, c, v[k]);
                else
                    str(w, s, row, b + (lxw_col_t)k, "", w->text);
            }
            change_cell(w, s, row, b + (lxw_col_t)ny, b, v, ny, r->ind[i].def->den.nterms > 0);
        }
        const struct th_review_change *ch = change_of(r, u[j].code);
        char *nt = NULL;
        if (ch && ch->successor)
            nt = th_asprintf("Sáp nhập vào %s (%s) từ năm %d", ch->successor->name, ch->successor->code,
                             ch->year + (TH_DATE_M(ch->u->to) == 12 ? 1 : 0));
        else if (ch)
            nt = th_asprintf("Giải thể (kết thúc ngày %02d/%02d/%d)", TH_DATE_D(ch->u->to), TH_DATE_M(ch->u->to),
                             ch->year);
        else if (u[j].first > r->from)
            nt = th_asprintf("Báo cáo từ năm %d", u[j].first);
        str(w, s, row, cnote, nt, w->wrap);
        free(nt);
    }
    free(u);
    worksheet_freeze_panes(s, HEAD_ROW + 2, 3);
    note(w, th_wbc_page_setup(s, HEAD_ROW, HEAD_ROW + 1));
}

static void write_compl(struct rw *w, lxw_worksheet *s)
{
    const struct th_review *r = w->r;
    heading(w, s, "MỨC ĐỘ ĐẦY ĐỦ CỦA SỐ LIỆU TỪNG NĂM", "Đơn vị tính: đơn vị; tỷ lệ: %");
    static const char *const head[] = {"Năm", "Đơn vị phải báo cáo", "Có báo cáo được chấp nhận", "Tỷ lệ",
                                       "Chưa báo cáo", "Bị từ chối", "Nộp muộn", "Tệp báo cáo đã nhận",
                                       "Nguồn số liệu (tệp tổng hợp của năm)"};
    static const double width[] = {8, 14, 16, 9, 12, 11, 11, 14, 60};
    for (lxw_col_t k = 0; k < 9; k++) {
        worksheet_set_column(s, k, k, width[k], NULL);
        str(w, s, HEAD_ROW, k, head[k], w->head);
    }
    worksheet_set_row(s, HEAD_ROW, 32, NULL);
    for (int k = 0; k < r->nyears; k++) {
        lxw_row_t row = HEAD_ROW + 1 + (lxw_row_t)k;
        const struct th_cons *c = r->year[k];
        num(w, s, row, 0, r->from + k, w->center);
        if (!c) {
            note(w, worksheet_merge_range(s, row, 1, row, 8,
                                          "Chưa có số liệu tổng hợp cả năm (consolidated.xml) của năm này", w->miss));
            continue;
        }
        const struct th_cons_node *n = c->root;
        num(w, s, row, 1, (double)n->n_expected, w->count);
        num(w, s, row, 2, (double)n->n_accepted, w->count);
        char b[32], cc[32], *f;
        lxw_rowcol_to_cell(b, row, 1);
        lxw_rowcol_to_cell(cc, row, 2);
        f = th_asprintf("=IFERROR(%s/%s,\"\")", cc, b);
        if (n->n_expected)
            note(w, worksheet_write_formula_num(s, row, 3, f, w->pct,
                                                (double)n->n_accepted / (double)n->n_expected));
        else
            note(w, worksheet_write_formula_str(s, row, 3, f, w->pct, ""));
        free(f);
        num(w, s, row, 4, (double)n->n_missing, w->count);
        num(w, s, row, 5, (double)n->n_rejected, w->count);
        num(w, s, row, 6, (double)n->n_late, w->count);
        num(w, s, row, 7, (double)c->files, w->count);
        char *src = th_asprintf("consolidated.xml năm %d, SHA-256 %s", r->from + k, r->sha256[k]);
        str(w, s, row, 8, src, w->text);
        free(src);
    }
    note(w, th_wbc_page_setup(s, HEAD_ROW, HEAD_ROW));
}

static void write_changes(struct rw *w, lxw_worksheet *s)
{
    const struct th_review *r = w->r;
    heading(w, s, "ĐƠN VỊ SÁP NHẬP, GIẢI THỂ TRONG GIAI ĐOẠN", "Theo các bản ghi có thời hạn của registry.xml");
    static const char *const head[] = {"STT", "Năm", "Mã", "Đơn vị", "Ngày kết thúc", "Đơn vị tiếp nhận"};
    static const double width[] = {5, 8, 9, 34, 14, 40};
    for (lxw_col_t k = 0; k < 6; k++) {
        worksheet_set_column(s, k, k, width[k], NULL);
        str(w, s, HEAD_ROW, k, head[k], w->head);
    }
    for (size_t i = 0; i < r->nchanges; i++) {
        const struct th_review_change *c = &r->changes[i];
        lxw_row_t row = HEAD_ROW + 1 + (lxw_row_t)i;
        char d[16], *succ = c->successor ? th_asprintf("%s (%s)", c->successor->name, c->successor->code)
                                         : th_strdup("Giải thể, không có đơn vị tiếp nhận");
        num(w, s, row, 0, (double)(i + 1), w->center);
        num(w, s, row, 1, c->year, w->center);
        str(w, s, row, 2, c->u->code, w->center);
        str(w, s, row, 3, c->u->name, w->text);
        str(w, s, row, 4, th_fmt_dmy(c->u->to, d), w->center);
        str(w, s, row, 5, succ, w->text);
        free(succ);
    }
    if (!r->nchanges)
        str(w, s, HEAD_ROW + 2, 0, "Không có đơn vị nào sáp nhập hoặc giải thể trong giai đoạn.", w->italic);
    note(w, th_wbc_page_setup(s, HEAD_ROW, HEAD_ROW));
}

th_err th_review_xlsx_write(const struct th_review *r, const char *path)
{
    const struct th_plan *pl = r->ws->plan;
    th_date date = th_review_date(r);
    struct rw w = {.r = r, .id = th_plan_identity(pl, date)};
    char *title = th_review_title(r);
    snprintf(w.period, sizeof w.period, "%s %02d năm thực hiện Kế hoạch, %s%s", th_review_kind(r), r->nyears, title,
             r->partial ? " (giai đoạn chưa kết thúc)" : "");
    char a[16], b[16];
    snprintf(w.cutoff, sizeof w.cutoff, "Số liệu tính từ ngày %s đến ngày %s", th_fmt_dmy(r->from * 10000 + 101, a),
             th_fmt_dmy(r->to * 10000 + 1231, b));
    /* the sender named as in running text, as the report's workbook does */
    const struct th_unit *iu = w.id->issuing_unit ? th_registry_at(r->ws->reg, w.id->issuing_unit, date) : NULL;
    snprintf(w.sender, sizeof w.sender, "Đơn vị báo cáo: %s. Đơn vị nhận báo cáo: %s.",
             th_identity_issuer(w.id, iu ? iu->name : NULL), w.id->upward_to);
    struct th_wbc_file file;
    th_err rc = th_wbc_open(&file, path, false);
    if (rc != TH_OK) {
        free(title);
        return rc;
    }
    w.book = file.book;
    formats(&w);
    char *doc_title = th_asprintf("Số liệu %s thực hiện Kế hoạch %s, %s", th_review_kind(r), pl->id, title);
    lxw_doc_properties dp = {.title = doc_title, .subject = pl->title, .author = w.id->issuing_body,
                             .manager = w.id->signer_name, .company = w.id->parent_body,
                             .category = "Báo cáo sơ kết, tổng kết", .status = "Chính thức",
                             .comments = "Lập bởi tonghop " TH_VERSION " từ consolidated.xml của từng năm.",
                             .created = th_wbc_date_time(date)};
    note(&w, workbook_set_properties(w.book, &dp));
    lxw_worksheet *top = workbook_add_worksheet(w.book, SHEET_TOP);
    lxw_worksheet *units = workbook_add_worksheet(w.book, SHEET_UNITS);
    lxw_worksheet *compl = workbook_add_worksheet(w.book, SHEET_COMPL);
    lxw_worksheet *chg = workbook_add_worksheet(w.book, SHEET_CHANGES);
    bool ok = top && units && compl && chg;
    if (ok) {
        write_top(&w, top);
        write_units(&w, units);
        write_compl(&w, compl);
        write_changes(&w, chg);
        worksheet_activate(top);
    }
    rc = th_wbc_close(&file, ok, w.err);
    free(doc_title);
    free(title);
    return rc;
}
