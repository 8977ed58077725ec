/* submission.c - the submission model and its diagnostics: creating and
 * freeing one, adding a diagnostic, formatting it with its line or cell. */
#include "submission.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "text.h"

static const char *const status_names[] = {"accepted", "rejected", "superseded", "duplicate"};
static const char *const status_labels[] = {"Chấp nhận", "Bị từ chối", "Đã được thay thế", "Trùng lặp"};

const char *th_status_name(enum th_status st)
{
    return status_names[st];
}

const char *th_status_label(enum th_status st)
{
    return status_labels[st];
}

struct th_submission *th_submission_new(const char *path)
{
    struct th_submission *s = th_calloc(1, sizeof *s);
    s->path = th_strdup(path);
    s->source = TH_SRC_UNKNOWN;
    return s;
}

char *th_submission_text(struct th_submission *s, int f, const char *raw, size_t max_chars, const char *what)
{
    const char *legacy = th_legacy_encoding(raw);
    if (legacy) {
        th_submission_diag(s, TH_SEV_ERROR, "E01", f,
                           "văn bản gõ bằng bảng mã cũ %s (không phải Unicode): chuyển sang Unicode "
                           "(ví dụ bằng Unikey) rồi nộp lại",
                           legacy);
        return NULL;
    }
    char *n = th_nfc_collapse(raw);
    if (!n) {
        th_submission_diag(s, TH_SEV_ERROR, "E02", f, "văn bản không phải UTF-8 hợp lệ");
        return NULL;
    }
    for (const unsigned char *p = (const unsigned char *)n; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
            unsigned cp = *p == 0xc2 ? p[1] : *p;
            th_submission_diag(s, TH_SEV_ERROR, "E02", f,
                               "%s: có ký tự điều khiển U+%04X (không in được): xoá ký tự đó rồi nộp lại", what,
                               cp);
            free(n);
            return NULL;
        }
    size_t nbytes = strlen(n); /* no more characters than bytes: counted only past max_chars bytes */
    if (nbytes > max_chars && u8_mbsnlen((const uint8_t *)n, nbytes) > max_chars) {
        char num[32];
        th_submission_diag(s, TH_SEV_ERROR, "S09", f, "%s: quá dài (tối đa %s ký tự)", what,
                           th_fmt_int((int64_t)max_chars, num));
        free(n);
        return NULL;
    }
    if (!*n) {
        free(n);
        return NULL;
    }
    return n;
}

bool th_submission_set_date(struct th_submission *s, long long y, int m, int d, const char *text, const char *hint)
{
    char q[TH_QUOTE_SIZE];
    th_quote(text, q, sizeof q);
    s->submitted = 0;
    if (m >= 1 && (y < TH_SUBMITTED_MIN_YEAR || y > TH_SUBMITTED_MAX_YEAR)) {
        th_submission_diag(s, TH_SEV_ERROR, "S02", TH_HDR_SUBMITTED,
                           "ngày báo cáo %s không hợp lệ: năm phải từ %d đến %d", q, TH_SUBMITTED_MIN_YEAR,
                           TH_SUBMITTED_MAX_YEAR);
        return false;
    }
    char iso[32];
    th_date out;
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        snprintf(iso, sizeof iso, "%04lld-%02d-%02d", y, m, d);
        if (th_date_parse(iso, &out)) {
            s->submitted = out;
            return true;
        }
    }
    th_submission_diag(s, TH_SEV_ERROR, "S02", TH_HDR_SUBMITTED, "ngày báo cáo %s không hợp lệ %s", q, hint);
    return false;
}

bool th_submission_set_date_iso(struct th_submission *s, const char *text, const char *hint)
{
    const char *p = text ? text : "";
    bool minus = *p == '-';
    p += minus;
    long long y = 0;
    size_t nd = 0;
    for (; *p >= '0' && *p <= '9'; p++, nd++)
        if (y < 100000000)
            y = y * 10 + (*p - '0');
    int m = 0, d = 0;
    if (nd >= 4 && p[0] == '-' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] == '-' &&
        p[4] >= '0' && p[4] <= '9' && p[5] >= '0' && p[5] <= '9' &&
        (p[6] == '\0' || p[6] == 'T' || p[6] == 'Z' || p[6] == '+' || p[6] == '-')) {
        m = (p[1] - '0') * 10 + (p[2] - '0');
        d = (p[4] - '0') * 10 + (p[5] - '0');
    }
    return th_submission_set_date(s, minus ? -y : y, m, d, text, hint);
}

