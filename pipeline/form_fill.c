/* form_fill.c - filled XLSX forms for the generator (issue 3 replaces this). */
#include "gen.h"

th_err th_form_write_filled(const struct th_submission *s, const struct th_unit *u,
                            const struct th_period *p, const char *path)
{
    (void)s;
    (void)u;
    (void)p;
    (void)path;
    return TH_ERR_CONFIG;
}
