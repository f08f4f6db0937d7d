/* targets.c — the targets file (county, indicator, target) and the tracking column built from
 * targets and the cube's tables (targets.h). */
#include <stdarg.h>
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/targets.h"

struct gy_targets {
    size_t n;              /* counties and units of the region */
    int64_t *v;            /* [ind][county] */
    bool *has;             /* [ind][county] */
    unsigned long *line;   /* [ind][county]: where it was given (0: set by hand) */
};

gy_targets *gy_targets_new(size_t n_counties)
{
    gy_targets *t = g_new0(gy_targets, 1);
    t->n = n_counties;
    size_t cells = (size_t)GY_IND__COUNT * (n_counties ? n_counties : 1);
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
    if (county >= t->n || (unsigned)ind >= GY_IND__COUNT)
        return GY_E_USAGE;
    if (target < 0)
        return GY_E_AMOUNT_NEGATIVE;
    t->v[at(t, county, ind)] = target;
    t->has[at(t, county, ind)] = true;
    return GY_OK;
}

bool gy_targets_get(const gy_targets *t, size_t county, gy_ind ind, int64_t *out)
{
    bool has = county < t->n && (unsigned)ind < GY_IND__COUNT && t->has[at(t, county, ind)];
    if (out)
        *out = has ? t->v[at(t, county, ind)] : 0;
    return has;
}

bool gy_targets_has_ind(const gy_targets *t, gy_ind ind)
{
    if ((unsigned)ind >= GY_IND__COUNT)
        return false;
    for (size_t i = 0; i < t->n; i++)
        if (t->has[at(t, i, ind)])
            return true;
    return false;
}

/* ---- reading the file ---- */

typedef struct problems {
    const char *name;      /* base name of the file */
    GString *text;         /* one problem per line */
    size_t n;
    gy_error first;
} problems;

