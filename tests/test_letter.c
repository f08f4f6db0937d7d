/* test_letter.c — the letter renderers: the .docx read back by python-docx (tests/e2e/
 * letter_check.py: paragraph styles and texts, page setup, footers, properties), the GB/T 9704
 * PDF read back by poppler (pdfinfo, pdftotext, pdftotext -bbox, pdffonts): text, margins, the
 * 22-line grid, page numbers, embedded fonts; byte-identical reruns; template and I/O errors;
 * the font report. GY_LETTER_KEEP=DIR keeps the rendered files there for a person to look at. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <zip.h>

#include "guiyan/draft.h"
#include "guiyan/letter.h"
#include "guiyan/reader.h"
#include "testutil.h"

#define MM (72.0 / 25.4)
#define CHECKER "tests/e2e/letter_check.py"

/* Under `make asan`: fontconfig and cairo 1.16 keep memory of their own that no caller can
 * free (see test_chart.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

static char *tmpdir;

/* ---- the seed letter (乐人社函〔2021〕156号), every paragraph kind ---- */

typedef struct seed_para {
    gy_para_kind kind;
    const char *text;
} seed_para;

static const seed_para SEED[] = {
    { GY_PARA_CATEGORY, "（A类）" },
    { GY_PARA_CATEGORY, "同意对外公开" },
    { GY_PARA_ORG, "乐山市人力资源和社会保障局" },
    { GY_PARA_DOCNO, "乐人社函〔2021〕156号" },
    { GY_PARA_TITLE, "乐山市人力资源和社会保障局关于对市政协乐山市政协七届六次会议第130号提案的"
                     "办理答复" },
    { GY_PARA_ADDRESSEE, "民盟乐山市委：" },
    { GY_PARA_BODY, "感谢贵单位对人力资源社会保障工作的关心和支持。贵单位所提出的“关于加强引导服务"
                    "避免返乡农民工盲目创业的建议”提案，我局收悉后高度重视，迅速组织就提案中反映的"
                    "我市农民工返乡创业过程中存在的困难问题逐一查摆，并针对贵单位提出的宝贵意见和建"
                    "议逐项研究，在政策机制、服务载体、方式方法上不断完善优化我市农民工返乡创业服务"
                    "工作。按照委员提案办理有关规定，现将办理情况答复如下：" },
    { GY_PARA_HEADING1, "一、基本情况" },
    { GY_PARA_BODY, "近年来，认真贯彻落实省上关于促进返乡下乡创业二十二条措施、乐山市“促进农民工返"
                    "乡创业”工作实施方案、稳岗就业十二条、小凉山彝区稳定就业十条、强化保就业二十五"
                    "条政策措施，一方面通过“减免缓返”等措施保市场主体，另一方面通过扩大创业担保贷"
                    "款范围、降低创业担保贷款条件、加强小微企业金融支持等切实举措，鼓励创新创业带动"
                    "就业。" },
    { GY_PARA_HEADING2, "（一）返乡创业规模" },
    { GY_PARA_BODY, "2020年，全市返乡下乡创业人数达1.85万人，创办企业（经济实体）1.79万个；发放创业"
                    "担保贷款1.88亿元，带动（吸纳）就业人数达3146人。共评选产生市级返乡创业明星20名"
                    "、明星企业13家；获评省返乡创业明星11名，省返乡创业明星企业7家，为全市掀起返乡"
                    "创业热潮发挥了“领头雁阵”作用。" },
    { GY_PARA_HEADING1, "二、关于打包项目，供返乡农民工创业选择" },
    { GY_PARA_BODY, "利用春节农民工返乡契机，指导各县（市、区）组织专门力量，深入村组进行“地毯式”摸"
                    "底调查，并录入实名制数据信息系统，掌握他们在创业意愿项目以及对资金、服务等要素"
                    "保障方面的需求，了解其在创业过程中存在的突出问题及障碍因素，梳理现行政策中存在"
                    "的非必要限制条件和流程环节，共收集创业意愿412个，培训意愿631个。在此基础上，推"
                    "进实施“回引兴业圆梦嘉州”创业服务品牌打造行动，结合各区县产业发展定位和土地资源"
                    "环境优势，通过对区县优质项目摸底，动态更新《乐山市返乡创业地图》，共梳理发布返"
                    "乡创业项目100余个，助其“心有所想、创有所指”。今年以来，全市新增农民工返乡创业"
                    "人数达1435人，创办实体675家，实现产值1.55亿元。" },
    { GY_PARA_BODY, "下一步，我局将会同相关部门，指导各县（市、区）着眼当地产业资源优势，进一步梳理编"
                    "制包装一批适合农民工创业发展的优质项目，通过媒体广泛发布项目信息、举办项目招商"
                    "推介会、驻外招商机构定向招引等形式，发挥乡情招商作用，积极引导他们抱团回归、创"
                    "业兴业。" },
    { GY_PARA_HEADING1, "三、关于设立返乡农民工服务中心创业指导机构" },
    { GY_PARA_BODY, "着眼我市农民工服务保障工作力量不足的实际，我局正在草拟成立独立法人的乐山市农民工"
                    "服务中心的请示，拟向市上申请设立正科级公益一类事业单位机构，负责全市农民工转移"
                    "、输出和就业创业服务保障工作并组织开展农民工返乡创业回引服务。在创业金融支持上"
                    "，聚焦农民工群体创业贷款难、手续繁琐等问题，通过在全市大力推行纯信用贷款，加大"
                    "对农民工等群体创业担保贷款和贴息政策落实力度，打破贷款企业无担保融资难的瓶颈制"
                    "约，计划年内实现创业担保贷款发放2亿元，并拟作为全市政务目标分解下达。" },
    { GY_PARA_BODY, "下一步，将会同相关部门和金融机构，进一步完善返乡创业信用评价机制，鼓励金融机构开"
                    "发符合返乡创业需求的金融产品和金融服务，深入推进“纯信贷”工作，加大对农民工等群"
                    "体创业担保贷款和贴息政策落实力度，切实缓解个体工商户融资贵的问题，提升返乡农民"
                    "工创业抗风险能力。" },
    { GY_PARA_HEADING1, "四、关于“移动+定制”服务模式" },
    { GY_PARA_BODY, "一是开展“归雁兴嘉”返乡创业指导行动。充分发挥“乐创汇”创新创业联合会“专业人做专"
                    "业事”的市场手段作用，挑选有经验有行业资源的成功企业家、职业经理人、电商辅导员"
                    "、创业带头人组成56人的创业导师团队，组建专家志愿团为有创业意愿的返乡农民工在创"
                    "业项目开发、评估、跟踪等方面提供咨询服务和跟踪支持，对创业人员开展专业化指导服"
                    "务上千人次。二是创新创业培训模式。围绕地方经济特点，适应不同创业群体，不同创业"
                    "阶段，不同行业市场需求，积极探索“创业+技能”、“创业+电商”等特色培训模式，培训"
                    "创业人员4245人次，提高创业培训参训人员创业转化率和成功率。今年计划开展返乡创业"
                    "培训3500人，劳务品牌培训7500人。" },
    { GY_PARA_BODY, "再次感谢贵单位对我们工作的关心和支持！" },
    { GY_PARA_NOTE, "联系人：李超；联系电话：2130064。" },
    { GY_PARA_SIGNATURE, "乐山市人力资源和社会保障局" },
    { GY_PARA_DATE, "2021年6月15日" },
    { GY_PARA_CC, "抄送：市政协提案委、市政府督查室。" },
};
#define N_SEED (sizeof SEED / sizeof SEED[0])

