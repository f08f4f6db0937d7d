/* test_track.c — 序时进度, 完成率, 与序时进度差, 同比, ranking and warning levels (measures.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/fields.h"
#include "guiyan/measures.h"

static gy_ratio
R(int64_t num, int64_t den)
{
    return (gy_ratio){ num, den };
}

/* A ratio equals num/den by exact comparison (not field by field). */
static void
assert_ratio_eq(gy_ratio got, int64_t num, int64_t den)
{
    assert_true(gy_ratio_defined(got));
    assert_int_equal(gy_ratio_cmp(got, R(num, den)), 0);
}

static const char *
pct(gy_ratio r)
{
    static char buf[GY_HUNDREDTHS_BUFSZ];
    return gy_ratio_percent_text(r, buf);
}

/* ---- time progress ---- */

static const struct {
    int y, m, d;
    gy_progress_mode mode;
    int64_t num, den;
} progress_cases[] = {
    { 2021, 6, 30, GY_PROGRESS_BY_MONTH, 6, 12 },
    { 2021, 6, 15, GY_PROGRESS_BY_MONTH, 6, 12 },     /* mid-month: the month number */
    { 2021, 6, 1, GY_PROGRESS_BY_MONTH, 1, 2 },
    { 2021, 1, 1, GY_PROGRESS_BY_MONTH, 1, 12 },
    { 2021, 12, 31, GY_PROGRESS_BY_MONTH, 1, 1 },
    { 2020, 2, 29, GY_PROGRESS_BY_MONTH, 2, 12 },
    { 2021, 6, 30, GY_PROGRESS_BY_DAY, 181, 365 },
    { 2020, 6, 30, GY_PROGRESS_BY_DAY, 182, 366 },    /* leap year */
    { 2021, 1, 1, GY_PROGRESS_BY_DAY, 1, 365 },
    { 2020, 1, 1, GY_PROGRESS_BY_DAY, 1, 366 },
    { 2021, 12, 31, GY_PROGRESS_BY_DAY, 1, 1 },
    { 2020, 12, 31, GY_PROGRESS_BY_DAY, 366, 366 },
    { 2020, 2, 29, GY_PROGRESS_BY_DAY, 60, 366 },
    { 2021, 3, 1, GY_PROGRESS_BY_DAY, 60, 365 },
    { 2000, 12, 31, GY_PROGRESS_BY_DAY, 366, 366 },   /* divisible by 400: leap */
    { 2100, 3, 1, GY_PROGRESS_BY_DAY, 60, 365 },      /* divisible by 100: not leap */
};

static void
test_time_progress(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof progress_cases / sizeof progress_cases[0]; i++) {
        gy_day d = gy_day_from_ymd(progress_cases[i].y, progress_cases[i].m, progress_cases[i].d);
        assert_int_not_equal(d, GY_NO_DAY);
        gy_ratio p = gy_time_progress(d, progress_cases[i].mode);
        assert_ratio_eq(p, progress_cases[i].num, progress_cases[i].den);
    }
    /* the denominators are the year's, not reduced by accident */
    gy_ratio p = gy_time_progress(gy_day_from_ymd(2020, 6, 30), GY_PROGRESS_BY_DAY);
    assert_int_equal(p.num, 182);
    assert_int_equal(p.den, 366);
    assert_string_equal(pct(p), "49.73");       /* 49.7268% */
    assert_string_equal(pct(gy_time_progress(gy_day_from_ymd(2021, 6, 30),
                                             GY_PROGRESS_BY_DAY)), "49.59");
    assert_string_equal(pct(gy_time_progress(gy_day_from_ymd(2021, 6, 30),
                                             GY_PROGRESS_BY_MONTH)), "50.00");
    assert_string_equal(pct(gy_time_progress(gy_day_from_ymd(2021, 1, 31),
                                             GY_PROGRESS_BY_MONTH)), "8.33");
    assert_string_equal(pct(gy_time_progress(gy_day_from_ymd(2021, 2, 28),
                                             GY_PROGRESS_BY_MONTH)), "16.67");
    assert_false(gy_ratio_defined(gy_time_progress(GY_NO_DAY, GY_PROGRESS_BY_MONTH)));
    assert_false(gy_ratio_defined(gy_time_progress(GY_NO_DAY, GY_PROGRESS_BY_DAY)));
}

