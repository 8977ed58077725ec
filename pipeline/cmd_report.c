/* cmd_report.c - tonghop report (being built; see the issue tracker). */
#include "cli.h"

int cmd_report(int argc, char **argv, struct th_cli *cli)
{
    (void)argc;
    (void)argv;
    (void)cli;
    th_error("stage 'report' is not available yet");
    return TH_EXIT_USAGE;
}
