/* stars.c — the run of `guiyan stars`: counts, rosters and the reply paragraph of the
 * 返乡创业明星 and 明星企业 awards, with every roster row accounted; winners looked up in the
 * startup records when they are given. */
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/roster.h"
#include "guiyan/stars.h"
#include "guiyan/stars_out.h"
#include "guiyan/chart.h"
#include "guiyan/sheet.h"
#include "run_int.h"

static const char *const OUTS[] = { "stars.csv", "stars.txt", "stars.xlsx", "stars.pdf",
                                    "rejects.csv", "manifest.json" };

/* What a stars run holds besides the session. */
typedef struct stars_run {
    gy_roster *ro;
    gy_ledger *lg;           /* the rosters' (r->lg is the records') */
    gy_strokes *sk;
    gy_star_counts *counts;
    char *tmpl, *text, *font_warning, *record_names;
    gy_style *style;
    gy_chart_style *cstyle;
    size_t missing;
    gy_day made_on, records_last;
} stars_run;

static void stars_run_free(stars_run *s)
{
    g_free(s->text);
    g_free(s->tmpl);
    g_free(s->font_warning);
    g_free(s->record_names);
    gy_style_free(s->style);
    gy_chart_style_free(s->cstyle);
    gy_star_counts_free(s->counts);
    gy_strokes_free(s->sk);
    gy_roster_free(s->ro);
    gy_ledger_free(s->lg);
}

/* The templates first: strokes, the paragraph, the styles. */
static bool load_templates(gy_run *r, stars_run *s, GError **err)
{
    char *p = run_config_file(r, "strokes.tsv");
    s->sk = gy_strokes_load(p, err);
    g_free(p);
    if (!s->sk)
        return false;
    p = run_config_file(r, "stars_paragraph.txt");
    if (!g_file_get_contents(p, &s->tmpl, NULL, NULL)) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: cannot read the paragraph template"), p);
        g_free(p);
        return false;
    }
    g_free(p);
    p = run_config_file(r, "style.ini");
    s->style = gy_style_load(p, err);
    g_free(p);
    if (!s->style)
        return false;
    p = run_config_file(r, "charts.ini");
    s->cstyle = gy_chart_style_load(p, err);
    g_free(p);
    return s->cstyle != NULL;
}

static bool person_known(uint64_t person, void *user)
{
    return g_hash_table_contains(user, &person);
}

static void collect_person(const gy_record *rec, void *user)
{
    uint64_t *k = g_new(uint64_t, 1);
    *k = rec->person;
    g_hash_table_add(user, k);
}

