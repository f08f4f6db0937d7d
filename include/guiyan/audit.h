/* audit.h — guiyan serve's audit log: JSON lines (0600), each carrying the SHA-256 of the line
 * before it ("prev"), so that a line removed or edited is found by gy_audit_verify. Lines hold
 * time, user, address, action, job, inputs' names and SHA-256 and the result; never an ID
 * number (callers pass names and digests, not content). Main loop only. */
#ifndef GUIYAN_AUDIT_H
#define GUIYAN_AUDIT_H

#include <stdbool.h>
#include <glib.h>

typedef struct gy_audit gy_audit;

/* Open (create) the log at path for appending; reads its last line for the chain. NULL and
 * *err when it cannot be opened. Free with gy_audit_free (NULL accepted). */
gy_audit *gy_audit_open(const char *path, GError **err);
void gy_audit_free(gy_audit *a);

/* Append one line. user, addr, job, result may be NULL (left out); extra_json, when not NULL,
 * is a JSON object text whose members are added (e.g. {"inputs":[…]}). False and *err when
 * the line could not be written (and flushed to disk). */
bool gy_audit_add(gy_audit *a, const char *user, const char *addr, const char *action,
                  const char *job, const char *result, const char *extra_json, GError **err);

/* Remove the lines older than cutoff (seconds since 1970) from the start of the log: they
 * give way to one "trim" line carrying the SHA-256 of the last line removed, so the chain
 * still holds. Returns the number of lines removed, or -1 and *err. */
int gy_audit_trim(gy_audit *a, gint64 cutoff, GError **err);

/* Check the chain of the log at path: a first line of action "trim" may follow lines no longer
 * there, and the line after it follows the line it names. the number of lines in *n_lines; false with *err naming
 * the first line that does not follow from the one before. */
bool gy_audit_verify(const char *path, size_t *n_lines, GError **err);

#endif
