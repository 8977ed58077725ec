/* groups.h - the groups of units of a consolidation and the workbook's
 * sheet names: each group of the registry (Phường, Xã, Sở, ban, ngành...)
 * has a sheet of its own, named uniquely beside the fixed sheets. Shared by
 * the workbook, which writes the sheets, and the PDF report, which cites them. */
#ifndef TH_GROUPS_H
#define TH_GROUPS_H

#include "cons.h"

/* Longest sheet name Excel accepts, in characters (not bytes). */
#define TH_WB_SHEET_CHARS 31

/* The workbook's fixed sheets; no group sheet takes one of these names. */
#define TH_WB_SHEET_INDICATORS "Chỉ tiêu"
#define TH_WB_SHEET_TOTALS "Tổng hợp"
#define TH_WB_SHEET_UNIT_INDICATORS "Chỉ tiêu theo đơn vị"
#define TH_WB_SHEET_MISSING "Chưa báo cáo"   /* units without an accepted report */
#define TH_WB_SHEET_CHECKS "Kiểm tra"
#define TH_WB_SHEET_NARRATIVES "Khó khăn, kiến nghị"   /* what each unit wrote */

/* An Excel sheet name made from label (UTF-8): the characters []:*?/\ become
 * "-", leading/trailing apostrophes and spaces are dropped, the result is cut
 * to TH_WB_SHEET_CHARS characters on a character boundary; an empty result
 * becomes "Sheet". Caller frees. */
char *th_wb_sheet_name(const char *label);

/* The group a node is listed under: its kind's group, else the kind's
 * label, else the kind's code. Do not free. */
const char *th_wb_group_of(const struct th_cons_node *n);

/* One group sheet: the units of one group, below the root. */
struct th_wb_group {
    char *label;                  /* the registry group, "Phường" */
    char *sheet;                  /* its sheet name, unique in the workbook */
    size_t *nodes;                /* indexes into c->nodes, pre-order */
    size_t n, cap;
    int64_t sum[TH_NNUMERIC];     /* its accepted own values, summed */
};

struct th_wb_groups {
    struct th_wb_group *v;        /* in order of first appearance */
    size_t n, cap;
};

/* Whether the workbook and the report list node n of a consolidation of
 * period pd (NULL: every node). A period that names who reports (its units
 * or kinds: an ad hoc request to a few units) lists the units it asks
 * (subtree false: the group sheets, a row of the unit's own figures) or
 * those with a unit it asks at or below them (subtree true: the rows that
 * sum a subtree, "Chỉ tiêu theo đơn vị", the appendices); any other period
 * lists every node. */
bool th_wb_lists(const struct th_period_def *pd, const struct th_cons_node *n, bool subtree);

/* The group sheets of c (every node but the root that th_wb_lists(pd, n,
 * false)). Release with th_wb_groups_release. */
void th_wb_groups_plan(const struct th_cons *c, const struct th_period_def *pd, struct th_wb_groups *out);
void th_wb_groups_release(struct th_wb_groups *g);

/* The sheets of the workbook th_workbook_write writes for c of period pd
 * that list the units marked in mark[] (indexed like c->nodes): their
 * groups' sheets, distinct, in workbook order. Returns how many; *out holds
 * them (caller frees each and the array). */
size_t th_wb_unit_sheets(const struct th_cons *c, const struct th_period_def *pd, const bool *mark, char ***out);

#endif
