/* test_reader.c — encodings, quoting, physical line numbers, blank lines, clean values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "guiyan/reader.h"
#include "guiyan/schema.h"

static char *write_tmp(const char *bytes, size_t len)
{
    char *path = NULL;
    int fd = g_file_open_tmp("gy-reader-XXXXXX.csv", &path, NULL);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Read every row of a file into "line:f1|f2|...\n" text. */
static char *dump(const char *path, gy_encoding enc, gy_encoding *detected)
{
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(path, enc, &err);
    assert_non_null(rd);
    GString *s = g_string_new(NULL);
    gy_row row;
    while (gy_reader_next(rd, &row, &err) == GY_OK && row.n > 0) {
        g_string_append_printf(s, "%lu:", row.line);
        for (size_t i = 0; i < row.n; i++)
            g_string_append_printf(s, "%s%s", i ? "|" : "", row.fields[i]);
        if (row.bad_field >= 0)
            g_string_append_printf(s, "!%d", row.bad_field);
        g_string_append_c(s, '\n');
    }
    assert_null(err);
    if (detected)
        *detected = gy_reader_encoding(rd);
    gy_reader_free(rd);
    return g_string_free(s, FALSE);
}

static void test_utf8_quotes_and_lines(void **state)
{
    (void)state;
    const char *csv = "姓名,备注,金额\r\n"
                      "张三,\"有逗号,和\"\"引号\"\"\",12.5\r\n"
                      "\r\n"
                      "李四,\"两行\r\n备注\",3\r\n"
                      ",,\r\n"
                      "王五, 前后空格 ,\x01" "7\r\n";
    char *p = write_tmp(csv, strlen(csv));
    gy_encoding enc;
    char *out = dump(p, GY_ENC_AUTO, &enc);
    assert_int_equal(enc, GY_ENC_UTF8);
    assert_string_equal(out, "1:姓名|备注|金额\n"
                             "2:张三|有逗号,和\"引号\"|12.5\n"
                             "4:李四|两行备注|3\n"
                             "7:王五|前后空格|7\n");
    g_free(out);
    g_unlink(p);
    g_free(p);
}

static void test_bom_and_lf(void **state)
{
    (void)state;
    const char *csv = "\xEF\xBB\xBF" "a,b\n1,2\n\n\n3,4";   /* no final newline */
    char *p = write_tmp(csv, strlen(csv));
    gy_encoding enc;
    char *out = dump(p, GY_ENC_AUTO, &enc);
    assert_int_equal(enc, GY_ENC_UTF8_BOM);
    assert_string_equal(out, "1:a|b\n2:1|2\n5:3|4\n");
    g_free(out);
    g_unlink(p);
    g_free(p);
}

static void test_gb18030_detected_and_converted(void **state)
{
    (void)state;
    const char *utf8 = "身份证号码,县(市、区),贷款金额（万元）\r\n511102199001011234,峨边,１２．５\r\n";
    gsize len;
    char *gb = g_convert(utf8, -1, "GB18030", "UTF-8", NULL, &len, NULL);
    assert_non_null(gb);
    char *p = write_tmp(gb, len);
    gy_encoding enc;
    char *out = dump(p, GY_ENC_AUTO, &enc);
    assert_int_equal(enc, GY_ENC_GB18030);
    /* full-width digits and point folded by the value clean-up */
    assert_string_equal(out, "1:身份证号码|县(市、区)|贷款金额(万元)\n2:511102199001011234|峨边|12.5\n");
    g_free(out);
    /* forcing UTF-8 on GB18030 bytes marks the row's undecodable fields */
    out = dump(p, GY_ENC_UTF8, &enc);
    assert_non_null(strstr(out, "!0\n"));
    g_free(out);
    g_unlink(p);
    g_free(p);
    g_free(gb);
}

