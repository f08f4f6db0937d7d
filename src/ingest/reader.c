/* reader.c — stream one CSV export as rows of clean UTF-8 fields with physical line numbers.
 *
 * Bytes are decoded once, here: a BOM, else a strict UTF-8 check of the first megabyte, else
 * GB18030 (what Chinese Excel writes). GB18030 is converted with GIConv block by block.
 * libcsv does the quoting; we feed it one physical line at a time so that we always know the
 * line a record starts on (libcsv itself does not count lines).
 *
 * Most lines hold no quote at all. Those are split where they lie in the text buffer (commas
 * and the line end overwritten with NULs) and handed out without a copy; the buffer is only
 * moved or refilled at the start of the next gy_reader_next call, when that row is done with. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "guiyan/wbook.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/reader.h"
#include "guiyan/tally.h"

/* Read size and the encoding sniff window. The fuzz build makes it tiny (make fuzz), so that
 * short inputs cross block boundaries as long files do. */
#ifndef GY_READER_BLOCK
#define GY_READER_BLOCK (1u << 20)
#endif
#define BLOCK GY_READER_BLOCK
#define FIELD_MAX GY_FIELD_MAX    /* a field longer than this is a runaway quote */
#define MAX_FIELDS GY_MAX_COLUMNS
#define LONG_LINE BLOCK           /* a line this long without its end goes to libcsv in parts */

#include "libcsv_state.h"    /* the parser states read from rd->csv */

/* Where the skip over the rest of an oversized record stands. */
enum skip { SKIP_NONE, SKIP_OUT, SKIP_IN, SKIP_IN_QUOTE };

struct gy_reader {
    FILE *fp;
    bool own_fp;
    gy_tally *tally;              /* the bytes read (and their SHA-256 for a whole file) */
    char *path;
    gy_encoding enc;
    GIConv cd;                    /* GB18030 → UTF-8, or (GIConv)-1 */
    struct csv_parser csv;
    bool csv_ready;
    /* UTF-8 text, read straight in (or decoded from raw, GB18030 only); [text_pos, text_len)
     * is not yet fed. One spare byte past text_len ends a last line that has no line break. */
    char *raw;
    size_t raw_len;
    char *text;
    size_t text_len, text_pos, text_cap;
    bool eof;
    unsigned long long limit;     /* bytes this reader may read (a range), or ~0 */
    bool had_bad;                 /* a GB18030 sequence could not be decoded */
    bool cr_lines;                /* old Mac line ends (CR alone): read as LF */
    bool cut_record;              /* input ended inside a record (no final line break) */
    bool open_line;               /* the text last fed ended without a line break: in a long
                                     line, or the input's last line had none */
    unsigned long long bytes;
    unsigned long long start;     /* of a range: where in the file its bytes begin */
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
    gy_error rec_problem;         /* of the record being parsed (gy_row.problem) */
    int rec_problem_col;
    enum skip skip;               /* skipping the rest of a record libcsv could not hold */
    bool skip_field_start;        /* SKIP_OUT: at the start of a field (a quote opens one) */
    bool span_ok;                 /* the plain line just split is untouched() from its start
                                     through its last wanted field */
    bool *want;                   /* columns to clean (NULL: all) */
    size_t n_want;
    size_t *wanted;               /* indexes i with want[i], ascending */
    size_t n_wanted;
    /* the row handed out; a plain line's split may run up to 16 past MAX_FIELDS before it
     * notices and leaves the line to libcsv, which caps it */
    char *fieldptrs[MAX_FIELDS + 16];
    char empty[1];
    gy_kind kind;                 /* what the content said the file is */
    char delim;                   /* ',' or, for TSV and ;-separated text, '\t' or ';' */
    gy_wbook *book;                /* a workbook's reader (then the rest is unused) */
    size_t sheet;                 /* the sheet selected */
    char **scratch;               /* gy_reader_scratch's strings, NULL-ended */
};

