/* archive_upward.h - the upward submission's files (`tonghop upward`),
 * which `archive add` keeps as documents beside the period's report. */
#ifndef TH_ARCHIVE_UPWARD_H
#define TH_ARCHIVE_UPWARD_H

#include <stddef.h>

/* Document kinds of the upward files in the catalog. */
#define TH_KIND_UPWARD_XML "upward-xml"
#define TH_KIND_UPWARD_XLSX "upward-xlsx"

/* The upward files present in period_dir, when upward.xml was drawn from
 * the consolidated.xml beside it (a stale one is said and left out): up to
 * two paths into src (caller frees each) with their document kinds (static
 * strings) into kind. Returns how many. */
size_t th_archive_upward_docs(const char *period_dir, char *src[2], const char *kind[2]);

/* The period directory's file name of an upward kind ("upward.xml"), or
 * NULL for another kind. */
const char *th_archive_upward_output(const char *kind);

#endif
