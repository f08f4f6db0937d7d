/* cmd_summary.c — `guiyan summary`: figures by county and period, with every row accounted. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/charts_report.h"
#include "guiyan/decl_run.h"
#include "guiyan/face.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/report.h"
#include "guiyan/timing.h"
#include "guiyan/workbook.h"

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan summary [OPTION]... FILE...\n"
            "Count startups, entities, guarantee loans and jobs by county and period.\n"
            "\n"
            "  -o, --output DIR       write outputs into DIR (default out)\n"
            "      --by county,PERIOD PERIOD is month (default), quarter or year\n"
            "      --from DATE        ignore dates before DATE\n"
            "      --to DATE          ignore dates after DATE (also the cut-off shown)\n"
            "      --ytd              add year-to-date rows (period 2021-06-YTD)\n"
            "      --no-charts        do not write charts.pdf\n"
            "      --png DIR          also write each chart as a PNG (300 dpi) into DIR\n"
            "      --svg DIR          also write each chart as an SVG into DIR\n"), fp);
    fputs(_("      --kind KIND        read every FILE as this list: training, survey, projects,\n"
            "                         mentors, services, stars or startup (default: each\n"
            "                         file's header tells; kinds.ini)\n"), fp);
    gy_help_common(fp, true);
    fputs(_("\n"
            "Writes summary.csv, summary.xlsx, charts.pdf, rejects.csv and manifest.json\n"
            "into DIR. charts.pdf has, per indicator, a bar chart by county of the cut-off\n"
            "year to date and a monthly trend against the previous year (by quarter or year:\n"
            "bars grouped by quarter or year and a quarterly or yearly trend, and the\n"
            "workbook has those columns); its look (font\n"
            "family, sizes, colours) is set in charts.ini of the templates folder.\n"
            "Exit status: 0 done, 1 rows rejected under --strict, 2 usage or configuration\n"
            "error, 3 input/output error (also: no font for Chinese; apt-get install\n"
            "fonts-noto-cjk).\n"
            "130 or 143 when interrupted (SIGINT, SIGTERM).\n"), fp);
}

static bool parse_by(const char *s, gy_grain *g)
{
    static const struct { const char *name; gy_grain g; } by[] = {
        { "county,month", GY_GRAIN_MONTH }, { "county,quarter", GY_GRAIN_QUARTER },
        { "county,year", GY_GRAIN_YEAR }, { "month", GY_GRAIN_MONTH },
        { "quarter", GY_GRAIN_QUARTER }, { "year", GY_GRAIN_YEAR },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(by); i++)
        if (strcmp(s, by[i].name) == 0) {
            *g = by[i].g;
            return true;
        }
    return false;
}

/* The statistics workbook: the months (or quarters) of the latest year (or of --to's year),
 * then 累计; by year, every year of the data (from --from's). personal: its 问题数据 sheet
 * shows rejected values in full (--unmask). */
static gy_error write_workbook(const gy_session *ss, const gy_cube *cube, const gy_ledger *lg,
                               gy_grain grain, gy_day from, gy_day to, bool personal,
                               const char *path, GError **err);

typedef struct book_job {
    const gy_session *ss;
    const gy_cube *cube;
    const gy_ledger *lg;
    gy_grain grain;
    gy_day from, to;
    bool personal;
    const char *path;
    GError *err;
    gy_error e;
} book_job;

static gpointer book_run(gpointer data)
{
    book_job *j = data;
    j->e = write_workbook(j->ss, j->cube, j->lg, j->grain, j->from, j->to, j->personal, j->path,
                          &j->err);
    return NULL;
}

