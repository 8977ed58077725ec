/* test_archive.c - the archive module: slugs and search folding, storing
 * versions, finding by filters, verification of objects. */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "archive.h"

static void test_slug_and_fold(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"BC-SYT", "BC-SYT"},
        {"BC-SLĐTBXH", "BC-SLDTBXH"},
        {"năm", "nam"},
        {"6 tháng đầu năm", "6-thang-dau-nam"},
        {"  Cần  Thơ! ", "Can-Tho"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = th_archive_slug(cases[i][0]);
        assert_string_equal(s, cases[i][1]);
        free(s);
    }
    /* NFD input (Unicode tổ hợp) folds like NFC */
    char *a = th_archive_fold("Thành phố CẦN THƠ"), *b = th_archive_fold("Tha\xcc\x80nh pho\xcc\x82\xcc\x81 Cần Thơ");
    assert_string_equal(a, "thanh pho can tho");
    assert_string_equal(b, "thanh pho can tho");
    free(a);
    free(b);
}

struct fixture {
    char dir[64];
    char *arch;
};

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_archive-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fx->arch = th_path_join(fx->dir, "archive");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    char *cmd[] = {"/bin/rm", "-rf", fx->dir, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        execv(cmd[0], cmd);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    free(fx->arch);
    free(fx);
    return 0;
}

static const struct th_archive_meta meta = {
    .plan = "p1", .period = "annual", .period_label = "năm", .year = 2026,
    .title = "Kế hoạch công tác xã hội Cần Thơ", .issuing_body = "SỞ Y TẾ",
    .issuing_unit = "SYT", .symbol = "BC-SYT", .number = 7, .created = 20261228,
    .tonghop_version = "tonghop test",
};

/* Archive report text `body` with one submission; returns the exit code. */
static int add(struct fixture *fx, const char *body)
{
    char *rep = th_path_join(fx->dir, "report.pdf"), *sub = th_path_join(fx->dir, "31135.xml");
    put(rep, body);
    put(sub, "<submission/>\n");
    struct th_archive_file docs[] = {{.role = "report-pdf", .src = rep}};
    struct th_archive_file in[] = {
        {.role = "submission", .src = sub, .path = "submissions/2026-annual/31135.xml", .unit = "31135",
         .status = "accepted"},
    };
    struct th_archive *a = th_archive_open(fx->arch, true, NULL);
    assert_non_null(a);
    assert_int_equal(th_archive_lock(a), TH_EXIT_OK);
    int rc = th_archive_store(a, &meta, docs, 1, in, 1);
    assert_int_equal(th_archive_write_index(a), TH_OK);
    th_archive_file_release(&docs[0]);
    th_archive_file_release(&in[0]);
    th_archive_close(a);
    free(rep);
    free(sub);
    return rc;
}

static void test_versions_and_find(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(add(fx, "%PDF first"), TH_EXIT_OK);
    assert_int_equal(add(fx, "%PDF first"), TH_EXIT_OK);   /* same bytes: no new row */
    assert_int_equal(add(fx, "%PDF second"), TH_EXIT_OK);

    struct th_archive *a = th_archive_open(fx->arch, false, NULL);
    assert_non_null(a);
    struct th_archive_doc *d;
    size_t n;
    assert_int_equal(th_archive_find(a, NULL, &d, &n), TH_OK);
    assert_int_equal(n, 2);
    assert_int_equal(d[0].version, 2);                     /* newest version first */
    assert_string_equal(d[0].name, "BC-SYT-07-2026-nam-v2.pdf");
    assert_string_equal(d[1].name, "BC-SYT-07-2026-nam.pdf");
    assert_string_equal(d[1].doc_number, "07/BC-SYT");
    assert_string_equal(d[1].created, "2026-12-28");
    char sha[65];
    th_sha256_hex("%PDF first", 10, sha);
    assert_string_equal(d[1].sha256, sha);
    assert_int_equal(d[1].size, 10);
    assert_string_equal(d[0].provenance, d[1].provenance);
    th_archive_docs_free(d, n);

    struct th_archive_filter f = {.year = 2026, .latest = true};
    assert_int_equal(th_archive_find(a, &f, &d, &n), TH_OK);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].version, 2);
    th_archive_docs_free(d, n);

    struct {
        struct th_archive_filter f;
        size_t want;
    } cases[] = {
        {{.unit = "31135"}, 2},       {{.unit = "SYT"}, 2},        {{.unit = "31120"}, 0},
        {{.number = "7"}, 2},         {{.number = "07/bc-syt"}, 2}, {{.number = "8"}, 0},
        {{.title = "can tho"}, 2},    {{.title = "Kiên"}, 0},       {{.kind = "xlsx"}, 0},
        {{.kind = "pdf", .version = 1}, 1}, {{.period = "h1"}, 0},  {{.sha256 = "zz"}, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(th_archive_find(a, &cases[i].f, &d, &n), TH_OK);
        if (n != cases[i].want)
            fail_msg("filter case %zu: %zu documents, expected %zu", i, n, cases[i].want);
        th_archive_docs_free(d, n);
    }

    struct th_archive_input *in;
    assert_int_equal(th_archive_inputs(a, 1, &in, &n), TH_OK);
    assert_int_equal(n, 1);
    assert_string_equal(in[0].path, "submissions/2026-annual/31135.xml");
    assert_string_equal(in[0].status, "accepted");
    th_archive_inputs_free(in, n);
    th_archive_close(a);
}

static void test_verify(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(add(fx, "%PDF report"), TH_EXIT_OK);
    struct th_archive *a = th_archive_open(fx->arch, false, NULL);
    FILE *out = tmpfile();
    assert_int_equal(th_archive_verify(a, out), TH_EXIT_OK);

    char sha[65];
    th_sha256_hex("%PDF report", 11, sha);
    char *obj = th_asprintf("objects/%.2s/%s.pdf", sha, sha), *path = th_path_join(fx->arch, obj);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0444);
    assert_int_equal(th_archive_check_object(a, obj, sha), TH_OK);

    chmod(path, 0644);
    put(path, "%PDF rep0rt");
    assert_int_equal(th_archive_check_object(a, obj, sha), TH_ERR_PARSE);
    rewind(out);
    assert_int_equal(th_archive_verify(a, out), TH_EXIT_VERIFY);
    unlink(path);
    assert_int_equal(th_archive_check_object(a, obj, sha), TH_ERR_NOT_FOUND);
    assert_int_equal(th_archive_verify(a, out), TH_EXIT_VERIFY);
    char buf[4096];
    rewind(out);
    size_t len = fread(buf, 1, sizeof buf - 1, out);
    buf[len] = '\0';
    char *changed = th_asprintf("changed: BC-SYT-07-2026-nam.pdf (%s)\n", obj);
    char *missing = th_asprintf("missing: BC-SYT-07-2026-nam.pdf (%s)\n", obj);
    assert_non_null(strstr(buf, changed));
    assert_non_null(strstr(buf, missing));
    free(changed);
    free(missing);
    fclose(out);
    free(obj);
    free(path);
    th_archive_close(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slug_and_fold),
        cmocka_unit_test_setup_teardown(test_versions_and_find, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
