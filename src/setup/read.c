/* read.c — a reference or settings file read whole, with a ceiling (setup.h). */
#include <stdbool.h>

#include "guiyan/setup.h"

char *gy_setup_read(const char *path, size_t max, const char *too_big, gy_error missing,
                    size_t *len, GError **err)
{
    char *text = NULL;
    gsize n = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &n, &e)) {
        /* GLib's message already names the file */
        bool absent = g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT);
        g_set_error_literal(err, GY_ERROR, absent ? missing : GY_E_IO, e->message);
        g_error_free(e);
        return NULL;
    }
    if (n > max) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, "%s: %s", path, too_big);
        g_free(text);
        return NULL;
    }
    *len = n;
    return text;
}
