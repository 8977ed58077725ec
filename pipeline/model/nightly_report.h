/* nightly_report.h - the state a nightly run reports on: the batch of files
 * present now with their received times, the hierarchy in force with
 * completeness and lateness per node, and the files that disappeared. Filled
 * by nightly (nightly.h), read by its outputs (feedback.h). */
#ifndef TH_NIGHTLY_REPORT_H
#define TH_NIGHTLY_REPORT_H

#include "batch.h"

/* "YYYY-MM-DDTHH:MM:SS" + NUL */
#define TH_STAMP_LEN 20

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
