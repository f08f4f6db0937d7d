/* cmd_stars.c — `guiyan stars`: counts, rosters and the reply paragraph of the 返乡创业明星 and
 * 明星企业 awards, with every roster row accounted. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guiyan/face.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/kinds.h"
#include "guiyan/output.h"
#include "guiyan/report.h"
#include "guiyan/stars.h"

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

static bool person_known(uint64_t person, void *user)
{
    return g_hash_table_contains(user, &person);
}

static void collect_person(const gy_record *r, void *user)
{
    uint64_t *k = g_new(uint64_t, 1);
    *k = r->person;
    g_hash_table_add(user, k);
}

/* Load the startup records and look every winner up. */
static int check_records(gy_session *ss, const gy_common *co, GPtrArray *records, gy_roster *ro,
                         size_t *missing, gy_day *last)
{
    GError *err = NULL;
    const char *const *files = (const char *const *)records->pdata;
    size_t n = records->len;
    gy_cube *cube = gy_cube_new(ss->rg);
    gy_ledger *lg = gy_ledger_new();
    gy_load_opts lo = gy_session_load_opts(ss, co);
    gy_session_measure(ss, files, n);
    gy_error e = gy_load_check_headers(files, n, ss->al, co->encoding, co->sheet, &err);
    if (e == GY_OK)
        e = gy_load(files, n, ss->al, ss->rg, &lo, cube, lg, &err);
    int rc = 0;
    if (e != GY_OK) {
        g_prefix_error(&err, "--records: ");
        rc = gy_fail(err);
    } else {
        GHashTable *persons = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
        gy_cube_each(cube, GY_IND_STARTUPS, GY_ALL, 1, G_MAXINT32, collect_person, persons);
        *missing = gy_roster_check_records(ro, person_known, persons);
        *last = gy_cube_last_day(cube);
        g_hash_table_destroy(persons);
        if (!co->quiet) {
            unsigned long r, a, d, j;
            gy_ledger_totals(lg, &r, &a, &d, &j);
            fprintf(stderr, _("guiyan: records: %zu files, %lu rows read: %lu accepted, "
                              "%lu duplicate, %lu rejected"), n, r, a, d, j);
            gy_print_skipped(gy_ledger_skipped(lg));
            gy_print_unmatched(ss->rg, 20);
        }
    }
    gy_ledger_free(lg);
    gy_cube_free(cube);
    return rc;
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

/* The run's cut-off: the last day of the --records (records_last), else the end of the latest
 * award year; GY_NO_DAY when there is no award. */
static gy_day stars_cutoff(const gy_star_counts *counts, gy_day records_last)
{
    if (records_last != GY_NO_DAY)
        return records_last;
    int year = 0;
    for (size_t i = 0; i < counts->n_years; i++)
        year = MAX(year, counts->years[i]);
    return year ? gy_day_from_ymd(year, 12, 31) : GY_NO_DAY;
}

/* Tell the operator what to look at: duplicates, winners not in the records, notes. */
static void print_issues(const gy_roster *ro, const gy_ledger *lg, bool quiet, size_t max)
{
    size_t shown = 0, n = gy_roster_n_issues(ro);
    for (size_t i = 0; i < n; i++) {
        const gy_star_issue *is = gy_roster_get_issue(ro, i);
        if (is->kind == GY_ISSUE_REJECTED || quiet)
            continue;
        if (shown++ == max) {
            fprintf(stderr, _("guiyan: ... and more (see the 问题 sheet of stars.xlsx)\n"));
            break;
        }
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, is->file);
        const char *file = in ? in->name : "";
        if (is->kind == GY_ISSUE_DUPLICATE) {
            fprintf(stderr, _("guiyan: warning: %s:%lu: %s is listed twice for the same level, "
                              "category and year: counted once\n"), file, is->line, is->name);
        } else if (is->kind == GY_ISSUE_NOT_IN_RECORDS) {
            char masked[19] = "";
            if (strlen(is->value) == 18)
                gy_id_mask(is->value, masked);
            fprintf(stderr, _("guiyan: warning: %s:%lu: %s (%s) is not in the startup records\n"),
                    file, is->line, is->name, masked);
        } else {
            fprintf(stderr, _("guiyan: note: %s:%lu: %s: %s\n"), file, is->line, is->name,
                    is->text);
        }
    }
}

