/* divisions_load.c — read the national division table (divisions.tsv) and a county's
 * township table (townships.tsv) for the pure parsers of src/fields/county.c. */
#include "guiyan/county.h"
#include "guiyan/i18n.h"
#include "guiyan/error.h"

#define DIVISIONS_FILE_MAX (16u << 20)
#define TOWNSHIPS_FILE_MAX (64u << 20)

gy_divisions *
gy_divisions_load(const char *path, GError **err)
{
    g_return_val_if_fail(path != NULL, NULL);
    GError *local = NULL;
    GMappedFile *mf = g_mapped_file_new(path, FALSE, &local);
    if (!mf) {
        /* GLib's message already names the file */
        g_set_error_literal(err, GY_ERROR, GY_E_IO, local->message);
        g_error_free(local);
        return NULL;
    }
    gy_divisions *dv = NULL;
    size_t len = g_mapped_file_get_length(mf);
    if (len > DIVISIONS_FILE_MAX)
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("%s: larger than 16 MiB, not a division table"), path);
    else
        dv = gy_divisions_parse(len ? g_mapped_file_get_contents(mf) : "", len, path, err);
    g_mapped_file_unref(mf);
    return dv;
}

gy_region *
gy_region_new_townships(const gy_divisions *dv, const char *county, const char *path,
                        GError **err)
{
    g_return_val_if_fail(dv != NULL && county != NULL && path != NULL, NULL);
    if (!gy_divisions_is_county(dv, county, err))
        return NULL;
    gchar *text = NULL;
    gsize len = 0;
    GError *local = NULL;
    if (!g_file_get_contents(path, &text, &len, &local)) {
        g_set_error_literal(err, GY_ERROR, GY_E_IO, local->message);
        g_error_free(local);
        return NULL;
    }
    if (len > TOWNSHIPS_FILE_MAX) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: larger than 64 MiB, not a township "
                                                    "table"), path);
        g_free(text);
        return NULL;
    }
    gy_region *rg = gy_region_townships_parse(dv, county, text, len, path, err);
    g_free(text);
    return rg;
}
