/* test_county.c — the division table (divisions.tsv) and county resolution inside a region. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "guiyan/county.h"
#include "guiyan/reader.h"      /* GY_ERROR */

#define DIVISIONS GY_TEMPLATES_DIR "/divisions.tsv"

/* County-level units of the whole country in divisions.tsv: 2845 county-level divisions plus the
 * four prefecture-level cities without counties (东莞, 中山, 儋州, 嘉峪关). Change deliberately
 * when the data is regenerated (tools/divisions/README.md). */
#define NATIONAL_COUNT 2849

static gy_divisions *dv;

static int
group_setup(void **state)
{
    (void)state;
    GError *err = NULL;
    dv = gy_divisions_load(DIVISIONS, &err);
    if (!dv) {
        print_error("%s\n", err->message);
        g_error_free(err);
        return -1;
    }
    return 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    gy_divisions_free(dv);
    return 0;
}

static gy_region *
region(const char *scope)
{
    GError *err = NULL;
    gy_region *rg = gy_region_new(dv, scope, &err);
    if (!rg)
        fail_msg("region %s: %s", scope ? scope : "(null)", err->message);
    return rg;
}

/* Resolve and return the code ("" for a unit), or the error as a string, to compare. */
static const char *
resolve(const gy_region *rg, const char *text)
{
    size_t i = SIZE_MAX;
    gy_error e = gy_region_resolve(rg, text, &i);
    switch (e) {
    case GY_OK:
        assert_true(i < gy_region_count(rg));
        return gy_region_code(rg, i);
    case GY_E_EMPTY: return "EMPTY";
    case GY_E_COUNTY_UNKNOWN: return "UNKNOWN";
    case GY_E_COUNTY_AMBIGUOUS: return "AMBIGUOUS";
    case GY_E_COUNTY_OUTSIDE: return "OUTSIDE";
    default: return "OTHER";
    }
}

static void
check_cases(const gy_region *rg, const char *const (*cases)[2], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = resolve(rg, cases[i][0]);
        if (strcmp(got, cases[i][1]) != 0)
            fail_msg("in %s: \"%s\" → %s, want %s", gy_region_label(rg), cases[i][0], got,
                     cases[i][1]);
    }
}

static const char *const leshan[][2] = {
    { "511102", "市中区" }, { "511111", "沙湾区" }, { "511112", "五通桥区" },
    { "511113", "金口河区" }, { "511123", "犍为县" }, { "511124", "井研县" },
    { "511126", "夹江县" }, { "511129", "沐川县" }, { "511132", "峨边彝族自治县" },
    { "511133", "马边彝族自治县" }, { "511181", "峨眉山市" },
};

static void
test_leshan_order(void **state)
{
    (void)state;
    gy_region *rg = region("511100");
    assert_int_equal(gy_region_count(rg), G_N_ELEMENTS(leshan));
    for (size_t i = 0; i < G_N_ELEMENTS(leshan); i++) {
        assert_string_equal(gy_region_code(rg, i), leshan[i][0]);
        assert_string_equal(gy_region_name(rg, i), leshan[i][1]);
        assert_string_equal(resolve(rg, leshan[i][1]), leshan[i][0]);
        assert_string_equal(resolve(rg, leshan[i][0]), leshan[i][0]);
    }
    assert_null(gy_region_code(rg, G_N_ELEMENTS(leshan)));
    assert_string_equal(gy_region_label(rg), "乐山市");
    assert_string_equal(gy_region_scope_code(rg), "511100");
    gy_region_free(rg);
}

