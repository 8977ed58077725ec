/* report_template.h - the report template (templates/<plan template>,
 * schemas/report-template.xsd) and its placeholders: internal to the PDF
 * report (pdfreport.c), which lays out what report_template.c loads and
 * fills in. */
#ifndef TH_REPORT_TEMPLATE_H
#define TH_REPORT_TEMPLATE_H

#include "cons.h"
#include "pdflayout.h"

enum th_tpl_kind {
    TH_TPL_SECTION, TH_TPL_H, TH_TPL_P, TH_TPL_TABLE, TH_TPL_CHART, TH_TPL_COMPLETENESS, TH_TPL_CLOSING,
    /* blocks written from the figures (report_prose.c), then their own paragraphs */
    TH_TPL_DIRECTION, TH_TPL_COMPARISON, TH_TPL_TASKS, TH_TPL_AGENCIES, TH_TPL_IND_SUMMARY,
    TH_TPL_STRENGTHS, TH_TPL_WEAKNESSES, TH_TPL_CAUSES, TH_TPL_DIRECTIONS, TH_TPL_UNITS_SAID
};

/* A paragraph's condition "units.late > 0"; name NULL: always. */
struct th_tpl_cond {
    char *name;
    enum th_op op;
    double value;
};

struct th_tpl_item;

/* What a kind of figures says (tasks/topic): printed under each task of
 * the plan that lists it. */
struct th_tpl_topic {
    char *id, *title;
    int line;
    struct th_tpl_item *paras;
    size_t nparas, capparas;
};

struct th_tpl_item {
    enum th_tpl_kind kind;
    enum th_pdf_style style;
    char *text;                 /* NFC, white space collapsed; NULL for blocks */
    char *id;                   /* section, h: the id edits refer to, NULL if none */
    int line;
    size_t max;                 /* completeness: most unit names listed per kind */
    bool proposals;             /* unitsSaid: proposals (else difficulties) */
    struct th_tpl_cond when;    /* p: printed only when this holds */
    struct th_tpl_item *paras;  /* a block's own paragraphs, after what is generated */
    size_t nparas, capparas;
    struct th_tpl_topic *topics; /* tasks */
    size_t ntopics, captopics;
};

struct th_tpl_column {
    char *label, *value;
    float width;
    enum th_pdf_align align;
    int line;
};

enum th_tpl_select { TH_TPL_SEL_AGENCIES, TH_TPL_SEL_COMMUNES, TH_TPL_SEL_NARRATIVES };

struct th_tpl_appendix {
    char *title;
    int line;
    enum th_tpl_select select;
    float name_width;
    size_t max_rows;            /* above this, units are summed up to a higher level (narratives: cut) */
    struct th_tpl_item *notes;
    size_t nnotes, capnotes;
    struct th_tpl_column *cols;
    size_t ncols, capcols;
};

struct th_tpl {
    char *path;
    char *summary;
    int summary_line;
    struct th_tpl_item *items;
    size_t nitems, capitems;
    struct th_tpl_appendix *apps;
    size_t napps, capapps;
};

/* Load the template of ws's plan: ws->dir/<name> when the workspace carries
 * one, else th_home()/templates/<name>. NULL (problems printed as
 * "path:line: message") when it cannot be read or is not valid. Free with
 * th_tpl_free (NULL is fine). */
struct th_tpl *th_tpl_load(const struct th_workspace *ws);
void th_tpl_free(struct th_tpl *t);

/* What placeholders are resolved against. */
struct th_tpl_ctx {
    const struct th_workspace *ws;
    const struct th_period *per;
    const struct th_cons *c;
    const struct th_cons *prev;           /* the same period a year earlier, NULL when there is none */
    const struct th_cons_node *node;      /* the unit a value is about (root in the narrative) */
    const struct th_report_def *rd;       /* number and issue date, may be NULL */
    const struct th_identity *id;         /* the issuer in force on the report's date */
    bool summary;                         /* node's row stands for its subtree (a cut appendix) */
    char *issuer;                         /* "Sở Y tế" */
    char *area;                           /* "thành phố Cần Thơ" */
    const char *appendix_no[3];           /* per enum th_tpl_select: "Phụ lục I", NULL when left out */
    size_t said[2];                       /* units whose counting report states difficulties, proposals */
    size_t ratio_cols;                    /* ratio columns the appendix being written prints */
    const char *appendix_units;           /* who the appendix being written lists ({appendix.units}:
                                             "xã, phường"), NULL elsewhere */
};

/* Who the period asks to report, as the report names them ({units.who}):
 * "cơ quan, đơn vị, địa phương" when the period does not name its units or
 * kinds; else the kind its expected units share, lower-case ("cơ sở": the
 * six facilities of dx-2026-09), else "đơn vị". Caller frees. */
