/* test_sheet.c — official-table furniture: widths, sheet names, style.ini, and a workbook read
 * back by an independent reader (openpyxl via tests/e2e/xlsx_check.py). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "guiyan/reader.h"
#include "guiyan/numfmt.h"
#include "guiyan/sheet.h"

static char *tmpdir;

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

/* Run the openpyxl checker on path; returns its stdout (g_free) and its exit status. */
static char *xlsx_dump(const char *path, int *status)
{
    char *root = g_path_get_dirname(GY_TEMPLATES_DIR);
    char *script = g_build_filename(root, "tests", "e2e", "xlsx_check.py", NULL);
    char *argv[] = { "/usr/bin/python3", script, (char *)path, NULL };
    char *out = NULL, *errs = NULL;
    GError *e = NULL;
    gboolean ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errs,
                               status, &e);
    if (!ok)
        fail_msg("cannot run %s: %s", script, e->message);
    if (errs && *errs)
        print_message("xlsx_check stderr: %s\n", errs);
    g_free(errs);
    g_free(script);
    g_free(root);
    return out;
}

/* Assert that the dump holds this exact line. */
#define assert_line(dump, line) assert_line_at(dump, line, __FILE__, __LINE__)
static void assert_line_at(const char *dump, const char *line, const char *file, int at)
{
    char *want = g_strconcat("\n", line, "\n", NULL);
    char *hay = g_strconcat("\n", dump, "\n", NULL);
    bool found = strstr(hay, want) != NULL;
    g_free(want);
    g_free(hay);
    if (!found) {
        print_error("line not in dump: %s\n", line);
        _fail(file, at);
    }
}

/* ---- pure helpers ---- */

static void test_text_width(void **state)
{
    (void)state;
    assert_int_equal(gy_text_width("县（市、区）"), 12);
    assert_int_equal(gy_text_width("abc"), 3);
    assert_int_equal(gy_text_width("2021年"), 6);
    assert_int_equal(gy_text_width("１２"), 4);     /* full-width digits */
    assert_int_equal(gy_text_width(""), 0);
    assert_int_equal(gy_text_width(NULL), 0);
}

static void test_date_zh(void **state)
{
    (void)state;
    char *s = gy_sheet_date_zh(ymd(2021, 7, 5));
    assert_string_equal(s, "2021年7月5日");
    g_free(s);
    s = gy_sheet_date_zh(GY_NO_DAY);
    assert_string_equal(s, "　　年　　月　　日");
    g_free(s);
}

static int utf16_len(const char *s)
{
    int n = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        n += g_utf8_get_char(p) > 0xFFFF ? 2 : 1;
    return n;
}

static void take(GHashTable *taken, const char *name)
{
    g_hash_table_add(taken, g_utf8_casefold(name, -1));
}

static void test_legal_name(void **state)
{
    (void)state;
    GHashTable *taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *n = gy_sheet_legal_name("返乡创业人数", taken);
    assert_string_equal(n, "返乡创业人数");
    take(taken, n);
    g_free(n);

    /* 40 Chinese characters: cut to 31 on a character boundary, still valid UTF-8 */
    const char *long40 = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
    n = gy_sheet_legal_name(long40, taken);
    assert_true(g_utf8_validate(n, -1, NULL));
    assert_int_equal(g_utf8_strlen(n, -1), 31);
    assert_true(g_str_has_prefix(long40, n));
    take(taken, n);
    /* the same long name again: unique within 31 characters */
    char *n2 = gy_sheet_legal_name(long40, taken);
    assert_int_equal(g_utf8_strlen(n2, -1), 31);
    assert_true(g_str_has_suffix(n2, "(2)"));
    assert_string_not_equal(n, n2);
    g_free(n);
    g_free(n2);

    /* forbidden characters, apostrophes, empty, case-insensitive clash, reserved name */
    n = gy_sheet_legal_name("2021/06:汇总[草稿]?*\\", taken);
    assert_string_equal(n, "2021_06_汇总_草稿____");
    g_free(n);
    n = gy_sheet_legal_name("'引号'", taken);
    assert_string_equal(n, "引号");
    g_free(n);
    n = gy_sheet_legal_name("", taken);
    assert_string_equal(n, "Sheet");
    g_free(n);
    take(taken, "Data");
    n = gy_sheet_legal_name("DATA", taken);
    assert_string_equal(n, "DATA(2)");
    g_free(n);
    n = gy_sheet_legal_name("history", NULL);
    assert_string_equal(n, "history(2)");
    g_free(n);

    /* characters outside the BMP count as two UTF-16 units, as Excel counts them */
    GString *emoji = g_string_new(NULL);
    for (int i = 0; i < 20; i++)
        g_string_append(emoji, "😀");
    n = gy_sheet_legal_name(emoji->str, NULL);
    assert_int_equal(utf16_len(n), 30);
    assert_int_equal(g_utf8_strlen(n, -1), 15);
    g_free(n);
    g_string_free(emoji, TRUE);
    g_hash_table_destroy(taken);
}

