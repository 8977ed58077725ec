/* feedback.c - nightly's XLSX outputs in Vietnamese: one feedback file per
 * agency with problems, and the lead department's overview. Written with
 * libxlsxwriter; dates in the files come from the period and the record,
 * never the clock, so the same record gives the same bytes. */
#include "feedback.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "entries.h"
#include "escape.h"
#include "text.h"
#include "xlsx.h"

/* ---- what to fix ---- */

static const struct {
    const char *code, *hint;
} hints[] = {
    {"F01", "Gửi lại tệp: hệ thống không đọc được tệp đã nộp."},
    {"F02", "Tệp rỗng: xuất lại báo cáo từ biểu mẫu và gửi lại."},
    {"F03", "Tệp XML bị hỏng: xuất lại từ phần mềm hoặc dùng biểu mẫu XLSX; không sửa tay tệp XML."},
    {"F04", "Lưu tệp ở dạng Unicode (UTF-8) rồi gửi lại."},
    {"F05", "Dùng đúng biểu mẫu do cơ quan chủ trì phát hành; không thêm khai báo DOCTYPE."},
    {"F06", "Dùng đúng biểu mẫu do cơ quan chủ trì phát hành; không chèn tệp khác."},
    {"F07", "Dùng đúng biểu mẫu do cơ quan chủ trì phát hành, không lồng thêm mục."},
    {"F08", "Tệp quá lớn: xóa ảnh, trang tính thừa rồi gửi lại."},
    {"F09", "Gửi tệp XML hoặc biểu mẫu XLSX; không gửi PDF, ảnh hay tệp Word."},
    {"F10", "Lỗi của hệ thống tiếp nhận, không do đơn vị: liên hệ cán bộ phụ trách."},
    {"S01", "Nhập đủ số liệu vào ô còn trống (ghi 0 nếu không có)."},
    {"S02", "Nhập đúng định dạng: số nguyên; ngày dạng NNNN-TT-NN; mã đơn vị và kỳ theo biểu mẫu."},
    {"S03", "Số liệu không được âm: nhập số nguyên từ 0 trở lên."},
    {"S04", "Nhập số nguyên, không có phần thập phân."},
    {"S05", "Dùng đúng biểu mẫu của kỳ báo cáo; không thêm, bớt hay đổi tên mục."},
    {"S06", "Dùng đúng biểu mẫu báo cáo công tác xã hội do cơ quan chủ trì phát hành."},
    {"S07", "Mỗi loại chỉ khai một lần: xóa dòng bị lặp."},
    {"S08", "Số quá lớn: kiểm tra lại đơn vị tính và số chữ số."},
    {"S09", "Dùng đúng biểu mẫu của kỳ báo cáo; rút gọn phần văn bản quá dài."},
    {"E01", "Chuyển văn bản sang Unicode (ví dụ bằng Unikey) rồi gửi lại."},
    {"E02", "Lưu tệp ở dạng Unicode (UTF-8) rồi gửi lại."},
    {"U01", "Ghi đúng mã đơn vị được cấp trong danh mục đơn vị báo cáo."},
    {"U02", "Đơn vị không hoạt động trong kỳ: liên hệ cơ quan chủ trì để biết đơn vị báo cáo thay."},
    {"U03", "Ghi đúng năm và kỳ báo cáo đang thu thập."},
    {"U04", "Ghi đúng năm và kỳ báo cáo đang thu thập, hoặc nộp tệp vào đúng kỳ."},
    {"U05", "Không báo cáo loại cơ quan mà đơn vị không quản lý: ghi 0 hoặc để trống các ô này."},
    {"U06", "Đơn vị không phải báo cáo kỳ này: liên hệ cơ quan chủ trì nếu có thay đổi."},
    {"U08", "Chỉ nhập các số liệu mà kỳ báo cáo này yêu cầu (dùng biểu mẫu của kỳ này): để trống hoặc xóa số liệu này rồi nộp lại."},
    {"P01", "Báo cáo vẫn được tiếp nhận; đề nghị nộp đúng hạn ở các kỳ sau."},
    {"P02", "Không cần xử lý: bản trùng không được tính hai lần."},
    {"P03", "Không cần xử lý: bản nộp sau được sử dụng."},
    {"P04", "Gửi báo cáo (tệp XML hoặc biểu mẫu XLSX) ngay."},
};

