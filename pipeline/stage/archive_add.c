/* archive_add.c - `archive add`: what consolidated.xml and validation.xml
 * of a period name (the workspace files and every submission), checked
 * against their recorded hashes, stored with the period's documents. */
#include "archive_add.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/xmlreader.h>

#include "archive_objects.h"
#include "archive_upward.h"
#include "entries.h"
#include "escape.h"
#include "jobs.h"
#include "pass.h"
#include "previous.h"
#include "report_edits.h"
#include "report_template.h"
#include "xmlsafe.h"

void th_archive_refs_release(struct th_archive_refs *r)
{
    struct th_archive_reflist *l[] = {&r->val, &r->cons};
    for (size_t k = 0; k < 2; k++) {
        for (size_t i = 0; i < l[k]->n; i++) {
            free(l[k]->v[i].file);
            free(l[k]->v[i].unit);
        }
        free(l[k]->v);
    }
    free(r->generator);
    memset(r, 0, sizeof *r);
}

/* Add a submission to l (file and unit taken), as both the files and the
 * batch give it: false, nothing added, when it names no file or hash to
 * keep (*bad) or when the batch could not read it (F01: rejected, no hash;
 * no bytes to keep, the archived validation.xml records it). */
static bool ref_add(struct th_archive_reflist *l, char *file, const char *sha256, char *unit,
                    const char *status, bool *bad)
{
    bool unreadable = file && !sha256 && status && strcmp(status, "rejected") == 0;
    *bad = !unreadable && (!file || !sha256 || strlen(sha256) != 64);
    if (unreadable || *bad) {
        free(file);
        free(unit);
        return false;
    }
    TH_GROW(l->v, l->cap, l->n + 1);
    struct th_archive_ref *s = &l->v[l->n++];
    s->file = file;
    s->unit = unit;
    s->status = status;
    memcpy(s->sha256, sha256, sizeof s->sha256);
    return true;
}

/* A status as validation.xml spells it, th_status_name's string; NULL
 * (*unknown) for another. */
static const char *status_of(const char *v, bool *unknown)
{
    *unknown = false;
    for (int st = TH_ST_ACCEPTED; v && st <= TH_ST_DUPLICATE; st++)
        if (strcmp(v, th_status_name((enum th_status)st)) == 0)
            return th_status_name((enum th_status)st);
    *unknown = v != NULL;
    return NULL;
}

static char *reader_attr(xmlTextReaderPtr r, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(r, BAD_CAST name);
    char *s = v ? th_strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* Stream an output file of ours (consolidated.xml or validation.xml): check
 * its root (name, namespace, plan, year, period), collect the attributes of
 * every `item` element (under `parent` when given) and the root's generator.
 * Returns an exit code, message printed. */
static int read_refs(const char *path, const char *root, const char *ns, const char *parent,
                     const char *item, const char *plan, int year, const char *period,
                     struct th_archive_reflist *out, char **generator)
{
    xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_BIG_LINES |
                                                          XML_PARSE_NOWARNING);
    int rc = TH_EXIT_USAGE, ret;
    bool seen_root = false;
    int in_parent = parent ? -1 : 0;
    if (!r) {
        th_error("cannot open '%s': %s", path, strerror(errno));
        return TH_EXIT_SYSTEM;
    }
    while ((ret = xmlTextReaderRead(r)) == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
            if (parent && xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
                xmlTextReaderDepth(r) == in_parent &&
                strcmp((const char *)xmlTextReaderConstLocalName(r), parent) == 0)
                in_parent = -1;
            continue;
        }
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        int depth = xmlTextReaderDepth(r);
        if (xmlTextReaderDepth(r) > TH_MAX_XML_DEPTH) {
            th_error("%s: nested too deeply", path);
            goto done;
        }
        if (!seen_root) {
            const char *uri = (const char *)xmlTextReaderConstNamespaceUri(r);
            if (strcmp(name, root) != 0 || !uri || strcmp(uri, ns) != 0) {
                th_error("%s: not a tonghop %s file (root <%s>)", path, root, name);
                goto done;
            }
            char *p = reader_attr(r, "plan"), *y = reader_attr(r, "year"), *k = reader_attr(r, "period");
            bool same = p && y && k && strcmp(p, plan) == 0 && atoi(y) == year && strcmp(k, period) == 0;
            if (!same)
                th_error("%s is for plan '%s' %s %s, not '%s' %d %s", path, p ? p : "?", y ? y : "?",
                         k ? k : "?", plan, year, period);
            if (generator)
                *generator = reader_attr(r, "generator");
            free(p);
            free(y);
            free(k);
            if (!same)
                goto done;
            seen_root = true;
            continue;
        }
        if (parent && strcmp(name, parent) == 0 && depth == 1) {
            if (!xmlTextReaderIsEmptyElement(r))
                in_parent = depth;
            continue;
        }
        if (strcmp(name, item) == 0 && (parent ? in_parent >= 0 && depth == in_parent + 1 : depth == 1)) {
            char *file = reader_attr(r, "file"), *sha = reader_attr(r, "sha256"), *st = reader_attr(r, "status");
            char *bytes = reader_attr(r, "fileBytes"); /* the name exactly, when file cannot hold it */
            if (bytes) {
                free(file);
                file = th_name_decode(bytes);
                free(bytes);
            }
            bool unknown, bad = false;
            const char *status = status_of(st, &unknown);
            long line = xmlGetLineNo(xmlTextReaderCurrentNode(r)); /* the element's, not the parser's read-ahead */
            if (unknown)
                th_error("%s:%ld: <%s> with status '%s'", path, line, item, st);
            free(st);
            bool added = !unknown && ref_add(out, file, sha, reader_attr(r, "unit"), status, &bad);
            free(sha);
            if (unknown)
                free(file);
            if (unknown || (!added && bad)) {
                if (bad)
                    th_error("%s:%ld: <%s> without file and sha256", path, line, item);
                goto done;
            }
        }
    }
    if (ret != 0 || !seen_root) {
        th_error("%s: not well-formed", path);
        goto done;
    }
    rc = TH_EXIT_OK;
