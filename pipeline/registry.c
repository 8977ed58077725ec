/* registry.c - loading the registry of reporting units and effective-dated look-ups. */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "text.h"
#include "xmlsafe.h"

const char *const th_body_kinds[] = {"tro_giup_xa_hoi", "cai_nghien", "trai_giam", "tu_phap",
                                     "truong_hoc",      "y_te",       "ubnd_xa",   "khac"};
const size_t th_nbody_kinds = sizeof th_body_kinds / sizeof th_body_kinds[0];

int th_body_kind_index(const char *code)
{
    for (size_t i = 0; i < th_nbody_kinds; i++)
        if (strcmp(th_body_kinds[i], code) == 0)
            return (int)i;
    return -1;
}

static unsigned parse_periods(const char *list)
{
    unsigned bits = 0;
    char *copy = th_strdup(list ? list : ""), *save = NULL;
    for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
        enum th_period_kind k;
        if (th_period_parse(t, &k))
            bits |= TH_PERIOD_BIT(k);
    }
    free(copy);
    return bits;
}

static unsigned parse_manages(const char *list)
{
    unsigned bits = 0;
    char *copy = th_strdup(list ? list : ""), *save = NULL;
    for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
        int i = th_body_kind_index(t);
        if (i >= 0)
            bits |= 1u << i;
    }
    free(copy);
    return bits;
}



#define NONE ((size_t)-1)