char *th_feedback_hint(const struct th_workspace *ws, const char *code)
{
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
        if (strcmp(hints[i].code, code) == 0)
            return th_strdup(hints[i].hint);
    for (size_t i = 0; ws && ws->rules && i < ws->rules->n; i++) {
        const struct th_rule *r = &ws->rules->v[i];
        if (strcmp(r->code, code) != 0)
            continue;
        if (r->outlier)
            return th_strdup("Kiểm tra lại số liệu so với cùng kỳ năm trước; nếu số liệu đúng, giải trình "
                             "trong phần khó khăn, vướng mắc.");
        if (r->description)
            return th_asprintf("Sửa số liệu cho đúng: %s.", r->description);
    }
    return th_strdup("Kiểm tra lại nội dung này và nộp lại báo cáo.");
}

/* ---- workbook helpers ---- */

struct book {
    lxw_workbook *wb;
    struct th_temp tmp;
    lxw_format *title, *bold, *head, *wrap, *num, *pct, *indent[4];
};

static bool book_open(struct book *b, const char *path, const struct th_nightly_report *r, const char *title)
{
    memset(b, 0, sizeof *b);
    if (th_temp_open(&b->tmp, path, 0644) != TH_OK) {
        th_error("cannot create '%s': %s", path, strerror(errno));
        return false;
    }
    /* rows are written in order: constant memory, inline strings, fast;
     * libxlsxwriter's temp files beside the output: the same disk */
    char *dir = th_dirname(path);
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = *dir ? dir : NULL};
    b->wb = workbook_new_opt(th_temp_libpath(&b->tmp), &opts);
    free(dir);
    if (!b->wb) {
        th_error("cannot create '%s': %s", path, strerror(errno));
        th_temp_abort(&b->tmp);
        return false;
    }
    struct tm tm = {.tm_year = TH_DATE_Y(r->period.end) - 1900,
                    .tm_mon = TH_DATE_M(r->period.end) - 1,
                    .tm_mday = TH_DATE_D(r->period.end)};
    lxw_doc_properties props = {.title = (char *)title,
                                .author = (char *)"tonghop " TH_VERSION,
                                .company = th_report_identity(r->ws->plan, &r->period)->issuing_body,
                                .created = timegm(&tm)};
    workbook_set_properties(b->wb, &props);
    b->title = workbook_add_format(b->wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 13);
    b->bold = workbook_add_format(b->wb);
    format_set_bold(b->bold);
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_text_wrap(b->head);
    format_set_border(b->head, LXW_BORDER_THIN);
    format_set_bg_color(b->head, 0xDDEBF7);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
    b->wrap = workbook_add_format(b->wb);
    format_set_text_wrap(b->wrap);
    format_set_border(b->wrap, LXW_BORDER_THIN);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    b->num = workbook_add_format(b->wb);
    format_set_border(b->num, LXW_BORDER_THIN);
    format_set_num_format(b->num, "#,##0");
    b->pct = workbook_add_format(b->wb);
    format_set_border(b->pct, LXW_BORDER_THIN);
    format_set_num_format(b->pct, "0.0");
    for (int i = 0; i < 4; i++) {
        b->indent[i] = workbook_add_format(b->wb);
        format_set_border(b->indent[i], LXW_BORDER_THIN);
        format_set_indent(b->indent[i], (uint8_t)(i * 2));
        if (i == 0)
            format_set_bold(b->indent[i]);
    }
    return true;
}

static th_err book_close(struct book *b, const char *path)
{
    lxw_error le = workbook_close(b->wb);
    th_err e = TH_OK;
    if (le != LXW_NO_ERROR) {
        th_error("cannot write '%s': %s", path, lxw_strerror(le));
        th_temp_abort(&b->tmp);
        e = TH_ERR_IO;
    } else if (th_xlsx_commit_checked(&b->tmp) != TH_OK) {
        th_error("cannot write '%s': %s", path, strerror(errno));
        e = TH_ERR_IO;
    }
    return e;
}

