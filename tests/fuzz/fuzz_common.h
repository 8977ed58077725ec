/* fuzz_common.h - shared setup of the libFuzzer targets: libxml2 set up as
 * in main, and the Cần Thơ sample workspace, so fuzzed submissions go
 * through the same checks as real ones (schema, workspace, rules), the
 * readers given the plan as the pass gives it. */
#ifndef TH_FUZZ_COMMON_H
#define TH_FUZZ_COMMON_H

#include <stdlib.h>

#include "submission.h"
#include "submission_read.h"
#include "submission_write.h"
#include "workspace.h"
#include "xmlsafe.h"

static struct th_workspace *fuzz_ws;
static struct th_period fuzz_period;
static bool fuzz_has_period;

static void fuzz_release(void)
{
    th_workspace_free(fuzz_ws);
    th_xml_cleanup();
}

/* TONGHOP_HOME (set by tests/fuzz/run.sh) names the repository: schemas/,
 * templates/ and input/cantho/ are found there. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    th_quiet = 1;
    th_xml_init();
    char *dir = th_home_path("input", "cantho");
    fuzz_ws = th_workspace_open(dir);
    free(dir);
    if (!fuzz_ws)
        abort(); /* TONGHOP_HOME is wrong: no point fuzzing without the rules */
    fuzz_has_period = th_plan_period(fuzz_ws->plan, 2026, "annual", &fuzz_period);
    atexit(fuzz_release);
    return 0;
}

/* Everything a submission goes through after reading, against the period
 * it declares when the plan has it (the ad hoc dx-2026-09 asks part of the
 * fields: U08, rules not applied), else the 2026 annual one. */
static __attribute__((unused)) void fuzz_check(struct th_submission *s)
{
    struct th_period own;
    bool has_own = s->header_ok && th_plan_period(fuzz_ws->plan, s->year, s->period, &own);
    th_validate(fuzz_ws, s, has_own ? &own : fuzz_has_period ? &fuzz_period : NULL, 0, NULL);
    for (size_t i = 0; i < s->ndiags; i++)
        free(th_diag_format(s, &s->diags[i]));
    free(th_submission_to_xml(s));
}

#endif
