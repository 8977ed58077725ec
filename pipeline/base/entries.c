/* entries.c - listing a period's entries and opening only regular files. */
#include "entries.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int th_open_regular(const char *path, enum th_entry_kind *kind)
{
    enum th_entry_kind k = TH_ENTRY_ERROR;
    /* O_NONBLOCK: a FIFO must not hang the run; O_NOFOLLOW: a link fails
     * with ELOOP and is never read through */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        int saved = errno;
        struct stat st;
        if ((saved == ELOOP || saved == EMLINK) && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            k = TH_ENTRY_LINK;
        else if (saved == EISDIR || saved == ENXIO || saved == EOPNOTSUPP)
            k = TH_ENTRY_OTHER;
        errno = saved;
    } else {
        struct stat st;
        if (fstat(fd, &st) != 0) {
            int saved = errno;
            close(fd);
            fd = -1;
            errno = saved;
        } else if (!S_ISREG(st.st_mode)) {
            close(fd);
            fd = -1;
            k = TH_ENTRY_OTHER;
            errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        } else {
            k = TH_ENTRY_REGULAR;
        }
    }
    if (kind)
        *kind = k;
    return fd;
}

th_err th_read_regular(const char *path, size_t max, char **out, size_t *len, enum th_entry_kind *kind)
{
    int fd = th_open_regular(path, kind);
    if (fd < 0)
        return TH_ERR_IO;
    return th_read_fd(fd, max, out, len);
}

th_err th_sha256_regular(const char *path, char out[65])
{
    int fd = th_open_regular(path, NULL);
    return fd < 0 ? TH_ERR_IO : th_sha256_fd(fd, out);
}

static int cmp_after(const void *a, const void *b, void *skip)
{
    size_t k = *(const size_t *)skip;
    return strcmp(*(char *const *)a + k, *(char *const *)b + k);
}

static void list_into(const char *dir, bool recursive, char ***v, size_t *n, size_t *cap, int depth)
{
    DIR *d = depth > 16 ? NULL : opendir(dir);
    if (!d) {
        if (depth > 0 || errno != ENOENT) /* a period folder may not exist yet */
            th_warn("cannot list '%s': %s", dir, depth > 16 ? "too deep" : strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = th_path_join(dir, e->d_name);
        struct stat st;
        /* a real directory is walked; a link (to a directory or not) is an entry */
        bool isdir = e->d_type == DT_DIR ||
                     (e->d_type == DT_UNKNOWN && lstat(p, &st) == 0 && S_ISDIR(st.st_mode));
        if (isdir && recursive) {
            list_into(p, recursive, v, n, cap, depth + 1);
            free(p);
        } else {
            TH_GROW(*v, *cap, *n + 1);
            (*v)[(*n)++] = p;
        }
    }
    closedir(d);
}

char **th_list_entries(const char *dir, bool recursive, size_t *count)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    list_into(dir, recursive, &v, &n, &cap, 0);
    size_t skip = strlen(dir);
    if (n)
        qsort_r(v, n, sizeof *v, cmp_after, &skip);
    *count = n;
    return v;
}

/* libxlsxwriter's scratch file, "tmp." and 10 letters or digits
 * (tmpfileplus, in the tmpdir we give it: the output's directory). It is
 * unlinked as soon as it is opened, so one exists by name only when a kill
 * fell in between; removing a live one takes nothing from its writer, which
 * holds it open. */
static bool xlsxwriter_scratch(const char *name)
{
    if (strncmp(name, "tmp.", 4) != 0 || strlen(name) != 14)
        return false;
    for (const char *p = name + 4; *p; p++)
        if (!isalnum((unsigned char)*p))
            return false;
    return true;
}

void th_xlsxwriter_sweep(const char *dir)
{
    size_t n;
    char **files = th_list_entries(dir, false, &n);
    for (size_t i = 0; i < n; i++)
        if (xlsxwriter_scratch(th_basename(files[i])) && unlink(files[i]) == 0)
            th_info("removed '%s', left by an interrupted run", files[i]);
    th_strv_free(files, n);
}

