/* cmd_track.c — `guiyan track`: monthly target tracking — targets, 完成率 against 序时进度,
 * warning colours, ranks and 同比 by county (track.xlsx, track.csv). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/charts_report.h"
#include "guiyan/decl_run.h"
#include "guiyan/face.h"
#include "guiyan/targets_template.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/indicator.h"
#include "guiyan/output.h"
#include "guiyan/report.h"
#include "guiyan/targets.h"
#include "guiyan/workbook.h"

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan track --as-of DATE --targets FILE [OPTION]... FILE...\n"
            "Track the year's targets by county: 年度目标, 当月, 累计 (1—N月), 完成率 against\n"
            "序时进度 with green/yellow/red warnings, 排名, 上年同期累计 and 同比. Records of the\n"
            "previous year in the same inputs give 上年同期.\n"
            "\n"
            "      --as-of DATE       cut-off date (required): 累计 runs from 1 January to DATE,\n"
            "                         当月 from the 1st of DATE's month to DATE, 上年同期 over the\n"
            "                         same days of the previous year (29 February: to the 28th)\n"
            "      --targets FILE     targets (required): CSV or workbook, long (county,\n"
            "                         indicator,target) or the wide 分解表 (counties down,\n"
            "                         indicators across, a 合计 row for the city's own\n"
            "                         target); money in 万元 unless it says 元 or 亿元\n"
            "      --targets-template FILE.xlsx\n"
            "                         write a blank 分解表 for the region and stop\n"
            "      --progress MODE    序时进度 by month (default: N/12 for month N) or by day\n"
            "                         (day of the year / days in the year)\n"
            "      --yellow-points N  yellow band below 序时进度, in percentage points\n"
            "                         (default 10; up to two decimals)\n"
            "      --total-first      put the 合计 row first in the workbook (default last)\n"
            "      --rank-units       rank reporting units without a county code (乐山高新区)\n"
            "                         with the counties (default)\n"
            "      --no-rank-units    leave them out of the ranking\n"
            "      --no-charts        do not write charts.pdf\n"
            "      --png DIR          also write each chart as a PNG (300 dpi) into DIR\n"
            "      --svg DIR          also write each chart as an SVG into DIR\n"
            "  -o, --output DIR       write outputs into DIR (default out)\n"), fp);
    fputs(_("      --kind KIND        read every FILE as this list: training, survey, projects,\n"
            "                         mentors, services, stars or startup (default: each\n"
            "                         file's header tells; kinds.ini)\n"), fp);
    gy_help_common(fp, true);
    fputs(_("\n"
            "Writes track.xlsx (总览, a monthly sheet and a chart per indicator), track.csv,\n"
            "charts.pdf (完成率 against 序时进度), rejects.csv and manifest.json into DIR.\n"
            "The targets file is read with --encoding, as the records are.\n"
            "Exit status: 0 done, 1 rows rejected under --strict, 2 usage or configuration\n"
            "error (also a bad targets file), 3 input/output error.\n"
            "130 or 143 when interrupted (SIGINT, SIGTERM).\n"), fp);
}

/* "10", "7.5", "0.25" points → hundredths of a point; false if not such a number. */
static bool parse_points(const char *s, int64_t *out)
{
    int64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        if (digits < 6)
            whole = whole * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, fdigits++)
            if (fdigits < 2)
                frac = frac * 10 + (*p - '0');
    if (*p || digits == 0 || digits > 6 || fdigits > 2)
        return false;
    if (fdigits == 1)
        frac *= 10;
    *out = whole * 100 + frac;
    return true;
}

/* Print an error whose message may hold several lines, each as "guiyan: line". */
static int fail_lines(GError *err)
{
    if (!err)
        return GY_EXIT_IO;
    char **lines = g_strsplit(err->message, "\n", -1);
    for (char **l = lines; *l; l++)
        fprintf(stderr, "guiyan: %s\n", *l);
    g_strfreev(lines);
    int code = err->domain == GY_ERROR ? gy_exit_for((gy_error)err->code) : GY_EXIT_IO;
    g_error_free(err);
    return code;
}

