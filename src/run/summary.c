/* summary.c — the run of `guiyan summary`: figures by county and period (summary.csv, the
 * statistics workbook, charts), with every row accounted. */
#include <string.h>

#include "guiyan/charts_report.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/timing.h"
#include "guiyan/workbook.h"
#include "lists.h"
#include "run_int.h"

/* The statistics workbook: the months (or quarters) of the latest year (or of --to's year),
 * then 累计; by year, every year of the data (from --from's). personal: its 问题数据 sheet
 * shows rejected values in full (--unmask). */
static gy_error write_workbook(const gy_run *r, gy_grain grain, gy_day from, gy_day to,
                               bool personal, const char *path, GError **err)
{
    const gy_cube *cube = r->cube;
    gy_day cutoff = to ? to : gy_cube_last_day(cube);
    gy_month first, last;
    if (!gy_cube_span(cube, &first, &last) || cutoff == GY_NO_DAY)
        first = last = GY_MONTH(2000, 1);
    else
        last = gy_day_month(cutoff);
    gy_month jan = (last / 12) * 12;
    gy_table *months, *ytd = NULL;
    if (grain == GY_GRAIN_YEAR) {
        /* every year of the data, from --from's year on */
        gy_month start = first <= last ? (first / 12) * 12 : jan;
        if (from)
            start = MAX(start, (gy_day_month(from) / 12) * 12);
        months = gy_cube_table(cube, GY_GRAIN_YEAR, MIN(start, jan), last, from, to);
    } else {
        months = gy_cube_table(cube, grain, jan, last, from, to);
        ytd = gy_cube_table(cube, GY_GRAIN_YTD, jan, last, from, to);
    }
    size_t n = gy_region_count(r->rg);
    const char **names = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        names[i] = gy_region_name(r->rg, i);
    char *style_path = run_config_file(r, "style.ini");
    gy_style *style = gy_style_load(style_path, err);
    g_free(style_path);
    gy_error e = GY_E_TEMPLATE;
    if (style) {
        char *unmatched = gy_unmatched_text(r->rg);
        const char *settings[] = { "统计地区", gy_region_label(r->rg),
                                   unmatched ? "未填乡镇" : NULL, unmatched, NULL };
        gy_summary_opts o = {
            .region_label = gy_region_label(r->rg), .filler = r->cf->org,
            .county_names = names, .cutoff = cutoff, .made_on = cutoff,
            .settings = settings, .style = style, .generator = "guiyan " GY_VERSION,
            .personal = personal,
            .row_head = gy_region_is_townships(r->rg) ? gy_region_row_head(r->rg) : NULL,
        };
        e = gy_workbook_summary_write(path, &o, months, ytd, r->lg, err);
        g_free(unmatched);
    }
    gy_style_free(style);
    g_free(names);
    gy_table_free(months);
    gy_table_free(ytd);
    return e;
}

typedef struct book_job {
    const gy_run *r;
    const gy_summary_cfg *cfg;
    bool personal;
    const char *path;
    GError *err;
    gy_error e;
} book_job;

static gpointer book_run(gpointer data)
{
    book_job *j = data;
    j->e = write_workbook(j->r, j->cfg->grain, j->cfg->from, j->cfg->to, j->personal, j->path,
                          &j->err);
    return NULL;
}

/* summary.csv: the periods no record covers left out, not listed as zeros; a 0 whose kind of
 * date does not cover its period left empty. */
static bool write_csv(gy_run *r, const gy_summary_cfg *cfg, const gy_cover *cover, GError **err)
{
    gy_month first = 0, last = -1;
    if (gy_cube_span(r->cube, &first, &last)) {
        if (cfg->from) first = MAX(first, gy_day_month(cfg->from));
        if (cfg->to) last = MIN(last, gy_day_month(cfg->to));
    }
    gy_table *t = gy_cube_table(r->cube, cfg->grain, first, last, cfg->from, cfg->to);
    gy_table *yt = cfg->ytd ? gy_cube_table(r->cube, GY_GRAIN_YTD, first, last, cfg->from,
                                            cfg->to)
                            : NULL;
    gy_timing("table");
    gy_table *tc = gy_cover_table(t, cover), *ytc = yt ? gy_cover_table(yt, cover) : NULL;
    GString *s = g_string_new(NULL);
    gy_summary_csv(s, tc, ytc, r->rg, cover, true);
    char *path = g_build_filename(cfg->common.outdir, "summary.csv", NULL);
    gy_error e = gy_output_write(path, s->str, s->len, err);
    g_free(path);
    g_string_free(s, TRUE);
    gy_table_free(tc);
    gy_table_free(ytc);
    gy_table_free(t);
    gy_table_free(yt);
    return e == GY_OK;
}

/* charts.pdf (and the PNGs, SVGs), while the workbook is written on another thread. */
static bool write_charts(gy_run *r, const gy_summary_cfg *cfg, const gy_cover *cover,
                         GError **err)
{
    gy_day cutoff = cfg->to ? cfg->to : gy_cube_last_day(r->cube);
    if (cutoff == GY_NO_DAY) {
        gy_report_say(r->rp, GY_LINE_WARNING, false, _("guiyan: warning: %s\n"),
                      _("no records, so no charts"));
        return true;
    }
    char *warning = NULL;
    char *pdf = g_build_filename(cfg->common.outdir, "charts.pdf", NULL);
    gy_error e = gy_charts_summary_by(r->cube, r->rg, r->cf, cfg->grain, cutoff, cfg->from,
                                      cfg->to, cover, pdf, cfg->png_dir, cfg->svg_dir, &warning,
                                      err);
    if (warning && g_strcmp0(warning, r->font_warning) != 0)
        gy_report_say(r->rp, GY_LINE_WARNING, false, _("guiyan: warning: %s\n"), warning);
    g_free(warning);
    g_free(pdf);
    run_out(r, "charts.pdf");
    gy_timing("charts");
    return e == GY_OK;
}

