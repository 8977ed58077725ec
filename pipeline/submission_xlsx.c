/* submission_xlsx.c - reading filled XLSX forms (issue 3 replaces this). */
#include "submission.h"

void th_submission_from_xlsx(struct th_submission *s, const char *data, size_t len)
{
    (void)data;
    (void)len;
    s->source = TH_SRC_XLSX;
    th_submission_diag(s, TH_SEV_ERROR, "F09", -1, "chưa hỗ trợ đọc tệp XLSX");
}
