/* archive_index.c - the archive's index.html (from
 * templates/archive-index.html) and, for documents with many inputs, their
 * inputs/<id>.html pages. */
#include "archive_index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

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
    if (th_mkdirs(dir) != TH_OK || !(w = th_xml_out_open(&o, path))) {
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
    if (src->inputs(src->ctx, d->id, &in, &n) != TH_OK)
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
