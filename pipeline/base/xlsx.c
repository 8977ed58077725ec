/* xlsx.c - bounded XLSX reading: minizip over memory; libxml2's SAX2 for
 * every part (the small ones as xmlTextReader read them before). */
#include "xlsx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <minizip/unzip.h>

#include "text.h"
#include "xlsx_zip.h"
#include "xmlsafe.h"

const struct th_xlsx_limits th_xlsx_default_limits = {
    .max_part = 8u << 20,
    .max_total = 24u << 20,
    .max_ratio = 200,
    .ratio_floor = 1u << 20,
    .max_entries = 256,
    .max_attrs = 100000,
};

#define MAX_DEPTH 64
#define MAX_NAME 512

static const char NS_REL[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
static const char NS_REL_STRICT[] = "http://purl.oclc.org/ooxml/officeDocument/relationships";

struct sheet {
    char *name;      /* as stored */
    char *nfc;       /* for comparison */
    char *part;      /* resolved part name, NULL if no relationship */
};

struct th_xlsx {
    struct th_xlsx_limits lim;
    struct th_zip *zip;        /* the entries, and what was inflated */
    char *workbook;            /* "xl/workbook.xml" */
    char *sst_part;            /* shared strings part, or NULL */
    bool sst_loaded;
    char *sst_text;            /* every shared string, each ending in NUL */
    char **sst;                /* nsst pointers into sst_text */
    size_t nsst;
    struct sheet *sheets;
    size_t nsheets, capsheets;
    bool date1904;
};

/* ---- errors ---- */

/* X08: a part that is not well-formed, where and why in Vietnamese
 * ("phần 'xl/worksheets/sheet1.xml' không phải XML hợp lệ (dòng 2): thẻ <c>
 * mở ở dòng 2 chưa được đóng"), as F03 says it of an XML submission. */
static enum th_xlsx_status bad_xml(struct th_xlsx_error *err, const char *part, const xmlError *e)
{
    if (!e || !e->code)
        return th_xlsx_fail(err, TH_XLSX_BAD_XML, part, "phần '%s' không phải XML hợp lệ", part);
    char *why = th_xml_reason_vi(e->code, e->str1, e->str2, e->int1);
    enum th_xlsx_status st = th_xlsx_fail(err, TH_XLSX_BAD_XML, part, "phần '%s' không phải XML hợp lệ (dòng %d): %s", part,
                                  e->line, why);
    free(why);
    return st;
}

/* ---- parts ---- */

/* Whether s[0..n) declares a DOCTYPE or an entity ("<!DOCTYPE", "<!ENTITY",
 * any case): one pass for the '!' of "<!", rare where '<' is not. */
static bool declares_dtd(const char *s, size_t n)
{
    for (const char *q = s, *end = s + n; (q = memchr(q, '!', (size_t)(end - q))) != NULL; q++) {
        if (q == s || q[-1] != '<')
            continue;
        const char *p = q - 1;
        size_t left = (size_t)(end - p);
        if ((left >= 9 && strncasecmp(p, "<!DOCTYPE", 9) == 0) || (left >= 8 && strncasecmp(p, "<!ENTITY", 8) == 0))
            return true;
    }
    return false;
}

/* The attribute caps of a part, checked in one pass before it is parsed. */
static enum th_xlsx_status attrs_ok(const struct th_xlsx *x, const char *name, const char *data, size_t len,
                                    struct th_xlsx_error *err)
{
    bool on_element = false;
    int line = th_xml_attr_scan(data, len, TH_XML_MAX_ATTRS_ELEMENT, x->lim.max_attrs, &on_element);
    if (!line)
        return TH_XLSX_OK;
    if (on_element)
        return th_xlsx_fail(err, TH_XLSX_ATTRS, name, "phần '%s' dòng %d: một thẻ có quá %d thuộc tính, không xử lý", name,
                    line, TH_XML_MAX_ATTRS_ELEMENT);
    char num[32];
    return th_xlsx_fail(err, TH_XLSX_ATTRS, name, "phần '%s' có quá %s thuộc tính, không xử lý", name,
                th_fmt_int((int64_t)x->lim.max_attrs, num));
}

/* ---- SAX2 over an inflated part (the shared strings and the sheets: the
 * bulk of a workbook, where libxml2's push parser is twice the reader) ---- */

/* What every SAX pass carries; embedded first in each pass's own state. */
struct sax {
    const struct th_xlsx *x;
    xmlParserCtxtPtr ctxt;
    struct th_xlsx_error *err;
    const char *part;
    enum th_xlsx_status st;  /* TH_XLSX_OK until a callback or the parser fails */
    bool halted;             /* a callback stopped the parser */
    int depth;
};

/* Stop parsing here: at the end of what we need, or on failure st. */
static void sax_halt(struct sax *s)
{
    s->halted = true;
    xmlStopParser(s->ctxt);
}

static void sax_stop(struct sax *s, enum th_xlsx_status st)
{
    if (s->st == TH_XLSX_OK)
        s->st = st;
    sax_halt(s);
}

static void sax_dtd(void *ctx, const xmlChar *name, const xmlChar *a, const xmlChar *b)
{
    (void)name, (void)a, (void)b;
    struct sax *s = ctx;
    th_xlsx_fail(s->err, TH_XLSX_DTD, s->part,
         "phần '%s' có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn", s->part);
    sax_stop(s, TH_XLSX_DTD);
}

static void sax_reference(void *ctx, const xmlChar *name)
{
    sax_dtd(ctx, name, NULL, NULL);
}

static xmlEntityPtr sax_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    return xmlGetPredefinedEntity(name);
}

