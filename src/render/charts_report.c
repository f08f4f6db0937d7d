/* charts_report.c — which charts guiyan's users get and what they say: per indicator a bar
 * chart by county and a monthly trend (summary), a 完成率 chart by county (track); into
 * charts.pdf and, on request, one PNG / SVG per chart (charts_report.h). */
#include <string.h>

#include "guiyan/chart.h"
#include "guiyan/charts_report.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/numfmt.h"
#include "guiyan/output.h"
#include "guiyan/error.h"

/* The indicators charted, in page order; names as the statistics workbook spells them. */
static const struct chart_ind {
    gy_ind ind;
    const char *name;        /* in titles */
    const char *measure;     /* measure word of a count; NULL for money */
} chart_inds[] = {
    { GY_IND_STARTUPS, "返乡创业人数", "人" },
    { GY_IND_ENTITIES, "创办经济实体", "个" },
    { GY_IND_LOANS, "创业担保贷款笔数", "笔" },
    { GY_IND_LOAN_AMOUNT, "创业担保贷款金额", NULL },
    { GY_IND_JOBS, "带动就业人数", "人" },
};
/* drawn only where a targets file gives it a target (track), not among the summary's charts */
static const struct chart_ind output_ind = { GY_IND_OUTPUT, "实现产值", NULL };

/* Every fixed word the pages of this module can show (with the digits), for the preflight. */
static const char WORDING[] = "各县（市、区）年月日—·数据截至来源填报单位注：；。合计目标完成率"
                              "序时进度月度走势与同一人个只计次故可能小于之和万亿元人个笔"
                              "一二三四季度分乡镇街道0123456789.%";

static const struct chart_ind *ind_info(gy_ind ind)
{
    for (size_t i = 0; i < G_N_ELEMENTS(chart_inds); i++)
        if (chart_inds[i].ind == ind)
            return &chart_inds[i];
    return ind == output_ind.ind ? &output_ind : NULL;
}

/* ---- style and font ---- */

/* cf's charts.ini (built-in style without cf) with the family the font check chose. */
static gy_chart_style *style_load(const gy_config *cf, char **warning, GError **err)
{
    char *path = cf ? gy_config_file(cf, "charts.ini") : NULL;
    gy_chart_style *st = gy_chart_style_load(path, err);
    g_free(path);
    if (!st)
        return NULL;
    GString *text = g_string_new(WORDING);
    for (size_t i = 0; i < G_N_ELEMENTS(chart_inds); i++)
        g_string_append(text, chart_inds[i].name);
    g_string_append(text, output_ind.name);
    if (cf && cf->org)
        g_string_append(text, cf->org);
    if (cf && cf->source)
        g_string_append(text, cf->source);
    char *used = NULL;
    gy_error e = gy_chart_font_check(st->font, text->str, &used, warning, err);
    g_string_free(text, TRUE);
    if (e != GY_OK) {
        gy_chart_style_free(st);
        return NULL;
    }
    g_free(st->font);
    st->font = used;
    return st;
}

gy_error gy_charts_preflight(const gy_config *cf, char **warning, GError **err)
{
    char *w = NULL;
    GError *e = NULL;
    gy_chart_style *st = style_load(cf, &w, &e);
    if (!st) {
        gy_error code = e && e->domain == GY_ERROR ? (gy_error)e->code : GY_E_FONT;
        g_propagate_error(err, e);
        if (warning)
            *warning = NULL;
        return code;
    }
    gy_chart_style_free(st);
    if (warning)
        *warning = w;
    else
        g_free(w);
    return GY_OK;
}

/* ---- where the charts go ---- */

typedef struct charts_out {
    gy_chart_style *st;
    gy_chartdoc *doc;            /* NULL: no PDF */
    const char *png_dir, *svg_dir;
    GString *dump;               /* not NULL: record gy_chart_dump of each chart instead */
    char *warning;
} charts_out;

static gy_error out_open(charts_out *o, const gy_config *cf, const char *pdf_path,
                         const char *doc_title, gy_day date, const char *png_dir,
                         const char *svg_dir, GString *dump, GError **err)
{
    memset(o, 0, sizeof *o);
    o->png_dir = png_dir;
    o->svg_dir = svg_dir;
    o->dump = dump;
    GError *e = NULL;
    o->st = style_load(cf, &o->warning, &e);
    if (!o->st) {
        gy_error code = e && e->domain == GY_ERROR ? (gy_error)e->code : GY_E_FONT;
        g_propagate_error(err, e);
        return code;
    }
    const char *dirs[] = { png_dir, svg_dir };
    for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++)
        if (dirs[i] && gy_output_mkdir(dirs[i], err) != GY_OK)
            return GY_E_IO;
    if (pdf_path) {
        char day[11];
        gy_day_format(date, day);
        o->doc = gy_chartdoc_new_pdf(pdf_path, doc_title, day, o->st, &e);
        if (!o->doc) {
            gy_error code = e && e->domain == GY_ERROR ? (gy_error)e->code : GY_E_IO;
            g_propagate_error(err, e);
            return code;
        }
    }
    return GY_OK;
}

