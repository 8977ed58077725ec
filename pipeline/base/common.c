/* common.c - memory, bounded buffers, atomic files, hashing and logging. */
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <nettle/sha2.h>

#include "escape.h"

int th_quiet;
bool th_durable = true;

static const char *const err_text[] = {
    [TH_OK] = "no error",
    [TH_ERR_NOMEM] = "out of memory",
    [TH_ERR_IO] = "input/output error",
    [TH_ERR_TOO_BIG] = "input exceeds size limit",
    [TH_ERR_PARSE] = "not well-formed",
    [TH_ERR_SCHEMA] = "does not match schema",
    [TH_ERR_CONFIG] = "configuration error",
    [TH_ERR_NOT_FOUND] = "not found",
    [TH_ERR_ENCODING] = "bad text encoding",
    [TH_ERR_HOSTILE] = "forbidden construct in input",
};

const char *th_strerror(th_err err)
{
    if ((size_t)err < sizeof(err_text) / sizeof(err_text[0]) && err_text[err])
        return err_text[err];
    return "unknown error";
}

const char *th_errno_vi(int err)
{
    switch (err) {
    case ENOSPC: return "không đủ chỗ trên đĩa";
    case EDQUOT: return "vượt hạn mức dung lượng đĩa của người dùng";
    case EFBIG: return "tệp vượt quá kích thước hệ thống cho phép";
    case EACCES:
    case EPERM: return "không có quyền ghi vào thư mục hoặc tệp này";
    case EROFS: return "ổ đĩa chỉ cho phép đọc";
    case EIO: return "lỗi đọc/ghi của thiết bị lưu trữ";
    case ENOENT: return "thư mục không tồn tại";
    case ENOTDIR: return "một phần của đường dẫn không phải thư mục";
    case EISDIR: return "đường dẫn là một thư mục";
    case ENOMEM: return "không đủ bộ nhớ";
    case EMFILE:
    case ENFILE: return "mở quá nhiều tệp cùng lúc";
    case ENAMETOOLONG: return "tên tệp quá dài";
    default: return "lỗi hệ thống";
    }
}

/* ---- memory ---- */

static void oom(void)
{
    fputs("tonghop: out of memory\n", stderr);
    exit(TH_EXIT_SYSTEM);
}

void *th_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *th_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *th_realloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *th_strdup(const char *s)
{
    return s ? th_strndup(s, strlen(s)) : NULL;
}

char *th_strndup(const char *s, size_t n)
{
    char *p = th_malloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *th_asprintf(const char *fmt, ...)
{
    va_list ap;
    char *out;
    va_start(ap, fmt);
    if (vasprintf(&out, fmt, ap) < 0)
        oom();
    va_end(ap);
    return out;
}

struct th_arena_chunk {
    struct th_arena_chunk *next;
    size_t used, cap;
    _Alignas(max_align_t) char data[];
};

/* A chunk with its header is 64 KiB exactly, one of jemalloc's size classes
 * (64,000 bytes of data and the header were 64,032, in a 64 KiB block:
 * 1.5 KB of each unused; issue 17). */
#define ARENA_CHUNK (65536 - sizeof(struct th_arena_chunk))
#define ALIGN_UP(n) (((n) + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1))

/* n bytes of the newest chunk (a new one when they do not fit), aligned for
 * any object when asked: a string needs no alignment */
static void *arena_take(struct th_arena *a, size_t n, bool aligned)
{
    struct th_arena_chunk *c = a->chunks;
    if (c && aligned) {
        size_t used = ALIGN_UP(c->used);
        c->used = used < c->cap ? used : c->cap;
    }
    if (!c || c->cap - c->used < n) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = th_malloc(sizeof *c + cap);
        c->next = a->chunks;
        c->used = 0;
        c->cap = cap;
        a->chunks = c;
    }
    void *out = c->data + c->used;
    c->used += n;
    return out;
}

void *th_arena_alloc(struct th_arena *a, size_t n)
{
    return memset(arena_take(a, n, true), 0, n);
}