static gy_error write_workbook(const gy_session *ss, const gy_cube *cube, const gy_ledger *lg,
                               gy_grain grain, gy_day from, gy_day to, bool personal,
                               const char *path, GError **err)
{
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
        months = gy_cube_table(cube, GY_GRAIN_YEAR, MIN(start, jan), last);
    } else {
        months = gy_cube_table(cube, grain, jan, last);
        ytd = gy_cube_table(cube, GY_GRAIN_YTD, jan, last);
    }
    size_t n = gy_region_count(ss->rg);
    const char **names = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        names[i] = gy_region_name(ss->rg, i);
    char *style_path = gy_config_file(ss->cf, "style.ini");
    gy_style *style = gy_style_load(style_path, err);
    g_free(style_path);
    gy_error e = GY_E_TEMPLATE;
    if (style) {
        char *unmatched = gy_unmatched_text(ss->rg);
        const char *settings[] = { "统计地区", gy_region_label(ss->rg),
                                   unmatched ? "未填乡镇" : NULL, unmatched, NULL };
        gy_summary_opts o = {
            .region_label = gy_region_label(ss->rg), .filler = ss->cf->org,
            .county_names = names, .cutoff = cutoff, .made_on = cutoff,
            .settings = settings, .style = style, .generator = "guiyan " GY_VERSION,
            .personal = personal,
            .row_head = gy_region_is_townships(ss->rg) ? gy_region_row_head(ss->rg) : NULL,
        };
        e = gy_workbook_summary_write(path, &o, months, ytd, lg, err);
        g_free(unmatched);
    }
    gy_style_free(style);
    g_free(names);
    gy_table_free(months);
    gy_table_free(ytd);
    return e;
}

/* A run stopped before any record was read: what was set up, undone; rc passed on. */
static int summary_abort(gy_session *ss, gy_decl_run *dr, gy_indicators *inds,
                         const char **files, char *font_warning, int rc)
{
    gy_decl_run_close(dr);
    gy_indicators_free(inds);
    g_free(files);
    g_free(font_warning);
    gy_session_close(ss);
    return rc;
}

