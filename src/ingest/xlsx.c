/* xlsx.c — read an .xlsx workbook one row at a time: libzip opens the package, libxml2's
 * xmlTextReader streams the sheet, so memory holds the shared strings and one row, never
 * the sheet. Dates are told by the cell's number format (built-in ids and format codes) in
 * the workbook's date system (1900 or 1904). */
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/xmlreader.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "wbook_int.h"
#include "xlsx_sheet.h"

#define PART_MAX (256u << 20)     /* workbook.xml, rels, styles: far smaller in practice */

typedef struct xlsx {
    gy_wbook base;
    zip_t *zip;
    gboolean d1904;
    GPtrArray *sheet_parts;       /* part name of each sheet, in workbook order */
    GStringChunk *strings;
    GPtrArray *sst;               /* shared strings (in strings) */
    GArray *xf_date;              /* gboolean per cellXfs entry: a date format */
    size_t cur;                   /* the sheet selected */
    xs_sheet *sheet;              /* its cells, parsed on threads */
    xs_batch *batch;              /* the rows being handed out */
    guint next_row;
    GString *scratch;             /* the row's cells that are not in the batch as they are */
    GArray *slots;                /* slot: where each of them is */
    char blank;                   /* the row's cells without a value: "" */
    unsigned long row;            /* the last row's number */
} xlsx;

typedef struct slot {
    long col;
    char *direct;                 /* in the batch, or NULL: */
    guint off;                    /* in scratch */
} slot;

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
    xs_close(x->sheet);
    x->sheet = NULL;
    x->batch = NULL;
}

/* Whether a number cell's text is already what Excel's General format shows, what
 * gy_wbook_number_text would make of it: an optional minus, an integer part without leading
 * zeros, a fraction without trailing zeros, at most 15 significant digits (a double keeps
 * them), 0.0001 or more (no exponent). Most cells of an export are such. */
gboolean gy_xlsx_number_as_is(const char *v, size_t len)
{
    const char *p = v, *e = v + len, *ip, *fp;
    if (p < e && *p == '-')
        p++;
    for (ip = p; p < e && g_ascii_isdigit(*p); p++)
        ;
    size_t il = (size_t)(p - ip);
    if (il == 0 || il > 15 || (il > 1 && ip[0] == '0'))
        return FALSE;
    gboolean zero = ip[0] == '0';
    if (p == e)
        return !(zero && v[0] == '-');               /* -0 shows as 0 */
    if (*p != '.')
        return FALSE;
    for (fp = ++p; p < e && g_ascii_isdigit(*p); p++)
        ;
    size_t fl = (size_t)(p - fp), lead = 0;
    if (p != e || fl == 0 || fp[fl - 1] == '0')
        return FALSE;
    if (!zero)
        return il + fl <= 15;
    while (fp[lead] == '0')
        lead++;
    return lead < 4 && fl - lead <= 15;
}

/* A number cell's text (c->len > 0): the date its style shows, or the number as Excel shows
 * it, into out; NULL when v is as it is shown. */
static const char *number_text(xlsx *x, const xs_cell *c, const char *v, char out[64])
{
    gboolean date = c->style >= 0 && (guint)c->style < x->xf_date->len &&
                    g_array_index(x->xf_date, gboolean, c->style);
    if (!date && gy_xlsx_number_as_is(v, c->len))
        return NULL;
    char *end;
    double d = g_ascii_strtod(v, &end);
    if (end == v)
        return NULL;                  /* not a number: kept as text */
    int y, m, dd;
    if (date && gy_wbook_serial_date(d, x->d1904, &y, &m, &dd)) {
        gy_day_format(gy_day_from_ymd(y, m, dd), out);
        return out;
    }
    gy_wbook_number_text(d, out);
    return out;
}

/* The next row of the batch with a value into the row being built: its cells point into the
 * batch (text, numbers shown as they are) or into x->scratch (shared strings, dates, numbers
 * reformatted). FALSE for a row without a value. */
