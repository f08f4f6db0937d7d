/* reply.c — the run of `guiyan reply`: an official reply draft filled from a template and the
 * records (reply.txt, .docx, .pdf), with the provenance of every figure on request. */
#include <string.h>

#include "guiyan/explain.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/indicator.h"
#include "guiyan/letter.h"
#include "guiyan/output.h"
#include "guiyan/template.h"
#include "lists.h"
#include "run_int.h"

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
static char *template_path(const gy_run *r, const char *name)
{
    if (g_file_test(name, G_FILE_TEST_EXISTS) || strchr(name, G_DIR_SEPARATOR))
        return g_strdup(name);
    char *p = run_config_file(r, name);
    if (g_file_test(p, G_FILE_TEST_EXISTS))
        return p;
    g_free(p);
    return g_strdup(name);
}

/* reply.docx (from <templates>/reply_template.docx) and reply.pdf (GB/T 9704). */
static bool write_letters(gy_run *r, const gy_draft *d, GError **err)
{
    const char *outdir = r->co->outdir;
    char *tdocx = run_config_file(r, "reply_template.docx");
    char *p_docx = g_build_filename(outdir, "reply.docx", NULL);
    char *p_pdf = g_build_filename(outdir, "reply.pdf", NULL);
    gy_error e = gy_letter_write_docx(d, tdocx, p_docx, err);
    if (e == GY_OK) {
        run_out(r, "reply.docx");
        char *fonts = gy_letter_font_report(NULL);
        char **lines = g_strsplit(fonts, "\n", -1);
        for (char **l = lines; *l; l++)
            if (**l)
                gy_report_say(r->rp, GY_LINE_WARNING, true, _("guiyan: warning: %s\n"), *l);
        g_strfreev(lines);
        g_free(fonts);
        e = run_go_on(r, err) ? gy_letter_write_pdf(d, NULL, p_pdf, err) : GY_E_IO;
    }
    if (e == GY_OK)
        run_out(r, "reply.pdf");
    g_free(tdocx);
    g_free(p_docx);
    g_free(p_pdf);
    return e == GY_OK;
}

/* The coverage figure f is not covered by (*base: its base period), or NULL when it is
 * covered (or is a list's figure without a list: said apart). A startup figure's period must be
 * covered whole by its kind of date (gy_cover_period); a list's must be touched by the list's
 * months (gy_cover_touches: a survey of the Spring Festival weeks does cover "今年以来"), its
 * coverage put in *own and *what set to "培训台账结业日期" (newly allocated). */
static const gy_cover *figure_cover(gy_decl_run *dr, const gy_figure *f, const gy_cover *cover,
                                    gy_cover *own, char **what, bool *base)
{
    const char *kind;
    *what = NULL;
    if (f->ind != GY_IND__COUNT) {
        const gy_cover *cv = &cover[gy_cover_kind_of(f->ind)];
        *base = f->has_base && !gy_cover_period(cv, f->base_from, f->base_to);
        return gy_cover_period(cv, f->from, f->to) && !*base ? NULL : cv;
    }
    if (!gy_decl_run_has_records(dr, f->indicator, &kind))
        return NULL;
    gy_decl_run_cover(dr, f->indicator, own);
    *base = f->has_base && !gy_cover_touches(own, f->base_from, f->base_to);
    if (gy_cover_touches(own, f->from, f->to) && !*base)
        return NULL;
    *what = gy_decl_run_cover_what(f->indicator);
    return own;
}

/* What a list's figure covered by its list rests on, for explain.csv's 说明: counted since
 * records began, the list's first day ("记录自2021年1月1日起", the records' own words); over a
 * period, the list's coverage ("培训台账结业日期覆盖：2021年1月1日至2021年5月31日"), with a word
 * when it covers the period only in part (a list's figure still counts then: its dates are
 * events). NULL when the run read no record of its list. Newly allocated. */
static char *list_cover_note(gy_decl_run *dr, const gy_figure *f)
{
    const char *kind;
    if (!gy_decl_run_has_records(dr, f->indicator, &kind))
        return NULL;
    gy_cover cv;
    gy_decl_run_cover(dr, f->indicator, &cv);
    if (!gy_cover_any(&cv))
        return NULL;
    if (f->from == GY_NO_DAY) {
        char *d = gy_tpl_date_zh(cv.first);
        char *n = g_strdup_printf("记录自%s起", d);
        g_free(d);
        return n;
    }
    char *what = gy_decl_run_cover_what(f->indicator), *t = gy_cover_text_zh(&cv);
    char *n = g_strdup_printf("%s覆盖：%s%s", what, t,
                              gy_cover_period(&cv, f->from, f->to)
                                  ? "" : "（统计期内只有部分时间有记录，按有记录的日子计）");
    g_free(what);
    g_free(t);
    return n;
}