static const char *const leshan_spellings[][2] = {
    /* short forms */
    { "五通桥", "511112" }, { "沙湾", "511111" }, { "金口河", "511113" },
    { "犍为", "511123" }, { "井研", "511124" }, { "夹江", "511126" }, { "沐川", "511129" },
    { "峨眉山", "511181" },
    { "峨边", "511132" }, { "峨边县", "511132" }, { "峨边彝族自治县", "511132" },
    { "马边", "511133" }, { "马边县", "511133" }, { "马边彝族自治县", "511133" },
    /* prefixes */
    { "乐山市峨眉山市", "511181" }, { "四川省乐山市峨眉山市", "511181" },
    { "四川乐山峨眉山市", "511181" }, { "四川省峨眉山市", "511181" },
    { "乐山峨边", "511132" }, { "乐山市五通桥区", "511112" },
    { "四川省乐山市市中区", "511102" }, { "乐山市市中区", "511102" },
    { "乐山市中区", "511102" },
    /* codes, and what a careless export writes */
    { "511181", "511181" }, { "511181000000", "511181" },
    { "峨眉 山市", "511181" }, { "犍为\u3000县", "511123" },
    /* no stems of one character or of generic words */
    { "市中", "UNKNOWN" }, { "市", "UNKNOWN" }, { "峨眉", "UNKNOWN" },
    /* not counties */
    { "乐山市", "UNKNOWN" }, { "乐山", "UNKNOWN" }, { "511100", "UNKNOWN" },
    { "火星县", "UNKNOWN" }, { "5111", "UNKNOWN" }, { "", "EMPTY" },
    /* real counties elsewhere */
    { "东坡区", "OUTSIDE" }, { "511402", "OUTSIDE" }, { "眉山市东坡区", "OUTSIDE" },
    { "东坡", "OUTSIDE" }, { "内江市市中区", "OUTSIDE" }, { "西昌市", "OUTSIDE" },
};

static void
test_leshan_spellings(void **state)
{
    (void)state;
    gy_region *rg = region("乐山市");
    check_cases(rg, leshan_spellings, G_N_ELEMENTS(leshan_spellings));
    size_t i = 7;
    assert_int_equal(gy_region_resolve(rg, NULL, &i), GY_E_EMPTY);
    assert_int_equal(i, 7);                                 /* untouched on error */
    gy_region_free(rg);
}

static const char *const national_spellings[][2] = {
    { "市中区", "AMBIGUOUS" }, { "乐山市市中区", "511102" }, { "内江市市中区", "511002" },
    { "济南市市中区", "370103" }, { "四川省内江市市中区", "511002" },
    { "沙湾", "AMBIGUOUS" },            /* 沙湾区 (乐山) and 沙湾市 (塔城) */
    { "沙湾区", "511111" }, { "沙湾市", "654203" },
    { "朝阳区", "AMBIGUOUS" }, { "北京市朝阳区", "110105" }, { "北京朝阳区", "110105" },
    { "朝阳", "UNKNOWN" },              /* also 朝阳市: no short form for 朝阳区/朝阳县 */
    { "长沙", "UNKNOWN" }, { "长沙县", "430121" },
    { "河南", "UNKNOWN" }, { "河南县", "632324" },  /* 河南蒙古族自治县, not the province */
    { "东城", "UNKNOWN" }, { "东城区", "110101" },
    { "仙桃市", "429004" }, { "湖北省仙桃市", "429004" }, { "湖北仙桃", "429004" },
    { "神农架", "429021" }, { "浦东", "310115" }, { "万柏林", "140109" },
    { "东莞", "441900" }, { "广东省东莞市", "441900" },
    { "凉山州西昌市", "513401" }, { "积石山", "622927" }, { "鄂伦春旗", "150723" },
    { "莫力达瓦旗", "150722" }, { "木垒", "652328" },
    { "乐山市", "UNKNOWN" }, { "四川省", "UNKNOWN" },
};

static void
test_national(void **state)
{
    (void)state;
    gy_region *rg = region(NULL);
    assert_int_equal(gy_region_count(rg), NATIONAL_COUNT);
    assert_string_equal(gy_region_label(rg), "全国");
    assert_string_equal(gy_region_scope_code(rg), "");
    assert_string_equal(gy_region_code(rg, 0), "110101");
    /* code order throughout */
    for (size_t i = 1; i < gy_region_count(rg); i++)
        assert_true(strcmp(gy_region_code(rg, i - 1), gy_region_code(rg, i)) < 0);
    check_cases(rg, national_spellings, G_N_ELEMENTS(national_spellings));
    gy_region_free(rg);

    rg = region("");
    assert_int_equal(gy_region_count(rg), NATIONAL_COUNT);
    gy_region_free(rg);
}

static const char *const meishan_spellings[][2] = {
    { "东坡区", "511402" }, { "东坡", "511402" }, { "市中区", "OUTSIDE" },
    { "峨眉山市", "OUTSIDE" }, { "峨边", "OUTSIDE" },
};

