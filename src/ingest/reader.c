/* reader.c — stream one CSV export as rows of clean UTF-8 fields with physical line numbers.
 *
 * Bytes are decoded once, here: a BOM, else a strict UTF-8 check of the first megabyte, else
 * GB18030 (what Chinese Excel writes). GB18030 is converted with GIConv block by block.
 * libcsv does the quoting; we feed it one physical line at a time so that we always know the
 * line a record starts on (libcsv itself does not count lines). */
#include <errno.h>
#include <string.h>
#include <csv.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/reader.h"

#define BLOCK (1u << 20)          /* read size and the encoding sniff window */
#define FIELD_MAX (64u << 10)     /* a field longer than this is a runaway quote */
#define MAX_FIELDS 4096

G_DEFINE_QUARK(guiyan-error-quark, gy_error)

struct gy_reader {
    FILE *fp;
    bool own_fp;
    char *path;
    gy_encoding enc;
    GIConv cd;                    /* GB18030 → UTF-8, or (GIConv)-1 */
    struct csv_parser csv;
    /* raw input block and decoded UTF-8 text waiting to be fed */
    char *raw;
    size_t raw_len;
    GString *text;                /* decoded, not yet fed */
    size_t text_pos;
    bool eof;
    unsigned long long limit;     /* bytes this reader may read (a range), or ~0 */
    bool had_bad;                 /* a GB18030 sequence could not be decoded */
    bool cut_record;              /* input ended inside a record (no final line break) */
    unsigned long long bytes;
    /* line bookkeeping */
    unsigned long line;           /* physical line about to be fed (1-based) */
    unsigned long rec_line;       /* line the current record started on */
    bool between;                 /* the parser sits between records */
    /* the record being built and the completed records queue (one line may close several) */
    GString *fieldbuf;            /* fields of completed and current records, NUL-ended */
    GArray *offsets;              /* size_t start of each field in fieldbuf */
    GArray *recs;                 /* struct done_rec: completed records not yet handed out */
    guint rec_head;               /* next of recs to hand out */
    guint rec_first;              /* first field of the record being parsed */
    bool too_big;
    bool *want;                   /* columns to clean (NULL: all) */
    size_t n_want;
    char *fieldptrs[MAX_FIELDS];
};

struct done_rec {
    unsigned long line;
    guint first;                  /* index into offsets */
    guint n;
};

const char *gy_encoding_name(gy_encoding e)
{
    switch (e) {
    case GY_ENC_UTF8: return "UTF-8";
    case GY_ENC_UTF8_BOM: return "UTF-8 (BOM)";
    case GY_ENC_GB18030: return "GB18030";
    default: return "auto";
    }
}

