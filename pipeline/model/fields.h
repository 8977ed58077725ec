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

/* Largest values submission.xsd allows (counts; đồng). */
#define TH_MAX_COUNT 999999999LL
#define TH_MAX_MONEY 999999999999999LL

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

/* Match a pattern of dot-separated segments where a segment may be "*"
 * against a field id. */
bool th_field_match(const char *pattern, const char *id);

#endif
