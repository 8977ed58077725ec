/* feedback.h - what nightly tells people, in Vietnamese: one XLSX per agency
 * with problems (each error or warning with its cell or line and what to
 * fix), and the lead department's overview of completeness and lateness. */
#ifndef TH_FEEDBACK_H
#define TH_FEEDBACK_H

#include "nightly_report.h"

/* What the agency should do about a diagnostic code: a fixed hint for
 * file/schema/unit/process codes, the rule's description for rule codes.
 * Caller frees. */
char *th_feedback_hint(const struct th_workspace *ws, const char *code);

/* A feedback file on record: the unit it is for and the SHA-256 of what it
 * is made of (program version, properties, every cell). */
struct th_feedback_hash {
    const char *unit;   /* not owned */
    char sha256[65];
};

/* Write feedback/<unit code>.xlsx under dir for every unit with something to
 * fix (errors, warnings, or nothing received while expected), and remove
 * feedback files of units that no longer have any. A file is written only
 * when its content hash differs from the one in old[0..nold) (sorted by
 * unit; from the record) or the file is missing. *now (caller frees the
 * array; units point into r's registry) gets the hash of every feedback file
 * there now, sorted by unit; *count = files written. Same record, same
 * bytes. Prints a message on failure. */
th_err th_feedback_write_all(const struct th_nightly_report *r, const char *dir, const struct th_feedback_hash *old,
                             size_t nold, struct th_feedback_hash **now, size_t *nnow, size_t *count);

/* The overview for the lead department at path (atomic): completeness per
 * node of the hierarchy, units missing, units with errors, late units, files
 * that disappeared. Prints a message on failure. */
th_err th_feedback_write_overview(const struct th_nightly_report *r, const char *path);

#endif
