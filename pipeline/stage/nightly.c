/* nightly.c - tonghop nightly: incremental revalidation of one period against
 * the SQLite record OUTDIR/<plan>/nightly.sqlite, completeness and lateness
 * over the hierarchy, outputs; one run at a time under nightly.lock. */
#include "nightly.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "feedback.h"
#include "pass.h"
#include "submission_read.h"
#include "validation.h"

/* ---- time ---- */

bool th_nightly_parse_now(const char *s, char out[TH_STAMP_LEN])
{
    th_date d;
    char date[11];
    if (!s || strlen(s) != TH_STAMP_LEN - 1 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!th_date_parse(date, &d))
        return false;
    for (int i = 11; i < 19; i++)
        if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
            return false;
    int hh = (s[11] - '0') * 10 + (s[12] - '0'), mm = (s[14] - '0') * 10 + (s[15] - '0'),
        ss = (s[17] - '0') * 10 + (s[18] - '0');
    if (hh > 23 || mm > 59 || ss > 60)
        return false;
    memcpy(out, s, TH_STAMP_LEN);
    return true;
}

void th_nightly_clock(char out[TH_STAMP_LEN])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, TH_STAMP_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* ---- lock ---- */

static long lock_holder(int fd)
{
    char buf[32] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    return n > 0 ? strtol(buf, NULL, 10) : 0;
}

int th_nightly_lock(const char *path, int wait_seconds, long *holder)
{
    *holder = 0;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= wait_seconds) {
            *holder = lock_holder(fd);
            close(fd);
            return -2;
        }
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
        th_warn("cannot write pid into '%s': %s", path, strerror(errno));
    return fd;
}

void th_nightly_unlock(int fd)
{
    if (fd < 0)
        return;
    if (ftruncate(fd, 0) != 0) {
        /* the pid left behind is harmless: the lock itself goes with close() */
    }
    close(fd);
}

/* ---- the record ---- */

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS runs("
    "  id INTEGER PRIMARY KEY, year INTEGER NOT NULL, period TEXT NOT NULL, at TEXT NOT NULL,"
    "  pid INTEGER, files INTEGER, validated INTEGER, gone INTEGER, rejected INTEGER);"
    "CREATE TABLE IF NOT EXISTS submissions("
    "  id INTEGER PRIMARY KEY,"
    "  year INTEGER NOT NULL, period TEXT NOT NULL,"
    "  file TEXT NOT NULL,"          /* relative to submissions/<year>-<period>/ */
    "  sha256 TEXT NOT NULL,"
    "  unit TEXT,"                   /* as read from the file; NULL when unreadable */
    "  source TEXT NOT NULL,"
    "  submitted TEXT,"              /* the date written in the file */
    "  received TEXT NOT NULL,"      /* first seen by nightly */
    "  status TEXT NOT NULL,"        /* accepted, rejected, superseded, duplicate */
    "  nerrors INTEGER NOT NULL, nwarnings INTEGER NOT NULL,"
    "  sheet TEXT,"
    "  current INTEGER NOT NULL,"    /* 1: this content is in the input directory now */
    "  gone TEXT,"                   /* when nightly found the file gone */
    "  superseded_by INTEGER REFERENCES submissions(id),"
    "  config TEXT NOT NULL,"        /* hash of the configuration it was validated with */
    "  run INTEGER REFERENCES runs(id),"
    "  stat TEXT);"                  /* "size mtime_ns ctime_ns inode" when sha256 was taken, or NULL */
    "CREATE INDEX IF NOT EXISTS submissions_file ON submissions(year, period, file);"
    "CREATE INDEX IF NOT EXISTS submissions_current ON submissions(year, period, current);"
    "CREATE INDEX IF NOT EXISTS submissions_received ON submissions(year, period, received);"
    "CREATE TABLE IF NOT EXISTS issues("
    "  submission INTEGER NOT NULL REFERENCES submissions(id), seq INTEGER NOT NULL,"
    "  code TEXT NOT NULL, severity TEXT NOT NULL, field TEXT, line INTEGER, cell TEXT,"
    "  message TEXT NOT NULL, PRIMARY KEY(submission, seq));"
    "CREATE TABLE IF NOT EXISTS feedback("                 /* feedback files written, by content */
    "  year INTEGER NOT NULL, period TEXT NOT NULL, unit TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"         /* of the file's content (th_feedback_write_all) */
    "  PRIMARY KEY(year, period, unit));"
    "CREATE TABLE IF NOT EXISTS previous("               /* last year's files, checked for outlier rules */
    "  year INTEGER NOT NULL, period TEXT NOT NULL, file TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL, stat TEXT,"      /* as in submissions */
    "  config TEXT NOT NULL,"                 /* the configuration it was checked with */
    "  unit TEXT, submitted TEXT, nerrors INTEGER NOT NULL,"
    "  vals BLOB,"                            /* values when valid: per numeric field, present + int64 LE */
    "  PRIMARY KEY(year, period, file));"
    "INSERT OR IGNORE INTO meta VALUES('schema', '1');";

/* Columns added since the first records (an older record gets them; NULL:
 * hash the file next run, counts unknown). */
static const char *const migrate_sql[] = {
    "ALTER TABLE submissions ADD COLUMN stat TEXT",
    "ALTER TABLE runs ADD COLUMN prev_read INTEGER",   /* last year's files read and checked */
    "ALTER TABLE runs ADD COLUMN prev_cached INTEGER", /* last year's files taken from the record */
};

/* "size mtime_ns ctime_ns inode" of a file: the stat tuple. */
#define STAT_LEN 96

/* Statements a run executes once per changed file: prepared on first use,
 * reused (reset, bindings cleared) for every file, finalized at the end. */
enum stmt_id { ST_UPDATE_SUB, ST_INSERT_SUB, ST_DELETE_ISSUES, ST_INSERT_ISSUE, ST_FIND_GONE, ST_GONE,
               ST_SUPERSEDE, ST_STAT, ST_STATUS, ST_FB_PUT, ST_FB_DEL, ST_PREV_PUT, ST_PREV_STAT, NSTMT };

static const char *const stmt_sql[NSTMT] = {
    [ST_UPDATE_SUB] = "UPDATE submissions SET unit = ?1, source = ?2, submitted = ?3, status = ?4,"
                      " nerrors = ?5, nwarnings = ?6, sheet = ?7, config = ?8, run = ?9, current = 1,"
                      " gone = NULL, superseded_by = NULL, sha256 = coalesce(nullif(?13, ''), sha256), stat = ?15"
                      " WHERE id = ?10",
    [ST_INSERT_SUB] = "INSERT INTO submissions(unit, source, submitted, status, nerrors, nwarnings,"
                      " sheet, config, run, year, period, file, sha256, received, stat, current)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1)",
    [ST_DELETE_ISSUES] = "DELETE FROM issues WHERE submission = ?",
    [ST_INSERT_ISSUE] = "INSERT INTO issues VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_FIND_GONE] = "SELECT id, received FROM submissions WHERE year = ? AND period = ?"
                     " AND file = ? AND sha256 = ? AND current = 0 AND gone IS NOT NULL"
                     " ORDER BY id DESC LIMIT 1",
    [ST_GONE] = "UPDATE submissions SET gone = ?1, current = 0 WHERE id = ?2",
    [ST_SUPERSEDE] = "UPDATE submissions SET status = ?1, current = 0, superseded_by = ?3 WHERE id = ?2",
    [ST_STAT] = "UPDATE submissions SET stat = ?1 WHERE id = ?2",
    [ST_STATUS] = "UPDATE submissions SET status = ?1 WHERE id = ?2 AND status <> ?1",
    [ST_FB_PUT] = "INSERT OR REPLACE INTO feedback(year, period, unit, sha256) VALUES(?, ?, ?, ?)",
    [ST_FB_DEL] = "DELETE FROM feedback WHERE year = ? AND period = ? AND unit = ?",
    [ST_PREV_PUT] = "INSERT OR REPLACE INTO previous(year, period, file, sha256, stat, config, unit, submitted,"
                    " nerrors, vals) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_PREV_STAT] = "UPDATE previous SET stat = ? WHERE year = ? AND period = ? AND file = ?",
};

/* A current row of the record. */
struct rec {
    sqlite3_int64 id;
    char *file, *unit, *source, *submitted, *sheet, *status; /* in the run's arena */
    char *stat;          /* stat tuple when sha256 was taken, NULL if not trusted */
    bool config_same;    /* checked with this run's configuration */
    char sha256[65];
    char received[TH_STAMP_LEN];
    int nerrors, nwarnings;
    bool seen;           /* listed in this run */
    struct th_diag *diags;
    size_t ndiags, capdiags;
};

/* A row of table previous: one of last year's files as checked. */
struct prevrow {
    char *file, *stat, *config, *unit;
    char sha256[65];
    th_date submitted;
    size_t nerrors;
    size_t vals;                /* its values at c->vals + (vals - 1) * VALS_LEN, 0 if none */
};

/* Last year's files for outlier rules, answered from the record (prev_check). */
struct prevcache {
    bool loaded;
    struct th_period period;    /* last year's */
    char *dir;                  /* its submissions directory */
    struct prevrow *v;          /* rows on record, sorted by file */
    size_t n;
    unsigned char *vals;        /* their values, encoded, one after another */
    size_t read, cached;        /* files read and checked / taken from the record */
    bool failed;                /* the record could not be read or written */
    char *buf;                  /* hash_file's buffer */
    size_t bufcap;
};

struct run {
    const struct th_workspace *ws;
    const struct th_period *p;
    const struct th_nightly_opts *o;
    sqlite3 *db;
    sqlite3_int64 run_id;
    char config[65];
    const char *pname;
    time_t clock;       /* the real time at the start: no stat tuple newer than this - 2 s is kept */
    struct rec *recs;   /* current rows, sorted by file */
    size_t nrecs, caprecs;
    struct th_arena strings; /* the strings of recs */
    sqlite3_stmt *st[NSTMT]; /* prepared once per run, see stmt() */
    struct prevcache prev;
};

static bool db_ok(sqlite3 *db, int rc, const char *what)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
        return true;
    th_error("nightly record: %s: %s", what, sqlite3_errmsg(db));
    return false;
}