/* One chart into the PDF and, when asked, into <dir>/<name>.png and .svg. */
static gy_error out_add(charts_out *o, const gy_chart_spec *sp, const char *name, GError **err)
{
    gy_error e = GY_OK;
    if (o->dump) {
        char *text = gy_chart_dump(sp, o->st, err);
        if (!text)
            return GY_E_USAGE;
        g_string_append_printf(o->dump, "chart\t%s\n%s", name, text);
        g_free(text);
    }
    if (o->doc) {
        e = gy_chartdoc_add(o->doc, sp, err);
        if (e == GY_OK && !o->warning && gy_chartdoc_warning(o->doc))
            o->warning = g_strdup(gy_chartdoc_warning(o->doc));
    }
    if (e == GY_OK && o->png_dir) {
        char *f = g_strconcat(name, ".png", NULL);
        char *path = g_build_filename(o->png_dir, f, NULL);
        e = gy_chart_write_png(sp, o->st, path, o->st->dpi, err);
        g_free(path);
        g_free(f);
    }
    if (e == GY_OK && o->svg_dir) {
        char *f = g_strconcat(name, ".svg", NULL);
        char *path = g_build_filename(o->svg_dir, f, NULL);
        e = gy_chart_write_svg(sp, o->st, path, err);
        g_free(path);
        g_free(f);
    }
    return e;
}

/* Write the PDF (when e is GY_OK) and free everything; hands the warning over. */
static gy_error out_close(charts_out *o, gy_error e, char **warning, GError **err)
{
    if (o->doc) {
        if (e == GY_OK)
            e = gy_chartdoc_close(o->doc, err);
        else
            gy_chartdoc_free(o->doc);
    }
    gy_chart_style_free(o->st);
    if (warning)
        *warning = o->warning;
    else
        g_free(o->warning);
    memset(o, 0, sizeof *o);
    return e;
}

/* ---- wording ---- */

/* "2021年1—6月" ("2021年1月" in January). Newly allocated. */
static char *period_text(int y, int m)
{
    return m == 1 ? g_strdup_printf("%d年1月", y) : g_strdup_printf("%d年1—%d月", y, m);
}

/* "2021年1—6月 · 数据截至2021年6月30日". Newly allocated. */
static char *subtitle_text(gy_day cutoff)
{
    int y, m, d;
    gy_day_to_ymd(cutoff, &y, &m, &d);
    char *period = period_text(y, m);
    char *s = g_strdup_printf("%s · 数据截至%d年%d月%d日", period, y, m, d);
    g_free(period);
    return s;
}

/* "数据来源：返乡创业实名制台账　　填报单位：乐山市人力资源和社会保障局", the source `list`
 * when not NULL (培训台账: a chart of another list), else the configured one. Newly
 * allocated. */
static char *source_text_of(const gy_config *cf, const char *list)
{
    GString *s = g_string_new(NULL);
    const char *src = list ? list : cf ? cf->source : NULL;
    if (src && *src)
        g_string_append_printf(s, "数据来源：%s", src);
    if (cf && cf->org && *cf->org)
        g_string_append_printf(s, "%s填报单位：%s", s->len ? "　　" : "", cf->org);
    return g_string_free(s, s->len == 0);
}

static char *source_text(const gy_config *cf)
{
    return source_text_of(cf, NULL);
}

/* "乐山市" in front of titles; "" for the country. */
static const char *region_prefix(const gy_region *rg)
{
    const char *code = gy_region_scope_code(rg);
    return code && *code ? gy_region_label(rg) : "";
}

/* v with its unit as the chart would show it: "1234人", "5678.90万元". Newly allocated. */
static char *figure_text(const struct chart_ind *ci, int64_t v, const gy_chart_style *st)
{
    gy_chart_scale sc = gy_chart_scale_for(ci->measure ? GY_CHART_COUNT : GY_CHART_MONEY,
                                           ci->measure, v < 0 ? -v : v, st);
    char *num = gy_chart_value_text(&sc, v);
    char *s = g_strconcat(num, sc.unit, NULL);
    g_free(num);
    return s;
}

/* ---- summary ---- */

/* County labels in region order (borrowed from rg). */
static const char **county_labels(const gy_region *rg, size_t n)
{
    const char **labels = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        labels[i] = gy_region_name(rg, i);
    return labels;
}