gy_error gy_encoding_parse(const char *s, gy_encoding *out)
{
    static const struct { const char *name; gy_encoding e; } names[] = {
        { "auto", GY_ENC_AUTO }, { "utf-8", GY_ENC_UTF8 }, { "utf8", GY_ENC_UTF8 },
        { "gb18030", GY_ENC_GB18030 }, { "gbk", GY_ENC_GB18030 }, { "gb2312", GY_ENC_GB18030 },
        { "cp936", GY_ENC_GB18030 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_ascii_strcasecmp(s, names[i].name) == 0) {
            *out = names[i].e;
            return GY_OK;
        }
    return GY_E_USAGE;
}

/* libcsv has no user data on its allocator, so the cap is a constant. */
static void *capped_realloc(void *p, size_t n)
{
    if (n > FIELD_MAX + 64)
        return NULL;
    return realloc(p, n);
}

static void on_field(void *s, size_t len, void *data)
{
    gy_reader *rd = data;
    if (rd->offsets->len - rd->rec_first >= MAX_FIELDS) {
        rd->too_big = true;
        return;
    }
    size_t off = rd->fieldbuf->len;
    g_array_append_val(rd->offsets, off);
    g_string_append_len(rd->fieldbuf, s ? s : "", (gssize)len);
    g_string_append_c(rd->fieldbuf, '\0');
}

static void on_record(int c, void *data)
{
    (void)c;
    gy_reader *rd = data;
    struct done_rec d = { rd->rec_line, rd->rec_first, rd->offsets->len - rd->rec_first };
    g_array_append_val(rd->recs, d);
    rd->rec_first = rd->offsets->len;
    rd->between = true;
}

/* All completed records were handed out: drop their bytes, keep the record in progress. */
static void compact(gy_reader *rd)
{
    size_t base = rd->rec_first < rd->offsets->len
                      ? g_array_index(rd->offsets, size_t, rd->rec_first) : rd->fieldbuf->len;
    g_string_erase(rd->fieldbuf, 0, (gssize)base);
    g_array_remove_range(rd->offsets, 0, rd->rec_first);
    for (guint i = 0; i < rd->offsets->len; i++)
        g_array_index(rd->offsets, size_t, i) -= base;
    rd->rec_first = 0;
    g_array_set_size(rd->recs, 0);
    rd->rec_head = 0;
}

static bool utf8_prefix_valid(const char *s, size_t len)
{
    const gchar *end;
    if (g_utf8_validate(s, (gssize)len, &end))
        return true;
    /* a multi-byte character cut by the sniff window is fine */
    size_t rest = len - (size_t)(end - s);
    return rest < 4 && g_utf8_get_char_validated(end, (gssize)rest) == (gunichar)-2;
}

static bool fill_raw(gy_reader *rd, GError **err)
{
    size_t want = BLOCK - rd->raw_len;
    if (rd->limit - rd->bytes < want)
        want = (size_t)(rd->limit - rd->bytes);
    size_t n = want ? fread(rd->raw + rd->raw_len, 1, want, rd->fp) : 0;
    if (n == 0 && ferror(rd->fp)) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", rd->path, g_strerror(errno));
        return false;
    }
    if (n == 0)
        rd->eof = true;
    rd->raw_len += n;
    rd->bytes += n;
    return true;
}

/* Decode rd->raw into rd->text. Keeps an incomplete trailing sequence for the next block. */
static void decode(gy_reader *rd)
{
    if (rd->text_pos > 0) {
        g_string_erase(rd->text, 0, (gssize)rd->text_pos);
        rd->text_pos = 0;
    }
    if (rd->enc != GY_ENC_GB18030) {
        g_string_append_len(rd->text, rd->raw, (gssize)rd->raw_len);
        rd->raw_len = 0;
        return;
    }
    char *in = rd->raw;
    size_t inleft = rd->raw_len;
    while (inleft > 0) {
        char out[8192];
        char *op = out;
        size_t outleft = sizeof out;
        size_t r = g_iconv(rd->cd, &in, &inleft, &op, &outleft);
        g_string_append_len(rd->text, out, (gssize)(op - out));
        if (r != (size_t)-1)
            continue;
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL && !rd->eof)
            break;                          /* incomplete sequence: wait for more bytes */
        /* invalid (or truncated at end of file): mark it, the row will be rejected */
        g_string_append(rd->text, "\xEF\xBF\xBD");
        rd->had_bad = true;
        in++;
        inleft--;
    }
    memmove(rd->raw, in, inleft);
    rd->raw_len = inleft;
}

gy_reader *gy_reader_open(const char *path, gy_encoding enc, GError **err)
{
    return gy_reader_open_range(path, enc, 0, 0, err);
}

