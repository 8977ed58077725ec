/* workspace.h - one plan's configuration directory (registry.xml, plan.xml,
 * rules.xml, submissions/<year>-<period>/) and the check of one submission
 * against it. Batches of submissions are in batch.h. */
#ifndef TH_WORKSPACE_H
#define TH_WORKSPACE_H

#include "plan.h"
#include "registry.h"
#include "rules.h"
#include "submission.h"

struct th_workspace {
    char *dir;
    struct th_registry *reg;
    struct th_plan *plan;
    struct th_rules *rules;
};

/* Load and check the three configuration files. Prints "file:line: message"
 * for each problem; NULL means a configuration error (exit 2). */
struct th_workspace *th_workspace_open(const char *dir);
/* The same, with the registry's schema passes remembered in memo (see
 * th_xml_stream_open_memo): nightly, which loads the same registry every night. */
struct th_workspace *th_workspace_open_memo(const char *dir, const char *memo);
void th_workspace_free(struct th_workspace *ws);

/* submissions/<year>-<period> of the workspace; caller frees. */
char *th_workspace_period_dir(const struct th_workspace *ws, int year, const char *k);
/* Submission files (*.xml, *.xlsx) of a period, sorted. */
char **th_workspace_period_files(const struct th_workspace *ws, int year, const char *k,
                                 size_t *n);

/* Check s against the workspace: unit known and open in the period, period
 * in the plan (and equal to `expect` when given), body kinds the unit
 * manages, lateness against the unit deadline, then the rules. received: the
 * date the file arrived (nightly's record), 0 to use the submission's own
 * date. previous: last year's values of the unit, or NULL. */
void th_validate(const struct th_workspace *ws, struct th_submission *s,
                 const struct th_period *expect, th_date received,
                 const struct th_values *previous);

#endif
