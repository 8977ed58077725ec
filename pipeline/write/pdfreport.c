/* pdfreport.c - the official report as PDF (Nghị định 30/2020/NĐ-CP layout):
 * page 1's header with the dated issuer, the title, the template's sections
 * with the sentences written from the figures (report_prose.c) and the
 * department's own wording for the period (report_edits.c) in their
 * places, the signature block (report_doc.c's, as the header), then the
 * appendices (pdfappendix.c); the indicator table and chart are
 * pdfblocks.c's, the PDF/A-1b metadata pdfmeta.c's. Byte-identical output for the same inputs. */
#include "report_doc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf.h>
#include <unistr.h>

#include "pdfmeta.h"
#include "text.h"

#define FONT_DIR "/usr/share/fonts/truetype/liberation2"
#define FONT_FAMILY "LiberationSerif"

#define BODY TH_DOC_BODY
#define BODY_LEAD TH_DOC_LEAD
#define PARA_AFTER TH_DOC_AFTER
#define INDENT TH_DOC_INDENT

/* ---- page 1 ---- */

static bool is_draft(const struct th_doc *d)
{
    return !(d->x.rd && d->x.rd->number > 0);
}

static void draw_header(struct th_doc *d)
{
    struct th_pdf *p = &d->pdf;
    char date[64], *place_date;
    if (is_draft(d))
        th_doc_draft_mark(p);
    if (d->x.rd && d->x.rd->issued)
        place_date = th_asprintf("%s, %s", d->id->place, th_fmt_vn_date(d->x.rd->issued, date));
    else
        place_date = th_asprintf("%s, ngày      tháng      năm %d", d->id->place, d->x.per->year);
    char *num = th_tpl_report_number(&d->x), *so = th_asprintf("Số: %s", num);
    th_doc_header(p, d->id, so, place_date, &d->left_w, &d->right_x, &d->right_w);
    free(num);
    free(so);
    free(place_date);
}

static void draw_title(struct th_doc *d, const char *summary)
{
    struct th_pdf *p = &d->pdf;
    float tw = th_pdf_text_width(p);
    th_doc_centred(p, TH_PDF_BOLD, 14, "BÁO CÁO", p->ml, tw, &p->y, 17);
    float sw = th_doc_centred(p, TH_PDF_BOLD, 14, summary, p->ml, tw, &p->y, 17);
    float line_w = sw / 3 > 60 ? sw / 3 : 60;
    th_pdf_hline(p, p->ml + (tw - line_w) / 2, p->ml + (tw + line_w) / 2, p->y - 4, 0.6f);
    p->y -= 18;
}

/* A heading kept with keep points of what follows it. */
static void heading(struct th_doc *d, enum th_pdf_style st, const char *text, float keep)
{
    struct th_pdf *p = &d->pdf;
    float h = th_pdf_box_height(p, st, BODY, text, th_pdf_text_width(p) - INDENT, BODY_LEAD);
    th_pdf_need(p, h + keep);
    th_pdf_heading(p, st, BODY, TH_PDF_JUSTIFY, INDENT, BODY_LEAD, PARA_AFTER, text);
}

static void paragraph(struct th_doc *d, enum th_pdf_style st, const char *text)
{
    th_pdf_paragraph(&d->pdf, st, BODY, TH_PDF_JUSTIFY, INDENT, BODY_LEAD, PARA_AFTER, text);
}

/* ---- the body ---- */

static enum th_pdf_style edit_style(enum th_edit_style s)
{
    return s == TH_EDIT_BOLD ? TH_PDF_BOLD : s == TH_EDIT_ITALIC ? TH_PDF_ITALIC : TH_PDF_REGULAR;
}

/* The department's paragraphs of one edit. */
static th_err emit_edit(struct th_doc *d, const struct th_edit *ed)
{
    th_err e = TH_OK;
    for (size_t i = 0; ed && i < ed->nparas && e == TH_OK; i++) {
        char *s = NULL;
        if ((e = th_tpl_expand_words(&d->x, d->in->edits->path, ed->paras[i].line, ed->paras[i].text, &s)) == TH_OK)
            paragraph(d, edit_style(ed->paras[i].style), s);
        free(s);
    }
    return e;
}

