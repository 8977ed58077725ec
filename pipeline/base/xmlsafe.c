/* xmlsafe.c - hostile-input XML parsing and XSD validation over libxml2. */
#include "xmlsafe.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

#include "text.h"

static const char XINCLUDE_NS[] = "http://www.w3.org/2001/XInclude";
static const char XINCLUDE_NS_OLD[] = "http://www.w3.org/2003/XInclude";

/* Refuse every external resource: no file, no network, no catalog. */
static xmlParserInputPtr no_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* libxml2's realloc. libxml2 builds strings a piece at a time (xmlStrcat:
 * five reallocs for each xs:unique key of a submission), and jemalloc's
 * realloc cost 400 instructions a call, in place or not: 6.5 % of
 * validating a year's XML files. A block that holds n bytes already is
 * kept; a small one moves by malloc, copy and free (their fast paths) to
 * at least XML_REALLOC_MIN bytes; a large one is realloc's (it may grow
 * in place, no copy). */
#define XML_REALLOC_MIN 64
#define XML_REALLOC_COPY 4096

static void *xml_realloc(void *p, size_t n)
{
    if (!p || !n || n > XML_REALLOC_COPY)
        return realloc(p, n);
    size_t have = malloc_usable_size(p);
    if (n <= have)
        return p;
    void *q = malloc(n < XML_REALLOC_MIN ? XML_REALLOC_MIN : n);
    if (!q)
        return NULL;
    memcpy(q, p, have);
    free(p);
    return q;
}

/* libxml2's allocation of a string or a buffer (xmlMallocAtomic), at
 * least XML_STRING_MIN bytes: the "[" an xs:unique key starts from holds
 * the whole key ("['tro_giup_xa_hoi']"), which xmlStrcat then grows in
 * place, where each key moved once; strings that short are few and
 * short-lived (COMPACT keeps a text under 16 bytes in its node). */
#define XML_STRING_MIN 32

static void *xml_malloc_atomic(size_t n)
{
    return malloc(n < XML_STRING_MIN ? XML_STRING_MIN : n);
}

static void init_process(void)
{
    /* before libxml2 allocates: its memory is malloc's either way */
    xmlGcMemSetup(free, malloc, xml_malloc_atomic, xml_realloc, strdup);
    xmlInitParser();
    xmlSetExternalEntityLoader(no_external);
}

void th_xml_init(void)
{
    static _Thread_local bool done; /* libxml2 keeps the settings below per thread */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    if (done)
        return;
    done = true;
    pthread_once(&once, init_process);
    xmlSetGenericErrorFunc(NULL, silent);
    xmlLineNumbersDefault(1);
    xmlSubstituteEntitiesDefault(0);
    xmlLoadExtDtdDefaultValue = 0;
}

/* ---- what a thread keeps from file to file ----
 * A parser context (with its dictionary of names) and a schema validation
 * context, reused: making both afresh for each submission of a few KB cost
 * more than parsing it. A dictionary grown past DICT_KEEP names (a hostile
 * file's made-up names) is dropped with its context. */
#define DICT_KEEP 20000

struct xml_thread {
    xmlParserCtxtPtr parser;
    xmlSchemaPtr schema;          /* what valid validates against */
    xmlSchemaValidCtxtPtr valid;
};

static _Thread_local struct xml_thread *xt;
static pthread_key_t xt_key; /* frees a thread's contexts when it ends */
static pthread_once_t xt_once = PTHREAD_ONCE_INIT;

static void xt_free(void *p)
{
    struct xml_thread *t = p;
    if (!t)
        return;
    if (t->parser)
        xmlFreeParserCtxt(t->parser);
    if (t->valid)
        xmlSchemaFreeValidCtxt(t->valid);
    free(t);
}

static void xt_key_make(void)
{
    pthread_key_create(&xt_key, xt_free);
}

static struct xml_thread *xml_thread(void)
{
    if (!xt) {
        pthread_once(&xt_once, xt_key_make);
        xt = th_calloc(1, sizeof *xt);
        pthread_setspecific(xt_key, xt);
    }
    return xt;
}

void th_xml_thread_release(void)
{
    if (!xt)
        return;
    pthread_setspecific(xt_key, NULL);
    xt_free(xt);
    xt = NULL;
}

static struct {
    char *name;
    xmlSchemaPtr schema;
    char sha256[65]; /* of the schema's bytes */
} schemas[16]; /* more than schemas/ holds: a full slot table made th_schema fail silently */

void th_xml_cleanup(void)
{
    th_xml_thread_release();
    for (size_t i = 0; i < sizeof schemas / sizeof schemas[0]; i++) {
        if (schemas[i].schema)
            xmlSchemaFree(schemas[i].schema);
        free(schemas[i].name);
        schemas[i].name = NULL;
        schemas[i].schema = NULL;
    }
    xmlCleanupParser();
}

void th_xml_issues_release(struct th_xml_issues *is)
{
    for (size_t i = 0; i < is->n; i++) {
        free(is->v[i].message);
        free(is->v[i].str1);
        free(is->v[i].str2);
    }
    free(is->v);
    is->v = NULL;
    is->n = is->cap = 0;
}