void th_submission_num_diag(struct th_submission *s, int f, const char *label, const char *text, enum th_num r)
{
    char q[TH_QUOTE_SIZE], num[32];
    th_quote(text, q, sizeof q);
    const char *code = th_num_code(r);
    switch (r) {
    case TH_NUM_OK:
        return;
    case TH_NUM_BLANK:
        th_submission_diag(s, TH_SEV_ERROR, code, f, "thiếu số liệu: %s (ô để trống)", label);
        return;
    case TH_NUM_GROUPED: {
        char digits[TH_EXCERPT_SIZE];
        size_t n = 0;
        for (const char *p = q; *p && n + 1 < sizeof digits; p++)
            if (*p >= '0' && *p <= '9')
                digits[n++] = *p;
        digits[n] = '\0';
        th_submission_diag(s, TH_SEV_ERROR, code, f,
                           "%s: giá trị %s có dấu phân cách hàng nghìn: bỏ các dấu phân cách, ghi liền các chữ số "
                           "(%s) — phải là số nguyên ≥ 0",
                           label, q, digits);
        return;
    }
    case TH_NUM_TOO_LARGE:
        th_submission_diag(s, TH_SEV_ERROR, code, f, "%s: giá trị %s quá lớn (tối đa %s) — phải là số nguyên ≥ 0",
                           label, q, th_fmt_int(th_field_max(f), num));
        return;
    case TH_NUM_NEGATIVE:
    case TH_NUM_FRACTION:
    case TH_NUM_NOT_NUMBER:
        break;
    }
    const char *why = r == TH_NUM_NEGATIVE   ? "là số âm"
                      : r == TH_NUM_FRACTION ? "không phải số nguyên"
                                             : "không phải là số";
    th_submission_diag(s, TH_SEV_ERROR, code, f, "%s: giá trị %s %s — phải là số nguyên ≥ 0", label, q, why);
}

void th_submission_free(struct th_submission *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->sheet);
    free(s->form_id);
    free(s->unit);
    free(s->prepared_by);
    for (size_t i = 0; i < TH_NFIELDS - TH_NNUMERIC; i++)
        free(s->text[i]);
    for (size_t i = 0; i < s->ndiags; i++)
        free(s->diags[i].message);
    free(s->diags);
    th_origin_free(s->src);
    free(s);
}

void th_origin_free(struct th_origin *src)
{
    if (!src)
        return;
    free(src->plan);
    free(src->report_name);
    free(src);
}

struct th_diag *th_diag_vappend(struct th_diag_list l, enum th_severity sev, const char *code, int field,
                                const char *fmt, va_list ap)
{
    TH_GROW(*l.v, *l.cap, *l.n + 1);
    struct th_diag *d = &(*l.v)[(*l.n)++];
    memset(d, 0, sizeof *d);
    snprintf(d->code, sizeof d->code, "%s", code);
    d->severity = sev;
    d->field = field;
    if (vasprintf(&d->message, fmt, ap) < 0)
        d->message = th_strdup(code);
    if (sev == TH_SEV_ERROR)
        (*l.nerrors)++;
    else
        (*l.nwarnings)++;
    return d;
}

void th_submission_diag(struct th_submission *s, enum th_severity sev, const char *code, int field,
                        const char *fmt, ...)
{
    struct th_diag_list l = {&s->diags, &s->ndiags, &s->capdiags, &s->nerrors, &s->nwarnings};
    va_list ap;
    va_start(ap, fmt);
    struct th_diag *d = th_diag_vappend(l, sev, code, field, fmt, ap);
    va_end(ap);
    if (field >= 0 && field < TH_NLOCS)
        d->loc = s->locs[field];
}

void th_submission_keep_asked(struct th_submission *s, const struct th_period_def *d)
{
    for (int f = 0; d && d->nfields && f < TH_NFIELDS; f++) {
        if (th_period_asks(d, th_fields[f].id))
            continue;
        if (f < TH_NNUMERIC) {
            s->val.present[f] = 0;
            s->val.v[f] = 0;
        } else {
            free(s->text[f - TH_NNUMERIC]);
            s->text[f - TH_NNUMERIC] = NULL;
        }
    }
}

void th_submission_drop_diag(struct th_submission *s, size_t i)
{
    if (s->diags[i].severity == TH_SEV_ERROR)
        s->nerrors--;
    else
        s->nwarnings--;
    free(s->diags[i].message);
    memmove(&s->diags[i], &s->diags[i + 1], (s->ndiags - i - 1) * sizeof *s->diags);
    s->ndiags--;
}

const char *th_diag_field_name(int field)
{
    static const char *const hdr[] = {"unit", "year", "period", "submitted"};
    if (field >= 0 && field < TH_NFIELDS)
        return th_fields[field].id;
    if (field >= TH_NFIELDS && field < TH_NLOCS)
        return hdr[field - TH_NFIELDS];
    return NULL;
}

void th_loc_format(const char *sheet, const struct th_loc *loc, char *out, size_t n)
{
    if (loc->ref[0])
        snprintf(out, n, "'%s'!%s", sheet ? sheet : "", loc->ref);
    else if (loc->line > 0)
        snprintf(out, n, "%d", loc->line);
    else
        out[0] = '\0';
}

char *th_diag_format(const struct th_submission *s, const struct th_diag *d)
{
    return th_diag_format_at(s->path, s->sheet, d);
}

char *th_diag_format_at(const char *path, const char *sheet, const struct th_diag *d)
{
    char where[300];
    const char *fname = th_diag_field_name(d->field);
    th_loc_format(sheet, &d->loc, where, sizeof where);
    struct th_buf b;
    th_buf_init(&b, 0);
    if (d->loc.ref[0])
        th_buf_printf(&b, "%s: %s: ", path, where);
    else if (d->loc.line > 0)
        th_buf_printf(&b, "%s:%d: ", path, d->loc.line);
    else
        th_buf_printf(&b, "%s: ", path);
    th_buf_printf(&b, "%s%s%s: %s", d->code, fname ? " " : "", fname ? fname : "", d->message);
    return th_buf_detach(&b);
}
