/* submission_xlsx.c - reading a filled XLSX form into the submission model:
 * cells found through templates/form.xml, every problem named by its cell. */
#include "submission_xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

#include "formmap.h"
#include "text.h"
#include "xlsx.h"


/* What the reader found in one mapped cell. */
struct slot {
    bool seen;
    enum th_xlsx_type type;
    bool formula;
    char *text;
};

struct collect {
    const struct th_formmap *m;
    struct slot slots[TH_NFIELDS + TH_FM_NHDR];
};

static const struct th_fm_cell *slot_cell(const struct th_formmap *m, int i)
{
    return i < TH_NFIELDS ? &m->field[i] : &m->hdr[i - TH_NFIELDS];
}

static bool on_cell(const struct th_xlsx_cell *c, void *ctx)
{
    struct collect *k = ctx;
    int i = th_formmap_at(k->m, c->row, c->col);
    if (i < 0)
        return true;
    const struct th_fm_cell *fc = slot_cell(k->m, i);
    if (fc->row != c->row || fc->col != c->col)
        return true; /* inside a merged range, not its anchor */
    struct slot *sl = &k->slots[i];
    free(sl->text);
    sl->seen = true;
    sl->type = c->type;
    sl->formula = c->formula;
    /* a cell can hold far more than any field allows: keep only enough to
     * say so (th_submission_text reports narratives that are too long) */
    sl->text = th_strndup(c->text, th_utf8_prefix(c->text, 4 * TH_MAX_TEXT));
    return true;
}

/* The hidden sheet's values (column of the form id, one row each, enum
 * th_fm_meta): the form id; a period's form's label and fields. */
struct meta_ctx {
    const struct th_fm_cell *at;
    char *value[TH_FM_NMETA];
};

static bool on_meta(const struct th_xlsx_cell *c, void *ctx)
{
    struct meta_ctx *k = ctx;
    int i = c->row - k->at->row;
    if (i >= TH_FM_NMETA)
        return false;
    if (i >= 0 && c->col == k->at->col && c->type == TH_CELL_STRING && !k->value[i])
        k->value[i] = th_strdup(c->text);
    return true;
}

/* Text of a slot, trimmed, NULL when blank. Numbers keep their written form. */
static char *slot_text(const struct slot *sl)
{
    if (!sl->seen || sl->type == TH_CELL_BLANK)
        return NULL;
    char *t = th_trim(th_strdup(sl->text));
    if (!*t) {
        free(t);
        return NULL;
    }
    return t;
}

/* A blank cell holding a formula was saved without its result. */
static bool formula_without_value(struct th_submission *s, const struct slot *sl, int f)
{
    if (sl->seen && sl->formula && sl->type == TH_CELL_BLANK) {
        th_submission_diag(s, TH_SEV_ERROR, "X09", f,
                           "ô có công thức nhưng chưa có giá trị đã tính: mở tệp bằng Excel hoặc LibreOffice "
                           "rồi lưu lại");
        return true;
    }
    return false;
}

/* th_field_label of f into label[512], returned. */
static const char *field_label(int f, char label[512])
{
    th_field_label(f, label, 512);
    return label;
}

/* Numeric field f from its cell; a blank one is S01 when asked (a full
 * form filled for a period that asks only some fields leaves the others
 * blank). */
