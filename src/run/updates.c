/* updates.c — updates.csv written on a thread of its own while a command makes its other
 * outputs: it has a row per superseded row, hundreds of megabytes for a year of monthly
 * snapshots, and the workbook and charts need not wait for it. */
#include "guiyan/timing.h"
#include "run_int.h"

static gpointer updates_run(gpointer data)
{
    run_updates *u = data;
    u->e = gy_ledger_write_updates(u->lg, u->rg, u->unmask, u->path, &u->err);
    return NULL;
}

void run_updates_start(run_updates *u, gy_run *r, const char *outdir, bool unmask)
{
    *u = (run_updates){ .lg = r->lg, .rg = r->rg, .unmask = unmask, .e = GY_OK,
                        .path = g_build_filename(outdir, "updates.csv", NULL) };
    u->th = g_thread_new("guiyan-updates", updates_run, u);
}

bool run_updates_join(run_updates *u, bool ok, bool first, GError **err)
{
    if (!u->th)
        return ok;
    g_thread_join(u->th);
    u->th = NULL;
    gy_timing("updates.csv");
    g_free(u->path);
    u->path = NULL;
    if (u->e == GY_OK)
        return ok;
    if (first || ok) {
        g_clear_error(err);
        g_propagate_error(err, u->err);
    } else {
        g_clear_error(&u->err);
    }
    return false;
}
