/* entries.h - the one rule for a period's directory entries: only regular
 * files are read, opened with O_NOFOLLOW|O_NONBLOCK and checked with fstat
 * (never a link, a device, a FIFO, a socket or a directory); every other
 * entry is named with an N code so no entry goes unaccounted for. */
#ifndef TH_ENTRIES_H
#define TH_ENTRIES_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"

enum th_entry_kind {
    TH_ENTRY_REGULAR, /* opened */
    TH_ENTRY_LINK,    /* a symbolic link: not followed (N01) */
    TH_ENTRY_OTHER,   /* a FIFO, device, socket or directory (N02) */
    TH_ENTRY_ERROR,   /* could not be opened: errno says why */
};

/* Open path read-only if it is a regular file and not a link. Returns the
 * descriptor, or -1 with *kind saying why (errno set for TH_ENTRY_ERROR). */
int th_open_regular(const char *path, enum th_entry_kind *kind);
/* th_read_file for a regular file only (see th_open_regular). */
th_err th_read_regular(const char *path, size_t max, char **out, size_t *len, enum th_entry_kind *kind);
/* SHA-256 of a regular file only, read in pieces. */
th_err th_sha256_regular(const char *path, char out[65]);

/* Every entry under dir (not "." or ".."), sorted by name in byte order,
 * recursing into subdirectories (never through a link). Hidden entries and
 * links are listed too: the caller accounts for each. Caller frees with
 * th_strv_free. */
char **th_list_entries(const char *dir, bool recursive, size_t *count);

/* Remove temps "<name>.tmp.<pid>[-<hex>]" (struct th_temp, common.h) in dir
 * whose process is gone (a killed run's); only that pattern, never another
 * file. Says each one. */
void th_temp_sweep(const char *dir);
/* Remove libxlsxwriter's scratch files "tmp.XXXXXXXXXX" a kill left by name
 * in dir, a directory tonghop writes workbooks into (never another file).
 * Says each one. */
void th_xlsxwriter_sweep(const char *dir);

/* Whether a name is one a submission may have: ends in .xml or .xlsx (any
 * case), not hidden, no white space at the end. Otherwise *code is "N03"
 * (another spreadsheet format) or "N04" (another name) and *msg a message
 * in Vietnamese (static). */
bool th_entry_name_ok(const char *name, const char **code, const char **msg);

/* An OLE (Compound File) container: an .xls, or an encrypted workbook when it
 * holds an "EncryptionInfo" stream. */
bool th_is_ole(const char *data, size_t len);
bool th_ole_encrypted(const char *data, size_t len);

#endif
