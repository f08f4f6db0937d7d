/* test_date.c — gy_date_parse and the day arithmetic, checked against GLib's GDate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "guiyan/fields.h"
#include "testutil.h"

static gy_day
gdate_julian(int y, int m, int d)
{
    GDate g;
    g_date_clear(&g, 1);
    g_date_set_dmy(&g, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
    return (gy_day)g_date_get_julian(&g);
}

/* ---- arithmetic ---- */

static void
test_from_ymd_matches_gdate_daily(void **state)
{
    (void)state;
    /* Every day 1899-01-01 .. 2101-12-31, and the 1st and last of each month in years 1..9999. */
    GDate g;
    g_date_clear(&g, 1);
    g_date_set_dmy(&g, 1, 1, 1899);
    while (g_date_get_year(&g) <= 2101) {
        int y = g_date_get_year(&g), m = g_date_get_month(&g), d = g_date_get_day(&g);
        gy_day day = gy_day_from_ymd(y, m, d);
        if (day != (gy_day)g_date_get_julian(&g))
            fail_msg("%04d-%02d-%02d: %d, GDate %u", y, m, d, day, g_date_get_julian(&g));
        int yy, mm, dd;
        gy_day_to_ymd(day, &yy, &mm, &dd);
        if (yy != y || mm != m || dd != d)
            fail_msg("to_ymd(%d) = %d-%d-%d", day, yy, mm, dd);
        g_date_add_days(&g, 1);
    }
    for (int y = 1; y <= 9999; y++)
        for (int m = 1; m <= 12; m++) {
            int last = g_date_get_days_in_month((GDateMonth)m, (GDateYear)y);
            assert_int_equal(gy_day_from_ymd(y, m, 1), gdate_julian(y, m, 1));
            assert_int_equal(gy_day_from_ymd(y, m, last), gdate_julian(y, m, last));
            int yy, mm, dd;
            gy_day_to_ymd(gdate_julian(y, m, last), &yy, &mm, &dd);
            assert_true(yy == y && mm == m && dd == last);
        }
}

static void
test_from_ymd_rejects(void **state)
{
    (void)state;
    assert_int_equal(gy_day_from_ymd(2021, 2, 29), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(1900, 2, 29), GY_NO_DAY);
    assert_int_not_equal(gy_day_from_ymd(2000, 2, 29), GY_NO_DAY);
    assert_int_not_equal(gy_day_from_ymd(2020, 2, 29), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(2021, 4, 31), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(2021, 13, 1), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(2021, 0, 1), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(2021, 1, 0), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(0, 1, 1), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(1, 1, 1), 1);                /* GDate's day 1 */
}

static void
test_format_and_month(void **state)
{
    (void)state;
    char buf[11];
    gy_day_format(gy_day_from_ymd(2021, 6, 15), buf);
    assert_string_equal(buf, "2021-06-15");
    gy_day_format(gy_day_from_ymd(1949, 10, 1), buf);
    assert_string_equal(buf, "1949-10-01");
    gy_day_format(gy_day_from_ymd(9, 1, 2), buf);
    assert_string_equal(buf, "0009-01-02");
    gy_day_format(GY_NO_DAY, buf);
    assert_string_equal(buf, "");
    assert_int_equal(gy_day_month(gy_day_from_ymd(2021, 6, 15)), GY_MONTH(2021, 6));
    assert_int_equal(gy_day_month(gy_day_from_ymd(2021, 1, 1)), 2021 * 12);
    assert_int_equal(gy_day_month(gy_day_from_ymd(2020, 12, 31)), 2021 * 12 - 1);
    assert_int_equal(gy_day_month(GY_NO_DAY), 0);
    int y, m, d;
    gy_day_to_ymd(GY_NO_DAY, &y, &m, &d);
    assert_true(y == 0 && m == 0 && d == 0);
}

/* ---- parsing ---- */

