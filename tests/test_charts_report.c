/* test_charts_report.c — the charts of `guiyan summary` and `guiyan track` from a cube built by
 * hand: charts.pdf checked by poppler (pdfinfo, pdftotext, pdffonts, pdftoppm), the PNG and
 * SVG files, and the text dump for what each chart shows (YTD by county, distinct totals,
 * months after the cut-off absent, warning levels). GY_CHART_KEEP=DIR keeps the files. */
#define _GNU_SOURCE                     /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "guiyan/charts_report.h"
#include "guiyan/fields.h"
#include "guiyan/reader.h"
#include "testutil.h"

/* fontconfig and cairo keep memory of their own that no caller can free (see test_chart.c) */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

static gy_divisions *dv;
static gy_region *rg;
static gy_config *cf;
static gy_cube *cube;
static char *tmpdir;
static size_t SZQ, SWQ, EMS, GX;    /* 市中区, 沙湾区, 峨眉山市, 乐山高新区 */

static gy_day D(int y, int m, int d) { return gy_day_from_ymd(y, m, d); }

static uint64_t person(const char *id17)
{
    char id[19];
    g_strlcpy(id, id17, 18);
    id[17] = gy_id_check_char(id);
    id[18] = '\0';
    return gy_id_key(id);
}

static void add(const char *id17, size_t county, gy_day start, const char *entity, gy_fen loan,
                gy_day loan_day, int64_t jobs)
{
    static uint32_t line = 1;
    gy_record r = { .person = person(id17), .start = start, .loan = loan, .loan_day = loan_day,
                    .jobs = jobs, .county = (uint32_t)county, .line = ++line, .entity = entity,
                    .uscc = "" };
    gy_cube_add(cube, &r, NULL, NULL);
}

/* 2021 to the cut-off (06-30): 市中区 A twice (one person) and P; 峨眉山市 B with a loan of
 * 1234567.00 元 and P again (P counts once in the total); 市中区 C in July, after the cut-off.
 * 2020 from March: 沙湾区 D and E. */
static int setup(void **state)
{
    (void)state;
    dv = gy_divisions_load(GY_TEMPLATES_DIR "/divisions.tsv", NULL);
    cf = gy_config_load(GY_TEMPLATES_DIR, NULL, NULL);
    if (!dv || !cf)
        return -1;
    rg = gy_config_region(cf, dv, NULL, NULL);
    if (!rg || gy_region_resolve(rg, "市中区", &SZQ) || gy_region_resolve(rg, "沙湾区", &SWQ) ||
        gy_region_resolve(rg, "峨眉山市", &EMS) || gy_region_resolve(rg, "乐山高新区", &GX))
        return -1;
    cube = gy_cube_new(rg);
    add("51110219900101123", SZQ, D(2021, 1, 10), "甲合作社", 0, 0, 2);
    add("51110219900101123", SZQ, D(2021, 3, 5), "乙加工厂", 0, 0, 3);
    add("51118119700707111", EMS, D(2021, 6, 20), "丙农庄", 123456700, D(2021, 6, 25), 4);
    add("51110219850505432", SZQ, D(2021, 2, 1), "丁茶厂", 0, 0, 1);
    add("51110219850505432", EMS, D(2021, 4, 1), "戊民宿", 0, 0, 1);
    add("51110219770303222", SZQ, D(2021, 7, 2), "己超市", 0, 0, 9);
    add("51111119800808333", SWQ, D(2020, 3, 1), "庚果园", 50000000, D(2020, 3, 9), 5);
    add("51111119811111444", SWQ, D(2020, 11, 11), "辛餐馆", 0, 0, 2);
    const char *keep = g_getenv("GY_CHART_KEEP");
    if (keep) {
        g_mkdir_with_parents(keep, 0777);
        tmpdir = g_strdup(keep);
    } else
        tmpdir = g_dir_make_tmp("gy-charts-XXXXXX", NULL);
    return tmpdir ? 0 : -1;
}


static int teardown(void **state)
{
    (void)state;
    if (tmpdir && !g_getenv("GY_CHART_KEEP"))
        test_rm_tree(tmpdir);
    g_free(tmpdir);
    gy_cube_free(cube);
    gy_region_free(rg);
    gy_config_free(cf);
    gy_divisions_free(dv);
    return 0;
}

