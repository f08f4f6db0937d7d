/* cmd_reply.c — `guiyan reply`: fill an official reply draft from a template and the records,
 * with the provenance of every figure on request. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/decl_run.h"
#include "guiyan/explain.h"
#include "guiyan/face.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/indicator.h"
#include "guiyan/letter.h"
#include "guiyan/output.h"
#include "guiyan/report.h"
#include "guiyan/template.h"


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
    fputs(_("      --kind KIND        read every FILE as this list: training, survey, projects,\n"
            "                         mentors, services, stars or startup (default: each\n"
            "                         file's header tells; kinds.ini)\n"), fp);
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

/* The as-of day when --as-of is not given: SOURCE_DATE_EPOCH (reproducible builds), else today. */
static gy_day default_as_of(void)
{
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    GDateTime *dt = NULL;
    if (sde && *sde) {
        char *end;
        gint64 secs = g_ascii_strtoll(sde, &end, 10);
        if (*end == '\0')
            dt = g_date_time_new_from_unix_utc(secs);
    }
    if (!dt)
        dt = g_date_time_new_now_local();
    gy_day d = gy_day_from_ymd(g_date_time_get_year(dt), g_date_time_get_month(dt),
                               g_date_time_get_day_of_month(dt));
    g_date_time_unref(dt);
    return d;
}

/* -t NAME: as given, or <templates>/NAME when NAME has no folder and is not here. */
static char *template_path(const gy_session *ss, const char *name)
{
    if (g_file_test(name, G_FILE_TEST_EXISTS) || strchr(name, G_DIR_SEPARATOR))
        return g_strdup(name);
    char *p = gy_config_file(ss->cf, name);
    if (g_file_test(p, G_FILE_TEST_EXISTS))
        return p;
    g_free(p);
    return g_strdup(name);
}

/* reply.docx (from <templates>/reply_template.docx) and reply.pdf (GB/T 9704). */
static gy_error write_letters(const gy_common *co, const gy_session *ss, const gy_draft *d,
                              GPtrArray *outs, GError **err)
{
    char *tdocx = gy_config_file(ss->cf, "reply_template.docx");
    char *p_docx = g_build_filename(co->outdir, "reply.docx", NULL);
    char *p_pdf = g_build_filename(co->outdir, "reply.pdf", NULL);
    gy_error e = gy_letter_write_docx(d, tdocx, p_docx, err);
    if (e == GY_OK) {
        g_ptr_array_add(outs, "reply.docx");
        char *fonts = gy_letter_font_report(NULL);
        if (*fonts && !co->quiet) {
            char **lines = g_strsplit(fonts, "\n", -1);
            for (char **l = lines; *l; l++)
                if (**l)
                    fprintf(stderr, _("guiyan: warning: %s\n"), *l);
            g_strfreev(lines);
        }
        g_free(fonts);
        e = gy_letter_write_pdf(d, NULL, p_pdf, err);
    }
    if (e == GY_OK)
        g_ptr_array_add(outs, "reply.pdf");
    g_free(tdocx);
    g_free(p_docx);
    g_free(p_pdf);
    return e;
}

/* The coverage in explain.csv's 说明: from which day a figure counted since records began
 * counts, and a marked note on each figure written although no record covers it. */
static void explain_coverage(gy_explain *x, const gy_tpl *tpl, const gy_cover *cover)
{
    for (size_t i = 0; i < gy_tpl_n_figures(tpl); i++) {
        const gy_figure *f = gy_tpl_figure(tpl, i);
        if (f->ind == GY_IND__COUNT)
            continue;   /* a declared list's figure: its coverage is not the ledger's */
        const gy_cover *cv = &cover[gy_cover_kind_of(f->ind)];
        if (f->from == GY_NO_DAY && gy_cover_any(cv)) {
            char *d = gy_tpl_date_zh(cv->first);
            char *n = g_strdup_printf("记录自%s起", d);
            gy_explain_note(x, i, n);
            g_free(n);
            g_free(d);
        }
        bool base = f->has_base && !gy_cover_period(cv, f->base_from, f->base_to);
        if (!gy_cover_period(cv, f->from, f->to) || base) {
            char *t = gy_cover_text_zh(cv);
            char *n = g_strdup_printf("【未覆盖】%s没有记录覆盖（%s：%s），按 --allow-uncovered 照写",
                                      base ? f->base_label : f->period_label,
                                      gy_cover_kind_of(f->ind) == GY_COVER_LOAN ? "贷款发放日期覆盖"
                                                                                : "创业时间覆盖", t);
            gy_explain_note(x, i, n);
            g_free(n);
            g_free(t);
        }
    }
}

