/* load.h — the one streaming pass: read every input, map its header, turn each row into a
 * record (or a reject with its reason), drop duplicates, and account for every row. */
#ifndef GUIYAN_LOAD_H
#define GUIYAN_LOAD_H

#include <stdbool.h>
#include <gio/gio.h>
#include "guiyan/county.h"
#include "guiyan/cube.h"
#include "guiyan/ledger.h"
#include "guiyan/reader.h"
#include "guiyan/schema.h"

/* Called now and then with bytes read so far (of all inputs) and rows read; for progress. */
typedef void (*gy_progress_fn)(unsigned long long bytes, unsigned long rows, void *user);

typedef struct gy_load_opts {
    gy_encoding encoding;        /* GY_ENC_AUTO to detect per file */
    gy_day from, to;             /* the run's --from/--to (GY_NO_DAY = open): only to is
                                    used here, to place a month-only start date (see gy_load);
                                    every row is stored whatever its dates, and the figures
                                    take the bounds (gy_cube_table) */
    int threads;                 /* 0 = choose; 1 = single thread */
    bool unmask;                 /* rejected ID numbers as written, not masked */
    bool order_given;            /* --order given: later files named are newer, not by cut-off */
    /* which sheet of a workbook: NULL for the first whose header is recognised, a name, a
     * number (1 = the first), or "all": every sheet whose header is recognised, each its
     * own input. Text files have no sheets and ignore it. */
    const char *sheet;
    gy_progress_fn progress;
    void *progress_user;
    /* checked between files and every 16,384 rows: a cancelled load stops with
     * G_IO_ERROR_CANCELLED (returned as GY_E_IO); may be NULL */
    GCancellable *cancel;
} gy_load_opts;

/* Load `n` files into cube (empty, for the region) and ledger (no inputs yet), and settle it.
 * A row's dates never keep it out of the cube: [from, to] bounds the figures, not the store. A
 * start date given to the month only (2021年6月) stands on the month's first day, or on its
 * last when `to` falls inside the month (so --to leaves it out). A start or loan date after
 * the day a file was written rejects its row. The files are then ordered (gy_ledger_order: by
 * cut-off unless order_given) and each startup held by several files decided by the newest
 * (gy_cube_supersede): the ledger counts the rows left out and keeps the updates, their entity
 * names and credit codes read back from the files where they changed. A file given twice is read once (the ledger's
 * same_as says so); more than GY_MAX_FILES files is GY_E_TOO_MANY_FILES. Stops at the first file whose required columns are
 * missing (GY_E_MISSING_COLUMN) or on I/O error (GY_E_IO), before touching later files;
 * *err says which file. Row problems are never errors: they are rejects in the ledger. */
gy_error gy_load(const char *const *files, size_t n, const gy_aliases *al, const gy_region *rg,
                 const gy_load_opts *opts, gy_cube *cube, gy_ledger *ledger, GError **err);

/* Check the header of every file before reading any data (so a run stops before any output). */
gy_error gy_load_check_headers(const char *const *files, size_t n, const gy_aliases *al,
                               gy_encoding enc, const char *sheet, GError **err);

/* The sheet of workbook rd (gy_reader_n_sheets > 0) that --sheet `spec` names: a number from 1
 * or a name. GY_E_USAGE with *err naming path and the sheets there are if none matches. */
gy_error gy_load_sheet_index(gy_reader *rd, const char *path, const char *spec, size_t *out,
                             GError **err);

#endif
