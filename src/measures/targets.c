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

/* The indicator names, "新增返乡创业人数、创办经济实体、…", for "unknown indicator". */
static char *valid_names(const gy_indicators *it)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < gy_indicators_count(it); i++)
        g_string_append_printf(s, "%s%s", i ? "、" : "", gy_indicators_at(it, i)->name);
    return g_string_free(s, FALSE);
}

/* A header's or name's unit in brackets at its end: 创业担保贷款（万元） → scale 1 (万元),
 * （元） → the yuan unit, （亿元） → 4 (decimal places to shift into 万元). *base gets the
 * text without the bracket (newly allocated). */
static void split_unit(const char *text, char **base, gy_unit *unit, int *shift)
{
    char *f = gy_header_fold(text);
    *unit = GY_UNIT_WAN;
    *shift = 0;
    size_t n = strlen(f);
    char *open = n && f[n - 1] == ')' ? strrchr(f, '(') : NULL;
    if (open) {
        if (strcmp(open, "(元)") == 0)
            *unit = GY_UNIT_YUAN;
        else if (strcmp(open, "(亿元)") == 0)
            *shift = 4;
        *open = '\0';
    }
    *base = f;
}

/* The indicator a name means: the table's name (with or without its unit, gy_indicators_find),
 * its short name, or a spelling of the [indicators] section of the alias file; the name's
 * unit, if it has one, into *unit and *shift. */
static const gy_indicator *find_indicator(const gy_indicators *it, const gy_aliases *al,
                                          const char *name, gy_unit *unit, int *shift)
{
    const gy_indicator *ind = NULL;
    char *base;
    split_unit(name, &base, unit, shift);
    if (gy_indicators_find(it, name, &ind) != GY_OK && gy_indicators_find(it, base, &ind) != GY_OK) {
        ind = NULL;
        for (size_t i = 0; !ind && i < gy_indicators_count(it); i++) {
            char *sf = gy_header_fold(gy_indicators_at(it, i)->short_name);
            if (strcmp(sf, base) == 0)
                ind = gy_indicators_at(it, i);
            g_free(sf);
        }
        const char *key = ind ? NULL : gy_aliases_key(al, "indicators", base);
        if (key)
            ind = gy_indicators_by_key(it, key);
        if (!ind)     /* an indicator of another list (返乡创业培训): its own slot */
            ind = gy_indicators_find_declared(it, name);
        if (!ind)
            ind = gy_indicators_find_declared(it, base);
    }
    g_free(base);
    return ind;
}

/* A money target: 万元 unless the value or the column says 元 or 亿元 (0.08亿元). */
static gy_error money_parse(const char *s, gy_unit unit, int shift, int64_t *v, bool *blank)
{
    char *copy = g_strdup(s);
    gy_text_clean(copy);
    size_t n = strlen(copy);
    if (n > strlen("亿元") && g_str_has_suffix(copy, "亿元")) {
        copy[n - strlen("亿元")] = '\0';
        shift = 4;
    } else if (n > strlen("亿") && g_str_has_suffix(copy, "亿")) {
        copy[n - strlen("亿")] = '\0';
        shift = 4;
    }
    if (shift) {
        /* 亿元 → 万元: the decimal point four places right, in the text (exact) */
        GString *d = g_string_new(NULL);
        const char *dot = strchr(copy, '.');
        size_t ip = dot ? (size_t)(dot - copy) : strlen(copy);
        g_string_append_len(d, copy, (gssize)ip);
        const char *frac = dot ? dot + 1 : "";
        size_t fl = strlen(frac);
        for (int k = 0; k < shift; k++)
            g_string_append_c(d, (size_t)k < fl ? frac[k] : '0');
        if (fl > (size_t)shift) {
            g_string_append_c(d, '.');
            g_string_append(d, frac + shift);
        }
        g_free(copy);
        copy = g_string_free(d, FALSE);
        unit = GY_UNIT_WAN;
    }
    gy_error e = gy_amount_parse(copy, unit, v, blank);
    g_free(copy);
    return e;
}

/* Whether a county cell names the whole region: 合计, 全市, the region's own name. */
static bool is_city(const gy_region *rg, const gy_row *row, const char *county_s)
{
    static const char *const names[] = { "全市", "全市合计", "全区", "全县", "全省", "市级" };
    size_t at;
    if (gy_row_not_a_record(row, &at) == GY_E_TOTAL_ROW)
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(county_s, names[i]) == 0)
            return true;
    return strcmp(county_s, gy_region_label(rg)) == 0;
}

/* One target: county (or the city, county SIZE_MAX) × indicator = the text of target_s. */
static void take_target(gy_targets *t, const gy_row *row, size_t county, const gy_indicator *ind,
                        const char *target_s, gy_unit unit, int shift, const gy_region *rg,
                        problems *p)
{
    int64_t v = 0;
    bool blank = false;
    gy_error e;
    if (gy_ind_is_money(ind->ind)) {
        e = money_parse(target_s, unit, shift, &v, &blank);
    } else {
        char *copy = g_strdup(target_s);
        gy_text_clean(copy);
        e = gy_count_parse(copy, &v, &blank);
        g_free(copy);
    }
    if (e != GY_OK) {
        problem(p, row->line, e, _("target '%s' for %s: %s"), target_s, ind->name,
                _(gy_strerror(e)));
        return;
    }
    unsigned long *line = county == SIZE_MAX ? &t->city_line[ind->ind]
                                             : &t->line[at(t, county, ind->ind)];
    if (*line) {
        problem(p, row->line, GY_E_CONFIG, _("%s, %s: target given twice (first on line %lu)"),
                county == SIZE_MAX ? _("the total") : gy_region_name(rg, county), ind->name,
                *line);
        return;
    }
    *line = row->line;
    if (blank)
        return;   /* an explicit "no target" */
    if (county == SIZE_MAX) {
        t->city[ind->ind] = v;
        t->has_city[ind->ind] = true;
        return;
    }
    t->v[at(t, county, ind->ind)] = v;
    t->has[at(t, county, ind->ind)] = true;
}

