/* nightly_record.c - nightly's SQLite record: its schema and migrations,
 * prepared statements, current rows and their issues, gone files, stat
 * tuples and content hashes, and last year's files answered from it. */
#include "nightly_record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entries.h"
#include "sqlfile.h"
#include "submission_read.h"

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

/* A row of table previous: one of last year's files as checked. */
struct th_nightly_prevrow {
    char *file, *stat, *config, *unit;
    char sha256[65];
    th_date submitted;
    size_t nerrors;
    size_t vals;                /* its values at c->vals + (vals - 1) * VALS_LEN, 0 if none */
};

bool th_record_ok(sqlite3 *db, int rc, const char *what)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
        return true;
    th_error("nightly record: %s: %s", what, sqlite3_errmsg(db));
    return false;
}

bool th_record_exec(sqlite3 *db, const char *sql)
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

sqlite3_stmt *th_record_prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        th_error("nightly record: cannot prepare statement: %s", sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

/* Statement k of the run, ready to bind (NULL after an error, reported). */
sqlite3_stmt *th_record_stmt(struct th_nightly_state *R, enum stmt_id k)
{
    if (R->st[k]) {
        sqlite3_reset(R->st[k]);
        sqlite3_clear_bindings(R->st[k]);
        return R->st[k];
    }
    return R->st[k] = th_record_prep(R->db, stmt_sql[k]);
}

char *th_record_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? th_strdup((const char *)t) : NULL;
}

