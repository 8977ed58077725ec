/* forms.c - the XLSX form of one unit for one period (libxlsxwriter). */
#include "forms.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "text.h"
#include "xlsx.h"

#define MAX_COUNT ((double)TH_MAX_COUNT)
#define MAX_MONEY ((double)TH_MAX_MONEY)

struct fmt {
    lxw_format *title, *subtitle, *note, *label, *section, *head, *fixed, *fixed_num, *input, *input_date,
        *input_text, *uom, *sign, *sign_note, *instr, *instr_head;
};

static lxw_format *new_format(lxw_workbook *wb, bool border)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, 12);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    return f;
}

static void make_formats(lxw_workbook *wb, struct fmt *f)
{
    f->title = new_format(wb, false);
    format_set_bold(f->title);
    format_set_font_size(f->title, 13);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->title);
    f->subtitle = new_format(wb, false);
    format_set_italic(f->subtitle);
    format_set_align(f->subtitle, LXW_ALIGN_CENTER);
    f->note = new_format(wb, false);
    format_set_italic(f->note);
    format_set_font_size(f->note, 11);
    format_set_text_wrap(f->note);
    f->label = new_format(wb, true);
    format_set_text_wrap(f->label);
    f->section = new_format(wb, true);
    format_set_bold(f->section);
    format_set_bg_color(f->section, 0xDDEBF7);
    format_set_text_wrap(f->section);
    f->head = new_format(wb, true);
    format_set_bold(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->head);
    format_set_bg_color(f->head, 0xEDEDED);
    f->fixed = new_format(wb, true);
    format_set_bold(f->fixed);
    format_set_bg_color(f->fixed, 0xEDEDED);
    f->fixed_num = new_format(wb, true);
    format_set_bold(f->fixed_num);
    format_set_bg_color(f->fixed_num, 0xEDEDED);
    format_set_num_format(f->fixed_num, "0");
    format_set_align(f->fixed_num, LXW_ALIGN_LEFT);
    f->input = new_format(wb, true);
    format_set_unlocked(f->input);
    format_set_bg_color(f->input, 0xFFF2CC);
    format_set_num_format(f->input, "#,##0");
    f->input_date = new_format(wb, true);
    format_set_unlocked(f->input_date);
    format_set_bg_color(f->input_date, 0xFFF2CC);
    format_set_num_format(f->input_date, "dd/mm/yyyy");
    format_set_align(f->input_date, LXW_ALIGN_LEFT);
    f->input_text = new_format(wb, true);
    format_set_unlocked(f->input_text);
    format_set_bg_color(f->input_text, 0xFFF2CC);
    format_set_text_wrap(f->input_text);
    format_set_align(f->input_text, LXW_ALIGN_VERTICAL_TOP);
    f->uom = new_format(wb, true);
    format_set_italic(f->uom);
    format_set_align(f->uom, LXW_ALIGN_CENTER);
    f->sign = new_format(wb, false);
    format_set_bold(f->sign);
    format_set_align(f->sign, LXW_ALIGN_CENTER);
    f->sign_note = new_format(wb, false);
    format_set_italic(f->sign_note);
    format_set_align(f->sign_note, LXW_ALIGN_CENTER);
    f->instr = new_format(wb, false);
    format_set_text_wrap(f->instr);
    format_set_align(f->instr, LXW_ALIGN_VERTICAL_TOP);
    f->instr_head = new_format(wb, false);
    format_set_bold(f->instr_head);
    format_set_font_size(f->instr_head, 13);
}

static lxw_datetime to_datetime(th_date d)
{
    return (lxw_datetime){.year = TH_DATE_Y(d), .month = TH_DATE_M(d), .day = TH_DATE_D(d)};
}

static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

/* Field at (row, col) of the map, or -1. */
static int field_at(const struct th_formmap *m, int row, int col)
{
    int i = th_formmap_at(m, row, col);
    return i >= 0 && i < TH_NFIELDS && m->field[i].row == row && m->field[i].col == col ? i : -1;
}

