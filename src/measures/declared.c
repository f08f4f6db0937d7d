/* declared.c — declared indicators: their columns in indicators.tsv, record kinds, the store of
 * declared-kind records and the measures over it (rows, distinct persons, distinct values, sums). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/cube.h"        /* GY_ALL */
#include "guiyan/declared.h"
#include "guiyan/i18n.h"
#include "guiyan/numfmt.h"

/* ---- the indicator's declaration ---- */

static const char *const measure_names[] = {
    [GY_DM_ROWS] = "rows", [GY_DM_PERSONS] = "persons",
    [GY_DM_DISTINCT] = "distinct", [GY_DM_SUM] = "sum",
};

const char *gy_decl_measure_name(gy_decl_measure m)
{
    return (size_t)m < G_N_ELEMENTS(measure_names) ? measure_names[m] : "?";
}

void gy_decl_spec_free(gy_decl_spec *s)
{
    if (!s)
        return;
    g_free(s->kind);
    g_free(s->column);
    for (size_t i = 0; i < s->n_conds; i++) {
        g_free(s->conds[i].field);
        g_strfreev(s->conds[i].values);
    }
    g_free(s->conds);
    g_free(s->date);
    g_strfreev(s->aliases);
    g_free(s->kind_label);
    g_free(s);
}

void gy_decl_spec_set_label(gy_decl_spec *s, const char *label)
{
    g_free(s->kind_label);
    s->kind_label = g_strdup(label);
}

/* A kind or field name: ASCII letters, digits and '_' (a field may also be written as a
 * header spelling, which the query resolves; here it must only be non-empty and hold no
 * separator). */
static bool ident_ok(const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '_')
            return false;
    return true;
}

/* "distinct(project)" → measure and column; "rows" → no column. */
static bool measure_parse(const char *s, gy_decl_measure *m, char **column)
{
    *column = NULL;
    const char *open = strchr(s, '(');
    size_t n = open ? (size_t)(open - s) : strlen(s);
    int found = -1;
    for (size_t i = 0; i < G_N_ELEMENTS(measure_names); i++)
        if (strlen(measure_names[i]) == n && strncmp(s, measure_names[i], n) == 0)
            found = (int)i;
    if (found < 0)
        return false;
    *m = (gy_decl_measure)found;
    bool needs = *m == GY_DM_DISTINCT || *m == GY_DM_SUM;
    if (!open)
        return !needs;
    size_t len = strlen(open);
    if (!needs || len < 3 || open[len - 1] != ')')
        return false;
    *column = g_strstrip(g_strndup(open + 1, len - 2));
    if (!**column || strpbrk(*column, "()&=|")) {
        g_clear_pointer(column, g_free);
        return false;
    }
    return true;
}

static bool conds_parse(const char *s, gy_decl_spec *sp, GError **err)
{
    if (strcmp(s, "-") == 0)
        return true;
    char **parts = g_strsplit(s, "&", -1);
    sp->n_conds = g_strv_length(parts);
    sp->conds = g_new0(gy_decl_cond, sp->n_conds);
    bool ok = true;
    for (size_t i = 0; ok && i < sp->n_conds; i++) {
        char *eq = strchr(parts[i], '=');
        if (!eq) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                        _("filter \"%s\": a condition is written field=value"), parts[i]);
            ok = false;
            break;
        }
        *eq = '\0';
        char *field = g_strstrip(parts[i]);
        char **vals = g_strsplit(eq + 1, "|", -1);
        bool vals_ok = vals[0] != NULL;
        for (size_t k = 0; vals[k]; k++)
            if (!*g_strstrip(vals[k]))
                vals_ok = false;
        sp->conds[i].field = g_strdup(field);
        sp->conds[i].values = vals;
        if (!*field || !vals_ok) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                        _("filter \"%s\": a condition needs a field and a value"), s);
            ok = false;
        }
    }
    g_strfreev(parts);
    return ok;
}

