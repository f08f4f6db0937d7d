/* audit.c — the hash-chained audit log of guiyan serve. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "guiyan/audit.h"
#include "guiyan/i18n.h"
#include "guiyan/reader.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct gy_audit {
    int fd;
    char *path;
    char prev[65];           /* SHA-256 (hex) of the last line written, without its newline */
    GThreadPool *syncer;     /* one thread: fdatasync off the main loop */
    gint pending;            /* a sync is queued */
};

/* The lines are written at once; their sync to disk (which waits behind every upload in the
 * disk's queue) happens on a thread of its own, one at a time. */
static void sync_log(gpointer data, gpointer user)
{
    (void)data;
    gy_audit *a = user;
    g_atomic_int_set(&a->pending, 0);
    fdatasync(a->fd);
}

static void line_hash(const char *line, size_t n, char out[65])
{
    char *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)line, n);
    g_strlcpy(out, h, 65);
    g_free(h);
}

gy_audit *gy_audit_open(const char *path, GError **err)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, g_strerror(e));
        return NULL;
    }
    gy_audit *a = g_new0(gy_audit, 1);
    a->fd = fd;
    a->path = g_strdup(path);
    g_strlcpy(a->prev, ZERO_HASH, sizeof a->prev);
    a->syncer = g_thread_pool_new(sync_log, a, 1, FALSE, NULL);
    char *text = NULL;
    gsize len = 0;
    if (g_file_get_contents(path, &text, &len, NULL) && len > 0) {
        size_t end = len;
        while (end > 0 && text[end - 1] == '\n')
            end--;
        size_t start = end;
        while (start > 0 && text[start - 1] != '\n')
            start--;
        if (end > start)
            line_hash(text + start, end - start, a->prev);
    }
    g_free(text);
    return a;
}

void gy_audit_free(gy_audit *a)
{
    if (!a)
        return;
    g_thread_pool_free(a->syncer, FALSE, TRUE);     /* waits for the last sync */
    fdatasync(a->fd);
    close(a->fd);
    g_free(a->path);
    g_free(a);
}

static void member(JsonBuilder *b, const char *name, const char *value)
{
    if (!value)
        return;
    json_builder_set_member_name(b, name);
    json_builder_add_string_value(b, value);
}

bool gy_audit_add(gy_audit *a, const char *user, const char *addr, const char *action,
                  const char *job, const char *result, const char *extra_json, GError **err)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    GDateTime *now = g_date_time_new_now_utc();
    char *when = g_date_time_format_iso8601(now);
    g_date_time_unref(now);
    member(b, "time", when);
    g_free(when);
    member(b, "user", user);
    member(b, "addr", addr);
    member(b, "action", action);
    member(b, "job", job);
    member(b, "result", result);
    if (extra_json) {
        JsonNode *x = json_from_string(extra_json, NULL);
        if (x && JSON_NODE_HOLDS_OBJECT(x)) {
            JsonObjectIter it;
            const char *name;
            JsonNode *v;
            json_object_iter_init(&it, json_node_get_object(x));
            while (json_object_iter_next(&it, &name, &v)) {
                json_builder_set_member_name(b, name);
                json_builder_add_value(b, json_node_copy(v));
            }
        }
        if (x)
            json_node_unref(x);
    }
    member(b, "prev", a->prev);
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    char *line = json_to_string(root, FALSE);
    json_node_unref(root);
    g_object_unref(b);
    size_t n = strlen(line);
    char *out = g_strconcat(line, "\n", NULL);
    bool ok = write(a->fd, out, n + 1) == (ssize_t)(n + 1);
    if (ok) {
        line_hash(line, n, a->prev);
        if (g_atomic_int_compare_and_exchange(&a->pending, 0, 1))
            g_thread_pool_push(a->syncer, GINT_TO_POINTER(1), NULL);
    }
    else
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", a->path, g_strerror(errno ? errno : EIO));
    g_free(out);
    g_free(line);
    return ok;
}

