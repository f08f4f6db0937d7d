/* county.c — the GB/T 2260 division table (divisions.tsv) and county-name resolution in a region.
 *
 * Every spelling a county accepts is computed once, when the table is loaded (national map) and
 * when a region is made (region map), so gy_region_resolve is one hash lookup for a row that
 * resolves, two for a row that does not, and never allocates or writes.
 *
 * Spellings of a county-level division (a "leaf": a county, or a prefecture-level city without
 * counties such as 东莞市):
 *   - strong: its 6-digit code; its official name, alone or after a prefix;
 *   - weak: its short forms (below), alone or after a prefix.
 * Prefixes: the prefecture's name or short forms (乐山市, 乐山, 凉山州), the province's name or
 * short form (四川省, 四川), and province then prefecture (四川省乐山市, 四川乐山).
 * Short forms: a name ending 自治县/自治旗 loses that and the ethnic names before it, and gives
 * the stem and stem + 县/旗 (峨边彝族自治县 → 峨边, 峨边县); any other name loses its last
 * character 区/县/市/旗 (五通桥区 → 五通桥); names ending 新区/矿区/林区/特区 also lose both
 * characters (浦东新区 → 浦东, 神农架林区 → 神农架; the name cannot tell 神农架林区 from
 * 万柏林区, so both readings are kept). A stem is dropped when it has fewer than two characters,
 * when every character is a generic place word (市中, 城关, 东城, 新城, 古城 ...), and when it is
 * a spelling of a province or another prefecture (长沙县 → 长沙 would read as 长沙市).
 * Conflicts: a strong spelling beats a weak one; two of equal strength for different entries make
 * the spelling ambiguous. In a region, a weak spelling is also dropped when it is a strong
 * spelling of a county elsewhere, so a short form never shadows another county's full name.
 * A text that matches nothing is retried once without inner spaces (also U+00A0, U+3000), with
 * （） as (), and with a 12-digit statistical code cut to 6 digits; spellings are stored that way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/county.h"
#include "guiyan/i18n.h"
#include "guiyan/error.h"
#include "guiyan/lines.h"

#define DIV_NAME_MAX 128        /* bytes of a name in the table */
#define DIV_ALTS 3              /* short forms per division */
#define SPELL_MAX 512           /* bytes of a spelling (prefixes + name) */

typedef enum { LV_PROVINCE, LV_PREFECTURE, LV_COUNTY } div_level;

static const char *const level_names[] = {
    [LV_PROVINCE] = "province", [LV_PREFECTURE] = "prefecture", [LV_COUNTY] = "county",
};

typedef struct {
    char code[7];
    char parent_code[7];        /* as read; "" for a province */
    const char *name;
    const char *alt[DIV_ALTS];  /* short forms, NULL-padded */
    div_level level;
    size_t parent;              /* index; SIZE_MAX for a province */
    size_t province;            /* index of its province (itself for a province) */
    bool leaf;                  /* a county, or a prefecture without counties */
} division;

struct gy_divisions {
    division *v;                /* sorted by code */
    size_t n;
    GHashTable *by_code;        /* code → index + 1 */
    GHashTable *scopes;         /* spelling of a province or prefecture → packed index */
    GHashTable *national;       /* spelling of a leaf → packed index */
    GStringChunk *strings;      /* names, short forms, map keys */
};

typedef struct {
    const char *code;           /* "" for a unit */
    const char *name;
    size_t div;                 /* index in dv->v; SIZE_MAX for a unit */
} member;

struct gy_region {
    const gy_divisions *dv;
    GArray *members;            /* member: leaves in code order, then units */
    GHashTable *spell;          /* spelling → packed member index */
    GStringChunk *strings;
    const char *label;
    const char *scope_code;
    /* a county's townships (gy_region_new_townships): rows the loader cannot place go to
     * the catch-all 未填乡镇, and their texts are kept to be listed */
    bool townships;
    size_t catchall;
    GMutex lock;                /* guards unmatched */
    GHashTable *unmatched;      /* text → unmatched_text * */
};

typedef struct {
    unsigned long rows;
    gy_error why;
} unmatched_text;

/* ---- packed map values: (index + 1) << 2 | strong << 1 | ambiguous; never 0 ---- */

#define PACK_AMBIG 1u
#define PACK_STRONG 2u

static gpointer
pack(size_t i, bool strong, bool ambig)
{
    return GSIZE_TO_POINTER(((gsize)(i + 1) << 2) | (strong ? PACK_STRONG : 0) |
                            (ambig ? PACK_AMBIG : 0));
}

static size_t unpack_index(gpointer v) { return (size_t)(GPOINTER_TO_SIZE(v) >> 2) - 1; }
static bool unpack_strong(gpointer v) { return (GPOINTER_TO_SIZE(v) & PACK_STRONG) != 0; }
static bool unpack_ambig(gpointer v) { return (GPOINTER_TO_SIZE(v) & PACK_AMBIG) != 0; }

/* ---- spelling normalisation ---- */

/* The spelling with spaces (ASCII, U+00A0, U+3000) removed and full-width parentheses made
 * ASCII, and a 12-digit statistical code 511102000000 cut to its 6-digit county code. Returns s
 * itself when nothing changes, buf when something did, NULL when the result does not fit. */