static void test_gb18030_across_block_boundary(void **state)
{
    (void)state;
    /* a large file so that multi-byte sequences straddle the 1 MiB read blocks */
    GString *u = g_string_new("姓名,县区\n");
    for (int i = 0; i < 60000; i++)
        g_string_append_printf(u, "张%d,峨眉山市\n", i);
    gsize len;
    char *gb = g_convert(u->str, (gssize)u->len, "GB18030", "UTF-8", NULL, &len, NULL);
    char *p = write_tmp(gb, len);
    char *out = dump(p, GY_ENC_GB18030, NULL);
    assert_non_null(strstr(out, "\n60001:张59999|峨眉山市\n"));
    assert_null(strchr(out, '!'));
    g_free(out);
    g_unlink(p);
    g_free(p);
    g_free(gb);
    g_string_free(u, TRUE);
}

static void test_runaway_quote_is_an_error(void **state)
{
    (void)state;
    GString *u = g_string_new("a,b\n1,\"");
    for (int i = 0; i < 70000; i++)
        g_string_append_c(u, 'x');
    char *p = write_tmp(u->str, u->len);
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(p, GY_ENC_AUTO, &err);
    gy_row row;
    assert_int_equal(gy_reader_next(rd, &row, &err), GY_OK);
    assert_int_equal(gy_reader_next(rd, &row, &err), GY_E_FIELD_TOO_BIG);
    assert_non_null(strstr(err->message, ":2:"));
    g_error_free(err);
    gy_reader_free(rd);
    g_unlink(p);
    g_free(p);
    g_string_free(u, TRUE);
}

static void test_missing_file(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_null(gy_reader_open("/nonexistent/x.csv", GY_ENC_AUTO, &err));
    assert_int_equal(err->code, GY_E_IO);
    assert_non_null(strstr(err->message, "/nonexistent/x.csv"));
    g_error_free(err);
}

static void test_encoding_names(void **state)
{
    (void)state;
    gy_encoding e;
    assert_int_equal(gy_encoding_parse("GBK", &e), GY_OK);
    assert_int_equal(e, GY_ENC_GB18030);
    assert_int_equal(gy_encoding_parse("utf8", &e), GY_OK);
    assert_int_equal(e, GY_ENC_UTF8);
    assert_int_equal(gy_encoding_parse("latin1", &e), GY_E_USAGE);
}

static void test_header_map(void **state)
{
    (void)state;
    const char *ini = "[records]\nid_number=身份证号码;证件号码\ncounty=县(市、区);区县\n"
                      "start_date=创业时间\n";
    char *p = write_tmp(ini, strlen(ini));
    GError *err = NULL;
    gy_aliases *al = gy_aliases_load(p, &err);
    assert_non_null(al);
    char *f[] = { "序号", "证 件 号 码", "县（市、区）", "创业时间" };
    gy_row hdr = { .n = 4, .fields = f, .line = 1 };
    gy_colspec specs[] = { { "id_number", true }, { "county", true }, { "start_date", true },
                           { "jobs", false } };
    int cols[4];
    assert_int_equal(gy_header_map(al, "records", specs, 4, &hdr, cols, &err), GY_OK);
    assert_int_equal(cols[0], 1);
    assert_int_equal(cols[1], 2);
    assert_int_equal(cols[2], 3);
    assert_int_equal(cols[3], -1);
    hdr.n = 3;  /* without 创业时间 */
    assert_int_equal(gy_header_map(al, "records", specs, 4, &hdr, cols, &err),
                     GY_E_MISSING_COLUMN);
    assert_non_null(strstr(err->message, "start_date"));
    assert_non_null(strstr(err->message, "创业时间"));
    g_error_free(err);
    gy_aliases_free(al);
    g_unlink(p);
    g_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_quotes_and_lines),
        cmocka_unit_test(test_bom_and_lf),
        cmocka_unit_test(test_gb18030_detected_and_converted),
        cmocka_unit_test(test_gb18030_across_block_boundary),
        cmocka_unit_test(test_runaway_quote_is_an_error),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_encoding_names),
        cmocka_unit_test(test_header_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
