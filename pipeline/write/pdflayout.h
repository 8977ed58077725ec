/* pdflayout.h - a small typesetter over libharu for official documents:
 * A4 pages with margins, embedded TrueType faces in UTF-8, word wrap with the
 * font's real widths, justified paragraphs placed word by word, page numbers
 * restarting per part, and tables that break across pages with the header
 * repeated, no row split and no header left alone at the foot of a page. */
#ifndef TH_PDFLAYOUT_H
#define TH_PDFLAYOUT_H

#include <hpdf.h>
#include "common.h"
#include "pdferror.h" /* th_pdf_error_vi */

enum th_pdf_style { TH_PDF_REGULAR, TH_PDF_BOLD, TH_PDF_ITALIC, TH_PDF_BOLD_ITALIC, TH_PDF_NSTYLES };
enum th_pdf_align { TH_PDF_LEFT, TH_PDF_CENTER, TH_PDF_RIGHT, TH_PDF_JUSTIFY };

#define TH_PDF_MM 2.8346457f          /* points per millimetre */

struct th_pdf {
    HPDF_Doc doc;
    HPDF_Font font[TH_PDF_NSTYLES];
    HPDF_Page page;                   /* current page, NULL before the first */
    float pw, ph;                     /* page size */
    float ml, mr, mt, mb;             /* margins */
    float y;                          /* top of the next line box */
    int pageno;                       /* number of the current page in its part */
    int npages;                       /* pages in the document */
    float number_size;                /* page numbers from page 2 of each part */
    HPDF_STATUS err;                  /* first libharu error, 0 = none */
    HPDF_STATUS err_detail;
    const char *path;                 /* the file being written, for messages (not owned), may be NULL */
};

/* Open a document to be written to path (named in messages; may be NULL)
 * with the four faces of font_dir/<family>-{Regular,Bold,Italic,BoldItalic}.ttf
 * embedded, UTF-8 text. TH_ERR_CONFIG (message printed) when a face is
 * missing; TH_ERR_NOMEM/TH_ERR_IO on library failure (a damaged font: the
 * font and the error named). Release with th_pdf_release even on failure. */
th_err th_pdf_init(struct th_pdf *p, const char *path, const char *font_dir, const char *family);
void th_pdf_release(struct th_pdf *p);
/* th_err for the first libharu error so far, TH_OK if none. The message
 * names p->path and says in Vietnamese what failed ("không " + what: "dàn
 * trang được báo cáo") and why (th_pdf_error_vi), with libharu's code. */
th_err th_pdf_status(struct th_pdf *p, const char *what);
/* The finished document written to temp t by tonghop itself (libharu
 * builds it in memory), so a failure keeps its errno (ENOSPC, EFBIG, EIO…),
 * and hashed as written (th_temp_hash: the archive of the same run knows
 * its SHA-256 from the commit, th_written_sha256): TH_OK, TH_ERR_IO with
 * errno set, or the libharu error (message printed). */
th_err th_pdf_save(struct th_pdf *p, struct th_temp *t);

/* Start a new page (A4 portrait); its number is drawn centred in the top
 * margin when it is page 2 or later of the current part. */
void th_pdf_new_page(struct th_pdf *p);
/* The next page starts a new part numbered from 1 (an appendix). */
void th_pdf_new_part(struct th_pdf *p);

/* Text width in points of s[0..n) in a style and size. */
float th_pdf_width(const struct th_pdf *p, enum th_pdf_style st, float size, const char *s, size_t n);

/* One line of wrapped text: bytes [off, off+len) of the source, and whether
 * it ends its paragraph (so is not justified). */
struct th_pdf_line {
    size_t off, len;
    bool last;
};
/* Break text into lines no wider than width (first line narrower by indent).
 * Breaks at spaces; a word wider than a line is broken between characters.
 * Returns the number of lines; *out (caller frees) holds them. */
size_t th_pdf_wrap(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text,
                   float width, float indent, struct th_pdf_line **out);

/* Draw one line at baseline y between x and x+width, aligned; a justified
 * line spreads its words to fill the width (each word placed on its own, as
 * word spacing does not apply to two-byte fonts). */
void th_pdf_draw_line(struct th_pdf *p, enum th_pdf_style st, float size, const char *s, size_t n,
                      float x, float y, float width, enum th_pdf_align align);

/* Height of text wrapped to width with the given leading (line height). */
float th_pdf_box_height(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text,
                        float width, float leading);
/* Draw text wrapped in the box [x, x+width] from top y downwards; returns
 * the height used. Lines are not split over pages (callers check room). */
float th_pdf_box(struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float x,
                 float y, float width, float leading, enum th_pdf_align align);

/* A body paragraph across the text width, flowing over pages line by line
 * (never leaving a single line of it alone at a page foot or head when it has
 * more), first-line indent, space after. */
void th_pdf_paragraph(struct th_pdf *p, enum th_pdf_style st, float size, enum th_pdf_align align,
                      float indent, float leading, float space_after, const char *text);
/* th_pdf_paragraph for a heading: its last line is never one word alone
 * (a widow, "… NHỮNG THÁNG CUỐI NĂM" over "2026") when the line above can
 * give it one and keep two; as many lines, so th_pdf_box_height holds. */
void th_pdf_heading(struct th_pdf *p, enum th_pdf_style st, float size, enum th_pdf_align align, float indent,
                    float leading, float space_after, const char *text);

/* Make sure h points fit above the bottom margin, else start a new page. */
void th_pdf_need(struct th_pdf *p, float h);
/* Width of the text area. */
float th_pdf_text_width(const struct th_pdf *p);

/* Lines and rectangles (points, PDF coordinates). */
void th_pdf_hline(struct th_pdf *p, float x1, float x2, float y, float lw);
void th_pdf_rect(struct th_pdf *p, float x, float y, float w, float h, float gray_fill, float lw);

/* ---- tables ---- */
struct th_pdf_table {
    size_t ncols;
    const float *width;               /* column widths in points (sum = table width) */
    const char *const *head;          /* header cells */
    const enum th_pdf_align *align;   /* body alignment per column */
    float size;                       /* body font size; header same size, bold */
    float pad;                        /* cell padding */
    /* state */
    int head_page;                    /* npages when the header was last drawn */
};
/* Draw one row; cells[ncols] (NULL = empty). Starts a page (and repeats the
 * header) when the row does not fit; the header is drawn only together with
 * a first row. keep_next: extra height the next row needs on the same page
 * (a group heading is kept with its first row). */
void th_pdf_table_row(struct th_pdf *p, struct th_pdf_table *t, const char *const *cells,
                      enum th_pdf_style st, float keep_next);
/* A row spanning all columns (a group heading), kept with the next row of
 * height next_h. */
void th_pdf_table_group(struct th_pdf *p, struct th_pdf_table *t, const char *text, float next_h);
/* Height the row would take. */
float th_pdf_table_row_height(const struct th_pdf *p, const struct th_pdf_table *t,
                              const char *const *cells, enum th_pdf_style st);

#endif