done:
    xmlFreeTextReader(r);
    return rc;
}

/* Where a file named in validation/consolidated.xml is now: as written
 * (relative to the directory tonghop ran in), else inside the workspace.
 * NULL when neither is a regular file (a link is never followed). */
static char *resolve_src(const char *wsdir, const char *file)
{
    /* only a regular file, not a link, as the batch read it: a submission
     * replaced by a link since is gone (one lstat, the copy into the
     * archive opens it, never through a link) */
    for (int i = 0; i < (file[0] == '/' ? 1 : 2); i++) {
        char *p = i ? th_path_join(wsdir, file) : th_strdup(file);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
            return p;
        free(p);
    }
    return NULL;
}

/* realpath() of the workspace and of the last directory an input was in:
 * a batch's 100,000 submissions share one directory, so one realpath()
 * each, not two per input. */
struct real_cache {
    char ws[PATH_MAX], dir[PATH_MAX], dir_real[PATH_MAX];
    bool have_ws, have_dir, ws_ok, dir_ok;
};

/* realpath(src) through the cache: the directory resolved once, the last
 * component appended (src is a regular file, never a link, as opened). */
static bool real_of(struct real_cache *rc, const char *src, char out[PATH_MAX])
{
    const char *slash = strrchr(src, '/'), *base = slash ? slash + 1 : src;
    size_t dn = slash ? (size_t)(slash - src) : 0;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || dn >= PATH_MAX)
        return realpath(src, out) != NULL;
    char dir[PATH_MAX] = ".";
    if (slash) {
        size_t k = dn ? dn : 1; /* "/x.xml": the root */
        memcpy(dir, src, k);
        dir[k] = '\0';
    }
    if (!rc->have_dir || strcmp(rc->dir, dir) != 0) {
        memcpy(rc->dir, dir, strlen(dir) + 1);
        rc->dir_ok = realpath(dir, rc->dir_real) != NULL;
        rc->have_dir = true;
    }
    if (!rc->dir_ok)
        return false;
    size_t n = strlen(rc->dir_real), bn = strlen(base);
    bool root = n == 1 && rc->dir_real[0] == '/';
    if (n + bn + 2 > PATH_MAX)
        return false;
    memcpy(out, rc->dir_real, n);
    if (!root)
        out[n++] = '/';
    memcpy(out + n, base, bn + 1);
    return true;
}

/* Path of src inside the workspace ("submissions/2026-annual/31135.xml"),
 * or submissions/<year>-<period>/<name> when it lies outside, as the
 * catalog stores it: th_name_encode'd, so a name with a control or a byte
 * that is not UTF-8 is kept safe to show and exactly ("bad%FF.xml"). */
