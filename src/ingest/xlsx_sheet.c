/* xlsx_sheet.c — the rows of one worksheet part, read on several threads: one inflates the
 * part and cuts its text after row end tags into pieces of a few MB, each piece (behind the
 * part's head, everything up to <sheetData>) is parsed by its own libxml2 SAX2 parser on a
 * worker, and the batches of rows are handed out in the part's order. A row end tag can only
 * be markup where the text has no comment, CDATA section or processing instruction: a part
 * with one, or whose <sheetData> is prefixed or has attributes, is parsed by one parser as it
 * streams, from the last cut on. */
#define _GNU_SOURCE
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "xlsx_sheet.h"

#define BLOCK (1u << 20)              /* inflated per read */
#define HEAD_MAX (4u << 20)           /* where <sheetData> must have started */
#define ROW_MAX (64u << 20)           /* text without a row end that is not cut */
#define IN_FLIGHT 6                   /* pieces cut and not yet handed out */
#define PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE)

static const char SUFFIX[] = "</sheetData></worksheet>";

/* One parser's state: the elements it is in, the batch it fills. */
typedef struct sax_st {
    xs_batch *b;
    xmlParserCtxtPtr ctx;
    const xmlChar *n_c, *n_v, *n_t, *n_rph, *n_row, *n_data, *a_r, *a_s, *a_t;
    long col, style;
    xs_type type;
    guint val;                        /* where the cell's text starts in b->text */
    gboolean in_c, in_v, in_t, in_rph, in_row;
    gboolean end;                     /* </sheetData> seen */
    char *err;                        /* the first error */
    long shift;                       /* the part's line = the parser's line + shift */
} sax_st;

typedef struct piece {
    GString *xml;                     /* head, rows, then SUFFIX or the part's own end */
    long shift;
    guint64 seq;
} piece;

enum { M_HEAD, M_PIECES, M_STREAM, M_END };

struct xs_sheet {
    zip_file_t *zf;
    char *part;
    size_t piece;
    int mode;
    gboolean eof;                     /* the part is inflated */
    GString *cur;                     /* the piece being filled (from the part's start in M_HEAD) */
    size_t head_len, scanned;         /* cur's head, and its bytes checked for <! and <? */
    long head_lines, cur_lines;       /* newlines in the head; in the part before cur's rows */
    sax_st *stream;                   /* M_STREAM's parser */
    size_t fed;                       /* of cur, to it */
    char *block;
    xs_batch *given;
    /* threads */
    int workers;
    GThread *splitter, **threads;
    GMutex mu;
    GCond cv;
    GQueue todo;                      /* pieces */
    xs_batch *ring[IN_FLIGHT];        /* parsed, by seq % IN_FLIGHT */
    guint64 cut, taken;               /* batches made (pieces cut), handed out */
    gboolean split_done, cancel;
};

static xs_batch *batch_new(void)
{
    xs_batch *b = g_new0(xs_batch, 1);
    b->rows = g_array_new(FALSE, FALSE, sizeof(xs_row));
    b->cells = g_array_new(FALSE, FALSE, sizeof(xs_cell));
    b->text = g_string_sized_new(4096);
    return b;
}

static void batch_free(xs_batch *b)
{
    if (!b)
        return;
    g_array_free(b->rows, TRUE);
    g_array_free(b->cells, TRUE);
    g_string_free(b->text, TRUE);
    g_free(b->error);
    g_free(b);
}

static void piece_free(piece *p)
{
    if (p) {
        g_string_free(p->xml, TRUE);
        g_free(p);
    }
}

static long lines_in(const char *s, size_t len)
{
    long n = 0;
    for (const char *e = s + len; (s = memchr(s, '\n', (size_t)(e - s))); s++)
        n++;
    return n;
}

/* ---- the SAX2 callbacks: names compared as the parser's dictionary pointers ---- */

