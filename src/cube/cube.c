/* cube.c — the accepted records, kept compact, and every figure computed from them.
 *
 * Records are chained per person and per entity, so a distinct count of any group asks, per
 * person (entity), which groups their records fall into: exact for months, quarters, years,
 * year-to-date and totals alike, never a sum of smaller groups. Additive measures are integer
 * sums. Memory grows with the records and the distinct persons and entities, not with the
 * input's bytes.
 *
 * Loading is in two steps so that both cores work: readers push records without looking at
 * the others (gy_cube_push), then gy_cube_settle finds duplicates and links chains in input
 * order, partition by partition of the keys on two threads — persons, then entities — and,
 * when it settles everything, builds the distinct-count index on the way. */
#include <string.h>

#include "guiyan/cube.h"
#include "guiyan/fields.h"
#include "guiyan/bigmem.h"
#include "guiyan/timing.h"

#define BLOCK_BITS 17                /* 5.5 MiB blocks, on huge pages */
#define BLOCK_SIZE (1u << BLOCK_BITS)
#define NONE 0u                     /* index links are stored +1 so that 0 means "none" */

/* Flags in a record's `file`: F_P_INNER marks a record that is not the head of its person's
 * chain — a later record was put in front of it — so heads are found in one sequential pass
 * instead of a walk over a map in hash order; F_DEAD marks a duplicate, which stays in its
 * block but counts nowhere. E_INNER is the same as F_P_INNER for entity chains, kept in the
 * entity link: persons and entities are linked by two threads at once, each writing only its
 * own words. */
#define F_P_INNER 0x8000u
#define F_DEAD 0x4000u
#define FILE_MASK 0x3FFFu           /* so at most 16,384 input files */
#define E_INNER 0x80000000u
#define LINK_MASK 0x7FFFFFFFu       /* so at most 2^31 records */

/* 40 bytes: fresh memory is what loading costs most. The amounts and jobs live apart,
 * because many records have none. person 0 marks padding. */
struct rec {
    uint64_t person;
    uint64_t efp;                   /* the entity's fingerprint, 0 when none */
    uint32_t name_fp;               /* 32 bits of the entity name's fingerprint, for the
                                       duplicate rule: compared only between records of one
                                       person with the same start date */
    gy_day start;
    uint32_t line;
    uint32_t money;                 /* index + 1 into money, or NONE */
    uint32_t next_p;                /* next record of the same person, + 1 */
    uint16_t county;
    uint16_t file;                  /* input index (FILE_MASK) and the flags above */
};

G_STATIC_ASSERT(sizeof(struct rec) == 40);

struct money {
    gy_fen loan;
    gy_fen output;
    gy_day loan_day;
    uint32_t jobs;
};

/* A map from a person key (entity fingerprint) to the head record of its chain, + 1, over the
 * whole store, for gy_cube_add. A slot holds the top 32 bits of the key's hash and the head;
 * the key itself is read from the head record, which the caller visits anyway. 8 bytes a
 * slot, at most 80 % full, linear probing; the slot index is a prefix of the stored hash
 * bits, so growing needs no record. */
typedef struct hslot {
    uint32_t tag;
    uint32_t head;                  /* 0 = empty */
} hslot;

typedef struct headmap {
    hslot *s;
    unsigned bits;                  /* capacity 1 << bits */
    size_t n;
} headmap;

/* One chain's (day, county) pairs, side by side (see the index below). */
struct ev {
    gy_day day;
    uint16_t county;
    uint16_t end;                   /* 1 on the last pair of a chain */
};

/* Per county and day: additive measures by start day (jobs, output) and by disbursement day
 * (loans, amount), and the persons and entities whose only record started that day — a chain
 * of one record is distinct by construction, so these add up like the sums. */
struct daycell {
    int64_t jobs, output, loans, amount, persons, entities;
};

typedef struct evlist {
    struct ev *v;
    size_t n, cap;
} evlist;

struct gy_cube {
    const gy_region *region;
    gy_cube_opts opts;              /* as given to gy_cube_new_opt, defaults filled in */
    GPtrArray *blocks;              /* BLOCK_BYTES each: struct rec[BLOCK_SIZE], then the
                                       entity links, uint32_t[BLOCK_SIZE] */
    uint32_t n;                     /* records stored, padding and duplicates included */
    uint32_t done;                  /* records [0, done) are linked (gy_cube_settle) */
    uint32_t n_live;                /* accepted: not padding, not duplicates */
    GPtrArray *money;               /* struct money[BLOCK_SIZE] each */
    uint32_t n_money;
    /* every amount pushed, duplicates too: while these fit, no sum of a table or range can
     * overflow (amounts are never negative) */
    int64_t loan_sum, output_sum;
    bool sums_full;
    /* person key → head record + 1, and entity fingerprint → head record + 1, for
     * gy_cube_add only (settling keeps a small map per partition); empty until it asks */
    headmap persons, entities;
    bool mapped;                    /* the maps hold records [0, done) */
    GMutex index_lock;              /* figures may be asked for from two threads at once */
    GMutex table_lock;              /* one table computed at a time (it takes both cores) */
    GPtrArray *tables;              /* tables computed since the last change, with their keys */
    evlist pev[2], eev[2];          /* the distinct-count index, in two segments */
    /* additive measures and one-record chains per (county, day), when that table is small;
     * NULL: tables read the records and every chain is in pev/eev */
    struct daycell *cells;
    gy_day cell_base;
    size_t cell_days;
    gy_month first, last;
    bool any;
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

/* The 128-bit product of a and b, folded to 64 bits. */
static inline uint64_t mum(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* 64-bit fingerprint of a string, sixteen bytes a multiplication (as wyhash does); seed
 * separates the kinds of key. Entity names are tens of bytes and every row has two. */
static uint64_t fingerprint_len(uint64_t seed, const char *s, size_t len)
{
    const uint64_t k0 = UINT64_C(0xa0761d6478bd642f), k1 = UINT64_C(0xe7037ed1a0b428db);
    const uint64_t k2 = UINT64_C(0x8ebc6af09c88c6e3);
    uint64_t h = mum(seed ^ k0, (uint64_t)len ^ k1);
    size_t n = len;
    for (; n > 16; n -= 16, s += 16) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
        h = mum(a ^ k1 ^ h, b ^ k2);
    }
    uint64_t a = 0, b = 0;
    if (n > 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, n - 8);
    } else {
        memcpy(&a, s, n);
    }
    h = mix64(mum(a ^ k1 ^ h, b ^ k2 ^ n));
    return h ? h : 1;
}

