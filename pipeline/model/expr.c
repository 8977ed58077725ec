/* expr.c - sums of field patterns with "*" wildcards and "{var}" bindings. */
#include "expr.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fields.h"

/* Replace "{var}" in pattern by val (or "*" when val is NULL). Caller frees. */
static char *bind(const char *pattern, const char *val)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (close) {
                th_buf_puts(&b, val ? val : "*");
                p = close + 1;
                continue;
            }
        }
        th_buf_add(&b, p, 1);
        p++;
    }
    return th_buf_detach(&b);
}

static bool matches_any(const char *pattern)
{
    char *p = bind(pattern, NULL);
    bool ok = false;
    for (size_t i = 0; i < th_nfields && !ok; i++)
        ok = th_field_match(p, th_fields[i].id);
    free(p);
    return ok;
}

/* th_field_match(bind(pattern, val), id) without building the bound
 * pattern: rules run for every submission, 100,000 of them nationally. */
static bool match_bound(const char *p, const char *val, const char *id)
{
    for (;;) {
        const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!close)
            return th_field_match(p, id);
        size_t n = (size_t)(open - p);
        if (memchr(p, '*', n) || (!val && close[1] != '.' && close[1] != '\0')) {
            char *b = bind(p, val); /* unusual patterns: the plain way */
            bool ok = th_field_match(b, id);
            free(b);
            return ok;
        }
        if (strncmp(id, p, n) != 0)
            return false;
        id += n;
        if (val) {
            size_t m = strlen(val);
            if (strncmp(id, val, m) != 0)
                return false;
            id += m;
        } else {
            if (!*id)
                return false;
            while (*id && *id != '.')
                id++;
        }
        p = close + 1;
    }
}

static struct th_fieldset term_set(const char *term, const char *val)
{
    struct th_fieldset fs = {{0, 0}};
    bool bound = strchr(term, '{') != NULL;
    for (size_t i = 0; i < TH_NNUMERIC; i++)
        if (bound ? match_bound(term, val, th_fields[i].id) : th_field_match(term, th_fields[i].id))
            fs.w[i / 64] |= UINT64_C(1) << (i % 64);
    return fs;
}

/* Fill e->vals and e->sets from the terms (see struct th_expr). */
static void compile(struct th_expr *e)
{
    char *var = th_expr_var(e);
    if (var)
        e->vals = th_expr_var_values(e, var, &e->nvals);
    free(var);
    e->sets = th_calloc((e->nvals + 1) * e->nterms, sizeof *e->sets);
    for (size_t row = 0; row <= e->nvals; row++)
        for (size_t t = 0; t < e->nterms; t++)
            e->sets[row * e->nterms + t] = term_set(e->terms[t], row ? e->vals[row - 1] : NULL);
}

bool th_expr_parse(const char *text, struct th_expr *out, const char **bad)
{
    memset(out, 0, sizeof *out);
    if (bad)
        *bad = NULL;
    if (!text || strlen(text) > TH_EXPR_MAX_CHARS)
        return false;
    char *copy = th_strdup(text);
    size_t cap = 0;
    char *save = NULL;
    for (char *tok = strtok_r(copy, "+ \t\r\n", &save); tok; tok = strtok_r(NULL, "+ \t\r\n", &save)) {
        if (out->nterms == TH_EXPR_MAX_TERMS) {
            free(copy);
            return false;
        }
        TH_GROW(out->terms, cap, out->nterms + 1);
        out->terms[out->nterms++] = th_strdup(tok);
        if (!matches_any(tok)) {
            if (bad)
                *bad = out->terms[out->nterms - 1];
            free(copy);
            return false;
        }
    }
    free(copy);
    out->text = th_strdup(text);
    /* normalise white space for display */
    char *t = out->text;
    size_t j = 0;
    for (size_t i = 0; t[i]; i++) {
        bool sp = t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r';
        if (sp && (j == 0 || t[j - 1] == ' '))
            continue;
        t[j++] = sp ? ' ' : t[i];
    }
    while (j && t[j - 1] == ' ')
        j--;
    t[j] = '\0';
    compile(out);
    return out->nterms > 0;
}

