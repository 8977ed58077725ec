/* workbook.c - the submission workbook for the ministry as XLSX (libxlsxwriter):
 * indicators against targets with a chart, the totals, one sheet per group of
 * units, the units that did not report and the validation summary. Totals and
 * ratios are live formulas written with their computed results. */
#include "workbook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <libxml/xmlreader.h>

#include "fields.h"
#include "groups.h"
#include "report.h"
#include "report_prose.h"
#include "wb_checks.h"
#include "text.h"
#include "wb_common.h"
#include "xlsx.h"
#include "xmlsafe.h"

/* Above this many units the workbook is written in constant-memory mode:
 * libxlsxwriter flushes each row when the next one starts, so every sheet
 * below is written strictly row by row, top to bottom. */
#ifndef WB_CONSTANT_MEMORY_NODES
#define WB_CONSTANT_MEMORY_NODES 5000
#endif

/* Fields per printed page of a group sheet (whole sections are kept together). */
#define GROUP_PAGE_COLS 26

/* Rows 0-6 carry the form heading of every sheet; tables start at row 8. */
#define HEAD_ROW 8

#define NUM_COUNT "#,##0"
#define NUM_MONEY "#,##0 \"đ\""
#define NUM_PCT "0.0%"

static const char SHEET_INDICATORS[] = TH_WB_SHEET_INDICATORS;
static const char SHEET_TOTALS[] = TH_WB_SHEET_TOTALS;
static const char SHEET_UNIT_INDICATORS[] = TH_WB_SHEET_UNIT_INDICATORS;
static const char SHEET_MISSING[] = TH_WB_SHEET_MISSING;
static const char SHEET_CHECKS[] = TH_WB_SHEET_CHECKS;
static const char SHEET_NARRATIVES[] = TH_WB_SHEET_NARRATIVES;

/* ---- sheet references (workbook.h) ---- */

char *th_wb_sheet_ref(const char *sheet)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_add(&b, "'", 1);
    for (const char *s = sheet; *s; s++)
        th_buf_puts(&b, *s == '\'' ? "''" : (char[]){*s, '\0'});
    th_buf_add(&b, "'", 1);
    return th_buf_detach(&b);
}

/* ---- the writer's state ---- */

struct fmts {
    lxw_format *parent, *body, *title, *line, *italic;
    lxw_format *head, *text, *wrap, *center, *count, *money, *pct;
    lxw_format *t_text, *t_count, *t_money, *t_pct;
    lxw_format *grid; /* the border of an empty value cell (a conditional format) */
};

struct wb {
    lxw_workbook *book;
    const struct th_workspace *ws;
    const struct th_plan *plan;   /* may be NULL */
    const struct th_identity *id; /* the report's issuer (plan's, dated); NULL without a plan */
    const struct th_cons *c;
    struct fmts f;
    struct th_wb_groups groups;         /* the group sheets, workbook order */
    char period[160], cutoff[160], sender[10240];   /* issuer twice, recipients: 3 plan.xml texts of 1000 characters */
    lxw_row_t field_row[TH_NNUMERIC];   /* row of each field on "Tổng hợp" */
    lxw_col_t total_col;                /* its "Tổng cộng" column */
    char *totals_ref;                   /* "'Tổng hợp'" */
    int year;
    const struct th_cons *prev;         /* the same period a year earlier, may be NULL */
    struct th_shown *shown;             /* the indicators shown that year, assessed */
    size_t nshown;
    const struct th_period_def *pd;     /* fields it does not ask: "Không yêu cầu", not 0 */
    char *not_asked;                    /* th_prose_not_asked, or NULL */
    lxw_error err;                      /* first library error */
};

static void note_err(struct wb *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR)
        w->err = e;
}

static void make_formats(struct wb *w)
{
    lxw_workbook *b = w->book;
    struct fmts *f = &w->f;
    f->parent = th_wbc_format(b, false, false, NULL);
    f->body = th_wbc_format(b, true, false, NULL);
    f->title = th_wbc_format(b, true, false, NULL);
    format_set_font_size(f->title, 13);
    f->line = th_wbc_format(b, false, false, NULL);
    f->italic = th_wbc_format(b, false, false, NULL);
    format_set_italic(f->italic);
    f->head = th_wbc_format(b, true, true, NULL);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_bg_color(f->head, 0xDDEBF7);
    f->text = th_wbc_format(b, false, true, NULL);
    f->wrap = th_wbc_format(b, false, true, NULL);
    format_set_text_wrap(f->wrap);
    f->center = th_wbc_format(b, false, true, NULL);
    format_set_align(f->center, LXW_ALIGN_CENTER);
    f->count = th_wbc_format(b, false, true, NUM_COUNT);
    f->money = th_wbc_format(b, false, true, NUM_MONEY);
    f->pct = th_wbc_format(b, false, true, NUM_PCT);
    f->t_text = th_wbc_format(b, true, true, NULL);
    f->t_count = th_wbc_format(b, true, true, NUM_COUNT);
    f->t_money = th_wbc_format(b, true, true, NUM_MONEY);
    f->t_pct = th_wbc_format(b, true, true, NUM_PCT);
    lxw_format *tot[] = {f->t_text, f->t_count, f->t_money, f->t_pct};
    for (size_t i = 0; i < sizeof tot / sizeof tot[0]; i++)
        format_set_bg_color(tot[i], 0xFFF2CC);
    f->grid = workbook_add_format(b);
    format_set_border(f->grid, LXW_BORDER_THIN);
}

static lxw_format *num_fmt(const struct wb *w, size_t field, bool total)
{
    if (th_fields[field].type == TH_FT_MONEY)
        return total ? w->f.t_money : w->f.money;
    return total ? w->f.t_count : w->f.count;
}

/* ---- small writers ---- */

static void put_str(struct wb *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t col, const char *v, lxw_format *f)
{
    note_err(w, worksheet_write_string(s, r, col, v ? v : "", f));
}

static void put_num(struct wb *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t col, double v, lxw_format *f)
{
    note_err(w, worksheet_write_number(s, r, col, v, f));
}

static void put_formula(struct wb *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t col, const char *formula,
                        double cached, lxw_format *f)
{
    note_err(w, worksheet_write_formula_num(s, r, col, formula, f, cached));
}

static void put_formula_str(struct wb *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t col, const char *formula,
                            const char *cached, lxw_format *f)
{
    note_err(w, worksheet_write_formula_str(s, r, col, formula, f, cached));
}

static char *cell(lxw_row_t r, lxw_col_t col, char out[32])
{
    lxw_rowcol_to_cell(out, r, col);
    return out;
}

/* Print setup shared by every sheet: A4 landscape, one page wide, the table
 * heading repeated on each page, page numbers in the footer. */