struct done_rec {
    unsigned long line;
    guint first;                  /* index into offsets */
    guint n;
    gy_error problem;
    int problem_col;
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

/* Bytes of the record being parsed held so far. */
static size_t rec_bytes(const gy_reader *rd)
{
    return rd->fieldbuf->len - (rd->rec_first < rd->offsets->len
                                    ? g_array_index(rd->offsets, size_t, rd->rec_first)
                                    : rd->fieldbuf->len);
}

static void rec_problem(gy_reader *rd, gy_error e)
{
    if (rd->rec_problem == GY_OK) {
        rd->rec_problem = e;
        rd->rec_problem_col = (int)(rd->offsets->len - rd->rec_first);
    }
}

static void on_field(void *s, size_t len, void *data)
{
    gy_reader *rd = data;
    if (rd->rec_problem != GY_OK)
        return;                   /* the row is rejected: nothing more of it is kept */
    if (rd->offsets->len - rd->rec_first >= MAX_FIELDS) {
        rec_problem(rd, GY_E_TOO_MANY_COLUMNS);
        return;
    }
    if (rec_bytes(rd) + len > GY_ROW_MAX) {
        rec_problem(rd, GY_E_ROW_TOO_BIG);
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
    struct done_rec d = { rd->rec_line, rd->rec_first, rd->offsets->len - rd->rec_first,
                          rd->rec_problem, rd->rec_problem_col };
    g_array_append_val(rd->recs, d);
    rd->rec_first = rd->offsets->len;
    rd->rec_problem = GY_OK;
    rd->between = true;
    /* a record ended by a lone CR: the next one starts on this line, which may be a later one
     * than the line this one started on (a quoted line break before the CR) */
    rd->rec_line = rd->line;
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

/* Whether the sniff window reads as UTF-8. A few bad bytes (a NUL, a damaged character) do
 * not make a UTF-8 file GB18030: their rows are rejected, the rest read right. GB18030 text
 * read as UTF-8 is mostly bad bytes, with now and then three that happen to form a
 * character, so eight good characters a bad byte is far from either. */
static bool looks_utf8(const char *s, size_t len)
{
    const gchar *end;
    if (g_utf8_validate_len(s, len, &end))
        return true;
    size_t good = 0, bad = 0;
    const char *p = s, *e = s + len;
    while (p < e) {
        if ((unsigned char)*p < 0x80) {
            bad += *p == '\0';
            p++;
            continue;
        }
        gunichar c = g_utf8_get_char_validated(p, e - p);
        if (c == (gunichar)-2)
            break;                /* a character cut by the sniff window */
        if (c == (gunichar)-1) {
            bad++;
            p++;
        } else {
            good++;
            p = g_utf8_next_char(p);
        }
    }
    return bad == 0 || good >= 8 * bad;
}

/* Files that are not CSV text, told by their first bytes; NULL if it reads as text. Excel's
 * "Unicode text" (UTF-16) is what a clerk gives by mistake; workbooks went to gy_wbook. */
static const char *not_text(const char *s, size_t len)
{
    static const struct { const char *magic; size_t n; const char *what; } kinds[] = {
        { "%PDF", 4, N_("a PDF file") },
        { "\xFF\xFE", 2, N_("UTF-16 text (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" "
                           "or \"CSV\" instead") },
        { "\xFE\xFF", 2, N_("UTF-16 text: save it as \"CSV UTF-8\" or \"CSV\" instead") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (len >= kinds[i].n && memcmp(s, kinds[i].magic, kinds[i].n) == 0)
            return kinds[i].what;
    /* control characters other than tab, line breaks and form feed: text has next to none */
    size_t ctl = 0, n = MIN(len, 64u << 10);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        ctl += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
    }
    return ctl > 8 && ctl * 100 > n ? N_("binary data") : NULL;
}

/* Read up to `room` bytes (less at the end of a range) to dst. */
/* A CR byte is a CR in UTF-8 and in GB18030 alike (never part of a longer sequence), so line
 * ends can be turned into LF before decoding. */
static void cr_to_lf(char *p, size_t n)
{
    for (char *e = p + n; (p = memchr(p, '\r', (size_t)(e - p))) != NULL; p++)
        *p = '\n';
}

static bool read_block(gy_reader *rd, char *dst, size_t room, size_t *got, GError **err)
{
    if (rd->limit - rd->bytes < room)
        room = (size_t)(rd->limit - rd->bytes);
    size_t n = room ? fread(dst, 1, room, rd->fp) : 0;
    if (n == 0 && ferror(rd->fp)) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", rd->path, g_strerror(errno));
        return false;
    }
    if (n == 0)
        rd->eof = true;
    gy_tally_add(rd->tally, dst, n);
    if (rd->cr_lines)
        cr_to_lf(dst, n);
    rd->bytes += n;
    *got = n;
    return true;
}

/* Drop the text already fed. Only between gy_reader_next calls' rows: a plain row lives there. */
static void text_compact(gy_reader *rd)
{
    if (rd->text_pos == 0)
        return;
    memmove(rd->text, rd->text + rd->text_pos, rd->text_len - rd->text_pos);
    rd->text_len -= rd->text_pos;
    rd->text_pos = 0;
}

/* Room for `extra` more bytes of text and the spare byte after them. */
static void text_reserve(gy_reader *rd, size_t extra)
{
    size_t need = rd->text_len + extra + 1;
    if (need <= rd->text_cap)
        return;
    rd->text_cap = MAX(need, rd->text_cap * 2);
    rd->text = g_realloc(rd->text, rd->text_cap);
}

/* Decode rd->raw into the text. Keeps an incomplete trailing sequence for the next block. */
static void decode(gy_reader *rd)
{
    char *in = rd->raw;
    size_t inleft = rd->raw_len;
    while (inleft > 0) {
        /* two GB18030 bytes make at most three of UTF-8; E2BIG copes with the rest */
        text_reserve(rd, inleft / 2 * 3 + 16);
        char *op = rd->text + rd->text_len;
        size_t outleft = rd->text_cap - rd->text_len - 1;
        size_t r = g_iconv(rd->cd, &in, &inleft, &op, &outleft);
        rd->text_len = (size_t)(op - rd->text);
        if (r != (size_t)-1)
            continue;
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL && !rd->eof)
            break;                          /* incomplete sequence: wait for more bytes */
        /* invalid (or truncated at end of file): mark it, the row will be rejected */
        text_reserve(rd, 3);
        memcpy(rd->text + rd->text_len, "\xEF\xBF\xBD", 3);
        rd->text_len += 3;
        rd->had_bad = true;
        in++;
        inleft--;
    }
    memmove(rd->raw, in, inleft);
    rd->raw_len = inleft;
}

/* More text after the unfed rest: UTF-8 is read straight into the text buffer. */
static bool refill(gy_reader *rd, GError **err)
{
    size_t n;
    text_compact(rd);
    if (rd->enc != GY_ENC_GB18030) {
        text_reserve(rd, BLOCK);
        if (!read_block(rd, rd->text + rd->text_len, BLOCK, &n, err))
            return false;
        rd->text_len += n;
        return true;
    }
    if (rd->raw_len < BLOCK) {
        if (!read_block(rd, rd->raw + rd->raw_len, BLOCK - rd->raw_len, &n, err))
            return false;
        rd->raw_len += n;
    }
    decode(rd);
    return true;
}

/* The file's content says it is a workbook: its rows come from gy_wbook. Read by name, as
 * the libraries want, so not from standard input or a pipe. */
static gy_reader *open_book(gy_reader *rd, const char *path, GError **err)
{
    if (gy_reader_once_only(path)) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: a workbook (%s) is read from a file, "
                    "not from standard input or a pipe: give the file's name"), path,
                    gy_kind_name(rd->kind));
        gy_reader_free(rd);
        return NULL;
    }
    /* the libraries read the file by name: its bytes go through the tally here, so that the
     * manifest's size and SHA-256 are the whole file's; the loader's size, time and inode
     * checks before and after tell a file that changed between the two reads */
    size_t got = 0;
    do {
        if (!read_block(rd, rd->text, BLOCK, &got, err)) {
            gy_reader_free(rd);
            return NULL;
        }
    } while (got > 0);
    if (rd->own_fp)
        fclose(rd->fp);
    rd->fp = NULL;
    g_clear_pointer(&rd->text, g_free);
    rd->text_cap = rd->text_len = rd->text_pos = 0;
    rd->enc = GY_ENC_UTF8;
    rd->book = gy_wbook_open(path, rd->kind, err);
    if (!rd->book) {
        gy_reader_free(rd);
        return NULL;
    }
    return rd;
}

