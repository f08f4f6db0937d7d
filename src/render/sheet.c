/* sheet.c — official-table furniture over libxlsxwriter: style.ini, the workbook, legal sheet
 * names, titled tables with merged headers, exact cached formulas, print setup (sheet.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/error.h"
#include "guiyan/numfmt.h"
#include "guiyan/sheet.h"

#define SHEET_NAME_MAX 31            /* Excel's limit, in UTF-16 units */
#define SHEET_MAX_COLS 256
#define SHEET_TEXT_MAX 32000         /* bytes; Excel's cell limit is 32,767 characters */
#define SHEET_WRAP_WIDTH 48          /* a wrapped cell widens its column up to this width */
#define SHEET_MIN_WIDTH 6.0
#define SHEET_MAX_WIDTH 80.0
#define JULIAN_1970_01_01 719163     /* GDate Julian day of the Unix epoch */
#define EPOCH_1980 315532800         /* 1980-01-01 00:00 UTC: the zip format's own epoch */

/* ---- style ---- */

gy_style *gy_style_new(void)
{
    gy_style *st = g_new0(gy_style, 1);
    st->title_font = g_strdup("方正小标宋简体");
    st->title_size = 18;
    st->header_font = g_strdup("黑体");
    st->header_size = 11;
    st->header_bold = false;
    st->body_font = g_strdup("宋体");
    st->body_size = 11;
    st->note_size = 10;
    st->paper = 9;
    st->landscape = true;
    st->margin_left = 1.5;
    st->margin_right = 1.5;
    st->margin_top = 2.0;
    st->margin_bottom = 2.0;
    st->margin_footer = 0.8;
    st->footer = g_strdup("&C第 &P 页 共 &N 页");
    return st;
}

gy_style *gy_style_copy(const gy_style *st)
{
    gy_style *c = g_new(gy_style, 1);
    *c = *st;
    c->title_font = g_strdup(st->title_font);
    c->header_font = g_strdup(st->header_font);
    c->body_font = g_strdup(st->body_font);
    c->footer = g_strdup(st->footer);
    return c;
}

void gy_style_free(gy_style *st)
{
    if (!st)
        return;
    g_free(st->title_font);
    g_free(st->header_font);
    g_free(st->body_font);
    g_free(st->footer);
    g_free(st);
}

/* ---- text helpers ---- */

char *gy_sheet_date_zh(gy_day d)
{
    if (d == GY_NO_DAY || !g_date_valid_julian((guint32)d))
        return g_strdup("　　年　　月　　日");
    GDate g;
    g_date_clear(&g, 1);
    g_date_set_julian(&g, (guint32)d);
    return g_strdup_printf("%d年%d月%d日", g_date_get_year(&g), g_date_get_month(&g),
                           g_date_get_day(&g));
}

/* ---- sheet names ---- */

/* Number of UTF-16 units of a character (Excel counts sheet-name length in them). */
static int utf16_units(gunichar c)
{
    return c > 0xFFFF ? 2 : 1;
}

/* The first `units` UTF-16 units of s, cut on a character boundary. Newly allocated. */
static char *utf8_cut_units(const char *s, int units)
{
    const char *p = s;
    int n = 0;
    while (*p) {
        int u = utf16_units(g_utf8_get_char(p));
        if (n + u > units)
            break;
        n += u;
        p = g_utf8_next_char(p);
    }
    return g_strndup(s, (gsize)(p - s));
}

static bool name_taken(GHashTable *taken, const char *name)
{
    char *f = g_utf8_casefold(name, -1);
    bool t = g_str_equal(f, "history") || (taken && g_hash_table_contains(taken, f));
    g_free(f);
    return t;
}

char *gy_sheet_legal_name(const char *want, GHashTable *taken)
{
    char *valid = g_utf8_make_valid(want ? want : "", -1);
    GString *s = g_string_new(NULL);
    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        /* (c < 0x80 first: strchr would match the terminator for U+4E00 "一") */
        if (c < 0x20 || c == 0x7F || (c < 0x80 && c && strchr("[]:*?/\\", (int)c) != NULL))
            g_string_append_c(s, '_');
        else
            g_string_append_unichar(s, c);
    }
    g_free(valid);
    /* apostrophes at either end, then any spaces the cut exposes, are not allowed / useless */
    while (s->len && s->str[0] == '\'')
        g_string_erase(s, 0, 1);
    while (s->len && s->str[s->len - 1] == '\'')
        g_string_truncate(s, s->len - 1);
    if (!s->len)
        g_string_assign(s, "Sheet");
    char *base = utf8_cut_units(s->str, SHEET_NAME_MAX);
    g_string_free(s, TRUE);
    /* cutting may leave a trailing apostrophe */
    for (size_t n = strlen(base); n && base[n - 1] == '\''; n--)
        base[n - 1] = '\0';
    if (!*base) {
        g_free(base);
        base = g_strdup("Sheet");
    }
    if (!name_taken(taken, base))
        return base;
    for (unsigned k = 2;; k++) {
        char suffix[16];
        g_snprintf(suffix, sizeof suffix, "(%u)", k);
        char *head = utf8_cut_units(base, SHEET_NAME_MAX - (int)strlen(suffix));
        char *cand = g_strconcat(head, suffix, NULL);
        g_free(head);
        if (!name_taken(taken, cand)) {
            g_free(base);
            return cand;
        }
        g_free(cand);
    }
}

