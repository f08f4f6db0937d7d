/* test_workbook.c — the summary workbook from hand-made tables and a hand-made ledger, read back
 * by an independent reader (openpyxl via tests/e2e/xlsx_check.py). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "guiyan/reader.h"
#include "guiyan/workbook.h"

static char *tmpdir;

static const char *const counties[] = { "市中区", "沙湾区", "峨眉山市", NULL };
#define N_COUNTIES 3

static gy_day ymd(int y, int m, int d)
{
    GDate g;
    g_date_clear(&g, 1);
    g_date_set_dmy(&g, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
    return (gy_day)g_date_get_julian(&g);
}

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

/* Figures for 2021, January to June; 沙湾区 has nothing at all. Additive indicators are
 * consistent sums; distinct ones have totals below the sums (one person in two counties). */
static void make_tables(gy_table **months_out, gy_table **ytd_out)
{
    size_t rows = N_COUNTIES + 1, tot = N_COUNTIES;
    gy_table *m = gy_table_new(rows, 12, GY_GRAIN_MONTH);
    gy_table *y = gy_table_new(rows, 1, GY_GRAIN_YTD);
    for (int c = 0; c < 12; c++) {
        m->col_month[c] = GY_MONTH(2021, c + 1);
        m->col_label[c] = g_strdup_printf("2021-%02d", c + 1);
    }
    y->col_month[0] = GY_MONTH(2021, 6);
    y->col_label[0] = g_strdup("2021-06-YTD");
    for (int ind = 0; ind < GY_IND__COUNT; ind++) {
        for (size_t r = 0; r < N_COUNTIES; r++) {
            if (r == 1)
                continue;   /* 沙湾区: zeros */
            int64_t ysum = 0;
            for (size_t c = 0; c < 6; c++) {
                int64_t v = (int64_t)((r + 1) * 3 + c + (size_t)ind);
                if (ind == GY_IND_LOAN_AMOUNT || ind == GY_IND_OUTPUT)
                    v = v * 1234567 + 100000;   /* fen: 12.345678 万元 and such */
                *gy_table_at(m, (gy_ind)ind, r, c) = v;
                ysum += v;
            }
            *gy_table_at(y, (gy_ind)ind, r, 0) = gy_ind_is_distinct((gy_ind)ind) ? ysum - 2 : ysum;
        }
        for (size_t c = 0; c < 12; c++) {
            int64_t s = 0;
            for (size_t r = 0; r < N_COUNTIES; r++)
                s += *gy_table_at(m, (gy_ind)ind, r, c);
            *gy_table_at(m, (gy_ind)ind, tot, c) = gy_ind_is_distinct((gy_ind)ind) && s ? s - 1 : s;
        }
        int64_t s = 0;
        for (size_t r = 0; r < N_COUNTIES; r++)
            s += *gy_table_at(y, (gy_ind)ind, r, 0);
        *gy_table_at(y, (gy_ind)ind, tot, 0) = gy_ind_is_distinct((gy_ind)ind) ? s - 3 : s;
    }
    *months_out = m;
    *ytd_out = y;
}

static gy_ledger *make_ledger(void)
{
    gy_ledger *lg = gy_ledger_new();
    uint32_t f0 = gy_ledger_add_input(lg, "/data/2021年6月.csv");
    uint32_t f1 = gy_ledger_add_input(lg, "/data/沙湾区.csv");
    gy_ledger_reject(lg, f0, 17, "身份证号码", "=1+1", GY_E_ID_CHARS);
    gy_ledger_reject(lg, f0, 18, "贷款金额", "@SUM(A1:A2)", GY_E_AMOUNT_FORMAT);
    gy_ledger_reject(lg, f1, 2, "贷款金额", "-2", GY_E_AMOUNT_NEGATIVE);
    gy_ledger_reject(lg, f1, 3, "联系电话", "+8613800000000", GY_E_COUNT_FORMAT);
    gy_input *in = gy_ledger_input(lg, f0);
    g_strlcpy(in->sha256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              sizeof in->sha256);
    in->encoding = "GB18030";
    in->size = 123456;
    in->rows_read = 100, in->rows_accepted = 96, in->rows_duplicate = 2, in->rows_rejected = 2;
    in = gy_ledger_input(lg, f1);
    g_strlcpy(in->sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
              sizeof in->sha256);
    in->encoding = "UTF-8 (BOM)";
    in->size = 2048;
    in->rows_read = 10, in->rows_accepted = 8, in->rows_duplicate = 0, in->rows_rejected = 2;
    return lg;
}

