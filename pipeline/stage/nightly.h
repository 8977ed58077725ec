/* nightly.h - the nightly run: incremental revalidation of one period against
 * a durable SQLite record of every submission ever seen, completeness and
 * timeliness at every node of the hierarchy, one run at a time under a lock. */
#ifndef TH_NIGHTLY_H
#define TH_NIGHTLY_H

#include "batch.h"

/* "YYYY-MM-DDTHH:MM:SS" + NUL */
#define TH_STAMP_LEN 20

struct th_nightly_opts {
    const char *outdir;         /* OUTDIR: the record is OUTDIR/<plan id>/nightly.sqlite */
    char now[TH_STAMP_LEN];     /* received time of files first seen in this run */
    int wait_seconds;           /* how long to wait for the lock (0: fail at once) */
    bool full;                  /* revalidate every file, keeping received times */
};

/* Run nightly for period p of ws: lock, find new/changed/disappeared files
 * by content hash (a file whose stat tuple is unchanged since its hash was
 * taken is not read again), validate only those, update the record, write
 * validation.xml, overview.xlsx and feedback/<unit>.xlsx. Returns an exit
 * code (0, 1 some rejected, 3 system, 4 lock busy). */
int th_nightly_run(const struct th_workspace *ws, const struct th_period *p,
                   const struct th_nightly_opts *o);

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

/* ---- the state a run reports on (read by feedback.c) ---- */

/* A unit's own submission in the period. */
enum th_nightly_own {
    TH_NO_NONE,      /* not expected, nothing received */
    TH_NO_MISSING,   /* expected, nothing received */
    TH_NO_REJECTED,  /* received, none accepted */
    TH_NO_ACCEPTED   /* an accepted submission counts */
};

/* One unit of the hierarchy in force at the end of the period (plus units
 * closed during it that sent something). Counts cover the subtree. */
struct th_nightly_node {
    const struct th_unit *unit;
    size_t parent;               /* index into nodes, SIZE_MAX for a top unit */
    int depth;
    bool expected;               /* must report this period */
    enum th_nightly_own own;
    bool late;                   /* its counting submission came after the deadline */
    size_t counting;             /* batch entry deciding own/late, SIZE_MAX if none */
    size_t n_expected, n_received, n_accepted, n_rejected, n_missing, n_late;
    size_t n_complete;           /* expected units with an accepted submission */
};

/* A file that disappeared from the input directory; its record is kept. */
struct th_nightly_gone {
    char *file, *unit, *received, *gone, *status;
};

struct th_nightly_report {
    const struct th_workspace *ws;
    struct th_period period;
    struct th_batch batch;               /* the files present now, resolved */
    char (*received)[TH_STAMP_LEN];      /* per batch entry: first seen by nightly */
    bool *fresh;                         /* per batch entry: validated in this run */
    char now[TH_STAMP_LEN];              /* this run's time: gone[i].gone == now went now */
    bool rewrite_all;                    /* configuration changed (or --full): every file revalidated */
    struct th_nightly_node *nodes;       /* pre-order, top units first */
    size_t nnodes;
    size_t *node_of;                     /* per registry record: its node index, SIZE_MAX if none */
    struct th_nightly_gone *gone;
    size_t ngone;
    char updated[TH_STAMP_LEN];          /* latest received time on record, "" if none */
};

/* Compute nodes from r->batch and r->received (after th_batch_resolve). */
void th_nightly_report_nodes(struct th_nightly_report *r);
/* Free everything r owns, the batch included. */
void th_nightly_report_release(struct th_nightly_report *r);
/* Node index of a unit code, or SIZE_MAX. */
size_t th_nightly_find(const struct th_nightly_report *r, const char *code);
/* The date part of a received stamp. */
th_date th_nightly_stamp_date(const char *stamp);

#endif