static void header_row(lxw_worksheet *ws, lxw_row_t row, const char *const *cols, const double *widths,
                       lxw_format *f)
{
    for (lxw_col_t c = 0; cols[c]; c++) {
        worksheet_set_column(ws, c, c, widths[c], NULL);
        worksheet_write_string(ws, row, c, cols[c], f);
    }
    worksheet_freeze_panes(ws, row + 1, 0);
}

/* Every text cell: a file name or value from outside is shown as stdout
 * shows it (th_escape), so a byte that is not UTF-8 cannot break the sheet. */
static void put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    char *shown = th_escape(s ? s : "");
    worksheet_write_string(ws, r, c, shown, f);
    free(shown);
}

static void put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    worksheet_write_number(ws, r, c, v, f);
}

/* "Chỉ tiêu" column: the field's label with its category. Caller frees. */
static char *field_label(int f)
{
    static const char *const hdr[] = {"Mã đơn vị", "Năm báo cáo", "Kỳ báo cáo", "Ngày báo cáo"};
    if (f >= 0 && f < TH_NFIELDS)
        return th_fields[f].group ? th_asprintf("%s – %s", th_fields[f].group, th_fields[f].label)
                                  : th_strdup(th_fields[f].label);
    if (f >= TH_NFIELDS && f < TH_NLOCS)
        return th_strdup(hdr[f - TH_NFIELDS]);
    return th_strdup("Cả tệp");
}

/* "Ô / dòng" column. */
static void where(const struct th_entry *e, const struct th_diag *d, char *out, size_t n)
{
    if (d->loc.ref[0])
        th_loc_format(e->sheet, &d->loc, out, n);
    else if (d->loc.line > 0)
        snprintf(out, n, "dòng %d", d->loc.line);
    else
        snprintf(out, n, "cả tệp");
}

/* "2026-12-21T02:00:00" shown as "21/12/2026 02:00:00". */
static const char *stamp_vn(const char *stamp, char out[24])
{
    if (!stamp || strlen(stamp) != TH_STAMP_LEN - 1) {
        snprintf(out, 24, "%s", stamp ? stamp : "");
        return out;
    }
    snprintf(out, 24, "%.2s/%.2s/%.4s %s", stamp + 8, stamp + 5, stamp, stamp + 11);
    return out;
}

static const char *period_dir_rel(const char *path)
{
    const char *s = strstr(path, "/submissions/");
    return s ? s + 1 : path;
}

/* ---- which entries each unit is told about ---- */

static const char *stem(const char *path, char *buf, size_t n)
{
    snprintf(buf, n, "%s", th_basename(path));
    char *dot = strrchr(buf, '.');
    if (dot)
        *dot = '\0';
    return buf;
}

/* Node owning each entry (its unit, else a file named after a unit), SIZE_MAX if none. */
static size_t *entry_owners(const struct th_nightly_report *r)
{
    size_t *own = th_malloc((r->batch.n ? r->batch.n : 1) * sizeof *own);
    for (size_t i = 0; i < r->batch.n; i++) {
        const struct th_entry *e = &r->batch.v[i];
        char buf[256];
        own[i] = th_nightly_find(r, e->unit ? e->unit : stem(e->path, buf, sizeof buf));
    }
    return own;
}

/* Whether entry i belongs in its unit's feedback: what counts, and any
 * rejected file at least as recent as it. */
static bool entry_relevant(const struct th_nightly_report *r, const struct th_nightly_node *nd, size_t i)
{
    const struct th_entry *e = &r->batch.v[i];
    if (!e->ndiags || e->status == TH_ST_SUPERSEDED || e->status == TH_ST_DUPLICATE)
        return false;
    if (e->status == TH_ST_ACCEPTED || nd->own != TH_NO_ACCEPTED || nd->counting == SIZE_MAX)
        return true;
    const struct th_entry *w = &r->batch.v[nd->counting];
    return e->submitted > w->submitted || (e->submitted == w->submitted && strcmp(e->path, w->path) > 0);
}

