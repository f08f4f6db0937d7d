/* letter_docx.c — a reply draft as an editable .docx: the Word template's parts copied as they
 * are, its {{BODY}} paragraph replaced by the draft's paragraphs in their styles (libzip,
 * libxml2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "guiyan/i18n.h"
#include "guiyan/letter.h"
#include "guiyan/output.h"
#include "guiyan/error.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define DCTERMS_NS "http://purl.org/dc/terms/"
#define BODY_MARKER "{{BODY}}"
#define TEMPLATE_NAME "reply_template.docx"
#define DOCUMENT_PART "word/document.xml"
#define STYLES_PART "word/styles.xml"
#define CORE_PART "docProps/core.xml"

/* Ceilings against a runaway or hostile template. */
#define MAX_PARTS 4096
#define MAX_PART_BYTES (64u << 20)
#define MAX_TEMPLATE_BYTES (256u << 20)      /* all parts together, unpacked */

/* The paragraph style of each kind (style ids of reply_template.docx). */
static const char *const STYLE_OF[] = {
    [GY_PARA_CATEGORY] = "GyCategory",   [GY_PARA_ORG] = "GyOrg",
    [GY_PARA_DOCNO] = "GyDocNo",         [GY_PARA_TITLE] = "GyTitle",
    [GY_PARA_ADDRESSEE] = "GyAddressee", [GY_PARA_BODY] = "GyBody",
    [GY_PARA_HEADING1] = "GyHeading1",   [GY_PARA_HEADING2] = "GyHeading2",
    [GY_PARA_SIGNATURE] = "GySignature", [GY_PARA_DATE] = "GyDate",
    [GY_PARA_NOTE] = "GyNote",           [GY_PARA_CC] = "GyCc",
};
#define N_KINDS (sizeof STYLE_OF / sizeof STYLE_OF[0])

static const char *style_of(gy_para_kind k)
{
    return (unsigned)k < N_KINDS && STYLE_OF[k] ? STYLE_OF[k] : STYLE_OF[GY_PARA_BODY];
}

typedef struct docx_part {
    char *name;
    guint8 *data;
    size_t len;
} docx_part;

static void part_free(gpointer p)
{
    docx_part *pt = p;
    if (!pt)
        return;
    g_free(pt->name);
    g_free(pt->data);
    g_free(pt);
}

static docx_part *part_find(GPtrArray *parts, const char *name)
{
    for (guint i = 0; i < parts->len; i++) {
        docx_part *pt = g_ptr_array_index(parts, i);
        if (strcmp(pt->name, name) == 0)
            return pt;
    }
    return NULL;
}

/* ---- the document date ---- */

/* The draft's 成文日期, else SOURCE_DATE_EPOCH's (UTC) day, else 1980-01-01 (the zip epoch). */
static void doc_date(const gy_draft *d, int *y, int *m, int *day)
{
    int yy, mm, dd;
    char tail;
    if (d->date_iso && sscanf(d->date_iso, "%4d-%2d-%2d%c", &yy, &mm, &dd, &tail) == 3 &&
        yy >= 1980 && yy <= 2107 && g_date_valid_dmy(dd, mm, yy)) {
        *y = yy, *m = mm, *day = dd;
        return;
    }
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    gint64 secs = sde ? g_ascii_strtoll(sde, &end, 10) : -1;
    if (sde && end && *end == '\0' && secs >= 315532800 && secs < G_GINT64_CONSTANT(4354819200)) {
        GDateTime *dt = g_date_time_new_from_unix_utc(secs);
        g_date_time_get_ymd(dt, y, m, day);
        g_date_time_unref(dt);
        return;
    }
    *y = 1980, *m = 1, *day = 1;
}

/* ---- reading the template ---- */

static gy_error zip_fail(int code, const char *what, GError **err)
{
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    bool io = code == ZIP_ER_NOENT || code == ZIP_ER_OPEN || code == ZIP_ER_READ;
    gy_error e = io ? GY_E_IO : GY_E_TEMPLATE;
    if (io)
        g_set_error(err, GY_ERROR, e, "%s: %s", what, zip_error_strerror(&ze));
    else
        g_set_error(err, GY_ERROR, e, _("%s: not a .docx file (%s)"), what,
                    zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return e;
}

/* A part name that is a plain relative path: no leading /, no backslash or drive colon, no
 * empty, . or .. component (a folder entry's trailing / aside). Copied into reply.docx
 * otherwise, "../../x" would be written by an unzip that trusts it outside its folder. */
static bool plain_part_name(const char *name)
{
    if (!*name || *name == '/' || strchr(name, '\\') || strchr(name, ':'))
        return false;
    for (const char *c = name; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if ((n == 0 && e) || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)c[i] < 0x20)
                return false;
        if (!e)
            break;
        c = e + 1;
    }
    return true;
}

