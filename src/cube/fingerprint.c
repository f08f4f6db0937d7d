/* fingerprint.c — 64-bit fingerprints of entity names and credit codes: an entity's identity.
 *
 * Invariants:
 * - A fingerprint is never 0: 0 means "no entity" (efp) or "no name".
 * - Seeds keep the kinds apart (1 names, 2 credit codes); an entity without a credit code is
 *   mix64 of its name's fingerprint and its county, which entities.c undoes (uncoded):
 *   change the two together.
 * - No random seed: the same input gives the same fingerprints, run after run, so outputs
 *   are byte-identical. */
#include "cube_int.h"

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
