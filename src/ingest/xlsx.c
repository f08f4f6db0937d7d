/* xlsx.c — read an .xlsx workbook one row at a time: libzip opens the package, libxml2's
 * xmlTextReader streams the sheet, so memory holds the shared strings and one row, never
 * the sheet. Dates are told by the cell's number format (built-in ids and format codes) in
 * the workbook's date system (1900 or 1904). */
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/xmlreader.h>

#include "guiyan/i18n.h"
#include "wbook_int.h"

#define PART_MAX (256u << 20)     /* workbook.xml, rels, styles: far smaller in practice */

typedef struct xlsx {
    gy_wbook base;
    zip_t *zip;
    gboolean d1904;
    GPtrArray *sheet_parts;       /* part name of each sheet, in workbook order */
    GStringChunk *strings;
    GPtrArray *sst;               /* shared strings (in strings) */
    GArray *xf_date;              /* gboolean per cellXfs entry: a date format */
    zip_file_t *zf;               /* the sheet being read */
    xmlTextReaderPtr rd;
    GString *val;
    char *err_msg;                /* libxml2's first complaint about the sheet */
    gboolean done;
    size_t cur;                   /* the sheet selected */
} xlsx;

static void on_xml_error(void *ctx, const xmlError *e)
{
    char **msg = ctx;
    if (!*msg && e && e->message)
        *msg = g_strstrip(g_strdup_printf("line %d: %s", e->line, e->message));
}

static int zip_read_cb(void *ctx, char *buf, int len)
{
    zip_int64_t n = zip_fread(ctx, buf, (zip_uint64_t)len);
    return n < 0 ? -1 : (int)n;
}

/* A part of the package read whole (NULL if absent); *len its size. */
static char *slurp(zip_t *z, const char *name, size_t *len)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > PART_MAX)
        return NULL;
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        return NULL;
    char *buf = g_malloc(st.size + 1);
    zip_int64_t n = zip_fread(f, buf, st.size);
    zip_fclose(f);
    if (n != (zip_int64_t)st.size) {
        g_free(buf);
        return NULL;
    }
    buf[st.size] = '\0';
    *len = st.size;
    return buf;
}

