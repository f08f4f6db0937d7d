/* stars.c — award rosters: row judging, double listings, checks, counts, list order and the
 * reply paragraph (stars.h). Pure: no I/O. */
#include <stdlib.h>
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/stars.h"

/* ---- levels and categories ---- */

static const char *const level_names[GY_STAR_LEVELS] = {
    [GY_STAR_CITY] = "市级", [GY_STAR_PROVINCE] = "省级",
};
static const char *const kind_names[GY_STAR_KINDS] = {
    [GY_STAR_PERSON] = "返乡创业明星", [GY_STAR_ENTERPRISE] = "返乡创业明星企业",
};
static const char *const kind_short[GY_STAR_KINDS] = {
    [GY_STAR_PERSON] = "明星", [GY_STAR_ENTERPRISE] = "明星企业",
};
static const char *const kind_measure[GY_STAR_KINDS] = {
    [GY_STAR_PERSON] = "名", [GY_STAR_ENTERPRISE] = "家",
};

const char *gy_star_level_name(gy_star_level l)
{
    return l < GY_STAR_LEVELS ? level_names[l] : "";
}

const char *gy_star_kind_name(gy_star_kind k)
{
    return k < GY_STAR_KINDS ? kind_names[k] : "";
}

const char *gy_star_kind_short(gy_star_kind k)
{
    return k < GY_STAR_KINDS ? kind_short[k] : "";
}

const char *gy_star_kind_measure(gy_star_kind k)
{
    return k < GY_STAR_KINDS ? kind_measure[k] : "";
}

/* A copy of s without ASCII spaces. */
static char *squeeze(const char *s)
{
    char *t = g_strdup(s), *w = t;
    for (const char *p = s; *p; p++)
        if (*p != ' ')
            *w++ = *p;
    *w = '\0';
    return t;
}

gy_error gy_star_level_parse(const char *s, gy_star_level *out)
{
    char *t = squeeze(s);
    gy_error e = GY_E_LEVEL;
    if (!*t)
        e = GY_E_EMPTY;
    /* 市级, 市, and a place name: 乐山市级, 乐山市; the same for 省 */
    size_t n = strlen(t);
    if (n >= 3 && !strcmp(t + n - 3, "级"))
        t[n -= 3] = '\0';
    if (n >= 3) {
        if (!strcmp(t + n - 3, "市")) {
            *out = GY_STAR_CITY;
            e = GY_OK;
        } else if (!strcmp(t + n - 3, "省")) {
            *out = GY_STAR_PROVINCE;
            e = GY_OK;
        }
    }
    g_free(t);
    return e;
}

gy_error gy_star_kind_parse(const char *s, gy_star_kind *out)
{
    static const struct { const char *text; gy_star_kind k; } kinds[] = {
        { "返乡创业明星", GY_STAR_PERSON }, { "创业明星", GY_STAR_PERSON }, { "明星", GY_STAR_PERSON },
        { "返乡创业明星企业", GY_STAR_ENTERPRISE }, { "创业明星企业", GY_STAR_ENTERPRISE },
        { "明星企业", GY_STAR_ENTERPRISE },
    };
    char *t = squeeze(s);
    gy_error e = *t ? GY_E_CATEGORY : GY_E_EMPTY;
    for (size_t i = 0; e != GY_OK && i < G_N_ELEMENTS(kinds); i++)
        if (!strcmp(t, kinds[i].text)) {
            *out = kinds[i].k;
            e = GY_OK;
        }
    g_free(t);
    return e;
}

gy_error gy_star_year_parse(const char *s, int *year)
{
    char *t = squeeze(s);
    size_t n = strlen(t);
    if (g_str_has_suffix(t, "年度"))
        t[n -= 6] = '\0';
    else if (g_str_has_suffix(t, "年"))
        t[n -= 3] = '\0';
    gy_error e = GY_OK;
    if (!*s || !n)
        e = *s ? GY_E_DATE_FORMAT : GY_E_EMPTY;
    for (size_t i = 0; e == GY_OK && i < n; i++)
        if (!g_ascii_isdigit(t[i]))
            e = GY_E_DATE_FORMAT;
    if (e == GY_OK && n != 4)
        e = GY_E_DATE_FORMAT;
    if (e == GY_OK) {
        int y = atoi(t);
        if (y < 1949 || y > 2099)
            e = GY_E_DATE_RANGE;
        else
            *year = y;
    }
    g_free(t);
    return e;
}

