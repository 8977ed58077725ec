/* archive_index.c - the archive's index.html (from
 * templates/archive-index.html) and, for documents with many inputs, their
 * inputs/<id>.html pages. */
#include "archive_index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <nettle/base64.h>
#include <nettle/sha2.h>

#include "text.h"
#include "xmlsafe.h"

static xmlNodePtr find_id(xmlNodePtr n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = xmlGetProp(n, BAD_CAST "id");
        bool hit = v && strcmp((const char *)v, id) == 0;
        xmlFree(v);
        if (hit)
            return n;
        xmlNodePtr c = find_id(n->children, id);
        if (c)
            return c;
    }
    return NULL;
}

static xmlNodePtr find_name(xmlNodePtr n, const char *name)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcasecmp(n->name, BAD_CAST name) == 0)
            return n;
        xmlNodePtr c = find_name(n->children, name);
        if (c)
            return c;
    }
    return NULL;
}

/* A CSP source for the text of element name (as the page will hold it:
 * script and style are written raw): "'sha256-<base64>'", or "'none'". */
static char *csp_hash(xmlNodePtr root, const char *name)
{
    xmlNodePtr n = find_name(root, name);
    xmlChar *text = n ? xmlNodeGetContent(n) : NULL;
    if (!text)
        return th_strdup("'none'");
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    char b64[BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE) + 1];
    sha256_init(&ctx);
    sha256_update(&ctx, strlen((const char *)text), text);
    sha256_digest(&ctx, sizeof digest, digest);
    base64_encode_raw(b64, sizeof digest, digest);
    b64[sizeof b64 - 1] = '\0';
    xmlFree(text);
    return th_asprintf("'sha256-%s'", b64);
}

/* The page may run only its own script and style (by hash), load nothing,
 * send no form, and be framed by nobody: a value that got into the page as
 * markup could not run. Put first in <head>, before what it governs. */
static void add_csp(htmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), head = find_name(root, "head");
    if (!head)
        return;
    char *script = csp_hash(root, "script"), *style = csp_hash(root, "style");
    char *policy = th_asprintf("default-src 'none'; script-src %s; style-src %s; img-src 'none'; "
                               "base-uri 'none'; form-action 'none'",
                               script, style);
    xmlNodePtr meta = xmlNewDocNode(doc, NULL, BAD_CAST "meta", NULL);
    xmlNewProp(meta, BAD_CAST "http-equiv", BAD_CAST "Content-Security-Policy");
    xmlNewProp(meta, BAD_CAST "content", BAD_CAST policy);
    xmlNodePtr charset = find_name(head->children, "meta");
    if (charset)
        xmlAddNextSibling(charset, meta);
    else if (head->children)
        xmlAddPrevSibling(head->children, meta);
    else
        xmlAddChild(head, meta);
    free(script);
    free(style);
    free(policy);
}

/* A link to an input: objects of this tonghop are ".txt" (or ".xlsx") and
 * open as text; one of an older archive ("<sha>.xml") is offered as a
 * download, so a browser never renders it as a page. */
static bool input_needs_download(const char *object)
{
    size_t n = strlen(object);
    return !(n > 4 && (strcmp(object + n - 4, ".txt") == 0 || (n > 5 && strcmp(object + n - 5, ".xlsx") == 0)));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What the search box matches for a document: its own fields and the codes
 * of the units whose submissions went into it (each once), never the
 * archive's clock time, hash or size. Caller frees. */
static char *search_text(const struct th_archive_doc *d, const char *kind, const struct th_archive_input *in,
                         size_t n)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_printf(&b, "%d %s %s %s %s %s %s %s %s %s %s", d->year, d->period ? d->period : "",
                  d->period_label ? d->period_label : "", d->doc_number ? d->doc_number : "", d->name ? d->name : "",
                  d->title ? d->title : "", d->issuing_body ? d->issuing_body : "",
                  d->issuing_unit ? d->issuing_unit : "", d->plan ? d->plan : "", d->kind ? d->kind : "", kind);
    const char **units = th_calloc(n ? n : 1, sizeof *units);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (in[i].unit && *in[i].unit)
            units[k++] = in[i].unit;
    qsort(units, k, sizeof *units, cmp_str);
    for (size_t i = 0; i < k; i++)
        if (i == 0 || strcmp(units[i], units[i - 1]) != 0)
            th_buf_printf(&b, " %s", units[i]);
    free(units);
    return th_buf_detach(&b);
}

static xmlNodePtr cell(xmlNodePtr tr, const char *cls, const char *text)
{
    xmlNodePtr td = xmlNewChild(tr, NULL, BAD_CAST "td", NULL);
    if (cls)
        xmlNewProp(td, BAD_CAST "class", BAD_CAST cls);
    if (text)
        xmlNodeAddContent(td, BAD_CAST text);
    return td;
}

