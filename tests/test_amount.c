/* test_amount.c — gy_amount_parse, gy_unit_from_header, gy_count_parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "guiyan/fields.h"

#define W GY_UNIT_WAN
#define Y GY_UNIT_YUAN

static const struct { const char *in; gy_unit unit; gy_error err; gy_fen fen; } amount_cases[] = {
    { "12.5", W, GY_OK, INT64_C(12500000) },
    { "12.5", Y, GY_OK, INT64_C(1250) },
    { "1,200.50", Y, GY_OK, INT64_C(120050) },
    { "1,200", Y, GY_OK, INT64_C(120000) },
    { "12,345,678.9", Y, GY_OK, INT64_C(1234567890) },
    { "12.345678", W, GY_OK, INT64_C(12345678) },               /* exact, no double */
    { "0.000001", W, GY_OK, INT64_C(1) },
    { "0.01", Y, GY_OK, INT64_C(1) },
    { "0", W, GY_OK, 0 },
    { "0.00", Y, GY_OK, 0 },
    { "5", W, GY_OK, INT64_C(5000000) },
    { "  7.25  ", Y, GY_OK, INT64_C(725) },
    { ".5", W, GY_OK, INT64_C(500000) },
    { "5.", W, GY_OK, INT64_C(5000000) },
    { "+5", W, GY_OK, INT64_C(5000000) },
    { "007", Y, GY_OK, INT64_C(700) },
    { "12．5", W, GY_OK, INT64_C(12500000) },                   /* U+FF0E, if not folded */
    { "¥1,000", Y, GY_OK, INT64_C(100000) },
    { "￥ 1000", Y, GY_OK, INT64_C(100000) },
    /* suffixes override the column */
    { "3000元", W, GY_OK, INT64_C(300000) },
    { "3000 元", W, GY_OK, INT64_C(300000) },
    { "12.5万", Y, GY_OK, INT64_C(12500000) },
    { "12.5万元", Y, GY_OK, INT64_C(12500000) },
    { "12.5 万元 ", W, GY_OK, INT64_C(12500000) },
    { "0.15元", W, GY_OK, INT64_C(15) },
    /* precision: zeros past the fen are fine */
    { "12.3456789", W, GY_E_AMOUNT_PRECISION, 0 },
    { "12.3456780", W, GY_OK, INT64_C(12345678) },
    { "1.234", Y, GY_E_AMOUNT_PRECISION, 0 },
    { "1.230000", Y, GY_OK, INT64_C(123) },
    { "1.005元", W, GY_E_AMOUNT_PRECISION, 0 },
    /* negative */
    { "-5", W, GY_E_AMOUNT_NEGATIVE, 0 },
    { "－5", W, GY_E_AMOUNT_NEGATIVE, 0 },
    { "-0.01", Y, GY_E_AMOUNT_NEGATIVE, 0 },
    { "-1.2345678", W, GY_E_AMOUNT_NEGATIVE, 0 },
    { "-0", W, GY_OK, 0 },
    { "-0.00", Y, GY_OK, 0 },
    /* size: 10^12 fen (100 亿元) is the ceiling, in either unit and with either parser */
    { "1000000", W, GY_OK, INT64_C(1000000000000) },
    { "999999.999999", W, GY_OK, INT64_C(999999999999) },
    { "1000000.000001", W, GY_E_AMOUNT_TOO_BIG, 0 },
    { "1000001", W, GY_E_AMOUNT_TOO_BIG, 0 },
    { "100亿元", W, GY_E_AMOUNT_FORMAT, 0 },
    { "10000000000", Y, GY_OK, INT64_C(1000000000000) },
    { "9999999999.99", Y, GY_OK, INT64_C(999999999999) },
    { "10000000000.01", Y, GY_E_AMOUNT_TOO_BIG, 0 },
    { "10000000001", Y, GY_E_AMOUNT_TOO_BIG, 0 },
    { "1000000000", W, GY_E_AMOUNT_TOO_BIG, 0 },
    { "99999999999999999999999999", Y, GY_E_AMOUNT_TOO_BIG, 0 },
    /* thousands separators only in their places */
    { "1,2,3", Y, GY_E_AMOUNT_FORMAT, 0 },
    { "1200,5", Y, GY_E_AMOUNT_FORMAT, 0 },
    { "12,34", Y, GY_E_AMOUNT_FORMAT, 0 },
    { "1,2345", Y, GY_E_AMOUNT_FORMAT, 0 },
    { "1234,567", Y, GY_E_AMOUNT_FORMAT, 0 },
    { ",123", Y, GY_E_AMOUNT_FORMAT, 0 },
    { "1,200,", Y, GY_E_AMOUNT_FORMAT, 0 },
    { "1.200,50", Y, GY_E_AMOUNT_FORMAT, 0 },
    /* not amounts */
    { "abc", W, GY_E_AMOUNT_FORMAT, 0 },
    { ".", W, GY_E_AMOUNT_FORMAT, 0 },
    { "-", W, GY_E_AMOUNT_FORMAT, 0 },
    { "元", W, GY_E_AMOUNT_FORMAT, 0 },
    { "1.2.3", W, GY_E_AMOUNT_FORMAT, 0 },
    { "1.2E+5", W, GY_E_AMOUNT_FORMAT, 0 },
    { "12 5", W, GY_E_AMOUNT_FORMAT, 0 },
    { "12.5万元元", W, GY_E_AMOUNT_FORMAT, 0 },
    { "12.5美元", W, GY_E_AMOUNT_FORMAT, 0 },
    { "约12万", W, GY_E_AMOUNT_FORMAT, 0 },
};

