/* cmd_run.c - tonghop run (being built; see the issue tracker). */
#include "cli.h"

int cmd_run(int argc, char **argv, struct th_cli *cli)
{
    (void)argc;
    (void)argv;
    (void)cli;
    th_error("stage 'run' is not available yet");
    return TH_EXIT_USAGE;
}