static const char *
spell_normalize(const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);
    if (n == 12 && strspn(s, "0123456789") == 12 && strcmp(s + 6, "000000") == 0) {
        memcpy(buf, s, 6);
        buf[6] = '\0';
        return buf;
    }
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == 0xC2 || *p == 0xE3 || *p == 0xEF)
            break;
    if (!*p)
        return s;
    size_t w = 0;
    for (p = (const unsigned char *)s; *p;) {
        const char *put = NULL;
        size_t skip = 1, len = 1;
        if (*p == ' ' || *p == '\t')
            put = "";
        else if (p[0] == 0xC2 && p[1] == 0xA0)
            put = "", skip = 2;                                         /* U+00A0 */
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
            put = "", skip = 3;                                         /* U+3000 */
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x88)
            put = "(", skip = 3;                                        /* （ */
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x89)
            put = ")", skip = 3;                                        /* ） */
        if (put)
            len = strlen(put);
        else
            put = (const char *)p;
        if (w + len >= size)
            return NULL;
        memcpy(buf + w, put, len);
        w += len;
        p += skip;
    }
    buf[w] = '\0';
    return buf;
}

/* Add key → entry i to map, following the strength rules (see the banner). */
static void
spell_put(GHashTable *map, GStringChunk *chunk, const char *key, size_t i, bool strong)
{
    char buf[SPELL_MAX];
    const char *k = spell_normalize(key, buf, sizeof buf);
    if (!k || !*k)
        return;
    gpointer orig, old;
    if (!g_hash_table_lookup_extended(map, k, &orig, &old)) {
        g_hash_table_insert(map, g_string_chunk_insert_const(chunk, k), pack(i, strong, false));
        return;
    }
    bool old_strong = unpack_strong(old);
    if (strong && !old_strong)
        g_hash_table_insert(map, orig, pack(i, true, false));
    else if (strong == old_strong && (unpack_ambig(old) || unpack_index(old) != i))
        g_hash_table_insert(map, orig, pack(unpack_index(old), strong, true));
}

/* ---- short forms ---- */

/* The 56 nationalities as they appear in autonomous-area names (with or without 族), and 各族
 * (龙胜各族自治县). */
static const char *const ethnic_names[] = {
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
    "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯",
    "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京",
    "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
};

/* Characters that on their own make no place name: a stem made only of these is generic. */
static const char generic_chars[] = "市城区县中东西南北新老郊矿关内外上下前后古";

/* Remove the ethnic names at the end of s, in place: "峨边彝族" → "峨边", "积石山保安族东乡族
 * 撒拉族" → "积石山", "木垒哈萨克" → "木垒". A bare name (no 族) must have two characters and
 * leave two: "内蒙古" stays, and so does "鄂伦春" (鄂伦春自治旗 → 鄂伦春旗). */
static void
stem_strip_ethnic(char *s)
{
    static const char zu[] = "族";
    const size_t zl = sizeof zu - 1;
    for (;;) {
        size_t n = strlen(s), best = 0;
        bool has_zu = n >= zl && memcmp(s + n - zl, zu, zl) == 0;
        for (size_t i = 0; i < G_N_ELEMENTS(ethnic_names); i++) {
            const char *e = ethnic_names[i];
            size_t k = strlen(e);
            if (has_zu && n >= k + zl && memcmp(s + n - zl - k, e, k) == 0 && k + zl > best)
                best = k + zl;
            else if (g_utf8_strlen(e, -1) >= 2 && n >= k && memcmp(s + n - k, e, k) == 0 &&
                     k > best && g_utf8_strlen(s, (gssize)(n - k)) >= 2)
                best = k;
        }
        if (best == 0)
            return;
        s[n - best] = '\0';
    }
}

static bool
stem_usable(const char *s)
{
    if (g_utf8_strlen(s, -1) < 2)
        return false;
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        if (!g_utf8_strchr(generic_chars, -1, g_utf8_get_char(p)))
            return true;
    return false;
}

typedef struct {
    char v[DIV_ALTS][DIV_NAME_MAX];
    int n;
} alt_list;

static void
alt_add(alt_list *a, const char *stem, const char *tail)
{
    if (a->n >= DIV_ALTS || !stem_usable(stem))
        return;
    g_snprintf(a->v[a->n], DIV_NAME_MAX, "%s%s", stem, tail);
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->v[i], a->v[a->n]) == 0)
            return;
    a->n++;
}

