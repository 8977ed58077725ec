/* report_edits.h - the department's own wording for one period's report
 * (WORKSPACE/narrative/<year>-<period>.xml, schemas/narrative.xsd):
 * paragraphs that replace, or are added before or after, a section or a
 * part of the report template, a task or an agency of the plan. The report
 * writer applies them (and checks that every place exists); the archive
 * keeps the file with the report. */
#ifndef TH_REPORT_EDITS_H
#define TH_REPORT_EDITS_H

#include "workspace.h"

/* Where the file of period p lives in ws; caller frees. */
char *th_edits_path(const struct th_workspace *ws, const struct th_period *p);

enum th_edit_place { TH_EDIT_SECTION, TH_EDIT_PART, TH_EDIT_TASK, TH_EDIT_AGENCY };
enum th_edit_mode { TH_EDIT_AFTER, TH_EDIT_BEFORE, TH_EDIT_REPLACE };
enum th_edit_style { TH_EDIT_REGULAR, TH_EDIT_ITALIC, TH_EDIT_BOLD };

struct th_edit_para {
    char *text;                 /* NFC, white space collapsed; may hold {placeholders} */
    enum th_edit_style style;
    int line;
};

struct th_edit {
    enum th_edit_place place;
    char *ref;                  /* section or part id, task id, agency title */
    enum th_edit_mode mode;
    int line;
    bool used;                  /* set by the writer when it finds the place */
    struct th_edit_para *paras;
    size_t nparas;
};

struct th_edits {
    char *path;
    struct th_edit *v;
    size_t n;
};

/* Load period p's file of ws. *out = NULL and TH_OK when there is none;
 * TH_ERR_CONFIG (each problem printed as "path:line: message") when it is
 * not valid, or is not for p. Free with th_edits_free (NULL is fine). */
th_err th_edits_load(const struct th_workspace *ws, const struct th_period *p, struct th_edits **out);
void th_edits_free(struct th_edits *e);

/* The wording of the multi-year review from..to:
 * WORKSPACE/narrative/review-<from>-<to>.xml, whose root says
 * year="<to>" period="review-<from>-<to>"; loaded as th_edits_load does. */
char *th_edits_review_path(const struct th_workspace *ws, int from, int to);
th_err th_edits_load_review(const struct th_workspace *ws, int from, int to, struct th_edits **out);

/* The edit of a place with ref, or NULL. */
struct th_edit *th_edits_find(const struct th_edits *e, enum th_edit_place place, const char *ref);

#endif
