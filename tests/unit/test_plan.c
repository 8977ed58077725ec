/* test_plan.c - loading both sample plans and resolving periods (data
 * cut-off of Nghị định 09/2019, deadlines), base salary, targets, reports,
 * the issuer's identity by date, the plan document, tasks and agencies;
 * an older plan file still loads; broken ones do not; nightly's open periods. */
#include "unit.h"

#include <unistd.h>

#include "plan.h"
#include "registry.h"
#include "xmlsafe.h"

static char tmpdir[] = "/tmp/test_plan.XXXXXX";

static struct th_plan *load(const char *ws)
{
    char *p = th_asprintf("%s/input/%s/plan.xml", th_home(), ws);
    struct th_plan *plan = th_plan_load(p);
    free(p);
    assert_non_null(plan);
    return plan;
}

static void test_kiengiang_periods(void **state)
{
    (void)state;
    struct th_plan *p = load("kiengiang");
    assert_string_equal(p->id, "kiengiang-ctxh-2021-2030");
    struct th_period per;
    /* first half of 2025: 15/12/2024 to 14/6/2025, units report before 15 May */
    assert_true(th_plan_period(p, 2025, "h1", &per));
    assert_int_equal(per.start, 20241215);
    assert_int_equal(per.end, 20250614);
    assert_int_equal(per.deadline, 20250514);
    assert_string_equal(per.def->label, "6 tháng đầu năm");
    /* annual 2024: 15/12/2023 to 14/12/2024 */
    assert_true(th_plan_period(p, 2024, "annual", &per));
    assert_int_equal(per.start, 20231215);
    assert_int_equal(per.end, 20241214);
    assert_int_equal(per.deadline, 20241214);
    assert_int_equal(per.upward, 20241225);
    assert_true(th_plan_period(p, 2021, "h1", &per));
    assert_false(th_plan_period(p, 2020, "annual", &per));
    assert_false(th_plan_period(p, 2031, "h1", &per));
    const struct th_report_def *r = th_plan_report(p, 2025, "h1");
    assert_non_null(r);
    assert_int_equal(r->number, 187);
    assert_int_equal(r->issued, 20250618);
    th_plan_free(p);
}