/* The short forms of a name (see the banner); no filtering against other divisions here. */
static void
alt_make(const char *name, alt_list *a)
{
    static const struct { const char *suffix, *tail; } autonomous[] = {
        { "自治县", "县" }, { "自治旗", "旗" }, { "自治州", "州" }, { "自治区", NULL },
    };
    static const char *const compound[] = { "新区", "矿区", "林区", "特区" };
    static const char *const single[] = { "地区", "区", "县", "市", "旗", "盟", "省" };
    char stem[DIV_NAME_MAX];
    size_t n = strlen(name);
    a->n = 0;
    if (n >= sizeof stem)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(autonomous); i++) {
        size_t k = strlen(autonomous[i].suffix);
        if (n > k && strcmp(name + n - k, autonomous[i].suffix) == 0) {
            memcpy(stem, name, n - k);
            stem[n - k] = '\0';
            stem_strip_ethnic(stem);
            alt_add(a, stem, "");
            if (autonomous[i].tail)
                alt_add(a, stem, autonomous[i].tail);
            return;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(compound); i++) {
        size_t k = strlen(compound[i]);
        if (n > k && strcmp(name + n - k, compound[i]) == 0) {
            memcpy(stem, name, n - k);
            stem[n - k] = '\0';
            alt_add(a, stem, "");
            break;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(single); i++) {
        size_t k = strlen(single[i]);
        if (n > k && strcmp(name + n - k, single[i]) == 0) {
            memcpy(stem, name, n - k);
            stem[n - k] = '\0';
            alt_add(a, stem, "");
            break;
        }
    }
}

/* ---- spellings of a division ---- */

typedef void (*spell_fn)(void *ctx, const char *key, bool strong);

static void
spell_emit(spell_fn fn, void *ctx, const char *a, const char *b, const char *c, bool strong)
{
    char buf[SPELL_MAX];
    int n = g_snprintf(buf, sizeof buf, "%s%s%s", a, b, c);
    if (n > 0 && (size_t)n < sizeof buf)
        fn(ctx, buf, strong);
}

/* The name then the short forms of x into out[]; returns how many. */
static int
division_forms(const division *x, const char *out[1 + DIV_ALTS])
{
    int n = 0;
    out[n++] = x->name;
    for (int i = 0; i < DIV_ALTS && x->alt[i]; i++)
        out[n++] = x->alt[i];
    return n;
}

/* Every spelling of leaf d (see the banner). */
static void
division_leaf_spellings(const gy_divisions *dv, size_t d, spell_fn fn, void *ctx)
{
    const division *x = &dv->v[d];
    const division *pref = x->level == LV_COUNTY && dv->v[x->parent].level == LV_PREFECTURE
                           ? &dv->v[x->parent] : NULL;
    const char *forms[1 + DIV_ALTS], *pp[1 + DIV_ALTS], *qq[1 + DIV_ALTS];
    int nf = division_forms(x, forms);
    int np = pref ? division_forms(pref, pp) : 0;
    int nq = division_forms(&dv->v[x->province], qq);
    fn(ctx, x->code, true);
    for (int f = 0; f < nf; f++) {
        bool strong = f == 0;
        spell_emit(fn, ctx, "", "", forms[f], strong);
        for (int p = 0; p < np; p++)
            spell_emit(fn, ctx, "", pp[p], forms[f], strong);
        for (int q = 0; q < nq; q++) {
            spell_emit(fn, ctx, qq[q], "", forms[f], strong);
            for (int p = 0; p < np; p++)
                spell_emit(fn, ctx, qq[q], pp[p], forms[f], strong);
        }
    }
}

/* Every spelling of province or prefecture d as a region scope. */
static void
division_scope_spellings(const gy_divisions *dv, size_t d, spell_fn fn, void *ctx)
{
    const division *x = &dv->v[d];
    const char *forms[1 + DIV_ALTS], *qq[1 + DIV_ALTS];
    int nf = division_forms(x, forms);
    int nq = x->level == LV_PREFECTURE ? division_forms(&dv->v[x->province], qq) : 0;
    fn(ctx, x->code, true);
    for (int f = 0; f < nf; f++) {
        spell_emit(fn, ctx, "", "", forms[f], f == 0);
        for (int q = 0; q < nq; q++)
            spell_emit(fn, ctx, qq[q], "", forms[f], f == 0);
    }
}

/* ---- the national table ---- */

typedef struct {
    GHashTable *map;
    GStringChunk *chunk;
    size_t index;
} put_ctx;

static void
put_cb(void *ctx, const char *key, bool strong)
{
    put_ctx *c = ctx;
    spell_put(c->map, c->chunk, key, c->index, strong);
}

void
gy_divisions_free(gy_divisions *dv)
{
    if (!dv)
        return;
    if (dv->by_code)
        g_hash_table_destroy(dv->by_code);
    if (dv->scopes)
        g_hash_table_destroy(dv->scopes);
    if (dv->national)
        g_hash_table_destroy(dv->national);
    if (dv->strings)
        g_string_chunk_free(dv->strings);
    g_free(dv->v);
    g_free(dv);
}

static int
division_cmp(const void *a, const void *b)
{
    return strcmp(((const division *)a)->code, ((const division *)b)->code);
}

static bool
is_code(const char *s)
{
    return strlen(s) == 6 && strspn(s, "0123456789") == 6 && strcmp(s, "000000") != 0;
}

/* One data line "code\tname\tlevel\tparent" into x. */
static bool
divisions_parse_line(gy_divisions *dv, char *line, const char *origin, unsigned lineno,
                     division *x, GError **err)
{
    char *f[5];
    int nf = 0;
    for (char *p = line; nf < 5;) {
        f[nf++] = p;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p++ = '\0';
    }
    if (nf != 4) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("%s:%u: expected 4 tab-separated columns (code, name, level, parent), "
                      "found %d"), origin, lineno, nf);
        return false;
    }
    if (!is_code(f[0])) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s:%u: \"%s\" is not a 6-digit code"),
                    origin, lineno, f[0]);
        return false;
    }
    size_t nl = strlen(f[1]);
    if (nl == 0 || nl >= DIV_NAME_MAX || strpbrk(f[1], " \r")) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s:%u: bad name \"%s\""),
                    origin, lineno, f[1]);
        return false;
    }
    int lv = -1;
    for (int i = 0; i < (int)G_N_ELEMENTS(level_names); i++)
        if (strcmp(f[2], level_names[i]) == 0)
            lv = i;
    if (lv < 0) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("%s:%u: level \"%s\" is not province, prefecture or county"),
                    origin, lineno, f[2]);
        return false;
    }
    if (lv == LV_PROVINCE ? *f[3] != '\0' : !is_code(f[3])) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    lv == LV_PROVINCE ? _("%s:%u: a province has no parent code")
                                      : _("%s:%u: parent code missing or not 6 digits"),
                    origin, lineno);
        return false;
    }
    memset(x, 0, sizeof *x);
    memcpy(x->code, f[0], 7);
    x->name = g_string_chunk_insert_const(dv->strings, f[1]);
    x->level = (div_level)lv;
    memcpy(x->parent_code, f[3], strlen(f[3]) + 1);
    return true;
}

