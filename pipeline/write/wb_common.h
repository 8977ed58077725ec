/* wb_common.h - pieces every XLSX writer shares (libxlsxwriter): the
 * Times New Roman formats, the A4 print setup, the Nghị định 09/2019 form
 * heading of rows 0-6 and a date as the workbook's creation time. Used by
 * the annual workbook (workbook.c) and the review workbook (review_xlsx.c). */
#ifndef TH_WB_COMMON_H
#define TH_WB_COMMON_H

#include <stdbool.h>
#include <time.h>
#include <xlsxwriter.h>

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

#endif
