/* readback.c — a few records' entity name and credit code read again from their file, from
 * the marks the first read left: a plain line found by counting line breaks and cut at its
 * commas, any other through gy_reader. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "guiyan/i18n.h"
#include "guiyan/reader.h"
#include "ingest_int.h"

#define WINDOW (1u << 20)            /* bytes read at a time */
#define HELD (4u << 20)              /* a longer line is left to gy_reader */

/* A span of the file read forward: buf[pos, len) is not yet passed, and buf[pos] stands at
 * the start of physical line `line`. */
typedef struct walk {
    int fd;
    const char *path;
    char *buf;                       /* HELD bytes and a spare one */
    size_t pos, len;
    unsigned long long next;         /* the file offset of buf[len] */
    unsigned long long end;          /* the span ends here (~0: at the end of the file) */
    bool eof;
    unsigned long line;
} walk;

static void walk_at(walk *w, unsigned long long off, unsigned long long end, unsigned long line)
{
    w->pos = w->len = 0;
    w->next = off;
    w->end = end;
    w->eof = false;
    w->line = line;
}

/* Read on after buf[pos, len), which moves to the buffer's start. 1 when bytes came, 0 at
 * the span's end (w->eof) or with the buffer full, -1 on a read error. */
static int more(walk *w, GError **err)
{
    if (w->pos) {
        memmove(w->buf, w->buf + w->pos, w->len - w->pos);
        w->len -= w->pos;
        w->pos = 0;
    }
    size_t room = MIN(WINDOW, HELD - w->len);
    if (w->end - w->next < room)
        room = (size_t)(w->end - w->next);
    if (room == 0) {
        w->eof = w->next >= w->end;
        return 0;
    }
    ssize_t got;
    do
        got = pread(w->fd, w->buf + w->len, room, (off_t)w->next);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", w->path, g_strerror(errno));
        return -1;
    }
    if (got == 0) {
        w->eof = true;
        return 0;
    }
    w->len += (size_t)got;
    w->next += (unsigned long long)got;
    return 1;
}

/* Pass lines until buf[pos] starts line `to`. 1 there, 0 when the span ends first, -1 on a
 * read error. */
static int skip_to(walk *w, unsigned long to, GError **err)
{
    while (w->line < to) {
        char *nl = memchr(w->buf + w->pos, '\n', w->len - w->pos);
        if (nl) {
            w->pos = (size_t)(nl - w->buf) + 1;
            w->line++;
            continue;
        }
        w->pos = w->len;                 /* all of it is the line being passed */
        int r = more(w, err);
        if (r <= 0)
            return r;
    }
    return 1;
}

/* The line buf[pos] starts, without its line break: *p, *n. 1 when held whole, 0 when the span
 * ends at its start (no line), 2 when it is longer than HELD, -1 on a read error. */
static int this_line(walk *w, char **p, size_t *n, GError **err)
{
    size_t seen = 0;
    for (;;) {
        char *s = w->buf + w->pos;
        char *nl = memchr(s + seen, '\n', w->len - w->pos - seen);
        if (nl || (w->eof && w->len > w->pos)) {
            *p = s;
            *n = nl ? (size_t)(nl - s) : w->len - w->pos;
            return 1;
        }
        if (w->eof)
            return 0;
        seen = w->len - w->pos;
        int r = more(w, err);
        if (r < 0)
            return -1;
        if (r == 0 && !w->eof)
            return 2;
    }
}

/* The cells col[0] and col[1] (-1: none) of line p[0, n) into cell[], cleaned as gy_reader
 * cleans them: false, and nothing taken, unless the line is what gy_reader splits in place —
 * not blank, no quote, no carriage return but one before its line break. Its fields are then
 * the text between its commas. */
static bool plain_cells(const char *p, size_t n, const int col[2], GString *cell[2])
{
    if (n && p[n - 1] == '\r')
        n--;
    if (n == 0 || memchr(p, '"', n) || memchr(p, '\r', n))
        return false;
    g_string_truncate(cell[0], 0);
    g_string_truncate(cell[1], 0);
    const char *f = p, *e = p + n;
    for (int c = 0, last = MAX(col[0], col[1]); c <= last; c++) {
        const char *comma = memchr(f, ',', (size_t)(e - f));
        const char *fe = comma ? comma : e;
        for (int i = 0; i < 2; i++)
            if (col[i] == c)
                g_string_append_len(cell[i], f, fe - f);
        if (!comma)
            break;
        f = comma + 1;
    }
    for (int i = 0; i < 2; i++)
        gy_reader_clean_cell(cell[i]->str, cell[i]->len);
    return true;
}

/* The last mark at or before line (v[0].line <= line). */
static guint mark_before(const GArray *v, unsigned long line)
{
    guint lo = 0, hi = v->len;              /* v[lo].line <= line < v[hi].line */
    while (hi - lo > 1) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(v, mark, mid).line <= line)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static const char *cell(const gy_row *row, int c)
{
    return c >= 0 && (size_t)c < row->n ? row->fields[c] : "";
}

/* The lines lines[ks[0, n)] through gy_reader, each run of marked spans holding them read from
 * its first mark to the mark after it. */
