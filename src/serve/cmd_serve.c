/* cmd_serve.c — `guiyan serve`: parse the options, then run the server or manage accounts
 * (--add-user, --del-user, --passwd) or check the audit log (--verify-audit). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guiyan/audit.h"
#include "guiyan/face.h"
#include "guiyan/i18n.h"
#include "guiyan/serve.h"
#include "guiyan/users.h"

#define DEFAULT_DATA "/var/lib/guiyan"

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan serve [OPTION]...\n"
            "The bureau's web page: jobs run from a browser, same figures and files as the\n"
            "command line.\n"
            "\n"
            "      --listen ADDR:PORT   where to listen (default 127.0.0.1:8600); an address\n"
            "                           other than loopback needs --tls-cert and --tls-key, or\n"
            "                           --behind-proxy\n"
            "      --data DIR           users, jobs and the audit log (default /var/lib/guiyan)\n"
            "      --tls-cert FILE      TLS certificate (PEM)\n"
            "      --tls-key FILE       its private key (PEM)\n"
            "      --behind-proxy       a TLS proxy is in front (it sets X-Forwarded-For)\n"
            "      --max-upload SIZE    largest file uploaded (default 200M; K, M, G)\n"
            "      --max-job SIZE       all files of a job (default 1G)\n"
            "      --keep-days N        jobs are deleted N days after they finish (default 30);\n"
            "                           inputs 24 hours after, unless kept\n"
            "      --max-running N      jobs running at once (default: the number of cores)\n"
            "      --max-queue N        jobs waiting at most (default 20)\n"
            "      --jobs-per-user N    jobs kept per user (default 50)\n"
            "      --job-memory SIZE    memory of one job (default 8G)\n"
            "      --job-time SECONDS   running time of one job (default 3600)\n"
            "      --max-connections N  open connections at once, idle ones too (default 64)\n"
            "      --password-days N    passwords expire after N days (default 90; 0 never)\n"
            "\n"
            "Accounts (the password is read from standard input, one line):\n"
            "      --add-user NAME [--admin] [--temporary] --password-stdin\n"
            "      --passwd NAME [--temporary] --password-stdin\n"
            "      --del-user NAME\n"
            "      --verify-audit       check that no line of DIR/audit.log was removed or changed\n"
            "  -h, --help               show this help\n"
            "\n"
            "GUIYAN_PBKDF2_ITERATIONS sets the PBKDF2 iterations of new passwords (default\n"
            "600000; tests lower it).\n"
            "Exit status: 0 done, 2 usage or configuration error, 3 input/output error.\n"), fp);
}

static bool parse_size(const char *s, guint64 *out)
{
    char *end;
    guint64 v = g_ascii_strtoull(s, &end, 10);
    guint64 mul = 1;
    switch (g_ascii_toupper(*end)) {
    case 'K': mul = 1024; end++; break;
    case 'M': mul = 1024 * 1024; end++; break;
    case 'G': mul = 1024ull * 1024 * 1024; end++; break;
    default: break;
    }
    if (end == s || *end || v > G_MAXUINT64 / mul)
        return false;
    *out = v * mul;
    return true;
}

static bool parse_int(const char *s, int *out)
{
    char *end;
    guint64 v = g_ascii_strtoull(s, &end, 10);
    if (end == s || *end || v > 1000000)
        return false;
    *out = (int)v;
    return true;
}

static char *read_password(void)
{
    char buf[1024];
    if (!fgets(buf, sizeof buf, stdin))
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    char *pw = g_strdup(buf);
    memset(buf, 0, sizeof buf);
    return pw;
}

/* --add-user / --passwd / --del-user on the accounts file. */
static int accounts(const char *data, const char *add, const char *passwd, const char *del,
                    bool admin, bool temporary, bool pw_stdin)
{
    GError *err = NULL;
    if (g_mkdir_with_parents(data, 0700) != 0) {
        fprintf(stderr, "guiyan serve: %s: %s\n", data, g_strerror(errno));
        return GY_EXIT_IO;
    }
    char *path = g_build_filename(data, "users.json", NULL);
    gy_users *us = gy_users_load(path, &err);
    g_free(path);
    if (!us)
        return gy_fail(err);
    int rc = GY_EXIT_OK;
    const char *name = add ? add : passwd ? passwd : del;
    char *pw = NULL, *hash = NULL;
    if (!del) {
        if (!pw_stdin) {
            rc = gy_usage_error("serve", _("give the password on standard input "
                                           "(--password-stdin)"));
            goto done;
        }
        pw = read_password();
        if (!pw || !gy_password_acceptable(pw, name, &err)) {
            if (!err)
                rc = gy_usage_error("serve", _("no password on standard input"));
            else
                rc = gy_fail(err);
            goto done;
        }
        hash = gy_password_hash(pw, gy_password_iterations());
        if (!hash) {
            fprintf(stderr, _("guiyan serve: the password could not be hashed\n"));
            rc = GY_EXIT_IO;
            goto done;
        }
    }
    bool ok;
    if (add) {
        ok = gy_users_add(us, add, hash, admin, temporary, &err);
    } else if (passwd) {
        gy_user *u = gy_users_find(us, passwd);
        if (u)
            gy_user_set_hash(u, hash, temporary);
        else
            g_set_error(&err, GY_ERROR, GY_E_USAGE, _("no user '%s'"), passwd);
        ok = u != NULL;
    } else {
        ok = gy_users_remove(us, del, &err);
    }
    if (!ok || !gy_users_save(us, &err))
        rc = gy_fail(err);
done:
    if (pw)
        memset(pw, 0, strlen(pw));
    g_free(pw);
    g_free(hash);
    gy_users_free(us);
    return rc;
}

