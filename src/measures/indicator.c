/* indicator.c — the editable indicator table (indicators.tsv): parsing and lookups
 * (read by src/setup/indicator_load.c). */
#include <stdlib.h>
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/indicator.h"
#include "guiyan/error.h"
#include "guiyan/lines.h"
#include "guiyan/fields.h"      /* gy_header_fold */

#define INDICATOR_COLUMNS 6

struct gy_indicators {
    GPtrArray *rows;            /* gy_indicator *, file order; owns them */
    GHashTable *by_fold;        /* folded spelling → gy_indicator * (borrowed) */
    GPtrArray *declared;        /* declared indicators (other kinds), file order; owns them */
    GHashTable *decl_fold;      /* their folded spellings → gy_indicator * (borrowed) */
};

static void
indicator_row_free(gpointer p)
{
    gy_indicator *r = p;
    if (!r)
        return;
    g_free((char *)r->name);
    g_free((char *)r->key);
    g_free((char *)r->unit);
    g_free((char *)r->measure);
    g_free((char *)r->short_name);
    gy_decl_spec_free(r->decl);
    g_free(r);
}

void
gy_indicators_free(gy_indicators *t)
{
    if (!t)
        return;
    if (t->by_fold)
        g_hash_table_destroy(t->by_fold);
    if (t->rows)
        g_ptr_array_free(t->rows, TRUE);
    if (t->decl_fold)
        g_hash_table_destroy(t->decl_fold);
    if (t->declared)
        g_ptr_array_free(t->declared, TRUE);
    g_free(t);
}

/* The name without a trailing bracketed unit, folded: "贷款金额(万元)" → "贷款金额"; NULL when
 * the name has no such suffix (or nothing would be left). `folded` is already folded. */
static char *
indicator_strip_unit(const char *folded)
{
    size_t n = strlen(folded);
    if (n < 2 || folded[n - 1] != ')')
        return NULL;
    const char *open = strrchr(folded, '(');
    if (!open || open == folded)
        return NULL;
    return g_strndup(folded, (gsize)(open - folded));
}

/* Add a spelling unless one is there already (full names and keys are added first). */
static void
indicator_index(gy_indicators *t, char *folded, gy_indicator *r)
{
    if (!folded || !*folded || g_hash_table_contains(t->by_fold, folded)) {
        g_free(folded);
        return;
    }
    g_hash_table_insert(t->by_fold, folded, r);
}

/* Parse one non-comment line (NUL-terminated, CR stripped) into a new row, or NULL with
 * *err set. */
static gy_indicator *
indicator_parse_line(char *line, const char *origin, unsigned lineno, GError **err)
{
    char **col = g_strsplit(line, "\t", -1);
    guint n = g_strv_length(col);
    gy_indicator *r = NULL;
    gy_decl_spec *decl = NULL;

    if (n != INDICATOR_COLUMNS && (n < INDICATOR_COLUMNS + 4 || n > INDICATOR_COLUMNS + 5)) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("%s:%u: expected %d tab-separated columns (name, key, unit, measure, "
                      "short, decimals), found %u"),
                    origin, lineno, INDICATOR_COLUMNS, n);
        goto cleanup;
    }
    static const char *const col_name[INDICATOR_COLUMNS] = {
        "name", "key", "unit", "measure", "short", "decimals"
    };
    for (guint i = INDICATOR_COLUMNS; i < n; i++)
        g_strstrip(col[i]);
    if (n > INDICATOR_COLUMNS) {
        GError *local = NULL;
        decl = gy_decl_spec_parse(col + INDICATOR_COLUMNS, n - INDICATOR_COLUMNS, &local);
        if (!decl) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, "%s:%u: %s", origin, lineno, local->message);
            g_error_free(local);
            goto cleanup;
        }
    }
    bool declared = decl && strcmp(decl->kind, GY_DECL_STARTUP) != 0;
    for (guint i = 0; i < INDICATOR_COLUMNS; i++) {
        g_strstrip(col[i]);
        if (!*col[i]) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s:%u: column %s is empty"),
                        origin, lineno, col_name[i]);
            goto cleanup;
        }
    }
    gy_ind ind = gy_ind_from_key(col[1]);
    if (declared && ind != GY_IND__COUNT) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("%s:%u: key \"%s\" is a startup ledger indicator's, not kind %s's"),
                    origin, lineno, col[1], decl->kind);
        goto cleanup;
    }
    if (ind == GY_IND__COUNT && !declared) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s:%u: unknown indicator key \"%s\""),
                    origin, lineno, col[1]);
        goto cleanup;
    }
    char *end = NULL;
    long dec = strtol(col[5], &end, 10);
    if (*end || end == col[5] || dec < 0 || dec > GY_INDICATOR_MAX_DECIMALS
        || !g_ascii_isdigit(col[5][0])) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("%s:%u: decimals must be a whole number from 0 to %d, not \"%s\""),
                    origin, lineno, GY_INDICATOR_MAX_DECIMALS, col[5]);
        goto cleanup;
    }
    r = g_new0(gy_indicator, 1);
    r->ind = ind;
    r->name = g_strdup(col[0]);
    r->key = g_strdup(col[1]);
    r->unit = g_strdup(col[2]);
    r->measure = g_strdup(col[3]);
    r->short_name = g_strdup(col[4]);
    r->decimals = (int)dec;
    r->line = lineno;
    r->decl = decl;
    decl = NULL;

