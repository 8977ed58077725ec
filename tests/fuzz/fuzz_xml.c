/* fuzz_xml.c - libFuzzer target: bytes as a submission XML file, then the
 * workspace checks, diagnostics and the XML written back. */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct th_submission *s = th_submission_new("fuzz.xml");
    th_submission_from_xml(s, (const char *)data, size, fuzz_ws->plan);
    fuzz_check(s);
    th_submission_free(s);
    return 0;
}
