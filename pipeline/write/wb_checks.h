/* wb_checks.h - the workbook's "Kiểm tra" sheet: the period's validation
 * summary and every issue, from one list built either from the batch in
 * memory (`run`) or from validation.xml read as a stream (`report`).
 * Written by th_workbook_write (workbook.c) into a sheet it has added. */
#ifndef TH_WB_CHECKS_H
#define TH_WB_CHECKS_H

#include <xlsxwriter.h>

#include "batch.h"
#include "cons.h"
#include "wb_common.h"

/* One issue row, as validation.xml carries it (strings owned, "" or NULL
 * when absent). */
struct th_check_issue {
    char *file, *unit, *status;             /* the submission's */
    char *code, *severity, *field, *line, *sheet, *cell, *message;
};

/* The period's validation results, for the sheet. */
struct th_checks {
    bool from_file;             /* a validation.xml was given (read or not) */
    bool ok;                    /* the results are there: the batch, or a well-formed and valid file */
    bool has_summary;
    long files, accepted, rejected, superseded, duplicate, errors, warnings;
    struct th_check_issue *v;
    size_t n;
};

/* The results of b, as th_batch_write_xml writes them and th_checks_load
 * would read them back. Release with th_checks_release. */
void th_checks_of_batch(struct th_checks *k, const struct th_batch *b);
/* validation.xml at path, checked against its schema (a message and k->ok
 * false when it is not readable). Release with th_checks_release. */
void th_checks_load(struct th_checks *k, const char *path);
void th_checks_release(struct th_checks *k);

/* What the sheet is written with: the workbook's form heading (its title
 * and units-of-measure lines are the sheet's own), the formats of its
 * cells, the row its table starts on. */
struct th_wb_checks {
    const struct th_cons *c;
    const struct th_checks *checks; /* NULL: none for the period */
    struct th_wbc_heading heading;
    lxw_row_t head_row;
    lxw_format *head, *text, *wrap, *center, *count, *body, *italic;
};

/* Write "Kiểm tra" into s. Returns the first library error. */
lxw_error th_wb_checks_write(lxw_worksheet *s, const struct th_wb_checks *in);

#endif
