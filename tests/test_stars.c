/* test_stars.c — award rosters: spellings, row judging, double listings, the records check,
 * counts, list order, the paragraph and stars.csv (stars.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/reader.h"
#include "guiyan/schema.h"
#include "guiyan/stars.h"
#include "guiyan/stars_out.h"

static gy_divisions *dv;
static gy_region *rg;
static gy_aliases *al;
static gy_strokes *sk;

static int setup(void **state)
{
    (void)state;
    GError *err = NULL;
    dv = gy_divisions_load(GY_TEMPLATES_DIR "/divisions.tsv", &err);
    rg = dv ? gy_region_new(dv, "511100", &err) : NULL;
    al = rg ? gy_aliases_load(GY_TEMPLATES_DIR "/aliases.ini", &err) : NULL;
    sk = al ? gy_strokes_load(GY_TEMPLATES_DIR "/strokes.tsv", &err) : NULL;
    if (!sk) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return -1;
    }
    static const char *const hi[] = { "高新区", NULL };
    gy_region_add_unit(rg, "乐山高新区", hi);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gy_strokes_free(sk);
    gy_aliases_free(al);
    gy_region_free(rg);
    gy_divisions_free(dv);
    return 0;
}

static size_t county(const char *name)
{
    size_t i;
    assert_int_equal(gy_region_resolve(rg, name, &i), GY_OK);
    return i;
}

static void test_spellings(void **state)
{
    (void)state;
    static const struct { const char *s; gy_error e; gy_star_level l; } levels[] = {
        { "市级", GY_OK, GY_STAR_CITY },      { "市", GY_OK, GY_STAR_CITY },
        { "乐山市级", GY_OK, GY_STAR_CITY },  { "乐山市", GY_OK, GY_STAR_CITY },
        { " 市 级 ", GY_OK, GY_STAR_CITY },   { "省级", GY_OK, GY_STAR_PROVINCE },
        { "省", GY_OK, GY_STAR_PROVINCE },    { "四川省级", GY_OK, GY_STAR_PROVINCE },
        { "县级", GY_E_LEVEL, 0 },            { "国家级", GY_E_LEVEL, 0 },
        { "级", GY_E_LEVEL, 0 },              { "city", GY_E_LEVEL, 0 },
        { "", GY_E_EMPTY, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(levels); i++) {
        gy_star_level l = GY_STAR_LEVELS;
        gy_error e = gy_star_level_parse(levels[i].s, &l);
        if (e != levels[i].e || (e == GY_OK && l != levels[i].l))
            fail_msg("level \"%s\": %d %d", levels[i].s, e, l);
    }
    static const struct { const char *s; gy_error e; gy_star_kind k; } kinds[] = {
        { "返乡创业明星", GY_OK, GY_STAR_PERSON },       { "明星", GY_OK, GY_STAR_PERSON },
        { "创业明星", GY_OK, GY_STAR_PERSON },           { "返乡创业明星企业", GY_OK, GY_STAR_ENTERPRISE },
        { "明星企业", GY_OK, GY_STAR_ENTERPRISE },       { "明星 企业", GY_OK, GY_STAR_ENTERPRISE },
        { "优秀企业", GY_E_CATEGORY, 0 },                { "明星企业家", GY_E_CATEGORY, 0 },
        { "", GY_E_EMPTY, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        gy_star_kind k = GY_STAR_KINDS;
        gy_error e = gy_star_kind_parse(kinds[i].s, &k);
        if (e != kinds[i].e || (e == GY_OK && k != kinds[i].k))
            fail_msg("category \"%s\": %d %d", kinds[i].s, e, k);
    }
    static const struct { const char *s; gy_error e; int y; } years[] = {
        { "2020", GY_OK, 2020 }, { "2020年", GY_OK, 2020 }, { "2021年度", GY_OK, 2021 },
        { "20", GY_E_DATE_FORMAT, 0 }, { "二〇二〇", GY_E_DATE_FORMAT, 0 },
        { "1900", GY_E_DATE_RANGE, 0 }, { "年", GY_E_DATE_FORMAT, 0 }, { "", GY_E_EMPTY, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(years); i++) {
        int y = 0;
        gy_error e = gy_star_year_parse(years[i].s, &y);
        if (e != years[i].e || (e == GY_OK && y != years[i].y))
            fail_msg("year \"%s\": %d %d", years[i].s, e, y);
    }
    assert_string_equal(gy_star_level_name(GY_STAR_PROVINCE), "省级");
    assert_string_equal(gy_star_kind_name(GY_STAR_ENTERPRISE), "返乡创业明星企业");
    assert_string_equal(gy_star_kind_short(GY_STAR_ENTERPRISE), "明星企业");
    assert_string_equal(gy_star_kind_measure(GY_STAR_PERSON), "名");
}

/* A row of writable copies (the judge unguards values in place). */
typedef struct rowbuf {
    gy_row row;
    char *cells[16];
} rowbuf;