static uint64_t fingerprint(uint64_t seed, const char *s)
{
    return fingerprint_len(seed, s, strlen(s));
}

#define BLOCK_BYTES (BLOCK_SIZE * (sizeof(struct rec) + sizeof(uint32_t)))

static void free_block(gpointer b)
{
    gy_big_free(b, BLOCK_BYTES);
}

static void free_money_block(gpointer b)
{
    gy_big_free(b, BLOCK_SIZE * sizeof(struct money));
}

/* 48 MiB of day cells at most (a city's counties over decades); else tables read the records */
#define CELLS_MAX (1u << 20)

gy_cube *gy_cube_new_opt(const gy_region *region, const gy_cube_opts *opts)
{
    gy_cube *c = g_new0(gy_cube, 1);
    c->region = region;
    if (opts)
        c->opts = *opts;
    if (!c->opts.max_records || c->opts.max_records > GY_MAX_RECORDS)
        c->opts.max_records = GY_MAX_RECORDS;
    if (!c->opts.table_split_min)
        c->opts.table_split_min = 1000000u;   /* below this one thread is quicker than two */
    if (!c->opts.tag_mask)
        c->opts.tag_mask = UINT32_MAX;
    c->blocks = g_ptr_array_new_with_free_func(free_block);
    c->money = g_ptr_array_new_with_free_func(free_money_block);
    g_mutex_init(&c->index_lock);
    g_mutex_init(&c->table_lock);
    c->tables = g_ptr_array_new_with_free_func(g_free);
    return c;
}

gy_cube *gy_cube_new(const gy_region *region)
{
    return gy_cube_new_opt(region, NULL);
}

gy_cube *gy_cube_new_like(const gy_cube *c)
{
    return gy_cube_new_opt(c->region, &c->opts);
}

/* ---- head maps ---- */

static void hm_free(headmap *m)
{
    if (m->s)
        gy_big_free(m->s, sizeof(hslot) << m->bits);
    memset(m, 0, sizeof *m);
}

/* Room for `more` keys beyond those held, without growing on the way. */
static void hm_reserve(headmap *m, size_t more)
{
    size_t want = (m->n + more) * 5 / 4 + 64;
    unsigned bits = m->bits ? m->bits : 6;
    while (((size_t)1 << bits) < want)
        bits++;
    if (m->s && bits == m->bits)
        return;
    hslot *old = m->s;
    size_t old_cap = old ? (size_t)1 << m->bits : 0;
    m->s = gy_big_alloc0(sizeof(hslot) << bits);
    m->bits = bits;
    size_t mask = ((size_t)1 << bits) - 1;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].head)
            continue;
        size_t j = (size_t)(old[i].tag >> (32 - bits));
        while (m->s[j].head)
            j = (j + 1) & mask;
        m->s[j] = old[i];
    }
    if (old)
        gy_big_free(old, sizeof(hslot) * old_cap);
}

static inline uint32_t hm_tag(uint64_t key) { return (uint32_t)(mix64(key) >> 32); }


static inline uint64_t key_of(const gy_cube *c, uint32_t head, bool ent);

/* The head slot of key (0 in head if new: the caller sets it at once). */
static uint32_t *hm_slot(const gy_cube *c, headmap *m, uint64_t key, bool ent)
{
    if ((m->n + 1) * 5 > ((size_t)4 << m->bits))
        hm_reserve(m, m->n + 1);
    uint32_t tag = hm_tag(key);
    size_t mask = ((size_t)1 << m->bits) - 1;
    size_t j = (size_t)(tag >> (32 - m->bits));
    for (; m->s[j].head; j = (j + 1) & mask)
        if (m->s[j].tag == tag && key_of(c, m->s[j].head, ent) == key)
            return &m->s[j].head;
    m->s[j].tag = tag;
    m->n++;
    return &m->s[j].head;
}


static void maps_free(gy_cube *c)
{
    hm_free(&c->persons);
    hm_free(&c->entities);
    c->mapped = false;
}

static void ev_free(evlist *l)
{
    if (l->v)
        gy_big_free(l->v, l->cap * sizeof(struct ev));
    memset(l, 0, sizeof *l);
}

static void index_free(gy_cube *c)
{
    g_ptr_array_set_size(c->tables, 0);
    for (int s = 0; s < 2; s++) {
        ev_free(&c->pev[s]);
        ev_free(&c->eev[s]);
    }
    g_clear_pointer(&c->cells, g_free);
}

void gy_cube_free(gy_cube *c)
{
    if (!c)
        return;
    g_ptr_array_free(c->blocks, TRUE);
    g_ptr_array_free(c->money, TRUE);
    maps_free(c);
    index_free(c);
    g_mutex_clear(&c->index_lock);
    g_mutex_clear(&c->table_lock);
    g_ptr_array_free(c->tables, TRUE);
    g_free(c);
}

static inline struct rec *rec_at(const gy_cube *c, uint32_t i)
{
    struct rec *b = g_ptr_array_index(c->blocks, i >> BLOCK_BITS);
    return &b[i & (BLOCK_SIZE - 1)];
}

/* The next record of the same entity, + 1 (NONE at the end). Kept apart from the record so
 * that linking entities never writes where the other linking thread reads. */
static inline uint32_t *next_e(const gy_cube *c, uint32_t i)
{
    struct rec *b = g_ptr_array_index(c->blocks, i >> BLOCK_BITS);
    return &((uint32_t *)(b + BLOCK_SIZE))[i & (BLOCK_SIZE - 1)];
}

static inline uint64_t key_of(const gy_cube *c, uint32_t head, bool ent)
{
    const struct rec *r = rec_at(c, head - 1);
    return ent ? r->efp : r->person;
}

static inline const struct money *money_of(const gy_cube *c, const struct rec *r)
{
    static const struct money zero = { 0, 0, GY_NO_DAY, 0 };
    if (!r->money)
        return &zero;
    const struct money *b = g_ptr_array_index(c->money, (r->money - 1) >> BLOCK_BITS);
    return &b[(r->money - 1) & (BLOCK_SIZE - 1)];
}

