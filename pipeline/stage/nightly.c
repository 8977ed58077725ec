/* nightly.c - tonghop nightly: incremental revalidation of one period against
 * the SQLite record OUTDIR/<plan>/nightly.sqlite (nightly_record.c),
 * completeness and lateness over the hierarchy, outputs; one run at a time
 * under nightly.lock. */
#include "nightly.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "entries.h"
#include "escape.h"
#include "feedback.h"
#include "nightly_record.h"
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
    int fd = th_lock_open(path);
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

/* ---- the run ---- */

enum action { KEEP, REVALIDATE, NEW };

static void print_fresh(const struct th_entry *e)
{
    for (size_t j = 0; j < e->ndiags; j++) {
        char *line = th_diag_format_at(e->path, e->sheet, &e->diags[j]);
        th_out(stdout, "%s", line);
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
    char *skipped = th_rules_skipped_summary(rep->ws->rules, rep->period.def);
    if (skipped)
        th_out(stdout, "%s", skipped);
    free(skipped);
    th_out(stdout,
           "%zu tệp: %zu chấp nhận, %zu bị từ chối, %zu đã được thay thế, %zu trùng lặp; kiểm tra lại %zu tệp, "
           "%zu tệp không còn trong thư mục",
           rep->batch.n, c[TH_ST_ACCEPTED], c[TH_ST_REJECTED], c[TH_ST_SUPERSEDED], c[TH_ST_DUPLICATE], validated,
           ngone_now);
    th_out(stdout, "%zu đơn vị phải báo cáo: %zu đã nộp, %zu chấp nhận, %zu bị từ chối, %zu chưa nộp, %zu nộp muộn",
           exp, rec, acc, rej, miss, late);
}

/* Feedback files on record for the period, sorted by unit; *n set. The
 * units are owned by the array: free with fb_free. */
static struct th_feedback_hash *fb_load(struct th_nightly_state *R, size_t *n)
{
    struct th_feedback_hash *v = NULL;
    size_t cap = 0;
    *n = 0;
    sqlite3_stmt *st = th_record_prep(R->db, "SELECT unit, sha256 FROM feedback WHERE year = ? AND period = ? ORDER BY unit");
    if (!st)
        return NULL;
    sqlite3_bind_int(st, 1, R->p->year);
    th_record_bind(st, 2, R->pname);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        TH_GROW(v, cap, *n + 1);
        v[*n].unit = th_record_col(st, 0);
        snprintf(v[*n].sha256, sizeof v[*n].sha256, "%s", (const char *)sqlite3_column_text(st, 1));
        ++*n;
    }
    th_record_ok(R->db, rc, "reading feedback hashes"); /* none on record: every file is written */
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
static bool fb_store(struct th_nightly_state *R, const struct th_feedback_hash *old, size_t nold,
                     const struct th_feedback_hash *now, size_t nnow)
{
    size_t i = 0, j = 0;
    bool ok = true;
    while (ok && (i < nold || j < nnow)) {
        int c = i == nold ? 1 : j == nnow ? -1 : strcmp(old[i].unit, now[j].unit);
        sqlite3_stmt *st = NULL;
        if (c < 0) { /* no feedback any more */
            if ((st = th_record_stmt(R, ST_FB_DEL))) {
                sqlite3_bind_int(st, 1, R->p->year);
                th_record_bind(st, 2, R->pname);
                th_record_bind(st, 3, old[i].unit);
            }
            ok = st != NULL;
        } else if (c > 0 || strcmp(old[i].sha256, now[j].sha256) != 0) { /* new or rewritten */
            if ((st = th_record_stmt(R, ST_FB_PUT))) {
                sqlite3_bind_int(st, 1, R->p->year);
                th_record_bind(st, 2, R->pname);
                th_record_bind(st, 3, now[j].unit);
                th_record_bind(st, 4, now[j].sha256);
            }
            ok = st != NULL;
        }
        if (st)
            ok = th_record_ok(R->db, sqlite3_step(st), "storing feedback hashes");
        i += c <= 0;
        j += c >= 0;
    }
    return ok;
}

/* Write validation-nightly.xml (never the validation.xml of `run`, which
 * the report and the archive read), overview.xlsx and feedback files into dir. */
static int write_outputs(struct th_nightly_state *R, const struct th_nightly_report *rep, const char *dir)
{
    int rc = TH_EXIT_OK;
    char *val = th_path_join(dir, "validation-nightly.xml"), *ov = th_path_join(dir, "overview.xlsx");
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

static bool record_run(struct th_nightly_state *R, size_t files, size_t validated, size_t gone, size_t rejected)
{
    sqlite3_stmt *st = th_record_prep(R->db, "UPDATE runs SET files = ?, validated = ?, gone = ?, rejected = ?,"
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
    bool ok = th_record_ok(R->db, sqlite3_step(st), "recording the run");
    sqlite3_finalize(st);
    return ok;
}

static bool start_run(struct th_nightly_state *R)
{
    sqlite3_stmt *st = th_record_prep(R->db, "INSERT INTO runs(year, period, at, pid) VALUES(?, ?, ?, ?)");
    if (!st)
        return false;
    sqlite3_bind_int(st, 1, R->p->year);
    th_record_bind(st, 2, R->pname);
    th_record_bind(st, 3, R->o->now);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)getpid());
    bool ok = th_record_ok(R->db, sqlite3_step(st), "recording the run");
    sqlite3_finalize(st);
    R->run_id = sqlite3_last_insert_rowid(R->db);
    return ok;
}

/* The body of a run, with the lock held and a transaction open. */
static int run_locked(struct th_nightly_state *R, const char *outdir)
{
    const struct th_workspace *ws = R->ws;
    const struct th_period *p = R->p;
    int rc = TH_EXIT_OK;
    size_t nfiles = 0, validated = 0, ngone_now = 0;
    char **files = th_workspace_period_files(ws, p->year, p->id, &nfiles);
    char *pdir = th_workspace_period_dir(ws, p->year, p->id);
    size_t skip = strlen(pdir) + 1;
    enum action *act = th_calloc(nfiles ? nfiles : 1, sizeof *act);
    struct th_nightly_rec **recof = th_calloc(nfiles ? nfiles : 1, sizeof *recof); /* its current row, NULL if none */
    char(*chg)[STAT_LEN] = NULL; /* the stat tuple of each file not kept, in file order ("": untrusted) */
    size_t nchg = 0, capchg = 0;
    struct th_nightly_report rep = {.ws = ws, .period = *p};
    th_batch_init(&rep.batch, ws, p);
    rep.batch.prev_check = th_record_prev_check;
    rep.batch.prev_ctx = R;
    rep.batch.v = th_malloc((nfiles ? nfiles : 1) * sizeof *rep.batch.v); /* an entry per file */
    rep.batch.cap = nfiles ? nfiles : 1;
    if (!start_run(R) || !th_record_load_current(R)) {
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
        struct th_nightly_rec *r = recof[i] = j < R->nrecs && strcmp(R->recs[j].file, rel) == 0 ? &R->recs[j] : NULL;
        struct stat st;
        char tuple[STAT_LEN] = "", sha[65] = "";
        /* stat before reading: a write after it shows in the next run's tuple */
        bool statted = fstatat(dfd >= 0 ? dfd : AT_FDCWD, dfd >= 0 ? rel : files[i], &st, AT_SYMLINK_NOFOLLOW) == 0; /* a link is an entry, never followed */
        if (statted)
            th_record_stat_tuple(&st, R->clock, tuple);
        /* a file with no row is new whatever it holds: hashed when it is read */
        if (r && tuple[0] && r->stat && !R->o->full && strcmp(r->stat, tuple) == 0)
            memcpy(sha, r->sha256, sizeof sha);
        else if (r && (!statted || th_record_hash_file(files[i], &buf, &bufcap, sha) != TH_OK))
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
            !th_record_store_stat(R, r->id, now_tuple))
            rc = TH_EXIT_SYSTEM;
    }
    if (dfd >= 0)
        close(dfd);
    free(buf);
    if (rc != TH_EXIT_OK)
        goto out;
    for (size_t i = 0; i < R->nrecs; i++)
        ngone_now += !R->recs[i].seen;
    char *valpath = th_path_join(outdir, "validation-nightly.xml"), *ovpath = th_path_join(outdir, "overview.xlsx");
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
    if (!th_record_load_issues(R)) {
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    /* files gone from the input directory: kept on record */
    for (size_t i = 0; i < R->nrecs; i++) {
        struct th_nightly_rec *r = &R->recs[i];
        if (r->seen)
            continue;
        th_warn("file '%s/%s' (unit %s) has disappeared from the input directory; its record is kept", pdir,
                r->file, r->unit ? r->unit : "?");
        if (!th_record_exec_id(R, ST_GONE, r->id, 0, R->o->now)) {
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
        struct th_nightly_rec *r = recof[i];
        if (act[i] == KEEP) {
            th_record_add_entry(&rep.batch, files[i], r, p->year, p->id);
            files[i] = NULL; /* the entry's now */
            memcpy(rep.received[rep.batch.n - 1], r->received, TH_STAMP_LEN);
            ids[rep.batch.n - 1] = r->id;
            was[rep.batch.n - 1] = r->status;
            continue;
        }
        const char *tuple = chg[k++];
        struct th_submission *s = th_submission_read(files[i], ws->plan); /* and its SHA-256 */
        sqlite3_int64 id = 0;
        char received[TH_STAMP_LEN];
        memcpy(received, R->o->now, TH_STAMP_LEN);
        if (act[i] == REVALIDATE) {
            id = r->id;
            memcpy(received, r->received, TH_STAMP_LEN);
        } else if (!r) {
            id = th_record_find_gone(R, rel, s->sha256, received);
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
        sqlite3_int64 newid = th_record_store_entry(R, id, rel, e, received, tuple[0] ? tuple : NULL);
        if (!newid) {
            rc = TH_EXIT_SYSTEM;
            break;
        }
        if (act[i] == NEW && r) {
            th_info("changed: %s (unit %s): the new content supersedes the one received %s", files[i],
                    e->unit ? e->unit : "?", r->received);
            if (!th_record_exec_id(R, ST_SUPERSEDE, r->id, newid, "superseded")) {
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
        sqlite3_stmt *up = th_record_stmt(R, ST_STATUS);
        if (!up) {
            rc = TH_EXIT_SYSTEM;
            break;
        }
        sqlite3_bind_text(up, 1, status, -1, SQLITE_STATIC);
        sqlite3_bind_int64(up, 2, ids[i]);
        if (!th_record_ok(R->db, sqlite3_step(up), "updating statuses"))
            rc = TH_EXIT_SYSTEM;
    }
    if (rc != TH_EXIT_OK || !th_record_load_gone(R, &rep) || !th_record_latest_received(R, rep.updated)) {
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

/* The plan's nightly.lock, or -1 with the error said and *rc set (4 busy, 3 system). */
static int take_lock(const char *lockpath, int wait_seconds, int *rc)
{
    long holder = 0;
    int fd = th_nightly_lock(lockpath, wait_seconds, &holder);
    if (fd == -2) {
        if (holder)
            th_error("another nightly run holds the lock (pid %ld): '%s'", holder, lockpath);
        else
            th_error("another nightly run holds the lock: '%s'", lockpath);
        *rc = TH_EXIT_BUSY;
        return -1;
    }
    if (fd < 0) {
        th_error("cannot lock '%s': %s", lockpath, strerror(errno));
        *rc = TH_EXIT_SYSTEM;
    }
    return fd;
}

int th_nightly_run(const struct th_workspace *ws, const struct th_period *p, const struct th_nightly_opts *o)
{
    struct th_nightly_state R = {
        .ws = ws, .p = p, .o = o, .full = o->full, .pname = p->id, .clock = time(NULL)};
    char *plandir = th_asprintf("%s/%s", o->outdir, ws->plan->id);
    char *outdir = th_asprintf("%s/%d-%s", plandir, p->year, R.pname);
    char *lockpath = th_path_join(plandir, "nightly.lock"), *dbpath = th_path_join(plandir, "nightly.sqlite");
    int rc = TH_EXIT_OK, fd = -1;
    if (th_mkdirs(outdir) != TH_OK) {
        th_error("cannot create output directory '%s': %s", outdir, strerror(errno));
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    fd = o->locked ? INT_MAX : take_lock(lockpath, o->wait_seconds, &rc);
    if (fd < 0)
        goto out;
    th_temp_sweep(outdir); /* a killed nightly's temps (the lock is held) */
    th_info("nightly %s %d %s: received time %s", ws->plan->id, p->year, R.pname, o->now);
    if (th_record_config_hash(ws, R.config) != TH_OK) {
        th_error("cannot read the workspace configuration in '%s': %s", ws->dir, strerror(errno));
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    R.db = th_record_open(dbpath);
    if (!R.db) {
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    rc = run_locked(&R, outdir);
    for (int k = 0; k < NSTMT; k++)
        if (R.st[k])
            sqlite3_reset(R.st[k]); /* none left in progress at COMMIT */
    if (rc == TH_EXIT_OK || rc == TH_EXIT_REJECTED) {
        if (!th_record_exec(R.db, "COMMIT"))
            rc = TH_EXIT_SYSTEM;
    } else {
        th_record_exec(R.db, "ROLLBACK");
    }
out:
    for (int k = 0; k < NSTMT; k++)
        sqlite3_finalize(R.st[k]);
    th_record_prev_release(&R.prev);
    if (R.db)
        sqlite3_close(R.db);
    for (size_t i = 0; i < R.nrecs; i++)
        th_record_rec_release(&R.recs[i]);
    free(R.recs);
    th_arena_release(&R.strings);
    if (fd != INT_MAX)
        th_nightly_unlock(fd);
    free(plandir);
    free(outdir);
    free(lockpath);
    free(dbpath);
    return rc;
}

int th_nightly_run_open(const struct th_workspace *ws, const struct th_nightly_opts *o)
{
    char date[11];
    th_date today;
    memcpy(date, o->now, 10);
    date[10] = '\0';
    if (!th_date_parse(date, &today))
        return TH_EXIT_USAGE;
    struct th_period open[128];
    size_t n = th_plan_open_periods(ws->plan, today, open, sizeof open / sizeof open[0]);
    if (n == 0) {
        th_info("nightly %s: no period of the plan is open on %s; nothing to check", ws->plan->id, date);
        return TH_EXIT_OK;
    }
    struct th_buf names;
    th_buf_init(&names, 0);
    for (size_t i = 0; i < n; i++) {
        char until[11];
        th_date_format(open[i].checks_until, until);
        th_buf_printf(&names, "%s%d %s (until %s)", i ? ", " : "", open[i].year,
                      open[i].id, until);
    }
    th_info("nightly %s: %zu period%s open on %s: %s", ws->plan->id, n, n == 1 ? "" : "s", date,
            names.data ? names.data : "");
    th_buf_release(&names);
    char *plandir = th_asprintf("%s/%s", o->outdir, ws->plan->id);
    char *lockpath = th_path_join(plandir, "nightly.lock");
    int rc = TH_EXIT_OK, fd;
    if (th_mkdirs(plandir) != TH_OK) {
        th_error("cannot create output directory '%s': %s", plandir, strerror(errno));
        rc = TH_EXIT_SYSTEM;
    } else if ((fd = take_lock(lockpath, o->wait_seconds, &rc)) >= 0) {
        struct th_nightly_opts each = *o;
        each.locked = true;
        for (size_t i = 0; i < n; i++) {
            int r = th_nightly_run(ws, &open[i], &each);
            if (r > rc)
                rc = r;
        }
        th_nightly_unlock(fd);
    }
    free(plandir);
    free(lockpath);
    return rc;
}
