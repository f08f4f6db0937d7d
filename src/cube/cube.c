/* cube.c — the accepted records, kept compact, and every figure computed from them.
 *
 * Records are chained per person and per entity, so a distinct count of any group is a walk
 * over the persons (or entities) asking which groups each falls into: exact for months,
 * quarters, years, year-to-date and totals alike, never a sum of smaller groups. Additive
 * measures are integer sums. Memory grows with distinct records, not with the input: a
 * duplicate adds nothing. */
#include <string.h>

#include "guiyan/cube.h"
#include "guiyan/fields.h"
#include "guiyan/bigmem.h"
#include "guiyan/keymap.h"

#define BLOCK_BITS 17                /* 6 MiB blocks: whole huge pages */
#define BLOCK_SIZE (1u << BLOCK_BITS)
#define NONE 0u                     /* index links are stored +1 so that 0 means "none" */

/* A record that is not the head of its person's (entity's) chain: a later record of the same
 * person (entity) was put in front of it. Heads are found in one sequential pass this way,
 * instead of a walk over the key map in hash order, which missed the cache once per person. */
#define F_P_INNER 0x8000u
#define F_E_INNER 0x4000u
#define FILE_MASK 0x3FFFu           /* so at most 16,384 input files */

/* 48 bytes; money lives apart because most records have none. */
struct rec {
    uint64_t person;
    uint64_t name_fp;               /* fingerprint of the entity name, for the duplicate rule */
    uint32_t entity;                /* entity index + 1, or NONE */
    gy_day start;
    uint32_t jobs;
    uint32_t line;
    uint16_t county;
    uint16_t file;                  /* input index (FILE_MASK) and the chain flags below */
    uint32_t money;                 /* index + 1 into money, or NONE */
    uint32_t next_p;                /* next record of the same person, + 1 */
    uint32_t next_e;                /* next record of the same entity, + 1 */
};

struct money {
    gy_fen loan;
    gy_fen output;
    gy_day loan_day;
};

struct gy_cube {
    const gy_region *region;
    GPtrArray *blocks;              /* struct rec[BLOCK_SIZE] each */
    uint32_t n;
    GPtrArray *money;               /* struct money[BLOCK_SIZE] each */
    uint32_t n_money;
    gy_keymap *persons;             /* person key → head record + 1 */
    gy_keymap *entity_ix;           /* entity fingerprint → entity index + 1 */
    GPtrArray *entities;            /* uint32_t[BLOCK_SIZE] each: head record + 1, per entity */
    uint32_t n_entities;
    gy_month first, last;
    bool any;
    gy_day from, to;                /* bounds for tables; GY_NO_DAY = open */
    gy_day last_day;                /* latest start or loan date */
    gy_day min_day;                 /* earliest start or loan date */
};

static const char *ind_keys[GY_IND__COUNT] = {
    "startups", "entities", "loans", "loan_amount", "jobs", "output_value",
};

const char *gy_ind_key(gy_ind ind)
{
    return (unsigned)ind < GY_IND__COUNT ? ind_keys[ind] : "";
}

gy_ind gy_ind_from_key(const char *key)
{
    for (int i = 0; i < GY_IND__COUNT; i++)
        if (strcmp(key, ind_keys[i]) == 0)
            return (gy_ind)i;
    return GY_IND__COUNT;
}

bool gy_ind_is_money(gy_ind ind) { return ind == GY_IND_LOAN_AMOUNT || ind == GY_IND_OUTPUT; }
bool gy_ind_is_distinct(gy_ind ind) { return ind == GY_IND_STARTUPS || ind == GY_IND_ENTITIES; }

/* ---- tables ---- */

gy_table *gy_table_new(size_t n_rows, size_t n_cols, gy_grain grain)
{
    gy_table *t = g_new0(gy_table, 1);
    t->n_rows = n_rows;
    t->n_cols = n_cols;
    t->grain = grain;
    t->col_month = g_new0(gy_month, n_cols ? n_cols : 1);
    t->col_label = g_new0(char *, n_cols + 1);
    t->v = g_new0(int64_t, (size_t)GY_IND__COUNT * n_rows * (n_cols ? n_cols : 1));
    return t;
}

void gy_table_free(gy_table *t)
{
    if (!t)
        return;
    g_strfreev(t->col_label);
    g_free(t->col_month);
    g_free(t->v);
    g_free(t);
}

/* ---- the store ---- */

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

/* 64-bit fingerprint (FNV-1a, then a finaliser); seed separates the kinds of key. */
static uint64_t fingerprint(uint64_t seed, const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ seed;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);
    }
    h = mix64(h);
    return h ? h : 1;
}

