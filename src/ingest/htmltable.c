/* htmltable.c — tables that web systems and old Excel save under the name .xls: an HTML page
 * (libxml2's forgiving HTML parser, which follows the page's charset), one sheet per
 * <table>; and an Excel 2003 XML spreadsheet, one sheet per <Worksheet>. Both are read whole
 * (they are small: such systems export a page, not a million rows). Spanned cells keep their
 * value in their first cell, as Excel does when it saves a CSV. */
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "guiyan/i18n.h"
#include "wbook_int.h"

typedef struct table {
    gy_wbook base;
    xmlDocPtr doc;
    GPtrArray *sheet_nodes;       /* <table> or <Worksheet> of each sheet */
    GPtrArray *rows;              /* <tr> or <Row> of the selected sheet */
    guint next;
    GArray *pending;              /* HTML: rows each column is still spanned down */
} table;

static gboolean named(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && g_ascii_strcasecmp((const char *)n->name, name) == 0;
}

static char *prop(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (g_ascii_strcasecmp((const char *)a->name, name) == 0) {
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            char *s = g_strdup((const char *)v);
            xmlFree(v);
            return s;
        }
    return NULL;
}

static long prop_long(xmlNodePtr n, const char *name, long dflt)
{
    char *s = prop(n, name);
    long v = s && *s ? strtol(s, NULL, 10) : dflt;
    g_free(s);
    return v;
}

static char *text_of(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = g_strdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

/* Elements named `name` under n, not looking inside another element named `stop`. */
static void collect(xmlNodePtr n, const char *name, const char *stop, GPtrArray *out)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (named(c, name))
            g_ptr_array_add(out, c);
        else if (!stop || !named(c, stop))
            collect(c, name, stop, out);
    }
}

static gy_error table_select(gy_wbook *b, size_t i, GError **err)
{
    (void)err;
    table *t = (table *)b;
    g_ptr_array_set_size(t->rows, 0);
    g_array_set_size(t->pending, 0);
    xmlNodePtr s = g_ptr_array_index(t->sheet_nodes, i);
    if (b->kind == GY_KIND_HTML) {
        collect(s, "tr", "table", t->rows);
    } else {
        GPtrArray *tables = g_ptr_array_new();
        collect(s, "Table", NULL, tables);
        if (tables->len)
            collect(g_ptr_array_index(tables, 0), "Row", NULL, t->rows);
        g_ptr_array_free(tables, TRUE);
    }
    t->next = 0;
    b->row = 0;
    return GY_OK;
}

static void html_row(table *t, xmlNodePtr tr)
{
    gy_wbook *b = &t->base;
    size_t col = 0;
    for (xmlNodePtr c = tr->children; c; c = c->next) {
        if (!named(c, "td") && !named(c, "th"))
            continue;
        while (col < t->pending->len && g_array_index(t->pending, int, col) > 0)
            col++;
        long span = CLAMP(prop_long(c, "colspan", 1), 1, GY_MAX_COLUMNS);
        long down = CLAMP(prop_long(c, "rowspan", 1), 1, 65536);
        char *s = text_of(c);
        if (*s)
            book_cell(b, col, s);
        else
            g_free(s);
        for (long k = 0; k < span && col < GY_MAX_COLUMNS; k++, col++) {
            if (col >= t->pending->len)
                g_array_set_size(t->pending, col + 1);
            /* counted down below, after this row: the cell's own row is included */
            g_array_index(t->pending, int, col) = (int)down;
        }
    }
    for (guint i = 0; i < t->pending->len; i++)
        if (g_array_index(t->pending, int, i) > 0)
            g_array_index(t->pending, int, i)--;
}

