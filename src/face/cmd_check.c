/* cmd_check.c — `guiyan check`: read and validate only; print the accounting and first rejects. */
#include <getopt.h>
#include <stdio.h>

#include "guiyan/face.h"
#include "guiyan/i18n.h"

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
}

int gy_cmd_check(int argc, char **argv)
{
    enum { O_MAX = 256 };
    static const struct option longopts[] = {
        GY_COMMON_LONGOPTS, { "max", required_argument, NULL, O_MAX }, { NULL, 0, NULL, 0 },
    };
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
        default: return gy_usage_error("check", _("unknown option"));
        }
    }
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
    gy_error e = gy_load_check_headers(files, n, ss.al, co.encoding, co.sheet, &err);
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
