/* plan.c - loading a plan and resolving periods, targets, salary and the
 * issuer's identity in force on a date. */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "text.h"
#include "xmlsafe.h"

bool th_period_id_valid(const char *s)
{
    if (!s || !*s || strlen(s) > TH_PERIOD_ID_MAX || *s == '-')
        return false;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
            return false;
    return true;
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

static char **attr_list(xmlNodePtr n, const char *name, size_t *count)
{
    char *a = th_xml_attr(n, name);
    char **v = th_strv_split(a, count);
    free(a);
    return v;
}

/* <document> or a period's <request>: what a report cites of it. */
static void read_doc(xmlNodePtr el, struct th_plan_doc *d)
{
    d->kind = th_xml_attr_nfc(el, "kind");
    d->number = th_xml_attr_nfc(el, "number");
    d->date = th_xml_attr_date(el, "date");
    d->by = th_xml_attr_nfc(el, "by");
    d->about = th_xml_attr_nfc(el, "about");
    d->line = (int)xmlGetLineNo(el);
}

static void doc_release(struct th_plan_doc *d)
{
    free(d->kind);
    free(d->number);
    free(d->by);
    free(d->about);
}

/* <recipients>: its <to> lines and <filed>; r stays empty without one. */
static void read_recipients(xmlNodePtr rec, struct th_recipients *r)
{
    size_t cap = 0;
    TH_XML_FOREACH(to, rec, "to") {
        TH_GROW(r->to, cap, r->nto + 1);
        r->to[r->nto++] = th_xml_text_nfc(to);
    }
    r->filed = th_xml_text_nfc(th_xml_child(rec, "filed"));
}

static void recipients_release(struct th_recipients *r)
{
    th_strv_free(r->to, r->nto);
    free(r->filed);
}

static void identity_release(struct th_identity *id)
{
    free(id->place);
    free(id->parent_body);
    free(id->issuing_body);
    free(id->issuing_unit);
    free(id->symbol);
    free(id->issuer_name);
    free(id->upward_to);
    free(id->area);
    recipients_release(&id->recipients);
    free(id->signer_authority);
    free(id->signer_title);
    free(id->signer_name);
}

/* The elements of an identity, in plan.xsd's order. */
static const char *const identity_elems[] = {"place", "parentBody", "issuingBody", "upwardTo", "recipients", "signer"};

/* The identity elements under parent (an <identity>, or the plan's root
 * for the undated one). False, with a message, when one the identity needs
 * is missing (the schema requires them inside <identity>; at the top level
 * they are optional one by one). */
static bool read_identity(const char *path, xmlNodePtr parent, struct th_identity *id)
{
    bool ok = true;
    for (size_t i = 0; i < sizeof identity_elems / sizeof identity_elems[0]; i++)
        if (!th_xml_child(parent, identity_elems[i])) {
            th_error("%s:%ld: the issuer's identity has no <%s>", path, xmlGetLineNo(parent), identity_elems[i]);
            ok = false;
        }
    id->line = (int)xmlGetLineNo(parent);
    id->place = th_xml_text_nfc(th_xml_child(parent, "place"));
    id->parent_body = th_xml_text_nfc(th_xml_child(parent, "parentBody"));
    xmlNodePtr ib = th_xml_child(parent, "issuingBody");
    id->issuing_body = th_xml_text_nfc(ib);
    id->issuing_unit = th_xml_attr(ib, "unit");
    id->symbol = th_xml_attr_nfc(ib, "symbol");
    id->issuer_name = th_xml_attr_nfc(ib, "name");
    id->upward_to = th_xml_text_nfc(th_xml_child(parent, "upwardTo"));
    id->area = th_xml_text_nfc(th_xml_child(parent, "area"));
    read_recipients(th_xml_child(parent, "recipients"), &id->recipients);
    xmlNodePtr sg = th_xml_child(parent, "signer");
    id->signer_authority = th_xml_text_nfc(th_xml_child(sg, "authority"));
    id->signer_title = th_xml_text_nfc(th_xml_child(sg, "title"));
    id->signer_name = th_xml_text_nfc(th_xml_child(sg, "name"));
    return ok;
}

static int identity_cmp(const void *a, const void *b)
{
    const struct th_identity *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->line - y->line;
}

/* The plan's identities: the undated one (top-level elements) and the dated
 * ones, sorted, checked not to overlap and, without an undated one, to
 * leave no gap. */
static bool load_identities(const char *path, xmlNodePtr root, struct th_plan *p)
{
    bool ok = true;
    for (size_t i = 0; i < sizeof identity_elems / sizeof identity_elems[0]; i++)
        p->has_undated |= th_xml_child(root, identity_elems[i]) != NULL;
    if (p->has_undated)
        ok &= read_identity(path, root, &p->undated);
    size_t cap = 0;
    TH_XML_FOREACH(n, th_xml_child(root, "identities"), "identity") {
        TH_GROW(p->identities, cap, p->nidentities + 1);
        struct th_identity *id = &p->identities[p->nidentities++];
        memset(id, 0, sizeof *id);
        ok &= read_identity(path, n, id);
        id->from = th_xml_attr_date(n, "from");
        id->to = th_xml_attr_date(n, "to");
        if (id->to && id->to < id->from) {
            char a[11], b[11];
            th_date_format(id->from, a);
            th_date_format(id->to, b);
            th_error("%s:%d: identity runs backwards (%s to %s)", path, id->line, a, b);
            ok = false;
        }
    }
    if (!p->has_undated && !p->nidentities) {
        th_error("%s: the plan names no issuer: give <identities>, or <place>, <parentBody>, <issuingBody>, "
                 "<upwardTo>, <recipients> and <signer>",
                 path);
        return false;
    }
    if (p->nidentities)
        qsort(p->identities, p->nidentities, sizeof *p->identities, identity_cmp);
    for (size_t i = 1; i < p->nidentities; i++) {
        const struct th_identity *a = &p->identities[i - 1], *b = &p->identities[i];
        char from[11], to[11];
        th_date_format(b->from, from);
        if (!a->to || a->to >= b->from) {
            th_error("%s:%d: identity from %s overlaps the one at line %d", path, b->line, from, a->line);
            ok = false;
        } else if (!p->has_undated && th_date_add_days(a->to, 1) != b->from) {
            th_date_format(th_date_add_days(a->to, 1), from);
            th_date_format(th_date_add_days(b->from, -1), to);
            th_error("%s:%d: no identity covers %s to %s (after the one at line %d)", path, b->line, from, to,
                     a->line);
            ok = false;
        }
    }
    return ok;
}

static bool load_milestones(const char *path, xmlNodePtr t, struct th_target *tg)
{
    bool ok = true;
    size_t cap = 0;
    TH_XML_FOREACH(m, t, "milestone") {
        int year = (int)th_xml_attr_int(m, "year");
        double value = 0;
        th_xml_attr_dbl(m, "value", &value);
        if (year < tg->from || year > tg->to) {
            th_error("%s:%ld: milestone year %d is outside its target's years (%d-%d)", path, xmlGetLineNo(m),
                     year, tg->from, tg->to);
            ok = false;
        }
        for (size_t i = 0; i < tg->nmilestones; i++)
            if (tg->milestones[i].year == year) {
                th_error("%s:%ld: a second milestone for %d", path, xmlGetLineNo(m), year);
                ok = false;
            }
        TH_GROW(tg->milestones, cap, tg->nmilestones + 1);
        tg->milestones[tg->nmilestones].year = year;
        tg->milestones[tg->nmilestones++].value = value;
    }
    return ok;
}

/* The <task>s of a <tasks> element (the plan's section II, or what a
 * period's request asks) into *v, *n. A topic belongs to one task. */
static bool load_tasks(const char *path, xmlNodePtr tasks, struct th_task **v, size_t *n)
{
    bool ok = true;
    size_t cap = 0;
    TH_XML_FOREACH(el, tasks, "task") {
        TH_GROW(*v, cap, *n + 1);
        struct th_task *t = &(*v)[(*n)++];
        t->id = th_xml_attr(el, "id");
        t->title = th_xml_text_nfc(el);
        t->topics = attr_list(el, "topics", &t->ntopics);
        t->line = (int)xmlGetLineNo(el);
        for (size_t i = 0; i < t->ntopics; i++)
            for (size_t k = 0; k + 1 < *n; k++)
                for (size_t j = 0; j < (*v)[k].ntopics; j++)
                    if (strcmp(t->topics[i], (*v)[k].topics[j]) == 0) {
                        th_error("%s:%d: topic '%s' is already task %s's (line %d)", path, t->line, t->topics[i],
                                 (*v)[k].id, (*v)[k].line);
                        ok = false;
                    }
    }
    return ok;
}

static void tasks_free(struct th_task *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].title);
        th_strv_free(v[i].topics, v[i].ntopics);
    }
    free(v);
}