static bool db_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        th_error("nightly record: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

static sqlite3_stmt *db_prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        th_error("nightly record: cannot prepare statement: %s", sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

/* Statement k of the run, ready to bind (NULL after an error, reported). */
static sqlite3_stmt *stmt(struct run *R, enum stmt_id k)
{
    if (R->st[k]) {
        sqlite3_reset(R->st[k]);
        sqlite3_clear_bindings(R->st[k]);
        return R->st[k];
    }
    return R->st[k] = db_prep(R->db, stmt_sql[k]);
}

static char *col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? th_strdup((const char *)t) : NULL;
}

/* A column of a row of the record, in the run's arena. */
static char *row_str(struct run *R, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? th_arena_dup(&R->strings, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static int field_from_name(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < TH_NLOCS; i++) {
        const char *n = th_diag_field_name(i);
        if (n && strcmp(n, name) == 0)
            return i;
    }
    return -1;
}

/* Hash of what validation depends on besides the file: the three
 * configuration files and the program version. */
static th_err config_hash(const struct th_workspace *ws, char out[65])
{
    static const char *const names[] = {"registry.xml", "plan.xml", "rules.xml"};
    struct th_buf b;
    th_buf_init(&b, 0);
    th_err e = th_buf_puts(&b, "tonghop " TH_VERSION "\n");
    for (size_t i = 0; i < 3 && e == TH_OK; i++) {
        char *path = th_path_join(ws->dir, names[i]), *data = NULL;
        size_t len = 0;
        e = th_read_file(path, TH_MAX_XML_BYTES, &data, &len);
        if (e == TH_OK) {
            char h[65];
            th_sha256_hex(data, len, h);
            e = th_buf_printf(&b, "%s %s\n", names[i], h);
        }
        free(data);
        free(path);
    }
    if (e == TH_OK)
        th_sha256_hex(b.data, b.len, out);
    th_buf_release(&b);
    return e;
}

static void rec_release(struct rec *r)
{
    free(r->diags); /* the strings are in the run's arena */
}

static int rec_file_cmp(const void *a, const void *b)
{
    return strcmp(((const struct rec *)a)->file, ((const struct rec *)b)->file);
}

static int rec_id_cmp(const void *a, const void *b)
{
    sqlite3_int64 x = (*(struct rec *const *)a)->id, y = (*(struct rec *const *)b)->id;
    return x < y ? -1 : x > y;
}

/* Load the current rows of the period, sorted by file, into an array sized
 * once: grown by doubling it was a third of a re-run's page faults. */
static bool load_current(struct run *R)
{
    sqlite3_stmt *st = db_prep(R->db, "SELECT count(*) FROM submissions WHERE year = ? AND period = ? AND current = 1");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    sqlite3_bind_text(st, 2, R->pname, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    size_t count = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_ok(R->db, rc, "reading submissions");
    R->recs = th_malloc((count ? count : 1) * sizeof *R->recs); /* each row set whole when read */
    R->caprecs = count ? count : 1;
    st = db_prep(R->db, "SELECT id, file, sha256, unit, source, submitted, received, status,"
                        " nerrors, nwarnings, sheet, config, stat FROM submissions"
                        " WHERE year = ? AND period = ? AND current = 1");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    sqlite3_bind_text(st, 2, R->pname, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        TH_GROW(R->recs, R->caprecs, R->nrecs + 1); /* a row written since the count: none under the lock */
        struct rec *r = &R->recs[R->nrecs++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        r->file = row_str(R, st, 1);
        snprintf(r->sha256, sizeof r->sha256, "%s", (const char *)sqlite3_column_text(st, 2));
        r->unit = row_str(R, st, 3);
        r->source = row_str(R, st, 4);
        r->submitted = row_str(R, st, 5);
        snprintf(r->received, sizeof r->received, "%s", (const char *)sqlite3_column_text(st, 6));
        r->status = row_str(R, st, 7);
        r->nerrors = sqlite3_column_int(st, 8);
        r->nwarnings = sqlite3_column_int(st, 9);
        r->sheet = row_str(R, st, 10);
        const unsigned char *config = sqlite3_column_text(st, 11);
        r->config_same = config && strcmp((const char *)config, R->config) == 0;
        r->stat = row_str(R, st, 12);
    }
    bool ok = db_ok(R->db, rc, "reading submissions");
    sqlite3_finalize(st);
    if (R->nrecs)
        qsort(R->recs, R->nrecs, sizeof *R->recs, rec_file_cmp);
    return ok;
}

/* Load the stored issues of the current rows. */
static bool load_issues(struct run *R)
{
    struct rec **byid = th_malloc((R->nrecs ? R->nrecs : 1) * sizeof *byid);
    for (size_t i = 0; i < R->nrecs; i++)
        byid[i] = &R->recs[i];
    qsort(byid, R->nrecs, sizeof *byid, rec_id_cmp);
    sqlite3_stmt *st = db_prep(R->db, "SELECT i.submission, i.code, i.severity, i.field, i.line, i.cell, i.message"
                                      " FROM issues i JOIN submissions s ON s.id = i.submission"
                                      " WHERE s.year = ? AND s.period = ? AND s.current = 1"
                                      " ORDER BY i.submission, i.seq");
    bool ok = st != NULL;
    if (st) {
        sqlite3_bind_int(st, 1, R->p->year);
        sqlite3_bind_text(st, 2, R->pname, -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct rec key = {.id = sqlite3_column_int64(st, 0)}, *kp = &key;
            struct rec **hit = R->nrecs ? bsearch(&kp, byid, R->nrecs, sizeof *byid, rec_id_cmp) : NULL;
            if (!hit)
                continue;
            struct rec *r = *hit;
            TH_GROW(r->diags, r->capdiags, r->ndiags + 1);
            struct th_diag *d = &r->diags[r->ndiags++];
            memset(d, 0, sizeof *d);
            snprintf(d->code, sizeof d->code, "%s", (const char *)sqlite3_column_text(st, 1));
            d->severity = strcmp((const char *)sqlite3_column_text(st, 2), "error") == 0 ? TH_SEV_ERROR
                                                                                          : TH_SEV_WARNING;
            d->field = field_from_name((const char *)sqlite3_column_text(st, 3));
            d->loc.line = sqlite3_column_int(st, 4);
            const unsigned char *cell = sqlite3_column_text(st, 5);
            if (cell)
                snprintf(d->loc.ref, sizeof d->loc.ref, "%s", (const char *)cell);
            d->message = row_str(R, st, 6);
            if (!d->message)
                d->message = th_arena_dup(&R->strings, "", 0);
        }
        ok = db_ok(R->db, rc, "reading issues");
        sqlite3_finalize(st);
    }
    free(byid);
    return ok;
}

/* Add a batch entry from a stored row (its validation as recorded); the
 * entry takes path. */
static void add_from_record(struct th_batch *b, char *path, const struct rec *r, int year, enum th_period_kind kind)
{
    TH_GROW(b->v, b->cap, b->n + 1);
    struct th_entry *e = &b->v[b->n++];
    memset(e, 0, sizeof *e);
    e->path = path;
    memcpy(e->sha256, r->sha256, sizeof e->sha256);
    e->source = strcmp(r->source, "xml") == 0 ? TH_SRC_XML : strcmp(r->source, "xlsx") == 0 ? TH_SRC_XLSX
                                                                                            : TH_SRC_UNKNOWN;
    e->unit = th_strdup(r->unit);
    e->year = year;
    e->period = kind;
    if (r->submitted)
        th_date_parse(r->submitted, &e->submitted);
    e->nerrors = (size_t)r->nerrors;
    e->nwarnings = (size_t)r->nwarnings;
    e->status = r->nerrors ? TH_ST_REJECTED : TH_ST_ACCEPTED;
    e->sheet = th_strdup(r->sheet);
    e->ndiags = e->capdiags = r->ndiags;
    e->diags = r->ndiags ? th_malloc(r->ndiags * sizeof *e->diags) : NULL;
    for (size_t i = 0; i < r->ndiags; i++) {
        e->diags[i] = r->diags[i];
        e->diags[i].message = th_strdup(r->diags[i].message);
    }
}

static const char *source_name(enum th_source s)
{
    return s == TH_SRC_XML ? "xml" : s == TH_SRC_XLSX ? "xlsx" : "unknown";
}

/* Store a freshly validated entry: update row id (> 0) in place, or insert a
 * new row; stat: the file's stat tuple, or NULL. Returns the row id, 0 on
 * failure. */
static sqlite3_int64 store_entry(struct run *R, sqlite3_int64 id, const char *file, const struct th_entry *e,
                                 const char *received, const char *stat)
{
    char sub[11] = "";
    if (e->submitted)
        th_date_format(e->submitted, sub);
    const char *status = th_status_name(e->status);
    sqlite3_stmt *st = stmt(R, id > 0 ? ST_UPDATE_SUB : ST_INSERT_SUB);
    if (!st)
        return 0;
    bind_str(st, 1, e->unit);
    bind_str(st, 2, source_name(e->source));
    bind_str(st, 3, e->submitted ? sub : NULL);
    bind_str(st, 4, status);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)e->nerrors);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)e->nwarnings);
    bind_str(st, 7, e->sheet);
    bind_str(st, 8, R->config);
    sqlite3_bind_int64(st, 9, R->run_id);
    bind_str(st, 13, e->sha256);
    bind_str(st, 15, stat);
    if (id > 0) {
        sqlite3_bind_int64(st, 10, id);
    } else {
        sqlite3_bind_int(st, 10, R->p->year);
        bind_str(st, 11, R->pname);
        bind_str(st, 12, file);
        bind_str(st, 14, received);
    }
    if (!db_ok(R->db, sqlite3_step(st), "storing a submission"))
        return 0;
    if (id <= 0)
        id = sqlite3_last_insert_rowid(R->db);
    sqlite3_stmt *del = stmt(R, ST_DELETE_ISSUES);
    if (!del)
        return 0;
    sqlite3_bind_int64(del, 1, id);
    bool ok = db_ok(R->db, sqlite3_step(del), "replacing issues");
    sqlite3_stmt *ins = NULL;
    for (size_t i = 0; ok && i < e->ndiags; i++) {
        const struct th_diag *d = &e->diags[i];
        if (!(ins = stmt(R, ST_INSERT_ISSUE)))
            return 0;
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)i);
        bind_str(ins, 3, d->code);
        bind_str(ins, 4, d->severity == TH_SEV_ERROR ? "error" : "warning");
        bind_str(ins, 5, th_diag_field_name(d->field));
        if (d->loc.line > 0)
            sqlite3_bind_int(ins, 6, d->loc.line);
        else
            sqlite3_bind_null(ins, 6);
        bind_str(ins, 7, d->loc.ref[0] ? d->loc.ref : NULL);
        bind_str(ins, 8, d->message);
        ok = db_ok(R->db, sqlite3_step(ins), "storing an issue");
    }
    return ok ? id : 0;
}

