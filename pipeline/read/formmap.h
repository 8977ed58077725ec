/* formmap.h - the cell map of the XLSX form (templates/form.xml, checked
 * against schemas/form.xsd): where each header item and each field of the
 * submission sits on the data sheet. Shared by `forms` and the XLSX reader. */
#ifndef TH_FORMMAP_H
#define TH_FORMMAP_H

#include "fields.h"

/* Header items of the form, in the order of templates/form.xml. */
enum th_fm_hdr { TH_FM_UNIT, TH_FM_UNIT_NAME, TH_FM_YEAR, TH_FM_PERIOD, TH_FM_SUBMITTED, TH_FM_PREPARED_BY,
                 TH_FM_NHDR };

/* A cell, or a merged range from (row, col) to (row2, col2); 0-based. */
struct th_fm_cell {
    int row, col, row2, col2;
    char ref[12];          /* "C7" */
};

struct th_formmap {
    char *form_id;         /* "ctxh-v1" (or "ctxh-v1-dx-2026-09", a period's form): what the hidden cell holds */
    char *period;          /* a period's form (th_formmap_subset): its period id; NULL: every field */
    char *sheet;           /* data sheet, "Biểu mẫu" */
    char *instructions;    /* instructions sheet, "Hướng dẫn" */
    char *meta;            /* hidden sheet holding the form id */
    struct th_fm_cell meta_cell;
    char *title;
    struct th_fm_cell hdr[TH_FM_NHDR];
    struct th_fm_cell field[TH_NFIELDS];   /* ref "" when the field is not on this form */
    unsigned tabular;      /* bit si: section th_sections[si] sets fields side by side, a
                              column each (two on one row of templates/form.xml) */
    int nrows, ncols;      /* extent of every mapped cell */
    int *grid;             /* nrows*ncols: field index, TH_NFIELDS + header item, or -1 */
};

/* The process-wide map, loaded from th_home()/templates/form.xml on first
 * use and checked (every field mapped once, no two items on one cell).
 * NULL after printing the reason when it cannot be loaded. Do not free. */
const struct th_formmap *th_formmap_get(void);

/* Load a map from path; prints "path:line: message" and returns NULL on a
 * problem. Caller frees with th_formmap_free. */
struct th_formmap *th_formmap_load(const char *path);
void th_formmap_free(struct th_formmap *m);

/* The form of a period that asks only some fields: the fields of full named
 * in fields[0..n) (ids; unknown ones and repeats ignored), in full's order,
 * their rows packed one after the other and their sections' titles and
 * headings two and one rows above as in full, the header unchanged; the
 * form id is full's with "-<period>" after it. The writer and the reader
 * both lay a period's form out with it. NULL when no field is known.
 * Caller frees with th_formmap_free. */
struct th_formmap *th_formmap_subset(const struct th_formmap *full, char *const *fields, size_t n,
                                     const char *period);

/* Field f (an index of th_fields) has a cell on this form. */
bool th_formmap_has(const struct th_formmap *m, int f);

/* The hidden sheet: column A labels, column B values, one row each from the
 * form id's row (metaCell) down; a period's form adds the rows from
 * TH_FM_META_LABEL (the period's label, data window, deadline and the field
 * ids it asks, separated by spaces, which the reader lays it out by). */
enum th_fm_meta { TH_FM_META_ID, TH_FM_META_UNIT, TH_FM_META_YEAR, TH_FM_META_PERIOD, TH_FM_META_LABEL,
                  TH_FM_META_FROM, TH_FM_META_TO, TH_FM_META_DEADLINE, TH_FM_META_FIELDS, TH_FM_NMETA };

/* What sits at (row, col): a field index, TH_NFIELDS + enum th_fm_hdr, or -1. */
int th_formmap_at(const struct th_formmap *m, int row, int col);

#endif
