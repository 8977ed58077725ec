/* archive_objects.c - the archive's object store: every file once, named
 * by the SHA-256 of its bytes, read-only, read once as it is stored. */
#include "archive_objects.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/sha2.h>

#include "entries.h"

void th_archive_kill_point(void)
{
    static long at = -1, count;
    if (at < 0) {
        const char *e = getenv("TONGHOP_TEST_KILL_AT");
        at = e ? atol(e) : 0;
    }
    if (at > 0 && ++count == at)
        raise(SIGKILL);
}

/* ".pdf" from "report.pdf" (lower-case, 1-8 letters or digits), else "". */
static char *ext_of(const char *path)
{
    const char *base = th_basename(path), *dot = strrchr(base, '.');
    if (!dot || dot == base || strlen(dot) < 2 || strlen(dot) > 9)
        return th_strdup("");
    char *e = th_strdup(dot);
    for (char *p = e + 1; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'A' && c <= 'Z')
            *p = (char)(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            free(e);
            return th_strdup("");
        }
    }
    return e;
}

char *th_archive_object_name(const char *sha256, const char *src, bool input)
{
    char *ext = ext_of(src);
    if (input && strcmp(ext, ".xlsx") != 0) {
        /* An input is kept as text ("<sha>.xml.txt"): opened from index.html,
         * a browser shows its bytes and never renders it as HTML or XML (a
         * rejected XHTML page with a <script> would run). An .xlsx is
         * downloaded, whatever it holds. */
        char *txt = th_asprintf("%s.txt", ext);
        free(ext);
        ext = txt;
    }
    char *name = th_asprintf("objects/%.2s/%s%s", sha256, sha256, ext);
    free(ext);
    return name;
}

void th_archive_file_release(struct th_archive_file *f)
{
    if (!f)
        return;
    free(f->object);
    f->object = NULL;
}

/* The directory objects/ and the name of object inside it: an object's
 * path is looked up from there, not from the root, for the 100,000 of a
 * national year. -1 (object looked up by its full path) when it cannot be
 * opened. */
static int objects_at(struct th_archive *a, const char *object, const char **rel)
{
    if (strncmp(object, "objects/", 8) != 0)
        return -1;
    if (a->objfd == -2) {
        char *p = th_path_join(a->dir, "objects");
        a->objfd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        free(p);
    }
    *rel = object + 8;
    return a->objfd;
}

th_err th_archive_check_object(struct th_archive *a, const char *object, const char *sha256)
{
    const char *rel;
    int dfd = objects_at(a, object, &rel);
    if (dfd >= 0) {
        /* one openat: a missing object fails with ENOENT */
        struct stat st;
        char got[65];
        int fd = openat(dfd, rel, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return errno == ENOENT ? TH_ERR_NOT_FOUND : TH_ERR_IO;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
            close(fd);
            errno = ENOENT;
            return TH_ERR_NOT_FOUND; /* not a file: missing, as stat said */
        }
        if (th_sha256_fd(fd, got) != TH_OK)
            return TH_ERR_IO;
        return strcmp(got, sha256) == 0 ? TH_OK : TH_ERR_PARSE;
    }
    char *path = th_path_join(a->dir, object);
    char got[65];
    th_err e = TH_OK;
    if (!th_is_file(path)) {
        e = errno == ENOENT ? TH_ERR_NOT_FOUND : TH_ERR_IO;
        if (e == TH_ERR_IO && errno == 0)
            e = TH_ERR_NOT_FOUND;
    } else if (th_sha256_file(path, got) != TH_OK) {
        e = TH_ERR_IO;
    } else if (strcmp(got, sha256) != 0) {
        e = TH_ERR_PARSE;
    }
    free(path);
    return e;
}

/* Copy what is left of in to out (out < 0: read only) while hashing it:
 * its SHA-256 in sha, its length in *size. TH_ERR_IO with errno, *wrote
 * saying whether the write failed (else the read). */
static th_err copy_fd(int in, int out, int64_t *size, char sha[65], bool *wrote)
{
    static _Thread_local uint8_t buf[1 << 16]; /* run: the archive's job beside `previous`'s */
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    int64_t total = 0;
    *wrote = false;
    sha256_init(&ctx);
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return TH_ERR_IO;
        if (r == 0)
            break;
        sha256_update(&ctx, (size_t)r, buf);
        for (ssize_t off = 0; out >= 0 && off < r;) {
            ssize_t w = write(out, buf + off, (size_t)(r - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                *wrote = true;
                return TH_ERR_IO;
            }
            off += w;
        }
        total += r;
    }
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(sha + 2 * i, 3, "%02x", digest[i]);
    *size = total;
    return TH_OK;
}