/* The template's own paragraphs (conditions checked); *printed counts them. */
static th_err emit_paras_n(struct th_doc *d, const struct th_tpl_item *v, size_t n, size_t *printed)
{
    th_err e = TH_OK;
    for (size_t i = 0; i < n && e == TH_OK; i++) {
        char *s = NULL;
        if (!th_tpl_asked(&d->x, v[i].when.name, v[i].text) || !th_tpl_holds(&d->x, &v[i].when))
            continue;
        if ((e = th_tpl_expand(&d->x, d->t->path, v[i].line, v[i].text, &s)) == TH_OK) {
            paragraph(d, v[i].style, s);
            ++*printed;
        }
        free(s);
    }
    return e;
}

static th_err emit_paras(struct th_doc *d, const struct th_tpl_item *v, size_t n)
{
    size_t printed = 0;
    return emit_paras_n(d, v, n, &printed);
}

static void emit_prose(struct th_doc *d, struct th_paras *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        if (ps->v[i].bullet) {
            char *s = th_asprintf("- %s", ps->v[i].text);
            paragraph(d, ps->v[i].style, s);
            free(s);
        } else {
            paragraph(d, ps->v[i].style, ps->v[i].text);
        }
    }
    th_paras_release(ps);
}

static struct th_edit *find_edit(const struct th_doc *d, enum th_edit_place place, const char *ref)
{
    struct th_edit *ed = ref && d->in->edits ? th_edits_find(d->in->edits, place, ref) : NULL;
    if (ed)
        ed->used = true;
    return ed;
}

static const struct th_tpl_topic *find_topic(const struct th_tpl_item *it, const char *id)
{
    for (size_t i = 0; i < it->ntopics; i++)
        if (strcmp(it->topics[i].id, id) == 0)
            return &it->topics[i];
    return NULL;
}

/* The headings of section II.1: what the period's request asks when
 * plan.xml says it (<period><tasks>), else the plan's tasks; *n of them. */
static const struct th_task *report_tasks(const struct th_doc *d, size_t *n)
{
    const struct th_period_def *pd = d->x.per->def;
    const struct th_plan *pl = d->x.ws->plan;
    *n = pd->ntasks ? pd->ntasks : pl->ntasks;
    return pd->ntasks ? pd->tasks : pl->tasks;
}

/* Whether one of the n tasks tv lists topic id. */
static bool topic_used(const struct th_task *tv, size_t n, const char *id)
{
    for (size_t k = 0; k < n; k++)
        for (size_t t = 0; t < tv[k].ntopics; t++)
            if (strcmp(tv[k].topics[t], id) == 0)
                return true;
    return false;
}

/* Whether topic tp prints a paragraph of figures the period asks. */
static bool topic_asked(const struct th_doc *d, const struct th_tpl_topic *tp)
{
    for (size_t i = 0; tp && i < tp->nparas; i++)
        if (th_tpl_asked(&d->x, tp->paras[i].when.name, tp->paras[i].text))
            return true;
    return false;
}

/* Whether a period asking some fields only (an ad hoc request) leaves task
 * k (of the plan, else topic k) out: none of its topics' figures asked, no
 * wording of the department for it. Every task is shown otherwise. */
static bool task_left_out(struct th_doc *d, const struct th_tpl_item *it, size_t k)
{
    size_t ntv;
    const struct th_task *tv = report_tasks(d, &ntv);
    if (!d->x.per->def->nfields)
        return false;
    if (!ntv)
        return !topic_asked(d, &it->topics[k]);
    const struct th_task *task = &tv[k];
    if (d->in->edits && th_edits_find(d->in->edits, TH_EDIT_TASK, task->id))
        return false;
    for (size_t t = 0; t < task->ntopics; t++)
        if (topic_asked(d, find_topic(it, task->topics[t])))
            return false;
    return true;
}

