/* assess.c - targets in the plan's words and the verdict of a period's
 * result against them (met, on track for the horizon, behind, ...). */
#include "assess.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *const labels[] = {
    [TH_V_NONE] = "Chưa đánh giá",       [TH_V_MET] = "Đạt",
    [TH_V_NOT_MET] = "Chưa đạt",         [TH_V_ON_TRACK] = "Có khả năng đạt",
    [TH_V_BEHIND] = "Khó đạt",           [TH_V_IN_PROGRESS] = "Đang thực hiện",
    [TH_V_YEAR_END] = "Đánh giá cả năm",
};

const char *th_verdict_label(enum th_verdict v)
{
    return (unsigned)v < sizeof labels / sizeof labels[0] ? labels[v] : labels[TH_V_NONE];
}

bool th_target_milestone(const struct th_target *t, int year, double *value)
{
    for (size_t i = 0; t && i < t->nmilestones; i++)
        if (t->milestones[i].year == year) {
            *value = t->milestones[i].value;
            return true;
        }
    return false;
}

bool th_indicator_shown(const struct th_plan *plan, const struct th_indicator *ind, int year)
{
    bool any = false;
    for (size_t i = 0; i < plan->ntargets; i++)
        if (plan->targets[i].indicator == ind) {
            if (plan->targets[i].from <= year && year <= plan->targets[i].to)
                return true;
            any = true;
        }
    return !any;
}

/* Whether reaching the level means going down (a "tối đa" or "dưới" target). */
static bool downward(enum th_op op)
{
    return op == TH_OP_LE || op == TH_OP_LT;
}

/* "90", "75,5", "1.200" */
static char *fmt_num(double v, char out[48])
{
    return th_fmt_dec(v, v == floor(v) ? 0 : 1, out);
}

/* "đạt tối thiểu 90%", "đạt 100%", "tăng tối thiểu 20% so với năm 2020":
 * the level x of target t (its value, or a milestone's) after the year words. */
static char *level_words(const struct th_target *t, bool ratio, double x, const char *when)
{
    char n[48], num[56];
    bool pct = ratio || t->relative;
    fmt_num(x, n);
    snprintf(num, sizeof num, "%s%s", n, pct ? "%" : "");
    const char *how = "";
    switch (t->op) {
    case TH_OP_GE: how = ratio && !t->relative && x >= 100 ? "" : "tối thiểu "; break;
    case TH_OP_GT: how = "trên "; break;
    case TH_OP_LE: how = "tối đa "; break;
    case TH_OP_LT: how = "dưới "; break;
    case TH_OP_NE: how = "khác "; break;
    case TH_OP_EQ: how = ""; break;
    }
    char since[32] = "";
    if (t->relative)
        snprintf(since, sizeof since, " so với năm %d", t->baseline_year);
    return th_asprintf("%s %s %s%s%s", when, t->relative ? "tăng" : "đạt", how, num, since);
}

char *th_target_phrase(const struct th_target *t, bool ratio)
{
    char when[32];
    snprintf(when, sizeof when, "%s %d", t->from == t->to ? "năm" : "đến năm", t->to);
    return level_words(t, ratio, t->value, when);
}

char *th_milestone_phrase(const struct th_target *t, bool ratio, int year)
{
    double x;
    if (!th_target_milestone(t, year, &x))
        return NULL;
    char when[32];
    snprintf(when, sizeof when, "năm %d", year);
    return level_words(t, ratio, x, when);
}

static const struct th_indicator *plan_indicator(const struct th_plan *plan, const char *code)
{
    for (size_t i = 0; code && i < plan->nindicators; i++)
        if (strcmp(plan->indicators[i].code, code) == 0)
            return &plan->indicators[i];
    return NULL;
}

