/* xmlsafe.h - hardened libxml2 parsing of untrusted files and XSD validation
 * with errors collected as "line: message". No network, no DTD loading, no
 * entity expansion, no XInclude; size and depth bounded. */
#ifndef TH_XMLSAFE_H
#define TH_XMLSAFE_H

#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
#include "common.h"
#include "xmlout.h"

/* Process-wide libxml2 setup; call once from main (idempotent). */
void th_xml_init(void);
void th_xml_cleanup(void);   /* the calling thread's contexts too */
/* Free the parser and validation contexts the calling thread reuses from
 * file to file (th_xml_parse, th_xml_validate); a thread that ends frees
 * them by itself. */
void th_xml_thread_release(void);

/* One problem found while parsing or validating, with its line (0 = none). */
struct th_xml_issue {
    int line;
    char *message;   /* libxml2's English text, trimmed; owned */
    xmlNodePtr node; /* element it is about (validation only), valid while the doc lives */
    int code;        /* libxml2's xmlParserErrors value, 0 for tonghop's own checks */
    char *str1;      /* libxml2's first and second names (tag, entity), owned, or NULL */
    char *str2;
    int int1;        /* libxml2's number (the line a tag opened on, a character) */
};

struct th_xml_issues {
    struct th_xml_issue *v;
    size_t n, cap;
};
void th_xml_issues_release(struct th_xml_issues *is);

/* Attribute caps, checked in one linear pass over the bytes before libxml2
 * sees them: its duplicate-attribute check is quadratic in the attributes
 * of one element (100,000 of them took 22.7 s). A submission has about 40
 * attributes in all, an XLSX part a few thousand. */
#define TH_XML_MAX_ATTRS_ELEMENT 256     /* on one element, namespace declarations included */
#define TH_XML_MAX_ATTRS_FILE    10000   /* in one submission (th_xml_parse) */

/* Count the attributes of every start tag in data[0..len) (comments, PIs,
 * CDATA and quoted values skipped; malformed markup left to the parser).
 * 0 within the caps; else the 1-based line of the start tag where one is
 * passed, *on_element telling whether that is per_element (else per_file). */
int th_xml_attr_scan(const char *data, size_t len, size_t per_element, size_t per_file, bool *on_element);

/* What a libxml2 well-formedness error (its code, str1, str2 and int1, as
 * kept in th_xml_issue) means, in Vietnamese, for the people who typed or
 * exported the file: "thẻ <c> mở ở dòng 3 chưa được đóng". Caller frees. */
char *th_xml_reason_vi(int code, const char *str1, const char *str2, int int1);

/* Parse XML from memory as hostile input. On failure returns NULL and adds a
 * one-line reason to issues; *why says which kind (TH_ERR_PARSE, TH_ERR_HOSTILE,
 * TH_ERR_TOO_BIG, TH_ERR_ENCODING). Caller frees the doc with xmlFreeDoc.
 * For a submission: white space between elements makes no text node. */
xmlDocPtr th_xml_parse(const char *data, size_t len, const char *name,
                       struct th_xml_issues *issues, th_err *why);

/* The same with another size limit (configuration files and tonghop's own
 * outputs may be larger than one submission). */
xmlDocPtr th_xml_parse_max(const char *data, size_t len, const char *name, size_t max,
                           struct th_xml_issues *issues, th_err *why);

/* Load a schema from th_home()/schemas/NAME once; cached for the process.
 * NAME TH_SCHEMA_OPTIONAL ("submission.xsd#optional"): the same schema with
 * every element optional (minOccurs="0"), types and order kept, for a
 * document that may hold part of the elements (its presence checked in code). */
#define TH_SCHEMA_OPTIONAL "#optional"
xmlSchemaPtr th_schema(const char *name);

/* Validate doc against schema; adds one issue per violation.
 * Returns TH_OK or TH_ERR_SCHEMA. */
th_err th_xml_validate(xmlSchemaPtr schema, xmlDocPtr doc, struct th_xml_issues *issues);

/* Load and schema-check a configuration file (registry, plan, rules).
 * On error prints "path:line: message" lines to stderr and returns NULL. */
xmlDocPtr th_xml_load_config(const char *path, const char *schema_name);

/* A configuration file read as a stream (xmlTextReader), for files too big
 * for a tree: the same hardening as th_xml_load_config (size cap, DOCTYPE
 * refused before libxml2 sees the bytes, no network, no entities, no
 * XInclude, depth bound) and validated against the schema while reading.
 * Problems are kept and printed by th_xml_stream_close exactly as
 * th_xml_load_config prints them ("path:line: message"). */
struct th_xml_stream;

/* Open path (at most TH_MAX_CONFIG_BYTES) validating against schemas/NAME.
 * NULL when it cannot be read or fails the prescan (reason printed). */
struct th_xml_stream *th_xml_stream_open(const char *path, const char *schema_name);
/* The same, remembering schema passes by content in the file memo (NULL:
 * none). A document whose bytes passed the same schema bytes in this build
 * before is not checked against the schema again: the SHA-256 of the three
 * is looked up in memo, one per line, and added there (the newest
 * TH_XML_MEMO_KEEP kept) when the document passes. Parsing, the hostile-input
 * checks and the caller's own checks run every time. A 10,000-unit registry
 * costs a nightly re-run 14 ms in the schema. */
#define TH_XML_MEMO_KEEP 32
struct th_xml_stream *th_xml_stream_open_memo(const char *path, const char *schema_name, const char *memo);
/* Advance to the next element start tag; false at the end of the document or
 * when reading cannot go on. The current element is th_xml_stream_node's,
 * a subtree with its attributes only, valid until the next call. */
bool th_xml_stream_next(struct th_xml_stream *s);
xmlNodePtr th_xml_stream_node(struct th_xml_stream *s);
int th_xml_stream_depth(struct th_xml_stream *s);   /* 0 for the root element */
/* Add a validation problem found by the caller (printed in order after the
 * schema's): references between elements, which a streamed xs:keyref would
 * report only when the owning element closes, without the referring line. */
void th_xml_stream_invalid(struct th_xml_stream *s, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Finish reading, print the problems and free s (NULL is fine). True when the
 * file was well-formed, safe and valid. */
bool th_xml_stream_close(struct th_xml_stream *s);

/* Convenience accessors. Returned strings are owned by the caller (free()),
 * NULL when absent. */
char *th_xml_attr(xmlNodePtr node, const char *name);
char *th_xml_text(xmlNodePtr node);                  /* trimmed text content */
xmlNodePtr th_xml_child(xmlNodePtr node, const char *name);   /* first element child */
xmlNodePtr th_xml_next(xmlNodePtr node, const char *name);    /* next sibling element */
/* Typed accessors for attributes and text of already schema-checked files.
 * The string forms return NFC text the caller frees (NULL when absent); the
 * number forms return 0 / false when absent. */
char *th_xml_attr_nfc(xmlNodePtr node, const char *name);
char *th_xml_text_nfc(xmlNodePtr node);             /* NULL node -> NULL */
int64_t th_xml_attr_int(xmlNodePtr node, const char *name);
bool th_xml_attr_dbl(xmlNodePtr node, const char *name, double *out);
bool th_xml_attr_bool(xmlNodePtr node, const char *name);   /* "true" */
th_date th_xml_attr_date(xmlNodePtr node, const char *name);

#define TH_XML_FOREACH(var, parent, name) \
    for (xmlNodePtr var = th_xml_child((parent), (name)); var; var = th_xml_next(var, (name)))

#endif
