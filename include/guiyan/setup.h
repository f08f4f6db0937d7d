/* setup.h — what the readers of src/setup/ share: one way to read a reference or settings file
 * whole, before any data (src/setup/read.c). */
#ifndef GUIYAN_SETUP_H
#define GUIYAN_SETUP_H

#include <stddef.h>
#include <glib.h>
#include "guiyan/error.h"

/* The bytes of the file at path (NUL-terminated, newly allocated) and *len. NULL with *err
 * naming the file: `missing` when it does not exist (GY_E_IO, or GY_E_TEMPLATE for a file the
 * user named: a usage mistake, exit 2), GY_E_IO when it cannot be read (GLib's message),
 * GY_E_TEMPLATE "path: too_big" when it holds more than max bytes (too_big: the translated
 * reason, "larger than 1 MiB, not an indicator table"). */
char *gy_setup_read(const char *path, size_t max, const char *too_big, gy_error missing,
                    size_t *len, GError **err);

#endif
