/* indicator.h — the indicator table (report_templates/indicators.tsv): each indicator's name
 * as targets files and reports spell it, its canonical key, unit, measure word for prose,
 * short name for sheet titles and display decimals. Editable without recompiling; the rows'
 * order is the reports' order. */
#ifndef GUIYAN_INDICATOR_H
#define GUIYAN_INDICATOR_H

#include <glib.h>
#include "guiyan/cube.h"
#include "guiyan/declared.h"
#include "guiyan/error.h"

/* One row of the table. Strings are owned by the table. */
typedef struct gy_indicator {
    gy_ind ind;               /* from the key, via gy_ind_from_key */
    const char *name;         /* 创业担保贷款发放金额(万元) */
    const char *key;          /* loan_amount */
    const char *unit;         /* column unit in tables: 人, 个, 笔, 万元 */
    const char *measure;      /* measure word in prose: 人, 个, 笔, 元 */
    const char *short_name;   /* 贷款金额 (sheet titles, chart labels) */
    int decimals;             /* decimals shown in tables, 0..6 */
    unsigned line;            /* line of the table file it came from */
    /* columns 7.. (kind, count, filter, date, aliases), or NULL for a six-column line. A row
     * whose kind is not the startup ledger is a declared indicator: it is listed by
     * gy_indicators_declared_at, not by gy_indicators_at, and its ind is a slot of its own
     * after the ledger's, GY_IND__COUNT + its place among them (gy_indicator_is_declared):
     * targets and tracking tables keep its figures there; it never names a cube measure. */
    gy_decl_spec *decl;
} gy_indicator;

typedef struct gy_indicators gy_indicators;

/* Most indicators of other lists one table may declare. */
#define GY_INDICATOR_MAX_DECLARED 64

/* Most decimals an indicator may ask for. */
#define GY_INDICATOR_MAX_DECIMALS 6

/* Load the table from a UTF-8 file (a BOM and CRLF line ends are accepted). Lines that are
 * blank or start with '#' are comments; every other line has six tab-separated columns:
 * name, key, unit, measure, short, decimals (spaces around a column are ignored).
 * Returns a new table (free with gy_indicators_free), or NULL with *err set in domain
 * GY_ERROR: GY_E_IO when the file cannot be read, GY_E_TEMPLATE with "path:line: reason" for
 * a bad line (wrong column count, empty column, unknown key, key or name given twice,
 * decimals not 0..6, invalid UTF-8) or a file with no indicator at all. */
gy_indicators *gy_indicators_load(const char *path, GError **err);

/* The same from text in memory; `origin` names it in messages. */
gy_indicators *gy_indicators_parse(const char *text, size_t len, const char *origin,
                                   GError **err);

void gy_indicators_free(gy_indicators *t);

/* Rows in file order. gy_indicators_at returns NULL for i >= count. */
size_t gy_indicators_count(const gy_indicators *t);
const gy_indicator *gy_indicators_at(const gy_indicators *t, size_t i);

/* Find an indicator by the name a targets file or header uses. Compared after folding
 * (spaces removed, full-width brackets and ASCII folded, case ignored: gy_header_fold), so
 * "创业担保贷款发放金额（万元）" and "创业担保贷款发放金额(万元)" are the same name. Also
 * accepted: the key ("loan_amount"), and the name without its trailing bracketed unit
 * ("创业担保贷款发放金额"). *out is set on success (borrowed from t).
 * Errors: GY_E_INDICATOR_UNKNOWN (also for NULL or empty name). */
gy_error gy_indicators_find(const gy_indicators *t, const char *name, const gy_indicator **out);

/* By exact key / by indicator; NULL when the table has no such row. */
const gy_indicator *gy_indicators_by_key(const gy_indicators *t, const char *key);
const gy_indicator *gy_indicators_by_ind(const gy_indicators *t, gy_ind ind);

/* Whether r counts another list (its ind is a slot past the cube's); whether its figure is a
 * distinct count (persons, entities, distinct values), which a total recomputes, never sums. */
bool gy_indicator_is_declared(const gy_indicator *r);
bool gy_indicator_is_distinct(const gy_indicator *r);

/* Declared indicators (a kind other than "startup"), in file order; NULL for i >= count. */
size_t gy_indicators_n_declared(const gy_indicators *t);
const gy_indicator *gy_indicators_declared_at(const gy_indicators *t, size_t i);
/* A declared indicator by name (folded as gy_indicators_find; also its key, its short name,
 * its name without the unit and its aliases). NULL when none. */
const gy_indicator *gy_indicators_find_declared(const gy_indicators *t, const char *name);

#endif
