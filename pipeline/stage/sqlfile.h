/* sqlfile.h - tonghop's own SQLite files (the archive's catalog.sqlite,
 * nightly's nightly.sqlite): a missing one is created whole (laid out under a
 * temp name, then renamed into place); an existing one is opened only when
 * tonghop wrote it, of the expected kind, at a version this build reads.
 * An empty, foreign or newer file is an error naming it, never a fresh start. */
#ifndef TH_SQLFILE_H
#define TH_SQLFILE_H

#include <stdbool.h>
#include <sqlite3.h>

#include "common.h"

/* PRAGMA application_id of every tonghop database: "THop". */
#define TH_SQL_APP_ID 0x54486f70

struct th_sqlfile_kind {
    const char *what;   /* in messages: "an archive catalog", "a nightly record" */
    const char *table;  /* a table every file of this kind has (and no other kind) */
    const char *schema; /* SQL laying out a new file (run in one transaction) */
    int version;        /* PRAGMA user_version this build writes; it reads 0..version */
};

/* Open path read-only or read-write. A missing file is created (when create)
 * with k->schema, application_id and user_version. An existing file must be
 * a regular file, not empty, an SQLite database with application_id
 * TH_SQL_APP_ID (or 0, from a tonghop before it was set, holding k->table:
 * stamped when opened read-write) and user_version <= k->version.
 * Otherwise NULL, a message naming the file, and *why (may be NULL):
 * TH_ERR_NOT_FOUND (missing and !create: no message), TH_ERR_CONFIG (empty,
 * not a regular file, another program's database, a newer version),
 * TH_ERR_PARSE (damaged: not readable as SQLite) or TH_ERR_IO.
 * *version (may be NULL) receives the file's user_version. */
sqlite3 *th_sqlfile_open(const char *path, const struct th_sqlfile_kind *k, bool create, bool readonly,
                         int *version, th_err *why);

#endif