/* The kind of date that counts indicator ind, from cover ([GY_COVER__KINDS], may be NULL:
 * unknown); NULL when no record has any date. */
static const gy_cover *cover_of(const gy_cover *cover, gy_ind ind)
{
    if (!cover || (!gy_cover_any(&cover[GY_COVER_START]) && !gy_cover_any(&cover[GY_COVER_LOAN])))
        return NULL;
    return &cover[gy_cover_kind_of(ind)];
}

static bool month_covered(const gy_cover *cv, gy_month k)
{
    if (!cv)
        return true;
    gy_day from = gy_day_from_ymd(GY_MONTH_YEAR(k), GY_MONTH_NUM(k), 1);
    gy_day to = gy_day_from_ymd(GY_MONTH_YEAR(k + 1), GY_MONTH_NUM(k + 1), 1) - 1;
    return gy_cover_touches(cv, from, to);
}

static gy_error summary_bar(charts_out *o, const struct chart_ind *ci, const gy_region *rg,
                            const gy_table *ytd, const char *const *labels, int y, int m,
                            const gy_cover *cv, const char *subtitle, const char *source,
                            GError **err)
{
    size_t n = ytd->n_rows - 1, col = ytd->n_cols - 1;
    int64_t *v = g_new(int64_t, n);
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = *gy_table_at(ytd, ci->ind, i, col);
        sum += v[i];
    }
    int64_t total = *gy_table_at(ytd, ci->ind, n, col);
    char *period = period_text(y, m);
    char *title = g_strdup_printf("%s%s各%s%s", region_prefix(rg), period, gy_region_row_head(rg),
                                  ci->name);
    char *tt = figure_text(ci, total, o->st);
    const char *rl = *region_prefix(rg) ? gy_region_label(rg) : "全国";
    /* a person (entity) in two counties counts once in the total: say why it is smaller */
    char *note = gy_ind_is_distinct(ci->ind) && total != sum
        ? g_strdup_printf("注：%s合计%s（同一%s只计1次，故合计可能小于%s之和）。", rl, tt,
                          ci->ind == GY_IND_STARTUPS ? "人" : "实体",
                          gy_region_is_townships(rg) ? "各乡镇（街道）" : "各县")
        : g_strdup_printf("注：%s合计%s。", rl, tt);
    char *late = cv ? gy_cover_year_note_zh(cv, y) : NULL;   /* records from after 1 January */
    if (late) {
        char *with = g_strdup_printf("%s%s。", note, late);
        g_free(note);
        note = with;
        g_free(late);
    }
    gy_chart_series s = { .name = period, .num = v, .present = NULL };
    gy_chart_spec sp = {
        .kind = GY_CHART_BAR, .title = title, .subtitle = subtitle, .source = source,
        .note = note, .unit = ci->measure ? GY_CHART_COUNT : GY_CHART_MONEY,
        .measure = ci->measure, .n = n, .labels = labels, .n_series = 1, .series = &s,
    };
    char *name = g_strconcat("bar_", gy_ind_key(ci->ind), NULL);
    gy_error e = out_add(o, &sp, name, err);
    g_free(name);
    g_free(note);
    g_free(tt);
    g_free(title);
    g_free(period);
    g_free(v);
    return e;
}

/* A trend chart trend_<key> of n points (labels NULL: 1月 … 12月). */
static gy_error trend_add(charts_out *o, const struct chart_ind *ci, const char *title,
                          const char *subtitle, const char *source, const char *note, size_t n,
                          const char *const *labels, const gy_chart_series *s, size_t n_series,
                          GError **err)
{
    gy_chart_spec sp = {
        .kind = GY_CHART_TREND, .title = title, .subtitle = subtitle, .source = source,
        .note = note, .unit = ci->measure ? GY_CHART_COUNT : GY_CHART_MONEY,
        .measure = ci->measure, .n = n, .labels = labels, .n_series = n_series,
        .series = s,
    };
    char *name = g_strconcat("trend_", gy_ind_key(ci->ind), NULL);
    gy_error e = out_add(o, &sp, name, err);
    g_free(name);
    return e;
}

