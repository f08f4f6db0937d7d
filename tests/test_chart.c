/* test_chart.c — the chart renderer: nice axes, scales and exact value text, warning levels,
 * charts.ini, the font check, and real output checked by independent readers (poppler's
 * pdfinfo, pdftotext, pdffonts, pdftoppm), plus the text dump for edge cases and overlaps.
 * GY_CHART_KEEP=DIR keeps the rendered files there for a person to look at. */
#define _GNU_SOURCE                     /* memmem */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "guiyan/chart.h"
#include "testutil.h"

static const char *const COUNTIES[] = { "市中区", "沙湾区", "五通桥区", "金口河区",
                                        "犍为县", "井研县", "夹江县", "沐川县",
                                        "峨边彝族自治县", "马边彝族自治县", "峨眉山市",
                                        "乐山高新区" };
#define NC 12
static const int64_t PEOPLE[NC] = { 3146, 1204, 987, 312, 2210, 1675, 1890, 745, 402, 388, 2561,
                                    530 };
static const char SUB[] = "2021年1—6月 · 数据截至2021年6月30日";
static const char SRC[] = "数据来源：返乡创业实名制台账";

static char *tmpdir;

/* Under `make asan`: fontconfig (pango's font threads, its own configuration) and cairo 1.16
 * (PDF finish) lose memory of their own that no caller can free. With the default fast
 * unwinding their stacks stop inside those libraries, hence whole-library patterns. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

/* ---- helpers ---- */

static int setup_dir(void **state)
{
    (void)state;
    const char *keep = g_getenv("GY_CHART_KEEP");
    if (keep) {
        g_mkdir_with_parents(keep, 0777);
        tmpdir = g_strdup(keep);
    } else
        tmpdir = g_dir_make_tmp("gy-chart-XXXXXX", NULL);
    return tmpdir ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    if (!g_getenv("GY_CHART_KEEP"))
        test_rm_tree(tmpdir);
    g_free(tmpdir);
    return 0;
}

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}


static GBytes *slurp(const char *path)
{
    char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return NULL;
    return g_bytes_new_take(data, len);
}

static bool has_bytes(GBytes *b, const char *s)
{
    gsize n = 0;
    const void *d = g_bytes_get_data(b, &n);
    return memmem(d, n, s, strlen(s)) != NULL;
}

/* A loaded PNG: its size and the share of pixels that are not white. */
static double png_ink(const char *path, int *w, int *h)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        *w = *h = 0;
        return 0;
    }
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    long ink = 0;
    for (int y = 0; y < *h; y++)
        for (int x = 0; x < *w; x++) {
            uint32_t px = *(const uint32_t *)(d + y * stride + x * 4);
            if ((px & 0xffffff) != 0xffffff)
                ink++;
        }
    cairo_surface_destroy(s);
    return (double)ink / ((double)*w * *h);
}

/* The dump parsed: one item per line. */
typedef struct item {
    int page;
    char role[16];
    double x, y, w, h;
    char *text;
} item;

static void item_free(gpointer p)
{
    item *it = p;
    g_free(it->text);
    g_free(it);
}

static GPtrArray *parse_dump(const char *dump)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(item_free);
    char **lines = g_strsplit(dump, "\n", -1);
    int page = 0;
    for (char **l = lines; *l; l++) {
        if (!**l)
            continue;
        char **f = g_strsplit(*l, "\t", 6);
        if (!strcmp(f[0], "page"))
            page++;
        else {
            assert_non_null(f[5]);
            item *it = g_new0(item, 1);
            it->page = page;
            g_strlcpy(it->role, f[0], sizeof it->role);
            it->x = g_ascii_strtod(f[1], NULL);
            it->y = g_ascii_strtod(f[2], NULL);
            it->w = g_ascii_strtod(f[3], NULL);
            it->h = g_ascii_strtod(f[4], NULL);
            it->text = g_strdup(f[5]);
            g_ptr_array_add(a, it);
        }
        g_strfreev(f);
    }
    g_strfreev(lines);
    return a;
}

static int count(GPtrArray *a, const char *role, const char *text)
{
    int n = 0;
    for (guint i = 0; i < a->len; i++) {
        item *it = g_ptr_array_index(a, i);
        if (!strcmp(it->role, role) && (!text || !strcmp(it->text, text)))
            n++;
    }
    return n;
}

static int pages_of(GPtrArray *a)
{
    int p = 0;
    for (guint i = 0; i < a->len; i++)
        p = MAX(p, ((item *)g_ptr_array_index(a, i))->page);
    return p;
}

static bool is_text(const item *it)
{
    return strcmp(it->role, "bar") && strcmp(it->role, "point") && strcmp(it->role, "line");
}

/* No two texts on a page overlap (0.3 pt of tolerance), and none leaves the page. */
static void assert_no_overlap(GPtrArray *a, double page_w, double page_h)
{
    for (guint i = 0; i < a->len; i++) {
        item *p = g_ptr_array_index(a, i);
        if (!is_text(p))
            continue;
        if (p->x < -0.1 || p->y < -0.1 || p->x + p->w > page_w + 0.1 ||
            p->y + p->h > page_h + 0.1)
            fail_msg("%s \"%s\" leaves the page", p->role, p->text);
        for (guint j = i + 1; j < a->len; j++) {
            item *q = g_ptr_array_index(a, j);
            if (!is_text(q) || q->page != p->page)
                continue;
            double ox = MIN(p->x + p->w, q->x + q->w) - MAX(p->x, q->x);
            double oy = MIN(p->y + p->h, q->y + q->h) - MAX(p->y, q->y);
            if (ox > 0.3 && oy > 0.3)
                fail_msg("page %d: %s \"%s\" (%.1f,%.1f %.1fx%.1f) overlaps %s \"%s\" "
                         "(%.1f,%.1f %.1fx%.1f)", p->page, p->role, p->text, p->x, p->y, p->w,
                         p->h, q->role, q->text, q->x, q->y, q->w, q->h);
        }
    }
}

