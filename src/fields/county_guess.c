/* county_guess.c — county texts the region's spellings do not name, read as a clerk meant
 * them where only one reading fits, and otherwise an error that names the choices. */
#include <stdint.h>
#include <string.h>

#include "guiyan/county_guess.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"

/* What ends a township's, street office's or village's name after its county's. */
static const char *const township_ends[] = {
    "镇", "乡", "街道", "街道办事处", "办事处", "村", "社区", "苏木", "民族乡",
};

static bool ends_township(const char *rest)
{
    if (g_utf8_strlen(rest, -1) < 2)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(township_ends); i++)
        if (g_str_has_suffix(rest, township_ends[i]))
            return true;
    return false;
}

/* "name code、name code…" of the members whose name starts with text (or is it). */
/* One candidate of an ambiguous spelling, as a spelling that resolves: in a province or the
 * country the prefecture tells two 市中区 apart where the codes alone do not speak ("、" between candidates). */
static void candidate(GString *s, const gy_region *rg, size_t i)
{
    const char *sc = gy_region_scope_code(rg);
    bool wide = !sc || !*sc || strcmp(sc + 2, "0000") == 0;     /* a province or the country */
    const char *up = wide ? gy_region_parent(rg, i) : NULL;
    g_string_append_printf(s, "%s%s%s %s", s->len ? "、" : "", up ? up : "",
                           gy_region_name(rg, i), gy_region_code(rg, i));
}

static char *starting_with(const gy_region *rg, const char *text, size_t *n, size_t *first)
{
    GString *s = g_string_new(NULL);
    *n = 0;
    for (size_t i = 0; i < gy_region_count(rg); i++) {
        const char *name = gy_region_name(rg, i);
        if (!g_str_has_prefix(name, text))
            continue;
        if ((*n)++ == 0)
            *first = i;
        candidate(s, rg, i);
    }
    return g_string_free(s, FALSE);
}

/* The stem of a county's name: 犍为县 → 犍为, 峨眉山市 → 峨眉山, 市中区 → 市中. */
static char *stem(const char *name)
{
    static const char *const ends[] = { "自治县", "县", "区", "市", "旗" };
    for (size_t i = 0; i < G_N_ELEMENTS(ends); i++)
        if (g_str_has_suffix(name, ends[i]) && strlen(name) > strlen(ends[i]))
            return g_strndup(name, strlen(name) - strlen(ends[i]));
    return g_strdup(name);
}

/* Up to three names of the region nearest to text, "峨眉山市、峨边彝族自治县", or NULL when
 * none shares a character with it. */
static char *nearest_names(const gy_region *rg, const char *text)
{
    size_t best[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX }, at[3] = { 0, 0, 0 };
    for (size_t i = 0; i < gy_region_count(rg); i++) {
        const char *name = gy_region_name(rg, i);
        size_t d = gy_text_distance(text, name);
        size_t longest = MAX((size_t)g_utf8_strlen(text, -1), (size_t)g_utf8_strlen(name, -1));
        if (d >= longest)
            continue;
        for (int k = 0; k < 3; k++)
            if (d < best[k]) {
                for (int j = 2; j > k; j--) {
                    best[j] = best[j - 1];
                    at[j] = at[j - 1];
                }
                best[k] = d;
                at[k] = i;
                break;
            }
    }
    if (best[0] == SIZE_MAX)
        return NULL;
    GString *s = g_string_new(NULL);
    for (int k = 0; k < 3 && best[k] != SIZE_MAX; k++)
        g_string_append_printf(s, "%s%s", k ? "、" : "", gy_region_name(rg, at[k]));
    return g_string_free(s, FALSE);
}

gy_error gy_county_guess(const gy_region *rg, const char *text, size_t *idx,
                         gy_county_how *how, char **detail)
{
    *how = GY_COUNTY_EXACT;
    *detail = NULL;
    gy_error e = gy_region_resolve(rg, text, idx);
    if (e == GY_OK || e == GY_E_EMPTY || e == GY_E_COUNTY_OUTSIDE)
        return e;
    size_t n = 0, first = 0;
    if (e == GY_E_COUNTY_AMBIGUOUS) {
        /* the members this spelling names: by the name itself, or by its stem */
        char *st = stem(text);
        GString *s = g_string_new(NULL);
        for (size_t i = 0; i < gy_region_count(rg); i++) {
            char *ms = stem(gy_region_name(rg, i));
            if (strcmp(gy_region_name(rg, i), text) == 0 || strcmp(ms, st) == 0)
                candidate(s, rg, i);
            g_free(ms);
        }
        g_free(st);
        *detail = s->len ? g_string_free(s, FALSE) : (g_string_free(s, TRUE), NULL);
        return e;
    }
    /* the start of one county's name: 峨眉 → 峨眉山市, 市中 → 市中区 */
    if (g_utf8_strlen(text, -1) >= 2) {
        char *names = starting_with(rg, text, &n, &first);
        if (n == 1) {
            g_free(names);
            *idx = first;
            *how = GY_COUNTY_SHORT;
            return GY_OK;
        }
        if (n > 1) {
            *detail = names;
            return GY_E_COUNTY_AMBIGUOUS;
        }
        g_free(names);
    }
    /* a county, then a township: the longest start that names a county */
    for (const char *p = text + strlen(text); p > text; p = g_utf8_prev_char(p)) {
        if (!ends_township(p))
            continue;
        char *head = g_strndup(text, (gsize)(p - text));
        gy_error eh = gy_region_resolve(rg, head, idx);
        g_free(head);
        if (eh == GY_OK) {
            *how = GY_COUNTY_TOWNSHIP;
            *detail = g_strdup_printf(_("read as %s, the county of %s"),
                                      gy_region_name(rg, *idx), p);
            return GY_OK;
        }
    }
    *detail = nearest_names(rg, text);
    return GY_E_COUNTY_UNKNOWN;
}