static void
test_other_regions(void **state)
{
    (void)state;
    gy_region *rg = region("眉山");
    assert_string_equal(gy_region_scope_code(rg), "511400");
    check_cases(rg, meishan_spellings, G_N_ELEMENTS(meishan_spellings));
    gy_region_free(rg);

    /* a municipality: districts straight under the province */
    rg = region("北京市");
    assert_int_equal(gy_region_count(rg), 16);
    assert_string_equal(resolve(rg, "朝阳区"), "110105");
    assert_string_equal(resolve(rg, "朝阳区"), gy_region_code(rg, 2));
    gy_region_free(rg);

    /* a province: prefecture counties and directly governed ones; 市中区 is ambiguous again */
    rg = region("四川省");
    assert_int_equal(gy_region_count(rg), 183);
    assert_string_equal(resolve(rg, "市中区"), "AMBIGUOUS");
    assert_string_equal(resolve(rg, "乐山市中区"), "511102");
    assert_string_equal(resolve(rg, "峨边"), "511132");
    gy_region_free(rg);

    rg = region("湖北省");
    assert_string_equal(resolve(rg, "仙桃"), "429004");
    assert_string_equal(resolve(rg, "神农架林区"), "429021");
    gy_region_free(rg);

    /* a prefecture-level city without counties is its own unit */
    rg = region("441900");
    assert_int_equal(gy_region_count(rg), 1);
    assert_string_equal(gy_region_name(rg, 0), "东莞市");
    assert_string_equal(resolve(rg, "东莞市"), "441900");
    gy_region_free(rg);
}

static void
test_units_and_aliases(void **state)
{
    (void)state;
    gy_region *rg = region("511100");
    const char *const aliases[] = { "高新区", "乐山高新技术产业开发区", "高新区（乐山）", NULL };
    size_t gx = gy_region_add_unit(rg, "乐山高新区", aliases);
    assert_int_equal(gx, 11);
    assert_int_equal(gy_region_count(rg), 12);
    assert_string_equal(gy_region_code(rg, gx), "");
    assert_string_equal(gy_region_name(rg, gx), "乐山高新区");
    const char *const spell[] = { "乐山高新区", "高新区", "乐山高新技术产业开发区",
                                  "高新区(乐山)", "高新区（乐山）", "乐山 高新区" };
    for (size_t k = 0; k < G_N_ELEMENTS(spell); k++) {
        size_t i = SIZE_MAX;
        if (gy_region_resolve(rg, spell[k], &i) != GY_OK || i != gx)
            fail_msg("\"%s\" does not resolve to the unit", spell[k]);
    }
    size_t u2 = gy_region_add_unit(rg, "乐山市本级", NULL);
    assert_int_equal(u2, 12);
    assert_string_equal(resolve(rg, "乐山市本级"), "");

    /* an alias for a county, and one that clashes with another entry */
    size_t ems = SIZE_MAX;
    assert_int_equal(gy_region_resolve(rg, "峨眉山市", &ems), GY_OK);
    gy_region_add_alias(rg, ems, "峨眉");
    assert_string_equal(resolve(rg, "峨眉"), "511181");
    gy_region_add_alias(rg, ems, "峨眉");                   /* again: still fine */
    assert_string_equal(resolve(rg, "峨眉"), "511181");
    gy_region_add_alias(rg, 0, "高新区");
    assert_string_equal(resolve(rg, "高新区"), "AMBIGUOUS");
    assert_string_equal(resolve(rg, "乐山高新区"), "");    /* the unit's other spellings stay */
    /* an alias beats a short form (strong over weak) */
    gy_region_add_alias(rg, 0, "沙湾");
    assert_string_equal(resolve(rg, "沙湾"), "511102");
    gy_region_free(rg);
}

