/* plan.h - one province-level plan (schemas/plan.xsd): the plan document,
 * the dated identity of the report's issuer, periods, deadlines,
 * indicators, targets, base salary, the plan's tasks and agencies. */
#ifndef TH_PLAN_H
#define TH_PLAN_H

#include "common.h"
#include "expr.h"

/* A period id as submissions and consolidations record it ("annual", "h1",
 * "q3", "dx-2026-09"): [a-z0-9][a-z0-9-]{0,31}. */
#define TH_PERIOD_ID_MAX 32
/* True when s is a well-formed period id. */
bool th_period_id_valid(const char *s);

/* Nơi nhận of a report: one line each ("Bộ Y tế;"), then what "- Lưu:"
 * names. */
struct th_recipients {
    char **to; size_t nto;
    char *filed;                 /* "VT, BTXH" for "- Lưu: VT, BTXH." */
};

/* A document as a report cites it: the plan ("Kế hoạch số 125/KH-UBND ngày
 * 06/5/2021 của Ủy ban nhân dân tỉnh Kiên Giang"; kind and about NULL), or
 * the request an ad hoc period answers ("Công văn số 2468/BYT-BTXH ngày
 * 15/9/2026 của Bộ Y tế về việc …"). by == NULL: not given. */
struct th_plan_doc {
    char *kind;                  /* "Công văn"; NULL for the plan (its title says it) */
    char *number;                /* "125/KH-UBND", or NULL */
    th_date date;                /* 0: not given */
    char *by;                    /* "Ủy ban nhân dân tỉnh Kiên Giang" */
    char *about;                 /* what it asks ("báo cáo …"), or NULL */
    int line;                    /* in plan.xml, for messages */
};

/* A task of the plan's section II (or of what a period's request asks); topics: the template's topic ids whose
 * figures the report gives under it (none: no figures). */
struct th_task {
    char *id, *title;
    char **topics; size_t ntopics;
    int line;
};

struct th_period_def {
    char *id;                    /* "annual", "h1", "q3" … */
    char *label;                 /* "năm", "6 tháng đầu năm" */
    int year;                    /* 0: every year; else the period exists in that year only */
    char **kinds, **units; size_t nkinds, nunits;   /* who must report; none: the registry's reports= */
    char **fields; size_t nfields;                  /* the fields asked; 0: all */
    bool full_year;              /* the window covers 12 months: compared like annual */
    unsigned reg_bit;            /* the id's bit in the registry's reports= (th_workspace_open) */
    int line;                    /* in plan.xml */
    int start_md, end_md;        /* month*100+day; start in the previous year */
    int deadline_md, upward_md;
    int forms_md;                /* the day forms go out; 0: 30 days before the deadline */
    int late_days;               /* nightly checks until deadline + late_days */
    struct th_recipients recipients;   /* Nơi nhận of its reports; nto 0: the identity's */
    struct th_plan_doc *requests; size_t nrequests;  /* the documents it answers (its report's
                                                        opening cites them); 0: the plan */
    struct th_task *tasks; size_t ntasks;  /* what its request asks, the headings of its report's
                                              section II.1; 0: the plan's tasks */
};

/* A concrete period: a declared period in a year, with its dates resolved. */
struct th_period {
    int year;
    const char *id;              /* == def->id */
    const struct th_period_def *def;
    th_date start, end;          /* data window, inclusive */
    th_date deadline, upward;
    th_date forms_out, checks_until;  /* nightly's window, inclusive */
};

enum th_op { TH_OP_EQ, TH_OP_NE, TH_OP_LT, TH_OP_LE, TH_OP_GT, TH_OP_GE };
bool th_op_parse(const char *s, enum th_op *out);
const char *th_op_symbol(enum th_op op);          /* "≥" */
bool th_op_holds(enum th_op op, double l, double r);

struct th_indicator {
    char *code, *name;
    struct th_expr num;
    struct th_expr den;          /* den.nterms == 0: a count, not a ratio */
};

/* A level the plan sets for one year before the target's horizon. */
struct th_milestone {
    int year;
    double value;                /* in the unit of the target's value (change in % when relative) */
};

struct th_target {
    const struct th_indicator *indicator;
    int from, to;                /* in force from..to; to is the horizon ("đến năm 2030") */
    enum th_op op;
    bool relative;               /* change against a baseline */
    double value;                /* absolute target (percent for ratios) or change in % */
    int baseline_year;
    bool has_baseline_value;
    double baseline_value;
    char *note;
    struct th_milestone *milestones; size_t nmilestones;
};

struct th_report_def {
    int year;
    char period[TH_PERIOD_ID_MAX + 1];
    int number;                  /* 0 = not yet numbered */
    th_date issued;
};


/* Who issues the report, to whom it goes and who signs it, in force from
 * `from` to `to` (inclusive). The plan's undated identity has from == 0. */
