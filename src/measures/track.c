/* track.c — exact target-tracking measures: 序时进度, 完成率, 与序时进度差, 同比, 排名, levels. */
#include <string.h>

#include <glib.h>

#include "guiyan/fields.h"
#include "guiyan/measures.h"

/*
 * Every rate is a ratio of int64s and every comparison or rounding is done on 128-bit
 * integers. The one delicate computation is round((x - y) * 10000) for two arbitrary int64
 * rationals, where the naive cross product times 10000 can exceed 128 bits. It is split into
 * integer parts and remainders (track_scaled_diff) so that every intermediate stays below
 * 2^127, whatever the inputs.
 */

typedef __int128 i128;

#define HUNDREDTHS_PER_UNIT 10000      /* a rate of 1 is 100.00% = 10000 hundredths */

/* Floor division and non-negative remainder, d > 0. */
static i128
track_floordiv(i128 n, i128 d, i128 *rem)
{
    i128 q = n / d, r = n % d;
    if (r < 0) {
        q--;
        r += d;
    }
    *rem = r;
    return q;
}

/* (x - y) * 10000 = ip + frac/den exactly, with 0 <= frac < den. x, y defined.
 * Bounds: |num| * 10000 < 2^77; remainders < 2^63, so frac and den < 2^126. */
static void
track_scaled_diff(gy_ratio x, gy_ratio y, i128 *ip, i128 *frac, i128 *den)
{
    i128 rx, ry;
    i128 qx = track_floordiv((i128)x.num * HUNDREDTHS_PER_UNIT, x.den, &rx);
    i128 qy = track_floordiv((i128)y.num * HUNDREDTHS_PER_UNIT, y.den, &ry);
    i128 d = (i128)x.den * y.den;
    i128 f = rx * y.den - ry * x.den;     /* in (-d, d) */
    i128 i = qx - qy;
    if (f < 0) {
        i--;
        f += d;
    }
    *ip = i;
    *frac = f;
    *den = d;
}

/* ip + frac/den (0 <= frac < den) rounded half away from zero. */
static i128
track_round(i128 ip, i128 frac, i128 den)
{
    if (frac == 0)
        return ip;
    if (ip >= 0)                        /* positive: half rounds up */
        return frac >= den - frac ? ip + 1 : ip;
    return frac > den - frac ? ip + 1 : ip;   /* negative: half rounds down (away) */
}

static int64_t
track_sat64(i128 v)
{
    if (v > INT64_MAX)
        return INT64_MAX;
    if (v < INT64_MIN)
        return INT64_MIN;
    return (int64_t)v;
}

/* ---- rationals ---- */

int
gy_ratio_cmp(gy_ratio a, gy_ratio b)
{
    bool da = gy_ratio_defined(a), db = gy_ratio_defined(b);
    if (!da || !db)
        return (int)da - (int)db;
    i128 l = (i128)a.num * b.den, r = (i128)b.num * a.den;
    return (l > r) - (l < r);
}

bool
gy_ratio_hundredths(gy_ratio r, int64_t *out)
{
    *out = 0;
    if (!gy_ratio_defined(r))
        return false;
    i128 ip, frac, den;
    track_scaled_diff(r, (gy_ratio){ 0, 1 }, &ip, &frac, &den);
    *out = track_sat64(track_round(ip, frac, den));
    return true;
}

char *
gy_hundredths_text(int64_t h, char buf[GY_HUNDREDTHS_BUFSZ])
{
    uint64_t mag = h < 0 ? (uint64_t)0 - (uint64_t)h : (uint64_t)h;
    g_snprintf(buf, GY_HUNDREDTHS_BUFSZ, "%s%" G_GUINT64_FORMAT ".%02u", h < 0 ? "-" : "",
               mag / 100, (unsigned)(mag % 100));
    return buf;
}

char *
gy_ratio_percent_text(gy_ratio r, char buf[GY_HUNDREDTHS_BUFSZ])
{
    int64_t h;
    if (!gy_ratio_hundredths(r, &h)) {
        buf[0] = '\0';
        return buf;
    }
    return gy_hundredths_text(h, buf);
}

/* ---- the single measures ---- */

gy_ratio
gy_time_progress(gy_day as_of, gy_progress_mode mode)
{
    int y, m, d;
    if (as_of == GY_NO_DAY)
        return GY_RATIO_NONE;
    gy_day_to_ymd(as_of, &y, &m, &d);
    if (y < 1)
        return GY_RATIO_NONE;
    switch (mode) {
    case GY_PROGRESS_BY_MONTH:
        return (gy_ratio){ m, 12 };
    case GY_PROGRESS_BY_DAY: {
        bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        gy_day jan1 = gy_day_from_ymd(y, 1, 1);
        return (gy_ratio){ (int64_t)as_of - jan1 + 1, leap ? 366 : 365 };
    }
    }
    return GY_RATIO_NONE;
}

gy_ratio
gy_completion(bool has_target, int64_t target, int64_t ytd)
{
    if (!has_target || target <= 0)
        return GY_RATIO_NONE;
    return (gy_ratio){ ytd, target };
}

gy_ratio
gy_yoy(bool has_prev, int64_t prev, int64_t ytd)
{
    int64_t diff;
    if (!has_prev || prev <= 0 || __builtin_sub_overflow(ytd, prev, &diff))
        return GY_RATIO_NONE;
    return (gy_ratio){ diff, prev };
}