static const char *own_label(const struct th_nightly_node *nd)
{
    switch (nd->own) {
    case TH_NO_MISSING: return "Chưa nộp báo cáo";
    case TH_NO_REJECTED: return "Bị từ chối: cần sửa và nộp lại";
    case TH_NO_ACCEPTED: return "Đã chấp nhận";
    default: return "Không thuộc diện báo cáo";
    }
}

/* Where a feedback sheet's cells go: the worksheet, or (ws NULL) a buffer
 * of their text, whose hash tells whether the file would change. */
struct sink {
    lxw_worksheet *ws;
    struct th_buf *buf;
};

static void sink_str(struct sink *k, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (k->ws)
        put_str(k->ws, r, c, s, f);
    else
        th_buf_printf(k->buf, "%u %u s %s\n", (unsigned)r, (unsigned)c, s ? s : "");
}

static void sink_num(struct sink *k, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (k->ws)
        put_num(k->ws, r, c, v, f);
    else
        th_buf_printf(k->buf, "%u %u n %.17g\n", (unsigned)r, (unsigned)c, v);
}

/* "Không áp dụng các quy tắc R01, …: kỳ báo cáo dx-2026-09 không yêu cầu số
 * liệu mà chúng kiểm tra." for a period asking part of the fields, else NULL.
 * Caller frees. */
static char *skipped_sentence(const struct th_nightly_report *r)
{
    char *skipped = th_rules_skipped_summary(r->ws->rules, r->period.def);
    char *line = skipped ? th_asprintf("K%s.", skipped + 1) : NULL; /* "không …" opens it */
    free(skipped);
    return line;
}

/* The cells of unit k's feedback sheet (formats from b, NULL when hashing). */
static void unit_cells(const struct th_nightly_report *r, size_t k, const size_t *entries, size_t n,
                       struct sink *out, const struct book *b)
{
    static const struct book nofmt;
    if (!b)
        b = &nofmt;
    const struct th_nightly_node *nd = &r->nodes[k];
    const struct th_period *p = &r->period;
    char d1[16], d2[16], d3[16], st[24];
    char *line;
    sink_str(out, 0, 0, "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO", b->title);
    line = th_asprintf("Đơn vị: %s (mã %s)", nd->unit->name, nd->unit->code);
    sink_str(out, 1, 0, line, b->bold);
    free(line);
    line = th_asprintf("Kỳ báo cáo: %s %d (số liệu từ %s đến %s); hạn nộp: %s", p->def->label, p->year,
                       th_fmt_dmy(p->start, d1), th_fmt_dmy(p->end, d2), th_fmt_dmy(p->deadline, d3));
    sink_str(out, 2, 0, line, NULL);
    free(line);
    line = th_asprintf("Tình trạng: %s%s", own_label(nd), nd->late ? "; nộp muộn" : "");
    sink_str(out, 3, 0, line, b->bold);
    free(line);
    if (nd->counting != SIZE_MAX)
        line = th_asprintf("Theo bản nộp nhận lúc %s. Đề nghị đơn vị sửa các nội dung dưới đây và nộp lại "
                           "trước hạn.",
                           stamp_vn(r->received[nd->counting], st));
    else
        line = th_strdup("Đề nghị đơn vị sửa các nội dung dưới đây và nộp lại trước hạn.");
    sink_str(out, 4, 0, line, NULL);
    free(line);
    /* the rules the period does not run: once, not per file */
    if ((line = skipped_sentence(r)))
        sink_str(out, 5, 0, line, NULL);
    free(line);
    static const char *const cols[] = {"STT", "Tệp", "Ô / dòng", "Mã", "Mức độ", "Chỉ tiêu", "Nội dung",
                                       "Cách sửa", NULL};
    static const double widths[] = {5, 24, 16, 6, 10, 36, 60, 50};
    lxw_row_t row = 6;
    if (out->ws)
        header_row(out->ws, row, cols, widths, b->head);
    row++;
    int stt = 0;
    if (nd->own == TH_NO_MISSING) {
        sink_num(out, row, 0, ++stt, b->num);
        sink_str(out, row, 1, "", b->wrap);
        sink_str(out, row, 2, "", b->wrap);
        sink_str(out, row, 3, "P04", b->wrap);
        sink_str(out, row, 4, "Chưa nộp", b->wrap);
        sink_str(out, row, 5, "Cả báo cáo", b->wrap);
        line = th_asprintf("Chưa nhận được báo cáo kỳ %s %d của đơn vị", p->def->label, p->year);
        sink_str(out, row, 6, line, b->wrap);
        free(line);
        line = th_asprintf("Gửi báo cáo (tệp XML hoặc biểu mẫu XLSX); hạn nộp %s.", th_fmt_dmy(p->deadline, d1));
        sink_str(out, row++, 7, line, b->wrap);
        free(line);
    }
    for (size_t j = 0; j < n; j++) {
        const struct th_entry *e = &r->batch.v[entries[j]];
        for (size_t i = 0; i < e->ndiags; i++) {
            const struct th_diag *d = &e->diags[i];
            char loc[96];
            where(e, d, loc, sizeof loc);
            char *label = field_label(d->field), *hint = th_feedback_hint(r->ws, d->code);
            sink_num(out, row, 0, ++stt, b->num);
            sink_str(out, row, 1, th_basename(e->path), b->wrap);
            sink_str(out, row, 2, loc, b->wrap);
            sink_str(out, row, 3, d->code, b->wrap);
            sink_str(out, row, 4, d->severity == TH_SEV_ERROR ? "Lỗi" : "Cảnh báo", b->wrap);
            sink_str(out, row, 5, label, b->wrap);
            sink_str(out, row, 6, d->message, b->wrap);
            sink_str(out, row++, 7, hint, b->wrap);
            free(label);
            free(hint);
        }
    }
}

