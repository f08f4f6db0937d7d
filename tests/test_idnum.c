/* test_idnum.c — GB 11643 ID numbers: check character, 15→18 upgrade, Excel damage, keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "guiyan/fields.h"

/* Expected values computed independently (Python) from the GB 11643 weights. */
static const struct { const char *in; gy_error err; const char *out; } id_cases[] = {
    { "11010519491231002X", GY_OK, "11010519491231002X" },    /* the standard's own example */
    { "11010519491231002x", GY_OK, "11010519491231002X" },
    { "511102199001011239", GY_OK, "511102199001011239" },
    { "511102199001010009", GY_OK, "511102199001010009" },    /* ends 0009: a real check 9 */
    { "51110220000229001X", GY_OK, "51110220000229001X" },    /* born on a leap day */
    { "511102190001010016", GY_OK, "511102190001010016" },    /* 1900-01-01 */
    { "511102209912310017", GY_OK, "511102209912310017" },    /* 2099-12-31 */
    /* 15-digit legacy numbers */
    { "511102900101123", GY_OK, "511102199001011239" },
    { "511123850615001", GY_OK, "511123198506150012" },
    { "110105491231002", GY_OK, "11010519491231002X" },
    { "511102900230123", GY_E_ID_BIRTHDATE, NULL },
    { "51110290010112X", GY_E_ID_CHARS, NULL },
    /* check character */
    { "511102199001011234", GY_E_ID_CHECK, NULL },
    { "11010519491231002Y", GY_E_ID_CHARS, NULL },
    { "110105194912310021", GY_E_ID_CHECK, NULL },
    { "511102199001011230", GY_E_ID_CHECK, NULL },            /* ends in one 0 only */
    /* Excel damage */
    { "511102199001011000", GY_E_ID_EXCEL_ZEROS, NULL },
    { "511102199001010000", GY_E_ID_EXCEL_ZEROS, NULL },
    { "5.11102E+17", GY_E_ID_EXCEL_SCI, NULL },
    { "5.11102e17", GY_E_ID_EXCEL_SCI, NULL },
    { "5.11102E17", GY_E_ID_EXCEL_SCI, NULL },
    { "5.11102199001E+17", GY_E_ID_EXCEL_SCI, NULL },
    { "5E+17", GY_E_ID_EXCEL_SCI, NULL },
    { "5.11102E+", GY_E_ID_CHARS, NULL },
    { "5.11102", GY_E_ID_CHARS, NULL },
    /* birth dates */
    { "511102190002290013", GY_E_ID_BIRTHDATE, NULL },        /* 1900 was not leap */
    { "511102210001010011", GY_E_ID_BIRTHDATE, NULL },        /* 2100 */
    { "511102189912310011", GY_E_ID_BIRTHDATE, NULL },        /* 1899 */
    { "511102199013010011", GY_E_ID_BIRTHDATE, NULL },
    { "511102199002300011", GY_E_ID_BIRTHDATE, NULL },
    /* length and characters */
    { "", GY_E_EMPTY, NULL },
    { "51110219900101123", GY_E_ID_LENGTH, NULL },
    { "5111021990010112390", GY_E_ID_LENGTH, NULL },
    { "12345", GY_E_ID_LENGTH, NULL },
    { "X", GY_E_ID_LENGTH, NULL },
    { "51110219900101123A", GY_E_ID_CHARS, NULL },
    { "5111021990010112X9", GY_E_ID_CHARS, NULL },
    { "511102 199001011239", GY_E_ID_CHARS, NULL },
    { "张三", GY_E_ID_CHARS, NULL },
    { "511102199001011239.0", GY_E_ID_CHARS, NULL },
};

static void
test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof id_cases / sizeof id_cases[0]; i++) {
        char out[19] = "untouched";
        gy_error e = gy_id_parse(id_cases[i].in, out);
        const char *want = id_cases[i].err == GY_OK ? id_cases[i].out : "untouched";
        if (e != id_cases[i].err || strcmp(out, want) != 0)
            fail_msg("case %zu \"%s\": error %d \"%s\", want error %d \"%s\"", i, id_cases[i].in,
                     e, out, id_cases[i].err, want);
    }
}

static void
test_check_char(void **state)
{
    (void)state;
    assert_int_equal(gy_id_check_char("11010519491231002"), 'X');
    assert_int_equal(gy_id_check_char("51110219900101123"), '9');
    assert_int_equal(gy_id_check_char("51110219900101100"), '1');
    assert_int_equal(gy_id_check_char("51112319850615001"), '2');
    assert_int_equal(gy_id_check_char("44030419990101000"), '9');
    /* Changing any single digit changes the check character. */
    char d[18] = "51110219900101123";
    for (int i = 0; i < 17; i++) {
        char orig = d[i];
        for (char c = '0'; c <= '9'; c++) {
            if (c == orig)
                continue;
            d[i] = c;
            assert_int_not_equal(gy_id_check_char(d), '9');
        }
        d[i] = orig;
    }
}