static const struct { const char *in; gy_error err; int y, m, d; } parse_cases[] = {
    { "2021-06-15", GY_OK, 2021, 6, 15 },
    { "2021/6/15", GY_OK, 2021, 6, 15 },
    { "2021/06/05", GY_OK, 2021, 6, 5 },
    { "2021.6.15", GY_OK, 2021, 6, 15 },
    { "2021-6-5", GY_OK, 2021, 6, 5 },
    { "2021年6月15日", GY_OK, 2021, 6, 15 },
    { "2021年06月15日", GY_OK, 2021, 6, 15 },
    { "2021年6月15", GY_OK, 2021, 6, 15 },
    { "20210615", GY_OK, 2021, 6, 15 },
    /* time parts */
    { "2021-06-15 08:30", GY_OK, 2021, 6, 15 },
    { "2021-06-15 8:30:00", GY_OK, 2021, 6, 15 },
    { "2021-06-15T08:30:00", GY_OK, 2021, 6, 15 },
    { "2021-06-15 08:30:00.000", GY_OK, 2021, 6, 15 },
    { "2021-06-15T08:30:00Z", GY_OK, 2021, 6, 15 },
    { "2021-06-15T08:30:00+08:00", GY_OK, 2021, 6, 15 },
    { "2021-06-15  23:59:59", GY_OK, 2021, 6, 15 },
    { "2021/6/15 0:00", GY_OK, 2021, 6, 15 },
    { "2021年6月15日 08:30", GY_OK, 2021, 6, 15 },
    { "20210615 08:30:00", GY_OK, 2021, 6, 15 },
    { "2021-06-15 24:00", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06-15 08:61", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06-15 08", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06-15 上午", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06-15T", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06-15x", GY_E_DATE_FORMAT, 0, 0, 0 },
    /* Excel serials (1900 system) */
    { "44362", GY_OK, 2021, 6, 15 },
    { "44362.5", GY_OK, 2021, 6, 15 },
    { "44362.999988426", GY_OK, 2021, 6, 15 },
    { "17899", GY_OK, 1949, 1, 1 },
    { "17898", GY_E_DATE_RANGE, 0, 0, 0 },
    { "73050", GY_OK, 2099, 12, 31 },
    { "73051", GY_E_DATE_RANGE, 0, 0, 0 },
    { "60", GY_E_DATE_INVALID, 0, 0, 0 },                 /* Excel's fake 1900-02-29 */
    { "61", GY_E_DATE_RANGE, 0, 0, 0 },                   /* 1900-03-01 */
    { "1", GY_E_DATE_RANGE, 0, 0, 0 },
    { "2958465", GY_E_DATE_RANGE, 0, 0, 0 },              /* 9999-12-31 */
    { "2958466", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "0", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "44362.", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "44362.5.1", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "-44362", GY_E_DATE_FORMAT, 0, 0, 0 },
    /* boundaries */
    { "1949-01-01", GY_OK, 1949, 1, 1 },
    { "1948-12-31", GY_E_DATE_RANGE, 0, 0, 0 },
    { "2099-12-31", GY_OK, 2099, 12, 31 },
    { "2100-01-01", GY_E_DATE_RANGE, 0, 0, 0 },
    { "2020-02-29", GY_OK, 2020, 2, 29 },
    { "2021-02-29", GY_E_DATE_INVALID, 0, 0, 0 },
    { "2000-02-29", GY_OK, 2000, 2, 29 },
    { "2021-02-30", GY_E_DATE_INVALID, 0, 0, 0 },
    { "2021-04-31", GY_E_DATE_INVALID, 0, 0, 0 },
    { "2021-13-01", GY_E_DATE_INVALID, 0, 0, 0 },
    { "2021-00-10", GY_E_DATE_INVALID, 0, 0, 0 },
    { "1900-02-29", GY_E_DATE_INVALID, 0, 0, 0 },
    { "1800-01-01", GY_E_DATE_RANGE, 0, 0, 0 },
    /* 8 digits: YYYYMMDD only */
    { "19490101", GY_OK, 1949, 1, 1 },
    { "20991231", GY_OK, 2099, 12, 31 },
    { "21000101", GY_E_DATE_RANGE, 0, 0, 0 },
    { "20210230", GY_E_DATE_INVALID, 0, 0, 0 },
    { "20211301", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "12345678", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "20210600", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "202106150", GY_E_DATE_FORMAT, 0, 0, 0 },
    /* garbage */
    { "", GY_E_EMPTY, 0, 0, 0 },
    { "abc", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06-", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06/15", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-123-01", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021-06-155", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "15/06/2021", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021年6月", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "21-06-15", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "2021.6", GY_E_DATE_FORMAT, 0, 0, 0 },
    { "二〇二一年六月", GY_E_DATE_FORMAT, 0, 0, 0 },
};

static void
test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        gy_day day = 12345;
        gy_error e = gy_date_parse(parse_cases[i].in, &day);
        gy_day want = parse_cases[i].err == GY_OK
            ? gdate_julian(parse_cases[i].y, parse_cases[i].m, parse_cases[i].d) : GY_NO_DAY;
        if (e != parse_cases[i].err || day != want)
            fail_msg("case %zu \"%s\": error %d day %d, want error %d day %d", i,
                     parse_cases[i].in, e, day, parse_cases[i].err, want);
    }
}

