/* output.h — every output is written under a temporary name and renamed when complete, so an
 * interrupted run never leaves a file that looks finished. Plus CSV field quoting. */
#ifndef GUIYAN_OUTPUT_H
#define GUIYAN_OUTPUT_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/error.h"

/* Write len bytes to path atomically (temp file in the same folder, fsync-free rename).
 * GY_E_IO with *err naming the path on any failure; no temp file is left behind. */
gy_error gy_output_write(const char *path, const char *data, size_t len, GError **err);

/* For writers that need a file name (libxlsxwriter, cairo): a temp name next to path
 * (newly allocated), then gy_output_commit renames it into place, or gy_output_abort removes
 * it. */
char *gy_output_tmpname(const char *path);
gy_error gy_output_commit(const char *tmp, const char *path, GError **err);
void gy_output_abort(const char *tmp);

/* Make the folder (and parents). GY_E_IO on failure. */
gy_error gy_output_mkdir(const char *dir, GError **err);

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