static void page_setup(struct wb *w, lxw_worksheet *s, lxw_row_t head_first, lxw_row_t head_last)
{
    note_err(w, th_wbc_page_setup(s, head_first, head_last));
}

/* The form heading (Nghị định 09/2019, Điều 12): issuing body, title, period,
 * data cut-off, who reports to whom and by when, the units of measure. */
static void write_heading(struct wb *w, lxw_worksheet *s, const char *title, const char *uom)
{
    const struct fmts *f = &w->f;
    struct th_wbc_heading h = {
        {w->id ? w->id->parent_body : "", w->id ? w->id->issuing_body : "", title, w->period, w->cutoff, w->sender,
         uom},
        {f->parent, f->body, f->title, f->body, f->italic, f->line, f->italic}};
    note_err(w, th_wbc_heading(s, &h));
}

static lxw_worksheet *add_sheet(struct wb *w, const char *name)
{
    lxw_worksheet *s = workbook_add_worksheet(w->book, name);
    if (!s)
        note_err(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return s;
}

/* The row of a group sheet's =SUM totals: 4 heading rows, then one row per
 * unit. */
static lxw_row_t group_total_row(const struct th_wb_group *g)
{
    return HEAD_ROW + 4 + (lxw_row_t)g->n;
}

/* ---- indicators ---- */

static const struct th_indicator *plan_indicator(const struct wb *w, const char *code)
{
    for (size_t i = 0; w->plan && i < w->plan->nindicators; i++)
        if (strcmp(w->plan->indicators[i].code, code) == 0)
            return &w->plan->indicators[i];
    return NULL;
}

/* "=SUM('Tổng hợp'!$H$10,...)" over the fields an expression adds up, or NULL
 * when the expression is unknown. Caller frees. */
static char *expr_formula(const struct wb *w, const struct th_expr *e)
{
    if (!e || !e->nterms)
        return NULL;
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_puts(&b, "=SUM(");
    size_t n = 0;
    for (size_t t = 0; t < e->nterms; t++)
        for (size_t f = 0; f < TH_NNUMERIC; f++)
            if (th_field_match(e->terms[t], th_fields[f].id)) {
                char ref[32];
                lxw_rowcol_to_cell_abs(ref, w->field_row[f], w->total_col, 1, 1);
                th_buf_printf(&b, "%s%s!%s", n++ ? "," : "", w->totals_ref, ref);
            }
    th_buf_puts(&b, ")");
    if (!n) {
        th_buf_release(&b);
        return NULL;
    }
    return th_buf_detach(&b);
}

static const char *op_excel(enum th_op op)
{
    static const char *const ops[] = {"=", "<>", "<", "<=", ">", ">="};
    return ops[op];
}

static const char *status_note(const struct th_cons_indicator *ci)
{
    if (ci->status == TH_IND_ZERO_DEN)
        return "Mẫu số bằng 0: không tính được tỷ lệ";
    if (ci->status == TH_IND_NO_DATA)
        return "Chưa có số liệu được chấp nhận";
    if (!ci->complete)
        return "Chưa đủ đơn vị báo cáo";
    return "";
}

/* Numerator, denominator, result (formula), at columns col..col+2 of row r.
 * num_f/den_f: formulas for numerator and denominator, or NULL for constants. */
static void write_ratio(struct wb *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t col,
                        const struct th_cons_indicator *ci, const char *num_f, const char *den_f)
{
    char a[32], b[32];
    if (num_f)
        put_formula(w, s, r, col, num_f, (double)ci->num, w->f.count);
    else
        put_num(w, s, r, col, (double)ci->num, w->f.count);
    cell(r, col, a);
    if (ci->ratio) {
        if (den_f)
            put_formula(w, s, r, col + 1, den_f, (double)ci->den, w->f.count);
        else
            put_num(w, s, r, col + 1, (double)ci->den, w->f.count);
        cell(r, col + 1, b);
        char *f = th_asprintf("=IFERROR(%s/%s,\"\")", a, b);
        /* cache what the formula computes (consolidated.xml keeps 4 decimals) */
        if (ci->status == TH_IND_OK && ci->den > 0)
            put_formula(w, s, r, col + 2, f, (double)ci->num / (double)ci->den, w->f.pct);
        else
            put_formula_str(w, s, r, col + 2, f, "", w->f.pct);
        free(f);
    } else {
        put_str(w, s, r, col + 1, "", w->f.text);
        char *f = th_asprintf("=%s", a);
        put_formula(w, s, r, col + 2, f, (double)ci->num, w->f.count);
        free(f);
    }
}

/* "Đạt"/"Chưa đạt" as a formula comparing value_col with target_col (the
 * level of the year), with what it computes cached; "Chưa đánh giá" when
 * there is no level (target_col -1). */
static void write_met(struct wb *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t col, lxw_col_t value_col,
                      lxw_col_t target_col, const struct th_shown *sh)
{
    const struct th_cons_indicator *ci = sh->ci;
    if (target_col == (lxw_col_t)-1) {
        put_str(w, s, r, col, th_met_label(TH_MET_UNKNOWN), w->f.center);
        return;
    }
    char v[32], t[32];
    cell(r, value_col, v);
    cell(r, target_col, t);
    enum th_met m = ci->status != TH_IND_OK                        ? TH_MET_UNKNOWN
                    : th_op_holds(sh->a.t->op, ci->value, sh->a.required) ? TH_MET_YES
                                                                   : TH_MET_NO;
    char *f = th_asprintf("=IF(ISNUMBER(%s),IF(%s%s%s,\"%s\",\"%s\"),\"%s\")", v, v, op_excel(sh->a.t->op), t,
                          th_met_label(TH_MET_YES), th_met_label(TH_MET_NO), th_met_label(TH_MET_UNKNOWN));
    put_formula_str(w, s, r, col, f, th_met_label(m), w->f.center);
    free(f);
}

/* Last year's value at col and the change at col + 1 (a formula: points
 * for a ratio, percent for a count), or empty cells. */
static void write_change(struct wb *w, lxw_worksheet *s, lxw_row_t r, lxw_col_t col, const struct th_shown *sh)
{
    const struct th_cons_indicator *ci = sh->ci;
    if (!sh->a.has_prev) {
        put_str(w, s, r, col, w->prev ? "Chưa có số liệu" : "", w->f.wrap);
        put_str(w, s, r, col + 1, "", w->f.text);
        return;
    }
    double pv = ci->ratio ? sh->a.prev_value / 100.0 : sh->a.prev_value;
    put_num(w, s, r, col, pv, ci->ratio ? w->f.pct : w->f.count);
    char now[32], before[32];
    cell(r, 5, now);
    cell(r, col, before);
    char *f = ci->ratio ? th_asprintf("=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,\"\")", now, before, now, before)
                        : th_asprintf("=IFERROR((%s-%s)/%s,\"\")", now, before, before);
    double nowv = ci->ratio ? ci->value / 100.0 : ci->value;
    if (ci->status != TH_IND_OK || (!ci->ratio && pv == 0))
        put_formula_str(w, s, r, col + 1, f, "", w->f.pct);
    else
        put_formula(w, s, r, col + 1, f, ci->ratio ? nowv - pv : (nowv - pv) / pv, w->f.pct);
    free(f);
}

static void write_indicators(struct wb *w, lxw_worksheet *s)
{
    const struct th_cons_node *root = w->c->root;
    char *before = th_asprintf("Cùng kỳ năm %d", w->year - 1);
    const char *head[] = {"STT", "Mã", "Chỉ tiêu", "Tử số", "Mẫu số", "Kết quả", "Chỉ tiêu Kế hoạch",
                          "Mức so sánh", "Đạt mức so sánh", "Đánh giá", before, "Tăng/giảm so với cùng kỳ",
                          "Đơn vị đã báo cáo", "Đơn vị phải báo cáo", "Ghi chú", "Nội dung chỉ tiêu theo Kế hoạch"};
    static const double width[] = {5, 6, 44, 11, 11, 10, 24, 11, 12, 22, 11, 12, 10, 10, 20, 44};
    const lxw_col_t ncol = sizeof head / sizeof head[0];
    for (lxw_col_t k = 0; k < ncol; k++)
        worksheet_set_column(s, k, k, width[k], NULL);
    char *uom = th_asprintf("Tỷ lệ: %% (ô lưu giá trị phân số, 0,785 hiển thị 78,5%%); số lượng: đơn vị tính theo "
                            "chỉ tiêu; tử số và mẫu số lấy từ trang \"Tổng hợp\"; tăng/giảm so với cùng kỳ: điểm %% "
                            "với tỷ lệ, %% với số lượng%s%s%s",
                            w->prev ? "" : "; chưa có số liệu tổng hợp cùng kỳ năm trước",
                            w->not_asked ? ". " : "", w->not_asked ? w->not_asked : "");
    write_heading(w, s, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU SO VỚI CHỈ TIÊU KẾ HOẠCH", uom);
    free(uom);
    worksheet_set_row(s, HEAD_ROW, 32, NULL);
    for (lxw_col_t k = 0; k < ncol; k++)
        put_str(w, s, HEAD_ROW, k, head[k], w->f.head);
    free(before);
    /* in constant-memory mode the filter must be set before the rows go */
    if (w->nshown)
        note_err(w, worksheet_autofilter(s, HEAD_ROW, 0, HEAD_ROW + (lxw_row_t)w->nshown, ncol - 1));
    /* ratios first so that the chart covers one block of like values */
    lxw_row_t r = HEAD_ROW + 1, first = r, nratio = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < w->nshown; i++) {
            const struct th_shown *sh = &w->shown[i];
            const struct th_cons_indicator *ci = sh->ci;
            if (ci->ratio != (pass == 0))
                continue;
            const struct th_indicator *def = plan_indicator(w, ci->code);
            char *num_f = def ? expr_formula(w, &def->num) : NULL;
            char *den_f = def && ci->ratio ? expr_formula(w, &def->den) : NULL;
            char *tt = th_prose_target(sh, w->year), *vd = th_prose_verdict(sh);
            const char *texts[] = {ci->name, tt, vd, status_note(ci), ci->note};
            const double widths[] = {width[2], width[6], width[9], width[14], width[15]};
            th_wbc_fit_row(s, r, texts, widths, 5);
            put_num(w, s, r, 0, (double)(r - first + 1), w->f.center);
            put_str(w, s, r, 1, ci->code, w->f.center);
            put_str(w, s, r, 2, ci->name, w->f.wrap);
            write_ratio(w, s, r, 3, ci, num_f, den_f);
            put_str(w, s, r, 6, tt, w->f.wrap);
            /* the level this year is compared with: the milestone, the
             * target, or baseline * (1 + change) */
            bool level = sh->a.t && sh->a.v != TH_V_NONE && sh->a.v != TH_V_YEAR_END;
            if (level)
                put_num(w, s, r, 7, ci->ratio ? sh->a.required / 100.0 : sh->a.required,
                        ci->ratio ? w->f.pct : w->f.count);
            else
                put_str(w, s, r, 7, "", w->f.text);
            write_met(w, s, r, 8, 5, level ? 7 : (lxw_col_t)-1, sh);
            put_str(w, s, r, 9, vd, w->f.wrap);
            write_change(w, s, r, 10, sh);
            put_num(w, s, r, 12, (double)root->n_accepted, w->f.count);
            put_num(w, s, r, 13, (double)root->n_expected, w->f.count);
            put_str(w, s, r, 14, status_note(ci), w->f.wrap);
            put_str(w, s, r, 15, ci->note, w->f.wrap);
            nratio += ci->ratio;
            free(tt);
            free(vd);
            free(num_f);
            free(den_f);
            r++;
        }
    lxw_row_t last = r - 1;
    worksheet_freeze_panes(s, HEAD_ROW + 1, 3);
    page_setup(w, s, HEAD_ROW, HEAD_ROW);
    if (!nratio)
        return;
    /* a native chart of the ratio indicators against their targets */
    lxw_chart *ch = workbook_add_chart(w->book, LXW_CHART_COLUMN);
    lxw_chart_series *v = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(v, SHEET_INDICATORS, first, 0, first + nratio - 1, 0);
    chart_series_set_values(v, SHEET_INDICATORS, first, 5, first + nratio - 1, 5);
    chart_series_set_name(v, "Kết quả thực hiện");
    if (w->prev) {
        lxw_chart_series *pv = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(pv, SHEET_INDICATORS, first, 0, first + nratio - 1, 0);
        chart_series_set_values(pv, SHEET_INDICATORS, first, 10, first + nratio - 1, 10);
        chart_series_set_name(pv, "Cùng kỳ năm trước");
    }
    lxw_chart_series *t = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(t, SHEET_INDICATORS, first, 0, first + nratio - 1, 0);
    chart_series_set_values(t, SHEET_INDICATORS, first, 7, first + nratio - 1, 7);
    chart_series_set_name(t, "Chỉ tiêu Kế hoạch");
    chart_title_set_name(ch, "Kết quả thực hiện so với chỉ tiêu Kế hoạch");
    chart_axis_set_num_format(ch->y_axis, "0%");
    chart_axis_set_min(ch->y_axis, 0);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 1.3};
    note_err(w, worksheet_insert_chart_opt(s, last + 2, 2, ch, &opt));
}

