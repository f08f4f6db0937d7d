/* chart.h — charts that print right: bar charts by county, monthly trend lines (this year
 * against last year) and 完成率 charts against 序时进度, drawn with cairo + pango into an A4
 * landscape PDF of several pages (charts.pdf), or one chart per PNG (300 dpi) / SVG file.
 *
 * Independent of the rest of guiyan: figures come in as int64 arrays (counts, or money in fen)
 * with the category labels in the order to draw them (the caller's GB/T 2260 order). Every
 * number drawn is exact decimal text made with integer arithmetic, rounded half away from zero;
 * doubles are used for geometry only. Chinese text goes through pango with the language set to
 * zh-cn. Same inputs, same bytes: PDF dates come from the caller. */
#ifndef GUIYAN_CHART_H
#define GUIYAN_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cairo.h>
#include <glib.h>
#include "guiyan/error.h"

/* ---- style (report_templates/charts.ini) ---- */

typedef struct gy_chart_rgb {
    double r, g, b;                 /* 0..1 */
} gy_chart_rgb;

#define GY_CHART_MAX_SERIES 4

/* How charts look. Sizes in points (1/72 inch). Public so a caller may adjust a field after
 * loading; strings are owned by the style (g_free'd by gy_chart_style_free). */
typedef struct gy_chart_style {
    char *font;                     /* family; default "Noto Sans CJK SC" */
    double title_size, subtitle_size, label_size, value_size, tick_size, note_size;
    double min_size;                /* no text is shrunk below this to fit */
    double page_width, page_height, margin;     /* the PDF page (A4 landscape) */
    double image_width, image_height, image_margin;     /* one chart as PNG/SVG */
    int dpi;                        /* PNG resolution the caller should pass; default 300 */
    int ticks;                      /* value-axis intervals aimed at (1-2-5 steps) */
    int vertical_max;               /* more categories than this: horizontal bars */
    double row_min;                 /* horizontal bars: least row height before a page break */
    int money_digits;               /* decimals of values shown in 元 */
    int wan_digits;                 /* decimals of values shown in 万 / 亿 */
    int percent_digits;             /* decimals of 完成率 and 序时进度 */
    int64_t count_wan_from;         /* counts at least this large are shown in 万 */
    int64_t yellow_band;            /* hundredths of a percentage point; default 1000 = 10 */
    char *page_format;              /* "第 &P 页 共 &N 页": &P this page, &N pages */
    char *mark_green, *mark_yellow, *mark_red;  /* text marks beside 完成率: ▲ ● ▼ */
    char *no_value;                 /* drawn for a missing figure or no target: "—" */
    gy_chart_rgb text, muted, grid, axis, schedule, green, yellow, red;
    gy_chart_rgb series[GY_CHART_MAX_SERIES];
    bool hatch[GY_CHART_MAX_SERIES];            /* series drawn hatched (grayscale printing) */
    bool hatch_red;
} gy_chart_style;

/* The built-in style. Never NULL; free with gy_chart_style_free. */
gy_chart_style *gy_chart_style_new(void);

/* The built-in style overridden by the keys of an ini file (see report_templates/charts.ini).
 * path NULL or a file that does not exist gives the built-in style. NULL with *err (GY_ERROR,
 * GY_E_TEMPLATE "path: [group] key: reason") for a value that does not parse. */
gy_chart_style *gy_chart_style_load(const char *path, GError **err);

gy_chart_style *gy_chart_style_copy(const gy_chart_style *st);
void gy_chart_style_free(gy_chart_style *st);      /* accepts NULL */

/* ---- fonts ---- */

/* Check through fontconfig that an installed font can show every character of `text` (NULL:
 * the characters of the charts' fixed wording) with the language zh-cn. On GY_OK, *used (if
 * not NULL) is the family to draw with, newly allocated: `family` itself when it is installed
 * and covers the text, else the best installed substitute, and then *warning (if not NULL) is
 * an English message the caller prints ("font family "X" is not installed; using "Y""),
 * otherwise NULL. GY_E_FONT with *err naming the character and the Debian package to install
 * (fonts-noto-cjk) when no installed font has some character. */