/* ---- helpers ---- */

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}


static void assert_has(const char *hay, const char *needle)
{
    if (!hay || !strstr(hay, needle))
        fail_msg("missing \"%s\"", needle);
}

static void assert_lacks(const char *hay, const char *needle)
{
    if (hay && strstr(hay, needle))
        fail_msg("unexpected \"%s\"", needle);
}

/* The part of a dump from "chart\t<name>" to the next chart. Newly allocated. */
static char *dump_chart(const char *dump, const char *name)
{
    char *head = g_strdup_printf("chart\t%s\n", name);
    const char *p = strstr(dump, head);
    g_free(head);
    if (!p)
        return NULL;
    const char *end = strstr(p + 1, "\nchart\t");
    return g_strndup(p, end ? (size_t)(end - p) : strlen(p));
}

/* Number of dump lines with role `role` whose last field is `text`. */
static int count_role(const char *chart, const char *role, const char *text)
{
    int n = 0;
    char **lines = g_strsplit(chart, "\n", -1);
    for (char **l = lines; *l; l++) {
        char **f = g_strsplit(*l, "\t", -1);
        guint nf = g_strv_length(f);
        if (nf >= 6 && strcmp(f[0], role) == 0 && strcmp(f[nf - 1], text) == 0)
            n++;
        g_strfreev(f);
    }
    g_strfreev(lines);
    return n;
}

/* Share of non-white pixels of a binary PGM (pdftoppm -gray). */
static double pgm_ink(const char *path)
{
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return 0;
    int w = 0, h = 0, max = 0, off = 0;
    double ink = 0;
    if (sscanf(data, "P5 %d %d %d%n", &w, &h, &max, &off) == 3 && w > 0 && h > 0 &&
        (gsize)off + 1 + (gsize)w * (gsize)h <= len) {
        const unsigned char *px = (const unsigned char *)data + off + 1;
        long dark = 0;
        for (long i = 0; i < (long)w * h; i++)
            dark += px[i] < 250;
        ink = (double)dark / ((double)w * h);
    }
    g_free(data);
    return ink;
}

/* ---- summary: the files ---- */

