/* check.c — the run of `guiyan check`: read and validate; the accounting, the first rejects
 * and updates and (columns) how each header was read; with an output folder, rejects.csv and
 * manifest.json. */
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/targets.h"
#include "lists.h"
#include "run_int.h"

/* The name a person knows field f of an input by: the first spelling of its group of the
 * alias file ([records], [stars], [targets]), or for a wide targets file's indicator column
 * the indicator's name; the key itself when neither has one. */
static const char *field_label(const gy_run *r, const gy_indicators *inds, const char *group,
                               const char *f)
{
    const gy_indicator *ind = inds && strcmp(group, "targets") == 0
                                  ? gy_indicators_by_key(inds, f) : NULL;
    return ind ? ind->name : group ? gy_aliases_label(r->al, group, f) : f;
}

/* columns: each input's header → field, and the columns not read (standard output). group
 * names the inputs' group of the alias file (NULL: each list's own, by its kind). */
static void say_columns(gy_run *r, const gy_ledger *lg, const char *group,
                        const gy_indicators *inds)
{
    for (size_t i = 0; lg && i < gy_ledger_n_inputs(lg); i++) {
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, (uint32_t)i);
        if (!in->mapping)
            continue;
        /* an award roster among the lists: its spellings are the [stars] group's */
        const char *g = group ? group : in->kind && strcmp(in->kind, "明星名单") == 0 ? "stars"
                                                                                   : NULL;
        GString *s = g_string_new(NULL);
        g_string_append_printf(s, _("%s: header on line %lu, read by %s:\n"), in->name,
                               in->header_line, in->reader);
        GString *ignored = g_string_new(NULL);
        for (size_t c = 0; in->mapping[2 * c]; c++) {
            const char *h = in->mapping[2 * c], *f = in->mapping[2 * c + 1];
            const char *label = *f ? field_label(r, inds, g, f) : NULL;
            if (label && strcmp(label, f) != 0)
                g_string_append_printf(s, "  %s → %s (%s)\n", h, label, f);
            else if (label)
                g_string_append_printf(s, "  %s → %s\n", h, f);
            else if (*h)
                g_string_append_printf(ignored, "%s%s", ignored->len ? ", " : "", h);
        }
        if (ignored->len)
            g_string_append_printf(s, _("  ignored: %s\n"), ignored->str);
        g_string_free(ignored, TRUE);
        gy_report_say(r->rp, GY_LINE_STDOUT, false, "%s", s->str);
        g_string_free(s, TRUE);
    }
}

static bool check_outputs(gy_run *r, const gy_check_cfg *cfg, GError **err)
{
    const gy_common *co = &cfg->common;
    const gy_kv opts[] = {
        { "region", gy_region_label(r->rg) }, { "region_code", gy_region_scope_code(r->rg) },
        { "encoding", gy_encoding_name(co->encoding) },
        { "strict", co->strict ? "true" : "false" }, { "sheet", co->sheet ? co->sheet : "" },
    };
    char *p_rej = g_build_filename(co->outdir, "rejects.csv", NULL);
    bool ok = gy_output_mkdir(co->outdir, err) == GY_OK && run_go_on(r, err) &&
              gy_ledger_write_rejects(r->lg, p_rej, err) == GY_OK;
    g_free(p_rej);
    run_out(r, "rejects.csv");
    run_out(r, "manifest.json");
    return ok && run_publish(r, co->outdir, "check", opts, G_N_ELEMENTS(opts), err);
}

/* What a check run holds besides the session: the other lists told apart from the exports
 * by their header (award rosters, training lists …: run/lists.c) and the targets file. */
typedef struct check_run {
    gy_indicators *inds;
    gy_decl_run lists;
    gy_targets *targets;
    gy_ledger *targets_lg;   /* the targets file as an input, for --columns and manifest.json */
} check_run;

/* --targets FILE: read as track reads it (every bad row an error, exit 2), with what was read
 * of it said. */
static bool check_targets(gy_run *r, const gy_check_cfg *cfg, check_run *c, GError **err)
{
    const gy_common *co = &cfg->common;
    r->rp->error_by_line = true;
    c->targets_lg = gy_ledger_new();
    c->targets = gy_targets_load_input(cfg->targets, co->sheet, co->encoding, r->al, r->rg,
                                       c->inds, c->targets_lg, err);
    if (!c->targets)
        return false;
    r->rp->error_by_line = false;
    return true;
}

static void say_targets(gy_run *r, const check_run *c)
{
    const gy_input *in = gy_ledger_input(c->targets_lg, 0);
    gy_report_say(r->rp, GY_LINE_ACCOUNT, false,
                  _("guiyan: %s (targets, %s): %lu rows read: %lu accepted, %lu skipped\n"),
                  in->name, in->encoding, in->rows_read, in->rows_accepted, in->rows_skipped);
}

bool gy_run_check(const gy_check_cfg *cfg, gy_report *rp, GError **err)
{
    const gy_common *co = &cfg->common;
    static const char *const names[] = { "rejects.csv", "manifest.json", NULL };
    const char *more[] = { cfg->targets, NULL };
    gy_run r;
    check_run c = { 0 };
    /* rosters and other lists are told apart from the startup exports by their header */
    bool ok = run_open(&r, co, rp, false, err) && (c.inds = run_indicators(&r, err)) &&
              gy_decl_run_open(&c.lists, &r, c.inds, NULL, cfg->files, cfg->n_files, err) &&
              (!co->outdir || run_hold(&r, cfg->files, cfg->n_files, more, co->outdir, names,
                                       NULL, NULL, err)) &&
              (!cfg->targets || check_targets(&r, cfg, &c, err)) &&
              run_load(&r, c.lists.startup, c.lists.n_startup, GY_NO_DAY, GY_NO_DAY, err) &&
              gy_decl_run_load(&c.lists, &r, err);
    if (ok) {
        gy_ledger_sort(r.lg);
        gy_ledger_set_targets(r.lg, c.targets_lg);
    }
    ok = ok && (!co->outdir || check_outputs(&r, cfg, err));
    if (ok) {
        if (cfg->columns) {
            say_columns(&r, r.lg, "records", NULL);
            say_columns(&r, c.lists.lg, NULL, NULL);
            say_columns(&r, c.targets_lg, "targets", c.inds);
        }
        report_rejects(rp, r.lg, cfg->max, co->outdir);
        report_updates(rp, r.lg, r.rg, co->unmask, cfg->max);
        /* only a targets file or lists: no "0 files, 0 rows read" of records */
        if (c.lists.n_startup || (!c.targets && !c.lists.files->len))
            run_say_accounting(&r);
        else if (r.lists)
            gy_decl_run_report(r.lists, rp);
        if (c.targets)
            say_targets(&r, &c);
        if (co->outdir)
            run_say_wrote(&r, co->outdir);
        run_set_exit(&r);
    }
    ok = run_close(&r, ok, err);
    gy_decl_run_close(&c.lists);
    gy_targets_free(c.targets);
    gy_ledger_free(c.targets_lg);
    gy_indicators_free(c.inds);
    return ok;
}
