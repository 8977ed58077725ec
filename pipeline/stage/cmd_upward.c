/* cmd_upward.c - tonghop upward: the period's consolidation as the
 * province's own submission to the level above (XML and the filled form),
 * carrying the hashes of the consolidation and of the report archived from
 * it, then archived with that report. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "archive_add.h"
#include "archive_upward.h"
#include "cons_load.h"
#include "escape.h"
#include "forms.h"
#include "upward.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] upward --year YYYY [--period ID]\n"
    "       [--archive DIR] [--no-archive]\n"
    "\n"
    "Writes the province's submission to the level above from the period's\n"
    "consolidation (OUTDIR/<plan>/<year>-<period>/consolidated.xml, written by run\n"
    "or consolidate): upward.xml (schemas/submission.xsd: the registry's root as the\n"
    "unit, its totals as the fields, a narrative summary, and a <source> with the\n"
    "SHA-256 of consolidated.xml and of the report archived from it) and\n"
    "upward.xlsx (the same as a filled form), then archives both with the report.\n"
    "The report must already be in the archive (DIR, default OUTDIR/archive):\n"
    "run 'tonghop run' (or 'archive add') first.\n"
    "Exit: 0 written, 2 usage/configuration (no consolidation, no archived report\n"
    "drawn from it), 3 system, 4 another archive add is writing.\n";

enum { OPT_ARCHIVE = 1, OPT_NO_ARCHIVE };

struct upward_opts {
    const char *archive;
    bool no_archive;
};

static bool on_opt(int opt, const char *arg, void *ctx)
{
    struct upward_opts *o = ctx;
    if (opt == OPT_ARCHIVE)
        o->archive = arg;
    else if (opt == OPT_NO_ARCHIVE)
        o->no_archive = true;
    else
        return false;
    return true;
}

static int kind_rank(const char *kind)
{
    static const char *const order[] = {"report-pdf", "workbook-xlsx", "consolidated-xml"};
    for (int i = 0; i < 3; i++)
        if (strcmp(kind, order[i]) == 0)
            return i;
    return -1;
}

/* The archived document drawn from the consolidation whose SHA-256 is
 * cons_sha: the report PDF if there is one (else the workbook, else the
 * consolidated data), its latest such version. Fills src; returns an exit
 * code (2 with the reason when none). */
static int find_report(const char *archive_dir, const struct th_workspace *ws, const struct th_period *p,
                       const char *cons_sha, struct th_origin *src)
{
    struct th_archive *a = th_archive_open(archive_dir, false, NULL);
    if (!a) {
        th_error("no archive in '%s': archive the report first ('tonghop run' or 'tonghop archive add')",
                 archive_dir);
        return TH_EXIT_USAGE;
    }
    struct th_archive_filter f = {.year = p->year, .period = p->id};
    struct th_archive_doc *d = NULL;
    size_t n = 0;
    int rc = TH_EXIT_SYSTEM;
    if (th_archive_find(a, &f, &d, &n) != TH_OK)
        goto done;
    const struct th_archive_doc *best = NULL;
    for (size_t i = 0; i < n; i++) {
        int rank = kind_rank(d[i].kind);
        if (rank < 0 || strcmp(d[i].plan, ws->plan->id) != 0)
            continue;
        if (best && (rank > kind_rank(best->kind) || (rank == kind_rank(best->kind) && d[i].version < best->version)))
            continue;
        struct th_archive_input *in = NULL;
        size_t nin = 0;
        if (th_archive_inputs(a, d[i].id, &in, &nin) != TH_OK)
            goto done;
        bool drawn = false;
        for (size_t k = 0; k < nin; k++)
            drawn |= strcmp(in[k].role, "consolidated") == 0 && in[k].sha256 && strcmp(in[k].sha256, cons_sha) == 0;
        th_archive_inputs_free(in, nin);
        if (drawn)
            best = &d[i];
    }
    if (!best) {
        th_error("no report in '%s' was drawn from this consolidation (sha256 %.16s...): archive it first "
                 "('tonghop run' or 'tonghop archive add')",
                 archive_dir, cons_sha);
        rc = TH_EXIT_USAGE;
        goto done;
    }
    memcpy(src->report_sha256, best->sha256, 65);
    src->report_name = th_strdup(best->name);
    src->report_version = best->version;
    rc = TH_EXIT_OK;
done:
    th_archive_docs_free(d, n);
    th_archive_close(a);
    return rc;
}

