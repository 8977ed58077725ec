/* cmd_run.c - tonghop run: the whole pipeline for one period: validate and
 * consolidate (one pass), then the report and workbook, then the archive. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "archive_add.h"
#include "cons_write.h"
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
    struct th_cons *c = NULL;
    struct th_archive_refs refs; /* the submissions to archive, from the batch: not read back */
    struct th_checks checks; /* the workbook's validation results, from the batch: not read back */
    rc = th_consolidate_period(cli, ws, &p, &c, o.no_archive ? NULL : &refs, &checks);
    if (c) {
        /* last year's same period, for the table printed here as for the report */
        struct th_cons *prev = NULL;
        char prev_sha[65];
        int rr = th_cli_previous(cli, ws, &p, &prev, prev_sha);
        th_cons_print(c, ws, &p, prev, stdout);
        if (rr == TH_EXIT_OK)
            rr = th_report_period(cli, ws, &p, c, prev, prev_sha, &checks);
        if (rr > TH_EXIT_REJECTED)
            rc = rr;
        th_cons_free(prev);
    }
    /* the archive stores the files just written and the submissions refs
     * names: the consolidation in memory (hundreds of MB for a national
     * year) is no longer needed */
    th_cons_free(c);
    c = NULL;
    th_checks_release(&checks);
    if (rc <= TH_EXIT_REJECTED && !o.no_archive) {
        char *dir = th_cli_period_dir(cli, ws, &p);
        char *archive = th_path_join(cli->outdir, "archive");
        int ra = th_archive_add_refs(ws, &p, dir, archive, &refs);
        if (ra > TH_EXIT_REJECTED)
            rc = ra;
        free(dir);
        free(archive);
    }
    if (!o.no_archive)
        th_archive_refs_release(&refs);
    th_workspace_free(ws);
    return rc;
}
