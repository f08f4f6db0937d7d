/* test_declared.c — declared indicators: every field of an indicator line's declaration
 * (kind, count, filter, date, aliases), bad lines named with their line and reason, record
 * kinds, the store's duplicates and replacements, and each measure (rows, distinct persons,
 * distinct values, sums) with filters, periods and counties. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/cube.h"
#include "guiyan/declared.h"
#include "guiyan/fields.h"
#include "guiyan/indicator.h"

static const char TABLE[] =
    "新增返乡创业人数\tstartups\t人\t人\t返乡创业人数\t0\n"
    "培训创业人员(人次)\ttraining_times\t人次\t人次\t创业培训人次\t0\ttraining\trows\t"
    "培训类别=创业培训\t结业日期\t培训创业人员;创业培训人次\n"
    "市级明星企业\tcity_firms\t家\t家\t市级明星企业\t0\tstars\trows\t级别=市级&类别=明星企业|返乡创业明星企业\t评选年度\n"
    "课时\thours\t课时\t课时\t课时\t0\ttraining\tsum(hours)\t-\tend_date\t-\n";

static void test_fields(void **state)
{
    (void)state;
    GError *err = NULL;
    gy_indicators *t = gy_indicators_parse(TABLE, strlen(TABLE), "t.tsv", &err);
    assert_non_null(t);
    assert_int_equal(gy_indicators_count(t), 1);          /* the startup row only */
    assert_int_equal(gy_indicators_n_declared(t), 3);
    const gy_indicator *r = gy_indicators_declared_at(t, 0);
    assert_string_equal(r->key, "training_times");
    assert_int_equal(r->ind, GY_IND__COUNT);          /* the first slot past the cube's */
    assert_true(gy_indicator_is_declared(r));
    assert_false(gy_indicator_is_distinct(r));
    assert_true(gy_indicator_is_distinct(gy_indicators_at(t, 0)));
    assert_int_equal(gy_indicators_declared_at(t, 2)->ind, GY_IND__COUNT + 2);
    assert_string_equal(r->decl->kind, "training");
    assert_int_equal(r->decl->measure, GY_DM_ROWS);
    assert_null(r->decl->column);
    assert_int_equal(r->decl->n_conds, 1);
    assert_string_equal(r->decl->conds[0].field, "培训类别");
    assert_string_equal(r->decl->conds[0].values[0], "创业培训");
    assert_string_equal(r->decl->date, "结业日期");
    assert_string_equal(r->decl->aliases[1], "创业培训人次");
    assert_int_equal(r->line, 2);
    /* found by name, name without unit, key, short name, alias; never by gy_indicators_find */
    assert_ptr_equal(gy_indicators_find_declared(t, "培训创业人员（人次）"), r);
    assert_ptr_equal(gy_indicators_find_declared(t, "培训创业人员"), r);
    assert_ptr_equal(gy_indicators_find_declared(t, "training_times"), r);
    assert_ptr_equal(gy_indicators_find_declared(t, "创业培训人次"), r);
    const gy_indicator *o = NULL;
    assert_int_equal(gy_indicators_find(t, "培训创业人员(人次)", &o), GY_E_INDICATOR_UNKNOWN);
    const gy_indicator *s = gy_indicators_declared_at(t, 1);
    assert_int_equal(s->decl->n_conds, 2);
    assert_string_equal(s->decl->conds[1].field, "类别");
    assert_string_equal(s->decl->conds[1].values[1], "返乡创业明星企业");
    assert_null(s->decl->aliases[0]);
    const gy_indicator *h = gy_indicators_declared_at(t, 2);
    assert_int_equal(h->decl->measure, GY_DM_SUM);
    assert_string_equal(h->decl->column, "hours");
    assert_int_equal(h->decl->n_conds, 0);
    gy_indicators_free(t);
}