/* Hash of everything unit k's feedback file is made of: the program, the
 * document properties and every cell. Same hash, same bytes. */
static void unit_hash(const struct th_nightly_report *r, size_t k, const size_t *entries, size_t n,
                      const char *title, char out[65])
{
    struct th_buf buf;
    th_buf_init(&buf, 0);
    th_buf_printf(&buf, "tonghop %s\n%s\n%s\n%d\n", TH_VERSION, title,
                  th_report_identity(r->ws->plan, &r->period)->issuing_body, (int)r->period.end);
    struct sink sk = {.buf = &buf};
    unit_cells(r, k, entries, n, &sk, NULL);
    th_sha256_hex(buf.data, buf.len, out);
    th_buf_release(&buf);
}

static th_err write_unit(const struct th_nightly_report *r, size_t k, const size_t *entries, size_t n,
                         const char *title, const char *path)
{
    struct book b;
    if (!book_open(&b, path, r, title))
        return TH_ERR_IO;
    struct sink sk = {.ws = workbook_add_worksheet(b.wb, "Phản hồi")};
    unit_cells(r, k, entries, n, &sk, &b);
    return book_close(&b, path);
}

static int fb_cmp(const void *a, const void *b)
{
    return strcmp(((const struct th_feedback_hash *)a)->unit, ((const struct th_feedback_hash *)b)->unit);
}

