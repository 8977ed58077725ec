/* nightly.h - the nightly run: incremental revalidation of one period against
 * a durable SQLite record of every submission ever seen, completeness and
 * timeliness at every node of the hierarchy, one run at a time under a lock. */
#ifndef TH_NIGHTLY_H
#define TH_NIGHTLY_H

#include "nightly_report.h"

struct th_nightly_opts {
    const char *outdir;         /* OUTDIR: the record is OUTDIR/<plan id>/nightly.sqlite */
    char now[TH_STAMP_LEN];     /* received time of files first seen in this run */
    int wait_seconds;           /* how long to wait for the lock (0: fail at once) */
    bool full;                  /* revalidate every file, keeping received times */
    bool locked;                /* the caller holds the plan's nightly.lock */
};

/* Run nightly for period p of ws: lock, find new/changed/disappeared files
 * by content hash (a file whose stat tuple is unchanged since its hash was
 * taken is not read again), validate only those, update the record, write
 * validation-nightly.xml, overview.xlsx and feedback/<unit>.xlsx. Returns an exit
 * code (0, 1 some rejected, 3 system, 4 lock busy). */
int th_nightly_run(const struct th_workspace *ws, const struct th_period *p,
                   const struct th_nightly_opts *o);

/* Run nightly for every period of the plan open on the date of o->now (from
 * the day its forms go out to lateCheckDays after its deadline, plan.xml),
 * by deadline, one after the other under one lock; logs which periods it
 * checks, or that none is open (exit 0). Returns the worst exit code. */
int th_nightly_run_open(const struct th_workspace *ws, const struct th_nightly_opts *o);

/* Take an exclusive flock() on path (created if needed), waiting up to
 * wait_seconds. Returns the descriptor (>= 0, the pid written into the file),
 * -1 on a system error (errno set), -2 when another process holds it after
 * the wait (*holder = its pid, 0 if unknown). Release with th_nightly_unlock. */
int th_nightly_lock(const char *path, int wait_seconds, long *holder);
void th_nightly_unlock(int fd);

/* Check a --now value "YYYY-MM-DDTHH:MM:SS" and copy it to out. */
bool th_nightly_parse_now(const char *s, char out[TH_STAMP_LEN]);
/* The local clock as "YYYY-MM-DDTHH:MM:SS" (the only place a date in tonghop's
 * outputs can come from the clock; a run also reads it to tell files changed
 * within 2 s of its start, whose stat tuple it does not trust). */
void th_nightly_clock(char out[TH_STAMP_LEN]);

#endif
