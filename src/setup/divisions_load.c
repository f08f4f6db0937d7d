/* divisions_load.c — read the national division table (divisions.tsv) and a county's
 * township table (townships.tsv) for the pure parsers of src/fields/county.c. */
#include "guiyan/county.h"
#include "guiyan/i18n.h"
#include "guiyan/error.h"
#include "guiyan/setup.h"

#define DIVISIONS_FILE_MAX (16u << 20)
#define TOWNSHIPS_FILE_MAX (64u << 20)

gy_divisions *
gy_divisions_load(const char *path, GError **err)
{
    g_return_val_if_fail(path != NULL, NULL);
    size_t len = 0;
    char *text = gy_setup_read(path, DIVISIONS_FILE_MAX,
                               _("larger than 16 MiB, not a division table"), GY_E_IO, &len, err);
    gy_divisions *dv = text ? gy_divisions_parse(text, len, path, err) : NULL;
    g_free(text);
    return dv;
}

gy_region *
gy_region_new_townships(const gy_divisions *dv, const char *county, const char *path,
                        GError **err)
{
    g_return_val_if_fail(dv != NULL && county != NULL && path != NULL, NULL);
    if (!gy_divisions_is_county(dv, county, err))
        return NULL;
    size_t len = 0;
    char *text = gy_setup_read(path, TOWNSHIPS_FILE_MAX,
                               _("larger than 64 MiB, not a township table"), GY_E_IO, &len, err);
    if (!text)
        return NULL;
    gy_region *rg = gy_region_townships_parse(dv, county, text, len, path, err);
    g_free(text);
    return rg;
}
