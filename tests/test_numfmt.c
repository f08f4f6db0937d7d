/* test_numfmt.c — exact rounding and Chinese number phrasing (numfmt.h), case tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/numfmt.h"

#define N_CASES(t) (sizeof (t) / sizeof (t)[0])

/* Compare and free got; want NULL means "must be NULL". */
static void
check_str(char *got, const char *want, const char *what, size_t i)
{
    if (want == NULL) {
        if (got != NULL)
            fail_msg("%s case %zu: want NULL, got \"%s\"", what, i, got);
    } else if (got == NULL) {
        fail_msg("%s case %zu: want \"%s\", got NULL", what, i, want);
    } else if (strcmp(got, want) != 0) {
        fail_msg("%s case %zu: want \"%s\", got \"%s\"", what, i, want, got);
    }
    g_free(got);
}

static void
test_round_div(void **state)
{
    (void)state;
    static const struct { int64_t num, den, want; } cases[] = {
        { 5, 2, 3 }, { -5, 2, -3 }, { 4, 2, 2 }, { 7, 2, 4 }, { -7, 2, -4 },
        { 1, 3, 0 }, { 2, 3, 1 }, { -2, 3, -1 }, { 0, 7, 0 },
        { 2675, 1000, 3 }, { 2499, 1000, 2 }, { -2500, 1000, -3 }, { -2499, 1000, -2 },
        { 5, -2, -3 }, { -5, -2, 3 },
        { 18523, 10000, 2 }, { 14999, 10000, 1 }, { 15000, 10000, 2 },
        { INT64_MAX, 1, INT64_MAX }, { INT64_MIN, 1, INT64_MIN },
        { INT64_MIN, -1, INT64_MAX },                       /* saturates */
        { INT64_MAX, INT64_MAX, 1 }, { INT64_MIN, INT64_MAX, -1 },
        { INT64_MAX, 2, INT64_C(4611686018427387904) },     /* ...903.5 */
        { INT64_MIN, 2, INT64_C(-4611686018427387904) },
        { INT64_MAX - 1, 2, INT64_C(4611686018427387903) },
        { INT64_C(4611686018427387904), INT64_MAX, 1 },     /* just above one half */
        { INT64_C(4611686018427387903), INT64_MAX, 0 },     /* just below one half */
        { 1, INT64_MAX, 0 }, { 12345, 0, 0 },
    };
    for (size_t i = 0; i < N_CASES(cases); i++) {
        int64_t got = gy_round_div(cases[i].num, cases[i].den);
        if (got != cases[i].want)
            fail_msg("round_div case %zu: %" PRId64 "/%" PRId64 " want %" PRId64 " got %" PRId64,
                     i, cases[i].num, cases[i].den, cases[i].want, got);
    }
}

static void
test_fmt_ratio(void **state)
{
    (void)state;
    static const struct { int64_t num, den; int digits; bool trim; const char *want; } cases[] = {
        { 2675, 1000, 2, false, "2.68" },       /* printf("%.2f", 2.675) gives 2.67 */
        { -2675, 1000, 2, false, "-2.68" },
        { 2665, 1000, 2, false, "2.67" },
        { -2665, 1000, 2, false, "-2.67" },
        { 2674, 1000, 2, false, "2.67" },
        { 1005, 1000, 2, false, "1.01" },       /* 1.005 as a double is 1.00499... */
        { 1, 8, 2, false, "0.13" }, { -1, 8, 2, false, "-0.13" },
        { 1, 3, 4, false, "0.3333" }, { 2, 3, 4, false, "0.6667" },
        { -1, 1000, 2, false, "0.00" },         /* no "-0.00" */
        { -1, 1000, 2, true, "0" },
        { -5, 1000, 2, false, "-0.01" },
        { 250, 100, 2, true, "2.5" }, { 200, 100, 2, true, "2" }, { 200, 100, 2, false, "2.00" },
        { 200, 100, 0, false, "2" }, { 250, 100, 0, false, "3" }, { -250, 100, 0, false, "-3" },
        { 995, 100, 1, false, "10.0" }, { 9995, 1000, 2, true, "10" },
        { 10005, 10000, 3, false, "1.001" },
        { 1, -4, 2, false, "-0.25" }, { -1, -4, 2, false, "0.25" },
        { 0, 5, 3, false, "0.000" }, { 0, 5, 3, true, "0" },
        { INT64_MAX, 1, 2, false, "9223372036854775807.00" },
        { INT64_MIN, 1, 0, false, "-9223372036854775808" },
        { INT64_MIN, -1, 0, false, "9223372036854775808" },
        { 1, INT64_MAX, 18, false, "0.000000000000000000" },
        { INT64_MAX, INT64_MIN, 3, false, "-1.000" },
        { INT64_MAX, 10, 0, false, "922337203685477581" },
        { INT64_MAX - 7, 100, 1, false, "92233720368547758.0" },
        { 1, 3, 25, false, "0.333333333333333333" },   /* clamped to 18 */
        { 1, 3, -1, false, "0" },                      /* taken as 0 */
        { 7, 0, 2, false, NULL },
    };
    for (size_t i = 0; i < N_CASES(cases); i++)
        check_str(gy_fmt_ratio(cases[i].num, cases[i].den, cases[i].digits, cases[i].trim),
                  cases[i].want, "fmt_ratio", i);
}