gy_reader *gy_reader_open_range(const char *path, gy_encoding enc, unsigned long long start,
                                unsigned long long end, GError **err)
{
    gy_reader *rd = g_new0(gy_reader, 1);
    rd->limit = end > start ? end - start : ~0ULL;
    rd->path = g_strdup(path);
    rd->cd = (GIConv)-1;
    if (strcmp(path, "-") == 0) {
        rd->fp = stdin;
    } else {
        rd->fp = fopen(path, "rb");
        rd->own_fp = true;
        if (!rd->fp) {
            g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, g_strerror(errno));
            gy_reader_free(rd);
            return NULL;
        }
        if (start && fseeko(rd->fp, (off_t)start, SEEK_SET) != 0) {
            g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, g_strerror(errno));
            gy_reader_free(rd);
            return NULL;
        }
    }
    rd->raw = g_malloc(BLOCK);
    rd->text = g_string_sized_new(BLOCK + 4096);
    rd->fieldbuf = g_string_sized_new(1024);
    rd->offsets = g_array_new(FALSE, FALSE, sizeof(size_t));
    rd->recs = g_array_new(FALSE, FALSE, sizeof(struct done_rec));
    rd->line = 1;
    rd->between = true;
    if (!fill_raw(rd, err)) {
        gy_reader_free(rd);
        return NULL;
    }
    bool bom = start == 0 && rd->raw_len >= 3 && memcmp(rd->raw, "\xEF\xBB\xBF", 3) == 0;
    if (bom) {
        memmove(rd->raw, rd->raw + 3, rd->raw_len - 3);
        rd->raw_len -= 3;
    }
    if (enc == GY_ENC_AUTO)
        enc = bom ? GY_ENC_UTF8_BOM
                  : utf8_prefix_valid(rd->raw, rd->raw_len) ? GY_ENC_UTF8 : GY_ENC_GB18030;
    else if (enc == GY_ENC_UTF8 && bom)
        enc = GY_ENC_UTF8_BOM;
    rd->enc = enc;
    if (enc == GY_ENC_GB18030) {
        rd->cd = g_iconv_open("UTF-8", "GB18030");
        if (rd->cd == (GIConv)-1) {
            g_set_error(err, GY_ERROR, GY_E_ENCODING, "%s: %s", path,
                        _("this system cannot convert GB18030"));
            gy_reader_free(rd);
            return NULL;
        }
    }
    csv_init(&rd->csv, CSV_APPEND_NULL);
    csv_set_realloc_func(&rd->csv, capped_realloc);
    return rd;
}

void gy_reader_free(gy_reader *rd)
{
    if (!rd)
        return;
    if (rd->fp && rd->own_fp)
        fclose(rd->fp);
    if (rd->cd != (GIConv)-1)
        g_iconv_close(rd->cd);
    if (rd->raw) {
        csv_free(&rd->csv);
        g_free(rd->raw);
    }
    if (rd->text)
        g_string_free(rd->text, TRUE);
    if (rd->fieldbuf)
        g_string_free(rd->fieldbuf, TRUE);
    if (rd->offsets)
        g_array_free(rd->offsets, TRUE);
    if (rd->recs)
        g_array_free(rd->recs, TRUE);
    g_free(rd->want);
    g_free(rd->path);
    g_free(rd);
}

gy_encoding gy_reader_encoding(const gy_reader *rd) { return rd->enc; }
unsigned long gy_reader_line(const gy_reader *rd) { return rd->line; }
bool gy_reader_between(const gy_reader *rd) { return !rd->cut_record; }
unsigned long long gy_reader_bytes(const gy_reader *rd) { return rd->bytes; }

static gy_error csv_failed(gy_reader *rd, GError **err)
{
    int e = csv_error(&rd->csv);
    gy_error ge = (e == CSV_ENOMEM || e == CSV_ETOOBIG) ? GY_E_FIELD_TOO_BIG : GY_E_CSV;
    g_set_error(err, GY_ERROR, ge, "%s:%lu: %s", rd->path, rd->rec_line, _(gy_strerror(ge)));
    return ge;
}

/* The common case without libcsv: a whole line, between records, with no quote and no
 * stray carriage return, is its fields split at commas — exactly what libcsv would make of it,
 * several times faster. Anything else goes through libcsv. Returns false to defer. */
static bool split_plain(gy_reader *rd, const char *p, size_t seg)
{
    if (rd->csv.pstate != 0 || rd->offsets->len != rd->rec_first)
        return false;
    size_t len = seg;
    if (len && p[len - 1] == '\n') len--;
    if (len && p[len - 1] == '\r') len--;
    if (memchr(p, '"', len) || memchr(p, '\r', len))
        return false;
    if (len == 0)
        return true;                           /* a blank line: no record, as libcsv */
    const char *f = p, *end = p + len;
    for (;;) {
        const char *c = memchr(f, ',', (size_t)(end - f));
        const char *fe = c ? c : end;
        on_field((void *)f, (size_t)(fe - f), rd);
        if (!c)
            break;
        f = c + 1;
    }
    on_record(0, rd);
    return true;
}

