/* cmd_check.c — `guiyan check`: read and validate; print the accounting, the first rejects
 * and (--columns) how each header was read; with -o, rejects.csv and manifest.json. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "guiyan/face.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/report.h"

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan check [OPTION]... FILE...\n"
            "Read and validate exports: print how many rows were accepted, duplicate or\n"
            "rejected, and the first rejected rows with their reasons. Writes nothing\n"
            "unless -o DIR is given.\n"
            "\n"
            "      --max N|all        show at most N rejected rows (default 20), or all\n"
            "      --columns          print each file's header → field mapping and the\n"
            "                         columns it ignores\n"
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

/* --columns: each input's header → field, and the columns not read. */
static void print_columns(const gy_ledger *lg, const gy_aliases *al)
{
    for (size_t i = 0; i < gy_ledger_n_inputs(lg); i++) {
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, (uint32_t)i);
        if (!in->mapping)
            continue;
        printf(_("%s: header on line %lu, read by %s:\n"), in->name, in->header_line,
               in->reader);
        GString *ignored = g_string_new(NULL);
        for (size_t c = 0; in->mapping[2 * c]; c++) {
            const char *h = in->mapping[2 * c], *f = in->mapping[2 * c + 1];
            if (*f)
                printf("  %s → %s (%s)\n", h, gy_aliases_label(al, "records", f), f);
            else if (*h)
                g_string_append_printf(ignored, "%s%s", ignored->len ? ", " : "", h);
        }
        if (ignored->len)
            printf(_("  ignored: %s\n"), ignored->str);
        g_string_free(ignored, TRUE);
    }
}

int gy_cmd_check(int argc, char **argv)
{
    enum { O_MAX = 256, O_COLUMNS, O_OUTPUTS };
    static const struct option longopts[] = {
        GY_COMMON_LONGOPTS, GY_ORDER_LONGOPT, { "max", required_argument, NULL, O_MAX },
        { "columns", no_argument, NULL, O_COLUMNS },
        { "outputs", required_argument, NULL, O_OUTPUTS }, { NULL, 0, NULL, 0 },
    };
    const char *outputs = NULL;
    gy_common co = { .outdir = NULL, .check_only = true };
    unsigned long max = 20;
    bool columns = false;
    int c, rc = 0;
    optind = 1;
    opterr = 0;   /* one message per usage error: gy_option_error */
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        if (gy_common_opt(&co, c, optarg, &rc, "check")) {
            if (rc)
                return rc;
            continue;
        }
        switch (c) {
        case 'h': usage(stdout); return GY_EXIT_OK;
        case O_COLUMNS: columns = true; break;
        case O_MAX: {
            char *end;
            if (strcmp(optarg, "all") == 0) {
                max = (unsigned long)-1;
                break;
            }
            max = strtoul(optarg, &end, 10);
            if (*end || !*optarg)
                return gy_usage_error("check", _("--max takes a number or all, not '%s'"),
                                      optarg);
            break;
        }
        case O_OUTPUTS: outputs = optarg; break;
        default: return gy_option_error("check", c, argv);
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
    static const char *const names[] = { "rejects.csv", "manifest.json", NULL };
    if (co.outdir) {
        char **inputs = g_new0(char *, n + 1);
        for (size_t i = 0; i < n; i++)
            inputs[i] = (char *)files[i];
        rc = gy_session_outputs((const char *const *)inputs, co.outdir, names, NULL, NULL);
        g_free(inputs);
        if (rc) {
            gy_session_close(&ss);
            return rc;
        }
    }
    GError *err = NULL;
    gy_cube *cube = gy_session_cube_new(&ss);
    gy_ledger *lg = gy_ledger_new();
    gy_load_opts lo = gy_session_load_opts(&ss, &co);
    gy_session_measure(&ss, files, n);
    gy_error e = gy_load_check_headers(files, n, ss.al, co.encoding, co.sheet, &err);
    if (e == GY_OK)
        e = gy_load(files, n, ss.al, ss.rg, &lo, cube, lg, &err);
    if (e == GY_OK)
        gy_ledger_sort(lg);
    if (e == GY_OK && co.outdir) {
        char *p_rej = g_build_filename(co.outdir, "rejects.csv", NULL);
        char *p_man = g_build_filename(co.outdir, "manifest.json", NULL);
        const gy_kv opts[] = {
            { "region", gy_region_label(ss.rg) }, { "region_code", gy_region_scope_code(ss.rg) },
            { "encoding", gy_encoding_name(co.encoding) },
            { "strict", co.strict ? "true" : "false" }, { "sheet", co.sheet ? co.sheet : "" },
        };
        const char *outs[] = { "rejects.csv", "manifest.json" };
        e = gy_output_mkdir(co.outdir, &err);
        if (e == GY_OK)
            e = gy_ledger_write_rejects(lg, p_rej, &err);
        if (e == GY_OK)
            e = gy_manifest_write(p_man, lg, "check", opts, G_N_ELEMENTS(opts), outs, 2, &err);
        if (e == GY_OK)
            e = gy_output_publish(&err);
        g_free(p_rej);
        g_free(p_man);
    }
    if (e != GY_OK) {
        rc = gy_fail(err);
    } else {
        if (columns)
            print_columns(lg, ss.al);
        gy_print_rejects_to(lg, max, co.outdir);
        gy_print_updates(lg, ss.rg, co.unmask, max);
        gy_print_accounting(lg);
        gy_print_unmatched(ss.rg, 20);
        if (co.outdir && !co.quiet)
            for (size_t i = 0; names[i]; i++)
                fprintf(stderr, _("guiyan: wrote %s/%s\n"), co.outdir, names[i]);
        rc = co.strict && gy_ledger_rejected(lg) ? GY_EXIT_REJECTS : GY_EXIT_OK;
    }
    gy_ledger_free(lg);
    gy_cube_free(cube);
    gy_session_close(&ss);
    return rc;
}
