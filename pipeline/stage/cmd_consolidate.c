/* cmd_consolidate.c - tonghop consolidate: roll accepted submissions up the
 * hierarchy in force in the period; indicators against targets at every node. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "archive_add.h"
#include "cons_write.h"
#include "jobs.h"
#include "pass.h"
#include "upward_verify.h"
#include "validation.h"
#include "wb_checks.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] consolidate --year YYYY [--period ID]\n"
    "       [--verify-archive DIR]\n"
    "\n"
    "Validates the period's submissions, keeps the latest accepted one per unit,\n"
    "sums every field over the hierarchy in force at the end of the period, counts\n"
    "expected/received/accepted/rejected/missing/late units at every node, and\n"
    "computes the plan's indicators against their targets at every node.\n"
    "Writes OUTDIR/<plan>/<year>-<period>/consolidated.xml and validation.xml and\n"
    "prints the top-level indicators.\n"
    "Baseline-relative targets take their baseline from the plan or from\n"
    "OUTDIR/<plan>/<baseline year>-annual/consolidated.xml.\n"
    "--verify-archive DIR: upward files checked against their units' archives\n"
    "(see 'tonghop validate --help').\n"
    "Exit: 0 all accepted, 1 some rejected, 2 usage/configuration, 3 system.\n";

/* The consolidation of a period while its two files are written as jobs.
 * validation.xml is written from the batch, then (job "batch") the archive
 * takes the batch's names and the batch is released; consolidated.xml is
 * written from the consolidation beside them. Each is written whatever
 * the others' results, whole, beside its target (th_jobs_take puts it in
 * place); th_consolidate_finish takes them, files and messages, as the
 * steps one after another would have, and no further: after a failed
 * validation.xml, nothing of consolidated.xml, nor of the report (its
 * files removed by th_jobs_release). */
struct th_cons_out {
    struct th_batch b;
    struct th_cons *c;
    struct th_archive_refs *refs;
    char *dir, *vpath, *cpath;
    th_err ve, ce;
    int verr, cerr; /* errno after each write */
    int refs_rc;
    int jv, jc, jb;
};

static void val_job(void *arg)
{
    struct th_cons_out *o = arg;
    o->ve = th_batch_write_xml(&o->b, o->vpath);
    o->verr = errno;
}

static void cons_job(void *arg)
{
    struct th_cons_out *o = arg;
    o->ce = th_cons_write(o->c, o->cpath);
    o->cerr = errno;
}

/* After validation.xml: the batch's names to the archive, then the batch
 * (a national year's hundreds of MB) released beside the other outputs. */
static void batch_job(void *arg)
{
    struct th_cons_out *o = arg;
    if (o->refs && o->ve == TH_OK)
        o->refs_rc = th_archive_refs_of(o->refs, &o->b, o->c);
    th_batch_release(&o->b);
}

struct th_cons_out *th_consolidate_start(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p,
                                         struct th_archive_refs *refs, struct th_checks *checks,
                                         struct th_jobs *js, struct th_cons **c, int *rc)
{
    *c = NULL;
    if (refs)
        memset(refs, 0, sizeof *refs);
    if (checks)
        memset(checks, 0, sizeof *checks);
    *rc = TH_EXIT_USAGE;
    if (cli->verify_archive && !th_upward_verify_begin(cli->verify_archive))
        return NULL;
    struct th_cons_out *o = th_calloc(1, sizeof *o);
    o->c = th_consolidate(ws, p, cli->outdir, &o->b);
    th_upward_verify_end();
    if (!o->c) {
        th_batch_release(&o->b);
        free(o);
        return NULL;
    }
    th_batch_print(&o->b, stdout);
    o->dir = th_cli_period_outdir(cli, ws, p);
    if (!o->dir) {
        *rc = TH_EXIT_SYSTEM;
        th_batch_release(&o->b);
        th_cons_free(o->c);
        free(o);
        return NULL;
    }
    o->vpath = th_path_join(o->dir, "validation.xml");
    o->cpath = th_path_join(o->dir, "consolidated.xml");
    o->refs = refs;
    if (checks) /* the workbook's, in memory before the batch goes */
        th_checks_of_batch(checks, &o->b);
    o->jv = th_jobs_add(js, val_job, o, -1);
    o->jb = th_jobs_add(js, batch_job, o, o->jv); /* the batch's memory back soon */
    o->jc = th_jobs_add(js, cons_job, o, -1);
    *c = o->c;
    *rc = TH_EXIT_OK;
    return o;
}

