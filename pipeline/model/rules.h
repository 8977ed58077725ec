/* rules.h - declarative validation rules (schemas/rules.xsd) and their
 * evaluation over a submission. */
#ifndef TH_RULES_H
#define TH_RULES_H

#include "expr.h"
#include "plan.h"
#include "submission.h"

enum th_missing { TH_SKIP_IF_ANY, TH_SKIP_IF_ALL, TH_NEVER_SKIP };

struct th_rule {
    char code[16];
    enum th_severity severity;
    bool outlier;            /* outlier rule: left = field, value = max change % */
    enum th_missing missing;
    struct th_expr left, right;
    enum th_op op;
    char *var;               /* "{k}" variable name or NULL */
    char **var_values; size_t nvar_values;
    size_t *rows;            /* per {k} value (one row when there is none):
                                left's row, then right's (th_expr_row) */
    double max_change;
    int64_t min_value;
    char *message;           /* template */
    char *description;
};

struct th_rules {
    struct th_rule *v;
    size_t n;
};

struct th_rules *th_rules_load(const char *path);   /* prints errors; NULL on failure */
void th_rules_free(struct th_rules *r);

/* Apply every rule to s, adding diagnostics. period: the def of s's
 * period, or NULL; a rule (for a {k} value) reading a field it does not
 * ask is skipped (th_rule_skipped says so once per run). previous: the same
 * unit's values for the same kind of period a year earlier, or NULL
 * (outlier rules are then skipped). */
void th_rules_apply(const struct th_rules *r, struct th_submission *s, const struct th_period_def *period,
                    const struct th_values *previous);

/* Why rule r is not applied (for some or all of its {k} values) to the
 * submissions of period, after its code: "không áp dụng: kỳ báo cáo
 * dx-2026-09 không yêu cầu số liệu “…”" (the first field it reads that the
 * period does not ask), "không áp dụng cho nhóm …: …" (some {k} values);
 * *partial (may be NULL) tells the latter. NULL when it is applied in
 * full. Caller frees. */
char *th_rule_skipped(const struct th_rule *r, const struct th_period_def *period, bool *partial);
/* All of them in one sentence: "không áp dụng các quy tắc R01, R03 (một số
 * nhóm): kỳ báo cáo dx-2026-09 không yêu cầu số liệu mà chúng kiểm tra";
 * NULL when the period runs every rule. Caller frees. */
char *th_rules_skipped_summary(const struct th_rules *rs, const struct th_period_def *period);

#endif
