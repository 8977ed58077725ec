/* report.h - the period's outputs for the ministry: the official report as
 * PDF (pdfreport.c, libharu) and the submission workbook as XLSX
 * (workbook.c, libxlsxwriter), both from the consolidation alone. */
#ifndef TH_REPORT_H
#define TH_REPORT_H

#include "cons.h"

struct th_edits;
struct th_checks;

/* The outputs' names in the period's output directory. */
#define TH_REPORT_FILE "report.pdf"
#define TH_WORKBOOK_FILE "workbook.xlsx"

/* Everything the writers print, gathered by the stage that calls them
 * (`report`, `run`): nothing below reads a file of its own accord but the
 * template. Nothing here is owned by the struct. */
struct th_report_in {
    const struct th_workspace *ws;
    const struct th_period *per;
    const struct th_cons *c;        /* the period's consolidation */
    const struct th_cons *prev;     /* the same period a year earlier, NULL when there is none */
    struct th_edits *edits;         /* the department's wording of the period (report_edits.h), may be NULL */
    const char *prev_sha256;        /* SHA-256 of prev's consolidated.xml, for the PDF's /ID; NULL or "" */
};

/* The official report (Nghị định 30/2020 layout) of in->c, using the plan's
 * template (templates/<name>, or the workspace's own). Written atomically to
 * path; byte-identical for the same inputs. */
th_err th_pdf_report_write(const struct th_report_in *in, const char *path);

/* The workbook: indicators, one sheet per hierarchy level, units that did not
 * report, validation summary (checks, wb_checks.h: from the batch or from
 * validation.xml; may be NULL). Written atomically to path; byte-identical
 * for the same inputs. */
th_err th_workbook_write(const struct th_report_in *in, const struct th_checks *checks, const char *path);

#endif
