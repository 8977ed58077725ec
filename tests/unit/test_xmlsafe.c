/* test_xmlsafe.c - the attribute caps' pre-scan (xmlsafe.c): the same
 * answer as the byte-by-byte scan it replaced, on markup made to hit every
 * state (comments, PIs, CDATA, quotes unclosed, tags cut at the end). */
#include "unit.h"

#include <stdbool.h>

#include "xmlsafe.h"

/* The scan as it was (one memchr per '<', a start tag read byte by byte). */
static int ref_line_at(const char *data, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

static const char *ref_skip_past(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    const char *at = p < end ? memmem(p, (size_t)(end - p), needle, n) : NULL;
    return at ? at + n : NULL;
}

static int ref_scan(const char *data, size_t len, size_t per_element, size_t per_file, bool *on_element)
{
    const char *p = data, *end = data + len;
    size_t total = 0;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt || lt + 1 >= end)
            break;
        p = lt + 1;
        if (*p == '!') {
            if (end - p >= 3 && memcmp(p, "!--", 3) == 0)
                p = ref_skip_past(p + 3, end, "-->");
            else if (end - p >= 8 && memcmp(p, "![CDATA[", 8) == 0)
                p = ref_skip_past(p + 8, end, "]]>");
            else
                p = ref_skip_past(p, end, ">");
        } else if (*p == '?') {
            p = ref_skip_past(p, end, "?>");
        } else if (*p == '/') {
            p = ref_skip_past(p, end, ">");
        } else {
            size_t here = 0;
            while (p && p < end && *p != '>') {
                if (*p == '"' || *p == '\'') {
                    const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                    if (!q)
                        return 0;
                    p = q + 1;
                    here++;
                    total++;
                    if (here > per_element || total > per_file) {
                        *on_element = here > per_element;
                        return ref_line_at(data, (size_t)(lt - data));
                    }
                } else {
                    p++;
                }
            }
        }
        if (!p)
            break;
    }
    return 0;
}

static void check(const char *data, size_t len, size_t per_element, size_t per_file)
{
    bool want_el = false, got_el = false;
    int want = ref_scan(data, len, per_element, per_file, &want_el);
    int got = th_xml_attr_scan(data, len, per_element, per_file, &got_el);
    if (want != got || want_el != got_el)
        fail_msg("'%.*s' (%zu, %zu): %d/%d, want %d/%d", (int)len, data, per_element, per_file, got, got_el, want,
                 want_el);
}

static void test_attr_scan_as_before(void **state)
{
    (void)state;
    static const char *const piece[] = {"<", ">", "\"", "'", "<a", "</a>", " b=\"1\"", " c='2'", "<!--", "-->",
                                        "<![CDATA[", "]]>", "<?", "?>", "<!", "\n", "text ", "<x y=\"<>\">",
                                        "-", "?", "/", "=", "  "};
    size_t np = sizeof piece / sizeof piece[0];
    char buf[400];
    srand(17);
    for (int round = 0; round < 200000; round++) {
        size_t len = 0, k = (size_t)(rand() % 40);
        for (size_t i = 0; i < k; i++) {
            const char *s = piece[rand() % (int)np];
            size_t n = strlen(s);
            memcpy(buf + len, s, n);
            len += n;
        }
        check(buf, len, (size_t)(rand() % 4), (size_t)(rand() % 8));
        check(buf, len, 256, 10000);
    }
    /* the caps on a real shape, each way, and the line of the tag */
    const char *doc = "<?xml version=\"1.0\"?>\n<r>\n<!-- a=\"1\" -->\n<c r=\"A1\" s=\"2\" t=\"s\"><v>1</v></c>\n</r>";
    bool on = false;
    assert_int_equal(th_xml_attr_scan(doc, strlen(doc), 2, 100, &on), 4);
    assert_true(on);
    assert_int_equal(th_xml_attr_scan(doc, strlen(doc), 3, 2, &on), 4);
    assert_false(on);
    assert_int_equal(th_xml_attr_scan(doc, strlen(doc), 3, 3, &on), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attr_scan_as_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
