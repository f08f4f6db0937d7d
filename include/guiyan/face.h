/* face.h — what the commands share: setting up a run from options (configuration, division
 * table, region, aliases), progress on a terminal, printing errors and the row accounting,
 * and turning errors into exit codes. Only the face prints or exits. */
#ifndef GUIYAN_FACE_H
#define GUIYAN_FACE_H

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>
#include "guiyan/config.h"
#include "guiyan/county.h"
#include "guiyan/ledger.h"
#include "guiyan/load.h"
#include "guiyan/schema.h"

/* Exit codes (README and --help). */
enum { GY_EXIT_OK = 0, GY_EXIT_REJECTS = 1, GY_EXIT_USAGE = 2, GY_EXIT_IO = 3 };

/* Options every data command takes. */
typedef struct gy_common {
    const char *templates;   /* --templates DIR */
    const char *config;      /* --config FILE */
    const char *region;      /* --region CODE|NAME */
    const char *org;         /* --org NAME: 填报单位 (default from config, per region) */
    bool check_only;         /* `check`: writes no report, so no 填报单位 warning */
    const char *outdir;      /* -o DIR (default out) */
    gy_encoding encoding;    /* --encoding */
    bool strict, quiet;
    bool unmask;             /* --unmask: full ID numbers where people read them */
    int progress_fd;         /* --progress-fd N: JSON-lines progress on descriptor N; 0 none */
    bool order_given;        /* --order given: files newer in the order named */
    const char *sheet;       /* --sheet NAME|N|all: which sheet of a workbook */
    const char *aliases;     /* --aliases FILE: more header spellings */
} gy_common;

/* getopt_long entries for the common options, to splice into a command's table. */
#define GY_COMMON_LONGOPTS \
    { "output", required_argument, NULL, 'o' }, { "templates", required_argument, NULL, 'T' }, \
    { "config", required_argument, NULL, 'C' }, { "region", required_argument, NULL, 'R' }, \
    { "encoding", required_argument, NULL, 'E' }, { "strict", no_argument, NULL, 'S' }, \
    { "quiet", no_argument, NULL, 'q' }, { "help", no_argument, NULL, 'h' }, \
    { "unmask", no_argument, NULL, 'U' }, { "org", required_argument, NULL, 'G' }, \
    { "progress-fd", required_argument, NULL, 'P' }, { "sheet", required_argument, NULL, 'W' }, \
    { "aliases", required_argument, NULL, 'A' }, { "group-readable", no_argument, NULL, 'Y' }

/* --order given|cut-off, for the commands whose --order is not taken (stars orders its list). */
#define GY_ORDER_LONGOPT { "order", required_argument, NULL, 'O' }

/* Print the --help lines of the common options (all of GY_COMMON_LONGOPTS but -o, whose
 * meaning each command states in its own usage; with order, also GY_ORDER_LONGOPT). */
void gy_help_common(FILE *fp, bool order);

/* Handle a common option; false if c is not one. Sets *rc on a bad value. */
bool gy_common_opt(gy_common *co, int c, const char *arg, int *rc, const char *cmd);

/* A prepared run; free with gy_session_close. */
typedef struct gy_session {
    gy_config *cf;
    gy_divisions *dv;
    gy_region *rg;
    gy_aliases *al;
    bool progress;           /* standard error is a terminal and not --quiet */
    int progress_fd;         /* --progress-fd, or 0 */
    unsigned long long total_bytes;
    gint64 t0;
} gy_session;

/* Load configuration, divisions, region and aliases. On failure prints the error, frees what
 * it had opened and returns the exit code (2 or 3); 0 on success (close with
 * gy_session_close, which also removes outputs held and not published). */
int gy_session_open(gy_session *ss, const gy_common *co);
void gy_session_close(gy_session *ss);

/* Before any data is read: the inputs (NULL-terminated; "-" skipped; gy_output_protect takes
 * others) are protected from being replaced, the output folder outdir must take `names` (NULL-terminated)
 * and each of the other folders (png_dir, svg_dir; may be NULL) must take files; then every
 * output is held until gy_output_publish. Prints the error and returns its exit code (2: an
 * output would replace an input; 3: a folder cannot be written), or 0. */
int gy_session_outputs(const char *const *inputs, const char *outdir,
                       const char *const *names, const char *png_dir, const char *svg_dir);

/* Check that a font covers the charts' text before any data is read: prints a substitution
 * warning (kept in *warning, newly allocated, for not repeating it) and returns 0, or prints
 * the error (naming the Debian font package) and returns 3. */
int gy_session_fonts(gy_session *ss, char **warning);

/* Load options from the common options: encoding, --unmask, progress on this session;
 * GUIYAN_THREADS=1 forces one reader (for benchmarks). */
gy_load_opts gy_session_load_opts(gy_session *ss, const gy_common *co);

/* Progress callback for gy_load: prints only when ss->progress; with --progress-fd N also
 * writes one JSON line to descriptor N at most every 250 ms and at the end:
 * {"bytes":B,"total":T,"rows":R,"eta_s":S} (eta_s -1 when unknown). */
void gy_session_progress(unsigned long long bytes, unsigned long rows, void *ss);
/* Sum of the input sizes, for "time left". */
void gy_session_measure(gy_session *ss, const char *const *files, size_t n);

/* Print "guiyan: <message>" for err and return the exit code its gy_error code maps to.
 * err NULL is a programming error (g_critical; exit code 3). */
int gy_fail(GError *err);
int gy_exit_for(gy_error e);
/* The one message for an option getopt_long refused (c is '?' or ':', with opterr = 0 and
 * the option string starting with ':'): names the option and returns 2. */
int gy_option_error(const char *cmd, int c, char **argv);
/* Print a usage error and return 2. */
int gy_usage_error(const char *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Ends an accounting line: ", 2 skipped (total or note rows)" when there are any (rows_read
 * adds up either way), then the line break. */
void gy_print_skipped(unsigned long k);

/* One accounting line per file and one for the run, on standard error. */
void gy_print_accounting(const gy_ledger *lg);
/* Under a county region, the township texts counted under 未填乡镇 (blank, unknown with the
 * nearest names, ambiguous with the townships they fit), most rows first, at most `max`. */
void gy_print_unmatched(const gy_region *rg, size_t max);
/* The same for a report (Chinese): "98行计入“未填乡镇”：空白49行；“新民镇”49行（不是犍为县的
 * 乡镇）。", or NULL when there is none. Newly allocated. */
char *gy_unmatched_text(const gy_region *rg);
/* What the records cover, one line per kind of date (start, loan), with the gap months. */
void gy_print_coverage(const gy_ledger *lg);
/* The order the files were taken in, oldest first, with their cut-offs (two files or more). */
void gy_print_order(const gy_ledger *lg);
/* The first `max` updates of supersession (updates.csv), on standard error. */
void gy_print_updates(gy_ledger *lg, const gy_region *rg, bool unmask, size_t max);
/* The first `max` rejects, one line each, on standard error. */
void gy_print_rejects(const gy_ledger *lg, size_t max);
/* The same, saying where the rest are only when rejects.csv was written (to outdir; NULL:
 * nowhere, as `check` without -o). */
void gy_print_rejects_to(const gy_ledger *lg, size_t max, const char *outdir);

/* Parse a date option (any form gy_date_parse accepts). */
bool gy_parse_day_opt(const char *s, gy_day *out);

int gy_cmd_summary(int argc, char **argv);
int gy_cmd_check(int argc, char **argv);
int gy_cmd_track(int argc, char **argv);
int gy_cmd_reply(int argc, char **argv);
int gy_cmd_stars(int argc, char **argv);

#endif