/* An earlier gone row of file with the same content, to bring back. */
static sqlite3_int64 find_gone(struct run *R, const char *file, const char *sha, char received[TH_STAMP_LEN])
{
    sqlite3_stmt *st = stmt(R, ST_FIND_GONE);
    sqlite3_int64 id = 0;
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, R->p->year);
    bind_str(st, 2, R->pname);
    bind_str(st, 3, file);
    bind_str(st, 4, sha);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        snprintf(received, TH_STAMP_LEN, "%s", (const char *)sqlite3_column_text(st, 1));
    } else if (!db_ok(R->db, rc, "looking up a returning file")) {
        id = -1;
    }
    return id;
}

static bool exec_id(struct run *R, enum stmt_id k, sqlite3_int64 a, sqlite3_int64 b, const char *text)
{
    sqlite3_stmt *st = stmt(R, k);
    if (!st)
        return false;
    bind_str(st, 1, text);
    sqlite3_bind_int64(st, 2, a);
    if (b)
        sqlite3_bind_int64(st, 3, b);
    return db_ok(R->db, sqlite3_step(st), "updating the record");
}

static bool load_gone(struct run *R, struct th_nightly_report *rep)
{
    /* the few rows no longer current, not every row of the period in file order */
    sqlite3_stmt *st = db_prep(R->db, "SELECT file, unit, received, gone, status FROM submissions"
                                      " INDEXED BY submissions_current"
                                      " WHERE year = ? AND period = ? AND current = 0 AND gone IS NOT NULL"
                                      " ORDER BY file, id");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    bind_str(st, 2, R->pname);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        TH_GROW(rep->gone, cap, rep->ngone + 1);
        struct th_nightly_gone *g = &rep->gone[rep->ngone++];
        g->file = col_str(st, 0);
        g->unit = col_str(st, 1);
        g->received = col_str(st, 2);
        g->gone = col_str(st, 3);
        g->status = col_str(st, 4);
    }
    bool ok = db_ok(R->db, rc, "reading gone files");
    sqlite3_finalize(st);
    return ok;
}