/* A column of a row of the record, in the run's arena. */
static char *row_str(struct th_nightly_state *R, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? th_arena_dup(&R->strings, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

void th_record_bind(sqlite3_stmt *st, int i, const char *s)
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
th_err th_record_config_hash(const struct th_workspace *ws, char out[65])
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

void th_record_rec_release(struct th_nightly_rec *r)
{
    free(r->diags); /* the strings are in the run's arena */
}

static int rec_file_cmp(const void *a, const void *b)
{
    return strcmp(((const struct th_nightly_rec *)a)->file, ((const struct th_nightly_rec *)b)->file);
}

static int rec_id_cmp(const void *a, const void *b)
{
    sqlite3_int64 x = (*(struct th_nightly_rec *const *)a)->id, y = (*(struct th_nightly_rec *const *)b)->id;
    return x < y ? -1 : x > y;
}

/* Load the current rows of the period, sorted by file, into an array sized
 * once: grown by doubling it was a third of a re-run's page faults. */
bool th_record_load_current(struct th_nightly_state *R)
{
    sqlite3_stmt *st = th_record_prep(R->db, "SELECT count(*) FROM submissions WHERE year = ? AND period = ? AND current = 1");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    sqlite3_bind_text(st, 2, R->pname, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    size_t count = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return th_record_ok(R->db, rc, "reading submissions");
    R->recs = th_malloc((count ? count : 1) * sizeof *R->recs); /* each row set whole when read */
    R->caprecs = count ? count : 1;
    st = th_record_prep(R->db, "SELECT id, file, sha256, unit, source, submitted, received, status,"
                        " nerrors, nwarnings, sheet, config, stat FROM submissions"
                        " WHERE year = ? AND period = ? AND current = 1");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    sqlite3_bind_text(st, 2, R->pname, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        TH_GROW(R->recs, R->caprecs, R->nrecs + 1); /* a row written since the count: none under the lock */
        struct th_nightly_rec *r = &R->recs[R->nrecs++];
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
    bool ok = th_record_ok(R->db, rc, "reading submissions");
    sqlite3_finalize(st);
    if (R->nrecs)
        qsort(R->recs, R->nrecs, sizeof *R->recs, rec_file_cmp);
    return ok;
}

/* Load the stored issues of the current rows. */
bool th_record_load_issues(struct th_nightly_state *R)
{
    struct th_nightly_rec **byid = th_malloc((R->nrecs ? R->nrecs : 1) * sizeof *byid);
    for (size_t i = 0; i < R->nrecs; i++)
        byid[i] = &R->recs[i];
    qsort(byid, R->nrecs, sizeof *byid, rec_id_cmp);
    sqlite3_stmt *st = th_record_prep(R->db, "SELECT i.submission, i.code, i.severity, i.field, i.line, i.cell, i.message"
                                      " FROM issues i JOIN submissions s ON s.id = i.submission"
                                      " WHERE s.year = ? AND s.period = ? AND s.current = 1"
                                      " ORDER BY i.submission, i.seq");
    bool ok = st != NULL;
    if (st) {
        sqlite3_bind_int(st, 1, R->p->year);
        sqlite3_bind_text(st, 2, R->pname, -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct th_nightly_rec key = {.id = sqlite3_column_int64(st, 0)}, *kp = &key;
            struct th_nightly_rec **hit = R->nrecs ? bsearch(&kp, byid, R->nrecs, sizeof *byid, rec_id_cmp) : NULL;
            if (!hit)
                continue;
            struct th_nightly_rec *r = *hit;
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
        ok = th_record_ok(R->db, rc, "reading issues");
        sqlite3_finalize(st);
    }
    free(byid);
    return ok;
}

/* Add a batch entry from a stored row (its validation as recorded); the
 * entry takes path. */
void th_record_add_entry(struct th_batch *b, char *path, const struct th_nightly_rec *r, int year, const char *kind)
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
    snprintf(e->period, sizeof e->period, "%s", kind);
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
sqlite3_int64 th_record_store_entry(struct th_nightly_state *R, sqlite3_int64 id, const char *file,
                                    const struct th_entry *e, const char *received, const char *stat)
{
    char sub[11] = "";
    if (e->submitted)
        th_date_format(e->submitted, sub);
    const char *status = th_status_name(e->status);
    sqlite3_stmt *st = th_record_stmt(R, id > 0 ? ST_UPDATE_SUB : ST_INSERT_SUB);
    if (!st)
        return 0;
    th_record_bind(st, 1, e->unit);
    th_record_bind(st, 2, source_name(e->source));
    th_record_bind(st, 3, e->submitted ? sub : NULL);
    th_record_bind(st, 4, status);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)e->nerrors);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)e->nwarnings);
    th_record_bind(st, 7, e->sheet);
    th_record_bind(st, 8, R->config);
    sqlite3_bind_int64(st, 9, R->run_id);
    th_record_bind(st, 13, e->sha256);
    th_record_bind(st, 15, stat);
    if (id > 0) {
        sqlite3_bind_int64(st, 10, id);
    } else {
        sqlite3_bind_int(st, 10, R->p->year);
        th_record_bind(st, 11, R->pname);
        th_record_bind(st, 12, file);
        th_record_bind(st, 14, received);
    }
    if (!th_record_ok(R->db, sqlite3_step(st), "storing a submission"))
        return 0;
    if (id <= 0)
        id = sqlite3_last_insert_rowid(R->db);
    sqlite3_stmt *del = th_record_stmt(R, ST_DELETE_ISSUES);
    if (!del)
        return 0;
    sqlite3_bind_int64(del, 1, id);
    bool ok = th_record_ok(R->db, sqlite3_step(del), "replacing issues");
    sqlite3_stmt *ins = NULL;
    for (size_t i = 0; ok && i < e->ndiags; i++) {
        const struct th_diag *d = &e->diags[i];
        if (!(ins = th_record_stmt(R, ST_INSERT_ISSUE)))
            return 0;
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)i);
        th_record_bind(ins, 3, d->code);
        th_record_bind(ins, 4, d->severity == TH_SEV_ERROR ? "error" : "warning");
        th_record_bind(ins, 5, th_diag_field_name(d->field));
        if (d->loc.line > 0)
            sqlite3_bind_int(ins, 6, d->loc.line);
        else
            sqlite3_bind_null(ins, 6);
        th_record_bind(ins, 7, d->loc.ref[0] ? d->loc.ref : NULL);
        th_record_bind(ins, 8, d->message);
        ok = th_record_ok(R->db, sqlite3_step(ins), "storing an issue");
    }
    return ok ? id : 0;
}

/* An earlier gone row of file with the same content, to bring back. */
sqlite3_int64 th_record_find_gone(struct th_nightly_state *R, const char *file, const char *sha, char received[TH_STAMP_LEN])
{
    sqlite3_stmt *st = th_record_stmt(R, ST_FIND_GONE);
    sqlite3_int64 id = 0;
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, R->p->year);
    th_record_bind(st, 2, R->pname);
    th_record_bind(st, 3, file);
    th_record_bind(st, 4, sha);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        snprintf(received, TH_STAMP_LEN, "%s", (const char *)sqlite3_column_text(st, 1));
    } else if (!th_record_ok(R->db, rc, "looking up a returning file")) {
        id = -1;
    }
    return id;
}

bool th_record_exec_id(struct th_nightly_state *R, enum stmt_id k, sqlite3_int64 a, sqlite3_int64 b, const char *text)
{
    sqlite3_stmt *st = th_record_stmt(R, k);
    if (!st)
        return false;
    th_record_bind(st, 1, text);
    sqlite3_bind_int64(st, 2, a);
    if (b)
        sqlite3_bind_int64(st, 3, b);
    return th_record_ok(R->db, sqlite3_step(st), "updating the record");
}

