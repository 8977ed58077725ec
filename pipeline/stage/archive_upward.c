/* archive_upward.c - which files of a period directory are the upward
 * submission, for `archive add` and `archive reproduce`. */
#include "archive_upward.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

static const char *const outputs[] = {"upward.xml", "upward.xlsx"};
static const char *const kinds[] = {TH_KIND_UPWARD_XML, TH_KIND_UPWARD_XLSX};

/* Whether upward.xml in period_dir was drawn from the consolidated.xml
 * beside it: a stale one (the period consolidated again since) is not
 * archived with the new report. */
static bool drawn_from_here(const char *period_dir)
{
    char *cons = th_path_join(period_dir, "consolidated.xml");
    char *xml = th_path_join(period_dir, outputs[0]);
    char sha[65], *data = NULL, *want = NULL;
    size_t len;
    bool ok = th_sha256_file(cons, sha) == TH_OK && th_read_file(xml, 1 << 20, &data, &len) == TH_OK;
    if (ok) {
        want = th_asprintf("sha256=\"%s\"", sha);
        ok = strstr(data, want) != NULL;
        if (!ok)
            th_warn("'%s' was drawn from another consolidation: not archived (run 'tonghop upward' again)", xml);
    }
    free(want);
    free(data);
    free(cons);
    free(xml);
    return ok;
}

size_t th_archive_upward_docs(const char *period_dir, char *src[2], const char *kind[2])
{
    size_t n = 0;
    char *xml = th_path_join(period_dir, outputs[0]);
    bool present = th_is_file(xml);
    free(xml);
    if (!present || !drawn_from_here(period_dir))
        return 0;
    for (size_t i = 0; i < 2; i++) {
        char *p = th_path_join(period_dir, outputs[i]);
        if (th_is_file(p)) {
            src[n] = p;
            kind[n++] = kinds[i];
        } else {
            free(p);
        }
    }
    return n;
}

const char *th_archive_upward_output(const char *kind)
{
    for (size_t i = 0; i < 2; i++)
        if (kind && strcmp(kind, kinds[i]) == 0)
            return outputs[i];
    return NULL;
}
