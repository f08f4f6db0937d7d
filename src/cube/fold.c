/* fold.c — gy_cube_table: every indicator by county and period, folded from the index and
 * the day cells (or the records), in two shares on two cores.
 *
 * Invariants:
 * - A distinct count is counted per chain, once in each (row, column) the chain reaches —
 *   the total row by the union over counties — never as a sum of smaller groups, so a
 *   quarter, year or YTD column is recounted, not added up.
 * - The bounds are the call's arguments, applied to start days (persons, entities, jobs,
 *   output) and disbursement days (loans, amounts); the cube keeps nothing of them but a
 *   memo's key.
 * - Two shares add up to the whole exactly: share a takes records [0, n/2) and index segment
 *   0, share b the rest and segment 1; with cells, share a folds them all and no share reads
 *   the records.
 * - A memo (grain, first, last, from, to → values) is valid until the next write, which
 *   drops it with the index; one table is computed at a time (table_lock).
 * - The store is read settled and const: the one cast is for the memos and their lock. */
#include <stdlib.h>

#include "cube_int.h"
#include "guiyan/fields.h"

/* The dates a table counts: [from, to], GY_NO_DAY = open (gy_cube_table's arguments). */
typedef struct bounds {
    gy_day from, to;
} bounds;

static inline bool in_bounds(const bounds *b, gy_day d)
{
    return (b->from == GY_NO_DAY || d >= b->from) && (b->to == GY_NO_DAY || d <= b->to);
}

/* The month of a stored day by table lookup: tables ask it for every record, and the calendar
 * arithmetic was a tenth of their time. One calendar per table call, covering the store's days. */
typedef struct calendar {
    gy_day base, top;
    gy_month *month;
} calendar;

static calendar calendar_new(const gy_cube *c)
{
    calendar k = { c->min_day, c->last_day, NULL };
    if (c->min_day != GY_NO_DAY && c->last_day - c->min_day < 200000) {
        k.month = g_new(gy_month, (size_t)(k.top - k.base + 1));
        for (gy_day d = k.base; d <= k.top; d++)
            k.month[d - k.base] = gy_day_month(d);
    }
    return k;
}

static inline gy_month month_of(const calendar *k, gy_day d)
{
    return k->month && d >= k->base && d <= k->top ? k->month[d - k->base] : gy_day_month(d);
}

/* Columns a month falls into: one for month/quarter/year grains, every later month of the same
 * year for year-to-date. Returns the first column and the count (0 if outside). */
static size_t cols_of(gy_grain g, gy_month first, gy_month last, gy_month k, size_t *col)
{
    if (k < first || k > last)
        return 0;
    switch (g) {
    case GY_GRAIN_MONTH:
        *col = (size_t)(k - first);
        return 1;
    case GY_GRAIN_QUARTER:
        *col = (size_t)(k / 3 - first / 3);
        return 1;
    case GY_GRAIN_YEAR:
        *col = (size_t)(k / 12 - first / 12);
        return 1;
    case GY_GRAIN_YTD: {
        gy_month dec = (k / 12) * 12 + 11;
        *col = (size_t)(k - first);
        return (size_t)((dec < last ? dec : last) - k + 1);
    }
    }
    return 0;
}

static size_t n_cols_of(gy_grain g, gy_month first, gy_month last)
{
    switch (g) {
    case GY_GRAIN_QUARTER: return (size_t)(last / 3 - first / 3 + 1);
    case GY_GRAIN_YEAR: return (size_t)(last / 12 - first / 12 + 1);
    default: return (size_t)(last - first + 1);
    }
}

static void label_cols(gy_table *t, gy_month first, gy_month last)
{
    for (size_t i = 0; i < t->n_cols; i++) {
        gy_month k;
        switch (t->grain) {
        case GY_GRAIN_QUARTER:
            k = (first / 3 + (gy_month)i) * 3 + 2;
            t->col_label[i] = g_strdup_printf("%d-Q%d", GY_MONTH_YEAR(k), GY_MONTH_NUM(k) / 3);
            break;
        case GY_GRAIN_YEAR:
            k = (first / 12 + (gy_month)i) * 12 + 11;
            t->col_label[i] = g_strdup_printf("%d", GY_MONTH_YEAR(k));
            break;
        case GY_GRAIN_YTD:
            k = first + (gy_month)i;
            t->col_label[i] = g_strdup_printf("%d-%02d-YTD", GY_MONTH_YEAR(k), GY_MONTH_NUM(k));
            break;
        default:
            k = first + (gy_month)i;
            t->col_label[i] = g_strdup_printf("%d-%02d", GY_MONTH_YEAR(k), GY_MONTH_NUM(k));
        }
        if (k > last)
            k = last;
        t->col_month[i] = k;
    }
}

/* A range of columns [a, b] one pair of the index falls into. */
typedef struct { long a, b; } span_t;

static int cmp_span(const void *x, const void *y)
{
    const span_t *p = x, *q = y;
    return p->a < q->a ? -1 : p->a > q->a;
}

