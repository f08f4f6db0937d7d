/* template_load.c — read a reply template file for gy_tpl_parse. */
#include "guiyan/i18n.h"
#include "guiyan/setup.h"
#include "guiyan/template.h"

/* A template is a few pages; anything this big is the wrong file. */
#define TPL_FILE_MAX (4u << 20)

gy_tpl *gy_tpl_load(const char *path, const gy_tpl_ctx *ctx, GError **err)
{
    size_t len = 0;
    /* a template that is not there is a usage mistake (exit 2), not a failing disk */
    char *text = gy_setup_read(path, TPL_FILE_MAX, _("larger than 4 MiB, not a template"),
                               GY_E_TEMPLATE, &len, err);
    gy_tpl *t = text ? gy_tpl_parse(text, len, path, ctx, err) : NULL;
    g_free(text);
    return t;
}