static void
test_scopes(void **state)
{
    (void)state;
    const char *const same[] = { "511100", "乐山市", "乐山", "四川省乐山市", "四川乐山" };
    for (size_t i = 0; i < G_N_ELEMENTS(same); i++) {
        gy_region *rg = region(same[i]);
        assert_string_equal(gy_region_scope_code(rg), "511100");
        assert_string_equal(gy_region_label(rg), "乐山市");
        assert_int_equal(gy_region_count(rg), 11);
        gy_region_free(rg);
    }
    const char *const sichuan[] = { "510000", "四川省", "四川" };
    for (size_t i = 0; i < G_N_ELEMENTS(sichuan); i++) {
        gy_region *rg = region(sichuan[i]);
        assert_string_equal(gy_region_label(rg), "四川省");
        assert_string_equal(gy_region_scope_code(rg), "510000");
        gy_region_free(rg);
    }
    gy_region *rg = region("凉山州");
    assert_string_equal(gy_region_scope_code(rg), "513400");
    gy_region_free(rg);

    static const struct { const char *scope, *words; } bad[] = {
        { "吉林", "ambiguous" },        /* 吉林省 and 吉林市 */
        { "海南", "ambiguous" },        /* 海南省 and 海南藏族自治州 */
        { "火星", "unknown region" },
        { "999900", "unknown region" },
        { "511102", "county-level" },
        { "峨眉山市", "county-level" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *err = NULL;
        assert_null(gy_region_new(dv, bad[i].scope, &err));
        assert_non_null(err);
        assert_true(g_error_matches(err, GY_ERROR, GY_E_CONFIG));
        if (!strstr(err->message, bad[i].words) || !strstr(err->message, bad[i].scope))
            fail_msg("%s: message \"%s\"", bad[i].scope, err->message);
        g_error_free(err);
    }
    GError *err = NULL;
    assert_null(gy_region_new(dv, "吉林", &err));
    assert_non_null(strstr(err->message, "吉林省、吉林市"));
    g_error_free(err);
    assert_null(gy_region_new(dv, "吉林", NULL));            /* NULL err is allowed */
}

static void
test_names(void **state)
{
    (void)state;
    assert_string_equal(gy_divisions_name(dv, "511100"), "乐山市");
    assert_string_equal(gy_divisions_name(dv, "511181"), "峨眉山市");
    assert_string_equal(gy_divisions_name(dv, "510000"), "四川省");
    assert_string_equal(gy_divisions_name(dv, "429004"), "仙桃市");
    assert_null(gy_divisions_name(dv, "110100"));           /* NBS 市辖区: not kept */
    assert_null(gy_divisions_name(dv, "130171"));           /* NBS 开发区: not kept */
    assert_null(gy_divisions_name(dv, "999999"));
    assert_null(gy_divisions_name(dv, ""));
    assert_null(gy_divisions_name(dv, NULL));
    gy_region *rg = region(NULL);
    assert_int_equal(gy_region_count(rg), NATIONAL_COUNT);
    assert_null(gy_region_name(rg, NATIONAL_COUNT));
    gy_region_free(rg);
}

/* Write text to a fresh file in a temporary directory; returns its path (g_free). */
static char *
write_tmp(const char *name, const char *text)
{
    char *dir = g_dir_make_tmp("test_county_XXXXXX", NULL);
    assert_non_null(dir);
    char *path = g_build_filename(dir, name, NULL);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    g_free(dir);
    return path;
}

static void
remove_tmp(char *path)
{
    char *dir = g_path_get_dirname(path);
    g_unlink(path);
    g_rmdir(dir);
    g_free(dir);
    g_free(path);
}

static void
test_load_errors(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_null(gy_divisions_load("/nonexistent/divisions.tsv", &err));
    assert_true(g_error_matches(err, GY_ERROR, GY_E_IO));
    assert_non_null(strstr(err->message, "/nonexistent/divisions.tsv"));
    g_error_free(err);
    assert_null(gy_divisions_load("/nonexistent/divisions.tsv", NULL));

    static const struct { const char *text, *words; } bad[] = {
        { "510000\t四川省\tprovince\t\n511100\t乐山市\tcity\t510000\n", ":2: level \"city\"" },
        { "510000\t四川省\tprovince\n", ":1: expected 4" },
        { "51000\t四川省\tprovince\t\n", ":1: \"51000\" is not" },
        { "# c\n510000\t四川省\tprovince\t\n511102\t市中区\tcounty\t511100\n",
          "parent 511100" },
        { "510000\t四川省\tprovince\t\n510000\t四川\tprovince\t\n", "appears twice" },
        { "510000\t四川省\tprovince\t\n511100\t乐山市\tprefecture\t510000\n",
          "no county-level" },
        { "510000\t\xff\tprovince\t\n", ":1: not valid UTF-8" },
        { "", "no county-level" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *path = write_tmp("bad.tsv", bad[i].text);
        err = NULL;
        assert_null(gy_divisions_load(path, &err));
        assert_non_null(err);
        assert_true(g_error_matches(err, GY_ERROR, GY_E_TEMPLATE));
        if (!strstr(err->message, bad[i].words) || !strstr(err->message, path))
            fail_msg("case %zu: message \"%s\"", i, err->message);
        g_error_free(err);
        remove_tmp(path);
    }
}

/* A made-up table where a short form of one county is the full name of another:
 * 峨边彝族自治县 (乐山) gives 峨边县, which is also the name of a county of 眉山 here. */
static void
test_short_form_never_shadows(void **state)
{
    (void)state;
    char *path = write_tmp("small.tsv",
                           "# test table, rows out of order on purpose\n"
                           "511421\t峨边县\tcounty\t511400\n"
                           "510000\t四川省\tprovince\t\n"
                           "511100\t乐山市\tprefecture\t510000\n"
                           "511132\t峨边彝族自治县\tcounty\t511100\n"
                           "511102\t市中区\tcounty\t511100\n"
                           "511400\t眉山市\tprefecture\t510000\n"
                           "\n");
    GError *err = NULL;
    gy_divisions *small = gy_divisions_load(path, &err);
    assert_non_null(small);
    gy_region *ls = gy_region_new(small, "乐山", &err);
    assert_non_null(ls);
    assert_int_equal(gy_region_count(ls), 2);
    assert_string_equal(gy_region_code(ls, 0), "511102");  /* sorted by code */
    assert_string_equal(resolve(ls, "峨边彝族自治县"), "511132");
    assert_string_equal(resolve(ls, "峨边县"), "OUTSIDE");  /* 眉山's full name wins */
    assert_string_equal(resolve(ls, "峨边"), "511132");     /* both short: inside wins */
    gy_region *all = gy_region_new(small, NULL, &err);
    assert_non_null(all);
    assert_string_equal(resolve(all, "峨边县"), "511421");
    assert_string_equal(resolve(all, "峨边"), "AMBIGUOUS");
    gy_region *ms = gy_region_new(small, "眉山市", &err);
    assert_string_equal(resolve(ms, "峨边"), "511421");
    assert_string_equal(resolve(ms, "峨边彝族自治县"), "OUTSIDE");
    gy_region_free(ms);
    gy_region_free(all);
    gy_region_free(ls);
    gy_divisions_free(small);
    remove_tmp(path);
}

/* Two threads resolving at once get the answers one thread gets. */
static gpointer
resolve_many(gpointer data)
{
    const gy_region *rg = data;
    static const char *const in[] = { "市中区", "峨边县", "五通桥", "511181", "东坡区",
                                      "火星县", "乐山市峨眉山市", "峨眉 山市" };
    static const size_t want_idx[] = { 0, 8, 2, 10, SIZE_MAX, SIZE_MAX, 10, 10 };
    for (int round = 0; round < 20000; round++)
        for (size_t k = 0; k < G_N_ELEMENTS(in); k++) {
            size_t i = SIZE_MAX;
            gy_error e = gy_region_resolve(rg, in[k], &i);
            if ((e == GY_OK) != (want_idx[k] != SIZE_MAX) || i != want_idx[k])
                return GINT_TO_POINTER(1);
        }
    return GINT_TO_POINTER(0);
}

static void
test_threads(void **state)
{
    (void)state;
    gy_region *rg = region("511100");
    GThread *a = g_thread_new("a", resolve_many, rg);
    GThread *b = g_thread_new("b", resolve_many, rg);
    assert_int_equal(GPOINTER_TO_INT(g_thread_join(a)), 0);
    assert_int_equal(GPOINTER_TO_INT(g_thread_join(b)), 0);
    gy_region_free(rg);
}

/* ---- the memo of a reader ---- */

/* gy_region_memo_resolve against gy_region_resolve: the same error, the same index, and the
 * index untouched on an error. */
static void
check_memo(gy_region_memo *m, const gy_region *rg, const char *text)
{
    size_t im = 777, ir = 777;
    gy_error em = gy_region_memo_resolve(m, text, &im);
    gy_error er = gy_region_resolve(rg, text, &ir);
    if (em != er || im != ir)
        fail_msg("\"%s\": memo error %d index %zu, resolve error %d index %zu",
                 text ? text : "(null)", em, im, er, ir);
}

static void
test_memo(void **state)
{
    (void)state;
    gy_region *rg = region("511100");
    const char *const aliases[] = { "高新区", NULL };
    gy_region_add_unit(rg, "乐山高新区", aliases);
    gy_region_memo *m = gy_region_memo_new(rg);
    /* every spelling of the tables, four times over (found, then remembered), with texts
     * that share a length and first and last bytes, too long to keep, empty, NULL */
    static const char *const extra[] = {
        "峨边县", "峨眉县", "马边县", "马边彝族自治县", "峨边彝族自治县", "五通桥", "五通桥区",
        "乐山市峨眉山市", "四川省乐山市市中区", "511102", "511102000000", "51110200000",
        "峨眉 山市", "高新区（乐山）", "高新区(乐山)", "乐山高新区", "高新区", "市中区 ",
        "", "a", "ab", "abc", "abcd", "abcde", "五", "乐山市乐山市乐山市乐山市峨眉山市",
        "0123456789012345678901234567890", "01234567890123456789012345678901",
        "012345678901234567890123456789012", "东坡区", "东坡", "火星县", "@SUM(A1:A3)",
        "嘉州区", "峨眉山市\xe3\x80\x80",
    };
    for (int round = 0; round < 4; round++) {
        for (size_t i = 0; i < G_N_ELEMENTS(leshan_spellings); i++)
            check_memo(m, rg, leshan_spellings[i][0]);
        for (size_t i = 0; i < G_N_ELEMENTS(extra); i++)
            check_memo(m, rg, extra[i]);
        check_memo(m, rg, NULL);
    }
    /* more texts than the memo keeps: the first ones stay remembered, the rest are looked up
     * each time, and all still resolve as before */
    char buf[64];
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < 300; k++) {
            g_snprintf(buf, sizeof buf, k % 3 ? "县%d" : "%d", 511100 + k);
            check_memo(m, rg, buf);
            check_memo(m, rg, "峨眉山市");
        }
    gy_region_memo_free(m);
    gy_region_memo_free(NULL);

    /* prefixes of one another, which share their first and last bytes: a short text must
     * never be taken for a longer one it begins */
    m = gy_region_memo_new(rg);
    static const char *const stems[] = { "a", "五", "峨眉山市", "1" };
    for (int round = 0; round < 3; round++)
        for (size_t s = 0; s < G_N_ELEMENTS(stems); s++)
            for (int k = 1; k <= 12; k++) {
                int len = round == 1 ? 13 - k : k;
                buf[0] = '\0';
                for (int r = 0; r < len && strlen(buf) + strlen(stems[s]) < sizeof buf; r++)
                    g_strlcat(buf, stems[s], sizeof buf);
                check_memo(m, rg, buf);
            }
    gy_region_memo_free(m);
    /* and with the memo nearly full of longer texts that begin like the short ones */
    static const char *const shorts[] = { "峨眉山市", "峨边县", "市中区", "沙湾区", "井研" };
    for (size_t s = 0; s < G_N_ELEMENTS(shorts); s++) {
        m = gy_region_memo_new(rg);
        for (int k = 1; k <= 60; k++) {
            g_snprintf(buf, sizeof buf, "%s%.*s", shorts[s], k % 12 + 1, "abcdefghijkl");
            if (k > 12)
                g_snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%d", k);
            check_memo(m, rg, buf);
        }
        for (size_t t = 0; t < G_N_ELEMENTS(shorts); t++)
            check_memo(m, rg, shorts[t]);
        /* the same length, different only at the end */
        static const char *const ends[] = { "峨眉山县", "乐山市市中县", "五通桥县", "沙湾县",
                                            "峨眉山市", "乐山市市中区", "五通桥区", "沙湾区" };
        for (size_t t = 0; t < G_N_ELEMENTS(ends); t++)
            check_memo(m, rg, ends[t]);
        gy_region_memo_free(m);
    }
    /* pairs alike in length and in the first and last four bytes (so in the memo's hash),
     * different only in the middle: 山 and 峨 share their first byte, 市 and 布 all but
     * their last */
    static const char *const twins[][2] = {
        { "乐山市市中区", "乐峨市市中区" }, { "乐山市中区", "乐山布中区" },
    };
    for (size_t t = 0; t < G_N_ELEMENTS(twins); t++) {
        m = gy_region_memo_new(rg);
        for (int round = 0; round < 2; round++) {
            check_memo(m, rg, twins[t][0]);
            check_memo(m, rg, twins[t][1]);
        }
        gy_region_memo_free(m);
    }
    gy_region_free(rg);

    /* a region where 市中区 is ambiguous: the error is remembered too */
    rg = region(NULL);
    m = gy_region_memo_new(rg);
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < G_N_ELEMENTS(national_spellings); i++)
            check_memo(m, rg, national_spellings[i][0]);
    gy_region_memo_free(m);
    gy_region_free(rg);
}

