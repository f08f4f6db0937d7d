/* config.c — the bureau's settings from a GKeyFile, and the region they describe. */
#include <string.h>

#include "guiyan/config.h"
#include "guiyan/i18n.h"
#include "guiyan/install.h"
#include "guiyan/reader.h"

char *gy_config_templates_dir(const char *dir)
{
    if (dir && *dir)
        return g_strdup(dir);
    const char *env = g_getenv("GUIYAN_TEMPLATES");
    if (env && *env)
        return g_strdup(env);
    char *installed = gy_install_dir("guiyan/templates");
    return installed ? installed : g_strdup(GY_TEMPLATES_DIR);
}

static char *get(GKeyFile *kf, const char *group, const char *key, const char *dflt)
{
    char *v = g_key_file_get_string(kf, group, key, NULL);
    if (!v)
        return g_strdup(dflt);
    g_strstrip(v);
    return v;
}

gy_config *gy_config_load(const char *templates, const char *path, GError **err)
{
    gy_config *cf = g_new0(gy_config, 1);
    cf->templates = gy_config_templates_dir(templates);
    cf->kf = g_key_file_new();
    g_key_file_set_list_separator(cf->kf, ';');
    char *file = path ? g_strdup(path) : g_build_filename(cf->templates, "guiyan.ini", NULL);
    GError *e = NULL;
    if (g_key_file_load_from_file(cf->kf, file, G_KEY_FILE_NONE, &e)) {
        cf->path = file;
    } else if (!path && g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
        g_clear_error(&e);
        cf->path = g_strdup("");
        g_free(file);
    } else {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, "%s: %s", file, e->message);
        g_error_free(e);
        g_free(file);
        gy_config_free(cf);
        return NULL;
    }
    cf->scope = get(cf->kf, "region", "scope", "");
    cf->org = get(cf->kf, "report", "org", "");
    cf->source = get(cf->kf, "report", "source", "返乡创业实名制台账");
    return cf;
}

void gy_config_free(gy_config *cf)
{
    if (!cf)
        return;
    g_free(cf->templates);
    g_free(cf->path);
    g_free(cf->scope);
    g_free(cf->org);
    g_free(cf->source);
    if (cf->kf)
        g_key_file_free(cf->kf);
    g_free(cf);
}

char *gy_config_file(const gy_config *cf, const char *name)
{
    return g_build_filename(cf->templates, name, NULL);
}

gy_region *gy_config_region(const gy_config *cf, const gy_divisions *dv, const char *scope,
                            GError **err)
{
    GError *e = NULL;
    gy_region *rg = gy_region_new(dv, scope ? scope : cf->scope, &e);
    if (!rg) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("region %s: %s"),
                    scope ? scope : cf->scope, e->message);
        g_error_free(e);
        return NULL;
    }
    /* units only belong to the configured region: a --region elsewhere has none */
    if (scope && *cf->scope) {
        const char *code = gy_region_scope_code(rg);
        const char *name = gy_divisions_name(dv, code);
        if (strcmp(code, cf->scope) != 0 && !(name && g_str_has_prefix(name, cf->scope)))
            return rg;
    }
    gchar **units = g_key_file_get_keys(cf->kf, "units", NULL, NULL);
    for (gchar **u = units; u && *u; u++) {
        gchar **aliases = g_key_file_get_string_list(cf->kf, "units", *u, NULL, NULL);
        gy_region_add_unit(rg, *u, (const char *const *)aliases);
        g_strfreev(aliases);
    }
    g_strfreev(units);
    return rg;
}