/* Every entry of the template, in its order. */
static gy_error template_read(const char *path, GPtrArray *parts, GError **err)
{
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
    if (!za)
        return zip_fail(zerr, path, err);
    gy_error r = GY_OK;
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n > MAX_PARTS) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: more than %d parts"), path, MAX_PARTS);
        r = GY_E_TEMPLATE;
    }
    zip_uint64_t total = 0;
    for (zip_int64_t i = 0; r == GY_OK && i < n; i++) {
        zip_stat_t st;
        zip_file_t *zf = NULL;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_NAME) &&
            !plain_part_name(st.name)) {
            char *shown = g_strescape(st.name, NULL);
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: part name \"%s\" is not a plain "
                        "relative path"), path, shown);
            g_free(shown);
            r = GY_E_TEMPLATE;
            break;
        }
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
            (total += st.size) > MAX_TEMPLATE_BYTES) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: its parts add up to more than "
                        "%u MiB unpacked"), path, MAX_TEMPLATE_BYTES >> 20);
            r = GY_E_TEMPLATE;
            break;
        }
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
            !(st.valid & ZIP_STAT_NAME) || st.size > MAX_PART_BYTES ||
            !(zf = zip_fopen_index(za, (zip_uint64_t)i, 0))) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: cannot read part %d: %s"), path,
                        (int)i, zip_strerror(za));
            r = GY_E_TEMPLATE;
            break;
        }
        docx_part *pt = g_new0(docx_part, 1);
        pt->name = g_strdup(st.name);
        pt->len = (size_t)st.size;
        pt->data = g_malloc(pt->len + 1);
        zip_int64_t got = pt->len ? zip_fread(zf, pt->data, pt->len) : 0;
        pt->data[pt->len] = 0;
        if (got < 0 || (size_t)got != pt->len) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, "%s: %s: %s", path, pt->name,
                        zip_file_strerror(zf));
            r = GY_E_TEMPLATE;
        }
        zip_fclose(zf);
        g_ptr_array_add(parts, pt);
    }
    zip_discard(za);
    return r;
}

static xmlDoc *xml_parse(const char *tpl, const docx_part *pt, GError **err)
{
    xmlDoc *doc = xmlReadMemory((const char *)pt->data, (int)pt->len, pt->name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || !xmlDocGetRootElement(doc)) {
        const xmlError *xe = xmlGetLastError();
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: %s: malformed XML (line %d)"), tpl,
                    pt->name, xe ? xe->line : 0);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static gy_error xml_store(const char *tpl, xmlDoc *doc, docx_part *pt, GError **err)
{
    xmlChar *buf = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &buf, &size, "UTF-8");
    if (!buf) {
        g_set_error(err, GY_ERROR, GY_E_NOMEM, _("%s: %s: cannot write the XML out: out of "
                    "memory"), tpl, pt->name);
        return GY_E_NOMEM;
    }
    g_free(pt->data);
    pt->data = g_memdup2(buf, (gsize)size);
    pt->len = (size_t)size;
    xmlFree(buf);
    return GY_OK;
}

static bool is_elem(const xmlNode *n, const char *ns, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

/* ---- styles ---- */

/* The draft's kinds must all have their paragraph style in word/styles.xml. */
static gy_error styles_check(const char *tpl, GPtrArray *parts, const gy_draft *d, GError **err)
{
    docx_part *pt = part_find(parts, STYLES_PART);
    if (!pt) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: no part %s"), tpl, STYLES_PART);
        return GY_E_TEMPLATE;
    }
    xmlDoc *doc = xml_parse(tpl, pt, err);
    if (!doc)
        return GY_E_TEMPLATE;
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, xmlFree, NULL);
    for (xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (!is_elem(n, W_NS, "style"))
            continue;
        xmlChar *type = xmlGetNsProp(n, (const xmlChar *)"type", (const xmlChar *)W_NS);
        xmlChar *id = xmlGetNsProp(n, (const xmlChar *)"styleId", (const xmlChar *)W_NS);
        if (id && type && strcmp((const char *)type, "paragraph") == 0)
            g_hash_table_add(ids, id);
        else
            xmlFree(id);
        xmlFree(type);
    }
    gy_error r = GY_OK;
    for (guint i = 0; i < d->paras->len && r == GY_OK; i++) {
        const gy_para *pa = g_ptr_array_index(d->paras, i);
        const char *sid = style_of(pa->kind);
        if (!g_hash_table_contains(ids, sid)) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE,
                        _("%s: %s has no paragraph style \"%s\""), tpl, STYLES_PART, sid);
            r = GY_E_TEMPLATE;
        }
    }
    g_hash_table_destroy(ids);
    xmlFreeDoc(doc);
    return r;
}

