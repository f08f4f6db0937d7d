/* session.c — setting up a run and talking to the person at the terminal. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
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
    ss->progress_fd = co->progress_fd;
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
    /* the 填报单位 is the region's own, or none: never another bureau's name */
    char *warning = NULL;
    char *org = gy_config_org(ss->cf, ss->dv, ss->rg, co->org, &warning);
    g_free(ss->cf->org);
    ss->cf->org = org;
    if (warning && !co->check_only)
        fprintf(stderr, _("guiyan: warning: %s\n"), warning);
    g_free(warning);
    p = gy_config_file(ss->cf, "aliases.ini");
    ss->al = gy_aliases_load(p, &err);
    /* the user's spellings over the templates' (--aliases last): nobody copies the folder */
    char *user = gy_aliases_user_file();
    if (ss->al && g_file_test(user, G_FILE_TEST_EXISTS) &&
        gy_aliases_add_file(ss->al, user, &err) != GY_OK)
        g_clear_pointer(&ss->al, gy_aliases_free);
    g_free(user);
    if (ss->al && co->aliases && gy_aliases_add_file(ss->al, co->aliases, &err) != GY_OK)
        g_clear_pointer(&ss->al, gy_aliases_free);
    g_free(p);
    if (!ss->al) {
        fprintf(stderr, "guiyan: %s\n", err->message);
        g_error_free(err);
        return GY_EXIT_USAGE;
    }
    /* a county's rows are its townships: the 乡镇（街道） column names them, and a 县 column,
     * when there is one, only has to be this county */
    if (gy_region_is_townships(ss->rg)) {
        static const char *const kinds[] = { "records", "targets", "stars" };
        for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
            gy_aliases_rename(ss->al, kinds[i], "county", "county_of");
            gy_aliases_rename(ss->al, kinds[i], "township", "county");
        }
        /* [townships]: a bureau's own spellings, old names of merged townships among them */
        gchar **keys = gy_aliases_keys(ss->al, "townships");
        for (gchar **k = keys; *k; k++) {
            size_t idx;
            if (gy_region_resolve(ss->rg, *k, &idx) != GY_OK
                || idx == gy_region_count(ss->rg) - 1)
                continue;               /* another county's township, or not one */
            gchar **sp = gy_aliases_list(ss->al, "townships", *k);
            for (gchar **a = sp; *a; a++)
                gy_region_add_alias(ss->rg, idx, *a);
            g_strfreev(sp);
        }
        g_strfreev(keys);
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

/* One JSON line for a front end (guiyan serve reads them from its jobs). A failed write is
 * ignored: the run's figures do not depend on anyone watching. */
static void progress_line(const gy_session *ss, unsigned long long bytes, unsigned long rows,
                          double secs)
{
    long eta = -1;
    if (ss->total_bytes && bytes > 0 && bytes <= ss->total_bytes)
        eta = (long)(secs * (double)(ss->total_bytes - bytes) / (double)bytes + 0.5);
    char line[160];
    int n = g_snprintf(line, sizeof line,
                       "{\"bytes\":%llu,\"total\":%llu,\"rows\":%lu,\"eta_s\":%ld}\n",
                       bytes, ss->total_bytes, rows, eta);
    if (write(ss->progress_fd, line, (size_t)n) < 0)
        return;
}