static void
test_fmt_percent(void **state)
{
    (void)state;
    static const struct { int64_t num, den; int digits; bool trim; const char *want; } cases[] = {
        { 1125, 1000, 1, true, "112.5%" },
        { 1, 3, 2, false, "33.33%" }, { 2, 3, 1, false, "66.7%" },
        { 1, 1, 2, true, "100%" }, { 1, 1, 2, false, "100.00%" },
        { 0, 5, 1, false, "0.0%" }, { 0, 5, 1, true, "0%" },
        { -1, 8, 1, false, "-12.5%" },
        { 1, 200000, 2, true, "0%" },           /* 0.0005% */
        { 1, 20000, 2, true, "0.01%" },         /* 0.005% rounds up */
        { -1, 20000, 2, true, "-0.01%" },
        { 1, 2000, 2, true, "0.05%" },
        { 7, 1, 0, true, "700%" },
        { 2675, 100000, 2, false, "2.68%" },
        { 1, 0, 1, true, NULL },
    };
    for (size_t i = 0; i < N_CASES(cases); i++)
        check_str(gy_fmt_percent(cases[i].num, cases[i].den, cases[i].digits, cases[i].trim),
                  cases[i].want, "fmt_percent", i);
}

static void
test_fmt_wan(void **state)
{
    (void)state;
    static const struct { gy_fen fen; int digits; const char *want; } cases[] = {
        { INT64_C(18800000000), 2, "18800.00" },    /* 1.88亿元 */
        { INT64_C(18849000000), 0, "18849" },
        { INT64_C(188000000000), 2, "188000.00" },
        { 4500, 2, "0.00" }, { 5000, 2, "0.01" }, { -5000, 2, "-0.01" },
        { 1234567, 4, "1.2346" }, { 0, 2, "0.00" }, { 1000000, 0, "1" },
        { 12500000, 2, "12.50" },
    };
    for (size_t i = 0; i < N_CASES(cases); i++)
        check_str(gy_fmt_wan(cases[i].fen, cases[i].digits), cases[i].want, "fmt_wan", i);
}

