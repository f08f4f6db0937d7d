/* cmd_summary.c — `guiyan summary`: its options into a gy_summary_cfg, the run, the report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/face.h"
#include "guiyan/i18n.h"

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
    gy_help_kind(fp);
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

enum { O_BY = 256, O_FROM, O_TO, O_YTD, O_NO_CHARTS, O_PNG, O_SVG, O_KIND };

static int summary_opt(int c, const char *arg, void *user)
{
    gy_summary_cfg *cfg = user;
    switch (c) {
    case O_BY:
        cfg->by = arg;
        if (!parse_by(arg, &cfg->grain))
            return gy_usage_error("summary", _("--by takes county,month, county,quarter or "
                                               "county,year, not '%s'"), arg);
        return GY_EXIT_OK;
    case O_FROM:
        cfg->from_s = arg;
        if (!gy_parse_day_opt(arg, &cfg->from))
            return gy_usage_error("summary", _("--from: '%s' is not a date"), arg);
        return GY_EXIT_OK;
    case O_TO:
        cfg->to_s = arg;
        if (!gy_parse_day_opt(arg, &cfg->to))
            return gy_usage_error("summary", _("--to: '%s' is not a date"), arg);
        return GY_EXIT_OK;
    case O_YTD: cfg->ytd = true; return GY_EXIT_OK;
    case O_NO_CHARTS: cfg->charts = false; return GY_EXIT_OK;
    case O_PNG: cfg->png_dir = arg; return GY_EXIT_OK;
    case O_SVG: cfg->svg_dir = arg; return GY_EXIT_OK;
    case O_KIND: cfg->kind = arg; return GY_EXIT_OK;
    default: return GY_EXIT_USAGE;
    }
}

int gy_cmd_summary(int argc, char **argv)
{
    static const struct option own[] = {
        { "by", required_argument, NULL, O_BY }, { "from", required_argument, NULL, O_FROM },
        { "to", required_argument, NULL, O_TO }, { "ytd", no_argument, NULL, O_YTD },
        { "no-charts", no_argument, NULL, O_NO_CHARTS },
        { "png", required_argument, NULL, O_PNG }, { "svg", required_argument, NULL, O_SVG },
        { "kind", required_argument, NULL, O_KIND },
        { NULL, 0, NULL, 0 },
    };
    gy_summary_cfg cfg = { .common = { .outdir = "out" }, .grain = GY_GRAIN_MONTH,
                           .by = "county,month", .from_s = "", .to_s = "", .charts = true };
    const gy_face_cmd cmd = { "summary", ":o:qh", own, true, usage, summary_opt, &cfg };
    int rc = gy_face_options(&cmd, argc, argv, &cfg.common);
    if (rc >= 0)
        return rc;
    if (optind >= argc)
        return gy_usage_error("summary", _("no input files"));
    if (cfg.from && cfg.to && cfg.from > cfg.to)
        return gy_usage_error("summary", _("--from is after --to"));
    if (!cfg.charts && (cfg.png_dir || cfg.svg_dir))
        return gy_usage_error("summary", _("--no-charts cannot be used with --png or --svg"));
    cfg.files = (const char *const *)argv + optind;
    cfg.n_files = (size_t)(argc - optind);
    gy_face f;
    gy_face_begin(&f, &cfg.common, cfg.files, cfg.n_files);
    GError *err = NULL;
    bool ok = gy_run_summary(&cfg, &f.rp, &err);
    return gy_face_end(&f, ok, err);
}