static bool latest_received(struct run *R, char out[TH_STAMP_LEN])
{
    sqlite3_stmt *st = db_prep(R->db, "SELECT max(received) FROM submissions WHERE year = ? AND period = ?");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    bind_str(st, 2, R->pname);
    out[0] = '\0';
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, TH_STAMP_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
    bool ok = db_ok(R->db, rc, "reading the latest time");
    sqlite3_finalize(st);
    return ok;
}

static sqlite3 *open_record(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        th_error("cannot open nightly record '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 30000);
    if (!db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;") ||
        !db_exec(db, "BEGIN IMMEDIATE") || !db_exec(db, schema_sql)) {
        sqlite3_close(db);
        return NULL;
    }
    for (size_t i = 0; i < sizeof migrate_sql / sizeof *migrate_sql; i++) {
        char *msg = NULL;
        if (sqlite3_exec(db, migrate_sql[i], NULL, NULL, &msg) != SQLITE_OK &&
            !(msg && strncmp(msg, "duplicate column name", 21) == 0)) {
            th_error("nightly record '%s': cannot add a column (%s): %s", path, migrate_sql[i],
                     msg ? msg : "unknown error");
            sqlite3_free(msg);
            sqlite3_close(db);
            return NULL;
        }
        sqlite3_free(msg);
    }
    return db;
}

/* v in decimal at p, then c; the end */
static char *put_dec(char *p, unsigned long long v, char c)
{
    char d[24];
    int n = 0;
    do
        d[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = d[--n];
    *p++ = c;
    return p;
}

/* The stat tuple of st into out ("size mtime_ns ctime_ns inode"), or ""
 * when the file changed less than 2 s before clock (or after it): a write
 * in the same clock tick as the hash would not show in the tuple, so such
 * a file is hashed again next run (git's "racy" entries). Built without
 * printf: every file of the period gets one, every night. */
static void stat_tuple(const struct stat *st, time_t clock, char out[STAT_LEN])
{
    out[0] = '\0';
    if (st->st_ctim.tv_sec >= clock - 2 || st->st_size < 0 || st->st_mtim.tv_sec < 0 || st->st_ctim.tv_sec < 0)
        return;
    char *p = put_dec(out, (unsigned long long)st->st_size, ' ');
    p = put_dec(p, (unsigned long long)st->st_mtim.tv_sec * 1000000000ULL + (unsigned long long)st->st_mtim.tv_nsec, ' ');
    p = put_dec(p, (unsigned long long)st->st_ctim.tv_sec * 1000000000ULL + (unsigned long long)st->st_ctim.tv_nsec, ' ');
    put_dec(p, (unsigned long long)st->st_ino, '\0');
}

/* Store the stat tuple of row id (NULL: hash the file next time). */
static bool store_stat(struct run *R, sqlite3_int64 id, const char *tuple)
{
    sqlite3_stmt *st = stmt(R, ST_STAT);
    if (!st)
        return false;
    bind_str(st, 1, tuple);
    sqlite3_bind_int64(st, 2, id);
    return db_ok(R->db, sqlite3_step(st), "storing a stat tuple");
}

/* SHA-256 of a file, read whole into *buf (reused between calls, grown up
 * to TH_MAX_XLSX_BYTES; larger files are streamed): one open, two reads and
 * a close per file, which matters over thousands of files a night. */
static th_err hash_file(const char *path, char **buf, size_t *cap, char out[65])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return TH_ERR_IO;
    size_t len = 0;
    th_err e = TH_OK;
    for (;;) {
        if (len == *cap) {
            if (*cap >= TH_MAX_XLSX_BYTES) {
                e = TH_ERR_TOO_BIG;
                break;
            }
            *cap = *cap ? 2 * *cap : 64 * 1024;
            *buf = th_realloc(*buf, *cap);
        }
        ssize_t n = read(fd, *buf + len, *cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n < 0 ? TH_ERR_IO : TH_OK;
            break;
        }
        len += (size_t)n;
    }
    close(fd);
    if (e == TH_ERR_TOO_BIG)
        return th_sha256_file(path, out);
    if (e == TH_OK)
        th_sha256_hex(*buf, len, out);
    return e;
}

/* ---- last year's values for outlier rules ----
 * From the second plan year, validating a file needs last year's values of
 * its unit, which th_batch_previous gets by checking every file of last
 * year's period. Table previous keeps what each one gave (keyed by file, with
 * its content hash, stat tuple and configuration), so a re-run reads and
 * checks only last year's files whose content or configuration changed. */

#define VALS_LEN (TH_NNUMERIC * 9)

static void vals_encode(const struct th_values *v, unsigned char out[VALS_LEN])
{
    for (size_t i = 0; i < TH_NNUMERIC; i++) {
        uint64_t x = (uint64_t)v->v[i];
        out[i * 9] = v->present[i];
        for (int b = 0; b < 8; b++)
            out[i * 9 + 1 + (size_t)b] = (unsigned char)(x >> (8 * b));
    }
}

static void vals_decode(const unsigned char in[VALS_LEN], struct th_values *v)
{
    for (size_t i = 0; i < TH_NNUMERIC; i++) {
        uint64_t x = 0;
        v->present[i] = in[i * 9];
        for (int b = 0; b < 8; b++)
            x |= (uint64_t)in[i * 9 + 1 + (size_t)b] << (8 * b);
        v->v[i] = (int64_t)x;
    }
}

static int prevrow_cmp(const void *a, const void *b)
{
    return strcmp(((const struct prevrow *)a)->file, ((const struct prevrow *)b)->file);
}

static void prev_release(struct prevcache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].file);
        free(c->v[i].stat);
        free(c->v[i].config);
        free(c->v[i].unit);
    }
    free(c->v);
    free(c->vals);
    free(c->dir);
    free(c->buf);
    memset(c, 0, sizeof *c);
}

