/* report_prose.c - the report's sentences chosen by the figures. */
#include "report_prose.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

#include "groups.h"
#include "report.h"
#include "text.h"

/* The most frequent statements quoted in the body: how many, how long. */
#define FREQUENT_MAX 3
#define QUOTE_CHARS 220

void th_paras_add(struct th_paras *ps, bool bullet, enum th_pdf_style st, char *text)
{
    TH_GROW(ps->v, ps->cap, ps->n + 1);
    ps->v[ps->n++] = (struct th_para){text, st, bullet};
}

void th_paras_release(struct th_paras *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        free(ps->v[i].text);
    free(ps->v);
    memset(ps, 0, sizeof *ps);
}

static void say(struct th_paras *out, char *text)
{
    th_paras_add(out, false, TH_PDF_REGULAR, text);
}

static void item(struct th_paras *out, char *text)
{
    th_paras_add(out, true, TH_PDF_REGULAR, text);
}

static char *fmt_count(size_t v, char out[32])
{
    return th_fmt_int((int64_t)v, out);
}

/* ---- counts ---- */

void th_prose_compl(const struct th_cons *c, struct th_compl *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < c->nnodes; i++) {
        const struct th_cons_node *n = c->nodes[i];
        if (!n->expected)
            continue;
        out->expected++;
        out->accepted += n->own == TH_OWN_ACCEPTED;
        out->rejected += n->own == TH_OWN_REJECTED;
        out->missing += n->own == TH_OWN_MISSING;
        out->late += n->own == TH_OWN_ACCEPTED && n->late;
    }
}

size_t th_prose_said(const struct th_cons *c, int which)
{
    size_t k = 0;
    for (size_t i = 0; i < c->nnodes; i++)
        k += c->nodes[i]->own == TH_OWN_ACCEPTED && c->nodes[i]->narr[which ? TH_NARR_PROPOSALS : TH_NARR_DIFFICULTIES];
    return k;
}

/* ---- who reported ---- */

char *th_prose_sheets(const struct th_cons *c, const struct th_period_def *pd, const bool *mark)
{
    char **names;
    size_t n = th_wb_unit_sheets(c, pd, mark, &names);
    struct th_buf b;
    th_buf_init(&b, 0);
    for (size_t i = 0; i < n; i++) {
        th_buf_printf(&b, "%s“%s”", i ? ", " : "", names[i]);
        free(names[i]);
    }
    free(names);
    char *s = th_buf_detach(&b);
    return s ? s : th_strdup("");
}

/* The opening sentence about who reported (who: th_tpl_who), true for
 * every combination of counts: nothing is said of a zero. */
static char *reporting_sentence(const struct th_compl *k, const char *who)
{
    char e[32], a[32], r[32], m[32], l[32], pct[48];
    fmt_count(k->expected, e);
    fmt_count(k->accepted, a);
    fmt_count(k->rejected, r);
    fmt_count(k->missing, m);
    fmt_count(k->late, l);
    if (k->expected == 0)
        return th_asprintf("Trong kỳ không có %s nào thuộc diện báo cáo.", who);
    if (k->accepted == k->expected)
        return k->late ? th_asprintf("Tất cả %s %s thuộc diện báo cáo đã gửi báo cáo đạt yêu cầu; trong đó %s đơn "
                                     "vị gửi báo cáo sau thời hạn.",
                                     e, who, l)
                       : th_asprintf("Tất cả %s %s thuộc diện báo cáo đã gửi báo cáo đạt yêu cầu, đúng thời hạn.", e,
                                     who);
    struct th_buf b;
    th_buf_init(&b, 0);
    if (k->accepted == 0)
        th_buf_printf(&b, "Trong %s %s thuộc diện báo cáo, chưa có đơn vị nào gửi báo cáo đạt yêu cầu", e, who);
    else
        th_buf_printf(&b, "Có %s/%s %s thuộc diện báo cáo đã gửi báo cáo đạt yêu cầu (tỷ lệ %s)", a, e, who,
                      th_fmt_pct(100.0 * (double)k->accepted / (double)k->expected, 1, pct));
    if (k->rejected)
        th_buf_printf(&b, "; %s đơn vị gửi báo cáo chưa đạt yêu cầu", r);
    if (k->missing)
        th_buf_printf(&b, "; %s đơn vị chưa gửi báo cáo", m);
    if (k->late)
        th_buf_printf(&b, "; %s đơn vị gửi báo cáo sau thời hạn", l);
    th_buf_puts(&b, ".");
    return th_buf_detach(&b);
}

void th_prose_completeness(const struct th_tpl_ctx *x, size_t max, struct th_paras *out)
{
    const struct th_cons *c = x->c;
    static const struct {
        enum th_own own;
        bool late;
        const char *lead;
    } kinds[] = {{TH_OWN_MISSING, false, "Các đơn vị chưa gửi báo cáo"},
                 {TH_OWN_REJECTED, false, "Các đơn vị gửi báo cáo chưa đạt yêu cầu"},
                 {TH_OWN_ACCEPTED, true, "Các đơn vị gửi báo cáo sau thời hạn"}};
    struct th_compl k;
    th_prose_compl(c, &k);
    char *who = th_tpl_who(x);
    say(out, reporting_sentence(&k, who));
    free(who);
    for (size_t kk = 0; kk < sizeof kinds / sizeof kinds[0]; kk++) {
        struct th_buf b;
        th_buf_init(&b, 1u << 20);
        size_t n = 0;
        for (size_t i = 0; i < c->nnodes; i++) {
            const struct th_cons_node *u = c->nodes[i];
            if (!u->expected || u->own != kinds[kk].own || (kinds[kk].late && !u->late))
                continue;
            if (n < max)
                th_buf_printf(&b, "%s%s", n ? ", " : "", u->name);
            n++;
        }
        if (n > max) {
            /* a long list belongs in the workbook, not in the report */
            char nb[32];
            th_buf_printf(&b, " và %s đơn vị khác (danh sách đầy đủ tại tệp %s kèm theo Báo cáo, ",
                          th_fmt_int((int64_t)(n - max), nb), TH_WORKBOOK_FILE);
            if (kinds[kk].late) {
                bool *mark = th_calloc(c->nnodes, sizeof *mark);
                for (size_t i = 0; i < c->nnodes; i++)
                    mark[i] = c->nodes[i]->expected && c->nodes[i]->own == TH_OWN_ACCEPTED && c->nodes[i]->late;
                char *sheets = th_prose_sheets(c, x->per->def, mark);
                th_buf_printf(&b, "cột “Nộp muộn” của trang %s)", sheets);
                free(sheets);
                free(mark);
            } else {
                th_buf_printf(&b, "trang “%s”)", TH_WB_SHEET_MISSING);
            }
        }
        if (n) {
            char nb[32];
            say(out, th_asprintf("%s (%s đơn vị): %s.", kinds[kk].lead, fmt_count(n, nb), b.data));
        }
        th_buf_release(&b);
    }
}

