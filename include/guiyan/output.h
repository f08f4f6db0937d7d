/* output.h — every output file is written under a temporary name next to it, flushed to disk
 * and renamed into place when complete, so an interrupted or failed run never leaves a file
 * that looks finished and never spoils the one it would replace. The temporary names are kept
 * in a fixed registry that a SIGINT/SIGTERM/SIGHUP handler empties before the process ends.
 * A run can hold every rename until all its outputs are complete (gy_output_hold), so a
 * failed run leaves the output folder as it found it. An output is only ever a regular file
 * guiyan created: whatever stands at its name (a FIFO, a device, a symlink) is renamed over,
 * never opened. No output may replace an input file (gy_output_protect). Plus CSV field
 * quoting. */
#ifndef GUIYAN_OUTPUT_H
#define GUIYAN_OUTPUT_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/error.h"

/* Write len bytes to path: temporary file (mode 0666 less the umask), fsync, rename — or, while
 * outputs are held, the rename waits for gy_output_publish. GY_E_IO with *err naming the path
 * and the system's reason on any failure, and no temporary file is left behind; GY_E_USAGE when
 * path is a protected input, GY_E_IO (EISDIR) when it is a folder. */
gy_error gy_output_write(const char *path, const char *data, size_t len, GError **err);

/* The same for a file that holds personal data (names, ID numbers): created with mode 0600 from
 * the first byte, whatever the umask allows. */
gy_error gy_output_write_private(const char *path, const char *data, size_t len, GError **err);

/* For writers that need a file name (libxlsxwriter): gy_output_new creates and registers the
 * temporary file for path (0600 when personal) and returns the handle, or NULL with *err
 * (GY_E_IO, GY_E_USAGE as above). The first output in a folder takes the folder's lock
 * (.guiyan.lock, a shared flock for as long as outputs are in flight there) and, when no other
 * run holds it, removes the temporary files this user's dead runs left there. The writer
 * writes gy_output_file(o); gy_output_commit then makes it durable, takes its size and
 * SHA-256 and renames it into place (or holds it), gy_output_free removes it. Both end o. */
typedef struct gy_output gy_output;
gy_output *gy_output_new(const char *path, bool personal, GError **err);
const char *gy_output_file(const gy_output *o);
gy_error gy_output_commit(gy_output *o, GError **err);
/* For writers that make a big file piece by piece (updates.csv): write len bytes at the end of
 * o's temporary file through its descriptor, never through the name, hashing them as they go,
 * so that gy_output_commit takes the size and SHA-256 of the bytes written instead of reading
 * the file back (it still reads it back if the file's size is not what was appended). The
 * kernel is asked to start writing the data to disk every few megabytes, so that the commit's
 * fsync waits for the last few only. GY_E_IO naming the path; o stays the caller's, to commit
 * or free. */
gy_error gy_output_append(gy_output *o, const char *data, size_t len, GError **err);
void gy_output_free(gy_output *o);    /* accepts NULL */

/* ---- a run's outputs ---- */

/* Remember an input file (by device and inode, and by name) that no output may replace: the
 * output is refused with GY_E_USAGE. "-" (standard input) is ignored. */
void gy_output_protect(const char *path);
/* Forget every input protected so far: a run starts and ends with none (src/run/). */
void gy_output_forget_inputs(void);

/* Check, before any data is read, that `dir` (or the nearest of its parents that exists, as
 * dir itself is made only when writing) is a folder where files can be created — by creating
 * one, since access() says yes to root on a read-only mount — and that none of `names`
 * (NULL-terminated; may be NULL) in it is a folder or a protected input. Nothing is created or
 * left in dir. GY_E_IO naming the folder and the reason; GY_E_USAGE naming the output and the
 * input it would replace. */
gy_error gy_output_check_dir(const char *dir, const char *const *names, GError **err);

/* From now on, committed outputs stay under their temporary names until gy_output_publish
 * renames them all into place (in the order they were committed) or gy_output_discard removes
 * them. Thread-safe: several writers may commit at once. */
void gy_output_hold(void);
/* Rename every held output into place and end the hold. First every rename is checked (the
 * folder writable, no folder at the name, and in a sticky folder no name owned by another
 * user): one that cannot be done removes them all and renames nothing (GY_E_IO naming the
 * path). Then the renames, by name with manifest.json last, with SIGINT/SIGTERM/SIGHUP
 * waiting until they are done; a failure there (the folder changed meanwhile) removes the
 * outputs not yet renamed. The folder locks are given back. */
gy_error gy_output_publish(GError **err);

/* Size and SHA-256 (64 hex digits) of the output at path: of the held file when it is held,
 * else of the regular file there. GY_E_IO naming the path. */
gy_error gy_output_digest(const char *path, guint64 *size, char sha256[65], GError **err);
/* Remove every held output and end the hold; nothing when nothing is held. */
void gy_output_discard(void);

/* ---- signals ---- */

/* Install the handler for SIGINT, SIGTERM and SIGHUP (not for one that was ignored when the
 * program started: nohup, background jobs): it removes every registered temporary file and
 * ends the process by the same signal, so the shell sees 130, 143 or 129. It stays installed
 * for the whole run: a second signal, on any thread, waits for the first one's sweep. SIGSEGV,
 * SIGBUS, SIGFPE and SIGABRT sweep too, then take their default action. SIGPIPE and SIGXFSZ
 * are ignored, so that a write to a closed pipe or past the file size limit fails with EPIPE
 * or EFBIG and is reported like any other write error, not ending the process with temporary
 * files left. Call once, before any thread is started. */
void gy_output_guard_signals(void);

/* What the handler does before ending the process: remove every registered temporary file.
 * Async-signal-safe (lock-free atomics and unlink only). The outputs stay owned by their
 * writers, whose commit then fails. For the handler and the tests. */
void gy_output_sweep(void);

/* Temporary files registered now (tests), and how many can be at once: a run holds one per
 * output, a few dozen with --png and --svg; one more is "too many files being written at
 * once" (GY_E_IO). */
size_t gy_output_in_flight(void);
#define GY_OUTPUT_MAX_IN_FLIGHT 1024

/* Make the folder and its missing parents, each 0700 whatever the umask (0750 after
 * gy_output_group_readable(true): --group-readable); a folder already there is left as it
 * is. GY_E_IO on failure. */
gy_error gy_output_mkdir(const char *dir, GError **err);
void gy_output_group_readable(bool yes);

/* CSV fields. A field is either text or a number guiyan formatted; every text field of every
 * CSV output goes through gy_csv_text, whatever its source, so that a value from the input
 * (a file name, a header, a county or unit name, an indicator, a name on a roster) can never
 * be run by a spreadsheet: OWASP's rule for CSV injection.
 *
 * gy_csv_text appends text to s, quoted when it holds a comma, quote or line break; when it
 * begins with = + - @, a tab or a carriage return it is quoted and prefixed with an
 * apostrophe, which Excel, WPS and LibreOffice show as text and do not evaluate. */
void gy_csv_text(GString *s, const char *text);

/* Appends a number guiyan formatted itself ("-9.58", "12.5000", "3") as it is; anything that
 * is not such a number is appended as text (gy_csv_text). A negative figure in a generated
 * numeric column stays a number; "-5" read from an input is text and never comes here. */
void gy_csv_number(GString *s, const char *number);

#endif
