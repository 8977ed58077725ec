/* cmd_archive.c - tonghop archive: add a period's report to the archive,
 * list, get, verify and reproduce archived documents. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive_add.h"
#include "archive_reproduce.h"
#include "cli.h"
#include "escape.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] archive add --year YYYY [--period P] [--archive DIR]\n"
    "       tonghop [-o OUTDIR] archive list [FILTERS] [-v]\n"
    "       tonghop [-o OUTDIR] archive get [FILTERS] [--kind pdf|xlsx] [--path | --out FILE [--force]]\n"
    "       tonghop [-o OUTDIR] archive verify\n"
    "       tonghop [-o OUTDIR] archive reproduce [FILTERS]\n"
    "\n"
    "The archive (default OUTDIR/archive, or --archive DIR) keeps every report sent,\n"
    "read-only, named by its SHA-256, with the submissions, plan, registry and rules\n"
    "that produced it, in catalog.sqlite; index.html lists them for a browser.\n"
    "\n"
    "  add        archive OUTDIR/<plan>/<year>-<period>/: report.pdf, workbook.xlsx and\n"
    "             their inputs; the same period again with other bytes is a new version\n"
    "  list       the archived documents, newest first (-v: with title and inputs)\n"
    "  get        copy one document out under its name (e.g. BC-SYT-15-2026-nam.pdf) into\n"
    "             the current directory, or to --out FILE; never over an existing file\n"
    "             (--force replaces a regular file), a link, a directory, a FIFO or a\n"
    "             device; --path prints where it is instead\n"
    "  verify     check every archived file against its SHA-256; names what changed\n"
    "  reproduce  regenerate documents from their archived inputs and compare the bytes\n"
    "\n"
    "Filters: --year YYYY, --period ID (annual, h1, dx-2026-09 ...), --unit CODE\n"
    "  (issuing or submitting unit), --number N[/SYMBOL], --title WORDS (accents and\n"
    "  case ignored), --kind pdf|xlsx|xml, --version N (default for get and\n"
    "  reproduce: the latest), --sha256 PREFIX.\n"
    "Exit: 0 ok, 2 usage or nothing to archive, 3 system failure, 4 another add is\n"
    "running, 5 verify or reproduce found a changed, missing or different file.\n";

enum {
    OPT_ARCHIVE = 2000,
    OPT_UNIT,
    OPT_NUMBER,
    OPT_TITLE,
    OPT_KIND,
    OPT_VERSION,
    OPT_SHA,
    OPT_PATH,
    OPT_OUT,
    OPT_ALL,
    OPT_FORCE,
};

static const struct option options[] = {
    {"archive", required_argument, NULL, OPT_ARCHIVE},
    {"unit", required_argument, NULL, OPT_UNIT},
    {"number", required_argument, NULL, OPT_NUMBER},
    {"title", required_argument, NULL, OPT_TITLE},
    {"kind", required_argument, NULL, OPT_KIND},
    {"version", required_argument, NULL, OPT_VERSION},
    {"sha256", required_argument, NULL, OPT_SHA},
    {"path", no_argument, NULL, OPT_PATH},
    {"out", required_argument, NULL, OPT_OUT},
    {"all-versions", no_argument, NULL, OPT_ALL},
    {"force", no_argument, NULL, OPT_FORCE},
    {"verbose", no_argument, NULL, 'v'},
    {NULL, 0, NULL, 0},
};

struct opts {
    const char *archive, *out;
    struct th_archive_filter f;
    bool path, verbose, all_versions, force;
    char sha[65]; /* --sha256, lowercased */
};