cleanup:
    gy_decl_spec_free(decl);
    g_strfreev(col);
    return r;
}

/* Reject a second row with the same key or the same (folded) name. */
static bool
indicator_check_unique(const gy_indicators *t, const gy_indicator *r, const char *origin,
                       GError **err)
{
    char *folded = gy_header_fold(r->name);
    bool ok = true;
    for (guint i = 0; i < t->rows->len + t->declared->len && ok; i++) {
        const gy_indicator *o = i < t->rows->len ? g_ptr_array_index(t->rows, i)
                                                 : g_ptr_array_index(t->declared, i - t->rows->len);
        char *of = gy_header_fold(o->name);
        if (strcmp(o->key, r->key) == 0) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                        _("%s:%u: key \"%s\" already given on line %u"),
                        origin, r->line, r->key, o->line);
            ok = false;
        } else if (strcmp(of, folded) == 0) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                        _("%s:%u: name \"%s\" already given on line %u"),
                        origin, r->line, r->name, o->line);
            ok = false;
        }
        g_free(of);
    }
    g_free(folded);
    return ok;
}

typedef struct indicator_ctx {
    gy_indicators *t;
    const char *origin;
} indicator_ctx;

static bool
indicator_take_line(char *line, unsigned long lineno, void *user, GError **err)
{
    indicator_ctx *c = user;
    gy_indicator *r = indicator_parse_line(line, c->origin, (unsigned)lineno, err);
    if (!r)
        return false;
    if (!indicator_check_unique(c->t, r, c->origin, err)) {
        indicator_row_free(r);
        return false;
    }
    if (r->ind == GY_IND__COUNT) {
        if (c->t->declared->len >= GY_INDICATOR_MAX_DECLARED) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                        _("%s:%u: more than %d indicators of other lists"), c->origin,
                        (unsigned)lineno, GY_INDICATOR_MAX_DECLARED);
            indicator_row_free(r);
            return false;
        }
        /* a slot of its own after the ledger's: targets and tracking tables use it */
        r->ind = (gy_ind)(GY_IND__COUNT + c->t->declared->len);
        g_ptr_array_add(c->t->declared, r);
    } else {
        g_ptr_array_add(c->t->rows, r);
    }
    return true;
}

/* The declared indicators' spellings, in the same order of precedence, then short names and
 * aliases. */
static void
indicator_index_declared(gy_indicators *t)
{
    for (int pass = 0; pass < 4; pass++)
        for (guint i = 0; i < t->declared->len; i++) {
            gy_indicator *r = g_ptr_array_index(t->declared, i);
            char *f = gy_header_fold(r->name), *k = NULL;
            switch (pass) {
            case 0: k = g_strdup(f); break;
            case 1: k = gy_header_fold(r->key); break;
            case 2: k = indicator_strip_unit(f); break;
            default:
                for (size_t a = 0; r->decl->aliases[a]; a++) {
                    char *af = gy_header_fold(r->decl->aliases[a]);
                    if (*af && !g_hash_table_contains(t->decl_fold, af))
                        g_hash_table_insert(t->decl_fold, af, r);
                    else
                        g_free(af);
                }
                k = gy_header_fold(r->short_name);
            }
            g_free(f);
            if (k && *k && !g_hash_table_contains(t->decl_fold, k))
                g_hash_table_insert(t->decl_fold, k, r);
            else
                g_free(k);
        }
}

