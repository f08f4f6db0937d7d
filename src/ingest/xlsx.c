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
    xmlParserCtxtPtr sax;         /* its SAX2 push parser: fed a block at a time */
    char *block;
    GString *val;                 /* the text of the cell being parsed */
    gboolean done;                /* the sheet's data has ended (or failed) */
    size_t cur;                   /* the sheet selected */
    /* the cell being parsed */
    long col, style;
    char type[12];
    gboolean in_c, in_v, in_t, in_rph;
    unsigned long row;            /* the row being parsed */
    /* rows the last block completed, not yet handed out: row numbers and (first, count) into
     * the cells, which are (column, text) */
    GArray *rows;                 /* done_row */
    GArray *cells;                /* done_cell */
    guint next_row;
} xlsx;

typedef struct done_row {
    unsigned long row;
    guint first, n;
} done_row;

typedef struct done_cell {
    size_t col;
    char *text;
} done_cell;

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

static void queue_clear(xlsx *x)
{
    for (guint i = 0; i < x->cells->len; i++)
        g_free(g_array_index(x->cells, done_cell, i).text);
    g_array_set_size(x->cells, 0);
    g_array_set_size(x->rows, 0);
    x->next_row = 0;
}

static void sheet_close(xlsx *x)
{
    if (x->sax) {
        if (x->sax->myDoc)
            xmlFreeDoc(x->sax->myDoc);
        xmlFreeParserCtxt(x->sax);
    }
    if (x->zf)
        zip_fclose(x->zf);
    x->sax = NULL;
    x->zf = NULL;
    queue_clear(x);
}

/* "AB12" → column 27 (0-based); -1 if it has no letters. */
static long ref_col(const char *ref, const char *end)
{
    long c = 0;
    const char *p = ref;
    for (; p < end && *p >= 'A' && *p <= 'Z'; p++)
        c = c * 26 + (*p - 'A' + 1);
    return p == ref ? -1 : c - 1;
}

/* The text of a finished cell: its type attribute and style. */
static char *cell_text(xlsx *x, const char *t, long style, const GString *v)
{
    if (t[0] == 's' && t[1] == '\0') {
        long i = atol(v->str);
        return g_strdup(i >= 0 && (guint)i < x->sst->len ? g_ptr_array_index(x->sst, i) : "");
    }
    if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "e") == 0)
        return g_strdup(v->str);
    if (strcmp(t, "b") == 0)
        return g_strdup(strcmp(v->str, "1") == 0 ? "TRUE" : "FALSE");
    if (strcmp(t, "d") == 0)            /* strict OOXML: an ISO 8601 date */
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

/* SAX2 callbacks: a sheet streams by as elements; a finished row is queued. libxml2's SAX2
 * parser is several times quicker than its xmlTextReader, which builds a node per element. */
static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attr,
                     int nb_def, const xmlChar **attrs)
{
    (void)prefix, (void)uri, (void)nb_ns, (void)ns, (void)nb_def;
    xlsx *x = ctx;
    const char *n = (const char *)localname;
    if (n[0] == 'c' && n[1] == '\0') {
        long col = -1;
        x->style = -1;
        strcpy(x->type, "n");
        for (int i = 0; i < nb_attr; i++) {
            const char *an = (const char *)attrs[5 * i];
            const char *v = (const char *)attrs[5 * i + 3], *e = (const char *)attrs[5 * i + 4];
            if (an[0] == 'r' && an[1] == '\0')
                col = ref_col(v, e);
            else if (an[0] == 's' && an[1] == '\0')
                x->style = strtol(v, NULL, 10);
            else if (an[0] == 't' && an[1] == '\0') {
                /* the value is not NUL-ended: it lies in the parser's buffer */
                size_t len = MIN(sizeof x->type - 1, (size_t)(e - v));
                memcpy(x->type, v, len);
                x->type[len] = '\0';
            }
        }
        x->col = col >= 0 ? col : x->col + 1;
        g_string_truncate(x->val, 0);
        x->in_c = TRUE;
    } else if (n[0] == 'v' && n[1] == '\0') {
        x->in_v = TRUE;
    } else if (n[0] == 't' && n[1] == '\0') {
        x->in_t = TRUE;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = TRUE;
    } else if (strcmp(n, "row") == 0) {
        unsigned long r = x->row + 1;
        for (int i = 0; i < nb_attr; i++)
            if (strcmp((const char *)attrs[5 * i], "r") == 0)
                r = strtoul((const char *)attrs[5 * i + 3], NULL, 10);
        x->row = r;
        x->col = -1;
        done_row d = { r, x->cells->len, 0 };
        g_array_append_val(x->rows, d);
    }
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    (void)prefix, (void)uri;
    xlsx *x = ctx;
    const char *n = (const char *)localname;
    if (n[0] == 'c' && n[1] == '\0' && x->in_c) {
        x->in_c = FALSE;
        char *t = cell_text(x, x->type, x->style, x->val);
        if (t && x->rows->len) {
            done_cell c = { (size_t)MAX(x->col, 0), t };
            g_array_append_val(x->cells, c);
            g_array_index(x->rows, done_row, x->rows->len - 1).n++;
        } else {
            g_free(t);
        }
    } else if (n[0] == 'v' && n[1] == '\0') {
        x->in_v = FALSE;
    } else if (n[0] == 't' && n[1] == '\0') {
        x->in_t = FALSE;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = FALSE;
    } else if (strcmp(n, "row") == 0) {
        if (x->rows->len && g_array_index(x->rows, done_row, x->rows->len - 1).n == 0)
            g_array_set_size(x->rows, x->rows->len - 1);       /* a row without a value */
    } else if (strcmp(n, "sheetData") == 0) {
        x->done = TRUE;
        xmlStopParser(x->sax);
    }
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    xlsx *x = ctx;
    if (x->in_c && (x->in_v || (x->in_t && !x->in_rph)))
        g_string_append_len(x->val, (const char *)ch, len);
}