static gy_error summary_trend(charts_out *o, const struct chart_ind *ci, const gy_region *rg,
                              const gy_table *cur, const gy_table *prev, gy_month first,
                              int y, int m, const gy_cover *cv, const char *subtitle,
                              const char *source, GError **err)
{
    size_t tot = cur->n_rows - 1;
    int64_t v[2][12] = { { 0 } };
    bool present[2][12] = { { false } };
    bool has_prev = false;
    for (int k = 0; k < 12; k++) {
        /* a month no record covers is not known, so not zero: drawn "—" */
        if (k < m && (size_t)k < cur->n_cols && month_covered(cv, GY_MONTH(y, k + 1))) {
            v[0][k] = *gy_table_at(cur, ci->ind, tot, (size_t)k);
            present[0][k] = true;
        }
        /* months before the first record are not known, so not zero */
        if (GY_MONTH(y - 1, k + 1) >= first && (size_t)k < prev->n_cols &&
            month_covered(cv, GY_MONTH(y - 1, k + 1))) {
            v[1][k] = *gy_table_at(prev, ci->ind, tot, (size_t)k);
            present[1][k] = true;
            has_prev = true;
        }
    }
    bool gaps = false;
    for (int k = 0; k < m; k++)
        gaps = gaps || !month_covered(cv, GY_MONTH(y, k + 1));
    char *cover_text = gaps ? gy_cover_text_zh(cv) : NULL;
    char *note = gaps ? g_strdup_printf("注：“—”的月份没有记录，不是0（%s：%s）。",
                                        gy_cover_kind_of(ci->ind) == GY_COVER_LOAN
                                            ? "贷款发放日期覆盖" : "创业时间覆盖", cover_text)
                      : NULL;
    g_free(cover_text);
    char *names[2] = { g_strdup_printf("%d年", y), g_strdup_printf("%d年", y - 1) };
    gy_chart_series s[2] = { { names[0], v[0], present[0] }, { names[1], v[1], present[1] } };
    char *title = has_prev
        ? g_strdup_printf("%s%s月度走势（%d年与%d年）", region_prefix(rg), ci->name, y, y - 1)
        : g_strdup_printf("%s%s月度走势（%d年）", region_prefix(rg), ci->name, y);
    gy_error e = trend_add(o, ci, title, subtitle, source, note, 12, NULL, s, has_prev ? 2 : 1,
                           err);
    g_free(note);
    g_free(title);
    g_free(names[0]);
    g_free(names[1]);
    return e;
}

/* ---- summary by quarter or by year ---- */

static const char *const quarter_names[4] = { "一季度", "二季度", "三季度", "四季度" };

/* "2021年" or "2021年1—6月" for the year of the cut-off when it is not over. Newly allocated. */
static char *year_text(int year, gy_day cutoff)
{
    int y, m, d;
    gy_day_to_ymd(cutoff, &y, &m, &d);
    if (year == y && !(m == 12 && d == 31))
        return period_text(y, m);
    return g_strdup_printf("%d年", year);
}

/* The bar chart of period columns: one group of bars per county (or township), one bar per
 * column of t (at most GY_CHART_MAX_SERIES, the latest), named names[c]. */
static gy_error periods_bar(charts_out *o, const struct chart_ind *ci, const gy_region *rg,
                            const gy_table *t, char **names, const char *const *labels,
                            const char *what, const char *units, const bool *gap,
                            const char *cover_note, const char *subtitle, const char *source,
                            GError **err)
{
    size_t n = t->n_rows - 1;
    size_t ns = MIN(t->n_cols, (size_t)GY_CHART_MAX_SERIES), c0 = t->n_cols - ns;
    int64_t *v = g_new(int64_t, ns * n);
    bool *absent = g_new0(bool, n);      /* a period no record covers: no bars, "—" */
    gy_chart_series s[GY_CHART_MAX_SERIES];
    GString *note = g_string_new("注：");
    g_string_append_printf(note, "%s合计", *region_prefix(rg) ? gy_region_label(rg) : "全国");
    for (size_t k = 0; k < ns; k++) {
        for (size_t i = 0; i < n; i++)
            v[k * n + i] = *gy_table_at(t, ci->ind, i, c0 + k);
        s[k] = (gy_chart_series){ .name = names[c0 + k], .num = v + k * n,
                                  .present = gap[c0 + k] ? absent : NULL };
        char *tt = gap[c0 + k] ? g_strdup("—")
                               : figure_text(ci, *gy_table_at(t, ci->ind, n, c0 + k), o->st);
        g_string_append_printf(note, "%s%s%s", k ? "，" : "", names[c0 + k], tt);
        g_free(tt);
    }
    g_string_append_printf(note, "。%s", cover_note ? cover_note : "");
    char *title = g_strdup_printf("%s%s%s%s%s", region_prefix(rg), what, units, ci->name,
                                  t->grain == GY_GRAIN_QUARTER ? "（分季度）" : "");
    gy_chart_spec sp = {
        .kind = GY_CHART_BAR, .title = title, .subtitle = subtitle, .source = source,
        .note = note->str, .unit = ci->measure ? GY_CHART_COUNT : GY_CHART_MONEY,
        .measure = ci->measure, .n = n, .labels = labels, .n_series = ns, .series = s,
    };
    char *name = g_strconcat("bar_", gy_ind_key(ci->ind), NULL);
    gy_error e = out_add(o, &sp, name, err);
    g_free(name);
    g_free(title);
    g_string_free(note, TRUE);
    g_free(absent);
    g_free(v);
    return e;
}

