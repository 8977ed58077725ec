/* wb_common.c - pieces every XLSX writer shares (wb_common.h). */
#include "wb_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx.h"

lxw_format *th_wbc_format(lxw_workbook *book, bool bold, bool border, const char *num)
{
    lxw_format *f = workbook_add_format(book);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, 11);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (bold)
        format_set_bold(f);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (num)
        format_set_num_format(f, num);
    return f;
}

lxw_error th_wbc_page_setup(lxw_worksheet *s, lxw_row_t head_first, lxw_row_t head_last)
{
    worksheet_set_paper(s, 9);
    worksheet_set_landscape(s);
    worksheet_fit_to_pages(s, 1, 0);
    worksheet_set_margins(s, 0.5, 0.4, 0.6, 0.6);
    lxw_error e = worksheet_repeat_rows(s, head_first, head_last);
    lxw_error e2 = worksheet_set_footer(s, "&CTrang &P/&N");
    return e != LXW_NO_ERROR ? e : e2;
}

lxw_error th_wbc_heading(lxw_worksheet *s, const struct th_wbc_heading *h)
{
    lxw_error first = LXW_NO_ERROR;
    for (lxw_row_t r = 0; r < 7; r++) {
        lxw_error e = worksheet_write_string(s, r, 0, h->line[r] ? h->line[r] : "", h->fmt[r]);
        if (first == LXW_NO_ERROR)
            first = e;
    }
    return first;
}

time_t th_wbc_date_time(th_date d)
{
    struct tm tm = {0};
    tm.tm_year = TH_DATE_Y(d) - 1900;
    tm.tm_mon = TH_DATE_M(d) - 1;
    tm.tm_mday = TH_DATE_D(d);
    return timegm(&tm);
}

/* Lines a wrapped text needs in a column of the given width. */
static int wrap_lines(const char *text, double width)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++)
        chars += (*p & 0xC0) != 0x80;
    size_t per_line = (size_t)(width * 1.2);
    if (per_line < 1)
        per_line = 1;
    return chars ? (int)((chars + per_line - 1) / per_line) : 1;
}

void th_wbc_fit_row(lxw_worksheet *s, lxw_row_t r, const char *const *texts, const double *widths, size_t n)
{
    int lines = 1;
    for (size_t i = 0; i < n; i++) {
        int l = wrap_lines(texts[i], widths[i]);
        if (l > lines)
            lines = l;
    }
    if (lines > 1)
        worksheet_set_row(s, r, 15.0 * lines, NULL);
}

th_err th_wbc_open(struct th_wbc_file *f, const char *path, bool constant_memory)
{
    memset(f, 0, sizeof *f);
    if (th_temp_open(&f->tmp, path, 0644) != TH_OK)
        return TH_ERR_IO;
    f->tmpdir = th_dirname(path);
    lxw_workbook_options opt = {.constant_memory = constant_memory,
                                .tmpdir = f->tmpdir[0] ? f->tmpdir : NULL,
                                .use_zip64 = LXW_FALSE};
    f->book = workbook_new_opt(th_temp_libpath(&f->tmp), &opt);
    if (!f->book) {
        th_temp_abort(&f->tmp);
        free(f->tmpdir);
        f->tmpdir = NULL;
        return TH_ERR_NOMEM;
    }
    return TH_OK;
}

th_err th_wbc_close(struct th_wbc_file *f, bool sheets_ok, lxw_error err)
{
    th_err rc;
    lxw_error le = workbook_close(f->book);
    f->book = NULL;
    if (!sheets_ok || err != LXW_NO_ERROR || le != LXW_NO_ERROR) {
        lxw_error e = le != LXW_NO_ERROR ? le : err;
        int saved = errno;
        th_error("libxlsxwriter: %s", sheets_ok ? lxw_strerror(e) : "cannot add a sheet");
        th_temp_abort(&f->tmp);
        errno = le == LXW_ERROR_CREATING_XLSX_FILE || le == LXW_ERROR_CREATING_TMPFILE ? saved : EIO;
        rc = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? TH_ERR_NOMEM : TH_ERR_IO;
    } else {
        rc = th_xlsx_commit_checked(&f->tmp);
    }
    th_temp_abort(&f->tmp); /* nothing left after a commit */
    free(f->tmpdir);
    f->tmpdir = NULL;
    return rc;
}