static void rowbuf_set(rowbuf *b, unsigned long line, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        b->cells[i] = g_strdup(cells[i]);
    /* every member the reader sets, so that one added later starts as the reader's "none" */
    b->row = (gy_row){ .n = n, .fields = b->cells, .line = line, .bad_field = -1,
                       .problem = GY_OK, .problem_col = -1 };
}

static void rowbuf_clear(rowbuf *b)
{
    for (size_t i = 0; i < b->row.n; i++)
        g_free(b->cells[i]);
}

static const char *const header[] = { "姓名", "公民身份号码", "县区", "评选级别", "奖项类别",
                                      "企业名称", "社会信用代码", "年度", "带动就业人数",
                                      "年产值(万元)" };

static void layout(gy_star_layout *ly)
{
    rowbuf h;
    rowbuf_set(&h, 1, header, G_N_ELEMENTS(header));
    GError *err = NULL;
    assert_int_equal(gy_star_layout_map(ly, al, &h.row, &err), GY_OK);
    rowbuf_clear(&h);
    assert_int_equal(ly->col[GY_SF_INDUSTRY], -1);
    assert_string_equal(ly->head[GY_SF_ID], "公民身份号码");
    assert_int_equal(ly->output_unit, GY_UNIT_WAN);
}

static void test_layout_missing(void **state)
{
    (void)state;
    static const char *const h[] = { "姓名", "身份证号码", "县(市、区)", "级别", "评选年度" };
    rowbuf b;
    rowbuf_set(&b, 1, h, G_N_ELEMENTS(h));
    gy_star_layout ly;
    GError *err = NULL;
    assert_int_equal(gy_star_layout_map(&ly, al, &b.row, &err), GY_E_MISSING_COLUMN);
    assert_non_null(strstr(err->message, "类别"));
    g_error_free(err);
    gy_star_layout_clear(&ly);
    rowbuf_clear(&b);
}