static void test_cantho(void **state)
{
    (void)state;
    struct th_plan *p = load("cantho");
    struct th_period per;
    assert_true(th_plan_period(p, 2026, "annual", &per));
    assert_int_equal(per.start, 20251215);
    assert_int_equal(per.end, 20261214);
    assert_int_equal(per.deadline, 20261220);
    assert_int_equal(per.upward, 20261230);
    assert_false(th_plan_period(p, 2026, "h1", &per)); /* annual only */
    assert_false(th_plan_period(p, 2025, "annual", &per));
    /* one identity, from the two-level city of 1/7/2025 */
    assert_int_equal(p->nidentities, 1);
    assert_false(p->has_undated);
    const struct th_identity *id = th_report_identity(p, &per);
    assert_ptr_equal(id, &p->identities[0]);
    assert_string_equal(id->issuing_unit, "SYT");
    assert_string_equal(id->symbol, "BC-SYT");
    assert_string_equal(id->place, "Cần Thơ");
    assert_string_equal(id->parent_body, "UBND THÀNH PHỐ CẦN THƠ");
    assert_string_equal(id->upward_to, "Bộ Y tế và Ủy ban nhân dân thành phố");
    assert_null(id->issuer_name);
    assert_null(id->area);
    assert_int_equal(id->recipients.nto, 5);
    assert_string_equal(id->recipients.to[0], "Bộ Y tế;");
    assert_string_equal(id->recipients.filed, "VT, BTXH");
    assert_string_equal(id->signer_name, "Trần Văn Hòa");
    assert_ptr_equal(th_plan_identity(p, 20200101), id); /* before it: the nearest */
    /* the plan document has neither number nor date yet */
    assert_null(p->doc.number);
    assert_int_equal(p->doc.date, 0);
    assert_string_equal(p->doc.by, "Ủy ban nhân dân thành phố Cần Thơ");
    /* section II: 8 tasks; section IV: 11 agencies */
    assert_int_equal(p->ntasks, 8);
    assert_string_equal(p->tasks[2].id, "3");
    assert_int_equal(p->tasks[2].ntopics, 1);
    assert_string_equal(p->tasks[2].topics[0], "staffing");
    assert_int_equal(p->tasks[4].ntopics, 0);
    assert_int_equal(p->nagencies, 11);
    assert_string_equal(p->agencies[0].title, "Sở Y tế");
    assert_int_equal(p->agencies[8].nunits, 2);
    assert_string_equal(p->agencies[8].units[1], "TAND");
    /* IV.8, given to every department: the registry's departments */
    assert_int_equal(p->agencies[7].nunits, 0);
    assert_int_equal(p->agencies[7].nkinds, 1);
    assert_string_equal(p->agencies[7].kinds[0], "so_nganh");
    /* the ad hoc request: its document and what it asks, II.1's headings */
    const struct th_period_def *dx = th_plan_period_def(p, "dx-2026-09");
    assert_non_null(dx);
    assert_int_equal(dx->nrequests, 1);
    assert_int_equal(dx->requests[0].date, 20260915);
    assert_true(dx->requests[0].line > dx->line);
    assert_int_equal(dx->ntasks, 1);
    assert_string_equal(dx->tasks[0].title, "Tư vấn, hỗ trợ người có hoàn cảnh khó khăn");
    assert_int_equal(dx->tasks[0].ntopics, 1);
    assert_string_equal(dx->tasks[0].topics[0], "people");
    assert_int_equal(p->agencies[10].nkinds, 2);
    assert_string_equal(p->agencies[10].kinds[1], "phuong");
    assert_true(p->agencies[10].line > 0);
    assert_int_equal(p->nindicators, 5);
    assert_string_equal(p->indicators[3].num.text, "people.helped");
    /* base salary is a dated value: 2.340.000 đ from 1/7/2024 */
    assert_int_equal(th_plan_base_salary(p, 20240630), 1800000);
    assert_int_equal(th_plan_base_salary(p, 20240701), 2340000);
    assert_int_equal(th_plan_base_salary(p, 20261214), 2340000);
    assert_int_equal(th_plan_base_salary(p, 20200101), 0);
    const struct th_target *t = th_plan_target(p, &p->indicators[0], 2026);
    assert_non_null(t);
    assert_int_equal(t->op, TH_OP_GE);
    assert_true(t->value == 90);
    assert_false(t->relative);
    assert_null(th_plan_target(p, &p->indicators[0], 2031));
    const struct th_report_def *r = th_plan_report(p, 2026, "annual");
    assert_int_equal(r->number, 15);
    assert_int_equal(r->issued, 20261228);
    th_plan_free(p);
}

/* Until 28/2/2025 Sở LĐ-TB&XH; 1/3-30/6/2025 Sở Y tế Kiên Giang; from
 * 1/7/2025 Sở Y tế An Giang. */
static void test_kiengiang_identities(void **state)
{
    (void)state;
    struct th_plan *p = load("kiengiang");
    assert_int_equal(p->nidentities, 3);
    const struct th_identity *a = &p->identities[0], *b = &p->identities[1], *c = &p->identities[2];
    assert_int_equal(a->from, 20210101);
    assert_int_equal(a->to, 20250228);
    assert_int_equal(c->to, 0);
    assert_ptr_equal(th_plan_identity(p, 20241223), a);
    assert_ptr_equal(th_plan_identity(p, 20250228), a);
    assert_ptr_equal(th_plan_identity(p, 20250301), b);
    assert_ptr_equal(th_plan_identity(p, 20250630), b);
    assert_ptr_equal(th_plan_identity(p, 20250701), c);
    assert_ptr_equal(th_plan_identity(p, 20351231), c);
    assert_ptr_equal(th_plan_identity(p, 20150101), a); /* before the first: the first */
    assert_string_equal(a->symbol, "BC-SLĐTBXH");
    assert_string_equal(a->issuing_body, "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI");
    assert_string_equal(a->recipients.to[0], "Bộ Lao động - Thương binh và Xã hội;");
    assert_string_equal(b->issuing_unit, "SYT");
    assert_string_equal(b->issuer_name, "Sở Y tế");
    assert_string_equal(b->parent_body, "UBND TỈNH KIÊN GIANG");
    assert_string_equal(b->recipients.to[0], "Bộ Y tế;");
    assert_string_equal(c->place, "An Giang");
    assert_string_equal(c->parent_body, "UBND TỈNH AN GIANG");
    assert_string_equal(c->upward_to, "Bộ Y tế và Ủy ban nhân dân tỉnh An Giang");
    assert_string_equal(c->area, "tỉnh An Giang (khu vực tỉnh Kiên Giang cũ)");
    /* a report's identity is decided by its issue date, else the upward deadline */
    struct th_period per;
    assert_true(th_plan_period(p, 2024, "annual", &per));
    assert_int_equal(th_report_date(p, &per), 20241223);
    assert_ptr_equal(th_report_identity(p, &per), a);
    assert_true(th_plan_period(p, 2025, "h1", &per));
    assert_ptr_equal(th_report_identity(p, &per), b);
    assert_true(th_plan_period(p, 2025, "annual", &per));
    assert_int_equal(th_report_date(p, &per), 20251222);
    assert_ptr_equal(th_report_identity(p, &per), c);
    assert_int_equal(th_plan_report(p, 2025, "annual")->number, 523);
    assert_true(th_plan_period(p, 2026, "h1", &per));
    assert_int_equal(th_report_date(p, &per), 20260620); /* not numbered: the upward deadline */
    /* the plan document: dated 06/5/2021, no number */
    assert_null(p->doc.number);
    assert_int_equal(p->doc.date, 20210506);
    assert_string_equal(p->doc.by, "Ủy ban nhân dân tỉnh Kiên Giang");
    assert_int_equal(p->ntasks, 6);
    assert_int_equal(p->tasks[1].ntopics, 4);
    assert_string_equal(p->tasks[1].topics[1], "models");
    assert_int_equal(p->nagencies, 11);
    assert_string_equal(p->agencies[7].units[0], "SYT");
    assert_int_equal(p->agencies[1].nunits, 0);
    assert_string_equal(p->agencies[10].kinds[0], "huyen");
    th_plan_free(p);
}