/* ---- the workbook ---- */

enum {
    FMT_TITLE = GY_CELL__COUNT, FMT_FILLER, FMT_UNIT, FMT_NOTE, FMT_SIGN_L, FMT_SIGN_C,
    FMT_SIGN_R, FMT__COUNT
};

struct gy_book {
    lxw_workbook *wb;
    char *path;
    gy_output *out;        /* libxlsxwriter writes its temporary file */
    gy_style *style;
    lxw_format *fmt[FMT__COUNT];
    GPtrArray *sheets;     /* gy_sheet*, owned */
    GHashTable *taken;     /* casefolded sheet names */
};

typedef struct sheet_val {
    gy_cell kind;
    int64_t v;             /* exact: count, fen, or tenths of a percent */
    double d;              /* the number in the cell */
} sheet_val;

typedef struct sheet_wrap {
    uint32_t row, col0, col1;
    int width;
} sheet_wrap;

struct gy_sheet {
    gy_book *book;
    lxw_worksheet *ws;
    char *name;
    bool begun, finished;
    gy_col *cols;          /* labels and groups copied */
    size_t n_cols, n_stub;
    char *title, *filler, *unit;
    uint32_t head_first, head_last, body_row, last_row;
    double *width;         /* fitted display width per column, in half-width characters */
    GHashTable *vals;      /* guint64 row<<16|col → sheet_val */
    GArray *wraps;         /* sheet_wrap */
};

static bool is_cjk_name(const char *font)
{
    for (const char *p = font; *p; p++)
        if ((unsigned char)*p >= 0x80)
            return true;
    return false;
}

static lxw_format *fmt_font(lxw_workbook *wb, const char *font, double size)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, font);
    format_set_font_size(f, size);
    if (is_cjk_name(font))
        format_set_font_charset(f, 134);   /* GB2312: lets Excel pick a Chinese substitute */
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void book_formats(gy_book *b)
{
    const gy_style *st = b->style;
    lxw_workbook *wb = b->wb;
    lxw_format *f;
    for (int k = 0; k < GY_CELL__COUNT; k++) {
        if (k == GY_CELL_HEAD) {
            f = fmt_font(wb, st->header_font, st->header_size);
            if (st->header_bold)
                format_set_bold(f);
            format_set_align(f, LXW_ALIGN_CENTER);
            format_set_text_wrap(f);
        } else {
            f = fmt_font(wb, st->body_font, st->body_size);
        }
        format_set_border(f, LXW_BORDER_THIN);
        switch ((gy_cell)k) {
        case GY_CELL_TEXT: format_set_align(f, LXW_ALIGN_LEFT); format_set_indent(f, 1); break;
        case GY_CELL_LABEL: format_set_align(f, LXW_ALIGN_CENTER); break;
        case GY_CELL_WRAP:
            format_set_align(f, LXW_ALIGN_LEFT);
            format_set_indent(f, 1);
            format_set_text_wrap(f);
            break;
        case GY_CELL_COUNT: format_set_num_format(f, "0"); break;
        case GY_CELL_WAN: format_set_num_format(f, "0.00"); break;
        case GY_CELL_RATE: format_set_num_format(f, "0.0"); break;
        default: break;
        }
        b->fmt[k] = f;
    }
    f = fmt_font(wb, st->title_font, st->title_size);
    format_set_align(f, LXW_ALIGN_CENTER);
    b->fmt[FMT_TITLE] = f;
    f = fmt_font(wb, st->body_font, st->note_size);
    format_set_align(f, LXW_ALIGN_LEFT);
    b->fmt[FMT_FILLER] = f;
    f = fmt_font(wb, st->body_font, st->note_size);
    format_set_align(f, LXW_ALIGN_RIGHT);
    b->fmt[FMT_UNIT] = f;
    f = fmt_font(wb, st->body_font, st->note_size);
    format_set_align(f, LXW_ALIGN_LEFT);
    format_set_text_wrap(f);
    b->fmt[FMT_NOTE] = f;
    f = fmt_font(wb, st->body_font, st->note_size);
    format_set_align(f, LXW_ALIGN_LEFT);
    b->fmt[FMT_SIGN_L] = f;
    f = fmt_font(wb, st->body_font, st->note_size);
    format_set_align(f, LXW_ALIGN_CENTER);
    b->fmt[FMT_SIGN_C] = f;
    f = fmt_font(wb, st->body_font, st->note_size);
    format_set_align(f, LXW_ALIGN_RIGHT);
    b->fmt[FMT_SIGN_R] = f;
}