static long ref_col(const char *ref, const char *end)
{
    long c = 0;
    const char *p = ref;
    for (; p < end && *p >= 'A' && *p <= 'Z' && c < (1L << 40); p++)
        c = c * 26 + (*p - 'A' + 1);
    return p == ref ? -1 : c - 1;
}

static xs_type type_of(const char *v, size_t len)
{
#define IS(s) (len == sizeof s - 1 && memcmp(v, s, len) == 0)
    if (IS("s"))
        return XS_SHARED;
    if (IS("inlineStr") || IS("str") || IS("e"))
        return XS_TEXT;
    if (IS("b"))
        return XS_BOOL;
    if (IS("d"))
        return XS_DATE;
    return XS_NUM;
#undef IS
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **ns, int nb_attr, int nb_def,
                     const xmlChar **attrs)
{
    (void)prefix, (void)uri, (void)nb_ns, (void)ns, (void)nb_def;
    sax_st *st = ctx;
    if (name == st->n_c) {
        long col = -1;
        st->style = -1;
        st->type = XS_NUM;
        for (int i = 0; i < nb_attr; i++) {
            const xmlChar *an = attrs[5 * i];
            /* values are not NUL-ended: they lie in the parser's buffer */
            const char *v = (const char *)attrs[5 * i + 3], *e = (const char *)attrs[5 * i + 4];
            if (an == st->a_r)
                col = ref_col(v, e);
            else if (an == st->a_s)
                st->style = strtol(v, NULL, 10);
            else if (an == st->a_t)
                st->type = type_of(v, (size_t)(e - v));
        }
        st->col = col >= 0 ? col : st->col + 1;
        st->val = (guint)st->b->text->len;
        st->in_c = TRUE;
    } else if (name == st->n_v) {
        st->in_v = TRUE;
    } else if (name == st->n_t) {
        st->in_t = TRUE;
    } else if (name == st->n_rph) {
        st->in_rph = TRUE;
    } else if (name == st->n_row) {
        xs_row r = { XS_NO_R, st->b->cells->len, 0 };
        for (int i = 0; i < nb_attr; i++)
            if (attrs[5 * i] == st->a_r)
                r.r = strtoul((const char *)attrs[5 * i + 3], NULL, 10);
        st->col = -1;
        st->in_row = TRUE;
        g_array_append_val(st->b->rows, r);
    }
}

static void on_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    sax_st *st = ctx;
    if (name == st->n_c) {
        if (!st->in_c)
            return;
        st->in_c = FALSE;
        GString *t = st->b->text;
        if (!st->b->rows->len) {
            g_string_truncate(t, st->val);         /* a cell outside any row */
            return;
        }
        xs_cell c = { MAX(st->col, 0), st->style, st->val, (guint)(t->len - st->val), st->type };
        g_string_append_c(t, '\0');
        g_array_append_val(st->b->cells, c);
        g_array_index(st->b->rows, xs_row, st->b->rows->len - 1).n++;
    } else if (name == st->n_v) {
        st->in_v = FALSE;
    } else if (name == st->n_t) {
        st->in_t = FALSE;
    } else if (name == st->n_rph) {
        st->in_rph = FALSE;
    } else if (name == st->n_row) {
        st->in_row = FALSE;
    } else if (name == st->n_data) {
        st->end = TRUE;
        xmlStopParser(st->ctx);
    }
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    sax_st *st = ctx;
    if (st->in_c && (st->in_v || (st->in_t && !st->in_rph)))
        g_string_append_len(st->b->text, (const char *)ch, len);
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    sax_st *st = ctx;
    if (!st->err && !st->end && e && e->level >= XML_ERR_ERROR)
        st->err = g_strstrip(g_strdup_printf("line %ld: %s", e->line + st->shift,
                                             e->message ? e->message : "?"));
}