/* Section II and IV of the plan. */
static bool load_tasks_agencies(const char *path, xmlNodePtr root, struct th_plan *p)
{
    bool ok = load_tasks(path, th_xml_child(root, "tasks"), &p->tasks, &p->ntasks);
    size_t cap = 0;
    TH_XML_FOREACH(n, th_xml_child(root, "agencies"), "agency") {
        TH_GROW(p->agencies, cap, p->nagencies + 1);
        struct th_agency *a = &p->agencies[p->nagencies++];
        a->title = th_xml_text_nfc(n);
        a->units = attr_list(n, "units", &a->nunits);
        a->kinds = attr_list(n, "kinds", &a->nkinds);
        a->line = (int)xmlGetLineNo(n);
    }
    return ok;
}

static bool parse_expr(const char *path, xmlNodePtr n, struct th_expr *e)
{
    char *text = th_xml_text(n);
    bool ok = th_expr_load(path, xmlGetLineNo(n), text, e);
    free(text);
    return ok;
}

/* A request is answered by its period's report: one dated after the units'
 * deadline (they could not have been asked by it) or after the report's
 * issue date (it cannot have answered it) is a configuration error. A
 * period of every year is checked in the request's own year. */
static bool check_requests(const char *path, const struct th_plan *p)
{
    bool ok = true;
    for (size_t k = 0; k < p->nperiods; k++) {
        const struct th_period_def *d = &p->periods[k];
        for (size_t i = 0; i < d->nrequests; i++) {
            const struct th_plan_doc *r = &d->requests[i];
            struct th_period per;
            char a[16], b[16];
            if (!r->date || !th_plan_period(p, d->year ? d->year : r->date / 10000, d->id, &per))
                continue;
            const struct th_report_def *rd = th_plan_report(p, per.year, per.id);
            if (r->date > per.deadline) {
                th_error("%s:%d: request %s of period '%s' is dated %s, after the units' deadline %s", path,
                         r->line, r->number ? r->number : r->kind, d->id, th_fmt_dmy(r->date, a),
                         th_fmt_dmy(per.deadline, b));
                ok = false;
            } else if (rd && rd->issued && r->date > rd->issued) {
                th_error("%s:%d: request %s of period '%s' is dated %s, after its report's issue date %s", path,
                         r->line, r->number ? r->number : r->kind, d->id, th_fmt_dmy(r->date, a),
                         th_fmt_dmy(rd->issued, b));
                ok = false;
            }
        }
    }
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
    xmlNodePtr doc_el = th_xml_child(root, "document");
    if (doc_el)
        read_doc(doc_el, &p->doc);
    ok &= load_identities(path, root, p);
    p->template_name = th_xml_text_nfc(th_xml_child(root, "template"));

    cap = 0;
    TH_XML_FOREACH(pd, th_xml_child(root, "periods"), "period") {
        char *id = th_xml_attr(pd, "id"), *k = th_xml_attr(pd, "kind");
        int line = (int)xmlGetLineNo(pd);
        if ((id != NULL) == (k != NULL)) {
            th_error("%s:%d: a period has exactly one of id and kind", path, line);
            ok = false;
            free(id);
            free(k);
            continue;
        }
        if (!id)
            id = k;
        else
            free(k);
        if (th_plan_period_def(p, id)) {
            th_error("%s:%d: period '%s' defined twice", path, line, id);
            ok = false;
            free(id);
            continue;
        }
        TH_GROW(p->periods, cap, p->nperiods + 1);
        struct th_period_def *d = &p->periods[p->nperiods++];
        memset(d, 0, sizeof *d);
        d->id = id;
        d->line = line;
        d->label = th_xml_attr_nfc(pd, "label");
        d->year = xmlHasProp(pd, BAD_CAST "year") ? (int)th_xml_attr_int(pd, "year") : 0;
        char *a = th_xml_attr(pd, "cutoffStart"), *b = th_xml_attr(pd, "cutoffEnd"),
             *c = th_xml_attr(pd, "deadline"), *u = th_xml_attr(pd, "upward");
        d->start_md = month_day(a);
        d->end_md = month_day(b);
        d->deadline_md = month_day(c);
        d->upward_md = month_day(u);
        char *f = th_xml_attr(pd, "formsOut");
        d->forms_md = month_day(f);
        free(f);
        d->late_days = xmlHasProp(pd, BAD_CAST "lateCheckDays") ? (int)th_xml_attr_int(pd, "lateCheckDays") : 10;
        free(a);
        free(b);
        free(c);
        free(u);
        /* a window that starts after its end day starts the year before
         * (15/12 to 14/12); else in the report year (01/01 to 30/9).
         * 12 months: the day after its end is its start a year on */
        if (d->start_md > d->end_md)
            d->full_year = th_date_add_days(2001 * 10000 + d->end_md, 1) >= 2001 * 10000 + d->start_md;
        else
            d->full_year = d->start_md == 101 && d->end_md == 1231;
        xmlNodePtr un = th_xml_child(pd, "units");
        if (un) {
            d->kinds = attr_list(un, "kinds", &d->nkinds);
            d->units = attr_list(un, "codes", &d->nunits);
        }
        read_recipients(th_xml_child(pd, "recipients"), &d->recipients);
        size_t rcap = 0;
        for (xmlNodePtr r = th_xml_child(pd, "request"); r; r = th_xml_next(r, "request")) {
            TH_GROW(d->requests, rcap, d->nrequests + 1);
            memset(&d->requests[d->nrequests], 0, sizeof d->requests[0]);
            read_doc(r, &d->requests[d->nrequests++]);
        }
        ok &= load_tasks(path, th_xml_child(pd, "tasks"), &d->tasks, &d->ntasks);
        xmlNodePtr fl = th_xml_child(pd, "fields");
        if (fl) {
            char *t = th_xml_text(fl);
            d->fields = th_strv_split(t, &d->nfields);
            free(t);
            for (size_t i = 0; i < d->nfields; i++)
                if (th_field_index(d->fields[i]) < 0) {
                    th_error("%s:%ld: period '%s' asks for '%s', which is not a field of a submission "
                             "(a field id as in templates/form.xml)",
                             path, xmlGetLineNo(fl), id, d->fields[i]);
                    ok = false;
                }
        }
    }

    cap = 0;
    TH_XML_FOREACH(r, th_xml_child(root, "reports"), "report") {
        TH_GROW(p->reports, cap, p->nreports + 1);
        struct th_report_def *rd = &p->reports[p->nreports++];
        rd->year = (int)th_xml_attr_int(r, "year");
        char *k = th_xml_attr(r, "period"), *iss = th_xml_attr(r, "issued");
        snprintf(rd->period, sizeof rd->period, "%s", k ? k : "");
        if (!th_plan_period_def(p, rd->period)) {
            th_error("%s:%ld: report of period '%s', which the plan does not declare", path, xmlGetLineNo(r),
                     rd->period);
            ok = false;
        }
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
        ok &= load_milestones(path, t, tg);
    }
    ok &= load_tasks_agencies(path, root, p);
    ok &= check_requests(path, p);

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
    doc_release(&p->doc);
    free(p->template_name);
    th_strv_free(p->basis, p->nbasis);
    for (size_t k = 0; k < p->nperiods; k++) {
        struct th_period_def *d = &p->periods[k];
        free(d->id);
        free(d->label);
        th_strv_free(d->kinds, d->nkinds);
        th_strv_free(d->units, d->nunits);
        th_strv_free(d->fields, d->nfields);
        recipients_release(&d->recipients);
        for (size_t i = 0; i < d->nrequests; i++)
            doc_release(&d->requests[i]);
        free(d->requests);
        tasks_free(d->tasks, d->ntasks);
    }
    free(p->periods);
    free(p->reports);
    free(p->salary);
    for (size_t i = 0; i < p->nindicators; i++) {
        free(p->indicators[i].code);
        free(p->indicators[i].name);
        th_expr_release(&p->indicators[i].num);
        th_expr_release(&p->indicators[i].den);
    }
    free(p->indicators);
    for (size_t i = 0; i < p->ntargets; i++) {
        free(p->targets[i].note);
        free(p->targets[i].milestones);
    }
    free(p->targets);
    if (p->has_undated)
        identity_release(&p->undated);
    for (size_t i = 0; i < p->nidentities; i++)
        identity_release(&p->identities[i]);
    free(p->identities);
    tasks_free(p->tasks, p->ntasks);
    for (size_t i = 0; i < p->nagencies; i++) {
        free(p->agencies[i].title);
        th_strv_free(p->agencies[i].units, p->agencies[i].nunits);
        th_strv_free(p->agencies[i].kinds, p->agencies[i].nkinds);
    }
    free(p->agencies);
    free(p);
}

