/* previous.h - the same period a year earlier (annual with annual, h1 with
 * h1), which the report prints beside this year's figures. */
#ifndef TH_PREVIOUS_H
#define TH_PREVIOUS_H

#include "archive.h"
#include "cons.h"

/* Where last year's consolidation of period p is: the output directory's
 * OUTDIR/<plan>/<year-1>-<period>/consolidated.xml when it exists, else the
 * consolidated.xml of the latest archived document of that plan, year and
 * period in archive_dir (checked against its catalogued SHA-256). NULL when
 * there is none (no consolidated.xml and no catalog.sqlite, or no such
 * document in it); *damaged (may be NULL) is set, with a message naming
 * the file, when the catalog is there but cannot be read (empty, foreign,
 * damaged) or the archived copy is missing or does not match it: the path
 * is then NULL or not to be read. Caller frees. */
char *th_previous_path(const struct th_workspace *ws, const struct th_period *p, const char *outdir,
                       const char *archive_dir, bool *damaged);

/* The same for any year and kind of period (the review reads each year of
 * a phase this way). */
char *th_year_cons_path(const struct th_workspace *ws, int year, const char *kind, const char *outdir,
                        const char *archive_dir, bool *damaged);

/* Load it: TH_EXIT_OK with *out NULL when there is none, TH_EXIT_OK with
 * *out set (caller frees with th_cons_free), TH_EXIT_USAGE when the output
 * directory's file is damaged or of another period (the file and line
 * named), TH_EXIT_SYSTEM when the archive cannot answer (its catalog or
 * archived copy damaged, named). sha256 (may be NULL)
 * receives the SHA-256 of the file loaded, "" when none: the report's
 * trailer /ID is made from it. */
int th_previous_cons(const struct th_workspace *ws, const struct th_period *p, const char *outdir,
                     const char *archive_dir, struct th_cons **out, char sha256[65]);

#endif
