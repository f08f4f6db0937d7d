/* run.h — one function per command, on one pipeline: session (configuration, divisions,
 * region, aliases) → fonts → outputs held → load → figures → renderers → manifest → publish
 * → report. A run prints nothing and never exits: what a person is told goes into a
 * gy_report (lines in the order they were said, the files written, the exit category), and a
 * failure is a GError. Faces (the command line, the web server) fill a cfg, call the run and
 * show the report.
 *
 * Runs may follow one another in one process: each starts from its cfg alone (the output
 * registry's protected inputs and folder mode are set per run, the store's ceiling too). Two
 * runs at once in one process are serialised (the outputs a run holds are process-wide).
 * A run can be cancelled through cfg->common.cancel: checked between rows (every 16,384) and
 * between files in the load and before each output; a cancelled run publishes nothing and
 * fails with G_IO_ERROR_CANCELLED. */
#ifndef GUIYAN_RUN_H
#define GUIYAN_RUN_H

#include <stdbool.h>
#include <gio/gio.h>
#include "guiyan/load.h"
#include "guiyan/types.h"

/* Exit codes (README and --help): a report's category. */
typedef enum gy_exit { GY_EXIT_OK = 0, GY_EXIT_REJECTS = 1, GY_EXIT_USAGE = 2, GY_EXIT_IO = 3 } gy_exit;

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
    bool group_readable;     /* --group-readable: output folders 0750 */
    /* for the run, not options */
    gy_progress_fn progress; /* bytes and rows read so far, now and then; may be NULL */
    void *progress_user;
    GCancellable *cancel;    /* may be NULL */
} gy_common;

/* What a report line is, for a face that shows them apart; text is the line as printed. */
typedef enum gy_line_kind {
    GY_LINE_ERROR,           /* a problem that changed the exit status */
    GY_LINE_WARNING,
    GY_LINE_NOTE,
    GY_LINE_ACCOUNT,         /* the accounting of rows, coverage, order, rejects, updates */
    GY_LINE_TEXT,            /* a text for the reader (stars' sentence) */
    GY_LINE_WROTE,           /* an output written */
    GY_LINE_STDOUT,          /* for standard output (check --columns) */
} gy_line_kind;

typedef struct gy_line {
    gy_line_kind kind;
    bool chatty;             /* left out under --quiet */
    char *text;              /* ends with a line break; may hold several lines */
} gy_line;

typedef struct gy_report gy_report;
struct gy_report {
    GPtrArray *lines;        /* gy_line *, in the order said */
    GPtrArray *written;      /* paths of the outputs published, in manifest order */
    gy_exit exit;            /* the category of the run's end, also on failure */
    bool error_by_line;      /* the error's message has lines to show one by one */
    unsigned long rows_read, accepted, duplicate, superseded, rejected, skipped;
    bool order_given;        /* --order given: the files' order is the one named (stderr says so) */
    /* called as each line is said (the command line shows them as they come); may be NULL */
    void (*said)(const gy_line *line, void *user);
    void *said_user;
};