const struct th_period_def *th_plan_period_def(const struct th_plan *p, const char *id)
{
    for (size_t i = 0; id && i < p->nperiods; i++)
        if (strcmp(p->periods[i].id, id) == 0)
            return &p->periods[i];
    return NULL;
}

char *th_plan_period_ids(const struct th_plan *p)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    for (size_t i = 0; i < p->nperiods; i++)
        th_buf_printf(&b, "%s%s", i ? ", " : "", p->periods[i].id);
    return b.data ? th_buf_detach(&b) : th_strdup("");
}

bool th_period_asks(const struct th_period_def *d, const char *field_code)
{
    if (!d || !d->nfields)
        return true;
    for (size_t i = 0; i < d->nfields; i++)
        if (strcmp(d->fields[i], field_code) == 0)
            return true;
    return false;
}

static bool asks_expr(const struct th_period_def *d, const struct th_expr *e)
{
    for (size_t t = 0; t < e->nterms; t++)
        for (size_t i = 0; i < th_nnumeric; i++)
            if ((e->sets[t].w[i / 64] >> (i % 64) & 1) && !th_period_asks(d, th_fields[i].id))
                return false;
    return true;
}

bool th_period_asks_indicator(const struct th_period_def *d, const struct th_indicator *ind)
{
    if (!d || !d->nfields)
        return true;
    return asks_expr(d, &ind->num) && asks_expr(d, &ind->den);
}

