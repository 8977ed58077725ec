/* cmd_review.c - tonghop review: the multi-year review (sơ kết / tổng kết)
 * of a phase of the plan, from each year's annual consolidated.xml. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

#include "archive_review.h"
#include "cli.h"
#include "cons_load.h"
#include "entries.h"
#include "escape.h"
#include "previous.h"
#include "report_edits.h"
#include "review_out.h"
#include "text.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] review [--from YYYY] [--to YYYY] [--no-archive]\n"
    "\n"
    "The review (sơ kết / tổng kết) of a phase of the plan: every year's annual\n"
    "consolidation side by side, read from OUTDIR/<plan>/<year>-annual/consolidated.xml,\n"
    "else from the archive (OUTDIR/archive). A year without one is said plainly,\n"
    "never counted as zero. Writes OUTDIR/<plan>/review-<from>-<to>/:\n"
    "  review.pdf   the report (Nghị định 30/2020 layout), trend against the phase's targets\n"
    "  review.xlsx  one sheet per level, a column per year, live formulas, a line chart\n"
    "--to defaults to the latest year with a consolidation; --from to the first\n"
    "year of the phase (the years of the plan's targets) that --to falls in.\n"
    "A phase ending at the plan's last year is a tổng kết, any other a sơ kết.\n"
    "The department's own wording, WORKSPACE/narrative/review-<from>-<to>.xml\n"
    "(schemas/narrative.xsd, year=\"<to>\" period=\"review-<from>-<to>\"), goes before,\n"
    "after or instead of a section (ket-qua, ton-tai, bai-hoc, phuong-huong) or a\n"
    "part (day-du, chi-tieu, thay-doi, han-che, nguyen-nhan) of review.pdf.\n"
    "Both are then archived (OUTDIR/archive) with every consolidation read, unless\n"
    "--no-archive; 'tonghop archive reproduce' makes them again byte for byte.\n"
    "Exit: 0 written, 2 usage/configuration (no year of the phase consolidated,\n"
    "a damaged consolidation), 3 system (an unreadable archive too), 4 another archive add is running.\n";

enum { OPT_FROM = 1, OPT_TO, OPT_NO_ARCHIVE };

struct review_opts {
    int from, to;
    bool no_archive;
};

static bool on_opt(int opt, const char *arg, void *ctx)
{
    struct review_opts *o = ctx;
    if (opt == OPT_NO_ARCHIVE) {
        o->no_archive = true;
        return true;
    }
    char *end;
    long y = strtol(arg, &end, 10);
    if (*end || y < 2000 || y > 2100) {
        th_error("--%s takes a year such as 2025, not '%s'", opt == OPT_FROM ? "from" : "to", arg);
        return false;
    }
    if (opt == OPT_FROM)
        o->from = (int)y;
    else
        o->to = (int)y;
    return true;
}

static int write_one(const char *what, th_err e, const char *path)
{
    if (e == TH_OK) {
        th_info("wrote %s", path);
        return TH_EXIT_OK;
    }
    if (e == TH_ERR_IO) { /* as the report's: "không đủ chỗ trên đĩa (No space left on device)" */
        int err = errno;
        th_error("không ghi được %s '%s': %s (%s)",
                 strcmp(what, "review") == 0 ? "báo cáo sơ kết, tổng kết" : "biểu số liệu sơ kết, tổng kết", path,
                 th_errno_vi(err), strerror(err));
        return TH_EXIT_SYSTEM;
    }
    th_error("cannot write the %s '%s': %s", what, path,
             e == TH_ERR_CONFIG ? "configuration is incomplete" : th_strerror(e));
    return e == TH_ERR_CONFIG ? TH_EXIT_USAGE : TH_EXIT_SYSTEM;
}

/* Load every year of r (a damaged or foreign file: exit 2, named; an
 * archive that cannot say whether it holds a year: exit 3, named). */
