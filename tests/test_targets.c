/* test_targets.c — the targets file, the tracking column built from targets and tables, the
 * tracking figures of a cube as of a day, and the tracking outputs (targets.h, workbook.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "guiyan/fields.h"
#include "guiyan/ledger.h"
#include "guiyan/schema.h"
#include "guiyan/targets.h"
#include "guiyan/workbook.h"
#include <xlsxwriter.h>

#define TEMPLATES GY_TEMPLATES_DIR
#define SAMPLE_TARGETS GY_TEMPLATES_DIR "/../samples/targets_2021.csv"

/* 乐山市 in code order, then the unit */
enum { SZQ, SWQ, WTQ, JKH, QW, JY, JJ, MC, EB, MB, EMS, GX, N_COUNTIES };

static gy_divisions *dv;
static gy_region *rg;
static gy_aliases *al;
static gy_indicators *inds;
static char *tmpdir;

static int
group_setup(void **state)
{
    (void)state;
    GError *err = NULL;
    dv = gy_divisions_load(TEMPLATES "/divisions.tsv", &err);
    rg = dv ? gy_region_new(dv, "511100", &err) : NULL;
    al = rg ? gy_aliases_load(TEMPLATES "/aliases.ini", &err) : NULL;
    inds = al ? gy_indicators_load(TEMPLATES "/indicators.tsv", &err) : NULL;
    if (!inds) {
        print_error("%s\n", err ? err->message : "setup failed");
        g_clear_error(&err);
        return -1;
    }
    static const char *const gx[] = { "高新区", NULL };
    gy_region_add_unit(rg, "乐山高新区", gx);
    tmpdir = g_dir_make_tmp("test_targets-XXXXXX", NULL);
    return tmpdir ? 0 : -1;
}