gy_book *gy_book_new(const char *path, const gy_style *style, const gy_book_props *props,
                     GError **err)
{
    gy_output *out = gy_output_new(path, props && props->personal, err);
    if (!out)
        return NULL;
    gy_book *b = g_new0(gy_book, 1);
    b->path = g_strdup(path);
    b->out = out;
    b->style = style ? gy_style_copy(style) : gy_style_new();
    b->wb = workbook_new(gy_output_file(out));
    if (!b->wb) {
        g_set_error(err, GY_ERROR, GY_E_NOMEM, _("%s: cannot start a workbook: out of memory"),
                    path);
        gy_output_free(out);
        gy_style_free(b->style);
        g_free(b->path);
        g_free(b);
        return NULL;
    }
    b->sheets = g_ptr_array_new();
    b->taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    /* libxlsxwriter copies every string; created is also the modification time, and the zip
     * entries carry a fixed 1980 date, so the file depends only on what we write. */
    lxw_doc_properties p;
    memset(&p, 0, sizeof p);
    gy_day created = props ? props->created : GY_NO_DAY;
    p.created = (created == GY_NO_DAY) ? (time_t)EPOCH_1980
              : (time_t)((int64_t)(created - JULIAN_1970_01_01) * 86400);
    if (props) {
        p.title = (char *)props->title;
        p.subject = (char *)props->subject;
        p.author = (char *)props->author;
        p.company = (char *)props->company;
        p.comments = (char *)props->comments;
    }
    workbook_set_properties(b->wb, &p);
    book_formats(b);
    return b;
}

static void sheet_free(gy_sheet *s)
{
    if (!s)
        return;
    for (size_t c = 0; c < s->n_cols; c++) {
        g_free((char *)s->cols[c].group);
        g_free((char *)s->cols[c].label);
    }
    g_free(s->cols);
    g_free(s->name);
    g_free(s->title);
    g_free(s->filler);
    g_free(s->unit);
    g_free(s->width);
    g_hash_table_destroy(s->vals);
    g_array_free(s->wraps, TRUE);
    g_free(s);
}

static void book_release(gy_book *b)
{
    for (guint i = 0; i < b->sheets->len; i++)
        sheet_free(g_ptr_array_index(b->sheets, i));
    g_ptr_array_free(b->sheets, TRUE);
    g_hash_table_destroy(b->taken);
    gy_style_free(b->style);
    g_free(b->path);
    g_free(b);
}

gy_error gy_book_close(gy_book *b, GError **err)
{
    gy_error r = GY_OK;
    errno = 0;
    lxw_error le = workbook_close(b->wb);
    int sys = errno;
    if (le != LXW_NO_ERROR) {
        /* libxlsxwriter gives no errno, but a failed write leaves it: ENOSPC, EFBIG, EIO */
        if (sys && le >= LXW_ERROR_CREATING_XLSX_FILE && le <= LXW_ERROR_ZIP_CLOSE)
            g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s (libxlsxwriter: %s)", b->path,
                        g_strerror(sys), lxw_strerror(le));
        else
            g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", b->path, lxw_strerror(le));
        gy_output_free(b->out);
        r = GY_E_IO;
    } else {
        r = gy_output_commit(b->out, err);
    }
    book_release(b);
    return r;
}

void gy_book_free(gy_book *b)
{
    if (!b)
        return;
    workbook_close(b->wb);   /* the only way to free it; writes the temporary file */
    gy_output_free(b->out);
    book_release(b);
}

gy_error gy_book_fail(gy_book *b, gy_error r, GError **err)
{
    if (err && !*err)
        g_set_error(err, GY_ERROR, r, _("%s: cannot write the workbook: %s"), b->path,
                    _(gy_strerror(r)));
    gy_book_free(b);
    return r;
}

gy_sheet *gy_book_add_sheet(gy_book *b, const char *name)
{
    char *legal = gy_sheet_legal_name(name, b->taken);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, legal);
    if (!ws) {
        g_free(legal);
        return NULL;
    }
    g_hash_table_add(b->taken, g_utf8_casefold(legal, -1));
    gy_sheet *s = g_new0(gy_sheet, 1);
    s->book = b;
    s->ws = ws;
    s->name = legal;
    s->vals = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    s->wraps = g_array_new(FALSE, FALSE, sizeof(sheet_wrap));
    g_ptr_array_add(b->sheets, s);
    return s;
}

gy_error gy_book_sheet_failed(const gy_book *b, const char *name, GError **err)
{
    g_set_error(err, GY_ERROR, GY_E_NOMEM, _("%s: cannot add the sheet %s: out of memory"),
                b->path, name);
    return GY_E_NOMEM;
}

const char *gy_sheet_name(const gy_sheet *s)
{
    return s->name;
}