gy_decl_spec *gy_decl_spec_parse(char *const *cols, size_t n, GError **err)
{
    static const char *const col_name[] = { "kind", "count", "filter", "date", "aliases" };
    if (n < 4 || n > 5) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("a declared indicator has 4 or 5 columns after decimals (kind, count, "
                      "filter, date, aliases), found %zu"), n);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!*cols[i]) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("column %s is empty"), col_name[i]);
            return NULL;
        }
    gy_decl_spec *sp = g_new0(gy_decl_spec, 1);
    if (!ident_ok(cols[0])) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("kind \"%s\": a kind is named in letters, digits and _ (training)"),
                    cols[0]);
        goto fail;
    }
    sp->kind = g_strdup(cols[0]);
    if (!measure_parse(cols[1], &sp->measure, &sp->column)) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("count \"%s\": not rows, persons, distinct(field) or sum(field)"), cols[1]);
        goto fail;
    }
    if (!conds_parse(cols[2], sp, err))
        goto fail;
    if (strpbrk(cols[3], "()&=| ")) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("date \"%s\": not a field name"), cols[3]);
        goto fail;
    }
    sp->date = g_strdup(cols[3]);
    if (n == 5 && strcmp(cols[4], "-") != 0) {
        sp->aliases = g_strsplit(cols[4], ";", -1);
        for (size_t i = 0; sp->aliases[i]; i++)
            g_strstrip(sp->aliases[i]);
    } else {
        sp->aliases = g_new0(char *, 1);
    }
    return sp;

fail:
    gy_decl_spec_free(sp);
    return NULL;
}

char *gy_decl_spec_describe(const gy_decl_spec *s, const char *kind_label)
{
    GString *g = g_string_new(NULL);
    g_string_append_printf(g, "%s中%s在统计期内", kind_label ? kind_label : s->kind, s->date);
    for (size_t i = 0; i < s->n_conds; i++) {
        char *v = g_strjoinv("或", s->conds[i].values);
        g_string_append_printf(g, "、%s为%s", s->conds[i].field, v);
        g_free(v);
    }
    switch (s->measure) {
    case GY_DM_ROWS: g_string_append(g, "的记录条数（同一记录在一个文件中重复只计一次，后一个文件中的同一记录替代前一个）"); break;
    case GY_DM_PERSONS: g_string_append(g, "的不重复人数（按公民身份号码识别同一人，同一人多条记录只计1人）"); break;
    case GY_DM_DISTINCT: g_string_append_printf(g, "的不重复%s数", s->column); break;
    case GY_DM_SUM: g_string_append_printf(g, "的记录所填%s之和", s->column); break;
    }
    return g_string_free(g, FALSE);
}

/* ---- record kinds ---- */

struct gy_kinds {
    GPtrArray *kinds;            /* gy_rkind *, file order */
};

static void kind_free(gpointer p)
{
    gy_rkind *k = p;
    if (!k)
        return;
    g_free(k->name);
    g_free(k->label);
    for (size_t i = 0; i < k->n_fields; i++)
        g_free(k->fields[i].key);
    g_free(k->fields);
    g_free(k->key);
    g_free(k);
}

void gy_kinds_free(gy_kinds *k)
{
    if (!k)
        return;
    g_ptr_array_free(k->kinds, TRUE);
    g_free(k);
}

static bool type_parse(const char *s, gy_kf_type *t)
{
    static const char *const names[] = {
        [GY_KF_TEXT] = "text", [GY_KF_ID] = "id", [GY_KF_COUNTY] = "county",
        [GY_KF_DATE] = "date", [GY_KF_NUMBER] = "number",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(s, names[i]) == 0) {
            *t = (gy_kf_type)i;
            return true;
        }
    return false;
}

int gy_rkind_field_at(const gy_rkind *kd, const char *key)
{
    for (size_t i = 0; kd && key && i < kd->n_fields; i++)
        if (strcmp(kd->fields[i].key, key) == 0)
            return (int)i;
    return -1;
}

