/* coverage.h — which days the records cover: for start dates and for loan dates apart, the span
 * from the first to the last date among accepted rows and the months inside it holding none
 * (gaps), so that a period without records is never shown as 0. Pure: no I/O. */
#ifndef GUIYAN_COVERAGE_H
#define GUIYAN_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "guiyan/types.h"

/* Dates guiyan accepts lie in 1949-2099 (gy_date_parse): a bit per day, a bit per month. */
#define GY_COVER_FIRST_YEAR 1949
#define GY_COVER_MONTHS ((2099 - GY_COVER_FIRST_YEAR + 1) * 12)
#define GY_COVER_DAYS 55152         /* 1949-01-01 .. 2099-12-31 */

enum { GY_COVER_START, GY_COVER_LOAN, GY_COVER__KINDS };

/* One kind of date: first and last day (GY_NO_DAY when none) and the months holding any. */
typedef struct gy_cover {
    gy_day first, last;
    uint8_t months[(GY_COVER_MONTHS + 7) / 8];
} gy_cover;

/* The first day of the day bitmaps below (1949-01-01). */
gy_day gy_cover_base(void);

/* Set cv from a bitmap of GY_COVER_DAYS bits, day gy_cover_base() + i at bit i. */
void gy_cover_from_days(gy_cover *cv, const uint8_t *days);

/* Add `from` to `into`. */
void gy_cover_union(gy_cover *into, const gy_cover *from);

bool gy_cover_any(const gy_cover *cv);
bool gy_cover_has_month(const gy_cover *cv, gy_month m);

/* The months inside [first, last] holding no date, in order, into out (at most max);
 * returns how many there are. */
size_t gy_cover_gaps(const gy_cover *cv, gy_month *out, size_t max);

/* Whether a figure over [from, to] is covered: `to` not after the last day; `from` (GY_NO_DAY:
 * since records began) not before the first; and no month of it in a run of two or more
 * months without a date (one month without a startup may be true; two in a row are taken for
 * a missing export). */
bool gy_cover_period(const gy_cover *cv, gy_day from, gy_day to);

/* Whether any day of [from, to] is covered: inside [first, last] and not in a run of two or
 * more months without a date. */
bool gy_cover_touches(const gy_cover *cv, gy_day from, gy_day to);

/* Whether any day of column c's period of t is covered (gy_cover_touches; a YTD column runs
 * from 1 January). */
struct gy_table;
bool gy_cover_column(const gy_cover *cv, const struct gy_table *t, size_t c);

/* A copy of t (owned by the caller) without the columns whose periods no kind of date covers
 * at all (gy_cover_touches of start or loan dates): periods without records are left out, not
 * shown as 0. A YTD column runs from 1 January. */
struct gy_table;
struct gy_table *gy_cover_table(const struct gy_table *t, const gy_cover cv[GY_COVER__KINDS]);

/* The kind of date an indicator's period is counted by: loan dates for loans and their amount,
 * start dates for the others. */
int gy_cover_kind_of(int ind);

/* The latest day either kind covers (GY_NO_DAY when none). */
gy_day gy_cover_last_day(const gy_cover cv[GY_COVER__KINDS]);

/* The last calendar year no later than `by` that cv covers whole (gy_cover_period of 1 January
 * to 31 December), or 0 when there is none. */
int gy_cover_whole_year(const gy_cover *cv, int by);

/* When cv starts after 1 January of `year`: "记录自2021年6月1日起，1—5月无记录，累计不含1—5月"
 * (from a day other than the 1st: "…，1月1日至6月2日无记录，累计不含这段时间"); NULL when the
 * records reach back to 1 January or before. Report text. Free with g_free. */
char *gy_cover_year_note_zh(const gy_cover *cv, int year);

/* For a year-to-date figure to as_of: gy_cover_year_note_zh of as_of's year, then, when cv ends
 * before as_of's month, "记录截至2021年6月30日，7月无记录，累计不含7月" (from a day other than a
 * month's 1st: "…，6月21日至7月31日无记录，累计不含这段时间"), joined by "；". A gap inside the
 * as-of month is the ※ mark's, not this note's. NULL when neither applies. Free with g_free. */
char *gy_cover_track_note_zh(const gy_cover *cv, gy_day as_of);

/* "2021年6月3日至2021年6月18日", then "；其间2021年3月、2021年4月无记录" for the gaps; "无记录"
 * when none. Report text, Chinese. Free with g_free. */
char *gy_cover_text_zh(const gy_cover *cv);

#endif