/* ---- reading a roster row ---- */

static gy_error level_code(const char *s, int64_t *out)
{
    gy_star_level l = GY_STAR_CITY;
    gy_error e = gy_star_level_parse(s, &l);
    *out = l;
    return e;
}

static gy_error kind_code(const char *s, int64_t *out)
{
    gy_star_kind k = GY_STAR_PERSON;
    gy_error e = gy_star_kind_parse(s, &k);
    *out = k;
    return e;
}

static gy_error year_code(const char *s, int64_t *out)
{
    int y = 0;
    gy_error e = gy_star_year_parse(s, &y);
    *out = y;
    return e;
}

/* A roster's fields, in the order their problems are told. An enterprise award needs no ID
 * but its 企业名称 (told at 类别 when the roster has no such column) and a valid credit code; a
 * person award's bad credit code only describes, and is dropped with a note. */
#define ENTERPRISE { "category", GY_JC_EQ, GY_STAR_ENTERPRISE }
static const gy_judge_field star_judge[GY_SF__COUNT] = {
    [GY_SF_NAME] = { .key = "name", .type = GY_JT_TEXT, .required = true },
    [GY_SF_ID] = { .key = "id_number", .type = GY_JT_ID, .required = true,
                   .flags = GY_JF_SKIP_CHECK,
                   .rule = GY_JR_REQUIRED_IF, .cond = { "category", GY_JC_NE, GY_STAR_ENTERPRISE } },
    [GY_SF_COUNTY] = { .key = "county", .type = GY_JT_COUNTY, .required = true },
    [GY_SF_LEVEL] = { .key = "level", .type = GY_JT_CODE, .required = true, .parse = level_code },
    [GY_SF_KIND] = { .key = "category", .type = GY_JT_CODE, .required = true, .parse = kind_code },
    [GY_SF_ENTITY] = { .key = "entity_name", .type = GY_JT_TEXT, .required = false,
                       .rule = GY_JR_REQUIRED_IF,
                       .cond = ENTERPRISE, .absent_at = "category" },
    [GY_SF_USCC] = { .key = "uscc", .type = GY_JT_USCC, .required = false, .rule = GY_JR_SOFT_UNLESS,
                     .cond = ENTERPRISE },
    [GY_SF_YEAR] = { .key = "year", .type = GY_JT_CODE, .required = true, .parse = year_code },
    [GY_SF_INDUSTRY] = { .key = "industry", .type = GY_JT_TEXT, .required = false },
    [GY_SF_JOBS] = { .key = "jobs", .type = GY_JT_COUNT, .required = false },
    [GY_SF_OUTPUT] = { .key = "output_value", .type = GY_JT_MONEY, .required = false },
};
#undef ENTERPRISE

void gy_star_layout_judge(gy_star_layout *ly)
{
    gy_unit units[GY_SF__COUNT] = { [GY_SF_OUTPUT] = ly->output_unit };
    gy_judge_opts o = { .shape = false, .written = INT32_MAX, .last_read = -1 };
    int width = 0;
    for (int f = 0; f < GY_SF__COUNT; f++)
        width = MAX(width, ly->col[f] + 1);
    gy_judge_free(ly->judge);
    ly->judge = gy_judge_new(star_judge, GY_SF__COUNT, ly->col, units, (size_t)width, &o);
}

void gy_star_layout_clear(gy_star_layout *ly)
{
    for (int f = 0; f < GY_SF__COUNT; f++)
        g_free(ly->head[f]);
    gy_judge_free(ly->judge);
    memset(ly, 0, sizeof *ly);
}

