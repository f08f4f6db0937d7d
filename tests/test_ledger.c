/* test_ledger.c — the files' order (cut-off, SHA-256, as given), supersession's accounting and
 * the changes updates.csv shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "guiyan/fields.h"
#include "guiyan/ledger.h"
#include "testutil.h"

static gy_day D(int y, int m, int d) { return gy_day_from_ymd(y, m, d); }

static gy_input *input(gy_ledger *lg, const char *name, gy_day cutoff, const char *sha)
{
    gy_input *in = gy_ledger_input(lg, gy_ledger_add_input(lg, name));
    in->cutoff = cutoff;
    g_strlcpy(in->sha256, sha, sizeof in->sha256);
    return in;
}

/* By cut-off; equal cut-offs by SHA-256, so the order named never matters; of byte-identical
 * copies the one named first is the newer (the copy's rows are the duplicates). */
static void test_order_by_cutoff_then_sha(void **state)
{
    (void)state;
    gy_ledger *lg = gy_ledger_new();
    input(lg, "07.csv", D(2021, 7, 5), "bb");
    input(lg, "06.csv", D(2021, 6, 18), "ff");
    input(lg, "07b.csv", D(2021, 7, 5), "aa");
    input(lg, "copy.csv", D(2021, 7, 5), "bb");
    input(lg, "empty.csv", GY_NO_DAY, "cc");
    const uint32_t *rank = gy_ledger_order(lg, false);
    assert_int_equal(rank[4], 0);             /* no accepted row: oldest */
    assert_int_equal(rank[1], 1);
    assert_int_equal(rank[2], 2);             /* "aa" before "bb" */
    assert_int_equal(rank[3], 3);             /* the copy, named later, is older */
    assert_int_equal(rank[0], 4);
    assert_string_equal(gy_ledger_by_rank(lg, 0)->name, "empty.csv");
    assert_string_equal(gy_ledger_by_rank(lg, 4)->name, "07.csv");
    assert_int_equal(gy_ledger_input(lg, 0)->rank, 4);
    assert_null(gy_ledger_by_rank(lg, 5));
    rank = gy_ledger_order(lg, true);         /* --order given: later named is newer */
    for (uint32_t i = 0; i < 5; i++)
        assert_int_equal(rank[i], i);
    gy_ledger_free(lg);
}

/* The same files named in another order get the same ranks, by name. */
static void test_order_independent_of_arguments(void **state)
{
    (void)state;
    const char *names[3] = { "a.csv", "b.csv", "c.csv" };
    const gy_day cut[3] = { D(2021, 3, 31), D(2021, 3, 31), D(2021, 1, 9) };
    const char *sha[3] = { "9f", "10", "77" };
    const int perm[2][3] = { { 0, 1, 2 }, { 2, 0, 1 } };
    uint32_t got[2][3];
    for (int p = 0; p < 2; p++) {
        gy_ledger *lg = gy_ledger_new();
        for (int k = 0; k < 3; k++)
            input(lg, names[perm[p][k]], cut[perm[p][k]], sha[perm[p][k]]);
        const uint32_t *rank = gy_ledger_order(lg, false);
        for (int k = 0; k < 3; k++)
            got[p][perm[p][k]] = rank[k];
        gy_ledger_free(lg);
    }
    for (int k = 0; k < 3; k++)
        assert_int_equal(got[0][k], got[1][k]);
    assert_int_equal(got[0][2], 0);
    assert_int_equal(got[0][1], 1);           /* "10" < "9f" */
    assert_int_equal(got[0][0], 2);
}

/* A duplicate or superseded row leaves its file's accepted rows; only the others are kept for
 * updates.csv, whose changes read field by field, old → new. */
