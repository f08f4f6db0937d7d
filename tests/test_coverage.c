/* test_coverage.c — spans and gaps of the dates held, and which periods they cover. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/coverage.h"
#include "guiyan/cube.h"
#include "guiyan/fields.h"

static gy_day D(int y, int m, int d) { return gy_day_from_ymd(y, m, d); }

/* A coverage of the given days. */
static void cover_of(gy_cover *cv, const gy_day *days, size_t n)
{
    uint8_t bits[(GY_COVER_DAYS + 7) / 8] = { 0 };
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(days[i] - gy_cover_base());
        bits[d >> 3] |= (uint8_t)(1u << (d & 7));
    }
    gy_cover_from_days(cv, bits);
}

static void test_span_and_gaps(void **state)
{
    (void)state;
    gy_cover cv;
    const gy_day days[] = { D(2021, 6, 3), D(2021, 1, 5), D(2021, 3, 31), D(2021, 6, 18) };
    cover_of(&cv, days, 4);
    assert_int_equal(cv.first, D(2021, 1, 5));
    assert_int_equal(cv.last, D(2021, 6, 18));
    gy_month m[4];
    assert_int_equal(gy_cover_gaps(&cv, m, 4), 3);
    assert_int_equal(m[0], GY_MONTH(2021, 2));
    assert_int_equal(m[1], GY_MONTH(2021, 4));
    assert_int_equal(m[2], GY_MONTH(2021, 5));
    char *t = gy_cover_text_zh(&cv);
    assert_string_equal(t, "2021年1月5日至2021年6月18日；其间2021年2月、2021年4月、2021年5月无记录");
    g_free(t);
    /* the ends of the calendar guiyan reads */
    const gy_day ends[] = { D(1949, 1, 1), D(2099, 12, 31) };
    cover_of(&cv, ends, 2);
    assert_int_equal(cv.first, D(1949, 1, 1));
    assert_int_equal(cv.last, D(2099, 12, 31));
    assert_true(gy_cover_has_month(&cv, GY_MONTH(2099, 12)));
    gy_cover none;
    cover_of(&none, NULL, 0);
    assert_false(gy_cover_any(&none));
    t = gy_cover_text_zh(&none);
    assert_string_equal(t, "无记录");
    g_free(t);
}

/* A period is covered when it ends by the last day, starts on or after the first (or is open),
 * and has no month in a run of two months without dates; one quiet month is a true 0. */
static void test_period(void **state)
{
    (void)state;
    gy_cover cv;
    const gy_day days[] = { D(2021, 1, 5), D(2021, 3, 31), D(2021, 6, 3), D(2021, 7, 31) };
    cover_of(&cv, days, 4);
    assert_true(gy_cover_period(&cv, D(2021, 2, 1), D(2021, 2, 28)));    /* one quiet month */
    assert_false(gy_cover_period(&cv, D(2021, 4, 1), D(2021, 4, 30)));   /* April and May */
    assert_false(gy_cover_period(&cv, D(2021, 1, 1), D(2021, 7, 31)));   /* before the first */
    assert_false(gy_cover_period(&cv, D(2021, 6, 1), D(2021, 8, 31)));   /* after the last */
    assert_true(gy_cover_period(&cv, D(2021, 6, 1), D(2021, 7, 31)));
    assert_false(gy_cover_period(&cv, GY_NO_DAY, D(2021, 7, 31)));       /* through the gap */
    assert_true(gy_cover_period(&cv, GY_NO_DAY, D(2021, 3, 31)));        /* since records began */
    assert_true(gy_cover_touches(&cv, D(2021, 1, 1), D(2021, 12, 31)));
    assert_false(gy_cover_touches(&cv, D(2021, 4, 1), D(2021, 5, 31)));
    assert_false(gy_cover_touches(&cv, D(2020, 1, 1), D(2020, 12, 31)));
}

/* summary.csv's columns: the uncovered periods go, the others keep their values. */
static void test_table_without_uncovered(void **state)
{
    (void)state;
    gy_cover cv[GY_COVER__KINDS];
    const gy_day starts[] = { D(2021, 1, 5), D(2021, 6, 5) }, loans[] = { D(2021, 3, 9) };
    cover_of(&cv[GY_COVER_START], starts, 2);
    cover_of(&cv[GY_COVER_LOAN], loans, 1);
    gy_table *t = gy_table_new(2, 6, GY_GRAIN_MONTH);
    for (size_t c = 0; c < 6; c++) {
        t->col_month[c] = GY_MONTH(2021, 1) + (gy_month)c;
        t->col_label[c] = g_strdup_printf("2021-%02zu", c + 1);
        *gy_table_at(t, GY_IND_JOBS, 1, c) = (int64_t)c * 10;
    }
    /* each kind apart (summary.csv's empty cells): January and June by start dates only,
     * March by its loan date only */
    assert_true(gy_cover_column(&cv[GY_COVER_START], t, 0));
    assert_false(gy_cover_column(&cv[GY_COVER_LOAN], t, 0));
    assert_false(gy_cover_column(&cv[GY_COVER_START], t, 2));
    assert_true(gy_cover_column(&cv[GY_COVER_LOAN], t, 2));
    assert_true(gy_cover_column(&cv[GY_COVER_START], t, 5));
    assert_false(gy_cover_column(&cv[GY_COVER_LOAN], t, 5));
    gy_table *k = gy_cover_table(t, cv);
    /* January, March (a loan), June: February to May hold no start date, April and May no
     * loan date either */
    assert_int_equal(k->n_cols, 3);
    assert_string_equal(k->col_label[0], "2021-01");
    assert_string_equal(k->col_label[1], "2021-03");
    assert_string_equal(k->col_label[2], "2021-06");
    assert_int_equal(*gy_table_at(k, GY_IND_JOBS, 1, 1), 20);
    assert_int_equal(*gy_table_at(k, GY_IND_JOBS, 1, 2), 50);
    gy_table_free(k);
    gy_table_free(t);
}

