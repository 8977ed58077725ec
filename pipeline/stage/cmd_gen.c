/* cmd_gen.c - tonghop gen: deterministic test and benchmark data.
 * Same seed, same bytes: values come from a hash of (seed, unit, field). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gen.h"
#include "text.h"

static const char usage[] =
    "usage: tonghop -w WORKSPACE gen --year YYYY [--period ID] [--seed N] [--into DIR]\n"
    "       tonghop -w WORKSPACE gen --synthetic N --year YYYY [--period P] [--seed N]\n"
    "                            [--xlsx PERCENT] [--missing PERCENT] --into DIR\n"
    "\n"
    "First form: one valid submission (XML) for every unit the workspace expects\n"
    "in the period, written to DIR (default: the workspace's submissions/<year>-<period>/).\n"
    "Second form: a new workspace in DIR with N reporting communes under\n"
    "districts under one province, the plan and rules of WORKSPACE, and\n"
    "submissions for the period (PERCENT of them as XLSX forms, PERCENT missing).\n";

enum { OPT_SEED = 1, OPT_INTO, OPT_SYNTH, OPT_XLSX, OPT_MISSING };

struct gen_opts {
    uint64_t seed;
    const char *into;
    long synthetic;
    int xlsx_pct, missing_pct;
};

static bool on_opt(int opt, const char *arg, void *ctx)
{
    struct gen_opts *o = ctx;
    char *end;
    long v = strtol(arg, &end, 10);
    if (opt == OPT_INTO) {
        o->into = arg;
        return true;
    }
    if (*end || v < 0) {
        th_error("expected a whole number, not '%s'", arg);
        return false;
    }
    switch (opt) {
    case OPT_SEED: o->seed = (uint64_t)v; return true;
    case OPT_SYNTH: o->synthetic = v; return true;
    case OPT_XLSX: o->xlsx_pct = (int)(v > 100 ? 100 : v); return true;
    case OPT_MISSING: o->missing_pct = (int)(v > 100 ? 100 : v); return true;
    }
    return false;
}

int cmd_gen(int argc, char **argv, struct th_cli *cli)
{
    static const struct option extra[] = {
        {"seed", required_argument, NULL, OPT_SEED},
        {"into", required_argument, NULL, OPT_INTO},
        {"synthetic", required_argument, NULL, OPT_SYNTH},
        {"xlsx", required_argument, NULL, OPT_XLSX},
        {"missing", required_argument, NULL, OPT_MISSING},
        {0},
    };
    struct gen_opts o = {.seed = 1};
    th_durable = false; /* throw-away test data: no fsync per file */
    int r = th_cli_parse(cli, argc, argv, usage, extra, on_opt, &o);
    if (r < 0)
        return th_cli_exit(r);
    struct th_workspace *ws = th_cli_workspace(cli);
    if (!ws)
        return TH_EXIT_USAGE;
    int rc = TH_EXIT_OK;
    struct th_period p;
    if (!th_cli_period(cli, ws, &p)) {
        rc = TH_EXIT_USAGE;
    } else if (o.synthetic) {
        if (!o.into) {
            th_error("--synthetic needs --into DIR");
            rc = TH_EXIT_USAGE;
        } else {
            rc = th_gen_synthetic(ws, &p, o.into, (size_t)o.synthetic, o.seed, o.xlsx_pct, o.missing_pct);
        }
    } else {
        char *dir = o.into ? th_strdup(o.into) : th_workspace_period_dir(ws, p.year, p.id);
        rc = th_gen_submissions(ws->reg, &p, dir, o.seed, o.xlsx_pct, o.missing_pct);
        free(dir);
    }
    th_workspace_free(ws);
    return rc;
}