/* The columns of a targets file: long (county, indicator, target) or wide (county, then one
 * column per indicator: the city's 分解表). */
typedef struct targets_try {
    const gy_aliases *al;
    const gy_colspec *specs;
    size_t n;
    int *cols;
    const gy_indicators *it;
    bool wide;
    int county_col;
    GArray *ind_cols;      /* wide_col */
} targets_try;

typedef struct wide_col {
    int col;
    const gy_indicator *ind;
    gy_unit unit;
    int shift;
} wide_col;

/* The county of a data row, or SIZE_MAX for the city (合计); false when the row is not a
 * target row (a note under the table) or its county is bad (reported). */
static bool row_county(const gy_row *row, const char *county_s, const gy_region *rg,
                       problems *p, size_t *county)
{
    if (row->problem != GY_OK) {       /* a runaway quote, a giant cell */
        problem(p, row->line, GY_E_CONFIG, "%s", _(gy_strerror(row->problem)));
        return false;
    }
    if (row->bad_field >= 0) {
        problem(p, row->line, GY_E_CONFIG, _("bytes not valid in the file's encoding"));
        return false;
    }
    size_t at_cell;
    if (gy_row_not_a_record(row, &at_cell) == GY_E_NOTE_ROW)
        return false;                  /* 注：…, 填报人：… under the table */
    gy_error e = gy_region_resolve(rg, county_s, county);
    if (e == GY_OK)
        return true;
    if (is_city(rg, row, county_s)) {
        *county = SIZE_MAX;
        return true;
    }
    if (e == GY_E_EMPTY)
        problem(p, row->line, GY_E_COUNTY_UNKNOWN, _("county is empty"));
    else
        problem(p, row->line, e, _(county_reason(e)), county_s);
    return false;
}

/* One data row of the long form into t. */
static void take_row(gy_targets *t, const gy_row *row, const int *cols, const gy_region *rg,
                     const gy_indicators *it, const gy_aliases *al, problems *p)
{
    const char *county_s = field(row, cols[0]);
    const char *ind_s = field(row, cols[1]);
    size_t county = 0;
    if (!row_county(row, county_s, rg, p, &county))
        return;
    gy_unit unit;
    int shift;
    const gy_indicator *ind = find_indicator(it, al, ind_s, &unit, &shift);
    if (!ind) {
        char *valid = valid_names(it);
        if (*ind_s)
            problem(p, row->line, GY_E_INDICATOR_UNKNOWN, _("unknown indicator '%s' (the "
                    "indicators are: %s)"), ind_s, valid);
        else
            problem(p, row->line, GY_E_INDICATOR_UNKNOWN, _("indicator is empty"));
        g_free(valid);
        return;
    }
    take_target(t, row, county, ind, field(row, cols[2]), unit, shift, rg, p);
}

/* One data row of the wide form: a target per indicator column. */
static void take_wide_row(gy_targets *t, const gy_row *row, const targets_try *tt,
                          const gy_region *rg, problems *p)
{
    size_t county = 0;
    if (!row_county(row, field(row, tt->county_col), rg, p, &county))
        return;
    for (guint k = 0; k < tt->ind_cols->len; k++) {
        const wide_col *w = &g_array_index(tt->ind_cols, wide_col, k);
        take_target(t, row, county, w->ind, field(row, w->col), w->unit, w->shift, rg, p);
    }
}

static gy_error try_targets(const gy_row *row, void *user, GError **err)
{
    targets_try *t = user;
    GError *e = NULL;
    t->wide = false;
    if (gy_header_map(t->al, "targets", t->specs, t->n, row, t->cols, &e) == GY_OK)
        return GY_OK;
    /* the wide form: the county column, and columns named by indicators */
    g_array_set_size(t->ind_cols, 0);
    t->county_col = -1;
    for (size_t c = 0; c < row->n; c++) {
        const char *key = gy_aliases_key(t->al, "targets", row->fields[c]);
        if (key && strcmp(key, "county") == 0 && t->county_col < 0) {
            t->county_col = (int)c;
            continue;
        }
        wide_col w = { (int)c, NULL, GY_UNIT_WAN, 0 };
        if (*row->fields[c] && (w.ind = find_indicator(t->it, t->al, row->fields[c], &w.unit,
                                                       &w.shift)) != NULL)
            g_array_append_val(t->ind_cols, w);
    }
    if (t->county_col >= 0 && t->ind_cols->len > 0) {
        t->wide = true;
        g_clear_error(&e);
        return GY_OK;
    }
    g_propagate_error(err, e);
    return GY_E_MISSING_COLUMN;
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
    int cols[3];
    targets_try tt = { al, specs, G_N_ELEMENTS(specs), cols, it, false, -1,
                       g_array_new(FALSE, FALSE, sizeof(wide_col)) };
    gy_reader *rd = gy_reader_open(path, enc, &e);
    if (!rd) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s", e ? e->message : path);
        g_clear_error(&e);
        goto done;
    }
    gy_row row;
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
        if (tt.wide)
            take_wide_row(t, &row, &tt, rg, &p);
        else
            take_row(t, &row, cols, rg, it, al, &p);
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
    g_array_free(tt.ind_cols, TRUE);
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