/* charts.pdf: a 完成率 chart per tracked indicator, from the same cells as the workbook. */
static gy_error write_charts(const gy_session *ss, gy_day as_of, const gy_track_opts *topts,
                             const gy_track_part *parts, size_t n_parts, size_t n,
                             const char *const cover_notes[GY_COVER__KINDS],
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
                                        other ? NULL : cover_notes[gy_cover_kind_of(ind->ind)],
                                        other ? ind->short_name : NULL, other ? ind->key : NULL };
    }
    char *warning = NULL;
    gy_error e = gy_charts_track(ss->rg, ss->cf, as_of, topts->progress, topts->yellow, cp,
                                 n_parts, n, pdf, png_dir, svg_dir, &warning, err);
    if (warning && g_strcmp0(warning, font_warning) != 0)
        fprintf(stderr, _("guiyan: warning: %s\n"), warning);
    g_free(warning);
    g_free(rates);
    g_free(cp);
    return e;
}

/* --targets-template FILE.xlsx: the blank 分解表 for the region, for the city to fill in;
 * the year from --as-of when given. */
static int write_template(const gy_common *co, const char *path, gy_day as_of)
{
    gy_session ss;
    int rc = gy_session_open(&ss, co);
    if (rc != 0)
        return rc;
    GError *err = NULL;
    char *p = gy_config_file(ss.cf, "indicators.tsv");
    gy_indicators *inds = gy_indicators_load(p, &err);
    g_free(p);
    int y = 0, m, d;
    if (as_of != GY_NO_DAY)
        gy_day_to_ymd(as_of, &y, &m, &d);
    gy_error e = inds ? gy_targets_template(path, ss.rg, inds, y, &err) : GY_E_TEMPLATE;
    rc = e == GY_OK ? GY_EXIT_OK : gy_fail(err);
    if (e == GY_OK && !co->quiet)
        fprintf(stderr, _("guiyan: wrote %s\n"), path);
    gy_indicators_free(inds);
    gy_session_close(&ss);
    return rc;
}