static int load_years(struct th_review *r, const struct th_cli *cli, const char *archive)
{
    for (int y = r->from; y <= r->to; y++) {
        bool damaged = false;
        char *path = th_year_cons_path(r->ws, y, "annual", cli->outdir, archive, &damaged);
        if (damaged) {
            th_error("không lập báo cáo: số liệu tổng hợp năm %d nằm trong kho lưu trữ '%s' nhưng không đọc được "
                     "(tệp nêu ở trên); khôi phục kho lưu trữ rồi chạy lại",
                     y, archive);
            free(path);
            return TH_EXIT_SYSTEM;
        }
        if (!path) {
            th_warn("năm %d: chưa có số liệu tổng hợp cả năm (consolidated.xml) — báo cáo ghi rõ là chưa có số "
                    "liệu, không tính bằng 0",
                    y);
            continue;
        }
        struct th_cons *c = th_cons_load(path);
        if (!c) {
            th_error("không đọc được số liệu tổng hợp năm %d ('%s'); sửa hoặc xoá tệp này rồi chạy lại", y, path);
            free(path);
            return TH_EXIT_USAGE;
        }
        if (c->year != y || strcmp(c->period, "annual") != 0 || !c->plan_id || strcmp(c->plan_id, r->ws->plan->id) != 0) {
            th_error("'%s' không phải số liệu tổng hợp cả năm %d của kế hoạch '%s'", path, y, r->ws->plan->id);
            th_cons_free(c);
            free(path);
            return TH_EXIT_USAGE;
        }
        th_review_set_year(r, y, c, path);
        if (th_sha256_file(path, r->sha256[y - r->from]) != TH_OK)
            r->sha256[y - r->from][0] = '\0';
    }
    return TH_EXIT_OK;
}

/* The latest year of the plan with an annual consolidation, 0 when none,
 * -1 when the archive cannot say (message printed). */
static int latest_year(const struct th_workspace *ws, const struct th_cli *cli, const char *archive)
{
    for (int y = ws->plan->year_to; y >= ws->plan->year_from; y--) {
        bool damaged = false;
        char *path = th_year_cons_path(ws, y, "annual", cli->outdir, archive, &damaged);
        bool found = path != NULL;
        free(path);
        if (damaged)
            return -1;
        if (found)
            return y;
    }
    return 0;
}

/* Terminal columns of s (UTF-8): "–" is one column of three bytes. */
static size_t cols(const char *s)
{
    int w = u8_width((const uint8_t *)s, strlen(s), "UTF-8");
    return w < 0 ? strlen(s) : (size_t)w;
}

/* s and spaces to width terminal columns, at least one space after it. */
static char *padded(const char *s, size_t width)
{
    size_t c = cols(s), n = c < width ? width - c : 1;
    return th_asprintf("%s%*s", s, (int)n, "");
}

static const struct th_cons_indicator *judged(const struct th_review *r, const struct th_review_ind *ri)
{
    return ri->judged_year ? ri->v[ri->judged_year - r->from] : NULL;
}

static void value_text(const struct th_cons_indicator *ci, char b[48])
{
    b[0] = '\0';
    if (ci && ci->status == TH_IND_OK)
        ci->ratio ? th_fmt_pct(ci->value, 1, b) : th_fmt_dec(ci->value, 0, b);
}

static void print_summary(const struct th_review *r)
{
    char *title = th_review_title(r);
    th_out(stdout, "%s %02d năm: %s — %d/%d năm có số liệu tổng hợp", th_review_kind(r), r->nyears, title,
           r->navail, r->nyears);
    free(title);
    /* columns in terminal columns, not bytes (as consolidate's table, t79):
     * a wider code or value widens its column for every row */
    size_t wcode = 5, wval = 9;
    char b[48];
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_review_ind *ri = &r->ind[i];
        if (!ri->t)
            continue;
        value_text(judged(r, ri), b);
        if (cols(ri->def->code) + 1 > wcode)
            wcode = cols(ri->def->code) + 1;
        if (cols(b) + 1 > wval)
            wval = cols(b) + 1;
    }
    for (size_t i = 0; i < r->nind; i++) {
        const struct th_review_ind *ri = &r->ind[i];
        if (!ri->t)
            continue;
        const struct th_cons_indicator *ci = judged(r, ri);
        char *v = ci ? th_verdict_text(&ri->a) : th_strdup("chưa có số liệu");
        value_text(ci, b);
        char *code = padded(ri->def->code, wcode), *val = padded(b, wval);
        th_out(stdout, "  %s%s%s", code, val, v);
        free(code);
        free(val);
        free(v);
    }
}