static void problem(problems *p, unsigned long line, gy_error code, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void problem(problems *p, unsigned long line, gy_error code, const char *fmt, ...)
{
    if (p->n == 0)
        p->first = code;
    p->n++;
    if (p->n > GY_TARGETS_MAX_PROBLEMS)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (p->text->len)
        g_string_append_c(p->text, '\n');
    if (line)
        g_string_append_printf(p->text, "%s:%lu: %s", p->name, line, msg);
    else
        g_string_append_printf(p->text, "%s: %s", p->name, msg);
    g_free(msg);
}

static const char *field(const gy_row *row, int col)
{
    return (col >= 0 && (size_t)col < row->n) ? row->fields[col] : "";
}

/* Why a county spelling did not resolve, for the message. */
static const char *county_reason(gy_error e)
{
    switch (e) {
    case GY_E_COUNTY_AMBIGUOUS: return N_("county '%s' is ambiguous; give the full name or the code");
    case GY_E_COUNTY_OUTSIDE: return N_("county '%s' is outside the region");
    default: return N_("unknown county '%s'");
    }
}

/* One data row into t. */
static void take_row(gy_targets *t, const gy_row *row, const int *cols, const gy_region *rg,
                     const gy_indicators *it, problems *p)
{
    const char *county_s = field(row, cols[0]);
    const char *ind_s = field(row, cols[1]);
    const char *target_s = field(row, cols[2]);
    if (row->problem != GY_OK) {       /* a runaway quote, a giant cell */
        problem(p, row->line, GY_E_CONFIG, "%s", _(gy_strerror(row->problem)));
        return;
    }
    if (row->bad_field >= 0) {
        problem(p, row->line, GY_E_CONFIG, _("bytes not valid in the file's encoding"));
        return;
    }
    size_t county = 0;
    gy_error e = gy_region_resolve(rg, county_s, &county);
    if (e == GY_E_EMPTY) {
        problem(p, row->line, GY_E_COUNTY_UNKNOWN, _("county is empty"));
        return;
    }
    if (e != GY_OK) {
        problem(p, row->line, e, _(county_reason(e)), county_s);
        return;
    }
    const gy_indicator *ind = NULL;
    if (gy_indicators_find(it, ind_s, &ind) != GY_OK) {
        if (*ind_s)
            problem(p, row->line, GY_E_INDICATOR_UNKNOWN, _("unknown indicator '%s'"), ind_s);
        else
            problem(p, row->line, GY_E_INDICATOR_UNKNOWN, _("indicator is empty"));
        return;
    }
    int64_t v = 0;
    bool blank = false;
    char *copy = g_strdup(target_s);
    gy_text_clean(copy);
    if (gy_ind_is_money(ind->ind))
        e = gy_amount_parse(copy, GY_UNIT_WAN, &v, &blank);
    else
        e = gy_count_parse(copy, &v, &blank);
    g_free(copy);
    if (e != GY_OK) {
        problem(p, row->line, e, _("target '%s' for %s: %s"), target_s, ind->name,
                _(gy_strerror(e)));
        return;
    }
    size_t k = at(t, county, ind->ind);
    if (t->line[k]) {
        problem(p, row->line, GY_E_CONFIG, _("%s, %s: target given twice (first on line %lu)"),
                gy_region_name(rg, county), ind->name, t->line[k]);
        return;
    }
    t->line[k] = row->line;
    if (blank)
        return;   /* an explicit "no target" */
    t->v[k] = v;
    t->has[k] = true;
}

typedef struct targets_try {
    const gy_aliases *al;
    const gy_colspec *specs;
    size_t n;
    int *cols;
} targets_try;

static gy_error try_targets(const gy_row *row, void *user, GError **err)
{
    targets_try *t = user;
    return gy_header_map(t->al, "targets", t->specs, t->n, row, t->cols, err);
}

gy_targets *gy_targets_load(const char *path, gy_encoding enc, const gy_aliases *al,
                            const gy_region *rg, const gy_indicators *it, GError **err)
{
    static const gy_colspec specs[] = {
        { "county", true }, { "indicator", true }, { "target", true },
    };
    char *name = g_path_get_basename(path);
    problems p = { name, g_string_new(NULL), 0, GY_OK };
    gy_targets *t = NULL;
    GError *e = NULL;
    gy_reader *rd = gy_reader_open(path, enc, &e);
    if (!rd) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s", e ? e->message : path);
        g_clear_error(&e);
        goto done;
    }
    gy_row row;
    int cols[3];
    targets_try tt = { al, specs, G_N_ELEMENTS(specs), cols };
    gy_error r = gy_header_find(rd, name, try_targets, &tt, &row, &e);
    if (r == GY_E_EMPTY) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("%s: empty file: no header and no targets"),
                    name);
        g_clear_error(&e);
        goto done;
    }
    if (r != GY_OK && r != GY_E_IO) {   /* no row of the first few names the three columns */
        g_propagate_error(err, e);
        e = NULL;
        goto done;
    }
    t = gy_targets_new(gy_region_count(rg));
    size_t rows = 0;
    while (r == GY_OK && (r = gy_reader_next(rd, &row, &e)) == GY_OK && row.n > 0) {
        rows++;
        take_row(t, &row, cols, rg, it, &p);
    }
    if (r != GY_OK) {
        /* bytes in the wrong encoding or a broken quote: the file is bad, not the disk */
        gy_error code = r == GY_E_IO ? GY_E_IO : GY_E_CONFIG;
        g_set_error(err, GY_ERROR, code, "%s: %s", name, e ? e->message : _(gy_strerror(r)));
        g_clear_error(&e);
        gy_targets_free(t);
        t = NULL;
        goto done;
    }
    if (p.n == 0 && rows == 0)
        problem(&p, 0, GY_E_CONFIG, _("no targets: the file has a header but no rows"));
    if (p.n) {
        if (p.n > GY_TARGETS_MAX_PROBLEMS)
            g_string_append_printf(p.text, _("\n%s: ... and %zu more problems"), name,
                                   p.n - GY_TARGETS_MAX_PROBLEMS);
        g_set_error_literal(err, GY_ERROR, p.first, p.text->str);
        gy_targets_free(t);
        t = NULL;
    }
done:
    gy_reader_free(rd);
    g_string_free(p.text, TRUE);
    g_free(name);
    return t;
}

/* ---- the tracking column ---- */

gy_error gy_targets_track(const gy_targets *t, gy_ind ind, const gy_region *rg,
                          const gy_table *months, const gy_table *ytd, const gy_table *prev,
                          const gy_track_opts *opts, gy_track_cell *cells)
{
    size_t n = gy_region_count(rg);
    if (!t || !months || !ytd || (unsigned)ind >= GY_IND__COUNT || t->n != n
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

void gy_track_tables(gy_cube *c, gy_day as_of, gy_table **months, gy_table **ytd,
                     gy_table **prev)
{
    int y, m, d;
    gy_day_to_ymd(as_of, &y, &m, &d);
    gy_month first = GY_MONTH(y, 1), last = gy_day_month(as_of);
    gy_cube_set_bounds(c, gy_day_from_ymd(y, 1, 1), as_of);
    *months = gy_cube_table(c, GY_GRAIN_MONTH, first, last);
    *ytd = gy_cube_table(c, GY_GRAIN_YTD, first, last);
    *prev = NULL;
    gy_month span0 = 0;
    gy_day prev_day = gy_track_prev_day(as_of);
    if (prev_day != GY_NO_DAY && gy_cube_span(c, &span0, NULL) && span0 <= GY_MONTH(y - 1, 1)) {
        gy_cube_set_bounds(c, gy_day_from_ymd(y - 1, 1, 1), prev_day);
        *prev = gy_cube_table(c, GY_GRAIN_YTD, GY_MONTH(y - 1, 1), gy_day_month(prev_day));
    }
    gy_cube_set_bounds(c, GY_NO_DAY, GY_NO_DAY);
}
