/* report_prose.h - the report's sentences written from the figures
 * (report_prose.c): who reported, last year beside this year, each
 * indicator against its target as the plan states it, what went well and
 * what fell short, what the units wrote. Every sentence is chosen by the
 * counts it speaks of, so none can be false for the figures: a zero is not
 * listed, a lateness sentence needs a late unit. Internal to the PDF report,
 * which lays the paragraphs out. */
#ifndef TH_REPORT_PROSE_H
#define TH_REPORT_PROSE_H

#include "assess.h"
#include "report_template.h"

/* Paragraphs to lay out, in order. */
struct th_para {
    char *text;
    enum th_pdf_style style;
    bool bullet;                /* a "- " item of a list */
};

struct th_paras {
    struct th_para *v;
    size_t n, cap;
};

/* Append text (taken: freed with the list). */
void th_paras_add(struct th_paras *ps, bool bullet, enum th_pdf_style st, char *text);
void th_paras_release(struct th_paras *ps);

/* An indicator of the plan as the report shows it: the root's value, last
 * year's at the same node, the assessment, its number in the table. */
struct th_shown {
    const struct th_cons_indicator *ci;
    const struct th_cons_indicator *prev;   /* NULL: no value a year earlier */
    struct th_assessment a;
    size_t no;                               /* 1, 2 ... as numbered in the table and chart */
};

/* The indicators of c's root shown for period per (those whose target
 * applies that year, or that have no target at all), assessed against the
 * plan and prev (the same period a year earlier, may be NULL); without a
 * workspace (ws NULL), every indicator, unassessed. Caller frees *out. Used
 * by the PDF and the workbook alike. */
size_t th_prose_shown(const struct th_workspace *ws, const struct th_period *per, const struct th_cons *c,
                      const struct th_cons *prev, struct th_shown **out);
/* "Kỳ báo cáo đột xuất 9 tháng đầu năm 2026 chỉ yêu cầu số liệu về người có
 * hoàn cảnh khó khăn (…) nên các chỉ tiêu … không được tổng hợp trong báo
 * cáo này.": the indicators th_prose_shown leaves out because per does not
 * ask their fields, said once; NULL when there is none. Caller frees. */
char *th_prose_not_asked(const struct th_workspace *ws, const struct th_period *per, const struct th_cons *c);
/* The assessment for a table cell: "Đạt", "Có khả năng đạt vào năm 2030",
 * "Đang thực hiện; cần tăng thêm 3,5 điểm % đến năm 2030"...; caller frees. */
char *th_prose_verdict(const struct th_shown *s);
/* An indicator beside its value a year earlier (year py), to follow it:
 * ", tăng 3,2 điểm phần trăm so với cùng kỳ năm 2025 (58,4%)", ", bằng
 * cùng kỳ năm 2025", " (cùng kỳ năm 2025: 0)"; "" when s has none. Caller
 * frees. */
char *th_prose_vs(const struct th_shown *s, int py);
/* The target as the plan states it, to start a cell: "Đến năm 2030 đạt tối
 * thiểu 90%" (with this year's milestone), "Không đặt chỉ tiêu"; caller frees. */
char *th_prose_target(const struct th_shown *s, int year);

/* The counts of the expected units (the root's subtree). */
struct th_compl {
    size_t expected, accepted, rejected, missing, late;
};
void th_prose_compl(const struct th_cons *c, struct th_compl *out);

/* How many units' counting reports state difficulties (which = 0) or
 * proposals (1). */
size_t th_prose_said(const struct th_cons *c, int which);

/* Each generated block of the template, appended to out. */
void th_prose_completeness(const struct th_tpl_ctx *x, size_t max_names, struct th_paras *out);
void th_prose_comparison(const struct th_tpl_ctx *x, struct th_paras *out);
void th_prose_direction(const struct th_tpl_ctx *x, struct th_paras *out);
void th_prose_indicators(const struct th_tpl_ctx *x, const struct th_shown *s, size_t n, struct th_paras *out);
void th_prose_strengths(const struct th_tpl_ctx *x, const struct th_shown *s, size_t n, struct th_paras *out);
void th_prose_weaknesses(const struct th_tpl_ctx *x, const struct th_shown *s, size_t n, struct th_paras *out);
void th_prose_causes(const struct th_tpl_ctx *x, struct th_paras *out);
void th_prose_directions(const struct th_tpl_ctx *x, const struct th_shown *s, size_t n, struct th_paras *out);
void th_prose_units_said(const struct th_tpl_ctx *x, bool proposals, struct th_paras *out);

/* One agency of the plan (section IV): its report's status and the
 * template's sentence (tpl, may be NULL; path for its messages) evaluated
 * for its units, and what it wrote (its figures only when the period asks
 * them). Nothing when none of its units is in the hierarchy, or when the
 * period names who reports (plan.xml period/units) and none of them is. TH_ERR_CONFIG when the sentence has an unknown placeholder. */
th_err th_prose_agency(const struct th_tpl_ctx *x, const struct th_agency *ag, const struct th_tpl_item *tpl,
                       const char *path, struct th_paras *out);

/* “Xã”, “Phường”: the sheets of c's workbook for period pd listing the
 * units marked in mark[] (indexed like c->nodes), for a sentence. Caller
 * frees. */
char *th_prose_sheets(const struct th_cons *c, const struct th_period_def *pd, const bool *mark);

/* Whether any unit of agency ag is in c's hierarchy. */
bool th_prose_agency_present(const struct th_cons *c, const struct th_agency *ag);

/* An indicator's value in the table: "61,6% (714/1.159)", "8.856",
 * "Chưa có số liệu"...; caller frees. */
char *th_prose_value(const struct th_cons_indicator *ci);

#endif