static void add_issue(struct th_xml_issues *is, int line, const char *msg)
{
    if (!is)
        return;
    TH_GROW(is->v, is->cap, is->n + 1);
    char *m = th_strdup(msg ? msg : "");
    th_trim(m);
    memset(&is->v[is->n], 0, sizeof is->v[is->n]);
    is->v[is->n].line = line;
    is->v[is->n].message = m;
    is->n++;
}

/* An issue from a libxml2 error, keeping its code and arguments so that
 * callers can say what went wrong in their users' language. */
static void add_error(struct th_xml_issues *is, const xmlError *err)
{
    add_issue(is, err ? err->line : 0, err && err->message ? err->message : "parse error");
    if (!is || !err)
        return;
    struct th_xml_issue *it = &is->v[is->n - 1];
    it->code = err->code;
    it->str1 = th_strdup(err->str1);
    it->str2 = th_strdup(err->str2);
    it->int1 = err->int1;
}

/* Line of byte offset off in data (1-based). */
static int line_at(const char *data, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

/* The end of the first needle at or after p in [p, end), or NULL. */
static const char *skip_past(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    const char *at = p < end ? memmem(p, (size_t)(end - p), needle, n) : NULL;
    return at ? at + n : NULL;
}

/* Where the markup bytes of p[0..64) are, one bit each (bit i for p[i]);
 * a block past end is read as if padded with NULs. */
struct markup {
    uint64_t lt, gt, dq, sq; /* < > " ' */
};

static void markup_of(const char *p, const char *end, struct markup *m)
{
    char pad[64];
    if (end - p < 64) {
        memset(pad, 0, sizeof pad);
        memcpy(pad, p, (size_t)(end - p));
        p = pad;
    }
    m->lt = m->gt = m->dq = m->sq = 0;
#ifdef __SSE2__
    for (int i = 0; i < 4; i++) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        m->lt |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('<'))) << (16 * i);
        m->gt |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('>'))) << (16 * i);
        m->dq |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('"'))) << (16 * i);
        m->sq |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('\''))) << (16 * i);
    }
#else
    for (int i = 0; i < 64; i++) {
        m->lt |= (uint64_t)(p[i] == '<') << i;
        m->gt |= (uint64_t)(p[i] == '>') << i;
        m->dq |= (uint64_t)(p[i] == '"') << i;
        m->sq |= (uint64_t)(p[i] == '\'') << i;
    }
#endif
}

int th_xml_attr_scan(const char *data, size_t len, size_t per_element, size_t per_file, bool *on_element)
{
    /* over the markup bytes alone, 64 at a time, each state looking only
     * at the bytes that end it: text, names, values and white space are
     * never read one by one */
    enum { TEXT, START_TAG, VALUE, END_TAG } in = TEXT;
    const char *end = data + len, *lt = NULL;
    bool dquote = false; /* the value open is in " (else ') */
    size_t here = 0, total = 0;
    for (const char *block = data; block < end;) {
        struct markup mk;
        markup_of(block, end, &mk);
        const char *next = block + 64;
        for (uint64_t live = ~(uint64_t)0;;) {
            uint64_t b = in == TEXT ? mk.lt : in == START_TAG ? mk.gt | mk.dq | mk.sq
                         : in == VALUE ? (dquote ? mk.dq : mk.sq) : mk.gt;
            b &= live;
            if (!b)
                break;
            int i = __builtin_ctzll(b);
            live = ~(uint64_t)1 << i; /* the bits past i */
            const char *p = block + i; /* before end: a short block is padded */
            if (in == VALUE) {
                in = START_TAG;
                here++;
                total++;
                if (here > per_element || total > per_file) {
                    *on_element = here > per_element;
                    return line_at(data, (size_t)(lt - data));
                }
            } else if (in == START_TAG) {
                if (*p == '>') {
                    in = TEXT;
                } else {
                    in = VALUE;
                    dquote = *p == '"';
                }
            } else if (in == END_TAG) {
                in = TEXT;
            } else {
                if (p + 1 >= end)
                    return 0;
                const char *q = p + 1, *past;
                if (*q == '/') {
                    in = END_TAG;
                    continue;
                }
                if (*q != '!' && *q != '?') {
                    in = START_TAG;
                    lt = p;
                    here = 0;
                    continue;
                }
                if (*q == '?')
                    past = skip_past(q, end, "?>");
                else if (end - q >= 3 && memcmp(q, "!--", 3) == 0)
                    past = skip_past(q + 3, end, "-->");
                else if (end - q >= 8 && memcmp(q, "![CDATA[", 8) == 0)
                    past = skip_past(q + 8, end, "]]>");
                else
                    past = skip_past(q, end, ">");
                if (!past)
                    return 0;
                next = past; /* the scan goes on from there */
                break;
            }
        }
        block = next;
    }
    return 0;
}