/* Take job j, which wrote path (e its result, err its errno after it): the
 * file put in place, or why not said. Whether it is there. */
static bool take_file(struct th_jobs *js, int j, th_err e, int err, const char *path)
{
    if (th_jobs_take(js, j) != TH_OK && e == TH_OK)
        e = TH_ERR_IO, err = errno;
    if (e == TH_OK)
        return true;
    errno = err;
    th_error("cannot write '%s': %s", path, strerror(errno));
    return false;
}

int th_consolidate_refs_job(const struct th_cons_out *o)
{
    return o->refs ? o->jb : -1;
}

int th_consolidate_finish(struct th_cons_out *o, struct th_jobs *js, struct th_cons **out)
{
    if (out)
        *out = NULL;
    if (!o)
        return TH_EXIT_SYSTEM;
    int rc = TH_EXIT_OK;
    if (!take_file(js, o->jv, o->ve, o->verr, o->vpath) || !take_file(js, o->jc, o->ce, o->cerr, o->cpath))
        rc = TH_EXIT_SYSTEM;
    else
        th_info("wrote %s", o->cpath);
    if (rc == TH_EXIT_OK && o->c->rejected)
        rc = TH_EXIT_REJECTED;
    if (o->refs && rc <= TH_EXIT_REJECTED) {
        th_jobs_take(js, o->jb);
        if (o->refs_rc != TH_EXIT_OK)
            rc = o->refs_rc; /* th_archive_refs_of released what it took */
    } else if (o->refs) {
        th_archive_refs_release(o->refs); /* zeroed */
    }
    if (out && rc <= TH_EXIT_REJECTED)
        *out = o->c;
    else
        th_cons_free(o->c);
    free(o->vpath);
    free(o->cpath);
    free(o->dir);
    free(o);
    return rc;
}

int cmd_consolidate(int argc, char **argv, struct th_cli *cli)
{
    static const struct option extra[] = {TH_CLI_VERIFY_OPTION, {0}};
    struct th_workspace *ws;
    struct th_period p;
    int rc;
    if (!th_cli_start(cli, argc, argv, usage, extra, th_cli_on_verify, cli, &ws, &p, &rc))
        return rc;
    struct th_jobs js = {0};
    struct th_cons *c;
    /* beside last year's same period, as the report will assess it,
     * loaded while the files are written. An archive that cannot say
     * whether it holds last year is exit 3, as for run and report (t76):
     * the table printed without it would say "no last year" falsely.
     * consolidated.xml is written all the same (it does not depend on last
     * year). */
    struct th_previous pv = {.cli = cli, .ws = ws, .p = &p};
    th_previous_job(&pv, &js);
    struct th_cons_out *o = th_consolidate_start(cli, ws, &p, NULL, NULL, &js, &c, &rc);
    if (o) {
        th_jobs_run(&js);
        rc = th_consolidate_finish(o, &js, &c);
        if (c) {
            th_jobs_take(&js, pv.job);
            th_cons_print(c, ws, &p, pv.prev, stdout);
            if (pv.rc > TH_EXIT_REJECTED)
                rc = pv.rc;
        }
        th_cons_free(c);
    }
    th_cons_free(pv.prev);
    th_jobs_release(&js);
    th_workspace_free(ws);
    return rc;
}