static void xml_row(table *t, xmlNodePtr row)
{
    gy_wbook *b = &t->base;
    long col = 0;
    for (xmlNodePtr c = row->children; c; c = c->next) {
        if (!named(c, "Cell"))
            continue;
        long at = prop_long(c, "Index", 0);
        if (at > 0)
            col = at - 1;
        xmlNodePtr data = NULL;
        for (xmlNodePtr d = c->children; d; d = d->next)
            if (named(d, "Data"))
                data = d;
        if (data) {
            char *type = prop(data, "Type"), *s = text_of(data);
            if (type && strcmp(type, "Number") == 0) {
                char buf[64];
                gy_wbook_number_text(g_ascii_strtod(s, NULL), buf);
                g_free(s);
                s = g_strdup(buf);
            } else if (type && strcmp(type, "DateTime") == 0 && strlen(s) >= 10) {
                s[10] = '\0';
            }
            g_free(type);
            if (*s && col >= 0)
                book_cell(b, (size_t)col, s);
            else
                g_free(s);
        }
        col += 1 + MAX(prop_long(c, "MergeAcross", 0), 0);
    }
}

static gy_error table_next(gy_wbook *b, GError **err)
{
    (void)err;
    table *t = (table *)b;
    while (b->n == 0 && t->next < t->rows->len) {
        xmlNodePtr r = g_ptr_array_index(t->rows, t->next++);
        if (b->kind == GY_KIND_HTML) {
            b->row++;
            html_row(t, r);
        } else {
            long at = prop_long(r, "Index", 0);
            b->row = at > 0 ? (unsigned long)at : b->row + 1;
            xml_row(t, r);
        }
    }
    return GY_OK;
}

static void table_free(gy_wbook *b)
{
    table *t = (table *)b;
    if (t->doc)
        xmlFreeDoc(t->doc);
    g_ptr_array_free(t->sheet_nodes, TRUE);
    g_ptr_array_free(t->rows, TRUE);
    g_array_free(t->pending, TRUE);
    g_free(t);
}

static const book_ops table_ops = { table_select, table_next, table_free };

/* GB2312 and GBK pages hold characters past those sets all the same (a name's rare
 * character): read them as GB18030, their superset, or libxml2 stops at the first. */
static const char *html_encoding(const char *path)
{
    char buf[4096];
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp)
        fclose(fp);
    buf[n] = '\0';
    for (char *p = buf; p < buf + n; p++)
        *p = g_ascii_tolower(*p);
    return strstr(buf, "charset=gb2312") || strstr(buf, "charset=\"gb2312") ||
           strstr(buf, "charset=gbk") || strstr(buf, "charset=\"gbk") ||
           strstr(buf, "charset=gb18030") || strstr(buf, "charset=\"gb18030") ? "GB18030" : NULL;
}

gy_wbook *gy_htmltable_open(const char *path, gy_kind kind, GError **err)
{
    table *t = g_new0(table, 1);
    book_init(&t->base, &table_ops, path, kind);
    t->sheet_nodes = g_ptr_array_new();
    t->rows = g_ptr_array_new();
    t->pending = g_array_new(FALSE, TRUE, sizeof(int));
    if (kind == GY_KIND_HTML)
        t->doc = htmlReadFile(path, html_encoding(path), HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                          HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    else
        t->doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                         XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    xmlNodePtr root = t->doc ? xmlDocGetRootElement(t->doc) : NULL;
    if (root && kind == GY_KIND_HTML) {
        collect(root, "table", "table", t->sheet_nodes);
        for (guint i = 0; i < t->sheet_nodes->len; i++)
            g_ptr_array_add(t->base.sheets, g_strdup_printf("表%u", i + 1));
    } else if (root) {
        collect(root, "Worksheet", NULL, t->sheet_nodes);
        for (guint i = 0; i < t->sheet_nodes->len; i++) {
            char *name = prop(g_ptr_array_index(t->sheet_nodes, i), "Name");
            g_ptr_array_add(t->base.sheets, name ? name : g_strdup_printf("Sheet%u", i + 1));
        }
    }
    if (t->sheet_nodes->len == 0) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, kind == GY_KIND_HTML
                    ? _("%s: a web page without a table: save the export as .xlsx or CSV")
                    : _("%s: an Excel XML spreadsheet without a worksheet guiyan can read: open "
                        "it in Excel or WPS and save it as .xlsx or CSV"), path);
        gy_wbook_free(&t->base);
        return NULL;
    }
    table_select(&t->base, 0, NULL);
    return &t->base;
}