static xmlTextReaderPtr reader_for(const char *buf, size_t len, char **msg)
{
    xmlTextReaderPtr r = xmlReaderForMemory(buf, (int)len, NULL, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                            XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    if (r)
        xmlTextReaderSetStructuredErrorHandler(r, (xmlStructuredErrorFunc)on_xml_error, msg);
    return r;
}

/* The attribute whose local name is `local` (any namespace), newly allocated, or NULL. */
static char *attr(xmlTextReaderPtr r, const char *local)
{
    char *v = NULL;
    if (xmlTextReaderMoveToFirstAttribute(r) != 1)
        return NULL;
    do {
        const char *n = (const char *)xmlTextReaderConstLocalName(r);
        if (n && strcmp(n, local) == 0) {
            v = g_strdup((const char *)xmlTextReaderConstValue(r));
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
    return v;
}

static gboolean is_elem(xmlTextReaderPtr r, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

static gboolean is_end(xmlTextReaderPtr r, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

/* Whether a number format code shows a date: a y or d outside quotes, escapes and [..]
 * (a format with only h, m, s is a time, left a number). */
static gboolean format_is_date(const char *code)
{
    gboolean date = FALSE;
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!p[1])
                break;
            p++;
        } else if (*p == '[') {
            const char *q = strchr(p, ']');
            if (!q)
                break;
            p = q;
        } else if (*p == ';') {
            break;                    /* the positive section decides */
        } else if (strchr("yYdD", *p)) {
            date = TRUE;
        }
    }
    return date;
}

/* Built-in number formats that are dates (ECMA-376 18.8.30, with the zh-CN ids 27-36 and
 * 50-58 Excel writes without a numFmt element). */
static gboolean builtin_is_date(long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
           (id >= 50 && id <= 54) || id == 57 || id == 58;
}

static void load_styles(xlsx *x)
{
    size_t len;
    char *buf = slurp(x->zip, "xl/styles.xml", &len);
    x->xf_date = g_array_new(FALSE, TRUE, sizeof(gboolean));
    if (!buf)
        return;
    char *msg = NULL;
    xmlTextReaderPtr r = reader_for(buf, len, &msg);
    GHashTable *custom = g_hash_table_new_full(NULL, NULL, NULL, NULL);
    gboolean in_xfs = FALSE;
    while (r && xmlTextReaderRead(r) == 1) {
        if (is_elem(r, "numFmt")) {
            char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
            if (id && code)
                g_hash_table_insert(custom, GINT_TO_POINTER(atoi(id) + 1),
                                    GINT_TO_POINTER(format_is_date(code) ? 2 : 1));
            g_free(id);
            g_free(code);
        } else if (is_elem(r, "cellXfs")) {
            in_xfs = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "cellXfs")) {
            in_xfs = FALSE;
        } else if (in_xfs && is_elem(r, "xf")) {
            char *id = attr(r, "numFmtId");
            long n = id ? atol(id) : 0;
            int c = GPOINTER_TO_INT(g_hash_table_lookup(custom, GINT_TO_POINTER((int)n + 1)));
            gboolean d = c ? c == 2 : builtin_is_date(n);
            g_array_append_val(x->xf_date, d);
            g_free(id);
        }
    }
    if (r)
        xmlFreeTextReader(r);
    g_hash_table_destroy(custom);
    g_free(msg);
    g_free(buf);
}

/* Shared strings, streamed: the text of each <si>, phonetic runs (<rPh>) left out. */
static gboolean load_sst(xlsx *x, GError **err)
{
    x->strings = g_string_chunk_new(1 << 16);
    x->sst = g_ptr_array_new();
    zip_file_t *f = zip_fopen(x->zip, "xl/sharedStrings.xml", 0);
    if (!f)
        return TRUE;                  /* a workbook without text */
    char *msg = NULL;
    xmlTextReaderPtr r = xmlReaderForIO(zip_read_cb, NULL, f, NULL, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                                        XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    if (r)
        xmlTextReaderSetStructuredErrorHandler(r, (xmlStructuredErrorFunc)on_xml_error, &msg);
    GString *s = g_string_new(NULL);
    gboolean in_t = FALSE, in_rph = FALSE, in_si = FALSE;
    int ret = 0;
    while (r && (ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *n = (const char *)xmlTextReaderConstLocalName(r);
            gboolean empty = xmlTextReaderIsEmptyElement(r);
            if (strcmp(n, "si") == 0) {
                g_string_truncate(s, 0);
                in_si = !empty;
                if (empty)
                    g_ptr_array_add(x->sst, g_string_chunk_insert_const(x->strings, ""));
            } else if (strcmp(n, "t") == 0) {
                in_t = !empty;
            } else if (strcmp(n, "rPh") == 0) {
                in_rph = !empty;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            const char *n = (const char *)xmlTextReaderConstLocalName(r);
            if (strcmp(n, "si") == 0 && in_si) {
                g_ptr_array_add(x->sst, g_string_chunk_insert_len(x->strings, s->str,
                                                                  (gssize)s->len));
                in_si = FALSE;
            } else if (strcmp(n, "t") == 0) {
                in_t = FALSE;
            } else if (strcmp(n, "rPh") == 0) {
                in_rph = FALSE;
            }
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE
                    || type == XML_READER_TYPE_CDATA) && in_t && !in_rph && in_si) {
            g_string_append(s, (const char *)xmlTextReaderConstValue(r));
        }
    }
    if (r)
        xmlFreeTextReader(r);
    zip_fclose(f);
    g_string_free(s, TRUE);
    if (ret < 0 || !r) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: the workbook's shared strings cannot "
                    "be read (%s): open it in Excel or WPS and save it again"), x->base.path,
                    msg ? msg : "?");
        g_free(msg);
        return FALSE;
    }
    g_free(msg);
    return TRUE;
}

