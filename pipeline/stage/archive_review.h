/* archive_review.h - a multi-year review (review.pdf, review.xlsx) in the
 * archive, with every consolidation it was made from, and its
 * reproduction. Catalogued under the period "review-<from>-<to>" of year
 * <to>, kinds "review-pdf" and "review-xlsx"; inputs plan.xml,
 * registry.xml, rules.xml and one "consolidated" input per year read
 * ("<year>-annual/consolidated.xml"). */
#ifndef TH_ARCHIVE_REVIEW_H
#define TH_ARCHIVE_REVIEW_H

#include <stdio.h>

#include "archive.h"
#include "review.h"

/* Whether a document kind is a review's. */
bool th_archive_is_review(const char *kind);

/* Archive the review's outputs in dir (review.pdf, review.xlsx) with r's
 * inputs into archive_dir. Returns an exit code (0; 2 nothing to archive;
 * 3 system; 4 another add holds the lock). */
int th_archive_add_review(const struct th_review *r, const char *dir, const char *archive_dir);

/* Regenerate review documents (equal provenance) from their archived inputs
 * with `tonghop -q -w WS -o OUT review --from F --to T --no-archive` (this
 * binary or $TONGHOP_REPRODUCE_CMD) and compare the bytes, as
 * th_archive_reproduce does for a period's report. */
int th_archive_reproduce_review(struct th_archive *a, const struct th_archive_doc *docs, size_t ndocs, FILE *out);

#endif
