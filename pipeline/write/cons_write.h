/* cons_write.h - the consolidation written out: consolidated.xml and the
 * indicator table printed by consolidate and run. */
#ifndef TH_CONS_WRITE_H
#define TH_CONS_WRITE_H

#include "cons.h"

/* Write consolidated.xml (schemas/consolidated.xsd) atomically: TH_OK, or
 * TH_ERR_IO with errno set. */
th_err th_cons_write(const struct th_cons *c, const char *path);

struct th_workspace;
struct th_period;
/* Print the root's counts and the indicators the report shows for per,
 * with the plan's target and the assessment (against prev, the same period
 * a year earlier, or NULL), as a table: stdout of `consolidate` and `run`. */
void th_cons_print(const struct th_cons *c, const struct th_workspace *ws, const struct th_period *per,
                   const struct th_cons *prev, FILE *out);

#endif
