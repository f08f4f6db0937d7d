/* pipeline.c — the steps every command's run takes, in this order: session (configuration,
 * divisions, region, aliases) → fonts → outputs held → load → (the command's figures and
 * renderers) → manifest → publish → accounting, "wrote", exit category. */
#include <stdlib.h>
#include <string.h>

#include "guiyan/charts_report.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/timing.h"
#include "lists.h"
#include "run_int.h"

/* The outputs a run holds are process-wide (the signal handler's registry): one run at a
 * time, from run_open to run_close. */
static GMutex one_run;

int gy_exit_for(gy_error e)
{
    switch (e) {
    case GY_OK: return GY_EXIT_OK;
    case GY_E_IO: case GY_E_NOMEM: case GY_E_FONT: case GY_E_ENCODING: case GY_E_CSV:
    case GY_E_TOO_MANY_RECORDS: case GY_E_SUM_TOO_BIG:
        return GY_EXIT_IO;
    default:
        return GY_EXIT_USAGE;
    }
}

gy_exit gy_exit_of(const GError *err)
{
    if (!err)
        return GY_EXIT_IO;
    return err->domain == GY_ERROR ? (gy_exit)gy_exit_for((gy_error)err->code) : GY_EXIT_IO;
}

char *run_config_file(const gy_run *r, const char *name)
{
    return gy_config_file(r->cf, name);
}

/* An error of the setup (division table, aliases) is a configuration error, exit 2. */
static bool config_error(GError **err)
{
    if (err && *err) {
        (*err)->domain = GY_ERROR;
        (*err)->code = GY_E_CONFIG;
    }
    return false;
}

/* A county's rows are its townships: the 乡镇（街道） column names them, and a 县 column,
 * when there is one, only has to be this county. */
static void township_aliases(gy_run *r)
{
    static const char *const kinds[] = { "records", "targets", "stars" };
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        gy_aliases_rename(r->al, kinds[i], "county", "county_of");
        gy_aliases_rename(r->al, kinds[i], "township", "county");
    }
    /* [townships]: a bureau's own spellings, old names of merged townships among them */
    gchar **keys = gy_aliases_keys(r->al, "townships");
    for (gchar **k = keys; *k; k++) {
        size_t idx;
        if (gy_region_resolve(r->rg, *k, &idx) != GY_OK || idx == gy_region_count(r->rg) - 1)
            continue;               /* another county's township, or not one */
        gchar **sp = gy_aliases_list(r->al, "townships", *k);
        for (gchar **a = sp; *a; a++)
            gy_region_add_alias(r->rg, idx, *a);
        g_strfreev(sp);
    }
    g_strfreev(keys);
}

static bool open_session(gy_run *r, const gy_common *co, GError **err)
{
    r->cf = gy_config_load(co->templates, co->config, err);
    if (!r->cf)
        return false;
    char *p = gy_config_file(r->cf, "divisions.tsv");
    r->dv = gy_divisions_load(p, err);
    g_free(p);
    if (!r->dv) {
        g_prefix_error(err, "%s: ", _("division table"));
        return config_error(err);
    }
    r->rg = gy_config_region(r->cf, r->dv, co->region, err);
    if (!r->rg)
        return false;
    /* the 填报单位 is the region's own, or none: never another bureau's name */
    char *warning = NULL;
    char *org = gy_config_org(r->cf, r->dv, r->rg, co->org, &warning);
    g_free(r->cf->org);
    r->cf->org = org;
    if (warning && !co->check_only)
        gy_report_say(r->rp, GY_LINE_WARNING, false, _("guiyan: warning: %s\n"), warning);
    g_free(warning);
    p = gy_config_file(r->cf, "aliases.ini");
    r->al = gy_aliases_load(p, err);
    /* the user's spellings over the templates' (--aliases last): nobody copies the folder */
    char *user = gy_aliases_user_file();
    if (r->al && g_file_test(user, G_FILE_TEST_EXISTS) &&
        gy_aliases_add_file(r->al, user, err) != GY_OK)
        g_clear_pointer(&r->al, gy_aliases_free);
    g_free(user);
    if (r->al && co->aliases && gy_aliases_add_file(r->al, co->aliases, err) != GY_OK)
        g_clear_pointer(&r->al, gy_aliases_free);
    g_free(p);
    if (!r->al)
        return config_error(err);
    if (gy_region_is_townships(r->rg))
        township_aliases(r);
    return true;
}

bool run_open(gy_run *r, const gy_common *co, gy_report *rp, bool fonts, GError **err)
{
    g_mutex_lock(&one_run);
    memset(r, 0, sizeof *r);
    r->co = co;
    r->rp = rp;
    r->outs = g_ptr_array_new();
    rp->exit = GY_EXIT_OK;
    rp->order_given = co->order_given;
    /* nothing of an earlier run in this process: its folder mode, its protected inputs */
    gy_output_group_readable(co->group_readable);
    gy_output_forget_inputs();
    gy_timing_restart();
    if (!open_session(r, co, err))
        return false;
    /* no font for what is drawn: say so now, not after reading the records */
    if (fonts) {
        if (gy_charts_preflight(r->cf, &r->font_warning, err) != GY_OK)
            return false;
        if (r->font_warning)
            gy_report_say(rp, GY_LINE_WARNING, false, _("guiyan: warning: %s\n"),
                          r->font_warning);
    }
    return run_go_on(r, err);
}

