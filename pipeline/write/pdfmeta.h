/* pdfmeta.h - the metadata of a PDF/A-1b document (pdfmeta.c), written
 * into a libharu document before it is saved. */
#ifndef TH_PDFMETA_H
#define TH_PDFMETA_H

#include <hpdf.h>
#include "cons.h"

/* The document information dictionary; creator "tonghop <version>", both
 * dates date. */
void th_pdfmeta_info(HPDF_Doc pdf, const char *title, const char *author, const char *subject, const char *keywords,
                     HPDF_Date date);
/* The XMP packet PDF/A-1 requires, mirroring the document information
 * (date as xs:dateTime). TH_OK, or TH_ERR_NOMEM / the libharu error. */
th_err th_pdfmeta_xmp(HPDF_Doc pdf, const char *title, const char *author, const char *subject, const char *keywords,
                      const char *date);
/* The trailer /ID from the inputs: plan, period, template hash, report
 * number and date (rd may be NULL), every counting submission's hash, and
 * the hashes of the period's wording (edits_sha) and of last year's same
 * period (prev_sha), each NULL or "" when the report has none (libharu
 * would take it from the clock). */
void th_pdfmeta_id(HPDF_Doc pdf, const struct th_cons *c, const struct th_report_def *rd, const char *template_sha,
                   const char *edits_sha, const char *prev_sha);
/* The sRGB output intent (PDF/A-1 needs one for any device colour space);
 * a warning and none when the ICC profile is not installed. */
void th_pdfmeta_output_intent(HPDF_Doc pdf);

#endif