/* ---- last year ---- */

void th_prose_comparison(const struct th_tpl_ctx *x, struct th_paras *out)
{
    const struct th_plan *pl = x->ws->plan;
    int py = x->per->year - 1;
    const char *label = x->per->def->label;
    if (!x->prev) {
        if (x->per->def->year) /* declared for one year: there is no same period a year earlier */
            say(out, th_asprintf("Kỳ báo cáo đột xuất %s %d không có kỳ tương ứng của năm %d nên không có số liệu "
                                 "cùng kỳ để so sánh.",
                                 label, x->per->year, py));
        else if (py < pl->year_from)
            say(out, th_asprintf("Số liệu thực hiện Kế hoạch được tổng hợp từ năm %d nên chưa có số liệu cùng kỳ năm %d để "
                                 "so sánh.",
                                 pl->year_from, py));
        else
            say(out, th_asprintf("Chưa có số liệu tổng hợp %s %d (cùng kỳ năm trước) để so sánh.", label, py));
        return;
    }
    struct th_compl k;
    th_prose_compl(x->prev, &k);
    char a[32], e[32];
    fmt_count(k.accepted, a);
    fmt_count(k.expected, e);
    if (k.accepted == k.expected)
        say(out, th_asprintf("Số liệu cùng kỳ năm %d (%s %d) được tổng hợp từ báo cáo của tất cả %s cơ quan, đơn "
                             "vị, địa phương thuộc diện báo cáo trong kỳ đó.",
                             py, label, py, e));
    else
        say(out, th_asprintf("Số liệu cùng kỳ năm %d (%s %d) được tổng hợp từ báo cáo của %s/%s cơ quan, đơn vị, "
                             "địa phương đã gửi báo cáo đạt yêu cầu trong kỳ đó.",
                             py, label, py, a, e));
}

/* ---- the lead department's own account ---- */

void th_prose_direction(const struct th_tpl_ctx *x, struct th_paras *out)
{
    const struct th_identity *id = th_plan_identity(x->ws->plan, th_report_date(x->ws->plan, x->per));
    const struct th_cons_node *n = id->issuing_unit ? th_cons_find(x->c, id->issuing_unit) : NULL;
    if (n && n->own == TH_OWN_ACCEPTED && n->narr[TH_NARR_RESULTS])
        say(out, th_strdup(n->narr[TH_NARR_RESULTS]));
}

/* ---- indicators ---- */

static const struct th_indicator *plan_indicator(const struct th_plan *pl, const char *code)
{
    for (size_t i = 0; i < pl->nindicators; i++)
        if (strcmp(pl->indicators[i].code, code) == 0)
            return &pl->indicators[i];
    return NULL;
}

static const struct th_cons_indicator *node_indicator(const struct th_cons_node *n, const char *code)
{
    for (size_t i = 0; n && i < n->nind; i++)
        if (strcmp(n->ind[i].code, code) == 0)
            return &n->ind[i];
    return NULL;
}

size_t th_prose_shown(const struct th_workspace *ws, const struct th_period *per, const struct th_cons *c,
                      const struct th_cons *prev, struct th_shown **out)
{
    const struct th_cons_node *r = c->root;
    const struct th_plan *pl = ws ? ws->plan : NULL;
    struct th_shown *v = th_calloc(r->nind ? r->nind : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_indicator *def = pl ? plan_indicator(pl, r->ind[i].code) : NULL;
        if (pl && (!def || !th_indicator_shown(pl, def, per->year) || r->ind[i].status == TH_IND_NOT_ASKED))
            continue; /* not asked: th_prose_not_asked says so, no 0 in a table */
        struct th_shown *s = &v[n++];
        s->ci = &r->ind[i];
        s->prev = prev ? node_indicator(prev->root, s->ci->code) : NULL;
        if (pl)
            th_assess(pl, per, s->ci, s->prev, &s->a);
        s->no = n;
    }
    *out = v;
    return n;
}

/* "người có hoàn cảnh khó khăn (có nhu cầu tư vấn, hỗ trợ; được quản lý
 * ca)", "kinh phí": the fields d asks, by section, a whole section by its
 * title alone. */
static void asked_fields(const struct th_period_def *d, struct th_buf *b)
{
    bool first = true;
    for (size_t k = 0; k < th_nsections; k++) {
        size_t all = 0, asked = 0;
        for (size_t i = 0; i < th_nnumeric; i++)
            if (strcmp(th_fields[i].section, th_sections[k].id) == 0) {
                all++;
                asked += th_period_asks(d, th_fields[i].id);
            }
        if (!asked)
            continue;
        char *t = th_tpl_lower_first(th_sections[k].title);
        th_buf_printf(b, "%s%s", first ? "" : "; ", t);
        free(t);
        first = false;
        if (asked == all)
            continue;
        const char *sep = " (";
        for (size_t i = 0; i < th_nnumeric; i++)
            if (strcmp(th_fields[i].section, th_sections[k].id) == 0 && th_period_asks(d, th_fields[i].id)) {
                char *l = th_tpl_lower_first(th_fields[i].label);
                th_buf_printf(b, "%s%s", sep, l);
                free(l);
                sep = "; ";
            }
        th_buf_puts(b, ")");
    }
}

