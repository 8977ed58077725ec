/* test_pdflayout.c - the typesetter: wrapping with real widths, justified
 * lines, tables that repeat their header and never split a row. */
#include "unit.h"

#include <unistd.h>

#include "pdflayout.h"

#define FONTS "/usr/share/fonts/truetype/liberation2"

static const char *const text =
    "Trên địa bàn có 1.367 cơ quan, tổ chức, cơ sở thuộc phạm vi của Chương trình; trong đó 831 cơ quan, "
    "tổ chức, cơ sở đã phân công, bố trí nhân sự làm công tác xã hội, đạt tỷ lệ 60,8% (chỉ tiêu ≥ 90%).";

static void test_wrap_fits_and_keeps_words(void **state)
{
    (void)state;
    struct th_pdf p;
    assert_int_equal(th_pdf_init(&p, NULL, FONTS, "LiberationSerif"), TH_OK);
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
    assert_int_equal(th_pdf_init(&p, NULL, FONTS, "LiberationSerif"), TH_OK);
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
    assert_int_equal(th_pdf_init(&p, NULL, FONTS, "LiberationSerif"), TH_OK);
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
    assert_int_equal(th_pdf_init(&p, NULL, "/nonexistent", "LiberationSerif"), TH_ERR_CONFIG);
    th_pdf_release(&p);
}

/* th_pdf_init on fonts_dir with stderr in a file: its result, and what was
 * printed in *err (caller frees). */
static th_err init_err(struct th_pdf *p, const char *pdf, const char *fonts_dir, char **err)
{
    char log[] = "/tmp/th-pdf-err-XXXXXX";
    int fd = mkstemp(log), saved = dup(2);
    assert_true(fd >= 0 && saved >= 0);
    fflush(stderr);
    dup2(fd, 2);
    th_err e = th_pdf_init(p, pdf, fonts_dir, "LiberationSerif");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    size_t len;
    assert_int_equal(th_read_file(log, 1u << 20, err, &len), TH_OK);
    unlink(log);
    return e;
}

/* A damaged font is named with the PDF being written and libharu's error in
 * Vietnamese, never a bare "libharu error 0x…": a file that is not TrueType
 * at all, and a real one cut short (for which libharu gives no code). */
static void test_damaged_font_is_named_in_vietnamese(void **state)
{
    (void)state;
    char dir[] = "/tmp/th-fonts-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const char *const faces[] = {"Regular", "Bold", "Italic", "BoldItalic"};
    char *good, *err;
    size_t len;
    assert_int_equal(th_read_file(FONTS "/LiberationSerif-Regular.ttf", 64u << 20, &good, &len), TH_OK);
    static const struct {
        size_t keep;           /* bytes of the real font kept, 0: not a font at all */
        const char *why;
    } cases[] = {
        {0, "tệp phông chữ không đúng định dạng TrueType (hỏng, hoặc không phải tệp .ttf) "
            "(libharu HPDF_TTF_INVALID_FOMAT 0x105F"},
        {400, "tệp phông chữ hỏng hoặc bị cắt ngang (libharu không báo mã lỗi)"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        for (size_t i = 0; i < 4; i++) {
            char *f = th_asprintf("%s/LiberationSerif-%s.ttf", dir, faces[i]);
            const char *junk = "this is not a font\n";
            assert_int_equal(cases[c].keep ? th_write_atomic(f, good, cases[c].keep)
                                           : th_write_atomic(f, junk, strlen(junk)),
                             TH_OK);
            free(f);
        }
        struct th_pdf p;
        assert_int_equal(init_err(&p, "out/report.pdf", dir, &err), TH_ERR_IO);
        th_pdf_release(&p);
        char *want = th_asprintf("'out/report.pdf': không nạp được phông chữ '%s/LiberationSerif-Regular.ttf': ", dir);
        if (!strstr(err, want) || !strstr(err, cases[c].why) || strstr(err, "libharu error"))
            fail_msg("want '%s' … '%s' in:\n%s", want, cases[c].why, err);
        free(want);
        free(err);
    }
    for (size_t i = 0; i < 4; i++) {
        char *f = th_asprintf("%s/LiberationSerif-%s.ttf", dir, faces[i]);
        unlink(f);
        free(f);
    }
    rmdir(dir);
    free(good);
}

/* Every code of hpdf_error.h has its own name and a Vietnamese message. */
static void test_every_libharu_error_has_a_message(void **state)
{
    (void)state;
    const char *name;
    assert_string_equal(th_pdf_error_vi(HPDF_TTF_MISSING_TABLE, &name),
                        "tệp phông chữ TrueType thiếu một bảng bắt buộc (tệp hỏng hoặc bị cắt ngang)");
    assert_string_equal(name, "HPDF_TTF_MISSING_TABLE");
    assert_string_equal(th_pdf_error_vi(HPDF_FAILD_TO_ALLOC_MEM, &name), "hết bộ nhớ");
    for (HPDF_STATUS c = HPDF_ARRAY_COUNT_ERR; c <= HPDF_INVALID_ICC_COMPONENT_NUM; c++) {
        const char *vi = th_pdf_error_vi(c, &name);
        assert_non_null(vi);
        assert_true(strncmp(name, "HPDF_", 5) == 0);
    }
    th_pdf_error_vi(0x7777, &name);
    assert_string_equal(name, "HPDF_?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_fits_and_keeps_words),
        cmocka_unit_test(test_wrap_breaks_long_word_between_characters),
        cmocka_unit_test(test_table_repeats_header_and_keeps_rows),
        cmocka_unit_test(test_missing_font_is_a_configuration_error),
        cmocka_unit_test(test_damaged_font_is_named_in_vietnamese),
        cmocka_unit_test(test_every_libharu_error_has_a_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