static bool on_option(int opt, const char *arg, void *ctx)
{
    struct opts *o = ctx;
    switch (opt) {
    case OPT_ARCHIVE: o->archive = arg; return true;
    case OPT_UNIT: o->f.unit = arg; return true;
    case OPT_NUMBER: o->f.number = arg; return true;
    case OPT_TITLE: o->f.title = arg; return true;
    case OPT_KIND: o->f.kind = arg; return true;
    case OPT_SHA: {
        /* a prefix of the hex digest, any case: nothing else reaches the catalog */
        size_t n = strlen(arg);
        bool hex = n >= 1 && n <= 64 && strspn(arg, "0123456789abcdefABCDEF") == n;
        if (!hex) {
            th_error("--sha256 takes the start of a SHA-256 in hexadecimal (0-9, a-f, at most 64), not '%s'", arg);
            return false;
        }
        for (size_t i = 0; i < n && i < sizeof o->sha - 1; i++)
            o->sha[i] = (char)tolower((unsigned char)arg[i]);
        o->f.sha256 = o->sha;
        return true;
    }
    case OPT_PATH: o->path = true; return true;
    case OPT_OUT: o->out = arg; return true;
    case OPT_ALL: o->all_versions = true; return true;
    case OPT_FORCE: o->force = true; return true;
    case 'v': o->verbose = true; return true;
    case OPT_VERSION: {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*end || v < 1 || v > 1000000) {
            th_error("--version takes a version number such as 2, not '%s'", arg);
            return false;
        }
        o->f.version = (int)v;
        return true;
    }
    }
    return false;
}

/* -v is a short option: th_cli_parse only knows long ones, so map it. */
static void map_short(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-v") == 0)
            argv[i] = "--verbose";
    }
}

static char *archive_dir(const struct th_cli *cli, const struct opts *o)
{
    return o->archive ? th_strdup(o->archive) : th_path_join(cli->outdir, "archive");
}

static int do_add(struct th_cli *cli, struct opts *o)
{
    struct th_workspace *ws = th_cli_workspace(cli);
    if (!ws)
        return TH_EXIT_USAGE;
    int rc = TH_EXIT_USAGE;
    struct th_period p;
    if (th_cli_period(cli, ws, &p)) {
        char *dir = th_cli_period_dir(cli, ws, &p);
        char *adir = archive_dir(cli, o);
        if (th_cli_output_ok(cli->workspace, adir, "kho lưu trữ (--archive)"))
            rc = th_archive_add(ws, &p, dir, adir);
        free(dir);
        free(adir);
    }
    th_workspace_free(ws);
    return rc;
}

static void human_size(int64_t n, char out[32])
{
    if (n < 10 * 1024)
        snprintf(out, 32, "%lld B", (long long)n);
    else if (n < 10 * 1024 * 1024)
        snprintf(out, 32, "%lld KiB", (long long)(n / 1024));
    else
        snprintf(out, 32, "%lld MiB", (long long)(n / (1024 * 1024)));
}

/* One row of the list; pw: the width of the period column (its widest id). */
static void print_doc(struct th_archive *a, const struct th_archive_doc *d, bool verbose, int pw)
{
    char size[32];
    human_size(d->size, size);
    th_out(stdout, "%d  %-*s  %-12s  v%-2d  %-16s  %-10s  %9s  %.16s  %s", d->year, pw, d->period,
           d->doc_number ? d->doc_number : "-", d->version, d->kind, d->created, size, d->sha256, d->name);
    if (!verbose)
        return;
    th_out(stdout, "    title:    %s", d->title);
    th_out(stdout, "    issued:   %s (%s), plan %s, %s %d", d->issuing_body, d->issuing_unit, d->plan,
           d->period_label, d->year);
    th_out(stdout, "    archived: %s by %s", d->archived_at, d->tonghop_version);
    th_out(stdout, "    sha256:   %s (%lld bytes)", d->sha256, (long long)d->size);
    th_out(stdout, "    file:     %s/%s", th_archive_dir(a), d->object);
    struct th_archive_input *in;
    size_t n;
    if (th_archive_inputs(a, d->id, &in, &n) != TH_OK)
        return;
    th_out(stdout, "    inputs:   %zu (provenance %.16s)", n, d->provenance);
    for (size_t i = 0; i < n; i++) {
        char *note = in[i].unit || in[i].status
                         ? th_asprintf(" (%s%s%s)", in[i].unit ? in[i].unit : "",
                                       in[i].unit && in[i].status ? ", " : "", in[i].status ? in[i].status : "")
                         : th_strdup("");
        th_out(stdout, "      %-12s %.16s  %s%s", in[i].role, in[i].sha256, in[i].path, note);
        free(note);
    }
    th_archive_inputs_free(in, n);
}

