/* plan.c - loading a plan and resolving periods, targets and salary. */
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xmlsafe.h"

static const char *const period_names[] = {[TH_ANNUAL] = "annual", [TH_H1] = "h1"};

const char *th_period_name(enum th_period_kind k)
{
    return period_names[k];
}

bool th_period_parse(const char *s, enum th_period_kind *out)
{
    for (int k = 0; k < 2; k++)
        if (s && strcmp(s, period_names[k]) == 0) {
            *out = (enum th_period_kind)k;
            return true;
        }
    return false;
}

static const struct {
    const char *name, *symbol;
} ops[] = {
    [TH_OP_EQ] = {"eq", "="}, [TH_OP_NE] = {"ne", "≠"}, [TH_OP_LT] = {"lt", "<"},
    [TH_OP_LE] = {"le", "≤"}, [TH_OP_GT] = {"gt", ">"}, [TH_OP_GE] = {"ge", "≥"},
};

bool th_op_parse(const char *s, enum th_op *out)
{
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (s && strcmp(s, ops[i].name) == 0) {
            *out = (enum th_op)i;
            return true;
        }
    return false;
}

const char *th_op_symbol(enum th_op op)
{
    return ops[op].symbol;
}

bool th_op_holds(enum th_op op, double l, double r)
{
    const double eps = 1e-9;
    switch (op) {
    case TH_OP_EQ: return fabs(l - r) < eps;
    case TH_OP_NE: return fabs(l - r) >= eps;
    case TH_OP_LT: return l < r - eps;
    case TH_OP_LE: return l <= r + eps;
    case TH_OP_GT: return l > r + eps;
    case TH_OP_GE: return l >= r - eps;
    }
    return false;
}

static int month_day(const char *gmd)
{
    int m = 0, d = 0;
    if (gmd && sscanf(gmd, "--%2d-%2d", &m, &d) == 2)
        return m * 100 + d;
    return 0;
}





static bool parse_expr(const char *path, xmlNodePtr n, struct th_expr *e)
{
    char *text = th_xml_text(n);
    const char *bad = NULL;
    bool ok = th_expr_parse(text, e, &bad);
    if (!ok)
        th_error("%s:%ld: '%s' names no field of the submission", path, xmlGetLineNo(n),
                 bad ? bad : text);
    free(text);
    return ok;
}

struct th_plan *th_plan_load(const char *path)
{
    xmlDocPtr doc = th_xml_load_config(path, "plan.xsd");
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    struct th_plan *p = th_calloc(1, sizeof *p);
    bool ok = true;
    size_t cap;

    p->id = th_xml_attr(root, "id");
    p->title = th_xml_text_nfc(th_xml_child(root, "title"));
    cap = 0;
    TH_XML_FOREACH(b, root, "basis") {
        TH_GROW(p->basis, cap, p->nbasis + 1);
        p->basis[p->nbasis++] = th_xml_text_nfc(b);
    }
    xmlNodePtr years = th_xml_child(root, "years");
    p->year_from = (int)th_xml_attr_int(years, "from");
    p->year_to = (int)th_xml_attr_int(years, "to");
    p->place = th_xml_text_nfc(th_xml_child(root, "place"));
    p->parent_body = th_xml_text_nfc(th_xml_child(root, "parentBody"));
    xmlNodePtr ib = th_xml_child(root, "issuingBody");
    p->issuing_body = th_xml_text_nfc(ib);
    p->issuing_unit = th_xml_attr(ib, "unit");
    p->symbol = th_xml_attr_nfc(ib, "symbol");
    p->upward_to = th_xml_text_nfc(th_xml_child(root, "upwardTo"));
    p->template_name = th_xml_text_nfc(th_xml_child(root, "template"));

