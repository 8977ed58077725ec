/* cmd_run.c - tonghop run: the whole pipeline for one period: validate and
 * consolidate (one pass), then the report and workbook, then the archive. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "archive_add.h"
#include "cons_write.h"
#include "jobs.h"
#include "report.h"
#include "wb_checks.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] run --year YYYY [--period ID] [--no-archive]\n"
    "       [--allow-empty] [--verify-archive DIR]\n"
    "\n"
    "Runs validate + consolidate (one pass over the submissions), report (PDF and\n"
    "XLSX workbook) and archive add, for one period. Outputs go to\n"
    "OUTDIR/<plan>/<year>-<period>/; the archive to OUTDIR/archive/.\n"
    "Exit: 0 all accepted, 1 some rejected (outputs still written),\n"
    "2 usage/configuration (also: no accepted submission in the period, unless\n"
    "--allow-empty), 3 system. See `tonghop report --help` for last year's figures.\n";

enum { OPT_NO_ARCHIVE = 1, OPT_ALLOW_EMPTY };

struct run_opts {
    bool no_archive;
    struct th_cli *cli;
};

static bool on_opt(int opt, const char *arg, void *ctx)
{
    struct run_opts *o = ctx;
    if (opt == OPT_NO_ARCHIVE) {
        o->no_archive = true;
        return true;
    }
    if (opt == TH_CLI_OPT_VERIFY) {
        o->cli->verify_archive = arg;
        return true;
    }
    if (opt == OPT_ALLOW_EMPTY) {
        o->cli->allow_empty = true;
        return true;
    }
    return false;
}

int cmd_run(int argc, char **argv, struct th_cli *cli)
{
    static const struct option extra[] = {{"no-archive", no_argument, NULL, OPT_NO_ARCHIVE},
                                           {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
                                           TH_CLI_VERIFY_OPTION, {0}};
    struct run_opts o = {.cli = cli};
    struct th_workspace *ws;
    struct th_period p;
    int rc;
    if (!th_cli_start(cli, argc, argv, usage, extra, on_opt, &o, &ws, &p, &rc))
        return rc;
    /* validation.xml, consolidated.xml, last year's, the PDF and the
     * workbook: jobs beside one another, their messages printed after
     * them in the order of the steps one after another */
    struct th_jobs js = {0};
    struct th_cons *c = NULL;
    struct th_archive_refs refs; /* the submissions to archive, from the batch: not read back */
    struct th_checks checks; /* the workbook's validation results, from the batch: not read back */
    struct th_previous pv = {.cli = cli, .ws = ws, .p = &p};
    struct th_archive_early *early = NULL;
    char *dir = th_cli_period_dir(cli, ws, &p), *archive = th_path_join(cli->outdir, "archive");
    th_previous_job(&pv, &js); /* first: the workbook, the longest, waits for it */
    struct th_cons_out *co = th_consolidate_start(cli, ws, &p, o.no_archive ? NULL : &refs, &checks, &js, &c, &rc);
    if (co) {
        struct th_report_out *r = th_report_start(cli, ws, &p, c, &pv, &checks, &js);
        /* last, so that a thread free takes the outputs first: the
         * submissions and the workspace's files into the archive's objects
         * (their bytes and hashes are the pass's), no catalog row yet */
        if (!o.no_archive)
            early = th_archive_early_start(&js, th_consolidate_refs_job(co), ws, &p, dir, archive, &refs);
        th_jobs_run(&js);
        rc = th_consolidate_finish(co, &js, &c);
        /* the table printed as for the report, beside last year's */
        if (c) {
            th_jobs_take(&js, pv.job);
            th_cons_print(c, ws, &p, pv.prev, stdout);
        }
        bool report = c && pv.rc == TH_EXIT_OK;
        int rr = th_report_finish(r, &js, report);
        if (!report)
            rr = pv.rc;
        if (c && rr > TH_EXIT_REJECTED)
            rc = rr;
    }
    th_cons_free(pv.prev);
    th_jobs_release(&js);
    /* the archive stores the files just written and names in its catalog
     * those and the objects stored beside them: the consolidation in
     * memory (hundreds of MB for a national year) is no longer needed */
    th_cons_free(c);
    c = NULL;
    th_checks_release(&checks);
    if (rc <= TH_EXIT_REJECTED && !o.no_archive) {
        int ra = th_archive_add_refs(ws, &p, dir, archive, &refs, early);
        if (ra > TH_EXIT_REJECTED)
            rc = ra;
    }
    /* the lock released; when the run did not archive (an output failed,
     * the period refused), the objects the job stored where there were
     * none are removed (only a kill leaves objects no row names) */
    th_archive_early_free(early);
    if (!o.no_archive)
        th_archive_refs_release(&refs);
    free(dir);
    free(archive);
    th_workspace_free(ws);
    return rc;
}