/* Load the rows of period prev, sorted by file: counted first, so that
 * thousands of rows and their values are allocated once. */
static bool prev_load(struct run *R, const struct th_period *prev)
{
    struct prevcache *c = &R->prev;
    c->loaded = true;
    c->period = *prev;
    c->dir = th_workspace_period_dir(R->ws, prev->year, prev->kind);
    sqlite3_stmt *st = db_prep(R->db, "SELECT count(*) FROM previous WHERE year = ? AND period = ?");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, prev->year);
    bind_str(st, 2, th_period_name(prev->kind));
    int rc = sqlite3_step(st);
    size_t rows = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0; /* from the key alone */
    bool ok = db_ok(R->db, rc, "reading last year's files");
    sqlite3_finalize(st);
    st = ok ? db_prep(R->db, "SELECT file, sha256, stat, config, unit, submitted, nerrors, vals"
                             " FROM previous WHERE year = ? AND period = ?")
            : NULL;
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, prev->year);
    bind_str(st, 2, th_period_name(prev->kind));
    c->v = th_malloc((rows ? rows : 1) * sizeof *c->v);
    c->vals = th_malloc((rows ? rows : 1) * VALS_LEN); /* pages of rows without values are never touched */
    size_t kept = 0;
    while (c->n < rows && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct prevrow *r = &c->v[c->n++];
        r->file = col_str(st, 0);
        snprintf(r->sha256, sizeof r->sha256, "%s", (const char *)sqlite3_column_text(st, 1));
        r->stat = col_str(st, 2);
        r->config = col_str(st, 3);
        r->unit = col_str(st, 4);
        r->submitted = 0;
        if (sqlite3_column_text(st, 5))
            th_date_parse((const char *)sqlite3_column_text(st, 5), &r->submitted);
        r->nerrors = (size_t)sqlite3_column_int64(st, 6);
        r->vals = 0;
        const void *blob = sqlite3_column_blob(st, 7);
        if (blob && sqlite3_column_bytes(st, 7) == VALS_LEN) {
            memcpy(c->vals + kept * VALS_LEN, blob, VALS_LEN);
            r->vals = ++kept;
        }
    }
    ok = db_ok(R->db, rc, "reading last year's files");
    sqlite3_finalize(st);
    if (c->n)
        qsort(c->v, c->n, sizeof *c->v, prevrow_cmp);
    return ok;
}

/* Keep what file (sha, stat tuple or NULL) gave when checked. */
static bool prev_store(struct run *R, const char *file, const char *sha, const char *tuple,
                       const struct th_submission *s)
{
    sqlite3_stmt *st = stmt(R, ST_PREV_PUT);
    if (!st)
        return false;
    char sub[11] = "";
    unsigned char vals[VALS_LEN];
    sqlite3_bind_int(st, 1, R->prev.period.year);
    bind_str(st, 2, th_period_name(R->prev.period.kind));
    bind_str(st, 3, file);
    bind_str(st, 4, sha);
    bind_str(st, 5, tuple);
    bind_str(st, 6, R->config);
    bind_str(st, 7, s->unit);
    if (s->submitted)
        th_date_format(s->submitted, sub);
    bind_str(st, 8, s->submitted ? sub : NULL);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)s->nerrors);
    if (!s->nerrors && s->unit) {
        vals_encode(&s->val, vals);
        sqlite3_bind_blob(st, 10, vals, VALS_LEN, SQLITE_TRANSIENT);
    }
    return db_ok(R->db, sqlite3_step(st), "storing one of last year's files");
}

/* th_prev_check_fn: one of last year's files as th_validate(ws, s, prev, 0,
 * NULL) sees it, from the record when its content (by stat tuple or hash)
 * and the configuration are the ones on record (never with --full), else
 * read, checked and kept. */
static struct th_submission *prev_check(void *ctx, const char *path, const struct th_period *prev)
{
    struct run *R = ctx;
    struct prevcache *c = &R->prev;
    if (!c->loaded && !prev_load(R, prev))
        c->failed = true;
    size_t dlen = strlen(c->dir);
    const char *rel = strncmp(path, c->dir, dlen) == 0 && path[dlen] == '/' ? path + dlen + 1 : path;
    struct prevrow key = {.file = (char *)rel};
    struct prevrow *row = c->n ? bsearch(&key, c->v, c->n, sizeof key, prevrow_cmp) : NULL;
    struct stat st;
    char tuple[STAT_LEN] = "", sha[65] = "";
    if (stat(path, &st) == 0)
        stat_tuple(&st, R->clock, tuple);
    if (R->o->full)
        row = NULL; /* --full trusts nothing on record: read and check them all */
    if (row && tuple[0] && row->stat && strcmp(row->stat, tuple) == 0)
        memcpy(sha, row->sha256, sizeof sha);
    else if (hash_file(path, &c->buf, &c->bufcap, sha) != TH_OK)
        sha[0] = '\0';
    struct th_submission *s;
    if (row && sha[0] && strcmp(row->sha256, sha) == 0 && strcmp(row->config, R->config) == 0 &&
        (row->nerrors || !row->unit || row->vals)) {
        s = th_submission_new(path);
        s->unit = row->unit ? th_strdup(row->unit) : NULL; /* all prev_build looks at */
        s->submitted = row->submitted;
        s->nerrors = row->nerrors;
        if (row->vals)
            vals_decode(c->vals + (row->vals - 1) * VALS_LEN, &s->val);
        c->cached++;
        const char *now = tuple[0] ? tuple : NULL;
        if (now ? !row->stat || strcmp(row->stat, now) != 0 : row->stat != NULL) {
            sqlite3_stmt *up = stmt(R, ST_PREV_STAT);
            if (up) {
                bind_str(up, 1, now);
                sqlite3_bind_int(up, 2, prev->year);
                bind_str(up, 3, th_period_name(prev->kind));
                bind_str(up, 4, rel);
            }
            if (!up || !db_ok(R->db, sqlite3_step(up), "storing a stat tuple"))
                c->failed = true;
        }
        return s;
    }
    s = th_submission_read(path);
    th_validate(R->ws, s, prev, 0, NULL);
    c->read++;
    /* the tuple vouches for the content only if what was read is what was hashed */
    bool same = sha[0] && strcmp(sha, s->sha256) == 0;
    if (s->sha256[0] && !prev_store(R, rel, s->sha256, same && tuple[0] ? tuple : NULL, s))
        c->failed = true;
    return s;
}

