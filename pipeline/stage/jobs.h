/* jobs.h - a few jobs (the outputs of a period) on up to th_pass_jobs()
 * threads, each job's messages kept and printed when the caller says, so
 * that the terminal and the logs read as from one thread, in one order. */
#ifndef TH_JOBS_H
#define TH_JOBS_H

#include <stddef.h>
#include <stdio.h>

#include "common.h"

#define TH_JOBS_MAX 12

struct th_job {
    void (*fn)(void *arg);
    void *arg;
    int after;      /* the job that must be done before this one starts, -1: none */
    bool first;     /* on threads, started before any ready job without it (th_jobs_first) */
    int state;      /* 0 waiting, 1 running, 2 done */
    char *log;      /* its messages, as they would have gone to stderr */
    size_t loglen;
    struct th_temp_list files; /* the files it wrote, whole, not yet in place */
    bool taken;
};

struct th_jobs {
    struct th_job v[TH_JOBS_MAX];
    int n;
};

/* Add fn(arg) as a job, after job `after` (an index th_jobs_add returned,
 * or -1); returns its index. Nothing runs before th_jobs_run. A job does
 * what it does whatever another's result: one that needs an earlier job's
 * result reads it from that job's arg (its `after`). */
int th_jobs_add(struct th_jobs *js, void (*fn)(void *arg), void *arg, int after);
/* Job i (and so the chain it waits for, marked too) is started on threads
 * as soon as it is ready, before ready jobs that are not marked: the
 * longest chain first, so that the last thread to finish is not the one
 * that started it late. One thread runs the jobs in the order added. */
void th_jobs_first(struct th_jobs *js, int i);
/* Run every job, on up to th_pass_jobs() threads (the caller's among
 * them), each in its own thread's libxml2 state and errno; returns when
 * all are done. Their messages are kept, not printed, and the files they
 * commit (th_temp_commit) are kept whole beside their targets. */
void th_jobs_run(struct th_jobs *js);
/* Take job i's results, once (i < 0: nothing): its files renamed onto
 * their targets, then its messages printed to stderr. TH_ERR_IO with
 * errno when a file could not be put in place (the rest removed). */
th_err th_jobs_take(struct th_jobs *js, int i);
/* Keep the calling thread's messages in *log (*len bytes once kept) until
 * th_jobs_keep_end(the value returned); without memory they go to stderr
 * as ever. */
FILE *th_jobs_keep(char **log, size_t *len);
void th_jobs_keep_end(FILE *before);
/* Messages a thread kept (th_jobs_keep: escaped as they were written),
 * printed to stderr now; log NULL: none. */
void th_jobs_say(const char *log, size_t len);
/* Drop what was not taken: the messages, and the files, removed (the old
 * targets stay, as after a run that stopped before writing them). */
void th_jobs_release(struct th_jobs *js);

#endif