/* Depth bookkeeping shared by the start handlers; false when too deep. */
static bool sax_enter(struct sax *s)
{
    if (++s->depth <= MAX_DEPTH)
        return true;
    th_xlsx_fail(s->err, TH_XLSX_BAD_XML, s->part, "phần '%s' lồng quá sâu (quá %d cấp)", s->part, MAX_DEPTH);
    sax_stop(s, TH_XLSX_BAD_XML);
    return false;
}

/* Parse data[0..len) with the handlers h, s being their context. */
static enum th_xlsx_status sax_parse(struct sax *s, xmlSAXHandler *h, const char *data, size_t len)
{
    /* No DTD pre-scan on the way in: the handlers below refuse a DOCTYPE,
     * entity declaration or reference as the parser meets it. The scan runs
     * only when a part has already failed, so that a part that declares a
     * DTD keeps TH_XLSX_DTD (X05) rather than the attribute or
     * well-formedness code its declaration also triggers. */
    if (len > INT32_MAX)
        return th_xlsx_fail(s->err, TH_XLSX_BOMB, s->part, "phần '%s' quá lớn", s->part);
    enum th_xlsx_status st = attrs_ok(s->x, s->part, data, len, s->err);
    if (st != TH_XLSX_OK) {
        if (declares_dtd(data, len))
            return th_xlsx_fail(s->err, TH_XLSX_DTD, s->part,
                        "phần '%s' có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn", s->part);
        return st;
    }
    h->initialized = XML_SAX2_MAGIC;
    h->internalSubset = sax_dtd;
    h->externalSubset = sax_dtd;
    h->reference = sax_reference;
    h->getEntity = sax_entity;
    s->ctxt = xmlCreatePushParserCtxt(h, s, NULL, 0, s->part);
    if (!s->ctxt)
        return th_xlsx_fail(s->err, TH_XLSX_BAD_XML, s->part, "phần '%s' không phải XML hợp lệ", s->part);
    xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    int rc = xmlParseChunk(s->ctxt, data, (int)len, 1);
    if (s->st == TH_XLSX_OK && !s->halted && (rc != 0 || !s->ctxt->wellFormed)) {
        if (declares_dtd(data, len))
            s->st = th_xlsx_fail(s->err, TH_XLSX_DTD, s->part,
                         "phần '%s' có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn", s->part);
        else
            s->st = bad_xml(s->err, s->part, xmlCtxtGetLastError(s->ctxt));
    }
    xmlFreeParserCtxt(s->ctxt);
    s->ctxt = NULL;
    return s->st;
}

/* The value of attribute name among SAX2's (localname, prefix, URI, value,
 * end) quintuples, copied into out (truncated to n - 1 bytes); false if absent. */
static bool sax_attr(const xmlChar **attrs, int nattrs, const char *name, char *out, size_t n)
{
    for (int i = 0; i < nattrs; i++, attrs += 5)
        if (!attrs[2] && attrs[0][0] == (xmlChar)name[0] && strcmp((const char *)attrs[0], name) == 0) {
            size_t len = (size_t)(attrs[4] - attrs[3]);
            if (len >= n)
                len = n - 1;
            memcpy(out, attrs[3], len);
            out[len] = '\0';
            return true;
        }
    return false;
}

/* ---- the small parts (relationships, the workbook), by SAX2 too, with
 * what xmlTextReader made of them: a DTD refused before parsing, and a
 * node (element, text, comment) deeper than MAX_DEPTH refused ---- */

/* A node met with s->depth elements open: false (and the pass stopped)
 * past MAX_DEPTH, the reader's xmlTextReaderDepth. */
static bool small_node(struct sax *s)
{
    if (s->depth <= MAX_DEPTH)
        return true;
    th_xlsx_fail(s->err, TH_XLSX_BAD_XML, s->part, "phần '%s' lồng quá sâu (quá %d cấp)", s->part, MAX_DEPTH);
    sax_stop(s, TH_XLSX_BAD_XML);
    return false;
}

