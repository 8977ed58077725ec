/* test_pdflayout.c - the typesetter: wrapping with real widths, justified
 * lines, tables that repeat their header and never split a row. */
#include "unit.h"
#include "pdflayout.h"

#define FONTS "/usr/share/fonts/truetype/liberation2"

static const char *const text =
    "Trên địa bàn có 1.367 cơ quan, tổ chức, cơ sở thuộc phạm vi của Chương trình; trong đó 831 cơ quan, "
    "tổ chức, cơ sở đã phân công, bố trí nhân sự làm công tác xã hội, đạt tỷ lệ 60,8% (chỉ tiêu ≥ 90%).";

static void test_wrap_fits_and_keeps_words(void **state)
{
    (void)state;
    struct th_pdf p;
    assert_int_equal(th_pdf_init(&p, FONTS, "LiberationSerif"), TH_OK);
    struct th_pdf_line *lines;
    float width = 200, indent = 30;
    size_t n = th_pdf_wrap(&p, TH_PDF_REGULAR, 14, text, width, indent, &lines);
    assert_true(n > 3);
    char joined[1024] = "";
    for (size_t i = 0; i < n; i++) {
        float w = th_pdf_width(&p, TH_PDF_REGULAR, 14, text + lines[i].off, lines[i].len);
        assert_true(w <= width - (i == 0 ? indent : 0) + 0.01f);
        assert_true(lines[i].last == (i == n - 1));
        /* lines break at spaces only */
        assert_true(lines[i].off == 0 || text[lines[i].off - 1] == ' ');
        if (i)
            strcat(joined, " ");
        strncat(joined, text + lines[i].off, lines[i].len);
    }
    assert_string_equal(joined, text);
    free(lines);
    /* widths are the font's: "Độc lập" is wider in bold than in regular */
    assert_true(th_pdf_width(&p, TH_PDF_BOLD, 13, "Độc lập", strlen("Độc lập")) >
                th_pdf_width(&p, TH_PDF_REGULAR, 13, "Độc lập", strlen("Độc lập")));
    th_pdf_release(&p);
}

static void test_wrap_breaks_long_word_between_characters(void **state)
{
    (void)state;
    struct th_pdf p;
    assert_int_equal(th_pdf_init(&p, FONTS, "LiberationSerif"), TH_OK);
    const char *w = "Ủyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy";
    struct th_pdf_line *lines;
    size_t n = th_pdf_wrap(&p, TH_PDF_REGULAR, 12, w, 80, 0, &lines);
    assert_true(n >= 2);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(th_pdf_width(&p, TH_PDF_REGULAR, 12, w + lines[i].off, lines[i].len) <= 80.01f);
        total += lines[i].len;
    }
    assert_int_equal(total, strlen(w));   /* "Ủ" (3 bytes) is never cut */
    free(lines);
    th_pdf_release(&p);
}

static void test_table_repeats_header_and_keeps_rows(void **state)
{
    (void)state;
    struct th_pdf p;
    assert_int_equal(th_pdf_init(&p, FONTS, "LiberationSerif"), TH_OK);
    float w[2] = {100, 300};
    const char *head[2] = {"STT", "Đơn vị"};
    enum th_pdf_align al[2] = {TH_PDF_CENTER, TH_PDF_LEFT};
    struct th_pdf_table t = {2, w, head, al, 11, 2.5f, 0};
    th_pdf_new_page(&p);
    p.y = p.mb + 30;      /* little room left: the header must not stay alone */
    const char *row[2] = {"1", "Phường Cái Khế, thành phố Cần Thơ, một tên dài cần xuống dòng để thử chiều cao"};
    float rh = th_pdf_table_row_height(&p, &t, row, TH_PDF_REGULAR);
    assert_true(rh > 11 * 1.2f * 2);
    th_pdf_table_row(&p, &t, row, TH_PDF_REGULAR, 0);
    assert_int_equal(p.npages, 2);       /* header and row moved together */
    assert_int_equal(t.head_page, 2);
    for (int i = 0; i < 200; i++) {
        int before = p.npages;
        float y = p.y;
        th_pdf_table_row(&p, &t, row, TH_PDF_REGULAR, 0);
        assert_true(p.y >= p.mb - 0.01f);          /* nothing below the bottom margin */
        if (p.npages != before)
            assert_int_equal(t.head_page, p.npages);   /* header repeated on the new page */
        else
            assert_true(y - p.y >= rh - 0.01f);
    }
    assert_int_equal(p.pageno, p.npages);
    th_pdf_new_part(&p);
    th_pdf_new_page(&p);
    assert_int_equal(p.pageno, 1);
    assert_int_equal(th_pdf_status(&p, "test"), TH_OK);
    th_pdf_release(&p);
}

static void test_missing_font_is_a_configuration_error(void **state)
{
    (void)state;
    struct th_pdf p;
    th_quiet = 1;
    assert_int_equal(th_pdf_init(&p, "/nonexistent", "LiberationSerif"), TH_ERR_CONFIG);
    th_pdf_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_fits_and_keeps_words),
        cmocka_unit_test(test_wrap_breaks_long_word_between_characters),
        cmocka_unit_test(test_table_repeats_header_and_keeps_rows),
        cmocka_unit_test(test_missing_font_is_a_configuration_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
