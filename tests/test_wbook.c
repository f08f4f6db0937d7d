/* test_wbook.c — workbooks read as rows: what kind a file is, numbers as Excel shows them,
 * date serials in both date systems, and .xlsx files written here by libxlsxwriter (shared
 * and inline strings, a merged title, dates by number format, an ID number stored as a
 * number) read back row by row with their sheet row numbers; a sheet written by hand read
 * with its text cut into pieces parsed on threads, and on one thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "guiyan/reader.h"
#include "guiyan/wbook.h"

static void test_number_text(void **state)
{
    (void)state;
    static const struct { double v; const char *want; } cases[] = {
        { 12.5, "12.5" }, { 0.1 + 0.2, "0.3" }, { 44367, "44367" }, { -3, "-3" },
        { 0, "0" }, { 200000, "200000" },
        /* an 18-digit ID number stored as a number: Excel keeps 15 significant digits */
        { 511102199001011239.0, "511102199001011000" },
        { 123456789012345.0, "123456789012345" },
        { 1.0 / 3, "0.333333333333333" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char buf[64];
        gy_wbook_number_text(cases[i].v, buf);
        assert_string_equal(buf, cases[i].want);
    }
}

static void test_serial_date(void **state)
{
    (void)state;
    static const struct { double serial; int d1904, y, m, d; } cases[] = {
        { 44367, 0, 2021, 6, 20 }, { 44367.75, 0, 2021, 6, 20 }, { 1, 0, 1900, 1, 1 },
        { 59, 0, 1900, 2, 28 }, { 60, 0, 1900, 2, 29 }, { 61, 0, 1900, 3, 1 },
        { 0, 1, 1904, 1, 1 }, { 42905, 1, 2021, 6, 20 }, { 2958465, 0, 9999, 12, 31 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int y, m, d;
        assert_true(gy_wbook_serial_date(cases[i].serial, cases[i].d1904, &y, &m, &d));
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(d, cases[i].d);
    }
    int y, m, d;
    assert_false(gy_wbook_serial_date(0, FALSE, &y, &m, &d));
    assert_false(gy_wbook_serial_date(2958466, FALSE, &y, &m, &d));
}

static void test_column_letters(void **state)
{
    (void)state;
    static const struct { size_t c; const char *want; } cases[] = {
        { 0, "A" }, { 2, "C" }, { 25, "Z" }, { 26, "AA" }, { 701, "ZZ" }, { 702, "AAA" },
        { 4095, "FAN" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char buf[8];
        gy_wbook_column_letters(cases[i].c, buf);
        assert_string_equal(buf, cases[i].want);
    }
}

static void test_sniff(void **state)
{
    (void)state;
    static const struct { const char *path, *head; size_t len; gy_kind kind; gy_error e; } cases[] = {
        { "a.csv", "身份证号码,姓名,县区\n1,2,3\n", 0, GY_KIND_CSV, GY_OK },
        { "a.txt", "身份证号码\t姓名\t县区\n1\t2,5\t3\n", 0, GY_KIND_TSV, GY_OK },
        { "a.csv", "身份证号码;姓名;县区\n1;\"2,5\";3\n", 0, GY_KIND_SSV, GY_OK },
        { "a.csv", "\"a,b\tc\",d\n", 0, GY_KIND_CSV, GY_OK },
        { "a.xls", "<html><body><table><tr><td>1</td></tr></table>", 0, GY_KIND_HTML, GY_OK },
        { "a.xls", "\xEF\xBB\xBF <TABLE border=1><TR><TD>1</TD></TR></TABLE>", 0, GY_KIND_HTML,
          GY_OK },
        { "a.xls", "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:"
                   "spreadsheet\">", 0, GY_KIND_XML2003, GY_OK },
        { "a.xlsx", "PK\x03\x04rest", 8, GY_KIND_XLSX, GY_OK },
        { "a.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, GY_KIND_XLS, GY_OK },
        { "a.xlsx", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0",
          40, GY_KIND_CSV, GY_E_NOT_TEXT },
        { "台账.et", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, GY_KIND_CSV, GY_E_NOT_TEXT },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        gy_kind k;
        const char *what = NULL;
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].head);
        gy_error e = gy_kind_sniff(cases[i].path, cases[i].head, len, &k, &what);
        assert_int_equal(e, cases[i].e);
        if (e == GY_OK)
            assert_int_equal(k, cases[i].kind);
        else
            assert_non_null(what);
    }
}

/* Every row of rd's selected sheet as "row:f1|f2|…\n". */
static char *dump(gy_reader *rd)
{
    GString *s = g_string_new(NULL);
    gy_row row;
    GError *err = NULL;
    while (gy_reader_next(rd, &row, &err) == GY_OK && row.n > 0) {
        g_string_append_printf(s, "%lu:", row.line);
        for (size_t i = 0; i < row.n; i++)
            g_string_append_printf(s, "%s%s", i ? "|" : "", row.fields[i]);
        g_string_append_c(s, '\n');
    }
    assert_null(err);
    return g_string_free(s, FALSE);
}

/* A workbook as a bureau's system writes it: a notes sheet first, then the records under a
 * merged title, dates as date cells, one ID number stored as a number. */
static char *make_xlsx(const char *dir, const char *name, bool constant_memory)
{
    char *path = g_build_filename(dir, name, NULL);
    lxw_workbook_options o = { .constant_memory = constant_memory, .tmpdir = (char *)dir };
    lxw_workbook *wb = workbook_new_opt(path, &o);
    lxw_worksheet *notes = workbook_add_worksheet(wb, "填表说明");
    worksheet_write_string(notes, 0, 0, "本表由系统导出", NULL);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "2021年6月");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format *iso = workbook_add_format(wb);
    format_set_num_format_index(iso, 14);
    worksheet_merge_range(ws, 0, 0, 0, 4, "乐山市返乡创业台账", NULL);
    const char *head[] = { "身份证号码", "姓名", "县(市、区)", "创业时间", "贷款金额(万元)" };
    for (int c = 0; c < 5; c++)
        worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], NULL);
    worksheet_write_string(ws, 3, 0, "11010519491231002X", NULL);
    worksheet_write_string(ws, 3, 1, "张三", NULL);
    worksheet_write_string(ws, 3, 2, "市中区", NULL);
    lxw_datetime d1 = { 2021, 6, 15, 0, 0, 0 };
    worksheet_write_datetime(ws, 3, 3, &d1, date);
    worksheet_write_number(ws, 3, 4, 12.5, NULL);
    worksheet_write_number(ws, 5, 0, 511102199001011239.0, NULL);
    worksheet_write_string(ws, 5, 2, "峨边", NULL);
    lxw_datetime d2 = { 2021, 6, 1, 0, 0, 0 };
    worksheet_write_datetime(ws, 5, 3, &d2, iso);
    worksheet_write_number(ws, 5, 4, 0.1 + 0.2, NULL);
    worksheet_write_number(ws, 6, 3, 44367, NULL);    /* a serial without a date format */
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    return path;
}