int gy_cmd_stars(int argc, char **argv)
{
    enum { O_ORDER = 256, O_DATE };
    static const struct option longopts[] = {
        GY_COMMON_LONGOPTS,
        { "order", required_argument, NULL, O_ORDER },
        { "date", required_argument, NULL, O_DATE },
        { NULL, 0, NULL, 0 },
    };
    gy_common co = { .outdir = "out" };
    gy_name_order order = GY_ORDER_STROKES;
    const char *order_s = "stroke", *date_s = NULL;
    int c, rc = 0;
    GPtrArray *records = g_ptr_array_new();
    argc = split_records(argc, argv, records);
    optind = 1;
    opterr = 0;   /* one message per usage error: gy_option_error */
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        if (gy_common_opt(&co, c, optarg, &rc, "stars")) {
            if (rc)
                goto early;
            continue;
        }
        switch (c) {
        case 'h':
            usage(stdout);
            rc = GY_EXIT_OK;
            goto early;
        case O_ORDER:
            order_s = optarg;
            if (!gy_name_order_parse(optarg, &order)) {
                rc = gy_usage_error("stars", _("--order takes stroke or pinyin, not '%s'"),
                                    optarg);
                goto early;
            }
            break;
        case O_DATE: date_s = optarg; break;
        default:
            rc = gy_option_error("stars", c, argv);
            goto early;
        }
    }
    gy_day made_on;
    if (!made_on_day(date_s, &made_on)) {
        rc = date_s ? gy_usage_error("stars", _("--date: '%s' is not a date"), date_s)
                    : gy_usage_error("stars", _("SOURCE_DATE_EPOCH is not a number of seconds"));
        goto early;
    }
    if (optind >= argc) {
        rc = gy_usage_error("stars", records->len
                                         ? _("no roster files (put them before --records, or "
                                             "after --)")
                                         : _("no roster files"));
        goto early;
    }
    const char *const *files = (const char *const *)argv + optind;
    size_t n = (size_t)(argc - optind);

    gy_session ss;
    if ((rc = gy_session_open(&ss, &co)) != 0)
        goto early;
    /* stars.pdf is drawn with Chinese fonts: no font, no reading */
    char *preflight = NULL;
    if ((rc = gy_session_fonts(&ss, &preflight)) != 0) {
        gy_session_close(&ss);
        goto early;
    }
    g_free(preflight);
    GError *err = NULL;
    gy_ledger *lg = gy_ledger_new();
    gy_roster *ro = gy_roster_new(files, n);
    gy_strokes *sk = NULL;
    gy_star_counts *counts = NULL;
    char *tmpl = NULL, *text = NULL, *font_warning = NULL;
    gy_style *style = NULL;
    gy_chart_style *cstyle = NULL;
    GString *csv = NULL;
    size_t missing = 0;
    gy_error e = GY_OK;
    static const char *const outs[] = { "stars.csv", "stars.txt", "stars.xlsx", "stars.pdf",
                                        "rejects.csv", "manifest.json" };
    char *paths[G_N_ELEMENTS(outs)];
    for (size_t i = 0; i < G_N_ELEMENTS(outs); i++)
        paths[i] = g_build_filename(co.outdir, outs[i], NULL);

    /* a run that cannot write, or would overwrite its input, stops before reading */
    for (guint i = 0; i < records->len; i++)
        gy_output_protect(g_ptr_array_index(records, i));
    const char *names[G_N_ELEMENTS(outs) + 1] = { NULL };
    memcpy(names, outs, sizeof outs);
    if ((rc = gy_session_outputs(files, co.outdir, names, NULL, NULL)) != 0)
        goto done;

    /* templates first, and every roster's header: a run stops before writing anything */
    char *p = gy_config_file(ss.cf, "strokes.tsv");
    sk = gy_strokes_load(p, &err);
    g_free(p);
    if (!sk)
        goto fail;
    p = gy_config_file(ss.cf, "stars_paragraph.txt");
    if (!g_file_get_contents(p, &tmpl, NULL, NULL)) {
        g_set_error(&err, GY_ERROR, GY_E_TEMPLATE, _("%s: cannot read the paragraph template"), p);
        g_free(p);
        goto fail;
    }
    g_free(p);
    p = gy_config_file(ss.cf, "style.ini");
    style = gy_style_load(p, &err);
    g_free(p);
    if (!style)
        goto fail;
    p = gy_config_file(ss.cf, "charts.ini");
    cstyle = gy_chart_style_load(p, &err);
    g_free(p);
    if (!cstyle)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (gy_reader_once_only(files[i]))
            continue;
        gy_star_layout ly;
        gy_reader *rd = gy_roster_open(files[i], co.encoding, ss.al, &ly, &err);
        gy_star_layout_clear(&ly);
        if (!rd)
            goto fail;
        gy_reader_free(rd);
    }

    for (size_t i = 0; i < n; i++)
        gy_ledger_add_input(lg, files[i]);
    for (size_t i = 0; i < n; i++)
        if ((e = gy_roster_read(files[i], (uint32_t)i, co.encoding, co.unmask, ss.al, ss.rg, ro, lg, &err))
            != GY_OK)
            goto fail;
    gy_day records_last = GY_NO_DAY;
    if (records->len && (rc = check_records(&ss, &co, records, ro, &missing, &records_last)) != 0)
        goto done;
    gy_roster_check_names(ro, sk);
    gy_roster_sort_issues(ro);
    counts = gy_roster_counts(ro, gy_region_count(ss.rg));
    if (!date_s && stars_cutoff(counts, records_last) != GY_NO_DAY)
        made_on = stars_cutoff(counts, records_last);

    char *record_names = NULL;
    {
        GString *rn = g_string_new(NULL);
        for (guint i = 0; i < records->len; i++) {
            char *b = g_path_get_basename(g_ptr_array_index(records, i));
            g_string_append_printf(rn, "%s%s", i ? ";" : "", b);
            g_free(b);
        }
        record_names = g_string_free(rn, FALSE);
    }
    const char *settings[] = {
        "统计地区", gy_region_label(ss.rg),
        "名单排序", order == GY_ORDER_PINYIN ? "姓名拼音" : "姓氏笔画",
        "身份证号码", co.unmask ? "完整显示" : "隐去中间8位",
        "核对台账", records->len ? record_names : "未提供（未核对获评人员是否在创业人员台账中）",
        "编码", co.encoding == GY_ENC_AUTO ? "自动识别" : gy_encoding_name(co.encoding),
        NULL,
    };
    gy_stars_doc doc = {
        .roster = ro, .counts = counts, .rg = ss.rg, .sk = sk, .order = order, .unmask = co.unmask,
        .region_label = gy_region_label(ss.rg), .filler = ss.cf->org, .paragraph = tmpl,
        .made_on = made_on, .ledger = lg, .settings = settings, .style = style,
        .chart_style = cstyle,
    };
    text = gy_stars_text(&doc, &err);
    if (!text) {
        g_prefix_error(&err, "stars_paragraph.txt: ");
        g_free(record_names);
        goto fail;
    }
    if ((e = gy_output_mkdir(co.outdir, &err)) != GY_OK) {
        g_free(record_names);
        goto fail;
    }
    csv = g_string_new(NULL);
    gy_stars_csv(csv, counts, ss.rg);
    e = gy_output_write(paths[0], csv->str, csv->len, &err);
    if (e == GY_OK)
        e = gy_output_write(paths[1], text, strlen(text), &err);
    if (e == GY_OK)
        e = gy_stars_write_workbook(paths[2], &doc, &err);
    if (e == GY_OK)
        e = gy_stars_write_pdf(paths[3], &doc, &font_warning, &err);
    gy_ledger_sort(lg);
    if (e == GY_OK)
        e = gy_ledger_write_rejects(lg, paths[4], &err);
    const gy_kv opts[] = {
        { "order", order_s }, { "unmask", co.unmask ? "true" : "false" },
        { "records", record_names }, { "date", date_s ? date_s : "" },
        { "region", gy_region_label(ss.rg) }, { "region_code", gy_region_scope_code(ss.rg) },
        { "encoding", gy_encoding_name(co.encoding) }, { "strict", co.strict ? "true" : "false" },
    };
    if (e == GY_OK)
        e = gy_manifest_write(paths[5], lg, "stars", opts, G_N_ELEMENTS(opts), outs,
                              G_N_ELEMENTS(outs), &err);
    if (e == GY_OK)
        e = gy_output_publish(&err);
    g_free(record_names);
    if (e != GY_OK)
        goto fail;
    if (font_warning && !co.quiet)
        fprintf(stderr, "guiyan: %s\n", font_warning);
    gy_print_accounting(lg);
    gy_print_rejects(lg, 10);
    print_issues(ro, lg, co.quiet, 20);
    if (counts->n_years == 0)
        fprintf(stderr, _("guiyan: warning: no award was accepted: the counts are empty\n"));
    if (missing && !co.quiet)
        fprintf(stderr, _("guiyan: warning: awards to people not in the startup records: %zu\n"),
                missing);
    if (!co.quiet) {
        fputs(text, stderr);
        for (size_t i = 0; i < G_N_ELEMENTS(outs); i++)
            fprintf(stderr, _("guiyan: wrote %s/%s\n"), co.outdir, outs[i]);
    }
    rc = co.strict && gy_ledger_rejected(lg) ? GY_EXIT_REJECTS : GY_EXIT_OK;
    goto done;
fail:
    rc = gy_fail(err);
done:
    for (size_t i = 0; i < G_N_ELEMENTS(outs); i++)
        g_free(paths[i]);
    if (csv)
        g_string_free(csv, TRUE);
    g_free(text);
    g_free(tmpl);
    g_free(font_warning);
    gy_style_free(style);
    gy_chart_style_free(cstyle);
    gy_star_counts_free(counts);
    gy_strokes_free(sk);
    gy_roster_free(ro);
    gy_ledger_free(lg);
    gy_session_close(&ss);
early:
    g_ptr_array_free(records, TRUE);
    return rc;
}
