/* entities.c — entities named without a credit code, matched to the one coded entity of their
 * county bearing that name: after several exports (gy_cube_supersede) and within one
 * (gy_cube_settle_named, inside its settle).
 *
 * Invariants:
 * - Only records that count (live: not padding, not a duplicate, not superseded) take part,
 *   as names to match and as coded entities to match them to.
 * - A name (county + 32 bits of its fingerprint) that exactly one coded entity bears becomes
 *   that entity; one that several bear stays apart and is counted once in *ambiguous. Neither
 *   depends on the order of the records, so neither on file order, chunks or threads.
 * - uncoded() mirrors gy_cube_entity_fp_of (fingerprint.c): change both or neither.
 * - Within a settle (cube_settle with ambiguous), the settle's own passes feed a cube_namer:
 *   split_count shows it every record with an entity (the uncoded ones gathered with their
 *   keys, and which counties hold names and which coded entities), place_persons offers the
 *   coded records of counties holding both whose key passes a Bloom filter of the names, and
 *   the match runs between the persons' pass, which marks the duplicates, and the entities'
 *   pass, which links the entities by their fingerprints: no pass over the records of its
 *   own, and the chains are built once, with the matched fingerprints. The settle is told
 *   of each record whose fingerprint changes (moved), before it changes.
 * - After several exports (cube_entities_match) the same namer is fed by two passes of its
 *   own; a store with no county holding both a name without a code and a coded entity stops
 *   after the first.
 */
#include "cube_int.h"

/* An entity without a valid credit code is known by county + name; a coded record keeps 32
 * bits of its name's fingerprint; an uncoded one's entity fingerprint is the name's 64-bit
 * fingerprint mixed with the county (gy_cube_entity_fp_of), and mix64 can be undone, so which
 * records are uncoded, and their names, come back from the records themselves. */

/* The inverse of an odd number modulo 2^64 (Newton's iteration). */
static uint64_t inverse64(uint64_t a)
{
    uint64_t x = a;
    for (int i = 0; i < 6; i++)
        x *= 2 - a * x;
    return x;
}

static uint64_t unmix64(uint64_t h, uint64_t inv1, uint64_t inv2)
{
    h ^= h >> 33;
    h *= inv1;
    h ^= h >> 33;
    h *= inv2;
    h ^= h >> 33;
    return h;
}

typedef struct unmixer {
    uint64_t inv1, inv2;
} unmixer;

static unmixer unmixer_new(void)
{
    return (unmixer){ inverse64(UINT64_C(0xc4ceb9fe1a85ec53)),
                      inverse64(UINT64_C(0xff51afd7ed558ccd)) };
}

/* Whether record r (with an entity) is known by county + name (no credit code). */
static inline bool uncoded(const unmixer *u, const struct rec *r)
{
    uint64_t name = unmix64(r->efp, u->inv1, u->inv2) ^
                    (UINT64_C(0x9e3779b97f4a7c15) * (r->county + 3));
    return (uint32_t)(name >> 32) == r->name_fp;
}

/* (county, name) + 1: a name's key, never 0 (0 marks an empty slot) */
static inline uint64_t name_key(const struct rec *r)
{
    return ((uint64_t)r->county << 32 | r->name_fp) + 1;
}

/* The names without a code, as a filter of two bits a name in one 64-bit word (a blocked
 * Bloom filter): a coded record whose name is not among them is let go after one look at a
 * bitmap that stays in the cache, rather than a probe of a map that would not. */
typedef struct namebits {
    uint64_t *w;
    uint64_t mask;                   /* words - 1 */
} namebits;

static inline uint64_t namebits_pair(uint64_t h)
{
    return UINT64_C(1) << (h >> 52 & 63) | UINT64_C(1) << (h >> 58);
}

static inline void namebits_add(namebits *f, uint64_t h)
{
    f->w[h & f->mask] |= namebits_pair(h);
}

static inline bool namebits_may(const namebits *f, uint64_t h)
{
    uint64_t p = namebits_pair(h);
    return (f->w[h & f->mask] & p) == p;
}

/* (county, name) key → the coded entity bearing it, or NAME_AMBIGUOUS when several do
 * (NAME_COUNTED once a name without a code met it). Open addressing, at most half full. */
#define NAME_AMBIGUOUS UINT64_MAX
#define NAME_COUNTED (UINT64_MAX - 1)