/* The style name each kind gets in reply_template.docx. */
static const char *const STYLE_NAME[] = {
    [GY_PARA_CATEGORY] = "答复类别",   [GY_PARA_ORG] = "发文机关标志",
    [GY_PARA_DOCNO] = "发文字号",      [GY_PARA_TITLE] = "公文标题",
    [GY_PARA_ADDRESSEE] = "主送机关",  [GY_PARA_BODY] = "公文正文",
    [GY_PARA_HEADING1] = "一级标题",   [GY_PARA_HEADING2] = "二级标题",
    [GY_PARA_SIGNATURE] = "发文机关署名", [GY_PARA_DATE] = "成文日期",
    [GY_PARA_NOTE] = "附注",           [GY_PARA_CC] = "抄送",
};

static gy_draft *seed_draft(void)
{
    gy_draft *d = gy_draft_new();
    for (size_t i = 0; i < N_SEED; i++)
        gy_draft_add(d, SEED[i].kind, SEED[i].text);
    return d;
}

/* ---- helpers ---- */

static int setup_dir(void **state)
{
    (void)state;
    const char *keep = g_getenv("GY_LETTER_KEEP");
    if (keep) {
        g_mkdir_with_parents(keep, 0777);
        tmpdir = g_strdup(keep);
    } else
        tmpdir = g_dir_make_tmp("gy-letter-XXXXXX", NULL);
    return tmpdir ? 0 : -1;
}


static int teardown_dir(void **state)
{
    (void)state;
    if (!g_getenv("GY_LETTER_KEEP"))
        test_rm_tree(tmpdir);
    g_free(tmpdir);
    return 0;
}

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

/* stdout of argv (run from the repository root); fails the test on a non-zero exit. */
static char *run(const char *const *argv)
{
    char *out = NULL, *errs = NULL;
    int status = 0;
    GError *e = NULL;
    gboolean ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &errs, &status, &e);
    if (!ok || !g_spawn_check_wait_status(status, NULL)) {
        fprintf(stderr, "%s failed: %s %s\n", argv[0], e ? e->message : "", errs ? errs : "");
        fail();
    }
    g_clear_error(&e);
    g_free(errs);
    return out;
}

static char *read_all(const char *path, gsize *len)
{
    char *data = NULL;
    assert_true(g_file_get_contents(path, &data, len, NULL));
    return data;
}

/* The text without blanks and line breaks (pdftotext puts them where lines wrap). */
static char *squeeze(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\f')
            g_string_append_c(o, *p);
    return g_string_free(o, FALSE);
}

static bool dir_has_temp(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    bool found = false;
    while (d && (name = g_dir_read_name(d)))
        if (strstr(name, ".tmp-"))
            found = true;
    if (d)
        g_dir_close(d);
    return found;
}

/* ---- .docx ---- */

static char *write_docx(const gy_draft *d, const char *name)
{
    char *path = tmp_path(name);
    GError *e = NULL;
    gy_error r = gy_letter_write_docx(d, NULL, path, &e);
    if (r != GY_OK)
        fprintf(stderr, "%s\n", e ? e->message : "?");
    assert_int_equal(r, GY_OK);
    g_clear_error(&e);
    return path;
}