void gy_session_progress(unsigned long long bytes, unsigned long rows, void *user)
{
    gy_session *ss = user;
    if (!ss->progress && !ss->progress_fd)
        return;
    static gint64 last;
    gint64 now = g_get_monotonic_time();
    bool done = ss->total_bytes && bytes >= ss->total_bytes;
    if (!done && now - last < 250000)
        return;
    last = now;
    double secs = (double)(now - ss->t0) / 1e6;
    if (ss->progress_fd)
        progress_line(ss, bytes, rows, secs);
    if (!ss->progress)
        return;
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

void gy_print_order(const gy_ledger *lg)
{
    size_t n = gy_ledger_n_inputs(lg);
    if (n < 2)
        return;
    GString *s = g_string_new("");
    for (uint32_t k = 0; k < n; k++) {
        const gy_input *in = gy_ledger_by_rank(lg, k);
        char day[11];
        gy_day_format(in->cutoff, day);
        g_string_append_printf(s, "%s%s (%s)", k ? ", " : "", in->name, *day ? day : "—");
    }
    fprintf(stderr, _("guiyan: files from oldest to newest (cut-off: the latest start or loan "
                      "date): %s\n"), s->str);
    g_string_free(s, TRUE);
}

/* "2021-03, 2021-04" for the gap months of cv (at most a dozen named); NULL when none. */
static char *gaps_text(const gy_cover *cv)
{
    gy_month m[12];
    size_t n = gy_cover_gaps(cv, m, G_N_ELEMENTS(m));
    if (!n)
        return NULL;
    GString *s = g_string_new("");
    for (size_t i = 0; i < n && i < G_N_ELEMENTS(m); i++)
        g_string_append_printf(s, "%s%04d-%02d", i ? ", " : "", GY_MONTH_YEAR(m[i]),
                               GY_MONTH_NUM(m[i]));
    if (n > G_N_ELEMENTS(m))
        g_string_append_printf(s, " …(%zu)", n);
    return g_string_free(s, FALSE);
}

void gy_print_coverage(const gy_ledger *lg)
{
    gy_cover cv[GY_COVER__KINDS];
    gy_ledger_coverage(lg, cv);
    /* no date of either kind: a roster, or nothing accepted; the accounting said so */
    if (!gy_cover_any(&cv[GY_COVER_START]) && !gy_cover_any(&cv[GY_COVER_LOAN]))
        return;
    for (int k = 0; k < GY_COVER__KINDS; k++) {
        char a[11], b[11];
        gy_day_format(cv[k].first, a);
        gy_day_format(cv[k].last, b);
        if (!gy_cover_any(&cv[k])) {
            fputs(k == GY_COVER_START ? _("guiyan: no start dates\n") : _("guiyan: no loan dates\n"),
                  stderr);
            continue;
        }
        fprintf(stderr, k == GY_COVER_START ? _("guiyan: start dates cover %s to %s")
                                            : _("guiyan: loan dates cover %s to %s"), a, b);
        char *gaps = gaps_text(&cv[k]);
        if (gaps)
            fprintf(stderr, _("; no dates in %s"), gaps);
        fputc('\n', stderr);
        g_free(gaps);
    }
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
    for (size_t i = 0; i < gy_ledger_n_notes(lg); i++) {
        const gy_note *n = gy_ledger_get_note(lg, i);
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, n->file);
        fprintf(stderr, _("guiyan: %s:%lu: column %s: \"%s\": %s (%lu rows)\n"), in->name,
                n->line, n->column, n->value, n->text, n->rows);
    }
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
            fprintf(stderr, ngettext("guiyan: %s: header on line %lu; the %lu line above it "
                                     "(a title) was not read as a record\n",
                                     "guiyan: %s: header on line %lu; the %lu lines above it "
                                     "(a title) were not read as records\n",
                                     in->header_line - 1),
                    in->name, in->header_line, in->header_line - 1);
        /* superseded rows only where several exports can hold one startup */
        if (gy_ledger_n_inputs(lg) > 1)
            fprintf(stderr, _("guiyan: %s (%s): %lu rows read: %lu accepted, %lu duplicate, "
                              "%lu superseded, %lu rejected"),
                    in->name, in->encoding, in->rows_read, in->rows_accepted, in->rows_duplicate,
                    in->rows_superseded, in->rows_rejected);
        else
            fprintf(stderr, _("guiyan: %s (%s): %lu rows read: %lu accepted, %lu duplicate, "
                              "%lu rejected"),
                    in->name, in->encoding, in->rows_read, in->rows_accepted, in->rows_duplicate,
                    in->rows_rejected);
        gy_print_skipped(in->rows_skipped);
    }
    unsigned long r, a, d, j;
    gy_ledger_totals(lg, &r, &a, &d, &j);
    if (gy_ledger_n_inputs(lg) > 1)
        fprintf(stderr, _("guiyan: %zu files, %lu rows read: %lu accepted, %lu duplicate, "
                          "%lu superseded, %lu rejected"), gy_ledger_n_inputs(lg), r, a, d,
                gy_ledger_superseded(lg), j);
    else
        fprintf(stderr, _("guiyan: %zu files, %lu rows read: %lu accepted, %lu duplicate, "
                          "%lu rejected"), gy_ledger_n_inputs(lg), r, a, d, j);
    gy_print_skipped(gy_ledger_skipped(lg));
    gy_print_order(lg);
    gy_print_coverage(lg);
    if (gy_ledger_names_ambiguous(lg))
        fprintf(stderr, _("guiyan: note: %zu entity names without a credit code are borne by "
                          "several coded entities of their county: counted apart\n"),
                gy_ledger_names_ambiguous(lg));
    /* a copy of a file under another name: its rows are all duplicates, the figures right */
    GHashTable *by_sha = g_hash_table_new(g_str_hash, g_str_equal);   /* SHA-256 → first */
    for (size_t i = 0; i < gy_ledger_n_inputs(lg); i++) {
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, (uint32_t)i);
        if (!in->sha256[0] || in->same_as >= 0)
            continue;
        const gy_input *o = g_hash_table_lookup(by_sha, in->sha256);
        if (o && strcmp(o->path, in->path) == 0)
            continue;                 /* another sheet of the same workbook */
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

