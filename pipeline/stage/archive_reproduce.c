/* archive_reproduce.c - `archive reproduce`: the inputs of documents copied
 * out into a temp workspace, `tonghop run` there, and each document compared
 * with the catalogued bytes. */
#include "archive_reproduce.h"
#include "archive_review.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_replay.h"
#include "archive_upward.h"
#include "escape.h"

/* A catalogued relative path, if it is safe to materialise: no absolute
 * path, no "..", no empty component. */
static bool safe_rel(const char *p)
{
    if (!*p || *p == '/')
        return false;
    for (const char *s = p; *s;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return false;
        s += n + (e ? 1 : 0);
    }
    return true;
}

static const char *kind_output(const char *kind)
{
    if (strcmp(kind, "report-pdf") == 0)
        return "report.pdf";
    if (strcmp(kind, "workbook-xlsx") == 0)
        return "workbook.xlsx";
    if (strcmp(kind, "consolidated-xml") == 0)
        return "consolidated.xml";
    return NULL;
}

/* Where `tonghop run` looks for an input of a role: in the workspace
 * (configuration, the report's template and wording, this year's and last
 * year's submissions), in the output directory under the plan (earlier
 * consolidations: a baseline, last year's same period, or both in one row),
 * or nowhere (the consolidation and validation are regenerated). */
enum input_place { IN_NONE, IN_WORKSPACE, IN_OUTDIR };

static enum input_place input_place(const char *role)
{
    static const char *const ws[] = {"plan", "registry", "rules", "template", "edits", "submission",
                                     "previous-submission"};
    static const char *const out[] = {"baseline", "previous", "baseline+previous"};
    for (size_t i = 0; i < sizeof ws / sizeof *ws; i++)
        if (strcmp(role, ws[i]) == 0)
            return IN_WORKSPACE;
    for (size_t i = 0; i < sizeof out / sizeof *out; i++)
        if (strcmp(role, out[i]) == 0)
            return IN_OUTDIR;
    return IN_NONE;
}