gy_star_verdict gy_star_judge(const gy_star_layout *ly, gy_row *row, const gy_region *rg,
                              uint32_t file, gy_star *out)
{
    gy_judge_val v[GY_SF__COUNT] = { { 0 } };
    gy_judge_verdict jv = gy_judge_row(ly->judge, row, rg, NULL, v);
    gy_star_verdict r = { jv.reason, jv.field, jv.value, jv.warning };
    if (jv.reason != GY_OK)
        return r;
    if (jv.warning != GY_OK) {
        r.field = jv.warn_field;
        r.value = jv.warn_value;
    }
    memset(out, 0, sizeof *out);
    out->file = file;
    out->line = row->line;
    out->name = v[GY_SF_NAME].s;
    memcpy(out->id, v[GY_SF_ID].code, sizeof out->id);
    out->county = (uint32_t)v[GY_SF_COUNTY].i;
    out->level = (gy_star_level)v[GY_SF_LEVEL].i;
    out->kind = (gy_star_kind)v[GY_SF_KIND].i;
    out->entity = v[GY_SF_ENTITY].s;
    memcpy(out->uscc, v[GY_SF_USCC].code, sizeof out->uscc);
    out->year = (int)v[GY_SF_YEAR].i;
    out->industry = v[GY_SF_INDUSTRY].s;
    out->jobs = v[GY_SF_JOBS].blank ? -1 : v[GY_SF_JOBS].i;
    out->output = v[GY_SF_OUTPUT].blank ? -1 : v[GY_SF_OUTPUT].i;
    return r;
}

/* ---- the roster ---- */

struct gy_roster {
    GArray *stars;              /* gy_star, strings in `strings` */
    GArray *issues;             /* gy_star_issue, strings in `strings` */
    GStringChunk *strings;
    GHashTable *seen;           /* listing key → index + 1 */
    char **files;               /* basenames */
    size_t n_files;
};

gy_roster *gy_roster_new(const char *const *files, size_t n_files)
{
    gy_roster *ro = g_new0(gy_roster, 1);
    ro->stars = g_array_new(FALSE, FALSE, sizeof(gy_star));
    ro->issues = g_array_new(FALSE, FALSE, sizeof(gy_star_issue));
    ro->strings = g_string_chunk_new(4096);
    ro->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ro->files = g_new0(char *, n_files + 1);
    ro->n_files = n_files;
    for (size_t i = 0; i < n_files; i++)
        ro->files[i] = g_path_get_basename(files[i]);
    return ro;
}

void gy_roster_free(gy_roster *ro)
{
    if (!ro)
        return;
    g_array_free(ro->stars, TRUE);
    g_array_free(ro->issues, TRUE);
    g_string_chunk_free(ro->strings);
    g_hash_table_destroy(ro->seen);
    g_strfreev(ro->files);
    g_free(ro);
}

static const char *keep(gy_roster *ro, const char *s)
{
    return g_string_chunk_insert_const(ro->strings, s ? s : "");
}

size_t gy_roster_size(const gy_roster *ro)
{
    return ro->stars->len;
}

const gy_star *gy_roster_get(const gy_roster *ro, size_t i)
{
    return &g_array_index(ro->stars, gy_star, i);
}

void gy_roster_issue(gy_roster *ro, gy_star_issue_kind kind, uint32_t file, unsigned long line,
                     const char *name, const char *column, const char *value, const char *text)
{
    gy_star_issue is = { kind, file, line, keep(ro, name), keep(ro, column), keep(ro, value),
                         keep(ro, text) };
    g_array_append_val(ro->issues, is);
}

size_t gy_roster_n_issues(const gy_roster *ro)
{
    return ro->issues->len;
}

const gy_star_issue *gy_roster_get_issue(const gy_roster *ro, size_t i)
{
    return &g_array_index(ro->issues, gy_star_issue, i);
}

static int issue_cmp(const void *a, const void *b)
{
    const gy_star_issue *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return 0;
}