/* The coverage in explain.csv's 说明: from which day a figure counted since records began
 * counts (a list's figure: its list's coverage), and a marked note on each figure written
 * although no record covers it. */
static void explain_coverage(gy_explain *x, const gy_tpl *tpl, const gy_cover *cover,
                             gy_decl_run *dr)
{
    for (size_t i = 0; i < gy_tpl_n_figures(tpl); i++) {
        const gy_figure *f = gy_tpl_figure(tpl, i);
        if (f->ind == GY_IND__COUNT) {
            /* a declared list's figure: its list's coverage, not the ledger's */
            gy_cover own;
            char *what;
            bool base;
            const gy_cover *cv = figure_cover(dr, f, cover, &own, &what, &base);
            if (cv) {
                char *t = gy_cover_text_zh(cv);
                char *n = g_strdup_printf("【未覆盖】%s没有记录覆盖（%s覆盖：%s），按 "
                                          "--allow-uncovered 照写", base ? f->base_label
                                          : f->period_label, what, t);
                gy_explain_note(x, i, n);
                g_free(n);
                g_free(t);
            } else {
                char *n = list_cover_note(dr, f);
                if (n)
                    gy_explain_note(x, i, n);
                g_free(n);
            }
            g_free(what);
            continue;
        }
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

/* explain.csv, explain_records.csv and explain.xlsx: where every figure comes from. */
static bool write_explain(gy_run *r, const gy_tpl *tpl, gy_decl_run *dr, gy_day as_of,
                          GError **err)
{
    const char *outdir = r->co->outdir;
    size_t n = gy_ledger_n_inputs(r->lg);
    const char **names = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        names[i] = gy_ledger_input(r->lg, (uint32_t)i)->name;
    gy_explain *x = gy_explain_new(tpl, r->cube, names, n);
    g_free(names);
    gy_cover cover[GY_COVER__KINDS];
    gy_ledger_coverage(r->lg, cover);
    explain_coverage(x, tpl, cover, dr);
    explain_lists(x, tpl, dr);
    char *p_xf = g_build_filename(outdir, "explain.csv", NULL);
    char *p_xr = g_build_filename(outdir, "explain_records.csv", NULL);
    char *p_xx = g_build_filename(outdir, "explain.xlsx", NULL);
    gy_error e = gy_explain_write_csv(x, p_xf, p_xr, err);
    gy_style *st = NULL;
    if (e == GY_OK) {
        char *p = run_config_file(r, "style.ini");
        st = gy_style_load(p, err);
        g_free(p);
        e = st ? GY_OK : GY_E_CONFIG;
    }
    if (e == GY_OK) {
        gy_explain_book xb = { r->cf->org, as_of, st };
        e = gy_explain_write_xlsx(x, p_xx, &xb, err);
    }
    gy_style_free(st);
    if (e == GY_OK) {
        run_out(r, "explain.csv");
        run_out(r, "explain_records.csv");
        run_out(r, "explain.xlsx");
    }
    gy_explain_free(x);
    g_free(p_xf);
    g_free(p_xr);
    g_free(p_xx);
    return e == GY_OK;
}

static bool write_outputs(gy_run *r, const gy_reply_cfg *cfg, const gy_tpl *tpl,
                          const gy_draft *d, gy_decl_run *dr, gy_day as_of, GError **err)
{
    char *p_txt = g_build_filename(r->co->outdir, "reply.txt", NULL);
    char *text = gy_draft_text(d);
    bool ok = gy_output_mkdir(r->co->outdir, err) == GY_OK &&
              gy_output_write(p_txt, text, strlen(text), err) == GY_OK;
    if (ok)
        run_out(r, "reply.txt");
    ok = ok && run_go_on(r, err) && write_letters(r, d, err);
    ok = ok && (!cfg->explain || (run_go_on(r, err) && write_explain(r, tpl, dr, as_of, err)));
    run_out(r, "manifest.json");
    g_free(text);
    g_free(p_txt);
    return ok;
}

static const char *kind_name(int kind)
{
    return kind == GY_COVER_LOAN ? _("loan dates") : _("start dates");
}

/* --as-of and --year when not given: the last day the records cover, and the last calendar
 * year they cover whole (never the machine's date). False: there is none, said. */
static bool covered_dates(gy_report *rp, const gy_cover *cover, bool as_of_given,
                          bool year_given, gy_day *as_of, int *year)
{
    char a[11], b[11];
    gy_day_format(cover[GY_COVER_START].first, a);
    gy_day_format(cover[GY_COVER_START].last, b);
    if (!as_of_given) {
        *as_of = gy_cover_last_day(cover);
        if (*as_of == GY_NO_DAY) {
            gy_report_say(rp, GY_LINE_ERROR, false, "%s", _("guiyan: reply: no records, so no "
                          "date to count to: give --as-of\n"));
            return false;
        }
    }
    if (!year_given) {
        int y, m, d;
        gy_day_to_ymd(*as_of, &y, &m, &d);
        *year = gy_cover_whole_year(&cover[GY_COVER_START], y);
        if (!*year) {
            gy_report_say(rp, GY_LINE_ERROR, false, _("guiyan: reply: the records cover no "
                          "calendar year whole (start dates cover %s to %s): give --year\n"),
                          a, b);
            return false;
        }
    }
    return true;
}

/* Each figure whose period (or base period) the records do not cover, said: an error, or
 * with --allow-uncovered a warning. Returns how many. */
static size_t uncovered_figures(gy_report *rp, const gy_tpl *tpl, const gy_cover *cover,
                                gy_decl_run *dr, bool allow)
{
    size_t n = 0;
    for (size_t i = 0; i < gy_tpl_n_figures(tpl); i++) {
        const gy_figure *f = gy_tpl_figure(tpl, i);
        const char *kind;
        if (f->ind == GY_IND__COUNT && !gy_decl_run_has_records(dr, f->indicator, &kind)) {
            /* no list of its kind was given: the draft says so where the figure goes */
            gy_report_say(rp, GY_LINE_WARNING, false, _("guiyan: warning: %s:%u:%u: %s: no %s "
                          "among the inputs: written as 【未提供%s】\n"),
                          gy_tpl_origin(tpl), f->line, f->col, f->source, kind, kind);
            continue;
        }
        bool base;
        gy_cover own;
        char *what = NULL;          /* another list: "培训台账结业日期" */
        const gy_cover *cv = figure_cover(dr, f, cover, &own, &what, &base);
        if (!cv) {
            g_free(what);
            continue;
        }
        int k = gy_cover_kind_of(f->ind);
        char a[11], b[11];
        gy_day_format(cv->first, a);
        gy_day_format(cv->last, b);
        const char *label = base ? f->base_label : f->period_label;
        if (!gy_cover_any(cv))
            a[0] = b[0] = '\0';
        if (allow)
            gy_report_say(rp, GY_LINE_WARNING, false, _("guiyan: warning: %s:%u:%u: %s: %s is "
                          "not covered by the records (%s cover %s to %s): written as asked\n"),
                          gy_tpl_origin(tpl), f->line, f->col, f->source, label,
                          what ? what : kind_name(k), a, b);
        else
            gy_report_say(rp, GY_LINE_ERROR, false, _("guiyan: %s:%u:%u: %s: %s is not covered "
                          "by the records (%s cover %s to %s)\n"), gy_tpl_origin(tpl), f->line,
                          f->col, f->source, label, what ? what : kind_name(k), a, b);
        g_free(what);
        n++;
    }
    if (n && !allow)
        gy_report_say(rp, GY_LINE_ERROR, false, _("guiyan: reply: %zu figures would count "
                      "periods without records as 0: nothing written (--allow-uncovered writes "
                      "them anyway)\n"), n);
    return n;
}

/* What a reply run holds besides the session. */
typedef struct reply_run {
    char *tpath;
    gy_indicators *ind;
    gy_tpl *tpl;
    gy_draft *d;
    int year;
    gy_day as_of;
    bool refused;            /* figures or dates the records do not cover: exit 1, nothing written */
    gy_decl_run lists;       /* training lists, surveys, rosters … apart from the exports */
} reply_run;

/* The template, checked against these before any data is read. */
static bool load_template(gy_run *r, reply_run *rr, GError **err)
{
    gy_tpl_free(rr->tpl);
    gy_tpl_ctx ctx = { r->rg, rr->ind, rr->year, rr->as_of, r->cf->org, gy_decl_run_value,
                       &rr->lists };
    rr->tpl = gy_tpl_load(rr->tpath, &ctx, err);
    return rr->tpl != NULL;
}

static bool reply_prepare(gy_run *r, const gy_reply_cfg *cfg, reply_run *rr, GError **err)
{
    const gy_common *co = &cfg->common;
    /* a run that cannot write, or would overwrite its input, stops before reading */
    const char *names[] = { "reply.txt", "reply.docx", "reply.pdf", "manifest.json",
                            "explain.csv", "explain_records.csv", "explain.xlsx", NULL };
    if (!cfg->explain)
        names[4] = NULL;
    rr->tpath = template_path(r, cfg->template_name);
    const char *more[] = { rr->tpath, NULL };
    if (!run_hold(r, cfg->files, cfg->n_files, more, co->outdir, names, NULL, NULL, err))
        return false;
    /* training lists, surveys, rosters … apart from the startup exports */
    return (rr->ind = run_indicators(r, err)) &&
           gy_decl_run_open(&rr->lists, r, rr->ind, cfg->kind, cfg->files, cfg->n_files, err) &&
           load_template(r, rr, err);
}

/* After the load: --as-of and --year from the coverage when not given, the figures checked
 * against the coverage, then filled. */
static bool reply_fill(gy_run *r, const gy_reply_cfg *cfg, reply_run *rr, GError **err)
{
    gy_ledger_sort(r->lg);
    gy_cover cover[GY_COVER__KINDS];
    gy_ledger_coverage(r->lg, cover);
    bool as_of_given = cfg->as_of != GY_NO_DAY, year_given = cfg->year != 0;
    if (!covered_dates(r->rp, cover, as_of_given, year_given, &rr->as_of, &rr->year)) {
        rr->refused = true;
        return true;
    }
    if ((!as_of_given || !year_given) && !load_template(r, rr, err))
        return false;
    if (uncovered_figures(r->rp, rr->tpl, cover, &rr->lists, cfg->allow_uncovered) &&
        !cfg->allow_uncovered) {
        rr->refused = true;
        return true;
    }
    rr->d = gy_tpl_fill(rr->tpl, r->cube, err);
    return rr->d != NULL;
}

static bool reply_publish(gy_run *r, const gy_reply_cfg *cfg, reply_run *rr, GError **err)
{
    const gy_common *co = &cfg->common;
    char year_buf[16], asof_buf[11];
    g_snprintf(year_buf, sizeof year_buf, "%d", rr->year);
    gy_day_format(rr->as_of, asof_buf);
    const gy_kv opts[] = {
        { "template", rr->tpath }, { "year", year_buf }, { "as_of", asof_buf },
        { "explain", cfg->explain ? "true" : "false" },
        { "region", gy_region_label(r->rg) }, { "region_code", gy_region_scope_code(r->rg) },
        { "encoding", gy_encoding_name(co->encoding) }, { "strict", co->strict ? "true" : "false" },
    };
    return write_outputs(r, cfg, rr->tpl, rr->d, &rr->lists, rr->as_of, err) &&
           run_publish(r, co->outdir, "reply", opts, G_N_ELEMENTS(opts), err);
}

bool gy_run_reply(const gy_reply_cfg *cfg, gy_report *rp, GError **err)
{
    const gy_common *co = &cfg->common;
    /* without them, --as-of and --year come from what the records cover, once they are read;
     * the template is checked against these meanwhile */
    reply_run rr = { .as_of = cfg->as_of, .year = cfg->year };
    if (rr.as_of == GY_NO_DAY)
        rr.as_of = default_as_of();
    if (rr.year == 0) {
        int y, m, d;
        gy_day_to_ymd(rr.as_of, &y, &m, &d);
        rr.year = y - 1;
    }
    gy_run r;
    /* the letter is drawn with Chinese fonts: no font, no reading */
    bool ok = run_open(&r, co, rp, true, err) && reply_prepare(&r, cfg, &rr, err) &&
              run_load(&r, rr.lists.startup, rr.lists.n_startup, GY_NO_DAY, GY_NO_DAY, err) &&
              gy_decl_run_load(&rr.lists, &r, err) && reply_fill(&r, cfg, &rr, err) && (rr.refused || reply_publish(&r, cfg, &rr, err));
    if (ok && !rr.refused) {
        run_say_wrote(&r, co->outdir);
        run_say_accounting(&r);
        run_set_exit(&r);
    }
    ok = run_close(&r, ok, err);
    if (ok && rr.refused)
        rp->exit = GY_EXIT_REJECTS;
    g_free(rr.tpath);
    gy_draft_free(rr.d);
    gy_tpl_free(rr.tpl);
    gy_decl_run_close(&rr.lists);
    gy_indicators_free(rr.ind);
    return ok;
}