static GPtrArray *dump_of(const gy_chart_spec *spec)
{
    GError *err = NULL;
    char *d = gy_chart_dump(spec, NULL, &err);
    if (!d)
        fail_msg("dump: %s", err->message);
    GPtrArray *a = parse_dump(d);
    g_free(d);
    gy_chart_style *st = gy_chart_style_new();
    assert_no_overlap(a, st->page_width, st->page_height);
    gy_chart_style_free(st);
    return a;
}

/* ---- sample charts ---- */

static gy_chart_series people_series = { "2021年", PEOPLE, NULL };

static gy_chart_spec bar_spec(void)
{
    return (gy_chart_spec){ .kind = GY_CHART_BAR,
                            .title = "2021年1—6月各县（市、区）返乡创业人数",
                            .subtitle = SUB, .source = SRC, .unit = GY_CHART_COUNT,
                            .measure = "人", .n = NC, .labels = COUNTIES, .n_series = 1,
                            .series = &people_series };
}

static const int64_t LOANS[NC] = { 185230000000, 42000000000, 31050000000, 5000000000,
                                   91230000000, 60000000000, 77000000000, 22000000000,
                                   9000000000, 8000000000, 120000000000, 15000000000 };
static gy_chart_series loan_series = { "2021年", LOANS, NULL };

static gy_chart_spec money_spec(void)
{
    gy_chart_spec s = bar_spec();
    s.title = "2021年1—6月各县（市、区）创业担保贷款发放金额";
    s.unit = GY_CHART_MONEY;
    s.measure = NULL;
    s.series = &loan_series;
    return s;
}

static const int64_t CUR[12] = { 410, 380, 702, 655, 810, 960, 0, 0, 0, 0, 0, 0 };
static const bool CUR_P[12] = { 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0 };
static const int64_t LAST[12] = { 350, 300, 620, 700, 0, 880, 900, 870, 820, 760, 690, 640 };
static const bool LAST_P[12] = { 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1 };
static gy_chart_series trend_series[2] = { { "2021年", CUR, CUR_P }, { "2020年", LAST, LAST_P } };

static gy_chart_spec trend_spec(void)
{
    return (gy_chart_spec){ .kind = GY_CHART_TREND, .title = "返乡创业人数月度走势",
                            .subtitle = SUB, .source = SRC, .unit = GY_CHART_COUNT,
                            .measure = "人", .n = 12, .n_series = 2, .series = trend_series };
}

/* 62.9% 60.2% 39.5% 52% 55.3% 55.8% 54% 37.3% 50.3% (no target) 56.9% 45% vs 50%. */
static const gy_chart_rate RATES[NC] = { { 3146, 5000 }, { 1204, 2000 }, { 987, 2500 },
                                         { 312, 600 }, { 2210, 4000 }, { 1675, 3000 },
                                         { 1890, 3500 }, { 745, 2000 }, { 402, 800 },
                                         { 388, 0 }, { 2561, 4500 }, { 4500, 10000 } };

static gy_chart_spec completion_spec(void)
{
    return (gy_chart_spec){ .kind = GY_CHART_COMPLETION, .title = "2021年返乡创业目标任务完成情况",
                            .subtitle = SUB, .source = SRC,
                            .note = "注：完成率 = 累计完成数 ÷ 年度目标任务数。", .n = NC,
                            .labels = COUNTIES, .rates = RATES, .schedule = { 6, 12 } };
}

#define MANY 200
static char *many_labels[MANY];
static int64_t many_values[MANY];
static gy_chart_series many_series = { "x", many_values, NULL };

static gy_chart_spec many_spec(void)
{
    for (int i = 0; i < MANY; i++) {
        if (!many_labels[i])
            many_labels[i] = g_strdup_printf("乡镇%03d%s", i + 1, i % 7 == 0 ? "街道办事处" : "");
        many_values[i] = (i * 7919) % 1000 - (i % 13 == 0 ? 1300 : 0);
    }
    gy_chart_spec s = bar_spec();
    s.title = "各乡镇（街道）返乡创业人数";
    s.n = MANY;
    s.labels = (const char *const *)many_labels;
    s.series = &many_series;
    return s;
}

/* ---- numbers ---- */