/* Link parents, mark leaves, compute short forms and the two spelling maps. */
static bool
divisions_index(gy_divisions *dv, const char *origin, GError **err)
{
    for (size_t i = 0; i < dv->n; i++) {
        division *x = &dv->v[i];
        if (i > 0 && strcmp(dv->v[i - 1].code, x->code) == 0) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: code %s appears twice"),
                        origin, x->code);
            return false;
        }
        g_hash_table_insert(dv->by_code, x->code, GSIZE_TO_POINTER(i + 1));
    }
    for (size_t i = 0; i < dv->n; i++) {
        division *x = &dv->v[i];
        x->parent = SIZE_MAX;
        x->province = i;
        if (x->level == LV_PROVINCE)
            continue;
        gpointer p = g_hash_table_lookup(dv->by_code, x->parent_code);
        size_t pi = p ? GPOINTER_TO_SIZE(p) - 1 : SIZE_MAX;
        /* a prefecture's parent is a province; a county's a prefecture or, in the
         * municipalities and for directly governed counties (仙桃市), a province */
        if (!p || dv->v[pi].level >= x->level ||
            (x->level == LV_PREFECTURE && dv->v[pi].level != LV_PROVINCE)) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                        _("%s: %s %s: parent %s is not a division of a higher level"),
                        origin, x->code, x->name, x->parent_code);
            return false;
        }
        x->parent = pi;
    }
    size_t counties = 0;
    for (size_t i = 0; i < dv->n; i++) {
        division *x = &dv->v[i];
        if (x->level == LV_COUNTY) {
            x->province = dv->v[x->parent].level == LV_PROVINCE ? x->parent
                                                                 : dv->v[x->parent].parent;
            x->leaf = true;
            counties++;
        } else if (x->level == LV_PREFECTURE) {
            x->province = x->parent;
            x->leaf = true;         /* until a county names it as parent */
        }
    }
    if (counties == 0) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: no county-level division"), origin);
        return false;
    }
    for (size_t i = 0; i < dv->n; i++)
        if (dv->v[i].level == LV_COUNTY)
            dv->v[dv->v[i].parent].leaf = false;

    /* provinces and prefectures first: a county's short form must not be one of theirs */
    alt_list al;
    for (size_t i = 0; i < dv->n; i++) {
        division *x = &dv->v[i];
        if (x->level == LV_COUNTY)
            continue;
        alt_make(x->name, &al);
        for (int k = 0; k < al.n; k++)
            x->alt[k] = g_string_chunk_insert_const(dv->strings, al.v[k]);
        put_ctx c = { dv->scopes, dv->strings, i };
        division_scope_spellings(dv, i, put_cb, &c);
    }
    for (size_t i = 0; i < dv->n; i++) {
        division *x = &dv->v[i];
        if (x->level != LV_COUNTY)
            continue;
        alt_make(x->name, &al);
        int m = 0;
        for (int k = 0; k < al.n; k++) {
            gpointer s = g_hash_table_lookup(dv->scopes, al.v[k]);
            if (!s)
                x->alt[m++] = g_string_chunk_insert_const(dv->strings, al.v[k]);
        }
    }
    for (size_t i = 0; i < dv->n; i++) {
        if (!dv->v[i].leaf)
            continue;
        put_ctx c = { dv->national, dv->strings, i };
        division_leaf_spellings(dv, i, put_cb, &c);
    }
    return true;
}

typedef struct divisions_ctx {
    gy_divisions *dv;
    const char *origin;
    GArray *rows;          /* division */
} divisions_ctx;

static bool
divisions_take_line(char *line, unsigned long lineno, void *user, GError **err)
{
    divisions_ctx *c = user;
    division x;
    if (!divisions_parse_line(c->dv, line, c->origin, (unsigned)lineno, &x, err))
        return false;
    g_array_append_val(c->rows, x);
    return true;
}

gy_divisions *
gy_divisions_parse(const char *text, size_t len, const char *origin, GError **err)
{
    gy_divisions *dv = g_new0(gy_divisions, 1);
    dv->strings = g_string_chunk_new(64 * 1024);
    dv->by_code = g_hash_table_new(g_str_hash, g_str_equal);
    dv->scopes = g_hash_table_new(g_str_hash, g_str_equal);
    dv->national = g_hash_table_new(g_str_hash, g_str_equal);
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(division));
    divisions_ctx ctx = { dv, origin, rows };
    if (!gy_lines_each(text, len, origin, divisions_take_line, &ctx, err))
        goto fail;

    dv->n = rows->len;
    dv->v = (division *)(void *)g_array_free(rows, FALSE);
    rows = NULL;
    if (dv->n > 1)
        qsort(dv->v, dv->n, sizeof(division), division_cmp);
    if (!divisions_index(dv, origin, err))
        goto fail;
    return dv;

fail:
    if (rows)
        g_array_free(rows, TRUE);
    gy_divisions_free(dv);
    return NULL;
}

const char *
gy_divisions_name(const gy_divisions *dv, const char *code)
{
    if (!dv || !code)
        return NULL;
    gpointer p = g_hash_table_lookup(dv->by_code, code);
    return p ? dv->v[GPOINTER_TO_SIZE(p) - 1].name : NULL;
}

/* ---- regions ---- */

typedef struct {
    const char *want;
    bool hit;
} scope_hit_ctx;

