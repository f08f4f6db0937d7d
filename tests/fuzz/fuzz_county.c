/* fuzz_county.c — county names (src/fields/county.c) resolved with the real division table in
 * the configured region (乐山市 and its 高新区), in 四川省 and in the whole country: the memo
 * answers as the lookup does, an answer names a member that its code resolves to (and its
 * name, unless another member has it too), an inner space changes nothing, and a region never
 * contradicts the national table. The input is up to 16 texts, one per line. */
#include "fuzz.h"
#include "guiyan/county.h"

static gy_divisions *dv;
static gy_region *leshan, *sichuan, *country;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gy_config *cf;
    fuzz_setup(NULL, &cf, &dv, &leshan);
    sichuan = gy_region_new(dv, "510000", NULL);
    country = gy_region_new(dv, NULL, NULL);
    if (!sichuan || !country)
        abort();
    gy_config_free(cf);
    return 0;
}

static bool county_error(gy_error e)
{
    return e == GY_E_EMPTY || e == GY_E_COUNTY_UNKNOWN || e == GY_E_COUNTY_AMBIGUOUS ||
           e == GY_E_COUNTY_OUTSIDE;
}

/* Spelled as the tables store spellings: no blank, no full-width bracket, not a 12-digit code
 * (those are normalised before a second lookup). */
static bool normal_spelling(const char *t)
{
    return strlen(t) != 12 && !strpbrk(t, " \t") && !strstr(t, "\xC2\xA0") &&
           !strstr(t, "\xE3\x80\x80") && !strstr(t, "（") && !strstr(t, "）");
}

/* Resolve t in rg, directly and through a memo (twice: a miss, then a hit); checks what one
 * region alone promises. */
static gy_error resolve(const gy_region *rg, gy_region_memo *memo, const char *t, size_t *idx)
{
    size_t i = SIZE_MAX, j = SIZE_MAX, k = SIZE_MAX;
    gy_error e = gy_region_resolve(rg, t, &i);
    gy_error em = gy_region_memo_resolve(memo, t, &j);
    gy_error em2 = gy_region_memo_resolve(memo, t, &k);
    const char *label = gy_region_label(rg);
    FUZZ_CHECK(e == GY_OK || county_error(e), "%s \"%s\": error %d", label, t, e);
    FUZZ_CHECK(em == e && em2 == e, "%s \"%s\": lookup %d, memo %d then %d", label, t, e, em, em2);
    if (e != GY_OK)
        return e;
    FUZZ_CHECK(i < gy_region_count(rg) && j == i && k == i, "%s \"%s\": index %zu, memo %zu, %zu",
               label, t, i, j, k);
    size_t again = SIZE_MAX;
    const char *name = gy_region_name(rg, i), *code = gy_region_code(rg, i);
    /* an official name may be another's too (市中区 twice in 四川省), never someone else's */
    gy_error en = gy_region_resolve(rg, name, &again);
    FUZZ_CHECK((en == GY_OK && again == i) || en == GY_E_COUNTY_AMBIGUOUS,
               "%s \"%s\" is %s, whose name resolves to %d %zu", label, t, name, en, again);
    FUZZ_CHECK(!*code || (gy_region_resolve(rg, code, &again) == GY_OK && again == i),
               "%s \"%s\" is %s, whose code %s does not resolve to it", label, t, name, code);
    size_t first = (size_t)(g_utf8_next_char(t) - t);
    if (normal_spelling(t) && strlen(t) < 256 && t[first]) {
        char *spaced = g_strdup_printf("%.*s %s", (int)first, t, t + first);
        FUZZ_CHECK(gy_region_resolve(rg, spaced, &again) == GY_OK && again == i,
                   "%s \"%s\" is %s, \"%s\" is not", label, t, name, spaced);
        g_free(spaced);
    }
    *idx = i;
    return e;
}

/* What region rg answered (e, idx) against the national answer (en, in) for the same text:
 * the region's spellings are the national ones of its members, plus its units. */
static void cross(const gy_region *rg, const char *t, gy_error e, size_t idx, gy_error en,
                  size_t in)
{
    const char *label = gy_region_label(rg);
    bool unit = e == GY_OK && !*gy_region_code(rg, idx);
    if (e == GY_OK && !unit)
        FUZZ_CHECK(en == GY_E_COUNTY_AMBIGUOUS ||
                   (en == GY_OK && strcmp(gy_region_code(country, in), gy_region_code(rg, idx)) == 0),
                   "\"%s\": %s says %s, the country says %d %s", t, label,
                   gy_region_name(rg, idx), en, en == GY_OK ? gy_region_name(country, in) : "");
    if (en == GY_OK) {
        size_t m;
        bool member = gy_region_resolve(rg, gy_region_code(country, in), &m) == GY_OK;
        if (member)
            FUZZ_CHECK(e == GY_OK || e == GY_E_COUNTY_AMBIGUOUS, "\"%s\": the country says %s, "
                       "in %s, which says %d", t, gy_region_name(country, in), label, e);
        else
            FUZZ_CHECK(e == GY_E_COUNTY_OUTSIDE || unit || e == GY_E_COUNTY_AMBIGUOUS,
                       "\"%s\": the country says %s, outside %s, which says %d", t,
                       gy_region_name(country, in), label, e);
    }
    if (en == GY_E_COUNTY_UNKNOWN)
        FUZZ_CHECK(e == GY_E_COUNTY_UNKNOWN || e == GY_E_COUNTY_AMBIGUOUS || unit,
                   "\"%s\": unknown to the country, %s says %d", t, label, e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *all = fuzz_cstr(data, size);
    fuzz_utf8_repair(all, strlen(all));
    gy_region_memo *ml = gy_region_memo_new(leshan), *ms = gy_region_memo_new(sichuan);
    gy_region_memo *mc = gy_region_memo_new(country);
    char **texts = g_strsplit(all, "\n", 17);
    for (int i = 0; texts[i] && i < 16; i++) {
        const char *t = texts[i];
        size_t il = 0, is = 0, ic = 0;
        gy_error el = resolve(leshan, ml, t, &il);
        gy_error es = resolve(sichuan, ms, t, &is);
        gy_error ec = resolve(country, mc, t, &ic);
        cross(leshan, t, el, il, ec, ic);
        cross(sichuan, t, es, is, ec, ic);
    }
    g_strfreev(texts);
    gy_region_memo_free(ml);
    gy_region_memo_free(ms);
    gy_region_memo_free(mc);
    free(all);
    return 0;
}