/* A workbook's next row: its cells cleaned as a CSV's are; blank rows skipped. */
static gy_error book_next(gy_reader *rd, gy_row *row, GError **err)
{
    for (;;) {
        char **cells;
        size_t n;
        unsigned long r;
        row->n = 0;
        row->fields = rd->fieldptrs;
        row->problem = GY_OK;
        row->problem_col = -1;
        row->bad_field = -1;
        gy_error e = gy_wbook_next(rd->book, &cells, &n, &r, err);
        if (e != GY_OK || n == 0)
            return e;
        bool blank = true;
        for (size_t i = 0; i < n; i++) {
            rd->fieldptrs[i] = cells[i];
            if (strlen(cells[i]) > FIELD_MAX) {
                cells[i][FIELD_MAX] = '\0';
                if (row->problem == GY_OK) {
                    row->problem = GY_E_FIELD_TOO_BIG;
                    row->problem_col = (int)i;
                }
            }
            if (gy_text_clean(cells[i]) != 0)
                blank = false;
        }
        rd->bytes = gy_wbook_bytes(rd->book);
        rd->line = r + 1;
        if (blank && row->problem == GY_OK)
            continue;
        row->n = n;
        row->line = r;
        return GY_OK;
    }
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
    rd->start = start;
    rd->tally = gy_tally_new(start == 0 && end == 0);
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
        struct stat st;
        if (fstat(fileno(rd->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
            g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path,
                        _("is a folder: give the CSV files in it (for example folder/*.csv)"));
            gy_reader_free(rd);
            return NULL;
        }
        if (start && fseeko(rd->fp, (off_t)start, SEEK_SET) != 0) {
            g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, g_strerror(errno));
            gy_reader_free(rd);
            return NULL;
        }
    }
    rd->fieldbuf = g_string_sized_new(1024);
    rd->offsets = g_array_new(FALSE, FALSE, sizeof(size_t));
    rd->recs = g_array_new(FALSE, FALSE, sizeof(struct done_rec));
    rd->line = 1;
    rd->between = true;
    /* the first block is read as text and sniffed there; GB18030 moves it to raw */
    text_reserve(rd, BLOCK + FIELD_MAX);
    if (!read_block(rd, rd->text, BLOCK, &rd->text_len, err)) {
        gy_reader_free(rd);
        return NULL;
    }
    bool bom = start == 0 && rd->text_len >= 3 && memcmp(rd->text, "\xEF\xBB\xBF", 3) == 0;
    if (bom)
        rd->text_pos = 3;
    const char *what = NULL;
    rd->delim = ',';
    if (start == 0 && gy_kind_sniff(path, rd->text, rd->text_len, &rd->kind, &what) != GY_OK) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: not an export guiyan can read but %s"),
                    path, _(what));
        gy_reader_free(rd);
        return NULL;
    }
    if (gy_kind_is_book(rd->kind))
        return open_book(rd, path, err);
    rd->delim = rd->kind == GY_KIND_TSV ? '\t' : rd->kind == GY_KIND_SSV ? ';' : ',';
    if (!what && start == 0 && !bom)
        what = not_text(rd->text, rd->text_len);
    if (what) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: not a CSV export but %s"), path, _(what));
        gy_reader_free(rd);
        return NULL;
    }
    /* a file saved as "CSV (Macintosh)" ends its lines with CR alone: read so, every row would
     * be on line 1 of the reject list. Told by the first block: CRs and not one LF. */
    size_t body = rd->text_len - rd->text_pos;
    if (start == 0 && body && !memchr(rd->text + rd->text_pos, '\n', body) &&
        memchr(rd->text + rd->text_pos, '\r', body)) {
        rd->cr_lines = true;
        cr_to_lf(rd->text + rd->text_pos, body);
    }
    if (enc == GY_ENC_AUTO)
        enc = bom ? GY_ENC_UTF8_BOM
              : looks_utf8(rd->text, rd->text_len) ? GY_ENC_UTF8 : GY_ENC_GB18030;
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
        rd->raw = g_malloc(BLOCK);
        rd->raw_len = rd->text_len - rd->text_pos;
        memcpy(rd->raw, rd->text + rd->text_pos, rd->raw_len);
        rd->text_len = rd->text_pos = 0;
    }
    csv_init(&rd->csv, CSV_APPEND_NULL);
    csv_set_realloc_func(&rd->csv, capped_realloc);
    csv_set_delim(&rd->csv, (unsigned char)rd->delim);
    rd->csv_ready = true;
    return rd;
}