static bool small_enter(struct sax *s)
{
    if (s->halted || !small_node(s))
        return false;
    s->depth++;
    return true;
}

/* An element's local name as the reader has it: with a prefix no
 * namespace binds, the whole "q:sheet" (so "" here: no name we look for). */
static const char *small_name(const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    return prefix && !uri ? "" : (const char *)local;
}

static void small_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)local, (void)prefix, (void)uri;
    ((struct sax *)ctx)->depth--;
}

static void small_text(void *ctx, const xmlChar *ch, int len)
{
    (void)ch, (void)len;
    struct sax *s = ctx;
    if (!s->halted)
        small_node(s);
}

static void small_comment(void *ctx, const xmlChar *value)
{
    small_text(ctx, value, 0);
}

static void small_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    (void)data;
    small_text(ctx, target, 0);
}

/* Parse a small part with h's start handler; the rest is the reader's. */
static enum th_xlsx_status small_parse(struct sax *s, xmlSAXHandler *h, const char *data, size_t len)
{
    if (declares_dtd(data, len))
        return th_xlsx_fail(s->err, TH_XLSX_DTD, s->part,
                    "phần '%s' có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn", s->part);
    h->endElementNs = small_end;
    h->characters = small_text;
    h->cdataBlock = small_text;
    h->ignorableWhitespace = small_text;
    h->comment = small_comment;
    h->processingInstruction = small_pi;
    return sax_parse(s, h, data, len);
}

/* Resolve a relationship target against the directory of the source part. */
static char *resolve(const char *source, const char *target)
{
    if (target[0] == '/')
        return th_strdup(target + 1);
    const char *slash = strrchr(source, '/');
    size_t dirlen = slash ? (size_t)(slash - source) + 1 : 0;
    char *joined = th_asprintf("%.*s%s", (int)dirlen, source, target);
    /* normalise "./" and "../" segments: keep (start, length) of each */
    size_t start[64], seglen[64], n = 0;
    for (size_t i = 0; joined[i];) {
        size_t len = strcspn(joined + i, "/");
        if (len == 1 && joined[i] == '.') {
            /* skip */
        } else if (len == 2 && joined[i] == '.' && joined[i + 1] == '.') {
            if (n)
                n--;
        } else if (len && n < 64) {
            start[n] = i;
            seglen[n++] = len;
        }
        i += len;
        if (joined[i] == '/')
            i++;
    }
    struct th_buf b;
    th_buf_init(&b, 0);
    for (size_t i = 0; i < n; i++) {
        if (i)
            th_buf_add(&b, "/", 1);
        th_buf_add(&b, joined + start[i], seglen[i]);
    }
    char *out = th_buf_detach(&b);
    free(joined);
    return out;
}

/* Relationships of a part: calls back with (type, resolved target, id). */
struct rel {
    char *id, *type, *target;
};

static void rels_free(struct rel *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].type);
        free(v[i].target);
    }
    free(v);
}

static const char *rel_type_tail(const char *type)
{
    const char *s = type ? strrchr(type, '/') : NULL;
    return s ? s + 1 : "";
}

/* The value of the attribute local (in namespace uri, NULL: none and
 * unprefixed) among SAX2's quintuples, as xmlTextReaderGetAttribute(Ns)
 * gives it: a copy, with the "&#38;" SAX2 leaves for each '&' made '&'
 * again; NULL if absent. */
static char *small_attr(const xmlChar **attrs, int nattrs, const char *local, const char *uri)
{
    for (int i = 0; i < nattrs; i++, attrs += 5) {
        const char *u = (const char *)attrs[2];
        if (strcmp((const char *)attrs[0], local) != 0 || (uri ? !u || strcmp(u, uri) != 0 : u || attrs[1]))
            continue;
        size_t n = (size_t)(attrs[4] - attrs[3]), o = 0;
        const char *v = (const char *)attrs[3];
        char *out = th_malloc(n + 1);
        for (size_t k = 0; k < n; k++) {
            out[o++] = v[k];
            if (v[k] == '&' && n - k >= 5 && memcmp(v + k, "&#38;", 5) == 0)
                k += 4;
        }
        out[o] = '\0';
        return out;
    }
    return NULL;
}

/* One pass over a relationships part. */
struct rels_pass {
    struct sax sax;
    const char *source;
    struct rel *v;
    size_t n, cap;
};