static void
test_key(void **state)
{
    (void)state;
    char a[19], b[19], back[19];
    assert_int_equal(gy_id_parse("511102199001011239", a), GY_OK);
    assert_int_equal(gy_id_parse("511102900101123", b), GY_OK);
    assert_true(gy_id_key(a) == gy_id_key(b));                     /* 15 and 18 are one person */
    assert_true(gy_id_key(a) == UINT64_C(51110219900101123));
    gy_id_from_key(gy_id_key(a), back);
    assert_string_equal(back, "511102199001011239");

    assert_int_equal(gy_id_parse("11010519491231002x", a), GY_OK);
    gy_id_from_key(gy_id_key(a), back);
    assert_string_equal(back, "11010519491231002X");

    assert_int_equal(gy_id_parse("511102199001010009", b), GY_OK);
    assert_true(gy_id_key(a) != gy_id_key(b));
    assert_true(gy_id_key(b) == UINT64_C(51110219900101000));
}

static void test_mask_text(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        { "511102199001011230", "511102********1230" },     /* wrong check character */
        { "51110219900101123", "511102*******1123" },       /* 17 digits */
        { "511102900101123", "511102*****1123" },           /* 15 digits */
        { "5.11102E+17", "5.11102E+17" },                   /* nothing left to hide */
        { "张三", "张三" },
        { "123456789", "123456789" },                       /* too short to be an ID */
        /* found by fuzz_idnum and fuzz_load: an ID among other text, two in one cell, and
         * Excel's notation with more digits than the region code */
        { "511102199001011239号", "511102********1239号" },
        { "身份证511102199001011239 ", "身份证511102********1239 " },
        { "511102199001011239、51112319700707111X", "511102********1239、511123********111X" },
        { "5111021990010112312.5?三", "5111021990010112312.5?三" },   /* 19 digits: shown */
        { "5.11102199001E+17", "5.11102******E+17" },
        { "51110.2199001e17", "51110.2******e17" },
        { "5111321985.05054E+17505054324", "511132****.*****E+175****4324" },
        /* a province's own code in front: gy_id_parse accepts it, so it is masked (fuzz_idnum) */
        { "120000200002291213X19505", "120000********1213X19505" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        strcpy(buf, cases[i].in);
        gy_id_mask_text(buf);
        assert_string_equal(buf, cases[i].out);
    }
}

/* IDs and mobile numbers inside other text, however they are written; other numbers as
 * they are. */
static void test_mask_runs(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        { "王五,犍为县,2021-02-03,丙,,,511102198502023452,李四,1",
          "王五,犍为县,2021-02-03,丙,,,511102********3452,李四,1" },
        { "11010519491231002X和11010519491231002x", "110105********002X和110105********002X" },
        { "电话13800138000", "电话138****8000" },
        /* the spellings: spaces, hyphens, groups of four, full-width digits */
        { "511181 19801208 4768", "511181********4768" },
        { "511181-19801208-4768", "511181********4768" },
        { "5111 8119 8012 0847 68", "511181********4768" },
        { "５１１１８１１９８０１２０８４７６８", "511181********4768" },
        { "ID: 511181　19801208　476x.", "ID: 511181********476X." },
        { "138-0000-1212", "138****1212" },
        { "138 0000 1212 和 2021-06-15", "138****1212 和 2021-06-15" },
        { "2021-06-15 511181198012084768", "2021-06-15 511181********4768" },
        /* not an ID: no province, no real birth date, too long; an amount; a bank account */
        { "001181198012084768", "001181198012084768" },
        { "511181198013084768", "511181198013084768" },
        { "12345678901234567", "12345678901234567" },
        { "6222021234567890123", "6222021234567890123" },
        { "1234567890.50", "1234567890.50" },
        { "12800001212", "12800001212" },                 /* 12…: not a mobile number */
        /* found by fuzz_idnum: an X after the 18th character is not part of the number */
        { "2981x511102199001011239x", "2981x511102********1239x" },
        /* bidirectional controls go */
        { "\xE2\x80\xAE" "abc" "\xE2\x81\xA6" "d\xE2\x80\x8F", "abcd" },
        { "2021-06-15 20210615 44362 123456789", "2021-06-15 20210615 44362 123456789" },
        { "", "" },
        { "X123", "X123" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[128];
        strcpy(buf, cases[i].in);
        gy_id_mask_text(buf);
        assert_string_equal(buf, cases[i].out);
    }
}

