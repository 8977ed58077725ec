/* cli.c - option parsing shared by every stage, and workspace/period/output
 * resolution. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entries.h"

enum { OPT_YEAR = 1000, OPT_PERIOD, OPT_HELP };

int th_cli_parse(struct th_cli *cli, int argc, char **argv, const char *usage,
                 const struct option *extra, bool (*on_extra)(int opt, const char *arg, void *ctx),
                 void *ctx)
{
    struct option opts[32] = {
        {"year", required_argument, NULL, OPT_YEAR},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"help", no_argument, NULL, OPT_HELP},
    };
    size_t n = 3;
    for (; extra && extra[n - 3].name && n < 31; n++)
        opts[n] = extra[n - 3];
    opts[n] = (struct option){0};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_YEAR: {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || y < 2000 || y > 2100) {
                th_error("--year takes a year such as 2026, not '%s'", optarg);
                return -2;
            }
            cli->year = (int)y;
            break;
        }
        case OPT_PERIOD:
            if (!th_period_id_valid(optarg)) {
                th_error("--period takes a period id of plan.xml (annual, h1, q3 …), not '%s'", optarg);
                return -2;
            }
            snprintf(cli->period, sizeof cli->period, "%s", optarg);
            cli->has_period = true;
            break;
        case 'h':
        case OPT_HELP:
            fputs(usage, stdout);
            return -1;
        case '?':
            th_error("unknown option '%s' (see 'tonghop %s --help')", argv[optind - 1], argv[0]);
            return -2;
        default:
            if (!on_extra || !on_extra(c, optarg, ctx)) {
                th_error("see 'tonghop %s --help'", argv[0]);
                return -2;
            }
        }
    }
    cli->paths = argv + optind;
    cli->npaths = argc - optind;
    return 0;
}

int th_cli_exit(int parse_result)
{
    return parse_result == -1 ? TH_EXIT_OK : TH_EXIT_USAGE;
}

bool th_cli_start(struct th_cli *cli, int argc, char **argv, const char *usage,
                  const struct option *extra, bool (*on_extra)(int opt, const char *arg, void *ctx),
                  void *ctx, struct th_workspace **ws, struct th_period *p, int *rc)
{
    int r = th_cli_parse(cli, argc, argv, usage, extra, on_extra, ctx);
    *ws = NULL;
    if (r < 0) {
        *rc = th_cli_exit(r);
        return false;
    }
    *rc = TH_EXIT_USAGE;
    *ws = th_cli_workspace(cli);
    if (!*ws)
        return false;
    if (!th_cli_period(cli, *ws, p)) {
        th_workspace_free(*ws);
        *ws = NULL;
        return false;
    }
    return true;
}

struct th_workspace *th_cli_workspace(const struct th_cli *cli)
{
    if (!th_cli_outdir_ok(cli, NULL))
        return NULL;
    struct th_workspace *ws = th_workspace_open(cli->workspace);
    if (ws && !th_cli_outdir_ok(cli, ws->plan->id)) {
        th_workspace_free(ws);
        return NULL;
    }
    return ws;
}

bool th_cli_output_ok(const char *workspace, const char *dir, const char *what)
{
    char *subs = th_path_join(workspace, "submissions");
    bool in = th_path_within(dir, subs);
    if (in)
        th_error("%s '%s' nằm trong thư mục bài nộp '%s': lần chạy sau sẽ đọc lại chính kết quả của "
                 "nó như bài nộp; hãy chọn -o ở ngoài '%s'",
                 what, dir, subs, subs);
    free(subs);
    return !in;
}

bool th_cli_outdir_ok(const struct th_cli *cli, const char *plan_id)
{
    if (!plan_id)
        return th_cli_output_ok(cli->workspace, cli->outdir, "thư mục kết quả (-o)");
    char *plan = th_path_join(cli->outdir, plan_id), *archive = th_path_join(cli->outdir, "archive");
    bool ok = th_cli_output_ok(cli->workspace, plan, "thư mục kết quả") &&
              th_cli_output_ok(cli->workspace, archive, "kho lưu trữ");
    free(plan);
    free(archive);
    return ok;
}

bool th_cli_period(const struct th_cli *cli, const struct th_workspace *ws, struct th_period *out)
{
    const char *kind = cli->has_period ? cli->period : "annual";
    if (!cli->year) {
        th_error("--year is required (the plan covers %d-%d)", ws->plan->year_from, ws->plan->year_to);
        return false;
    }
    if (!th_plan_period(ws->plan, cli->year, kind, out)) {
        const struct th_period_def *d = th_plan_period_def(ws->plan, kind);
        if (!d) {
            char *ids = th_plan_period_ids(ws->plan);
            th_error("plan '%s' has no '%s' period (it declares: %s)", ws->plan->id, kind, ids);
            free(ids);
        } else if (d->year && d->year != cli->year && cli->year >= ws->plan->year_from &&
                   cli->year <= ws->plan->year_to)
            th_error("period '%s' of plan '%s' is of year %d only, not %d", kind, ws->plan->id, d->year, cli->year);
        else
            th_error("year %d is outside plan '%s' (%d-%d)", cli->year, ws->plan->id,
                     ws->plan->year_from, ws->plan->year_to);
        return false;
    }
    return true;
}

char *th_cli_period_dir(const struct th_cli *cli, const struct th_workspace *ws, const struct th_period *p)
{
    return th_asprintf("%s/%s/%d-%s", cli->outdir, ws->plan->id, p->year, p->id);
}

char *th_cli_period_outdir(const struct th_cli *cli, const struct th_workspace *ws, const struct th_period *p)
{
    char *dir = th_cli_period_dir(cli, ws, p);
    if (th_mkdirs(dir) != TH_OK) {
        th_error("cannot create output directory '%s': %s", dir, strerror(errno));
        free(dir);
        return NULL;
    }
    th_temp_sweep(dir); /* a killed run's temps: every write is temp + rename */
    th_xlsxwriter_sweep(dir); /* and libxlsxwriter's, a kill in its window */
    return dir;
}

bool th_cli_on_verify(int opt, const char *arg, void *ctx)
{
    struct th_cli *cli = ctx;
    if (opt != TH_CLI_OPT_VERIFY)
        return false;
    cli->verify_archive = arg;
    return true;
}