/* A stored record that counts: not padding, not a duplicate. */
static inline bool live(const struct rec *r)
{
    return r->person != 0 && !(r->file & F_DEAD);
}

size_t gy_cube_records(const gy_cube *c) { return c->n_live; }

const gy_region *gy_cube_region(const gy_cube *c) { return c->region; }

static void span(gy_cube *c, gy_day d)
{
    if (d == GY_NO_DAY)
        return;
    if (c->any && d >= c->min_day && d <= c->last_day)
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

uint64_t gy_cube_name_fp(const char *entity)
{
    return entity && *entity ? fingerprint(1, entity) : 0;
}

uint64_t gy_cube_entity_fp_of(uint32_t county, uint64_t name_fp, const char *uscc)
{
    if (!name_fp)
        return 0;
    if (uscc && *uscc)
        return fingerprint(2, uscc);
    /* county and name, from the name's fingerprint: one pass over the name per row, not two */
    uint64_t h = mix64(name_fp ^ (UINT64_C(0x9e3779b97f4a7c15) * (county + 3)));
    return h ? h : 1;
}

uint64_t gy_cube_entity_fp(uint32_t county, const char *entity, const char *uscc)
{
    return gy_cube_entity_fp_of(county, gy_cube_name_fp(entity), uscc);
}

/* Append one record, not yet compared with the others (see gy_cube_settle). */
static void push(gy_cube *c, const struct rec *in, const struct money *m)
{
    if ((c->n & (BLOCK_SIZE - 1)) == 0)
        g_ptr_array_add(c->blocks, gy_big_alloc0(BLOCK_BYTES));
    struct rec *r = rec_at(c, c->n++);
    *r = *in;
    r->file &= FILE_MASK;
    r->next_p = NONE;
    r->money = NONE;
    if (m->loan || m->output || m->loan_day || m->jobs) {
        /* in blocks, like the records: a growing array would be copied whole, twice its size */
        if ((c->n_money & (BLOCK_SIZE - 1)) == 0)
            g_ptr_array_add(c->money, gy_big_alloc0(BLOCK_SIZE * sizeof(struct money)));
        struct money *b = g_ptr_array_index(c->money, c->n_money >> BLOCK_BITS);
        b[c->n_money & (BLOCK_SIZE - 1)] = *m;
        r->money = ++c->n_money;
    }
    span(c, r->start);
    span(c, m->loan_day);
}

uint32_t gy_cube_records_max(const gy_cube *c) { return c->opts.max_records; }

/* Add to the running sums, both or neither; false (and sums_full) when one would pass int64. */
static inline bool sums_add(gy_cube *c, int64_t loan, int64_t output)
{
    int64_t loans, outputs;
    if (__builtin_add_overflow(c->loan_sum, loan, &loans) ||
        __builtin_add_overflow(c->output_sum, output, &outputs)) {
        c->sums_full = true;
        return false;
    }
    c->loan_sum = loans;
    c->output_sum = outputs;
    return true;
}

bool gy_cube_push(gy_cube *c, const gy_record *r)
{
    if (G_UNLIKELY(c->n >= c->opts.max_records) || G_UNLIKELY(!sums_add(c, r->loan, r->output)))
        return false;
    struct rec in = {
        .person = r->person,
        .name_fp = (uint32_t)((r->has_fp ? r->name_fp : gy_cube_name_fp(r->entity)) >> 32),
        .efp = r->has_fp || r->entity_fp ? r->entity_fp
                                         : gy_cube_entity_fp(r->county, r->entity, r->uscc),
        .start = r->start,
        .line = r->line,
        .county = (uint16_t)r->county,
        .file = (uint16_t)(r->file & FILE_MASK),
    };
    struct money m = { r->loan, r->output, r->loan ? r->loan_day : GY_NO_DAY,
                       (uint32_t)(r->jobs > UINT32_MAX ? UINT32_MAX : r->jobs) };
    push(c, &in, &m);             /* the index goes when these are settled, not per row */
    return true;
}

bool gy_cube_sums_full(const gy_cube *c)
{
    return c->sums_full;
}

/* The person key (entity fingerprint) of record i: 0 for padding (no entity). */
static inline uint64_t key_at(const gy_cube *c, uint32_t i, bool ent)
{
    return key_of(c, i + 1, ent);
}

/* The whole-store maps gy_cube_add needs, built from the chain heads (a settle drops them). */
static void maps_ensure(gy_cube *c)
{
    if (c->mapped)
        return;
    for (uint32_t i = 0; i < c->done; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r))
            continue;
        if (!(r->file & F_P_INNER))
            *hm_slot(c, &c->persons, r->person, false) = i + 1;
        if (r->efp && !(*next_e(c, i) & E_INNER))
            *hm_slot(c, &c->entities, r->efp, true) = i + 1;
    }
    c->mapped = true;
}

/* Set flags in a record's `file`, which the entity thread reads (for F_DEAD) meanwhile. */
static inline void flag(struct rec *r, uint16_t f)
{
    __atomic_store_n(&r->file, (uint16_t)(r->file | f), __ATOMIC_RELAXED);
}

/* Link record i into its person's chain, or mark it a duplicate of an earlier record of that
 * person (returned, + 1). Writes only `file` and `next_p` of records. */
static uint32_t join_person(gy_cube *c, uint32_t i, uint32_t head)
{
    struct rec *r = rec_at(c, i);
    const struct money *m = money_of(c, r);
    for (uint32_t j = head; j != NONE;) {
        const struct rec *o = rec_at(c, j - 1);
        /* the duplicate rule holds within one file; across files the newer export decides
         * (gy_cube_supersede), so records of another file are linked, not compared. Records
         * come file by file and chains are prepended, so a chain holds this file's records
         * first: the first of another file ends the walk (a person in twelve snapshots is
         * not walked twelve times over) */
        if ((o->file ^ r->file) & FILE_MASK)
            break;
        /* money only when the rest matches: it lives in another block, another cache miss */
        if (o->start == r->start && o->name_fp == r->name_fp) {
            const struct money *om = money_of(c, o);
            if (om->loan == m->loan && om->loan_day == m->loan_day) {
                flag(r, F_DEAD);
                return j;
            }
        }
        j = o->next_p;
    }
    /* chains are prepended: order inside a chain never matters, because a chain never holds
     * two records equal under the duplicate rule */
    r->next_p = head;
    if (head != NONE)
        flag(rec_at(c, head - 1), F_P_INNER);
    return NONE;
}