int cmd_review(int argc, char **argv, struct th_cli *cli)
{
    static const struct option extra[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"no-archive", no_argument, NULL, OPT_NO_ARCHIVE},
        {0},
    };
    struct review_opts o = {0};
    int r0 = th_cli_parse(cli, argc, argv, usage, extra, on_opt, &o);
    if (r0 < 0)
        return th_cli_exit(r0);
    struct th_workspace *ws = th_cli_workspace(cli);
    if (!ws)
        return TH_EXIT_USAGE;
    const struct th_plan *pl = ws->plan;
    char *archive = th_path_join(cli->outdir, "archive");
    int rc = TH_EXIT_USAGE;
    struct th_review r = {0};
    if (!o.to)
        o.to = cli->year ? cli->year : latest_year(ws, cli, archive);
    if (o.to < 0) {
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    if (!o.to) {
        th_error("chưa có số liệu tổng hợp cả năm nào của kế hoạch '%s' (%d-%d) trong '%s': chạy 'tonghop "
                 "consolidate --year YYYY' trước, hoặc cho --to",
                 pl->id, pl->year_from, pl->year_to, cli->outdir);
        goto out;
    }
    if (o.to < pl->year_from || o.to > pl->year_to) {
        th_error("--to %d is outside plan '%s' (%d-%d)", o.to, pl->id, pl->year_from, pl->year_to);
        goto out;
    }
    if (!o.from)
        o.from = th_review_phase(pl, o.to).from;
    if (o.from > o.to || o.from < pl->year_from || o.to - o.from >= TH_REVIEW_MAX_YEARS) {
        th_error("--from %d --to %d: the years must run forward within plan '%s' (%d-%d), at most %d of them",
                 o.from, o.to, pl->id, pl->year_from, pl->year_to, TH_REVIEW_MAX_YEARS);
        goto out;
    }
    th_review_init(&r, ws, o.from, o.to);
    if ((rc = load_years(&r, cli, archive)) != TH_EXIT_OK)
        goto out;
    th_review_finish(&r);
    if (!r.navail) {
        th_error("chưa có số liệu tổng hợp cả năm nào trong các năm %d-%d: chạy 'tonghop consolidate --year %d' "
                 "(và các năm khác của giai đoạn) trước",
                 o.from, o.to, o.from);
        rc = TH_EXIT_USAGE;
        goto out;
    }
    char *dir = th_asprintf("%s/%s/review-%d-%d", cli->outdir, pl->id, o.from, o.to);
    if (th_mkdirs(dir) != TH_OK) {
        th_error("cannot create output directory '%s': %s", dir, strerror(errno));
        free(dir);
        rc = TH_EXIT_SYSTEM;
        goto out;
    }
    th_temp_sweep(dir);
    th_xlsxwriter_sweep(dir); /* and libxlsxwriter's, a kill in its window */
    char *pdf = th_path_join(dir, TH_REVIEW_PDF_FILE), *xlsx = th_path_join(dir, TH_REVIEW_XLSX_FILE);
    struct th_edits *edits = NULL;
    if (th_edits_load_review(ws, o.from, o.to, &edits) != TH_OK) {
        rc = TH_EXIT_USAGE;
        free(pdf);
        free(xlsx);
        free(dir);
        goto out;
    }
    th_err pe = th_review_pdf_write(&r, edits, pdf);
    th_edits_free(edits);
    rc = pe == TH_ERR_CONFIG ? TH_EXIT_USAGE : write_one("review", pe, pdf);
    int rc2 = write_one("review workbook", th_review_xlsx_write(&r, xlsx), xlsx);
    if (rc2 > rc)
        rc = rc2;
    if (rc == TH_EXIT_OK && !th_quiet)
        print_summary(&r);
    if (rc == TH_EXIT_OK && !o.no_archive)
        rc = th_archive_add_review(&r, dir, archive);
    free(pdf);
    free(xlsx);
    free(dir);
out:
    th_review_release(&r);
    free(archive);
    th_workspace_free(ws);
    return rc;
}