/* ---- the run ---- */


enum action { KEEP, REVALIDATE, NEW };


static void print_fresh(const struct th_entry *e)
{
    for (size_t j = 0; j < e->ndiags; j++) {
        char *line = th_diag_format_at(e->path, e->sheet, &e->diags[j]);
        printf("%s\n", line);
        free(line);
    }
}

static void print_summary(const struct th_nightly_report *rep, size_t validated, size_t ngone_now)
{
    size_t c[4];
    th_batch_counts(&rep->batch, c);
    size_t exp = 0, rec = 0, acc = 0, rej = 0, miss = 0, late = 0;
    for (size_t i = 0; i < rep->nnodes; i++) {
        if (rep->nodes[i].parent != SIZE_MAX)
            continue;
        exp += rep->nodes[i].n_expected;
        rec += rep->nodes[i].n_received;
        acc += rep->nodes[i].n_accepted;
        rej += rep->nodes[i].n_rejected;
        miss += rep->nodes[i].n_missing;
        late += rep->nodes[i].n_late;
    }
    printf("%zu tệp: %zu chấp nhận, %zu bị từ chối, %zu đã được thay thế, %zu trùng lặp; kiểm tra lại %zu tệp, "
           "%zu tệp không còn trong thư mục\n",
           rep->batch.n, c[TH_ST_ACCEPTED], c[TH_ST_REJECTED], c[TH_ST_SUPERSEDED], c[TH_ST_DUPLICATE], validated,
           ngone_now);
    printf("%zu đơn vị phải báo cáo: %zu đã nộp, %zu chấp nhận, %zu bị từ chối, %zu chưa nộp, %zu nộp muộn\n", exp,
           rec, acc, rej, miss, late);
}

/* Feedback files on record for the period, sorted by unit; *n set. The
 * units are owned by the array: free with fb_free. */
static struct th_feedback_hash *fb_load(struct run *R, size_t *n)
{
    struct th_feedback_hash *v = NULL;
    size_t cap = 0;
    *n = 0;
    sqlite3_stmt *st = db_prep(R->db, "SELECT unit, sha256 FROM feedback WHERE year = ? AND period = ? ORDER BY unit");
    if (!st)
        return NULL;
    sqlite3_bind_int(st, 1, R->p->year);
    bind_str(st, 2, R->pname);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        TH_GROW(v, cap, *n + 1);
        v[*n].unit = col_str(st, 0);
        snprintf(v[*n].sha256, sizeof v[*n].sha256, "%s", (const char *)sqlite3_column_text(st, 1));
        ++*n;
    }
    db_ok(R->db, rc, "reading feedback hashes"); /* none on record: every file is written */
    sqlite3_finalize(st);
    return v;
}

static void fb_free(struct th_feedback_hash *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((char *)v[i].unit);
    free(v);
}

/* Bring the record's feedback hashes from old to now (both sorted by unit). */
static bool fb_store(struct run *R, const struct th_feedback_hash *old, size_t nold,
                     const struct th_feedback_hash *now, size_t nnow)
{
    size_t i = 0, j = 0;
    bool ok = true;
    while (ok && (i < nold || j < nnow)) {
        int c = i == nold ? 1 : j == nnow ? -1 : strcmp(old[i].unit, now[j].unit);
        sqlite3_stmt *st = NULL;
        if (c < 0) { /* no feedback any more */
            if ((st = stmt(R, ST_FB_DEL))) {
                sqlite3_bind_int(st, 1, R->p->year);
                bind_str(st, 2, R->pname);
                bind_str(st, 3, old[i].unit);
            }
            ok = st != NULL;
        } else if (c > 0 || strcmp(old[i].sha256, now[j].sha256) != 0) { /* new or rewritten */
            if ((st = stmt(R, ST_FB_PUT))) {
                sqlite3_bind_int(st, 1, R->p->year);
                bind_str(st, 2, R->pname);
                bind_str(st, 3, now[j].unit);
                bind_str(st, 4, now[j].sha256);
            }
            ok = st != NULL;
        }
        if (st)
            ok = db_ok(R->db, sqlite3_step(st), "storing feedback hashes");
        i += c <= 0;
        j += c >= 0;
    }
    return ok;
}

/* Write validation.xml, overview.xlsx and feedback files into dir. */
static int write_outputs(struct run *R, const struct th_nightly_report *rep, const char *dir)
{
    int rc = TH_EXIT_OK;
    char *val = th_path_join(dir, "validation.xml"), *ov = th_path_join(dir, "overview.xlsx");
    size_t nold = 0, nnow = 0, n = 0;
    struct th_feedback_hash *old = fb_load(R, &nold), *now = NULL;
    if (th_batch_write_xml(&rep->batch, val) != TH_OK) {
        th_error("cannot write '%s': %s", val, strerror(errno));
        rc = TH_EXIT_SYSTEM;
    } else if (th_feedback_write_overview(rep, ov) != TH_OK) {
        rc = TH_EXIT_SYSTEM;
    } else if (th_feedback_write_all(rep, dir, old, nold, &now, &nnow, &n) != TH_OK ||
               !fb_store(R, old, nold, now, nnow)) {
        rc = TH_EXIT_SYSTEM;
    } else {
        th_info("wrote %s, %s and %zu feedback files (%zu unchanged)", val, ov, n, nnow - n);
    }
    fb_free(old, nold);
    free(now);
    free(val);
    free(ov);
    return rc;
}

static bool record_run(struct run *R, size_t files, size_t validated, size_t gone, size_t rejected)
{
    sqlite3_stmt *st = db_prep(R->db, "UPDATE runs SET files = ?, validated = ?, gone = ?, rejected = ?,"
                                      " prev_read = ?6, prev_cached = ?7 WHERE id = ?5");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)files);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)validated);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)gone);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)rejected);
    sqlite3_bind_int64(st, 5, R->run_id);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)R->prev.read);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)R->prev.cached);
    bool ok = db_ok(R->db, sqlite3_step(st), "recording the run");
    sqlite3_finalize(st);
    return ok;
}