/* Run cmd (argv) with stdout to /dev/null; its exit status, or -1. */
static int regenerate(struct th_archive *a, const struct th_archive_doc *docs, size_t ndocs, FILE *out)
{
    struct th_archive_input *in = NULL;
    size_t n = 0;
    int rc = TH_EXIT_SYSTEM;
    bool keep_tmp = false;
    char *tmp = NULL, *wsdir = NULL, *outdir = NULL;
    const struct th_archive_doc *d = &docs[0];
    if (ndocs && th_archive_is_review(d->kind))
        return th_archive_reproduce_review(a, docs, ndocs, out); /* archive_review.c */
    for (size_t k = 0; k < ndocs; k++) {
        if (!kind_output(docs[k].kind)) {
            th_error("cannot reproduce a document of kind '%s'", docs[k].kind);
            return TH_EXIT_USAGE;
        }
    }
    if (th_archive_inputs(a, d->id, &in, &n) != TH_OK)
        return TH_EXIT_SYSTEM;
    const char *t = getenv("TMPDIR");
    tmp = th_asprintf("%s/tonghop-reproduce-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmp)) {
        th_error("cannot create a directory in '%s': %s", t && *t ? t : "/tmp", strerror(errno));
        free(tmp);
        tmp = NULL;
        goto done;
    }
    wsdir = th_path_join(tmp, "ws");
    outdir = th_path_join(tmp, "out");
    /* the archived inputs, checked, in a fresh workspace */
    for (size_t i = 0; i < n; i++) {
        const struct th_archive_input *x = &in[i];
        char *dst = NULL;
        enum input_place where = input_place(x->role);
        char *name = th_name_decode(x->path); /* the name as it was: "bad%FF.xml" is bad\xff.xml */
        if (where == IN_WORKSPACE && safe_rel(x->path))
            dst = th_path_join(wsdir, name);
        else if (where == IN_WORKSPACE && strcmp(x->role, "submission") == 0)
            dst = th_asprintf("%s/submissions/%d-%s/%s", wsdir, d->year, d->period, th_basename(name));
        else if (where == IN_OUTDIR && safe_rel(x->path))
            dst = th_asprintf("%s/%s/%s", outdir, d->plan, x->path);
        free(name);
        if (!dst)
            continue;
        int laid = th_replay_lay_back(a, x, dst, out);
        free(dst);
        if (laid != TH_EXIT_OK) {
            rc = laid;
            goto done;
        }
    }
    /* regenerate with this very program */
    char self[PATH_MAX];
    const char *prog = th_replay_program(self, sizeof self);
    char year[16];
    snprintf(year, sizeof year, "%d", d->year);
    /* --allow-empty: the document exists, so it was made; a report of a
     * period without an accepted submission (made with --allow-empty) is
     * then made again, and the option changes nothing else */
    char *argv[] = {(char *)prog, "-q", "-w", wsdir, "-o", outdir, "run",
                    "--year", year, "--period", d->period, "--no-archive", "--allow-empty", NULL};
    th_info("regenerating %d %s from %zu archived inputs in %s", d->year, d->period, n, tmp);
    int st = th_replay_spawn(argv);
    if (st < 0 || st > 1) {
        if (st > 1)
            th_error("regenerating %d %s failed ('tonghop run' exited %d)", d->year, d->period, st);
        keep_tmp = true;
        goto done;
    }
    rc = TH_EXIT_OK;
    for (size_t k = 0; k < ndocs; k++) {
        d = &docs[k];
        char *result = th_asprintf("%s/%s/%d-%s/%s", outdir, d->plan, d->year, d->period, kind_output(d->kind));
        if (th_replay_compare(a, d, result, kind_output(d->kind), out) != TH_EXIT_OK)
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

/* An upward file is drawn from the archive itself (it names the report
 * archived here) and its consolidation's hash depends on where the inputs
 * lay: it is checked, not regenerated: intact, and, for the XML, naming the
 * consolidated.xml archived as its input. */
static int check_upward(struct th_archive *a, const struct th_archive_doc *d, FILE *out)
{
    th_err e = th_archive_check_object(a, d->object, d->sha256);
    if (e == TH_ERR_IO)
        return TH_EXIT_SYSTEM;
    if (e != TH_OK) {
        th_out(out, "DIFFERENT: %s version %d: the archived file %s is %s", d->name, d->version, d->object,
                e == TH_ERR_PARSE ? "changed" : "missing");
        return TH_EXIT_VERIFY;
    }
    struct th_archive_input *in = NULL;
    size_t n = 0;
    if (th_archive_inputs(a, d->id, &in, &n) != TH_OK)
        return TH_EXIT_SYSTEM;
    const char *cons = NULL;
    for (size_t i = 0; i < n && !cons; i++)
        if (strcmp(in[i].role, "consolidated") == 0)
            cons = in[i].sha256;
    int rc = TH_EXIT_OK;
    if (strcmp(d->kind, TH_KIND_UPWARD_XML) == 0) {
        char *path = th_path_join(th_archive_dir(a), d->object), *data = NULL, *want = NULL;
        size_t len;
        if (th_read_file(path, 1 << 20, &data, &len) != TH_OK) {
            rc = TH_EXIT_SYSTEM;
        } else {
            want = th_asprintf("sha256=\"%s\"", cons ? cons : "");
            if (!cons || !strstr(data, want)) {
                th_out(out, "DIFFERENT: %s version %d: it does not name the archived consolidated.xml",
                        d->name, d->version);
                rc = TH_EXIT_VERIFY;
            }
        }
        free(want);
        free(data);
        free(path);
    }
    if (rc == TH_EXIT_OK)
        th_out(out, "checked: %s version %d (sha256 %s): intact, drawn from the archived consolidated.xml; "
                "not regenerated", d->name, d->version, d->sha256);
    th_archive_inputs_free(in, n);
    return rc;
}

int th_archive_reproduce(struct th_archive *a, const struct th_archive_doc *docs, size_t ndocs, FILE *out)
{
    struct th_archive_doc *regen = th_calloc(ndocs ? ndocs : 1, sizeof *regen); /* shallow copies */
    size_t nregen = 0;
    int rc = TH_EXIT_OK;
    for (size_t k = 0; k < ndocs; k++) {
        if (!th_archive_upward_output(docs[k].kind)) {
            regen[nregen++] = docs[k];
            continue;
        }
        int r = check_upward(a, &docs[k], out);
        if (r > rc)
            rc = r;
    }
    if (nregen) {
        int r = regenerate(a, regen, nregen, out);
        if (r > rc)
            rc = r;
    }
    free(regen);
    return rc;
}
