/* report_template.c - loading the report template and resolving its
 * placeholders ({year}, {unit.name}, {I01.value}...) in Vietnamese. */
#include "report_template.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

#include "fields.h"
#include "text.h"
#include "xmlsafe.h"

/* Defaults of the template's bounds (schemas/report-template.xsd): rows of
 * an appendix (about 37 a page) and unit names in a completeness list. */
#define APPENDIX_MAX_ROWS 2000
#define COMPLETENESS_MAX_NAMES 100

static void item_release(struct th_tpl_item *it)
{
    free(it->text);
    free(it->id);
    free(it->when.name);
    for (size_t i = 0; i < it->nparas; i++)
        item_release(&it->paras[i]);
    free(it->paras);
    for (size_t i = 0; i < it->ntopics; i++) {
        struct th_tpl_topic *tp = &it->topics[i];
        free(tp->id);
        free(tp->title);
        for (size_t k = 0; k < tp->nparas; k++)
            item_release(&tp->paras[k]);
        free(tp->paras);
    }
    free(it->topics);
}

void th_tpl_free(struct th_tpl *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->summary);
    for (size_t i = 0; i < t->nitems; i++)
        item_release(&t->items[i]);
    free(t->items);
    for (size_t a = 0; a < t->napps; a++) {
        struct th_tpl_appendix *ap = &t->apps[a];
        free(ap->title);
        for (size_t i = 0; i < ap->nnotes; i++)
            item_release(&ap->notes[i]);
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

static char *node_text(xmlNodePtr n)
{
    char *raw = th_xml_text(n);
    char *s = th_nfc_collapse(raw);
    free(raw);
    return s;
}

static char *attr_text(xmlNodePtr n, const char *name)
{
    char *raw = th_xml_attr(n, name);
    char *s = raw ? th_nfc_collapse(raw) : NULL;
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

/* "units.late > 0" (the schema's pattern) into c; c->name stays NULL when
 * there is no condition. */
static void parse_cond(const char *w, struct th_tpl_cond *c)
{
    static const struct {
        const char *sym;
        enum th_op op;
    } ops[] = {{"!=", TH_OP_NE}, {"<=", TH_OP_LE}, {">=", TH_OP_GE}, {"=", TH_OP_EQ}, {"<", TH_OP_LT}, {">", TH_OP_GT}};
    memset(c, 0, sizeof *c);
    if (!w)
        return;
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        const char *at = strstr(w, ops[k].sym);
        if (!at)
            continue;
        const char *b = w, *e = at;
        while (*b == ' ')
            b++;
        while (e > b && e[-1] == ' ')
            e--;
        c->name = th_strndup(b, (size_t)(e - b));
        c->op = ops[k].op;
        c->value = strtod(at + strlen(ops[k].sym), NULL);
        return;
    }
}

static void para_init(struct th_tpl_item *it, enum th_tpl_kind k, xmlNodePtr n)
{
    memset(it, 0, sizeof *it);
    it->kind = k;
    it->style = para_style(n);
    it->text = node_text(n);
    it->line = (int)xmlGetLineNo(n);
    char *w = th_xml_attr(n, "when");
    parse_cond(w, &it->when);
    free(w);
}

static struct th_tpl_item *add_item(struct th_tpl *t, enum th_tpl_kind k, xmlNodePtr n)
{
    TH_GROW(t->items, t->capitems, t->nitems + 1);
    struct th_tpl_item *it = &t->items[t->nitems++];
    if (k == TH_TPL_P || k == TH_TPL_CLOSING) {
        para_init(it, k, n);
        return it;
    }
    memset(it, 0, sizeof *it);
    it->kind = k;
    it->style = TH_PDF_BOLD;
    it->text = k == TH_TPL_SECTION ? attr_text(n, "title") : k == TH_TPL_H ? node_text(n) : NULL;
    it->id = th_xml_attr(n, "id");
    it->line = (int)xmlGetLineNo(n);
    return it;
}

/* The <p> children of n, appended to *v. */
static void add_paras(xmlNodePtr n, struct th_tpl_item **v, size_t *nv, size_t *cap)
{
    TH_XML_FOREACH(pn, n, "p")
    {
        TH_GROW(*v, *cap, *nv + 1);
        para_init(&(*v)[(*nv)++], TH_TPL_P, pn);
    }
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

char *th_tpl_path(const struct th_workspace *ws)
{
    char *own = th_path_join(ws->dir, ws->plan->template_name);
    if (th_is_file(own))
        return own;
    free(own);
    return th_home_path("templates", ws->plan->template_name);
}

/* The blocks written from the figures: element name -> kind. */
static const struct {
    const char *name;
    enum th_tpl_kind kind;
} blocks[] = {
    {"direction", TH_TPL_DIRECTION}, {"comparisonNote", TH_TPL_COMPARISON}, {"agencies", TH_TPL_AGENCIES},
    {"indicatorSummary", TH_TPL_IND_SUMMARY}, {"strengths", TH_TPL_STRENGTHS}, {"weaknesses", TH_TPL_WEAKNESSES},
    {"causes", TH_TPL_CAUSES}, {"directions", TH_TPL_DIRECTIONS}, {"unitsSaid", TH_TPL_UNITS_SAID},
};

static void load_section_child(struct th_tpl *t, xmlNodePtr c)
{
    if (is_el(c, "h")) {
        add_item(t, TH_TPL_H, c);
    } else if (is_el(c, "p")) {
        add_item(t, TH_TPL_P, c);
    } else if (is_el(c, "indicatorTable")) {
        add_item(t, TH_TPL_TABLE, c);
    } else if (is_el(c, "chart")) {
        add_item(t, TH_TPL_CHART, c);
    } else if (is_el(c, "completeness")) {
        add_item(t, TH_TPL_COMPLETENESS, c)->max = attr_count(c, "maxNames", COMPLETENESS_MAX_NAMES);
    } else if (is_el(c, "tasks")) {
        struct th_tpl_item *it = add_item(t, TH_TPL_TASKS, c);
        TH_XML_FOREACH(tn, c, "topic")
        {
            TH_GROW(it->topics, it->captopics, it->ntopics + 1);
            struct th_tpl_topic *tp = &it->topics[it->ntopics++];
            memset(tp, 0, sizeof *tp);
            tp->id = th_xml_attr(tn, "id");
            tp->title = attr_text(tn, "title");
            tp->line = (int)xmlGetLineNo(tn);
            add_paras(tn, &tp->paras, &tp->nparas, &tp->capparas);
        }
    } else {
        for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++)
            if (is_el(c, blocks[k].name)) {
                struct th_tpl_item *it = add_item(t, blocks[k].kind, c);
                char *what = th_xml_attr(c, "what");
                it->proposals = what && strcmp(what, "proposals") == 0;
                free(what);
                add_paras(c, &it->paras, &it->nparas, &it->capparas);
            }
    }
}

static void load_appendix(struct th_tpl *t, xmlNodePtr n)
{
    TH_GROW(t->apps, t->capapps, t->napps + 1);
    struct th_tpl_appendix *ap = &t->apps[t->napps++];
    memset(ap, 0, sizeof *ap);
    ap->title = attr_text(n, "title");
    ap->line = (int)xmlGetLineNo(n);
    char *sel = th_xml_attr(n, "select"), *nw = th_xml_attr(n, "nameWidth");
    ap->select = sel && strcmp(sel, "communes") == 0     ? TH_TPL_SEL_COMMUNES
                 : sel && strcmp(sel, "narratives") == 0 ? TH_TPL_SEL_NARRATIVES
                                                         : TH_TPL_SEL_AGENCIES;
    ap->name_width = nw ? strtof(nw, NULL) : 4;
    ap->max_rows = attr_count(n, "maxRows", APPENDIX_MAX_ROWS);
    free(sel);
    free(nw);
    add_paras(n, &ap->notes, &ap->nnotes, &ap->capnotes);
    TH_XML_FOREACH(c, n, "column")
    {
        TH_GROW(ap->cols, ap->capcols, ap->ncols + 1);
        struct th_tpl_column *col = &ap->cols[ap->ncols++];
        col->label = attr_text(c, "label");
        col->value = attr_text(c, "value");
        char *w = th_xml_attr(c, "width"), *al = th_xml_attr(c, "align");
        col->width = w ? strtof(w, NULL) : 1;
        col->align = !al                          ? TH_PDF_RIGHT
                     : strcmp(al, "left") == 0   ? TH_PDF_LEFT
                     : strcmp(al, "center") == 0 ? TH_PDF_CENTER
                                                  : TH_PDF_RIGHT;
        col->line = (int)xmlGetLineNo(c);
        free(w);
        free(al);
    }
}

struct th_tpl *th_tpl_load(const struct th_workspace *ws)
{
    struct th_tpl *t = th_calloc(1, sizeof *t);
    t->path = th_tpl_path(ws);
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
            add_item(t, is_el(n, "opening") ? TH_TPL_P : TH_TPL_CLOSING, pn);
        } else if (is_el(n, "section")) {
            add_item(t, TH_TPL_SECTION, n);
            for (xmlNodePtr c = n->children; c; c = c->next)
                load_section_child(t, c);
        } else if (is_el(n, "appendix")) {
            load_appendix(t, n);
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

/* n's indicator of that code (len bytes), copied into *out (a unit's are
 * computed when read: th_cons_ind), or NULL. */
static const struct th_cons_indicator *find_ind(const struct th_tpl_ctx *x, const struct th_cons_node *n,
                                                const char *code, size_t len, struct th_cons_indicator *out)
{
    for (size_t i = 0; i < n->nind; i++)
        if (th_cons_ind(x->c, n, i, out) && strlen(out->code) == len && strncmp(out->code, code, len) == 0)
            return out;
    return NULL;
}

bool th_tpl_field_sum(const struct th_cons_node *n, const char *pattern, int64_t *out)
{
    int64_t sum = 0;
    bool any = false;
    struct th_values buf;
    const int64_t *total = th_cons_totals(n, &buf);
    for (size_t i = 0; i < th_nnumeric; i++)
        if (th_field_match(pattern, th_fields[i].id)) {
            sum += total[i];
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
    char b[64];
    if (n->own == TH_OWN_NONE && !n->closed && n->n_expected)
        /* not asked itself, its units are: the row sums theirs */
        return th_asprintf("Tổng hợp %s/%s đơn vị", th_fmt_int((int64_t)n->n_accepted, b),
                           th_fmt_int((int64_t)n->n_expected, b + 32));
    if (n->own == TH_OWN_ACCEPTED && n->late)
        return th_strdup("Đã chấp nhận (gửi muộn)");
    if (n->closed && n->own == TH_OWN_NONE)
        return th_strdup("Đã giải thể, sáp nhập");
    return th_strdup(th_own_label(n->own));
}

const struct th_cons_node *th_tpl_prev_node(const struct th_tpl_ctx *x, const struct th_cons_node *n)
{
    if (!x->prev || !n)
        return NULL;
    if (n == x->c->root)
        return x->prev->root;
    return th_cons_find(x->prev, n->code);
}

char *th_tpl_vs(const struct th_tpl_ctx *x, int64_t now, int64_t before)
{
    char b[48];
    if (!x->prev)
        return th_strdup("");
    int py = x->prev->year;
    if (now == before)
        return th_asprintf(" (bằng cùng kỳ năm %d)", py);
    if (before == 0)
        return th_asprintf(" (cùng kỳ năm %d: 0)", py);
    double pct = ((double)now - (double)before) * 100.0 / (double)before;
    return th_asprintf(" (%s %s so với cùng kỳ năm %d)", pct > 0 ? "tăng" : "giảm", th_fmt_pct(fabs(pct), 1, b), py);
}

/* " số 125/KH-UBND ngày 06 tháng 5 năm 2021 của Ủy ban nhân dân tỉnh Kiên
 * Giang": what plan.xml knows of a document's number, date and author;
 * true when it knew any. */
static bool cite_doc(struct th_buf *b, const struct th_plan_doc *doc)
{
    char d[64];
    if (doc->number)
        th_buf_printf(b, " số %s", doc->number);
    if (doc->date)
        th_buf_printf(b, " %s", th_fmt_vn_date(doc->date, d));
    if (doc->by)
        th_buf_printf(b, " của %s", doc->by);
    return doc->number || doc->date || doc->by;
}

/* "Kế hoạch số 125/KH-UBND ngày 06 tháng 5 năm 2021 của Ủy ban nhân dân
 * tỉnh Kiên Giang thực hiện Chương trình …": the plan's title with what
 * plan.xml's <document> knows of its number, date and author. */
static char *plan_cite(const struct th_plan *pl)
{
    static const char head[] = "Kế hoạch ";
    const char *title = pl->title;
    const char *rest = strncmp(title, head, sizeof head - 1) == 0 ? title + sizeof head - 1 : NULL;
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_puts(&b, rest ? "Kế hoạch" : title);
    bool known = cite_doc(&b, &pl->doc);
    /* "… của Ủy ban nhân dân tỉnh về thực hiện Chương trình …" */
    if (rest)
        th_buf_printf(&b, "%s %s", known ? " về" : "", rest);
    char *s = th_buf_detach(&b);
    return s ? s : th_strdup(title);
}

/* What the report answers, after "Thực hiện": the period's requests
 * ("Công văn số 2468/BYT-BTXH ngày 15 tháng 9 năm 2026 của Bộ Y tế về việc
 * báo cáo …; Công văn số …"), else the plan (plan_cite). */
static char *report_basis(const struct th_plan *pl, const struct th_period *per)
{
    if (!per->def || per->def->nrequests == 0)
        return plan_cite(pl);
    struct th_buf b;
    th_buf_init(&b, 0);
    for (size_t i = 0; i < per->def->nrequests; i++) {
        const struct th_plan_doc *r = &per->def->requests[i];
        th_buf_printf(&b, "%s%s", i ? "; " : "", r->kind);
        cite_doc(&b, r);
        th_buf_printf(&b, " về việc %s", r->about);
    }
    char *s = th_buf_detach(&b);
    return s ? s : th_strdup("");
}

char *th_tpl_lower_first(const char *s)
{
    size_t n = strlen(s);
    ucs4_t uc;
    int len = n ? u8_mbtouc(&uc, (const uint8_t *)s, n) : 0;
    uint8_t buf[8];
    int l2 = len > 0 ? u8_uctomb(buf, uc_tolower(uc), (int)sizeof buf) : 0;
    if (len <= 0 || l2 <= 0)
        return th_strdup(s);
    char *out = th_malloc(n - (size_t)len + (size_t)l2 + 1);
    memcpy(out, buf, (size_t)l2);
    memcpy(out + l2, s + len, n - (size_t)len + 1);
    return out;
}

char *th_tpl_upper(const char *s)
{
    size_t ul = 0;
    uint8_t *up = u8_toupper((const uint8_t *)s, strlen(s) + 1, NULL, NULL, NULL, &ul);
    return up ? (char *)up : th_strdup(s);
}

char *th_tpl_who(const struct th_tpl_ctx *x)
{
    const struct th_period_def *pd = x->per->def;
    if (!pd || (!pd->nunits && !pd->nkinds))
        return th_strdup("cơ quan, đơn vị, địa phương");
    const char *kind = NULL;
    bool one = true;
    for (size_t k = 0; k < x->c->nnodes && one; k++) {
        const struct th_cons_node *n = x->c->nodes[k];
        const char *l = n->kind_label && *n->kind_label ? n->kind_label : n->kind;
        if (!n->expected || !l)
            continue;
        one = !kind || strcmp(kind, l) == 0;
        kind = l;
    }
    return one && kind ? th_tpl_lower_first(kind) : th_strdup("đơn vị");
}

/* What section II.1's headings are, after "Kết quả thực hiện": the tasks
 * of the plan, or what the period's request asks when plan.xml gives its
 * own headings ("các nội dung theo yêu cầu của Công văn số 5127/BYT-BTXH"). */
static char *tasks_title(const struct th_period *per)
{
    if (!per->def || !per->def->ntasks)
        return th_strdup("các nhiệm vụ, giải pháp của Kế hoạch");
    if (!per->def->nrequests)
        return th_strdup("các nội dung được yêu cầu báo cáo");
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_puts(&b, "các nội dung theo yêu cầu của ");
    for (size_t i = 0; i < per->def->nrequests; i++) {
        const struct th_plan_doc *r = &per->def->requests[i];
        th_buf_printf(&b, "%s%s", i ? (i + 1 < per->def->nrequests ? ", " : " và ") : "", r->kind);
        if (r->number)
            th_buf_printf(&b, " số %s", r->number);
    }
    return th_buf_detach(&b);
}

/* "năm 2027", "6 tháng cuối năm 2025", "những tháng cuối năm 2026": what
 * comes after this period. */
static char *period_next(const struct th_period *per)
{
    if (strcmp(per->id, "h1") == 0)
        return th_asprintf("6 tháng cuối năm %d", per->year);
    if (per->def && !per->def->full_year)
        return th_asprintf("những tháng cuối năm %d", per->year);
    return th_asprintf("năm %d", per->year + 1);
}

bool th_tpl_number(const struct th_tpl_ctx *x, const char *name, double *out)
{
    const struct th_cons_node *n = x->node ? x->node : x->c->root, *root = x->c->root;
    if (strncmp(name, "units.", 6) == 0) {
        const char *k = name + 6;
        size_t v = strcmp(k, "expected") == 0   ? n->n_expected
                   : strcmp(k, "received") == 0 ? n->n_received
                   : strcmp(k, "accepted") == 0 ? n->n_accepted
                   : strcmp(k, "rejected") == 0 ? n->n_rejected
                   : strcmp(k, "missing") == 0  ? n->n_missing
                   : strcmp(k, "late") == 0     ? n->n_late
                                                : (size_t)-1;
        *out = (double)v;
        return v != (size_t)-1;
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
        *out = (double)v;
        return v != (size_t)-1;
    }
    if (strcmp(name, "appendix.ratios") == 0) {
        *out = (double)x->ratio_cols;
        return true;
    }
    if (strcmp(name, "prev.exists") == 0) {
        *out = x->prev != NULL;
        return true;
    }
    if (strcmp(name, "period.estimated") == 0) {
        /* units report before the data window closes: its last days are estimates */
        *out = x->per->deadline < x->per->end;
        return true;
    }
    if (strcmp(name, "period.h1") == 0) {
        *out = strcmp(x->per->id, "h1") == 0;
        return true;
    }
    if (strcmp(name, "said.difficulties") == 0 || strcmp(name, "said.proposals") == 0) {
        *out = (double)x->said[name[5] == 'p'];
        return true;
    }
    if (strncmp(name, "root.", 5) == 0 || strncmp(name, "total.", 6) == 0) {
        bool r = name[0] == 'r';
        int64_t v;
        if (!th_tpl_field_sum(r ? root : n, name + (r ? 5 : 6), &v))
            return false;
        *out = (double)v;
        return true;
    }
    return false;
}

bool th_tpl_holds(const struct th_tpl_ctx *x, const struct th_tpl_cond *c)
{
    double v;
    if (!c->name)
        return true;
    return th_tpl_number(x, c->name, &v) && th_op_holds(c->op, v, c->value);
}

static const char *const appendix_keys[] = {"appendix.agencies", "appendix.communes", "appendix.narratives"};

/* The value of placeholder name in context x, or NULL if there is none. */
char *th_tpl_resolve(const struct th_tpl_ctx *x, const char *name)
{
    const struct th_plan *pl = x->ws->plan;
    const struct th_cons_node *n = x->node, *root = x->c->root;
    char b[64];
    if (strncmp(name, "asked.", 6) == 0)
        return th_strdup(""); /* prints nothing: keeps a [...] part to the periods asking its fields */
    if (strcmp(name, "year") == 0)
        return th_asprintf("%d", x->per->year);
    if (strcmp(name, "period.label") == 0)
        return th_strdup(x->per->def->label);
    if (strcmp(name, "period.adhoc") == 0) /* after the title's year: "(báo cáo đột xuất, số liệu đến ngày 30/09/2026)" */
        return x->per->def->year ? th_asprintf(" (báo cáo đột xuất, số liệu đến ngày %s)", th_fmt_dmy(x->per->end, b))
                                 : th_strdup("");
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
        return th_strdup(x->id->upward_to ? x->id->upward_to : "cấp trên");
    if (strcmp(name, "issuer.name") == 0)
        return th_strdup(x->issuer);
    if (strcmp(name, "root.name") == 0)
        return th_strdup(root->name);
    /* what the report answers: the period's requests, else the plan (the
     * template's text, so its sha256 in every PDF's /ID, is unchanged) */
    if (strcmp(name, "plan.cite") == 0)
        return report_basis(pl, x->per);
    if (strcmp(name, "period.next") == 0)
        return period_next(x->per);
    if (strcmp(name, "tasks.title") == 0)
        return tasks_title(x->per);
    if (strcmp(name, "units.who") == 0)
        return th_tpl_who(x);
    if (strcmp(name, "appendix.units") == 0)
        return th_strdup(x->appendix_units ? x->appendix_units : "đơn vị");
    if (strcmp(name, "period.estimatedFrom") == 0)
        return th_strdup(th_fmt_dmy(x->per->deadline + 1, b));
    if (strcmp(name, "prev.year") == 0)
        return th_asprintf("%d", x->per->year - 1);
    for (size_t k = 0; k < sizeof appendix_keys / sizeof appendix_keys[0]; k++)
        if (strcmp(name, appendix_keys[k]) == 0)
            return th_strdup(x->appendix_no[k] ? x->appendix_no[k] : "phụ lục");
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
    if (strcmp(name, "units.rate") == 0)
        return n->n_expected ? th_strdup(th_fmt_pct(100.0 * (double)n->n_accepted / (double)n->n_expected, 1, b))
                             : th_strdup("–");
    if (strncmp(name, "units.", 6) == 0 || strncmp(name, "indicators.", 11) == 0) {
        double v;
        if (!th_tpl_number(x, name, &v))
            return NULL;
        return th_strdup(th_fmt_int((int64_t)v, b));
    }
    if (strncmp(name, "root.", 5) == 0 || strncmp(name, "total.", 6) == 0) {
        bool r = name[0] == 'r';
        const struct th_cons_node *at = r ? root : n;
        const char *field = name + (r ? 5 : 6);
        size_t fl = strlen(field);
        int64_t v;
        if (fl > 3 && strcmp(field + fl - 3, ".vs") == 0) {
            char *f = th_strndup(field, fl - 3);
            const struct th_cons_node *old = th_tpl_prev_node(x, at);
            int64_t w = 0;
            bool ok = th_tpl_field_sum(at, f, &v);
            if (ok && old)
                th_tpl_field_sum(old, f, &w);
            free(f);
            if (!ok)
                return NULL;
            if (x->prev && !old)
                return th_strdup(""); /* the unit did not report a year earlier */
            return th_tpl_vs(x, v, w);
        }
        if (!th_tpl_field_sum(at, field, &v))
            return NULL;
        /* a unit (or group) with nothing accepted has no figures, not 0
         * of each: "–", as its ratios (an appendix row "Chưa báo cáo") */
        if (!r && at->n_accepted == 0)
            return th_strdup("–");
        return th_strdup(th_fmt_int(v, b));
    }
    const char *dot = strrchr(name, '.');
    if (!dot)
        return NULL;
    struct th_cons_indicator one;
    const struct th_cons_indicator *ci = find_ind(x, n, name, (size_t)(dot - name), &one);
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

/* Whether per asks what placeholder name shows: a field total (root.F,
 * total.F, F.vs, asked.F) or an indicator (I1.value) of fields it asks. */
static bool name_asked(const struct th_tpl_ctx *x, const char *name)
{
    const struct th_period_def *d = x->per->def;
    if (strncmp(name, "root.", 5) == 0 || strncmp(name, "total.", 6) == 0 || strncmp(name, "asked.", 6) == 0) {
        char *f = th_strdup(strchr(name, '.') + 1);
        size_t fl = strlen(f);
        if (fl > 3 && strcmp(f + fl - 3, ".vs") == 0)
            f[fl - 3] = '\0';
        bool ok = th_period_asks_pattern(d, f);
        free(f);
        return ok;
    }
    const char *dot = strrchr(name, '.');
    struct th_cons_indicator one;
    const struct th_cons_indicator *ci = dot ? find_ind(x, x->c->root, name, (size_t)(dot - name), &one) : NULL;
    return !ci || ci->status != TH_IND_NOT_ASKED;
}

/* Whether every placeholder of text[0..n) is asked. */
static bool all_asked(const struct th_tpl_ctx *x, const char *text, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (text[i] != '{')
            continue;
        const char *cl = memchr(text + i, '}', n - i);
        if (!cl)
            break;
        char *name = th_strndup(text + i + 1, (size_t)(cl - text - i - 1));
        bool ok = name_asked(x, name);
        free(name);
        if (!ok)
            return false;
    }
    return true;
}

/* text with each optional part "[...]" kept (its brackets dropped) when the
 * period asks every placeholder in it, else left out; parts do not nest.
 * Caller frees. */
static char *cut_parts(const struct th_tpl_ctx *x, const char *text)
{
    bool all = !x->per->def || !x->per->def->nfields;
    struct th_buf b;
    th_buf_init(&b, 1u << 20);
    for (const char *s = text; *s;) {
        const char *o = strchr(s, '['), *cl = o ? strchr(o + 1, ']') : NULL;
        if (!cl) {
            th_buf_puts(&b, s);
            break;
        }
        th_buf_add(&b, s, (size_t)(o - s));
        if (all || all_asked(x, o + 1, (size_t)(cl - o - 1)))
            th_buf_add(&b, o + 1, (size_t)(cl - o - 1));
        s = cl + 1;
    }
    char *r = th_buf_detach(&b);
    return r ? r : th_strdup("");
}

bool th_tpl_ratio(const struct th_tpl_ctx *x, const char *text)
{
    for (const char *s = text ? strchr(text, '{') : NULL; s; s = strchr(s + 1, '{')) {
        const char *dot = strchr(s, '.'), *cl = strchr(s, '}');
        struct th_cons_indicator one;
        const struct th_cons_indicator *ci =
            dot && cl && dot < cl ? find_ind(x, x->c->root, s + 1, (size_t)(dot - s - 1), &one) : NULL;
        if (ci && ci->ratio)
            return true;
    }
    return false;
}

bool th_tpl_asked(const struct th_tpl_ctx *x, const char *cond, const char *text)
{
    if (!x->per->def || !x->per->def->nfields)
        return true;
    if (cond && !name_asked(x, cond))
        return false;
    char *cut = text ? cut_parts(x, text) : NULL;
    bool ok = !cut || all_asked(x, cut, strlen(cut));
    free(cut);
    return ok;
}

/* Expand every {name} of text. Unknown or unclosed placeholders are a
 * configuration error naming the file and line; in Vietnamese when the text
 * is the department's wording (words), which its staff write. */
static th_err expand(th_tpl_lookup *fn, const void *ctx, const char *path, int line, const char *where, bool words,
                     const char *text, char **out)
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
            int n = 0; /* at most 20 bytes, not cutting a UTF-8 character */
            for (int k = 0; k <= 20 && o[k]; k++)
                if (((unsigned char)o[k] & 0xC0) != 0x80)
                    n = k;
            if (strlen(o) <= 20)
                n = (int)strlen(o);
            if (words)
                th_error("%s:%d: chỗ thay '%.*s' thiếu dấu '}' trong %s", path, line, n, o, where);
            else
                th_error("%s:%d: unclosed placeholder '%.*s' in %s", path, line, n, o, where);
            e = TH_ERR_CONFIG;
            break;
        }
        char *name = th_strndup(o + 1, (size_t)(cl - o - 1));
        char *v = fn(ctx, name);
        if (!v) {
            if (words)
                th_error("%s:%d: '{%s}' không phải là chỗ thay dùng được trong %s", path, line, name, where);
            else
                th_error("%s:%d: unknown placeholder '{%s}' in %s", path, line, name, where);
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

th_err th_tpl_expand_fn(th_tpl_lookup *fn, const void *ctx, const char *path, int line, const char *where,
                        const char *text, char **out)
{
    return expand(fn, ctx, path, line, where, false, text, out);
}

th_err th_tpl_expand_words_fn(th_tpl_lookup *fn, const void *ctx, const char *path, int line, const char *where,
                              const char *text, char **out)
{
    return expand(fn, ctx, path, line, where, true, text, out);
}

static char *lookup(const void *ctx, const char *name)
{
    return th_tpl_resolve(ctx, name);
}

th_err th_tpl_expand(const struct th_tpl_ctx *x, const char *path, int line, const char *text, char **out)
{
    char *cut = cut_parts(x, text);
    th_err e = expand(lookup, x, path, line, "the report template", false, cut, out);
    free(cut);
    return e;
}

th_err th_tpl_expand_words(const struct th_tpl_ctx *x, const char *path, int line, const char *text, char **out)
{
    return expand(lookup, x, path, line, "lời văn của báo cáo", true, text, out);
}

static th_err check_text(const struct th_tpl_ctx *x, const char *path, int line, const char *text)
{
    char *s = NULL;
    th_err e = text ? th_tpl_expand(x, path, line, text, &s) : TH_OK;
    free(s);
    return e;
}

static th_err check_item(const struct th_tpl_ctx *x, const char *path, const struct th_tpl_item *it)
{
    th_err worst = check_text(x, path, it->line, it->text);
    double v;
    if (it->when.name && !th_tpl_number(x, it->when.name, &v)) {
        th_error("%s:%d: unknown value '%s' in the condition of a paragraph of the report template", path, it->line,
                 it->when.name);
        worst = TH_ERR_CONFIG;
    }
    for (size_t i = 0; i < it->nparas; i++)
        if (check_item(x, path, &it->paras[i]) != TH_OK)
            worst = TH_ERR_CONFIG;
    for (size_t i = 0; i < it->ntopics; i++)
        for (size_t k = 0; k < it->topics[i].nparas; k++)
            if (check_item(x, path, &it->topics[i].paras[k]) != TH_OK)
                worst = TH_ERR_CONFIG;
    return worst;
}

/* Check every placeholder and condition of the template at once, so an
 * operator sees all the mistakes in one run. */
th_err th_tpl_check(const struct th_tpl_ctx *x, const struct th_tpl *t)
{
    th_err worst = check_text(x, t->path, t->summary_line, t->summary);
    for (size_t i = 0; i < t->nitems; i++)
        if (check_item(x, t->path, &t->items[i]) != TH_OK)
            worst = TH_ERR_CONFIG;
    for (size_t a = 0; a < t->napps; a++) {
        const struct th_tpl_appendix *ap = &t->apps[a];
        if (check_text(x, t->path, ap->line, ap->title) != TH_OK)
            worst = TH_ERR_CONFIG;
        for (size_t i = 0; i < ap->nnotes; i++)
            if (check_item(x, t->path, &ap->notes[i]) != TH_OK)
                worst = TH_ERR_CONFIG;
        for (size_t i = 0; i < ap->ncols; i++)
            if (check_text(x, t->path, ap->cols[i].line, ap->cols[i].label) != TH_OK ||
                check_text(x, t->path, ap->cols[i].line, ap->cols[i].value) != TH_OK)
                worst = TH_ERR_CONFIG;
    }
    return worst;
}