static void
scope_hit_cb(void *ctx, const char *key, bool strong)
{
    scope_hit_ctx *c = ctx;
    (void)strong;
    char buf[SPELL_MAX];
    const char *k = spell_normalize(key, buf, sizeof buf);
    if (k && strcmp(k, c->want) == 0)
        c->hit = true;
}

/* Names of the provinces and prefectures that `want` spells, "吉林省、吉林市" (for errors). */
static char *
scope_candidates(const gy_divisions *dv, const char *want)
{
    GString *names = g_string_new(NULL);
    for (size_t i = 0; i < dv->n; i++) {
        if (dv->v[i].level == LV_COUNTY)
            continue;
        scope_hit_ctx h = { want, false };
        division_scope_spellings(dv, i, scope_hit_cb, &h);
        if (h.hit)
            g_string_append_printf(names, "%s%s", names->len ? "、" : "", dv->v[i].name);
    }
    return g_string_free(names, FALSE);
}

typedef struct {
    gy_region *rg;
    size_t member;
    size_t div;
} region_put_ctx;

static void
region_put_cb(void *ctx, const char *key, bool strong)
{
    region_put_ctx *c = ctx;
    if (!strong) {
        /* a short form never hides the full name of a county outside the region */
        char buf[SPELL_MAX];
        const char *k = spell_normalize(key, buf, sizeof buf);
        gpointer nv = k ? g_hash_table_lookup(c->rg->dv->national, k) : NULL;
        if (nv && unpack_strong(nv) && (unpack_ambig(nv) || unpack_index(nv) != c->div))
            return;
    }
    spell_put(c->rg->spell, c->rg->strings, key, c->member, strong);
}

void
gy_region_free(gy_region *rg)
{
    if (!rg)
        return;
    if (rg->spell)
        g_hash_table_destroy(rg->spell);
    if (rg->members)
        g_array_free(rg->members, TRUE);
    if (rg->strings)
        g_string_chunk_free(rg->strings);
    if (rg->unmatched)
        g_hash_table_destroy(rg->unmatched);
    if (rg->townships)
        g_mutex_clear(&rg->lock);
    g_free(rg);
}

/* The division a scope text names: SIZE_MAX for the whole country; sets *err and returns
 * SIZE_MAX - 1 when the text is unknown, ambiguous or a county. */
static size_t
region_find_scope(const gy_divisions *dv, const char *scope, GError **err)
{
    if (!scope || !*scope)
        return SIZE_MAX;
    char buf[SPELL_MAX];
    const char *k = spell_normalize(scope, buf, sizeof buf);
    gpointer v = k && *k ? g_hash_table_lookup(dv->scopes, k) : NULL;
    if (v && !unpack_ambig(v))
        return unpack_index(v);
    if (v) {
        char *names = scope_candidates(dv, k);
        g_set_error(err, GY_ERROR, GY_E_CONFIG,
                    _("region \"%s\" is ambiguous (%s): give the full name or the code"),
                    scope, names);
        g_free(names);
    } else if (k && (v = g_hash_table_lookup(dv->national, k)) != NULL && unpack_ambig(v)) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG,
                    _("region \"%s\" names more than one county: give its code, or its "
                      "prefecture too (乐山市市中区)"), scope);
    } else if (v) {
        /* a county's region is its townships: gy_region_new_townships */
        g_set_error(err, GY_ERROR, GY_E_CONFIG,
                    _("region \"%s\" is a county-level division; a region is a province or a "
                      "prefecture"), scope);
    } else {
        g_set_error(err, GY_ERROR, GY_E_CONFIG,
                    _("unknown region \"%s\": not the code or name of a province, prefecture or "
                      "county"),
                    scope);
    }
    return SIZE_MAX - 1;
}

/* An empty region named label (scope code `code`), its strings borrowed from dv. */
static gy_region *
region_alloc(const gy_divisions *dv, const char *label, const char *code)
{
    gy_region *rg = g_new0(gy_region, 1);
    rg->dv = dv;
    rg->members = g_array_new(FALSE, FALSE, sizeof(member));
    rg->spell = g_hash_table_new(g_str_hash, g_str_equal);
    rg->strings = g_string_chunk_new(16 * 1024);
    rg->label = label;
    rg->scope_code = code;
    return rg;
}

gy_region *
gy_region_new(const gy_divisions *dv, const char *scope, GError **err)
{
    g_return_val_if_fail(dv != NULL, NULL);
    size_t s = region_find_scope(dv, scope, err);
    if (s == SIZE_MAX - 1)
        return NULL;
    gy_region *rg = region_alloc(dv, s == SIZE_MAX ? "全国" : dv->v[s].name,
                                 s == SIZE_MAX ? "" : dv->v[s].code);
    for (size_t i = 0; i < dv->n; i++) {
        const division *x = &dv->v[i];
        if (!x->leaf)
            continue;
        bool in = s == SIZE_MAX || i == s || x->parent == s || x->province == s;
        if (!in)
            continue;
        member m = { x->code, x->name, i };
        g_array_append_val(rg->members, m);
        region_put_ctx c = { rg, rg->members->len - 1, i };
        division_leaf_spellings(dv, i, region_put_cb, &c);
    }
    return rg;
}

size_t
gy_region_add_unit(gy_region *rg, const char *name, const char *const *aliases)
{
    g_return_val_if_fail(rg != NULL && name != NULL, SIZE_MAX);
    member m = { "", g_string_chunk_insert_const(rg->strings, name), SIZE_MAX };
    g_array_append_val(rg->members, m);
    size_t idx = rg->members->len - 1;
    spell_put(rg->spell, rg->strings, name, idx, true);
    for (const char *const *a = aliases; a && *a; a++)
        spell_put(rg->spell, rg->strings, *a, idx, true);
    return idx;
}