/* The sample's text with the first `from` replaced by `to` (or the text
 * from `from` to the end of `to` cut out when cut), loaded. */
static struct th_plan *load_edited(const char *sample, const char *from, const char *to, bool cut)
{
    char *src = sample[0] == '/' ? th_strdup(sample) : th_asprintf("%s/%s", th_home(), sample), *text;
    size_t len;
    assert_int_equal(th_read_file(src, 1 << 20, &text, &len), TH_OK);
    char *at = strstr(text, from);
    assert_non_null(at);
    char *rest = at + strlen(from);
    if (cut) {
        rest = strstr(at, to);
        assert_non_null(rest);
        rest += strlen(to);
    }
    char *edited = th_asprintf("%.*s%s%s", (int)(at - text), text, cut ? "" : to, rest);
    char *path = th_asprintf("%s/plan.xml", tmpdir);
    assert_int_equal(th_write_atomic(path, edited, strlen(edited)), TH_OK);
    struct th_plan *p = th_plan_load(path);
    free(path);
    free(edited);
    free(text);
    free(src);
    return p;
}

#define KG "input/kiengiang/plan.xml"
#define CT "input/cantho/plan.xml"
#define V1 "tests/fixtures/plan/cantho-v1.xml"

static void test_older_plan(void **state)
{
    (void)state;
    /* a plan file from before identities: its top-level elements are its identity */
    struct th_plan *p = load_edited(V1, "<title>", "<title>", false);
    assert_non_null(p);
    assert_true(p->has_undated);
    assert_int_equal(p->nidentities, 0);
    const struct th_identity *id = th_plan_identity(p, 20261228);
    assert_ptr_equal(id, &p->undated);
    assert_string_equal(id->issuing_body, "SỞ Y TẾ");
    assert_string_equal(id->signer_name, "Trần Văn Hòa");
    assert_int_equal(id->recipients.nto, 5);
    assert_null(p->doc.by);
    assert_int_equal(p->ntasks + p->nagencies, 0);
    th_plan_free(p);
    /* with a dated identity too: it rules its days, the undated one the rest (gaps allowed) */
    p = load_edited(V1, "</upwardTo>",
                    "</upwardTo><identities><identity from=\"2027-01-01\" to=\"2027-12-31\"><place>Cần Thơ</place>"
                    "<parentBody>UBND THÀNH PHỐ CẦN THƠ</parentBody>"
                    "<issuingBody unit=\"SYT\" symbol=\"BC-SYT2\">SỞ Y TẾ</issuingBody>"
                    "<upwardTo>Bộ Y tế</upwardTo><recipients><to>Bộ Y tế;</to><filed>VT</filed></recipients>"
                    "<signer><title>GIÁM ĐỐC</title><name>Nguyễn Văn A</name></signer></identity></identities>",
                    false);
    assert_non_null(p);
    assert_ptr_equal(th_plan_identity(p, 20261228), &p->undated);
    assert_string_equal(th_plan_identity(p, 20271229)->symbol, "BC-SYT2");
    assert_null(th_plan_identity(p, 20271229)->signer_authority);
    assert_ptr_equal(th_plan_identity(p, 20280101), &p->undated);
    th_plan_free(p);
}