char *th_arena_dup(struct th_arena *a, const char *s, size_t n)
{
    char *out = arena_take(a, n + 1, false);
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

void th_arena_release(struct th_arena *a)
{
    for (struct th_arena_chunk *c = a->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->chunks = NULL;
}

void th_grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    *ptr = th_realloc(*ptr, n * elem);
    memset((char *)*ptr + *cap * elem, 0, (n - *cap) * elem);
    *cap = n;
}

/* ---- buffers ---- */

void th_buf_init(struct th_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max ? max : (64u << 20);
}

void th_buf_release(struct th_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

th_err th_buf_add(struct th_buf *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->max)
        return TH_ERR_TOO_BIG;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = th_realloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return TH_OK;
}

th_err th_buf_puts(struct th_buf *b, const char *s)
{
    return th_buf_add(b, s, strlen(s));
}

th_err th_buf_printf(struct th_buf *b, const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    th_err e = th_buf_add(b, s, (size_t)n);
    free(s);
    return e;
}

char *th_buf_detach(struct th_buf *b)
{
    char *d = b->data ? b->data : th_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

/* ---- files ---- */

th_err th_read_file(const char *path, size_t max, char **out, size_t *len)
{
    /* O_NONBLOCK: a FIFO put in place of a file must not hang the run; it
     * is refused below, and regular files ignore the flag */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return TH_ERR_IO;
    return th_read_fd(fd, max, out, len);
}

th_err th_read_fd(int fd, size_t max, char **out, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return TH_ERR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return TH_ERR_IO;
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        return TH_ERR_TOO_BIG;
    }
    /* room for the file, its NUL, and one byte to see the end of file */
    size_t cap = (size_t)st.st_size + 2, n = 0;
    char *buf = th_malloc(cap);
    for (;;) {
        if (n + 1 >= cap) { /* the file grew while being read */
            if (n > max) {
                free(buf);
                close(fd);
                return TH_ERR_TOO_BIG;
            }
            cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
            buf = th_realloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            free(buf);
            close(fd);
            errno = saved;
            return TH_ERR_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max)
            break;
    }
    close(fd);
    if (n > max) {
        free(buf);
        return TH_ERR_TOO_BIG;
    }
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return TH_OK;
}

static th_err fsync_dir_of(const char *path)
{
    if (!th_durable)
        return TH_OK;
    char *dir = th_dirname(path);
    int fd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return TH_OK;
}

void th_test_kill_point(const char *what)
{
    const char *at = getenv("TONGHOP_TEST_KILL_AT");
    if (at && strcmp(at, what) == 0)
        raise(SIGKILL);
}

/* "commit:<file name>": the temp file is complete, the rename not done */
static void kill_point_commit(const char *path)
{
    if (getenv("TONGHOP_TEST_KILL_AT")) {
        char *what = th_asprintf("commit:%s", th_basename(path));
        th_test_kill_point(what);
        free(what);
    }
}

th_err th_temp_open(struct th_temp *t, const char *path, mode_t mode)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    for (int tries = 0; tries < 16; tries++) {
        uint8_t r[6];
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)tries << 40;
            memcpy(r, &x, sizeof r);
        }
        char *name = th_asprintf("%s.tmp.%ld-%02x%02x%02x%02x%02x%02x", path, (long)getpid(), r[0], r[1], r[2],
                                 r[3], r[4], r[5]);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd >= 0) {
            t->path = th_strdup(path);
            t->name = name;
            t->fd = fd;
            return TH_OK;
        }
        int saved = errno;
        free(name);
        if (saved != EEXIST) {
            errno = saved;
            return TH_ERR_IO;
        }
    }
    errno = EEXIST;
    return TH_ERR_IO;
}

const char *th_temp_libpath(struct th_temp *t)
{
    /* looked up here, not at each open: an archive add opens 100,000 temps
     * no library writes */
    if (!t->lib[0]) {
        snprintf(t->lib, sizeof t->lib, "/proc/self/fd/%d", t->fd);
        if (access(t->lib, F_OK) != 0)
            t->lib[0] = '\0'; /* no /proc: the temp's own name */
    }
    free(t->hash); /* the library writes the bytes, unseen */
    t->hash = NULL;
    return t->lib[0] ? t->lib : t->name;
}

static void temp_release(struct th_temp *t)
{
    char sha[65];
    memcpy(sha, t->sha256, sizeof sha);
    free(t->path);
    free(t->name);
    free(t->hash);
    memset(t, 0, sizeof *t);
    t->fd = -1;
    memcpy(t->sha256, sha, sizeof sha);
}

void th_temp_hash(struct th_temp *t)
{
    if (!t->hash) {
        t->hash = th_malloc(sizeof *t->hash);
        sha256_init(t->hash);
    }
}