void gy_reader_free(gy_reader *rd)
{
    if (!rd)
        return;
    if (rd->fp && rd->own_fp)
        fclose(rd->fp);
    gy_tally_free(rd->tally);
    if (rd->cd != (GIConv)-1)
        g_iconv_close(rd->cd);
    if (rd->csv_ready)
        csv_free(&rd->csv);
    g_free(rd->raw);
    g_free(rd->text);
    if (rd->fieldbuf)
        g_string_free(rd->fieldbuf, TRUE);
    if (rd->offsets)
        g_array_free(rd->offsets, TRUE);
    if (rd->recs)
        g_array_free(rd->recs, TRUE);
    g_free(rd->want);
    g_free(rd->wanted);
    g_free(rd->path);
    gy_wbook_free(rd->book);
    g_strfreev(rd->scratch);
    g_free(rd);
}

gy_encoding gy_reader_encoding(const gy_reader *rd) { return rd->enc; }
int gy_reader_kind(const gy_reader *rd) { return (int)rd->kind; }
size_t gy_reader_n_sheets(const gy_reader *rd) { return rd->book ? gy_wbook_n_sheets(rd->book) : 0; }

const char *gy_reader_sheet_name(const gy_reader *rd, size_t i)
{
    return rd->book ? gy_wbook_sheet_name(rd->book, i) : NULL;
}

const char *gy_reader_sheet(const gy_reader *rd)
{
    return rd->book ? gy_wbook_sheet_name(rd->book, rd->sheet) : NULL;
}

gy_error gy_reader_select_sheet(gy_reader *rd, size_t i, GError **err)
{
    if (!rd->book) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("%s: a text file has no sheets"), rd->path);
        return GY_E_USAGE;
    }
    gy_error e = gy_wbook_select(rd->book, i, err);
    if (e == GY_OK)
        rd->sheet = i;
    return e;
}
unsigned long gy_reader_line(const gy_reader *rd) { return rd->line; }
bool gy_reader_between(const gy_reader *rd) { return !rd->cut_record; }
unsigned long long gy_reader_bytes(const gy_reader *rd) { return rd->bytes; }

bool gy_reader_tell(const gy_reader *rd, unsigned long long *offset)
{
    /* UTF-8 text is the file's bytes as they are, so what is not yet fed ends where the file's
     * bytes read so far end; decoded GB18030 and CR turned into LF are not */
    if (rd->book || !rd->fp || rd->enc == GY_ENC_GB18030 || rd->cr_lines || !rd->between ||
        rd->open_line ||
        rd->skip != SKIP_NONE || rd->csv.pstate != 0 || rd->rec_head != rd->recs->len ||
        rd->offsets->len != rd->rec_first)
        return false;
    *offset = rd->start + rd->bytes - (rd->text_len - rd->text_pos);
    return true;
}

static gy_error csv_failed(gy_reader *rd, GError **err)
{
    int e = csv_error(&rd->csv);
    gy_error ge = (e == CSV_ENOMEM || e == CSV_ETOOBIG) ? GY_E_FIELD_TOO_BIG : GY_E_CSV;
    g_set_error(err, GY_ERROR, ge, "%s:%lu: %s", rd->path, rd->rec_line, _(gy_strerror(ge)));
    return ge;
}

