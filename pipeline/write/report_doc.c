/* report_doc.c - the pieces of the PDF report that its parts share
 * (report_doc.h): centred headings broken as Vietnamese typists break them,
 * Roman numerals; page 1's header and
 * the signature block, which the review draws the same way. */
#include "report_doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

const char *th_doc_roman(int n)
{
    static const char *const r[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"};
    return n >= 1 && n <= 20 ? r[n - 1] : "?";
}

/* Where to break a two-line heading as Vietnamese typists do: before "và",
 * else after a comma, else after " - " (never inside a compound word such
 * as "thương binh"), when both halves fit in w; 0 if no such place. */
static size_t preferred_break(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float w)
{
    static const struct {
        const char *mark;
        size_t keep;            /* bytes of the mark that stay on the first line */
    } marks[] = {{" và ", 0}, {" VÀ ", 0}, {", ", 1}, {" - ", 2}};
    size_t n = strlen(text);
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m += 1 + (m == 0)) {
        size_t best = 0;
        float best_diff = 0;
        for (size_t mm = m; mm <= (m == 0 ? 1 : m); mm++) {
            for (const char *q = strstr(text, marks[mm].mark); q; q = strstr(q + 1, marks[mm].mark)) {
                size_t cut = (size_t)(q - text) + marks[mm].keep;
                size_t rest = cut;
                while (rest < n && text[rest] == ' ')
                    rest++;
                float a = th_pdf_width(p, st, size, text, cut), b = th_pdf_width(p, st, size, text + rest, n - rest);
                if (a > w || b > w || cut == 0 || rest >= n)
                    continue;
                float diff = fabsf(a - b);
                if (!best || diff < best_diff) {
                    best = cut;
                    best_diff = diff;
                }
            }
        }
        if (best)
            return best;
    }
    return 0;
}

float th_doc_centred(struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float x, float w,
                     float *y, float leading)
{
    struct th_pdf_line *lines;
    size_t n = th_pdf_wrap(p, st, size, text, w, 0, &lines);
    size_t brk = n == 2 ? preferred_break(p, st, size, text, w) : 0;
    if (brk) {
        free(lines);
        lines = th_malloc(2 * sizeof *lines);
        lines[0] = (struct th_pdf_line){0, brk, false};
        while (text[brk] == ' ')
            brk++;
        lines[1] = (struct th_pdf_line){brk, strlen(text) - brk, true};
    } else if (n > 1) {
        /* balance the lines: the narrowest measure that keeps their number */
        float lo = w / (float)n * 0.8f, hi = w;
        for (int k = 0; k < 14; k++) {
            float mid = (lo + hi) / 2;
            struct th_pdf_line *tmp;
            size_t m = th_pdf_wrap(p, st, size, text, mid, 0, &tmp);
            free(tmp);
            if (m == n)
                hi = mid;
            else
                lo = mid;
        }
        free(lines);
        n = th_pdf_wrap(p, st, size, text, hi, 0, &lines);
    }
    float widest = 0;
    for (size_t i = 0; i < n; i++) {
        float lw = th_pdf_width(p, st, size, text + lines[i].off, lines[i].len);
        if (lw > widest)
            widest = lw;
        th_pdf_draw_line(p, st, size, text + lines[i].off, lines[i].len, x, *y - size * 0.95f, w, TH_PDF_CENTER);
        *y -= leading;
    }
    free(lines);
    return widest;
}

void th_doc_draft_mark(struct th_pdf *p)
{
    static const char mark[] = "DỰ THẢO";
    float w = th_pdf_width(p, TH_PDF_BOLD, 13, mark, strlen(mark)) + 12, h = 18;
    float y = p->ph - p->mt / 2 - h / 2;
    th_pdf_rect(p, p->ml, y, w, h, -1, 0.8f);
    th_pdf_draw_line(p, TH_PDF_BOLD, 13, mark, strlen(mark), p->ml + 6, y + 5, w - 12, TH_PDF_LEFT);
}

/* "- Lưu: VT, BTXH.": caller frees. */
static char *filed_line(const struct th_recipients *rec)
{
    return th_asprintf("- Lưu: %s.", rec->filed ? rec->filed : "VT");
}

