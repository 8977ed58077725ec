/* cons.h - the consolidation model: the roll-up of accepted submissions over
 * the hierarchy in force in a period, with completeness and the plan's
 * indicators at every node. Written as consolidated.xml (cons_write.h,
 * schemas/consolidated.xsd), the single source for the PDF report, the
 * workbook and the archive, and loaded back by cons_load.h. */
#ifndef TH_CONS_H
#define TH_CONS_H

#include "batch.h"

/* The namespace of consolidated.xml. */
#define TH_CONS_NS "urn:tonghop:consolidated:1"

/* This unit's own submission in the period. */
enum th_own {
    TH_OWN_NONE,      /* not expected to report (the root, a closed unit) and did not */
    TH_OWN_MISSING,   /* expected, nothing received */
    TH_OWN_REJECTED,  /* received, none accepted */
    TH_OWN_ACCEPTED   /* an accepted submission counts */
};
const char *th_own_name(enum th_own o);        /* "accepted" ... */
const char *th_own_label(enum th_own o);       /* "Đã chấp nhận" ... */

enum th_ind_status {
    TH_IND_OK,            /* value computed */
    TH_IND_ZERO_DEN,      /* denominator is 0: no value, said explicitly */
    TH_IND_NO_DATA,       /* nothing accepted in the subtree */
    TH_IND_NOT_ASKED      /* the period does not ask its fields (an ad hoc subset): not computed */
};
const char *th_ind_status_name(enum th_ind_status s);

enum th_met { TH_MET_UNKNOWN, TH_MET_YES, TH_MET_NO };
const char *th_met_name(enum th_met m);        /* "unknown", "yes", "no" */
const char *th_met_label(enum th_met m);       /* "Chưa đánh giá", "Đạt", "Chưa đạt" */

struct th_cons_indicator {
    /* (fields ordered largest first, enums and flags packed: one per indicator
     * per node with data, 200,000 nodes; issue 17) */
    const char *code, *name;  /* owned by the th_cons (shared by every node) */
    const char *note;       /* target note from the plan, may be NULL; owned by the th_cons */
    int64_t num, den;
    double value;           /* percent for a ratio, the count otherwise (valid when status OK) */
    double target;          /* absolute target, or required change in % when relative */
    double baseline;        /* baseline value of the indicator */
    double change;          /* % change against the baseline (valid when has_baseline and OK) */
    int baseline_year;
    enum th_ind_status status : 8;
    enum th_op op : 8;
    enum th_met met : 4;
    bool ratio : 1;         /* numerator / denominator in percent; else a count */
    bool complete : 1;      /* every expected unit of the subtree has an accepted submission */
    bool has_target : 1;
    bool relative : 1;
    bool has_baseline : 1;
};

enum { TH_NARR_RESULTS, TH_NARR_DIFFICULTIES, TH_NARR_PROPOSALS, TH_NNARR };
/* The field of TH_NARR_RESULTS (narrative.results); the other two follow it
 * in fields.c's order. */
#define TH_NARR_FIELD0 TH_NNUMERIC

