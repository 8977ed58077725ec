/* cmd_nightly.c - tonghop nightly (being built; see the issue tracker). */
#include "cli.h"

int cmd_nightly(int argc, char **argv, struct th_cli *cli)
{
    (void)argc;
    (void)argv;
    (void)cli;
    th_error("stage 'nightly' is not available yet");
    return TH_EXIT_USAGE;
}