/* One group of the kinds file into a new kind, or NULL with *err. */
static gy_rkind *kind_parse(GKeyFile *kf, const char *group, const char *origin, GError **err)
{
    gy_rkind *k = g_new0(gy_rkind, 1);
    k->name = g_strdup(group);
    k->person = k->county = -1;
    k->label = g_key_file_get_string(kf, group, "label", NULL);
    char **fields = g_key_file_get_string_list(kf, group, "fields", NULL, NULL);
    char **key = g_key_file_get_string_list(kf, group, "key", NULL, NULL);
    const char *why = NULL;
    char *what = NULL;
    if (!ident_ok(group))
        why = N_("a kind is named in letters, digits and _");
    else if (!k->label || !*g_strstrip(k->label))
        why = N_("no label=");
    else if (!fields || !fields[0])
        why = N_("no fields=");
    else if (!key || !key[0])
        why = N_("no key=");
    for (size_t i = 0; !why && fields[i]; i++) {
        char *f = g_strstrip(fields[i]);
        bool req = false;
        size_t n = strlen(f);
        if (n && f[n - 1] == '!') {
            req = true;
            f[--n] = '\0';
        }
        gy_kf_type t = GY_KF_TEXT;
        char *colon = strchr(f, ':');
        if (colon) {
            *colon = '\0';
            if (!type_parse(colon + 1, &t)) {
                why = N_("unknown field type (text, id, county, date, number)");
                what = g_strdup(colon + 1);
                break;
            }
        }
        if (!ident_ok(f) || gy_rkind_field_at(k, f) >= 0) {
            why = N_("a field name is empty, not letters, digits and _, or given twice");
            what = g_strdup(f);
            break;
        }
        if ((t == GY_KF_ID && k->person >= 0) || (t == GY_KF_COUNTY && k->county >= 0)) {
            why = N_("only one id and one county field");
            what = g_strdup(f);
            break;
        }
        k->fields = g_renew(gy_rkind_field, k->fields, k->n_fields + 1);
        k->fields[k->n_fields] = (gy_rkind_field){ g_strdup(f), t, req };
        if (t == GY_KF_ID)
            k->person = (int)k->n_fields;
        if (t == GY_KF_COUNTY)
            k->county = (int)k->n_fields;
        k->n_fields++;
    }
    for (size_t i = 0; !why && key[i]; i++) {
        int at = gy_rkind_field_at(k, g_strstrip(key[i]));
        if (at < 0) {
            why = N_("key= names a field not in fields=");
            what = g_strdup(key[i]);
            break;
        }
        k->key = g_renew(size_t, k->key, k->n_key + 1);
        k->key[k->n_key++] = (size_t)at;
    }
    g_strfreev(fields);
    g_strfreev(key);
    if (why) {
        if (what)
            g_set_error(err, GY_ERROR, GY_E_CONFIG, "%s: [%s]: %s: %s", origin, group, _(why), what);
        else
            g_set_error(err, GY_ERROR, GY_E_CONFIG, "%s: [%s]: %s", origin, group, _(why));
        g_free(what);
        kind_free(k);
        return NULL;
    }
    return k;
}

gy_kinds *gy_kinds_from_keyfile(GKeyFile *kf, const char *origin, GError **err)
{
    gy_kinds *out = g_new0(gy_kinds, 1);
    out->kinds = g_ptr_array_new_with_free_func(kind_free);
    char **groups = g_key_file_get_groups(kf, NULL);
    for (size_t i = 0; groups[i]; i++) {
        gy_rkind *k = kind_parse(kf, groups[i], origin, err);
        if (!k) {
            g_strfreev(groups);
            g_clear_pointer(&out, gy_kinds_free);
            return NULL;
        }
        g_ptr_array_add(out->kinds, k);
    }
    g_strfreev(groups);
    return out;
}

size_t gy_kinds_count(const gy_kinds *k) { return k ? k->kinds->len : 0; }

const gy_rkind *gy_kinds_at(const gy_kinds *k, size_t i)
{
    return k && i < k->kinds->len ? g_ptr_array_index(k->kinds, i) : NULL;
}

const gy_rkind *gy_kinds_find(const gy_kinds *k, const char *name)
{
    for (size_t i = 0; name && i < gy_kinds_count(k); i++)
        if (strcmp(gy_kinds_at(k, i)->name, name) == 0)
            return gy_kinds_at(k, i);
    return NULL;
}

