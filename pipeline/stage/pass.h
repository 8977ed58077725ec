/* pass.h - the validation pass over a batch: each file read and checked
 * against the workspace on every core (results handed on in file order),
 * with last year's values for the outlier rules; and consolidation, the
 * pass followed by the roll-up. */
#ifndef TH_PASS_H
#define TH_PASS_H

#include "cons.h"

/* Called once per submission after validation, before it is freed: the
 * place to keep its values (consolidate) or its record (nightly). */
typedef void (*th_batch_fn)(const struct th_submission *s, void *ctx);

/* A further check of each validated submission, run in file order in the
 * calling thread before the submission is counted (it may add errors):
 * upward_verify.h's check against the provinces' archives. */
typedef void (*th_pass_check_fn)(struct th_submission *s, void *ctx);
/* Set (fn NULL: clear) the check every following th_batch_run applies. */
void th_pass_set_check(th_pass_check_fn fn, void *ctx);

/* Threads to use: TONGHOP_JOBS if set (1 = everything in the calling
 * thread), else the online CPUs; between 1 and 8. */
size_t th_pass_jobs(void);

/* Read and validate each path in order into b (progress on a terminal);
 * fn (may be NULL) sees each submission. */
void th_batch_run(struct th_batch *b, char *const *paths, size_t n, th_batch_fn fn, void *ctx);
/* Last year's counting values of unit for the batch's period, for outlier
 * rules (read from the workspace on first use), or NULL. Do not free. */
const struct th_values *th_batch_previous(struct th_batch *b, const char *unit);
/* Whether validating period p reads last year's submissions of the same
 * kind of period (the rules have outlier rules and the plan has that
 * period, set in *prev): what `archive add` must keep for a reproduction. */
bool th_pass_reads_last_year(const struct th_workspace *ws, const struct th_period *p, struct th_period *prev);

/* Consolidate period p of ws: validate every file of the period, keep the
 * latest accepted submission per unit, roll up, compute indicators.
 * baseline_dir: directory holding <plan>/<year>-<period>/consolidated.xml of
 * earlier periods (the output dir), for baseline-relative targets; may be NULL.
 * batch (may be NULL) receives the validation entries. Returns NULL only on
 * a system failure (message printed). Caller frees with th_cons_free. */
struct th_cons *th_consolidate(const struct th_workspace *ws, const struct th_period *p,
                               const char *baseline_dir, struct th_batch *batch);

#endif