gy_error gy_chart_font_check(const char *family, const char *text, char **used, char **warning,
                             GError **err);

/* ---- numbers ---- */

/* A value axis: lo..hi in steps of step (all in the chart's raw units). */
typedef struct gy_chart_axis {
    int64_t lo, hi, step;
} gy_chart_axis;

/* The nice axis covering lo..hi in about `intervals` steps of 1, 2 or 5 × 10^k, no step finer
 * than min_step: (0, 18523, 6, 1) → 0..20000 step 5000; (-120, 480, 6, 1) → -200..500 step 100.
 * lo == hi gets an axis of `intervals` steps of min_step from lo. Pure. */
gy_chart_axis gy_chart_nice_axis(int64_t lo, int64_t hi, int intervals, int64_t min_step);

typedef enum gy_chart_unit {
    GY_CHART_COUNT,                 /* things counted: 人, 个, 笔 (the measure word) */
    GY_CHART_MONEY                  /* fen; shown in 元, 万元 or 亿元 */
} gy_chart_unit;

/* How values are shown: value / divisor with `digits` decimals, in `unit` ("人", "万人",
 * "元", "万元", "亿元"). */
typedef struct gy_chart_scale {
    int64_t divisor;
    int digits;
    char unit[32];
} gy_chart_scale;

/* The scale for values up to max_abs: money from 1 万元 in 万元 and from 1 亿元 in 亿元, else
 * 元; counts from st->count_wan_from in 万 (from 1 亿 in 亿), else whole numbers. measure may be
 * NULL (no measure word). st NULL: built-in style. Pure. */
gy_chart_scale gy_chart_scale_for(gy_chart_unit unit, const char *measure, int64_t max_abs,
                                  const gy_chart_style *st);

/* v in the scale as exact decimal text (half away from zero): 18523 人 → "18523";
 * 185230000000 fen in 万元 with 2 digits → "185230.00". Newly allocated. */
char *gy_chart_value_text(const gy_chart_scale *sc, int64_t v);

/* ---- what to draw ---- */

typedef enum gy_chart_kind {
    GY_CHART_BAR,                   /* one bar per category (grouped when several series) */
    GY_CHART_TREND,                 /* one line per series over months; series[0] is this year */
    GY_CHART_COMPLETION             /* 完成率 per category against the 序时进度 line */
} gy_chart_kind;

/* n figures; present[i] false (present NULL: all present) means no figure: no bar and "—",
 * or a gap in a trend line. */
typedef struct gy_chart_series {
    const char *name;               /* legend text: "2021年" */
    const int64_t *num;
    const bool *present;
} gy_chart_series;

/* An exact rate num/den (a hundredths-of-a-percent figure h is {h, 10000}). den <= 0 means
 * no rate: a county without a target draws "—" and no bar. */
typedef struct gy_chart_rate {
    int64_t num, den;
} gy_chart_rate;

typedef enum gy_chart_level {
    GY_CHART_LEVEL_NONE,            /* no target */
    GY_CHART_LEVEL_GREEN,           /* at or above 序时进度 */
    GY_CHART_LEVEL_YELLOW,          /* below by at most the yellow band */
    GY_CHART_LEVEL_RED              /* further below */
} gy_chart_level;

/* The warning level of a rate against the schedule, compared exactly (not the rounded
 * figures): exactly at 序时进度 is green, exactly yellow_band hundredths of a point below is
 * yellow. A schedule with den <= 0 makes every defined rate green. Pure. */
gy_chart_level gy_chart_level_of(gy_chart_rate rate, gy_chart_rate schedule,
                                 int64_t yellow_band);

/* One chart. Only the pointers the kind uses are read; none is kept after the call that gets
 * the spec (documents record what they draw at once). */