char *th_prose_not_asked(const struct th_workspace *ws, const struct th_period *per, const struct th_cons *c)
{
    const struct th_cons_node *r = c->root;
    const struct th_plan *pl = ws->plan;
    struct th_buf names;
    th_buf_init(&names, 0);
    size_t k = 0;
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_indicator *def = plan_indicator(pl, r->ind[i].code);
        if (r->ind[i].status != TH_IND_NOT_ASKED || !def || !th_indicator_shown(pl, def, per->year))
            continue;
        char *nm = th_tpl_lower_first(r->ind[i].name);
        th_buf_printf(&names, "%s%s", k++ ? "; " : "", nm);
        free(nm);
    }
    if (!k) {
        th_buf_release(&names);
        return NULL;
    }
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_printf(&b, "Kỳ báo cáo %s%s %d chỉ yêu cầu số liệu về ", per->def->year ? "đột xuất " : "",
                  per->def->label, per->year);
    asked_fields(per->def, &b);
    th_buf_printf(&b, " nên %s %s không được tổng hợp trong báo cáo này.", k > 1 ? "các chỉ tiêu" : "chỉ tiêu",
                  names.data);
    th_buf_release(&names);
    return th_buf_detach(&b);
}

char *th_prose_value(const struct th_cons_indicator *ci)
{
    char v[48], a[32], b[32];
    if (ci->status == TH_IND_NOT_ASKED)
        return th_strdup("Kỳ báo cáo không yêu cầu");
    if (ci->status == TH_IND_NO_DATA)
        return th_strdup("Chưa có số liệu");
    if (ci->status == TH_IND_ZERO_DEN)
        return th_strdup("Không xác định (mẫu số bằng 0)");
    if (ci->ratio)
        return th_asprintf("%s (%s/%s)", th_fmt_pct(ci->value, 1, v), th_fmt_int(ci->num, a), th_fmt_int(ci->den, b));
    return th_strdup(th_fmt_dec(ci->value, 0, v));
}

char *th_prose_target(const struct th_shown *s, int year)
{
    if (!s->a.t)
        return th_strdup("Không đặt chỉ tiêu");
    char *ph = th_target_phrase(s->a.t, s->ci->ratio), *cap = NULL, b[48];
    /* the phrase starts a cell: capital first letter ("đến" -> "Đến") */
    if (strncmp(ph, "đến", strlen("đến")) == 0)
        cap = th_asprintf("Đến%s", ph + strlen("đến"));
    else
        cap = th_strdup(ph);
    free(ph);
    double m;
    if (th_target_milestone(s->a.t, year, &m)) {
        char *c2 = th_asprintf("%s; mốc năm %d: %s%s", cap, year, th_fmt_dec(m, m == floor(m) ? 0 : 1, b),
                               s->ci->ratio ? "%" : "");
        free(cap);
        cap = c2;
    }
    return cap;
}

char *th_prose_verdict(const struct th_shown *s)
{
    char b[48];
    const struct th_assessment *a = &s->a;
    switch (a->v) {
    case TH_V_MET:
        return th_strdup(a->milestone ? "Đạt mốc năm" : "Đạt");
    case TH_V_NOT_MET:
        return th_strdup(a->milestone ? "Chưa đạt mốc năm" : "Chưa đạt");
    case TH_V_ON_TRACK:
        return th_asprintf("Có khả năng đạt vào năm %d", a->horizon);
    case TH_V_BEHIND:
        return th_asprintf("Khó đạt vào năm %d nếu không đẩy nhanh tiến độ", a->horizon);
    case TH_V_IN_PROGRESS:
        /* before the horizon with no milestone and no trend: still under way, not missed */
        return th_asprintf("Đang thực hiện; cần tăng thêm %s%s đến năm %d",
                           s->ci->ratio ? th_fmt_dec(a->gap, 1, b) : th_fmt_dec(ceil(a->gap), 0, b),
                           s->ci->ratio ? " điểm %" : "", a->horizon);
    case TH_V_YEAR_END:
        return th_strdup("Đánh giá theo số liệu cả năm");
    case TH_V_NONE:
        break;
    }
    return th_strdup("Chưa đánh giá");
}

/* "28,4 điểm phần trăm", "1.250": how far an indicator is from a level. */
static char *gap_text(const struct th_cons_indicator *ci, double gap)
{
    char b[48];
    if (ci->ratio)
        return th_asprintf("%s điểm phần trăm", th_fmt_dec(gap, 1, b));
    return th_strdup(th_fmt_dec(ceil(gap), 0, b));
}

char *th_prose_vs(const struct th_shown *s, int py)
{
    char b[48], pv[48];
    if (!s->a.has_prev)
        return th_strdup("");
    const struct th_cons_indicator *ci = s->ci;
    if (ci->ratio) {
        double d = ci->value - s->a.prev_value;
        th_fmt_pct(s->a.prev_value, 1, pv);
        if (fabs(d) < 0.05)
            return th_asprintf(", bằng cùng kỳ năm %d (%s)", py, pv);
        return th_asprintf(", %s %s điểm phần trăm so với cùng kỳ năm %d (%s)", d > 0 ? "tăng" : "giảm",
                           th_fmt_dec(fabs(d), 1, b), py, pv);
    }
    th_fmt_dec(s->a.prev_value, 0, pv);
    if (s->a.prev_value == ci->value)
        return th_asprintf(", bằng cùng kỳ năm %d", py);
    if (s->a.prev_value == 0)
        return th_asprintf(" (cùng kỳ năm %d: 0)", py);
    double pct = (ci->value - s->a.prev_value) * 100.0 / s->a.prev_value;
    return th_asprintf(", %s %s so với cùng kỳ năm %d (%s)", pct > 0 ? "tăng" : "giảm", th_fmt_pct(fabs(pct), 1, b),
                       py, pv);
}

