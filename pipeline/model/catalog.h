/* catalog.h - the archive catalog's records: a catalogued document and an
 * input of one, as the archive (archive.h) lists them and its index
 * (archive_index.h) shows them. */
#ifndef TH_CATALOG_H
#define TH_CATALOG_H

#include "common.h"

/* A catalogued document. */
struct th_archive_doc {
    int64_t id;
    char *plan, *period, *period_label, *kind, *title, *issuing_body, *issuing_unit, *symbol;
    char *doc_number;           /* "15/BC-SYT", or NULL */
    char *created, *archived_at, *sha256, *object, *name, *tonghop_version, *provenance;
    int year, number, version;
    int64_t size;
};
/* Free what one document owns (not d itself). */
void th_archive_doc_release(struct th_archive_doc *d);
/* Free n documents and the array (NULL is fine). */
void th_archive_docs_free(struct th_archive_doc *v, size_t n);

/* An input of a document. */
struct th_archive_input {
    char *role, *path, *unit, *status, *sha256, *object;
    int64_t size;
};
/* Free n inputs and the array (NULL is fine). */
void th_archive_inputs_free(struct th_archive_input *v, size_t n);

#endif
