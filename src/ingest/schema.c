/* schema.c — header spellings from the editable alias file, and header → column mapping. */
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/schema.h"

struct gy_aliases {
    GKeyFile *kf;
    GHashTable *folded;   /* "kind\x1ffolded spelling" → "key" (owned strings) */
};

char *gy_header_fold(const char *s)
{
    GString *out = g_string_sized_new(strlen(s));
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == 0x3000)
            continue;
        if (c == 0xFF08) c = '(';
        else if (c == 0xFF09) c = ')';
        else if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
        g_string_append_unichar(out, g_unichar_tolower(c));
    }
    return g_string_free(out, FALSE);
}

gy_aliases *gy_aliases_load(const char *path, GError **err)
{
    gy_aliases *al = g_new0(gy_aliases, 1);
    al->kf = g_key_file_new();
    al->folded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_key_file_set_list_separator(al->kf, ';');
    if (!g_key_file_load_from_file(al->kf, path, G_KEY_FILE_NONE, err)) {
        g_prefix_error(err, "%s: ", path);
        gy_aliases_free(al);
        return NULL;
    }
    gchar **groups = g_key_file_get_groups(al->kf, NULL);
    for (gchar **g = groups; *g; g++) {
        gchar **keys = g_key_file_get_keys(al->kf, *g, NULL, NULL);
        for (gchar **k = keys; k && *k; k++) {
            gchar **sp = g_key_file_get_string_list(al->kf, *g, *k, NULL, NULL);
            for (gchar **s = sp; s && *s; s++) {
                char *f = gy_header_fold(*s);
                if (*f)
                    g_hash_table_insert(al->folded, g_strdup_printf("%s\x1f%s", *g, f),
                                        g_strdup(*k));
                g_free(f);
            }
            /* the canonical name itself is always a spelling */
            g_hash_table_insert(al->folded, g_strdup_printf("%s\x1f%s", *g, *k), g_strdup(*k));
            g_strfreev(sp);
        }
        g_strfreev(keys);
    }
    g_strfreev(groups);
    return al;
}

void gy_aliases_free(gy_aliases *al)
{
    if (!al)
        return;
    if (al->kf)
        g_key_file_free(al->kf);
    if (al->folded)
        g_hash_table_destroy(al->folded);
    g_free(al);
}

char *gy_aliases_describe(const gy_aliases *al, const char *kind, const char *key)
{
    gchar **sp = g_key_file_get_string_list(al->kf, kind, key, NULL, NULL);
    char *s = sp && *sp ? g_strjoinv("、", sp) : g_strdup(key);
    g_strfreev(sp);
    return s;
}

gy_error gy_header_map(const gy_aliases *al, const char *kind, const gy_colspec *specs,
                       size_t n, const gy_row *header, int *cols, GError **err)
{
    for (size_t i = 0; i < n; i++)
        cols[i] = -1;
    for (size_t c = 0; c < header->n; c++) {
        char *f = gy_header_fold(header->fields[c]);
        char *k = g_strdup_printf("%s\x1f%s", kind, f);
        const char *key = g_hash_table_lookup(al->folded, k);
        g_free(k);
        g_free(f);
        if (!key)
            continue;
        for (size_t i = 0; i < n; i++)
            if (cols[i] < 0 && strcmp(specs[i].key, key) == 0) {
                cols[i] = (int)c;
                break;
            }
    }
    for (size_t i = 0; i < n; i++) {
        if (cols[i] >= 0 || !specs[i].required)
            continue;
        char *tried = gy_aliases_describe(al, kind, specs[i].key);
        g_set_error(err, GY_ERROR, GY_E_MISSING_COLUMN,
                    _("required column %s missing (tried: %s)"), specs[i].key, tried);
        g_free(tried);
        return GY_E_MISSING_COLUMN;
    }
    return GY_OK;
}

