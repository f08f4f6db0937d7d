/* lists.c — a run's other real-name lists (lists.h): sorted from the startup exports by their
 * header, read with their accounting, and measured for declared indicators. */
#include <string.h>

#include "guiyan/cube.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/roster.h"
#include "lists.h"

/* The header spellings of every kind of ks that the templates' aliases.ini lacks (a folder
 * copied before the lists existed), from the built-in aliases.ini, as kinds.ini falls back
 * to the built-in one: otherwise a training list is read as a startup export and fails on
 * columns it was never meant to have. Returns the kinds it looked for there (empty: none was
 * missing, or there is no built-in file; *builtin its path), or NULL with *err. */
static gchar **fill_alias_groups(const gy_run *r, const gy_kinds *ks, char **builtin,
                                 GError **err)
{
    *builtin = gy_templates_builtin_file("aliases.ini");
    if (!g_file_test(*builtin, G_FILE_TEST_EXISTS))
        return g_new0(gchar *, 1);
    const char **names = g_new0(const char *, gy_kinds_count(ks) + 1);
    for (size_t k = 0; k < gy_kinds_count(ks); k++)
        names[k] = gy_kinds_at(ks, k)->name;
    gchar **filled = gy_aliases_fill(r->al, *builtin, names, err);
    g_free(names);
    return filled;
}

bool gy_decl_run_open(gy_decl_run *dr, const gy_run *r, const gy_indicators *inds,
                      const char *forced, const char *const *files, size_t n, GError **err)
{
    memset(dr, 0, sizeof *dr);
    dr->al = r->al;
    dr->rg = r->rg;
    dr->inds = inds;
    dr->rp = r->rp;
    dr->encoding = r->co->encoding;
    dr->unmask = r->co->unmask;
    /* --sheet all makes each sheet of the exports an input; a list is read from one sheet */
    dr->sheet = r->co->sheet && strcmp(r->co->sheet, "all") != 0 ? r->co->sheet : NULL;
    dr->files = g_ptr_array_new();
    dr->file_kind = g_array_new(FALSE, FALSE, sizeof(int));
    dr->queries = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify)gy_decl_query_free);
    dr->startup = g_new0(const char *, n + 1);
    dr->n_startup = 0;
    char *builtin = NULL;
    dr->kinds = gy_kinds_load_dir(r->cf->templates, &builtin, err);
    if (!dr->kinds)
        return false;
    char *own_al = NULL;
    gchar **filled = fill_alias_groups(r, dr->kinds, &own_al, err);
    int kind = GY_KIND_STARTUP;
    if (!filled || (forced && !run_kind_of(dr->kinds, forced, &kind, err))) {
        g_strfreev(filled);
        g_free(own_al);
        g_free(builtin);
        return false;
    }
    bool declared = false;        /* a list of a kind of kinds.ini among the inputs */
    GPtrArray *from_builtin = g_ptr_array_new();   /* "[training]" of a list read by them */
    for (size_t i = 0; i < n; i++) {
        int k = forced ? kind : gy_kinds_sniff(dr->kinds, files[i], dr->encoding, dr->sheet,
                                                           dr->al);
        if (k == GY_KIND_STARTUP) {
            dr->startup[dr->n_startup++] = files[i];
        } else {
            g_ptr_array_add(dr->files, (gpointer)files[i]);
            g_array_append_val(dr->file_kind, k);
            declared = declared || k >= 0;
            const char *name = k >= 0 ? gy_kinds_at(dr->kinds, (size_t)k)->name : NULL;
            if (name && g_strv_contains((const char *const *)filled, name) &&
                !g_ptr_array_find_with_equal_func(from_builtin, name, g_str_equal, NULL))
                g_ptr_array_add(from_builtin, (gpointer)name);
        }
    }
    if (from_builtin->len) {
        GString *g = g_string_new(NULL);
        for (guint i = 0; i < from_builtin->len; i++)
            g_string_append_printf(g, "%s[%s]", i ? ", " : "",
                                   (const char *)g_ptr_array_index(from_builtin, i));
        char *own = gy_config_file(r->cf, "aliases.ini");
        gy_report_say(dr->rp, GY_LINE_WARNING, false, _("guiyan: warning: %s lacks the list "
                      "groups %s (an alias file from before the lists): those lists' column names "
                      "are read by the built-in %s; copy the groups there to change them\n"),
                      own, g->str, own_al);
        g_free(own);
        g_string_free(g, TRUE);
    }
    g_ptr_array_free(from_builtin, TRUE);
    g_strfreev(filled);
    g_free(own_al);
    if (builtin && declared)
        gy_report_say(dr->rp, GY_LINE_WARNING, false, _("guiyan: warning: %s has no kinds.ini "
                      "(a templates folder from before the lists): the lists are read by the "
                      "built-in %s; copy it there to change their columns\n"),
                      r->cf->templates, builtin);
    g_free(builtin);
    dr->store = gy_decl_store_new(dr->kinds);
    dr->lg = gy_ledger_new();
    /* the definitions (explain.csv, the tracking notes) name the list, not the kind's key */
    for (size_t i = 0; i < gy_indicators_n_declared(inds); i++) {
        const gy_indicator *d = gy_indicators_declared_at(inds, i);
        const gy_rkind *kd = gy_kinds_find(dr->kinds, d->decl->kind);
        gy_decl_spec_set_label(d->decl, kd ? kd->label
                                           : strcmp(d->decl->kind, "stars") == 0 ? "明星名单"
                                                                                 : NULL);
    }
    return true;
}

