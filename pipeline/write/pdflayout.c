/* pdflayout.c - typesetting over libharu: wrap, justify, pages, tables. */
#include "pdflayout.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdffont.h"

static const char *const face_suffix[TH_PDF_NSTYLES] = {"Regular", "Bold", "Italic", "BoldItalic"};

/* Vertical metrics of Liberation Serif (and Times), in em. */
#define PDF_EPS 0.01f           /* points: a line that fits to within this fits */
#define ASCENT 0.891f
#define DESCENT 0.216f

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *user)
{
    struct th_pdf *p = user;
    if (!p->err) {
        p->err = err;
        p->err_detail = detail;
    }
}

th_err th_pdf_init(struct th_pdf *p, const char *path, const char *font_dir, const char *family)
{
    memset(p, 0, sizeof *p);
    p->path = path;
    p->ml = 30 * TH_PDF_MM;
    p->mr = 15 * TH_PDF_MM;
    p->mt = 20 * TH_PDF_MM;
    p->mb = 20 * TH_PDF_MM;
    p->number_size = 13;
    p->doc = HPDF_New(on_error, p);
    if (!p->doc)
        return TH_ERR_NOMEM;
    HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(p->doc);
    HPDF_SetCurrentEncoder(p->doc, "UTF-8");
    for (int s = 0; s < TH_PDF_NSTYLES; s++) {
        char *path = th_asprintf("%s/%s-%s.ttf", font_dir, family, face_suffix[s]);
        if (!th_is_file(path)) {
            th_error("cannot find the font '%s': install the Debian package fonts-liberation2", path);
            free(path);
            return TH_ERR_CONFIG;
        }
        const char *name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
        p->font[s] = name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
        if (!p->font[s]) {
            char *what = th_asprintf("nạp được phông chữ '%s'", path);
            th_err e = th_pdf_status(p, what);
            if (e == TH_OK) { /* a font cut short: libharu gives up without a code */
                th_error("'%s': không %s: tệp phông chữ hỏng hoặc bị cắt ngang (libharu không báo mã lỗi)",
                         p->path ? p->path : "PDF", what);
                e = TH_ERR_IO;
            }
            free(what);
            free(path);
            return e;
        }
        free(path);
        th_err e = th_pdffont_fix(p->font[s]); /* ToUnicode, CIDSystemInfo, CIDSet */
        if (e != TH_OK)
            return e;
    }
    return TH_OK;
}

void th_pdf_release(struct th_pdf *p)
{
    if (p->doc)
        HPDF_Free(p->doc);
    p->doc = NULL;
}

th_err th_pdf_status(struct th_pdf *p, const char *what)
{
    if (!p->err)
        return TH_OK;
    const char *name, *vi = th_pdf_error_vi(p->err, &name);
    th_error("'%s': không %s: %s (libharu %s 0x%04X, chi tiết %u)", p->path ? p->path : "PDF", what, vi, name,
             (unsigned)p->err, (unsigned)p->err_detail);
    return p->err == HPDF_FAILD_TO_ALLOC_MEM ? TH_ERR_NOMEM : TH_ERR_IO;
}

th_err th_pdf_save(struct th_pdf *p, struct th_temp *t)
{
    if (HPDF_SaveToStream(p->doc) != HPDF_OK)
        return th_pdf_status(p, "dựng được tệp PDF");
    enum { CHUNK = 64 * 1024 };
    HPDF_BYTE *buf = th_malloc(CHUNK);
    th_err e = TH_OK;
    th_temp_hash(t);
    for (bool more = true; more && e == TH_OK;) {
        HPDF_UINT32 n = CHUNK;
        HPDF_STATUS st = HPDF_ReadFromStream(p->doc, buf, &n);
        more = st == HPDF_OK;
        if (!more && st != HPDF_STREAM_EOF)
            e = th_pdf_status(p, "đọc lại được tệp PDF vừa dựng");
        if (n && e == TH_OK)
            e = th_temp_write(t, buf, n); /* TH_ERR_IO: errno says why */
    }
    int saved = errno;
    free(buf);
    errno = saved;
    return e;
}

float th_pdf_text_width(const struct th_pdf *p)
{
    return p->pw - p->ml - p->mr;
}

void th_pdf_new_part(struct th_pdf *p)
{
    p->pageno = 0;
}