th_err th_temp_write(struct th_temp *t, const void *data, size_t len)
{
    const char *p = data;
    if (t->hash)
        sha256_update(t->hash, len, data);
    t->written += (int64_t)len;
    while (len) {
        ssize_t w = write(t->fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return TH_ERR_IO;
        p += w;
        len -= (size_t)w;
    }
    return TH_OK;
}

/* The hashes commits of hashed temps recorded: a run writes a handful of
 * outputs (validation.xml, consolidated.xml, from two threads at most). */
struct written {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    char sha256[65];
};
static struct written *written_v;
static size_t written_n, written_cap;
static pthread_mutex_t written_lock = PTHREAD_MUTEX_INITIALIZER;

static void hex_digest(const uint8_t *d, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
}

/* Before the rename of a hashed temp: its digest into t->sha256, recorded
 * under the file's identity when every byte of it went through
 * th_temp_write (its size says so). */
static void temp_record(struct th_temp *t)
{
    t->sha256[0] = '\0';
    if (!t->hash)
        return;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(t->hash, sizeof d, d);
    struct stat st;
    if (fstat(t->fd, &st) < 0 || st.st_size != t->written)
        return;
    hex_digest(d, t->sha256);
    pthread_mutex_lock(&written_lock);
    size_t i = 0;
    while (i < written_n && !(written_v[i].dev == st.st_dev && written_v[i].ino == st.st_ino))
        i++;
    if (i == written_n) {
        TH_GROW(written_v, written_cap, written_n + 1);
        written_n++;
    }
    written_v[i] = (struct written){.dev = st.st_dev, .ino = st.st_ino, .size = st.st_size, .mtime = st.st_mtim};
    memcpy(written_v[i].sha256, t->sha256, sizeof t->sha256);
    pthread_mutex_unlock(&written_lock);
}

bool th_written_sha256(int fd, char out[65])
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return false;
    bool found = false;
    pthread_mutex_lock(&written_lock);
    for (size_t i = 0; i < written_n && !found; i++) {
        const struct written *w = &written_v[i];
        found = w->dev == st.st_dev && w->ino == st.st_ino && w->size == st.st_size &&
                w->mtime.tv_sec == st.st_mtim.tv_sec && w->mtime.tv_nsec == st.st_mtim.tv_nsec;
        if (found)
            memcpy(out, w->sha256, 65);
    }
    pthread_mutex_unlock(&written_lock);
    return found;
}

void th_temp_abort(struct th_temp *t)
{
    int saved = errno;
    if (t->fd >= 0)
        close(t->fd);
    if (t->name)
        unlink(t->name);
    temp_release(t);
    errno = saved;
}

/* Rename the temp to a target that must not exist: renameat2 where the file
 * system has RENAME_NOREPLACE, else link + unlink (both fail with EEXIST). */
static int commit_new(struct th_temp *t)
{
    if (renameat2(AT_FDCWD, t->name, AT_FDCWD, t->path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    if (link(t->name, t->path) < 0)
        return -1;
    unlink(t->name);
    return 0;
}

static _Thread_local struct th_temp_list *deferred;

void th_temp_defer(struct th_temp_list *l)
{
    deferred = l;
}

/* A closed temp onto its target, then the directory's fsync; t released
 * either way (removed on failure, errno kept). */
static th_err temp_rename(struct th_temp *t)
{
    if (t->noreplace ? commit_new(t) < 0 : rename(t->name, t->path) < 0) {
        th_temp_abort(t);
        return TH_ERR_IO;
    }
    char *path = t->path;
    t->path = NULL;
    temp_release(t);
    th_err e = fsync_dir_of(path);
    free(path);
    return e;
}

th_err th_temp_commit(struct th_temp *t)
{
    kill_point_commit(t->path);
    temp_record(t);
    if (th_durable && fsync(t->fd) < 0 && errno != EINVAL)
        goto fail; /* the data may not be on disk: keep the old file */
    int c = close(t->fd);
    t->fd = -1;
    if (c < 0)
        goto fail;
    if (deferred) {
        struct th_temp_list *l = deferred;
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 4;
            l->v = th_realloc(l->v, l->cap * sizeof *l->v);
        }
        l->v[l->n++] = *t; /* its names and hash state go with it */
        char sha[sizeof t->sha256];
        memcpy(sha, t->sha256, sizeof sha);
        memset(t, 0, sizeof *t);
        t->fd = -1;
        memcpy(t->sha256, sha, sizeof sha); /* the caller's, as after a rename */
        return TH_OK;
    }
    return temp_rename(t);
fail:
    t->sha256[0] = '\0';
    th_temp_abort(t);
    return TH_ERR_IO;
}

th_err th_temp_list_commit(struct th_temp_list *l)
{
    th_err e = TH_OK;
    int err = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (e != TH_OK)
            th_temp_abort(&l->v[i]);
        else if ((e = temp_rename(&l->v[i])) != TH_OK)
            err = errno;
    }
    free(l->v);
    memset(l, 0, sizeof *l);
    if (e != TH_OK)
        errno = err;
    return e;
}

