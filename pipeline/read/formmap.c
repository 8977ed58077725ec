/* formmap.c - loading and checking templates/form.xml. */
#include "formmap.h"

#include <stdlib.h>
#include <string.h>

#include "xlsx.h"
#include "xmlsafe.h"

static const char *const hdr_names[TH_FM_NHDR] = {"unit", "unitName", "year", "period", "submitted",
                                                  "preparedBy"};

void th_formmap_free(struct th_formmap *m)
{
    if (!m)
        return;
    free(m->form_id);
    free(m->period);
    free(m->sheet);
    free(m->instructions);
    free(m->meta);
    free(m->title);
    free(m->grid);
    free(m);
}

/* Fill c from the ref/to attributes of node; false when malformed. */
static bool place(xmlNodePtr node, struct th_fm_cell *c)
{
    char *ref = th_xml_attr(node, "ref"), *to = th_xml_attr(node, "to");
    bool ok = ref && th_xlsx_ref_parse(ref, &c->row, &c->col);
    c->row2 = c->row;
    c->col2 = c->col;
    if (ok && to)
        ok = th_xlsx_ref_parse(to, &c->row2, &c->col2) && c->row2 >= c->row && c->col2 >= c->col;
    if (ok)
        snprintf(c->ref, sizeof c->ref, "%s", ref);
    free(ref);
    free(to);
    return ok;
}

static void extent(struct th_formmap *m, const struct th_fm_cell *c)
{
    if (c->row2 + 1 > m->nrows)
        m->nrows = c->row2 + 1;
    if (c->col2 + 1 > m->ncols)
        m->ncols = c->col2 + 1;
}

/* Mark the grid; false when the cell is taken already. */
static bool claim(struct th_formmap *m, const struct th_fm_cell *c, int what)
{
    for (int r = c->row; r <= c->row2; r++)
        for (int col = c->col; col <= c->col2; col++) {
            int *g = &m->grid[r * m->ncols + col];
            if (*g != -1)
                return false;
            *g = what;
        }
    return true;
}

/* The grid of every item on the form; false (said, naming path) when two
 * items share a cell. */
static bool make_grid(struct th_formmap *m, const char *path)
{
    m->grid = th_malloc((size_t)m->nrows * (size_t)m->ncols * sizeof *m->grid);
    for (int i = 0; i < m->nrows * m->ncols; i++)
        m->grid[i] = -1;
    for (int h = 0; h < TH_FM_NHDR; h++)
        if (!claim(m, &m->hdr[h], TH_NFIELDS + h))
            return false;
    for (size_t f = 0; f < TH_NFIELDS; f++)
        if (th_formmap_has(m, (int)f) && !claim(m, &m->field[f], (int)f)) {
            th_error("%s: field '%s' shares cell %s with another item", path, th_fields[f].id, m->field[f].ref);
            return false;
        }
    return true;
}

bool th_formmap_has(const struct th_formmap *m, int f)
{
    return f >= 0 && f < TH_NFIELDS && m->field[f].ref[0];
}

struct th_formmap *th_formmap_subset(const struct th_formmap *full, char *const *fields, size_t n,
                                     const char *period)
{
    bool want[TH_NFIELDS] = {0}, any = false;
    for (size_t i = 0; i < n; i++) {
        int f = th_field_index(fields[i]);
        if (f >= 0 && th_formmap_has(full, f))
            any = want[f] = true;
    }
    if (!any)
        return NULL;
    struct th_formmap *m = th_calloc(1, sizeof *m);
    m->form_id = th_asprintf("%s-%s", full->form_id, period);
    m->period = th_strdup(period);
    m->sheet = th_strdup(full->sheet);
    m->instructions = th_strdup(full->instructions);
    m->meta = th_strdup(full->meta);
    m->title = th_strdup(full->title);
    m->meta_cell = full->meta_cell;
    m->tabular = full->tabular;
    for (int h = 0; h < TH_FM_NHDR; h++) {
        m->hdr[h] = full->hdr[h];
        extent(m, &m->hdr[h]);
    }
    /* the first field row stays where it is; each row of a wanted field
     * follows the last, a section's title and headings before it */
    int next = full->nrows, placed = 0;
    for (size_t f = 0; f < TH_NFIELDS; f++)
        if (th_formmap_has(full, (int)f) && full->field[f].row < next)
            next = full->field[f].row;
    for (size_t si = 0; si < th_nsections; si++) {
        bool begun = false;
        for (int row = 0; row < full->nrows; row++) {
            int height = 0;
            for (size_t f = 0; f < TH_NFIELDS; f++) {
                const struct th_fm_cell *c = &full->field[f];
                if (!want[f] || c->row != row || strcmp(th_fields[f].section, th_sections[si].id) != 0)
                    continue;
                if (!begun && placed)
                    next += 3; /* a blank row, the title, the headings */
                begun = true;
                struct th_fm_cell *d = &m->field[f];
                *d = *c;
                d->row = next;
                d->row2 = next + (c->row2 - c->row);
                th_xlsx_ref_format(d->row, d->col, d->ref);
                extent(m, d);
                if (c->row2 - c->row + 1 > height)
                    height = c->row2 - c->row + 1;
            }
            next += height;
        }
        placed += begun;
    }
    if (!make_grid(m, m->form_id)) {
        th_formmap_free(m);
        return NULL;
    }
    return m;
}

