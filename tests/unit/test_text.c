/* test_text.c - Vietnamese number and date formatting, NFC, UTF-8 checks and
 * legacy-encoding detection (text.c), and the one escape of printed names (escape.c). */
#include "unit.h"

#include "escape.h"
#include "text.h"

#include <uninorm.h>
#include <unistr.h>

static void test_fmt_int(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(th_fmt_int(1234567, b), "1.234.567");
    assert_string_equal(th_fmt_int(0, b), "0");
    assert_string_equal(th_fmt_int(999, b), "999");
    assert_string_equal(th_fmt_int(1000, b), "1.000");
    assert_string_equal(th_fmt_int(2340000, b), "2.340.000");
    assert_string_equal(th_fmt_int(-1234, b), "-1.234");
    assert_string_equal(th_fmt_int(INT64_MAX, b), "9.223.372.036.854.775.807");
    assert_string_equal(th_fmt_int(INT64_MIN, b), "-9.223.372.036.854.775.808");
}

static void test_fmt_dec_pct(void **state)
{
    (void)state;
    char b[48];
    assert_string_equal(th_fmt_dec(78.46, 1, b), "78,5");
    assert_string_equal(th_fmt_pct(78.5, 1, b), "78,5%");
    assert_string_equal(th_fmt_pct(100, 1, b), "100,0%");
    assert_string_equal(th_fmt_pct(90, 0, b), "90%");
    assert_string_equal(th_fmt_dec(1234567.891, 2, b), "1.234.567,89");
    assert_string_equal(th_fmt_dec(-12.26, 1, b), "-12,3");
    /* a small negative keeps its sign; one that rounds to zero does not */
    assert_string_equal(th_fmt_dec(-0.5, 1, b), "-0,5");
    assert_string_equal(th_fmt_dec(-0.04, 1, b), "0,0");
    assert_string_equal(th_fmt_dec(0.0 / 0.0, 1, b), "-");
}

static void test_fmt_dates(void **state)
{
    (void)state;
    char b[64], d[16];
    /* Nghị định 30/2020: days below 10 and months 1-2 get a leading zero */
    assert_string_equal(th_fmt_vn_date(20270105, b), "ngày 05 tháng 01 năm 2027");
    assert_string_equal(th_fmt_vn_date(20260629, b), "ngày 29 tháng 6 năm 2026");
    assert_string_equal(th_fmt_vn_date(20260210, b), "ngày 10 tháng 02 năm 2026");
    assert_string_equal(th_fmt_vn_date(20261231, b), "ngày 31 tháng 12 năm 2026");
    assert_string_equal(th_fmt_vn_date(20261009, b), "ngày 09 tháng 10 năm 2026");
    assert_string_equal(th_fmt_dmy(20261214, d), "14/12/2026");
    assert_string_equal(th_fmt_dmy(20250101, d), "01/01/2025");
}

/* ISO dates as registries, plans and submissions write them, and what is not one */
static void test_date_parse(void **state)
{
    (void)state;
    th_date d = 0;
    assert_true(th_date_parse("2026-12-31", &d));
    assert_int_equal(d, 20261231);
    assert_true(th_date_parse("2024-02-29", &d));
    assert_true(th_date_parse("2026-12-10T02:00:00", &d));
    assert_int_equal(d, 20261210);
    assert_true(th_date_parse("2026-01-05Z", &d));
    assert_true(th_date_parse("2026-01-05+07:00", &d));
    const char *bad[] = {"2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "1899-12-31", "2026-1-05",
                         "2026-+1-05", " 2026-01-05", "+2026-01-05", "2026/01/05", "2026-01-05x", "2026-01-0",
                         "", "2026"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = 7;
        assert_false(th_date_parse(bad[i], &d));
        assert_int_equal(d, 7); /* untouched */
    }
    assert_false(th_date_parse(NULL, &d));
}

static void test_nfc(void **state)
{
    (void)state;
    /* "Việt Nam" typed as Unicode tổ hợp: e + dot below + circumflex */
    const char *nfd = "Vie\xcc\xa3\xcc\x82t Nam";
    char *n = th_nfc(nfd);
    assert_non_null(n);
    assert_string_equal(n, "Việt Nam");
    assert_string_equal(n, "Vi\xe1\xbb\x87t Nam");
    free(n);
    n = th_nfc("Cộng hòa");
    assert_string_equal(n, "Cộng hòa");
    free(n);
    assert_null(th_nfc("V\xf5 Th\xed"));
    /* a letter then a combining acute (U+0301): composed to U+00E1 */
    n = th_nfc("Ha\xcc\x81");
    assert_string_equal(n, "H\xc3\xa1");
    free(n);
}

