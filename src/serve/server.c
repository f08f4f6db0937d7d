/* server.c — guiyan serve's HTTP face: sessions, login lockout, CSRF, the JSON API over the
 * jobs, uploads streamed to disk, downloads, the page from GResource, security headers. */
#include <netinet/in.h>
#include <string.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <zip.h>

#include "guiyan/audit.h"
#include "guiyan/i18n.h"
#include "guiyan/reader.h"
#include "guiyan/serve.h"
#include "guiyan/users.h"

#define SESSION_IDLE_S (30 * 60)
#define SESSION_MAX_S (12 * 3600)
#define LOCK_FAILURES 5
#define LOCK_S (15 * 60)
#define MAX_JSON_BODY (64 * 1024)
#define MAX_HEADERS (16 * 1024)
#define COOKIE "gy_session"
#define AUDIT_DAYS 180

GResource *gy_www_get_resource(void);

typedef struct session {
    char *token, *csrf, *user;
    gint64 created, last;
    bool must_change;            /* temporary or expired password: only /api/password */
} session;

typedef struct strikes {
    int count;
    gint64 until;
} strikes;

typedef struct server {
    gy_serve_opts o;
    SoupServer *soup;
    GMainLoop *loop;
    gy_users *users;
    gy_audit *audit;
    gy_jobs *jobs;
    GHashTable *sessions;        /* token → session* */
    GHashTable *strikes;         /* "u:NAME" / "a:ADDR" → strikes* */
    GHashTable *conns;           /* the open connections' GSocket* (under a cap) */
    bool tls;
    char *dummy_hash;            /* verified for unknown users, so that timing tells nothing */
} server;

/* One upload in progress, kept on its message. */
typedef struct upload {
    server *sv;
    gy_job *job;
    char *job_id, *name, *user, *addr;
    int status;                  /* 0, or the error already decided */
    char *error;
    gsize since_yield;           /* bytes taken since the main loop last had a turn */
    SoupServerMessage *msg;
} upload;

/* libsoup reads a body for as long as the socket has data: on loopback a 200 MB upload
 * would hold the main loop for seconds. Every 256 KiB the upload pauses for one turn. */
#define UPLOAD_SLICE (256 * 1024)

static void upload_free(gpointer p)
{
    upload *u = p;
    g_free(u->job_id);
    g_free(u->name);
    g_free(u->user);
    g_free(u->addr);
    g_free(u->error);
    g_free(u);
}

static gint64 now_s(void) { return g_get_real_time() / G_USEC_PER_SEC; }

static char *random_token(void)
{
    unsigned char b[32];
    if (RAND_bytes(b, sizeof b) != 1)
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)g_random_int();
    char *s = g_base64_encode(b, sizeof b);
    for (char *p = s; *p; p++)                 /* URL- and cookie-safe */
        if (*p == '+') *p = '-';
        else if (*p == '/') *p = '_';
        else if (*p == '=') *p = '\0';
    return s;
}

static void session_free(gpointer p)
{
    session *s = p;
    g_free(s->token);
    g_free(s->csrf);
    g_free(s->user);
    g_free(s);
}

/* ---- responses ---- */

static void security_headers(SoupServerMessage *msg, bool personal)
{
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Content-Security-Policy",
                                 "default-src 'self'; script-src 'self'; style-src 'self'; "
                                 "img-src 'self' blob:; connect-src 'self'; object-src 'none'; "
                                 "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace(h, "X-Frame-Options", "DENY");
    soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
    soup_message_headers_replace(h, "Cache-Control", personal ? "no-store" : "no-cache");
}

static void reply_json(SoupServerMessage *msg, int status, JsonNode *node)
{
    char *text = json_to_string(node, FALSE);
    security_headers(msg, true);
    soup_server_message_set_status(msg, (guint)status, NULL);
    soup_server_message_set_response(msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                     text, strlen(text));
    json_node_unref(node);
}

static void reply_error(SoupServerMessage *msg, int status, const char *message)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "error");
    json_builder_add_string_value(b, message);
    json_builder_end_object(b);
    reply_json(msg, status, json_builder_get_root(b));
    g_object_unref(b);
}

static void reply_gerror(SoupServerMessage *msg, int status, GError *err)
{
    reply_error(msg, status, err ? err->message : _("internal error"));
    g_clear_error(&err);
}

/* {"key": value, …} from pairs of (name, JsonNode*), NULL-terminated. */
static JsonNode *object_of(const char *name, ...)
{
    JsonObject *o = json_object_new();
    va_list ap;
    va_start(ap, name);
    for (const char *n = name; n; n = va_arg(ap, const char *))
        json_object_set_member(o, n, va_arg(ap, JsonNode *));
    va_end(ap);
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(node, o);
    return node;
}

static JsonNode *str_node(const char *s)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);
    json_node_set_string(n, s);
    return n;
}

static JsonNode *bool_node(bool v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);
    json_node_set_boolean(n, v);
    return n;
}

/* ---- who is asking ---- */

static char *client_addr(server *sv, SoupServerMessage *msg)
{
    if (sv->o.behind_proxy) {
        const char *xff = soup_message_headers_get_one(
            soup_server_message_get_request_headers(msg), "X-Forwarded-For");
        if (xff && *xff) {
            const char *last = strrchr(xff, ',');
            char *a = g_strdup(last ? last + 1 : xff);
            return g_strstrip(a);
        }
    }
    const char *h = soup_server_message_get_remote_host(msg);
    return g_strdup(h ? h : "?");
}

static char *cookie_value(SoupServerMessage *msg, const char *name)
{
    const char *c = soup_message_headers_get_one(soup_server_message_get_request_headers(msg),
                                                  "Cookie");
    if (!c)
        return NULL;
    char **parts = g_strsplit(c, ";", -1);
    char *v = NULL;
    for (size_t i = 0; parts[i] && !v; i++) {
        char *p = g_strstrip(parts[i]);
        size_t n = strlen(name);
        if (strncmp(p, name, n) == 0 && p[n] == '=')
            v = g_strdup(p + n + 1);
    }
    g_strfreev(parts);
    return v;
}

/* The live session of the request (its idle clock restarted), or NULL. */
static session *find_session(server *sv, SoupServerMessage *msg)
{
    char *tok = cookie_value(msg, COOKIE);
    session *s = tok ? g_hash_table_lookup(sv->sessions, tok) : NULL;
    g_free(tok);
    if (!s)
        return NULL;
    gint64 now = now_s();
    if (now - s->last > SESSION_IDLE_S || now - s->created > SESSION_MAX_S) {
        g_hash_table_remove(sv->sessions, s->token);
        return NULL;
    }
    s->last = now;
    return s;
}

static bool is_admin(server *sv, const session *s)
{
    gy_user *u = gy_users_find(sv->users, s->user);
    return u && u->admin;
}