/* ---- "Tổng hợp": every field, per group sheet and in total ---- */

static void write_totals(struct wb *w, lxw_worksheet *s)
{
    const struct th_cons_node *root = w->c->root;
    bool root_own = root->own == TH_OWN_ACCEPTED;
    const lxw_col_t gcol = 6;
    lxw_col_t ocol = gcol + (lxw_col_t)w->groups.n;
    w->total_col = ocol + root_own;
    const lxw_col_t pcol = w->total_col + 1, last_col = w->prev ? pcol + 1 : w->total_col;
    worksheet_set_column(s, 0, 0, 5, NULL);
    worksheet_set_column(s, 1, 1, 26, NULL);
    worksheet_set_column(s, 2, 2, 24, NULL);
    worksheet_set_column(s, 3, 3, 26, NULL);
    worksheet_set_column(s, 4, 4, 44, NULL);
    worksheet_set_column(s, 5, 5, 10, NULL);
    worksheet_set_column(s, gcol, last_col, 15, NULL);
    write_heading(w, s, "TỔNG HỢP SỐ LIỆU TOÀN ĐỊA BÀN",
                  "Đơn vị tính: ghi ở cột \"ĐVT\"; kinh phí: đồng. Mỗi cột lấy dòng \"Tổng cộng\" của trang "
                  "cùng tên; cột \"Tổng cộng\" cộng các cột đó");
    static const char *const head[] = {"STT", "Mã trường", "Mục", "Nhóm", "Chỉ tiêu", "ĐVT"};
    worksheet_set_row(s, HEAD_ROW, 45, NULL);
    for (lxw_col_t k = 0; k < gcol; k++)
        put_str(w, s, HEAD_ROW, k, head[k], w->f.head);
    for (size_t gi = 0; gi < w->groups.n; gi++)
        put_str(w, s, HEAD_ROW, gcol + (lxw_col_t)gi, w->groups.v[gi].label, w->f.head);
    if (root_own) {
        char *h = th_asprintf("%s (tự báo cáo)", root->name);
        put_str(w, s, HEAD_ROW, ocol, h, w->f.head);
        free(h);
    }
    put_str(w, s, HEAD_ROW, w->total_col, "Tổng cộng", w->f.head);
    if (w->prev) {
        char *h = th_asprintf("Cùng kỳ năm %d", w->prev->year);
        put_str(w, s, HEAD_ROW, pcol, h, w->f.head);
        free(h);
        put_str(w, s, HEAD_ROW, pcol + 1, "Tăng/giảm so với cùng kỳ (%)", w->f.head);
    }
    note_err(w, worksheet_autofilter(s, HEAD_ROW, 0, HEAD_ROW + TH_NNUMERIC, last_col));
    char **gref = th_calloc(w->groups.n ? w->groups.n : 1, sizeof *gref);
    for (size_t gi = 0; gi < w->groups.n; gi++)
        gref[gi] = th_wb_sheet_ref(w->groups.v[gi].sheet);
    struct th_values own, tbuf, pbuf; /* the root's own values, its totals, last year's */
    th_cons_own_values(root, &own);
    const int64_t *total = th_cons_totals(root, &tbuf);
    const int64_t *ptotal = w->prev ? th_cons_totals(w->prev->root, &pbuf) : NULL;
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        lxw_row_t r = w->field_row[f];
        const char *sec = "";
        for (size_t k = 0; k < th_nsections; k++)
            if (strcmp(th_sections[k].id, th_fields[f].section) == 0)
                sec = th_sections[k].title;
        put_num(w, s, r, 0, (double)(f + 1), w->f.center);
        put_str(w, s, r, 1, th_fields[f].id, w->f.text);
        put_str(w, s, r, 2, sec, w->f.text);
        put_str(w, s, r, 3, th_fields[f].group, w->f.text);
        put_str(w, s, r, 4, th_fields[f].label, w->f.text);
        put_str(w, s, r, 5, th_fields[f].uom, w->f.center);
        if (!th_period_asks(w->pd, th_fields[f].id)) { /* no 0 of a field the period does not ask */
            put_str(w, s, r, w->total_col, "Không yêu cầu", w->f.center);
            continue;
        }
        int64_t sum = 0;
        for (size_t gi = 0; gi < w->groups.n; gi++) {
            char ref[32];
            /* the group sheet's field columns start at column 8 */
            lxw_rowcol_to_cell_abs(ref, group_total_row(&w->groups.v[gi]), (lxw_col_t)(8 + f), 1, 1);
            char *fo = th_asprintf("=%s!%s", gref[gi], ref);
            put_formula(w, s, r, gcol + (lxw_col_t)gi, fo, (double)w->groups.v[gi].sum[f], num_fmt(w, f, false));
            free(fo);
            sum += w->groups.v[gi].sum[f];
        }
        if (root_own) {
            int64_t v = own.present[f] ? own.v[f] : 0;
            put_num(w, s, r, ocol, (double)v, num_fmt(w, f, false));
            sum += v;
        }
        if (sum != total[f])
            th_warn("workbook: field %s: units add up to %lld, consolidation says %lld", th_fields[f].id,
                    (long long)sum, (long long)total[f]);
        char range[64];
        lxw_rowcol_to_range(range, r, gcol, r, w->total_col - 1);
        char *fo = th_asprintf("=SUM(%s)", range);
        put_formula(w, s, r, w->total_col, fo, (double)total[f], num_fmt(w, f, true));
        free(fo);
        if (w->prev) {
            int64_t pv = ptotal[f];
            char now[32], before[32];
            put_num(w, s, r, pcol, (double)pv, num_fmt(w, f, false));
            cell(r, w->total_col, now);
            cell(r, pcol, before);
            fo = th_asprintf("=IFERROR((%s-%s)/%s,\"\")", now, before, before);
            if (pv)
                put_formula(w, s, r, pcol + 1, fo, ((double)total[f] - (double)pv) / (double)pv, w->f.pct);
            else
                put_formula_str(w, s, r, pcol + 1, fo, "", w->f.pct);
            free(fo);
        }
    }
    for (size_t gi = 0; gi < w->groups.n; gi++)
        free(gref[gi]);
    free(gref);
    worksheet_freeze_panes(s, HEAD_ROW + 1, gcol);
    page_setup(w, s, HEAD_ROW, HEAD_ROW);
}