/* th_nfc copies text whose code points are all below U+0300 or in U+1E00-U+1EFF
 * without normalizing it: each of them must be NFC on its own, as libunistring
 * says, and stay so after a letter (none composes with what precedes it). */
static void test_nfc_fast_path(void **state)
{
    (void)state;
    for (ucs4_t c = 1; c <= 0x1EFF; c = c == 0x2FF ? 0x1E00 : c + 1) {
        uint8_t in[8] = "a";
        int k = u8_uctomb(in + 1, c, 6);
        assert_true(k > 0);
        size_t len = 0;
        uint8_t *norm = u8_normalize(UNINORM_NFC, in, (size_t)k + 1, NULL, &len);
        assert_non_null(norm);
        assert_int_equal(len, (size_t)k + 1);
        assert_memory_equal(norm, in, len);
        free(norm);
        char *n = th_nfc((const char *)in);
        assert_string_equal(n, (const char *)in);
        free(n);
    }
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(th_utf8_valid("Đội ngũ", strlen("Đội ngũ")));
    assert_false(th_utf8_valid("\xc0\xaf", 2));        /* overlong '/' */
    assert_false(th_utf8_valid("\xed\xa0\x80", 3));    /* surrogate */
    assert_false(th_utf8_valid("abc\xe1\xbb", 5));     /* cut in the middle */
    assert_true(th_utf8_valid("", 0));
}

/* th_utf8_check answers as u8_check does: every 1-4 byte sequence from a
 * set covering each lead and each boundary of a continuation byte, alone,
 * after ASCII (the sixteen-byte fast path before it) and cut at the end;
 * and random bytes, mostly ASCII. */
static void test_utf8_check_as_u8_check(void **state)
{
    (void)state;
    static const uint8_t probe[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2,
                                    0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5,
                                    0xf7, 0xf8, 0xfe, 0xff};
    size_t np = sizeof probe;
    uint8_t buf[64];
    for (size_t a = 0; a < np; a++)
        for (size_t b = 0; b < np; b++)
            for (size_t c = 0; c < np; c++)
                for (size_t d = 0; d < np; d += 3)
                    for (size_t pad = 0; pad <= 20; pad += 17) {
                        memset(buf, 'x', pad);
                        uint8_t seq[4] = {probe[a], probe[b], probe[c], probe[d]};
                        memcpy(buf + pad, seq, 4);
                        for (size_t n = pad; n <= pad + 4; n++) {
                            const uint8_t *want = u8_check(buf, n);
                            const char *got = th_utf8_check((const char *)buf, n);
                            assert_ptr_equal(got, want ? (const char *)want : NULL);
                        }
                    }
    srand(17);
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(rand() % 64);
        for (size_t i = 0; i < n; i++)
            buf[i] = rand() % 8 ? (uint8_t)(rand() % 0x80) : (uint8_t)(0x80 + rand() % 0x80);
        const uint8_t *want = u8_check(buf, n);
        assert_ptr_equal(th_utf8_check((const char *)buf, n), want ? (const char *)want : NULL);
    }
    const char *vi = "Đội ngũ cán bộ xã hội phường Tân An, quận Ninh Kiều: 1.234 người";
    assert_null(th_utf8_check(vi, strlen(vi)));
}

static void test_legacy_encoding(void **state)
{
    (void)state;
    /* TCVN3 (.VnTime) and VNI bytes shown as Windows-1252 */
    assert_string_equal(th_legacy_encoding("CéNG HOµ X· HéI"), "TCVN3");
    assert_string_equal(th_legacy_encoding("§éi ngò lµm c«ng t¸c x· héi"), "TCVN3");
    assert_string_equal(th_legacy_encoding("Xin chaøo"), "VNI");
    /* Unicode Vietnamese, NFC or NFD, is never legacy, whatever else it holds */
    assert_null(th_legacy_encoding("Cộng hòa xã hội chủ nghĩa Việt Nam"));
    assert_null(th_legacy_encoding("Vie\xcc\xa3\xcc\x82t Nam"));
    assert_null(th_legacy_encoding("Nhiệt độ 30°C, «Ngày Công tác xã hội Việt Nam»"));
    assert_null(th_legacy_encoding("30°C"));
    assert_null(th_legacy_encoding("Plain ASCII text, 100%"));
    assert_null(th_legacy_encoding(""));
}

