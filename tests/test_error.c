/* test_error.c — the error table: every gy_error has its English and Chinese text, and
 * gy_error_of turns a callee's GError into its code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/error.h"

static void test_table(void **state)
{
    (void)state;
    for (int e = 0; e < GY_E__COUNT; e++) {
        const char *en = gy_strerror((gy_error)e), *zh = gy_reason_zh((gy_error)e);
        if (strcmp(en, "unknown error") == 0 || strcmp(zh, "未知错误") == 0)
            fail_msg("gy_error %d has no row in the table of error.c", e);
        assert_true(g_utf8_validate(zh, -1, NULL));
    }
    assert_string_equal(gy_strerror(GY_E__COUNT), "unknown error");
    assert_string_equal(gy_reason_zh((gy_error)-1), "未知错误");
    assert_string_equal(gy_strerror(GY_E_IO), "input/output error");
    assert_string_equal(gy_reason_zh(GY_E_NOTE_ROW), "表格下方的说明文字，不是记录，未计入");
}

static void test_error_of(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_int_equal(gy_error_of(NULL, GY_E_NOMEM), GY_E_NOMEM);
    g_set_error(&err, GY_ERROR, GY_E_TEMPLATE, "x.txt: bad");
    assert_int_equal(gy_error_of(&err, GY_E_IO), GY_E_TEMPLATE);
    g_clear_error(&err);
    g_set_error(&err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "x.txt: gone");
    assert_int_equal(gy_error_of(&err, GY_E_NOMEM), GY_E_IO);
    g_clear_error(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_error_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
