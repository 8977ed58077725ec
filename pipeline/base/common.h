/* common.h - exit codes, errors, logging, bounded buffers and atomic files
 * shared by every module of tonghop. */
#ifndef TH_COMMON_H
#define TH_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <sys/types.h>
#include <stdarg.h>

#define TH_VERSION "0.1.0"

/* Process exit codes: documented in docs/usage.md, stable for schedulers. */
enum th_exit {
    TH_EXIT_OK = 0,       /* every submission accepted / stage succeeded */
    TH_EXIT_REJECTED = 1, /* run completed, some submissions rejected */
    TH_EXIT_USAGE = 2,    /* usage or configuration error */
    TH_EXIT_SYSTEM = 3,   /* system failure: I/O, memory, library */
    TH_EXIT_BUSY = 4,     /* another run holds the workspace lock */
    TH_EXIT_VERIFY = 5    /* archive verify/reproduce found a difference */
};

/* Library error codes: one value per failure kind, see th_strerror(). */
typedef enum th_err {
    TH_OK = 0,
    TH_ERR_NOMEM,       /* allocation failed */
    TH_ERR_IO,          /* read/write failed, errno says why */
    TH_ERR_TOO_BIG,     /* input exceeds a configured size limit */
    TH_ERR_PARSE,       /* input is not well-formed */
    TH_ERR_SCHEMA,      /* input does not match its XSD */
    TH_ERR_CONFIG,      /* workspace configuration is inconsistent */
    TH_ERR_NOT_FOUND,   /* a named thing does not exist */
    TH_ERR_ENCODING,    /* text is not valid UTF-8 or is a legacy encoding */
    TH_ERR_HOSTILE      /* input tries something forbidden (entities, bombs) */
} th_err;

const char *th_strerror(th_err err);
/* What a system error (an errno) means for whoever reads the message, in
 * Vietnamese: ENOSPC "không đủ chỗ trên đĩa", EACCES "không có quyền ghi…". */
const char *th_errno_vi(int err);

/* Hard limits on untrusted input, in one place. */
#define TH_MAX_XML_BYTES    (8u << 20)   /* one submission / config file */
#define TH_MAX_XML_DEPTH    64           /* element nesting */
#define TH_MAX_XLSX_BYTES   (32u << 20)  /* one XLSX file on disk */
#define TH_MAX_CONFIG_BYTES (256u << 20) /* registry, plan, rules, our own outputs */
#define TH_MAX_TEXT         4096         /* one text field, in bytes */

/* ---- memory ---- */
void *th_malloc(size_t n);              /* aborts with exit 3 on failure */
void *th_calloc(size_t n, size_t size);
void *th_realloc(void *p, size_t n);
char *th_strdup(const char *s);         /* NULL in, NULL out */
char *th_strndup(const char *s, size_t n);
char *th_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable array helper: ensure *cap >= need, growing *ptr of elem size. */
void th_grow(void **ptr, size_t *cap, size_t need, size_t elem);
#define TH_GROW(arr, cap, need) th_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/* An arena: many small strings or objects freed together, one block per
 * few hundred of them rather than a malloc each (a registry's names, a
 * record's rows, a consolidation's nodes). Zero-initialize;
 * th_arena_release frees everything taken from it. */
struct th_arena {
    struct th_arena_chunk *chunks;
};
char *th_arena_dup(struct th_arena *a, const char *s, size_t n); /* s[0..n) + NUL */
void *th_arena_alloc(struct th_arena *a, size_t n); /* zeroed, aligned for any object */
void th_arena_release(struct th_arena *a);

/* ---- bounded string buffer (after git's strbuf, curl's dynbuf) ----
 * A buffer refuses to grow past max (0 = 64 MiB) and reports TH_ERR_TOO_BIG. */