static void free_block(gpointer b)
{
    gy_big_free(b, BLOCK_SIZE * sizeof(struct rec));
}

static void free_money_block(gpointer b)
{
    gy_big_free(b, BLOCK_SIZE * sizeof(struct money));
}

gy_cube *gy_cube_new(const gy_region *region)
{
    gy_cube *c = g_new0(gy_cube, 1);
    c->region = region;
    c->blocks = g_ptr_array_new_with_free_func(free_block);
    c->money = g_ptr_array_new_with_free_func(free_money_block);
    c->persons = gy_keymap_new();
    c->entity_ix = gy_keymap_new();
    c->entities = g_ptr_array_new_with_free_func(g_free);
    return c;
}

void gy_cube_free(gy_cube *c)
{
    if (!c)
        return;
    g_ptr_array_free(c->blocks, TRUE);
    g_ptr_array_free(c->money, TRUE);
    gy_keymap_free(c->persons);
    gy_keymap_free(c->entity_ix);
    g_ptr_array_free(c->entities, TRUE);
    g_free(c);
}

static inline struct rec *rec_at(const gy_cube *c, uint32_t i)
{
    struct rec *b = g_ptr_array_index(c->blocks, i >> BLOCK_BITS);
    return &b[i & (BLOCK_SIZE - 1)];
}

static inline const struct money *money_of(const gy_cube *c, const struct rec *r)
{
    static const struct money zero = { 0, 0, GY_NO_DAY };
    if (!r->money)
        return &zero;
    const struct money *b = g_ptr_array_index(c->money, (r->money - 1) >> BLOCK_BITS);
    return &b[(r->money - 1) & (BLOCK_SIZE - 1)];
}

size_t gy_cube_records(const gy_cube *c) { return c->n; }

/* The head link of entity e (1-based). */
static inline uint32_t *entity_head(const gy_cube *c, uint32_t e)
{
    uint32_t *b = g_ptr_array_index(c->entities, (e - 1) >> BLOCK_BITS);
    return &b[(e - 1) & (BLOCK_SIZE - 1)];
}

void gy_cube_set_bounds(gy_cube *c, gy_day from, gy_day to)
{
    c->from = from;
    c->to = to;
}

static inline bool in_bounds(const gy_cube *c, gy_day d)
{
    return (c->from == GY_NO_DAY || d >= c->from) && (c->to == GY_NO_DAY || d <= c->to);
}
const gy_region *gy_cube_region(const gy_cube *c) { return c->region; }

static void span(gy_cube *c, gy_day d)
{
    if (d == GY_NO_DAY)
        return;
    int y, m, dd;
    gy_day_to_ymd(d, &y, &m, &dd);
    gy_month k = GY_MONTH(y, m);
    if (d > c->last_day)
        c->last_day = d;
    if (c->min_day == GY_NO_DAY || d < c->min_day)
        c->min_day = d;
    if (!c->any || k < c->first) c->first = k;
    if (!c->any || k > c->last) c->last = k;
    c->any = true;
}

gy_day gy_cube_last_day(const gy_cube *c) { return c->last_day; }

bool gy_cube_span(const gy_cube *c, gy_month *first, gy_month *last)
{
    if (first) *first = c->first;
    if (last) *last = c->last;
    return c->any;
}