static void test_nice_axis(void **state)
{
    (void)state;
    gy_chart_axis a = gy_chart_nice_axis(0, 18523, 6, 1);
    assert_int_equal(a.lo, 0);
    assert_int_equal(a.step, 5000);
    assert_int_equal(a.hi, 20000);
    a = gy_chart_nice_axis(0, 18523, 5, 1);
    assert_int_equal(a.step, 5000);
    assert_int_equal(a.hi, 20000);
    a = gy_chart_nice_axis(-120, 480, 6, 1);
    assert_int_equal(a.lo, -200);
    assert_int_equal(a.hi, 500);
    assert_int_equal(a.step, 100);
    a = gy_chart_nice_axis(0, 10000, 6, 100);
    assert_int_equal(a.step, 2000);
    assert_int_equal(a.hi, 10000);
    a = gy_chart_nice_axis(0, 7, 6, 1);
    assert_int_equal(a.step, 2);
    assert_int_equal(a.hi, 8);
    a = gy_chart_nice_axis(0, 3, 6, 1);             /* never a step below 1 person */
    assert_int_equal(a.step, 1);
    assert_int_equal(a.hi, 3);
    a = gy_chart_nice_axis(0, 0, 6, 1);             /* all zeros */
    assert_int_equal(a.lo, 0);
    assert_int_equal(a.hi, 6);
    assert_int_equal(a.step, 1);
    a = gy_chart_nice_axis(0, 3, 6, 100);           /* money: no step below 1 元 */
    assert_int_equal(a.step, 100);
    assert_int_equal(a.hi, 100);
    a = gy_chart_nice_axis(-5, -1, 6, 1);
    assert_int_equal(a.lo, -5);
    assert_int_equal(a.hi, -1);
    a = gy_chart_nice_axis(0, INT64_MAX, 6, 1);     /* no overflow */
    assert_true(a.step > 0 && a.hi >= a.step);
    a = gy_chart_nice_axis(0, 1, 6, 1);
    assert_int_equal(a.step, 1);
    assert_int_equal(a.hi, 1);
}

static void test_scale_and_values(void **state)
{
    (void)state;
    gy_chart_scale sc = gy_chart_scale_for(GY_CHART_COUNT, "人", 18523, NULL);
    assert_string_equal(sc.unit, "人");
    char *t = gy_chart_value_text(&sc, 18523);
    assert_string_equal(t, "18523");
    g_free(t);
    sc = gy_chart_scale_for(GY_CHART_COUNT, "人", 150050, NULL);
    assert_string_equal(sc.unit, "万人");
    t = gy_chart_value_text(&sc, 150050);       /* 15.005 → half away from zero */
    assert_string_equal(t, "15.01");
    g_free(t);
    t = gy_chart_value_text(&sc, -150050);
    assert_string_equal(t, "-15.01");
    g_free(t);
    sc = gy_chart_scale_for(GY_CHART_MONEY, NULL, 185230000000, NULL);
    assert_string_equal(sc.unit, "亿元");
    t = gy_chart_value_text(&sc, 185230000000);
    assert_string_equal(t, "18.52");
    g_free(t);
    sc = gy_chart_scale_for(GY_CHART_MONEY, NULL, 9999999999, NULL);
    assert_string_equal(sc.unit, "万元");
    t = gy_chart_value_text(&sc, 12345);        /* 0.012345 万元 */
    assert_string_equal(t, "0.01");
    g_free(t);
    t = gy_chart_value_text(&sc, 50000);        /* 0.05 exactly */
    assert_string_equal(t, "0.05");
    g_free(t);
    t = gy_chart_value_text(&sc, 4999);         /* rounds to zero: no minus, no sign */
    assert_string_equal(t, "0.00");
    g_free(t);
    sc = gy_chart_scale_for(GY_CHART_MONEY, NULL, 999999, NULL);
    assert_string_equal(sc.unit, "元");
    t = gy_chart_value_text(&sc, 999999);
    assert_string_equal(t, "9999.99");
    g_free(t);
    sc = gy_chart_scale_for(GY_CHART_MONEY, NULL, -2000000, NULL);   /* sign does not matter */
    assert_string_equal(sc.unit, "万元");
}

static void test_levels(void **state)
{
    (void)state;
    gy_chart_rate half = { 6, 12 };
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 1, 2 }, half, 1000), GY_CHART_LEVEL_GREEN);
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 4, 10 }, half, 1000),
                     GY_CHART_LEVEL_YELLOW);         /* exactly 10 points below */
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 3999, 10000 }, half, 1000),
                     GY_CHART_LEVEL_RED);
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 4999, 10000 }, half, 1000),
                     GY_CHART_LEVEL_YELLOW);
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 4999, 10000 }, half, 0),
                     GY_CHART_LEVEL_RED);
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 5, 0 }, half, 1000), GY_CHART_LEVEL_NONE);
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 0, 7 }, (gy_chart_rate){ 0, 0 }, 1000),
                     GY_CHART_LEVEL_GREEN);
    gy_chart_rate day = { 181, 365 };                /* 49.589...% */
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 4959, 10000 }, day, 1000),
                     GY_CHART_LEVEL_GREEN);
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ 4958, 10000 }, day, 1000),
                     GY_CHART_LEVEL_YELLOW);
    assert_int_equal(gy_chart_level_of((gy_chart_rate){ INT64_MAX, 3 }, day, 1000),
                     GY_CHART_LEVEL_GREEN);
}

/* ---- style ---- */