th_err th_feedback_write_all(const struct th_nightly_report *r, const char *dir, const struct th_feedback_hash *old,
                             size_t nold_hash, struct th_feedback_hash **now, size_t *nnow, size_t *count)
{
    *count = 0;
    *now = NULL;
    *nnow = 0;
    char *fbdir = th_path_join(dir, "feedback");
    if (th_mkdirs(fbdir) != TH_OK) {
        th_error("cannot create '%s': %s", fbdir, strerror(errno));
        free(fbdir);
        return TH_ERR_IO;
    }
    /* entries grouped by owning node */
    size_t *owner = entry_owners(r);
    size_t *start = th_calloc(r->nnodes + 2, sizeof *start), *sorted = th_malloc((r->batch.n ? r->batch.n : 1) * sizeof *sorted);
    for (size_t i = 0; i < r->batch.n; i++)
        if (owner[i] != SIZE_MAX)
            start[owner[i] + 1]++;
    for (size_t k = 0; k < r->nnodes; k++)
        start[k + 1] += start[k];
    size_t *fill = th_malloc((r->nnodes + 1) * sizeof *fill);
    memcpy(fill, start, (r->nnodes + 1) * sizeof *fill);
    for (size_t i = 0; i < r->batch.n; i++)
        if (owner[i] != SIZE_MAX)
            sorted[fill[owner[i]]++] = i;
    bool *written = th_calloc(r->nnodes ? r->nnodes : 1, sizeof *written);
    size_t *pick = th_malloc((r->batch.n ? r->batch.n : 1) * sizeof *pick), cap = 0;
    th_err e = TH_OK;
    for (size_t k = 0; k < r->nnodes && e == TH_OK; k++) {
        const struct th_nightly_node *nd = &r->nodes[k];
        size_t n = 0;
        for (size_t j = start[k]; j < start[k + 1]; j++)
            if (entry_relevant(r, nd, sorted[j]))
                pick[n++] = sorted[j];
        if (!n && nd->own != TH_NO_MISSING)
            continue;
        /* unit codes come from the registry; keep the file name plain anyway */
        char name[128];
        snprintf(name, sizeof name, "%s", nd->unit->code);
        for (char *c = name; *c; c++)
            if (*c == '/' || *c == '\\' || (c == name && *c == '.'))
                *c = '_';
        char *path = th_asprintf("%s/%s.xlsx", fbdir, name);
        char *title = th_asprintf("Phản hồi kết quả kiểm tra báo cáo - %s", nd->unit->name);
        TH_GROW(*now, cap, *nnow + 1);
        struct th_feedback_hash *h = &(*now)[*nnow];
        h->unit = nd->unit->code;
        unit_hash(r, k, pick, n, title, h->sha256);
        struct th_feedback_hash key = {.unit = nd->unit->code};
        const struct th_feedback_hash *was = nold_hash ? bsearch(&key, old, nold_hash, sizeof *old, fb_cmp) : NULL;
        /* the same content as the file on record: nothing to write */
        if (!was || strcmp(was->sha256, h->sha256) != 0 || !th_is_file(path)) {
            e = write_unit(r, k, pick, n, title, path);
            *count += e == TH_OK;
        }
        free(title);
        free(path);
        written[k] = e == TH_OK;
        *nnow += e == TH_OK;
    }
    /* feedback of units that have nothing left to fix goes away */
    size_t nold;
    char **oldf = th_list_entries(fbdir, false, &nold);
    for (size_t i = 0; i < nold && e == TH_OK; i++) {
        const char *name = th_basename(oldf[i]);
        size_t ln = strlen(name);
        if (name[0] == '.' || ln < 6 || strcmp(name + ln - 5, ".xlsx") != 0)
            continue; /* only the feedback files tonghop names <unit>.xlsx */
        char buf[256];
        size_t k = th_nightly_find(r, stem(oldf[i], buf, sizeof buf));
        if ((k == SIZE_MAX || !written[k]) && unlink(oldf[i]) != 0)
            th_warn("cannot remove stale feedback '%s': %s", oldf[i], strerror(errno));
    }
    th_strv_free(oldf, nold);
    if (*nnow)
        qsort(*now, *nnow, sizeof **now, fb_cmp);
    free(owner);
    free(start);
    free(sorted);
    free(fill);
    free(written);
    free(pick);
    free(fbdir);
    return e;
}

/* ---- the overview ---- */

static const char *unit_name(const struct th_nightly_report *r, const char *code)
{
    size_t k = code ? th_nightly_find(r, code) : SIZE_MAX;
    return k == SIZE_MAX ? "" : r->nodes[k].unit->name;
}