static void audit(server *sv, const char *user, const char *addr, const char *action,
                  const char *job, const char *result, const char *extra)
{
    GError *err = NULL;
    if (!gy_audit_add(sv->audit, user, addr, action, job, result, extra, &err)) {
        g_printerr("guiyan serve: %s\n", err->message);
        g_error_free(err);
    }
}

/* ---- login, logout, password ---- */

static strikes *strike_get(server *sv, const char *kind, const char *who, bool make)
{
    char *key = g_strconcat(kind, who, NULL);
    strikes *s = g_hash_table_lookup(sv->strikes, key);
    if (!s && make) {
        s = g_new0(strikes, 1);
        g_hash_table_insert(sv->strikes, key, s);
        key = NULL;
    }
    g_free(key);
    return s;
}

static bool locked(server *sv, const char *user, const char *addr)
{
    gint64 now = now_s();
    strikes *a = strike_get(sv, "u:", user, false), *b = strike_get(sv, "a:", addr, false);
    return (a && a->until > now) || (b && b->until > now);
}

static void strike(server *sv, const char *user, const char *addr)
{
    strikes *s[] = { strike_get(sv, "u:", user, true), strike_get(sv, "a:", addr, true) };
    for (size_t i = 0; i < G_N_ELEMENTS(s); i++)
        if (++s[i]->count >= LOCK_FAILURES) {
            s[i]->until = now_s() + LOCK_S;
            s[i]->count = 0;
        }
}

typedef struct check_task {
    server *sv;
    SoupServerMessage *msg;
    char *user, *addr, *stored, *password, *new_password, *new_hash;
    unsigned iterations;
    bool ok;
} check_task;

/* A password's bytes wiped before its memory is freed (explicit_bzero: a plain memset before
 * free may be optimised away). NULL is fine. */
static void secret_free(char *s)
{
    if (s)
        explicit_bzero(s, strlen(s));
    g_free(s);
}

static void check_task_free(gpointer p)
{
    check_task *t = p;
    g_object_unref(t->msg);
    g_free(t->user);
    g_free(t->addr);
    g_free(t->stored);
    secret_free(t->password);
    secret_free(t->new_password);
    g_free(t->new_hash);
    g_free(t);
}

/* In a worker thread: PBKDF2 takes a good part of a second by design. */
static void check_thread(GTask *task, gpointer src, gpointer data, GCancellable *c)
{
    (void)src;
    (void)c;
    check_task *t = data;
    t->ok = gy_password_verify(t->stored, t->password);
    if (t->ok && t->new_password)
        t->new_hash = gy_password_hash(t->new_password, t->iterations);
    g_task_return_boolean(task, TRUE);
}

static void login_done(GObject *src, GAsyncResult *res, gpointer data)
{
    (void)src;
    (void)data;
    check_task *t = g_task_get_task_data(G_TASK(res));
    server *sv = t->sv;
    gy_user *u = gy_users_find(sv->users, t->user);
    if (!t->ok || !u) {
        strike(sv, t->user, t->addr);
        audit(sv, t->user, t->addr, "login", NULL, "failed", NULL);
        reply_error(t->msg, 401, _("wrong user name or password"));
    } else {
        char *k1 = g_strconcat("u:", t->user, NULL), *k2 = g_strconcat("a:", t->addr, NULL);
        g_hash_table_remove(sv->strikes, k1);
        g_hash_table_remove(sv->strikes, k2);
        g_free(k1);
        g_free(k2);
        session *s = g_new0(session, 1);
        s->token = random_token();
        s->csrf = random_token();
        s->user = g_strdup(u->name);
        s->created = s->last = now_s();
        s->must_change = u->temporary || gy_user_expired(u, sv->o.password_days, s->created);
        g_hash_table_insert(sv->sessions, s->token, s);
        char *cookie = g_strdup_printf(COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s",
                                       s->token, sv->tls || sv->o.behind_proxy ? "; Secure" : "");
        audit(sv, u->name, t->addr, "login", NULL, "ok", NULL);
        reply_json(t->msg, 200, object_of("csrf", str_node(s->csrf), "user", str_node(u->name),
                                          "admin", bool_node(u->admin), "must_change",
                                          bool_node(s->must_change), NULL));
        soup_message_headers_append(soup_server_message_get_response_headers(t->msg),
                                    "Set-Cookie", cookie);
        g_free(cookie);
    }
    soup_server_message_unpause(t->msg);
}

static JsonObject *body_object(SoupServerMessage *msg)
{
    SoupMessageBody *body = soup_server_message_get_request_body(msg);
    GBytes *bytes = soup_message_body_flatten(body);
    gsize n;
    const char *data = g_bytes_get_data(bytes, &n);
    JsonParser *p = json_parser_new();
    JsonObject *o = NULL;
    if (n && json_parser_load_from_data(p, data, (gssize)n, NULL) &&
        JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)))
        o = json_object_ref(json_node_get_object(json_parser_get_root(p)));
    g_object_unref(p);
    g_bytes_unref(bytes);
    return o;
}

static void do_login(server *sv, SoupServerMessage *msg, const char *addr)
{
    JsonObject *o = body_object(msg);
    const char *user = o ? json_object_get_string_member_with_default(o, "user", NULL) : NULL;
    const char *pw = o ? json_object_get_string_member_with_default(o, "password", NULL) : NULL;
    if (!user || !pw) {
        reply_error(msg, 400, _("send {\"user\": …, \"password\": …}"));
    } else if (locked(sv, user, addr)) {
        audit(sv, user, addr, "login", NULL, "locked", NULL);
        reply_error(msg, 429, _("too many failed logins: try again in 15 minutes"));
    } else {
        gy_user *u = gy_users_find(sv->users, user);
        check_task *t = g_new0(check_task, 1);
        t->sv = sv;
        t->msg = g_object_ref(msg);
        t->user = g_strdup(user);
        t->addr = g_strdup(addr);
        t->stored = g_strdup(u ? u->hash : sv->dummy_hash);
        t->password = g_strdup(pw);
        GTask *task = g_task_new(NULL, NULL, login_done, NULL);
        g_task_set_task_data(task, t, check_task_free);
        soup_server_message_pause(msg);
        g_task_run_in_thread(task, check_thread);
        g_object_unref(task);
    }
    if (o)
        json_object_unref(o);
}

