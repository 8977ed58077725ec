/* review.h - the multi-year review of a plan's phase (sơ kết / tổng kết):
 * the annual consolidations of every year from..to, and its workbook. */
#ifndef TH_REVIEW_H
#define TH_REVIEW_H

#include "cons.h"
#include "workspace.h"

#define TH_REVIEW_XLSX_FILE "review.xlsx"
#define TH_REVIEW_MAX_YEARS 20

struct th_review_in {
    const struct th_workspace *ws;
    int from, to;                                   /* the phase, inclusive */
    const struct th_cons *year[TH_REVIEW_MAX_YEARS]; /* [y - from]; NULL: no consolidation */
    bool final;                                     /* to is the plan's last year: tổng kết */
};

/* "Sơ kết" or "Tổng kết". */
const char *th_review_kind(const struct th_review_in *in);

/* review.xlsx: one sheet for the top level and one for the units under it,
 * a column per year (empty where the year has no consolidation, said in the
 * notes and the status row), live formulas for the change over the phase,
 * a native line chart, the annual workbook's form heading. Written to a
 * temp file and renamed. */
th_err th_review_xlsx_write(const struct th_review_in *in, const char *path);

#endif
