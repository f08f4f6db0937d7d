/* lines.h — the one reader of line tables (divisions.tsv, townships.tsv, indicators.tsv,
 * strokes.tsv): a text cut into lines with the same rules for all, each handed on with its
 * line number so that a bad line is reported as file:line: reason. Pure (src/base/lines.c). */
#ifndef GUIYAN_LINES_H
#define GUIYAN_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include "guiyan/error.h"

/* One line of a table: NUL-terminated, without its line end, valid UTF-8; the callee may
 * change it in place. Return false with *err set to stop. */
typedef bool (*gy_line_fn)(char *line, unsigned long lineno, void *user, GError **err);

/* Hand each line of text (len bytes; a UTF-8 BOM is skipped) to fn: CRLF and LF both end a
 * line; lines that are blank (spaces and tabs) or whose first other character is # are
 * skipped. False with *err (GY_ERROR, GY_E_TEMPLATE, origin naming the file) for a NUL byte
 * ("not a text file") or a line that is not valid UTF-8 ("origin:7: not valid UTF-8"), or
 * when fn stops. */
bool gy_lines_each(const char *text, size_t len, const char *origin, gy_line_fn fn, void *user,
                   GError **err);

#endif