static gboolean row_cells(xlsx *x, xs_batch *bt, const xs_row *r)
{
    gy_wbook *b = &x->base;
    g_string_truncate(x->scratch, 0);
    g_array_set_size(x->slots, 0);
    for (guint k = 0; k < r->n; k++) {
        xs_cell *c = &g_array_index(bt->cells, xs_cell, r->first + k);
        char *v = bt->text->str + c->off;
        slot sl = { c->col, NULL, (guint)x->scratch->len };
        const char *add = NULL;
        char num[64];
        switch (c->type) {
        case XS_SHARED: {
            long i = atol(v);
            add = i >= 0 && (guint)i < x->sst->len ? g_ptr_array_index(x->sst, i) : "";
            break;
        }
        case XS_TEXT:
            sl.direct = v;
            break;
        case XS_BOOL:
            add = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
            break;
        case XS_DATE:               /* strict OOXML: an ISO 8601 date */
            v[MIN(c->len, 10)] = '\0';
            sl.direct = v;
            break;
        case XS_NUM:
            if (!c->len)
                continue;           /* no value */
            add = number_text(x, c, v, num);
            if (!add)
                sl.direct = v;
            break;
        }
        if (add)
            g_string_append_len(x->scratch, add, (gssize)strlen(add) + 1);
        g_array_append_val(x->slots, sl);
    }
    for (guint k = 0; k < x->slots->len; k++) {
        slot *sl = &g_array_index(x->slots, slot, k);
        book_cell_ref(b, (size_t)sl->col, sl->direct ? sl->direct : x->scratch->str + sl->off,
                      &x->blank);
    }
    return b->n > 0;
}

/* Pieces of this many bytes of rows are parsed on the threads; GUIYAN_XLSX_PIECE sets it, for
 * the tests. GUIYAN_THREADS=1 parses on the caller's thread. */
#define SHEET_PIECE (2u << 20)

static gy_error xlsx_select(gy_wbook *b, size_t i, GError **err)
{
    xlsx *x = (xlsx *)b;
    sheet_close(x);
    const char *part = g_ptr_array_index(x->sheet_parts, i);
    zip_file_t *zf = zip_fopen(x->zip, part, 0);
    if (!zf) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: sheet %s cannot be read (%s missing): "
                    "open the workbook in Excel or WPS and save it again"), b->path,
                    gy_wbook_sheet_name(b, i), part);
        return GY_E_NOT_TEXT;
    }
    const char *th = g_getenv("GUIYAN_THREADS"), *pc = g_getenv("GUIYAN_XLSX_PIECE");
    int cpus = (int)g_get_num_processors();
    int threads = th && atoi(th) > 0 ? atoi(th) : cpus <= 1 ? 1 : MIN(cpus, 4) + 1;
    size_t piece = pc ? (size_t)MAX(g_ascii_strtoull(pc, NULL, 10), 1) : SHEET_PIECE;
    x->sheet = xs_open(zf, part, threads, piece);
    x->cur = i;
    x->row = 0;
    b->row = 0;
    return GY_OK;
}

static gy_error xlsx_next(gy_wbook *b, GError **err)
{
    xlsx *x = (xlsx *)b;
    for (;;) {
        xs_batch *bt = x->batch;
        if (bt && x->next_row < bt->rows->len) {
            xs_row r = g_array_index(bt->rows, xs_row, x->next_row++);
            x->row = r.r != XS_NO_R ? r.r : x->row + 1;
            if (!row_cells(x, bt, &r))
                continue;             /* a row without a value */
            b->row = x->row;
            return GY_OK;
        }
        if (!x->sheet)
            return GY_OK;
        x->batch = xs_next(x->sheet);
        x->next_row = 0;
        if (!x->batch) {
            sheet_close(x);
            return GY_OK;
        }
        if (x->batch->error) {
            char *msg = g_strdup(x->batch->error);
            sheet_close(x);
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
    if (x->scratch)
        g_string_free(x->scratch, TRUE);
    if (x->slots)
        g_array_free(x->slots, TRUE);
    g_free(x);
}

static const book_ops xlsx_ops = { xlsx_select, xlsx_next, xlsx_free };

gy_wbook *gy_xlsx_open(const char *path, GError **err)
{
    xlsx *x = g_new0(xlsx, 1);
    book_init(&x->base, &xlsx_ops, path, GY_KIND_XLSX);
    x->sheet_parts = g_ptr_array_new_with_free_func(g_free);
    x->scratch = g_string_sized_new(1024);
    x->slots = g_array_new(FALSE, FALSE, sizeof(slot));
    x->base.borrowed = TRUE;
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
