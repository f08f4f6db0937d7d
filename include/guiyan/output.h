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

/* Append a CSV field to s, quoted when it holds a comma, quote or line break. With
 * guard = true, a value beginning with = + - @ (or a tab / carriage return) is prefixed with
 * an apostrophe so that a spreadsheet shows it as text instead of running it as a formula. */
void gy_csv_field(GString *s, const char *value, bool guard);

#endif
