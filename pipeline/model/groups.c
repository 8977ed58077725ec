/* groups.c - the groups of units of a consolidation, each with a sheet of
 * the workbook, and Excel sheet names. */
#include "groups.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *th_wb_sheet_name(const char *label)
{
    struct th_buf b;
    th_buf_init(&b, 0);
    size_t chars = 0;
    const unsigned char *s = (const unsigned char *)(label ? label : "");
    while (*s == ' ' || *s == '\'')
        s++;
    while (*s) {
        size_t n = 1;
        if (*s >= 0xF0)
            n = 4;
        else if (*s >= 0xE0)
            n = 3;
        else if (*s >= 0xC0)
            n = 2;
        for (size_t k = 1; k < n; k++)
            if ((s[k] & 0xC0) != 0x80) {
                n = k;
                break;
            }
        if (chars == TH_WB_SHEET_CHARS)
            break;
        if (n == 1 && strchr("[]:*?/\\", *s))
            th_buf_add(&b, "-", 1);
        else if (n == 1 && *s < 0x20)
            th_buf_add(&b, " ", 1);
        else
            th_buf_add(&b, s, n);
        chars++;
        s += n;
    }
    while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\''))
        b.data[--b.len] = '\0';
    if (!b.len)
        th_buf_puts(&b, "Sheet");
    return th_buf_detach(&b);
}

const char *th_wb_group_of(const struct th_cons_node *n)
{
    return n->group && *n->group ? n->group : n->kind_label ? n->kind_label : n->kind;
}

static void add_group_node(const struct th_cons *c, struct th_wb_groups *gs, size_t k)
{
    const struct th_cons_node *n = c->nodes[k];
    const char *label = th_wb_group_of(n);
    struct th_wb_group *g = NULL;
    for (size_t i = 0; i < gs->n && !g; i++)
        if (strcmp(gs->v[i].label, label) == 0)
            g = &gs->v[i];
    if (!g) {
        TH_GROW(gs->v, gs->cap, gs->n + 1);
        g = &gs->v[gs->n++];
        memset(g, 0, sizeof *g);
        g->label = th_strdup(label);
    }
    TH_GROW(g->nodes, g->cap, g->n + 1);
    g->nodes[g->n++] = k;
    struct th_values own;
    if (n->own == TH_OWN_ACCEPTED && th_cons_own_values(n, &own))
        for (size_t f = 0; f < TH_NNUMERIC; f++)
            if (own.present[f])
                g->sum[f] += own.v[f];
}

static bool name_taken(const struct th_wb_groups *gs, size_t upto, const char *name)
{
    const char *fixed[] = {TH_WB_SHEET_INDICATORS, TH_WB_SHEET_TOTALS, TH_WB_SHEET_UNIT_INDICATORS, TH_WB_SHEET_MISSING,
                           TH_WB_SHEET_CHECKS, TH_WB_SHEET_NARRATIVES};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcasecmp(fixed[i], name) == 0)
            return true;
    for (size_t i = 0; i < upto; i++)
        if (strcasecmp(gs->v[i].sheet, name) == 0)
            return true;
    return false;
}

bool th_wb_lists(const struct th_period_def *pd, const struct th_cons_node *n, bool subtree)
{
    if (!pd || (!pd->nunits && !pd->nkinds))
        return true;
    return subtree ? n->n_expected > 0 : n->expected;
}

void th_wb_groups_plan(const struct th_cons *c, const struct th_period_def *pd, struct th_wb_groups *gs)
{
    memset(gs, 0, sizeof *gs);
    for (size_t k = 1; k < c->nnodes; k++)
        if (th_wb_lists(pd, c->nodes[k], false))
            add_group_node(c, gs, k);
    for (size_t i = 0; i < gs->n; i++) {
        struct th_wb_group *g = &gs->v[i];
        char *name = th_wb_sheet_name(g->label);
        for (int n = 2; name_taken(gs, i, name); n++) {
            char *base = th_wb_sheet_name(g->label);
            /* leave room for " (n)" within the 31 characters */
            char *cut = th_strdup(base);
            size_t chars = 0, b = 0;
            for (; cut[b]; b++)
                if (((unsigned char)cut[b] & 0xC0) != 0x80 && ++chars > TH_WB_SHEET_CHARS - 6)
                    break;
            cut[b] = '\0';
            free(name);
            name = th_asprintf("%s (%d)", cut, n);
            free(cut);
            free(base);
        }
        g->sheet = name;
    }
}

void th_wb_groups_release(struct th_wb_groups *gs)
{
    for (size_t i = 0; i < gs->n; i++) {
        free(gs->v[i].label);
        free(gs->v[i].sheet);
        free(gs->v[i].nodes);
    }
    free(gs->v);
    memset(gs, 0, sizeof *gs);
}

size_t th_wb_unit_sheets(const struct th_cons *c, const struct th_period_def *pd, const bool *mark, char ***out)
{
    struct th_wb_groups gs;
    th_wb_groups_plan(c, pd, &gs);
    size_t n = 0;
    *out = th_calloc(gs.n ? gs.n : 1, sizeof **out);
    for (size_t i = 0; i < gs.n; i++) {
        bool any = false;
        for (size_t k = 0; k < gs.v[i].n && !any; k++)
            any = mark[gs.v[i].nodes[k]];
        if (any)
            (*out)[n++] = th_strdup(gs.v[i].sheet);
    }
    th_wb_groups_release(&gs);
    return n;
}