/* ---- the store ---- */

struct gy_decl_store {
    const gy_kinds *kinds;
    GPtrArray *recs;             /* gy_decl_rec *, input order; owns them */
    GPtrArray *texts;            /* interned number - 1 → text (owned) */
    GHashTable *text_ids;        /* text (borrowed from texts) → number */
    GHashTable *by_key;          /* key text (owned) → record index + 1 */
};

static void rec_free(gpointer p)
{
    gy_decl_rec *r = p;
    if (r)
        g_free(r->v);
    g_free(r);
}

gy_decl_store *gy_decl_store_new(const gy_kinds *k)
{
    gy_decl_store *st = g_new0(gy_decl_store, 1);
    st->kinds = k;
    st->recs = g_ptr_array_new_with_free_func(rec_free);
    st->texts = g_ptr_array_new_with_free_func(g_free);
    st->text_ids = g_hash_table_new(g_str_hash, g_str_equal);
    st->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return st;
}

void gy_decl_store_free(gy_decl_store *st)
{
    if (!st)
        return;
    g_hash_table_destroy(st->by_key);
    g_hash_table_destroy(st->text_ids);
    g_ptr_array_free(st->texts, TRUE);
    g_ptr_array_free(st->recs, TRUE);
    g_free(st);
}

const gy_kinds *gy_decl_store_kinds(const gy_decl_store *st) { return st->kinds; }

int64_t gy_decl_store_intern(gy_decl_store *st, const char *text)
{
    gpointer v = g_hash_table_lookup(st->text_ids, text);
    if (v)
        return (int64_t)GPOINTER_TO_SIZE(v);
    char *own = g_strdup(text);
    g_ptr_array_add(st->texts, own);
    int64_t id = (int64_t)st->texts->len;
    g_hash_table_insert(st->text_ids, own, GSIZE_TO_POINTER((gsize)id));
    return id;
}

/* The number of a text already interned, or 0. */
static int64_t store_lookup(const gy_decl_store *st, const char *text)
{
    return (int64_t)GPOINTER_TO_SIZE(g_hash_table_lookup(st->text_ids, text));
}

const char *gy_decl_store_text(const gy_decl_store *st, int64_t id)
{
    return id >= 1 && (guint)id <= st->texts->len ? g_ptr_array_index(st->texts, id - 1) : "";
}

gy_decl_fate gy_decl_store_add(gy_decl_store *st, const gy_decl_rec *r, uint32_t *replaced)
{
    const gy_rkind *kd = gy_kinds_at(st->kinds, r->kind);
    /* the kind and the key fields' values, 16 hex digits each (no printf: millions of rows) */
    static const char hex[] = "0123456789abcdef";
    GString *key = g_string_sized_new(16 * (kd->n_key + 1));
    for (size_t i = 0; i <= kd->n_key; i++) {
        uint64_t x = i == 0 ? r->kind : (uint64_t)r->v[kd->key[i - 1]];
        char buf[16];
        for (int d = 15; d >= 0; d--, x >>= 4)
            buf[d] = hex[x & 15];
        g_string_append_len(key, buf, 16);
    }
    gy_decl_fate fate = GY_DECL_ADDED;
    gpointer at = g_hash_table_lookup(st->by_key, key->str);
    if (at) {
        gy_decl_rec *old = g_ptr_array_index(st->recs, GPOINTER_TO_SIZE(at) - 1);
        if (old->file == r->file) {
            g_string_free(key, TRUE);
            return GY_DECL_DUPLICATE;
        }
        old->dead = true;
        if (replaced)
            *replaced = old->file;
        fate = GY_DECL_REPLACES;
    }
    gy_decl_rec *copy = g_new(gy_decl_rec, 1);
    *copy = *r;
    copy->dead = false;
    copy->v = g_memdup2(r->v, sizeof *r->v * kd->n_fields);
    g_ptr_array_add(st->recs, copy);
    g_hash_table_replace(st->by_key, g_string_free(key, FALSE), GSIZE_TO_POINTER(st->recs->len));
    return fate;
}

