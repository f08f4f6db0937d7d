/* bigmem.c — large zeroed arrays on transparent huge pages (see bigmem.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <glib.h>

#include "guiyan/i18n.h"

#include "guiyan/bigmem.h"
#include "guiyan/output.h"

#define HUGE_MIN (4u << 20)   /* below this, malloc is as good */

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