/* One subsection per task of the plan (or of the period's request), its
 * topics' paragraphs under it; without tasks, one per topic of the template. prefix: the
 * number of the heading above ("1"), so tasks are "1.1.", "1.2."... A
 * period asking some fields only shows the tasks it has figures for,
 * numbered in turn (th_prose_not_asked says what it did not ask). */
static th_err tasks(struct th_doc *d, const struct th_tpl_item *it, const char *prefix)
{
    size_t ntv;
    const struct th_task *tv = report_tasks(d, &ntv);
    th_err e = TH_OK;
    size_t n = ntv ? ntv : it->ntopics, no = 0;
    for (size_t k = 0; k < n && e == TH_OK; k++) {
        const struct th_task *task = ntv ? &tv[k] : NULL;
        const char *title = task ? task->title : it->topics[k].title;
        if (task_left_out(d, it, k))
            continue;
        ++no;
        char *h = *prefix ? th_asprintf("%s.%zu. %s", prefix, no, title) : th_asprintf("%zu. %s", no, title);
        heading(d, TH_PDF_BOLD_ITALIC, h, 2 * BODY_LEAD);
        free(h);
        struct th_edit *ed = task ? find_edit(d, TH_EDIT_TASK, task->id) : NULL;
        if (ed && ed->mode != TH_EDIT_AFTER)
            e = emit_edit(d, ed);
        if (e != TH_OK || (ed && ed->mode == TH_EDIT_REPLACE))
            continue;
        bool any = false;
        if (!task) {
            e = emit_paras(d, it->topics[k].paras, it->topics[k].nparas);
            any = true;
        }
        for (size_t t = 0; task && t < task->ntopics && e == TH_OK; t++) {
            const struct th_tpl_topic *tp = find_topic(it, task->topics[t]);
            if (tp) {
                e = emit_paras(d, tp->paras, tp->nparas);
                any = true;
            }
        }
        if (!any && !(ed && ed->nparas))
            paragraph(d, TH_PDF_REGULAR,
                      "Biểu mẫu báo cáo của các đơn vị không có số liệu thống kê về nhiệm vụ này.");
        if (e == TH_OK && ed && ed->mode == TH_EDIT_AFTER)
            e = emit_edit(d, ed);
    }
    /* figures no task of the plan speaks of are not dropped: each such
     * topic follows under its own title */
    size_t k = no;
    for (size_t t = 0; ntv && t < it->ntopics && e == TH_OK; t++) {
        if (topic_used(tv, ntv, it->topics[t].id) || (d->x.per->def->nfields && !topic_asked(d, &it->topics[t])))
            continue;
        char *h = *prefix ? th_asprintf("%s.%zu. %s", prefix, ++k, it->topics[t].title)
                          : th_asprintf("%zu. %s", ++k, it->topics[t].title);
        heading(d, TH_PDF_BOLD_ITALIC, h, 2 * BODY_LEAD);
        free(h);
        e = emit_paras(d, it->topics[t].paras, it->topics[t].nparas);
    }
    return e;
}

/* An agency of the plan whose units all closed before the period ends, each
 * with a successor in the registry (Sở LĐ-TB&XH into Sở Y tế, 2025): the
 * sentence that says so, or NULL when that is not the agency's case. */
static char *agency_gone(const struct th_doc *d, const struct th_agency *ag)
{
    const struct th_registry *reg = d->in->ws->reg;
    const struct th_period *per = d->in->per;
    if (!ag->nunits || ag->nkinds)
        return NULL;
    th_date closed = 0;
    const char *succ = NULL;
    for (size_t i = 0; i < ag->nunits; i++) {
        const struct th_unit *u = th_registry_in(reg, ag->units[i], 0, per->end);
        if (!u || !u->to || u->to >= per->end || !u->successor)
            return NULL;
        if (succ && strcmp(succ, u->successor) != 0)
            return NULL;
        succ = u->successor;
        if (u->to > closed)
            closed = u->to;
    }
    const struct th_unit *s = th_registry_at(reg, succ, per->end);
    char b[16];
    return th_asprintf("- %s: chấm dứt hoạt động từ ngày %s, nhiệm vụ do %s tiếp nhận; số liệu được tổng hợp "
                       "tại %s.",
                       ag->title, th_fmt_dmy(th_date_add_days(closed, 1), b), s ? s->name : succ,
                       s ? s->name : succ);
}