bool th_expr_load(const char *path, long line, const char *text, struct th_expr *out)
{
    const char *bad = NULL;
    if (th_expr_parse(text ? text : "", out, &bad))
        return true;
    size_t len = text ? strlen(text) : 0, nterms = 0;
    for (size_t i = 0; i < len; i++)
        nterms += !strchr("+ \t\r\n", text[i]) && (i == 0 || strchr("+ \t\r\n", text[i - 1]));
    if (bad)
        th_error("%s:%ld: '%s' names no field of the submission", path, line, bad);
    else if (len > TH_EXPR_MAX_CHARS)
        th_error("%s:%ld: expression of %zu characters: at most %d", path, line, len, TH_EXPR_MAX_CHARS);
    else if (nterms > TH_EXPR_MAX_TERMS)
        th_error("%s:%ld: expression of %zu terms: at most %d", path, line, nterms, TH_EXPR_MAX_TERMS);
    else
        th_error("%s:%ld: '%s' names no field of the submission", path, line, text ? text : "");
    return false;
}

void th_expr_release(struct th_expr *e)
{
    th_strv_free(e->terms, e->nterms);
    th_strv_free(e->vals, e->nvals);
    free(e->sets);
    free(e->text);
    memset(e, 0, sizeof *e);
}

int64_t th_expr_eval(const struct th_expr *e, const struct th_values *values,
                     const char *var, const char *val, size_t *npresent, size_t *nmissing)
{
    int64_t sum;
    th_expr_sum(e, values, var, val, &sum, npresent, nmissing);
    return sum;
}

size_t th_expr_row(const struct th_expr *e, const char *val)
{
    if (!val)
        return 0;
    size_t row = 0;
    while (row < e->nvals && strcmp(e->vals[row], val) != 0)
        row++;
    return row < e->nvals ? row + 1 : TH_EXPR_NO_ROW;
}

bool th_expr_sum(const struct th_expr *e, const struct th_values *values, const char *var, const char *val,
                 int64_t *out, size_t *npresent, size_t *nmissing)
{
    (void)var;
    return th_expr_sum_row(e, values, th_expr_row(e, val), val, out, npresent, nmissing);
}

bool th_expr_sum_row(const struct th_expr *e, const struct th_values *values, size_t row, const char *val,
                     int64_t *out, size_t *npresent, size_t *nmissing)
{
    int64_t sum = 0;
    size_t np = 0, nm = 0;
    bool fits = true;
    for (size_t t = 0; t < e->nterms; t++) {
        /* a value the catalogue never gives the variable matches nothing */
        struct th_fieldset fs = row == TH_EXPR_NO_ROW ? term_set(e->terms[t], val) : e->sets[row * e->nterms + t];
        for (size_t w = 0; w < 2; w++)
            for (uint64_t bits = fs.w[w]; bits; bits &= bits - 1) {
                size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
                if (values->present[i]) {
                    if (fits && __builtin_add_overflow(sum, values->v[i], &sum))
                        fits = false;
                    np++;
                } else {
                    nm++;
                }
            }
    }
    if (npresent)
        *npresent = np;
    if (nmissing)
        *nmissing = nm;
    *out = fits ? sum : INT64_MAX;
    return fits;
}

int th_expr_first_field(const struct th_expr *e, const char *var, const char *val)
{
    (void)var;
    for (size_t t = 0; t < e->nterms; t++) {
        char *p = bind(e->terms[t], val);
        for (size_t i = 0; i < th_nfields; i++) {
            if (th_field_match(p, th_fields[i].id)) {
                free(p);
                return (int)i;
            }
        }
        free(p);
    }
    return -1;
}

char *th_expr_var(const struct th_expr *e)
{
    for (size_t t = 0; t < e->nterms; t++) {
        const char *open = strchr(e->terms[t], '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (open && close)
            return th_strndup(open + 1, (size_t)(close - open - 1));
    }
    return NULL;
}

char **th_expr_var_values(const struct th_expr *e, const char *var, size_t *n)
{
    (void)var;
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t t = 0; t < e->nterms; t++) {
        const char *term = e->terms[t];
        const char *open = strchr(term, '{');
        if (!open)
            continue;
        /* the segment index of the variable */
        size_t seg = 0;
        for (const char *p = term; p < open; p++)
            seg += *p == '.';
        char *pat = bind(term, NULL);
        for (size_t i = 0; i < th_nfields; i++) {
            if (!th_field_match(pat, th_fields[i].id))
                continue;
            const char *s = th_fields[i].id;
            for (size_t k = 0; k < seg && s; k++) {
                s = strchr(s, '.');
                if (s)
                    s++;
            }
            if (!s)
                continue;
            size_t len = strcspn(s, ".");
            bool seen = false;
            for (size_t j = 0; j < *n && !seen; j++)
                seen = strlen(v[j]) == len && strncmp(v[j], s, len) == 0;
            if (!seen) {
                TH_GROW(v, cap, *n + 1);
                v[(*n)++] = th_strndup(s, len);
            }
        }
        free(pat);
    }
    return v;
}