struct th_formmap *th_formmap_load(const char *path)
{
    xmlDocPtr doc = th_xml_load_config(path, "form.xsd");
    if (!doc)
        return NULL;
    struct th_formmap *m = th_calloc(1, sizeof *m);
    bool ok = true, seen_hdr[TH_FM_NHDR] = {0}, seen[TH_NFIELDS] = {0};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char *id = th_xml_attr(root, "id"), *version = th_xml_attr(root, "version");
    m->form_id = th_asprintf("%s-v%s", id, version);
    free(id);
    free(version);
    m->sheet = th_xml_attr(root, "sheet");
    m->instructions = th_xml_attr(root, "instructions");
    m->meta = th_xml_attr(root, "meta");
    m->title = th_xml_text(th_xml_child(root, "title"));
    char *mc = th_xml_attr(root, "metaCell");
    th_xlsx_ref_parse(mc, &m->meta_cell.row, &m->meta_cell.col);
    snprintf(m->meta_cell.ref, sizeof m->meta_cell.ref, "%s", mc);
    free(mc);
    TH_XML_FOREACH(c, th_xml_child(root, "header"), "cell") {
        char *name = th_xml_attr(c, "name");
        for (int h = 0; h < TH_FM_NHDR; h++)
            if (strcmp(name, hdr_names[h]) == 0) {
                ok &= place(c, &m->hdr[h]);
                seen_hdr[h] = true;
                extent(m, &m->hdr[h]);
            }
        free(name);
    }
    TH_XML_FOREACH(sec, root, "section") {
        TH_XML_FOREACH(fn, sec, "field") {
            char *fid = th_xml_attr(fn, "id");
            int f = th_field_index(fid);
            if (f < 0) {
                th_error("%s:%ld: unknown field '%s'", path, xmlGetLineNo(fn), fid);
                ok = false;
            } else if (!place(fn, &m->field[f])) {
                th_error("%s:%ld: bad cell range for '%s'", path, xmlGetLineNo(fn), fid);
                ok = false;
            } else {
                seen[f] = true;
                extent(m, &m->field[f]);
            }
            free(fid);
        }
    }
    for (size_t f = 0; f < TH_NFIELDS; f++)
        if (!seen[f]) {
            th_error("%s: field '%s' has no cell", path, th_fields[f].id);
            ok = false;
        }
    for (int h = 0; h < TH_FM_NHDR; h++)
        ok &= seen_hdr[h];
    for (size_t f = 0; f < TH_NFIELDS && ok; f++)
        for (size_t g = 0; g < TH_NFIELDS; g++)
            if (g != f && m->field[g].row == m->field[f].row)
                for (size_t si = 0; si < th_nsections && si < 32; si++)
                    if (strcmp(th_sections[si].id, th_fields[f].section) == 0)
                        m->tabular |= 1u << si;
    ok = ok && make_grid(m, path);
    xmlFreeDoc(doc);
    if (!ok) {
        th_formmap_free(m);
        return NULL;
    }
    return m;
}

static struct th_formmap *cached;

static void release_cached(void)
{
    th_formmap_free(cached);
    cached = NULL;
}

const struct th_formmap *th_formmap_get(void)
{
    static bool tried;
    if (!tried) {
        tried = true;
        char *path = th_home_path("templates", "form.xml");
        cached = th_formmap_load(path);
        free(path);
        if (cached)
            atexit(release_cached);
    }
    return cached;
}

int th_formmap_at(const struct th_formmap *m, int row, int col)
{
    if (row < 0 || col < 0 || row >= m->nrows || col >= m->ncols)
        return -1;
    return m->grid[row * m->ncols + col];
}
