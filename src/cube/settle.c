/* settle.c — gy_cube_settle: the duplicates among the records pushed since the last settle,
 * and the person and entity chains, on two threads that take partitions of the keys in turn.
 *
 * Invariants:
 * - Input order decides: records meet their partition in input order (the first half's
 *   records before the second's), so the first of two duplicates counts.
 * - Persons before entities: the persons' pass marks the duplicates F_DEAD and the entities'
 *   lists leave them out. Within a pass a record belongs to one partition and so to one
 *   thread, the only one that reads or writes it then.
 * - Chains are prepended. Records come file by file, so a chain holds its newest file's
 *   records first, and the duplicate rule (within one file) stops at another file's record.
 * - Records settled before (i < done) enter their partition as chain heads only, for the new
 *   records to join.
 * - Tags are never 0 (| 1): 0 is a place left empty in a list.
 * - A settle of everything (done == 0, opts.index_after off) builds the index as it goes,
 *   and must agree with index.c's index_build (see index.c).
 * - Afterwards done == n, n_live counts the new records less padding and duplicates, and the
 *   caches (index, memos, maps) are dropped or rebuilt. */
#include "cube_int.h"
#include "guiyan/timing.h"

/* Set flags in a record's `file`: a plain write, as only the thread settling the record's
 * partition touches the record (persons and entities are linked one pass after the other). */
static inline void flag(struct rec *r, uint16_t f)
{
    r->file = (uint16_t)(r->file | f);
}

/* Link record i into its person's chain, or mark it a duplicate of an earlier record of that
 * person (returned, + 1). Writes only `file` and `next_p` of records. */
uint32_t cube_join_person(gy_cube *c, uint32_t i, uint32_t head)
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
    cube_namer *nm;                 /* names matched in this settle, or NULL; side 0 or 1 */
    int side;
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
        if (l & 2) {
            sh->ce[part_of(r->efp, sh->bits)]++;
            if (sh->nm)
                cube_namer_see(sh->nm, sh->side, r, i);
        }
    }
    return NULL;
}

#define NAMES_AHEAD 16

