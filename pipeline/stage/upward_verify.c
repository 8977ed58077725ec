/* upward_verify.c - upward submissions checked against the provinces'
 * archives, read-only, through the archive's catalog (archive.h). */
#include "upward_verify.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "archive_upward.h"
#include "pass.h"

struct opened {
    char *unit;             /* NULL: dir itself */
    struct th_archive *a;   /* NULL: none there */
};

static struct {
    char *dir;
    struct opened *v;
    size_t n, cap;
} vf;

/* The archive of unit: dir/<unit>/ if a directory, else dir; opened once. */
static struct th_archive *archive_of(const char *unit, char **where)
{
    bool own = strcmp(unit, ".") != 0 && strcmp(unit, "..") != 0 && !strchr(unit, '/');
    char *sub = own ? th_path_join(vf.dir, unit) : NULL;
    if (!sub || !th_is_dir(sub)) {
        free(sub);
        sub = NULL;
    }
    const char *key = sub ? unit : NULL;
    for (size_t i = 0; i < vf.n; i++)
        if ((!key && !vf.v[i].unit) || (key && vf.v[i].unit && strcmp(vf.v[i].unit, key) == 0)) {
            *where = sub ? sub : th_strdup(vf.dir);
            return vf.v[i].a;
        }
    *where = sub ? sub : th_strdup(vf.dir);
    /* the provinces' archives are often links to where their copies are
     * kept: opened at the directory they name (the catalog is only read) */
    char real[PATH_MAX];
    th_err why;
    struct th_archive *a = th_archive_open(realpath(*where, real) ? real : *where, false, &why);
    TH_GROW(vf.v, vf.cap, vf.n + 1);
    vf.v[vf.n++] = (struct opened){key ? th_strdup(key) : NULL, a};
    return a;
}

/* Documents of a whose SHA-256 is sha (any version). */
static th_err docs_with(struct th_archive *a, const char *sha, struct th_archive_doc **d, size_t *n)
{
    struct th_archive_filter f = {.sha256 = sha};
    th_err e = th_archive_find(a, &f, d, n);
    if (e != TH_OK)
        return e;
    size_t m = 0; /* a prefix filter: keep the exact ones */
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*d)[i].sha256, sha) == 0)
            (*d)[m++] = (*d)[i];
        else
            th_archive_doc_release(&(*d)[i]);
    }
    *n = m;
    return TH_OK;
}

/* The diagnostic just added is on <source> when there is one; the file is rejected. */
static void rejected(struct th_submission *s)
{
    if (s->src)
        s->diags[s->ndiags - 1].loc.line = s->src->line;
    s->status = TH_ST_REJECTED;
}

/* Whether the report of its <source> is a document of a drawn from its consolidation. */
static bool source_matches(struct th_archive *a, const struct th_origin *src)
{
    struct th_archive_doc *d = NULL;
    size_t n = 0;
    bool ok = false;
    if (docs_with(a, src->report_sha256, &d, &n) != TH_OK)
        return false;
    for (size_t i = 0; i < n && !ok; i++) {
        struct th_archive_input *in = NULL;
        size_t nin = 0;
        if (th_archive_inputs(a, d[i].id, &in, &nin) != TH_OK)
            break;
        for (size_t k = 0; k < nin; k++)
            ok |= strcmp(in[k].role, "consolidated") == 0 && in[k].sha256 &&
                  strcmp(in[k].sha256, src->cons_sha256) == 0;
        th_archive_inputs_free(in, nin);
    }
    th_archive_docs_free(d, n);
    return ok;
}

static void check(struct th_submission *s, void *ctx)
{
    (void)ctx;
    if (!s->header_ok || s->nerrors || !s->unit || !s->sha256[0])
        return;
    char *where = NULL;
    struct th_archive *a = archive_of(s->unit, &where);
    if (!a) {
        th_submission_diag(s, TH_SEV_ERROR, "A03",
                           -1, "không tìm thấy kho lưu trữ của đơn vị '%s' trong '%s' để đối chiếu báo cáo gửi lên",
                           s->unit, vf.dir);
        rejected(s);
        free(where);
        return;
    }
    struct th_archive_doc *d = NULL;
    size_t n = 0;
    bool sent = false;
    if (docs_with(a, s->sha256, &d, &n) == TH_OK)
        for (size_t i = 0; i < n; i++)
            sent |= th_archive_upward_output(d[i].kind) != NULL;
    th_archive_docs_free(d, n);
    char sha[20];
    snprintf(sha, sizeof sha, "%.16s", s->sha256);
    if (!sent) {
        th_submission_diag(s, TH_SEV_ERROR, "A01", -1,
                "tệp không khớp với báo cáo gửi cấp trên đã lưu trong kho lưu trữ '%s' (SHA-256 %s… không có "
                "trong kho): tệp đã bị sửa sau khi gửi, hoặc chưa được lưu trữ; đề nghị đơn vị %s gửi lại bản "
                "đã lưu trữ",
                where, sha, s->unit);
        rejected(s);
    } else if (s->src && !source_matches(a, s->src)) {
        th_submission_diag(s, TH_SEV_ERROR, "A02", -1,
                "phần <source> không khớp với kho lưu trữ '%s': báo cáo %s (SHA-256 %.16s…) không được lập từ "
                "dữ liệu tổng hợp đã ghi",
                where, s->src->report_name ? s->src->report_name : "?", s->src->report_sha256);
        rejected(s);
    }
    free(where);
}

bool th_upward_verify_begin(const char *dir)
{
    if (!th_is_dir(dir)) {
        th_error("--verify-archive: '%s' is not a directory (an archive, or one archive per unit code)", dir);
        return false;
    }
    vf.dir = th_strdup(dir);
    th_pass_set_check(check, NULL);
    return true;
}

void th_upward_verify_end(void)
{
    th_pass_set_check(NULL, NULL);
    for (size_t i = 0; i < vf.n; i++) {
        th_archive_close(vf.v[i].a);
        free(vf.v[i].unit);
    }
    free(vf.v);
    free(vf.dir);
    memset(&vf, 0, sizeof vf);
}
