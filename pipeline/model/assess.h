/* assess.h - a target as the plan states it, and what a period's result
 * says about it: met, not met, on track for the plan's horizon, or not yet
 * to be judged. Computed when a report is written (consolidated.xml keeps
 * only "met": the value against the target level). */
#ifndef TH_ASSESS_H
#define TH_ASSESS_H

#include "cons.h"
#include "plan.h"

enum th_verdict {
    TH_V_NONE,         /* no target this year, or no value (no data, zero denominator, no baseline) */
    TH_V_MET,          /* at or beyond the level of the year (this year's milestone, else the target) */
    TH_V_NOT_MET,      /* the horizon or a milestone year, and short of its level */
    TH_V_ON_TRACK,     /* before the horizon, short, last year's trend reaches the target by then */
    TH_V_BEHIND,       /* before the horizon, short, last year's trend does not reach it */
    TH_V_IN_PROGRESS,  /* before the horizon, short, no last year to judge a trend by */
    TH_V_YEAR_END      /* first half of a year, a count target, or an ad hoc part of a year (9 months):
                          judged on the full year's figures */
};

struct th_assessment {
    enum th_verdict v;
    const struct th_target *t;  /* the target in force this year (owned by the plan), NULL: none */
    int year;                   /* the period's year */
    int horizon;                /* t->to: "đến năm 2030" */
    bool ratio;                 /* the indicator is a ratio (percent); else a count */
    bool milestone;             /* required is this year's milestone */
    bool has_required;          /* required is known (a relative target needs its baseline) */
    double required;            /* the level compared with: milestone, target, or baseline × (1 + change) */
    double gap;                 /* how far short of required (> 0 when short; points for ratios) */
    bool has_prev;              /* prev_value is the same node's value, same period, last year */
    double prev_value;
    bool has_change;            /* change is known (a count needs last year's value > 0) */
    double change;              /* value - prev in points for a ratio; percent change for a count */
};

/* Assess now (an indicator of a node of per's consolidation) against the
 * plan's target for per's year; prev: the same indicator of the same node
 * in the same period of the year before (NULL: none). Trend: value +
 * (horizon - year) × (value - prev) against the required level. A count in
 * a first half year, and any figure of an ad hoc window shorter than a year
 * (th_period_judges_ratios), is never judged against a full year's level. Fills
 * *out; nothing to free. */
void th_assess(const struct th_plan *plan, const struct th_period *per, const struct th_cons_indicator *now,
               const struct th_cons_indicator *prev, struct th_assessment *out);

/* A short label for a table cell: "Đạt", "Chưa đạt", "Có khả năng đạt", …
 * Static; do not free. */
const char *th_verdict_label(enum th_verdict v);
/* The verdict in a sentence's words, with the years and the shortfall:
 * "Có khả năng đạt vào năm 2030", "Chưa đạt chỉ tiêu đến năm 2030; cần tăng
 * thêm 28,4 điểm %". Caller frees. */
char *th_verdict_text(const struct th_assessment *a);

/* Whether indicator ind is shown at all in year: a target applies that
 * year, or the plan sets it no target in any year. */
bool th_indicator_shown(const struct th_plan *plan, const struct th_indicator *ind, int year);

/* The target in the plan's words, with no code and no operator sign:
 * "đến năm 2030 đạt tối thiểu 90%", "đến năm 2030 đạt trên 75%", "đến năm
 * 2030 đạt 100%", "đến năm 2025 tăng tối thiểu 20% so với năm 2020"
 * (ratio: the indicator is a percentage). Caller frees. */
char *th_target_phrase(const struct th_target *t, bool ratio);
/* The milestone of year in the same words ("năm 2027 đạt tối thiểu 70%"),
 * or NULL when the target sets none for that year. Caller frees. */
char *th_milestone_phrase(const struct th_target *t, bool ratio, int year);
/* The target's milestone for year into *value; false (value untouched)
 * when it sets none. */
bool th_target_milestone(const struct th_target *t, int year, double *value);

#endif
