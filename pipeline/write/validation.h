/* validation.h - a batch's results written out: validation.xml and the
 * summary `validate` prints. */
#ifndef TH_VALIDATION_H
#define TH_VALIDATION_H

#include "batch.h"

/* validation.xml (schemas/validation.xsd) written atomically to path:
 * TH_OK, or TH_ERR_IO with errno set. */
th_err th_batch_write_xml(const struct th_batch *b, const char *path);
/* Human summary to out: every diagnostic line, then totals. */
void th_batch_print(const struct th_batch *b, FILE *out);

#endif
