/* cons_load.c - loading consolidated.xml back into the consolidation model,
 * streamed and checked against consolidated.xsd as it is read. */
#include "cons_load.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/xmlreader.h>

#include "fields.h"
#include "text.h"
#include "xmlsafe.h"

/* consolidated.xml is streamed with an xmlTextReader and checked against its
 * schema as it goes: a national file (101,001 units, 150 MB) never exists as
 * a DOM, so loading costs about what consolidating did. The file is ours
 * but is read as if damaged: no network, no DTD, no entities, bounded size,
 * depth and lists; the first problems are printed as "path:line: message". */

#define CONS_MAX_BYTES ((off_t)1 << 30)  /* ~7x a national file (150 MB) */
#define CONS_MAX_LIST  (64u << 10)       /* one <own>, <totals> or <fields> list */
#define CONS_MAX_ISSUES 20

struct field_map {
    int *map;
    size_t n, cap;
};

/* LIST_NARR + k: the text of the unit's narrative k (TH_NARR_*) */
enum list_kind { LIST_NONE, LIST_FIELDS, LIST_OWN, LIST_TOTALS, LIST_NARR };

struct loader {
    xmlTextReaderPtr r;
    struct th_cons *c;
    struct th_cons_node *cur;     /* innermost open <node> */
    size_t indcap;                /* capacity of cur->ind */
    struct field_map fm;
    int list;                     /* the list element whose text is being read (enum list_kind) */
    bool in_narr;                 /* inside cur's <narrative> */
    struct th_buf text;
    struct th_xml_issues issues;
};

static void problem(struct loader *L, int line, const char *msg)
{
    if (L->issues.n >= CONS_MAX_ISSUES)
        return;
    TH_GROW(L->issues.v, L->issues.cap, L->issues.n + 1);
    struct th_xml_issue *it = &L->issues.v[L->issues.n++];
    memset(it, 0, sizeof *it);
    it->line = line;
    it->message = th_trim(th_strdup(msg));
    for (char *p = it->message; (p = strchr(p, '\n')) != NULL;)
        *p = ' '; /* one line per problem */
}

/* The line of the element being read (the parser's own line runs ahead of
 * it by what the reader has buffered); libxml2 keeps lines up to 65535 in
 * a node, past that the parser's line is the nearest there is. */
static int cur_line(struct loader *L)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(L->r);
    if (n && n->type == XML_ATTRIBUTE_NODE)
        n = n->parent;
    long line = n ? xmlGetLineNo(n) : -1;
    return line > 0 && line < 65535 ? (int)line : xmlTextReaderGetParserLineNumber(L->r);
}

/* A number the file gives, read as strictly as a submission's (th_num_parse:
 * decimal digits only, no sign, nothing after them) and at most max; a bad
 * one is a problem at the line being read, naming what held it, and reads 0. */
static int64_t num_at(struct loader *L, const char *what, const char *v, int64_t max)
{
    int64_t out = 0;
    enum th_num r = th_num_parse(v, max, 0, &out);
    if (r == TH_NUM_OK)
        return out;
    char *m = r == TH_NUM_TOO_LARGE
                  ? th_asprintf("%s = \"%.40s\": số quá lớn (tối đa %" PRId64 ")", what, v, max)
                  : th_asprintf("%s = \"%.40s\": không phải số nguyên không âm", what, v);
    problem(L, cur_line(L), m);
    free(m);
    return 0;
}

static int64_t int_attr(struct loader *L, const char *name, const char *v, int64_t max)
{
    char *what = th_asprintf("thuộc tính %s", name);
    int64_t out = num_at(L, what, v, max);
    free(what);
    return out;
}

/* An xs:decimal attribute ("58.3", "-2.5"): digits with one optional sign
 * and point, finite; anything else (an exponent, "inf", "0x1p3", junk after
 * the number, a value out of double's range) is a problem and reads 0. */