/* Copy src to a temp file beside dst (mode 0644) while hashing it, then
 * fsync and rename it to dst, unless its bytes do not have hash want
 * (TH_ERR_PARSE). noreplace: fail with EEXIST rather than replace an
 * existing dst. */
static th_err copy_file(const char *src, const char *dst, const char *want, bool noreplace)
{
    th_err e = TH_ERR_IO;
    struct th_temp tmp = {.fd = -1};
    int in = th_open_regular(src, NULL); /* a link or a non-regular file is never copied */
    char got[65];
    int64_t size;
    bool wrote;
    if (in < 0 || th_temp_open(&tmp, dst, 0644) != TH_OK)
        goto done;
    tmp.noreplace = noreplace;
    if (copy_fd(in, tmp.fd, &size, got, &wrote) != TH_OK)
        goto done;
    if (strcmp(got, want) != 0)
        e = TH_ERR_PARSE;
    else
        e = th_temp_commit(&tmp);
done:;
    int saved = errno;
    if (in >= 0)
        close(in);
    th_temp_abort(&tmp); /* nothing left after a commit */
    errno = saved;
    return e;
}

th_err th_archive_copy_object(struct th_archive *a, const char *object, const char *sha256, const char *dst)
{
    char *src = th_path_join(a->dir, object);
    th_err e = copy_file(src, dst, sha256, false);
    free(src);
    return e;
}

