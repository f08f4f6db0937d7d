/* config.h — the bureau's settings (report_templates/guiyan.ini or --config FILE): region,
 * reporting units without a code, organisation name; and where the templates live. */
#ifndef GUIYAN_CONFIG_H
#define GUIYAN_CONFIG_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/county.h"
#include "guiyan/error.h"

typedef struct gy_config {
    char *templates;     /* folder of report templates */
    char *path;          /* the configuration file read ("" if none) */
    char *scope;         /* region code or name; "" = whole country */
    char *org;           /* 填报单位 */
    char *source;        /* 数据来源 */
    GKeyFile *kf;        /* everything else, for modules that read their own keys */
    GHashTable *orgs;    /* [report CODE] org=: code → 填报单位 */
} gy_config;

/* The templates folder: `dir` if given, else $GUIYAN_TEMPLATES, else the compiled-in one.
 * Newly allocated. */
char *gy_config_templates_dir(const char *dir);

/* Load `path` (NULL = <templates>/guiyan.ini; a missing default is not an error). GY_E_CONFIG
 * with *err naming the file on a malformed file. Free with gy_config_free. */
gy_config *gy_config_load(const char *templates, const char *path, GError **err);
void gy_config_free(gy_config *cf);

/* <templates>/<name>, newly allocated. */
char *gy_config_file(const gy_config *cf, const char *name);

/* Build the region: `scope` overrides the configuration's when non-NULL; then add the
 * configured reporting units. A county-level scope (511123, 犍为县) gives the region of its
 * townships from <templates>/townships.tsv (gy_region_new_townships), without units. NULL and
 * *err (GY_E_CONFIG) if the scope is unknown. */
gy_region *gy_config_region(const gy_config *cf, const gy_divisions *dv, const char *scope,
                            GError **err);

/* The 填报单位 for region rg, newly allocated: `org` (--org) when given; else org= of the
 * group [report CODE] for the region's code (000000 for the whole country); else [report]
 * org= when rg is the configured region; else "" with *warning (newly allocated) saying that
 * no organisation names this region, so no other region's bureau is printed. */
char *gy_config_org(const gy_config *cf, const gy_divisions *dv, const gy_region *rg,
                    const char *org, char **warning);

#endif