void gy_print_unmatched(const gy_region *rg, size_t max)
{
    GPtrArray *um = gy_region_unmatched(rg);
    unsigned long rows = 0;
    for (guint i = 0; i < um->len; i++)
        rows += ((gy_unmatched *)g_ptr_array_index(um, i))->rows;
    if (rows)
        fprintf(stderr, ngettext("guiyan: %lu row without a known township of %s was counted "
                                 "under 未填乡镇:\n",
                                 "guiyan: %lu rows without a known township of %s were counted "
                                 "under 未填乡镇:\n", rows), rows, gy_region_label(rg));
    for (guint i = 0; i < um->len && i < max; i++) {
        const gy_unmatched *u = g_ptr_array_index(um, i);
        char *n = g_strdup_printf(ngettext("%lu row", "%lu rows", u->rows), u->rows);
        if (u->why == GY_E_EMPTY)
            fprintf(stderr, _("guiyan:   blank: %s\n"), n);
        else if (u->why == GY_E_COUNTY_AMBIGUOUS && *u->names)
            fprintf(stderr, _("guiyan:   \"%s\": %s (ambiguous: %s)\n"), u->text, n, u->names);
        else if (*u->names)
            fprintf(stderr, _("guiyan:   \"%s\": %s (not a township of %s; nearest: %s)\n"),
                    u->text, n, gy_region_label(rg), u->names);
        else
            fprintf(stderr, _("guiyan:   \"%s\": %s (not a township of %s)\n"), u->text, n,
                    gy_region_label(rg));
        g_free(n);
    }
    if (um->len > max)
        fprintf(stderr, _("guiyan:   ... and %u more\n"), um->len - (guint)max);
    g_ptr_array_free(um, TRUE);
}

char *gy_unmatched_text(const gy_region *rg)
{
    GPtrArray *um = gy_region_unmatched(rg);
    if (um->len == 0) {
        g_ptr_array_free(um, TRUE);
        return NULL;
    }
    unsigned long rows = 0;
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < um->len; i++) {
        const gy_unmatched *u = g_ptr_array_index(um, i);
        rows += u->rows;
        g_string_append(list, i ? "；" : "");
        if (u->why == GY_E_EMPTY)
            g_string_append_printf(list, "空白%lu行", u->rows);
        else if (u->why == GY_E_COUNTY_AMBIGUOUS && *u->names)
            g_string_append_printf(list, "“%s”%lu行（可指%s）", u->text, u->rows, u->names);
        else if (*u->names)
            g_string_append_printf(list, "“%s”%lu行（不是%s的乡镇，相近的有%s）", u->text, u->rows,
                                   gy_region_label(rg), u->names);
        else
            g_string_append_printf(list, "“%s”%lu行（不是%s的乡镇）", u->text, u->rows,
                                   gy_region_label(rg));
    }
    char *s = g_strdup_printf("%lu行计入“未填乡镇”：%s。", rows, list->str);
    g_string_free(list, TRUE);
    g_ptr_array_free(um, TRUE);
    return s;
}

void gy_print_rejects(const gy_ledger *lg, size_t max)
{
    gy_print_rejects_to(lg, max, "");
}