static void test_style_ini(void **state)
{
    (void)state;
    GError *err = NULL;
    /* the shipped charts.ini says what the built-in style is */
    gy_chart_style *def = gy_chart_style_new();
    gy_chart_style *st = gy_chart_style_load(GY_TEMPLATES_DIR "/charts.ini", &err);
    assert_non_null(st);
    assert_string_equal(st->font, def->font);
    assert_string_equal(st->page_format, def->page_format);
    assert_string_equal(st->mark_red, def->mark_red);
    assert_true(fabs(st->page_width - def->page_width) < 0.01);
    assert_true(fabs(st->image_height - def->image_height) < 0.01);
    assert_true(st->title_size == def->title_size && st->min_size == def->min_size);
    assert_int_equal(st->yellow_band, def->yellow_band);
    assert_int_equal(st->count_wan_from, def->count_wan_from);
    assert_int_equal(st->vertical_max, def->vertical_max);
    assert_true(memcmp(&st->red, &def->red, sizeof st->red) == 0);
    assert_true(memcmp(st->series, def->series, sizeof st->series) == 0);
    assert_true(memcmp(st->hatch, def->hatch, sizeof st->hatch) == 0);
    gy_chart_style_free(st);

    st = gy_chart_style_load("/nonexistent/charts.ini", &err);     /* missing: built-ins */
    assert_non_null(st);
    assert_string_equal(st->font, "Noto Sans CJK SC");
    gy_chart_style_free(st);

    char *p = tmp_path("custom.ini");
    g_file_set_contents(p, "[font]\nfamily = 思源黑体\n[warning]\nyellow_band = 7.5\n"
                           "[colour]\nred = #ff0000\n[page]\npage_number = — &P —\n", -1, NULL);
    st = gy_chart_style_load(p, &err);
    assert_non_null(st);
    assert_string_equal(st->font, "思源黑体");
    assert_int_equal(st->yellow_band, 750);
    assert_true(st->red.r == 1.0 && st->red.g == 0.0);
    assert_string_equal(st->page_format, "— &P —");
    assert_true(st->title_size == def->title_size);
    gy_chart_style_free(st);

    g_file_set_contents(p, "[font]\ntitle_size = big\n", -1, NULL);
    st = gy_chart_style_load(p, &err);
    assert_null(st);
    assert_int_equal(err->code, GY_E_TEMPLATE);
    assert_non_null(strstr(err->message, "title_size"));
    g_clear_error(&err);
    g_file_set_contents(p, "[colour]\ngreen = green\n", -1, NULL);
    assert_null(gy_chart_style_load(p, &err));
    assert_non_null(strstr(err->message, "[colour] green"));
    g_clear_error(&err);
    g_free(p);
    gy_chart_style_free(def);
}

/* ---- fonts ---- */

static void test_font_check(void **state)
{
    (void)state;
    char *used = NULL, *warning = NULL;
    GError *err = NULL;
    assert_int_equal(gy_chart_font_check("Noto Sans CJK SC", NULL, &used, &warning, &err), GY_OK);
    assert_string_equal(used, "Noto Sans CJK SC");
    assert_null(warning);
    g_free(used);

    assert_int_equal(gy_chart_font_check("No Such Family Guiyan", "峨眉山市返乡创业", &used,
                                         &warning, &err), GY_OK);
    assert_non_null(warning);
    assert_non_null(strstr(warning, "No Such Family Guiyan"));
    assert_non_null(strstr(warning, "not installed"));
    assert_non_null(used);
    assert_string_not_equal(used, "No Such Family Guiyan");
    assert_non_null(strstr(warning, used));
    g_free(used);
    g_free(warning);

    /* a character no installed font has (plane 16 private use) */
    assert_int_equal(gy_chart_font_check("Noto Sans CJK SC", "县\xf4\x8f\xbf\xbd", &used,
                                         &warning, &err), GY_E_FONT);
    assert_null(used);
    assert_int_equal(err->code, GY_E_FONT);
    assert_non_null(strstr(err->message, "fonts-noto-cjk"));
    assert_non_null(strstr(err->message, "U+10FFFD"));
    g_clear_error(&err);
}

/* ---- the PDF ---- */

static char *render_doc(const char *name, const char *date)
{
    GError *err = NULL;
    char *path = tmp_path(name);
    gy_chartdoc *doc = gy_chartdoc_new_pdf(path, "返乡创业统计图表", date, NULL, &err);
    if (!doc)
        fail_msg("%s", err->message);
    assert_null(gy_chartdoc_warning(doc));
    gy_chart_spec specs[5] = { bar_spec(), money_spec(), trend_spec(), completion_spec(),
                               many_spec() };
    for (int i = 0; i < 5; i++)
        if (gy_chartdoc_add(doc, &specs[i], &err) != GY_OK)
            fail_msg("%s", err->message);
    assert_true(gy_chartdoc_pages(doc) > 5);
    if (gy_chartdoc_close(doc, &err) != GY_OK)
        fail_msg("%s", err->message);
    return path;
}

static void test_pdf(void **state)
{
    (void)state;
    char *path = render_doc("charts.pdf", "2021-06-30");
    /* 4 one-page charts and the 200 rows of the last one on several pages */
    gy_chart_spec ms = many_spec();
    GPtrArray *md = dump_of(&ms);
    int many_pages = pages_of(md);
    g_ptr_array_free(md, TRUE);
    assert_true(many_pages >= 4);

    char *info = test_run("pdfinfo", path, NULL);
    assert_non_null(info);
    char *want = g_strdup_printf("^Pages: +%d$", 4 + many_pages);
    assert_true(g_regex_match_simple(want, info, G_REGEX_MULTILINE, 0));
    g_free(want);
    assert_true(g_regex_match_simple("^Title: +返乡创业统计图表$", info, G_REGEX_MULTILINE, 0));
    assert_true(g_regex_match_simple("CreationDate: .*2021", info, 0, 0));
    assert_true(g_regex_match_simple("ModDate: .*2021", info, 0, 0));
    assert_non_null(strstr(info, "A4"));
    g_free(info);

    char *text = test_run("pdftotext", "-layout", path, "-", NULL);
    assert_non_null(text);
    const char *expect[] = { "2021年1—6月各县（市、区）返乡创业人数", "数据截至2021年6月30日",
                             "峨眉山市", "峨边彝族", "3146", "单位：人", "单位：亿元", "18.52",
                             "序时进度", "62.9%", "▲", "▼", "数据来源：返乡创业实名制台账",
                             "第 1 页 共", "（续）", "乡镇200", "2020年", "6月" };
    for (size_t i = 0; i < G_N_ELEMENTS(expect); i++)
        if (!strstr(text, expect[i]))
            fail_msg("pdftotext lacks \"%s\"", expect[i]);
    char *last = g_strdup_printf("第 %d 页 共 %d 页", 4 + many_pages, 4 + many_pages);
    assert_non_null(strstr(text, last));
    g_free(last);
    g_free(text);

    char *fonts = test_run("pdffonts", path, NULL);
    assert_non_null(fonts);
    /* name, type, encoding, then emb sub uni: the CJK font embedded as a subset */
    assert_true(g_regex_match_simple("NotoSansCJK\\S*-Regular .*Identity-H +yes +yes +yes",
                                     fonts, G_REGEX_MULTILINE, 0));
    assert_true(g_regex_match_simple("NotoSansCJK\\S*-Bold .*Identity-H +yes +yes +yes",
                                     fonts, G_REGEX_MULTILINE, 0));
    assert_null(strstr(fonts, " no  no "));     /* no font left unembedded */
    g_free(fonts);
    g_free(path);
}