static void rels_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                       const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    (void)nns, (void)ns, (void)ndefaulted;
    struct rels_pass *p = ctx;
    if (!small_enter(&p->sax) || strcmp(small_name(local, prefix, uri), "Relationship") != 0)
        return;
    char *mode = small_attr(attrs, nattrs, "TargetMode", NULL);
    char *target = small_attr(attrs, nattrs, "Target", NULL);
    if (target && !(mode && strcasecmp(mode, "External") == 0)) {
        TH_GROW(p->v, p->cap, p->n + 1);
        struct rel *rl = &p->v[p->n++];
        rl->id = small_attr(attrs, nattrs, "Id", NULL);
        rl->type = small_attr(attrs, nattrs, "Type", NULL);
        rl->target = resolve(p->source, target);
    }
    free(mode);
    free(target);
}

static enum th_xlsx_status read_rels(struct th_xlsx *x, const char *source, const char *rels_part,
                                     struct rel **out, size_t *nout, struct th_xlsx_error *err)
{
    *out = NULL;
    *nout = 0;
    char *data;
    size_t len;
    enum th_xlsx_status st = th_zip_read(x->zip, rels_part, &data, &len, err);
    if (st != TH_XLSX_OK)
        return st;
    struct rels_pass p = {.sax = {.x = x, .err = err, .part = rels_part}, .source = source};
    xmlSAXHandler h = {.startElementNs = rels_start};
    st = small_parse(&p.sax, &h, data, len);
    free(data);
    if (st != TH_XLSX_OK) { /* broken part: nothing half-read is handed back */
        rels_free(p.v, p.n);
        return st;
    }
    *out = p.v;
    *nout = p.n;
    return st;
}

/* One pass over the workbook part: its sheets, and their relationship ids. */
struct wb_pass {
    struct sax sax;
    struct th_xlsx *x;
    char **ids;
    size_t capids;
};

static void wb_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                     const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    (void)nns, (void)ns, (void)ndefaulted;
    struct wb_pass *p = ctx;
    struct th_xlsx *x = p->x;
    if (!small_enter(&p->sax))
        return;
    const char *ln = small_name(local, prefix, uri);
    if (strcmp(ln, "workbookPr") == 0) {
        char *d = small_attr(attrs, nattrs, "date1904", NULL);
        x->date1904 = d && (strcmp(d, "1") == 0 || strcasecmp(d, "true") == 0);
        free(d);
    } else if (strcmp(ln, "sheet") == 0) {
        char *name = small_attr(attrs, nattrs, "name", NULL);
        if (!name)
            return;
        TH_GROW(x->sheets, x->capsheets, x->nsheets + 1);
        TH_GROW(p->ids, p->capids, x->nsheets + 1);
        struct sheet *sh = &x->sheets[x->nsheets];
        memset(sh, 0, sizeof *sh);
        sh->name = name;
        sh->nfc = th_nfc(name);
        char *id = small_attr(attrs, nattrs, "id", NS_REL);
        p->ids[x->nsheets++] = id ? id : small_attr(attrs, nattrs, "id", NS_REL_STRICT);
    }
}

static enum th_xlsx_status read_workbook(struct th_xlsx *x, struct th_xlsx_error *err)
{
    /* the package's relationships name the workbook part */
    struct rel *rels;
    size_t n;
    enum th_xlsx_status st = TH_XLSX_OK;
    if (th_zip_has(x->zip, "_rels/.rels")) {
        st = read_rels(x, "", "_rels/.rels", &rels, &n, err);
        if (st != TH_XLSX_OK)
            return st;
        for (size_t i = 0; i < n && !x->workbook; i++)
            if (strcmp(rel_type_tail(rels[i].type), "officeDocument") == 0)
                x->workbook = th_strdup(rels[i].target);
        rels_free(rels, n);
    }
    if (!x->workbook && th_zip_has(x->zip, "xl/workbook.xml"))
        x->workbook = th_strdup("xl/workbook.xml");
    if (!x->workbook || !th_zip_has(x->zip, x->workbook))
        return th_xlsx_fail(err, TH_XLSX_NO_SHEET, "", "không phải sổ tính Excel: thiếu phần workbook");

    /* the workbook lists the sheets by name and relationship id */
    char *data;
    size_t len;
    if ((st = th_zip_read(x->zip, x->workbook, &data, &len, err)) != TH_XLSX_OK)
        return st;
    struct wb_pass p = {.sax = {.x = x, .err = err, .part = x->workbook}, .x = x};
    xmlSAXHandler h = {.startElementNs = wb_start};
    st = small_parse(&p.sax, &h, data, len);
    free(data);
    char **ids = p.ids;