/* ---- rationals and text ---- */

static void
test_hundredths_text(void **state)
{
    (void)state;
    char buf[GY_HUNDREDTHS_BUFSZ];
    assert_string_equal(gy_hundredths_text(4837, buf), "48.37");
    assert_string_equal(gy_hundredths_text(-163, buf), "-1.63");
    assert_string_equal(gy_hundredths_text(5, buf), "0.05");
    assert_string_equal(gy_hundredths_text(-5, buf), "-0.05");
    assert_string_equal(gy_hundredths_text(0, buf), "0.00");
    assert_string_equal(gy_hundredths_text(10000, buf), "100.00");
    assert_string_equal(gy_hundredths_text(INT64_MIN, buf), "-92233720368547758.08");
    assert_string_equal(gy_hundredths_text(INT64_MAX, buf), "92233720368547758.07");
}

static void
test_ratio_rounding(void **state)
{
    (void)state;
    int64_t h;
    /* exactly x.xx5 percent rounds away from zero, both signs */
    assert_true(gy_ratio_hundredths(R(48365, 100000), &h));
    assert_int_equal(h, 4837);
    assert_true(gy_ratio_hundredths(R(-48365, 100000), &h));
    assert_int_equal(h, -4837);
    assert_true(gy_ratio_hundredths(R(4836499, 10000000), &h));   /* just below the half */
    assert_int_equal(h, 4836);
    assert_true(gy_ratio_hundredths(R(-4836499, 10000000), &h));
    assert_int_equal(h, -4836);
    assert_true(gy_ratio_hundredths(R(1, 3), &h));
    assert_int_equal(h, 3333);
    assert_true(gy_ratio_hundredths(R(2, 3), &h));
    assert_int_equal(h, 6667);
    assert_true(gy_ratio_hundredths(R(-2, 3), &h));
    assert_int_equal(h, -6667);
    assert_true(gy_ratio_hundredths(R(1, 20000), &h));           /* 0.005% → 0.01 */
    assert_int_equal(h, 1);
    assert_true(gy_ratio_hundredths(R(-1, 20000), &h));
    assert_int_equal(h, -1);
    assert_true(gy_ratio_hundredths(R(1, 20001), &h));           /* below the half → 0 */
    assert_int_equal(h, 0);
    assert_string_equal(pct(R(-1, 20001)), "0.00");             /* no "-0.00" */
    /* extremes saturate instead of wrapping */
    assert_true(gy_ratio_hundredths(R(INT64_MAX, 1), &h));
    assert_int_equal(h, INT64_MAX);
    assert_true(gy_ratio_hundredths(R(INT64_MIN, 1), &h));
    assert_int_equal(h, INT64_MIN);
    assert_true(gy_ratio_hundredths(R(INT64_MAX, INT64_MAX), &h));
    assert_int_equal(h, 10000);
    /* undefined */
    h = 99;
    assert_false(gy_ratio_hundredths(GY_RATIO_NONE, &h));
    assert_int_equal(h, 0);
    assert_string_equal(pct(GY_RATIO_NONE), "");

    /* exact comparison: 1/2 == 2/4, and huge cross products do not overflow */
    assert_int_equal(gy_ratio_cmp(R(1, 2), R(2, 4)), 0);
    assert_true(gy_ratio_cmp(R(INT64_MAX, INT64_MAX - 1), R(INT64_MAX - 1, INT64_MAX - 2)) < 0);
    assert_true(gy_ratio_cmp(R(INT64_MAX - 1, INT64_MAX - 2), R(INT64_MAX, INT64_MAX - 1)) > 0);
    assert_true(gy_ratio_cmp(R(0, 1), GY_RATIO_NONE) > 0);
    assert_true(gy_ratio_cmp(GY_RATIO_NONE, R(-5, 1)) < 0);
    assert_int_equal(gy_ratio_cmp(GY_RATIO_NONE, GY_RATIO_NONE), 0);
}

/* ---- completion, gap, yoy ---- */

