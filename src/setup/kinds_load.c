/* kinds_load.c — report_templates/kinds.ini, the record kinds of the other lists: the file
 * read and its key-file text parsed here, the kinds themselves built by the pure
 * gy_kinds_from_keyfile (measures/declared.c). */
#include "guiyan/declared.h"
#include "guiyan/error.h"
#include "guiyan/i18n.h"
#include "guiyan/ini.h"
#include "guiyan/install.h"

/* Every group is a kind; its three keys are checked as text here (UTF-8, a line that is not
 * INI named with its number) and read by the pure gy_kinds_from_keyfile. */
static bool take_text(void *obj, const char *group, const char *key, char **values,
                      const char **why)
{
    (void)obj, (void)group, (void)key, (void)values, (void)why;
    return true;
}

gy_kinds *gy_kinds_parse(const char *text, size_t len, const char *origin, GError **err)
{
    static const char *const keys[] = { "label", "fields", "key", NULL };
    static const gy_ini_groups groups = { "", keys, false, take_text };
    GKeyFile *kf = gy_ini_parse_groups(text, len, origin, &groups, NULL, GY_E_CONFIG, err);
    if (!kf)
        return NULL;
    gy_kinds *out = gy_kinds_from_keyfile(kf, origin, err);
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

char *gy_templates_builtin_file(const char *name)
{
    char *inst = gy_install_dir("guiyan/templates");
    char *own = g_build_filename(inst ? inst : GY_TEMPLATES_DIR, name, NULL);
    g_free(inst);
    return own;
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
    char *own = gy_templates_builtin_file("kinds.ini");
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
