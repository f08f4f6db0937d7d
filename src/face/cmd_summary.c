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

enum { O_BY = 256, O_FROM, O_TO, O_YTD, O_NO_CHARTS, O_PNG, O_SVG, O_KIND };

static bool summary_set(void *cfg, const char *name, const char *value, GError **err)
{
    return gy_summary_cfg_set(cfg, name, value, err);
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
    gy_summary_cfg cfg;
    gy_summary_cfg_init(&cfg);
    const gy_face_cmd cmd = { "summary", ":o:qh", own, true, usage, NULL, &cfg, summary_set };
    int rc = gy_face_options(&cmd, argc, argv, &cfg.common);
    if (rc >= 0)
        return rc;
    cfg.files = (const char *const *)argv + optind;
    cfg.n_files = (size_t)(argc - optind);
    GError *e = NULL;
    if (!gy_summary_cfg_check(&cfg, true, &e))
        return gy_usage_gerror("summary", e);
    gy_face f;
    gy_face_begin(&f, &cfg.common, cfg.files, cfg.n_files);
    GError *err = NULL;
    bool ok = gy_run_summary(&cfg, &f.rp, &err);
    return gy_face_end(&f, ok, err);
}
