/* workspace.c - loading a workspace's three configuration files and checking
 * one submission against them (th_validate). */
#include "workspace.h"

#include <stdlib.h>
#include <string.h>

#include "entries.h"
#include "text.h"

struct th_workspace *th_workspace_open(const char *dir)
{
    return th_workspace_open_memo(dir, NULL);
}

/* The units and kinds plan.xml names (issuers, agencies) are in the
 * registry; a dated issuer is open on its identity's first day. */
static bool plan_units_known(const struct th_workspace *ws, const char *plan, const char *reg)
{
    const struct th_plan *p = ws->plan;
    bool ok = true;
    for (size_t i = 0; i < p->nidentities + p->has_undated; i++) {
        const struct th_identity *id = i < p->nidentities ? &p->identities[i] : &p->undated;
        char from[16];
        if (!th_registry_known(ws->reg, id->issuing_unit)) {
            th_error("%s:%d: issuing body unit '%s' is not in %s", plan, id->line, id->issuing_unit, reg);
            ok = false;
        } else if (id->from && !th_registry_at(ws->reg, id->issuing_unit, id->from)) {
            th_error("%s:%d: issuing body unit '%s' is not open on %s, when its identity begins (%s)", plan,
                     id->line, id->issuing_unit, th_fmt_dmy(id->from, from), reg);
            ok = false;
        }
    }
    for (size_t i = 0; i < p->nagencies; i++) {
        const struct th_agency *a = &p->agencies[i];
        for (size_t k = 0; k < a->nunits; k++)
            if (!th_registry_known(ws->reg, a->units[k])) {
                th_error("%s:%d: agency '%s' names unit '%s', which is not in %s", plan, a->line, a->title,
                         a->units[k], reg);
                ok = false;
            }
        for (size_t k = 0; k < a->nkinds; k++) {
            bool found = false;
            for (size_t j = 0; j < ws->reg->nkinds && !found; j++)
                found = strcmp(ws->reg->kinds[j].code, a->kinds[k]) == 0;
            if (!found) {
                th_error("%s:%d: agency '%s' names kind '%s', which %s does not declare", plan, a->line, a->title,
                         a->kinds[k], reg);
                ok = false;
            }
        }
    }
    return ok;
}

/* The period ids of the registry's reports= are the plan's: each plan
 * period gets its bit; an id the plan does not declare is an error where
 * the registry first names it. */
static bool periods_resolve(struct th_workspace *ws, const char *plan, const char *reg)
{
    bool ok = true;
    const struct th_registry *r = ws->reg;
    for (size_t i = 0; i < r->nperiod_ids; i++) {
        struct th_period_def *d = (struct th_period_def *)th_plan_period_def(ws->plan, r->period_ids[i]);
        if (d) {
            d->reg_bit |= 1u << i;
            continue;
        }
        if (strcmp(r->period_ids[i], "annual") == 0 || strcmp(r->period_ids[i], "h1") == 0)
            continue; /* the two kinds of old: a registry may name them for plans without them */
        char *ids = th_plan_period_ids(ws->plan);
        th_error("%s:%d: period '%s' is not declared in %s (declared: %s)", reg, r->period_lines[i],
                 r->period_ids[i], plan, ids);
        free(ids);
        ok = false;
    }
    return ok;
}

struct th_workspace *th_workspace_open_memo(const char *dir, const char *memo)
{
    if (!th_is_dir(dir)) {
        th_error("workspace '%s' is not a directory", dir);
        return NULL;
    }
    char *reg = th_path_join(dir, "registry.xml"), *plan = th_path_join(dir, "plan.xml"),
         *rules = th_path_join(dir, "rules.xml");
    struct th_workspace *ws = NULL;
    if (!th_is_file(reg) || !th_is_file(plan) || !th_is_file(rules)) {
        th_error("'%s' is not a workspace: it needs registry.xml, plan.xml and rules.xml "
                 "(use -w to name one, e.g. -w input/cantho)",
                 dir);
        goto out;
    }
    ws = th_calloc(1, sizeof *ws);
    ws->dir = th_strdup(dir);
    ws->reg = th_registry_load_memo(reg, memo);
    ws->plan = th_plan_load(plan);
    ws->rules = th_rules_load(rules);
    if (!ws->reg || !ws->plan || !ws->rules) {
        th_workspace_free(ws);
        ws = NULL;
        goto out;
    }
    if (!plan_units_known(ws, plan, reg) || !periods_resolve(ws, plan, reg)) {
        th_workspace_free(ws);
        ws = NULL;
    }
out:
    free(reg);
    free(plan);
    free(rules);
    return ws;
}