int gy_cmd_summary(int argc, char **argv)
{
    enum { O_BY = 256, O_FROM, O_TO, O_YTD, O_NO_CHARTS, O_PNG, O_SVG, O_KIND };
    static const struct option longopts[] = {
        GY_COMMON_LONGOPTS, GY_ORDER_LONGOPT,
        { "by", required_argument, NULL, O_BY }, { "from", required_argument, NULL, O_FROM },
        { "to", required_argument, NULL, O_TO }, { "ytd", no_argument, NULL, O_YTD },
        { "no-charts", no_argument, NULL, O_NO_CHARTS },
        { "png", required_argument, NULL, O_PNG }, { "svg", required_argument, NULL, O_SVG },
        { "kind", required_argument, NULL, O_KIND },
        { NULL, 0, NULL, 0 },
    };
    gy_common co = { .outdir = "out" };
    gy_grain grain = GY_GRAIN_MONTH;
    const char *kind = NULL;
    const char *by = "county,month", *from_s = "", *to_s = "";
    gy_day from = GY_NO_DAY, to = GY_NO_DAY;
    bool ytd = false, charts = true;
    const char *png_dir = NULL, *svg_dir = NULL;
    int c, rc = 0;
    optind = 1;
    opterr = 0;   /* one message per usage error: gy_option_error */
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        if (gy_common_opt(&co, c, optarg, &rc, "summary")) {
            if (rc)
                return rc;
            continue;
        }
        switch (c) {
        case 'h': usage(stdout); return GY_EXIT_OK;
        case O_BY:
            by = optarg;
            if (!parse_by(optarg, &grain))
                return gy_usage_error("summary", _("--by takes county,month, county,quarter or "
                                                   "county,year, not '%s'"), optarg);
            break;
        case O_FROM:
            from_s = optarg;
            if (!gy_parse_day_opt(optarg, &from))
                return gy_usage_error("summary", _("--from: '%s' is not a date"), optarg);
            break;
        case O_TO:
            to_s = optarg;
            if (!gy_parse_day_opt(optarg, &to))
                return gy_usage_error("summary", _("--to: '%s' is not a date"), optarg);
            break;
        case O_YTD: ytd = true; break;
        case O_NO_CHARTS: charts = false; break;
        case O_PNG: png_dir = optarg; break;
        case O_SVG: svg_dir = optarg; break;
        case O_KIND: kind = optarg; break;
        default: return gy_option_error("summary", c, argv);
        }
    }
    if (optind >= argc)
        return gy_usage_error("summary", _("no input files"));
    if (from && to && from > to)
        return gy_usage_error("summary", _("--from is after --to"));
    if (!charts && (png_dir || svg_dir))
        return gy_usage_error("summary", _("--no-charts cannot be used with --png or --svg"));
    const char *const *all_files = (const char *const *)argv + optind;
    size_t n_all = (size_t)(argc - optind);

    gy_session ss;
    if ((rc = gy_session_open(&ss, &co)) != 0)
        return rc;
    GError *err = NULL;
    /* no font for the charts: say so now, not after reading the records */
    char *font_warning = NULL;
    if (charts && (rc = gy_session_fonts(&ss, &font_warning)) != 0) {
        gy_session_close(&ss);
        return rc;
    }
    /* training lists, surveys, rosters … apart from the startup exports: lists.csv */
    gy_decl_run dr = { 0 };
    gy_indicators *inds = NULL;
    const char **files = NULL;
    size_t n = 0;
    char *p_ind = gy_config_file(ss.cf, "indicators.tsv");
    inds = gy_indicators_load(p_ind, &err);
    g_free(p_ind);
    if (!inds)
        rc = gy_fail(err);
    else
        rc = gy_decl_run_open(&dr, &ss, &co, inds, kind, all_files, n_all, &files, &n);
    if (rc != 0)
        return summary_abort(&ss, &dr, inds, files, font_warning, rc);
    bool lists = dr.files->len > 0;
    /* a run that cannot write, or would overwrite its input, stops before reading */
    /* updates.csv when several exports may hold the same startups */
    const char *names[] = { "summary.csv", "summary.xlsx", "rejects.csv", "manifest.json",
                            n > 1 ? "updates.csv" : NULL, charts ? "charts.pdf" : NULL,
                            lists ? "lists.csv" : NULL, NULL };
    size_t kept = 0;
    for (size_t i = 0; i + 1 < G_N_ELEMENTS(names); i++)     /* the NULL-terminated list */
        if (names[i])
            names[kept++] = names[i];
    names[kept] = NULL;
    if ((rc = gy_session_outputs(all_files, co.outdir, names, png_dir, svg_dir)) != 0)
        return summary_abort(&ss, &dr, inds, files, font_warning, rc);
    gy_cube *cube = gy_cube_new(ss.rg);
    gy_ledger *lg = gy_ledger_new();
    gy_table *t = NULL, *yt = NULL;
    char *p_sum = g_build_filename(co.outdir, "summary.csv", NULL);
    char *p_rej = g_build_filename(co.outdir, "rejects.csv", NULL);
    char *p_upd = g_build_filename(co.outdir, "updates.csv", NULL);
    char *p_man = g_build_filename(co.outdir, "manifest.json", NULL);
    char *p_xlsx = g_build_filename(co.outdir, "summary.xlsx", NULL);
    char *p_pdf = g_build_filename(co.outdir, "charts.pdf", NULL);
    char *p_lists = g_build_filename(co.outdir, "lists.csv", NULL);
    gy_load_opts lo = gy_session_load_opts(&ss, &co);
    lo.from = from;
    lo.to = to;
    gy_session_measure(&ss, files, n);
    gy_error e = gy_load_check_headers(files, n, ss.al, co.encoding, co.sheet, &err);
    if (e == GY_OK)
        e = gy_load(files, n, ss.al, ss.rg, &lo, cube, lg, &err);
    if (e != GY_OK) {
        rc = gy_fail(err);
        goto done;
    }
    if ((rc = gy_decl_run_load(&dr, &co)) != 0)
        goto done;
    gy_ledger_set_lists(lg, dr.lg);
    gy_cube_set_bounds(cube, from, to);
    gy_month first = 0, last = -1;
    if (gy_cube_span(cube, &first, &last)) {
        if (from) first = MAX(first, gy_day_month(from));
        if (to) last = MIN(last, gy_day_month(to));
    }
    t = gy_cube_table(cube, grain, first, last);
    if (ytd)
        yt = gy_cube_table(cube, GY_GRAIN_YTD, first, last);
    gy_timing("table");
    if ((e = gy_output_mkdir(co.outdir, &err)) != GY_OK) {
        rc = gy_fail(err);
        goto done;
    }
    /* periods no record covers are left out, not listed as zeros */
    gy_cover cover[GY_COVER__KINDS];
    gy_ledger_coverage(lg, cover);
    gy_table *tc = gy_cover_table(t, cover), *ytc = yt ? gy_cover_table(yt, cover) : NULL;
    GString *s = g_string_new(NULL);
    gy_summary_csv(s, tc, ytc, ss.rg, true);
    gy_table_free(tc);
    gy_table_free(ytc);
    e = gy_output_write(p_sum, s->str, s->len, &err);
    if (e == GY_OK && lists) {
        g_string_truncate(s, 0);
        gy_decl_run_summary_csv(&dr, s, grain, from, to);
        e = gy_output_write(p_lists, s->str, s->len, &err);
    }
    g_string_free(s, TRUE);
    gy_ledger_sort(lg);
    if (e == GY_OK)
        e = gy_ledger_write_rejects(lg, p_rej, &err);
    if (e == GY_OK && n > 1)
        e = gy_ledger_write_updates(lg, ss.rg, co.unmask, p_upd, &err);
    const gy_kv opts[] = {
        { "by", by }, { "from", from_s }, { "to", to_s }, { "ytd", ytd ? "true" : "false" },
        { "region", gy_region_label(ss.rg) }, { "region_code", gy_region_scope_code(ss.rg) },
        { "encoding", gy_encoding_name(co.encoding) }, { "strict", co.strict ? "true" : "false" },
        { "charts", charts ? "true" : "false" }, { "png", png_dir ? png_dir : "" },
        { "svg", svg_dir ? svg_dir : "" },
    };
    gy_timing("summary.csv, rejects");
    /* the workbook on a thread of its own while the charts are drawn: both only read */
    bool personal = co.unmask && gy_ledger_n_rejects(lg) > 0;
    book_job bj = { &ss, cube, lg, grain, from, to, personal, p_xlsx, NULL, GY_OK };
    GThread *book = e == GY_OK ? g_thread_new("guiyan-workbook", book_run, &bj) : NULL;
    const char *outs[7] = { "summary.csv", "summary.xlsx" };
    size_t n_outs = 2;
    if (lists)
        outs[n_outs++] = "lists.csv";
    gy_day cutoff = to ? to : gy_cube_last_day(cube);
    if (e == GY_OK && charts && cutoff == GY_NO_DAY)
        fprintf(stderr, _("guiyan: warning: %s\n"), _("no records, so no charts"));
    else if (e == GY_OK && charts) {
        char *warning = NULL;
        e = gy_charts_summary_by(cube, ss.rg, ss.cf, grain, cutoff, cover, p_pdf, png_dir,
                                 svg_dir, &warning, &err);
        if (warning && g_strcmp0(warning, font_warning) != 0)
            fprintf(stderr, _("guiyan: warning: %s\n"), warning);
        g_free(warning);
        outs[n_outs++] = "charts.pdf";
        gy_timing("charts");
    }
    if (book) {
        g_thread_join(book);
        gy_timing("workbook");
        if (bj.e != GY_OK) {              /* the workbook's error first, as it was asked first */
            g_clear_error(&err);
            g_propagate_error(&err, bj.err);
            e = bj.e;
        }
    }
    outs[n_outs++] = "rejects.csv";
    if (n > 1)
        outs[n_outs++] = "updates.csv";
    outs[n_outs++] = "manifest.json";
    if (e == GY_OK)
        e = gy_manifest_write(p_man, lg, "summary", opts, G_N_ELEMENTS(opts), outs, n_outs,
                              &err);
    if (e == GY_OK)
        e = gy_output_publish(&err);
    if (e != GY_OK) {
        rc = gy_fail(err);
        goto done;
    }
    gy_print_accounting(lg);
    gy_decl_run_print(&dr);
    gy_print_unmatched(ss.rg, 20);
    if (!co.quiet)
        for (size_t i = 0; i < n_outs; i++)
            fprintf(stderr, _("guiyan: wrote %s/%s\n"), co.outdir, outs[i]);
    rc = co.strict && (gy_ledger_rejected(lg) || gy_ledger_rejected(dr.lg)) ? GY_EXIT_REJECTS
                                                                         : GY_EXIT_OK;
done:
    gy_decl_run_close(&dr);
    gy_indicators_free(inds);
    g_free(files);
    g_free(p_lists);
    g_free(p_sum);
    g_free(p_rej);
    g_free(p_upd);
    g_free(p_man);
    g_free(p_xlsx);
    g_free(p_pdf);
    g_free(font_warning);
    gy_table_free(t);
    gy_table_free(yt);
    gy_ledger_free(lg);
    gy_cube_free(cube);
    gy_session_close(&ss);
    return rc;
}