static double dbl_attr(struct loader *L, const char *name, const char *v)
{
    const char *p = v + strspn(v, " \t\r\n");
    size_t n = strlen(p);
    while (n && strchr(" \t\r\n", p[n - 1]))
        n--;
    size_t sign = *p == '+' || *p == '-', digits = strspn(p + sign, "0123456789"), frac = 0;
    if (p[sign + digits] == '.')
        frac = 1 + strspn(p + sign + digits + 1, "0123456789");
    char *end = NULL;
    errno = 0;
    double d = strtod(p, &end);
    if (n && digits + frac > (frac > 0) && sign + digits + frac == n && end == p + n && errno != ERANGE &&
        isfinite(d))
        return d;
    char *m = th_asprintf("thuộc tính %s = \"%.40s\": không phải số thập phân", name, v);
    problem(L, cur_line(L), m);
    free(m);
    return 0;
}

/* Read a value list (modified in place) through map (list position -> field
 * index, -1 for a field this version does not know); tag names the list in
 * a problem. */
static void load_values(struct loader *L, const char *tag, char *text, int64_t *v, uint8_t *present)
{
    const struct field_map *fm = &L->fm;
    char *save = NULL;
    size_t pos = 0;
    for (char *tok = strtok_r(text, " \t\r\n", &save); tok && pos < fm->n;
         tok = strtok_r(NULL, " \t\r\n", &save), pos++) {
        int i = fm->map[pos];
        if (i < 0 || strcmp(tok, "-") == 0)
            continue;
        char what[64];
        snprintf(what, sizeof what, "<%s> giá trị thứ %zu", tag, pos + 1);
        v[i] = num_at(L, what, tok, INT64_MAX);
        if (present)
            present[i] = 1;
    }
}

/* A libxml2 error in Vietnamese: a parse error as F03 words it, a schema
 * error as such with libxml2's English detail after it. */
static void problem_xml(struct loader *L, const xmlError *err)
{
    char *m;
    if (err->domain == XML_FROM_SCHEMASV || err->domain == XML_FROM_SCHEMASP) {
        char *detail = th_trim(th_strdup(err->message ? err->message : ""));
        m = th_asprintf("không đúng lược đồ consolidated.xsd (tệp bị sửa tay hoặc của phiên bản khác): %s", detail);
        free(detail);
    } else if (err->code == XML_ERR_DOCUMENT_END && L->cur) {
        /* what libxml2's reader says of a file cut inside an element */
        m = th_strdup("tệp bị cắt ngang: kết thúc khi phần tử <node> chưa được đóng");
    } else {
        char *why = th_xml_reason_vi(err->code, err->str1, err->str2, err->int1);
        m = th_asprintf("không phải XML hợp lệ: %s", why);
        free(why);
    }
    problem(L, err->line, m);
    free(m);
}

/* libxml2's parse and schema errors, with the line the parser was on. */
static void collect(void *ctx, xmlErrorPtr err)
{
    struct loader *L = ctx;
    if (err->level >= XML_ERR_ERROR)
        problem_xml(L, err);
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = th_strdup(v);
}

static th_date as_date(const char *v)
{
    th_date d = 0;
    th_date_parse(v, &d);
    return d;
}

/* Call fn for each attribute of the current element (no namespace ones:
 * xmlns and foreign attributes, which the schema refuses anyway). */
typedef void attr_fn(struct loader *L, void *obj, const char *name, const char *value);
static void each_attr(struct loader *L, void *obj, attr_fn *fn)
{
    if (xmlTextReaderMoveToFirstAttribute(L->r) != 1)
        return;
    do {
        const xmlChar *v = xmlTextReaderConstValue(L->r);
        if (!xmlTextReaderConstNamespaceUri(L->r) && v)
            fn(L, obj, (const char *)xmlTextReaderConstLocalName(L->r), (const char *)v);
    } while (xmlTextReaderMoveToNextAttribute(L->r) == 1);
    xmlTextReaderMoveToElement(L->r);
}

