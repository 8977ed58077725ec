/* cmd_nightly.c - tonghop nightly: what arrived since the last run,
 * validated once, kept on record; completeness, lateness and feedback. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nightly.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] nightly [--year YYYY [--period ID]]\n"
    "                [--now YYYY-MM-DDTHH:MM:SS] [--wait SECONDS] [--full]\n"
    "\n"
    "Finds new, changed and disappeared files in submissions/<year>-<period>/ by\n"
    "content hash, validates only new and changed ones, and keeps every submission\n"
    "ever seen in OUTDIR/<plan>/nightly.sqlite. Writes, in OUTDIR/<plan>/<year>-<period>/:\n"
    "validation-nightly.xml (the validation.xml of 'run' is left to the report and\n"
    "the archive), overview.xlsx (completeness per unit of the hierarchy, missing,\n"
    "rejected and late units) and feedback/<unit>.xlsx for each unit with problems.\n"
    "Without --year: every period of the plan open on the date of --now (from the\n"
    "day forms go out to lateCheckDays after the deadline, plan.xml), in turn.\n"
    "\n"
    "  --now STAMP     received time of files first seen in this run (default: the\n"
    "                  clock, or TONGHOP_NOW); decides lateness\n"
    "  --wait SECONDS  wait up to SECONDS for another run's lock (default 0)\n"
    "  --full          revalidate every file (received times are kept)\n"
    "\n"
    "Exit: 0 all received accepted, 1 some rejected, 2 usage/configuration,\n"
    "3 system, 4 another nightly run holds the lock.\n";

enum { OPT_NOW = 1, OPT_WAIT, OPT_FULL };

static bool on_opt(int opt, const char *arg, void *ctx)
{
    struct th_nightly_opts *o = ctx;
    switch (opt) {
    case OPT_NOW:
        if (!th_nightly_parse_now(arg, o->now)) {
            th_error("--now takes a time such as 2026-12-21T02:00:00, not '%s'", arg);
            return false;
        }
        return true;
    case OPT_WAIT: {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*end || end == arg || v < 0 || v > 86400) {
            th_error("--wait takes a number of seconds (0-86400), not '%s'", arg);
            return false;
        }
        o->wait_seconds = (int)v;
        return true;
    }
    case OPT_FULL:
        o->full = true;
        return true;
    }
    return false;
}

int cmd_nightly(int argc, char **argv, struct th_cli *cli)
{
    static const struct option extra[] = {
        {"now", required_argument, NULL, OPT_NOW},
        {"wait", required_argument, NULL, OPT_WAIT},
        {"full", no_argument, NULL, OPT_FULL},
        {0},
    };
    struct th_nightly_opts o = {.outdir = cli->outdir};
    const char *env = getenv("TONGHOP_NOW");
    if (env && *env && !th_nightly_parse_now(env, o.now)) {
        th_error("TONGHOP_NOW takes a time such as 2026-12-21T02:00:00, not '%s'", env);
        return TH_EXIT_USAGE;
    }
    int r = th_cli_parse(cli, argc, argv, usage, extra, on_opt, &o);
    if (r < 0)
        return th_cli_exit(r);
    if (cli->npaths) {
        th_error("nightly reads the workspace's submissions directory; it takes no paths ('%s')", cli->paths[0]);
        return TH_EXIT_USAGE;
    }
    if (!o.now[0])
        th_nightly_clock(o.now);
    /* the registry is the same most nights: its schema pass is remembered */
    if (!th_cli_outdir_ok(cli, NULL))
        return TH_EXIT_USAGE;
    char *memo = th_path_join(cli->outdir, "schema-passes.txt");
    struct th_workspace *ws = th_workspace_open_memo(cli->workspace, memo);
    free(memo);
    if (ws && !th_cli_outdir_ok(cli, ws->plan->id)) {
        th_workspace_free(ws);
        ws = NULL;
    }
    if (!ws)
        return TH_EXIT_USAGE;
    struct th_period p;
    int rc;
    if (!cli->year && !cli->has_period)
        rc = th_nightly_run_open(ws, &o);
    else
        rc = th_cli_period(cli, ws, &p) ? th_nightly_run(ws, &p, &o) : TH_EXIT_USAGE;
    th_workspace_free(ws);
    return rc;
}