    /* the workbook's relationships give each sheet its part */
    if (st == TH_XLSX_OK) {
        const char *slash = strrchr(x->workbook, '/');
        char *rels_part = th_asprintf("%.*s_rels/%s.rels", slash ? (int)(slash - x->workbook) + 1 : 0,
                                      x->workbook, slash ? slash + 1 : x->workbook);
        if (th_zip_has(x->zip, rels_part)) {
            st = read_rels(x, x->workbook, rels_part, &rels, &n, err);
            if (st == TH_XLSX_OK) {
                for (size_t i = 0; i < n; i++) {
                    if (strcmp(rel_type_tail(rels[i].type), "sharedStrings") == 0 && !x->sst_part)
                        x->sst_part = th_strdup(rels[i].target);
                    for (size_t s = 0; s < x->nsheets; s++)
                        if (ids[s] && rels[i].id && strcmp(ids[s], rels[i].id) == 0 && !x->sheets[s].part)
                            x->sheets[s].part = th_strdup(rels[i].target);
                }
                rels_free(rels, n);
            }
        }
        free(rels_part);
    }
    for (size_t s = 0; s < x->nsheets; s++)
        free(ids[s]);
    free(ids);
    return st;
}

struct th_xlsx *th_xlsx_open(const char *data, size_t len, const struct th_xlsx_limits *lim,
                             struct th_xlsx_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    struct th_xlsx *x = th_calloc(1, sizeof *x);
    x->lim = lim ? *lim : th_xlsx_default_limits;
    x->zip = th_zip_open(data, len, &x->lim, err);
    if (!x->zip || read_workbook(x, err) != TH_XLSX_OK) {
        th_xlsx_free(x);
        return NULL;
    }
    return x;
}

void th_xlsx_free(struct th_xlsx *x)
{
    if (!x)
        return;
    th_zip_free(x->zip);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].nfc);
        free(x->sheets[i].part);
    }
    free(x->sheets);
    free(x->sst);
    free(x->sst_text);
    free(x->workbook);
    free(x->sst_part);
    free(x);
}

size_t th_xlsx_nsheets(const struct th_xlsx *x)
{
    return x->nsheets;
}

const char *th_xlsx_sheet_name(const struct th_xlsx *x, size_t i)
{
    return i < x->nsheets ? x->sheets[i].name : NULL;
}

bool th_xlsx_date1904(const struct th_xlsx *x)
{
    return x->date1904;
}

/* ---- shared strings ---- */

/* The strings go one after another into one buffer (b), not one
 * allocation each: a form's hundred-odd strings cost more to copy out one
 * by one than to parse. */
struct sst_pass {
    struct sax sax;
    struct th_xlsx *x;
    struct th_buf b;
    size_t start;      /* where the string being read begins in b */
    size_t *off, cap;  /* where each string read begins */
    bool in_si, in_t;
    int rph;
};

static void sst_push(struct sst_pass *p)
{
    if (th_buf_add(&p->b, "", 1) != TH_OK) {
        sax_stop(&p->sax, th_xlsx_fail(p->sax.err, TH_XLSX_BOMB, p->sax.part, "phần '%s' quá lớn", p->sax.part));
        return;
    }
    TH_GROW(p->off, p->cap, p->x->nsst + 1);
    p->off[p->x->nsst++] = p->start;
    p->start = p->b.len;
}

static void sst_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                      const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    (void)prefix, (void)uri, (void)nns, (void)ns, (void)nattrs, (void)ndefaulted, (void)attrs;
    struct sst_pass *p = ctx;
    if (!sax_enter(&p->sax))
        return;
    const char *ln = (const char *)local;
    if (strcmp(ln, "si") == 0) {
        p->in_si = true;
        p->b.len = p->start;
    } else if (p->in_si && strcmp(ln, "rPh") == 0) {
        p->rph++;
    } else if (p->in_si && !p->rph && strcmp(ln, "t") == 0) {
        p->in_t = true;
    }
}

static void sst_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    struct sst_pass *p = ctx;
    p->sax.depth--;
    const char *ln = (const char *)local;
    if (strcmp(ln, "t") == 0) {
        p->in_t = false;
    } else if (strcmp(ln, "rPh") == 0) {
        p->rph--;
    } else if (strcmp(ln, "si") == 0 && p->in_si) {
        sst_push(p);
        p->in_si = false;
    }
}

static void sst_text(void *ctx, const xmlChar *ch, int len)
{
    struct sst_pass *p = ctx;
    if (p->in_t && th_buf_add(&p->b, ch, (size_t)len) != TH_OK)
        sax_stop(&p->sax, th_xlsx_fail(p->sax.err, TH_XLSX_BOMB, p->sax.part, "phần '%s' quá lớn", p->sax.part));
}