bool th_period_asks_pattern(const struct th_period_def *d, const char *pattern)
{
    for (size_t i = 0; d && d->nfields && i < th_nnumeric; i++)
        if (th_field_match(pattern, th_fields[i].id) && !th_period_asks(d, th_fields[i].id))
            return false;
    return true;
}

bool th_period_judges_ratios(const struct th_period_def *d)
{
    return !d || d->full_year || !d->year;
}

bool th_plan_period(const struct th_plan *p, int year, const char *id, struct th_period *out)
{
    const struct th_period_def *d = th_plan_period_def(p, id);
    if (!d || year < p->year_from || year > p->year_to || (d->year && d->year != year))
        return false;
    out->year = year;
    out->id = d->id;
    out->def = d;
    out->start = (d->start_md > d->end_md ? year - 1 : year) * 10000 + d->start_md;
    out->end = year * 10000 + d->end_md;
    out->deadline = year * 10000 + d->deadline_md;
    out->upward = year * 10000 + d->upward_md;
    if (d->forms_md) {
        out->forms_out = year * 10000 + d->forms_md;
        if (out->forms_out > out->deadline)
            out->forms_out -= 10000;
        int fy = out->forms_out / 10000;
        if (out->forms_out % 10000 == 229 && !((fy % 4 == 0 && fy % 100 != 0) || fy % 400 == 0))
            out->forms_out -= 1;   /* --02-29 in a common year: the 28th */
    } else {
        out->forms_out = th_date_add_days(out->deadline, -30);
    }
    out->checks_until = th_date_add_days(out->deadline, d->late_days);
    return true;
}

