/* review.h - the multi-year review of a plan's phase (sơ kết / tổng kết):
 * the annual consolidations of every year from..to side by side, the
 * phase's verdicts at its last year, completeness per year, the units
 * furthest short and the units merged or closed during the phase (from the
 * registry's dated records). The model reads no file: the stage loads the
 * years' consolidated.xml and hands them over. */
#ifndef TH_REVIEW_H
#define TH_REVIEW_H

#include "assess.h"
#include "cons.h"
#include "workspace.h"

#define TH_REVIEW_MAX_YEARS 20
#define TH_REVIEW_MAX_SHORT 10     /* units furthest short, at most */

/* A phase of the plan: the years its targets run over (from..to). */
struct th_phase {
    int from, to;
};

/* The phase whose targets run over year (the first one; the plan's whole
 * span when no target says). */
struct th_phase th_review_phase(const struct th_plan *plan, int year);

/* One indicator of the plan across the phase. */
struct th_review_ind {
    const struct th_indicator *def;        /* plan's */
    const struct th_target *t;             /* the target in force in the last year, NULL: none */
    const struct th_cons_indicator *v[TH_REVIEW_MAX_YEARS]; /* the root's each year, NULL: no consolidation */
    struct th_assessment a;                /* at the last year that has a consolidation */
    int judged_year;                       /* that year, 0 when none */
};

/* A unit merged into another or closed during the phase. */
struct th_review_change {
    const struct th_unit *u;               /* its last record */
    const struct th_unit *successor;       /* the record taking over, NULL: closed */
    int year;                              /* the year it ended in */
};

/* A unit short of an indicator's level in the last year judged. */
struct th_review_short {
    const struct th_cons_node *n;
    const struct th_review_ind *ri;
    const struct th_cons_indicator *ci;
    double required, gap;                  /* the level and how far below (points or count) */
};

struct th_review {
    const struct th_workspace *ws;
    int from, to;                          /* the years reviewed, inclusive */
    struct th_phase phase;                 /* the phase they belong to */
    bool final;                            /* tổng kết: to is the end of the plan */
    bool partial;                          /* to is before the phase's end */
    int nyears;                            /* to - from + 1 */
    struct th_cons *year[TH_REVIEW_MAX_YEARS]; /* [y - from], NULL: no consolidation (owned) */
    char *source[TH_REVIEW_MAX_YEARS];     /* where each was read (owned), NULL: none */
    char sha256[TH_REVIEW_MAX_YEARS][65];  /* of each file read (set by the caller), "" when unknown */
    int navail, last;                      /* years with a consolidation; the latest of them */
    struct th_review_ind *ind;             /* shown in the last year (th_indicator_shown), plan order */
    size_t nind;
    struct th_review_change *changes;      /* by year, then code */
    size_t nchanges;
    struct th_review_short shorts[TH_REVIEW_MAX_SHORT];
    size_t nshort;
};

/* Start a review of from..to (to - from < TH_REVIEW_MAX_YEARS). */
void th_review_init(struct th_review *r, const struct th_workspace *ws, int from, int to);
/* Hand over year's consolidation (r owns c and source afterwards). */
void th_review_set_year(struct th_review *r, int year, struct th_cons *c, char *source);
/* Once every year is set: the indicators, verdicts, changes and shortfalls. */
void th_review_finish(struct th_review *r);
void th_review_release(struct th_review *r);

/* "Sơ kết" / "Tổng kết". */
const char *th_review_kind(const struct th_review *r);
/* The annual period of year (dates resolved), for the plan's target and
 * assessment functions. False when the plan has no such year. */
bool th_review_period(const struct th_review *r, int year, struct th_period *out);

#endif