static void
test_mask(void **state)
{
    (void)state;
    char out[19];
    gy_id_mask("11010519491231002X", out);
    assert_string_equal(out, "110105********002X");
    gy_id_mask("511102199001011239", out);
    assert_string_equal(out, "511102********1239");
}

/* ---- gy_id_parse_key: its one-pass path against gy_id_parse + gy_id_key ---- */

/* Both ways on one value: the same error, and on GY_OK the same ID and key; out untouched on
 * an error. */
static void
check_parse_key(const char *in)
{
    char fast[19] = "untouched", slow[19] = "untouched";
    uint64_t key = 7;
    gy_error ef = gy_id_parse_key(in, fast, &key);
    gy_error es = gy_id_parse(in, slow);
    if (ef != es || strcmp(fast, slow) != 0 || (es == GY_OK ? key != gy_id_key(slow) : key != 7))
        fail_msg("\"%s\": parse_key error %d \"%s\" key %llu; parse error %d \"%s\"", in, ef,
                 fast, (unsigned long long)key, es, slow);
}

static uint32_t
rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void
test_parse_key_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof id_cases / sizeof id_cases[0]; i++)
        check_parse_key(id_cases[i].in);
    static const char *const more[] = {
        "５１１１０２１９９００１０１１２３９",        /* full-width digits (not folded here) */
        "51110219900101123９", "51110219900101123 ", " 511102199001011239",
        "'511102199001011239", "=\"511102199001011239\"", "511102199001011239\t",
        "51110219900101123x", "51110219900101123X", "51110219900101123\xc3\x97",
        "511102199001011239X", "5111021990010112", "51110219900101123",
        "000000190001010000", "999999209912319999", "511102200002290010",
        "511102190002290010", "511102210001010010", "511102189912310010",
        "511102199000010010", "511102199001000010", "511102199001320010",
        "511102199011310010", "511102199012310010",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(more); i++)
        check_parse_key(more[i]);
}

/* Every birth date 1898-01-00 .. 2101-13-32 (real and not) under the right check character,
 * and under every wrong one (Excel zeros among them). */
static void
test_parse_key_birthdates(void **state)
{
    (void)state;
    char id[19];
    for (int y = 1898; y <= 2101; y++)
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d++) {
                g_snprintf(id, sizeof id, "511102%04d%02d%02d000", y, m, d);
                char right = gy_id_check_char(id);
                id[18] = '\0';
                for (const char *c = "0123456789X"; *c; c++) {
                    if (*c != right && (d % 7 != 0 || m % 3 != 0))
                        continue;       /* a sample of the wrong ones */
                    id[17] = *c;
                    check_parse_key(id);
                }
            }
}

/* Random valid numbers, and each of them damaged one way or another: a digit changed, a
 * letter or space put in, cut short or made longer, x for X, the 15-digit form. */
static void
test_parse_key_random(void **state)
{
    (void)state;
    uint32_t seed = 20210615;
    char id[32], v[40];
    int ok = 0;
    for (int n = 0; n < 200000; n++) {
        int y = 1890 + (int)(rnd(&seed) % 230), m = 1 + (int)(rnd(&seed) % 12);
        int d = 1 + (int)(rnd(&seed) % 31);
        g_snprintf(id, sizeof id, "%06u%04d%02d%02d%03u", 110000 + rnd(&seed) % 800000, y, m, d,
                   rnd(&seed) % 1000);
        id[17] = gy_id_check_char(id);
        id[18] = '\0';
        check_parse_key(id);
        char out[19];
        uint64_t key;
        if (gy_id_parse_key(id, out, &key) == GY_OK)
            ok++;
        strcpy(v, id);
        size_t at = rnd(&seed) % 18;
        switch (rnd(&seed) % 9) {
        case 0: v[at] = (char)('0' + (v[at] - '0' + 1 + rnd(&seed) % 9) % 10); break;
        case 1: v[at] = "AxX .-E\x01"[rnd(&seed) % 9]; break;
        case 2: v[at] = '\0'; break;
        case 3: v[18] = "0X x"[rnd(&seed) % 4]; v[19] = '\0'; break;
        case 4: if (v[17] == 'X') v[17] = 'x'; break;
        case 5: memmove(v + 6, v + 8, 9); v[15] = '\0'; break;       /* 15 digits */
        case 6: v[15] = v[16] = v[17] = '0'; break;
        case 7: memmove(v + 1, v, 19); v[0] = '0' + (char)(rnd(&seed) % 10); break;
        default: v[17] = (char)('0' + rnd(&seed) % 10); break;
        }
        check_parse_key(v);
    }
    assert_true(ok > 100000);           /* most went the one-pass way */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_text),
        cmocka_unit_test(test_mask_runs),
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_check_char),
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_parse_key_table),
        cmocka_unit_test(test_parse_key_birthdates),
        cmocka_unit_test(test_parse_key_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
