/* main.c — guiyan's entry: set up locale and messages, dispatch to a command, exit with its code. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guiyan/face.h"
#include "guiyan/i18n.h"
#include "guiyan/install.h"
#include "guiyan/output.h"
#include "guiyan/serve.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *what;
} commands[] = {
    { "summary", gy_cmd_summary, N_("figures by county and period (summary.csv, workbook)") },
    { "check", gy_cmd_check, N_("read and validate only; print accounting and rejects") },
    { "track", gy_cmd_track, N_("monthly target tracking: 完成率, 序时进度, ranks (track.xlsx)") },
    { "reply", gy_cmd_reply, N_("fill a reply draft from a template (reply.txt; --explain)") },
    { "stars", gy_cmd_stars, N_("award rosters of 返乡创业明星 and 明星企业: counts, lists, sentence") },
    { "serve", gy_cmd_serve, N_("the web page: jobs from a browser, accounts, audit log") },
};

static void usage(FILE *fp)
{
    fputs(_("Usage: guiyan COMMAND [OPTION]... FILE...\n"
            "Turn returning-entrepreneur (返乡创业) CSV exports into exact figures by county and\n"
            "period, workbooks and charts.\n\nCommands:\n"), fp);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, _(commands[i].what));
    fputs(_("\n'guiyan COMMAND --help' describes a command's options. Every command but\n"
            "serve also takes these (stars has an --order of its own, the list's order):\n"), fp);
    gy_help_common(fp, true);
    fputs(_("  -V, --version          show the version\n\n"
            "Exit status: 0 done, 1 rows rejected under --strict, 2 usage or configuration\n"
            "error, 3 input/output error; 130 or 143 when interrupted (SIGINT, SIGTERM).\n"),
          fp);
}

/* Messages follow LANG/LC_ALL/LC_MESSAGES. A Chinese setting also works where that locale
 * is not generated on the machine: gettext then gets LANGUAGE over the C.UTF-8 locale. */
static void setup_messages(void)
{
    if (!setlocale(LC_ALL, "")) {
        const char *l = g_getenv("LC_ALL");
        if (!l || !*l) l = g_getenv("LC_MESSAGES");
        if (!l || !*l) l = g_getenv("LANG");
        setlocale(LC_ALL, "C.UTF-8");
        if (l && g_str_has_prefix(l, "zh") && !g_getenv("LANGUAGE"))
            g_setenv("LANGUAGE", "zh_CN", TRUE);
    }
    /* machine formats (and libxlsxwriter's number output) need a C decimal point */
    setlocale(LC_NUMERIC, "C");
    const char *dir = g_getenv("GUIYAN_LOCALEDIR");
    char *installed = dir && *dir ? NULL : gy_install_dir("locale");
    bindtextdomain("guiyan", dir && *dir ? dir : installed ? installed : GY_LOCALE_DIR);
    g_free(installed);
    bind_textdomain_codeset("guiyan", "UTF-8");
    textdomain("guiyan");
}

/* GLib ends the process through here when an allocation or a new thread fails: a message and
 * the I/O code rather than the core dump of g_error's abort. Other levels go on as before. */
static void on_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer user)
{
    if (level & G_LOG_LEVEL_ERROR) {
        fprintf(stderr, _("guiyan: stopped: %s (out of memory?)\n"), msg);
        gy_output_sweep();          /* no temporary file left behind */
        _exit(GY_EXIT_IO);
    }
    g_log_default_handler(domain, level, msg, user);
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return GY_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return GY_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("guiyan %s\n", GY_VERSION);
        return GY_EXIT_OK;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, _("guiyan: unknown command '%s'\n"), cmd);
    usage(stderr);
    return GY_EXIT_USAGE;
}

/* SIGPIPE is ignored (output.c): a closed pipe on standard output is a write error like any
 * other, said and turned into exit 3 rather than lost. */
static int close_stdout(int rc)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    int e = errno ? errno : EIO;
    fprintf(stderr, _("guiyan: standard output: %s\n"), g_strerror(e));
    return rc ? rc : GY_EXIT_IO;
}

int main(int argc, char **argv)
{
    setup_messages();
    g_log_set_default_handler(on_log, NULL);
    /* before any thread: a signal removes the temporary files of the outputs in flight */
    gy_output_guard_signals();
    return close_stdout(dispatch(argc, argv));
}