/* ---- the body ---- */

static void text_of(const xmlNode *n, GString *s)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_elem(c, W_NS, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                g_string_append(s, (const char *)t);
            xmlFree(t);
        } else if (c->type == XML_ELEMENT_NODE)
            text_of(c, s);
    }
}

/* The first w:p (depth first) whose text holds the marker; Word may have split it into
 * several runs, so the text of all w:t is joined first. *count counts the markers in all
 * paragraphs (a template must have exactly one: a second would stay in the letter as text). */
static xmlNode *marker_find(xmlNode *n, int *count)
{
    xmlNode *first = NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, W_NS, "p")) {
            GString *s = g_string_new(NULL);
            text_of(c, s);
            int hits = 0;
            for (const char *h = s->str; (h = strstr(h, BODY_MARKER)); h += strlen(BODY_MARKER))
                hits++;
            g_string_free(s, TRUE);
            if (hits && !first)
                first = c;
            *count += hits;
        } else {
            xmlNode *m = marker_find(c, count);
            if (m && !first)
                first = m;
        }
    }
    return first;
}

/* Text as XML 1.0 may carry it: valid UTF-8, no control characters but tab and line feed
 * (CR LF and CR become LF), no U+FFFE/U+FFFF. Newly allocated. */
static char *xml_clean(const char *text)
{
    char *valid = g_utf8_make_valid(text, -1);
    GString *s = g_string_sized_new(strlen(valid));
    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\r') {
            if (p[1] != '\n')
                g_string_append_c(s, '\n');
        } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF)
            continue;
        else
            g_string_append_unichar(s, c);
    }
    g_free(valid);
    return g_string_free(s, FALSE);
}

/* <w:p><w:pPr><w:pStyle w:val="…"/></w:pPr><w:r><w:t xml:space="preserve">…</w:t>…</w:r></w:p>,
 * tabs as <w:tab/> and line feeds as <w:br/>. */
static xmlNode *para_node(xmlDoc *doc, xmlNs *w, const gy_para *pa)
{
    xmlNode *p = xmlNewDocNode(doc, w, (const xmlChar *)"p", NULL);
    xmlNode *ppr = xmlNewChild(p, w, (const xmlChar *)"pPr", NULL);
    xmlNode *ps = xmlNewChild(ppr, w, (const xmlChar *)"pStyle", NULL);
    xmlNewNsProp(ps, w, (const xmlChar *)"val", (const xmlChar *)style_of(pa->kind));
    char *text = xml_clean(pa->text);
    if (*text) {
        xmlNode *r = xmlNewChild(p, w, (const xmlChar *)"r", NULL);
        const char *a = text;
        for (;;) {
            size_t n = strcspn(a, "\t\n");
            if (n) {
                char *chunk = g_strndup(a, n);
                xmlNode *t = xmlNewChild(r, w, (const xmlChar *)"t", NULL);
                xmlNodeSetSpacePreserve(t, 1);
                xmlAddChild(t, xmlNewDocText(doc, (const xmlChar *)chunk));
                g_free(chunk);
            }
            if (!a[n])
                break;
            xmlNewChild(r, w, (const xmlChar *)(a[n] == '\t' ? "tab" : "br"), NULL);
            a += n + 1;
        }
    }
    g_free(text);
    return p;
}

static gy_error body_fill(const char *tpl, GPtrArray *parts, const gy_draft *d, GError **err)
{
    docx_part *pt = part_find(parts, DOCUMENT_PART);
    if (!pt) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: no part %s"), tpl, DOCUMENT_PART);
        return GY_E_TEMPLATE;
    }
    xmlDoc *doc = xml_parse(tpl, pt, err);
    if (!doc)
        return GY_E_TEMPLATE;
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNs *w = xmlSearchNsByHref(doc, root, (const xmlChar *)W_NS);
    int markers = 0;
    xmlNode *marker = w ? marker_find(root, &markers) : NULL;
    if (marker && markers > 1) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: %s reads %s %d times; it must "
                    "appear once, in the paragraph the reply's text replaces"), tpl,
                    DOCUMENT_PART, BODY_MARKER, markers);
        xmlFreeDoc(doc);
        return GY_E_TEMPLATE;
    }
    if (!marker) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: %s has no paragraph reading %s"), tpl,
                    DOCUMENT_PART, BODY_MARKER);
        xmlFreeDoc(doc);
        return GY_E_TEMPLATE;
    }
    for (guint i = 0; i < d->paras->len; i++)
        xmlAddPrevSibling(marker, para_node(doc, w, g_ptr_array_index(d->paras, i)));
    xmlUnlinkNode(marker);
    xmlFreeNode(marker);
    gy_error r = xml_store(tpl, doc, pt, err);
    xmlFreeDoc(doc);
    return r;
}