/* The trend of the region's 合计 over the period columns: quarters of the cut-off year against
 * the year before (quarters before the data begin absent), or years (one line). */
static gy_error periods_trend(charts_out *o, const struct chart_ind *ci, const gy_region *rg,
                              const gy_table *cur, const gy_table *prev, gy_month first,
                              const char *const *labels, size_t n, int y, const bool *gap,
                              const bool *prev_gap, const char *cover_note,
                              const char *subtitle, const char *source, GError **err)
{
    size_t tot = cur->n_rows - 1;
    int64_t *v = g_new0(int64_t, 2 * n);
    bool *present = g_new0(bool, 2 * n);
    bool has_prev = false;
    for (size_t k = 0; k < n; k++) {
        /* a period no record covers is not known, so not zero: drawn "—" */
        if (k < cur->n_cols && !gap[k]) {
            v[k] = *gy_table_at(cur, ci->ind, tot, k);
            present[k] = true;
        }
        if (prev && k < prev->n_cols && GY_MONTH(y - 1, 3 * (int)k + 1) >= first &&
            !prev_gap[k]) {
            v[n + k] = *gy_table_at(prev, ci->ind, tot, k);
            present[n + k] = true;
            has_prev = true;
        }
    }
    char *names[2] = { prev ? g_strdup_printf("%d年", y) : g_strdup(ci->name),
                       g_strdup_printf("%d年", y - 1) };
    gy_chart_series s[2] = { { names[0], v, present }, { names[1], v + n, present + n } };
    int y0 = GY_MONTH_YEAR(cur->col_month[0]);
    char *title = prev ? (has_prev ? g_strdup_printf("%s%s季度走势（%d年与%d年）", region_prefix(rg),
                                                     ci->name, y, y - 1)
                                   : g_strdup_printf("%s%s季度走势（%d年）", region_prefix(rg),
                                                     ci->name, y))
                       : (y0 == y ? g_strdup_printf("%s%s年度走势（%d年）", region_prefix(rg),
                                                    ci->name, y)
                                  : g_strdup_printf("%s%s年度走势（%d—%d年）", region_prefix(rg),
                                                    ci->name, y0, y));
    char *note = cover_note ? g_strconcat("注：", cover_note, NULL) : NULL;
    gy_error e = trend_add(o, ci, title, subtitle, source, note, n, labels, s, has_prev ? 2 : 1,
                           err);
    g_free(note);
    g_free(title);
    g_free(names[0]);
    g_free(names[1]);
    g_free(v);
    g_free(present);
    return e;
}

/* The days of period column c of t (a quarter or a year), the last cut at the cut-off. */
static void column_days(const gy_table *t, size_t c, gy_day cutoff, gy_day *from, gy_day *to)
{
    gy_month len = t->grain == GY_GRAIN_YEAR ? 12 : 3;
    gy_month start = (t->col_month[c] / len) * len, end = start + len;
    *from = gy_day_from_ymd(GY_MONTH_YEAR(start), GY_MONTH_NUM(start), 1);
    *to = MIN(gy_day_from_ymd(GY_MONTH_YEAR(end), GY_MONTH_NUM(end), 1) - 1, cutoff);
}

/* Which period columns of t cv (NULL: unknown) covers: gap[c] is set for none (drawn "—");
 * names[c] gains a ※ for one covered in part, and part says which days it has ("2019年只有1月
 * 23日至12月31日的记录"; `year` in front of a quarter's name, NULL for none). */
static void periods_cover(const gy_table *t, gy_day cutoff, const gy_cover *cv, const char *year,
                          char **names, bool *gap, GString *part)
{
    for (size_t c = 0; cv && c < t->n_cols; c++) {
        gy_day from, to;
        column_days(t, c, cutoff, &from, &to);
        gap[c] = !gy_cover_touches(cv, from, to);
        if (gap[c] || (cv->first <= from && cv->last >= to))
            continue;
        int y0, m0, d0, y1, m1, d1;
        gy_day_to_ymd(MAX(from, cv->first), &y0, &m0, &d0);
        gy_day_to_ymd(MIN(to, cv->last), &y1, &m1, &d1);
        /* strstr, not strcspn: "※" is three bytes, and strcspn would stop at any of them
         * (一 is E4 B8 80, and 80 is the last byte of ※) */
        const char *mark = strstr(names[c], "※");
        char *bare = mark ? g_strndup(names[c], (gsize)(mark - names[c])) : g_strdup(names[c]);
        g_string_append_printf(part, "%s%s%s只有%d月%d日至%d月%d日的记录", part->len ? "，" : "",
                               year ? year : "", bare, m0, d0, m1, d1);
        g_free(bare);
        if (!strstr(names[c], "※")) {
            char *marked = g_strconcat(names[c], "※", NULL);
            g_free(names[c]);
            names[c] = marked;
        }
    }
}