static void test_summary_pdf_png_svg(void **state)
{
    (void)state;
    char *pdf = tmp_path("charts.pdf"), *png = tmp_path("png"), *svg = tmp_path("svg");
    char *warning = NULL;
    GError *err = NULL;
    /* under valgrind the PNGs at 72 dpi (charts.ini in a copy of the templates): zlib takes
     * half a minute over ten images at 300 */
    char *templates = cf->templates, *tpl72 = NULL;
    if (RUNNING_ON_VALGRIND) {
        tpl72 = tmp_path("tpl72");
        char *ini = NULL, *from = g_build_filename(templates, "charts.ini", NULL);
        char *to = g_build_filename(tpl72, "charts.ini", NULL);
        assert_true(g_file_get_contents(from, &ini, NULL, NULL));
        char *dpi = strstr(ini, "\ndpi = 300\n");
        assert_non_null(dpi);
        memcpy(dpi, "\ndpi =  72\n", 11);
        assert_int_equal(g_mkdir_with_parents(tpl72, 0777), 0);
        assert_true(g_file_set_contents(to, ini, -1, NULL));
        cf->templates = tpl72;
        g_free(ini);
        g_free(from);
        g_free(to);
    }
    gy_error e = gy_charts_summary(cube, rg, cf, D(2021, 6, 30), pdf, png, svg, &warning, &err);
    cf->templates = templates;
    g_free(tpl72);
    if (e != GY_OK)
        fail_msg("%s", err->message);
    assert_null(warning);

    char *info = test_run("pdfinfo", pdf, NULL);
    assert_has(info, "Pages:           10\n");
    assert_has(info, "Title:           乐山市2021年1—6月返乡创业统计图");
    assert_has(info, "CreationDate:    Tue Jun 29 16:00:00 2021 UTC");   /* 06-30 00:00 +08 */
    assert_has(info, "Page size:       841.89 x 595.276 pts (A4)");
    g_free(info);

    char *text = test_run("pdftotext", pdf, "-", NULL);
    const char *expect[] = {
        "乐山市2021年1—6月各县（市、区）返乡创业人数", "数据截至2021年6月30日", "单位：人",
        "单位：万元", "数据来源：返乡创业实名制台账", "填报单位：乐山市人力资源和社会保障局",
        "市中区", "峨眉山市", "乐山高新区", "马边彝族自治县",
        "123.46",                                   /* 1234567.00 元 in 万元 */
        "注：乐山市合计3人（同一人只计1次，故合计可能小于各县之和）。",
        "注：乐山市合计5个。", "注：乐山市合计123.46万元。",
        "乐山市返乡创业人数月度走势（2021年与2020年）", "2020年", "1月", "12月",
        "第 1 页 共 10 页", "第 10 页 共 10 页",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(expect); i++)
        assert_has(text, expect[i]);
    assert_lacks(text, "（续）");                 /* 12 counties fit a page */
    /* page order: bar then trend, indicator by indicator */
    char *p1 = test_run("pdftotext", "-f", "7", "-l", "7", pdf, "-", NULL);
    assert_has(p1, "各县（市、区）创业担保贷款金额");
    g_free(p1);
    char *p10 = test_run("pdftotext", "-f", "10", "-l", "10", pdf, "-", NULL);
    assert_has(p10, "带动就业人数月度走势");
    g_free(p10);
    g_free(text);

    char *fonts = test_run("pdffonts", pdf, NULL);
    assert_has(fonts, "NotoSansCJK");
    assert_has(fonts, "CID Type 0C       Identity-H       yes yes yes");
    g_free(fonts);

    /* every page renders to something that is not blank */
    char *prefix = tmp_path("page");
    char *pp = test_run("pdftoppm", "-r", "20", "-gray", pdf, prefix, NULL);
    assert_non_null(pp);
    g_free(pp);
    for (int i = 1; i <= 10; i++) {
        char *f = g_strdup_printf("%s-%02d.pgm", prefix, i);
        double ink = pgm_ink(f);
        if (ink < 0.01)
            fail_msg("page %d is blank (%.4f)", i, ink);
        g_unlink(f);
        g_free(f);
    }
    g_free(prefix);

    /* one PNG and one SVG per chart, stable ASCII names; PNG at 300 dpi (180 × 110 mm) */
    static const char *const keys[] = { "startups", "entities", "loans", "loan_amount", "jobs" };
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        for (int k = 0; k < 4; k++) {
            char *f = g_strdup_printf("%s/%s_%s.%s", k % 2 ? svg : png, k < 2 ? "bar" : "trend",
                                      keys[i], k % 2 ? "svg" : "png");
            if (!g_file_test(f, G_FILE_TEST_IS_REGULAR))
                fail_msg("%s not written", f);
            g_free(f);
        }
    char *bar = g_build_filename(png, "bar_startups.png", NULL);
    gchar *data = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(bar, &data, &len, NULL));
    assert_true(len > 1000);
    const unsigned char *u = (const unsigned char *)data;
    uint32_t w = (uint32_t)u[16] << 24 | (uint32_t)u[17] << 16 | (uint32_t)u[18] << 8 | u[19];
    uint32_t h = (uint32_t)u[20] << 24 | (uint32_t)u[21] << 16 | (uint32_t)u[22] << 8 | u[23];
    assert_int_equal(w, RUNNING_ON_VALGRIND ? 510 : 2126);
    assert_int_equal(h, RUNNING_ON_VALGRIND ? 312 : 1299);
    if (RUNNING_ON_VALGRIND)
        assert_non_null(memmem(data, len, "pHYs\0\0\x0b\x13", 8));    /* 2835 px/m */
    else
        assert_non_null(memmem(data, len, "pHYs\0\0\x2e\x23", 8));    /* 11811 px/m */
    g_free(data);
    g_free(bar);
    char *s = g_build_filename(svg, "trend_loan_amount.svg", NULL);
    assert_true(g_file_get_contents(s, &data, &len, NULL));
    assert_non_null(strstr(data, "<svg"));
    g_free(data);
    g_free(s);

    /* same inputs, same bytes */
    char *again = tmp_path("again.pdf");
    assert_int_equal(gy_charts_summary(cube, rg, cf, D(2021, 6, 30), again, NULL, NULL, NULL,
                                       NULL), GY_OK);
    gchar *a = NULL, *b = NULL;
    gsize la = 0, lb = 0;
    assert_true(g_file_get_contents(pdf, &a, &la, NULL));
    assert_true(g_file_get_contents(again, &b, &lb, NULL));
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    g_free(a);
    g_free(b);
    g_free(again);
    g_free(pdf);
    g_free(png);
    g_free(svg);
}