static void root_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons *c = obj;
    if (strcmp(name, "plan") == 0)
        set_str(&c->plan_id, v);
    else if (strcmp(name, "generator") == 0)
        set_str(&c->generator, v);
    else if (strcmp(name, "year") == 0)
        c->year = (int)int_attr(L, name, v, 9999);
    else if (strcmp(name, "period") == 0)
        snprintf(c->period, sizeof c->period, "%s", th_period_id_valid(v) ? v : "");
    else if (strcmp(name, "start") == 0)
        c->start = as_date(v);
    else if (strcmp(name, "end") == 0)
        c->end = as_date(v);
    else if (strcmp(name, "deadline") == 0)
        c->deadline = as_date(v);
}

static void validation_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons *c = obj;
    size_t n = (size_t)int_attr(L, name, v, INT32_MAX);
    if (strcmp(name, "files") == 0)
        c->files = n;
    else if (strcmp(name, "accepted") == 0)
        c->accepted = n;
    else if (strcmp(name, "rejected") == 0)
        c->rejected = n;
    else if (strcmp(name, "superseded") == 0)
        c->superseded = n;
    else if (strcmp(name, "duplicate") == 0)
        c->duplicate = n;
}

static void input_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons_input *in = obj;
    if (strcmp(name, "unit") == 0)
        in->unit = th_cons_strdup(L->c, v);
    else if (strcmp(name, "file") == 0)
        in->file = th_cons_strdup(L->c, v);
    else if (strcmp(name, "sha256") == 0)
        in->sha256 = th_cons_strdup(L->c, v);
    else if (strcmp(name, "submitted") == 0)
        in->submitted = as_date(v);
}

static void node_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons_node *n = obj;
    if (strcmp(name, "code") == 0)
        n->code = th_cons_strdup(L->c, v); /* an attribute comes once */
    else if (strcmp(name, "name") == 0)
        n->name = th_cons_strdup(L->c, v);
    else if (strcmp(name, "kind") == 0)
        n->kind = th_cons_intern(L->c, v);
    else if (strcmp(name, "kindLabel") == 0)
        n->kind_label = th_cons_intern(L->c, v);
    else if (strcmp(name, "group") == 0)
        n->group = th_cons_intern(L->c, v);
    else if (strcmp(name, "level") == 0)
        n->level = (int16_t)int_attr(L, name, v, INT16_MAX);
    else if (strcmp(name, "expected") == 0)
        n->expected = strcmp(v, "true") == 0;
    else if (strcmp(name, "closed") == 0)
        n->closed = strcmp(v, "true") == 0;
    else if (strcmp(name, "own") == 0)
        n->own = th_own_parse(v);
    else if (strcmp(name, "late") == 0)
        n->late = strcmp(v, "true") == 0;
    else if (strcmp(name, "file") == 0)
        n->file = th_cons_strdup(L->c, v);
    else if (strcmp(name, "sha256") == 0)
        n->sha256 = th_cons_strdup(L->c, v);
    else if (strcmp(name, "submitted") == 0)
        n->submitted = as_date(v);
}

static void counts_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct th_cons_node *n = obj;
    uint32_t k = (uint32_t)int_attr(L, name, v, INT32_MAX);
    if (strcmp(name, "expected") == 0)
        n->n_expected = k;
    else if (strcmp(name, "received") == 0)
        n->n_received = k;
    else if (strcmp(name, "accepted") == 0)
        n->n_accepted = k;
    else if (strcmp(name, "rejected") == 0)
        n->n_rejected = k;
    else if (strcmp(name, "missing") == 0)
        n->n_missing = k;
    else if (strcmp(name, "late") == 0)
        n->n_late = k;
}

/* An indicator's attributes; target and change are told apart afterwards. */
struct ind_read {
    struct th_cons_indicator *ci;
    double target, change;
    bool has_target, has_change;
};