/* Before handing bytes to libxml2: UTF-8 only, no NUL, no DOCTYPE at all
 * (a submission never needs one; entities and DTD loading are how XXE and
 * billion-laughs attacks arrive). Returns TH_OK or the reason. */
static th_err prescan(const char *data, size_t len, size_t max_attrs, struct th_xml_issues *issues)
{
    if (len == 0) {
        add_issue(issues, 0, "empty file");
        return TH_ERR_PARSE;
    }
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        add_issue(issues, line_at(data, (size_t)(nul - data)), "file contains NUL bytes (not UTF-8 text)");
        return TH_ERR_ENCODING;
    }
    const char *bad = th_utf8_check(data, len);
    if (bad) {
        add_issue(issues, line_at(data, (size_t)(bad - data)), "file is not valid UTF-8");
        return TH_ERR_ENCODING;
    }
    bool on_element = false;
    int at = th_xml_attr_scan(data, len, TH_XML_MAX_ATTRS_ELEMENT, max_attrs, &on_element);
    if (at) {
        char msg[96];
        if (on_element)
            snprintf(msg, sizeof msg, "too many attributes on one element (more than %d)", TH_XML_MAX_ATTRS_ELEMENT);
        else
            snprintf(msg, sizeof msg, "too many attributes in the file (more than %zu)", max_attrs);
        add_issue(issues, at, msg);
        return TH_ERR_HOSTILE;
    }
    /* Walk the prolog: XML declaration, comments, PIs, white space. */
    size_t i = 0;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        i = 3;
    int line = 1;
    while (i < len) {
        char c = data[i];
        if (c == '\n') {
            line++;
            i++;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            i++;
        } else if (c == '<' && i + 1 < len && data[i + 1] == '?') {
            const char *end = memmem(data + i, len - i, "?>", 2); /* data need not end in NUL */
            if (!end)
                return TH_OK; /* let the parser say what is wrong */
            for (const char *p = data + i; p < end; p++)
                line += *p == '\n';
            i = (size_t)(end - data) + 2;
        } else if (c == '<' && len - i >= 4 && memcmp(data + i, "<!--", 4) == 0) {
            const char *end = memmem(data + i, len - i, "-->", 3);
            if (!end)
                return TH_OK;
            for (const char *p = data + i; p < end; p++)
                line += *p == '\n';
            i = (size_t)(end - data) + 3;
        } else if (c == '<' && len - i >= 9 && strncasecmp(data + i, "<!DOCTYPE", 9) == 0) {
            add_issue(issues, line, "DOCTYPE");
            return TH_ERR_HOSTILE;
        } else {
            return TH_OK;
        }
    }
    return TH_OK;
}

static bool is_xinclude_ns(const xmlChar *href)
{
    return href && (strcmp((const char *)href, XINCLUDE_NS) == 0 || strcmp((const char *)href, XINCLUDE_NS_OLD) == 0);
}

/* What the parse of this thread met, as it built the tree: the first
 * element deeper than TH_MAX_XML_DEPTH (the root at depth 1) and the first
 * XInclude element below the root, in document order. Watched as each
 * element is made (start_element), where a walk of the finished tree cost
 * 1 % of validating a year's XML files. */
static _Thread_local struct {
    xmlNodePtr deep, xinclude;
} watch;

/* SAX2's start of an element that start_element let through, then the
 * element it built taken if it is too deep or an XInclude one. */
__attribute__((noinline)) static void start_watched(xmlParserCtxtPtr ctxt, const xmlChar *localname,
                                                    const xmlChar *prefix, const xmlChar *uri, int nb_namespaces,
                                                    const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                                                    const xmlChar **attributes)
{
    int depth = ctxt->nodeNr + 1;
    xmlSAX2StartElementNs(ctxt, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                          attributes);
    if (ctxt->nodeNr != depth)
        return; /* not built */
    xmlNodePtr n = ctxt->node;
    if (!watch.xinclude && is_xinclude_ns(n->ns ? n->ns->href : NULL))
        watch.xinclude = n;
    if (depth > TH_MAX_XML_DEPTH)
        watch.deep = n;
}

/* SAX2's start of an element. One below the root is watched if it may
 * be too deep or in an XInclude namespace (SAX2 gives an element the
 * namespace uri names, or none; both XInclude names begin with 'h'), until
 * the first too deep; the rest go straight to SAX2. */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                          int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                          const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    int depth = ctxt->nodeNr + 1;
    if (depth > 1 && !watch.deep && (depth > TH_MAX_XML_DEPTH || (!watch.xinclude && uri && uri[0] == 'h')))
        start_watched(ctxt, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                      attributes);
    else
        xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                              attributes);
}

/* The issue for a parse that failed: its last error, or "depth". */
static th_err parse_failure(xmlParserCtxtPtr ctxt, struct th_xml_issues *issues)
{
    const xmlError *err = xmlCtxtGetLastError(ctxt);
    if (err && err->message && strstr(err->message, "Excessive depth")) {
        add_issue(issues, err->line, "depth");
        return TH_ERR_HOSTILE;
    }
    add_error(issues, err);
    return TH_ERR_PARSE;
}

