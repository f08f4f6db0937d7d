/* bigmem.c — large zeroed arrays on transparent huge pages (see bigmem.h). */
#include <sys/mman.h>
#include <glib.h>

#include "guiyan/bigmem.h"

#define HUGE_MIN (4u << 20)   /* below this, malloc is as good */

void *gy_big_alloc0(size_t size)
{
    if (size < HUGE_MIN)
        return g_malloc0(size);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        g_error("out of memory (%zu bytes)", size);
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);   /* a hint: failure changes nothing */
#endif
    return p;
}

void gy_big_free(void *p, size_t size)
{
    if (!p)
        return;
    if (size < HUGE_MIN)
        g_free(p);
    else
        munmap(p, size);
}
