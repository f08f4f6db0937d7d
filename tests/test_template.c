/* test_template.c — reply templates: placeholder syntax, errors with line and column, filling
 * from a hand-built cube, the draft and its text, and the provenance (explain). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "guiyan/draft.h"
#include "guiyan/explain.h"
#include "guiyan/fields.h"
#include "guiyan/template.h"

static gy_divisions *dv;
static gy_region *rg;
static gy_indicators *inds;
static size_t SZQ, EB, GX;   /* 市中区, 峨边彝族自治县, 乐山高新区 */

static gy_day D(int y, int m, int d) { return gy_day_from_ymd(y, m, d); }

static int setup(void **state)
{
    (void)state;
    static const char *const gx_alias[] = { "高新区", NULL };
    dv = gy_divisions_load(GY_TEMPLATES_DIR "/divisions.tsv", NULL);
    rg = dv ? gy_region_new(dv, "511100", NULL) : NULL;
    if (!rg)
        return -1;
    GX = gy_region_add_unit(rg, "乐山高新区", gx_alias);
    gy_region_resolve(rg, "市中区", &SZQ);
    gy_region_resolve(rg, "峨边彝族自治县", &EB);
    inds = gy_indicators_load(GY_TEMPLATES_DIR "/indicators.tsv", NULL);
    return inds ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gy_indicators_free(inds);
    gy_region_free(rg);
    gy_divisions_free(dv);
    return 0;
}

static gy_tpl_ctx ctx(void)
{
    return (gy_tpl_ctx){ rg, inds, 2020, D(2021, 6, 15), "乐山市人力资源和社会保障局", NULL, NULL };
}

static gy_tpl *parse(const char *text, GError **err)
{
    gy_tpl_ctx c = ctx();
    return gy_tpl_parse(text, strlen(text), "t.txt", &c, err);
}

/* Parsing text must fail with exactly `want` as the message. */
static void expect_error(const char *text, const char *want)
{
    GError *err = NULL;
    gy_tpl *t = parse(text, &err);
    assert_null(t);
    assert_non_null(err);
    assert_int_equal(err->code, GY_E_TEMPLATE);
    assert_string_equal(err->message, want);
    g_error_free(err);
}

static void test_errors_name_line_and_column(void **state)
{
    (void)state;
    expect_error("#标题 答复\n{{startup 2020}}\n", "t.txt:2:3: unknown indicator 'startup'");
    /* columns count characters, not bytes */
    expect_error("#标题 答复\n\n全市人数达{{startups 2020年底}}。\n",
                 "t.txt:3:17: bad period '2020年底' (for the total up to then write 截至2020年底)");
    expect_error("人数{{startups 2020 峨边具}}", "t.txt:1:19: unknown county '峨边具'");
    expect_error("人数{{startups 2020 成都市武侯区}}",
                 "t.txt:1:19: county '成都市武侯区' is not in 乐山市");
    expect_error("x\n前文{{startups 2020\n", "t.txt:2:3: unclosed placeholder (no '}}' on this line)");
    expect_error("{{startups {{jobs}}", "t.txt:1:1: unclosed placeholder (no '}}' on this line)");
    expect_error("{{startups 2020 全市 百分}}", "t.txt:1:20: unknown format '百分'");
    expect_error("{{startups 2020 全市 7位}}", "t.txt:1:20: unknown format '7位'");
    expect_error("{{startups 2020 全市 约 多}}",
                 "t.txt:1:22: format '多' conflicts with an earlier one");
    expect_error("{{loan_amount 2020 人}}", "t.txt:1:20: '人': a money figure takes no measure word");
    expect_error("a {{ }} b", "t.txt:1:3: empty placeholder");
    /* sixteen words are the most; the seventeenth fails, and the sixteen are freed (make asan
     * found them leaked; found by fuzz_template) */
    expect_error("{{startups a b c d e f g h i j k l m n o p}}",
                 "t.txt:1:42: too many words in a placeholder");
    expect_error("{{年度 数}}", "t.txt:1:6: unknown format '数'");
    expect_error("#标签 文字", "t.txt:1:1: unknown paragraph marker '#标签'");
    expect_error("  \t\n## only a comment\n", "t.txt:2:1: no paragraph at all");
    expect_error("ok\n\xe5\xb9\xb4\xff\n", "t.txt:2:2: not valid UTF-8");
    expect_error("{{startups 2021-13}}", "t.txt:1:12: bad period '2021-13'");
    expect_error("{{startups 2021-02-30}}", "t.txt:1:12: bad period '2021-02-30'");
    expect_error("{{startups 2021-06~2021-01}}", "t.txt:1:12: bad period '2021-06~2021-01'");
}

