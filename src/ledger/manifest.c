/* manifest.c — manifest.json: what went in, what came out, and how every row was counted. */
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/reader.h"
#include "guiyan/report.h"

static void jstr(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(s, "\\%c", *p);
        else if (*p < 0x20)
            g_string_append_printf(s, "\\u%04x", *p);
        else
            g_string_append_c(s, (char)*p);
    }
    g_string_append_c(s, '"');
}

/* "coverage": {"start": {"first": …, "last": …, "gaps": [months]}, "loan": {…}} */
static void coverage_json(GString *s, const gy_cover cv[GY_COVER__KINDS])
{
    static const char *kinds[GY_COVER__KINDS] = { "start", "loan" };
    g_string_append(s, "{");
    for (int k = 0; k < GY_COVER__KINDS; k++) {
        char a[11], b[11];
        gy_day_format(cv[k].first, a);
        gy_day_format(cv[k].last, b);
        g_string_append_printf(s, "%s\"%s\": {\"first\": \"%s\", \"last\": \"%s\", \"gaps\": [",
                               k ? ", " : "", kinds[k], a, b);
        size_t n = gy_cover_gaps(&cv[k], NULL, 0);
        gy_month *m = g_new(gy_month, n + 1);
        gy_cover_gaps(&cv[k], m, n);
        for (size_t i = 0; i < n; i++)
            g_string_append_printf(s, "%s\"%04d-%02d\"", i ? ", " : "", GY_MONTH_YEAR(m[i]),
                                   GY_MONTH_NUM(m[i]));
        g_free(m);
        g_string_append(s, "]}");
    }
    g_string_append(s, "}");
}

/* Input i of lg as one object of the "inputs" (or "lists") array. */
static void input_json(GString *s, const gy_ledger *lg, size_t i)
{
    const gy_input *in = gy_ledger_input((gy_ledger *)lg, (uint32_t)i);
    g_string_append(s, i ? ",\n    {" : "\n    {");
    g_string_append(s, "\"name\": ");
    jstr(s, in->name);
    if (in->kind) {
        g_string_append(s, ", \"kind\": ");
        jstr(s, in->kind);
    }
    g_string_append_printf(s, ", \"size\": %llu, \"sha256\": ", in->size);
    jstr(s, in->sha256);
    g_string_append(s, ", \"encoding\": ");
    jstr(s, in->encoding);
    g_string_append_printf(s, ", \"header_line\": %lu", in->header_line);
    if (in->reader && *in->reader) {
        g_string_append(s, ", \"reader\": ");
        jstr(s, in->reader);
    }
    if (in->sheet) {
        g_string_append(s, ", \"sheet\": ");
        jstr(s, in->sheet);
    }
    if (in->mapping) {
        /* [header, field] per column, in order; a column guiyan does not read: null */
        g_string_append(s, ", \"columns\": [");
        for (size_t c = 0; in->mapping[2 * c]; c++) {
            g_string_append(s, c ? ", [" : "[");
            jstr(s, in->mapping[2 * c]);
            g_string_append(s, ", ");
            if (*in->mapping[2 * c + 1])
                jstr(s, in->mapping[2 * c + 1]);
            else
                g_string_append(s, "null");
            g_string_append(s, "]");
        }
        g_string_append(s, "]");
    }
    if (in->same_as >= 0) {
        g_string_append(s, ", \"same_file_as\": ");
        jstr(s, gy_ledger_input((gy_ledger *)lg, (uint32_t)in->same_as)->name);
    }
    char day[11];
    gy_day_format(in->cutoff, day);
    g_string_append(s, ", \"cutoff\": ");
    jstr(s, day);
    g_string_append_printf(s, ", \"age_rank\": %u, \"coverage\": ", in->rank);
    coverage_json(s, in->cover);
    g_string_append_printf(s, ", \"rows_read\": %lu, \"rows_accepted\": %lu, "
                           "\"rows_duplicate\": %lu, \"rows_superseded\": %lu, "
                           "\"rows_rejected\": %lu, \"rows_skipped\": %lu}",
                           in->rows_read, in->rows_accepted, in->rows_duplicate,
                           in->rows_superseded, in->rows_rejected, in->rows_skipped);
}