void th_workspace_free(struct th_workspace *ws)
{
    if (!ws)
        return;
    th_registry_free(ws->reg);
    th_plan_free(ws->plan);
    th_rules_free(ws->rules);
    free(ws->dir);
    free(ws);
}

char *th_workspace_period_dir(const struct th_workspace *ws, int year, const char *k)
{
    return th_asprintf("%s/submissions/%d-%s", ws->dir, year, k);
}

char **th_workspace_period_files(const struct th_workspace *ws, int year, const char *k, size_t *n)
{
    char *dir = th_workspace_period_dir(ws, year, k);
    char **v = th_list_entries(dir, true, n); /* every entry: each is accounted for */
    free(dir);
    return v;
}

/* "năm 2027", "6 tháng đầu năm 2025": a period as agencies name it. */
static const char *period_phrase(const struct th_plan *plan, const char *k, int year, char *out,
                                 size_t n)
{
    const struct th_period_def *d = th_plan_period_def(plan, k);
    const char *label = d && d->label ? d->label
                        : strcmp(k, "h1") == 0 ? "6 tháng đầu năm"
                        : strcmp(k, "annual") == 0 || !*k ? "năm"
                                                          : k;
    if (strcmp(label, "năm") == 0)
        snprintf(out, n, "năm %d", year);
    else
        snprintf(out, n, "%s %d", label, year);
    return out;
}

/* A period that asks part of the fields: a value given for a field it does
 * not ask is U08 on its line or cell, an error: the figures of another form,
 * perhaps of another data window, are not taken in part. (A blank left for
 * such a field is no gap: the readers, given the plan, raise no S01 for it.) */
static void asked_only(const struct th_workspace *ws, struct th_submission *s, const struct th_period_def *d)
{
    if (!d->nfields)
        return;
    for (int f = 0; f < TH_NFIELDS; f++) {
        bool given = f < TH_NNUMERIC ? s->val.present[f] : s->text[f - TH_NNUMERIC] != NULL;
        if (!given || th_period_asks(d, th_fields[f].id))
            continue;
        char label[512], ps[64];
        th_field_label(f, label, sizeof label);
        th_submission_diag(s, TH_SEV_ERROR, "U08", f, "kỳ báo cáo %s (%s) không yêu cầu số liệu này: %s — %s",
                           d->id, period_phrase(ws->plan, d->id, s->year, ps, sizeof ps), label,
                           s->source == TH_SRC_XLSX ? "để trống ô này" : "bỏ mục này");
    }
}