static const char *kind_label(const char *kind)
{
    if (strcmp(kind, "report-pdf") == 0)
        return "Báo cáo (PDF)";
    if (strcmp(kind, "workbook-xlsx") == 0)
        return "Biểu số liệu (XLSX)";
    if (strcmp(kind, "consolidated-xml") == 0)
        return "Dữ liệu tổng hợp (XML)";
    if (strcmp(kind, "review-pdf") == 0)
        return "Báo cáo sơ kết, tổng kết (PDF)";
    if (strcmp(kind, "review-xlsx") == 0)
        return "Biểu số liệu sơ kết, tổng kết (XLSX)";
    if (strcmp(kind, "upward-xml") == 0)
        return "Báo cáo gửi cấp trên (XML)";
    if (strcmp(kind, "upward-xlsx") == 0)
        return "Báo cáo gửi cấp trên (XLSX)";
    return kind;
}

/* Documents with more inputs than this list them on a page of their own
 * (inputs/<id>.html) instead of inside index.html. */
#define INDEX_INLINE_INPUTS 500

/* The page listing the n inputs of document d, written once (a document's
 * inputs never change) as a stream. Returns its path relative to the
 * archive (caller frees); on a write failure the link is still returned and
 * the next add retries. */
static char *inputs_page(const char *adir, const struct th_archive_doc *d,
                         const struct th_archive_input *in, size_t n)
{
    char *rel = th_asprintf("inputs/%lld.html", (long long)d->id);
    char *path = th_path_join(adir, rel), *dir = th_path_join(adir, "inputs");
    struct th_xml_out o;
    xmlTextWriterPtr w = NULL;
    if (th_is_file(path))
        goto done;
    if (th_mkdirs(dir) != TH_OK || !(w = th_xml_out_open_unhashed(&o, path))) {
        th_error("cannot write '%s': %s", path, strerror(errno));
        goto done;
    }
    char *title = th_asprintf("Tệp đầu vào của %s", d->name);
    xmlTextWriterWriteRaw(w, BAD_CAST "<!DOCTYPE html>\n");
    xmlTextWriterStartElement(w, BAD_CAST "html");
    xmlTextWriterWriteAttribute(w, BAD_CAST "lang", BAD_CAST "vi");
    xmlTextWriterStartElement(w, BAD_CAST "head");
    xmlTextWriterStartElement(w, BAD_CAST "meta");
    xmlTextWriterWriteAttribute(w, BAD_CAST "charset", BAD_CAST "utf-8");
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "meta");
    xmlTextWriterWriteAttribute(w, BAD_CAST "http-equiv", BAD_CAST "Content-Security-Policy");
    xmlTextWriterWriteAttribute(w, BAD_CAST "content", BAD_CAST "default-src 'none'; base-uri 'none'; form-action 'none'");
    xmlTextWriterEndElement(w);
    xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST title);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "body");
    xmlTextWriterStartElement(w, BAD_CAST "p");
    xmlTextWriterStartElement(w, BAD_CAST "a");
    xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST "../index.html");
    xmlTextWriterWriteString(w, BAD_CAST "Kho lưu trữ");
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    xmlTextWriterWriteElement(w, BAD_CAST "h1", BAD_CAST title);
    xmlTextWriterStartElement(w, BAD_CAST "ul");
    for (size_t i = 0; i < n; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "li");
        xmlTextWriterStartElement(w, BAD_CAST "a");
        char *href = th_asprintf("../%s", in[i].object);
        xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST href);
        free(href);
        if (input_needs_download(in[i].object))
            xmlTextWriterWriteAttribute(w, BAD_CAST "download", BAD_CAST "");
        xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST in[i].sha256);
        xmlTextWriterWriteString(w, BAD_CAST in[i].path);
        xmlTextWriterEndElement(w);
        if (in[i].unit || in[i].status)
            xmlTextWriterWriteFormatString(w, " (%s%s%s)", in[i].unit ? in[i].unit : "",
                                           in[i].unit && in[i].status ? ", " : "", in[i].status ? in[i].status : "");
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndDocument(w);
    free(title);
    if (th_xml_out_commit(&o) != TH_OK)
        th_error("cannot write '%s': %s", path, strerror(errno));
done:
    free(path);
    free(dir);
    return rel;
}

