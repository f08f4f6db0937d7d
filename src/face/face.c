/* face.c — the command line's side of a run: the common options parsed once for every
 * command, progress on a terminal and on --progress-fd, the report printed as it is said, the
 * run's error and exit code. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "guiyan/face.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"

int gy_fail(GError *err)
{
    if (!err) {
        /* every failure carries its message: one without is a bug, which the tests make
         * fatal (G_DEBUG=fatal-criticals in tests/cli/run.sh and tests/e2e/lib/common.sh) */
        g_critical("gy_fail: a failure without a message");
        fprintf(stderr, "guiyan: %s\n", _("internal error: a failure without a message"));
        return GY_EXIT_IO;
    }
    /* a message names files, and a file may be named after a person: no full ID number */
    gy_id_mask_text(err->message);
    fprintf(stderr, "guiyan: %s\n", err->message);
    int code = gy_exit_of(err);
    g_error_free(err);
    return code;
}

int gy_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "guiyan %s: %s\n", cmd, msg);
    fprintf(stderr, _("Try 'guiyan %s --help' for more information.\n"), cmd);
    g_free(msg);
    return GY_EXIT_USAGE;
}

int gy_option_error(const char *cmd, int c, char **argv)
{
    /* getopt_long has passed a long option and an option missing its value, not a short
     * option refused inside a cluster (-qx) */
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    bool long_opt = g_str_has_prefix(arg, "--") && (c == ':' || optopt == 0);
    char *name = long_opt ? g_strndup(arg, strcspn(arg, "="))
                          : g_strdup_printf("-%c", optopt > 0 && optopt < 256 ? optopt : '?');
    int rc = c == ':' ? gy_usage_error(cmd, _("option '%s' needs a value"), name)
                      : gy_usage_error(cmd, _("unknown option '%s'"), name);
    g_free(name);
    return rc;
}

void gy_help_kind(FILE *fp)
{
    fputs(_("      --kind KIND        read every FILE as this list: training, survey, projects,\n"
            "                         mentors, services, stars or startup (default: each\n"
            "                         file's header tells; kinds.ini)\n"), fp);
}

void gy_help_common(FILE *fp, bool order)
{
    fputs(_("      --region SCOPE     region code or name (511100, 乐山市; a county: 犍为县, its\n"
            "                         townships are the rows); default from config\n"
            "      --org NAME         填报单位 on the outputs (default: from config, per region)\n"
            "      --config FILE      configuration (default report_templates/guiyan.ini)\n"
            "      --templates DIR    report templates folder\n"
            "      --encoding ENC     auto (default), utf-8 or gb18030\n"
            "      --sheet NAME|N|all which sheet of a workbook (default: the first whose\n"
            "                         header is recognised; all: every such sheet)\n"
            "      --aliases FILE     more header spellings, read over aliases.ini\n"
            "      --strict           exit 1 when any row was rejected\n"
            "      --unmask           show ID numbers in full (default: 511102********123X)\n"), fp);
    if (order)
        fputs(_("      --order given|cut-off\n"
                "                         given: later files named are newer exports (default:\n"
                "                         cut-off, the export with the later cut-off is newer)\n"), fp);
    fputs(_("      --progress-fd N    progress as JSON lines on descriptor N, for front ends\n"
            "      --group-readable   output folders 0750 (default 0700: only you)\n"
            "  -q, --quiet            no progress display or notes (errors and the accounting\n"
            "                         still print)\n"
            "  -h, --help             show this help\n"), fp);
}

/* The long name of option c in a getopt_long table, or NULL. */
static const char *long_name(const struct option *opts, size_t n, int c)
{
    for (size_t i = 0; i < n && opts[i].name; i++)
        if (opts[i].val == c)
            return opts[i].name;
    return NULL;
}

int gy_usage_gerror(const char *cmd, GError *e)
{
    int rc = gy_usage_error(cmd, "%s", e->message);
    g_error_free(e);
    return rc;
}

bool gy_common_opt(gy_common *co, int c, const char *arg, int *rc, const char *cmd)
{
    static const struct option common[] = { GY_COMMON_LONGOPTS, GY_ORDER_LONGOPT };
    if (c == 'P') {      /* a descriptor of this process: the face's own */
        char *end;
        guint64 fd = g_ascii_strtoull(arg, &end, 10);
        if (!*arg || *end || fd < 1 || fd > 1024 || fcntl((int)fd, F_GETFD) < 0)
            *rc = gy_usage_error(cmd, _("--progress-fd: '%s' is not an open file descriptor"),
                                 arg);
        else
            co->progress_fd = (int)fd;
        return true;
    }
    const char *name = c == 'h' ? NULL : long_name(common, G_N_ELEMENTS(common), c);
    if (!name)
        return false;
    GError *e = NULL;
    if (!gy_common_set(co, name, arg, &e))
        *rc = gy_usage_gerror(cmd, e);
    return true;
}