/* ---- "Chỉ tiêu theo đơn vị": indicators of each unit under the root ---- */

static void write_unit_indicators(struct wb *w, lxw_worksheet *s)
{
    const struct th_cons *c = w->c;
    size_t nind = c->root->nind;
    write_heading(w, s, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO ĐƠN VỊ",
                  "Tỷ lệ: %; tử số và mẫu số: tổng của đơn vị và các đơn vị trực thuộc");
    worksheet_set_column(s, 0, 0, 5, NULL);
    worksheet_set_column(s, 1, 1, 10, NULL);
    worksheet_set_column(s, 2, 2, 32, NULL);
    worksheet_set_column(s, 3, 3, 16, NULL);
    worksheet_set_column(s, 4, 5, 10, NULL);
    if (nind)
        worksheet_set_column(s, 6, (lxw_col_t)(6 + 4 * nind - 1), 11, NULL);
    static const char *const info[] = {"STT", "Mã", "Đơn vị", "Nhóm", "Đơn vị đã báo cáo",
                                       "Đơn vị phải báo cáo"};
    static const char *const sub[] = {"Tử số", "Mẫu số", "Kết quả", "Đánh giá"};
    worksheet_set_row(s, HEAD_ROW, 60, NULL);
    for (size_t i = 0; i < nind; i++) {
        lxw_col_t col = (lxw_col_t)(6 + 4 * i);
        char *h = th_asprintf("%s. %s", c->root->ind[i].code, c->root->ind[i].name);
        note_err(w, worksheet_merge_range(s, HEAD_ROW, col, HEAD_ROW, col + 3, h, w->f.head));
        free(h);
    }
    worksheet_set_row(s, HEAD_ROW + 1, 30, NULL);
    for (lxw_col_t k = 0; k < 6; k++)
        put_str(w, s, HEAD_ROW + 1, k, info[k], w->f.head);
    for (size_t i = 0; i < nind; i++)
        for (lxw_col_t k = 0; k < 4; k++)
            put_str(w, s, HEAD_ROW + 1, (lxw_col_t)(6 + 4 * i) + k, sub[k], w->f.head);
    lxw_col_t lastc = (lxw_col_t)(nind ? 6 + 4 * nind - 1 : 5);
    size_t nunits = 0;
    for (size_t k = 1; k < c->nnodes; k++)
        nunits += c->nodes[k]->depth == 1 && th_wb_lists(w->pd, c->nodes[k], true);
    if (nunits)
        note_err(w, worksheet_autofilter(s, HEAD_ROW + 1, 0, HEAD_ROW + 1 + (lxw_row_t)nunits, lastc));
    lxw_row_t r = HEAD_ROW + 2;
    for (size_t k = 1; k < c->nnodes; k++) {
        const struct th_cons_node *n = c->nodes[k];
        if (n->depth != 1 || !th_wb_lists(w->pd, n, true))
            continue;
        put_num(w, s, r, 0, (double)(r - HEAD_ROW - 1), w->f.center);
        put_str(w, s, r, 1, n->code, w->f.text);
        put_str(w, s, r, 2, n->name, w->f.text);
        put_str(w, s, r, 3, th_wb_group_of(n), w->f.text);
        put_num(w, s, r, 4, (double)n->n_accepted, w->f.count);
        put_num(w, s, r, 5, (double)n->n_expected, w->f.count);
        for (size_t i = 0; i < n->nind && i < nind; i++) {
            lxw_col_t col = (lxw_col_t)(6 + 4 * i);
            struct th_cons_indicator ci;
            th_cons_ind(c, n, i, &ci);
            if (ci.status == TH_IND_NOT_ASKED) {
                put_str(w, s, r, col + 2, "Không yêu cầu", w->f.center);
                continue;
            }
            write_ratio(w, s, r, col, &ci, NULL, NULL);
            put_str(w, s, r, col + 3, th_met_label(ci.met), w->f.center);
        }
        r++;
    }
    worksheet_freeze_panes(s, HEAD_ROW + 2, 3);
    page_setup(w, s, HEAD_ROW, HEAD_ROW + 1);
}

