/* test_keymap.c — the record store's key map against GHashTable as the reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib.h>

#include "guiyan/keymap.h"

static void test_against_ghashtable(void **state)
{
    (void)state;
    gy_keymap *m = gy_keymap_new();
    GHashTable *ref = g_hash_table_new(g_int64_hash, g_int64_equal);
    GRand *r = g_rand_new_with_seed(7);
    gint64 *keys = g_new(gint64, 200000);
    for (int i = 0; i < 200000; i++) {
        /* a narrow key range forces repeats and long probe runs */
        keys[i] = (gint64)g_rand_int_range(r, 1, 150000) * 1024;
        bool created;
        uint32_t *v = gy_keymap_slot(m, (uint64_t)keys[i], &created);
        assert_int_equal(created, !g_hash_table_contains(ref, &keys[i]));
        *v += 1;
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(ref, &keys[i]));
        g_hash_table_insert(ref, &keys[i], GUINT_TO_POINTER(n + 1));
    }
    assert_int_equal(gy_keymap_size(m), g_hash_table_size(ref));
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, ref);
    while (g_hash_table_iter_next(&it, &k, &v))
        assert_int_equal(gy_keymap_get(m, (uint64_t)*(gint64 *)k), GPOINTER_TO_UINT(v));
    assert_int_equal(gy_keymap_get(m, 3), 0);
    size_t pos = 0, seen = 0;
    uint64_t key;
    uint32_t val;
    uint64_t sum = 0;
    while (gy_keymap_next(m, &pos, &key, &val)) {
        seen++;
        sum += val;
    }
    assert_int_equal(seen, g_hash_table_size(ref));
    assert_int_equal(sum, 200000);
    gy_keymap_clear(m);
    assert_int_equal(gy_keymap_size(m), 0);
    assert_int_equal(gy_keymap_get(m, (uint64_t)keys[0]), 0);
    g_free(keys);
    g_rand_free(r);
    g_hash_table_destroy(ref);
    gy_keymap_free(m);
    gy_keymap_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_against_ghashtable) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
