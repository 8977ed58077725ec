/* feedback.h - what nightly tells people, in Vietnamese: one XLSX per agency
 * with problems (each error or warning with its cell or line and what to
 * fix), and the lead department's overview of completeness and lateness. */
#ifndef TH_FEEDBACK_H
#define TH_FEEDBACK_H

#include "nightly.h"

/* What the agency should do about a diagnostic code: a fixed hint for
 * file/schema/unit/process codes, the rule's description for rule codes.
 * Caller frees. */
char *th_feedback_hint(const struct th_workspace *ws, const char *code);

/* Write feedback/<unit code>.xlsx under dir for every unit with something to
 * fix (errors, warnings, or nothing received while expected), and remove
 * feedback files of units that no longer have any. A file depends only on its
 * unit's entries, so an existing one is rewritten only when one of them is
 * fresh or went away in this run (or r->rewrite_all). *count = files
 * written. Same record, same bytes. Prints a message on failure. */
th_err th_feedback_write_all(const struct th_nightly_report *r, const char *dir, size_t *count);

/* The overview for the lead department at path (atomic): completeness per
 * node of the hierarchy, units missing, units with errors, late units, files
 * that disappeared. Prints a message on failure. */
th_err th_feedback_write_overview(const struct th_nightly_report *r, const char *path);

#endif