static int
group_teardown(void **state)
{
    (void)state;
    gy_indicators_free(inds);
    gy_aliases_free(al);
    gy_region_free(rg);
    gy_divisions_free(dv);
    GDir *d = g_dir_open(tmpdir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)) != NULL) {
        char *p = g_build_filename(tmpdir, name, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return 0;
}

/* Write bytes to tmpdir/name; returns the path (newly allocated). */
static char *
put_file(const char *name, const char *data, gssize len)
{
    char *p = g_build_filename(tmpdir, name, NULL);
    assert_true(g_file_set_contents(p, data, len, NULL));
    return p;
}

static gy_targets *
load_text(const char *name, const char *text, GError **err)
{
    char *p = put_file(name, text, -1);
    gy_targets *t = gy_targets_load(p, GY_ENC_AUTO, al, rg, inds, err);
    g_free(p);
    return t;
}

static int64_t
target_of(const gy_targets *t, size_t county, gy_ind ind)
{
    int64_t v = -1;
    assert_true(gy_targets_get(t, county, ind, &v));
    return v;
}

/* ---- reading ---- */

/* A targets workbook: the first sheet with the targets' header (an instructions sheet before
 * it is passed over), or the sheet --sheet names. */
static void
test_sheets(void **state)
{
    (void)state;
    char *p = g_build_filename(tmpdir, "分解表.xlsx", NULL);
    lxw_workbook *wb = workbook_new(p);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "说明");
    worksheet_write_string(ws, 0, 0, "填表说明：金额单位万元", NULL);
    ws = workbook_add_worksheet(wb, "分解表");
    static const char *const rows[][3] = {
        { "县（市、区）", "指标", "目标" }, { "市中区", "新增返乡创业人数", "590" },
        { "峨眉山市", "创业担保贷款发放笔数", "190" },
    };
    for (lxw_row_t r = 0; r < G_N_ELEMENTS(rows); r++)
        for (lxw_col_t c = 0; c < 3; c++)
            worksheet_write_string(ws, r, c, rows[r][c], NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    GError *err = NULL;
    static const char *const picks[] = { NULL, "all", "2", "分解表" };
    for (size_t i = 0; i < G_N_ELEMENTS(picks); i++) {
        gy_targets *t = gy_targets_load_sheet(p, picks[i], GY_ENC_AUTO, al, rg, inds, &err);
        if (!t)
            fail_msg("--sheet %s: %s", picks[i] ? picks[i] : "(none)", err->message);
        assert_int_equal(target_of(t, SZQ, GY_IND_STARTUPS), 590);
        assert_int_equal(target_of(t, EMS, GY_IND_LOANS), 190);
        gy_targets_free(t);
    }
    /* the sheet named has no targets: its problem names the sheet */
    assert_null(gy_targets_load_sheet(p, "说明", GY_ENC_AUTO, al, rg, inds, &err));
    assert_int_equal(err->code, GY_E_MISSING_COLUMN);
    assert_true(g_str_has_prefix(err->message, "分解表.xlsx:说明:"));
    g_clear_error(&err);
    /* no such sheet */
    assert_null(gy_targets_load_sheet(p, "3", GY_ENC_AUTO, al, rg, inds, &err));
    assert_int_equal(err->code, GY_E_USAGE);
    assert_string_equal(err->message, "分解表.xlsx: no sheet '3' (the sheets are: 说明、分解表)");
    g_clear_error(&err);
    g_free(p);
}

static void
test_sample_file(void **state)
{
    (void)state;
    GError *err = NULL;
    gy_targets *t = gy_targets_load(SAMPLE_TARGETS, GY_ENC_AUTO, al, rg, inds, &err);
    if (!t)
        fail_msg("%s", err->message);
    assert_int_equal(gy_targets_n_counties(t), N_COUNTIES);
    assert_int_equal(target_of(t, SZQ, GY_IND_STARTUPS), 590);
    assert_int_equal(target_of(t, EMS, GY_IND_LOANS), 190);
    assert_int_equal(target_of(t, GX, GY_IND_JOBS), 70);
    /* money in 万元 → fen */
    assert_int_equal(target_of(t, SZQ, GY_IND_LOAN_AMOUNT), INT64_C(3950) * GY_FEN_PER_WAN);
    int64_t sum = 0;
    for (size_t i = 0; i < N_COUNTIES; i++)
        sum += target_of(t, i, GY_IND_LOAN_AMOUNT);
    assert_int_equal(sum, INT64_C(20000) * GY_FEN_PER_WAN);   /* exactly 2亿元 */
    /* 金口河区 has no 带动就业人数 target */
    int64_t v = 99;
    assert_false(gy_targets_get(t, JKH, GY_IND_JOBS, &v));
    assert_int_equal(v, 0);
    assert_true(gy_targets_has_ind(t, GY_IND_JOBS));
    assert_false(gy_targets_has_ind(t, GY_IND_OUTPUT));
    gy_targets_free(t);
}

static void
test_gb18030_spellings(void **state)
{
    (void)state;
    /* header spellings of the [targets] section, the key and a full-width bracket, a county
     * short form, the code, a 元 suffix and a blank target ("no target") */
    const char *utf8 = "县(市、区),指标名称,年度目标\r\n"
                       "峨边,startups,140\r\n"
                       "511181,创业担保贷款发放金额（万元）,3550.5\r\n"
                       "五通桥,创业担保贷款发放金额,20000000元\r\n"
                       "\r\n"
                       "高新区,带动就业人数,\r\n";
    gsize len = 0;
    char *gb = g_convert(utf8, -1, "GB18030", "UTF-8", NULL, &len, NULL);
    assert_non_null(gb);
    char *p = put_file("gb.csv", gb, (gssize)len);
    GError *err = NULL;
    gy_targets *t = gy_targets_load(p, GY_ENC_AUTO, al, rg, inds, &err);
    if (!t)
        fail_msg("%s", err->message);
    assert_int_equal(target_of(t, EB, GY_IND_STARTUPS), 140);
    assert_int_equal(target_of(t, EMS, GY_IND_LOAN_AMOUNT), INT64_C(3550500000));
    assert_int_equal(target_of(t, WTQ, GY_IND_LOAN_AMOUNT), INT64_C(2000) * GY_FEN_PER_WAN);
    assert_false(gy_targets_get(t, GX, GY_IND_JOBS, NULL));
    assert_false(gy_targets_has_ind(t, GY_IND_JOBS));
    gy_targets_free(t);
    g_free(p);
    g_free(gb);
}

static const struct {
    const char *row;       /* line 7 of an otherwise good file */
    gy_error code;
    const char *message;
} bad_rows[] = {
    { "市中区,创业人数,5", GY_E_INDICATOR_UNKNOWN, "t.csv:7: unknown indicator '创业人数'" },
    { "市中区,,5", GY_E_INDICATOR_UNKNOWN, "t.csv:7: indicator is empty" },
    { "不存在区,新增返乡创业人数,5", GY_E_COUNTY_UNKNOWN, "t.csv:7: unknown county '不存在区'" },
    { "武侯区,新增返乡创业人数,5", GY_E_COUNTY_OUTSIDE,
      "t.csv:7: county '武侯区' is outside the region" },
    { ",新增返乡创业人数,5", GY_E_COUNTY_UNKNOWN, "t.csv:7: county is empty" },
    { "沙湾区,新增返乡创业人数,1.5", GY_E_COUNT_FORMAT,
      "t.csv:7: target '1.5' for 新增返乡创业人数: not a whole number" },
    { "沙湾区,创业担保贷款发放金额(万元),abc", GY_E_AMOUNT_FORMAT, "t.csv:7: target 'abc'" },
    { "沙湾区,创业担保贷款发放金额(万元),-5", GY_E_AMOUNT_NEGATIVE, "t.csv:7: target '-5'" },
    { "沙湾区,创业担保贷款发放金额(万元),1.00000001", GY_E_AMOUNT_PRECISION,
      "t.csv:7: target '1.00000001'" },
    { "市中区,新增返乡创业人数,7", GY_E_CONFIG,
      "t.csv:7: 市中区, 新增返乡创业人数: target given twice (first on line 2)" },
};

static void
test_bad_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(bad_rows); i++) {
        char *text = g_strdup_printf("county,indicator,target\n"
                                     "市中区,新增返乡创业人数,590\n"
                                     "沙湾区,新增返乡创业人数,170\n"
                                     "\n"
                                     "\"五通桥区\",新增返乡创业人数,250\n"
                                     "金口河区,新增返乡创业人数,40\n"
                                     "%s\n"
                                     "犍为县,新增返乡创业人数,340\n", bad_rows[i].row);
        GError *err = NULL;
        gy_targets *t = load_text("t.csv", text, &err);
        g_free(text);
        if (t)
            fail_msg("row %zu (%s) was accepted", i, bad_rows[i].row);
        assert_non_null(err);
        assert_int_equal(err->domain, GY_ERROR);
        assert_int_equal(err->code, bad_rows[i].code);
        if (!g_str_has_prefix(err->message, bad_rows[i].message))
            fail_msg("row %zu: got \"%s\", want \"%s…\"", i, err->message, bad_rows[i].message);
        assert_null(strchr(err->message, '\n'));   /* one problem, one line */
        g_error_free(err);
    }
}

