/* jobs.h — the jobs of guiyan serve: one folder each under the data folder (0700; in/ the
 * uploaded inputs, out/ what the command published, preview/ chart pages as PNG; job.json the
 * state; messages.log the command's own messages), a bounded queue, and each run a child
 * process of guiyan itself (the same command line, in the job's in/ folder, with memory and
 * time limits) reporting progress on --progress-fd. Main loop only (GLib callbacks). */
#ifndef GUIYAN_JOBS_H
#define GUIYAN_JOBS_H

#include <stdbool.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

typedef enum gy_job_state {
    GY_JOB_CREATED, GY_JOB_QUEUED, GY_JOB_RUNNING, GY_JOB_DONE, GY_JOB_FAILED, GY_JOB_CANCELLED,
} gy_job_state;

typedef struct gy_jobs_limits {
    int max_running;         /* children at once (default: the number of cores) */
    int max_queue;           /* jobs waiting at most */
    int max_per_user;        /* jobs kept per user */
    int max_inputs;          /* files per job */
    guint64 max_upload;      /* bytes per file */
    guint64 max_job_bytes;   /* bytes per job, all files */
    guint64 mem_limit;       /* address space of a child, bytes (0: none) */
    int time_limit_s;        /* a child's running time (0: none) */
    int keep_days;           /* jobs deleted this long after they finish */
    int keep_inputs_hours;   /* inputs deleted this long after the job finishes, unless kept */
} gy_jobs_limits;

typedef struct gy_job gy_job;
typedef struct gy_jobs gy_jobs;

/* Called when a job changes state (queued, running, finished), e.g. for the audit log. */
typedef void (*gy_jobs_notify)(gy_job *job, void *user);

/* Open the jobs under dir (made 0700 if missing), using exe (guiyan's own binary) for runs.
 * Jobs found running are marked failed (the server stopped under them); queued ones are
 * queued again. NULL and *err when dir cannot be made or read. */
gy_jobs *gy_jobs_open(const char *dir, const char *exe, const gy_jobs_limits *lim,
                      gy_jobs_notify notify, void *user, GError **err);
/* Kills the running children (SIGKILL) and frees everything (NULL accepted). */
void gy_jobs_free(gy_jobs *js);

/* Check a command and its options ({"to": "2021-06-30", "ytd": true, …}) against the table of
 * options a web job may take, then their values through the run layer in this process
 * (gy_request: the command line's own checks and messages, --kind against kinds.ini; no input
 * is read). On refusal false, *status 400 (unknown, ill-typed or a bad value) or 403 (a path
 * on the server, or unmask without admin) and *err says why. */
bool gy_jobs_check_options(const char *command, JsonObject *options, bool admin, int *status,
                           GError **err);

/* A new job in state created (its folder made); NULL and *err (with *status 429) when owner
 * has max_per_user jobs already. options: taken by reference. */
gy_job *gy_jobs_create(gy_jobs *js, const char *owner, const char *command, JsonObject *options,
                       int *status, GError **err);
/* The job with this id, or NULL. */
gy_job *gy_jobs_get(gy_jobs *js, const char *id);
/* The jobs of owner (NULL: all), newest first; free the array (not the jobs). */
GPtrArray *gy_jobs_list(gy_jobs *js, const char *owner);

/* The file name an uploaded input gets: the base name of name without control characters,
 * at most 100 characters, not "." or "..", no leading '-' or '.', unique among the job's
 * inputs (" (2)" before the extension). Newly allocated. */
char *gy_jobs_safe_name(const gy_job *job, const char *name);

/* Start receiving an input of the given role (records, targets, template, roster, aliases):
 * opens a temporary file in in/. False, *status (400, 409, 413) and *err when the job does
 * not take files now, the role is unknown or the limits are met. */
bool gy_job_upload_begin(gy_jobs *js, gy_job *job, const char *role, guint64 length,
                         int *status, GError **err);
/* Append a chunk; false (and the upload abandoned) past the size limits, *status 413. */
bool gy_job_upload_write(gy_jobs *js, gy_job *job, const void *data, size_t n, int *status,
                         GError **err);
/* Publish the file under its safe name (returned in *stored, newly allocated), or abandon it
 * (commit false). */
bool gy_job_upload_end(gy_jobs *js, gy_job *job, const char *name, bool commit, char **stored,
                       GError **err);

/* Queue the job (it needs its inputs); false with *status (400, 409, 503) and *err. */
bool gy_jobs_run(gy_jobs *js, gy_job *job, int *status, GError **err);
/* Cancel a queued or running job (SIGTERM, then SIGKILL after 5 s). False when finished. */
bool gy_jobs_cancel(gy_jobs *js, gy_job *job);
/* Remove a job and its folder (a running one is killed first). */
void gy_jobs_delete(gy_jobs *js, gy_job *job);
/* Keep the inputs past keep_inputs_hours (true) or not. */
void gy_job_keep_inputs(gy_jobs *js, gy_job *job, bool keep);
/* Delete what is past its time (jobs after keep_days, inputs after keep_inputs_hours); now in
 * seconds since 1970. Returns the number of jobs deleted. */
int gy_jobs_sweep(gy_jobs *js, gint64 now);

const char *gy_job_id(const gy_job *job);
const char *gy_job_owner(const gy_job *job);
gy_job_state gy_job_get_state(const gy_job *job);
const char *gy_job_state_name(gy_job_state s);
/* The job's folder (in, out, preview below it). */
const char *gy_job_dir(const gy_job *job);
/* The inputs' names and SHA-256 as a JSON object text {"inputs":[{"name","sha256"},…]}. */
char *gy_job_inputs_json(const gy_job *job);
/* True when name is one of the job's published outputs (so out/name may be served). */
bool gy_job_has_output(const gy_job *job, const char *name);
/* The job as the API shows it; full adds messages, rejects and previews. */
JsonNode *gy_job_to_json(gy_jobs *js, gy_job *job, bool full);

#endif