static void test_docx_paragraphs(void **state)
{
    (void)state;
    gy_draft *d = seed_draft();
    char *path = write_docx(d, "seed.docx");
    const char *argv[] = { "/usr/bin/python3", CHECKER, path, NULL };
    char *out = run(argv);
    char **lines = g_strsplit(out, "\n", -1);
    size_t np = 0;
    for (char **l = lines; *l; l++) {
        if (!g_str_has_prefix(*l, "para\t"))
            continue;
        assert_true(np < N_SEED);
        char *want = g_strdup_printf("para\t%s\t%s", STYLE_NAME[SEED[np].kind], SEED[np].text);
        assert_string_equal(*l, want);
        g_free(want);
        np++;
    }
    assert_int_equal(np, N_SEED);             /* the {{BODY}} paragraph is gone */
    assert_null(strstr(out, "{{BODY}}"));
    /* page setup of GB/T 9704: A4, 37/35/28/26 mm */
    assert_non_null(strstr(out, "page\t210.0\t297.0\t37.0\t35.0\t28.0\t26.0\n"));
    /* page numbers "— 1 —": odd pages right, even pages left */
    assert_non_null(strstr(out, "evenodd\t1\n"));
    assert_non_null(strstr(out, "footer\tdefault\t页码（单页）\t— 1 —\n"));
    assert_non_null(strstr(out, "footer\teven\t页码（双页）\t— 1 —\n"));
    assert_non_null(strstr(out, "style\t页码（单页）\t宋体\t14\tRIGHT\t0\t-\t0\n"));
    assert_non_null(strstr(out, "style\t页码（双页）\t宋体\t14\tLEFT\t0\t-\t0\n"));
    /* the styles' fonts and sizes; 3号 text on 28.95 pt lines (22 a page), a quarter point
     * tighter so that 28 characters fill the 156 mm line */
    assert_non_null(strstr(out, "style\t公文正文\t仿宋_GB2312\t16\tJUSTIFY\t2\t28.95\t-0.25\n"));
    assert_non_null(strstr(out, "style\t公文标题\t方正小标宋简体\t22\tCENTER\t0\t28.95\t0\n"));
    assert_non_null(strstr(out, "style\t一级标题\t黑体\t16\tJUSTIFY\t2\t28.95\t-0.25\n"));
    assert_non_null(strstr(out, "style\t二级标题\t楷体_GB2312\t16\tJUSTIFY\t2\t28.95\t-0.25\n"));
    assert_non_null(strstr(out, "style\t发文机关署名\t仿宋_GB2312\t16\tRIGHT\t0\t28.95\t-0.25\n"));
    assert_non_null(strstr(out, "style\t成文日期\t仿宋_GB2312\t16\tRIGHT\t0\t28.95\t-0.25\n"));
    assert_non_null(strstr(out, "style\t答复类别\t黑体\t16\tRIGHT\t0\t28.95\t-0.25\n"));
    assert_non_null(strstr(out, "style\t抄送\t仿宋_GB2312\t14\tLEFT\t"));
    /* document properties from the draft: title and 成文日期 */
    char *core = g_strdup_printf("core\t%s\t2021-06-15T00:00:00\t2021-06-15T00:00:00\n",
                                 SEED[4].text);
    assert_non_null(strstr(out, core));
    g_free(core);
    g_strfreev(lines);
    g_free(out);
    g_free(path);
    gy_draft_free(d);
}

/* Markup characters are text, control characters are dropped, tabs and line breaks kept. */
static void test_docx_escaping(void **state)
{
    (void)state;
    gy_draft *d = gy_draft_new();
    gy_draft_add(d, GY_PARA_TITLE, "关于<返乡>创业 & “归雁”的答复");
    gy_draft_add(d, GY_PARA_BODY, "a<b>&amp;\"c'\x01\x1f 末尾");
    gy_draft_add(d, GY_PARA_BODY, "第一行\n第二行\t制表");
    gy_draft_add(d, GY_PARA_BODY, "{{BODY}}");
    gy_draft_add(d, GY_PARA_BODY, "");
    char *path = write_docx(d, "escape.docx");
    const char *argv[] = { "/usr/bin/python3", CHECKER, path, NULL };
    char *out = run(argv);
    assert_non_null(strstr(out, "para\t公文标题\t关于<返乡>创业 & “归雁”的答复\n"));
    assert_non_null(strstr(out, "para\t公文正文\ta<b>&amp;\"c' 末尾\n"));
    assert_non_null(strstr(out, "para\t公文正文\t第一行\\n第二行\\t制表\n"));
    /* a draft paragraph that reads like the marker is text like any other */
    assert_non_null(strstr(out, "para\t公文正文\t{{BODY}}\n"));
    assert_non_null(strstr(out, "para\t公文正文\t\n"));
    assert_non_null(strstr(out, "core\t关于<返乡>创业 & “归雁”的答复\t"));
    g_free(out);
    g_free(path);
    gy_draft_free(d);
}

/* Same draft, same bytes, whatever the time zone (zip entries hold local wall-clock time). */
static void test_docx_deterministic(void **state)
{
    (void)state;
    gy_draft *d = seed_draft();
    char *tz = g_strdup(g_getenv("TZ"));
    g_setenv("TZ", "UTC", TRUE);
    tzset();
    char *a = write_docx(d, "det-a.docx");
    g_setenv("TZ", "America/New_York", TRUE);
    tzset();
    char *b = write_docx(d, "det-b.docx");
    if (tz)
        g_setenv("TZ", tz, TRUE);
    else
        g_unsetenv("TZ");
    tzset();
    gsize la, lb;
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    /* the zip entries are dated on the 成文日期 */
    int zerr;
    zip_t *za = zip_open(a, ZIP_RDONLY, &zerr);
    assert_non_null(za);
    zip_stat_t st;
    assert_int_equal(zip_stat(za, "word/document.xml", 0, &st), 0);
    struct tm tm;
    localtime_r(&st.mtime, &tm);
    assert_int_equal(tm.tm_year + 1900, 2021);
    assert_int_equal(tm.tm_mon + 1, 6);
    assert_int_equal(tm.tm_mday, 15);
    zip_discard(za);
    g_free(da);
    g_free(db);
    g_free(a);
    g_free(b);
    g_free(tz);
    gy_draft_free(d);
}

