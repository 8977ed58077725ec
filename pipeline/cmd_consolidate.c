/* cmd_consolidate.c - tonghop consolidate (being built; see the issue tracker). */
#include "cli.h"

int cmd_consolidate(int argc, char **argv, struct th_cli *cli)
{
    (void)argc;
    (void)argv;
    (void)cli;
    th_error("stage 'consolidate' is not available yet");
    return TH_EXIT_USAGE;
}
