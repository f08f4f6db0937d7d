/* jobs.c — guiyan serve's jobs: folders, the queue, and runs as child processes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>

#include "guiyan/i18n.h"
#include "guiyan/jobs.h"
#include "guiyan/reader.h"
#include "guiyan/run.h"

#define MAX_MESSAGES 200
#define MAX_REJECTS 20
#define MAX_PREVIEWS 12

typedef struct job_input {
    char *name, *role, *sha256;
    gint64 size;
} job_input;

struct gy_job {
    char *id, *owner, *command, *dir;
    JsonObject *options;
    GPtrArray *inputs;           /* job_input* in upload order */
    gy_job_state state;
    int exit_code;               /* -1 until the command exited */
    char *reason;                /* why it failed or was cancelled */
    gint64 created, started, finished;
    bool keep_inputs, inputs_deleted;
    guint64 bytes, total, rows;
    gint64 eta;
    /* while running */
    GSubprocess *proc;
    GDataInputStream *progress;
    GCancellable *cancellable;
    guint timer, kill_timer;
    bool cancel_asked, timed_out, deleted;
    /* while receiving an upload */
    int up_fd;
    char *up_tmp, *up_role;
    guint64 up_bytes;
    GChecksum *up_sum;
};

struct gy_jobs {
    char *dir, *exe;
    gy_jobs_limits lim;
    GHashTable *by_id;           /* id → gy_job* (freed by hand: a killed job outlives it) */
    GQueue queue;                /* gy_job* waiting */
    int running;
    gy_jobs_notify notify;
    void *user;
};

static const char *const state_names[] = {
    [GY_JOB_CREATED] = "created", [GY_JOB_QUEUED] = "queued", [GY_JOB_RUNNING] = "running",
    [GY_JOB_DONE] = "done", [GY_JOB_FAILED] = "failed", [GY_JOB_CANCELLED] = "cancelled",
};

const char *gy_job_state_name(gy_job_state s) { return state_names[s]; }
const char *gy_job_id(const gy_job *job) { return job->id; }
const char *gy_job_owner(const gy_job *job) { return job->owner; }
gy_job_state gy_job_get_state(const gy_job *job) { return job->state; }
const char *gy_job_dir(const gy_job *job) { return job->dir; }

/* ---- the options a web job may take ---- */

typedef enum { OPT_STRING, OPT_BOOL, OPT_PATH, OPT_ADMIN } opt_kind;

static const struct {
    const char *command;         /* NULL: every command */
    const char *name;
    opt_kind kind;
} options[] = {
    { NULL, "region", OPT_STRING }, { NULL, "encoding", OPT_STRING },
    { NULL, "strict", OPT_BOOL }, { NULL, "unmask", OPT_ADMIN },
    { NULL, "output", OPT_PATH }, { NULL, "templates", OPT_PATH }, { NULL, "config", OPT_PATH },
    { NULL, "png", OPT_PATH }, { NULL, "svg", OPT_PATH }, { NULL, "aliases", OPT_PATH },
    { NULL, "progress-fd", OPT_PATH }, { NULL, "targets", OPT_PATH },
    { NULL, "template", OPT_PATH }, { NULL, "records", OPT_PATH },
    { "summary", "by", OPT_STRING }, { "summary", "from", OPT_STRING },
    { "summary", "to", OPT_STRING }, { "summary", "ytd", OPT_BOOL },
    { "summary", "no-charts", OPT_BOOL }, { "summary", "kind", OPT_STRING },
    { "track", "as-of", OPT_STRING }, { "track", "progress", OPT_STRING },
    { "track", "yellow-points", OPT_STRING }, { "track", "total-first", OPT_BOOL },
    { "track", "rank-units", OPT_BOOL }, { "track", "no-rank-units", OPT_BOOL },
    { "track", "no-charts", OPT_BOOL }, { "track", "kind", OPT_STRING },
    { "reply", "year", OPT_STRING }, { "reply", "as-of", OPT_STRING },
    { "reply", "explain", OPT_BOOL }, { "reply", "kind", OPT_STRING },
    { "stars", "order", OPT_STRING }, { "stars", "date", OPT_STRING },
};

/* The file roles of each command: the option that names a file of that role ("" for the
 * command's plain arguments), and whether exactly one or at least one is needed. */
static const struct {
    const char *command, *role, *option;
    int min, max;
} roles[] = {
    { "summary", "records", "", 1, 0 }, { "summary", "aliases", "--aliases", 0, 1 },
    { "track", "records", "", 1, 0 }, { "track", "targets", "--targets", 1, 1 },
    { "track", "aliases", "--aliases", 0, 1 },
    { "reply", "records", "", 1, 0 }, { "reply", "template", "--template", 1, 1 },
    { "reply", "aliases", "--aliases", 0, 1 },
    { "stars", "roster", "", 1, 0 }, { "stars", "records", "--records", 0, 0 },
    { "stars", "aliases", "--aliases", 0, 1 },
};