static void test_pdf_pages_as_png(void **state)
{
    (void)state;
    char *path = tmp_path("charts.pdf");
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_free(path);
        path = render_doc("charts.pdf", "2021-06-30");
    }
    for (int page = 1; page <= 5; page++) {
        char num[8], *prefix;
        g_snprintf(num, sizeof num, "%d", page);
        prefix = g_strdup_printf("%s/page%d", tmpdir, page);
        char *out = test_run("pdftoppm", "-png", "-r", "50", "-f", num, "-l", num, "-singlefile",
                        path, prefix, NULL);
        assert_non_null(out);
        g_free(out);
        char *png = g_strconcat(prefix, ".png", NULL);
        int w, h;
        double ink = png_ink(png, &w, &h);
        assert_int_equal(w, 585);                   /* A4 landscape at 50 dpi, rounded up */
        assert_int_equal(h, 414);
        if (ink < 0.01 || ink > 0.6)
            fail_msg("page %d: %.3f of the pixels inked", page, ink);
        g_free(png);
        g_free(prefix);
    }
    g_free(path);
}

static void test_deterministic(void **state)
{
    (void)state;
    char *a = render_doc("det-a.pdf", "2021-06-30");
    char *b = render_doc("det-b.pdf", "2021-06-30");
    char *c = render_doc("det-c.pdf", "2021-07-31T09:30:00+08:00");
    GBytes *ba = slurp(a), *bb = slurp(b), *bc = slurp(c);
    assert_true(g_bytes_get_size(ba) > 10000);
    assert_true(g_bytes_equal(ba, bb));
    assert_false(g_bytes_equal(ba, bc));            /* the date is in the file */
    /* (cairo 1.16 leaves out the "D:") */
    assert_true(has_bytes(ba, "/CreationDate (20210630000000+08'00)") ||
                has_bytes(ba, "/CreationDate (D:20210630000000+08'00)"));
    assert_true(has_bytes(ba, "/ModDate (20210630000000+08'00)") ||
                has_bytes(ba, "/ModDate (D:20210630000000+08'00)"));
    g_bytes_unref(ba);
    g_bytes_unref(bb);
    g_bytes_unref(bc);
    g_unlink(b);
    g_unlink(c);
    g_free(a);
    g_free(b);
    g_free(c);
}

/* ---- one chart per file ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_png_svg(void **state)
{
    (void)state;
    GError *err = NULL;
    gy_chart_spec specs[3] = { bar_spec(), trend_spec(), completion_spec() };
    const char *names[3] = { "bar", "trend", "completion" };
    gy_chart_style *st = gy_chart_style_new();
    /* 72 dpi under valgrind, where zlib spends a minute on three 300 dpi images */
    int dpi = RUNNING_ON_VALGRIND ? 72 : 300;
    uint32_t ppm = RUNNING_ON_VALGRIND ? 2835 : 11811;   /* pixels per metre */
    int want_w = (int)(st->image_width * dpi / 72 + 0.5);
    int want_h = (int)(st->image_height * dpi / 72 + 0.5);
    for (int i = 0; i < 3; i++) {
        char *name = g_strdup_printf("%s.png", names[i]);
        char *path = tmp_path(name);
        assert_int_equal(gy_chart_write_png(&specs[i], NULL, path, dpi, &err), GY_OK);
        int w, h;
        double ink = png_ink(path, &w, &h);
        assert_int_equal(w, want_w);
        assert_int_equal(h, want_h);
        assert_true(ink > 0.02 && ink < 0.6);
        GBytes *b = slurp(path);
        const unsigned char *d = g_bytes_get_data(b, NULL);
        assert_memory_equal(d + 37, "pHYs", 4);
        assert_int_equal(be32(d + 41), ppm);
        assert_int_equal(d[49], 1);
        g_bytes_unref(b);
        g_free(path);
        g_free(name);

        name = g_strdup_printf("%s.svg", names[i]);
        path = tmp_path(name);
        assert_int_equal(gy_chart_write_svg(&specs[i], NULL, path, &err), GY_OK);
        char *svg = NULL;
        assert_true(g_file_get_contents(path, &svg, NULL, NULL));
        assert_non_null(strstr(svg, "<svg"));
        assert_non_null(strstr(svg, "width=\"510.23622pt\""));
        assert_non_null(strstr(svg, "</svg>"));
        g_free(svg);
        g_free(path);
        g_free(name);
    }
    gy_chart_style_free(st);
    /* many rows make a taller image, never a cramped one */
    gy_chart_spec ms = many_spec();
    char *path = tmp_path("many.png");
    assert_int_equal(gy_chart_write_png(&ms, NULL, path, 72, &err), GY_OK);
    int w, h;
    png_ink(path, &w, &h);
    assert_true(h >= MANY * 13);
    g_free(path);
    /* nothing is left behind when the folder does not exist */
    assert_int_equal(gy_chart_write_png(&specs[0], NULL, "/nonexistent-gy/x.png", 300, &err),
                     GY_E_IO);
    g_clear_error(&err);
}