/* A .docx made here with libzip: parts given as name, text pairs. */
static char *make_zip(const char *name, const char *const *parts)
{
    char *path = tmp_path(name);
    int zerr;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(za);
    for (; parts[0]; parts += 2) {
        zip_source_t *src = zip_source_buffer(za, parts[1], strlen(parts[1]), 0);
        assert_true(zip_file_add(za, parts[0], src, 0) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    return path;
}

static void expect_docx_error(const gy_draft *d, const char *tpl, gy_error want,
                              const char *needle)
{
    char *out = tmp_path("never.docx");
    GError *e = NULL;
    assert_int_equal(gy_letter_write_docx(d, tpl, out, &e), want);
    assert_non_null(e);
    if (!strstr(e->message, needle))
        fprintf(stderr, "message: %s\n", e->message);
    assert_non_null(strstr(e->message, needle));
    assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
    assert_false(dir_has_temp(tmpdir));
    g_error_free(e);
    g_free(out);
}

#define W_NS_ATTR "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static void test_docx_errors(void **state)
{
    (void)state;
    gy_draft *d = seed_draft();
    char *missing = tmp_path("no-such-template.docx");
    expect_docx_error(d, missing, GY_E_IO, "no-such-template.docx");

    char *notzip = tmp_path("notzip.docx");
    assert_true(g_file_set_contents(notzip, "this is text, not a zip archive", -1, NULL));
    expect_docx_error(d, notzip, GY_E_TEMPLATE, "not a .docx");

    static const char styles[] =
        "<w:styles " W_NS_ATTR "><w:style w:type=\"paragraph\" w:styleId=\"GyBody\">"
        "<w:name w:val=\"x\"/></w:style></w:styles>";
    const char *no_marker[] = {
        "word/document.xml", "<w:document " W_NS_ATTR "><w:body><w:p><w:r><w:t>hello</w:t>"
                             "</w:r></w:p></w:body></w:document>",
        "word/styles.xml", styles, NULL };
    char *t1 = make_zip("nomarker.docx", no_marker);
    gy_draft *body_only = gy_draft_new();
    gy_draft_add(body_only, GY_PARA_BODY, "正文");
    expect_docx_error(body_only, t1, GY_E_TEMPLATE, "{{BODY}}");

    /* a marker split over runs, as Word saves it, is found; a style the draft needs is not */
    const char *split[] = {
        "word/document.xml", "<w:document " W_NS_ATTR "><w:body><w:p><w:r><w:t>{{BO</w:t></w:r>"
                             "<w:r><w:t>DY}}</w:t></w:r></w:p></w:body></w:document>",
        "word/styles.xml", styles, NULL };
    char *t2 = make_zip("split.docx", split);
    expect_docx_error(d, t2, GY_E_TEMPLATE, "GyCategory");
    char *ok = tmp_path("split-out.docx");
    GError *e = NULL;
    assert_int_equal(gy_letter_write_docx(body_only, t2, ok, &e), GY_OK);
    int zerr;
    zip_t *za = zip_open(ok, ZIP_RDONLY, &zerr);
    assert_non_null(za);
    zip_stat_t st;
    assert_int_equal(zip_stat(za, "word/document.xml", 0, &st), 0);
    zip_file_t *zf = zip_fopen(za, "word/document.xml", 0);
    char *xml = g_malloc0(st.size + 1);
    assert_int_equal(zip_fread(zf, xml, st.size), (zip_int64_t)st.size);
    zip_fclose(zf);
    zip_discard(za);
    assert_null(strstr(xml, "{{BO"));
    assert_non_null(strstr(xml, "<w:pStyle w:val=\"GyBody\"/>"));
    assert_non_null(strstr(xml, "<w:t xml:space=\"preserve\">正文</w:t>"));
    g_free(xml);

    /* a second {{BODY}}, in another paragraph or in the same one, is refused */
    const char *two[] = {
        "word/document.xml", "<w:document " W_NS_ATTR "><w:body><w:p><w:r><w:t>{{BODY}}</w:t>"
                             "</w:r></w:p><w:p><w:r><w:t>x{{BODY}}</w:t></w:r></w:p>"
                             "</w:body></w:document>",
        "word/styles.xml", styles, NULL };
    char *t4 = make_zip("two.docx", two);
    expect_docx_error(body_only, t4, GY_E_TEMPLATE, "reads {{BODY}} 2 times");
    const char *twice[] = {
        "word/document.xml", "<w:document " W_NS_ATTR "><w:body><w:p><w:r><w:t>{{BODY}}{{BODY}}"
                             "</w:t></w:r></w:p></w:body></w:document>",
        "word/styles.xml", styles, NULL };
    char *t5 = make_zip("twice.docx", twice);
    expect_docx_error(body_only, t5, GY_E_TEMPLATE, "reads {{BODY}} 2 times");
    /* part names that are not plain relative paths */
    const char *bad_names[] = { "../../x", "/abs/x", "word/../../x", "a\\b", "c:x", "a//b", "./x" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad_names); i++) {
        const char *parts[] = { "word/document.xml", split[1], "word/styles.xml", styles,
                                bad_names[i], "evil", NULL };
        char *tb = make_zip("badname.docx", parts);
        expect_docx_error(body_only, tb, GY_E_TEMPLATE, "is not a plain relative path");
        g_free(tb);
    }
    /* parts under the cap one by one, over it together: 5 × 60 MiB of zeros (compressed,
     * the file is small) */
    {
        char *tz = tmp_path("big.docx");
        int ze;
        zip_t *zb = zip_open(tz, ZIP_CREATE | ZIP_TRUNCATE, &ze);
        char *zeros = g_malloc0(60u << 20);
        zip_file_add(zb, "word/document.xml", zip_source_buffer(zb, split[1], strlen(split[1]), 0), 0);
        zip_file_add(zb, "word/styles.xml", zip_source_buffer(zb, styles, strlen(styles), 0), 0);
        for (int k = 0; k < 5; k++) {
            char nm[32];
            g_snprintf(nm, sizeof nm, "word/media/z%d.bin", k);
            zip_int64_t ix = zip_file_add(zb, nm, zip_source_buffer(zb, zeros, 60u << 20, 0), 0);
            zip_set_file_compression(zb, (zip_uint64_t)ix, ZIP_CM_DEFLATE, 1);
        }
        assert_int_equal(zip_close(zb), 0);
        g_free(zeros);
        expect_docx_error(body_only, tz, GY_E_TEMPLATE, "add up to more than 256 MiB");
        g_free(tz);
    }
    g_free(t4);
    g_free(t5);

    const char *bad_xml[] = { "word/document.xml", "<w:document " W_NS_ATTR "><w:body>",
                              "word/styles.xml", styles, NULL };
    char *t3 = make_zip("badxml.docx", bad_xml);
    expect_docx_error(body_only, t3, GY_E_TEMPLATE, "malformed XML");

    /* an output folder that does not exist: GY_E_IO naming the path, nothing left behind */
    char *nodir = tmp_path("no/such/dir/out.docx");
    assert_int_equal(gy_letter_write_docx(d, NULL, nodir, &e), GY_E_IO);
    assert_non_null(e);
    assert_non_null(strstr(e->message, "out.docx"));
    g_clear_error(&e);
    assert_false(dir_has_temp(tmpdir));

    g_free(nodir);
    g_free(t3);
    g_free(ok);
    g_free(t2);
    g_free(t1);
    g_free(notzip);
    g_free(missing);
    gy_draft_free(body_only);
    gy_draft_free(d);
}

/* ---- PDF ---- */

typedef struct word {
    int page;                          /* from 1 */
    double x0, y0, x1, y1;             /* points from the page's top-left */
    char *text;
} word;

static void word_clear(gpointer p)
{
    g_free(((word *)p)->text);
}

/* The words of `pdftotext -bbox`. */
static GArray *pdf_words(const char *pdf)
{
    const char *argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };
    char *out = run(argv);
    GArray *words = g_array_new(FALSE, TRUE, sizeof(word));
    g_array_set_clear_func(words, word_clear);
    GRegex *re = g_regex_new("<page |<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                             "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>", 0, 0, NULL);
    GMatchInfo *mi;
    int page = 0;
    g_regex_match(re, out, 0, &mi);
    while (g_match_info_matches(mi)) {
        char *all = g_match_info_fetch(mi, 0);
        if (g_str_has_prefix(all, "<page"))
            page++;
        else {
            word w = { .page = page };
            char *f[5];
            for (int i = 0; i < 5; i++)
                f[i] = g_match_info_fetch(mi, i + 1);
            w.x0 = g_ascii_strtod(f[0], NULL);
            w.y0 = g_ascii_strtod(f[1], NULL);
            w.x1 = g_ascii_strtod(f[2], NULL);
            w.y1 = g_ascii_strtod(f[3], NULL);
            w.text = g_strdup(f[4]);
            for (int i = 0; i < 5; i++)
                g_free(f[i]);
            g_array_append_val(words, w);
        }
        g_free(all);
        g_match_info_next(mi, NULL);
    }
    g_match_info_free(mi);
    g_regex_unref(re);
    g_free(out);
    return words;
}

static const word *find_word(GArray *words, int page, const char *text)
{
    for (guint i = 0; i < words->len; i++) {
        const word *w = &g_array_index(words, word, i);
        if ((page == 0 || w->page == page) && strcmp(w->text, text) == 0)
            return w;
    }
    return NULL;
}

/* The word whose text starts with prefix (first found). */
static const word *find_prefix(GArray *words, int page, const char *prefix)
{
    for (guint i = 0; i < words->len; i++) {
        const word *w = &g_array_index(words, word, i);
        if ((page == 0 || w->page == page) && g_str_has_prefix(w->text, prefix))
            return w;
    }
    return NULL;
}

static char *write_pdf(const gy_draft *d, const gy_letter_style *st, const char *name)
{
    char *path = tmp_path(name);
    GError *e = NULL;
    gy_error r = gy_letter_write_pdf(d, st, path, &e);
    if (r != GY_OK)
        fprintf(stderr, "%s\n", e ? e->message : "?");
    assert_int_equal(r, GY_OK);
    g_clear_error(&e);
    return path;
}

static int pdf_pages(const char *pdf)
{
    const char *argv[] = { "pdfinfo", pdf, NULL };
    char *out = run(argv);
    const char *p = strstr(out, "Pages:");
    assert_non_null(p);
    int n = atoi(p + 6);
    g_free(out);
    return n;
}

static void test_pdf_text(void **state)
{
    (void)state;
    gy_draft *d = seed_draft();
    char *pdf = write_pdf(d, NULL, "seed.pdf");
    int pages = pdf_pages(pdf);
    assert_true(pages >= 3);
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
    char *out = run(argv);
    char *squeezed = squeeze(out);
    /* every paragraph's text is there, in order (page numbers taken out) */
    GRegex *folio = g_regex_new("—[0-9]+—", 0, 0, NULL);
    char *flat = g_regex_replace_literal(folio, squeezed, -1, 0, "", 0, NULL);
    g_regex_unref(folio);
    g_free(squeezed);
    const char *at = flat;
    for (size_t i = 0; i < N_SEED; i++) {
        char *want = squeeze(SEED[i].text);
        const char *hit = strstr(at, want);
        if (!hit)
            fprintf(stderr, "missing after offset %ld: %s\n", (long)(at - flat), want);
        assert_non_null(hit);
        at = hit + strlen(want);
        g_free(want);
    }
    /* metadata: title and dates from the draft */
    const char *info[] = { "pdfinfo", "-isodates", pdf, NULL };
    char *meta = run(info);
    char *title = g_strdup_printf("%s\n", SEED[4].text);
    const char *tl = strstr(meta, "Title:");
    assert_non_null(tl);
    tl += strlen("Title:");
    char *got = g_strndup(tl + strspn(tl, " "), strlen(title));
    assert_string_equal(got, title);
    g_free(got);
    const char *cd = strstr(meta, "CreationDate:");
    assert_non_null(cd);
    cd += strlen("CreationDate:");
    assert_true(g_str_has_prefix(cd + strspn(cd, " "), "2021-06-15T00:00:00+08"));
    assert_non_null(strstr(meta, "595.276 x 841.89 pts (A4)"));
    /* the CJK fonts are embedded (subsets) */
    const char *fonts[] = { "pdffonts", pdf, NULL };
    char *ff = run(fonts);
    char **rows = g_strsplit(ff, "\n", -1);
    int cjk = 0;
    for (char **r = rows; *r; r++) {
        if (!strstr(*r, "CJK") && !strstr(*r, "UKai"))
            continue;
        cjk++;
        assert_non_null(strstr(*r, " yes yes "));   /* emb sub */
    }
    assert_true(cjk >= 3);                           /* serif, serif bold, sans (at least) */
    g_strfreev(rows);
    g_free(ff);
    g_free(title);
    g_free(meta);
    g_free(flat);
    g_free(out);
    g_free(pdf);
    gy_draft_free(d);
}

static void test_pdf_layout(void **state)
{
    (void)state;
    gy_draft *d = seed_draft();
    char *pdf = write_pdf(d, NULL, "layout.pdf");
    GArray *w = pdf_words(pdf);
    const double left = 28 * MM, right = (28 + 156) * MM, top = 37 * MM;
    const double row = 225 * MM / 22;

    /* 答复类别 at the top right of page 1, on the first row of the block */
    const word *cat = find_word(w, 1, "（A类）");
    assert_non_null(cat);
    assert_true(fabs(cat->x1 - right) < 2);
    assert_true(cat->y0 > top - 2 && cat->y1 < top + row + 2);
    /* 发文字号 flush right, the addressee flush left */
    const word *no = find_word(w, 1, "乐人社函〔2021〕156号");
    assert_non_null(no);
    assert_true(fabs(no->x1 - right) < 2);
    const word *to = find_word(w, 1, "民盟乐山市委：");
    assert_non_null(to);
    assert_true(fabs(to->x0 - left) < 1);
    /* the first body line is indented two characters: 2 × 156 mm / 28 */
    const word *b1 = find_prefix(w, 1, "感谢贵单位");
    assert_non_null(b1);
    assert_true(fabs(b1->x0 - (left + 2 * 156 * MM / 28)) < 1);

    /* page 2: full of text on the grid: first line at the block top, every line on one of the
     * 22 rows 225/22 mm apart, left edge at 28 mm, right edge at 28 + 156 mm (justified).
     * Word boxes follow each font's own bounding box, so rows are measured on the body
     * text's words (the commonest box height) and the others are only counted. */
    double first_y = 1e9, min_x = 1e9, max_x = 0, body_h = 0;
    int best = 0;
    for (guint i = 0; i < w->len; i++) {
        const word *x = &g_array_index(w, word, i);
        int same = 0;
        for (guint k = 0; k < w->len; k++) {
            const word *o = &g_array_index(w, word, k);
            same += o->page == 2 && fabs((o->y1 - o->y0) - (x->y1 - x->y0)) < 0.1;
        }
        if (x->page == 2 && same > best) {
            best = same;
            body_h = x->y1 - x->y0;
        }
    }
    for (guint i = 0; i < w->len; i++) {
        const word *x = &g_array_index(w, word, i);
        if (x->page != 2 || x->y1 > top + 225 * MM)
            continue;
        first_y = MIN(first_y, x->y0);
        min_x = MIN(min_x, x->x0);
        max_x = MAX(max_x, x->x1);
    }
    assert_true(fabs(min_x - left) < 1);
    assert_true(fabs(max_x - right) < 1.5);
    assert_true(first_y > top - 3 && first_y < top + row / 2);
    bool rows_used[22] = { false };
    for (guint i = 0; i < w->len; i++) {
        const word *x = &g_array_index(w, word, i);
        if (x->page != 2 || x->y1 > top + 225 * MM)
            continue;
        double r = (x->y0 - first_y) / row;
        int ri = (int)lround(r);
        assert_true(ri >= 0 && ri < 22);
        rows_used[ri] = true;
        if (fabs((x->y1 - x->y0) - body_h) < 0.1)
            assert_true(fabs(r - ri) * row < 0.3);
    }
    for (int k = 0; k < 22; k++)
        assert_true(rows_used[k]);

    /* page numbers 4号 "— N —" under the block: odd pages right, even pages left, a
     * character (14 pt) in */
    const word *n1 = find_word(w, 1, "1"), *n2 = find_word(w, 2, "2");
    assert_non_null(n1);
    assert_non_null(n2);
    assert_true(n1->y0 > top + 225 * MM + 2 && n1->y1 < top + 225 * MM + 12 * MM);
    assert_true(fabs(n1->y0 - n2->y0) < 0.5);
    assert_true(n1->x0 > right - 60 && n1->x1 < right - 14);
    assert_true(n2->x0 > left + 14 && n2->x1 < left + 60);
    const word *dash2 = NULL;
    for (guint i = 0; i < w->len; i++) {
        const word *x = &g_array_index(w, word, i);
        if (x->page == 2 && strcmp(x->text, "—") == 0 && (!dash2 || x->x0 < dash2->x0))
            dash2 = x;
    }
    assert_non_null(dash2);
    assert_true(fabs(dash2->x0 - (left + 14)) < 1);

    /* 成文日期 four characters in from the right edge; signature centred over it; 抄送 one
     * character in, on the last row of the last page */
    int last = g_array_index(w, word, w->len - 1).page;
    const word *date = find_word(w, 0, "2021年6月15日");
    assert_non_null(date);
    assert_true(fabs(date->x1 - (right - 4 * 156 * MM / 28)) < 1.5);
    const word *sig = NULL;
    for (guint i = 0; i < w->len; i++) {
        const word *x = &g_array_index(w, word, i);
        if (strcmp(x->text, "乐山市人力资源和社会保障局") == 0)
            sig = x;                                  /* the last one: the signature */
    }
    assert_non_null(sig);
    assert_int_equal(sig->page, date->page);
    assert_true(fabs((sig->x0 + sig->x1) / 2 - (date->x0 + date->x1) / 2) < 1.5);
    assert_true(fabs(date->y0 - sig->y0 - row) < 0.5);
    const word *cc = find_prefix(w, last, "抄送");
    assert_non_null(cc);
    assert_true(fabs(cc->x0 - (left + 14)) < 1);
    assert_true(cc->y1 < top + 225 * MM && cc->y1 > top + 225 * MM - row);

    g_array_free(w, TRUE);
    g_free(pdf);
    gy_draft_free(d);
}

/* A full body line holds exactly 28 characters: a paragraph of plain CJK text breaks after
 * 26 characters (two-character indent), then every 28. */
static void test_pdf_grid(void **state)
{
    (void)state;
    static const char ch[] = "创";
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 26 + 28 + 28 + 5; i++)
        g_string_append(s, ch);
    gy_draft *d = gy_draft_new();
    gy_draft_add(d, GY_PARA_BODY, s->str);
    char *pdf = write_pdf(d, NULL, "grid.pdf");
    GArray *w = pdf_words(pdf);
    int lens[4] = { 0 };
    int nl = 0;
    double y = -1;
    for (guint i = 0; i < w->len && nl <= 4; i++) {
        const word *x = &g_array_index(w, word, i);
        if (x->y1 > 37 * MM + 225 * MM)
            continue;                                 /* page number */
        if (fabs(x->y1 - y) > 1) {
            nl++;
            y = x->y1;
        }
        if (nl <= 4)
            lens[nl - 1] += (int)g_utf8_strlen(x->text, -1);
    }
    assert_int_equal(nl, 4);
    assert_int_equal(lens[0], 26);
    assert_int_equal(lens[1], 28);
    assert_int_equal(lens[2], 28);
    assert_int_equal(lens[3], 5);
    g_array_free(w, TRUE);
    g_free(pdf);
    gy_draft_free(d);
    g_string_free(s, TRUE);
}

