/* ini.c — the one INI reader: a settings file read against a table of its keys (ini.h). */
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/ini.h"

unsigned long gy_ini_line(const char *text, const char *group, const char *key)
{
    size_t gl = strlen(group), kl = strlen(key);
    bool in = false;
    unsigned long line = 0;
    for (const char *p = text; p && *p; ) {
        line++;
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && (*p == ' ' || *p == '\t'))
            p++, n--;
        if (n && *p == '[') {
            const char *close = memchr(p, ']', n);
            in = close && (size_t)(close - p - 1) == gl && memcmp(p + 1, group, gl) == 0;
        } else if (in && n > kl && memcmp(p, key, kl) == 0) {
            const char *q = p + kl;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '=')
                return line;
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* The value of one key as the table wants it; false with *why (a msgid) and *range (the
 * range to name, or NULL) when it is bad. */
static bool take(const gy_ini_key *k, const char *v, void *obj, const char **why)
{
    char *place = (char *)obj + k->offset;
    switch (k->kind) {
    case GY_INI_TEXT:
    case GY_INI_STRING:
        if ((k->kind == GY_INI_TEXT && !*v) || !g_utf8_validate(v, -1, NULL)) {
            *why = k->kind == GY_INI_TEXT ? N_("empty or not UTF-8") : N_("not UTF-8");
            return false;
        }
        g_free(*(char **)(void *)place);
        *(char **)(void *)place = g_strdup(v);
        return true;
    case GY_INI_DOUBLE: {
        char *end = NULL;
        double d = g_ascii_strtod(v, &end);
        if (!*v || *end || !(d >= k->lo && d <= k->hi)) {
            *why = N_("not a number from %g to %g");
            return false;
        }
        *(double *)(void *)place = d * (k->factor != 0 ? k->factor : 1);
        return true;
    }
    case GY_INI_INT:
    case GY_INI_INT32: {
        gint64 n = 0;
        gint64 lo = (gint64)k->lo, hi = k->hi >= 9.2e18 ? G_MAXINT64 : (gint64)k->hi;
        if (!g_ascii_string_to_signed(v, 10, lo, hi, &n, NULL)) {
            *why = N_("not a whole number from %g to %g");
            return false;
        }
        if (k->kind == GY_INI_INT)
            *(int64_t *)(void *)place = n;
        else
            *(int *)(void *)place = (int)n;
        return true;
    }
    case GY_INI_BOOL:
        if (!g_ascii_strcasecmp(v, "true") || !strcmp(v, "1"))
            *(bool *)(void *)place = true;
        else if (!g_ascii_strcasecmp(v, "false") || !strcmp(v, "0"))
            *(bool *)(void *)place = false;
        else {
            *why = N_("not true or false");
            return false;
        }
        return true;
    case GY_INI_CUSTOM:
        return k->parse(v, place, why);
    }
    *why = N_("unknown kind of setting");
    return false;
}

/* "path:line: [group] key: reason"; text (may be NULL: read again) gives the line. */
static void bad_value(const char *text, const char *path, const char *group, const char *key,
                      const char *reason, gy_error code, GError **err)
{
    char *again = NULL;
    if (!text && g_file_get_contents(path, &again, NULL, NULL))
        text = again;
    g_set_error(err, GY_ERROR, code, "%s:%lu: [%s] %s: %s", path,
                text ? gy_ini_line(text, group, key) : 0, group, key, reason);
    g_free(again);
}

/* The checks of gy_ini_read on kf; text (may be NULL: read again for the message) gives the
 * line of a bad value. */
static gy_error apply(GKeyFile *kf, const char *text, const char *path, const gy_ini_key *keys,
                      size_t n, void *obj, gy_error code, GError **err)
{
    for (size_t i = 0; i < n; i++) {
        const gy_ini_key *k = &keys[i];
        GError *ge = NULL;
        char *v = g_key_file_get_string(kf, k->group, k->key, &ge);
        /* GKeyFile gives a value that is not UTF-8 as no value: say so */
        bool bad = !v && g_error_matches(ge, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING);
        g_clear_error(&ge);
        if (!v && !bad)
            continue;
        const char *why = N_("not UTF-8");
        bool ok = v && take(k, g_strstrip(v), obj, &why);
        g_free(v);
        if (ok)
            continue;
        char *reason = g_strdup_printf(_(why), k->lo, k->hi);
        bad_value(text, path, k->group, k->key, reason, code, err);
        g_free(reason);
        return code;
    }
    return GY_OK;
}

gy_error gy_ini_apply(GKeyFile *kf, const char *path, const gy_ini_key *keys, size_t n,
                      void *obj, gy_error code, GError **err)
{
    return apply(kf, NULL, path, keys, n, obj, code, err);
}

/* The first line of text GKeyFile would refuse, as "path:line: reason"; GKeyFile's own
 * message names the line's text but not its number. */
static bool check_lines(const char *text, gsize len, const char *path, gy_error code,
                        GError **err)
{
    bool group = false;
    unsigned long line = 0;
    for (const char *p = text, *stop = text + len; p < stop; ) {
        line++;
        const char *end = memchr(p, '\n', (size_t)(stop - p));
        size_t n = end ? (size_t)(end - p) : (size_t)(stop - p);
        while (n && (*p == ' ' || *p == '\t'))
            p++, n--;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
            n--;
        const char *why = NULL;
        if (n == 0 || *p == '#')
            ;
        else if (*p == '[')
            group = true, why = p[n - 1] == ']' ? NULL : N_("a [group] line without its ]");
        else if (!memchr(p, '=', n) || *p == '=')
            why = N_("not a [group], a key=value or a # comment");
        else if (!group)
            why = N_("key=value before the first [group]");
        if (why) {
            g_set_error(err, GY_ERROR, code, "%s:%lu: %s", path, line, _(why));
            return false;
        }
        p = end ? end + 1 : stop;
    }
    return true;
}

GKeyFile *gy_ini_load_data(const char *text, gsize len, const char *origin, gy_error code,
                           GError **err)
{
    if (!check_lines(text, len, origin, code, err))
        return NULL;
    GError *e = NULL;
    GKeyFile *kf = g_key_file_new();
    g_key_file_set_list_separator(kf, ';');
    if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e)) {
        g_set_error(err, GY_ERROR, code, "%s: %s", origin, e->message);
        g_error_free(e);
        g_key_file_free(kf);
        return NULL;
    }
    return kf;
}