lxw_workbook *gy_book_workbook(gy_book *b) { return b->wb; }

lxw_worksheet *gy_sheet_worksheet(gy_sheet *s)
{
    return s->ws;
}

uint32_t gy_sheet_body_row(const gy_sheet *s)
{
    return s->body_row;
}

/* ---- cells ---- */

static gy_error from_lxw(lxw_error e)
{
    if (e == LXW_NO_ERROR)
        return GY_OK;
    return e == LXW_ERROR_MEMORY_MALLOC_FAILED ? GY_E_NOMEM : GY_E_USAGE;
}

/* Write text, or merge it over a range when the range is more than one cell. */
static gy_error put_text(gy_sheet *s, uint32_t r0, uint32_t c0, uint32_t r1, uint32_t c1,
                         const char *text, lxw_format *f)
{
    if (r0 == r1 && c0 == c1)
        return from_lxw(worksheet_write_string(s->ws, r0, (lxw_col_t)c0, text, f));
    return from_lxw(worksheet_merge_range(s->ws, r0, (lxw_col_t)c0, r1, (lxw_col_t)c1, text, f));
}

static bool is_text_kind(gy_cell k)
{
    return k == GY_CELL_TEXT || k == GY_CELL_LABEL || k == GY_CELL_WRAP || k == GY_CELL_HEAD;
}

static bool in_body(const gy_sheet *s, uint32_t row, uint32_t col)
{
    return s->begun && !s->finished && col < s->n_cols && row >= s->body_row
        && row < LXW_ROW_MAX - 64;
}

static void note_row(gy_sheet *s, uint32_t row)
{
    if (row > s->last_row || s->last_row < s->body_row)
        s->last_row = row;
}

/* Valid UTF-8, at most SHEET_TEXT_MAX bytes (cut on a character boundary, marked …). */
static char *cell_text(const char *text)
{
    char *v = g_utf8_make_valid(text ? text : "", -1);
    size_t n = strlen(v);
    if (n <= SHEET_TEXT_MAX)
        return v;
    const char *end = v + SHEET_TEXT_MAX - 3;
    while (end > v && ((unsigned char)*end & 0xC0) == 0x80)
        end--;
    char *cut = g_strdup_printf("%.*s…", (int)(end - v), v);
    g_free(v);
    return cut;
}

/* Remember how wide a range's text is, for the column widths (and row heights if wrapped). */
static void fit_text(gy_sheet *s, uint32_t row, uint32_t c0, uint32_t c1, const char *text,
                     gy_cell kind)
{
    int w = gy_text_width(text);
    if (kind == GY_CELL_TEXT || kind == GY_CELL_WRAP)
        w += 2;   /* the indent */
    if (kind == GY_CELL_WRAP) {
        sheet_wrap wr = { row, c0, c1, w };
        g_array_append_val(s->wraps, wr);
        if (w > SHEET_WRAP_WIDTH)
            w = SHEET_WRAP_WIDTH;
    }
    double scale = (kind == GY_CELL_HEAD ? s->book->style->header_size
                                         : s->book->style->body_size) / s->book->style->body_size;
    double per = w * scale / (double)(c1 - c0 + 1);
    for (uint32_t c = c0; c <= c1 && c < s->n_cols; c++)
        if (per > s->width[c])
            s->width[c] = per;
}

gy_error gy_sheet_text(gy_sheet *s, uint32_t row, uint32_t col, const char *text, gy_cell kind)
{
    if (!in_body(s, row, col) || !is_text_kind(kind))
        return GY_E_USAGE;
    char *v = cell_text(text);
    gy_error r = put_text(s, row, col, row, col, v, s->book->fmt[kind]);
    if (r == GY_OK) {
        fit_text(s, row, col, col, v, kind);
        note_row(s, row);
    }
    g_free(v);
    return r;
}

gy_error gy_sheet_merge(gy_sheet *s, uint32_t row0, uint32_t col0, uint32_t row1, uint32_t col1,
                        const char *text, gy_cell kind)
{
    if (!in_body(s, row0, col0) || !in_body(s, row1, col1) || row1 < row0 || col1 < col0
        || !is_text_kind(kind))
        return GY_E_USAGE;
    char *v = cell_text(text);
    gy_error r = put_text(s, row0, col0, row1, col1, v, s->book->fmt[kind]);
    if (r == GY_OK) {
        fit_text(s, row0, col0, col1, v, kind);
        note_row(s, row1);
    }
    g_free(v);
    return r;
}

static int64_t kind_scale(gy_cell kind)
{
    return kind == GY_CELL_WAN ? GY_FEN_PER_WAN : kind == GY_CELL_RATE ? 10 : 1;
}

static int kind_decimals(gy_cell kind)
{
    return kind == GY_CELL_WAN ? 2 : kind == GY_CELL_RATE ? 1 : 0;
}