static char *repeat(const char *s, int n)
{
    GString *o = g_string_new(NULL);
    for (int i = 0; i < n; i++)
        g_string_append(o, s);
    return g_string_free(o, FALSE);
}

/* The grid row (from 0 at the block top) a word stands on. */
static int row_of(const word *x)
{
    return (int)floor((x->y0 + x->y1) / 2 - 37 * MM) / (225 * MM / 22);
}

/* A heading is never the last line of a page; the signature block does not start a page
 * alone but takes the last line of the text along. */
static void test_pdf_keep(void **state)
{
    (void)state;
    /* 21 lines of text (26 + 20 × 28 characters), then a heading: row 22 is left empty */
    char *t21 = repeat("业", 26 + 20 * 28);
    gy_draft *d = gy_draft_new();
    gy_draft_add(d, GY_PARA_BODY, t21);
    gy_draft_add(d, GY_PARA_HEADING1, "一、标题行");
    gy_draft_add(d, GY_PARA_BODY, "正文。");
    char *pdf = write_pdf(d, NULL, "keep-heading.pdf");
    GArray *w = pdf_words(pdf);
    const word *h = find_word(w, 0, "一、标题行");
    assert_non_null(h);
    assert_int_equal(h->page, 2);
    assert_int_equal(row_of(h), 0);
    g_array_free(w, TRUE);
    g_free(pdf);
    gy_draft_free(d);

    /* 22 lines fill page 1; the signature block goes to page 2 with the 22nd line, then a
     * blank row, the signature and the date */
    char *t22 = repeat("创", 26 + 21 * 28 - 3);
    char *last = g_strconcat(t22, "最后行", NULL);
    d = gy_draft_new();
    gy_draft_add(d, GY_PARA_BODY, last);
    gy_draft_add(d, GY_PARA_SIGNATURE, "乐山市人力资源和社会保障局");
    gy_draft_add(d, GY_PARA_DATE, "2021年6月15日");
    pdf = write_pdf(d, NULL, "keep-signature.pdf");
    assert_int_equal(pdf_pages(pdf), 2);
    w = pdf_words(pdf);
    const word *tail = find_prefix(w, 2, "创");
    const word *sig = find_word(w, 2, "乐山市人力资源和社会保障局");
    const word *date = find_word(w, 2, "2021年6月15日");
    assert_non_null(tail);
    assert_non_null(sig);
    assert_non_null(date);
    assert_non_null(strstr(tail->text, "最后行"));
    assert_int_equal(row_of(tail), 0);
    assert_int_equal(row_of(sig), 2);
    assert_int_equal(row_of(date), 3);
    int rows1 = 0;
    for (guint i = 0; i < w->len; i++) {
        const word *x = &g_array_index(w, word, i);
        if (x->page == 1 && x->y1 < 37 * MM + 225 * MM)
            rows1 = MAX(rows1, row_of(x) + 1);
    }
    assert_int_equal(rows1, 21);
    g_array_free(w, TRUE);
    g_free(pdf);
    gy_draft_free(d);
    g_free(last);
    g_free(t22);
    g_free(t21);
}