static void password_done(GObject *src, GAsyncResult *res, gpointer data)
{
    (void)src;
    (void)data;
    check_task *t = g_task_get_task_data(G_TASK(res));
    server *sv = t->sv;
    gy_user *u = gy_users_find(sv->users, t->user);
    GError *err = NULL;
    if (!t->ok || !u) {
        strike(sv, t->user, t->addr);
        audit(sv, t->user, t->addr, "password", NULL, "failed", NULL);
        reply_error(t->msg, 403, _("the old password is wrong"));
    } else if (!t->new_hash) {
        reply_error(t->msg, 500, _("the password could not be hashed"));
    } else {
        gy_user_set_hash(u, t->new_hash, false);
        if (!gy_users_save(sv->users, &err)) {
            reply_gerror(t->msg, 500, err);
        } else {
            GHashTableIter it;
            gpointer k, v;
            g_hash_table_iter_init(&it, sv->sessions);
            while (g_hash_table_iter_next(&it, &k, &v))
                if (strcmp(((session *)v)->user, u->name) == 0)
                    ((session *)v)->must_change = false;
            audit(sv, u->name, t->addr, "password", NULL, "ok", NULL);
            reply_json(t->msg, 200, object_of("ok", bool_node(true), NULL));
        }
    }
    soup_server_message_unpause(t->msg);
}

static void do_password(server *sv, SoupServerMessage *msg, session *s, const char *addr)
{
    JsonObject *o = body_object(msg);
    const char *old = o ? json_object_get_string_member_with_default(o, "old", NULL) : NULL;
    const char *neu = o ? json_object_get_string_member_with_default(o, "new", NULL) : NULL;
    GError *err = NULL;
    gy_user *u = gy_users_find(sv->users, s->user);
    if (!old || !neu) {
        reply_error(msg, 400, _("send {\"old\": …, \"new\": …}"));
    } else if (!u) {
        reply_error(msg, 401, _("not logged in"));
    } else if (!gy_password_acceptable(neu, s->user, &err)) {
        reply_gerror(msg, 400, err);
    } else if (strcmp(old, neu) == 0) {
        reply_error(msg, 400, _("the new password must differ from the old one"));
    } else {
        check_task *t = g_new0(check_task, 1);
        t->sv = sv;
        t->msg = g_object_ref(msg);
        t->user = g_strdup(s->user);
        t->addr = g_strdup(addr);
        t->stored = g_strdup(u->hash);
        t->password = g_strdup(old);
        t->new_password = g_strdup(neu);
        t->iterations = gy_password_iterations();
        GTask *task = g_task_new(NULL, NULL, password_done, NULL);
        g_task_set_task_data(task, t, check_task_free);
        soup_server_message_pause(msg);
        g_task_run_in_thread(task, check_thread);
        g_object_unref(task);
    }
    if (o)
        json_object_unref(o);
}

/* ---- accounts, for administrators ---- */

typedef struct add_task {
    server *sv;
    SoupServerMessage *msg;
    char *name, *password, *hash, *by, *addr;
    bool admin;
} add_task;

static void add_task_free(gpointer p)
{
    add_task *t = p;
    g_object_unref(t->msg);
    secret_free(t->password);
    g_free(t->name);
    g_free(t->hash);
    g_free(t->by);
    g_free(t->addr);
    g_free(t);
}

static void add_thread(GTask *task, gpointer src, gpointer data, GCancellable *c)
{
    (void)src;
    (void)c;
    add_task *t = data;
    t->hash = gy_password_hash(t->password, gy_password_iterations());
    g_task_return_boolean(task, TRUE);
}

static void add_done(GObject *src, GAsyncResult *res, gpointer data)
{
    (void)src;
    (void)data;
    add_task *t = g_task_get_task_data(G_TASK(res));
    server *sv = t->sv;
    GError *err = NULL;
    /* a temporary password: the new user sets their own at the first login */
    if (!t->hash)
        reply_error(t->msg, 500, _("the password could not be hashed"));
    else if (!gy_users_add(sv->users, t->name, t->hash, t->admin, true, &err))
        reply_gerror(t->msg, 400, err);
    else if (!gy_users_save(sv->users, &err))
        reply_gerror(t->msg, 500, err);
    else {
        audit(sv, t->by, t->addr, "user-add", NULL, t->name, NULL);
        reply_json(t->msg, 201, object_of("name", str_node(t->name), NULL));
    }
    soup_server_message_unpause(t->msg);
}

static JsonNode *user_list(server *sv)
{
    JsonArray *a = json_array_new();
    for (size_t i = 0; i < gy_users_count(sv->users); i++) {
        const gy_user *u = gy_users_nth(sv->users, i);
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "name", u->name);
        json_object_set_boolean_member(o, "admin", u->admin);
        json_object_set_boolean_member(o, "temporary", u->temporary);
        json_object_set_int_member(o, "changed", u->changed);
        json_array_add_object_element(a, o);
    }
    JsonNode *n = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(n, a);
    return object_of("users", n, NULL);
}

/* /api/users[/NAME]: list, add (with a temporary password), delete. */
static void route_users(server *sv, SoupServerMessage *msg, session *s, const char *addr,
                        const char *method, char **seg, int nseg)
{
    GError *err = NULL;
    if (!is_admin(sv, s)) {
        reply_error(msg, 403, _("only administrators manage accounts"));
    } else if (nseg == 2 && !strcmp(method, "GET")) {
        reply_json(msg, 200, user_list(sv));
    } else if (nseg == 2 && !strcmp(method, "POST")) {
        JsonObject *o = body_object(msg);
        const char *name = o ? json_object_get_string_member_with_default(o, "name", NULL) : NULL;
        const char *pw = o ? json_object_get_string_member_with_default(o, "password", NULL)
                           : NULL;
        if (!name || !pw) {
            reply_error(msg, 400, _("send {\"name\": …, \"password\": …, \"admin\": false}"));
        } else if (gy_users_find(sv->users, name)) {
            reply_error(msg, 400, _("the user exists already"));
        } else if (!gy_password_acceptable(pw, name, &err)) {
            reply_gerror(msg, 400, err);
        } else {
            add_task *t = g_new0(add_task, 1);
            t->sv = sv;
            t->msg = g_object_ref(msg);
            t->name = g_strdup(name);
            t->password = g_strdup(pw);
            t->admin = json_object_get_boolean_member_with_default(o, "admin", FALSE);
            t->by = g_strdup(s->user);
            t->addr = g_strdup(addr);
            GTask *task = g_task_new(NULL, NULL, add_done, NULL);
            g_task_set_task_data(task, t, add_task_free);
            soup_server_message_pause(msg);
            g_task_run_in_thread(task, add_thread);
            g_object_unref(task);
        }
        if (o)
            json_object_unref(o);
    } else if (nseg == 3 && !strcmp(method, "DELETE")) {
        char *name = g_uri_unescape_string(seg[2], NULL);
        if (name && strcmp(name, s->user) == 0) {
            reply_error(msg, 400, _("you cannot delete your own account"));
        } else if (!name || !gy_users_remove(sv->users, name, &err)) {
            g_clear_error(&err);
            reply_error(msg, 404, _("no such user"));
        } else if (!gy_users_save(sv->users, &err)) {
            reply_gerror(msg, 500, err);
        } else {
            GHashTableIter it;                /* the account's sessions end with it */
            gpointer k, v;
            g_hash_table_iter_init(&it, sv->sessions);
            while (g_hash_table_iter_next(&it, &k, &v))
                if (strcmp(((session *)v)->user, name) == 0)
                    g_hash_table_iter_remove(&it);
            audit(sv, s->user, addr, "user-delete", NULL, name, NULL);
            reply_json(msg, 200, object_of("ok", bool_node(true), NULL));
        }
        g_free(name);
    } else {
        reply_error(msg, 404, _("no such request"));
    }
}