/* One paragraph per agency of the plan (section IV). */
static th_err agencies(struct th_doc *d, const struct th_tpl_item *it)
{
    const struct th_plan *pl = d->x.ws->plan;
    th_err e = TH_OK;
    if (!pl->nagencies) {
        const char *a = d->x.appendix_no[TH_TPL_SEL_AGENCIES], *c = d->x.appendix_no[TH_TPL_SEL_COMMUNES];
        if (a || c) {
            char *who = th_tpl_who(&d->x);
            char *s = th_asprintf("Kết quả thực hiện của từng %s được tổng hợp tại %s%s%s.", who, a ? a : c,
                                  a && c ? " và " : "", a && c ? c : "");
            paragraph(d, TH_PDF_REGULAR, s);
            free(s);
            free(who);
        }
        return emit_paras(d, it->paras + (it->nparas ? 1 : 0), it->nparas ? it->nparas - 1 : 0);
    }
    const struct th_tpl_item *sentence = it->nparas ? &it->paras[0] : NULL;
    struct th_buf absent;
    th_buf_init(&absent, 0);
    for (size_t k = 0; k < pl->nagencies && e == TH_OK; k++) {
        if (!th_prose_agency_present(d->x.c, &pl->agencies[k]) &&
            !find_edit(d, TH_EDIT_AGENCY, pl->agencies[k].title)) {
            char *gone = agency_gone(d, &pl->agencies[k]);
            if (gone)
                paragraph(d, TH_PDF_REGULAR, gone);
            else
                th_buf_printf(&absent, "%s%s", absent.len ? ", " : "", pl->agencies[k].title);
            free(gone);
            continue;
        }
        struct th_edit *ed = find_edit(d, TH_EDIT_AGENCY, pl->agencies[k].title);
        if (ed && ed->mode != TH_EDIT_AFTER)
            e = emit_edit(d, ed);
        if (e != TH_OK || (ed && ed->mode == TH_EDIT_REPLACE))
            continue;
        struct th_paras ps = {0};
        e = th_prose_agency(&d->x, &pl->agencies[k], sentence, d->t->path, &ps);
        emit_prose(d, &ps);
        if (e == TH_OK && ed && ed->mode == TH_EDIT_AFTER)
            e = emit_edit(d, ed);
    }
    /* agencies of the plan that are not reporting units: said once, not invented */
    if (e == TH_OK && absent.len && !d->x.per->def->nunits && !d->x.per->def->nkinds) {
        char *s = th_asprintf("Các cơ quan, đơn vị chưa thuộc danh mục đơn vị báo cáo nên không có số liệu trong báo "
                              "cáo này: %s.",
                              absent.data);
        paragraph(d, TH_PDF_REGULAR, s);
        free(s);
    }
    th_buf_release(&absent);
    if (e == TH_OK && it->nparas > 1)
        e = emit_paras(d, it->paras + 1, it->nparas - 1);
    return e;
}

/* The Roman number of the template's section with id, 0 if none. */
static int section_number(const struct th_doc *d, const char *id)
{
    int n = 0;
    for (size_t i = 0; i < d->t->nitems; i++)
        if (d->t->items[i].kind == TH_TPL_SECTION) {
            n++;
            if (d->t->items[i].id && strcmp(d->t->items[i].id, id) == 0)
                return n;
        }
    return 0;
}

/* Whether a paragraph of the template after block it, in its part, is printed. */
static bool paras_follow(struct th_doc *d, const struct th_tpl_item *it)
{
    for (const struct th_tpl_item *n = it + 1; n < d->t->items + d->t->nitems; n++) {
        if (n->kind == TH_TPL_SECTION || n->kind == TH_TPL_CLOSING || n->kind == TH_TPL_H)
            break;
        if (n->kind == TH_TPL_P && th_tpl_asked(&d->x, n->when.name, n->text) && th_tpl_holds(&d->x, &n->when))
            return true;
    }
    return false;
}