static void test_updates_accounting_and_changes(void **state)
{
    (void)state;
    gy_ledger *lg = gy_ledger_new();
    gy_input *old = input(lg, "06.csv", D(2021, 6, 18), "aa");
    input(lg, "07.csv", D(2021, 7, 5), "bb");
    old->rows_read = old->rows_accepted = 3;
    gy_ledger_order(lg, false);
    gy_record a = { .file = 0, .line = 2, .start = D(2021, 6, 3), .jobs = 5, .entity = "",
                    .uscc = "", .loan_day = GY_NO_DAY };
    gy_record b = a;
    b.file = 1;
    b.loan = 10 * GY_FEN_PER_WAN;
    b.loan_day = D(2021, 7, 5);
    b.jobs = 8;
    gy_ledger_update(lg, GY_UPD_SUPERSEDED, &a, &b);
    gy_ledger_update(lg, GY_UPD_DUPLICATE, &a, &a);
    assert_int_equal(old->rows_accepted, 1);
    assert_int_equal(old->rows_superseded, 1);
    assert_int_equal(old->rows_duplicate, 1);
    assert_int_equal(gy_ledger_superseded(lg), 1);
    assert_int_equal(gy_ledger_n_updates(lg), 1);
    gy_update *u = gy_ledger_get_update(lg, 0);
    u->row.entity = gy_ledger_text(lg, "甲茶厂");
    u->other.entity = gy_ledger_text(lg, "甲茶叶加工厂");
    char *t = gy_update_changes(u, NULL);
    assert_string_equal(t, "经营主体名称：甲茶厂 → 甲茶叶加工厂；带动就业人数：5 → 8；"
                           "贷款金额（元）：— → 100000.00；贷款发放日期：— → 2021-07-05");
    g_free(t);
    gy_ledger_free(lg);
}

/* A month-precision start date reads as the month ("2021-03"), also when --to moved it to the
 * month's end; one that matched another day shows the change first. */
static void test_updates_month_start(void **state)
{
    (void)state;
    gy_record a = { .file = 0, .line = 2, .start = D(2021, 3, 31), .start_month = true,
                    .jobs = 5, .entity = "", .uscc = "", .loan_day = GY_NO_DAY };
    gy_record b = a;
    char day[11];
    gy_record_start_text(&a, day);
    assert_string_equal(day, "2021-03");
    b.start = D(2021, 3, 15), b.start_month = false, b.jobs = 8;
    gy_record_start_text(&b, day);
    assert_string_equal(day, "2021-03-15");
    gy_update u = { GY_UPD_SUPERSEDED, a, b };
    char *t = gy_update_changes(&u, NULL);
    assert_string_equal(t, "创业时间：2021-03 → 2021-03-15；带动就业人数：5 → 8");
    g_free(t);
    u.other = a;                                  /* the same month, both month-precision */
    u.other.jobs = 8;
    t = gy_update_changes(&u, NULL);
    assert_string_equal(t, "带动就业人数：5 → 8");
    g_free(t);
    u.row.start = D(2021, 3, 1);                  /* 2021-03 is not 2021-03-01 */
    u.other.start = D(2021, 3, 1), u.other.start_month = false, u.other.jobs = 5;
    t = gy_update_changes(&u, NULL);
    assert_string_equal(t, "创业时间：2021-03 → 2021-03-01");
    g_free(t);
}

/* Updates sort by their file's age, then line and kind, ties kept as they came: checked on
 * shuffled updates against a plain stable insertion sort by the same rule. */
static void test_updates_sorted(void **state)
{
    (void)state;
    gy_ledger *lg = gy_ledger_new();
    input(lg, "12.csv", D(2021, 12, 31), "aa");   /* named first, the newest: rank 2 */
    input(lg, "01.csv", D(2021, 1, 31), "bb");    /* rank 0 */
    input(lg, "06.csv", D(2021, 6, 30), "cc");    /* rank 1 */
    const uint32_t *rank = gy_ledger_order(lg, false);
    enum { N = 3000 };
    gy_update *want = g_new(gy_update, N);
    guint32 seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        gy_record r = { .file = seed >> 8 & 1 ? 1 : 2, .line = 2 + (seed >> 12) % 700,
                        .entity = "", .uscc = "", .loan_day = GY_NO_DAY };
        gy_record o = r;
        o.file = 0;
        o.line = (uint32_t)i;                     /* tells ties apart */
        gy_update_kind k = (seed >> 24) % 3 ? GY_UPD_SUPERSEDED : GY_UPD_LOAN_DROPPED;
        gy_ledger_update(lg, k, &r, &o);
        /* the oracle: insert after every update that does not sort after it */
        gy_update u = *gy_ledger_get_update(lg, (size_t)i);
        int at = i;
        while (at > 0) {
            const gy_update *p = &want[at - 1];
            bool after = rank[p->row.file] != rank[u.row.file]
                             ? rank[p->row.file] > rank[u.row.file]
                             : p->row.line != u.row.line ? p->row.line > u.row.line
                                                         : p->kind > u.kind;
            if (!after)
                break;
            want[at] = want[at - 1];
            at--;
        }
        want[at] = u;
    }
    gy_ledger_sort(lg);
    assert_int_equal(gy_ledger_n_updates(lg), N);
    for (int i = 0; i < N; i++) {
        const gy_update *u = gy_ledger_get_update(lg, (size_t)i);
        assert_int_equal(u->row.file, want[i].row.file);
        assert_int_equal(u->row.line, want[i].row.line);
        assert_int_equal(u->kind, want[i].kind);
        assert_int_equal(u->other.line, want[i].other.line);
    }
    assert_int_equal(gy_ledger_get_update(lg, 0)->row.file, 1);     /* the oldest file first */
    gy_ledger_sort(lg);                                              /* sorted stays sorted */
    for (int i = 0; i < N; i++)
        assert_int_equal(gy_ledger_get_update(lg, (size_t)i)->other.line, want[i].other.line);
    g_free(want);
    gy_ledger_free(lg);
}

