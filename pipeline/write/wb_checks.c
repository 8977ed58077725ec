/* wb_checks.c - the workbook's "Kiểm tra" sheet (wb_checks.h). */
#include "wb_checks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlreader.h>

#include "fields.h"
#include "text.h"
#include "xmlsafe.h"

struct ck {
    lxw_worksheet *s;
    const struct th_wb_checks *in;
    lxw_error err; /* first library error */
};

static void note_err(struct ck *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR)
        w->err = e;
}

static void put_str(struct ck *w, lxw_row_t r, lxw_col_t col, const char *v, lxw_format *f)
{
    note_err(w, worksheet_write_string(w->s, r, col, v ? v : "", f));
}

static void put_num(struct ck *w, lxw_row_t r, lxw_col_t col, double v, lxw_format *f)
{
    note_err(w, worksheet_write_number(w->s, r, col, v, f));
}

/* validation.xml is read as a stream, twice (a national year's holds
 * 100,000 submissions: as a tree it would take hundreds of MB): once to
 * check it against its schema, take the summary and count the issues, once
 * to write the issues. */

static void reader_error(void *arg, xmlErrorPtr err)
{
    char **first = arg;
    if (!*first && err && err->message) {
        *first = th_asprintf("%d: %s", err->line, err->message);
        th_trim(*first);
    }
}

/* A reader on path, checked against validation.xsd as it goes when check
 * and the schema is installed (*checked says so; may be NULL otherwise). */
static xmlTextReaderPtr open_validation(const char *path, bool check, bool *checked, char **first_error)
{
    xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!r)
        return NULL;
    xmlTextReaderSetStructuredErrorHandler(r, reader_error, first_error);
    if (check) {
        char *xsd = th_home_path("schemas", "validation.xsd");
        bool have_xsd = th_is_file(xsd);
        free(xsd);
        xmlSchemaPtr schema = have_xsd ? th_schema("validation.xsd") : NULL;
        if (schema && xmlTextReaderSetSchema(r, schema) != 0) {
            xmlFreeTextReader(r);
            return NULL;
        }
        *checked = schema != NULL;
    }
    return r;
}

static bool is_element(xmlTextReaderPtr r, int depth, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(r) == depth &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

static char *reader_attr(xmlTextReaderPtr r, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = th_strdup((const char *)v);
    xmlFree(v);
    return s;
}

static long reader_long(xmlTextReaderPtr r, const char *name, long dflt)
{
    char *v = reader_attr(r, name);
    long n = v ? strtol(v, NULL, 10) : dflt;
    free(v);
    return n;
}

static void issue_release(struct th_check_issue *i)
{
    char **f[] = {&i->file, &i->unit, &i->status, &i->code, &i->severity, &i->field,
                  &i->line, &i->sheet, &i->cell, &i->message};
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
        free(*f[k]);
}

void th_checks_release(struct th_checks *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++)
        issue_release(&k->v[i]);
    free(k->v);
    memset(k, 0, sizeof *k);
}

/* validation.xml is read as a stream, twice (a national year's holds
 * 100,000 submissions: as a tree it would take hundreds of MB): once to
 * check it against its schema, take the summary and count the issues, once
 * to take the issues. */
void th_checks_load(struct th_checks *k, const char *path)
{
    memset(k, 0, sizeof *k);
    k->from_file = true;
    char *first = NULL;
    bool checked = false;
    xmlTextReaderPtr r = open_validation(path, true, &checked, &first);
    int rc = r ? 1 : -1;
    size_t issues = 0;
    while (r && (rc = xmlTextReaderRead(r)) == 1) {
        if (is_element(r, 1, "summary")) {
            k->has_summary = true;
            k->files = reader_long(r, "files", -1);
            k->accepted = reader_long(r, "accepted", -1);
            k->rejected = reader_long(r, "rejected", -1);
            k->superseded = reader_long(r, "superseded", -1);
            k->duplicate = reader_long(r, "duplicate", -1);
            k->errors = reader_long(r, "errors", -1);
            k->warnings = reader_long(r, "warnings", -1);
        } else if (is_element(r, 2, "issue")) {
            issues++;
        }
    }
    k->ok = rc == 0 && (!checked || xmlTextReaderIsValid(r) == 1) && !first;
    if (!k->ok) {
        if (first)
            th_error("%s:%s", path, first);
        else
            th_warn("cannot read '%s': %s", path, r ? "not a valid validation file" : strerror(errno));
    }
    free(first);
    first = NULL;
    if (r)
        xmlFreeTextReader(r);
    if (!k->ok || !issues)
        return;
    k->v = th_calloc(issues, sizeof *k->v);
    xmlTextReaderPtr rd = open_validation(path, false, NULL, &first);
    char *file = NULL, *unit = NULL, *st = NULL;
    while (rd && k->n < issues && xmlTextReaderRead(rd) == 1) {
        if (is_element(rd, 1, "submission")) {
            free(file);
            free(unit);
            free(st);
            file = reader_attr(rd, "file");
            unit = reader_attr(rd, "unit");
            st = reader_attr(rd, "status");
        } else if (is_element(rd, 2, "issue")) {
            struct th_check_issue *i = &k->v[k->n++];
            i->file = file ? th_strdup(file) : NULL;
            i->unit = unit ? th_strdup(unit) : NULL;
            i->status = st ? th_strdup(st) : NULL;
            i->code = reader_attr(rd, "code");
            i->severity = reader_attr(rd, "severity");
            i->field = reader_attr(rd, "field");
            i->line = reader_attr(rd, "line");
            i->sheet = reader_attr(rd, "sheet");
            i->cell = reader_attr(rd, "cell");
            xmlChar *raw = xmlTextReaderIsEmptyElement(rd) ? NULL : xmlTextReaderReadString(rd);
            i->message = th_trim(th_strdup(raw ? (const char *)raw : ""));
            xmlFree(raw);
        }
    }
    free(file);
    free(unit);
    free(st);
    free(first);
    if (rd)
        xmlFreeTextReader(rd);
}