/* Width of a number as the cell's format shows it. */
static int number_width(int64_t v, gy_cell kind)
{
    int64_t whole = v / kind_scale(kind);
    char buf[32];
    int n = g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, whole);
    if (v < 0 && whole == 0)
        n++;
    int dec = kind_decimals(kind);
    return n + (dec ? dec + 1 : 0);
}

static guint64 *cell_key(uint32_t row, uint32_t col)
{
    guint64 *k = g_new(guint64, 1);
    *k = ((guint64)row << 16) | col;
    return k;
}

static void remember(gy_sheet *s, uint32_t row, uint32_t col, gy_cell kind, int64_t v, double d)
{
    sheet_val *sv = g_new(sheet_val, 1);
    sv->kind = kind;
    sv->v = v;
    sv->d = d;
    g_hash_table_replace(s->vals, cell_key(row, col), sv);
    int w = number_width(v, kind);
    if (w > s->width[col])
        s->width[col] = w;
    note_row(s, row);
}

static const sheet_val *recall(const gy_sheet *s, uint32_t row, uint32_t col)
{
    guint64 k = ((guint64)row << 16) | col;
    return g_hash_table_lookup(s->vals, &k);
}

static bool is_number_kind(gy_cell k)
{
    return k == GY_CELL_COUNT || k == GY_CELL_WAN || k == GY_CELL_RATE;
}

gy_error gy_sheet_value(gy_sheet *s, uint32_t row, uint32_t col, int64_t v, gy_cell kind)
{
    if (!in_body(s, row, col) || !is_number_kind(kind))
        return GY_E_USAGE;
    /* Correctly rounded division: the double nearest the decimal, which libxlsxwriter's
     * %.16G writes back as that same decimal (money below 10^10 万元 has < 16 digits). */
    double d = (double)v / (double)kind_scale(kind);
    gy_error r = from_lxw(worksheet_write_number(s->ws, row, (lxw_col_t)col, d,
                                                 s->book->fmt[kind]));
    if (r == GY_OK)
        remember(s, row, col, kind, v, d);
    return r;
}

gy_error gy_sheet_sum(gy_sheet *s, uint32_t row, uint32_t col, uint32_t row0, uint32_t col0,
                      uint32_t row1, uint32_t col1, gy_cell kind, int64_t *out_total)
{
    if (!in_body(s, row, col) || (kind != GY_CELL_COUNT && kind != GY_CELL_WAN)
        || row1 < row0 || col1 < col0 || col1 >= LXW_COL_MAX || row1 >= LXW_ROW_MAX)
        return GY_E_USAGE;
    if (row >= row0 && row <= row1 && col >= col0 && col <= col1)
        return GY_E_USAGE;  /* circular */
    int64_t total = 0;
    for (uint32_t r = row0; r <= row1; r++)
        for (uint32_t c = col0; c <= col1; c++) {
            const sheet_val *sv = recall(s, r, c);
            if (!sv)
                continue;
            if (sv->kind != kind)
                return GY_E_USAGE;
            total += sv->v;
        }
    char range[LXW_MAX_CELL_RANGE_LENGTH];
    lxw_rowcol_to_range(range, row0, (lxw_col_t)col0, row1, (lxw_col_t)col1);
    char formula[LXW_MAX_CELL_RANGE_LENGTH + 16];
    g_snprintf(formula, sizeof formula, "=SUM(%s)", range);
    double d = (double)total / (double)kind_scale(kind);
    gy_error r = from_lxw(worksheet_write_formula_num(s->ws, row, (lxw_col_t)col, formula,
                                                      s->book->fmt[kind], d));
    if (r == GY_OK)
        remember(s, row, col, kind, total, d);
    if (out_total)
        *out_total = total;
    return r;
}

