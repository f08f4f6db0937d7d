/* keymap.h — a map from non-zero 64-bit keys to 32-bit values, for the record store's hot
 * path (one lookup-or-insert per row for persons, one for entities).
 *
 * Why not GHashTable: GHashTable keeps keys, values and hashes in three arrays, so a probe of
 * a table larger than the cache costs three misses, and "find or add" takes two probes. On
 * 10M-row exports those misses were a quarter of the run (perf, make bench). This map keeps
 * key and value side by side and finds-or-adds in one probe. Linear probing, power-of-two
 * capacity, at most 80 % full. */
#ifndef GUIYAN_KEYMAP_H
#define GUIYAN_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gy_keymap gy_keymap;

gy_keymap *gy_keymap_new(void);
void gy_keymap_free(gy_keymap *m);          /* accepts NULL */

/* The value slot of key (key != 0): an existing one, or a new one holding 0 (*created set).
 * The pointer is valid until the next call that may add a key. */
uint32_t *gy_keymap_slot(gy_keymap *m, uint64_t key, bool *created);

/* The value of key, or 0 when absent. */
uint32_t gy_keymap_get(const gy_keymap *m, uint64_t key);

size_t gy_keymap_size(const gy_keymap *m);

/* Start fetching key's slot into the cache (a hint; no effect on contents). */
void gy_keymap_prefetch(const gy_keymap *m, uint64_t key);

/* Iterate: start with *pos = 0; returns false at the end. Order is the table's, not the
 * insertion order — callers that print must sort. */
bool gy_keymap_next(const gy_keymap *m, size_t *pos, uint64_t *key, uint32_t *value);

/* Forget every key (keeps the capacity). */
void gy_keymap_clear(gy_keymap *m);

#endif
