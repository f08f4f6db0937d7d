/* targets_load.c — read the targets file (county, indicator, target; or one column per
 * indicator) into a gy_targets (targets.h): the header found through the alias file, every bad
 * row reported with file and line. */
#include <stdarg.h>
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/ledger.h"
#include "guiyan/load.h"
#include "guiyan/reader.h"
#include "guiyan/schema.h"
#include "guiyan/targets.h"
#include "guiyan/tally.h"
#include "guiyan/wbook.h"

/* ---- reading the file ---- */

typedef struct problems {
    const char *name;      /* base name of the file */
    GString *text;         /* one problem per line */
    size_t n;
    gy_error first;
    unsigned long notes;   /* rows under the table that hold no target (注：…): skipped */
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
    unsigned long first = 0;
    if (gy_targets_put(t, county, ind->ind, v, blank, row->line, &first) == GY_E_CONFIG)
        problem(p, row->line, GY_E_CONFIG, _("%s, %s: target given twice (first on line %lu)"),
                county == SIZE_MAX ? _("the total") : gy_region_name(rg, county), ind->name,
                first);
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
    if (gy_row_not_a_record(row, &at_cell) == GY_E_NOTE_ROW) {
        p->notes++;
        return false;                  /* 注：…, 填报人：… under the table */
    }
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
    return gy_targets_load_sheet(path, NULL, enc, al, rg, it, err);
}

/* The header of a targets workbook: on the sheet `sheet` names, or (NULL, "all") on the first
 * sheet that has one; the sheet's problems name it. A text file: its one header. */
static gy_error find_header(gy_reader *rd, const char *name, const char *sheet, targets_try *tt,
                            gy_row *row, GError **err)
{
    size_t ns = gy_reader_n_sheets(rd);
    if (ns == 0)
        return gy_header_find(rd, name, try_targets, tt, row, err);
    bool pick = sheet && strcmp(sheet, "all") != 0;
    size_t from = 0;
    gy_error r;
    if (pick && (r = gy_load_sheet_index(rd, name, sheet, &from, err)) != GY_OK)
        return r;
    GError *first = NULL;
    gy_error first_r = GY_OK;
    for (size_t i = from; i < ns; i++) {
        GError *e = NULL;
        char *where = g_strdup_printf("%s:%s", name, gy_reader_sheet_name(rd, i));
        r = gy_reader_select_sheet(rd, i, &e);
        if (r == GY_OK)
            r = gy_header_find(rd, where, try_targets, tt, row, &e);
        g_free(where);
        if (r == GY_OK) {
            g_clear_error(&first);
            return GY_OK;
        }
        if (!first) {
            first = e;
            first_r = r;
        } else {
            g_clear_error(&e);
        }
        if (pick)
            break;
    }
    if (ns > 1 && !pick && first)
        g_prefix_error(&first, _("no sheet of %s has the columns guiyan needs (--sheet NAME "
                                 "picks one); the first: "), name);
    g_propagate_error(err, first);
    return first_r;
}

/* The header → field mapping of the header row into input `file` of lg: the long form's
 * three columns, or the wide form's county column and each indicator column (as the
 * indicator's key). */
static void note_mapping(gy_ledger *lg, uint32_t file, const gy_row *row, const targets_try *tt,
                         const gy_colspec *specs)
{
    const char **keys = g_new0(const char *, row->n + 1);
    if (tt->wide) {
        keys[tt->county_col] = "county";
        for (guint k = 0; k < tt->ind_cols->len; k++) {
            const wide_col *w = &g_array_index(tt->ind_cols, wide_col, k);
            keys[w->col] = w->ind->key;
        }
    } else {
        for (size_t f = 0; f < tt->n; f++)
            if (tt->cols[f] >= 0 && (size_t)tt->cols[f] < row->n)
                keys[tt->cols[f]] = specs[f].key;
    }
    gy_ledger_set_mapping(lg, file, (const char *const *)row->fields, keys, row->n);
    g_free(keys);
}

gy_targets *gy_targets_load_sheet(const char *path, const char *sheet, gy_encoding enc,
                                  const gy_aliases *al, const gy_region *rg,
                                  const gy_indicators *it, GError **err)
{
    return gy_targets_load_input(path, sheet, enc, al, rg, it, NULL, err);
}

gy_targets *gy_targets_load_input(const char *path, const char *sheet, gy_encoding enc,
                                  const gy_aliases *al, const gy_region *rg,
                                  const gy_indicators *it, gy_ledger *lg, GError **err)
{
    static const gy_colspec specs[] = {
        { "county", true }, { "indicator", true }, { "target", true },
    };
    char *name = g_path_get_basename(path);
    problems p = { name, g_string_new(NULL), 0, GY_OK, 0 };
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
    gy_error r = find_header(rd, name, sheet, &tt, &row, &e);
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
    uint32_t file = 0;
    if (lg) {
        /* the header row is gone after the next read: its mapping now */
        file = gy_ledger_add_input(lg, path);
        gy_input *in = gy_ledger_input(lg, file);
        in->encoding = gy_encoding_name(gy_reader_encoding(rd));
        in->header_line = row.line;
        gy_ledger_set_reader(lg, file, gy_kind_name(gy_reader_kind(rd)), gy_reader_sheet(rd));
        note_mapping(lg, file, &row, &tt, specs);
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
    if (lg && p.n == 0) {
        /* of the bytes parsed, as for the records (standard input has no name to check) */
        gy_input *in = gy_ledger_input(lg, file);
        in->rows_read = rows;
        in->rows_skipped = p.notes;
        in->rows_accepted = rows - p.notes;
        if (!gy_reader_once_only(path)) {
            in->size = gy_tally_bytes(gy_reader_tally(rd));
            gy_tally_sha256(gy_reader_tally(rd), in->sha256);
        }
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
