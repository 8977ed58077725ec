/* pdfmeta.c - what a PDF/A-1b report carries besides its pages: document
 * information, the XMP packet, a trailer /ID made from the inputs and the
 * sRGB output intent; nothing taken from the clock. */
#include "pdfmeta.h"

#include <stdio.h>
#include <hpdf_doc.h>
#include <libxml/xmlwriter.h>

#define ICC_PROFILE "/usr/share/color/icc/colord/sRGB.icc"

void th_pdfmeta_info(HPDF_Doc pdf, const char *title, const char *author, const char *subject, const char *keywords,
                     HPDF_Date date)
{
    HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, title);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, author);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, subject);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, keywords);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "tonghop " TH_VERSION);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date);
}

static void xmp_alt(xmlTextWriterPtr w, const char *el, const char *container, const char *value, bool lang)
{
    xmlTextWriterStartElement(w, BAD_CAST el);
    xmlTextWriterStartElement(w, BAD_CAST container);
    xmlTextWriterStartElement(w, BAD_CAST "rdf:li");
    if (lang)
        xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "x-default");
    xmlTextWriterWriteString(w, BAD_CAST value);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

th_err th_pdfmeta_xmp(HPDF_Doc pdf, const char *title, const char *author, const char *subject, const char *keywords,
                      const char *date)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        if (buf)
            xmlBufferFree(buf);
        return TH_ERR_NOMEM;
    }
    const char *producer = HPDF_GetInfoAttr(pdf, HPDF_INFO_PRODUCER);
    xmlTextWriterWritePI(w, BAD_CAST "xpacket", BAD_CAST "begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"");
    xmlTextWriterStartElement(w, BAD_CAST "x:xmpmeta");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:x", BAD_CAST "adobe:ns:meta/");
    xmlTextWriterStartElement(w, BAD_CAST "rdf:RDF");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:rdf", BAD_CAST "http://www.w3.org/1999/02/22-rdf-syntax-ns#");

    xmlTextWriterStartElement(w, BAD_CAST "rdf:Description");
    xmlTextWriterWriteAttribute(w, BAD_CAST "rdf:about", BAD_CAST "");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
    xmlTextWriterWriteElement(w, BAD_CAST "dc:format", BAD_CAST "application/pdf");
    xmp_alt(w, "dc:title", "rdf:Alt", title, true);
    xmp_alt(w, "dc:creator", "rdf:Seq", author, false);
    xmp_alt(w, "dc:description", "rdf:Alt", subject, true);
    xmlTextWriterEndElement(w);

    xmlTextWriterStartElement(w, BAD_CAST "rdf:Description");
    xmlTextWriterWriteAttribute(w, BAD_CAST "rdf:about", BAD_CAST "");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xmp", BAD_CAST "http://ns.adobe.com/xap/1.0/");
    xmlTextWriterWriteElement(w, BAD_CAST "xmp:CreatorTool", BAD_CAST "tonghop " TH_VERSION);
    xmlTextWriterWriteElement(w, BAD_CAST "xmp:CreateDate", BAD_CAST date);
    xmlTextWriterWriteElement(w, BAD_CAST "xmp:ModifyDate", BAD_CAST date);
    xmlTextWriterWriteElement(w, BAD_CAST "xmp:MetadataDate", BAD_CAST date);
    xmlTextWriterEndElement(w);

    xmlTextWriterStartElement(w, BAD_CAST "rdf:Description");
    xmlTextWriterWriteAttribute(w, BAD_CAST "rdf:about", BAD_CAST "");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:pdf", BAD_CAST "http://ns.adobe.com/pdf/1.3/");
    xmlTextWriterWriteElement(w, BAD_CAST "pdf:Keywords", BAD_CAST keywords);
    xmlTextWriterWriteElement(w, BAD_CAST "pdf:Producer", BAD_CAST(producer ? producer : "libharu"));
    xmlTextWriterEndElement(w);

    xmlTextWriterStartElement(w, BAD_CAST "rdf:Description");
    xmlTextWriterWriteAttribute(w, BAD_CAST "rdf:about", BAD_CAST "");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:pdfaid", BAD_CAST "http://www.aiim.org/pdfa/ns/id/");
    xmlTextWriterWriteElement(w, BAD_CAST "pdfaid:part", BAD_CAST "1");
    xmlTextWriterWriteElement(w, BAD_CAST "pdfaid:conformance", BAD_CAST "B");
    xmlTextWriterEndElement(w);

    xmlTextWriterEndElement(w); /* rdf:RDF */
    xmlTextWriterEndElement(w); /* x:xmpmeta */
    xmlTextWriterWritePI(w, BAD_CAST "xpacket", BAD_CAST "end=\"w\"");
    int rc = xmlTextWriterFlush(w);
    xmlFreeTextWriter(w);
    th_err e = TH_OK;
    HPDF_Dict xmp = rc < 0 ? NULL : HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!xmp) {
        e = TH_ERR_NOMEM;
    } else {
        HPDF_Dict_AddName(xmp, "Type", "Metadata");
        HPDF_Dict_AddName(xmp, "Subtype", "XML");
        HPDF_Stream_Write(xmp->stream, xmlBufferContent(buf), (HPDF_UINT)xmlBufferLength(buf));
        HPDF_Dict_Add(pdf->catalog, "Metadata", xmp);
        pdf->pdf_version = HPDF_VER_14;
    }
    xmlBufferFree(buf);
    return e;
}

void th_pdfmeta_id(HPDF_Doc pdf, const struct th_cons *c, const struct th_report_def *rd, const char *template_sha,
                   const char *edits_sha, const char *prev_sha)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_printf(&b, "%s|%d|%s|%s|%d|%d|", c->plan_id, c->year, c->period, template_sha,
                  rd ? rd->number : 0, rd ? (int)rd->issued : 0);
    for (size_t i = 0; i < c->ninputs; i++)
        th_buf_printf(&b, "%s=%s|", c->inputs[i].unit, c->inputs[i].sha256);
    /* only when present, so a report without them keeps the /ID it had */
    if (edits_sha && *edits_sha)
        th_buf_printf(&b, "edits=%s|", edits_sha);
    if (prev_sha && *prev_sha)
        th_buf_printf(&b, "previous=%s|", prev_sha);
    char hex[65];
    th_sha256_hex(b.data ? b.data : "", b.len, hex);
    th_buf_release(&b);
    HPDF_BYTE id[16];
    for (int i = 0; i < 16; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        id[i] = (HPDF_BYTE)v;
    }
    HPDF_Array arr = HPDF_Array_New(pdf->mmgr);
    if (!arr)
        return;
    HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16));
    HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16));
    HPDF_Dict_Add(pdf->trailer, "ID", arr);
}

void th_pdfmeta_output_intent(HPDF_Doc pdf)
{
    if (!th_is_file(ICC_PROFILE)) {
        th_warn("'%s' not found (Debian package colord-data): the report has no PDF/A output intent", ICC_PROFILE);
        return;
    }
    HPDF_OutputIntent icc = HPDF_LoadIccProfileFromFile(pdf, ICC_PROFILE, 3);
    HPDF_Dict intent = icc ? HPDF_Dict_New(pdf->mmgr) : NULL;
    if (!intent || HPDF_Xref_Add(pdf->xref, intent) != HPDF_OK)
        return;
    HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "DestOutputProfile", icc);
    HPDF_Array arr = HPDF_Array_New(pdf->mmgr);
    if (!arr)
        return;
    HPDF_Array_Add(arr, intent);
    HPDF_Dict_Add(pdf->catalog, "OutputIntents", arr);
}
