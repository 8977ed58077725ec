/* submission.h - one unit's report for one period, however it arrived (XML or
 * XLSX), with the diagnostics found in it. Every stage after reading works on
 * this model only; the readers are in submission_read.h, the XML writer in
 * submission_write.h. */
#ifndef TH_SUBMISSION_H
#define TH_SUBMISSION_H

#include "common.h"
#include "fields.h"
#include "plan.h"

/* Header items that have a location of their own, after the fields. */
/* The namespace of submission XML (schemas/submission.xsd). */
#define TH_SUBMISSION_NS "urn:tonghop:submission:1"

enum th_hdr { TH_HDR_UNIT = TH_NFIELDS, TH_HDR_YEAR, TH_HDR_PERIOD, TH_HDR_SUBMITTED, TH_NLOCS };

/* Where a value came from: a line of an XML file or a cell of a sheet. */
struct th_loc {
    int line;          /* XML line, 0 if none */
    char ref[12];      /* XLSX cell "C7", "" if none */
};

enum th_severity { TH_SEV_ERROR, TH_SEV_WARNING };

/* One diagnostic. Printed as
 *   file:line: CODE field: message             (XML)
 *   file: 'Sheet'!C7: CODE field: message      (XLSX)
 *   file: CODE: message                        (whole file) */
struct th_diag {
    char code[16];
    enum th_severity severity;
    int field;          /* index into th_fields or a TH_HDR_*, -1 for the whole file */
    struct th_loc loc;
    char *message;      /* Vietnamese, NFC; owned */
};

enum th_source { TH_SRC_XML, TH_SRC_XLSX, TH_SRC_UNKNOWN };

enum th_status {
    TH_ST_ACCEPTED,     /* valid, and the one that counts for its unit */
    TH_ST_REJECTED,     /* has at least one error */
    TH_ST_SUPERSEDED,   /* valid, but a later submission of the unit counts */
    TH_ST_DUPLICATE     /* same content as another submission of the unit */
};
const char *th_status_name(enum th_status st);    /* "accepted", ... */
const char *th_status_label(enum th_status st);   /* "Chấp nhận", ... */

/* Where an upward submission was drawn from (its optional <source>): a
 * province's consolidation sent to the level above by `tonghop upward`. */
struct th_origin {
    char *plan;                  /* the issuing plan's id */
    char *report_name;           /* the archived report's name ("BC-SYT-15-2026-nam.pdf"), or NULL */
    char cons_sha256[65];        /* SHA-256 of the period's consolidated.xml */
    char report_sha256[65];      /* SHA-256 of the archived report drawn from it */
    int report_version;          /* its version in the archive, 0 if not given */
    int line;                    /* of <source>, for messages */
};
/* Free what src owns and src itself (NULL is fine). */
void th_origin_free(struct th_origin *src);

struct th_submission {
    char *path;
    char sha256[65];
    enum th_source source;
    char *sheet;                      /* XLSX: the data sheet's name */
    char *form_id;                    /* XLSX: form id/version read from the workbook */

    bool header_ok;                   /* unit/year/period were read */
    char *unit;
    int year;
    char period[TH_PERIOD_ID_MAX + 1];
    th_date submitted;
    char *prepared_by;

    struct th_values val;
    char *text[TH_NFIELDS - TH_NNUMERIC];
    struct th_loc locs[TH_NLOCS];

    struct th_diag *diags;
    size_t ndiags, capdiags;
    size_t nerrors, nwarnings;
    enum th_status status;
    struct th_origin *src;            /* an upward submission's <source>, or NULL; owned */
};

struct th_submission *th_submission_new(const char *path);
void th_submission_free(struct th_submission *s);

/* Add a diagnostic; message is printf-style, Vietnamese. field may be -1. */
void th_submission_diag(struct th_submission *s, enum th_severity sev, const char *code,
                        int field, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Forget the values (numbers and texts) of the fields period d does not
 * ask (plan.xml <fields>; nothing when d asks all): what `gen` writes for
 * such a period. */
void th_submission_keep_asked(struct th_submission *s, const struct th_period_def *d);

/* Remove diagnostic i of s (its counts follow). */
void th_submission_drop_diag(struct th_submission *s, size_t i);

/* A text the unit typed (narrative, preparer), cleaned for the model:
 * legacy encodings (E01), invalid UTF-8 or control characters (E02) and
 * texts of more than max_chars characters (S09, naming what) refused with a
 * diagnostic on field f; otherwise NFC, every run of white space (line
 * breaks, tabs) made one space, trimmed. NULL when refused or blank;
 * caller frees. */
char *th_submission_text(struct th_submission *s, int f, const char *raw, size_t max_chars, const char *what);

/* Years a submission date may have: the reporting years tonghop takes
 * (header.year) with room on either side; U07 then holds it to the period. */
#define TH_SUBMITTED_MIN_YEAR 2000
#define TH_SUBMITTED_MAX_YEAR 2100

/* The one date check of both readers. Sets s->submitted to the day y-m-d
 * when it exists and its year is in the bounds above; otherwise sets it to
 * 0 and adds S02 on the submission date naming text as typed (a year out
 * of bounds said so; anything else with hint, the reader's "how to write
 * it"). m = 0 means text did not parse. False when refused. */
bool th_submission_set_date(struct th_submission *s, long long y, int m, int d, const char *text, const char *hint);
/* The same for an ISO 8601 / xs:date text, "[-]YYYY-MM-DD" with four or
 * more year digits and an optional time or zone after it. */
bool th_submission_set_date_iso(struct th_submission *s, const char *text, const char *hint);

/* The diagnostic for a value of numeric field f that th_num_parse refused
 * (r != TH_NUM_OK): every reader's wording, in one place. label names the
 * field; text is the value as typed (quoted, cut to an excerpt). */
void th_submission_num_diag(struct th_submission *s, int f, const char *label, const char *text, enum th_num r);

/* A list of diagnostics with its error and warning counts: a submission's,
 * or a batch entry's once the submission is gone. */
struct th_diag_list {
    struct th_diag **v;
    size_t *n, *cap, *nerrors, *nwarnings;
};
/* Append one diagnostic (message from fmt/ap) and count it; returns it so
 * the caller can set its location. */
struct th_diag *th_diag_vappend(struct th_diag_list l, enum th_severity sev, const char *code, int field,
                                const char *fmt, va_list ap);

/* "file:12: R01 bodies.y_te.staffed: message"; caller frees. */
char *th_diag_format(const struct th_submission *s, const struct th_diag *d);
/* The same for a diagnostic kept apart from its submission. */
char *th_diag_format_at(const char *path, const char *sheet, const struct th_diag *d);
/* Field name shown in diagnostics ("bodies.y_te.staffed", "unit"), or NULL. */
const char *th_diag_field_name(int field);
/* "12" or "'Biểu mẫu'!C7" or "" into out. */
void th_loc_format(const char *sheet, const struct th_loc *loc, char *out, size_t n);

#endif
