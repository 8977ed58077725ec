/* workbook.h - helpers of the XLSX workbook writer (workbook.c) that are
 * worth testing on their own: Excel sheet names and cell references. */
#ifndef TH_WORKBOOK_H
#define TH_WORKBOOK_H

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

#endif