static int find_option(const char *command, const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++)
        if ((!options[i].command || strcmp(options[i].command, command) == 0) &&
            strcmp(options[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int find_role(const char *command, const char *role)
{
    for (size_t i = 0; i < G_N_ELEMENTS(roles); i++)
        if (strcmp(roles[i].command, command) == 0 && strcmp(roles[i].role, role) == 0)
            return (int)i;
    return -1;
}

static bool known_command(const char *c)
{
    return c && (!strcmp(c, "summary") || !strcmp(c, "track") || !strcmp(c, "reply") ||
                 !strcmp(c, "stars"));
}

/* An option's value as the command line gives it: FALSE for a flag set to false (left out),
 * else TRUE with *value NULL for a flag, or the value (newly allocated). */
static bool option_value(JsonNode *v, char **value)
{
    *value = NULL;
    if (json_node_get_value_type(v) == G_TYPE_BOOLEAN)
        return json_node_get_boolean(v);
    if (json_node_get_value_type(v) == G_TYPE_INT64)
        *value = g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(v));
    else
        *value = g_strdup(json_node_get_string(v));
    return true;
}

/* The values through the run layer, as the command line's options are (run.h: gy_request):
 * the job's child runs with the same values, so what passes here passes there. No input is
 * read; --kind is held against kinds.ini. */
static bool check_request(const char *command, JsonObject *opts, GError **err)
{
    gy_request *rq = gy_request_new(command, err);
    bool ok = rq != NULL;
    GList *names = json_object_get_members(opts);      /* in the order given */
    for (GList *l = names; ok && l; l = l->next) {
        char *value;
        if (option_value(json_object_get_member(opts, l->data), &value))
            ok = gy_request_set(rq, l->data, value, err);
        g_free(value);
    }
    g_list_free(names);
    ok = ok && gy_request_check(rq, err);
    gy_request_free(rq);
    return ok;
}

bool gy_jobs_check_options(const char *command, JsonObject *opts, bool admin, int *status,
                           GError **err)
{
    *status = 400;
    if (!known_command(command)) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("unknown command '%s' (summary, track, reply or stars)"),
                    command ? command : "");
        return false;
    }
    JsonObjectIter it;
    const char *name;
    JsonNode *v;
    json_object_iter_init(&it, opts);
    while (json_object_iter_next(&it, &name, &v)) {
        int i = find_option(command, name);
        if (i < 0) {
            g_set_error(err, GY_ERROR, GY_E_USAGE, _("%s: unknown option '%s'"), command, name);
            return false;
        }
        if (options[i].kind == OPT_PATH) {
            *status = 403;
            g_set_error(err, GY_ERROR, GY_E_USAGE,
                        _("option '%s' names a path on the server and is not allowed here "
                          "(upload the file instead)"), name);
            return false;
        }
        bool is_bool = JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_BOOLEAN;
        if (options[i].kind == OPT_ADMIN && !admin && is_bool && json_node_get_boolean(v)) {
            *status = 403;
            g_set_error(err, GY_ERROR, GY_E_USAGE, _("option '%s' is for administrators"), name);
            return false;
        }
        if ((options[i].kind == OPT_BOOL || options[i].kind == OPT_ADMIN) && !is_bool) {
            g_set_error(err, GY_ERROR, GY_E_USAGE, _("option '%s' takes true or false"), name);
            return false;
        }
        if (options[i].kind == OPT_STRING &&
            (!JSON_NODE_HOLDS_VALUE(v) || is_bool ||
             (json_node_get_value_type(v) != G_TYPE_STRING &&
              json_node_get_value_type(v) != G_TYPE_INT64))) {
            g_set_error(err, GY_ERROR, GY_E_USAGE, _("option '%s' takes a text value"), name);
            return false;
        }
    }
    return check_request(command, opts, err);
}

/* "--name=value" / "--name" for each option, in the object's order. */
static void add_options(GPtrArray *argv, JsonObject *opts)
{
    GList *names = json_object_get_members(opts);      /* in the order given */
    for (GList *l = names; l; l = l->next) {
        char *value;
        if (option_value(json_object_get_member(opts, l->data), &value))
            g_ptr_array_add(argv, value ? g_strdup_printf("--%s=%s", (char *)l->data, value)
                                        : g_strdup_printf("--%s", (char *)l->data));
        g_free(value);
    }
    g_list_free(names);
}

/* The command line of a run: files[r] are the names of role r's inputs. */
static char **build_argv(gy_jobs *js, const char *command, JsonObject *opts, GPtrArray *inputs)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, g_strdup(js->exe));
    g_ptr_array_add(argv, g_strdup(command));
    g_ptr_array_add(argv, g_strdup("--progress-fd=3"));
    g_ptr_array_add(argv, g_strdup("--output=../out"));
    add_options(argv, opts);
    for (size_t r = 0; r < G_N_ELEMENTS(roles); r++) {
        if (strcmp(roles[r].command, command) != 0 || !*roles[r].option ||
            !strcmp(roles[r].option, "--records"))
            continue;
        for (guint i = 0; i < inputs->len; i++) {
            job_input *in = inputs->pdata[i];
            if (strcmp(in->role, roles[r].role) == 0)
                g_ptr_array_add(argv, g_strdup_printf("%s=%s", roles[r].option, in->name));
        }
    }
    /* plain arguments, then (stars) --records and its files */
    for (int pass = 0; pass < 2; pass++) {
        bool header = false;
        for (size_t r = 0; r < G_N_ELEMENTS(roles); r++) {
            if (strcmp(roles[r].command, command) != 0 ||
                (pass == 0 ? *roles[r].option != '\0' : strcmp(roles[r].option, "--records")))
                continue;
            for (guint i = 0; i < inputs->len; i++) {
                job_input *in = inputs->pdata[i];
                if (strcmp(in->role, roles[r].role) != 0)
                    continue;
                if (pass == 1 && !header) {
                    g_ptr_array_add(argv, g_strdup("--records"));
                    header = true;
                }
                g_ptr_array_add(argv, g_strdup(in->name));
            }
        }
    }
    g_ptr_array_add(argv, NULL);
    return (char **)g_ptr_array_free(argv, FALSE);
}

/* ---- job files ---- */

static void input_free(gpointer p)
{
    job_input *in = p;
    g_free(in->name);
    g_free(in->role);
    g_free(in->sha256);
    g_free(in);
}

static void job_free(gy_job *job)
{
    if (!job)
        return;
    if (job->up_fd > 0)
        close(job->up_fd);
    if (job->up_tmp)
        g_unlink(job->up_tmp);
    g_free(job->up_tmp);
    g_free(job->up_role);
    if (job->up_sum)
        g_checksum_free(job->up_sum);
    g_free(job->id);
    g_free(job->owner);
    g_free(job->command);
    g_free(job->dir);
    g_free(job->reason);
    if (job->options)
        json_object_unref(job->options);
    g_ptr_array_free(job->inputs, TRUE);
    g_free(job);
}

static char *job_path(const gy_job *job, const char *sub, const char *name)
{
    return g_build_filename(job->dir, sub, name, NULL);
}

static void set_int(JsonBuilder *b, const char *name, gint64 v)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, v);
}

static void set_str(JsonBuilder *b, const char *name, const char *v)
{
    json_builder_set_member_name(b, name);
    if (v)
        json_builder_add_string_value(b, v);
    else
        json_builder_add_null_value(b);
}

static void set_bool(JsonBuilder *b, const char *name, bool v)
{
    json_builder_set_member_name(b, name);
    json_builder_add_boolean_value(b, v);
}

