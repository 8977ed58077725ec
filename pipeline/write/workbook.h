/* workbook.h - helpers of the XLSX workbook writer (workbook.c) that are
 * worth testing on their own: Excel sheet names and cell references. */
#ifndef TH_WORKBOOK_H
#define TH_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>

/* Longest sheet name Excel accepts, in characters (not bytes). */
#define TH_WB_SHEET_CHARS 31

/* An Excel sheet name made from label (UTF-8): the characters []:*?/\ become
 * "-", leading/trailing apostrophes and spaces are dropped, the result is cut
 * to TH_WB_SHEET_CHARS characters on a character boundary; an empty result
 * becomes "Sheet". Caller frees. */
char *th_wb_sheet_name(const char *label);

/* The sheet part of a formula reference: 'name' with apostrophes doubled
 * ("'Sở, ban, ngành'"). Caller frees. */
char *th_wb_sheet_ref(const char *sheet);

/* The sheet of units without an accepted report. */
#define TH_WB_SHEET_MISSING "Chưa báo cáo"

/* The sheets of the workbook th_workbook_write writes for c that list the
 * units marked in mark[] (indexed like c->nodes): their groups' sheets,
 * distinct, in workbook order. Returns how many; *out holds them (caller
 * frees each and the array). */
struct th_cons;
size_t th_wb_unit_sheets(const struct th_cons *c, const bool *mark, char ***out);

#endif