static void test_pdf_deterministic(void **state)
{
    (void)state;
    gy_draft *d = seed_draft();
    char *a = write_pdf(d, NULL, "det-a.pdf");
    char *b = write_pdf(d, NULL, "det-b.pdf");
    gsize la, lb;
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    g_free(da);
    g_free(db);
    g_free(a);
    g_free(b);
    gy_draft_free(d);
}

static void test_pdf_errors(void **state)
{
    (void)state;
    gy_draft *d = seed_draft();
    char *nodir = tmp_path("no/such/dir/out.pdf");
    GError *e = NULL;
    assert_int_equal(gy_letter_write_pdf(d, NULL, nodir, &e), GY_E_IO);
    assert_non_null(e);
    assert_int_equal(e->code, GY_E_IO);
    assert_non_null(strstr(e->message, "out.pdf"));
    g_clear_error(&e);
    assert_false(dir_has_temp(tmpdir));
    /* an empty draft is one page with its number */
    gy_draft *empty = gy_draft_new();
    char *pdf = write_pdf(empty, NULL, "empty.pdf");
    assert_int_equal(pdf_pages(pdf), 1);
    GArray *w = pdf_words(pdf);
    assert_non_null(find_word(w, 1, "1"));
    g_array_free(w, TRUE);
    g_free(pdf);
    g_free(nodir);
    gy_draft_free(empty);
    gy_draft_free(d);
}

