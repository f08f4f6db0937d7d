/* test_text.c — gy_text_clean and gy_text_unguard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/fields.h"

static const struct { const char *in, *want; } clean_cases[] = {
    { "", "" },
    { "abc", "abc" },
    { "  abc  ", "abc" },
    { "   ", "" },
    { "a b", "a b" },
    { "\tabc\t", "abc" },                                       /* tabs are C0: removed */
    { "ab\r\n", "ab" },
    { "a\x01" "b\x7f" "c", "abc" },
    { " \x1f a", "a" },
    { "５１１１０２", "511102" },                               /* full-width digits */
    { "１２．５万元", "12.5万元" },
    { "ＡＢＣｘｙｚ", "ABCxyz" },
    { "！～", "!~" },                                            /* U+FF01, U+FF5E: the ends */
    { "（元）", "(元)" },
    { "\u3000张三\u3000", "张三" },                              /* ideographic space */
    { "张\u3000三", "张 三" },
    { "\u00a0 12 \u00a0", "12" },                                /* NBSP trimmed */
    { "1\u00a0200", "1 200" },
    { "\u200b511102\ufeff", "511102" },                          /* invisible characters */
    { "\ufeff乐山市", "乐山市" },
    { "市中区", "市中区" },
    { "  犍为县 ", "犍为县" },
    { "－５", "-5" },
    { "，", "," },
    { "￥5", "￥5" },                                            /* U+FFE5 is outside the block */
    { "\u3000\t \u00a0", "" },
};

static void
test_clean_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof clean_cases / sizeof clean_cases[0]; i++) {
        char buf[128];
        strcpy(buf, clean_cases[i].in);
        size_t n = gy_text_clean(buf);
        if (strcmp(buf, clean_cases[i].want) != 0 || n != strlen(clean_cases[i].want))
            fail_msg("case %zu: \"%s\" → \"%s\" (%zu), want \"%s\"", i, clean_cases[i].in, buf, n,
                     clean_cases[i].want);
    }
}

/* Cleaning twice changes nothing. */
static void
test_clean_idempotent(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof clean_cases / sizeof clean_cases[0]; i++) {
        char buf[128];
        strcpy(buf, clean_cases[i].want);
        gy_text_clean(buf);
        assert_string_equal(buf, clean_cases[i].want);
    }
}

static const struct { const char *in, *want; } unguard_cases[] = {
    { "'511102199001011234", "511102199001011234" },
    { "=\"511102199001011234\"", "511102199001011234" },
    { "=\" 511102199001011234 \"", "511102199001011234" },
    { "\t511102199001011234", "511102199001011234" },
    { "\t'511102199001011234", "511102199001011234" },
    { "511102199001011234", "511102199001011234" },
    { "''5", "'5" },                                             /* only one guard removed */
    { "=\"\"", "" },
    { "=\"", "=\"" },                                            /* not a wrapper */
    { "=A1", "=A1" },
    { "'", "" },
    { "", "" },
    { "it's", "it's" },
};

static void
test_unguard_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof unguard_cases / sizeof unguard_cases[0]; i++) {
        char buf[128];
        strcpy(buf, unguard_cases[i].in);
        gy_text_unguard(buf);
        if (strcmp(buf, unguard_cases[i].want) != 0)
            fail_msg("case %zu: \"%s\" → \"%s\", want \"%s\"", i, unguard_cases[i].in, buf,
                     unguard_cases[i].want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_table),
        cmocka_unit_test(test_clean_idempotent),
        cmocka_unit_test(test_unguard_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
