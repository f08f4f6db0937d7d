/* test_judge.c — the one row judge (judge.h): a table with every field type and rule, real
 * rows of the samples judged into values, or the field, column, value and reason of their first
 * problem; the row-level checks (a marked row, its shape, undecodable bytes) and the 合计 and
 * note rows below a list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/judge.h"

static gy_divisions *dv;
static gy_region *rg;

static int setup(void **state)
{
    (void)state;
    GError *err = NULL;
    dv = gy_divisions_load(GY_TEMPLATES_DIR "/divisions.tsv", &err);
    rg = dv ? gy_region_new(dv, "511100", &err) : NULL;
    if (!rg) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
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

/* 市级 0, 省级 1: a word of a small table, the way a roster's 级别 is read */
static gy_error level(const char *s, int64_t *out)
{
    if (!*s)
        return GY_E_EMPTY;
    *out = strcmp(s, "市级") == 0 ? 0 : strcmp(s, "省级") == 0 ? 1 : -1;
    return *out >= 0 ? GY_OK : GY_E_LEVEL;
}

enum { T_NAME, T_ID, T_COUNTY, T_START, T_LOAN, T_LOAN_DATE, T_JOBS, T_USCC, T_LEVEL, T_ENTITY,
       T__N };

#define PROVINCE { "level", GY_JC_EQ, 1 }
static const gy_judge_field table[T__N] = {
    [T_NAME] = { .key = "name", .type = GY_JT_TEXT, .required = true, .flags = GY_JF_SKIP_CHECK },
    [T_ID] = { .key = "id_number", .type = GY_JT_ID, .required = true, .flags = GY_JF_SKIP_CHECK },
    [T_COUNTY] = { .key = "county", .type = GY_JT_COUNTY, .required = true, .flags = GY_JF_GUESS },
    [T_START] = { .key = "start_date", .type = GY_JT_MONTH, .required = true,
                  .flags = GY_JF_NOT_AFTER },
    [T_LOAN] = { .key = "loan_amount", .type = GY_JT_MONEY, .required = false },
    [T_LOAN_DATE] = { .key = "loan_date", .type = GY_JT_DATE, .required = true,
                      .reason = GY_E_LOAN_NO_DATE, .flags = GY_JF_NOT_AFTER,
                      .rule = GY_JR_ONLY_IF, .cond = { "loan_amount", GY_JC_GT, 0 },
                      .absent_at = "loan_amount" },
    [T_JOBS] = { .key = "jobs", .type = GY_JT_COUNT, .required = false },
    /* level is judged after the code: its value is read ahead for the rule */
    [T_USCC] = { .key = "uscc", .type = GY_JT_USCC, .required = false, .rule = GY_JR_SOFT_UNLESS,
                 .cond = PROVINCE },
    [T_LEVEL] = { .key = "level", .type = GY_JT_CODE, .required = true, .parse = level },
    /* and before the entity: its judged value decides */
    [T_ENTITY] = { .key = "entity_name", .type = GY_JT_TEXT, .required = false,
                   .rule = GY_JR_REQUIRED_IF, .cond = PROVINCE,
                   .absent_at = "level" },
};
#undef PROVINCE

/* A row of writable copies (the judge unguards values in place). */
typedef struct rowbuf {
    gy_row row;
    char *cells[16];
} rowbuf;

static void rowbuf_set(rowbuf *b, unsigned long line, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        b->cells[i] = g_strdup(cells[i]);
    b->row = (gy_row){ .n = n, .fields = b->cells, .line = line, .bad_field = -1,
                       .problem = GY_OK, .problem_col = -1 };
}

static void rowbuf_clear(rowbuf *b)
{
    for (size_t i = 0; i < b->row.n; i++)
        g_free(b->cells[i]);
}

static gy_judge *compile(const int *cols)
{
    gy_unit units[T__N] = { [T_LOAN] = GY_UNIT_YUAN };   /* 贷款金额(元) */
    gy_judge_opts o = { .shape = true, .written = gy_day_from_ymd(2021, 6, 30),
                        .last_read = -1 };
    return gy_judge_new(table, T__N, cols, units, T__N, &o);
}