/* ---- one sheet per group of units ---- */

static const char *section_title(const char *id)
{
    for (size_t k = 0; k < th_nsections; k++)
        if (strcmp(th_sections[k].id, id) == 0)
            return th_sections[k].title;
    return id;
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void write_group(struct wb *w, lxw_worksheet *s, const struct th_wb_group *g)
{
    const lxw_col_t fc = 8; /* first field column */
    const lxw_col_t lastc = fc + TH_NNUMERIC - 1;
    worksheet_set_column(s, 0, 0, 5, NULL);
    worksheet_set_column(s, 1, 1, 10, NULL);
    worksheet_set_column(s, 2, 2, 30, NULL);
    worksheet_set_column(s, 3, 3, 14, NULL);
    worksheet_set_column(s, 4, 4, 24, NULL);
    worksheet_set_column(s, 5, 5, 14, NULL);
    worksheet_set_column(s, 6, 7, 11, NULL);
    worksheet_set_column(s, fc, lastc, 10.5, NULL);
    for (size_t f = 0; f < TH_NNUMERIC; f++)
        if (th_fields[f].type == TH_FT_MONEY)
            worksheet_set_column(s, fc + (lxw_col_t)f, fc + (lxw_col_t)f, 15, NULL);
    char *title = th_asprintf("SỐ LIỆU BÁO CÁO CỦA CÁC ĐƠN VỊ: %s", g->label);
    write_heading(w, s, title, "Đơn vị tính: ghi ở dòng \"ĐVT\" của từng cột; kinh phí: đồng. Mỗi dòng là số "
                               "liệu của chính đơn vị (bản báo cáo được chấp nhận)");
    free(title);
    /* heading rows: section, group of the field, unit of measure, label */
    const lxw_row_t rs = HEAD_ROW, rg = HEAD_ROW + 1, ru = HEAD_ROW + 2, rl = HEAD_ROW + 3;
    worksheet_set_row(s, rs, 20, NULL);
    for (lxw_col_t k = 0; k < fc; k++)
        put_str(w, s, rs, k, "", w->f.head);
    for (size_t f = 0; f < TH_NNUMERIC;) {
        size_t e = f;
        while (e + 1 < TH_NNUMERIC && strcmp(th_fields[e + 1].section, th_fields[f].section) == 0)
            e++;
        const char *t = section_title(th_fields[f].section);
        if (e > f)
            note_err(w, worksheet_merge_range(s, rs, fc + (lxw_col_t)f, rs, fc + (lxw_col_t)e, t, w->f.head));
        else
            put_str(w, s, rs, fc + (lxw_col_t)f, t, w->f.head);
        f = e + 1;
    }
    worksheet_set_row(s, rg, 30, NULL);
    for (lxw_col_t k = 0; k < fc; k++)
        put_str(w, s, rg, k, "", w->f.head);
    for (size_t f = 0; f < TH_NNUMERIC;) {
        size_t e = f;
        while (e + 1 < TH_NNUMERIC && same_str(th_fields[e + 1].group, th_fields[f].group) &&
               strcmp(th_fields[e + 1].section, th_fields[f].section) == 0)
            e++;
        const char *t = th_fields[f].group ? th_fields[f].group : "";
        if (e > f)
            note_err(w, worksheet_merge_range(s, rg, fc + (lxw_col_t)f, rg, fc + (lxw_col_t)e, t, w->f.head));
        else
            put_str(w, s, rg, fc + (lxw_col_t)f, t, w->f.head);
        f = e + 1;
    }
    for (lxw_col_t k = 0; k < fc; k++)
        put_str(w, s, ru, k, "", w->f.head);
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        char *u = th_asprintf("ĐVT: %s", th_fields[f].uom);
        put_str(w, s, ru, fc + (lxw_col_t)f, u, w->f.head);
        free(u);
    }
    static const char *const info[] = {"STT", "Mã đơn vị", "Tên đơn vị", "Loại", "Trực thuộc",
                                       "Tình trạng báo cáo", "Ngày gửi", "Nộp muộn"};
    worksheet_set_row(s, rl, 75, NULL);
    for (lxw_col_t k = 0; k < fc; k++)
        put_str(w, s, rl, k, info[k], w->f.head);
    for (size_t f = 0; f < TH_NNUMERIC; f++)
        put_str(w, s, rl, fc + (lxw_col_t)f, th_fields[f].label, w->f.head);
    note_err(w, worksheet_autofilter(s, rl, 0, rl + (lxw_row_t)g->n, lastc));
    lxw_row_t r = rl + 1;
    bool empty = false;
    for (size_t i = 0; i < g->n; i++, r++) {
        const struct th_cons_node *n = w->c->nodes[g->nodes[i]];
        put_num(w, s, r, 0, (double)(i + 1), w->f.center);
        put_str(w, s, r, 1, n->code, w->f.text);
        put_str(w, s, r, 2, n->name, w->f.text);
        put_str(w, s, r, 3, n->kind_label, w->f.text);
        put_str(w, s, r, 4, n->parent ? n->parent->name : "", w->f.text);
        put_str(w, s, r, 5, th_own_label(n->own), w->f.text);
        char d[16] = "";
        if (n->submitted && n->own == TH_OWN_ACCEPTED)
            th_fmt_dmy(n->submitted, d);
        put_str(w, s, r, 6, d, w->f.center);
        put_str(w, s, r, 7, n->late ? "Có" : "", w->f.center);
        /* a value the unit did not give is no cell at all: the empty
         * cells' borders come from one conditional format below (at 90 %
         * not reporting, 70 styled blanks a unit were most of the sheet) */
        struct th_values own;
        bool has_own = n->own == TH_OWN_ACCEPTED && th_cons_own_values(n, &own);
        for (size_t f = 0; f < TH_NNUMERIC; f++) {
            if (has_own && own.present[f])
                put_num(w, s, r, fc + (lxw_col_t)f, (double)own.v[f], num_fmt(w, f, false));
            else
                empty = true;
        }
    }
    /* the totals: live sums over the unit rows, with their results */
    lxw_row_t first = rl + 1, last = r - 1;
    if (empty) {
        /* every cell of the block gets the thin border its own cells have
         * ("TRUE", not "blanks": libxlsxwriter 1.1.4 writes the blanks
         * rule's formula on the last column instead of the first) */
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA, .value_string = "TRUE",
                                     .format = w->f.grid};
        note_err(w, worksheet_conditional_format_range(s, first, fc, last, lastc, &cf));
    }
    note_err(w, worksheet_merge_range(s, r, 0, r, fc - 1, "Tổng cộng", w->f.t_text));
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        char range[64];
        lxw_rowcol_to_range(range, first, fc + (lxw_col_t)f, last, fc + (lxw_col_t)f);
        char *fo = th_asprintf("=SUM(%s)", range);
        if (th_period_asks(w->pd, th_fields[f].id))
            put_formula(w, s, r, fc + (lxw_col_t)f, fo, (double)g->sum[f], num_fmt(w, f, true));
        else
            put_str(w, s, r, fc + (lxw_col_t)f, "Không yêu cầu", w->f.t_text);
        free(fo);
    }
    worksheet_freeze_panes(s, rl + 1, 3);
    page_setup(w, s, rs, rl);
    /* 70 columns do not fit one A4 width legibly: whole sections per page,
     * about GROUP_PAGE_COLS fields each, code and name repeated, the width
     * fitted to that many pages */
    lxw_col_t breaks[TH_NNUMERIC + 1] = {0};
    size_t nbreaks = 0, on_page = 0;
    for (size_t f = 0; f < TH_NNUMERIC;) {
        size_t e = f;
        while (e + 1 < TH_NNUMERIC && strcmp(th_fields[e + 1].section, th_fields[f].section) == 0)
            e++;
        size_t width = e - f + 1;
        if (on_page && on_page + width > GROUP_PAGE_COLS) {
            breaks[nbreaks++] = fc + (lxw_col_t)f;
            on_page = 0;
        }
        on_page += width;
        f = e + 1;
    }
    if (nbreaks)
        note_err(w, worksheet_set_v_pagebreaks(s, breaks));
    note_err(w, worksheet_repeat_columns(s, 0, 2));
    worksheet_fit_to_pages(s, (uint16_t)(nbreaks + 1), 0);
}

