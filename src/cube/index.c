/* index.c — the distinct-count index: every chain's (day, county) pairs side by side, and
 * per (county, day) cells for the additive measures and the one-record chains.
 *
 * Invariants:
 * - Two builders must agree: index_build (after the fact, chains walked from their heads in
 *   record order, two shares of the records) and the settle's fused build (settle.c: a
 *   partition's longer chains while in the cache, then cube_index_sums_run in record order).
 *   Both put a chain of two or more records — or of one, when there are no cells — into a
 *   list as its pairs sorted by county then day, `end` set on the last, and everything else
 *   into the cells. The order of chains in a list may differ; no figure depends on it.
 *   test_cube compares them (bulk_load's INDEX_AFTER and NO_CELLS ways).
 * - A share's lists have room for every record (address space only) and never move; share a
 *   takes the chains whose heads lie in [0, n/2), share b the rest.
 * - Cells exist when counties × days is at most CELLS_MAX and opts.no_cells is off, from
 *   cell_base (the earliest day) for cell_days days; NULL: tables read the records.
 * - The index is a cache of the settled records: every write drops it, and with it the table
 *   memos computed from it (cube_index_free); the figures' const readers build it under
 *   index_lock (cube_index_ensure), never a settle. */
#include <stdlib.h>

#include "cube_int.h"
#include "guiyan/timing.h"

/* 48 MiB of day cells at most (a city's counties over decades); else tables read the records */
#define CELLS_MAX (1u << 20)

/* ---- the distinct-count index ----
 *
 * Distinct counts need each person's (entity's) records together. The chains give that, but a
 * walk along a chain misses the cache at every step, and every table would walk every chain
 * again. So they are walked once — by the settle that stored them, or else by the first figure
 * after a change — and each chain's (day, county) pairs written side by side, sorted by county
 * then day; tables then read them in order. */

static inline int cmp_ev(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    if (x->county != y->county)
        return x->county < y->county ? -1 : 1;
    return x->day < y->day ? -1 : x->day > y->day;
}

void cube_index_chain(const gy_cube *c, evlist *out, uint32_t head, bool by_entity)
{
    size_t at = out->n;
    for (uint32_t i = head; i != NONE;) {
        const struct rec *r = rec_at(c, i - 1);
        out->v[out->n++] = (struct ev){ r->start, r->county, 0 };
        i = by_entity ? *next_e(c, i - 1) & LINK_MASK : r->next_p;
    }
    size_t n = out->n - at;
    struct ev *v = out->v + at;
    if (n > 16) {
        qsort(v, n, sizeof(struct ev), cmp_ev);
    } else {
        /* most chains hold a few records: insertion sort, without qsort's calls */
        for (size_t x = 1; x < n; x++) {
            struct ev e = v[x];
            size_t y = x;
            for (; y > 0 && cmp_ev(&v[y - 1], &e) > 0; y--)
                v[y] = v[y - 1];
            v[y] = e;
        }
    }
    v[n - 1].end = 1;
}

/* A chain walk misses the cache at every step. Heads come in record order, so the second and
 * third records of the chains a few heads on are asked for while this one is walked. */
static inline void index_prefetch(const gy_cube *c, uint32_t i, int depth)
{
    const struct rec *r = rec_at(c, i);
    if (!live(r))
        return;
    uint32_t p = r->next_p, e = *next_e(c, i) & LINK_MASK;
    for (int d = 1; d < depth; d++) {
        p = p && !(r->file & F_P_INNER) ? rec_at(c, p - 1)->next_p : NONE;
        e = e ? *next_e(c, e - 1) & LINK_MASK : NONE;
    }
    if (p && !(r->file & F_P_INNER))
        __builtin_prefetch(rec_at(c, p - 1));
    if (e && r->efp && !(*next_e(c, i) & E_INNER)) {
        __builtin_prefetch(rec_at(c, e - 1));
        __builtin_prefetch(next_e(c, e - 1));
    }
}

/* Record i's additive measures into an index share's day cells. */
static void index_sums(const gy_cube *c, index_job *j, uint32_t i)
{
    const struct rec *r = rec_at(c, i);
    if (!j->cells || !live(r))
        return;
    struct daycell *cell = cell_at(c, j->cells, r->county, r->start);
    if (r->money) {
        const struct money *m = money_of(c, r);
        cell->jobs += m->jobs;
        cell->output += m->output;
        if (m->loan > 0 && m->loan_day != GY_NO_DAY) {
            struct daycell *lc = cell_at(c, j->cells, r->county, m->loan_day);
            lc->loans++;
            lc->amount += m->loan;
        }
    }
}

/* Record i's person chain into an index share, when it heads one: into the day cells for a
 * chain of one, else the chain's pairs into the list. */
static void index_person(const gy_cube *c, index_job *j, uint32_t i)
{
    const struct rec *r = rec_at(c, i);
    if (!live(r) || (r->file & F_P_INNER))
        return;
    if (j->cells && r->next_p == NONE)
        cell_at(c, j->cells, r->county, r->start)->persons++;
    else
        cube_index_chain(c, &j->pev, i + 1, false);
}