static gy_error read_rows(const char *path, const marks *mk, const unsigned long *lines,
                          const size_t *ks, size_t n, gy_back_fn fn, void *user, GError **err)
{
    bool *want = g_new0(bool, mk->n_cols ? mk->n_cols : 1);
    const int cols[] = { mk->col_entity, mk->col_uscc };
    for (size_t i = 0; i < G_N_ELEMENTS(cols); i++)
        if (cols[i] >= 0 && (size_t)cols[i] < mk->n_cols)
            want[cols[i]] = true;
    gy_error e = GY_OK;
    for (size_t k = 0; k < n && e == GY_OK;) {
        guint a = mark_before(mk->v, lines[ks[k]]), b = a;
        for (size_t j = k + 1; j < n; j++) {
            guint m = mark_before(mk->v, lines[ks[j]]);
            if (m > b + 1)
                break;
            b = m;
        }
        const mark *from = &g_array_index(mk->v, mark, a);
        unsigned long long end = b + 1 < mk->v->len ? g_array_index(mk->v, mark, b + 1).off : 0;
        gy_reader *rd = gy_reader_open_range(path, mk->enc, from->off, end, err);
        if (!rd) {
            e = err && *err && (*err)->domain == GY_ERROR ? (gy_error)(*err)->code : GY_E_IO;
            break;
        }
        gy_reader_want(rd, want, mk->n_cols);
        gy_row row;
        while (k < n && (e = gy_reader_next(rd, &row, err)) == GY_OK && row.n > 0) {
            unsigned long line = from->line - 1 + row.line;
            for (; k < n && lines[ks[k]] <= line; k++)
                if (lines[ks[k]] == line)
                    fn(user, ks[k], cell(&row, mk->col_entity), cell(&row, mk->col_uscc));
        }
        gy_reader_free(rd);
        /* rows of the run not met (none, as the marks were taken where records begin) keep "" */
        while (k < n && mark_before(mk->v, lines[ks[k]]) <= b)
            k++;
    }
    g_free(want);
    return e;
}

/* The plain lines of each run, walked; the others' indexes into *slow. */
static gy_error walk_runs(walk *w, const marks *mk, const unsigned long *lines, size_t n,
                          gy_back_fn fn, void *user, GArray *slow, GError **err)
{
    const GArray *v = mk->v;
    const int col[2] = { mk->col_entity, mk->col_uscc };
    GString *cells[2] = { g_string_new(NULL), g_string_new(NULL) };
    gy_error e = GY_OK;
    guint m = 0;                            /* the mark at or before lines[k] */
    for (size_t k = 0; k < n && e == GY_OK;) {
        while (m + 1 < v->len && g_array_index(v, mark, m + 1).line <= lines[k])
            m++;
        guint a = m, b = m;
        size_t stop = k + 1;                /* the run: lines[k, stop) */
        for (guint mj = m; stop < n; stop++) {
            while (mj + 1 < v->len && g_array_index(v, mark, mj + 1).line <= lines[stop])
                mj++;
            if (mj > b + 1)
                break;
            b = mj;
        }
        const mark *from = &g_array_index(v, mark, a);
        walk_at(w, from->off, b + 1 < v->len ? g_array_index(v, mark, b + 1).off : ~0ULL,
                from->line);
        int got = -2;                       /* what this_line gave for lines[k - 1] */
        for (; k < stop; k++) {
            if (got == -2 || lines[k] != lines[k - 1]) {
                char *p;
                size_t len;
                int r = skip_to(w, lines[k], err);
                if (r > 0)
                    r = this_line(w, &p, &len, err);
                if (r < 0) {
                    e = GY_E_IO;
                    break;
                }
                /* 0: the span ended first (as the marks were taken where records begin, no
                 * row is missed so); not plain: gy_reader's */
                got = r == 0 ? 0 : r == 1 && plain_cells(p, len, col, cells) ? 1 : 2;
            }
            if (got == 1)
                fn(user, k, cells[0]->str, cells[1]->str);
            else if (got == 2)
                g_array_append_val(slow, k);
        }
        k = stop;
    }
    g_string_free(cells[0], TRUE);
    g_string_free(cells[1], TRUE);
    return e;
}

gy_error gy_readback_marked(const char *path, const marks *mk, const unsigned long *lines,
                            size_t n, gy_back_fn fn, void *user, size_t *n_slow, GError **err)
{
    walk w = { .path = path, .fd = open(path, O_RDONLY | O_CLOEXEC) };
    if (w.fd < 0) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, g_strerror(errno));
        return GY_E_IO;
    }
    GArray *slow = g_array_new(FALSE, FALSE, sizeof(size_t));
    w.buf = g_malloc(HELD + 1);
    gy_error e = walk_runs(&w, mk, lines, n, fn, user, slow, err);
    g_free(w.buf);
    close(w.fd);
    if (e == GY_OK && slow->len)
        e = read_rows(path, mk, lines, (const size_t *)(void *)slow->data, slow->len, fn, user,
                      err);
    if (n_slow)
        *n_slow = slow->len;
    g_array_free(slow, TRUE);
    return e;
}