static void
test_completion(void **state)
{
    (void)state;
    /* target 200 万元 in fen, ytd 96.73 万元: 48.365% → 48.37 */
    gy_ratio c = gy_completion(true, 200 * GY_FEN_PER_WAN, 9673 * 10000);
    assert_ratio_eq(c, 48365, 100000);
    assert_string_equal(pct(c), "48.37");
    assert_string_equal(pct(gy_completion(true, 3, 4)), "133.33");
    assert_string_equal(pct(gy_completion(true, 100, 0)), "0.00");   /* a real 0% */
    /* no target, target 0, a negative target: not defined, never 0% */
    assert_false(gy_ratio_defined(gy_completion(false, 100, 50)));
    assert_false(gy_ratio_defined(gy_completion(false, 0, 0)));
    assert_false(gy_ratio_defined(gy_completion(true, 0, 50)));
    assert_false(gy_ratio_defined(gy_completion(true, 0, 0)));
    assert_false(gy_ratio_defined(gy_completion(true, -10, 5)));
}

static void
test_gap(void **state)
{
    (void)state;
    int64_t g;
    gy_ratio half = R(6, 12);
    /* 48.37% against 50%: -1.63 points */
    assert_true(gy_gap_hundredths(R(4837, 10000), half, &g));
    assert_int_equal(g, -163);
    /* exactly -1.635 and +1.635 points: away from zero, rounded once on the exact value
     * (rounding 48.365% to 48.37 first and then subtracting would give -1.63) */
    assert_true(gy_gap_hundredths(R(48365, 100000), half, &g));
    assert_int_equal(g, -164);
    assert_true(gy_gap_hundredths(R(51635, 100000), half, &g));
    assert_int_equal(g, 164);
    assert_true(gy_gap_hundredths(R(4836499, 10000000), half, &g));
    assert_int_equal(g, -164);          /* -1.63501 */
    assert_true(gy_gap_hundredths(R(4836501, 10000000), half, &g));
    assert_int_equal(g, -163);          /* -1.63499 */
    /* against a by-day progress: 50% - 181/365 = 0.41095... points */
    assert_true(gy_gap_hundredths(R(100, 200), R(181, 365), &g));
    assert_int_equal(g, 41);
    /* equal rates in different terms: 0 */
    assert_true(gy_gap_hundredths(R(182, 366), R(91, 183), &g));
    assert_int_equal(g, 0);
    /* undefined */
    g = 7;
    assert_false(gy_gap_hundredths(GY_RATIO_NONE, half, &g));
    assert_int_equal(g, 0);
    assert_false(gy_gap_hundredths(half, GY_RATIO_NONE, &g));
    /* extremes do not overflow */
    assert_true(gy_gap_hundredths(R(INT64_MAX, 1), half, &g));
    assert_int_equal(g, INT64_MAX);
    assert_true(gy_gap_hundredths(R(INT64_MIN, 1), R(INT64_MAX, 1), &g));
    assert_int_equal(g, INT64_MIN);
    assert_true(gy_gap_hundredths(R(INT64_MAX, INT64_MAX - 1), R(INT64_MAX - 1, INT64_MAX - 2),
                                  &g));
    assert_int_equal(g, 0);             /* about -1.2e-15 points */
    assert_true(gy_gap_hundredths(R(1, INT64_MAX), R(-1, INT64_MAX - 7), &g));
    assert_int_equal(g, 0);
}

/* The split computation agrees with the direct one wherever the direct one fits. */
static void
test_gap_reference(void **state)
{
    (void)state;
    uint32_t s = 12345;
    for (int k = 0; k < 20000; k++) {
        int64_t v[4];
        for (int j = 0; j < 4; j++) {
            s = s * 1103515245u + 12345u;
            v[j] = (int64_t)(s >> 8) % 200001 - 100000;
        }
        gy_ratio a = R(v[0], v[1] < 0 ? -v[1] : v[1] + 1);
        gy_ratio b = R(v[2], v[3] < 0 ? -v[3] : v[3] + 1);
        __int128 num = ((__int128)a.num * b.den - (__int128)b.num * a.den) * 10000;
        __int128 den = (__int128)a.den * b.den;
        __int128 mag = num < 0 ? -num : num;
        __int128 q = mag / den, r = mag % den;
        if (2 * r >= den)
            q++;
        int64_t want = (int64_t)(num < 0 ? -q : q), got;
        assert_true(gy_gap_hundredths(a, b, &got));
        assert_int_equal(got, want);
    }
}