static char *vs_text(const struct th_tpl_ctx *x, const struct th_shown *s)
{
    return x->prev ? th_prose_vs(s, x->prev->year) : th_strdup("");
}

/* The verdict in words, after the target: "đã đạt chỉ tiêu", "còn thiếu …". */
static char *verdict_text(const struct th_tpl_ctx *x, const struct th_shown *s)
{
    const struct th_assessment *a = &s->a;
    int year = x->per->year;
    char *gap = gap_text(s->ci, a->gap), *r = NULL;
    switch (a->v) {
    case TH_V_MET:
        r = th_strdup(a->milestone ? "đạt mốc của năm" : year >= a->horizon ? "đạt chỉ tiêu" : "đã đạt mức chỉ tiêu");
        break;
    case TH_V_NOT_MET:
        r = th_asprintf("chưa đạt%s, còn thiếu %s", a->milestone ? " mốc của năm" : " chỉ tiêu", gap);
        break;
    case TH_V_ON_TRACK:
        r = th_asprintf("còn thiếu %s; với mức tăng như hiện nay có khả năng đạt vào năm %d", gap, a->horizon);
        break;
    case TH_V_BEHIND:
        r = th_asprintf("còn thiếu %s; với mức như hiện nay khó đạt vào năm %d nếu không đẩy nhanh tiến độ", gap,
                        a->horizon);
        break;
    case TH_V_IN_PROGRESS:
        r = th_asprintf("còn thiếu %s so với chỉ tiêu", gap);
        break;
    case TH_V_YEAR_END:
        r = th_strdup("chỉ tiêu được đánh giá theo số liệu cả năm");
        break;
    case TH_V_NONE:
        r = a->t ? th_strdup("chưa đủ số liệu để đánh giá") : NULL;
        break;
    }
    free(gap);
    return r;
}

/* One indicator in a sentence: result, last year, target, verdict. */
static char *indicator_sentence(const struct th_tpl_ctx *x, const struct th_shown *s)
{
    const struct th_cons_indicator *ci = s->ci;
    const struct th_assessment *a = &s->a;
    if (ci->status == TH_IND_NO_DATA)
        return th_asprintf("%s: chưa có số liệu.", ci->name);
    if (ci->status == TH_IND_ZERO_DEN)
        return th_asprintf("%s: không xác định được do mẫu số bằng 0.", ci->name);
    char v[48], n1[32], n2[32], bl[48], ch[48];
    struct th_buf b;
    th_buf_init(&b, 0);
    if (ci->ratio)
        th_buf_printf(&b, "%s đạt %s (%s/%s)", ci->name, th_fmt_pct(ci->value, 1, v), th_fmt_int(ci->num, n1),
                      th_fmt_int(ci->den, n2));
    else
        th_buf_printf(&b, "%s là %s", ci->name, th_fmt_dec(ci->value, 0, v));
    char *vs = vs_text(x, s);
    th_buf_puts(&b, vs);
    free(vs);
    if (a->t && a->t->relative && a->v != TH_V_YEAR_END && ci->has_baseline && ci->baseline > 0)
        th_buf_printf(&b, ", %s %s so với năm %d (%s)", ci->change >= 0 ? "tăng" : "giảm",
                      th_fmt_pct(fabs(ci->change), 1, ch), a->t->baseline_year,
                      th_fmt_dec(ci->baseline, ci->ratio ? 1 : 0, bl));
    if (a->t) {
        char *ph = th_target_phrase(a->t, ci->ratio);
        th_buf_printf(&b, "; chỉ tiêu %s", ph);
        free(ph);
        double m;
        if (th_target_milestone(a->t, x->per->year, &m))
            th_buf_printf(&b, " (mốc năm %d: %s%s)", x->per->year, th_fmt_dec(m, m == floor(m) ? 0 : 1, bl),
                          ci->ratio ? "%" : "");
    }
    char *vd = verdict_text(x, s);
    if (vd)
        th_buf_printf(&b, ": %s", vd);
    free(vd);
    th_buf_puts(&b, ".");
    return th_buf_detach(&b);
}

enum { K_MET, K_NOT_MET, K_PROGRESS, K_YEAR_END, K_NONE, K_COUNT };

static int verdict_kind(enum th_verdict v)
{
    switch (v) {
    case TH_V_MET: return K_MET;
    case TH_V_NOT_MET: return K_NOT_MET;
    case TH_V_ON_TRACK:
    case TH_V_BEHIND:
    case TH_V_IN_PROGRESS: return K_PROGRESS;
    case TH_V_YEAR_END: return K_YEAR_END;
    case TH_V_NONE: break;
    }
    return K_NONE;
}