#ifdef __SSE2__
/* Whether sixteen bytes are what untouched() accepts: printable ASCII and three-byte
 * characters with leads E4..EC (CJK), every continuation byte one or two after such a lead.
 * *owed carries in and out the continuation bytes a lead near the end promises the next
 * block; it is left alone when the block fails. */
static inline bool block_untouched(__m128i v, unsigned *owed)
{
    const __m128i sp = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F);
    const __m128i c0 = _mm_set1_epi8((char)0xC0), e3 = _mm_set1_epi8((char)0xE3);
    const __m128i ed = _mm_set1_epi8((char)0xED);
    unsigned ascii = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, sp), _mm_cmplt_epi8(v, del)));
    unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, c0));
    unsigned lead = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, e3), _mm_cmplt_epi8(v, ed)));
    unsigned want = (lead << 1) | (lead << 2) | *owed;
    if ((ascii | cont | lead) != 0xFFFF || cont != (want & 0xFFFF))
        return false;
    *owed = want >> 16;
    return true;
}

/* Where the bytes known good end, a block boundary with `owed` continuation bytes pending:
 * at the lead of the character the boundary cuts. */
static inline size_t back_to_lead(size_t at, unsigned owed)
{
    return owed ? at - ((owed & 2) ? 1 : 2) : at;
}
#endif

/* The fields of p[0, len), a line without its line break, split at commas: their starts go to
 * rd->fieldptrs and the count is returned. 0 when the line holds a quote or a stray carriage
 * return, or more than MAX_FIELDS fields: then it is libcsv's. Nothing is written yet. *good gets
 * how far from the start the line is known to be what untouched() accepts, checked in the
 * same pass (a character boundary; 0 without SSE2). */
static size_t scan_plain(gy_reader *rd, char *p, size_t len, size_t *good)
{
    char **fp = rd->fieldptrs;
    size_t n = 1, i = 0;
    fp[0] = p;
    *good = 0;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'), comma = _mm_set1_epi8(',');
    unsigned owed = 0;
    bool ok = true;
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr))))
            return 0;
        for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)); m; m &= m - 1)
            fp[n++] = p + i + (unsigned)__builtin_ctz(m) + 1;
        if (n > MAX_FIELDS)          /* too many: libcsv keeps the first and marks the row */
            return 0;
        /* untouched()'s test in the same pass, while the blocks pass it */
        if (ok && (ok = block_untouched(v, &owed)))
            *good = back_to_lead(i + 16, owed);
    }
#endif
    for (; i < len; i++) {
        if (p[i] == '"' || p[i] == '\r')
            return 0;
        if (p[i] == ',') {
            if (n == MAX_FIELDS)
                return 0;
            fp[n++] = p + i + 1;
        }
    }
    return n;
}

static bool untouched(const char *s, size_t len);

/* The common case without libcsv: a whole line, between records, with no quote and no stray
 * carriage return, is its fields split at commas, in place. The same fields as libcsv would
 * give, several times faster. Returns the field count (0 for a blank line, no record, as
 * libcsv) and sets *end to the NUL after the last field, or returns SIZE_MAX to defer: to
 * libcsv, which also caps what a row may hold. */
static size_t split_plain(gy_reader *rd, char *p, size_t seg, char **end)
{
    size_t len = seg;
    if (len && p[len - 1] == '\n') len--;
    if (len && p[len - 1] == '\r') len--;
    if (len == 0)
        return 0;
    if (rd->delim != ',')
        return SIZE_MAX;              /* tab- or semicolon-separated: libcsv splits them */
    size_t good;
    size_t n = scan_plain(rd, p, len, &good);
    if (n == 0)
        return SIZE_MAX;
    if (len > FIELD_MAX)            /* a field over the cap is libcsv's to refuse */
        for (size_t i = 0; i < n; i++)
            if ((size_t)((i + 1 < n ? rd->fieldptrs[i + 1] - 1 : p + len) - rd->fieldptrs[i]) > FIELD_MAX)
                return SIZE_MAX;
    /* one check of the span the wanted fields lie in, before the commas become NULs, spares
     * a check per field: short fields are the slow case of untouched() */
    size_t last = rd->want && rd->n_wanted ? rd->wanted[rd->n_wanted - 1] : n - 1;
    const char *stop = last + 1 < n ? rd->fieldptrs[last + 1] - 1 : p + len;
    size_t span = (size_t)(stop - p);
    rd->span_ok = good >= span || untouched(p + good, span - good);
    for (size_t i = 1; i < n; i++)
        rd->fieldptrs[i][-1] = '\0';
    p[len] = '\0';                  /* the line break, or the spare byte after the text */
    *end = p + len;
    return n;
}

static void csv_restart(gy_reader *rd)
{
    csv_free(&rd->csv);
    csv_init(&rd->csv, CSV_APPEND_NULL);
    csv_set_realloc_func(&rd->csv, capped_realloc);
    csv_set_delim(&rd->csv, (unsigned char)rd->delim);
}

/* libcsv refused a field over FIELD_MAX after `used` bytes of the segment at p: keep the
 * field's start for the reject list, and skip the rest of the record as it streams by,
 * following the quotes as libcsv would, without holding it. */