void th_temp_list_abort(struct th_temp_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        th_temp_abort(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

int th_lock_open(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

th_err th_write_atomic(const char *path, const void *data, size_t len)
{
    struct th_temp t;
    if (th_temp_open(&t, path, 0644) != TH_OK)
        return TH_ERR_IO;
    if (th_temp_write(&t, data, len) != TH_OK) {
        th_temp_abort(&t);
        return TH_ERR_IO;
    }
    return th_temp_commit(&t);
}

th_err th_mkdirs(const char *path)
{
    char *p = th_strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) < 0 && errno != EEXIST) {
            free(p);
            return TH_ERR_IO;
        }
        *s = '/';
    }
    int r = mkdir(p, 0755);
    free(p);
    if (r < 0 && errno != EEXIST)
        return TH_ERR_IO;
    if (!th_is_dir(path)) {
        errno = ENOTDIR;
        return TH_ERR_IO;
    }
    return TH_OK;
}

bool th_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool th_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *th_path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), slash = la && a[la - 1] == '/' ? 0 : 1;
    char *out = th_malloc(la + slash + lb + 1);
    memcpy(out, a, la);
    out[la] = '/';
    memcpy(out + la + slash, b, lb + 1);
    return out;
}

char *th_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return th_strdup("");
    return th_strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

char *th_path_resolve(const char *path)
{
    char *cwd = NULL;
    if (path[0] != '/') {
        if (!(cwd = getcwd(NULL, 0)))
            return NULL;
    }
    char *full = cwd ? th_asprintf("%s/%s", cwd, path) : th_strdup(path);
    free(cwd);
    /* the longest existing prefix, by realpath; then the rest by hand */
    size_t n = strlen(full), cut = n;
    char *real = NULL;
    for (;;) {
        char save = full[cut];
        full[cut] = '\0';
        real = realpath(cut ? full : "/", NULL);
        full[cut] = save;
        if (real || (errno != ENOENT && errno != ENOTDIR))
            break;
        while (cut > 0 && full[cut - 1] == '/')
            cut--;
        while (cut > 0 && full[cut - 1] != '/')
            cut--;
    }
    if (!real) {
        free(full);
        return NULL;
    }
    struct th_buf b;
    th_buf_init(&b, 0);
    th_buf_puts(&b, strcmp(real, "/") == 0 ? "" : real);
    free(real);
    for (char *s = full + cut; *s;) {
        size_t k = strcspn(s, "/");
        if (k == 2 && s[0] == '.' && s[1] == '.') {
            while (b.len > 0 && b.data[b.len - 1] != '/')
                b.len--;
            if (b.len > 0)
                b.len--;
            if (b.data)
                b.data[b.len] = '\0';
        } else if (k && !(k == 1 && s[0] == '.')) {
            th_buf_add(&b, "/", 1);
            th_buf_add(&b, s, k);
        }
        s += k + (s[k] == '/');
    }
    free(full);
    if (b.len == 0)
        th_buf_puts(&b, "/");
    return th_buf_detach(&b);
}

bool th_path_within(const char *path, const char *dir)
{
    char *p = th_path_resolve(path), *d = th_path_resolve(dir);
    size_t n = d ? strlen(d) : 0;
    bool in = p && d && strncmp(p, d, n) == 0 && (p[n] == '\0' || p[n] == '/' || (n == 1 && d[0] == '/'));
    free(p);
    free(d);
    return in;
}

const char *th_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* digest as 64 lower-case hex digits and a NUL (snprintf per byte cost
 * as much as hashing a small submission with SHA-NI) */