static void
test_yoy(void **state)
{
    (void)state;
    assert_string_equal(pct(gy_yoy(true, 1000, 1125)), "12.50");
    assert_string_equal(pct(gy_yoy(true, 1000, 969)), "-3.10");
    assert_string_equal(pct(gy_yoy(true, 1000, 1000)), "0.00");
    assert_string_equal(pct(gy_yoy(true, 1000, 0)), "-100.00");
    /* exactly x.xx5: +73/200000 = 0.0365%, -73/200000 = -0.0365% */
    assert_string_equal(pct(gy_yoy(true, 200000, 200073)), "0.04");
    assert_string_equal(pct(gy_yoy(true, 200000, 199927)), "-0.04");
    assert_ratio_eq(gy_yoy(true, 200000, 199927), -73, 200000);
    /* prev 0 or missing: not defined */
    assert_false(gy_ratio_defined(gy_yoy(true, 0, 10)));
    assert_false(gy_ratio_defined(gy_yoy(true, 0, 0)));
    assert_false(gy_ratio_defined(gy_yoy(false, 1000, 10)));
    assert_false(gy_ratio_defined(gy_yoy(true, -5, 10)));
    assert_false(gy_ratio_defined(gy_yoy(true, 1, INT64_MIN)));     /* difference overflows */
    assert_string_equal(pct(gy_yoy(true, 0, 10)), "");
}

/* ---- levels ---- */

static void
test_warning_level(void **state)
{
    (void)state;
    gy_ratio half = R(6, 12);
    int64_t y = GY_YELLOW_DEFAULT;
    assert_int_equal(gy_warning_level(R(1, 2), half, y), GY_LEVEL_GREEN);      /* exactly at */
    assert_int_equal(gy_warning_level(R(50001, 100000), half, y), GY_LEVEL_GREEN);
    assert_int_equal(gy_warning_level(R(49999, 100000), half, y), GY_LEVEL_YELLOW);
    assert_int_equal(gy_warning_level(R(40, 100), half, y), GY_LEVEL_YELLOW);  /* -10.00 */
    assert_int_equal(gy_warning_level(R(3999, 10000), half, y), GY_LEVEL_RED); /* -10.01 */
    /* -10.001 points shows as -10.00 but is red: levels compare exactly */
    assert_int_equal(gy_warning_level(R(399999, 1000000), half, y), GY_LEVEL_RED);
    assert_int_equal(gy_warning_level(R(0, 1), half, y), GY_LEVEL_RED);
    assert_int_equal(gy_warning_level(R(5, 1), half, y), GY_LEVEL_GREEN);
    /* exactly at a by-day progress */
    assert_int_equal(gy_warning_level(R(181 * 7, 365 * 7), R(181, 365), y), GY_LEVEL_GREEN);
    assert_int_equal(gy_warning_level(R(181 * 7 - 1, 365 * 7), R(181, 365), y),
                     GY_LEVEL_YELLOW);
    /* configurable band */
    assert_int_equal(gy_warning_level(R(45, 100), half, 500), GY_LEVEL_YELLOW);
    assert_int_equal(gy_warning_level(R(4499, 10000), half, 500), GY_LEVEL_RED);
    assert_int_equal(gy_warning_level(R(40, 100), half, 999), GY_LEVEL_RED);
    assert_int_equal(gy_warning_level(R(49999, 100000), half, 0), GY_LEVEL_RED);
    assert_int_equal(gy_warning_level(R(49999, 100000), half, -5), GY_LEVEL_RED);
    assert_int_equal(gy_warning_level(R(1, 2), half, 0), GY_LEVEL_GREEN);
    /* no target: no level */
    assert_int_equal(gy_warning_level(GY_RATIO_NONE, half, y), GY_LEVEL_NONE);
    assert_int_equal(gy_warning_level(half, GY_RATIO_NONE, y), GY_LEVEL_NONE);

    assert_string_equal(gy_level_key(GY_LEVEL_GREEN), "green");
    assert_string_equal(gy_level_key(GY_LEVEL_YELLOW), "yellow");
    assert_string_equal(gy_level_key(GY_LEVEL_RED), "red");
    assert_string_equal(gy_level_key(GY_LEVEL_NONE), "");
    assert_string_equal(gy_level_zh(GY_LEVEL_RED), "红灯");
    assert_string_equal(gy_level_zh(GY_LEVEL_NONE), "—");
}