void th_temp_sweep(const char *dir)
{
    size_t n;
    char **files = th_list_entries(dir, false, &n);
    for (size_t i = 0; i < n; i++) {
        const char *dot = strstr(th_basename(files[i]), ".tmp.");
        char *end = NULL;
        long pid = dot && dot[5] >= '1' && dot[5] <= '9' ? strtol(dot + 5, &end, 10) : 0;
        if (pid <= 0 || (*end && *end != '-') || pid == (long)getpid())
            continue;
        if (*end) { /* "-" and 12 hex digits; then nothing, or SQLite's "-journal" of a
                       temp database whose creation was killed inside its transaction */
            size_t k = 1;
            while (end[k] && strchr("0123456789abcdef", end[k]))
                k++;
            if (k != 13 || (end[k] && strcmp(end + k, "-journal") != 0))
                continue;
        }
        if (kill((pid_t)pid, 0) < 0 && errno == ESRCH && unlink(files[i]) == 0)
            th_info("removed '%s', left by an interrupted run", files[i]);
    }
    th_strv_free(files, n);
}

static bool ends_with(const char *name, const char *suffix)
{
    size_t ln = strlen(name), ls = strlen(suffix);
    return ln >= ls && strcasecmp(name + ln - ls, suffix) == 0;
}

bool th_entry_name_ok(const char *name, const char **code, const char **msg)
{
    static const struct {
        const char *ext, *msg;
    } other[] = {
        {".ods", "bảng tính OpenDocument (.ods): mở bằng LibreOffice và lưu lại dưới dạng .xlsx (Excel 2007-365)"},
        {".xls", "tệp Excel 97-2003 (.xls): mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx"},
        {".xlsb", "tệp Excel nhị phân (.xlsb): mở bằng Excel và lưu lại dưới dạng .xlsx (Sổ làm việc Excel)"},
        {".xlsm", "tệp Excel có macro (.xlsm): lưu lại dưới dạng .xlsx (Sổ làm việc Excel, không macro)"},
        {".csv", "tệp CSV không mang được biểu mẫu: điền biểu mẫu XLSX hoặc gửi tệp XML"},
    };
    size_t ln = strlen(name);
    *code = "N04";
    if (ln && (name[ln - 1] == ' ' || name[ln - 1] == '\t' || name[ln - 1] == '.')) {
        *msg = "tên tệp có dấu cách hoặc dấu chấm ở cuối: đổi tên cho kết thúc bằng .xml hoặc .xlsx";
        return false;
    }
    if (strncmp(name, "~$", 2) == 0) {
        *msg = "tệp khoá tạm của Excel (~$...), không phải báo cáo: đóng Excel rồi xoá tệp này";
        return false;
    }
    if (name[0] == '.') {
        *msg = "tệp ẩn (tên bắt đầu bằng dấu chấm): không được đọc; đổi tên nếu đây là báo cáo";
        return false;
    }
    if (ends_with(name, ".xml") || ends_with(name, ".xlsx"))
        return true;
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        if (ends_with(name, other[i].ext)) {
            *code = "N03";
            *msg = other[i].msg;
            return false;
        }
    *msg = strchr(name, '.') ? "phần mở rộng của tên tệp không phải .xml hoặc .xlsx: tệp không được đọc"
                             : "tên tệp không có phần mở rộng .xml hoặc .xlsx: tệp không được đọc";
    return false;
}

bool th_is_ole(const char *data, size_t len)
{
    return len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

bool th_ole_encrypted(const char *data, size_t len)
{
    /* the directory names its streams in UTF-16LE */
    static const char name[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
    return th_is_ole(data, len) && memmem(data, len, name, sizeof name - 1) != NULL;
}
