/* cmd_forms.c - tonghop forms: one pre-filled XLSX form per expected unit. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "forms.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] forms --year YYYY [--period ID] [--unit CODE]\n"
    "\n"
    "Writes one XLSX form for each unit expected to report in the period (an id\n"
    "of plan.xml, default annual; or only for --unit CODE) to\n"
    "OUTDIR/<plan>/<year>-<period>/forms/<code>.xlsx.\n"
    "Unit code, name, year and period are filled in and locked; the input cells\n"
    "accept whole numbers >= 0 only. The layout is templates/form.xml; the same\n"
    "map reads the filled forms back in `validate`. A period that lists its\n"
    "<fields> gets a form of its own (ctxh-v1-<period>) holding only those.\n"
    "Exit: 0 written, 2 usage/configuration, 3 system.\n";

enum { OPT_UNIT = 1 };

static bool on_opt(int opt, const char *arg, void *ctx)
{
    if (opt != OPT_UNIT)
        return false;
    *(const char **)ctx = arg;
    return true;
}

int cmd_forms(int argc, char **argv, struct th_cli *cli)
{
    static const struct option extra[] = {
        {"unit", required_argument, NULL, OPT_UNIT},
        {0},
    };
    const char *only = NULL;
    int r = th_cli_parse(cli, argc, argv, usage, extra, on_opt, &only);
    if (r < 0)
        return th_cli_exit(r);
    if (cli->npaths) {
        th_error("forms takes no file arguments ('%s')", cli->paths[0]);
        fputs(usage, stderr);
        return TH_EXIT_USAGE;
    }
    struct th_workspace *ws = th_cli_workspace(cli);
    if (!ws)
        return TH_EXIT_USAGE;
    int rc = TH_EXIT_OK;
    struct th_period p;
    const struct th_unit **units = NULL, *one = NULL;
    size_t n = 0, written = 0;
    char *outdir = NULL, *dir = NULL;
    const struct th_formmap *m = NULL;
    if (!th_cli_period(cli, ws, &p)) {
        rc = TH_EXIT_USAGE;
        goto out;
    }
    if (!(m = th_formmap_get())) {
        rc = TH_EXIT_USAGE;
        goto out;
    }
    if (only) {
        one = th_registry_in(ws->reg, only, p.start, p.end);
        if (!one) {
            th_error("unit '%s' %s", only,
                     th_registry_known(ws->reg, only) ? "is not open in this period" : "is not in the registry");
            rc = TH_EXIT_USAGE;
            goto out;
        }
        units = &one;
        n = 1;
    } else {
        units = th_expected_units(ws->reg, &p, &n);
    }
    if (!(outdir = th_cli_period_outdir(cli, ws, &p))) {
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    dir = th_path_join(outdir, "forms");
    if (th_mkdirs(dir) != TH_OK) {
        th_error("cannot create '%s': %s", dir, strerror(errno));
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char *path = th_asprintf("%s/%s.xlsx", dir, units[i]->code);
        th_err e = th_forms_write(m, units[i], &p, NULL, path);
        if (e != TH_OK) {
            th_error("cannot write '%s': %s", path, e == TH_ERR_IO ? strerror(errno) : th_strerror(e));
            rc = TH_EXIT_SYSTEM;
            free(path);
            break;
        }
        written++;
        free(path);
        th_progress("forms", i + 1, n);
    }
    th_info("wrote %zu forms to %s", written, dir);
out:
    if (units != &one)
        free(units);
    free(outdir);
    free(dir);
    th_workspace_free(ws);
    return rc;
}