int gy_cmd_serve(int argc, char **argv)
{
    enum { O_LISTEN = 256, O_DATA, O_CERT, O_KEY, O_PROXY, O_MAX_UPLOAD, O_MAX_JOB, O_KEEP,
           O_RUNNING, O_QUEUE, O_PER_USER, O_MEMORY, O_TIME, O_CONNS, O_PWDAYS, O_ADD, O_DEL,
           O_PASSWD, O_ADMIN, O_TEMP, O_STDIN, O_VERIFY };
    static const struct option longopts[] = {
        { "listen", required_argument, NULL, O_LISTEN }, { "data", required_argument, NULL, O_DATA },
        { "tls-cert", required_argument, NULL, O_CERT }, { "tls-key", required_argument, NULL, O_KEY },
        { "behind-proxy", no_argument, NULL, O_PROXY },
        { "max-upload", required_argument, NULL, O_MAX_UPLOAD },
        { "max-job", required_argument, NULL, O_MAX_JOB },
        { "keep-days", required_argument, NULL, O_KEEP },
        { "max-running", required_argument, NULL, O_RUNNING },
        { "max-queue", required_argument, NULL, O_QUEUE },
        { "jobs-per-user", required_argument, NULL, O_PER_USER },
        { "job-memory", required_argument, NULL, O_MEMORY },
        { "job-time", required_argument, NULL, O_TIME },
        { "max-connections", required_argument, NULL, O_CONNS },
        { "password-days", required_argument, NULL, O_PWDAYS },
        { "add-user", required_argument, NULL, O_ADD }, { "del-user", required_argument, NULL, O_DEL },
        { "passwd", required_argument, NULL, O_PASSWD }, { "admin", no_argument, NULL, O_ADMIN },
        { "temporary", no_argument, NULL, O_TEMP },
        { "password-stdin", no_argument, NULL, O_STDIN },
        { "verify-audit", no_argument, NULL, O_VERIFY },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    gy_serve_opts o = {
        .listen = "127.0.0.1:8600", .data = DEFAULT_DATA, .max_connections = 64,
        .password_days = GY_PASSWORD_DAYS, .sweep_s = 3600,
        .lim = { .max_running = 0, .max_queue = 20, .max_per_user = 50, .max_inputs = 50,
                 .max_upload = 200ull << 20, .max_job_bytes = 1ull << 30,
                 .mem_limit = 8ull << 30, .time_limit_s = 3600, .keep_days = 30,
                 .keep_inputs_hours = 24 },
    };
    const char *add = NULL, *del = NULL, *passwd = NULL;
    bool admin = false, temporary = false, pw_stdin = false, verify = false;
    int c, *num = NULL;
    guint64 *size = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        num = NULL;
        size = NULL;
        switch (c) {
        case 'h': usage(stdout); return GY_EXIT_OK;
        case O_LISTEN: o.listen = optarg; break;
        case O_DATA: o.data = optarg; break;
        case O_CERT: o.tls_cert = optarg; break;
        case O_KEY: o.tls_key = optarg; break;
        case O_PROXY: o.behind_proxy = true; break;
        case O_MAX_UPLOAD: size = &o.lim.max_upload; break;
        case O_MAX_JOB: size = &o.lim.max_job_bytes; break;
        case O_MEMORY: size = &o.lim.mem_limit; break;
        case O_KEEP: num = &o.lim.keep_days; break;
        case O_RUNNING: num = &o.lim.max_running; break;
        case O_QUEUE: num = &o.lim.max_queue; break;
        case O_PER_USER: num = &o.lim.max_per_user; break;
        case O_TIME: num = &o.lim.time_limit_s; break;
        case O_CONNS: num = &o.max_connections; break;
        case O_PWDAYS: num = &o.password_days; break;
        case O_ADD: add = optarg; break;
        case O_DEL: del = optarg; break;
        case O_PASSWD: passwd = optarg; break;
        case O_ADMIN: admin = true; break;
        case O_TEMP: temporary = true; break;
        case O_STDIN: pw_stdin = true; break;
        case O_VERIFY: verify = true; break;
        default: return gy_usage_error("serve", _("unknown option"));
        }
        if (size && !parse_size(optarg, size))
            return gy_usage_error("serve", _("'%s' is not a size (e.g. 200M)"), optarg);
        if (num && !parse_int(optarg, num))
            return gy_usage_error("serve", _("'%s' is not a number"), optarg);
    }
    if (optind < argc)
        return gy_usage_error("serve", _("unexpected argument '%s'"), argv[optind]);
    if (!!add + !!del + !!passwd + verify > 1)
        return gy_usage_error("serve", _("give one of --add-user, --del-user, --passwd and "
                                         "--verify-audit"));
    if (!o.tls_cert != !o.tls_key)
        return gy_usage_error("serve", _("--tls-cert and --tls-key go together"));
    if (add || del || passwd)
        return accounts(o.data, add, passwd, del, admin, temporary, pw_stdin);
    GError *err = NULL;
    if (verify) {
        char *path = g_build_filename(o.data, "audit.log", NULL);
        size_t n = 0;
        bool ok = gy_audit_verify(path, &n, &err);
        g_free(path);
        if (!ok)
            return gy_fail(err);
        printf(_("guiyan serve: audit log intact: %zu lines\n"), n);
        return GY_EXIT_OK;
    }
    if (!gy_serve_run(&o, &err))
        return gy_fail(err);
    return GY_EXIT_OK;
}