static void indicator_attr(struct loader *L, void *obj, const char *name, const char *v)
{
    struct ind_read *ir = obj;
    struct th_cons_indicator *ci = ir->ci;
    if (strcmp(name, "code") == 0)
        ci->code = th_cons_intern(L->c, v);
    else if (strcmp(name, "name") == 0)
        ci->name = th_cons_intern(L->c, v);
    else if (strcmp(name, "note") == 0)
        ci->note = th_cons_intern(L->c, v);
    else if (strcmp(name, "type") == 0)
        ci->ratio = strcmp(v, "ratio") == 0;
    else if (strcmp(name, "status") == 0)
        ci->status = th_ind_status_parse(v);
    else if (strcmp(name, "met") == 0)
        ci->met = th_met_parse(v);
    else if (strcmp(name, "op") == 0) {
        ci->has_target = true;
        enum th_op op = TH_OP_EQ;
        th_op_parse(v, &op);
        ci->op = op;
    } else if (strcmp(name, "numerator") == 0)
        ci->num = int_attr(L, name, v, INT64_MAX);
    else if (strcmp(name, "denominator") == 0)
        ci->den = int_attr(L, name, v, INT64_MAX);
    else if (strcmp(name, "value") == 0)
        ci->value = dbl_attr(L, name, v);
    else if (strcmp(name, "complete") == 0)
        ci->complete = strcmp(v, "true") == 0;
    else if (strcmp(name, "change") == 0) {
        ir->change = dbl_attr(L, name, v);
        ir->has_change = true;
    } else if (strcmp(name, "target") == 0) {
        ir->target = dbl_attr(L, name, v);
        ir->has_target = true;
    } else if (strcmp(name, "baselineYear") == 0)
        ci->baseline_year = (int)int_attr(L, name, v, 9999);
    else if (strcmp(name, "baseline") == 0) {
        ci->baseline = dbl_attr(L, name, v);
        ci->has_baseline = true;
    } else if (strcmp(name, "actualChange") == 0)
        ci->change = dbl_attr(L, name, v);
}

static void start_node(struct loader *L, int depth)
{
    struct th_cons *c = L->c;
    struct th_cons_node *n = th_cons_node_new(c, NULL, NULL);
    n->depth = (int16_t)depth;
    /* total: NULL (its own values, th_cons_totals) until a <totals> says otherwise */
    each_attr(L, n, node_attr);
    TH_GROW(c->nodes, c->capnodes, c->nnodes + 1);
    c->nodes[c->nnodes++] = n;
    if (L->cur)
        th_cons_add_child(L->cur, n);
    else
        c->root = n;
    L->cur = n;
    L->indcap = 0;
}

static void end_node(struct loader *L)
{
    struct th_cons_node *n = L->cur;
    L->cur = n->parent;
    L->indcap = L->cur ? L->cur->nind : 0; /* exact: TH_GROW reallocates if more come */
}

static void add_indicator(struct loader *L)
{
    struct th_cons_node *n = L->cur;
    const struct th_cons_node *root = L->c->root;
    if (!L->indcap && n != root && root->nind) {
        /* every node lists the plan's indicators: size the array once */
        n->ind = th_calloc(root->nind, sizeof *n->ind);
        L->indcap = root->nind;
    }
    TH_GROW(n->ind, L->indcap, n->nind + 1);
    struct ind_read ir = {.ci = &n->ind[n->nind++]};
    struct th_cons_indicator *ci = ir.ci;
    each_attr(L, &ir, indicator_attr);
    if (ir.has_change) {
        ci->target = ir.change;
        ci->relative = true;
    } else if (ir.has_target) {
        ci->target = ir.target;
    }
    /* below the root, names and notes are the root's (same plan order) */
    size_t k = n->nind - 1;
    if (n != root && ci->code && k < root->nind && root->ind[k].code &&
        strcmp(root->ind[k].code, ci->code) == 0) {
        if (!ci->name)
            ci->name = root->ind[k].name;
        if (!ci->note)
            ci->note = root->ind[k].note;
    }
}

