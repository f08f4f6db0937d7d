/* targets.h — the year's targets per county and indicator (targets file `county,indicator,target`)
 * and the tracking column built from them and the cube's figures: 年度目标, 当月, 累计,
 * 上年同期累计 per county, handed to gy_track_column for 完成率, 序时进度差, 排名 and 同比. */
#ifndef GUIYAN_TARGETS_H
#define GUIYAN_TARGETS_H

#include <stdbool.h>
#include <glib.h>

#include "guiyan/county.h"
#include "guiyan/cube.h"
#include "guiyan/error.h"
#include "guiyan/indicator.h"
#include "guiyan/measures.h"
#include "guiyan/row.h"

typedef struct gy_aliases gy_aliases;   /* schema.h */

typedef struct gy_targets gy_targets;

/* The indicators a set of targets can hold: the cube's, then the slots of the indicators of
 * other lists (gy_indicator_is_declared: ind = GY_IND__COUNT + k). */
#define GY_TARGET_SLOTS (GY_IND__COUNT + GY_INDICATOR_MAX_DECLARED)

/* An empty set of targets for a region of n_counties counties and units. Free with
 * gy_targets_free (accepts NULL). */
gy_targets *gy_targets_new(size_t n_counties);
void gy_targets_free(gy_targets *t);

/* Set the target of a county (index in the region) for an indicator: a count, or fen for
 * money indicators. GY_E_USAGE when county or ind is out of range, GY_E_AMOUNT_NEGATIVE for a
 * negative target. Setting twice replaces. */
gy_error gy_targets_set(gy_targets *t, size_t county, gy_ind ind, int64_t target);

/* The target of a county for an indicator; false (and *out = 0) when none was given. */
bool gy_targets_get(const gy_targets *t, size_t county, gy_ind ind, int64_t *out);

/* The city's own target for ind, from a 合计 / 全市 row of the targets file; false (and
 * *out = 0) when the file has none (the 合计 target is then the counties' sum). */
bool gy_targets_city(const gy_targets *t, gy_ind ind, int64_t *out);

/* True when at least one county has a target for ind. */
bool gy_targets_has_ind(const gy_targets *t, gy_ind ind);

size_t gy_targets_n_counties(const gy_targets *t);

/* Record a target given on `line` (>= 1) of a targets file for county (an index in the
 * region, or SIZE_MAX for the city's own 合计 target) and ind: v (a count, or fen), or "no
 * target" when blank. GY_E_CONFIG, with *first (may be NULL) set to the line the pair was
 * first given on, when it was given before; GY_E_USAGE when county or ind is out of range. */
gy_error gy_targets_put(gy_targets *t, size_t county, gy_ind ind, int64_t v, bool blank,
                        unsigned long line, unsigned long *first);

/* Most problems one gy_targets_load call reports before it stops reading. */
#define GY_TARGETS_MAX_PROBLEMS 20

/* Read a targets file: a CSV (UTF-8 with or without BOM, or GB18030; enc as for records) with
 * a header naming the columns county, indicator and target in any order and any spelling of
 * the [targets] section of the alias file. Each row gives one county's (gy_region_resolve)
 * target for one indicator (gy_indicators_find: the table's name, with or without its
 * bracketed unit, or the key). Money targets are in 万元 unless the value says 元
 * (gy_amount_parse); counts are whole numbers (gy_count_parse). A blank target means "no
 * target" (the same as leaving the row out). Blank lines are skipped.
 *
 * Returns the targets, or NULL with *err set. A bad row is an error naming the file (its base
 * name), the physical line and the reason — "targets_2021.csv:7: unknown indicator '创业人数'";
 * every bad row is reported (up to GY_TARGETS_MAX_PROBLEMS), one per line of err->message,
 * and err->code is the first one's: GY_E_COUNTY_UNKNOWN / _AMBIGUOUS / _OUTSIDE,
 * GY_E_INDICATOR_UNKNOWN, GY_E_AMOUNT_* or GY_E_COUNT_* for the value, GY_E_CONFIG for a
 * (county, indicator) given twice, bytes not valid in the file's encoding or a file without
 * any target, GY_E_MISSING_COLUMN for the header, GY_E_IO when the file cannot be read.
 * al, rg and it are borrowed for the call. Reads the file: defined in src/setup/targets_load.c. */
gy_targets *gy_targets_load(const char *path, gy_encoding enc, const gy_aliases *al,
                            const gy_region *rg, const gy_indicators *it, GError **err);

/* gy_targets_load of a workbook's sheet: the one `sheet` names (--sheet NAME or N; GY_E_USAGE
 * naming the sheets there are when none matches), or with sheet NULL or "all" the first sheet
 * whose header names the targets' columns (the default of gy_targets_load). For a text file
 * sheet is ignored. Defined in src/setup/targets_load.c. */
gy_targets *gy_targets_load_sheet(const char *path, const char *sheet, gy_encoding enc,
                                  const gy_aliases *al, const gy_region *rg,
                                  const gy_indicators *it, GError **err);

/* gy_targets_load_sheet that also registers the file as an input of lg (a ledger of its own,
 * borrowed for the call) with what manifest.json shows of an input: size and SHA-256 of the
 * bytes parsed, encoding, reader and sheet, the header's line and its header → field mapping
 * (county, indicator, target; in the wide form each indicator column mapped to the
 * indicator's key), and its rows (read = accepted target rows + skipped notes). lg NULL: as
 * gy_targets_load_sheet. Defined in src/setup/targets_load.c. */
typedef struct gy_ledger gy_ledger;
gy_targets *gy_targets_load_input(const char *path, const char *sheet, gy_encoding enc,
                                  const gy_aliases *al, const gy_region *rg,
                                  const gy_indicators *it, gy_ledger *lg, GError **err);

/* Fill the inputs of one indicator's tracking column and run gy_track_column on it.
 * cells holds n + 1 cells (n = the region's counties and units, the 合计 last). months is a
 * GY_GRAIN_MONTH table whose last column is the as-of month (当月), ytd a table whose last
 * column is the year to the as-of day (累计), prev one whose last column is the previous
 * year's same period (上年同期累计), or NULL when the inputs do not cover it (has_prev false,
 * 同比 "—"). The tables need n + 1 rows, 合计 last, as gy_cube_table makes them for the
 * region; reporting units are the counties whose gy_region_code is "" (is_unit).
 * Errors: GY_E_USAGE for tables of the wrong shape, and gy_track_column's. */
gy_error gy_targets_track(const gy_targets *t, gy_ind ind, const gy_region *rg,
                          const gy_table *months, const gy_table *ytd, const gy_table *prev,
                          const gy_track_opts *opts, gy_track_cell *cells);

/* The same day of the previous year for 上年同期 (29 February → 28 February); GY_NO_DAY for
 * GY_NO_DAY or a day whose previous year is out of range. */
gy_day gy_track_prev_day(gy_day as_of);

/* The figures of a tracking run as of a day, exact also for a mid-month day: *months is
 * GY_GRAIN_MONTH from January of as_of's year through as_of's month with dates after as_of
 * left out (so the last column is the month to date, 当月), *ytd is GY_GRAIN_YTD over the same
 * columns (its last column 1 January through as_of, distinct counts recomputed: 累计), and
 * *prev the same YTD of the previous year through gy_track_prev_day(as_of) (上年同期累计) —
 * or NULL when the cube holds nothing from the previous year's January or earlier, so that
 * last year is not covered. The tables
 * are new (gy_table_free). */
void gy_track_tables(const gy_cube *c, gy_day as_of, gy_table **months, gy_table **ytd,
                     gy_table **prev);

#endif