int gy_cmd_track(int argc, char **argv)
{
    enum { O_ASOF = 256, O_TARGETS, O_PROGRESS, O_YELLOW, O_TOTAL_FIRST, O_RANK_UNITS,
           O_NO_RANK_UNITS, O_NO_CHARTS, O_PNG, O_SVG, O_TEMPLATE, O_KIND };
    static const struct option longopts[] = {
        GY_COMMON_LONGOPTS, GY_ORDER_LONGOPT,
        { "as-of", required_argument, NULL, O_ASOF },
        { "targets", required_argument, NULL, O_TARGETS },
        { "progress", required_argument, NULL, O_PROGRESS },
        { "yellow-points", required_argument, NULL, O_YELLOW },
        { "total-first", no_argument, NULL, O_TOTAL_FIRST },
        { "rank-units", no_argument, NULL, O_RANK_UNITS },
        { "no-rank-units", no_argument, NULL, O_NO_RANK_UNITS },
        { "no-charts", no_argument, NULL, O_NO_CHARTS },
        { "png", required_argument, NULL, O_PNG }, { "svg", required_argument, NULL, O_SVG },
        { "targets-template", required_argument, NULL, O_TEMPLATE },
        { "kind", required_argument, NULL, O_KIND },
        { NULL, 0, NULL, 0 },
    };
    gy_common co = { .outdir = "out" };
    const char *asof_s = NULL, *targets_path = NULL, *progress_s = "month";
    const char *template_path = NULL, *kind = NULL;
    gy_day as_of = GY_NO_DAY;
    gy_progress_mode mode = GY_PROGRESS_BY_MONTH;
    int64_t yellow = GY_YELLOW_DEFAULT;
    bool total_first = false, rank_units = true, charts = true;
    const char *png_dir = NULL, *svg_dir = NULL;
    int c, rc = 0;
    optind = 1;
    opterr = 0;   /* one message per usage error: gy_option_error */
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        if (gy_common_opt(&co, c, optarg, &rc, "track")) {
            if (rc)
                return rc;
            continue;
        }
        switch (c) {
        case 'h': usage(stdout); return GY_EXIT_OK;
        case O_ASOF:
            asof_s = optarg;
            if (!gy_parse_day_opt(optarg, &as_of))
                return gy_usage_error("track", _("--as-of: '%s' is not a date"), optarg);
            break;
        case O_TARGETS: targets_path = optarg; break;
        case O_NO_CHARTS: charts = false; break;
        case O_PNG: png_dir = optarg; break;
        case O_SVG: svg_dir = optarg; break;
        case O_PROGRESS:
            progress_s = optarg;
            if (strcmp(optarg, "month") == 0)
                mode = GY_PROGRESS_BY_MONTH;
            else if (strcmp(optarg, "day") == 0)
                mode = GY_PROGRESS_BY_DAY;
            else
                return gy_usage_error("track", _("--progress takes month or day, not '%s'"),
                                      optarg);
            break;
        case O_YELLOW:
            if (!parse_points(optarg, &yellow))
                return gy_usage_error("track", _("--yellow-points takes a number of percentage "
                                                 "points such as 10 or 7.5, not '%s'"), optarg);
            break;
        case O_TOTAL_FIRST: total_first = true; break;
        case O_RANK_UNITS: rank_units = true; break;
        case O_NO_RANK_UNITS: rank_units = false; break;
        case O_TEMPLATE: template_path = optarg; break;
        case O_KIND: kind = optarg; break;
        default: return gy_option_error("track", c, argv);
        }
    }
    if (template_path)
        return write_template(&co, template_path, asof_s ? as_of : GY_NO_DAY);
    if (!asof_s)
        return gy_usage_error("track", _("--as-of DATE is required"));
    if (!targets_path)
        return gy_usage_error("track", _("--targets FILE is required"));
    if (optind >= argc)
        return gy_usage_error("track", _("no input files"));
    if (!charts && (png_dir || svg_dir))
        return gy_usage_error("track", _("--no-charts cannot be used with --png or --svg"));
    const char *const *all_files = (const char *const *)argv + optind;
    size_t n_all = (size_t)(argc - optind);

    if (gy_track_prev_day(as_of) == GY_NO_DAY)
        return gy_usage_error("track", _("--as-of: '%s' is out of range"), asof_s);

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
    gy_indicators *inds = NULL;
    gy_style *style = NULL;
    gy_targets *targets = NULL;
    gy_decl_run dr = { 0 };
    const char **files = NULL;
    size_t n_files = 0;
    const gy_indicator **dinds = NULL;
    size_t n_dinds = 0;
    gy_cube *cube = NULL;
    gy_ledger *lg = NULL;
    gy_table *months = NULL, *ytd = NULL, *prev = NULL;
    char *cover_note = NULL, *loan_note = NULL;
    gy_track_cell *cells = NULL;
    gy_track_part *parts = NULL;
    const char **names = NULL, **codes = NULL, **inputs = NULL;
    char *p_xlsx = g_build_filename(co.outdir, "track.xlsx", NULL);
    char *p_csv = g_build_filename(co.outdir, "track.csv", NULL);
    char *p_rej = g_build_filename(co.outdir, "rejects.csv", NULL);
    char *p_upd = g_build_filename(co.outdir, "updates.csv", NULL);
    char *p_man = g_build_filename(co.outdir, "manifest.json", NULL);
    char *p_pdf = g_build_filename(co.outdir, "charts.pdf", NULL);
    char *targets_name = g_path_get_basename(targets_path);
    gy_error e;

    /* training lists, surveys, rosters … apart from the startup exports (their headers tell) */
    char *p = gy_config_file(ss.cf, "indicators.tsv");
    inds = gy_indicators_load(p, &err);
    g_free(p);
    if (!inds) {
        rc = fail_lines(err);
        goto done;
    }
    if ((rc = gy_decl_run_open(&dr, &ss, &co, inds, kind, all_files, n_all, &files, &n_files)) != 0)
        goto done;
    /* a run that cannot write, or would overwrite its input, stops before reading */
    const char *out_names[] = { "track.xlsx", "track.csv", "rejects.csv", "manifest.json",
                                n_files > 1 ? "updates.csv" : NULL, charts ? "charts.pdf" : NULL,
                                NULL };
    if (n_files < 2)
        out_names[4] = out_names[5], out_names[5] = NULL;
    gy_output_protect(targets_path);
    if ((rc = gy_session_outputs(all_files, co.outdir, out_names, png_dir, svg_dir)) != 0)
        goto done;

    /* the tables and the targets first: a bad targets file stops before any record is read */
    p = gy_config_file(ss.cf, "style.ini");
    style = gy_style_load(p, &err);
    g_free(p);
    if (!style) {
        rc = fail_lines(err);
        goto done;
    }
    targets = gy_targets_load(targets_path, co.encoding, ss.al, ss.rg, inds, &err);
    if (!targets) {
        rc = fail_lines(err);
        goto done;
    }

    cube = gy_cube_new(ss.rg);
    lg = gy_ledger_new();
    gy_load_opts lo = gy_session_load_opts(&ss, &co);
    gy_session_measure(&ss, files, n_files);
    e = gy_load_check_headers(files, n_files, ss.al, co.encoding, co.sheet, &err);
    if (e == GY_OK)
        e = gy_load(files, n_files, ss.al, ss.rg, &lo, cube, lg, &err);
    if (e != GY_OK) {
        rc = gy_fail(err);
        goto done;
    }
    if ((rc = gy_decl_run_load(&dr, &co)) != 0)
        goto done;
    gy_ledger_set_lists(lg, dr.lg);
    gy_ledger_sort(lg);

    /* 当月 and 累计 to the as-of day; 上年同期 over the same days of the previous year, when
     * the records cover them */
    gy_track_tables(cube, as_of, &months, &ytd, &prev);
    /* the indicators of other lists that have a target: their planes past the cube's */
    dinds = g_new0(const gy_indicator *, gy_indicators_n_declared(inds) + 1);
    for (size_t k = 0; k < gy_indicators_n_declared(inds); k++) {
        const gy_indicator *d = gy_indicators_declared_at(inds, k);
        const char *missing = NULL;
        if (!gy_targets_has_ind(targets, d->ind))
            continue;
        if (!gy_decl_run_has_records(&dr, d, &missing)) {
            fprintf(stderr, _("guiyan: warning: %s: %s has a target but no %s is among the "
                              "inputs: not tracked\n"), targets_name, d->name, missing);
            continue;
        }
        dinds[n_dinds++] = d;
    }
    if (n_dinds) {
        gy_table *w = gy_decl_run_widen(&dr, months, dinds, n_dinds, as_of);
        gy_table_free(months);
        months = w;
        w = gy_decl_run_widen(&dr, ytd, dinds, n_dinds, as_of);
        gy_table_free(ytd);
        ytd = w;
        if (prev) {
            w = gy_decl_run_widen(&dr, prev, dinds, n_dinds, gy_track_prev_day(as_of));
            gy_table_free(prev);
            prev = w;
        }
    }
    gy_cover cover[GY_COVER__KINDS];
    gy_ledger_coverage(lg, cover);
    int as_y, as_m, as_d;
    gy_day_to_ymd(as_of, &as_y, &as_m, &as_d);
    if (prev && !gy_cover_period(&cover[GY_COVER_START], gy_day_from_ymd(as_y - 1, 1, 1),
                                 gy_track_prev_day(as_of)))
        g_clear_pointer(&prev, gy_table_free);
    bool has_prev = prev != NULL;
    cover_note = gy_cover_year_note_zh(&cover[GY_COVER_START], as_y);
    loan_note = gy_cover_year_note_zh(&cover[GY_COVER_LOAN], as_y);
    if (cover_note) {
        char first[11];
        gy_day_format(cover[GY_COVER_START].first, first);
        fprintf(stderr, _("guiyan: warning: the records start on %s, after 1 January %d: the "
                          "year-to-date figures leave out the days before (noted under the "
                          "tables)\n"), first, as_y);
    }

    size_t n = gy_region_count(ss.rg);
    gy_track_opts topts = { .progress = gy_time_progress(as_of, mode), .yellow = yellow,
                            .rank_units = rank_units };
    size_t n_inds = gy_indicators_count(inds), n_parts = 0;
    cells = g_new0(gy_track_cell, (n + 1) * (n_inds + n_dinds));
    parts = g_new0(gy_track_part, n_inds + n_dinds);
    for (size_t k = 0; k < n_inds + n_dinds; k++) {
        const gy_indicator *ind = k < n_inds ? gy_indicators_at(inds, k) : dinds[k - n_inds];
        if (!gy_targets_has_ind(targets, ind->ind))
            continue;   /* an indicator without any target is not tracked */
        gy_track_cell *col = cells + (n + 1) * n_parts;
        e = gy_targets_track(targets, ind->ind, ss.rg, months, ytd, prev, &topts, col);
        if (e != GY_OK) {
            fprintf(stderr, _("guiyan: %s: %s: %s\n"), targets_name, ind->name,
                    _(gy_strerror(e)));
            rc = gy_exit_for(e == GY_E_USAGE ? GY_E_CONFIG : e);
            goto done;
        }
        parts[n_parts++] = (gy_track_part){ ind, col };
    }
    if (n_parts == 0) {
        fprintf(stderr, _("guiyan: %s: no target for any indicator\n"), targets_name);
        rc = GY_EXIT_USAGE;
        goto done;
    }

    names = g_new0(const char *, n + 1);
    codes = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        names[i] = gy_region_name(ss.rg, i);
        codes[i] = gy_region_code(ss.rg, i);
    }
    size_t n_in = gy_ledger_n_inputs(lg);
    inputs = g_new0(const char *, n_in + 1);
    for (size_t i = 0; i < n_in; i++)
        inputs[i] = gy_ledger_input(lg, (uint32_t)i)->name;
    gy_track_view view = {
        .region_label = gy_region_label(ss.rg),
        .filler = ss.cf->org,
        .row_head = gy_region_is_townships(ss.rg) ? gy_region_row_head(ss.rg) : NULL,
        .source = ss.cf->source,
        .county_names = names,
        .county_codes = codes,
        .input_names = inputs,
        .targets_name = targets_name,
        .as_of = as_of,
        .progress_mode = mode,
        .progress = topts.progress,
        .yellow = yellow,
        .total_first = total_first,
        .rank_units = rank_units,
        .has_prev = has_prev,
        .coverage_note = cover_note,
        .cover = cover,
        .months = months,
        .parts = parts,
        .n_parts = n_parts,
        .style = style,
        .generator = "guiyan " GY_VERSION,
    };

    if ((e = gy_output_mkdir(co.outdir, &err)) != GY_OK) {
        rc = gy_fail(err);
        goto done;
    }
    e = gy_workbook_track_write(p_xlsx, &view, &err);
    if (e == GY_OK) {
        GString *s = g_string_new(NULL);
        gy_track_csv(s, &view);
        e = gy_output_write(p_csv, s->str, s->len, &err);
        g_string_free(s, TRUE);
    }
    const char *outs[6] = { "track.xlsx", "track.csv" };
    size_t n_outs = 2;
    if (e == GY_OK && charts) {
        const char *cover_notes[GY_COVER__KINDS] = { cover_note, loan_note };
        e = write_charts(&ss, as_of, &topts, parts, n_parts, n, cover_notes, p_pdf, png_dir,
                         svg_dir, font_warning, &err);
        outs[n_outs++] = "charts.pdf";
    }
    outs[n_outs++] = "rejects.csv";
    if (n_files > 1)
        outs[n_outs++] = "updates.csv";
    outs[n_outs++] = "manifest.json";
    if (e == GY_OK)
        e = gy_ledger_write_rejects(lg, p_rej, &err);
    if (e == GY_OK && n_files > 1)
        e = gy_ledger_write_updates(lg, ss.rg, co.unmask, p_upd, &err);
    char yellow_txt[GY_HUNDREDTHS_BUFSZ];
    gy_hundredths_text(yellow, yellow_txt);
    const gy_kv opts[] = {
        { "as_of", asof_s }, { "targets", targets_name }, { "progress", progress_s },
        { "yellow_points", yellow_txt }, { "total_first", total_first ? "true" : "false" },
        { "rank_units", rank_units ? "true" : "false" },
        { "previous_year", has_prev ? "true" : "false" },
        { "region", gy_region_label(ss.rg) }, { "region_code", gy_region_scope_code(ss.rg) },
        { "encoding", gy_encoding_name(co.encoding) }, { "strict", co.strict ? "true" : "false" },
        { "charts", charts ? "true" : "false" }, { "png", png_dir ? png_dir : "" },
        { "svg", svg_dir ? svg_dir : "" },
    };
    if (e == GY_OK)
        e = gy_manifest_write(p_man, lg, "track", opts, G_N_ELEMENTS(opts), outs, n_outs, &err);
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
    g_free(files);
    g_free(dinds);
    g_free(names);
    g_free(codes);
    g_free(inputs);
    g_free(parts);
    g_free(cells);
    g_free(p_xlsx);
    g_free(p_csv);
    g_free(p_rej);
    g_free(p_upd);
    g_free(p_man);
    g_free(p_pdf);
    g_free(font_warning);
    g_free(targets_name);
    gy_table_free(months);
    gy_table_free(ytd);
    gy_table_free(prev);
    g_free(cover_note);
    g_free(loan_note);
    gy_ledger_free(lg);
    gy_cube_free(cube);
    gy_targets_free(targets);
    gy_style_free(style);
    gy_indicators_free(inds);
    gy_session_close(&ss);
    return rc;
}
