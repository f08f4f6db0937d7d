/* fuzz_reader.c — the CSV reader (src/ingest/reader.c) on a file holding the input, against a
 * plain reference: the input decoded in one go (BOM, UTF-8, else GB18030 with U+FFFD for each
 * byte it cannot decode), fed to libcsv one byte at a time so that every record's first
 * physical line is known, every field repaired ('?' for bytes that are not UTF-8) and cleaned
 * with gy_text_clean, blank rows dropped (a file whose first block has CRs and no LF has every
 * CR read as LF); a record of more than 4096 fields is handed out
 * with its first 4096 and marked, the record a quote left open at the end swallowed is
 * marked too. The reader, with its in-place split of plain lines and its fast checks, must
 * hand out the same rows: detected encoding, then as the loader reads (all columns for the
 * header, then only the wanted ones), then with the other encoding forced. What the first
 * bytes show is not text (a ZIP or OLE signature, %PDF, a UTF-16 BOM, control characters) it
 * must refuse, and nothing else. */
#include <errno.h>
#include <csv.h>

#include "fuzz.h"
#include "guiyan/fields.h"
#include "guiyan/reader.h"
#include "guiyan/wbook.h"

#define MAX_FIELDS GY_MAX_COLUMNS /* more: the row is marked, the rest skipped */
#ifndef GY_READER_BLOCK
#define GY_READER_BLOCK (1u << 20)
#endif

/* ---- the reference ---- */

typedef struct ref_rec {
    unsigned long line;
    GPtrArray *raw;               /* GByteArray *: the field as libcsv gave it */
    gy_error problem;             /* as gy_row.problem */
    int problem_col;
} ref_rec;

typedef struct ref {
    GArray *recs;                 /* ref_rec */
    GPtrArray *cur;               /* fields of the record being parsed */
    unsigned long line, rec_line;
} ref;

static void ref_field(void *s, size_t len, void *data)
{
    ref *r = data;
    GByteArray *b = g_byte_array_sized_new((guint)len + 1);
    g_byte_array_append(b, s ? s : (void *)"", (guint)len);
    g_ptr_array_add(r->cur, b);
}

static void ref_record(int c, void *data)
{
    (void)c;
    ref *r = data;
    ref_rec rec = { r->rec_line, r->cur, GY_OK, -1 };
    if (r->cur->len > MAX_FIELDS) {
        g_ptr_array_set_size(r->cur, MAX_FIELDS);
        rec.problem = GY_E_TOO_MANY_COLUMNS;
        rec.problem_col = MAX_FIELDS;
    }
    g_array_append_val(r->recs, rec);
    r->cur = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
}

/* GB18030 to UTF-8, U+FFFD for each byte that does not decode; *bad when there was one. */
static GByteArray *decode_gb18030(const char *in, size_t len, bool *bad)
{
    GIConv cd = g_iconv_open("UTF-8", "GB18030");
    FUZZ_CHECK(cd != (GIConv)-1, "no GB18030 converter");
    GByteArray *out = g_byte_array_new();
    char buf[256];
    char *ip = (char *)in;
    size_t left = len;
    *bad = false;
    while (left > 0) {
        char *op = buf;
        size_t room = sizeof buf;
        size_t r = g_iconv(cd, &ip, &left, &op, &room);
        g_byte_array_append(out, (guint8 *)buf, (guint)(op - buf));
        if (r == (size_t)-1 && errno != E2BIG) {
            g_byte_array_append(out, (const guint8 *)"\xEF\xBF\xBD", 3);
            *bad = true;
            ip++;
            left--;
        }
    }
    g_iconv_close(cd);
    return out;
}

