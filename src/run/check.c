/* check.c — the run of `guiyan check`: read and validate; the accounting, the first rejects
 * and updates and (columns) how each header was read; with an output folder, rejects.csv and
 * manifest.json. */
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "run_int.h"

/* columns: each input's header → field, and the columns not read (standard output). */
static void say_columns(gy_run *r)
{
    const gy_ledger *lg = r->lg;
    for (size_t i = 0; i < gy_ledger_n_inputs(lg); i++) {
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, (uint32_t)i);
        if (!in->mapping)
            continue;
        GString *s = g_string_new(NULL);
        g_string_append_printf(s, _("%s: header on line %lu, read by %s:\n"), in->name,
                               in->header_line, in->reader);
        GString *ignored = g_string_new(NULL);
        for (size_t c = 0; in->mapping[2 * c]; c++) {
            const char *h = in->mapping[2 * c], *f = in->mapping[2 * c + 1];
            if (*f)
                g_string_append_printf(s, "  %s → %s (%s)\n", h,
                                       gy_aliases_label(r->al, "records", f), f);
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

bool gy_run_check(const gy_check_cfg *cfg, gy_report *rp, GError **err)
{
    const gy_common *co = &cfg->common;
    static const char *const names[] = { "rejects.csv", "manifest.json", NULL };
    gy_run r;
    bool ok = run_open(&r, co, rp, false, err) &&
              (!co->outdir || run_hold(&r, cfg->files, cfg->n_files, NULL, co->outdir, names,
                                       NULL, NULL, err)) &&
              run_load(&r, cfg->files, cfg->n_files, GY_NO_DAY, GY_NO_DAY, err);
    if (ok)
        gy_ledger_sort(r.lg);
    ok = ok && (!co->outdir || check_outputs(&r, cfg, err));
    if (ok) {
        if (cfg->columns)
            say_columns(&r);
        report_rejects(rp, r.lg, cfg->max, co->outdir);
        report_updates(rp, r.lg, r.rg, co->unmask, cfg->max);
        run_say_accounting(&r);
        if (co->outdir)
            run_say_wrote(&r, co->outdir);
        run_set_exit(&r);
    }
    return run_close(&r, ok, err);
}