static char *ws_relative(struct real_cache *rc, const char *wsdir, const char *src, const struct th_period *p)
{
    char f[PATH_MAX], *rel = NULL;
    if (!rc->have_ws) {
        rc->ws_ok = realpath(wsdir, rc->ws) != NULL;
        rc->have_ws = true;
    }
    if (rc->ws_ok && real_of(rc, src, f)) {
        size_t n = strlen(rc->ws);
        if (strncmp(f, rc->ws, n) == 0 && f[n] == '/' && !strstr(f + n, "/../"))
            rel = th_strdup(f + n + 1);
    }
    if (!rel)
        rel = th_asprintf("submissions/%d-%s/%s", p->year, p->id, th_basename(src));
    char *stored = th_name_encode(rel);
    free(rel);
    return stored;
}

struct add_files {
    struct th_archive_file *v;
    size_t n, cap;
    char **own;     /* strings the files point to */
    size_t nown, capown;
};

static const char *keep(struct add_files *f, char *s)
{
    TH_GROW(f->own, f->capown, f->nown + 1);
    f->own[f->nown++] = s;
    return s;
}

/* Submission path -> its index in an add_files list: de-duplicating 100,000
 * submissions named by both validation.xml and consolidated.xml. */
struct path_index {
    size_t *slot; /* SIZE_MAX = empty */
    size_t cap;
};

