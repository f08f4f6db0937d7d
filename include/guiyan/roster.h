/* roster.h — reading award rosters (返乡创业明星 and 明星企业, `guiyan stars`): each file's
 * header mapped, every row an award, a duplicate or a reject in the ledger and the roster,
 * with the same sheet choice, reject masking and byte accounting (size, SHA-256) as the
 * records' load. */
#ifndef GUIYAN_ROSTER_H
#define GUIYAN_ROSTER_H

#include <stdbool.h>
#include <gio/gio.h>
#include "guiyan/county.h"
#include "guiyan/ledger.h"
#include "guiyan/reader.h"
#include "guiyan/schema.h"

typedef struct gy_roster gy_roster;

typedef struct gy_roster_opts {
    gy_encoding encoding;
    bool unmask;             /* rejected ID numbers as written, not masked */
    const char *sheet;       /* --sheet NAME|N: which sheet of a workbook (NULL: the first
                                whose header is recognised) */
    GCancellable *cancel;    /* checked between files; may be NULL */
} gy_roster_opts;

/* Check the header of every roster before any is read (standard input and pipes are left
 * for the reading). *err names the file. */
gy_error gy_rosters_check_headers(const char *const *files, size_t n, const gy_aliases *al,
                                  const gy_roster_opts *o, GError **err);

/* Read n rosters into ro (made for these files) and lg (no inputs yet: they are added, in
 * order). Row problems are rejects, never errors; an error stops at its file. */
gy_error gy_rosters_read(const char *const *files, size_t n, const gy_aliases *al,
                         const gy_region *rg, const gy_roster_opts *o, gy_roster *ro,
                         gy_ledger *lg, GError **err);

/* Read one roster as ledger input `file` (already added to lg; ro made for the files): every
 * row an award, a duplicate, a skipped row or a reject. The declared lists of summary, track
 * and reply read their award rosters with it (run/lists.c). */
gy_error gy_roster_read_file(const char *path, uint32_t file, const gy_roster_opts *o,
                             const gy_aliases *al, const gy_region *rg, gy_roster *ro,
                             gy_ledger *lg, GError **err);

#endif
