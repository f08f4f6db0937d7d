/* run_int.h — what the commands of src/run/ share: one run's state and the pipeline's steps
 * (pipeline.c), and the report's accounting lines (report.c). Private to src/run/. */
#ifndef GUIYAN_RUN_INT_H
#define GUIYAN_RUN_INT_H

#include "guiyan/config.h"
#include "guiyan/county.h"
#include "guiyan/cube.h"
#include "guiyan/declared.h"
#include "guiyan/ledger.h"
#include "guiyan/report.h"
#include "guiyan/run.h"
#include "guiyan/schema.h"

/* One run: its session, its store and ledger, its outputs. Set up by run_open, freed by
 * run_close (which removes the outputs held and not published). */
typedef struct gy_run {
    const gy_common *co;
    gy_report *rp;
    gy_config *cf;
    gy_divisions *dv;
    gy_region *rg;
    gy_aliases *al;
    char *font_warning;      /* the fonts' substitution warning, said once */
    gy_cube *cube;
    gy_ledger *lg;
    GPtrArray *outs;         /* output names in manifest order (static strings) */
    const struct gy_decl_run *lists;   /* the other real-name lists read (lists.h), or NULL */
} gy_run;

/* Session: configuration, divisions, region (and its township spellings), aliases; with
 * fonts, the font check of what is drawn. A GError with the category of the failure. */
bool run_open(gy_run *r, const gy_common *co, gy_report *rp, bool fonts, GError **err);
/* Before any data is read: inputs (n of them; "-" skipped) and the `more` inputs
 * (NULL-terminated, may be NULL) protected, outdir must take `names` (NULL-terminated),
 * png_dir and svg_dir (may be NULL) must take files; then every output is held. */
bool run_hold(gy_run *r, const char *const *inputs, size_t n, const char *const *more,
              const char *outdir, const char *const *names, const char *png_dir,
              const char *svg_dir, GError **err);
/* Read the files into r->cube and r->ledger (new), headers first; from/to bound the records. */
bool run_load(gy_run *r, const char *const *files, size_t n, gy_day from, gy_day to,
              GError **err);
/* FALSE with G_IO_ERROR_CANCELLED when the run was cancelled: between outputs. */
bool run_go_on(const gy_run *r, GError **err);
/* Remember an output name (static) for the manifest, the published list and "wrote". */
void run_out(gy_run *r, const char *name);
/* manifest.json (the last of r->outs) in outdir, then publish every held output. */
bool run_publish(gy_run *r, const char *outdir, const char *command, const gy_kv *opts,
                 size_t n_opts, GError **err);
/* The tail every command has: the accounting lines (and the 未填乡镇 list), "wrote" lines,
 * the exit category (1 under --strict when a row was rejected). */
void run_say_accounting(gy_run *r);
void run_say_wrote(gy_run *r, const char *outdir);
void run_set_exit(gy_run *r);
/* End a run: held outputs removed, everything freed. Returns ok; on !ok sets rp->exit from
 * *err. */
bool run_close(gy_run *r, bool ok, GError **err);
/* updates.csv (gy_ledger_write_updates into outdir) written on a thread of its own while the
 * command makes its other outputs, which may only read r->lg meanwhile. run_updates_join
 * waits for it (nothing when it was not started: a zeroed run_updates) and returns ok unless
 * it failed; its error then replaces *err's when `first` (it was asked for before the outputs
 * made meanwhile) or when ok, and is dropped otherwise. */
typedef struct run_updates {
    GThread *th;
    gy_ledger *lg;
    const gy_region *rg;
    bool unmask;
    char *path;
    gy_error e;
    GError *err;
} run_updates;
void run_updates_start(run_updates *u, gy_run *r, const char *outdir, bool unmask);
bool run_updates_join(run_updates *u, bool ok, bool first, GError **err);
/* Path of a file in the templates folder. */
char *run_config_file(const gy_run *r, const char *name);
/* The kind --kind names (gy_kinds_by_name), or FALSE with the usage error (options.c). */
bool run_kind_of(const gy_kinds *ks, const char *name, int *kind, GError **err);

/* Report lines (report.c), the accounting as the command line always showed it. */
void report_raw(gy_report *rp, gy_line_kind kind, bool chatty, const char *text);  /* as is */
void report_skipped(GString *s, unsigned long k);
void report_accounting(gy_report *rp, const gy_ledger *lg);
void report_unmatched(gy_report *rp, const gy_region *rg, size_t max, bool chatty);
void report_rejects(gy_report *rp, const gy_ledger *lg, size_t max, const char *outdir);
void report_updates(gy_report *rp, gy_ledger *lg, const gy_region *rg, bool unmask, size_t max);
/* Under a county region, the texts counted under 未填乡镇, in Chinese for a report, or NULL. */
char *gy_unmatched_text(const gy_region *rg);

#endif
