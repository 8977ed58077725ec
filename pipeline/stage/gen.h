/* gen.h - deterministic generation of registries and submissions for tests
 * and benchmarks: the same seed always gives the same bytes. */
#ifndef TH_GEN_H
#define TH_GEN_H

#include "workspace.h"

/* Fill s with plausible, rule-abiding values for unit u (its kind decides
 * which body kinds may be non-zero). */
void th_gen_values(struct th_submission *s, const struct th_unit *u, uint64_t seed);

/* One submission per unit expected in period p, as XML files <code>.xml
 * (xlsx_pct of them as filled XLSX forms <code>.xlsx), skipping missing_pct
 * of units. Returns an exit code. */
int th_gen_submissions(const struct th_registry *reg, const struct th_period *p, const char *dir,
                       uint64_t seed, int xlsx_pct, int missing_pct);

/* A new workspace in dir: n communes under ceil(n/100) districts under one
 * province, plus the plan's lead department for p, and its other issuers
 * and its agencies' units (these not required to report); plan.xml and
 * rules.xml copied from ws; submissions for p. */
int th_gen_synthetic(const struct th_workspace *ws, const struct th_period *p, const char *dir,
                     size_t n, uint64_t seed, int xlsx_pct, int missing_pct);

#endif
