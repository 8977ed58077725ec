/* registry.c - loading the registry of reporting units and effective-dated look-ups. */
#include "registry.h"

#include <limits.h>
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



#define NONE UINT32_MAX
_Static_assert(TH_REGISTRY_MAX_UNITS < UINT32_MAX, "a record index is 32 bits");

static size_t hash_code(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

/* One bucket per record or more (a power of two), chains of record indices
 * in file order: 8 to 12 bytes a unit (issue 17). */
static void build_index(struct th_registry *r)
{
    r->nbuckets = 64;
    while (r->nbuckets < r->nunits)
        r->nbuckets *= 2;
    r->buckets = th_malloc(r->nbuckets * sizeof *r->buckets);
    r->next = th_malloc((r->nunits ? r->nunits : 1) * sizeof *r->next);
    for (size_t i = 0; i < r->nbuckets; i++)
        r->buckets[i] = NONE;
    /* insert in reverse so that each chain runs in file order */
    for (size_t i = r->nunits; i-- > 0;) {
        size_t b = hash_code(r->units[i].code) & (r->nbuckets - 1);
        r->next[i] = r->buckets[b];
        r->buckets[b] = (uint32_t)i;
    }
}

/* First record index whose code equals code, then walk with next_same(). */
static size_t first_of(const struct th_registry *r, const char *code)
{
    if (!r->buckets)
        return NONE;
    for (uint32_t i = r->buckets[hash_code(code) & (r->nbuckets - 1)]; i != NONE; i = r->next[i])
        if (strcmp(r->units[i].code, code) == 0)
            return i;
    return NONE;
}

static size_t next_same(const struct th_registry *r, size_t i)
{
    for (uint32_t j = r->next[i]; j != NONE; j = r->next[j])
        if (r->units[j].code == r->units[i].code) /* interned: equal codes, equal pointers */
            return j;
    return NONE;
}

static bool overlaps(th_date a_from, th_date a_to, th_date b_from, th_date b_to)
{
    th_date ato = a_to ? a_to : 99991231, bto = b_to ? b_to : 99991231;
    return a_from <= bto && b_from <= ato;
}

/* The registry and the storage of its strings: an arena, codes interned,
 * so a national registry costs one small block per few hundred units rather
 * than a malloc per string. */
struct registry_impl {
    struct th_registry pub; /* first: th_registry_free casts back */
    struct th_arena strings;
};

/* What loading keeps until the file is read: interned codes, kinds by code,
 * and each unit's kind code (kinds are resolved at the end: registry.xsd
 * leaves unit/@kind to the loader). */
struct loader {
    struct registry_impl *ri;
    size_t capk, capu;
    char **codes;        /* open addressing, power of two */
    size_t ncodes, capcodes;
    size_t *kind_of;     /* kind slots: index + 1, 0 empty */
    size_t capkinds;
    const char **unit_kind; /* capu of them */
};

/* A code-typed attribute (xs:token) as the schema sees it: no white space
 * around; interned in the arena. */
static char *intern(struct loader *L, const char *raw)
{
    while (*raw == ' ' || *raw == '\t' || *raw == '\n' || *raw == '\r')
        raw++;
    size_t n = strlen(raw);
    while (n && (raw[n - 1] == ' ' || raw[n - 1] == '\t' || raw[n - 1] == '\n' || raw[n - 1] == '\r'))
        n--;
    if (L->ncodes * 2 >= L->capcodes) {
        size_t cap = L->capcodes ? L->capcodes * 2 : 1024;
        char **v = th_calloc(cap, sizeof *v);
        for (size_t i = 0; i < L->capcodes; i++)
            if (L->codes[i]) {
                size_t j = hash_code(L->codes[i]) & (cap - 1);
                while (v[j])
                    j = (j + 1) & (cap - 1);
                v[j] = L->codes[i];
            }
        free(L->codes);
        L->codes = v;
        L->capcodes = cap;
    }
    size_t h = 5381;
    for (size_t i = 0; i < n; i++)
        h = h * 33 + (unsigned char)raw[i];
    size_t j = h & (L->capcodes - 1);
    for (; L->codes[j]; j = (j + 1) & (L->capcodes - 1))
        if (strncmp(L->codes[j], raw, n) == 0 && L->codes[j][n] == '\0')
            return L->codes[j];
    L->ncodes++;
    return L->codes[j] = th_arena_dup(&L->ri->strings, raw, n);
}

static char *nfc_dup(struct loader *L, const char *raw)
{
    char *n = th_nfc(raw);
    char *out = th_arena_dup(&L->ri->strings, n ? n : raw, strlen(n ? n : raw));
    free(n);
    return out;
}

/* The kind of code, or NULL: codes are interned, so pointers compare. */
static struct th_kind *kind_find(const struct loader *L, const char *code)
{
    if (!L->capkinds)
        return NULL;
    for (size_t j = hash_code(code) & (L->capkinds - 1); L->kind_of[j]; j = (j + 1) & (L->capkinds - 1))
        if (L->ri->pub.kinds[L->kind_of[j] - 1].code == code)
            return &L->ri->pub.kinds[L->kind_of[j] - 1];
    return NULL;
}

/* Index kinds[i] by its code; the first of a code wins (a duplicate is a
 * schema error anyway). */
static void kind_put(struct loader *L, size_t i)
{
    struct th_registry *r = &L->ri->pub;
    if (r->nkinds * 2 >= L->capkinds) {
        size_t cap = L->capkinds ? L->capkinds * 2 : 16;
        free(L->kind_of);
        L->kind_of = th_calloc(cap, sizeof *L->kind_of);
        L->capkinds = cap;
        for (size_t k = 0; k < r->nkinds; k++)
            if (k != i)
                kind_put(L, k);
    }
    if (kind_find(L, r->kinds[i].code))
        return;
    size_t j = hash_code(r->kinds[i].code) & (L->capkinds - 1);
    while (L->kind_of[j])
        j = (j + 1) & (L->capkinds - 1);
    L->kind_of[j] = i + 1;
}

/* r:code of registry.xsd: [A-Za-z0-9._-]{1,32} */
static bool valid_code(const char *s)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
    return n >= 1 && n <= 32 && s[n] == '\0';
}