/* A generated block: the sentences written from the figures, then the
 * template's own paragraphs. */
static th_err block(struct th_doc *d, const struct th_tpl_item *it)
{
    struct th_paras ps = {0};
    switch (it->kind) {
    case TH_TPL_COMPLETENESS: th_prose_completeness(&d->x, it->max, &ps); break;
    case TH_TPL_DIRECTION: th_prose_direction(&d->x, &ps); break;
    case TH_TPL_COMPARISON: th_prose_comparison(&d->x, &ps); break;
    case TH_TPL_IND_SUMMARY: th_prose_indicators(&d->x, d->shown, d->nshown, &ps); break;
    case TH_TPL_STRENGTHS: th_prose_strengths(&d->x, d->shown, d->nshown, &ps); break;
    case TH_TPL_WEAKNESSES: th_prose_weaknesses(&d->x, d->shown, d->nshown, &ps); break;
    case TH_TPL_CAUSES: th_prose_causes(&d->x, &ps); break;
    case TH_TPL_DIRECTIONS: th_prose_directions(&d->x, d->shown, d->nshown, &ps); break;
    case TH_TPL_UNITS_SAID: th_prose_units_said(&d->x, it->proposals, &ps); break;
    default: break;
    }
    size_t printed = ps.n;
    if (it->kind == TH_TPL_DIRECTIONS)
        d->dashed = ps.n > 0;
    emit_prose(d, &ps);
    th_err e = emit_paras_n(d, it->paras, it->nparas, &printed);
    /* a part of the assessment with nothing to say says where to look */
    if (e == TH_OK && !printed && it->kind == TH_TPL_STRENGTHS) {
        int a = section_number(d, "ket-qua"), b = section_number(d, "chi-tieu");
        char *s = a && b ? th_asprintf("Kết quả thực hiện từng nhiệm vụ, chỉ tiêu được nêu tại mục %s và mục %s.",
                                       th_doc_roman(a), th_doc_roman(b))
                         : th_strdup("Kết quả thực hiện từng nhiệm vụ, chỉ tiêu được nêu tại các mục trên.");
        paragraph(d, TH_PDF_REGULAR, s);
        free(s);
    }
    /* (not before the template's own paragraph saying more) */
    if (e == TH_OK && !printed && it->kind == TH_TPL_DIRECTIONS && !paras_follow(d, it))
        paragraph(d, TH_PDF_REGULAR, "Tiếp tục triển khai các nhiệm vụ, giải pháp của Kế hoạch.");
    return e;
}

/* The number a heading starts with ("1. Ưu điểm" -> "1"), or "". */
static void heading_number(const char *text, char out[16])
{
    size_t n = 0;
    while (text && (text[n] >= '0' && text[n] <= '9') && n < 15)
        n++;
    memcpy(out, text, n);
    out[n] = '\0';
}

/* Where the body stands: the section and part the template is in, and
 * what the department's wording does with them. */
struct place {
    struct th_edit *section_after, *part_after;
    bool skip_section, skip_part;
};

static th_err leave_part(struct th_doc *d, struct place *pl)
{
    th_err e = emit_edit(d, pl->part_after);
    pl->part_after = NULL;
    pl->skip_part = false;
    return e;
}

static th_err leave_section(struct th_doc *d, struct place *pl)
{
    th_err e = leave_part(d, pl);
    if (e == TH_OK)
        e = emit_edit(d, pl->section_after);
    pl->section_after = NULL;
    pl->skip_section = false;
    return e;
}

/* Enter a section or a part: its heading is drawn; the edit of that place,
 * if any, goes before what the template has, replaces it, or waits for its
 * end. */
static th_err enter(struct th_doc *d, struct th_edit *ed, struct th_edit **after, bool *skip)
{
    if (!ed)
        return TH_OK;
    if (ed->mode == TH_EDIT_AFTER) {
        *after = ed;
        return TH_OK;
    }
    *skip = ed->mode == TH_EDIT_REPLACE;
    return emit_edit(d, ed);
}

