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

static void row(GString *s, const gy_table *t, size_t r, size_t col, const char *label,
                const gy_region *rg)
{
    bool total = r == t->n_rows - 1;
    gy_csv_text(s, total ? "" : gy_region_code(rg, r));
    g_string_append_c(s, ',');
    gy_csv_text(s, total ? "合计" : gy_region_name(rg, r));
    g_string_append_c(s, ',');
    gy_csv_text(s, label);
    g_string_append_printf(s, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",",
                           *gy_table_at(t, GY_IND_STARTUPS, r, col),
                           *gy_table_at(t, GY_IND_ENTITIES, r, col),
                           *gy_table_at(t, GY_IND_LOANS, r, col));
    gy_fen_wan4(s, *gy_table_at(t, GY_IND_LOAN_AMOUNT, r, col));
    g_string_append_printf(s, ",%" G_GINT64_FORMAT "\r\n", *gy_table_at(t, GY_IND_JOBS, r, col));
}

void gy_summary_csv(GString *s, const gy_table *t, const gy_table *ytd, const gy_region *rg,
                    bool header)
{
    if (header)
        g_string_append(s, "\xEF\xBB\xBF"
                        "county_code,county,period,startups,entities,loans,loan_amount_wan,jobs\r\n");
    for (size_t c = 0; c < t->n_cols; c++) {
        for (size_t r = 0; r < t->n_rows; r++)
            row(s, t, r, c, t->col_label[c], rg);
        if (!ytd)
            continue;
        /* the YTD column whose month is this period's last month */
        for (size_t y = 0; y < ytd->n_cols; y++)
            if (ytd->col_month[y] == t->col_month[c])
                for (size_t r = 0; r < ytd->n_rows; r++)
                    row(s, ytd, r, y, ytd->col_label[y], rg);
    }
}
