/* xlsx_zip.h - the zip side of reading an untrusted XLSX workbook held in
 * memory: its entries listed through minizip, a part inflated within the
 * caps of struct th_xlsx_limits. The XML side is xlsx.c. */
#ifndef TH_XLSX_ZIP_H
#define TH_XLSX_ZIP_H

#include "xlsx.h"

struct th_zip;

/* List the entries of the zip in data[0..len) (not copied: keep it alive
 * while z is open). NULL + *err when it is no zip (X01), truncated (X02),
 * has too many entries (X04) or two of one name (X11). Free with th_zip_free. */
struct th_zip *th_zip_open(const char *data, size_t len, const struct th_xlsx_limits *lim,
                           struct th_xlsx_error *err);
void th_zip_free(struct th_zip *z);   /* NULL is fine */

/* Whether the archive has an entry of exactly this name. */
bool th_zip_has(const struct th_zip *z, const char *name);

/* Inflate part name into *out (NUL-terminated, *outlen bytes; caller frees),
 * counting against the caps of the part and of the whole archive. A part
 * whose central-directory sizes keep within every cap is inflated in one
 * call by libdeflate from the bytes in memory, its CRC checked; anything
 * else (sizes that lie, a damaged stream, a wrong CRC) is inflated again by
 * zlib in chunks, which stops at the first cap passed and says which. */
enum th_xlsx_status th_zip_read(struct th_zip *z, const char *name, char **out, size_t *outlen,
                                struct th_xlsx_error *err);

/* Parts this thread inflated in one call (fast) and through zlib's stream
 * (streamed) since it started: for the tests and the bench. */
void th_zip_counts(size_t *fast, size_t *streamed);

/* Free what the calling thread keeps from part to part (the inflater);
 * a thread that ends frees it by itself. */
void th_zip_thread_release(void);

/* Fill *err (when not NULL) and return st: the one way both halves of the
 * reader say why a workbook is refused. */
enum th_xlsx_status th_xlsx_fail(struct th_xlsx_error *err, enum th_xlsx_status st, const char *part,
                                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
