/* ledger.c — every row's fate and the per-file accounting; writes rejects.csv. */
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/ledger.h"
#include "guiyan/output.h"

struct gy_ledger {
    GPtrArray *inputs;     /* gy_input*, owned */
    GArray *rejects;       /* gy_reject */
    GStringChunk *strings; /* columns, values, paths */
    GArray *updates;       /* gy_update */
    GArray *ranks;         /* uint32_t per input: gy_ledger_order */
    GArray *by_rank;       /* input index per rank */
    size_t names_ambiguous;
    GPtrArray *mappings;   /* the inputs' mapping arrays (strings in `strings`) */
    GArray *notes;         /* gy_note */
    const gy_ledger *lists; /* the other real-name lists' ledger (borrowed), or NULL */
    const gy_ledger *targets; /* the targets file's ledger (borrowed), or NULL */
};

gy_ledger *gy_ledger_new(void)
{
    gy_ledger *lg = g_new0(gy_ledger, 1);
    lg->inputs = g_ptr_array_new_with_free_func(g_free);
    lg->rejects = g_array_new(FALSE, FALSE, sizeof(gy_reject));
    lg->strings = g_string_chunk_new(4096);
    lg->updates = g_array_new(FALSE, FALSE, sizeof(gy_update));
    lg->ranks = g_array_new(FALSE, TRUE, sizeof(uint32_t));
    lg->by_rank = g_array_new(FALSE, TRUE, sizeof(uint32_t));
    lg->mappings = g_ptr_array_new_with_free_func(g_free);
    lg->notes = g_array_new(FALSE, FALSE, sizeof(gy_note));
    return lg;
}

void gy_ledger_set_lists(gy_ledger *lg, const gy_ledger *lists)
{
    lg->lists = lists;
}

const gy_ledger *gy_ledger_lists(const gy_ledger *lg)
{
    return lg->lists;
}

void gy_ledger_set_targets(gy_ledger *lg, const gy_ledger *targets)
{
    lg->targets = targets;
}

const gy_ledger *gy_ledger_targets(const gy_ledger *lg)
{
    return lg->targets;
}

void gy_ledger_free(gy_ledger *lg)
{
    if (!lg)
        return;
    g_ptr_array_free(lg->inputs, TRUE);
    g_array_free(lg->rejects, TRUE);
    g_string_chunk_free(lg->strings);
    g_array_free(lg->updates, TRUE);
    g_array_free(lg->ranks, TRUE);
    g_array_free(lg->by_rank, TRUE);
    g_ptr_array_free(lg->mappings, TRUE);
    g_array_free(lg->notes, TRUE);
    g_free(lg);
}

uint32_t gy_ledger_add_input(gy_ledger *lg, const char *path)
{
    gy_input *in = g_new0(gy_input, 1);
    in->path = g_string_chunk_insert(lg->strings, path);
    /* the name people read (terminal, workbook, manifest): an ID number in it masked */
    char *base = g_path_get_basename(path);
    gy_id_mask_text(base);
    in->name = g_string_chunk_insert(lg->strings, base);
    g_free(base);
    in->encoding = "";
    in->reader = "";
    in->header_line = 1;
    in->same_as = -1;
    in->rank = lg->inputs->len;
    g_ptr_array_add(lg->inputs, in);
    return lg->inputs->len - 1;
}

gy_input *gy_ledger_input(gy_ledger *lg, uint32_t i)
{
    return i < lg->inputs->len ? g_ptr_array_index(lg->inputs, i) : NULL;
}

size_t gy_ledger_n_inputs(const gy_ledger *lg) { return lg->inputs->len; }

void gy_ledger_set_reader(gy_ledger *lg, uint32_t i, const char *reader, const char *sheet)
{
    gy_input *in = gy_ledger_input(lg, i);
    in->reader = reader;
    if (!sheet)
        return;
    in->sheet = g_string_chunk_insert(lg->strings, sheet);
    char *base = g_path_get_basename(in->path);
    char *name = g_strconcat(base, ":", sheet, NULL);
    in->name = g_string_chunk_insert(lg->strings, name);
    g_free(name);
    g_free(base);
}

