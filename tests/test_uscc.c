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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_single_substitution),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