int cmd_upward(int argc, char **argv, struct th_cli *cli)
{
    static const struct option extra[] = {{"archive", required_argument, NULL, OPT_ARCHIVE},
                                           {"no-archive", no_argument, NULL, OPT_NO_ARCHIVE}, {0}};
    struct upward_opts o = {0};
    struct th_workspace *ws;
    struct th_period p;
    int rc;
    if (!th_cli_start(cli, argc, argv, usage, extra, on_opt, &o, &ws, &p, &rc))
        return rc;
    char *dir = th_cli_period_dir(cli, ws, &p);
    char *cons_path = th_path_join(dir, "consolidated.xml");
    char *archive = o.archive ? th_strdup(o.archive) : th_path_join(cli->outdir, "archive");
    char *xml = th_path_join(dir, "upward.xml"), *xlsx = th_path_join(dir, "upward.xlsx");
    struct th_cons *c = NULL;
    struct th_submission *s = NULL;
    struct th_origin *src = th_calloc(1, sizeof *src);
    rc = TH_EXIT_USAGE;
    if (!th_is_file(cons_path)) {
        th_error("no consolidation '%s': run 'tonghop run' (or 'tonghop consolidate') first", cons_path);
        goto done;
    }
    if (th_sha256_file(cons_path, src->cons_sha256) != TH_OK) {
        th_error("cannot read '%s': %s", cons_path, strerror(errno));
        rc = TH_EXIT_SYSTEM;
        goto done;
    }
    if (!(c = th_cons_load(cons_path)))
        goto done;
    if (strcmp(c->plan_id, ws->plan->id) != 0 || c->year != p.year || strcmp(c->period, p.id) != 0) {
        th_error("'%s' is for plan '%s' %d %s, not '%s' %d %s", cons_path, c->plan_id, c->year,
                 c->period, ws->plan->id, p.year, p.id);
        goto done;
    }
    src->plan = th_strdup(ws->plan->id);
    if ((rc = find_report(archive, ws, &p, src->cons_sha256, src)) != TH_EXIT_OK)
        goto done;
    rc = TH_EXIT_USAGE;
    s = th_upward_build(c, ws, &p, src);
    src = NULL;
    if (!s)
        goto done;
    const struct th_unit *root = th_registry_at(ws->reg, c->root->code, p.end);
    if (!root) {
        th_error("the registry has no unit '%s' at the end of the period", c->root->code);
        goto done;
    }
    rc = TH_EXIT_SYSTEM;
    if (th_upward_write_xml(s, xml) != TH_OK) {
        th_error("cannot write '%s': %s", xml, strerror(errno));
        goto done;
    }
    th_err e = th_form_write_filled(s, root, &p, xlsx);
    if (e != TH_OK) {
        if (e == TH_ERR_IO)
            th_error("cannot write '%s': %s", xlsx, strerror(errno));
        else
            th_error("cannot write '%s'", xlsx);
        rc = e == TH_ERR_CONFIG ? TH_EXIT_USAGE : TH_EXIT_SYSTEM;
        goto done;
    }
    th_out(stdout, "%s: %s %d %s, drawn from consolidated.xml (sha256 %.16s...) and %s version %d (sha256 %.16s...)",
           xml, s->unit, p.year, p.id, s->src->cons_sha256, s->src->report_name,
           s->src->report_version, s->src->report_sha256);
    th_out(stdout, "%s: the same as a filled form", xlsx);
    rc = TH_EXIT_OK;
    if (!o.no_archive)
        rc = th_archive_add(ws, &p, dir, archive);
done:
    th_origin_free(src);
    th_submission_free(s);
    th_cons_free(c);
    free(xml);
    free(xlsx);
    free(archive);
    free(cons_path);
    free(dir);
    th_workspace_free(ws);
    return rc;
}
