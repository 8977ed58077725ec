/* submission_read.h - reading a submission file (XML or XLSX) into the
 * submission model (submission.h). */
#ifndef TH_SUBMISSION_READ_H
#define TH_SUBMISSION_READ_H

#include "submission.h"

/* Read a file (XML or XLSX, told by its first bytes). Never fails: a file
 * that cannot be read becomes a submission with an F-code error.
 * XML: parsed as hostile, checked against schemas/submission.xsd, text NFC.
 * Caller frees with th_submission_free. */
struct th_submission *th_submission_read(const char *path);

/* Parse submission XML already in memory into s (submission_xml.c; used by
 * the reader and tests). */
void th_submission_from_xml(struct th_submission *s, const char *data, size_t len);

/* Read a filled XLSX form in memory into s (submission_xlsx.c): cells are
 * mapped through templates/form.xml, and every problem names its cell. */
void th_submission_from_xlsx(struct th_submission *s, const char *data, size_t len);

#endif
