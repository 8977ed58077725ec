/* pdffont.c - a real ToUnicode CMap, CIDSystemInfo and CIDSet for libharu's
 * embedded TrueType fonts, made with libharu's own dictionary and stream
 * objects. libharu 2.3 (hpdf_font_cid.c, CreateCMap) gives a UTF-8 font its
 * *encoding* CMap as /ToUnicode: "<0000> <FFFF> 0 begincidrange" maps codes
 * to CIDs, not to Unicode, so poppler warns "Invalid 'begincidrange'
 * operator in ToUnicode CMap" and Ghostscript's PDF/A conversion drops it,
 * and with it every character's meaning; it also names the character
 * collection Adobe-Identity-H and writes no /CIDSet. Under the UTF-8 encoder
 * with Identity-H a character's code and CID are its UTF-16 code unit, and
 * the CIDToGIDMap maps it to the font's glyph, so the right ToUnicode CMap
 * is the identity on the characters of the embedded subset. The two streams
 * are filled in when the document is saved, once the subset is known, from
 * before_write_fn hooks on dictionaries libharu leaves without one. */
#include "pdffont.h"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>

#define NCODES 0x10000
#define PER_BLOCK 100 /* entries in one begin…end block: the CMap specification's limit */

/* Whether code (= CID) c stands for a character whose glyph is in the
 * embedded subset: libharu flags a glyph when text is measured or shown,
 * and the components of composite glyphs when it saves the subset. Controls
 * and surrogate halves never do. */
static bool in_subset(HPDF_FontDef def, unsigned c)
{
    if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF))
        return false;
    HPDF_TTFontDefAttr ta = def->attr;
    HPDF_UINT16 g = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
    return g != 0 && g < ta->num_glyphs && ta->glyph_tbl.flgs[g];
}

static const char tounicode_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n"
    "<0000> <FFFF>\n"
    "endcodespacerange\n";

static const char tounicode_tail[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

/* before_write_fn of libharu's /ToUnicode stream, which comes after the
 * Type0 font in the cross-reference table, so is written after the font's
 * own before_write_fn (libharu's CIDFontType2_BeforeWrite_Func) has saved
 * the subset: its keys and contents are replaced by a ToUnicode CMap with
 * one bfchar per character of the subset. bfchar, not bfrange: Ghostscript
 * 10.0 misreads a bfrange whose codes have a high byte (U+1ED0 becomes
 * U+00EE). */
static HPDF_STATUS write_tounicode(HPDF_Dict cmap)
{
    HPDF_Font font = cmap->attr;
    HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
    static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        HPDF_Dict_RemoveElement(cmap, keys[i]); /* HPDF_DICT_ITEM_NOT_FOUND is fine */
    unsigned *codes = malloc(NCODES * sizeof *codes);
    if (!codes)
        return HPDF_SetError(cmap->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
    size_t n = 0;
    for (unsigned c = 1; c < NCODES; c++)
        if (in_subset(def, c))
            codes[n++] = c;
    HPDF_Stream s = cmap->stream;
    HPDF_MemStream_FreeData(s);
    HPDF_STATUS ret = HPDF_Stream_WriteStr(s, tounicode_head);
    char line[64];
    for (size_t i = 0; i < n && ret == HPDF_OK; i++) {
        if (i % PER_BLOCK == 0) {
            snprintf(line, sizeof line, "%zu beginbfchar\n", n - i < PER_BLOCK ? n - i : PER_BLOCK);
            ret = HPDF_Stream_WriteStr(s, line);
        }
        snprintf(line, sizeof line, "<%04X> <%04X>\n", codes[i], codes[i]);
        if (ret == HPDF_OK)
            ret = HPDF_Stream_WriteStr(s, line);
        if (ret == HPDF_OK && (i % PER_BLOCK == PER_BLOCK - 1 || i == n - 1))
            ret = HPDF_Stream_WriteStr(s, "endbfchar\n");
    }
    if (ret == HPDF_OK)
        ret = HPDF_Stream_WriteStr(s, tounicode_tail);
    free(codes);
    return ret;
}

/* before_write_fn of the CIDFont dictionary, which also comes after the
 * Type0 font: by then the font descriptor exists. The CIDSet has a bit,
 * high-order first, for CID 0 (.notdef) and every CID whose glyph is in the
 * subset. */
static HPDF_STATUS add_cidset(HPDF_Dict cidfont)
{
    HPDF_Font font = cidfont->attr;
    HPDF_FontAttr fa = font->attr;
    HPDF_FontDef def = fa->fontdef;
    HPDF_Dict desc = def->descriptor;
    if (!desc || !((HPDF_TTFontDefAttr)def->attr)->embedding || HPDF_Dict_GetItem(desc, "CIDSet", HPDF_OCLASS_DICT))
        return HPDF_OK;
    HPDF_BYTE bits[NCODES / 8] = {0x80};
    unsigned last = 0;
    for (unsigned c = 1; c < NCODES; c++) {
        if (in_subset(def, c)) {
            bits[c >> 3] |= (HPDF_BYTE)(0x80 >> (c & 7));
            last = c;
        }
    }
    HPDF_Dict set = HPDF_DictStream_New(cidfont->mmgr, fa->xref);
    if (!set)
        return HPDF_Error_GetCode(cidfont->error);
    set->filter = font->filter;
    HPDF_STATUS ret = HPDF_Stream_Write(set->stream, bits, last / 8 + 1);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(desc, "CIDSet", set);
    return ret;
}

th_err th_pdffont_fix(HPDF_Font font)
{
    HPDF_FontAttr fa = font ? font->attr : NULL;
    if (!fa || fa->type != HPDF_FONT_TYPE0_TT || !fa->fontdef || fa->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
        !fa->cmap_stream || !fa->cmap_stream->stream || !fa->descendant_font)
        return TH_OK;
    HPDF_Dict cidfont = fa->descendant_font;
    HPDF_Dict info = HPDF_Dict_New(font->mmgr);
    if (!info)
        return TH_ERR_NOMEM;
    HPDF_STATUS ret = HPDF_Dict_Add(info, "Registry", HPDF_String_New(font->mmgr, "Adobe", NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(info, "Ordering", HPDF_String_New(font->mmgr, "Identity", NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddNumber(info, "Supplement", 0);
    if (ret != HPDF_OK) {
        HPDF_Dict_Free(info);
        return TH_ERR_NOMEM;
    }
    if (HPDF_Dict_Add(cidfont, "CIDSystemInfo", info) != HPDF_OK)
        return TH_ERR_NOMEM;

    /* neither dictionary has a hook or attr of its own in libharu */
    HPDF_Dict cmap = fa->cmap_stream;
    if (!cmap->before_write_fn && !cmap->attr) {
        cmap->attr = font;
        cmap->before_write_fn = write_tounicode;
    }
    if (!cidfont->before_write_fn && !cidfont->attr) {
        cidfont->attr = font;
        cidfont->before_write_fn = add_cidset;
    }
    return TH_OK;
}