static void skip_begin(gy_reader *rd, size_t used)
{
    if (rd->rec_problem == GY_OK) {
        rec_problem(rd, GY_E_FIELD_TOO_BIG);
        size_t n = MIN(rd->csv.entry_pos, 60);
        const gchar *ok;
        g_utf8_validate_len((const char *)rd->csv.entry_buf, n, &ok);
        size_t off = rd->fieldbuf->len;
        g_array_append_val(rd->offsets, off);
        g_string_append_len(rd->fieldbuf, (const char *)rd->csv.entry_buf,
                            ok - (const char *)rd->csv.entry_buf);
        g_string_append(rd->fieldbuf, "…");
        g_string_append_c(rd->fieldbuf, '\0');
    }
    bool quoted = rd->csv.quoted;
    rd->skip = !quoted ? SKIP_OUT
               : rd->csv.pstate == CSV_FIELD_MIGHT_HAVE_ENDED ? SKIP_IN_QUOTE : SKIP_IN;
    rd->skip_field_start = false;
    csv_restart(rd);
    rd->text_pos += used;
}

/* Skip text to the end of the record (a line break outside quotes), which is then complete
 * with its problem; or to the end of the input, where a quote still open makes it
 * GY_E_UNCLOSED_QUOTE. */
static gy_error skip_on(gy_reader *rd, GError **err)
{
    while (rd->skip != SKIP_NONE) {
        const char *p = rd->text + rd->text_pos, *e = rd->text + rd->text_len;
        for (; p < e; p++) {
            char c = *p;
            if (c == '\n')
                rd->line++;
            switch (rd->skip) {
            case SKIP_OUT:
                if (c == '\n')
                    goto done;
                if (c == '"' && rd->skip_field_start)
                    rd->skip = SKIP_IN;
                else if (c == rd->delim)
                    rd->skip_field_start = true;
                else if (c != ' ' && c != '\t')
                    rd->skip_field_start = false;
                break;
            case SKIP_IN:
                if (c == '"')
                    rd->skip = SKIP_IN_QUOTE;
                break;
            default:                          /* a quote in a quoted field: "" or its end */
                if (c == '\n')
                    goto done;
                rd->skip = c == '"' ? SKIP_IN : SKIP_OUT;
                rd->skip_field_start = c == rd->delim;
                break;
            }
        }
        rd->text_pos = rd->text_len;
        if (rd->eof) {
            if (rd->skip != SKIP_OUT) {
                if (rd->skip == SKIP_IN) {
                    rd->rec_problem = GY_E_UNCLOSED_QUOTE;
                    rd->cut_record = true;    /* a chunk's reader: the file is read again */
                }
            }
            p = e;
            goto done;
        }
        if (!refill(rd, err))
            return GY_E_IO;
        continue;
    done:
        rd->open_line = p == e;           /* the input ended in the record */
        rd->text_pos = (size_t)(p - rd->text) + (p < e);
        rd->skip = SKIP_NONE;
        on_record(0, rd);
    }
    return GY_OK;
}

/* Feed decoded text line by line until at least one record is complete or input ends. A plain
 * line met between records is not fed but split in place: *direct is then its field count and
 * *end the NUL after its last field; otherwise *direct is 0. A line longer than LONG_LINE is
 * fed to libcsv in parts, so no line is ever held whole past that. */
static gy_error pump(gy_reader *rd, size_t *direct, char **end, GError **err)
{
    *direct = 0;
    while (rd->rec_head == rd->recs->len) {
        if (rd->skip != SKIP_NONE) {
            if (skip_on(rd, err) != GY_OK)
                return GY_E_IO;
            continue;
        }
        char *p = rd->text + rd->text_pos;
        size_t avail = rd->text_len - rd->text_pos;
        char *nl = avail ? memchr(p, '\n', avail) : NULL;
        if (!nl && !rd->eof && avail < LONG_LINE) {
            if (!refill(rd, err))
                return GY_E_IO;
            continue;
        }
        size_t seg = nl ? (size_t)(nl - p) + 1 : avail;
        if (seg == 0) {                         /* end of input */
            if (rd->csv.pstate != 0 || rd->offsets->len > rd->rec_first)
                rd->cut_record = true;          /* the input ended inside a record */
            bool open = rd->csv.quoted && rd->csv.pstate == CSV_FIELD_BEGUN;
            guint had = rd->recs->len;
            if (csv_fini(&rd->csv, on_field, on_record, rd) != 0)
                return csv_failed(rd, err);
            if (open && rd->recs->len > had) {  /* the record the open quote swallowed */
                struct done_rec *d = &g_array_index(rd->recs, struct done_rec, rd->recs->len - 1);
                if (d->problem == GY_OK) {
                    d->problem = GY_E_UNCLOSED_QUOTE;
                    d->problem_col = d->n ? (int)d->n - 1 : 0;
                }
            }
            return GY_OK;
        }
        if (rd->between) {
            rd->rec_line = rd->line;
            rd->between = false;
        }
        /* libcsv's ROW_NOT_BEGUN (0) and no field pending: between records */
        size_t n = (nl || rd->eof) && rd->csv.pstate == 0 && rd->offsets->len == rd->rec_first
                       ? split_plain(rd, p, seg, end) : SIZE_MAX;
        if (n == SIZE_MAX) {
            size_t used = csv_parse(&rd->csv, p, seg, on_field, on_record, rd);
            if (used != seg) {
                int ce = csv_error(&rd->csv);
                if (ce != CSV_ENOMEM && ce != CSV_ETOOBIG)
                    return csv_failed(rd, err);
                skip_begin(rd, used);
                continue;
            }
        }
        rd->text_pos += seg;
        if (nl)
            rd->line++;
        rd->open_line = !nl;
        if (n != SIZE_MAX) {
            rd->between = true;
            if (n == 0)
                continue;                       /* a blank line */
            *direct = n;
            return GY_OK;
        }
        /* a record ended, or the line was blank */
        rd->between = rd->csv.pstate == 0 && rd->offsets->len == rd->rec_first;
    }
    return GY_OK;
}

