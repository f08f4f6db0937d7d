/* template.c — reply templates: paragraph markers and {{…}} figure placeholders, parsed with
 * their line and column, then filled from the cube into a gy_draft. */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/fields.h"
#include "guiyan/error.h"
#include "guiyan/template.h"
#include "guiyan/declared.h"

/* Most tokens in one placeholder (indicator, period, scope and a few format words). */
#define TPL_MAX_TOKENS 16

/* A piece of a paragraph: literal text, or figure number fig. */
typedef struct piece {
    char *lit;      /* NULL for a figure */
    size_t fig;     /* a literal's length in bytes */
} piece;

typedef struct tpara {
    gy_para_kind kind;
    GArray *pieces; /* piece */
} tpara;

struct gy_tpl {
    char *origin;
    gy_tpl_ctx ctx;
    GPtrArray *paras;   /* tpara *, owned */
    GPtrArray *figs;    /* gy_figure *, owned */
};

/* ---- tables ---- */

/* Paragraph markers: "#标题 text". */
static const struct {
    const char *name;
    gy_para_kind kind;
} markers[] = {
    { "类别", GY_PARA_CATEGORY }, { "公开", GY_PARA_CATEGORY }, { "机关", GY_PARA_ORG },
    { "文号", GY_PARA_DOCNO }, { "标题", GY_PARA_TITLE }, { "主送", GY_PARA_ADDRESSEE },
    { "正文", GY_PARA_BODY }, { "一级", GY_PARA_HEADING1 }, { "二级", GY_PARA_HEADING2 },
    { "署名", GY_PARA_SIGNATURE }, { "日期", GY_PARA_DATE }, { "附注", GY_PARA_NOTE },
    { "抄送", GY_PARA_CC },
};

/* Placeholders that are not figures but words of the run. */
typedef enum { W_YEAR, W_ASOF_YEAR, W_DATE, W_ORG } word_kind;
static const struct {
    const char *name;
    word_kind w;
} words[] = {
    { "年度", W_YEAR }, { "year", W_YEAR }, { "今年", W_ASOF_YEAR }, { "as_of_year", W_ASOF_YEAR },
    { "成文日期", W_DATE }, { "date", W_DATE }, { "填报单位", W_ORG }, { "org", W_ORG },
};

/* Names and measure words of the indicators when the indicator table lacks a row. */
static const struct {
    const char *name;
    const char *measure;
} builtin[GY_IND__COUNT] = {
    [GY_IND_STARTUPS] = { "新增返乡创业人数", "人" },
    [GY_IND_ENTITIES] = { "创办经济实体", "个" },
    [GY_IND_LOANS] = { "创业担保贷款发放笔数", "笔" },
    [GY_IND_LOAN_AMOUNT] = { "创业担保贷款发放金额", "元" },
    [GY_IND_JOBS] = { "带动就业人数", "人" },
    [GY_IND_OUTPUT] = { "实现产值", "元" },
};

/* Words meaning the whole region. */
static const char *const whole_region[] = { "全市", "全州", "全省", "全区域", "全域", "全国",
                                            "合计", "全部", "all", "-" };

/* Measure words a template may write bare; any other one is written 量词=X. */
static const char *const measure_words[] = { "人", "个", "家", "笔", "名", "户", "项", "次",
                                             "人次", "家次", "元" };

/* ---- errors ---- */

static void G_GNUC_PRINTF(5, 6)
tpl_fail(GError **err, const char *origin, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, GY_ERROR, GY_E_TEMPLATE, "%s:%u:%u: %s", origin, line, col, msg);
    g_free(msg);
}

/* ---- small helpers ---- */

static void piece_clear(gpointer p)
{
    g_free(((piece *)p)->lit);
}

static void tpara_free(gpointer p)
{
    tpara *tp = p;
    if (!tp)
        return;
    g_array_free(tp->pieces, TRUE);
    g_free(tp);
}

static void figure_free(gpointer p)
{
    gy_figure *f = p;
    if (!f)
        return;
    g_free(f->source);
    g_free(f->period_label);
    g_free(f->base_label);
    g_free(f->scope_label);
    g_free(f->text);
    g_free(f);
}

void gy_tpl_free(gy_tpl *t)
{
    if (!t)
        return;
    if (t->paras)
        g_ptr_array_free(t->paras, TRUE);
    if (t->figs)
        g_ptr_array_free(t->figs, TRUE);
    g_free(t->origin);
    g_free(t);
}