static size_t hash_code(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static void build_index(struct th_registry *r)
{
    r->nbuckets = 64;
    while (r->nbuckets < r->nunits * 2)
        r->nbuckets *= 2;
    r->buckets = th_malloc(r->nbuckets * sizeof *r->buckets);
    r->next = th_malloc((r->nunits ? r->nunits : 1) * sizeof *r->next);
    for (size_t i = 0; i < r->nbuckets; i++)
        r->buckets[i] = NONE;
    /* insert in reverse so that each chain runs in file order */
    for (size_t i = r->nunits; i-- > 0;) {
        size_t b = hash_code(r->units[i].code) & (r->nbuckets - 1);
        r->next[i] = r->buckets[b];
        r->buckets[b] = i;
    }
}

/* First record index whose code equals code, then walk with next_same(). */
static size_t first_of(const struct th_registry *r, const char *code)
{
    if (!r->buckets)
        return NONE;
    for (size_t i = r->buckets[hash_code(code) & (r->nbuckets - 1)]; i != NONE; i = r->next[i])
        if (strcmp(r->units[i].code, code) == 0)
            return i;
    return NONE;
}

static size_t next_same(const struct th_registry *r, size_t i)
{
    for (size_t j = r->next[i]; j != NONE; j = r->next[j])
        if (strcmp(r->units[j].code, r->units[i].code) == 0)
            return j;
    return NONE;
}

static bool overlaps(th_date a_from, th_date a_to, th_date b_from, th_date b_to)
{
    th_date ato = a_to ? a_to : 99991231, bto = b_to ? b_to : 99991231;
    return a_from <= bto && b_from <= ato;
}

struct th_registry *th_registry_load(const char *path)
{
    xmlDocPtr doc = th_xml_load_config(path, "registry.xsd");
    if (!doc)
        return NULL;
    struct th_registry *r = th_calloc(1, sizeof *r);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    r->root = th_xml_attr(root, "root");
    size_t capk = 0, capu = 0;
    bool ok = true;

    TH_XML_FOREACH(k, root, "kind") {
        TH_GROW(r->kinds, capk, r->nkinds + 1);
        struct th_kind *kind = &r->kinds[r->nkinds++];
        kind->code = th_xml_attr(k, "code");
        kind->label = th_xml_attr_nfc(k, "label");
        kind->group = th_xml_attr_nfc(k, "group");
        char *lv = th_xml_attr(k, "level"), *m = th_xml_attr(k, "manages"), *rp = th_xml_attr(k, "reports");
        kind->level = atoi(lv);
        kind->manages = parse_manages(m);
        kind->reports = parse_periods(rp);
        free(lv);
        free(m);
        free(rp);
    }
    TH_XML_FOREACH(u, root, "unit") {
        TH_GROW(r->units, capu, r->nunits + 1);
        struct th_unit *unit = &r->units[r->nunits++];
        unit->code = th_xml_attr(u, "code");
        unit->line = (int)xmlGetLineNo(u);
        unit->name = th_xml_attr_nfc(u, "name");
        unit->parent = th_xml_attr(u, "parent");
        unit->successor = th_xml_attr(u, "successor");
        unit->from = th_xml_attr_date(u, "from");
        unit->to = th_xml_attr_date(u, "to");
        char *kc = th_xml_attr(u, "kind"), *rp = th_xml_attr(u, "reports");
        for (size_t i = 0; i < r->nkinds; i++)
            if (strcmp(r->kinds[i].code, kc) == 0)
                unit->kind = &r->kinds[i];
        unit->reports = rp ? parse_periods(rp) : unit->kind->reports;
        free(kc);
        free(rp);
        if (unit->to && unit->to < unit->from) {
            th_error("%s:%ld: unit '%s' closes (%d) before it opens (%d)", path, xmlGetLineNo(u),
                     unit->code, unit->to, unit->from);
            ok = false;
        }
    }
    build_index(r);
    for (size_t i = 0; i < r->nunits; i++)
        for (size_t j = next_same(r, i); j != NONE; j = next_same(r, j))
            if (overlaps(r->units[i].from, r->units[i].to, r->units[j].from, r->units[j].to)) {
                th_error("%s:%d: unit '%s' has two records in force at the same time (the other on line %d)",
                         path, r->units[j].line, r->units[i].code, r->units[i].line);
                ok = false;
            }
    /* parents must exist while the child does (checked at the child's start) */
    for (size_t i = 0; i < r->nunits && ok; i++) {
        struct th_unit *u = &r->units[i];
        if (!u->parent) {
            if (strcmp(u->code, r->root) != 0) {
                th_error("%s:%d: unit '%s' has no parent and is not the root '%s'", path, u->line, u->code,
                         r->root);
                ok = false;
            }
            continue;
        }
        if (!th_registry_known(r, u->parent)) {
            th_error("%s:%d: unit '%s' names parent '%s', which is not in the registry", path, u->line,
                     u->code, u->parent);
            ok = false;
        }
    }
    if (!th_registry_known(r, r->root)) {
        th_error("%s: root unit '%s' is not in the registry", path, r->root);
        ok = false;
    }
    xmlFreeDoc(doc);
    if (!ok) {
        th_registry_free(r);
        return NULL;
    }
    return r;
}

void th_registry_free(struct th_registry *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nkinds; i++) {
        free(r->kinds[i].code);
        free(r->kinds[i].label);
        free(r->kinds[i].group);
    }
    for (size_t i = 0; i < r->nunits; i++) {
        free(r->units[i].code);
        free(r->units[i].name);
        free(r->units[i].parent);
        free(r->units[i].successor);
    }
    free(r->kinds);
    free(r->units);
    free(r->buckets);
    free(r->next);
    free(r->root);
    free(r);
}

const struct th_unit *th_registry_at(const struct th_registry *r, const char *code, th_date d)
{
    for (size_t i = first_of(r, code); i != NONE; i = next_same(r, i)) {
        const struct th_unit *u = &r->units[i];
        if (u->from <= d && (!u->to || d <= u->to))
            return u;
    }
    return NULL;
}

const struct th_unit *th_registry_in(const struct th_registry *r, const char *code, th_date from,
                                     th_date to)
{
    const struct th_unit *best = NULL;
    for (size_t i = first_of(r, code); i != NONE; i = next_same(r, i)) {
        const struct th_unit *u = &r->units[i];
        if (overlaps(u->from, u->to, from, to) && (!best || u->from > best->from))
            best = u;
    }
    return best;
}

bool th_registry_known(const struct th_registry *r, const char *code)
{
    return first_of(r, code) != NONE;
}
