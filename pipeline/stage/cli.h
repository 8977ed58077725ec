/* cli.h - the command line every stage shares:
 *   tonghop [-w WORKSPACE] [-o OUTDIR] [-q] STAGE [--year YYYY] [--period ID] [PATH...]
 * and the table of stage commands. To add a stage: write
 * pipeline/stage/cmd_<name>.c with
 * `int cmd_<name>(int argc, char **argv, struct th_cli *cli)` and a usage
 * string at its top, declare it here, add it to the table in tonghop.c, add
 * its tests under tests/ and a page docs/<stage>.md. What it needs beyond
 * the stage goes in the lowest layer that can hold it (docs/layout.md). */
#ifndef TH_CLI_H
#define TH_CLI_H

#include "plan.h"
#include "workspace.h"

struct th_cli {
    const char *workspace;      /* -w, default "." */
    const char *outdir;         /* -o, default "output" */
    int year;                   /* --year, 0 = not given */
    bool has_period;
    char period[TH_PERIOD_ID_MAX + 1]; /* --period */
    char **paths;               /* positional arguments after options */
    int npaths;
    bool allow_empty;           /* report/run --allow-empty: a period with no accepted submission */
    const char *verify_archive; /* validate/consolidate/run --verify-archive DIR (upward_verify.h) */
};

/* Parse a stage's options. extra: additional getopt_long options of the
 * stage (may be NULL), handled by on_extra (returns false on a bad value).
 * Prints usage and returns -1 for --help (exit 0), -2 for a usage error
 * (exit 2), 0 otherwise. */
struct option;
int th_cli_parse(struct th_cli *cli, int argc, char **argv, const char *usage,
                 const struct option *extra, bool (*on_extra)(int opt, const char *arg, void *ctx),
                 void *ctx);
/* Exit status for th_cli_parse's negative results. */
int th_cli_exit(int parse_result);

/* The common start of a period stage: parse options (as th_cli_parse), open
 * the workspace, resolve --year/--period. Returns true when the stage should
 * go on with *ws (caller frees) and *p; otherwise *rc holds the exit code
 * (0 after --help). */
bool th_cli_start(struct th_cli *cli, int argc, char **argv, const char *usage,
                  const struct option *extra, bool (*on_extra)(int opt, const char *arg, void *ctx),
                  void *ctx, struct th_workspace **ws, struct th_period *p, int *rc);

/* Open the workspace named by -w; prints the reason and returns NULL when it
 * is not one, or when -o is refused (th_cli_outdir_ok). */
struct th_workspace *th_cli_workspace(const struct th_cli *cli);
/* Whether dir, where outputs go (what: how the message names it), is outside
 * the submissions/ of the workspace directory (links resolved, the part not
 * yet created included): outputs inside it would be read as submissions by
 * the next run. Prints why not (exit 2 for the caller). */
bool th_cli_output_ok(const char *workspace, const char *dir, const char *what);
/* th_cli_output_ok for -o (plan_id NULL: before the workspace is read, which
 * may write), else for OUTDIR/<plan id> and OUTDIR/archive. */
bool th_cli_outdir_ok(const struct th_cli *cli, const char *plan_id);
/* Resolve --year/--period against the plan (default period: annual; a year
 * is required). Prints an error and returns false when invalid. */
bool th_cli_period(const struct th_cli *cli, const struct th_workspace *ws, struct th_period *out);
/* OUTDIR/<plan id>/<year>-<period> (not created); caller frees. */
char *th_cli_period_dir(const struct th_cli *cli, const struct th_workspace *ws, const struct th_period *p);
/* The same, created; caller frees. NULL + message on failure. */
char *th_cli_period_outdir(const struct th_cli *cli, const struct th_workspace *ws,
                           const struct th_period *p);

/* The --verify-archive DIR option of validate, consolidate and run, for a
 * stage's extra options (its value goes to cli->verify_archive). */
#define TH_CLI_OPT_VERIFY 900
#define TH_CLI_VERIFY_OPTION {"verify-archive", required_argument, NULL, TH_CLI_OPT_VERIFY}
/* The option handler of a stage whose only extra option is --verify-archive
 * (ctx: the struct th_cli). */
bool th_cli_on_verify(int opt, const char *arg, void *ctx);

/* Validate one period of the workspace (or cli->paths) and write
 * validation.xml; prints the summary when print (upward files checked
 * against cli->verify_archive when set). Returns an exit code. */