static void test_judge(void **state)
{
    (void)state;
    gy_star_layout ly;
    layout(&ly);
    static const struct {
        const char *cells[10];
        gy_error reason;
        int field;
        gy_error warning;
    } cases[] = {
        { { "钟川鹏", "'511126196305262632", "夹江", "市", "明星", "", "", "2020年", "12", "1318.40" },
          GY_OK, -1, GY_OK },
        { { "宋洋树", "511126198307235098", "沙湾区", "市级", "明星企业", "", "91511111MA9WY1KLXM",
            "2020", "49", "" }, GY_E_EMPTY, GY_SF_ENTITY, GY_OK },
        { { "赵鹏贵", "511126197212067576", "夹江县", "省级", "明星企业", "夹江县赵记葡萄种植专业合作社",
            "93511126MA4J8EW740", "2020", "12", "" }, GY_E_USCC_CHECK, GY_SF_USCC, GY_OK },
        /* a bad code on a person's award only describes: dropped with a warning */
        { { "赵鹏贵", "511126197212067576", "夹江县", "省级", "明星", "夹江县赵记葡萄种植专业合作社",
            "93511126MA4J8EW740", "2020", "12", "" }, GY_OK, GY_SF_USCC, GY_E_USCC_CHECK },
        /* an enterprise award may leave the ID blank; a person's may not */
        { { "赵鹏贵", "", "夹江县", "省级", "明星企业", "夹江县赵记葡萄种植专业合作社",
            "93511126MA4J8EW74A", "2020", "", "" }, GY_OK, -1, GY_OK },
        { { "赵鹏贵", "", "夹江县", "省级", "明星", "", "", "2020", "", "" }, GY_E_EMPTY, GY_SF_ID,
          GY_OK },
        { { "", "511126197212067576", "夹江县", "省级", "明星", "", "", "2020", "", "" }, GY_E_EMPTY,
          GY_SF_NAME, GY_OK },
        { { "甲", "511126197212067575", "夹江县", "省级", "明星", "", "", "2020", "", "" },
          GY_E_ID_CHECK, GY_SF_ID, GY_OK },
        { { "甲", "511126197212067576", "嘉州区", "省级", "明星", "", "", "2020", "", "" },
          GY_E_COUNTY_UNKNOWN, GY_SF_COUNTY, GY_OK },
        { { "甲", "511126197212067576", "夹江县", "国家级", "明星", "", "", "2020", "", "" },
          GY_E_LEVEL, GY_SF_LEVEL, GY_OK },
        { { "甲", "511126197212067576", "夹江县", "省级", "先进个人", "", "", "2020", "", "" },
          GY_E_CATEGORY, GY_SF_KIND, GY_OK },
        { { "甲", "511126197212067576", "夹江县", "省级", "明星", "", "", "去年", "", "" },
          GY_E_DATE_FORMAT, GY_SF_YEAR, GY_OK },
        { { "甲", "511126197212067576", "夹江县", "省级", "明星", "", "", "2020", "三人", "" },
          GY_E_COUNT_FORMAT, GY_SF_JOBS, GY_OK },
        { { "甲", "511126197212067576", "夹江县", "省级", "明星", "", "", "2020", "3", "-5" },
          GY_E_AMOUNT_NEGATIVE, GY_SF_OUTPUT, GY_OK },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        rowbuf b;
        rowbuf_set(&b, i + 2, cases[i].cells, 10);
        gy_star s;
        gy_star_verdict v = gy_star_judge(&ly, &b.row, rg, 3, &s);
        if (v.reason != cases[i].reason || v.field != cases[i].field ||
            v.warning != cases[i].warning)
            fail_msg("case %zu: reason %d field %d warning %d", i, v.reason, v.field, v.warning);
        if (i == 0) {
            assert_string_equal(s.name, "钟川鹏");
            assert_string_equal(s.id, "511126196305262632");
            assert_int_equal(s.county, county("夹江县"));
            assert_int_equal(s.level, GY_STAR_CITY);
            assert_int_equal(s.kind, GY_STAR_PERSON);
            assert_int_equal(s.year, 2020);
            assert_int_equal(s.jobs, 12);
            assert_int_equal(s.output, 1318400000);   /* 1318.40 万元 in fen */
            assert_int_equal(s.file, 3);
            assert_int_equal(s.line, 2);
            assert_string_equal(s.industry, "");
        }
        if (i == 3)
            assert_string_equal(s.uscc, "");
        if (i == 4) {
            assert_string_equal(s.id, "");
            assert_string_equal(s.uscc, "93511126MA4J8EW74A");
            assert_int_equal(s.jobs, -1);
            assert_int_equal(s.output, -1);
        }
        rowbuf_clear(&b);
    }
    gy_star_layout_clear(&ly);
}

static gy_star person(const char *name, const char *id, const char *cty, gy_star_level l,
                      int year, unsigned long line)
{
    gy_star s = { .name = name, .county = (uint32_t)county(cty), .level = l,
                  .kind = GY_STAR_PERSON, .year = year, .entity = "", .industry = "",
                  .jobs = -1, .output = -1, .line = line };
    g_strlcpy(s.id, id, sizeof s.id);
    return s;
}