static gint64 line_time(const char *line)
{
    JsonNode *n = json_from_string(line, NULL);
    gint64 t = G_MAXINT64;
    if (n && JSON_NODE_HOLDS_OBJECT(n)) {
        const char *s = json_object_get_string_member_with_default(json_node_get_object(n),
                                                                   "time", NULL);
        GDateTime *dt = s ? g_date_time_new_from_iso8601(s, NULL) : NULL;
        if (dt) {
            t = g_date_time_to_unix(dt);
            g_date_time_unref(dt);
        }
    }
    if (n)
        json_node_unref(n);
    return t;
}

int gy_audit_trim(gy_audit *a, gint64 cutoff, GError **err)
{
    char *text = NULL;
    if (!g_file_get_contents(a->path, &text, NULL, err))
        return -1;
    char **lines = g_strsplit(text, "\n", -1);
    size_t drop = 0;
    char last[65] = "";
    for (; lines[drop] && *lines[drop] && line_time(lines[drop]) < cutoff; drop++)
        line_hash(lines[drop], strlen(lines[drop]), last);
    int removed = (int)drop;
    if (drop == 0 || (drop == 1 && g_str_has_prefix(lines[0], "{\"time\"") &&
                      strstr(lines[0], "\"action\":\"trim\""))) {
        removed = 0;                     /* nothing, or only the last trim line */
        goto done;
    }
    GDateTime *now = g_date_time_new_now_utc();
    char *when = g_date_time_format_iso8601(now);
    g_date_time_unref(now);
    char *trim = g_strdup_printf("{\"time\":\"%s\",\"action\":\"trim\",\"result\":\"%zu lines "
                                 "older than 180 days removed\",\"prev\":\"%s\"}", when, drop, last);
    g_free(when);
    GString *out = g_string_new(trim);
    g_string_append_c(out, '\n');
    for (size_t i = drop; lines[i]; i++)
        if (*lines[i]) {
            g_string_append(out, lines[i]);
            g_string_append_c(out, '\n');
        }
    bool kept_none = !lines[drop] || !*lines[drop];
    if (!g_file_set_contents_full(a->path, out->str, (gssize)out->len,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0600, err)) {
        removed = -1;
    } else {
        int fd = open(a->path, O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd >= 0) {
            g_thread_pool_free(a->syncer, FALSE, TRUE);
            close(a->fd);
            a->fd = fd;
            a->syncer = g_thread_pool_new(sync_log, a, 1, FALSE, NULL);
        }
        if (kept_none)                   /* the next line follows the last one removed */
            g_strlcpy(a->prev, last, sizeof a->prev);
    }
    g_string_free(out, TRUE);
    g_free(trim);
done:
    g_strfreev(lines);
    g_free(text);
    return removed;
}

bool gy_audit_verify(const char *path, size_t *n_lines, GError **err)
{
    char *text = NULL;
    *n_lines = 0;
    if (!g_file_get_contents(path, &text, NULL, err))
        return false;
    char prev[65] = ZERO_HASH;
    bool ok = true;
    char **lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i] && ok; i++) {
        if (!*lines[i])
            continue;
        JsonNode *n = json_from_string(lines[i], NULL);
        const char *p = n && JSON_NODE_HOLDS_OBJECT(n)
                            ? json_object_get_string_member_with_default(json_node_get_object(n),
                                                                         "prev", "")
                            : "";
        bool trim_head = i == 0 && strstr(lines[i], "\"action\":\"trim\"");
        if (trim_head) {
            g_strlcpy(prev, p, sizeof prev);   /* the next line follows the last one removed */
        } else if (strcmp(p, prev) != 0) {
            g_set_error(err, GY_ERROR, GY_E_CONFIG,
                        _("%s:%zu: this line does not follow from the line before it (a line "
                          "was removed or changed)"), path, i + 1);
            ok = false;
        }
        if (n)
            json_node_unref(n);
        if (!trim_head)
            line_hash(lines[i], strlen(lines[i]), prev);
        (*n_lines)++;
    }
    g_strfreev(lines);
    g_free(text);
    return ok;
}