static void test_style(void **state)
{
    (void)state;
    GError *e = NULL;
    /* a missing file gives the built-in style */
    gy_style *st = gy_style_load("/nonexistent/style.ini", &e);
    assert_non_null(st);
    assert_string_equal(st->title_font, "方正小标宋简体");
    assert_string_equal(st->body_font, "宋体");
    assert_int_equal(st->paper, 9);
    assert_true(st->landscape);
    gy_style_free(st);

    /* the shipped template says what the built-in style says */
    char *shipped = g_build_filename(GY_TEMPLATES_DIR, "style.ini", NULL);
    st = gy_style_load(shipped, &e);
    assert_non_null(st);
    gy_style *def = gy_style_new();
    assert_string_equal(st->title_font, def->title_font);
    assert_string_equal(st->header_font, def->header_font);
    assert_string_equal(st->body_font, def->body_font);
    assert_string_equal(st->footer, def->footer);
    assert_true(st->title_size == def->title_size && st->body_size == def->body_size);
    assert_true(st->header_size == def->header_size && st->note_size == def->note_size);
    assert_true(st->margin_left == def->margin_left && st->margin_top == def->margin_top);
    assert_true(st->margin_footer == def->margin_footer && st->paper == def->paper);
    assert_int_equal(st->header_bold, def->header_bold);
    gy_style_free(def);
    gy_style_free(st);
    g_free(shipped);

    /* an edited template: keys override, others keep their defaults, footer gets centred */
    char *p = tmp_path("style.ini");
    const char *ini = "[font]\ntitle = 黑体\nbody_size = 12\n[page]\nlandscape = false\n"
                      "footer = - &P -\n";
    assert_true(g_file_set_contents(p, ini, -1, NULL));
    st = gy_style_load(p, &e);
    assert_non_null(st);
    assert_string_equal(st->title_font, "黑体");
    assert_true(st->body_size == 12);
    assert_false(st->landscape);
    assert_string_equal(st->footer, "&C- &P -");
    assert_string_equal(st->body_font, "宋体");
    gy_style_free(st);

    /* out of range and malformed values are template errors naming the key */
    assert_true(g_file_set_contents(p, "[font]\nbody_size = 400\n", -1, NULL));
    st = gy_style_load(p, &e);
    assert_null(st);
    assert_int_equal(e->code, GY_E_TEMPLATE);
    assert_non_null(strstr(e->message, "body_size"));
    g_clear_error(&e);
    assert_true(g_file_set_contents(p, "[page\nlandscape = maybe\n", -1, NULL));
    st = gy_style_load(p, &e);
    assert_null(st);
    assert_int_equal(e->code, GY_E_TEMPLATE);
    g_clear_error(&e);
    g_unlink(p);
    g_free(p);
}

/* ---- a whole table ---- */