/* The text of a list element is complete: apply it. */
static void end_list(struct loader *L)
{
    char *text = L->text.len ? L->text.data : NULL;
    if (L->list == LIST_FIELDS) {
        char *save = NULL;
        for (char *tok = text ? strtok_r(text, " \t\r\n", &save) : NULL; tok;
             tok = strtok_r(NULL, " \t\r\n", &save)) {
            TH_GROW(L->fm.map, L->fm.cap, L->fm.n + 1);
            int i = th_field_index(tok);
            L->fm.map[L->fm.n++] = i < TH_NNUMERIC ? i : -1;
        }
    } else if (text && L->list == LIST_OWN) {
        struct th_values ov;
        th_cons_own_values(L->cur, &ov); /* (none before: one <own> a node) */
        load_values(L, "own", text, ov.v, ov.present);
        th_cons_set_own(L->c, L->cur, &ov);
    } else if (text && L->list == LIST_TOTALS) {
        load_values(L, "totals", text, L->cur->total, NULL);
    } else if (text && L->list >= LIST_NARR && L->list < LIST_NARR + TH_NNARR) {
        L->cur->narr[L->list - LIST_NARR] = th_cons_strdup(L->c, text);
    }
    L->list = LIST_NONE;
    L->text.len = 0;
}

/* One element start at depth (the root is 0). Every element is checked to
 * be where consolidated.xsd puts it before it is used, so that a damaged
 * file cannot confuse the tree even before the validator reports it. */
static void start_element(struct loader *L, const char *name, int depth, bool empty)
{
    struct th_cons *c = L->c;
    int line = xmlTextReaderGetParserLineNumber(L->r);
    int node_depth = L->cur ? L->cur->depth + 1 : -1; /* element depth of cur */
    bool in_node = L->cur && depth == node_depth + 1;
    if (depth == 0) {
        if (strcmp(name, "consolidated") != 0) {
            problem(L, line, "không phải tệp consolidated.xml của tonghop");
            return;
        }
        each_attr(L, c, root_attr);
    } else if (depth == 1 && strcmp(name, "validation") == 0) {
        each_attr(L, c, validation_attr);
    } else if (depth == 1 && strcmp(name, "fields") == 0) {
        L->list = LIST_FIELDS;
    } else if (depth == 2 && strcmp(name, "input") == 0) {
        TH_GROW(c->inputs, c->capinputs, c->ninputs + 1);
        each_attr(L, &c->inputs[c->ninputs++], input_attr);
    } else if (strcmp(name, "node") == 0) {
        if (L->cur ? !in_node : depth != 1 || c->root) {
            problem(L, line, "phần tử <node> đặt sai chỗ");
            return;
        }
        start_node(L, depth - 1);
        if (empty)
            end_node(L);
        return;
    } else if (in_node && strcmp(name, "counts") == 0) {
        each_attr(L, L->cur, counts_attr);
    } else if (in_node && strcmp(name, "own") == 0) {
        L->list = LIST_OWN;
    } else if (in_node && strcmp(name, "totals") == 0) {
        if (!L->cur->own_total) {
            L->cur->total = th_calloc(TH_NNUMERIC, sizeof *L->cur->total);
            L->cur->own_total = true;
        }
        L->list = LIST_TOTALS;
    } else if (in_node && strcmp(name, "indicator") == 0) {
        add_indicator(L);
    } else if (in_node && strcmp(name, "narrative") == 0) {
        L->in_narr = !empty;
    } else if (L->in_narr && depth == node_depth + 2) {
        static const char *const tag[TH_NNARR] = {"results", "difficulties", "proposals"};
        for (int k = 0; k < TH_NNARR; k++)
            if (strcmp(name, tag[k]) == 0)
                L->list = LIST_NARR + k;
    }
    if (empty && L->list != LIST_NONE)
        end_list(L);
}

static void end_element(struct loader *L, const char *name, int depth)
{
    if (L->list != LIST_NONE)
        end_list(L);
    else if (L->in_narr && strcmp(name, "narrative") == 0)
        L->in_narr = false;
    else if (L->cur && depth == L->cur->depth + 1 && strcmp(name, "node") == 0)
        end_node(L);
}

