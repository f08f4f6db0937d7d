/* targets.c — the year's targets per county and indicator and the tracking column built from
 * targets and the cube's tables (targets.h). Pure: the file is read in src/setup/targets_load.c. */
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/targets.h"

struct gy_targets {
    size_t n;              /* counties and units of the region */
    int64_t *v;            /* [ind][county] */
    bool *has;             /* [ind][county] */
    unsigned long *line;   /* [ind][county]: where it was given (0: set by hand) */
    int64_t city[GY_TARGET_SLOTS];      /* a 合计 / 全市 row's own target */
    bool has_city[GY_TARGET_SLOTS];
    unsigned long city_line[GY_TARGET_SLOTS];
};

gy_targets *gy_targets_new(size_t n_counties)
{
    gy_targets *t = g_new0(gy_targets, 1);
    t->n = n_counties;
    size_t cells = (size_t)GY_TARGET_SLOTS * (n_counties ? n_counties : 1);
    t->v = g_new0(int64_t, cells);
    t->has = g_new0(bool, cells);
    t->line = g_new0(unsigned long, cells);
    return t;
}

void gy_targets_free(gy_targets *t)
{
    if (!t)
        return;
    g_free(t->v);
    g_free(t->has);
    g_free(t->line);
    g_free(t);
}

size_t gy_targets_n_counties(const gy_targets *t)
{
    return t->n;
}

static size_t at(const gy_targets *t, size_t county, gy_ind ind)
{
    return (size_t)ind * t->n + county;
}

gy_error gy_targets_set(gy_targets *t, size_t county, gy_ind ind, int64_t target)
{
    if (county >= t->n || (unsigned)ind >= GY_TARGET_SLOTS)
        return GY_E_USAGE;
    if (target < 0)
        return GY_E_AMOUNT_NEGATIVE;
    t->v[at(t, county, ind)] = target;
    t->has[at(t, county, ind)] = true;
    return GY_OK;
}

bool gy_targets_get(const gy_targets *t, size_t county, gy_ind ind, int64_t *out)
{
    bool has = county < t->n && (unsigned)ind < GY_TARGET_SLOTS && t->has[at(t, county, ind)];
    if (out)
        *out = has ? t->v[at(t, county, ind)] : 0;
    return has;
}

bool gy_targets_city(const gy_targets *t, gy_ind ind, int64_t *out)
{
    bool has = (unsigned)ind < GY_TARGET_SLOTS && t->has_city[ind];
    if (out)
        *out = has ? t->city[ind] : 0;
    return has;
}

bool gy_targets_has_ind(const gy_targets *t, gy_ind ind)
{
    if ((unsigned)ind >= GY_TARGET_SLOTS)
        return false;
    for (size_t i = 0; i < t->n; i++)
        if (t->has[at(t, i, ind)])
            return true;
    return false;
}

gy_error gy_targets_put(gy_targets *t, size_t county, gy_ind ind, int64_t v, bool blank,
                        unsigned long line, unsigned long *first)
{
    if (!t || (unsigned)ind >= GY_TARGET_SLOTS || (county != SIZE_MAX && county >= t->n))
        return GY_E_USAGE;
    unsigned long *seen = county == SIZE_MAX ? &t->city_line[ind] : &t->line[at(t, county, ind)];
    if (*seen) {
        if (first)
            *first = *seen;
        return GY_E_CONFIG;
    }
    *seen = line;
    if (blank)
        return GY_OK;   /* an explicit "no target" */
    if (county == SIZE_MAX) {
        t->city[ind] = v;
        t->has_city[ind] = true;
        return GY_OK;
    }
    t->v[at(t, county, ind)] = v;
    t->has[at(t, county, ind)] = true;
    return GY_OK;
}

/* ---- the tracking column ---- */

gy_error gy_targets_track(const gy_targets *t, gy_ind ind, const gy_region *rg,
                          const gy_table *months, const gy_table *ytd, const gy_table *prev,
                          const gy_track_opts *opts, gy_track_cell *cells)
{
    size_t n = gy_region_count(rg);
    if (!t || !months || !ytd || (unsigned)ind >= GY_TARGET_SLOTS || t->n != n
        || months->n_rows != n + 1 || ytd->n_rows != n + 1 || months->n_cols == 0
        || ytd->n_cols == 0 || months->grain != GY_GRAIN_MONTH
        || (prev && (prev->n_rows != n + 1 || prev->n_cols == 0)))
        return GY_E_USAGE;
    size_t mc = months->n_cols - 1, yc = ytd->n_cols - 1, pc = prev ? prev->n_cols - 1 : 0;
    for (size_t i = 0; i <= n; i++) {
        gy_track_cell *c = &cells[i];
        memset(c, 0, sizeof *c);
        if (i < n) {
            c->has_target = gy_targets_get(t, i, ind, &c->target);
            c->is_unit = gy_region_code(rg, i)[0] == '\0';
        } else {
            c->target_city = gy_targets_city(t, ind, &c->target);
            c->has_target = c->target_city;
        }
        c->month = *gy_table_at(months, ind, i, mc);
        c->ytd = *gy_table_at(ytd, ind, i, yc);
        c->has_prev = prev != NULL;
        c->prev_ytd = prev ? *gy_table_at(prev, ind, i, pc) : 0;
    }
    return gy_track_column(cells, n, opts);
}

/* ---- the figures of a tracking run ---- */

gy_day gy_track_prev_day(gy_day as_of)
{
    if (as_of == GY_NO_DAY)
        return GY_NO_DAY;
    int y, m, d;
    gy_day_to_ymd(as_of, &y, &m, &d);
    return gy_day_from_ymd(y - 1, m, m == 2 && d == 29 ? 28 : d);
}

void gy_track_tables(const gy_cube *c, gy_day as_of, gy_table **months, gy_table **ytd,
                     gy_table **prev)
{
    int y, m, d;
    gy_day_to_ymd(as_of, &y, &m, &d);
    gy_month first = GY_MONTH(y, 1), last = gy_day_month(as_of);
    gy_day jan1 = gy_day_from_ymd(y, 1, 1);
    *months = gy_cube_table(c, GY_GRAIN_MONTH, first, last, jan1, as_of);
    *ytd = gy_cube_table(c, GY_GRAIN_YTD, first, last, jan1, as_of);
    *prev = NULL;
    gy_month span0 = 0;
    gy_day prev_day = gy_track_prev_day(as_of);
    if (prev_day != GY_NO_DAY && gy_cube_span(c, &span0, NULL) && span0 <= GY_MONTH(y - 1, 1)) {
        *prev = gy_cube_table(c, GY_GRAIN_YTD, GY_MONTH(y - 1, 1), gy_day_month(prev_day),
                              gy_day_from_ymd(y - 1, 1, 1), prev_day);
    }
}
