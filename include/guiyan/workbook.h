/* workbook.h — the statistics workbook of `guiyan summary`: one official table per indicator
 * (counties down, months and 累计 across, 合计 row), the 问题数据 sheet (rejected rows) and the
 * 数据说明 sheet (inputs with SHA-256 and row accounting, options, indicator definitions). */
#ifndef GUIYAN_WORKBOOK_H
#define GUIYAN_WORKBOOK_H

#include <glib.h>

#include "guiyan/coverage.h"
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
    bool personal;                   /* 问题数据 shows ID numbers in full (--unmask): mode 0600 */
    const char *row_head;            /* header of the row labels and the 注's wording: NULL for
                                      * "县（市、区）", "乡镇（街道）" for a county's townships */
} gy_summary_opts;

/* Write the workbook to `path` (temporary file renamed when complete).
 *
 * months: the period columns — GY_GRAIN_MONTH of one calendar year (1 to 12 of them, in
 * order; headers 1月…), GY_GRAIN_QUARTER of one year (1 to 4; 一季度…, the "季度统计表"), or
 * GY_GRAIN_YEAR (consecutive years; 2020年, and 2021年1—6月 for the year of a cut-off before
 * 31 December; the "年度统计表"); ytd: the 累计 (GY_GRAIN_YTD or GY_GRAIN_YEAR), its last
 * column is used; NULL with years, where each year is its own 累计. All have one row per
 * county in the order of county_names and the total last, as gy_cube_table makes them.
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

/* ---- the tracking workbook of `guiyan track` and its CSV twin (workbook_track.c,
 * track_csv.c) ---- */

#include "guiyan/indicator.h"
#include "guiyan/measures.h"

/* One indicator of the tracking table: its row of the indicator table and its column of
 * cells, n_counties + 1 of them with the 合计 last, as gy_track_column (or gy_targets_track)
 * fills them. Both borrowed. */
typedef struct gy_track_part {
    const gy_indicator *indicator;
    const gy_track_cell *cells;
} gy_track_part;

/* Everything the tracking outputs show. Everything is borrowed for the call. */
typedef struct gy_track_view {
    const char *region_label;        /* "乐山市": starts every title; NULL or "" for none */
    const char *filler;              /* 填报单位; NULL leaves it out */
    const char *source;              /* 数据来源 ("返乡创业实名制台账"); NULL: that */
    const char *const *county_names; /* NULL-terminated, one per county row, table order */
    const char *const *county_codes; /* the same length: "511102", "" for reporting units */
    const char *const *input_names;  /* NULL-terminated names of the input files (注); may be NULL */
    const char *targets_name;        /* name of the targets file (注); may be NULL */
    gy_day as_of;                    /* 统计截止日期, the document date and 制表日期 */
    gy_progress_mode progress_mode;  /* how 序时进度 was measured (注) */
    gy_ratio progress;               /* gy_time_progress(as_of, progress_mode) */
    int64_t yellow;                  /* yellow band in hundredths of a point (legend) */
    bool total_first;                /* workbook: 合计 row before the counties (the CSV keeps
                                      * it last) */
    bool rank_units;                 /* units without a county code were ranked (注) */
    bool has_prev;                   /* the inputs cover last year's period: 上年同期 shown */
    const char *coverage_note;       /* "记录自2021年6月1日起，1—5月无记录，累计不含1—5月" when
                                      * the records start after 1 January (or "记录截至…" when
                                      * they end before the as-of month); NULL otherwise */
    const char *loan_note;           /* the same by loan dates, for 贷款笔数 and 金额; NULL: none */
    const gy_cover *cover;           /* [GY_COVER__KINDS]: a month neither covers is "—" on
                                      * the monthly sheets; NULL: all months shown */
    const gy_table *months;          /* GY_GRAIN_MONTH, January through the as-of month of the
                                      * as-of year (that month up to the as-of day), rows as
                                      * the cells' */
    const gy_track_part *parts;      /* in report order */
    size_t n_parts;                  /* 1 or more */
    const gy_cover *const *part_cover; /* per part: the coverage of another list's indicator
                                      * (培训台账's 结业日期: a month it does not touch is "—"),
                                      * NULL for the records' indicators; NULL: none */
    const char *const *part_cover_what; /* per part with a part_cover: "培训台账结业日期" */
    const gy_style *style;           /* NULL: the built-in style */
    const char *generator;           /* "guiyan 0.1.0"; NULL: "guiyan" */
    const char *row_head;            /* header of the row labels; NULL: "县（市、区）" */
} gy_track_view;

/* Write the tracking workbook to `path` (temporary file renamed when complete):
 * 总览 — per indicator a block of rows, one per county and the 合计 (first or last), with
 *   年度目标, 当月, 累计, 完成率, 序时进度, 与序时进度差, 排名, 上年同期累计, 同比; rates are
 *   formulas carrying their values, 完成率 and 与序时进度差 filled green / yellow / red with a
 *   mark (▲ ● ▼) in the number format so a black-and-white print shows the level;
 * one sheet per indicator with 1月 … 12月 (months after the as-of month blank), 累计 and
 *   完成率; additive totals are SUM formulas that must agree with the cells (GY_E_USAGE if
 *   not: a caller bug), distinct counts show the cube's own values with a 注;
 * one chartsheet per indicator: 完成率 by county as columns, with the 序时进度 line, both
 *   referring to the 总览 cells.
 * The document date is the as-of date: the same view gives a byte-identical file.
 * Errors: GY_E_USAGE (a view of the wrong shape), GY_E_IO (nothing is left at path),
 * GY_E_NOMEM; *err names the problem. */
gy_error gy_workbook_track_write(const char *path, const gy_track_view *v, GError **err);

/* Append track.csv to s: a UTF-8 BOM, the header
 * county_code,county,indicator,target,month_value,ytd_value,completion,time_progress,
 * gap_points,rank,prev_ytd,yoy and, per part in order, one row per county then the 合计 (code
 * empty, county 合计). indicator is the table's name; money in 万元 with 4 decimals; completion,
 * time_progress and yoy in percent and gap_points in points with 2 decimals; empty where not
 * defined (no target, no rank, last year not covered or zero; month_value when no record covers
 * the as-of month). CRLF line ends. */
void gy_track_csv(GString *s, const gy_track_view *v);

/* Whether no record of ind's kind of date covers month m of v (the as-of month up to the as-of
 * date): its figure is not known, so "—" (empty in track.csv), never 0. */
bool gy_track_month_uncovered(const gy_track_view *v, gy_ind ind, gy_month m);

#endif
