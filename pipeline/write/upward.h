/* upward.h - a province's consolidation as its own submission to the level
 * above (`tonghop upward`): the registry root as the unit, the root's totals
 * as the fields, a narrative summary, and the <source> the level above checks
 * against the province's archive. Written as submission XML and as the
 * filled form (forms.h), so the level above reads either like any unit's. */
#ifndef TH_UPWARD_H
#define TH_UPWARD_H

#include "cons.h"
#include "workspace.h"

/* Characters an upward narrative may hold (submission.xsd's text). */
#define TH_UPWARD_TEXT_MAX 4000

/* The upward submission of consolidation c (period p of ws): unit c's root,
 * dated the report's issue date (else the period's upward deadline), every
 * numeric field the root's total, the three narratives summarised from the
 * figures and the units' texts; src (may be NULL) is taken over. NULL (said
 * on stderr, naming the field) when a total passes a submission's cap.
 * Caller frees with th_submission_free. */
struct th_submission *th_upward_build(const struct th_cons *c, const struct th_workspace *ws,
                                      const struct th_period *p, struct th_origin *src);

/* s as submission XML (with its <source>) to path, atomically: TH_OK or
 * TH_ERR_IO with errno set. */
th_err th_upward_write_xml(const struct th_submission *s, const char *path);

#endif