void th_checks_of_batch(struct th_checks *k, const struct th_batch *b)
{
    memset(k, 0, sizeof *k);
    k->ok = k->has_summary = true;
    size_t c[4], nerr = 0, nwarn = 0, issues = 0;
    th_batch_counts(b, c);
    for (size_t i = 0; i < b->n; i++) {
        nerr += b->v[i].nerrors;
        nwarn += b->v[i].nwarnings;
        issues += b->v[i].ndiags;
    }
    k->files = (long)b->n;
    k->accepted = (long)c[TH_ST_ACCEPTED];
    k->rejected = (long)c[TH_ST_REJECTED];
    k->superseded = (long)c[TH_ST_SUPERSEDED];
    k->duplicate = (long)c[TH_ST_DUPLICATE];
    k->errors = (long)nerr;
    k->warnings = (long)nwarn;
    k->v = issues ? th_calloc(issues, sizeof *k->v) : NULL;
    /* each value as th_batch_write_xml writes it and th_checks_load reads
     * it back: through th_xml_chars, the message trimmed */
    for (size_t e = 0; e < b->n; e++) {
        const struct th_entry *en = &b->v[e];
        for (size_t j = 0; j < en->ndiags; j++) {
            const struct th_diag *d = &en->diags[j];
            struct th_check_issue *i = &k->v[k->n++];
            i->file = th_xml_chars(en->path);
            i->unit = th_xml_chars(en->unit);
            i->status = th_strdup(th_status_name(en->status));
            i->code = th_strdup(d->code);
            i->severity = th_strdup(d->severity == TH_SEV_ERROR ? "error" : "warning");
            const char *fname = th_diag_field_name(d->field);
            i->field = fname ? th_strdup(fname) : NULL;
            i->line = d->loc.line > 0 ? th_asprintf("%d", d->loc.line) : NULL;
            if (d->loc.ref[0]) {
                i->sheet = th_xml_chars(en->sheet ? en->sheet : "");
                i->cell = th_strdup(d->loc.ref);
            }
            i->message = th_trim(th_xml_chars(d->message));
        }
    }
}

static const char *status_label(const char *name)
{
    for (int st = 0; st < 4 && name; st++)
        if (strcmp(th_status_name((enum th_status)st), name) == 0)
            return th_status_label((enum th_status)st);
    return name ? name : "";
}

/* One issue row of "Kiểm tra" at row r. */
static void write_issue(struct ck *w, lxw_row_t r, size_t no, const struct th_check_issue *i, const double *width)
{
    const char *ref = i->cell, *line = i->line, *field = i->field, *msg = i->message ? i->message : "";
    char *where = ref ? th_asprintf("'%s'!%s", i->sheet ? i->sheet : "", ref)
                      : line ? th_asprintf("dòng %s", line) : th_strdup("");
    int fi = field ? th_field_index(field) : -1;
    char *flabel = fi >= 0 ? th_asprintf("%s%s%s", th_fields[fi].group ? th_fields[fi].group : "",
                                         th_fields[fi].group ? ": " : "", th_fields[fi].label)
                           : th_strdup("");
    const char *texts[] = {flabel, msg};
    const double widths[] = {width[7], width[9]};
    th_wbc_fit_row(w->s, r, texts, widths, 2);
    put_num(w, r, 0, (double)no, w->in->center);
    put_str(w, r, 1, i->file ? th_basename(i->file) : "", w->in->text);
    put_str(w, r, 2, i->unit, w->in->text);
    put_str(w, r, 3, status_label(i->status), w->in->text);
    put_str(w, r, 4, i->code, w->in->center);
    put_str(w, r, 5, i->severity && strcmp(i->severity, "error") == 0 ? "Lỗi" : "Cảnh báo", w->in->center);
    put_str(w, r, 6, field, w->in->text);
    put_str(w, r, 7, flabel, w->in->wrap);
    put_str(w, r, 8, where, w->in->text);
    put_str(w, r, 9, msg, w->in->wrap);
    free(flabel);
    free(where);
}

