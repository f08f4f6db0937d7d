/* track.c — the run of `guiyan track`: monthly target tracking — targets, 完成率 against
 * 序时进度, warning colours, ranks and 同比 by county (track.xlsx, track.csv, charts). */
#include <string.h>

#include "guiyan/charts_report.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/indicator.h"
#include "guiyan/output.h"
#include "guiyan/targets.h"
#include "guiyan/targets_template.h"
#include "guiyan/workbook.h"
#include "lists.h"
#include "run_int.h"

/* What a track run holds besides the session. */
typedef struct track_run track_run;
static const char *list_note(const track_run *t, const gy_indicator *ind);

/* charts.pdf: a 完成率 chart per tracked indicator, from the same cells as the workbook. */
static gy_error write_charts(const gy_run *r, gy_day as_of, const gy_track_opts *topts,
                             const gy_track_part *parts, size_t n_parts, size_t n,
                             const char *const cover_notes[GY_COVER__KINDS],
                             const track_run *t,
                             const char *pdf, const char *png_dir, const char *svg_dir,
                             const char *font_warning, GError **err)
{
    gy_charts_track_part *cp = g_new0(gy_charts_track_part, n_parts);
    gy_ratio *rates = g_new0(gy_ratio, n_parts * n);
    for (size_t k = 0; k < n_parts; k++) {
        for (size_t i = 0; i < n; i++)
            rates[k * n + i] = parts[k].cells[i].completion;
        const gy_indicator *ind = parts[k].indicator;
        bool other = gy_indicator_is_declared(ind);     /* another list: its own name */
        cp[k] = (gy_charts_track_part){ ind->ind, rates + k * n, parts[k].cells[n].completion,
                                        other ? list_note(t, ind)
                                              : cover_notes[gy_cover_kind_of(ind->ind)],
                                        other ? ind->short_name : NULL, other ? ind->key : NULL,
                                        other ? ind->decl->kind_label : NULL };
    }
    char *warning = NULL;
    gy_error e = gy_charts_track(r->rg, r->cf, as_of, topts->progress, topts->yellow, cp,
                                 n_parts, n, pdf, png_dir, svg_dir, &warning, err);
    if (warning && g_strcmp0(warning, font_warning) != 0)
        gy_report_say(r->rp, GY_LINE_WARNING, false, _("guiyan: warning: %s\n"), warning);
    g_free(warning);
    g_free(rates);
    g_free(cp);
    return e;
}

/* --targets-template FILE.xlsx: the blank 分解表 for the region, for the city to fill in;
 * the year from --as-of when given. */
static bool write_template(gy_run *r, const gy_track_cfg *cfg, GError **err)
{
    char *p = run_config_file(r, "indicators.tsv");
    gy_indicators *inds = gy_indicators_load(p, err);
    g_free(p);
    int y = 0, m, d;
    if (cfg->as_of_s)
        gy_day_to_ymd(cfg->as_of, &y, &m, &d);
    bool ok = inds && gy_targets_template(cfg->targets_template, r->rg, inds, y, err) == GY_OK;
    if (ok)
        gy_report_say(r->rp, GY_LINE_WROTE, true, _("guiyan: wrote %s\n"),
                      cfg->targets_template);
    gy_indicators_free(inds);
    return ok;
}

struct track_run {
    gy_indicators *inds;
    gy_style *style;
    gy_targets *targets;
    gy_ledger *targets_lg;   /* the targets file as an input, for manifest.json */
    char *targets_name;
    gy_table *months, *ytd, *prev;
    char *cover_note, *loan_note;
    gy_cover cover[GY_COVER__KINDS];
    gy_track_opts topts;
    gy_track_cell *cells;
    gy_track_part *parts;
    size_t n_parts;
    const char **names, **codes, **inputs;
    gy_decl_run lists;       /* training lists, surveys, rosters … apart from the exports */
    const gy_indicator **dinds;   /* the indicators of other lists that have a target */
    size_t n_dinds;
    gy_cover *dcover;             /* n_dinds: each one's list's coverage (its date field) */
    char **dwhat;                 /* n_dinds: "培训台账结业日期" */
    char **dnote;                 /* n_dinds: its list starts after 1 January, or NULL */
    const gy_cover **part_cover;  /* per part: dcover's, NULL for the records' indicators */
    const char **part_what;
};