/* ---- ranking ---- */

static void
test_rank(void **state)
{
    (void)state;
    int rank[8];

    gy_ratio a[] = { R(60, 100), R(55, 100), R(11, 20), R(40, 100) };
    gy_rank(a, NULL, 4, rank);
    assert_int_equal(rank[0], 1);
    assert_int_equal(rank[1], 2);
    assert_int_equal(rank[2], 2);
    assert_int_equal(rank[3], 4);

    /* order of the input does not matter; absent entries get 0 and do not count */
    gy_ratio b[] = { R(40, 100), GY_RATIO_NONE, R(55, 100), R(60, 100), R(55, 100) };
    gy_rank(b, NULL, 5, rank);
    assert_int_equal(rank[0], 4);
    assert_int_equal(rank[1], 0);
    assert_int_equal(rank[2], 2);
    assert_int_equal(rank[3], 1);
    assert_int_equal(rank[4], 2);

    /* both show 55.00% though not equal (55.00004% < 55.0001%): ranked as shown, a tie
     * (issue 17); 55.005% shows as 55.01% and is above them */
    gy_ratio c[] = { R(5500004, 10000000), R(550001, 1000000), R(1, 2), R(55005, 100000) };
    gy_rank(c, NULL, 4, rank);
    assert_int_equal(rank[0], 2);
    assert_int_equal(rank[1], 2);
    assert_int_equal(rank[2], 4);
    assert_int_equal(rank[3], 1);

    /* excluded entries (合计, units) neither get a rank nor push others down */
    gy_ratio d[] = { R(1, 2), R(9, 10), R(3, 4), R(7, 10) };
    bool ex[] = { false, true, false, true };
    gy_rank(d, ex, 4, rank);
    assert_int_equal(rank[0], 2);
    assert_int_equal(rank[1], 0);
    assert_int_equal(rank[2], 1);
    assert_int_equal(rank[3], 0);

    /* all tied; all absent; empty */
    gy_ratio e[] = { R(1, 3), R(2, 6), R(3, 9) };
    gy_rank(e, NULL, 3, rank);
    assert_int_equal(rank[0] + rank[1] + rank[2], 3);
    gy_ratio f[] = { GY_RATIO_NONE, GY_RATIO_NONE };
    gy_rank(f, NULL, 2, rank);
    assert_int_equal(rank[0], 0);
    assert_int_equal(rank[1], 0);
    gy_rank(NULL, NULL, 0, rank);
}

/* ---- whole column ---- */

static gy_track_cell
cell(bool has_target, int64_t target, int64_t month, int64_t ytd, bool has_prev, int64_t prev)
{
    return (gy_track_cell){ .has_target = has_target, .target = target, .month = month,
                            .ytd = ytd, .has_prev = has_prev, .prev_ytd = prev };
}

/* four counties, 市本级 (a unit without a county code), 合计 */
static void
column_setup(gy_track_cell *c)
{
    c[0] = cell(true, 1000, 100, 600, true, 500);      /* 60% */
    c[1] = cell(true, 2000, 200, 1100, true, 1100);    /* 55% */
    c[2] = cell(false, 0, 30, 300, true, 0);           /* no target */
    c[3] = cell(true, 400, 10, 160, false, 0);         /* 40% */
    c[4] = cell(true, 200, 50, 150, true, 100);        /* 75%, a unit */
    c[4].is_unit = true;
    c[5] = cell(false, 0, 390, 2310, true, 1700);      /* 合计, from the cube */
}