void gy_ledger_set_mapping(gy_ledger *lg, uint32_t i, const char *const *headers,
                           const char *const *fields, size_t n)
{
    const char **m = g_new0(const char *, 2 * n + 1);
    for (size_t c = 0; c < n; c++) {
        m[2 * c] = g_string_chunk_insert(lg->strings, headers[c] ? headers[c] : "");
        m[2 * c + 1] = g_string_chunk_insert_const(lg->strings, fields[c] ? fields[c] : "");
    }
    g_ptr_array_add(lg->mappings, m);
    gy_ledger_input(lg, i)->mapping = m;
}

void gy_ledger_reject(gy_ledger *lg, uint32_t file, unsigned long line, const char *column,
                      const char *value, gy_error reason)
{
    gy_ledger_reject_detail(lg, file, line, column, value, reason, NULL);
}

void gy_ledger_note(gy_ledger *lg, uint32_t file, unsigned long line, const char *column,
                    const char *value, const char *text)
{
    for (guint i = 0; i < lg->notes->len; i++) {
        gy_note *n = &g_array_index(lg->notes, gy_note, i);
        if (n->file == file && strcmp(n->value, value) == 0) {
            n->rows++;
            n->line = MIN(n->line, line);
            return;
        }
    }
    gy_note n = { file, line, 1, g_string_chunk_insert_const(lg->strings, column),
                  g_string_chunk_insert_const(lg->strings, value),
                  g_string_chunk_insert_const(lg->strings, text) };
    g_array_append_val(lg->notes, n);
}

size_t gy_ledger_n_notes(const gy_ledger *lg) { return lg->notes->len; }

const gy_note *gy_ledger_get_note(const gy_ledger *lg, size_t i)
{
    return i < lg->notes->len ? &g_array_index(lg->notes, gy_note, i) : NULL;
}

void gy_ledger_reject_detail(gy_ledger *lg, uint32_t file, unsigned long line,
                             const char *column, const char *value, gy_error reason,
                             const char *detail)
{
    /* a cell guiyan does not read is not decoded: bytes of another encoding, or a character
     * cut short, shown as U+FFFD rather than written out as they are */
    char *fixed = value && !g_utf8_validate(value, -1, NULL) ? g_utf8_make_valid(value, -1) : NULL;
    gy_reject r = {
        .file = file, .line = line,
        .column = g_string_chunk_insert_const(lg->strings, column ? column : ""),
        .value = g_string_chunk_insert(lg->strings, fixed ? fixed : value ? value : ""),
        .reason = reason,
        .detail = detail ? g_string_chunk_insert_const(lg->strings, detail) : NULL,
    };
    g_free(fixed);
    g_array_append_val(lg->rejects, r);
    gy_input *in = gy_ledger_input(lg, file);
    if (in && gy_error_is_skip(reason))
        in->rows_skipped++;
    else if (in)
        in->rows_rejected++;
}

size_t gy_ledger_n_rejects(const gy_ledger *lg) { return lg->rejects->len; }

void gy_ledger_absorb(gy_ledger *lg, uint32_t file, const gy_ledger *part, unsigned long offset)
{
    gy_input *in = gy_ledger_input(lg, file);
    const gy_input *pi = g_ptr_array_index(part->inputs, 0);
    in->rows_read += pi->rows_read;
    in->rows_accepted += pi->rows_accepted;
    in->rows_duplicate += pi->rows_duplicate;
    if (pi->cutoff > in->cutoff)
        in->cutoff = pi->cutoff;
    for (guint i = 0; i < part->rejects->len; i++) {
        const gy_reject *r = &g_array_index(part->rejects, gy_reject, i);
        gy_ledger_reject_detail(lg, file, r->line + offset, r->column, r->value, r->reason,
                                r->detail);
    }
    for (guint i = 0; i < part->notes->len; i++) {
        const gy_note *n = &g_array_index(part->notes, gy_note, i);
        for (unsigned long k = 0; k < n->rows; k++)
            gy_ledger_note(lg, file, n->line + offset, n->column, n->value, n->text);
    }
}

const gy_reject *gy_ledger_get_reject(const gy_ledger *lg, size_t i)
{
    return i < lg->rejects->len ? &g_array_index(lg->rejects, gy_reject, i) : NULL;
}

