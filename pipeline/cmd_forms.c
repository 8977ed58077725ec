/* cmd_forms.c - tonghop forms (being built; see the issue tracker). */
#include "cli.h"

int cmd_forms(int argc, char **argv, struct th_cli *cli)
{
    (void)argc;
    (void)argv;
    (void)cli;
    th_error("stage 'forms' is not available yet");
    return TH_EXIT_USAGE;
}
