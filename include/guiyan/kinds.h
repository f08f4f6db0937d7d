/* kinds.h — reading the real-name lists of declared record kinds (培训台账, 意愿摸底表, 项目库,
 * 导师名册, 服务记录; report_templates/kinds.ini) into a gy_decl_store, through the same reader,
 * header search and aliases as the startup ledger, every row accounted in a gy_ledger. (The
 * award rosters, 明星名单, are read by roster.h, as `guiyan stars` reads them.) */
#ifndef GUIYAN_KINDS_H
#define GUIYAN_KINDS_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/county.h"
#include "guiyan/declared.h"
#include "guiyan/ledger.h"
#include "guiyan/reader.h"
#include "guiyan/schema.h"
#include "guiyan/stars.h"

/* What a file holds, told by its header: the index of the declared kind whose required fields
 * its header all has (the first such kind of kinds.ini), GY_KIND_STARS for an award roster,
 * or GY_KIND_STARTUP for anything else (the startup ledger's own reader judges it). A file
 * that cannot be opened is GY_KIND_STARTUP too: the ledger's reader reports it. */
#define GY_KIND_STARTUP (-1)
#define GY_KIND_STARS (-2)
/* sheet: --sheet's value for a workbook (a name or a number from 1), or NULL for the first
 * sheet whose header is recognised. */
int gy_kinds_sniff(const gy_kinds *k, const char *path, gy_encoding enc, const char *sheet,
                   const gy_aliases *al);

/* The kind named by --kind: a kinds.ini name, "stars" or "startup". GY_E_USAGE if unknown. */
gy_error gy_kinds_by_name(const gy_kinds *k, const char *name, int *out);

/* Read one file of declared kind `kind` (an index of the store's kinds) as ledger input `file`
 * (already added): encoding, title rows, header by the aliases of the kind's section, each
 * row accepted into st, or a duplicate / a later file's replacement (the older row counted
 * 被替代), or rejected (file, line, column, value, reason; IDs masked unless unmask), total
 * and note rows skipped. used (one per field of the kind; NULL: all) marks the text fields
 * whose values are kept (a key field, or one an indicator filters on or counts); the others
 * are checked (a required one must not be blank) and stored as 1. GY_OK, or the error that
 * stopped reading with *err. A workbook's sheet: the one `sheet` names (--sheet), or with
 * sheet NULL the first whose header maps. */
gy_error gy_kinds_read(const char *path, const char *sheet, int kind, uint32_t file,
                       gy_encoding enc, bool unmask,
                       const gy_aliases *al, const gy_region *rg, const bool *used,
                       gy_decl_store *st, gy_ledger *lg, GError **err);

#endif