static void check_book(const char *path)
{
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(path, GY_ENC_AUTO, &err);
    assert_non_null(rd);
    assert_int_equal(gy_reader_kind(rd), GY_KIND_XLSX);
    assert_int_equal(gy_reader_n_sheets(rd), 2);
    assert_string_equal(gy_reader_sheet(rd), "填表说明");
    char *s = dump(rd);
    assert_string_equal(s, "1:本表由系统导出\n");
    g_free(s);
    assert_int_equal(gy_reader_select_sheet(rd, 1, &err), GY_OK);
    assert_string_equal(gy_reader_sheet(rd), "2021年6月");
    s = dump(rd);
    assert_string_equal(s,
        "1:乐山市返乡创业台账\n"
        "3:身份证号码|姓名|县(市、区)|创业时间|贷款金额(万元)\n"
        "4:11010519491231002X|张三|市中区|2021-06-15|12.5\n"
        "6:511102199001011000||峨边|2021-06-01|0.3\n"
        "7:|||44367\n");
    g_free(s);
    assert_int_equal(gy_reader_select_sheet(rd, 2, &err), GY_E_USAGE);
    g_clear_error(&err);
    gy_reader_free(rd);
}

static void test_xlsx(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("gy-wbook-XXXXXX", NULL);
    char *shared = make_xlsx(dir, "shared.xlsx", false);
    check_book(shared);
    char *inl = make_xlsx(dir, "inline.xlsx", true);      /* inline strings */
    check_book(inl);
    g_remove(shared);
    g_remove(inl);
    g_rmdir(dir);
    g_free(shared);
    g_free(inl);
    g_free(dir);
}