static void add_inputs(JsonBuilder *b, const gy_job *job, bool roles_too)
{
    json_builder_set_member_name(b, "inputs");
    json_builder_begin_array(b);
    for (guint i = 0; i < job->inputs->len; i++) {
        job_input *in = job->inputs->pdata[i];
        json_builder_begin_object(b);
        set_str(b, "name", in->name);
        if (roles_too) {
            set_str(b, "role", in->role);
            set_int(b, "size", in->size);
        }
        set_str(b, "sha256", in->sha256);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

char *gy_job_inputs_json(const gy_job *job)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    add_inputs(b, job, false);
    json_builder_end_object(b);
    JsonNode *n = json_builder_get_root(b);
    char *s = json_to_string(n, FALSE);
    json_node_unref(n);
    g_object_unref(b);
    return s;
}

/* job.json: what survives a restart. */
static void job_save(const gy_job *job)
{
    if (job->deleted)
        return;
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    set_str(b, "id", job->id);
    set_str(b, "owner", job->owner);
    set_str(b, "command", job->command);
    json_builder_set_member_name(b, "options");
    JsonNode *o = json_node_new(JSON_NODE_OBJECT);
    json_node_set_object(o, job->options);
    json_builder_add_value(b, o);
    add_inputs(b, job, true);
    set_str(b, "state", state_names[job->state]);
    set_int(b, "exit", job->exit_code);
    set_str(b, "reason", job->reason);
    set_int(b, "created", job->created);
    set_int(b, "started", job->started);
    set_int(b, "finished", job->finished);
    set_bool(b, "keep_inputs", job->keep_inputs);
    set_bool(b, "inputs_deleted", job->inputs_deleted);
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    char *text = json_to_string(root, TRUE);
    char *path = g_build_filename(job->dir, "job.json", NULL);
    char *tmp = g_build_filename(job->dir, ".job.json.tmp", NULL);
    /* replaced whole (rename), not synced: an fsync waits for every upload in the disk's
     * queue, and the main loop with it */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t n = strlen(text);
    bool ok = fd >= 0 && write(fd, text, n) == (ssize_t)n;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (!ok || g_rename(tmp, path) != 0) {
        g_warning("%s: %s", path, g_strerror(errno));
        g_unlink(tmp);
    }
    g_free(tmp);
    g_free(path);
    g_free(text);
    json_node_unref(root);
    g_object_unref(b);
}

static gy_job *job_new(gy_jobs *js, const char *id)
{
    gy_job *job = g_new0(gy_job, 1);
    job->id = g_strdup(id);
    job->dir = g_build_filename(js->dir, id, NULL);
    job->inputs = g_ptr_array_new_with_free_func(input_free);
    job->exit_code = -1;
    job->eta = -1;
    return job;
}

static gy_job_state state_parse(const char *s)
{
    for (size_t i = 0; i < G_N_ELEMENTS(state_names); i++)
        if (s && strcmp(s, state_names[i]) == 0)
            return (gy_job_state)i;
    return GY_JOB_FAILED;
}

static gy_job *job_load(gy_jobs *js, const char *id)
{
    char *path = g_build_filename(js->dir, id, "job.json", NULL);
    JsonParser *p = json_parser_new();
    gy_job *job = NULL;
    if (json_parser_load_from_file(p, path, NULL) && JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p))) {
        JsonObject *o = json_node_get_object(json_parser_get_root(p));
        job = job_new(js, id);
        job->owner = g_strdup(json_object_get_string_member_with_default(o, "owner", ""));
        job->command = g_strdup(json_object_get_string_member_with_default(o, "command", ""));
        JsonObject *opts = json_object_get_object_member(o, "options");
        job->options = opts ? json_object_ref(opts) : json_object_new();
        JsonArray *a = json_object_get_array_member(o, "inputs");
        for (guint i = 0; a && i < json_array_get_length(a); i++) {
            JsonObject *io = json_array_get_object_element(a, i);
            job_input *in = g_new0(job_input, 1);
            in->name = g_strdup(json_object_get_string_member_with_default(io, "name", ""));
            in->role = g_strdup(json_object_get_string_member_with_default(io, "role", ""));
            in->sha256 = g_strdup(json_object_get_string_member_with_default(io, "sha256", ""));
            in->size = json_object_get_int_member_with_default(io, "size", 0);
            g_ptr_array_add(job->inputs, in);
        }
        job->state = state_parse(json_object_get_string_member_with_default(o, "state", ""));
        job->exit_code = (int)json_object_get_int_member_with_default(o, "exit", -1);
        const char *r = json_object_get_string_member_with_default(o, "reason", NULL);
        job->reason = g_strdup(r);
        job->created = json_object_get_int_member_with_default(o, "created", 0);
        job->started = json_object_get_int_member_with_default(o, "started", 0);
        job->finished = json_object_get_int_member_with_default(o, "finished", 0);
        job->keep_inputs = json_object_get_boolean_member_with_default(o, "keep_inputs", FALSE);
        job->inputs_deleted = json_object_get_boolean_member_with_default(o, "inputs_deleted",
                                                                          FALSE);
    }
    g_object_unref(p);
    g_free(path);
    return job;
}

/* Remove a folder's files, then the folder; one level of subfolders (in, out, preview). */
static void remove_tree(const char *dir, int depth)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d) {
        const char *n;
        while ((n = g_dir_read_name(d))) {
            char *p = g_build_filename(dir, n, NULL);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth > 0)
                remove_tree(p, depth - 1);
            else
                g_unlink(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(dir);
}

static void remove_inputs(gy_job *job)
{
    char *in = g_build_filename(job->dir, "in", NULL);
    remove_tree(in, 0);
    g_mkdir(in, 0700);
    g_free(in);
    job->inputs_deleted = true;
}

/* ---- the store ---- */

static void start_next(gy_jobs *js);

gy_jobs *gy_jobs_open(const char *dir, const char *exe, const gy_jobs_limits *lim,
                      gy_jobs_notify notify, void *user, GError **err)
{
    if (g_mkdir_with_parents(dir, 0700) != 0) {
        int e = errno;
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", dir, g_strerror(e));
        return NULL;
    }
    GDir *d = g_dir_open(dir, 0, err);
    if (!d)
        return NULL;
    gy_jobs *js = g_new0(gy_jobs, 1);
    js->dir = g_strdup(dir);
    js->exe = g_strdup(exe);
    js->lim = *lim;
    js->notify = notify;
    js->user = user;
    js->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    g_queue_init(&js->queue);
    GPtrArray *queued = g_ptr_array_new();
    const char *n;
    while ((n = g_dir_read_name(d))) {
        gy_job *job = job_load(js, n);
        if (!job)
            continue;
        g_hash_table_insert(js->by_id, job->id, job);
        if (job->state == GY_JOB_RUNNING) {
            /* outputs are published together: with a manifest the run had finished (the
             * server stopped while its previews were drawn) */
            char *m = job_path(job, "out", "manifest.json");
            bool published = g_file_test(m, G_FILE_TEST_EXISTS);
            g_free(m);
            job->state = published ? GY_JOB_DONE : GY_JOB_FAILED;
            g_free(job->reason);
            job->reason = published ? NULL
                                    : g_strdup(_("the server stopped while the job was running"));
            job->finished = g_get_real_time() / G_USEC_PER_SEC;
            job_save(job);
        } else if (job->state == GY_JOB_QUEUED) {
            g_ptr_array_add(queued, job);
        }
    }
    g_dir_close(d);
    for (guint i = 0; i < queued->len; i++)   /* oldest first */
        for (guint k = i + 1; k < queued->len; k++)
            if (((gy_job *)queued->pdata[k])->created < ((gy_job *)queued->pdata[i])->created) {
                gpointer t = queued->pdata[i];
                queued->pdata[i] = queued->pdata[k];
                queued->pdata[k] = t;
            }
    for (guint i = 0; i < queued->len; i++)
        g_queue_push_tail(&js->queue, queued->pdata[i]);
    g_ptr_array_free(queued, TRUE);
    start_next(js);
    return js;
}

void gy_jobs_free(gy_jobs *js)
{
    if (!js)
        return;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, js->by_id);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        gy_job *job = v;
        if (job->proc) {
            g_subprocess_force_exit(job->proc);
            job->deleted = true;     /* its wait callback (if the loop runs again) frees it */
            g_cancellable_cancel(job->cancellable);
            continue;
        }
        job_free(job);
    }
    g_hash_table_destroy(js->by_id);
    g_queue_clear(&js->queue);
    g_free(js->dir);
    g_free(js->exe);
    g_free(js);
}

