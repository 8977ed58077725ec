/* xlsx.h - reading the cells of an untrusted XLSX workbook held in memory:
 * minizip over a memory buffer, libxml2's streaming reader, every size bounded. */
#ifndef TH_XLSX_H
#define TH_XLSX_H

#include "common.h"

/* Why a workbook or a sheet could not be read; each has its own code for
 * agencies (X01..X08, see submission_xlsx.c). */
enum th_xlsx_status {
    TH_XLSX_OK = 0,
    TH_XLSX_NOT_ZIP,    /* not a zip archive at all */
    TH_XLSX_CORRUPT,    /* truncated archive, bad CRC, unreadable entry */
    TH_XLSX_BOMB,       /* a part inflates past a size or ratio cap */
    TH_XLSX_ENTRIES,    /* too many entries in the archive */
    TH_XLSX_DTD,        /* a part declares a DOCTYPE or entities */
    TH_XLSX_NO_SHEET,   /* no workbook part, or no sheet of that name */
    TH_XLSX_BAD_XML,    /* a part is not well-formed or not what it should be */
    TH_XLSX_ATTRS,      /* an element or a part has too many attributes (X10) */
    TH_XLSX_DUPLICATE   /* two entries of the archive have the same name (X11) */
};

/* Caps on what a workbook may make us inflate and parse. */
struct th_xlsx_limits {
    size_t max_part;     /* inflated bytes of one part */
    size_t max_total;    /* inflated bytes of all parts read */
    size_t max_ratio;    /* inflated / compressed, checked past ratio_floor */
    size_t ratio_floor;  /* bytes of a part inflated before the ratio counts */
    size_t max_entries;  /* entries in the archive */
    size_t max_attrs;    /* attributes in one part (per element: TH_XML_MAX_ATTRS_ELEMENT) */
};
extern const struct th_xlsx_limits th_xlsx_default_limits;

/* The reason for a failure: status, the part concerned and a one-line
 * Vietnamese explanation for the agency. */
struct th_xlsx_error {
    enum th_xlsx_status status;
    char part[160];
    char message[320];
};

enum th_xlsx_type {
    TH_CELL_BLANK,    /* no value (a styled empty cell, or a formula without cached value) */
    TH_CELL_NUMBER,   /* text is the number as written: "12", "1.5E3", "-3" */
    TH_CELL_STRING,   /* shared, inline (rich runs joined) or formula string; UTF-8 as stored */
    TH_CELL_BOOL,     /* text "1" or "0" */
    TH_CELL_ERROR,    /* text "#DIV/0!" ... */
    TH_CELL_DATE      /* t="d": text is ISO 8601 as written */
};

/* One cell as the streaming reader meets it; valid during the callback only. */
struct th_xlsx_cell {
    int row, col;             /* 0-based */
    enum th_xlsx_type type;
    const char *text;         /* never NULL */
    bool formula;             /* the cell holds a formula; text is its cached value */
};

/* Called for each cell of a sheet in document order; return false to stop. */
typedef bool (*th_xlsx_cell_fn)(const struct th_xlsx_cell *c, void *ctx);

struct th_xlsx;

/* Open the workbook in data[0..len) (not copied: keep it alive while the
 * workbook is open). Finds the workbook part through _rels/.rels and its
 * sheets through the workbook's relationships. NULL + *err on failure;
 * lim NULL means th_xlsx_default_limits. Free with th_xlsx_free. */
struct th_xlsx *th_xlsx_open(const char *data, size_t len, const struct th_xlsx_limits *lim,
                             struct th_xlsx_error *err);
void th_xlsx_free(struct th_xlsx *x);

/* Sheets in workbook order; names are UTF-8 as stored (do not free). */
size_t th_xlsx_nsheets(const struct th_xlsx *x);
const char *th_xlsx_sheet_name(const struct th_xlsx *x, size_t i);
/* True when the workbook counts dates from 1904 (old Mac Excel). */
bool th_xlsx_date1904(const struct th_xlsx *x);

/* Stream the cells of the sheet called name (compared in NFC) to fn.
 * TH_XLSX_NO_SHEET when there is no such sheet; other failures as above. */
enum th_xlsx_status th_xlsx_read_sheet(struct th_xlsx *x, const char *name, th_xlsx_cell_fn fn,
                                       void *ctx, struct th_xlsx_error *err);

/* "C7" <-> 0-based row 6, col 2. Parse returns false on anything else. */
/* Commit a workbook we wrote to t (th_temp_commit) once it reads
 * back whole, every sheet cell by cell: libxlsxwriter does not check its own
 * temp-file writes, so a full disk or a file-size limit could leave a sheet
 * cut short inside a sound zip. Otherwise says which part and how, removes
 * tmp and returns TH_ERR_IO (errno EIO). */
th_err th_xlsx_commit_checked(struct th_temp *t);

bool th_xlsx_ref_parse(const char *ref, int *row, int *col);
void th_xlsx_ref_format(int row, int col, char out[12]);

/* An Excel serial day number to a date (whole days; 1900 or 1904 system).
 * False when out of the range 1900-9999. */
bool th_xlsx_serial_date(double serial, bool date1904, th_date *out);

#endif
