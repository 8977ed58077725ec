/* report_edits.c - reading the department's per-period wording of the
 * report (schemas/narrative.xsd). */
#include "report_edits.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xmlsafe.h"

char *th_edits_path(const struct th_workspace *ws, const struct th_period *p)
{
    char *name = th_asprintf("narrative/%d-%s.xml", p->year, p->id);
    char *path = th_path_join(ws->dir, name);
    free(name);
    return path;
}

void th_edits_free(struct th_edits *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++) {
        for (size_t k = 0; k < e->v[i].nparas; k++)
            free(e->v[i].paras[k].text);
        free(e->v[i].paras);
        free(e->v[i].ref);
    }
    free(e->v);
    free(e->path);
    free(e);
}

struct th_edit *th_edits_find(const struct th_edits *e, enum th_edit_place place, const char *ref)
{
    for (size_t i = 0; e && i < e->n; i++)
        if (e->v[i].place == place && strcmp(e->v[i].ref, ref) == 0)
            return &e->v[i];
    return NULL;
}

static bool pick(const char *s, const char *const *names, size_t n, int *out)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    return false;
}

/* The file at path (owned), which must say it is for year and period. */
static th_err load_file(char *path, int want_year, const char *want_period, struct th_edits **out)
{
    static const char *const places[] = {"section", "part", "task", "agency"};
    static const char *const modes[] = {"after", "before", "replace"};
    static const char *const styles[] = {"regular", "italic", "bold"};
    *out = NULL;
    if (!th_is_file(path)) {
        free(path);
        return TH_OK;
    }
    xmlDocPtr doc = th_xml_load_config(path, "narrative.xsd");
    if (!doc) {
        free(path);
        return TH_ERR_CONFIG;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char *period = th_xml_attr(root, "period");
    int year = (int)th_xml_attr_int(root, "year");
    th_err rc = TH_OK;
    if (year != want_year || !period || strcmp(period, want_period) != 0) {
        th_error("%s:%d: the wording is for %d %s, not for the period %d %s", path, (int)xmlGetLineNo(root), year,
                 period ? period : "?", want_year, want_period);
        rc = TH_ERR_CONFIG;
    }
    free(period);
    struct th_edits *e = th_calloc(1, sizeof *e);
    e->path = path;
    size_t cap = 0;
    for (xmlNodePtr n = root->children; n && rc == TH_OK; n = n->next) {
        int place, mode = TH_EDIT_AFTER;
        if (n->type != XML_ELEMENT_NODE || !pick((const char *)n->name, places, 4, &place))
            continue;
        TH_GROW(e->v, cap, e->n + 1);
        struct th_edit *ed = &e->v[e->n++];
        memset(ed, 0, sizeof *ed);
        ed->place = (enum th_edit_place)place;
        ed->ref = th_xml_attr_nfc(n, "ref");
        char *m = th_xml_attr(n, "mode");
        pick(m, modes, 3, &mode);
        free(m);
        ed->mode = (enum th_edit_mode)mode;
        ed->line = (int)xmlGetLineNo(n);
        size_t pcap = 0;
        TH_XML_FOREACH(c, n, "p")
        {
            TH_GROW(ed->paras, pcap, ed->nparas + 1);
            struct th_edit_para *pa = &ed->paras[ed->nparas++];
            char *raw = th_xml_text(c), *st = th_xml_attr(c, "style");
            int style = TH_EDIT_REGULAR;
            pick(st, styles, 3, &style);
            pa->text = th_nfc_collapse(raw);
            pa->style = (enum th_edit_style)style;
            pa->line = (int)xmlGetLineNo(c);
            free(raw);
            free(st);
            if (!pa->text)
                pa->text = th_strdup("");
        }
        if (th_edits_find(e, ed->place, ed->ref) != ed) {
            th_error("%s:%d: %s '%s' is worded twice in the file", path, ed->line, places[place], ed->ref);
            rc = TH_ERR_CONFIG;
        }
    }
    xmlFreeDoc(doc);
    if (rc != TH_OK) {
        th_edits_free(e);
        return rc;
    }
    *out = e;
    return TH_OK;
}

th_err th_edits_load(const struct th_workspace *ws, const struct th_period *p, struct th_edits **out)
{
    return load_file(th_edits_path(ws, p), p->year, p->id, out);
}

char *th_edits_review_path(const struct th_workspace *ws, int from, int to)
{
    char *name = th_asprintf("narrative/review-%d-%d.xml", from, to);
    char *path = th_path_join(ws->dir, name);
    free(name);
    return path;
}

th_err th_edits_load_review(const struct th_workspace *ws, int from, int to, struct th_edits **out)
{
    char *period = th_asprintf("review-%d-%d", from, to);
    th_err e = load_file(th_edits_review_path(ws, from, to), to, period, out);
    free(period);
    return e;
}