static int count_owned(gy_jobs *js, const char *owner)
{
    int n = 0;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, js->by_id);
    while (g_hash_table_iter_next(&it, &k, &v))
        n += strcmp(((gy_job *)v)->owner, owner) == 0;
    return n;
}

gy_job *gy_jobs_create(gy_jobs *js, const char *owner, const char *command, JsonObject *opts,
                       int *status, GError **err)
{
    if (js->lim.max_per_user > 0 && count_owned(js, owner) >= js->lim.max_per_user) {
        *status = 429;
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("you have %d jobs, the most kept per user: delete some first"),
                    js->lim.max_per_user);
        return NULL;
    }
    guint8 raw[16];
    char id[33];
    for (;;) {
        for (size_t i = 0; i < sizeof raw; i += 4) {
            guint32 r = g_random_int();
            memcpy(raw + i, &r, 4);
        }
        for (size_t i = 0; i < sizeof raw; i++)
            g_snprintf(id + 2 * i, 3, "%02x", raw[i]);
        if (!g_hash_table_contains(js->by_id, id))
            break;
    }
    gy_job *job = job_new(js, id);
    job->owner = g_strdup(owner);
    job->command = g_strdup(command);
    job->options = json_object_ref(opts);
    job->created = g_get_real_time() / G_USEC_PER_SEC;
    const char *subs[] = { "", "in", "out" };
    for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
        char *p = g_build_filename(job->dir, subs[i], NULL);
        int rc = g_mkdir(p, 0700);
        int e = errno;
        g_free(p);
        if (rc != 0) {
            *status = 500;
            g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", job->dir, g_strerror(e));
            remove_tree(job->dir, 1);
            job_free(job);
            return NULL;
        }
    }
    job_save(job);
    g_hash_table_insert(js->by_id, job->id, job);
    return job;
}

gy_job *gy_jobs_get(gy_jobs *js, const char *id)
{
    return id ? g_hash_table_lookup(js->by_id, id) : NULL;
}

static gint newest_first(gconstpointer a, gconstpointer b)
{
    const gy_job *x = *(gy_job *const *)a, *y = *(gy_job *const *)b;
    if (x->created != y->created)
        return x->created > y->created ? -1 : 1;
    return strcmp(x->id, y->id);
}

GPtrArray *gy_jobs_list(gy_jobs *js, const char *owner)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, js->by_id);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (!owner || strcmp(((gy_job *)v)->owner, owner) == 0)
            g_ptr_array_add(out, v);
    g_ptr_array_sort(out, newest_first);
    return out;
}

/* ---- uploads ---- */

static bool name_taken(const gy_job *job, const char *name)
{
    for (guint i = 0; i < job->inputs->len; i++)
        if (strcmp(((job_input *)job->inputs->pdata[i])->name, name) == 0)
            return true;
    return false;
}

char *gy_jobs_safe_name(const gy_job *job, const char *name)
{
    const char *base = name;
    for (const char *s = name; *s; s++)
        if (*s == '/' || *s == '\\')
            base = s + 1;
    GString *g = g_string_new(NULL);
    const char *end;
    g_utf8_validate(base, -1, &end);         /* only the valid start is kept */
    for (const char *s = base; s < end; s = g_utf8_next_char(s)) {
        gunichar c = g_utf8_get_char(s);
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == ':')
            continue;
        g_string_append_unichar(g, c);
    }
    while (g->len && (g->str[0] == '.' || g->str[0] == '-' || g->str[0] == ' '))
        g_string_erase(g, 0, 1);
    if (g_utf8_strlen(g->str, -1) > 100) {
        /* keep the extension: the command decides a file's kind by it */
        const char *dot = strrchr(g->str, '.');
        char *ext = g_strdup(dot && strlen(dot) <= 8 ? dot : "");
        long keep = 100 - (long)g_utf8_strlen(ext, -1);
        char *head = g_utf8_substring(g->str, 0, keep);
        g_string_assign(g, head);
        g_string_append(g, ext);
        g_free(head);
        g_free(ext);
    }
    if (!g->len)
        g_string_assign(g, "file");
    char *orig = g_string_free(g, FALSE), *cand = g_strdup(orig);
    const char *dot = strrchr(orig, '.');
    int stem = dot && dot != orig ? (int)(dot - orig) : (int)strlen(orig);
    for (int k = 2; job && name_taken(job, cand); k++) {
        g_free(cand);
        cand = g_strdup_printf("%.*s (%d)%s", stem, orig, k, orig + stem);
    }
    g_free(orig);
    return cand;
}

static guint64 job_bytes(const gy_job *job)
{
    guint64 n = 0;
    for (guint i = 0; i < job->inputs->len; i++)
        n += (guint64)((job_input *)job->inputs->pdata[i])->size;
    return n;
}

static void upload_abandon(gy_job *job)
{
    if (job->up_fd > 0)
        close(job->up_fd);
    job->up_fd = 0;
    if (job->up_tmp)
        g_unlink(job->up_tmp);
    g_clear_pointer(&job->up_tmp, g_free);
    g_clear_pointer(&job->up_role, g_free);
    g_clear_pointer(&job->up_sum, g_checksum_free);
}