void th_validate(const struct th_workspace *ws, struct th_submission *s, const struct th_period *expect,
                 th_date received, const struct th_values *previous)
{
    char a[16], b[16];
    const struct th_period_def *def = NULL;
    if (s->header_ok) {
        struct th_period p;
        bool period_ok = th_plan_period(ws->plan, s->year, s->period, &p), misfiled = false;
        if (period_ok) {
            def = p.def;
            asked_only(ws, s, def);
        }
        if (!period_ok) {
            char ps[64];
            if (th_plan_period_def(ws->plan, s->period))
                th_submission_diag(s, TH_SEV_ERROR, "U03", TH_HDR_YEAR,
                                   "kỳ báo cáo %s không thuộc kế hoạch (kế hoạch từ năm %d đến năm %d)",
                                   period_phrase(ws->plan, s->period, s->year, ps, sizeof ps),
                                   ws->plan->year_from, ws->plan->year_to);
            else {
                char *ids = th_plan_period_ids(ws->plan);
                th_submission_diag(s, TH_SEV_ERROR, "U03", TH_HDR_PERIOD,
                                   "kế hoạch không có kỳ báo cáo %s (các kỳ báo cáo của kế hoạch: %s)",
                                   period_phrase(ws->plan, s->period, s->year, ps, sizeof ps), ids);
                free(ids);
            }
        } else if (expect && (expect->year != s->year || strcmp(expect->id, s->period) != 0)) {
            misfiled = true;
            char ps[64], pe[64];
            th_submission_diag(s, TH_SEV_ERROR, "U04", expect->year != s->year ? TH_HDR_YEAR : TH_HDR_PERIOD,
                               "biểu ghi kỳ báo cáo %s nhưng được nộp vào kỳ báo cáo %s",
                               period_phrase(ws->plan, s->period, s->year, ps, sizeof ps),
                               period_phrase(ws->plan, expect->id, expect->year, pe, sizeof pe));
        }
        if (!th_registry_known(ws->reg, s->unit)) {
            char q[TH_QUOTE_SIZE];
            th_submission_diag(s, TH_SEV_ERROR, "U01", TH_HDR_UNIT,
                               "mã đơn vị %s không có trong danh mục đơn vị báo cáo", th_quote(s->unit, q, sizeof q));
        } else if (period_ok) {
            const struct th_unit *u = th_registry_in(ws->reg, s->unit, p.start, p.end);
            if (!u) {
                /* say why: closed before the period, or opened after it */
                const struct th_unit *last = NULL, *first = NULL;
                for (size_t i = 0; i < ws->reg->nunits; i++) {
                    const struct th_unit *r = &ws->reg->units[i];
                    if (strcmp(r->code, s->unit) != 0)
                        continue;
                    if (r->to && r->to < p.start && (!last || r->to > last->to))
                        last = r;
                    if (r->from > p.end && (!first || r->from < first->from))
                        first = r;
                }
                char c[16];
                if (last)
                    th_submission_diag(s, TH_SEV_ERROR, "U02", TH_HDR_UNIT,
                                       "đơn vị “%s” (%s) đã ngừng hoạt động từ ngày %s, trước kỳ báo cáo "
                                       "(%s – %s)",
                                       s->unit, last->name, th_fmt_dmy(th_date_add_days(last->to, 1), c), th_fmt_dmy(p.start, a),
                                       th_fmt_dmy(p.end, b));
                else
                    th_submission_diag(s, TH_SEV_ERROR, "U02", TH_HDR_UNIT,
                                       "đơn vị “%s” (%s) chỉ hoạt động từ ngày %s, sau kỳ báo cáo (%s – %s)",
                                       s->unit, first ? first->name : "", th_fmt_dmy(first ? first->from : 0, c),
                                       th_fmt_dmy(p.start, a), th_fmt_dmy(p.end, b));
            } else {
                if (!th_period_expects(p.def, u))
                    th_submission_diag(s, TH_SEV_WARNING, "U06", TH_HDR_PERIOD,
                                       "đơn vị %s không thuộc diện báo cáo kỳ %s", u->name, p.def->label);
                for (size_t k = 0; k < th_nbody_kinds; k++) {
                    if (u->kind->manages & (1u << k))
                        continue;
                    char id[64];
                    snprintf(id, sizeof id, "bodies.%s.total", th_body_kinds[k]);
                    int f = th_field_index(id);
                    if (f >= 0 && s->val.present[f] && s->val.v[f] > 0)
                        th_submission_diag(s, TH_SEV_ERROR, "U05", f,
                                           "%s không quản lý loại cơ quan \"%s\" nhưng báo cáo %lld cơ quan",
                                           u->kind->label, th_fields[f].group, (long long)s->val.v[f]);
                }
                if (!misfiled && s->submitted && (s->submitted < p.start || s->submitted > th_date_add_days(p.upward, 366)))
                    th_submission_diag(s, TH_SEV_ERROR, "U07", TH_HDR_SUBMITTED,
                                       "ngày báo cáo %s nằm ngoài kỳ báo cáo (số liệu từ %s): kiểm tra lại năm",
                                       th_fmt_dmy(s->submitted, a), th_fmt_dmy(p.start, b));
                th_date when = received ? received : s->submitted;
                if (when && when > p.deadline)
                    th_submission_diag(s, TH_SEV_WARNING, "P01", TH_HDR_SUBMITTED,
                                       "nộp muộn: ngày %s, hạn nộp %s", th_fmt_dmy(when, a),
                                       th_fmt_dmy(p.deadline, b));
            }
        }
    }
    th_rules_apply(ws->rules, s, def, previous);
    s->status = s->nerrors ? TH_ST_REJECTED : TH_ST_ACCEPTED;
}
