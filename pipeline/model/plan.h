/* plan.h - one province-level plan (schemas/plan.xsd): periods, deadlines,
 * indicators, targets, base salary, recipients, signer. */
#ifndef TH_PLAN_H
#define TH_PLAN_H

#include "common.h"
#include "expr.h"

enum th_period_kind { TH_ANNUAL = 0, TH_H1 = 1 };
#define TH_PERIOD_BIT(k) (1u << (k))

/* "annual" / "h1" <-> enum. */
const char *th_period_name(enum th_period_kind k);
bool th_period_parse(const char *s, enum th_period_kind *out);

struct th_period_def {
    enum th_period_kind kind;
    char *label;                 /* "năm", "6 tháng đầu năm" */
    int start_md, end_md;        /* month*100+day; start in the previous year */
    int deadline_md, upward_md;
};

/* A concrete period: a kind in a year, with its dates resolved. */
struct th_period {
    int year;
    enum th_period_kind kind;
    const struct th_period_def *def;
    th_date start, end;          /* data window, inclusive */
    th_date deadline, upward;
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

struct th_target {
    const struct th_indicator *indicator;
    int from, to;
    enum th_op op;
    bool relative;               /* change against a baseline */
    double value;                /* absolute target (percent for ratios) or change in % */
    int baseline_year;
    bool has_baseline_value;
    double baseline_value;
    char *note;
};

struct th_report_def {
    int year;
    enum th_period_kind period;
    int number;                  /* 0 = not yet numbered */
    th_date issued;
};

/* The plan document itself, as a report cites it (plan.xml <document>):
 * each part NULL/0 when unknown. */
struct th_plan_doc {
    char *number;                /* "125/KH-UBND" */
    th_date date;
    char *by;                    /* "Ủy ban nhân dân tỉnh Kiên Giang" */
};

/* Who issues the report and to whom, in force from..to (plan.xml
 * <identities>; dates inclusive, to 0 = open). */
struct th_identity {
    th_date from, to;
    char *place, *parent_body, *issuing_body, *issuing_unit, *symbol;
    char *issuer_name;           /* "Sở Y tế" for prose; NULL: the registry name of issuing_unit */
    char *upward_to;             /* "… kính báo cáo {upward_to}./." */
    char *area;                  /* prose area override, NULL: from the registry root */
    char **recipients; size_t nrecipients; char *filed;
    char *signer_authority, *signer_title, *signer_name;
};

/* A task of the plan's section II: what it is called and the template's
 * topics (kinds of figures) that report on it. */
struct th_task {
    char *id, *title;
    char **topics; size_t ntopics;
    int line;
};

/* An agency of the plan's section IV, by registry units or unit kinds. */
struct th_agency {
    char *title;
    char **units; size_t nunits;
    char **kinds; size_t nkinds;
    int line;
};

struct th_plan {
    struct th_plan_doc doc;
    struct th_task *tasks; size_t ntasks;
    struct th_agency *agencies; size_t nagencies;
    char *id, *title, *place, *parent_body, *issuing_body, *issuing_unit, *symbol;
    char *upward_to, *template_name;
    char **basis; size_t nbasis;
    int year_from, year_to;
    struct th_period_def periods[2];
    unsigned period_mask;        /* which kinds the plan has */
    struct th_report_def *reports; size_t nreports;
    struct { th_date from; int64_t amount; } *salary; size_t nsalary;
    struct th_indicator *indicators; size_t nindicators;
    struct th_target *targets; size_t ntargets;
    char **recipients; size_t nrecipients;
    char *filed;                 /* "VT, BTXH" for "- Lưu: VT, BTXH." */
    char *signer_authority, *signer_title, *signer_name;
};

struct th_plan *th_plan_load(const char *path);   /* prints errors; NULL on failure */
void th_plan_free(struct th_plan *p);

/* Resolve year+kind into dates. False if the plan has no such period or the
 * year is outside the plan. */
bool th_plan_period(const struct th_plan *p, int year, enum th_period_kind kind,
                    struct th_period *out);
/* The identity in force on d; never NULL (the undated one). */
const struct th_identity *th_plan_identity(const struct th_plan *p, th_date d);
/* The date that decides a report's identity: its issue date, else the
 * period's upward deadline. */
th_date th_report_date(const struct th_plan *p, const struct th_period *per);

/* Target of indicator for year, or NULL. */
const struct th_target *th_plan_target(const struct th_plan *p, const struct th_indicator *ind, int year);
/* Report number/issue date for a period, or NULL. */
const struct th_report_def *th_plan_report(const struct th_plan *p, int year, enum th_period_kind kind);
/* Base salary in force on date d (0 if none). */
int64_t th_plan_base_salary(const struct th_plan *p, th_date d);

#endif
