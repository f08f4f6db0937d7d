/* session.c — setting up a run and talking to the person at the terminal. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include "guiyan/charts_report.h"
#include "guiyan/face.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"

int gy_exit_for(gy_error e)
{
    switch (e) {
    case GY_OK: return GY_EXIT_OK;
    case GY_E_IO: case GY_E_NOMEM: case GY_E_FONT: case GY_E_ENCODING: case GY_E_CSV:
    case GY_E_TOO_MANY_RECORDS: case GY_E_SUM_TOO_BIG:
        return GY_EXIT_IO;
    default:
        return GY_EXIT_USAGE;
    }
}

int gy_fail(GError *err)
{
    if (!err)
        return GY_EXIT_IO;
    fprintf(stderr, "guiyan: %s\n", err->message);
    int code = err->domain == GY_ERROR ? gy_exit_for((gy_error)err->code) : GY_EXIT_IO;
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

static int session_open(gy_session *ss, const gy_common *co);

int gy_session_open(gy_session *ss, const gy_common *co)
{
    int rc = session_open(ss, co);
    if (rc != GY_EXIT_OK)
        gy_session_close(ss);
    return rc;
}

static int session_open(gy_session *ss, const gy_common *co)
{
    GError *err = NULL;
    memset(ss, 0, sizeof *ss);
    ss->t0 = g_get_monotonic_time();
    ss->progress = !co->quiet && isatty(STDERR_FILENO);
    ss->cf = gy_config_load(co->templates, co->config, &err);
    if (!ss->cf)
        return gy_fail(err);
    char *p = gy_config_file(ss->cf, "divisions.tsv");
    ss->dv = gy_divisions_load(p, &err);
    g_free(p);
    if (!ss->dv) {
        g_prefix_error(&err, "%s: ", _("division table"));
        fprintf(stderr, "guiyan: %s\n", err->message);
        g_error_free(err);
        return GY_EXIT_USAGE;
    }
    ss->rg = gy_config_region(ss->cf, ss->dv, co->region, &err);
    if (!ss->rg)
        return gy_fail(err);
    p = gy_config_file(ss->cf, "aliases.ini");
    ss->al = gy_aliases_load(p, &err);
    g_free(p);
    if (!ss->al) {
        fprintf(stderr, "guiyan: %s\n", err->message);
        g_error_free(err);
        return GY_EXIT_USAGE;
    }
    return GY_EXIT_OK;
}

int gy_session_fonts(gy_session *ss, char **warning)
{
    GError *err = NULL;
    *warning = NULL;
    if (gy_charts_preflight(ss->cf, warning, &err) != GY_OK)
        return gy_fail(err);
    if (*warning)
        fprintf(stderr, _("guiyan: warning: %s\n"), *warning);
    return GY_EXIT_OK;
}

int gy_session_outputs(const char *const *inputs, const char *outdir,
                       const char *const *names, const char *png_dir, const char *svg_dir)
{
    for (size_t i = 0; inputs[i]; i++)
        gy_output_protect(inputs[i]);
    GError *err = NULL;
    const char *dirs[] = { png_dir, svg_dir };
    if (gy_output_check_dir(outdir, names, &err) != GY_OK)
        return gy_fail(err);
    for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++)
        if (dirs[i] && gy_output_check_dir(dirs[i], NULL, &err) != GY_OK)
            return gy_fail(err);
    gy_output_hold();
    return GY_EXIT_OK;
}

void gy_session_close(gy_session *ss)
{
    gy_output_discard();          /* a run that failed leaves the output folder as it was */
    gy_aliases_free(ss->al);
    gy_region_free(ss->rg);
    gy_divisions_free(ss->dv);
    gy_config_free(ss->cf);
    memset(ss, 0, sizeof *ss);
}

void gy_session_measure(gy_session *ss, const char *const *files, size_t n)
{
    ss->total_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(files[i], &st) == 0)
            ss->total_bytes += (unsigned long long)st.st_size;
    }
}