static void
test_every_problem_reported(void **state)
{
    (void)state;
    GError *err = NULL;
    gy_targets *t = load_text("many.csv", "指标,单位,目标\n"
                                          "新增返乡创业人数,市中区,590\n"
                                          "人数,市中区,1\n"
                                          "新增返乡创业人数,不存在区,1\n"
                                          "新增返乡创业人数,沙湾区,x\n", &err);
    assert_null(t);
    assert_int_equal(err->code, GY_E_INDICATOR_UNKNOWN);   /* the first problem's */
    char **lines = g_strsplit(err->message, "\n", -1);
    assert_int_equal(g_strv_length(lines), 3);
    assert_true(g_str_has_prefix(lines[0], "many.csv:3: unknown indicator '人数'"));
    assert_true(g_str_has_prefix(lines[1], "many.csv:4: unknown county '不存在区'"));
    assert_true(g_str_has_prefix(lines[2], "many.csv:5: target 'x'"));
    g_strfreev(lines);
    g_clear_error(&err);

    /* more than the ceiling: the rest is counted */
    GString *s = g_string_new("county,indicator,target\n");
    for (int i = 0; i < GY_TARGETS_MAX_PROBLEMS + 5; i++)
        g_string_append_printf(s, "市中区,没有这个指标%d,1\n", i);
    t = load_text("lots.csv", s->str, &err);
    g_string_free(s, TRUE);
    assert_null(t);
    lines = g_strsplit(err->message, "\n", -1);
    assert_int_equal(g_strv_length(lines), GY_TARGETS_MAX_PROBLEMS + 1);
    assert_string_equal(lines[GY_TARGETS_MAX_PROBLEMS], "lots.csv: ... and 5 more problems");
    g_strfreev(lines);
    g_clear_error(&err);
}

/* The city's 分解表: counties down, indicators across with units in the headers, a 合计 row
 * for the city's own target, notes under the table, 亿元. */
static void
test_wide(void **state)
{
    (void)state;
    GError *err = NULL;
    gy_targets *t = load_text("wide.csv",
        "2021年返乡创业目标任务分解表\n"
        "单位,新增返乡创业人数（人）,创业担保贷款（万元）,创办经济实体（个）,贷款笔数\n"
        "市中区,590,3950,300,220\n"
        "沙湾区,200,0.08亿元,100,80\n"
        "峨眉山市,400,,200,150\n"
        "合计,3000,20000,1500,\n"
        "注：数据来源于市人社局\n", &err);
    if (!t)
        fail_msg("%s", err->message);
    size_t sz, sw, em;
    assert_int_equal(gy_region_resolve(rg, "市中区", &sz), GY_OK);
    assert_int_equal(gy_region_resolve(rg, "沙湾区", &sw), GY_OK);
    assert_int_equal(gy_region_resolve(rg, "峨眉山市", &em), GY_OK);
    assert_int_equal(target_of(t, sz, GY_IND_STARTUPS), 590);
    assert_int_equal(target_of(t, sz, GY_IND_LOAN_AMOUNT), 3950 * 1000000LL);   /* fen */
    assert_int_equal(target_of(t, sw, GY_IND_LOAN_AMOUNT), 800 * 1000000LL);    /* 0.08亿元 */
    assert_int_equal(target_of(t, em, GY_IND_LOANS), 150);
    assert_false(gy_targets_get(t, em, GY_IND_LOAN_AMOUNT, NULL));
    int64_t city = 0;
    assert_true(gy_targets_city(t, GY_IND_STARTUPS, &city));
    assert_int_equal(city, 3000);
    assert_true(gy_targets_city(t, GY_IND_LOAN_AMOUNT, &city));
    assert_int_equal(city, 20000 * 1000000LL);
    assert_false(gy_targets_city(t, GY_IND_LOANS, &city));   /* blank: the sum then */
    gy_targets_free(t);

    /* the long form takes the 合计 row and indicator aliases too */
    t = load_text("long.csv", "县区,指标,目标\n市中区,返乡创业人数,590\n全市,返乡创业人数,"
                              "3000\n市中区,创业担保贷款,1.5亿\n", &err);
    if (!t)
        fail_msg("%s", err->message);
    assert_int_equal(target_of(t, sz, GY_IND_STARTUPS), 590);
    assert_int_equal(target_of(t, sz, GY_IND_LOAN_AMOUNT), 15000 * 1000000LL);
    assert_true(gy_targets_city(t, GY_IND_STARTUPS, &city));
    assert_int_equal(city, 3000);
    gy_targets_free(t);

    /* an unknown indicator lists the valid names */
    assert_null(load_text("bad.csv", "县区,指标,目标\n市中区,创业人数,5\n", &err));
    assert_non_null(strstr(err->message, "bad.csv:2: unknown indicator '创业人数' (the "
                                         "indicators are: 新增返乡创业人数、创办经济实体、"));
    g_clear_error(&err);
}