/* The same through a whole-store map (gy_cube_add). */
static uint32_t settle_person(gy_cube *c, headmap *map, uint32_t i)
{
    uint32_t *slot = hm_slot(c, map, rec_at(c, i)->person, false);
    uint32_t of = join_person(c, i, *slot);
    if (of == NONE)
        *slot = i + 1;
    return of;
}

static void settle_entity(gy_cube *c, headmap *map, uint32_t i)
{
    uint32_t *slot = hm_slot(c, map, rec_at(c, i)->efp, true);
    uint32_t head = *slot;
    *next_e(c, i) = head;
    if (head != NONE)
        *next_e(c, head - 1) |= E_INNER;
    *slot = i + 1;
}

gy_add_result gy_cube_add(gy_cube *c, const gy_record *r, uint32_t *dup_file, uint32_t *dup_line)
{
    gy_cube_settle(c);
    maps_ensure(c);
    index_free(c);
    if (!gy_cube_push(c, r))
        return GY_ADD_FULL;
    uint32_t i = c->n - 1;
    const struct rec *in = rec_at(c, i);
    uint32_t of = settle_person(c, &c->persons, i);
    c->done = c->n;
    if (of != NONE) {
        const struct rec *o = rec_at(c, of - 1);
        if (dup_file) *dup_file = o->file & FILE_MASK;
        if (dup_line) *dup_line = o->line;
        return GY_ADD_DUPLICATE;
    }
    if (in->efp)
        settle_entity(c, &c->entities, i);
    c->n_live++;
    return GY_ADD_ACCEPTED;
}

/* other after its records went to another store: empty, its blocks freed or handed over. */
static void cube_empty(gy_cube *other)
{
    g_ptr_array_set_size(other->blocks, 0);
    g_ptr_array_set_size(other->money, 0);
    maps_free(other);
    other->n = other->done = other->n_live = other->n_money = 0;
    other->loan_sum = other->output_sum = 0;
    other->any = false;
    other->first = other->last = 0;
    other->min_day = other->last_day = GY_NO_DAY;
}

/* At most this many records are copied by gy_cube_append rather than moved in their blocks:
 * a small file's records padded to a block of their own would cost a block of memory each and
 * a walk over it in every later settle (thousands of monthly files). */
#define APPEND_COPY_MAX (BLOCK_SIZE / 8)

bool gy_cube_append(gy_cube *c, gy_cube *other, uint32_t line_offset)
{
    if (other->n == 0)
        return true;
    bool copy = other->n <= APPEND_COPY_MAX;
    /* whole blocks change hands: c's last block is filled up with padding (person 0), and
     * other's money indexes move past c's money blocks */
    uint32_t n0 = copy ? c->n : (c->n + BLOCK_SIZE - 1) & ~(BLOCK_SIZE - 1);
    if ((uint64_t)n0 + other->n > c->opts.max_records)
        return false;
    if (!sums_add(c, other->loan_sum, other->output_sum))
        return false;
    index_free(c);
    if (copy) {
        for (uint32_t i = 0; i < other->n; i++) {
            struct rec in = *rec_at(other, i);
            in.line += line_offset;
            push(c, &in, money_of(other, &in));
        }
        cube_empty(other);
        return true;
    }
    index_free(other);
    uint32_t m0 = (c->n_money + BLOCK_SIZE - 1) & ~(BLOCK_SIZE - 1);
    for (uint32_t i = 0; i < other->n; i++) {
        struct rec *r = rec_at(other, i);
        if (!r->person)
            continue;
        r->line += line_offset;
        if (r->money)
            r->money += m0;
        r->file &= FILE_MASK;             /* linked again by gy_cube_settle */
        r->next_p = NONE;
    }
    for (guint b = 0; b < other->blocks->len; b++)
        g_ptr_array_add(c->blocks, g_ptr_array_index(other->blocks, b));
    for (guint b = 0; b < other->money->len; b++)
        g_ptr_array_add(c->money, g_ptr_array_index(other->money, b));
    c->n = n0 + other->n;
    c->n_money = m0 + other->n_money;
    if (other->any) {
        span(c, other->min_day);
        span(c, other->last_day);
    }
    /* other keeps nothing: its arrays are emptied without freeing what c now owns */
    g_ptr_array_set_free_func(other->blocks, NULL);
    g_ptr_array_set_free_func(other->money, NULL);
    g_ptr_array_set_size(other->blocks, 0);
    g_ptr_array_set_size(other->money, 0);
    g_ptr_array_set_free_func(other->blocks, free_block);
    g_ptr_array_set_free_func(other->money, free_money_block);
    cube_empty(other);
    return true;
}

/* ---- figures ---- */

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

/* One share of the index: the chains whose heads lie in [lo, hi). A chain reaches back before
 * lo, so each list has room for every record (address space only: pages are taken as
 * written), and never moves. */
typedef struct index_job {
    const gy_cube *c;
    uint32_t lo, hi;
    evlist pev, eev;
    struct daycell *cells;          /* this share's, or NULL */
} index_job;

static void index_chain(const gy_cube *c, evlist *out, uint32_t head, bool by_entity)
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

static inline struct daycell *cell_at(const gy_cube *c, struct daycell *cells, size_t county,
                                      gy_day d)
{
    return &cells[county * c->cell_days + (size_t)(d - c->cell_base)];
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
        index_chain(c, &j->pev, i + 1, false);
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
        index_chain(c, &j->eev, i + 1, true);
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

static void index_ensure(const gy_cube *cc)
{
    gy_cube *c = (gy_cube *)cc;
    g_mutex_lock(&c->index_lock);
    if (!c->pev[0].v)
        index_build(c);
    g_mutex_unlock(&c->index_lock);
}

/* Two index shares with their lists and, when the table is small enough, day cells. */
static void index_plan(gy_cube *c, index_job *a, index_job *b, bool two)
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
static void index_adopt(gy_cube *c, index_job *a, index_job *b)
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
    maps_free(c);
    index_job a, b;
    bool two = c->n >= c->opts.table_split_min && c->n >= 2;
    index_plan(c, &a, &b, two);
    if (two) {
        GThread *th = g_thread_new("guiyan-index", index_run, &b);
        index_run(&a);
        g_thread_join(th);
    } else {
        index_run(&a);
    }
    index_adopt(c, &a, &b);
}