static bool start_run(struct run *R)
{
    sqlite3_stmt *st = db_prep(R->db, "INSERT INTO runs(year, period, at, pid) VALUES(?, ?, ?, ?)");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    bind_str(st, 2, R->pname);
    bind_str(st, 3, R->o->now);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)getpid());
    bool ok = db_ok(R->db, sqlite3_step(st), "recording the run");
    sqlite3_finalize(st);
    R->run_id = sqlite3_last_insert_rowid(R->db);
    return ok;
}

/* The body of a run, with the lock held and a transaction open. */
static int run_locked(struct run *R, const char *outdir)
{
    const struct th_workspace *ws = R->ws;
    const struct th_period *p = R->p;
    int rc = TH_EXIT_OK;
    size_t nfiles = 0, validated = 0, ngone_now = 0;
    char **files = th_workspace_period_files(ws, p->year, p->kind, &nfiles);
    char *pdir = th_workspace_period_dir(ws, p->year, p->kind);
    size_t skip = strlen(pdir) + 1;
    enum action *act = th_calloc(nfiles ? nfiles : 1, sizeof *act);
    struct rec **recof = th_calloc(nfiles ? nfiles : 1, sizeof *recof); /* its current row, NULL if none */
    char(*chg)[STAT_LEN] = NULL; /* the stat tuple of each file not kept, in file order ("": untrusted) */
    size_t nchg = 0, capchg = 0;
    struct th_nightly_report rep = {.ws = ws, .period = *p};
    th_batch_init(&rep.batch, ws, p);
    rep.batch.prev_check = prev_check;
    rep.batch.prev_ctx = R;
    rep.batch.v = th_malloc((nfiles ? nfiles : 1) * sizeof *rep.batch.v); /* an entry per file */
    rep.batch.cap = nfiles ? nfiles : 1;
    if (!start_run(R) || !load_current(R)) {
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    /* what changed, by content; a file whose stat tuple is the one stored
     * with its hash is not read again (git's index): any write changes the
     * ctime, which no user can set. Files and rows are both sorted by name:
     * one walk pairs them. */
    size_t nchanged = 0, bufcap = 0, j = 0;
    char *buf = NULL;
    int dfd = open(pdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* shorter lookups than whole paths */
    for (size_t i = 0; i < nfiles && rc == TH_EXIT_OK; i++) {
        const char *rel = files[i] + skip;
        while (j < R->nrecs && strcmp(R->recs[j].file, rel) < 0)
            j++;
        struct rec *r = recof[i] = j < R->nrecs && strcmp(R->recs[j].file, rel) == 0 ? &R->recs[j] : NULL;
        struct stat st;
        char tuple[STAT_LEN] = "", sha[65] = "";
        /* stat before reading: a write after it shows in the next run's tuple */
        bool statted = fstatat(dfd >= 0 ? dfd : AT_FDCWD, dfd >= 0 ? rel : files[i], &st, 0) == 0;
        if (statted)
            stat_tuple(&st, R->clock, tuple);
        /* a file with no row is new whatever it holds: hashed when it is read */
        if (r && tuple[0] && r->stat && !R->o->full && strcmp(r->stat, tuple) == 0)
            memcpy(sha, r->sha256, sizeof sha);
        else if (r && (!statted || hash_file(files[i], &buf, &bufcap, sha) != TH_OK))
            sha[0] = '\0'; /* unreadable now: validation says why */
        if (r)
            r->seen = true;
        if (r && strcmp(r->sha256, sha) == 0)
            act[i] = (R->o->full || !r->config_same) ? REVALIDATE : KEEP;
        else
            act[i] = NEW;
        rep.rewrite_all |= act[i] == REVALIDATE;
        if (act[i] != KEEP) {
            nchanged++;
            TH_GROW(chg, capchg, nchg + 1);
            memcpy(chg[nchg++], tuple, sizeof tuple);
            continue;
        }
        /* touched but the same content: nothing to validate, a new tuple to keep */
        const char *now_tuple = tuple[0] ? tuple : NULL;
        if ((now_tuple ? !r->stat || strcmp(r->stat, now_tuple) != 0 : r->stat != NULL) &&
            !store_stat(R, r->id, now_tuple))
            rc = TH_EXIT_SYSTEM;
    }
    if (dfd >= 0)
        close(dfd);
    free(buf);
    if (rc != TH_EXIT_OK)
        goto out;
    for (size_t i = 0; i < R->nrecs; i++)
        ngone_now += !R->recs[i].seen;
    char *valpath = th_path_join(outdir, "validation.xml"), *ovpath = th_path_join(outdir, "overview.xlsx");
    bool outputs = th_is_file(valpath) && th_is_file(ovpath);
    free(valpath);
    free(ovpath);
    if (rep.rewrite_all)
        th_info("the configuration changed since the files were checked (or --full): revalidating them");
    if (!nchanged && !ngone_now && outputs) {
        size_t rejected = 0;
        for (size_t i = 0; i < R->nrecs; i++)
            rejected += strcmp(R->recs[i].status, "rejected") == 0;
        th_info("nothing changed since last run: %zu files, %zu rejected; no validation done", nfiles, rejected);
        rc = record_run(R, nfiles, 0, 0, rejected) ? (rejected ? TH_EXIT_REJECTED : TH_EXIT_OK) : TH_EXIT_SYSTEM;
        goto out;
    }
    if (!nchanged && !ngone_now)
        th_info("nothing changed since last run; writing the missing outputs from the record");
    if (!load_issues(R)) {
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    /* files gone from the input directory: kept on record */
    for (size_t i = 0; i < R->nrecs; i++) {
        struct rec *r = &R->recs[i];
        if (r->seen)
            continue;
        th_warn("file '%s/%s' (unit %s) has disappeared from the input directory; its record is kept", pdir,
                r->file, r->unit ? r->unit : "?");
        if (!exec_id(R, ST_GONE, r->id, 0, R->o->now)) {
            rc = TH_EXIT_SYSTEM;
            goto out;
        }
    }
    /* every present file: from the record, or validated now */
    rep.received = th_calloc(nfiles ? nfiles : 1, sizeof *rep.received);
    rep.fresh = th_calloc(nfiles ? nfiles : 1, sizeof *rep.fresh);
    memcpy(rep.now, R->o->now, TH_STAMP_LEN);
    size_t *fresh = th_malloc((nfiles ? nfiles : 1) * sizeof *fresh), nfresh = 0;
    sqlite3_int64 *ids = th_calloc(nfiles ? nfiles : 1, sizeof *ids);
    const char **was = th_calloc(nfiles ? nfiles : 1, sizeof *was); /* status on record, NULL if stored now */
    for (size_t i = 0, k = 0; i < nfiles && rc == TH_EXIT_OK; i++) {
        const char *rel = files[i] + skip;
        struct rec *r = recof[i];
        if (act[i] == KEEP) {
            add_from_record(&rep.batch, files[i], r, p->year, p->kind);
            files[i] = NULL; /* the entry's now */
            memcpy(rep.received[rep.batch.n - 1], r->received, TH_STAMP_LEN);
            ids[rep.batch.n - 1] = r->id;
            was[rep.batch.n - 1] = r->status;
            continue;
        }
        const char *tuple = chg[k++];
        struct th_submission *s = th_submission_read(files[i]); /* and its SHA-256 */
        sqlite3_int64 id = 0;
        char received[TH_STAMP_LEN];
        memcpy(received, R->o->now, TH_STAMP_LEN);
        if (act[i] == REVALIDATE) {
            id = r->id;
            memcpy(received, r->received, TH_STAMP_LEN);
        } else if (!r) {
            id = find_gone(R, rel, s->sha256, received);
            if (id < 0) {
                th_submission_free(s);
                rc = TH_EXIT_SYSTEM;
                break;
            }
            if (id > 0)
                th_info("file '%s' is back with the content it had; its first receipt (%s) stands", files[i],
                        received);
        }
        th_validate(ws, s, p, th_nightly_stamp_date(received), th_batch_previous(&rep.batch, s->unit));
        struct th_entry *e = th_batch_add(&rep.batch, s);
        th_submission_free(s);
        memcpy(rep.received[rep.batch.n - 1], received, TH_STAMP_LEN);
        sqlite3_int64 newid = store_entry(R, id, rel, e, received, tuple[0] ? tuple : NULL);
        if (!newid) {
            rc = TH_EXIT_SYSTEM;
            break;
        }
        if (act[i] == NEW && r) {
            th_info("changed: %s (unit %s): the new content supersedes the one received %s", files[i],
                    e->unit ? e->unit : "?", r->received);
            if (!exec_id(R, ST_SUPERSEDE, r->id, newid, "superseded")) {
                rc = TH_EXIT_SYSTEM;
                break;
            }
        } else if (act[i] == NEW && nchanged <= 100) {
            th_info("new: %s (unit %s)", files[i], e->unit ? e->unit : "?");
        }
        ids[rep.batch.n - 1] = newid;
        rep.fresh[rep.batch.n - 1] = true;
        fresh[nfresh++] = rep.batch.n - 1;
        validated++;
        th_progress("kiểm tra", validated, nchanged);
    }
    if (rc != TH_EXIT_OK)
        goto out_fresh;
    th_info("validated %zu new or changed files; %zu unchanged taken from the record; %zu disappeared", validated,
            nfiles - validated, ngone_now);
    if (R->prev.read || R->prev.cached)
        th_info("last year's values for outlier rules: %zu files taken from the record, %zu read and checked",
                R->prev.cached, R->prev.read);
    if (R->prev.failed) {
        rc = TH_EXIT_SYSTEM;
        goto out_fresh;
    }
    th_batch_resolve(&rep.batch);
    /* resolved statuses back into the record */
    for (size_t i = 0; i < rep.batch.n && rc == TH_EXIT_OK; i++) {
        const char *status = th_status_name(rep.batch.v[i].status);
        if (was[i] && strcmp(was[i], status) == 0)
            continue;
        sqlite3_stmt *up = stmt(R, ST_STATUS);
        if (!up) {
            rc = TH_EXIT_SYSTEM;
            break;
        }
        sqlite3_bind_text(up, 1, status, -1, SQLITE_STATIC);
        sqlite3_bind_int64(up, 2, ids[i]);
        if (!db_ok(R->db, sqlite3_step(up), "updating statuses"))
            rc = TH_EXIT_SYSTEM;
    }
    if (rc != TH_EXIT_OK || !load_gone(R, &rep) || !latest_received(R, rep.updated)) {
        rc = TH_EXIT_SYSTEM;
        goto out_fresh;
    }
    th_nightly_report_nodes(&rep);
    for (size_t i = 0; i < nfresh; i++)
        print_fresh(&rep.batch.v[fresh[i]]);
    print_summary(&rep, validated, ngone_now);
    rc = write_outputs(R, &rep, outdir);
    size_t c[4];
    th_batch_counts(&rep.batch, c);
    if (rc == TH_EXIT_OK && !record_run(R, nfiles, validated, ngone_now, c[TH_ST_REJECTED]))
        rc = TH_EXIT_SYSTEM;
    if (rc == TH_EXIT_OK && c[TH_ST_REJECTED])
        rc = TH_EXIT_REJECTED;
out_fresh:
    free(fresh);
    free(ids);
    free(was);
out:
    th_nightly_report_release(&rep);
    th_strv_free(files, nfiles);
    free(pdir);
    free(act);
    free(recof);
    free(chg);
    return rc;
}

int th_nightly_run(const struct th_workspace *ws, const struct th_period *p, const struct th_nightly_opts *o)
{
    struct run R = {.ws = ws, .p = p, .o = o, .pname = th_period_name(p->kind), .clock = time(NULL)};
    char *plandir = th_asprintf("%s/%s", o->outdir, ws->plan->id);
    char *outdir = th_asprintf("%s/%d-%s", plandir, p->year, R.pname);
    char *lockpath = th_path_join(plandir, "nightly.lock"), *dbpath = th_path_join(plandir, "nightly.sqlite");
    int rc = TH_EXIT_OK, fd = -1;
    if (th_mkdirs(outdir) != TH_OK) {
        th_error("cannot create output directory '%s': %s", outdir, strerror(errno));
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    long holder = 0;
    fd = th_nightly_lock(lockpath, o->wait_seconds, &holder);
    if (fd == -2) {
        if (holder)
            th_error("another nightly run holds the lock (pid %ld): '%s'", holder, lockpath);
        else
            th_error("another nightly run holds the lock: '%s'", lockpath);
        rc = TH_EXIT_BUSY;
        goto out;
    }
    if (fd < 0) {
        th_error("cannot lock '%s': %s", lockpath, strerror(errno));
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    th_info("nightly %s %d %s: received time %s", ws->plan->id, p->year, R.pname, o->now);
    if (config_hash(ws, R.config) != TH_OK) {
        th_error("cannot read the workspace configuration in '%s': %s", ws->dir, strerror(errno));
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    R.db = open_record(dbpath);
    if (!R.db) {
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    rc = run_locked(&R, outdir);
    for (int k = 0; k < NSTMT; k++)
        if (R.st[k])
            sqlite3_reset(R.st[k]); /* none left in progress at COMMIT */
    if (rc == TH_EXIT_OK || rc == TH_EXIT_REJECTED) {
        if (!db_exec(R.db, "COMMIT"))
            rc = TH_EXIT_SYSTEM;
    } else {
        db_exec(R.db, "ROLLBACK");
    }
out:
    for (int k = 0; k < NSTMT; k++)
        sqlite3_finalize(R.st[k]);
    prev_release(&R.prev);
    if (R.db)
        sqlite3_close(R.db);
    for (size_t i = 0; i < R.nrecs; i++)
        rec_release(&R.recs[i]);
    free(R.recs);
    th_arena_release(&R.strings);
    th_nightly_unlock(fd);
    free(plandir);
    free(outdir);
    free(lockpath);
    free(dbpath);
    return rc;
}