void gy_reader_want(gy_reader *rd, const bool *want, size_t n)
{
    g_free(rd->want);
    g_free(rd->wanted);
    rd->want = g_memdup2(want, n * sizeof *want);
    rd->n_want = n;
    rd->wanted = g_new(size_t, n ? n : 1);
    rd->n_wanted = 0;
    for (size_t i = 0; i < n; i++)
        if (want[i])
            rd->wanted[rd->n_wanted++] = i;
}

/* True when the raw bytes f[0, len) hold nothing but spaces and control characters. By the
 * length, not up to a NUL: a NUL byte must not hide what follows it in the field. */
static bool raw_blank(const char *f, size_t len)
{
    for (const unsigned char *p = (const unsigned char *)f, *e = p + len; p < e; p++)
        if (*p > ' ' && *p != 0x7F)
            return false;
    return true;
}

/* True when s[0, len) is valid UTF-8 that gy_text_clean leaves as it is but for spaces at its
 * ends: printable ASCII (taken eight bytes at a time) and characters it does not touch
 * (U+00C0..U+07FF, U+1000..U+1FFF, U+4000..U+CFFF: Chinese among them). It changes NUL, the
 * C0 controls, DEL, U+00A0, U+200B, U+3000, U+FEFF and U+FF01..U+FF5E; U+FFFD marks a
 * GB18030 decoding error. All of those, and anything unusual, take the long way. */
static bool untouched(const char *s, size_t len)
{
    const unsigned char *s0 = (const unsigned char *)s, *p = s0, *e = p + len;
#ifdef __SSE2__
    /* sixteen bytes at a time while they pass; then on from the lead of the character the
     * last block's end cut */
    unsigned owed = 0;
    while (e - p >= 16 && block_untouched(_mm_loadu_si128((const __m128i *)p), &owed))
        p += 16;
    p = s0 + back_to_lead((size_t)(p - s0), owed);
#endif
    const uint64_t ones = 0x0101010101010101u, spaces = ones * 0x20, tops = ones * 0x80;
    /* a byte below 0x20 borrows into its top bit, 0x7F carries into it, 0x80 and up have it;
     * the last eight bytes may overlap the ones before */
    uint64_t x;
    for (; e - p >= 8; p += 8) {
        memcpy(&x, p, 8);
        if (((x - spaces) | (x + ones) | x) & tops)
            break;
    }
    if (p < e && len >= 8 && e - p < 8) {
        memcpy(&x, e - 8, 8);
        if (!(((x - spaces) | (x + ones) | x) & tops))
            return true;
    }
    while (p < e) {
        unsigned c = *p;
        if (c - 0x20 < 0x5F)
            p++;
        else if ((c - 0xE4 < 9 || c == 0xE1) && e - p >= 3 && (p[1] & 0xC0) == 0x80 &&
                 (p[2] & 0xC0) == 0x80)
            p += 3;
        else if (c - 0xC3 < 0x1D && e - p >= 2 && (p[1] & 0xC0) == 0x80)
            p += 2;
        else
            return false;
    }
    return true;
}

/* g_utf8_validate_len, quicker on Chinese text: ASCII without NUL and the two- and three-byte
 * characters U+0080..U+07FF and U+1000..U+CFFF (never overlong, never a surrogate) are taken
 * here; from the first anything else glib decides, and it validates character by character,
 * so *end is the same. */
static bool utf8_valid(const char *s, size_t len, const gchar **end)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        unsigned c = *p;
        if (c - 1 < 0x7F)
            p++;
        else if (c - 0xE1 < 0x0C && e - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
            p += 3;
        else if (c - 0xC2 < 0x1E && e - p >= 2 && (p[1] & 0xC0) == 0x80)
            p += 2;
        else
            break;
    }
    return g_utf8_validate_len((const char *)p, (size_t)(e - p), end);
}

/* The long way for field f of length len (field i): undecodable bytes marked, then cleaned.
 * Returns whether it is blank after cleaning. */
