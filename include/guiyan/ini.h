/* ini.h — the one INI reader (src/setup/ini.c): a settings file read against a table of its
 * keys, each with a kind, a range and the place it is stored, and every bad value reported
 * with the file, its line, the [group] key and the reason. */
#ifndef GUIYAN_INI_H
#define GUIYAN_INI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "guiyan/error.h"

typedef enum gy_ini_kind {
    GY_INI_TEXT,      /* char * (owned, replaced): non-empty UTF-8, spaces trimmed */
    GY_INI_STRING,    /* char * (owned, replaced): as GY_INI_TEXT, but may be empty */
    GY_INI_DOUBLE,    /* double in [lo, hi], stored times factor (1 when 0) */
    GY_INI_INT,       /* int64_t in [lo, hi] */
    GY_INI_INT32,     /* int in [lo, hi] */
    GY_INI_BOOL,      /* bool: true / false (any case), 1 / 0 */
    GY_INI_CUSTOM,    /* parse(value, place): false with *why (a msgid) when bad */
} gy_ini_kind;

/* One key of a settings file. offset is offsetof(the struct, the field) of the object given
 * to gy_ini_read; a key the file lacks leaves its field as it is (the built-in value). */
typedef struct gy_ini_key {
    const char *group;
    const char *key;
    gy_ini_kind kind;
    size_t offset;
    double lo, hi;                   /* GY_INI_DOUBLE, _INT, _INT32 */
    double factor;                   /* GY_INI_DOUBLE: 0 means 1 */
    bool (*parse)(const char *value, void *place, const char **why);   /* GY_INI_CUSTOM */
} gy_ini_key;

/* Read `path` into obj against keys[0..n): each key the file holds is checked and stored.
 * GY_OK; or code with *err naming the file: "style.ini:12: [font] title_size: not a number
 * from 4 to 96" (the first bad value; nothing is stored after it) or the file's own problem
 * (cannot be read, not an INI file). Keys the table does not list are ignored. */
gy_error gy_ini_read(const char *path, const gy_ini_key *keys, size_t n, void *obj,
                     gy_error code, GError **err);

/* gy_ini_read on a key file the caller loaded from path (and whose other groups it reads
 * itself, as the configuration's [units]): the same checks and messages. */
gy_error gy_ini_apply(GKeyFile *kf, const char *path, const gy_ini_key *keys, size_t n,
                      void *obj, gy_error code, GError **err);

/* Groups not known in advance: every group whose name starts with prefix ("report ": the
 * [report 511123] groups; "": every group, as in aliases.ini), each key of keys (NULL-terminated;
 * NULL: any key) that such a group holds, handed to take with the group's name after the
 * prefix, the key, and its value — one string, or with list the ';'-separated items — spaces
 * trimmed. take returns false with *why (a msgid) for a bad value. */
typedef struct gy_ini_groups {
    const char *prefix;
    const char *const *keys;
    bool list;
    bool (*take)(void *obj, const char *name, const char *key, char **values, const char **why);
} gy_ini_groups;

/* Read path against such groups, in the file's order of groups and keys: GY_OK, or code with
 * *err "aliases.ini:7: [records] county: not UTF-8" (the first bad value; take is not called
 * after it), or the file's own problem, with its line where there is one ("aliases.ini:3: not
 * a [group], a key=value or a # comment"). */
gy_error gy_ini_read_groups(const char *path, const gy_ini_groups *g, void *obj, gy_error code,
                            GError **err);
/* The same on a key file the caller keeps (gy_ini_load), as gy_ini_apply. */
gy_error gy_ini_apply_groups(GKeyFile *kf, const char *path, const gy_ini_groups *g, void *obj,
                             gy_error code, GError **err);

/* path as a key file (list separator ';') for gy_ini_apply and gy_ini_apply_groups; NULL with
 * *err (code) naming the file, and the line of a line that is not INI. Free with
 * g_key_file_free. */
GKeyFile *gy_ini_load(const char *path, gy_error code, GError **err);

/* The same on text already read (origin names it in messages: a file, or the built-in copy). */
GKeyFile *gy_ini_load_data(const char *text, gsize len, const char *origin, gy_error code,
                           GError **err);

/* gy_ini_load_data and then gy_ini_apply_groups's checks, bad values named with their line:
 * the key file, or NULL with *err. */
GKeyFile *gy_ini_parse_groups(const char *text, gsize len, const char *origin,
                              const gy_ini_groups *g, void *obj, gy_error code, GError **err);

/* The physical line (from 1) of key in [group] of an INI text, 0 when it is not there. */
unsigned long gy_ini_line(const char *text, const char *group, const char *key);

#endif