/* Linear in the template's size: 200,000 placeholders on one line (words of the run, then
 * figures) parse in well under a second, and a column at the end of such a line is right.
 * Counting each placeholder's column from the line's start took over a minute. */
static void test_long_line_linear(void **state)
{
    (void)state;
    const int n = 200000;
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n; i++)
        g_string_append(s, "{{年度}}");
    gint64 t0 = g_get_monotonic_time();
    GError *err = NULL;
    gy_tpl *t = parse(s->str, &err);
    assert_non_null(t);
    gy_tpl_free(t);
    g_string_append(s, "{{bad}}");
    char *want = g_strdup_printf("t.txt:1:%d: unknown indicator 'bad'", 6 * n + 3);
    expect_error(s->str, want);
    g_free(want);
    g_string_truncate(s, 0);
    for (int i = 0; i < n / 2; i++)
        g_string_append(s, "{{startups 2020}}、");
    t = parse(s->str, &err);
    assert_non_null(t);
    gy_tpl_free(t);
    gint64 secs = (g_get_monotonic_time() - t0) / 1000000;
    assert_true(secs < 20);              /* about 0.3 s; valgrind's tier included */
    g_string_free(s, TRUE);
}

static void test_periods_resolve_to_dates(void **state)
{
    (void)state;
    static const struct {
        const char *ph;
        gy_day from, to;
    } cases[] = {
        { "{{startups}}", 0, 0 },   /* filled below: the report year */
        { "{{startups 年度}}", 0, 0 },
        { "{{startups 2019}}", 0, 0 },
        { "{{startups 截至2020年底}}", 0, 0 },
        { "{{startups 截至年底}}", 0, 0 },
        { "{{startups through:2019}}", 0, 0 },
        { "{{startups 今年以来}}", 0, 0 },
        { "{{startups 2021年5月}}", 0, 0 },
        { "{{startups 2021-02}}", 0, 0 },
        { "{{startups 截至2021年5月}}", 0, 0 },
        { "{{startups 截至今}}", 0, 0 },
        { "{{startups 2021年3月8日}}", 0, 0 },
        { "{{startups 2021-01~2021-03}}", 0, 0 },
        { "{{startups 2021-01-10..2021-01-20}}", 0, 0 },
        { "{{startups 今年以来 上年同期}}", 0, 0 },
        { "{{startups 2020-02-29 上年同期}}", 0, 0 },
    };
    const gy_day want[][2] = {
        { D(2020, 1, 1), D(2020, 12, 31) }, { D(2020, 1, 1), D(2020, 12, 31) },
        { D(2019, 1, 1), D(2019, 12, 31) }, { GY_NO_DAY, D(2020, 12, 31) },
        { GY_NO_DAY, D(2020, 12, 31) }, { GY_NO_DAY, D(2019, 12, 31) },
        { D(2021, 1, 1), D(2021, 6, 15) }, { D(2021, 5, 1), D(2021, 5, 31) },
        { D(2021, 2, 1), D(2021, 2, 28) }, { GY_NO_DAY, D(2021, 5, 31) },
        { GY_NO_DAY, D(2021, 6, 15) }, { D(2021, 3, 8), D(2021, 3, 8) },
        { D(2021, 1, 1), D(2021, 3, 31) }, { D(2021, 1, 10), D(2021, 1, 20) },
        { D(2020, 1, 1), D(2020, 6, 15) }, { D(2019, 2, 28), D(2019, 2, 28) },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GError *err = NULL;
        gy_tpl *t = parse(cases[i].ph, &err);
        if (!t)
            fail_msg("%s: %s", cases[i].ph, err->message);
        const gy_figure *f = gy_tpl_figure(t, 0);
        if (f->from != want[i][0] || f->to != want[i][1])
            fail_msg("%s: got %d..%d", cases[i].ph, f->from, f->to);
        gy_tpl_free(t);
    }
    gy_tpl *t = parse("{{startups 截至2020年底}}{{jobs 2021-01~2021-03}}", NULL);
    assert_string_equal(gy_tpl_figure(t, 0)->period_label, "截至2020年12月31日（累计）");
    assert_string_equal(gy_tpl_figure(t, 1)->period_label, "2021年1月1日至2021年3月31日");
    assert_int_equal(gy_tpl_figure(t, 0)->line, 1);
    assert_int_equal(gy_tpl_figure(t, 1)->col, 22);
    assert_string_equal(gy_tpl_figure(t, 1)->source, "{{jobs 2021-01~2021-03}}");
    gy_tpl_free(t);
}

