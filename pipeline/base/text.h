/* text.h - Vietnamese text: UTF-8 checks, NFC normalisation, detection of
 * legacy 8-bit encodings (TCVN3, VNI), and number/date formatting in the
 * Vietnamese document convention (1.234.567; 78,5%; ngày 05 tháng 01). */
#ifndef TH_TEXT_H
#define TH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* True when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool th_utf8_valid(const char *s, size_t n);
/* The first byte of s[0..n) that does not start a valid UTF-8 sequence (a
 * truncated one at the end included), or NULL when all of it is valid: what
 * libunistring's u8_check answers, ASCII taken sixteen bytes at a time. */
const char *th_utf8_check(const char *s, size_t n);

/* NFC-normalise UTF-8 text. Returns a new string (caller frees), or NULL if
 * the input is not valid UTF-8. */
char *th_nfc(const char *s);
/* th_nfc with every run of white space (space, tab, CR, LF) made one space,
 * none at either end: text from XML written over several lines. NULL if s
 * is not UTF-8. Caller frees. */
char *th_nfc_collapse(const char *s);

/* Looks for the tell-tale characters of TCVN3 (".VnTime") or VNI text that
 * was read as Windows-1252. Returns "TCVN3", "VNI" or NULL. */
const char *th_legacy_encoding(const char *s);

/* At most max_chars characters of s (whole UTF-8 sequences), with "…"
 * when cut: for quoting untrusted values in messages. out needs
 * 4 * max_chars + 4 bytes. */
char *th_excerpt(const char *s, size_t max_chars, char *out, size_t outsz);
#define TH_EXCERPT_CHARS 40
#define TH_EXCERPT_SIZE (4 * TH_EXCERPT_CHARS + 4)
/* The one way a value from outside is quoted in a message: “…” around
 * th_excerpt of it, so an apostrophe or a quote inside reads right (“5'”,
 * not '5''). NULL is quoted as empty. out needs TH_QUOTE_SIZE bytes. */
char *th_quote(const char *s, char *out, size_t outsz);
#define TH_QUOTE_SIZE (TH_EXCERPT_SIZE + 6)

/* Length of the longest prefix of s of at most max bytes that ends on a
 * UTF-8 character boundary. */
size_t th_utf8_prefix(const char *s, size_t max);

/* Trim ASCII white space in place; returns s. */
char *th_trim(char *s);

/* "1.234.567" (negative with a leading "-"). out needs 32 bytes. */
char *th_fmt_int(int64_t v, char out[32]);
/* Fixed decimals with a decimal comma: th_fmt_dec(78.46, 1) = "78,5". */
char *th_fmt_dec(double v, int decimals, char out[48]);
/* "78,5%" */
char *th_fmt_pct(double v, int decimals, char out[48]);
/* "ngày 05 tháng 01 năm 2027": days < 10 and months 1-2 get a leading zero
 * (Nghị định 30/2020). out needs 64 bytes. */
char *th_fmt_vn_date(th_date d, char out[64]);
/* "14/12/2026" */
char *th_fmt_dmy(th_date d, char out[16]);

#endif