/* The core insert, shared by gy_cube_add and gy_cube_merge. */
static gy_add_result add(gy_cube *c, const struct rec *in, const struct money *m,
                         uint64_t entity_fp, uint32_t *dup_file, uint32_t *dup_line)
{
    bool created;
    uint32_t *slot = gy_keymap_slot(c->persons, in->person, &created);
    uint32_t head = *slot;
    for (uint32_t i = head; i != NONE; i = rec_at(c, i - 1)->next_p) {
        const struct rec *o = rec_at(c, i - 1);
        const struct money *om = money_of(c, o);
        if (o->start == in->start && o->name_fp == in->name_fp && om->loan == m->loan &&
            om->loan_day == m->loan_day) {
            if (dup_file) *dup_file = o->file & FILE_MASK;
            if (dup_line) *dup_line = o->line;
            return GY_ADD_DUPLICATE;
        }
    }
    if ((c->n & (BLOCK_SIZE - 1)) == 0)
        g_ptr_array_add(c->blocks, gy_big_alloc0(BLOCK_SIZE * sizeof(struct rec)));
    uint32_t idx = c->n++;
    struct rec *r = rec_at(c, idx);
    *r = *in;
    r->file &= FILE_MASK;
    r->next_p = r->next_e = NONE;
    r->money = NONE;
    r->entity = NONE;
    if (m->loan || m->output || m->loan_day) {
        /* in blocks, like the records: a growing array would be copied whole, twice its size */
        if ((c->n_money & (BLOCK_SIZE - 1)) == 0)
            g_ptr_array_add(c->money, gy_big_alloc0(BLOCK_SIZE * sizeof(struct money)));
        struct money *b = g_ptr_array_index(c->money, c->n_money >> BLOCK_BITS);
        b[c->n_money & (BLOCK_SIZE - 1)] = *m;
        r->money = ++c->n_money;
    }
    /* chains are prepended: order inside a chain never matters, because a chain never holds
     * two records equal under the duplicate rule */
    r->next_p = head;
    if (head != NONE)
        rec_at(c, head - 1)->file |= F_P_INNER;
    *slot = idx + 1;
    if (entity_fp) {
        uint32_t *es = gy_keymap_slot(c->entity_ix, entity_fp, &created);
        if (created) {
            if ((c->n_entities & (BLOCK_SIZE - 1)) == 0)
                g_ptr_array_add(c->entities, g_new0(uint32_t, BLOCK_SIZE));
            *es = ++c->n_entities;
        }
        uint32_t e = *es;
        uint32_t *eh = entity_head(c, e);
        if (*eh != NONE)
            rec_at(c, *eh - 1)->file |= F_E_INNER;
        r->next_e = *eh;
        *eh = idx + 1;
        r->entity = e;
    }
    span(c, r->start);
    span(c, m->loan_day);
    return GY_ADD_ACCEPTED;
}

uint64_t gy_cube_entity_fp(uint32_t county, const char *entity, const char *uscc)
{
    if (!entity || !*entity)
        return 0;
    if (uscc && *uscc)
        return fingerprint(2, uscc);
    /* county, then name: the county index's four bytes lead the name's */
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ 3;
    for (int i = 0; i < 4; i++)
        h = (h ^ ((county >> (8 * i)) & 0xFF)) * UINT64_C(0x100000001b3);
    for (const unsigned char *p = (const unsigned char *)entity; *p; p++)
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    h = mix64(h);
    return h ? h : 1;
}

uint64_t gy_cube_name_fp(const char *entity)
{
    return entity && *entity ? fingerprint(1, entity) : 0;
}

void gy_cube_prefetch(const gy_cube *c, uint64_t person, uint64_t entity_fp)
{
    gy_keymap_prefetch(c->persons, person);
    if (entity_fp)
        gy_keymap_prefetch(c->entity_ix, entity_fp);
}

gy_add_result gy_cube_add(gy_cube *c, const gy_record *r, uint32_t *dup_file, uint32_t *dup_line)
{
    struct rec in = {
        .person = r->person,
        .name_fp = r->has_fp ? r->name_fp : gy_cube_name_fp(r->entity),
        .start = r->start,
        .jobs = (uint32_t)(r->jobs > UINT32_MAX ? UINT32_MAX : r->jobs),
        .line = r->line,
        .county = (uint16_t)r->county,
        .file = (uint16_t)(r->file & FILE_MASK),
    };
    struct money m = { r->loan, r->output, r->loan ? r->loan_day : GY_NO_DAY };
    uint64_t efp = r->has_fp || r->entity_fp ? r->entity_fp
                                             : gy_cube_entity_fp(r->county, r->entity, r->uscc);
    return add(c, &in, &m, efp, dup_file, dup_line);
}

