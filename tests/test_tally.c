/* test_tally.c — what a reader counts of the bytes it reads: CRC-32C (hardware and bitwise
 * paths agree with the standard's check value) and SHA-256, in any slicing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "guiyan/tally.h"

static void test_crc32c(void **state)
{
    (void)state;
    assert_int_equal(gy_crc32c(0, "123456789", 9), 0xE3069283u);   /* RFC 3720 check */
    assert_int_equal(gy_crc32c(0, "", 0), 0);
    /* in pieces of every size: the same as in one */
    char buf[1000];
    for (int i = 0; i < 1000; i++)
        buf[i] = (char)(i * 7 + 3);
    uint32_t whole = gy_crc32c(0, buf, sizeof buf);
    for (size_t cut = 1; cut < 40; cut++) {
        uint32_t c = 0;
        for (size_t at = 0; at < sizeof buf; at += cut)
            c = gy_crc32c(c, buf + at, MIN(cut, sizeof buf - at));
        assert_int_equal(c, whole);
    }
}

static void test_tally(void **state)
{
    (void)state;
    gy_tally *t = gy_tally_new(true), *r = gy_tally_new(false);
    gy_tally_add(t, "ab", 2);
    char sha[65];
    gy_tally_sha256(t, sha);            /* so far, and it goes on */
    assert_string_equal(sha, "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603");
    gy_tally_add(t, "c", 1);
    gy_tally_add(r, "abc", 3);
    gy_tally_sha256(t, sha);
    assert_string_equal(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(gy_tally_bytes(t), 3);
    assert_int_equal(gy_tally_crc(t), gy_tally_crc(r));
    gy_tally_sha256(r, sha);
    assert_string_equal(sha, "");
    gy_tally_free(t);
    gy_tally_free(r);
    gy_tally_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32c),
        cmocka_unit_test(test_tally),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
