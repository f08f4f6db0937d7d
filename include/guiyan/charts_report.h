/* charts_report.h — the charts guiyan's users get: charts.pdf (A4 landscape, one chart a page,
 * each page with title, period and data cut-off, unit, source note and page number) written by
 * `guiyan summary` and `guiyan track`, and with --png DIR / --svg DIR each chart on its own
 * (PNG at the style's dpi, 300 by default). Built on the chart renderer (chart.h): this module
 * decides which charts, their wording and their figures; the style is the templates folder's
 * charts.ini. Figures come from the cube or from the caller's arrays, never from a CSV. */
#ifndef GUIYAN_CHARTS_REPORT_H
#define GUIYAN_CHARTS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "guiyan/coverage.h"
#include "guiyan/config.h"
#include "guiyan/county.h"
#include "guiyan/cube.h"
#include "guiyan/error.h"
#include "guiyan/measures.h"
#include "guiyan/types.h"

/* The Debian package named when no font can show the reports' characters. */
#define GY_CHARTS_FONT_PACKAGE "fonts-noto-cjk"

/* Check, before any data is read, that the charts can be drawn: cf's charts.ini parses and
 * an installed font covers every character of the charts' wording (titles, units, notes, cf's
 * org and source). On GY_OK *warning (if not NULL) is NULL, or an English message when the
 * configured family is not installed or lacks characters and another family will be used
 * (newly allocated; the caller prints it). Errors: GY_E_FONT with *err naming the character and
 * the package fonts-noto-cjk (exit 3), GY_E_TEMPLATE for a bad charts.ini. */
gy_error gy_charts_preflight(const gy_config *cf, char **warning, GError **err);

/* The charts of `guiyan summary`, for the year of `cutoff` (its January through its day):
 * for each of startups, entities, loans, loan_amount and jobs, in that order,
 *   - a bar chart by county (the region's report order: GB/T 2260, then units) of the
 *     1月—N月 figure (gy_cube_table GY_GRAIN_YTD; distinct counts come from the cube, the
 *     region's 合计 is in the note), file name bar_<key>;
 *   - a trend chart of the monthly figures of that year (months after the cut-off absent)
 *     against the previous year (months before the cube's first month absent; left out when
 *     the cube has nothing of that year), file name trend_<key>.
 * Every record counts, whatever its dates. pdf_path (NULL: no PDF) gets all of them,
 * with the cut-off day as the PDF's date, so the same data gives the same bytes; png_dir and
 * svg_dir (NULL: none; created if missing) get <name>.png / <name>.svg. Wording: titles
 * "乐山市2021年1—6月各县（市、区）返乡创业人数", subtitle "2021年1—6月 · 数据截至2021年6月30日",
 * "数据来源：<cf->source>" and "填报单位：<cf->org>". Files are written through temp files.
 * *warning (if not NULL): NULL or a font substitution message to print (newly allocated).
 * Errors: GY_E_USAGE when cutoff is GY_NO_DAY, GY_E_FONT, GY_E_TEMPLATE (charts.ini),
 * GY_E_IO. Files finished before an error stay. */
gy_error gy_charts_summary(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                           gy_day cutoff, const char *pdf_path, const char *png_dir,
                           const char *svg_dir, char **warning, GError **err);

/* The same by period grain, counting only dates in [from, to] as gy_cube_table does
 * (GY_NO_DAY: open; gy_charts_summary leaves both open). GY_GRAIN_MONTH is
 * gy_charts_summary; GY_GRAIN_QUARTER draws per indicator a bar chart by county grouped by
 * the quarters of the cut-off year (一季度 …; the note gives the region's 合计 of each) and a
 * quarterly trend against the year before;
 * GY_GRAIN_YEAR a bar chart by county grouped by year (the latest GY_CHART_MAX_SERIES years
 * of the data; "2021年1—6月" for a year not over at the cut-off) and a yearly trend of the
 * 合计 over every year of the data. File names, outputs and errors as gy_charts_summary.
 * cover (cover[GY_COVER__KINDS], gy_ledger_coverage; NULL: not known) by month: on the trend
 * charts a month no record covers is "—", never 0, with a note; the bar charts note records
 * that start after 1 January. */
gy_error gy_charts_summary_by(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                              gy_grain grain, gy_day cutoff, gy_day from, gy_day to,
                              const gy_cover *cover, const char *pdf_path, const char *png_dir,
                              const char *svg_dir, char **warning, GError **err);

/* One indicator of the tracking charts. Plain arrays, borrowed for the call. */
typedef struct gy_charts_track_part {
    gy_ind ind;                   /* which indicator (its name, unit and file name) */
    const gy_ratio *completion;   /* n_counties 完成率 = {累计, 年度目标} in region order;
                                   * den <= 0 (GY_RATIO_NONE): no target, drawn "—" */
    gy_ratio total;               /* the region's 合计 完成率 for the note; den <= 0: none */
    const char *coverage_note;    /* "记录自2021年6月1日起，…" added to the note; NULL: none */
    const char *name;             /* an indicator of another list (ind past the cube's): its
                                   * name in titles and key in file names; NULL otherwise */
    const char *key;
    const char *source;           /* another list's name for 数据来源 (培训台账); NULL: the
                                   * configured source (返乡创业实名制台账) */
} gy_charts_track_part;

/* The charts of `guiyan track`: per part, in order, a 完成率 chart by county against the
 * 序时进度 line (`progress`, e.g. gy_time_progress(as_of, mode)), bars green at or above it,
 * yellow up to `yellow` hundredths of a point below (GY_YELLOW_DEFAULT), red further below,
 * with marks ▲ ● ▼; file name completion_<key>. A part where no county has a target is left
 * out. n_counties must be gy_region_count(rg). Titles "乐山市2021年1—6月各县（市、区）返乡创业
 * 人数目标完成率", subtitle with 序时进度 and the as-of day; PDF date the as-of day. Outputs,
 * *warning and errors as gy_charts_summary; GY_E_USAGE also when n_counties does not match
 * or no part has a target. */
gy_error gy_charts_track(const gy_region *rg, const gy_config *cf, gy_day as_of,
                         gy_ratio progress, int64_t yellow, const gy_charts_track_part *parts,
                         size_t n_parts, size_t n_counties, const char *pdf_path,
                         const char *png_dir, const char *svg_dir, char **warning,
                         GError **err);

/* What gy_charts_summary / gy_charts_track would draw, without writing anything: for each
 * chart in order a line "chart\t<file name>" and then its gy_chart_dump text (one page of
 * charts.pdf per "page" line). For tests. NULL with *err as the writers. Newly allocated. */
char *gy_charts_summary_dump(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                             gy_day cutoff, GError **err);
char *gy_charts_summary_dump_by(const gy_cube *cube, const gy_region *rg, const gy_config *cf,
                                gy_grain grain, gy_day cutoff, GError **err);
char *gy_charts_track_dump(const gy_region *rg, const gy_config *cf, gy_day as_of,
                           gy_ratio progress, int64_t yellow, const gy_charts_track_part *parts,
                           size_t n_parts, size_t n_counties, GError **err);

#endif