static enum th_xlsx_status load_sst(struct th_xlsx *x, struct th_xlsx_error *err)
{
    x->sst_loaded = true;
    if (!x->sst_part || !th_zip_has(x->zip, x->sst_part))
        return TH_XLSX_OK;
    char *data;
    size_t len;
    enum th_xlsx_status st = th_zip_read(x->zip, x->sst_part, &data, &len, err);
    if (st != TH_XLSX_OK)
        return st;
    struct sst_pass p = {.sax = {.x = x, .err = err, .part = x->sst_part}, .x = x};
    th_buf_init(&p.b, x->lim.max_part);
    xmlSAXHandler h = {
        .startElementNs = sst_start,
        .endElementNs = sst_end,
        .characters = sst_text,
        .cdataBlock = sst_text,
        .ignorableWhitespace = sst_text,
    };
    st = sax_parse(&p.sax, &h, data, len);
    free(data);
    x->sst_text = th_buf_detach(&p.b);
    x->sst = th_malloc((x->nsst ? x->nsst : 1) * sizeof *x->sst);
    for (size_t i = 0; i < x->nsst; i++)
        x->sst[i] = x->sst_text + p.off[i];
    free(p.off);
    return st;
}

/* ---- sheets ---- */

bool th_xlsx_ref_parse(const char *ref, int *row, int *col)
{
    int c = 0, r = 0, nl = 0, nd = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++, nl++) {
        if (nl >= 3)
            return false; /* past XFD: and c would overflow */
        c = c * 26 + (*p - 'A' + 1);
    }
    for (; *p >= '0' && *p <= '9'; p++, nd++)
        if (r <= 1048576)
            r = r * 10 + (*p - '0');
    if (*p || nl < 1 || nl > 3 || nd < 1 || r < 1 || r > 1048576 || c > 16384)
        return false;
    *row = r - 1;
    *col = c - 1;
    return true;
}

void th_xlsx_ref_format(int row, int col, char out[12])
{
    char letters[4];
    int n = 0, c = col + 1;
    while (c > 0 && n < 3) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    int o = 0;
    while (n)
        out[o++] = letters[--n];
    char digits[12];
    int d = 0;
    for (unsigned r = (unsigned)row + 1; r && d < 11; r /= 10)
        digits[d++] = (char)('0' + r % 10);
    while (d && o < 11)
        out[o++] = digits[--d];
    out[o] = '\0';
}

bool th_xlsx_serial_date(double serial, bool date1904, th_date *out)
{
    if (!isfinite(serial) || serial < 1 || serial > 2958465)
        return false;
    int days = (int)floor(serial);
    if (date1904)
        *out = th_date_add_days(19040101, days);
    else
        *out = th_date_add_days(18991230, days < 61 ? days + 1 : days);
    return true;
}

struct cellstate {
    struct th_xlsx_cell cell;
    char t[16];        /* the t attribute ("" when absent) */
    struct th_buf val; /* <v> or inline <t> text */
    bool in_cell, in_is, collect, formula;
    int rph;
};

static enum th_xlsx_status emit(struct th_xlsx *x, struct cellstate *cs, th_xlsx_cell_fn fn, void *ctx,
                                bool *go_on, struct th_xlsx_error *err, const char *part)
{
    struct th_xlsx_cell *c = &cs->cell;
    const char *t = cs->t[0] ? cs->t : "n";
    const char *v = cs->val.data ? cs->val.data : "";
    c->formula = cs->formula;
    c->text = v;
    if (strcmp(t, "s") == 0) {
        /* the index in plain digits, as it always is, read here; anything
         * else as strtoul reads it (" 7", "+7") */
        unsigned long i = 0;
        size_t nd = 0;
        for (; nd < 9 && v[nd] >= '0' && v[nd] <= '9'; nd++)
            i = i * 10 + (unsigned long)(v[nd] - '0');
        const char *end = v + nd;
        if (!nd || *end)
            i = strtoul(v, (char **)&end, 10);
        if (!*v || *end || i >= x->nsst) {
            char ref[12];
            th_xlsx_ref_format(c->row, c->col, ref);
            return th_xlsx_fail(err, TH_XLSX_BAD_XML, part, "ô %s tham chiếu chuỗi dùng chung không tồn tại", ref);
        }
        c->type = TH_CELL_STRING;
        c->text = x->sst[i];
    } else if (strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0) {
        c->type = TH_CELL_STRING;
        if (cs->formula && !cs->val.len && strcmp(t, "str") == 0)
            c->type = TH_CELL_BLANK;
    } else if (strcmp(t, "b") == 0) {
        c->type = cs->val.len ? TH_CELL_BOOL : TH_CELL_BLANK;
    } else if (strcmp(t, "e") == 0) {
        c->type = TH_CELL_ERROR;
    } else if (strcmp(t, "d") == 0) {
        c->type = cs->val.len ? TH_CELL_DATE : TH_CELL_BLANK;
    } else {
        c->type = cs->val.len ? TH_CELL_NUMBER : TH_CELL_BLANK;
    }
    *go_on = fn(c, ctx);
    return TH_XLSX_OK;
}