/* Every record of text, each with the line it starts on. */
static ref *ref_parse(const char *text, size_t len)
{
    ref *r = g_new0(ref, 1);
    r->recs = g_array_new(FALSE, FALSE, sizeof(ref_rec));
    r->cur = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
    r->line = 1;
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    for (size_t i = 0; i < len; i++) {
        /* libcsv between records (ROW_NOT_BEGUN, nothing pending): a record starts here */
        if (p.pstate == 0 && r->cur->len == 0)
            r->rec_line = r->line;
        FUZZ_CHECK(csv_parse(&p, text + i, 1, ref_field, ref_record, r) == 1, "libcsv: %s",
                   csv_strerror(csv_error(&p)));
        if (text[i] == '\n')
            r->line++;
    }
    /* libcsv's FIELD_BEGUN in a quoted field: a quote open at the end */
    bool open = p.quoted && p.pstate == 2;
    guint had = r->recs->len;
    csv_fini(&p, ref_field, ref_record, r);
    csv_free(&p);
    if (open && r->recs->len > had) {
        ref_rec *last = &g_array_index(r->recs, ref_rec, r->recs->len - 1);
        if (last->problem == GY_OK) {
            last->problem = GY_E_UNCLOSED_QUOTE;
            last->problem_col = last->raw->len ? (int)last->raw->len - 1 : 0;
        }
    }
    return r;
}

static void ref_free(ref *r)
{
    for (guint i = 0; i < r->recs->len; i++)
        g_ptr_array_unref(g_array_index(r->recs, ref_rec, i).raw);
    g_array_free(r->recs, TRUE);
    g_ptr_array_unref(r->cur);
    g_free(r);
}

/* A row as handed out: the wanted fields cleaned. */
typedef struct row {
    unsigned long line;
    size_t n;
    char **fields;                /* cleaned where wanted, else NULL */
    int bad_field;
    gy_error problem;
    int problem_col;
} row;

static void rows_free(GArray *rows)
{
    for (guint i = 0; i < rows->len; i++) {
        row *w = &g_array_index(rows, row, i);
        for (size_t k = 0; k < w->n; k++)
            g_free(w->fields[k]);
        g_free(w->fields);
    }
    g_array_free(rows, TRUE);
}

static bool wanted(const bool *want, size_t n_want, size_t i)
{
    return !want || (i < n_want && want[i]);
}

/* Nothing but spaces and control characters (reader.c's raw_blank). */
static bool raw_blank(const GByteArray *b)
{
    for (guint i = 0; i < b->len; i++)
        if (b->data[i] > ' ' && b->data[i] != 0x7F)
            return false;
    return true;
}

/* The rows the reader should hand out: want applies from the second row on (the loader reads
 * the header with every column). had_bad: the decoding met a byte it could not decode. */
static GArray *ref_rows(const ref *r, const bool *want, size_t n_want, bool had_bad)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(row));
    for (guint i = 0; i < r->recs->len; i++) {
        const ref_rec *rec = &g_array_index(r->recs, ref_rec, i);
        const bool *w = rows->len ? want : NULL;
        row out = { rec->line, rec->raw->len, g_new0(char *, rec->raw->len + 1), -1,
                    rec->problem, rec->problem_col };
        bool blank = true;
        for (size_t k = 0; k < out.n; k++) {
            const GByteArray *b = g_ptr_array_index(rec->raw, k);
            if (!wanted(w, n_want, k)) {
                blank = blank && raw_blank(b);
                continue;
            }
            char *f = g_malloc(b->len + 1);     /* the bytes as they are, NULs too */
            memcpy(f, b->data, b->len);
            f[b->len] = '\0';
            const gchar *bad;
            while (!g_utf8_validate_len(f, b->len, &bad)) {
                *(char *)bad = '?';
                if (out.bad_field < 0)
                    out.bad_field = (int)k;
            }
            if (had_bad && out.bad_field < 0 && strstr(f, "\xEF\xBF\xBD"))
                out.bad_field = (int)k;
            gy_text_clean(f);
            blank = blank && !*f;
            out.fields[k] = f;
        }
        if (blank && out.problem == GY_OK) {   /* a marked row is handed out all the same */
            for (size_t k = 0; k < out.n; k++)
                g_free(out.fields[k]);
            g_free(out.fields);
            continue;
        }
        g_array_append_val(rows, out);
    }
    return rows;
}

/* ---- the reader ---- */

/* Read the file as the loader does: the first row with every column, then `want`. Returns the
 * rows; *e is the error that stopped it (GY_OK at the end). NULL when the reader refused the
 * file as not text (*e GY_E_NOT_TEXT). */
