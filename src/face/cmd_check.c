/* cmd_check.c — `guiyan check`: read and validate only; print the accounting and first rejects. */
#include <getopt.h>
#include <stdio.h>

#include "guiyan/face.h"
#include "guiyan/i18n.h"
#include "guiyan/report.h"

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan check [OPTION]... FILE...\n"
            "Read and validate exports without writing anything: print how many rows were\n"
            "accepted, duplicate or rejected, and the first rejected rows with their reasons.\n"
            "\n"
            "      --max N            show at most N rejected rows (default 20)\n"
            "      --region SCOPE     region code or name (511100, 乐山市); default from config\n"
            "      --config FILE      configuration (default report_templates/guiyan.ini)\n"
            "      --templates DIR    report templates folder\n"
            "      --encoding ENC     auto (default), utf-8 or gb18030\n"
            "      --strict           exit 1 when any row was rejected\n"
            "      --unmask           show rejected ID numbers in full (default: masked)\n"
            "  -q, --quiet            no progress display\n"
            "  -h, --help             show this help\n"
            "\n"
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

int gy_cmd_check(int argc, char **argv)
{
    enum { O_MAX = 256, O_OUTPUTS };
    static const struct option longopts[] = {
        GY_COMMON_LONGOPTS, { "max", required_argument, NULL, O_MAX },
        { "outputs", required_argument, NULL, O_OUTPUTS }, { NULL, 0, NULL, 0 },
    };
    const char *outputs = NULL;
    gy_common co = { .outdir = "out" };
    unsigned long max = 20;
    int c, rc = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        if (c != 'o' && gy_common_opt(&co, c, optarg, &rc, "check")) {
            if (rc)
                return rc;
            continue;
        }
        switch (c) {
        case 'h': usage(stdout); return GY_EXIT_OK;
        case O_MAX: {
            char *end;
            max = strtoul(optarg, &end, 10);
            if (*end || !*optarg)
                return gy_usage_error("check", _("--max takes a number, not '%s'"), optarg);
            break;
        }
        case O_OUTPUTS: outputs = optarg; break;
        default: return gy_usage_error("check", _("unknown option"));
        }
    }
    if (outputs)
        return optind < argc ? gy_usage_error("check", _("--outputs takes no input files"))
                             : check_outputs(outputs);
    if (optind >= argc)
        return gy_usage_error("check", _("no input files"));
    const char *const *files = (const char *const *)argv + optind;
    size_t n = (size_t)(argc - optind);
    gy_session ss;
    if ((rc = gy_session_open(&ss, &co)) != 0)
        return rc;
    GError *err = NULL;
    gy_cube *cube = gy_cube_new(ss.rg);
    gy_ledger *lg = gy_ledger_new();
    gy_load_opts lo = gy_session_load_opts(&ss, &co);
    gy_session_measure(&ss, files, n);
    gy_error e = gy_load_check_headers(files, n, ss.al, co.encoding, &err);
    if (e == GY_OK)
        e = gy_load(files, n, ss.al, ss.rg, &lo, cube, lg, &err);
    if (e != GY_OK) {
        rc = gy_fail(err);
    } else {
        gy_ledger_sort(lg);
        gy_print_rejects(lg, max);
        gy_print_accounting(lg);
        rc = co.strict && gy_ledger_rejected(lg) ? GY_EXIT_REJECTS : GY_EXIT_OK;
    }
    gy_ledger_free(lg);
    gy_cube_free(cube);
    gy_session_close(&ss);
    return rc;
}
