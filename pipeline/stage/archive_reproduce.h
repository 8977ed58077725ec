/* archive_reproduce.h - `archive reproduce`: a document made again from its
 * archived inputs and compared with the archived bytes. */
#ifndef TH_ARCHIVE_REPRODUCE_H
#define TH_ARCHIVE_REPRODUCE_H

#include "archive.h"

/* Regenerate documents (all made from the same inputs: equal provenance)
 * from their archived inputs in a temp workspace with
 * `tonghop -q -w WS -o OUT run --year Y --period P --no-archive --allow-empty`
 * (this binary, or $TONGHOP_REPRODUCE_CMD for tests), each input laid back
 * where that run reads it (by its role), and compare each with the catalogued
 * SHA-256 and the archived file. Prints one line per document to out.
 * Returns TH_EXIT_OK when all are byte-identical, TH_EXIT_VERIFY when one
 * differs or an archived file is damaged, TH_EXIT_SYSTEM when regeneration
 * failed (the temp directory is then kept and named). The upward
 * submission's files (archive_upward.h) are checked instead, not
 * regenerated: they name a report of this archive ("checked: …"). */
int th_archive_reproduce(struct th_archive *a, const struct th_archive_doc *docs, size_t ndocs, FILE *out);

#endif
