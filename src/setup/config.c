/* config.c — the bureau's settings from a GKeyFile, and the region they describe. */
#include <stddef.h>
#include <string.h>

#include "guiyan/config.h"
#include "guiyan/i18n.h"
#include "guiyan/error.h"
#include "guiyan/ini.h"
#include "guiyan/install.h"

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

/* [report CODE]: the 填报单位 of one region, by its code (its [units] group is read where used). */
static bool take_report(void *obj, const char *code, const char *key, char **values,
                        const char **why)
{
    (void)key;
    (void)why;
    g_hash_table_replace(((gy_config *)obj)->orgs, g_strdup(code), g_strdup(values[0]));
    return true;
}

static const char *const report_keys[] = { "org", NULL };
static const gy_ini_groups report_groups = { "report ", report_keys, false, take_report };

/* The settings guiyan.ini gives. */
static const gy_ini_key config_keys[] = {
    { "region", "scope", GY_INI_STRING, offsetof(gy_config, scope), 0, 0, 0, NULL },
    { "report", "org", GY_INI_STRING, offsetof(gy_config, org), 0, 0, 0, NULL },
    { "report", "source", GY_INI_STRING, offsetof(gy_config, source), 0, 0, 0, NULL },
};

gy_config *gy_config_load(const char *templates, const char *path, GError **err)
{
    gy_config *cf = g_new0(gy_config, 1);
    cf->templates = gy_config_templates_dir(templates);
    cf->orgs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *file = path ? g_strdup(path) : g_build_filename(cf->templates, "guiyan.ini", NULL);
    if (!path && !g_file_test(file, G_FILE_TEST_EXISTS)) {
        cf->kf = g_key_file_new();
        cf->path = g_strdup("");
        g_free(file);
    } else if ((cf->kf = gy_ini_load(file, GY_E_CONFIG, err))) {
        cf->path = file;
    } else {
        g_free(file);
        gy_config_free(cf);
        return NULL;
    }
    cf->scope = g_strdup("");
    cf->org = g_strdup("");
    cf->source = g_strdup("返乡创业实名制台账");
    if (*cf->path && (gy_ini_apply(cf->kf, cf->path, config_keys, G_N_ELEMENTS(config_keys), cf,
                                   GY_E_CONFIG, err) != GY_OK ||
                      gy_ini_apply_groups(cf->kf, cf->path, &report_groups, cf, GY_E_CONFIG,
                                          err) != GY_OK)) {
        gy_config_free(cf);
        return NULL;
    }
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
    if (cf->orgs)
        g_hash_table_destroy(cf->orgs);
    g_free(cf);
}

char *gy_config_file(const gy_config *cf, const char *name)
{
    return g_build_filename(cf->templates, name, NULL);
}

/* Whether rg is the region the configuration was written for (its [region] scope, by code
 * or by name); an empty scope is the whole country. */
static bool config_is_home(const gy_config *cf, const gy_divisions *dv, const gy_region *rg)
{
    const char *code = gy_region_scope_code(rg);
    if (!*cf->scope)
        return !*code;
    const char *name = gy_divisions_name(dv, code);
    return strcmp(code, cf->scope) == 0 || (name && g_str_has_prefix(name, cf->scope));
}

gy_region *gy_config_region(const gy_config *cf, const gy_divisions *dv, const char *scope,
                            GError **err)
{
    GError *e = NULL;
    const char *want = scope ? scope : cf->scope;
    gy_region *rg = gy_region_new(dv, want, &e);
    const char *county = rg ? NULL : gy_divisions_county(dv, want);
    if (county) {
        /* a county: its townships are the rows */
        g_clear_error(&e);
        char *path = gy_config_file(cf, "townships.tsv");
        rg = gy_region_new_townships(dv, county, path, &e);
        g_free(path);
    }
    if (!rg) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("region %s: %s"),
                    scope ? scope : cf->scope, e->message);
        g_error_free(e);
        return NULL;
    }
    /* units only belong to the configured region: a --region elsewhere has none */
    if ((scope && *cf->scope && !config_is_home(cf, dv, rg)) || gy_region_is_townships(rg))
        return rg;
    gchar **units = g_key_file_get_keys(cf->kf, "units", NULL, NULL);
    for (gchar **u = units; u && *u; u++) {
        gchar **aliases = g_key_file_get_string_list(cf->kf, "units", *u, NULL, NULL);
        gy_region_add_unit(rg, *u, (const char *const *)aliases);
        g_strfreev(aliases);
    }
    g_strfreev(units);
    return rg;
}

char *gy_config_org(const gy_config *cf, const gy_divisions *dv, const gy_region *rg,
                    const char *org, char **warning)
{
    *warning = NULL;
    if (org)
        return g_strstrip(g_strdup(org));
    const char *code = gy_region_scope_code(rg);
    const char *own = g_hash_table_lookup(cf->orgs, *code ? code : "000000");
    if (own)
        return g_strdup(own);
    if (config_is_home(cf, dv, rg))
        return g_strdup(cf->org);
    if (*cf->org)
        *warning = g_strdup_printf(_("no organisation is configured for %s: 填报单位 is left "
                                     "blank (name it with --org, or with org= under "
                                     "[report %s] in %s)"),
                                   gy_region_label(rg), *code ? code : "000000",
                                   *cf->path ? cf->path : "guiyan.ini");
    return g_strdup("");
}