/* ---- settling ----
 *
 * Pending records are split into partitions by a hash of their key, so that all records of
 * a person (an entity) fall into one partition, in input order. Each partition is then
 * settled with a small map that stays in the core's cache, the two threads taking partitions
 * in turn; a big map would miss the cache, and its fresh memory would cost more than the
 * split. Persons go first: their pass finds the duplicates, which the entities skip. Records
 * settled before enter their partition only as chain heads, for later records to join.
 *
 * The lists carry 32 bits of each key's hash beside the record, so a record that starts a
 * person (an entity) is never read at random, only one that joins it; most entities and many
 * persons have one record, and those go into the index in an ordered pass. */

/* A record in its partition's list, with 32 bits of its key's hash (never 0: tag 0 is a
 * place left empty, as the entities' count included records that turned out to be
 * duplicates). A tag met before is checked against the keys, in the records. */
typedef struct keyed {
    uint32_t tag;
    uint32_t i;
} keyed;

static inline uint32_t tag_of(uint64_t key, uint32_t mask)
{
    return ((uint32_t)(mix64(key) >> 32) & mask) | 1u;
}

typedef struct half {               /* one thread's half of the records, for the split */
    gy_cube *c;
    uint32_t lo, hi;
    unsigned bits;                  /* 1 << bits partitions */
    uint32_t *cp, *ce;              /* per partition: counts, then where the next one goes */
    keyed *ip, *ie;                 /* the persons', entities' lists, shared */
    size_t pad;
} half;

static inline unsigned part_of(uint64_t key, unsigned bits)
{
    /* low hash bits: the maps index slots by the high ones */
    return (unsigned)(mix64(key) & ((1u << bits) - 1));
}

/* Which lists record i goes into: bit 0 persons, bit 1 entities (counted before the
 * duplicates are known, placed after). */
static inline unsigned lists_of(const gy_cube *c, uint32_t i, size_t *pad)
{
    const struct rec *r = rec_at(c, i);
    if (i >= c->done) {
        /* a record superseded before a relink (gy_cube_supersede) counts as padding */
        if (!r->person || (r->file & F_DEAD)) {
            (*pad)++;
            return 0u;
        }
        return 1u | (r->efp ? 2u : 0u);
    }
    if (!live(r))
        return 0;
    return (r->file & F_P_INNER ? 0u : 1u) | (r->efp && !(*next_e(c, i) & E_INNER) ? 2u : 0u);
}

static gpointer split_count(gpointer data)
{
    half *sh = data;
    for (uint32_t i = sh->lo; i < sh->hi; i++) {
        unsigned l = lists_of(sh->c, i, &sh->pad);
        const struct rec *r = rec_at(sh->c, i);
        if (l & 1)
            sh->cp[part_of(r->person, sh->bits)]++;
        if (l & 2)
            sh->ce[part_of(r->efp, sh->bits)]++;
    }
    return NULL;
}

static gpointer place_persons(gpointer data)
{
    half *sh = data;
    size_t pad = 0;
    uint32_t mask = sh->c->opts.tag_mask;
    for (uint32_t i = sh->lo; i < sh->hi; i++)
        if (lists_of(sh->c, i, &pad) & 1) {
            uint64_t key = rec_at(sh->c, i)->person;
            sh->ip[sh->cp[part_of(key, sh->bits)]++] = (keyed){ tag_of(key, mask), i };
        }
    return NULL;
}

/* After the persons: duplicates are known, and left out. */
static gpointer place_entities(gpointer data)
{
    half *sh = data;
    size_t pad = 0;
    uint32_t mask = sh->c->opts.tag_mask;
    for (uint32_t i = sh->lo; i < sh->hi; i++) {
        const struct rec *r = rec_at(sh->c, i);
        if ((lists_of(sh->c, i, &pad) & 2) && !(r->file & F_DEAD))
            sh->ie[sh->ce[part_of(r->efp, sh->bits)]++] = (keyed){ tag_of(r->efp, mask), i };
    }
    return NULL;
}

typedef struct settler {
    gy_cube *c;
    const uint32_t *at;             /* partition p is list[at[p], at[p + 1]) */
    const keyed *list;
    bool ent;
    unsigned parts;
    unsigned *next;                 /* the next partition to take, shared */
    size_t per_part;                /* most records in a partition */
    index_job *ix;                  /* when settling everything: the index, built here */
    size_t dups;
} settler;

/* A slot of a partition's map: its key's tag, its chain's head + 1 and length (2 for a chain
 * settled before: at least one). */
typedef struct kslot {
    uint32_t tag, head, n;
} kslot;

#define AHEAD 32

/* The slot of record i's key (empty if new), found by the tag in v; a slot with the same tag
 * is checked against the keys. */
static inline kslot *kslot_of(const gy_cube *c, kslot *m, unsigned bits, keyed v, bool ent)
{
    size_t mask = ((size_t)1 << bits) - 1, j = v.tag >> (32 - bits);
    uint64_t key = 0;
    for (; m[j].tag; j = (j + 1) & mask) {
        if (m[j].tag != v.tag)
            continue;
        if (!key)
            key = key_at(c, v.i, ent);
        if (key_at(c, m[j].head - 1, ent) == key)
            break;
    }
    return &m[j];
}

/* The head + 1 of the first chain with v's tag, NONE if none: a guess, for prefetching. */
static inline uint32_t kslot_guess(const kslot *m, unsigned bits, keyed v)
{
    size_t mask = ((size_t)1 << bits) - 1, j = v.tag >> (32 - bits);
    for (; m[j].tag; j = (j + 1) & mask)
        if (m[j].tag == v.tag)
            return m[j].head;
    return NONE;
}

