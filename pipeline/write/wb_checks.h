/* wb_checks.h - the workbook's "Kiểm tra" sheet: the period's validation
 * summary and every issue of validation.xml, read as a stream. Written by
 * th_workbook_write (workbook.c) into a sheet it has added. */
#ifndef TH_WB_CHECKS_H
#define TH_WB_CHECKS_H

#include <xlsxwriter.h>

#include "cons.h"
#include "wb_common.h"

/* What the sheet is written with: the workbook's form heading (its title
 * and units-of-measure lines are the sheet's own), the formats of its
 * cells, the row its table starts on. */
struct th_wb_checks {
    const struct th_cons *c;
    const char *validation_xml; /* NULL: none for the period */
    struct th_wbc_heading heading;
    lxw_row_t head_row;
    lxw_format *head, *text, *wrap, *center, *count, *body, *italic;
};

/* Write "Kiểm tra" into s. Returns the first library error. */
lxw_error th_wb_checks_write(lxw_worksheet *s, const struct th_wb_checks *in);

#endif