/* The targets file as an input of its own ledger (manifest.json's "targets"): size and
 * SHA-256 of its bytes, the header's line, each column's field (an indicator column: the
 * indicator's key), the rows; and an amount column in 元 by its header's unit. */
static void
test_input_ledger(void **state)
{
    (void)state;
    static const char text[] =
        "2021年目标任务分解表\n"
        "单位,返乡创业人数（人）,创业担保贷款（元）,备注\n"
        "市中区,590,39500000,\n"
        "合计,3000,,\n"
        "注：金额单位元\n";
    char *p = put_file("in.csv", text, -1);
    gy_ledger *lg = gy_ledger_new();
    GError *err = NULL;
    gy_targets *t = gy_targets_load_input(p, NULL, GY_ENC_AUTO, al, rg, inds, lg, &err);
    if (!t)
        fail_msg("%s", err->message);
    size_t sz;
    assert_int_equal(gy_region_resolve(rg, "市中区", &sz), GY_OK);
    assert_int_equal(target_of(t, sz, GY_IND_LOAN_AMOUNT), 39500000LL * 100);   /* fen */
    assert_int_equal(gy_ledger_n_inputs(lg), 1);
    const gy_input *in = gy_ledger_input(lg, 0);
    assert_string_equal(in->name, "in.csv");
    assert_int_equal(in->size, sizeof text - 1);
    char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
    assert_string_equal(in->sha256, sha);
    g_free(sha);
    assert_string_equal(in->reader, "CSV");
    assert_string_equal(in->encoding, "UTF-8");
    assert_int_equal(in->header_line, 2);
    static const char *const want[] = { "单位", "county", "返乡创业人数(人)", "startups",
                                        "创业担保贷款(元)", "loan_amount", "备注", "" };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        assert_string_equal(in->mapping[i], want[i]);
    assert_null(in->mapping[G_N_ELEMENTS(want)]);
    assert_int_equal(in->rows_read, 3);
    assert_int_equal(in->rows_accepted, 2);
    assert_int_equal(in->rows_skipped, 1);
    gy_targets_free(t);
    gy_ledger_free(lg);
    g_free(p);
}

static void
test_bad_files(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_null(load_text("nohead.csv", "县区,目标\n市中区,5\n", &err));
    assert_int_equal(err->code, GY_E_MISSING_COLUMN);
    assert_true(g_str_has_prefix(err->message, "nohead.csv:1: required columns missing: 指标 "
                                               "(known spellings: 指标、indicator、指标名称)"));
    g_clear_error(&err);

    assert_null(load_text("empty.csv", "", &err));
    assert_int_equal(err->code, GY_E_CONFIG);
    g_clear_error(&err);

    assert_null(load_text("headonly.csv", "county,indicator,target\n", &err));
    assert_int_equal(err->code, GY_E_CONFIG);
    assert_string_equal(err->message, "headonly.csv: no targets: the file has a header but no rows");
    g_clear_error(&err);

    char *missing = g_build_filename(tmpdir, "missing.csv", NULL);
    assert_null(gy_targets_load(missing, GY_ENC_AUTO, al, rg, inds, &err));
    assert_int_equal(err->code, GY_E_IO);
    g_clear_error(&err);
    g_free(missing);
}