static void test_indicators_scopes_and_formats(void **state)
{
    (void)state;
    gy_tpl *t = parse("{{新增返乡创业人数}}{{创业担保贷款发放金额(万元) 2019 数}}{{贷款金额}}"
                      "{{创业担保贷款发放金额}}{{entities 峨边 家 约 1位}}{{jobs 高新区}}"
                      "{{jobs - 511102 占比}}{{startups 乐山市 同比}}{{output_value 2021 全市 增减}}"
                      "{{entities 2021 量词=座}}",
                      NULL);
    assert_non_null(t);
    assert_int_equal(gy_tpl_n_figures(t), 10);
    const gy_figure *f = gy_tpl_figure(t, 0);
    assert_int_equal(f->ind, GY_IND_STARTUPS);
    assert_int_equal(f->county, GY_ALL);
    assert_string_equal(f->scope_label, "乐山市");
    assert_string_equal(f->measure, "人");
    assert_int_equal(f->kind, GY_FIG_PROSE);
    assert_int_equal(f->digits, 2);
    assert_int_equal(gy_tpl_figure(t, 1)->ind, GY_IND_LOAN_AMOUNT);
    assert_int_equal(gy_tpl_figure(t, 1)->kind, GY_FIG_NUMBER);
    assert_int_equal(gy_tpl_figure(t, 2)->ind, GY_IND_LOAN_AMOUNT);   /* short name */
    assert_int_equal(gy_tpl_figure(t, 3)->ind, GY_IND_LOAN_AMOUNT);   /* name without unit */
    f = gy_tpl_figure(t, 4);
    assert_int_equal(f->county, EB);
    assert_string_equal(f->scope_label, "峨边彝族自治县");
    assert_string_equal(f->measure, "家");
    assert_int_equal(f->qual, GY_Q_ABOUT);
    assert_int_equal(f->digits, 1);
    assert_int_equal(f->from, D(2020, 1, 1));   /* period left out before a scope */
    assert_int_equal(gy_tpl_figure(t, 5)->county, GX);
    f = gy_tpl_figure(t, 6);
    assert_int_equal(f->county, SZQ);
    assert_int_equal(f->kind, GY_FIG_SHARE);
    assert_true(f->has_base);
    assert_int_equal(f->base_county, GY_ALL);
    assert_int_equal(f->base_from, D(2020, 1, 1));
    assert_int_equal(f->digits, 1);
    f = gy_tpl_figure(t, 7);
    assert_int_equal(f->kind, GY_FIG_YOY);
    assert_int_equal(f->base_from, D(2019, 1, 1));
    assert_int_equal(f->base_to, D(2019, 12, 31));
    assert_string_equal(f->base_label, "2019年1月1日至2019年12月31日");
    assert_int_equal(gy_tpl_figure(t, 8)->kind, GY_FIG_DELTA);
    assert_string_equal(gy_tpl_figure(t, 9)->measure, "座");
    gy_tpl_free(t);
}

static void test_paragraph_markers(void **state)
{
    (void)state;
    const char *text = "\xef\xbb\xbf## 注释\r\n#类别 （A类）\r\n#公开 同意对外公开\r\n#机关 乐山市人社局\r\n"
                       "#文号 乐人社函〔2021〕156号\r\n#标题 关于……的\r\n#标题 办理答复\r\n"
                       "#主送 民盟乐山市委：\r\n\r\n　　正文{{年度}}年，{{今年}}年。\r\n#一级 一、基本情况\r\n"
                       "#二级 （一）小节\r\n\\#号开头\r\n#正文 明示正文\r\n#附注 联系人：李超。\r\n"
                       "#署名 乐山市人社局\r\n#日期\r\n#抄送 抄送：市政协提案委。\r\n";
    gy_tpl *t = parse(text, NULL);
    assert_non_null(t);
    assert_int_equal(gy_tpl_n_figures(t), 0);
    gy_cube *c = gy_cube_new(rg);
    gy_draft *d = gy_tpl_fill(t, c, NULL);
    assert_non_null(d);
    static const struct {
        gy_para_kind kind;
        const char *text;
    } want[] = {
        { GY_PARA_CATEGORY, "（A类）" }, { GY_PARA_CATEGORY, "同意对外公开" },
        { GY_PARA_ORG, "乐山市人社局" }, { GY_PARA_DOCNO, "乐人社函〔2021〕156号" },
        { GY_PARA_TITLE, "关于……的" }, { GY_PARA_TITLE, "办理答复" },
        { GY_PARA_ADDRESSEE, "民盟乐山市委：" }, { GY_PARA_BODY, "正文2020年，2021年。" },
        { GY_PARA_HEADING1, "一、基本情况" }, { GY_PARA_HEADING2, "（一）小节" },
        { GY_PARA_BODY, "#号开头" }, { GY_PARA_BODY, "明示正文" },
        { GY_PARA_NOTE, "联系人：李超。" }, { GY_PARA_SIGNATURE, "乐山市人社局" },
        { GY_PARA_DATE, "2021年6月15日" }, { GY_PARA_CC, "抄送：市政协提案委。" },
    };
    assert_int_equal(d->paras->len, G_N_ELEMENTS(want));
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        const gy_para *p = g_ptr_array_index(d->paras, i);
        assert_int_equal(p->kind, want[i].kind);
        assert_string_equal(p->text, want[i].text);
    }
    assert_string_equal(d->title, "关于……的办理答复");
    assert_string_equal(d->date_iso, "2021-06-15");
    char *txt = gy_draft_text(d);
    assert_true(g_str_has_prefix(txt, "（A类）\n\n同意对外公开\n\n乐山市人社局\n"));
    assert_true(g_str_has_suffix(txt, "2021年6月15日\n\n抄送：市政协提案委。\n"));
    g_free(txt);
    gy_draft_free(d);
    gy_cube_free(c);
    gy_tpl_free(t);
}

