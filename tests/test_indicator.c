/* test_indicator.c — the indicator table: loading report_templates/indicators.tsv, lookups,
 * and line-numbered errors for malformed tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "guiyan/indicator.h"
#include "guiyan/reader.h"

#define TABLE GY_TEMPLATES_DIR "/indicators.tsv"

static int
setup(void **state)
{
    GError *err = NULL;
    gy_indicators *t = gy_indicators_load(TABLE, &err);
    if (!t) {
        print_error("%s\n", err ? err->message : "?");
        g_clear_error(&err);
        return -1;
    }
    *state = t;
    return 0;
}

static int
teardown(void **state)
{
    gy_indicators_free(*state);
    return 0;
}

static void
test_shipped_table(void **state)
{
    const gy_indicators *t = *state;
    static const struct {
        gy_ind ind;
        const char *name, *key, *unit, *measure;
        int decimals;
    } want[] = {
        { GY_IND_STARTUPS, "新增返乡创业人数", "startups", "人", "人", 0 },
        { GY_IND_ENTITIES, "创办经济实体", "entities", "个", "个", 0 },
        { GY_IND_LOANS, "创业担保贷款发放笔数", "loans", "笔", "笔", 0 },
        { GY_IND_LOAN_AMOUNT, "创业担保贷款发放金额(万元)", "loan_amount", "万元", "元", 2 },
        { GY_IND_JOBS, "带动就业人数", "jobs", "人", "人", 0 },
        { GY_IND_OUTPUT, "实现产值(万元)", "output_value", "万元", "元", 2 },
    };
    assert_int_equal(gy_indicators_count(t), 6);
    for (size_t i = 0; i < 6; i++) {
        const gy_indicator *r = gy_indicators_at(t, i);
        assert_non_null(r);
        assert_int_equal(r->ind, want[i].ind);
        assert_string_equal(r->name, want[i].name);
        assert_string_equal(r->key, want[i].key);
        assert_string_equal(r->key, gy_ind_key(r->ind));
        assert_string_equal(r->unit, want[i].unit);
        assert_string_equal(r->measure, want[i].measure);
        assert_int_equal(r->decimals, want[i].decimals);
        assert_true(r->short_name[0] != '\0');
        assert_true(r->line > 1);
        assert_ptr_equal(gy_indicators_by_ind(t, want[i].ind), r);
        assert_ptr_equal(gy_indicators_by_key(t, want[i].key), r);
    }
    assert_null(gy_indicators_at(t, 6));
    assert_null(gy_indicators_by_key(t, "nope"));
    assert_null(gy_indicators_by_key(t, NULL));
    assert_null(gy_indicators_by_ind(t, GY_IND__COUNT));
}

static void
test_find(void **state)
{
    const gy_indicators *t = *state;
    static const struct { const char *name; gy_ind ind; } found[] = {
        { "创业担保贷款发放金额(万元)", GY_IND_LOAN_AMOUNT },
        { "创业担保贷款发放金额（万元）", GY_IND_LOAN_AMOUNT },   /* full-width brackets */
        { "创业担保贷款发放金额（万元)", GY_IND_LOAN_AMOUNT },
        { " 创业担保贷款发放金额 (万元)\u3000", GY_IND_LOAN_AMOUNT },
        { "创业担保贷款发放金额", GY_IND_LOAN_AMOUNT },          /* without the unit */
        { "loan_amount", GY_IND_LOAN_AMOUNT },                   /* the key */
        { "实现产值（万元）", GY_IND_OUTPUT },
        { "实现产值", GY_IND_OUTPUT },
        { "新增返乡创业人数", GY_IND_STARTUPS },
        { "创办经济实体", GY_IND_ENTITIES },
        { "创业担保贷款发放笔数", GY_IND_LOANS },
        { "带动就业人数", GY_IND_JOBS },
        { "jobs", GY_IND_JOBS },
    };
    for (size_t i = 0; i < sizeof found / sizeof found[0]; i++) {
        const gy_indicator *r = NULL;
        assert_int_equal(gy_indicators_find(t, found[i].name, &r), GY_OK);
        assert_non_null(r);
        assert_int_equal(r->ind, found[i].ind);
    }
    static const char *const unknown[] = {
        "新增就业人数", "创业担保贷款", "创业担保贷款发放金额(元)", "贷款金额", "万元", "",
        "output",
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const gy_indicator *r = (const gy_indicator *)t;     /* must be reset */
        assert_int_equal(gy_indicators_find(t, unknown[i], &r), GY_E_INDICATOR_UNKNOWN);
        assert_null(r);
    }
    const gy_indicator *r;
    assert_int_equal(gy_indicators_find(t, NULL, &r), GY_E_INDICATOR_UNKNOWN);
    assert_int_equal(gy_indicators_find(NULL, "jobs", &r), GY_E_INDICATOR_UNKNOWN);
}

