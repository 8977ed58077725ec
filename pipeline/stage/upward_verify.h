/* upward_verify.h - the level above checks an upward submission against
 * the sending province's archive (`validate`, `consolidate`, `run`
 * --verify-archive DIR): the file is the one archived there, and the
 * report and consolidation its <source> names are that archive's. */
#ifndef TH_UPWARD_VERIFY_H
#define TH_UPWARD_VERIFY_H

#include <stdbool.h>

/* Check every submission of the following validation passes (pass.h)
 * against the archives in dir: dir/<unit code>/ when that is a directory
 * (one archive per province), else dir itself. Each submission without an
 * error gets, when it does not match: A01 (its SHA-256 is not an upward
 * document of the archive: changed since it was sent, or never archived),
 * A02 (its <source> names a report or consolidation the archive does not
 * hold), A03 (no archive for its unit). False (message printed) when dir
 * is not a directory. */
bool th_upward_verify_begin(const char *dir);
/* Stop checking and close the archives opened (safe without a begin). */
void th_upward_verify_end(void);

#endif
