/* test_readback.c — the read-back of entity names and credit codes at the marks (readback.c):
 * each record's two cells as gy_reader gives them, plain lines found without it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "guiyan/reader.h"
#include "guiyan/wbook.h"
#include "../src/ingest/ingest_int.h"
#include "testutil.h"

static char *write_tmp(const char *bytes, size_t len)
{
    char *path = test_write_tmp("gy-readback-XXXXXX.csv", bytes, len);
    assert_non_null(path);
    return path;
}

static const char *cell(const gy_row *row, int c)
{
    return c >= 0 && (size_t)c < row->n ? row->fields[c] : "";
}

/* What gy_reader makes of a file: the marks as load.c takes them (where the first record
 * begins, then after every `every` rows), each line a record begins on and the two cells of
 * the first record there. */
typedef struct survey {
    marks mk;
    GArray *lines;               /* unsigned long */
    GPtrArray *cells;            /* 2 a line */
} survey;

static void survey_take(survey *sv, const char *path, int col_entity, int col_uscc,
                        unsigned every)
{
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(path, GY_ENC_AUTO, &err);
    assert_non_null(rd);
    gy_row row;
    assert_int_equal(gy_reader_next(rd, &row, &err), GY_OK);      /* the header */
    sv->mk = (marks){ g_array_new(FALSE, FALSE, sizeof(mark)), gy_reader_encoding(rd),
                      gy_reader_kind(rd) == GY_KIND_CSV, col_entity, col_uscc, row.n };
    bool *want = g_new0(bool, row.n);
    want[col_entity] = want[col_uscc] = true;
    gy_reader_want(rd, want, row.n);
    g_free(want);
    sv->lines = g_array_new(FALSE, FALSE, sizeof(unsigned long));
    sv->cells = g_ptr_array_new_with_free_func(g_free);
    mark m;
    if (gy_reader_tell(rd, &m.off)) {
        m.line = gy_reader_line(rd);
        g_array_append_val(sv->mk.v, m);
    }
    for (unsigned rows = 1; gy_reader_next(rd, &row, &err) == GY_OK && row.n > 0; rows++) {
        if (rows % every == 0 && gy_reader_tell(rd, &m.off)) {
            m.line = gy_reader_line(rd);
            g_array_append_val(sv->mk.v, m);
        }
        unsigned long line = row.line;
        if (sv->lines->len && g_array_index(sv->lines, unsigned long, sv->lines->len - 1) == line)
            continue;                    /* a second record on a line (a lone CR before it) */
        g_array_append_val(sv->lines, line);
        g_ptr_array_add(sv->cells, g_strdup(cell(&row, col_entity)));
        g_ptr_array_add(sv->cells, g_strdup(cell(&row, col_uscc)));
    }
    assert_null(err);
    gy_reader_free(rd);
}

static void survey_clear(survey *sv)
{
    g_array_free(sv->mk.v, TRUE);
    g_array_free(sv->lines, TRUE);
    g_ptr_array_free(sv->cells, TRUE);
}

static void keep(void *user, size_t k, const char *entity, const char *uscc)
{
    char **got = user;
    assert_null(got[2 * k]);             /* once each */
    got[2 * k] = g_strdup(entity);
    got[2 * k + 1] = g_strdup(uscc);
}

/* Read back the lines sv->lines[i] for the i with pick(i) (each `twice` over, as a standing
 * row compared with two older ones is): the same cells as gy_reader's. Returns how many went
 * through gy_reader. */
static size_t read_back_check(const char *path, const survey *sv, unsigned step, bool twice)
{
    GArray *ask = g_array_new(FALSE, FALSE, sizeof(unsigned long));
    GArray *which = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < sv->lines->len; i += step)
        for (int t = 0; t < (twice ? 2 : 1); t++) {
            g_array_append_val(ask, g_array_index(sv->lines, unsigned long, i));
            g_array_append_val(which, i);
        }
    char **got = g_new0(char *, 2 * ask->len + 1);
    size_t slow = 99;
    GError *err = NULL;
    assert_int_equal(gy_readback_marked(path, &sv->mk, (const unsigned long *)(void *)ask->data,
                                        ask->len, keep, got, &slow, &err), GY_OK);
    assert_null(err);
    for (guint k = 0; k < ask->len; k++) {
        guint i = g_array_index(which, guint, k);
        assert_non_null(got[2 * k]);
        assert_string_equal(got[2 * k], g_ptr_array_index(sv->cells, 2 * i));
        assert_string_equal(got[2 * k + 1], g_ptr_array_index(sv->cells, 2 * i + 1));
    }
    for (guint k = 0; k < 2 * ask->len; k++)
        g_free(got[k]);
    g_free(got);
    g_array_free(ask, TRUE);
    g_array_free(which, TRUE);
    return slow;
}