void gy_roster_sort_issues(gy_roster *ro)
{
    /* stable: a row's issues keep the order they were found in */
    gy_star_issue *v = (gy_star_issue *)(void *)ro->issues->data;
    size_t n = ro->issues->len;
    for (size_t i = 1; i < n; i++) {
        gy_star_issue t = v[i];
        size_t j = i;
        for (; j > 0 && issue_cmp(&v[j - 1], &t) > 0; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
}

void gy_roster_reject(gy_roster *ro, uint32_t file, unsigned long line, const char *name,
                      int field, const char *column, const char *value, gy_error reason)
{
    char *text;
    if (field == GY_SF_ENTITY && reason == GY_E_EMPTY)
        text = g_strdup("返乡创业明星企业未填写企业名称");
    else if (field == GY_SF_KIND && reason == GY_E_EMPTY)
        text = g_strdup("返乡创业明星企业未填写企业名称（没有企业名称列）");
    else if (field == GY_SF_USCC)
        text = g_strdup_printf("%s（GB 32100）", gy_reason_zh(reason));
    else
        text = g_strdup(gy_reason_zh(reason));
    gy_roster_issue(ro, GY_ISSUE_REJECTED, file, line, name, column, value, text);
    g_free(text);
}

/* The key of a listing: level, category, year and who (ID) or which enterprise. */
static char *listing_key(const gy_star *s, bool by_name)
{
    const char *who = s->kind == GY_STAR_PERSON ? s->id : by_name ? s->entity : s->uscc;
    return g_strdup_printf("%d|%d|%d|%c|%s", (int)s->level, (int)s->kind, s->year,
                           s->kind == GY_STAR_PERSON ? 'P' : by_name ? 'N' : 'U', who);
}

bool gy_roster_add(gy_roster *ro, const gy_star *s, size_t *dup_of)
{
    bool by_name = s->kind == GY_STAR_ENTERPRISE && !s->uscc[0];
    char *key = listing_key(s, by_name);
    gpointer hit = g_hash_table_lookup(ro->seen, key);
    if (hit) {
        size_t earlier = GPOINTER_TO_SIZE(hit) - 1;
        const gy_star *e = gy_roster_get(ro, earlier);
        const char *what = s->kind == GY_STAR_PERSON ? "同一人（身份证号码相同）"
                           : by_name ? "同一企业（企业名称相同）"
                                     : "同一企业（统一社会信用代码相同）";
        char *where = e->file == s->file || e->file >= ro->n_files
                          ? g_strdup_printf("第%lu行", e->line)
                          : g_strdup_printf("%s第%lu行", ro->files[e->file], e->line);
        char *text = g_strdup_printf("与%s重复：%s在%d年度%s%s中列出两次，只计一次", where, what,
                                     s->year, gy_star_level_name(s->level),
                                     gy_star_kind_name(s->kind));
        const char *column = s->kind == GY_STAR_PERSON ? "身份证号码"
                             : by_name ? "企业名称" : "统一社会信用代码";
        const char *value = s->kind == GY_STAR_PERSON ? s->id : by_name ? s->entity : s->uscc;
        gy_roster_issue(ro, GY_ISSUE_DUPLICATE, s->file, s->line, s->name, column, value, text);
        g_free(where);
        g_free(text);
        g_free(key);
        if (dup_of)
            *dup_of = earlier;
        return false;
    }
    gy_star c = *s;
    c.name = keep(ro, s->name);
    c.entity = keep(ro, s->entity);
    c.industry = keep(ro, s->industry);
    g_array_append_val(ro->stars, c);
    gpointer idx = GSIZE_TO_POINTER(ro->stars->len);
    g_hash_table_insert(ro->seen, key, idx);
    /* an enterprise with a credit code is also found by its name, so that a later listing of
     * the same name without a code is caught */
    if (s->kind == GY_STAR_ENTERPRISE && !by_name) {
        char *nk = listing_key(s, true);
        if (!g_hash_table_contains(ro->seen, nk))
            g_hash_table_insert(ro->seen, nk, idx);
        else
            g_free(nk);
    }
    return true;
}

size_t gy_roster_check_records(gy_roster *ro, gy_person_known_fn known, void *user)
{
    size_t n = 0;
    for (size_t i = 0; i < ro->stars->len; i++) {
        const gy_star *s = gy_roster_get(ro, i);
        if (!s->id[0] || known(gy_id_key(s->id), user))
            continue;
        char *text = g_strdup_printf("创业人员台账中没有此人（%d年度%s%s）：请核实身份证号码或"
                                     "是否为返乡创业人员", s->year, gy_star_level_name(s->level),
                                     gy_star_kind_name(s->kind));
        gy_roster_issue(ro, GY_ISSUE_NOT_IN_RECORDS, s->file, s->line, s->name, "身份证号码",
                        s->id, text);
        g_free(text);
        n++;
    }
    return n;
}

size_t gy_roster_check_names(gy_roster *ro, const gy_strokes *sk)
{
    size_t n = 0;
    for (size_t i = 0; i < ro->stars->len; i++) {
        const gy_star *s = gy_roster_get(ro, i);
        gunichar c = gy_strokes_unknown(sk, s->name);
        if (!c)
            continue;
        char ch[8] = { 0 };
        g_unichar_to_utf8(c, ch);
        char *text = g_strdup_printf("姓名中的“%s”（U+%04X）不在笔画表中，名单排序时排在同位置"
                                     "已知的字之后", ch, (unsigned)c);
        gy_roster_issue(ro, GY_ISSUE_NOTE, s->file, s->line, s->name, "姓名", s->name, text);
        g_free(text);
        n++;
    }
    return n;
}

typedef struct list_ctx {
    const gy_roster *ro;
    const gy_strokes *sk;
    gy_name_order order;
} list_ctx;

static gint list_cmp(gconstpointer a, gconstpointer b, gpointer user)
{
    const list_ctx *cx = user;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const gy_star *x = gy_roster_get(cx->ro, i), *y = gy_roster_get(cx->ro, j);
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    int c = gy_strokes_compare(cx->sk, cx->order, x->name, y->name);
    if (!c)
        c = strcmp(x->id, y->id);
    if (!c)
        c = strcmp(x->entity, y->entity);
    return c ? c : (i < j ? -1 : i > j);
}

size_t *gy_roster_list(const gy_roster *ro, gy_star_level l, gy_star_kind k,
                       const gy_strokes *sk, gy_name_order order, size_t *n)
{
    size_t *v = g_new(size_t, ro->stars->len + 1), m = 0;
    for (size_t i = 0; i < ro->stars->len; i++) {
        const gy_star *s = gy_roster_get(ro, i);
        if (s->level == l && s->kind == k)
            v[m++] = i;
    }
    list_ctx cx = { ro, sk, order };
    g_qsort_with_data(v, (gint)m, sizeof(size_t), list_cmp, &cx);
    *n = m;
    return v;
}

/* ---- counts ---- */

static size_t count_index(const gy_star_counts *c, size_t yi, gy_star_level l, gy_star_kind k,
                          size_t county)
{
    return ((yi * GY_STAR_LEVELS + l) * GY_STAR_KINDS + k) * (c->n_counties + 1) + county;
}

static gint int_cmp(gconstpointer a, gconstpointer b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

gy_star_counts *gy_roster_counts(const gy_roster *ro, size_t n_counties)
{
    gy_star_counts *c = g_new0(gy_star_counts, 1);
    c->n_counties = n_counties;
    GArray *years = g_array_new(FALSE, FALSE, sizeof(int));
    for (size_t i = 0; i < ro->stars->len; i++) {
        int y = gy_roster_get(ro, i)->year;
        bool have = false;
        for (guint j = 0; j < years->len && !have; j++)
            have = g_array_index(years, int, j) == y;
        if (!have)
            g_array_append_val(years, y);
    }
    g_array_sort(years, int_cmp);
    c->n_years = years->len;
    c->years = (int *)(void *)g_array_free(years, FALSE);
    c->v = g_new0(int64_t, c->n_years * GY_STAR_LEVELS * GY_STAR_KINDS * (n_counties + 1) + 1);
    for (size_t i = 0; i < ro->stars->len; i++) {
        const gy_star *s = gy_roster_get(ro, i);
        size_t yi = 0;
        while (c->years[yi] != s->year)
            yi++;
        if (s->county < n_counties)
            c->v[count_index(c, yi, s->level, s->kind, s->county)]++;
        c->v[count_index(c, yi, s->level, s->kind, n_counties)]++;
    }
    return c;
}

void gy_star_counts_free(gy_star_counts *c)
{
    if (!c)
        return;
    g_free(c->years);
    g_free(c->v);
    g_free(c);
}

int64_t gy_star_count(const gy_star_counts *c, size_t yi, gy_star_level l, gy_star_kind k,
                      size_t county)
{
    if (yi >= c->n_years || l >= GY_STAR_LEVELS || k >= GY_STAR_KINDS || county > c->n_counties)
        return 0;
    return c->v[count_index(c, yi, l, k, county)];
}

/* ---- the reply paragraph ---- */

/* The value of one placeholder into out; false if the name is unknown. */
static bool placeholder(GString *out, const char *name, const gy_star_counts *c, size_t yi,
                        const char *region)
{
    if (!strcmp(name, "年度")) {
        g_string_append_printf(out, "%d", yi < c->n_years ? c->years[yi] : 0);
        return true;
    }
    if (!strcmp(name, "地区")) {
        g_string_append(out, region ? region : "");
        return true;
    }
    const char *dot = strchr(name, '.');
    if (!dot)
        return false;
    int level = -1;
    for (int l = 0; l < GY_STAR_LEVELS; l++)
        if ((size_t)(dot - name) == strlen(level_names[l]) &&
            !strncmp(name, level_names[l], strlen(level_names[l])))
            level = l;
    if (level < 0)
        return false;
    const char *what = dot + 1;
    int64_t v = 0;
    if (!strcmp(what, "合计")) {
        for (int k = 0; k < GY_STAR_KINDS; k++)
            v += gy_star_count(c, yi, (gy_star_level)level, (gy_star_kind)k, c->n_counties);
    } else {
        int kind = -1;
        for (int k = 0; k < GY_STAR_KINDS; k++)
            if (!strcmp(what, kind_names[k]) || !strcmp(what, kind_short[k]))
                kind = k;
        if (kind < 0)
            return false;
        v = gy_star_count(c, yi, (gy_star_level)level, (gy_star_kind)kind, c->n_counties);
    }
    g_string_append_printf(out, "%" G_GINT64_FORMAT, v);
    return true;
}

/* Fill tmpl[0, len) into out: placeholders and {{ }} braces; *nonzero is set when a count
 * placeholder ({级别.类别}) is not 0, *counts when there is one. Comment lines were taken out
 * by the caller. */
static bool fill_span(GString *out, const char *p, const char *end, const gy_star_counts *c,
                      size_t yi, const char *region, unsigned long *lineno, bool *counts,
                      bool *nonzero, GError **err)
{
    while (p < end) {
        if (*p == '{' && p + 1 < end && p[1] == '{') {
            g_string_append_c(out, '{');
            p += 2;
        } else if (*p == '}' && p + 1 < end && p[1] == '}') {
            g_string_append_c(out, '}');
            p += 2;
        } else if (*p == '{') {
            const char *close = memchr(p + 1, '}', (size_t)(end - p - 1));
            const char *nl = memchr(p + 1, '\n', (size_t)(end - p - 1));
            if (!close || (nl && nl < close)) {
                g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                            _("line %lu: a '{' without its '}'"), *lineno);
                return false;
            }
            char *name = g_strndup(p + 1, (size_t)(close - p - 1));
            g_strstrip(name);
            size_t at = out->len;
            bool ok = placeholder(out, name, c, yi, region);
            if (!ok)
                g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                            _("line %lu: unknown placeholder {%s} (use {年度}, {地区} or "
                              "{市级.明星} and the like)"), *lineno, name);
            if (ok && strchr(name, '.')) {
                *counts = true;
                if (strcmp(out->str + at, "0") != 0)
                    *nonzero = true;
            }
            g_free(name);
            if (!ok)
                return false;
            p = close + 1;
        } else if (*p == '}') {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("line %lu: a '}' without its '{'"),
                        *lineno);
            return false;
        } else if (*p == '\001') {
            (*lineno)++;
            p++;
        } else {
            if (*p == '\n')
                (*lineno)++;
            g_string_append_c(out, *p++);
        }
    }
    return true;
}