void th_assess(const struct th_plan *plan, const struct th_period *per, const struct th_cons_indicator *now,
               const struct th_cons_indicator *prev, struct th_assessment *out)
{
    memset(out, 0, sizeof *out);
    out->year = per->year;
    out->ratio = now->ratio;
    bool has_value = now->status == TH_IND_OK;
    if (has_value && prev && prev->status == TH_IND_OK) {
        out->has_prev = true;
        out->prev_value = prev->value;
        if (now->ratio) {
            out->has_change = true;
            out->change = now->value - prev->value;
        } else if (prev->value > 0) {
            out->has_change = true;
            out->change = (now->value - prev->value) * 100.0 / prev->value;
        }
    }
    const struct th_indicator *ind = plan_indicator(plan, now->code);
    const struct th_target *t = ind ? th_plan_target(plan, ind, per->year) : NULL;
    out->t = t;
    if (!t)
        return; /* TH_V_NONE */
    out->horizon = t->to;
    double x = t->value;
    out->milestone = th_target_milestone(t, per->year, &x);
    bool base_ok = now->has_baseline && now->baseline > 0;
    if (!t->relative || base_ok) {
        out->has_required = true;
        out->required = t->relative ? now->baseline * (1 + x / 100) : x;
    }
    if (!has_value)
        return;
    if ((!per->def->full_year && !now->ratio) || !th_period_judges_ratios(per->def)) {
        out->v = TH_V_YEAR_END; /* part of a year's count, or an ad hoc part's ratio, against a year's level */
        return;
    }
    if (!out->has_required)
        return;
    double value = now->value;
    /* a relative target is judged on the change, as consolidated.xml's "met" is */
    bool met = t->relative ? th_op_holds(t->op, (value - now->baseline) * 100.0 / now->baseline, x)
                           : th_op_holds(t->op, value, out->required);
    out->gap = downward(t->op) ? value - out->required : out->required - value;
    if (t->op == TH_OP_EQ || t->op == TH_OP_NE)
        out->gap = fabs(out->gap);
    if (met) {
        out->v = TH_V_MET;
        out->gap = 0;
    } else if (out->milestone || per->year >= t->to) {
        out->v = TH_V_NOT_MET;
    } else if (out->has_prev) {
        double projected = value + (t->to - per->year) * (value - out->prev_value);
        out->v = th_op_holds(t->op, projected, out->required) ? TH_V_ON_TRACK : TH_V_BEHIND;
    } else {
        out->v = TH_V_IN_PROGRESS;
    }
}

char *th_verdict_text(const struct th_assessment *a)
{
    char b[48];
    switch (a->v) {
    case TH_V_MET:
        if (a->milestone)
            return th_asprintf("Đạt chỉ tiêu năm %d", a->year);
        if (a->year < a->horizon)
            return th_asprintf("Đã đạt chỉ tiêu đến năm %d", a->horizon);
        return th_strdup("Đạt");
    case TH_V_NOT_MET:
        if (a->milestone)
            return th_asprintf("Chưa đạt chỉ tiêu năm %d", a->year);
        return th_strdup("Chưa đạt");
    case TH_V_ON_TRACK:
        return th_asprintf("Có khả năng đạt vào năm %d", a->horizon);
    case TH_V_BEHIND:
        return th_asprintf("Khó đạt vào năm %d nếu không đẩy nhanh tiến độ", a->horizon);
    case TH_V_IN_PROGRESS: {
        const char *dir = a->t && downward(a->t->op) ? "giảm" : "tăng";
        if (a->ratio)
            th_fmt_dec(a->gap, 1, b);
        else
            th_fmt_int((int64_t)ceil(a->gap - 1e-9), b);
        return th_asprintf("Chưa đạt chỉ tiêu đến năm %d; cần %s thêm %s%s", a->horizon, dir, b,
                           a->ratio ? " điểm %" : "");
    }
    case TH_V_YEAR_END:
        return th_strdup("Đánh giá theo số liệu cả năm");
    case TH_V_NONE:
        break;
    }
    return th_strdup(th_verdict_label(TH_V_NONE));
}