/* Two threads, a memo each, get the answers one thread gets. */
static gpointer
memo_many(gpointer data)
{
    const gy_region *rg = data;
    static const char *const in[] = { "市中区", "峨边县", "五通桥", "511181", "东坡区",
                                      "火星县", "乐山市峨眉山市", "峨眉 山市" };
    static const size_t want_idx[] = { 0, 8, 2, 10, SIZE_MAX, SIZE_MAX, 10, 10 };
    gy_region_memo *m = gy_region_memo_new(rg);
    int bad = 0;
    for (int round = 0; round < 20000 && !bad; round++)
        for (size_t k = 0; k < G_N_ELEMENTS(in); k++) {
            size_t i = SIZE_MAX;
            gy_error e = gy_region_memo_resolve(m, in[k], &i);
            if ((e == GY_OK) != (want_idx[k] != SIZE_MAX) || i != want_idx[k])
                bad = 1;
        }
    gy_region_memo_free(m);
    return GINT_TO_POINTER(bad);
}

static void
test_memo_threads(void **state)
{
    (void)state;
    gy_region *rg = region("511100");
    GThread *a = g_thread_new("a", memo_many, rg);
    GThread *b = g_thread_new("b", memo_many, rg);
    assert_int_equal(GPOINTER_TO_INT(g_thread_join(a)), 0);
    assert_int_equal(GPOINTER_TO_INT(g_thread_join(b)), 0);
    gy_region_free(rg);
}