/* ---- jobs ---- */

static gy_job *own_job(server *sv, session *s, const char *id)
{
    gy_job *job = gy_jobs_get(sv->jobs, id);
    if (job && strcmp(gy_job_owner(job), s->user) != 0 && !is_admin(sv, s))
        return NULL;                       /* another user's job is not there for you */
    return job;
}

static void do_create(server *sv, SoupServerMessage *msg, session *s, const char *addr)
{
    JsonObject *o = body_object(msg);
    const char *cmd = o ? json_object_get_string_member_with_default(o, "command", NULL) : NULL;
    JsonNode *on = o ? json_object_get_member(o, "options") : NULL;
    JsonObject *opts = on && JSON_NODE_HOLDS_OBJECT(on) ? json_node_get_object(on) : NULL;
    JsonObject *none = NULL;
    GError *err = NULL;
    int status = 400;
    if (!o || (on && !opts)) {
        reply_error(msg, 400, _("send {\"command\": …, \"options\": {…}}"));
        goto done;
    }
    if (!opts)
        opts = none = json_object_new();
    if (!gy_jobs_check_options(cmd, opts, is_admin(sv, s), &status, &err)) {
        reply_gerror(msg, status, err);
        goto done;
    }
    gy_job *job = gy_jobs_create(sv->jobs, s->user, cmd, opts, &status, &err);
    if (!job) {
        reply_gerror(msg, status, err);
        goto done;
    }
    audit(sv, s->user, addr, "create", gy_job_id(job), "ok", NULL);
    reply_json(msg, 201, object_of("id", str_node(gy_job_id(job)), NULL));
done:
    if (none)
        json_object_unref(none);
    if (o)
        json_object_unref(o);
}