static void test_draft(void **state)
{
    (void)state;
    gy_draft *d = gy_draft_new();
    char *txt = gy_draft_text(d);
    assert_string_equal(txt, "");
    g_free(txt);
    gy_draft_add(d, GY_PARA_TITLE, "标题");
    gy_draft_add(d, GY_PARA_BODY, "正文");
    gy_draft_add(d, GY_PARA_DATE, "2020年12月1日");
    gy_draft_add(d, GY_PARA_DATE, "2021年1月1日");   /* only the first date counts */
    assert_string_equal(d->title, "标题");
    assert_string_equal(d->date_iso, "2020-12-01");
    txt = gy_draft_text(d);
    assert_string_equal(txt, "标题\n\n正文\n\n2020年12月1日\n\n2021年1月1日\n");
    g_free(txt);
    gy_draft_free(d);
    gy_draft_free(NULL);
    gy_tpl_free(NULL);
    gy_explain_free(NULL);
}

/* ---- filling from a hand-built cube ---- */

static uint64_t person(const char *id17)
{
    char id[19];
    g_strlcpy(id, id17, 18);
    id[17] = gy_id_check_char(id);
    id[18] = '\0';
    return gy_id_key(id);
}

static void add(gy_cube *c, const char *id17, size_t county, gy_day start, const char *entity,
                gy_fen loan, gy_day loan_day, int64_t jobs, gy_fen output, uint32_t file,
                uint32_t line)
{
    gy_record r = { .person = person(id17), .start = start, .loan = loan, .loan_day = loan_day,
                    .jobs = jobs, .output = output, .county = (uint32_t)county, .file = file,
                    .line = line, .entity = entity, .uscc = "" };
    assert_int_equal(gy_cube_add(c, &r, NULL, NULL), GY_ADD_ACCEPTED);
}

#define PA "51110219900101123"
#define PB "51110219850505432"
#define PC "51113219700707111"

/* 2019: A in 市中区 (甲社). 2020: A again (乙厂, loan 150000 元), B in 市中区, C in 峨边 (loan
 * 3 万元 disbursed 2021-01-05). 2021 until 06-15: B again, C again (甲社 of 峨边 is another
 * entity than 甲社 of 市中区). */
static gy_cube *small_cube(void)
{
    gy_cube *c = gy_cube_new(rg);
    add(c, PA, SZQ, D(2019, 3, 1), "甲社", 0, 0, 2, 100000000, 0, 2);
    add(c, PA, SZQ, D(2020, 4, 1), "乙厂", 15000000, D(2020, 5, 6), 5, 250000000, 0, 3);
    add(c, PB, SZQ, D(2020, 7, 9), "", 0, 0, 1, 0, 1, 2);
    add(c, PC, EB, D(2020, 12, 31), "丙店", 3000000, D(2021, 1, 5), 4, 0, 1, 7);
    add(c, PB, SZQ, D(2021, 2, 1), "丁铺", 0, 0, 3, 1234500, 2, 2);
    add(c, PC, EB, D(2021, 6, 15), "甲社", 0, 0, 0, 0, 2, 3);
    add(c, PC, EB, D(2021, 6, 16), "戊园", 0, 0, 9, 0, 2, 4);   /* after the as-of day */
    return c;
}