/* A field of section sec on row, or -1. */
static int field_at_in(const struct th_formmap *m, int row, const char *sec)
{
    for (int c = 0; c < m->ncols; c++) {
        int f = field_at(m, row, c);
        if (f >= 0 && strcmp(th_fields[f].section, sec) == 0)
            return f;
    }
    return -1;
}

static void validate_count(lxw_worksheet *ws, const struct th_fm_cell *c, int f)
{
    const struct th_field *fd = &th_fields[f];
    char title[] = "Nhập số nguyên ≥ 0";
    char err_title[] = "Giá trị không hợp lệ";
    char err_msg[] = "Chỉ được nhập số nguyên từ 0 trở lên: không nhập chữ, số âm hay số thập phân. "
                     "Nếu không có, nhập 0.";
    char msg[256];
    if (fd->group)
        snprintf(msg, sizeof msg, "%s — %s (đơn vị tính: %s)", fd->group, fd->label, fd->uom);
    else
        snprintf(msg, sizeof msg, "%s (đơn vị tính: %s)", fd->label, fd->uom);
    lxw_data_validation v = {
        .validate = LXW_VALIDATION_TYPE_INTEGER,
        .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
        .minimum_number = 0,
        .maximum_number = fd->type == TH_FT_MONEY ? MAX_MONEY : MAX_COUNT,
        .input_title = title,
        .input_message = msg,
        .error_title = err_title,
        .error_message = err_msg,
    };
    worksheet_data_validation_cell(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, &v);
}

static void write_sections(lxw_worksheet *ws, const struct th_formmap *m, const struct fmt *fm,
                           const struct th_submission *s, int last_col, int *last_row)
{
    size_t shown = 0; /* sections on the form, numbered I, II … */
    for (size_t si = 0; si < th_nsections; si++) {
        const char *sec = th_sections[si].id;
        int first = -1;
        bool tabular = si < 32 && (m->tabular >> si & 1), text = false;
        for (size_t f = 0; f < TH_NFIELDS; f++) {
            if (strcmp(th_fields[f].section, sec) != 0 || !th_formmap_has(m, (int)f))
                continue;
            if (first < 0 || m->field[f].row < first)
                first = m->field[f].row;
            text |= th_fields[f].type == TH_FT_TEXT;
        }
        if (first < 2)
            continue;
        worksheet_write_string(ws, (lxw_row_t)(first - 2), 0, shown < 12 ? roman[shown] : "", fm->section);
        shown++;
        worksheet_merge_range(ws, (lxw_row_t)(first - 2), 1, (lxw_row_t)(first - 2), (lxw_col_t)last_col,
                              th_sections[si].title, fm->section);
        lxw_row_t hr = (lxw_row_t)(first - 1);
        if (tabular && !text)
            worksheet_set_row(ws, hr, 48, NULL);
        worksheet_write_string(ws, hr, 0, "STT", fm->head);
        worksheet_write_string(ws, hr, 1, tabular ? "Loại" : "Chỉ tiêu", fm->head);
        if (text) {
            worksheet_merge_range(ws, hr, 2, hr, (lxw_col_t)last_col, "Nội dung", fm->head);
        } else if (tabular) {
            for (int c = 2; c <= last_col; c++) {
                /* the column's field in any row of the section (a period's
                 * form may leave it out of the first) */
                int f = -1;
                for (int row = first; f < 0 && row < m->nrows && field_at_in(m, row, sec) >= 0; row++)
                    f = field_at(m, row, c);
                worksheet_write_string(ws, hr, (lxw_col_t)c, f >= 0 ? th_fields[f].label : "", fm->head);
            }
        } else {
            worksheet_write_string(ws, hr, 2, "Số liệu", fm->head);
            for (int c = 3; c <= last_col; c++)
                worksheet_write_string(ws, hr, (lxw_col_t)c, c == 3 ? "Đơn vị tính" : "", fm->head);
        }
        /* the rows of the section, in order */
        int stt = 0;
        for (int row = first; row < m->nrows; row++) {
            int any = field_at_in(m, row, sec);
            if (any < 0)
                break;
            const struct th_field *fd = &th_fields[any];
            char label[300], num[16];
            if (tabular || !fd->group)
                snprintf(label, sizeof label, "%s", tabular && fd->group ? fd->group : fd->label);
            else
                snprintf(label, sizeof label, "%s: %s", fd->group, fd->label);
            snprintf(num, sizeof num, "%d", ++stt);
            worksheet_write_string(ws, (lxw_row_t)row, 0, num, fm->label);
            worksheet_write_string(ws, (lxw_row_t)row, 1, label, fm->label);
            if (text)
                worksheet_set_row(ws, (lxw_row_t)row, 90, NULL);
            for (int c = 2; c <= last_col; c++) {
                int f = field_at(m, row, c);
                if (f < 0) {
                    if (th_formmap_at(m, row, c) < 0)
                        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, c == 3 && !tabular ? fd->uom : "",
                                               fm->uom);
                    continue;
                }
                const struct th_fm_cell *fc = &m->field[f];
                if (th_fields[f].type == TH_FT_TEXT) {
                    const char *t = s && s->text[f - TH_NNUMERIC] ? s->text[f - TH_NNUMERIC] : "";
                    if (fc->row2 > fc->row || fc->col2 > fc->col)
                        worksheet_merge_range(ws, (lxw_row_t)fc->row, (lxw_col_t)fc->col, (lxw_row_t)fc->row2,
                                              (lxw_col_t)fc->col2, t, fm->input_text);
                    else
                        worksheet_write_string(ws, (lxw_row_t)fc->row, (lxw_col_t)fc->col, t, fm->input_text);
                    continue;
                }
                if (s && s->val.present[f])
                    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c, (double)s->val.v[f], fm->input);
                else
                    worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)c, fm->input);
                validate_count(ws, fc, f);
            }
            if (row > *last_row)
                *last_row = row;
        }
    }
}