static const char *content_type(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        { ".csv", "text/csv; charset=utf-8" }, { ".txt", "text/plain; charset=utf-8" },
        { ".json", "application/json" }, { ".pdf", "application/pdf" },
        { ".png", "image/png" }, { ".svg", "image/svg+xml" }, { ".zip", "application/zip" },
        { ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
        if (g_str_has_suffix(name, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

static bool reply_file(SoupServerMessage *msg, const char *path, const char *name, bool attach)
{
    GMappedFile *mf = g_mapped_file_new(path, FALSE, NULL);
    if (!mf)
        return false;
    GBytes *b = g_mapped_file_get_bytes(mf);
    g_mapped_file_unref(mf);
    security_headers(msg, true);
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Content-Type", content_type(name));
    if (attach) {
        char *esc = g_uri_escape_string(name, NULL, FALSE);
        char *cd = g_strdup_printf("attachment; filename*=UTF-8''%s", esc);
        soup_message_headers_replace(h, "Content-Disposition", cd);
        g_free(cd);
        g_free(esc);
    }
    soup_message_body_append_bytes(soup_server_message_get_response_body(msg), b);
    g_bytes_unref(b);
    soup_server_message_set_status(msg, 200, NULL);
    return true;
}

/* outputs.zip in the job's folder (0600), made once from the published outputs. */
static char *make_zip(gy_job *job, JsonArray *outs, GError **err)
{
    char *path = g_build_filename(gy_job_dir(job), "outputs.zip", NULL);
    if (g_file_test(path, G_FILE_TEST_EXISTS))
        return path;
    char *tmp = g_build_filename(gy_job_dir(job), ".outputs.zip.tmp", NULL);
    g_unlink(tmp);
    int ze = 0;
    zip_t *z = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    bool ok = z != NULL;
    for (guint i = 0; ok && i < json_array_get_length(outs); i++) {
        const char *n = json_array_get_string_element(outs, i);
        char *p = g_build_filename(gy_job_dir(job), "out", n, NULL);
        zip_source_t *src = zip_source_file(z, p, 0, -1);
        ok = src && zip_file_add(z, n, src, ZIP_FL_ENC_UTF_8) >= 0;
        if (!ok && src)
            zip_source_free(src);
        g_free(p);
    }
    if (z && (!ok || zip_close(z) != 0)) {
        zip_discard(z);
        ok = false;
    }
    if (ok)
        g_chmod(tmp, 0600);
    if (!ok || g_rename(tmp, path) != 0) {
        g_set_error(err, GY_ERROR, GY_E_IO, _("%s: the zip file could not be written"), path);
        g_unlink(tmp);
        g_free(tmp);
        g_free(path);
        return NULL;
    }
    g_free(tmp);
    return path;
}

static void do_download(server *sv, SoupServerMessage *msg, session *s, const char *addr,
                        gy_job *job, const char *name)
{
    GError *err = NULL;
    if (strcmp(name, "outputs.zip") == 0) {
        JsonNode *n = gy_job_to_json(sv->jobs, job, false);
        JsonArray *outs = json_object_get_array_member(json_node_get_object(n), "outputs");
        char *path = gy_job_get_state(job) == GY_JOB_DONE && json_array_get_length(outs)
                         ? make_zip(job, outs, &err) : NULL;
        if (path && reply_file(msg, path, "outputs.zip", true))
            audit(sv, s->user, addr, "download", gy_job_id(job), "ok",
                  "{\"file\":\"outputs.zip\"}");
        else if (err)
            reply_gerror(msg, 500, err);
        else
            reply_error(msg, 404, _("the job has no outputs"));
        g_free(path);
        json_node_unref(n);
        return;
    }
    if (!gy_job_has_output(job, name)) {
        reply_error(msg, 404, _("no such output"));
        return;
    }
    char *path = g_build_filename(gy_job_dir(job), "out", name, NULL);
    if (reply_file(msg, path, name, true)) {
        JsonNode *x = object_of("file", str_node(name), NULL);
        char *extra = json_to_string(x, FALSE);
        audit(sv, s->user, addr, "download", gy_job_id(job), "ok", extra);
        g_free(extra);
        json_node_unref(x);
    } else {
        reply_error(msg, 404, _("no such output"));
    }
    g_free(path);
}

static bool preview_name(const char *n)
{
    if (!g_str_has_prefix(n, "page-") || !g_str_has_suffix(n, ".png"))
        return false;
    for (const char *p = n + 5; *p != '.'; p++)
        if (!g_ascii_isdigit(*p))
            return false;
    return strlen(n) > 9 && strlen(n) < 16;
}

static JsonNode *job_list(server *sv, session *s)
{
    GPtrArray *jobs = gy_jobs_list(sv->jobs, is_admin(sv, s) ? NULL : s->user);
    JsonArray *a = json_array_new();
    for (guint i = 0; i < jobs->len; i++)
        json_array_add_element(a, gy_job_to_json(sv->jobs, jobs->pdata[i], false));
    g_ptr_array_free(jobs, TRUE);
    JsonNode *n = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(n, a);
    return object_of("jobs", n, NULL);
}

/* /api/jobs/ID[/…] */
static void route_job(server *sv, SoupServerMessage *msg, session *s, const char *addr,
                      const char *method, char **seg, int nseg)
{
    gy_job *job = own_job(sv, s, seg[2]);
    if (!job) {
        reply_error(msg, 404, _("no such job"));
        return;
    }
    const char *id = gy_job_id(job);
    GError *err = NULL;
    int status = 400;
    if (nseg == 3 && !strcmp(method, "GET")) {
        reply_json(msg, 200, gy_job_to_json(sv->jobs, job, true));
    } else if (nseg == 3 && !strcmp(method, "DELETE")) {
        char *extra = gy_job_inputs_json(job);
        audit(sv, s->user, addr, "delete", id, "ok", extra);
        g_free(extra);
        gy_jobs_delete(sv->jobs, job);
        reply_json(msg, 200, object_of("ok", bool_node(true), NULL));
    } else if (nseg == 4 && !strcmp(method, "POST") && !strcmp(seg[3], "run")) {
        if (gy_jobs_run(sv->jobs, job, &status, &err)) {
            char *extra = gy_job_inputs_json(job);
            audit(sv, s->user, addr, "run", id, "queued", extra);
            g_free(extra);
            reply_json(msg, 202, object_of("state", str_node(gy_job_state_name(gy_job_get_state(job))), NULL));
        } else {
            reply_gerror(msg, status, err);
        }
    } else if (nseg == 4 && !strcmp(method, "POST") && !strcmp(seg[3], "cancel")) {
        bool ok = gy_jobs_cancel(sv->jobs, job);
        audit(sv, s->user, addr, "cancel", id, ok ? "ok" : "finished already", NULL);
        if (ok)
            reply_json(msg, 202, object_of("ok", bool_node(true), NULL));
        else
            reply_error(msg, 409, _("the job is not queued or running"));
    } else if (nseg == 4 && !strcmp(method, "POST") && !strcmp(seg[3], "keep")) {
        JsonObject *o = body_object(msg);
        bool keep = o ? json_object_get_boolean_member_with_default(o, "keep", TRUE) : true;
        gy_job_keep_inputs(sv->jobs, job, keep);
        if (o)
            json_object_unref(o);
        reply_json(msg, 200, object_of("keep_inputs", bool_node(keep), NULL));
    } else if (nseg == 4 && !strcmp(method, "GET") && !strcmp(seg[3], "outputs.zip")) {
        do_download(sv, msg, s, addr, job, "outputs.zip");
    } else if (nseg == 5 && !strcmp(method, "GET") && !strcmp(seg[3], "outputs")) {
        char *name = g_uri_unescape_string(seg[4], NULL);
        if (!name || strchr(name, '/') || !strcmp(name, "outputs.zip"))
            reply_error(msg, 404, _("no such output"));
        else
            do_download(sv, msg, s, addr, job, name);
        g_free(name);
    } else if (nseg == 5 && !strcmp(method, "GET") && !strcmp(seg[3], "previews")) {
        char *p = preview_name(seg[4]) ? g_build_filename(gy_job_dir(job), "preview", seg[4], NULL)
                                       : NULL;
        if (!p || !reply_file(msg, p, seg[4], false))
            reply_error(msg, 404, _("no such preview"));
        g_free(p);
    } else {
        reply_error(msg, 404, _("no such request"));
    }
}

static bool state_changing(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static bool csrf_ok(SoupServerMessage *msg, const session *s)
{
    const char *t = soup_message_headers_get_one(soup_server_message_get_request_headers(msg),
                                                 "X-CSRF-Token");
    return t && strlen(t) == strlen(s->csrf) && CRYPTO_memcmp(t, s->csrf, strlen(t)) == 0;
}

static void api_handler(SoupServer *soup, SoupServerMessage *msg, const char *path,
                        GHashTable *query, gpointer data)
{
    (void)soup;
    (void)query;
    server *sv = data;
    if (soup_server_message_get_status(msg) != 0)      /* decided by the early handler */
        return;
    upload *up = g_object_get_data(G_OBJECT(msg), "gy-upload");
    const char *method = soup_server_message_get_method(msg);
    char *addr = client_addr(sv, msg);
    char **seg = g_strsplit(path + 1, "/", 0);
    int nseg = (int)g_strv_length(seg);
    session *s = NULL;
    if (up) {                            /* an upload, its body written as it came */
        char *stored = NULL;
        GError *err = NULL;
        gy_job *job = gy_jobs_get(sv->jobs, up->job_id);
        if (!job) {
            reply_error(msg, 404, _("no such job"));
        } else if (up->status) {
            gy_job_upload_end(sv->jobs, job, up->name, false, &stored, NULL);
            reply_error(msg, up->status, up->error);
        } else if (gy_job_upload_end(sv->jobs, job, up->name, true, &stored, &err)) {
            char *extra = gy_job_inputs_json(job);
            audit(sv, up->user, up->addr, "upload", up->job_id, "ok", extra);
            g_free(extra);
            reply_json(msg, 201, object_of("name", str_node(stored), NULL));
        } else {
            reply_gerror(msg, 500, err);
        }
        g_free(stored);
        goto done;
    }
    if (nseg == 2 && !strcmp(seg[1], "login") && !strcmp(method, "POST")) {
        do_login(sv, msg, addr);
        goto done;
    }
    s = find_session(sv, msg);
    if (!s) {
        reply_error(msg, 401, _("not logged in"));
        goto done;
    }
    if (state_changing(method) && !csrf_ok(msg, s)) {
        reply_error(msg, 403, _("missing or wrong CSRF token (X-CSRF-Token)"));
        goto done;
    }
    if (nseg == 2 && !strcmp(seg[1], "logout") && !strcmp(method, "POST")) {
        audit(sv, s->user, addr, "logout", NULL, "ok", NULL);
        g_hash_table_remove(sv->sessions, s->token);
        reply_json(msg, 200, object_of("ok", bool_node(true), NULL));
    } else if (nseg == 2 && !strcmp(seg[1], "me") && !strcmp(method, "GET")) {
        reply_json(msg, 200, object_of("user", str_node(s->user), "admin",
                                       bool_node(is_admin(sv, s)), "csrf", str_node(s->csrf),
                                       "must_change", bool_node(s->must_change), NULL));
    } else if (nseg == 2 && !strcmp(seg[1], "password") && !strcmp(method, "POST")) {
        do_password(sv, msg, s, addr);
    } else if (s->must_change) {
        reply_error(msg, 403, _("change your password first (it is temporary or has expired)"));
    } else if (nseg == 2 && !strcmp(seg[1], "jobs") && !strcmp(method, "GET")) {
        reply_json(msg, 200, job_list(sv, s));
    } else if (nseg == 2 && !strcmp(seg[1], "jobs") && !strcmp(method, "POST")) {
        do_create(sv, msg, s, addr);
    } else if (nseg >= 3 && !strcmp(seg[1], "jobs")) {
        route_job(sv, msg, s, addr, method, seg, nseg);
    } else if (nseg >= 2 && !strcmp(seg[1], "users")) {
        route_users(sv, msg, s, addr, method, seg, nseg);
    } else {
        reply_error(msg, 404, _("no such request"));
    }
done:
    g_strfreev(seg);
    g_free(addr);
}

/* ---- early: limits, and uploads streamed to disk ---- */

static gboolean upload_resume(gpointer data)
{
    SoupServerMessage *msg = data;
    soup_server_message_unpause(msg);
    g_object_unref(msg);
    return G_SOURCE_REMOVE;
}

static void got_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer data)
{
    upload *up = data;
    up->since_yield += g_bytes_get_size(chunk);
    if (up->since_yield >= UPLOAD_SLICE) {
        up->since_yield = 0;
        soup_server_message_pause(msg);
        g_idle_add_full(G_PRIORITY_LOW, upload_resume, g_object_ref(msg), NULL);
    }
    if (up->status)
        return;                          /* the rest of a refused upload is dropped */
    gy_job *job = gy_jobs_get(up->sv->jobs, up->job_id);
    GError *err = NULL;
    gsize n;
    const void *p = g_bytes_get_data(chunk, &n);
    if (!job) {
        up->status = 404;
        up->error = g_strdup(_("no such job"));
    } else if (!gy_job_upload_write(up->sv->jobs, job, p, n, &up->status, &err)) {
        if (!up->status)
            up->status = 500;
        up->error = g_strdup(err ? err->message : _("the upload failed"));
        g_clear_error(&err);
    }
}

#define BUSY _("the server is busy: try again in a moment")
#define BODY_TOO_LARGE _("the request body is too large")

/* A request refused before its body is read: the error, and the body (which libsoup still
 * reads) dropped as it comes instead of kept in memory. */
static void refuse_body(SoupServerMessage *msg, int status, const char *message)
{
    reply_error(msg, status, message);
    soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
}

/* A JSON request's body as it arrives: past MAX_JSON_BODY (a chunked body gives no length
 * beforehand) it is dropped and the answer is 413. */
static void json_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer data)
{
    (void)data;
    SoupMessageBody *body = soup_server_message_get_request_body(msg);
    gsize *seen = g_object_get_data(G_OBJECT(msg), "gy-body-seen");
    if (!seen) {
        seen = g_new0(gsize, 1);
        g_object_set_data_full(G_OBJECT(msg), "gy-body-seen", seen, g_free);
    }
    *seen += g_bytes_get_size(chunk);
    if (*seen > MAX_JSON_BODY && soup_server_message_get_status(msg) == 0) {
        refuse_body(msg, 413, BODY_TOO_LARGE);
        soup_message_body_truncate(body);
    }
}

static void early_handler(SoupServer *soup, SoupServerMessage *msg, const char *path,
                          GHashTable *query, gpointer data)
{
    (void)soup;
    server *sv = data;
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    const char *method = soup_server_message_get_method(msg);
    GSocket *sock = soup_server_message_get_socket(msg);
    if (sock && g_object_get_data(G_OBJECT(sock), "gy-refused")) {
        refuse_body(msg, 503, BUSY);
        return;
    }
    gsize hbytes = 0;
    SoupMessageHeadersIter it;
    const char *name, *value;
    soup_message_headers_iter_init(&it, h);
    while (soup_message_headers_iter_next(&it, &name, &value))
        hbytes += strlen(name) + strlen(value) + 4;
    if (hbytes > MAX_HEADERS) {
        refuse_body(msg, 431, _("the request's headers are too large"));
        return;
    }
    goffset len = soup_message_headers_get_content_length(h);
    char **seg = g_strsplit(path + 1, "/", 0);
    int nseg = (int)g_strv_length(seg);
    bool is_upload = !strcmp(method, "PUT") && nseg == 5 && !strcmp(seg[0], "api") &&
                     !strcmp(seg[1], "jobs") && !strcmp(seg[3], "inputs");
    if (!is_upload) {
        if (len > MAX_JSON_BODY)
            refuse_body(msg, 413, BODY_TOO_LARGE);
        else                             /* a chunked body has no length to check first */
            g_signal_connect(msg, "got-chunk", G_CALLBACK(json_chunk), NULL);
        g_strfreev(seg);
        return;
    }
    /* an upload: who, which job, which role, how big — decided before a byte is written */
    session *s = find_session(sv, msg);
    gy_job *job = s ? own_job(sv, s, seg[2]) : NULL;
    char *addr = client_addr(sv, msg);
    int status = 0;
    GError *err = NULL;
    if (!s)
        reply_error(msg, 401, _("not logged in"));
    else if (!csrf_ok(msg, s))
        reply_error(msg, 403, _("missing or wrong CSRF token (X-CSRF-Token)"));
    else if (s->must_change)
        reply_error(msg, 403, _("change your password first (it is temporary or has expired)"));
    else if (!job)
        reply_error(msg, 404, _("no such job"));
    else if (!gy_job_upload_begin(sv->jobs, job, query ? g_hash_table_lookup(query, "role") : NULL,
                                  len > 0 ? (guint64)len : 0, &status, &err))
        reply_gerror(msg, status, err);
    else {
        upload *up = g_new0(upload, 1);
        up->sv = sv;
        up->job = job;
        up->job_id = g_strdup(gy_job_id(job));
        char *n = g_uri_unescape_string(seg[4], NULL);
        up->name = n ? n : g_strdup("file");
        up->user = g_strdup(s->user);
        up->addr = g_strdup(addr);
        g_object_set_data_full(G_OBJECT(msg), "gy-upload", up, upload_free);
        soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
        g_signal_connect(msg, "got-chunk", G_CALLBACK(got_chunk), up);
    }
    if (soup_server_message_get_status(msg) != 0)     /* refused: its body is not kept */
        soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
    g_free(addr);
    g_strfreev(seg);
}

/* An upload whose connection broke: the temporary file goes. */
static void request_done(SoupServer *soup, SoupServerMessage *msg, gpointer data)
{
    (void)soup;
    server *sv = data;
    upload *up = g_object_get_data(G_OBJECT(msg), "gy-upload");
    gy_job *job = up ? gy_jobs_get(sv->jobs, up->job_id) : NULL;
    char *stored = NULL;
    if (job)
        gy_job_upload_end(sv->jobs, job, up->name, false, &stored, NULL);
}

/* ---- the cap on open connections ---- */

/* libsoup starts a connection's first message when it accepts the connection, before a byte
 * is read: so connections are counted by their socket, from that first message until libsoup
 * closes the socket (it does so itself when a request ends: every answer says
 * "Connection: close", see keep_no_idle_connections). */
static int open_connections(server *sv)
{
    GHashTableIter it;
    gpointer sock;
    g_hash_table_iter_init(&it, sv->conns);
    while (g_hash_table_iter_next(&it, &sock, NULL))
        if (g_socket_is_closed(sock))
            g_hash_table_iter_remove(&it);
    return (int)g_hash_table_size(sv->conns);
}

static gboolean refused_close(gpointer data)
{
    g_socket_shutdown(data, TRUE, TRUE, NULL);       /* libsoup sees the end and lets go */
    g_object_unref(data);
    return G_SOURCE_REMOVE;
}

/* One connection too many: a 503 written at once (plain HTTP; under TLS there is no way to
 * answer before the handshake), and the sending side shut. A request that still comes is
 * answered 503 by the early handler; an idle client is cut off after 5 s. */
static void refuse_connection(server *sv, GSocket *sock)
{
    g_object_set_data(G_OBJECT(sock), "gy-refused", GINT_TO_POINTER(1));
    if (!sv->tls) {
        JsonNode *n = object_of("error", str_node(BUSY), NULL);
        char *body = json_to_string(n, FALSE);
        char *head = g_strdup_printf("HTTP/1.1 503 Service Unavailable\r\n"
                                     "Content-Type: application/json; charset=utf-8\r\n"
                                     "Content-Length: %zu\r\nConnection: close\r\n"
                                     "Cache-Control: no-store\r\nRetry-After: 5\r\n\r\n%s",
                                     strlen(body), body);
        g_socket_send_with_blocking(sock, head, strlen(head), FALSE, NULL, NULL);
        g_free(head);
        g_free(body);
        json_node_unref(n);
        g_socket_shutdown(sock, FALSE, TRUE, NULL);
    }
    g_timeout_add_seconds(5, refused_close, g_object_ref(sock));
}

/* libsoup 3.2 never lets go of a kept-alive connection that its client closes between two
 * requests: the message waiting for the next request has no completion callback, so the end
 * of the stream is read and dropped, the socket stays in CLOSE_WAIT and the connection in the
 * server's list (libsoup commit d20c6601, "server: do not leak idle connections closed by the
 * client", first in 3.3.0; Debian 12 has 3.2.3). A connection closed before its first request
 * or in the middle of one is let go. So no connection is kept alive: every answer says
 * "Connection: close" and libsoup closes the connection as soon as the answer is written. */
static void keep_no_idle_connections(SoupServerMessage *msg)
{
    soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection",
                                 "close");
}

/* libsoup before 3.4 keeps the reference g_socket_accept gives it (upstream commit b545d5f0,
 * "soup-listener: Plug a leak"): each accepted connection's GSocket, about 340 bytes, stayed in
 * memory after the connection closed, one per request without keep-alive. When the
 * connection's first message starts, libsoup is accepting it: the socket is held by that
 * reference and the connection's own (2; the GSocketConnection comes later), so the one that
 * would leak is dropped here, once, and only if it is there. */
static void drop_accept_reference(GSocket *sock)
{
    if (soup_get_major_version() != 3 || soup_get_minor_version() >= 4 ||
        g_object_get_data(G_OBJECT(sock), "gy-seen"))
        return;
    g_object_set_data(G_OBJECT(sock), "gy-seen", GINT_TO_POINTER(1));
    if (g_atomic_int_get(&G_OBJECT(sock)->ref_count) == 2)
        g_object_unref(sock);
}

static void request_started(SoupServer *soup, SoupServerMessage *msg, gpointer data)
{
    (void)soup;
    server *sv = data;
    keep_no_idle_connections(msg);
    GSocket *sock = soup_server_message_get_socket(msg);
    if (sock)
        drop_accept_reference(sock);
    if (sv->o.max_connections <= 0)
        return;
    if (!sock || g_hash_table_contains(sv->conns, sock) ||
        g_object_get_data(G_OBJECT(sock), "gy-refused"))
        return;
    if (open_connections(sv) >= sv->o.max_connections) {
        refuse_connection(sv, sock);
        return;
    }
    g_hash_table_add(sv->conns, g_object_ref(sock));
}


/* ---- the page ---- */

static void page_handler(SoupServer *soup, SoupServerMessage *msg, const char *path,
                         GHashTable *query, gpointer data)
{
    (void)soup;
    (void)query;
    (void)data;
    if (soup_server_message_get_status(msg) != 0)
        return;
    const char *method = soup_server_message_get_method(msg);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        reply_error(msg, 405, _("only GET here"));
        return;
    }
    const char *name = strcmp(path, "/") == 0 ? "index.html" : path + 1;
    char *rp = g_strconcat("/guiyan/www/", name, NULL);
    GBytes *b = strchr(name, '/') ? NULL
                                  : g_resource_lookup_data(gy_www_get_resource(), rp, 0, NULL);
    g_free(rp);
    if (!b) {
        reply_error(msg, 404, _("no such page"));
        return;
    }
    static const struct { const char *ext, *type; } types[] = {
        { ".html", "text/html; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" }, { ".png", "image/png" },
        { ".svg", "image/svg+xml" },
    };
    const char *type = "application/octet-stream";
    for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
        if (g_str_has_suffix(name, types[i].ext))
            type = types[i].type;
    security_headers(msg, false);
    soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Content-Type",
                                 type);
    soup_message_body_append_bytes(soup_server_message_get_response_body(msg), b);
    g_bytes_unref(b);
    soup_server_message_set_status(msg, 200, NULL);
}