void th_prose_indicators(const struct th_tpl_ctx *x, const struct th_shown *s, size_t n, struct th_paras *out)
{
    size_t k[K_COUNT] = {0}, targeted = 0;
    char *na = th_prose_not_asked(x->ws, x->per, x->c);
    if (na)
        say(out, na);
    for (size_t i = 0; i < n; i++) {
        item(out, indicator_sentence(x, &s[i]));
        if (s[i].a.t) {
            targeted++;
            k[verdict_kind(s[i].a.v)]++;
        }
    }
    struct th_compl c;
    th_prose_compl(x->c, &c);
    char a[32], e[32];
    if (c.accepted < c.expected && c.accepted > 0) {
        char *who = th_tpl_who(x);
        say(out, th_asprintf("Các kết quả trên được tính từ số liệu của %s/%s %s đã gửi báo cáo đạt yêu cầu.",
                             fmt_count(c.accepted, a), fmt_count(c.expected, e), who));
        free(who);
    }
    char t[32];
    fmt_count(targeted, t);
    if (targeted == 0) {
        if (n)
            say(out, th_asprintf("Kế hoạch không đặt chỉ tiêu áp dụng cho %s %d.", x->per->def->label, x->per->year));
        return;
    }
    bool last = true;
    for (size_t i = 0; i < n; i++)
        last &= !s[i].a.t || x->per->year >= s[i].a.horizon;
    if (k[K_MET] == targeted) {
        say(out, targeted == 1 ? th_strdup(last ? "Chỉ tiêu của Kế hoạch đã đạt." : "Chỉ tiêu của Kế hoạch đã đạt mức đề ra.")
                               : th_asprintf(last ? "Cả %s chỉ tiêu của Kế hoạch đều đạt."
                                                  : "Cả %s chỉ tiêu của Kế hoạch đều đã đạt mức đề ra.",
                                             t));
        return;
    }
    static const char *const words[K_COUNT] = {"đã đạt", "chưa đạt", "chưa đạt mức đề ra, đang tiếp tục thực hiện",
                                               "được đánh giá theo số liệu cả năm", "chưa đủ số liệu để đánh giá"};
    for (int kk = 0; kk < K_COUNT; kk++)
        if (k[kk] == targeted && targeted == 1) {
            say(out, th_asprintf("Chỉ tiêu của Kế hoạch áp dụng cho %s %d %s (Bảng 1).", x->per->def->label,
                                 x->per->year, words[kk]));
            return;
        } else if (k[kk] == targeted) {
            say(out, th_asprintf("Cả %s chỉ tiêu của Kế hoạch áp dụng cho %s %d đều %s (Bảng 1).", t,
                                 x->per->def->label, x->per->year, words[kk]));
            return;
        }
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_printf(&b, "Trong %s chỉ tiêu của Kế hoạch áp dụng cho %s %d: ", t, x->per->def->label, x->per->year);
    bool first = true;
    for (int kk = 0; kk < K_COUNT; kk++) {
        if (!k[kk])
            continue;
        char nb[32];
        th_buf_printf(&b, "%s%s chỉ tiêu %s", first ? "" : "; ", fmt_count(k[kk], nb), words[kk]);
        first = false;
    }
    th_buf_puts(&b, " (Bảng 1).");
    say(out, th_buf_detach(&b));
}

/* "tỷ lệ … (61,6%); số người … (8.856)": the names of the indicators of
 * one kind (pick), lower-cased, with their values. */
static char *name_list(const struct th_shown *s, size_t n, bool (*pick)(const struct th_shown *), size_t *count)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!pick(&s[i]))
            continue;
        char v[48], *nm = th_tpl_lower_first(s[i].ci->name);
        const struct th_cons_indicator *ci = s[i].ci;
        th_buf_printf(&b, "%s%s (%s)", *count ? "; " : "", nm,
                      ci->status != TH_IND_OK ? "chưa có số liệu"
                      : ci->ratio            ? th_fmt_pct(ci->value, 1, v)
                                             : th_fmt_dec(ci->value, 0, v));
        free(nm);
        ++*count;
    }
    char *r = th_buf_detach(&b);
    return r ? r : th_strdup("");
}

static bool is_met(const struct th_shown *s) { return s->a.t && s->a.v == TH_V_MET; }
static bool is_short(const struct th_shown *s)
{
    return s->a.t && (s->a.v == TH_V_NOT_MET || s->a.v == TH_V_BEHIND || s->a.v == TH_V_IN_PROGRESS ||
                      s->a.v == TH_V_ON_TRACK);
}
static bool rose(const struct th_shown *s) { return s->a.has_prev && s->ci->status == TH_IND_OK && s->ci->value > s->a.prev_value + 1e-9; }
static bool fell(const struct th_shown *s) { return s->a.has_prev && s->ci->status == TH_IND_OK && s->ci->value < s->a.prev_value - 1e-9; }

void th_prose_strengths(const struct th_tpl_ctx *x, const struct th_shown *s, size_t n, struct th_paras *out)
{
    size_t k;
    char nb[32], tb[32];
    char *met = name_list(s, n, is_met, &k);
    if (k)
        item(out, th_asprintf("%s chỉ tiêu đã đạt mức chỉ tiêu của Kế hoạch: %s.", fmt_count(k, nb), met));
    free(met);
    size_t up;
    char *ups = name_list(s, n, rose, &up);
    if (up && x->prev)
        item(out, th_asprintf("%s/%s chỉ tiêu có kết quả cao hơn cùng kỳ năm %d: %s.", fmt_count(up, nb),
                              fmt_count(n, tb), x->prev->year, ups));
    free(ups);
    struct th_compl c;
    th_prose_compl(x->c, &c);
    if (c.expected && c.accepted == c.expected) {
        char *who = th_tpl_who(x);
        item(out, c.late ? th_asprintf("Tất cả các %s thuộc diện báo cáo đã gửi báo cáo đạt yêu cầu.", who)
                         : th_asprintf("Các %s thuộc diện báo cáo đều gửi báo cáo đạt yêu cầu, đúng thời hạn.", who));
        free(who);
    }
}

