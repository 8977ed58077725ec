/* submission_xlsx.h - a filled XLSX form in memory read into the model. */
#ifndef TH_SUBMISSION_XLSX_H
#define TH_SUBMISSION_XLSX_H

#include "submission.h"

/* Read the workbook in data[0..len) into s: cells are mapped through
 * templates/form.xml (a period's form, "ctxh-v1-<period>", through the
 * fields its hidden sheet lists), and every problem is a diagnostic of s
 * naming its cell (X-codes for the workbook itself). plan (may be NULL):
 * a blank cell is S01 only for a field the header's period asks, and a
 * period's label reads as its id. */
void th_submission_from_xlsx(struct th_submission *s, const char *data, size_t len, const struct th_plan *plan);

#endif
