/* face.h — the command line: what the commands share to turn options into a run's cfg (the
 * common options and their help written once), progress on a terminal and on --progress-fd,
 * printing the run's report and error, and exit codes. Only the face prints or exits; the
 * runs themselves are in run.h. */
#ifndef GUIYAN_FACE_H
#define GUIYAN_FACE_H

#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <glib.h>
#include "guiyan/run.h"

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
/* The --help line of --kind (summary, track, reply: the other real-name lists). */
void gy_help_kind(FILE *fp);

/* Handle a common option; false if c is not one. Sets *rc on a bad value. */
bool gy_common_opt(gy_common *co, int c, const char *arg, int *rc, const char *cmd);

/* A command's own options: the getopt_long entries (ending with a zero entry) and the
 * function that takes one (c, its argument): GY_EXIT_OK, or the exit code of a usage error
 * it has printed. */
typedef int (*gy_face_opt_fn)(int c, const char *arg, void *user);
/* Or the run layer's setter of the command's cfg by option name (run.h: gy_<cmd>_cfg_set):
 * its error is printed as the usage error. */
typedef bool (*gy_face_set_fn)(void *user, const char *name, const char *value, GError **err);
typedef struct gy_face_cmd {
    const char *name;                /* "summary" */
    const char *shortopts;           /* for getopt_long: ":o:qh" */
    const struct option *own;        /* the command's options; NULL-named entry last */
    bool order;                      /* takes --order given|cut-off */
    void (*usage)(FILE *fp);
    gy_face_opt_fn opt;              /* NULL when set is given */
    void *user;
    gy_face_set_fn set;              /* NULL: opt takes the own options */
} gy_face_cmd;

/* Parse argv (the command's, argv[0] its name) into co and the command's own options: the
 * common options once for every command, -h (usage on standard output). Returns -1 when the
 * command is to run (optind at its files), or the exit code to end with. */
int gy_face_options(const gy_face_cmd *cmd, int argc, char **argv, gy_common *co);

/* The command line's side of a run: progress on a terminal and on --progress-fd (co gets the
 * callback; files: the inputs, for "time left"), the report's lines printed as they are said
 * (the chatty ones left out under --quiet). gy_face_begin before gy_run_<cmd>(cfg, &f.rp,
 * &err); gy_face_end after it prints err (one "guiyan:" line, or one per line when
 * rp.error_by_line), frees what begin made and returns the exit code. */
typedef struct gy_face_progress gy_face_progress;
typedef struct gy_face {
    gy_report rp;
    gy_face_progress *progress;
} gy_face;
void gy_face_begin(gy_face *f, gy_common *co, const char *const *files, size_t n);
int gy_face_end(gy_face *f, bool ok, GError *err);

/* Print "guiyan: <message>" for err and return the exit code its gy_error code maps to.
 * err NULL is a programming error (g_critical; exit code 3). */
int gy_fail(GError *err);
/* The one message for an option getopt_long refused (c is '?' or ':', with opterr = 0 and
 * the option string starting with ':'): names the option and returns 2. */
int gy_option_error(const char *cmd, int c, char **argv);
/* Print a usage error and return 2. */
int gy_usage_error(const char *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The same for the run layer's usage error (gy_<cmd>_cfg_set, _check), which it frees. */
int gy_usage_gerror(const char *cmd, GError *err);

int gy_cmd_summary(int argc, char **argv);
int gy_cmd_check(int argc, char **argv);
int gy_cmd_track(int argc, char **argv);
int gy_cmd_reply(int argc, char **argv);
int gy_cmd_stars(int argc, char **argv);

#endif
