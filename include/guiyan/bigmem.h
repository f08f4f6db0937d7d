/* bigmem.h — zeroed memory for the record store's large arrays, backed by transparent huge
 * pages where the kernel allows (madvise mode): the store is read at random, and with 4 KiB
 * pages most of that time went to TLB misses and page faults (make bench). */
#ifndef GUIYAN_BIGMEM_H
#define GUIYAN_BIGMEM_H

#include <stddef.h>

/* size bytes of zeroed memory; aborts like g_malloc on failure. Free with gy_big_free(p, size). */
void *gy_big_alloc0(size_t size);
void gy_big_free(void *p, size_t size);

#endif
