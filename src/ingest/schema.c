/* schema.c — header spellings from the editable alias file, and header → column mapping. */
#include <stdint.h>
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/ini.h"
#include "guiyan/schema.h"
#include "guiyan/wbook.h"

struct gy_aliases {
    GHashTable *folded;     /* "kind\x1ffolded spelling" → spelling (owned) */
    GHashTable *spellings;  /* "kind\x1fkey" → GPtrArray of spellings as written, in order */
    GPtrArray *files;       /* the files read, in order (char *) */
    GHashTable *renamed;    /* "kind\x1fkey" → the key as the files write it (gy_aliases_rename) */
    GHashTable *first_groups;   /* the groups of the first file (report_templates/aliases.ini) */
};

/* What a folded spelling means: a field, from a file of some priority (the user's files
 * come after report_templates/aliases.ini and win where two columns match one field). */
typedef struct spelling {
    char *key;
    int prio;
} spelling;

static void spelling_free(gpointer p)
{
    spelling *sp = p;
    g_free(sp->key);
    g_free(sp);
}

static void add_spelling(gy_aliases *al, const char *kind, const char *key, const char *sp,
                         int prio, bool listed)
{
    char *f = gy_header_fold(sp);
    if (*f) {
        spelling *e = g_new(spelling, 1);
        e->key = g_strdup(key);
        e->prio = prio;
        g_hash_table_insert(al->folded, g_strdup_printf("%s\x1f%s", kind, f), e);
    }
    g_free(f);
    if (!listed)
        return;
    char *k = g_strdup_printf("%s\x1f%s", kind, key);
    GPtrArray *list = g_hash_table_lookup(al->spellings, k);
    if (!list) {
        list = g_ptr_array_new_with_free_func(g_free);
        g_hash_table_insert(al->spellings, k, list);
    } else {
        g_free(k);
    }
    for (guint i = 0; i < list->len; i++)
        if (strcmp(g_ptr_array_index(list, i), sp) == 0)
            return;
    g_ptr_array_add(list, g_strdup(sp));
}

/* One key of aliases.ini: its spellings, and the key itself (the canonical name is always a
 * spelling). */
typedef struct alias_file {
    gy_aliases *al;
    int prio;
    const char *const *only;    /* the groups taken, or NULL: all */
} alias_file;

static bool take_spellings(void *obj, const char *group, const char *key, char **values,
                           const char **why)
{
    (void)why;
    alias_file *f = obj;
    if (f->only && !g_strv_contains(f->only, group))
        return true;
    if (f->prio == 0)
        g_hash_table_add(f->al->first_groups, g_strdup(group));
    for (char **x = values; *x; x++)
        add_spelling(f->al, group, key, *x, f->prio, true);
    add_spelling(f->al, group, key, key, f->prio, false);
    return true;
}

gy_error gy_aliases_add_file(gy_aliases *al, const char *path, GError **err)
{
    /* every group (a kind of file, [townships]), any key (a field), a list of spellings */
    static const gy_ini_groups groups = { "", NULL, true, take_spellings };
    alias_file f = { al, (int)al->files->len, NULL };
    g_ptr_array_add(al->files, g_strdup(path));
    return gy_ini_read_groups(path, &groups, &f, GY_E_CONFIG, err);
}

gchar **gy_aliases_fill(gy_aliases *al, const char *path, const char *const *groups,
                        GError **err)
{
    GPtrArray *missing = g_ptr_array_new();
    for (const char *const *g = groups; *g; g++)
        if (!g_hash_table_contains(al->first_groups, *g))
            g_ptr_array_add(missing, g_strdup(*g));
    g_ptr_array_add(missing, NULL);
    gchar **out = (gchar **)g_ptr_array_free(missing, FALSE);
    if (!*out)
        return out;
    /* as if the first file had them: the user's files still win over them */
    static const gy_ini_groups every = { "", NULL, true, take_spellings };
    alias_file f = { al, 0, (const char *const *)out };
    if (gy_ini_read_groups(path, &every, &f, GY_E_CONFIG, err) != GY_OK) {
        g_strfreev(out);
        return NULL;
    }
    return out;
}

