/* lines.c — the one reader of line tables: lines, line numbers, comments (lines.h). */
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/lines.h"

bool gy_lines_each(const char *text, size_t len, const char *origin, gy_line_fn fn, void *user,
                   GError **err)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (memchr(text, '\0', len)) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: not a text file (NUL byte)"), origin);
        return false;
    }
    const char *p = text, *end = text + len;
    unsigned long lineno = 0;
    bool ok = true;
    while (ok && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        lineno++;
        if (n && p[n - 1] == '\r')
            n--;
        if (!g_utf8_validate(p, (gssize)n, NULL)) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s:%lu: not valid UTF-8"), origin,
                        lineno);
            return false;
        }
        size_t lead = 0;
        while (lead < n && (p[lead] == ' ' || p[lead] == '\t'))
            lead++;
        if (lead < n && p[lead] != '#') {
            char *line = g_strndup(p, n);
            ok = fn(line, lineno, user, err);
            g_free(line);
        }
        p = nl ? nl + 1 : end;
    }
    return ok;
}