/* ---- what is drawn, from the dump ---- */

static void test_dump_bar(void **state)
{
    (void)state;
    gy_chart_spec s = bar_spec();
    GPtrArray *a = dump_of(&s);
    assert_int_equal(pages_of(a), 1);
    assert_int_equal(count(a, "title", s.title), 1);
    assert_int_equal(count(a, "subtitle", SUB), 1);
    assert_int_equal(count(a, "unit", "单位：人"), 1);
    assert_int_equal(count(a, "note", SRC), 1);
    assert_int_equal(count(a, "folio", "第 1 页 共 1 页"), 1);
    assert_int_equal(count(a, "bar", NULL), NC);
    assert_int_equal(count(a, "category", NULL), NC);
    for (int i = 0; i < NC; i++)
        assert_int_equal(count(a, "category", COUNTIES[i]), 1);
    assert_int_equal(count(a, "value", "3146"), 1);
    assert_int_equal(count(a, "bar", "市中区 3146"), 1);
    /* 0, 1000, ..., 4000 */
    assert_int_equal(count(a, "tick", "0"), 1);
    assert_int_equal(count(a, "tick", "4000"), 1);
    assert_int_equal(count(a, "tick", NULL), 5);
    /* categories in the order given, left to right */
    double prev = -1;
    for (guint i = 0; i < a->len; i++) {
        item *it = g_ptr_array_index(a, i);
        if (!strcmp(it->role, "category")) {
            assert_true(it->x > prev);
            prev = it->x;
        }
    }
    g_ptr_array_free(a, TRUE);

    gy_chart_spec m = money_spec();
    a = dump_of(&m);
    assert_int_equal(count(a, "unit", "单位：亿元"), 1);
    assert_int_equal(count(a, "value", "18.52"), 1);
    assert_int_equal(count(a, "value", "0.50"), 1);
    assert_int_equal(count(a, "tick", "20"), 1);
    g_ptr_array_free(a, TRUE);
}

static void test_dump_edges(void **state)
{
    (void)state;
    /* all zeros */
    static const int64_t zeros[NC] = { 0 };
    gy_chart_series zs = { "2021年", zeros, NULL };
    gy_chart_spec s = bar_spec();
    s.series = &zs;
    GPtrArray *a = dump_of(&s);
    assert_int_equal(count(a, "value", "0"), NC);
    assert_int_equal(count(a, "tick", "0"), 1);
    assert_true(count(a, "tick", NULL) >= 2);
    assert_int_equal(count(a, "bar", NULL), 0);     /* zero-height bars draw nothing */
    g_ptr_array_free(a, TRUE);

    /* a single county */
    s = bar_spec();
    s.n = 1;
    a = dump_of(&s);
    assert_int_equal(count(a, "bar", "市中区 3146"), 1);
    assert_int_equal(count(a, "category", NULL), 1);
    g_ptr_array_free(a, TRUE);

    /* negative values and a missing one */
    static const int64_t neg[4] = { 120, -300, 0, 45 };
    static const bool pres[4] = { 1, 1, 1, 0 };
    gy_chart_series ns = { "差额", neg, pres };
    s = bar_spec();
    s.n = 4;
    s.series = &ns;
    a = dump_of(&s);
    assert_int_equal(count(a, "value", "-300"), 1);
    assert_int_equal(count(a, "value", "—"), 1);
    assert_int_equal(count(a, "bar", NULL), 2);
    assert_int_equal(count(a, "tick", "-300"), 1);
    double zero_y = -1, neg_top = -1, pos_bottom = -1;
    for (guint i = 0; i < a->len; i++) {
        item *it = g_ptr_array_index(a, i);
        if (!strcmp(it->role, "bar") && strstr(it->text, "-300"))
            neg_top = it->y;
        if (!strcmp(it->role, "bar") && strstr(it->text, " 120"))
            pos_bottom = it->y + it->h;
        if (!strcmp(it->role, "tick") && !strcmp(it->text, "0"))
            zero_y = it->y + it->h / 2;
    }
    assert_true(fabs(neg_top - pos_bottom) < 0.2);  /* both bars start at the zero line */
    assert_true(fabs(neg_top - zero_y) < 1.0);
    g_ptr_array_free(a, TRUE);

    /* extreme figures: drawn, or refused with a reason, never a crash */
    static const int64_t huge[3] = { INT64_C(1000000000000000000), -INT64_C(1000000000000000000),
                                     1 };
    gy_chart_series hs = { "x", huge, NULL };
    s = money_spec();
    s.n = 3;
    s.series = &hs;
    a = dump_of(&s);
    assert_int_equal(count(a, "value", "100000000.00"), 1);    /* 10^18 fen in 亿元 */
    g_ptr_array_free(a, TRUE);
    static const int64_t over[1] = { INT64_MAX };
    hs.num = over;
    s.n = 1;
    GError *err = NULL;
    assert_null(gy_chart_dump(&s, NULL, &err));
    assert_int_equal(err->code, GY_E_USAGE);
    g_clear_error(&err);
    static const gy_chart_rate wild[3] = { { INT64_MAX, 1 }, { INT64_MIN, 3 }, { 1, INT64_MAX } };
    gy_chart_spec c = completion_spec();
    c.n = 3;
    c.rates = wild;
    c.schedule = (gy_chart_rate){ INT64_MAX, 7 };
    char *d = gy_chart_dump(&c, NULL, &err);
    assert_non_null(d);
    assert_non_null(strstr(d, " green\n"));     /* INT64_MAX against INT64_MAX / 7 */
    assert_non_null(strstr(d, " red\n"));
    g_free(d);

    /* no categories at all */
    s = bar_spec();
    s.n = 0;
    a = dump_of(&s);
    assert_int_equal(count(a, "value", "无数据"), 1);
    g_ptr_array_free(a, TRUE);
}

