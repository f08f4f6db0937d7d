/* bigmem.c — large zeroed arrays on transparent huge pages (see bigmem.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <glib.h>

#include "guiyan/i18n.h"

#include "guiyan/bigmem.h"
#include "guiyan/output.h"

/* Memory checkers see a private mapping as one opaque region: a store block never freed, or a
 * read past a hash map's end into the next mapping, went unnoticed by both valgrind and ASan.
 * Under ASan the arrays come from malloc (red zones, leak check); under valgrind each mapping
 * is announced as a heap block (the requests cost a few instructions when valgrind is absent). */
#if defined(__SANITIZE_ADDRESS__)
#define GY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GY_ASAN 1
#endif
#endif
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MALLOCLIKE_BLOCK(addr, size, redzone, zeroed) ((void)0)
#define VALGRIND_FREELIKE_BLOCK(addr, redzone) ((void)0)
#endif

#ifdef GY_ASAN
#define HUGE_MIN SIZE_MAX
#else
#define HUGE_MIN (4u << 20)   /* below this, malloc is as good */
#endif

void *gy_big_alloc0(size_t size)
{
    if (size < HUGE_MIN)
        return g_malloc0(size);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        /* the store outgrew the machine: say so and stop with the I/O code, as a run out of
         * disk would, rather than abort with a core dump as g_error does */
        static gint dying;
        if (g_atomic_int_add(&dying, 1) == 0) {   /* one message, whichever thread */
            fprintf(stderr, _("guiyan: out of memory (%zu MB more were needed): count fewer "
                              "files at a time, or use a machine with more memory\n"),
                    size >> 20);
            gy_output_sweep();      /* the outputs in flight leave no temporary file */
            _exit(3);
        }
        for (;;)
            pause();                /* until the first one's _exit ends the process */
    }
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);   /* a hint: failure changes nothing */
#endif
    VALGRIND_MALLOCLIKE_BLOCK(p, size, 0, 1);
    return p;
}

void gy_big_free(void *p, size_t size)
{
    if (!p)
        return;
    if (size < HUGE_MIN) {
        g_free(p);
    } else {
        VALGRIND_FREELIKE_BLOCK(p, 0);
        munmap(p, size);
    }
}