static gy_star enterprise(const char *name, const char *entity, const char *uscc, int year,
                          unsigned long line)
{
    gy_star s = { .name = name, .county = (uint32_t)county("市中区"), .level = GY_STAR_CITY,
                  .kind = GY_STAR_ENTERPRISE, .year = year, .entity = entity, .industry = "",
                  .jobs = -1, .output = -1, .line = line };
    g_strlcpy(s.uscc, uscc, sizeof s.uscc);
    return s;
}

static void test_duplicates(void **state)
{
    (void)state;
    static const char *const files[] = { "a/one.csv", "b/two.csv" };
    gy_roster *ro = gy_roster_new(files, 2);
    gy_star a = person("钟川鹏", "511126196305262632", "夹江县", GY_STAR_CITY, 2020, 2);
    size_t dup = 99;
    assert_true(gy_roster_add(ro, &a, &dup));
    assert_int_equal(dup, 99);
    gy_star b = a;
    b.line = 3;
    assert_false(gy_roster_add(ro, &b, &dup));
    assert_int_equal(dup, 0);
    /* another level, another year, another category: not a double listing */
    b.level = GY_STAR_PROVINCE;
    assert_true(gy_roster_add(ro, &b, NULL));
    b.level = GY_STAR_CITY;
    b.year = 2021;
    assert_true(gy_roster_add(ro, &b, NULL));
    /* from the second file */
    b.year = 2020;
    b.file = 1;
    b.line = 7;
    assert_false(gy_roster_add(ro, &b, NULL));
    /* enterprises: by credit code, else by name; a later listing without the code is found
     * by the name */
    gy_star e1 = enterprise("刘燕", "乐山海棠刘氏电子商务有限公司", "91511102MA2EU26U6B", 2020, 10);
    assert_true(gy_roster_add(ro, &e1, NULL));
    gy_star e2 = enterprise("刘燕", "乐山海棠电商", "91511102MA2EU26U6B", 2020, 11);
    assert_false(gy_roster_add(ro, &e2, NULL));
    gy_star e3 = enterprise("刘燕", "乐山海棠刘氏电子商务有限公司", "", 2020, 12);
    assert_false(gy_roster_add(ro, &e3, NULL));
    gy_star e4 = enterprise("田富", "乐源果蔬专业合作社", "", 2020, 13);
    assert_true(gy_roster_add(ro, &e4, NULL));
    gy_star e5 = enterprise("田富", "乐源果蔬专业合作社", "", 2020, 14);
    assert_false(gy_roster_add(ro, &e5, NULL));
    assert_int_equal(gy_roster_size(ro), 5);
    assert_int_equal(gy_roster_n_issues(ro), 5);
    const gy_star_issue *is = gy_roster_get_issue(ro, 0);
    assert_int_equal(is->kind, GY_ISSUE_DUPLICATE);
    assert_int_equal(is->line, 3);
    assert_string_equal(is->name, "钟川鹏");
    assert_string_equal(is->column, "身份证号码");
    assert_string_equal(is->text, "与第2行重复：同一人（身份证号码相同）在2020年度市级返乡创业明星"
                                  "中列出两次，只计一次");
    assert_non_null(strstr(gy_roster_get_issue(ro, 1)->text, "与one.csv第2行重复"));
    assert_string_equal(gy_roster_get_issue(ro, 2)->column, "统一社会信用代码");
    assert_string_equal(gy_roster_get_issue(ro, 3)->column, "企业名称");
    /* the copy does not point into the caller's strings */
    char name[32] = "向霞";
    gy_star c = person(name, "511111196802291309", "沙湾区", GY_STAR_CITY, 2020, 20);
    assert_true(gy_roster_add(ro, &c, NULL));
    strcpy(name, "XX");
    assert_string_equal(gy_roster_get(ro, 5)->name, "向霞");
    gy_roster_free(ro);
    gy_roster_free(NULL);
}

