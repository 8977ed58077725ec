/* wb_common.c - pieces every XLSX writer shares (wb_common.h). */
#include "wb_common.h"

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
