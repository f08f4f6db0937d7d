/* schema.h — which column of an export holds which field: header spellings come from an
 * editable alias file (report_templates/aliases.ini), so a bureau adds its system's spellings
 * without recompiling. Headers are compared after folding full-width brackets and removing
 * spaces, so 县（市、区） and 县(市、区) are the same spelling. */
#ifndef GUIYAN_SCHEMA_H
#define GUIYAN_SCHEMA_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/error.h"
#include "guiyan/judge.h"
#include "guiyan/reader.h"

typedef struct gy_aliases gy_aliases;

/* Load an alias file: a GKeyFile whose groups are table kinds ([records], [targets],
 * [stars]) and whose keys are canonical field names with ';'-separated spellings.
 * Returns NULL and sets *err (with the file and line where GKeyFile says) on failure. */
gy_aliases *gy_aliases_load(const char *path, GError **err);
void gy_aliases_free(gy_aliases *al);

/* Read another alias file over those loaded: its spellings are added, and where two columns
 * of a header match one field, the spelling from the file read last wins (two of the same
 * file are an error). GY_E_CONFIG with *err naming the file if it cannot be read. */
gy_error gy_aliases_add_file(gy_aliases *al, const char *path, GError **err);

/* The groups among `groups` (NULL-terminated) that the first file loaded (the templates'
 * aliases.ini) lacks — a folder copied before the lists existed has no [training] — read
 * from `path` (the built-in aliases.ini) as if the first file had them, so the user's files
 * still win over their spellings. Returns the groups it looked for in path, NULL-terminated
 * (empty when none was missing; g_strfreev), or NULL with *err (GY_E_CONFIG, naming path). */
gchar **gy_aliases_fill(gy_aliases *al, const char *path, const char *const *groups,
                        GError **err);

/* The user's own alias file: g_get_user_config_dir()/guiyan/aliases.ini (newly allocated;
 * it may not exist). */
char *gy_aliases_user_file(void);

/* The field a header cell is a spelling of under kind ("county"), or NULL. Owned by al. */
const char *gy_aliases_key(const gy_aliases *al, const char *kind, const char *cell);

/* The name a person knows a field by: its first spelling ("身份证号码" for id_number), or
 * the key itself when the file lists none. Owned by al. */
const char *gy_aliases_label(const gy_aliases *al, const char *kind, const char *key);

/* A field a reader wants. */
typedef struct gy_colspec {
    const char *key;        /* canonical name, e.g. "id_number" */
    bool required;
} gy_colspec;

/* Map a header row: cols[i] gets the column of specs[i], or -1 if absent. Fails with
 * GY_E_MISSING_COLUMN and one message naming every missing required field (by its label,
 * with the spellings known), the header cells not recognised, the nearest of them to each
 * missing field and how to add a spelling; or, when two columns match one field with
 * spellings from the same file, naming both. */
gy_error gy_header_map(const gy_aliases *al, const char *kind, const gy_colspec *specs,
                       size_t n, const gy_row *header, int *cols, GError **err);

/* Rows above the header an export or a hand-made list may carry: a title, 填报单位, a date. */
#define GY_TITLE_ROWS_MAX 100

/* Tries a row as the header: GY_OK when it maps (and fills what user points to). */
typedef gy_error (*gy_header_try)(const gy_row *row, void *user, GError **err);

/* Read rows of rd until one maps as the header: the first row, or the first after up to
 * GY_TITLE_ROWS_MAX title rows, or two rows read as one (a header whose upper cells are
 * merged: see two_rows in schema.c). GY_OK with *row that row (valid until the next read);
 * otherwise the error of the row with the most cells (the one most like a header) prefixed
 * with "path:line: ", GY_E_EMPTY for an empty file,
 * GY_E_MISSING_COLUMN for a header row too big to hold (gy_row.problem), or a read error as
 * the reader gave it. */
gy_error gy_header_find(gy_reader *rd, const char *path, gy_header_try try_map, void *user,
                        gy_row *row, GError **err);

/* gy_row_not_a_record, the rows below a list that are not records: judge.h. */

/* The spellings tried for a field, "身份证号码、身份证号、…" (newly allocated). */
char *gy_aliases_describe(const gy_aliases *al, const char *kind, const char *key);

/* Let every spelling of field `from` in table `kind` read as field `to` (a key `to` had is
 * left to its other spellings). For a county region: rename "county" to "county_of" first,
 * then "township" to "county", so the township column fills the row's unit. */
void gy_aliases_rename(gy_aliases *al, const char *kind, const char *from, const char *to);

/* The keys of section `kind` and the spellings of one key, as written (not folded);
 * NULL-terminated, newly allocated (g_strfreev), empty when there are none. */
/* The key as aliases.ini writes it: "township" for the "county" a county region renamed it
 * to; key itself when it was not renamed. Borrowed. */
const char *gy_aliases_file_key(const gy_aliases *al, const char *kind, const char *key);
gchar **gy_aliases_keys(const gy_aliases *al, const char *kind);
gchar **gy_aliases_list(const gy_aliases *al, const char *kind, const char *key);

#endif
