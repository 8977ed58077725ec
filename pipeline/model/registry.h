/* registry.h - the effective-dated registry of reporting units
 * (schemas/registry.xsd): who exists, who reports to whom, on a given date. */
#ifndef TH_REGISTRY_H
#define TH_REGISTRY_H

#include "common.h"

struct th_kind {
    char *code, *label, *group;
    int level;
    unsigned manages;   /* bit i = body kind i of the "bodies" section may be reported */
    unsigned reports;   /* bit i: period_ids[i] of the registry */
};

struct th_unit {
    char *code, *name, *parent;  /* parent NULL for the root */
    char *successor;             /* unit that took over after `to`, or NULL */
    const struct th_kind *kind;
    th_date from, to;            /* to = 0: still open */
    unsigned reports;            /* bit i: period_ids[i] of the registry */
    int line;                    /* line in registry.xml, for messages */
};

#define TH_REGISTRY_MAX_PERIODS 32

struct th_registry {
    char *root;                  /* code of the top unit (city, province) */
    struct th_kind *kinds;
    size_t nkinds;
    struct th_unit *units;       /* every record, in file order */
    size_t nunits;
    /* the period ids reports= names (interned: equal ids, equal pointers),
     * each with the line of its first use */
    const char *period_ids[TH_REGISTRY_MAX_PERIODS];
    int period_lines[TH_REGISTRY_MAX_PERIODS];
    size_t nperiod_ids;
    /* code -> records: hash buckets of the first record, chained by next
     * (record indices: a registry holds at most TH_REGISTRY_MAX_UNITS) */
    uint32_t *buckets, *next;
    size_t nbuckets;
};

/* Units a registry may hold (a nation's communes, districts, provinces and
 * facilities fit many times over); more is a configuration error naming the
 * line. th_registry_max_units is that, lowered by tests only. */
#define TH_REGISTRY_MAX_UNITS 500000
extern size_t th_registry_max_units;

/* Load path (validated against registry.xsd, then checked: parents exist,
 * windows of one code do not overlap). Prints errors; NULL on failure. */
struct th_registry *th_registry_load(const char *path);
/* The same, with schema passes remembered in memo (th_xml_stream_open_memo). */
struct th_registry *th_registry_load_memo(const char *path, const char *memo);
void th_registry_free(struct th_registry *r);

/* The record of code in force on date d, or NULL. */
const struct th_unit *th_registry_at(const struct th_registry *r, const char *code, th_date d);
/* Any record of code overlapping [from, to], latest first; NULL if none. */
const struct th_unit *th_registry_in(const struct th_registry *r, const char *code,
                                     th_date from, th_date to);
/* Any record at all for code (for "unknown unit" checks). */
bool th_registry_known(const struct th_registry *r, const char *code);

/* Index of a body kind code ("y_te") among the bodies section's kinds, or -1. */
int th_body_kind_index(const char *code);
extern const char *const th_body_kinds[];
extern const size_t th_nbody_kinds;

/* Units expected to report in p: open at the end of the data window and
 * required to report that kind of period. Caller frees the array (not the
 * units). */
/* The unit must report for the period: of its kinds or units when it names
 * any, else by the registry's reports= attribute (here, not in plan.c, so
 * that plan.c needs nothing of the registry). */
struct th_period_def;
bool th_period_expects(const struct th_period_def *d, const struct th_unit *u);

struct th_period;
const struct th_unit **th_expected_units(const struct th_registry *reg, const struct th_period *p,
                                         size_t *n);

#endif
