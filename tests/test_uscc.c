/* test_uscc.c — GB 32100 unified social credit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/fields.h"

/* Check characters computed independently (Python) with the GB 32100 weights. */
static const struct { const char *in; gy_error err; const char *out; } uscc_cases[] = {
    /* published codes of well-known companies (华为技术, 腾讯科技(深圳), 阿里巴巴(中国)) */
    { "914403001922038216", GY_OK, "914403001922038216" },
    { "91440300708461136T", GY_OK, "91440300708461136T" },
    { "91330100799655058B", GY_OK, "91330100799655058B" },
    /* constructed: an enterprise, an individual business, an institution, a social body */
    { "91511100MA62B0CT3M", GY_OK, "91511100MA62B0CT3M" },
    { "92511102MA6A00000N", GY_OK, "92511102MA6A00000N" },
    { "12511100451234567F", GY_OK, "12511100451234567F" },
    { "52511100MJQ012345Y", GY_OK, "52511100MJQ012345Y" },
    { "91511100574183206Y", GY_OK, "91511100574183206Y" },    /* check 30 */
    { "9151110057418320U0", GY_OK, "9151110057418320U0" },    /* check 31 → 0 */
    { "91511100ma62b0ct3m", GY_OK, "91511100MA62B0CT3M" },    /* lower case */
    { "91440300708461136t", GY_OK, "91440300708461136T" },
    /* The brief's example: its check character should be 2, not U. */
    { "91510000MA62TBBX2U", GY_E_USCC_CHECK, NULL },
    { "915100000MA62TBBX22", GY_E_USCC_LENGTH, NULL },
    { "91511100MA62B0CT3N", GY_E_USCC_CHECK, NULL },
    { "91511100MA62B0CT4M", GY_E_USCC_CHECK, NULL },
    { "81511100MA62B0CT3M", GY_E_USCC_CHECK, NULL },
    /* characters GB 32100 leaves out */
    { "91511100MI62B0CT3M", GY_E_USCC_CHARS, NULL },
    { "91511100MO62B0CT3M", GY_E_USCC_CHARS, NULL },
    { "91511100MS62B0CT3M", GY_E_USCC_CHARS, NULL },
    { "91511100MV62B0CT3M", GY_E_USCC_CHARS, NULL },
    { "91511100MZ62B0CT3M", GY_E_USCC_CHARS, NULL },
    { "91511100MA62B0CT3-", GY_E_USCC_CHARS, NULL },
    { "91511100 MA62B0CT3M", GY_E_USCC_CHARS, NULL },
    { "乐山市某公司", GY_E_USCC_CHARS, NULL },
    /* length */
    { "", GY_E_EMPTY, NULL },
    { "91511100MA62B0CT3", GY_E_USCC_LENGTH, NULL },
    { "91511100MA62B0CT3MM", GY_E_USCC_LENGTH, NULL },
    { "511102000012345", GY_E_USCC_LENGTH, NULL },            /* old 15-digit licence number */
};

static void
test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof uscc_cases / sizeof uscc_cases[0]; i++) {
        char out[19] = "untouched";
        gy_error e = gy_uscc_parse(uscc_cases[i].in, out);
        const char *want = uscc_cases[i].err == GY_OK ? uscc_cases[i].out : "untouched";
        if (e != uscc_cases[i].err || strcmp(out, want) != 0)
            fail_msg("case %zu \"%s\": error %d \"%s\", want error %d \"%s\"", i,
                     uscc_cases[i].in, e, out, uscc_cases[i].err, want);
    }
}

/* Any single-character substitution in a valid code breaks the check. */
static void
test_single_substitution(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char code[19] = "91511100MA62B0CT3M", out[19];
    for (int i = 0; i < 18; i++) {
        char orig = code[i];
        for (const char *a = alphabet; *a; a++) {
            if (*a == orig)
                continue;
            code[i] = *a;
            assert_int_equal(gy_uscc_parse(code, out), GY_E_USCC_CHECK);
        }
        code[i] = orig;
    }
    assert_int_equal(gy_uscc_parse(code, out), GY_OK);
}

/* ---- the one-pass path of gy_uscc_parse against gy_uscc_parse_general ---- */

static void
check_both(const char *in)
{
    char fast[19] = "untouched", slow[19] = "untouched";
    gy_error ef = gy_uscc_parse(in, fast), es = gy_uscc_parse_general(in, slow);
    if (ef != es || strcmp(fast, slow) != 0)
        fail_msg("\"%s\": parse error %d \"%s\", general error %d \"%s\"", in, ef, fast, es,
                 slow);
}

static uint32_t
rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Random codes with the right check character, in either case, and damaged: another
 * character anywhere (one GB 32100 leaves out, a space, a byte of a Chinese character), cut
 * short, made longer, the check character changed. */
static void
test_fast_agrees(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const char lower[] = "0123456789abcdefghjklmnpqrtuwxy";
    for (size_t i = 0; i < sizeof uscc_cases / sizeof uscc_cases[0]; i++)
        check_both(uscc_cases[i].in);
    uint32_t seed = 32100;
    int ok = 0;
    for (int n = 0; n < 200000; n++) {
        char code[24], v[24];
        unsigned sum = 0;
        for (int i = 0; i < 17; i++) {
            static const unsigned char weight[17] = {
                1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
            };
            unsigned c = rnd(&seed) % 31;
            sum += c * weight[i];
            code[i] = rnd(&seed) % 4 ? alphabet[c] : lower[c];
        }
        code[17] = alphabet[(31 - sum % 31) % 31];
        code[18] = '\0';
        check_both(code);
        char out[19];
        ok += gy_uscc_parse(code, out) == GY_OK;
        strcpy(v, code);
        size_t at = rnd(&seed) % 18;
        switch (rnd(&seed) % 6) {
        case 0: v[at] = "IOSVZiosvz -\xe4\x01"[rnd(&seed) % 15]; break;
        case 1: v[at] = '\0'; break;
        case 2: v[18] = alphabet[rnd(&seed) % 31]; v[19] = '\0'; break;
        case 3: v[at] = alphabet[rnd(&seed) % 31]; break;
        case 4: v[17] = lower[rnd(&seed) % 31]; break;
        default: memmove(v + 1, v, 19); v[0] = alphabet[rnd(&seed) % 31]; break;
        }
        check_both(v);
    }
    assert_int_equal(ok, 200000);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_single_substitution),
        cmocka_unit_test(test_fast_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