void th_prose_weaknesses(const struct th_tpl_ctx *x, const struct th_shown *s, size_t n, struct th_paras *out)
{
    size_t k, down;
    char nb[32];
    bool any = false;
    char *low = name_list(s, n, is_short, &k);
    if (k) {
        item(out, th_asprintf("%s chỉ tiêu chưa đạt mức chỉ tiêu của Kế hoạch: %s.", fmt_count(k, nb), low));
        any = true;
    }
    free(low);
    char *downs = name_list(s, n, fell, &down);
    if (down && x->prev) {
        item(out, th_asprintf("%s chỉ tiêu có kết quả thấp hơn cùng kỳ năm %d: %s.", fmt_count(down, nb),
                              x->prev->year, downs));
        any = true;
    }
    free(downs);
    struct th_compl c;
    th_prose_compl(x->c, &c);
    if (c.missing || c.rejected || c.late) {
        bool full = c.missing || c.rejected;
        struct th_buf b;
        th_buf_init(&b, 0);
        th_buf_printf(&b, "Việc báo cáo của các đơn vị %s: ",
                      full && c.late ? "chưa đầy đủ, chưa đúng thời hạn" : full ? "chưa đầy đủ" : "chưa đúng thời hạn");
        const char *sep = "";
        if (c.missing) {
            th_buf_printf(&b, "%s đơn vị chưa gửi báo cáo", fmt_count(c.missing, nb));
            sep = ", ";
        }
        if (c.rejected) {
            th_buf_printf(&b, "%s%s đơn vị gửi báo cáo chưa đạt yêu cầu", sep, fmt_count(c.rejected, nb));
            sep = ", ";
        }
        if (c.late)
            th_buf_printf(&b, "%s%s đơn vị gửi báo cáo sau thời hạn", sep, fmt_count(c.late, nb));
        th_buf_puts(&b, ".");
        item(out, th_buf_detach(&b));
        any = true;
    }
    size_t judged = 0, year_end = 0;
    for (size_t i = 0; i < n; i++) {
        year_end += s[i].a.v == TH_V_YEAR_END;
        judged += s[i].a.v != TH_V_YEAR_END && s[i].a.v != TH_V_NONE;
    }
    if (!any && !judged && year_end) /* nothing judged (9 months of an ad hoc request): no "no indicator short" */
        say(out, th_strdup("Các đơn vị thuộc diện báo cáo gửi báo cáo đầy đủ, đúng thời hạn."));
    else if (!any)
        say(out, th_strdup("Không có chỉ tiêu chưa đạt mức chỉ tiêu của Kế hoạch; các đơn vị thuộc diện báo cáo gửi "
                           "báo cáo đầy đủ, đúng thời hạn."));
}

/* ---- what the units wrote ---- */

struct said {
    const char *text;
    size_t count;
};

static int said_cmp(const void *a, const void *b)
{
    const struct said *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->text, y->text);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The statements written by several units, most frequent first: at most
 * FREQUENT_MAX, each quoted with how many units wrote it; "" when every unit
 * wrote its own. Caller frees. */
static char *frequent(const struct th_cons *c, int which)
{
    size_t n = 0;
    const char **v = th_calloc(c->nnodes + 1, sizeof *v);
    for (size_t i = 0; i < c->nnodes; i++)
        if (c->nodes[i]->own == TH_OWN_ACCEPTED && c->nodes[i]->narr[which])
            v[n++] = c->nodes[i]->narr[which];
    qsort(v, n, sizeof *v, str_cmp);
    struct said *g = th_calloc(n + 1, sizeof *g);
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        if (ng && strcmp(g[ng - 1].text, v[i]) == 0)
            g[ng - 1].count++;
        else
            g[ng++] = (struct said){v[i], 1};
    }
    qsort(g, ng, sizeof *g, said_cmp);
    struct th_buf b;
    th_buf_init(&b, 0);
    for (size_t i = 0; i < ng && i < FREQUENT_MAX && g[i].count > 1; i++) {
        char q[4 * QUOTE_CHARS + 8], nb[32];
        th_excerpt(g[i].text, QUOTE_CHARS, q, sizeof q);
        size_t ql = strlen(q);
        while (ql && (q[ql - 1] == '.' || q[ql - 1] == ';' || q[ql - 1] == ' '))
            q[--ql] = '\0';
        th_buf_printf(&b, "%s“%s” (%s đơn vị)", i ? "; " : "", q, fmt_count(g[i].count, nb));
    }
    free(g);
    free(v);
    char *r = th_buf_detach(&b);
    return r ? r : th_strdup("");
}

static void units_said(const struct th_tpl_ctx *x, int which, struct th_paras *out)
{
    size_t k = th_prose_said(x->c, which);
    struct th_compl c;
    th_prose_compl(x->c, &c);
    const char *what = which ? "có kiến nghị, đề xuất" : "nêu khó khăn, vướng mắc";
    if (!th_period_asks(x->per->def, th_fields[TH_NARR_FIELD0 + (which ? TH_NARR_PROPOSALS : TH_NARR_DIFFICULTIES)].id))
        return; /* not asked: "không nêu" would be false */
    if (!k) {
        say(out, th_asprintf(which ? "Các đơn vị không có kiến nghị, đề xuất trong báo cáo %s %d."
                                   : "Các đơn vị không nêu khó khăn, vướng mắc trong báo cáo %s %d.",
                             x->per->def->label, x->per->year));
        return;
    }
    char kb[32], ab[32];
    size_t base = 0;
    for (size_t i = 0; i < x->c->nnodes; i++)
        base += x->c->nodes[i]->own == TH_OWN_ACCEPTED;
    const char *app = x->appendix_no[TH_TPL_SEL_NARRATIVES];
    char *ref = app ? th_asprintf(" (chi tiết tại %s)", app) : th_strdup("");
    char *freq = frequent(x->c, which ? TH_NARR_PROPOSALS : TH_NARR_DIFFICULTIES);
    say(out, th_asprintf("Theo báo cáo của các đơn vị, có %s/%s đơn vị %s%s%s%s.", fmt_count(k, kb),
                         fmt_count(base, ab), what, ref, *freq ? "; nội dung được nhiều đơn vị nêu: " : "", freq));
    free(freq);
    free(ref);
}

void th_prose_causes(const struct th_tpl_ctx *x, struct th_paras *out)
{
    units_said(x, 0, out);
}

