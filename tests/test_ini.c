/* test_ini.c — the one INI reader (setup/ini.c) and the one line-table reader (base/lines.c):
 * values stored through their table, bad values and bad lines named with file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "guiyan/ini.h"
#include "guiyan/lines.h"

typedef struct settings {
    char *name;
    double size;
    int64_t big;
    int small;
    bool flag;
    int custom;
} settings;

static bool parse_odd(const char *v, void *place, const char **why)
{
    int n = atoi(v);
    if (n % 2 == 0) {
        *why = "not odd";
        return false;
    }
    *(int *)place = n;
    return true;
}

static const gy_ini_key keys[] = {
    { "a", "name", GY_INI_TEXT, offsetof(settings, name), 0, 0, 0, NULL },
    { "a", "size", GY_INI_DOUBLE, offsetof(settings, size), 1, 10, 2, NULL },
    { "b", "big", GY_INI_INT, offsetof(settings, big), 0, 1e19, 0, NULL },
    { "b", "small", GY_INI_INT32, offsetof(settings, small), -5, 5, 0, NULL },
    { "b", "flag", GY_INI_BOOL, offsetof(settings, flag), 0, 0, 0, NULL },
    { "b", "odd", GY_INI_CUSTOM, offsetof(settings, custom), 0, 0, 0, parse_odd },
};

static char *write_file(const char *text)
{
    char *path = NULL;
    int fd = g_file_open_tmp("test_ini_XXXXXX.ini", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* The message of reading text against keys, or NULL when it reads; *s gets the values. */
static char *read_text(const char *text, settings *s)
{
    char *path = write_file(text);
    GError *err = NULL;
    gy_error r = gy_ini_read(path, keys, G_N_ELEMENTS(keys), s, GY_E_TEMPLATE, &err);
    char *msg = NULL;
    if (r != GY_OK) {
        assert_non_null(err);
        assert_int_equal(err->code, GY_E_TEMPLATE);
        /* the message names the file by the path given, then the line */
        assert_true(g_str_has_prefix(err->message, path));
        msg = g_strdup(err->message + strlen(path));
        g_error_free(err);
    } else {
        assert_null(err);
    }
    g_unlink(path);
    g_free(path);
    return msg;
}

