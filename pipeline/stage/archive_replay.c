/* archive_replay.c - laying archived inputs back and running the program
 * again, for `archive reproduce` of reports and reviews alike. */
#include "archive_replay.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escape.h"

int th_replay_lay_back(struct th_archive *a, const struct th_archive_input *x, const char *dst, FILE *out)
{
    char *src = th_path_join(th_archive_dir(a), x->object), *parent = th_dirname(dst);
    th_err e = th_mkdirs(parent);
    if (e == TH_OK)
        e = th_archive_copy_object(a, x->object, x->sha256, dst);
    bool missing = e != TH_OK && !th_is_file(src);
    if (e == TH_ERR_PARSE || missing)
        th_out(out, "%s: input %s (%s)", missing ? "missing" : "changed", x->path, x->object);
    else if (e != TH_OK)
        th_error("cannot copy '%s' to '%s': %s", src, dst, strerror(errno));
    free(parent);
    free(src);
    if (e == TH_OK)
        return TH_EXIT_OK;
    return e == TH_ERR_PARSE || missing ? TH_EXIT_VERIFY : TH_EXIT_SYSTEM;
}

const char *th_replay_program(char *buf, size_t size)
{
    const char *cmd = getenv("TONGHOP_REPRODUCE_CMD");
    if (cmd && *cmd)
        return cmd;
    ssize_t len = readlink("/proc/self/exe", buf, size - 1);
    if (len > 0)
        buf[len] = '\0';
    else
        snprintf(buf, size, "/proc/self/exe");
    return buf;
}

int th_replay_spawn(char *const argv[])
{
    extern char **environ;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int err = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err) {
        th_error("cannot run '%s': %s", argv[0], strerror(err));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            th_error("cannot wait for '%s': %s", argv[0], strerror(errno));
            return -1;
        }
    if (WIFSIGNALED(status)) {
        th_error("'%s' was killed by signal %d", argv[0], WTERMSIG(status));
        return -1;
    }
    return WEXITSTATUS(status);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void th_replay_rm_tree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
