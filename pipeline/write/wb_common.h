/* wb_common.h - pieces every XLSX writer shares (libxlsxwriter): the
 * Times New Roman formats, the A4 print setup, the Nghị định 09/2019 form
 * heading of rows 0-6 and a date as the workbook's creation time. Used by
 * the annual workbook (workbook.c) and the review workbook (review_wb.c). */
#ifndef TH_WB_COMMON_H
#define TH_WB_COMMON_H

#include <stdbool.h>
#include <time.h>
#include <xlsxwriter.h>

#include "common.h"
#include "text.h"

/* A Times New Roman 11 format, vertically centred: bold, thin border and
 * number format (NULL: general) as asked. */
lxw_format *th_wbc_format(lxw_workbook *book, bool bold, bool border, const char *num);

/* A4 landscape, one page wide, rows head_first..head_last repeated, page
 * numbers in the footer. Returns the first library error. */
lxw_error th_wbc_page_setup(lxw_worksheet *s, lxw_row_t head_first, lxw_row_t head_last);

/* The form heading (Nghị định 09/2019, Điều 12), rows 0-6 of column A:
 * parent body, issuing body, title, period, data cut-off, who reports to
 * whom, units of measure. NULL lines are written empty. */
struct th_wbc_heading {
    const char *line[7];
    lxw_format *fmt[7];
};
lxw_error th_wbc_heading(lxw_worksheet *s, const struct th_wbc_heading *h);

/* The time_t of midnight UTC of d (document properties). */
time_t th_wbc_date_time(th_date d);

/* Set row r high enough for its wrapped cells (texts[i] in a column of
 * widths[i] characters; Times New Roman 11 fits about 1.2 per unit):
 * libxlsxwriter writes no heights and viewers do not always fit them. Call
 * before the row's cells: constant-memory mode needs that. */
void th_wbc_fit_row(lxw_worksheet *s, lxw_row_t r, const char *const *texts, const double *widths, size_t n);

/* A workbook written to a temp file beside path (libxlsxwriter's own temp
 * files there too), renamed into place by th_wbc_close once it reads back. */
struct th_wbc_file {
    struct th_temp tmp;
    char *tmpdir;
    lxw_workbook *book;
};
th_err th_wbc_open(struct th_wbc_file *f, const char *path, bool constant_memory);

/* Close the book; commit it when sheets_ok and err (the first library error
 * while writing) is LXW_NO_ERROR, else say why and remove the temp file.
 * Releases f either way. */
th_err th_wbc_close(struct th_wbc_file *f, bool sheets_ok, lxw_error err);

#endif
