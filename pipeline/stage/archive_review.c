/* archive_review.c - a multi-year review in the archive (archive_review.h). */
#include "archive_review.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_replay.h"
#include "escape.h"
#include "report_edits.h"
#include "review_out.h"

bool th_archive_is_review(const char *kind)
{
    return kind && (strcmp(kind, "review-pdf") == 0 || strcmp(kind, "review-xlsx") == 0);
}

static const char *review_output(const char *kind)
{
    return strcmp(kind, "review-pdf") == 0 ? TH_REVIEW_PDF_FILE : TH_REVIEW_XLSX_FILE;
}

int th_archive_add_review(const struct th_review *r, const char *dir, const char *archive_dir)
{
    const struct th_workspace *ws = r->ws;
    const struct th_plan *pl = ws->plan;
    struct th_archive_file in[4 + TH_REVIEW_MAX_YEARS], docs[2];
    char *own[4 + TH_REVIEW_MAX_YEARS + 2 + TH_REVIEW_MAX_YEARS + 2] = {0};
    size_t nin = 0, ndocs = 0, nown = 0;
    memset(in, 0, sizeof in);
    memset(docs, 0, sizeof docs);
    static const char *const config[] = {"plan.xml", "registry.xml", "rules.xml"};
    static const char *const roles[] = {"plan", "registry", "rules"};
    for (size_t i = 0; i < 3; i++) {
        in[nin].role = roles[i];
        in[nin].src = own[nown++] = th_path_join(ws->dir, config[i]);
        in[nin++].path = config[i];
    }
    char *narr = th_edits_review_path(ws, r->from, r->to);
    own[nown++] = narr;
    if (th_is_file(narr)) {
        in[nin].role = "narrative";
        in[nin].src = narr;
        in[nin++].path = own[nown++] = th_asprintf("narrative/review-%d-%d.xml", r->from, r->to);
    }
    for (int k = 0; k < r->nyears; k++) {
        if (!r->source[k])
            continue;
        in[nin].role = "consolidated";
        in[nin].src = r->source[k];
        in[nin].path = own[nown++] = th_asprintf("%d-annual/consolidated.xml", r->from + k);
        in[nin++].expect_sha = r->sha256[k][0] ? r->sha256[k] : NULL;
    }
    static const char *const kinds[] = {"review-pdf", "review-xlsx"};
    for (size_t i = 0; i < 2; i++) {
        char *src = th_path_join(dir, review_output(kinds[i]));
        own[nown++] = src;
        if (th_is_file(src)) {
            docs[ndocs].role = kinds[i];
            docs[ndocs++].src = src;
        }
    }
    int rc = TH_EXIT_USAGE;
    struct th_archive *a = NULL;
    char *period = th_asprintf("review-%d-%d", r->from, r->to);
    char *label = th_asprintf("%s %02d năm %d-%d", th_review_kind(r), r->nyears, r->from, r->to);
    char *title = th_asprintf("%s %02d năm thực hiện %s", th_review_kind(r), r->nyears, pl->title);
    th_date date = th_review_date(r);
    const struct th_identity *id = th_plan_identity(pl, date);
    struct th_archive_meta m = {
        .plan = pl->id,
        .period = period,
        .period_label = label,
        .year = r->to,
        .title = title,
        .issuing_body = id->issuing_body,
        .issuing_unit = id->issuing_unit,
        .symbol = id->symbol,
        .number = 0,
        .created = date,
        .tonghop_version = "tonghop " TH_VERSION,
    };
    if (!ndocs) {
        th_error("nothing to archive: no review in '%s' (run 'tonghop review' first)", dir);
        goto done;
    }
    if ((rc = th_archive_open_locked(archive_dir, &a)) != TH_EXIT_OK)
        goto done;
    th_info("archiving %zu documents and %zu inputs in %s", ndocs, nin, archive_dir);
    if ((rc = th_archive_store(a, &m, docs, ndocs, in, nin)) != TH_EXIT_OK)
        goto done;
    if (th_archive_write_index(a) != TH_OK)
        rc = TH_EXIT_SYSTEM;
done:
    th_archive_close(a);
    for (size_t i = 0; i < nin; i++)
        th_archive_file_release(&in[i]);
    for (size_t i = 0; i < ndocs; i++)
        th_archive_file_release(&docs[i]);
    for (size_t i = 0; i < nown; i++)
        free(own[i]);
    free(period);
    free(label);
    free(title);
    return rc;
}

