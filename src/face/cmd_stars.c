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

enum { O_ORDER = 256, O_DATE };

static bool stars_set(void *cfg, const char *name, const char *value, GError **err)
{
    return gy_stars_cfg_set(cfg, name, value, err);
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
    const gy_face_cmd cmd = { "stars", ":o:qh", own, false, usage, NULL, cfg, stars_set };
    int rc = gy_face_options(&cmd, argc, argv, &cfg->common);
    if (rc >= 0)
        return rc;
    cfg->files = (const char *const *)argv + optind;
    cfg->n_files = (size_t)(argc - optind);
    cfg->records = (const char *const *)records->pdata;
    cfg->n_records = records->len;
    GError *e = NULL;
    if (!gy_stars_cfg_check(cfg, true, &e))
        return gy_usage_gerror("stars", e);
    return -1;
}

int gy_cmd_stars(int argc, char **argv)
{
    gy_stars_cfg cfg;
    gy_stars_cfg_init(&cfg);
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