static xmlDocPtr parse_capped(const char *data, size_t len, const char *name, size_t max, size_t max_attrs,
                              int opts_more, struct th_xml_issues *issues, th_err *why);

xmlDocPtr th_xml_parse(const char *data, size_t len, const char *name,
                       struct th_xml_issues *issues, th_err *why)
{
    /* a submission has no mixed content (submission.xsd): the white space
     * between its elements makes no node (a third fewer to build, check
     * and free) */
    return parse_capped(data, len, name, TH_MAX_XML_BYTES, TH_XML_MAX_ATTRS_FILE, XML_PARSE_NOBLANKS, issues, why);
}

xmlDocPtr th_xml_parse_max(const char *data, size_t len, const char *name, size_t max,
                           struct th_xml_issues *issues, th_err *why)
{
    return parse_capped(data, len, name, max, SIZE_MAX, 0, issues, why);
}

static xmlDocPtr parse_capped(const char *data, size_t len, const char *name, size_t max, size_t max_attrs,
                              int opts_more, struct th_xml_issues *issues, th_err *why)
{
    th_xml_init();
    th_err e = TH_OK;
    xmlDocPtr doc = NULL;
    if (len > max) {
        add_issue(issues, 0, "file too large");
        e = TH_ERR_TOO_BIG;
        goto out;
    }
    e = prescan(data, len, max_attrs, issues);
    if (e != TH_OK)
        goto out;

    struct xml_thread *t = xml_thread();
    if (!t->parser && !(t->parser = xmlNewParserCtxt())) {
        e = TH_ERR_NOMEM;
        goto out;
    }
    xmlParserCtxtPtr ctxt = t->parser; /* xmlCtxtReadMemory resets it */
    ctxt->sax->startElementNs = start_element;
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC |
               XML_PARSE_NOCDATA | XML_PARSE_COMPACT | opts_more;
    watch.deep = watch.xinclude = NULL;
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, "UTF-8", opts);
    xmlNodePtr deep = watch.deep, xi = watch.xinclude;
    watch.deep = watch.xinclude = NULL;
    if (!doc || !ctxt->wellFormed) {
        e = parse_failure(ctxt, issues);
        if (doc)
            xmlFreeDoc(doc);
        doc = NULL;
    }
    if (xmlDictSize(ctxt->dict) > DICT_KEEP) { /* the document keeps its own reference */
        xmlFreeParserCtxt(ctxt);
        t->parser = NULL;
    }
    if (!doc)
        goto out;
    if (doc->intSubset || doc->extSubset) {
        add_issue(issues, 0, "DOCTYPE");
        e = TH_ERR_HOSTILE;
        goto fail;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) {
        add_issue(issues, 0, "no root element");
        e = TH_ERR_PARSE;
        goto fail;
    }
    if (deep) {
        add_issue(issues, (int)xmlGetLineNo(deep), "depth");
        e = TH_ERR_HOSTILE;
        goto fail;
    }
    if (xi) {
        add_issue(issues, xmlGetLineNo(xi), "XInclude");
        e = TH_ERR_HOSTILE;
        goto fail;
    }
    goto out;
fail:
    xmlFreeDoc(doc);
    doc = NULL;
out:
    if (why)
        *why = e;
    return doc;
}

/* The schema text *data with every element declaration minOccurs="0"
 * (TH_SCHEMA_OPTIONAL); left as it is if it does not parse. */
static void all_optional(char **data, size_t *len)
{
    xmlDocPtr doc = xmlReadMemory(*data, (int)*len, NULL, NULL, XML_PARSE_NONET);
    if (!doc)
        return;
    for (xmlNodePtr n = xmlDocGetRootElement(doc); n;) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "element") == 0 && n->parent &&
            n->parent->type == XML_ELEMENT_NODE && strcmp((const char *)n->parent->name, "schema") != 0)
            xmlSetProp(n, BAD_CAST "minOccurs", BAD_CAST "0");
        if (n->children && n->type == XML_ELEMENT_NODE)
            n = n->children;
        else {
            while (n && !n->next)
                n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
            if (n)
                n = n->next;
        }
    }
    xmlChar *out = NULL;
    int n = 0;
    xmlDocDumpMemory(doc, &out, &n);
    xmlFreeDoc(doc);
    if (!out)
        return;
    free(*data);
    *data = th_strndup((const char *)out, (size_t)n);
    *len = (size_t)n;
    xmlFree(out);
}

