/* escape.c - names and values printed on one line, controls made visible. */
#include "escape.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

/* Whether the character c (decoded from UTF-8) is shown as \uXXXX. */
static bool hidden(ucs4_t c)
{
    return (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

/* Bytes the escape of p[0..k) takes (k = the length of one character or one
 * bad byte), writing it to out when out is not NULL. */
static size_t escape_one(const uint8_t *p, size_t left, char *out, size_t *used)
{
    static const char hex[] = "0123456789abcdef";
    uint8_t b = p[0];
    if (b < 0x80) {
        *used = 1;
        const char *named = b == '\n' ? "\\n" : b == '\r' ? "\\r" : b == '\t' ? "\\t" : NULL;
        if (named) {
            if (out)
                memcpy(out, named, 2);
            return 2;
        }
        if (b < 0x20 || b == 0x7F) {
            if (out) {
                out[0] = '\\', out[1] = 'x', out[2] = hex[b >> 4], out[3] = hex[b & 15];
            }
            return 4;
        }
        if (out)
            out[0] = (char)b;
        return 1;
    }
    ucs4_t c;
    int k = u8_mbtoucr(&c, p, left);
    if (k <= 0) { /* not UTF-8: the byte itself, visibly */
        *used = 1;
        if (out) {
            out[0] = '\\', out[1] = 'x', out[2] = hex[b >> 4], out[3] = hex[b & 15];
        }
        return 4;
    }
    *used = (size_t)k;
    if (hidden(c)) {
        if (out) {
            out[0] = '\\', out[1] = 'u';
            for (int i = 0; i < 4; i++)
                out[2 + i] = hex[(c >> (12 - 4 * i)) & 15];
        }
        return 6;
    }
    if (out)
        memcpy(out, p, (size_t)k);
    return (size_t)k;
}

static char *alloc_or_die(size_t n)
{
    char *p = malloc(n);
    if (!p) {
        fputs("tonghop: out of memory\n", stderr);
        exit(3);
    }
    return p;
}

char *th_escape_n(const char *s, size_t n)
{
    if (!s) {
        s = "(null)";
        n = strlen(s);
    }
    const uint8_t *p = (const uint8_t *)s;
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        size_t used;
        len += escape_one(p + i, n - i, NULL, &used);
        i += used;
    }
    char *out = alloc_or_die(len + 1);
    size_t at = 0;
    for (size_t i = 0; i < n;) {
        size_t used;
        at += escape_one(p + i, n - i, out + at, &used);
        i += used;
    }
    out[at] = '\0';
    return out;
}

char *th_escape(const char *s)
{
    return th_escape_n(s, s ? strlen(s) : 0);
}

char *th_name_encode(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const uint8_t *p = (const uint8_t *)s;
    size_t n = strlen(s);
    char *out = alloc_or_die(3 * n + 1), *o = out;
    for (size_t i = 0; i < n;) {
        size_t used, w = escape_one(p + i, n - i, NULL, &used);
        if (w == used && p[i] != '%') {
            memcpy(o, p + i, used);
            o += used;
        } else {
            for (size_t k = 0; k < used; k++) {
                *o++ = '%';
                *o++ = hex[p[i + k] >> 4];
                *o++ = hex[p[i + k] & 15];
            }
        }
        i += used;
    }
    *o = '\0';
    return out;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *th_name_decode(const char *s)
{
    size_t n = strlen(s);
    char *out = alloc_or_die(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        int hi = s[i] == '%' ? hexval(s[i + 1]) : -1, lo = hi >= 0 ? hexval(s[i + 2]) : -1;
        int b = hi >= 0 && lo >= 0 ? hi * 16 + lo : -1;
        /* only what the encoder writes: controls, '%', DEL and up */
        if (b > 0 && (b < 0x20 || b == '%' || b >= 0x7F)) {
            *o++ = (char)b;
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

void th_vout(FILE *f, const char *fmt, va_list ap)
{
    char *line = NULL;
    int n = vasprintf(&line, fmt, ap);
    if (n < 0) {
        fputs("tonghop: out of memory\n", stderr);
        exit(3);
    }
    char *shown = th_escape_n(line, (size_t)n);
    fputs(shown, f);
    fputc('\n', f);
    free(shown);
    free(line);
}

void th_out(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    th_vout(f, fmt, ap);
    va_end(ap);
}