static const char *const settings[] = { "统计地区", "乐山市", "编码", "自动识别", NULL };

static gy_summary_opts make_opts(void)
{
    gy_summary_opts o = {
        .region_label = "乐山市",
        .filler = "乐山市人力资源和社会保障局",
        .county_names = counties,
        .cutoff = ymd(2021, 6, 30),
        .made_on = ymd(2021, 7, 5),
        .settings = settings,
        .generator = "guiyan test",
    };
    return o;
}

static gy_error write_book(const char *path, const gy_table *m, const gy_table *y,
                           const gy_ledger *lg, GError **err)
{
    gy_summary_opts o = make_opts();
    return gy_workbook_summary_write(path, &o, m, y, lg, err);
}

/* Run the openpyxl checker on path; returns its stdout (g_free) and its exit status. */
static char *xlsx_dump(const char *path, int *status)
{
    char *root = g_path_get_dirname(GY_TEMPLATES_DIR);
    char *script = g_build_filename(root, "tests", "e2e", "xlsx_check.py", NULL);
    char *argv[] = { "/usr/bin/python3", script, (char *)path, NULL };
    char *out = NULL, *errs = NULL;
    GError *e = NULL;
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errs, status, &e))
        fail_msg("cannot run %s: %s", script, e->message);
    if (errs && *errs)
        print_message("xlsx_check stderr: %s\n", errs);
    g_free(errs);
    g_free(script);
    g_free(root);
    return out;
}

/* The dump lines of one sheet, framed by newlines. Newly allocated. */
static char *sheet_part(const char *dump, const char *sheet)
{
    char *head = g_strconcat("\nsheet ", sheet, "\n", NULL);
    const char *a = strstr(dump, head);
    g_free(head);
    if (!a) {
        fail_msg("no sheet %s in dump", sheet);
        return g_strdup("");
    }
    const char *b = strstr(a + 1, "\nsheet ");
    char *part = g_strndup(a, b ? (gsize)(b - a) : strlen(a));
    char *framed = g_strconcat(part, "\n", NULL);
    g_free(part);
    return framed;
}

#define assert_has(part, line) assert_has_at(part, line, __FILE__, __LINE__)
static void assert_has_at(const char *part, const char *line, const char *file, int at)
{
    char *want = g_strconcat("\n", line, "\n", NULL);
    bool found = strstr(part, want) != NULL;
    g_free(want);
    if (!found) {
        print_error("line not found: %s\n", line);
        _fail(file, at);
    }
}