size_t gy_cube_merge(gy_cube *c, gy_cube *other, uint32_t line_offset)
{
    if (c->n == 0 && line_offset == 0) {
        /* nothing to compare against: take other's contents whole */
        gy_cube tmp = *c;
        *c = *other;
        c->region = tmp.region;
        c->from = tmp.from;
        c->to = tmp.to;
        *other = tmp;
        other->region = c->region;
        return 0;
    }
    size_t dups = 0;
    /* fingerprints by entity index of `other`, built once */
    uint64_t *efp = g_new0(uint64_t, other->n_entities + 1);
    size_t pos = 0;
    uint64_t k;
    uint32_t v;
    while (gy_keymap_next(other->entity_ix, &pos, &k, &v))
        efp[v] = k;
    /* other's indexes are not needed any more: free them before c's grow */
    gy_keymap_free(other->persons);
    gy_keymap_free(other->entity_ix);
    other->persons = gy_keymap_new();
    other->entity_ix = gy_keymap_new();
    for (uint32_t i = 0; i < other->n; i++) {
        /* the records are read in order, their index slots at random: fetch a few ahead */
        if (i + 16 < other->n) {
            const struct rec *ahead = rec_at(other, i + 16);
            gy_cube_prefetch(c, ahead->person, ahead->entity ? efp[ahead->entity] : 0);
        }
        struct rec r = *rec_at(other, i);
        r.line += line_offset;
        if (add(c, &r, money_of(other, &r), r.entity ? efp[r.entity] : 0, NULL, NULL) ==
            GY_ADD_DUPLICATE)
            dups++;
        /* release other's blocks as they are consumed, to keep the peak down */
        if (((i + 1) & (BLOCK_SIZE - 1)) == 0) {
            free_block(g_ptr_array_index(other->blocks, i >> BLOCK_BITS));
            g_ptr_array_index(other->blocks, i >> BLOCK_BITS) = NULL;
        }
    }
    g_free(efp);
    g_ptr_array_set_size(other->blocks, 0);
    other->n = 0;
    g_ptr_array_set_size(other->money, 0);
    other->n_money = 0;
    gy_keymap_clear(other->persons);
    gy_keymap_clear(other->entity_ix);
    g_ptr_array_set_size(other->entities, 0);
    other->n_entities = 0;
    other->any = false;
    return dups;
}

/* ---- figures ---- */

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

/* One (row, column) a person or entity falls into; sorted and made unique per walk. */
typedef struct { uint32_t row, col; } hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* Count each distinct (row, col) of a chain once; the total row once per column. */
static void count_chain(const gy_cube *c, const calendar *k, gy_table *t, gy_ind ind,
                        uint32_t head, bool by_entity, gy_month first, gy_month last,
                        GArray *hits)
{
    size_t total = t->n_rows - 1;
    const struct rec *only = rec_at(c, head - 1);
    if ((by_entity ? only->next_e : only->next_p) == NONE) {
        /* one record (most chains): its groups are distinct by construction */
        size_t col, n = in_bounds(c, only->start)
                            ? cols_of(t->grain, first, last, month_of(k, only->start), &col) : 0;
        for (size_t j = 0; j < n; j++) {
            (*gy_table_at(t, ind, only->county, col + j))++;
            (*gy_table_at(t, ind, total, col + j))++;
        }
        return;
    }
    g_array_set_size(hits, 0);
    for (uint32_t i = head; i != NONE;) {
        const struct rec *r = rec_at(c, i - 1);
        size_t col, n = in_bounds(c, r->start) ? cols_of(t->grain, first, last, month_of(k, r->start), &col) : 0;
        for (size_t j = 0; j < n; j++) {
            hit h1 = { r->county, (uint32_t)(col + j) }, h2 = { (uint32_t)total, (uint32_t)(col + j) };
            g_array_append_val(hits, h1);
            g_array_append_val(hits, h2);
        }
        i = by_entity ? r->next_e : r->next_p;
    }
    if (hits->len == 0)
        return;
    qsort(hits->data, hits->len, sizeof(hit), cmp_hit);
    const hit *h = (const hit *)hits->data;
    for (guint j = 0; j < hits->len; j++)
        if (j == 0 || cmp_hit(&h[j], &h[j - 1]) != 0)
            (*gy_table_at(t, ind, h[j].row, h[j].col))++;
}

static void add_to(gy_table *t, gy_ind ind, uint32_t county, size_t col, size_t n, int64_t v)
{
    for (size_t j = 0; j < n; j++) {
        *gy_table_at(t, ind, county, col + j) += v;
        *gy_table_at(t, ind, t->n_rows - 1, col + j) += v;
    }
}

/* One share of a table: the records [lo, hi) for the additive measures, and the chains whose
 * head lies in [lo, hi) for the distinct counts — so shares add up to the whole exactly. */
typedef struct share {
    const gy_cube *c;
    const calendar *k;
    gy_table *t;
    uint32_t lo, hi;
    gy_month first, last;
} share;

