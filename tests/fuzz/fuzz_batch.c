/* fuzz_batch.c - libFuzzer target: the whole batch path, names and bytes.
 * The input is split into up to 6 files (a name of up to 255 bytes, its
 * contents), written into a fresh directory, listed as a period directory
 * is, validated as one batch of the Cần Thơ 2026 annual period, resolved,
 * printed and written to validation.xml, which must be well-formed.
 *
 * Layout: repeated [name length: 1 byte][name][size: 2 bytes LE][bytes].
 * A '/' or NUL in a name becomes '_'; "." and ".." get a prefix; the low
 * bit of the name length picks .xml or .xlsx when the name ends in neither. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "entries.h"
#include "fuzz_common.h"
#include "pass.h"
#include "validation.h"

#define MAX_FILES 6

static char fuzz_dir[64];

static void clear_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static char in[96], out[112];

static void remove_dir(void)
{
    clear_dir(in);
    rmdir(in);
    unlink(out);
    rmdir(fuzz_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_dir[0]) {
        snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/tonghop-fuzz-batch-%ld", (long)getpid());
        mkdir(fuzz_dir, 0700);
        snprintf(in, sizeof in, "%s/in", fuzz_dir);
        snprintf(out, sizeof out, "%s/validation.xml", fuzz_dir);
        atexit(remove_dir);
    }
    mkdir(in, 0700);
    clear_dir(in);

    size_t pos = 0;
    for (int f = 0; f < MAX_FILES && pos < size; f++) {
        size_t nl = data[pos++];
        if (nl > size - pos)
            nl = size - pos;
        char name[300];
        size_t k = 0;
        for (size_t i = 0; i < nl; i++)
            name[k++] = (data[pos + i] == '/' || data[pos + i] == 0) ? '_' : (char)data[pos + i];
        name[k] = 0;
        pos += nl;
        if (k == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
            memmove(name + 1, name, k + 1);
            name[0] = 'u';
        }
        if (!ends_with(name, ".xml") && !ends_with(name, ".xlsx") && strlen(name) < 240)
            strcat(name, (nl & 1) ? ".xlsx" : ".xml");
        size_t len = 0;
        if (pos + 2 <= size) {
            len = (size_t)data[pos] | (size_t)data[pos + 1] << 8;
            pos += 2;
        }
        if (len > size - pos)
            len = size - pos;
        char path[400];
        snprintf(path, sizeof path, "%s/%s", in, name);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
        if (fd >= 0) {
            if (len && write(fd, data + pos, len) < 0) {
                /* nothing: a short file is an input like any other */
            }
            close(fd);
        }
        pos += len;
    }

    size_t n; /* every entry, as a period's: odd names get their N line */
    char **files = th_list_entries(in, false, &n);
    struct th_batch b;
    th_batch_init(&b, fuzz_ws, fuzz_has_period ? &fuzz_period : NULL);
    th_batch_run(&b, files, n, NULL, NULL);
    th_batch_resolve(&b);
    FILE *devnull = fopen("/dev/null", "w");
    if (devnull) {
        th_batch_print(&b, devnull);
        fclose(devnull);
    }
    if (th_batch_write_xml(&b, out) != TH_OK)
        abort(); /* the batch must always be written */
    char *text;
    size_t len;
    if (th_read_file(out, (size_t)1 << 30, &text, &len) != TH_OK)
        abort();
    struct th_xml_issues issues = {0};
    th_err why;
    xmlDocPtr doc = th_xml_parse_max(text, len, "validation.xml", (size_t)1 << 30, &issues, &why);
    if (!doc) {
        fprintf(stderr, "validation.xml not well-formed: %s\n", issues.n ? issues.v[0].message : "?");
        abort();
    }
    xmlFreeDoc(doc);
    th_xml_issues_release(&issues);
    free(text);
    th_batch_release(&b);
    th_strv_free(files, n);
    return 0;
}