void
gy_region_add_alias(gy_region *rg, size_t idx, const char *alias)
{
    g_return_if_fail(rg != NULL && alias != NULL && idx < rg->members->len);
    spell_put(rg->spell, rg->strings, alias, idx, true);
}

size_t
gy_region_count(const gy_region *rg)
{
    return rg ? rg->members->len : 0;
}

const char *
gy_region_code(const gy_region *rg, size_t i)
{
    if (!rg || i >= rg->members->len)
        return NULL;
    return g_array_index(rg->members, member, i).code;
}

const char *
gy_region_name(const gy_region *rg, size_t i)
{
    if (!rg || i >= rg->members->len)
        return NULL;
    return g_array_index(rg->members, member, i).name;
}

const char *
gy_region_parent(const gy_region *rg, size_t i)
{
    const char *code = gy_region_code(rg, i);
    if (!code || strlen(code) != 6 || strcmp(code + 4, "00") == 0)
        return NULL;
    char pre[7];
    memcpy(pre, code, 4);
    memcpy(pre + 4, "00", 3);
    return gy_divisions_name(rg->dv, pre);
}

const char *
gy_region_label(const gy_region *rg)
{
    return rg ? rg->label : NULL;
}

const char *
gy_region_scope_code(const gy_region *rg)
{
    return rg ? rg->scope_code : NULL;
}

static gy_error
region_lookup(const gy_region *rg, const char *text, size_t *idx)
{
    gpointer v = g_hash_table_lookup(rg->spell, text);
    if (v) {
        if (unpack_ambig(v))
            return GY_E_COUNTY_AMBIGUOUS;
        *idx = unpack_index(v);
        return GY_OK;
    }
    if (g_hash_table_lookup(rg->dv->national, text))
        return GY_E_COUNTY_OUTSIDE;
    return GY_E_COUNTY_UNKNOWN;
}

gy_error
gy_region_resolve(const gy_region *rg, const char *text, size_t *idx)
{
    g_return_val_if_fail(rg != NULL && idx != NULL, GY_E_COUNTY_UNKNOWN);
    if (!text || !*text)
        return GY_E_EMPTY;
    gy_error e = region_lookup(rg, text, idx);
    if (e != GY_E_COUNTY_UNKNOWN)
        return e;
    /* the rare row with inner spaces, full-width brackets or a 12-digit code */
    char buf[SPELL_MAX];
    const char *k = spell_normalize(text, buf, sizeof buf);
    if (!k || k == text)
        return GY_E_COUNTY_UNKNOWN;
    if (!*k)
        return GY_E_EMPTY;
    return region_lookup(rg, k, idx);
}

/* ---- a county's townships ---- */

#define CATCHALL_NAME "未填乡镇"

/* Endings of township names; the stem before one is a short form (玉津镇 → 玉津). */
static const char *const township_endings[] = { "街道办事处", "民族乡", "民族苏木", "街道办",
                                                "街道", "苏木", "镇", "乡" };

/* Short forms of a township name and its office spellings: 玉津镇 → 玉津; 东城街道 → 东城,
 * 东城街道办事处, 东城街道办 (the last two strong: they name one office only). */
static void
township_spellings(gy_region *rg, size_t idx, const char *name)
{
    spell_put(rg->spell, rg->strings, name, idx, true);
    size_t n = strlen(name);
    for (size_t i = 0; i < G_N_ELEMENTS(township_endings); i++) {
        size_t k = strlen(township_endings[i]);
        if (n <= k || strcmp(name + n - k, township_endings[i]) != 0)
            continue;
        char *stem = g_strndup(name, n - k);
        if (g_utf8_strlen(stem, -1) >= 2)
            spell_put(rg->spell, rg->strings, stem, idx, false);
        if (strcmp(township_endings[i], "街道") == 0) {
            char *office = g_strconcat(name, "办事处", NULL);
            spell_put(rg->spell, rg->strings, office, idx, true);
            g_free(office);
            office = g_strconcat(name, "办", NULL);
            spell_put(rg->spell, rg->strings, office, idx, true);
            g_free(office);
        }
        g_free(stem);
        break;
    }
}

/* The county texts name: its code or one of its spellings, else SIZE_MAX. */
static size_t
county_of_text(const gy_divisions *dv, const char *text)
{
    char buf[SPELL_MAX];
    const char *k = text ? spell_normalize(text, buf, sizeof buf) : NULL;
    if (!k || !*k)
        return SIZE_MAX;
    gpointer v = g_hash_table_lookup(dv->national, k);
    if (!v || unpack_ambig(v))
        return SIZE_MAX;
    return unpack_index(v);
}

const char *
gy_divisions_county(const gy_divisions *dv, const char *text)
{
    size_t d = dv ? county_of_text(dv, text) : SIZE_MAX;
    return d == SIZE_MAX ? NULL : dv->v[d].code;
}

bool
gy_divisions_is_county(const gy_divisions *dv, const char *county, GError **err)
{
    size_t d = county_of_text(dv, county);
    if (d == SIZE_MAX || !dv->v[d].leaf) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("\"%s\" is not a county-level division"),
                    county);
        return false;
    }
    return true;
}

typedef struct townships_ctx {
    gy_region *rg;
    const division *county;
    const char *path;
    const char *forms[1 + DIV_ALTS];
    int nf;
} townships_ctx;