/* Columns: 县（市、区） | 2021年: 1月 2月 累计 | 贷款金额: 1月 累计 | 占比 */
static const gy_col demo_cols[] = {
    { NULL, "县（市、区）", GY_CELL_LABEL },
    { "2021年", "1月", GY_CELL_COUNT },
    { "2021年", "2月", GY_CELL_COUNT },
    { "2021年", "累计", GY_CELL_COUNT },
    { "贷款金额（万元）", "1月", GY_CELL_WAN },
    { "贷款金额（万元）", "2月", GY_CELL_WAN },
    { NULL, "2月占比（%）", GY_CELL_RATE },
};

static gy_error write_demo(const char *path, GError **err)
{
    gy_book_props props = { "测试表", NULL, NULL, "乐山市人社局", NULL, ymd(2021, 7, 5), false };
    gy_book *b = gy_book_new(path, NULL, &props, err);
    if (!b)                  /* its temporary file cannot be made: no folder (test_unwritable) */
        return err && *err ? (gy_error)(*err)->code : GY_E_NOMEM;
    gy_sheet *s = gy_book_add_sheet(b, "测试");
    assert_string_equal(gy_sheet_name(s), "测试");
    /* nothing can be written before the header */
    assert_int_equal(gy_sheet_value(s, 5, 1, 1, GY_CELL_COUNT), GY_E_USAGE);
    gy_sheet_spec spec = { "乐山市2021年测试统计表", "乐山市人力资源和社会保障局", "人、万元",
                           demo_cols, G_N_ELEMENTS(demo_cols), 1 };
    assert_int_equal(gy_sheet_begin(s, &spec, err), GY_OK);
    assert_int_equal(gy_sheet_begin(s, &spec, NULL), GY_E_USAGE);
    uint32_t top = gy_sheet_body_row(s);
    assert_int_equal(top, 4);
    static const char *names[] = { "市中区", "=1+1", "峨眉山市" };
    static const int64_t jan[] = { 3, 0, 7 }, feb[] = { 5, 2, 0 };
    /* 0.1 + 0.2 万元 in doubles is 0.30000000000000004; the cached total must be 0.3 */
    static const gy_fen jan_fen[] = { 100000, 200000, 2675 }, feb_fen[] = { 1234567, 0, 5 };
    for (uint32_t i = 0; i < 3; i++) {
        uint32_t r = top + i;
        assert_int_equal(gy_sheet_text(s, r, 0, names[i], GY_CELL_LABEL), GY_OK);
        assert_int_equal(gy_sheet_value(s, r, 1, jan[i], GY_CELL_COUNT), GY_OK);
        assert_int_equal(gy_sheet_value(s, r, 2, feb[i], GY_CELL_COUNT), GY_OK);
        assert_int_equal(gy_sheet_sum(s, r, 3, r, 1, r, 2, GY_CELL_COUNT, NULL), GY_OK);
        assert_int_equal(gy_sheet_value(s, r, 4, jan_fen[i], GY_CELL_WAN), GY_OK);
        assert_int_equal(gy_sheet_value(s, r, 5, feb_fen[i], GY_CELL_WAN), GY_OK);
    }
    uint32_t t = top + 3;
    int64_t total = 0;
    assert_int_equal(gy_sheet_text(s, t, 0, "合计", GY_CELL_LABEL), GY_OK);
    for (uint32_t c = 1; c <= 3; c++)
        assert_int_equal(gy_sheet_sum(s, t, c, top, c, t - 1, c, GY_CELL_COUNT, &total), GY_OK);
    assert_int_equal(total, 17);
    assert_int_equal(gy_sheet_sum(s, t, 4, top, 4, t - 1, 4, GY_CELL_WAN, &total), GY_OK);
    assert_int_equal(total, 302675);
    assert_int_equal(gy_sheet_sum(s, t, 5, top, 5, t - 1, 5, GY_CELL_WAN, NULL), GY_OK);
    for (uint32_t r = top; r <= t; r++)   /* after the total they divide by */
        assert_int_equal(gy_sheet_rate(s, r, 6, r, 2, t, 2), GY_OK);
    /* summing cells of another kind, or the cell itself, is refused */
    assert_int_equal(gy_sheet_sum(s, t + 1, 1, top, 1, top, 4, GY_CELL_COUNT, NULL), GY_E_USAGE);
    assert_int_equal(gy_sheet_sum(s, t, 1, top, 1, t, 1, GY_CELL_COUNT, NULL), GY_E_USAGE);
    /* outside the declared columns */
    assert_int_equal(gy_sheet_text(s, t, 7, "x", GY_CELL_TEXT), GY_E_USAGE);
    static const char *const notes[] = { "人数为去重计数，合计不等于各县相加。",
                                         "数据截至2021年6月30日。", NULL };
    gy_sheet_foot foot = { true, ymd(2021, 7, 5), notes };
    assert_int_equal(gy_sheet_finish(s, &foot, err), GY_OK);
    assert_int_equal(gy_sheet_value(s, t, 1, 1, GY_CELL_COUNT), GY_E_USAGE);  /* finished */
    /* a second sheet with a single-row header and the same name */
    gy_sheet *s2 = gy_book_add_sheet(b, "测试");
    assert_string_equal(gy_sheet_name(s2), "测试(2)");
    static const gy_col flat[] = { { NULL, "项目", GY_CELL_TEXT }, { NULL, "说明", GY_CELL_WRAP } };
    gy_sheet_spec spec2 = { "说明", NULL, NULL, flat, 2, 0 };
    assert_int_equal(gy_sheet_begin(s2, &spec2, err), GY_OK);
    assert_int_equal(gy_sheet_body_row(s2), 2);
    assert_int_equal(gy_sheet_text(s2, 2, 0, "长说明", GY_CELL_TEXT), GY_OK);
    assert_int_equal(gy_sheet_text(s2, 2, 1, "这是一段很长的说明文字，用来检验自动换行和行高。"
                                   "这是一段很长的说明文字，用来检验自动换行和行高。", GY_CELL_WRAP),
                     GY_OK);
    assert_int_equal(gy_sheet_finish(s2, NULL, err), GY_OK);
    return gy_book_close(b, err);
}

