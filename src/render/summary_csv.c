/* summary_csv.c — summary.csv: one row per county and period, 合计 last in each period. */
#include "guiyan/output.h"
#include "guiyan/report.h"

void gy_fen_wan4(GString *s, gy_fen v)
{
    /* 4 decimals of 万元 is whole yuan: round fen to yuan, half away from zero */
    bool neg = v < 0;
    uint64_t f = neg ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    uint64_t yuan = (f + 50) / 100;
    g_string_append_printf(s, "%s%" G_GUINT64_FORMAT ".%04" G_GUINT64_FORMAT, neg && yuan ? "-" : "",
                           yuan / 10000, yuan % 10000);
}

/* ",v", or "," alone when v is 0 and the column's kind of date does not cover its period */
static void cell(GString *s, const gy_table *t, gy_ind ind, size_t r, size_t col,
                 const gy_cover *cv)
{
    int64_t v = *gy_table_at(t, ind, r, col);
    g_string_append_c(s, ',');
    if (v == 0 && cv && !gy_cover_column(&cv[gy_cover_kind_of(ind)], t, col))
        return;                         /* no record covers the period, which is not 0 */
    if (ind == GY_IND_LOAN_AMOUNT)
        gy_fen_wan4(s, v);
    else
        g_string_append_printf(s, "%" G_GINT64_FORMAT, v);
}

static void row(GString *s, const gy_table *t, size_t r, size_t col, const char *label,
                const gy_region *rg, const gy_cover *cv)
{
    static const gy_ind inds[] = { GY_IND_STARTUPS, GY_IND_ENTITIES, GY_IND_LOANS,
                                   GY_IND_LOAN_AMOUNT, GY_IND_JOBS };
    bool total = r == t->n_rows - 1;
    gy_csv_text(s, total ? "" : gy_region_code(rg, r));
    g_string_append_c(s, ',');
    gy_csv_text(s, total ? "合计" : gy_region_name(rg, r));
    g_string_append_c(s, ',');
    gy_csv_text(s, label);
    for (size_t i = 0; i < G_N_ELEMENTS(inds); i++)
        cell(s, t, inds[i], r, col, cv);
    g_string_append(s, "\r\n");
}

void gy_summary_csv(GString *s, const gy_table *t, const gy_table *ytd, const gy_region *rg,
                    const gy_cover cv[GY_COVER__KINDS], bool header)
{
    if (header)
        g_string_append(s, "\xEF\xBB\xBF"
                        "county_code,county,period,startups,entities,loans,loan_amount_wan,jobs\r\n");
    for (size_t c = 0; c < t->n_cols; c++) {
        for (size_t r = 0; r < t->n_rows; r++)
            row(s, t, r, c, t->col_label[c], rg, cv);
        if (!ytd)
            continue;
        /* the YTD column whose month is this period's last month */
        for (size_t y = 0; y < ytd->n_cols; y++)
            if (ytd->col_month[y] == t->col_month[c])
                for (size_t r = 0; r < ytd->n_rows; r++)
                    row(s, ytd, r, y, ytd->col_label[y], rg, cv);
    }
}
