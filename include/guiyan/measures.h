/* measures.h — monthly target tracking, exactly: 序时进度, 完成率, 与序时进度差, 同比, 排名 and
 * warning levels, as rationals of int64 figures. Pure functions: no I/O, no floating point.
 * Rates stay rational for every comparison (so equal rates are real ties); they become
 * hundredths of a percent, rounded half away from zero, only for display. */
#ifndef GUIYAN_MEASURES_H
#define GUIYAN_MEASURES_H

#include "guiyan/error.h"
#include "guiyan/types.h"

/* ---- rationals ---- */

/* A rate num/den. den > 0 when the rate is defined; den == 0 means "not defined" (no target,
 * no previous-year figure): shown as "—", never as 0%. */
typedef struct gy_ratio {
    int64_t num;
    int64_t den;
} gy_ratio;

#define GY_RATIO_NONE ((gy_ratio){ 0, 0 })

static inline bool gy_ratio_defined(gy_ratio r) { return r.den > 0; }

/* Exact comparison of two defined rates by cross-multiplication in 128 bits: <0, 0, >0.
 * An undefined rate compares below every defined one; two undefined ones are equal. */
int gy_ratio_cmp(gy_ratio a, gy_ratio b);

/* The rate in hundredths of a percent (r * 10000), rounded once, half away from zero:
 * 4837/10000 → 4837 ("48.37%"); 1/3 → 3333; 2/3 → 6667; 1/16 → 625; -1/16 → -625;
 * 1/8 → 1250. false (and *out = 0) when r is not defined; a value beyond int64 saturates. */
bool gy_ratio_hundredths(gy_ratio r, int64_t *out);

/* Hundredths as text with exactly two decimals and a "." point: 4837 → "48.37", -163 →
 * "-1.63", 5 → "0.05", -5 → "-0.05", 0 → "0.00". buf must hold GY_HUNDREDTHS_BUFSZ bytes.
 * Returns buf. */
#define GY_HUNDREDTHS_BUFSZ 24
char *gy_hundredths_text(int64_t h, char buf[GY_HUNDREDTHS_BUFSZ]);

/* A rate as a percentage with two decimals, no "%" sign ("48.37"), for the CSV twin; "" when
 * the rate is not defined. Returns buf. */
char *gy_ratio_percent_text(gy_ratio r, char buf[GY_HUNDREDTHS_BUFSZ]);

/* ---- the single measures ---- */

/* How 序时进度 (time progress) is measured. */
typedef enum gy_progress_mode {
    /* N/12 where N is the as-of date's month number, whatever its day: 2021-06-30 and
     * 2021-06-15 both give 6/12 = 50% (the as-of month counts as elapsed — the bureau's
     * monthly reports are as of a month's end, and a mid-month run compares against the
     * month's target share). */
    GY_PROGRESS_BY_MONTH,
    /* day of year / days in the year, leap years counted: 2021-06-30 → 181/365,
     * 2020-06-30 → 182/366, 01-01 → 1/365, 12-31 → 365/365. */
    GY_PROGRESS_BY_DAY
} gy_progress_mode;

/* 序时进度 as of a day. GY_RATIO_NONE for GY_NO_DAY or an unknown mode. Not reduced to lowest
 * terms (6/12 stays 6/12): compare rates with gy_ratio_cmp, not field by field. */
gy_ratio gy_time_progress(gy_day as_of, gy_progress_mode mode);

/* 完成率 = ytd / target. Defined only when has_target and target > 0: a county without a
 * target, or with a target of 0 (or a negative one), has no 完成率 ("—"), never 0% and never
 * a division by zero. */
gy_ratio gy_completion(bool has_target, int64_t target, int64_t ytd);

/* 同比 = (ytd - prev) / prev. Defined only when has_prev and prev > 0 ("—" when the previous
 * year's figure is 0 or missing). Figures are counts or fen, so >= 0; a difference that
 * does not fit int64 gives GY_RATIO_NONE. */
gy_ratio gy_yoy(bool has_prev, int64_t prev, int64_t ytd);

/* 与序时进度差 = completion - progress, in hundredths of a percentage point (-163 = "低于序时进度
 * 1.63个百分点"), computed exactly from the two rationals and rounded once, half away from
 * zero. false (*out = 0) when either is undefined. Saturates beyond int64. */
bool gy_gap_hundredths(gy_ratio completion, gy_ratio progress, int64_t *out);

/* Warning levels against 序时进度. */
typedef enum gy_level {
    GY_LEVEL_NONE,      /* no 完成率 (no target): no level */
    GY_LEVEL_GREEN,     /* completion >= progress */
    GY_LEVEL_YELLOW,    /* below progress by at most the threshold */
    GY_LEVEL_RED        /* further below */
} gy_level;