static void
test_set_get(void **state)
{
    (void)state;
    gy_targets *t = gy_targets_new(3);
    assert_false(gy_targets_has_ind(t, GY_IND_LOANS));
    assert_int_equal(gy_targets_set(t, 2, GY_IND_LOANS, 7), GY_OK);
    assert_int_equal(gy_targets_set(t, 2, GY_IND_LOANS, 8), GY_OK);   /* replaces */
    assert_int_equal(target_of(t, 2, GY_IND_LOANS), 8);
    assert_true(gy_targets_has_ind(t, GY_IND_LOANS));
    assert_int_equal(gy_targets_set(t, 3, GY_IND_LOANS, 1), GY_E_USAGE);
    assert_int_equal(gy_targets_set(t, 0, GY_TARGET_SLOTS, 1), GY_E_USAGE);
    /* the slot of an indicator of another list (培训台账 …) past the cube's */
    assert_int_equal(gy_targets_set(t, 1, GY_IND__COUNT + 1, 35), GY_OK);
    assert_int_equal(target_of(t, 1, GY_IND__COUNT + 1), 35);
    assert_int_equal(gy_targets_set(t, 0, GY_IND_LOANS, -1), GY_E_AMOUNT_NEGATIVE);
    assert_false(gy_targets_get(t, 5, GY_IND_LOANS, NULL));
    gy_targets_free(t);
    gy_targets_free(NULL);
}

/* ---- the tracking column ---- */

/* A table of n_cols columns for the region, every value v0 + row * 10 + col. */
static gy_table *
table_of(gy_grain grain, size_t n_cols, int64_t v0)
{
    gy_table *t = gy_table_new(N_COUNTIES + 1, n_cols, grain);
    for (size_t c = 0; c < n_cols; c++)
        t->col_month[c] = GY_MONTH(2021, 1) + (gy_month)c;
    for (int ind = 0; ind < GY_IND__COUNT; ind++)
        for (size_t r = 0; r <= N_COUNTIES; r++)
            for (size_t c = 0; c < n_cols; c++)
                *gy_table_at(t, (gy_ind)ind, r, c) = v0 + (int64_t)(r * 10 + c);
    return t;
}

static void
test_track_column(void **state)
{
    (void)state;
    gy_targets *t = gy_targets_new(N_COUNTIES);
    /* every county but 金口河区 has a target of 200; 高新区 100 */
    for (size_t i = 0; i < N_COUNTIES; i++)
        if (i != JKH)
            gy_targets_set(t, i, GY_IND_JOBS, i == GX ? 100 : 200);
    gy_table *months = table_of(GY_GRAIN_MONTH, 6, 0);
    gy_table *ytd = table_of(GY_GRAIN_YTD, 6, 50);
    gy_table *prev = table_of(GY_GRAIN_YTD, 6, 45);
    /* ties: 沙湾区 and 五通桥区 both at 90%, then 井研县 at 85%; the others stay below 80% */
    *gy_table_at(ytd, GY_IND_JOBS, SWQ, 5) = 180;
    *gy_table_at(ytd, GY_IND_JOBS, WTQ, 5) = 180;
    *gy_table_at(ytd, GY_IND_JOBS, JY, 5) = 170;
    *gy_table_at(prev, GY_IND_JOBS, SWQ, 5) = 0;
    gy_track_opts o = { .progress = { 6, 12 }, .yellow = GY_YELLOW_DEFAULT, .rank_units = false };
    gy_track_cell cells[N_COUNTIES + 1];
    assert_int_equal(gy_targets_track(t, GY_IND_JOBS, rg, months, ytd, prev, &o, cells), GY_OK);

    assert_true(cells[SZQ].has_target);
    assert_int_equal(cells[SZQ].target, 200);
    assert_int_equal(cells[SZQ].month, 5);             /* the last month column */
    assert_int_equal(cells[SZQ].ytd, 55);
    assert_int_equal(cells[SZQ].prev_ytd, 50);
    assert_true(cells[SZQ].has_prev);
    char buf[GY_HUNDREDTHS_BUFSZ];
    assert_string_equal(gy_track_completion_text(&cells[SZQ], buf), "27.50");
    assert_string_equal(gy_track_gap_text(&cells[SZQ], buf), "-22.50");
    assert_string_equal(gy_track_yoy_text(&cells[SZQ], buf), "10.00");
    assert_int_equal(cells[SZQ].level, GY_LEVEL_RED);
    /* 金口河区: no target, no rate, no rank */
    assert_false(cells[JKH].has_target);
    assert_string_equal(gy_track_completion_text(&cells[JKH], buf), "");
    assert_int_equal(cells[JKH].rank, 0);
    assert_int_equal(cells[JKH].level, GY_LEVEL_NONE);
    /* ties share the first rank: competition ranking */
    assert_int_equal(cells[SWQ].rank, 1);
    assert_int_equal(cells[WTQ].rank, 1);
    assert_int_equal(cells[JY].rank, 3);
    assert_int_equal(cells[SWQ].level, GY_LEVEL_GREEN);
    assert_string_equal(gy_track_yoy_text(&cells[SWQ], buf), "");   /* last year 0 */
    /* 高新区 is a unit: not ranked here */
    assert_true(cells[GX].is_unit);
    assert_false(cells[EMS].is_unit);
    assert_int_equal(cells[GX].rank, 0);
    /* 合计: the cube's own figures, the partial sum of targets */
    gy_track_cell *tot = &cells[N_COUNTIES];
    assert_int_equal(tot->ytd, 50 + 120 + 5);
    assert_int_equal(tot->target, 10 * 200 + 100);
    assert_true(tot->target_partial);
    assert_int_equal(tot->rank, 0);

    /* units ranked; no previous year */
    o.rank_units = true;
    assert_int_equal(gy_targets_track(t, GY_IND_JOBS, rg, months, ytd, NULL, &o, cells), GY_OK);
    assert_int_equal(cells[GX].rank, 1);   /* (50 + 110 + 5) / 100 = 165% */
    assert_int_equal(cells[SWQ].rank, 2);
    assert_false(cells[SZQ].has_prev);
    assert_string_equal(gy_track_yoy_text(&cells[SZQ], buf), "");

    /* shapes */
    gy_table *short_t = gy_table_new(5, 6, GY_GRAIN_YTD);
    assert_int_equal(gy_targets_track(t, GY_IND_JOBS, rg, months, short_t, NULL, &o, cells),
                     GY_E_USAGE);
    assert_int_equal(gy_targets_track(t, GY_IND_JOBS, rg, ytd, ytd, NULL, &o, cells), GY_E_USAGE);
    gy_table_free(short_t);
    gy_table_free(months);
    gy_table_free(ytd);
    gy_table_free(prev);
    gy_targets_free(t);
}