/* Read a roster file the way `guiyan stars` does. */
static void read_file(const char *path, gy_roster *ro, unsigned long *accepted,
                      unsigned long *duplicate, GArray *rejects)
{
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(path, GY_ENC_AUTO, &err);
    assert_non_null(rd);
    gy_row row;
    assert_int_equal(gy_reader_next(rd, &row, &err), GY_OK);
    gy_star_layout ly;
    assert_int_equal(gy_star_layout_map(&ly, al, &row, &err), GY_OK);
    while (gy_reader_next(rd, &row, &err) == GY_OK && row.n > 0) {
        gy_star s;
        gy_star_verdict v = gy_star_judge(&ly, &row, rg, 0, &s);
        if (v.reason != GY_OK) {
            unsigned long pair[2] = { row.line, (unsigned long)v.reason };
            g_array_append_vals(rejects, pair, 2);
            gy_roster_reject(ro, 0, row.line, row.fields[0], v.field, ly.head[v.field], v.value,
                             v.reason);
        } else if (gy_roster_add(ro, &s, NULL)) {
            (*accepted)++;
        } else {
            (*duplicate)++;
        }
    }
    gy_star_layout_clear(&ly);
    gy_reader_free(rd);
}

static const char *tan_id = "511102198101110782";    /* 谭琼丽, not in the records */

static bool known_but_tan(uint64_t person, void *user)
{
    (void)user;
    char id[19];
    gy_id_from_key(person, id);
    return strcmp(id, tan_id) != 0;
}

