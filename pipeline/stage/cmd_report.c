/* cmd_report.c - tonghop report: the official PDF report and the XLSX
 * workbook of a period, from its consolidated.xml. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cons_load.h"
#include "jobs.h"
#include "previous.h"
#include "report.h"
#include "report_edits.h"
#include "wb_checks.h"
#include "xmlsafe.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] report --year YYYY [--period ID]\n"
    "       [--allow-empty]\n"
    "\n"
    "Reads OUTDIR/<plan>/<year>-<period>/consolidated.xml (run `consolidate`\n"
    "first) and writes beside it:\n"
    "  report.pdf     the official report (Nghị định 30/2020 layout), fonts embedded\n"
    "  workbook.xlsx  the workbook for the ministry, with live formulas\n"
    "Document number and issue date come from plan.xml, never from the clock:\n"
    "the same inputs give the same bytes.\n"
    "Last year's same period (the same period id) is printed beside\n"
    "every figure when OUTDIR/<plan>/<year-1>-<period>/consolidated.xml exists,\n"
    "else from the archive (OUTDIR/archive); without it the report says so.\n"
    "A period without a single accepted submission is refused (exit 2) unless\n"
    "--allow-empty is given.\n"
    "Exit: 0 written, 2 usage/configuration (no consolidation), 3 system.\n";

static int write_one(const char *what, th_err e, const char *path)
{
    if (e == TH_OK) {
        th_info("wrote %s", path);
        return TH_EXIT_OK;
    }
    if (e == TH_ERR_CONFIG) {
        th_error("cannot write the %s '%s': configuration (template or plan) is incomplete", what, path);
        return TH_EXIT_USAGE;
    }
    if (e == TH_ERR_IO) { /* what happened, for whoever reads the log: "không đủ chỗ trên đĩa" */
        int err = errno;
        th_error("không ghi được %s '%s': %s (%s)", strcmp(what, "report") == 0 ? "báo cáo" : "biểu số liệu", path,
                 th_errno_vi(err), strerror(err));
    } else {
        th_error("cannot write the %s '%s': %s", what, path, th_strerror(e));
    }
    return TH_EXIT_SYSTEM;
}

int th_cli_previous(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p, struct th_cons **prev,
                    char sha256[65])
{
    char *archive = th_path_join(cli->outdir, "archive");
    int rc = th_previous_cons(ws, p, cli->outdir, archive, prev, sha256);
    free(archive);
    return rc;
}

static void previous_job(void *arg)
{
    struct th_previous *pv = arg;
    pv->rc = th_cli_previous(pv->cli, pv->ws, pv->p, &pv->prev, pv->sha256);
}

void th_previous_job(struct th_previous *pv, struct th_jobs *js)
{
    pv->prev = NULL;
    pv->sha256[0] = '\0';
    pv->job = th_jobs_add(js, previous_job, pv, -1);
}

/* The PDF and the workbook, each a job: both only read the consolidation
 * (and the workbook the validation results), each with its own libharu or
 * libxlsxwriter instance. Before them, after last year's (pv), the job
 * "prep": the period refused when empty, the department's wording, and
 * for `report` validation.xml read back. */
struct th_report_out {
    struct th_cli *cli;
    const struct th_previous *pv;
    const struct th_checks *checks;
    struct th_checks loaded; /* `report`: validation.xml's */
    struct th_report_in in;
    char *dir, *pdf, *xlsx, *val;
    int rc;                  /* prep's exit code when not ready */
    bool ready;              /* prep done: the PDF and workbook are written */
    th_err pe, we;
    int perr, werr;          /* errno after each write */
    int jprep, jpdf, jwb;
};

static void prep_job(void *arg)
{
    struct th_report_out *r = arg;
    const struct th_period *p = r->in.per;
    r->rc = TH_EXIT_USAGE;
    if (r->pv->rc != TH_EXIT_OK)
        return;
    if (r->in.c->accepted == 0 && !r->cli->allow_empty) {
        th_error("kỳ báo cáo %s %d (%s) chưa có báo cáo nào của đơn vị được chấp nhận: không lập báo cáo "
                 "tổng hợp (dùng --allow-empty nếu vẫn cần lập)", p->def ? p->def->label : "", p->year,
                 p->id);
        return;
    }
    if (th_edits_load(r->in.ws, p, &r->in.edits) != TH_OK)
        return;
    r->in.prev = r->pv->prev;
    r->in.prev_sha256 = r->pv->sha256;
    /* `run` gives the batch's results; `report` reads validation.xml */
    if (!r->checks && th_is_file(r->val)) {
        th_checks_load(&r->loaded, r->val);
        r->checks = &r->loaded;
    }
    r->ready = true;
}