/* ---- summary: what the charts show ---- */

static void test_summary_bar_is_ytd_and_distinct(void **state)
{
    (void)state;
    GError *err = NULL;
    char *dump = gy_charts_summary_dump(cube, rg, cf, D(2021, 6, 30), &err);
    assert_non_null(dump);
    char *bar = dump_chart(dump, "bar_startups");
    assert_non_null(bar);
    /* 市中区: A (twice) and P; C started in July, after the cut-off */
    assert_int_equal(count_role(bar, "bar", "市中区 2"), 1);
    assert_int_equal(count_role(bar, "bar", "峨眉山市 2"), 1);
    assert_int_equal(count_role(bar, "category", "乐山高新区"), 1);
    assert_int_equal(count_role(bar, "unit", "单位：人"), 1);
    assert_int_equal(count_role(bar, "title", "乐山市2021年1—6月各县（市、区）返乡创业人数"), 1);
    assert_int_equal(count_role(bar, "subtitle", "2021年1—6月 · 数据截至2021年6月30日"), 1);
    /* the 12 counties in GB/T 2260 order, the unit last */
    const char *order[] = { "市中区", "沙湾区", "五通桥区", "金口河区", "犍为县", "井研县",
                            "夹江县", "沐川县", "峨边彝族自治县", "马边彝族自治县", "峨眉山市",
                            "乐山高新区" };
    const char *p = bar;
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        char *needle = g_strdup_printf("\t%s\n", order[i]);
        const char *q = strstr(p, needle);
        if (!q)
            fail_msg("%s not after %s", order[i], i ? order[i - 1] : "the start");
        p = q;
        g_free(needle);
    }
    g_free(bar);

    char *jobs = dump_chart(dump, "bar_jobs");
    assert_int_equal(count_role(jobs, "bar", "市中区 6"), 1);          /* 2 + 3 + 1, not July's 9 */
    assert_int_equal(count_role(jobs, "bar", "峨眉山市 5"), 1);
    g_free(jobs);
    char *money = dump_chart(dump, "bar_loan_amount");
    assert_int_equal(count_role(money, "bar", "峨眉山市 123.46"), 1);
    assert_int_equal(count_role(money, "unit", "单位：万元"), 1);
    assert_int_equal(count_role(money, "bar", "市中区 0.00"), 0);       /* zero: no bar */
    g_free(money);
    g_free(dump);
}

static void test_summary_trend_months(void **state)
{
    (void)state;
    char *dump = gy_charts_summary_dump(cube, rg, cf, D(2021, 6, 30), NULL);
    assert_non_null(dump);
    char *t = dump_chart(dump, "trend_startups");
    assert_non_null(t);
    /* this year: January to the cut-off month, nothing after */
    assert_int_equal(count_role(t, "line", "2021年 1月-6月"), 1);
    assert_int_equal(count_role(t, "point", "2021年 1月 1"), 1);
    assert_int_equal(count_role(t, "point", "2021年 4月 1"), 1);
    assert_int_equal(count_role(t, "point", "2021年 6月 1"), 1);
    assert_int_equal(count_role(t, "point", "2021年 7月 1"), 0);
    assert_int_equal(count_role(t, "point", "2021年 7月 0"), 0);
    /* last year: from the first month holding records (March 2020), not zeros before */
    assert_int_equal(count_role(t, "line", "2020年 3月-12月"), 1);
    assert_int_equal(count_role(t, "point", "2020年 3月 1"), 1);
    assert_int_equal(count_role(t, "point", "2020年 4月 0"), 1);
    assert_int_equal(count_role(t, "point", "2020年 2月 0"), 0);
    g_free(t);
    g_free(dump);

    /* a cut-off in January of the first year: one series, "2021年1月" */
    dump = gy_charts_summary_dump(cube, rg, cf, D(2020, 1, 31), NULL);
    assert_non_null(dump);
    t = dump_chart(dump, "trend_jobs");
    assert_int_equal(count_role(t, "title", "乐山市带动就业人数月度走势（2020年）"), 1);
    assert_int_equal(count_role(t, "point", "2020年 1月 0"), 1);
    assert_int_equal(count_role(t, "point", "2020年 2月 0"), 0);
    g_free(t);
    t = dump_chart(dump, "bar_jobs");
    assert_int_equal(count_role(t, "title", "乐山市2020年1月各县（市、区）带动就业人数"), 1);
    g_free(t);
    g_free(dump);
}