bool th_record_load_gone(struct th_nightly_state *R, struct th_nightly_report *rep)
{
    /* the few rows no longer current, not every row of the period in file order */
    sqlite3_stmt *st = th_record_prep(R->db, "SELECT file, unit, received, gone, status FROM submissions"
                                      " INDEXED BY submissions_current"
                                      " WHERE year = ? AND period = ? AND current = 0 AND gone IS NOT NULL"
                                      " ORDER BY file, id");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    th_record_bind(st, 2, R->pname);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        TH_GROW(rep->gone, cap, rep->ngone + 1);
        struct th_nightly_gone *g = &rep->gone[rep->ngone++];
        g->file = th_record_col(st, 0);
        g->unit = th_record_col(st, 1);
        g->received = th_record_col(st, 2);
        g->gone = th_record_col(st, 3);
        g->status = th_record_col(st, 4);
    }
    bool ok = th_record_ok(R->db, rc, "reading gone files");
    sqlite3_finalize(st);
    return ok;
}

bool th_record_latest_received(struct th_nightly_state *R, char out[TH_STAMP_LEN])
{
    sqlite3_stmt *st = th_record_prep(R->db, "SELECT max(received) FROM submissions WHERE year = ? AND period = ?");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    th_record_bind(st, 2, R->pname);
    out[0] = '\0';
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, TH_STAMP_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
    bool ok = th_record_ok(R->db, rc, "reading the latest time");
    sqlite3_finalize(st);
    return ok;
}

/* The record's PRAGMA user_version: 1 since it carries one (meta's 'schema'
 * still says 1). A record of a newer tonghop is refused. */
#define RECORD_VERSION 1

static const struct th_sqlfile_kind record_kind = {
    .what = "a nightly record", .table = "runs", .schema = schema_sql, .version = RECORD_VERSION,
};

sqlite3 *th_record_open(const char *path)
{
    /* missing: created whole; empty, foreign or newer: an error, never a fresh start */
    int version = 0;
    sqlite3 *db = th_sqlfile_open(path, &record_kind, true, false, &version, NULL);
    if (!db)
        return NULL;
    if (!th_record_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;") ||
        !th_record_exec(db, "BEGIN IMMEDIATE") || !th_record_exec(db, schema_sql) ||
        (version < RECORD_VERSION && !th_record_exec(db, "PRAGMA user_version=1"))) {
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
void th_record_stat_tuple(const struct stat *st, time_t clock, char out[STAT_LEN])
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
bool th_record_store_stat(struct th_nightly_state *R, sqlite3_int64 id, const char *tuple)
{
    sqlite3_stmt *st = th_record_stmt(R, ST_STAT);
    if (!st)
        return false;
    th_record_bind(st, 1, tuple);
    sqlite3_bind_int64(st, 2, id);
    return th_record_ok(R->db, sqlite3_step(st), "storing a stat tuple");
}

/* SHA-256 of a file, read whole into *buf (reused between calls, grown up
 * to TH_MAX_XLSX_BYTES; larger files are streamed): one open, two reads and
 * a close per file, which matters over thousands of files a night. */
th_err th_record_hash_file(const char *path, char **buf, size_t *cap, char out[65])
{
    int fd = th_open_regular(path, NULL); /* never a link, a FIFO or a device */
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
        return th_sha256_regular(path, out);
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
    return strcmp(((const struct th_nightly_prevrow *)a)->file, ((const struct th_nightly_prevrow *)b)->file);
}

void th_record_prev_release(struct th_nightly_prevcache *c)
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
static bool prev_load(struct th_nightly_state *R, const struct th_period *prev)
{
    struct th_nightly_prevcache *c = &R->prev;
    c->loaded = true;
    c->period = *prev;
    c->dir = th_workspace_period_dir(R->ws, prev->year, prev->id);
    sqlite3_stmt *st = th_record_prep(R->db, "SELECT count(*) FROM previous WHERE year = ? AND period = ?");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, prev->year);
    th_record_bind(st, 2, prev->id);
    int rc = sqlite3_step(st);
    size_t rows = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0; /* from the key alone */
    bool ok = th_record_ok(R->db, rc, "reading last year's files");
    sqlite3_finalize(st);
    st = ok ? th_record_prep(R->db, "SELECT file, sha256, stat, config, unit, submitted, nerrors, vals"
                             " FROM previous WHERE year = ? AND period = ?")
            : NULL;
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, prev->year);
    th_record_bind(st, 2, prev->id);
    c->v = th_malloc((rows ? rows : 1) * sizeof *c->v);
    c->vals = th_malloc((rows ? rows : 1) * VALS_LEN); /* pages of rows without values are never touched */
    size_t kept = 0;
    while (c->n < rows && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct th_nightly_prevrow *r = &c->v[c->n++];
        r->file = th_record_col(st, 0);
        snprintf(r->sha256, sizeof r->sha256, "%s", (const char *)sqlite3_column_text(st, 1));
        r->stat = th_record_col(st, 2);
        r->config = th_record_col(st, 3);
        r->unit = th_record_col(st, 4);
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
    ok = th_record_ok(R->db, rc, "reading last year's files");
    sqlite3_finalize(st);
    if (c->n)
        qsort(c->v, c->n, sizeof *c->v, prevrow_cmp);
    return ok;
}

/* Keep what file (sha, stat tuple or NULL) gave when checked. */
static bool prev_store(struct th_nightly_state *R, const char *file, const char *sha, const char *tuple,
                       const struct th_submission *s)
{
    sqlite3_stmt *st = th_record_stmt(R, ST_PREV_PUT);
    if (!st)
        return false;
    char sub[11] = "";
    unsigned char vals[VALS_LEN];
    sqlite3_bind_int(st, 1, R->prev.period.year);
    th_record_bind(st, 2, R->prev.period.id);
    th_record_bind(st, 3, file);
    th_record_bind(st, 4, sha);
    th_record_bind(st, 5, tuple);
    th_record_bind(st, 6, R->config);
    th_record_bind(st, 7, s->unit);
    if (s->submitted)
        th_date_format(s->submitted, sub);
    th_record_bind(st, 8, s->submitted ? sub : NULL);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)s->nerrors);
    if (!s->nerrors && s->unit) {
        vals_encode(&s->val, vals);
        sqlite3_bind_blob(st, 10, vals, VALS_LEN, SQLITE_TRANSIENT);
    }
    return th_record_ok(R->db, sqlite3_step(st), "storing one of last year's files");
}

