/* jobs.c - a few jobs on every core, their messages printed afterwards. */
#include "jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "pass.h"
#include "xlsx_zip.h"
#include "xmlsafe.h"

int th_jobs_add(struct th_jobs *js, void (*fn)(void *arg), void *arg, int after)
{
    if (js->n >= TH_JOBS_MAX || after >= js->n)
        abort(); /* a programming error: jobs are fixed, each after an earlier one */
    struct th_job *j = &js->v[js->n];
    *j = (struct th_job){.fn = fn, .arg = arg, .after = after};
    return js->n++;
}

void th_jobs_first(struct th_jobs *js, int i)
{
    for (; i >= 0 && i < js->n; i = js->v[i].after)
        js->v[i].first = true;
}

FILE *th_jobs_keep(char **log, size_t *len)
{
    return th_log_redirect(open_memstream(log, len));
}

void th_jobs_keep_end(FILE *before)
{
    FILE *f = th_log_redirect(before);
    if (f)
        fclose(f);
}

/* One job, its messages into j->log, its files into j->files. */
static void run_one(struct th_job *j)
{
    FILE *before = th_jobs_keep(&j->log, &j->loglen);
    th_temp_defer(&j->files);
    j->fn(j->arg);
    th_temp_defer(NULL);
    th_jobs_keep_end(before);
}

struct runner {
    struct th_jobs *js;
    pthread_mutex_t mu;
    pthread_cond_t done; /* a job finished: one that waited for it may start */
};

/* The first job not started whose `after` is done, a marked one
 * (th_jobs_first) before the others; -1 when none is ready, -2 when every
 * job has started. */
static int next_job(const struct th_jobs *js)
{
    bool waiting = false;
    int ready = -1;
    for (int i = 0; i < js->n; i++) {
        const struct th_job *j = &js->v[i];
        if (j->state != 0)
            continue;
        if (j->after < 0 || js->v[j->after].state == 2) {
            if (j->first)
                return i;
            if (ready < 0)
                ready = i;
        } else {
            waiting = true;
        }
    }
    return ready >= 0 ? ready : waiting ? -1 : -2;
}

static void *worker(void *arg)
{
    struct runner *r = arg;
    th_xml_init(); /* libxml2 keeps its error and parser defaults per thread */
    pthread_mutex_lock(&r->mu);
    for (;;) {
        int i = next_job(r->js);
        if (i == -2)
            break;
        if (i == -1) {
            pthread_cond_wait(&r->done, &r->mu);
            continue;
        }
        struct th_job *j = &r->js->v[i];
        j->state = 1;
        pthread_mutex_unlock(&r->mu);
        run_one(j);
        pthread_mutex_lock(&r->mu);
        j->state = 2;
        pthread_cond_broadcast(&r->done);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static void *thread_main(void *arg)
{
    worker(arg);
    th_xml_thread_release(); /* the contexts its jobs made */
    th_zip_thread_release();
    return NULL;
}

void th_jobs_run(struct th_jobs *js)
{
    size_t threads = th_pass_jobs();
    if (threads > (size_t)js->n)
        threads = (size_t)js->n;
    if (threads <= 1) { /* in the order added: each `after` is earlier */
        for (int i = 0; i < js->n; i++) {
            run_one(&js->v[i]);
            js->v[i].state = 2;
        }
        return;
    }
    /* what the jobs would load lazily, loaded once before they start */
    th_log_init();
    th_home();
    struct runner r = {.js = js};
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.done, NULL);
    pthread_t tid[TH_JOBS_MAX];
    size_t started = 0;
    while (started + 1 < threads && pthread_create(&tid[started], NULL, thread_main, &r) == 0)
        started++;
    worker(&r); /* the caller is one of them */
    for (size_t k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    pthread_cond_destroy(&r.done);
    pthread_mutex_destroy(&r.mu);
}

void th_jobs_say(const char *log, size_t len)
{
    if (log)
        fwrite(log, 1, len, stderr);
}

th_err th_jobs_take(struct th_jobs *js, int i)
{
    if (i < 0 || i >= js->n || js->v[i].taken)
        return TH_OK;
    struct th_job *j = &js->v[i];
    j->taken = true;
    th_err e = th_temp_list_commit(&j->files);
    int err = errno;
    th_jobs_say(j->log, j->loglen);
    free(j->log);
    j->log = NULL;
    errno = err;
    return e;
}

void th_jobs_release(struct th_jobs *js)
{
    for (int i = 0; i < js->n; i++) {
        th_temp_list_abort(&js->v[i].files);
        free(js->v[i].log);
        js->v[i].log = NULL;
    }
}