/* ---- the whole ---- */

static void job_changed(gy_job *job, void *user)
{
    server *sv = user;
    gy_job_state st = gy_job_get_state(job);
    if (st >= GY_JOB_DONE)
        audit(sv, gy_job_owner(job), NULL, "finish", gy_job_id(job), gy_job_state_name(st), NULL);
}

static gboolean on_sweep(gpointer data)
{
    server *sv = data;
    int n = gy_jobs_sweep(sv->jobs, now_s());
    if (n) {
        char *x = g_strdup_printf("{\"jobs_deleted\":%d}", n);
        audit(sv, NULL, NULL, "sweep", NULL, "ok", x);
        g_free(x);
    }
    GError *err = NULL;                  /* the audit log keeps 180 days */
    if (gy_audit_trim(sv->audit, now_s() - AUDIT_DAYS * 86400, &err) < 0) {
        g_printerr("guiyan serve: %s\n", err->message);
        g_error_free(err);
    }
    /* sessions past their time */
    GHashTableIter it;
    gpointer k, v;
    gint64 now = now_s();
    g_hash_table_iter_init(&it, sv->sessions);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        session *s = v;
        if (now - s->last > SESSION_IDLE_S || now - s->created > SESSION_MAX_S)
            g_hash_table_iter_remove(&it);
    }
    return G_SOURCE_CONTINUE;
}

