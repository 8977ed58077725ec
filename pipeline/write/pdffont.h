/* pdffont.h - what libharu's embedded TrueType (UTF-8, Identity-H) fonts
 * lack for text extraction and PDF/A archival conversion (pdffont.c). */
#ifndef TH_PDFFONT_H
#define TH_PDFFONT_H

#include <hpdf.h>
#include "common.h"

/* Complete a font loaded with HPDF_LoadTTFontFromFile(…, HPDF_TRUE) and
 * HPDF_GetFont(…, "UTF-8"), before any text is drawn with it:
 * - when the document is saved, its /ToUnicode becomes a real ToUnicode
 *   CMap (code = UTF-16 of the character, for every character of the
 *   embedded subset) instead of libharu's UTF-8 encoding CMap
 *   (begincidrange), which poppler and Ghostscript reject;
 * - the CIDFont's /CIDSystemInfo becomes Adobe-Identity-0 (libharu writes
 *   Ordering "Identity-H", a CMap's name, which no reader knows);
 * - when the document is saved, its font descriptor gets the /CIDSet that
 *   PDF/A-1 requires of a subset: one bit for every CID whose glyph is in
 *   the embedded subset.
 * A font that is not of that kind is left as it is. TH_OK, or TH_ERR_NOMEM. */
th_err th_pdffont_fix(HPDF_Font font);

#endif