static void test_messy_roster(void **state)
{
    (void)state;
    static const char *const files[] = { "samples/messy/stars_messy.csv" };
    gy_roster *ro = gy_roster_new(files, 1);
    unsigned long acc = 0, dup = 0;
    GArray *rej = g_array_new(FALSE, FALSE, sizeof(unsigned long));
    read_file(files[0], ro, &acc, &dup, rej);
    assert_int_equal(acc, 3);
    assert_int_equal(dup, 1);
    assert_int_equal(rej->len, 4);
    /* line 4: an enterprise award without a name; line 5: a bad credit code */
    assert_int_equal(g_array_index(rej, unsigned long, 0), 4);
    assert_int_equal(g_array_index(rej, unsigned long, 1), GY_E_EMPTY);
    assert_int_equal(g_array_index(rej, unsigned long, 2), 5);
    assert_int_equal(g_array_index(rej, unsigned long, 3), GY_E_USCC_CHECK);
    assert_int_equal(gy_roster_check_records(ro, known_but_tan, NULL), 1);
    assert_int_equal(gy_roster_check_names(ro, sk), 0);
    gy_roster_sort_issues(ro);
    assert_int_equal(gy_roster_n_issues(ro), 4);
    static const struct { unsigned long line; gy_star_issue_kind kind; const char *name;
                          const char *text; } want[] = {
        { 3, GY_ISSUE_DUPLICATE, "钟川鹏", "与第2行重复：同一人（身份证号码相同）在2020年度市级"
                                           "返乡创业明星中列出两次，只计一次" },
        { 4, GY_ISSUE_REJECTED, "宋洋树", "返乡创业明星企业未填写企业名称" },
        { 5, GY_ISSUE_REJECTED, "赵鹏贵", "统一社会信用代码校验位不对（GB 32100）" },
        { 6, GY_ISSUE_NOT_IN_RECORDS, "谭琼丽", "创业人员台账中没有此人（2020年度市级返乡创业明星）："
                                                "请核实身份证号码或是否为返乡创业人员" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        const gy_star_issue *is = gy_roster_get_issue(ro, i);
        assert_int_equal(is->line, want[i].line);
        assert_int_equal(is->kind, want[i].kind);
        assert_string_equal(is->name, want[i].name);
        assert_string_equal(is->text, want[i].text);
    }
    assert_string_equal(gy_roster_get_issue(ro, 2)->value, "93511126MA4J8EW740");
    assert_string_equal(gy_roster_get_issue(ro, 3)->value, tan_id);
    g_array_free(rej, TRUE);
    gy_roster_free(ro);
}

static char *read_template(void)
{
    char *t = NULL;
    assert_true(g_file_get_contents(GY_TEMPLATES_DIR "/stars_paragraph.txt", &t, NULL, NULL));
    return t;
}

static void test_sample_counts(void **state)
{
    (void)state;
    static const char *const files[] = { "samples/stars_2020.csv" };
    gy_roster *ro = gy_roster_new(files, 1);
    unsigned long acc = 0, dup = 0;
    GArray *rej = g_array_new(FALSE, FALSE, sizeof(unsigned long));
    read_file(files[0], ro, &acc, &dup, rej);
    assert_int_equal(acc, 51);
    assert_int_equal(dup + rej->len, 0);
    size_t nc = gy_region_count(rg);
    assert_int_equal(nc, 12);
    gy_star_counts *c = gy_roster_counts(ro, nc);
    assert_int_equal(c->n_years, 1);
    assert_int_equal(c->years[0], 2020);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_CITY, GY_STAR_PERSON, nc), 20);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_CITY, GY_STAR_ENTERPRISE, nc), 13);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_PROVINCE, GY_STAR_PERSON, nc), 11);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_PROVINCE, GY_STAR_ENTERPRISE, nc), 7);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_CITY, GY_STAR_PERSON, county("市中区")), 4);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_CITY, GY_STAR_PERSON, county("沐川县")), 4);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_PROVINCE, GY_STAR_ENTERPRISE,
                                   county("市中区")), 3);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_CITY, GY_STAR_PERSON, county("高新区")), 2);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_CITY, GY_STAR_PERSON, county("金口河区")), 0);
    assert_int_equal(gy_star_count(c, 1, GY_STAR_CITY, GY_STAR_PERSON, nc), 0);  /* no year 1 */
    for (int l = 0; l < GY_STAR_LEVELS; l++)
        for (int k = 0; k < GY_STAR_KINDS; k++) {
            int64_t sum = 0;
            for (size_t i = 0; i < nc; i++)
                sum += gy_star_count(c, 0, (gy_star_level)l, (gy_star_kind)k, i);
            assert_int_equal(sum, gy_star_count(c, 0, (gy_star_level)l, (gy_star_kind)k, nc));
        }
    /* the reply's sentence from the shipped template */
    char *t = read_template();
    GError *err = NULL;
    char *p = gy_stars_paragraph(t, c, 0, "乐山市", &err);
    assert_non_null(p);
    assert_string_equal(p, "2020年，共评选产生市级返乡创业明星20名、明星企业13家；获评省返乡创业"
                           "明星11名，省返乡创业明星企业7家。");
    g_free(p);
    g_free(t);
    /* stars.csv: a header and 4 × (12 counties + 合计) rows */
    GString *s = g_string_new(NULL);
    gy_stars_csv(s, c, rg);
    char **lines = g_strsplit(s->str, "\r\n", -1);
    assert_int_equal(g_strv_length(lines), 1 + 4 * 13 + 1);
    assert_string_equal(lines[0], "\xEF\xBB\xBF" "year,level,category,county_code,county,count");
    assert_string_equal(lines[1], "2020,市级,返乡创业明星,511102,市中区,4");
    assert_string_equal(lines[4], "2020,市级,返乡创业明星,511113,金口河区,0");
    assert_string_equal(lines[12], "2020,市级,返乡创业明星,,乐山高新区,2");
    assert_string_equal(lines[13], "2020,市级,返乡创业明星,,合计,20");
    assert_string_equal(lines[26], "2020,市级,返乡创业明星企业,,合计,13");
    assert_string_equal(lines[39], "2020,省级,返乡创业明星,,合计,11");
    assert_string_equal(lines[52], "2020,省级,返乡创业明星企业,,合计,7");
    assert_string_equal(lines[53], "");
    g_strfreev(lines);
    g_string_free(s, TRUE);
    /* the list of 市级 明星 in stroke order: 马(3) first; 潘(15) last */
    size_t n = 0;
    size_t *idx = gy_roster_list(ro, GY_STAR_CITY, GY_STAR_PERSON, sk, GY_ORDER_STROKES, &n);
    assert_int_equal(n, 20);
    assert_string_equal(gy_roster_get(ro, idx[0])->name, "马淑春");
    assert_string_equal(gy_roster_get(ro, idx[n - 1])->name, "潘平元");
    for (size_t i = 1; i < n; i++)
        assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, gy_roster_get(ro, idx[i - 1])->name,
                                       gy_roster_get(ro, idx[i])->name) < 0);
    g_free(idx);
    gy_star_counts_free(c);
    g_array_free(rej, TRUE);
    gy_roster_free(ro);
}