bool
gy_gap_hundredths(gy_ratio completion, gy_ratio progress, int64_t *out)
{
    *out = 0;
    if (!gy_ratio_defined(completion) || !gy_ratio_defined(progress))
        return false;
    i128 ip, frac, den;
    track_scaled_diff(completion, progress, &ip, &frac, &den);
    *out = track_sat64(track_round(ip, frac, den));
    return true;
}

gy_level
gy_warning_level(gy_ratio completion, gy_ratio progress, int64_t yellow)
{
    if (!gy_ratio_defined(completion) || !gy_ratio_defined(progress))
        return GY_LEVEL_NONE;
    if (yellow < 0)
        yellow = 0;
    i128 ip, frac, den;
    track_scaled_diff(completion, progress, &ip, &frac, &den);
    /* (c - p) * 10000 = ip + frac/den with 0 <= frac/den < 1, so for an integer k it is >= k
     * exactly when ip >= k: no rounding is involved. */
    (void)frac;
    (void)den;
    if (ip >= 0)
        return GY_LEVEL_GREEN;
    if (ip >= -(i128)yellow)
        return GY_LEVEL_YELLOW;
    return GY_LEVEL_RED;
}

const char *
gy_level_key(gy_level level)
{
    switch (level) {
    case GY_LEVEL_GREEN:  return "green";
    case GY_LEVEL_YELLOW: return "yellow";
    case GY_LEVEL_RED:    return "red";
    case GY_LEVEL_NONE:   break;
    }
    return "";
}

const char *
gy_level_zh(gy_level level)
{
    switch (level) {
    case GY_LEVEL_GREEN:  return "绿灯";
    case GY_LEVEL_YELLOW: return "黄灯";
    case GY_LEVEL_RED:    return "红灯";
    case GY_LEVEL_NONE:   break;
    }
    return "—";
}

void
gy_rank(const gy_ratio *v, const bool *exclude, size_t n, int *rank)
{
    /* Quadratic, on purpose: a region has a dozen counties, and counting "strictly greater"
     * makes ties exact with no sort stability to reason about. Compared as shown, in
     * hundredths of a percent: two counties both shown as 50.00% share a rank, as a reader
     * of the table expects, though 1/2 and 5000.4/10000 differ. */
    int64_t *shown = g_new(int64_t, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        gy_ratio_hundredths(v[i], &shown[i]);
    for (size_t i = 0; i < n; i++) {
        rank[i] = 0;
        if ((exclude && exclude[i]) || !gy_ratio_defined(v[i]))
            continue;
        int above = 0;
        for (size_t j = 0; j < n; j++) {
            if ((exclude && exclude[j]) || !gy_ratio_defined(v[j]))
                continue;
            if (shown[j] > shown[i])
                above++;
        }
        rank[i] = above + 1;
    }
    g_free(shown);
}

/* ---- a whole indicator column ---- */

static void
track_cell_fill(gy_track_cell *c, const gy_track_opts *opts)
{
    c->completion = gy_completion(c->has_target, c->target, c->ytd);
    c->yoy = gy_yoy(c->has_prev, c->prev_ytd, c->ytd);
    c->has_gap = gy_gap_hundredths(c->completion, opts->progress, &c->gap);
    c->level = gy_warning_level(c->completion, opts->progress, opts->yellow);
    c->rank = 0;
}

gy_error
gy_track_column(gy_track_cell *cells, size_t n_counties, const gy_track_opts *opts)
{
    int64_t sum = 0;
    bool any = false, missing = false;

    for (size_t i = 0; i < n_counties; i++) {
        if (!cells[i].has_target) {
            missing = true;
            continue;
        }
        if (cells[i].target < 0)
            return GY_E_AMOUNT_NEGATIVE;
        if (__builtin_add_overflow(sum, cells[i].target, &sum))
            return GY_E_AMOUNT_TOO_BIG;
        any = true;
    }

    gy_track_cell *total = &cells[n_counties];
    if (total->target_city) {
        total->has_target = true;
        total->target_partial = false;
    } else {
        total->has_target = any;
        total->target = any ? sum : 0;
        total->target_partial = any && missing;
    }
    total->is_unit = false;

    gy_ratio *rates = g_new(gy_ratio, n_counties + 1);
    bool *exclude = g_new(bool, n_counties + 1);
    int *rank = g_new(int, n_counties + 1);
    for (size_t i = 0; i <= n_counties; i++) {
        if (i < n_counties)
            cells[i].target_partial = false;
        track_cell_fill(&cells[i], opts);
        rates[i] = cells[i].completion;
        exclude[i] = i == n_counties || (cells[i].is_unit && !opts->rank_units);
    }
    gy_rank(rates, exclude, n_counties + 1, rank);
    for (size_t i = 0; i <= n_counties; i++)
        cells[i].rank = rank[i];
    g_free(rates);
    g_free(exclude);
    g_free(rank);
    return GY_OK;
}

char *
gy_track_completion_text(const gy_track_cell *c, char buf[GY_HUNDREDTHS_BUFSZ])
{
    return gy_ratio_percent_text(c->completion, buf);
}

char *
gy_track_yoy_text(const gy_track_cell *c, char buf[GY_HUNDREDTHS_BUFSZ])
{
    return gy_ratio_percent_text(c->yoy, buf);
}

char *
gy_track_gap_text(const gy_track_cell *c, char buf[GY_HUNDREDTHS_BUFSZ])
{
    if (!c->has_gap) {
        buf[0] = '\0';
        return buf;
    }
    return gy_hundredths_text(c->gap, buf);
}
