/* report_doc.h - the PDF report being laid out, shared by its parts:
 * pdfreport.c (page 1, the body, the signature, the file), pdfblocks.c
 * (the indicator table and chart), pdfappendix.c (the Phụ lục). Internal
 * to the report writer; the shared helpers are report_doc.c's. */
#ifndef TH_REPORT_DOC_H
#define TH_REPORT_DOC_H

#include "pdflayout.h"
#include "report.h"
#include "report_edits.h"
#include "report_prose.h"
#include "report_template.h"

/* Sizes (points) after Nghị định 30/2020, Phụ lục I. */
#define TH_DOC_BODY 14.0f
#define TH_DOC_LEAD 17.0f          /* about 1.2 lines */
#define TH_DOC_AFTER 6.0f
#define TH_DOC_INDENT (12.7f * TH_PDF_MM)

struct th_doc {
    struct th_pdf pdf;
    struct th_tpl_ctx x;
    struct th_tpl *t;
    const struct th_report_in *in;
    const struct th_identity *id;     /* who issues it, on its date */
    const struct th_recipients *rec;  /* its Nơi nhận: the period's, else id's */
    struct th_shown *shown;           /* the indicators shown, assessed */
    size_t nshown;
    float left_w, right_x, right_w;   /* the two columns of the header and signature */
    int roman;                        /* sections so far */
    bool dashed;                      /* the directions printed "- " items: the template's
                                         paragraphs after them in their part are items too */
    int chart_no, table_no;
    int app_number[16];               /* per template appendix: its number, 0 when left out */
    char *app_label[16];              /* "Phụ lục I" ... (owned) */
};

/* Centred lines wrapped in [x, x+w] from *y down; returns the widest line
 * (a two-line heading breaks where Vietnamese typists do). */
/* "DỰ THẢO" in a box at the top left of the page: an unnumbered draft. */
void th_doc_draft_mark(struct th_pdf *p);

/* Page 1's header (Nghị định 30): parent and issuing body on the left with
 * the document's number line under them ("Số: …"), Quốc hiệu and Tiêu ngữ on
 * the right with place_date under them. Sets the two columns the signature
 * uses again; leaves p->y under the header. */
void th_doc_header(struct th_pdf *p, const struct th_identity *id, const char *number_line, const char *place_date,
                   float *left_w, float *right_x, float *right_w);

float th_doc_centred(struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float x, float w,
                     float *y, float leading);

/* The signature block (Nghị định 30) 10 pt under p->y, on a new page when
 * it does not fit: Nơi nhận with rec's lines and "Lưu" in the header's
 * left column, id's signer's authority, title, room for the signature and
 * seal, and name in its right column (th_doc_header's). Leaves p->y under
 * it. th_doc_signature_height: the room it needs. */
void th_doc_signature(struct th_pdf *p, const struct th_identity *id, const struct th_recipients *rec, float left_w,
                      float right_x, float right_w);
float th_doc_signature_height(const struct th_pdf *p, const struct th_recipients *rec, float left_w);
/* "I", "II" ... */
const char *th_doc_roman(int n);

/* The indicator table (Bảng) and the chart (Biểu đồ) of d->shown. */
void th_doc_indicator_table(struct th_doc *d);
void th_doc_chart(struct th_doc *d);

/* Whether template appendix ai has any row for d's consolidation. */
bool th_doc_appendix_has_rows(const struct th_doc *d, size_t ai);
/* Appendix ai on pages of its own, numbered d->app_number[ai]; ref is the
 * "(Kèm theo Báo cáo số …)" line. */
th_err th_doc_appendix(struct th_doc *d, size_t ai, const char *ref);

#endif
