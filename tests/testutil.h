/* testutil.h — small helpers the cmocka suites share: run an independent checker (pdftotext,
 * pdfinfo, python3 …) and remove a scratch folder. Header-only: each test is one program. */
#ifndef GUIYAN_TESTUTIL_H
#define GUIYAN_TESTUTIL_H

#include <stdarg.h>
#include <glib.h>
#include <glib/gstdio.h>

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

#endif