bool run_hold(gy_run *r, const char *const *inputs, size_t n, const char *const *more,
              const char *outdir, const char *const *names, const char *png_dir,
              const char *svg_dir, GError **err)
{
    (void)r;                      /* the registry is the process's, held for this run */
    for (size_t i = 0; i < n; i++)
        gy_output_protect(inputs[i]);
    for (size_t i = 0; more && more[i]; i++)
        gy_output_protect(more[i]);
    const char *dirs[] = { png_dir, svg_dir };
    if (gy_output_check_dir(outdir, names, err) != GY_OK)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++)
        if (dirs[i] && gy_output_check_dir(dirs[i], NULL, err) != GY_OK)
            return false;
    gy_output_hold();
    return true;
}

bool run_go_on(const gy_run *r, GError **err)
{
    return !g_cancellable_set_error_if_cancelled(r->co->cancel, err);
}

bool run_load(gy_run *r, const char *const *files, size_t n, gy_day from, gy_day to,
              GError **err)
{
    const gy_common *co = r->co;
    const char *th = g_getenv("GUIYAN_THREADS");   /* 1 = one reader, for comparisons */
    /* a lower ceiling on the records held, to show what happens at GY_MAX_RECORDS: an option
     * of this run's store, so that no run inherits another's */
    const char *max = g_getenv("GUIYAN_MAX_RECORDS");
    gy_cube_opts copts = {
        .max_records = max ? (uint32_t)MIN(g_ascii_strtoull(max, NULL, 10), GY_MAX_RECORDS) : 0,
    };
    gy_load_opts lo = { .encoding = co->encoding, .threads = th ? atoi(th) : 0,
                        .unmask = co->unmask, .order_given = co->order_given,
                        .sheet = co->sheet, .from = from, .to = to,
                        .progress = co->progress, .progress_user = co->progress_user,
                        .cancel = co->cancel };
    r->cube = gy_cube_new_opt(r->rg, &copts);
    r->lg = gy_ledger_new();
    if (!run_go_on(r, err))
        return false;
    gy_error e = gy_load_check_headers(files, n, r->al, co->encoding, co->sheet, err);
    if (e == GY_OK)
        e = gy_load(files, n, r->al, r->rg, &lo, r->cube, r->lg, err);
    return e == GY_OK;
}

void run_out(gy_run *r, const char *name)
{
    g_ptr_array_add(r->outs, (gpointer)name);
}

bool run_publish(gy_run *r, const char *outdir, const char *command, const gy_kv *opts,
                 size_t n_opts, GError **err)
{
    if (!run_go_on(r, err))
        return false;
    char *p_man = g_build_filename(outdir, "manifest.json", NULL);
    gy_error e = gy_manifest_write(p_man, r->lg, command, opts, n_opts,
                                   (const char *const *)r->outs->pdata, r->outs->len, err);
    g_free(p_man);
    /* the last chance to stop: after this the outputs are in place */
    if (e == GY_OK && !run_go_on(r, err))
        return false;
    if (e == GY_OK)
        e = gy_output_publish(err);
    if (e != GY_OK)
        return false;
    for (guint i = 0; i < r->outs->len; i++)
        g_ptr_array_add(r->rp->written, g_build_filename(outdir, r->outs->pdata[i], NULL));
    return true;
}

void run_say_accounting(gy_run *r)
{
    report_accounting(r->rp, r->lg);
    if (r->lists)
        gy_decl_run_report(r->lists, r->rp);
    report_unmatched(r->rp, r->rg, 20, false);
}

void run_say_wrote(gy_run *r, const char *outdir)
{
    for (guint i = 0; i < r->outs->len; i++)
        gy_report_say(r->rp, GY_LINE_WROTE, true, _("guiyan: wrote %s/%s\n"), outdir,
                      (const char *)r->outs->pdata[i]);
}

void run_set_exit(gy_run *r)
{
    bool rejected = gy_ledger_rejected(r->lg) || (r->lists && gy_decl_run_rejected(r->lists));
    r->rp->exit = r->co->strict && rejected ? GY_EXIT_REJECTS : GY_EXIT_OK;
}

bool run_close(gy_run *r, bool ok, GError **err)
{
    gy_output_discard();          /* a run that failed leaves the output folder as it was */
    gy_output_forget_inputs();
    if (!ok)
        r->rp->exit = gy_exit_of(err ? *err : NULL);
    gy_ledger_free(r->lg);
    gy_cube_free(r->cube);
    g_free(r->font_warning);
    gy_aliases_free(r->al);
    gy_region_free(r->rg);
    gy_divisions_free(r->dv);
    gy_config_free(r->cf);
    g_ptr_array_free(r->outs, TRUE);
    memset(r, 0, sizeof *r);
    g_mutex_unlock(&one_run);
    return ok;
}