/* The records of the other lists behind the declared figures, into explain.csv's listing. */
typedef struct explain_add {
    gy_explain *x;
    size_t i;
    bool base;
} explain_add;

static void explain_rec(const char *file, unsigned long line, uint64_t person, uint32_t county,
                        void *user)
{
    explain_add *a = user;
    gy_explain_add_record(a->x, a->i, a->base, file, line, person, county);
}

static void explain_lists(gy_explain *x, const gy_tpl *tpl, gy_decl_run *dr)
{
    for (size_t i = 0; i < gy_tpl_n_figures(tpl); i++) {
        const gy_figure *f = gy_tpl_figure(tpl, i);
        if (f->ind != GY_IND__COUNT || f->missing)
            continue;
        explain_add a = { x, i, false };
        gy_decl_run_each(dr, f->indicator, f->county, f->from, f->to, explain_rec, &a);
        if (f->has_base) {
            a.base = true;
            gy_decl_run_each(dr, f->indicator, f->base_county, f->base_from, f->base_to,
                             explain_rec, &a);
        }
    }
}

static int write_outputs(const gy_common *co, const gy_session *ss, gy_tpl *tpl,
                         const gy_draft *d, const gy_cube *cube, const gy_ledger *lg,
                         gy_decl_run *dr, gy_day as_of, bool explain, const gy_kv *opts,
                         size_t n_opts)
{
    GError *err = NULL;
    GPtrArray *outs = g_ptr_array_new();
    char *p_txt = g_build_filename(co->outdir, "reply.txt", NULL);
    char *p_man = g_build_filename(co->outdir, "manifest.json", NULL);
    char *p_xf = g_build_filename(co->outdir, "explain.csv", NULL);
    char *p_xr = g_build_filename(co->outdir, "explain_records.csv", NULL);
    char *p_xx = g_build_filename(co->outdir, "explain.xlsx", NULL);
    char *text = gy_draft_text(d);
    gy_explain *x = NULL;
    gy_error e = gy_output_mkdir(co->outdir, &err);
    if (e == GY_OK)
        e = gy_output_write(p_txt, text, strlen(text), &err);
    if (e == GY_OK)
        g_ptr_array_add(outs, "reply.txt");
    if (e == GY_OK)
        e = write_letters(co, ss, d, outs, &err);
    if (e == GY_OK && explain) {
        size_t n = gy_ledger_n_inputs(lg);
        const char **names = g_new0(const char *, n + 1);
        for (size_t i = 0; i < n; i++)
            names[i] = gy_ledger_input((gy_ledger *)lg, (uint32_t)i)->name;
        x = gy_explain_new(tpl, cube, names, n);
        g_free(names);
        gy_cover cover[GY_COVER__KINDS];
        gy_ledger_coverage(lg, cover);
        explain_coverage(x, tpl, cover);
        explain_lists(x, tpl, dr);
        e = gy_explain_write_csv(x, p_xf, p_xr, &err);
        gy_style *st = NULL;
        if (e == GY_OK) {
            char *p = gy_config_file(ss->cf, "style.ini");
            st = gy_style_load(p, &err);
            g_free(p);
            e = st ? GY_OK : GY_E_CONFIG;
        }
        if (e == GY_OK) {
            gy_explain_book xb = { ss->cf->org, as_of, st };
            e = gy_explain_write_xlsx(x, p_xx, &xb, &err);
        }
        gy_style_free(st);
        if (e == GY_OK) {
            g_ptr_array_add(outs, "explain.csv");
            g_ptr_array_add(outs, "explain_records.csv");
            g_ptr_array_add(outs, "explain.xlsx");
        }
    }
    g_ptr_array_add(outs, "manifest.json");
    if (e == GY_OK)
        e = gy_manifest_write(p_man, lg, "reply", opts, n_opts, (const char *const *)outs->pdata,
                              outs->len, &err);
    if (e == GY_OK)
        e = gy_output_publish(&err);
    int rc = GY_EXIT_OK;
    if (e != GY_OK)
        rc = gy_fail(err);
    else if (!co->quiet)
        for (guint i = 0; i < outs->len; i++)
            fprintf(stderr, _("guiyan: wrote %s/%s\n"), co->outdir,
                    (const char *)g_ptr_array_index(outs, i));
    gy_explain_free(x);
    g_free(text);
    g_free(p_txt);
    g_free(p_man);
    g_free(p_xf);
    g_free(p_xr);
    g_free(p_xx);
    g_ptr_array_free(outs, TRUE);
    return rc;
}