static int do_list(struct th_archive *a, struct opts *o)
{
    struct th_archive_doc *d;
    size_t n;
    if (th_archive_find(a, &o->f, &d, &n) != TH_OK)
        return TH_EXIT_SYSTEM;
    if (!n) {
        th_info("no archived document matches");
    } else {
        int pw = 6; /* "annual"; an ad hoc id (dx-2026-09) or a review's widens the column for every row */
        for (size_t i = 0; i < n; i++)
            if ((int)strlen(d[i].period) > pw)
                pw = (int)strlen(d[i].period);
        th_out(stdout, "%-4s  %-*s  %-12s  %-3s  %-16s  %-10s  %9s  %-16s  %s", "YEAR", pw, "PERIOD", "NUMBER", "VER",
               "KIND", "ISSUED", "SIZE", "SHA-256", "NAME");
        for (size_t i = 0; i < n; i++)
            print_doc(a, &d[i], o->verbose, pw);
    }
    th_archive_docs_free(d, n);
    return TH_EXIT_OK;
}

/* Exactly one document for get: prints the candidates otherwise. */
static int find_one(struct th_archive *a, struct opts *o, struct th_archive_doc **d, size_t *n)
{
    if (!o->f.kind)
        o->f.kind = "pdf";
    if (!o->f.version)
        o->f.latest = true;
    if (th_archive_find(a, &o->f, d, n) != TH_OK)
        return TH_EXIT_SYSTEM;
    if (*n == 1)
        return TH_EXIT_OK;
    if (!*n) {
        th_error("no archived document matches (see 'tonghop archive list')");
    } else {
        th_error("%zu archived documents match; narrow with --year, --period, --number or --sha256:", *n);
        for (size_t i = 0; i < *n; i++)
            th_out(stderr, "  %s  %d %s  %s", (*d)[i].name, (*d)[i].year, (*d)[i].period, (*d)[i].plan);
    }
    return TH_EXIT_USAGE;
}

/* Whether get may write dst: a new name, or with --force a regular file,
 * replaced by rename (never written through). A link, a directory, a FIFO, a
 * device or a socket is refused, and an existing file without --force: the
 * reason is printed naming dst, and the result is an exit code. */
static int check_out(const char *dst, const char *name, bool force)
{
    struct stat st;
    if (lstat(dst, &st) < 0) {
        if (errno == ENOENT)
            return TH_EXIT_OK;
        th_error("không ghi được '%s': %s", dst, strerror(errno));
        return TH_EXIT_SYSTEM;
    }
    if (S_ISLNK(st.st_mode))
        th_error("không ghi ra '%s': đây là một liên kết tượng trưng; tonghop không ghi qua liên kết, "
                 "hãy chọn một tên tệp khác", dst);
    else if (S_ISDIR(st.st_mode))
        th_error("không ghi ra '%s': đây là một thư mục; hãy ghi cả tên tệp, ví dụ --out '%s/%s'", dst, dst, name);
    else if (!S_ISREG(st.st_mode))
        th_error("không ghi ra '%s': đây không phải tệp thông thường (FIFO, thiết bị hoặc socket)", dst);
    else if (!force)
        th_error("không ghi đè '%s': tệp đã có; thêm --force để thay thế", dst);
    else
        return TH_EXIT_OK;
    return TH_EXIT_USAGE;
}

static int do_get(struct th_archive *a, struct opts *o)
{
    struct th_archive_doc *d = NULL;
    size_t n = 0;
    char *dst = NULL, *src = NULL;
    int rc = find_one(a, o, &d, &n);
    if (rc != TH_EXIT_OK)
        goto done;
    src = th_path_join(th_archive_dir(a), d->object);
    th_err e = th_archive_check_object(a, d->object, d->sha256);
    if (e != TH_OK) {
        th_error("archived file '%s' (%s) is %s: see 'tonghop archive verify'", d->name, src,
                 e == TH_ERR_PARSE ? "changed" : "missing");
        rc = TH_EXIT_VERIFY;
        goto done;
    }
    if (o->path) {
        th_out(stdout, "%s", src);
        goto done;
    }
    dst = th_strdup(o->out ? o->out : d->name);
    if ((rc = check_out(dst, d->name, o->force)) != TH_EXIT_OK)
        goto done;
    e = th_archive_copy_out(a, d, dst, o->force);
    if (e == TH_ERR_IO && errno == EEXIST) { /* it appeared since the check */
        th_error("không ghi đè '%s': tệp đã có; thêm --force để thay thế", dst);
        rc = TH_EXIT_USAGE;
    } else if (e == TH_ERR_PARSE) {
        th_error("archived file '%s' changed while it was read", src);
        rc = TH_EXIT_VERIFY;
    } else if (e != TH_OK) {
        th_error("cannot write '%s': %s", dst, strerror(errno));
        rc = TH_EXIT_SYSTEM;
    } else {
        th_out(stdout, "%s", dst);
        th_info("%s version %d, sha256 %s", d->name, d->version, d->sha256);
    }
done:
    free(src);
    free(dst);
    th_archive_docs_free(d, n);
    return rc;
}