static const int all_cols[T__N] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static void test_accepted(void **state)
{
    (void)state;
    gy_judge *j = compile(all_cols);
    gy_region_memo *memo = gy_region_memo_new(rg);
    gy_judge_val v[T__N];
    /* a row of samples/training_2020.csv's person, with a loan, a code and 省级 */
    const char *cells[T__N] = { "沙马尔布", "511133196201036300", "马边彝族自治县", "2020-11-29",
                                "50000", "2020-12-01", "3人", "91511102MAGC3E597L", "省级",
                                "马边县沙马农资店" };
    rowbuf b;
    rowbuf_set(&b, 2, cells, T__N);
    gy_judge_verdict r = gy_judge_row(j, &b.row, rg, memo, v);
    assert_int_equal(r.reason, GY_OK);
    assert_int_equal(r.warning, GY_OK);
    assert_null(r.note);
    assert_string_equal(v[T_NAME].s, "沙马尔布");
    assert_string_equal(v[T_ID].code, "511133196201036300");
    assert_true((uint64_t)v[T_ID].i == gy_id_key("511133196201036300"));
    assert_int_equal(v[T_COUNTY].i, county("马边彝族自治县"));
    assert_int_equal(v[T_START].i, gy_day_from_ymd(2020, 11, 29));
    assert_false(v[T_START].month);
    assert_int_equal(v[T_LOAN].i, 5000000);          /* 50,000 元 in fen */
    assert_int_equal(v[T_LOAN_DATE].i, gy_day_from_ymd(2020, 12, 1));
    assert_int_equal(v[T_JOBS].i, 3);
    assert_string_equal(v[T_USCC].code, "91511102MAGC3E597L");
    assert_int_equal(v[T_LEVEL].i, 1);
    assert_string_equal(v[T_ENTITY].s, "马边县沙马农资店");
    rowbuf_clear(&b);

    /* an Excel guard on the ID, a month-only start, no loan (its date not read at all), a
     * blank count, a bad code on a 市级 row dropped with a warning, 峨眉 guessed */
    const char *cells2[T__N] = { "冯平", "'51112619930711635X", "峨眉", "2021年6月", "",
                                 "不是日期", "", "93511126MA4J8EW740", "市级", "" };
    rowbuf_set(&b, 3, cells2, T__N);
    r = gy_judge_row(j, &b.row, rg, memo, v);
    assert_int_equal(r.reason, GY_OK);
    assert_string_equal(v[T_ID].code, "51112619930711635X");
    assert_string_equal(v[T_ID].s, "51112619930711635X");
    assert_int_equal(v[T_COUNTY].i, county("峨眉山市"));
    assert_int_equal(v[T_START].i, gy_day_from_ymd(2021, 6, 1));
    assert_true(v[T_START].month);
    assert_true(v[T_LOAN].blank);
    assert_int_equal(v[T_LOAN].i, 0);
    assert_true(v[T_LOAN_DATE].blank);
    assert_int_equal(v[T_LOAN_DATE].i, GY_NO_DAY);
    assert_true(v[T_JOBS].blank);
    assert_int_equal(r.warning, GY_E_USCC_CHECK);
    assert_int_equal(r.warn_field, T_USCC);
    assert_string_equal(r.warn_value, "93511126MA4J8EW740");
    assert_true(v[T_USCC].blank);
    assert_string_equal(v[T_USCC].code, "");
    assert_int_equal(v[T_LEVEL].i, 0);
    rowbuf_clear(&b);
    gy_region_memo_free(memo);
    gy_judge_free(j);
}

/* One rejected row: its cells, and the reason, field, column and value told. */
typedef struct reject_case {
    const char *cells[T__N + 1];
    size_t n;
    gy_error reason;
    int field, col;
    const char *value;
} reject_case;

#define ROW(...) { __VA_ARGS__ }
#define OK_ROW "甲", "51112619930711635X", "峨眉山市", "2021-01-05", "", "", "3", "", "市级", ""

