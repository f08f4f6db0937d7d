/* coverage.c — the span and gaps of the dates the records hold, per kind of date. */
#include <string.h>
#include <glib.h>

#include "guiyan/coverage.h"
#include "guiyan/cube.h"
#include "guiyan/fields.h"

gy_day gy_cover_base(void)
{
    return gy_day_from_ymd(GY_COVER_FIRST_YEAR, 1, 1);
}

static inline size_t month_bit(gy_month m)
{
    return (size_t)(m - GY_MONTH(GY_COVER_FIRST_YEAR, 1));
}

static inline bool in_range(gy_month m)
{
    return m >= GY_MONTH(GY_COVER_FIRST_YEAR, 1) && month_bit(m) < GY_COVER_MONTHS;
}

void gy_cover_from_days(gy_cover *cv, const uint8_t *days)
{
    memset(cv, 0, sizeof *cv);
    gy_day base = gy_cover_base();
    for (size_t byte = 0; byte < (GY_COVER_DAYS + 7) / 8; byte++) {
        if (!days[byte])
            continue;
        for (unsigned b = 0; b < 8; b++) {
            if (!(days[byte] >> b & 1))
                continue;
            gy_day d = base + (gy_day)(byte * 8 + b);
            if (cv->first == GY_NO_DAY)
                cv->first = d;
            cv->last = d;
            size_t k = month_bit(gy_day_month(d));
            cv->months[k / 8] |= (uint8_t)(1u << (k % 8));
        }
    }
}

void gy_cover_union(gy_cover *into, const gy_cover *from)
{
    if (from->first == GY_NO_DAY)
        return;
    if (into->first == GY_NO_DAY || from->first < into->first)
        into->first = from->first;
    if (from->last > into->last)
        into->last = from->last;
    for (size_t i = 0; i < sizeof into->months; i++)
        into->months[i] |= from->months[i];
}

bool gy_cover_any(const gy_cover *cv) { return cv->first != GY_NO_DAY; }

bool gy_cover_has_month(const gy_cover *cv, gy_month m)
{
    if (!in_range(m))
        return false;
    size_t k = month_bit(m);
    return cv->months[k / 8] >> (k % 8) & 1;
}

size_t gy_cover_gaps(const gy_cover *cv, gy_month *out, size_t max)
{
    size_t n = 0;
    if (!gy_cover_any(cv))
        return 0;
    for (gy_month m = gy_day_month(cv->first); m <= gy_day_month(cv->last); m++)
        if (!gy_cover_has_month(cv, m)) {
            if (n < max)
                out[n] = m;
            n++;
        }
    return n;
}

/* A month without dates next to another one (a run of two or more). */
static bool in_long_gap(const gy_cover *cv, gy_month m)
{
    if (gy_cover_has_month(cv, m))
        return false;
    gy_month lo = gy_day_month(cv->first), hi = gy_day_month(cv->last);
    return (m > lo && !gy_cover_has_month(cv, m - 1)) || (m < hi && !gy_cover_has_month(cv, m + 1));
}

bool gy_cover_period(const gy_cover *cv, gy_day from, gy_day to)
{
    if (!gy_cover_any(cv) || to > cv->last)
        return false;
    if (from != GY_NO_DAY && from < cv->first)
        return false;
    gy_month a = from != GY_NO_DAY ? gy_day_month(from) : gy_day_month(cv->first);
    for (gy_month m = MAX(a, gy_day_month(cv->first)); m <= gy_day_month(to); m++)
        if (in_long_gap(cv, m))
            return false;
    return true;
}

bool gy_cover_touches(const gy_cover *cv, gy_day from, gy_day to)
{
    if (!gy_cover_any(cv) || to < cv->first || from > cv->last)
        return false;
    for (gy_month m = gy_day_month(MAX(from, cv->first)); m <= gy_day_month(MIN(to, cv->last)); m++)
        if (!in_long_gap(cv, m))
            return true;
    return false;
}

/* The first and last day of a table column's period. */
static void column_days(const gy_table *t, size_t c, gy_day *from, gy_day *to)
{
    gy_month m = t->col_month[c];
    int y = GY_MONTH_YEAR(m), mo = GY_MONTH_NUM(m);
    int first = t->grain == GY_GRAIN_MONTH ? mo : t->grain == GY_GRAIN_QUARTER ? mo - 2 : 1;
    *from = gy_day_from_ymd(y, first, 1);
    *to = gy_day_from_ymd(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1) - 1;
}

bool gy_cover_column(const gy_cover *cv, const gy_table *t, size_t c)
{
    gy_day from, to;
    column_days(t, c, &from, &to);
    return gy_cover_touches(cv, from, to);
}