static void test_trim(void **state)
{
    (void)state;
    char a[] = " \t 12 \r\n", b[] = "   ", c[] = "x";
    assert_string_equal(th_trim(a), "12");
    assert_string_equal(th_trim(b), "");
    assert_string_equal(th_trim(c), "x");
}

/* every control, bidi override and bad byte made visible; Vietnamese kept */
static void test_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"Phường Tân An.xml", "Phường Tân An.xml"},
        {"a\nb.xml:1: R01", "a\\nb.xml:1: R01"},
        {"x\r\ty", "x\\r\\ty"},
        {"\x1b[31mđỏ", "\\x1b[31mđỏ"},
        {"del\x7f nul\x01", "del\\x7f nul\\x01"},
        {"bad\xff\xfe.xml", "bad\\xff\\xfe.xml"},
        {"cut\xe1\xbb", "cut\\xe1\\xbb"},            /* a sequence cut short */
        {"over\xc0\xaf", "over\\xc0\\xaf"},          /* overlong '/' */
        {"nel\xc2\x85", "nel\\u0085"},                 /* C1 */
        {"gpj\xe2\x80\xae.exe", "gpj\\u202e.exe"},    /* RLO */
        {"\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\xa8",
         "\\u200e\\u200f\\u061c\\u2066\\u2069\\u2028"},
        {"a\\b", "a\\b"},                              /* a backslash stays */
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *e = th_escape(cases[i].in);
        assert_string_equal(e, cases[i].out);
        char *twice = th_escape(e); /* escaping twice changes nothing */
        assert_string_equal(twice, e);
        free(twice);
        free(e);
    }
    char *e = th_escape_n("a\0b", 3); /* a NUL inside a length */
    assert_string_equal(e, "a\\x00b");
    free(e);
    e = th_escape(NULL);
    assert_string_equal(e, "(null)");
    free(e);
}

/* names stored safely and exactly: %XX for what th_escape shows and '%' */
static void test_name_encode(void **state)
{
    (void)state;
    static const struct {
        const char *raw, *stored;
    } cases[] = {
        {"submissions/2026-annual/Phường 1.xml", "submissions/2026-annual/Phường 1.xml"},
        {"bad\xff\xfe.xml", "bad%FF%FE.xml"},
        {"a\nb\r\t.xml", "a%0Ab%0D%09.xml"},
        {"esc\x1b[31m.xml", "esc%1B[31m.xml"},
        {"gpj\xe2\x80\xae.xml", "gpj%E2%80%AE.xml"},
        {"50%.xml", "50%25.xml"},
        {"%0A.xml", "%250A.xml"}, /* a literal "%0A" is not a newline */
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *enc = th_name_encode(cases[i].raw), *dec = th_name_decode(enc);
        assert_string_equal(enc, cases[i].stored);
        assert_string_equal(dec, cases[i].raw);
        free(enc);
        free(dec);
    }
    /* decoding never makes a '/', a NUL or a letter out of %XX */
    char *dec = th_name_decode("a%2Fb%00c%41%zz%4");
    assert_string_equal(dec, "a%2Fb%00c%41%zz%4");
    free(dec);
}

static void test_quote(void **state)
{
    (void)state;
    char q[TH_QUOTE_SIZE];
    assert_string_equal(th_quote("5'", q, sizeof q), "“5'”");
    assert_string_equal(th_quote("Phường 1", q, sizeof q), "“Phường 1”");
    assert_string_equal(th_quote(NULL, q, sizeof q), "“”");
    /* at most TH_EXCERPT_CHARS characters inside, then … */
    assert_string_equal(th_quote("ạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạ", q, sizeof q),
                        "“ạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạ…”");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_int),    cmocka_unit_test(test_fmt_dec_pct),
        cmocka_unit_test(test_fmt_dates),  cmocka_unit_test(test_date_parse), cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_nfc_fast_path),
        cmocka_unit_test(test_utf8_valid), cmocka_unit_test(test_utf8_check_as_u8_check),
        cmocka_unit_test(test_legacy_encoding),
        cmocka_unit_test(test_trim),       cmocka_unit_test(test_escape),
        cmocka_unit_test(test_name_encode), cmocka_unit_test(test_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