static void
test_cn_count(void **state)
{
    (void)state;
    static const struct { int64_t n; const char *unit; int digits; gy_qual q; const char *want; }
    cases[] = {
        /* figures from the 2020 reply */
        { 18523, "人", 2, GY_Q_EXACT, "1.85万人" },
        { 17860, "个", 2, GY_Q_EXACT, "1.79万个" },
        { 3146, "人", 2, GY_Q_EXACT, "3146人" },
        { 1435, "人", 2, GY_Q_EXACT, "1435人" },
        { 675, "家", 2, GY_Q_EXACT, "675家" },
        { 0, "人", 2, GY_Q_EXACT, "0人" },
        { 9999, "人", 2, GY_Q_EXACT, "9999人" },
        { 10000, "人", 2, GY_Q_EXACT, "1万人" },
        { 20000, "人", 2, GY_Q_EXACT, "2万人" },
        { 15000, "人", 1, GY_Q_EXACT, "1.5万人" },
        { 20290, "人", 2, GY_Q_EXACT, "2.03万人" },
        { 20250, "人", 2, GY_Q_EXACT, "2.03万人" },     /* 2.025 → 2.03 */
        { 20249, "人", 2, GY_Q_EXACT, "2.02万人" },
        /* carry across the unit boundary */
        { 99949, "人", 2, GY_Q_EXACT, "9.99万人" },
        { 99950, "人", 2, GY_Q_EXACT, "10万人" },
        { 99995, "人", 2, GY_Q_EXACT, "10万人" },
        { 99994999, "人", 2, GY_Q_EXACT, "9999.5万人" },
        { 99995000, "人", 2, GY_Q_EXACT, "9999.5万人" },
        { 99999949, "人", 2, GY_Q_EXACT, "9999.99万人" },
        { 99999950, "人", 2, GY_Q_EXACT, "1亿人" },      /* 9999.995万 */
        { 99999999, "人", 2, GY_Q_EXACT, "1亿人" },
        { 99999999, "人", 4, GY_Q_EXACT, "9999.9999万人" },
        { 100000000, "人", 2, GY_Q_EXACT, "1亿人" },
        { 150000000, "人", 2, GY_Q_EXACT, "1.5亿人" },
        { 123456789, "人", 2, GY_Q_EXACT, "1.23亿人" },
        { 345000000, "人", 2, GY_Q_EXACT, "3.45亿人" },   /* never 3亿4500万 */
        /* digits */
        { 18523, "人", 0, GY_Q_EXACT, "2万人" },
        { 18523, "人", 1, GY_Q_EXACT, "1.9万人" },
        { 18523, "人", 4, GY_Q_EXACT, "1.8523万人" },
        { 18523, "人", 9, GY_Q_EXACT, "1.8523万人" },
        { 18523, NULL, 2, GY_Q_EXACT, "1.85万" },
        /* negatives: half away from zero */
        { -3146, "人", 2, GY_Q_EXACT, "-3146人" },
        { -18523, "人", 2, GY_Q_EXACT, "-1.85万人" },
        { -20250, "人", 2, GY_Q_EXACT, "-2.03万人" },
        { -99999999, "人", 2, GY_Q_EXACT, "-1亿人" },
        /* limits: the whole int64 range is handled, the top unit is 亿 */
        { INT64_MAX, "人", 2, GY_Q_EXACT, "92233720368.55亿人" },
        { INT64_MIN, "人", 2, GY_Q_EXACT, "-92233720368.55亿人" },
        { INT64_MAX, "人", 2, GY_Q_OVER, "92233720368.54亿余人" },
        /* qualifiers: 约 rounds, 余/多 truncate */
        { 20290, "人", 2, GY_Q_OVER, "2.02万余人" },
        { 20290, "人", 2, GY_Q_MORE, "2.02万多人" },
        { 20290, "人", 2, GY_Q_ABOUT, "约2.03万人" },
        { 20299, "人", 2, GY_Q_OVER, "2.02万余人" },
        { 20000, "人", 2, GY_Q_OVER, "2万人" },         /* nothing lost: no 余 */
        { 20000, "人", 2, GY_Q_ABOUT, "2万人" },
        { 20200, "人", 2, GY_Q_MORE, "2.02万人" },
        { 20201, "人", 2, GY_Q_OVER, "2.02万余人" },
        { 18523, "人", 2, GY_Q_ABOUT, "约1.85万人" },
        { 123456789, "人", 2, GY_Q_OVER, "1.23亿余人" },
        { 99999999, "人", 2, GY_Q_OVER, "9999.99万余人" },
        { 99999999, "人", 2, GY_Q_ABOUT, "约1亿人" },
        { 100000000, "人", 2, GY_Q_ABOUT, "1亿人" },
        /* below 1万: two leading significant digits */
        { 3146, "人", 2, GY_Q_OVER, "3100余人" },
        { 3146, "人", 2, GY_Q_MORE, "3100多人" },
        { 3146, "人", 2, GY_Q_ABOUT, "约3100人" },
        { 3150, "人", 2, GY_Q_ABOUT, "约3200人" },
        { 3100, "人", 2, GY_Q_OVER, "3100人" },
        { 1435, "人", 2, GY_Q_OVER, "1400余人" },
        { 675, "家", 2, GY_Q_OVER, "670余家" },
        { 675, "家", 2, GY_Q_ABOUT, "约680家" },
        { 99, "人", 2, GY_Q_OVER, "99人" },
        { 9949, "人", 2, GY_Q_ABOUT, "约9900人" },
        { 9950, "人", 2, GY_Q_ABOUT, "约1万人" },
        { 9999, "人", 2, GY_Q_OVER, "9900余人" },
        { 0, "人", 2, GY_Q_OVER, "0人" },
        { -3146, "人", 2, GY_Q_OVER, "-3100余人" },
    };
    for (size_t i = 0; i < N_CASES(cases); i++)
        check_str(gy_cn_count(cases[i].n, cases[i].unit, cases[i].digits, cases[i].q),
                  cases[i].want, "cn_count", i);
}