/* The text of path (*text, *len) in a new key file (list separator ';'); NULL with *err. */
static GKeyFile *load(const char *path, char **text, gsize *len, gy_error code, GError **err)
{
    GError *e = NULL;
    *text = NULL;
    if (!g_file_get_contents(path, text, len, &e)) {
        g_set_error(err, GY_ERROR, code, "%s: %s", path, e->message);
        g_error_free(e);
        return NULL;
    }
    GKeyFile *kf = gy_ini_load_data(*text, *len, path, code, err);
    if (!kf)
        g_clear_pointer(text, g_free);
    return kf;
}

GKeyFile *gy_ini_load(const char *path, gy_error code, GError **err)
{
    char *text;
    gsize len;
    GKeyFile *kf = load(path, &text, &len, code, err);
    g_free(text);
    return kf;
}

gy_error gy_ini_read(const char *path, const gy_ini_key *keys, size_t n, void *obj,
                     gy_error code, GError **err)
{
    char *text = NULL;
    gsize len = 0;
    GKeyFile *kf = load(path, &text, &len, code, err);
    if (!kf)
        return code;
    gy_error r = apply(kf, text, path, keys, n, obj, code, err);
    g_key_file_free(kf);
    g_free(text);
    return r;
}

/* Whether key is one of keys (NULL: any key is). */
static bool key_listed(const char *const *keys, const char *key)
{
    for (const char *const *k = keys; k && *k; k++)
        if (strcmp(*k, key) == 0)
            return true;
    return !keys;
}

/* The checks of gy_ini_read_groups on kf; text as for apply. */
static gy_error apply_groups(GKeyFile *kf, const char *text, const char *path,
                             const gy_ini_groups *g, void *obj, gy_error code, GError **err)
{
    gy_error r = GY_OK;
    gchar **groups = g_key_file_get_groups(kf, NULL);
    for (gchar **gr = groups; r == GY_OK && *gr; gr++) {
        if (!g_str_has_prefix(*gr, g->prefix))
            continue;
        gchar **keys = g_key_file_get_keys(kf, *gr, NULL, NULL);
        for (gchar **k = keys; r == GY_OK && k && *k; k++) {
            if (!key_listed(g->keys, *k))
                continue;
            GError *ge = NULL;
            gchar **values = NULL;
            if (g->list) {
                values = g_key_file_get_string_list(kf, *gr, *k, NULL, &ge);
            } else {
                char *v = g_key_file_get_string(kf, *gr, *k, &ge);
                values = v ? g_new0(gchar *, 2) : NULL;
                if (values)
                    values[0] = v;
            }
            /* GKeyFile gives a value that is not UTF-8 as no value: say so */
            const char *why = N_("not UTF-8");
            bool ok = values || !g_error_matches(ge, G_KEY_FILE_ERROR,
                                                 G_KEY_FILE_ERROR_UNKNOWN_ENCODING);
            g_clear_error(&ge);
            for (gchar **v = values; ok && v && *v; v++)
                g_strstrip(*v);
            ok = ok && (!values || g->take(obj, *gr + strlen(g->prefix), *k, values, &why));
            g_strfreev(values);
            if (ok)
                continue;
            bad_value(text, path, *gr, *k, _(why), code, err);
            r = code;
        }
        g_strfreev(keys);
    }
    g_strfreev(groups);
    return r;
}

gy_error gy_ini_apply_groups(GKeyFile *kf, const char *path, const gy_ini_groups *g, void *obj,
                             gy_error code, GError **err)
{
    return apply_groups(kf, NULL, path, g, obj, code, err);
}

gy_error gy_ini_read_groups(const char *path, const gy_ini_groups *g, void *obj, gy_error code,
                            GError **err)
{
    char *text = NULL;
    gsize len = 0;
    GKeyFile *kf = load(path, &text, &len, code, err);
    if (!kf)
        return code;
    gy_error r = apply_groups(kf, text, path, g, obj, code, err);
    g_key_file_free(kf);
    g_free(text);
    return r;
}

GKeyFile *gy_ini_parse_groups(const char *text, gsize len, const char *origin,
                              const gy_ini_groups *g, void *obj, gy_error code, GError **err)
{
    GKeyFile *kf = gy_ini_load_data(text, len, origin, code, err);
    if (kf && apply_groups(kf, text, origin, g, obj, code, err) != GY_OK)
        g_clear_pointer(&kf, g_key_file_free);
    return kf;
}