static const char *kind_name(int kind)
{
    return kind == GY_COVER_LOAN ? _("loan dates") : _("start dates");
}

/* --as-of and --year when not given: the last day the records cover, and the last calendar
 * year they cover whole (never the machine's date). Non-zero: there is none, said. */
static int covered_dates(const gy_cover *cover, bool as_of_given, bool year_given, gy_day *as_of,
                         int *year)
{
    char a[11], b[11];
    gy_day_format(cover[GY_COVER_START].first, a);
    gy_day_format(cover[GY_COVER_START].last, b);
    if (!as_of_given) {
        *as_of = gy_cover_last_day(cover);
        if (*as_of == GY_NO_DAY) {
            fputs(_("guiyan: reply: no records, so no date to count to: give --as-of\n"), stderr);
            return GY_EXIT_REJECTS;
        }
    }
    if (!year_given) {
        int y, m, d;
        gy_day_to_ymd(*as_of, &y, &m, &d);
        *year = gy_cover_whole_year(&cover[GY_COVER_START], y);
        if (!*year) {
            fprintf(stderr, _("guiyan: reply: the records cover no calendar year whole (start dates "
                              "cover %s to %s): give --year\n"), a, b);
            return GY_EXIT_REJECTS;
        }
    }
    return GY_EXIT_OK;
}

/* Each figure whose period (or base period) the records do not cover, said on standard error:
 * an error, or with --allow-uncovered a warning. Returns how many. */
static size_t uncovered_figures(const gy_tpl *tpl, const gy_cover *cover,
                                const gy_decl_run *dr, bool allow)
{
    size_t n = 0;
    for (size_t i = 0; i < gy_tpl_n_figures(tpl); i++) {
        const gy_figure *f = gy_tpl_figure(tpl, i);
        const char *kind;
        if (f->ind == GY_IND__COUNT && !gy_decl_run_has_records(dr, f->indicator, &kind)) {
            /* no list of its kind was given: the draft says so where the figure goes */
            fprintf(stderr, _("guiyan: warning: %s:%u:%u: %s: no %s among the inputs: written "
                              "as 【未提供%s】\n"),
                    gy_tpl_origin(tpl), f->line, f->col, f->source, kind, kind);
            continue;
        }
        if (f->ind == GY_IND__COUNT)
            continue;
        int k = gy_cover_kind_of(f->ind);
        bool base = f->has_base && !gy_cover_period(&cover[k], f->base_from, f->base_to);
        if (gy_cover_period(&cover[k], f->from, f->to) && !base)
            continue;
        char a[11], b[11];
        gy_day_format(cover[k].first, a);
        gy_day_format(cover[k].last, b);
        const char *label = base ? f->base_label : f->period_label;
        if (!gy_cover_any(&cover[k]))
            a[0] = b[0] = '\0';
        fprintf(stderr, allow ? _("guiyan: warning: %s:%u:%u: %s: %s is not covered by the "
                                  "records (%s cover %s to %s): written as asked\n")
                              : _("guiyan: %s:%u:%u: %s: %s is not covered by the records (%s "
                                  "cover %s to %s)\n"),
                gy_tpl_origin(tpl), f->line, f->col, f->source, label, kind_name(k), a, b);
        n++;
    }
    if (n && !allow)
        fprintf(stderr, _("guiyan: reply: %zu figures would count periods without records as "
                          "0: nothing written (--allow-uncovered writes them anyway)\n"), n);
    return n;
}