static void test_milestones(void **state)
{
    (void)state;
    const char *i5 = "op=\"ge\" value=\"90\" note=\"Ít nhất 90% trẻ em có hoàn cảnh đặc biệt được trợ giúp xã hội "
                     "và cung cấp dịch vụ công tác xã hội phù hợp\"/>";
    char *with = th_asprintf("%.*s><milestone year=\"2027\" value=\"80\"/><milestone year=\"2028\" value=\"85\"/>"
                             "</target>",
                             (int)strlen(i5) - 2, i5);
    struct th_plan *p = load_edited(KG, i5, with, false);
    assert_non_null(p);
    const struct th_target *t = th_plan_target(p, &p->indicators[5], 2027);
    assert_non_null(t);
    assert_int_equal(t->nmilestones, 2);
    assert_int_equal(t->milestones[1].year, 2028);
    assert_true(t->milestones[1].value == 85);
    th_plan_free(p);
    free(with);
    /* outside the target's years, or twice the same year */
    with = th_asprintf("%.*s><milestone year=\"2031\" value=\"80\"/></target>", (int)strlen(i5) - 2, i5);
    assert_null(load_edited(KG, i5, with, false));
    free(with);
    with = th_asprintf("%.*s><milestone year=\"2027\" value=\"80\"/><milestone year=\"2027\" value=\"85\"/>"
                       "</target>",
                       (int)strlen(i5) - 2, i5);
    assert_null(load_edited(KG, i5, with, false));
    free(with);
}

static void test_broken_plans(void **state)
{
    (void)state;
    /* identities overlap by a day */
    assert_null(load_edited(KG, "to=\"2025-02-28\"", "to=\"2025-03-01\"", false));
    /* a day no identity covers (no undated identity to fall back on) */
    assert_null(load_edited(KG, "<identity from=\"2025-03-01\"", "<identity from=\"2025-03-02\"", false));
    /* an identity that ends before it begins */
    assert_null(load_edited(KG, "<identity from=\"2025-07-01\">", "<identity from=\"2025-07-01\" to=\"2025-06-01\">",
                            false));
    /* a topic under two tasks */
    assert_null(load_edited(KG, "topics=\"communication\"", "topics=\"communication staffing\"", false));
    /* two tasks of one id: the schema */
    assert_null(load_edited(KG, "<task id=\"5\">", "<task id=\"4\">", false));
    /* no issuer at all */
    assert_null(load_edited(CT, "<identities>", "</identities>", true));
    /* an older plan missing one element of its identity */
    assert_null(load_edited(V1, "<parentBody>UBND THÀNH PHỐ CẦN THƠ</parentBody>", "", false));
}

/* nightly's window: formsOut (default 30 days before the deadline) to
 * deadline + lateCheckDays (default 10); the periods open on a day, by deadline. */