static void bad(const char *line, const char *want)
{
    char *text = g_strdup_printf("新增返乡创业人数\tstartups\t人\t人\t返乡创业人数\t0\n%s\n", line);
    GError *err = NULL;
    gy_indicators *t = gy_indicators_parse(text, strlen(text), "t.tsv", &err);
    assert_null(t);
    assert_non_null(err);
    if (!strstr(err->message, want))
        print_error("got: %s\nwant: %s\n", err->message, want);
    assert_true(g_str_has_prefix(err->message, "t.tsv:2: "));
    assert_non_null(strstr(err->message, want));
    g_clear_error(&err);
    g_free(text);
}

static void test_bad_lines(void **state)
{
    (void)state;
    bad("甲\tk\t人\t人\t甲\t0\ttraining\trows\t-", "expected 6 tab-separated columns");
    bad("甲\tk\t人\t人\t甲\t0\ttraining\tcount\t-\td", "count \"count\"");
    bad("甲\tk\t人\t人\t甲\t0\ttraining\tsum\t-\td", "count \"sum\"");
    bad("甲\tk\t人\t人\t甲\t0\ttraining\trows(x)\t-\td", "count \"rows(x)\"");
    bad("甲\tk\t人\t人\t甲\t0\ttraining\trows\t类别\td", "field=value");
    bad("甲\tk\t人\t人\t甲\t0\ttraining\trows\t类别=\td", "needs a field and a value");
    bad("甲\tk\t人\t人\t甲\t0\ttraining\trows\ta=1&=2\td", "needs a field and a value");
    bad("甲\tk\t人\t人\t甲\t0\t培训\trows\t-\td", "kind \"培训\"");
    bad("甲\tk\t人\t人\t甲\t0\ttraining\trows\t-\t", "column date is empty");
    bad("甲\tk\t人\t人\t甲\t0\ttraining\trows\t-\ta b", "date \"a b\"");
    bad("甲\tstartups\t人\t人\t甲\t0\ttraining\trows\t-\td", "startup ledger indicator's");
    bad("甲\tnew_key\t人\t人\t甲\t0", "unknown indicator key");
    bad("新增返乡创业人数\tk2\t人\t人\t甲\t0\ttraining\trows\t-\td", "already given on line 1");
}

static const char KINDS[] =
    "[training]\nlabel=培训台账\n"
    "fields=name!;id_number:id!;county:county!;course!;category!;start_date:date!;end_date:date!;hours:number\n"
    "key=id_number;course;start_date\n";

