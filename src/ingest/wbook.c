/* wbook.c — which reader a file needs (told by its content), and what the workbook readers
 * share: the row being built, dates from serials, numbers as Excel shows them. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "wbook_int.h"

const char *gy_kind_name(gy_kind k)
{
    static const char *const names[GY_KIND__COUNT] = {
        [GY_KIND_CSV] = "CSV", [GY_KIND_TSV] = "TSV", [GY_KIND_SSV] = "CSV (;)",
        [GY_KIND_XLSX] = "xlsx", [GY_KIND_XLS] = "xls (BIFF8)",
        [GY_KIND_XML2003] = "Excel 2003 XML", [GY_KIND_HTML] = "HTML",
    };
    return (unsigned)k < GY_KIND__COUNT ? names[k] : "?";
}

/* needle of n bytes in hay[0, len) */
static gboolean has(const char *hay, size_t len, const char *needle, size_t n)
{
    return memmem(hay, len, needle, n) != NULL;
}

static gboolean has_ci(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (g_ascii_strncasecmp(hay + i, needle, n) == 0)
            return TRUE;
    return FALSE;
}

/* Which separator a text export uses: tabs or semicolons where a comma file has commas.
 * Counted over the first lines outside quotes; a title row has none of them. */
static gy_kind text_kind(const char *s, size_t len)
{
    size_t comma = 0, tab = 0, semi = 0, lines = 0;
    gboolean quoted = FALSE;
    for (size_t i = 0; i < len && lines < 50; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == ',')
            comma++;
        else if (c == '\t')
            tab++;
        else if (c == ';')
            semi++;
        else if (c == '\n')
            lines++;
    }
    if (tab > comma && tab >= semi)
        return GY_KIND_TSV;
    if (semi > comma)
        return GY_KIND_SSV;
    return GY_KIND_CSV;
}

gy_error gy_kind_sniff(const char *path, const char *head, size_t len, gy_kind *kind,
                       const char **what)
{
    *kind = GY_KIND_CSV;
    *what = NULL;
    len = MIN(len, 64u << 10);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    gboolean et = g_str_has_suffix(base, ".et") || g_str_has_suffix(base, ".ett") ||
                  g_str_has_suffix(base, ".ET");
    if (len >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
        *kind = GY_KIND_XLSX;
        return GY_OK;
    }
    if (len >= 4 && memcmp(head, "\xD0\xCF\x11\xE0", 4) == 0) {
        /* an .xlsx with a password is an OLE2 file holding an "EncryptedPackage" stream */
        static const char enc16[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e";
        if (has(head, len, enc16, sizeof enc16 - 1)) {
            *what = N_("a password-protected workbook: open it in Excel or WPS, remove the "
                       "password (文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it) and save "
                       "it as .xlsx or CSV");
            return GY_E_NOT_TEXT;
        }
        if (et) {
            *what = N_("a WPS spreadsheet (.et): open it in WPS and save it as .xlsx "
                       "(Excel 工作簿) or CSV");
            return GY_E_NOT_TEXT;
        }
        *kind = GY_KIND_XLS;
        return GY_OK;
    }
    if (et) {
        *what = N_("a WPS spreadsheet (.et): open it in WPS and save it as .xlsx "
                   "(Excel 工作簿) or CSV");
        return GY_E_NOT_TEXT;
    }
    size_t skip = len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (skip < len && g_ascii_isspace(head[skip]))
        skip++;
    const char *t = head + skip;
    size_t tl = len - skip;
    if (tl && t[0] == '<') {
        if (has(t, tl, "urn:schemas-microsoft-com:office:spreadsheet",
                sizeof "urn:schemas-microsoft-com:office:spreadsheet" - 1)) {
            *kind = GY_KIND_XML2003;
            return GY_OK;
        }
        if (has_ci(t, tl, "<table") || has_ci(t, tl, "<html")) {
            *kind = GY_KIND_HTML;
            return GY_OK;
        }
    }
    *kind = text_kind(t, tl);
    return GY_OK;
}

gy_wbook *gy_wbook_open(const char *path, gy_kind kind, GError **err)
{
    switch (kind) {
    case GY_KIND_XLSX: return gy_xlsx_open(path, err);
    case GY_KIND_XLS: return gy_xls_open(path, err);
    case GY_KIND_XML2003:
    case GY_KIND_HTML: return gy_htmltable_open(path, kind, err);
    default:
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, "%s: %s", path, _("not a workbook"));
        return NULL;
    }
}

void book_init(gy_wbook *b, const book_ops *ops, const char *path, gy_kind kind)
{
    b->ops = ops;
    b->path = g_strdup(path);
    b->kind = kind;
    b->sheets = g_ptr_array_new_with_free_func(g_free);
    struct stat st;
    if (stat(path, &st) == 0)
        b->size = (unsigned long long)st.st_size;
}

void gy_wbook_free(gy_wbook *b)
{
    if (!b)
        return;
    book_row_clear(b);
    g_free(b->cells);
    g_ptr_array_free(b->sheets, TRUE);
    g_free(b->path);
    b->ops->free(b);
}

