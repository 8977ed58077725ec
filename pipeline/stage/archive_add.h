/* archive_add.h - `archive add`: a period's outputs and everything they
 * were made from, into the archive. */
#ifndef TH_ARCHIVE_ADD_H
#define TH_ARCHIVE_ADD_H

#include "archive.h"

/* Archive the outputs of period p of ws found in period_dir (report.pdf,
 * workbook.xlsx; consolidated.xml, validation.xml and the workspace files and
 * submissions they name) into archive_dir. Returns an exit code: 0, 2 when
 * there is nothing to archive or the inputs changed since consolidation,
 * 3 on a system failure, 4 when another add holds the lock. */
int th_archive_add(const struct th_workspace *ws, const struct th_period *p,
                   const char *period_dir, const char *archive_dir);

/* The submissions a period's outputs name, which `archive add` stores:
 * read back from validation.xml and consolidated.xml by th_archive_add or,
 * in `run`, taken from the batch and the consolidation still in memory
 * (th_archive_refs_of), the same strings either way. */
struct th_archive_ref {
    char *file, *unit;
    const char *status;         /* th_status_name's; NULL when the file gives none
                                   (in cons: counting, "accepted") */
    char sha256[65];
};
struct th_archive_reflist {
    struct th_archive_ref *v;
    size_t n, cap;
};
struct th_archive_refs {
    struct th_archive_reflist val;  /* validation.xml's submissions, unreadable ones (F01) left out */
    struct th_archive_reflist cons; /* consolidated.xml's inputs (from memory: none, all in val) */
    bool has_val;                   /* validation.xml was written */
    char *generator;                /* consolidated.xml's generator */
};
struct th_batch;
struct th_cons;
/* Fill r from batch b (resolved) and its consolidation c, as the files
 * written from them read back; each entry's path (and unit) is taken from
 * b, left NULL there: release b next. Returns an exit code (message printed). */
int th_archive_refs_of(struct th_archive_refs *r, struct th_batch *b, const struct th_cons *c);
void th_archive_refs_release(struct th_archive_refs *r);
/* `run`: what the archive keeps of a period that does not depend on its
 * outputs (plan.xml, registry.xml, rules.xml and every submission refs
 * names: their bytes and the submissions' hashes are the pass's), stored
 * as a job beside the outputs, after job `after` (the one that fills
 * refs): the archive opened and locked, the objects written, no catalog row.
 * Its messages are kept for th_archive_add_refs to print where `archive
 * add` prints them. NULL: nothing to do (no refs). */
struct th_archive_early;
struct th_jobs;
struct th_archive_early *th_archive_early_start(struct th_jobs *js, int after, const struct th_workspace *ws,
                                                const struct th_period *p, const char *period_dir,
                                                const char *archive_dir, struct th_archive_refs *refs);
/* The archive's lock released, whatever th_archive_add_refs did not take
 * freed; the objects stored stay (named by their bytes, no row names them
 * unless th_archive_add_refs wrote one). e may be NULL. */
void th_archive_early_free(struct th_archive_early *e);
/* th_archive_add from refs: the workspace files and period_dir's outputs
 * as th_archive_add finds them, every submission refs names; early (or
 * NULL): those already stored beside the outputs by th_archive_early_start's
 * job, on the archive it holds, named by the catalog with the rest. */
int th_archive_add_refs(const struct th_workspace *ws, const struct th_period *p, const char *period_dir,
                        const char *archive_dir, struct th_archive_refs *refs, struct th_archive_early *early);

#endif