typedef struct gy_chart_spec {
    gy_chart_kind kind;
    const char *title;              /* "2021年1—6月各县（市、区）返乡创业人数" */
    const char *subtitle;           /* "2021年1—6月 · 数据截至2021年6月30日"; may be NULL */
    const char *source;             /* "数据来源：返乡创业实名制台账"; may be NULL */
    const char *note;               /* a further footnote ("注：…"); may be NULL */
    gy_chart_unit unit;             /* BAR and TREND */
    const char *measure;            /* COUNT: "人", "个", "笔" */
    size_t n;                       /* categories (counties or months) */
    const char *const *labels;      /* n labels; TREND may pass NULL for "1月".."n月" */
    size_t n_series;                /* BAR, TREND: 1..GY_CHART_MAX_SERIES */
    const gy_chart_series *series;
    const gy_chart_rate *rates;     /* COMPLETION: n rates */
    gy_chart_rate schedule;         /* COMPLETION: 序时进度 ({6, 12} or {5000, 10000}) */
} gy_chart_spec;

/* ---- one chart to a file ---- */

/* The chart alone (title, subtitle, unit, notes; no page number) on a canvas of
 * st->image_width × st->image_height points, taller when horizontal bars need it, written as a
 * PNG at `dpi` (recorded in the file's pHYs; outside 36..1200 means 300) or as an SVG, through
 * a temp file renamed when complete. GY_E_USAGE for a spec that cannot be drawn (or a PNG over
 * 32767 pixels high), GY_E_IO when writing fails. st NULL: built-in style. The caller checks
 * the font first (gy_chart_font_check). */
gy_error gy_chart_write_png(const gy_chart_spec *spec, const gy_chart_style *st,
                            const char *path, int dpi, GError **err);
gy_error gy_chart_write_svg(const gy_chart_spec *spec, const gy_chart_style *st,
                            const char *path, GError **err);

/* Draw the chart as vectors into cr's user space, on the w × h box at its origin (the caller
 * translates), for pages that place a chart among other content (the stars summary). Only
 * the first part of a chart that would continue on further pages is drawn. */
gy_error gy_chart_draw(cairo_t *cr, const gy_chart_spec *spec, const gy_chart_style *st,
                       double w, double h, GError **err);

/* What the chart would place on PDF pages, without bytes: one line per page
 * ("page\t1/2") and per text or bar, "role\tx\ty\tw\th\ttext" with the box in points from the
 * page's top-left (roles: title subtitle legend unit tick category value schedule note folio
 * bar point line). For tests. NULL with *err as for the writers. Newly allocated. */
char *gy_chart_dump(const gy_chart_spec *spec, const gy_chart_style *st, GError **err);

/* ---- a PDF of several charts ---- */

typedef struct gy_chartdoc gy_chartdoc;

/* A PDF document to be written to path at close. title is the PDF's metadata title;
 * fixed_date ("2021-06-30" or "2021-06-30T08:00:00+08:00") is its creation and modification
 * date, so the same inputs give the same bytes. st NULL: built-in style; the style is copied,
 * with its font family checked by gy_chart_font_check (a substitution is kept as a warning,
 * see gy_chartdoc_warning). NULL with *err: GY_E_FONT, GY_E_USAGE for a bad date, GY_E_IO
 * when path's folder does not exist. Free with gy_chartdoc_close or gy_chartdoc_free. */
gy_chartdoc *gy_chartdoc_new_pdf(const char *path, const char *title, const char *fixed_date,
                                 const gy_chart_style *st, GError **err);

/* The font substitution warning of gy_chart_font_check, or NULL. Owned by doc. */
const char *gy_chartdoc_warning(const gy_chartdoc *doc);

/* Draw one chart on one or more new pages (horizontal bars too many for a page continue on
 * the next, titled "（续）"); page furniture: title, subtitle, unit, source note, page number.
 * GY_E_USAGE for a spec that cannot be drawn; GY_E_FONT when no installed font has a
 * character of its texts (a font that lacks one, where another has it, becomes the warning). */
gy_error gy_chartdoc_add(gy_chartdoc *doc, const gy_chart_spec *spec, GError **err);

/* Pages added so far. */
int gy_chartdoc_pages(const gy_chartdoc *doc);

/* Number the pages, write the PDF (temp file, renamed when complete) and free doc, whatever
 * the result. GY_E_IO when cairo or the file system fails. */
gy_error gy_chartdoc_close(gy_chartdoc *doc, GError **err);

/* Abandon doc without writing anything. Accepts NULL. */
void gy_chartdoc_free(gy_chartdoc *doc);

#endif
