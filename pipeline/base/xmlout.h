/* xmlout.h - XML written by tonghop: a document streamed to a temp file and
 * renamed into place (consolidated.xml, validation.xml), and text from
 * outside (names, messages) put through a writer so the document stays
 * well-formed whatever it holds. */
#ifndef TH_XMLOUT_H
#define TH_XMLOUT_H

#include <libxml/xmlwriter.h>
#include "common.h"

/* An XML document written straight to a temp file beside its path, so memory
 * stays flat however big it grows (consolidated.xml of a national run is
 * hundreds of MB). Open, write with the returned writer, then commit. */
#define TH_XML_OUT_BUF (64 * 1024)
struct th_xml_out {
    struct th_temp t;        /* t.fd is written */
    int err;                 /* first write errno, 0 if none */
    xmlTextWriterPtr w;
    char *buf;               /* TH_XML_OUT_BUF bytes not yet written */
    size_t nbuf;
};
/* NULL (errno set) when the temp file cannot be created; nothing to commit
 * then. Its bytes are hashed as they go (th_temp_hash): the archive of the
 * same run takes consolidated.xml's and validation.xml's hash from the
 * commit, not from reading them back. _unhashed: a page never archived
 * (index.html), not hashed. */
xmlTextWriterPtr th_xml_out_open(struct th_xml_out *o, const char *path);
xmlTextWriterPtr th_xml_out_open_unhashed(struct th_xml_out *o, const char *path);
/* Flush and close the writer, then rename into place (TH_OK), or remove the
 * temp file and return TH_ERR_IO with errno set if any write failed. */
th_err th_xml_out_commit(struct th_xml_out *o);
/* s made writable as XML 1.0 text or attribute (a file name, a message): each
 * character XML cannot carry (C0 controls other than tab, newline and CR;
 * bytes that are not UTF-8) becomes U+FFFD. NULL -> NULL; caller frees. */
char *th_xml_chars(const char *s);
/* The way a name or value from outside enters an xmlTextWriter: through
 * th_xml_chars, so the document stays well-formed whatever it holds. NULL
 * value: nothing written (0). libxml2's result otherwise (< 0 on error). */
int th_xml_put_attr(xmlTextWriterPtr w, const char *name, const char *value);
int th_xml_put_text(xmlTextWriterPtr w, const char *value);
int th_xml_put_element(xmlTextWriterPtr w, const char *name, const char *value);
/* A file name as attribute attr (through th_xml_chars), and, when the name
 * holds anything th_name_encode changes (a control, a byte that is not
 * UTF-8, '%'), its exact bytes encoded in attribute attr + "Bytes"
 * ("fileBytes"), so that a reader finds the very file again. */
int th_xml_put_name(xmlTextWriterPtr w, const char *attr, const char *name);

#endif