gy_error gy_manifest_write(const char *path, const gy_ledger *lg, const char *command,
                           const gy_kv *options, size_t n_options, const char *const *outputs,
                           size_t n_outputs, GError **err)
{
    GString *s = g_string_new("{\n  \"guiyan_version\": ");
    jstr(s, GY_VERSION);
    g_string_append(s, ",\n  \"command\": ");
    jstr(s, command);
    g_string_append(s, ",\n  \"inputs\": [");
    for (size_t i = 0; i < gy_ledger_n_inputs(lg); i++)
        input_json(s, lg, i);
    const gy_ledger *lists = gy_ledger_lists(lg);
    if (lists && gy_ledger_n_inputs(lists)) {
        /* training lists, surveys, rosters …: each with its kind and its own accounting */
        g_string_append(s, "\n  ],\n  \"lists\": [");
        for (size_t i = 0; i < gy_ledger_n_inputs(lists); i++)
            input_json(s, lists, i);
    }
    const gy_ledger *targets = gy_ledger_targets(lg);
    if (targets && gy_ledger_n_inputs(targets)) {
        /* track's targets file: what was read of it, as of an input */
        g_string_append(s, "\n  ],\n  \"targets\": [");
        for (size_t i = 0; i < gy_ledger_n_inputs(targets); i++)
            input_json(s, targets, i);
    }
    unsigned long r, a, d, j;
    gy_ledger_totals(lg, &r, &a, &d, &j);
    /* the order the exports were taken in, oldest first: the newest decides each startup */
    g_string_append(s, "\n  ],\n  \"order\": [");
    for (uint32_t k = 0; gy_ledger_by_rank(lg, k); k++) {   /* none for award rosters */
        g_string_append(s, k ? ", " : "");
        jstr(s, gy_ledger_by_rank(lg, k)->name);
    }
    gy_cover cv[GY_COVER__KINDS];
    gy_ledger_coverage(lg, cv);
    g_string_append(s, "],\n  \"coverage\": ");
    coverage_json(s, cv);
    g_string_append_printf(s, ",\n  \"updates\": %zu,\n  \"entity_names_ambiguous\": %zu",
                           gy_ledger_n_updates(lg), gy_ledger_names_ambiguous(lg));
    g_string_append_printf(s, ",\n  \"rows_read\": %lu,\n  \"rows_accepted\": %lu,\n"
                           "  \"rows_duplicate\": %lu,\n  \"rows_superseded\": %lu,\n"
                           "  \"rows_rejected\": %lu,\n"
                           "  \"rows_skipped\": %lu,\n  \"outputs\": [", r, a, d,
                           gy_ledger_superseded(lg), j, gy_ledger_skipped(lg));
    /* each with its size and SHA-256, so that a folder whose set a SIGKILL or a power cut
     * interrupted is told from a whole one (guiyan check --outputs) */
    char *dir = g_path_get_dirname(path);
    gy_error e = GY_OK;
    for (size_t i = 0; i < n_outputs && e == GY_OK; i++) {
        g_string_append(s, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        jstr(s, outputs[i]);
        char *p = g_build_filename(dir, outputs[i], NULL);
        if (strcmp(p, path) != 0) {           /* not itself */
            guint64 size = 0;
            char sha[65];
            e = gy_output_digest(p, &size, sha, err);
            g_string_append_printf(s, ", \"size\": %" G_GUINT64_FORMAT ", \"sha256\": \"%s\"",
                                   size, e == GY_OK ? sha : "");
        }
        g_string_append_c(s, '}');
        g_free(p);
    }
    g_free(dir);
    g_string_append(s, n_outputs ? "\n  ],\n  \"options\": {" : "],\n  \"options\": {");
    for (size_t i = 0; i < n_options; i++) {
        g_string_append(s, i ? ",\n    " : "\n    ");
        jstr(s, options[i].key);
        g_string_append(s, ": ");
        jstr(s, options[i].value ? options[i].value : "");
    }
    g_string_append(s, n_options ? "\n  }\n}\n" : "}\n}\n");
    if (e == GY_OK)
        e = gy_output_write(path, s->str, s->len, err);
    g_string_free(s, TRUE);
    return e;
}

/* The text of a JSON string body without its escapes (guiyan writes \" \\ and \u00XX). */
static char *junescape(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p++) {
        if (*p != '\\' || !p[1]) {
            g_string_append_c(o, *p);
        } else if (p[1] == 'u' && strlen(p) >= 6) {
            char hex[5] = { p[2], p[3], p[4], p[5], 0 };
            g_string_append_c(o, (char)g_ascii_strtoull(hex, NULL, 16));
            p += 5;
        } else {
            g_string_append_c(o, *++p);
        }
    }
    return g_string_free(o, FALSE);
}

