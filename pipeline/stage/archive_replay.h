/* archive_replay.h - what `archive reproduce` needs to make a document again,
 * whichever stage made it (run for reports, review for reviews): lay an
 * archived input back where the stage reads it, run this very program, and
 * remove the scratch workspace. */
#ifndef TH_ARCHIVE_REPLAY_H
#define TH_ARCHIVE_REPLAY_H

#include <stddef.h>
#include <stdio.h>

#include "archive.h"

/* Copies input x's object to dst (its folder made), checking its SHA-256.
 * Returns TH_EXIT_OK; TH_EXIT_VERIFY when the object is missing or changed
 * (said on out); TH_EXIT_SYSTEM when it cannot be copied (said on stderr). */
int th_replay_lay_back(struct th_archive *a, const struct th_archive_input *x, const char *dst, FILE *out);

/* Compares the regenerated file result with document d's catalogued bytes
 * and its archived copy, one line on out ("identical: …" or "DIFFERENT: …";
 * what names the output the regeneration should have written). Returns
 * TH_EXIT_OK or TH_EXIT_VERIFY. */
int th_replay_compare(struct th_archive *a, const struct th_archive_doc *d, const char *result, const char *what,
                      FILE *out);

/* The program to run: $TONGHOP_REPRODUCE_CMD, else this executable's path
 * (/proc/self/exe resolved, which valgrind maps to the program). */
const char *th_replay_program(char *buf, size_t size);

/* Runs argv[0] with argv, its stdout to /dev/null; its exit status, or -1
 * (said) when it cannot be run or was killed. */
int th_replay_spawn(char *const argv[]);

/* Removes dir and everything below it, following no link. */
void th_replay_rm_tree(const char *dir);

#endif