gy_error gy_header_find(gy_reader *rd, const char *path, gy_header_try try_map, void *user,
                        gy_row *row, GError **err)
{
    GError *first = NULL;
    for (int tries = 0;; tries++) {
        gy_error e = gy_reader_next(rd, row, err);
        if (e != GY_OK) {
            g_clear_error(&first);
            return e;
        }
        if (row->n == 0 && !first) {
            g_set_error(err, GY_ERROR, GY_E_EMPTY, "%s: %s", path,
                        _("the file is empty: no header row"));
            return GY_E_EMPTY;
        }
        if (row->n == 0 || tries == GY_TITLE_ROWS_MAX) {
            g_propagate_error(err, first);
            return GY_E_MISSING_COLUMN;
        }
        if (row->problem != GY_OK) {
            g_clear_error(&first);
            g_set_error(err, GY_ERROR, GY_E_MISSING_COLUMN, "%s:%lu: %s: %s", path, row->line,
                        _("the header row"), _(gy_strerror(row->problem)));
            return GY_E_MISSING_COLUMN;
        }
        GError *e2 = NULL;
        if (try_map(row, user, &e2) == GY_OK) {
            g_clear_error(&first);
            return GY_OK;
        }
        if (!first) {
            g_prefix_error(&e2, "%s:%lu: ", path, row->line);
            first = e2;
        } else {
            g_error_free(e2);
        }
    }
}

gy_error gy_row_not_a_record(const gy_row *row, size_t *at)
{
    static const char *const totals[] = { "合计", "总计", "小计", "共计", "总合计" };
    static const char *const notes[] = { "注", "说明", "备注", "制表", "填表", "填报", "审核",
                                         "负责人", "联系人", "联系电话", "数据来源", "统计时间",
                                         "截止", "截至" };
    for (size_t i = 0; i < row->n && i < 4; i++) {
        /* "合 计", "合计：". A cell guiyan does not read is not decoded: it may hold any bytes. */
        char *t = g_utf8_make_valid(row->fields[i], -1);
        GString *k = g_string_new(NULL);
        for (const char *p = t; *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            if (!g_unichar_isspace(c) && c != 0x3000 && c != ':' && c != 0xFF1A)
                g_string_append_unichar(k, c);
        }
        bool total = false;
        for (size_t j = 0; j < G_N_ELEMENTS(totals); j++)
            total = total || strcmp(k->str, totals[j]) == 0;
        g_string_free(k, TRUE);
        g_free(t);
        if (total) {
            *at = i;
            return GY_E_TOTAL_ROW;
        }
    }
    size_t filled = 0, lone = 0;
    for (size_t i = 0; i < row->n; i++) {
        const char *x = row->fields[i];
        while (g_ascii_isspace(*x))
            x++;
        if (*x) {
            filled++;
            lone = i;
        }
    }
    if (filled != 1)
        return GY_OK;
    *at = lone;
    const char *t = row->fields[lone];
    while (*t == ' ')
        t++;
    for (size_t j = 0; j < G_N_ELEMENTS(notes); j++)
        if (g_str_has_prefix(t, notes[j]))
            return GY_E_NOTE_ROW;
    return GY_OK;
}

void gy_aliases_rename(gy_aliases *al, const char *kind, const char *from, const char *to)
{
    GHashTableIter it;
    gpointer k, v;
    size_t kl = strlen(kind);
    g_hash_table_iter_init(&it, al->folded);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (strncmp(k, kind, kl) == 0 && ((const char *)k)[kl] == '\x1f' && strcmp(v, from) == 0)
            g_hash_table_iter_replace(&it, g_strdup(to));
    gchar **sp = g_key_file_get_string_list(al->kf, kind, from, NULL, NULL);
    g_key_file_remove_key(al->kf, kind, from, NULL);
    if (sp)
        g_key_file_set_string_list(al->kf, kind, to, (const gchar *const *)sp, g_strv_length(sp));
    g_strfreev(sp);
}

gchar **gy_aliases_keys(const gy_aliases *al, const char *kind)
{
    gchar **keys = g_key_file_get_keys(al->kf, kind, NULL, NULL);
    return keys ? keys : g_new0(gchar *, 1);
}

gchar **gy_aliases_list(const gy_aliases *al, const char *kind, const char *key)
{
    gchar **sp = g_key_file_get_string_list(al->kf, kind, key, NULL, NULL);
    return sp ? sp : g_new0(gchar *, 1);
}