gy_aliases *gy_aliases_load(const char *path, GError **err)
{
    gy_aliases *al = g_new0(gy_aliases, 1);
    al->folded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, spelling_free);
    al->spellings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_ptr_array_unref);
    al->files = g_ptr_array_new_with_free_func(g_free);
    al->renamed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    al->first_groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (gy_aliases_add_file(al, path, err) != GY_OK) {
        gy_aliases_free(al);
        return NULL;
    }
    return al;
}

void gy_aliases_free(gy_aliases *al)
{
    if (!al)
        return;
    if (al->folded)
        g_hash_table_destroy(al->folded);
    if (al->spellings)
        g_hash_table_destroy(al->spellings);
    if (al->files)
        g_ptr_array_free(al->files, TRUE);
    if (al->renamed)
        g_hash_table_destroy(al->renamed);
    if (al->first_groups)
        g_hash_table_destroy(al->first_groups);
    g_free(al);
}

char *gy_aliases_user_file(void)
{
    return g_build_filename(g_get_user_config_dir(), "guiyan", "aliases.ini", NULL);
}

static const GPtrArray *spellings_of(const gy_aliases *al, const char *kind, const char *key)
{
    char *k = g_strdup_printf("%s\x1f%s", kind, key);
    const GPtrArray *list = g_hash_table_lookup(al->spellings, k);
    g_free(k);
    return list;
}

char *gy_aliases_describe(const gy_aliases *al, const char *kind, const char *key)
{
    const GPtrArray *list = spellings_of(al, kind, key);
    if (!list || !list->len)
        return g_strdup(key);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < list->len; i++)
        g_string_append_printf(s, "%s%s", i ? "、" : "", (const char *)g_ptr_array_index(list, i));
    return g_string_free(s, FALSE);
}

const char *gy_aliases_label(const gy_aliases *al, const char *kind, const char *key)
{
    const GPtrArray *list = spellings_of(al, kind, key);
    return list && list->len ? g_ptr_array_index(list, 0) : key;
}

/* What header cell `cell` is a spelling of under kind, or NULL. */
static const spelling *lookup(const gy_aliases *al, const char *kind, const char *cell)
{
    char *f = gy_header_fold(cell);
    char *k = g_strdup_printf("%s\x1f%s", kind, f);
    const spelling *sp = g_hash_table_lookup(al->folded, k);
    g_free(k);
    g_free(f);
    return sp;
}

const char *gy_aliases_key(const gy_aliases *al, const char *kind, const char *cell)
{
    const spelling *sp = lookup(al, kind, cell);
    return sp ? sp->key : NULL;
}

/* The unrecognised cell (index into cells) nearest to a spelling of key, or -1 when none
 * shares anything with one: nearer than replacing every character. */
static int nearest(const gy_aliases *al, const char *kind, const char *key,
                   const GPtrArray *cells)
{
    const GPtrArray *list = spellings_of(al, kind, key);
    int best = -1;
    size_t best_d = SIZE_MAX;
    for (guint c = 0; list && c < cells->len; c++) {
        char *fc = gy_header_fold(g_ptr_array_index(cells, c));
        size_t lc = (size_t)g_utf8_strlen(fc, -1);
        for (guint i = 0; i < list->len; i++) {
            char *fs = gy_header_fold(g_ptr_array_index(list, i));
            size_t d = gy_text_distance(fc, fs), longest = MAX(lc, (size_t)g_utf8_strlen(fs, -1));
            if (d < longest && d < best_d) {
                best_d = d;
                best = (int)c;
            }
            g_free(fs);
        }
        g_free(fc);
    }
    return best;
}