static size_t schema_slot_locked(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof schemas / sizeof schemas[0] && schemas[i].name; i++)
        if (strcmp(schemas[i].name, name) == 0)
            return i;
    if (i == sizeof schemas / sizeof schemas[0])
        return SIZE_MAX;
    th_xml_init();
    /* Read the schema ourselves: the entity loader refuses every external
     * resource, schemas included, and our schemas import nothing. */
    size_t base = strcspn(name, "#");
    char *file = th_strndup(name, base);
    char *path = th_home_path("schemas", file), *data = NULL;
    free(file);
    size_t len = 0;
    xmlSchemaPtr s = NULL;
    if (th_read_file(path, 1u << 20, &data, &len) == TH_OK) {
        th_sha256_hex(data, len, schemas[i].sha256);
        if (strcmp(name + base, TH_SCHEMA_OPTIONAL) == 0)
            all_optional(&data, &len);
        xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(data, (int)len);
        if (pc) {
            xmlSchemaSetParserErrors(pc, silent, silent, NULL);
            s = xmlSchemaParse(pc);
            xmlSchemaFreeParserCtxt(pc);
        }
        free(data);
    }
    if (!s)
        th_error("cannot load schema '%s' (set TONGHOP_HOME to the directory holding schemas/)", path);
    free(path);
    schemas[i].name = th_strdup(name);
    schemas[i].schema = s;
    return i;
}

/* The slot of schema name, loaded on first use. Locked: the report's PDF
 * and workbook threads load their schemas at the same time; a slot, once
 * filled, stays until th_xml_cleanup. */
static size_t schema_slot(const char *name)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&mu);
    size_t i = schema_slot_locked(name);
    pthread_mutex_unlock(&mu);
    return i;
}

xmlSchemaPtr th_schema(const char *name)
{
    size_t i = schema_slot(name);
    return i == SIZE_MAX ? NULL : schemas[i].schema;
}

static void collect_structured(void *ctx, xmlErrorPtr err)
{
    struct th_xml_issues *is = ctx;
    if (is->n >= 200)
        return; /* enough to act on; do not let one file flood the report */
    int line = err->line;
    if (err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE)
        line = xmlGetLineNo((xmlNodePtr)err->node);
    add_issue(is, line, err->message);
    if (err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE)
        is->v[is->n - 1].node = err->node;
}

th_err th_xml_validate(xmlSchemaPtr schema, xmlDocPtr doc, struct th_xml_issues *issues)
{
    if (!schema)
        return TH_ERR_CONFIG;
    struct xml_thread *t = xml_thread();
    if (t->valid && t->schema != schema) {
        xmlSchemaFreeValidCtxt(t->valid);
        t->valid = NULL;
    }
    if (!t->valid && !(t->valid = xmlSchemaNewValidCtxt(schema)))
        return TH_ERR_NOMEM;
    t->schema = schema;
    xmlSchemaValidCtxtPtr vc = t->valid; /* cleared by libxml2 at the end of each run */
    struct th_xml_issues local = {0};
    struct th_xml_issues *is = issues ? issues : &local;
    xmlSchemaSetValidStructuredErrors(vc, collect_structured, is);
    int r = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaSetValidStructuredErrors(vc, NULL, NULL);
    th_xml_issues_release(&local);
    return r == 0 ? TH_OK : TH_ERR_SCHEMA;
}

static void print_issues(const char *path, const struct th_xml_issues *is, th_err e)
{
    for (size_t i = 0; i < is->n; i++)
        th_error("%s:%d: %s", path, is->v[i].line, is->v[i].message);
    if (!is->n)
        th_error("%s: %s", path, th_strerror(e));
}

xmlDocPtr th_xml_load_config(const char *path, const char *schema_name)
{
    char *data;
    size_t len;
    th_err e = th_read_file(path, TH_MAX_CONFIG_BYTES, &data, &len);
    if (e != TH_OK) {
        th_error("cannot read '%s': %s", path, e == TH_ERR_IO ? strerror(errno) : th_strerror(e));
        return NULL;
    }
    struct th_xml_issues is = {0};
    xmlDocPtr doc = th_xml_parse_max(data, len, path, TH_MAX_CONFIG_BYTES, &is, &e);
    free(data);
    if (doc && (e = th_xml_validate(th_schema(schema_name), doc, &is)) != TH_OK) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc)
        print_issues(path, &is, e);
    th_xml_issues_release(&is);
    return doc;
}

/* ---- configuration files read as a stream ---- */

#define MAX_SCHEMA_ISSUES 200 /* as collect_structured: enough to act on */

struct th_xml_stream {
    char *path, *data;
    size_t len;
    xmlTextReaderPtr reader;
    xmlSchemaValidCtxtPtr vc;    /* NULL when the memo says the schema passed */
    char *memo;                  /* where passes are remembered, or NULL */
    char digest[65];             /* this build, the schema and the document */
    xmlNodePtr root;             /* the document element while it is open */
    bool seen_root, done, parse_failed;
    int doctype, deep, xinclude; /* 1 + line of the first such problem, 0 if none */
    struct th_xml_issues invalid;
};

static bool is_name(xmlNodePtr n, const char *ns, size_t nslen, const char *local, size_t len)
{
    if (strlen((const char *)n->name) != len || memcmp(n->name, local, len) != 0)
        return false;
    const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
    if (!ns)
        return !href;
    return href && strlen(href) == nslen && memcmp(href, ns, nslen) == 0;
}