/* Attribute value without a copy when it is one text node (*tofree NULL),
 * else a copy the caller frees with xmlFree. */
static const char *attr_value(xmlAttrPtr a, xmlChar **tofree)
{
    *tofree = NULL;
    xmlNodePtr c = a->children;
    if (c && !c->next && c->type == XML_TEXT_NODE && c->content)
        return (const char *)c->content;
    *tofree = xmlNodeListGetString(a->doc, c, 1);
    return *tofree ? (const char *)*tofree : "";
}

#define REPORTS_OF_KIND UINT_MAX /* no reports attribute: the kind's */

/* A reports= list as bits of the registry's own period ids (the plan's ids
 * are matched to them by th_workspace_open); line: where it is, for the
 * first use of an id. */
static unsigned parse_periods(struct loader *L, const char *list, int line)
{
    struct th_registry *r = &L->ri->pub;
    unsigned bits = 0;
    char *copy = th_strdup(list ? list : ""), *save = NULL;
    for (char *t = strtok_r(copy, " \t\n\r", &save); t; t = strtok_r(NULL, " \t\n\r", &save)) {
        const char *id = intern(L, t);
        size_t i = 0;
        while (i < r->nperiod_ids && r->period_ids[i] != id)
            i++;
        if (i == r->nperiod_ids && i < TH_REGISTRY_MAX_PERIODS) {
            r->period_ids[i] = id;
            r->period_lines[i] = line;
            r->nperiod_ids++;
        }
        if (i < TH_REGISTRY_MAX_PERIODS)
            bits |= 1u << i;
    }
    free(copy);
    return bits;
}