size_t gy_decl_store_size(const gy_decl_store *st) { return st->recs->len; }

const gy_decl_rec *gy_decl_store_get(const gy_decl_store *st, size_t i)
{
    return i < st->recs->len ? g_ptr_array_index(st->recs, i) : NULL;
}

size_t gy_decl_store_count_kind(const gy_decl_store *st, uint32_t kind)
{
    size_t n = 0;
    for (guint i = 0; i < st->recs->len; i++) {
        const gy_decl_rec *r = g_ptr_array_index(st->recs, i);
        n += r->kind == kind && !r->dead;
    }
    return n;
}

/* ---- queries ---- */

typedef struct qcond {
    int field;
    int64_t *ids;                /* interned values (0: never seen, matches nothing) */
    size_t n;
} qcond;

struct gy_decl_query {
    const gy_decl_spec *spec;
    uint32_t kind;
    int date, column;
    qcond *conds;
    size_t n_conds;
};

void gy_decl_query_free(gy_decl_query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n_conds; i++)
        g_free(q->conds[i].ids);
    g_free(q->conds);
    g_free(q);
}

/* A field by key or spelling. */
static int query_field(const gy_rkind *kd, const char *name, gy_decl_label_fn label, void *user)
{
    int at = gy_rkind_field_at(kd, name);
    if (at < 0 && label)
        at = gy_rkind_field_at(kd, label(kd->name, name, user));
    return at;
}

gy_decl_query *gy_decl_query_new(const gy_decl_store *st, const gy_decl_spec *spec,
                                 gy_decl_label_fn label, void *user, GError **err)
{
    const gy_rkind *kd = gy_kinds_find(st->kinds, spec->kind);
    if (!kd) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("unknown record kind \"%s\""), spec->kind);
        return NULL;
    }
    gy_decl_query *q = g_new0(gy_decl_query, 1);
    q->spec = spec;
    for (size_t i = 0; i < gy_kinds_count(st->kinds); i++)
        if (gy_kinds_at(st->kinds, i) == kd)
            q->kind = (uint32_t)i;
    q->column = -1;
    q->date = query_field(kd, spec->date, label, user);
    if (q->date < 0 || kd->fields[q->date].type != GY_KF_DATE) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("date \"%s\": not a date field of kind %s"),
                    spec->date, kd->name);
        goto fail;
    }
    if (spec->measure == GY_DM_PERSONS && kd->person < 0) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("kind %s has no ID number to count persons by"),
                    kd->name);
        goto fail;
    }
    if (spec->column) {
        q->column = query_field(kd, spec->column, label, user);
        if (q->column < 0) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("column \"%s\": not a field of kind %s"),
                        spec->column, kd->name);
            goto fail;
        }
        if (spec->measure == GY_DM_SUM && kd->fields[q->column].type != GY_KF_NUMBER) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                        _("column \"%s\": sum() needs a number field of kind %s"),
                        spec->column, kd->name);
            goto fail;
        }
    }
    q->conds = g_new0(qcond, spec->n_conds);
    q->n_conds = spec->n_conds;
    for (size_t i = 0; i < spec->n_conds; i++) {
        int f = query_field(kd, spec->conds[i].field, label, user);
        if (f < 0 || kd->fields[f].type != GY_KF_TEXT) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("filter \"%s\": not a text field of kind %s"),
                        spec->conds[i].field, kd->name);
            goto fail;
        }
        q->conds[i].field = f;
        q->conds[i].n = g_strv_length(spec->conds[i].values);
        q->conds[i].ids = g_new0(int64_t, q->conds[i].n);
        for (size_t k = 0; k < q->conds[i].n; k++)
            q->conds[i].ids[k] = store_lookup(st, spec->conds[i].values[k]);
    }
    return q;

fail:
    gy_decl_query_free(q);
    return NULL;
}

