/* fields.h - the catalogue of what a unit reports (DOMAIN.md "What a unit
 * reports"): one numeric or text field per entry, fixed by the national
 * programme and mirrored by schemas/submission.xsd. */
#ifndef TH_FIELDS_H
#define TH_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum th_field_type {
    TH_FT_COUNT,  /* whole number >= 0 */
    TH_FT_MONEY,  /* whole number of đồng >= 0 */
    TH_FT_TEXT    /* narrative text */
};

struct th_field {
    const char *id;       /* "bodies.y_te.staffed": XML path, cell map key */
    const char *section;  /* "bodies" */
    const char *label;    /* Vietnamese label, NFC */
    const char *group;    /* Vietnamese label of the category (may be NULL) */
    const char *uom;      /* unit of measure in Vietnamese: "cơ quan", "người", "đồng" */
    enum th_field_type type;
    bool optional;        /* may be absent without a schema error */
};

/* Sections in report order, with their Vietnamese titles. */
struct th_section {
    const char *id;
    const char *title;
};

/* Compile-time sizes, checked against the table in fields.c. */
#define TH_NFIELDS 73
#define TH_NNUMERIC 70

/* Largest values submission.xsd allows (counts; đồng: 999.999.999.999, just
 * under a thousand billion đồng for one unit). A national year of 100,000
 * units at the cap sums to 10^17 đồng, well inside int64; sums are still
 * checked for overflow (th_cons, th_expr_eval). */
#define TH_MAX_COUNT 999999999LL
#define TH_MAX_MONEY 999999999999LL

/* How a value typed for a numeric field reads (th_num_parse). */
enum th_num {
    TH_NUM_OK,
    TH_NUM_BLANK,       /* nothing but white space (S01) */
    TH_NUM_NEGATIVE,    /* a minus sign before a nonzero number (S03) */
    TH_NUM_FRACTION,    /* a decimal part: "1,5", "2.5", "3.0" (S04) */
    TH_NUM_TOO_LARGE,   /* above the field's cap (S08) */
    TH_NUM_GROUPED,     /* thousands separators: "1.234.567", "1,234", "1 234" (S02) */
    TH_NUM_NOT_NUMBER   /* anything else: letters, "0x10", "inf", "1e5" (S02) */
};

/* The text is a spreadsheet number cell's stored value (an xsd:double as
 * Excel or LibreOffice writes it: "12", "1.5E3"): a decimal part and an
 * exponent are allowed when the value they denote is whole. */
#define TH_NUM_CELL 1u

/* The one number rule for XML elements and XLSX cells. Text: ASCII white
 * space around it ignored, one optional leading '+', then decimal digits
 * only ("-0" is 0, as in XSD); no hex, no "inf"/"nan", no exponent. The
 * value goes to *out when TH_NUM_OK and it is at most max. */
enum th_num th_num_parse(const char *text, int64_t max, unsigned flags, int64_t *out);
/* The stable code of a result ("S02"; "" for TH_NUM_OK). */
const char *th_num_code(enum th_num r);
/* The cap of numeric field f (TH_MAX_COUNT or TH_MAX_MONEY). */
int64_t th_field_max(int f);

/* The numeric fields of a submission (or a sum of them), indexed like
 * th_fields; present[i] = 0 when not given. */
struct th_values {
    int64_t v[TH_NNUMERIC];
    uint8_t present[TH_NNUMERIC];
};

extern const struct th_field th_fields[];
extern const size_t th_nfields;      /* all fields */
extern const size_t th_nnumeric;     /* numeric fields come first: [0, th_nnumeric) */
extern const struct th_section th_sections[];
extern const size_t th_nsections;

/* Index of a field id, or -1. */
int th_field_index(const char *id);

/* "Cơ sở y tế — Tổng số" into out: field f's group and label as messages
 * name it (the label alone when it has no group). */
void th_field_label(int f, char *out, size_t n);

/* Match a pattern of dot-separated segments where a segment may be "*"
 * against a field id. */
bool th_field_match(const char *pattern, const char *id);

#endif
