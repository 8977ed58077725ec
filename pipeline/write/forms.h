/* forms.h - writing a unit's XLSX form for a period with libxlsxwriter, laid
 * out by the cell map (formmap.h): header pre-filled and locked, input cells
 * unlocked with data validation, an instructions sheet, a hidden form id. */
#ifndef TH_FORMS_H
#define TH_FORMS_H

#include "formmap.h"
#include "plan.h"
#include "registry.h"
#include "submission.h"

/* Write the form of unit u for period p to path, atomically; the bytes
 * depend only on the inputs (creation time taken from the period). filled
 * NULL gives a blank form; otherwise its values, date, preparer and texts
 * are written into the input cells (what a unit would send back).
 * Returns TH_OK, or TH_ERR_IO (errno set) / TH_ERR_CONFIG on failure. */
th_err th_forms_write(const struct th_formmap *m, const struct th_unit *u, const struct th_period *p,
                      const struct th_submission *filled, const char *path);

/* Write a filled XLSX form for s (unit u, period p) to path with the
 * process-wide cell map (form_fill.c; what `gen --xlsx` writes): TH_ERR_CONFIG
 * when the map cannot be loaded, otherwise as th_forms_write. */
th_err th_form_write_filled(const struct th_submission *s, const struct th_unit *u,
                            const struct th_period *p, const char *path);

#endif