/* A draft without 成文日期 is dated by SOURCE_DATE_EPOCH, else 1980-01-01: never "now". */
static void test_dates(void **state)
{
    (void)state;
    gy_draft *d = gy_draft_new();
    gy_draft_add(d, GY_PARA_BODY, "无日期的正文。");
    char *old = g_strdup(g_getenv("SOURCE_DATE_EPOCH"));
    g_setenv("SOURCE_DATE_EPOCH", "1625097600", TRUE);     /* 2021-07-01T00:00:00Z */
    char *pdf = write_pdf(d, NULL, "sde.pdf");
    char *docx = write_docx(d, "sde.docx");
    g_unsetenv("SOURCE_DATE_EPOCH");
    char *pdf0 = write_pdf(d, NULL, "nodate.pdf");
    char *docx0 = write_docx(d, "nodate.docx");
    if (old)
        g_setenv("SOURCE_DATE_EPOCH", old, TRUE);

    const char *i1[] = { "pdfinfo", "-isodates", pdf, NULL };
    const char *i0[] = { "pdfinfo", "-isodates", pdf0, NULL };
    const char *c1[] = { "/usr/bin/python3", CHECKER, docx, NULL };
    const char *c0[] = { "/usr/bin/python3", CHECKER, docx0, NULL };
    char *m1 = run(i1), *m0 = run(i0), *k1 = run(c1), *k0 = run(c0);
    assert_non_null(strstr(m1, "2021-07-01T00:00:00"));
    assert_non_null(strstr(m0, "1980-01-01T00:00:00"));
    assert_non_null(strstr(k1, "\t2021-07-01T00:00:00\t2021-07-01T00:00:00\n"));
    assert_non_null(strstr(k0, "\t1980-01-01T00:00:00\t1980-01-01T00:00:00\n"));
    g_free(m1);
    g_free(m0);
    g_free(k1);
    g_free(k0);
    g_free(pdf);
    g_free(pdf0);
    g_free(docx);
    g_free(docx0);
    g_free(old);
    gy_draft_free(d);
}

