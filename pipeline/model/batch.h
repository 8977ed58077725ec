/* batch.h - a batch of submissions of one period: the summary kept for
 * each file once its values are handed on, and the decision which file
 * counts per unit. Filled by the validation pass (pass.h) or by nightly from
 * its record; written by validation.h. */
#ifndef TH_BATCH_H
#define TH_BATCH_H

#include "workspace.h"

/* The summary kept for each submission of a batch once its values have been
 * handed on: enough to write validation.xml and decide which one counts. */
struct th_entry {
    char *path;
    char sha256[65];
    enum th_source source;
    char *unit;                 /* NULL when the header could not be read */
    int year;
    char period[TH_PERIOD_ID_MAX + 1];
    th_date submitted;
    enum th_status status;
    size_t nerrors, nwarnings;
    char *sheet;                /* XLSX data sheet, for cell references */
    struct th_diag *diags;      /* owned copies */
    size_t ndiags, capdiags;
};

/* Add a diagnostic to an entry after its submission is gone (P02, P03). */
void th_entry_diag(struct th_entry *e, enum th_severity sev, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Check one of last year's files for outlier rules (prev: its period).
 * Without one, a batch reads the file and validates it against prev without
 * previous values; another (nightly's, from its record) must give the same
 * unit, submitted date, nerrors and values. Caller frees the result. */
typedef struct th_submission *(*th_prev_check_fn)(void *ctx, const char *path, const struct th_period *prev);

struct th_batch {
    const struct th_workspace *ws;
    bool has_period;
    struct th_period period;
    struct th_entry *v;
    size_t n, cap;
    /* last year's accepted values per unit, for outlier rules: built and
     * freed by the validation pass (pass.h), which sets prev_free */
    struct th_prev_index *prev;
    void (*prev_free)(struct th_prev_index *ix);
    th_prev_check_fn prev_check;   /* NULL: read and validate each file */
    void *prev_ctx;
};

/* Start an empty batch for ws (p: its period, or NULL for files checked
 * each for their own period). Release with th_batch_release. */
void th_batch_init(struct th_batch *b, const struct th_workspace *ws, const struct th_period *p);
/* Free the entries and last year's index; b may be initialised again. */
void th_batch_release(struct th_batch *b);
/* Add one already validated submission (its diagnostics copied; nightly
 * re-uses this). Returns the new entry, valid until the next add. */
struct th_entry *th_batch_add(struct th_batch *b, const struct th_submission *s);
/* Decide which submission counts per unit: the latest valid one by date
 * (then by file name); earlier valid ones become superseded, identical
 * content a duplicate (warning P02). */
void th_batch_resolve(struct th_batch *b);
/* Counts of each status, indexed by enum th_status. */
void th_batch_counts(const struct th_batch *b, size_t counts[4]);

#endif