static void test_summary_read_back(void **state)
{
    (void)state;
    gy_table *m, *y;
    make_tables(&m, &y);
    gy_ledger *lg = make_ledger();
    char *path = tmp_path("summary.xlsx");
    GError *e = NULL;
    gy_error r = write_book(path, m, y, lg, &e);
    if (r != GY_OK)
        fail_msg("%s", e ? e->message : "?");
    int status = -1;
    char *d = xlsx_dump(path, &status);
    assert_non_null(d);
    assert_null(strstr(d, " BAD "));
    assert_int_equal(status, 0);
    char *dd = g_strconcat("\n", d, NULL);
    assert_has(dd, "sheets 返乡创业人数|创办经济实体|创业担保贷款笔数|创业担保贷款金额(万元)|"
                   "带动就业人数|问题数据|数据说明");
    assert_has(dd, "title 乐山市2021年返乡创业统计表");
    assert_has(dd, "created 2021-07-05T00:00:00");
    g_free(dd);

    /* a distinct count: plain values everywhere, the tables' own totals, a note saying why */
    char *p = sheet_part(d, "返乡创业人数");
    assert_has(p, "cell A1 s 乐山市2021年返乡创业人数统计表");
    assert_has(p, "merged A1:N1");
    assert_has(p, "cell A2 s 填报单位：乐山市人力资源和社会保障局");
    assert_has(p, "cell H2 s 单位：人");
    assert_has(p, "merged A3:A4");
    assert_has(p, "cell B3 s 2021年");
    assert_has(p, "merged B3:N3");
    assert_has(p, "cell B4 s 1月");
    assert_has(p, "cell M4 s 12月");
    assert_has(p, "cell N4 s 累计");
    assert_has(p, "cell A5 s 市中区");
    assert_has(p, "cell A6 s 沙湾区");
    assert_has(p, "cell A7 s 峨眉山市");
    assert_has(p, "cell A8 s 合计");
    assert_has(p, "cell B5 n 3 0");          /* (0+1)*3 + 0 + 0 */
    assert_has(p, "cell B6 n 0 0");          /* every county, zeros where nothing happened */
    assert_has(p, "cell G5 n 8 0");
    assert_has(p, "cell H5 n 0 0");          /* July: nothing yet */
    char want[256];
    int64_t v = *gy_table_at(m, GY_IND_STARTUPS, 3, 0);
    g_snprintf(want, sizeof want, "cell B8 n %" G_GINT64_FORMAT " 0", v);
    assert_has(p, want);                     /* the table's distinct total, not a SUM */
    assert_int_equal(v, 3 + 9 - 1);
    v = *gy_table_at(y, GY_IND_STARTUPS, 0, 0);
    g_snprintf(want, sizeof want, "cell N5 n %" G_GINT64_FORMAT " 0", v);
    assert_has(p, want);
    v = *gy_table_at(y, GY_IND_STARTUPS, 3, 0);
    g_snprintf(want, sizeof want, "cell N8 n %" G_GINT64_FORMAT " 0", v);
    assert_has(p, want);
    assert_null(strstr(p, " f =SUM"));
    assert_non_null(strstr(p, "人数、实体数为去重计数，合计不等于各县相加"));
    assert_non_null(strstr(p, "统计截止日期：2021年6月30日。"));
    assert_non_null(strstr(p, "制表日期：2021年7月5日"));
    assert_has(p, "freeze B5");
    assert_has(p, "print_titles $3:$4");
    assert_has(p, "orientation landscape");
    assert_has(p, "paper 9");
    assert_has(p, "fit 1x0");
    assert_has(p, "footer |第 &P 页 共 &N 页|");
    g_free(p);

    /* an additive count: SUM formulas carrying their values */
    p = sheet_part(d, "创业担保贷款笔数");
    assert_has(p, "cell A1 s 乐山市2021年创业担保贷款笔数统计表");
    assert_has(p, "cell H2 s 单位：笔");
    int64_t n5 = *gy_table_at(y, GY_IND_LOANS, 0, 0);
    g_snprintf(want, sizeof want, "cell N5 f =SUM(B5:M5) = %" G_GINT64_FORMAT " 0", n5);
    assert_has(p, want);
    assert_has(p, "cell N6 f =SUM(B6:M6) = 0 0");
    int64_t b8 = *gy_table_at(m, GY_IND_LOANS, 3, 0);
    g_snprintf(want, sizeof want, "cell B8 f =SUM(B5:B7) = %" G_GINT64_FORMAT " 0", b8);
    assert_has(p, want);
    int64_t n8 = *gy_table_at(y, GY_IND_LOANS, 3, 0);
    g_snprintf(want, sizeof want, "cell N8 f =SUM(N5:N7) = %" G_GINT64_FORMAT " 0", n8);
    assert_has(p, want);
    assert_has(p, "check N8 ok");
    assert_non_null(strstr(p, "合计＝各县（市、区）之和，累计＝各月之和"));
    g_free(p);

    /* money: fen shown as 万元 with exact cached sums */
    p = sheet_part(d, "创业担保贷款金额(万元)");
    assert_has(p, "cell A1 s 乐山市2021年创业担保贷款金额统计表");
    assert_has(p, "cell H2 s 单位：万元");
    assert_has(p, "cell B5 n 7.507402 0.00");    /* 6 × 1234567 + 100000 fen */
    int64_t fen = *gy_table_at(y, GY_IND_LOAN_AMOUNT, 3, 0);
    char *wan = g_strdup_printf("%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT,
                                fen / 1000000, fen % 1000000);
    while (wan[strlen(wan) - 1] == '0')
        wan[strlen(wan) - 1] = '\0';
    g_snprintf(want, sizeof want, "cell N8 f =SUM(N5:N7) = %s 0.00", wan);
    assert_has(p, want);
    g_free(wan);
    assert_has(p, "check N8 ok");
    assert_has(p, "check B8 ok");
    g_free(p);

    /* 问题数据: formula-looking values stay text */
    p = sheet_part(d, "问题数据");
    assert_has(p, "cell A1 s 乐山市返乡创业问题数据明细表");
    assert_has(p, "cell A3 s 序号");
    assert_has(p, "cell F3 s 原因");
    assert_has(p, "cell A4 n 1 0");
    assert_has(p, "cell B4 s 2021年6月.csv");
    assert_has(p, "cell C4 n 17 0");
    assert_has(p, "cell D4 s 身份证号码");
    assert_has(p, "cell E4 s =1+1");
    g_snprintf(want, sizeof want, "cell F4 s %s", gy_reason_zh(GY_E_ID_CHARS));
    assert_has(p, want);
    assert_has(p, "cell E5 s @SUM(A1:A2)");
    assert_has(p, "cell B6 s 沙湾区.csv");
    assert_has(p, "cell E6 s -2");
    assert_has(p, "cell E7 s +8613800000000");
    assert_has(p, "freeze A4");
    assert_null(strstr(p, " f "));
    g_free(p);

    /* 数据说明: inputs with SHA-256 and the row accounting, options, definitions */
    p = sheet_part(d, "数据说明");
    assert_has(p, "cell B5 s 2021年6月.csv");
    assert_has(p, "cell C5 n 123456 0");
    assert_has(p, "cell D5 s 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    assert_has(p, "cell E5 s GB18030");
    assert_has(p, "cell E6 s UTF-8 (BOM)");
    assert_has(p, "cell F5 n 100 0");
    assert_has(p, "cell A7 s 合计");
    assert_has(p, "cell F7 f =SUM(F5:F6) = 110 0");
    assert_has(p, "cell I7 f =SUM(I5:I6) = 0 0");      /* 被替代 */
    assert_has(p, "cell J7 f =SUM(J5:J6) = 4 0");      /* 拒收 */
    assert_has(p, "cell K7 f =SUM(K5:K6) = 0 0");      /* 跳过 */
    assert_has(p, "merged F3:K3");
    assert_has(p, "cell F4 s 读取");
    assert_has(p, "cell G4 s 接受");
    assert_has(p, "cell H4 s 重复");
    assert_has(p, "cell I4 s 被替代");
    assert_has(p, "cell J4 s 拒收");
    assert_has(p, "cell K4 s 跳过");
    assert_has(p, "cell F3 s 行数");
    assert_non_null(strstr(p, "s 统计选项\n"));
    assert_non_null(strstr(p, "s 统计地区\n"));
    assert_non_null(strstr(p, "s 乐山市\n"));
    assert_non_null(strstr(p, "s 2021年6月30日\n"));
    assert_non_null(strstr(p, "s guiyan test\n"));
    assert_non_null(strstr(p, "s 返乡创业人数（人）\n"));
    assert_non_null(strstr(p, "s 创业担保贷款金额（万元）\n"));
    assert_non_null(strstr(p, "读取110行＝接受104行＋重复2行＋拒收4行。"));
    g_free(p);

    g_free(d);
    g_unlink(path);
    g_free(path);
    gy_ledger_free(lg);
    gy_table_free(m);
    gy_table_free(y);
}

static void test_summary_deterministic(void **state)
{
    (void)state;
    gy_table *m, *y;
    make_tables(&m, &y);
    gy_ledger *lg = make_ledger();
    char *p1 = tmp_path("s1.xlsx"), *p2 = tmp_path("s2.xlsx");
    assert_int_equal(write_book(p1, m, y, lg, NULL), GY_OK);   /* (test_sheet waits a second) */
    assert_int_equal(write_book(p2, m, y, lg, NULL), GY_OK);
    char *a, *b;
    gsize na, nb;
    assert_true(g_file_get_contents(p1, &a, &na, NULL));
    assert_true(g_file_get_contents(p2, &b, &nb, NULL));
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    g_free(a);
    g_free(b);
    g_unlink(p1);
    g_unlink(p2);
    g_free(p1);
    g_free(p2);
    gy_ledger_free(lg);
    gy_table_free(m);
    gy_table_free(y);
}

static bool dir_has(const char *needle)
{
    GDir *dir = g_dir_open(tmpdir, 0, NULL);
    const char *n;
    bool found = false;
    while ((n = g_dir_read_name(dir)))
        found |= strstr(n, needle) != NULL;
    g_dir_close(dir);
    return found;
}

static void test_summary_errors(void **state)
{
    (void)state;
    gy_table *m, *y;
    make_tables(&m, &y);
    char *path = tmp_path("bad.xlsx");
    GError *e = NULL;

    /* no ledger: still a complete workbook */
    assert_int_equal(write_book(path, m, y, NULL, &e), GY_OK);
    int status = -1;
    char *d = xlsx_dump(path, &status);
    assert_int_equal(status, 0);
    char *p = sheet_part(d, "问题数据");
    assert_has(p, "cell A4 s 无问题数据");
    g_free(p);
    g_free(d);
    g_unlink(path);

    /* an additive 累计 that is not the sum of its months is a caller bug: nothing written */
    *gy_table_at(y, GY_IND_JOBS, 2, 0) += 1;
    assert_int_equal(write_book(path, m, y, NULL, &e), GY_E_USAGE);
    assert_non_null(strstr(e->message, "峨眉山市"));
    assert_non_null(strstr(e->message, "带动就业人数"));
    g_clear_error(&e);
    assert_false(dir_has("bad.xlsx"));
    *gy_table_at(y, GY_IND_JOBS, 2, 0) -= 1;

    /* ... and so is a 合计 that is not the sum of the counties */
    *gy_table_at(m, GY_IND_LOAN_AMOUNT, 3, 4) += 1;
    assert_int_equal(write_book(path, m, y, NULL, &e), GY_E_USAGE);
    assert_non_null(strstr(e->message, "合计"));
    g_clear_error(&e);
    *gy_table_at(m, GY_IND_LOAN_AMOUNT, 3, 4) -= 1;

    /* shapes */
    gy_summary_opts o = make_opts();
    static const char *const two[] = { "市中区", "沙湾区", NULL };
    o.county_names = two;
    assert_int_equal(gy_workbook_summary_write(path, &o, m, y, NULL, &e), GY_E_USAGE);
    g_clear_error(&e);
    o = make_opts();
    assert_int_equal(gy_workbook_summary_write(path, &o, y, y, NULL, &e), GY_E_USAGE);
    g_clear_error(&e);
    assert_int_equal(gy_workbook_summary_write(path, NULL, m, y, NULL, &e), GY_E_USAGE);
    g_clear_error(&e);
    assert_false(dir_has("bad.xlsx"));

    /* unwritable paths */
    assert_int_equal(write_book("/nonexistent-guiyan-dir/s.xlsx", m, y, NULL, &e), GY_E_IO);
    assert_non_null(strstr(e->message, "/nonexistent-guiyan-dir/s.xlsx"));
    g_clear_error(&e);
    if (g_file_test("/dev/full", G_FILE_TEST_EXISTS)) {
        assert_int_equal(write_book("/dev/full", m, y, NULL, &e), GY_E_IO);
        g_clear_error(&e);
    }
    g_free(path);
    gy_table_free(m);
    gy_table_free(y);
}

static int setup(void **state)
{
    (void)state;
    tmpdir = g_dir_make_tmp("guiyan-workbook-XXXXXX", NULL);
    return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    GDir *dir = g_dir_open(tmpdir, 0, NULL);
    const char *n;
    while (dir && (n = g_dir_read_name(dir))) {
        char *p = g_build_filename(tmpdir, n, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (dir)
        g_dir_close(dir);
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_read_back),
        cmocka_unit_test(test_summary_deterministic),
        cmocka_unit_test(test_summary_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