/* One pass over a sheet part: where we are, and where the cells go. */
struct sheet_pass {
    struct sax sax;
    struct th_xlsx *x;
    struct cellstate cs;
    int row, col;
    th_xlsx_cell_fn fn;
    void *ctx;
};

static void sheet_emit(struct sheet_pass *p)
{
    bool go_on = true;
    enum th_xlsx_status st = emit(p->x, &p->cs, p->fn, p->ctx, &go_on, p->sax.err, p->sax.part);
    if (st != TH_XLSX_OK)
        sax_stop(&p->sax, st);
    else if (!go_on)
        sax_halt(&p->sax);
}

static void sheet_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                        const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    (void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
    struct sheet_pass *p = ctx;
    struct cellstate *cs = &p->cs;
    if (!sax_enter(&p->sax))
        return;
    const char *ln = (const char *)local;
    char buf[16];
    if (strcmp(ln, "c") == 0) {
        int rw, cl;
        if (sax_attr(attrs, nattrs, "r", buf, sizeof buf) && th_xlsx_ref_parse(buf, &rw, &cl)) {
            p->row = rw;
            p->col = cl;
        } else {
            p->col++;
            if (p->row < 0)
                p->row = 0;
        }
        cs->cell.row = p->row;
        cs->cell.col = p->col;
        if (!sax_attr(attrs, nattrs, "t", cs->t, sizeof cs->t))
            cs->t[0] = '\0';
        cs->val.len = 0;
        if (cs->val.data)
            cs->val.data[0] = '\0';
        cs->formula = false;
        cs->in_is = false;
        cs->collect = false;
        cs->rph = 0;
        cs->in_cell = true;
    } else if (strcmp(ln, "row") == 0) {
        long v = sax_attr(attrs, nattrs, "r", buf, sizeof buf) ? strtol(buf, NULL, 10) : 0;
        p->row = v >= 1 && v <= 1048576 ? (int)v - 1 : p->row + 1;
        p->col = -1;
    } else if (cs->in_cell && strcmp(ln, "f") == 0) {
        cs->formula = true;
    } else if (cs->in_cell && strcmp(ln, "v") == 0) {
        cs->collect = true;
    } else if (cs->in_cell && strcmp(ln, "is") == 0) {
        cs->in_is = true;
    } else if (cs->in_is && strcmp(ln, "rPh") == 0) {
        cs->rph++;
    } else if (cs->in_is && !cs->rph && strcmp(ln, "t") == 0) {
        cs->collect = true;
    }
}

static void sheet_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    struct sheet_pass *p = ctx;
    struct cellstate *cs = &p->cs;
    p->sax.depth--;
    const char *ln = (const char *)local;
    if (strcmp(ln, "v") == 0 || strcmp(ln, "t") == 0) {
        cs->collect = false;
    } else if (strcmp(ln, "rPh") == 0) {
        cs->rph--;
    } else if (strcmp(ln, "is") == 0) {
        cs->in_is = false;
    } else if (strcmp(ln, "c") == 0 && cs->in_cell) {
        cs->in_cell = false;
        sheet_emit(p);
    } else if (strcmp(ln, "sheetData") == 0) {
        sax_halt(&p->sax); /* the rest (merges, validations, print setup) is not needed */
    }
}

static void sheet_text(void *ctx, const xmlChar *ch, int len)
{
    struct sheet_pass *p = ctx;
    if (p->cs.collect && th_buf_add(&p->cs.val, ch, (size_t)len) != TH_OK) {
        char ref[12];
        th_xlsx_ref_format(p->cs.cell.row, p->cs.cell.col, ref);
        sax_stop(&p->sax, th_xlsx_fail(p->sax.err, TH_XLSX_BOMB, p->sax.part, "ô %s quá lớn", ref));
    }
}

enum th_xlsx_status th_xlsx_read_sheet(struct th_xlsx *x, const char *name, th_xlsx_cell_fn fn, void *ctx,
                                       struct th_xlsx_error *err)
{
    char *want = th_nfc(name);
    const struct sheet *sh = NULL;
    for (size_t i = 0; i < x->nsheets && want && !sh; i++)
        if (x->sheets[i].nfc && strcmp(x->sheets[i].nfc, want) == 0)
            sh = &x->sheets[i];
    free(want);
    if (!sh || !sh->part)
        return th_xlsx_fail(err, TH_XLSX_NO_SHEET, "", "không tìm thấy trang tính '%s'", name);
    enum th_xlsx_status st;
    if (!x->sst_loaded && (st = load_sst(x, err)) != TH_XLSX_OK)
        return st;
    char *data;
    size_t len;
    if ((st = th_zip_read(x->zip, sh->part, &data, &len, err)) != TH_XLSX_OK)
        return st;
    struct sheet_pass p = {.sax = {.x = x, .err = err, .part = sh->part}, .x = x, .row = -1, .col = -1, .fn = fn,
                           .ctx = ctx};
    th_buf_init(&p.cs.val, x->lim.max_part);
    xmlSAXHandler h = {
        .startElementNs = sheet_start,
        .endElementNs = sheet_end,
        .characters = sheet_text,
        .cdataBlock = sheet_text,
        .ignorableWhitespace = sheet_text,
    };
    st = sax_parse(&p.sax, &h, data, len);
    th_buf_release(&p.cs.val);
    free(data);
    return st;
}