/* The one message for a header that lacks required fields: every missing field by its
 * label and known spellings, the cells not recognised, the nearest of them to each missing
 * field, and how to add a spelling. */
static void missing_message(const gy_aliases *al, const char *kind, const gy_colspec *specs,
                            size_t n, const int *cols, const gy_row *header, GError **err)
{
    GPtrArray *unknown = g_ptr_array_new();
    for (size_t c = 0; c < header->n; c++)
        if (*header->fields[c] && !lookup(al, kind, header->fields[c]))
            g_ptr_array_add(unknown, header->fields[c]);
    GString *miss = g_string_new(NULL), *near = g_string_new(NULL);
    const char *example_key = NULL, *example_cell = NULL, *first_missing = NULL;
    for (size_t i = 0; i < n; i++) {
        if (cols[i] >= 0 || !specs[i].required)
            continue;
        if (!first_missing)
            first_missing = specs[i].key;
        char *tried = gy_aliases_describe(al, kind, specs[i].key);
        if (miss->len)
            g_string_append(miss, "; ");
        g_string_append_printf(miss, _("%s (known spellings: %s)"),
                               gy_aliases_label(al, kind, specs[i].key), tried);
        g_free(tried);
        int k = nearest(al, kind, specs[i].key, unknown);
        if (k >= 0) {
            const char *cell = g_ptr_array_index(unknown, k);
            g_string_append_printf(near, "%s\"%s\" → %s", near->len ? ", " : "", cell,
                                   gy_aliases_label(al, kind, specs[i].key));
            if (!example_key) {
                example_key = specs[i].key;
                example_cell = cell;
            }
        }
    }
    GString *cells = g_string_new(NULL);
    for (guint c = 0; c < unknown->len && c < 20; c++)
        g_string_append_printf(cells, "%s\"%s\"", c ? ", " : "",
                               (const char *)g_ptr_array_index(unknown, c));
    if (unknown->len > 20)
        g_string_append(cells, ", …");
    GString *m = g_string_new(NULL);
    g_string_append_printf(m, _("required columns missing: %s"), miss->str);
    g_string_append(m, "\n  ");
    g_string_append_printf(m, _("header cells not recognised: %s"),
                           cells->len ? cells->str : _("none"));
    if (near->len) {
        g_string_append(m, "\n  ");
        g_string_append_printf(m, _("nearest: %s"), near->str);
    }
    char *user = gy_aliases_user_file();
    g_string_append(m, "\n  ");
    g_string_append_printf(m, _("to accept a spelling, add it to %s or to a file given with "
                                "--aliases FILE, for example these two lines:"), user);
    g_string_append_printf(m, "\n    [%s]\n    %s = %s", kind,
                           gy_aliases_file_key(al, kind, example_key ? example_key : first_missing),
                           example_cell ? example_cell : _("the header as your file writes it"));
    g_free(user);
    g_set_error_literal(err, GY_ERROR, GY_E_MISSING_COLUMN, m->str);
    g_string_free(m, TRUE);
    g_string_free(cells, TRUE);
    g_string_free(miss, TRUE);
    g_string_free(near, TRUE);
    g_ptr_array_free(unknown, TRUE);
}

