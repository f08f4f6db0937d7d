/* tally.h — what a reader has read of a file: its bytes counted, a CRC-32C of them (cheap
 * enough for every reader, to hold a chunk against another read of the same bytes) and,
 * for a reader of the whole file, their SHA-256: the manifest's digest is of the bytes
 * parsed, not of a second read that may have seen another file. Not thread-safe: one
 * reader's own. */
#ifndef GUIYAN_TALLY_H
#define GUIYAN_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gy_tally gy_tally;

/* A new tally; with sha, the SHA-256 too. Free with gy_tally_free (accepts NULL). */
gy_tally *gy_tally_new(bool sha);
void gy_tally_free(gy_tally *t);

/* Count n bytes at p. */
void gy_tally_add(gy_tally *t, const void *p, size_t n);

unsigned long long gy_tally_bytes(const gy_tally *t);
uint32_t gy_tally_crc(const gy_tally *t);

/* The SHA-256 of the bytes so far as 64 hex digits in out[65]; "" when the tally has none.
 * The tally can go on counting. */
void gy_tally_sha256(const gy_tally *t, char out[65]);

/* CRC-32C (Castagnoli) of n bytes at p, continuing crc (0 to start). */
uint32_t gy_crc32c(uint32_t crc, const void *p, size_t n);

#endif