static void test_table_read_back(void **state)
{
    (void)state;
    char *path = tmp_path("demo.xlsx");
    GError *e = NULL;
    assert_int_equal(write_demo(path, &e), GY_OK);
    int status = -1;
    char *d = xlsx_dump(path, &status);
    assert_non_null(d);
    if (status != 0) {   /* show what the checker found wrong */
        char **lines = g_strsplit(d, "\n", -1);
        for (char **l = lines; *l; l++)
            if (strstr(*l, " BAD "))
                print_error("%s\n", *l);
        g_strfreev(lines);
    }
    assert_int_equal(status, 0);            /* every cached formula value checks out */
    assert_null(strstr(d, " BAD "));
    assert_line(d, "sheets 测试|测试(2)");
    assert_line(d, "title 测试表");
    assert_line(d, "created 2021-07-05T00:00:00");
    /* title merged across all 7 columns, 填报单位 left, 单位 right, two-row header */
    assert_line(d, "merged A1:G1");
    assert_line(d, "cell A1 s 乐山市2021年测试统计表");
    assert_line(d, "font A1 方正小标宋简体 18");
    assert_line(d, "merged A2:C2");
    assert_line(d, "cell A2 s 填报单位：乐山市人力资源和社会保障局");
    assert_line(d, "merged D2:G2");
    assert_line(d, "cell D2 s 单位：人、万元");
    assert_line(d, "merged A3:A4");
    assert_line(d, "merged B3:D3");
    assert_line(d, "cell B3 s 2021年");
    assert_line(d, "merged E3:F3");
    assert_line(d, "merged G3:G4");
    assert_line(d, "cell B4 s 1月");
    assert_line(d, "cell D4 s 累计");
    /* print setup */
    assert_line(d, "freeze B5");
    assert_line(d, "print_titles $3:$4");
    assert_line(d, "paper 9");
    assert_line(d, "orientation landscape");
    assert_line(d, "fit 1x0");
    assert_line(d, "fit_to_page 1");
    assert_line(d, "footer |第 &P 页 共 &N 页|");
    assert_line(d, "margins 0.5906 0.5906 0.7874 0.7874");
    /* body: text never evaluated, numbers with their formats */
    assert_line(d, "cell A6 s =1+1");
    assert_line(d, "cell B5 n 3 0");
    assert_line(d, "cell E5 n 0.1 0.00");
    assert_line(d, "cell E7 n 0.002675 0.00");
    assert_line(d, "cell D5 f =SUM(B5:C5) = 8 0");
    assert_line(d, "cell B8 f =SUM(B5:B7) = 10 0");
    assert_line(d, "cell D8 f =SUM(D5:D7) = 17 0");
    assert_line(d, "cell E8 f =SUM(E5:E7) = 0.302675 0.00");
    assert_line(d, "cell F8 f =SUM(F5:F7) = 1.234572 0.00");
    assert_line(d, "check E8 ok");
    /* rates: 5/7*100 computed as Excel does it */
    char want[128];
    g_snprintf(want, sizeof want, "cell G5 f =IF(C8=0,\"\",C5/C8*100) = %s 0.0", "71.42857142857143");
    assert_line(d, want);
    assert_line(d, "check G5 ok");
    /* signature line and numbered notes below a blank row; print area through the last note */
    assert_line(d, "cell A10 s 制表人：");
    assert_line(d, "cell C10 s 审核人：");
    assert_line(d, "cell E10 s 制表日期：2021年7月5日");
    assert_line(d, "merged A11:G11");
    assert_line(d, "cell A11 s 注：1. 人数为去重计数，合计不等于各县相加。");
    assert_line(d, "cell A12 s 　　2. 数据截至2021年6月30日。");
    assert_line(d, "print_area $A$1:$G$12");
    /* a Chinese header column is wider than a numeric one */
    assert_non_null(strstr(d, "\nwidth A "));
    /* the second sheet: single header row, frozen below it */
    assert_line(d, "sheet 测试(2)");
    assert_line(d, "freeze A3");
    assert_line(d, "print_titles $2:$2");
    g_free(d);
    g_unlink(path);
    g_free(path);
}