/* ---- fonts ---- */

static bool installed(const char *family)
{
    char *pat = g_strdup_printf("%s:lang=zh-cn", family);
    const char *argv[] = { "fc-list", pat, "family", NULL };
    char *out = run(argv);
    bool yes = out[0] != '\0';
    g_free(out);
    g_free(pat);
    return yes;
}

static void test_font_report(void **state)
{
    (void)state;
    /* installed families: nothing to report */
    gy_letter_style noto = { "Noto Serif CJK SC", "Noto Serif CJK SC", "Noto Sans CJK SC",
                             "Noto Serif CJK SC" };
    char *r = gy_letter_font_report(&noto);
    const bool songti = installed("宋体") || installed("SimSun") || installed("NSimSun");
    if (songti)
        assert_string_equal(r, "");
    else
        assert_string_equal(r, "page number font \"宋体\" is not installed; using \"Noto Serif "
                               "CJK SC\" instead");
    g_free(r);

    /* a family that is not installed: the role's look-alike, named in the report */
    gy_letter_style odd = { "GY No Such Font", NULL, "Noto Sans CJK SC", "GY No Such Kai" };
    r = gy_letter_font_report(&odd);
    assert_non_null(strstr(r, "body font \"GY No Such Font\" is not installed; using \"Noto "
                              "Serif CJK SC\" instead"));
    assert_non_null(strstr(r, installed("AR PL UKai CN")
                                  ? "heading 2 font \"GY No Such Kai\" is not installed; using "
                                    "\"AR PL UKai CN\" instead"
                                  : "heading 2 font \"GY No Such Kai\" is not installed; using "
                                    "\"Noto Serif CJK SC\" instead"));
    assert_null(strstr(r, "heading 1"));
    g_free(r);

    /* defaults: 仿宋 is reported exactly when no 仿宋 is installed */
    r = gy_letter_font_report(NULL);
    bool fangsong = installed("仿宋_GB2312") || installed("仿宋") || installed("FangSong") ||
                    installed("FangSong_GB2312") || installed("STFangsong") ||
                    installed("华文仿宋");
    assert_int_equal(strstr(r, "body font \"仿宋_GB2312\" is not installed") != NULL, !fangsong);
    g_free(r);

    /* the PDF is written with the substitutes */
    gy_draft *d = gy_draft_new();
    gy_draft_add(d, GY_PARA_BODY, "正文");
    char *pdf = write_pdf(d, &odd, "odd-font.pdf");
    const char *argv[] = { "pdffonts", pdf, NULL };
    char *ff = run(argv);
    assert_non_null(strstr(ff, "NotoSerifCJK"));
    g_free(ff);
    g_free(pdf);
    gy_draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx_paragraphs),
        cmocka_unit_test(test_docx_escaping),
        cmocka_unit_test(test_docx_deterministic),
        cmocka_unit_test(test_docx_errors),
        cmocka_unit_test(test_pdf_text),
        cmocka_unit_test(test_pdf_layout),
        cmocka_unit_test(test_pdf_grid),
        cmocka_unit_test(test_pdf_keep),
        cmocka_unit_test(test_pdf_deterministic),
        cmocka_unit_test(test_pdf_errors),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_font_report),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