static void test_list_order(void **state)
{
    (void)state;
    static const char *const files[] = { "r.csv" };
    gy_roster *ro = gy_roster_new(files, 1);
    static const char *const names[] = { "谭一", "陈一", "钟一", "张一", "王一", "赵一", "李一",
                                         "丁一", "李" };
    char id[19];
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char d17[18];
        g_snprintf(d17, sizeof d17, "51110219800101%03zu", i + 100);
        g_snprintf(id, sizeof id, "%s%c", d17, gy_id_check_char(d17));
        gy_star s = person(names[i], id, "市中区", GY_STAR_CITY, i == 0 ? 2019 : 2020, i + 2);
        assert_true(gy_roster_add(ro, &s, NULL));
    }
    gy_star other = person("阿", "511102198001010999", "市中区", GY_STAR_PROVINCE, 2020, 30);
    other.id[17] = gy_id_check_char(other.id);
    assert_true(gy_roster_add(ro, &other, NULL));
    size_t n;
    /* years first (谭一 is 2019), then names */
    static const char *const by_strokes[] = { "谭一", "丁一", "王一", "李", "李一", "张一", "陈一",
                                              "赵一", "钟一" };
    size_t *idx = gy_roster_list(ro, GY_STAR_CITY, GY_STAR_PERSON, sk, GY_ORDER_STROKES, &n);
    assert_int_equal(n, 9);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(gy_roster_get(ro, idx[i])->name, by_strokes[i]);
    g_free(idx);
    static const char *const by_pinyin[] = { "谭一", "陈一", "丁一", "李", "李一", "王一", "张一",
                                             "赵一", "钟一" };
    idx = gy_roster_list(ro, GY_STAR_CITY, GY_STAR_PERSON, sk, GY_ORDER_PINYIN, &n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(gy_roster_get(ro, idx[i])->name, by_pinyin[i]);
    g_free(idx);
    idx = gy_roster_list(ro, GY_STAR_PROVINCE, GY_STAR_ENTERPRISE, sk, GY_ORDER_PINYIN, &n);
    assert_int_equal(n, 0);
    g_free(idx);
    /* two years: counts per year, the 2019 paragraph */
    gy_star_counts *c = gy_roster_counts(ro, gy_region_count(rg));
    assert_int_equal(c->n_years, 2);
    assert_int_equal(c->years[0], 2019);
    assert_int_equal(gy_star_count(c, 0, GY_STAR_CITY, GY_STAR_PERSON, c->n_counties), 1);
    assert_int_equal(gy_star_count(c, 1, GY_STAR_CITY, GY_STAR_PERSON, c->n_counties), 8);
    assert_int_equal(gy_star_count(c, 1, GY_STAR_PROVINCE, GY_STAR_PERSON, c->n_counties), 1);
    GError *err = NULL;
    char *p = gy_stars_paragraph("# comment {bad\n{地区}{年度}年：市级{市级.返乡创业明星}名，"
                                 "省级合计{省级.合计}个 {{注}}\n\n", c, 1, "乐山市", &err);
    assert_string_equal(p, "乐山市2020年：市级8名，省级合计1个 {注}");
    g_free(p);
    gy_star_counts_free(c);
    gy_roster_free(ro);
}