    TH_XML_FOREACH(pd, th_xml_child(root, "periods"), "period") {
        char *k = th_xml_attr(pd, "kind");
        enum th_period_kind kind = TH_ANNUAL;
        th_period_parse(k, &kind);
        free(k);
        if (p->period_mask & TH_PERIOD_BIT(kind)) {
            th_error("%s:%ld: period '%s' defined twice", path, xmlGetLineNo(pd), th_period_name(kind));
            ok = false;
            continue;
        }
        struct th_period_def *d = &p->periods[kind];
        d->kind = kind;
        d->label = th_xml_attr_nfc(pd, "label");
        char *a = th_xml_attr(pd, "cutoffStart"), *b = th_xml_attr(pd, "cutoffEnd"),
             *c = th_xml_attr(pd, "deadline"), *u = th_xml_attr(pd, "upward");
        d->start_md = month_day(a);
        d->end_md = month_day(b);
        d->deadline_md = month_day(c);
        d->upward_md = month_day(u);
        free(a);
        free(b);
        free(c);
        free(u);
        p->period_mask |= TH_PERIOD_BIT(kind);
    }

    cap = 0;
    TH_XML_FOREACH(r, th_xml_child(root, "reports"), "report") {
        TH_GROW(p->reports, cap, p->nreports + 1);
        struct th_report_def *rd = &p->reports[p->nreports++];
        rd->year = (int)th_xml_attr_int(r, "year");
        char *k = th_xml_attr(r, "period"), *iss = th_xml_attr(r, "issued");
        th_period_parse(k, &rd->period);
        th_date_parse(iss, &rd->issued);
        rd->number = (int)th_xml_attr_int(r, "number");
        free(k);
        free(iss);
    }

    cap = 0;
    TH_XML_FOREACH(v, th_xml_child(root, "baseSalary"), "value") {
        TH_GROW(p->salary, cap, p->nsalary + 1);
        char *from = th_xml_attr(v, "from"), *amount = th_xml_text(v);
        th_date_parse(from, &p->salary[p->nsalary].from);
        p->salary[p->nsalary].amount = strtoll(amount, NULL, 10);
        p->nsalary++;
        free(from);
        free(amount);
    }

    cap = 0;
    TH_XML_FOREACH(in, th_xml_child(root, "indicators"), "indicator") {
        TH_GROW(p->indicators, cap, p->nindicators + 1);
        struct th_indicator *ind = &p->indicators[p->nindicators++];
        ind->code = th_xml_attr(in, "code");
        ind->name = th_xml_text_nfc(th_xml_child(in, "name"));
        ok &= parse_expr(path, th_xml_child(in, "numerator"), &ind->num);
        xmlNodePtr den = th_xml_child(in, "denominator");
        if (den)
            ok &= parse_expr(path, den, &ind->den);
    }

    cap = 0;
    TH_XML_FOREACH(t, th_xml_child(root, "targets"), "target") {
        TH_GROW(p->targets, cap, p->ntargets + 1);
        struct th_target *tg = &p->targets[p->ntargets++];
        char *code = th_xml_attr(t, "indicator"), *op = th_xml_attr(t, "op");
        for (size_t i = 0; i < p->nindicators; i++)
            if (strcmp(p->indicators[i].code, code) == 0)
                tg->indicator = &p->indicators[i];
        th_op_parse(op, &tg->op);
        free(code);
        free(op);
        tg->from = (int)th_xml_attr_int(t, "from");
        tg->to = (int)th_xml_attr_int(t, "to");
        tg->note = th_xml_attr_nfc(t, "note");
        bool has_value = th_xml_attr_dbl(t, "value", &tg->value);
        double change;
        bool has_change = th_xml_attr_dbl(t, "change", &change);
        if (has_value == has_change) {
            th_error("%s:%ld: a target needs exactly one of value= or change=", path, xmlGetLineNo(t));
            ok = false;
        }
        if (has_change) {
            tg->relative = true;
            tg->value = change;
            tg->baseline_year = (int)th_xml_attr_int(t, "baselineYear");
            tg->has_baseline_value = th_xml_attr_dbl(t, "baselineValue", &tg->baseline_value);
            if (!tg->baseline_year) {
                th_error("%s:%ld: a relative target needs baselineYear=", path, xmlGetLineNo(t));
                ok = false;
            }
        }
        if (tg->from > tg->to) {
            th_error("%s:%ld: target years run backwards (%d-%d)", path, xmlGetLineNo(t), tg->from, tg->to);
            ok = false;
        }
    }

