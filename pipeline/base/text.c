/* text.c - UTF-8, NFC (libunistring), legacy-encoding detection, formatting. */
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

const char *th_utf8_check(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + n;
    while (p < end) {
        /* submissions are mostly ASCII: no high bit in sixteen bytes, none
         * to decode */
        while (end - p >= 16) {
            uint64_t a, b;
            memcpy(&a, p, 8);
            memcpy(&b, p + 8, 8);
            if ((a | b) & 0x8080808080808080u)
                break;
            p += 16;
        }
        if (p == end)
            break;
        uint8_t c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        /* the sequences libunistring's u8_check accepts, in its order */
        size_t left = (size_t)(end - p);
        if (c >= 0xc2 && c < 0xe0) {
            if (left >= 2 && (p[1] ^ 0x80) < 0x40) {
                p += 2;
                continue;
            }
        } else if (c >= 0xe0 && c < 0xf0) {
            if (left >= 3 && (p[1] ^ 0x80) < 0x40 && (p[2] ^ 0x80) < 0x40 && (c >= 0xe1 || p[1] >= 0xa0) &&
                (c != 0xed || p[1] < 0xa0)) {
                p += 3;
                continue;
            }
        } else if (c >= 0xf0 && c < 0xf8) {
            if (left >= 4 && (p[1] ^ 0x80) < 0x40 && (p[2] ^ 0x80) < 0x40 && (p[3] ^ 0x80) < 0x40 &&
                (c >= 0xf1 || p[1] >= 0x90) && (c < 0xf4 || (c == 0xf4 && p[1] < 0x90))) {
                p += 4;
                continue;
            }
        }
        return (const char *)p;
    }
    return NULL;
}

bool th_utf8_valid(const char *s, size_t n)
{
    return th_utf8_check(s, n) == NULL;
}

/* Whether s (valid UTF-8) is NFC by its code points alone: each one below
 * U+0300 or in Latin Extended Additional (U+1E00-U+1EFF, Vietnamese letters
 * with their marks) has NFC_Quick_Check=Yes, and with no combining mark
 * nothing can compose. Most Vietnamese text typed on Windows or a phone is
 * this; the rest goes through u8_normalize. */
static bool nfc_by_code_points(const unsigned char *p)
{
    for (; *p; p++)
        /* below 0xCC: ASCII, a continuation byte, or the lead of U+0080-U+02FF;
         * E1 B8-BB: the lead of U+1E00-U+1EFF */
        if (*p >= 0xCC && !(p[0] == 0xE1 && p[1] >= 0xB8 && p[1] <= 0xBB))
            return false;
    return true;
}

char *th_nfc(const char *s)
{
    size_t n = strlen(s);
    if (!th_utf8_valid(s, n))
        return NULL;
    if (nfc_by_code_points((const unsigned char *)s))
        return th_strndup(s, n);
    size_t outlen = 0;
    uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &outlen);
    if (!r)
        return NULL;
    char *out = th_malloc(outlen + 1);
    memcpy(out, r, outlen);
    out[outlen] = '\0';
    free(r);
    return out;
}

/* Latin-1 code points never used in Vietnamese but produced when TCVN3 or
 * VNI bytes are shown as Windows-1252. */
static bool tcvn3_mark(ucs4_t c)
{
    return (c >= 0xA1 && c <= 0xBF) || c == 0xC6 || c == 0xC7 || c == 0xD0 || c == 0xD1 ||
           c == 0xDE || c == 0xDF || c == 0xDC || c == 0xE6 || c == 0xE7 || c == 0xF0 ||
           c == 0xF1 || c == 0xFE || c == 0xFF || c == 0xCB || c == 0xCE || c == 0xCF;
}

static bool vni_mark(ucs4_t c)
{
    /* VNI writes a base letter then a tone/shape byte: ø ù ö ï ä ë å æ î û ü ... */
    return c == 0xF8 || c == 0xF6 || c == 0xEF || c == 0xE4 || c == 0xEB || c == 0xE5 ||
           c == 0xEE || c == 0xFB || c == 0xFC || c == 0xD8 || c == 0xD6 || c == 0xCF ||
           c == 0xC4 || c == 0xCB || c == 0xC5 || c == 0xCE || c == 0xDB;
}