/* Sheets in workbook order, their parts found through the workbook's relationships. */
static gboolean load_workbook(xlsx *x, GError **err)
{
    size_t len, rlen;
    char *wb = slurp(x->zip, "xl/workbook.xml", &len);
    char *rels = slurp(x->zip, "xl/_rels/workbook.xml.rels", &rlen);
    if (!wb || !rels) {
        g_free(wb);
        g_free(rels);
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: a ZIP file without the parts of an Excel "
                    "workbook (xl/workbook.xml and its relationships): if it is a workbook, open "
                    "it in Excel or WPS and save it as .xlsx or CSV"), x->base.path);
        return FALSE;
    }
    GHashTable *target = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *msg = NULL;
    xmlTextReaderPtr r = reader_for(rels, rlen, &msg);
    while (r && xmlTextReaderRead(r) == 1)
        if (is_elem(r, "Relationship")) {
            char *id = attr(r, "Id"), *t = attr(r, "Target");
            if (id && t) {
                char *part = t[0] == '/' ? g_strdup(t + 1) : g_strconcat("xl/", t, NULL);
                g_hash_table_insert(target, id, part);
                id = NULL;
            }
            g_free(id);
            g_free(t);
        }
    if (r)
        xmlFreeTextReader(r);
    r = reader_for(wb, len, &msg);
    while (r && xmlTextReaderRead(r) == 1) {
        if (is_elem(r, "workbookPr")) {
            char *d = attr(r, "date1904");
            x->d1904 = d && (strcmp(d, "1") == 0 || g_ascii_strcasecmp(d, "true") == 0);
            g_free(d);
        } else if (is_elem(r, "sheet")) {
            char *name = attr(r, "name"), *id = attr(r, "id");
            const char *part = id ? g_hash_table_lookup(target, id) : NULL;
            if (name && part) {
                g_ptr_array_add(x->base.sheets, name);
                g_ptr_array_add(x->sheet_parts, g_strdup(part));
                name = NULL;
            }
            g_free(name);
            g_free(id);
        }
    }
    if (r)
        xmlFreeTextReader(r);
    g_free(msg);
    g_hash_table_destroy(target);
    g_free(wb);
    g_free(rels);
    if (x->base.sheets->len == 0) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: the workbook has no worksheet guiyan "
                    "can find: open it in Excel or WPS and save it as .xlsx or CSV"),
                    x->base.path);
        return FALSE;
    }
    return TRUE;
}

static void sheet_close(xlsx *x)
{
    if (x->rd)
        xmlFreeTextReader(x->rd);
    if (x->zf)
        zip_fclose(x->zf);
    x->rd = NULL;
    x->zf = NULL;
    g_clear_pointer(&x->err_msg, g_free);
}

static gy_error xlsx_select(gy_wbook *b, size_t i, GError **err)
{
    xlsx *x = (xlsx *)b;
    sheet_close(x);
    const char *part = g_ptr_array_index(x->sheet_parts, i);
    x->zf = zip_fopen(x->zip, part, 0);
    if (x->zf)
        x->rd = xmlReaderForIO(zip_read_cb, NULL, x->zf, NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                               XML_PARSE_HUGE);
    if (!x->rd) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: sheet %s cannot be read (%s missing): "
                    "open the workbook in Excel or WPS and save it again"), b->path,
                    gy_wbook_sheet_name(b, i), part);
        return GY_E_NOT_TEXT;
    }
    xmlTextReaderSetStructuredErrorHandler(x->rd, (xmlStructuredErrorFunc)on_xml_error,
                                           &x->err_msg);
    x->done = FALSE;
    x->cur = i;
    b->row = 0;
    return GY_OK;
}

/* "AB12" → column 27 (0-based); -1 if it has no letters. */
static long ref_col(const char *ref)
{
    long c = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++)
        c = c * 26 + (*p - 'A' + 1);
    return p == ref ? -1 : c - 1;
}

/* The text of a finished cell: t its type attribute, style its s attribute. */
static char *cell_text(xlsx *x, const char *t, long style, const GString *v)
{
    if (t && (strcmp(t, "s") == 0)) {
        long i = atol(v->str);
        return g_strdup(i >= 0 && (guint)i < x->sst->len ? g_ptr_array_index(x->sst, i) : "");
    }
    if (t && (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "e") == 0))
        return g_strdup(v->str);
    if (t && strcmp(t, "b") == 0)
        return g_strdup(strcmp(v->str, "1") == 0 ? "TRUE" : "FALSE");
    if (t && strcmp(t, "d") == 0)       /* strict OOXML: an ISO 8601 date */
        return g_strndup(v->str, 10);
    if (!v->len)
        return NULL;
    char *end;
    double d = g_ascii_strtod(v->str, &end);
    if (end == v->str)
        return g_strdup(v->str);
    if (style >= 0 && (guint)style < x->xf_date->len && g_array_index(x->xf_date, gboolean, style)) {
        char *s = book_date_text(d, x->d1904, FALSE);
        if (s)
            return s;
    }
    char buf[64];
    gy_wbook_number_text(d, buf);
    return g_strdup(buf);
}