static void test_rejected(void **state)
{
    (void)state;
    static const reject_case cases[] = {
        /* every field type's own reason, at its column */
        { ROW("", "51112619930711635X", "峨眉山市", "2021-01-05", "", "", "3", "", "市级", ""),
          T__N, GY_E_EMPTY, T_NAME, 0, "" },
        { ROW("甲", "511126199307116351", "峨眉山市", "2021-01-05", "", "", "3", "", "市级", ""),
          T__N, GY_E_ID_CHECK, T_ID, 1, "511126199307116351" },
        { ROW("甲", "5.11126E+17", "峨眉山市", "2021-01-05", "", "", "3", "", "市级", ""),
          T__N, GY_E_ID_EXCEL_SCI, T_ID, 1, "5.11126E+17" },
        { ROW("甲", "'", "峨眉山市", "2021-01-05", "", "", "3", "", "市级", ""),
          T__N, GY_E_EMPTY, T_ID, 1, "" },
        { ROW("甲", "51112619930711635X", "嘉州区", "2021-01-05", "", "", "3", "", "市级", ""),
          T__N, GY_E_COUNTY_UNKNOWN, T_COUNTY, 2, "嘉州区" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-02-30", "", "", "3", "", "市级", ""),
          T__N, GY_E_DATE_INVALID, T_START, 3, "2021-02-30" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "", "", "", "3", "", "市级", ""),
          T__N, GY_E_EMPTY, T_START, 3, "" },
        /* after the file was written (2021-06-30) */
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-07-01", "", "", "3", "", "市级", ""),
          T__N, GY_E_DATE_AFTER_FILE, T_START, 3, "2021-07-01" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "-5", "", "3", "", "市级", ""),
          T__N, GY_E_AMOUNT_NEGATIVE, T_LOAN, 4, "-5" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "1.234", "", "3", "", "市级",
              ""), T__N, GY_E_AMOUNT_PRECISION, T_LOAN, 4, "1.234" },
        /* a loan needs its date: any failure is told with the field's own reason */
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "100", "", "3", "", "市级", ""),
          T__N, GY_E_LOAN_NO_DATE, T_LOAN_DATE, 5, "" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "100", "2021-02-30", "3", "",
              "市级", ""), T__N, GY_E_LOAN_NO_DATE, T_LOAN_DATE, 5, "2021-02-30" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "100", "2021-07-02", "3", "",
              "市级", ""), T__N, GY_E_DATE_AFTER_FILE, T_LOAN_DATE, 5, "2021-07-02" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "", "", "三人", "", "市级", ""),
          T__N, GY_E_COUNT_FORMAT, T_JOBS, 6, "三人" },
        /* a bad code on a 省级 row rejects it (read ahead of the level) */
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "", "", "3",
              "93511126MA4J8EW740", "省级", "某公司"), T__N, GY_E_USCC_CHECK, T_USCC, 7,
          "93511126MA4J8EW740" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "", "", "3", "", "国家级", ""),
          T__N, GY_E_LEVEL, T_LEVEL, 8, "国家级" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "", "", "3", "", "", ""),
          T__N, GY_E_EMPTY, T_LEVEL, 8, "" },
        /* 省级 needs the entity */
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "", "", "3", "", "省级", ""),
          T__N, GY_E_EMPTY, T_ENTITY, 9, "" },
        /* the rows below a list: skipped, told at the cell that says so */
        { ROW("合计", "", "", "", "", "", "", "", "", ""), T__N, GY_E_TOTAL_ROW, T_NAME, 0, "合计" },
        { ROW("", "", "", "制表人：张三", "", "", "", "", "", ""), T__N, GY_E_NOTE_ROW, T_START,
          3, "制表人：张三" },
        /* its shape: a cell past the header, a row cut short before a column read */
        { ROW(OK_ROW, "多"), T__N + 1, GY_E_ROW_LONG, -1, 10, "多" },
        { ROW("甲", "51112619930711635X", "峨眉山市", "2021-01-05", "100"), 5, GY_E_ROW_SHORT,
          T_LOAN_DATE, 5, "" },
    };
    gy_judge *j = compile(all_cols);
    gy_region_memo *memo = gy_region_memo_new(rg);
    gy_judge_val v[T__N];
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        rowbuf b;
        rowbuf_set(&b, i + 2, cases[i].cells, cases[i].n);
        gy_judge_verdict r = gy_judge_row(j, &b.row, rg, memo, v);
        if (r.reason != cases[i].reason || r.field != cases[i].field || r.col != cases[i].col ||
            strcmp(r.value, cases[i].value) != 0)
            fail_msg("case %zu: reason %d field %d col %d value \"%s\"", i, r.reason, r.field,
                     r.col, r.value);
        assert_int_equal(r.skipped, r.reason == GY_E_TOTAL_ROW || r.reason == GY_E_NOTE_ROW);
        if (r.reason == GY_E_COUNTY_UNKNOWN)   /* the nearest names, for the clerk */
            assert_non_null(strstr(r.detail, "市中区"));
        g_free(r.detail);
        g_free(r.note);
        rowbuf_clear(&b);
    }
    gy_region_memo_free(memo);
    gy_judge_free(j);
}