/* "记录自2021年3月1日起，…" when ind's list starts after 1 January, or NULL. */
static const char *list_note(const track_run *t, const gy_indicator *ind)
{
    for (size_t k = 0; k < t->n_dinds; k++)
        if (t->dinds[k] == ind)
            return t->dnote[k];
    return NULL;
}

static void track_run_free(track_run *t)
{
    gy_decl_run_close(&t->lists);
    for (size_t k = 0; k < t->n_dinds; k++) {
        g_free(t->dwhat[k]);
        g_free(t->dnote[k]);
    }
    g_free(t->dcover);
    g_free(t->dwhat);
    g_free(t->dnote);
    g_free(t->part_cover);
    g_free(t->part_what);
    g_free(t->dinds);
    g_free(t->names);
    g_free(t->codes);
    g_free(t->inputs);
    g_free(t->parts);
    g_free(t->cells);
    g_free(t->targets_name);
    gy_table_free(t->months);
    gy_table_free(t->ytd);
    gy_table_free(t->prev);
    g_free(t->cover_note);
    g_free(t->loan_note);
    gy_targets_free(t->targets);
    gy_ledger_free(t->targets_lg);
    gy_style_free(t->style);
    gy_indicators_free(t->inds);
}

/* The tables and the targets first: a bad targets file stops before any record is read. Its
 * errors may hold several lines, each shown as one. */
static bool track_prepare(gy_run *r, const gy_track_cfg *cfg, track_run *t, GError **err)
{
    const gy_common *co = &cfg->common;
    r->rp->error_by_line = true;
    /* the other lists are told from the startup exports by their headers */
    if (!(t->inds = run_indicators(r, err)) ||
        !gy_decl_run_open(&t->lists, r, t->inds, cfg->kind, cfg->files, cfg->n_files, err))
        return false;
    r->rp->error_by_line = false;
    size_t n_startup = t->lists.n_startup;
    /* a run that cannot write, or would overwrite its input, stops before reading */
    const char *out_names[] = { "track.xlsx", "track.csv", "rejects.csv", "manifest.json",
                                n_startup > 1 ? "updates.csv" : NULL,
                                cfg->charts ? "charts.pdf" : NULL, NULL };
    if (n_startup < 2)
        out_names[4] = out_names[5], out_names[5] = NULL;
    const char *more[] = { cfg->targets, NULL };
    if (!run_hold(r, cfg->files, cfg->n_files, more, co->outdir, out_names, cfg->png_dir,
                  cfg->svg_dir, err))
        return false;
    r->rp->error_by_line = true;
    char *p = run_config_file(r, "style.ini");
    t->style = gy_style_load(p, err);
    g_free(p);
    if (!t->style)
        return false;
    t->targets_lg = gy_ledger_new();
    t->targets = gy_targets_load_input(cfg->targets, co->sheet, co->encoding, r->al, r->rg,
                                       t->inds, t->targets_lg, err);
    if (!t->targets)
        return false;
    r->rp->error_by_line = false;
    return true;
}

/* A table widened by the planes of the declared indicators with a target (run/lists.c). */
static void widen(track_run *t, gy_table **tab, gy_day cut)
{
    gy_table *w = gy_decl_run_widen(&t->lists, *tab, t->dinds, t->n_dinds, cut);
    gy_table_free(*tab);
    *tab = w;
}

/* The indicators of other lists that have a target, when their list was read: their planes
 * past the cube's, in the month, YTD and previous-year tables. */
