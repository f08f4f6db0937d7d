/* cmd_stars.c — `guiyan stars`: its options (the rosters, then --records FILE...) into a
 * gy_stars_cfg, the run, the report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/face.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/strokes.h"

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan stars [OPTION]... ROSTER... [--records FILE...]\n"
            "Count the 返乡创业明星 and 明星企业 awards by level, category, county and year, list\n"
            "the winners and draft the reply's sentence.\n"
            "\n"
            "  -o, --output DIR       write outputs into DIR (default out)\n"
            "      --records FILE...  startup records (the exports `guiyan summary` reads); every\n"
            "                         winner is looked up in them. Takes the arguments that\n"
            "                         follow, up to the next option or '--'\n"
            "      --order ORDER      list order: stroke (姓氏笔画, default) or pinyin\n"
            "      --date DATE        制表日期 and document date (default: the last day of the\n"
            "                         --records, else the end of the latest award year)\n"), fp);
    gy_help_common(fp, false);
    fputs(_("\n"
            "Writes stars.csv, stars.txt, stars.xlsx, stars.pdf, rejects.csv and manifest.json\n"
            "into DIR.\n"
            "Exit status: 0 done, 1 rows rejected under --strict, 2 usage or configuration\n"
            "error, 3 input/output error.\n"
            "130 or 143 when interrupted (SIGINT, SIGTERM).\n"), fp);
}

/* Take "--records FILE..." (and "--records=FILE") out of argv: the files go to *records, the
 * rest stays in argv for getopt. Returns the new argc. */
static int split_records(int argc, char **argv, GPtrArray *records)
{
    int w = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            while (i < argc)
                argv[w++] = argv[i++];
            break;
        }
        if (g_str_has_prefix(argv[i], "--records=")) {
            g_ptr_array_add(records, argv[i] + strlen("--records="));
            continue;
        }
        if (strcmp(argv[i], "--records") != 0) {
            argv[w++] = argv[i];
            continue;
        }
        while (i + 1 < argc && (argv[i + 1][0] != '-' || !strcmp(argv[i + 1], "-")))
            g_ptr_array_add(records, argv[++i]);
    }
    argv[w] = NULL;
    return w;
}

/* 制表日期: --date, else SOURCE_DATE_EPOCH (as a day in Beijing time), else none; without
 * --date the run's cut-off (stars_cutoff) comes first once the data are read. */
static bool made_on_day(const char *opt, gy_day *out)
{
    *out = GY_NO_DAY;
    if (opt)
        return gy_parse_day_opt(opt, out);
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long t = strtoll(sde, &end, 10);
        if (*end || t < 0)
            return false;
        GDateTime *dt = g_date_time_new_from_unix_utc(t + 8 * 3600);
        if (!dt)
            return false;
        *out = gy_day_from_ymd(g_date_time_get_year(dt), g_date_time_get_month(dt),
                               g_date_time_get_day_of_month(dt));
        g_date_time_unref(dt);
    }
    return true;
}

enum { O_ORDER = 256, O_DATE };

static int stars_opt(int c, const char *arg, void *user)
{
    gy_stars_cfg *cfg = user;
    switch (c) {
    case O_ORDER: {
        gy_name_order order;
        cfg->order_s = arg;
        if (!gy_name_order_parse(arg, &order))
            return gy_usage_error("stars", _("--order takes stroke or pinyin, not '%s'"), arg);
        cfg->order = order;
        return GY_EXIT_OK;
    }
    case O_DATE: cfg->date_s = arg; return GY_EXIT_OK;
    default: return GY_EXIT_USAGE;
    }
}

/* The options, with --records FILE... taken out first; -1 when the run may start. */
static int stars_options(gy_stars_cfg *cfg, GPtrArray *records, int argc, char **argv)
{
    static const struct option own[] = {
        { "order", required_argument, NULL, O_ORDER },
        { "date", required_argument, NULL, O_DATE },
        { NULL, 0, NULL, 0 },
    };
    argc = split_records(argc, argv, records);
    const gy_face_cmd cmd = { "stars", ":o:qh", own, false, usage, stars_opt, cfg };
    int rc = gy_face_options(&cmd, argc, argv, &cfg->common);
    if (rc >= 0)
        return rc;
    if (!made_on_day(cfg->date_s, &cfg->made_on))
        return cfg->date_s
                   ? gy_usage_error("stars", _("--date: '%s' is not a date"), cfg->date_s)
                   : gy_usage_error("stars", _("SOURCE_DATE_EPOCH is not a number of seconds"));
    if (optind >= argc)
        return gy_usage_error("stars", records->len
                                           ? _("no roster files (put them before --records, or "
                                               "after --)")
                                           : _("no roster files"));
    cfg->files = (const char *const *)argv + optind;
    cfg->n_files = (size_t)(argc - optind);
    cfg->records = (const char *const *)records->pdata;
    cfg->n_records = records->len;
    return -1;
}

int gy_cmd_stars(int argc, char **argv)
{
    gy_stars_cfg cfg = { .common = { .outdir = "out" }, .order = GY_ORDER_STROKES,
                         .order_s = "stroke" };
    GPtrArray *records = g_ptr_array_new();
    int rc = stars_options(&cfg, records, argc, argv);
    if (rc < 0) {
        gy_face f;
        gy_face_begin(&f, &cfg.common, cfg.records, cfg.n_records);
        GError *err = NULL;
        bool ok = gy_run_stars(&cfg, &f.rp, &err);
        rc = gy_face_end(&f, ok, err);
    }
    g_ptr_array_free(records, TRUE);
    return rc;
}