/* ---- "Chưa báo cáo" ---- */

/* ---- "Khó khăn, kiến nghị": what each unit wrote ---- */

static bool wrote(const struct th_cons_node *n)
{
    if (n->own != TH_OWN_ACCEPTED)
        return false;
    for (int k = 0; k < TH_NNARR; k++)
        if (n->narr[k])
            return true;
    return false;
}

static void write_narratives(struct wb *w, lxw_worksheet *s)
{
    const struct th_cons *c = w->c;
    /* a column, and the title's words, only for the texts the period asks */
    static const char *const field[TH_NNARR] = {"narrative.results", "narrative.difficulties",
                                                "narrative.proposals"};
    static const char *const said[TH_NNARR] = {"KẾT QUẢ", "KHÓ KHĂN, VƯỚNG MẮC", "KIẾN NGHỊ"};
    const char *head[3 + TH_NNARR + 1] = {"STT", "Mã đơn vị", "Đơn vị", "Thuộc"};
    double width[3 + TH_NNARR + 1] = {5, 10, 30, 24};
    int narr[TH_NNARR];
    size_t nn = 0;
    /* (a period asking none of them keeps the three, as before) */
    bool none = true;
    for (int t = 0; t < TH_NNARR; t++)
        none = none && !th_period_asks(w->pd, field[t]);
    for (int t = 0; t < TH_NNARR; t++)
        if (none || th_period_asks(w->pd, field[t])) {
            head[4 + nn] = th_fields[th_field_index(field[t])].label;
            width[4 + nn] = 50;
            narr[nn++] = t;
        }
    const lxw_col_t ncol = (lxw_col_t)(4 + nn);
    for (lxw_col_t k = 0; k < ncol; k++)
        worksheet_set_column(s, k, k, width[k], NULL);
    struct th_buf title;
    th_buf_init(&title, 0);
    th_buf_puts(&title, "TỔNG HỢP ");
    for (size_t i = 0; i < nn; i++)
        th_buf_printf(&title, "%s%s", i == 0 ? "" : i + 1 == nn ? " VÀ " : ", ", said[narr[i]]);
    th_buf_puts(&title, " CỦA CÁC ĐƠN VỊ");
    write_heading(w, s, title.data, "Nguyên văn phần đánh giá trong báo cáo được chấp nhận của từng đơn vị, theo nhóm đơn vị");
    free(title.data);
    worksheet_set_row(s, HEAD_ROW, 30, NULL);
    for (lxw_col_t k = 0; k < ncol; k++)
        put_str(w, s, HEAD_ROW, k, head[k], w->f.head);
    size_t n = 0;
    for (size_t i = 0; i < c->nnodes; i++)
        n += wrote(c->nodes[i]);
    if (n)
        note_err(w, worksheet_autofilter(s, HEAD_ROW, 0, HEAD_ROW + (lxw_row_t)n, ncol - 1));
    /* grouped like the workbook's unit sheets: every group in turn */
    lxw_row_t r = HEAD_ROW + 1;
    for (size_t gi = 0; gi < w->groups.n; gi++) {
        const struct th_wb_group *g = &w->groups.v[gi];
        for (size_t k = 0; k < g->n; k++) {
            const struct th_cons_node *u = c->nodes[g->nodes[k]];
            if (!wrote(u))
                continue;
            const char *texts[1 + TH_NNARR] = {u->name};
            double widths[1 + TH_NNARR] = {width[2]};
            for (size_t t = 0; t < nn; t++) {
                texts[1 + t] = u->narr[narr[t]];
                widths[1 + t] = width[4 + t];
            }
            th_wbc_fit_row(s, r, texts, widths, 1 + nn);
            put_num(w, s, r, 0, (double)(r - HEAD_ROW), w->f.center);
            put_str(w, s, r, 1, u->code, w->f.text);
            put_str(w, s, r, 2, u->name, w->f.wrap);
            put_str(w, s, r, 3, u->parent && u->parent->depth > 0 ? u->parent->name : g->label, w->f.wrap);
            for (size_t t = 0; t < nn; t++)
                put_str(w, s, r, (lxw_col_t)(4 + t), u->narr[narr[t]] ? u->narr[narr[t]] : "", w->f.wrap);
            r++;
        }
    }
    worksheet_freeze_panes(s, HEAD_ROW + 1, 3);
    page_setup(w, s, HEAD_ROW, HEAD_ROW);
}