static const char *spelling(const char *kind, const char *cell, void *user);

/* Which fields of kind k a key or a declared indicator uses (newly allocated). */
static bool *fields_used(const gy_decl_run *dr, size_t k)
{
    const gy_rkind *kd = gy_kinds_at(dr->kinds, k);
    bool *used = g_new0(bool, kd->n_fields);
    for (size_t i = 0; i < kd->n_key; i++)
        used[kd->key[i]] = true;
    for (size_t i = 0; i < gy_indicators_n_declared(dr->inds); i++) {
        const gy_decl_spec *sp = gy_indicators_declared_at(dr->inds, i)->decl;
        if (strcmp(sp->kind, kd->name) != 0)
            continue;
        const char *names[] = { sp->column, sp->date };
        for (size_t c = 0; c < G_N_ELEMENTS(names) + sp->n_conds; c++) {
            const char *nm = c < G_N_ELEMENTS(names) ? names[c] : sp->conds[c - 2].field;
            if (!nm)
                continue;
            int at = gy_rkind_field_at(kd, nm);
            if (at < 0)
                at = gy_rkind_field_at(kd, spelling(kd->name, nm, (void *)dr->al));
            if (at >= 0)
                used[at] = true;
        }
    }
    return used;
}

bool gy_decl_run_load(gy_decl_run *dr, gy_run *r, GError **err)
{
    dr->roster = gy_roster_new((const char *const *)dr->files->pdata, dr->files->len);
    for (guint i = 0; i < dr->files->len; i++)
        gy_ledger_add_input(dr->lg, g_ptr_array_index(dr->files, i));
    gy_roster_opts ro = { .encoding = dr->encoding, .unmask = dr->unmask, .sheet = dr->sheet };
    for (guint i = 0; i < dr->files->len; i++) {
        const char *path = g_ptr_array_index(dr->files, i);
        int k = g_array_index(dr->file_kind, int, i);
        if (k == GY_KIND_STARS)
            gy_ledger_input(dr->lg, i)->kind = "明星名单";
        bool *used = k == GY_KIND_STARS ? NULL : fields_used(dr, (size_t)k);
        gy_error e = k == GY_KIND_STARS
                         ? gy_roster_read_file(path, i, &ro, dr->al, dr->rg, dr->roster, dr->lg,
                                               err)
                         : gy_kinds_read(path, dr->sheet, k, i, dr->encoding, dr->unmask,
                                         dr->al, dr->rg, used, dr->store, dr->lg, err);
        g_free(used);
        if (e != GY_OK)
            return false;
    }
    gy_ledger_sort(dr->lg);
    dr->counts = gy_roster_counts(dr->roster, gy_region_count(dr->rg));
    gy_ledger_set_lists(r->lg, dr->lg);
    r->lists = dr;
    return true;
}