/* Load the startup records and look every winner up. */
static bool check_records(gy_run *r, const gy_stars_cfg *cfg, stars_run *s, GError **err)
{
    if (!run_load(r, cfg->records, cfg->n_records, GY_NO_DAY, GY_NO_DAY, err)) {
        g_prefix_error(err, "--records: ");
        return false;
    }
    GHashTable *persons = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    gy_cube_each(r->cube, GY_IND_STARTUPS, GY_ALL, 1, G_MAXINT32, collect_person, persons);
    s->missing = gy_roster_check_records(s->ro, person_known, persons);
    s->records_last = gy_cube_last_day(r->cube);
    g_hash_table_destroy(persons);
    unsigned long n_read, a, d, j;
    gy_ledger_totals(r->lg, &n_read, &a, &d, &j);
    GString *line = g_string_new(NULL);
    g_string_append_printf(line, _("guiyan: records: %zu files, %lu rows read: %lu accepted, "
                                   "%lu duplicate, %lu rejected"), cfg->n_records, n_read, a, d, j);
    report_skipped(line, gy_ledger_skipped(r->lg));
    gy_report_say(r->rp, GY_LINE_ACCOUNT, true, "%s", line->str);
    g_string_free(line, TRUE);
    report_unmatched(r->rp, r->rg, 20, true);
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

/* Rosters (headers first), records, counts. */
static bool stars_read(gy_run *r, const gy_stars_cfg *cfg, stars_run *s, GError **err)
{
    const gy_common *co = &cfg->common;
    const char *names[G_N_ELEMENTS(OUTS) + 1] = { NULL };
    memcpy(names, OUTS, sizeof OUTS);
    /* a run that cannot write, or would overwrite its input, stops before reading */
    const char **more = g_new0(const char *, cfg->n_records + 1);
    for (size_t i = 0; i < cfg->n_records; i++)
        more[i] = cfg->records[i];
    bool ok = run_hold(r, cfg->files, cfg->n_files, more, co->outdir, names, NULL, NULL, err);
    g_free(more);
    /* templates first, and every roster's header: a run stops before writing anything */
    if (!ok || !load_templates(r, s, err))
        return false;
    /* --sheet all reads every sheet of the records; a roster is read from one */
    bool all = co->sheet && strcmp(co->sheet, "all") == 0;
    gy_roster_opts ro = { co->encoding, co->unmask, all ? NULL : co->sheet, co->cancel };
    if (gy_rosters_check_headers(cfg->files, cfg->n_files, r->al, &ro, err) != GY_OK ||
        gy_rosters_read(cfg->files, cfg->n_files, r->al, r->rg, &ro, s->ro, s->lg, err) != GY_OK)
        return false;
    s->records_last = GY_NO_DAY;
    if (cfg->n_records && !check_records(r, cfg, s, err))
        return false;
    gy_roster_check_names(s->ro, s->sk);
    gy_roster_sort_issues(s->ro);
    s->counts = gy_roster_counts(s->ro, gy_region_count(r->rg));
    s->made_on = cfg->made_on;
    if (!cfg->date_s && stars_cutoff(s->counts, s->records_last) != GY_NO_DAY)
        s->made_on = stars_cutoff(s->counts, s->records_last);
    GString *rn = g_string_new(NULL);
    for (size_t i = 0; i < cfg->n_records; i++) {
        char *b = g_path_get_basename(cfg->records[i]);
        g_string_append_printf(rn, "%s%s", i ? ";" : "", b);
        g_free(b);
    }
    s->record_names = g_string_free(rn, FALSE);
    return true;
}

/* stars.csv, stars.txt, stars.xlsx, stars.pdf, rejects.csv, then manifest.json and publish. */
static bool stars_write(gy_run *r, const gy_stars_cfg *cfg, stars_run *s, GError **err)
{
    const gy_common *co = &cfg->common;
    const char *settings[] = {
        "统计地区", gy_region_label(r->rg),
        "名单排序", cfg->order == GY_ORDER_PINYIN ? "姓名拼音" : "姓氏笔画",
        "身份证号码", co->unmask ? "完整显示" : "隐去中间8位",
        "核对台账", cfg->n_records ? s->record_names
                                   : "未提供（未核对获评人员是否在创业人员台账中）",
        "编码", co->encoding == GY_ENC_AUTO ? "自动识别" : gy_encoding_name(co->encoding),
        NULL,
    };
    gy_stars_doc doc = {
        .roster = s->ro, .counts = s->counts, .rg = r->rg, .sk = s->sk,
        .order = (gy_name_order)cfg->order, .unmask = co->unmask,
        .region_label = gy_region_label(r->rg), .filler = r->cf->org, .paragraph = s->tmpl,
        .made_on = s->made_on, .ledger = s->lg, .settings = settings, .style = s->style,
        .chart_style = s->cstyle,
    };
    s->text = gy_stars_text(&doc, err);
    if (!s->text) {
        g_prefix_error(err, "stars_paragraph.txt: ");
        return false;
    }
    if (gy_output_mkdir(co->outdir, err) != GY_OK)
        return false;
    char *paths[G_N_ELEMENTS(OUTS)];
    for (size_t i = 0; i < G_N_ELEMENTS(OUTS); i++) {
        paths[i] = g_build_filename(co->outdir, OUTS[i], NULL);
        run_out(r, OUTS[i]);
    }
    GString *csv = g_string_new(NULL);
    gy_stars_csv(csv, s->counts, r->rg);
    bool ok = run_go_on(r, err) && gy_output_write(paths[0], csv->str, csv->len, err) == GY_OK;
    ok = ok && gy_output_write(paths[1], s->text, strlen(s->text), err) == GY_OK;
    ok = ok && run_go_on(r, err) && gy_stars_write_workbook(paths[2], &doc, err) == GY_OK;
    ok = ok && run_go_on(r, err) &&
         gy_stars_write_pdf(paths[3], &doc, &s->font_warning, err) == GY_OK;
    gy_ledger_sort(s->lg);
    ok = ok && gy_ledger_write_rejects(s->lg, paths[4], err) == GY_OK;
    g_string_free(csv, TRUE);
    for (size_t i = 0; i < G_N_ELEMENTS(OUTS); i++)
        g_free(paths[i]);
    const gy_kv opts[] = {
        { "order", cfg->order_s }, { "unmask", co->unmask ? "true" : "false" },
        { "records", s->record_names }, { "date", cfg->date_s ? cfg->date_s : "" },
        { "region", gy_region_label(r->rg) }, { "region_code", gy_region_scope_code(r->rg) },
        { "encoding", gy_encoding_name(co->encoding) }, { "strict", co->strict ? "true" : "false" },
    };
    /* the manifest accounts for the rosters */
    gy_ledger *records = r->lg;
    r->lg = s->lg;
    ok = ok && run_publish(r, co->outdir, "stars", opts, G_N_ELEMENTS(opts), err);
    r->lg = records;
    return ok;
}

/* What to look at: duplicates, winners not in the records, notes (at most max). */
static void say_issues(gy_report *rp, const gy_roster *ro, const gy_ledger *lg, size_t max)
{
    size_t shown = 0, n = gy_roster_n_issues(ro);
    for (size_t i = 0; i < n; i++) {
        const gy_star_issue *is = gy_roster_get_issue(ro, i);
        if (is->kind == GY_ISSUE_REJECTED)
            continue;
        if (shown++ == max) {
            gy_report_say(rp, GY_LINE_NOTE, true, "%s", _("guiyan: ... and more (see the 问题 "
                          "sheet of stars.xlsx)\n"));
            break;
        }
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, is->file);
        const char *file = in ? in->name : "";
        if (is->kind == GY_ISSUE_DUPLICATE) {
            gy_report_say(rp, GY_LINE_WARNING, true, _("guiyan: warning: %s:%lu: %s is listed "
                          "twice for the same level, category and year: counted once\n"), file,
                          is->line, is->name);
        } else if (is->kind == GY_ISSUE_NOT_IN_RECORDS) {
            char masked[19] = "";
            if (strlen(is->value) == 18)
                gy_id_mask(is->value, masked);
            gy_report_say(rp, GY_LINE_WARNING, true, _("guiyan: warning: %s:%lu: %s (%s) is not "
                          "in the startup records\n"), file, is->line, is->name, masked);
        } else {
            gy_report_say(rp, GY_LINE_NOTE, true, _("guiyan: note: %s:%lu: %s: %s\n"), file,
                          is->line, is->name, is->text);
        }
    }
}