/* A table that is fine: comments, blank lines, CRLF, a BOM, spaces around columns. */
static void
test_parse_ok(void **state)
{
    (void)state;
    static const char text[] =
        "\xEF\xBB\xBF# comment\r\n"
        "\r\n"
        "   # indented comment\n"
        "带动就业人数\tjobs\t人\t人\t就业\t0\r\n"
        " 产值 (万元) \t output_value \t万元\t元\t产值\t 2 \n";
    GError *err = NULL;
    gy_indicators *t = gy_indicators_parse(text, sizeof text - 1, "t.tsv", &err);
    assert_null(err);
    assert_non_null(t);
    assert_int_equal(gy_indicators_count(t), 2);
    const gy_indicator *r = gy_indicators_at(t, 1);
    assert_string_equal(r->name, "产值 (万元)");
    assert_string_equal(r->key, "output_value");
    assert_int_equal(r->decimals, 2);
    assert_int_equal(r->line, 5);
    assert_int_equal(gy_indicators_find(t, "产值（万元）", &r), GY_OK);
    assert_int_equal(r->ind, GY_IND_OUTPUT);
    assert_int_equal(gy_indicators_at(t, 0)->line, 4);
    assert_null(gy_indicators_by_ind(t, GY_IND_LOANS));
    gy_indicators_free(t);
    gy_indicators_free(NULL);
}

static const struct {
    const char *text;
    const char *message;      /* the whole message of the error */
} bad[] = {
    { "# c\njobs only\n",
      "t.tsv:2: expected 6 tab-separated columns (name, key, unit, measure, short, decimals), "
      "found 1" },
    { "带动就业人数\tjobs\t人\t人\t就业\t0\t多余\n",
      "t.tsv:1: expected 6 tab-separated columns (name, key, unit, measure, short, decimals), "
      "found 7" },
    { "#\n\n带动就业人数\tworkers\t人\t人\t就业\t0\n",
      "t.tsv:3: unknown indicator key \"workers\"" },
    { "带动就业人数\tjobs\t人\t\t就业\t0\n",
      "t.tsv:1: column measure is empty" },
    { "带动就业人数\tjobs\t人\t人\t就业\t2.5\n",
      "t.tsv:1: decimals must be a whole number from 0 to 6, not \"2.5\"" },
    { "带动就业人数\tjobs\t人\t人\t就业\t-1\n",
      "t.tsv:1: decimals must be a whole number from 0 to 6, not \"-1\"" },
    { "带动就业人数\tjobs\t人\t人\t就业\t7\n",
      "t.tsv:1: decimals must be a whole number from 0 to 6, not \"7\"" },
    { "带动就业人数\tjobs\t人\t人\t就业\t+1\n",
      "t.tsv:1: decimals must be a whole number from 0 to 6, not \"+1\"" },
    { "带动就业人数\tjobs\t人\t人\t就业\t0\n#\n就业\tjobs\t人\t人\t就业\t0\n",
      "t.tsv:3: key \"jobs\" already given on line 1" },
    { "金额(万元)\tloan_amount\t万元\t元\t金额\t2\n金额（万元）\toutput_value\t万元\t元\t产值\t2\n",
      "t.tsv:2: name \"金额（万元）\" already given on line 1" },
    { "# ok\n带动就业人数\tjobs\t人\t人\t就\xff\t0\n",
      "t.tsv:2: not valid UTF-8" },
    { "# only comments\n\n", "t.tsv: no indicator defined" },
    { "", "t.tsv: no indicator defined" },
};

static void
test_parse_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        GError *err = NULL;
        gy_indicators *t = gy_indicators_parse(bad[i].text, strlen(bad[i].text), "t.tsv", &err);
        assert_null(t);
        assert_non_null(err);
        assert_true(err->domain == GY_ERROR);
        assert_int_equal(err->code, GY_E_TEMPLATE);
        assert_string_equal(err->message, bad[i].message);
        g_error_free(err);
    }
    /* a NUL byte: not a text file */
    static const char nul[] = "带动就业人数\tjobs\t人\t人\t就业\t0\n\0\n";
    GError *err = NULL;
    assert_null(gy_indicators_parse(nul, sizeof nul - 1, "t.tsv", &err));
    assert_non_null(err);
    assert_string_equal(err->message, "t.tsv: not a text file (NUL byte)");
    g_error_free(err);
}

static void
test_load_errors(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_null(gy_indicators_load("/nonexistent/indicators.tsv", &err));
    assert_non_null(err);
    assert_true(err->domain == GY_ERROR);
    assert_int_equal(err->code, GY_E_IO);
    assert_non_null(strstr(err->message, "/nonexistent/indicators.tsv"));
    g_clear_error(&err);

    /* a malformed file on disk: the message names the file and the line */
    char *path = NULL;
    int fd = g_file_open_tmp("gy-indicators-XXXXXX.tsv", &path, &err);
    assert_true(fd >= 0);
    static const char text[] = "# name\tkey\tunit\tmeasure\tshort\tdecimals\n"
                               "带动就业人数\tjobs\t人\t人\t就业\t0\n"
                               "创办经济实体 entities 个 个 实体 0\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    assert_null(gy_indicators_load(path, &err));
    assert_non_null(err);
    assert_int_equal(err->code, GY_E_TEMPLATE);
    char *want = g_strdup_printf("%s:3: expected 6 tab-separated columns", path);
    assert_true(g_str_has_prefix(err->message, want));
    g_free(want);
    g_clear_error(&err);
    unlink(path);
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_shipped_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find, setup, teardown),
        cmocka_unit_test(test_parse_ok),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