/* What the reader marks: a row not whole, undecodable bytes; a file without the loan-date
 * column; a strict county (rosters and lists: no guessing, no memo). */
static void test_rows_and_columns(void **state)
{
    (void)state;
    const char *cells[T__N] = { OK_ROW };
    gy_judge *j = compile(all_cols);
    gy_judge_val v[T__N];
    rowbuf b;
    rowbuf_set(&b, 2, cells, T__N);
    b.row.problem = GY_E_FIELD_TOO_BIG;
    b.row.problem_col = 6;
    gy_judge_verdict r = gy_judge_row(j, &b.row, rg, NULL, v);
    assert_int_equal(r.reason, GY_E_FIELD_TOO_BIG);
    assert_int_equal(r.field, T_JOBS);
    assert_string_equal(r.value, "3");
    b.row.problem = GY_OK;
    b.row.bad_field = 2;
    r = gy_judge_row(j, &b.row, rg, NULL, v);
    assert_int_equal(r.reason, GY_E_ENCODING);
    assert_int_equal(r.field, T_COUNTY);
    assert_int_equal(r.col, 2);
    rowbuf_clear(&b);
    gy_judge_free(j);

    /* no 贷款发放日期 column: a loan without a date is told at the amount */
    int cols[T__N];
    memcpy(cols, all_cols, sizeof cols);
    cols[T_LOAN_DATE] = -1;
    j = compile(cols);
    gy_region_memo *memo = gy_region_memo_new(rg);
    const char *loan[T__N] = { "甲", "51112619930711635X", "峨眉山市", "2021-01-05", "100", "",
                               "3", "", "市级", "" };
    rowbuf_set(&b, 3, loan, T__N);
    r = gy_judge_row(j, &b.row, rg, memo, v);
    assert_int_equal(r.reason, GY_E_LOAN_NO_DATE);
    assert_int_equal(r.field, T_LOAN);
    assert_int_equal(r.col, 4);
    assert_string_equal(r.value, "100");
    rowbuf_clear(&b);
    gy_region_memo_free(memo);
    gy_judge_free(j);

    /* a strict county: 峨眉 is not a spelling of the region's, and 嘉州区 is not guessed */
    static const gy_judge_field strict[] = {
        { .key = "id_number", .type = GY_JT_ID, .required = true, .flags = GY_JF_SKIP_CHECK },
        { .key = "county", .type = GY_JT_COUNTY, .required = true, .flags = GY_JF_SKIP_CHECK },
    };
    const int two[] = { 0, 1 };
    gy_judge_opts o = { .written = INT32_MAX, .last_read = -1 };
    j = gy_judge_new(strict, 2, two, NULL, 2, &o);
    memo = gy_region_memo_new(rg);
    const char *rows[][2] = { { "51112619930711635X", "峨眉" },
                              { "51112619930711635X", "峨眉山市" } };
    for (int k = 0; k < 2; k++) {
        rowbuf_set(&b, 4, rows[k], 2);
        r = gy_judge_row(j, &b.row, rg, k ? memo : NULL, v);
        assert_int_equal(r.reason, k ? GY_OK : GY_E_COUNTY_UNKNOWN);
        assert_null(r.detail);
        if (k)
            assert_int_equal(v[1].i, county("峨眉山市"));
        rowbuf_clear(&b);
    }
    gy_region_memo_free(memo);
    gy_judge_free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_rejected),
        cmocka_unit_test(test_rows_and_columns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
