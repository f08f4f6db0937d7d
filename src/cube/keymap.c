/* keymap.c — open-addressing map of 64-bit keys to 32-bit values (see keymap.h for why). */
#include <string.h>
#include <glib.h>

#include "guiyan/bigmem.h"
#include "guiyan/keymap.h"

/* 12 bytes: the key as two halves keeps every member naturally aligned without padding */
struct slot {
    uint32_t lo, hi;    /* the key; 0 = empty */
    uint32_t value;
};

static inline uint64_t key_of(const struct slot *s) { return (uint64_t)s->hi << 32 | s->lo; }
static inline void set_key(struct slot *s, uint64_t k) { s->lo = (uint32_t)k; s->hi = (uint32_t)(k >> 32); }

struct gy_keymap {
    struct slot *s;
    size_t cap;         /* power of two */
    size_t n;
};

static inline size_t home(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

gy_keymap *gy_keymap_new(void)
{
    gy_keymap *m = g_new0(gy_keymap, 1);
    m->cap = 1024;
    m->s = gy_big_alloc0(m->cap * sizeof(struct slot));
    return m;
}

void gy_keymap_free(gy_keymap *m)
{
    if (!m)
        return;
    gy_big_free(m->s, m->cap * sizeof(struct slot));
    g_free(m);
}

static void grow(gy_keymap *m)
{
    size_t old = m->cap;
    struct slot *os = m->s;
    m->cap *= 2;
    m->s = gy_big_alloc0(m->cap * sizeof(struct slot));
    for (size_t i = 0; i < old; i++) {
        if (!key_of(&os[i]))
            continue;
        size_t j = home(key_of(&os[i]), m->cap);
        while (key_of(&m->s[j]))
            j = (j + 1) & (m->cap - 1);
        m->s[j] = os[i];
    }
    gy_big_free(os, old * sizeof(struct slot));
}

uint32_t *gy_keymap_slot(gy_keymap *m, uint64_t key, bool *created)
{
    if ((m->n + 1) * 5 > m->cap * 4)
        grow(m);
    size_t j = home(key, m->cap);
    uint64_t k;
    while ((k = key_of(&m->s[j])) != 0 && k != key)
        j = (j + 1) & (m->cap - 1);
    *created = k == 0;
    if (*created) {
        set_key(&m->s[j], key);
        m->s[j].value = 0;
        m->n++;
    }
    return &m->s[j].value;
}

uint32_t gy_keymap_get(const gy_keymap *m, uint64_t key)
{
    size_t j = home(key, m->cap);
    uint64_t k;
    while ((k = key_of(&m->s[j])) != 0) {
        if (k == key)
            return m->s[j].value;
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

size_t gy_keymap_size(const gy_keymap *m) { return m->n; }

void gy_keymap_prefetch(const gy_keymap *m, uint64_t key)
{
    __builtin_prefetch(&m->s[home(key, m->cap)], 1);
}

bool gy_keymap_next(const gy_keymap *m, size_t *pos, uint64_t *key, uint32_t *value)
{
    for (size_t i = *pos; i < m->cap; i++)
        if (key_of(&m->s[i])) {
            *key = key_of(&m->s[i]);
            *value = m->s[i].value;
            *pos = i + 1;
            return true;
        }
    *pos = m->cap;
    return false;
}

void gy_keymap_clear(gy_keymap *m)
{
    memset(m->s, 0, m->cap * sizeof *m->s);
    m->n = 0;
}
