/* cons_write.h - the consolidation written out: consolidated.xml and the
 * indicator table printed by consolidate and run. */
#ifndef TH_CONS_WRITE_H
#define TH_CONS_WRITE_H

#include "cons.h"

/* Write consolidated.xml (schemas/consolidated.xsd) atomically: TH_OK, or
 * TH_ERR_IO with errno set. */
th_err th_cons_write(const struct th_cons *c, const char *path);

/* Print the root's indicators against targets as a table (stdout of
 * `consolidate` and `run`). */
void th_cons_print(const struct th_cons *c, FILE *out);

#endif
