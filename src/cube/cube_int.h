/* cube_int.h — the store's layout, shared by the files of src/cube/ and by nothing else.
 *
 * The cube keeps the accepted records compact and computes every figure from them. Records
 * are chained per person and per entity, so a distinct count of any group asks, per person
 * (entity), which groups their records fall into: exact for months, quarters, years,
 * year-to-date and totals alike, never a sum of smaller groups. Additive measures are integer
 * sums. Memory grows with the records and the distinct persons and entities, not with the
 * input's bytes. The files: store.c (the blocks, push, append), settle.c (duplicates and
 * chains, two threads), maps.c (gy_cube_add), index.c (the distinct-count index), fold.c
 * (tables), query.c (one figure, provenance), supersede.c (several exports), entities.c
 * (names without a credit code matched to a coded entity), fingerprint.c, table.c (indicators
 * and the table type).
 *
 * What every file here keeps true:
 * - A record is 40 bytes in a block of BLOCK_SIZE records (struct rec), followed in the same
 *   block by the records' entity links (next_e); amounts, loan day and jobs live apart
 *   (struct money), because most records have none, and a record points to its money + 1.
 * - Links are stored + 1: NONE (0) means "no record". next_p, next_e, money, the maps' and
 *   index's heads all follow it.
 * - A record's `file` holds its input's index (FILE_MASK, GY_MAX_FILES of them) and three
 *   flags packed above it: F_P_INNER (not the head of its person's chain), F_DEAD (a duplicate,
 *   or a row superseded by a newer export: it stays in its block and counts nowhere) and
 *   F_MONTH (the export gave the start date's month only: part of the record, kept through
 *   every unlink, F_KEEP). The entity chain's own flag, E_INNER, is the top bit of the entity
 *   link.
 * - person 0 marks padding: the unused end of a block left by gy_cube_append, never live.
 * - Records [0, done) are settled (linked, duplicates marked); [done, n) are pushed and wait
 *   for gy_cube_settle. The figures read a store with done == n only.
 * - The distinct-count index (pev, eev, cells), the table memos and gy_cube_add's maps are
 *   caches: any write drops them (cube_index_free, cube_maps_free) and they are rebuilt from
 *   the records; the const readers fill the index and memos under index_lock and table_lock. */
#ifndef GUIYAN_CUBE_INT_H
#define GUIYAN_CUBE_INT_H

#include <string.h>

#include "guiyan/cube.h"
#include "guiyan/bigmem.h"

#define BLOCK_BITS 17                /* 5.5 MiB blocks, on huge pages */
#define BLOCK_SIZE (1u << BLOCK_BITS)
#define NONE 0u                     /* index links are stored +1 so that 0 means "none" */

/* Flags in a record's `file`: F_P_INNER marks a record that is not the head of its person's
 * chain — a later record was put in front of it — so heads are found in one sequential pass
 * instead of a walk over a map in hash order; F_DEAD marks a duplicate, which stays in its
 * block but counts nowhere; F_MONTH marks a start date the export gave to the month only
 * (2021年6月: `start` is then a day of that month, see gy_record), which supersession matches
 * with any day of its month (supersede.c). F_P_INNER and F_DEAD are the links' state, cleared
 * when records are linked again; F_KEEP is what a record keeps then. E_INNER is the same as
 * F_P_INNER for entity chains, kept in the top bit of the entity link, as `file` has no bit
 * left. */
#define F_P_INNER 0x8000u
#define F_DEAD 0x4000u
#define F_MONTH 0x2000u
#define FILE_MASK (GY_MAX_FILES - 1u)
#define F_KEEP (FILE_MASK | F_MONTH)
#define E_INNER 0x80000000u
#define LINK_MASK 0x7FFFFFFFu       /* so at most 2^31 records */

/* the input index fits below the flags, and every index up to GY_MAX_FILES - 1 is kept */
G_STATIC_ASSERT((GY_MAX_FILES & (GY_MAX_FILES - 1u)) == 0);
G_STATIC_ASSERT((FILE_MASK & (F_P_INNER | F_DEAD | F_MONTH)) == 0 && FILE_MASK <= UINT16_MAX);
G_STATIC_ASSERT(GY_MAX_RECORDS <= LINK_MASK);

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

#define BLOCK_BYTES (BLOCK_SIZE * (sizeof(struct rec) + sizeof(uint32_t)))

/* MurmurHash3's finaliser: a bijection of 64 bits (entities.c undoes it). */
static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