static void test_open_periods(void **state)
{
    (void)state;
    struct th_period per, open[4];
    struct th_plan *p = load("cantho");
    assert_true(th_plan_period(p, 2026, "annual", &per));
    assert_int_equal(per.forms_out, 20261120);
    assert_int_equal(per.checks_until, 20261230);
    assert_int_equal(th_plan_open_periods(p, 20261120, open, 4), 1);
    assert_int_equal(th_plan_open_periods(p, 20261119, open, 4), 0);
    assert_int_equal(th_plan_open_periods(p, 20261231, open, 4), 0);
    th_plan_free(p);
    /* h1's forms go out in December of the year before (after its 14/5 deadline
     * as a month-day); on 10/12/2024 the 2024 annual and the 2025 first half are open */
    p = load_edited(KG, "deadline=\"--05-14\"", "deadline=\"--05-14\" formsOut=\"--12-01\" lateCheckDays=\"20\"",
                    false);
    assert_non_null(p);
    assert_true(th_plan_period(p, 2025, "h1", &per));
    assert_int_equal(per.forms_out, 20241201);
    assert_int_equal(per.checks_until, 20250603);
    assert_int_equal(th_plan_open_periods(p, 20241210, open, 4), 2);
    assert_int_equal(open[0].year, 2024);
    assert_string_equal(open[0].id, "annual");
    assert_int_equal(open[1].year, 2025);
    assert_string_equal(open[1].id, "h1");
    assert_int_equal(th_plan_open_periods(p, 20241210, open, 1), 1);
    th_plan_free(p);
    /* --02-29 in a common year is the 28th */
    p = load_edited(KG, "deadline=\"--05-14\"", "deadline=\"--05-14\" formsOut=\"--02-29\"", false);
    assert_non_null(p);
    assert_true(th_plan_period(p, 2025, "h1", &per));
    assert_int_equal(per.forms_out, 20250228);
    assert_true(th_plan_period(p, 2024, "h1", &per));
    assert_int_equal(per.forms_out, 20240229);
    th_plan_free(p);
    /* lateCheckDays is a whole number of days, at most 366 */
    assert_null(load_edited(KG, "deadline=\"--05-14\"", "deadline=\"--05-14\" lateCheckDays=\"400\"", false));
    assert_null(load_edited(KG, "deadline=\"--05-14\"", "deadline=\"--05-14\" formsOut=\"12-01\"", false));
}

/* Periods are ids declared in the plan: three of them, one asking three
 * fields of wards only in 2026; the old kind= still reads as id=. */
static void test_period_ids(void **state)
{
    (void)state;
    const char *h1 = "<period kind=\"h1\"";
    const char *three =
        "<period id=\"q3\" year=\"2026\" label=\"9 tháng đầu năm\" cutoffStart=\"--12-15\" cutoffEnd=\"--09-14\" "
        "deadline=\"--09-20\" upward=\"--09-30\"><units kinds=\"phuong\" codes=\"SYT-BVDK\"/>"
        "<fields>people.needing people.helped workforce.chuyen_trach.staff</fields></period>\n    <period kind=\"h1\"";
    struct th_plan *p = load_edited(KG, h1, three, false);
    assert_non_null(p);
    assert_int_equal(p->nperiods, 3);
    const struct th_period_def *q3 = th_plan_period_def(p, "q3"), *an = th_plan_period_def(p, "annual"),
                               *h = th_plan_period_def(p, "h1");
    assert_non_null(q3);
    assert_non_null(an);
    assert_non_null(h);
    assert_null(th_plan_period_def(p, "q4"));
    assert_string_equal(h->id, "h1");
    assert_int_equal(q3->year, 2026);
    assert_int_equal(an->year, 0);
    assert_false(q3->full_year);
    assert_false(h->full_year);
    assert_true(an->full_year);
    assert_int_equal(q3->nfields, 3);
    assert_true(th_period_asks(q3, "people.helped"));
    assert_false(th_period_asks(q3, "children.total"));
    assert_true(th_period_asks(an, "children.total"));
    assert_true(th_period_asks(q3, "workforce.chuyen_trach.staff"));
    assert_int_equal(q3->nkinds, 1);
    assert_string_equal(q3->kinds[0], "phuong");
    assert_int_equal(q3->nunits, 1);
    struct th_kind ward = {.code = "phuong"}, district = {.code = "huyen"};
    struct th_unit u1 = {.code = "30001", .kind = &ward}, u2 = {.code = "SYT-BVDK", .kind = &district},
                   u3 = {.code = "30002", .kind = &district};
    assert_true(th_period_expects(q3, &u1));
    assert_true(th_period_expects(q3, &u2));
    assert_false(th_period_expects(q3, &u3));
    struct th_period per;
    assert_true(th_plan_period(p, 2026, "q3", &per));
    assert_string_equal(per.id, "q3");
    assert_ptr_equal(per.def, q3);
    assert_int_equal(per.start, 20251215);
    assert_int_equal(per.end, 20260914);
    assert_int_equal(per.deadline, 20260920);
    assert_false(th_plan_period(p, 2025, "q3", &per)); /* of 2026 only */
    assert_true(th_plan_period(p, 2025, "h1", &per));
    th_plan_free(p);
    /* a window whose start day comes before its end day lies in the report
     * year: 01/01 to 30/9, nine months, not 21; 01/01 to 31/12 is a year */
    p = load_edited(KG, h1,
                    "<period id=\"dx\" year=\"2026\" label=\"đột xuất\" cutoffStart=\"--01-01\" cutoffEnd=\"--09-30\" "
                    "deadline=\"--10-05\" upward=\"--10-10\"><fields>people.helped bodies.y_te.total</fields></period>\n"
                    "    <period id=\"cal\" label=\"năm dương lịch\" "
                    "cutoffStart=\"--01-01\" cutoffEnd=\"--12-31\" deadline=\"--12-31\" upward=\"--12-31\"/>\n"
                    "    <period kind=\"h1\"",
                    false);
    assert_non_null(p);
    assert_false(th_plan_period_def(p, "dx")->full_year);
    assert_true(th_plan_period_def(p, "cal")->full_year);
    assert_true(th_plan_period(p, 2026, "dx", &per));
    assert_int_equal(per.start, 20260101);
    assert_int_equal(per.end, 20260930);
    assert_true(th_plan_period(p, 2026, "cal", &per));
    assert_int_equal(per.start, 20260101);
    /* an indicator is asked when every field it sums is: I4 (people.helped
     * alone) is, I4B (helped + case_managed) and I1 (bodies.*) are not */
    const struct th_period_def *dx = th_plan_period_def(p, "dx");
    for (size_t i = 0; i < p->nindicators; i++) {
        const struct th_indicator *ind = &p->indicators[i];
        assert_int_equal(th_period_asks_indicator(dx, ind), strcmp(ind->code, "I4") == 0);
        assert_true(th_period_asks_indicator(th_plan_period_def(p, "annual"), ind));
    }
    assert_true(th_period_asks_pattern(dx, "people.helped"));
    assert_false(th_period_asks_pattern(dx, "bodies.*.total"));
    assert_true(th_period_asks_pattern(dx, "bodies.y_te.total"));
    /* 9 months of an ad hoc request are judged on the year; h1 and a full year are judged */
    assert_false(th_period_judges_ratios(dx));
    assert_true(th_period_judges_ratios(th_plan_period_def(p, "h1")));
    assert_true(th_period_judges_ratios(th_plan_period_def(p, "cal")));
    th_plan_free(p);
    /* one id twice, neither id nor kind, both, a malformed id */
    assert_null(load_edited(KG, h1, "<period id=\"annual\"", false));
    assert_null(load_edited(KG, h1, "<period", false));
    assert_null(load_edited(KG, h1, "<period id=\"h1\" kind=\"h1\"", false));
    assert_null(load_edited(KG, h1, "<period id=\"H1\"", false));
    /* a report of a period the plan does not declare */
    assert_null(load_edited(KG, "period=\"h1\"", "period=\"q2\"", false));
    /* a field id the catalogue does not have: the plan is refused */
    char *typo = th_asprintf("%.*sstaff.total%s", (int)(strstr(three, "workforce.chuyen_trach.staff") - three), three,
                             strstr(three, "workforce.chuyen_trach.staff") + strlen("workforce.chuyen_trach.staff"));
    assert_null(load_edited(KG, h1, typo, false));
    free(typo);
}