char *th_tpl_who(const struct th_tpl_ctx *x);
/* s with its first character in lower case ("Cơ sở" -> "cơ sở"). Caller frees. */
char *th_tpl_lower_first(const char *s);
/* s in capitals ("năm 2027" -> "NĂM 2027"), for a heading or a title of
 * capitals with a placeholder in it. Caller frees. */
char *th_tpl_upper(const char *s);

/* Expand every {name} of text into *out (caller frees). Unknown or unclosed
 * placeholders are TH_ERR_CONFIG, each named with path and line. */
th_err th_tpl_expand(const struct th_tpl_ctx *x, const char *path, int line, const char *text, char **out);
/* The same for the department's wording (narrative/…): the messages are in
 * Vietnamese, for the staff who write it, and name that file and line. */
th_err th_tpl_expand_words(const struct th_tpl_ctx *x, const char *path, int line, const char *text, char **out);
/* The same with another lookup: fn(ctx, name) gives a placeholder's value
 * (caller frees) or NULL when it has none; where ends each message ("the
 * report template", "the review's wording"). */
typedef char *th_tpl_lookup(const void *ctx, const char *name);
th_err th_tpl_expand_fn(th_tpl_lookup *fn, const void *ctx, const char *path, int line, const char *where,
                        const char *text, char **out);
/* th_tpl_expand_fn for the department's wording: Vietnamese messages, where
 * is Vietnamese too ("lời văn của báo cáo sơ kết, tổng kết"). */
th_err th_tpl_expand_words_fn(th_tpl_lookup *fn, const void *ctx, const char *path, int line, const char *where,
                              const char *text, char **out);
/* The report's value of one placeholder name in x (the table above
 * th_tpl_expand uses), NULL when there is none; caller frees. */
char *th_tpl_resolve(const struct th_tpl_ctx *x, const char *name);
/* Check every placeholder of the template at once, so an operator sees all
 * the mistakes in one run: TH_OK or TH_ERR_CONFIG. */
th_err th_tpl_check(const struct th_tpl_ctx *x, const struct th_tpl *t);

/* An indicator's value ("78,5%", "–" when it has none), its target in words,
 * and the required absolute level of its target (NAN when unknown). The
 * strings are the caller's to free. */
char *th_tpl_ind_value(const struct th_cons_indicator *ci);
char *th_tpl_ind_target(const struct th_cons_indicator *ci);
double th_tpl_ind_required(const struct th_cons_indicator *ci);
/* "15/BC-SYT", or "     /BC-SYT" before the report is numbered; caller frees. */
char *th_tpl_report_number(const struct th_tpl_ctx *x);

/* Whether a placeholder of text shows a ratio indicator ({I1.value}). */
bool th_tpl_ratio(const struct th_tpl_ctx *x, const char *text);

/* The value of a numeric placeholder (units.late, indicators.unmet,
 * prev.exists, period.estimated, said.difficulties, root.FIELD ...) for
 * conditions; false if name is none. */
bool th_tpl_number(const struct th_tpl_ctx *x, const char *name, double *out);
/* Whether the period asks every figure a text shows (the placeholders of
 * text and the condition's name cond, either may be NULL: field totals,
 * indicators): a period asking some fields only (an ad hoc request) prints
 * no paragraph or column with a 0 for the others. */
bool th_tpl_asked(const struct th_tpl_ctx *x, const char *cond, const char *text);
/* Whether a paragraph's condition holds (true without one). */
bool th_tpl_holds(const struct th_tpl_ctx *x, const struct th_tpl_cond *c);

/* A figure beside the same period a year earlier, to follow it in a
 * sentence: " (tăng 12,5% so với cùng kỳ năm 2025)", " (giảm 3,0% …)",
 * " (bằng cùng kỳ năm 2025)", " (cùng kỳ năm 2025: 0)"; "" when x has no
 * previous period. Caller frees. */
char *th_tpl_vs(const struct th_tpl_ctx *x, int64_t now, int64_t before);

/* The node of the previous period standing for n (same unit code), or NULL. */
const struct th_cons_node *th_tpl_prev_node(const struct th_tpl_ctx *x, const struct th_cons_node *n);

/* Sum of a node's totals over a field pattern ("bodies.*.total"); false
 * if the pattern matches no field. */
bool th_tpl_field_sum(const struct th_cons_node *n, const char *pattern, int64_t *out);

/* Where the plan's template is read from (the workspace's own, else
 * templates/); caller frees. */
char *th_tpl_path(const struct th_workspace *ws);

#endif