static void index_row(const char *adir, const struct th_archive_source *src, xmlNodePtr tbody,
                      const struct th_archive_doc *d)
{
    xmlNodePtr tr = xmlNewChild(tbody, NULL, BAD_CAST "tr", NULL);
    char buf[64];
    snprintf(buf, sizeof buf, "%d", d->year);
    cell(tr, "num", buf);
    cell(tr, NULL, d->period_label);
    cell(tr, NULL, d->doc_number ? d->doc_number : "");
    xmlNodePtr td = cell(tr, NULL, NULL);
    xmlNodePtr link = xmlNewChild(td, NULL, BAD_CAST "a", NULL);
    xmlNewProp(link, BAD_CAST "href", BAD_CAST d->object);
    xmlNodeAddContent(link, BAD_CAST d->name);
    xmlNodePtr title = xmlNewChild(td, NULL, BAD_CAST "div", NULL);
    xmlNewProp(title, BAD_CAST "class", BAD_CAST "title");
    xmlNodeAddContent(title, BAD_CAST d->title);
    xmlNodeAddContent(title, BAD_CAST " — ");
    xmlNodeAddContent(title, BAD_CAST d->issuing_body);
    cell(tr, NULL, kind_label(d->kind));
    snprintf(buf, sizeof buf, "%d", d->version);
    cell(tr, "num", buf);
    th_date date;
    char dmy[16] = "";
    if (d->created && th_date_parse(d->created, &date))
        th_fmt_dmy(date, dmy);
    cell(tr, NULL, dmy);
    cell(tr, NULL, d->archived_at);
    char size[32];
    cell(tr, "num", th_fmt_int(d->size, size));
    td = cell(tr, "sha", NULL);
    xmlNewTextChild(td, NULL, BAD_CAST "code", BAD_CAST d->sha256);

    struct th_archive_input *in;
    size_t n;
    td = cell(tr, NULL, NULL);
    if (src->inputs(src->ctx, d->id, &in, &n) != TH_OK) {
        in = NULL;
        n = 0;
    }
    char *q = search_text(d, kind_label(d->kind), in, n);
    xmlNewProp(tr, BAD_CAST "data-q", BAD_CAST q);
    free(q);
    if (!in)
        return;
    if (n > INDEX_INLINE_INPUTS) {
        /* a national year has 100,000 inputs: they get a page of their own */
        char *page = inputs_page(adir, d, in, n);
        xmlNodePtr l = xmlNewChild(td, NULL, BAD_CAST "a", NULL);
        xmlNewProp(l, BAD_CAST "href", BAD_CAST page);
        char num[32];
        snprintf(buf, sizeof buf, "%s tệp", th_fmt_int((int64_t)n, num));
        xmlNodeAddContent(l, BAD_CAST buf);
        free(page);
        th_archive_inputs_free(in, n);
        return;
    }
    xmlNodePtr det = xmlNewChild(td, NULL, BAD_CAST "details", NULL);
    snprintf(buf, sizeof buf, "%zu tệp", n);
    xmlNewTextChild(det, NULL, BAD_CAST "summary", BAD_CAST buf);
    xmlNodePtr ul = xmlNewChild(det, NULL, BAD_CAST "ul", NULL);
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr li = xmlNewChild(ul, NULL, BAD_CAST "li", NULL);
        xmlNodePtr l = xmlNewChild(li, NULL, BAD_CAST "a", NULL);
        xmlNewProp(l, BAD_CAST "href", BAD_CAST in[i].object);
        if (input_needs_download(in[i].object))
            xmlNewProp(l, BAD_CAST "download", BAD_CAST "");
        xmlNewProp(l, BAD_CAST "title", BAD_CAST in[i].sha256);
        xmlNodeAddContent(l, BAD_CAST in[i].path);
        if (in[i].unit || in[i].status) {
            char *note = th_asprintf(" (%s%s%s)", in[i].unit ? in[i].unit : "",
                                     in[i].unit && in[i].status ? ", " : "",
                                     in[i].status ? in[i].status : "");
            xmlNodeAddContent(li, BAD_CAST note);
            free(note);
        }
    }
    th_archive_inputs_free(in, n);
}

th_err th_archive_index_write(const char *adir, const struct th_archive_source *src)
{
    char *tpl = th_home_path("templates", "archive-index.html");
    char *data = NULL, *out = th_path_join(adir, "index.html");
    size_t len;
    htmlDocPtr doc = NULL;
    struct th_archive_doc *docs = NULL;
    size_t ndocs = 0;
    th_err e = th_read_file(tpl, 1u << 20, &data, &len);
    if (e != TH_OK) {
        th_error("cannot read '%s': %s", tpl, e == TH_ERR_IO ? strerror(errno) : th_strerror(e));
        goto done;
    }
    doc = htmlReadMemory(data, (int)len, tpl, "UTF-8",
                         HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    xmlNodePtr tbody = doc ? find_id(xmlDocGetRootElement(doc), "docs") : NULL;
    if (!tbody) {
        th_error("'%s' has no element with id=\"docs\"", tpl);
        e = TH_ERR_PARSE;
        goto done;
    }
    if ((e = src->docs(src->ctx, &docs, &ndocs)) != TH_OK)
        goto done;
    for (size_t i = 0; i < ndocs; i++) {
        xmlAddChild(tbody, xmlNewText(BAD_CAST "\n"));
        index_row(adir, src, tbody, &docs[i]);
    }
    xmlAddChild(tbody, xmlNewText(BAD_CAST "\n"));
    add_csp(doc);
    /* serialised as UTF-8 text, not character references */
    xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);
    if (!ob) {
        e = TH_ERR_NOMEM;
        goto done;
    }
    htmlDocContentDumpFormatOutput(ob, doc, "UTF-8", 0);
    xmlOutputBufferFlush(ob);
    e = th_write_atomic(out, xmlOutputBufferGetContent(ob), xmlOutputBufferGetSize(ob));
    xmlOutputBufferClose(ob);
    if (e != TH_OK)
        th_error("cannot write '%s': %s", out, strerror(errno));
done:
    th_archive_docs_free(docs, ndocs);
    if (doc)
        xmlFreeDoc(doc);
    free(data);
    free(tpl);
    free(out);
    return e;
}