static int do_reproduce(struct th_archive *a, struct opts *o)
{
    if (!o->f.version && !o->all_versions)
        o->f.latest = true;
    struct th_archive_doc *d;
    size_t n;
    if (th_archive_find(a, &o->f, &d, &n) != TH_OK)
        return TH_EXIT_SYSTEM;
    int rc = TH_EXIT_OK;
    if (!n) {
        th_error("no archived document matches (see 'tonghop archive list')");
        rc = TH_EXIT_USAGE;
    }
    /* one regeneration per set of inputs */
    bool *done = th_calloc(n ? n : 1, sizeof *done);
    struct th_archive_doc *group = th_calloc(n ? n : 1, sizeof *group);
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        size_t k = 0;
        for (size_t j = i; j < n; j++) {
            if (!done[j] && strcmp(d[j].provenance, d[i].provenance) == 0 && d[j].year == d[i].year &&
                strcmp(d[j].period, d[i].period) == 0 && strcmp(d[j].plan, d[i].plan) == 0) {
                group[k++] = d[j];
                done[j] = true;
            }
        }
        int r = th_archive_reproduce(a, group, k, stdout);
        if (r > rc)
            rc = r;
    }
    free(group);
    free(done);
    th_archive_docs_free(d, n);
    return rc;
}

int cmd_archive(int argc, char **argv, struct th_cli *cli)
{
    struct opts o = {0};
    int first = 1;
    if (argc > 3 && strcmp(argv[1], "--archive") == 0) {
        o.archive = argv[2]; /* tonghop archive --archive DIR list */
        first = 3;
    }
    if (argc <= first || argv[first][0] == '-') {
        bool help = argc > first && (strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0);
        fputs(usage, help ? stdout : stderr);
        return help ? TH_EXIT_OK : TH_EXIT_USAGE;
    }
    const char *sub = argv[first];
    static const char *const subs[] = {"add", "list", "get", "verify", "reproduce"};
    bool known = false;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        known |= strcmp(sub, subs[i]) == 0;
    if (!known) {
        th_error("'%s' is not an archive command (add, list, get, verify, reproduce)", sub);
        return TH_EXIT_USAGE;
    }
    map_short(argc - first, argv + first);
    /* messages name the whole command: "see 'tonghop archive list --help'" */
    char *name = th_asprintf("archive %s", argv[first]);
    argv[first] = name;
    int r = th_cli_parse(cli, argc - first, argv + first, usage, options, on_option, &o);
    argv[first] = (char *)sub;
    free(name);
    if (r < 0)
        return th_cli_exit(r);
    if (cli->npaths) {
        th_error("unexpected argument '%s' (see 'tonghop archive --help')", cli->paths[0]);
        return TH_EXIT_USAGE;
    }
    if (cli->year)
        o.f.year = cli->year;
    if (cli->has_period)
        o.f.period = cli->period;
    if (strcmp(sub, "add") == 0)
        return do_add(cli, &o);

    char *dir = archive_dir(cli, &o);
    th_err why;
    struct th_archive *a = th_archive_open(dir, false, &why);
    free(dir);
    if (!a && why == TH_ERR_PARSE && strcmp(sub, "verify") == 0) {
        th_out(stdout, "damaged: catalog.sqlite cannot be read");
        return TH_EXIT_VERIFY;
    }
    if (!a)
        return why == TH_ERR_NOT_FOUND ? TH_EXIT_USAGE : TH_EXIT_SYSTEM;
    int rc;
    if (strcmp(sub, "list") == 0)
        rc = do_list(a, &o);
    else if (strcmp(sub, "get") == 0)
        rc = do_get(a, &o);
    else if (strcmp(sub, "verify") == 0)
        rc = th_archive_verify(a, stdout);
    else
        rc = do_reproduce(a, &o);
    th_archive_close(a);
    return rc;
}