static bool missing(const struct th_cons_node *n)
{
    return n->expected && (n->own == TH_OWN_MISSING || n->own == TH_OWN_REJECTED);
}

static void write_missing(struct wb *w, lxw_worksheet *s)
{
    const struct th_cons *c = w->c;
    const struct th_cons_node *root = c->root;
    char *uom = th_asprintf("Phải báo cáo: %u đơn vị; đã chấp nhận: %u; chưa báo cáo: %u; bị từ chối: %u; "
                            "nộp muộn: %u",
                            root->n_expected, root->n_accepted, root->n_missing, root->n_rejected, root->n_late);
    write_heading(w, s, "CÁC ĐƠN VỊ CHƯA CÓ BÁO CÁO ĐƯỢC CHẤP NHẬN", uom);
    free(uom);
    static const char *const head[] = {"STT", "Mã đơn vị", "Tên đơn vị", "Loại", "Nhóm", "Trực thuộc",
                                       "Tình trạng"};
    static const double width[] = {5, 10, 34, 16, 20, 30, 16};
    for (lxw_col_t k = 0; k < 7; k++) {
        worksheet_set_column(s, k, k, width[k], NULL);
        put_str(w, s, HEAD_ROW, k, head[k], w->f.head);
    }
    size_t nmiss = 0;
    for (size_t k = 0; k < c->nnodes; k++)
        nmiss += missing(c->nodes[k]);
    if (nmiss)
        note_err(w, worksheet_autofilter(s, HEAD_ROW, 0, HEAD_ROW + (lxw_row_t)nmiss, 6));
    lxw_row_t r = HEAD_ROW + 1;
    for (size_t k = 0; k < c->nnodes; k++) {
        const struct th_cons_node *n = c->nodes[k];
        if (!missing(n))
            continue;
        put_num(w, s, r, 0, (double)(r - HEAD_ROW), w->f.center);
        put_str(w, s, r, 1, n->code, w->f.text);
        put_str(w, s, r, 2, n->name, w->f.text);
        put_str(w, s, r, 3, n->kind_label, w->f.text);
        put_str(w, s, r, 4, th_wb_group_of(n), w->f.text);
        put_str(w, s, r, 5, n->parent ? n->parent->name : "", w->f.text);
        put_str(w, s, r, 6, th_own_label(n->own), w->f.text);
        r++;
    }
    if (!nmiss)
        put_str(w, s, r + 1, 0, "Tất cả các đơn vị phải báo cáo đều có báo cáo được chấp nhận.", w->f.italic);
    worksheet_freeze_panes(s, HEAD_ROW + 1, 3);
    page_setup(w, s, HEAD_ROW, HEAD_ROW);
}

/* ---- "Kiểm tra": the validation summary (wb_checks.c) ---- */

static void write_checks(struct wb *w, lxw_worksheet *s, const struct th_checks *checks)
{
    const struct fmts *f = &w->f;
    struct th_wb_checks in = {
        w->c,
        checks,
        {{w->id ? w->id->parent_body : "", w->id ? w->id->issuing_body : "", NULL, w->period, w->cutoff, w->sender,
          NULL},
         {f->parent, f->body, f->title, f->body, f->italic, f->line, f->italic}},
        HEAD_ROW,
        f->head, f->text, f->wrap, f->center, f->count, f->body, f->italic};
    note_err(w, th_wb_checks_write(s, &in));
}

/* ---- the workbook ---- */