gy_indicators *run_indicators(const gy_run *r, GError **err)
{
    char *p = run_config_file(r, "indicators.tsv");
    gy_indicators *inds = gy_indicators_load(p, err);
    g_free(p);
    return inds;
}

/* A condition's values on a star roster: 级别 and 类别 as gy_star_level_parse and
 * gy_star_kind_parse read them. */
static bool star_filter(const gy_decl_spec *s, const gy_aliases *al, gy_star_level *l,
                        gy_star_kind *k)
{
    bool have_l = false, have_k = false;
    for (size_t i = 0; i < s->n_conds; i++) {
        const char *f = s->conds[i].field;
        const char *key = gy_aliases_key(al, "stars", f);
        key = key ? key : f;
        if (strcmp(key, "level") == 0 && gy_star_level_parse(s->conds[i].values[0], l) == GY_OK)
            have_l = true;
        else if (strcmp(key, "category") == 0 && gy_star_kind_parse(s->conds[i].values[0], k) == GY_OK)
            have_k = true;
        else
            return false;
    }
    return have_l && have_k;
}

/* The awards of a level and category in the years of [from, to], through the counts of
 * `guiyan stars` (gy_roster_counts). */
static int64_t star_value(const gy_decl_run *dr, const gy_decl_spec *s, size_t county,
                          gy_day from, gy_day to, size_t *n_records)
{
    gy_star_level l;
    gy_star_kind k;
    *n_records = 0;
    if (!dr->counts || !star_filter(s, dr->al, &l, &k))
        return 0;
    int y0 = 0, y1 = 9999, m, d;
    if (from != GY_NO_DAY)
        gy_day_to_ymd(from, &y0, &m, &d);
    if (to != GY_NO_DAY)
        gy_day_to_ymd(to, &y1, &m, &d);
    int64_t v = 0;
    size_t c = county == GY_ALL ? dr->counts->n_counties : county;
    for (size_t yi = 0; yi < dr->counts->n_years; yi++)
        if (dr->counts->years[yi] >= y0 && dr->counts->years[yi] <= y1)
            v += gy_star_count(dr->counts, yi, l, k, c);
    *n_records = (size_t)v;
    return v;
}

static const char *spelling(const char *kind, const char *cell, void *user)
{
    return gy_aliases_key(user, kind, cell);
}

static void count_rec(const gy_decl_rec *r, void *user)
{
    (void)r;
    (*(size_t *)user)++;
}

/* The query of a declared indicator (not stars), made once; NULL with a warning in the report
 * when the indicator names what its kind lacks. */
static gy_decl_query *query_of(gy_decl_run *dr, const gy_indicator *ind)
{
    gy_decl_query *q = g_hash_table_lookup(dr->queries, ind);
    if (!q) {
        GError *err = NULL;
        q = gy_decl_query_new(dr->store, ind->decl, spelling, (void *)dr->al, &err);
        if (!q) {
            gy_report_say(dr->rp, GY_LINE_WARNING, false, _("guiyan: indicators.tsv:%u: %s\n"),
                          ind->line, err->message);
            g_error_free(err);
            return NULL;
        }
        g_hash_table_insert(dr->queries, (gpointer)ind, q);
    }
    return q;
}