void gy_session_progress(unsigned long long bytes, unsigned long rows, void *user)
{
    gy_session *ss = user;
    if (!ss->progress)
        return;
    static gint64 last;
    gint64 now = g_get_monotonic_time();
    bool done = ss->total_bytes && bytes >= ss->total_bytes;
    if (!done && now - last < 250000)
        return;
    last = now;
    double secs = (double)(now - ss->t0) / 1e6;
    double rate = secs > 0 ? (double)rows / secs : 0;
    char left[32] = "";
    if (ss->total_bytes && bytes > 0 && bytes < ss->total_bytes) {
        double rest = secs * (double)(ss->total_bytes - bytes) / (double)bytes;
        g_snprintf(left, sizeof left, ", %d:%02d %s", (int)rest / 60, (int)rest % 60, _("left"));
    }
    fprintf(stderr, "\r\033[K%s %.1f MB, %lu %s, %.0f %s%s", _("read"), (double)bytes / 1e6, rows,
            _("rows"), rate, _("rows/s"), left);
    if (done)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

void gy_print_skipped(unsigned long k)
{
    if (k)
        fprintf(stderr, _(", %lu skipped (total or note rows)"), k);
    fputc('\n', stderr);
}

/* A path as people read it: an ID number in it masked. Newly allocated. */
static char *shown_path(const char *path)
{
    char *s = g_strdup(path);
    gy_id_mask_text(s);
    return s;
}

void gy_print_accounting(const gy_ledger *lg)
{
    for (size_t i = 0; i < gy_ledger_n_inputs(lg); i++) {
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, (uint32_t)i);
        if (in->same_as >= 0) {
            const gy_input *o = gy_ledger_input((gy_ledger *)lg, (uint32_t)in->same_as);
            char *p1 = shown_path(in->path), *p2 = shown_path(o->path);
            fprintf(stderr, _("guiyan: %s: the same file as input %d (%s): not read again\n"),
                    p1, in->same_as + 1, p2);
            g_free(p1);
            g_free(p2);
            continue;
        }
        if (in->header_line > 1)
            fprintf(stderr, _("guiyan: %s: header on line %lu; the %lu lines above it (a title) "
                              "were not read as records\n"),
                    in->name, in->header_line, in->header_line - 1);
        fprintf(stderr, _("guiyan: %s (%s): %lu rows read: %lu accepted, %lu duplicate, "
                          "%lu rejected"),
                in->name, in->encoding, in->rows_read, in->rows_accepted, in->rows_duplicate,
                in->rows_rejected);
        gy_print_skipped(in->rows_skipped);
    }
    unsigned long r, a, d, j;
    gy_ledger_totals(lg, &r, &a, &d, &j);
    fprintf(stderr, _("guiyan: %zu files, %lu rows read: %lu accepted, %lu duplicate, "
                      "%lu rejected"), gy_ledger_n_inputs(lg), r, a, d, j);
    gy_print_skipped(gy_ledger_skipped(lg));
    /* a copy of a file under another name: its rows are all duplicates, the figures right */
    GHashTable *by_sha = g_hash_table_new(g_str_hash, g_str_equal);   /* SHA-256 → first */
    for (size_t i = 0; i < gy_ledger_n_inputs(lg); i++) {
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, (uint32_t)i);
        if (!in->sha256[0] || in->same_as >= 0)
            continue;
        const gy_input *o = g_hash_table_lookup(by_sha, in->sha256);
        if (o) {
            char *p1 = shown_path(in->path), *p2 = shown_path(o->path);
            fprintf(stderr, _("guiyan: %s has the same content as %s: its rows were "
                              "counted once, as duplicates\n"), p1, p2);
            g_free(p1);
            g_free(p2);
        }
        else
            g_hash_table_insert(by_sha, (gpointer)in->sha256, (gpointer)in);
    }
    g_hash_table_destroy(by_sha);
}

void gy_print_rejects(const gy_ledger *lg, size_t max)
{
    size_t n = gy_ledger_n_rejects(lg);
    for (size_t i = 0; i < n && i < max; i++) {
        const gy_reject *r = gy_ledger_get_reject(lg, i);
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, r->file);
        /* a runaway cell can be 64 KiB: its start is enough to find it */
        const char *v = r->value;
        char *cut = g_utf8_strlen(v, -1) > 80 ? g_utf8_substring(v, 0, 60) : NULL;
        fprintf(stderr, _("guiyan: %s:%lu: column %s: \"%s%s\": %s\n"), in->name, r->line,
                r->column, cut ? cut : v, cut ? "…" : "", _(gy_strerror(r->reason)));
        g_free(cut);
    }
    if (n > max)
        fprintf(stderr, _("guiyan: ... and %zu more rejected rows (see rejects.csv)\n"), n - max);
}

bool gy_parse_day_opt(const char *s, gy_day *out)
{
    char *copy = g_strdup(s);
    gy_text_clean(copy);
    bool ok = gy_date_parse(copy, out) == GY_OK;
    g_free(copy);
    return ok;
}

bool gy_common_opt(gy_common *co, int c, const char *arg, int *rc, const char *cmd)
{
    switch (c) {
    case 'o': co->outdir = arg; return true;
    case 'T': co->templates = arg; return true;
    case 'C': co->config = arg; return true;
    case 'R': co->region = arg; return true;
    case 'E':
        if (gy_encoding_parse(arg, &co->encoding) != GY_OK)
            *rc = gy_usage_error(cmd, _("unknown encoding '%s' (use utf-8 or gb18030)"), arg);
        return true;
    case 'S': co->strict = true; return true;
    case 'q': co->quiet = true; return true;
    case 'U': co->unmask = true; return true;
    case 'G': gy_output_group_readable(true); return true;
    default: return false;
    }
}

gy_load_opts gy_session_load_opts(gy_session *ss, const gy_common *co)
{
    const char *th = g_getenv("GUIYAN_THREADS");   /* 1 = one reader, for comparisons */
    /* a lower ceiling on the records held, to show what happens at GY_MAX_RECORDS */
    const char *max = g_getenv("GUIYAN_MAX_RECORDS");
    if (max)
        gy_cube_max_records((uint32_t)MIN(g_ascii_strtoull(max, NULL, 10), GY_MAX_RECORDS));
    return (gy_load_opts){ .encoding = co->encoding, .threads = th ? atoi(th) : 0,
                           .unmask = co->unmask, .progress = gy_session_progress,
                           .progress_user = ss };
}