static gboolean on_signal(gpointer data)
{
    server *sv = data;
    g_main_loop_quit(sv->loop);
    return G_SOURCE_CONTINUE;           /* removed with the server, once */
}

static GSocketAddress *parse_listen(const char *listen, bool *loopback, GError **err)
{
    const char *colon = strrchr(listen, ':');
    char *host = colon ? g_strndup(listen, (size_t)(colon - listen)) : g_strdup(listen);
    guint64 port = colon ? g_ascii_strtoull(colon + 1, NULL, 10) : 8600;
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = '\0';
    }
    GInetAddress *a = g_inet_address_new_from_string(host);
    GSocketAddress *sa = NULL;
    if (!a || port > 65535 || (colon && !g_ascii_isdigit(colon[1]))) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("--listen: '%s' is not ADDRESS:PORT (e.g. 127.0.0.1:8600)"), listen);
    } else {
        *loopback = g_inet_address_get_is_loopback(a);
        sa = g_inet_socket_address_new(a, (guint16)port);
    }
    if (a)
        g_object_unref(a);
    g_free(host);
    return sa;
}

/* The listening socket, as libsoup makes it but with room for LISTEN_BACKLOG connections not
 * yet accepted: every request comes on a new connection (keep_no_idle_connections), and
 * GSocket's default of 10 drops the SYNs of a burst, which the client sends again after 1 s. */