static const xmlSAXHandler handler = {
    .initialized = XML_SAX2_MAGIC, .startElementNs = on_start, .endElementNs = on_end,
    .characters = on_text, .cdataBlock = on_text, .serror = on_error,
};

/* A parser fed by sax_feed (xml NULL), or one that reads the len bytes at xml whole with
 * xmlParseDocument (a piece: none of a push parser's look-ahead). */
static sax_st *sax_new(const char *part, long shift, const char *xml, size_t len)
{
    sax_st *st = g_new0(sax_st, 1);
    if (!xml) {
        st->ctx = xmlCreatePushParserCtxt((xmlSAXHandler *)&handler, st, NULL, 0, part);
    } else {
        st->ctx = xmlCreateMemoryParserCtxt(xml, (int)len);
        if (st->ctx) {
            *st->ctx->sax = handler;  /* the context's own copy of the default handler */
            st->ctx->userData = st;
        }
    }
    st->b = batch_new();
    st->shift = shift;
    st->col = -1;
    if (!st->ctx)
        return st;
    xmlCtxtUseOptions(st->ctx, PARSE_OPTS);
    xmlDictPtr d = st->ctx->dict;
    st->n_c = xmlDictLookup(d, BAD_CAST "c", -1);
    st->n_v = xmlDictLookup(d, BAD_CAST "v", -1);
    st->n_t = xmlDictLookup(d, BAD_CAST "t", -1);
    st->n_rph = xmlDictLookup(d, BAD_CAST "rPh", -1);
    st->n_row = xmlDictLookup(d, BAD_CAST "row", -1);
    st->n_data = xmlDictLookup(d, BAD_CAST "sheetData", -1);
    st->a_r = xmlDictLookup(d, BAD_CAST "r", -1);
    st->a_s = xmlDictLookup(d, BAD_CAST "s", -1);
    st->a_t = xmlDictLookup(d, BAD_CAST "t", -1);
    return st;
}

/* Feed len bytes (terminate: the last); FALSE once the text failed, with st->err set. */
static gboolean sax_feed(sax_st *st, const char *buf, size_t len, gboolean terminate)
{
    if (!st->ctx) {
        st->err = g_strdup("out of memory");
        return FALSE;
    }
    if (st->end)
        return TRUE;
    int rc = xmlParseChunk(st->ctx, buf, (int)len, terminate);
    if (st->end)
        return TRUE;
    if (rc != 0 || st->err) {         /* a part without sheetData just ends */
        if (!st->err) {
            const xmlError *e = xmlCtxtGetLastError(st->ctx);
            st->err = e && e->message ? g_strstrip(g_strdup_printf("line %ld: %s",
                                                   e->line + st->shift, e->message))
                                      : g_strdup("the sheet ends early");
        }
        return FALSE;
    }
    return TRUE;
}

static void sax_free(sax_st *st)
{
    if (!st)
        return;
    if (st->ctx) {
        if (st->ctx->myDoc)
            xmlFreeDoc(st->ctx->myDoc);
        xmlFreeParserCtxt(st->ctx);
    }
    batch_free(st->b);
    g_free(st->err);
    g_free(st);
}

/* The batch a parser filled, its error moved into it. */
static xs_batch *sax_take(sax_st *st)
{
    xs_batch *b = st->b;
    if (st->err && !b->error)
        b->error = g_steal_pointer(&st->err);
    st->b = NULL;
    return b;
}

static xs_batch *parse_piece(piece *p, const char *part)
{
    sax_st *st = sax_new(part, p->shift, p->xml->str, p->xml->len);
    if (st->ctx && st->ctx->input) {
        xmlParseDocument(st->ctx);
        if (!st->end && !st->err && !st->ctx->wellFormed) {
            const xmlError *e = xmlCtxtGetLastError(st->ctx);
            st->err = e && e->message ? g_strstrip(g_strdup_printf("line %ld: %s",
                                                   e->line + st->shift, e->message))
                                      : g_strdup("the sheet ends early");
        }
    } else {
        st->err = g_strdup("out of memory");
    }
    xs_batch *b = sax_take(st);
    sax_free(st);
    piece_free(p);
    return b;
}