static xmlNodePtr last_element(xmlNodePtr n)
{
    for (xmlNodePtr c = n->last; c; c = c->prev)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

/* The line th_xml_validate would give: that of the element the message names
 * ("Element '{ns}name': ..."), the deepest of that name among the open
 * elements of the reader's partial tree. libxml2's own line is where the
 * parser stands, which for an element's content or end is past its start. */
static int stream_line(const struct th_xml_stream *s, const xmlError *err)
{
    const char *m = err->message;
    if (!s->root || !m || strncmp(m, "Element '", 9) != 0)
        return err->line;
    const char *name = m + 9, *end = strchr(name, '\''), *ns = NULL;
    size_t nslen = 0;
    if (!end)
        return err->line;
    if (*name == '{') {
        const char *close = memchr(name, '}', (size_t)(end - name));
        if (!close)
            return err->line;
        ns = name + 1;
        nslen = (size_t)(close - ns);
        name = close + 1;
    }
    xmlNodePtr hit = NULL;
    for (xmlNodePtr n = s->root; n; n = last_element(n))
        if (is_name(n, ns, nslen, name, (size_t)(end - name)))
            hit = n;
    return hit && hit->line > 0 && hit->line < 65535 ? hit->line : err->line;
}

static void stream_schema_error(void *ctx, xmlErrorPtr err)
{
    struct th_xml_stream *s = ctx;
    if (s->invalid.n < MAX_SCHEMA_ISSUES)
        add_issue(&s->invalid, stream_line(s, err), err->message);
}

/* Why data is not well-formed, as th_xml_parse says it: the push parser
 * under xmlTextReader words some errors differently (and stops earlier), so
 * parse again, building nothing. */
static th_err reparse(const char *data, size_t len, const char *name, struct th_xml_issues *issues)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return TH_ERR_NOMEM;
    memset(ctxt->sax, 0, sizeof *ctxt->sax); /* no tree: memory stays flat */
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC |
               XML_PARSE_NOCDATA;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, "UTF-8", opts);
    th_err e = parse_failure(ctxt, issues);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return e;
}

static void stream_free(struct th_xml_stream *s)
{
    xmlFreeTextReader(s->reader); /* before the context plugged into it */
    if (s->vc && s->parse_failed) {
        /* libxml2 2.9 leaks the key values of a stream cut short; a run
         * over an empty document clears the context */
        xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
        if (doc) {
            xmlDocSetRootElement(doc, xmlNewDocNode(doc, NULL, (const xmlChar *)"x", NULL));
            xmlSchemaSetValidStructuredErrors(s->vc, NULL, NULL);
            xmlSchemaValidateSetLocator(s->vc, NULL, NULL); /* it was the freed reader's */
            xmlSchemaValidateDoc(s->vc, doc);
            xmlFreeDoc(doc);
        }
    }
    if (s->vc)
        xmlSchemaFreeValidCtxt(s->vc);
    th_xml_issues_release(&s->invalid);
    free(s->data);
    free(s->path);
    free(s->memo);
    free(s);
}

/* Whether memo lists digest; with add, put it first if not (the newest
 * TH_XML_MEMO_KEEP kept). The memo is a cache: a problem reading or
 * writing it costs a schema pass, nothing else. */
static bool memo_has(const char *memo, const char *digest, bool add)
{
    char *data = NULL;
    size_t len = 0;
    if (th_read_file(memo, 64 * 1024, &data, &len) != TH_OK)
        len = 0;
    bool found = false;
    size_t kept = 0;
    struct th_buf out;
    th_buf_init(&out, 0);
    th_buf_printf(&out, "%s\n", digest);
    for (size_t at = 0; at + 64 <= len && !found; at += 65) {
        if (at + 64 == len || data[at + 64] != '\n')
            break; /* not one of ours: start afresh */
        found = memcmp(data + at, digest, 64) == 0;
        if (++kept < TH_XML_MEMO_KEEP)
            th_buf_add(&out, data + at, 65);
    }
    if (add && !found && th_write_atomic(memo, out.data, out.len) != TH_OK && errno == ENOENT) {
        char *dir = th_dirname(memo); /* the first run: no OUTDIR yet */
        if (*dir && th_mkdirs(dir) == TH_OK)
            th_write_atomic(memo, out.data, out.len);
        free(dir);
    }
    th_buf_release(&out);
    free(data);
    return found;
}

struct th_xml_stream *th_xml_stream_open(const char *path, const char *schema_name)
{
    return th_xml_stream_open_memo(path, schema_name, NULL);
}