static void read_kind(struct loader *L, xmlNodePtr n)
{
    struct th_registry *r = &L->ri->pub;
    TH_GROW(r->kinds, L->capk, r->nkinds + 1);
    struct th_kind *kind = &r->kinds[r->nkinds];
    memset(kind, 0, sizeof *kind);
    kind->code = intern(L, "");
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        xmlChar *copy;
        const char *v = attr_value(a, &copy), *name = (const char *)a->name;
        if (strcmp(name, "code") == 0)
            kind->code = intern(L, v);
        else if (strcmp(name, "label") == 0)
            kind->label = nfc_dup(L, v);
        else if (strcmp(name, "group") == 0)
            kind->group = nfc_dup(L, v);
        else if (strcmp(name, "level") == 0)
            kind->level = atoi(v);
        else if (strcmp(name, "manages") == 0)
            kind->manages = parse_manages(v);
        else if (strcmp(name, "reports") == 0)
            kind->reports = parse_periods(L, v, (int)xmlGetLineNo(n));
        xmlFree(copy);
    }
    r->nkinds++;
    if (valid_code(kind->code)) /* else not a key of the schema's kindCode */
        kind_put(L, r->nkinds - 1);
}

static void read_unit(struct loader *L, xmlNodePtr n)
{
    struct th_registry *r = &L->ri->pub;
    if (r->nunits == L->capu) { /* doubled, not zeroed: each unit is set whole below */
        L->capu = L->capu ? 2 * L->capu : 1024;
        r->units = th_realloc(r->units, L->capu * sizeof *r->units);
        L->unit_kind = th_realloc(L->unit_kind, L->capu * sizeof *L->unit_kind);
    }
    struct th_unit *unit = &r->units[r->nunits];
    memset(unit, 0, sizeof *unit);
    unit->code = intern(L, "");
    unit->line = (int)xmlGetLineNo(n);
    unit->reports = REPORTS_OF_KIND;
    const char *kind = NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        xmlChar *copy;
        const char *v = attr_value(a, &copy), *name = (const char *)a->name;
        if (strcmp(name, "code") == 0)
            unit->code = intern(L, v);
        else if (strcmp(name, "name") == 0)
            unit->name = nfc_dup(L, v);
        else if (strcmp(name, "kind") == 0)
            kind = intern(L, v);
        else if (strcmp(name, "parent") == 0)
            unit->parent = intern(L, v);
        else if (strcmp(name, "successor") == 0)
            unit->successor = intern(L, v);
        else if (strcmp(name, "from") == 0)
            th_date_parse(v, &unit->from);
        else if (strcmp(name, "to") == 0)
            th_date_parse(v, &unit->to);
        else if (strcmp(name, "reports") == 0)
            unit->reports = parse_periods(L, v, unit->line);
        xmlFree(copy);
    }
    L->unit_kind[r->nunits++] = kind;
}

/* Each unit's kind, once every kind is known; a kind code that names none is
 * reported where the unit is, in the words of an xs:keyref error. */
static void resolve_kinds(struct loader *L, struct th_xml_stream *xs, const char *ns)
{
    struct th_registry *r = &L->ri->pub;
    for (size_t i = 0; i < r->nunits; i++) {
        struct th_unit *u = &r->units[i];
        const char *kc = L->unit_kind[i];
        u->kind = kc ? kind_find(L, kc) : NULL;
        if (u->kind && u->reports == REPORTS_OF_KIND)
            u->reports = u->kind->reports;
        if (!u->kind && kc && valid_code(kc))
            th_xml_stream_invalid(xs, u->line,
                                  "Element '{%s}unit': No match found for key-sequence ['%s'] of keyref "
                                  "'{%s}unitKind'.",
                                  ns, kc, ns);
    }
}

static const char REGISTRY_NS[] = "urn:tonghop:registry:1";

size_t th_registry_max_units = TH_REGISTRY_MAX_UNITS;

/* Read path into r; false (problems printed) unless it is well-formed, safe
 * and valid against registry.xsd. */