/* th_prev_check_fn: one of last year's files as th_validate(ws, s, prev, 0,
 * NULL) sees it, from the record when its content (by stat tuple or hash)
 * and the configuration are the ones on record (never with --full), else
 * read, checked and kept. */
struct th_submission *th_record_prev_check(void *ctx, const char *path, const struct th_period *prev)
{
    struct th_nightly_state *R = ctx;
    struct th_nightly_prevcache *c = &R->prev;
    if (!c->loaded && !prev_load(R, prev))
        c->failed = true;
    size_t dlen = strlen(c->dir);
    const char *rel = strncmp(path, c->dir, dlen) == 0 && path[dlen] == '/' ? path + dlen + 1 : path;
    struct th_nightly_prevrow key = {.file = (char *)rel};
    struct th_nightly_prevrow *row = c->n ? bsearch(&key, c->v, c->n, sizeof key, prevrow_cmp) : NULL;
    struct stat st;
    char tuple[STAT_LEN] = "", sha[65] = "";
    if (stat(path, &st) == 0)
        th_record_stat_tuple(&st, R->clock, tuple);
    if (R->full)
        row = NULL; /* --full trusts nothing on record: read and check them all */
    if (row && tuple[0] && row->stat && strcmp(row->stat, tuple) == 0)
        memcpy(sha, row->sha256, sizeof sha);
    else if (th_record_hash_file(path, &c->buf, &c->bufcap, sha) != TH_OK)
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
            sqlite3_stmt *up = th_record_stmt(R, ST_PREV_STAT);
            if (up) {
                th_record_bind(up, 1, now);
                sqlite3_bind_int(up, 2, prev->year);
                th_record_bind(up, 3, prev->id);
                th_record_bind(up, 4, rel);
            }
            if (!up || !th_record_ok(R->db, sqlite3_step(up), "storing a stat tuple"))
                c->failed = true;
        }
        return s;
    }
    s = th_submission_read(path, R->ws->plan);
    th_validate(R->ws, s, prev, 0, NULL);
    c->read++;
    /* the tuple vouches for the content only if what was read is what was hashed */
    bool same = sha[0] && strcmp(sha, s->sha256) == 0;
    if (s->sha256[0] && !prev_store(R, rel, s->sha256, same && tuple[0] ? tuple : NULL, s))
        c->failed = true;
    return s;
}