static inline struct rec *rec_at(const gy_cube *c, uint32_t i)
{
    struct rec *b = g_ptr_array_index(c->blocks, i >> BLOCK_BITS);
    return &b[i & (BLOCK_SIZE - 1)];
}

/* The next record of the same entity, + 1 (NONE at the end), with E_INNER. Kept at the end of
 * the record's block, not in the record: the record stays 40 bytes, and the entities' pass of
 * a settle writes these words only. */
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

/* The person key (entity fingerprint) of record i: 0 for padding (no entity). */
static inline uint64_t key_at(const gy_cube *c, uint32_t i, bool ent)
{
    return key_of(c, i + 1, ent);
}

/* The day cell of a county on day d, in `cells` (the index's, or a share's while it builds). */
static inline struct daycell *cell_at(const gy_cube *c, struct daycell *cells, size_t county,
                                      gy_day d)
{
    return &cells[county * c->cell_days + (size_t)(d - c->cell_base)];
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

/* ---- between the files (the cube_ prefix: private to src/cube/) ---- */

/* maps.c: gy_cube_add's whole-store maps dropped (they come back from the chain heads). */
void cube_maps_free(gy_cube *c);

/* settle.c: gy_cube_settle, and when ambiguous is non-NULL and nothing was settled before,
 * names without a credit code matched between the persons' and the entities' passes
 * (cube_entities_match; *ambiguous as there, 0 when it did not run); and every record
 * unlinked and settled again, the dead ones left out as padding (no matching). */
size_t cube_settle(gy_cube *c, size_t *ambiguous);
void cube_relink(gy_cube *c);

/* settle.c: cube_settle with more asked of it. dups (GY_MAX_FILES, may be NULL): each file's
 * duplicates added. persons_only: the entities are not linked (nor the index built, nor names
 * matched): for a caller that relinks the store next (gy_cube_supersede_files), which alone
 * may see a store so. */
typedef struct cube_settle_how {
    size_t *ambiguous;
    uint32_t *dups;
    bool persons_only;
} cube_settle_how;
size_t cube_settle_with(gy_cube *c, const cube_settle_how *how);

/* entities.c: among the live records, each name without a credit code (county + name) that
 * exactly one coded entity bears becomes that entity; *ambiguous gets how many names several
 * bear. moved (may be NULL) is told of record i's fingerprint before it changes. Returns how
 * many records changed. Reads and writes records [0, n) whether settled or not; links are
 * left as they are (the caller links them). */
typedef void (*cube_moved_fn)(void *user, uint32_t i, uint64_t was, uint64_t now);
size_t cube_entities_match(gy_cube *c, size_t *ambiguous, cube_moved_fn moved, void *user);

/* entities.c: the same match fed by a settle's own passes over the records, so it adds none:
 * each live record with an entity seen (split_count), the names sifted (between), the coded
 * records offered (place_persons), and matched once the duplicates are known (after the
 * persons' pass). see and offer write only their side (0 or 1: one thread each); the rest
 * runs on one thread. */
typedef struct cube_namer cube_namer;
cube_namer *cube_namer_new(void);
void cube_namer_see(cube_namer *nm, int side, const struct rec *r, uint32_t i);
void cube_namer_sift(cube_namer *nm);
void cube_namer_offer(cube_namer *nm, int side, const struct rec *r, uint32_t i);
void cube_namer_prefetch(const cube_namer *nm, const struct rec *r);
size_t cube_namer_match(cube_namer *nm, gy_cube *c, size_t *ambiguous, cube_moved_fn moved,
                        void *user);
void cube_namer_free(cube_namer *nm);

/* settle.c: record i linked into its person's chain, whose head (+ 1) is `head`, or marked a
 * duplicate of an earlier record of that person (returned, + 1; NONE when linked). Writes only
 * `file` and `next_p` of records. */
uint32_t cube_join_person(gy_cube *c, uint32_t i, uint32_t head);

/* index.c: the distinct-count index (and the table memos, which follow it) dropped; one
 * chain's pairs appended to a list; two shares planned (their lists and day cells), their
 * one-record chains and sums added in order (a GThreadFunc on an index_job), and adopted as
 * the index; and the index built if missing (by the figures: a cache, under index_lock). */
void cube_index_free(gy_cube *c);
void cube_index_chain(const gy_cube *c, evlist *out, uint32_t head, bool by_entity);
void cube_index_plan(gy_cube *c, index_job *a, index_job *b, bool two);
gpointer cube_index_sums_run(gpointer data);
void cube_index_adopt(gy_cube *c, index_job *a, index_job *b);
void cube_index_ensure(const gy_cube *c);

#endif