void gy_ledger_totals(const gy_ledger *lg, unsigned long *read, unsigned long *accepted,
                      unsigned long *duplicate, unsigned long *rejected)
{
    unsigned long r = 0, a = 0, d = 0, j = 0;
    for (guint i = 0; i < lg->inputs->len; i++) {
        const gy_input *in = g_ptr_array_index(lg->inputs, i);
        r += in->rows_read;
        a += in->rows_accepted;
        d += in->rows_duplicate;
        j += in->rows_rejected;
    }
    if (read) *read = r;
    if (accepted) *accepted = a;
    if (duplicate) *duplicate = d;
    if (rejected) *rejected = j;
}

unsigned long gy_ledger_skipped(const gy_ledger *lg)
{
    unsigned long k = 0;
    for (guint i = 0; i < lg->inputs->len; i++)
        k += ((const gy_input *)g_ptr_array_index(lg->inputs, i))->rows_skipped;
    return k;
}

unsigned long gy_ledger_rejected(const gy_ledger *lg)
{
    unsigned long j;
    gy_ledger_totals(lg, NULL, NULL, NULL, &j);
    return j;
}

/* Rejects by file then line: parallel readers record them out of order. A row is rejected
 * at most once, so (file, line) is unique and an unstable sort is still deterministic. */