/* Default yellow band: 10 percentage points, in hundredths of a point. */
#define GY_YELLOW_DEFAULT 1000

/* The level, by exact comparison of the rationals (not of the rounded gap): exactly at
 * progress is green, exactly `yellow` hundredths of a point below is yellow, anything below
 * that is red — so a gap of -10.004 points shows as "-10.00" but is red. A negative
 * `yellow` is taken as 0. */
gy_level gy_warning_level(gy_ratio completion, gy_ratio progress, int64_t yellow);

/* "green", "yellow", "red"; "" for GY_LEVEL_NONE (CSV values). Never NULL. */
const char *gy_level_key(gy_level level);
/* 绿灯, 黄灯, 红灯; "—" for GY_LEVEL_NONE (report text). Never NULL. */
const char *gy_level_zh(gy_level level);

/* Competition ranking ("1224"), highest rate first: rank[i] = 1 + the number of ranked
 * entries whose rate is strictly greater than v[i]. Entries with an undefined rate, or with
 * exclude[i] true (exclude may be NULL), get rank 0 and are not counted for anyone else.
 * Rates are compared as shown, rounded to hundredths of a percent (gy_ratio_hundredths):
 * 60%, 55%, 55%, 40% → 1, 2, 2, 4, and 1/2 and 10001/20000 (both "50.00%") share a rank. */
void gy_rank(const gy_ratio *v, const bool *exclude, size_t n, int *rank);

/* ---- a whole indicator column ---- */

/* One (county, indicator) cell of the tracking table. The caller fills the inputs; the
 * column function fills the outputs. */
typedef struct gy_track_cell {
    /* inputs */
    bool has_target;        /* a target was given for this county and indicator */
    int64_t target;         /* 年度目标, same unit as the values (fen for money) */
    int64_t month;          /* 当月 */
    int64_t ytd;            /* 累计 (1—N月) */
    bool has_prev;          /* the previous year's figure is known */
    int64_t prev_ytd;       /* 上年同期累计 */
    bool is_unit;           /* a reporting unit without a county code (e.g. 市本级) */
    /* outputs */
    gy_ratio completion;    /* 完成率; undefined without a target > 0 */
    gy_ratio yoy;           /* 同比; undefined when prev is 0 or missing */
    bool has_gap;           /* = gy_ratio_defined(completion) */
    int64_t gap;            /* 与序时进度差, hundredths of a point */
    int rank;               /* 排名, 1-based; 0 = not ranked (no rate, 合计, excluded unit) */
    gy_level level;
    bool target_partial;    /* 合计 row only: some county had no target (see below) */
    bool target_city;       /* 合计 row only, an input: target is the city's own (a 合计 /
                               全市 row of the targets file), kept as given, not the sum */
} gy_track_cell;

typedef struct gy_track_opts {
    gy_ratio progress;      /* 序时进度, from gy_time_progress */
    int64_t yellow;         /* yellow band, hundredths of a point (GY_YELLOW_DEFAULT) */
    bool rank_units;        /* false: reporting units without a county code are not ranked */
} gy_track_opts;

/* Fill one indicator's column: cells[0 .. n_counties-1] are the counties in report order,
 * cells[n_counties] is the 合计 row (so the array holds n_counties + 1 cells, like a
 * gy_table's rows).
 *
 * The caller gives every county's inputs and the 合计 row's month, ytd, has_prev and prev_ytd
 * (from the cube's total: distinct counts are not sums of the counties). This function sets
 * the 合计 target: the sum of the targets of the counties that have one; has_target when at
 * least one has. When some county has none, the 合计 target is the sum of those that do,
 * target_partial is set (a renderer should footnote it), and the 合计 完成率 still divides the
 * whole region's ytd by that partial sum. The 合计 row is never ranked.
 *
 * Errors (nothing is filled): GY_E_AMOUNT_NEGATIVE for a negative target given with
 * has_target, GY_E_AMOUNT_TOO_BIG when the targets' sum does not fit int64. */
gy_error gy_track_column(gy_track_cell *cells, size_t n_counties, const gy_track_opts *opts);

/* CSV twin helpers: the cell's 完成率 and 同比 in percent and 与序时进度差 in points, two
 * decimals, "" where not defined. Return buf. */
char *gy_track_completion_text(const gy_track_cell *c, char buf[GY_HUNDREDTHS_BUFSZ]);
char *gy_track_yoy_text(const gy_track_cell *c, char buf[GY_HUNDREDTHS_BUFSZ]);
char *gy_track_gap_text(const gy_track_cell *c, char buf[GY_HUNDREDTHS_BUFSZ]);

#endif
