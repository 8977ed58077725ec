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

#endif
