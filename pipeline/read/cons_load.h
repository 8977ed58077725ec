/* cons_load.h - consolidated.xml read back into the consolidation model. */
#ifndef TH_CONS_LOAD_H
#define TH_CONS_LOAD_H

#include "cons.h"

/* Load consolidated.xml, streamed and checked against its schema as it is
 * read (memory is the tree's, not the file's); NULL + "path:line: reason"
 * messages on error. Caller frees with th_cons_free. */
struct th_cons *th_cons_load(const char *path);

#endif
