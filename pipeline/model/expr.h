/* expr.h - sums of field patterns, shared by rules and indicators:
 * "bodies.*.staffed + bodies.*.paid". "*" sums one segment; "{k}" is a
 * variable bound per evaluation (rules only). */
#ifndef TH_EXPR_H
#define TH_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The numeric fields one term matches: bit i of w[i / 64] for th_fields[i]. */
struct th_fieldset {
    uint64_t w[2];
};

struct th_expr {
    char **terms;     /* field patterns, owned */
    size_t nterms;
    char *text;       /* as written, trimmed */
    /* compiled at parse: row 0 with "{var}" unbound, row 1 + j with it bound
     * to vals[j]; nterms sets a row. Rules run for every submission. */
    char **vals;
    size_t nvals;
    struct th_fieldset *sets;
};

/* Sizes of an expression: it is a flat sum (no parentheses, so no depth),
 * evaluated for every submission. */
#define TH_EXPR_MAX_CHARS 1000
#define TH_EXPR_MAX_TERMS 64

/* Parse; false (and *bad = offending term, do not free) if a term matches no
 * field of the catalogue, or (*bad NULL) past the sizes above. */
bool th_expr_parse(const char *text, struct th_expr *out, const char **bad);
/* th_expr_parse for the expression at path:line of a configuration file,
 * saying on stderr what is wrong ("names no field", too long, too many
 * terms). NULL text is an empty expression. */
bool th_expr_load(const char *path, long line, const char *text, struct th_expr *out);
void th_expr_release(struct th_expr *e);

/* Evaluate over a submission's values (indexed like th_fields). var/val bind
 * "{var}" to val (NULL for none). Counts how many matched fields are present
 * and missing. Returns the sum of the present ones; a sum past int64
 * saturates at INT64_MAX, never wraps (th_expr_sum tells). */
struct th_values;
int64_t th_expr_eval(const struct th_expr *e, const struct th_values *values,
                     const char *var, const char *val, size_t *npresent, size_t *nmissing);
/* The same, false when the sum does not fit in int64 (*sum INT64_MAX). */
bool th_expr_sum(const struct th_expr *e, const struct th_values *values, const char *var, const char *val,
                 int64_t *sum, size_t *npresent, size_t *nmissing);

/* Which of e's compiled rows "{var}" bound to val (NULL: unbound) uses:
 * found once by a caller that binds the same values for every submission
 * (rules), then given to th_expr_sum_row. TH_EXPR_NO_ROW when the
 * catalogue never gives the variable val. */
#define TH_EXPR_NO_ROW SIZE_MAX
size_t th_expr_row(const struct th_expr *e, const char *val);
/* th_expr_sum with the row th_expr_row(e, val) gave. */
bool th_expr_sum_row(const struct th_expr *e, const struct th_values *values, size_t row, const char *val,
                     int64_t *sum, size_t *npresent, size_t *nmissing);

/* Index of the first field the expression touches under the binding (for
 * pointing at a cell or line), or -1. */
int th_expr_first_field(const struct th_expr *e, const char *var, const char *val);

/* The variable name used in e ("k" for "{k}"), or NULL; caller frees. */
char *th_expr_var(const struct th_expr *e);
/* The distinct values a variable takes, found by matching the pattern against
 * the catalogue. Caller frees with th_strv_free. */
char **th_expr_var_values(const struct th_expr *e, const char *var, size_t *n);

#endif