static void
test_cn_money(void **state)
{
    (void)state;
    static const struct { gy_fen fen; int digits; gy_qual q; const char *want; } cases[] = {
        { INT64_C(18849) * GY_FEN_PER_WAN, 2, GY_Q_EXACT, "1.88亿元" },
        { INT64_C(15512) * GY_FEN_PER_WAN, 2, GY_Q_EXACT, "1.55亿元" },
        { INT64_C(18800000000), 2, GY_Q_EXACT, "1.88亿元" },
        { INT64_C(4500) * GY_FEN_PER_WAN, 2, GY_Q_EXACT, "4500万元" },
        { INT64_C(12500000), 2, GY_Q_EXACT, "12.5万元" },
        { INT64_C(1852300), 2, GY_Q_EXACT, "1.85万元" },
        { GY_FEN_PER_WAN, 2, GY_Q_EXACT, "1万元" },
        { GY_FEN_PER_YI, 2, GY_Q_EXACT, "1亿元" },
        { 800000, 2, GY_Q_EXACT, "8000元" },
        { 800050, 2, GY_Q_EXACT, "8000.5元" },
        { 800055, 2, GY_Q_EXACT, "8000.55元" },
        { 800055, 1, GY_Q_EXACT, "8000.6元" },
        { 800050, 0, GY_Q_EXACT, "8001元" },
        { 1, 2, GY_Q_EXACT, "0.01元" },
        { 0, 2, GY_Q_EXACT, "0元" },
        { -1000000, 2, GY_Q_EXACT, "-1万元" },
        /* carries */
        { 999999, 2, GY_Q_EXACT, "9999.99元" },
        { 999999, 1, GY_Q_EXACT, "1万元" },              /* 9999.99元 → 10000.0元 */
        { 999999, 1, GY_Q_ABOUT, "约1万元" },
        { INT64_C(9999999999), 2, GY_Q_EXACT, "1亿元" },
        { INT64_C(9999999999), 2, GY_Q_OVER, "9999.99万余元" },
        { INT64_C(9999500000), 2, GY_Q_EXACT, "9999.5万元" },
        { INT64_MAX, 2, GY_Q_EXACT, "922337203.69亿元" },
        { INT64_MIN, 2, GY_Q_EXACT, "-922337203.69亿元" },
        /* qualifiers */
        { INT64_C(18849) * GY_FEN_PER_WAN, 2, GY_Q_OVER, "1.88亿余元" },
        { INT64_C(18849) * GY_FEN_PER_WAN, 2, GY_Q_MORE, "1.88亿多元" },
        { INT64_C(18849) * GY_FEN_PER_WAN, 2, GY_Q_ABOUT, "约1.88亿元" },
        { INT64_C(18800000000), 2, GY_Q_OVER, "1.88亿元" },
        { 804637, 2, GY_Q_OVER, "8000余元" },
        { 804637, 2, GY_Q_ABOUT, "约8000元" },
        { 805000, 2, GY_Q_ABOUT, "约8100元" },
        { 800000, 2, GY_Q_OVER, "8000元" },
        { 995000, 2, GY_Q_ABOUT, "约1万元" },
    };
    for (size_t i = 0; i < N_CASES(cases); i++)
        check_str(gy_cn_money(cases[i].fen, cases[i].digits, cases[i].q), cases[i].want,
                  "cn_money", i);
}