/* Count one chain once in each (row, column) it reaches: pairs come sorted by county then
 * day, so per county the column ranges come in order and their union is counted by keeping
 * the highest column counted so far. The total row needs the union over counties. */
static void count_chain(const bounds *bd, const calendar *k, gy_table *t, gy_ind ind,
                        const struct ev *v, size_t n, gy_month first, gy_month last,
                        GArray *scratch)
{
    size_t total = t->n_rows - 1;
    bool one_county = v[0].county == v[n - 1].county;
    int county = -1;
    long covered = -1;
    g_array_set_size(scratch, 0);
    for (size_t i = 0; i < n; i++) {
        if (!in_bounds(bd, v[i].day))
            continue;
        size_t col, m = cols_of(t->grain, first, last, month_of(k, v[i].day), &col);
        if (!m)
            continue;
        long a = (long)col, b = (long)(col + m - 1);
        if (v[i].county != county) {
            county = v[i].county;
            covered = -1;
        }
        for (long x = a > covered ? a : covered + 1; x <= b; x++) {
            (*gy_table_at(t, ind, (size_t)county, (size_t)x))++;
            if (one_county)
                (*gy_table_at(t, ind, total, (size_t)x))++;
        }
        if (b > covered)
            covered = b;
        if (!one_county) {
            span_t s = { a, b };
            g_array_append_val(scratch, s);
        }
    }
    if (one_county || scratch->len == 0)
        return;
    span_t *s = (span_t *)scratch->data;
    qsort(s, scratch->len, sizeof *s, cmp_span);
    covered = -1;
    for (guint i = 0; i < scratch->len; i++) {
        for (long x = s[i].a > covered ? s[i].a : covered + 1; x <= s[i].b; x++)
            (*gy_table_at(t, ind, total, (size_t)x))++;
        if (s[i].b > covered)
            covered = s[i].b;
    }
}

static void count_index(const bounds *bd, const calendar *k, gy_table *t, gy_ind ind,
                        const evlist *ev, gy_month first, gy_month last, GArray *scratch)
{
    const struct ev *v = ev->v;
    size_t total = t->n_rows - 1;
    for (size_t i = 0, start = 0; i < ev->n; i++) {
        if (!v[i].end)
            continue;
        if (i == start) {
            /* one record (most chains): its groups are distinct by construction */
            size_t col, n = in_bounds(bd, v[i].day)
                                ? cols_of(t->grain, first, last, month_of(k, v[i].day), &col) : 0;
            for (size_t j = 0; j < n; j++) {
                (*gy_table_at(t, ind, v[i].county, col + j))++;
                (*gy_table_at(t, ind, total, col + j))++;
            }
        } else {
            count_chain(bd, k, t, ind, v + start, i - start + 1, first, last, scratch);
        }
        start = i + 1;
    }
}

static void add_to(gy_table *t, gy_ind ind, uint32_t county, size_t col, size_t n, int64_t v)
{
    for (size_t j = 0; j < n; j++) {
        *gy_table_at(t, ind, county, col + j) += v;
        *gy_table_at(t, ind, t->n_rows - 1, col + j) += v;
    }
}

/* One share of a table: the records [lo, hi) for the additive measures, and index segments
 * [seg_lo, seg_hi) for the distinct counts — so shares add up to the whole exactly. */
typedef struct share {
    const gy_cube *c;
    const bounds *bd;
    const calendar *k;
    gy_table *t;
    uint32_t lo, hi;
    int seg_lo, seg_hi;
    gy_month first, last;
} share;

/* The day cells into a table: the additive measures and the one-record chains. */
static void fold_cells(const gy_cube *c, const bounds *bd, const calendar *k, gy_table *t,
                       gy_month first, gy_month last)
{
    size_t counties = t->n_rows - 1;
    for (size_t i = 0; i < c->cell_days; i++) {
        gy_day d = c->cell_base + (gy_day)i;
        size_t col, n = in_bounds(bd, d) ? cols_of(t->grain, first, last, month_of(k, d), &col) : 0;
        if (!n)
            continue;
        for (size_t r = 0; r < counties; r++) {
            const struct daycell *x = cell_at(c, c->cells, r, d);
            if (x->persons || x->entities || x->jobs || x->output) {
                add_to(t, GY_IND_STARTUPS, (uint32_t)r, col, n, x->persons);
                add_to(t, GY_IND_ENTITIES, (uint32_t)r, col, n, x->entities);
                add_to(t, GY_IND_JOBS, (uint32_t)r, col, n, x->jobs);
                add_to(t, GY_IND_OUTPUT, (uint32_t)r, col, n, x->output);
            }
            if (x->loans) {
                add_to(t, GY_IND_LOANS, (uint32_t)r, col, n, x->loans);
                add_to(t, GY_IND_LOAN_AMOUNT, (uint32_t)r, col, n, x->amount);
            }
        }
    }
}