int64_t gy_decl_run_value(const gy_indicator *ind, size_t county, gy_day from, gy_day to,
                          size_t *n_records, const char **missing, void *user)
{
    gy_decl_run *dr = user;
    *n_records = 0;
    const char *label;
    *missing = gy_decl_run_has_records(dr, ind, &label) ? NULL : label;
    if (*missing)
        return 0;
    if (strcmp(ind->decl->kind, "stars") == 0)
        return star_value(dr, ind->decl, county, from, to, n_records);
    gy_decl_query *q = query_of(dr, ind);
    if (!q)
        return 0;
    return gy_decl_value(dr->store, q, county, from, to, count_rec, n_records);
}

typedef struct each_ctx {
    gy_decl_run *dr;
    gy_decl_run_rec_fn each;
    void *user;
} each_ctx;

static void each_rec(const gy_decl_rec *r, void *user)
{
    each_ctx *c = user;
    c->each(gy_ledger_input(c->dr->lg, r->file)->name, r->line, r->person, r->county, c->user);
}

void gy_decl_run_each(gy_decl_run *dr, const gy_indicator *ind, size_t county, gy_day from,
                      gy_day to, gy_decl_run_rec_fn each, void *user)
{
    if (strcmp(ind->decl->kind, "stars") == 0) {
        gy_star_level l;
        gy_star_kind k;
        if (!dr->roster || !star_filter(ind->decl, dr->al, &l, &k))
            return;
        int y0 = 0, y1 = 9999, m, d;
        if (from != GY_NO_DAY)
            gy_day_to_ymd(from, &y0, &m, &d);
        if (to != GY_NO_DAY)
            gy_day_to_ymd(to, &y1, &m, &d);
        for (size_t i = 0; i < gy_roster_size(dr->roster); i++) {
            const gy_star *s = gy_roster_get(dr->roster, i);
            if (s->level != l || s->kind != k || s->year < y0 || s->year > y1
                || (county != GY_ALL && s->county != county))
                continue;
            char id[19];
            uint64_t person = 0;
            if (s->id[0] && gy_id_parse_key(s->id, id, &person) != GY_OK)
                person = 0;
            each(gy_ledger_input(dr->lg, s->file)->name, s->line, person, s->county, user);
        }
        return;
    }
    gy_decl_query *q = query_of(dr, ind);
    if (!q)
        return;
    each_ctx c = { dr, each, user };
    gy_decl_value(dr->store, q, county, from, to, each_rec, &c);
}

bool gy_decl_run_has_records(const gy_decl_run *dr, const gy_indicator *ind, const char **label)
{
    if (strcmp(ind->decl->kind, "stars") == 0) {
        *label = "明星名单";
        return dr->roster && gy_roster_size(dr->roster) > 0;
    }
    *label = ind->decl->kind;
    for (size_t k = 0; k < gy_kinds_count(dr->kinds); k++)
        if (strcmp(gy_kinds_at(dr->kinds, k)->name, ind->decl->kind) == 0) {
            *label = gy_kinds_at(dr->kinds, k)->label;
            return gy_decl_store_count_kind(dr->store, (uint32_t)k) > 0;
        }
    return false;
}

/* Every day of month m set in a bitmap of gy_cover_from_days (inside its range). */
static void set_month(uint8_t *days, gy_month m)
{
    gy_day base = gy_cover_base();
    gy_day a = gy_day_from_ymd(GY_MONTH_YEAR(m), GY_MONTH_NUM(m), 1);
    for (gy_day d = a; d <= gy_day_month_end(a); d++)
        if (d >= base && d - base < GY_COVER_DAYS)
            days[(d - base) / 8] |= (uint8_t)(1u << ((d - base) % 8));
}