static void track_declared(gy_run *r, const gy_track_cfg *cfg, track_run *t)
{
    size_t nd = gy_indicators_n_declared(t->inds);
    t->dinds = g_new0(const gy_indicator *, nd + 1);
    t->dcover = g_new0(gy_cover, nd + 1);
    t->dwhat = g_new0(char *, nd + 1);
    t->dnote = g_new0(char *, nd + 1);
    int as_y, as_m, as_d;
    gy_day_to_ymd(cfg->as_of, &as_y, &as_m, &as_d);
    for (size_t k = 0; k < nd; k++) {
        const gy_indicator *d = gy_indicators_declared_at(t->inds, k);
        const char *missing = NULL;
        if (!gy_targets_has_ind(t->targets, d->ind))
            continue;
        if (!gy_decl_run_has_records(&t->lists, d, &missing)) {
            gy_report_say(r->rp, GY_LINE_WARNING, false,
                          _("guiyan: warning: %s: %s has a target but no %s is among the "
                            "inputs: not tracked\n"), t->targets_name, d->name, missing);
            continue;
        }
        /* a list none of whose dates falls in the year would show its months as 0 */
        gy_cover *cv = &t->dcover[t->n_dinds];
        gy_decl_run_cover(&t->lists, d, cv);
        char *what = gy_decl_run_cover_what(d);
        if (!gy_cover_touches(cv, gy_day_from_ymd(as_y, 1, 1), cfg->as_of)) {
            char a[11], b[11];
            gy_day_format(cv->first, a);
            gy_day_format(cv->last, b);
            gy_report_say(r->rp, GY_LINE_WARNING, false,
                          _("guiyan: warning: %s: %s has a target but %s covers %s to %s, "
                            "nothing of %d: not tracked\n"), t->targets_name, d->name, what, a,
                          b, as_y);
            g_free(what);
            continue;
        }
        t->dwhat[t->n_dinds] = what;
        t->dnote[t->n_dinds] = gy_cover_year_note_zh(cv, as_y);
        t->dinds[t->n_dinds++] = d;
    }
    if (t->n_dinds) {
        widen(t, &t->months, cfg->as_of);
        widen(t, &t->ytd, cfg->as_of);
        if (t->prev)
            widen(t, &t->prev, gy_track_prev_day(cfg->as_of));
    }
}

/* 当月 and 累计 to the as-of day; 上年同期 over the same days of the previous year, when the
 * records cover them; then each indicator with a target against them. */
static bool track_figures(gy_run *r, const gy_track_cfg *cfg, track_run *t, GError **err)
{
    gy_ledger_sort(r->lg);
    gy_track_tables(r->cube, cfg->as_of, &t->months, &t->ytd, &t->prev);
    track_declared(r, cfg, t);
    gy_ledger_coverage(r->lg, t->cover);
    int as_y, as_m, as_d;
    gy_day_to_ymd(cfg->as_of, &as_y, &as_m, &as_d);
    if (t->prev && !gy_cover_period(&t->cover[GY_COVER_START], gy_day_from_ymd(as_y - 1, 1, 1),
                                    gy_track_prev_day(cfg->as_of)))
        g_clear_pointer(&t->prev, gy_table_free);
    t->cover_note = gy_cover_track_note_zh(&t->cover[GY_COVER_START], cfg->as_of);
    t->loan_note = gy_cover_track_note_zh(&t->cover[GY_COVER_LOAN], cfg->as_of);
    char *late = gy_cover_year_note_zh(&t->cover[GY_COVER_START], as_y);
    if (late) {
        char first[11];
        gy_day_format(t->cover[GY_COVER_START].first, first);
        gy_report_say(r->rp, GY_LINE_WARNING, false, _("guiyan: warning: the records start on "
                      "%s, after 1 January %d: the year-to-date figures leave out the days "
                      "before (noted under the tables)\n"), first, as_y);
        g_free(late);
    }
    /* dates that stop before the as-of month: its 累计 would take the missing days as 0 */
    for (int k = 0; k < GY_COVER__KINDS; k++) {
        const gy_cover *cv = &t->cover[k];
        if (!gy_cover_any(cv) || cv->last >= gy_day_from_ymd(as_y, as_m, 1))
            continue;
        char l[11], a[11];
        gy_day_format(cv->last, l);
        gy_day_format(cfg->as_of, a);
        gy_report_say(r->rp, GY_LINE_WARNING, false, k == GY_COVER_LOAN
            ? _("guiyan: warning: the loan dates end on %s, before the month of --as-of %s: the "
                "year-to-date loans leave out the days after (noted under the tables)\n")
            : _("guiyan: warning: the start dates end on %s, before the month of --as-of %s: "
                "the year-to-date figures by start date leave out the days after (noted under "
                "the tables)\n"), l, a);
    }
    size_t n = gy_region_count(r->rg);
    t->topts = (gy_track_opts){ .progress = gy_time_progress(cfg->as_of,
                                                             (gy_progress_mode)cfg->progress_mode),
                                .yellow = cfg->yellow, .rank_units = cfg->rank_units };
    size_t n_inds = gy_indicators_count(t->inds);
    t->cells = g_new0(gy_track_cell, (n + 1) * (n_inds + t->n_dinds));
    t->parts = g_new0(gy_track_part, n_inds + t->n_dinds);
    t->part_cover = g_new0(const gy_cover *, n_inds + t->n_dinds);
    t->part_what = g_new0(const char *, n_inds + t->n_dinds);
    for (size_t k = 0; k < n_inds + t->n_dinds; k++) {
        const gy_indicator *ind = k < n_inds ? gy_indicators_at(t->inds, k)
                                             : t->dinds[k - n_inds];
        if (!gy_targets_has_ind(t->targets, ind->ind))
            continue;   /* an indicator without any target is not tracked */
        gy_track_cell *col = t->cells + (n + 1) * t->n_parts;
        const gy_table *prev = t->prev;
        if (k >= n_inds) {
            /* another list: its own dates; 上年同期 only where they cover last year's days */
            const gy_cover *cv = &t->dcover[k - n_inds];
            t->part_cover[t->n_parts] = cv;
            t->part_what[t->n_parts] = t->dwhat[k - n_inds];
            if (prev && !gy_cover_period(cv, gy_day_from_ymd(as_y - 1, 1, 1),
                                         gy_track_prev_day(cfg->as_of)))
                prev = NULL;
        }
        gy_error e = gy_targets_track(t->targets, ind->ind, r->rg, t->months, t->ytd, prev,
                                      &t->topts, col);
        if (e != GY_OK) {
            g_set_error(err, GY_ERROR, e == GY_E_USAGE ? GY_E_CONFIG : e, "%s: %s: %s",
                        t->targets_name, ind->name, _(gy_strerror(e)));
            return false;
        }
        t->parts[t->n_parts++] = (gy_track_part){ ind, col };
    }
    if (t->n_parts == 0) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("%s: no target for any indicator"),
                    t->targets_name);
        return false;
    }
    return true;
}