static size_t path_hash(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static void path_index_init(struct path_index *ix, size_t n)
{
    ix->cap = 64;
    while (ix->cap < 2 * n + 2)
        ix->cap *= 2;
    ix->slot = th_malloc(ix->cap * sizeof *ix->slot);
    for (size_t i = 0; i < ix->cap; i++)
        ix->slot[i] = SIZE_MAX;
}

/* The slot holding path in list f, or the empty slot where it would go. */
static size_t *path_index_at(struct path_index *ix, const struct add_files *f, const char *path)
{
    size_t i = path_hash(path) & (ix->cap - 1);
    while (ix->slot[i] != SIZE_MAX && strcmp(f->v[ix->slot[i]].path, path) != 0)
        i = (i + 1) & (ix->cap - 1);
    return &ix->slot[i];
}

/* A file into f, which takes src and path; unit, status and sha are not
 * copied (a submission's: its ref's strings, which outlive f: 200,000 of
 * each in a national year; issue 17). */
static void add_file(struct add_files *f, const char *role, char *src, char *path, const char *unit,
                     const char *status, const char *sha)
{
    TH_GROW(f->v, f->cap, f->n + 1);
    struct th_archive_file *x = &f->v[f->n++];
    memset(x, 0, sizeof *x);
    x->role = role;
    x->src = keep(f, src);
    x->path = path ? keep(f, path) : NULL;
    x->unit = unit;
    x->status = status;
    x->expect_sha = sha;
}

/* Room in f for n more files and their two strings each, exactly (a
 * national year's 200,000 submissions were a doubling of 144-byte records,
 * zeroed). */
static void add_files_reserve(struct add_files *f, size_t n)
{
    if (f->cap < f->n + n) {
        f->v = th_realloc(f->v, (f->n + n) * sizeof *f->v);
        f->cap = f->n + n;
    }
    if (f->capown < f->nown + 2 * n) {
        f->own = th_realloc(f->own, (f->nown + 2 * n) * sizeof *f->own);
        f->capown = f->nown + 2 * n;
    }
}

/* The input among the first n of f listed under path, or NULL. */
static struct th_archive_file *find_path_n(struct add_files *f, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (f->v[i].path && strcmp(f->v[i].path, path) == 0)
            return &f->v[i];
    return NULL;
}

static struct th_archive_file *find_path(struct add_files *f, const char *path)
{
    return find_path_n(f, f->n, path);
}

/* What the report stage read besides the consolidation, so that
 * `archive reproduce` lays it back: the workspace's own report template,
 * the department's wording of the period (narrative/<year>-<period>.xml),
 * last year's same period (its consolidated.xml, from the output directory
 * or the archive, as th_previous_path finds it) and, when the outlier rules
 * compared with them, last year's submissions. */
static void add_report_inputs(struct add_files *in, const struct th_workspace *ws, const struct th_period *p,
                              const char *period_dir, struct real_cache *rc)
{
    const char *period = p->id;
    char *tpl = th_path_join(ws->dir, ws->plan->template_name);
    if (th_is_file(tpl) && !find_path(in, ws->plan->template_name))
        add_file(in, "template", tpl, th_strdup(ws->plan->template_name), NULL, NULL, NULL);
    else
        free(tpl);
    char *ed = th_edits_path(ws, p);
    if (th_is_file(ed))
        add_file(in, "edits", ed, th_asprintf("narrative/%d-%s.xml", p->year, period), NULL, NULL, NULL);
    else
        free(ed);

    char *outdir = th_asprintf("%s/../..", period_dir), *adir = th_path_join(outdir, "archive");
    bool damaged = false;
    char *prev = th_previous_path(ws, p, outdir, adir, &damaged);
    if (prev && !damaged)
        add_file(in, "previous", prev, th_asprintf("%d-%s/consolidated.xml", p->year - 1, period), NULL, NULL,
                 NULL);
    else
        free(prev);
    free(outdir);
    free(adir);

    struct th_period last;
    if (!th_pass_reads_last_year(ws, p, &last))
        return;
    size_t n, before = in->n; /* a year's files cannot share a path: check the few above only */
    char **files = th_workspace_period_files(ws, last.year, last.id, &n);
    for (size_t i = 0; i < n; i++) {
        struct stat st; /* links and devices are never read, so never kept */
        char *rel = ws_relative(rc, ws->dir, files[i], &last);
        if (lstat(files[i], &st) == 0 && S_ISREG(st.st_mode) && !find_path_n(in, before, rel))
            add_file(in, "previous-submission", th_strdup(files[i]), rel, NULL, NULL, NULL);
        else
            free(rel);
    }
    th_strv_free(files, n);
}

static void add_files_release(struct add_files *f)
{
    for (size_t i = 0; i < f->n; i++)
        th_archive_file_release(&f->v[i]);
    free(f->v);
    th_strv_free(f->own, f->nown);
    memset(f, 0, sizeof *f);
}

/* The submissions consolidated.xml and validation.xml name, read back,
 * each checked to be of plan, year and period p. Returns an exit code. */
static int refs_read(const struct th_workspace *ws, const struct th_period *p, const char *cons_path,
                     const char *val_path, struct th_archive_refs *r)
{
    const char *plan = ws->plan->id;
    if (!th_is_file(cons_path)) {
        th_error("nothing to archive: no '%s' (run 'tonghop consolidate' or 'tonghop run' first)", cons_path);
        return TH_EXIT_USAGE;
    }
    int rc = read_refs(cons_path, "consolidated", "urn:tonghop:consolidated:1", "inputs", "input", plan,
                       p->year, p->id, &r->cons, &r->generator);
    if (rc != TH_EXIT_OK)
        return rc;
    if (!th_is_file(val_path)) {
        th_warn("no '%s': archiving the counting submissions only", val_path);
        return TH_EXIT_OK;
    }
    r->has_val = true;
    return read_refs(val_path, "validation", "urn:tonghop:validation:1", NULL, "submission", plan, p->year,
                     p->id, &r->val, NULL);
}

int th_archive_refs_of(struct th_archive_refs *r, struct th_batch *b, const struct th_cons *c)
{
    memset(r, 0, sizeof *r);
    r->has_val = true;
    r->generator = c->generator ? th_strdup(c->generator) : NULL;
    r->val.cap = b->n; /* exact: 100,000 entries */
    r->val.v = th_malloc((b->n ? b->n : 1) * sizeof *r->val.v);
    for (size_t i = 0; i < b->n; i++) {
        struct th_entry *e = &b->v[i];
        /* as validation.xml writes it and read_refs reads it back: the
         * path exactly (fileBytes), the unit as th_xml_chars keeps it */
        char *unit = th_xml_chars(e->unit);
        if (unit && strcmp(unit, e->unit) == 0) {
            free(unit);
            unit = e->unit; /* taken, not copied: the batch is released next */
            e->unit = NULL;
        }
        char *file = e->path;
        e->path = NULL;
        bool bad;
        if (!ref_add(&r->val, file, e->sha256[0] ? e->sha256 : NULL, unit, th_status_name(e->status), &bad) &&
            bad) {
            th_error("'%s': no sha256 to archive it by", file ? file : "?");
            th_archive_refs_release(r);
            return TH_EXIT_SYSTEM;
        }
    }
    /* consolidated.xml's inputs are left out: each is an accepted entry of
     * b (th_rollup_keep takes the path and hash of the submission it
     * keeps), so each would be found among the val list under the same
     * path with the same hash and skipped (archive add's only check on them
     * is that the two files agree, as they do when written from one batch) */
    return TH_EXIT_OK;
}

/* ---- run: the inputs stored beside the outputs ---- */

enum { NCONFIG = 3 };
static const char *const config_names[NCONFIG] = {"plan.xml", "registry.xml", "rules.xml"};
static const char *const config_roles[NCONFIG] = {"plan", "registry", "rules"};

/* The steps of th_archive_early_start's job, in the order `archive add`
 * takes them (and prints their messages): the submissions found, the
 * archive opened and locked, the configuration's objects (after the temps
 * an interrupted add left are removed), the submissions'. */
enum early_step { EARLY_REFS, EARLY_OPEN, EARLY_CONFIG, EARLY_SUBS, EARLY_STEPS };

/* What th_archive_store_object said of a file, kept for its row: 100,000
 * of them beside the outputs, so 24 bytes each, not a whole th_archive_file
 * (its object's name and where it was read are made again from its hash
 * and its ref when needed; issue 17). */
struct early_obj {
    const char *sha256; /* its hash: the ref's (compared as copied), or config_sha's */
    int64_t size;
    bool stored, fresh;
    bool in_ws;         /* a submission found inside the workspace, not where the
                           ref names it (resolve_src) */
};

struct th_archive_early {
    const struct th_workspace *ws;
    const struct th_period *p;
    char *period_dir, *archive_dir;
    struct th_archive_refs *refs;
    bool ran;                           /* refs were filled: the steps ran */
    bool created;                       /* there was no archive_dir: the job made it */
    int rc;                             /* exit code of the step that failed */
    enum early_step failed;
    struct th_archive *a;               /* open and locked, until th_archive_add_refs takes it */
    struct early_obj config[NCONFIG];
    char config_sha[NCONFIG][65];
    struct early_obj *subs;             /* per ref, refs->val's then refs->cons' */
    size_t nsubs;
    struct {
        char *text;
        size_t len;
    } said[EARLY_STEPS];                /* each step's messages, kept */
};

/* What the job stored for a file, given to the catalog's row for it (to's
 * src: where the job read it). */
static void early_take(struct th_archive_file *to, struct early_obj *from)
{
    if (!from->stored)
        return;
    memcpy(to->sha256, from->sha256, sizeof to->sha256);
    to->size = from->size;
    free(to->object);
    to->object = th_archive_object_name(from->sha256, to->src, true);
    from->stored = false; /* taken */
    to->stored = true;
}

/* Submission k of the job (refs->val's, then refs->cons'), and where it is
 * now, as resolve_src found it (caller frees). */
static const struct th_archive_ref *early_ref(const struct th_archive_early *e, size_t k)
{
    const struct th_archive_reflist *val = &e->refs->val;
    return k < val->n ? &val->v[k] : &e->refs->cons.v[k - val->n];
}

static char *early_src(const struct th_archive_early *e, size_t k)
{
    const char *file = early_ref(e, k)->file;
    return e->subs[k].in_ws ? th_path_join(e->ws->dir, file) : th_strdup(file);
}

/* Step s's messages printed, where `archive add` prints them; its exit code. */
static int early_said(struct th_archive_early *e, enum early_step s)
{
    th_jobs_say(e->said[s].text, e->said[s].len);
    free(e->said[s].text);
    e->said[s].text = NULL;
    return e->rc != TH_EXIT_OK && e->failed == s ? e->rc : TH_EXIT_OK;
}

static int early_refs(struct th_archive_early *e)
{
    struct th_archive_reflist *lists[] = {&e->refs->val, &e->refs->cons};
    for (size_t l = 0, k = 0; l < 2; l++) {
        for (size_t i = 0; i < lists[l]->n; i++, k++) {
            struct th_archive_ref *s = &lists[l]->v[i];
            char *src = resolve_src(e->ws->dir, s->file);
            if (!src) {
                char *named = th_path_join(e->period_dir, l ? "consolidated.xml" : "validation.xml");
                th_error("'%s' named in %s is gone: the inputs changed since consolidation", s->file, named);
                free(named);
                return TH_EXIT_USAGE;
            }
            e->subs[k].in_ws = strcmp(src, s->file) != 0;
            free(src);
        }
    }
    return TH_EXIT_OK;
}

static int early_open(struct th_archive_early *e)
{
    struct stat st;
    e->created = lstat(e->archive_dir, &st) != 0 && errno == ENOENT;
    return th_archive_open_locked(e->archive_dir, &e->a);
}

/* One input into objects/, what was stored kept in o; sha: where its hash
 * is kept when not known before (expect NULL). */
static int early_store(struct th_archive_early *e, struct early_obj *o, const char *role, const char *src,
                       const char *expect, char sha[65])
{
    struct th_archive_file f = {.role = role, .src = src, .expect_sha = expect};
    int rc = th_archive_store_object(e->a, &f, true);
    o->stored = rc == TH_EXIT_OK;
    o->fresh = f.fresh;
    o->size = f.size;
    free(f.object); /* made again when the row takes it (early_take) */
    if (sha)
        memcpy(sha, f.sha256, sizeof f.sha256);
    o->sha256 = sha ? sha : expect;
    return rc;
}

static int early_config(struct th_archive_early *e)
{
    th_archive_remove_stale_temps(e->a);
    int rc = TH_EXIT_OK;
    for (size_t i = 0; i < NCONFIG && rc == TH_EXIT_OK; i++) {
        char *src = th_path_join(e->ws->dir, config_names[i]);
        rc = early_store(e, &e->config[i], config_roles[i], src, NULL, e->config_sha[i]);
        free(src);
    }
    return rc;
}

static int early_subs(struct th_archive_early *e)
{
    struct th_archive_reflist *lists[] = {&e->refs->val, &e->refs->cons};
    int rc = TH_EXIT_OK;
    for (size_t l = 0, k = 0; l < 2 && rc == TH_EXIT_OK; l++) {
        for (size_t i = 0; i < lists[l]->n && rc == TH_EXIT_OK; i++, k++) {
            char *src = early_src(e, k);
            rc = early_store(e, &e->subs[k], "submission", src, lists[l]->v[i].sha256, NULL);
            free(src);
        }
    }
    return rc;
}

static void early_job(void *arg)
{
    static int (*const steps[EARLY_STEPS])(struct th_archive_early *) = {early_refs, early_open, early_config,
                                                                         early_subs};
    struct th_archive_early *e = arg;
    /* th_archive_refs_of filled refs (has_val) unless validation.xml or
     * the refs failed: then the run archives nothing */
    if (!e->refs->has_val)
        return;
    e->ran = true;
    /* the objects go in place at once, not when the run takes the job's
     * files. They are flushed by th_archive_store's one syncfs, before any
     * row names them; the configuration's three temps are also fsynced as
     * they are renamed (th_durable is the process's, and the outputs
     * beside are committed durably) */
    th_temp_defer(NULL);
    e->nsubs = e->refs->val.n + e->refs->cons.n;
    e->subs = th_calloc(e->nsubs ? e->nsubs : 1, sizeof *e->subs);
    for (int s = 0; s < EARLY_STEPS && e->rc == TH_EXIT_OK; s++) {
        FILE *before = th_jobs_keep(&e->said[s].text, &e->said[s].len);
        e->rc = steps[s](e);
        th_jobs_keep_end(before);
        e->failed = (enum early_step)s;
    }
}

struct th_archive_early *th_archive_early_start(struct th_jobs *js, int after, const struct th_workspace *ws,
                                                const struct th_period *p, const char *period_dir,
                                                const char *archive_dir, struct th_archive_refs *refs)
{
    struct th_archive_early *e = th_calloc(1, sizeof *e);
    e->ws = ws;
    e->p = p;
    e->period_dir = th_strdup(period_dir);
    e->archive_dir = th_strdup(archive_dir);
    e->refs = refs;
    th_jobs_add(js, early_job, e, after);
    return e;
}

/* The run does not archive (an output failed, or the period was refused):
 * the objects the job wrote removed again, no row names them, and the
 * archive itself when the job made it (whatever another process put there
 * is kept: a directory not empty stays), the lock still held. */
static void early_undo(struct th_archive_early *e)
{
    for (size_t k = 0; k < NCONFIG + e->nsubs; k++) {
        struct early_obj *o = k < NCONFIG ? &e->config[k] : &e->subs[k - NCONFIG];
        if (!o->fresh || !o->stored)
            continue;
        char *src = k < NCONFIG ? th_path_join(e->ws->dir, config_names[k]) : early_src(e, k - NCONFIG);
        char *object = th_archive_object_name(o->sha256, src, true);
        char *path = th_path_join(e->archive_dir, object), *fan = th_dirname(path);
        unlink(path);
        rmdir(fan); /* objects/ab/, when it was the last there */
        free(path);
        free(fan);
        free(object);
        free(src);
    }
    if (!e->created)
        return;
    static const char *const made[] = {"catalog.sqlite", ".lock"};
    for (size_t i = 0; i < 2; i++) {
        char *path = th_path_join(e->archive_dir, made[i]);
        unlink(path);
        free(path);
    }
    char *obj = th_path_join(e->archive_dir, "objects");
    rmdir(obj);
    rmdir(e->archive_dir);
    free(obj);
}

void th_archive_early_free(struct th_archive_early *e)
{
    if (!e)
        return;
    if (e->a && e->ran)
        early_undo(e); /* th_archive_add_refs did not take it */
    th_archive_close(e->a);
    free(e->subs);
    for (int s = 0; s < EARLY_STEPS; s++)
        free(e->said[s].text);
    free(e->period_dir);
    free(e->archive_dir);
    free(e);
}

int th_archive_add(const struct th_workspace *ws, const struct th_period *p,
                   const char *period_dir, const char *archive_dir)
{
    struct th_archive_refs r = {0};
    char *cons_path = th_path_join(period_dir, "consolidated.xml");
    char *val_path = th_path_join(period_dir, "validation.xml");
    int rc = refs_read(ws, p, cons_path, val_path, &r);
    if (rc == TH_EXIT_OK)
        rc = th_archive_add_refs(ws, p, period_dir, archive_dir, &r, NULL);
    th_archive_refs_release(&r);
    free(cons_path);
    free(val_path);
    return rc;
}

int th_archive_add_refs(const struct th_workspace *ws, const struct th_period *p, const char *period_dir,
                        const char *archive_dir, struct th_archive_refs *refs, struct th_archive_early *early)
{
    const struct th_plan *plan = ws->plan;
    const char *period = p->id;
    struct add_files in = {0}, docs = {0};
    struct th_archive *a = NULL;
    struct real_cache real = {0};
    int rc = TH_EXIT_OK;
    char *cons_path = th_path_join(period_dir, "consolidated.xml");
    char *val_path = th_path_join(period_dir, "validation.xml");

    if (early && !early->ran)
        early = NULL; /* refs were not filled: nothing was stored */
    /* inputs: the workspace's configuration, the period's outputs, every
     * submission of the batch (so a reproduction sees the same batch) */
    for (size_t i = 0; i < NCONFIG; i++) {
        add_file(&in, config_roles[i], th_path_join(ws->dir, config_names[i]), th_strdup(config_names[i]), NULL,
                 NULL, NULL);
        if (early)
            early_take(&in.v[i], &early->config[i]);
    }
    add_file(&in, "consolidated", th_strdup(cons_path), th_strdup("consolidated.xml"), NULL, NULL, NULL);
    if (refs->has_val)
        add_file(&in, "validation", th_strdup(val_path), th_strdup("validation.xml"), NULL, NULL, NULL);
    add_report_inputs(&in, ws, p, period_dir, &real);
    /* earlier consolidations a relative target's baseline is read from */
    for (size_t i = 0; i < plan->ntargets; i++) {
        const struct th_target *t = &plan->targets[i];
        if (!t->relative || t->has_baseline_value || t->from > p->year || t->to < p->year ||
            t->baseline_year >= p->year)
            continue;
        char *rel = th_asprintf("%d-annual/consolidated.xml", t->baseline_year);
        char *src = th_asprintf("%s/../%s", period_dir, rel);
        struct th_archive_file *same = find_path(&in, rel);
        if (same && strcmp(same->role, "previous") == 0) {
            /* last year's annual consolidation is also the baseline: one
             * row (the catalog keys inputs by path), laid back once */
            same->role = "baseline+previous";
            free(rel);
            free(src);
        } else if (!same && th_is_file(src)) {
            add_file(&in, "baseline", src, rel, NULL, NULL, NULL);
        } else {
            free(rel);
            free(src);
        }
    }
    struct th_archive_reflist *lists[] = {&refs->val, &refs->cons};
    struct path_index seen;
    path_index_init(&seen, in.n + refs->val.n + refs->cons.n);
    add_files_reserve(&in, refs->val.n + refs->cons.n);
    for (size_t k = 0; k < in.n; k++) /* a submission may also be a file listed above */
        *path_index_at(&seen, &in, in.v[k].path) = k;
    if (early && (rc = early_said(early, EARLY_REFS)) != TH_EXIT_OK) {
        free(seen.slot);
        goto done; /* one is gone: nothing was stored */
    }
    for (size_t l = 0, at_ref = 0; l < 2; l++) {
        for (size_t i = 0; i < lists[l]->n; i++, at_ref++) {
            struct th_archive_ref *s = &lists[l]->v[i];
            if (!s->status && l == 1)
                s->status = "accepted";
            /* with early, found and stored beside the outputs */
            struct early_obj *pre = early ? &early->subs[at_ref] : NULL;
            char *src = early ? early_src(early, at_ref) : resolve_src(ws->dir, s->file);
            if (!src) {
                th_error("'%s' named in %s is gone: the inputs changed since consolidation",
                         s->file, l ? cons_path : val_path);
                rc = TH_EXIT_USAGE;
                free(seen.slot);
                goto done;
            }
            char *rel = ws_relative(&real, ws->dir, src, p);
            size_t *at = path_index_at(&seen, &in, rel), k = *at;
            bool dup = k != SIZE_MAX;
            if (dup && !in.v[k].expect_sha) {
                /* one of last year's files, say, submitted again for this
                 * period: one row, as this period's submission */
                in.v[k].role = "submission";
                in.v[k].unit = s->unit ? keep(&in, th_strdup(s->unit)) : NULL;
                in.v[k].status = s->status ? keep(&in, th_strdup(s->status)) : NULL;
                in.v[k].expect_sha = keep(&in, th_strdup(s->sha256));
                if (pre)
                    early_take(&in.v[k], pre);
            } else if (dup) {
                if (strcmp(in.v[k].expect_sha, s->sha256) != 0) {
                    th_error("'%s' has sha256 %.16s... in %s but %.16s... in %s: run 'tonghop consolidate' again",
                             s->file, in.v[k].expect_sha, val_path, s->sha256, cons_path);
                    rc = TH_EXIT_USAGE;
                }
            }
            if (dup) {
                free(src);
                free(rel);
                if (rc != TH_EXIT_OK) {
                    free(seen.slot);
                    goto done;
                }
                continue;
            }
            *at = in.n;
            add_file(&in, "submission", src, rel, s->unit, s->status, s->sha256);
            if (pre)
                early_take(&in.v[in.n - 1], pre);
        }
    }
    free(seen.slot);

    /* documents */
    static const char *const outputs[] = {"report.pdf", "workbook.xlsx"};
    static const char *const kinds[] = {"report-pdf", "workbook-xlsx"};
    for (size_t i = 0; i < 2; i++) {
        char *src = th_path_join(period_dir, outputs[i]);
        if (th_is_file(src)) {
            add_file(&docs, kinds[i], src, NULL, NULL, NULL, NULL);
        } else {
            th_warn("no '%s' to archive (run 'tonghop report')", src);
            free(src);
        }
    }
    if (!docs.n) {
        th_warn("archiving the consolidated data '%s' as the document", cons_path);
        add_file(&docs, "consolidated-xml", th_strdup(cons_path), NULL, NULL, NULL, NULL);
    }
    /* the upward submission drawn from this consolidation, if written */
    char *up[2];
    const char *upkind[2];
    for (size_t i = 0, n = th_archive_upward_docs(period_dir, up, upkind); i < n; i++)
        add_file(&docs, upkind[i], up[i], NULL, NULL, NULL, NULL);

    const struct th_report_def *rep = th_plan_report(plan, p->year, p->id);
    const struct th_identity *id = th_report_identity(plan, p);
    struct th_archive_meta m = {
        .plan = plan->id,
        .period = period,
        .period_label = p->def && p->def->label ? p->def->label : period,
        .year = p->year,
        .title = plan->title,
        .issuing_body = id->issuing_body,
        .issuing_unit = id->issuing_unit,
        .symbol = id->symbol,
        .number = rep ? rep->number : 0,
        .created = rep && rep->issued ? rep->issued : p->upward,
        .tonghop_version = refs->generator,
    };
    if (early) { /* opened and locked beside the outputs */
        a = early->a;
        early->a = NULL;
        if ((rc = early_said(early, EARLY_OPEN)) != TH_EXIT_OK)
            goto done;
    } else if ((rc = th_archive_open_locked(archive_dir, &a)) != TH_EXIT_OK) {
        goto done;
    }
    th_info("archiving %zu documents and %zu inputs in %s", docs.n, in.n, archive_dir);
    /* with early: the configuration's objects and the submissions' are in
     * place (not yet flushed: th_archive_store's syncfs, after the outputs',
     * makes them durable before any row names them); then the rest */
    if (early && ((rc = early_said(early, EARLY_CONFIG)) != TH_EXIT_OK ||
                  (rc = early_said(early, EARLY_SUBS)) != TH_EXIT_OK))
        goto done;
    if ((rc = th_archive_store(a, &m, docs.v, docs.n, in.v, in.n)) != TH_EXIT_OK)
        goto done;
    /* the rows are in: the index reads them back from the catalog, each
     * document's inputs in turn, without the list (200,000 inputs of a
     * national year, both at once; issue 17) */
    add_files_release(&in);
    add_files_release(&docs);
    if (th_archive_write_index(a) != TH_OK)
        rc = TH_EXIT_SYSTEM;
done:
    th_archive_close(a);
    add_files_release(&in);
    add_files_release(&docs);
    free(cons_path);
    free(val_path);
    return rc;
}
