/* validation.c - a batch's results as validation.xml
 * (schemas/validation.xsd) and as the summary printed by validate. */
#include "validation.h"

#include <stdlib.h>
#include <libxml/xmlwriter.h>

#include "escape.h"
#include "xmlsafe.h"

/* The period defs whose rules b says it skipped, once each: the batch's
 * period, or the periods of its files when each was checked for its own.
 * Returns how many (at most max). */
static size_t skip_periods(const struct th_batch *b, const struct th_period_def **out, size_t max)
{
    if (b->has_period) {
        out[0] = b->period.def;
        return 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < b->n && n < max; i++) {
        const struct th_period_def *d = b->v[i].unit ? th_plan_period_def(b->ws->plan, b->v[i].period) : NULL;
        bool seen = !d || !d->nfields;
        for (size_t k = 0; k < n && !seen; k++)
            seen = out[k] == d;
        if (!seen)
            out[n++] = d;
    }
    return n;
}

th_err th_batch_write_xml(const struct th_batch *b, const char *path)
{
    struct th_xml_out out;
    xmlTextWriterPtr w = th_xml_out_open(&out, path);
    if (!w)
        return TH_ERR_IO;
    size_t c[4];
    th_batch_counts(b, c);
    size_t nerr = 0, nwarn = 0;
    for (size_t i = 0; i < b->n; i++) {
        nerr += b->v[i].nerrors;
        nwarn += b->v[i].nwarnings;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "validation", BAD_CAST "urn:tonghop:validation:1");
    xmlTextWriterWriteAttribute(w, BAD_CAST "plan", BAD_CAST b->ws->plan->id);
    if (b->has_period) {
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST "year", "%d", b->period.year);
        xmlTextWriterWriteAttribute(w, BAD_CAST "period", BAD_CAST b->period.id);
    }
    xmlTextWriterWriteAttribute(w, BAD_CAST "generator", BAD_CAST "tonghop " TH_VERSION);
    xmlTextWriterStartElement(w, BAD_CAST "summary");
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "files", "%zu", b->n);
    for (int st = 0; st < 4; st++)
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST th_status_name((enum th_status)st), "%zu", c[st]);
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "errors", "%zu", nerr);
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "warnings", "%zu", nwarn);
    xmlTextWriterEndElement(w);
    const struct th_rules *rs = b->ws->rules;
    for (size_t i = 0; b->has_period && i < rs->n; i++) {
        char *why = th_rule_skipped(&rs->v[i], b->period.def, NULL);
        if (!why)
            continue;
        xmlTextWriterStartElement(w, BAD_CAST "skippedRule");
        xmlTextWriterWriteAttribute(w, BAD_CAST "code", BAD_CAST rs->v[i].code);
        char *msg = th_xml_chars(why);
        xmlTextWriterWriteString(w, BAD_CAST msg);
        free(msg);
        free(why);
        xmlTextWriterEndElement(w);
    }
    for (size_t i = 0; i < b->n; i++) {
        const struct th_entry *e = &b->v[i];
        xmlTextWriterStartElement(w, BAD_CAST "submission");
        th_xml_put_name(w, "file", e->path);
        if (e->sha256[0])
            xmlTextWriterWriteAttribute(w, BAD_CAST "sha256", BAD_CAST e->sha256);
        xmlTextWriterWriteAttribute(w, BAD_CAST "source",
                                    BAD_CAST(e->source == TH_SRC_XML    ? "xml"
                                             : e->source == TH_SRC_XLSX ? "xlsx"
                                                                        : "unknown"));
        if (e->unit) {
            char d[11];
            char *unit = th_xml_chars(e->unit);
            xmlTextWriterWriteAttribute(w, BAD_CAST "unit", BAD_CAST unit);
            free(unit);
            xmlTextWriterWriteFormatAttribute(w, BAD_CAST "year", "%d", e->year);
            xmlTextWriterWriteAttribute(w, BAD_CAST "period", BAD_CAST e->period);
            if (e->submitted) {
                th_date_format(e->submitted, d);
                xmlTextWriterWriteAttribute(w, BAD_CAST "submitted", BAD_CAST d);
            }
        }
        xmlTextWriterWriteAttribute(w, BAD_CAST "status", BAD_CAST th_status_name(e->status));
        for (size_t j = 0; j < e->ndiags; j++) {
            const struct th_diag *d = &e->diags[j];
            xmlTextWriterStartElement(w, BAD_CAST "issue");
            xmlTextWriterWriteAttribute(w, BAD_CAST "code", BAD_CAST d->code);
            xmlTextWriterWriteAttribute(w, BAD_CAST "severity",
                                        BAD_CAST(d->severity == TH_SEV_ERROR ? "error" : "warning"));
            const char *fname = th_diag_field_name(d->field);
            if (fname)
                xmlTextWriterWriteAttribute(w, BAD_CAST "field", BAD_CAST fname);
            if (d->loc.line > 0)
                xmlTextWriterWriteFormatAttribute(w, BAD_CAST "line", "%d", d->loc.line);
            if (d->loc.ref[0]) {
                char *sheet = th_xml_chars(e->sheet ? e->sheet : "");
                xmlTextWriterWriteAttribute(w, BAD_CAST "sheet", BAD_CAST sheet);
                free(sheet);
                xmlTextWriterWriteAttribute(w, BAD_CAST "cell", BAD_CAST d->loc.ref);
            }
            char *msg = th_xml_chars(d->message);
            xmlTextWriterWriteString(w, BAD_CAST msg);
            free(msg);
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    return th_xml_out_commit(&out);
}

void th_batch_print(const struct th_batch *b, FILE *out)
{
    size_t c[4], nerr = 0, nwarn = 0;
    th_batch_counts(b, c);
    for (size_t i = 0; i < b->n; i++) {
        const struct th_entry *e = &b->v[i];
        nerr += e->nerrors;
        nwarn += e->nwarnings;
        for (size_t j = 0; j < e->ndiags; j++) {
            char *line = th_diag_format_at(e->path, e->sheet, &e->diags[j]);
            th_out(out, "%s", line);
            free(line);
        }
    }
    const struct th_period_def *defs[64];
    size_t nd = skip_periods(b, defs, sizeof defs / sizeof defs[0]);
    for (size_t k = 0; k < nd; k++) {
        char *line = th_rules_skipped_summary(b->ws->rules, defs[k]);
        if (line)
            th_out(out, "%s%s", line, b->has_period ? " (chi tiết trong validation.xml)" : "");
        free(line);
    }
    th_out(out,
           "%zu tệp: %zu chấp nhận, %zu bị từ chối, %zu đã được thay thế, %zu trùng lặp "
           "(%zu lỗi, %zu cảnh báo)",
           b->n, c[TH_ST_ACCEPTED], c[TH_ST_REJECTED], c[TH_ST_SUPERSEDED], c[TH_ST_DUPLICATE], nerr,
           nwarn);
}
