/* pdfreport.c - the official report as PDF (issue 6 replaces this). */
#include "report.h"

th_err th_pdf_report_write(const struct th_workspace *ws, const struct th_period *p,
                           const struct th_cons *c, const char *path)
{
    (void)ws;
    (void)p;
    (void)c;
    (void)path;
    return TH_ERR_CONFIG;
}