static void test_summary_errors(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_int_equal(gy_charts_summary(cube, rg, cf, GY_NO_DAY, "x.pdf", NULL, NULL, NULL, &err),
                     GY_E_USAGE);
    g_clear_error(&err);
    assert_int_equal(gy_charts_summary(cube, rg, cf, D(2021, 6, 30), "/nonexistent-dir/c.pdf",
                                       NULL, NULL, NULL, &err), GY_E_IO);
    assert_has(err->message, "/nonexistent-dir/c.pdf");
    g_clear_error(&err);
    assert_int_equal(gy_charts_summary(cube, rg, cf, D(2021, 6, 30), NULL, "/dev/full/png",
                                       NULL, NULL, &err), GY_E_IO);
    g_clear_error(&err);
    assert_false(g_file_test("/nonexistent-dir/c.pdf", G_FILE_TEST_EXISTS));
}

/* ---- fonts and style ---- */

static void test_preflight(void **state)
{
    (void)state;
    char *warning = (char *)"untouched";
    GError *err = NULL;
    assert_int_equal(gy_charts_preflight(cf, &warning, &err), GY_OK);
    assert_null(warning);
    assert_null(err);

    /* a family that is not installed: a warning naming it and the substitute */
    char *dir = tmp_path("tpl");
    g_mkdir_with_parents(dir, 0777);
    char *ini = g_build_filename(dir, "charts.ini", NULL);
    assert_true(g_file_set_contents(ini, "[font]\nfamily = Bogus Sans 123\n", -1, NULL));
    char *saved = cf->templates;
    cf->templates = dir;
    assert_int_equal(gy_charts_preflight(cf, &warning, &err), GY_OK);
    assert_non_null(warning);
    assert_has(warning, "\"Bogus Sans 123\" is not installed; using \"");
    g_free(warning);
    /* the charts come out all the same, with the warning */
    char *pdf = tmp_path("bogus.pdf");
    assert_int_equal(gy_charts_summary(cube, rg, cf, D(2021, 6, 30), pdf, NULL, NULL, &warning,
                                       &err), GY_OK);
    assert_has(warning, "Bogus Sans 123");
    g_free(warning);
    char *fonts = test_run("pdffonts", pdf, NULL);
    assert_has(fonts, "CJK");
    g_free(fonts);
    g_free(pdf);

    /* a charts.ini that does not parse: GY_E_TEMPLATE naming the file */
    assert_true(g_file_set_contents(ini, "[font]\ntitle_size = big\n", -1, NULL));
    assert_int_equal(gy_charts_preflight(cf, &warning, &err), GY_E_TEMPLATE);
    assert_null(warning);
    assert_has(err->message, "charts.ini");
    g_clear_error(&err);
    cf->templates = saved;
    g_unlink(ini);
    g_free(ini);
    g_rmdir(dir);
    g_free(dir);
}

/* ---- tracking ---- */

