/* pdferror.h - libharu's error codes (hpdf_error.h) in Vietnamese, for the
 * message naming the PDF being written (th_pdf_status, pdflayout.h). */
#ifndef TH_PDFERROR_H
#define TH_PDFERROR_H

#include <hpdf.h>

/* Vietnamese for a libharu error code (hpdf_error.h); *name receives the
 * code's name ("HPDF_TTF_MISSING_TABLE"). Static strings. */
const char *th_pdf_error_vi(HPDF_STATUS code, const char **name);

#endif
