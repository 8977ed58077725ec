/* tonghop.c - the program: global options, then one stage command. */
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <libxml/xmlversion.h>
#include <sqlite3.h>
#include <xlsxwriter.h>

#include "cli.h"
#include "xlsx_zip.h"
#include "xmlsafe.h"

static const char usage[] =
    "usage: tonghop [-w WORKSPACE] [-o OUTDIR] [-q] STAGE [--year YYYY] [--period ID] [PATH...]\n"
    "\n"
    "Stages:\n"
    "  forms        write a pre-filled XLSX form for each expected unit\n"
    "  validate     check submissions (XML or XLSX) against schema and rules\n"
    "  nightly      revalidate what changed; completeness, lateness, feedback\n"
    "  consolidate  roll accepted submissions up the hierarchy; indicators\n"
    "  report       the official report (PDF) and the workbook (XLSX)\n"
    "  review       the multi-year review (sơ kết / tổng kết) of a phase of the plan\n"
    "  archive      add, list, get, verify and reproduce archived reports\n"
    "  run          validate, consolidate, report and archive in one go\n"
    "  upward       the province's submission to the level above, from its consolidation\n"
    "  gen          generate a registry and submissions for tests and benchmarks\n"
    "  help         this text; 'tonghop STAGE --help' for a stage\n"
    "\n"
    "Options:\n"
    "  -w WORKSPACE  directory with registry.xml, plan.xml, rules.xml, submissions/ (default: .)\n"
    "  -o OUTDIR     where outputs go (default: output)\n"
    "  -q            quiet: errors only on stderr\n"
    "  --period ID   a period of plan.xml: annual (default), h1, dx-2026-09…\n"
    "  --version     the program's version and its libraries' (also -V)\n"
    "\n"
    "Exit codes: 0 all accepted; 1 some submissions rejected; 2 usage or configuration\n"
    "error; 3 system failure; 4 another run holds the lock; 5 archive check failed.\n";

static const struct {
    const char *name;
    int (*fn)(int, char **, struct th_cli *);
} commands[] = {
    {"forms", cmd_forms},
    {"validate", cmd_validate},
    {"nightly", cmd_nightly},
    {"consolidate", cmd_consolidate},
    {"report", cmd_report},
    {"review", cmd_review},
    {"archive", cmd_archive},
    {"run", cmd_run},
    {"upward", cmd_upward},
    {"gen", cmd_gen},
};

/* The program's version, then the libraries it runs with (as loaded, where
 * the library can say so: a Debian update changes them under the binary). */
static void print_version(void)
{
    printf("tonghop %s\n", TH_VERSION);
    printf("libxml2 %s\n", LIBXML_DOTTED_VERSION);
    printf("libxlsxwriter %s\n", lxw_version());
    printf("libharu %s\n", HPDF_GetVersion());
    printf("SQLite %s\n", sqlite3_libversion());
}

int main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    /* Over a file-size limit (ulimit -f) a write must fail with EFBIG, so the
     * temp file is removed and we exit 3, rather than die half-way. */
    signal(SIGXFSZ, SIG_IGN);
    /* malloc is jemalloc's (the Makefile links it; docs/benchmarks.md,
     * "Allocator"): the glibc settings this replaced (fixed mmap and trim
     * thresholds) measured slower, with or without them. */
    th_log_init();
    struct th_cli cli = {.workspace = ".", .outdir = "output"};
    int c;
    opterr = 0;
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    while ((c = getopt_long(argc, argv, "+w:o:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': cli.workspace = optarg; break;
        case 'o': cli.outdir = optarg; break;
        case 'q': th_quiet = 1; break;
        case 'h': fputs(usage, stdout); return TH_EXIT_OK;
        case 'V': print_version(); return TH_EXIT_OK;
        default:
            if (optopt)
                th_error("unknown option '-%c' (see 'tonghop help')", optopt);
            else
                th_error("unknown option '%s' (see 'tonghop help')", argv[optind - 1]);
            return TH_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fputs(usage, stderr);
        return TH_EXIT_USAGE;
    }
    const char *stage = argv[optind];
    if (strcmp(stage, "help") == 0 || strcmp(stage, "--help") == 0) {
        fputs(usage, stdout);
        return TH_EXIT_OK;
    }
    if (strcmp(stage, "--version") == 0 || strcmp(stage, "version") == 0) {
        print_version();
        return TH_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, stage) == 0) {
            th_xml_init();
            int rc = commands[i].fn(argc - optind, argv + optind, &cli);
            th_zip_thread_release();
            th_xml_cleanup();
            return rc;
        }
    }
    th_error("'%s' is not a stage (see 'tonghop help')", stage);
    return TH_EXIT_USAGE;
}