/* Settle the persons', or the entities', partitions one by one. */
static gpointer settle_run(gpointer data)
{
    settler *st = data;
    gy_cube *c = st->c;
    bool ent = st->ent;
    unsigned bits = 6;
    while (((size_t)1 << bits) < st->per_part * 5 / 4 + 64)
        bits++;
    size_t cap = (size_t)1 << bits;
    kslot *m = g_new(kslot, cap);
    for (unsigned p; (p = __atomic_fetch_add(st->next, 1, __ATOMIC_RELAXED)) < st->parts;) {
        memset(m, 0, cap * sizeof *m);
        const keyed *v = st->list + st->at[p];
        uint32_t n = st->at[p + 1] - st->at[p];
        for (uint32_t k = 0; k < n; k++) {
            /* a person met before is read, with their chain's head: ask for both a few
             * places ahead (the map is in the cache, the records are not) */
            uint32_t guess;
            if (!ent && k + AHEAD < n && (guess = kslot_guess(m, bits, v[k + AHEAD]))) {
                __builtin_prefetch(rec_at(c, v[k + AHEAD].i), 1);
                __builtin_prefetch(rec_at(c, guess - 1), 1);
            }
            if (!v[k].tag)
                continue;
            uint32_t i = v[k].i;
            kslot *e = kslot_of(c, m, bits, v[k], ent);
            if (!e->tag) {
                *e = (kslot){ v[k].tag, i + 1, i < c->done ? 2 : 1 };
                continue;
            }
            if (!ent) {
                if (join_person(c, i, e->head) != NONE) {
                    st->dups++;
                    continue;
                }
            } else {
                /* chains are prepended, as the persons' */
                *next_e(c, i) = e->head;
                *next_e(c, e->head - 1) |= E_INNER;
            }
            e->head = i + 1;
            e->n++;
        }
        /* the longer chains into the index while in the cache; the chains of one record
         * later, in order (sums_run) */
        for (size_t j = 0; st->ix && j < cap; j++)
            if (m[j].n > 1)
                index_chain(c, ent ? &st->ix->eev : &st->ix->pev, m[j].head, ent);
    }
    g_free(m);
    return NULL;
}

/* The additive measures of an index share's records, and its one-record persons and
 * entities, read in order (money too). */
static gpointer sums_run(gpointer data)
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

/* Run f on a and b, on two threads when `two`. */
static void both(GThreadFunc f, void *a, void *b, bool two)
{
    if (!two) {
        f(a);
        f(b);
        return;
    }
    GThread *th = g_thread_new("guiyan-settle", f, b);
    f(a);
    g_thread_join(th);
}

/* Below this many records one thread settles them. */
#define SETTLE_SPLIT_MIN 200000u

size_t gy_cube_settle(gy_cube *c)
{
    if (c->done == c->n)
        return 0;
    index_free(c);
    maps_free(c);                   /* gy_cube_add rebuilds them from the chain heads */
    uint32_t pending = c->n - c->done;
    bool two = pending >= SETTLE_SPLIT_MIN;
    /* about 4096 records a partition: their map and records fit in a core's cache */
    unsigned bits = 0;
    while (bits < 14 && ((size_t)pending >> (bits + 12)) > 0)
        bits++;
    size_t parts = (size_t)1 << bits;
    uint32_t *count = g_new0(uint32_t, 4 * parts);
    half a = { c, 0, c->n, bits, count, count + parts, NULL, NULL, 0 };
    half b = { c, c->n, c->n, bits, count + 2 * parts, count + 3 * parts, NULL, NULL, 0 };
    if (two)
        a.hi = b.lo = c->n / 2;
    both(split_count, &a, &b, two);
    /* partition by partition, a's records before b's: input order within each */
    uint32_t *at_p = g_new(uint32_t, parts + 1), *at_e = g_new(uint32_t, parts + 1);
    uint32_t np = 0, ne = 0;
    for (size_t p = 0; p < parts; p++) {
        uint32_t x;
        at_p[p] = np;
        x = a.cp[p], a.cp[p] = np, np += x;
        x = b.cp[p], b.cp[p] = np, np += x;
        at_e[p] = ne;
        x = a.ce[p], a.ce[p] = ne, ne += x;
        x = b.ce[p], b.ce[p] = ne, ne += x;
    }
    at_p[parts] = np;
    at_e[parts] = ne;
    /* a partition's map has room for its every record, so it never grows */
    size_t kp = 0, ke = 0;
    for (size_t p = 0; p < parts; p++) {
        kp = MAX(kp, (size_t)(at_p[p + 1] - at_p[p]));
        ke = MAX(ke, (size_t)(at_e[p + 1] - at_e[p]));
    }
    a.ip = b.ip = gy_big_alloc0(((size_t)np + 1) * sizeof(keyed));
    both(place_persons, &a, &b, two);
    gy_timing("settle: split");
    /* everything pending (nothing settled before): the index is built on the way */
    index_job ix[2];
    bool fused = c->done == 0 && !c->opts.index_after;
    if (fused)
        index_plan(c, &ix[0], &ix[1], true);
    unsigned next_p = 0, next_e_ = 0;
    settler p1 = { c, at_p, a.ip, false, (unsigned)parts, &next_p, kp, fused ? &ix[0] : NULL, 0 };
    settler p2 = p1;
    p2.ix = fused ? &ix[1] : NULL;
    both(settle_run, &p1, &p2, two);
    gy_big_free(a.ip, ((size_t)np + 1) * sizeof(keyed));
    gy_timing("settle: persons");
    /* the persons' list is given back first: its pages serve the entities' */
    a.ie = b.ie = gy_big_alloc0(((size_t)ne + 1) * sizeof(keyed));
    both(place_entities, &a, &b, two);
    settler e1 = { c, at_e, a.ie, true, (unsigned)parts, &next_e_, ke, p1.ix, 0 };
    settler e2 = e1;
    e2.ix = p2.ix;
    both(settle_run, &e1, &e2, two);
    gy_big_free(a.ie, ((size_t)ne + 1) * sizeof(keyed));
    gy_timing("settle: entities");
    if (fused)
        both(sums_run, &ix[0], &ix[1], two);
    g_free(at_p);
    g_free(at_e);
    g_free(count);
    size_t dups = p1.dups + p2.dups;
    c->n_live += pending - (uint32_t)(a.pad + b.pad) - (uint32_t)dups;
    c->done = c->n;
    if (fused)
        index_adopt(c, &ix[0], &ix[1]);
    return dups;
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
        size_t col, n = in_bounds(bd, r->start) ? cols_of(grain, first, last, month_of(k, r->start), &col) : 0;
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
    index_ensure(c);
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
    g_return_if_fail(c->done == c->n);                   /* gy_cube_settle first */
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r) || !rec_in(c, r, ind, county, from, to))
            continue;
        if (ind == GY_IND_ENTITIES && !r->efp)
            continue;
        const struct money *m = money_of(c, r);
        gy_record out = {
            .person = r->person, .start = r->start, .loan_day = m->loan_day, .loan = m->loan,
            .output = m->output, .jobs = m->jobs, .county = r->county, .file = r->file & FILE_MASK,
            .line = r->line, .entity = "", .uscc = "",
        };
        fn(&out, user);
    }
}

