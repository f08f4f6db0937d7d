/* timing.h — GUIYAN_TIMING=1 prints how long each phase took, with resident and peak memory,
 * on standard error: for make bench and profiling, not for users. */
#ifndef GUIYAN_TIMING_H
#define GUIYAN_TIMING_H

/* Print "guiyan: timing: <seconds since the first call> <what> rss …, peak …" when the
 * variable is set; otherwise nothing (one getenv, once). */
void gy_timing(const char *what);
/* The next call counts from zero again: each run's times are its own (src/run/). */
void gy_timing_restart(void);

#endif