struct th_cons_node {
    /* (what every unit of the registry has, reporting or not, packed: 168
     * bytes a node; a node's submission is behind file, sha256, own_values
     * and narr; issue 17) */
    char *narr[TH_NNARR];           /* its counting submission's texts (NFC, trimmed), NULL when
                                       empty; in the th_cons's blocks (th_cons_strdup) */
    const char *code, *name;        /* the roll-up's: the registry's strings (the workspace
                                       outlives the th_cons, as for its plan); the loader's:
                                       in the blocks, or each its own allocation */
    const char *kind, *kind_label, *group;  /* owned by the th_cons (shared) */
    struct th_cons_node *parent;
    struct th_cons_node **children; /* in registry order */
    uint32_t nchildren, capchildren; /* (a registry holds at most TH_REGISTRY_MAX_UNITS) */
    char *file;                     /* its counting submission, or NULL */
    char *sha256;                   /* its SHA-256 (64 hex digits), NULL when file is */
    const unsigned char *own_values; /* its own submission's numbers, packed (th_cons_set_own;
                                       read with th_cons_own_values): NULL unless accepted (a
                                       unit that did not report carries no values) */
    int64_t *total;                 /* [TH_NNUMERIC] sum over the subtree, itself included, of a
                                       node with children; NULL for a leaf, whose total is its
                                       own values (read with th_cons_totals) */
    struct th_cons_indicator *ind;  /* one per plan indicator, plan order; read only (the nodes
                                       with nothing accepted below them share one array); NULL
                                       for a reporting unit with none below it: read every
                                       node's with th_cons_inds */
    /* subtree counts, itself included (a registry holds at most
     * TH_REGISTRY_MAX_UNITS units) */
    uint32_t n_expected, n_received, n_accepted, n_rejected, n_missing, n_late;
    uint32_t n_expected_accepted;   /* expected units with an accepted submission */
    th_date submitted;
    int16_t level;                  /* the kind's level in the registry */
    int16_t depth;                  /* 0 for the root */
    uint16_t nind;
    enum th_own own : 8;
    bool expected : 1;              /* this unit itself must report */
    bool closed : 1;                /* closed during the period; kept so nothing is dropped */
    bool late : 1;                  /* its counting submission came after the deadline */
    bool own_total : 1;             /* total is its own allocation (a node with children) */
    bool shared_ind : 1;            /* ind is one of the th_cons's no_data arrays (not its own) */
    bool ind_in_block : 1;          /* ind is in the th_cons's blocks (not its own) */
    bool in_block : 1;              /* the node, its code, name, file and sha256 are in the
                                       th_cons's blocks (else each its own allocation) */
};

/* A counting submission; its strings are its node's (the roll-up) or in the
 * th_cons's blocks (the loader). */
struct th_cons_input {
    const char *unit, *file, *sha256;
    th_date submitted;
};

struct th_cons {
    char *plan_id, *generator;
    int year;
    char period[TH_PERIOD_ID_MAX + 1];
    th_date start, end, deadline;
    struct th_cons_node *root;
    struct th_cons_node **nodes;    /* every node in pre-order (root first) */
    size_t nnodes, capnodes;
    struct th_cons_input *inputs;   /* the counting submissions, sorted by unit */
    size_t ninputs, capinputs;
    /* validation counts of the period's batch */
    size_t files, accepted, rejected, superseded, duplicate;
    const struct th_plan *plan;     /* the roll-up's, from which th_cons_inds computes a leaf's
                                       indicators (NULL when loaded): c must not outlive it */
    struct th_cons_indicator *ind_tpl; /* [plan->nindicators] codes, names and targets, no
                                       figures: what every node's share (owned) */
    struct th_cons_indicator *no_data[2]; /* the indicators shared by nodes with nothing
                                       accepted in their subtree, by `complete` (NULL or owned) */
    char **pool;                    /* interned strings the nodes point into */
    size_t npool, cappool;
    struct th_cons_node **slots;    /* code -> node, open addressing (th_cons_find) */
    size_t nslots;
    struct th_arena blocks;         /* nodes, their codes and names, indicator arrays and
                                       inputs' strings, freed together (th_cons_alloc) */
};

/* ---- the roll-up ----
 * th_rollup_start builds the hierarchy in force at the end of p; each
 * validated submission is then shown to th_rollup_keep (a th_batch_fn of the
 * validation pass); th_rollup_finish takes the resolved batch and computes
 * statuses, totals and indicators. The model reads no file: a
 * baseline-relative target's earlier consolidation comes from the caller. */
struct th_rollup;

/* The consolidation of year's period of the same kind, for
 * baseline-relative targets, or NULL when there is none. Called at most
 * once per year; the roll-up frees the result with th_cons_free. */
typedef struct th_cons *(*th_cons_baseline_fn)(void *ctx, int year);

/* NULL (message printed) when the registry's root is not in force at the
 * end of p. ws and p must outlive the roll-up. */