static gpointer table_share(gpointer data)
{
    share *sh = data;
    const gy_cube *c = sh->c;
    const calendar *k = sh->k;
    gy_table *t = sh->t;
    gy_grain grain = t->grain;
    gy_month first = sh->first, last = sh->last;
    GArray *hits = g_array_new(FALSE, FALSE, sizeof(hit));
    for (uint32_t i = sh->lo; i < sh->hi; i++) {
        const struct rec *r = rec_at(c, i);
        size_t col, n = in_bounds(c, r->start) ? cols_of(grain, first, last, month_of(k, r->start), &col) : 0;
        const struct money *m = money_of(c, r);
        if (n) {
            add_to(t, GY_IND_JOBS, r->county, col, n, r->jobs);
            add_to(t, GY_IND_OUTPUT, r->county, col, n, m->output);
        }
        if (m->loan_day != GY_NO_DAY && m->loan > 0 && in_bounds(c, m->loan_day) &&
            (n = cols_of(grain, first, last, month_of(k, m->loan_day), &col)) > 0) {
            add_to(t, GY_IND_LOANS, r->county, col, n, 1);
            add_to(t, GY_IND_LOAN_AMOUNT, r->county, col, n, m->loan);
        }
        if (!(r->file & F_P_INNER))
            count_chain(c, k, t, GY_IND_STARTUPS, i + 1, false, first, last, hits);
        if (r->entity != NONE && !(r->file & F_E_INNER))
            count_chain(c, k, t, GY_IND_ENTITIES, i + 1, true, first, last, hits);
    }
    g_array_free(hits, TRUE);
    return NULL;
}

/* Below this many records one thread is quicker than two. */
static uint32_t table_split_min = 1000000u;

void gy_cube_table_split_min(uint32_t n) { table_split_min = n ? n : 1; }

gy_table *gy_cube_table(const gy_cube *c, gy_grain grain, gy_month first, gy_month last)
{
    size_t rows = gy_region_count(c->region) + 1;
    gy_table *t = gy_table_new(rows, first <= last ? n_cols_of(grain, first, last) : 0, grain);
    if (t->n_cols == 0)
        return t;
    label_cols(t, first, last);
    calendar k = calendar_new(c);
    share a = { c, &k, t, 0, c->n, first, last };
    if (c->n < table_split_min || c->n < 2) {
        table_share(&a);
    } else {
        /* two shares on two cores, then one added into the other */
        gy_table *t2 = gy_table_new(rows, t->n_cols, grain);
        share b = { c, &k, t2, c->n / 2, c->n, first, last };
        a.hi = b.lo;
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

static bool rec_in(const gy_cube *c, const struct rec *r, gy_ind ind, size_t county,
                   gy_day from, gy_day to)
{
    if (county != GY_ALL && r->county != county)
        return false;
    if (ind == GY_IND_LOANS || ind == GY_IND_LOAN_AMOUNT) {
        const struct money *m = money_of(c, r);
        return m->loan > 0 && m->loan_day >= from && m->loan_day <= to;
    }
    return r->start >= from && r->start <= to;
}

void gy_cube_each(const gy_cube *c, gy_ind ind, size_t county, gy_day from, gy_day to,
                  gy_record_fn fn, void *user)
{
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        if (!rec_in(c, r, ind, county, from, to))
            continue;
        if (ind == GY_IND_ENTITIES && r->entity == NONE)
            continue;
        const struct money *m = money_of(c, r);
        gy_record out = {
            .person = r->person, .start = r->start, .loan_day = m->loan_day, .loan = m->loan,
            .output = m->output, .jobs = r->jobs, .county = r->county, .file = r->file & FILE_MASK,
            .line = r->line, .entity = "", .uscc = "",
        };
        fn(&out, user);
    }
}

int64_t gy_cube_value(const gy_cube *c, gy_ind ind, size_t county, gy_day from, gy_day to)
{
    int64_t sum = 0;
    if (gy_ind_is_distinct(ind)) {
        bool ent = ind == GY_IND_ENTITIES;
        uint32_t inner = ent ? F_E_INNER : F_P_INNER;
        for (uint32_t h = 0; h < c->n; h++) {
            const struct rec *r = rec_at(c, h);
            if ((r->file & inner) || (ent && r->entity == NONE))
                continue;                       /* not the head of a chain */
            for (uint32_t i = h + 1; i != NONE;) {
                const struct rec *q = rec_at(c, i - 1);
                if (rec_in(c, q, ind, county, from, to)) {
                    sum++;
                    break;
                }
                i = ent ? q->next_e : q->next_p;
            }
        }
        return sum;
    }
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        if (!rec_in(c, r, ind, county, from, to))
            continue;
        const struct money *m = money_of(c, r);
        switch (ind) {
        case GY_IND_LOANS: sum += 1; break;
        case GY_IND_LOAN_AMOUNT: sum += m->loan; break;
        case GY_IND_JOBS: sum += r->jobs; break;
        case GY_IND_OUTPUT: sum += m->output; break;
        default: break;
        }
    }
    return sum;
}