static bool ascii_letter(ucs4_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Letters only Unicode Vietnamese has (Ă Đ Ĩ Ũ Ơ Ư and the precomposed
 * vowels with tones), and combining marks of NFD text: text holding any of
 * them was typed in Unicode, whatever else it holds ("30°C", «...»). */
static bool unicode_vietnamese(ucs4_t c)
{
    return c == 0x102 || c == 0x103 || c == 0x110 || c == 0x111 || c == 0x128 || c == 0x129 ||
           c == 0x168 || c == 0x169 || c == 0x1A0 || c == 0x1A1 || c == 0x1AF || c == 0x1B0 ||
           (c >= 0x1EA0 && c <= 0x1EF9) || (c >= 0x300 && c <= 0x323);
}

const char *th_legacy_encoding(const char *s)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
    ucs4_t prev = ' ';
    int tcvn = 0, vni = 0;
    while (p < end) {
        ucs4_t c;
        int n = u8_mbtouc(&c, p, (size_t)(end - p));
        if (n <= 0 || unicode_vietnamese(c))
            return NULL;
        const uint8_t *next = p + n;
        ucs4_t after = ' ';
        if (next < end)
            u8_mbtouc(&after, next, (size_t)(end - next));
        bool in_word = ascii_letter(prev) || ascii_letter(after);
        bool degree = c == 0xB0 && prev >= '0' && prev <= '9'; /* "30°C" */
        if (c >= 0x80 && c <= 0xFF && in_word && !degree) {
            if (vni_mark(c) && ascii_letter(prev))
                vni++;
            else if (tcvn3_mark(c))
                tcvn++;
        }
        prev = c;
        p = next;
    }
    if (vni > 0 && vni >= tcvn)
        return "VNI";
    if (tcvn > 0)
        return "TCVN3";
    return NULL;
}

size_t th_utf8_prefix(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--; /* s[n] continues a sequence: cut before its lead byte */
    return n;
}

char *th_excerpt(const char *s, size_t max_chars, char *out, size_t outsz)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t chars = 0, bytes = 0, len = strlen(s);
    while (bytes < len && chars < max_chars) {
        int k = u8_mblen(p + bytes, len - bytes);
        bytes += k > 0 ? (size_t)k : 1;
        chars++;
    }
    bool cut = bytes < len;
    if (bytes + 4 > outsz)
        bytes = th_utf8_prefix(s, outsz > 4 ? outsz - 4 : 0);
    memcpy(out, s, bytes);
    if (cut)
        memcpy(out + bytes, "…", sizeof "…");
    else
        out[bytes] = '\0';
    return out;
}

char *th_quote(const char *s, char *out, size_t outsz)
{
    char ex[TH_EXCERPT_SIZE];
    th_excerpt(s ? s : "", TH_EXCERPT_CHARS, ex, sizeof ex);
    snprintf(out, outsz, "“%s”", ex);
    return out;
}

char *th_trim(char *s)
{
    char *b = s;
    while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
        b++;
    size_t n = strlen(b);
    while (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\n' || b[n - 1] == '\r'))
        n--;
    memmove(s, b, n);
    s[n] = '\0';
    return s;
}

static void group_thousands(const char *digits, char *out, size_t outsz)
{
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n && o + 2 < outsz; i++) {
        if (i && (n - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

char *th_fmt_int(int64_t v, char out[32])
{
    char digits[24];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
    if (v < 0) {
        out[0] = '-';
        group_thousands(digits, out + 1, 31);
    } else {
        group_thousands(digits, out, 32);
    }
    return out;
}

char *th_fmt_dec(double v, int decimals, char out[48])
{
    char tmp[48], intpart[40];
    if (!isfinite(v)) {
        snprintf(out, 48, "-");
        return out;
    }
    snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(v));
    /* negative unless it rounds to zero: -0,04 with one decimal is "0,0" */
    bool neg = v < 0 && strspn(tmp, "0.") != strlen(tmp);
    char *dot = strchr(tmp, '.');
    if (dot)
        *dot = '\0';
    group_thousands(tmp, intpart, sizeof intpart);
    snprintf(out, 48, "%s%s%s%s", neg ? "-" : "", intpart, dot ? "," : "", dot ? dot + 1 : "");
    return out;
}

char *th_fmt_pct(double v, int decimals, char out[48])
{
    th_fmt_dec(v, decimals, out);
    size_t n = strlen(out);
    if (n + 2 <= 48) {
        out[n] = '%';
        out[n + 1] = '\0';
    }
    return out;
}

char *th_fmt_vn_date(th_date d, char out[64])
{
    int day = TH_DATE_D(d), month = TH_DATE_M(d), year = TH_DATE_Y(d);
    snprintf(out, 64, "ngày %02d tháng %s%d năm %d", day, month <= 2 ? "0" : "", month, year);
    return out;
}

char *th_fmt_dmy(th_date d, char out[16])
{
    char iso[11];
    th_date_format(d, iso);
    snprintf(out, 16, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    return out;
}

char *th_nfc_collapse(const char *s)
{
    char *n = th_nfc(s ? s : "");
    if (!n)
        return NULL;
    char *w = n;
    bool space = true;
    for (const char *r = n; *r; r++) {
        if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r') {
            if (!space)
                *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    if (w > n && w[-1] == ' ')
        w--;
    *w = '\0';
    return n;
}