typedef struct nslot {
    uint64_t key, efp;
} nslot;

typedef struct namemap {
    nslot *s;
    size_t mask, n;
} namemap;

static nslot *namemap_find(const namemap *m, uint64_t key, uint64_t h)
{
    size_t j = (size_t)h & m->mask;
    for (; m->s[j].key && m->s[j].key != key; j = (j + 1) & m->mask)
        ;
    return &m->s[j];
}

static void namemap_init(namemap *m, size_t cap)
{
    m->s = g_new0(nslot, cap);
    m->mask = cap - 1;
    m->n = 0;
}

/* The coded entity efp bears key: a name one entity bears, or several. */
static void namemap_bear(namemap *m, uint64_t key, uint64_t h, uint64_t efp)
{
    nslot *s = namemap_find(m, key, h);
    if (!s->key) {
        if ((m->n + 1) * 2 > m->mask + 1) {
            namemap old = *m;
            namemap_init(m, (old.mask + 1) * 2);
            for (size_t j = 0; j <= old.mask; j++)
                if (old.s[j].key) {
                    *namemap_find(m, old.s[j].key, mix64(old.s[j].key)) = old.s[j];
                    m->n++;
                }
            g_free(old.s);
            s = namemap_find(m, key, h);
        }
        *s = (nslot){ key, efp };
        m->n++;
    } else if (s->efp != efp) {
        s->efp = NAME_AMBIGUOUS;
    }
}

/* What a county holds, a byte each: HOLDS_NAME a record whose entity has no credit code,
 * HOLDS_CODED one whose entity has. */
#define HOLDS_NAME 1u
#define HOLDS_CODED 2u
#define HOLDS_BOTH (HOLDS_NAME | HOLDS_CODED)
#define COUNTIES (UINT16_MAX + 1u)

/* A record named without a code: its key and where it is. */
typedef struct named {
    uint64_t key;
    uint32_t i;
} named;

/* What one side gathers: its own cache lines, as the two sides append at once. */
typedef struct namer_side {
    uint8_t *holds;                  /* the counties' HOLDS_ bits */
    named *names;                    /* the records named without a code */
    uint32_t *coded;                 /* coded records that may bear one of the names */
    size_t n_names, cap_names, n_coded, cap_coded;
} __attribute__((aligned(64))) namer_side;

/* A match in the making, fed record by record by two sides (the settle's two halves, each
 * on its own thread, writing only its own side), then sifted and matched on one. */
struct cube_namer {
    namer_side side[2];
    unmixer u;
    const uint8_t *both;             /* the sides' holds merged */
    namebits f;
    bool any;                        /* a name that may match: offer and match have work */
};

cube_namer *cube_namer_new(void)
{
    cube_namer *nm = g_aligned_alloc0(1, sizeof *nm, 64);
    nm->u = unmixer_new();
    for (int s = 0; s < 2; s++)
        nm->side[s].holds = g_new0(uint8_t, COUNTIES);
    return nm;
}

void cube_namer_free(cube_namer *nm)
{
    if (!nm)
        return;
    for (int s = 0; s < 2; s++) {
        g_free(nm->side[s].holds);
        g_free(nm->side[s].names);
        g_free(nm->side[s].coded);
    }
    g_free(nm->f.w);
    g_aligned_free(nm);
}

void cube_namer_see(cube_namer *nm, int side, const struct rec *r, uint32_t i)
{
    namer_side *sd = &nm->side[side];
    if (!uncoded(&nm->u, r)) {
        sd->holds[r->county] |= HOLDS_CODED;
        return;
    }
    if (sd->n_names == sd->cap_names) {
        sd->cap_names = MAX(sd->cap_names * 2, 1024);
        sd->names = g_renew(named, sd->names, sd->cap_names);
    }
    sd->names[sd->n_names++] = (named){ name_key(r), i };
    sd->holds[r->county] |= HOLDS_NAME;
}