static void stars_tail(gy_run *r, const gy_stars_cfg *cfg, stars_run *s)
{
    gy_report *rp = r->rp;
    if (s->font_warning)
        gy_report_say(rp, GY_LINE_WARNING, true, "guiyan: %s\n", s->font_warning);
    report_accounting(rp, s->lg);
    report_rejects(rp, s->lg, 10, "");
    say_issues(rp, s->ro, s->lg, 20);
    if (s->counts->n_years == 0)
        gy_report_say(rp, GY_LINE_WARNING, false, "%s", _("guiyan: warning: no award was "
                      "accepted: the counts are empty\n"));
    if (s->missing)
        gy_report_say(rp, GY_LINE_WARNING, true, _("guiyan: warning: awards to people not in "
                      "the startup records: %zu\n"), s->missing);
    report_raw(rp, GY_LINE_TEXT, true, s->text);
    run_say_wrote(r, cfg->common.outdir);
    rp->exit = cfg->common.strict && gy_ledger_rejected(s->lg) ? GY_EXIT_REJECTS : GY_EXIT_OK;
}

bool gy_run_stars(const gy_stars_cfg *cfg, gy_report *rp, GError **err)
{
    stars_run s = { .lg = gy_ledger_new(), .ro = gy_roster_new(cfg->files, cfg->n_files) };
    gy_run r;
    /* stars.pdf is drawn with Chinese fonts: no font, no reading */
    bool ok = run_open(&r, &cfg->common, rp, true, err) && stars_read(&r, cfg, &s, err) &&
              stars_write(&r, cfg, &s, err);
    if (ok)
        stars_tail(&r, cfg, &s);
    ok = run_close(&r, ok, err);
    stars_run_free(&s);
    return ok;
}
