/* submission_xlsx.h - a filled XLSX form in memory read into the model. */
#ifndef TH_SUBMISSION_XLSX_H
#define TH_SUBMISSION_XLSX_H

#include "submission.h"

/* Read the workbook in data[0..len) into s: cells are mapped through
 * templates/form.xml, and every problem is a diagnostic of s naming its
 * cell (X-codes for the workbook itself). */
void th_submission_from_xlsx(struct th_submission *s, const char *data, size_t len);

#endif
