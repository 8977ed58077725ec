/* cmd_archive.c - tonghop archive (being built; see the issue tracker). */
#include "cli.h"

int cmd_archive(int argc, char **argv, struct th_cli *cli)
{
    (void)argc;
    (void)argv;
    (void)cli;
    th_error("stage 'archive' is not available yet");
    return TH_EXIT_USAGE;
}