static void
test_cn_yoy(void **state)
{
    (void)state;
    static const struct { int64_t cur, prev; int digits; const char *want; } cases[] = {
        { 1125, 1000, 1, "同比增长12.5%" },
        { 969, 1000, 1, "同比下降3.1%" },
        { 1000, 1000, 1, "与上年同期持平" },
        { 0, 0, 1, NULL }, { 1, 0, 1, NULL }, { 1, -5, 1, NULL },
        { 100001, 100000, 1, "与上年同期基本持平" },   /* 0.001% */
        { 1004, 1000, 0, "与上年同期基本持平" },       /* 0.4% */
        { 1005, 1000, 0, "同比增长1%" },               /* 0.5% rounds away */
        { 995, 1000, 0, "同比下降1%" },
        { 0, 1000, 1, "同比下降100%" },
        { 3000, 1000, 1, "同比增长200%" },
        { 2, 3, 2, "同比下降33.33%" },
        { 1435, 1148, 1, "同比增长25%" },
        { 102675, 100000, 2, "同比增长2.68%" },
        { 97325, 100000, 2, "同比下降2.68%" },
        { 102675, 100000, 1, "同比增长2.7%" },
        { 110, 100, 3, "同比增长10%" },
        { -5, 10, 0, "同比下降150%" },
        { INT64_MAX, 1, 0, "同比增长922337203685477580600%" },
        { INT64_MIN, INT64_MAX, 1, "同比下降200%" },
        { INT64_MAX, INT64_MAX - 1, 18, "同比增长0.000000000000000011%" },
    };
    for (size_t i = 0; i < N_CASES(cases); i++)
        check_str(gy_cn_yoy(cases[i].cur, cases[i].prev, cases[i].digits), cases[i].want,
                  "cn_yoy", i);
}

static void
test_cn_delta(void **state)
{
    (void)state;
    static const struct { int64_t d; const char *unit; const char *want; } cases[] = {
        { 1144, "人", "增加1144人" }, { -12, "个", "减少12个" }, { 0, "人", "持平" },
        { 5, NULL, "增加5" }, { 18523, "人", "增加18523人" },
        { INT64_MIN, "元", "减少9223372036854775808元" },
        { INT64_MAX, "元", "增加9223372036854775807元" },
    };
    for (size_t i = 0; i < N_CASES(cases); i++)
        check_str(gy_cn_delta(cases[i].d, cases[i].unit), cases[i].want, "cn_delta", i);
}

static void
test_cn_gap_points(void **state)
{
    (void)state;
    static const struct { int64_t gap; int digits; const char *want; } cases[] = {
        { 520, 1, "高于序时进度5.2个百分点" },
        { -300, 1, "低于序时进度3个百分点" },
        { 0, 1, "与序时进度持平" },
        { 4, 1, "与序时进度基本持平" },
        { 5, 1, "高于序时进度0.1个百分点" },
        { -5, 1, "低于序时进度0.1个百分点" },
        { 1234, 2, "高于序时进度12.34个百分点" },
        { 1234, 0, "高于序时进度12个百分点" },
        { 1250, 0, "高于序时进度13个百分点" },
        { -1250, 0, "低于序时进度13个百分点" },
        { INT64_MIN, 2, "低于序时进度92233720368547758.08个百分点" },
    };
    for (size_t i = 0; i < N_CASES(cases); i++)
        check_str(gy_cn_gap_points(cases[i].gap, cases[i].digits), cases[i].want,
                  "cn_gap_points", i);
}

static void
test_text_width(void **state)
{
    (void)state;
    static const struct { const char *s; int want; } cases[] = {
        { NULL, 0 }, { "", 0 }, { "abc", 3 },
        { "返乡创业", 8 },
        { "带动就业人数（人）", 18 },
        { "2021年1—6月", 12 },              /* — is Ambiguous: full width in CJK fonts */
        { "“引号”", 8 },
        { "ＡＢ", 4 },                      /* fullwidth Latin */
        { "e\xcc\x81", 1 },                 /* e + combining acute */
        { "a\xe2\x80\x8b" "b", 2 },         /* zero-width space */
        { "\xff" "a", 2 },                  /* invalid byte counts 1 */
        { "乐山市 Leshan", 13 },
    };
    for (size_t i = 0; i < N_CASES(cases); i++) {
        int got = gy_text_width(cases[i].s);
        if (got != cases[i].want)
            fail_msg("text_width case %zu: want %d got %d", i, cases[i].want, got);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_div),
        cmocka_unit_test(test_fmt_ratio),
        cmocka_unit_test(test_fmt_percent),
        cmocka_unit_test(test_fmt_wan),
        cmocka_unit_test(test_cn_count),
        cmocka_unit_test(test_cn_money),
        cmocka_unit_test(test_cn_yoy),
        cmocka_unit_test(test_cn_delta),
        cmocka_unit_test(test_cn_gap_points),
        cmocka_unit_test(test_text_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