/* ---- the figures of a cube as of a day ---- */

static gy_day
D(int y, int m, int d)
{
    return gy_day_from_ymd(y, m, d);
}

static void
add(gy_cube *c, uint64_t person, gy_day start, uint32_t county, gy_fen loan, gy_day loan_day,
    int64_t jobs, const char *entity)
{
    static uint32_t line = 1;
    gy_record r = { .person = person, .start = start, .loan_day = loan_day, .loan = loan,
                    .jobs = jobs, .county = county, .line = ++line, .entity = entity,
                    .uscc = "" };
    assert_int_equal(gy_cube_add(c, &r, NULL, NULL), GY_ADD_ACCEPTED);
}

static void
test_prev_day(void **state)
{
    (void)state;
    assert_int_equal(gy_track_prev_day(D(2024, 2, 29)), D(2023, 2, 28));
    assert_int_equal(gy_track_prev_day(D(2021, 3, 1)), D(2020, 3, 1));
    assert_int_equal(gy_track_prev_day(D(2021, 6, 30)), D(2020, 6, 30));
    assert_int_equal(gy_track_prev_day(GY_NO_DAY), GY_NO_DAY);
}

static void
test_tables_mid_month(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    /* person 1 starts twice in 2021 in two counties, with a loan; person 2 after the as-of
     * day; last year: the as-of day itself counts, the day after does not */
    add(c, 1, D(2021, 6, 10), SZQ, 100000, D(2021, 6, 15), 3, "甲店");
    add(c, 1, D(2021, 2, 1), SWQ, 0, GY_NO_DAY, 2, "乙店");
    add(c, 2, D(2021, 6, 16), SZQ, 500000, D(2021, 6, 16), 9, "丙店");
    add(c, 3, D(2020, 6, 15), SZQ, 200000, D(2020, 6, 15), 1, "");
    add(c, 4, D(2020, 6, 16), SZQ, 0, GY_NO_DAY, 1, "");
    add(c, 5, D(2020, 1, 5), WTQ, 0, GY_NO_DAY, 4, "丁店");
    gy_day as_of = D(2021, 6, 15);
    gy_table *m = NULL, *y = NULL, *p = NULL;
    gy_track_tables(c, as_of, &m, &y, &p);
    assert_non_null(p);
    assert_int_equal(m->grain, GY_GRAIN_MONTH);
    assert_int_equal(m->n_cols, 6);
    assert_int_equal(m->col_month[0], GY_MONTH(2021, 1));
    size_t last = N_COUNTIES;   /* the 合计 row */
    /* 当月: June 1..15 */
    assert_int_equal(*gy_table_at(m, GY_IND_STARTUPS, SZQ, 5), 1);
    assert_int_equal(*gy_table_at(m, GY_IND_LOAN_AMOUNT, last, 5), 100000);
    assert_int_equal(*gy_table_at(m, GY_IND_JOBS, SZQ, 5), 3);
    /* 累计: person 1 once in the total although in two counties */
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, SZQ, 5), 1);
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, SWQ, 5), 1);
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, last, 5), 1);
    assert_int_equal(*gy_table_at(y, GY_IND_ENTITIES, last, 5), 2);
    /* 上年同期: 2020-01-01 .. 2020-06-15 */
    size_t pc = p->n_cols - 1;
    assert_int_equal(*gy_table_at(p, GY_IND_STARTUPS, last, pc), 2);
    assert_int_equal(*gy_table_at(p, GY_IND_JOBS, SZQ, pc), 1);
    assert_int_equal(*gy_table_at(p, GY_IND_LOAN_AMOUNT, SZQ, pc), 200000);
    /* the same as gy_cube_value over the day ranges, for every indicator and row */
    for (int ind = 0; ind < GY_IND__COUNT; ind++)
        for (size_t r = 0; r <= N_COUNTIES; r++) {
            size_t county = r == N_COUNTIES ? GY_ALL : r;
            assert_int_equal(*gy_table_at(y, (gy_ind)ind, r, 5),
                             gy_cube_value(c, (gy_ind)ind, county, D(2021, 1, 1), as_of));
            assert_int_equal(*gy_table_at(m, (gy_ind)ind, r, 5),
                             gy_cube_value(c, (gy_ind)ind, county, D(2021, 6, 1), as_of));
            assert_int_equal(*gy_table_at(p, (gy_ind)ind, r, pc),
                             gy_cube_value(c, (gy_ind)ind, county, D(2020, 1, 1),
                                           D(2020, 6, 15)));
        }
    gy_table_free(m);
    gy_table_free(y);
    gy_table_free(p);
    /* nothing of the tracking bounds stays behind: a table with open bounds sees person 2 */
    gy_table *all = gy_cube_table(c, GY_GRAIN_MONTH, GY_MONTH(2021, 6), GY_MONTH(2021, 6),
                                   GY_NO_DAY, GY_NO_DAY);
    assert_int_equal(*gy_table_at(all, GY_IND_STARTUPS, last, 0), 2);
    gy_table_free(all);
    gy_cube_free(c);

    /* inputs that do not reach back to last January: no 上年同期 */
    c = gy_cube_new(rg);
    add(c, 7, D(2020, 12, 20), SZQ, 0, GY_NO_DAY, 1, "");
    add(c, 8, D(2021, 3, 2), SZQ, 0, GY_NO_DAY, 1, "");
    gy_track_tables(c, D(2021, 6, 30), &m, &y, &p);
    assert_null(p);
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, last, 5), 1);
    gy_table_free(m);
    gy_table_free(y);
    gy_cube_free(c);
}

