/* rules.c - loading declarative rules and applying them to a submission. */
#include "rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xmlsafe.h"

static bool load_expr(const char *path, xmlNodePtr n, struct th_expr *e)
{
    char *text = th_xml_text(n);
    bool ok = th_expr_load(path, xmlGetLineNo(n), text, e);
    free(text);
    return ok;
}


/* r->rows, once r's expressions and {k} values are known. */
static void compile_rows(struct th_rule *r)
{
    size_t n = r->var ? r->nvar_values : 1;
    r->rows = th_calloc(2 * n + 1, sizeof *r->rows);
    for (size_t k = 0; k < n; k++) {
        const char *val = r->var ? r->var_values[k] : NULL;
        r->rows[2 * k] = th_expr_row(&r->left, val);
        r->rows[2 * k + 1] = th_expr_row(&r->right, val);
    }
}

struct th_rules *th_rules_load(const char *path)
{
    xmlDocPtr doc = th_xml_load_config(path, "rules.xsd");
    if (!doc)
        return NULL;
    struct th_rules *rs = th_calloc(1, sizeof *rs);
    size_t cap = 0;
    bool ok = true;
    for (xmlNodePtr n = th_xml_child(xmlDocGetRootElement(doc), NULL); n; n = th_xml_next(n, NULL)) {
        TH_GROW(rs->v, cap, rs->n + 1);
        struct th_rule *r = &rs->v[rs->n++];
        char *code = th_xml_attr(n, "code"), *sev = th_xml_attr(n, "severity");
        snprintf(r->code, sizeof r->code, "%s", code);
        r->severity = strcmp(sev, "error") == 0 ? TH_SEV_ERROR : TH_SEV_WARNING;
        free(code);
        free(sev);
        r->message = th_xml_text_nfc(th_xml_child(n, "message"));
        r->description = th_xml_text_nfc(th_xml_child(n, "description"));
        if (strcmp((const char *)n->name, "outlier") == 0) {
            r->outlier = true;
            char *f = th_xml_attr(n, "field"), *mc = th_xml_attr(n, "maxChange"),
                 *mv = th_xml_attr(n, "minValue");
            if (!th_expr_load(path, xmlGetLineNo(n), f, &r->left))
                ok = false;
            r->max_change = mc ? strtod(mc, NULL) : 0;
            r->min_value = mv ? strtoll(mv, NULL, 10) : 0;
            free(f);
            free(mc);
            free(mv);
            compile_rows(r);
            continue;
        }
        char *missing = th_xml_attr(n, "missing"), *op = th_xml_text(th_xml_child(n, "op"));
        r->missing = !missing || strcmp(missing, "skip-if-any") == 0 ? TH_SKIP_IF_ANY
                     : strcmp(missing, "skip-if-all") == 0       ? TH_SKIP_IF_ALL
                                                                 : TH_NEVER_SKIP;
        th_op_parse(op, &r->op);
        free(missing);
        free(op);
        ok &= load_expr(path, th_xml_child(n, "left"), &r->left);
        ok &= load_expr(path, th_xml_child(n, "right"), &r->right);
        r->var = th_expr_var(&r->left);
        const struct th_expr *holder = &r->left;
        if (!r->var) {
            r->var = th_expr_var(&r->right);
            holder = &r->right;
        }
        if (r->var) {
            r->var_values = th_expr_var_values(holder, r->var, &r->nvar_values);
            if (!r->nvar_values) {
                th_error("%s:%ld: rule %s: {%s} matches no field", path, xmlGetLineNo(n), r->code, r->var);
                ok = false;
            }
        }
        compile_rows(r);
    }
    xmlFreeDoc(doc);
    if (!ok) {
        th_rules_free(rs);
        return NULL;
    }
    return rs;
}

void th_rules_free(struct th_rules *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++) {
        struct th_rule *r = &rs->v[i];
        th_expr_release(&r->left);
        th_expr_release(&r->right);
        free(r->var);
        th_strv_free(r->var_values, r->nvar_values);
        free(r->rows);
        free(r->message);
        free(r->description);
    }
    free(rs->v);
    free(rs);
}