float th_doc_signature_height(const struct th_pdf *p, const struct th_recipients *rec, float left_w)
{
    /* as drawn: a recipient too long for the column takes two lines */
    float left = 16;
    for (size_t i = 0; i < rec->nto; i++) {
        char *s = th_asprintf("- %s", rec->to[i]);
        left += th_pdf_box_height(p, TH_PDF_REGULAR, 11, s, left_w - 6, 13);
        free(s);
    }
    char *filed = filed_line(rec);
    left += th_pdf_box_height(p, TH_PDF_REGULAR, 11, filed, left_w - 6, 13);
    free(filed);
    float right = 17 * 2 + 78 + 17;
    return left > right ? left : right;
}

void th_doc_signature(struct th_pdf *p, const struct th_identity *id, const struct th_recipients *rec, float left_w,
                      float right_x, float right_w)
{
    p->y -= 10;
    th_pdf_need(p, th_doc_signature_height(p, rec, left_w));
    float top = p->y;
    /* Nơi nhận, level with the signer's authority */
    float yl = top;
    th_pdf_draw_line(p, TH_PDF_BOLD_ITALIC, 12, "Nơi nhận:", strlen("Nơi nhận:"), p->ml, yl - 12, 200, TH_PDF_LEFT);
    yl -= 16;
    float lw = left_w - 6;
    for (size_t i = 0; i < rec->nto; i++) {
        char *s = th_asprintf("- %s", rec->to[i]);
        yl -= th_pdf_box(p, TH_PDF_REGULAR, 11, s, p->ml, yl, lw, 13, TH_PDF_LEFT);
        free(s);
    }
    char *filed = filed_line(rec);
    yl -= th_pdf_box(p, TH_PDF_REGULAR, 11, filed, p->ml, yl, lw, 13, TH_PDF_LEFT);
    free(filed);
    /* the signer */
    float yr = top;
    if (id->signer_authority && *id->signer_authority)
        th_doc_centred(p, TH_PDF_BOLD, 13.5f, id->signer_authority, right_x, right_w, &yr, 17);
    if (id->signer_title && *id->signer_title)
        th_doc_centred(p, TH_PDF_BOLD, 13.5f, id->signer_title, right_x, right_w, &yr, 17);
    yr -= 78; /* room for the signature and seal */
    th_doc_centred(p, TH_PDF_BOLD, 13.5f, id->signer_name, right_x, right_w, &yr, 17);
    p->y = yl < yr ? yl : yr;
}

void th_doc_header(struct th_pdf *p, const struct th_identity *id, const char *number_line, const char *place_date,
                   float *left_w, float *right_x, float *right_w)
{
    const char *qh = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", *tn = "Độc lập - Tự do - Hạnh phúc";
    float tw = th_pdf_text_width(p);
    /* right column: as wide as the Quốc hiệu or the date, whichever is wider */
    float rw = th_pdf_width(p, TH_PDF_BOLD, 12, qh, strlen(qh));
    float dw = th_pdf_width(p, TH_PDF_ITALIC, 13, place_date, strlen(place_date));
    if (dw > rw)
        rw = dw;
    rw += 12;
    if (rw > tw * 0.64f)
        rw = tw * 0.64f;
    float rx = p->ml + tw - rw, x0 = p->ml, lw = rx - p->ml - 8;
    *right_w = rw;
    *right_x = rx;
    *left_w = lw;

    /* the short rules sit 3 pt under the line above them, clear of its descenders */
    float yl = p->y, yr = p->y;
    th_doc_centred(p, TH_PDF_REGULAR, 12, id->parent_body, x0, lw, &yl, 15);
    float iw = th_doc_centred(p, TH_PDF_BOLD, 12, id->issuing_body, x0, lw, &yl, 15);
    th_pdf_hline(p, x0 + (lw - iw * 0.4f) / 2, x0 + (lw + iw * 0.4f) / 2, yl - 3, 0.6f);
    yl -= 3;
    th_doc_centred(p, TH_PDF_BOLD, 12, qh, rx, rw, &yr, 15);
    float tnw = th_doc_centred(p, TH_PDF_BOLD, 13.5f, tn, rx, rw, &yr, 16);
    th_pdf_hline(p, rx + (rw - tnw) / 2, rx + (rw + tnw) / 2, yr - 3, 0.6f);
    yr -= 3;

    float y = (yl < yr ? yl : yr) - 8, yy = y;
    th_doc_centred(p, TH_PDF_REGULAR, 13, number_line, x0, lw, &yy, 16);
    yy = y;
    th_doc_centred(p, TH_PDF_ITALIC, 13.5f, place_date, rx, rw, &yy, 16);
    p->y = yy - 20;
}
