/* cmd_report.c - tonghop report: the official PDF report and the XLSX
 * workbook of a period, from its consolidated.xml. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cons_load.h"
#include "pass.h"
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

/* The workbook, written beside the PDF: both only read the consolidation
 * (and the workbook the validation results, already in memory), each with its own libharu or
 * libxlsxwriter instance, so they run on two cores. */
struct wb_job {
    const struct th_report_in *in;
    const struct th_checks *checks;
    const char *xlsx;
    th_err e;
    int err; /* errno after the write */
};

static void *wb_thread(void *arg)
{
    struct wb_job *j = arg;
    j->e = th_workbook_write(j->in, j->checks, j->xlsx);
    j->err = errno;
    return NULL;
}

int th_report_period(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p,
                     const struct th_cons *c, const struct th_cons *prev, const char *prev_sha256,
                     const struct th_checks *checks)
{
    char *dir = th_cli_period_outdir(cli, ws, p);
    if (!dir)
        return TH_EXIT_SYSTEM;
    char *pdf = th_path_join(dir, TH_REPORT_FILE), *xlsx = th_path_join(dir, TH_WORKBOOK_FILE),
         *val = th_path_join(dir, "validation.xml");
    struct th_report_in in = {.ws = ws, .per = p, .c = c, .prev = prev, .prev_sha256 = prev_sha256};
    int rc = TH_EXIT_USAGE;
    if (c->accepted == 0 && !cli->allow_empty) {
        th_error("kỳ báo cáo %s %d (%s) chưa có báo cáo nào của đơn vị được chấp nhận: không lập báo cáo "
                 "tổng hợp (dùng --allow-empty nếu vẫn cần lập)", p->def ? p->def->label : "", p->year,
                 p->id);
    } else if (th_edits_load(ws, p, &in.edits) == TH_OK) {
        /* `run` gives the batch's results; `report` reads validation.xml */
        struct th_checks loaded = {0};
        if (!checks && th_is_file(val)) {
            th_checks_load(&loaded, val);
            checks = &loaded;
        }
        struct wb_job wb = {.in = &in, .checks = checks, .xlsx = xlsx};
        pthread_t tid;
        bool par = false;
        if (th_pass_jobs() > 1) {
            th_home(); /* what both would load lazily, loaded once before they start */
            par = pthread_create(&tid, NULL, wb_thread, &wb) == 0;
        }
        th_err pe = th_pdf_report_write(&in, pdf);
        int perr = errno;
        if (par)
            pthread_join(tid, NULL);
        else
            wb_thread(&wb);
        /* messages in the order of a run on one thread */
        errno = perr;
        rc = write_one("report", pe, pdf);
        errno = wb.err;
        int rc2 = write_one("workbook", wb.e, xlsx);
        if (rc2 > rc)
            rc = rc2;
        th_checks_release(&loaded);
    }
    th_edits_free(in.edits);
    free(pdf);
    free(xlsx);
    free(val);
    free(dir);
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
        struct th_cons *c = th_cons_load(path), *prev = NULL;
        char prev_sha[65];
        if (c && (rc = th_cli_previous(cli, ws, &p, &prev, prev_sha)) == TH_EXIT_OK)
            rc = th_report_period(cli, ws, &p, c, prev, prev_sha, NULL);
        th_cons_free(prev);
        th_cons_free(c);
    }
    free(path);
    th_workspace_free(ws);
    return rc;
}