void gy_print_rejects_to(const gy_ledger *lg, size_t max, const char *outdir)
{
    size_t n = gy_ledger_n_rejects(lg);
    for (size_t i = 0; i < n && i < max; i++) {
        const gy_reject *r = gy_ledger_get_reject(lg, i);
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, r->file);
        /* a runaway cell can be 64 KiB: its start is enough to find it */
        const char *v = r->value;
        char *cut = g_utf8_strlen(v, -1) > 80 ? g_utf8_substring(v, 0, 60) : NULL;
        char *more = !r->detail ? g_strdup("")
                     : g_strdup_printf(r->reason == GY_E_COUNTY_AMBIGUOUS ? _(" (candidates: %s)")
                                       : r->reason == GY_E_COUNTY_UNKNOWN
                                           ? _(" (nearest in the region: %s)") : " (%s)",
                                       r->detail);
        fprintf(stderr, _("guiyan: %s:%lu: column %s: \"%s%s\": %s%s\n"), in->name, r->line,
                r->column, cut ? cut : v, cut ? "…" : "", _(gy_strerror(r->reason)), more);
        g_free(more);
        g_free(cut);
    }
    if (n > max && outdir)
        fprintf(stderr, _("guiyan: ... and %zu more rejected rows (see rejects.csv)\n"), n - max);
    else if (n > max)
        fprintf(stderr, _("guiyan: ... and %zu more rejected rows (--max all shows them, "
                          "-o DIR writes rejects.csv)\n"), n - max);
}

void gy_print_updates(gy_ledger *lg, const gy_region *rg, bool unmask, size_t max)
{
    size_t n = gy_ledger_n_updates(lg);
    for (size_t i = 0; i < n && i < max; i++) {
        const gy_update *u = gy_ledger_get_update(lg, i);
        const gy_input *a = gy_ledger_input(lg, u->row.file), *b = gy_ledger_input(lg, u->other.file);
        char id[19], shown[19], day[11], other_day[11];
        gy_id_from_key(u->row.person, id);
        gy_id_mask(id, shown);
        gy_day_format(u->row.start, day);
        gy_day_format(u->other.start, other_day);
        char *what = u->kind == GY_UPD_OTHER_START ? g_strdup(other_day)
                                                   : gy_update_changes(u, rg);
        const char *fmt = u->kind == GY_UPD_SUPERSEDED
            ? _("guiyan: %s:%u: %s, started %s: superseded by %s:%u: %s\n")
            : u->kind == GY_UPD_LOAN_DROPPED
            ? _("guiyan: %s:%u: %s, started %s: loan on no row of the newer %s (compared with "
                "line %u): %s\n")
            : _("guiyan: %s:%u: %s, started %s: only in older exports; %s:%u holds this person "
                "with start date %s\n");
        fprintf(stderr, fmt, a->name, u->row.line, unmask ? id : shown, day, b->name,
                u->other.line, what);
        g_free(what);
    }
    if (n > max)
        fprintf(stderr, _("guiyan: ... and %zu more updates (see updates.csv)\n"), n - max);
}

bool gy_parse_day_opt(const char *s, gy_day *out)
{
    char *copy = g_strdup(s);
    gy_text_clean(copy);
    bool ok = gy_date_parse(copy, out) == GY_OK;
    g_free(copy);
    return ok;
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

bool gy_common_opt(gy_common *co, int c, const char *arg, int *rc, const char *cmd)
{
    switch (c) {
    case 'o': co->outdir = arg; return true;
    case 'T': co->templates = arg; return true;
    case 'C': co->config = arg; return true;
    case 'R': co->region = arg; return true;
    case 'G': co->org = arg; return true;
    case 'E':
        if (gy_encoding_parse(arg, &co->encoding) != GY_OK)
            *rc = gy_usage_error(cmd, _("unknown encoding '%s' (use utf-8 or gb18030)"), arg);
        return true;
    case 'S': co->strict = true; return true;
    case 'q': co->quiet = true; return true;
    case 'U': co->unmask = true; return true;
    case 'P': {
        char *end;
        guint64 fd = g_ascii_strtoull(arg, &end, 10);
        if (!*arg || *end || fd < 1 || fd > 1024 || fcntl((int)fd, F_GETFD) < 0)
            *rc = gy_usage_error(cmd, _("--progress-fd: '%s' is not an open file descriptor"),
                                 arg);
        else
            co->progress_fd = (int)fd;
        return true;
    }
    case 'O':
        if (strcmp(arg, "given") == 0)
            co->order_given = true;
        else if (strcmp(arg, "cut-off") == 0)
            co->order_given = false;
        else
            *rc = gy_usage_error(cmd, _("--order takes 'given' or 'cut-off', not '%s'"), arg);
        return true;
    case 'W': co->sheet = arg; return true;
    case 'A': co->aliases = arg; return true;
    case 'Y': gy_output_group_readable(true); return true;
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
                           .unmask = co->unmask, .order_given = co->order_given,
                           .sheet = co->sheet,
                           .progress = gy_session_progress,
                           .progress_user = ss };
}