static void test_column_widths(void **state)
{
    (void)state;
    char *path = tmp_path("widths.xlsx");
    GError *e = NULL;
    assert_int_equal(write_demo(path, &e), GY_OK);
    int status = -1;
    char *d = xlsx_dump(path, &status);
    /* A holds 县（市、区） (12 half-widths), B holds short numbers under 1月 */
    double wa = 0, wb = 0;
    char *p = strstr(d, "\nwidth A ");
    assert_non_null(p);
    wa = g_ascii_strtod(p + 9, NULL);
    p = strstr(d, "\nwidth B ");
    assert_non_null(p);
    wb = g_ascii_strtod(p + 9, NULL);
    assert_true(wa >= 12 && wa <= 20);
    assert_true(wb >= 6 && wb < wa);
    g_free(d);
    g_unlink(path);
    g_free(path);
}

static void test_deterministic(void **state)
{
    (void)state;
    char *p1 = tmp_path("a.xlsx"), *p2 = tmp_path("b.xlsx");
    assert_int_equal(write_demo(p1, NULL), GY_OK);
    g_usleep(1100 * 1000);   /* a second later: no clock may leak into the file */
    assert_int_equal(write_demo(p2, NULL), GY_OK);
    char *a = NULL, *b = NULL;
    gsize na = 0, nb = 0;
    assert_true(g_file_get_contents(p1, &a, &na, NULL));
    assert_true(g_file_get_contents(p2, &b, &nb, NULL));
    assert_true(na > 1000);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    g_free(a);
    g_free(b);
    g_unlink(p1);
    g_unlink(p2);
    g_free(p1);
    g_free(p2);
}