struct th_xml_stream *th_xml_stream_open_memo(const char *path, const char *schema_name, const char *memo)
{
    th_xml_init();
    struct th_xml_stream *s = th_calloc(1, sizeof *s);
    struct th_xml_issues is = {0};
    th_err e = th_read_file(path, TH_MAX_CONFIG_BYTES, &s->data, &s->len);
    if (e != TH_OK) {
        th_error("cannot read '%s': %s", path, e == TH_ERR_IO ? strerror(errno) : th_strerror(e));
        goto fail;
    }
    if ((e = prescan(s->data, s->len, SIZE_MAX, &is)) != TH_OK) {
        print_issues(path, &is, e);
        goto fail;
    }
    size_t slot = schema_slot(schema_name);
    xmlSchemaPtr schema = slot == SIZE_MAX ? NULL : schemas[slot].schema;
    if (!schema) {
        print_issues(path, &is, TH_ERR_CONFIG);
        goto fail;
    }
    s->path = th_strdup(path);
    bool passed = false;
    if (memo) {
        char doc[65];
        th_sha256_hex(s->data, s->len, doc);
        char *key = th_asprintf("tonghop %s libxml2 %s\n%s %s\n%s\n", TH_VERSION, xmlParserVersion, schema_name,
                                schemas[slot].sha256, doc);
        th_sha256_hex(key, strlen(key), s->digest);
        free(key);
        passed = memo_has(memo, s->digest, false);
        s->memo = passed ? NULL : th_strdup(memo);
        if (passed)
            th_info("%s: passed %s before with these bytes (%s): not checked against it again", path,
                    schema_name, memo);
    }
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC |
               XML_PARSE_NOCDATA;
    s->reader = xmlReaderForMemory(s->data, (int)s->len, path, "UTF-8", opts);
    if (passed) {
        if (!s->reader) {
            th_error("%s: %s", path, th_strerror(TH_ERR_NOMEM));
            goto fail;
        }
        return s;
    }
    s->vc = xmlSchemaNewValidCtxt(schema);
    if (!s->reader || !s->vc) {
        th_error("%s: %s", path, th_strerror(TH_ERR_NOMEM));
        goto fail;
    }
    /* not xmlTextReaderSetStructuredErrorHandler: with a schema plugged in,
     * libxml2 2.9 hands parser errors to it with the wrong context */
    xmlSchemaSetValidStructuredErrors(s->vc, stream_schema_error, s);
    if (xmlTextReaderSchemaValidateCtxt(s->reader, s->vc, 0) != 0) {
        th_error("%s: %s", path, th_strerror(TH_ERR_CONFIG));
        goto fail;
    }
    return s;
fail:
    th_xml_issues_release(&is);
    stream_free(s);
    return NULL;
}

bool th_xml_stream_next(struct th_xml_stream *s)
{
    while (!s->done) {
        int r = xmlTextReaderRead(s->reader);
        if (r != 1) {
            s->done = true;
            s->parse_failed = r < 0;
            break;
        }
        int type = xmlTextReaderNodeType(s->reader), depth = xmlTextReaderDepth(s->reader);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE && !s->doctype)
            s->doctype = 1;
        if (type == XML_READER_TYPE_END_ELEMENT && depth == 0)
            s->root = NULL;
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        xmlNodePtr n = xmlTextReaderCurrentNode(s->reader);
        if (depth == 0) {
            s->root = n;
            s->seen_root = true;
            if (xmlTextReaderIsEmptyElement(s->reader))
                s->root = NULL;
        }
        if (depth + 1 > TH_MAX_XML_DEPTH && !s->deep)
            s->deep = 1 + (int)xmlGetLineNo(n);
        const char *href = (const char *)xmlTextReaderConstNamespaceUri(s->reader);
        if (href && (strcmp(href, XINCLUDE_NS) == 0 || strcmp(href, XINCLUDE_NS_OLD) == 0) && !s->xinclude)
            s->xinclude = 1 + (int)xmlGetLineNo(n);
        if (!s->doctype && !s->deep && !s->xinclude)
            return true;
        /* hostile: give the caller nothing more, but read on, for a parse
         * error later in the file is what th_xml_parse would report */
    }
    return false;
}

xmlNodePtr th_xml_stream_node(struct th_xml_stream *s)
{
    return xmlTextReaderCurrentNode(s->reader);
}

int th_xml_stream_depth(struct th_xml_stream *s)
{
    return xmlTextReaderDepth(s->reader);
}

void th_xml_stream_invalid(struct th_xml_stream *s, int line, const char *fmt, ...)
{
    if (s->invalid.n >= MAX_SCHEMA_ISSUES)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    va_end(ap);
    add_issue(&s->invalid, line, m ? m : "invalid");
    free(m);
}

bool th_xml_stream_close(struct th_xml_stream *s)
{
    if (!s)
        return false;
    while (th_xml_stream_next(s))
        ; /* the rest of the file, still to be checked */
    /* the order of th_xml_parse and th_xml_validate: parse errors, DOCTYPE,
     * root, depth, XInclude, then the schema */
    struct th_xml_issues hostile = {0}, *show = &s->invalid;
    th_err e = s->invalid.n || (s->vc && xmlTextReaderIsValid(s->reader) == 0) ? TH_ERR_SCHEMA : TH_OK;
    if (s->parse_failed) {
        e = reparse(s->data, s->len, s->path, &hostile);
        show = &hostile;
    } else if (s->doctype || s->deep || s->xinclude || !s->seen_root) {
        e = s->seen_root ? TH_ERR_HOSTILE : TH_ERR_PARSE;
        if (s->doctype)
            add_issue(&hostile, 0, "DOCTYPE");
        else if (!s->seen_root)
            add_issue(&hostile, 0, "no root element");
        else if (s->deep)
            add_issue(&hostile, s->deep - 1, "depth");
        else
            add_issue(&hostile, s->xinclude - 1, "XInclude");
        show = &hostile;
    }
    if (e != TH_OK)
        print_issues(s->path, show, e);
    else if (s->memo && s->vc)
        memo_has(s->memo, s->digest, true);
    th_xml_issues_release(&hostile);
    stream_free(s);
    return e == TH_OK;
}