th_err th_archive_copy_out(struct th_archive *a, const struct th_archive_doc *d, const char *dst, bool replace)
{
    char *src = th_path_join(a->dir, d->object);
    th_err e = copy_file(src, dst, d->sha256, !replace);
    free(src);
    return e;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Make objects/<xx>/ for an object whose hash starts with xx, once per add
 * (a national year has 100,000 objects and 256 such directories): one
 * mkdir, objects/ is there since th_archive_open. */
static th_err make_fanout(struct th_archive *a, const char *sha)
{
    int hi = hexval(sha[0]), lo = hexval(sha[1]);
    int k = hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    if (k >= 0 && (a->fanout[k / 8] & (1u << (k % 8))))
        return TH_OK;
    char *sub = th_asprintf("%s/objects/%.2s", a->dir, sha);
    th_err e = mkdir(sub, 0755) == 0 || errno == EEXIST ? TH_OK : th_mkdirs(sub);
    if (e != TH_OK)
        th_error("cannot create '%s': %s", sub, strerror(errno));
    else if (k >= 0)
        a->fanout[k / 8] |= (uint8_t)(1u << (k % 8));
    free(sub);
    return e;
}

static int changed_since(const struct th_archive_file *f, const char *sha, bool written)
{
    if (written) /* an output of this same run, changed after it was written */
        th_error("'%s' changed while it was being archived (sha256 %.16s..., written as %.16s...)", f->src, sha,
                 f->expect_sha);
    else
        th_error("'%s' has changed since it was consolidated (sha256 %.16s..., expected %.16s...): "
                 "run 'tonghop consolidate' again",
                 f->src, sha, f->expect_sha);
    return TH_EXIT_USAGE;
}

/* Put f in the objects store (if not there intact already), reading it
 * once. Its object is named by its hash: a submission's is the one the
 * batch recorded (expect_sha), an output's this process wrote the one its
 * writer computed (th_written_sha256); either way the bytes are hashed as
 * they are copied and refused unless they have it. Any other file is
 * copied to a temp in objects/ while hashed, then named. An object already
 * there is hashed before it is trusted. Returns an exit code; messages
 * printed. */
int th_archive_store_object(struct th_archive *a, struct th_archive_file *f, bool input)
{
    char sha[65], got[65];
    struct th_temp tmp = {.fd = -1};
    char *full = NULL;
    int64_t size = 0;
    bool wrote = false, written = false, known = f->expect_sha && strlen(f->expect_sha) == 64;
    int rc = TH_EXIT_SYSTEM, in = th_open_regular(f->src, NULL); /* never through a link */
    if (in < 0)
        goto unreadable;
    if (known)
        memcpy(sha, f->expect_sha, sizeof sha);
    else if ((written = known = th_written_sha256(in, sha)))
        f->expect_sha = sha;
    if (!known) {
        char *at = th_path_join(a->dir, "objects/new");
        th_err e = th_temp_open(&tmp, at, 0444);
        free(at);
        if (e != TH_OK || copy_fd(in, tmp.fd, &size, sha, &wrote) != TH_OK)
            goto failed;
    }
    free(f->object);
    f->object = th_archive_object_name(sha, f->src, input);
    full = th_path_join(a->dir, f->object);
    th_err have = th_archive_check_object(a, f->object, sha);
    if (have == TH_OK) {
        /* a submission must still be what the batch read; what this run
         * wrote is the object's bytes, whatever the file holds by now */
        if (known && !written) {
            if (copy_fd(in, -1, &size, got, &wrote) != TH_OK)
                goto unreadable;
            if (strcmp(got, sha) != 0) {
                rc = changed_since(f, got, false);
                goto done;
            }
        } else if (written) {
            struct stat st;
            if (fstat(in, &st) < 0)
                goto unreadable;
            size = st.st_size;
        }
        chmod(full, 0444); /* an add killed before the chmod of an older tonghop */
        th_archive_kill_point();
        rc = TH_EXIT_OK;
        goto stored;
    }
    if (have == TH_ERR_PARSE)
        th_warn("archived file '%s' was damaged: writing it again", f->object);
    if (make_fanout(a, sha) != TH_OK)
        goto done;
    /* A new object of a known hash is written under its name at once, no
     * temp and rename: no row names it before the syncfs below, and one cut
     * short by a crash is found damaged by the next add and written again
     * (through a temp, as an object that is there always is) */
    int direct = -1;
    const char *rel;
    int dfd = objects_at(a, f->object, &rel);
    if (known && have == TH_ERR_NOT_FOUND)
        direct = openat(dfd >= 0 ? dfd : AT_FDCWD, dfd >= 0 ? rel : full,
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
    if (direct < 0 && known && th_temp_open(&tmp, full, 0444) != TH_OK) {
        wrote = true;
        goto failed;
    }
    if (known) {
        th_err e = copy_fd(in, direct >= 0 ? direct : tmp.fd, &size, got, &wrote);
        if (e != TH_OK || strcmp(got, sha) != 0) {
            int saved = errno;
            if (direct >= 0) {
                close(direct);
                unlink(full);
            }
            errno = saved;
            if (e != TH_OK)
                goto failed;
            rc = changed_since(f, got, written);
            goto done;
        }
    } else {
        free(tmp.path); /* named now that it is hashed */
        tmp.path = th_strdup(full);
    }
    th_archive_kill_point();
    if (direct >= 0 ? close(direct) < 0 : th_temp_commit(&tmp) != TH_OK) {
        if (direct >= 0)
            unlink(full);
        wrote = true;
        goto failed;
    }
    th_archive_kill_point();
    f->fresh = have == TH_ERR_NOT_FOUND;
    rc = TH_EXIT_OK;
stored:
    memcpy(f->sha256, sha, sizeof sha);
    f->size = size;
    goto done;
failed:
    if (wrote) {
        th_error("cannot write '%s': %s", full ? full : a->dir, strerror(errno));
        goto done;
    }
unreadable:
    th_error("cannot read '%s': %s", f->src, strerror(errno));
done:
    if (written)
        f->expect_sha = NULL; /* sha is gone with this frame */
    if (in >= 0)
        close(in);
    th_temp_abort(&tmp); /* nothing left after a commit */
    free(full);
    return rc;
}

/* Remove temp files an interrupted add left in objects/ (the lock is held:
 * no other add is writing). */
void th_archive_remove_stale_temps(struct th_archive *a)
{
    a->swept = true;
    char *objdir = th_path_join(a->dir, "objects");
    size_t n;
    char **files = th_list_entries(objdir, true, &n);
    for (size_t i = 0; i < n; i++) {
        if (strstr(th_basename(files[i]), ".tmp.") && unlink(files[i]) == 0)
            th_info("removed '%s' left by an interrupted add", files[i]);
    }
    th_strv_free(files, n);
    free(objdir);
    files = th_list_entries(a->dir, false, &n);
    for (size_t i = 0; i < n; i++) {
        const char *b = th_basename(files[i]);
        if ((strncmp(b, "index.html.tmp.", 15) == 0 || strncmp(b, "SHA256SUMS.tmp.", 15) == 0) &&
            unlink(files[i]) == 0)
            th_info("removed '%s' left by an interrupted add", files[i]);
    }
    th_strv_free(files, n);
}