static th_err body(struct th_doc *d)
{
    struct th_pdf *p = &d->pdf;
    const struct th_tpl *t = d->t;
    struct place pl = {0};
    char number[16] = "";
    th_err e = TH_OK;
    for (size_t i = 0; i < t->nitems && e == TH_OK; i++) {
        const struct th_tpl_item *it = &t->items[i];
        if (it->kind == TH_TPL_SECTION || it->kind == TH_TPL_CLOSING) {
            if ((e = leave_section(d, &pl)) != TH_OK)
                break;
        } else if (it->kind == TH_TPL_H) {
            if (pl.skip_section)
                continue;
            if ((e = leave_part(d, &pl)) != TH_OK)
                break;
        } else if (pl.skip_section || pl.skip_part) {
            continue;
        }
        if (it->kind == TH_TPL_P || it->kind == TH_TPL_CLOSING) {
            if (!th_tpl_asked(&d->x, it->when.name, it->text) || !th_tpl_holds(&d->x, &it->when))
                continue;
        }
        char *s = NULL;
        if (it->text && (e = th_tpl_expand(&d->x, t->path, it->line, it->text, &s)) != TH_OK)
            break;
        switch (it->kind) {
        case TH_TPL_SECTION: {
            /* a placeholder in a heading of capitals ("năm 2027") is capitalised too */
            char *up = th_tpl_upper(s);
            char *h = th_asprintf("%s. %s", th_doc_roman(++d->roman), up);
            free(up);
            heading(d, TH_PDF_BOLD, h, 3 * BODY_LEAD);
            free(h);
            number[0] = '\0';
            d->dashed = false;
            e = enter(d, find_edit(d, TH_EDIT_SECTION, it->id), &pl.section_after, &pl.skip_section);
            break;
        }
        case TH_TPL_H:
            d->dashed = false;
            heading(d, TH_PDF_BOLD, s, 2 * BODY_LEAD);
            heading_number(s, number);
            e = enter(d, find_edit(d, TH_EDIT_PART, it->id), &pl.part_after, &pl.skip_part);
            break;
        case TH_TPL_P:
            if (d->dashed && strncmp(s, "- ", 2) != 0) {
                /* one list: "- Đôn đốc …" then "- Tiếp tục triển khai …" */
                char *ds = th_asprintf("- %s", s);
                paragraph(d, it->style, ds);
                free(ds);
            } else {
                paragraph(d, it->style, s);
            }
            break;
        case TH_TPL_CLOSING: {
            /* the closing paragraph stays on the page of the signature */
            float h = th_pdf_box_height(p, it->style, BODY, s, th_pdf_text_width(p) - INDENT, BODY_LEAD);
            th_pdf_need(p, h + PARA_AFTER + 10 + th_doc_signature_height(p, d->rec, d->left_w));
            paragraph(d, it->style, s);
            break;
        }
        case TH_TPL_TABLE:
            th_doc_indicator_table(d);
            break;
        case TH_TPL_CHART:
            th_doc_chart(d);
            break;
        case TH_TPL_TASKS:
            e = tasks(d, it, number);
            break;
        case TH_TPL_AGENCIES:
            e = agencies(d, it);
            break;
        default:
            e = block(d, it);
            break;
        }
        free(s);
    }
    if (e == TH_OK)
        e = leave_section(d, &pl);
    return e;
}

/* Every place the department's wording names must exist: a section or
 * part of the template, a task or agency of the plan. Checked before
 * anything is laid out, all at once. */