static void write_header(lxw_worksheet *ws, const struct th_formmap *m, const struct fmt *fm,
                         const struct th_unit *u, const struct th_period *p, const struct th_submission *s,
                         int last_col)
{
    char a[16], b[16], buf[400];
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)last_col, m->title, fm->title);
    worksheet_set_row(ws, 0, 36, NULL);
    snprintf(buf, sizeof buf, "Kỳ báo cáo: %s %d (số liệu từ ngày %s đến ngày %s)", p->def->label, p->year,
             th_fmt_dmy(p->start, a), th_fmt_dmy(p->end, b));
    worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)last_col, buf, fm->subtitle);
    worksheet_merge_range(ws, 2, 0, 2, (lxw_col_t)last_col,
                          "Ô nền vàng: đơn vị nhập số liệu. Ô nền xám: tonghop điền sẵn, không sửa. "
                          "Xem trang \"Hướng dẫn\".",
                          fm->note);
    worksheet_set_row(ws, 2, 30, NULL);
    static const char *const labels[TH_FM_NHDR] = {"Mã đơn vị", "Tên đơn vị", "Năm báo cáo", "Kỳ báo cáo",
                                                   "Ngày báo cáo (bắt buộc)", "Người lập biểu"};
    for (int h = 0; h < TH_FM_NHDR; h++) {
        const struct th_fm_cell *c = &m->hdr[h];
        if (c->col > 0)
            worksheet_write_string(ws, (lxw_row_t)c->row, (lxw_col_t)(c->col - 1), labels[h], fm->label);
    }
    const struct th_fm_cell *c = &m->hdr[TH_FM_UNIT];
    worksheet_write_string(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, u->code, fm->fixed);
    c = &m->hdr[TH_FM_UNIT_NAME];
    worksheet_merge_range(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, (lxw_row_t)c->row2, (lxw_col_t)c->col2, u->name,
                          fm->fixed);
    c = &m->hdr[TH_FM_YEAR];
    worksheet_write_number(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, p->year, fm->fixed_num);
    c = &m->hdr[TH_FM_PERIOD];
    worksheet_write_string(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, p->def->label, fm->fixed);

    c = &m->hdr[TH_FM_SUBMITTED];
    if (s && s->submitted) {
        lxw_datetime dt = to_datetime(s->submitted);
        worksheet_write_datetime(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, &dt, fm->input_date);
    } else {
        worksheet_write_blank(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, fm->input_date);
    }
    char title[] = "Ngày báo cáo";
    char msg[256], err_title[] = "Ngày không hợp lệ";
    char err_msg[] = "Nhập ngày dạng ngày/tháng/năm, ví dụ 20/12/2026.";
    snprintf(msg, sizeof msg, "Ngày đơn vị gửi báo cáo, dạng ngày/tháng/năm. Hạn nộp: %s.",
             th_fmt_dmy(p->deadline, a));
    lxw_data_validation v = {
        .validate = LXW_VALIDATION_TYPE_DATE,
        .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
        .minimum_datetime = to_datetime(p->start),
        .maximum_datetime = to_datetime(th_date_add_days(p->end, 366)),
        .input_title = title,
        .input_message = msg,
        .error_title = err_title,
        .error_message = err_msg,
    };
    worksheet_data_validation_cell(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, &v);

    c = &m->hdr[TH_FM_PREPARED_BY];
    const char *who = s && s->prepared_by ? s->prepared_by : "";
    if (c->col2 > c->col)
        worksheet_merge_range(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, (lxw_row_t)c->row2, (lxw_col_t)c->col2, who,
                              fm->input_text);
    else
        worksheet_write_string(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, who, fm->input_text);
}