static void
test_amount_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof amount_cases / sizeof amount_cases[0]; i++) {
        gy_fen fen = -1;
        bool blank = true;
        gy_error e = gy_amount_parse(amount_cases[i].in, amount_cases[i].unit, &fen, &blank);
        gy_fen want = amount_cases[i].err == GY_OK ? amount_cases[i].fen : 0;
        if (e != amount_cases[i].err || fen != want || blank)
            fail_msg("case %zu \"%s\": error %d fen %lld blank %d, want error %d fen %lld", i,
                     amount_cases[i].in, e, (long long)fen, blank, amount_cases[i].err,
                     (long long)want);
    }
}

static void
test_amount_blank(void **state)
{
    (void)state;
    const char *blanks[] = { "", " ", "   " };
    for (size_t i = 0; i < 3; i++) {
        gy_fen fen = -1;
        bool blank = false;
        assert_int_equal(gy_amount_parse(blanks[i], GY_UNIT_WAN, &fen, &blank), GY_OK);
        assert_true(blank);
        assert_int_equal(fen, 0);
    }
}

/* Every 万元 value with six decimals is exact: n millionths of 万元 is n fen. */
static void
test_amount_exact_sweep(void **state)
{
    (void)state;
    for (int64_t n = 0; n < 3000000; n += 7919) {
        char buf[32];
        gy_fen fen;
        bool blank;
        snprintf(buf, sizeof buf, "%lld.%06lld", (long long)(n / 1000000), (long long)(n % 1000000));
        assert_int_equal(gy_amount_parse(buf, GY_UNIT_WAN, &fen, &blank), GY_OK);
        assert_int_equal(fen, n);
    }
}

static void
test_unit_from_header(void **state)
{
    (void)state;
    assert_int_equal(gy_unit_from_header("贷款金额(元)"), GY_UNIT_YUAN);
    assert_int_equal(gy_unit_from_header("贷款金额（元）"), GY_UNIT_YUAN);
    assert_int_equal(gy_unit_from_header("贷款金额（元)"), GY_UNIT_YUAN);
    assert_int_equal(gy_unit_from_header("投资额（单位：元）"), GY_UNIT_YUAN);
    assert_int_equal(gy_unit_from_header("贷款金额(万元)"), GY_UNIT_WAN);
    assert_int_equal(gy_unit_from_header("贷款金额（万元）"), GY_UNIT_WAN);
    assert_int_equal(gy_unit_from_header("贷款金额"), GY_UNIT_WAN);
    assert_int_equal(gy_unit_from_header("元"), GY_UNIT_WAN);
    assert_int_equal(gy_unit_from_header(""), GY_UNIT_WAN);
}

static const struct { const char *in; gy_error err; int64_t n; bool blank; } count_cases[] = {
    { "12", GY_OK, 12, false },
    { "12人", GY_OK, 12, false },
    { "12 人", GY_OK, 12, false },
    { "1,200", GY_OK, 1200, false },
    { " 3 ", GY_OK, 3, false },
    { "12.0", GY_OK, 12, false },
    { "12.00", GY_OK, 12, false },
    { "0", GY_OK, 0, false },
    { "-0", GY_OK, 0, false },
    { "", GY_OK, 0, true },
    { "  ", GY_OK, 0, true },
    { "1.5", GY_E_COUNT_FORMAT, 0, false },
    { "12.01", GY_E_COUNT_FORMAT, 0, false },
    { "-5", GY_E_COUNT_NEGATIVE, 0, false },
    { "－5", GY_E_COUNT_NEGATIVE, 0, false },
    { "-1.5", GY_E_COUNT_NEGATIVE, 0, false },
    { "1,2,3", GY_E_COUNT_FORMAT, 0, false },
    { "十二", GY_E_COUNT_FORMAT, 0, false },
    { "12人次", GY_E_COUNT_FORMAT, 0, false },
    { "人", GY_E_COUNT_FORMAT, 0, false },
    { "999999999", GY_OK, INT64_C(999999999), false },
    { "1000000000", GY_OK, INT64_C(1000000000), false },
    { "1,000,000,000人", GY_OK, INT64_C(1000000000), false },
    { "1000000001", GY_E_COUNT_TOO_BIG, 0, false },
    { "1000000000000", GY_E_COUNT_TOO_BIG, 0, false },
    { "99999999999999999999999", GY_E_COUNT_TOO_BIG, 0, false },
};