static th_err check_edits(const struct th_doc *d)
{
    const struct th_edits *ed = d->in->edits;
    const struct th_plan *pl = d->x.ws->plan;
    size_t ntv;
    const struct th_task *tv = report_tasks(d, &ntv);
    th_err e = TH_OK;
    for (size_t i = 0; ed && i < ed->n; i++) {
        const struct th_edit *x = &ed->v[i];
        bool found = false;
        for (size_t k = 0; k < d->t->nitems && !found; k++) {
            const struct th_tpl_item *it = &d->t->items[k];
            found = it->id && strcmp(it->id, x->ref) == 0 &&
                    ((x->place == TH_EDIT_SECTION && it->kind == TH_TPL_SECTION) ||
                     (x->place == TH_EDIT_PART && it->kind == TH_TPL_H));
        }
        for (size_t k = 0; x->place == TH_EDIT_TASK && k < ntv && !found; k++)
            found = strcmp(tv[k].id, x->ref) == 0;
        for (size_t k = 0; x->place == TH_EDIT_AGENCY && k < pl->nagencies && !found; k++)
            found = strcmp(pl->agencies[k].title, x->ref) == 0;
        if (!found) {
            static const char *const what[] = {"section", "part", "task", "agency"};
            th_error("%s:%d: there is no %s '%s' in the report (%s)", ed->path, x->line, what[x->place], x->ref,
                     x->place <= TH_EDIT_PART ? d->t->path : "plan.xml");
            e = TH_ERR_CONFIG;
        }
    }
    return e;
}

/* Every topic a task of the plan (or of the period) names has paragraphs
 * in the template. */
static th_err check_topics(const struct th_doc *d)
{
    size_t ntv;
    const struct th_task *tv = report_tasks(d, &ntv);
    const struct th_tpl_item *tasks = NULL;
    for (size_t i = 0; i < d->t->nitems && !tasks; i++)
        if (d->t->items[i].kind == TH_TPL_TASKS)
            tasks = &d->t->items[i];
    th_err e = TH_OK;
    for (size_t k = 0; tasks && k < ntv; k++)
        for (size_t t = 0; t < tv[k].ntopics; t++)
            if (!find_topic(tasks, tv[k].topics[t])) {
                th_error("plan.xml:%d: task %s names the topic '%s', which the report template '%s' has no "
                         "paragraphs for",
                         tv[k].line, tv[k].id, tv[k].topics[t], d->t->path);
                e = TH_ERR_CONFIG;
            }
    return e;
}

/* Number the appendices that have rows (I, II ...), in template order. */
static void number_appendices(struct th_doc *d)
{
    int n = 0;
    for (size_t i = 0; i < d->t->napps && i < sizeof d->app_number / sizeof d->app_number[0]; i++) {
        if (!th_doc_appendix_has_rows(d, i))
            continue;
        d->app_number[i] = ++n;
        d->app_label[i] = th_asprintf("Phụ lục %s", th_doc_roman(n));
        enum th_tpl_select sel = d->t->apps[i].select;
        if (!d->x.appendix_no[sel])
            d->x.appendix_no[sel] = d->app_label[i];
    }
}