/* The charts by quarter (grain GY_GRAIN_QUARTER) or by year (GY_GRAIN_YEAR); o is open. */
static gy_error periods_run(charts_out *o, const gy_cube *cube, const gy_region *rg,
                            const gy_config *cf, gy_grain grain, gy_day cutoff, gy_day day_from,
                            gy_day day_to, const gy_cover *cover, GError **err)
{
    int y, m, d;
    gy_day_to_ymd(cutoff, &y, &m, &d);
    gy_month jan = GY_MONTH(y, 1), last = GY_MONTH(y, m), first, span_last;
    if (!gy_cube_span(cube, &first, &span_last))
        first = jan;
    size_t n = gy_region_count(rg);
    bool q = grain == GY_GRAIN_QUARTER;
    gy_month from = q ? jan : MIN((first / 12) * 12, jan);
    gy_table *cur = gy_cube_table(cube, grain, from, last, day_from, day_to);
    gy_table *prev = q ? gy_cube_table(cube, grain, GY_MONTH(y - 1, 1), GY_MONTH(y - 1, 12),
                                       day_from, day_to)
                       : NULL;
    size_t nt = q ? 4 : cur->n_cols;
    char **names = g_new0(char *, nt + 1);
    for (size_t c = 0; c < nt; c++)
        names[c] = q ? g_strdup(quarter_names[c])
                     : year_text(GY_MONTH_YEAR(cur->col_month[c]), cutoff);
    const char **labels = county_labels(rg, n);
    int y0 = GY_MONTH_YEAR(from);
    char *period = period_text(y, m);
    char *span = y0 == y ? g_strdup_printf("%d年", y) : g_strdup_printf("%d—%d年", y0, y);
    char *subtitle = q ? subtitle_text(cutoff)
                       : g_strdup_printf("%s · 数据截至%d年%d月%d日", span, y, m, d);
    char *what = q ? g_strdup(period) : g_strdup(span);
    char *source = source_text(cf);
    char *units = g_strconcat("各", gy_region_row_head(rg), NULL);
    gy_error e = GY_OK;
    if (cur->n_rows != n + 1 || cur->n_cols == 0) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("charts: the figures do not match the region"));
        e = GY_E_USAGE;
    }
    for (size_t i = 0; e == GY_OK && i < G_N_ELEMENTS(chart_inds); i++) {
        /* periods no record of the indicator's kind of date covers are "—", never 0 */
        const gy_cover *cv = cover_of(cover, chart_inds[i].ind);
        char **own = g_strdupv(names);
        bool *gap = g_new0(bool, MAX(cur->n_cols, nt)), *prev_gap = g_new0(bool, nt);
        GString *part = g_string_new(NULL);
        periods_cover(cur, cutoff, cv, NULL, own, gap, part);
        char *py = g_strdup_printf("%d年", y - 1);
        if (prev)
            periods_cover(prev, cutoff, cv, py, own, prev_gap, part);
        g_free(py);
        bool any_gap = false;
        for (size_t c = 0; c < cur->n_cols; c++)
            any_gap = any_gap || gap[c];
        GString *cnote = g_string_new(NULL);
        if (any_gap) {
            char *text = gy_cover_text_zh(cv);
            g_string_append_printf(cnote, "“—”的%s没有记录，不是0（%s：%s）。", q ? "季度" : "年份",
                                   gy_cover_kind_of(chart_inds[i].ind) == GY_COVER_LOAN
                                       ? "贷款发放日期覆盖" : "创业时间覆盖", text);
            g_free(text);
        }
        if (part->len)
            g_string_append_printf(cnote, "※%s。", part->str);
        const char *cn = cnote->len ? cnote->str : NULL;
        e = periods_bar(o, &chart_inds[i], rg, cur, own, labels, what, units, gap, cn,
                        subtitle, source, err);
        if (e == GY_OK)
            e = periods_trend(o, &chart_inds[i], rg, cur, prev, first,
                              (const char *const *)own, nt, y, gap, prev_gap, cn, subtitle,
                              source, err);
        g_string_free(cnote, TRUE);
        g_string_free(part, TRUE);
        g_free(prev_gap);
        g_free(gap);
        g_strfreev(own);
    }
    g_free(source);
    g_free(units);
    g_free(what);
    g_free(subtitle);
    g_free(span);
    g_free(period);
    g_free(labels);
    g_strfreev(names);
    gy_table_free(prev);
    gy_table_free(cur);
    return e;
}