static GArray *read_rows(const char *path, gy_encoding force, const bool *want, size_t n_want,
                         gy_encoding *enc, gy_error *e)
{
    GError *err = NULL;
    gy_reader *rd = gy_reader_open(path, force, &err);
    if (!rd && err && err->code == GY_E_NOT_TEXT) {
        g_error_free(err);
        *e = GY_E_NOT_TEXT;
        return NULL;
    }
    FUZZ_CHECK(rd, "cannot open: %s", err ? err->message : "?");
    *enc = gy_reader_encoding(rd);
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(row));
    gy_row r;
    unsigned long last = 0;
    while ((*e = gy_reader_next(rd, &r, &err)) == GY_OK && r.n > 0) {
        FUZZ_CHECK(r.n <= MAX_FIELDS, "%zu fields", r.n);
        FUZZ_CHECK(r.line >= last && r.line >= 1, "line %lu after %lu", r.line, last);
        last = r.line;
        const bool *w = rows->len ? want : NULL;
        FUZZ_CHECK(r.problem == GY_OK || r.problem_col >= 0, "line %lu: problem %d at column %d",
                   r.line, r.problem, r.problem_col);
        row out = { r.line, r.n, g_new0(char *, r.n + 1), r.bad_field, r.problem, r.problem_col };
        for (size_t k = 0; k < r.n; k++)
            if (wanted(w, n_want, k)) {
                const char *f = r.fields[k];
                FUZZ_CHECK(g_utf8_validate(f, -1, NULL), "line %lu field %zu not UTF-8", r.line, k);
                out.fields[k] = g_strdup(f);
            }
        g_array_append_val(rows, out);
        if (rows->len == 1 && want)
            gy_reader_want(rd, want, n_want);
    }
    if (*e != GY_OK)
        FUZZ_CHECK(err && err->code == (int)*e, "error %d without its message", *e);
    FUZZ_CHECK(*e == GY_OK, "error %d: %s", *e, err ? err->message : "");
    g_clear_error(&err);
    gy_reader_free(rd);
    return rows;
}

/* Rows as "line:f1|f2|…" (unwanted fields as "-"), for the story of a failed check. */
static void print_rows(const char *title, GArray *rows, const bool *want, size_t n_want)
{
    fprintf(stderr, "%s:\n", title);
    for (guint i = 0; i < rows->len; i++) {
        const row *w = &g_array_index(rows, row, i);
        fprintf(stderr, "  %lu:", w->line);
        for (size_t k = 0; k < w->n; k++)
            fprintf(stderr, "%s%s", k ? "|" : "", wanted(i ? want : NULL, n_want, k) ? w->fields[k] : "-");
        if (w->bad_field >= 0)
            fprintf(stderr, " !%d", w->bad_field);
        fprintf(stderr, w->problem != GY_OK ? " problem %d at %d\n" : "\n", w->problem,
                w->problem_col);
    }
}

/* The first difference between the reader's rows and the reference's, or NULL. */
static char *difference(GArray *got, GArray *want_rows, const bool *want, size_t n_want)
{
    if (got->len != want_rows->len)
        return g_strdup_printf("%u rows, the reference has %u", got->len, want_rows->len);
    for (guint i = 0; i < got->len; i++) {
        const row *a = &g_array_index(got, row, i), *b = &g_array_index(want_rows, row, i);
        if (a->line != b->line)
            return g_strdup_printf("row %u on line %lu, the reference says %lu", i, a->line,
                                   b->line);
        if (a->n != b->n)
            return g_strdup_printf("line %lu has %zu fields, the reference %zu", a->line, a->n,
                                   b->n);
        if (a->problem != b->problem || a->problem_col != b->problem_col)
            return g_strdup_printf("line %lu problem %d at %d, the reference %d at %d", a->line,
                                   a->problem, a->problem_col, b->problem, b->problem_col);
        if (a->bad_field != b->bad_field)
            return g_strdup_printf("line %lu bad field %d, the reference %d", a->line,
                                   a->bad_field, b->bad_field);
        for (size_t k = 0; k < a->n; k++)
            if (wanted(i ? want : NULL, n_want, k) && strcmp(a->fields[k], b->fields[k]) != 0)
                return g_strdup_printf("line %lu field %zu is \"%s\", the reference \"%s\"",
                                       a->line, k, a->fields[k], b->fields[k]);
    }
    return NULL;
}

static void compare(const char *what, GArray *got, GArray *want_rows, const bool *want,
                    size_t n_want)
{
    char *diff = difference(got, want_rows, want, n_want);
    if (!diff)
        return;
    print_rows("the reader", got, want, n_want);
    print_rows("the reference", want_rows, want, n_want);
    FUZZ_CHECK(!diff, "%s: %s", what, diff);
}