int th_validate_period(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p, bool print);

/* A period's outputs are written as jobs beside one another (jobs.h):
 * each stage adds its jobs (th_..._start), th_jobs_run runs them all, then
 * each stage prints its jobs' messages and gives its exit code
 * (th_..._finish), in the order the steps would take one after another. */
struct th_cons;
struct th_archive_refs;
struct th_checks;
struct th_jobs;

/* Consolidate one period (the pass, then the batch summary printed) and
 * add the jobs writing validation.xml and consolidated.xml. NULL, with *rc
 * the exit code, when there is nothing to write; else *c is the
 * consolidation, for the other jobs to read (do not free: the result's
 * until th_consolidate_finish). refs, if given, receive the submissions
 * both files name, for th_archive_add_refs (release with
 * th_archive_refs_release; zeroed when not filled), and checks, if given,
 * the validation results for the workbook (wb_checks.h; release with
 * th_checks_release). */
struct th_cons_out;
struct th_cons_out *th_consolidate_start(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p,
                                         struct th_archive_refs *refs, struct th_checks *checks,
                                         struct th_jobs *js, struct th_cons **c, int *rc);
/* The job that fills refs (-1: none): a job reading them comes after it. */
int th_consolidate_refs_job(const struct th_cons_out *o);
/* After th_jobs_run: the messages of o's jobs, its exit code; on success
 * (0 or 1) *out, if given, receives the consolidation (caller frees with
 * th_cons_free), else it is freed. Frees o (NULL: exit 3). */
int th_consolidate_finish(struct th_cons_out *o, struct th_jobs *js, struct th_cons **out);

/* Last year's same period of p (previous.h) from the output directory or
 * OUTDIR/archive: TH_EXIT_OK with *prev NULL or set (free with
 * th_cons_free) and sha256 its file's hash, or the exit code of the
 * problem, named on stderr. */
int th_cli_previous(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p, struct th_cons **prev,
                    char sha256[65]);
/* th_cli_previous's result for cli, ws, p (set by the caller), loaded
 * by the job th_previous_job adds (its messages th_jobs_take(js, job)),
 * or before (job -1). */
struct th_previous {
    struct th_cli *cli;
    struct th_workspace *ws;
    const struct th_period *p;
    struct th_cons *prev; /* NULL when there is none; the caller frees with th_cons_free */
    char sha256[65];
    int rc;
    int job;
};
void th_previous_job(struct th_previous *pv, struct th_jobs *js);

/* Both outputs of a consolidation into the period's output directory
 * (report.pdf, workbook.xlsx), beside last year's same period (pv: once
 * its job is done, read only if pv->rc is TH_EXIT_OK), as jobs after pv's.
 * A period without a single accepted submission is refused (exit 2) unless
 * cli->allow_empty. checks: the validation results for the workbook's
 * "Kiểm tra" (`run`: from its batch), or NULL to read the period's
 * validation.xml. c, pv and checks are read until th_jobs_run returns. */
struct th_report_out;
struct th_report_out *th_report_start(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p,
                                      const struct th_cons *c, const struct th_previous *pv,
                                      const struct th_checks *checks, struct th_jobs *js);
/* After th_jobs_run: when print, the messages of r's jobs and its exit
 * code (call it only when pv->rc was TH_EXIT_OK); else nothing printed
 * (the steps would not have been taken). Frees r. */
int th_report_finish(struct th_report_out *r, struct th_jobs *js, bool print);
/* th_report_start, th_jobs_run and th_report_finish in one (`report`,
 * pv loaded before). Returns an exit code. */
int th_report_period(struct th_cli *cli, struct th_workspace *ws, const struct th_period *p,
                     const struct th_cons *c, const struct th_previous *pv, const struct th_checks *checks);

int cmd_validate(int argc, char **argv, struct th_cli *cli);
int cmd_forms(int argc, char **argv, struct th_cli *cli);
int cmd_nightly(int argc, char **argv, struct th_cli *cli);
int cmd_consolidate(int argc, char **argv, struct th_cli *cli);
int cmd_report(int argc, char **argv, struct th_cli *cli);
int cmd_archive(int argc, char **argv, struct th_cli *cli);
int cmd_run(int argc, char **argv, struct th_cli *cli);
int cmd_gen(int argc, char **argv, struct th_cli *cli);
int cmd_review(int argc, char **argv, struct th_cli *cli);
int cmd_upward(int argc, char **argv, struct th_cli *cli);

#endif