#define LISTEN_BACKLOG 256

static GSocket *listen_socket(GSocketAddress *sa, GError **err)
{
    GSocketFamily family = g_socket_address_get_family(sa);
    GSocket *sock = g_socket_new(family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, err);
    if (!sock)
        return NULL;
    if (family == G_SOCKET_FAMILY_IPV6)
        g_socket_set_option(sock, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
    g_socket_set_listen_backlog(sock, LISTEN_BACKLOG);
    if (!g_socket_bind(sock, sa, TRUE, err) || !g_socket_listen(sock, err)) {
        g_object_unref(sock);
        return NULL;
    }
    return sock;
}

bool gy_serve_run(const gy_serve_opts *o, GError **err)
{
    server sv = { .o = *o };
    bool ok = false, loopback = false;
    GSocketAddress *sa = parse_listen(o->listen, &loopback, err);
    if (!sa)
        return false;
    if (!loopback && !(o->tls_cert && o->tls_key) && !o->behind_proxy) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("%s is not a loopback address: give --tls-cert and --tls-key, or "
                      "--behind-proxy when a TLS proxy is in front"), o->listen);
        g_object_unref(sa);
        return false;
    }
    if (g_mkdir_with_parents(o->data, 0700) != 0 || g_chmod(o->data, 0700) != 0) {
        int e = errno;
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", o->data, g_strerror(e));
        g_object_unref(sa);
        return false;
    }
    char *users_path = g_build_filename(o->data, "users.json", NULL);
    char *audit_path = g_build_filename(o->data, "audit.log", NULL);
    char *jobs_dir = g_build_filename(o->data, "jobs", NULL);
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    GTlsCertificate *cert = NULL;
    guint sig1 = 0, sig2 = 0, sweep = 0;
    sv.sessions = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, session_free);
    sv.strikes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    sv.conns = g_hash_table_new_full(NULL, NULL, g_object_unref, NULL);
    sv.dummy_hash = gy_password_hash("not a password", gy_password_iterations());
    if (!(sv.users = gy_users_load(users_path, err)) ||
        !(sv.audit = gy_audit_open(audit_path, err)) ||
        !(sv.jobs = gy_jobs_open(jobs_dir, exe, &o->lim, job_changed, &sv, err)))
        goto done;
    if (o->tls_cert && o->tls_key) {
        cert = g_tls_certificate_new_from_files(o->tls_cert, o->tls_key, err);
        if (!cert)
            goto done;
        sv.tls = true;
    }
    /* raw paths: an input's name may hold an escaped '/', decoded per segment here */
    sv.soup = soup_server_new("server-header", "guiyan", "raw-paths", TRUE,
                              cert ? "tls-certificate" : NULL, cert, NULL);
    soup_server_add_early_handler(sv.soup, "/api", early_handler, &sv, NULL);
    soup_server_add_early_handler(sv.soup, "/", early_handler, &sv, NULL);
    soup_server_add_handler(sv.soup, "/api", api_handler, &sv, NULL);
    soup_server_add_handler(sv.soup, "/", page_handler, &sv, NULL);
    g_signal_connect(sv.soup, "request-started", G_CALLBACK(request_started), &sv);
    g_signal_connect(sv.soup, "request-finished", G_CALLBACK(request_done), &sv);
    g_signal_connect(sv.soup, "request-aborted", G_CALLBACK(request_done), &sv);
    sv.loop = g_main_loop_new(NULL, FALSE);
    sig1 = g_unix_signal_add(SIGINT, on_signal, &sv);     /* before anyone knows the port */
    sig2 = g_unix_signal_add(SIGTERM, on_signal, &sv);
    GSocket *lsock = listen_socket(sa, err);
    bool listening = lsock && soup_server_listen_socket(sv.soup, lsock,
                                                        sv.tls ? SOUP_SERVER_LISTEN_HTTPS : 0, err);
    if (lsock)
        g_object_unref(lsock);
    if (!listening)
        goto done;
    GSList *uris = soup_server_get_uris(sv.soup);
    for (GSList *l = uris; l; l = l->next) {
        char *u = g_uri_to_string(l->data);
        printf("guiyan serve: listening on %s\n", u);
        g_free(u);
    }
    g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
    fflush(stdout);
    on_sweep(&sv);
    sweep = g_timeout_add_seconds((guint)(o->sweep_s > 0 ? o->sweep_s : 3600), on_sweep, &sv);
    g_main_loop_run(sv.loop);
    ok = true;
done:
    if (sig1)
        g_source_remove(sig1);
    if (sig2)
        g_source_remove(sig2);
    if (sweep)
        g_source_remove(sweep);
    if (sv.soup) {
        soup_server_disconnect(sv.soup);
        g_object_unref(sv.soup);
    }
    g_hash_table_destroy(sv.conns);
    if (sv.loop)
        g_main_loop_unref(sv.loop);
    gy_jobs_free(sv.jobs);
    gy_audit_free(sv.audit);
    gy_users_free(sv.users);
    g_hash_table_destroy(sv.sessions);
    g_hash_table_destroy(sv.strikes);
    g_free(sv.dummy_hash);
    if (cert)
        g_object_unref(cert);
    g_object_unref(sa);
    g_free(exe);
    g_free(jobs_dir);
    g_free(audit_path);
    g_free(users_path);
    return ok;
}
