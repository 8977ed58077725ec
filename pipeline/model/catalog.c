/* catalog.c - the archive catalog's records as the archive hands them out:
 * freeing documents and inputs. */
#include "catalog.h"

#include <stdlib.h>

void th_archive_doc_release(struct th_archive_doc *d)
{
    char *fs[] = {d->plan, d->period, d->period_label, d->kind, d->title, d->issuing_body,
                  d->issuing_unit, d->symbol, d->doc_number, d->created, d->archived_at,
                  d->sha256, d->object, d->name, d->tonghop_version, d->provenance};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        free(fs[i]);
}

void th_archive_docs_free(struct th_archive_doc *v, size_t n)
{
    if (!v)
        return;
    for (size_t k = 0; k < n; k++)
        th_archive_doc_release(&v[k]);
    free(v);
}

void th_archive_inputs_free(struct th_archive_input *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++) {
        free(v[i].role);
        free(v[i].path);
        free(v[i].unit);
        free(v[i].status);
        free(v[i].sha256);
        free(v[i].object);
    }
    free(v);
}