/* A number cell's text shown as it is only where Excel's General format would show the same. */
static void test_number_as_is(void **state)
{
    (void)state;
    static const char *const same[] = { "0", "7", "-3", "44367", "12.5", "-0.25", "0.0001",
                                        "19436230952", "123456789012345", "441.51",
                                        "0.333333333333333", "99999999999999.9" };
    static const char *const not[] = { "-0", "007", "5.0", "5.", ".5", "1E3", "0.00001",
                                       "1234567890123456", "12345678901234.56", "1 ", "" };
    for (size_t i = 0; i < G_N_ELEMENTS(same); i++)
        assert_true(gy_xlsx_number_as_is(same[i], strlen(same[i])));
    for (size_t i = 0; i < G_N_ELEMENTS(not); i++)
        assert_false(gy_xlsx_number_as_is(not[i], strlen(not[i])));
    /* random decimals: whenever the text is passed through, the slow way gives it too */
    GRand *r = g_rand_new_with_seed(17);
    for (int i = 0; i < 50000; i++) {
        char v[64], buf[64];
        int ip = g_rand_int_range(r, 0, 3), fl = g_rand_int_range(r, 0, 9);
        long long whole = ip == 0 ? 0 : ip == 1 ? g_rand_int_range(r, 0, 100000)
                                    : (long long)g_rand_int(r) * 100000 + g_rand_int_range(r, 0, 100000);
        int n = g_snprintf(v, sizeof v, "%s%lld", g_rand_boolean(r) ? "-" : "", whole);
        if (fl) {
            v[n++] = '.';
            for (int k = 0; k < fl; k++)
                v[n++] = (char)('0' + g_rand_int_range(r, 0, 10));
            v[n] = '\0';
        }
        if (gy_xlsx_number_as_is(v, (size_t)n)) {
            gy_wbook_number_text(g_ascii_strtod(v, NULL), buf);
            assert_string_equal(buf, v);
        }
    }
    g_rand_free(r);
}

