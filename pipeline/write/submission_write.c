/* submission_write.c - a submission written as XML (what `gen` emits, and
 * what an XLSX form would be as XML), with libxml2's writer. */
#include "submission_write.h"

#include <inttypes.h>
#include <string.h>
#include <libxml/xmlwriter.h>

#include "xmlsafe.h"

static void write_value(xmlTextWriterPtr w, const struct th_submission *s, const char *id, const char *elem)
{
    int f = th_field_index(id);
    if (f < 0 || f >= TH_NNUMERIC || !s->val.present[f])
        return;
    xmlTextWriterWriteFormatElement(w, BAD_CAST elem, "%" PRId64, s->val.v[f]);
}

/* Whether s holds a value of a field whose id starts with prefix (a section
 * "bodies." or one coded step "bodies.y_te."): a period asking part of the
 * fields leaves the others out, and an element with nothing in it too. */
static bool any_present(const struct th_submission *s, const char *prefix, size_t len)
{
    for (size_t i = 0; i < TH_NNUMERIC; i++)
        if (s->val.present[i] && strncmp(th_fields[i].id, prefix, len) == 0)
            return true;
    return false;
}

static bool in_section(const char *id, const char *section, size_t slen)
{
    return strncmp(id, section, slen) == 0 && id[slen] == '.';
}

/* Sections with a coded middle step: <section><elem code="x"><leaf>. */
static void write_coded(xmlTextWriterPtr w, const struct th_submission *s, const char *section,
                        const char *elem)
{
    size_t slen = strlen(section);
    char prefix[80];
    snprintf(prefix, sizeof prefix, "%s.", section);
    if (!any_present(s, prefix, slen + 1))
        return;
    xmlTextWriterStartElement(w, BAD_CAST section);
    char last[64] = "";
    for (size_t i = 0; i < TH_NNUMERIC; i++) {
        const char *id = th_fields[i].id;
        if (!in_section(id, section, slen))
            continue;
        const char *code = id + slen + 1, *dot = strchr(code, '.');
        if (!dot) { /* leaf with the code on itself: training levels */
            if (!s->val.present[i])
                continue;
            xmlTextWriterStartElement(w, BAD_CAST elem);
            xmlTextWriterWriteAttribute(w, BAD_CAST "code", BAD_CAST code);
            xmlTextWriterWriteFormatString(w, "%" PRId64, s->val.v[i]);
            xmlTextWriterEndElement(w);
            continue;
        }
        if (!any_present(s, id, (size_t)(dot + 1 - id)))
            continue;
        if (strlen(last) != (size_t)(dot - code) || strncmp(last, code, (size_t)(dot - code)) != 0) {
            if (last[0])
                xmlTextWriterEndElement(w);
            snprintf(last, sizeof last, "%.*s", (int)(dot - code), code);
            xmlTextWriterStartElement(w, BAD_CAST elem);
            xmlTextWriterWriteAttribute(w, BAD_CAST "code", BAD_CAST last);
        }
        write_value(w, s, id, dot + 1);
    }
    if (last[0])
        xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

static void write_plain(xmlTextWriterPtr w, const struct th_submission *s, const char *section)
{
    size_t slen = strlen(section);
    char prefix[80];
    snprintf(prefix, sizeof prefix, "%s.", section);
    if (!any_present(s, prefix, slen + 1))
        return;
    xmlTextWriterStartElement(w, BAD_CAST section);
    for (size_t i = 0; i < TH_NNUMERIC; i++)
        if (in_section(th_fields[i].id, section, slen))
            write_value(w, s, th_fields[i].id, th_fields[i].id + slen + 1);
    xmlTextWriterEndElement(w);
}

char *th_submission_to_xml(const struct th_submission *s)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "submission", BAD_CAST TH_SUBMISSION_NS);
    xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "1");
    xmlTextWriterStartElement(w, BAD_CAST "header");
    xmlTextWriterWriteElement(w, BAD_CAST "unit", BAD_CAST(s->unit ? s->unit : ""));
    xmlTextWriterWriteFormatElement(w, BAD_CAST "year", "%d", s->year);
    xmlTextWriterWriteElement(w, BAD_CAST "period", BAD_CAST s->period);
    char d[11];
    th_date_format(s->submitted, d);
    xmlTextWriterWriteElement(w, BAD_CAST "submitted", BAD_CAST d);
    if (s->prepared_by)
        xmlTextWriterWriteElement(w, BAD_CAST "preparedBy", BAD_CAST s->prepared_by);
    xmlTextWriterEndElement(w);
    write_coded(w, s, "bodies", "kind");
    write_coded(w, s, "workforce", "category");
    write_coded(w, s, "training", "level");
    write_plain(w, s, "certificates");
    write_coded(w, s, "services", "facility");
    write_plain(w, s, "people");
    write_coded(w, s, "children", "category");
    write_plain(w, s, "activities");
    write_plain(w, s, "funding");
    bool any_text = false;
    for (size_t i = 0; i < TH_NFIELDS - TH_NNUMERIC; i++)
        any_text |= s->text[i] != NULL;
    if (any_text) {
        xmlTextWriterStartElement(w, BAD_CAST "narrative");
        for (size_t i = 0; i < TH_NFIELDS - TH_NNUMERIC; i++)
            if (s->text[i])
                xmlTextWriterWriteElement(w, BAD_CAST(th_fields[TH_NNUMERIC + i].id + strlen("narrative.")),
                                          BAD_CAST s->text[i]);
        xmlTextWriterEndElement(w);
    }
    if (s->src) {
        xmlTextWriterStartElement(w, BAD_CAST "source");
        xmlTextWriterStartElement(w, BAD_CAST "consolidation");
        th_xml_put_attr(w, "plan", s->src->plan ? s->src->plan : "");
        xmlTextWriterWriteAttribute(w, BAD_CAST "sha256", BAD_CAST s->src->cons_sha256);
        xmlTextWriterEndElement(w);
        xmlTextWriterStartElement(w, BAD_CAST "report");
        if (s->src->report_name)
            th_xml_put_attr(w, "name", s->src->report_name);
        if (s->src->report_version > 0)
            xmlTextWriterWriteFormatAttribute(w, BAD_CAST "version", "%d", s->src->report_version);
        xmlTextWriterWriteAttribute(w, BAD_CAST "sha256", BAD_CAST s->src->report_sha256);
        xmlTextWriterEndElement(w);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    char *out = th_strdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return out;
}