/* track's note: a late start, records that stop before the as-of month, or both. */
static void test_track_note(void **state)
{
    (void)state;
    gy_cover cv;
    const gy_day h1[] = { D(2021, 1, 1), D(2021, 6, 30) }, jun[] = { D(2021, 6, 3), D(2021, 6, 18) },
                 y20[] = { D(2020, 1, 1), D(2020, 12, 31) };
    cover_of(&cv, h1, 2);
    assert_null(gy_cover_track_note_zh(&cv, D(2021, 6, 30)));
    char *t = gy_cover_track_note_zh(&cv, D(2021, 7, 15));
    assert_string_equal(t, "记录截至2021年6月30日，7月1日至7月15日无记录，累计不含这段时间");
    g_free(t);
    t = gy_cover_track_note_zh(&cv, D(2021, 7, 31));
    assert_string_equal(t, "记录截至2021年6月30日，7月无记录，累计不含7月");
    g_free(t);
    t = gy_cover_track_note_zh(&cv, D(2021, 9, 30));
    assert_string_equal(t, "记录截至2021年6月30日，7—9月无记录，累计不含7—9月");
    g_free(t);
    t = gy_cover_track_note_zh(&cv, D(2021, 8, 10));
    assert_string_equal(t, "记录截至2021年6月30日，7月1日至8月10日无记录，累计不含这段时间");
    g_free(t);
    cover_of(&cv, jun, 2);
    t = gy_cover_track_note_zh(&cv, D(2021, 7, 31));
    assert_string_equal(t, "记录自2021年6月3日起，1月1日至6月2日无记录，累计不含这段时间；"
                           "记录截至2021年6月18日，6月19日至7月31日无记录，累计不含这段时间");
    g_free(t);
    const gy_day jul10[] = { D(2021, 1, 1), D(2021, 7, 10) };
    cover_of(&cv, jul10, 2);                 /* to 10 July, as of 31 July: the ※ mark's */
    assert_null(gy_cover_track_note_zh(&cv, D(2021, 7, 31)));
    cover_of(&cv, y20, 2);
    t = gy_cover_track_note_zh(&cv, D(2021, 3, 31));
    assert_string_equal(t, "记录截至2020年12月31日，2021年无记录");
    g_free(t);
}

/* track's note when the records start after 1 January. */
static void test_year_note(void **state)
{
    (void)state;
    gy_cover cv;
    const gy_day june1[] = { D(2021, 6, 1), D(2021, 7, 31) };
    cover_of(&cv, june1, 2);
    char *t = gy_cover_year_note_zh(&cv, 2021);
    assert_string_equal(t, "记录自2021年6月1日起，1—5月无记录，累计不含1—5月");
    g_free(t);
    t = gy_cover_year_note_zh(&cv, 2020);             /* a year before the records */
    assert_string_equal(t, "记录自2021年6月1日起，2020年无记录");
    g_free(t);
    const gy_day feb1[] = { D(2021, 2, 1) }, jun3[] = { D(2021, 6, 3) }, jan1[] = { D(2021, 1, 1) };
    cover_of(&cv, feb1, 1);
    t = gy_cover_year_note_zh(&cv, 2021);
    assert_string_equal(t, "记录自2021年2月1日起，1月无记录，累计不含1月");
    g_free(t);
    cover_of(&cv, jun3, 1);
    t = gy_cover_year_note_zh(&cv, 2021);
    assert_string_equal(t, "记录自2021年6月3日起，1月1日至6月2日无记录，累计不含这段时间");
    g_free(t);
    cover_of(&cv, jan1, 1);
    assert_null(gy_cover_year_note_zh(&cv, 2021));
    cover_of(&cv, june1, 2);
    assert_int_equal(gy_cover_whole_year(&cv, 2021), 0);
    /* a date in every month from March 2019 to June 2021, but none in August and September
     * 2019 nor in May 2020 (one quiet month) */
    gy_day months[40];
    size_t n = 0;
    for (int k = GY_MONTH(2019, 3); k <= GY_MONTH(2021, 6); k++)
        if (k != GY_MONTH(2019, 8) && k != GY_MONTH(2019, 9) && k != GY_MONTH(2020, 5))
            months[n++] = D(GY_MONTH_YEAR(k), GY_MONTH_NUM(k), k == GY_MONTH(2020, 1) ? 1 : 15);
    months[n++] = D(2020, 12, 31);
    cover_of(&cv, months, n);
    assert_int_equal(gy_cover_whole_year(&cv, 2021), 2020);
    assert_int_equal(gy_cover_whole_year(&cv, 2019), 0);      /* starts in March, a gap */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_span_and_gaps),
        cmocka_unit_test(test_period),
        cmocka_unit_test(test_table_without_uncovered),
        cmocka_unit_test(test_year_note),
        cmocka_unit_test(test_track_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
