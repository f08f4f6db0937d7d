/* test_strokes.c — the stroke table (report_templates/strokes.tsv) and the name orders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/reader.h"
#include "guiyan/strokes.h"

static gy_strokes *sk;

static int setup(void **state)
{
    (void)state;
    GError *err = NULL;
    sk = gy_strokes_load(GY_TEMPLATES_DIR "/strokes.tsv", &err);
    if (!sk) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gy_strokes_free(sk);
    return 0;
}

static int count_of(const char *ch)
{
    gy_hanzi h;
    return gy_strokes_lookup(sk, g_utf8_get_char(ch), &h) ? h.strokes : -1;
}

static void test_table(void **state)
{
    (void)state;
    /* GB 2312 (6763) and 通用规范汉字表 (8105) together */
    assert_int_equal(gy_strokes_size(sk), 8230);
    static const struct { const char *ch; int n; const char *order; const char *py; } cases[] = {
        { "丁", 2, "12", "ding1" },     { "王", 4, "1121", "wang2" },
        { "李", 7, "1234521", "li3" },  { "张", 7, "5153154", "zhang1" },
        { "陈", 7, "5215234", "chen2" }, { "赵", 9, "121213434", "zhao4" },
        { "钟", 9, "311152512", "zhong1" }, { "谭", 14, "45125221251112", "tan2" },
        { "万", 3, "153", "wan4" },     { "吕", 6, "251251", "lv3" },
        { "乙", 1, "5", "yi3" },        { "齉", 36, NULL, NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        gy_hanzi h;
        assert_true(gy_strokes_lookup(sk, g_utf8_get_char(cases[i].ch), &h));
        if (h.strokes != cases[i].n)
            fail_msg("%s: %d strokes, want %d", cases[i].ch, h.strokes, cases[i].n);
        if (cases[i].order)
            assert_string_equal(h.order, cases[i].order);
        if (cases[i].py)
            assert_string_equal(h.pinyin, cases[i].py);
    }
    gy_hanzi h;
    assert_true(gy_strokes_lookup(sk, g_utf8_get_char("单"), &h));
    assert_string_equal(h.pinyin, "dan1");
    assert_string_equal(h.surname, "shan4");
    assert_false(gy_strokes_lookup(sk, 'A', &h));
    assert_false(gy_strokes_lookup(sk, 0x20000, &h));     /* 𠀀: outside the common range */
    assert_int_equal(count_of("鹏"), 13);
}

static int cmp_strokes(const void *a, const void *b)
{
    return gy_strokes_compare(sk, GY_ORDER_STROKES, *(const char *const *)a,
                              *(const char *const *)b);
}

static int cmp_pinyin(const void *a, const void *b)
{
    return gy_strokes_compare(sk, GY_ORDER_PINYIN, *(const char *const *)a,
                              *(const char *const *)b);
}

static void check_sorted(const char *const *in, const char *const *want, size_t n,
                         int (*cmp)(const void *, const void *))
{
    const char **v = g_new(const char *, n);
    memcpy(v, in, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp);
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], want[i]) != 0)
            fail_msg("position %zu: %s, want %s", i, v[i], want[i]);
    g_free(v);
}

/* 丁(2) 王(4) 李 张 陈(7) 赵 钟(9) 谭(14). Among the sevens the first stroke decides: 李 starts
 * with 横; 张 and 陈 with 折, then 张's second stroke 横 comes before 陈's 竖. Among the nines
 * 赵 (横) before 钟 (撇). */
static void test_stroke_order(void **state)
{
    (void)state;
    static const char *const in[] = { "谭", "陈", "钟", "张", "王", "赵", "李", "丁" };
    static const char *const want[] = { "丁", "王", "李", "张", "陈", "赵", "钟", "谭" };
    check_sorted(in, want, G_N_ELEMENTS(in), cmp_strokes);
}

static void test_stroke_ties(void **state)
{
    (void)state;
    /* the same surname: the given name decides, character by character */
    assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, "李江", "李辉超") < 0);  /* 6 < 12 */
    assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, "杜丽", "杜宇") > 0);   /* 丽 7 > 宇 6 */
    /* a shorter name that is the start of a longer one comes first */
    assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, "王", "王一") < 0);
    assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, "王一", "王二") < 0);
    assert_int_equal(gy_strokes_compare(sk, GY_ORDER_STROKES, "杜蓉", "杜蓉"), 0);
    /* 己 已 巳: 3 strokes, the same order 5 1 5: the code point decides */
    static const char *const in[] = { "巳", "已", "己" };
    static const char *const want[] = { "己", "已", "巳" };
    check_sorted(in, want, 3, cmp_strokes);
    /* the surname's strokes decide before the given name: 丁 (2) before 刁 (2, 折 first)
     * whatever follows */
    assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, "丁谭谭", "刁一") < 0);
    /* a character missing from the table comes after every known one, then code points */
    assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, "王一", "王A") < 0);
    assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, "王A", "王B") < 0);
    assert_true(gy_strokes_compare(sk, GY_ORDER_STROKES, "𠀀", "齉") > 0);
    /* without a table: code points */
    assert_true(gy_strokes_compare(NULL, GY_ORDER_STROKES, "丁", "七") < 0);
    assert_true(gy_strokes_compare(NULL, GY_ORDER_STROKES, "谭", "丁") > 0);
}