int gy_face_options(const gy_face_cmd *cmd, int argc, char **argv, gy_common *co)
{
    static const struct option common[] = { GY_COMMON_LONGOPTS };
    static const struct option order = GY_ORDER_LONGOPT;
    size_t n_own = 0;
    while (cmd->own && cmd->own[n_own].name)
        n_own++;
    struct option *all = g_new0(struct option, G_N_ELEMENTS(common) + n_own + 2);
    size_t k = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(common); i++)
        all[k++] = common[i];
    if (cmd->order)
        all[k++] = order;
    for (size_t i = 0; i < n_own; i++)
        all[k++] = cmd->own[i];
    int c, rc = -1;
    optind = 1;
    opterr = 0;   /* one message per usage error: gy_option_error */
    while (rc < 0 && (c = getopt_long(argc, argv, cmd->shortopts, all, NULL)) != -1) {
        int bad = 0;
        if (gy_common_opt(co, c, optarg, &bad, cmd->name)) {
            if (bad)
                rc = bad;
            continue;
        }
        if (c == 'h') {
            cmd->usage(stdout);
            rc = GY_EXIT_OK;
        } else if (c == '?' || c == ':') {
            rc = gy_option_error(cmd->name, c, argv);
        } else if (cmd->set) {
            GError *e = NULL;
            const char *name = long_name(cmd->own, n_own, c);
            if (!name || !cmd->set(cmd->user, name, optarg, &e))
                rc = name ? gy_usage_gerror(cmd->name, e) : GY_EXIT_USAGE;
        } else if ((bad = cmd->opt(c, optarg, cmd->user)) != GY_EXIT_OK) {
            rc = bad;
        }
    }
    g_free(all);
    return rc;
}

struct gy_face_progress {
    bool tty;                /* standard error is a terminal and not --quiet */
    int fd;                  /* --progress-fd, or 0 */
    unsigned long long total_bytes;
    gint64 t0, last;
};

/* One JSON line for a front end (guiyan serve reads them from its jobs). A failed write is
 * ignored: the run's figures do not depend on anyone watching. */
static void progress_line(const gy_face_progress *p, unsigned long long bytes,
                          unsigned long rows, double secs)
{
    long eta = -1;
    if (p->total_bytes && bytes > 0 && bytes <= p->total_bytes)
        eta = (long)(secs * (double)(p->total_bytes - bytes) / (double)bytes + 0.5);
    char line[160];
    int n = g_snprintf(line, sizeof line,
                       "{\"bytes\":%llu,\"total\":%llu,\"rows\":%lu,\"eta_s\":%ld}\n",
                       bytes, p->total_bytes, rows, eta);
    if (write(p->fd, line, (size_t)n) < 0)
        return;
}

/* Prints only on a terminal; with --progress-fd N also writes one JSON line to descriptor N
 * at most every 250 ms and at the end: {"bytes":B,"total":T,"rows":R,"eta_s":S} (eta_s -1
 * when unknown). */
static void progress(unsigned long long bytes, unsigned long rows, void *user)
{
    gy_face_progress *p = user;
    if (!p->tty && !p->fd)
        return;
    gint64 now = g_get_monotonic_time();
    bool done = p->total_bytes && bytes >= p->total_bytes;
    if (!done && now - p->last < 250000)
        return;
    p->last = now;
    double secs = (double)(now - p->t0) / 1e6;
    if (p->fd)
        progress_line(p, bytes, rows, secs);
    if (!p->tty)
        return;
    double rate = secs > 0 ? (double)rows / secs : 0;
    char left[32] = "";
    if (p->total_bytes && bytes > 0 && bytes < p->total_bytes) {
        double rest = secs * (double)(p->total_bytes - bytes) / (double)bytes;
        g_snprintf(left, sizeof left, ", %d:%02d %s", (int)rest / 60, (int)rest % 60, _("left"));
    }
    fprintf(stderr, "\r\033[K%s %.1f MB, %lu %s, %.0f %s%s", _("read"), (double)bytes / 1e6, rows,
            _("rows"), rate, _("rows/s"), left);
    if (done)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static gy_face_progress *progress_new(gy_common *co, const char *const *files, size_t n)
{
    gy_face_progress *p = g_new0(gy_face_progress, 1);
    p->t0 = g_get_monotonic_time();
    p->tty = !co->quiet && isatty(STDERR_FILENO);
    p->fd = co->progress_fd;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(files[i], &st) == 0)
            p->total_bytes += (unsigned long long)st.st_size;
    }
    co->progress = progress;
    co->progress_user = p;
    return p;
}

static void print_line(const gy_line *l, void *user)
{
    const gy_common *co = user;
    if (l->chatty && co->quiet)
        return;
    fputs(l->text, l->kind == GY_LINE_STDOUT ? stdout : stderr);
}

void gy_face_begin(gy_face *f, gy_common *co, const char *const *files, size_t n)
{
    f->progress = progress_new(co, files, n);
    gy_report_init(&f->rp);
    f->rp.said = print_line;
    f->rp.said_user = co;
}

/* Print an error whose message may hold several lines, each as "guiyan: line". */
static int fail_lines(GError *err)
{
    char **lines = g_strsplit(err->message, "\n", -1);
    for (char **l = lines; *l; l++)
        fprintf(stderr, "guiyan: %s\n", *l);
    g_strfreev(lines);
    int code = gy_exit_of(err);
    g_error_free(err);
    return code;
}

int gy_face_end(gy_face *f, bool ok, GError *err)
{
    int rc = f->rp.exit;
    if (!ok)
        rc = err && f->rp.error_by_line ? fail_lines(err) : gy_fail(err);
    gy_report_clear(&f->rp);
    g_free(f->progress);
    return rc;
}
