/* report_template.c - loading the report template and resolving its
 * placeholders ({year}, {unit.name}, {I01.value}...) in Vietnamese. */
#include "report_template.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "text.h"
#include "xmlsafe.h"

/* Defaults of the template's bounds (schemas/report-template.xsd): rows of
 * an appendix (about 37 a page) and unit names in a completeness list. */
#define APPENDIX_MAX_ROWS 2000
#define COMPLETENESS_MAX_NAMES 100

void th_tpl_free(struct th_tpl *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->summary);
    for (size_t i = 0; i < t->nitems; i++)
        free(t->items[i].text);
    free(t->items);
    for (size_t a = 0; a < t->napps; a++) {
        struct th_tpl_appendix *ap = &t->apps[a];
        free(ap->title);
        for (size_t i = 0; i < ap->nnotes; i++)
            free(ap->notes[i].text);
        free(ap->notes);
        for (size_t i = 0; i < ap->ncols; i++) {
            free(ap->cols[i].label);
            free(ap->cols[i].value);
        }
        free(ap->cols);
    }
    free(t->apps);
    free(t);
}

/* NFC text with white space runs collapsed to one space; NULL if not UTF-8. */
static char *clean_text(const char *s)
{
    char *n = th_nfc(s ? s : "");
    if (!n)
        return NULL;
    char *w = n;
    bool space = true;
    for (const char *r = n; *r; r++) {
        if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r') {
            if (!space)
                *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    if (w > n && w[-1] == ' ')
        w--;
    *w = '\0';
    return n;
}

static char *node_text(xmlNodePtr n)
{
    char *raw = th_xml_text(n);
    char *s = clean_text(raw);
    free(raw);
    return s;
}

static char *attr_text(xmlNodePtr n, const char *name)
{
    char *raw = th_xml_attr(n, name);
    char *s = raw ? clean_text(raw) : NULL;
    free(raw);
    return s;
}

static enum th_pdf_style para_style(xmlNodePtr n)
{
    char *s = th_xml_attr(n, "style");
    enum th_pdf_style st = !s ? TH_PDF_REGULAR
                           : strcmp(s, "italic") == 0 ? TH_PDF_ITALIC
                           : strcmp(s, "bold") == 0 ? TH_PDF_BOLD
                                                     : TH_PDF_REGULAR;
    free(s);
    return st;
}

static void add_item(struct th_tpl *t, enum th_tpl_kind k, xmlNodePtr n, bool with_text)
{
    TH_GROW(t->items, t->capitems, t->nitems + 1);
    struct th_tpl_item *it = &t->items[t->nitems++];
    it->kind = k;
    it->style = k == TH_TPL_P || k == TH_TPL_CLOSING ? para_style(n) : TH_PDF_BOLD;
    it->text = k == TH_TPL_SECTION ? attr_text(n, "title") : with_text ? node_text(n) : NULL;
    it->line = (int)xmlGetLineNo(n);
    it->max = 0;
}

/* A positive count attribute (schema-checked), or dflt when absent. */
static size_t attr_count(xmlNodePtr n, const char *name, size_t dflt)
{
    char *v = th_xml_attr(n, name);
    unsigned long long r = v ? strtoull(v, NULL, 10) : 0;
    free(v);
    return r ? (size_t)r : dflt;
}

static bool is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The template of plan p: ws->dir/<name> when the workspace carries one,
 * else th_home()/templates/<name>. */
static char *template_path(const struct th_workspace *ws)
{
    char *own = th_path_join(ws->dir, ws->plan->template_name);
    if (th_is_file(own))
        return own;
    free(own);
    return th_home_path("templates", ws->plan->template_name);
}

struct th_tpl *th_tpl_load(const struct th_workspace *ws)
{
    struct th_tpl *t = th_calloc(1, sizeof *t);
    t->path = template_path(ws);
    xmlDocPtr doc = th_xml_load_config(t->path, "report-template.xsd");
    if (!doc) {
        th_tpl_free(t);
        return NULL;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (is_el(n, "summary")) {
            t->summary = node_text(n);
            t->summary_line = (int)xmlGetLineNo(n);
        } else if (is_el(n, "opening") || is_el(n, "closing")) {
            TH_XML_FOREACH(pn, n, "p")
            add_item(t, is_el(n, "opening") ? TH_TPL_P : TH_TPL_CLOSING, pn, true);
        } else if (is_el(n, "section")) {
            add_item(t, TH_TPL_SECTION, n, false);
            for (xmlNodePtr c = n->children; c; c = c->next) {
                if (is_el(c, "h"))
                    add_item(t, TH_TPL_H, c, true);
                else if (is_el(c, "p"))
                    add_item(t, TH_TPL_P, c, true);
                else if (is_el(c, "indicatorTable"))
                    add_item(t, TH_TPL_TABLE, c, false);
                else if (is_el(c, "chart"))
                    add_item(t, TH_TPL_CHART, c, false);
                else if (is_el(c, "completeness")) {
                    add_item(t, TH_TPL_COMPLETENESS, c, false);
                    t->items[t->nitems - 1].max = attr_count(c, "maxNames", COMPLETENESS_MAX_NAMES);
                }
            }
        } else if (is_el(n, "appendix")) {
            TH_GROW(t->apps, t->capapps, t->napps + 1);
            struct th_tpl_appendix *ap = &t->apps[t->napps++];
            memset(ap, 0, sizeof *ap);
            ap->title = attr_text(n, "title");
            ap->line = (int)xmlGetLineNo(n);
            char *sel = th_xml_attr(n, "select"), *nw = th_xml_attr(n, "nameWidth");
            ap->communes = sel && strcmp(sel, "communes") == 0;
            ap->name_width = nw ? strtof(nw, NULL) : 4;
            ap->max_rows = attr_count(n, "maxRows", APPENDIX_MAX_ROWS);
            free(sel);
            free(nw);
            for (xmlNodePtr c = n->children; c; c = c->next) {
                if (is_el(c, "p")) {
                    TH_GROW(ap->notes, ap->capnotes, ap->nnotes + 1);
                    struct th_tpl_item *it = &ap->notes[ap->nnotes++];
                    it->kind = TH_TPL_P;
                    it->style = para_style(c);
                    it->text = node_text(c);
                    it->line = (int)xmlGetLineNo(c);
                } else if (is_el(c, "column")) {
                    TH_GROW(ap->cols, ap->capcols, ap->ncols + 1);
                    struct th_tpl_column *col = &ap->cols[ap->ncols++];
                    col->label = attr_text(c, "label");
                    col->value = attr_text(c, "value");
                    char *w = th_xml_attr(c, "width"), *al = th_xml_attr(c, "align");
                    col->width = w ? strtof(w, NULL) : 1;
                    col->align = !al ? TH_PDF_RIGHT
                                 : strcmp(al, "left") == 0 ? TH_PDF_LEFT
                                 : strcmp(al, "center") == 0 ? TH_PDF_CENTER
                                                              : TH_PDF_RIGHT;
                    col->line = (int)xmlGetLineNo(c);
                    free(w);
                    free(al);
                }
            }
        }
    }
    xmlFreeDoc(doc);
    return t;
}

/* ---- values: placeholders and Vietnamese formatting ---- */



/* "90" or "75,5" */
static char *fmt_num(double v, char out[48])
{
    return th_fmt_dec(v, v == floor(v) ? 0 : 1, out);
}

char *th_tpl_ind_value(const struct th_cons_indicator *ci)
{
    char b[48];
    if (ci->status != TH_IND_OK)
        return th_strdup("–");
    return th_strdup(ci->ratio ? th_fmt_pct(ci->value, 1, b) : th_fmt_dec(ci->value, 0, b));
}

char *th_tpl_ind_target(const struct th_cons_indicator *ci)
{
    char b[48];
    if (!ci->has_target)
        return th_strdup("Không có chỉ tiêu");
    if (ci->relative)
        return th_asprintf("Tăng %s %s so với năm %d", th_op_symbol(ci->op), th_fmt_pct(ci->target, 0, b),
                           ci->baseline_year);
    if (ci->ratio) {
        fmt_num(ci->target, b);
        return th_asprintf("%s %s%%", th_op_symbol(ci->op), b);
    }
    return th_asprintf("%s %s", th_op_symbol(ci->op), fmt_num(ci->target, b));
}

/* Required absolute level of a relative target, or NAN. */
double th_tpl_ind_required(const struct th_cons_indicator *ci)
{
    if (!ci->has_target)
        return NAN;
    if (!ci->relative)
        return ci->target;
    if (!ci->has_baseline)
        return NAN;
    return ci->baseline * (1 + ci->target / 100);
}

static const struct th_cons_indicator *find_ind(const struct th_cons_node *n, const char *code, size_t len)
{
    for (size_t i = 0; i < n->nind; i++)
        if (strlen(n->ind[i].code) == len && strncmp(n->ind[i].code, code, len) == 0)
            return &n->ind[i];
    return NULL;
}

/* Sum of a node's totals over a field pattern; false if it matches nothing. */
static bool field_sum(const struct th_cons_node *n, const char *pattern, int64_t *out)
{
    int64_t sum = 0;
    bool any = false;
    for (size_t i = 0; i < th_nnumeric; i++)
        if (th_field_match(pattern, th_fields[i].id)) {
            sum += n->total[i];
            any = true;
        }
    *out = sum;
    return any;
}

char *th_tpl_report_number(const struct th_tpl_ctx *x)
{
    if (x->rd && x->rd->number > 0)
        return th_asprintf("%02d/%s", x->rd->number, x->id->symbol);
    return th_asprintf("     /%s", x->id->symbol);
}

static char *own_status(const struct th_cons_node *n)
{
    if (n->own == TH_OWN_ACCEPTED && n->late)
        return th_strdup("Đã chấp nhận (gửi muộn)");
    if (n->closed && n->own == TH_OWN_NONE)
        return th_strdup("Đã giải thể, sáp nhập");
    return th_strdup(th_own_label(n->own));
}

/* The value of placeholder name in context x, or NULL if there is none. */
static char *resolve(const struct th_tpl_ctx *x, const char *name)
{
    const struct th_plan *pl = x->ws->plan;
    const struct th_cons_node *n = x->node, *root = x->c->root;
    char b[64];
    if (strcmp(name, "year") == 0)
        return th_asprintf("%d", x->per->year);
    if (strcmp(name, "period.label") == 0)
        return th_strdup(x->per->def->label);
    if (strcmp(name, "period.start") == 0)
        return th_strdup(th_fmt_dmy(x->per->start, b));
    if (strcmp(name, "period.end") == 0)
        return th_strdup(th_fmt_dmy(x->per->end, b));
    if (strcmp(name, "period.deadline") == 0)
        return th_strdup(th_fmt_dmy(x->per->deadline, b));
    if (strcmp(name, "plan.title") == 0)
        return th_strdup(pl->title);
    if (strcmp(name, "plan.place") == 0)
        return th_strdup(x->id->place);
    if (strcmp(name, "upward.to") == 0)
        return th_strdup(x->id->upward_to);
    if (strcmp(name, "issuer.name") == 0)
        return th_strdup(x->issuer);
    if (strcmp(name, "root.name") == 0)
        return th_strdup(root->name);
    if (strcmp(name, "area") == 0)
        return th_strdup(x->area);
    if (strcmp(name, "report.number") == 0)
        return th_tpl_report_number(x);
    if (strcmp(name, "report.date") == 0)
        return x->rd && x->rd->issued ? th_strdup(th_fmt_vn_date(x->rd->issued, b)) : th_strdup("ngày   tháng   năm");
    if (strcmp(name, "salary.base") == 0)
        return th_strdup(th_fmt_int(th_plan_base_salary(pl, x->per->end), b));
    if (strcmp(name, "unit.name") == 0)
        return th_strdup(n->name);
    if (strcmp(name, "unit.code") == 0)
        return th_strdup(n->code);
    if (strcmp(name, "unit.kind") == 0)
        return th_strdup(n->kind_label);
    if (strcmp(name, "unit.status") == 0 && x->summary)
        return th_asprintf("%s/%s đơn vị đạt yêu cầu", th_fmt_int((int64_t)n->n_accepted, b),
                           th_fmt_int((int64_t)n->n_expected, b + 32));
    if (strcmp(name, "unit.status") == 0)
        return own_status(n);
    if (strncmp(name, "units.", 6) == 0) {
        const char *k = name + 6;
        size_t v;
        if (strcmp(k, "expected") == 0)
            v = n->n_expected;
        else if (strcmp(k, "received") == 0)
            v = n->n_received;
        else if (strcmp(k, "accepted") == 0)
            v = n->n_accepted;
        else if (strcmp(k, "rejected") == 0)
            v = n->n_rejected;
        else if (strcmp(k, "missing") == 0)
            v = n->n_missing;
        else if (strcmp(k, "late") == 0)
            v = n->n_late;
        else if (strcmp(k, "rate") == 0)
            return n->n_expected ? th_strdup(th_fmt_pct(100.0 * (double)n->n_accepted / (double)n->n_expected, 1, b))
                                 : th_strdup("–");
        else
            return NULL;
        return th_strdup(th_fmt_int((int64_t)v, b));
    }
    if (strncmp(name, "indicators.", 11) == 0) {
        const char *k = name + 11;
        size_t count = root->nind, met = 0, unmet = 0;
        for (size_t i = 0; i < root->nind; i++) {
            met += root->ind[i].met == TH_MET_YES;
            unmet += root->ind[i].met == TH_MET_NO;
        }
        size_t v = strcmp(k, "count") == 0      ? count
                   : strcmp(k, "met") == 0      ? met
                   : strcmp(k, "unmet") == 0    ? unmet
                   : strcmp(k, "assessed") == 0 ? met + unmet
                                                : (size_t)-1;
        return v == (size_t)-1 ? NULL : th_asprintf("%zu", v);
    }
    if (strncmp(name, "root.", 5) == 0 || strncmp(name, "total.", 6) == 0) {
        bool r = name[0] == 'r';
        int64_t v;
        if (!field_sum(r ? root : n, name + (r ? 5 : 6), &v))
            return NULL;
        return th_strdup(th_fmt_int(v, b));
    }
    const char *dot = strrchr(name, '.');
    if (!dot)
        return NULL;
    const struct th_cons_indicator *ci = find_ind(n, name, (size_t)(dot - name));
    if (!ci)
        return NULL;
    const char *a = dot + 1;
    if (strcmp(a, "value") == 0)
        return th_tpl_ind_value(ci);
    if (strcmp(a, "target") == 0)
        return th_tpl_ind_target(ci);
    if (strcmp(a, "met") == 0)
        return th_strdup(th_met_label(ci->met));
    if (strcmp(a, "name") == 0)
        return th_strdup(ci->name);
    if (strcmp(a, "num") == 0)
        return th_strdup(th_fmt_int(ci->num, b));
    if (strcmp(a, "den") == 0)
        return th_strdup(th_fmt_int(ci->den, b));
    if (strcmp(a, "change") == 0)
        return ci->has_baseline && ci->status == TH_IND_OK ? th_strdup(th_fmt_pct(ci->change, 1, b)) : th_strdup("–");
    if (strcmp(a, "baseline") == 0)
        return ci->has_baseline ? th_strdup(th_fmt_dec(ci->baseline, ci->ratio ? 1 : 0, b)) : th_strdup("–");
    return NULL;
}

/* Expand every {name} of text. Unknown or unclosed placeholders are a
 * configuration error naming the template file and line. */
th_err th_tpl_expand(const struct th_tpl_ctx *x, const char *path, int line, const char *text, char **out)
{
    struct th_buf b;
    th_buf_init(&b, 1u << 20);
    th_err e = TH_OK;
    bool unknown = false;
    const char *s = text;
    while (e == TH_OK && *s) {
        const char *o = strchr(s, '{');
        if (!o) {
            e = th_buf_puts(&b, s);
            break;
        }
        e = th_buf_add(&b, s, (size_t)(o - s));
        const char *cl = strchr(o + 1, '}');
        if (!cl) {
            th_error("%s:%d: unclosed placeholder '%.20s' in the report template", path, line, o);
            e = TH_ERR_CONFIG;
            break;
        }
        char *name = th_strndup(o + 1, (size_t)(cl - o - 1));
        char *v = resolve(x, name);
        if (!v) {
            th_error("%s:%d: unknown placeholder '{%s}' in the report template", path, line, name);
            unknown = true;     /* go on: report every unknown placeholder of the text */
        } else if (e == TH_OK) {
            e = th_buf_puts(&b, v);
        }
        free(v);
        free(name);
        s = cl + 1;
    }
    if (unknown && e == TH_OK)
        e = TH_ERR_CONFIG;
    if (e != TH_OK) {
        th_buf_release(&b);
        *out = NULL;
        return e;
    }
    *out = th_buf_detach(&b);
    if (!*out)
        *out = th_strdup("");
    return TH_OK;
}

/* Check every placeholder of the template at once, so an operator sees all
 * the mistakes in one run. */
th_err th_tpl_check(const struct th_tpl_ctx *x, const struct th_tpl *t)
{
    th_err worst = TH_OK;
    char *s;
#define CHECK(line, text)                                                   \
    do {                                                                    \
        if ((text) && th_tpl_expand(x, t->path, (line), (text), &s) != TH_OK)      \
            worst = TH_ERR_CONFIG;                                          \
        free(s);                                                            \
        s = NULL;                                                           \
    } while (0)
    s = NULL;
    CHECK(t->summary_line, t->summary);
    for (size_t i = 0; i < t->nitems; i++)
        CHECK(t->items[i].line, t->items[i].text);
    for (size_t a = 0; a < t->napps; a++) {
        CHECK(t->apps[a].line, t->apps[a].title);
        for (size_t i = 0; i < t->apps[a].nnotes; i++)
            CHECK(t->apps[a].notes[i].line, t->apps[a].notes[i].text);
        for (size_t i = 0; i < t->apps[a].ncols; i++) {
            CHECK(t->apps[a].cols[i].line, t->apps[a].cols[i].label);
            CHECK(t->apps[a].cols[i].line, t->apps[a].cols[i].value);
        }
    }
#undef CHECK
    return worst;
}
