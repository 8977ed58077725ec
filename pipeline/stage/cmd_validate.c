/* cmd_validate.c - tonghop validate: check submissions against the schema,
 * the registry, the plan and the rules; write validation.xml. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "entries.h"
#include "pass.h"
#include "upward_verify.h"
#include "validation.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] validate --year YYYY [--period ID]\n"
    "       [--verify-archive DIR] [PATH...]\n"
    "\n"
    "Validates the workspace's submissions/<year>-<period>/ (or the given files and\n"
    "directories) and prints every error and warning as\n"
    "  file:line: CODE field: message          (XML)\n"
    "  file: 'Sheet'!C7: CODE field: message   (XLSX)\n"
    "then writes OUTDIR/<plan>/<year>-<period>/validation.xml.\n"
    "Without --year, given files are checked each for its own period and no\n"
    "validation.xml is written.\n"
    "--verify-archive DIR: each submission must be an upward file ('tonghop upward')\n"
    "archived in its unit's archive, DIR/<unit code>/ (or DIR itself): else A01-A03.\n"
    "Exit: 0 all accepted, 1 some rejected, 2 usage/configuration, 3 system.\n";

/* Expand directories among paths into their submission files. */
static char **collect(char **paths, int n, size_t *count)
{
    char **v = NULL;
    size_t cap = 0;
    *count = 0;
    for (int i = 0; i < n; i++) {
        if (th_is_dir(paths[i])) {
            size_t k;
            char **files = th_list_entries(paths[i], true, &k);
            for (size_t j = 0; j < k; j++) {
                TH_GROW(v, cap, *count + 1);
                v[(*count)++] = files[j];
            }
            free(files);
        } else {
            TH_GROW(v, cap, *count + 1);
            v[(*count)++] = th_strdup(paths[i]);
        }
    }
    return v;
}

/* Validate a period and write validation.xml; shared with `run`. */
int th_validate_period(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p, bool print)
{
    size_t n;
    char **files;
    if (cli->npaths)
        files = collect(cli->paths, cli->npaths, &n);
    else
        files = th_workspace_period_files(ws, p->year, p->id, &n);
    if (!n)
        th_warn("no submissions found for %d %s", p->year, p->id);
    if (cli->verify_archive && !th_upward_verify_begin(cli->verify_archive)) {
        th_strv_free(files, n);
        return TH_EXIT_USAGE;
    }
    struct th_batch b;
    th_batch_init(&b, ws, p);
    th_batch_run(&b, files, n, NULL, NULL);
    th_upward_verify_end();
    th_batch_resolve(&b);
    if (print)
        th_batch_print(&b, stdout);
    int rc = TH_EXIT_OK;
    char *dir = th_cli_period_outdir(cli, ws, p);
    if (!dir) {
        rc = TH_EXIT_SYSTEM;
    } else {
        char *out = th_path_join(dir, "validation.xml");
        if (th_batch_write_xml(&b, out) != TH_OK) {
            th_error("cannot write '%s': %s", out, strerror(errno));
            rc = TH_EXIT_SYSTEM;
        } else {
            th_info("wrote %s", out);
        }
        free(out);
        free(dir);
    }
    size_t c[4];
    th_batch_counts(&b, c);
    if (rc == TH_EXIT_OK && c[TH_ST_REJECTED])
        rc = TH_EXIT_REJECTED;
    th_batch_release(&b);
    th_strv_free(files, n);
    return rc;
}

int cmd_validate(int argc, char **argv, struct th_cli *cli)
{
    static const struct option extra[] = {TH_CLI_VERIFY_OPTION, {0}};
    int r = th_cli_parse(cli, argc, argv, usage, extra, th_cli_on_verify, cli);
    if (r < 0)
        return th_cli_exit(r);
    struct th_workspace *ws = th_cli_workspace(cli);
    if (!ws)
        return TH_EXIT_USAGE;
    int rc;
    if (!cli->year && cli->npaths) {
        /* files checked each against its own period, nothing written */
        size_t n;
        char **files = collect(cli->paths, cli->npaths, &n);
        if (cli->verify_archive && !th_upward_verify_begin(cli->verify_archive)) {
            th_strv_free(files, n);
            th_workspace_free(ws);
            return TH_EXIT_USAGE;
        }
        struct th_batch b;
        th_batch_init(&b, ws, NULL);
        th_batch_run(&b, files, n, NULL, NULL);
        th_upward_verify_end();
        th_batch_resolve(&b);
        th_batch_print(&b, stdout);
        size_t c[4];
        th_batch_counts(&b, c);
        rc = c[TH_ST_REJECTED] ? TH_EXIT_REJECTED : TH_EXIT_OK;
        th_batch_release(&b);
        th_strv_free(files, n);
    } else {
        struct th_period p;
        if (!th_cli_period(cli, ws, &p))
            rc = TH_EXIT_USAGE;
        else
            rc = th_validate_period(cli, ws, &p, true);
    }
    th_workspace_free(ws);
    return rc;
}