/* ---- cutting the part ---- */

static xs_batch *error_batch(const char *msg)
{
    xs_batch *b = batch_new();
    b->error = g_strdup(msg);
    return b;
}

/* From here on one parser reads the rest of the part, starting with what cur holds (the
 * part's start, or the head and the rows since the last cut). */
static void to_stream(xs_sheet *s)
{
    s->stream = sax_new(s->part, s->cur_lines - s->head_lines, NULL, 0);
    s->fed = 0;
    s->mode = M_STREAM;
}

/* Appends up to BLOCK inflated bytes to cur: their number, 0 at the end, -1 on failure. */
static zip_int64_t read_more(xs_sheet *s)
{
    size_t len = s->cur->len;
    g_string_set_size(s->cur, len + BLOCK);
    zip_int64_t n = zip_fread(s->zf, s->cur->str + len, BLOCK);
    g_string_set_size(s->cur, len + (size_t)MAX(n, 0));
    return n;
}

/* Whether text has "<!" or "<?" (a comment, CDATA or processing instruction, where "</row>"
 * need not be markup): '!' and '?' are rare in a sheet, '<' is not. */
static gboolean markup_hides(const char *text, size_t len)
{
    for (int k = 0; k < 2; k++) {
        char c = k ? '?' : '!';
        for (const char *p = text + 1, *e = text + len; p < e && (p = memchr(p, c, (size_t)(e - p)));
             p++)
            if (p[-1] == '<')
                return TRUE;
    }
    return FALSE;
}

/* The part's head is in cur when it holds "<sheetData>" with nothing before it that could
 * hide markup (a comment, CDATA, a DOCTYPE, a processing instruction past the declaration) */
static gboolean find_head(xs_sheet *s)
{
    const char *str = s->cur->str, *d = g_strstr_len(str, (gssize)s->cur->len, "<sheetData");
    if (!d || d + 10 >= str + s->cur->len)
        return FALSE;
    size_t end = (size_t)(d - str) + 11;
    const char *first = memmem(str, end, "<?", 2);
    if (d[10] != '>' || memmem(str, end, "<!", 2) ||
        (first && (memmem(first + 2, end - (size_t)(first + 2 - str), "<?", 2) ||
                   first - str > 3)) ||
        !memmem(str, end, "<worksheet", 10)) {
        to_stream(s);
        return TRUE;
    }
    s->head_len = s->scanned = end;
    s->head_lines = lines_in(str, end);
    s->cur_lines = s->head_lines;
    s->mode = M_PIECES;
    return TRUE;
}

