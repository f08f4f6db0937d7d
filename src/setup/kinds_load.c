/* kinds_load.c — report_templates/kinds.ini, the record kinds of the other lists: the file
 * read and its key-file text parsed here, the kinds themselves built by the pure
 * gy_kinds_from_keyfile (measures/declared.c). */
#include "guiyan/declared.h"
#include "guiyan/error.h"
#include "guiyan/i18n.h"
#include "guiyan/install.h"

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
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("cannot read the record kinds of the lists: "
                    "%s"), local->message);
        g_error_free(local);
        return NULL;
    }
    gy_kinds *k = gy_kinds_parse(data, len, path, err);
    g_free(data);
    return k;
}

gy_kinds *gy_kinds_load_dir(const char *dir, char **builtin, GError **err)
{
    *builtin = NULL;
    char *path = g_build_filename(dir, "kinds.ini", NULL);
    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        gy_kinds *k = gy_kinds_load(path, err);
        g_free(path);
        return k;
    }
    /* a templates folder copied before kinds.ini existed: the records need none, and a clerk
     * expects the lists to be read as the program ships them */
    char *inst = gy_install_dir("guiyan/templates");
    char *own = g_build_filename(inst ? inst : GY_TEMPLATES_DIR, "kinds.ini", NULL);
    g_free(inst);
    gy_kinds *k = NULL;
    if (g_file_test(own, G_FILE_TEST_EXISTS) && (k = gy_kinds_load(own, err)) != NULL) {
        *builtin = own;
        own = NULL;
    } else if (!err || !*err) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("%s: no such file, and no built-in one either: "
                    "copy report_templates/kinds.ini (the record kinds of the training list, the "
                    "survey …) into %s"), path, dir);
    }
    g_free(own);
    g_free(path);
    return k;
}
