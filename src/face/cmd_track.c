/* cmd_track.c — `guiyan track`: its options into a gy_track_cfg, the run, the report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/face.h"
#include "guiyan/i18n.h"
#include "guiyan/measures.h"
#include "guiyan/targets.h"

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
    gy_help_kind(fp);
    gy_help_common(fp, true);
    fputs(_("\n"
            "Writes track.xlsx (总览, a monthly sheet and a chart per indicator), track.csv,\n"
            "charts.pdf (完成率 against 序时进度), rejects.csv and manifest.json into DIR.\n"
            "The targets file is read with --encoding, as the records are.\n"
            "Exit status: 0 done, 1 rows rejected under --strict, 2 usage or configuration\n"
            "error (also a bad targets file), 3 input/output error.\n"
            "130 or 143 when interrupted (SIGINT, SIGTERM).\n"), fp);
}

enum { O_ASOF = 256, O_TARGETS, O_PROGRESS, O_YELLOW, O_TOTAL_FIRST, O_RANK_UNITS,
       O_NO_RANK_UNITS, O_NO_CHARTS, O_PNG, O_SVG, O_TEMPLATE, O_KIND };

static bool track_set(void *cfg, const char *name, const char *value, GError **err)
{
    return gy_track_cfg_set(cfg, name, value, err);
}

int gy_cmd_track(int argc, char **argv)
{
    static const struct option own[] = {
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
    gy_track_cfg cfg;
    gy_track_cfg_init(&cfg);
    const gy_face_cmd cmd = { "track", ":o:qh", own, true, usage, NULL, &cfg, track_set };
    int rc = gy_face_options(&cmd, argc, argv, &cfg.common);
    if (rc >= 0)
        return rc;
    if (!cfg.targets_template) {
        cfg.files = (const char *const *)argv + optind;
        cfg.n_files = (size_t)(argc - optind);
    }
    GError *e = NULL;
    if (!gy_track_cfg_check(&cfg, true, &e))
        return gy_usage_gerror("track", e);
    gy_face f;
    gy_face_begin(&f, &cfg.common, cfg.files, cfg.n_files);
    GError *err = NULL;
    bool ok = gy_run_track(&cfg, &f.rp, &err);
    return gy_face_end(&f, ok, err);
}
