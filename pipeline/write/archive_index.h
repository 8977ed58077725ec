/* archive_index.h - the archive's static index.html, written from what the
 * catalog lists. */
#ifndef TH_ARCHIVE_INDEX_H
#define TH_ARCHIVE_INDEX_H

#include "catalog.h"

/* Where the index takes the catalog from (the archive, archive.h). */
struct th_archive_source {
    /* every document, newest year first (caller frees with th_archive_docs_free) */
    th_err (*docs)(void *ctx, struct th_archive_doc **out, size_t *n);
    /* the inputs of document id (caller frees with th_archive_inputs_free) */
    th_err (*inputs)(void *ctx, int64_t id, struct th_archive_input **out, size_t *n);
    void *ctx;
};

/* Rewrite adir/index.html atomically from th_home()/templates/archive-index.html,
 * one row per document; a document with more than 500 inputs lists them on
 * adir/inputs/<id>.html (written once). Prints a message on failure. */
th_err th_archive_index_write(const char *adir, const struct th_archive_source *src);

#endif