/* One line of the township table: code, name, county code; the county's own are taken. */
static bool
township_take_line(char *line, unsigned long lineno, void *user, GError **err)
{
    townships_ctx *c = user;
    gy_region *rg = c->rg;
    char **f = g_strsplit(line, "\t", 4);
    bool ok = true;
    if (g_strv_length(f) != 3 || strlen(f[0]) != 9 || strlen(f[2]) != 6) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                    _("%s:%lu: not a township row (code, name, county code)"), c->path, lineno);
        ok = false;
    } else if (strcmp(f[2], c->county->code) == 0) {
        member m = { g_string_chunk_insert_const(rg->strings, f[0]),
                     g_string_chunk_insert_const(rg->strings, f[1]), SIZE_MAX };
        g_array_append_val(rg->members, m);
        size_t idx = rg->members->len - 1;
        township_spellings(rg, idx, m.name);
        spell_put(rg->spell, rg->strings, m.code, idx, true);
        char *code12 = g_strconcat(m.code, "000", NULL);
        spell_put(rg->spell, rg->strings, code12, idx, true);
        g_free(code12);
        for (int k = 0; k < c->nf; k++) {      /* 犍为县玉津镇, 犍为玉津镇 */
            char *both = g_strconcat(c->forms[k], m.name, NULL);
            spell_put(rg->spell, rg->strings, both, idx, true);
            g_free(both);
        }
    }
    g_strfreev(f);
    return ok;
}

gy_region *
gy_region_townships_parse(const gy_divisions *dv, const char *county, const char *table,
                          size_t len, const char *path, GError **err)
{
    g_return_val_if_fail(dv != NULL && county != NULL && table != NULL && path != NULL, NULL);
    if (!gy_divisions_is_county(dv, county, err))
        return NULL;
    size_t d = county_of_text(dv, county);
    gy_region *rg = region_alloc(dv, dv->v[d].name, dv->v[d].code);
    rg->townships = true;
    g_mutex_init(&rg->lock);
    rg->unmatched = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    townships_ctx ctx = { rg, &dv->v[d], path, {0}, 0 };
    ctx.nf = division_forms(&dv->v[d], ctx.forms);
    bool ok = gy_lines_each(table, len, path, township_take_line, &ctx, err);
    if (ok && rg->members->len == 0) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("no township of %s (%s) in %s"), rg->label,
                    rg->scope_code, path);
        ok = false;
    }
    if (!ok) {
        gy_region_free(rg);
        return NULL;
    }
    rg->catchall = gy_region_add_unit(rg, CATCHALL_NAME, NULL);
    return rg;
}

bool
gy_region_is_townships(const gy_region *rg)
{
    return rg && rg->townships;
}

const char *
gy_region_row_head(const gy_region *rg)
{
    return rg && rg->townships ? "乡镇（街道）" : "县（市、区）";
}

/* The loader's resolution in a county: a township, or the catch-all with the text noted. */
static gy_error
township_resolve(const gy_region *rg, const char *text, size_t *idx)
{
    gy_error e = gy_region_resolve(rg, text, idx);
    if (e == GY_OK && *idx != rg->catchall)
        return GY_OK;
    if (e == GY_OK)
        e = GY_E_COUNTY_UNKNOWN;        /* "未填乡镇" written out is not a township either */
    gy_region *w = (gy_region *)rg;     /* the list of unmatched texts is the one thing written */
    g_mutex_lock(&w->lock);
    const char *key = text ? text : "";
    unmatched_text *u = g_hash_table_lookup(w->unmatched, key);
    if (!u) {
        u = g_new0(unmatched_text, 1);
        u->why = e == GY_E_EMPTY ? GY_E_EMPTY : e;
        g_hash_table_insert(w->unmatched, g_strdup(key), u);
    }
    u->rows++;
    g_mutex_unlock(&w->lock);
    *idx = rg->catchall;
    return GY_OK;
}

/* How alike two names are: characters in common (each used once) over the longer length. */
static double
name_likeness(const char *a, const char *b)
{
    glong na = g_utf8_strlen(a, -1), nb = g_utf8_strlen(b, -1);
    if (na == 0 || nb == 0)
        return 0;
    gunichar *ub = g_utf8_to_ucs4_fast(b, -1, NULL);
    glong common = 0;
    for (const char *p = a; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        for (glong i = 0; i < nb; i++)
            if (ub[i] == c) {
                ub[i] = 0;
                common++;
                break;
            }
    }
    g_free(ub);
    return (double)common / (double)MAX(na, nb);
}

static gint
unmatched_cmp(gconstpointer a, gconstpointer b)
{
    const gy_unmatched *x = *(gy_unmatched *const *)a, *y = *(gy_unmatched *const *)b;
    if (x->rows != y->rows)
        return x->rows > y->rows ? -1 : 1;
    return strcmp(x->text, y->text);
}

static void
unmatched_free(gpointer p)
{
    gy_unmatched *u = p;
    g_free(u->text);
    g_free(u->names);
    g_free(u);
}

