/* table.c — what a figure is: the indicators by key, and the table type that holds them by
 * county and period. Plain data, no store: renderers and tests build tables by hand too.
 *
 * Invariants:
 * - ind_keys holds one key per gy_ind, indexed by it (designated, so an added indicator
 *   without a key is an empty slot the tests catch: gy_ind_from_key(gy_ind_key(i)) == i).
 * - A table's values are [ind][row][col], its rows the region's counties then the total (so
 *   row n_rows - 1); a table of no columns still gets one column's room, never a zero-size
 *   allocation. */
#include "guiyan/cube.h"

static const char *ind_keys[GY_IND__COUNT] = {
    [GY_IND_STARTUPS] = "startups",   [GY_IND_ENTITIES] = "entities",
    [GY_IND_LOANS] = "loans",         [GY_IND_LOAN_AMOUNT] = "loan_amount",
    [GY_IND_JOBS] = "jobs",           [GY_IND_OUTPUT] = "output_value",
};

const char *gy_ind_key(gy_ind ind)
{
    return (unsigned)ind < GY_IND__COUNT ? ind_keys[ind] : "";
}

gy_ind gy_ind_from_key(const char *key)
{
    for (int i = 0; i < GY_IND__COUNT; i++)
        if (strcmp(key, ind_keys[i]) == 0)
            return (gy_ind)i;
    return GY_IND__COUNT;
}

bool gy_ind_is_money(gy_ind ind) { return ind == GY_IND_LOAN_AMOUNT || ind == GY_IND_OUTPUT; }
bool gy_ind_is_distinct(gy_ind ind) { return ind == GY_IND_STARTUPS || ind == GY_IND_ENTITIES; }

/* ---- tables ---- */

gy_table *gy_table_new(size_t n_rows, size_t n_cols, gy_grain grain)
{
    gy_table *t = g_new0(gy_table, 1);
    t->n_rows = n_rows;
    t->n_cols = n_cols;
    t->grain = grain;
    t->col_month = g_new0(gy_month, n_cols ? n_cols : 1);
    t->col_label = g_new0(char *, n_cols + 1);
    t->v = g_new0(int64_t, (size_t)GY_IND__COUNT * n_rows * (n_cols ? n_cols : 1));
    return t;
}

void gy_table_free(gy_table *t)
{
    if (!t)
        return;
    g_strfreev(t->col_label);
    g_free(t->col_month);
    g_free(t->v);
    g_free(t);
}