gy_table *gy_cover_table(const gy_table *t, const gy_cover cv[GY_COVER__KINDS])
{
    size_t *keep = g_new(size_t, t->n_cols + 1), n = 0;
    for (size_t c = 0; c < t->n_cols; c++)
        if (gy_cover_column(&cv[GY_COVER_START], t, c) || gy_cover_column(&cv[GY_COVER_LOAN], t, c))
            keep[n++] = c;
    gy_table *out = gy_table_new(t->n_rows, n, t->grain);
    for (size_t k = 0; k < n; k++) {
        out->col_month[k] = t->col_month[keep[k]];
        out->col_label[k] = g_strdup(t->col_label[keep[k]]);
        for (int ind = 0; ind < GY_IND__COUNT; ind++)
            for (size_t r = 0; r < t->n_rows; r++)
                *gy_table_at(out, (gy_ind)ind, r, k) = *gy_table_at(t, (gy_ind)ind, r, keep[k]);
    }
    g_free(keep);
    return out;
}

static void day_zh(GString *s, gy_day d)
{
    int y, m, dd;
    gy_day_to_ymd(d, &y, &m, &dd);
    g_string_append_printf(s, "%d年%d月%d日", y, m, dd);
}

char *gy_cover_text_zh(const gy_cover *cv)
{
    if (!gy_cover_any(cv))
        return g_strdup("无记录");
    GString *s = g_string_new("");
    day_zh(s, cv->first);
    g_string_append(s, "至");
    day_zh(s, cv->last);
    size_t n = gy_cover_gaps(cv, NULL, 0);
    if (n) {
        gy_month *m = g_new(gy_month, n);
        gy_cover_gaps(cv, m, n);
        g_string_append(s, "；其间");
        for (size_t i = 0; i < n; i++)
            g_string_append_printf(s, "%s%d年%d月", i ? "、" : "", GY_MONTH_YEAR(m[i]),
                                   GY_MONTH_NUM(m[i]));
        g_string_append(s, "无记录");
        g_free(m);
    }
    return g_string_free(s, FALSE);
}

int gy_cover_kind_of(int ind)
{
    return ind == GY_IND_LOANS || ind == GY_IND_LOAN_AMOUNT ? GY_COVER_LOAN : GY_COVER_START;
}

gy_day gy_cover_last_day(const gy_cover cv[GY_COVER__KINDS])
{
    return MAX(cv[GY_COVER_START].last, cv[GY_COVER_LOAN].last);
}

int gy_cover_whole_year(const gy_cover *cv, int by)
{
    if (!gy_cover_any(cv))
        return 0;
    int y0, m, d;
    gy_day_to_ymd(cv->first, &y0, &m, &d);
    for (int y = by; y >= y0; y--)
        if (gy_cover_period(cv, gy_day_from_ymd(y, 1, 1), gy_day_from_ymd(y, 12, 31)))
            return y;
    return 0;
}

char *gy_cover_year_note_zh(const gy_cover *cv, int year)
{
    if (!gy_cover_any(cv) || cv->first <= gy_day_from_ymd(year, 1, 1))
        return NULL;
    int y, m, d;
    gy_day_to_ymd(cv->first, &y, &m, &d);
    if (y > year)
        return g_strdup_printf("记录自%d年%d月%d日起，%d年无记录", y, m, d, year);
    if (d == 1) {
        char *months = m == 2 ? g_strdup("1月") : g_strdup_printf("1—%d月", m - 1);
        char *note = g_strdup_printf("记录自%d年%d月1日起，%s无记录，累计不含%s", y, m, months,
                                     months);
        g_free(months);
        return note;
    }
    int py, pm, pd;
    gy_day_to_ymd(cv->first - 1, &py, &pm, &pd);
    return g_strdup_printf("记录自%d年%d月%d日起，1月1日至%d月%d日无记录，累计不含这段时间", y, m,
                           d, pm, pd);
}

/* "记录截至…" when cv ends before the month of as_of; NULL otherwise. */
static char *end_note_zh(const gy_cover *cv, gy_day as_of)
{
    int ay, am, ad;
    gy_day_to_ymd(as_of, &ay, &am, &ad);
    if (!gy_cover_any(cv) || cv->last >= gy_day_from_ymd(ay, am, 1))
        return NULL;
    int ly, lm, ld, ny, nm, nd;
    gy_day_to_ymd(cv->last, &ly, &lm, &ld);
    gy_day_to_ymd(cv->last + 1, &ny, &nm, &nd);
    if (ly < ay)
        return g_strdup_printf("记录截至%d年%d月%d日，%d年无记录", ly, lm, ld, ay);
    if (nd == 1 && as_of == gy_day_month_end(as_of)) {
        char *months = nm == am ? g_strdup_printf("%d月", am) : g_strdup_printf("%d—%d月", nm, am);
        char *note = g_strdup_printf("记录截至%d年%d月%d日，%s无记录，累计不含%s", ly, lm, ld,
                                     months, months);
        g_free(months);
        return note;
    }
    return g_strdup_printf("记录截至%d年%d月%d日，%d月%d日至%d月%d日无记录，累计不含这段时间", ly,
                           lm, ld, nm, nd, am, ad);
}

char *gy_cover_track_note_zh(const gy_cover *cv, gy_day as_of)
{
    int y, m, d;
    gy_day_to_ymd(as_of, &y, &m, &d);
    char *late = gy_cover_year_note_zh(cv, y), *early = end_note_zh(cv, as_of);
    if (!late || !early)
        return late ? late : early;
    char *both = g_strdup_printf("%s；%s", late, early);
    g_free(late);
    g_free(early);
    return both;
}
