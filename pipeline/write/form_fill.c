/* form_fill.c - filled XLSX forms for the generator: the form a unit would
 * send back, written by the same code as `tonghop forms`. */
#include "forms.h"

th_err th_form_write_filled(const struct th_submission *s, const struct th_unit *u,
                            const struct th_period *p, const char *path)
{
    const struct th_formmap *m = th_formmap_get();
    if (!m)
        return TH_ERR_CONFIG;
    return th_forms_write(m, u, p, s, path);
}