/* The next piece to parse or batch parsed (one of them set), or FALSE at the end. */
static gboolean split_step(xs_sheet *s, piece **pp, xs_batch **bp)
{
    *pp = NULL;
    *bp = NULL;
    for (;;) {
        if (s->mode == M_END)
            return FALSE;
        if (s->mode == M_STREAM) {
            sax_st *st = s->stream;
            if (!s->block)
                s->block = g_malloc(BLOCK);
            /* what cur holds first; fed a piece's size at a time when that is smaller, for
             * the tests: rows carried from batch to batch */
            size_t want = MIN(BLOCK, s->piece);
            const char *buf = s->block;
            zip_int64_t n;
            if (s->cur && s->fed < s->cur->len) {
                buf = s->cur->str + s->fed;
                n = (zip_int64_t)MIN(want, s->cur->len - s->fed);
                s->fed += (size_t)n;
            } else {
                if (s->cur)
                    g_string_free(s->cur, TRUE);
                s->cur = NULL;
                n = zip_fread(s->zf, s->block, want);
            }
            gboolean ok = n >= 0 && sax_feed(st, buf, (size_t)MAX(n, 0), n == 0);
            if (n < 0 && !st->err)
                st->err = g_strdup(zip_file_strerror(s->zf));
            xs_batch *b = sax_take(st), *next = batch_new();
            if (ok && !st->end && n > 0 && st->in_row && b->rows->len) {
                /* the row being parsed goes on in the next batch */
                xs_row r = g_array_index(b->rows, xs_row, b->rows->len - 1);
                guint from = r.n ? g_array_index(b->cells, xs_cell, r.first).off
                                 : st->in_c ? st->val : (guint)b->text->len;
                for (guint k = 0; k < r.n; k++) {
                    xs_cell c = g_array_index(b->cells, xs_cell, r.first + k);
                    c.off -= from;
                    g_array_append_val(next->cells, c);
                }
                g_string_append_len(next->text, b->text->str + from, (gssize)(b->text->len - from));
                if (st->in_c)
                    st->val -= from;
                r.first = 0;
                g_array_append_val(next->rows, r);
                g_array_set_size(b->cells, b->cells->len - r.n);
                g_array_set_size(b->rows, b->rows->len - 1);
                g_string_truncate(b->text, from);
            } else if (st->in_c) {
                st->val = 0;
            }
            st->b = next;
            if (!ok || st->end || n == 0)
                s->mode = M_END;
            *bp = b;
            return TRUE;
        }
        if (!s->eof) {
            zip_int64_t n = read_more(s);
            if (n < 0) {
                *bp = error_batch(zip_file_strerror(s->zf));
                s->mode = M_END;
                return TRUE;
            }
            s->eof = n == 0;
        }
        if (s->mode == M_HEAD) {
            if (!find_head(s) && (s->eof || s->cur->len > HEAD_MAX))
                to_stream(s);
            continue;
        }
        const char *str = s->cur->str;
        size_t len = s->cur->len;
        if (len > s->scanned && markup_hides(str + s->scanned - 1, len - s->scanned + 1)) {
            to_stream(s);
            continue;
        }
        s->scanned = len;
        const char *cut = NULL;
        if (len - s->head_len >= s->piece) {
            /* the first row end from piece bytes on */
            size_t from = s->head_len + (s->piece > 6 ? s->piece - 6 : 0);
            cut = memmem(str + from, len - from, "</row>", 6);
        }
        piece *p = g_new0(piece, 1);
        p->xml = s->cur;
        if (cut) {
            cut += 6;
            size_t at = (size_t)(cut - str);
            s->cur = g_string_sized_new(s->piece + BLOCK + s->head_len);
            g_string_append_len(s->cur, str, (gssize)s->head_len);
            g_string_append_len(s->cur, cut, (gssize)(len - at));
            s->scanned = s->cur->len;
            g_string_truncate(p->xml, at);
            g_string_append_len(p->xml, SUFFIX, sizeof SUFFIX - 1);
        } else if (s->eof) {          /* the last piece: the part's own end */
            s->cur = NULL;
            s->mode = M_END;
        } else {
            g_free(p);
            if (len - s->head_len > s->piece + ROW_MAX)
                to_stream(s);         /* rows of no end tag we know */
            continue;
        }
        p->shift = s->cur_lines - s->head_lines;
        if (s->cur)
            s->cur_lines += lines_in(p->xml->str + s->head_len,
                                     p->xml->len - s->head_len - (sizeof SUFFIX - 1));
        *pp = p;
        return TRUE;
    }
}

/* ---- threads ---- */