static gpointer table_share(gpointer data)
{
    share *sh = data;
    const gy_cube *c = sh->c;
    const bounds *bd = sh->bd;
    const calendar *k = sh->k;
    gy_table *t = sh->t;
    gy_grain grain = t->grain;
    gy_month first = sh->first, last = sh->last;
    if (c->cells && sh->lo == 0)
        fold_cells(c, bd, k, t, first, last);
    for (uint32_t i = sh->lo; i < sh->hi && !c->cells; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r))
            continue;
        size_t col, n = in_bounds(bd, r->start)
                            ? cols_of(grain, first, last, month_of(k, r->start), &col) : 0;
        if (!r->money)
            continue;
        const struct money *m = money_of(c, r);
        if (n) {
            add_to(t, GY_IND_JOBS, r->county, col, n, m->jobs);
            add_to(t, GY_IND_OUTPUT, r->county, col, n, m->output);
        }
        if (m->loan_day != GY_NO_DAY && m->loan > 0 && in_bounds(bd, m->loan_day) &&
            (n = cols_of(grain, first, last, month_of(k, m->loan_day), &col)) > 0) {
            add_to(t, GY_IND_LOANS, r->county, col, n, 1);
            add_to(t, GY_IND_LOAN_AMOUNT, r->county, col, n, m->loan);
        }
    }
    GArray *scratch = g_array_new(FALSE, FALSE, sizeof(span_t));
    for (int s = sh->seg_lo; s < sh->seg_hi; s++) {
        count_index(bd, k, t, GY_IND_STARTUPS, &c->pev[s], first, last, scratch);
        count_index(bd, k, t, GY_IND_ENTITIES, &c->eev[s], first, last, scratch);
    }
    g_array_free(scratch, TRUE);
    return NULL;
}

/* A table computed before, kept until the records change: the workbook and the charts ask
 * for the same ones. Its key is the arguments and the bounds; its values follow. */
typedef struct memo {
    gy_grain grain;
    gy_month first, last;
    gy_day from, to;
    size_t n;
    int64_t v[];
} memo;

static gy_table *table_compute(const gy_cube *c, gy_grain grain, gy_month first, gy_month last,
                               const bounds *bd);

gy_table *gy_cube_table(const gy_cube *cc, gy_grain grain, gy_month first, gy_month last,
                        gy_day from, gy_day to)
{
    g_return_val_if_fail(cc->done == cc->n, NULL);       /* gy_cube_settle first */
    bounds bd = { from, to };
    gy_cube *c = (gy_cube *)cc;     /* for the memos (a cache) and their lock only */
    g_mutex_lock(&c->table_lock);
    gy_table *t = NULL;
    for (guint i = 0; i < c->tables->len && !t; i++) {
        const memo *m = g_ptr_array_index(c->tables, i);
        if (m->grain == grain && m->first == first && m->last == last && m->from == from &&
            m->to == to) {
            size_t rows = gy_region_count(c->region) + 1;
            t = gy_table_new(rows, first <= last ? n_cols_of(grain, first, last) : 0, grain);
            if (t->n_cols)
                label_cols(t, first, last);
            memcpy(t->v, m->v, m->n * sizeof(int64_t));
        }
    }
    if (!t) {
        t = table_compute(c, grain, first, last, &bd);
        size_t n = (size_t)GY_IND__COUNT * t->n_rows * (t->n_cols ? t->n_cols : 1);
        memo *m = g_malloc(sizeof(memo) + n * sizeof(int64_t));
        *m = (memo){ grain, first, last, from, to, n };
        memcpy(m->v, t->v, n * sizeof(int64_t));
        g_ptr_array_add(c->tables, m);
    }
    g_mutex_unlock(&c->table_lock);
    return t;
}

static gy_table *table_compute(const gy_cube *c, gy_grain grain, gy_month first, gy_month last,
                               const bounds *bd)
{
    size_t rows = gy_region_count(c->region) + 1;
    gy_table *t = gy_table_new(rows, first <= last ? n_cols_of(grain, first, last) : 0, grain);
    if (t->n_cols == 0)
        return t;
    label_cols(t, first, last);
    cube_index_ensure(c);
    calendar k = calendar_new(c);
    share a = { c, bd, &k, t, 0, c->n, 0, 2, first, last };
    if (c->n < c->opts.table_split_min || c->n < 2) {
        table_share(&a);
    } else {
        /* two shares on two cores, then one added into the other */
        gy_table *t2 = gy_table_new(rows, t->n_cols, grain);
        share b = { c, bd, &k, t2, c->n / 2, c->n, 1, 2, first, last };
        a.hi = b.lo;
        a.seg_hi = 1;
        GThread *th = g_thread_new("guiyan-table", table_share, &b);
        table_share(&a);
        g_thread_join(th);
        size_t cells = (size_t)GY_IND__COUNT * rows * t->n_cols;
        for (size_t i = 0; i < cells; i++)
            t->v[i] += t2->v[i];
        gy_table_free(t2);
    }
    g_free(k.month);
    return t;
}
