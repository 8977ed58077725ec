/* cmd_consolidate.c - tonghop consolidate: roll accepted submissions up the
 * hierarchy in force in the period; indicators against targets at every node. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "archive_add.h"
#include "cons_write.h"
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

int th_consolidate_period(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p,
                          struct th_cons **out, struct th_archive_refs *refs, struct th_checks *checks)
{
    if (refs)
        memset(refs, 0, sizeof *refs);
    if (checks)
        memset(checks, 0, sizeof *checks);
    if (cli->verify_archive && !th_upward_verify_begin(cli->verify_archive))
        return TH_EXIT_USAGE;
    struct th_batch b;
    struct th_cons *c = th_consolidate(ws, p, cli->outdir, &b);
    th_upward_verify_end();
    if (!c) {
        th_batch_release(&b);
        return TH_EXIT_USAGE;
    }
    int rc = TH_EXIT_OK;
    th_batch_print(&b, stdout);
    char *dir = th_cli_period_outdir(cli, ws, p);
    if (!dir) {
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    char *vpath = th_path_join(dir, "validation.xml"), *cpath = th_path_join(dir, "consolidated.xml");
    if (th_batch_write_xml(&b, vpath) != TH_OK) {
        th_error("cannot write '%s': %s", vpath, strerror(errno));
        rc = TH_EXIT_SYSTEM;
    } else if (th_cons_write(c, cpath) != TH_OK) {
        th_error("cannot write '%s': %s", cpath, strerror(errno));
        rc = TH_EXIT_SYSTEM;
    } else {
        th_info("wrote %s", cpath);
    }
    free(vpath);
    free(cpath);
    free(dir);
    if (rc == TH_EXIT_OK && c->rejected)
        rc = TH_EXIT_REJECTED;
    if (checks && rc <= TH_EXIT_REJECTED) /* before refs takes the batch's names */
        th_checks_of_batch(checks, &b);
    if (refs && rc <= TH_EXIT_REJECTED) {
        int rr = th_archive_refs_of(refs, &b, c);
        if (rr != TH_EXIT_OK)
            rc = rr;
    }
out:
    th_batch_release(&b);
    if (out && rc <= TH_EXIT_REJECTED)
        *out = c;
    else
        th_cons_free(c);
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
    struct th_cons *c = NULL;
    rc = th_consolidate_period(cli, ws, &p, &c, NULL, NULL);
    if (c) {
        /* beside last year's same period, as the report will assess it. An
         * archive that cannot say whether it holds last year is exit 3, as
         * for run and report (t76): the table printed without it would say
         * "no last year" falsely. consolidated.xml is written all the same
         * (it does not depend on last year). */
        struct th_cons *prev = NULL;
        int rr = th_cli_previous(cli, ws, &p, &prev, NULL);
        th_cons_print(c, ws, &p, prev, stdout);
        if (rr > TH_EXIT_REJECTED)
            rc = rr;
        th_cons_free(prev);
    }
    th_cons_free(c);
    th_workspace_free(ws);
    return rc;
}