static void sheet_summary(const struct th_nightly_report *r, struct book *b)
{
    const struct th_period *p = &r->period;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Tổng hợp");
    char d1[16], d2[16], d3[16], st[24];
    char *line = th_asprintf("Tình hình tiếp nhận báo cáo kỳ %s %d", p->def->label, p->year);
    put_str(ws, 0, 0, line, b->title);
    free(line);
    put_str(ws, 1, 0, r->ws->plan->title, NULL);
    line = th_asprintf("Số liệu từ %s đến %s; hạn nộp của đơn vị: %s; theo hồ sơ tiếp nhận đến %s",
                       th_fmt_dmy(p->start, d1), th_fmt_dmy(p->end, d2), th_fmt_dmy(p->deadline, d3),
                       r->updated[0] ? stamp_vn(r->updated, st) : "nay");
    put_str(ws, 2, 0, line, NULL);
    free(line);
    /* the rules the period does not run, as each unit's feedback says them */
    if ((line = skipped_sentence(r)))
        put_str(ws, 3, 0, line, NULL);
    free(line);
    static const char *const cols[] = {"Mã", "Đơn vị", "Loại", "Phải báo cáo", "Đã nhận", "Chấp nhận",
                                       "Bị từ chối", "Chưa nộp", "Nộp muộn", "Tỷ lệ đầy đủ (%)", "Tình trạng của đơn vị",
                                       NULL};
    static const double widths[] = {14, 48, 18, 10, 10, 10, 10, 10, 10, 12, 28};
    lxw_row_t row = 4;
    header_row(ws, row++, cols, widths, b->head);
    for (size_t i = 0; i < r->nnodes; i++, row++) {
        const struct th_nightly_node *nd = &r->nodes[i];
        put_str(ws, row, 0, nd->unit->code, b->wrap);
        put_str(ws, row, 1, nd->unit->name, b->indent[nd->depth < 3 ? nd->depth : 3]);
        put_str(ws, row, 2, nd->unit->kind->label, b->wrap);
        /* a unit with none under it (a ward, a facility: most rows) has its
         * status only; its counts would be that status again as 0s and 1s */
        bool leaf = i + 1 == r->nnodes || r->nodes[i + 1].parent != i;
        if (!leaf) {
            put_num(ws, row, 3, (double)nd->n_expected, b->num);
            put_num(ws, row, 4, (double)nd->n_received, b->num);
            put_num(ws, row, 5, (double)nd->n_accepted, b->num);
            put_num(ws, row, 6, (double)nd->n_rejected, b->num);
            put_num(ws, row, 7, (double)nd->n_missing, b->num);
            put_num(ws, row, 8, (double)nd->n_late, b->num);
            if (nd->n_expected)
                put_num(ws, row, 9, 100.0 * (double)nd->n_complete / (double)nd->n_expected, b->pct);
            else
                put_str(ws, row, 9, "", b->wrap);
        }
        if (nd->own == TH_NO_NONE) {
            put_str(ws, row, 10, "", b->wrap);
        } else {
            /* a row per unit: no printf */
            char st[128] = "";
            strcat(strcat(strcat(st, own_label(nd)), nd->late ? "; nộp muộn" : ""),
                   !nd->expected ? "; không thuộc diện báo cáo" : "");
            put_str(ws, row, 10, st, b->wrap);
        }
    }
}

static void sheet_missing(const struct th_nightly_report *r, struct book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Chưa báo cáo");
    static const char *const cols[] = {"Mã", "Đơn vị", "Loại", "Đơn vị cấp trên", NULL};
    static const double widths[] = {14, 48, 18, 40};
    header_row(ws, 0, cols, widths, b->head);
    lxw_row_t row = 1;
    for (size_t i = 0; i < r->nnodes; i++) {
        const struct th_nightly_node *nd = &r->nodes[i];
        if (nd->own != TH_NO_MISSING)
            continue;
        put_str(ws, row, 0, nd->unit->code, b->wrap);
        put_str(ws, row, 1, nd->unit->name, b->wrap);
        put_str(ws, row, 2, nd->unit->kind->label, b->wrap);
        put_str(ws, row++, 3, nd->parent == SIZE_MAX ? "" : r->nodes[nd->parent].unit->name, b->wrap);
    }
}

