/* submission_xml.h - submission XML already in memory read into the model. */
#ifndef TH_SUBMISSION_XML_H
#define TH_SUBMISSION_XML_H

#include "submission.h"

/* Parse data[0..len) as hostile XML into s: checked against
 * schemas/submission.xsd, text NFC, every problem a diagnostic of s with its
 * line (used by th_submission_read and tests). plan (may be NULL): when it
 * declares the file's period with part of the fields (<fields>), the file
 * may leave out the others; S01 then names each asked field absent. */
void th_submission_from_xml(struct th_submission *s, const char *data, size_t len, const struct th_plan *plan);

#endif