void th_pdf_new_page(struct th_pdf *p)
{
    p->page = HPDF_AddPage(p->doc);
    if (!p->page)
        return;
    HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    p->pw = HPDF_Page_GetWidth(p->page);
    p->ph = HPDF_Page_GetHeight(p->page);
    p->npages++;
    p->pageno++;
    p->y = p->ph - p->mt;
    if (p->pageno >= 2) {
        char num[16];
        snprintf(num, sizeof num, "%d", p->pageno);
        float w = th_pdf_width(p, TH_PDF_REGULAR, p->number_size, num, strlen(num));
        float x = p->ml + (th_pdf_text_width(p) - w) / 2;
        /* centred in the top margin */
        float y = p->ph - p->mt / 2 - p->number_size * 0.35f;
        th_pdf_draw_line(p, TH_PDF_REGULAR, p->number_size, num, strlen(num), x, y, w, TH_PDF_LEFT);
    }
}

float th_pdf_width(const struct th_pdf *p, enum th_pdf_style st, float size, const char *s, size_t n)
{
    if (!n || !p->font[st])
        return 0;
    HPDF_TextWidth tw = HPDF_Font_TextWidth(p->font[st], (const HPDF_BYTE *)s, (HPDF_UINT)n);
    return (float)tw.width * size / 1000.0f;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Length of the UTF-8 sequence starting at s (1 for stray bytes). */
static size_t u8len(const char *s, size_t left)
{
    unsigned char c = (unsigned char)s[0];
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return n > left ? left : n;
}

/* Words in s[0, n). */
static size_t count_words(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += !is_space(s[i]) && (i == 0 || is_space(s[i - 1]));
    return k;
}

/* A last line of one word (a widow) takes the last word of the line above
 * when that line keeps two and the two words fit; the number of lines is
 * unchanged. */
static void no_widow(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float width,
                     struct th_pdf_line *v, size_t nv)
{
    if (nv < 2)
        return;
    struct th_pdf_line *a = &v[nv - 2], *b = &v[nv - 1];
    if (count_words(text + b->off, b->len) != 1 || count_words(text + a->off, a->len) < 3)
        return;
    size_t w0 = a->off + a->len;
    while (w0 > a->off && !is_space(text[w0 - 1]))
        w0--;
    size_t end = b->off + b->len;
    if (th_pdf_width(p, st, size, text + w0, end - w0) > width)
        return;
    size_t alen = w0 - a->off;
    while (alen && is_space(text[a->off + alen - 1]))
        alen--;
    a->len = alen;
    b->off = w0;
    b->len = end - w0;
}

static size_t wrap(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float width,
                   float indent, bool heading, struct th_pdf_line **out);

size_t th_pdf_wrap(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text,
                   float width, float indent, struct th_pdf_line **out)
{
    return wrap(p, st, size, text, width, indent, false, out);
}

static size_t wrap(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float width,
                   float indent, bool heading, struct th_pdf_line **out)
{
    struct th_pdf_line *v = NULL;
    size_t nv = 0, cap = 0, n = strlen(text), pos = 0;
    while (pos < n && is_space(text[pos]))
        pos++;
    while (pos < n) {
        float avail = width - (nv == 0 ? indent : 0);
        size_t start = pos, fit = pos, end = pos;
        for (;;) {
            size_t ws = end;
            while (ws < n && is_space(text[ws]))
                ws++;
            if (ws >= n)
                break;
            size_t we = ws;
            while (we < n && !is_space(text[we]))
                we++;
            if (th_pdf_width(p, st, size, text + start, we - start) > avail && fit > start)
                break;
            if (th_pdf_width(p, st, size, text + start, we - start) > avail) {
                /* a single word wider than the line: break it between characters */
                size_t k = start + u8len(text + start, n - start);
                while (k < we) {
                    size_t nk = k + u8len(text + k, n - k);
                    if (th_pdf_width(p, st, size, text + start, nk - start) > avail)
                        break;
                    k = nk;
                }
                fit = k;
                break;
            }
            fit = end = we;
        }
        TH_GROW(v, cap, nv + 1);
        v[nv].off = start;
        v[nv].len = fit - start;
        v[nv].last = false;
        nv++;
        pos = fit;
        while (pos < n && is_space(text[pos]))
            pos++;
    }
    if (nv)
        v[nv - 1].last = true;
    if (heading)
        no_widow(p, st, size, text, width, v, nv);
    *out = v;
    return nv;
}

static void show(struct th_pdf *p, enum th_pdf_style st, float size, const char *s, size_t n, float x, float y)
{
    char *t = th_strndup(s, n);
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, p->font[st], size);
    HPDF_Page_TextOut(p->page, x, y, t);
    HPDF_Page_EndText(p->page);
    free(t);
}