static void test_unwritable(void **state)
{
    (void)state;
    GError *e = NULL;
    assert_int_equal(write_demo("/nonexistent-guiyan-dir/x.xlsx", &e), GY_E_IO);
    assert_non_null(e);
    assert_int_equal(e->code, GY_E_IO);
    assert_non_null(strstr(e->message, "/nonexistent-guiyan-dir/x.xlsx"));
    g_clear_error(&e);
    if (g_file_test("/dev/full", G_FILE_TEST_EXISTS)) {
        assert_int_equal(write_demo("/dev/full", &e), GY_E_IO);
        assert_non_null(strstr(e->message, "/dev/full"));
        g_clear_error(&e);
        /* /dev/full is still a device: nothing was renamed over it */
        assert_false(g_file_test("/dev/full", G_FILE_TEST_IS_REGULAR));
    }
}

static void test_abandon(void **state)
{
    (void)state;
    char *path = tmp_path("abandoned.xlsx");
    gy_book *b = gy_book_new(path, NULL, NULL, NULL);
    gy_sheet *s = gy_book_add_sheet(b, "x");
    assert_non_null(s);
    gy_book_free(b);
    gy_book_free(NULL);
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    GDir *dir = g_dir_open(tmpdir, 0, NULL);
    const char *n;
    while ((n = g_dir_read_name(dir)))   /* no temporary file left either */
        assert_null(strstr(n, "abandoned"));
    g_dir_close(dir);
    g_free(path);
}

/* A writer that failed (a cell writer's bare code, a sheet libxlsxwriter could not add) still
 * says why, naming the file; a message set before is kept. */
static void test_fail_messages(void **state)
{
    (void)state;
    char *path = tmp_path("failed.xlsx");
    GError *err = NULL;
    gy_book *b = gy_book_new(path, NULL, NULL, &err);
    assert_non_null(b);
    assert_int_equal(gy_book_sheet_failed(b, "总览", &err), GY_E_NOMEM);
    char *want = g_strdup_printf("%s: cannot add the sheet 总览: out of memory", path);
    assert_string_equal(err->message, want);
    g_free(want);
    assert_int_equal(gy_error_of(&err, GY_E_IO), GY_E_NOMEM);
    assert_int_equal(gy_error_of(NULL, GY_E_IO), GY_E_IO);
    /* gy_book_fail keeps the message there is */
    assert_int_equal(gy_book_fail(b, GY_E_NOMEM, &err), GY_E_NOMEM);
    assert_true(g_str_has_suffix(err->message, "cannot add the sheet 总览: out of memory"));
    g_clear_error(&err);
    /* and gives a bare code one */
    b = gy_book_new(path, NULL, NULL, &err);
    assert_int_equal(gy_book_fail(b, GY_E_USAGE, &err), GY_E_USAGE);
    want = g_strdup_printf("%s: cannot write the workbook: usage error", path);
    assert_string_equal(err->message, want);
    assert_int_equal(err->code, GY_E_USAGE);
    g_free(want);
    g_clear_error(&err);
    b = gy_book_new(path, NULL, NULL, NULL);
    assert_int_equal(gy_book_fail(b, GY_E_NOMEM, NULL), GY_E_NOMEM);   /* no err wanted */
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(path);
}

static int setup(void **state)
{
    (void)state;
    tmpdir = g_dir_make_tmp("guiyan-sheet-XXXXXX", NULL);
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
        cmocka_unit_test(test_text_width),
        cmocka_unit_test(test_date_zh),
        cmocka_unit_test(test_legal_name),
        cmocka_unit_test(test_style),
        cmocka_unit_test(test_table_read_back),
        cmocka_unit_test(test_column_widths),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_unwritable),
        cmocka_unit_test(test_abandon),
        cmocka_unit_test(test_fail_messages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