static void test_pinyin_order(void **state)
{
    (void)state;
    static const char *const in[] = { "谭", "陈", "钟", "张", "王", "赵", "李", "丁" };
    static const char *const want[] = { "陈", "丁", "李", "谭", "王", "张", "赵", "钟" };
    check_sorted(in, want, G_N_ELEMENTS(in), cmp_pinyin);
    /* tones after letters: 黎 lí before 李 lǐ before 利 lì; 李 before 连 (li is a prefix of lian) */
    static const char *const in2[] = { "连", "利", "李", "黎" };
    static const char *const want2[] = { "黎", "李", "利", "连" };
    check_sorted(in2, want2, 4, cmp_pinyin);
    /* ü after u: 陆 lù, 罗 luó, 吕 lǚ */
    static const char *const in3[] = { "吕", "罗", "陆" };
    static const char *const want3[] = { "陆", "罗", "吕" };
    check_sorted(in3, want3, 3, cmp_pinyin);
    /* a surname is read as a surname: 单 Shàn comes after 邓 and before 沈; inside a given
     * name 单 is dān, before 邓 dèng */
    static const char *const in4[] = { "沈", "单", "邓" };
    static const char *const want4[] = { "邓", "单", "沈" };
    check_sorted(in4, want4, 3, cmp_pinyin);
    assert_true(gy_strokes_compare(sk, GY_ORDER_PINYIN, "王单", "王邓") < 0);
    /* homophones by strokes: 张 zhāng (7) before 章 zhāng (11) */
    assert_true(gy_strokes_compare(sk, GY_ORDER_PINYIN, "章", "张") > 0);
}

static void test_unknown(void **state)
{
    (void)state;
    assert_int_equal(gy_strokes_unknown(sk, "瓦扎阿呷"), 0);
    assert_int_equal(gy_strokes_unknown(sk, "阿依古丽·买买提"), 0);
    assert_int_equal(gy_strokes_unknown(sk, "张Q"), 'Q');
    assert_int_equal(gy_strokes_unknown(sk, "王𠀀"), 0x20000);
    gy_name_order o;
    assert_true(gy_name_order_parse("pinyin", &o));
    assert_int_equal(o, GY_ORDER_PINYIN);
    assert_true(gy_name_order_parse("stroke", &o));
    assert_int_equal(o, GY_ORDER_STROKES);
    assert_false(gy_name_order_parse("alpha", &o));
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct { const char *text; const char *msg; } bad[] = {
        { "4E01\t丁\t2\t12\tding1\t\n738B\t王\t4\t112\twang2\t\n", "t:2:" },     /* order length */
        { "# c\n4E01\t丁\t2\t16\tding1\t\n", "t:2:" },                          /* digit 6 */
        { "4E01\t七\t2\t12\tding1\t\n", "t:1:" },                               /* wrong char */
        { "4E01\t丁\t2\t12\tDing1\t\n", "t:1:" },                               /* reading */
        { "4E01\t丁\tx\t12\tding1\t\n", "t:1:" },                               /* count */
        { "4E01\t丁\t2\n", "t:1:" },                                           /* too short */
        { "4E01\t丁\t2\t12\tding1\t\n4E01\t丁\t2\t12\tding1\t\n", "U+4E01" },    /* twice */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *err = NULL;
        gy_strokes *t = gy_strokes_parse(bad[i].text, -1, "t", &err);
        if (t || !err || err->code != GY_E_TEMPLATE || !strstr(err->message, bad[i].msg))
            fail_msg("case %zu: %s", i, err ? err->message : "accepted");
        g_error_free(err);
    }
    GError *err = NULL;
    gy_strokes *t = gy_strokes_parse("# x\r\n\r\n4E03\t七\t2\t15\tqi1\r\n4E01\t丁\t2\t\t\t\r\n",
                                     -1, "t", &err);
    assert_non_null(t);
    assert_int_equal(gy_strokes_size(t), 2);
    gy_hanzi h;
    assert_true(gy_strokes_lookup(t, 0x4E01, &h));
    assert_string_equal(h.order, "");
    assert_string_equal(h.pinyin, "");
    /* no stroke order: after a character of the same count that has one, whatever the code
     * points; no reading: after one that has it */
    assert_true(gy_strokes_compare(t, GY_ORDER_STROKES, "七", "丁") < 0);
    assert_true(gy_strokes_compare(t, GY_ORDER_PINYIN, "七", "丁") < 0);
    gy_strokes_free(t);
    assert_null(gy_strokes_load("/nonexistent/strokes.tsv", &err));
    assert_int_equal(err->code, GY_E_IO);
    g_error_free(err);
    gy_strokes_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_stroke_order),
        cmocka_unit_test(test_stroke_ties),
        cmocka_unit_test(test_pinyin_order),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_parse_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