static gy_error xlsx_next(gy_wbook *b, GError **err)
{
    xlsx *x = (xlsx *)b;
    xmlTextReaderPtr r = x->rd;
    if (!r || x->done)
        return GY_OK;
    long col = -1, style = -1;
    char *t = NULL;
    gboolean in_v = FALSE, in_t = FALSE, in_rph = FALSE, in_c = FALSE;
    int ret;
    while ((ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *n = (const char *)xmlTextReaderConstLocalName(r);
            gboolean empty = xmlTextReaderIsEmptyElement(r);
            if (n[0] == 'c' && n[1] == '\0') {
                char *ref = attr(r, "r"), *s = attr(r, "s");
                g_free(t);
                t = attr(r, "t");
                col = ref ? ref_col(ref) : col + 1;
                if (col < 0)
                    col = 0;
                style = s ? atol(s) : -1;
                g_free(ref);
                g_free(s);
                g_string_truncate(x->val, 0);
                in_c = !empty;
            } else if (strcmp(n, "v") == 0) {
                in_v = !empty;
            } else if (n[0] == 't' && n[1] == '\0') {
                in_t = !empty;
            } else if (strcmp(n, "rPh") == 0) {
                in_rph = !empty;
            } else if (strcmp(n, "row") == 0) {
                char *rr = attr(r, "r");
                b->row = rr ? strtoul(rr, NULL, 10) : b->row + 1;
                g_free(rr);
                col = -1;
                if (empty)
                    continue;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            const char *n = (const char *)xmlTextReaderConstLocalName(r);
            if (n[0] == 'c' && n[1] == '\0' && in_c) {
                char *s = cell_text(x, t, style, x->val);
                if (s)
                    book_cell(b, (size_t)col, s);
                in_c = FALSE;
            } else if (strcmp(n, "v") == 0) {
                in_v = FALSE;
            } else if (n[0] == 't' && n[1] == '\0') {
                in_t = FALSE;
            } else if (strcmp(n, "rPh") == 0) {
                in_rph = FALSE;
            } else if (strcmp(n, "row") == 0) {
                if (b->n > 0)
                    break;
            } else if (strcmp(n, "sheetData") == 0) {
                x->done = TRUE;
                break;
            }
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                   type == XML_READER_TYPE_CDATA) {
            if (in_c && (in_v || (in_t && !in_rph)))
                g_string_append(x->val, (const char *)xmlTextReaderConstValue(r));
        }
    }
    g_free(t);
    if (ret == 0)
        x->done = TRUE;
    if (ret < 0) {
        x->done = TRUE;
        book_row_clear(b);
        g_set_error(err, GY_ERROR, GY_E_IO, _("%s: sheet %s is damaged after row %lu (%s): open "
                    "the workbook in Excel or WPS and save it again"), b->path,
                    gy_wbook_sheet_name(b, x->cur), b->row, x->err_msg ? x->err_msg : "?");
        return GY_E_IO;
    }
    return GY_OK;
}

static void xlsx_free(gy_wbook *b)
{
    xlsx *x = (xlsx *)b;
    sheet_close(x);
    if (x->zip)
        zip_discard(x->zip);
    if (x->sheet_parts)
        g_ptr_array_free(x->sheet_parts, TRUE);
    if (x->sst)
        g_ptr_array_free(x->sst, TRUE);
    if (x->strings)
        g_string_chunk_free(x->strings);
    if (x->xf_date)
        g_array_free(x->xf_date, TRUE);
    if (x->val)
        g_string_free(x->val, TRUE);
    g_free(x);
}

static const book_ops xlsx_ops = { xlsx_select, xlsx_next, xlsx_free };

gy_wbook *gy_xlsx_open(const char *path, GError **err)
{
    xlsx *x = g_new0(xlsx, 1);
    book_init(&x->base, &xlsx_ops, path, GY_KIND_XLSX);
    x->sheet_parts = g_ptr_array_new_with_free_func(g_free);
    x->val = g_string_new(NULL);
    int zerr = 0;
    x->zip = zip_open(path, ZIP_RDONLY, &zerr);
    if (!x->zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        g_set_error(err, GY_ERROR, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ? GY_E_IO : GY_E_NOT_TEXT,
                    _("%s: a damaged workbook or ZIP file (%s): open it in Excel or WPS and "
                      "save it as .xlsx or CSV"), path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        gy_wbook_free(&x->base);
        return NULL;
    }
    if (!load_workbook(x, err) || !load_sst(x, err)) {
        gy_wbook_free(&x->base);
        return NULL;
    }
    load_styles(x);
    if (xlsx_select(&x->base, 0, err) != GY_OK) {
        gy_wbook_free(&x->base);
        return NULL;
    }
    return &x->base;
}