/* track.xlsx, track.csv, charts.pdf, rejects.csv, updates.csv. */
static bool track_outputs(gy_run *r, const gy_track_cfg *cfg, track_run *t, GError **err)
{
    const gy_common *co = &cfg->common;
    size_t n = gy_region_count(r->rg);
    t->names = g_new0(const char *, n + 1);
    t->codes = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        t->names[i] = gy_region_name(r->rg, i);
        t->codes[i] = gy_region_code(r->rg, i);
    }
    size_t n_in = gy_ledger_n_inputs(r->lg);
    t->inputs = g_new0(const char *, n_in + 1);
    for (size_t i = 0; i < n_in; i++)
        t->inputs[i] = gy_ledger_input(r->lg, (uint32_t)i)->name;
    gy_track_view view = {
        .region_label = gy_region_label(r->rg),
        .filler = r->cf->org,
        .row_head = gy_region_is_townships(r->rg) ? gy_region_row_head(r->rg) : NULL,
        .source = r->cf->source,
        .county_names = t->names,
        .county_codes = t->codes,
        .input_names = t->inputs,
        .targets_name = t->targets_name,
        .as_of = cfg->as_of,
        .progress_mode = (gy_progress_mode)cfg->progress_mode,
        .progress = t->topts.progress,
        .yellow = cfg->yellow,
        .total_first = cfg->total_first,
        .rank_units = cfg->rank_units,
        .has_prev = t->prev != NULL,
        .coverage_note = t->cover_note,
        .loan_note = t->loan_note,
        .cover = t->cover,
        .months = t->months,
        .parts = t->parts,
        .n_parts = t->n_parts,
        .part_cover = t->part_cover,
        .part_cover_what = t->part_what,
        .style = t->style,
        .generator = "guiyan " GY_VERSION,
    };
    if (gy_output_mkdir(co->outdir, err) != GY_OK)
        return false;
    char *p_xlsx = g_build_filename(co->outdir, "track.xlsx", NULL);
    char *p_csv = g_build_filename(co->outdir, "track.csv", NULL);
    char *p_rej = g_build_filename(co->outdir, "rejects.csv", NULL);
    char *p_pdf = g_build_filename(co->outdir, "charts.pdf", NULL);
    /* updates.csv on a thread of its own while the others are made; its error comes last, as
     * it was asked for last */
    bool several = t->lists.n_startup > 1;
    run_updates upd = { 0 };
    if (several && run_go_on(r, NULL))
        run_updates_start(&upd, r, co->outdir, co->unmask);
    bool ok = run_go_on(r, err) && gy_workbook_track_write(p_xlsx, &view, err) == GY_OK;
    if (ok) {
        GString *s = g_string_new(NULL);
        gy_track_csv(s, &view);
        ok = run_go_on(r, err) && gy_output_write(p_csv, s->str, s->len, err) == GY_OK;
        g_string_free(s, TRUE);
    }
    run_out(r, "track.xlsx");
    run_out(r, "track.csv");
    if (ok && cfg->charts) {
        const char *cover_notes[GY_COVER__KINDS] = { t->cover_note, t->loan_note };
        ok = run_go_on(r, err) &&
             write_charts(r, cfg->as_of, &t->topts, t->parts, t->n_parts, n, cover_notes, t,
                          p_pdf, cfg->png_dir, cfg->svg_dir, r->font_warning, err) == GY_OK;
        run_out(r, "charts.pdf");
    }
    run_out(r, "rejects.csv");
    if (several)
        run_out(r, "updates.csv");
    run_out(r, "manifest.json");
    ok = ok && gy_ledger_write_rejects(r->lg, p_rej, err) == GY_OK;
    ok = run_updates_join(&upd, ok, false, err);
    g_free(p_xlsx);
    g_free(p_csv);
    g_free(p_rej);
    g_free(p_pdf);
    return ok;
}