static gpointer place_persons(gpointer data)
{
    half *sh = data;
    size_t pad = 0;
    uint32_t mask = sh->c->opts.tag_mask;
    for (uint32_t i = sh->lo; i < sh->hi; i++) {
        unsigned l = lists_of(sh->c, i, &pad);
        /* the names' filter is read at random: ask for its word a few records ahead */
        if (sh->nm && i + NAMES_AHEAD < sh->hi)
            cube_namer_prefetch(sh->nm, rec_at(sh->c, i + NAMES_AHEAD));
        if (l & 1) {
            const struct rec *r = rec_at(sh->c, i);
            uint64_t key = r->person;
            sh->ip[sh->cp[part_of(key, sh->bits)]++] = (keyed){ tag_of(key, mask), i };
            if ((l & 2) && sh->nm)
                cube_namer_offer(sh->nm, sh->side, r, i);
        }
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
    uint32_t *dups_by_file;         /* GY_MAX_FILES, this thread's: each file's duplicates */
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
                if (cube_join_person(c, i, e->head) != NONE) {
                    st->dups++;
                    if (st->dups_by_file)
                        st->dups_by_file[rec_at(c, i)->file & FILE_MASK]++;
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
         * later, in order (cube_index_sums_run) */
        for (size_t j = 0; st->ix && j < cap; j++)
            if (m[j].n > 1)
                cube_index_chain(c, ent ? &st->ix->eev : &st->ix->pev, m[j].head, ent);
    }
    g_free(m);
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

/* Where each partition's list begins (at, parts + 1 of them), partition by partition, half a's
 * records before b's — input order within each; the counts ca and cb become where each
 * half's next record goes. *most gets the longest list: a partition's map has room for its
 * every record, so it never grows. Returns the records in all lists. */
static uint32_t place_at(uint32_t *at, uint32_t *ca, uint32_t *cb, size_t parts, size_t *most)
{
    uint32_t n = 0;
    *most = 0;
    for (size_t p = 0; p < parts; p++) {
        uint32_t x;
        at[p] = n;
        x = ca[p], ca[p] = n, n += x;
        x = cb[p], cb[p] = n, n += x;
        *most = MAX(*most, (size_t)(n - at[p]));
    }
    at[parts] = n;
    return n;
}

/* A record's entity fingerprint changed between the two passes (cube_entities_match): it
 * moves to another entities' partition, counted in its half. */
static void recount(void *user, uint32_t i, uint64_t was, uint64_t now)
{
    half *const *h = user;
    half *sh = i < h[0]->hi ? h[0] : h[1];
    sh->ce[part_of(was, sh->bits)]--;
    sh->ce[part_of(now, sh->bits)]++;
}

size_t gy_cube_settle(gy_cube *c)
{
    return cube_settle(c, NULL);
}

size_t cube_settle(gy_cube *c, size_t *ambiguous)
{
    cube_settle_how how = { ambiguous, NULL, false };
    return cube_settle_with(c, &how);
}

size_t cube_settle_with(gy_cube *c, const cube_settle_how *how)
{
    size_t *ambiguous = how->ambiguous;
    if (ambiguous)
        *ambiguous = 0;
    if (c->done == c->n)
        return 0;
    cube_index_free(c);
    cube_maps_free(c);                   /* gy_cube_add rebuilds them from the chain heads */
    uint32_t pending = c->n - c->done;
    bool two = pending >= c->opts.settle_split_min;
    /* about 4096 records a partition: their map and records fit in a core's cache */
    unsigned bits = 0;
    while (bits < 14 && ((size_t)pending >> (bits + 12)) > 0)
        bits++;
    size_t parts = (size_t)1 << bits;
    uint32_t *count = g_new0(uint32_t, 4 * parts);
    /* everything pending: names without a credit code matched on the way (the settle's passes
     * feed it, and it matches once the duplicates are known) */
    cube_namer *nm = ambiguous && c->done == 0 ? cube_namer_new() : NULL;
    half a = { c, 0, c->n, bits, count, count + parts, NULL, NULL, 0, nm, 0 };
    half b = { c, c->n, c->n, bits, count + 2 * parts, count + 3 * parts, NULL, NULL, 0, nm, 1 };
    if (two)
        a.hi = b.lo = c->n / 2;
    both(split_count, &a, &b, two);
    if (nm)
        cube_namer_sift(nm);
    /* the persons' lists; the entities' after the persons' pass, which may match names to
     * coded entities */
    uint32_t *at_p = g_new(uint32_t, parts + 1), *at_e = g_new(uint32_t, parts + 1);
    size_t kp, ke;
    uint32_t np = place_at(at_p, a.cp, b.cp, parts, &kp), ne;
    a.ip = b.ip = gy_big_alloc0(((size_t)np + 1) * sizeof(keyed));
    both(place_persons, &a, &b, two);
    gy_timing("settle: split");
    /* everything pending (nothing settled before): the index is built on the way */
    index_job ix[2];
    bool fused = c->done == 0 && !c->opts.index_after && !how->persons_only;
    if (fused)
        cube_index_plan(c, &ix[0], &ix[1], true);
    unsigned next_p = 0, next_e_ = 0;
    uint32_t *by_file = how->dups ? g_new0(uint32_t, 2 * GY_MAX_FILES) : NULL;
    settler p1 = { c, at_p, a.ip, false, (unsigned)parts, &next_p, kp, fused ? &ix[0] : NULL, 0,
                   by_file };
    settler p2 = p1;
    p2.ix = fused ? &ix[1] : NULL;
    p2.dups_by_file = by_file ? by_file + GY_MAX_FILES : NULL;
    both(settle_run, &p1, &p2, two);
    gy_big_free(a.ip, ((size_t)np + 1) * sizeof(keyed));
    for (size_t f = 0; by_file && f < GY_MAX_FILES; f++)
        how->dups[f] += by_file[f] + by_file[GY_MAX_FILES + f];
    g_free(by_file);
    gy_timing("settle: persons");
    if (how->persons_only)
        goto done;
    /* the duplicates known: names without a credit code become their coded entity before the
     * entities are linked */
    if (nm) {
        half *h[2] = { &a, &b };
        cube_namer_match(nm, c, ambiguous, recount, h);
        cube_namer_free(nm);
        gy_timing("settle: entities matched by name");
    }
    ne = place_at(at_e, a.ce, b.ce, parts, &ke);
    /* the persons' list is given back first: its pages serve the entities' */
    a.ie = b.ie = gy_big_alloc0(((size_t)ne + 1) * sizeof(keyed));
    both(place_entities, &a, &b, two);
    settler e1 = { c, at_e, a.ie, true, (unsigned)parts, &next_e_, ke, p1.ix, 0, NULL };
    settler e2 = e1;
    e2.ix = p2.ix;
    both(settle_run, &e1, &e2, two);
    gy_big_free(a.ie, ((size_t)ne + 1) * sizeof(keyed));
    gy_timing("settle: entities");
    if (fused)
        both(cube_index_sums_run, &ix[0], &ix[1], two);
done:
    g_free(at_p);
    g_free(at_e);
    g_free(count);
    size_t dups = p1.dups + p2.dups;
    c->n_live += pending - (uint32_t)(a.pad + b.pad) - (uint32_t)dups;
    c->done = c->n;
    if (fused)
        cube_index_adopt(c, &ix[0], &ix[1]);
    return dups;
}

void cube_relink(gy_cube *c)
{
    cube_index_free(c);
    cube_maps_free(c);
    for (uint32_t i = 0; i < c->n; i++) {
        struct rec *r = rec_at(c, i);
        r->file &= F_KEEP | F_DEAD;
        r->next_p = NONE;
        *next_e(c, i) = NONE;
    }
    c->done = 0;
    c->n_live = 0;
    gy_cube_settle(c);
}