static void pdf_job(void *arg)
{
    struct th_report_out *r = arg;
    if (!r->ready)
        return;
    r->pe = th_pdf_report_write(&r->in, r->pdf);
    r->perr = errno;
}

static void wb_job(void *arg)
{
    struct th_report_out *r = arg;
    if (!r->ready)
        return;
    r->we = th_workbook_write(&r->in, r->checks, r->xlsx);
    r->werr = errno;
}

struct th_report_out *th_report_start(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p,
                                      const struct th_cons *c, const struct th_previous *pv,
                                      const struct th_checks *checks, struct th_jobs *js)
{
    struct th_report_out *r = th_calloc(1, sizeof *r);
    r->cli = cli;
    r->pv = pv;
    r->checks = checks;
    r->in = (struct th_report_in){.ws = ws, .per = p, .c = c};
    r->jprep = r->jpdf = r->jwb = -1;
    r->dir = th_cli_period_outdir(cli, ws, p);
    if (!r->dir) {
        r->rc = TH_EXIT_SYSTEM;
        return r;
    }
    r->pdf = th_path_join(r->dir, TH_REPORT_FILE);
    r->xlsx = th_path_join(r->dir, TH_WORKBOOK_FILE);
    r->val = th_path_join(r->dir, "validation.xml");
    r->jprep = th_jobs_add(js, prep_job, r, pv->job);
    r->jwb = th_jobs_add(js, wb_job, r, r->jprep); /* the longer: started first */
    th_jobs_first(js, r->jwb); /* in `run`, before validation.xml and consolidated.xml */
    r->jpdf = th_jobs_add(js, pdf_job, r, r->jprep);
    return r;
}

int th_report_finish(struct th_report_out *r, struct th_jobs *js, bool print)
{
    int rc = r->rc;
    if (print && r->jprep >= 0) {
        th_jobs_take(js, r->jprep);
        if (r->ready) {
            /* files and messages in the order of a run on one thread */
            if (th_jobs_take(js, r->jpdf) != TH_OK && r->pe == TH_OK)
                r->pe = TH_ERR_IO, r->perr = errno;
            if (th_jobs_take(js, r->jwb) != TH_OK && r->we == TH_OK)
                r->we = TH_ERR_IO, r->werr = errno;
            errno = r->perr;
            rc = write_one("report", r->pe, r->pdf);
            errno = r->werr;
            int rc2 = write_one("workbook", r->we, r->xlsx);
            if (rc2 > rc)
                rc = rc2;
        }
    }
    th_checks_release(&r->loaded);
    th_edits_free(r->in.edits);
    free(r->pdf);
    free(r->xlsx);
    free(r->val);
    free(r->dir);
    free(r);
    return rc;
}

int th_report_period(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p,
                     const struct th_cons *c, const struct th_previous *pv, const struct th_checks *checks)
{
    struct th_jobs js = {0};
    struct th_report_out *r = th_report_start(cli, ws, p, c, pv, checks, &js);
    th_jobs_run(&js);
    int rc = th_report_finish(r, &js, true);
    th_jobs_release(&js);
    return rc;
}

enum { OPT_ALLOW_EMPTY = 1 };

static bool on_opt(int opt, const char *arg, void *ctx)
{
    (void)arg;
    if (opt == OPT_ALLOW_EMPTY) {
        ((struct th_cli *)ctx)->allow_empty = true;
        return true;
    }
    return false;
}

int cmd_report(int argc, char **argv, struct th_cli *cli)
{
    struct th_workspace *ws;
    struct th_period p;
    int rc;
    static const struct option extra[] = {{"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY}, {0}};
    if (!th_cli_start(cli, argc, argv, usage, extra, on_opt, cli, &ws, &p, &rc))
        return rc;
    rc = TH_EXIT_USAGE;
    char *dir = th_cli_period_dir(cli, ws, &p), *path = th_path_join(dir, "consolidated.xml");
    free(dir);
    if (!th_is_file(path)) {
        th_error("no consolidation at '%s': run 'tonghop consolidate --year %d --period %s' first", path,
                 p.year, p.id);
    } else {
        struct th_cons *c = th_cons_load(path);
        struct th_previous pv = {.cli = cli, .ws = ws, .p = &p, .job = -1};
        if (c && (rc = pv.rc = th_cli_previous(cli, ws, &p, &pv.prev, pv.sha256)) == TH_EXIT_OK)
            rc = th_report_period(cli, ws, &p, c, &pv, NULL);
        th_cons_free(pv.prev);
        th_cons_free(c);
    }
    free(path);
    th_workspace_free(ws);
    return rc;
}
