/* workbook.h - a helper of the XLSX workbook writer (workbook.c) worth
 * testing on its own: the sheet part of a cell reference. The workbook itself
 * is written by th_workbook_write (report.h); its sheet names are in groups.h. */
#ifndef TH_WORKBOOK_H
#define TH_WORKBOOK_H

/* The sheet part of a formula reference: 'name' with apostrophes doubled
 * ("'Sở, ban, ngành'"). Caller frees. */
char *th_wb_sheet_ref(const char *sheet);

#endif