/* ---- the outputs ---- */

typedef struct view_fixture {
    gy_targets *t;
    gy_table *m, *y, *p;
    gy_track_cell cells[2][N_COUNTIES + 1];
    gy_track_part parts[2];
    const char *names[N_COUNTIES + 1], *codes[N_COUNTIES + 1];
    gy_track_view v;
} view_fixture;

static view_fixture *
view_new(void)
{
    view_fixture *f = g_new0(view_fixture, 1);
    gy_cube *c = gy_cube_new(rg);
    add(c, 11, D(2020, 1, 3), SZQ, 1000000, D(2020, 2, 1), 2, "");
    add(c, 12, D(2020, 3, 3), SWQ, 0, GY_NO_DAY, 0, "");
    add(c, 13, D(2021, 1, 3), SZQ, 2500000, D(2021, 1, 9), 4, "");
    add(c, 14, D(2021, 3, 3), SZQ, 1234567, D(2021, 3, 4), 1, "");
    add(c, 15, D(2021, 3, 5), GX, 0, GY_NO_DAY, 3, "");
    gy_track_tables(c, D(2021, 3, 31), &f->m, &f->y, &f->p);
    gy_cube_free(c);
    f->t = gy_targets_new(N_COUNTIES);
    gy_targets_set(f->t, SZQ, GY_IND_LOAN_AMOUNT, 20 * GY_FEN_PER_WAN);
    gy_targets_set(f->t, SWQ, GY_IND_LOAN_AMOUNT, 0);
    gy_targets_set(f->t, SZQ, GY_IND_STARTUPS, 4);
    gy_targets_set(f->t, GX, GY_IND_STARTUPS, 1);
    gy_track_opts o = { .progress = gy_time_progress(D(2021, 3, 31), GY_PROGRESS_BY_MONTH),
                        .yellow = GY_YELLOW_DEFAULT, .rank_units = true };
    const gy_ind which[2] = { GY_IND_STARTUPS, GY_IND_LOAN_AMOUNT };
    for (int k = 0; k < 2; k++) {
        assert_int_equal(gy_targets_track(f->t, which[k], rg, f->m, f->y, f->p, &o,
                                          f->cells[k]), GY_OK);
        f->parts[k] = (gy_track_part){ gy_indicators_by_ind(inds, which[k]), f->cells[k] };
    }
    for (size_t i = 0; i < N_COUNTIES; i++) {
        f->names[i] = gy_region_name(rg, i);
        f->codes[i] = gy_region_code(rg, i);
    }
    static const char *const inputs[] = { "a.csv", "b.csv", NULL };
    f->v = (gy_track_view){
        .region_label = "乐山市", .filler = "乐山市人力资源和社会保障局", .county_names = f->names,
        .county_codes = f->codes, .input_names = inputs, .targets_name = "t.csv",
        .as_of = D(2021, 3, 31), .progress_mode = GY_PROGRESS_BY_MONTH, .progress = o.progress,
        .yellow = o.yellow, .rank_units = true, .has_prev = true, .months = f->m,
        .parts = f->parts, .n_parts = 2, .generator = "guiyan test",
    };
    return f;
}