/* Separators a clause may start with; the first clause said loses it. */
static const char *const clause_marks[] = { "、", "，", "；", "," , ";" };

static const char *skip_mark(const char *t)
{
    for (size_t i = 0; i < G_N_ELEMENTS(clause_marks); i++)
        if (g_str_has_prefix(t, clause_marks[i]))
            return t + strlen(clause_marks[i]);
    return t;
}

char *gy_stars_paragraph(const char *tmpl, const gy_star_counts *c, size_t yi,
                         const char *region, GError **err)
{
    /* comment lines out first, so that a clause [...] may span lines */
    GString *body = g_string_new(NULL);
    for (const char *p = tmpl; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (*p == '#')
            g_string_append_c(body, '\001');    /* a line said nothing: counted, not written */
        else
            g_string_append_len(body, p, (gssize)n);
        p += n;
    }
    GString *out = g_string_new(NULL), *x = g_string_new(NULL), *y = g_string_new(NULL);
    unsigned long lineno = 1;
    bool prev_kept = false, any_kept = false, ok = true, counts = false, nonzero = false;
    const char *p = body->str, *end = body->str + body->len;
    while (ok && p < end) {
        const char *open = p;
        while (open < end && !(*open == '[' && !(open + 1 < end && open[1] == '[')))
            open += (*open == '[') ? 2 : 1;
        /* plain text up to the clause ("[[" is a bracket) */
        GString *plain = g_string_new(NULL);
        ok = fill_span(plain, p, open, c, yi, region, &lineno, &counts, &nonzero, err);
        char *unescaped = plain->str;
        for (const char *q = unescaped; ok && *q; q++) {
            g_string_append_c(out, *q);
            if (*q == '[' && q[1] == '[')
                q++;
        }
        g_string_free(plain, TRUE);
        if (!ok || open >= end)
            break;
        /* a clause [X] or [X|Y]: left out when its counts are all 0; Y is its wording when
         * the clause just before it was left out (or there is none) */
        const char *close = memchr(open + 1, ']', (size_t)(end - open - 1));
        if (!close) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("line %lu: a '[' without its ']'"),
                        lineno);
            ok = false;
            break;
        }
        const char *bar = memchr(open + 1, '|', (size_t)(close - open - 1));
        bool cx = false, nx = false, cy = false, ny = false;
        unsigned long ln = lineno;
        g_string_truncate(x, 0);
        g_string_truncate(y, 0);
        ok = fill_span(x, open + 1, bar ? bar : close, c, yi, region, &lineno, &cx, &nx, err);
        if (ok && bar)
            ok = fill_span(y, bar + 1, close, c, yi, region, &ln, &cy, &ny, err);
        if (!ok)
            break;
        bool keep = !cx || nx;
        if (keep) {
            const char *t = (bar && !prev_kept) ? y->str : x->str;
            g_string_append(out, any_kept ? t : skip_mark(t));
            any_kept = true;
        }
        prev_kept = keep;
        p = close + 1;
    }
    (void)counts;
    (void)nonzero;
    g_string_free(x, TRUE);
    g_string_free(y, TRUE);
    g_string_free(body, TRUE);
    if (!ok) {
        g_string_free(out, TRUE);
        return NULL;
    }
    while (out->len && g_ascii_isspace(out->str[out->len - 1]))
        g_string_truncate(out, out->len - 1);
    return g_string_free(out, FALSE);
}