gy_error gy_sheet_rate(gy_sheet *s, uint32_t row, uint32_t col, uint32_t num_row,
                       uint32_t num_col, uint32_t den_row, uint32_t den_col)
{
    if (!in_body(s, row, col) || num_col >= LXW_COL_MAX || den_col >= LXW_COL_MAX)
        return GY_E_USAGE;
    const sheet_val *n = recall(s, num_row, num_col);
    const sheet_val *d = recall(s, den_row, den_col);
    double nd = n ? n->d : 0.0, dd = d ? d->d : 0.0;
    char a[LXW_MAX_CELL_NAME_LENGTH], b[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(a, num_row, (lxw_col_t)num_col);
    lxw_rowcol_to_cell(b, den_row, (lxw_col_t)den_col);
    char *formula = g_strdup_printf("=IF(%s=0,\"\",%s/%s*100)", b, a, b);
    gy_error r;
    if (dd == 0.0) {
        r = from_lxw(worksheet_write_formula_str(s->ws, row, (lxw_col_t)col, formula,
                                                 s->book->fmt[GY_CELL_RATE], ""));
        if (r == GY_OK)
            note_row(s, row);
    } else {
        double q = nd / dd * 100;   /* the same two double operations Excel does */
        r = from_lxw(worksheet_write_formula_num(s->ws, row, (lxw_col_t)col, formula,
                                                 s->book->fmt[GY_CELL_RATE], q));
        if (r == GY_OK) {
            double tenths = q * 10;
            int64_t v = (int64_t)(tenths < 0 ? ceil(tenths - 0.5) : floor(tenths + 0.5));
            remember(s, row, col, GY_CELL_RATE, v, q);
        }
    }
    g_free(formula);
    return r;
}

/* ---- table furniture ---- */

static double units_per_char(double size)
{
    /* Excel's column unit is the width of a digit of the default 11-point font (7 px); a
     * half-width character of an n-point CJK font is about n/2 points = n*96/144 px. */
    return size * 96.0 / 144.0 / 7.0;
}

gy_error gy_sheet_begin(gy_sheet *s, const gy_sheet_spec *spec, GError **err)
{
    if (s->begun || !spec || !spec->cols || spec->n_cols == 0 || spec->n_cols > SHEET_MAX_COLS
        || spec->n_stub > spec->n_cols) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, "%s: bad table layout", s->name);
        return GY_E_USAGE;
    }
    const gy_style *st = s->book->style;
    lxw_worksheet *ws = s->ws;
    s->begun = true;
    s->n_cols = spec->n_cols;
    s->n_stub = spec->n_stub;
    s->cols = g_new0(gy_col, s->n_cols);
    s->width = g_new0(double, s->n_cols);
    bool grouped = false;
    for (size_t c = 0; c < s->n_cols; c++) {
        s->cols[c].group = g_strdup(spec->cols[c].group);
        s->cols[c].label = g_strdup(spec->cols[c].label ? spec->cols[c].label : "");
        s->cols[c].kind = spec->cols[c].kind;
        grouped |= spec->cols[c].group != NULL;
    }
    s->title = g_strdup(spec->title ? spec->title : "");
    s->filler = (spec->filler && *spec->filler) ? g_strconcat("填报单位：", spec->filler, NULL) : NULL;
    s->unit = (spec->unit && *spec->unit) ? g_strconcat("单位：", spec->unit, NULL) : NULL;
    lxw_col_t last = (lxw_col_t)(s->n_cols - 1);
    gy_book *b = s->book;
    gy_error r = GY_OK;

    worksheet_set_default_row(ws, st->body_size * 1.6, LXW_FALSE);
    uint32_t row = 0;
    r = put_text(s, row, 0, row, last, s->title, b->fmt[FMT_TITLE]);
    worksheet_set_row(ws, row, st->title_size * 1.9, NULL);
    row++;
    if (r == GY_OK && (s->filler || s->unit)) {
        lxw_col_t mid = (lxw_col_t)(s->n_cols / 2);
        if (s->n_cols == 1 || !s->filler || !s->unit) {
            char *both = (s->filler && s->unit) ? g_strconcat(s->filler, "　　", s->unit, NULL)
                       : g_strdup(s->filler ? s->filler : s->unit);
            r = put_text(s, row, 0, row, last, both, b->fmt[s->filler ? FMT_FILLER : FMT_UNIT]);
            g_free(both);
        } else {
            r = put_text(s, row, 0, row, mid - 1, s->filler, b->fmt[FMT_FILLER]);
            if (r == GY_OK)
                r = put_text(s, row, mid, row, last, s->unit, b->fmt[FMT_UNIT]);
        }
        worksheet_set_row(ws, row, st->note_size * 2.0, NULL);
        row++;
    }
    s->head_first = row;
    s->head_last = grouped ? row + 1 : row;
    lxw_format *hf = b->fmt[GY_CELL_HEAD];
    for (size_t c = 0; r == GY_OK && c < s->n_cols; c++) {
        const gy_col *col = &s->cols[c];
        if (!col->group) {
            r = put_text(s, s->head_first, (uint32_t)c, s->head_last, (uint32_t)c, col->label, hf);
            double w = gy_text_width(col->label) * st->header_size / st->body_size;
            if (w > s->width[c])
                s->width[c] = w;
            continue;
        }
        size_t e = c;
        while (e + 1 < s->n_cols && s->cols[e + 1].group
               && g_str_equal(s->cols[e + 1].group, col->group))
            e++;
        r = put_text(s, s->head_first, (uint32_t)c, s->head_first, (uint32_t)e, col->group, hf);
        double gw = gy_text_width(col->group) * st->header_size / st->body_size
                  / (double)(e - c + 1);
        for (size_t k = c; r == GY_OK && k <= e; k++) {
            r = put_text(s, s->head_last, (uint32_t)k, s->head_last, (uint32_t)k,
                         s->cols[k].label, hf);
            double w = gy_text_width(s->cols[k].label) * st->header_size / st->body_size;
            if (gw > w)
                w = gw;
            if (w > s->width[k])
                s->width[k] = w;
        }
        c = e;
    }
    for (uint32_t hr = s->head_first; hr <= s->head_last; hr++)
        worksheet_set_row(ws, hr, st->header_size * 1.8, NULL);
    s->body_row = s->head_last + 1;
    s->last_row = s->head_last;
    if (r != GY_OK) {
        g_set_error(err, GY_ERROR, r, "%s: cannot write the table header", s->name);
        return r;
    }

    worksheet_freeze_panes(ws, s->body_row, (lxw_col_t)s->n_stub);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    worksheet_set_paper(ws, (uint8_t)st->paper);
    if (st->landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    worksheet_set_margins(ws, st->margin_left / 2.54, st->margin_right / 2.54,
                          st->margin_top / 2.54, st->margin_bottom / 2.54);
    lxw_header_footer_options fo;
    memset(&fo, 0, sizeof fo);
    fo.margin = st->margin_footer > 0 ? st->margin_footer / 2.54 : 0.3;
    if (worksheet_set_footer_opt(ws, st->footer, &fo) != LXW_NO_ERROR
        || worksheet_repeat_rows(ws, s->head_first, s->head_last) != LXW_NO_ERROR) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, "%s: bad footer or print titles", s->name);
        return GY_E_TEMPLATE;
    }
    return GY_OK;
}