/* Expand {left} {right} {prev} {change} {field} and {<var>} in a template. */
static char *expand(const char *tmpl, const char *var, const char *val, const char *left,
                    const char *right, const char *field)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    for (const char *p = tmpl; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (close) {
                size_t n = (size_t)(close - p - 1);
                const char *rep = NULL;
                if (n == 4 && strncmp(p + 1, "left", 4) == 0)
                    rep = left;
                else if (n == 5 && strncmp(p + 1, "right", 5) == 0)
                    rep = right;
                else if (n == 5 && strncmp(p + 1, "field", 5) == 0)
                    rep = field;
                else if (var && strlen(var) == n && strncmp(p + 1, var, n) == 0)
                    rep = val;
                if (rep) {
                    th_buf_puts(&b, rep);
                    p = close + 1;
                    continue;
                }
            }
        }
        th_buf_add(&b, p, 1);
        p++;
    }
    return th_buf_detach(&b);
}

/* The Vietnamese name of a variable's value: the group label of a field
 * whose id holds it ("y_te" -> "Bệnh viện, cơ sở y tế"). */
static const char *value_label(const struct th_expr *e, const char *var, const char *val)
{
    int f = th_expr_first_field(e, var, val);
    if (f >= 0 && th_fields[f].group)
        return th_fields[f].group;
    return val;
}

/* {var}'s k-th value, or NULL for a rule without one (k 0). */
static const char *rule_val(const struct th_rule *r, size_t k)
{
    return r->var ? r->var_values[k] : NULL;
}

/* One side of rule r (its left, or its right) over values, {var} bound to
 * its k-th value; th_expr_eval's counts. */
static int64_t rule_side(const struct th_rule *r, bool right, const struct th_values *values, size_t k,
                         size_t *npresent, size_t *nmissing)
{
    int64_t sum;
    th_expr_sum_row(right ? &r->right : &r->left, values, r->rows[2 * k + right], rule_val(r, k), &sum, npresent,
                    nmissing);
    return sum;
}

/* The numeric fields whose value the reader refused (S02, S03, S04, S08 …:
 * an error on the field, the value not taken), marked present so that
 * th_expr_eval over them counts the refused fields a rule reads. A blank
 * (S01) is missing, not refused: the rule's missing= says what then. */
static bool refused_fields(const struct th_submission *s, struct th_values *out)
{
    bool any = false;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < s->ndiags; i++) {
        const struct th_diag *d = &s->diags[i];
        if (d->severity == TH_SEV_ERROR && d->field >= 0 && d->field < TH_NNUMERIC && strcmp(d->code, "S01") != 0 &&
            !s->val.present[d->field]) {
            out->present[d->field] = 1;
            any = true;
        }
    }
    return any;
}

/* Rule r reads, with {var} bound to its k-th value, a field marked in marked
 * (present[f] set): a refused value of a file (run with it as 0 the rule
 * would add a second, misleading error after the reader's own), or a field
 * the period does not ask (the rule says nothing about such a period). */
static bool reads_marked(const struct th_rule *r, const struct th_values *marked, size_t k)
{
    size_t lp = 0, rp = 0;
    rule_side(r, false, marked, k, &lp, NULL);
    if (!r->outlier)
        rule_side(r, true, marked, k, &rp, NULL);
    return lp + rp > 0;
}

/* The numeric fields period d does not ask, marked present (none when d
 * is NULL or asks all). */
static void unasked_fields(const struct th_period_def *d, struct th_values *out)
{
    memset(out, 0, sizeof *out);
    for (int f = 0; f < TH_NNUMERIC; f++)
        out->present[f] = !th_period_asks(d, th_fields[f].id);
}

/* The first field rule r reads for its k-th {var} value that period d
 * does not ask, or -1. */
static int first_unasked(const struct th_rule *r, const struct th_period_def *d, size_t k)
{
    struct th_values un;
    unasked_fields(d, &un);
    if (!reads_marked(r, &un, k))
        return -1;
    for (int f = 0; f < TH_NNUMERIC; f++) {
        struct th_values one = {0};
        one.present[f] = un.present[f];
        if (one.present[f] && reads_marked(r, &one, k))
            return f;
    }
    return -1;
}

static void apply_rule(const struct th_rule *r, struct th_submission *s, size_t k)
{
    const char *val = rule_val(r, k);
    size_t lp, lm, rp, rm;
    int64_t l = rule_side(r, false, &s->val, k, &lp, &lm);
    int64_t rv = rule_side(r, true, &s->val, k, &rp, &rm);
    size_t present = lp + rp, missing = lm + rm;
    if (r->missing == TH_SKIP_IF_ANY && missing)
        return;
    if (r->missing == TH_SKIP_IF_ALL && !present)
        return;
    if (th_op_holds(r->op, (double)l, (double)rv))
        return;
    char ls[32], rs[32];
    th_fmt_int(l, ls);
    th_fmt_int(rv, rs);
    int f = th_expr_first_field(&r->left, r->var, val);
    const char *label = f >= 0 ? th_fields[f].label : "";
    char *msg = expand(r->message, r->var, val ? value_label(&r->left, r->var, val) : NULL, ls, rs, label);
    th_submission_diag(s, r->severity, r->code, f, "%s", msg);
    free(msg);
}

