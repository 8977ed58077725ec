/* review_out.h - the outputs of a multi-year review (model/review.h):
 * review.xlsx (review_wb.c, libxlsxwriter, over wb_common.h) and
 * review.pdf (review_pdf.c, libharu, over pdflayout.h). Both written to a
 * temp file and renamed; the same review gives the same bytes. */
#ifndef TH_REVIEW_OUT_H
#define TH_REVIEW_OUT_H

#include "review.h"

#define TH_REVIEW_XLSX_FILE "review.xlsx"
#define TH_REVIEW_PDF_FILE "review.pdf"

/* One sheet for the top level (every indicator, a column per year, the
 * change over the phase as live formulas, a native line chart) and one for
 * the units under it, each with the annual workbook's form heading; a sheet
 * of completeness per year and of the units merged or closed. */
th_err th_review_xlsx_write(const struct th_review *r, const char *path);

/* The review in the Nghị định 30/2020 layout of the annual report, with
 * the department's wording (edits, WORKSPACE/narrative/review-F-T.xml, may
 * be NULL) before, after or instead of a section (ket-qua, ton-tai, bai-hoc,
 * phuong-huong) or part (day-du, chi-tieu, thay-doi, han-che, nguyen-nhan);
 * TH_ERR_CONFIG (file and line printed) when it names another place. */
struct th_edits;
th_err th_review_pdf_write(const struct th_review *r, struct th_edits *edits, const char *path);

/* The date the review's documents carry (never the clock): the issue date
 * of the last year's annual report in plan.xml, else that period's upward
 * deadline, else 31 December of the last year. */
th_date th_review_date(const struct th_review *r);

/* "giai đoạn 2021 - 2025" and the like, for titles; caller frees. */
char *th_review_title(const struct th_review *r);

#endif