/* Final column widths in Excel units from the fitted display widths. */
static void fit_columns(gy_sheet *s, double *units)
{
    const gy_style *st = s->book->style;
    double k = units_per_char(st->body_size);
    double total = 0;
    for (size_t c = 0; c < s->n_cols; c++) {
        double u = ceil(s->width[c] * k) + 2;
        if (u < SHEET_MIN_WIDTH)
            u = SHEET_MIN_WIDTH;
        if (u > SHEET_MAX_WIDTH)
            u = SHEET_MAX_WIDTH;
        units[c] = u;
        total += u;
    }
    /* the title, and the 填报单位/单位 line, must fit across the table */
    double need = gy_text_width(s->title) * units_per_char(st->title_size) + 4;
    double line = (gy_text_width(s->filler) + gy_text_width(s->unit) + 8)
                * units_per_char(st->note_size);
    if (line > need)
        need = line;
    if (need > total) {
        size_t first = s->n_stub < s->n_cols ? s->n_stub : 0;
        double extra = ceil((need - total) / (double)(s->n_cols - first));
        for (size_t c = first; c < s->n_cols; c++)
            units[c] += extra;
    }
}

/* Row height (points) for text of display width w (half-width characters) wrapped across
 * n_cols columns totalling `units`. Excel draws a column of u units as u*7+5 pixels at 96 dpi;
 * a half-width character of an n-point font is n*2/3 pixels; 5% kept in reserve. */
static double wrapped_height(double size, int w, double units, size_t n_cols)
{
    double px = units * 7.0 + 5.0 * (double)n_cols - 8.0;
    double per_line = px / (size * 2.0 / 3.0) * 0.95;
    if (per_line < 2)
        per_line = 2;
    double lines = ceil((double)w / per_line);
    if (lines < 1)
        lines = 1;
    return lines * size * 1.4 + size * 0.3;
}