static bool too_big(gy_jobs *js, gy_job *job, guint64 n, int *status, GError **err)
{
    if (js->lim.max_upload && n > js->lim.max_upload) {
        *status = 413;
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("the file is larger than %llu bytes, the most this server takes "
                      "(--max-upload)"), (unsigned long long)js->lim.max_upload);
        return true;
    }
    if (js->lim.max_job_bytes && job_bytes(job) + n > js->lim.max_job_bytes) {
        *status = 413;
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("the job's files would be larger than %llu bytes in all"),
                    (unsigned long long)js->lim.max_job_bytes);
        return true;
    }
    return false;
}

bool gy_job_upload_begin(gy_jobs *js, gy_job *job, const char *role, guint64 length,
                         int *status, GError **err)
{
    *status = 400;
    int r = role ? find_role(job->command, role) : -1;
    if (r < 0) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("'%s' is not a kind of input %s takes (role=records, targets, template, "
                      "roster or aliases)"), role ? role : "", job->command);
        return false;
    }
    if (job->state != GY_JOB_CREATED || job->up_tmp) {
        *status = 409;
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("the job takes no more files: it has been run, or a file is arriving"));
        return false;
    }
    if (js->lim.max_inputs && (int)job->inputs->len >= js->lim.max_inputs) {
        *status = 413;
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("a job takes at most %d files"),
                    js->lim.max_inputs);
        return false;
    }
    if (too_big(js, job, length, status, err))
        return false;
    job->up_tmp = job_path(job, "in", ".upload-XXXXXX");
    job->up_fd = g_mkstemp_full(job->up_tmp, O_WRONLY | O_CLOEXEC, 0600);
    if (job->up_fd < 0) {
        int e = errno;
        *status = 500;
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", job->up_tmp, g_strerror(e));
        job->up_fd = 0;
        g_clear_pointer(&job->up_tmp, g_free);
        return false;
    }
    job->up_role = g_strdup(role);
    job->up_bytes = 0;
    job->up_sum = g_checksum_new(G_CHECKSUM_SHA256);
    return true;
}

bool gy_job_upload_write(gy_jobs *js, gy_job *job, const void *data, size_t n, int *status,
                         GError **err)
{
    if (!job->up_tmp)
        return false;
    if (too_big(js, job, job->up_bytes + n, status, err)) {
        upload_abandon(job);
        return false;
    }
    const char *p = data;
    size_t left = n;
    while (left) {
        ssize_t w = write(job->up_fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            int e = errno;
            *status = e == ENOSPC ? 507 : 500;
            g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", job->up_tmp, g_strerror(e));
            upload_abandon(job);
            return false;
        }
        p += w;
        left -= (size_t)w;
    }
    g_checksum_update(job->up_sum, data, (gssize)n);
    job->up_bytes += n;
    return true;
}

bool gy_job_upload_end(gy_jobs *js, gy_job *job, const char *name, bool commit, char **stored,
                       GError **err)
{
    (void)js;
    *stored = NULL;
    if (!job->up_tmp)
        return false;
    if (!commit) {
        upload_abandon(job);
        return false;
    }
    char *safe = gy_jobs_safe_name(job, name);
    char *final = job_path(job, "in", safe);
    /* no fsync: it would hold the main loop while the disk takes a 200 MB upload, and a file
     * lost to a power cut is uploaded again */
    bool ok = close(job->up_fd) == 0;
    job->up_fd = 0;
    if (!ok || g_rename(job->up_tmp, final) != 0) {
        int e = errno;
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", final, g_strerror(e));
        upload_abandon(job);
        g_free(final);
        g_free(safe);
        return false;
    }
    job_input *in = g_new0(job_input, 1);
    in->name = safe;
    in->role = g_strdup(job->up_role);
    in->size = (gint64)job->up_bytes;
    in->sha256 = g_strdup(g_checksum_get_string(job->up_sum));
    g_ptr_array_add(job->inputs, in);
    g_clear_pointer(&job->up_tmp, g_free);
    upload_abandon(job);
    job_save(job);
    g_free(final);
    *stored = g_strdup(safe);
    return true;
}

/* ---- runs ---- */

static void notify(gy_jobs *js, gy_job *job)
{
    if (js->notify && !job->deleted)
        js->notify(job, js->user);
}

bool gy_jobs_run(gy_jobs *js, gy_job *job, int *status, GError **err)
{
    if (job->state != GY_JOB_CREATED) {
        *status = 409;
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("the job has been run already"));
        return false;
    }
    for (size_t r = 0; r < G_N_ELEMENTS(roles); r++) {
        if (strcmp(roles[r].command, job->command) != 0)
            continue;
        int n = 0;
        for (guint i = 0; i < job->inputs->len; i++)
            n += strcmp(((job_input *)job->inputs->pdata[i])->role, roles[r].role) == 0;
        if (n < roles[r].min || (roles[r].max && n > roles[r].max)) {
            *status = 400;
            g_set_error(err, GY_ERROR, GY_E_USAGE,
                        roles[r].max == 1 ? _("%s needs one file of role %s (it has %d)")
                                          : _("%s needs at least one file of role %s (it has %d)"),
                        job->command, roles[r].role, n);
            return false;
        }
    }
    if (js->lim.max_queue > 0 && (int)js->queue.length >= js->lim.max_queue) {
        *status = 503;
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("%d jobs are waiting already; try again in a few minutes"),
                    js->lim.max_queue);
        return false;
    }
    job->state = GY_JOB_QUEUED;
    job_save(job);
    g_queue_push_tail(&js->queue, job);
    notify(js, job);
    start_next(js);
    return true;
}

typedef struct child_limits {
    guint64 mem;
} child_limits;

/* In the child between fork and exec: async-signal-safe calls only. */
static void child_setup(gpointer data)
{
    const child_limits *cl = data;
    umask(077);
    prctl(PR_SET_PDEATHSIG, SIGKILL);     /* a job does not outlive its server */
    setpriority(PRIO_PROCESS, 0, 10);     /* the page stays quick while jobs use the cores */
#ifndef __SANITIZE_ADDRESS__           /* AddressSanitizer's shadow is terabytes of address space */
    if (cl->mem) {
        struct rlimit rl = { (rlim_t)cl->mem, (rlim_t)cl->mem };
        setrlimit(RLIMIT_AS, &rl);
    }
#else
    (void)cl;
#endif
}

static void progress_read(GObject *src, GAsyncResult *res, gpointer data);

static void progress_next(gy_job *job)
{
    g_data_input_stream_read_line_async(job->progress, G_PRIORITY_DEFAULT, job->cancellable,
                                        progress_read, job);
}

