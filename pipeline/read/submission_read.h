/* submission_read.h - reading a submission file (XML or XLSX) into the
 * submission model (submission.h); the two readers of bytes in memory are
 * submission_xml.h and submission_xlsx.h. */
#ifndef TH_SUBMISSION_READ_H
#define TH_SUBMISSION_READ_H

#include "submission_xlsx.h"
#include "submission_xml.h"

/* Read a file (XML or XLSX, told by its first bytes). Never fails: a file
 * that cannot be read becomes a submission with an F-code error.
 * XML: parsed as hostile, checked against schemas/submission.xsd, text NFC;
 * plan (may be NULL) tells the periods that ask part of the fields
 * (th_submission_from_xml); XLSX: as th_submission_from_xlsx takes it.
 * Caller frees with th_submission_free. */
struct th_submission *th_submission_read(const char *path, const struct th_plan *plan);

#endif