gy_error gy_sheet_finish(gy_sheet *s, const gy_sheet_foot *foot, GError **err)
{
    if (!s->begun || s->finished) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, "%s: table not begun, or finished twice", s->name);
        return GY_E_USAGE;
    }
    const gy_style *st = s->book->style;
    gy_book *b = s->book;
    lxw_worksheet *ws = s->ws;
    double *units = g_new0(double, s->n_cols);
    fit_columns(s, units);
    double total = 0;
    for (size_t c = 0; c < s->n_cols; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, units[c], NULL);
        total += units[c];
    }

    /* rows holding wrapped cells get the height of their tallest cell */
    GHashTable *heights = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < s->wraps->len; i++) {
        const sheet_wrap *wr = &g_array_index(s->wraps, sheet_wrap, i);
        double u = 0;
        for (uint32_t c = wr->col0; c <= wr->col1 && c < s->n_cols; c++)
            u += units[c];
        double h = wrapped_height(st->body_size, wr->width, u, wr->col1 - wr->col0 + 1);
        gpointer key = GUINT_TO_POINTER(wr->row + 1);
        double *old = g_hash_table_lookup(heights, key);
        if (!old) {
            old = g_new(double, 1);
            *old = 0;
            g_hash_table_insert(heights, key, old);
        }
        if (h > *old)
            *old = h;
    }
    double body_h = st->body_size * 1.6;
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_iter_init(&it, heights);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        double h = *(double *)val;
        if (h > body_h)
            worksheet_set_row(ws, GPOINTER_TO_UINT(key) - 1, h, NULL);
        g_free(val);
    }
    g_hash_table_destroy(heights);

    gy_error r = GY_OK;
    lxw_col_t last = (lxw_col_t)(s->n_cols - 1);
    uint32_t row = s->last_row + 1;
    if (foot && foot->signature) {
        row++;   /* one blank row between the table and the signatures */
        char *date = gy_sheet_date_zh(foot->made_on);
        char *made = g_strconcat("制表日期：", date, NULL);
        g_free(date);
        const char *maker = "制表人：", *checker = "审核人：";
        if (s->n_cols >= 3) {
            lxw_col_t a = (lxw_col_t)(s->n_cols / 3), c2 = (lxw_col_t)(2 * s->n_cols / 3);
            r = put_text(s, row, 0, row, a - 1, maker, b->fmt[FMT_SIGN_L]);
            if (r == GY_OK)
                r = put_text(s, row, a, row, c2 - 1, checker, b->fmt[FMT_SIGN_L]);
            if (r == GY_OK)
                r = put_text(s, row, c2, row, last, made, b->fmt[FMT_SIGN_L]);
        } else {
            char *all = g_strconcat(maker, "　　　　", checker, "　　　　", made, NULL);
            r = put_text(s, row, 0, row, last, all, b->fmt[FMT_SIGN_L]);
            g_free(all);
        }
        g_free(made);
        worksheet_set_row(ws, row, st->note_size * 2.0, NULL);
        row++;
    }
    size_t n_notes = 0;
    while (foot && foot->notes && foot->notes[n_notes])
        n_notes++;
    if (n_notes && !(foot && foot->signature))
        row++;
    for (size_t i = 0; r == GY_OK && i < n_notes; i++) {
        char *text;
        if (n_notes == 1)
            text = g_strconcat("注：", foot->notes[i], NULL);
        else
            text = g_strdup_printf("%s%zu. %s", i == 0 ? "注：" : "　　", i + 1, foot->notes[i]);
        r = put_text(s, row, 0, row, last, text, b->fmt[FMT_NOTE]);
        double h = wrapped_height(st->note_size, gy_text_width(text), total, s->n_cols);
        worksheet_set_row(ws, row, h, NULL);
        g_free(text);
        row++;
    }
    g_free(units);
    if (r == GY_OK)
        r = from_lxw(worksheet_print_area(ws, 0, 0, row - 1, last));
    s->finished = true;
    if (r != GY_OK)
        g_set_error(err, GY_ERROR, r, "%s: cannot write the foot of the table", s->name);
    return r;
}

gy_error gy_sheet_inputs(gy_sheet *s, uint32_t *row, uint32_t last, const gy_ledger *lg)
{
    gy_error r = GY_OK;
    uint32_t first = *row;
    size_t n_in = lg ? gy_ledger_n_inputs(lg) : 0;
    for (size_t i = 0; r == GY_OK && i < n_in; i++, (*row)++) {
        /* oldest export first, as they were taken: the list does not depend on the order the
         * files were named in */
        const gy_input *in = gy_ledger_by_rank(lg, (uint32_t)i);
        if (!in)
            in = gy_ledger_input((gy_ledger *)lg, (uint32_t)i);
        r = gy_sheet_value(s, *row, 0, (int64_t)(i + 1), GY_CELL_COUNT);
        if (r == GY_OK)
            r = gy_sheet_text(s, *row, 1, in->name, GY_CELL_TEXT);
        if (r == GY_OK)
            r = gy_sheet_value(s, *row, 2, (int64_t)in->size, GY_CELL_COUNT);
        if (r == GY_OK)
            r = gy_sheet_text(s, *row, 3, in->sha256, GY_CELL_WRAP);
        if (r == GY_OK)
            r = gy_sheet_text(s, *row, 4, in->encoding ? in->encoding : "", GY_CELL_TEXT);
        /* 读取 = 接受 + 重复 + 被替代 + 拒收 + 跳过 (total and note rows), the row fates of
         * the terminal and manifest.json */
        unsigned long v[GY_INPUT_FATES] = { in->rows_read, in->rows_accepted,
                                            in->rows_duplicate, in->rows_superseded,
                                            in->rows_rejected, in->rows_skipped };
        for (uint32_t k = 0; r == GY_OK && k < GY_INPUT_FATES; k++)
            r = gy_sheet_value(s, *row, 5 + k, (int64_t)v[k], GY_CELL_COUNT);
    }
    if (r == GY_OK && n_in == 0) {
        r = gy_sheet_merge(s, *row, 0, *row, last, "未登记输入文件", GY_CELL_LABEL);
        (*row)++;
    } else if (r == GY_OK) {
        r = gy_sheet_merge(s, *row, 0, *row, 4, "合计", GY_CELL_LABEL);
        for (uint32_t k = 0; r == GY_OK && k < GY_INPUT_FATES; k++)
            r = gy_sheet_sum(s, *row, 5 + k, first, 5 + k, *row - 1, 5 + k, GY_CELL_COUNT, NULL);
        (*row)++;
    }
    return r;
}