/* Every serial in the accepted range agrees with GDate's 1899-12-30 + serial. */
static void
test_serial_range(void **state)
{
    (void)state;
    gy_day base = gdate_julian(1899, 12, 30);
    for (int serial = 17899; serial <= 73050; serial++) {
        char buf[16];
        gy_day day;
        snprintf(buf, sizeof buf, "%d", serial);
        assert_int_equal(gy_date_parse(buf, &day), GY_OK);
        assert_int_equal(day, base + serial);
        char again[11];
        gy_day_format(day, again);
        assert_int_equal(gy_date_parse(again, &day), GY_OK);    /* format → parse round trip */
        assert_int_equal(day, base + serial);
    }
}

/* Every (y, m, d) in a grid wider than the calendar, bad values too, against GDate; the
 * quick years 1901..2099 and the general formula meet at 1900 and 2100. */
static void
test_from_ymd_grid(void **state)
{
    (void)state;
    for (int y = -2; y <= 10001; y++)
        for (int m = -1; m <= 14; m++)
            for (int d = -1; d <= 33; d++) {
                if (test_thinned((size_t)(y + m + d + 4), 16))
                    continue;
                bool real = y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
                            g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
                gy_day want = real ? gdate_julian(y, m, d) : GY_NO_DAY;
                gy_day got = gy_day_from_ymd(y, m, d);
                if (got != want)
                    fail_msg("%d-%d-%d: %d, want %d", y, m, d, got, want);
            }
    assert_int_equal(gy_day_from_ymd(INT32_MIN, 1, 1), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(INT32_MAX, 1, 1), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(2021, INT32_MIN, 1), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(2021, 6, INT32_MAX), GY_NO_DAY);
    assert_int_equal(gy_day_from_ymd(2021, 6, INT32_MIN), GY_NO_DAY);
}

/* gy_date_parse and gy_date_parse_general on one value: the same error and day. */
static void
check_both(const char *in)
{
    gy_day fast = 12345, slow = 54321;
    gy_error ef = gy_date_parse(in, &fast), es = gy_date_parse_general(in, &slow);
    if (ef != es || fast != slow)
        fail_msg("\"%s\": parse error %d day %d, general error %d day %d", in, ef, fast, es, slow);
}

/* The fast path's forms and their near misses: every year, month and day spelling below with
 * every separator pair and tail, and the table above. */