void cube_namer_sift(cube_namer *nm)
{
    uint8_t *h = nm->side[0].holds;
    for (size_t k = 0; k < COUNTIES; k++)
        h[k] |= nm->side[1].holds[k];
    nm->both = h;
    /* only names of a county that holds a coded entity can match */
    size_t n = 0;
    for (int s = 0; s < 2; s++) {
        namer_side *sd = &nm->side[s];
        size_t kept = 0;
        for (size_t x = 0; x < sd->n_names; x++)
            if (h[(sd->names[x].key - 1) >> 32] & HOLDS_CODED)
                sd->names[kept++] = sd->names[x];
        sd->n_names = kept;
        n += kept;
    }
    nm->any = n > 0;
    if (!nm->any)
        return;
    size_t words = 1024;
    while (words * 8 < n)
        words <<= 1;
    nm->f.w = g_new0(uint64_t, words);
    nm->f.mask = words - 1;
    for (int s = 0; s < 2; s++)
        for (size_t x = 0; x < nm->side[s].n_names; x++)
            namebits_add(&nm->f, mix64(nm->side[s].names[x].key));
}

void cube_namer_prefetch(const cube_namer *nm, const struct rec *r)
{
    if (nm->any && r->efp)
        __builtin_prefetch(&nm->f.w[mix64(name_key(r)) & nm->f.mask]);
}

void cube_namer_offer(cube_namer *nm, int side, const struct rec *r, uint32_t i)
{
    if (!nm->any || nm->both[r->county] != HOLDS_BOTH ||
        !namebits_may(&nm->f, mix64(name_key(r))) || uncoded(&nm->u, r))
        return;
    namer_side *sd = &nm->side[side];
    if (sd->n_coded == sd->cap_coded) {
        sd->cap_coded = MAX(sd->cap_coded * 2, 1024);
        sd->coded = g_renew(uint32_t, sd->coded, sd->cap_coded);
    }
    sd->coded[sd->n_coded++] = i;
}

size_t cube_namer_match(cube_namer *nm, gy_cube *c, size_t *ambiguous, cube_moved_fn moved,
                        void *user)
{
    *ambiguous = 0;
    if (!nm->any)
        return 0;
    /* the coded entities that count, by the names they bear */
    namemap m;
    namemap_init(&m, 1024);
    for (int s = 0; s < 2; s++)
        for (size_t x = 0; x < nm->side[s].n_coded; x++) {
            const struct rec *r = rec_at(c, nm->side[s].coded[x]);
            if (live(r)) {
                uint64_t key = name_key(r);
                namemap_bear(&m, key, mix64(key), r->efp);
            }
        }
    size_t changed = 0;
    for (int s = 0; s < 2; s++)
        for (size_t x = 0; x < nm->side[s].n_names; x++) {
            const named *v = &nm->side[s].names[x];
            nslot *sl = namemap_find(&m, v->key, mix64(v->key));
            if (!sl->key || sl->efp == NAME_COUNTED)
                continue;
            struct rec *r = rec_at(c, v->i);
            if (!live(r))
                continue;
            if (sl->efp == NAME_AMBIGUOUS) {
                sl->efp = NAME_COUNTED;
                (*ambiguous)++;
                continue;
            }
            if (moved)
                moved(user, v->i, r->efp, sl->efp);
            r->efp = sl->efp;
            changed++;
        }
    g_free(m.s);
    return changed;
}

size_t cube_entities_match(gy_cube *c, size_t *ambiguous, cube_moved_fn moved, void *user)
{
    cube_namer *nm = cube_namer_new();
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t b = 0; (size_t)b << BLOCK_BITS < c->n; b++) {
            const struct rec *blk = g_ptr_array_index(c->blocks, b);
            uint32_t lo = b << BLOCK_BITS, k = MIN(BLOCK_SIZE, c->n - lo);
            for (uint32_t j = 0; j < k; j++) {
                if (!blk[j].efp || !live(&blk[j]))
                    continue;
                if (pass == 0)
                    cube_namer_see(nm, 0, &blk[j], lo + j);
                else
                    cube_namer_offer(nm, 0, &blk[j], lo + j);
            }
        }
        if (pass == 0)
            cube_namer_sift(nm);
        if (!nm->any)
            break;
    }
    size_t changed = cube_namer_match(nm, c, ambiguous, moved, user);
    cube_namer_free(nm);
    return changed;
}

size_t gy_cube_settle_named(gy_cube *c, size_t *ambiguous)
{
    size_t amb = 0, dups;
    if (c->done == 0) {
        dups = cube_settle(c, &amb);
    } else {
        /* records settled before are linked already: match, then link everything again */
        dups = gy_cube_settle(c);
        if (cube_entities_match(c, &amb, NULL, NULL))
            cube_relink(c);
    }
    if (ambiguous)
        *ambiguous = amb;
    return dups;
}
