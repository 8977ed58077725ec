/* previous.c - last year's consolidation of a period, from the output
 * directory or else from the archive. */
#include "previous.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cons_load.h"

/* The consolidated.xml input of the latest archived document of (plan,
 * year, period) in archive_dir, checked against its catalogued hash. NULL
 * when the archive has none; a catalog that is there but cannot be read
 * (empty, foreign, damaged) or an archived copy that is missing or changed
 * sets *damaged, with a message naming the file: the year may well be in
 * the archive, so "none" would be a false answer. */
static char *from_archive(const struct th_workspace *ws, int year, const char *period,
                          const char *archive_dir, bool *damaged)
{
    bool bad = false;
    char *cat = th_path_join(archive_dir, "catalog.sqlite"), *path = NULL;
    struct stat st;
    if (lstat(cat, &st) != 0 && errno == ENOENT) { /* no archive: genuinely none */
        free(cat);
        return NULL;
    }
    struct th_archive *a = th_archive_open(archive_dir, false, NULL);
    struct th_archive_doc *docs = NULL;
    size_t n = 0;
    struct th_archive_filter f = {.year = year, .period = period, .latest = true};
    if (!a || th_archive_find(a, &f, &docs, &n) != TH_OK) {
        th_error("'%s': không đọc được danh mục kho lưu trữ nên không biết có số liệu cùng kỳ năm %d (%s) hay không",
                 cat, year, period);
        bad = true;
        goto done;
    }
    /* the latest document of the period: the highest id */
    const struct th_archive_doc *d = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(docs[i].plan, ws->plan->id) == 0 && (!d || docs[i].id > d->id))
            d = &docs[i];
    struct th_archive_input *in = NULL;
    size_t nin = 0;
    if (d && th_archive_inputs(a, d->id, &in, &nin) != TH_OK) {
        th_error("'%s': không đọc được danh mục kho lưu trữ nên không biết có số liệu cùng kỳ năm %d (%s) hay không",
                 cat, year, period);
        bad = true;
    }
    for (size_t i = 0; i < nin && !path; i++) {
        if (strcmp(in[i].role, "consolidated") != 0)
            continue;
        path = th_path_join(archive_dir, in[i].object);
        th_err e = th_archive_check_object(a, in[i].object, in[i].sha256);
        if (e != TH_OK) {
            th_error("'%s': bản lưu số liệu năm %d (%s) trong kho %s (sha256 theo danh mục %s)", path, year,
                     period,
                     e == TH_ERR_NOT_FOUND ? "bị mất" : e == TH_ERR_PARSE ? "đã bị thay đổi" : "không đọc được",
                     in[i].sha256);
            bad = true;
        }
    }
    th_archive_inputs_free(in, nin);
done:
    th_archive_docs_free(docs, n);
    th_archive_close(a);
    free(cat);
    if (bad && damaged)
        *damaged = true;
    return path;
}

char *th_year_cons_path(const struct th_workspace *ws, int year, const char *kind, const char *outdir,
                        const char *archive_dir, bool *damaged)
{
    const char *period = kind;
    char *path = th_asprintf("%s/%s/%d-%s/consolidated.xml", outdir, ws->plan->id, year, period);
    if (th_is_file(path))
        return path;
    free(path);
    return archive_dir ? from_archive(ws, year, period, archive_dir, damaged) : NULL;
}

char *th_previous_path(const struct th_workspace *ws, const struct th_period *p, const char *outdir,
                       const char *archive_dir, bool *damaged)
{
    return th_year_cons_path(ws, p->year - 1, p->id, outdir, archive_dir, damaged);
}

int th_previous_cons(const struct th_workspace *ws, const struct th_period *p, const char *outdir,
                     const char *archive_dir, struct th_cons **out, char sha256[65])
{
    bool damaged = false;
    *out = NULL;
    if (sha256)
        sha256[0] = '\0';
    char *path = th_previous_path(ws, p, outdir, archive_dir, &damaged);
    if (damaged) { /* the archive is there but not readable: "no last year" would be false */
        th_error("số liệu cùng kỳ năm %d có thể nằm trong kho lưu trữ '%s' nhưng không đọc được (tệp nêu ở "
                 "trên): không so sánh được với năm trước; khôi phục kho lưu trữ rồi chạy lại",
                 p->year - 1, archive_dir);
        free(path);
        return TH_EXIT_SYSTEM;
    }
    if (!path)
        return TH_EXIT_OK;
    *out = th_cons_load(path);
    int rc = TH_EXIT_OK;
    if (!*out) {
        th_error("không đọc được số liệu cùng kỳ năm %d ('%s'); sửa hoặc xoá tệp này rồi chạy lại",
                 p->year - 1, path);
        rc = TH_EXIT_USAGE;
    } else if (strcmp((*out)->period, p->id) != 0 || (*out)->year != p->year - 1) {
        th_error("'%s' không phải số liệu %s năm %d", path, p->id, p->year - 1);
        th_cons_free(*out);
        *out = NULL;
        rc = TH_EXIT_USAGE;
    }
    if (*out && sha256 && th_sha256_file(path, sha256) != TH_OK) {
        th_error("cannot read '%s': %s", path, strerror(errno));
        th_cons_free(*out);
        *out = NULL;
        rc = TH_EXIT_SYSTEM;
    }
    free(path);
    return rc;
}