void th_pdf_draw_line(struct th_pdf *p, enum th_pdf_style st, float size, const char *s, size_t n,
                      float x, float y, float width, enum th_pdf_align align)
{
    if (!p->page || !n)
        return;
    if (align != TH_PDF_JUSTIFY) {
        float w = th_pdf_width(p, st, size, s, n);
        float dx = align == TH_PDF_CENTER ? (width - w) / 2 : align == TH_PDF_RIGHT ? width - w : 0;
        show(p, st, size, s, n, x + dx, y);
        return;
    }
    /* words and their widths */
    size_t nw = 0;
    float sum = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && is_space(s[i]))
            i++;
        size_t j = i;
        while (j < n && !is_space(s[j]))
            j++;
        if (j > i) {
            nw++;
            sum += th_pdf_width(p, st, size, s + i, j - i);
        }
        i = j;
    }
    if (nw < 2) {
        show(p, st, size, s, n, x, y);
        return;
    }
    float gap = (width - sum) / (float)(nw - 1);
    float cx = x;
    for (size_t i = 0; i < n;) {
        while (i < n && is_space(s[i]))
            i++;
        size_t j = i;
        while (j < n && !is_space(s[j]))
            j++;
        if (j > i) {
            show(p, st, size, s + i, j - i, cx, y);
            cx += th_pdf_width(p, st, size, s + i, j - i) + gap;
        }
        i = j;
    }
}

/* Baseline of a line whose box (height leading) starts at top. */
static float baseline(float top, float size, float leading)
{
    return top - (leading - (ASCENT + DESCENT) * size) / 2 - ASCENT * size;
}

float th_pdf_box_height(const struct th_pdf *p, enum th_pdf_style st, float size, const char *text,
                        float width, float leading)
{
    struct th_pdf_line *lines;
    size_t n = th_pdf_wrap(p, st, size, text, width, 0, &lines);
    free(lines);
    return (float)n * leading;
}

float th_pdf_box(struct th_pdf *p, enum th_pdf_style st, float size, const char *text, float x,
                 float y, float width, float leading, enum th_pdf_align align)
{
    struct th_pdf_line *lines;
    size_t n = th_pdf_wrap(p, st, size, text, width, 0, &lines);
    for (size_t i = 0; i < n; i++) {
        enum th_pdf_align a = align == TH_PDF_JUSTIFY && lines[i].last ? TH_PDF_LEFT : align;
        th_pdf_draw_line(p, st, size, text + lines[i].off, lines[i].len, x,
                         baseline(y - (float)i * leading, size, leading), width, a);
    }
    free(lines);
    return (float)n * leading;
}

void th_pdf_need(struct th_pdf *p, float h)
{
    if (!p->page || p->y - h < p->mb - PDF_EPS)
        th_pdf_new_page(p);
}

static void flow(struct th_pdf *p, enum th_pdf_style st, float size, enum th_pdf_align align, float indent,
                 float leading, float space_after, const char *text, bool heading)
{
    float width = th_pdf_text_width(p);
    struct th_pdf_line *lines;
    size_t n = wrap(p, st, size, text, width, indent, heading, &lines);
    size_t i = 0;
    bool fresh = false;
    while (i < n) {
        /* how many lines fit on this page, counted once (whole lines: no
         * float drift between "two fit" and "one more fits") */
        long avail = p->page ? (long)floorf((p->y - p->mb + PDF_EPS) / leading) : 0;
        size_t rest = n - i, take = rest;
        if (avail < (long)rest) {
            take = avail > 0 ? (size_t)avail : 0;
            if (rest - take == 1 && take > 0)
                take--;                 /* no widow: the last line never alone at a head */
            if (i == 0 && take == 1)
                take = 0;               /* no orphan: the first line never alone at a foot */
        }
        if (take == 0 && !fresh) {
            th_pdf_new_page(p);
            fresh = true;
            continue;
        }
        if (take == 0)
            take = 1;                   /* a page too short for two lines: one anyway */
        fresh = false;
        for (size_t k = 0; k < take; k++, i++) {
            float in = i == 0 ? indent : 0;
            enum th_pdf_align a = align == TH_PDF_JUSTIFY && lines[i].last ? TH_PDF_LEFT : align;
            th_pdf_draw_line(p, st, size, text + lines[i].off, lines[i].len, p->ml + in,
                             baseline(p->y, size, leading), width - in, a);
            p->y -= leading;
        }
        if (i < n) {
            th_pdf_new_page(p);
            fresh = true;
        }
    }
    free(lines);
    p->y -= space_after;
}

void th_pdf_paragraph(struct th_pdf *p, enum th_pdf_style st, float size, enum th_pdf_align align,
                      float indent, float leading, float space_after, const char *text)
{
    flow(p, st, size, align, indent, leading, space_after, text, false);
}

void th_pdf_heading(struct th_pdf *p, enum th_pdf_style st, float size, enum th_pdf_align align, float indent,
                    float leading, float space_after, const char *text)
{
    flow(p, st, size, align, indent, leading, space_after, text, true);
}

