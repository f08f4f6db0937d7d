/* workbook.h — the statistics workbook of `guiyan summary`: one official table per indicator
 * (counties down, months and 累计 across, 合计 row), the 问题数据 sheet (rejected rows) and the
 * 数据说明 sheet (inputs with SHA-256 and row accounting, options, indicator definitions). */
#ifndef GUIYAN_WORKBOOK_H
#define GUIYAN_WORKBOOK_H

#include <glib.h>

#include "guiyan/cube.h"
#include "guiyan/error.h"
#include "guiyan/ledger.h"
#include "guiyan/sheet.h"

/* What the summary workbook needs besides the figures. Everything is borrowed for the call. */
typedef struct gy_summary_opts {
    const char *region_label;        /* "乐山市": starts every title; NULL or "" for none */
    const char *filler;              /* 填报单位 ("乐山市人力资源和社会保障局"); NULL leaves it out */
    const char *const *county_names; /* NULL-terminated, one per county row of the tables, in
                                      * their order (gy_region_name(rg, i) for i < count) */
    gy_day cutoff;                   /* 统计截止日期; GY_NO_DAY: not stated */
    gy_day made_on;                  /* 制表日期 and the document date; GY_NO_DAY: cutoff, and
                                      * the date left blank on paper */
    const char *const *settings;     /* NULL-terminated pairs, label then value, shown under
                                      * 统计选项 ("统计地区", "乐山市", "编码", "自动识别"); may be NULL */
    const gy_style *style;           /* NULL: the built-in style */
    const char *generator;           /* "guiyan 0.1.0"; NULL: "guiyan" */
} gy_summary_opts;

/* Write the workbook to `path` (temporary file renamed when complete).
 *
 * months: GY_GRAIN_MONTH columns of one calendar year (1 to 12 of them, in order); ytd: the
 * 累计 (GY_GRAIN_YTD or GY_GRAIN_YEAR), its last column is used. Both have one row per county
 * in the order of county_names and the total last, as gy_cube_table makes them.
 *
 * Sheets: 返乡创业人数, 创办经济实体, 创业担保贷款笔数, 创业担保贷款金额(万元), 带动就业人数 —
 * every county (zeros where nothing happened), 合计 last. Additive indicators (loans, amounts,
 * jobs) have their 累计 column and 合计 row as SUM formulas carrying their exact values, which
 * must agree with the tables (GY_E_USAGE with the county and column if not: a caller bug);
 * distinct counts (persons, entities) show the tables' own values, with a 注 saying why the
 * totals are not sums. Then 问题数据 (the ledger's rejects: 文件, 行号, 列, 值, 原因; values are
 * always text, "=1+1" is never evaluated) and 数据说明 (inputs, options, definitions, dates).
 * ledger may be NULL (no inputs, no rejects); it is only read.
 *
 * Errors: GY_E_USAGE (tables of the wrong shape or inconsistent), GY_E_IO (the file cannot be
 * written; nothing is left at path), GY_E_NOMEM. *err names the problem. */
gy_error gy_workbook_summary_write(const char *path, const gy_summary_opts *o,
                                   const gy_table *months, const gy_table *ytd,
                                   const gy_ledger *ledger, GError **err);

#endif
