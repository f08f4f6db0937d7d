/* template_load.c — read a reply template file for gy_tpl_parse. */
#include <stdbool.h>

#include "guiyan/i18n.h"
#include "guiyan/error.h"
#include "guiyan/template.h"

/* A template is a few pages; anything this big is the wrong file. */
#define TPL_FILE_MAX (4u << 20)

gy_tpl *gy_tpl_load(const char *path, const gy_tpl_ctx *ctx, GError **err)
{
    char *text = NULL;
    gsize len = 0;
    GError *local = NULL;
    if (!g_file_get_contents(path, &text, &len, &local)) {
        /* a template that is not there is a usage mistake (exit 2), not a failing disk */
        bool missing = g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT);
        g_set_error(err, GY_ERROR, missing ? GY_E_TEMPLATE : GY_E_IO, "%s", local->message);
        g_error_free(local);
        return NULL;
    }
    if (len > TPL_FILE_MAX) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: too big for a template (%zu bytes)"),
                    path, (size_t)len);
        g_free(text);
        return NULL;
    }
    gy_tpl *t = gy_tpl_parse(text, len, path, ctx, err);
    g_free(text);
    return t;
}