size_t th_plan_open_periods(const struct th_plan *p, th_date d, struct th_period *out, size_t max)
{
    size_t n = 0;
    for (int year = p->year_from; year <= p->year_to; year++)
        for (size_t k = 0; k < p->nperiods; k++) {
            struct th_period per;
            if (n < max && th_plan_period(p, year, p->periods[k].id, &per) &&
                per.forms_out <= d && d <= per.checks_until) {
                size_t i = n++;
                for (; i > 0 && out[i - 1].deadline > per.deadline; i--)
                    out[i] = out[i - 1];
                out[i] = per;
            }
        }
    return n;
}

const struct th_target *th_plan_target(const struct th_plan *p, const struct th_indicator *ind, int year)
{
    for (size_t i = 0; i < p->ntargets; i++)
        if (p->targets[i].indicator == ind && p->targets[i].from <= year && year <= p->targets[i].to)
            return &p->targets[i];
    return NULL;
}

const struct th_report_def *th_plan_report(const struct th_plan *p, int year, const char *id)
{
    for (size_t i = 0; i < p->nreports; i++)
        if (p->reports[i].year == year && strcmp(p->reports[i].period, id) == 0)
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

const char *th_identity_issuer(const struct th_identity *id, const char *unit_name)
{
    return id->issuer_name ? id->issuer_name : unit_name ? unit_name : id->issuing_body ? id->issuing_body : "";
}

const struct th_identity *th_plan_identity(const struct th_plan *p, th_date d)
{
    const struct th_identity *before = NULL;   /* the last one starting on or before d */
    for (size_t i = 0; i < p->nidentities; i++) {
        const struct th_identity *id = &p->identities[i];
        if (id->from > d)
            break;
        if (!id->to || d <= id->to)
            return id;
        before = id;
    }
    if (p->has_undated || !p->nidentities)
        return &p->undated;
    return before ? before : &p->identities[0];
}

th_date th_report_date(const struct th_plan *p, const struct th_period *per)
{
    const struct th_report_def *rd = th_plan_report(p, per->year, per->id);
    return rd && rd->issued ? rd->issued : per->upward;
}

const struct th_identity *th_report_identity(const struct th_plan *p, const struct th_period *per)
{
    return th_plan_identity(p, th_report_date(p, per));
}

const struct th_recipients *th_report_recipients(const struct th_plan *p, const struct th_period *per)
{
    if (per->def && per->def->recipients.nto)
        return &per->def->recipients;
    return &th_report_identity(p, per)->recipients;
}
