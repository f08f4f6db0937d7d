/* testutil.h — small helpers the cmocka suites share: run an independent checker (pdftotext,
 * pdfinfo, python3 …), remove a scratch folder, thin a loop under valgrind. Header-only: each
 * test is one program. */
#ifndef GUIYAN_TESTUTIL_H
#define GUIYAN_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

/* Under valgrind (make check's memory tier, some 50 times slower), true for all but one i in
 * n: for thinning the exhaustive loops that check arithmetic, whose memory use does not
 * change from one value to the next. Always false otherwise. */
static inline bool test_thinned(size_t i, size_t n)
{
    return RUNNING_ON_VALGRIND && i % n != 0;
}

/* Run a program (NULL-terminated arguments, found on PATH); its standard output, newly
 * allocated, or NULL when it could not run or exited non-zero. */
static inline char *test_run(const char *arg0, ...)
{
    const char *argv[16];
    int n = 0;
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a && n < 15; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    char *out = NULL;
    int status = 0;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, &status, NULL))
        return NULL;
    if (!g_spawn_check_wait_status(status, NULL)) {
        g_free(out);
        return NULL;
    }
    return out;
}

/* Remove a folder and everything below it. */
static inline void test_rm_tree(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR))
            test_rm_tree(p);
        else
            g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
}

/* bytes[0, len) in a new temporary file named after pattern ("gy-x-XXXXXX.csv"): its path,
 * newly allocated, or NULL when it could not be written. */
static inline char *test_write_tmp(const char *pattern, const char *bytes, size_t len)
{
    char *path = NULL;
    int fd = g_file_open_tmp(pattern, &path, NULL);
    if (fd < 0)
        return NULL;
    bool ok = write(fd, bytes, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        g_unlink(path);
        g_clear_pointer(&path, g_free);
    }
    return path;
}

#endif