/* Set up an empty report (no callback); free what it holds with gy_report_clear. */
void gy_report_init(gy_report *rp);
void gy_report_clear(gy_report *rp);
/* Add a line (printf-style; the text gets a line break unless it ends with one). */
void gy_report_say(gy_report *rp, gy_line_kind kind, bool chatty, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* `summary` */
typedef struct gy_summary_cfg {
    gy_common common;
    const char *const *files;
    size_t n_files;
    gy_grain grain;          /* --by */
    const char *by;          /* --by as given, for the manifest */
    gy_day from, to;         /* GY_NO_DAY: unbounded */
    const char *from_s, *to_s;   /* as given, or "" */
    bool ytd, charts;
    const char *png_dir, *svg_dir;
    const char *kind;        /* --kind: every file read as this list; NULL: each header tells */
} gy_summary_cfg;

/* `check` */
typedef struct gy_check_cfg {
    gy_common common;        /* outdir NULL: write nothing */
    const char *const *files;
    size_t n_files;
    unsigned long max;       /* rejects and updates listed */
    bool columns;            /* each file's header → field mapping, on standard output */
    const char *targets;     /* --targets FILE: a targets file read as track reads it, or NULL */
} gy_check_cfg;

/* `reply` */
typedef struct gy_reply_cfg {
    gy_common common;
    const char *const *files;
    size_t n_files;
    const char *template_name;   /* -t: a path, or a name in the templates folder */
    int year;                /* 0: the last year the records cover whole */
    gy_day as_of;            /* GY_NO_DAY: the last day the records cover */
    bool explain, allow_uncovered;
    const char *kind;        /* --kind, as summary's */
} gy_reply_cfg;

/* `track` */
typedef struct gy_track_cfg {
    gy_common common;
    const char *const *files;
    size_t n_files;
    gy_day as_of;
    const char *as_of_s;     /* as given */
    const char *targets;
    const char *progress_s;  /* "month" or "day", as given */
    int progress_mode;       /* gy_progress_mode */
    int64_t yellow;          /* hundredths of a percentage point */
    bool total_first, rank_units, charts;
    const char *png_dir, *svg_dir;
    const char *targets_template;   /* write only the blank 分解表 here */
    const char *kind;        /* --kind, as summary's */
} gy_track_cfg;

/* `stars` */
typedef struct gy_stars_cfg {
    gy_common common;
    const char *const *files;      /* rosters */
    size_t n_files;
    const char *const *records;    /* startup records, may be none */
    size_t n_records;
    int order;               /* gy_name_order */
    const char *order_s;     /* as given */
    const char *date_s;      /* --date as given, or NULL */
    gy_day made_on;          /* --date, else SOURCE_DATE_EPOCH's day, else GY_NO_DAY */
} gy_stars_cfg;

/* Each: TRUE when the run came to its end (rp->exit says how: 0, or 1 under --strict with
 * rejects, or 1 when reply refused uncovered figures, published nothing and said why); FALSE
 * with *err (and rp->exit its category) when it stopped. Outputs are published only by a
 * run that returns TRUE with exit 0 or 1 under --strict. */
bool gy_run_summary(const gy_summary_cfg *cfg, gy_report *rp, GError **err);
bool gy_run_check(const gy_check_cfg *cfg, gy_report *rp, GError **err);
bool gy_run_reply(const gy_reply_cfg *cfg, gy_report *rp, GError **err);
bool gy_run_track(const gy_track_cfg *cfg, gy_report *rp, GError **err);
bool gy_run_stars(const gy_stars_cfg *cfg, gy_report *rp, GError **err);

/* The exit category of an error: GY_ERROR codes by gy_exit_for, anything else 3. */
gy_exit gy_exit_of(const GError *err);
int gy_exit_for(gy_error e);

/* ---- Options by name (options.c): one validation for the command line and the web ----
 * A face turns each option it was given into a call of gy_<cmd>_cfg_set (name without "--",
 * value NULL for a flag), then gy_<cmd>_cfg_check, then runs. A setter takes the command's
 * own options and the common ones (gy_common_set); value is borrowed and must outlive cfg.
 * Each returns FALSE with *err (GY_E_USAGE, the message the command line prints after
 * "guiyan CMD: ") on an unknown option or a bad value. --progress-fd is the face's own
 * (a descriptor of its process), not taken here. */
void gy_summary_cfg_init(gy_summary_cfg *cfg);
void gy_track_cfg_init(gy_track_cfg *cfg);
void gy_reply_cfg_init(gy_reply_cfg *cfg);
void gy_stars_cfg_init(gy_stars_cfg *cfg);
bool gy_common_set(gy_common *co, const char *name, const char *value, GError **err);
bool gy_summary_cfg_set(gy_summary_cfg *cfg, const char *name, const char *value, GError **err);
bool gy_track_cfg_set(gy_track_cfg *cfg, const char *name, const char *value, GError **err);
bool gy_reply_cfg_set(gy_reply_cfg *cfg, const char *name, const char *value, GError **err);
bool gy_stars_cfg_set(gy_stars_cfg *cfg, const char *name, const char *value, GError **err);
/* The checks between options, in the command line's order. With inputs, also that the files
 * (cfg->files, and track's --targets, reply's --template) are given; a front end that has
 * not received them yet passes FALSE. stars' check also sets made_on (--date, else
 * SOURCE_DATE_EPOCH). No file is read. */
bool gy_summary_cfg_check(const gy_summary_cfg *cfg, bool inputs, GError **err);
bool gy_track_cfg_check(const gy_track_cfg *cfg, bool inputs, GError **err);
bool gy_reply_cfg_check(const gy_reply_cfg *cfg, bool inputs, GError **err);
bool gy_stars_cfg_check(gy_stars_cfg *cfg, bool inputs, GError **err);
/* --kind against the kinds of kinds.ini (read from co's templates folder), stars and startup:
 * what a run checks once it is open, for a front end that answers before any input is read.
 * kind NULL is TRUE. GY_E_USAGE, or the configuration's error. */
bool gy_kind_check(const gy_common *co, const char *kind, GError **err);
/* --region against the division table (and, for a county, its townships), read from co's
 * templates folder: run_open's check with its message ("region 火星县: unknown region …"), for a
 * front end that answers before any input is read. No --region is TRUE. GY_E_CONFIG. */
bool gy_region_check(const gy_common *co, GError **err);
/* Parse a date option (any form gy_date_parse accepts). */
bool gy_parse_day_opt(const char *s, gy_day *out);

/* A command's request by its name, for a front end that holds options by name (guiyan serve):
 * the cfg of summary, track, reply or stars, owning the values it was given. */
typedef struct gy_request gy_request;
/* NULL with *err (GY_E_USAGE) when command is not summary, track, reply or stars. Free with
 * gy_request_free (accepts NULL). */
gy_request *gy_request_new(const char *command, GError **err);
void gy_request_free(gy_request *rq);
/* gy_<cmd>_cfg_set on the request's cfg; value is copied. */
bool gy_request_set(gy_request *rq, const char *name, const char *value, GError **err);
/* gy_<cmd>_cfg_check without inputs, then gy_region_check and gy_kind_check. */
bool gy_request_check(gy_request *rq, GError **err);

#endif
