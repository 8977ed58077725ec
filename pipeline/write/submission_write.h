/* submission_write.h - a submission written back as XML. */
#ifndef TH_SUBMISSION_WRITE_H
#define TH_SUBMISSION_WRITE_H

#include "submission.h"

/* s as submission XML (schemas/submission.xsd): what `gen` emits and what an
 * XLSX form would be as XML. Caller frees. */
char *th_submission_to_xml(const struct th_submission *s);

#endif