/* Every record, every other one, every third, each asked once or twice, with a mark after
 * every row, every two rows, every three: the cells gy_reader gives. Returns how many lines
 * went through gy_reader when every record is asked once with a mark every three rows. */
static size_t check_all_ways(const char *text, size_t len, int col_entity, int col_uscc)
{
    char *p = write_tmp(text, len);
    size_t slow = 0;
    for (unsigned every = 1; every <= 3; every++) {
        survey sv;
        survey_take(&sv, p, col_entity, col_uscc, every);
        assert_true(sv.lines->len > 0);
        for (unsigned step = 1; step <= 3; step++)
            for (int twice = 0; twice < 2; twice++) {
                size_t s = read_back_check(p, &sv, step, twice);
                if (every == 3 && step == 1 && !twice)
                    slow = s;
            }
        survey_clear(&sv);
    }
    g_unlink(p);
    g_free(p);
    return slow;
}

/* Plain lines, all read without gy_reader: a BOM, CRLF line ends, spaces and full-width
 * characters clean-up changes, a short row, blank and all-comma lines between, a last line
 * without its line break. */
static void test_plain_lines(void **state)
{
    (void)state;
    static const char csv[] =
        "\xEF\xBB\xBFid,entity,x,uscc\r\n"
        "1,  甲公司 ,a,92511124MAH6TCQL1C\r\n"
        "2,乙\xE3\x80\x80商店,b,\r\n"
        "\r\n"
        "3,ＡＢ丙厂,c,92511133MAF69D012U \r\n"
        ",,,\r\n"
        "4,丁\r\n"
        "5,戊店,e,x\r\n"
        "6,己店,f,92511181MAGUW0067J";
    assert_int_equal(check_all_ways(csv, sizeof csv - 1, 1, 3), 0);
    static const char lf[] = "id,entity,uscc\n1,甲,2\n2,乙,3\n\n3, 丙 ,4\n4,丁,5\n";
    assert_int_equal(check_all_ways(lf, sizeof lf - 1, 1, 2), 0);
}

/* Lines gy_reader reads, each record as it gives it: an entity name quoted for its comma, a
 * line break inside a quoted name, one in a column before the name and one after it, a lone
 * CR (two records on a line), a control character, a byte that is not UTF-8 and a NUL in a plain name. */
static void test_quoted_and_odd_lines(void **state)
{
    (void)state;
    static const char csv[] =
        "id,entity,uscc,note\n"
        "1,\"甲,乙公司\",92511124MAH6TCQL1C,n\n"
        "2,丙店,,n\n"
        "3,\"丁\n店\",,n\n"
        "4,戊店,,\"x\ny\"\n"
        "5,己店,,n\n"
        "\"6\n\",庚店,,n\n"
        "7,辛店,,n\r8,壬店,,n\n"
        "9,癸\x01店,,n\n"
        "10,子\xFF店,,n\n"
        "11,\"丑\"\"店\",,n\n"
        "12,寅\0店,,n\n"
        "13,卯店,,n\n";
    /* through gy_reader: 1, 3, 4 (a quote), 6 (its quote), 7 (the lone CR), 11 */
    assert_int_equal(check_all_ways(csv, sizeof csv - 1, 1, 2), 6);
}

/* A line asked for past the marks' last record is not met and gets nothing; a file gone
 * is an error that names it. */
static void test_missing(void **state)
{
    (void)state;
    static const char csv[] = "id,entity,uscc\n1,甲,\n2,乙,\n";
    char *p = write_tmp(csv, sizeof csv - 1);
    survey sv;
    survey_take(&sv, p, 1, 2, 1);
    unsigned long ask[] = { 3, 9 };
    char *got[5] = { NULL };
    GError *err = NULL;
    assert_int_equal(gy_readback_marked(p, &sv.mk, ask, 2, keep, got, NULL, &err), GY_OK);
    assert_string_equal(got[0], "乙");
    assert_null(got[2]);
    g_free(got[0]);
    g_free(got[1]);
    g_unlink(p);
    assert_int_equal(gy_readback_marked(p, &sv.mk, ask, 2, keep, got, NULL, &err), GY_E_IO);
    assert_non_null(err);
    assert_non_null(strstr(err->message, p));
    g_clear_error(&err);
    survey_clear(&sv);
    g_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_lines),
        cmocka_unit_test(test_quoted_and_odd_lines),
        cmocka_unit_test(test_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