static void test_dump_many(void **state)
{
    (void)state;
    gy_chart_spec s = many_spec();
    GPtrArray *a = dump_of(&s);         /* and no two texts overlap on any page */
    int pages = pages_of(a);
    assert_true(pages >= 4 && pages <= 12);
    for (int i = 0; i < MANY; i++)
        if (count(a, "category", many_labels[i]) != 1)
            fail_msg("%s drawn %d times", many_labels[i], count(a, "category", many_labels[i]));
    assert_int_equal(count(a, "value", NULL), MANY);
    assert_int_equal(count(a, "value", "-1300"), 1);
    assert_int_equal(count(a, "title", "各乡镇（街道）返乡创业人数"), 1);
    assert_int_equal(count(a, "title", "各乡镇（街道）返乡创业人数（续）"), pages - 1);
    /* every page has the same axis */
    assert_int_equal(count(a, "tick", "-1500"), pages);
    g_ptr_array_free(a, TRUE);

    /* twelve long names: wrapped, shrunk or laid out horizontally, never overlapping */
    static const char *const longs[NC] = {
        "乐山市市中区返乡创业孵化园区管理委员会", "沙湾区", "五通桥区返乡创业服务中心",
        "金口河区", "犍为县返乡创业示范基地", "井研县", "夹江县", "沐川县", "峨边彝族自治县",
        "马边彝族自治县返乡创业服务站（新）", "峨眉山市", "乐山高新技术产业开发区" };
    s = bar_spec();
    s.labels = longs;
    a = dump_of(&s);
    for (int i = 0; i < NC; i++)
        assert_int_equal(count(a, "category", longs[i]), 1);
    g_ptr_array_free(a, TRUE);
}

static void test_dump_trend(void **state)
{
    (void)state;
    gy_chart_spec s = trend_spec();
    GPtrArray *a = dump_of(&s);
    /* 2021: 1–3, 5–6 (4 missing); 2020: 1–4, 6–12 (5 missing) */
    assert_int_equal(count(a, "line", "2021年 1月-3月"), 1);
    assert_int_equal(count(a, "line", "2021年 5月-6月"), 1);
    assert_int_equal(count(a, "line", "2020年 1月-4月"), 1);
    assert_int_equal(count(a, "line", "2020年 6月-12月"), 1);
    assert_int_equal(count(a, "line", NULL), 4);
    assert_int_equal(count(a, "point", NULL), 5 + 11);
    assert_int_equal(count(a, "point", "2021年 4月 655"), 0);
    assert_int_equal(count(a, "value", "960"), 1);
    assert_int_equal(count(a, "value", "655"), 0);
    assert_int_equal(count(a, "legend", "2021年"), 1);
    assert_int_equal(count(a, "legend", "2020年"), 1);
    for (int m = 1; m <= 12; m++) {
        char lab[8];
        g_snprintf(lab, sizeof lab, "%d月", m);
        assert_int_equal(count(a, "category", lab), 1);
    }
    g_ptr_array_free(a, TRUE);

    /* an isolated month is a point without a line */
    static const int64_t one[3] = { 5, 6, 7 };
    static const bool mid[3] = { 0, 1, 0 };
    gy_chart_series os = { "2021年", one, mid };
    s.n = 3;
    s.n_series = 1;
    s.series = &os;
    a = dump_of(&s);
    assert_int_equal(count(a, "point", NULL), 1);
    assert_int_equal(count(a, "line", "2021年 2月-2月"), 1);
    g_ptr_array_free(a, TRUE);
}