static void test_values(void **state)
{
    (void)state;
    settings s = { g_strdup("built-in"), 3, 7, 1, false, 1 };
    char *msg = read_text("# comment\n[a]\nname = 乐山 \nsize=2.5\n[b]\nbig=123456789012\n"
                          "small = -5\nflag=TRUE\nodd=9\nother=ignored\n", &s);
    assert_null(msg);
    assert_string_equal(s.name, "乐山");
    assert_true(s.size == 5.0);            /* times the factor */
    assert_int_equal(s.big, 123456789012);
    assert_int_equal(s.small, -5);
    assert_true(s.flag);
    assert_int_equal(s.custom, 9);
    /* a key the file lacks keeps its value */
    msg = read_text("[b]\nflag = 0\n", &s);
    assert_null(msg);
    assert_false(s.flag);
    assert_string_equal(s.name, "乐山");
    g_free(s.name);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct { const char *text, *msg; } cases[] = {
        { "[a]\nsize = 11\n", ":2: [a] size: not a number from 1 to 10" },
        { "[a]\n\n  size= x\n", ":3: [a] size: not a number from 1 to 10" },
        { "[a]\nname =\n", ":2: [a] name: empty or not UTF-8" },
        { "[b]\nsmall=6\n", ":2: [b] small: not a whole number from -5 to 5" },
        { "[b]\nbig=1.5\n", ":2: [b] big: not a whole number from 0 to 1e+19" },
        { "[b]\n# small=1\n[a]\n[b]\nflag = yes\n", ":5: [b] flag: not true or false" },
        { "[b]\nodd=4\n", ":2: [b] odd: not odd" },
        { "[a]\nname = \xff\xfe\n", ":2: [a] name: not UTF-8" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        settings s = { NULL, 3, 7, 1, false, 1 };
        char *msg = read_text(cases[i].text, &s);
        assert_non_null(msg);
        assert_string_equal(msg, cases[i].msg);
        g_free(msg);
        g_free(s.name);
    }
    /* not an INI file at all: the line and why */
    settings s = { NULL, 3, 7, 1, false, 1 };
    char *msg = read_text("size = 3\n", &s);
    assert_non_null(msg);
    assert_string_equal(msg, ":1: key=value before the first [group]");
    g_free(msg);
    /* a file that is not there */
    GError *err = NULL;
    assert_int_equal(gy_ini_read("/nonexistent/x.ini", keys, 1, &s, GY_E_CONFIG, &err),
                     GY_E_CONFIG);
    assert_non_null(strstr(err->message, "/nonexistent/x.ini"));
    g_error_free(err);
}

/* What gy_ini_read_groups handed over: "name|key|v1;v2" lines. */
static bool take_all(void *obj, const char *name, const char *key, char **values,
                     const char **why)
{
    if (strcmp(key, "bad") == 0) {
        *why = "refused";
        return false;
    }
    GString *s = obj;
    g_string_append_printf(s, "%s|%s|", name, key);
    for (char **v = values; *v; v++)
        g_string_append_printf(s, "%s%s", v == values ? "" : ";", *v);
    g_string_append_c(s, '\n');
    return true;
}

/* The message of reading text against g (without the file's name), or NULL; *got what was
 * taken. */
static char *read_groups(const char *text, const gy_ini_groups *g, char **got)
{
    char *path = write_file(text);
    GError *err = NULL;
    GString *s = g_string_new(NULL);
    gy_error r = gy_ini_read_groups(path, g, s, GY_E_CONFIG, &err);
    char *msg = NULL;
    if (r != GY_OK) {
        assert_int_equal(err->code, GY_E_CONFIG);
        assert_true(g_str_has_prefix(err->message, path));
        msg = g_strdup(err->message + strlen(path));
        g_error_free(err);
    }
    *got = g_string_free(s, FALSE);
    g_unlink(path);
    g_free(path);
    return msg;
}

/* Groups not known in advance: aliases.ini (every group, any key, lists) and guiyan.ini's
 * [report CODE] (a prefix, one key); bad lines and values named with their line. */
static void test_groups(void **state)
{
    (void)state;
    const gy_ini_groups aliases = { "", NULL, true, take_all };
    char *got;
    char *msg = read_groups("# spellings\n[records]\nid_number = 证件号; 身份证号 ;\n"
                            "county=县区\r\n\n[townships]\n孝姑镇=孝姑乡\n", &aliases, &got);
    assert_null(msg);
    assert_string_equal(got, "records|id_number|证件号;身份证号\nrecords|county|县区\n"
                             "townships|孝姑镇|孝姑乡\n");
    g_free(got);
    static const char *const org[] = { "org", NULL };
    const gy_ini_groups report = { "report ", org, false, take_all };
    msg = read_groups("[report]\norg=乐山\n[report 511400]\norg = 眉山; 人社局 \nsource=x\n"
                      "[units]\norg=y\n", &report, &got);
    assert_null(msg);
    assert_string_equal(got, "511400|org|眉山; 人社局\n");    /* one value, not a list */
    g_free(got);
    static const struct { const char *text, *msg; } bad[] = {
        { "[records]\ncounty=县区\n开办日期\n", ":3: not a [group], a key=value or a # comment" },
        { "county=县区\n[records]\n", ":1: key=value before the first [group]" },
        { "# x\n[records\n", ":2: a [group] line without its ]" },
        { "[records]\n=县区\n", ":2: not a [group], a key=value or a # comment" },
        { "[records]\n\ncounty=\xb7\xd6\n", ":3: [records] county: not UTF-8" },
        { "[a]\nx=1\n[b]\n# bad=1\nbad = 2\n", ":5: [b] bad: refused" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        msg = read_groups(bad[i].text, &aliases, &got);
        if (!msg || strcmp(msg, bad[i].msg) != 0)
            fail_msg("%s: %s, not %s", bad[i].text, msg ? msg : "(read)", bad[i].msg);
        g_free(msg);
        g_free(got);
    }
}

static void test_ini_line(void **state)
{
    (void)state;
    const char *t = "[a]\nk=1\n[b]\n  k = 2\nkk=3\n[a]\nj=4\n";
    assert_int_equal(gy_ini_line(t, "a", "k"), 2);
    assert_int_equal(gy_ini_line(t, "b", "k"), 4);
    assert_int_equal(gy_ini_line(t, "b", "kk"), 5);
    assert_int_equal(gy_ini_line(t, "a", "j"), 7);
    assert_int_equal(gy_ini_line(t, "c", "k"), 0);
}

/* ---- line tables ---- */

static bool collect(char *line, unsigned long lineno, void *user, GError **err)
{
    GString *s = user;
    if (strcmp(line, "stop") == 0) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, "t.tsv:%lu: stop here", lineno);
        return false;
    }
    g_string_append_printf(s, "%lu=%s|", lineno, line);
    return true;
}

static char *lines_of(const char *text, size_t len, char **msg)
{
    GString *s = g_string_new(NULL);
    GError *err = NULL;
    bool ok = gy_lines_each(text, len, "t.tsv", collect, s, &err);
    assert_true(ok == (err == NULL));
    *msg = err ? g_strdup(err->message) : NULL;
    g_clear_error(&err);
    return g_string_free(s, FALSE);
}

static void test_lines(void **state)
{
    (void)state;
    char *msg, *got;
    const char text[] = "\xEF\xBB\xBF" "a\tb\r\n# note\n\n  \t\n  # indented note\nc\nlast";
    got = lines_of(text, sizeof text - 1, &msg);
    assert_null(msg);
    assert_string_equal(got, "1=a\tb|6=c|7=last|");
    g_free(got);
    got = lines_of("a\nstop\nb\n", 9, &msg);
    assert_string_equal(got, "1=a|");
    assert_string_equal(msg, "t.tsv:2: stop here");
    g_free(got);
    g_free(msg);
    got = lines_of("a\n\xff\xfe\n", 5, &msg);
    assert_string_equal(msg, "t.tsv:2: not valid UTF-8");
    g_free(got);
    g_free(msg);
    got = lines_of("a\0b", 3, &msg);
    assert_string_equal(got, "");
    assert_string_equal(msg, "t.tsv: not a text file (NUL byte)");
    g_free(got);
    g_free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_ini_line),
        cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