lxw_error th_wb_checks_write(lxw_worksheet *s, const struct th_wb_checks *in)
{
    struct ck ck = {s, in, LXW_NO_ERROR}, *w = &ck;
    const struct th_cons *c = in->c;
    const struct th_checks none = {0}, *ks = in->checks ? in->checks : &none;
    const lxw_row_t HEAD_ROW = in->head_row;
    const struct th_cons_node *root = c->root;
    bool doc = ks->ok, sum = ks->ok && ks->has_summary;
    struct th_wbc_heading h = in->heading;
    h.line[2] = "KẾT QUẢ KIỂM TRA SỐ LIỆU CÁC BÁO CÁO";
    h.line[6] = doc ? "Nguồn: validation.xml của kỳ báo cáo"
                    : "Nguồn: số liệu tổng hợp (không có danh sách lỗi chi tiết của kỳ báo cáo)";
    note_err(w, th_wbc_heading(s, &h));
    static const double width[] = {5, 22, 12, 16, 8, 11, 30, 34, 14, 70};
    for (lxw_col_t k = 0; k < 10; k++)
        worksheet_set_column(s, k, k, width[k], NULL);
    put_str(w, HEAD_ROW, 0, "STT", in->head);
    note_err(w, worksheet_merge_range(s, HEAD_ROW, 1, HEAD_ROW, 3, "Nội dung", in->head));
    put_str(w, HEAD_ROW, 4, "Số lượng", in->head);
    struct {
        const char *label;
        long v;
    } rows[] = {
        {"Tệp báo cáo đã nhận", sum && ks->files >= 0 ? ks->files : (long)c->files},
        {"Được chấp nhận", sum && ks->accepted >= 0 ? ks->accepted : (long)c->accepted},
        {"Bị từ chối", sum && ks->rejected >= 0 ? ks->rejected : (long)c->rejected},
        {"Đã được thay thế bằng bản gửi sau", sum && ks->superseded >= 0 ? ks->superseded : (long)c->superseded},
        {"Trùng lặp", sum && ks->duplicate >= 0 ? ks->duplicate : (long)c->duplicate},
        {"Số lỗi", sum ? ks->errors : -1},
        {"Số cảnh báo", sum ? ks->warnings : -1},
        {"Đơn vị phải báo cáo", (long)root->n_expected},
        {"Đơn vị có báo cáo được chấp nhận", (long)root->n_accepted},
        {"Đơn vị chưa báo cáo", (long)root->n_missing},
        {"Đơn vị có báo cáo bị từ chối", (long)root->n_rejected},
        {"Đơn vị nộp muộn", (long)root->n_late},
    };
    lxw_row_t r = HEAD_ROW + 1;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i].v < 0)
            continue;
        put_num(w, r, 0, (double)(r - HEAD_ROW), in->center);
        note_err(w, worksheet_merge_range(s, r, 1, r, 3, rows[i].label, in->text));
        put_num(w, r, 4, (double)rows[i].v, in->count);
        r++;
    }
    r++;
    put_str(w, r++, 0, "Danh sách lỗi và cảnh báo", in->body);
    static const char *const head[] = {"STT", "Tệp", "Đơn vị", "Tình trạng tệp", "Mã", "Mức độ",
                                       "Trường (mã)", "Trường", "Dòng / ô", "Nội dung"};
    lxw_row_t hr = r;
    if (doc && ks->n)
        note_err(w, worksheet_autofilter(s, hr, 0, hr + (lxw_row_t)ks->n, 9));
    for (lxw_col_t k = 0; k < 10; k++)
        put_str(w, r, k, head[k], in->head);
    r++;
    size_t nissue = 0;
    for (; doc && nissue < ks->n; nissue++)
        write_issue(w, r++, nissue + 1, &ks->v[nissue], width);
    if (!nissue)
        put_str(w, r + 1, 0,
                doc            ? "Không có lỗi hoặc cảnh báo nào."
                : ks->from_file ? "Không đọc được tệp validation.xml của kỳ báo cáo."
                               : "Không có tệp validation.xml của kỳ báo cáo.",
                in->italic);
    worksheet_freeze_panes(s, hr + 1, 0);
    note_err(w, th_wbc_page_setup(s, hr, hr));
    return w->err;
}