static gint cmp_reject(gconstpointer a, gconstpointer b)
{
    const gy_reject *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Updates by the age of their file, oldest first, then line and kind, then as they came (a
 * stable sort): an order that does not depend on the order the files were named in. An update
 * holds two records (over 200 bytes) and there may be millions: they are sorted as 16-byte
 * keys and then each moved once, in place. */
typedef struct update_key {
    uint64_t key;                /* rank << 36 | line << 4 | kind */
    uint32_t at;                 /* its index before the sort */
} update_key;

static int cmp_update_key(const void *a, const void *b)
{
    const update_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

static void sort_updates(GArray *updates, const uint32_t *rank)
{
    G_STATIC_ASSERT(GY_UPD_OTHER_START < 16);             /* the kind takes 4 bits */
    guint n = updates->len;
    gy_update *u = (gy_update *)updates->data;
    update_key *k = g_new(update_key, n);
    bool sorted = true;
    for (guint i = 0; i < n; i++) {
        k[i].key = (uint64_t)rank[u[i].row.file] << 36 | (uint64_t)u[i].row.line << 4 |
                   (uint64_t)u[i].kind;
        k[i].at = i;
        sorted = sorted && (i == 0 || k[i - 1].key <= k[i].key);
    }
    if (!sorted)
        qsort(k, n, sizeof *k, cmp_update_key);
    /* position j takes the update that was at k[j].at: follow each cycle once */
    for (guint i = 0; !sorted && i < n; i++) {
        if (k[i].at == i)
            continue;
        gy_update first = u[i];
        for (guint j = i;;) {
            guint from = k[j].at;
            k[j].at = j;
            if (from == i) {
                u[j] = first;
                break;
            }
            u[j] = u[from];
            j = from;
        }
    }
    g_free(k);
}

void gy_ledger_sort(gy_ledger *lg)
{
    g_array_sort(lg->rejects, cmp_reject);
    if (lg->updates->len && lg->ranks->len == lg->inputs->len)
        sort_updates(lg->updates, (const uint32_t *)lg->ranks->data);
}

/* Oldest first: by cut-off, then SHA-256; of identical copies the later named is older. */
static gint cmp_age(gconstpointer a, gconstpointer b, gpointer user)
{
    gy_ledger *lg = user;
    uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
    const gy_input *x = gy_ledger_input(lg, i), *y = gy_ledger_input(lg, j);
    if (x->cutoff != y->cutoff)
        return x->cutoff < y->cutoff ? -1 : 1;
    int c = strcmp(x->sha256, y->sha256);
    if (c)
        return c;
    return i > j ? -1 : i < j;
}

const uint32_t *gy_ledger_order(gy_ledger *lg, bool given)
{
    uint32_t n = lg->inputs->len;
    g_array_set_size(lg->by_rank, n);
    g_array_set_size(lg->ranks, n);
    uint32_t *by = (uint32_t *)lg->by_rank->data, *rank = (uint32_t *)lg->ranks->data;
    for (uint32_t i = 0; i < n; i++)
        by[i] = i;
    if (!given)
        g_qsort_with_data(by, (gint)n, sizeof(uint32_t), cmp_age, lg);
    for (uint32_t r = 0; r < n; r++) {
        rank[by[r]] = r;
        gy_ledger_input(lg, by[r])->rank = r;
    }
    return rank;
}

const gy_input *gy_ledger_by_rank(const gy_ledger *lg, uint32_t rank)
{
    if (rank >= lg->by_rank->len)
        return NULL;
    return g_ptr_array_index(lg->inputs, g_array_index(lg->by_rank, uint32_t, rank));
}

void gy_ledger_update(gy_ledger *lg, gy_update_kind kind, const gy_record *row,
                      const gy_record *other)
{
    gy_input *in = gy_ledger_input(lg, row->file);
    if (in && (kind == GY_UPD_DUPLICATE || kind == GY_UPD_SUPERSEDED)) {
        in->rows_accepted--;
        if (kind == GY_UPD_DUPLICATE)
            in->rows_duplicate++;
        else
            in->rows_superseded++;
    }
    if (kind == GY_UPD_DUPLICATE)
        return;
    /* made in place: there is one per superseded row, over 200 bytes each */
    g_array_set_size(lg->updates, lg->updates->len + 1);
    gy_update *u = &g_array_index(lg->updates, gy_update, lg->updates->len - 1);
    u->kind = kind;
    u->row = *row;
    u->other = *other;
    u->row.entity = u->row.uscc = u->other.entity = u->other.uscc = "";
}

size_t gy_ledger_n_updates(const gy_ledger *lg) { return lg->updates->len; }

void gy_ledger_set_names_ambiguous(gy_ledger *lg, size_t n) { lg->names_ambiguous = n; }
size_t gy_ledger_names_ambiguous(const gy_ledger *lg) { return lg->names_ambiguous; }

gy_update *gy_ledger_get_update(gy_ledger *lg, size_t i)
{
    return i < lg->updates->len ? &g_array_index(lg->updates, gy_update, i) : NULL;
}

const char *gy_ledger_text(gy_ledger *lg, const char *s)
{
    return g_string_chunk_insert_const(lg->strings, s ? s : "");
}

void gy_ledger_coverage(const gy_ledger *lg, gy_cover out[GY_COVER__KINDS])
{
    memset(out, 0, sizeof(gy_cover) * GY_COVER__KINDS);
    for (guint i = 0; i < lg->inputs->len; i++) {
        const gy_input *in = g_ptr_array_index(lg->inputs, i);
        for (int k = 0; in->same_as < 0 && k < GY_COVER__KINDS; k++)
            gy_cover_union(&out[k], &in->cover[k]);
    }
}

unsigned long gy_ledger_superseded(const gy_ledger *lg)
{
    unsigned long k = 0;
    for (guint i = 0; i < lg->inputs->len; i++)
        k += ((const gy_input *)g_ptr_array_index(lg->inputs, i))->rows_superseded;
    return k;
}

/* n bytes of t at the end of s: g_string_append_len without its call and checks, for the
 * millions of short pieces of updates.csv. */
static inline void put(GString *s, const char *t, size_t n)
{
    if (s->len + n >= s->allocated_len) {
        g_string_append_len(s, t, (gssize)n);
        return;
    }
    memcpy(s->str + s->len, t, n);
    s->len += n;
    s->str[s->len] = '\0';
}

#define PUT(s, lit) put((s), lit, sizeof lit - 1)

/* v in decimal, as printf's %llu writes it (without printf: updates.csv has millions of
 * rows). */
static void append_u64(GString *s, uint64_t v)
{
    char b[20];
    size_t i = sizeof b;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(s, b + i, sizeof b - i);
}

/* v in decimal, as printf's %" G_GINT64_FORMAT " writes it */
static void append_i64(GString *s, int64_t v)
{
    if (v < 0)
        PUT(s, "-");
    append_u64(s, v < 0 ? -(uint64_t)v : (uint64_t)v);
}

static void append_str(GString *s, const char *t)
{
    put(s, t, strlen(t));
}

/* A field of a record as a clerk reads it: "—" for none. */
static void field_text(GString *s, int f, const gy_record *r, const gy_region *rg)
{
    char day[11];
    switch (f) {
    case 0: append_str(s, gy_region_name(rg, r->county)); break;
    case 1: if (*r->entity) append_str(s, r->entity); else PUT(s, "—"); break;
    case 2: if (*r->uscc) append_str(s, r->uscc); else PUT(s, "—"); break;
    case 3: append_i64(s, r->jobs); break;
    case 4: case 5: {
        gy_fen v = f == 4 ? r->output : r->loan;
        if (v > 0) {
            append_u64(s, (uint64_t)(v / 100));
            char cents[3] = { '.', (char)('0' + v % 100 / 10), (char)('0' + v % 10) };
            put(s, cents, 3);
        } else if (v) {
            g_string_append_printf(s, "%" G_GINT64_FORMAT ".%02d", v / 100, (int)(v % 100));
        } else {
            PUT(s, "—");
        }
        break;
    }
    default:
        gy_day_format(r->loan ? r->loan_day : GY_NO_DAY, day);
        if (*day) put(s, day, 10); else PUT(s, "—");
        break;
    }
}

static void changes_append(GString *s, const gy_update *u, const gy_region *rg)
{
    static const struct { const char *s; size_t n; } names[] = {
#define NAME(lit) { lit "：", sizeof lit "：" - 1 }
        NAME("所属县（市、区）"), NAME("经营主体名称"), NAME("统一社会信用代码"),
        NAME("带动就业人数"), NAME("年产值（元）"), NAME("贷款金额（元）"), NAME("贷款发放日期"),
#undef NAME
    };
    const gy_record *a = &u->row, *b = &u->other;
    /* entity name and credit code as read back from the files (gy_load reads them back for
     * every update whose fingerprints differ) */
    bool diff[7] = {
        a->county != b->county, strcmp(a->entity, b->entity) != 0,
        strcmp(a->uscc, b->uscc) != 0,
        a->jobs != b->jobs, a->output != b->output, a->loan != b->loan,
        a->loan_day != b->loan_day,
    };
    size_t at = s->len;
    if (a->start != b->start || a->start_month != b->start_month) {
        /* only where a month-precision start date matched another (2021-03 → 2021-03-15) */
        char from[11], to[11];
        gy_record_start_text(a, from);
        gy_record_start_text(b, to);
        PUT(s, "创业时间：");
        append_str(s, from);
        PUT(s, " → ");
        append_str(s, to);
    }
    for (int f = 0; f < 7; f++) {
        if (!diff[f])
            continue;
        if (s->len > at)
            PUT(s, "；");
        put(s, names[f].s, names[f].n);
        field_text(s, f, a, rg);
        PUT(s, " → ");
        field_text(s, f, b, rg);
    }
}

void gy_record_start_text(const gy_record *r, char buf[11])
{
    gy_day_format(r->start, buf);
    if (r->start_month && *buf)
        buf[7] = '\0';                    /* YYYY-MM */
}

char *gy_update_changes(const gy_update *u, const gy_region *rg)
{
    GString *s = g_string_new("");
    changes_append(s, u, rg);
    return g_string_free(s, FALSE);
}

/* updates.csv is written as it is formatted, in pieces of this many rows (about 700 KB): the
 * file has a row per superseded row (235 MB for twelve monthly snapshots of a million
 * startups) and is never held in memory whole. The pieces are formatted on a thread of their
 * own while the ones before are written and hashed, at most RING of them in memory. */
#define PIECE_ROWS 4096
#define RING 4

typedef struct upd_fmt {
    gy_ledger *lg;
    const gy_region *rg;
    bool unmask;
    const char *const *kinds;       /* each kind as a CSV field */
    const GString *const *names;    /* each input's name as a CSV field */
    guint n_pieces;
    GString *piece[RING];           /* piece k in piece[k % RING] */
    GMutex m;
    GCond c;
    guint ready[RING];              /* k + 1 once piece k is formatted in its place */
    guint taken;                    /* pieces written */
    guint n_threads;                /* formatting: thread j takes pieces j, j + n_threads … */
    guint next_thread;
    bool stop;                      /* the writer gave up */
} upd_fmt;

/* Row u of updates.csv at the end of s; t: scratch. */
static void update_row(GString *s, const gy_update *u, const upd_fmt *f, GString *t)
{
    char id[19], shown[19], day[11];
    gy_id_from_key(u->row.person, id);
    if (!f->unmask)
        gy_id_mask(id, shown);
    gy_record_start_text(&u->row, day);
    append_str(s, f->kinds[u->kind]);
    PUT(s, ",");
    put(s, f->names[u->row.file]->str, f->names[u->row.file]->len);
    PUT(s, ",");
    append_u64(s, u->row.line);
    PUT(s, ",");
    put(s, f->unmask ? id : shown, 18);
    PUT(s, ",");
    append_str(s, day);
    PUT(s, ",");
    put(s, f->names[u->other.file]->str, f->names[u->other.file]->len);
    PUT(s, ",");
    append_u64(s, u->other.line);
    PUT(s, ",");
    g_string_truncate(t, 0);
    if (u->kind == GY_UPD_OTHER_START) {
        gy_record_start_text(&u->other, day);
        PUT(t, "创业时间：");
        append_str(t, day);
    } else {
        changes_append(t, u, f->rg);
    }
    gy_csv_text(s, t->str);
    PUT(s, "\r\n");
}

/* Piece k of updates.csv in s (the header begins piece 0). */
static void format_piece(const upd_fmt *f, guint k, GString *s, GString *t)
{
    g_string_truncate(s, 0);
    if (k == 0)
        g_string_append(s, "\xEF\xBB\xBF" "kind,file,line,id_number,start_date,compared_file,"
                           "compared_line,changes\r\n");
    guint n = f->lg->updates->len, end = (k + 1) * PIECE_ROWS < n ? (k + 1) * PIECE_ROWS : n;
    for (guint i = k * PIECE_ROWS; i < end; i++)
        update_row(s, &g_array_index(f->lg->updates, gy_update, i), f, t);
}

static gpointer format_run(gpointer data)
{
    upd_fmt *f = data;
    g_mutex_lock(&f->m);
    guint first = f->next_thread++;
    g_mutex_unlock(&f->m);
    GString *t = g_string_new(NULL);
    for (guint k = first; k < f->n_pieces; k += f->n_threads) {
        g_mutex_lock(&f->m);
        while (k >= f->taken + RING && !f->stop)
            g_cond_wait(&f->c, &f->m);
        bool stop = f->stop;
        g_mutex_unlock(&f->m);
        if (stop)
            break;
        format_piece(f, k, f->piece[k % RING], t);
        g_mutex_lock(&f->m);
        f->ready[k % RING] = k + 1;
        g_cond_broadcast(&f->c);
        g_mutex_unlock(&f->m);
    }
    g_string_free(t, TRUE);
    return NULL;
}

/* Write the pieces in order to o, formatted on threads of their own (two where the machine
 * has two processors) when there are several. */
static gy_error write_pieces(upd_fmt *f, gy_output *o, GError **err)
{
    GThread *th[2] = { NULL, NULL };
    f->n_threads = f->n_pieces > 2 && g_get_num_processors() > 1 ? 2 : 1;
    for (guint j = 0; f->n_pieces > 1 && j < f->n_threads; j++)
        th[j] = g_thread_new("guiyan-updates", format_run, f);
    GString *t = th[0] ? NULL : g_string_new(NULL);
    gy_error e = GY_OK;
    for (guint k = 0; k < f->n_pieces && e == GY_OK; k++) {
        if (th[0]) {
            g_mutex_lock(&f->m);
            while (f->ready[k % RING] != k + 1)
                g_cond_wait(&f->c, &f->m);
            g_mutex_unlock(&f->m);
        } else {
            format_piece(f, k, f->piece[k % RING], t);
        }
        const GString *s = f->piece[k % RING];
        e = gy_output_append(o, s->str, s->len, err);
        g_mutex_lock(&f->m);
        f->taken = k + 1;
        g_cond_broadcast(&f->c);
        g_mutex_unlock(&f->m);
    }
    g_mutex_lock(&f->m);
    f->stop = true;
    g_cond_broadcast(&f->c);
    g_mutex_unlock(&f->m);
    for (guint j = 0; j < 2; j++)
        if (th[j])
            g_thread_join(th[j]);
    if (t)
        g_string_free(t, TRUE);
    return e;
}

gy_error gy_ledger_write_updates(gy_ledger *lg, const gy_region *rg, bool unmask,
                                 const char *path, GError **err)
{
    static const char *kinds_zh[] = {
        [GY_UPD_DUPLICATE] = "重复", [GY_UPD_SUPERSEDED] = "被替代",
        [GY_UPD_LOAN_DROPPED] = "贷款未见于较新的导出",
        [GY_UPD_OTHER_START] = "仅见于较旧的导出，较新的导出中此人创业时间不同",
    };
    gy_output *o = gy_output_new(path, true, err);
    if (!o)
        return err && *err ? (gy_error)(*err)->code : GY_E_IO;
    /* the kinds and the inputs' names as CSV fields, once */
    char *kinds[G_N_ELEMENTS(kinds_zh)];
    GString *t = g_string_new(NULL);
    for (size_t k = 0; k < G_N_ELEMENTS(kinds_zh); k++) {
        g_string_truncate(t, 0);
        gy_csv_text(t, kinds_zh[k] ? kinds_zh[k] : "");
        kinds[k] = g_strdup(t->str);
    }
    g_string_free(t, TRUE);
    GString **names = g_new(GString *, lg->inputs->len);
    for (guint i = 0; i < lg->inputs->len; i++) {
        names[i] = g_string_new(NULL);
        gy_csv_text(names[i], gy_ledger_input(lg, i)->name);
    }
    guint n = lg->updates->len;
    upd_fmt f = { .lg = lg, .rg = rg, .unmask = unmask, .kinds = (const char *const *)kinds,
                  .names = (const GString *const *)names,
                  .n_pieces = n ? (n - 1) / PIECE_ROWS + 1 : 1 };
    g_mutex_init(&f.m);
    g_cond_init(&f.c);
    for (int i = 0; i < RING; i++)
        f.piece[i] = g_string_sized_new(f.n_pieces > 1 ? PIECE_ROWS * 200 : 256);
    gy_error e = write_pieces(&f, o, err);
    if (e == GY_OK)
        e = gy_output_commit(o, err);
    else
        gy_output_free(o);
    for (int i = 0; i < RING; i++)
        g_string_free(f.piece[i], TRUE);
    g_mutex_clear(&f.m);
    g_cond_clear(&f.c);
    for (guint i = 0; i < lg->inputs->len; i++)
        g_string_free(names[i], TRUE);
    g_free(names);
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++)
        g_free(kinds[k]);
    return e;
}

/* The rejects of lg's own inputs as rows of rejects.csv, in lg's order. */
static void rejects_csv(GString *s, const gy_ledger *lg)
{
    for (guint i = 0; i < lg->rejects->len; i++) {
        const gy_reject *r = &g_array_index(lg->rejects, gy_reject, i);
        const gy_input *in = g_ptr_array_index(lg->inputs, r->file);
        gy_csv_text(s, in->name);
        g_string_append_printf(s, ",%lu,", r->line);
        gy_csv_text(s, r->column);
        g_string_append_c(s, ',');
        gy_csv_text(s, r->value);
        g_string_append_c(s, ',');
        if (r->detail) {
            /* the candidates of an ambiguous county, or the nearest names to an unknown one */
            char *full = g_strdup_printf("%s（%s%s）", gy_reason_zh(r->reason),
                                         r->reason == GY_E_COUNTY_AMBIGUOUS ? "可能是："
                                         : r->reason == GY_E_COUNTY_UNKNOWN ? "最接近的：" : "",
                                         r->detail);
            gy_csv_text(s, full);
            g_free(full);
        } else {
            gy_csv_text(s, gy_reason_zh(r->reason));
        }
        g_string_append(s, "\r\n");
    }
}

gy_error gy_ledger_write_rejects(const gy_ledger *lg, const char *path, GError **err)
{
    GString *s = g_string_new("\xEF\xBB\xBF" "file,line,column,value,reason\r\n");
    rejects_csv(s, lg);
    /* then the other lists' (training, survey …: their own ledger, gy_ledger_set_lists) */
    if (lg->lists)
        rejects_csv(s, lg->lists);
    gy_error e = gy_output_write_private(path, s->str, s->len, err);
    g_string_free(s, TRUE);
    return e;
}