static void test_dump_completion(void **state)
{
    (void)state;
    gy_chart_spec s = completion_spec();
    GPtrArray *a = dump_of(&s);
    assert_int_equal(count(a, "schedule", "序时进度 50.0%"), 1);
    assert_int_equal(count(a, "unit", "单位：%"), 1);
    assert_int_equal(count(a, "bar", "市中区 62.9%▲ green"), 1);
    assert_int_equal(count(a, "bar", "五通桥区 39.5%▼ red"), 1);
    assert_int_equal(count(a, "bar", "乐山高新区 45.0%● yellow"), 1);
    assert_int_equal(count(a, "bar", "峨边彝族自治县 50.3%▲ green"), 1);
    assert_int_equal(count(a, "bar", NULL), NC - 1);        /* 马边: no target, no bar */
    assert_int_equal(count(a, "value", "—"), 1);
    assert_int_equal(count(a, "value", "62.9%▲"), 1);
    assert_int_equal(count(a, "legend", "● 低于序时进度10个百分点以内"), 1);
    assert_int_equal(count(a, "legend", "— 无目标任务"), 1);
    assert_int_equal(count(a, "tick", "100%"), 1);
    assert_int_equal(count(a, "note", "数据来源：返乡创业实名制台账 注：完成率 = 累计完成数 ÷ "
                                      "年度目标任务数。"), 1);
    g_ptr_array_free(a, TRUE);

    /* 序时进度 by day (181/365) and a 7.5-point band from the style */
    gy_chart_style *st = gy_chart_style_new();
    st->yellow_band = 750;
    static const gy_chart_rate r2[3] = { { 4959, 10000 }, { 4210, 10000 }, { 4208, 10000 } };
    s.n = 3;
    s.rates = r2;
    s.schedule = (gy_chart_rate){ 181, 365 };
    GError *err = NULL;
    char *d = gy_chart_dump(&s, st, &err);
    assert_non_null(d);
    assert_non_null(strstr(d, "序时进度 49.6%"));
    assert_non_null(strstr(d, "\t市中区 49.6%▲ green\n"));
    assert_non_null(strstr(d, "\t沙湾区 42.1%● yellow\n"));       /* 7.49 points below */
    assert_non_null(strstr(d, "\t五通桥区 42.1%▼ red\n"));        /* 7.51 points below */
    assert_non_null(strstr(d, "低于序时进度7.5个百分点以内"));
    g_free(d);
    gy_chart_style_free(st);

    /* more than 100% and a county with every target unset */
    static const gy_chart_rate r3[2] = { { 250, 100 }, { 0, 0 } };
    s.n = 2;
    s.rates = r3;
    s.schedule = (gy_chart_rate){ 6, 12 };
    a = dump_of(&s);
    assert_int_equal(count(a, "value", "250.0%▲"), 1);
    assert_int_equal(count(a, "tick", "250%"), 1);
    g_ptr_array_free(a, TRUE);
}

static void test_errors(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_null(gy_chartdoc_new_pdf("/nonexistent-gy/charts.pdf", "t", "2021-06-30", NULL, &err));
    assert_int_equal(err->code, GY_E_IO);
    g_clear_error(&err);
    char *path = tmp_path("bad.pdf");
    assert_null(gy_chartdoc_new_pdf(path, "t", "2021-02-30", NULL, &err));
    assert_int_equal(err->code, GY_E_USAGE);
    g_clear_error(&err);
    assert_null(gy_chartdoc_new_pdf(path, "t", NULL, NULL, &err));
    g_clear_error(&err);

    gy_chartdoc *doc = gy_chartdoc_new_pdf(path, "t", "2021-06-30", NULL, &err);
    assert_non_null(doc);
    gy_chart_spec s = bar_spec();
    s.title = NULL;
    assert_int_equal(gy_chartdoc_add(doc, &s, &err), GY_E_USAGE);
    g_clear_error(&err);
    s = bar_spec();
    s.n_series = 0;
    assert_int_equal(gy_chartdoc_add(doc, &s, &err), GY_E_USAGE);
    g_clear_error(&err);
    s = bar_spec();
    static const char *const odd[1] = { "县\xf4\x8f\xbf\xbd" };   /* no font has U+10FFFD */
    s.n = 1;
    s.labels = odd;
    assert_int_equal(gy_chartdoc_add(doc, &s, &err), GY_E_FONT);
    assert_non_null(strstr(err->message, "fonts-noto-cjk"));
    g_clear_error(&err);
    assert_int_equal(gy_chartdoc_pages(doc), 0);
    gy_chartdoc_free(doc);
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));

    /* the rename at close fails: the path is a folder */
    g_mkdir(path, 0777);
    doc = gy_chartdoc_new_pdf(path, "t", "2021-06-30", NULL, &err);
    assert_non_null(doc);
    s = bar_spec();
    assert_int_equal(gy_chartdoc_add(doc, &s, &err), GY_OK);
    assert_int_equal(gy_chartdoc_close(doc, &err), GY_E_IO);
    assert_non_null(strstr(err->message, "bad.pdf"));
    g_clear_error(&err);
    g_rmdir(path);
    g_free(path);

    /* a missing font family is a warning, not a failure */
    gy_chart_style *st = gy_chart_style_new();
    g_free(st->font);
    st->font = g_strdup("No Such Family Guiyan");
    path = tmp_path("subst.pdf");
    doc = gy_chartdoc_new_pdf(path, "t", "2021-06-30", st, &err);
    assert_non_null(doc);
    assert_non_null(strstr(gy_chartdoc_warning(doc), "No Such Family Guiyan"));
    assert_int_equal(gy_chartdoc_add(doc, &s, &err), GY_OK);
    assert_int_equal(gy_chartdoc_close(doc, &err), GY_OK);
    char *fonts = test_run("pdffonts", path, NULL);
    assert_non_null(fonts);
    assert_non_null(strstr(fonts, "CJK"));
    g_free(fonts);
    g_free(path);
    gy_chart_style_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nice_axis),
        cmocka_unit_test(test_scale_and_values),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_style_ini),
        cmocka_unit_test(test_font_check),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_pdf_pages_as_png),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_png_svg),
        cmocka_unit_test(test_dump_bar),
        cmocka_unit_test(test_dump_edges),
        cmocka_unit_test(test_dump_many),
        cmocka_unit_test(test_dump_trend),
        cmocka_unit_test(test_dump_completion),
        cmocka_unit_test(test_errors),
    };
    int r = cmocka_run_group_tests(tests, setup_dir, teardown_dir);
    for (int i = 0; i < MANY; i++)
        g_free(many_labels[i]);
    return r;
}