void gy_decl_run_cover(gy_decl_run *dr, const gy_indicator *ind, gy_cover *out)
{
    uint8_t *days = g_new0(uint8_t, (GY_COVER_DAYS + 7) / 8);
    if (strcmp(ind->decl->kind, "stars") == 0) {
        for (size_t y = 0; dr->counts && y < dr->counts->n_years; y++)
            for (int m = 1; m <= 12; m++)
                set_month(days, GY_MONTH(dr->counts->years[y], m));
    } else {
        const gy_kinds *k = dr->kinds;
        size_t kind = 0;
        while (kind < gy_kinds_count(k) && strcmp(gy_kinds_at(k, kind)->name, ind->decl->kind))
            kind++;
        gy_decl_query *q = kind < gy_kinds_count(k) ? query_of(dr, ind) : NULL;
        /* the days met first, a bit each, then their months: a day's month costs a calendar
         * conversion, which millions of rows in no order would pay once each */
        uint8_t *met = g_new0(uint8_t, (GY_COVER_DAYS + 7) / 8);
        gy_day base = gy_cover_base();
        for (size_t i = 0; q && i < gy_decl_store_size(dr->store); i++) {
            const gy_decl_rec *r = gy_decl_store_get(dr->store, i);
            gy_day d = r->kind == kind && !r->dead ? gy_decl_rec_day(q, r) : GY_NO_DAY;
            if (d != GY_NO_DAY && d >= base && d - base < GY_COVER_DAYS)    /* else no day set */
                met[(d - base) / 8] |= (uint8_t)(1u << ((d - base) % 8));
        }
        gy_month last = 0;
        for (gy_day i = 0; i < GY_COVER_DAYS; i++)
            if ((met[i / 8] >> (i % 8) & 1) && gy_day_month(base + i) != last)
                set_month(days, last = gy_day_month(base + i));
        g_free(met);
    }
    gy_cover_from_days(out, days);
    g_free(days);
}

char *gy_decl_run_cover_what(const gy_indicator *ind)
{
    const gy_decl_spec *s = ind->decl;
    return g_strdup_printf("%s%s", s->kind_label ? s->kind_label : s->kind, s->date);
}

/* One record's share of a table: its day, county and measure value. */
typedef struct day_rec {
    gy_day day;
    uint32_t county;
    int64_t key;
} day_rec;

typedef struct day_ctx {
    const gy_decl_query *q;
    GArray *recs;                 /* day_rec */
} day_ctx;

static void collect_day(const gy_decl_rec *r, void *user)
{
    day_ctx *c = user;
    day_rec x = { gy_decl_rec_day(c->q, r), r->county, gy_decl_rec_measure(c->q, r) };
    g_array_append_val(c->recs, x);
}

static int day_cmp(const void *a, const void *b)
{
    const day_rec *x = a, *y = b;
    if (x->county != y->county)
        return x->county < y->county ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->day > y->day) - (x->day < y->day);
}

/* v[c * n_rows + row] = q's figure over days [from[c], to[c]] for every column c, rows the
 * region's counties and the 合计 last (n_rows - 1 of them), from one pass over the list:
 * counts and sums added per record, distinct keys counted once per column in each county's
 * run of a key after sorting, and again over the whole region for the 合计 — the figures of
 * gy_decl_value cell by cell, which would read the list once per cell. */
