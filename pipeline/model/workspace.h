/* workspace.h - one plan's configuration directory (registry.xml, plan.xml,
 * rules.xml, submissions/<year>-<period>/) and the validation of a batch of
 * submissions against it. Used by validate, nightly and consolidate. */
#ifndef TH_WORKSPACE_H
#define TH_WORKSPACE_H

#include "plan.h"
#include "registry.h"
#include "rules.h"
#include "submission.h"

struct th_workspace {
    char *dir;
    struct th_registry *reg;
    struct th_plan *plan;
    struct th_rules *rules;
};

/* Load and check the three configuration files. Prints "file:line: message"
 * for each problem; NULL means a configuration error (exit 2). */
struct th_workspace *th_workspace_open(const char *dir);
/* The same, with the registry's schema passes remembered in memo (see
 * th_xml_stream_open_memo): nightly, which loads the same registry every night. */
struct th_workspace *th_workspace_open_memo(const char *dir, const char *memo);
void th_workspace_free(struct th_workspace *ws);

/* submissions/<year>-<period> of the workspace; caller frees. */
char *th_workspace_period_dir(const struct th_workspace *ws, int year, enum th_period_kind k);
/* Submission files (*.xml, *.xlsx) of a period, sorted. */
char **th_workspace_period_files(const struct th_workspace *ws, int year, enum th_period_kind k,
                                 size_t *n);

/* Check s against the workspace: unit known and open in the period, period
 * in the plan (and equal to `expect` when given), body kinds the unit
 * manages, lateness against the unit deadline, then the rules. received: the
 * date the file arrived (nightly's record), 0 to use the submission's own
 * date. previous: last year's values of the unit, or NULL. */
void th_validate(const struct th_workspace *ws, struct th_submission *s,
                 const struct th_period *expect, th_date received,
                 const struct th_values *previous);

/* The summary kept for each submission of a batch once its values have been
 * handed on: enough to write validation.xml and decide which one counts. */
struct th_entry {
    char *path;
    char sha256[65];
    enum th_source source;
    char *unit;                 /* NULL when the header could not be read */
    int year;
    enum th_period_kind period;
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
    /* last year's accepted values per unit, for outlier rules */
    struct th_prev_index *prev;
    th_prev_check_fn prev_check;   /* NULL: read and validate each file */
    void *prev_ctx;
};

/* Called once per submission after validation, before it is freed: the
 * place to keep its values (consolidate) or its record (nightly). */
typedef void (*th_batch_fn)(const struct th_submission *s, void *ctx);

void th_batch_init(struct th_batch *b, const struct th_workspace *ws, const struct th_period *p);
void th_batch_release(struct th_batch *b);
/* Read and validate each path in order (progress on a terminal). */
void th_batch_run(struct th_batch *b, char *const *paths, size_t n, th_batch_fn fn, void *ctx);
/* Last year's counting values of unit for the batch's period, for outlier
 * rules (read from the workspace on first use), or NULL. Do not free. */
const struct th_values *th_batch_previous(struct th_batch *b, const char *unit);
/* Add one already validated submission (nightly re-uses this). */
struct th_entry *th_batch_add(struct th_batch *b, const struct th_submission *s);
/* Decide which submission counts per unit: the latest valid one by date
 * (then by file name); earlier valid ones become superseded, identical
 * content a duplicate (warning P02). */
void th_batch_resolve(struct th_batch *b);
/* Counts of each status. */
void th_batch_counts(const struct th_batch *b, size_t counts[4]);
/* validation.xml (schemas/validation.xsd) written atomically. */
th_err th_batch_write_xml(const struct th_batch *b, const char *path);
/* Human summary: every diagnostic line, then totals. */
void th_batch_print(const struct th_batch *b, FILE *out);

#endif