static void sha256_hex_of(const uint8_t digest[SHA256_DIGEST_SIZE], char out[65])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

void th_sha256_hex(const void *data, size_t len, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    sha256_hex_of(digest, out);
}

th_err th_sha256_fd(int fd, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE], buf[65536];
    sha256_init(&ctx);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int saved = errno;
            close(fd);
            errno = saved;
            return TH_ERR_IO;
        }
        if (n == 0)
            break;
        sha256_update(&ctx, (size_t)n, buf);
    }
    close(fd);
    sha256_digest(&ctx, sizeof digest, digest);
    sha256_hex_of(digest, out);
    return TH_OK;
}

th_err th_sha256_file(const char *path, char out[65])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    return fd < 0 ? TH_ERR_IO : th_sha256_fd(fd, out);
}

char **th_strv_split(const char *s, size_t *n)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    while (s && *s) {
        s += strspn(s, " \t\r\n");
        size_t len = strcspn(s, " \t\r\n");
        if (!len)
            break;
        TH_GROW(v, cap, *n + 1);
        v[(*n)++] = th_strndup(s, len);
        s += len;
    }
    return v;
}

void th_strv_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* ---- logging ---- */

static int log_tty = -1;
static _Thread_local FILE *log_to; /* th_log_redirect: this thread's messages, kept */

void th_log_init(void)
{
    log_tty = isatty(STDERR_FILENO);
}

FILE *th_log_redirect(FILE *f)
{
    FILE *old = log_to;
    log_to = f;
    return old;
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    if (log_tty < 0)
        th_log_init();
    FILE *out = log_to ? log_to : stderr;
    if (!log_tty) {
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fprintf(out, "%s %s ", stamp, level);
    } else if (strcmp(level, "info") != 0) {
        fprintf(out, "tonghop: %s: ", level);
    }
    th_vout(out, fmt, ap); /* one line, whatever the names in it hold */
}

void th_info(const char *fmt, ...)
{
    if (th_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog("info", fmt, ap);
    va_end(ap);
}

void th_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("warning", fmt, ap);
    va_end(ap);
}

void th_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error", fmt, ap);
    va_end(ap);
}

void th_progress(const char *what, size_t done, size_t total)
{
    if (log_tty < 0)
        th_log_init();
    if (!log_tty || th_quiet || log_to)
        return;
    fprintf(stderr, "\r%s: %zu/%zu", what, done, total);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* ---- home ---- */

static char *home_dir;

static bool looks_like_home(const char *dir)
{
    char *p = th_asprintf("%s/schemas/submission.xsd", dir);
    bool ok = th_is_file(p);
    free(p);
    return ok;
}

const char *th_home(void)
{
    if (home_dir)
        return home_dir;
    const char *env = getenv("TONGHOP_HOME");
    if (env && *env) {
        home_dir = th_strdup(env);
        return home_dir;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 4; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            if (looks_like_home(exe)) {
                home_dir = th_strdup(exe);
                return home_dir;
            }
            /* installed: PREFIX/bin/tonghop finds PREFIX/share/tonghop */
            char *shared = th_asprintf("%s/share/tonghop", exe);
            if (looks_like_home(shared)) {
                home_dir = shared;
                return home_dir;
            }
            free(shared);
        }
    }
    home_dir = th_strdup(".");
    return home_dir;
}

char *th_home_path(const char *sub, const char *name)
{
    return th_asprintf("%s/%s/%s", th_home(), sub, name);
}

/* ---- dates ---- */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

bool th_date_parse(const char *s, th_date *out)
{
    if (!s)
        return false;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (s[10] && s[10] != 'T' && s[10] != 'Z' && s[10] != '+')
        return false;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = y * 10000 + m * 100 + d;
    return true;
}

void th_date_format(th_date d, char out[11])
{
    unsigned y = (unsigned)TH_DATE_Y(d) % 10000u, m = (unsigned)TH_DATE_M(d) % 100u,
             day = (unsigned)TH_DATE_D(d) % 100u;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + day / 10);
    out[9] = (char)('0' + day % 10);
    out[10] = '\0';
}

th_date th_date_add_days(th_date d, int days)
{
    struct tm tm = {0};
    tm.tm_year = TH_DATE_Y(d) - 1900;
    tm.tm_mon = TH_DATE_M(d) - 1;
    tm.tm_mday = TH_DATE_D(d) + days;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}