static void on_sax_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx, (void)e;   /* read through xmlCtxtGetLastError when a chunk fails */
}

#define SHEET_BLOCK (256u << 10)

static gy_error xlsx_select(gy_wbook *b, size_t i, GError **err)
{
    xlsx *x = (xlsx *)b;
    sheet_close(x);
    const char *part = g_ptr_array_index(x->sheet_parts, i);
    x->zf = zip_fopen(x->zip, part, 0);
    if (x->zf) {
        xmlSAXHandler h = { .initialized = XML_SAX2_MAGIC, .startElementNs = on_start,
                            .endElementNs = on_end, .characters = on_text,
                            .cdataBlock = on_text, .serror = on_sax_error };
        x->sax = xmlCreatePushParserCtxt(&h, x, NULL, 0, part);     /* h is copied */
        if (x->sax)
            xmlCtxtUseOptions(x->sax, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_HUGE);
    }
    if (!x->sax) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: sheet %s cannot be read (%s missing): "
                    "open the workbook in Excel or WPS and save it again"), b->path,
                    gy_wbook_sheet_name(b, i), part);
        return GY_E_NOT_TEXT;
    }
    x->done = FALSE;
    x->cur = i;
    x->row = 0;
    x->col = -1;
    x->in_c = x->in_v = x->in_t = x->in_rph = FALSE;
    b->row = 0;
    return GY_OK;
}

static gy_error xlsx_next(gy_wbook *b, GError **err)
{
    xlsx *x = (xlsx *)b;
    for (;;) {
        /* a row the last block completed; the row still being parsed stays queued */
        guint ready = x->rows->len - (x->done || !x->rows->len ? 0 : 1);
        if (x->next_row < ready) {
            done_row d = g_array_index(x->rows, done_row, x->next_row++);
            for (guint k = 0; k < d.n; k++) {
                done_cell *c = &g_array_index(x->cells, done_cell, d.first + k);
                book_cell(b, c->col, c->text);
                c->text = NULL;
            }
            b->row = d.row;
            return GY_OK;
        }
        if (x->done || !x->sax)
            return GY_OK;
        /* keep the row being parsed, drop those handed out */
        if (x->next_row > 0) {
            done_row keep = { 0, 0, 0 };
            bool open = x->rows->len > x->next_row;
            if (open)
                keep = g_array_index(x->rows, done_row, x->rows->len - 1);
            GArray *tail = g_array_new(FALSE, FALSE, sizeof(done_cell));
            if (open)
                g_array_append_vals(tail, &g_array_index(x->cells, done_cell, keep.first), keep.n);
            g_array_set_size(x->cells, 0);
            g_array_append_vals(x->cells, tail->data, tail->len);
            g_array_free(tail, TRUE);
            g_array_set_size(x->rows, 0);
            if (open) {
                keep.first = 0;
                g_array_append_val(x->rows, keep);
            }
            x->next_row = 0;
        }
        if (!x->block)
            x->block = g_malloc(SHEET_BLOCK);
        zip_int64_t n = zip_fread(x->zf, x->block, SHEET_BLOCK);
        int rc = n < 0 ? -1 : xmlParseChunk(x->sax, x->block, (int)n, n == 0);
        if (n == 0)
            x->done = TRUE;
        if (rc != 0 && !x->done) {
            const xmlError *e = xmlCtxtGetLastError(x->sax);
            char *msg = e && e->message ? g_strstrip(g_strdup_printf("line %d: %s", e->line,
                                                                     e->message))
                                        : g_strdup(zip_file_strerror(x->zf));
            x->done = TRUE;
            queue_clear(x);
            book_row_clear(b);
            g_set_error(err, GY_ERROR, GY_E_IO, _("%s: sheet %s is damaged after row %lu (%s): "
                        "open the workbook in Excel or WPS and save it again"), b->path,
                        gy_wbook_sheet_name(b, x->cur), b->row, msg);
            g_free(msg);
            return GY_E_IO;
        }
    }
}

static void xlsx_free(gy_wbook *b)
{
    xlsx *x = (xlsx *)b;
    sheet_close(x);
    g_free(x->block);
    if (x->rows)
        g_array_free(x->rows, TRUE);
    if (x->cells)
        g_array_free(x->cells, TRUE);
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
    x->rows = g_array_new(FALSE, FALSE, sizeof(done_row));
    x->cells = g_array_new(FALSE, FALSE, sizeof(done_cell));
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
