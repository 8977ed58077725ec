/* test_temp.c - the one temp-file mechanism (common.c): exclusive random
 * names beside the target, nothing planted is followed, commit and abort,
 * the sweep of a killed run's temps, and lock files that refuse links. */
#include "unit.h"

#include "common.h"
#include "entries.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/th_temp_XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    size_t n;
    char **f = th_list_entries(dir, false, &n);
    for (size_t i = 0; i < n; i++)
        unlink(f[i]);
    th_strv_free(f, n);
    return rmdir(dir);
}

static char *in_dir(const char *name)
{
    return th_path_join(dir, name);
}

static size_t count_files(void)
{
    size_t n;
    char **f = th_list_entries(dir, false, &n);
    th_strv_free(f, n);
    return n;
}

static void test_commit_replaces(void **state)
{
    (void)state;
    char *path = in_dir("out.xml");
    assert_int_equal(th_write_atomic(path, "old", 3), TH_OK);
    struct th_temp t;
    assert_int_equal(th_temp_open(&t, path, 0444), TH_OK);
    assert_non_null(strstr(t.name, "out.xml.tmp."));
    struct stat st;
    assert_int_equal(stat(t.name, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0444);
    assert_int_equal(write(t.fd, "new!", 4), 4);
    assert_int_equal(th_temp_commit(&t), TH_OK);
    assert_null(t.name);
    char *data;
    size_t len;
    assert_int_equal(th_read_file(path, 100, &data, &len), TH_OK);
    assert_string_equal(data, "new!");
    free(data);
    assert_int_equal(count_files(), 1);
    unlink(path);
    free(path);
}

static void test_two_temps_differ_and_abort(void **state)
{
    (void)state;
    char *path = in_dir("a.pdf");
    struct th_temp t1, t2;
    assert_int_equal(th_temp_open(&t1, path, 0644), TH_OK);
    assert_int_equal(th_temp_open(&t2, path, 0644), TH_OK);
    assert_string_not_equal(t1.name, t2.name);
    th_temp_abort(&t1);
    th_temp_abort(&t2);
    th_temp_abort(&t2); /* twice is harmless */
    assert_int_equal(count_files(), 0);
    free(path);
}

/* a library given th_temp_libpath writes the file we opened, by name */
static void test_libpath_writes_our_file(void **state)
{
    (void)state;
    char *path = in_dir("b.xlsx");
    struct th_temp t;
    assert_int_equal(th_temp_open(&t, path, 0644), TH_OK);
    FILE *f = fopen(th_temp_libpath(&t), "wb");
    assert_non_null(f);
    fputs("by name", f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(th_temp_commit(&t), TH_OK);
    char *data;
    assert_int_equal(th_read_file(path, 100, &data, NULL), TH_OK);
    assert_string_equal(data, "by name");
    free(data);
    unlink(path);
    free(path);
}

/* a link planted beside the target is never written through: the temp is a
 * new name, and committing replaces a link at the target itself, not what
 * it points to */
static void test_planted_link_not_followed(void **state)
{
    (void)state;
    char *victim = in_dir("victim"), *path = in_dir("c.xml");
    assert_int_equal(th_write_atomic(victim, "keep", 4), TH_OK);
    assert_int_equal(symlink(victim, path), 0);
    assert_int_equal(th_write_atomic(path, "x", 1), TH_OK);
    char *data;
    assert_int_equal(th_read_file(victim, 100, &data, NULL), TH_OK);
    assert_string_equal(data, "keep");
    free(data);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    unlink(path);
    unlink(victim);
    free(path);
    free(victim);
}

static void test_sweep_only_dead_temps(void **state)
{
    (void)state;
    /* pid 0x7ffffffe is not running; our own pid is */
    /* a catalog's temp killed inside its transaction leaves SQLite's journal
     * beside it (t94 found one after the re-run) */
    const char *dead[] = {"x.xml.tmp.2147483646", "x.xml.tmp.2147483646-0123456789ab",
                          "catalog.sqlite.tmp.2147483646-0123456789ab-journal"};
    const char *keep[] = {"x.xml", "notes.tmp.txt", "x.xml.tmp.2147483646-zz", "x.xml.tmp.2147483646.bak",
                          "x.xml.tmp.0", "x.xml.tmp.2147483646-0123456789ab-old"};
    for (size_t i = 0; i < 3; i++) {
        char *p = in_dir(dead[i]);
        assert_int_equal(th_write_atomic(p, "d", 1), TH_OK);
        free(p);
    }
    for (size_t i = 0; i < 6; i++) {
        char *p = in_dir(keep[i]);
        assert_int_equal(th_write_atomic(p, "k", 1), TH_OK);
        free(p);
    }
    char *mine = in_dir("y.xml");
    struct th_temp t;
    assert_int_equal(th_temp_open(&t, mine, 0644), TH_OK);
    th_quiet = 1;
    th_temp_sweep(dir);
    assert_int_equal(count_files(), 7); /* the six kept and our live temp */
    assert_int_equal(access(t.name, F_OK), 0);
    th_temp_abort(&t);
    free(mine);
    for (size_t i = 0; i < 6; i++) {
        char *p = in_dir(keep[i]);
        assert_int_equal(access(p, F_OK), 0);
        unlink(p);
        free(p);
    }
}

static void test_lock_refuses_links(void **state)
{
    (void)state;
    char *victim = in_dir("precious"), *lock = in_dir("nightly.lock"), *fifo = in_dir("fifo.lock"),
         *hard = in_dir("hard.lock");
    assert_int_equal(th_write_atomic(victim, "precious", 8), TH_OK);
    assert_int_equal(symlink(victim, lock), 0);
    errno = 0;
    assert_int_equal(th_lock_open(lock), -1);
    assert_int_equal(errno, ELOOP);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    assert_int_equal(th_lock_open(fifo), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(link(victim, hard), 0);
    assert_int_equal(th_lock_open(hard), -1);
    struct stat st;
    assert_int_equal(stat(victim, &st), 0);
    assert_int_equal(st.st_size, 8);
    unlink(lock);
    unlink(hard);
    int fd = th_lock_open(lock);
    assert_true(fd >= 0);
    close(fd);
    unlink(lock);
    unlink(fifo);
    unlink(victim);
    free(victim);
    free(lock);
    free(fifo);
    free(hard);
}

/* noreplace: a target that exists (a file, a dangling link) is kept, EEXIST,
 * and the temp removed; a new name is committed. */
static void test_commit_noreplace(void **state)
{
    (void)state;
    char *path = in_dir("got.pdf"), *link = in_dir("link.pdf");
    assert_int_equal(th_write_atomic(path, "old", 3), TH_OK);
    assert_int_equal(symlink("/nonexistent/x", link), 0);
    const char *targets[] = {path, link};
    for (int i = 0; i < 2; i++) {
        struct th_temp t;
        assert_int_equal(th_temp_open(&t, targets[i], 0644), TH_OK);
        t.noreplace = true;
        assert_int_equal(write(t.fd, "new", 3), 3);
        assert_int_equal(th_temp_commit(&t), TH_ERR_IO);
        assert_int_equal(errno, EEXIST);
    }
    char *data;
    size_t len;
    assert_int_equal(th_read_file(path, 100, &data, &len), TH_OK);
    assert_string_equal(data, "old");
    free(data);
    unlink(link);
    unlink(path);
    struct th_temp t;
    assert_int_equal(th_temp_open(&t, path, 0644), TH_OK);
    t.noreplace = true;
    assert_int_equal(th_temp_commit(&t), TH_OK);
    assert_int_equal(count_files(), 1);
    unlink(path);
    free(path);
    free(link);
}

/* th_path_within sees through links and "..", and through a tail that does
 * not exist yet. */
static void test_path_within(void **state)
{
    (void)state;
    char *subs = in_dir("subs"), *deep = th_asprintf("%s/subs/2026-annual", dir), *ln = in_dir("ln");
    char *via = th_asprintf("%s/ln/new/out", dir), *up = th_asprintf("%s/subs/../other", dir);
    char *dotdot = th_asprintf("%s/other/../subs/x", dir);
    assert_int_equal(th_mkdirs(deep), TH_OK);
    assert_int_equal(symlink(deep, ln), 0);
    assert_true(th_path_within(subs, subs));
    assert_true(th_path_within(deep, subs));
    assert_true(th_path_within(via, subs));
    assert_true(th_path_within(dotdot, subs));
    assert_false(th_path_within(up, subs));
    assert_false(th_path_within(dir, subs));
    char *r = th_path_resolve(via);
    assert_non_null(strstr(r, "/subs/2026-annual/new/out"));
    free(r);
    unlink(ln);
    rmdir(deep);
    rmdir(subs);
    free(subs);
    free(deep);
    free(ln);
    free(via);
    free(up);
    free(dotdot);
}

/* A hashed temp: the SHA-256 of what th_temp_write wrote is in t.sha256
 * after the commit and th_written_sha256 gives it for that file while it is
 * unchanged; bytes written past th_temp_write, or by a library, leave no
 * hash; a failed commit none either. */
static void test_hash_as_written(void **state)
{
    (void)state;
    char *path = in_dir("cons.xml");
    struct th_temp t;
    char want[65], got[65];
    th_sha256_hex("<a>bc</a>", 9, want);
    assert_int_equal(th_temp_open(&t, path, 0644), TH_OK);
    th_temp_hash(&t);
    assert_int_equal(th_temp_write(&t, "<a>", 3), TH_OK);
    assert_int_equal(th_temp_write(&t, "bc</a>", 6), TH_OK);
    assert_int_equal(th_temp_commit(&t), TH_OK);
    assert_string_equal(t.sha256, want);
    int fd = open(path, O_RDONLY);
    assert_true(th_written_sha256(fd, got));
    assert_string_equal(got, want);
    close(fd);
    /* changed since: another size, or another modification time */
    fd = open(path, O_WRONLY | O_APPEND);
    assert_int_equal(write(fd, "x", 1), 1);
    assert_false(th_written_sha256(fd, got));
    close(fd);
    /* not every byte through th_temp_write: no hash */
    assert_int_equal(th_temp_open(&t, path, 0644), TH_OK);
    th_temp_hash(&t);
    assert_int_equal(th_temp_write(&t, "ab", 2), TH_OK);
    assert_int_equal(write(t.fd, "c", 1), 1);
    assert_int_equal(th_temp_commit(&t), TH_OK);
    assert_string_equal(t.sha256, "");
    fd = open(path, O_RDONLY);
    assert_false(th_written_sha256(fd, got));
    close(fd);
    /* written by a library through th_temp_libpath: no hash */
    assert_int_equal(th_temp_open(&t, path, 0644), TH_OK);
    th_temp_hash(&t);
    FILE *f = fopen(th_temp_libpath(&t), "w");
    assert_non_null(f);
    fputs("lib", f);
    fclose(f);
    assert_int_equal(th_temp_commit(&t), TH_OK);
    assert_string_equal(t.sha256, "");
    /* not hashed unless asked */
    assert_int_equal(th_temp_open(&t, path, 0644), TH_OK);
    assert_int_equal(th_temp_write(&t, "plain", 5), TH_OK);
    assert_int_equal(th_temp_commit(&t), TH_OK);
    assert_string_equal(t.sha256, "");
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces),        cmocka_unit_test(test_two_temps_differ_and_abort),
        cmocka_unit_test(test_libpath_writes_our_file), cmocka_unit_test(test_planted_link_not_followed),
        cmocka_unit_test(test_sweep_only_dead_temps),   cmocka_unit_test(test_lock_refuses_links),
        cmocka_unit_test(test_commit_noreplace),        cmocka_unit_test(test_path_within),
        cmocka_unit_test(test_hash_as_written),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
