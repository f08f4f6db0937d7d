/* kinds_load.c — report_templates/kinds.ini, the record kinds of the other lists: the file
 * read and its key-file text parsed here, the kinds themselves built by the pure
 * gy_kinds_from_keyfile (measures/declared.c). */
#include "guiyan/declared.h"
#include "guiyan/error.h"

gy_kinds *gy_kinds_parse(const char *text, size_t len, const char *origin, GError **err)
{
    GKeyFile *kf = g_key_file_new();
    GError *local = NULL;
    gy_kinds *out = NULL;
    if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &local)) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, "%s: %s", origin, local->message);
        g_error_free(local);
    } else {
        out = gy_kinds_from_keyfile(kf, origin, err);
    }
    g_key_file_free(kf);
    return out;
}

gy_kinds *gy_kinds_load(const char *path, GError **err)
{
    char *data = NULL;
    gsize len = 0;
    GError *local = NULL;
    if (!g_file_get_contents(path, &data, &len, &local)) {
        g_set_error_literal(err, GY_ERROR, GY_E_IO, local->message);
        g_error_free(local);
        return NULL;
    }
    gy_kinds *k = gy_kinds_parse(data, len, path, err);
    g_free(data);
    return k;
}