static void progress_read(GObject *src, GAsyncResult *res, gpointer data)
{
    gsize len;
    GError *err = NULL;
    char *line = g_data_input_stream_read_line_finish(G_DATA_INPUT_STREAM(src), res, &len, &err);
    if (!line) {
        if (err)
            g_error_free(err);
        return;             /* end of stream or cancelled: the job may be gone, touch nothing */
    }
    gy_job *job = data;
    JsonNode *n = json_from_string(line, NULL);
    if (n && JSON_NODE_HOLDS_OBJECT(n)) {
        JsonObject *o = json_node_get_object(n);
        job->bytes = (guint64)json_object_get_int_member_with_default(o, "bytes", 0);
        job->total = (guint64)json_object_get_int_member_with_default(o, "total", 0);
        job->rows = (guint64)json_object_get_int_member_with_default(o, "rows", 0);
        job->eta = json_object_get_int_member_with_default(o, "eta_s", -1);
    }
    if (n)
        json_node_unref(n);
    g_free(line);
    progress_next(job);
}

static char *last_message(const gy_job *job)
{
    char *path = g_build_filename(job->dir, "messages.log", NULL);
    char *text = NULL, *out = NULL;
    if (g_file_get_contents(path, &text, NULL, NULL)) {
        char **lines = g_strsplit(text, "\n", -1);
        for (size_t i = 0; lines[i]; i++)
            if (*g_strstrip(lines[i]) && !g_str_has_prefix(lines[i], "Try ") &&
                !g_str_has_prefix(lines[i], "请使用") && !g_str_has_prefix(lines[i], "试试")) {
                g_free(out);
                out = g_strdup(lines[i]);
            }
        g_strfreev(lines);
    }
    g_free(text);
    g_free(path);
    return out;
}

static bool make_previews(gy_jobs *js, gy_job *job);

static void finish(gy_jobs *js, gy_job *job)
{
    job_save(job);
    notify(js, job);
    start_next(js);
}

static void child_exited(GObject *src, GAsyncResult *res, gpointer data)
{
    gy_jobs *js = ((void **)data)[0];
    gy_job *job = ((void **)data)[1];
    g_free(data);
    GSubprocess *proc = G_SUBPROCESS(src);
    g_subprocess_wait_finish(proc, res, NULL);
    if (job->timer)
        g_source_remove(job->timer);
    if (job->kill_timer)
        g_source_remove(job->kill_timer);
    job->timer = job->kill_timer = 0;
    g_cancellable_cancel(job->cancellable);
    g_clear_object(&job->progress);
    g_clear_object(&job->cancellable);
    g_clear_object(&job->proc);
    if (job->deleted) {                  /* deleted while it ran, or the server is stopping */
        if (js)
            js->running--;
        remove_tree(job->dir, 1);
        job_free(job);
        if (js)
            start_next(js);
        return;
    }
    js->running--;
    job->finished = g_get_real_time() / G_USEC_PER_SEC;
    char *manifest = job_path(job, "out", "manifest.json");
    bool published = g_file_test(manifest, G_FILE_TEST_EXISTS);
    g_free(manifest);
    g_free(job->reason);
    job->reason = NULL;
    if (g_subprocess_get_if_exited(proc))
        job->exit_code = g_subprocess_get_exit_status(proc);
    if (job->cancel_asked) {
        job->state = GY_JOB_CANCELLED;
        job->reason = g_strdup(_("cancelled"));
    } else if (published && g_subprocess_get_if_exited(proc)) {
        job->state = GY_JOB_DONE;
    } else {
        job->state = GY_JOB_FAILED;
        if (job->timed_out)
            job->reason = g_strdup(_("the job ran past its time limit and was stopped"));
        else if (g_subprocess_get_if_signaled(proc))
            job->reason = g_strdup_printf(_("the job was killed by signal %d (out of memory?)"),
                                          g_subprocess_get_term_sig(proc));
        else
            job->reason = last_message(job);
        if (!job->reason)
            job->reason = g_strdup(_("the job published no outputs"));
    }
    if (job->state == GY_JOB_DONE && make_previews(js, job)) {
        job->state = GY_JOB_RUNNING;     /* done when the previews are drawn */
        return;
    }
    finish(js, job);
}

static gboolean on_time_limit(gpointer data)
{
    gy_job *job = data;
    job->timer = 0;
    job->timed_out = true;
    if (job->proc)
        g_subprocess_force_exit(job->proc);
    return G_SOURCE_REMOVE;
}

static void job_start(gy_jobs *js, gy_job *job)
{
    static child_limits cl;
    cl.mem = js->lim.mem_limit;
    int fds[2];
    GError *err = NULL;
    char **argv = build_argv(js, job->command, job->options, job->inputs);
    char *in = g_build_filename(job->dir, "in", NULL);
    char *log = g_build_filename(job->dir, "messages.log", NULL);
    char *out = g_build_filename(job->dir, "out", NULL);
    g_mkdir(out, 0700);
    GSubprocessLauncher *l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_INHERIT);
    g_subprocess_launcher_set_cwd(l, in);
    g_subprocess_launcher_set_stderr_file_path(l, log);
    g_subprocess_launcher_set_stdout_file_path(l, log);
    g_subprocess_launcher_set_child_setup(l, child_setup, &cl, NULL);
    bool piped = g_unix_open_pipe(fds, FD_CLOEXEC, &err);
    if (piped)
        g_subprocess_launcher_take_fd(l, fds[1], 3);
    job->started = g_get_real_time() / G_USEC_PER_SEC;
    job->proc = piped ? g_subprocess_launcher_spawnv(l, (const char *const *)argv, &err) : NULL;
    g_object_unref(l);
    if (!job->proc) {
        if (piped)
            close(fds[0]);
        job->state = GY_JOB_FAILED;
        job->finished = job->started;
        job->reason = g_strdup(err ? err->message : _("the job could not be started"));
        g_clear_error(&err);
        job_save(job);
        notify(js, job);
    } else {
        chmod(log, 0600);
        js->running++;
        job->state = GY_JOB_RUNNING;
        job->cancellable = g_cancellable_new();
        GInputStream *s = g_unix_input_stream_new(fds[0], TRUE);
        job->progress = g_data_input_stream_new(s);
        g_object_unref(s);
        progress_next(job);
        if (js->lim.time_limit_s > 0)
            job->timer = g_timeout_add_seconds((guint)js->lim.time_limit_s, on_time_limit, job);
        void **pair = g_new(void *, 2);
        pair[0] = js;
        pair[1] = job;
        g_subprocess_wait_async(job->proc, NULL, child_exited, pair);
        job_save(job);
        notify(js, job);
    }
    g_free(out);
    g_free(log);
    g_free(in);
    g_strfreev(argv);
}

static void start_next(gy_jobs *js)
{
    int cap = js->lim.max_running > 0 ? js->lim.max_running : (int)g_get_num_processors();
    while (js->running < cap && js->queue.length) {
        gy_job *job = g_queue_pop_head(&js->queue);
        job_start(js, job);
    }
}