static const char *fill_one(gy_cube *c, const char *ph, gy_tpl **keep)
{
    GError *err = NULL;
    gy_tpl *t = parse(ph, &err);
    if (!t)
        fail_msg("%s: %s", ph, err->message);
    gy_draft *d = gy_tpl_fill(t, c, &err);
    if (!d)
        fail_msg("%s: %s", ph, err->message);
    static char buf[256];
    g_strlcpy(buf, ((gy_para *)g_ptr_array_index(d->paras, 0))->text, sizeof buf);
    gy_draft_free(d);
    if (keep)
        *keep = t;
    else
        gy_tpl_free(t);
    return buf;
}

static void test_fill_small_cube(void **state)
{
    (void)state;
    gy_cube *c = small_cube();
    /* persons up to 2020: A, B, C; in 2020: A, B, C; 2021 YTD: B, C */
    assert_string_equal(fill_one(c, "{{startups 截至年底}}", NULL), "3人");
    assert_string_equal(fill_one(c, "{{startups 截至2019}}", NULL), "1人");
    assert_string_equal(fill_one(c, "{{startups 今年以来 数}}", NULL), "2");
    assert_string_equal(fill_one(c, "{{startups 截至今 名}}", NULL), "3名");
    assert_string_equal(fill_one(c, "{{startups 市中区}}", NULL), "2人");
    assert_string_equal(fill_one(c, "{{startups 2020 峨边}}", NULL), "1人");
    /* entities up to 2020: 甲社(市中区), 乙厂, 丙店; YTD: 丁铺, 甲社(峨边) */
    assert_string_equal(fill_one(c, "{{entities 截至年底}}", NULL), "3个");
    assert_string_equal(fill_one(c, "{{entities 今年以来 家}}", NULL), "2家");
    /* loans by disbursement date */
    assert_string_equal(fill_one(c, "{{loans 年度}}", NULL), "1笔");
    assert_string_equal(fill_one(c, "{{loan_amount 年度}}", NULL), "15万元");
    assert_string_equal(fill_one(c, "{{loan_amount 今年以来}}", NULL), "3万元");
    assert_string_equal(fill_one(c, "{{loan_amount 截至今 数}}", NULL), "18");
    /* sums by start date */
    assert_string_equal(fill_one(c, "{{jobs 2020}}", NULL), "10人");
    assert_string_equal(fill_one(c, "{{jobs 今年以来}}", NULL), "3人");
    assert_string_equal(fill_one(c, "{{output_value 2019}}", NULL), "100万元");
    assert_string_equal(fill_one(c, "{{output_value 今年以来 数}}", NULL), "1.2345");
    assert_string_equal(fill_one(c, "{{output_value 截至今}}", NULL), "351.23万元");
    assert_string_equal(fill_one(c, "{{output_value 截至今 约 1位}}", NULL), "约351.2万元");
    /* comparisons: 2020 jobs 10 against 2019's 2; 市中区's share of 2020 jobs */
    assert_string_equal(fill_one(c, "{{jobs 2020 同比}}", NULL), "同比增长400%");
    assert_string_equal(fill_one(c, "{{jobs 2020 增减}}", NULL), "增加8人");
    assert_string_equal(fill_one(c, "{{output_value 2020 增减}}", NULL), "增加150万元");
    assert_string_equal(fill_one(c, "{{jobs 2020 市中区 占比}}", NULL), "60%");
    assert_string_equal(fill_one(c, "{{jobs 2020 市中区 % 2位}}", NULL), "60%");
    assert_string_equal(fill_one(c, "{{jobs 2020 峨边 占比}}", NULL), "40%");
    assert_string_equal(fill_one(c, "{{jobs 2021 上年同期}}", NULL), "10人");
    assert_string_equal(fill_one(c, "{{startups 今年以来 上年同期}}", NULL), "1人");

    gy_tpl *t = NULL;
    fill_one(c, "a{{jobs 2020 同比}}b{{startups 截至年底 数}}", &t);
    const gy_figure *f = gy_tpl_figure(t, 0);
    assert_int_equal(f->value, 10);
    assert_int_equal(f->base, 2);
    assert_string_equal(f->text, "同比增长400%");
    assert_int_equal(gy_tpl_figure(t, 1)->value, 3);
    gy_tpl_free(t);

    /* a comparison without a base is an error at the placeholder */
    GError *err = NULL;
    t = parse("x\n  {{jobs 2019 同比}}", NULL);
    assert_null(gy_tpl_fill(t, c, &err));
    assert_int_equal(err->code, GY_E_TEMPLATE);
    assert_true(g_str_has_prefix(err->message, "t.txt:2:3: {{jobs 2019 同比}}: no figure"));
    g_clear_error(&err);
    gy_tpl_free(t);
    t = parse("{{jobs 2018 占比}}", NULL);
    assert_null(gy_tpl_fill(t, c, &err));
    assert_true(g_str_has_prefix(err->message, "t.txt:1:1: share of"));
    g_clear_error(&err);
    gy_tpl_free(t);
    gy_cube_free(c);
}