const char *gy_tpl_origin(const gy_tpl *t) { return t->origin; }
size_t gy_tpl_n_figures(const gy_tpl *t) { return t->figs->len; }

const gy_figure *gy_tpl_figure(const gy_tpl *t, size_t i)
{
    return i < t->figs->len ? g_ptr_array_index(t->figs, i) : NULL;
}

char *gy_tpl_date_zh(gy_day d)
{
    int y, m, dd;
    if (d == GY_NO_DAY)
        return g_strdup("");
    gy_day_to_ymd(d, &y, &m, &dd);
    return g_strdup_printf("%d年%d月%d日", y, m, dd);
}

/* Length of the blank (space, tab, U+3000) at s, 0 if none. */
static size_t blank_len(const char *s, const char *end)
{
    if (s < end && (*s == ' ' || *s == '\t'))
        return 1;
    if (end - s >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

static void trim(const char **b, const char **e)
{
    size_t n;
    while (*b < *e && (n = blank_len(*b, *e)) > 0)
        *b += n;
    for (;;) {
        if (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
            (*e)--;
        else if (*e - *b >= 3 && memcmp(*e - 3, "\xe3\x80\x80", 3) == 0)
            *e -= 3;
        else
            break;
    }
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* ---- periods ---- */

/* A cursor over a period token. */
typedef struct scan {
    const char *p;
} scan;

static bool scan_lit(scan *s, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(s->p, lit, n) != 0)
        return false;
    s->p += n;
    return true;
}

/* 1..max_digits ASCII digits. */
static bool scan_num(scan *s, int max_digits, int *out)
{
    int v = 0, n = 0;
    while (*s->p >= '0' && *s->p <= '9' && n < max_digits) {
        v = v * 10 + (*s->p++ - '0');
        n++;
    }
    *out = v;
    return n > 0 && !(*s->p >= '0' && *s->p <= '9');
}

static gy_day year_end(int y) { return gy_day_from_ymd(y, 12, 31); }

static gy_day month_end(int y, int m)
{
    return gy_day_from_ymd(y, m, g_date_get_days_in_month((GDateMonth)m, (GDateYear)y));
}

/* A point in time: a year (2020, 2020年, 2020年度), a month (2021-06, 2021/6, 2021年6月), a day
 * (2021-06-15, 2021/6/15, 2021.6.15, 2021年6月15日) or 今 / 今日 (the as-of day); its first
 * and last day. `end_words` allows 2020年底 / 2020年末 and a bare 年底 (the report year). */
static bool point_parse(const char *tok, const gy_tpl_ctx *ctx, bool end_words, gy_day *first,
                        gy_day *last)
{
    if (strcmp(tok, "今") == 0 || strcmp(tok, "今日") == 0 || strcmp(tok, "报告日") == 0 ||
        strcmp(tok, "as-of") == 0) {
        *first = *last = ctx->as_of;
        return ctx->as_of != GY_NO_DAY;
    }
    if (end_words && (strcmp(tok, "年底") == 0 || strcmp(tok, "年末") == 0)) {
        *first = gy_day_from_ymd(ctx->year, 1, 1);
        *last = year_end(ctx->year);
        return *first != GY_NO_DAY;
    }
    scan s = { tok };
    int y, m, d;
    if (!scan_num(&s, 4, &y) || s.p - tok != 4 || y < 1949 || y > 2099)
        return false;
    bool cn = scan_lit(&s, "年");
    if (*s.p == '\0' || (cn && (strcmp(s.p, "度") == 0 ||
                                (end_words && (strcmp(s.p, "底") == 0 || strcmp(s.p, "末") == 0))))) {
        *first = gy_day_from_ymd(y, 1, 1);
        *last = year_end(y);
        return true;
    }
    char sep = 0;
    if (!cn) {
        if (*s.p != '-' && *s.p != '/' && *s.p != '.')
            return false;
        sep = *s.p++;
    }
    if (!scan_num(&s, 2, &m) || m < 1 || m > 12)
        return false;
    if (cn ? scan_lit(&s, "月") && (*s.p == '\0' || (end_words && (strcmp(s.p, "底") == 0 ||
                                                                   strcmp(s.p, "末") == 0)))
           : *s.p == '\0') {
        *first = gy_day_from_ymd(y, m, 1);
        *last = month_end(y, m);
        return true;
    }
    if (!cn && *s.p++ != sep)
        return false;
    if (!scan_num(&s, 2, &d))
        return false;
    if (cn && !scan_lit(&s, "日"))
        return false;
    if (*s.p != '\0')
        return false;
    *first = *last = gy_day_from_ymd(y, m, d);
    return *first != GY_NO_DAY;
}

/* A period token (README: 年度, 2020, 截至2020年底, 今年以来, 2021年5月, 2021-01-01~2021-06-15). */
static bool period_parse(const char *tok, const gy_tpl_ctx *ctx, gy_day *from, gy_day *to)
{
    static const char *const this_year[] = { "年度", "本年", "本年度", "year" };
    static const char *const ytd[] = { "今年以来", "本年以来", "ytd" };
    static const char *const through[] = { "截至", "截止", "至", "through:" };
    gy_day a, b, c, d;
    if (in_list(tok, this_year, G_N_ELEMENTS(this_year))) {
        *from = gy_day_from_ymd(ctx->year, 1, 1);
        *to = year_end(ctx->year);
        return *from != GY_NO_DAY;
    }
    if (in_list(tok, ytd, G_N_ELEMENTS(ytd))) {
        int y, m, dd;
        if (ctx->as_of == GY_NO_DAY)
            return false;
        gy_day_to_ymd(ctx->as_of, &y, &m, &dd);
        *from = gy_day_from_ymd(y, 1, 1);
        *to = ctx->as_of;
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(through); i++)
        if (g_str_has_prefix(tok, through[i])) {
            if (!point_parse(tok + strlen(through[i]), ctx, true, &a, &b))
                return false;
            *from = GY_NO_DAY;
            *to = b;
            return true;
        }
    const char *sep = strstr(tok, "~");
    size_t sep_len = 1;
    if (!sep) {
        sep = strstr(tok, "..");
        sep_len = 2;
    }
    if (sep) {
        char *left = g_strndup(tok, (gsize)(sep - tok));
        bool ok = point_parse(left, ctx, false, &a, &b) &&
                  point_parse(sep + sep_len, ctx, false, &c, &d) && a <= d;
        g_free(left);
        if (ok) {
            *from = a;
            *to = d;
        }
        return ok;
    }
    if (!point_parse(tok, ctx, false, &a, &b))
        return false;
    *from = a;
    *to = b;
    return true;
}

/* The same dates a year earlier (29 February becomes the 28th). */
static gy_day year_before(gy_day d)
{
    int y, m, dd;
    if (d == GY_NO_DAY)
        return GY_NO_DAY;
    gy_day_to_ymd(d, &y, &m, &dd);
    if (m == 2 && dd == 29)
        dd = 28;
    return gy_day_from_ymd(y - 1, m, dd);
}

static char *period_label(gy_day from, gy_day to)
{
    char *b = gy_tpl_date_zh(to);
    char *out;
    if (from == GY_NO_DAY) {
        out = g_strdup_printf("截至%s（累计）", b);
    } else if (from == to) {
        out = g_strdup(b);
    } else {
        char *a = gy_tpl_date_zh(from);
        out = g_strdup_printf("%s至%s", a, b);
        g_free(a);
    }
    g_free(b);
    return out;
}

/* ---- scopes and indicators ---- */

typedef enum { SCOPE_OK, SCOPE_UNKNOWN, SCOPE_OUTSIDE } scope_result;

static scope_result scope_parse(const char *tok, const gy_tpl_ctx *ctx, size_t *county)
{
    if (in_list(tok, whole_region, G_N_ELEMENTS(whole_region)) ||
        strcmp(tok, gy_region_label(ctx->region)) == 0 ||
        (*gy_region_scope_code(ctx->region) && strcmp(tok, gy_region_scope_code(ctx->region)) == 0)) {
        *county = GY_ALL;
        return SCOPE_OK;
    }
    gy_error e = gy_region_resolve(ctx->region, tok, county);
    if (e == GY_OK)
        return SCOPE_OK;
    return e == GY_E_COUNTY_OUTSIDE ? SCOPE_OUTSIDE : SCOPE_UNKNOWN;
}

static bool indicator_parse(const char *tok, const gy_tpl_ctx *ctx, gy_figure *f)
{
    const gy_indicator *row = NULL;
    const gy_indicators *t = ctx->indicators;
    if (t && gy_indicators_find(t, tok, &row) != GY_OK) {
        row = NULL;
        for (size_t i = 0; i < gy_indicators_count(t) && !row; i++)
            if (strcmp(gy_indicators_at(t, i)->short_name, tok) == 0)
                row = gy_indicators_at(t, i);
    }
    gy_ind ind = row ? row->ind : gy_ind_from_key(tok);
    for (int i = 0; ind == GY_IND__COUNT && i < GY_IND__COUNT; i++)
        if (strcmp(builtin[i].name, tok) == 0)
            ind = (gy_ind)i;
    if (ind == GY_IND__COUNT && ctx->declared && (row = gy_indicators_find_declared(t, tok))) {
        f->ind = GY_IND__COUNT;
        f->indicator = row;
        f->name = row->name;
        f->measure = row->measure;
        return true;
    }
    if (ind == GY_IND__COUNT)
        return false;
    if (!row && t)
        row = gy_indicators_by_ind(t, ind);
    f->ind = ind;
    f->indicator = row;
    f->name = builtin[ind].name;
    f->measure = gy_ind_is_money(ind) ? "元" : row ? row->measure : builtin[ind].measure;
    return true;
}

/* ---- format words ---- */

typedef enum { OPT_OK, OPT_UNKNOWN, OPT_CONFLICT, OPT_MONEY_MEASURE } opt_result;

/* Parse "N位" or "digits=N" (0..6). */
static bool digits_parse(const char *tok, int *out)
{
    const char *p = NULL;
    if (g_str_has_prefix(tok, "digits="))
        p = tok + 7;
    else if (g_str_has_suffix(tok, "位") && strlen(tok) == 1 + strlen("位"))
        p = tok;
    if (!p || *p < '0' || *p > '0' + GY_INDICATOR_MAX_DECIMALS)
        return false;
    if (p[1] != '\0' && strcmp(p + 1, "位") != 0)
        return false;
    *out = *p - '0';
    return true;
}

/* Apply one format word to f. kind_set / qual_set / measure_set track words already seen. When
 * f is NULL only says whether tok is a format word. */
static opt_result opt_apply(const char *tok, gy_figure *f, bool *kind_set, bool *qual_set,
                            bool *shift)
{
    static const struct {
        const char *name;
        gy_fig_kind kind;
    } kinds[] = {
        { "数", GY_FIG_NUMBER }, { "原数", GY_FIG_NUMBER }, { "number", GY_FIG_NUMBER },
        { "占比", GY_FIG_SHARE }, { "%", GY_FIG_SHARE }, { "share", GY_FIG_SHARE },
        { "同比", GY_FIG_YOY }, { "yoy", GY_FIG_YOY }, { "增减", GY_FIG_DELTA },
        { "delta", GY_FIG_DELTA }, { "文字", GY_FIG_PROSE }, { "prose", GY_FIG_PROSE },
    };
    static const struct {
        const char *name;
        gy_qual q;
    } quals[] = {
        { "准确", GY_Q_EXACT }, { "exact", GY_Q_EXACT }, { "约", GY_Q_ABOUT },
        { "about", GY_Q_ABOUT }, { "余", GY_Q_OVER }, { "over", GY_Q_OVER },
        { "多", GY_Q_MORE }, { "more", GY_Q_MORE },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (strcmp(tok, kinds[i].name) == 0) {
            if (!f)
                return OPT_OK;
            if (*kind_set && f->kind != kinds[i].kind)
                return OPT_CONFLICT;
            f->kind = kinds[i].kind;
            *kind_set = true;
            return OPT_OK;
        }
    for (size_t i = 0; i < G_N_ELEMENTS(quals); i++)
        if (strcmp(tok, quals[i].name) == 0) {
            if (!f)
                return OPT_OK;
            if (*qual_set && f->qual != quals[i].q)
                return OPT_CONFLICT;
            f->qual = quals[i].q;
            *qual_set = true;
            return OPT_OK;
        }
    if (strcmp(tok, "上") == 0 || strcmp(tok, "magnitude") == 0) {
        if (f)
            f->magnitude = true;
        return OPT_OK;
    }
    if (strcmp(tok, "上年同期") == 0 || strcmp(tok, "prev") == 0) {
        if (f)
            *shift = true;
        return OPT_OK;
    }
    int dg;
    if (digits_parse(tok, &dg)) {
        if (f)
            f->digits = dg;
        return OPT_OK;
    }
    const char *measure = NULL;
    if (g_str_has_prefix(tok, "量词=") && tok[strlen("量词=")])
        measure = tok + strlen("量词=");
    else if (g_str_has_prefix(tok, "unit=") && tok[5])
        measure = tok + 5;
    else if (in_list(tok, measure_words, G_N_ELEMENTS(measure_words)))
        measure = tok;
    if (measure) {
        if (!f)
            return OPT_OK;
        if (gy_ind_is_money(f->ind))
            return strcmp(measure, "元") == 0 ? OPT_OK : OPT_MONEY_MEASURE;
        f->measure = g_intern_string(measure);   /* tok is freed after parsing */
        return OPT_OK;
    }
    return OPT_UNKNOWN;
}

/* ---- placeholders ---- */

typedef struct tok {
    char *s;
    size_t off;     /* byte offset in the line */
} tok;

typedef struct tpl_parser {
    gy_tpl *t;
    const char *line;   /* the whole line, for columns */
    unsigned lineno;
    /* the last column found (at byte col_off of line), where the next count starts: a line
     * of 200,000 placeholders is counted once, not once per placeholder */
    unsigned col_lineno;
    size_t col_off;
    unsigned col;
    GError **err;
} tpl_parser;

/* 1-based column in characters of byte offset off of the parser's line. */
static unsigned col_at(tpl_parser *ps, size_t off)
{
    if (ps->col_lineno != ps->lineno || off < ps->col_off) {
        ps->col_lineno = ps->lineno;
        ps->col_off = 0;
        ps->col = 1;
    }
    ps->col += (unsigned)g_utf8_strlen(ps->line + ps->col_off, (gssize)(off - ps->col_off));
    ps->col_off = off;
    return ps->col;
}

static bool fail_at(tpl_parser *ps, size_t off, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool fail_at(tpl_parser *ps, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    tpl_fail(ps->err, ps->t->origin, ps->lineno, col_at(ps, off), "%s", msg);
    g_free(msg);
    return false;
}

/* Room for a literal of len bytes and its NUL: powers of two, so that a literal grown by
 * many short pieces is copied a logarithmic number of times, not once per piece. */
static size_t lit_room(size_t len)
{
    size_t r = 16;
    while (r < len + 1)
        r <<= 1;
    return r;
}

static void add_lit(GArray *pieces, const char *b, size_t n)
{
    if (n == 0)
        return;
    piece *last = pieces->len ? &g_array_index(pieces, piece, pieces->len - 1) : NULL;
    if (!last || !last->lit) {
        piece p = { g_malloc(lit_room(n)), 0 };
        g_array_append_val(pieces, p);
        last = &g_array_index(pieces, piece, pieces->len - 1);
    }
    size_t had = last->fig;
    if (lit_room(had) < had + n + 1)
        last->lit = g_realloc(last->lit, lit_room(had + n));
    memcpy(last->lit + had, b, n);
    last->fig = had + n;
    last->lit[last->fig] = '\0';
}

/* Resolve the placeholder whose inside is line[ib..ie) (the "{{" is at `open`). Appends a
 * literal (run words) or a figure to pieces. */
static bool placeholder(tpl_parser *ps, size_t open, size_t ib, size_t ie, size_t close_end,
                        GArray *pieces)
{
    const gy_tpl_ctx *ctx = &ps->t->ctx;
    tok toks[TPL_MAX_TOKENS];
    size_t n = 0;
    const char *line = ps->line, *p = line + ib, *end = line + ie;
    bool ok = false;
    while (p < end) {
        size_t bl = blank_len(p, end);
        if (bl) {
            p += bl;
            continue;
        }
        const char *b = p;
        while (p < end && !blank_len(p, end))
            p++;
        if (n == TPL_MAX_TOKENS) {
            fail_at(ps, (size_t)(b - line), _("too many words in a placeholder"));
            goto done;                  /* the words read so far are freed there */
        }
        toks[n].s = g_strndup(b, (gsize)(p - b));
        toks[n].off = (size_t)(b - line);
        n++;
    }
    if (n == 0)
        return fail_at(ps, open, _("empty placeholder"));

    /* words of the run: {{年度}}, {{成文日期}} */
    for (size_t w = 0; w < G_N_ELEMENTS(words); w++)
        if (strcmp(toks[0].s, words[w].name) == 0) {
            if (n > 1) {
                fail_at(ps, toks[1].off, _("unknown format '%s'"), toks[1].s);
                goto done;
            }
            if (words[w].w == W_ORG && !(ctx->org && *ctx->org)) {
                fail_at(ps, toks[0].off, _("no organisation is named for this region "
                                           "(--org, or org= under [report CODE] in guiyan.ini)"));
                goto done;
            }
            int y, m, d;
            char *txt;
            gy_day_to_ymd(ctx->as_of, &y, &m, &d);
            switch (words[w].w) {
            case W_YEAR: txt = g_strdup_printf("%d", ctx->year); break;
            case W_ASOF_YEAR: txt = g_strdup_printf("%d", y); break;
            case W_ORG: txt = g_strdup(ctx->org); break;
            default: txt = gy_tpl_date_zh(ctx->as_of); break;
            }
            add_lit(pieces, txt, strlen(txt));
            g_free(txt);
            ok = true;
            goto done;
        }

    gy_figure *f = g_new0(gy_figure, 1);
    f->line = ps->lineno;
    f->col = col_at(ps, open);
    f->source = g_strndup(line + open, close_end - open);
    f->kind = GY_FIG_PROSE;
    f->qual = GY_Q_EXACT;
    f->digits = -1;
    f->county = GY_ALL;
    f->from = gy_day_from_ymd(ctx->year, 1, 1);
    f->to = year_end(ctx->year);
    g_ptr_array_add(ps->t->figs, f);   /* owned by the template from here on */
    if (!indicator_parse(toks[0].s, ctx, f)) {
        fail_at(ps, toks[0].off, _("unknown indicator '%s'"), toks[0].s);
        goto done;
    }
    size_t i = 1;
    bool kind_set = false, qual_set = false, shift = false;
    /* the period, unless the word is a format word or (period left out) a scope */
    if (i < n && opt_apply(toks[i].s, NULL, NULL, NULL, NULL) != OPT_OK) {
        size_t cty;
        if (strcmp(toks[i].s, "-") == 0) {
            i++;
        } else if (period_parse(toks[i].s, ctx, &f->from, &f->to)) {
            i++;
        } else if (scope_parse(toks[i].s, ctx, &cty) == SCOPE_OK) {
            /* the scope comes next: the period keeps its default */
        } else if (g_str_has_suffix(toks[i].s, "底") || g_str_has_suffix(toks[i].s, "末")) {
            /* 2020年底 alone is ambiguous: the year 2020, or everything up to its end? */
            fail_at(ps, toks[i].off, _("bad period '%s' (for the total up to then write 截至%s)"),
                    toks[i].s, toks[i].s);
            goto done;
        } else {
            fail_at(ps, toks[i].off, _("bad period '%s'"), toks[i].s);
            goto done;
        }
    }
    if (i < n && opt_apply(toks[i].s, NULL, NULL, NULL, NULL) != OPT_OK) {
        scope_result sr = scope_parse(toks[i].s, ctx, &f->county);
        if (sr == SCOPE_OUTSIDE) {
            fail_at(ps, toks[i].off, _("county '%s' is not in %s"), toks[i].s,
                    gy_region_label(ctx->region));
            goto done;
        }
        if (sr != SCOPE_OK) {
            fail_at(ps, toks[i].off, _("unknown county '%s'"), toks[i].s);
            goto done;
        }
        i++;
    }
    for (; i < n; i++) {
        switch (opt_apply(toks[i].s, f, &kind_set, &qual_set, &shift)) {
        case OPT_OK: break;
        case OPT_CONFLICT:
            fail_at(ps, toks[i].off, _("format '%s' conflicts with an earlier one"), toks[i].s);
            goto done;
        case OPT_MONEY_MEASURE:
            fail_at(ps, toks[i].off, _("'%s': a money figure takes no measure word"), toks[i].s);
            goto done;
        default:
            fail_at(ps, toks[i].off, _("unknown format '%s'"), toks[i].s);
            goto done;
        }
    }
    if (shift) {
        f->from = year_before(f->from);
        f->to = year_before(f->to);
    }
    if (f->digits < 0)
        f->digits = f->kind == GY_FIG_PROSE ? 2 : 1;
    f->period_label = period_label(f->from, f->to);
    f->scope_label = g_strdup(f->county == GY_ALL ? gy_region_label(ctx->region)
                                                   : gy_region_name(ctx->region, f->county));
    switch (f->kind) {
    case GY_FIG_SHARE:
        f->has_base = true;
        f->base_from = f->from;
        f->base_to = f->to;
        f->base_county = GY_ALL;
        break;
    case GY_FIG_YOY:
    case GY_FIG_DELTA:
        f->has_base = true;
        f->base_from = year_before(f->from);
        f->base_to = year_before(f->to);
        f->base_county = f->county;
        break;
    default:
        break;
    }
    if (f->has_base)
        f->base_label = period_label(f->base_from, f->base_to);
    piece pc = { NULL, ps->t->figs->len - 1 };
    g_array_append_val(pieces, pc);
    ok = true;
done:
    for (size_t k = 0; k < n; k++)
        g_free(toks[k].s);
    return ok;
}

static const char OPEN[] = "{{", CLOSE[] = "}}";

/* The text of a paragraph: line[b..e) with its placeholders. */
static bool content(tpl_parser *ps, size_t b, size_t e, GArray *pieces)
{
    const char *line = ps->line;
    size_t at = b;
    while (at < e) {
        const char *o = g_strstr_len(line + at, (gssize)(e - at), OPEN);
        if (!o) {
            add_lit(pieces, line + at, e - at);
            break;
        }
        size_t open = (size_t)(o - line);
        add_lit(pieces, line + at, open - at);
        size_t ib = open + 2;
        const char *c = g_strstr_len(line + ib, (gssize)(e - ib), CLOSE);
        const char *o2 = g_strstr_len(line + ib, (gssize)(e - ib), OPEN);
        if (!c || (o2 && o2 < c))
            return fail_at(ps, open, _("unclosed placeholder (no '}}' on this line)"));
        size_t ie = (size_t)(c - line);
        if (!placeholder(ps, open, ib, ie, ie + 2, pieces))
            return false;
        at = ie + 2;
    }
    return true;
}

/* One line of the template. */
static bool parse_line(tpl_parser *ps, const char *line, size_t len)
{
    const char *b = line, *e = line + len;
    trim(&b, &e);
    if (b == e || g_str_has_prefix(b, "##"))
        return true;
    gy_para_kind kind = GY_PARA_BODY;
    if (*b == '#') {
        const char *m = b + 1, *me = m;
        while (me < e && !blank_len(me, e))
            me++;
        bool found = false;
        for (size_t i = 0; i < G_N_ELEMENTS(markers); i++)
            if ((size_t)(me - m) == strlen(markers[i].name) &&
                memcmp(m, markers[i].name, (size_t)(me - m)) == 0) {
                kind = markers[i].kind;
                found = true;
            }
        if (!found) {
            char *name = g_strndup(b, (gsize)(me - b));
            fail_at(ps, (size_t)(b - line), _("unknown paragraph marker '%s'"), name);
            g_free(name);
            return false;
        }
        b = me;
        trim(&b, &e);
    } else if (e - b >= 2 && b[0] == '\\' && b[1] == '#') {
        b++;   /* \# writes a literal # at the start of a body paragraph */
    }
    tpara *tp = g_new0(tpara, 1);
    tp->kind = kind;
    tp->pieces = g_array_new(FALSE, TRUE, sizeof(piece));
    g_array_set_clear_func(tp->pieces, piece_clear);
    g_ptr_array_add(ps->t->paras, tp);
    if (b == e && kind == GY_PARA_DATE) {
        char *d = gy_tpl_date_zh(ps->t->ctx.as_of);
        add_lit(tp->pieces, d, strlen(d));
        g_free(d);
        return true;
    }
    return content(ps, (size_t)(b - line), (size_t)(e - line), tp->pieces);
}

gy_tpl *gy_tpl_parse(const char *text, size_t len, const char *origin, const gy_tpl_ctx *ctx,
                     GError **err)
{
    gy_tpl *t = g_new0(gy_tpl, 1);
    t->origin = g_strdup(origin ? origin : "template");
    t->ctx = *ctx;
    t->paras = g_ptr_array_new_with_free_func(tpara_free);
    t->figs = g_ptr_array_new_with_free_func(figure_free);
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (memchr(text, '\0', len)) {
        tpl_fail(err, t->origin, 1, 1, "%s", _("not a text file (NUL byte)"));
        goto fail;
    }
    tpl_parser ps = { .t = t, .err = err };
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t n = (size_t)(le - p);
        if (n && p[n - 1] == '\r')
            n--;
        ps.lineno++;
        char *line = g_strndup(p, n);
        const char *bad;
        if (!g_utf8_validate(line, (gssize)n, &bad)) {
            size_t off = (size_t)(bad - line);
            ps.line = line;
            fail_at(&ps, off, "%s", _("not valid UTF-8"));
            g_free(line);
            goto fail;
        }
        ps.line = line;
        bool ok = parse_line(&ps, line, n);
        g_free(line);
        if (!ok)
            goto fail;
        p = nl ? nl + 1 : end;
    }
    if (t->paras->len == 0) {
        tpl_fail(err, t->origin, ps.lineno ? ps.lineno : 1, 1, "%s", _("no paragraph at all"));
        goto fail;
    }
    return t;
fail:
    gy_tpl_free(t);
    return NULL;
}

/* ---- filling ---- */

/* "增加1144人" / "减少12.5万元" / "持平". */
static char *delta_text(const gy_figure *f, int64_t delta)
{
    if (!gy_ind_is_money(f->ind))
        return gy_cn_delta(delta, f->measure);
    if (delta == 0)
        return g_strdup("持平");
    /* |delta| without overflow: money sums stay far below INT64_MAX */
    char *m = gy_cn_money(delta < 0 ? -delta : delta, f->digits, f->qual);
    char *out = g_strdup_printf("%s%s", delta < 0 ? "减少" : "增加", m);
    g_free(m);
    return out;
}

static bool figure_fill(const gy_tpl *t, gy_figure *f, const gy_cube *c, GError **err)
{
    char *txt = NULL;
    if (f->ind == GY_IND__COUNT) {
        size_t nb = 0;
        const char *mb = NULL;
        f->missing = NULL;
        f->value = t->ctx.declared(f->indicator, f->county, f->from, f->to, &f->n_records,
                                   &f->missing, t->ctx.declared_user);
        f->base = f->has_base ? t->ctx.declared(f->indicator, f->base_county, f->base_from,
                                                f->base_to, &nb, &mb, t->ctx.declared_user) : 0;
        if (f->missing) {       /* no list of its kind was read: not a 0 */
            g_free(f->text);
            f->text = g_strdup_printf("【未提供%s】", f->missing);
            return true;
        }
    } else {
        f->value = gy_cube_value(c, f->ind, f->county, f->from, f->to);
        f->base = f->has_base ? gy_cube_value(c, f->ind, f->base_county, f->base_from, f->base_to) : 0;
    }
    switch (f->kind) {
    case GY_FIG_PROSE:
        if (f->magnitude) {
            txt = gy_cn_magnitude(f->value, f->measure);
            break;
        }
        txt = gy_ind_is_money(f->ind) ? gy_cn_money(f->value, f->digits, f->qual)
                                      : gy_cn_count(f->value, f->measure, f->digits, f->qual);
        break;
    case GY_FIG_NUMBER:
        txt = gy_ind_is_money(f->ind) ? gy_fmt_ratio(f->value, GY_FEN_PER_WAN, 6, true)
                                      : g_strdup_printf("%" PRId64, f->value);
        break;
    case GY_FIG_SHARE:
        txt = f->base > 0 ? gy_fmt_percent(f->value, f->base, f->digits, true) : NULL;
        if (!txt)
            tpl_fail(err, t->origin, f->line, f->col,
                     _("share of %s: the whole region's figure is 0"), f->source);
        break;
    case GY_FIG_YOY:
        txt = gy_cn_yoy(f->value, f->base, f->digits);
        if (!txt)
            tpl_fail(err, t->origin, f->line, f->col,
                     _("%s: no figure for the same period a year earlier (%s) to compare with"),
                     f->source, f->base_label);
        break;
    case GY_FIG_DELTA:
        txt = delta_text(f, f->value - f->base);
        break;
    }
    g_free(f->text);
    f->text = txt;
    return txt != NULL;
}

gy_draft *gy_tpl_fill(gy_tpl *t, const gy_cube *c, GError **err)
{
    for (guint i = 0; i < t->figs->len; i++)
        if (!figure_fill(t, g_ptr_array_index(t->figs, i), c, err))
            return NULL;
    gy_draft *d = gy_draft_new();
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < t->paras->len; i++) {
        const tpara *tp = g_ptr_array_index(t->paras, i);
        g_string_truncate(s, 0);
        for (guint k = 0; k < tp->pieces->len; k++) {
            const piece *pc = &g_array_index(tp->pieces, piece, k);
            if (pc->lit) {
                g_string_append(s, pc->lit);
            } else {
                const gy_figure *f = g_ptr_array_index(t->figs, pc->fig);
                g_string_append(s, f->text);
            }
        }
        gy_draft_add(d, tp->kind, s->str);
    }
    g_string_free(s, TRUE);
    if (!d->date_iso && t->ctx.as_of != GY_NO_DAY) {
        char iso[11];
        gy_day_format(t->ctx.as_of, iso);
        d->date_iso = g_strdup(iso);
    }
    return d;
}