static gy_error summary_run(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                           gy_grain grain, gy_day cutoff, gy_day day_from, gy_day day_to,
                           const gy_cover *cover,
                           const char *pdf_path,
                           const char *png_dir, const char *svg_dir, GString *dump,
                           char **warning, GError **err)
{
    if (warning)
        *warning = NULL;
    if (cutoff == GY_NO_DAY || !cube || !rg) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("charts: no records, so no cut-off date"));
        return GY_E_USAGE;
    }
    int y, m, d;
    gy_day_to_ymd(cutoff, &y, &m, &d);
    gy_month jan = GY_MONTH(y, 1), last = GY_MONTH(y, m);
    gy_month first, span_last;
    if (!gy_cube_span(cube, &first, &span_last))
        first = jan;
    size_t n = gy_region_count(rg);
    char *period = period_text(y, m);
    char *doc_title = g_strdup_printf("%s%s返乡创业统计图", region_prefix(rg), period);
    g_free(period);
    charts_out o;
    gy_error e = out_open(&o, cf, pdf_path, doc_title, cutoff, png_dir, svg_dir, dump, err);
    g_free(doc_title);
    if (e != GY_OK)
        return out_close(&o, e, warning, err);
    if (grain == GY_GRAIN_QUARTER || grain == GY_GRAIN_YEAR)
        return out_close(&o, periods_run(&o, cube, rg, cf, grain, cutoff, day_from, day_to, cover,
                                         err), warning, err);

    gy_table *ytd = gy_cube_table(cube, GY_GRAIN_YTD, jan, last, day_from, day_to);
    gy_table *cur = gy_cube_table(cube, GY_GRAIN_MONTH, jan, last, day_from, day_to);
    gy_table *prev = gy_cube_table(cube, GY_GRAIN_MONTH, GY_MONTH(y - 1, 1), GY_MONTH(y - 1, 12),
                                   day_from, day_to);
    const char **labels = county_labels(rg, n);
    char *subtitle = subtitle_text(cutoff);
    char *source = source_text(cf);
    if (ytd->n_rows != n + 1 || ytd->n_cols == 0) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("charts: the figures do not match the region"));
        e = GY_E_USAGE;
    }
    for (size_t i = 0; e == GY_OK && i < G_N_ELEMENTS(chart_inds); i++) {
        const gy_cover *cv = cover_of(cover, chart_inds[i].ind);
        e = summary_bar(&o, &chart_inds[i], rg, ytd, labels, y, m, cv, subtitle, source, err);
        if (e == GY_OK)
            e = summary_trend(&o, &chart_inds[i], rg, cur, prev, first, y, m, cv, subtitle,
                              source, err);
    }
    g_free(source);
    g_free(subtitle);
    g_free(labels);
    gy_table_free(prev);
    gy_table_free(cur);
    gy_table_free(ytd);
    return out_close(&o, e, warning, err);
}

gy_error gy_charts_summary(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                           gy_day cutoff, const char *pdf_path, const char *png_dir,
                           const char *svg_dir, char **warning, GError **err)
{
    return summary_run(cube, rg, cf, GY_GRAIN_MONTH, cutoff, GY_NO_DAY, GY_NO_DAY, NULL, pdf_path,
                       png_dir, svg_dir, NULL, warning, err);
}

gy_error gy_charts_summary_by(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                              gy_grain grain, gy_day cutoff, gy_day from, gy_day to,
                              const gy_cover *cover, const char *pdf_path, const char *png_dir,
                              const char *svg_dir, char **warning, GError **err)
{
    return summary_run(cube, rg, cf, grain, cutoff, from, to, cover, pdf_path, png_dir, svg_dir,
                       NULL, warning, err);
}

char *gy_charts_summary_dump(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                             gy_day cutoff, GError **err)
{
    return gy_charts_summary_dump_by(cube, rg, cf, GY_GRAIN_MONTH, cutoff, err);
}

char *gy_charts_summary_dump_by(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                                gy_grain grain, gy_day cutoff, GError **err)
{
    GString *dump = g_string_new(NULL);
    if (summary_run(cube, rg, cf, grain, cutoff, GY_NO_DAY, GY_NO_DAY, NULL, NULL, NULL, NULL, dump,
                    NULL, err) != GY_OK) {
        g_string_free(dump, TRUE);
        return NULL;
    }
    return g_string_free(dump, FALSE);
}

/* ---- tracking ---- */

static bool part_has_target(const gy_charts_track_part *p, size_t n)
{
    for (size_t i = 0; p->completion && i < n; i++)
        if (p->completion[i].den > 0)
            return true;
    return false;
}