void th_prose_units_said(const struct th_tpl_ctx *x, bool proposals, struct th_paras *out)
{
    units_said(x, proposals ? 1 : 0, out);
}

void th_prose_directions(const struct th_tpl_ctx *x, const struct th_shown *s, size_t n, struct th_paras *out)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_short(&s[i]))
            continue;
        char v[48], *nm = th_tpl_lower_first(s[i].ci->name), *ph = th_target_phrase(s[i].a.t, s[i].ci->ratio);
        item(out, th_asprintf("Tập trung thực hiện chỉ tiêu %s (kết quả %s %d: %s; chỉ tiêu %s).", nm,
                              x->per->def->label, x->per->year,
                              s[i].ci->ratio ? th_fmt_pct(s[i].ci->value, 1, v) : th_fmt_dec(s[i].ci->value, 0, v), ph));
        free(nm);
        free(ph);
    }
    struct th_compl c;
    th_prose_compl(x->c, &c);
    if (c.missing || c.rejected || c.late) {
        char *who = th_tpl_who(x);
        item(out, th_asprintf("Đôn đốc, hướng dẫn các %s gửi báo cáo đầy đủ, đúng thời hạn%s.", who,
                              c.rejected ? "; hướng dẫn các đơn vị có báo cáo chưa đạt yêu cầu hoàn thiện số liệu" : ""));
        free(who);
    }
}

/* ---- agencies ---- */