/* Feed decoded text line by line until at least one record is complete or input ends. */
static gy_error pump(gy_reader *rd, GError **err)
{
    while (rd->rec_head == rd->recs->len) {
        char *p = rd->text->str + rd->text_pos;
        size_t avail = rd->text->len - rd->text_pos;
        char *nl = avail ? memchr(p, '\n', avail) : NULL;
        if (!nl && !rd->eof) {
            if (rd->raw_len < BLOCK && !fill_raw(rd, err))
                return GY_E_IO;
            decode(rd);
            continue;
        }
        size_t seg = nl ? (size_t)(nl - p) + 1 : avail;
        if (seg == 0) {                         /* end of input */
            if (rd->csv.pstate != 0 || rd->offsets->len > rd->rec_first)
                rd->cut_record = true;          /* the input ended inside a record */
            if (csv_fini(&rd->csv, on_field, on_record, rd) != 0)
                return csv_failed(rd, err);
            return GY_OK;
        }
        if (rd->between) {
            rd->rec_line = rd->line;
            rd->between = false;
        }
        if (!split_plain(rd, p, seg) && csv_parse(&rd->csv, p, seg, on_field, on_record, rd) != seg)
            return csv_failed(rd, err);
        rd->text_pos += seg;
        if (nl)
            rd->line++;
        if (rd->too_big) {
            g_set_error(err, GY_ERROR, GY_E_FIELD_TOO_BIG, "%s:%lu: %s", rd->path, rd->rec_line,
                        _("more than 4096 columns"));
            return GY_E_FIELD_TOO_BIG;
        }
        /* libcsv's ROW_NOT_BEGUN (0): a record ended, or the line was blank */
        rd->between = rd->csv.pstate == 0 && rd->offsets->len == rd->rec_first;
    }
    return GY_OK;
}

void gy_reader_want(gy_reader *rd, const bool *want, size_t n)
{
    g_free(rd->want);
    rd->want = g_memdup2(want, n * sizeof *want);
    rd->n_want = n;
}

/* True when the raw bytes hold nothing but spaces and control characters. */
static bool raw_blank(const char *f)
{
    for (const unsigned char *p = (const unsigned char *)f; *p; p++)
        if (*p > ' ' && *p != 0x7F)
            return false;
    return true;
}

gy_error gy_reader_next(gy_reader *rd, gy_row *row, GError **err)
{
    for (;;) {
        row->n = 0;
        row->fields = rd->fieldptrs;
        if (rd->rec_head == rd->recs->len && rd->recs->len > 0)
            compact(rd);
        gy_error e = pump(rd, err);
        if (e != GY_OK)
            return e;
        if (rd->rec_head == rd->recs->len)
            return GY_OK;                      /* end of input */
        struct done_rec *d = &g_array_index(rd->recs, struct done_rec, rd->rec_head++);
        const size_t *off = &g_array_index(rd->offsets, size_t, d->first);
        bool blank = true;
        row->bad_field = -1;
        for (guint i = 0; i < d->n; i++) {
            char *f = rd->fieldbuf->str + off[i];
            size_t len = (d->first + i + 1 < rd->offsets->len ? off[i + 1] : rd->fieldbuf->len) -
                         off[i] - 1;
            rd->fieldptrs[i] = f;
            if (rd->want && (i >= rd->n_want || !rd->want[i])) {
                /* a column nobody reads: only whether it is blank matters */
                if (blank && !raw_blank(f))
                    blank = false;
                continue;
            }
            const gchar *end;
            /* undecodable bytes become '?' (UTF-8) or U+FFFD (GB18030, from decode());
             * either way the row is rejected downstream, with the column named */
            while (!g_utf8_validate_len(f, len, &end)) {
                *(char *)end = '?';
                if (row->bad_field < 0)
                    row->bad_field = (int)i;
            }
            if (rd->had_bad && row->bad_field < 0 && strstr(f, "\xEF\xBF\xBD"))
                row->bad_field = (int)i;
            gy_text_clean(f);
            if (*f)
                blank = false;
        }
        if (blank)
            continue;                          /* ",,,,": a blank line by another name */
        row->n = d->n;
        row->line = d->line;
        return GY_OK;
    }
}