struct th_buf {
    char *data;   /* always NUL-terminated when len > 0 or after init */
    size_t len;
    size_t cap;
    size_t max;
};
void th_buf_init(struct th_buf *b, size_t max);
void th_buf_release(struct th_buf *b);
th_err th_buf_add(struct th_buf *b, const void *data, size_t n);
th_err th_buf_puts(struct th_buf *b, const char *s);
th_err th_buf_printf(struct th_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *th_buf_detach(struct th_buf *b);  /* caller owns the result */

/* ---- files ---- */
/* Read a whole file, refusing files over max bytes. Caller frees *out. */
th_err th_read_file(const char *path, size_t max, char **out, size_t *len);
/* The same for an open descriptor, which it closes (refused unless a regular file). */
th_err th_read_fd(int fd, size_t max, char **out, size_t *len);
/* Write data to path atomically: temp file in the same directory, fsync, rename. */
th_err th_write_atomic(const char *path, const void *data, size_t len);
/* The one way an output is written: a temp file beside the target, created
 * with O_CREAT|O_EXCL|O_NOFOLLOW under a random name "<target>.tmp.<pid>-<hex>"
 * (nothing planted there is ever followed or truncated), then fsync, rename
 * over the target and fsync of the directory. A library that writes files by
 * name (libxlsxwriter, libharu) is given th_temp_libpath(), which names the
 * file already opened (/proc/self/fd/N), never a path it could be led from. */
struct sha256_ctx;
struct th_temp {
    char *path; /* the target */
    char *name; /* the temp file beside it */
    char lib[40];
    int fd;
    bool noreplace; /* set after th_temp_open: commit fails (EEXIST) rather
                       than replace whatever the target names by then */
    struct sha256_ctx *hash; /* th_temp_hash: what th_temp_write writes is hashed */
    int64_t written;         /* bytes th_temp_write wrote */
    char sha256[65];         /* after the commit of a hashed temp: the SHA-256 of
                                its bytes ("" otherwise); kept by the release */
};
th_err th_temp_open(struct th_temp *t, const char *path, mode_t mode);
/* The name a library opens the temp by; its bytes then are not hashed. */
const char *th_temp_libpath(struct th_temp *t);
/* Hash the bytes as they go to the temp file (call after th_temp_open and
 * write only through th_temp_write): the commit leaves their SHA-256 in
 * t->sha256 and records it for th_written_sha256, so that the archive of the
 * same run does not read the file back to learn it. */
void th_temp_hash(struct th_temp *t);
/* Write all of data to the temp (hashed when th_temp_hash was called);
 * TH_ERR_IO with errno on failure. */
th_err th_temp_write(struct th_temp *t, const void *data, size_t len);
/* fsync, close, rename, directory fsync; on failure the temp is removed and
 * the old target kept. Either way t is released. */
th_err th_temp_commit(struct th_temp *t);
void th_temp_abort(struct th_temp *t); /* close, unlink, release; t may be zeroed */
/* Commits put off. While a thread defers into a list, th_temp_commit
 * fsyncs and closes the temp and keeps it there whole; the rename waits
 * for th_temp_list_commit, or th_temp_list_abort removes it. Outputs
 * written beside one another (stage/jobs.c) so appear only when the run
 * takes their results, as a run on one thread would have written them:
 * none after one that failed before it. */
struct th_temp_list {
    struct th_temp *v;
    size_t n, cap;
};
void th_temp_defer(struct th_temp_list *l); /* this thread's list; NULL: commit at once again */
/* Rename each, in order; after a failure the rest are removed, and its
 * errno is kept. l is emptied either way. */
th_err th_temp_list_commit(struct th_temp_list *l);
void th_temp_list_abort(struct th_temp_list *l);
/* The SHA-256 that a commit of a hashed temp in this process recorded for
 * the file fd is open on: true when it is that very file (device and inode)
 * with the size and modification time it had when committed. A hint, to be
 * checked: a write since within the clock's tick would go unseen, so the
 * archive hashes the bytes again as it copies them and compares. */
bool th_written_sha256(int fd, char out[65]);
/* Open (create 0644) a lock file: O_NOFOLLOW, and only a regular file with
 * one link, so a planted link or device is refused (errno ELOOP/EINVAL). */
int th_lock_open(const char *path);
/* Fault injection for the crash tests (tests/e2e/t94-*): when the
 * environment variable TONGHOP_TEST_KILL_AT equals what (e.g.
 * "commit:consolidated.xml"), the process kills itself with SIGKILL there. */
void th_test_kill_point(const char *what);
/* mkdir -p; 0755. */
th_err th_mkdirs(const char *path);
bool th_is_dir(const char *path);
bool th_is_file(const char *path);
char *th_path_join(const char *a, const char *b);  /* caller frees */
/* The directory part of path: "" for a bare name, "/" for "/x". Caller frees. */
char *th_dirname(const char *path);
const char *th_basename(const char *path);         /* points into path */
/* The absolute path path names, links resolved as far as it exists (the
 * rest, not created yet, appended with "." and ".." applied): what the
 * kernel will reach when it is created. Caller frees; NULL with errno when
 * an existing part cannot be read. */
char *th_path_resolve(const char *path);
/* Whether path is dir or inside it, both as th_path_resolve gives them. */
bool th_path_within(const char *path, const char *dir);

/* Whether atomic writes fsync (default true). Only `gen`, which writes
 * throw-away test data, turns it off. */
extern bool th_durable;

/* SHA-256 of a buffer / a file, as 64 lowercase hex chars + NUL. */
void th_sha256_hex(const void *data, size_t len, char out[65]);
th_err th_sha256_file(const char *path, char out[65]);
/* The same over an open file descriptor, read to its end and closed. */
th_err th_sha256_fd(int fd, char out[65]);

/* The words of s separated by white space (an XML list: "annual h1"), *n
 * of them; NULL and 0 for none or s NULL. Free with th_strv_free. */
char **th_strv_split(const char *s, size_t *n);
/* Frees a vector of n strings (th_list_entries, entries.h); NULL is fine. */
void th_strv_free(char **v, size_t n);

/* ---- logging ----
 * Diagnostics to stderr. On a terminal: plain lines; otherwise each line is
 * prefixed with an ISO timestamp so scheduler logs can be read later.
 * th_progress() draws a one-line counter on a terminal and is silent otherwise. */
void th_log_init(void);
void th_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void th_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void th_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void th_progress(const char *what, size_t done, size_t total);
/* The calling thread's messages go to f instead of stderr (NULL: stderr
 * again), as they would have been printed, and it draws no progress:
 * for a job whose messages are printed after it, in order (jobs.h).
 * Returns the previous f. */
FILE *th_log_redirect(FILE *f);
extern int th_quiet;  /* set by -q: only errors */

/* Where the program finds schemas/ and templates/: TONGHOP_HOME, else the
 * checkout above the binary, else PREFIX/share/tonghop of an installed
 * PREFIX/bin/tonghop. Do not free. */
const char *th_home(void);
/* th_home()/sub/name; caller frees. */
char *th_home_path(const char *sub, const char *name);

/* ---- dates: ISO yyyy-mm-dd as int yyyymmdd ---- */
typedef int32_t th_date;                    /* 20261214; 0 = none */
bool th_date_parse(const char *s, th_date *out);
void th_date_format(th_date d, char out[11]);  /* "2026-12-14" */
th_date th_date_add_days(th_date d, int days);
#define TH_DATE_Y(d) ((d) / 10000)
#define TH_DATE_M(d) (((d) / 100) % 100)
#define TH_DATE_D(d) ((d) % 100)

#endif
