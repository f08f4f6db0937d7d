/* track_csv.c — track.csv, the tidy twin of the tracking workbook: one row per county and
 * indicator, 合计 last in each indicator (workbook.h). */
#include "guiyan/fields.h"
#include "guiyan/output.h"
#include "guiyan/report.h"
#include "guiyan/workbook.h"

/* A count, or fen as 万元 with 4 decimals. */
static void figure(GString *s, int64_t v, bool money)
{
    if (money)
        gy_fen_wan4(s, v);
    else
        g_string_append_printf(s, "%" G_GINT64_FORMAT, v);
}

static void row(GString *s, const gy_track_view *v, const gy_track_part *p, size_t i, bool total)
{
    const gy_track_cell *c = &p->cells[i];
    bool money = gy_ind_is_money(p->indicator->ind);
    char buf[GY_HUNDREDTHS_BUFSZ];
    gy_csv_text(s, total ? "" : v->county_codes[i]);
    g_string_append_c(s, ',');
    gy_csv_text(s, total ? "合计" : v->county_names[i]);
    g_string_append_c(s, ',');
    gy_csv_text(s, p->indicator->name);
    g_string_append_c(s, ',');
    if (c->has_target)
        figure(s, c->target, money);
    g_string_append_c(s, ',');
    int y, m, d;
    gy_day_to_ymd(v->as_of, &y, &m, &d);
    if (c->month != 0 || !gy_track_month_uncovered(v, p->indicator->ind, GY_MONTH(y, m)))
        figure(s, c->month, money);     /* empty: no record covers the month, which is not 0 */
    g_string_append_c(s, ',');
    figure(s, c->ytd, money);
    g_string_append_printf(s, ",%s", gy_track_completion_text(c, buf));
    g_string_append_printf(s, ",%s", gy_ratio_percent_text(v->progress, buf));
    g_string_append_printf(s, ",%s,", gy_track_gap_text(c, buf));
    if (c->rank > 0)
        g_string_append_printf(s, "%d", c->rank);
    g_string_append_c(s, ',');
    if (c->has_prev)
        figure(s, c->prev_ytd, money);
    g_string_append_printf(s, ",%s\r\n", gy_track_yoy_text(c, buf));
}

void gy_track_csv(GString *s, const gy_track_view *v)
{
    g_string_append(s, "\xEF\xBB\xBF"
                    "county_code,county,indicator,target,month_value,ytd_value,completion,"
                    "time_progress,gap_points,rank,prev_ytd,yoy\r\n");
    size_t n = 0;
    while (v->county_names && v->county_names[n])
        n++;
    for (size_t k = 0; k < v->n_parts; k++) {
        for (size_t i = 0; i < n; i++)
            row(s, v, &v->parts[k], i, false);
        row(s, v, &v->parts[k], n, true);
    }
}