/* The prose of numfmt carries through: 18512 → 1.85万人, money → 亿元. */
static void test_fill_large_numbers(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    char id[18];
    for (int i = 0; i < 18512; i++) {
        g_snprintf(id, sizeof id, "5111021990%07d", i);
        add(c, id, SZQ, D(2020, 1 + i % 12, 1), "", i < 1095 ? 17166210 : 0,
            i < 1095 ? D(2020, 3, 1) : 0, 0, 0, 0, (uint32_t)i + 2);
    }
    /* 1095 loans of 171662.10 元 = 18797.0 万元 (less 50 fen) */
    assert_string_equal(fill_one(c, "{{startups 截至年底}}", NULL), "1.85万人");
    assert_string_equal(fill_one(c, "{{startups 截至年底 余}}", NULL), "1.85万余人");
    assert_string_equal(fill_one(c, "{{startups 截至年底 数}}", NULL), "18512");
    assert_string_equal(fill_one(c, "{{loans 2020}}", NULL), "1095笔");
    assert_string_equal(fill_one(c, "{{loan_amount 2020}}", NULL), "1.88亿元");
    assert_string_equal(fill_one(c, "{{loan_amount 2020 数}}", NULL), "18796.99995");
    gy_cube_free(c);
}

/* The declared indicators' figures for the shipped template: the seed's, by key (the
 * measures themselves are test_declared's); the period asked is checked here. */
static int64_t seed_declared(const gy_indicator *ind, size_t county, gy_day from, gy_day to,
                             size_t *n_records, const char **missing, void *user)
{
    (void)user;
    *missing = strcmp(ind->key, "mentors") == 0 ? "导师名册" : NULL;
    static const struct { const char *key; int64_t v; gy_day from_y, to_y; } seed[] = {
        { "city_stars", 20, 2020, 2020 }, { "city_star_firms", 13, 2020, 2020 },
        { "province_stars", 11, 2020, 2020 }, { "province_star_firms", 7, 2020, 2020 },
        { "startup_intent", 412, 2021, 2021 }, { "training_intent", 631, 2021, 2021 },
        { "map_projects", 104, 0, 2021 }, { "mentors", 56, 0, 2021 },
        { "mentor_services", 1083, 0, 2021 }, { "training_times", 4245, 2020, 2020 },
    };
    int fy = 0, ty = 0, m, d;
    gy_day_to_ymd(from, &fy, &m, &d);
    gy_day_to_ymd(to, &ty, &m, &d);
    *n_records = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(seed); i++)
        if (strcmp(ind->key, seed[i].key) == 0 && county == GY_ALL && fy == seed[i].from_y
            && ty == seed[i].to_y)
            return seed[i].v;
    return -1;
}

/* The shipped template parses; its seven startup figures and ten declared ones are the
 * reply's. */
