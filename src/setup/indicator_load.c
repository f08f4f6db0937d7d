/* indicator_load.c — read the indicator table (indicators.tsv) for gy_indicators_parse. */
#include "guiyan/i18n.h"
#include "guiyan/indicator.h"
#include "guiyan/setup.h"

/* The table is a few lines; anything this big is the wrong file. */
#define INDICATOR_FILE_MAX (1u << 20)

gy_indicators *
gy_indicators_load(const char *path, GError **err)
{
    size_t len = 0;
    char *text = gy_setup_read(path, INDICATOR_FILE_MAX,
                               _("larger than 1 MiB, not an indicator table"), GY_E_IO, &len, err);
    gy_indicators *t = text ? gy_indicators_parse(text, len, path, err) : NULL;
    g_free(text);
    return t;
}