static gpointer split_run(gpointer data)
{
    xs_sheet *s = data;
    g_mutex_lock(&s->mu);
    for (;;) {
        while (!s->cancel && s->cut - s->taken >= IN_FLIGHT)
            g_cond_wait(&s->cv, &s->mu);
        if (s->cancel)
            break;
        g_mutex_unlock(&s->mu);
        piece *p;
        xs_batch *b;
        gboolean more = split_step(s, &p, &b);
        g_mutex_lock(&s->mu);
        if (!more)
            break;
        guint64 seq = s->cut++;
        if (p) {
            p->seq = seq;
            g_queue_push_tail(&s->todo, p);
        } else {
            s->ring[seq % IN_FLIGHT] = b;
        }
        g_cond_broadcast(&s->cv);
    }
    s->split_done = TRUE;
    g_cond_broadcast(&s->cv);
    g_mutex_unlock(&s->mu);
    return NULL;
}

static gpointer work_run(gpointer data)
{
    xs_sheet *s = data;
    g_mutex_lock(&s->mu);
    for (;;) {
        while (!s->cancel && !s->split_done && g_queue_is_empty(&s->todo))
            g_cond_wait(&s->cv, &s->mu);
        piece *p = s->cancel ? NULL : g_queue_pop_head(&s->todo);
        if (!p)
            break;
        g_mutex_unlock(&s->mu);
        guint64 seq = p->seq;
        xs_batch *b = parse_piece(p, s->part);
        g_mutex_lock(&s->mu);
        s->ring[seq % IN_FLIGHT] = b;
        g_cond_broadcast(&s->cv);
    }
    g_mutex_unlock(&s->mu);
    return NULL;
}

xs_sheet *xs_open(zip_file_t *zf, const char *part, int threads, size_t piece_bytes)
{
    xmlInitParser();                  /* once, before parsers run on threads */
    xs_sheet *s = g_new0(xs_sheet, 1);
    s->zf = zf;
    s->part = g_strdup(part);
    s->piece = MAX(piece_bytes, 1);
    s->cur = g_string_sized_new(BLOCK);
    s->mode = M_HEAD;
    g_mutex_init(&s->mu);
    g_cond_init(&s->cv);
    g_queue_init(&s->todo);
    if (threads != 1) {
        s->workers = MAX(2, threads - 1);
        s->threads = g_new0(GThread *, s->workers);
        s->splitter = g_thread_new("guiyan-xlsx", split_run, s);
        for (int i = 0; i < s->workers; i++)
            s->threads[i] = g_thread_new("guiyan-xlsx", work_run, s);
    }
    return s;
}

xs_batch *xs_next(xs_sheet *s)
{
    batch_free(s->given);
    s->given = NULL;
    if (!s->workers) {
        piece *p;
        xs_batch *b;
        if (!split_step(s, &p, &b))
            return NULL;
        return s->given = p ? parse_piece(p, s->part) : b;
    }
    g_mutex_lock(&s->mu);
    xs_batch **slot = &s->ring[s->taken % IN_FLIGHT];
    while (!*slot && !(s->split_done && s->taken == s->cut))
        g_cond_wait(&s->cv, &s->mu);
    if (*slot) {
        s->given = g_steal_pointer(slot);
        s->taken++;
        g_cond_broadcast(&s->cv);
    }
    g_mutex_unlock(&s->mu);
    return s->given;
}

void xs_close(xs_sheet *s)
{
    if (!s)
        return;
    if (s->workers) {
        g_mutex_lock(&s->mu);
        s->cancel = TRUE;
        g_cond_broadcast(&s->cv);
        g_mutex_unlock(&s->mu);
        g_thread_join(s->splitter);
        for (int i = 0; i < s->workers; i++)
            g_thread_join(s->threads[i]);
        g_free(s->threads);
    }
    g_queue_clear_full(&s->todo, (GDestroyNotify)piece_free);
    for (int i = 0; i < IN_FLIGHT; i++)
        batch_free(s->ring[i]);
    batch_free(s->given);
    if (s->cur)
        g_string_free(s->cur, TRUE);
    sax_free(s->stream);
    g_free(s->block);
    zip_fclose(s->zf);
    g_mutex_clear(&s->mu);
    g_cond_clear(&s->cv);
    g_free(s->part);
    g_free(s);
}