gy_error gy_header_map(const gy_aliases *al, const char *kind, const gy_colspec *specs,
                       size_t n, const gy_row *header, int *cols, GError **err)
{
    int *prio = g_new(int, n ? n : 1);
    int *twice = g_new(int, n ? n : 1);       /* a second column of the same priority */
    for (size_t i = 0; i < n; i++)
        cols[i] = twice[i] = -1, prio[i] = -1;
    for (size_t c = 0; c < header->n; c++) {
        const spelling *sp = lookup(al, kind, header->fields[c]);
        if (!sp)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(specs[i].key, sp->key) != 0)
                continue;
            if (sp->prio > prio[i]) {
                cols[i] = (int)c;
                prio[i] = sp->prio;
                twice[i] = -1;
            } else if (sp->prio == prio[i] && twice[i] < 0) {
                twice[i] = (int)c;
            }
            break;
        }
    }
    gy_error e = GY_OK;
    size_t missing = 0;
    for (size_t i = 0; i < n; i++)
        missing += cols[i] < 0 && specs[i].required;
    if (missing) {
        /* the message (nearest spellings, edit distances) only for a caller that reads it:
         * sniffing a file's kind tries every kind on up to GY_TITLE_ROWS_MAX rows */
        if (err)
            missing_message(al, kind, specs, n, cols, header, err);
        e = GY_E_MISSING_COLUMN;
    }
    for (size_t i = 0; i < n && e == GY_OK; i++) {
        if (twice[i] < 0)
            continue;
        char a[8], b[8], *user = gy_aliases_user_file();
        gy_wbook_column_letters((size_t)cols[i], a);
        gy_wbook_column_letters((size_t)twice[i], b);
        g_set_error(err, GY_ERROR, GY_E_MISSING_COLUMN,
                    _("two columns for %s: \"%s\" (column %s) and \"%s\" (column %s). Remove "
                      "one, or name the one to read in %s or a file given with --aliases "
                      "FILE, for example: [%s] %s = %s"),
                    gy_aliases_label(al, kind, specs[i].key), header->fields[cols[i]], a,
                    header->fields[twice[i]], b, user, kind, specs[i].key,
                    header->fields[cols[i]]);
        g_free(user);
        e = GY_E_MISSING_COLUMN;
    }
    g_free(prio);
    g_free(twice);
    return e;
}

/* How many cells of row hold something: the row most like a header is reported when none
 * maps (not a title above it, whose one cell says nothing of the columns). */
static size_t filled(const gy_row *row)
{
    size_t k = 0;
    for (size_t i = 0; i < row->n; i++)
        k += *row->fields[i] != '\0';
    return k;
}

/* A header of two rows, the upper one's cells merged over several columns: each column's
 * name is the lower cell, or the upper one where the lower is empty (merged down). With
 * `joined`, the upper cell (spread over the columns it was merged across) and the lower
 * one together: 贷款 over 金额（万元）. cells[] gets newly allocated strings. */
static void two_rows(char **upper, size_t nu, const gy_row *lower, bool joined, char **cells,
                     size_t n)
{
    const char *spread = "";
    for (size_t i = 0; i < n; i++) {
        const char *u = i < nu ? upper[i] : "";
        const char *l = i < lower->n ? lower->fields[i] : "";
        if (*u)
            spread = u;
        else if (!*l)
            spread = "";
        cells[i] = !*l ? g_strdup(u) : joined && *spread ? g_strconcat(spread, l, NULL)
                                                          : g_strdup(l);
    }
}