static void sheet_errors(const struct th_nightly_report *r, struct book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Có lỗi");
    static const char *const cols[] = {"Mã", "Đơn vị", "Tệp", "Ngày nhận", "Số lỗi", "Số cảnh báo",
                                       "Lỗi đầu tiên", NULL};
    static const double widths[] = {14, 40, 36, 20, 8, 10, 80};
    header_row(ws, 0, cols, widths, b->head);
    lxw_row_t row = 1;
    for (size_t i = 0; i < r->batch.n; i++) {
        const struct th_entry *e = &r->batch.v[i];
        if (e->status != TH_ST_REJECTED)
            continue;
        const struct th_diag *first = NULL;
        for (size_t j = 0; j < e->ndiags && !first; j++)
            if (e->diags[j].severity == TH_SEV_ERROR)
                first = &e->diags[j];
        put_str(ws, row, 0, e->unit, b->wrap);
        put_str(ws, row, 1, unit_name(r, e->unit), b->wrap);
        put_str(ws, row, 2, period_dir_rel(e->path), b->wrap);
        char st[24];
        put_str(ws, row, 3, stamp_vn(r->received[i], st), b->wrap);
        put_num(ws, row, 4, (double)e->nerrors, b->num);
        put_num(ws, row, 5, (double)e->nwarnings, b->num);
        if (first) {
            char loc[96];
            where(e, first, loc, sizeof loc);
            char *msg = th_asprintf("%s (%s): %s", first->code, loc, first->message);
            put_str(ws, row, 6, msg, b->wrap);
            free(msg);
        } else {
            put_str(ws, row, 6, "", b->wrap);
        }
        row++;
    }
}

static void sheet_late(const struct th_nightly_report *r, struct book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Nộp muộn");
    static const char *const cols[] = {"Mã", "Đơn vị", "Tệp", "Ngày nhận", "Hạn nộp", "Số ngày muộn", NULL};
    static const double widths[] = {14, 48, 36, 20, 12, 12};
    header_row(ws, 0, cols, widths, b->head);
    lxw_row_t row = 1;
    char d[16];
    th_fmt_dmy(r->period.deadline, d);
    for (size_t i = 0; i < r->nnodes; i++) {
        const struct th_nightly_node *nd = &r->nodes[i];
        if (!nd->late)
            continue;
        th_date got = th_nightly_stamp_date(r->received[nd->counting]);
        int days = 0;
        for (th_date x = r->period.deadline; x < got && days < 100000; x = th_date_add_days(x, 1))
            days++;
        put_str(ws, row, 0, nd->unit->code, b->wrap);
        put_str(ws, row, 1, nd->unit->name, b->wrap);
        put_str(ws, row, 2, period_dir_rel(r->batch.v[nd->counting].path), b->wrap);
        char st[24];
        put_str(ws, row, 3, stamp_vn(r->received[nd->counting], st), b->wrap);
        put_str(ws, row, 4, d, b->wrap);
        put_num(ws, row++, 5, days, b->num);
    }
}

static void sheet_gone(const struct th_nightly_report *r, struct book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Tệp không còn");
    static const char *const cols[] = {"Tệp", "Mã", "Đơn vị", "Ngày nhận", "Phát hiện không còn", "Trạng thái khi đó",
                                       NULL};
    static const double widths[] = {36, 14, 40, 20, 20, 18};
    header_row(ws, 0, cols, widths, b->head);
    for (size_t i = 0; i < r->ngone; i++) {
        const struct th_nightly_gone *g = &r->gone[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        put_str(ws, row, 0, g->file, b->wrap);
        put_str(ws, row, 1, g->unit, b->wrap);
        put_str(ws, row, 2, unit_name(r, g->unit), b->wrap);
        char st[24];
        put_str(ws, row, 3, stamp_vn(g->received, st), b->wrap);
        put_str(ws, row, 4, stamp_vn(g->gone, st), b->wrap);
        put_str(ws, row, 5, g->status, b->wrap);
    }
}

th_err th_feedback_write_overview(const struct th_nightly_report *r, const char *path)
{
    struct book b;
    if (!book_open(&b, path, r, "Tình hình tiếp nhận báo cáo"))
        return TH_ERR_IO;
    sheet_summary(r, &b);
    sheet_missing(r, &b);
    sheet_errors(r, &b);
    sheet_late(r, &b);
    sheet_gone(r, &b);
    return book_close(&b, path);
}
