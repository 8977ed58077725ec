/* sqlfile.c - open tonghop's SQLite files only when they are tonghop's:
 * application_id, user_version, a table of the kind; create missing ones whole. */
#include "sqlfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "entries.h"

static bool exec_on(sqlite3 *db, const char *path, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return true;
    th_error("'%s': %s", path, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return false;
}

/* PRAGMA name as an integer; false when it cannot be read (errcode in db). */
static bool pragma_int(sqlite3 *db, const char *name, int *out)
{
    char *sql = th_asprintf("PRAGMA %s", name);
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    free(sql);
    return ok;
}

static bool has_table(sqlite3 *db, const char *table)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

/* Lay a new file out under a temp name beside path and rename it into place
 * unless a file appeared there meanwhile (then that one is opened). A kill at
 * any moment leaves either no file or a whole one (and a temp). */
static th_err create_whole(const char *path, const struct th_sqlfile_kind *k)
{
    char *dir = th_dirname(path);
    th_temp_sweep(*dir ? dir : "."); /* the temp of a creation that was killed */
    free(dir);
    struct th_temp t;
    if (th_temp_open(&t, path, 0644) != TH_OK) {
        th_error("cannot create '%s': %s", path, strerror(errno));
        return TH_ERR_IO;
    }
    sqlite3 *db = NULL;
    bool ok = sqlite3_open_v2(t.name, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) == SQLITE_OK;
    if (ok) {
        char *sql = th_asprintf("PRAGMA journal_mode=DELETE; BEGIN IMMEDIATE; %s PRAGMA application_id=%d;"
                                " PRAGMA user_version=%d; COMMIT;",
                                k->schema, TH_SQL_APP_ID, k->version);
        ok = exec_on(db, path, sql);
        free(sql);
    } else {
        th_error("cannot create '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
    }
    if (sqlite3_close(db) != SQLITE_OK)
        ok = false;
    if (!ok) {
        th_temp_abort(&t);
        return TH_ERR_IO;
    }
    t.noreplace = true;
    if (th_temp_commit(&t) != TH_OK && errno != EEXIST) {
        th_error("cannot create '%s': %s", path, strerror(errno));
        return TH_ERR_IO;
    }
    return TH_OK;
}

sqlite3 *th_sqlfile_open(const char *path, const struct th_sqlfile_kind *k, bool create, bool readonly,
                         int *version, th_err *why)
{
    th_err dummy;
    if (!why)
        why = &dummy;
    *why = TH_ERR_IO;
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (errno != ENOENT) {
            th_error("cannot read '%s': %s", path, strerror(errno));
            return NULL;
        }
        if (!create) {
            *why = TH_ERR_NOT_FOUND;
            return NULL;
        }
        if (create_whole(path, k) != TH_OK || lstat(path, &st) < 0)
            return NULL;
    }
    *why = TH_ERR_CONFIG;
    if (!S_ISREG(st.st_mode)) {
        th_error("'%s' is not a regular file (a link, a directory or a device), not %s", path, k->what);
        return NULL;
    }
    if (st.st_size == 0) {
        th_error("'%s' is empty (0 bytes), not %s: its history would be lost if it were started over; "
                 "restore it from a backup, or move it away to start a new one",
                 path, k->what);
        return NULL;
    }
    sqlite3 *db = NULL;
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOFOLLOW;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        th_error("cannot open '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        *why = TH_ERR_IO;
        goto fail;
    }
    sqlite3_busy_timeout(db, 30000);
    int app = 0, v = 0;
    if (!pragma_int(db, "application_id", &app) || !pragma_int(db, "user_version", &v)) {
        int code = sqlite3_errcode(db);
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
            th_error("'%s' is not %s: %s", path, k->what, sqlite3_errmsg(db));
            *why = TH_ERR_PARSE;
        } else {
            th_error("cannot read '%s': %s", path, sqlite3_errmsg(db));
            *why = TH_ERR_IO;
        }
        goto fail;
    }
    if (app != TH_SQL_APP_ID && app != 0) {
        th_error("'%s' is not %s: another program's SQLite database (application_id 0x%08x)", path, k->what,
                 (unsigned)app);
        goto fail;
    }
    if (!has_table(db, k->table)) {
        int code = sqlite3_errcode(db);
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
            th_error("'%s' is not %s: %s", path, k->what, sqlite3_errmsg(db));
            *why = TH_ERR_PARSE;
        } else {
            th_error("'%s' is not %s: an SQLite database without table '%s'%s", path, k->what, k->table,
                     app ? " (another tonghop file?)" : "");
        }
        goto fail;
    }
    if (v > k->version) {
        th_error("'%s' was written by a newer tonghop (format version %d; this one reads up to %d)", path, v,
                 k->version);
        goto fail;
    }
    if (app == 0 && !readonly) { /* written before tonghop set its application_id */
        char *sql = th_asprintf("PRAGMA application_id=%d;", TH_SQL_APP_ID);
        bool ok = exec_on(db, path, sql);
        free(sql);
        if (!ok) {
            *why = TH_ERR_IO;
            goto fail;
        }
    }
    if (version)
        *version = v;
    *why = TH_OK;
    return db;
fail:
    sqlite3_close(db);
    return NULL;
}
