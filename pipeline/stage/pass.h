/* pass.h - the validation pass over a batch: each file read and checked
 * against the workspace on every core (results handed on in file order),
 * with last year's values for the outlier rules. */
#ifndef TH_PASS_H
#define TH_PASS_H

#include "batch.h"

/* Called once per submission after validation, before it is freed: the
 * place to keep its values (consolidate) or its record (nightly). */
typedef void (*th_batch_fn)(const struct th_submission *s, void *ctx);

/* Read and validate each path in order into b (progress on a terminal);
 * fn (may be NULL) sees each submission. */
void th_batch_run(struct th_batch *b, char *const *paths, size_t n, th_batch_fn fn, void *ctx);
/* Last year's counting values of unit for the batch's period, for outlier
 * rules (read from the workspace on first use), or NULL. Do not free. */
const struct th_values *th_batch_previous(struct th_batch *b, const char *unit);

#endif