static void fill_lines(struct wb *w, const struct th_period *p)
{
    const struct th_cons *c = w->c;
    const char *label = p && p->def && p->def->label ? p->def->label
                        : strcmp(c->period, "h1") == 0 ? "6 tháng đầu năm"
                                                      : "năm";
    snprintf(w->period, sizeof w->period, "Kỳ báo cáo: %s %d%s", label, c->year,
             p && p->def && p->def->year ? " (báo cáo đột xuất)" : "");
    char a[16], b[16];
    snprintf(w->cutoff, sizeof w->cutoff, "Số liệu tính từ ngày %s đến ngày %s", th_fmt_dmy(c->start, a),
             th_fmt_dmy(c->end, b));
    /* who sends it, named as in running text ("Sở Y tế", as the receiver
     * beside it; not the header's capitals), and two deadlines, each
     * labelled (plan.xml requires both): this report's upward, and the
     * units' to the issuer (the PDF's "thời hạn gửi báo cáo về Sở Y tế");
     * without the period (p NULL) neither */
    if (w->id) {
        const struct th_cons_node *iu = w->id->issuing_unit ? th_cons_find(c, w->id->issuing_unit) : NULL;
        char d[16] = "", u[16] = "", *dl = p && p->upward
            ? th_asprintf(" Hạn gửi báo cáo lên: trước ngày %s; hạn các đơn vị gửi báo cáo về %s: ngày %s.",
                          th_fmt_dmy(p->upward, d), th_identity_issuer(w->id, iu ? iu->name : NULL),
                          th_fmt_dmy(p->deadline, u))
            : th_strdup("");
        snprintf(w->sender, sizeof w->sender, "Đơn vị báo cáo: %s. Đơn vị nhận báo cáo: %s.%s",
                 th_identity_issuer(w->id, iu ? iu->name : NULL), w->id->upward_to, dl);
        free(dl);
    }
}

static void set_properties(struct wb *w, const struct th_period *p, lxw_doc_properties *dp, char **owned)
{
    const struct th_plan *pl = w->plan;
    const struct th_cons *c = w->c;
    const struct th_report_def *rd = pl ? th_plan_report(pl, c->year, c->period) : NULL;
    th_date created = rd && rd->issued ? rd->issued : p && p->upward ? p->upward : c->end;
    owned[0] = th_asprintf("Số liệu tổng hợp Chương trình phát triển công tác xã hội - %s",
                           w->period + strlen("Kỳ báo cáo: "));
    owned[1] = th_asprintf("công tác xã hội; %s; %s", w->period + strlen("Kỳ báo cáo: "),
                           c->plan_id ? c->plan_id : "");
    owned[2] = th_asprintf("Lập bởi %s từ consolidated.xml. Tỷ lệ lưu dưới dạng phân số (0,785 = 78,5%%).",
                           c->generator ? c->generator : "tonghop " TH_VERSION);
    dp->title = owned[0];
    dp->subject = pl ? pl->title : NULL;
    dp->author = w->id ? w->id->issuing_body : NULL;
    dp->manager = w->id ? w->id->signer_name : NULL;
    dp->company = w->id ? w->id->parent_body : NULL;
    dp->category = p && p->def && p->def->year ? "Báo cáo đột xuất" : "Báo cáo định kỳ";
    dp->keywords = owned[1];
    dp->comments = owned[2];
    dp->status = "Chính thức";
    dp->created = th_wbc_date_time(created);
}

th_err th_workbook_write(const struct th_report_in *in, const struct th_checks *checks, const char *path)
{
    const struct th_workspace *ws = in->ws;
    const struct th_period *p = in->per;
    const struct th_cons *c = in->c;
    if (!c || !c->root)
        return TH_ERR_CONFIG;
    struct wb w = {.ws = ws, .plan = ws ? ws->plan : NULL, .c = c, .prev = in->prev, .year = c->year};
    if (w.plan)
        w.id = p ? th_report_identity(w.plan, p) : th_plan_identity(w.plan, c->end);
    w.nshown = th_prose_shown(ws, p, c, in->prev, &w.shown);
    w.pd = p ? p->def : NULL;
    w.not_asked = ws && p ? th_prose_not_asked(ws, p, c) : NULL;
    fill_lines(&w, p);
    th_wb_groups_plan(c, w.pd, &w.groups);
    struct th_wbc_file file;
    th_err rc = th_wbc_open(&file, path, c->nnodes > WB_CONSTANT_MEMORY_NODES);
    char *owned[3] = {0};
    if (rc != TH_OK)
        goto out;
    w.book = file.book;
    for (size_t f = 0; f < TH_NNUMERIC; f++)
        w.field_row[f] = HEAD_ROW + 1 + (lxw_row_t)f;
    w.totals_ref = th_wb_sheet_ref(SHEET_TOTALS);

    make_formats(&w);
    lxw_doc_properties dp = {0};
    set_properties(&w, p, &dp, owned);
    note_err(&w, workbook_set_properties(w.book, &dp));

    lxw_worksheet *ind = add_sheet(&w, SHEET_INDICATORS);
    lxw_worksheet *tot = add_sheet(&w, SHEET_TOTALS);
    bool has_depth1 = false;
    for (size_t k = 1; k < c->nnodes && !has_depth1; k++)
        has_depth1 = c->nodes[k]->depth == 1 && th_wb_lists(w.pd, c->nodes[k], true);
    lxw_worksheet *uind = has_depth1 ? add_sheet(&w, SHEET_UNIT_INDICATORS) : NULL;
    lxw_worksheet **gs = th_calloc(w.groups.n ? w.groups.n : 1, sizeof *gs);
    for (size_t i = 0; i < w.groups.n; i++)
        gs[i] = add_sheet(&w, w.groups.v[i].sheet);
    lxw_worksheet *narr = add_sheet(&w, SHEET_NARRATIVES);
    lxw_worksheet *miss = add_sheet(&w, SHEET_MISSING);
    lxw_worksheet *chk = add_sheet(&w, SHEET_CHECKS);
    bool sheets_ok = ind && tot && (!has_depth1 || uind) && narr && miss && chk;
    for (size_t i = 0; i < w.groups.n; i++)
        sheets_ok = sheets_ok && gs[i];
    if (sheets_ok) {
        /* "Tổng hợp" first: it fixes the column the indicators refer to */
        write_totals(&w, tot);
        write_indicators(&w, ind);
        if (uind)
            write_unit_indicators(&w, uind);
        for (size_t i = 0; i < w.groups.n; i++)
            write_group(&w, gs[i], &w.groups.v[i]);
        write_narratives(&w, narr);
        write_missing(&w, miss);
        write_checks(&w, chk, checks);
        worksheet_activate(ind);
    }
    free(gs);
    rc = th_wbc_close(&file, sheets_ok, w.err);
out:
    th_wb_groups_release(&w.groups);
    free(w.shown);
    free(w.not_asked);
    free(w.totals_ref);
    for (size_t i = 0; i < 3; i++)
        free(owned[i]);
    return rc;
}