struct th_rollup *th_rollup_start(const struct th_workspace *ws, const struct th_period *p);
/* Keep s's values if it is valid and the latest of its unit so far (the
 * order th_batch_resolve uses: date, then file name). rollup: the th_rollup. */
void th_rollup_keep(const struct th_submission *s, void *rollup);
/* Finish the roll-up (and free r) from the resolved batch bt. baseline may
 * be NULL (no baselines). Caller frees the result with th_cons_free. NULL
 * (said on stderr) when a total or an indicator's sum does not fit in
 * int64: with the caps of fields.h only past 9 million units at the cap. */
struct th_cons *th_rollup_finish(struct th_rollup *r, const struct th_batch *bt, th_cons_baseline_fn baseline,
                                 void *ctx);

/* ---- building a consolidation (the roll-up, the loader) ---- */

/* size bytes (zeroed, aligned for any field) or a copy of s (NULL for
 * NULL) in c's blocks, freed with c; do not free. */
void *th_cons_alloc(struct th_cons *c, size_t size);
char *th_cons_strdup(struct th_cons *c, const char *s);
/* A new node for unit code (name may be NULL) in c's blocks. */
struct th_cons_node *th_cons_node_new(struct th_cons *c, const char *code, const char *name);
/* The one copy of s kept in c's pool (NULL for NULL); do not free. */
const char *th_cons_intern(struct th_cons *c, const char *s);
/* Keep v as n's own values, packed in c's blocks (a present bit a field,
 * then each value as a varint: ~90 bytes for a commune's numbers, where a
 * struct th_values is 630; issue 17). Any earlier ones are replaced. */
void th_cons_set_own(struct th_cons *c, struct th_cons_node *n, const struct th_values *v);
/* Append child to parent's children. */
void th_cons_add_child(struct th_cons_node *parent, struct th_cons_node *child);
/* (Re)build th_cons_find's index over c->nodes. */
void th_cons_index(struct th_cons *c);
/* The names' enum values back ("accepted" -> TH_OWN_ACCEPTED); the first
 * value for an unknown name. */
enum th_own th_own_parse(const char *s);
enum th_ind_status th_ind_status_parse(const char *s);
enum th_met th_met_parse(const char *s);

/* Free c and everything it owns (NULL is fine). */
void th_cons_free(struct th_cons *c);

/* Node by unit code, or NULL (hash look-up). */
struct th_cons_node *th_cons_find(const struct th_cons *c, const char *code);
/* ---- reading a node's values: the one way for every output ---- */

/* n's own values (what th_cons_set_own kept, exactly) into *out; false, and
 * *out all 0 and absent, when it has none. */
bool th_cons_own_values(const struct th_cons_node *n, struct th_values *out);
/* n's subtree totals, TH_NNUMERIC of them: n->total when n has it, else
 * (a leaf) its own values unpacked into buf->v, every field 0 when it has
 * none. Valid while n and buf are; read only. */
const int64_t *th_cons_totals(const struct th_cons_node *n, struct th_values *buf);
/* n's indicators, n->nind of them in plan order: n->ind, or (a reporting
 * unit with no units below it, whose indicators the roll-up does not keep:
 * 400 bytes each at a national scale; issue 17) computed into scratch,
 * which has room for n->nind, from its values and c's plan, the same
 * figures and verdicts. Valid while n and scratch are; read only.
 * Thread-safe: several outputs read c at once. */
const struct th_cons_indicator *th_cons_inds(const struct th_cons *c, const struct th_cons_node *n,
                                             struct th_cons_indicator *scratch);
/* The same for n's indicator i alone, copied into *out; false when n has
 * no indicator i. */
bool th_cons_ind(const struct th_cons *c, const struct th_cons_node *n, size_t i, struct th_cons_indicator *out);
/* Subtree total of a field id ("people.helped"), or 0. */
int64_t th_cons_total(const struct th_cons_node *n, const char *field_id);

#endif
