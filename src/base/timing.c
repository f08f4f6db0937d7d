/* timing.c — phase times and memory for make bench (see timing.h). */
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <sys/resource.h>

#include "guiyan/timing.h"

static gint64 t0;                 /* the run's start: its first call */

void gy_timing_restart(void)
{
    t0 = 0;
}

void gy_timing(const char *what)
{
    static int on = -1;
    if (on < 0)
        on = g_getenv("GUIYAN_TIMING") != NULL;
    if (!on)
        return;
    gint64 now = g_get_monotonic_time();
    if (!t0)
        t0 = now;
    /* resident and peak memory from the kernel's own account */
    char *status = NULL, *rss = NULL, *hwm = NULL;
    if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
        char *p = strstr(status, "VmRSS:"), *q = strstr(status, "VmHWM:");
        rss = p ? g_strndup(p + 6, strcspn(p + 6, "\n")) : NULL;
        hwm = q ? g_strndup(q + 6, strcspn(q + 6, "\n")) : NULL;
    }
    /* CPU time of all threads so far: against the wall time, how busy the cores were */
    struct rusage ru;
    double cpu = getrusage(RUSAGE_SELF, &ru) == 0
                     ? (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6
                     : 0;
    fprintf(stderr, "guiyan: timing: %7.3f s cpu %7.3f s %-18s rss %s, peak %s\n",
            (double)(now - t0) / 1e6, cpu, what, rss ? g_strstrip(rss) : "?",
            hwm ? g_strstrip(hwm) : "?");
    g_free(status);
    g_free(rss);
    g_free(hwm);
}

