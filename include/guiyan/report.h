/* report.h — the plain-text outputs of a run: summary.csv and manifest.json. */
#ifndef GUIYAN_REPORT_H
#define GUIYAN_REPORT_H

#include <stdbool.h>
#include "guiyan/county.h"
#include "guiyan/coverage.h"
#include "guiyan/cube.h"
#include "guiyan/ledger.h"

/* Append the summary.csv rows of table t (periods in column order; in each period every
 * county in region order with zeros, then 合计 last) to s. With header = true, first the BOM
 * and the header line. ytd (may be NULL) has the same columns at GY_GRAIN_YTD; its rows
 * follow each period's rows. With cv (may be NULL), a 0 in a column whose kind of date
 * (gy_cover_kind_of) does not cover its period (gy_cover_column) is left empty: no record
 * covers it, which is not 0. */
void gy_summary_csv(GString *s, const gy_table *t, const gy_table *ytd, const gy_region *rg,
                    const gy_cover cv[GY_COVER__KINDS], bool header);

/* A name/value pair for the manifest's "options" and "outputs". */
typedef struct gy_kv { const char *key; const char *value; } gy_kv;

/* manifest.json: inputs (name, size, sha256, encoding, rows), totals, outputs, options,
 * version. Deterministic: no clock. Written atomically. */
gy_error gy_manifest_write(const char *path, const gy_ledger *lg, const char *command,
                           const gy_kv *options, size_t n_options, const char *const *outputs,
                           size_t n_outputs, GError **err);

/* Check the outputs in dir against dir/manifest.json: each listed output is there, a regular
 * file, of the size and SHA-256 listed. A message (newly allocated, naming the file) for each
 * that is not goes to problems; *n_checked counts the outputs checked. GY_E_IO when the
 * manifest cannot be read or lists no outputs with their SHA-256 (an older guiyan's). */
gy_error gy_manifest_check(const char *dir, GPtrArray *problems, size_t *n_checked,
                           GError **err);

/* Fen as 万元 with 4 decimals ("18806.3712"), exact, for machine outputs. */
void gy_fen_wan4(GString *s, gy_fen v);

#endif