/* What reader.c refuses as not a CSV export, from the first block: a signature, or more than
 * eight control characters (not tab, line breaks, form feed) and over 1% of the bytes. */
static bool ref_not_text(const uint8_t *s, size_t size)
{
    static const char *const magic[] = { "PK\x03\x04", "\xD0\xCF\x11\xE0", "%PDF", "\xFF\xFE",
                                         "\xFE\xFF" };
    if (size >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(magic); i++)
        if (size >= strlen(magic[i]) && memcmp(s, magic[i], strlen(magic[i])) == 0)
            return true;
    size_t n = MIN(size, MIN(GY_READER_BLOCK, 64u << 10)), ctl = 0;
    for (size_t i = 0; i < n; i++)
        ctl += s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f';
    return ctl > 8 && ctl * 100 > n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch(data, size, ".csv");
    /* tab- or semicolon-separated text, an HTML table, a workbook: another reader, which
     * only has to come through without a crash here (the reference knows commas) */
    gy_kind kind;
    const char *what;
    if (gy_kind_sniff(path, (const char *)data, MIN(size, GY_READER_BLOCK), &kind, &what) == GY_OK &&
        kind != GY_KIND_CSV) {
        gy_encoding enc;
        gy_error e;
        GArray *got = read_rows(path, GY_ENC_AUTO, NULL, 0, &enc, &e);
        if (got)
            rows_free(got);
        return 0;
    }
    const char *in = (const char *)data;
    bool bom = size >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0;
    const char *body = bom ? in + 3 : in;
    size_t body_len = bom ? size - 3 : size;
    /* old Mac line ends: CRs and no LF in the first block make every CR a line break */
    size_t first = MIN(size, GY_READER_BLOCK) - (bom ? 3 : 0);
    char *lf = NULL;
    if (first && !memchr(body, '\n', first) && memchr(body, '\r', first)) {
        lf = g_memdup2(body, body_len);
        for (size_t i = 0; i < body_len; i++)
            if (lf[i] == '\r')
                lf[i] = '\n';
        body = lf;
    }

    /* the columns the loader would want, from the input's hash */
    bool want[12];
    guint h = 5381;
    for (size_t i = 0; i < size; i++)
        h = h * 33 + data[i];
    size_t n_want = 1 + h % 12;
    for (size_t i = 0; i < n_want; i++)
        want[i] = (h >> (4 + i)) & 1;

    gy_encoding detected = GY_ENC_AUTO;
    for (int pass = 0; pass < 3; pass++) {
        static const char *const what[] = { "detected", "loader's columns", "forced" };
        gy_encoding force = GY_ENC_AUTO, enc;
        gy_error e;
        if (pass == 2)
            force = detected == GY_ENC_GB18030 ? GY_ENC_UTF8 : GY_ENC_GB18030;
        const bool *w = pass == 1 ? want : NULL;
        GArray *got = read_rows(path, force, w, n_want, &enc, &e);
        FUZZ_CHECK(!got == ref_not_text(data, size), "refused as not text: %s, the reference: %s",
                   got ? "no" : "yes", ref_not_text(data, size) ? "yes" : "no");
        if (!got)
            break;
        if (pass == 0)
            detected = enc;
        if (bom)
            FUZZ_CHECK(enc == GY_ENC_UTF8_BOM || (force == GY_ENC_GB18030 && enc == force),
                       "a BOM, read as %s", gy_encoding_name(enc));
        else if (force == GY_ENC_AUTO && g_utf8_validate_len(in, size, NULL))
            FUZZ_CHECK(enc == GY_ENC_UTF8, "valid UTF-8 read as %s", gy_encoding_name(enc));

        bool had_bad = false;
        GByteArray *text = NULL;
        if (enc == GY_ENC_GB18030)
            text = decode_gb18030(body, body_len, &had_bad);
        ref *r = ref_parse(text ? (const char *)text->data : body, text ? text->len : body_len);
        GArray *expect = ref_rows(r, w, n_want, had_bad);
        compare(what[pass], got, expect, w, n_want);
        rows_free(expect);
        ref_free(r);
        if (text)
            g_byte_array_unref(text);
        rows_free(got);
    }
    g_free(lf);
    return 0;
}