static gboolean on_kill(gpointer data)
{
    gy_job *job = data;
    job->kill_timer = 0;
    if (job->proc)
        g_subprocess_force_exit(job->proc);
    return G_SOURCE_REMOVE;
}

bool gy_jobs_cancel(gy_jobs *js, gy_job *job)
{
    if (job->state == GY_JOB_QUEUED) {
        g_queue_remove(&js->queue, job);
        job->state = GY_JOB_CANCELLED;
        job->reason = g_strdup(_("cancelled"));
        job->finished = g_get_real_time() / G_USEC_PER_SEC;
        job_save(job);
        notify(js, job);
        return true;
    }
    if (job->state != GY_JOB_RUNNING || !job->proc)
        return false;
    job->cancel_asked = true;
    g_subprocess_send_signal(job->proc, SIGTERM);
    if (!job->kill_timer)
        job->kill_timer = g_timeout_add_seconds(5, on_kill, job);
    return true;
}

void gy_jobs_delete(gy_jobs *js, gy_job *job)
{
    g_hash_table_remove(js->by_id, job->id);
    g_queue_remove(&js->queue, job);
    job->deleted = true;
    if (job->proc) {                     /* child_exited removes the folder and frees it */
        g_subprocess_force_exit(job->proc);
        return;
    }
    upload_abandon(job);
    remove_inputs(job);
    remove_tree(job->dir, 1);
    job_free(job);
}

void gy_job_keep_inputs(gy_jobs *js, gy_job *job, bool keep)
{
    (void)js;
    job->keep_inputs = keep;
    job_save(job);
}

int gy_jobs_sweep(gy_jobs *js, gint64 now)
{
    GPtrArray *all = gy_jobs_list(js, NULL);
    int deleted = 0;
    for (guint i = 0; i < all->len; i++) {
        gy_job *job = all->pdata[i];
        bool finished = job->state >= GY_JOB_DONE;
        gint64 since = finished ? job->finished : job->created;
        if (job->state == GY_JOB_QUEUED || job->state == GY_JOB_RUNNING)
            continue;
        if (js->lim.keep_days > 0 && now - since > (gint64)js->lim.keep_days * 86400) {
            gy_jobs_delete(js, job);
            deleted++;
        } else if (finished && !job->keep_inputs && !job->inputs_deleted &&
                   now - since > (gint64)js->lim.keep_inputs_hours * 3600) {
            remove_inputs(job);
            job_save(job);
        }
    }
    g_ptr_array_free(all, TRUE);
    return deleted;
}

/* ---- previews: the chart pages as small PNGs, from the job's PDF, by poppler's pdftoppm when
 * the machine has it (the outputs themselves stay exactly the command line's) ---- */

static void previews_done(GObject *src, GAsyncResult *res, gpointer data)
{
    gy_jobs *js = ((void **)data)[0];
    gy_job *job = ((void **)data)[1];
    g_free(data);
    g_subprocess_wait_finish(G_SUBPROCESS(src), res, NULL);
    g_object_unref(src);
    job->proc = NULL;
    if (job->deleted) {
        remove_tree(job->dir, 1);
        job_free(job);
        return;
    }
    job->state = GY_JOB_DONE;
    finish(js, job);
}

/* The job's state stays what the API shows (running) until its previews are there; false
 * when there is nothing to draw or no pdftoppm. */
static bool make_previews(gy_jobs *js, gy_job *job)
{
    bool started = false;
    static const char *const pdfs[] = { "charts.pdf", "stars.pdf", "reply.pdf" };
    char *tool = g_find_program_in_path("pdftoppm");
    for (size_t i = 0; tool && i < G_N_ELEMENTS(pdfs); i++) {
        char *pdf = job_path(job, "out", pdfs[i]);
        if (g_file_test(pdf, G_FILE_TEST_EXISTS)) {
            char *dir = g_build_filename(job->dir, "preview", NULL);
            char *prefix = g_build_filename(dir, "page", NULL);
            g_mkdir(dir, 0700);
            char last[8];
            g_snprintf(last, sizeof last, "%d", MAX_PREVIEWS);
            const char *argv[] = { tool, "-png", "-r", "60", "-l", last, pdf, prefix, NULL };
            static child_limits none;
            GSubprocessLauncher *l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDERR_SILENCE);
            g_subprocess_launcher_set_child_setup(l, child_setup, &none, NULL);   /* 0600 */
            GSubprocess *p = g_subprocess_launcher_spawnv(l, argv, NULL);
            g_object_unref(l);
            if (p) {
                void **pair = g_new(void *, 2);
                pair[0] = js;
                pair[1] = job;
                job->proc = p;           /* a delete meanwhile waits for it */
                g_subprocess_wait_async(p, NULL, previews_done, pair);
                started = true;
            }
            g_free(prefix);
            g_free(dir);
            g_free(pdf);
            break;
        }
        g_free(pdf);
    }
    g_free(tool);
    return started;
}

/* ---- the API's view of a job ---- */

static JsonObject *read_manifest(const gy_job *job)
{
    char *path = job_path(job, "out", "manifest.json");
    JsonParser *p = json_parser_new();
    JsonObject *o = NULL;
    if (json_parser_load_from_file(p, path, NULL) && JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)))
        o = json_object_ref(json_node_get_object(json_parser_get_root(p)));
    g_object_unref(p);
    g_free(path);
    return o;
}

/* The name of output i of a manifest: a string, or since the manifest vouches for each output
 * an object {"name", "size", "sha256"}. NULL for anything else. */
static const char *output_name(JsonArray *a, guint i)
{
    JsonNode *n = json_array_get_element(a, i);
    if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
        return json_node_get_string(n);
    if (JSON_NODE_HOLDS_OBJECT(n) && json_object_has_member(json_node_get_object(n), "name"))
        return json_object_get_string_member(json_node_get_object(n), "name");
    return NULL;
}

bool gy_job_has_output(const gy_job *job, const char *name)
{
    JsonObject *m = job->state == GY_JOB_DONE ? read_manifest(job) : NULL;
    JsonArray *a = m ? json_object_get_array_member(m, "outputs") : NULL;
    bool found = false;
    for (guint i = 0; a && i < json_array_get_length(a) && !found; i++)
        found = g_strcmp0(output_name(a, i), name) == 0;
    if (m)
        json_object_unref(m);
    return found;
}