static void
view_free(view_fixture *f)
{
    gy_table_free(f->m);
    gy_table_free(f->y);
    gy_table_free(f->p);
    gy_targets_free(f->t);
    g_free(f);
}

static void
test_csv(void **state)
{
    (void)state;
    view_fixture *f = view_new();
    GString *s = g_string_new(NULL);
    gy_track_csv(s, &f->v);
    char **lines = g_strsplit(s->str, "\r\n", -1);
    assert_int_equal(g_strv_length(lines), 1 + 2 * (N_COUNTIES + 1) + 1);   /* + "" at the end */
    assert_string_equal(lines[0], "\xEF\xBB\xBF" "county_code,county,indicator,target,month_value,"
                        "ytd_value,completion,time_progress,gap_points,rank,prev_ytd,yoy");
    /* 市中区 startups: 2 of 4 → 50% against 25% (3/12); last year 1 → +100% */
    assert_string_equal(lines[1 + SZQ], "511102,市中区,新增返乡创业人数,4,1,2,50.00,25.00,25.00,2,1,100.00");
    /* 高新区: a unit, 1 of 1, ranked first; last year nothing → 同比 empty */
    assert_string_equal(lines[1 + GX], ",乐山高新区,新增返乡创业人数,1,1,1,100.00,25.00,75.00,1,0,");
    /* no target: empty target, rate, gap and rank */
    assert_string_equal(lines[1 + JKH], "511113,金口河区,新增返乡创业人数,,0,0,,25.00,,,0,");
    assert_string_equal(lines[1 + N_COUNTIES], ",合计,新增返乡创业人数,5,2,3,60.00,25.00,35.00,,2,50.00");
    /* money: 万元 with 4 decimals; a target of 0 gives no rate */
    size_t b = 1 + (N_COUNTIES + 1);
    assert_string_equal(lines[b + SZQ], "511102,市中区,创业担保贷款发放金额(万元),20.0000,1.2346,"
                        "3.7346,18.67,25.00,-6.33,1,1.0000,273.46");
    assert_string_equal(lines[b + SWQ], "511111,沙湾区,创业担保贷款发放金额(万元),0.0000,0.0000,"
                        "0.0000,,25.00,,,0.0000,");
    assert_string_equal(lines[b + N_COUNTIES], ",合计,创业担保贷款发放金额(万元),20.0000,1.2346,"
                        "3.7346,18.67,25.00,-6.33,,1.0000,273.46");
    g_strfreev(lines);
    g_string_free(s, TRUE);
    view_free(f);
}

static void
test_workbook(void **state)
{
    (void)state;
    view_fixture *f = view_new();
    char *p1 = g_build_filename(tmpdir, "t1.xlsx", NULL);
    char *p2 = g_build_filename(tmpdir, "t2.xlsx", NULL);
    GError *err = NULL;
    if (gy_workbook_track_write(p1, &f->v, &err) != GY_OK)
        fail_msg("%s", err->message);
    f->v.total_first = true;
    f->v.has_prev = false;
    assert_int_equal(gy_workbook_track_write(p2, &f->v, &err), GY_OK);
    f->v.total_first = false;
    f->v.has_prev = true;
    char *a = NULL, *b = NULL;
    gsize la = 0, lb = 0;
    assert_true(g_file_get_contents(p1, &a, &la, NULL));
    assert_true(la > 10000);
    assert_memory_equal(a, "PK", 2);
    /* the same view gives the same bytes */
    assert_int_equal(gy_workbook_track_write(p2, &f->v, &err), GY_OK);
    assert_true(g_file_get_contents(p2, &b, &lb, NULL));
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    g_free(a);
    g_free(b);

    /* a device that is full: an I/O error, nothing left behind */
    if (g_file_test("/dev/full", G_FILE_TEST_EXISTS)) {
        assert_int_equal(gy_workbook_track_write("/dev/full", &f->v, &err), GY_E_IO);
        g_clear_error(&err);
    }
    /* a monthly table that does not end in the as-of month is a caller bug */
    f->v.as_of = D(2021, 4, 30);
    assert_int_equal(gy_workbook_track_write(p1, &f->v, &err), GY_E_USAGE);
    assert_non_null(strstr(err->message, "January to the as-of month"));
    g_clear_error(&err);
    g_free(p1);
    g_free(p2);
    view_free(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_file),
        cmocka_unit_test(test_gb18030_spellings),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_every_problem_reported),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_wide),
        cmocka_unit_test(test_input_ledger),
        cmocka_unit_test(test_sheets),
        cmocka_unit_test(test_set_get),
        cmocka_unit_test(test_track_column),
        cmocka_unit_test(test_prev_day),
        cmocka_unit_test(test_tables_mid_month),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_workbook),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