/* The same for record i's entity chain, when it heads one. */
static void index_entity(const gy_cube *c, index_job *j, uint32_t i)
{
    const struct rec *r = rec_at(c, i);
    uint32_t link;
    if (!live(r) || !r->efp || ((link = *next_e(c, i)) & E_INNER))
        return;
    if (j->cells && (link & LINK_MASK) == NONE)
        cell_at(c, j->cells, r->county, r->start)->entities++;
    else
        cube_index_chain(c, &j->eev, i + 1, true);
}

static gpointer index_run(gpointer data)
{
    index_job *j = data;
    const gy_cube *c = j->c;
    for (uint32_t i = j->lo; i < j->hi; i++) {
        if (i + 16 < j->hi)
            index_prefetch(c, i + 16, 1);
        if (i + 8 < j->hi)
            index_prefetch(c, i + 8, 2);
        index_sums(c, j, i);
        index_person(c, j, i);
        index_entity(c, j, i);
    }
    return NULL;
}

static evlist ev_new(size_t cap)
{
    evlist l = { NULL, 0, cap + 1 };
    l.v = gy_big_alloc0(l.cap * sizeof(struct ev));
    return l;
}

/* The index, built on first use after a change when the settle did not build it on the way.
 * A cache of the settled records, so the figures' const readers fill it, under index_lock:
 * the cast is for the cache and its lock, never for the records. gy_cube_add's maps (another
 * cache) go first and come back when it asks for them. */
static void index_build(gy_cube *c);

void cube_index_ensure(const gy_cube *cc)
{
    gy_cube *c = (gy_cube *)cc;
    g_mutex_lock(&c->index_lock);
    if (!c->pev[0].v)
        index_build(c);
    g_mutex_unlock(&c->index_lock);
}

/* Two index shares with their lists and, when the table is small enough, day cells. */
void cube_index_plan(gy_cube *c, index_job *a, index_job *b, bool two)
{
    size_t rows = gy_region_count(c->region);
    c->cell_base = c->min_day;
    c->cell_days = c->any ? (size_t)(c->last_day - c->min_day + 1) : 0;
    bool cells = c->any && !c->opts.no_cells && rows * c->cell_days <= CELLS_MAX;
    *a = (index_job){ c, 0, c->n, { 0 }, { 0 }, NULL };
    *b = (index_job){ c, c->n, c->n, { 0 }, { 0 }, NULL };
    if (two)
        a->hi = b->lo = c->n / 2;
    for (int s = 0; s < 2; s++) {
        index_job *j = s ? b : a;
        bool used = j->hi > j->lo;
        j->pev = ev_new(used ? c->n : 0);
        j->eev = ev_new(used ? c->n : 0);
        if (cells && used)
            j->cells = g_new0(struct daycell, rows * c->cell_days);
    }
}

/* The two shares become the index: their cells added up, their lists its two segments. */
void cube_index_adopt(gy_cube *c, index_job *a, index_job *b)
{
    size_t rows = gy_region_count(c->region);
    if (!a->cells) {                /* one record: the first share (n / 2 of them) is empty */
        a->cells = b->cells;
        b->cells = NULL;
    }
    if (b->cells) {
        int64_t *x = (int64_t *)a->cells, *y = (int64_t *)b->cells;
        for (size_t i = 0; i < rows * c->cell_days * (sizeof(struct daycell) / 8); i++)
            x[i] += y[i];
        g_free(b->cells);
    }
    c->cells = a->cells;
    c->pev[0] = a->pev; c->eev[0] = a->eev;
    c->pev[1] = b->pev; c->eev[1] = b->eev;
    gy_timing("distinct-count index");
}

static void index_build(gy_cube *c)
{
    cube_maps_free(c);
    index_job a, b;
    bool two = c->n >= c->opts.table_split_min && c->n >= 2;
    cube_index_plan(c, &a, &b, two);
    if (two) {
        GThread *th = g_thread_new("guiyan-index", index_run, &b);
        index_run(&a);
        g_thread_join(th);
    } else {
        index_run(&a);
    }
    cube_index_adopt(c, &a, &b);
}

/* The additive measures of an index share's records, and its one-record persons and
 * entities, read in order (money too). */
gpointer cube_index_sums_run(gpointer data)
{
    index_job *j = data;
    const gy_cube *c = j->c;
    for (uint32_t i = j->lo; i < j->hi; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r))
            continue;
        index_sums(c, j, i);
        if (r->next_p == NONE && !(r->file & F_P_INNER))
            index_person(c, j, i);
        if (r->efp && *next_e(c, i) == NONE)
            index_entity(c, j, i);
    }
    return NULL;
}

static void ev_free(evlist *l)
{
    if (l->v)
        gy_big_free(l->v, l->cap * sizeof(struct ev));
    memset(l, 0, sizeof *l);
}

void cube_index_free(gy_cube *c)
{
    g_ptr_array_set_size(c->tables, 0);
    for (int s = 0; s < 2; s++) {
        ev_free(&c->pev[s]);
        ev_free(&c->eev[s]);
    }
    g_clear_pointer(&c->cells, g_free);
}