static void test_kinds(void **state)
{
    (void)state;
    GError *err = NULL;
    gy_kinds *k = gy_kinds_parse(KINDS, strlen(KINDS), "k.ini", &err);
    assert_non_null(k);
    const gy_rkind *kd = gy_kinds_find(k, "training");
    assert_non_null(kd);
    assert_string_equal(kd->label, "培训台账");
    assert_int_equal(kd->n_fields, 8);
    assert_int_equal(kd->person, 1);
    assert_int_equal(kd->county, 2);
    assert_int_equal(kd->fields[5].type, GY_KF_DATE);
    assert_true(kd->fields[5].required);
    assert_false(kd->fields[7].required);
    assert_int_equal(kd->n_key, 3);
    assert_int_equal(kd->key[2], 5);
    gy_kinds_free(k);
    static const char *const bads[][2] = {
        { "[t]\nlabel=x\nfields=a:when\nkey=a\n", "unknown field type" },
        { "[t]\nlabel=x\nfields=a;a\nkey=a\n", "given twice" },
        { "[t]\nlabel=x\nfields=a\nkey=b\n", "key= names a field" },
        { "[t]\nfields=a\nkey=a\n", "no label=" },
        { "[t]\nlabel=x\nfields=a:id;b:id\nkey=a\n", "only one id" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bads); i++) {
        assert_null(gy_kinds_parse(bads[i][0], strlen(bads[i][0]), "k.ini", &err));
        assert_non_null(strstr(err->message, bads[i][1]));
        assert_true(g_str_has_prefix(err->message, "k.ini: [t]: "));
        g_clear_error(&err);
    }
    /* read by the one INI reader: a line that is not INI is named with its number, a value
     * that is not UTF-8 with its group and key */
    static const char *const lines[][2] = {
        { "[t]\nlabel=x\nfields a\nkey=a\n", "k.ini:3: not a [group], a key=value or a # comment" },
        { "label=x\n[t]\nfields=a\nkey=a\n", "k.ini:1: key=value before the first [group]" },
        { "[t]\nlabel=\xff\xfe\nfields=a\nkey=a\n", "k.ini:2: [t] label: not UTF-8" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        assert_null(gy_kinds_parse(lines[i][0], strlen(lines[i][0]), "k.ini", &err));
        assert_string_equal(err->message, lines[i][1]);
        g_clear_error(&err);
    }
}

/* A training record: person p, county c, course, category, start and end, hours. */
static gy_decl_fate add(gy_decl_store *st, uint32_t file, uint64_t p, uint32_t c, const char *course,
                        const char *cat, gy_day start, gy_day end, int64_t hours)
{
    int64_t v[8] = { gy_decl_store_intern(st, "某"), (int64_t)p, c,
                     gy_decl_store_intern(st, course), gy_decl_store_intern(st, cat), start, end,
                     hours };
    gy_decl_rec r = { .kind = 0, .file = file, .line = 2, .person = p, .county = c, .v = v };
    uint32_t older = 99;
    return gy_decl_store_add(st, &r, &older);
}

static const char *label(const char *kind, const char *cell, void *user)
{
    (void)kind;
    (void)user;
    if (strcmp(cell, "培训类别") == 0)
        return "category";
    return strcmp(cell, "结业日期") == 0 ? "end_date" : NULL;
}

static void test_measures(void **state)
{
    (void)state;
    GError *err = NULL;
    gy_kinds *k = gy_kinds_parse(KINDS, strlen(KINDS), "k.ini", &err);
    gy_decl_store *st = gy_decl_store_new(k);
    gy_day d1 = gy_day_from_ymd(2020, 3, 1), d2 = gy_day_from_ymd(2020, 12, 20);
    gy_day d3 = gy_day_from_ymd(2021, 2, 1);
    assert_int_equal(add(st, 0, 11, 0, "SYB1", "创业培训", d1, d1 + 5, 40), GY_DECL_ADDED);
    assert_int_equal(add(st, 0, 11, 0, "SYB2", "创业培训", d1, d1 + 5, 40), GY_DECL_ADDED);
    assert_int_equal(add(st, 0, 12, 1, "SYB1", "创业培训", d2, d2 + 5, 40), GY_DECL_ADDED);
    assert_int_equal(add(st, 0, 12, 1, "SYB1", "创业培训", d2, d2 + 5, 40), GY_DECL_DUPLICATE);
    assert_int_equal(add(st, 0, 13, 1, "茶艺", "劳务品牌培训", d1, d1 + 9, 72), GY_DECL_ADDED);
    /* the next year's export holds the December course again: it replaces it */
    assert_int_equal(add(st, 1, 12, 1, "SYB1", "创业培训", d2, d2 + 5, 48), GY_DECL_REPLACES);
    assert_int_equal(add(st, 1, 14, 0, "SYB9", "创业培训", d3, d3 + 5, 40), GY_DECL_ADDED);
    assert_int_equal(gy_decl_store_count_kind(st, 0), 5);

    char *c_rows[] = { "training", "rows", "培训类别=创业培训", "结业日期" };
    char *c_pers[] = { "training", "persons", "培训类别=创业培训", "结业日期" };
    char *c_dist[] = { "training", "distinct(course)", "category=创业培训|劳务品牌培训", "end_date" };
    char *c_sum[] = { "training", "sum(hours)", "-", "end_date" };
    gy_decl_spec *s_rows = gy_decl_spec_parse(c_rows, 4, &err);
    gy_decl_spec *s_pers = gy_decl_spec_parse(c_pers, 4, &err);
    gy_decl_spec *s_dist = gy_decl_spec_parse(c_dist, 4, &err);
    gy_decl_spec *s_sum = gy_decl_spec_parse(c_sum, 4, &err);
    gy_decl_query *q_rows = gy_decl_query_new(st, s_rows, label, NULL, &err);
    gy_decl_query *q_pers = gy_decl_query_new(st, s_pers, label, NULL, &err);
    gy_decl_query *q_dist = gy_decl_query_new(st, s_dist, label, NULL, &err);
    gy_decl_query *q_sum = gy_decl_query_new(st, s_sum, label, NULL, &err);
    assert_non_null(q_rows);
    assert_non_null(q_sum);
    gy_day y0 = gy_day_from_ymd(2020, 1, 1), y1 = gy_day_from_ymd(2020, 12, 31);
    /* 2020: three 创业培训 rows (person 11 twice, 12 once — replaced, still once) */
    assert_int_equal(gy_decl_value(st, q_rows, GY_ALL, y0, y1, NULL, NULL), 3);
    assert_int_equal(gy_decl_value(st, q_pers, GY_ALL, y0, y1, NULL, NULL), 2);
    assert_int_equal(gy_decl_value(st, q_rows, 1, y0, y1, NULL, NULL), 1);
    assert_int_equal(gy_decl_value(st, q_rows, GY_ALL, GY_NO_DAY, GY_NO_DAY, NULL, NULL), 4);
    assert_int_equal(gy_decl_value(st, q_pers, GY_ALL, GY_NO_DAY, GY_NO_DAY, NULL, NULL), 3);
    /* distinct courses of either category: SYB1, SYB2, 茶艺, SYB9 */
    assert_int_equal(gy_decl_value(st, q_dist, GY_ALL, GY_NO_DAY, GY_NO_DAY, NULL, NULL), 4);
    /* hours: the replacement's 48, not the replaced 40 */
    assert_int_equal(gy_decl_value(st, q_sum, GY_ALL, y0, y1, NULL, NULL), 40 + 40 + 48 + 72);
    /* a filter naming an unknown field, a date field that is not a date */
    char *c_bad[] = { "training", "rows", "nosuch=1", "end_date" };
    gy_decl_spec *s_bad = gy_decl_spec_parse(c_bad, 4, &err);
    assert_null(gy_decl_query_new(st, s_bad, label, NULL, &err));
    assert_non_null(strstr(err->message, "nosuch"));
    g_clear_error(&err);
    char *c_bad2[] = { "training", "sum(course)", "-", "end_date" };
    gy_decl_spec *s_bad2 = gy_decl_spec_parse(c_bad2, 4, &err);
    assert_null(gy_decl_query_new(st, s_bad2, label, NULL, &err));
    g_clear_error(&err);
    gy_decl_spec_free(s_bad);
    gy_decl_spec_free(s_bad2);
    gy_decl_query_free(q_rows);
    gy_decl_query_free(q_pers);
    gy_decl_query_free(q_dist);
    gy_decl_query_free(q_sum);
    gy_decl_spec_free(s_rows);
    gy_decl_spec_free(s_pers);
    gy_decl_spec_free(s_dist);
    gy_decl_spec_free(s_sum);
    gy_decl_store_free(st);
    gy_kinds_free(k);
}

static void test_magnitude(void **state)
{
    (void)state;
    static const struct { int64_t n; const char *want; } cases[] = {
        { 1083, "上千人次" }, { 1000, "上千人次" }, { 999, "上百人次" }, { 100, "上百人次" },
        { 99, "99人次" }, { 12000, "上万人次" }, { 100000000, "上亿人次" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *s = gy_cn_magnitude(cases[i].n, "人次");
        assert_string_equal(s, cases[i].want);
        g_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_measures),
        cmocka_unit_test(test_magnitude),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