gy_error gy_header_find(gy_reader *rd, const char *path, gy_header_try try_map, void *user,
                        gy_row *row, GError **err)
{
    GError *best = NULL;
    size_t best_filled = 0;
    char **prev = NULL;           /* the row before, for a header of two rows */
    size_t n_prev = 0;
    gy_error result = GY_E_MISSING_COLUMN;
    for (int tries = 0;; tries++) {
        gy_error e = gy_reader_next(rd, row, err);
        if (e != GY_OK) {
            result = e;
            g_clear_error(&best);
            break;
        }
        if (row->n == 0 && tries == 0) {
            g_set_error(err, GY_ERROR, GY_E_EMPTY, "%s: %s", path,
                        _("the file is empty: no header row"));
            result = GY_E_EMPTY;
            break;
        }
        if (row->n == 0 || tries == GY_TITLE_ROWS_MAX) {
            g_propagate_error(err, best);
            best = NULL;
            break;
        }
        if (row->problem != GY_OK) {
            g_clear_error(&best);
            g_set_error(err, GY_ERROR, GY_E_MISSING_COLUMN, "%s:%lu: %s: %s", path, row->line,
                        _("the header row"), _(gy_strerror(row->problem)));
            break;
        }
        GError *e2 = NULL;
        if (try_map(row, user, &e2) == GY_OK) {
            result = GY_OK;
            break;
        }
        if (prev && row->n) {
            for (int joined = 0; joined < 2 && result != GY_OK; joined++) {
                char **cells = gy_reader_scratch(rd, row->n);
                two_rows(prev, n_prev, row, joined, cells, row->n);
                gy_row two = *row;
                two.fields = cells;
                GError *e3 = NULL;
                if (try_map(&two, user, &e3) == GY_OK) {
                    *row = two;
                    result = GY_OK;
                }
                g_clear_error(&e3);
            }
            if (result == GY_OK) {
                g_clear_error(&e2);
                break;
            }
        }
        size_t k = filled(row);
        if (!best || k > best_filled) {
            g_prefix_error(&e2, "%s:%lu: ", path, row->line);
            g_clear_error(&best);
            best = e2;
            best_filled = k;
        } else {
            g_error_free(e2);
        }
        g_strfreev(prev);
        prev = g_new0(char *, row->n + 1);
        for (size_t i = 0; i < row->n; i++)
            prev[i] = g_strdup(row->fields[i]);
        n_prev = row->n;
    }
    g_clear_error(&best);
    g_strfreev(prev);
    return result;
}

void gy_aliases_rename(gy_aliases *al, const char *kind, const char *from, const char *to)
{
    GHashTableIter it;
    gpointer k, v;
    size_t kl = strlen(kind);
    g_hash_table_iter_init(&it, al->folded);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        spelling *sp = v;
        if (strncmp(k, kind, kl) == 0 && ((const char *)k)[kl] == '\x1f' &&
            strcmp(sp->key, from) == 0) {
            g_free(sp->key);
            sp->key = g_strdup(to);
        }
    }
    g_hash_table_replace(al->renamed, g_strdup_printf("%s\x1f%s", kind, to),
                         g_strdup(gy_aliases_file_key(al, kind, from)));
    char *fk = g_strdup_printf("%s\x1f%s", kind, from);
    gpointer old, list;
    if (g_hash_table_steal_extended(al->spellings, fk, &old, &list)) {
        g_free(old);
        g_hash_table_replace(al->spellings, g_strdup_printf("%s\x1f%s", kind, to), list);
    }
    g_free(fk);
}

const char *gy_aliases_file_key(const gy_aliases *al, const char *kind, const char *key)
{
    char *k = g_strdup_printf("%s\x1f%s", kind, key);
    const char *was = g_hash_table_lookup(al->renamed, k);
    g_free(k);
    return was ? was : key;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

gchar **gy_aliases_keys(const gy_aliases *al, const char *kind)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;
    size_t kl = strlen(kind);
    g_hash_table_iter_init(&it, al->spellings);
    while (g_hash_table_iter_next(&it, &k, NULL))
        if (strncmp(k, kind, kl) == 0 && ((const char *)k)[kl] == '\x1f')
            g_ptr_array_add(keys, g_strdup((const char *)k + kl + 1));
    g_ptr_array_sort(keys, cmp_str);     /* a hash table's order is no order */
    g_ptr_array_add(keys, NULL);
    return (gchar **)g_ptr_array_free(keys, FALSE);
}

gchar **gy_aliases_list(const gy_aliases *al, const char *kind, const char *key)
{
    char *k = g_strdup_printf("%s\x1f%s", kind, key);
    GPtrArray *list = g_hash_table_lookup(al->spellings, k);
    g_free(k);
    gchar **sp = g_new0(gchar *, (list ? list->len : 0) + 1);
    for (guint i = 0; list && i < list->len; i++)
        sp[i] = g_strdup(g_ptr_array_index(list, i));
    return sp;
}