gy_indicators *
gy_indicators_parse(const char *text, size_t len, const char *origin, GError **err)
{
    gy_indicators *t = g_new0(gy_indicators, 1);
    t->rows = g_ptr_array_new_with_free_func(indicator_row_free);
    t->by_fold = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->declared = g_ptr_array_new_with_free_func(indicator_row_free);
    t->decl_fold = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    indicator_ctx ctx = { t, origin };
    if (!gy_lines_each(text, len, origin, indicator_take_line, &ctx, err))
        goto fail;
    if (t->rows->len + t->declared->len == 0) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: no indicator defined"), origin);
        goto fail;
    }

    /* Full names first, then keys, then names without their unit: an earlier kind wins. */
    for (guint i = 0; i < t->rows->len; i++) {
        gy_indicator *r = g_ptr_array_index(t->rows, i);
        indicator_index(t, gy_header_fold(r->name), r);
    }
    for (guint i = 0; i < t->rows->len; i++) {
        gy_indicator *r = g_ptr_array_index(t->rows, i);
        indicator_index(t, gy_header_fold(r->key), r);
    }
    for (guint i = 0; i < t->rows->len; i++) {
        gy_indicator *r = g_ptr_array_index(t->rows, i);
        char *f = gy_header_fold(r->name);
        indicator_index(t, indicator_strip_unit(f), r);
        g_free(f);
    }
    indicator_index_declared(t);
    return t;

fail:
    gy_indicators_free(t);
    return NULL;
}

size_t
gy_indicators_count(const gy_indicators *t)
{
    return t ? t->rows->len : 0;
}

const gy_indicator *
gy_indicators_at(const gy_indicators *t, size_t i)
{
    if (!t || i >= t->rows->len)
        return NULL;
    return g_ptr_array_index(t->rows, i);
}

gy_error
gy_indicators_find(const gy_indicators *t, const char *name, const gy_indicator **out)
{
    *out = NULL;
    if (!t || !name || !*name)
        return GY_E_INDICATOR_UNKNOWN;
    char *f = gy_header_fold(name);
    const gy_indicator *r = g_hash_table_lookup(t->by_fold, f);
    g_free(f);
    if (!r)
        return GY_E_INDICATOR_UNKNOWN;
    *out = r;
    return GY_OK;
}

const gy_indicator *
gy_indicators_by_key(const gy_indicators *t, const char *key)
{
    for (size_t i = 0; key && i < gy_indicators_count(t); i++) {
        const gy_indicator *r = g_ptr_array_index(t->rows, i);
        if (strcmp(r->key, key) == 0)
            return r;
    }
    return NULL;
}

const gy_indicator *
gy_indicators_by_ind(const gy_indicators *t, gy_ind ind)
{
    for (size_t i = 0; i < gy_indicators_count(t); i++) {
        const gy_indicator *r = g_ptr_array_index(t->rows, i);
        if (r->ind == ind)
            return r;
    }
    return NULL;
}

size_t
gy_indicators_n_declared(const gy_indicators *t)
{
    return t ? t->declared->len : 0;
}

const gy_indicator *
gy_indicators_declared_at(const gy_indicators *t, size_t i)
{
    if (!t || i >= t->declared->len)
        return NULL;
    return g_ptr_array_index(t->declared, i);
}

const gy_indicator *
gy_indicators_find_declared(const gy_indicators *t, const char *name)
{
    if (!t || !name || !*name)
        return NULL;
    char *f = gy_header_fold(name);
    const gy_indicator *r = g_hash_table_lookup(t->decl_fold, f);
    g_free(f);
    return r;
}

bool
gy_indicator_is_declared(const gy_indicator *r)
{
    return r && (unsigned)r->ind >= GY_IND__COUNT;
}

bool
gy_indicator_is_distinct(const gy_indicator *r)
{
    if (!gy_indicator_is_declared(r))
        return r && gy_ind_is_distinct(r->ind);
    return r->decl->measure == GY_DM_PERSONS || r->decl->measure == GY_DM_DISTINCT;
}