static bool read_registry(struct loader *L, const char *path, const char *memo)
{
    struct th_xml_stream *xs = th_xml_stream_open_memo(path, "registry.xsd", memo);
    if (!xs)
        return false;
    struct th_registry *r = &L->ri->pub;
    bool ours = false; /* the root is the schema's: its content is validated */
    bool too_many = false;
    while (th_xml_stream_next(xs)) {
        xmlNodePtr n = th_xml_stream_node(xs);
        int depth = th_xml_stream_depth(xs);
        bool in_ns = n->ns && n->ns->href && strcmp((const char *)n->ns->href, REGISTRY_NS) == 0;
        if (depth == 0) {
            ours = in_ns && strcmp((const char *)n->name, "registry") == 0;
            for (xmlAttrPtr a = n->properties; a; a = a->next)
                if (!a->ns && strcmp((const char *)a->name, "root") == 0) {
                    xmlChar *copy;
                    r->root = intern(L, attr_value(a, &copy));
                    xmlFree(copy);
                }
        } else if (depth == 1 && ours && in_ns && strcmp((const char *)n->name, "kind") == 0) {
            read_kind(L, n);
        } else if (depth == 1 && ours && in_ns && strcmp((const char *)n->name, "unit") == 0) {
            if (r->nunits < th_registry_max_units) {
                read_unit(L, n);
            } else if (!too_many) { /* said once; read on, keeping nothing more */
                too_many = true;
                th_xml_stream_invalid(xs, (int)xmlGetLineNo(n), "more than %zu units: a registry holds at most %zu",
                                      th_registry_max_units, th_registry_max_units);
            }
        }
    }
    if (ours)
        resolve_kinds(L, xs, REGISTRY_NS);
    return th_xml_stream_close(xs);
}

struct th_registry *th_registry_load(const char *path)
{
    return th_registry_load_memo(path, NULL);
}

struct th_registry *th_registry_load_memo(const char *path, const char *memo)
{
    struct loader L = {0};
    L.ri = th_calloc(1, sizeof *L.ri);
    struct th_registry *r = &L.ri->pub;
    bool ok = read_registry(&L, path, memo);
    free(L.codes);
    free(L.kind_of);
    free(L.unit_kind);
    if (!ok)
        goto fail;
    if (r->nunits < L.capu) /* the records exactly, not the last doubling (issue 17) */
        r->units = th_realloc(r->units, r->nunits * sizeof *r->units);

    for (size_t i = 0; i < r->nunits; i++) {
        const struct th_unit *unit = &r->units[i];
        if (unit->to && unit->to < unit->from) {
            th_error("%s:%d: unit '%s' closes (%d) before it opens (%d)", path, unit->line, unit->code,
                     unit->to, unit->from);
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
    /* every chain of parents, as in force on the day a record starts, must
     * reach the root: a cycle would make a subtree vanish from the roll-up */
    for (size_t i = 0; i < r->nunits && ok; i++) {
        const struct th_unit *u = &r->units[i];
        th_date d = u->from;
        int depth = 0;
        while (u && u->parent && depth <= 64) {
            const struct th_unit *p = th_registry_at(r, u->parent, d);
            if (!p)
                p = th_registry_in(r, u->parent, 0, 99991231);
            u = p;
            depth++;
        }
        if (depth > 64) {
            th_error("%s:%d: the parents of unit '%s' form a cycle", path, r->units[i].line, r->units[i].code);
            ok = false;
        }
    }
    if (ok)
        return r;
fail:
    th_registry_free(r);
    return NULL;
}

void th_registry_free(struct th_registry *r)
{
    if (!r)
        return;
    struct registry_impl *ri = (struct registry_impl *)r;
    th_arena_release(&ri->strings);
    free(r->kinds);
    free(r->units);
    free(r->buckets);
    free(r->next);
    free(ri);
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

bool th_period_expects(const struct th_period_def *d, const struct th_unit *u)
{
    if (!d->nkinds && !d->nunits)
        return (u->reports & d->reg_bit) != 0;
    for (size_t i = 0; i < d->nunits; i++)
        if (strcmp(d->units[i], u->code) == 0)
            return true;
    for (size_t i = 0; u->kind && i < d->nkinds; i++)
        if (strcmp(d->kinds[i], u->kind->code) == 0)
            return true;
    return false;
}

const struct th_unit **th_expected_units(const struct th_registry *reg, const struct th_period *p, size_t *n)
{
    const struct th_unit **v = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t i = 0; i < reg->nunits; i++) {
        const struct th_unit *u = &reg->units[i];
        if (u->from <= p->end && (!u->to || p->end <= u->to) && th_period_expects(p->def, u)) {
            TH_GROW(v, cap, *n + 1);
            v[(*n)++] = u;
        }
    }
    return v;
}
