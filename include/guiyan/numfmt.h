/* numfmt.h — exact rounding (Excel's: half away from zero on the decimal value) and Chinese
 * number phrasing per GB/T 15835 for official prose. Pure functions on int64 integers (no
 * floating point anywhere); every string returned is newly allocated and the caller frees it
 * with g_free(). The decimal point is always "." whatever the locale. */
#ifndef GUIYAN_NUMFMT_H
#define GUIYAN_NUMFMT_H

#include <glib.h>
#include "guiyan/types.h"

/* Most decimals any function here will produce; a larger `digits` is clamped to it and a
 * negative one is taken as 0. */
#define GY_NUMFMT_MAX_DIGITS 18

/* Round num/den to the nearest integer, halves away from zero: (5,2) → 3, (-5,2) → -3.
 * Exact for every int64 num and den (no intermediate overflow). den == 0 → 0; the one
 * unrepresentable result, INT64_MIN / -1, saturates to INT64_MAX. */
int64_t gy_round_div(int64_t num, int64_t den);

/* The decimal text of num/den rounded (Excel-style) to `digits` decimals: (2675,1000,2) →
 * "2.68"; (-2675,1000,2) → "-2.68". trim = true drops trailing zeros and a bare point
 * ("2.50" → "2.5", "2.00" → "2"). A result that rounds to zero has no minus sign. Any int64
 * num and den; den == 0 → NULL. Newly allocated. */
char *gy_fmt_ratio(int64_t num, int64_t den, int digits, bool trim);

/* num/den as a percentage with `digits` decimals and a "%" sign: (1125,1000,1,true) →
 * "112.5%". den == 0 → NULL. Newly allocated. */
char *gy_fmt_percent(int64_t num, int64_t den, int digits, bool trim);

/* Fen as 万元 with exactly `digits` decimals (Excel rounding, not trimmed): 18800000000 fen,
 * 2 → "18800.00"; 4500 fen, 2 → "0.00". Newly allocated. */
char *gy_fmt_wan(gy_fen fen, int digits);

/* How a figure in prose is qualified. EXACT rounds (the plain 1.85万人); ABOUT rounds and says
 * 约 (约2.03万人); OVER truncates and says 余 (2.02万余人); MORE truncates and says 多
 * (2.02万多人). The qualifier word is written only when the figure shown differs from the
 * true value: 20000 with OVER is "2万人", not "2万余人". */
typedef enum { GY_Q_EXACT, GY_Q_ABOUT, GY_Q_OVER, GY_Q_MORE } gy_qual;

/* A count of things in official prose. unit is the measure word (人, 个, 家, 笔, 名; NULL for
 * none). Newly allocated; never NULL. Any int64 n (a negative n gets a leading "-").
 *  - from 1亿 up in 亿, from 1万 up in 万, with up to `digits` decimals, trailing zeros
 *    trimmed ("1.85万人", "2万人", "1.5亿人"); never mixed forms like "3亿4500万".
 *  - below 1万: EXACT is exact ("3146人"); ABOUT/OVER/MORE keep the two leading significant
 *    digits (rounded / truncated): 3146 → "约3100人", "3100余人", "3100多人"; 675 → "670余家";
 *    numbers below 100 are always exact.
 *  - rounding can carry into the next unit: 99995 (2 digits) → "10万人", 99999999 → "1亿人",
 *    9950 ABOUT → "约1万人".
 *  - 约 goes before the number, 余/多 after 万/亿 and before the unit ("2.02万余人").
 * The top unit is 亿 (no 万亿): INT64_MAX → "92233720368.55亿人". */
char *gy_cn_count(int64_t n, const char *unit, int digits, gy_qual q);

/* An amount of money in official prose from fen, same rules as gy_cn_count with unit 元:
 * from 1亿元 up "1.88亿元"; from 1万元 up "4500万元", "12.5万元"; below 1万元 in yuan with
 * min(digits, 2) decimals, trimmed: "8000元", "8000.5元", "0.01元" (ABOUT/OVER/MORE below 1万元
 * keep two significant digits of the fen amount: 804637 fen OVER → "8000余元"). Newly
 * allocated; never NULL. */
char *gy_cn_money(gy_fen fen, int digits, gy_qual q);

/* A change against the same period last year in prose, (cur - prev) / prev as a percentage
 * rounded to `digits` decimals, trimmed: (1125, 1000, 1) → "同比增长12.5%", (969, 1000, 1) →
 * "同比下降3.1%", equal → "与上年同期持平", a change that rounds to 0 → "与上年同期基本持平".
 * prev <= 0 → NULL (a percentage of a zero or negative base is not defined). Any int64 cur.
 * Newly allocated. */
char *gy_cn_yoy(int64_t cur, int64_t prev, int digits);

/* A difference in units, exact: (+1144, "人") → "增加1144人", (-12, "个") → "减少12个",
 * 0 → "持平". unit may be NULL. Newly allocated; never NULL. */
char *gy_cn_delta(int64_t delta, const char *unit);

/* Points against 序时进度; gap in hundredths of a percentage point (520 = 5.20 points),
 * rounded to `digits` decimals and trimmed: 520 → "高于序时进度5.2个百分点", -300 →
 * "低于序时进度3个百分点", 0 → "与序时进度持平", a gap that rounds to 0 →
 * "与序时进度基本持平". Newly allocated; never NULL. */
char *gy_cn_gap_points(int64_t gap_hundredths, int digits);

/* Display width of UTF-8 text in "Excel character units" for fitting column widths: East
 * Asian Wide and Fullwidth characters, and the Ambiguous ones a Chinese font draws full width
 * (“ ” — · …), count 2; zero-width characters (combining marks, U+200B) 0; others 1. An
 * invalid byte counts 1. NULL → 0. */
int gy_text_width(const char *s);

#endif