static bool track_publish(gy_run *r, const gy_track_cfg *cfg, track_run *t, GError **err)
{
    const gy_common *co = &cfg->common;
    char yellow_txt[GY_HUNDREDTHS_BUFSZ];
    gy_hundredths_text(cfg->yellow, yellow_txt);
    const gy_kv opts[] = {
        { "as_of", cfg->as_of_s }, { "targets", t->targets_name },
        { "progress", cfg->progress_s }, { "yellow_points", yellow_txt },
        { "total_first", cfg->total_first ? "true" : "false" },
        { "rank_units", cfg->rank_units ? "true" : "false" },
        { "previous_year", t->prev ? "true" : "false" },
        { "region", gy_region_label(r->rg) }, { "region_code", gy_region_scope_code(r->rg) },
        { "encoding", gy_encoding_name(co->encoding) }, { "strict", co->strict ? "true" : "false" },
        { "charts", cfg->charts ? "true" : "false" }, { "png", cfg->png_dir ? cfg->png_dir : "" },
        { "svg", cfg->svg_dir ? cfg->svg_dir : "" },
    };
    gy_ledger_set_targets(r->lg, t->targets_lg);
    return run_publish(r, co->outdir, "track", opts, G_N_ELEMENTS(opts), err);
}

bool gy_run_track(const gy_track_cfg *cfg, gy_report *rp, GError **err)
{
    const gy_common *co = &cfg->common;
    gy_run r;
    if (cfg->targets_template) {
        bool ok = run_open(&r, co, rp, false, err) && write_template(&r, cfg, err);
        return run_close(&r, ok, err);
    }
    track_run t = { .targets_name = g_path_get_basename(cfg->targets) };
    /* no font for the charts: say so now, not after reading the records */
    bool ok = run_open(&r, co, rp, cfg->charts, err) && track_prepare(&r, cfg, &t, err) &&
              run_load(&r, t.lists.startup, t.lists.n_startup, GY_NO_DAY, GY_NO_DAY, err) &&
              gy_decl_run_load(&t.lists, &r, err) && track_figures(&r, cfg, &t, err) && track_outputs(&r, cfg, &t, err) &&
              track_publish(&r, cfg, &t, err);
    if (ok) {
        run_say_accounting(&r);
        run_say_wrote(&r, co->outdir);
        run_set_exit(&r);
    }
    ok = run_close(&r, ok, err);
    track_run_free(&t);
    return ok;
}
