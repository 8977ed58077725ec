/* archive_objects.h - inside the archive (archive.c, archive_objects.c):
 * the open archive and its object store, objects/ab/<sha256>.<ext>. */
#ifndef TH_ARCHIVE_OBJECTS_H
#define TH_ARCHIVE_OBJECTS_H

#include <sqlite3.h>
#include "archive.h"

struct th_archive {
    char *dir;
    sqlite3 *db;
    int lockfd;
    uint8_t fanout[256 / 8]; /* objects/<xx>/ known to exist (bit per xx) */
    int objfd;               /* objects/, opened once: -2 not yet, -1 unavailable */
    bool swept;              /* th_archive_remove_stale_temps done */
};

/* Test hook: TONGHOP_TEST_KILL_AT=N kills the process at the Nth step of an
 * add (each object written, each committed, the catalog commit), to show a
 * crash at any moment leaves the archive consistent. */
void th_archive_kill_point(void);

/* Put f in the objects store, if not there intact already, reading it once
 * (input: kept as text, "<sha>.xml.txt"), and fill its sha256, size and
 * object. Returns an exit code; messages printed. */
int th_archive_store_object(struct th_archive *a, struct th_archive_file *f, bool input);

/* The object a file of hash sha256 (64 hex digits) read from src is
 * stored as: "objects/ab/<sha256><ext>", ext src's (an input's as text,
 * ".xml.txt", unless an .xlsx). Caller frees. */
char *th_archive_object_name(const char *sha256, const char *src, bool input);

/* Remove temp files an interrupted add left in objects/ (the lock is held). */
void th_archive_remove_stale_temps(struct th_archive *a);

#endif
