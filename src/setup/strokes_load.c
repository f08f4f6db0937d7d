/* strokes_load.c — read the stroke table (strokes.tsv) for gy_strokes_parse. */
#include "guiyan/i18n.h"
#include "guiyan/setup.h"
#include "guiyan/strokes.h"

/* the table has one line per character of GB 18030's common set: a few hundred KiB */
#define STROKES_FILE_MAX (16u << 20)

gy_strokes *gy_strokes_load(const char *path, GError **err)
{
    size_t len = 0;
    char *text = gy_setup_read(path, STROKES_FILE_MAX,
                               _("larger than 16 MiB, not a stroke table"), GY_E_IO, &len, err);
    gy_strokes *sk = text ? gy_strokes_parse(text, (gssize)len, path, err) : NULL;
    g_free(text);
    return sk;
}