static void
test_column(void **state)
{
    (void)state;
    gy_track_cell c[6];
    char buf[GY_HUNDREDTHS_BUFSZ];
    gy_track_opts opts = { R(6, 12), GY_YELLOW_DEFAULT, false };

    column_setup(c);
    assert_int_equal(gy_track_column(c, 5, &opts), GY_OK);

    /* 合计 target: the sum of the targets given (county 3 has none), flagged partial */
    assert_true(c[5].has_target);
    assert_int_equal(c[5].target, 1000 + 2000 + 400 + 200);
    assert_true(c[5].target_partial);
    assert_string_equal(gy_track_completion_text(&c[5], buf), "64.17");   /* 2310/3600 */
    assert_int_equal(c[5].rank, 0);
    assert_int_equal(c[5].level, GY_LEVEL_GREEN);
    assert_string_equal(gy_track_gap_text(&c[5], buf), "14.17");
    assert_string_equal(gy_track_yoy_text(&c[5], buf), "35.88");          /* 610/1700 */

    assert_int_equal(c[0].rank, 1);
    assert_int_equal(c[1].rank, 2);
    assert_int_equal(c[2].rank, 0);
    assert_int_equal(c[3].rank, 3);
    assert_int_equal(c[4].rank, 0);     /* unit not ranked */

    assert_string_equal(gy_track_completion_text(&c[0], buf), "60.00");
    assert_string_equal(gy_track_gap_text(&c[0], buf), "10.00");
    assert_string_equal(gy_track_yoy_text(&c[0], buf), "20.00");
    assert_int_equal(c[0].level, GY_LEVEL_GREEN);
    assert_string_equal(gy_track_yoy_text(&c[1], buf), "0.00");

    /* no target: "—" everywhere it depends on the target, never 0% */
    assert_false(gy_ratio_defined(c[2].completion));
    assert_false(c[2].has_gap);
    assert_int_equal(c[2].level, GY_LEVEL_NONE);
    assert_string_equal(gy_track_completion_text(&c[2], buf), "");
    assert_string_equal(gy_track_gap_text(&c[2], buf), "");
    assert_string_equal(gy_track_yoy_text(&c[2], buf), "");     /* prev 0 */

    assert_string_equal(gy_track_gap_text(&c[3], buf), "-10.00");
    assert_int_equal(c[3].level, GY_LEVEL_YELLOW);
    assert_string_equal(gy_track_yoy_text(&c[3], buf), "");     /* prev missing */

    /* ranking units too: 市本级 75% comes first */
    opts.rank_units = true;
    column_setup(c);
    assert_int_equal(gy_track_column(c, 5, &opts), GY_OK);
    assert_int_equal(c[4].rank, 1);
    assert_int_equal(c[0].rank, 2);
    assert_int_equal(c[1].rank, 3);
    assert_int_equal(c[3].rank, 4);
    assert_int_equal(c[5].rank, 0);

    /* a tie in the column: 60%, 55%, 55%, 40% → 1, 2, 2, 4 */
    column_setup(c);
    c[2].has_target = true;
    c[2].target = 600;
    c[2].ytd = 330;
    assert_int_equal(gy_track_column(c, 5, &opts), GY_OK);
    assert_int_equal(c[0].rank, 2);
    assert_int_equal(c[1].rank, 3);
    assert_int_equal(c[2].rank, 3);
    assert_int_equal(c[3].rank, 5);
    assert_false(c[5].target_partial);
    assert_int_equal(c[5].target, 4200);

    /* every county without a target: the 合计 has none either */
    column_setup(c);
    for (int i = 0; i < 5; i++)
        c[i].has_target = false;
    assert_int_equal(gy_track_column(c, 5, &opts), GY_OK);
    assert_false(c[5].has_target);
    assert_false(c[5].target_partial);
    assert_string_equal(gy_track_completion_text(&c[5], buf), "");
    assert_int_equal(c[5].level, GY_LEVEL_NONE);

    /* errors */
    column_setup(c);
    c[1].target = -1;
    assert_int_equal(gy_track_column(c, 5, &opts), GY_E_AMOUNT_NEGATIVE);
    column_setup(c);
    c[0].target = INT64_MAX;
    assert_int_equal(gy_track_column(c, 5, &opts), GY_E_AMOUNT_TOO_BIG);

    /* no counties at all: only the 合计 */
    gy_track_cell t = { .ytd = 5 };
    assert_int_equal(gy_track_column(&t, 0, &opts), GY_OK);
    assert_false(t.has_target);
    assert_int_equal(t.rank, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_progress),
        cmocka_unit_test(test_hundredths_text),
        cmocka_unit_test(test_ratio_rounding),
        cmocka_unit_test(test_completion),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_gap_reference),
        cmocka_unit_test(test_yoy),
        cmocka_unit_test(test_warning_level),
        cmocka_unit_test(test_rank),
        cmocka_unit_test(test_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
