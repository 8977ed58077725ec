/* nightly_record.h - internal to nightly: the SQLite record
 * OUTDIR/<plan>/nightly.sqlite (nightly_record.c) as the run (nightly.c)
 * uses it: the run's state, prepared statements, rows, stat tuples and
 * content hashes, and last year's files answered from the record. */
#ifndef TH_NIGHTLY_RECORD_H
#define TH_NIGHTLY_RECORD_H

#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>

#include "nightly_report.h"

struct th_nightly_opts;

/* "size mtime_ns ctime_ns inode" of a file: the stat tuple. */
#define STAT_LEN 96

/* Statements a run executes once per changed file: prepared on first use,
 * reused (reset, bindings cleared) for every file, finalized at the end. */
enum stmt_id { ST_UPDATE_SUB, ST_INSERT_SUB, ST_DELETE_ISSUES, ST_INSERT_ISSUE, ST_FIND_GONE, ST_GONE,
               ST_SUPERSEDE, ST_STAT, ST_STATUS, ST_FB_PUT, ST_FB_DEL, ST_PREV_PUT, ST_PREV_STAT, NSTMT };

/* A current row of the record. */
struct th_nightly_rec {
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

struct th_nightly_prevrow;

/* Last year's files for outlier rules, answered from the record (th_record_prev_check). */
struct th_nightly_prevcache {
    bool loaded;
    struct th_period period;    /* last year's */
    char *dir;                  /* its submissions directory */
    struct th_nightly_prevrow *v;          /* rows on record, sorted by file */
    size_t n;
    unsigned char *vals;        /* their values, encoded, one after another */
    size_t read, cached;        /* files read and checked / taken from the record */
    bool failed;                /* the record could not be read or written */
    char *buf;                  /* th_record_hash_file's buffer */
    size_t bufcap;
};

/* The state of one run. */
struct th_nightly_state {
    const struct th_workspace *ws;
    const struct th_period *p;
    const struct th_nightly_opts *o;
    bool full;          /* o->full: revalidate and re-read every file */
    sqlite3 *db;
    sqlite3_int64 run_id;
    char config[65];
    const char *pname;
    time_t clock;       /* the real time at the start: no stat tuple newer than this - 2 s is kept */
    struct th_nightly_rec *recs;   /* current rows, sorted by file */
    size_t nrecs, caprecs;
    struct th_arena strings; /* the strings of recs */
    sqlite3_stmt *st[NSTMT]; /* prepared once per run, see th_record_stmt() */
    struct th_nightly_prevcache prev;
};

/* True when rc is SQLITE_OK (or a step's DONE/ROW); otherwise prints what
 * failed with SQLite's message. */
bool th_record_ok(sqlite3 *db, int rc, const char *what);

/* Run sql (no result rows); false after printing why. */
bool th_record_exec(sqlite3 *db, const char *sql);

/* Prepare sql; NULL after printing why. Caller finalizes. */
sqlite3_stmt *th_record_prep(sqlite3 *db, const char *sql);

/* Statement k of the run, ready to bind (NULL after an error, reported). */
sqlite3_stmt *th_record_stmt(struct th_nightly_state *R, enum stmt_id k);

/* Column i as a string the caller frees, NULL for NULL. */
char *th_record_col(sqlite3_stmt *st, int i);

/* Bind s (NULL binds NULL) to parameter i, copied by SQLite. */
void th_record_bind(sqlite3_stmt *st, int i, const char *s);

/* Hash of what validation depends on besides the file: the three
 * configuration files and the program version. */
th_err th_record_config_hash(const struct th_workspace *ws, char out[65]);

/* Free what a row owns outside the run's arena. */
void th_record_rec_release(struct th_nightly_rec *r);

/* Load the current rows of the period, sorted by file, into an array sized
 * once: grown by doubling it was a third of a re-run's page faults. */
bool th_record_load_current(struct th_nightly_state *R);

/* Load the stored issues of the current rows. */
bool th_record_load_issues(struct th_nightly_state *R);

/* Add a batch entry from a stored row (its validation as recorded); the
 * entry takes path. */
void th_record_add_entry(struct th_batch *b, char *path, const struct th_nightly_rec *r, int year, const char *kind);

/* Store a freshly validated entry: update row id (> 0) in place, or insert a
 * new row; stat: the file's stat tuple, or NULL. Returns the row id, 0 on
 * failure. */
sqlite3_int64 th_record_store_entry(struct th_nightly_state *R, sqlite3_int64 id, const char *file,
                                    const struct th_entry *e, const char *received, const char *stat);

/* An earlier gone row of file with the same content, to bring back. */
sqlite3_int64 th_record_find_gone(struct th_nightly_state *R, const char *file, const char *sha, char received[TH_STAMP_LEN]);

/* Run statement k with text (may be NULL), a and b bound as ?1..?3. */
bool th_record_exec_id(struct th_nightly_state *R, enum stmt_id k, sqlite3_int64 a, sqlite3_int64 b, const char *text);

/* The period's files on record that are gone from the input directory. */
bool th_record_load_gone(struct th_nightly_state *R, struct th_nightly_report *rep);

/* The latest received time on record for the period, "" if none. */
bool th_record_latest_received(struct th_nightly_state *R, char out[TH_STAMP_LEN]);

/* Open (created whole when missing, else migrated) the record at path; an
 * empty, foreign or newer file is refused (sqlfile.h). NULL after printing why. */
sqlite3 *th_record_open(const char *path);

/* The stat tuple of st into out ("size mtime_ns ctime_ns inode"), or ""
 * when the file changed less than 2 s before clock (or after it): a write
 * in the same clock tick as the hash would not show in the tuple, so such
 * a file is hashed again next run (git's "racy" entries). Built without
 * printf: every file of the period gets one, every night. */
void th_record_stat_tuple(const struct stat *st, time_t clock, char out[STAT_LEN]);

/* Store the stat tuple of row id (NULL: hash the file next time). */
bool th_record_store_stat(struct th_nightly_state *R, sqlite3_int64 id, const char *tuple);

/* SHA-256 of a file, read whole into *buf (reused between calls, grown up
 * to TH_MAX_XLSX_BYTES; larger files are streamed): one open, two reads and
 * a close per file, which matters over thousands of files a night. */
th_err th_record_hash_file(const char *path, char **buf, size_t *cap, char out[65]);

/* Free last year's rows loaded from the record. */
void th_record_prev_release(struct th_nightly_prevcache *c);

/* th_prev_check_fn: one of last year's files as th_validate(ws, s, prev, 0,
 * NULL) sees it, from the record when its content (by stat tuple or hash)
 * and the configuration are the ones on record (never with --full), else
 * read, checked and kept. */
struct th_submission *th_record_prev_check(void *ctx, const char *path, const struct th_period *prev);

#endif