static void apply_outlier(const struct th_rule *r, struct th_submission *s, const struct th_values *prev)
{
    size_t cp, cm, pp, pm;
    int64_t cur = th_expr_eval(&r->left, &s->val, NULL, NULL, &cp, &cm);
    int64_t old = th_expr_eval(&r->left, prev, NULL, NULL, &pp, &pm);
    if (cm || pm || !cp || !pp || cur == old)
        return;
    if (cur < r->min_value && old < r->min_value)
        return;
    double change = old ? fabs((double)(cur - old)) * 100.0 / (double)old : INFINITY;
    if (change <= r->max_change)
        return;
    char cs[32], os[32];
    th_fmt_int(cur, cs);
    th_fmt_int(old, os);
    int f = th_expr_first_field(&r->left, NULL, NULL);
    char *msg = expand(r->message, NULL, NULL, cs, os, f >= 0 ? th_fields[f].label : "");
    th_submission_diag(s, r->severity, r->code, f, "%s", msg);
    free(msg);
}

void th_rules_apply(const struct th_rules *rs, struct th_submission *s, const struct th_period_def *period,
                    const struct th_values *previous)
{
    /* what no rule may read for this file: its refused values and, for a
     * period asking part of the fields, the fields it does not ask */
    struct th_values skip;
    bool any = refused_fields(s, &skip); /* else no rule reads a field marked */
    if (period && period->nfields) {
        struct th_values unasked;
        unasked_fields(period, &unasked);
        for (int f = 0; f < TH_NNUMERIC; f++)
            skip.present[f] |= unasked.present[f];
        any = true;
    }
    for (size_t i = 0; i < rs->n; i++) {
        const struct th_rule *r = &rs->v[i];
        if (r->outlier) {
            if (previous && !(any && reads_marked(r, &skip, 0)))
                apply_outlier(r, s, previous);
        } else {
            for (size_t k = 0; k < (r->var ? r->nvar_values : 1); k++)
                if (!(any && reads_marked(r, &skip, k)))
                    apply_rule(r, s, k);
        }
    }
}

char *th_rule_skipped(const struct th_rule *r, const struct th_period_def *period, bool *partial)
{
    if (partial)
        *partial = false;
    if (!period || !period->nfields)
        return NULL;
    char label[512];
    if (!r->var) {
        int f = first_unasked(r, period, 0);
        if (f < 0)
            return NULL;
        th_field_label(f, label, sizeof label);
        return th_asprintf("không áp dụng: kỳ báo cáo %s không yêu cầu số liệu “%s”", period->id, label);
    }
    struct th_buf groups;
    th_buf_init(&groups, 0);
    size_t nskip = 0;
    int first = -1;
    for (size_t k = 0; k < r->nvar_values; k++) {
        int f = first_unasked(r, period, k);
        if (f < 0)
            continue;
        if (first < 0)
            first = f;
        th_buf_printf(&groups, "%s“%s”", nskip++ ? ", " : "", value_label(&r->left, r->var, r->var_values[k]));
    }
    char *out = NULL;
    if (nskip == r->nvar_values) {
        th_field_label(first, label, sizeof label);
        out = th_asprintf("không áp dụng: kỳ báo cáo %s không yêu cầu số liệu “%s”", period->id, label);
    } else if (nskip) {
        if (partial)
            *partial = true;
        out = th_asprintf("không áp dụng cho nhóm %s: kỳ báo cáo %s không yêu cầu số liệu của các nhóm này",
                          groups.data, period->id);
    }
    th_buf_release(&groups);
    return out;
}

char *th_rules_skipped_summary(const struct th_rules *rs, const struct th_period_def *period)
{
    struct th_buf codes;
    th_buf_init(&codes, 0);
    for (size_t i = 0; i < rs->n; i++) {
        bool partial;
        char *why = th_rule_skipped(&rs->v[i], period, &partial);
        if (why)
            th_buf_printf(&codes, "%s%s%s", codes.len ? ", " : "", rs->v[i].code, partial ? " (một số nhóm)" : "");
        free(why);
    }
    char *out = codes.len ? th_asprintf("không áp dụng các quy tắc %s: kỳ báo cáo %s không yêu cầu số liệu mà "
                                        "chúng kiểm tra",
                                        codes.data, period->id)
                          : NULL;
    th_buf_release(&codes);
    return out;
}