GPtrArray *
gy_region_unmatched(const gy_region *rg)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(unmatched_free);
    if (!rg || !rg->townships)
        return out;
    gy_region *w = (gy_region *)rg;
    g_mutex_lock(&w->lock);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, w->unmatched);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const unmatched_text *ut = v;
        gy_unmatched *u = g_new0(gy_unmatched, 1);
        u->text = g_strdup(k);
        u->rows = ut->rows;
        u->why = ut->why;
        GString *names = g_string_new(NULL);
        if (ut->why == GY_E_COUNTY_AMBIGUOUS) {
            /* the townships this short form fits */
            for (size_t i = 0; i < rg->catchall; i++) {
                const member *m = &g_array_index(rg->members, member, i);
                if (g_str_has_prefix(m->name, u->text))
                    g_string_append_printf(names, "%s%s", names->len ? "、" : "", m->name);
            }
        } else if (ut->why != GY_E_EMPTY) {
            /* up to three nearest names, at least half their characters in common */
            size_t best[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
            double score[3] = { 0.5, 0.5, 0.5 };
            for (size_t i = 0; i < rg->catchall; i++) {
                double s = name_likeness(u->text, g_array_index(rg->members, member, i).name);
                for (int j = 0; j < 3; j++)
                    if (s >= score[j] && (best[j] == SIZE_MAX || s > score[j])) {
                        for (int t = 2; t > j; t--)
                            best[t] = best[t - 1], score[t] = score[t - 1];
                        best[j] = i, score[j] = s;
                        break;
                    }
            }
            for (int j = 0; j < 3 && best[j] != SIZE_MAX; j++)
                g_string_append_printf(names, "%s%s", j ? "、" : "",
                                       g_array_index(rg->members, member, best[j]).name);
        }
        u->names = g_string_free(names, FALSE);
        g_ptr_array_add(out, u);
    }
    g_mutex_unlock(&w->lock);
    g_ptr_array_sort(out, unmatched_cmp);
    return out;
}

/* ---- a reader's memo of resolved texts ---- */

#define MEMO_SLOTS 128          /* open addressing, a power of two */
#define MEMO_MAX 64             /* texts kept: the table stays at most half full */
#define MEMO_TEXT 32            /* bytes; a text this long or longer is not kept */

typedef struct {
    size_t idx;                 /* with e == GY_OK */
    unsigned char len;          /* 0: a free slot */
    unsigned char e;            /* gy_error */
    char text[MEMO_TEXT];       /* not NUL-terminated */
} memo_slot;

struct gy_region_memo {
    const gy_region *rg;
    size_t used;
    memo_slot slot[MEMO_SLOTS];
};

gy_region_memo *
gy_region_memo_new(const gy_region *rg)
{
    g_return_val_if_fail(rg != NULL, NULL);
    gy_region_memo *m = g_new0(gy_region_memo, 1);
    m->rg = rg;
    return m;
}

void
gy_region_memo_free(gy_region_memo *m)
{
    g_free(m);
}

/* From the length and the first and last four bytes (the first and last characters of a
 * Chinese name) rather than every byte: collisions only cost a probe. */
static inline size_t
memo_hash(const char *text, size_t n)
{
    uint32_t a = 0, b = 0;
    if (n >= 4) {                       /* fixed-size loads: no byte stores to read back */
        memcpy(&a, text, 4);
        memcpy(&b, text + n - 4, 4);
    } else {
        for (size_t i = 0; i < n; i++)
            a = a << 8 | (unsigned char)text[i];
    }
    uint64_t h = (((uint64_t)a << 32) | b) + n;
    return (size_t)((h * UINT64_C(0x9e3779b97f4a7c15)) >> 40) & (MEMO_SLOTS - 1);
}

/* The n bytes at a and b alike: eight at a time, the last eight overlapping (n is known, so
 * no load strays past either). */
static inline bool
memo_same(const char *a, const char *b, size_t n)
{
    if (n < 8)
        return memcmp(a, b, n) == 0;
    uint64_t x, y;
    for (size_t i = 0; i + 8 < n; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return false;
    }
    memcpy(&x, a + n - 8, 8);
    memcpy(&y, b + n - 8, 8);
    return x == y;
}

gy_error
gy_region_memo_resolve(gy_region_memo *m, const char *text, size_t *idx)
{
    g_return_val_if_fail(m != NULL && idx != NULL, GY_E_COUNTY_UNKNOWN);
    if (m->rg->townships)
        return township_resolve(m->rg, text, idx);
    size_t n = text ? strlen(text) : 0;     /* strnlen is slower on short texts */
    if (n == 0 || n >= MEMO_TEXT)
        return gy_region_resolve(m->rg, text, idx);
    size_t h = memo_hash(text, n);
    for (; m->slot[h].len; h = (h + 1) & (MEMO_SLOTS - 1)) {
        const memo_slot *s = &m->slot[h];
        if (s->len == n && memo_same(s->text, text, n)) {
            if (s->e == GY_OK)
                *idx = s->idx;
            return (gy_error)s->e;
        }
    }
    size_t i = 0;
    gy_error e = gy_region_resolve(m->rg, text, &i);
    if (m->used < MEMO_MAX) {
        memo_slot *s = &m->slot[h];       /* the free slot that ended the probe */
        s->idx = i;
        s->len = (unsigned char)n;
        s->e = (unsigned char)e;
        memcpy(s->text, text, n);
        m->used++;
    }
    if (e == GY_OK)
        *idx = i;
    return e;
}

gy_error
gy_region_memo_own_county(gy_region_memo *m, const char *text)
{
    const gy_region *rg = m->rg;
    if (!rg->townships || !text || !*text)
        return GY_OK;
    size_t d = county_of_text(rg->dv, text);
    if (d != SIZE_MAX)
        return strcmp(rg->dv->v[d].code, rg->scope_code) == 0 ? GY_OK : GY_E_COUNTY_OUTSIDE;
    char buf[SPELL_MAX];
    const char *k = spell_normalize(text, buf, sizeof buf);
    if (k && !*k)
        return GY_OK;
    return k && g_hash_table_lookup(rg->dv->national, k) ? GY_E_COUNTY_AMBIGUOUS
                                                         : GY_E_COUNTY_UNKNOWN;
}
