/* maps.c — gy_cube_add, the one-record path (tests, small inputs): a record pushed and linked
 * at once through two maps over the whole store, person key → chain head and entity
 * fingerprint → chain head.
 *
 * Invariants:
 * - The maps are a cache of the chain heads of records [0, done) (`mapped`): a settle, a
 *   relink or the index build drops them (cube_maps_free), and maps_ensure rebuilds them from
 *   the heads (records without F_P_INNER / E_INNER) in one pass.
 * - gy_cube_add settles pending records first, so a record is never linked before a record
 *   pushed earlier: input order decides which of two duplicates counts, as in a settle.
 * - The duplicate rule is the settle's own (cube_join_person), not a second copy.
 * - A slot keeps the top 32 bits of mix64(key) and the head + 1; the key is read from the
 *   head record, and the slot index is a prefix of the tag, so growing reads no record. */
#include "cube_int.h"

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


void cube_maps_free(gy_cube *c)
{
    hm_free(&c->persons);
    hm_free(&c->entities);
    c->mapped = false;
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

/* The same through a whole-store map (gy_cube_add). */
static uint32_t settle_person(gy_cube *c, headmap *map, uint32_t i)
{
    uint32_t *slot = hm_slot(c, map, rec_at(c, i)->person, false);
    uint32_t of = cube_join_person(c, i, *slot);
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
    cube_index_free(c);
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