/* Stream the file through the schema; false when a problem was recorded. */
static bool load_stream(struct loader *L)
{
    int ret;
    while ((ret = xmlTextReaderRead(L->r)) == 1 && !L->issues.n) {
        int type = xmlTextReaderNodeType(L->r), depth = xmlTextReaderDepth(L->r);
        int line = xmlTextReaderGetParserLineNumber(L->r);
        const char *name = (const char *)xmlTextReaderConstLocalName(L->r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY ||
            type == XML_READER_TYPE_ENTITY_REFERENCE) {
            problem(L, line, "có khai báo DOCTYPE/thực thể: không được phép vì lý do an toàn");
        } else if (depth > TH_MAX_XML_DEPTH) {
            problem(L, line, "các phần tử lồng nhau quá sâu");
        } else if (type == XML_READER_TYPE_ELEMENT) {
            if (L->list != LIST_NONE)
                problem(L, line, "có phần tử nằm trong một danh sách số liệu");
            else
                start_element(L, name, depth, xmlTextReaderIsEmptyElement(L->r) == 1);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            end_element(L, name, depth);
        } else if (L->list != LIST_NONE &&
                   (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                    type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(L->r);
            if (v && th_buf_puts(&L->text, v) != TH_OK)
                problem(L, line, "danh sách số liệu quá dài");
        }
    }
    if (L->issues.n)
        return false;
    const xmlError *err = ret != 0 ? xmlGetLastError() : NULL;
    if (err && err->message)
        problem_xml(L, err);
    else if (ret != 0)
        problem(L, xmlTextReaderGetParserLineNumber(L->r), "không đọc được tệp");
    else if (!L->c->root)
        problem(L, xmlTextReaderGetParserLineNumber(L->r), "không có phần tử <node>");
    return !L->issues.n;
}

struct th_cons *th_cons_load(const char *path)
{
    th_xml_init();
    struct loader L = {0};
    th_buf_init(&L.text, CONS_MAX_LIST);
    xmlSchemaPtr schema = th_schema("consolidated.xsd");
    xmlSchemaValidCtxtPtr vc = NULL;
    struct th_cons *c = NULL;
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool ok = false;
    if (!schema)
        goto done;
    if (fd < 0 || fstat(fd, &st) < 0) {
        th_error("cannot open '%s': %s", path, strerror(errno));
        goto done;
    }
    if (st.st_size > CONS_MAX_BYTES || st.st_size == 0) {
        th_error("cannot read '%s': %s", path, st.st_size ? th_strerror(TH_ERR_TOO_BIG) : "empty file");
        goto done;
    }
    xmlResetLastError(); /* parse errors are read from it (see below) */
    L.r = xmlReaderForFd(fd, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                             XML_PARSE_NOCDATA);
    vc = xmlSchemaNewValidCtxt(schema);
    if (!L.r || !vc) {
        th_error("cannot read '%s': %s", path, th_strerror(TH_ERR_NOMEM));
        goto done;
    }
    /* The schema's SAX plug does not pass the reader's handler on: parse
     * errors are taken from libxml2's last error when reading fails. */
    xmlSchemaSetValidStructuredErrors(vc, collect, &L);
    if (xmlTextReaderSchemaValidateCtxt(L.r, vc, 0) != 0) {
        th_error("cannot validate '%s' against consolidated.xsd", path);
        goto done;
    }
    c = L.c = th_calloc(1, sizeof *c);
    ok = load_stream(&L) && xmlSchemaIsValid(vc) == 1;
    if (!ok && !L.issues.n)
        problem(&L, xmlTextReaderGetParserLineNumber(L.r), "không đúng lược đồ consolidated.xsd");
    for (size_t i = 0; i < L.issues.n; i++)
        th_error("%s:%d: tệp tổng hợp bị hỏng: %s", path, L.issues.v[i].line, L.issues.v[i].message);
    if (L.issues.n)
        th_error("%s: hãy lập lại tệp này bằng 'tonghop consolidate' (hoặc 'tonghop run')", path);
    if (!ok)
        goto done;
    th_cons_index(c);
done:
    xmlFreeTextReader(L.r); /* before the validation context it uses */
    if (vc)
        xmlSchemaFreeValidCtxt(vc);
    if (fd >= 0)
        close(fd);
    free(L.fm.map);
    th_buf_release(&L.text);
    th_xml_issues_release(&L.issues);
    if (!ok) {
        th_cons_free(c);
        c = NULL;
    }
    return c;
}