static __attribute__((noinline)) bool clean_field_slow(gy_reader *rd, gy_row *row, size_t i,
                                                       char *f, size_t len)
{
    const gchar *bad;
    /* undecodable bytes become '?' (UTF-8) or U+FFFD (GB18030, from decode());
     * either way the row is rejected downstream, with the column named */
    while (!utf8_valid(f, len, &bad)) {
        *(char *)bad = '?';
        if (row->bad_field < 0)
            row->bad_field = (int)i;
    }
    if (rd->had_bad && row->bad_field < 0 && strstr(f, "\xEF\xBF\xBD"))
        row->bad_field = (int)i;
    return gy_text_clean(f) == 0;
}

size_t gy_reader_clean_cell(char *f, size_t len)
{
    const gchar *bad;
    while (!utf8_valid(f, len, &bad))
        *(char *)bad = '?';
    return gy_text_clean(f);
}

/* Bytes of field i of a row of n: the fields lie one after another, each NUL-ended, and `end`
 * is the NUL after the last (a field may hold NUL bytes of its own). */
static inline size_t field_len(const gy_reader *rd, size_t i, size_t n, const char *end)
{
    return (size_t)((i + 1 < n ? rd->fieldptrs[i + 1] - 1 : end) - rd->fieldptrs[i]);
}

/* Check and clean wanted field i of a row of n (end as for field_len). Returns whether it is
 * blank after cleaning. Inline, as it runs for every wanted field of every row: a field in a
 * line whose span passed untouched() (or that passes it itself) can only lose spaces at its
 * ends. */
static inline bool clean_field(gy_reader *rd, gy_row *row, size_t i, size_t n, const char *end)
{
    char *f = rd->fieldptrs[i];
    size_t len = field_len(rd, i, n, end);
    if (rd->span_ok || untouched(f, len))
        return len == 0 || ((f[0] == ' ' || f[len - 1] == ' ') && gy_text_clean(f) == 0);
    return clean_field_slow(rd, row, i, f, len);
}

/* Clean the row's wanted fields; true when the row is blank (",,,,": a blank line by another
 * name). The other columns only matter for that, and only when every wanted one is blank. */
static bool clean_row(gy_reader *rd, gy_row *row, size_t n, const char *end)
{
    bool blank = true;
    row->bad_field = -1;
    if (!rd->want) {
        for (size_t i = 0; i < n; i++)
            if (!clean_field(rd, row, i, n, end))
                blank = false;
        return blank;
    }
    for (size_t k = 0; k < rd->n_wanted && rd->wanted[k] < n; k++)
        if (!clean_field(rd, row, rd->wanted[k], n, end))
            blank = false;
    if (!blank)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((i >= rd->n_want || !rd->want[i]) &&
            !raw_blank(rd->fieldptrs[i], field_len(rd, i, n, end)))
            return false;
    return true;
}

char **gy_reader_scratch(gy_reader *rd, size_t n)
{
    g_strfreev(rd->scratch);
    rd->scratch = g_new0(char *, n + 1);
    return rd->scratch;
}

gy_error gy_reader_next(gy_reader *rd, gy_row *row, GError **err)
{
    g_clear_pointer(&rd->scratch, g_strfreev);
    if (rd->book)
        return book_next(rd, row, err);
    for (;;) {
        row->n = 0;
        row->fields = rd->fieldptrs;
        row->problem = GY_OK;
        row->problem_col = -1;
        if (rd->rec_head == rd->recs->len && rd->recs->len > 0)
            compact(rd);
        size_t n;
        char *end = NULL;
        gy_error e = pump(rd, &n, &end, err);
        if (e != GY_OK)
            return e;
        unsigned long line = rd->rec_line;
        if (n == 0) {
            if (rd->rec_head == rd->recs->len)
                return GY_OK;                  /* end of input */
            const struct done_rec *d = &g_array_index(rd->recs, struct done_rec, rd->rec_head++);
            const size_t *off = &g_array_index(rd->offsets, size_t, d->first);
            n = d->n;
            line = d->line;
            row->problem = d->problem;
            row->problem_col = d->problem != GY_OK ? d->problem_col : -1;
            if (n == 0 && d->problem == GY_OK)
                continue;
            if (n == 0) {                      /* a rejected row has a field to show */
                rd->empty[0] = '\0';
                rd->fieldptrs[0] = rd->empty;
                row->n = 1;
                row->line = line;
                row->bad_field = -1;
                return GY_OK;
            }
            rd->span_ok = false;               /* libcsv's record: each field checked */
            for (size_t i = 0; i < n; i++)
                rd->fieldptrs[i] = rd->fieldbuf->str + off[i];
            end = rd->fieldbuf->str +
                  (d->first + n < rd->offsets->len ? off[n] : rd->fieldbuf->len) - 1;
        }
        if (clean_row(rd, row, n, end) && row->problem == GY_OK)
            continue;
        row->n = n;
        row->line = line;
        return GY_OK;
    }
}

bool gy_reader_once_only(const char *path)
{
    struct stat st;
    return !strcmp(path, "-") || (stat(path, &st) == 0 && !S_ISREG(st.st_mode));
}

const gy_tally *gy_reader_tally(const gy_reader *rd)
{
    return rd->tally;
}