int64_t gy_cube_value(const gy_cube *c, gy_ind ind, size_t county, gy_day from, gy_day to)
{
    g_return_val_if_fail(c->done == c->n, 0);            /* gy_cube_settle first */
    int64_t sum = 0;
    if (gy_ind_is_distinct(ind)) {
        index_ensure(c);
        /* the one-record chains, from the day cells */
        for (size_t r = 0; c->cells && r < gy_region_count(c->region); r++) {
            if (county != GY_ALL && r != county)
                continue;
            for (size_t i = 0; i < c->cell_days; i++) {
                gy_day d = c->cell_base + (gy_day)i;
                if (d >= from && d <= to) {
                    const struct daycell *x = cell_at(c, c->cells, r, d);
                    sum += ind == GY_IND_ENTITIES ? x->entities : x->persons;
                }
            }
        }
        for (int s = 0; s < 2; s++) {
            const evlist *ev = ind == GY_IND_ENTITIES ? &c->eev[s] : &c->pev[s];
            const struct ev *v = ev->v;
            bool hit = false;
            for (size_t i = 0; i < ev->n; i++) {
                if (!hit && (county == GY_ALL || v[i].county == county) && v[i].day >= from &&
                    v[i].day <= to)
                    hit = true;
                if (v[i].end) {
                    sum += hit;
                    hit = false;
                }
            }
        }
        return sum;
    }
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r) || !rec_in(c, r, ind, county, from, to))
            continue;
        const struct money *m = money_of(c, r);
        switch (ind) {
        case GY_IND_LOANS: sum += 1; break;
        case GY_IND_LOAN_AMOUNT: sum += m->loan; break;
        case GY_IND_JOBS: sum += m->jobs; break;
        case GY_IND_OUTPUT: sum += m->output; break;
        default: break;
        }
    }
    return sum;
}

/* ---- supersession across exports ----
 *
 * Exports are snapshots (or increments) of one ledger. A startup is one person on one start
 * date; the newest file holding it decides it, and its rows in older files are duplicates or
 * superseded. Settling links records of different files without comparing them (the duplicate
 * rule holds within a file), so each person's chain holds every file's version; one pass over
 * the chains marks the older ones dead, and a relink leaves them out of chains and index. */

/* Whether two records are rows of one startup: the same person (their chain) on the same
 * start date. The hook for month-precision start dates: once a parsed date carries that
 * precision, a date of month precision matches any day of its month here (and the grouping
 * below, which sorts by start, must then gather a month's days with its month date). */
static inline bool same_startup(const struct rec *a, const struct rec *b)
{
    return a->start == b->start;
}

/* Every field guiyan reads, normalised: county, entity name and credit code (through their
 * fingerprints), jobs, output value, loan amount and loan date. */
static bool same_values(const gy_cube *c, const struct rec *a, const struct rec *b)
{
    if (a->county != b->county || a->efp != b->efp || a->name_fp != b->name_fp)
        return false;
    const struct money *x = money_of(c, a), *y = money_of(c, b);
    return x->loan == y->loan && x->loan_day == y->loan_day && x->jobs == y->jobs &&
           x->output == y->output;
}

static bool same_loan(const gy_cube *c, const struct rec *a, const struct rec *b)
{
    const struct money *x = money_of(c, a), *y = money_of(c, b);
    return x->loan == y->loan && x->loan_day == y->loan_day;
}

static gy_record record_out(const gy_cube *c, const struct rec *r)
{
    const struct money *m = money_of(c, r);
    return (gy_record){
        .person = r->person, .start = r->start, .loan_day = m->loan_day, .loan = m->loan,
        .output = m->output, .jobs = m->jobs, .county = r->county, .file = r->file & FILE_MASK,
        .line = r->line, .entity = "", .uscc = "", .entity_fp = r->efp,
        .name_fp = (uint64_t)r->name_fp << 32, .has_fp = true,
    };
}

typedef struct chain_ctx {
    const gy_cube *c;
    const uint32_t *rank;
} chain_ctx;

/* Start date, then newest file first, then line: a startup's rows together, its standing
 * rows (the newest file's) first in file order. */