static void test_reply_cppcc_template(void **state)
{
    (void)state;
    gy_tpl_ctx cx = ctx();
    GError *err = NULL;
    /* without the callback, a declared indicator is unknown */
    gy_tpl *t = gy_tpl_load(GY_TEMPLATES_DIR "/reply_cppcc.txt", &cx, &err);
    assert_null(t);
    assert_non_null(strstr(err->message, "unknown indicator '市级明星'"));
    g_clear_error(&err);
    cx.declared = seed_declared;
    t = gy_tpl_load(GY_TEMPLATES_DIR "/reply_cppcc.txt", &cx, &err);
    if (!t)
        fail_msg("%s", err->message);
    assert_int_equal(gy_tpl_n_figures(t), 17);
    static const struct {
        gy_ind ind;
        gy_day from, to;
        const char *measure;
    } want[] = {
        { GY_IND_STARTUPS, GY_NO_DAY, 0, "人" }, { GY_IND_ENTITIES, GY_NO_DAY, 0, "个" },
        { GY_IND_LOAN_AMOUNT, 1, 0, "元" }, { GY_IND_JOBS, 1, 0, "人" },
        { GY_IND_STARTUPS, 2, 3, "人" }, { GY_IND_ENTITIES, 2, 3, "家" },
        { GY_IND_OUTPUT, 2, 3, "元" },
    };
    /* 0 = 2020-12-31, 1 = 2020-01-01, 2 = 2021-01-01, 3 = 2021-06-15 */
    const gy_day days[] = { D(2020, 12, 31), D(2020, 1, 1), D(2021, 1, 1), D(2021, 6, 15) };
    static const size_t startup_at[] = { 0, 1, 2, 3, 11, 12, 13 };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        const gy_figure *f = gy_tpl_figure(t, startup_at[i]);
        assert_int_equal(f->ind, want[i].ind);
        assert_int_equal(f->from, want[i].from == GY_NO_DAY ? GY_NO_DAY : days[want[i].from]);
        assert_int_equal(f->to, want[i].to == 0 && want[i].from == 1 ? days[0] : days[want[i].to]);
        assert_int_equal(f->county, GY_ALL);
        assert_int_equal(f->kind, GY_FIG_PROSE);
        assert_string_equal(f->measure, want[i].measure);
    }
    gy_cube *c = gy_cube_new(rg);
    gy_draft *d = gy_tpl_fill(t, c, &err);
    assert_non_null(d);
    static const char *const said[] = { "20名", "13家", "11名", "7家", "412个", "631个",
                                        "100余个", "【未提供导师名册】", "上千人次", "4245人次" };
    static const size_t said_at[] = { 4, 5, 6, 7, 8, 9, 10, 14, 15, 16 };
    for (size_t i = 0; i < G_N_ELEMENTS(said); i++) {
        const gy_figure *f = gy_tpl_figure(t, said_at[i]);
        assert_int_equal(f->ind, GY_IND__COUNT);
        assert_string_equal(f->text, said[i]);
    }
    assert_string_equal(d->date_iso, "2021-06-15");
    assert_string_equal(((gy_para *)g_ptr_array_index(d->paras, 3))->text, "乐人社函〔2021〕156号");
    assert_string_equal(((gy_para *)g_ptr_array_index(d->paras, d->paras->len - 1))->text,
                        "抄送：市政协提案委、市政府督查室。");
    gy_draft_free(d);
    gy_cube_free(c);
    gy_tpl_free(t);
    /* a missing file is a usage mistake; a folder cannot be read */
    assert_null(gy_tpl_load("/nonexistent/reply.txt", &cx, &err));
    assert_int_equal(err->code, GY_E_TEMPLATE);
    assert_non_null(strstr(err->message, "/nonexistent/reply.txt"));
    g_clear_error(&err);
    assert_null(gy_tpl_load(GY_TEMPLATES_DIR, &cx, &err));
    assert_int_equal(err->code, GY_E_IO);
    g_clear_error(&err);
}