struct th_identity {
    th_date from, to;            /* to == 0: still in force */
    char *place;                 /* "Kiên Giang", as in "Kiên Giang, ngày …" */
    char *parent_body;           /* "UBND TỈNH KIÊN GIANG" */
    char *issuing_body;          /* capitals, as printed: "SỞ Y TẾ" */
    char *issuing_unit;          /* its registry code: "SYT" */
    char *symbol;                /* of its reports: "BC-SYT" */
    char *issuer_name;           /* in running text ("Sở Y tế"); NULL: the registry's
                                    name of issuing_unit, else issuing_body */
    char *upward_to;             /* "Bộ Y tế và Ủy ban nhân dân thành phố":
                                    "… kính báo cáo {upward_to}./." */
    char *area;                  /* the area in running text; NULL: from the registry's root */
    struct th_recipients recipients;
    char *signer_authority;      /* "KT. GIÁM ĐỐC", may be NULL */
    char *signer_title, *signer_name;
    int line;                    /* in plan.xml, for messages */
};

/* An agency of the plan's section IV and the registry units that stand
 * for it: units by code, and every unit of the kinds (both may be empty). */
struct th_agency {
    char *title;
    char **units; size_t nunits;
    char **kinds; size_t nkinds;
    int line;
};

struct th_plan {
    char *id, *title, *template_name;
    char **basis; size_t nbasis;
    struct th_plan_doc doc;
    int year_from, year_to;
    struct th_identity undated;  /* the top-level identity; valid when has_undated */
    bool has_undated;
    struct th_identity *identities; size_t nidentities;   /* dated, sorted by from, disjoint */
    struct th_period_def *periods; size_t nperiods;   /* 1..64, in plan order */
    struct th_report_def *reports; size_t nreports;
    struct { th_date from; int64_t amount; } *salary; size_t nsalary;
    struct th_indicator *indicators; size_t nindicators;
    struct th_target *targets; size_t ntargets;
    struct th_task *tasks; size_t ntasks;
    struct th_agency *agencies; size_t nagencies;
};

/* Load path (validated against plan.xsd, then checked: targets, identities
 * that do not overlap and leave no gap, topics of one task each). Prints
 * "path:line: message" for each problem; NULL on failure. Units and kinds
 * named by identities and agencies are checked against the registry by
 * th_workspace_open. Free with th_plan_free (NULL is fine). */
struct th_plan *th_plan_load(const char *path);
void th_plan_free(struct th_plan *p);

/* The declared period id, or NULL. */
const struct th_period_def *th_plan_period_def(const struct th_plan *p, const char *id);
/* The declared period ids in plan order, "annual, h1" (caller frees). */
char *th_plan_period_ids(const struct th_plan *p);
/* The period asks for field_code: it lists it, or lists none (all). */
bool th_period_asks(const struct th_period_def *d, const char *field_code);
/* The period asks every field ind's numerator and denominator sum: else
 * the indicator is not computed for it (consolidated.xml "not-asked"). */
bool th_period_asks_indicator(const struct th_period_def *d, const struct th_indicator *ind);
/* The period asks every field pattern (a field id or "bodies.*.total")
 * matches (true for a pattern that matches none). */
bool th_period_asks_pattern(const struct th_period_def *d, const char *pattern);
/* A ratio of the period is judged against the year's target: a full year,
 * or a part the plan asks every year (h1); an ad hoc window shorter than a
 * year (year= set: 9 months to 30/9) is judged on the year's figures. */
bool th_period_judges_ratios(const struct th_period_def *d);
/* Resolve year+id into dates. False if the plan has no such period (in that
 * year) or the year is outside the plan. */
bool th_plan_period(const struct th_plan *p, int year, const char *id, struct th_period *out);
/* The periods open for nightly on date d (forms_out <= d <= checks_until),
 * by deadline; at most max of them into out. Returns how many. */
size_t th_plan_open_periods(const struct th_plan *p, th_date d, struct th_period *out, size_t max);
/* Target of indicator for year, or NULL. */
const struct th_target *th_plan_target(const struct th_plan *p, const struct th_indicator *ind, int year);
/* Report number/issue date for a period, or NULL. */
const struct th_report_def *th_plan_report(const struct th_plan *p, int year, const char *id);
/* Base salary in force on date d (0 if none). */
int64_t th_plan_base_salary(const struct th_plan *p, th_date d);

/* The identity in force on d: the dated one covering d, else the undated
 * one, else the nearest dated one (the first before it begins, the last
 * after it ends). Never NULL; owned by p. */
const struct th_identity *th_plan_identity(const struct th_plan *p, th_date d);
/* The issuer in running text ("Sở Y tế", not "SỞ Y TẾ"): id's own name for
 * it, else unit_name (its issuing unit's name; NULL when it has none),
 * else its printed name ("" when none). */
const char *th_identity_issuer(const struct th_identity *id, const char *unit_name);
/* The date that decides a report's identity: its issue date in the plan,
 * else the period's upward deadline. */
th_date th_report_date(const struct th_plan *p, const struct th_period *per);
/* The identity a report of per is issued under:
 * th_plan_identity(p, th_report_date(p, per)). Owned by p. */
const struct th_identity *th_report_identity(const struct th_plan *p, const struct th_period *per);
/* Nơi nhận of a report of per: the period's own when plan.xml declares
 * them (an ad hoc request answered to the ministry that asked), else its
 * identity's. Owned by p. */
const struct th_recipients *th_report_recipients(const struct th_plan *p, const struct th_period *per);

#endif