static void fold_columns(const gy_decl_run *dr, const gy_decl_query *q, const gy_day *from,
                         const gy_day *to, size_t n_cols, size_t n_rows, int64_t *v)
{
    gy_day lo = from[0], hi = to[0];
    for (size_t c = 1; c < n_cols; c++) {
        lo = MIN(lo, from[c]);
        hi = MAX(hi, to[c]);
    }
    day_ctx ctx = { q, g_array_new(FALSE, FALSE, sizeof(day_rec)) };
    gy_decl_value(dr->store, q, GY_ALL, lo, hi, collect_day, &ctx);
    day_rec *x = (day_rec *)(void *)ctx.recs->data;
    size_t len = ctx.recs->len, total = n_rows - 1;
    gy_decl_measure m = gy_decl_query_measure(q);
    if (m != GY_DM_PERSONS && m != GY_DM_DISTINCT) {
        for (size_t i = 0; i < len; i++)
            for (size_t c = 0; c < n_cols; c++)
                if (x[i].day >= from[c] && x[i].day <= to[c]) {
                    int64_t add = m == GY_DM_ROWS ? 1 : x[i].key;
                    if (x[i].county < total)
                        v[c * n_rows + x[i].county] += add;
                    v[c * n_rows + total] += add;
                }
        g_array_free(ctx.recs, TRUE);
        return;
    }
    bool *hit = g_new(bool, n_cols);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)                    /* the 合计: every county as one */
            for (size_t i = 0; i < len; i++)
                x[i].county = (uint32_t)total;
        if (len > 1)                      /* an empty GArray has no data at all */
            qsort(x, len, sizeof *x, day_cmp);
        for (size_t i = 0; i < len;) {
            size_t j = i;
            while (j < len && x[j].county == x[i].county && x[j].key == x[i].key)
                j++;
            if (x[i].key != 0 && x[i].county <= total && (pass == 1 || x[i].county < total)) {
                memset(hit, 0, n_cols * sizeof *hit);
                for (size_t k = i; k < j; k++)
                    for (size_t c = 0; c < n_cols; c++)
                        if (!hit[c] && x[k].day >= from[c] && x[k].day <= to[c]) {
                            hit[c] = true;
                            v[c * n_rows + x[i].county]++;
                        }
            }
            i = j;
        }
    }
    g_free(hit);
    g_array_free(ctx.recs, TRUE);
}

gy_table *gy_decl_run_widen(gy_decl_run *dr, const gy_table *t, const gy_indicator *const *inds,
                            size_t n_inds, gy_day cut)
{
    size_t planes = GY_IND__COUNT, cols = t->n_cols ? t->n_cols : 1;
    for (size_t k = 0; k < n_inds; k++)
        planes = MAX(planes, (size_t)inds[k]->ind + 1);
    gy_table *w = g_new0(gy_table, 1);
    w->n_rows = t->n_rows;
    w->n_cols = t->n_cols;
    w->grain = t->grain;
    w->col_month = g_memdup2(t->col_month, sizeof *t->col_month * cols);
    w->col_label = g_new0(char *, t->n_cols + 1);
    for (size_t c = 0; c < t->n_cols; c++)
        w->col_label[c] = g_strdup(t->col_label[c]);
    w->v = g_new0(int64_t, planes * t->n_rows * cols);
    memcpy(w->v, t->v, sizeof *t->v * (size_t)GY_IND__COUNT * t->n_rows * cols);
    gy_day *from = g_new(gy_day, cols), *to = g_new(gy_day, cols);
    for (size_t c = 0; c < t->n_cols; c++) {
        gy_month m = t->col_month[c];
        int y = GY_MONTH_YEAR(m), mo = GY_MONTH_NUM(m);
        from[c] = gy_day_from_ymd(y, t->grain == GY_GRAIN_MONTH ? mo : 1, 1);
        to[c] = gy_day_month_end(gy_day_from_ymd(y, mo, 1));
        if (cut != GY_NO_DAY && to[c] > cut)
            to[c] = cut;
    }
    int64_t *v = g_new(int64_t, cols * t->n_rows);
    for (size_t k = 0; k < n_inds && t->n_cols && t->n_rows; k++) {
        const char *label;
        gy_decl_query *q = NULL;
        if (strcmp(inds[k]->decl->kind, "stars") != 0 &&
            gy_decl_run_has_records(dr, inds[k], &label) && (q = query_of(dr, inds[k])) != NULL) {
            /* a list: read once for every cell of the plane */
            memset(v, 0, sizeof *v * cols * t->n_rows);
            fold_columns(dr, q, from, to, t->n_cols, t->n_rows, v);
        }
        for (size_t c = 0; c < t->n_cols; c++)
            for (size_t r = 0; r < t->n_rows; r++) {
                size_t n_rec;
                const char *missing;
                *gy_table_at(w, inds[k]->ind, r, c) =
                    q ? v[c * t->n_rows + r]
                      : gy_decl_run_value(inds[k], r + 1 == t->n_rows ? GY_ALL : r, from[c], to[c],
                                          &n_rec, &missing, dr);   /* awards: from their counts */
            }
    }
    g_free(v);
    g_free(from);
    g_free(to);
    return w;
}

