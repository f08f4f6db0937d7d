/* test_text.c — gy_text_clean and gy_text_unguard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

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
    { "  ab  \x01" "c ", "ab  c" },                             /* plain prefix, then more */
    { "ab \u00a0", "ab" },
    { " 张三 ", "张三" },                                        /* nothing to change but ends */
    { "张 \u200b", "张" },
    { "乐山市（市中区）", "乐山市(市中区)" },
    { "   ５", "5" },
    { "\u00e9t\u00e9 \u4e00", "\u00e9t\u00e9 \u4e00" },
    { "a\u2013b", "a\u2013b" },                                  /* E2 lead, not U+200B */
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

/* gy_text_clean as it was written first, one character at a time: the reference for the fast
 * paths. */
static size_t
ref_clean(char *s)
{
    unsigned char *r = (unsigned char *)s, *w = r, *start = r, *end_keep = r;
    while (*r) {
        unsigned char c = r[0], out;
        if (c < 0x80) {
            r++;
            if (c < 0x20 || c == 0x7F)
                continue;
            out = c;
        } else if (c == 0xC2 && r[1] == 0xA0) {
            r += 2;
            out = ' ';
        } else if (c == 0xE3 && r[1] == 0x80 && r[2] == 0x80) {
            r += 3;
            out = ' ';
        } else if (c == 0xEF && r[1] == 0xBC && r[2] >= 0x81 && r[2] <= 0xBF) {
            out = (unsigned char)(r[2] - 0x81 + 0x21);
            r += 3;
        } else if (c == 0xEF && r[1] == 0xBD && r[2] >= 0x80 && r[2] <= 0x9E) {
            out = (unsigned char)(r[2] - 0x80 + 0x60);
            r += 3;
        } else if ((c == 0xE2 && r[1] == 0x80 && r[2] == 0x8B) ||
                   (c == 0xEF && r[1] == 0xBB && r[2] == 0xBF)) {
            r += 3;
            continue;
        } else {
            *w++ = *r++;
            while ((*r & 0xC0) == 0x80)
                *w++ = *r++;
            end_keep = w;
            continue;
        }
        if (out == ' ') {
            if (w == start)
                continue;
            *w++ = out;
        } else {
            *w++ = out;
            end_keep = w;
        }
    }
    *end_keep = '\0';
    return (size_t)(end_keep - start);
}

/* Random strings of the pieces that matter agree with the reference, byte for byte. */
static void
test_clean_matches_reference(void **state)
{
    (void)state;
    static const char *pieces[] = {
        " ", "  ", "a", "Z9", "-", "\t", "\x01", "\x7f", "张", "乐山", "\u00a0", "\u3000",
        "\u3001", "\u200b", "\u2013", "\ufeff", "\uff10", "\uff5e", "\uff5f", "\uffe5",
        "\u00e9", "\u0100", "\U0001F600", "\xc2\x80", "\xe3\x80", "\xef\xbc",
    };
    GRand *rnd = g_rand_new_with_seed(20210615);
    for (int iter = 0; iter < 200000; iter++) {
        char a[256] = "", b[256];
        int n = g_rand_int_range(rnd, 0, 9);
        for (int k = 0; k < n; k++)
            strcat(a, pieces[g_rand_int_range(rnd, 0, G_N_ELEMENTS(pieces))]);
        strcpy(b, a);
        char in[256];
        strcpy(in, a);
        size_t got = gy_text_clean(a), want = ref_clean(b);
        if (got != want || strcmp(a, b) != 0)
            fail_msg("\"%s\" → \"%s\" (%zu), want \"%s\" (%zu)", in, a, got, b, want);
    }
    g_rand_free(rnd);
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

/* Nothing to change, nothing written: a missing cell is the read-only literal "" (a roster
 * row of one cell, 制表人：…, once crashed the stars command there). */
static void
test_unguard_writes_nothing_when_clean(void **state)
{
    (void)state;
    static const char empty[] = "";
    gy_text_unguard((char *)empty);
    gy_text_unguard((char *)"511102199001011239");
    assert_string_equal(empty, "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_table),
        cmocka_unit_test(test_unguard_writes_nothing_when_clean),
        cmocka_unit_test(test_clean_idempotent),
        cmocka_unit_test(test_clean_matches_reference),
        cmocka_unit_test(test_unguard_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