th_err th_pdf_report_write(const struct th_report_in *in, const char *path)
{
    const struct th_workspace *ws = in->ws;
    const struct th_period *per = in->per;
    const struct th_cons *c = in->c;
    struct th_doc d;
    memset(&d, 0, sizeof d);
    th_err e = TH_OK;
    char *summary = NULL, *title = NULL, *subject = NULL, *keywords = NULL, *num = NULL, *ref = NULL;
    struct th_temp tmp;
    char tsha[65] = "", esha[65] = "";
    d.in = in;
    d.id = th_plan_identity(ws->plan, th_report_date(ws->plan, per));
    d.rec = th_report_recipients(ws->plan, per);
    d.x.ws = ws;
    d.x.per = per;
    d.x.c = c;
    d.x.prev = in->prev;
    d.x.id = d.id;
    d.x.node = c->root;
    d.x.rd = th_plan_report(ws->plan, per->year, per->id);
    const struct th_cons_node *issuer = d.id->issuing_unit ? th_cons_find(c, d.id->issuing_unit) : NULL;
    d.x.issuer = th_strdup(th_identity_issuer(d.id, issuer ? issuer->name : NULL));
    d.x.area = d.id->area ? th_strdup(d.id->area) : th_tpl_lower_first(c->root->name);
    d.x.said[0] = th_prose_said(c, 0);
    d.x.said[1] = th_prose_said(c, 1);

    if (!(d.t = th_tpl_load(ws))) {
        e = TH_ERR_CONFIG;
        goto done;
    }
    number_appendices(&d);
    if ((e = th_tpl_check(&d.x, d.t)) != TH_OK || (e = check_edits(&d)) != TH_OK || (e = check_topics(&d)) != TH_OK)
        goto done;
    d.nshown = th_prose_shown(ws, per, c, in->prev, &d.shown);
    if (th_sha256_file(d.t->path, tsha) != TH_OK)
        tsha[0] = '\0';
    if (in->edits && th_sha256_file(in->edits->path, esha) != TH_OK)
        esha[0] = '\0';
    if ((e = th_tpl_expand(&d.x, d.t->path, d.t->summary_line, d.t->summary, &summary)) != TH_OK)
        goto done;
    if ((e = th_pdf_init(&d.pdf, path, FONT_DIR, FONT_FAMILY)) != TH_OK)
        goto done;

    /* document information: dates from the issue date (else the period's end), never the clock */
    th_date dd = d.x.rd && d.x.rd->issued ? d.x.rd->issued : per->end;
    HPDF_Date date = {TH_DATE_Y(dd), TH_DATE_M(dd), TH_DATE_D(dd), 8, 0, 0, '+', 7, 0};
    char xdate[32], vdate[64];
    snprintf(xdate, sizeof xdate, "%04d-%02d-%02dT08:00:00+07:00", TH_DATE_Y(dd), TH_DATE_M(dd), TH_DATE_D(dd));
    num = th_tpl_report_number(&d.x);
    title = th_asprintf("Báo cáo: %s", summary);
    subject = th_asprintf("Báo cáo số %s %s của %s về %s", num,
                          d.x.rd && d.x.rd->issued ? th_fmt_vn_date(d.x.rd->issued, vdate) : "(dự thảo)", d.x.issuer,
                          summary);
    keywords = th_asprintf("công tác xã hội; báo cáo %s %d; %s; %s", per->def->label, per->year, ws->plan->id,
                           d.id->place);
    th_pdfmeta_info(d.pdf.doc, title, d.x.issuer, subject, keywords, date);
    if ((e = th_pdfmeta_xmp(d.pdf.doc, title, d.x.issuer, subject, keywords, xdate)) != TH_OK)
        goto done;
    th_pdfmeta_id(d.pdf.doc, c, d.x.rd, tsha, esha, in->prev_sha256);
    th_pdfmeta_output_intent(d.pdf.doc);
    HPDF_AddPageLabel(d.pdf.doc, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);

    th_pdf_new_page(&d.pdf);
    draw_header(&d);
    draw_title(&d, summary);
    if ((e = body(&d)) != TH_OK)
        goto done;
    th_doc_signature(&d.pdf, d.id, d.rec, d.left_w, d.right_x, d.right_w);

    ref = th_asprintf("(Kèm theo Báo cáo số %s %s của %s)", num,
                      d.x.rd && d.x.rd->issued ? th_fmt_vn_date(d.x.rd->issued, vdate) : "ngày   tháng   năm",
                      d.x.issuer);
    for (size_t i = 0; i < d.t->napps && e == TH_OK; i++)
        if (d.app_number[i])
            e = th_doc_appendix(&d, i, ref);
    if (e != TH_OK)
        goto done;
    if ((e = th_pdf_status(&d.pdf, "dàn trang được báo cáo")) != TH_OK)
        goto done;

    if (th_temp_open(&tmp, path, 0644) != TH_OK) {
        e = TH_ERR_IO;
        goto done;
    }
    if ((e = th_pdf_save(&d.pdf, &tmp)) != TH_OK) {
        int saved = errno;
        th_temp_abort(&tmp);
        errno = saved; /* the caller says why: disk full, no permission… */
        goto done;
    }
    e = th_temp_commit(&tmp);
done:
    th_pdf_release(&d.pdf);
    th_tpl_free(d.t);
    for (size_t i = 0; i < sizeof d.app_label / sizeof d.app_label[0]; i++)
        free(d.app_label[i]);
    free(d.shown);
    free(d.x.issuer);
    free(d.x.area);
    free(summary);
    free(title);
    free(subject);
    free(keywords);
    free(num);
    free(ref);
    return e;
}
