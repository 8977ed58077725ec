/* fuzz_xlsx.c - libFuzzer target: bytes as a filled XLSX form (zip, sheet
 * XML, shared strings, cell mapping), then the workspace checks,
 * diagnostics with their cells and the XML written back. */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct th_submission *s = th_submission_new("fuzz.xlsx");
    th_submission_from_xlsx(s, (const char *)data, size, fuzz_ws->plan);
    fuzz_check(s);
    th_submission_free(s);
    return 0;
}