int gy_cmd_reply(int argc, char **argv)
{
    enum { O_YEAR = 256, O_ASOF, O_EXPLAIN, O_ALLOW_UNCOVERED, O_KIND };
    static const struct option longopts[] = {
        GY_COMMON_LONGOPTS, GY_ORDER_LONGOPT,
        { "template", required_argument, NULL, 't' }, { "year", required_argument, NULL, O_YEAR },
        { "as-of", required_argument, NULL, O_ASOF }, { "explain", no_argument, NULL, O_EXPLAIN },
        { "allow-uncovered", no_argument, NULL, O_ALLOW_UNCOVERED },
        { "kind", required_argument, NULL, O_KIND },
        { NULL, 0, NULL, 0 },
    };
    gy_common co = { .outdir = "out" };
    const char *tname = NULL, *kind = NULL;
    int year = 0, c, rc = 0;
    gy_day as_of = GY_NO_DAY;
    bool explain = false, allow_uncovered = false;
    optind = 1;
    opterr = 0;   /* one message per usage error: gy_option_error */
    while ((c = getopt_long(argc, argv, ":o:t:qh", longopts, NULL)) != -1) {
        if (gy_common_opt(&co, c, optarg, &rc, "reply")) {
            if (rc)
                return rc;
            continue;
        }
        switch (c) {
        case 'h': usage(stdout); return GY_EXIT_OK;
        case 't': tname = optarg; break;
        case O_YEAR: {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || end == optarg || y < 1949 || y > 2099)
                return gy_usage_error("reply", _("--year: '%s' is not a year (1949-2099)"), optarg);
            year = (int)y;
            break;
        }
        case O_ASOF:
            if (!gy_parse_day_opt(optarg, &as_of))
                return gy_usage_error("reply", _("--as-of: '%s' is not a date"), optarg);
            break;
        case O_EXPLAIN: explain = true; break;
        case O_ALLOW_UNCOVERED: allow_uncovered = true; break;
        case O_KIND: kind = optarg; break;
        default: return gy_option_error("reply", c, argv);
        }
    }
    if (!tname)
        return gy_usage_error("reply", _("no template (-t FILE)"));
    if (optind >= argc)
        return gy_usage_error("reply", _("no input files"));
    /* without them, --as-of and --year come from what the records cover, once they are read;
     * the template is checked against these meanwhile */
    bool as_of_given = as_of != GY_NO_DAY, year_given = year != 0;
    if (as_of == GY_NO_DAY)
        as_of = default_as_of();
    if (year == 0) {
        int y, m, d;
        gy_day_to_ymd(as_of, &y, &m, &d);
        year = y - 1;
    }
    const char *const *files = (const char *const *)argv + optind;
    size_t n = (size_t)(argc - optind);

    gy_session ss;
    if ((rc = gy_session_open(&ss, &co)) != 0)
        return rc;
    /* the letter is drawn with Chinese fonts: no font, no reading */
    char *font_warning = NULL;
    if ((rc = gy_session_fonts(&ss, &font_warning)) != 0) {
        gy_session_close(&ss);
        return rc;
    }
    g_free(font_warning);
    GError *err = NULL;
    gy_indicators *ind = NULL;
    gy_tpl *tpl = NULL;
    gy_draft *d = NULL;
    gy_cube *cube = NULL;
    gy_ledger *lg = NULL;
    gy_decl_run dr = { 0 };
    const char **startup = NULL;
    char *tpath = template_path(&ss, tname);
    /* a run that cannot write, or would overwrite its input, stops before reading */
    const char *names[] = { "reply.txt", "reply.docx", "reply.pdf", "manifest.json",
                            "explain.csv", "explain_records.csv", "explain.xlsx", NULL };
    if (!explain)
        names[4] = NULL;
    gy_output_protect(tpath);
    if ((rc = gy_session_outputs(files, co.outdir, names, NULL, NULL)) != 0)
        goto done;
    char *p = gy_config_file(ss.cf, "indicators.tsv");
    ind = gy_indicators_load(p, &err);
    g_free(p);
    if (!ind) {
        rc = gy_fail(err);
        goto done;
    }
    /* training lists, surveys, rosters … apart from the startup exports */
    if ((rc = gy_decl_run_open(&dr, &ss, &co, ind, kind, files, n, &startup, &n)) != 0)
        goto done;
    files = startup;
    /* the template is checked before any data is read */
    gy_tpl_ctx ctx = { ss.rg, ind, year, as_of, ss.cf->org, gy_decl_run_value, &dr };
    tpl = gy_tpl_load(tpath, &ctx, &err);
    if (!tpl) {
        rc = gy_fail(err);
        goto done;
    }
    cube = gy_cube_new(ss.rg);
    lg = gy_ledger_new();
    gy_load_opts lo = gy_session_load_opts(&ss, &co);
    gy_session_measure(&ss, files, n);
    gy_error e = gy_load_check_headers(files, n, ss.al, co.encoding, co.sheet, &err);
    if (e == GY_OK)
        e = gy_load(files, n, ss.al, ss.rg, &lo, cube, lg, &err);
    if (e != GY_OK) {
        rc = gy_fail(err);
        goto done;
    }
    if ((rc = gy_decl_run_load(&dr, &co)) != 0)
        goto done;
    gy_ledger_set_lists(lg, dr.lg);
    gy_ledger_sort(lg);
    gy_cover cover[GY_COVER__KINDS];
    gy_ledger_coverage(lg, cover);
    if ((rc = covered_dates(&cover[0], as_of_given, year_given, &as_of, &year)) != GY_EXIT_OK)
        goto done;
    if (!as_of_given || !year_given) {
        gy_tpl_free(tpl);
        ctx = (gy_tpl_ctx){ ss.rg, ind, year, as_of, ss.cf->org, gy_decl_run_value, &dr };
        if (!(tpl = gy_tpl_load(tpath, &ctx, &err))) {
            rc = gy_fail(err);
            goto done;
        }
    }
    if (uncovered_figures(tpl, cover, &dr, allow_uncovered) && !allow_uncovered) {
        rc = GY_EXIT_REJECTS;
        goto done;
    }
    d = gy_tpl_fill(tpl, cube, &err);
    if (!d) {
        rc = gy_fail(err);
        goto done;
    }
    char year_buf[16], asof_buf[11];
    g_snprintf(year_buf, sizeof year_buf, "%d", year);
    gy_day_format(as_of, asof_buf);
    const gy_kv opts[] = {
        { "template", tpath }, { "year", year_buf }, { "as_of", asof_buf },
        { "explain", explain ? "true" : "false" },
        { "region", gy_region_label(ss.rg) }, { "region_code", gy_region_scope_code(ss.rg) },
        { "encoding", gy_encoding_name(co.encoding) }, { "strict", co.strict ? "true" : "false" },
    };
    rc = write_outputs(&co, &ss, tpl, d, cube, lg, &dr, as_of, explain, opts, G_N_ELEMENTS(opts));
    if (rc != GY_EXIT_OK)
        goto done;
    gy_print_accounting(lg);
    gy_decl_run_print(&dr);
    gy_print_unmatched(ss.rg, 20);
    rc = co.strict && (gy_ledger_rejected(lg) || gy_ledger_rejected(dr.lg)) ? GY_EXIT_REJECTS
                                                                         : GY_EXIT_OK;
done:
    gy_decl_run_close(&dr);
    g_free(startup);
    g_free(tpath);
    gy_draft_free(d);
    gy_tpl_free(tpl);
    gy_indicators_free(ind);
    gy_ledger_free(lg);
    gy_cube_free(cube);
    gy_session_close(&ss);
    return rc;
}