static gy_error track_run(const gy_region *rg, const gy_config *cf, gy_day as_of,
                          gy_ratio progress, int64_t yellow, const gy_charts_track_part *parts,
                          size_t n_parts, size_t n_counties, const char *pdf_path,
                          const char *png_dir, const char *svg_dir, GString *dump,
                          char **warning, GError **err)
{
    if (warning)
        *warning = NULL;
    if (!rg || as_of == GY_NO_DAY || n_counties != gy_region_count(rg)) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("charts: the tracking figures do not match the region"));
        return GY_E_USAGE;
    }
    size_t drawn = 0;
    for (size_t k = 0; k < n_parts; k++) {
        if (!ind_info(parts[k].ind) && !parts[k].name) {
            g_set_error(err, GY_ERROR, GY_E_USAGE, _("charts: indicator %s is not charted"),
                        gy_ind_key(parts[k].ind));
            return GY_E_USAGE;
        }
        drawn += part_has_target(&parts[k], n_counties);
    }
    if (drawn == 0) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("charts: no indicator has a target"));
        return GY_E_USAGE;
    }
    int y, m, d;
    gy_day_to_ymd(as_of, &y, &m, &d);
    char *period = period_text(y, m);
    char *doc_title = g_strdup_printf("%s%s返乡创业目标任务完成情况", region_prefix(rg), period);
    charts_out o;
    gy_error e = out_open(&o, cf, pdf_path, doc_title, as_of, png_dir, svg_dir, dump, err);
    g_free(doc_title);
    if (e != GY_OK) {
        g_free(period);
        return out_close(&o, e, warning, err);
    }
    o.st->yellow_band = yellow < 0 ? 0 : yellow;
    const char **labels = county_labels(rg, n_counties);
    gy_chart_rate *rates = g_new(gy_chart_rate, n_counties);
    char *subtitle = subtitle_text(as_of);
    char *source = source_text(cf);
    const char *rl = *region_prefix(rg) ? gy_region_label(rg) : "全国";
    for (size_t k = 0; e == GY_OK && k < n_parts; k++) {
        const gy_charts_track_part *p = &parts[k];
        if (!part_has_target(p, n_counties))
            continue;
        const struct chart_ind *ci = ind_info(p->ind);
        for (size_t i = 0; i < n_counties; i++)
            rates[i] = (gy_chart_rate){ p->completion[i].num, p->completion[i].den };
        char *title = g_strdup_printf("%s%s各%s%s目标完成率", region_prefix(rg), period,
                                      gy_region_row_head(rg), p->name ? p->name : ci->name);
        char *note = NULL;
        if (p->total.den > 0) {
            char *pc = gy_fmt_percent(p->total.num, p->total.den, o.st->percent_digits, false);
            note = g_strdup_printf("注：%s合计完成率%s。", rl, pc);
            g_free(pc);
        }
        if (p->coverage_note) {           /* the records start after 1 January */
            char *with = g_strdup_printf("%s%s。", note ? note : "注：", p->coverage_note);
            g_free(note);
            note = with;
        }
        /* a chart of another list names that list as its source, not the startup ledger */
        char *own = p->source ? source_text_of(cf, p->source) : NULL;
        gy_chart_spec sp = {
            .kind = GY_CHART_COMPLETION, .title = title, .subtitle = subtitle,
            .source = own ? own : source, .note = note, .n = n_counties, .labels = labels,
            .rates = rates, .schedule = { progress.num, progress.den },
        };
        char *name = g_strconcat("completion_", p->key ? p->key : gy_ind_key(p->ind), NULL);
        e = out_add(&o, &sp, name, err);
        g_free(name);
        g_free(own);
        g_free(note);
        g_free(title);
    }
    g_free(source);
    g_free(subtitle);
    g_free(rates);
    g_free(labels);
    g_free(period);
    return out_close(&o, e, warning, err);
}

gy_error gy_charts_track(const gy_region *rg, const gy_config *cf, gy_day as_of,
                         gy_ratio progress, int64_t yellow, const gy_charts_track_part *parts,
                         size_t n_parts, size_t n_counties, const char *pdf_path,
                         const char *png_dir, const char *svg_dir, char **warning,
                         GError **err)
{
    return track_run(rg, cf, as_of, progress, yellow, parts, n_parts, n_counties, pdf_path,
                     png_dir, svg_dir, NULL, warning, err);
}

char *gy_charts_track_dump(const gy_region *rg, const gy_config *cf, gy_day as_of,
                           gy_ratio progress, int64_t yellow, const gy_charts_track_part *parts,
                           size_t n_parts, size_t n_counties, GError **err)
{
    GString *dump = g_string_new(NULL);
    if (track_run(rg, cf, as_of, progress, yellow, parts, n_parts, n_counties, NULL, NULL, NULL,
                  dump, NULL, err) != GY_OK) {
        g_string_free(dump, TRUE);
        return NULL;
    }
    return g_string_free(dump, FALSE);
}