/* ---- document properties ---- */

static void node_set_text(xmlNode *n, const char *text)
{
    xmlNodeSetContent(n, NULL);
    xmlAddChild(n, xmlNewDocText(n->doc, (const xmlChar *)text));
}

/* dc:title and dcterms:created/modified of docProps/core.xml, when the template has them. */
static gy_error core_fill(const char *tpl, GPtrArray *parts, const gy_draft *d, const char *stamp,
                          GError **err)
{
    docx_part *pt = part_find(parts, CORE_PART);
    if (!pt)
        return GY_OK;
    xmlDoc *doc = xml_parse(tpl, pt, err);
    if (!doc)
        return GY_E_TEMPLATE;
    for (xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (is_elem(n, DC_NS, "title") && d->title) {
            char *t = xml_clean(d->title);
            node_set_text(n, t);
            g_free(t);
        } else if (is_elem(n, DCTERMS_NS, "created") || is_elem(n, DCTERMS_NS, "modified"))
            node_set_text(n, stamp);
    }
    gy_error r = xml_store(tpl, doc, pt, err);
    xmlFreeDoc(doc);
    return r;
}

/* ---- writing ---- */

/* The archive is put together in memory and written through gy_output_write: libzip's own
 * temporary file (NAME.XXXXXX beside the target) would be out of reach of the signal
 * handler's registry. */
static gy_error archive_fail(const char *path, zip_error_t *ze, GError **err)
{
    g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, zip_error_strerror(ze));
    return GY_E_IO;
}

static gy_error archive_write(GPtrArray *parts, const char *path, time_t mtime, GError **err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    gy_error r = GY_OK;
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = buf ? zip_open_from_source(buf, ZIP_TRUNCATE, &ze) : NULL;
    if (!za) {
        r = archive_fail(path, &ze, err);
        zip_source_free(buf);
        zip_error_fini(&ze);
        return r;
    }
    zip_source_keep(buf);            /* zip_close would free it; its bytes are the file */
    for (guint i = 0; i < parts->len && r == GY_OK; i++) {
        docx_part *pt = g_ptr_array_index(parts, i);
        zip_source_t *src = zip_source_buffer(za, pt->data, pt->len, 0);
        zip_int64_t idx = src ? zip_file_add(za, pt->name, src, 0) : -1;
        if (idx < 0) {
            zip_source_free(src);
            r = archive_fail(path, zip_get_error(za), err);
            break;
        }
        /* fixed dates and compression, so the same draft gives the same bytes */
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9);
        zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0);
    }
    if (r == GY_OK && zip_close(za) != 0)
        r = archive_fail(path, zip_get_error(za), err);
    if (r != GY_OK)
        zip_discard(za);
    zip_stat_t st;
    char *data = NULL;
    if (r == GY_OK && (zip_source_stat(buf, &st) != 0 || zip_source_open(buf) != 0))
        r = archive_fail(path, zip_source_error(buf), err);
    if (r == GY_OK) {
        data = g_malloc(st.size ? st.size : 1);
        zip_int64_t n = zip_source_read(buf, data, st.size);
        zip_source_close(buf);
        if (n < 0 || (zip_uint64_t)n != st.size)
            r = archive_fail(path, zip_source_error(buf), err);
        else
            r = gy_output_write(path, data, st.size, err);
    }
    g_free(data);
    zip_source_free(buf);
    zip_error_fini(&ze);
    return r;
}

gy_error gy_letter_write_docx(const gy_draft *d, const char *template_docx, const char *path,
                              GError **err)
{
    char *tpl = template_docx ? g_strdup(template_docx)
                              : g_build_filename(GY_TEMPLATES_DIR, TEMPLATE_NAME, NULL);
    GPtrArray *parts = g_ptr_array_new_with_free_func(part_free);
    int y, m, day;
    doc_date(d, &y, &m, &day);
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT00:00:00Z", y, m, day);
    /* libzip stores local wall-clock time (DOS dates): noon of the day in the local zone
     * reads back as that day whatever TZ is, and misses daylight-saving gaps */
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = day, .tm_hour = 12,
                     .tm_isdst = -1 };
    time_t mtime = mktime(&tm);

    gy_error r = template_read(tpl, parts, err);
    if (r == GY_OK)
        r = styles_check(tpl, parts, d, err);
    if (r == GY_OK)
        r = body_fill(tpl, parts, d, err);
    if (r == GY_OK)
        r = core_fill(tpl, parts, d, stamp, err);
    if (r == GY_OK)
        r = archive_write(parts, path, mtime, err);
    g_ptr_array_free(parts, TRUE);
    g_free(tpl);
    return r;
}