static bool in_list(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

/* The nodes of an agency: its units, else the units of its kinds (not
 * under another one of them). c->nodes is in pre-order, so the nodes under
 * one taken are those after it that are deeper: no set of the nodes taken
 * (which cost 30 bytes a unit of the registry at a national scale), and
 * no scan of them (which was quadratic for a kind of 100,000 communes). */
static size_t agency_nodes(const struct th_cons *c, const struct th_agency *ag, const struct th_cons_node ***out)
{
    const struct th_cons_node **v = NULL;
    size_t n = 0, cap = 0;
    int taken_depth = -1; /* the depth of the last node taken while its subtree lasts */
    for (size_t i = 0; i < c->nnodes; i++) {
        const struct th_cons_node *nd = c->nodes[i];
        if (taken_depth >= 0 && nd->depth > taken_depth)
            continue; /* under the last one taken */
        taken_depth = -1;
        bool hit = in_list(ag->units, ag->nunits, nd->code) || (nd->kind && in_list(ag->kinds, ag->nkinds, nd->kind));
        if (!hit || nd->depth == 0)
            continue;
        TH_GROW(v, cap, n + 1);
        v[n++] = nd;
        taken_depth = nd->depth;
    }
    *out = v; /* NULL when none */
    return n;
}

bool th_prose_agency_present(const struct th_cons *c, const struct th_agency *ag)
{
    const struct th_cons_node **v;
    size_t n = agency_nodes(c, ag, &v);
    free(v);
    return n > 0;
}

/* Whether another agency of the plan stands for node n alone: an agency
 * of several units whose asked units all sit under n (the departments,
 * of which a request asks only the Sở Y tế's facilities) would repeat
 * that agency's sentence, figure for figure. */
static bool agency_repeats(const struct th_tpl_ctx *x, const struct th_agency *ag, const struct th_cons_node *n)
{
    const struct th_plan *pl = x->ws->plan;
    for (size_t k = 0; k < pl->nagencies; k++) {
        if (&pl->agencies[k] == ag)
            continue;
        const struct th_cons_node **w;
        size_t nw = agency_nodes(x->c, &pl->agencies[k], &w);
        bool same = nw == 1 && w[0] == n;
        free(w);
        if (same)
            return true;
    }
    return false;
}

/* A node standing for several: their totals and counts summed, the plan's
 * indicators recomputed over the sums (no targets). */
struct agg {
    struct th_cons_node n;
    int64_t total[TH_NNUMERIC];
};

static void agg_build(const struct th_tpl_ctx *x, const struct th_cons_node *const *v, size_t nv, struct agg *g)
{
    memset(g, 0, sizeof *g);
    g->n.total = g->total;
    g->n.name = v[0]->name;
    g->n.code = v[0]->code;
    g->n.depth = 1;
    for (size_t i = 0; i < nv; i++) {
        struct th_values buf;
        const int64_t *t = th_cons_totals(v[i], &buf);
        for (size_t f = 0; f < TH_NNUMERIC; f++)
            g->total[f] += t[f];
        g->n.n_expected += v[i]->n_expected;
        g->n.n_received += v[i]->n_received;
        g->n.n_accepted += v[i]->n_accepted;
        g->n.n_rejected += v[i]->n_rejected;
        g->n.n_missing += v[i]->n_missing;
        g->n.n_late += v[i]->n_late;
    }
    const struct th_plan *pl = x->ws->plan;
    const struct th_cons_node *r = x->c->root;
    g->n.nind = r->nind;
    g->n.ind = th_calloc(r->nind ? r->nind : 1, sizeof *g->n.ind);
    struct th_values vals;
    memcpy(vals.v, g->total, sizeof vals.v);
    memset(vals.present, 1, sizeof vals.present);
    for (size_t i = 0; i < r->nind; i++) {
        struct th_cons_indicator *ci = &g->n.ind[i];
        const struct th_indicator *def = plan_indicator(pl, r->ind[i].code);
        ci->code = r->ind[i].code;
        ci->name = r->ind[i].name;
        ci->ratio = r->ind[i].ratio;
        if (!def)
            continue;
        ci->num = th_expr_eval(&def->num, &vals, NULL, NULL, NULL, NULL);
        ci->den = ci->ratio ? th_expr_eval(&def->den, &vals, NULL, NULL, NULL, NULL) : 0;
        ci->status = r->ind[i].status == TH_IND_NOT_ASKED ? TH_IND_NOT_ASKED
                     : g->n.n_accepted == 0                ? TH_IND_NO_DATA
                     : ci->ratio && ci->den == 0            ? TH_IND_ZERO_DEN
                                                           : TH_IND_OK;
        if (ci->status == TH_IND_OK)
            ci->value = ci->ratio ? (double)ci->num * 100.0 / (double)ci->den : (double)ci->num;
    }
}

th_err th_prose_agency(const struct th_tpl_ctx *x, const struct th_agency *ag, const struct th_tpl_item *tpl,
                       const char *path, struct th_paras *out)
{
    const struct th_cons_node **v;
    size_t nv = agency_nodes(x->c, ag, &v);
    th_err e = TH_OK;
    if (!nv) {
        free(v);
        return TH_OK;
    }
    struct agg g;
    const struct th_cons_node *at = v[0];
    if (nv > 1) {
        agg_build(x, v, nv, &g);
        at = &g.n;
    }
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_printf(&b, "%s: ", ag->title);
    char kb[32], eb[32];
    /* the template's figures, when the period asks them (an ad hoc request
     * asking people's counts prints no 0 people working) */
    bool figs = at->n_accepted && tpl && tpl->text && th_tpl_asked(x, tpl->when.name, tpl->text);
    size_t ne_all = 0, nr_all = 0, nasked = 0;
    const struct th_cons_node *asked = NULL;
    for (size_t i = 0; i < nv; i++) {
        ne_all += v[i]->n_expected;
        nr_all += v[i]->n_received;
        if (v[i]->n_expected)
            nasked++, asked = v[i];
    }
    const struct th_period_def *pd = x->per->def;
    if ((ne_all == 0 && nr_all == 0) ||
        ((pd->nunits || pd->nkinds) && (ne_all == 0 || (nv > 1 && nasked == 1 && agency_repeats(x, ag, asked))))) {
        /* an agency with nothing asked and nothing received (the Bộ's own
         * Cục, which issues the report) has no line; nor, in a period
         * naming who reports (an ad hoc request), one not asked, or one
         * whose asked units are another's */
        th_buf_release(&b);
        if (nv > 1)
            free(g.n.ind);
        free(v);
        return TH_OK;
    }
    if (nv > 1 && ne_all == 0) {
        th_buf_puts(&b, "không thuộc diện báo cáo trong kỳ"); /* not "0/0 đơn vị" */
    } else if (nv > 1) {
        /* the agency's own units (their areas' figures follow); none of
         * them asked, only units below them (an ad hoc request to the
         * departments' facilities): those, not "0/0 đơn vị" */
        size_t ne = 0, na = 0;
        for (size_t i = 0; i < nv; i++) {
            ne += v[i]->expected;
            na += v[i]->expected && v[i]->own == TH_OWN_ACCEPTED;
        }
        if (ne)
            th_buf_printf(&b, "%s/%s đơn vị đã gửi báo cáo đạt yêu cầu", fmt_count(na, kb), fmt_count(ne, eb));
        else
            th_buf_printf(&b, "%s/%s cơ sở trực thuộc đã gửi báo cáo đạt yêu cầu", fmt_count(at->n_accepted, kb),
                          fmt_count(at->n_expected, eb));
        /* a few units named: which of them has not */
        if (na < ne && ne - na <= 5) {
            th_buf_puts(&b, " (chưa có báo cáo đạt yêu cầu của ");
            for (size_t i = 0, k = 0; i < nv; i++)
                if (v[i]->expected && v[i]->own != TH_OWN_ACCEPTED)
                    th_buf_printf(&b, "%s%s", k++ ? ", " : "", v[i]->name);
            th_buf_puts(&b, ")");
        }
        if (figs)
            th_buf_puts(&b, "; ");
    }
    else if (at->own == TH_OWN_MISSING && at->n_accepted == 0)
        th_buf_puts(&b, "chưa gửi báo cáo");
    else if (at->own == TH_OWN_REJECTED && at->n_accepted == 0)
        th_buf_puts(&b, "báo cáo gửi chưa đạt yêu cầu, số liệu chưa được tổng hợp");
    else if (at->own != TH_OWN_ACCEPTED && at->own != TH_OWN_NONE && at->n_accepted && figs)
        th_buf_printf(&b, "chưa có báo cáo của cơ quan; số liệu của %s cơ sở trực thuộc: ",
                      fmt_count(at->n_accepted, kb));
    else if (at->own != TH_OWN_ACCEPTED && at->n_accepted)
        /* the agency itself not asked (an ad hoc request of its units): what they sent */
        th_buf_printf(&b, "%s/%s cơ sở trực thuộc đã gửi báo cáo đạt yêu cầu%s", fmt_count(at->n_accepted, kb),
                      fmt_count(at->n_expected, eb), figs ? "; " : "");
    else if (at->n_accepted == 0)
        th_buf_puts(&b, "không thuộc diện báo cáo trong kỳ");
    else if (!figs)
        th_buf_puts(&b, "đã gửi báo cáo đạt yêu cầu");
    if (figs) {
        struct th_tpl_ctx y = *x;
        y.node = at;
        char *s = NULL;
        if ((e = th_tpl_expand(&y, path, tpl->line, tpl->text, &s)) == TH_OK)
            th_buf_puts(&b, s);
        free(s);
    }
    if (nv == 1 && at->own == TH_OWN_ACCEPTED && at->narr[TH_NARR_RESULTS]) {
        size_t l = strlen(at->narr[TH_NARR_RESULTS]);
        th_buf_printf(&b, ". %s", at->narr[TH_NARR_RESULTS]);
        if (l && strchr(".!?", at->narr[TH_NARR_RESULTS][l - 1]))
            b.len--, b.data[b.len] = '\0';
    }
    th_buf_puts(&b, ".");
    if (nv > 1)
        free(g.n.ind);
    free(v);
    if (e != TH_OK) {
        th_buf_release(&b);
        return e;
    }
    item(out, th_buf_detach(&b));
    return TH_OK;
}