static void
test_fast_agrees(void **state)
{
    (void)state;
    static const char *const years[] = {
        "0000", "0001", "1899", "1900", "1901", "1948", "1949", "1950", "1999", "2000", "2004",
        "2020", "2021", "2024", "2099", "2100", "2101", "9999", "202", "20210", "２０２１",
    };
    static const char *const parts[] = {
        "", "0", "00", "1", "01", "2", "02", "4", "04", "6", "06", "9", "09", "10", "11", "12",
        "13", "19", "28", "29", "30", "31", "32", "99", "001", "123", " 6", "6 ", "x", "６",
    };
    static const char *const seps[] = { "-", "/", ".", "年", "", " ", "－" };
    static const char *const tails[] = { "", " 08:30", "T08:30:00", "日", " ", "x", "-", "0" };
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++)
        check_both(parse_cases[i].in);
    char buf[96];
    for (size_t y = 0; y < G_N_ELEMENTS(years); y++)
        for (size_t m = 0; m < G_N_ELEMENTS(parts); m++)
            for (size_t d = 0; d < G_N_ELEMENTS(parts); d++)
                for (size_t a = 0; a < G_N_ELEMENTS(seps); a++)
                    for (size_t b = 0; b < G_N_ELEMENTS(seps); b++) {
                        if (a != b && (a + b + m + d) % 5 != 0)
                            continue;   /* mixed separators: a sample */
                        if (test_thinned(y + m + d + a + b, 16))
                            continue;
                        for (size_t t = 0; t < G_N_ELEMENTS(tails); t++) {
                            g_snprintf(buf, sizeof buf, "%s%s%s%s%s%s", years[y], seps[a],
                                       parts[m], seps[b], parts[d], tails[t]);
                            check_both(buf);
                        }
                    }
    /* every day 1948..2101 as YYYY-MM-DD and YYYY/M/D */
    for (int y = 1948; y <= 2101; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= 31; d++) {
                g_snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
                check_both(buf);
                g_snprintf(buf, sizeof buf, "%d/%d/%d", y, m, d);
                check_both(buf);
            }
}

/* Start dates that name only their month, and six digits never taken for a serial. */
static void
test_year_month(void **state)
{
    (void)state;
    static const struct { const char *s; gy_error e; int y, m; bool month; } cases[] = {
        { "2021年6月", GY_OK, 2021, 6, true },     { "2021年06月", GY_OK, 2021, 6, true },
        { "2021年6月份", GY_OK, 2021, 6, true },   { "2021-06", GY_OK, 2021, 6, true },
        { "2021/6", GY_OK, 2021, 6, true },        { "2021.06", GY_OK, 2021, 6, true },
        { "202106", GY_OK, 2021, 6, true },        { "2021-06-15", GY_OK, 2021, 6, false },
        { "44362", GY_OK, 2021, 6, false },        { "202113", GY_E_DATE_FORMAT, 0, 0, false },
        { "2021-13", GY_E_DATE_FORMAT, 0, 0, false }, { "194812", GY_E_DATE_RANGE, 0, 0, false },
        { "2021年6", GY_E_DATE_FORMAT, 0, 0, false }, { "2021-06-", GY_E_DATE_FORMAT, 0, 0, false },
        { "", GY_E_EMPTY, 0, 0, false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gy_day d = GY_NO_DAY;
        bool month = !cases[i].month;
        gy_error e = gy_date_parse_month(cases[i].s, &d, &month);
        assert_int_equal(e, cases[i].e);
        if (e != GY_OK)
            continue;
        assert_int_equal(month, cases[i].month);
        int y, m, dd;
        gy_day_to_ymd(d, &y, &m, &dd);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        if (month)
            assert_int_equal(dd, 1);
    }
    /* a day's parser takes no month: 202106 is neither a month nor a serial there */
    gy_day d;
    assert_int_equal(gy_date_parse("202106", &d), GY_E_DATE_FORMAT);
    assert_int_equal(gy_date_parse("2021年6月", &d), GY_E_DATE_FORMAT);
    assert_int_equal(gy_day_month_end(gy_day_from_ymd(2024, 2, 10)), gy_day_from_ymd(2024, 2, 29));
    assert_int_equal(gy_day_month_end(gy_day_from_ymd(2021, 12, 1)), gy_day_from_ymd(2021, 12, 31));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_ymd_matches_gdate_daily),
        cmocka_unit_test(test_from_ymd_rejects),
        cmocka_unit_test(test_format_and_month),
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_serial_range),
        cmocka_unit_test(test_from_ymd_grid),
        cmocka_unit_test(test_fast_agrees),
        cmocka_unit_test(test_year_month),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