#define TOWNSHIPS GY_TEMPLATES_DIR "/townships.tsv"

/* A county's townships (issue 20): names and order from townships.tsv, short forms, codes,
 * county prefixes; the loader's catch-all 未填乡镇 and the list of what went there. */
static void
test_townships(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_string_equal(gy_divisions_county(dv, "犍为"), "511123");
    assert_string_equal(gy_divisions_county(dv, "511123"), "511123");
    assert_null(gy_divisions_county(dv, "乐山市"));
    gy_region *rg = gy_region_new_townships(dv, "犍为县", TOWNSHIPS, &err);
    assert_non_null(rg);
    assert_true(gy_region_is_townships(rg));
    assert_string_equal(gy_region_row_head(rg), "乡镇（街道）");
    assert_string_equal(gy_region_label(rg), "犍为县");
    assert_string_equal(gy_region_scope_code(rg), "511123");
    static const char *const names[] = { "玉津镇", "孝姑镇", "石溪镇", "清溪镇", "罗城镇", "芭沟镇",
        "龙孔镇", "定文镇", "舞雩镇", "玉屏镇", "大兴镇", "九井镇", "铁炉镇", "寿保镇", "双溪镇",
        "未填乡镇" };
    assert_int_equal(gy_region_count(rg), G_N_ELEMENTS(names));
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        assert_string_equal(gy_region_name(rg, i), names[i]);
    assert_string_equal(gy_region_code(rg, 0), "511123100");
    assert_string_equal(gy_region_code(rg, 15), "");
    static const struct { const char *text; size_t idx; } ok[] = {
        { "玉津镇", 0 }, { "玉津", 0 }, { "511123100", 0 }, { "511123100000", 0 },
        { "犍为县玉津镇", 0 }, { "犍为玉津镇", 0 }, { "双溪", 14 }, { " 孝姑镇 ", 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
        size_t idx = 99;
        if (gy_region_resolve(rg, ok[i].text, &idx) != GY_OK || idx != ok[i].idx)
            fail_msg("%s: %zu", ok[i].text, idx);
    }
    size_t idx = 99;
    /* strict for targets and rosters */
    assert_int_equal(gy_region_resolve(rg, "新民镇", &idx), GY_E_COUNTY_UNKNOWN);
    assert_int_equal(gy_region_resolve(rg, "", &idx), GY_E_EMPTY);
    /* the loader's path: never dropped, counted under 未填乡镇, listed */
    gy_region_memo *m = gy_region_memo_new(rg);
    static const char *const rows[] = { "新民镇", "", "孝姑乡", "新民镇", "玉津", "", "新民镇" };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        idx = 99;
        assert_int_equal(gy_region_memo_resolve(m, rows[i], &idx), GY_OK);
        assert_int_equal(idx, strcmp(rows[i], "玉津") == 0 ? 0 : 15);
    }
    assert_int_equal(gy_region_memo_own_county(m, "犍为县"), GY_OK);
    assert_int_equal(gy_region_memo_own_county(m, "犍为"), GY_OK);
    assert_int_equal(gy_region_memo_own_county(m, ""), GY_OK);
    assert_int_equal(gy_region_memo_own_county(m, "沐川县"), GY_E_COUNTY_OUTSIDE);
    assert_int_equal(gy_region_memo_own_county(m, "某某县"), GY_E_COUNTY_UNKNOWN);
    gy_region_memo_free(m);
    GPtrArray *um = gy_region_unmatched(rg);
    assert_int_equal(um->len, 3);
    const gy_unmatched *u = g_ptr_array_index(um, 0);
    assert_string_equal(u->text, "新民镇");
    assert_int_equal(u->rows, 3);
    assert_int_equal(u->why, GY_E_COUNTY_UNKNOWN);
    assert_string_equal(u->names, "");
    u = g_ptr_array_index(um, 1);
    assert_string_equal(u->text, "");
    assert_int_equal(u->rows, 2);
    assert_int_equal(u->why, GY_E_EMPTY);
    u = g_ptr_array_index(um, 2);
    assert_string_equal(u->text, "孝姑乡");
    assert_string_equal(u->names, "孝姑镇");
    g_ptr_array_free(um, TRUE);
    gy_region_free(rg);

    /* a short form two townships share is ambiguous, and the list names both */
    rg = gy_region_new_townships(dv, "130205", TOWNSHIPS, &err);
    assert_non_null(rg);
    assert_int_equal(gy_region_resolve(rg, "开平", &idx), GY_E_COUNTY_AMBIGUOUS);
    assert_int_equal(gy_region_resolve(rg, "开平镇", &idx), GY_OK);
    m = gy_region_memo_new(rg);
    assert_int_equal(gy_region_memo_resolve(m, "开平", &idx), GY_OK);
    assert_int_equal(idx, gy_region_count(rg) - 1);
    gy_region_memo_free(m);
    um = gy_region_unmatched(rg);
    assert_int_equal(um->len, 1);
    u = g_ptr_array_index(um, 0);
    assert_int_equal(u->why, GY_E_COUNTY_AMBIGUOUS);
    assert_string_equal(u->names, "开平街道、开平镇");
    g_ptr_array_free(um, TRUE);
    gy_region_free(rg);

    /* not a county; a county the table does not have */
    assert_null(gy_region_new_townships(dv, "乐山市", TOWNSHIPS, &err));
    assert_non_null(strstr(err->message, "is not a county-level division"));
    g_clear_error(&err);
    char *path = NULL;
    int fd = g_file_open_tmp("townships-XXXXXX.tsv", &path, NULL);
    assert_true(fd >= 0);
    assert_true(write(fd, "# t\n511124100\t研城镇\t511124\n", 31) == 31);
    close(fd);
    assert_null(gy_region_new_townships(dv, "犍为县", path, &err));
    assert_non_null(strstr(err->message, "no township of 犍为县 (511123)"));
    g_clear_error(&err);
    g_unlink(path);
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leshan_order),
        cmocka_unit_test(test_leshan_spellings),
        cmocka_unit_test(test_national),
        cmocka_unit_test(test_other_regions),
        cmocka_unit_test(test_units_and_aliases),
        cmocka_unit_test(test_scopes),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_short_form_never_shadows),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_memo),
        cmocka_unit_test(test_memo_threads),
        cmocka_unit_test(test_townships),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