static void test_track(void **state)
{
    (void)state;
    size_t n = gy_region_count(rg);
    gy_ratio *c1 = g_new0(gy_ratio, n), *c2 = g_new0(gy_ratio, n), *none = g_new0(gy_ratio, n);
    for (size_t i = 0; i < n; i++)
        c1[i] = (gy_ratio){ 60, 100 };              /* 60%: green against 50% */
    c1[SZQ] = (gy_ratio){ 45, 100 };                /* 5 points below: yellow */
    c1[SWQ] = (gy_ratio){ 3999, 10000 };            /* 10.01 points below: red */
    c1[EMS] = (gy_ratio){ 40, 100 };                /* exactly 10 below: yellow */
    c1[GX] = GY_RATIO_NONE;                         /* no target */
    c2[EMS] = (gy_ratio){ 123456700, 100000000 };   /* money: 1234567 元 of 100 万元 */
    gy_charts_track_part parts[] = {
        { GY_IND_STARTUPS, c1, { 4837, 10000 }, NULL, NULL, NULL, NULL },
        { GY_IND_ENTITIES, none, GY_RATIO_NONE, NULL, NULL, NULL, NULL },   /* no target anywhere: left out */
        /* a part with a source of its own (another list's chart names that list) */
        { GY_IND_LOAN_AMOUNT, c2, GY_RATIO_NONE, "记录自2021年3月1日起，1—2月无记录，累计不含1—2月",
          NULL, NULL, "培训台账" },
    };
    gy_ratio half = { 6, 12 };
    GError *err = NULL;
    char *dump = gy_charts_track_dump(rg, cf, D(2021, 6, 30), half, GY_YELLOW_DEFAULT, parts, 3,
                                      n, &err);
    if (!dump)
        fail_msg("%s", err->message);
    assert_null(strstr(dump, "chart\tcompletion_entities\n"));
    char *t = dump_chart(dump, "completion_startups");
    assert_non_null(t);
    assert_int_equal(count_role(t, "title",
                                "乐山市2021年1—6月各县（市、区）返乡创业人数目标完成率"), 1);
    assert_int_equal(count_role(t, "bar", "市中区 45.0%● yellow"), 1);
    assert_int_equal(count_role(t, "bar", "沙湾区 40.0%▼ red"), 1);
    assert_int_equal(count_role(t, "bar", "峨眉山市 40.0%● yellow"), 1);
    assert_int_equal(count_role(t, "bar", "犍为县 60.0%▲ green"), 1);
    assert_int_equal(count_role(t, "value", "—"), 1);
    assert_has(t, "注：乐山市合计完成率48.4%。");
    assert_has(t, "序时进度 50.0%");
    assert_has(t, "数据来源：返乡创业实名制台账");
    g_free(t);
    t = dump_chart(dump, "completion_loan_amount");
    assert_int_equal(count_role(t, "bar", "峨眉山市 123.5%▲ green"), 1);
    /* records from March: said on the chart, without a 合计 note to follow */
    assert_has(t, "注：记录自2021年3月1日起，1—2月无记录，累计不含1—2月。");
    assert_has(t, "数据来源：培训台账");
    assert_null(strstr(t, "返乡创业实名制台账"));
    g_free(t);
    g_free(dump);

    /* the files */
    char *pdf = tmp_path("track.pdf"), *png = tmp_path("track_png");
    assert_int_equal(gy_charts_track(rg, cf, D(2021, 6, 30), half, GY_YELLOW_DEFAULT, parts, 3,
                                     n, pdf, png, NULL, NULL, &err), GY_OK);
    char *info = test_run("pdfinfo", pdf, NULL);
    assert_has(info, "Pages:           2\n");
    g_free(info);
    char *f = g_build_filename(png, "completion_loan_amount.png", NULL);
    assert_true(g_file_test(f, G_FILE_TEST_IS_REGULAR));
    g_free(f);
    f = g_build_filename(png, "completion_entities.png", NULL);
    assert_false(g_file_test(f, G_FILE_TEST_EXISTS));
    g_free(f);

    /* wrong shapes */
    assert_int_equal(gy_charts_track(rg, cf, D(2021, 6, 30), half, 1000, parts, 3, n - 1, pdf,
                                     NULL, NULL, NULL, &err), GY_E_USAGE);
    g_clear_error(&err);
    assert_int_equal(gy_charts_track(rg, cf, D(2021, 6, 30), half, 1000, parts + 1, 1, n, pdf,
                                     NULL, NULL, NULL, &err), GY_E_USAGE);
    assert_has(err->message, "no indicator has a target");
    g_clear_error(&err);
    g_free(pdf);
    g_free(png);
    g_free(c1);
    g_free(c2);
    g_free(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_pdf_png_svg),
        cmocka_unit_test(test_summary_bar_is_ytd_and_distinct),
        cmocka_unit_test(test_summary_trend_months),
        cmocka_unit_test(test_summary_errors),
        cmocka_unit_test(test_preflight),
        cmocka_unit_test(test_track),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