/* lists.csv: the declared indicators over the other lists, by period of --by. */
static bool write_lists(const gy_summary_cfg *cfg, gy_decl_run *dr, GError **err)
{
    GString *s = g_string_new(NULL);
    gy_decl_run_summary_csv(dr, s, cfg->grain, cfg->from, cfg->to);
    char *path = g_build_filename(cfg->common.outdir, "lists.csv", NULL);
    gy_error e = gy_output_write(path, s->str, s->len, err);
    g_free(path);
    g_string_free(s, TRUE);
    return e == GY_OK;
}

static bool summary_outputs(gy_run *r, const gy_summary_cfg *cfg, gy_decl_run *dr,
                            GError **err)
{
    const gy_common *co = &cfg->common;
    bool several = dr->n_startup > 1, lists = dr->files->len > 0;
    if (gy_output_mkdir(co->outdir, err) != GY_OK)
        return false;
    gy_cover cover[GY_COVER__KINDS];
    gy_ledger_coverage(r->lg, cover);
    bool ok = run_go_on(r, err) && write_csv(r, cfg, cover, err);
    ok = ok && (!lists || write_lists(cfg, dr, err));
    gy_ledger_sort(r->lg);
    char *p_rej = g_build_filename(co->outdir, "rejects.csv", NULL);
    char *p_xlsx = g_build_filename(co->outdir, "summary.xlsx", NULL);
    ok = ok && run_go_on(r, err) && gy_ledger_write_rejects(r->lg, p_rej, err) == GY_OK;
    /* updates.csv on a thread of its own meanwhile: it was asked first, its error comes first */
    run_updates upd = { 0 };
    if (ok && several)
        run_updates_start(&upd, r, co->outdir, co->unmask);
    gy_timing("summary.csv, rejects");
    /* the workbook on a thread of its own while the charts are drawn: both only read */
    book_job bj = { r, cfg, co->unmask && gy_ledger_n_rejects(r->lg) > 0, p_xlsx, NULL, GY_OK };
    GThread *book = ok ? g_thread_new("guiyan-workbook", book_run, &bj) : NULL;
    run_out(r, "summary.csv");
    run_out(r, "summary.xlsx");
    if (lists)
        run_out(r, "lists.csv");
    if (ok && cfg->charts)
        ok = run_go_on(r, err) && write_charts(r, cfg, cover, err);
    if (book) {
        g_thread_join(book);
        gy_timing("workbook");
        if (bj.e != GY_OK) {              /* the workbook's error first, as it was asked first */
            g_clear_error(err);
            g_propagate_error(err, bj.err);
            ok = false;
        }
    }
    ok = run_updates_join(&upd, ok, true, err);
    run_out(r, "rejects.csv");
    if (several)
        run_out(r, "updates.csv");
    run_out(r, "manifest.json");
    g_free(p_rej);
    g_free(p_xlsx);
    return ok;
}

static bool summary_publish(gy_run *r, const gy_summary_cfg *cfg, GError **err)
{
    const gy_common *co = &cfg->common;
    const gy_kv opts[] = {
        { "by", cfg->by }, { "from", cfg->from_s }, { "to", cfg->to_s },
        { "ytd", cfg->ytd ? "true" : "false" },
        { "region", gy_region_label(r->rg) }, { "region_code", gy_region_scope_code(r->rg) },
        { "encoding", gy_encoding_name(co->encoding) }, { "strict", co->strict ? "true" : "false" },
        { "charts", cfg->charts ? "true" : "false" }, { "png", cfg->png_dir ? cfg->png_dir : "" },
        { "svg", cfg->svg_dir ? cfg->svg_dir : "" },
    };
    return run_publish(r, co->outdir, "summary", opts, G_N_ELEMENTS(opts), err);
}

bool gy_run_summary(const gy_summary_cfg *cfg, gy_report *rp, GError **err)
{
    const gy_common *co = &cfg->common;
    gy_run r;
    gy_decl_run dr = { 0 };
    gy_indicators *inds = NULL;
    /* training lists, surveys, rosters … apart from the startup exports: lists.csv */
    bool ok = run_open(&r, co, rp, cfg->charts, err) && (inds = run_indicators(&r, err)) &&
              gy_decl_run_open(&dr, &r, inds, cfg->kind, cfg->files, cfg->n_files, err);
    /* updates.csv when several exports may hold the same startups */
    const char *names[] = { "summary.csv", "summary.xlsx", "rejects.csv", "manifest.json",
                            ok && dr.n_startup > 1 ? "updates.csv" : NULL,
                            cfg->charts ? "charts.pdf" : NULL,
                            ok && dr.files->len > 0 ? "lists.csv" : NULL, NULL };
    size_t kept = 0;
    for (size_t i = 0; i + 1 < G_N_ELEMENTS(names); i++)     /* the NULL-terminated list */
        if (names[i])
            names[kept++] = names[i];
    names[kept] = NULL;
    ok = ok &&
         run_hold(&r, cfg->files, cfg->n_files, NULL, co->outdir, names, cfg->png_dir,
                  cfg->svg_dir, err) &&
         run_load(&r, dr.startup, dr.n_startup, cfg->from, cfg->to, err) &&
         gy_decl_run_load(&dr, &r, err) && summary_outputs(&r, cfg, &dr, err) &&
         summary_publish(&r, cfg, err);
    if (ok) {
        run_say_accounting(&r);
        run_say_wrote(&r, co->outdir);
        run_set_exit(&r);
    }
    ok = run_close(&r, ok, err);
    gy_decl_run_close(&dr);
    gy_indicators_free(inds);
    return ok;
}