void th_pdf_hline(struct th_pdf *p, float x1, float x2, float y, float lw)
{
    if (!p->page)
        return;
    HPDF_Page_SetLineWidth(p->page, lw);
    HPDF_Page_MoveTo(p->page, x1, y);
    HPDF_Page_LineTo(p->page, x2, y);
    HPDF_Page_Stroke(p->page);
}

void th_pdf_rect(struct th_pdf *p, float x, float y, float w, float h, float gray_fill, float lw)
{
    if (!p->page)
        return;
    if (gray_fill >= 0)
        HPDF_Page_SetGrayFill(p->page, gray_fill);
    if (lw > 0)
        HPDF_Page_SetLineWidth(p->page, lw);
    HPDF_Page_Rectangle(p->page, x, y, w, h);
    if (gray_fill >= 0 && lw > 0)
        HPDF_Page_FillStroke(p->page);
    else if (gray_fill >= 0)
        HPDF_Page_Fill(p->page);
    else
        HPDF_Page_Stroke(p->page);
    HPDF_Page_SetGrayFill(p->page, 0);
}

/* ---- tables ---- */

static float leading_of(const struct th_pdf_table *t)
{
    return t->size * 1.2f;
}

static float cells_height(const struct th_pdf *p, const struct th_pdf_table *t, const char *const *cells,
                          enum th_pdf_style st)
{
    float h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!cells[c] || !*cells[c])
            continue;
        float ch = th_pdf_box_height(p, st, t->size, cells[c], t->width[c] - 2 * t->pad, leading_of(t));
        if (ch > h)
            h = ch;
    }
    if (h == 0)
        h = leading_of(t);
    return h + 2 * t->pad;
}

float th_pdf_table_row_height(const struct th_pdf *p, const struct th_pdf_table *t,
                              const char *const *cells, enum th_pdf_style st)
{
    return cells_height(p, t, cells, st);
}

static void draw_cells(struct th_pdf *p, const struct th_pdf_table *t, const char *const *cells,
                       enum th_pdf_style st, float h, bool head)
{
    float x = p->ml;
    for (size_t c = 0; c < t->ncols; c++) {
        th_pdf_rect(p, x, p->y - h, t->width[c], h, head ? 0.9f : -1, 0.5f);
        if (cells[c] && *cells[c]) {
            float inner = t->width[c] - 2 * t->pad;
            float top = p->y - t->pad;
            if (head) /* header cells centred vertically */
                top -= (h - 2 * t->pad - th_pdf_box_height(p, st, t->size, cells[c], inner, leading_of(t))) / 2;
            th_pdf_box(p, st, t->size, cells[c], x + t->pad, top, inner, leading_of(t),
                       head ? TH_PDF_CENTER : t->align[c]);
        }
        x += t->width[c];
    }
    p->y -= h;
}

static float table_width(const struct th_pdf_table *t)
{
    float w = 0;
    for (size_t c = 0; c < t->ncols; c++)
        w += t->width[c];
    return w;
}

/* Room for h (plus the header when this page has none yet); draws the header. */
static void table_room(struct th_pdf *p, struct th_pdf_table *t, float h)
{
    float hh = cells_height(p, t, t->head, TH_PDF_BOLD);
    if (!p->page)
        th_pdf_new_page(p);
    bool head = t->head_page != p->npages;
    if (p->y - h - (head ? hh : 0) < p->mb) {
        th_pdf_new_page(p);
        head = true;
    }
    if (head) {
        draw_cells(p, t, t->head, TH_PDF_BOLD, hh, true);
        t->head_page = p->npages;
    }
}

void th_pdf_table_row(struct th_pdf *p, struct th_pdf_table *t, const char *const *cells,
                      enum th_pdf_style st, float keep_next)
{
    float h = cells_height(p, t, cells, st);
    table_room(p, t, h + keep_next);
    draw_cells(p, t, cells, st, h, false);
}

void th_pdf_table_group(struct th_pdf *p, struct th_pdf_table *t, const char *text, float next_h)
{
    float w = table_width(t), inner = w - 2 * t->pad;
    float h = th_pdf_box_height(p, TH_PDF_BOLD_ITALIC, t->size, text, inner, leading_of(t)) + 2 * t->pad;
    table_room(p, t, h + next_h);
    th_pdf_rect(p, p->ml, p->y - h, w, h, 0.96f, 0.5f);
    th_pdf_box(p, TH_PDF_BOLD_ITALIC, t->size, text, p->ml + t->pad, p->y - t->pad, inner, leading_of(t),
               TH_PDF_LEFT);
    p->y -= h;
}