/* The months a period of grain ending in month m spans back to: 1, 3 or 12. */
static gy_month period_start(gy_grain grain, gy_month m)
{
    int y = GY_MONTH_YEAR(m), mo = GY_MONTH_NUM(m);
    if (grain == GY_GRAIN_QUARTER)
        return GY_MONTH(y, (mo - 1) / 3 * 3 + 1);
    if (grain == GY_GRAIN_YEAR)
        return GY_MONTH(y, 1);
    return m;
}

static gy_month period_end(gy_grain grain, gy_month start)
{
    return start + (grain == GY_GRAIN_QUARTER ? 2 : grain == GY_GRAIN_YEAR ? 11 : 0);
}

static char *period_label(gy_grain grain, gy_month start)
{
    int y = GY_MONTH_YEAR(start), mo = GY_MONTH_NUM(start);
    if (grain == GY_GRAIN_QUARTER)
        return g_strdup_printf("%d-Q%d", y, (mo - 1) / 3 + 1);
    if (grain == GY_GRAIN_YEAR)
        return g_strdup_printf("%d", y);
    return g_strdup_printf("%d-%02d", y, mo);
}

size_t gy_decl_run_summary_csv(gy_decl_run *dr, GString *s, gy_grain grain, gy_day from,
                               gy_day to)
{
    g_string_append(s, "\xEF\xBB\xBF" "county_code,county,period,indicator,key,value\r\n");
    size_t n = gy_region_count(dr->rg), written = 0;
    for (size_t k = 0; k < gy_indicators_n_declared(dr->inds); k++) {
        const gy_indicator *ind = gy_indicators_declared_at(dr->inds, k);
        const char *label;
        if (!gy_decl_run_has_records(dr, ind, &label))
            continue;
        bool stars = strcmp(ind->decl->kind, "stars") == 0;
        gy_grain g = stars ? GY_GRAIN_YEAR : grain;     /* awards are by year */
        gy_day first = GY_NO_DAY, last = GY_NO_DAY;
        gy_decl_query *q = stars ? NULL : query_of(dr, ind);
        if (stars) {
            first = gy_day_from_ymd(dr->counts->years[0], 1, 1);
            last = gy_day_from_ymd(dr->counts->years[dr->counts->n_years - 1], 12, 31);
        } else if (!q || !gy_decl_span(dr->store, q, &first, &last)) {
            continue;
        }
        if (from != GY_NO_DAY && first < from)
            first = from;
        if (to != GY_NO_DAY && last > to)
            last = to;
        if (first > last)
            continue;
        written++;
        gy_month m0 = period_start(g, gy_day_month(first));
        size_t n_periods = 0;
        for (gy_month m = m0; m <= gy_day_month(last); m = period_end(g, m) + 1)
            n_periods++;
        int64_t *v = g_new0(int64_t, n_periods * (n + 1));
        if (stars) {
            for (size_t p = 0; p < n_periods; p++)
                for (size_t c = 0; c <= n; c++) {
                    size_t n_rec;
                    gy_month pm = m0 + (gy_month)(12 * p);
                    v[p * (n + 1) + c] = star_value(dr, ind->decl, c == n ? GY_ALL : c,
                                                    gy_day_from_ymd(GY_MONTH_YEAR(pm), 1, 1),
                                                    gy_day_from_ymd(GY_MONTH_YEAR(pm), 12, 31),
                                                    &n_rec);
                }
        } else {
            /* every period's days within [first, last], the list read once for all */
            gy_day *pf = g_new(gy_day, n_periods), *pt = g_new(gy_day, n_periods);
            gy_month m = m0;
            for (size_t p = 0; p < n_periods; p++, m = period_end(g, m) + 1) {
                gy_month e = period_end(g, m);
                pf[p] = MAX(first, gy_day_from_ymd(GY_MONTH_YEAR(m), GY_MONTH_NUM(m), 1));
                pt[p] = MIN(last, gy_day_month_end(gy_day_from_ymd(GY_MONTH_YEAR(e),
                                                                   GY_MONTH_NUM(e), 1)));
            }
            fold_columns(dr, q, pf, pt, n_periods, n + 1, v);
            g_free(pf);
            g_free(pt);
        }
        gy_cover cv;           /* a period no date of the list touches: left out, not 0 */
        gy_decl_run_cover(dr, ind, &cv);
        size_t p = 0;
        for (gy_month m = m0; m <= gy_day_month(last); m = period_end(g, m) + 1, p++) {
            gy_month pe = period_end(g, m);
            if (!gy_cover_touches(&cv, gy_day_from_ymd(GY_MONTH_YEAR(m), GY_MONTH_NUM(m), 1),
                                  gy_day_month_end(gy_day_from_ymd(GY_MONTH_YEAR(pe),
                                                                   GY_MONTH_NUM(pe), 1))))
                continue;
            char *period = period_label(g, m);
            for (size_t c = 0; c <= n; c++) {
                gy_csv_text(s, c == n ? "" : gy_region_code(dr->rg, c));
                g_string_append_c(s, ',');
                gy_csv_text(s, c == n ? "合计" : gy_region_name(dr->rg, c));
                g_string_append_c(s, ',');
                gy_csv_text(s, period);
                g_string_append_c(s, ',');
                gy_csv_text(s, ind->name);
                g_string_append_c(s, ',');
                gy_csv_text(s, ind->key);
                g_string_append_printf(s, ",%" G_GINT64_FORMAT "\r\n", v[p * (n + 1) + c]);
            }
            g_free(period);
        }
        g_free(v);
    }
    return written;
}