/* An .xlsx with one sheet whose XML is given (everything inside <sheetData>). */
static char *make_raw_xlsx(const char *dir, const char *name, const char *rows)
{
    char *path = g_build_filename(dir, name, NULL);
    int e = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    assert_non_null(z);
    char *sheet = g_strconcat("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\n"
        "<dimension ref=\"A1:D9\"/><sheetData>", rows, "</sheetData><pageMargins left=\"0.7\" "
        "right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>",
        NULL);
    const char *parts[][2] = {
        { "xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/"
          "spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
          "officeDocument/2006/relationships\"><sheets><sheet name=\"台账\" sheetId=\"1\" "
          "r:id=\"rId1\"/></sheets></workbook>" },
        { "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats."
          "org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
          "openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
          "Target=\"worksheets/sheet1.xml\"/></Relationships>" },
        { "xl/worksheets/sheet1.xml", sheet },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0);
        assert_true(zip_file_add(z, parts[i][0], src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    g_free(sheet);
    return path;
}

/* The rows of a workbook's first sheet as dump() gives them, then "!" and the error if one
 * ended them; read with GUIYAN_THREADS and GUIYAN_XLSX_PIECE as given (NULL: unset). */
static char *read_book(const char *path, const char *threads, const char *piece)
{
    if (threads)
        g_setenv("GUIYAN_THREADS", threads, TRUE);
    if (piece)
        g_setenv("GUIYAN_XLSX_PIECE", piece, TRUE);
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(path, GY_ENC_AUTO, &err);
    assert_non_null(rd);
    GString *s = g_string_new(NULL);
    gy_row row;
    while (gy_reader_next(rd, &row, &err) == GY_OK && row.n > 0) {
        g_string_append_printf(s, "%lu:", row.line);
        for (size_t i = 0; i < row.n; i++)
            g_string_append_printf(s, "%s%s", i ? "|" : "", row.fields[i]);
        g_string_append_c(s, '\n');
    }
    if (err) {
        const char *m = strstr(err->message, "damaged");
        g_string_append_printf(s, "!%s\n", m ? m : err->message);
        g_clear_error(&err);
    }
    gy_reader_free(rd);
    g_unsetenv("GUIYAN_THREADS");
    g_unsetenv("GUIYAN_XLSX_PIECE");
    return g_string_free(s, FALSE);
}

/* The ways a sheet is read (GUIYAN_THREADS, GUIYAN_XLSX_PIECE): on one thread, on threads in
 * pieces of one row (1 byte: for a few rows only) or a few rows, in the default pieces. */
static const char *const ways[][2] = { { "1", NULL }, { "1", "1" }, { NULL, "1" },
                                       { "1", "300" }, { "3", "300" }, { NULL, NULL } };

/* Read every way: the same rows each time. */
static void check_raw(const char *dir, const char *rows, const char *want)
{
    char *path = make_raw_xlsx(dir, "raw.xlsx", rows);
    gboolean few = strlen(rows) < 10000;
    for (size_t i = 0; i < G_N_ELEMENTS(ways); i++) {
        if (!few && ways[i][1] && strcmp(ways[i][1], "1") == 0)
            continue;
        char *got = read_book(path, ways[i][0], ways[i][1]);
        assert_string_equal(got, want);
        g_free(got);
    }
    g_remove(path);
    g_free(path);
}

static void test_xlsx_pieces(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("gy-wbook-XXXXXX", NULL);
    const char *rows =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>身份证号码</t></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><r><t>创业</t></r><r><t>时间</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>チ</t></rPh></is></c></row>\n"
        "<row><c t=\"inlineStr\"><is><t xml:space=\"preserve\"> 张三 </t></is></c><c><v>5.0</v>"
        "</c><c><v>1E3</v></c><c><v>0.00001</v></c></row>\n"
        "<row r=\"5\"><c r=\"B5\"><v></v></c></row>"
        "<row><c r=\"D6\" t=\"b\"><v>1</v></c><c r=\"A6\"><v>19436230952</v></c></row>"
        "<row r=\"9\" spans=\"1:4\"><c r=\"A9\" t=\"str\"><v>&lt;/row&gt;</v></c>"
        "<c r=\"B9\" t=\"e\"><v>#N/A</v></c><c r=\"C9\" t=\"d\"><v>2021-06-15T00:00:00</v></c>"
        "<c r=\"D9\"><v>-0.25</v></c></row>";
    const char *want =
        "1:身份证号码||创业时间\n"
        "2:张三|5|1000|1e-05\n"
        "6:19436230952|||TRUE\n"
        "9:</row>|#N/A|2021-06-15|-0.25\n";
    check_raw(dir, rows, want);
    /* a comment, CDATA or processing instruction among the rows: where "</row>" need not be
     * markup, one parser reads on from the last cut */
    char *r2 = g_strconcat(rows, "<!-- </row> --><row r=\"10\"><c r=\"A10\"><v><![CDATA[x</row>]]>"
                           "</v></c></row><?pi </row>?><row><c r=\"B11\"><v>3</v></c></row>", NULL);
    char *w2 = g_strconcat(want, "10:x</row>\n11:|3\n", NULL);
    check_raw(dir, r2, w2);
    g_free(r2);
    g_free(w2);
    /* 1,000 rows, more pieces than are parsed at a time: in order */
    GString *many = g_string_new(NULL), *mwant = g_string_new(NULL);
    for (int i = 1; i <= 1000; i++) {
        g_string_append_printf(many, "<row r=\"%d\"><c r=\"A%d\" t=\"inlineStr\"><is><t>行%d"
                               "</t></is></c><c r=\"B%d\"><v>%d</v></c></row>", i, i, i, i, i * 7);
        g_string_append_printf(mwant, "%d:行%d|%d\n", i, i, i * 7);
    }
    check_raw(dir, many->str, mwant->str);
    /* the same with a comment among the first rows: one parser, rows carried across blocks */
    char *r3 = g_strconcat("<!-- 注 -->", many->str, NULL);
    check_raw(dir, r3, mwant->str);
    g_free(r3);
    /* a damaged row: some of the rows before it (those of the pieces before its own), then the
     * error with the sheet's line, whichever way it is read */
    g_string_append(many, "\n<row r=\"1001\"><c r=\"A1001\"><v>1</v></x></row>"
                          "<row r=\"1002\"><c r=\"A1002\"><v>2</v></c></row>");
    char *path = make_raw_xlsx(dir, "damaged.xlsx", many->str);
    for (size_t i = 0; i < G_N_ELEMENTS(ways); i++) {
        char *got = read_book(path, ways[i][0], ways[i][1]);
        char *bang = strchr(got, '!');
        assert_non_null(bang);
        assert_int_equal(memcmp(got, mwant->str, (size_t)(bang - got)), 0);
        unsigned long before = 0, after = strtoul(strstr(bang, "after row ") + 10, NULL, 10);
        for (const char *q = got; q < bang; q++)
            before += *q == '\n';
        assert_int_equal(after, before);      /* rows 1..before were handed out */
        assert_non_null(strstr(bang, "(line 4: Opening and ending tag mismatch: c line 4 and x)"));
        if (ways[i][1] && strcmp(ways[i][1], "1") == 0)
            assert_int_equal(after, 1000);    /* a piece a row */
        g_free(got);
    }
    g_remove(path);
    g_free(path);
    g_string_free(many, TRUE);
    g_string_free(mwant, TRUE);
    g_rmdir(dir);
    g_free(dir);
}

/* A sheet left after a row, on threads: the other sheet read, then freed, nothing left over
 * (ASan and valgrind run this). */
static void test_xlsx_leave(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("gy-wbook-XXXXXX", NULL);
    char *path = make_xlsx(dir, "leave.xlsx", true);
    g_setenv("GUIYAN_XLSX_PIECE", "1", TRUE);
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(path, GY_ENC_AUTO, &err);
    assert_non_null(rd);
    assert_int_equal(gy_reader_select_sheet(rd, 1, &err), GY_OK);
    gy_row row;
    assert_int_equal(gy_reader_next(rd, &row, &err), GY_OK);
    assert_int_equal(row.line, 1);
    assert_int_equal(gy_reader_select_sheet(rd, 0, &err), GY_OK);
    assert_int_equal(gy_reader_next(rd, &row, &err), GY_OK);
    assert_string_equal(row.fields[0], "本表由系统导出");
    assert_int_equal(gy_reader_select_sheet(rd, 1, &err), GY_OK);
    assert_int_equal(gy_reader_next(rd, &row, &err), GY_OK);
    gy_reader_free(rd);
    g_unsetenv("GUIYAN_XLSX_PIECE");
    g_remove(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
}

/* text saved as a .xls file, read: its rows as dump() gives them; kind checked */
static char *read_text(const char *text, gy_kind kind, const char *sheet)
{
    char *path = NULL;
    int fd = g_file_open_tmp("gy-wbook-XXXXXX.xls", &path, NULL);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(path, GY_ENC_AUTO, &err);
    assert_non_null(rd);
    assert_int_equal(gy_reader_kind(rd), kind);
    if (sheet)
        assert_string_equal(gy_reader_sheet(rd), sheet);
    char *s = dump(rd);
    gy_reader_free(rd);
    g_remove(path);
    g_free(path);
    return s;
}

static void test_html(void **state)
{
    (void)state;
    const char *html =
        "<html><head><meta charset=\"utf-8\"></head><body><table>"
        "<tr><td colspan=\"4\">返乡创业台账</td></tr>"
        "<tr><th rowspan=\"2\">序号</th><th colspan=\"2\">创业者</th><th rowspan=\"2\">创业时间</th></tr>"
        "<tr><th>姓名</th><th>身份证号码</th></tr>"
        "<tr><td>1</td><td>张 三</td><td>11010519491231002X</td><td>2021-06-15</td></tr>"
        "<tr><td></td><td></td><td></td><td></td></tr>"
        "<tr><td>2</td><td>李四</td><td>511102199001011239</td><td>2021年6月</td></tr>"
        "</table></body></html>";
    char *s = read_text(html, GY_KIND_HTML, NULL);
    assert_string_equal(s,
        "1:返乡创业台账\n"
        "2:序号|创业者||创业时间\n"
        "3:|姓名|身份证号码\n"
        "4:1|张 三|11010519491231002X|2021-06-15\n"
        "6:2|李四|511102199001011239|2021年6月\n");
    g_free(s);
}

static void test_xml2003(void **state)
{
    (void)state;
    const char *xml =
        "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n"
        "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" "
        "xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"
        "<Worksheet ss:Name=\"台账\"><Table>"
        "<Row><Cell ss:MergeAcross=\"2\"><Data ss:Type=\"String\">标题</Data></Cell></Row>"
        "<Row ss:Index=\"3\"><Cell><Data ss:Type=\"String\">身份证号码</Data></Cell>"
        "<Cell ss:Index=\"3\"><Data ss:Type=\"String\">创业时间</Data></Cell></Row>"
        "<Row><Cell><Data ss:Type=\"Number\">511102199001011239</Data></Cell>"
        "<Cell><Data ss:Type=\"Number\">3</Data></Cell>"
        "<Cell><Data ss:Type=\"DateTime\">2021-06-15T00:00:00.000</Data></Cell></Row>"
        "</Table></Worksheet></Workbook>";
    char *s = read_text(xml, GY_KIND_XML2003, "台账");
    assert_string_equal(s, "1:标题\n3:身份证号码||创业时间\n4:511102199001011000|3|2021-06-15\n");
    g_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_text),
        cmocka_unit_test(test_serial_date),
        cmocka_unit_test(test_column_letters),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_number_as_is),
        cmocka_unit_test(test_xlsx_pieces),
        cmocka_unit_test(test_xlsx_leave),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_xml2003),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