/* The name of the root element in the first bytes of an XML part, or "". */
static void root_name(const char *head, size_t n, char out[64])
{
    out[0] = '\0';
    for (size_t i = 0; i + 1 < n; i++) {
        if (head[i] != '<' || head[i + 1] == '?' || head[i + 1] == '!')
            continue;
        size_t k = 0;
        for (i++; i < n && k < 63 && !strchr(" \t\r\n/>", head[i]); i++)
            out[k++] = head[i];
        out[k] = '\0';
        return;
    }
}

/* Whether an XML part of total bytes, whose first and last bytes these are,
 * ends with its root's end tag (or is short and its root empty, "<x/>"). */
static bool ends_whole(const char *head, size_t nhead, const char *tail, size_t ntail, size_t total)
{
    char root[64], end[72];
    root_name(head, nhead, root);
    if (!root[0])
        return false;
    while (ntail && strchr(" \t\r\n", tail[ntail - 1]))
        ntail--;
    size_t k = (size_t)snprintf(end, sizeof end, "</%s>", root);
    if (ntail >= k && memcmp(tail + ntail - k, end, k) == 0)
        return true;
    return total <= nhead && ntail >= 2 && memcmp(tail + ntail - 2, "/>", 2) == 0;
}

/* Every part of the zip at path inflates with its CRC, and every XML part
 * ends with its root's end tag: what a temp file cut short would break.
 * Streamed, a chunk at a time (a national workbook's sheets are hundreds
 * of MB inflated). */
static th_err check_written(const char *path, char *why, size_t n)
{
    unzFile z = unzOpen64(path);
    if (!z) {
        snprintf(why, n, "not a zip archive");
        return TH_ERR_IO;
    }
    th_err e = TH_OK;
    char *chunk = th_malloc(1 << 16), head[512], tail[512], name[MAX_NAME];
    int rc = unzGoToFirstFile(z);
    for (; rc == UNZ_OK && e == TH_OK; rc = unzGoToNextFile(z)) {
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(z, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK ||
            unzOpenCurrentFile(z) != UNZ_OK) {
            snprintf(why, n, "an entry cannot be read");
            e = TH_ERR_IO;
            break;
        }
        size_t nhead = 0, ntail = 0, total = 0;
        int got;
        while ((got = unzReadCurrentFile(z, chunk, 1 << 16)) > 0) {
            size_t g = (size_t)got, h = g < sizeof head - nhead ? g : sizeof head - nhead;
            memcpy(head + nhead, chunk, h);
            nhead += h;
            if (g >= sizeof tail) {
                memcpy(tail, chunk + g - sizeof tail, sizeof tail);
                ntail = sizeof tail;
            } else {
                size_t keep = ntail + g > sizeof tail ? sizeof tail - g : ntail;
                memmove(tail, tail + ntail - keep, keep);
                memcpy(tail + keep, chunk, g);
                ntail = keep + g;
            }
            total += g;
        }
        bool crc = unzCloseCurrentFile(z) == UNZ_OK;
        size_t len = strlen(name);
        bool xml = (len > 4 && strcmp(name + len - 4, ".xml") == 0) || (len > 5 && strcmp(name + len - 5, ".rels") == 0);
        if (got < 0 || !crc) {
            snprintf(why, n, "%.400s: does not inflate whole", name);
            e = TH_ERR_IO;
        } else if (xml && !ends_whole(head, nhead, tail, ntail, total)) {
            snprintf(why, n, "%.400s: cut short", name);
            e = TH_ERR_IO;
        }
    }
    if (e == TH_OK && rc != UNZ_END_OF_LIST_OF_FILE) {
        snprintf(why, n, "the zip directory cannot be read");
        e = TH_ERR_IO;
    }
    unzClose(z);
    free(chunk);
    return e;
}

th_err th_xlsx_commit_checked(struct th_temp *t)
{
    char why[512];
    if (check_written(t->name, why, sizeof why) != TH_OK) {
        th_error("'%s' came out damaged (%s): not kept", t->path, why);
        th_temp_abort(t);
        errno = EIO;
        return TH_ERR_IO;
    }
    return th_temp_commit(t);
}
