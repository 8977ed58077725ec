/* archive.c - the archive: content-addressed read-only objects, the SQLite
 * catalog of documents and their inputs, searching it, fixity checks and
 * SHA256SUMS (index.html is laid out by archive_index.c; adding a period and
 * reproducing a document are archive_add.c and archive_reproduce.c). */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <nettle/sha2.h>

#include "archive_index.h"
#include "archive_objects.h"
#include "entries.h"
#include "escape.h"
#include "sqlfile.h"

#define CATALOG_VERSION 1

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS documents (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  plan TEXT NOT NULL,\n"
    "  year INTEGER NOT NULL,\n"
    "  period TEXT NOT NULL,\n"
    "  period_label TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  version INTEGER NOT NULL,\n"
    "  title TEXT NOT NULL,\n"
    "  issuing_body TEXT NOT NULL,\n"
    "  issuing_unit TEXT NOT NULL,\n"
    "  symbol TEXT NOT NULL,\n"
    "  number INTEGER,\n"
    "  doc_number TEXT,\n"
    "  created TEXT NOT NULL,\n"
    "  archived_at TEXT NOT NULL,\n"
    "  size INTEGER NOT NULL,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  object TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  tonghop_version TEXT NOT NULL,\n"
    "  provenance TEXT NOT NULL,\n"
    "  UNIQUE (plan, year, period, kind, version)\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS inputs (\n"
    "  document INTEGER NOT NULL REFERENCES documents(id),\n"
    "  role TEXT NOT NULL,\n"
    "  path TEXT NOT NULL,\n"
    "  unit TEXT,\n"
    "  status TEXT,\n"
    "  size INTEGER NOT NULL,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  object TEXT NOT NULL,\n"
    "  PRIMARY KEY (document, path)\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS inputs_unit ON inputs(unit);\n";

/* ---- text ---- */

/* Strip accents (NFD, drop combining marks), đ -> d; lower-case when lower. */
static char *strip_marks(const char *s, bool lower)
{
    size_t n = 0;
    uint8_t *nfd = u8_normalize(UNINORM_NFD, (const uint8_t *)s, strlen(s), NULL, &n);
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_add(&b, "", 0);
    if (!nfd)
        return th_buf_detach(&b);
    const uint8_t *p = nfd, *end = nfd + n;
    while (p < end) {
        ucs4_t c;
        int len = u8_mbtoucr(&c, p, (size_t)(end - p));
        if (len <= 0) {
            p++;
            continue;
        }
        p += len;
        if (uc_is_general_category(c, UC_CATEGORY_M))
            continue;
        if (c == 0x111)
            c = 'd';
        else if (c == 0x110)
            c = 'D';
        if (lower)
            c = uc_tolower(c);
        uint8_t out[6];
        int k = u8_uctomb(out, c, sizeof out);
        if (k > 0)
            th_buf_add(&b, out, (size_t)k);
    }
    free(nfd);
    return th_buf_detach(&b);
}

char *th_archive_fold(const char *s)
{
    return strip_marks(s ? s : "", true);
}

char *th_archive_slug(const char *s)
{
    char *plain = strip_marks(s ? s : "", false);
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_add(&b, "", 0);
    bool dash = false;
    for (const char *p = plain; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (ok) {
            if (dash && b.len)
                th_buf_add(&b, "-", 1);
            th_buf_add(&b, p, 1);
            dash = false;
        } else {
            dash = true;
        }
    }
    free(plain);
    return th_buf_detach(&b);
}

static void now_iso(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- open, lock, close ---- */

static bool exec_sql(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        th_error("catalog: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

static const struct th_sqlfile_kind catalog_kind = {
    .what = "an archive catalog", .table = "documents", .schema = schema_sql, .version = CATALOG_VERSION,
};

struct th_archive *th_archive_open(const char *dir, bool create, th_err *why)
{
    th_err dummy;
    if (!why)
        why = &dummy;
    *why = TH_ERR_IO;
    struct th_archive *a = th_calloc(1, sizeof *a);
    a->objfd = -2;
    a->dir = th_strdup(dir);
    a->lockfd = -1;
    char *cat = th_path_join(dir, "catalog.sqlite");
    if (create) {
        char *obj = th_path_join(dir, "objects");
        th_err e = th_mkdirs(obj);
        if (e != TH_OK)
            th_error("cannot create '%s': %s", obj, strerror(errno));
        free(obj);
        if (e != TH_OK)
            goto fail;
    }
    /* an empty, foreign or newer catalog is an error, never a fresh start */
    a->db = th_sqlfile_open(cat, &catalog_kind, create, !create, NULL, why);
    if (!a->db) {
        if (*why == TH_ERR_NOT_FOUND)
            th_error("no archive in '%s' (no catalog.sqlite; see 'tonghop archive --help')", dir);
        goto fail;
    }
    sqlite3_busy_timeout(a->db, 10000);
    if (create && !exec_sql(a->db, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"))
        goto fail;
    free(cat);
    *why = TH_OK;
    return a;
fail:
    if (*why == TH_OK)
        *why = TH_ERR_IO;
    free(cat);
    th_archive_close(a);
    return NULL;
}

void th_archive_close(struct th_archive *a)
{
    if (!a)
        return;
    if (a->db)
        sqlite3_close(a->db);
    if (a->lockfd >= 0)
        close(a->lockfd);
    if (a->objfd >= 0)
        close(a->objfd);
    free(a->dir);
    free(a);
}

const char *th_archive_dir(const struct th_archive *a)
{
    return a->dir;
}

int th_archive_lock(struct th_archive *a)
{
    char *path = th_path_join(a->dir, ".lock");
    int rc = TH_EXIT_OK;
    a->lockfd = th_lock_open(path);
    if (a->lockfd < 0) {
        th_error("cannot open '%s': %s", path, strerror(errno));
        rc = TH_EXIT_SYSTEM;
    } else if (flock(a->lockfd, LOCK_EX | LOCK_NB) < 0) {
        if (errno == EWOULDBLOCK) {
            th_error("another 'tonghop archive add' is writing to '%s'", a->dir);
            rc = TH_EXIT_BUSY;
        } else {
            th_error("cannot lock '%s': %s", path, strerror(errno));
            rc = TH_EXIT_SYSTEM;
        }
    }
    free(path);
    return rc;
}

int th_archive_open_locked(const char *dir, struct th_archive **a)
{
    *a = th_archive_open(dir, true, NULL);
    return *a ? th_archive_lock(*a) : TH_EXIT_SYSTEM;
}

/* ---- catalog rows ---- */

static const char *kind_ext(const char *kind)
{
    if (strcmp(kind, "report-pdf") == 0 || strcmp(kind, "review-pdf") == 0)
        return ".pdf";
    if (strcmp(kind, "workbook-xlsx") == 0 || strcmp(kind, "review-xlsx") == 0)
        return ".xlsx";
    if (strcmp(kind, "consolidated-xml") == 0 || strcmp(kind, "upward-xml") == 0)
        return ".xml";
    if (strcmp(kind, "upward-xlsx") == 0)
        return ".xlsx";
    return "";
}

/* "BC-SYT-15-2026-nam.pdf"; "-v2" before the extension from version 2. */
static char *human_name(const struct th_archive_meta *m, const char *kind, int version)
{
    char *sym = th_archive_slug(m->symbol && *m->symbol ? m->symbol : m->plan);
    char *label = th_archive_slug(m->period_label && *m->period_label ? m->period_label : m->period);
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_puts(&b, sym);
    if (m->number)
        th_buf_printf(&b, "-%02d", m->number); /* as in "Số: 07/BC-SYT" */
    th_buf_printf(&b, "-%d-%s", m->year, label);
    if (strcmp(kind, "consolidated-xml") == 0)
        th_buf_puts(&b, "-du-lieu");
    else if (strncmp(kind, "upward-", 7) == 0)
        th_buf_puts(&b, "-cap-tren"); /* the submission to the level above */
    if (version > 1)
        th_buf_printf(&b, "-v%d", version);
    th_buf_puts(&b, kind_ext(kind));
    free(sym);
    free(label);
    return th_buf_detach(&b);
}

static int cmp_input(const void *x, const void *y)
{
    const struct th_archive_file *a = *(const struct th_archive_file *const *)x;
    const struct th_archive_file *b = *(const struct th_archive_file *const *)y;
    int c = strcmp(a->role, b->role);
    return c ? c : strcmp(a->path ? a->path : "", b->path ? b->path : "");
}

/* SHA-256 over "role path sha256" lines of the sorted inputs: documents
 * made from the same inputs share it. The lines are hashed as they are
 * made, 64 KB at a time, not gathered first (22 MB for a national year's
 * 200,000 inputs; issue 17). */
static void provenance(struct th_archive_file *inputs, size_t n, char out[65])
{
    struct th_archive_file **v = th_calloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = &inputs[i];
    qsort(v, n, sizeof *v, cmp_input);
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_add(&b, "", 0);
    for (size_t i = 0; i < n; i++) {
        th_buf_printf(&b, "%s %s %s\n", v[i]->role, v[i]->path ? v[i]->path : "", v[i]->sha256);
        if (b.len >= 65536 || i + 1 == n) {
            sha256_update(&ctx, b.len, (const uint8_t *)b.data);
            b.len = 0;
        }
    }
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    th_buf_release(&b);
    free(v);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Version of (m, kind) holding these bytes (0 if none); *next: the next free one. */
static bool find_version(sqlite3 *db, const struct th_archive_meta *m, const char *kind, const char *sha,
                         int *same, int *next)
{
    sqlite3_stmt *st = NULL;
    bool ok = false;
    const char *sql =
        "SELECT COALESCE(MAX(version), 0), "
        "       COALESCE(MIN(CASE WHEN sha256 = ?5 THEN version END), 0) "
        "FROM documents WHERE plan = ?1 AND year = ?2 AND period = ?3 AND kind = ?4";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        goto done;
    bind_text(st, 1, m->plan);
    sqlite3_bind_int(st, 2, m->year);
    bind_text(st, 3, m->period);
    bind_text(st, 4, kind);
    bind_text(st, 5, sha);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto done;
    *next = sqlite3_column_int(st, 0) + 1;
    *same = sqlite3_column_int(st, 1);
    ok = true;
done:
    sqlite3_finalize(st);
    return ok;
}

static bool insert_doc(sqlite3 *db, const struct th_archive_meta *m, const struct th_archive_file *d,
                       int version, const char *name, const char *prov, int64_t *id)
{
    sqlite3_stmt *st = NULL;
    bool ok = false;
    const char *sql =
        "INSERT INTO documents (plan, year, period, period_label, kind, version, title, issuing_body,"
        " issuing_unit, symbol, number, doc_number, created, archived_at, size, sha256, object, name,"
        " tonghop_version, provenance) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    char created[11], now[32];
    th_date_format(m->created, created);
    now_iso(now);
    char *number = m->number ? th_asprintf("%02d/%s", m->number, m->symbol ? m->symbol : "") : NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        goto done;
    bind_text(st, 1, m->plan);
    sqlite3_bind_int(st, 2, m->year);
    bind_text(st, 3, m->period);
    bind_text(st, 4, m->period_label ? m->period_label : m->period);
    bind_text(st, 5, d->role);
    sqlite3_bind_int(st, 6, version);
    bind_text(st, 7, m->title ? m->title : "");
    bind_text(st, 8, m->issuing_body ? m->issuing_body : "");
    bind_text(st, 9, m->issuing_unit ? m->issuing_unit : "");
    bind_text(st, 10, m->symbol ? m->symbol : "");
    if (m->number)
        sqlite3_bind_int(st, 11, m->number);
    else
        sqlite3_bind_null(st, 11);
    bind_text(st, 12, number);
    bind_text(st, 13, m->created ? created : "");
    bind_text(st, 14, now);
    sqlite3_bind_int64(st, 15, d->size);
    bind_text(st, 16, d->sha256);
    bind_text(st, 17, d->object);
    bind_text(st, 18, name);
    bind_text(st, 19, m->tonghop_version ? m->tonghop_version : "tonghop " TH_VERSION);
    bind_text(st, 20, prov);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto done;
    *id = sqlite3_last_insert_rowid(db);
    ok = true;
done:
    free(number);
    sqlite3_finalize(st);
    return ok;
}

static bool insert_inputs(sqlite3 *db, int64_t id, const struct th_archive_file *in, size_t n)
{
    sqlite3_stmt *st = NULL;
    bool ok = false;
    const char *sql = "INSERT INTO inputs (document, role, path, unit, status, size, sha256, object)"
                      " VALUES (?,?,?,?,?,?,?,?)";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        bind_text(st, 2, in[i].role);
        bind_text(st, 3, in[i].path ? in[i].path : th_basename(in[i].src));
        bind_text(st, 4, in[i].unit);
        bind_text(st, 5, in[i].status);
        sqlite3_bind_int64(st, 6, in[i].size);
        bind_text(st, 7, in[i].sha256);
        bind_text(st, 8, in[i].object);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    ok = true;
done:
    sqlite3_finalize(st);
    return ok;
}

int th_archive_store(struct th_archive *a, const struct th_archive_meta *m,
                     struct th_archive_file *docs, size_t ndocs,
                     struct th_archive_file *inputs, size_t ninputs)
{
    if (!a->swept)
        th_archive_remove_stale_temps(a);
    int rc = TH_EXIT_OK;
    bool in_tx = false;
    struct th_buf said;
    th_buf_init(&said, 0);
    th_buf_add(&said, "", 0);
    /* 1. every file, before any catalog row names it: written without a
     * sync each, then made durable together by one syncfs() of the archive's
     * file system. A crash before that leaves no row naming them, and an
     * object already present is re-hashed before it is trusted. */
    bool durable = th_durable;
    th_durable = false;
    for (size_t i = 0; i < ninputs && rc == TH_EXIT_OK; i++)
        if (!inputs[i].stored)
            rc = th_archive_store_object(a, &inputs[i], true);
    for (size_t i = 0; i < ndocs && rc == TH_EXIT_OK; i++)
        if (!docs[i].stored)
            rc = th_archive_store_object(a, &docs[i], false);
    th_durable = durable;
    if (rc != TH_EXIT_OK)
        goto done;
    if (th_durable) {
        int dfd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || syncfs(dfd) < 0) {
            th_error("cannot flush the archive '%s' to disk: %s", a->dir, strerror(errno));
            if (dfd >= 0)
                close(dfd);
            rc = TH_EXIT_SYSTEM;
            goto done;
        }
        close(dfd);
    }
    char prov[65];
    provenance(inputs, ninputs, prov);
    /* 2. the rows, all or none */
    if (!exec_sql(a->db, "BEGIN IMMEDIATE"))
        goto fail;
    in_tx = true;
    for (size_t i = 0; i < ndocs; i++) {
        int same = 0, next = 0;
        if (!find_version(a->db, m, docs[i].role, docs[i].sha256, &same, &next))
            goto fail;
        char *name = human_name(m, docs[i].role, same ? same : next), *shown = th_escape(name);
        if (same) {
            th_buf_printf(&said, "%s: already archived as version %d\n", shown, same);
            free(shown);
            free(name);
            continue;
        }
        int64_t id;
        bool ok = insert_doc(a->db, m, &docs[i], next, name, prov, &id) &&
                  insert_inputs(a->db, id, inputs, ninputs);
        if (ok)
            th_buf_printf(&said, "%s: archived as version %d (sha256 %s, %zu inputs)\n", shown, next,
                          docs[i].sha256, ninputs);
        free(shown);
        free(name);
        if (!ok)
            goto fail;
    }
    th_archive_kill_point();
    if (!exec_sql(a->db, "COMMIT"))
        goto fail;
    in_tx = false;
    th_archive_kill_point();
    fputs(said.data, stdout); /* one line per document, its name escaped */
    goto done;
fail:
    th_error("cannot update the catalog in '%s': %s", a->dir, sqlite3_errmsg(a->db));
    rc = TH_EXIT_SYSTEM;
done:
    if (in_tx)
        sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
    th_buf_release(&said);
    return rc;
}

/* ---- queries ---- */

static char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? th_strdup((const char *)s) : NULL;
}

static const char *full_kind(const char *k)
{
    if (!k)
        return NULL;
    if (strcmp(k, "pdf") == 0 || strcmp(k, "report") == 0)
        return "report-pdf";
    if (strcmp(k, "xlsx") == 0 || strcmp(k, "workbook") == 0)
        return "workbook-xlsx";
    if (strcmp(k, "xml") == 0 || strcmp(k, "consolidated") == 0)
        return "consolidated-xml";
    return k;
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* All words of query occur in text, accents, case and punctuation ignored. */
static bool words_match(const char *text, const char *query)
{
    char *t = th_archive_fold(text), *q = th_archive_fold(query);
    bool ok = true;
    for (char *w = q; *w && ok;) {
        while (*w && !is_alnum(*w))
            w++;
        if (!*w)
            break;
        char *e = w;
        while (*e && is_alnum(*e))
            e++;
        char save = *e;
        *e = '\0';
        ok = strstr(t, w) != NULL;
        *e = save;
        w = e;
    }
    free(t);
    free(q);
    return ok;
}

static bool number_match(const struct th_archive_doc *d, const char *q)
{
    char *end;
    long n = strtol(q, &end, 10);
    if (end == q || n != d->number || !d->number)
        return false;
    if (*end == '\0')
        return true;
    if (*end != '/')
        return false;
    char *a = th_archive_fold(end + 1), *b = th_archive_fold(d->symbol);
    bool ok = strcmp(a, b) == 0;
    free(a);
    free(b);
    return ok;
}

th_err th_archive_find(struct th_archive *a, const struct th_archive_filter *f,
                       struct th_archive_doc **out, size_t *n)
{
    static const struct th_archive_filter none;
    if (!f)
        f = &none;
    const char *sql =
        "SELECT d.id, d.plan, d.period, d.period_label, d.kind, d.title, d.issuing_body, d.issuing_unit,"
        " d.symbol, d.doc_number, d.created, d.archived_at, d.sha256, d.object, d.name,"
        " d.tonghop_version, d.provenance, d.year, d.number, d.version, d.size"
        " FROM documents d"
        " WHERE (?1 = 0 OR d.year = ?1) AND (?2 IS NULL OR d.period = ?2)"
        " AND (?3 IS NULL OR d.kind = ?3)"
        " AND (?4 IS NULL OR d.issuing_unit = ?4 OR d.symbol = ?4"
        "      OR EXISTS (SELECT 1 FROM inputs i WHERE i.document = d.id AND i.unit = ?4))"
        " AND (?5 IS NULL OR substr(d.sha256, 1, length(?5)) = ?5)" /* a prefix, no LIKE wildcards */
        " AND (?6 = 0 OR d.version = ?6)"
        " AND (?7 = 0 OR d.version = (SELECT MAX(e.version) FROM documents e WHERE e.plan = d.plan"
        "      AND e.year = d.year AND e.period = d.period AND e.kind = d.kind))"
        " ORDER BY d.year DESC, d.plan, d.period, d.kind, d.version DESC";
    sqlite3_stmt *st = NULL;
    struct th_archive_doc *v = NULL;
    size_t cnt = 0, cap = 0;
    th_err e = TH_ERR_IO;
    if (sqlite3_prepare_v2(a->db, sql, -1, &st, NULL) != SQLITE_OK)
        goto done;
    sqlite3_bind_int(st, 1, f->year);
    bind_text(st, 2, f->period);
    bind_text(st, 3, full_kind(f->kind));
    bind_text(st, 4, f->unit);
    bind_text(st, 5, f->sha256);
    sqlite3_bind_int(st, 6, f->version);
    sqlite3_bind_int(st, 7, f->latest);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct th_archive_doc d = {0};
        int c = 0;
        d.id = sqlite3_column_int64(st, c++);
        char **s[] = {&d.plan, &d.period, &d.period_label, &d.kind, &d.title, &d.issuing_body,
                      &d.issuing_unit, &d.symbol, &d.doc_number, &d.created, &d.archived_at,
                      &d.sha256, &d.object, &d.name, &d.tonghop_version, &d.provenance};
        for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
            *s[i] = col_text(st, c++);
        d.year = sqlite3_column_int(st, c++);
        d.number = sqlite3_column_int(st, c++);
        d.version = sqlite3_column_int(st, c++);
        d.size = sqlite3_column_int64(st, c++);
        bool keep = true;
        if (f->title) {
            char *all = th_asprintf("%s %s %s %s", d.title ? d.title : "", d.name ? d.name : "",
                                    d.issuing_body ? d.issuing_body : "", d.period_label ? d.period_label : "");
            keep = words_match(all, f->title);
            free(all);
        }
        if (keep && f->number)
            keep = number_match(&d, f->number);
        if (!keep) {
            th_archive_doc_release(&d);
            continue;
        }
        TH_GROW(v, cap, cnt + 1);
        v[cnt++] = d;
    }
    if (r != SQLITE_DONE)
        goto done;
    e = TH_OK;
done:
    if (e != TH_OK) {
        th_error("cannot read the catalog in '%s': %s", a->dir, sqlite3_errmsg(a->db));
        th_archive_docs_free(v, cnt);
        v = NULL;
        cnt = 0;
    }
    sqlite3_finalize(st);
    *out = v;
    *n = cnt;
    return e;
}

th_err th_archive_inputs(struct th_archive *a, int64_t id, struct th_archive_input **out, size_t *n)
{
    const char *sql = "SELECT role, path, unit, status, sha256, object, size FROM inputs"
                      " WHERE document = ? ORDER BY role, path";
    sqlite3_stmt *st = NULL;
    struct th_archive_input *v = NULL;
    size_t cnt = 0, cap = 0;
    th_err e = TH_ERR_IO;
    if (sqlite3_prepare_v2(a->db, sql, -1, &st, NULL) != SQLITE_OK)
        goto done;
    sqlite3_bind_int64(st, 1, id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        TH_GROW(v, cap, cnt + 1);
        struct th_archive_input *in = &v[cnt++];
        in->role = col_text(st, 0);
        in->path = col_text(st, 1);
        in->unit = col_text(st, 2);
        in->status = col_text(st, 3);
        in->sha256 = col_text(st, 4);
        in->object = col_text(st, 5);
        in->size = sqlite3_column_int64(st, 6);
    }
    if (r == SQLITE_DONE)
        e = TH_OK;
done:
    if (e != TH_OK) {
        th_error("cannot read the catalog in '%s': %s", a->dir, sqlite3_errmsg(a->db));
        th_archive_inputs_free(v, cnt);
        v = NULL;
        cnt = 0;
    }
    sqlite3_finalize(st);
    *out = v;
    *n = cnt;
    return e;
}

/* ---- verify ---- */

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

int th_archive_verify(struct th_archive *a, FILE *out)
{
    int rc = TH_EXIT_OK;
    size_t nok = 0, nchanged = 0, nmissing = 0, nwritable = 0;
    int64_t bytes = 0;
    char **seen = NULL;
    size_t nseen = 0, capseen = 0;
    sqlite3_stmt *st = NULL;

    /* the catalog itself */
    if (sqlite3_prepare_v2(a->db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *r = (const char *)sqlite3_column_text(st, 0);
            if (r && strcmp(r, "ok") != 0) {
                th_out(out, "damaged: catalog.sqlite: %s", r);
                nchanged++;
            }
        }
    }
    sqlite3_finalize(st);
    st = NULL;

    const char *sql =
        "SELECT object, sha256, size, MIN(label) FROM ("
        "  SELECT object, sha256, size, name AS label FROM documents"
        "  UNION ALL"
        "  SELECT i.object, i.sha256, i.size,"
        "         d.plan || ' ' || d.year || '-' || d.period || ': ' || i.path"
        "  FROM inputs i JOIN documents d ON d.id = i.document"
        ") GROUP BY object, sha256, size ORDER BY object";
    int r = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);
    if (r != SQLITE_OK)
        goto catalog_error;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *obj = (const char *)sqlite3_column_text(st, 0);
        const char *sha = (const char *)sqlite3_column_text(st, 1);
        int64_t size = sqlite3_column_int64(st, 2);
        const char *label = (const char *)sqlite3_column_text(st, 3);
        if (!obj || !sha || !label)
            continue;
        TH_GROW(seen, capseen, nseen + 1);
        seen[nseen++] = th_strdup(obj);
        bytes += size;
        char *want = th_asprintf("objects/%.2s/%s", sha, sha);
        bool named = strncmp(obj, want, strlen(want)) == 0;
        free(want);
        char *path = th_path_join(a->dir, obj);
        struct stat sb;
        if (!named) {
            th_out(out, "damaged: catalog.sqlite: %s is recorded as %s", label, obj);
            nchanged++;
        } else if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode)) {
            th_out(out, "missing: %s (%s)", label, obj);
            nmissing++;
        } else {
            th_err e = sb.st_size == size ? th_archive_check_object(a, obj, sha) : TH_ERR_PARSE;
            if (sb.st_mode & 0222)
                nwritable++;
            if (e == TH_OK) {
                nok++;
            } else if (e == TH_ERR_PARSE) {
                th_out(out, "changed: %s (%s)", label, obj);
                nchanged++;
            } else {
                th_out(out, "unreadable: %s (%s): %s", label, obj, strerror(errno));
                nmissing++;
            }
        }
        free(path);
    }
    if (r != SQLITE_DONE)
        goto catalog_error;

    /* files no catalog row names: left by an interrupted add, harmless */
    char *objdir = th_path_join(a->dir, "objects");
    size_t nfiles;
    char **files = th_list_entries(objdir, true, &nfiles);
    size_t extra = 0, prefix = strlen(a->dir) + (a->dir[strlen(a->dir) - 1] == '/' ? 0 : 1);
    if (nseen)
        qsort(seen, nseen, sizeof *seen, cmp_str);
    for (size_t i = 0; i < nfiles; i++) {
        const char *rel = files[i] + prefix;
        if (!nseen || !bsearch(&rel, seen, nseen, sizeof *seen, cmp_str))
            extra++;
    }
    th_strv_free(files, nfiles);
    free(objdir);

    th_out(out, "%zu files verified (%lld bytes): %zu intact, %zu changed, %zu missing",
            nok + nchanged + nmissing, (long long)bytes, nok, nchanged, nmissing);
    if (nwritable)
        th_warn("%zu archived files are writable (expected read-only)", nwritable);
    if (extra)
        th_info("%zu files in objects/ are not in the catalog (left by an interrupted add; harmless)",
                extra);
    if (nchanged || nmissing) {
        th_error("archive '%s' failed verification: %zu changed, %zu missing", a->dir, nchanged, nmissing);
        rc = TH_EXIT_VERIFY;
    }
    goto done;
catalog_error:
    r = sqlite3_errcode(a->db);
    if (r == SQLITE_CORRUPT || r == SQLITE_NOTADB) {
        th_out(out, "damaged: catalog.sqlite: %s", sqlite3_errmsg(a->db));
        rc = TH_EXIT_VERIFY;
    } else {
        th_error("cannot read the catalog in '%s': %s", a->dir, sqlite3_errmsg(a->db));
        rc = TH_EXIT_SYSTEM;
    }
done:
    sqlite3_finalize(st);
    th_strv_free(seen, nseen);
    return rc;
}

/* ---- index.html and SHA256SUMS ---- */

/* SHA256SUMS, written as the rows are read, 64 KB at a time (a national
 * year's 200,000 objects were 30 MB gathered first; issue 17). */
static th_err write_sums(struct th_archive *a)
{
    const char *sql = "SELECT object, sha256 FROM documents UNION SELECT object, sha256 FROM inputs"
                      " ORDER BY 1";
    sqlite3_stmt *st = NULL;
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_add(&b, "", 0);
    struct th_temp t = {.fd = -1};
    char *path = th_path_join(a->dir, "SHA256SUMS");
    th_err e = TH_ERR_IO;
    if (sqlite3_prepare_v2(a->db, sql, -1, &st, NULL) != SQLITE_OK)
        goto done;
    if (th_temp_open(&t, path, 0644) != TH_OK)
        goto failed;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if ((e = th_buf_printf(&b, "%s  %s\n", sqlite3_column_text(st, 1), sqlite3_column_text(st, 0))) != TH_OK)
            goto done;
        if (b.len >= 65536) {
            if (th_temp_write(&t, b.data, b.len) != TH_OK)
                goto failed;
            b.len = 0;
        }
    }
    if (th_temp_write(&t, b.data, b.len) != TH_OK)
        goto failed;
    e = th_temp_commit(&t);
    t.fd = -1;
    if (e == TH_OK)
        goto done;
failed:
    e = TH_ERR_IO;
    th_error("cannot write '%s': %s", path, strerror(errno));
done:
    if (t.fd >= 0)
        th_temp_abort(&t);
    free(path);
    sqlite3_finalize(st);
    th_buf_release(&b);
    return e;
}

static th_err all_docs(void *ctx, struct th_archive_doc **out, size_t *n)
{
    return th_archive_find(ctx, NULL, out, n);
}

static th_err doc_inputs(void *ctx, int64_t id, struct th_archive_input **out, size_t *n)
{
    return th_archive_inputs(ctx, id, out, n);
}

th_err th_archive_write_index(struct th_archive *a)
{
    const struct th_archive_source src = {all_docs, doc_inputs, a};
    th_err e = th_archive_index_write(a->dir, &src);
    return e == TH_OK ? write_sums(a) : e;
}