static void
test_count_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof count_cases / sizeof count_cases[0]; i++) {
        int64_t n = -1;
        bool blank = !count_cases[i].blank;
        gy_error e = gy_count_parse(count_cases[i].in, &n, &blank);
        int64_t want = count_cases[i].err == GY_OK ? count_cases[i].n : 0;
        if (e != count_cases[i].err || n != want || blank != count_cases[i].blank)
            fail_msg("case %zu \"%s\": error %d n %lld blank %d", i, count_cases[i].in, e,
                     (long long)n, blank);
    }
}

/* ---- the plain-digits path against the general parsers ---- */

/* gy_amount_parse (both units) and gy_count_parse on one value against their general
 * parsers: the same error, fen or count, and blank flag. */
static void
check_both(const char *in)
{
    for (int u = 0; u < 2; u++) {
        gy_unit unit = u ? Y : W;
        gy_fen ff = 11, fs = 22;
        bool bf = true, bs = false;
        gy_error ef = gy_amount_parse(in, unit, &ff, &bf);
        gy_error es = gy_amount_parse_general(in, unit, &fs, &bs);
        if (ef != es || ff != fs || bf != bs)
            fail_msg("\"%s\" unit %d: parse error %d fen %lld blank %d, general error %d fen %lld "
                     "blank %d", in, u, ef, (long long)ff, bf, es, (long long)fs, bs);
    }
    int64_t nf = 11, ns = 22;
    bool bf = true, bs = false;
    gy_error ef = gy_count_parse(in, &nf, &bf), es = gy_count_parse_general(in, &ns, &bs);
    if (ef != es || nf != ns || bf != bs)
        fail_msg("\"%s\": count error %d %lld blank %d, general error %d %lld blank %d", in, ef,
                 (long long)nf, bf, es, (long long)ns, bs);
}

/* Every string of up to five pieces from the alphabet below (digits, point, comma, signs,
 * units, full-width forms, spaces, exponent), up to 12 digits with up to 8 decimals, the
 * limits of the plain path, and the tables above. */
static void
test_fast_agrees(void **state)
{
    (void)state;
    static const char *const piece[] = {
        "0", "1", "5", "9", "12", ".", ",", "-", "+", " ", "万", "元", "１", "．", "e", "E3",
        "万元", "人", "¥",
    };
    const size_t np = G_N_ELEMENTS(piece);
    char buf[64];
    size_t idx[5];
    for (int len = 0; len <= 5; len++) {
        size_t total = 1;
        for (int k = 0; k < len; k++)
            total *= np;
        for (size_t n = 0; n < total; n++) {
            size_t x = n;
            buf[0] = '\0';
            for (int k = 0; k < len; k++) {
                idx[k] = x % np;
                x /= np;
                g_strlcat(buf, piece[idx[k]], sizeof buf);
            }
            check_both(buf);
        }
    }
    static const char *const more[] = {
        "1,200.50", "１２．５", "12.5万", " 3 ", "-1", "1e3", "3 ", " 3", "-0", "-0.0", "0.",
        "999999999", "1000000000", "999999999.999999", "999999999.9999999", "1000000000.5",
        "999999999999", "1000000000000", "9999999999999", "0999999999", "000000000001",
        "999999", "1000000", "999999.999999", "1000000.000001", "9999999999", "10000000000",
        "9999999999.99", "10000000000.01", "1000000001",
        "12.3456789", "12.345678", "12.34567800", "12.10", "0.000001", "0.0000001",
        "12.", ".", "..", "1..2", "1.2.3", "12\t", "\t12", "1_000",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(more); i++)
        check_both(more[i]);
    for (size_t i = 0; i < sizeof amount_cases / sizeof amount_cases[0]; i++)
        check_both(amount_cases[i].in);
    for (size_t i = 0; i < sizeof count_cases / sizeof count_cases[0]; i++)
        check_both(count_cases[i].in);
    /* 1..13 digits, then a point and 0..8 decimals */
    for (int ni = 1; ni <= 13; ni++)
        for (int nf = -1; nf <= 8; nf++) {
            int w = 0;
            for (int k = 0; k < ni; k++)
                buf[w++] = (char)('1' + (k * 7 + nf + 9) % 9);
            if (nf >= 0)
                buf[w++] = '.';
            for (int k = 0; k < nf; k++)
                buf[w++] = (char)('0' + (k * 3 + ni) % 10);
            buf[w] = '\0';
            check_both(buf);
            if (nf > 0) {
                buf[w - 1] = '0';         /* a zero in the last place */
                check_both(buf);
            }
        }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amount_table),
        cmocka_unit_test(test_amount_blank),
        cmocka_unit_test(test_amount_exact_sweep),
        cmocka_unit_test(test_unit_from_header),
        cmocka_unit_test(test_count_table),
        cmocka_unit_test(test_fast_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