void gy_decl_run_report(const gy_decl_run *dr, gy_report *rp)
{
    for (size_t i = 0; dr->lg && i < gy_ledger_n_inputs(dr->lg); i++) {
        const gy_input *in = gy_ledger_input(dr->lg, (uint32_t)i);
        int k = g_array_index(dr->file_kind, int, i);
        const char *label = in->kind ? in->kind : gy_kinds_at(dr->kinds, (size_t)k)->label;
        gy_report_say(rp, GY_LINE_ACCOUNT, false,
                      _("guiyan: %s (%s, %s): %lu rows read: %lu accepted, %lu duplicate, "
                        "%lu superseded, %lu rejected, %lu skipped\n"),
                      in->name, label, in->encoding ? in->encoding : "", in->rows_read,
                      in->rows_accepted, in->rows_duplicate, in->rows_superseded,
                      in->rows_rejected, in->rows_skipped);
    }
    for (size_t i = 0; dr->lg && i < gy_ledger_n_rejects(dr->lg); i++) {
        const gy_reject *r = gy_ledger_get_reject(dr->lg, i);
        if (gy_error_is_skip(r->reason))
            continue;
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: %s:%lu: column %s: \"%s\": %s\n"),
                      gy_ledger_input(dr->lg, r->file)->name, r->line, r->column, r->value,
                      _(gy_strerror(r->reason)));
    }
}

bool gy_decl_run_rejected(const gy_decl_run *dr)
{
    return dr->lg && gy_ledger_rejected(dr->lg);
}

void gy_decl_run_close(gy_decl_run *dr)
{
    if (dr->queries)
        g_hash_table_destroy(dr->queries);
    gy_decl_store_free(dr->store);
    gy_roster_free(dr->roster);
    gy_star_counts_free(dr->counts);
    gy_ledger_free(dr->lg);
    gy_kinds_free(dr->kinds);
    if (dr->files)
        g_ptr_array_free(dr->files, TRUE);
    if (dr->file_kind)
        g_array_free(dr->file_kind, TRUE);
    g_free(dr->startup);
    memset(dr, 0, sizeof *dr);
}