/* ---- reproduce ---- */

/* A plain file name or "<year>-annual/consolidated.xml": nothing else is
 * materialised. */
static bool known_path(const char *role, const char *p)
{
    if (strcmp(role, "narrative") == 0) {
        int f, t;
        char tail[8];
        return sscanf(p, "narrative/review-%d-%d.%7s", &f, &t, tail) == 3 && strcmp(tail, "xml") == 0 &&
               !strstr(p, "..");
    }
    if (strcmp(role, "consolidated") == 0) {
        int y;
        char tail[32];
        return sscanf(p, "%4d-annual/%31s", &y, tail) == 2 && strcmp(tail, "consolidated.xml") == 0 &&
               strlen(p) == strlen("2025-annual/consolidated.xml");
    }
    return !strchr(p, '/') && strcmp(p, "..") != 0 && strcmp(p, ".") != 0 && *p;
}

int th_archive_reproduce_review(struct th_archive *a, const struct th_archive_doc *docs, size_t ndocs, FILE *out)
{
    const struct th_archive_doc *d = &docs[0];
    int from, to;
    if (sscanf(d->period, "review-%d-%d", &from, &to) != 2) {
        th_error("'%s' is not a review's period", d->period);
        return TH_EXIT_USAGE;
    }
    struct th_archive_input *in = NULL;
    size_t n = 0;
    if (th_archive_inputs(a, d->id, &in, &n) != TH_OK)
        return TH_EXIT_SYSTEM;
    int rc = TH_EXIT_SYSTEM;
    bool keep_tmp = false;
    const char *t = getenv("TMPDIR");
    char *tmp = th_asprintf("%s/tonghop-reproduce-XXXXXX", t && *t ? t : "/tmp"), *wsdir = NULL, *outdir = NULL;
    if (!mkdtemp(tmp)) {
        th_error("cannot create a directory in '%s': %s", t && *t ? t : "/tmp", strerror(errno));
        free(tmp);
        tmp = NULL;
        goto done;
    }
    wsdir = th_path_join(tmp, "ws");
    outdir = th_path_join(tmp, "out");
    char *subs = th_path_join(wsdir, "submissions");
    th_err me = th_mkdirs(subs);
    free(subs);
    if (me != TH_OK) {
        th_error("cannot create '%s': %s", wsdir, strerror(errno));
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const struct th_archive_input *x = &in[i];
        if (!known_path(x->role, x->path))
            continue;
        char *dst = strcmp(x->role, "consolidated") == 0 ? th_asprintf("%s/%s/%s", outdir, d->plan, x->path)
                                                          : th_path_join(wsdir, x->path);
        int laid = th_replay_lay_back(a, x, dst, out);
        free(dst);
        if (laid != TH_EXIT_OK) {
            rc = laid;
            goto done;
        }
    }
    char self[PATH_MAX];
    const char *prog = th_replay_program(self, sizeof self);
    char f[16], tt[16];
    snprintf(f, sizeof f, "%d", from);
    snprintf(tt, sizeof tt, "%d", to);
    char *argv[] = {(char *)prog, "-q", "-w", wsdir, "-o", outdir, "review",
                    "--from", f, "--to", tt, "--no-archive", NULL};
    th_info("regenerating the review %d-%d from %zu archived inputs in %s", from, to, n, tmp);
    int st = th_replay_spawn(argv);
    if (st != 0) {
        if (st > 0)
            th_error("regenerating the review %d-%d failed ('tonghop review' exited %d)", from, to, st);
        keep_tmp = true;
        goto done;
    }
    rc = TH_EXIT_OK;
    for (size_t k = 0; k < ndocs; k++) {
        d = &docs[k];
        char *result = th_asprintf("%s/%s/review-%d-%d/%s", outdir, d->plan, from, to, review_output(d->kind));
        if (th_replay_compare(a, d, result, review_output(d->kind), out) != TH_EXIT_OK)
            rc = TH_EXIT_VERIFY;
        free(result);
    }
    keep_tmp = rc != TH_EXIT_OK;
done:
    if (keep_tmp && tmp)
        th_info("the regenerated files are kept in %s", tmp);
    else if (tmp)
        th_replay_rm_tree(tmp);
    th_archive_inputs_free(in, n);
    free(wsdir);
    free(outdir);
    free(tmp);
    return rc;
}