static void write_instructions(lxw_worksheet *ws, const struct th_formmap *m, const struct fmt *fm,
                               const struct th_unit *u, const struct th_period *p)
{
    char a[16], b[16], line[600];
    worksheet_set_column(ws, 0, 0, 100, fm->instr);
    worksheet_write_string(ws, 0, 0, "HƯỚNG DẪN ĐIỀN BIỂU MẪU", fm->instr_head);
    lxw_row_t r = 2;
    snprintf(line, sizeof line,
             "1. Biểu mẫu này dành riêng cho %s (mã %s), kỳ báo cáo %s %d. Không dùng biểu của đơn vị khác.",
             u->name, u->code, p->def->label, p->year);
    worksheet_write_string(ws, r++, 0, line, fm->instr);
    snprintf(line, sizeof line,
             "2. Chỉ nhập vào các ô nền vàng trên trang \"%s\". Các ô nền xám do tonghop điền sẵn và đã được khóa.",
             m->sheet);
    worksheet_write_string(ws, r++, 0, line, fm->instr);
    worksheet_write_string(ws, r++, 0,
                           "3. Mọi số liệu là số nguyên không âm (0, 1, 2, ...). Không để trống: nếu không có, nhập 0.",
                           fm->instr);
    worksheet_write_string(ws, r++, 0,
                           "4. Kinh phí ghi bằng đồng, không ghi \"triệu\": ví dụ 150000000 cho 150 triệu đồng.",
                           fm->instr);
    snprintf(line, sizeof line,
             "5. Ngày báo cáo là ngày đơn vị gửi báo cáo, dạng ngày/tháng/năm. Hạn nộp: %s; nộp sau hạn bị ghi "
             "nhận là nộp muộn.",
             th_fmt_dmy(p->deadline, a));
    worksheet_write_string(ws, r++, 0, line, fm->instr);
    snprintf(line, sizeof line, "6. Số liệu tính từ ngày %s đến ngày %s (Nghị định 09/2019/NĐ-CP).",
             th_fmt_dmy(p->start, a), th_fmt_dmy(p->end, b));
    worksheet_write_string(ws, r++, 0, line, fm->instr);
    worksheet_write_string(ws, r++, 0,
                           "7. Gõ tiếng Việt bằng Unicode (Unikey: bảng mã Unicode). Văn bản gõ bằng bảng mã cũ "
                           "TCVN3 (.VnTime) hoặc VNI bị từ chối.",
                           fm->instr);
    worksheet_write_string(ws, r++, 0,
                           "8. Không đổi tên, thêm hoặc xóa trang tính; không chèn hoặc xóa dòng, cột. Lưu tệp dạng "
                           "Excel (.xlsx) rồi gửi về cơ quan chủ trì tổng hợp.",
                           fm->instr);
    if (m->period) {
        size_t n = 0;
        for (size_t f = 0; f < TH_NFIELDS; f++)
            n += th_formmap_has(m, (int)f);
        snprintf(line, sizeof line,
                 "9. Kỳ báo cáo %s chỉ yêu cầu %zu chỉ tiêu có trên biểu mẫu này; không dùng biểu mẫu của kỳ "
                 "báo cáo khác.",
                 p->def->label, n);
        worksheet_write_string(ws, r++, 0, line, fm->instr);
    }
    snprintf(line, sizeof line, "Mã biểu mẫu: %s.", m->form_id);
    worksheet_write_string(ws, r + 1, 0, line, fm->note);
    worksheet_set_paper(ws, 9);
    worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_protect(ws, NULL, NULL);
}