size_t gy_wbook_n_sheets(const gy_wbook *b) { return b->sheets->len; }
const char *gy_wbook_sheet_name(const gy_wbook *b, size_t i)
{
    return i < b->sheets->len ? g_ptr_array_index(b->sheets, i) : "";
}
unsigned long long gy_wbook_bytes(const gy_wbook *b) { return b->size; }

gy_error gy_wbook_select(gy_wbook *b, size_t i, GError **err)
{
    book_row_clear(b);
    if (i >= b->sheets->len) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("%s: no sheet %zu (the workbook has %u)"),
                    b->path, i + 1, b->sheets->len);
        return GY_E_USAGE;
    }
    return b->ops->select(b, i, err);
}

gy_error gy_wbook_next(gy_wbook *b, char ***cells, size_t *n, unsigned long *row, GError **err)
{
    book_row_clear(b);
    gy_error e = b->ops->next(b, err);
    *cells = b->cells;
    *n = e == GY_OK ? b->n : 0;
    *row = b->row;
    return e;
}

void book_row_clear(gy_wbook *b)
{
    for (size_t i = 0; i < b->n && !b->borrowed; i++)
        g_free(b->cells[i]);
    b->n = 0;
}

static void book_grow(gy_wbook *b, size_t col)
{
    if (col >= b->cap) {
        b->cap = MAX(col + 1, b->cap * 2);
        b->cells = g_renew(char *, b->cells, b->cap);
    }
}

void book_cell(gy_wbook *b, size_t col, char *s)
{
    if (col >= GY_MAX_COLUMNS) {
        g_free(s);
        return;
    }
    book_grow(b, col);
    while (b->n <= col)
        b->cells[b->n++] = g_strdup("");
    g_free(b->cells[col]);
    b->cells[col] = s;
}

void book_cell_ref(gy_wbook *b, size_t col, char *s, char *blank)
{
    if (col >= GY_MAX_COLUMNS)
        return;
    book_grow(b, col);
    *blank = '\0';
    while (b->n <= col)
        b->cells[b->n++] = blank;
    b->cells[col] = s;
}

gboolean gy_wbook_serial_date(double serial, gboolean d1904, int *y, int *m, int *d)
{
    if (!(serial >= (d1904 ? 0 : 1) && serial < 2958466))
        return FALSE;
    long days = (long)floor(serial);
    /* serial 60 is 29 Feb 1900, a day that never was (Lotus 1-2-3's leap-year bug); integer
     * day arithmetic, as a sheet holds a million of them */
    if (!d1904 && days == 60) {
        *y = 1900, *m = 2, *d = 29;
        return TRUE;
    }
    gy_day day = d1904 ? gy_day_from_ymd(1904, 1, 1) + (gy_day)days
                       : gy_day_from_ymd(1899, 12, 31) + (gy_day)(days < 60 ? days : days - 1);
    gy_day_to_ymd(day, y, m, d);
    return *y >= 1900 && *y <= 9999;
}

char *book_date_text(double serial, gboolean d1904, gboolean month_only)
{
    int y, m, d;
    if (!gy_wbook_serial_date(serial, d1904, &y, &m, &d))
        return NULL;
    char *s = g_malloc(11);
    gy_day_format(gy_day_from_ymd(y, m, d), s);
    if (month_only)
        s[7] = '\0';
    return s;
}

void gy_wbook_number_text(double v, char buf[64])
{
    if (!isfinite(v)) {
        g_strlcpy(buf, "#NUM!", 64);
        return;
    }
    double a = fabs(v);
    if (a == floor(a) && a < 1e15) {
        /* the common case, a count or a code: digits by hand, no printf */
        char tmp[24];
        int n = 0;
        unsigned long long u = (unsigned long long)a;
        do
            tmp[n++] = (char)('0' + u % 10);
        while ((u /= 10) > 0);
        int k = 0;
        if (v < 0)
            buf[k++] = '-';
        while (n > 0)
            buf[k++] = tmp[--n];
        buf[k] = '\0';
        return;
    }
    if (a == floor(a) && a < 1e20) {
        /* digits past the 15th are what Excel no longer knows: it shows them as 0 */
        char tmp[64];
        g_snprintf(tmp, sizeof tmp, "%.0f", a);
        size_t len = strlen(tmp);
        if (len > 15) {
            char r[64];
            g_snprintf(r, sizeof r, "%.14e", a);       /* 15 significant digits, rounded */
            double rv = g_ascii_strtod(r, NULL);
            g_snprintf(tmp, sizeof tmp, "%.0f", rv);
            len = strlen(tmp);
            for (size_t i = 15; i < len; i++)
                tmp[i] = '0';
        }
        g_snprintf(buf, 64, "%s%s", v < 0 ? "-" : "", tmp);
        return;
    }
    /* up to 15 significant digits, in "C" notation: 0.1+0.2 shows as 0.3, as in Excel */
    g_ascii_formatd(buf, 64, "%.15g", v);
}

void gy_wbook_column_letters(size_t col, char buf[8])
{
    char tmp[8];
    int n = 0;
    col++;
    while (col > 0 && n < 7) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}