static void read_count(struct th_submission *s, int f, const struct slot *sl, bool asked)
{
    if (formula_without_value(s, sl, f))
        return;
    char *t = slot_text(sl);
    const int64_t max = th_field_max(f);
    char label[512]; /* made only for a diagnostic: most counts have none */
    if (!t) {
        if (asked)
            th_submission_diag(s, TH_SEV_ERROR, "S01", f, "thiếu số liệu: %s", field_label(f, label));
        return;
    }
    if (sl->type == TH_CELL_NUMBER || sl->type == TH_CELL_STRING) {
        /* a number typed as text ('12) reads by the XML rule; a number
         * cell's stored value may carry a decimal part or an exponent */
        int64_t v = 0;
        enum th_num r = th_num_parse(t, max, sl->type == TH_CELL_NUMBER ? TH_NUM_CELL : 0, &v);
        if (r == TH_NUM_OK) {
            s->val.v[f] = v;
            s->val.present[f] = 1;
        } else {
            th_submission_num_diag(s, f, field_label(f, label), t, r);
        }
    } else if (sl->type == TH_CELL_ERROR) {
        th_submission_diag(s, TH_SEV_ERROR, "S02", f, "%s: ô có lỗi công thức %s — phải là số nguyên ≥ 0",
                           field_label(f, label), t);
    } else if (sl->type == TH_CELL_BOOL) {
        th_submission_diag(s, TH_SEV_ERROR, "S02", f, "%s: giá trị %s không phải là số — phải là số nguyên ≥ 0",
                           field_label(f, label), strcmp(t, "1") == 0 ? "“TRUE”" : "“FALSE”");
    } else {
        th_submission_num_diag(s, f, field_label(f, label), t, TH_NUM_NOT_NUMBER); /* a date */
    }
    free(t);
}

/* The last diagnostic added without a field still names its cell. */
static void at_cell(struct th_submission *s, size_t before, const struct th_fm_cell *c)
{
    for (size_t i = before; i < s->ndiags; i++)
        if (!s->diags[i].loc.ref[0])
            snprintf(s->diags[i].loc.ref, sizeof s->diags[i].loc.ref, "%s", c->ref);
}

