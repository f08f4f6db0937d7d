/* cmd_check.c — `guiyan check`: read and validate; print the accounting, the first rejects
 * and (--columns) how each header was read; with -o, rejects.csv and manifest.json. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/face.h"
#include "guiyan/i18n.h"
#include "guiyan/report.h"

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan check [OPTION]... FILE...\n"
            "Read and validate exports: print how many rows were accepted, duplicate or\n"
            "rejected, and the first rejected rows with their reasons. Award rosters and\n"
            "other lists are told from startup exports by their header. Writes nothing\n"
            "unless -o DIR is given.\n"
            "\n"
            "      --max N|all        show at most N rejected rows (default 20), or all\n"
            "      --columns          print each file's header → field mapping and the\n"
            "                         columns it ignores\n"
            "      --targets FILE     also read a targets file (目标任务分解表) as track does\n"
            "  -o, --output DIR       also write rejects.csv and manifest.json to DIR\n"), fp);
    gy_help_common(fp, true);
    fputs(_("\n"
            "Exit status: 0 done, 1 rows rejected under --strict, 2 usage or configuration\n"
            "error, 3 input/output error.\n"
            "130 or 143 when interrupted (SIGINT, SIGTERM).\n"), fp);
    fputs(_("\n"
            "       guiyan check --outputs DIR\n"
            "Check the outputs in DIR against DIR/manifest.json (size and SHA-256 of each):\n"
            "exit 0 when all match, 1 when one is missing or differs (a run cut short, a file\n"
            "changed or from another run), 3 when the manifest cannot be read.\n"), fp);
}

/* guiyan check --outputs DIR: the folder against its manifest. */
static int check_outputs(const char *dir)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    size_t n = 0;
    GError *err = NULL;
    if (gy_manifest_check(dir, problems, &n, &err) != GY_OK) {
        g_ptr_array_free(problems, TRUE);
        return gy_fail(err);
    }
    for (guint i = 0; i < problems->len; i++)
        fprintf(stderr, "guiyan: %s\n", (char *)g_ptr_array_index(problems, i));
    int rc = problems->len ? GY_EXIT_REJECTS : GY_EXIT_OK;
    if (rc)
        fprintf(stderr, _("guiyan: %s: %u of %zu outputs do not match manifest.json\n"), dir,
                problems->len, n);
    else
        fprintf(stderr, _("guiyan: %s: all %zu outputs match manifest.json\n"), dir, n);
    g_ptr_array_free(problems, TRUE);
    return rc;
}

enum { O_MAX = 256, O_COLUMNS, O_OUTPUTS, O_TARGETS };

typedef struct check_opts {
    gy_check_cfg cfg;
    const char *outputs;
} check_opts;

static int check_opt(int c, const char *arg, void *user)
{
    check_opts *o = user;
    switch (c) {
    case O_COLUMNS: o->cfg.columns = true; return GY_EXIT_OK;
    case O_MAX: {
        char *end;
        if (strcmp(arg, "all") == 0) {
            o->cfg.max = (unsigned long)-1;
            return GY_EXIT_OK;
        }
        o->cfg.max = strtoul(arg, &end, 10);
        if (*end || !*arg)
            return gy_usage_error("check", _("--max takes a number or all, not '%s'"), arg);
        return GY_EXIT_OK;
    }
    case O_OUTPUTS: o->outputs = arg; return GY_EXIT_OK;
    case O_TARGETS: o->cfg.targets = arg; return GY_EXIT_OK;
    default: return GY_EXIT_USAGE;
    }
}

int gy_cmd_check(int argc, char **argv)
{
    static const struct option own[] = {
        { "max", required_argument, NULL, O_MAX }, { "columns", no_argument, NULL, O_COLUMNS },
        { "outputs", required_argument, NULL, O_OUTPUTS },
        { "targets", required_argument, NULL, O_TARGETS }, { NULL, 0, NULL, 0 },
    };
    check_opts o = { .cfg = { .common = { .outdir = NULL, .check_only = true }, .max = 20 } };
    const gy_face_cmd cmd = { "check", ":o:qh", own, true, usage, check_opt, &o, NULL };
    int rc = gy_face_options(&cmd, argc, argv, &o.cfg.common);
    if (rc >= 0)
        return rc;
    if (o.outputs)
        return optind < argc ? gy_usage_error("check", _("--outputs takes no input files"))
                             : check_outputs(o.outputs);
    if (optind >= argc && !o.cfg.targets)
        return gy_usage_error("check", _("no input files"));
    o.cfg.files = (const char *const *)argv + optind;
    o.cfg.n_files = (size_t)(argc - optind);
    gy_face f;
    gy_face_begin(&f, &o.cfg.common, o.cfg.files, o.cfg.n_files);
    GError *err = NULL;
    bool ok = gy_run_check(&o.cfg, &f.rp, &err);
    return gy_face_end(&f, ok, err);
}