/* updates.csv, written in pieces of 4096 rows as they are formatted: every row as a plain
 * printf of the same fields writes it, across the pieces' seams, with a file name and entity
 * names that need quoting; mode 0600, ID numbers masked. */
static void test_updates_csv(void **state)
{
    (void)state;
    gy_ledger *lg = gy_ledger_new();
    input(lg, "06.csv", D(2021, 6, 30), "aa");
    input(lg, "a,b.csv", D(2021, 7, 31), "bb");
    gy_ledger_order(lg, false);
    enum { N = 12000 };
    GString *want = g_string_new("\xEF\xBB\xBF" "kind,file,line,id_number,start_date,"
                                 "compared_file,compared_line,changes\r\n");
    for (int i = 0; i < N; i++) {
        char id[19], shown[19];
        uint64_t key = 51112319800101000ull + (uint64_t)i;
        gy_id_from_key(key, id);
        gy_id_mask(id, shown);
        gy_record a = { .person = key, .file = 0, .line = 2 + (uint32_t)i,
                        .start = D(2021, 6, 1 + i % 30), .jobs = i % 7, .entity = "",
                        .uscc = "", .loan_day = GY_NO_DAY };
        gy_record b = a;
        b.file = 1;
        b.line = 5 + (uint32_t)i;
        b.jobs = i % 7 + 1;
        b.loan = (gy_fen)i * 1234 + 5;
        b.loan_day = D(2021, 7, 1 + i % 31);
        gy_ledger_update(lg, i % 3 ? GY_UPD_SUPERSEDED : GY_UPD_LOAN_DROPPED, &a, &b);
        gy_update *u = gy_ledger_get_update(lg, (size_t)i);
        char *name = g_strdup_printf(i % 2 ? "甲茶厂%d" : "乙,\"茶\"厂%d", i);
        u->other.entity = gy_ledger_text(lg, name);
        char *changes = g_strdup_printf(
            "经营主体名称：— → %s；带动就业人数：%d → %d；贷款金额（元）：— → %d.%02d；"
            "贷款发放日期：— → 2021-07-%02d", name, i % 7, i % 7 + 1, (i * 1234 + 5) / 100,
            (i * 1234 + 5) % 100, 1 + i % 31);
        gchar **parts = g_strsplit(changes, "\"", -1);
        char *quoted = g_strjoinv("\"\"", parts);
        g_strfreev(parts);
        g_string_append_printf(want, "%s,06.csv,%d,%s,2021-06-%02d,\"a,b.csv\",%d,%s%s%s\r\n",
                               i % 3 ? "被替代" : "贷款未见于较新的导出", 2 + i, shown,
                               1 + i % 30, 5 + i, i % 2 ? "" : "\"", i % 2 ? changes : quoted,
                               i % 2 ? "" : "\"");
        g_free(quoted);
        g_free(changes);
        g_free(name);
    }
    G_STATIC_ASSERT(N > 2 * 4096);                   /* three pieces of 4096 rows */
    assert_true(want->len > 2u << 20);
    char *d = g_dir_make_tmp("guiyan-ledger-XXXXXX", NULL);
    char *p = g_build_filename(d, "updates.csv", NULL);
    GError *err = NULL;
    assert_int_equal(gy_ledger_write_updates(lg, NULL, false, p, &err), GY_OK);
    char *got = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(p, &got, &len, NULL));
    assert_int_equal(len, want->len);
    assert_memory_equal(got, want->str, len);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    g_free(got);
    g_string_free(want, TRUE);
    test_rm_tree(d);
    g_free(p);
    g_free(d);
    gy_ledger_free(lg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_by_cutoff_then_sha),
        cmocka_unit_test(test_order_independent_of_arguments),
        cmocka_unit_test(test_updates_accounting_and_changes),
        cmocka_unit_test(test_updates_month_start),
        cmocka_unit_test(test_updates_sorted),
        cmocka_unit_test(test_updates_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