char *th_xml_attr(xmlNodePtr node, const char *name)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = th_strdup((const char *)v);
    xmlFree(v);
    return s;
}

char *th_xml_text(xmlNodePtr node)
{
    xmlChar *v = xmlNodeGetContent(node);
    char *s = th_strdup(v ? (const char *)v : "");
    xmlFree(v);
    return th_trim(s);
}

xmlNodePtr th_xml_next(xmlNodePtr node, const char *name)
{
    for (node = node ? node->next : NULL; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE && (!name || strcmp((const char *)node->name, name) == 0))
            return node;
    return NULL;
}

xmlNodePtr th_xml_child(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (!name || strcmp((const char *)c->name, name) == 0))
            return c;
    return NULL;
}

char *th_xml_attr_nfc(xmlNodePtr node, const char *name)
{
    char *raw = th_xml_attr(node, name);
    if (!raw)
        return NULL;
    char *s = th_nfc(raw);
    free(raw);
    return s;
}

char *th_xml_text_nfc(xmlNodePtr node)
{
    if (!node)
        return NULL;
    char *raw = th_xml_text(node), *s = th_nfc(raw);
    free(raw);
    return s;
}

int64_t th_xml_attr_int(xmlNodePtr node, const char *name)
{
    char *s = th_xml_attr(node, name);
    int64_t v = s ? strtoll(s, NULL, 10) : 0;
    free(s);
    return v;
}

bool th_xml_attr_dbl(xmlNodePtr node, const char *name, double *out)
{
    char *s = th_xml_attr(node, name);
    if (!s)
        return false;
    *out = strtod(s, NULL);
    free(s);
    return true;
}

bool th_xml_attr_bool(xmlNodePtr node, const char *name)
{
    char *s = th_xml_attr(node, name);
    bool v = s && strcmp(s, "true") == 0;
    free(s);
    return v;
}

th_date th_xml_attr_date(xmlNodePtr node, const char *name)
{
    char *s = th_xml_attr(node, name);
    th_date d = 0;
    if (s)
        th_date_parse(s, &d);
    free(s);
    return d;
}

char *th_xml_reason_vi(int code, const char *str1, const char *str2, int int1)
{
    const char *a = str1 ? str1 : "?", *b = str2 ? str2 : "?";
    switch (code) {
    case XML_ERR_TAG_NOT_FINISHED:
        return th_asprintf("tệp bị cắt ngang hoặc thiếu thẻ đóng: thẻ <%s> mở ở dòng %d chưa được đóng", a,
                           int1);
    case XML_ERR_TAG_NAME_MISMATCH:
        return th_asprintf("thẻ mở <%s> ở dòng %d không khớp với thẻ đóng </%s>", a, int1, b);
    case XML_ERR_GT_REQUIRED:
        return str1 ? th_asprintf("thẻ <%s> viết dở, thiếu dấu '>' (tệp bị cắt ngang?)", a)
                    : th_strdup("có thẻ viết dở, thiếu dấu '>' (tệp bị cắt ngang?)");
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
        return th_strdup("giá trị của thuộc tính bị thiếu hoặc không đặt trong dấu nháy");
    case XML_ERR_DOCUMENT_END:
        return th_strdup("có nội dung thừa sau thẻ đóng của phần tử gốc");
    case XML_ERR_DOCUMENT_EMPTY:
        return th_strdup("không có phần tử gốc (tệp không chứa thẻ XML nào)");
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        return th_asprintf("dùng thực thể &%s; không được khai báo (ký tự '&' trong văn bản phải viết là &amp;)", a);
    case XML_ERR_NAME_REQUIRED:
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_LT_IN_ATTRIBUTE:
        return th_strdup("ký tự '&' hoặc '<' trong văn bản phải viết là &amp; hoặc &lt;");
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_CHARREF:
    case XML_ERR_INVALID_DEC_CHARREF:
    case XML_ERR_INVALID_HEX_CHARREF:
        return th_strdup("có ký tự điều khiển không được phép trong XML");
    case XML_ERR_ATTRIBUTE_REDEFINED:
        return th_asprintf("thuộc tính %s được ghi hai lần trong một thẻ", a);
    case XML_ERR_COMMENT_NOT_FINISHED:
        return th_strdup("chú thích <!-- chưa được đóng bằng -->");
    default:
        return th_strdup("sai cú pháp XML (thẻ, thuộc tính hoặc dấu ngoặc viết sai)");
    }
}