    cap = 0;
    xmlNodePtr rec = th_xml_child(root, "recipients");
    TH_XML_FOREACH(to, rec, "to") {
        TH_GROW(p->recipients, cap, p->nrecipients + 1);
        p->recipients[p->nrecipients++] = th_xml_text_nfc(to);
    }
    p->filed = th_xml_text_nfc(th_xml_child(rec, "filed"));
    xmlNodePtr sg = th_xml_child(root, "signer");
    p->signer_authority = th_xml_text_nfc(th_xml_child(sg, "authority"));
    p->signer_title = th_xml_text_nfc(th_xml_child(sg, "title"));
    p->signer_name = th_xml_text_nfc(th_xml_child(sg, "name"));

    if (p->year_from > p->year_to) {
        th_error("%s: plan years run backwards (%d-%d)", path, p->year_from, p->year_to);
        ok = false;
    }
    xmlFreeDoc(doc);
    if (!ok) {
        th_plan_free(p);
        return NULL;
    }
    return p;
}

void th_plan_free(struct th_plan *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->title);
    free(p->place);
    free(p->parent_body);
    free(p->issuing_body);
    free(p->issuing_unit);
    free(p->symbol);
    free(p->upward_to);
    free(p->template_name);
    th_strv_free(p->basis, p->nbasis);
    for (int k = 0; k < 2; k++)
        free(p->periods[k].label);
    free(p->reports);
    free(p->salary);
    for (size_t i = 0; i < p->nindicators; i++) {
        free(p->indicators[i].code);
        free(p->indicators[i].name);
        th_expr_release(&p->indicators[i].num);
        th_expr_release(&p->indicators[i].den);
    }
    free(p->indicators);
    for (size_t i = 0; i < p->ntargets; i++)
        free(p->targets[i].note);
    free(p->targets);
    th_strv_free(p->recipients, p->nrecipients);
    free(p->filed);
    free(p->signer_authority);
    free(p->signer_title);
    free(p->signer_name);
    free(p);
}

bool th_plan_period(const struct th_plan *p, int year, enum th_period_kind kind, struct th_period *out)
{
    if (!(p->period_mask & TH_PERIOD_BIT(kind)) || year < p->year_from || year > p->year_to)
        return false;
    const struct th_period_def *d = &p->periods[kind];
    out->year = year;
    out->kind = kind;
    out->def = d;
    out->start = (year - 1) * 10000 + d->start_md;
    out->end = year * 10000 + d->end_md;
    out->deadline = year * 10000 + d->deadline_md;
    out->upward = year * 10000 + d->upward_md;
    return true;
}

const struct th_target *th_plan_target(const struct th_plan *p, const struct th_indicator *ind, int year)
{
    for (size_t i = 0; i < p->ntargets; i++)
        if (p->targets[i].indicator == ind && p->targets[i].from <= year && year <= p->targets[i].to)
            return &p->targets[i];
    return NULL;
}

const struct th_report_def *th_plan_report(const struct th_plan *p, int year, enum th_period_kind kind)
{
    for (size_t i = 0; i < p->nreports; i++)
        if (p->reports[i].year == year && p->reports[i].period == kind)
            return &p->reports[i];
    return NULL;
}

int64_t th_plan_base_salary(const struct th_plan *p, th_date d)
{
    int64_t amount = 0;
    th_date best = 0;
    for (size_t i = 0; i < p->nsalary; i++)
        if (p->salary[i].from <= d && p->salary[i].from >= best) {
            best = p->salary[i].from;
            amount = p->salary[i].amount;
        }
    return amount;
}