static int cmp_member(const void *x, const void *y, void *user)
{
    const chain_ctx *k = user;
    const struct rec *a = rec_at(k->c, *(const uint32_t *)x);
    const struct rec *b = rec_at(k->c, *(const uint32_t *)y);
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    uint32_t ra = k->rank[a->file & FILE_MASK], rb = k->rank[b->file & FILE_MASK];
    if (ra != rb)
        return ra > rb ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static void update(gy_update_fn fn, void *user, gy_update_kind kind, const gy_cube *c,
                   const struct rec *row, const struct rec *other)
{
    gy_record a = record_out(c, row), b = record_out(c, other);
    fn(kind, &a, &b, user);
}

/* One person's chain (members, sorted): mark the older files' rows of each startup dead. */
static size_t supersede_person(gy_cube *c, const chain_ctx *k, const uint32_t *v, size_t n,
                               gy_update_fn fn, void *user)
{
    size_t dead = 0;
    uint32_t top = 0;                      /* the newest file holding the person */
    for (size_t x = 0; x < n; x++)
        top = MAX(top, k->rank[rec_at(c, v[x])->file & FILE_MASK]);
    const struct rec *newest = NULL;       /* the person's first row in that file */
    for (size_t x = 0; x < n && !newest; x++)
        if (k->rank[rec_at(c, v[x])->file & FILE_MASK] == top)
            newest = rec_at(c, v[x]);
    for (size_t g = 0; g < n;) {
        const struct rec *head = rec_at(c, v[g]);
        uint32_t rk = k->rank[head->file & FILE_MASK];
        size_t s = g, e = g;               /* standing rows [g, s), the group [g, e) */
        while (s < n && same_startup(rec_at(c, v[s]), head) &&
               k->rank[rec_at(c, v[s])->file & FILE_MASK] == rk)
            s++;
        e = s;
        while (e < n && same_startup(rec_at(c, v[e]), head))
            e++;
        for (size_t x = s; x < e; x++) {
            struct rec *o = rec_at(c, v[x]);
            const struct rec *cmp = NULL, *eq = NULL;
            for (size_t y = g; y < s; y++) {
                const struct rec *st = rec_at(c, v[y]);
                if (!eq && same_values(c, o, st))
                    eq = st;
                if (!cmp && same_loan(c, o, st))
                    cmp = st;
            }
            bool carried = cmp || !money_of(c, o)->loan;
            if (!cmp)
                cmp = head;
            if (fn)
                update(fn, user, eq ? GY_UPD_DUPLICATE : GY_UPD_SUPERSEDED, c, o, eq ? eq : cmp);
            if (fn && !carried)
                update(fn, user, GY_UPD_LOAN_DROPPED, c, o, cmp);
            o->file |= F_DEAD;
            dead++;
        }
        if (rk < top && fn)
            for (size_t y = g; y < s; y++)
                update(fn, user, GY_UPD_OTHER_START, c, rec_at(c, v[y]), newest);
        g = e;
    }
    return dead;
}

/* Every record unlinked and settled again, the dead ones left out (as padding). */
static void relink(gy_cube *c)
{
    index_free(c);
    maps_free(c);
    for (uint32_t i = 0; i < c->n; i++) {
        struct rec *r = rec_at(c, i);
        r->file &= FILE_MASK | F_DEAD;
        r->next_p = NONE;
        *next_e(c, i) = NONE;
    }
    c->done = 0;
    c->n_live = 0;
    gy_cube_settle(c);
}

/* ---- entities named without a credit code ----
 *
 * An entity without a valid credit code is known by county + name; when a coded entity of the
 * same county bears that name, and only one does, the name is that entity. A coded record
 * keeps 32 bits of its name's fingerprint; an uncoded one's entity fingerprint is the name's
 * 64-bit fingerprint mixed with the county (gy_cube_entity_fp_of), and mix64 can be undone, so
 * which records are uncoded, and their names, come back from the records themselves. */

/* The inverse of an odd number modulo 2^64 (Newton's iteration). */
static uint64_t inverse64(uint64_t a)
{
    uint64_t x = a;
    for (int i = 0; i < 6; i++)
        x *= 2 - a * x;
    return x;
}

static uint64_t unmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= inverse64(UINT64_C(0xc4ceb9fe1a85ec53));
    h ^= h >> 33;
    h *= inverse64(UINT64_C(0xff51afd7ed558ccd));
    h ^= h >> 33;
    return h;
}

/* Whether record r is known by county + name (no credit code). */
static inline bool uncoded(const struct rec *r)
{
    uint64_t name = unmix64(r->efp) ^ (UINT64_C(0x9e3779b97f4a7c15) * (r->county + 3));
    return r->efp && (uint32_t)(name >> 32) == r->name_fp;
}

#define NAME_AMBIGUOUS UINT64_MAX

typedef struct namemap {
    uint64_t *key, *val;              /* key (county, name) + 1; val: the coded entity, 0 none */
    size_t mask;
} namemap;

static inline uint64_t name_key(const struct rec *r)
{
    return ((uint64_t)r->county << 32 | r->name_fp) + 1;
}

static uint64_t *namemap_slot(namemap *m, uint64_t key, bool add)
{
    size_t j = (size_t)mix64(key) & m->mask;
    for (; m->key[j]; j = (j + 1) & m->mask)
        if (m->key[j] == key)
            return &m->val[j];
    if (!add)
        return NULL;
    m->key[j] = key;
    return &m->val[j];
}

/* Give uncoded names that match exactly one coded entity of their county that entity; count
 * the names that match several in *ambiguous. Returns how many records changed. */
static size_t match_entities(gy_cube *c, size_t *ambiguous)
{
    size_t n = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        n += live(r) && uncoded(r);
    }
    *ambiguous = 0;
    if (!n)
        return 0;
    namemap m;
    size_t cap = 64;
    while (cap < n * 2)
        cap <<= 1;
    m.key = g_new0(uint64_t, cap);
    m.val = g_new0(uint64_t, cap);
    m.mask = cap - 1;
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        if (live(r) && uncoded(r))
            namemap_slot(&m, name_key(r), true);
    }
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        uint64_t *v;
        if (!live(r) || !r->efp || uncoded(r) || !(v = namemap_slot(&m, name_key(r), false)))
            continue;
        if (*v == 0)
            *v = r->efp;
        else if (*v != r->efp && *v != NAME_AMBIGUOUS) {
            *v = NAME_AMBIGUOUS;
            (*ambiguous)++;
        }
    }
    size_t changed = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        struct rec *r = rec_at(c, i);
        uint64_t *v;
        if (live(r) && uncoded(r) && (v = namemap_slot(&m, name_key(r), false)) && *v &&
            *v != NAME_AMBIGUOUS) {
            r->efp = *v;
            changed++;
        }
    }
    g_free(m.key);
    g_free(m.val);
    return changed;
}

size_t gy_cube_supersede(gy_cube *c, const uint32_t *rank, gy_update_fn fn, void *user,
                         size_t *ambiguous)
{
    gy_cube_settle(c);
    chain_ctx k = { c, rank };
    GArray *v = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    size_t dead = 0;
    for (uint32_t i = 0; i < c->done; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r) || (r->file & F_P_INNER) || r->next_p == NONE)
            continue;                      /* not a head, or a chain of one record */
        g_array_set_size(v, 0);
        bool several = false;
        for (uint32_t j = i + 1; j != NONE;) {
            const struct rec *o = rec_at(c, j - 1);
            several = several || ((o->file ^ r->file) & FILE_MASK);
            uint32_t at = j - 1;
            g_array_append_val(v, at);
            j = o->next_p;
        }
        if (!several)
            continue;                      /* one file's rows: nothing to decide */
        g_array_sort_with_data(v, cmp_member, &k);
        dead += supersede_person(c, &k, (const uint32_t *)v->data, v->len, fn, user);
    }
    g_array_free(v, TRUE);
    size_t amb = 0, named = match_entities(c, &amb);
    if (ambiguous)
        *ambiguous = amb;
    if (dead || named) {
        relink(c);
        gy_timing("superseded rows left out, entities matched by name");
    }
    return dead;
}