/* The hidden sheet: the form id the reader checks, the unit, year and
 * period; a period's form adds its label, data window, deadline and the
 * fields it holds (what the reader lays it out by). */
static void write_meta(lxw_worksheet *meta, const struct th_formmap *m, const struct th_unit *u,
                       const struct th_period *p)
{
    static const char *const labels[TH_FM_NMETA] = {
        [TH_FM_META_ID] = "Mã biểu mẫu",          [TH_FM_META_UNIT] = "Mã đơn vị",
        [TH_FM_META_YEAR] = "Năm",                [TH_FM_META_PERIOD] = "Kỳ",
        [TH_FM_META_LABEL] = "Tên kỳ báo cáo",    [TH_FM_META_FROM] = "Số liệu từ ngày",
        [TH_FM_META_TO] = "Số liệu đến ngày",     [TH_FM_META_DEADLINE] = "Hạn nộp",
        [TH_FM_META_FIELDS] = "Chỉ tiêu",
    };
    int rows = m->period ? TH_FM_NMETA : TH_FM_META_LABEL;
    lxw_row_t r0 = (lxw_row_t)m->meta_cell.row;
    lxw_col_t c = (lxw_col_t)m->meta_cell.col;
    char d[16];
    for (int i = 0; i < rows; i++) {
        lxw_row_t r = r0 + (lxw_row_t)i;
        if (c > 0)
            worksheet_write_string(meta, r, c - 1, labels[i], NULL);
        switch (i) {
        case TH_FM_META_ID: worksheet_write_string(meta, r, c, m->form_id, NULL); break;
        case TH_FM_META_UNIT: worksheet_write_string(meta, r, c, u->code, NULL); break;
        case TH_FM_META_YEAR: worksheet_write_number(meta, r, c, p->year, NULL); break;
        case TH_FM_META_PERIOD: worksheet_write_string(meta, r, c, p->id, NULL); break;
        case TH_FM_META_LABEL: worksheet_write_string(meta, r, c, p->def->label, NULL); break;
        case TH_FM_META_FROM: worksheet_write_string(meta, r, c, th_fmt_dmy(p->start, d), NULL); break;
        case TH_FM_META_TO: worksheet_write_string(meta, r, c, th_fmt_dmy(p->end, d), NULL); break;
        case TH_FM_META_DEADLINE: worksheet_write_string(meta, r, c, th_fmt_dmy(p->deadline, d), NULL); break;
        case TH_FM_META_FIELDS: {
            struct th_buf ids;
            th_buf_init(&ids, 64 * TH_NFIELDS);
            for (size_t f = 0; f < TH_NFIELDS; f++)
                if (th_formmap_has(m, (int)f))
                    th_buf_printf(&ids, "%s%s", ids.len ? " " : "", th_fields[f].id);
            worksheet_write_string(meta, r, c, ids.data, NULL);
            th_buf_release(&ids);
            break;
        }
        }
    }
    worksheet_protect(meta, NULL, NULL);
    worksheet_hide(meta);
}