static bool passes(const gy_decl_query *q, const gy_decl_rec *r, size_t county, gy_day from,
                   gy_day to)
{
    if (r->dead || r->kind != q->kind)
        return false;
    if (county != GY_ALL && r->county != county)
        return false;
    gy_day d = (gy_day)r->v[q->date];
    if (d == GY_NO_DAY || (from != GY_NO_DAY && d < from) || (to != GY_NO_DAY && d > to))
        return false;
    for (size_t i = 0; i < q->n_conds; i++) {
        bool any = false;
        for (size_t k = 0; k < q->conds[i].n && !any; k++)
            any = q->conds[i].ids[k] != 0 && r->v[q->conds[i].field] == q->conds[i].ids[k];
        if (!any)
            return false;
    }
    return true;
}

static int int64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int64_t gy_decl_value(const gy_decl_store *st, const gy_decl_query *q, size_t county,
                      gy_day from, gy_day to,
                      void (*each)(const gy_decl_rec *r, void *user), void *user)
{
    int64_t n = 0;
    /* distinct keys: gathered, then sorted and counted once each (a hash set copied every key
     * into an allocation of its own: seconds on millions of rows) */
    GArray *seen = q->spec->measure == GY_DM_PERSONS || q->spec->measure == GY_DM_DISTINCT
                       ? g_array_new(FALSE, FALSE, sizeof(int64_t)) : NULL;
    for (guint i = 0; i < st->recs->len; i++) {
        const gy_decl_rec *r = g_ptr_array_index(st->recs, i);
        if (!passes(q, r, county, from, to))
            continue;
        if (each)
            each(r, user);
        switch (q->spec->measure) {
        case GY_DM_ROWS:
            n++;
            break;
        case GY_DM_SUM:
            n += r->v[q->column];
            break;
        case GY_DM_PERSONS:
        case GY_DM_DISTINCT: {
            int64_t k = q->spec->measure == GY_DM_PERSONS ? (int64_t)r->person : r->v[q->column];
            if (k != 0)
                g_array_append_val(seen, k);
            break;
        }
        }
    }
    if (seen) {
        int64_t *k = (int64_t *)(void *)seen->data;
        if (seen->len > 1)                /* an empty GArray has no data at all */
            qsort(k, seen->len, sizeof *k, int64_cmp);
        for (guint i = 0; i < seen->len; i++)
            n += i == 0 || k[i] != k[i - 1];
        g_array_free(seen, TRUE);
    }
    return n;
}

int64_t gy_decl_rec_measure(const gy_decl_query *q, const gy_decl_rec *r)
{
    switch (q->spec->measure) {
    case GY_DM_ROWS: return 1;
    case GY_DM_PERSONS: return (int64_t)r->person;
    case GY_DM_DISTINCT:
    case GY_DM_SUM: return r->v[q->column];
    }
    return 0;
}

gy_day gy_decl_rec_day(const gy_decl_query *q, const gy_decl_rec *r)
{
    return (gy_day)r->v[q->date];
}

gy_decl_measure gy_decl_query_measure(const gy_decl_query *q)
{
    return q->spec->measure;
}

bool gy_decl_span(const gy_decl_store *st, const gy_decl_query *q, gy_day *first, gy_day *last)
{
    *first = *last = GY_NO_DAY;
    for (guint i = 0; i < st->recs->len; i++) {
        const gy_decl_rec *r = g_ptr_array_index(st->recs, i);
        if (!passes(q, r, GY_ALL, GY_NO_DAY, GY_NO_DAY))
            continue;
        gy_day d = (gy_day)r->v[q->date];
        if (*first == GY_NO_DAY || d < *first)
            *first = d;
        if (*last == GY_NO_DAY || d > *last)
            *last = d;
    }
    return *first != GY_NO_DAY;
}

/* ---- phrasing ---- */

char *gy_cn_magnitude(int64_t n, const char *measure)
{
    const char *m = measure ? measure : "";
    if (n >= 100000000)
        return g_strdup_printf("上亿%s", m);
    if (n >= 10000)
        return g_strdup_printf("上万%s", m);
    if (n >= 1000)
        return g_strdup_printf("上千%s", m);
    if (n >= 100)
        return g_strdup_printf("上百%s", m);
    return g_strdup_printf("%" PRId64 "%s", n, m);
}