/* Split one CSV line (RFC 4180 quoting; a line of rejects.csv) into the builder's array. */
static void csv_cells(JsonBuilder *b, const char *line)
{
    json_builder_begin_array(b);
    GString *cell = g_string_new(NULL);
    bool quoted = false;
    for (const char *s = line;; s++) {
        if (quoted) {
            if (*s == '"' && s[1] == '"') {
                g_string_append_c(cell, '"');
                s++;
            } else if (*s == '"') {
                quoted = false;
            } else if (*s) {
                g_string_append_c(cell, *s);
            } else {
                break;
            }
            continue;
        }
        if (*s == '"') {
            quoted = true;
        } else if (*s == ',' || !*s || *s == '\r') {
            json_builder_add_string_value(b, cell->str);
            g_string_truncate(cell, 0);
            if (*s != ',')
                break;
        } else {
            g_string_append_c(cell, *s);
        }
    }
    g_string_free(cell, TRUE);
    json_builder_end_array(b);
}

static void add_file_lines(JsonBuilder *b, const char *name, const char *path, size_t max,
                           bool csv)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_array(b);
    /* only as far as the lines shown: a status poll must not read a large rejects.csv whole
     * on the main loop */
    FILE *fp = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0, n = 0;
    for (size_t i = 0; fp && n < max && getline(&line, &cap, fp) > 0; i++) {
        char *l = line;
        l[strcspn(l, "\n")] = '\0';
        if (i == 0 && g_str_has_prefix(l, "\xef\xbb\xbf"))
            l += 3;
        if (!*l || !g_utf8_validate(l, -1, NULL))
            continue;
        if (csv)
            csv_cells(b, l);
        else
            json_builder_add_string_value(b, l);
        n++;
    }
    free(line);
    if (fp)
        fclose(fp);
    json_builder_end_array(b);
}

/* {"read": …, "accepted": …} from the "rows_*" members of a manifest object (NULL: {}). */
static void add_accounting(JsonBuilder *b, JsonObject *o)
{
    json_builder_begin_object(b);
    GList *names = o ? json_object_get_members(o) : NULL;     /* the manifest's order */
    for (GList *l = names; l; l = l->next) {
        const char *name = l->data;
        JsonNode *v = json_object_get_member(o, name);
        if (g_str_has_prefix(name, "rows_") && JSON_NODE_HOLDS_VALUE(v)) {
            json_builder_set_member_name(b, name + strlen("rows_"));
            json_builder_add_value(b, json_node_copy(v));
        }
    }
    g_list_free(names);
    json_builder_end_object(b);
}

JsonNode *gy_job_to_json(gy_jobs *js, gy_job *job, bool full)
{
    (void)js;
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    set_str(b, "id", job->id);
    set_str(b, "owner", job->owner);
    set_str(b, "command", job->command);
    set_str(b, "state", state_names[job->state]);
    json_builder_set_member_name(b, "options");
    JsonNode *o = json_node_new(JSON_NODE_OBJECT);
    json_node_set_object(o, job->options);
    json_builder_add_value(b, o);
    add_inputs(b, job, true);
    set_int(b, "created", job->created);
    if (job->started)
        set_int(b, "started", job->started);
    if (job->finished)
        set_int(b, "finished", job->finished);
    set_bool(b, "keep_inputs", job->keep_inputs);
    set_bool(b, "inputs_deleted", job->inputs_deleted);
    json_builder_set_member_name(b, "progress");
    json_builder_begin_object(b);
    set_int(b, "bytes", (gint64)job->bytes);
    set_int(b, "total", (gint64)(job->total ? job->total : job_bytes(job)));
    set_int(b, "rows", (gint64)job->rows);
    set_int(b, "eta_s", job->eta);
    json_builder_end_object(b);
    if (job->exit_code >= 0)
        set_int(b, "exit", job->exit_code);
    else
        set_str(b, "exit", NULL);
    if (job->reason)
        set_str(b, "reason", job->reason);
    /* accounting and coverage from the manifest, whatever categories it has */
    JsonObject *m = job->state == GY_JOB_DONE ? read_manifest(job) : NULL;
    json_builder_set_member_name(b, "accounting");
    add_accounting(b, m);
    /* the other real-name lists (issue 18), each with its kind and its own accounting */
    JsonArray *lists = m && json_object_has_member(m, "lists")
                           ? json_object_get_array_member(m, "lists") : NULL;
    json_builder_set_member_name(b, "lists");
    json_builder_begin_array(b);
    for (guint i = 0; lists && i < json_array_get_length(lists); i++) {
        JsonObject *l = json_array_get_object_element(lists, i);
        if (!l)
            continue;
        json_builder_begin_object(b);
        set_str(b, "name", json_object_get_string_member_with_default(l, "name", ""));
        set_str(b, "kind", json_object_get_string_member_with_default(l, "kind", ""));
        json_builder_set_member_name(b, "accounting");
        add_accounting(b, l);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "coverage");
    if (m && json_object_has_member(m, "coverage"))
        json_builder_add_value(b, json_node_copy(json_object_get_member(m, "coverage")));
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "outputs");
    json_builder_begin_array(b);
    JsonArray *outs = m ? json_object_get_array_member(m, "outputs") : NULL;
    for (guint i = 0; outs && i < json_array_get_length(outs); i++)
        if (output_name(outs, i))
            json_builder_add_string_value(b, output_name(outs, i));
    json_builder_end_array(b);
    if (full) {
        if (m && json_object_has_member(m, "inputs")) {
            json_builder_set_member_name(b, "files");
            json_builder_add_value(b, json_node_copy(json_object_get_member(m, "inputs")));
        }
        char *p = g_build_filename(job->dir, "messages.log", NULL);
        add_file_lines(b, "messages", p, MAX_MESSAGES, false);
        g_free(p);
        p = job_path(job, "out", "rejects.csv");
        add_file_lines(b, "rejects", p, MAX_REJECTS + 1, true);
        g_free(p);
        json_builder_set_member_name(b, "previews");
        json_builder_begin_array(b);
        for (int i = 1; i <= MAX_PREVIEWS; i++) {
            /* pdftoppm numbers pages with as many digits as the last page needs */
            char *n1 = g_strdup_printf("page-%d.png", i), *n2 = g_strdup_printf("page-%02d.png", i);
            char *p1 = job_path(job, "preview", n1), *p2 = job_path(job, "preview", n2);
            if (g_file_test(p1, G_FILE_TEST_EXISTS))
                json_builder_add_string_value(b, n1);
            else if (g_file_test(p2, G_FILE_TEST_EXISTS))
                json_builder_add_string_value(b, n2);
            g_free(n1);
            g_free(n2);
            g_free(p1);
            g_free(p2);
        }
        json_builder_end_array(b);
    }
    if (m)
        json_object_unref(m);
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    g_object_unref(b);
    return root;
}