th_err th_forms_write(const struct th_formmap *full, const struct th_unit *u, const struct th_period *p,
                      const struct th_submission *filled, const char *path)
{
    if (!full)
        return TH_ERR_CONFIG;
    /* a period asking only some fields has a form of its own */
    struct th_formmap *own = NULL;
    if (p->def->nfields && !(own = th_formmap_subset(full, p->def->fields, p->def->nfields, p->id)))
        return TH_ERR_CONFIG;
    const struct th_formmap *m = own ? own : full;
    struct th_temp tmp;
    if (th_temp_open(&tmp, path, 0644) != TH_OK) {
        th_formmap_free(own);
        return TH_ERR_IO;
    }
    char *dir = th_dirname(path);
    /* libxlsxwriter's temp files beside the form: the same disk */
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = *dir ? dir : NULL};
    lxw_workbook *wb = workbook_new_opt(th_temp_libpath(&tmp), &opt);
    free(dir);
    if (!wb) {
        th_temp_abort(&tmp);
        th_formmap_free(own);
        return TH_ERR_IO;
    }
    /* creation time from the period, never the clock: same inputs, same bytes */
    struct tm tm = {.tm_year = TH_DATE_Y(p->start) - 1900, .tm_mon = TH_DATE_M(p->start) - 1,
                    .tm_mday = TH_DATE_D(p->start)};
    char title[300];
    snprintf(title, sizeof title, "Biểu mẫu báo cáo %s %d — %s", p->def->label, p->year, u->name);
    lxw_doc_properties props = {
        .title = title,
        .subject = m->title,
        .author = "tonghop",
        .keywords = m->form_id,
        .created = timegm(&tm),
    };
    workbook_set_properties(wb, &props);
    struct fmt fm;
    make_formats(wb, &fm);

    lxw_worksheet *ws = workbook_add_worksheet(wb, m->sheet);
    lxw_worksheet *help = workbook_add_worksheet(wb, m->instructions);
    lxw_worksheet *meta = workbook_add_worksheet(wb, m->meta);
    int last_col = m->ncols - 1 < 4 ? 4 : m->ncols - 1, last_row = 0;
    worksheet_set_column(ws, 0, 0, 5, NULL);
    worksheet_set_column(ws, 1, 1, 46, NULL);
    worksheet_set_column(ws, 2, (lxw_col_t)last_col, 17, NULL);
    write_header(ws, m, &fm, u, p, filled, last_col);
    write_sections(ws, m, &fm, filled, last_col, &last_row);

    /* signatures */
    lxw_row_t sr = (lxw_row_t)(last_row + 2);
    worksheet_write_string(ws, sr, 1, "NGƯỜI LẬP BIỂU", fm.sign);
    worksheet_merge_range(ws, sr, 3, sr, (lxw_col_t)last_col, "THỦ TRƯỞNG ĐƠN VỊ", fm.sign);
    worksheet_write_string(ws, sr + 1, 1, "(Ký, ghi rõ họ tên)", fm.sign_note);
    worksheet_merge_range(ws, sr + 1, 3, sr + 1, (lxw_col_t)last_col, "(Ký tên, đóng dấu)", fm.sign_note);

    worksheet_set_paper(ws, 9);
    worksheet_set_portrait(ws);
    worksheet_set_margins(ws, 1.18, 0.59, 0.79, 0.79);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_print_area(ws, 0, 0, sr + 1, (lxw_col_t)last_col);
    worksheet_set_footer(ws, "&CTrang &P/&N");
    worksheet_protect(ws, NULL, NULL);
    worksheet_activate(ws);

    write_instructions(help, m, &fm, u, p);

    write_meta(meta, m, u, p);

    lxw_error le = workbook_close(wb);
    th_formmap_free(own);
    th_err e = TH_OK;
    if (le != LXW_NO_ERROR) {
        th_temp_abort(&tmp);
        errno = EIO;
        e = TH_ERR_IO;
    } else {
        e = th_xlsx_commit_checked(&tmp);
    }
    return e;
}