/* ---- provenance ---- */

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_explain(void **state)
{
    (void)state;
    gy_cube *c = small_cube();
    gy_tpl *t = parse("{{startups 截至年底}}，{{jobs 2020 同比}}，{{loan_amount 今年以来}}，"
                      "{{entities 今年以来 家}}",
                      NULL);
    gy_draft *d = gy_tpl_fill(t, c, NULL);
    assert_non_null(d);
    const char *files[] = { "a.csv", "b.csv" };
    gy_explain *x = gy_explain_new(t, c, files, 2);
    assert_int_equal(gy_explain_n_figures(x), 4);
    /* 4 records of 3 persons up to 2020 */
    assert_int_equal(gy_explain_n_records(x, 0, false), 4);
    assert_int_equal(gy_explain_n_records(x, 0, true), 0);
    assert_int_equal(gy_explain_n_records(x, 1, false), 3);   /* 2020 */
    assert_int_equal(gy_explain_n_records(x, 1, true), 1);    /* 2019 */
    assert_int_equal(gy_explain_n_records(x, 2, false), 1);
    assert_int_equal(gy_explain_n_records(x, 3, false), 2);
    assert_int_equal(gy_explain_n_records(x, 9, false), 0);

    GString *fs = g_string_new(NULL), *rs = g_string_new(NULL);
    gy_explain_csv(x, fs, rs);
    assert_true(g_str_has_prefix(fs->str, "\xef\xbb\xbf序号,位置,占位符,文中表述,"));
    assert_int_equal(count_lines(fs->str), 1 + 4);
    assert_non_null(strstr(fs->str, "\r\n1,t.txt:1:1,{{startups 截至年底}},3人,新增返乡创业人数,"
                                    "startups,文字,"));
    assert_non_null(strstr(fs->str, ",,2020-12-31,截至2020年12月31日（累计）,乐山市,"
                                    "创业时间不晚于2020-12-31；县（市、区）：乐山市全部,3,人,4,"
                                    "4条记录中不重复的人数为3"));
    assert_non_null(strstr(fs->str, ",10,人,3,,2019年1月1日至2019年12月31日,乐山市,2,1\r\n"));
    assert_non_null(strstr(fs->str, ",3.0000,万元,1,"));
    /* one record row per (figure, record): 4 + 3 + 1 + 1 + 2 */
    assert_int_equal(count_lines(rs->str), 1 + 11);
    char id[19], masked[19];
    g_strlcpy(id, PC, 18);
    id[17] = gy_id_check_char(id);
    id[18] = '\0';
    gy_id_mask(id, masked);
    char *row = g_strdup_printf("\r\n3,t.txt:1:36,本数字,b.csv,7,%s,峨边彝族自治县,2020-12-31,"
                                "2021-01-05,3.0000,4,0.0000\r\n", masked);
    assert_non_null(strstr(rs->str, row));
    g_free(row);
    assert_non_null(strstr(rs->str, "\r\n2,t.txt:1:19,对比基数,a.csv,2,"));

    /* the workbook: two sheets, written through a temporary file */
    char *dir = g_dir_make_tmp("gy_explain_XXXXXX", NULL);
    char *path = g_build_filename(dir, "explain.xlsx", NULL);
    gy_explain_book o = { "乐山市人力资源和社会保障局", D(2021, 6, 15), NULL };
    GError *err = NULL;
    assert_int_equal(gy_explain_write_xlsx(x, path, &o, &err), GY_OK);
    assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    char *fp = g_build_filename(dir, "explain.csv", NULL);
    char *rp = g_build_filename(dir, "explain_records.csv", NULL);
    assert_int_equal(gy_explain_write_csv(x, fp, rp, &err), GY_OK);
    char *got = NULL;
    g_file_get_contents(fp, &got, NULL, NULL);
    assert_string_equal(got, fs->str);
    g_free(got);
    assert_int_equal(gy_explain_write_csv(x, "/nonexistent/dir/e.csv", rp, &err), GY_E_IO);
    g_clear_error(&err);
    remove(path);
    remove(fp);
    remove(rp);
    g_rmdir(dir);
    g_free(path);
    g_free(fp);
    g_free(rp);
    g_free(dir);

    g_string_free(fs, TRUE);
    g_string_free(rs, TRUE);
    gy_explain_free(x);
    gy_draft_free(d);
    gy_tpl_free(t);
    gy_cube_free(c);
    assert_string_equal(gy_explain_definition(GY_IND__COUNT), "");
    assert_non_null(strstr(gy_explain_definition(GY_IND_LOANS), "贷款发放日期"));
}

static void test_date_zh(void **state)
{
    (void)state;
    char *s = gy_tpl_date_zh(D(2021, 6, 5));
    assert_string_equal(s, "2021年6月5日");
    g_free(s);
    s = gy_tpl_date_zh(GY_NO_DAY);
    assert_string_equal(s, "");
    g_free(s);
}

/* {{填报单位}} is the region's organisation; with none, an error naming the way to give one,
 * never another bureau's name (issue 20). */
static void test_org_word(void **state)
{
    (void)state;
    gy_tpl_ctx cx = ctx();
    cx.org = "眉山市人力资源和社会保障局";
    GError *err = NULL;
    const char *text = "#机关 {{填报单位}}\n#署名 {{org}}\n";
    gy_tpl *t = gy_tpl_parse(text, strlen(text), "t.txt", &cx, &err);
    assert_non_null(t);
    gy_cube *c = gy_cube_new(rg);
    gy_draft *d = gy_tpl_fill(t, c, NULL);
    assert_non_null(d);
    assert_string_equal(((gy_para *)g_ptr_array_index(d->paras, 0))->text, "眉山市人力资源和社会保障局");
    assert_string_equal(((gy_para *)g_ptr_array_index(d->paras, 1))->text, "眉山市人力资源和社会保障局");
    gy_draft_free(d);
    gy_cube_free(c);
    gy_tpl_free(t);
    cx.org = "";
    text = "#机关 {{填报单位}}\n";
    assert_null(gy_tpl_parse(text, strlen(text), "t.txt", &cx, &err));
    assert_non_null(err);
    assert_string_equal(err->message, "t.txt:1:7: no organisation is named for this region (--org, "
                                      "or org= under [report CODE] in guiyan.ini)");
    g_clear_error(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors_name_line_and_column),
        cmocka_unit_test(test_long_line_linear),
        cmocka_unit_test(test_periods_resolve_to_dates),
        cmocka_unit_test(test_indicators_scopes_and_formats),
        cmocka_unit_test(test_paragraph_markers),
        cmocka_unit_test(test_draft),
        cmocka_unit_test(test_fill_small_cube),
        cmocka_unit_test(test_fill_large_numbers),
        cmocka_unit_test(test_reply_cppcc_template),
        cmocka_unit_test(test_org_word),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_date_zh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