static void test_paragraph_errors(void **state)
{
    (void)state;
    gy_star_counts c = { 0 };
    static const struct { const char *t; const char *msg; } bad[] = {
        { "{市级.先进}", "{市级.先进}" },
        { "a\n{县级.明星}", "line 2" },
        { "{年份}", "{年份}" },
        { "{市级.明星", "'{'" },
        { "{市级\n.明星}", "'{'" },
        { "明星}", "'}'" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *err = NULL;
        char *p = gy_stars_paragraph(bad[i].t, &c, 0, "", &err);
        if (p || !err || err->code != GY_E_TEMPLATE || !strstr(err->message, bad[i].msg))
            fail_msg("case %zu: %s", i, err ? err->message : p);
        g_error_free(err);
    }
    GError *err = NULL;
    char *p = gy_stars_paragraph("{ 市级.明星 }名", &c, 0, "", &err);
    assert_string_equal(p, "0名");
    g_free(p);
}

/* Zero clauses are left out of the shipped sentence: no "明星企业0家" (issue 20). */
static void test_paragraph_zero_clauses(void **state)
{
    (void)state;
    int years[] = { 2020 };
    int64_t v[GY_STAR_LEVELS * GY_STAR_KINDS];       /* no county but the 合计 */
    gy_star_counts c = { 1, years, 0, v };
    char *t = read_template();
    static const struct { int64_t city, city_ent, prov, prov_ent; const char *want; } cases[] = {
        { 20, 13, 11, 7, "2020年，共评选产生市级返乡创业明星20名、明星企业13家；获评省返乡创业"
                         "明星11名，省返乡创业明星企业7家。" },
        { 20, 13, 11, 0, "2020年，共评选产生市级返乡创业明星20名、明星企业13家；获评省返乡创业"
                         "明星11名。" },
        { 20, 13, 0, 7, "2020年，共评选产生市级返乡创业明星20名、明星企业13家；获评省返乡创业"
                        "明星企业7家。" },
        { 0, 13, 11, 7, "2020年，共评选产生市级返乡创业明星企业13家；获评省返乡创业明星11名，"
                        "省返乡创业明星企业7家。" },
        { 20, 0, 0, 0, "2020年，共评选产生市级返乡创业明星20名。" },
        { 0, 0, 11, 7, "2020年，获评省返乡创业明星11名，省返乡创业明星企业7家。" },
        { 0, 0, 0, 7, "2020年，获评省返乡创业明星企业7家。" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        v[0] = cases[i].city, v[1] = cases[i].city_ent, v[2] = cases[i].prov;
        v[3] = cases[i].prov_ent;
        GError *err = NULL;
        char *p = gy_stars_paragraph(t, &c, 0, "乐山市", &err);
        assert_non_null(p);
        if (strcmp(p, cases[i].want) != 0)
            fail_msg("case %zu: %s", i, p);
        g_free(p);
    }
    /* [[ is a bracket; a clause without counts is always said; an open [ is an error */
    GError *err = NULL;
    char *p = gy_stars_paragraph("[[注]] [甲][、乙{市级.明星}名|丙]", &c, 0, "", &err);
    assert_string_equal(p, "[注]] 甲");
    g_free(p);
    assert_null(gy_stars_paragraph("\n[甲{市级.明星}", &c, 0, "", &err));
    assert_non_null(strstr(err->message, "line 2: a '[' without its ']'"));
    g_error_free(err);
    g_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_layout_missing),
        cmocka_unit_test(test_judge),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_messy_roster),
        cmocka_unit_test(test_sample_counts),
        cmocka_unit_test(test_list_order),
        cmocka_unit_test(test_paragraph_errors),
        cmocka_unit_test(test_paragraph_zero_clauses),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
