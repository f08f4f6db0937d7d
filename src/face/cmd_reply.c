/* cmd_reply.c — `guiyan reply`: its options into a gy_reply_cfg, the run, the report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/face.h"
#include "guiyan/i18n.h"

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan reply -t TEMPLATE [OPTION]... FILE...\n"
            "Fill a reply draft (答复稿) from a template and the records.\n"
            "\n"
            "  -t, --template FILE    the template (a name without a folder is also looked\n"
            "                         for in the templates folder: reply_cppcc.txt)\n"
            "      --year YEAR        the report year: the default period of a figure\n"
            "                         (default: the last year the records cover whole)\n"
            "      --as-of DATE       the cut-off: 今年以来 ends here, and it is the 成文日期\n"
            "                         (default: the last day the records cover)\n"
            "      --allow-uncovered  write figures of periods the records do not cover\n"
            "                         (default: refuse them, exit 1)\n"
            "      --explain          also write explain.csv, explain_records.csv and\n"
            "                         explain.xlsx: where every figure comes from\n"
            "  -o, --output DIR       write outputs into DIR (default out)\n"), fp);
    gy_help_kind(fp);
    gy_help_common(fp, true);
    fputs(_("\n"
            "Writes reply.txt, reply.docx, reply.pdf and manifest.json into DIR. The template\n"
            "syntax is described in report_templates/README.md; a template error names its\n"
            "line and column.\n"
            "Exit status: 0 done, 1 rows rejected under --strict or a figure not covered,\n"
            "2 usage, configuration or\n"
            "template error, 3 input/output error.\n"
            "130 or 143 when interrupted (SIGINT, SIGTERM).\n"), fp);
}

enum { O_YEAR = 256, O_ASOF, O_EXPLAIN, O_ALLOW_UNCOVERED, O_KIND };

static bool reply_set(void *cfg, const char *name, const char *value, GError **err)
{
    return gy_reply_cfg_set(cfg, name, value, err);
}

int gy_cmd_reply(int argc, char **argv)
{
    static const struct option own[] = {
        { "template", required_argument, NULL, 't' }, { "year", required_argument, NULL, O_YEAR },
        { "as-of", required_argument, NULL, O_ASOF }, { "explain", no_argument, NULL, O_EXPLAIN },
        { "allow-uncovered", no_argument, NULL, O_ALLOW_UNCOVERED },
        { "kind", required_argument, NULL, O_KIND },
        { NULL, 0, NULL, 0 },
    };
    gy_reply_cfg cfg;
    gy_reply_cfg_init(&cfg);
    const gy_face_cmd cmd = { "reply", ":o:t:qh", own, true, usage, NULL, &cfg, reply_set };
    int rc = gy_face_options(&cmd, argc, argv, &cfg.common);
    if (rc >= 0)
        return rc;
    cfg.files = (const char *const *)argv + optind;
    cfg.n_files = (size_t)(argc - optind);
    GError *e = NULL;
    if (!gy_reply_cfg_check(&cfg, true, &e))
        return gy_usage_gerror("reply", e);
    gy_face f;
    gy_face_begin(&f, &cfg.common, cfg.files, cfg.n_files);
    GError *err = NULL;
    bool ok = gy_run_reply(&cfg, &f.rp, &err);
    return gy_face_end(&f, ok, err);
}
