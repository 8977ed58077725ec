/* test_consolidate.c - the roll-up and consolidated.xml round trip. */
#include "unit.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cons_load.h"
#include "cons_write.h"
#include "gen.h"
#include "pass.h"
#include "xmlsafe.h"

static char tmp[64];
static struct th_workspace *ws;
static struct th_period period;

static void copy(const char *name)
{
    char *from = th_asprintf("%s/input/cantho/%s", th_home(), name), *to = th_path_join(tmp, name), *data;
    size_t len;
    assert_int_equal(th_read_file(from, 64u << 20, &data, &len), TH_OK);
    assert_int_equal(th_write_atomic(to, data, len), TH_OK);
    free(data);
    free(from);
    free(to);
}

static int setup(void **state)
{
    (void)state;
    th_quiet = 1;
    snprintf(tmp, sizeof tmp, "/tmp/th-cons-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    copy("registry.xml");
    copy("plan.xml");
    copy("rules.xml");
    ws = th_workspace_open(tmp);
    assert_non_null(ws);
    assert_true(th_plan_period(ws->plan, 2026, "annual", &period));
    char *dir = th_workspace_period_dir(ws, 2026, "annual");
    assert_int_equal(th_gen_submissions(ws->reg, &period, dir, 11, 0, 10), TH_EXIT_OK);
    free(dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_workspace_free(ws);
    char *cmd[] = {"rm", "-rf", tmp, NULL};
    pid_t pid = fork();
    if (pid == 0)
        execvp(cmd[0], cmd);
    int st;
    waitpid(pid, &st, 0);
    th_xml_cleanup();
    return 0;
}

static char *slurp(const char *path)
{
    char *data;
    size_t len;
    assert_int_equal(th_read_file(path, 64u << 20, &data, &len), TH_OK);
    return data;
}

static void test_roundtrip_identical_bytes(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    assert_non_null(c);
    char *a = th_path_join(tmp, "a.xml"), *b = th_path_join(tmp, "b.xml");
    assert_int_equal(th_cons_write(c, a), TH_OK);
    struct th_cons *back = th_cons_load(a);
    assert_non_null(back);
    assert_int_equal(th_cons_write(back, b), TH_OK);
    char *da = slurp(a), *db = slurp(b);
    assert_string_equal(da, db);
    free(da);
    free(db);
    free(a);
    free(b);
    th_cons_free(back);
    th_cons_free(c);
}

static void test_totals_are_subtree_sums(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    assert_non_null(c);
    size_t nshared = 0;
    for (size_t i = 0; i < c->nnodes; i++) {
        const struct th_cons_node *n = c->nodes[i];
        size_t expected = n->expected, accepted = n->own == TH_OWN_ACCEPTED;
        struct th_values own, buf, cbuf;
        th_cons_own_values(n, &own);
        const int64_t *total = th_cons_totals(n, &buf);
        for (size_t f = 0; f < TH_NNUMERIC; f++) {
            int64_t sum = own.present[f] ? own.v[f] : 0;
            for (size_t k = 0; k < n->nchildren; k++)
                sum += th_cons_totals(n->children[k], &cbuf)[f];
            assert_int_equal(sum, total[f]);
        }
        for (size_t k = 0; k < n->nchildren; k++) {
            expected += n->children[k]->n_expected;
            accepted += n->children[k]->n_accepted;
        }
        assert_int_equal(expected, n->n_expected);
        assert_int_equal(accepted, n->n_accepted);
        assert_int_equal(n->n_expected, n->n_accepted + n->n_missing + n->n_rejected);
        /* compact layout: only an accepted unit carries values; a leaf
         * has no total array of its own (its values, or 0, are its total) */
        assert_int_equal(n->own_values != NULL, n->own == TH_OWN_ACCEPTED);
        assert_int_equal(n->total != NULL, n->nchildren > 0);
        /* nothing accepted below: the shared no-data indicators, or its own */
        if (n->shared_ind) {
            assert_int_equal(n->n_accepted, 0);
            assert_ptr_equal(n->ind, c->no_data[n->ind[0].complete]);
            nshared++;
        }
        for (size_t k = 0; !n->n_accepted && k < n->nind; k++)
            assert_int_equal(n->ind[k].status, TH_IND_NO_DATA);
    }
    assert_true(nshared > 1);
    /* 10% of units were left out by the generator: the root says so */
    assert_true(c->root->n_missing > 0);
    assert_false(c->root->ind[0].complete);
    th_cons_free(c);
}

static void test_closed_unit_not_expected(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    /* SYT-TTBTXH2 closed on 2026-06-30: not in the 2026 hierarchy */
    assert_null(th_cons_find(c, "SYT-TTBTXH2"));
    /* CS-NDTE moved from SNV to SYT on 2026-04-01: under SYT at the year's end */
    struct th_cons_node *moved = th_cons_find(c, "CS-NDTE");
    assert_non_null(moved);
    assert_string_equal(moved->parent->code, "SYT");
    th_cons_free(c);
}

/* Loading gives back the tree consolidation built: every node in the same
 * pre-order place, with its counts, values and indicators (names and notes
 * below the root restored from the root's). */
static void test_load_gives_the_same_tree(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    assert_non_null(c);
    char *a = th_path_join(tmp, "same.xml");
    assert_int_equal(th_cons_write(c, a), TH_OK);
    struct th_cons *back = th_cons_load(a);
    assert_non_null(back);
    assert_int_equal(back->nnodes, c->nnodes);
    assert_int_equal(back->ninputs, c->ninputs);
    assert_ptr_equal(back->root, back->nodes[0]);
    size_t lazy = 0;
    for (size_t i = 0; i < c->nnodes; i++) {
        const struct th_cons_node *n = c->nodes[i], *m = back->nodes[i];
        assert_string_equal(m->code, n->code);
        assert_ptr_equal(th_cons_find(back, n->code), m);
        assert_int_equal(m->depth, n->depth);
        assert_int_equal(m->nchildren, n->nchildren);
        if (n->parent)
            assert_string_equal(m->parent->code, n->parent->code);
        assert_int_equal(m->own, n->own);
        assert_int_equal(m->n_missing, n->n_missing);
        assert_int_equal(m->closed, n->closed);
        struct th_values mb, nb, mo, no;
        assert_memory_equal(th_cons_totals(m, &mb), th_cons_totals(n, &nb), TH_NNUMERIC * sizeof(int64_t));
        assert_int_equal(th_cons_own_values(m, &mo), th_cons_own_values(n, &no));
        assert_memory_equal(mo.v, no.v, sizeof mo.v);
        assert_memory_equal(mo.present, no.present, sizeof mo.present);
        assert_int_equal(m->total != NULL, n->nchildren > 0);
        assert_int_equal(m->nind, n->nind);
        /* a reporting unit with none below keeps no indicators: computed
         * when read, they are what the file says */
        if (!n->ind && n->nind) {
            assert_true(!n->nchildren && n->n_accepted && n != c->root);
            lazy++;
        }
        for (size_t k = 0; k < n->nind; k++) {
            struct th_cons_indicator ni, mi;
            assert_true(th_cons_ind(c, n, k, &ni));
            assert_true(th_cons_ind(back, m, k, &mi));
            assert_string_equal(mi.name, ni.name);
            assert_int_equal(mi.num, ni.num);
            assert_int_equal(mi.den, ni.den);
            assert_int_equal(mi.status, ni.status);
            assert_int_equal(mi.complete, ni.complete);
            assert_int_equal(mi.met, ni.met);
            assert_true(mi.value == ni.value);
            assert_int_equal(mi.has_target, ni.has_target);
            assert_true(mi.target == ni.target);
            assert_int_equal(mi.has_baseline, ni.has_baseline);
        }
    }
    assert_true(lazy > 1);
    th_cons_free(back);
    th_cons_free(c);
    free(a);
}

/* A damaged consolidated.xml is refused (message printed), never half read. */
static void test_load_refuses_damaged_files(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    char *a = th_path_join(tmp, "good.xml"), *bad = th_path_join(tmp, "bad.xml");
    assert_int_equal(th_cons_write(c, a), TH_OK);
    char *good;
    size_t len;
    assert_int_equal(th_read_file(a, 64u << 20, &good, &len), TH_OK);
    /* cut short */
    assert_int_equal(th_write_atomic(bad, good, len / 2), TH_OK);
    assert_null(th_cons_load(bad));
    /* a value the schema does not allow */
    char *own = strstr(good, "own=\"accepted\"");
    assert_non_null(own);
    memcpy(own, "own=\"acceptex\"", 14);
    assert_int_equal(th_write_atomic(bad, good, len), TH_OK);
    assert_null(th_cons_load(bad));
    memcpy(own, "own=\"accepted\"", 14);
    /* an entity declared in a DOCTYPE */
    char *body = strstr(good, "<consolidated");
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE c [<!ENTITY e \"x\">]>\n");
    th_buf_puts(&b, body);
    assert_int_equal(th_write_atomic(bad, b.data, b.len), TH_OK);
    assert_null(th_cons_load(bad));
    th_buf_release(&b);
    /* an empty file, a missing file */
    assert_int_equal(th_write_atomic(bad, "", 0), TH_OK);
    assert_null(th_cons_load(bad));
    unlink(bad);
    assert_null(th_cons_load(bad));
    free(good);
    free(a);
    free(bad);
    th_cons_free(c);
}

/* th_cons_load with its messages: stderr goes to a file while it runs;
 * *err receives what was printed (caller frees). */
static struct th_cons *load_err(const char *path, char **err)
{
    char *log = th_path_join(tmp, "stderr.txt");
    fflush(stderr);
    int saved = dup(2), fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    struct th_cons *c = th_cons_load(path);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    *err = slurp(log);
    free(log);
    return c;
}

/* good with the first numerator="..." given as num: the file's path and
 * that line (1-based) in *line. Caller frees. */
static char *with_numerator(const char *good, const char *num, int *line)
{
    const char *at = strstr(good, " numerator=\"");
    assert_non_null(at);
    at += strlen(" numerator=\"");
    *line = 1;
    for (const char *p = good; p < at; p++)
        *line += *p == '\n';
    return th_asprintf("%.*s%s%s", (int)(at - good), good, num, at + strcspn(at, "\""));
}

/* The numbers of consolidated.xml are read as strictly as a submission's:
 * one past int64 (valid xs:integer, which strtoll turned into INT64_MAX), a
 * negative count, are refused, the file and the element's line named;
 * leading zeros read as the number. */
static void test_load_refuses_bad_numbers(void **state)
{
    (void)state;
    struct th_cons *c = th_consolidate(ws, &period, NULL, NULL);
    char *a = th_path_join(tmp, "good.xml"), *bad = th_path_join(tmp, "bad.xml");
    assert_int_equal(th_cons_write(c, a), TH_OK);
    char *good = slurp(a), *err, *want;
    int line;
    static const struct {
        const char *num, *why;
    } cases[] = {
        {"99999999999999999999", "số quá lớn (tối đa 9223372036854775807)"},
        {"-5", "không phải số nguyên không âm"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = with_numerator(good, cases[i].num, &line);
        assert_int_equal(th_write_atomic(bad, text, strlen(text)), TH_OK);
        assert_null(load_err(bad, &err));
        want = th_asprintf("%s:%d: tệp tổng hợp bị hỏng: thuộc tính numerator = \"%s\": %s", bad, line,
                           cases[i].num, cases[i].why);
        if (!strstr(err, want))
            fail_msg("want '%s' in:\n%s", want, err);
        free(want);
        free(err);
        free(text);
    }
    /* "0714" is 714, as XSD reads it */
    char num[32];
    snprintf(num, sizeof num, "0%" PRId64, c->root->ind[0].num);
    char *text = with_numerator(good, num, &line);
    assert_int_equal(th_write_atomic(bad, text, strlen(text)), TH_OK);
    struct th_cons *back = load_err(bad, &err);
    assert_non_null(back);
    assert_string_equal(err, "");
    assert_int_equal(back->root->ind[0].num, c->root->ind[0].num);
    th_cons_free(back);
    free(err);
    free(text);
    free(good);
    free(a);
    free(bad);
    th_cons_free(c);
}

/* A valid submission made in memory, with the three narratives "<word>
 * <what> <unit>" (what NULL: that narrative left out; "": typed empty). */
static struct th_submission *narr_sub(const char *unit, const char *file, th_date when, const char *word,
                                      const char *const what[TH_NNARR])
{
    char *path = th_path_join(tmp, file);
    struct th_submission *s = th_submission_new(path);
    free(path);
    th_sha256_hex(file, strlen(file), s->sha256);
    s->header_ok = true;
    s->unit = th_strdup(unit);
    s->year = 2026;
    strcpy(s->period, "annual");
    s->submitted = when;
    s->status = TH_ST_ACCEPTED;
    for (int k = 0; k < TH_NNARR; k++)
        if (what[k]) /* "": typed empty */
            s->text[TH_NARR_FIELD0 + k - TH_NNUMERIC] =
                *what[k] ? th_asprintf("%s %s %s", word, what[k], unit) : th_strdup("");
    return s;
}

/* The units' narratives are copied into the consolidation, which owns them:
 * every submission is freed before the roll-up finishes (ASan would see a
 * read of freed memory), a later submission's texts replace an earlier
 * one's (freed, not leaked), a rejected or empty text leaves none, and
 * th_cons_free frees each once (under `make check SAN=1`). The same texts
 * survive consolidated.xml. */
static void test_narratives_owned_by_the_consolidation(void **state)
{
    (void)state;
    static const char *const all[TH_NNARR] = {"kết quả", "khó khăn", "kiến nghị"};
    static const char *const some[TH_NNARR] = {NULL, "khó khăn", ""};
    struct th_rollup *r = th_rollup_start(ws, &period);
    assert_non_null(r);
    struct th_batch b;
    th_batch_init(&b, ws, &period);
    th_date d1 = 20261201, d2 = 20261205;
    struct th_submission *v[] = {
        narr_sub("31147", "n-31147-a.xml", d1, "cũ", all),
        narr_sub("31147", "n-31147-b.xml", d2, "mới", all), /* supersedes the first */
        narr_sub("31150", "n-31150.xml", d1, "một", all),
        narr_sub("31135", "n-31135.xml", d2, "hai", some),
        narr_sub("31153", "n-31153.xml", d1, "sai", all),   /* rejected */
    };
    th_submission_diag(v[4], TH_SEV_ERROR, "S03", 0, "giá trị âm");
    v[4]->status = TH_ST_REJECTED;
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        th_rollup_keep(v[i], r);
        th_batch_add(&b, v[i]);
        th_submission_free(v[i]);
    }
    th_batch_resolve(&b);
    struct th_cons *c = th_rollup_finish(r, &b, NULL, NULL);
    assert_non_null(c);
    const struct th_cons_node *n = th_cons_find(c, "31147");
    assert_non_null(n);
    assert_string_equal(n->narr[TH_NARR_RESULTS], "mới kết quả 31147");
    assert_string_equal(n->narr[TH_NARR_DIFFICULTIES], "mới khó khăn 31147");
    assert_string_equal(n->narr[TH_NARR_PROPOSALS], "mới kiến nghị 31147");
    assert_string_equal(th_cons_find(c, "31150")->narr[TH_NARR_PROPOSALS], "một kiến nghị 31150");
    n = th_cons_find(c, "31135");
    assert_null(n->narr[TH_NARR_RESULTS]);
    assert_string_equal(n->narr[TH_NARR_DIFFICULTIES], "hai khó khăn 31135");
    assert_null(n->narr[TH_NARR_PROPOSALS]); /* typed as "": none */
    for (int k = 0; k < TH_NNARR; k++) {
        assert_null(th_cons_find(c, "31153")->narr[k]); /* rejected: its words do not count */
        assert_null(th_cons_find(c, "31157")->narr[k]); /* did not report */
        assert_null(c->root->narr[k]);
    }
    /* each node its own copy: two nodes never share one string */
    for (size_t i = 0; i < c->nnodes; i++)
        for (size_t j = i + 1; j < c->nnodes; j++)
            for (int k = 0; k < TH_NNARR; k++)
                assert_true(!c->nodes[i]->narr[k] || c->nodes[i]->narr[k] != c->nodes[j]->narr[k]);

    char *path = th_path_join(tmp, "narr.xml");
    assert_int_equal(th_cons_write(c, path), TH_OK);
    th_cons_free(c);
    th_batch_release(&b);
    struct th_cons *back = th_cons_load(path);
    assert_non_null(back);
    assert_string_equal(th_cons_find(back, "31147")->narr[TH_NARR_DIFFICULTIES], "mới khó khăn 31147");
    assert_null(th_cons_find(back, "31135")->narr[TH_NARR_PROPOSALS]);
    assert_null(th_cons_find(back, "31153")->narr[TH_NARR_RESULTS]);
    th_cons_free(back);
    unlink(path);
    free(path);
}

/* The consolidation's blocks: every allocation zeroed and aligned for any
 * field, one larger than a block on its own, strings copied whole; a node
 * made in them has its code and name there, and th_cons_free frees them all
 * (make memcheck: no leak, no double free). */
/* A node's values are packed (th_cons_set_own) and come back exactly:
 * values past 32 bits, the extremes of int64, a field absent with a value. */
static void test_values_packed(void **state)
{
    (void)state;
    static const int64_t vals[] = {0,          1,
                                   127,        128,
                                   16383,      16384,
                                   INT32_MAX,  (int64_t)INT32_MAX + 1,
                                   UINT32_MAX, (int64_t)UINT32_MAX + 1,
                                   TH_MAX_COUNT, TH_MAX_MONEY,
                                   INT64_MAX,  INT64_MIN,
                                   -1};
    struct th_cons *c = th_calloc(1, sizeof *c);
    struct th_cons_node *n = th_cons_node_new(c, "X", NULL);
    struct th_values v, back, buf;
    assert_false(th_cons_own_values(n, &back));
    const int64_t *t = th_cons_totals(n, &buf);
    for (size_t f = 0; f < TH_NNUMERIC; f++)
        assert_true(t[f] == 0 && !back.present[f]);
    for (size_t round = 0; round < 3; round++) {
        for (size_t f = 0; f < TH_NNUMERIC; f++) {
            v.v[f] = vals[(f + round) % (sizeof vals / sizeof vals[0])];
            v.present[f] = (f + round) % 4 != 0;
        }
        th_cons_set_own(c, n, &v);
        assert_true(th_cons_own_values(n, &back));
        assert_memory_equal(back.v, v.v, sizeof v.v);
        assert_memory_equal(back.present, v.present, sizeof v.present);
        assert_memory_equal(th_cons_totals(n, &buf), v.v, sizeof v.v); /* a leaf: its values */
    }
    n->total = th_calloc(TH_NNUMERIC, sizeof *n->total); /* a node with children: its own totals */
    n->own_total = true;
    n->total[3] = 5;
    assert_ptr_equal(th_cons_totals(n, &buf), n->total);
    assert_int_equal(th_cons_total(n, th_fields[3].id), 5);
    free(n->total); /* n is not in c->nodes: freed with c's blocks */
    th_cons_free(c);
}

static void test_blocks(void **state)
{
    (void)state;
    struct th_cons *c = th_calloc(1, sizeof *c);
    assert_null(th_cons_strdup(c, NULL));
    char *prev = NULL, prevcode[16] = "";
    for (size_t i = 0; i < 5000; i++) {
        size_t size = 1 + (i * 37) % 300;
        unsigned char *p = th_cons_alloc(c, size);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t k = 0; k < size; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xff, size); /* no later allocation may overlap it */
        char code[16];
        snprintf(code, sizeof code, "%zu", i);
        char *s = th_cons_strdup(c, code);
        assert_string_equal(s, code);
        assert_true(s != code);
        if (prev)
            assert_string_equal(prev, prevcode); /* the allocation after it did not overlap it */
        prev = s;
        memcpy(prevcode, code, sizeof code);
    }
    unsigned char *big = th_cons_alloc(c, 200000);
    assert_int_equal(big[0] | big[199999], 0);
    big[199999] = 1;
    struct th_cons_node *n = th_cons_node_new(c, "31120", "Phường Tân An");
    assert_true(n->in_block);
    assert_string_equal(n->code, "31120");
    assert_string_equal(n->name, "Phường Tân An");
    assert_null(n->file);
    assert_int_equal(n->nchildren, 0);
    c->root = n;
    TH_GROW(c->nodes, c->capnodes, 1);
    c->nodes[c->nnodes++] = n;
    th_cons_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_identical_bytes),
        cmocka_unit_test(test_totals_are_subtree_sums),
        cmocka_unit_test(test_closed_unit_not_expected),
        cmocka_unit_test(test_load_gives_the_same_tree),
        cmocka_unit_test(test_load_refuses_damaged_files),
        cmocka_unit_test(test_load_refuses_bad_numbers),
        cmocka_unit_test(test_narratives_owned_by_the_consolidation),
        cmocka_unit_test(test_values_packed),
        cmocka_unit_test(test_blocks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