static void test_ops(void **state)
{
    (void)state;
    enum th_op op;
    assert_true(th_op_parse("le", &op));
    assert_int_equal(op, TH_OP_LE);
    assert_string_equal(th_op_symbol(op), "≤");
    assert_false(th_op_parse("<=", &op));
    assert_true(th_op_holds(TH_OP_LE, 3, 3));
    assert_false(th_op_holds(TH_OP_LT, 3, 3));
    assert_true(th_op_holds(TH_OP_GT, 75.0001, 75));
    assert_true(th_op_holds(TH_OP_NE, 1, 2));
    assert_true(th_period_id_valid("h1"));
    assert_true(th_period_id_valid("dx-2026-09"));
    assert_false(th_period_id_valid("H1"));
    assert_false(th_period_id_valid("-q3"));
    assert_false(th_period_id_valid(""));
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *path = th_asprintf("%s/plan.xml", tmpdir);
    unlink(path);
    free(path);
    rmdir(tmpdir);
    th_xml_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kiengiang_periods),
        cmocka_unit_test(test_cantho),
        cmocka_unit_test(test_kiengiang_identities),
        cmocka_unit_test(test_older_plan),
        cmocka_unit_test(test_milestones),
        cmocka_unit_test(test_broken_plans),
        cmocka_unit_test(test_open_periods),
        cmocka_unit_test(test_ops),
        cmocka_unit_test(test_period_ids),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
