/* strokes_load.c — read the stroke table (strokes.tsv) for gy_strokes_parse. */
#include "guiyan/error.h"
#include "guiyan/strokes.h"

gy_strokes *gy_strokes_load(const char *path, GError **err)
{
    char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s", e->message);
        g_error_free(e);
        return NULL;
    }
    gy_strokes *sk = gy_strokes_parse(text, (gssize)len, path, err);
    g_free(text);
    return sk;
}
