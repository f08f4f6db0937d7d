/* install.c — an installed guiyan's folders, found from /proc/self/exe. */
#include <glib.h>

#include "guiyan/install.h"

char *gy_install_dir(const char *sub)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (!exe)
        return NULL;
    char *bindir = g_path_get_dirname(exe);
    char *prefix = g_path_get_dirname(bindir);
    char *dir = g_build_filename(prefix, "share", sub, NULL);
    g_free(prefix);
    g_free(bindir);
    g_free(exe);
    if (g_file_test(dir, G_FILE_TEST_IS_DIR))
        return dir;
    g_free(dir);
    return NULL;
}