static bool valid_unit_code(const char *t)
{
    size_t n = strlen(t);
    return n >= 1 && n <= 32 &&
           strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* t in lower case, NFC; NULL if it is not UTF-8. Caller frees. */
static char *fold(const char *t)
{
    size_t n = 0;
    uint8_t *low = u8_tolower((const uint8_t *)t, strlen(t), NULL, UNINORM_NFC, NULL, &n);
    if (!low)
        return NULL;
    char *l = th_strndup((const char *)low, n);
    free(low);
    return l;
}

/* The period a form's header names: a period id; the label of the form's
 * own period (own, own_label: a period's form); the usual names of annual
 * and h1; or the label of one period of the plan (NULL: none). */
static bool parse_period(const char *t, const struct th_plan *plan, const char *own, const char *own_label,
                         char out[TH_PERIOD_ID_MAX + 1])
{
    if (th_period_id_valid(t)) {
        snprintf(out, TH_PERIOD_ID_MAX + 1, "%s", t);
        return true;
    }
    char *l = fold(t);
    if (!l)
        return false;
    static const struct {
        const char *label;
        const char *id;
    } labels[] = {{"năm", "annual"},           {"cả năm", "annual"},           {"hằng năm", "annual"},
                  {"6 tháng đầu năm", "h1"}, {"sáu tháng đầu năm", "h1"}, {"6 tháng", "h1"}};
    const char *id = NULL;
    char *ol = own && own_label ? fold(own_label) : NULL;
    if (ol && strcmp(l, ol) == 0)
        id = own;
    free(ol);
    for (size_t i = 0; i < sizeof labels / sizeof labels[0] && !id; i++)
        if (strcmp(l, labels[i].label) == 0)
            id = labels[i].id;
    size_t matches = 0; /* two periods of one label: the id says which */
    const char *match = NULL;
    for (size_t i = 0; plan && !id && i < plan->nperiods; i++) {
        char *pl = fold(plan->periods[i].label);
        if (pl && strcmp(l, pl) == 0) {
            match = plan->periods[i].id;
            matches++;
        }
        free(pl);
    }
    if (matches == 1)
        id = match;
    if (id)
        snprintf(out, TH_PERIOD_ID_MAX + 1, "%s", id);
    free(l);
    return id != NULL;
}

/* How a submission date is typed in the form (its S02 says so). */
#define XLSX_DATE_HINT "(nhập dạng ngày/tháng/năm, ví dụ 20/12/2026)"

/* A date typed as text: dd/mm/yyyy, d/m/yyyy (also with - or .) or ISO
 * yyyy-mm-dd; checked like every other submission date. */
static bool set_date_text(struct th_submission *s, const char *t)
{
    int d, m, y, used = 0;
    char s1, s2;
    if (sscanf(t, "%2d%c%2d%c%5d%n", &d, &s1, &m, &s2, &y, &used) == 5 && !t[used] && s1 == s2 &&
        strchr("/-.", s1) && t[0] >= '0' && t[0] <= '9')
        return th_submission_set_date(s, y, m, d, t, XLSX_DATE_HINT);
    return th_submission_set_date_iso(s, t, XLSX_DATE_HINT);
}

/* own, own_label: the period the form was made for and its label (the
 * hidden sheet's), or NULL. */
static void read_header(struct th_submission *s, const struct th_formmap *m, struct collect *k, bool date1904,
                        const struct th_plan *plan, const char *own, const char *own_label)
{
    char q[TH_QUOTE_SIZE];
    struct slot *sl = &k->slots[TH_NFIELDS + TH_FM_UNIT];
    char *t = slot_text(sl);
    if (!formula_without_value(s, sl, TH_HDR_UNIT)) {
        int64_t code = 0;
        bool numeric = t && sl->type == TH_CELL_NUMBER;
        if (numeric && th_num_parse(t, 999999999999999LL, TH_NUM_CELL, &code) == TH_NUM_OK) {
            free(t);
            t = th_asprintf("%lld", (long long)code);
            numeric = false;
        }
        if (!t)
            th_submission_diag(s, TH_SEV_ERROR, "S01", TH_HDR_UNIT, "thiếu mã đơn vị");
        else if (numeric || !valid_unit_code(t))
            th_submission_diag(s, TH_SEV_ERROR, "S02", TH_HDR_UNIT, "mã đơn vị %s không hợp lệ",
                               th_quote(t, q, sizeof q));
        else
            s->unit = th_strdup(t);
    }
    free(t);

    sl = &k->slots[TH_NFIELDS + TH_FM_YEAR];
    t = slot_text(sl);
    if (!formula_without_value(s, sl, TH_HDR_YEAR)) {
        /* the number rule of the fields: no hex, no inf, whole */
        int64_t y = 0;
        if (!t)
            th_submission_diag(s, TH_SEV_ERROR, "S01", TH_HDR_YEAR, "thiếu năm báo cáo");
        else if ((sl->type != TH_CELL_NUMBER && sl->type != TH_CELL_STRING) ||
                 th_num_parse(t, 2100, sl->type == TH_CELL_NUMBER ? TH_NUM_CELL : 0, &y) != TH_NUM_OK || y < 2000)
            th_submission_diag(s, TH_SEV_ERROR, "S02", TH_HDR_YEAR, "năm báo cáo %s không hợp lệ",
                               th_quote(t, q, sizeof q));
        else
            s->year = (int)y;
    }
    free(t);

    sl = &k->slots[TH_NFIELDS + TH_FM_PERIOD];
    t = slot_text(sl);
    bool period_ok = false;
    if (!formula_without_value(s, sl, TH_HDR_PERIOD)) {
        if (!t)
            th_submission_diag(s, TH_SEV_ERROR, "S01", TH_HDR_PERIOD, "thiếu kỳ báo cáo");
        else if (!parse_period(t, plan, own, own_label, s->period))
            th_submission_diag(s, TH_SEV_ERROR, "S02", TH_HDR_PERIOD,
                               "kỳ báo cáo %s không hợp lệ (mã kỳ báo cáo của kế hoạch, ví dụ annual, h1, "
                               "hoặc “năm”, “6 tháng đầu năm”)",
                               th_quote(t, q, sizeof q));
        else
            period_ok = true;
        if (period_ok && m->period && strcmp(s->period, m->period) != 0)
            th_submission_diag(s, TH_SEV_ERROR, "X07", TH_HDR_PERIOD,
                               "biểu mẫu %s là biểu của kỳ báo cáo %s nhưng ô kỳ báo cáo ghi %s: mỗi kỳ báo cáo "
                               "có biểu mẫu riêng, hãy dùng biểu mẫu của đúng kỳ (tải bằng tonghop forms)",
                               m->form_id, m->period, th_quote(t, q, sizeof q));
    }
    free(t);

    sl = &k->slots[TH_NFIELDS + TH_FM_SUBMITTED];
    t = slot_text(sl);
    if (!formula_without_value(s, sl, TH_HDR_SUBMITTED)) {
        if (!t) {
            th_submission_diag(s, TH_SEV_ERROR, "S01", TH_HDR_SUBMITTED,
                               "thiếu ngày báo cáo: nhập ngày nộp báo cáo (ngày/tháng/năm)");
        } else if (sl->type == TH_CELL_NUMBER) {
            /* a serial day number: shown as the day it stands for */
            char *end;
            double d = strtod(t, &end);
            th_date day;
            if (!*end && th_num_parse(t, INT64_MAX, TH_NUM_CELL, &(int64_t){0}) != TH_NUM_NOT_NUMBER &&
                th_xlsx_serial_date(d, date1904, &day)) {
                char iso[11];
                th_date_format(day, iso);
                th_submission_set_date(s, TH_DATE_Y(day), TH_DATE_M(day), TH_DATE_D(day), iso, XLSX_DATE_HINT);
            } else {
                th_submission_set_date(s, 0, 0, 0, t, XLSX_DATE_HINT);
            }
        } else if (sl->type == TH_CELL_DATE) {
            th_submission_set_date_iso(s, t, XLSX_DATE_HINT);
        } else if (sl->type == TH_CELL_STRING) {
            set_date_text(s, t);
        } else {
            th_submission_set_date(s, 0, 0, 0, t, XLSX_DATE_HINT);
        }
    }
    free(t);

    sl = &k->slots[TH_NFIELDS + TH_FM_PREPARED_BY];
    t = slot_text(sl);
    if (t) {
        size_t before = s->ndiags;
        s->prepared_by = th_submission_text(s, -1, t, 200, "người lập biểu");
        at_cell(s, before, &m->hdr[TH_FM_PREPARED_BY]);
    }
    free(t);
    s->header_ok = s->unit && s->year && period_ok;
}

static void xlsx_failed(struct th_submission *s, const struct th_xlsx_error *err)
{
    static const char *const codes[] = {
        [TH_XLSX_NOT_ZIP] = "X01", [TH_XLSX_CORRUPT] = "X02", [TH_XLSX_BOMB] = "X03", [TH_XLSX_ENTRIES] = "X04",
        [TH_XLSX_DTD] = "X05",     [TH_XLSX_NO_SHEET] = "X06", [TH_XLSX_BAD_XML] = "X08",
        [TH_XLSX_ATTRS] = "X10",   [TH_XLSX_DUPLICATE] = "X11",
    };
    th_submission_diag(s, TH_SEV_ERROR, codes[err->status], -1, "%s", err->message);
}

/* The map of the form the hidden sheet names, full's own id or full's id
 * and a period ("ctxh-v1-dx-2026-09") with the fields that form holds;
 * else full, and the reason to refuse it goes to s (X07) once the data
 * sheet is read. *own is what the caller frees. */
static const struct th_formmap *form_map(const struct th_formmap *full, const struct meta_ctx *meta,
                                         struct th_formmap **own)
{
    const char *id = meta->value[TH_FM_META_ID];
    size_t n = strlen(full->form_id), nf = 0;
    *own = NULL;
    if (!id || strncmp(id, full->form_id, n) != 0 || id[n] != '-' || !th_period_id_valid(id + n + 1))
        return full;
    char **fields = th_strv_split(meta->value[TH_FM_META_FIELDS], &nf);
    bool known = nf > 0;
    for (size_t i = 0; i < nf && known; i++)
        known = th_field_index(fields[i]) >= 0;
    if (known)
        *own = th_formmap_subset(full, fields, nf, id + n + 1);
    th_strv_free(fields, nf);
    return *own ? *own : full;
}

/* X07 for a form id that is not m's. */
static void form_refused(struct th_submission *s, const struct th_formmap *full, const char *id)
{
    char q[TH_QUOTE_SIZE], ref[12];
    size_t n = strlen(full->form_id);
    th_xlsx_ref_format(full->meta_cell.row + TH_FM_META_FIELDS, full->meta_cell.col, ref);
    if (strncmp(id, full->form_id, n) == 0 && id[n] == '-' && th_period_id_valid(id + n + 1))
        th_submission_diag(s, TH_SEV_ERROR, "X07", -1,
                           "biểu mẫu %s không ghi đúng các chỉ tiêu của nó (trang ẩn “%s”, ô %s): tải lại "
                           "biểu mẫu bằng tonghop forms",
                           th_quote(id, q, sizeof q), full->meta, ref);
    else
        th_submission_diag(s, TH_SEV_ERROR, "X07", -1,
                           "biểu mẫu %s không được hỗ trợ: cần biểu mẫu %s (tải lại bằng tonghop forms)",
                           th_quote(id, q, sizeof q), full->form_id);
}

void th_submission_from_xlsx(struct th_submission *s, const char *data, size_t len, const struct th_plan *plan)
{
    s->source = TH_SRC_XLSX;
    const struct th_formmap *full = th_formmap_get(), *m = NULL;
    if (!full) {
        th_submission_diag(s, TH_SEV_ERROR, "F10", -1, "không nạp được bản đồ ô templates/form.xml");
        return;
    }
    struct th_formmap *own = NULL;
    struct th_xlsx_error err;
    struct th_xlsx *x = th_xlsx_open(data, len, NULL, &err);
    struct collect k = {0};
    struct meta_ctx meta = {.at = &full->meta_cell};
    if (!x) {
        xlsx_failed(s, &err);
        goto out;
    }
    /* the hidden sheet first, to know which form's cells to take (a
     * missing one is said after the data sheet: a workbook without that is
     * not our form at all) */
    enum th_xlsx_status st = th_xlsx_read_sheet(x, full->meta, on_meta, &meta, &err);
    if (st != TH_XLSX_OK && !(st == TH_XLSX_NO_SHEET && !err.part[0])) {
        xlsx_failed(s, &err);
        goto out;
    }
    m = form_map(full, &meta, &own);
    k.m = m;
    st = th_xlsx_read_sheet(x, m->sheet, on_cell, &k, &err);
    if (st == TH_XLSX_NO_SHEET && !err.part[0]) {
        struct th_buf names;
        th_buf_init(&names, 1024);
        char q[TH_QUOTE_SIZE];
        for (size_t i = 0; i < th_xlsx_nsheets(x); i++)
            th_buf_printf(&names, "%s%s", i ? ", " : "", th_quote(th_xlsx_sheet_name(x, i), q, sizeof q));
        th_submission_diag(s, TH_SEV_ERROR, "X06", -1,
                           "không tìm thấy trang tính “%s” (tệp có: %s): hãy dùng biểu mẫu do tonghop forms tạo ra",
                           m->sheet, names.len ? names.data : "không có trang nào");
        th_buf_release(&names);
        goto out;
    }
    if (st != TH_XLSX_OK) {
        xlsx_failed(s, &err);
        goto out;
    }
    if (!meta.value[TH_FM_META_ID]) {
        th_submission_diag(s, TH_SEV_ERROR, "X07", -1,
                           "không có mã biểu mẫu (trang ẩn “%s”): hãy dùng biểu mẫu do tonghop forms tạo ra",
                           m->meta);
        goto out;
    }
    s->form_id = th_strdup(meta.value[TH_FM_META_ID]);
    if (strcmp(s->form_id, m->form_id) != 0) {
        form_refused(s, full, s->form_id);
        goto out;
    }
    s->sheet = th_strdup(m->sheet);
    /* the map's references are the locations' own size: copied whole (an
     * snprintf each was 1 % of reading a workbook) */
    _Static_assert(sizeof s->locs[0].ref == sizeof m->field[0].ref, "a cell reference is one size");
    for (size_t f = 0; f < TH_NFIELDS; f++)
        memcpy(s->locs[f].ref, m->field[f].ref, sizeof s->locs[f].ref);
    static const int hdr_loc[][2] = {{TH_HDR_UNIT, TH_FM_UNIT},
                                     {TH_HDR_YEAR, TH_FM_YEAR},
                                     {TH_HDR_PERIOD, TH_FM_PERIOD},
                                     {TH_HDR_SUBMITTED, TH_FM_SUBMITTED}};
    for (size_t i = 0; i < 4; i++)
        memcpy(s->locs[hdr_loc[i][0]].ref, m->hdr[hdr_loc[i][1]].ref, sizeof s->locs[0].ref);
    /* the period the form was made for: a period's form's, or the one the
     * hidden sheet names with the plan's label for it (two periods of one
     * label, "9 tháng đầu năm", then read apart) */
    const char *made_for = m->period, *made_label = meta.value[TH_FM_META_LABEL];
    if (!made_for && plan && meta.value[TH_FM_META_PERIOD]) {
        const struct th_period_def *d = th_plan_period_def(plan, meta.value[TH_FM_META_PERIOD]);
        made_for = d ? d->id : NULL;
        made_label = d ? d->label : NULL;
    }
    read_header(s, m, &k, th_xlsx_date1904(x), plan, made_for, made_label);
    /* the fields asked by the form's period, else by the header's (all
     * when the plan or the period is not known: U03 then says so) */
    const char *pid = m->period ? m->period : s->header_ok ? s->period : NULL;
    const struct th_period_def *def = plan && pid ? th_plan_period_def(plan, pid) : NULL;
    char label[512];
    size_t lacks = 0; /* fields the period asks that a form made before the plan asked them has not */
    int first_lacking = -1;
    for (size_t f = 0; f < TH_NNUMERIC; f++) {
        bool asked = th_period_asks(def, th_fields[f].id);
        if (th_formmap_has(m, (int)f))
            read_count(s, (int)f, &k.slots[f], asked);
        else if (asked && def && !lacks++)
            first_lacking = (int)f;
    }
    if (lacks) {
        th_field_label(first_lacking, label, sizeof label);
        th_submission_diag(s, TH_SEV_ERROR, "X07", -1,
                           "biểu mẫu %s không có %zu chỉ tiêu mà kỳ báo cáo %s nay yêu cầu (“%s”%s): tải lại biểu "
                           "mẫu bằng tonghop forms",
                           m->form_id, lacks, def->id, label, lacks > 1 ? "…" : "");
    }
    for (size_t f = TH_NNUMERIC; f < TH_NFIELDS; f++) {
        struct slot *sl = &k.slots[f];
        if (!th_formmap_has(m, (int)f) || formula_without_value(s, sl, (int)f))
            continue;
        char *t = slot_text(sl);
        if (t) {
            th_field_label((int)f, label, sizeof label);
            s->text[f - TH_NNUMERIC] = th_submission_text(s, (int)f, t, 4000, label);
        }
        free(t);
    }
out:
    for (size_t i = 0; i < TH_NFIELDS + TH_FM_NHDR; i++)
        free(k.slots[i].text);
    for (size_t i = 0; i < TH_FM_NMETA; i++)
        free(meta.value[i]);
    th_formmap_free(own);
    th_xlsx_free(x);
}
