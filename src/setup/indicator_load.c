/* indicator_load.c — read the indicator table (indicators.tsv) for gy_indicators_parse. */
#include "guiyan/i18n.h"
#include "guiyan/indicator.h"
#include "guiyan/error.h"

/* The table is a few lines; anything this big is the wrong file. */
#define INDICATOR_FILE_MAX (1u << 20)

gy_indicators *
gy_indicators_load(const char *path, GError **err)
{
    GError *local = NULL;
    GMappedFile *mf = g_mapped_file_new(path, FALSE, &local);
    if (!mf) {
        /* GLib's message already names the file */
        g_set_error_literal(err, GY_ERROR, GY_E_IO, local->message);
        g_error_free(local);
        return NULL;
    }
    gy_indicators *t = NULL;
    size_t len = g_mapped_file_get_length(mf);
    if (len > INDICATOR_FILE_MAX)
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: larger than 1 MiB, not an indicator "
                                                    "table"), path);
    else
        t = gy_indicators_parse(len ? g_mapped_file_get_contents(mf) : "", len, path, err);
    g_mapped_file_unref(mf);
    return t;
}