gy_error gy_manifest_check(const char *dir, GPtrArray *problems, size_t *n_checked,
                           GError **err)
{
    char *path = g_build_filename(dir, "manifest.json", NULL);
    char *text = NULL;
    GError *e = NULL;
    *n_checked = 0;
    if (!g_file_get_contents(path, &text, NULL, &e)) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, e->message);
        g_error_free(e);
        g_free(path);
        return GY_E_IO;
    }
    const char *outs = strstr(text, "\n  \"outputs\": [");
    const char *end = outs ? strstr(outs, "\n  ],") : NULL;
    if (!outs || !end) {
        g_set_error(err, GY_ERROR, GY_E_IO,
                    _("%s: not a manifest that lists its outputs with their SHA-256 (an older "
                      "guiyan's, or not guiyan's)"),
                    path);
        g_free(text);
        g_free(path);
        return GY_E_IO;
    }
    char *list = g_strndup(outs, (gsize)(end - outs));
    GRegex *re = g_regex_new("\\{\"name\": \"((?:[^\"\\\\]|\\\\.)*)\"(?:, \"size\": ([0-9]+), "
                             "\"sha256\": \"([0-9a-f]{64})\")?\\}", 0, 0, NULL);
    GMatchInfo *mi = NULL;
    g_regex_match(re, list, 0, &mi);
    for (; g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
        char *raw = g_match_info_fetch(mi, 1), *size_s = g_match_info_fetch(mi, 2);
        char *want = g_match_info_fetch(mi, 3);
        char *name = junescape(raw);
        char *p = g_build_filename(dir, name, NULL);
        if (strchr(name, '/') || !strcmp(name, "..") || !strcmp(name, ".") || !*name) {
            g_ptr_array_add(problems, g_strdup_printf(_("%s: not a plain file name; not "
                                                         "checked"), p));
        } else if (*want) {      /* the manifest itself has no size of its own */
            guint64 size = 0;
            char sha[65];
            GError *de = NULL;
            guint64 wsize = g_ascii_strtoull(size_s, NULL, 10);
            (*n_checked)++;
            if (gy_output_digest(p, &size, sha, &de) != GY_OK) {
                g_ptr_array_add(problems, g_strdup_printf(_("%s: missing or not a regular "
                                                             "file (%s)"), p, de->message));
                g_error_free(de);
            } else if (size != wsize) {
                g_ptr_array_add(problems, g_strdup_printf(_("%s: %llu bytes; the manifest says "
                                "%llu (not from this run, or cut short)"), p,
                                (unsigned long long)size, (unsigned long long)wsize));
            } else if (strcmp(sha, want) != 0) {
                g_ptr_array_add(problems, g_strdup_printf(_("%s: content differs from the "
                                "manifest's SHA-256 (changed, or not from this run)"), p));
            }
        }
        g_free(raw);
        g_free(size_s);
        g_free(want);
        g_free(name);
        g_free(p);
    }
    g_match_info_free(mi);
    g_regex_unref(re);
    g_free(list);
    g_free(text);
    g_free(path);
    return GY_OK;
}
