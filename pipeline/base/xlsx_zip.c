/* xlsx_zip.c - the zip side of the XLSX reader: minizip over a memory
 * buffer lists the entries; a part is inflated by libdeflate in one call
 * from the bytes in memory when its sizes keep within the caps, by zlib in
 * chunks (each cap checked as it grows) otherwise. */
#include "xlsx_zip.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libdeflate.h>
#include <minizip/unzip.h>

#define MAX_NAME 512

struct entry {
    char *name;
    unz64_file_pos pos;
    unz_file_info64 info; /* as the directory had it when listed */
};

struct th_zip {
    const char *data;
    size_t len;
    struct th_xlsx_limits lim;
    unzFile zip;
    struct entry *entries;
    size_t nentries;
    size_t inflated;           /* total so far, against max_total */
};

/* ---- minizip over a memory buffer ---- */

struct memfile {
    const unsigned char *data;
    size_t len, pos;
    bool no_zip64; /* no zip64 locator anywhere: its search is cut short */
};

/* Whether "PK\6\7", the zip64 locator's signature, is anywhere in
 * p[0..n): by memchr for its 6, rare where memmem's bytes are not. */
static bool has_zip64_locator(const unsigned char *p, size_t n)
{
    for (const unsigned char *q = p + 2, *end = p + n; q + 1 < end && (q = memchr(q, 0x06, (size_t)(end - q - 1)));
         q++)
        if (q[1] == 0x07 && q[-1] == 0x4b && q[-2] == 0x50)
            return true;
    return false;
}

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *filename, int mode)
{
    (void)filename;
    if ((mode & ZLIB_FILEFUNC_MODE_READWRITEFILTER) != ZLIB_FILEFUNC_MODE_READ)
        return NULL;
    const struct th_zip *z = opaque;
    struct memfile *f = th_calloc(1, sizeof *f);
    f->data = (const unsigned char *)z->data;
    f->len = z->len;
    /* unzOpen2_64 first looks back through the last 64 KB for a zip64
     * locator a byte at a time (2 % of reading a workbook), then for the
     * end of the directory. Where the signature is nowhere, that first
     * search finds nothing whatever it reads: its first read (the first
     * of all, once the file is longer than the 4 bytes it skips) fails,
     * and it says so at once. */
    f->no_zip64 = z->len > 4 && !has_zip64_locator(f->data, f->len);
    return f;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    (void)opaque;
    struct memfile *f = stream;
    if (f->no_zip64) {
        f->no_zip64 = false;
        return 0;
    }
    size_t n = f->pos < f->len ? f->len - f->pos : 0;
    if (n > size)
        n = size;
    /* minizip reads the directory a field at a time (9.6 million calls
     * for 5,000 workbooks): the usual sizes are copied inline */
    const unsigned char *from = f->data + f->pos;
    switch (n) {
    case 1: memcpy(buf, from, 1); break;
    case 2: memcpy(buf, from, 2); break;
    case 4: memcpy(buf, from, 4); break;
    case 8: memcpy(buf, from, 8); break;
    default: memcpy(buf, from, n); break;
    }
    f->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((struct memfile *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    (void)opaque;
    struct memfile *f = stream;
    ZPOS64_T base;
    switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = f->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = f->len; break;
    default: return -1;
    }
    if (offset > f->len || base + offset > f->len)
        return -1;
    f->pos = (size_t)(base + offset);
    return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    free(stream);
    return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

/* ---- errors ---- */

enum th_xlsx_status th_xlsx_fail(struct th_xlsx_error *err, enum th_xlsx_status st, const char *part,
                                         const char *fmt, ...)
{
    if (!err)
        return st;
    err->status = st;
    snprintf(err->part, sizeof err->part, "%s", part ? part : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return st;
}

/* ---- what a thread keeps from part to part ---- */

struct thread_state {
    struct libdeflate_decompressor *inflater;
    size_t fast, streamed;
};

static _Thread_local struct thread_state *ts;
static pthread_key_t ts_key; /* frees a thread's state when it ends */

static void state_free(void *p)
{
    struct thread_state *t = p;
    if (!t)
        return;
    if (t->inflater)
        libdeflate_free_decompressor(t->inflater);
    free(t);
}

/* Made when the program loads, before any thread: the key, and libdeflate's
 * choices of decompressor and CRC-32 for this CPU, which the first call of
 * each stores in a static pointer. Made lazily, two workers would write that pointer (the
 * same value) and read the key after pthread_once's fast path, which
 * helgrind cannot see as synchronised: three races reported on every
 * parallel pass, none real, hiding any that would be. */
__attribute__((constructor)) static void zip_init(void)
{
    pthread_key_create(&ts_key, state_free);
    static const unsigned char empty[] = {0x03, 0x00}; /* a final, empty fixed-Huffman block */
    (void)libdeflate_crc32(0, empty, 0); /* not NULL: NULL returns before the choice */
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    if (d) {
        unsigned char out[1];
        size_t n;
        (void)libdeflate_deflate_decompress(d, empty, sizeof empty, out, 0, &n);
        libdeflate_free_decompressor(d);
    }
}

static struct thread_state *state(void)
{
    if (!ts) {
        ts = th_calloc(1, sizeof *ts);
        pthread_setspecific(ts_key, ts);
    }
    return ts;
}

void th_zip_thread_release(void)
{
    if (!ts)
        return;
    pthread_setspecific(ts_key, NULL);
    state_free(ts);
    ts = NULL;
}

void th_zip_counts(size_t *fast, size_t *streamed)
{
    *fast = ts ? ts->fast : 0;
    *streamed = ts ? ts->streamed : 0;
}

/* ---- parts ---- */

static const struct entry *find_entry(const struct th_zip *x, const char *name)
{
    for (size_t i = 0; i < x->nentries; i++)
        if (strcmp(x->entries[i].name, name) == 0)
            return &x->entries[i];
    return NULL;
}

static void mib(size_t n, char out[24])
{
    if (n >= (1u << 20))
        snprintf(out, 24, "%zu MB", n >> 20);
    else
        snprintf(out, 24, "%zu KB", n >> 10);
}

/* The fast way to inflate a part: when its central-directory sizes pass
 * every cap the stream below checks (those checks only grow with the bytes
 * inflated, so passing them at the end is passing them all the way), its
 * raw deflated bytes are inflated in one call into a buffer of exactly the
 * declared size, which libdeflate never writes past, and the CRC is
 * checked. False when anything is not so: the caller then streams the part,
 * which finds and says what is wrong. */
static bool read_whole(struct th_zip *x, const unz_file_info64 *info, char **out, size_t *outlen)
{
    size_t usize = (size_t)info->uncompressed_size, csize = (size_t)info->compressed_size;
    size_t compressed = csize ? csize : 1;
    if (info->compression_method != Z_DEFLATED || usize > x->lim.max_part || usize > x->lim.max_total - x->inflated ||
        (usize > x->lim.ratio_floor && usize / compressed > x->lim.max_ratio))
        return false;
    int method = 0, level = 0;
    if (unzOpenCurrentFile2(x->zip, &method, &level, 1) != UNZ_OK) /* raw: minizip reads, zlib does not inflate */
        return false;
    ZPOS64_T at = unzGetCurrentFileZStreamPos64(x->zip);
    unzCloseCurrentFile(x->zip);
    if (method != Z_DEFLATED || at > x->len || csize > x->len - (size_t)at)
        return false;
    struct thread_state *t = state();
    if (!t->inflater && !(t->inflater = libdeflate_alloc_decompressor()))
        return false;
    char *buf = th_malloc(usize + 1);
    if (libdeflate_deflate_decompress(t->inflater, x->data + at, csize, buf, usize, NULL) != LIBDEFLATE_SUCCESS ||
        libdeflate_crc32(0, buf, usize) != info->crc) {
        free(buf);
        return false;
    }
    buf[usize] = '\0';
    t->fast++;
    x->inflated += usize;
    *out = buf;
    *outlen = usize;
    return true;
}

enum th_xlsx_status th_zip_read(struct th_zip *x, const char *name, char **out, size_t *outlen,
                                struct th_xlsx_error *err)
{
    *out = NULL;
    *outlen = 0;
    const struct entry *e = find_entry(x, name);
    if (!e)
        return th_xlsx_fail(err, TH_XLSX_NO_SHEET, name, "thiếu phần '%s' trong tệp XLSX", name);
    /* unzGoToFilePos64 reads the entry's directory record again, as
     * listing it did: its info is the one kept then */
    unz64_file_pos pos = e->pos;
    unz_file_info64 info = e->info;
    if (unzGoToFilePos64(x->zip, &pos) != UNZ_OK)
        return th_xlsx_fail(err, TH_XLSX_CORRUPT, name, "tệp XLSX bị hỏng: không đọc được phần '%s'", name);
    char cap[24];
    if (info.flag & 1)
        return th_xlsx_fail(err, TH_XLSX_CORRUPT, name, "phần '%s' được mã hóa bằng mật khẩu: hãy lưu lại không đặt mật khẩu",
                    name);
    if (info.uncompressed_size > x->lim.max_part) {
        mib(x->lim.max_part, cap);
        return th_xlsx_fail(err, TH_XLSX_BOMB, name,
                    "tệp XLSX bất thường (nghi bom zip): phần '%s' giải nén vượt quá %s, không xử lý", name, cap);
    }
    if (read_whole(x, &info, out, outlen))
        return TH_XLSX_OK;
    state()->streamed++;
    if (unzOpenCurrentFile(x->zip) != UNZ_OK)
        return th_xlsx_fail(err, TH_XLSX_CORRUPT, name, "tệp XLSX bị hỏng: không giải nén được phần '%s'", name);
    struct th_buf b;
    th_buf_init(&b, x->lim.max_part + 1);
    enum th_xlsx_status st = TH_XLSX_OK;
    char chunk[65536];
    size_t compressed = info.compressed_size ? (size_t)info.compressed_size : 1;
    for (;;) {
        int n = unzReadCurrentFile(x->zip, chunk, sizeof chunk);
        if (n < 0) {
            st = th_xlsx_fail(err, TH_XLSX_CORRUPT, name, "tệp XLSX bị hỏng hoặc không đầy đủ: phần '%s' không giải nén được",
                      name);
            break;
        }
        if (n == 0)
            break;
        if (b.len + (size_t)n > x->lim.max_part || th_buf_add(&b, chunk, (size_t)n) != TH_OK) {
            mib(x->lim.max_part, cap);
            st = th_xlsx_fail(err, TH_XLSX_BOMB, name,
                      "tệp XLSX bất thường (nghi bom zip): phần '%s' giải nén vượt quá %s, không xử lý", name, cap);
            break;
        }
        if (x->inflated + b.len > x->lim.max_total) {
            mib(x->lim.max_total, cap);
            st = th_xlsx_fail(err, TH_XLSX_BOMB, name,
                      "tệp XLSX bất thường (nghi bom zip): tổng dung lượng giải nén vượt quá %s, không xử lý", cap);
            break;
        }
        if (b.len > x->lim.ratio_floor && b.len / compressed > x->lim.max_ratio) {
            st = th_xlsx_fail(err, TH_XLSX_BOMB, name,
                      "tệp XLSX bất thường (nghi bom zip): phần '%s' nén với tỉ lệ hơn %zu:1, không xử lý", name,
                      x->lim.max_ratio);
            break;
        }
    }
    int rc = unzCloseCurrentFile(x->zip);
    if (st == TH_XLSX_OK && rc == UNZ_CRCERROR)
        st = th_xlsx_fail(err, TH_XLSX_CORRUPT, name, "tệp XLSX bị hỏng: phần '%s' sai mã kiểm tra CRC", name);
    if (st != TH_XLSX_OK) {
        th_buf_release(&b);
        return st;
    }
    x->inflated += b.len;
    *outlen = b.len;
    *out = th_buf_detach(&b);
    if (!*out)
        *out = th_strdup("");
    return TH_XLSX_OK;
}

struct th_zip *th_zip_open(const char *data, size_t len, const struct th_xlsx_limits *lim,
                           struct th_xlsx_error *err)
{
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        th_xlsx_fail(err, TH_XLSX_NOT_ZIP, "",
             "tệp Excel 97-2003 (.xls), không phải XLSX: mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx");
        return NULL;
    }
    if (len < 4 || memcmp(data, "PK", 2) != 0) {
        th_xlsx_fail(err, TH_XLSX_NOT_ZIP, "", "không phải tệp XLSX (không phải tệp nén zip)");
        return NULL;
    }
    struct th_zip *x = th_calloc(1, sizeof *x);
    x->data = data;
    x->len = len;
    x->lim = lim ? *lim : th_xlsx_default_limits;
    zlib_filefunc64_def io = {
        .zopen64_file = mem_open,
        .zread_file = mem_read,
        .zwrite_file = mem_write,
        .ztell64_file = mem_tell,
        .zseek64_file = mem_seek,
        .zclose_file = mem_close,
        .zerror_file = mem_error,
        .opaque = x,
    };
    enum th_xlsx_status st = TH_XLSX_OK;
    x->zip = unzOpen2_64("memory", &io);
    unz_global_info64 gi;
    if (!x->zip || unzGetGlobalInfo64(x->zip, &gi) != UNZ_OK) {
        if (memcmp(data, "PK\x03\x04", 4) == 0)
            st = th_xlsx_fail(err, TH_XLSX_CORRUPT, "", "tệp XLSX bị hỏng hoặc không đầy đủ (tệp zip bị cắt cụt)");
        else
            st = th_xlsx_fail(err, TH_XLSX_NOT_ZIP, "", "không phải tệp XLSX (không phải tệp nén zip)");
        goto out;
    }
    if (gi.number_entry > x->lim.max_entries) {
        st = th_xlsx_fail(err, TH_XLSX_ENTRIES, "", "tệp XLSX có quá nhiều thành phần (%llu, tối đa %zu): không xử lý",
                  (unsigned long long)gi.number_entry, x->lim.max_entries);
        goto out;
    }
    size_t cap = 0;
    for (int rc = unzGoToFirstFile(x->zip); rc == UNZ_OK; rc = unzGoToNextFile(x->zip)) {
        if (x->nentries >= x->lim.max_entries) {
            st = th_xlsx_fail(err, TH_XLSX_ENTRIES, "", "tệp XLSX có quá nhiều thành phần (hơn %zu): không xử lý",
                      x->lim.max_entries);
            goto out;
        }
        char name[MAX_NAME];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(x->zip, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK) {
            st = th_xlsx_fail(err, TH_XLSX_CORRUPT, "", "tệp XLSX bị hỏng: mục lục zip không đọc được");
            goto out;
        }
        if (info.size_filename >= sizeof name)
            continue; /* no OOXML part has such a name */
        /* part names are compared ASCII-case-insensitively (OPC): two
         * entries of one name are read first-wins by some readers and
         * last-wins by others, so the workbook means two things */
        for (size_t i = 0; i < x->nentries; i++)
            if (strcasecmp(x->entries[i].name, name) == 0) {
                st = th_xlsx_fail(err, TH_XLSX_DUPLICATE, name,
                          "tệp XLSX có hai thành phần cùng tên '%s': tệp bị sửa bất thường, hãy lưu lại bằng Excel "
                          "hoặc LibreOffice",
                          name);
                goto out;
            }
        TH_GROW(x->entries, cap, x->nentries + 1);
        struct entry *e = &x->entries[x->nentries];
        if (unzGetFilePos64(x->zip, &e->pos) != UNZ_OK) {
            st = th_xlsx_fail(err, TH_XLSX_CORRUPT, "", "tệp XLSX bị hỏng: mục lục zip không đọc được");
            goto out;
        }
        e->name = th_strdup(name);
        e->info = info;
        x->nentries++;
    }
out:
    if (st != TH_XLSX_OK) {
        th_zip_free(x);
        return NULL;
    }
    return x;
}


void th_zip_free(struct th_zip *x)
{
    if (!x)
        return;
    if (x->zip)
        unzClose(x->zip);
    for (size_t i = 0; i < x->nentries; i++)
        free(x->entries[i].name);
    free(x->entries);
    free(x);
}

bool th_zip_has(const struct th_zip *x, const char *name)
{
    return find_entry(x, name) != NULL;
}
