/* report.c — a run's report: the lines a person is told, in order, and the accounting of
 * every row (per file and for the run), the order of the files, what the dates cover, the
 * 未填乡镇 list, rejects and updates, worded as the command line has always shown them. */
#include <stdarg.h>
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "run_int.h"

static void line_free(gpointer p)
{
    gy_line *l = p;
    g_free(l->text);
    g_free(l);
}

void gy_report_init(gy_report *rp)
{
    memset(rp, 0, sizeof *rp);
    rp->lines = g_ptr_array_new_with_free_func(line_free);
    rp->written = g_ptr_array_new_with_free_func(g_free);
}

void gy_report_clear(gy_report *rp)
{
    if (rp->lines)
        g_ptr_array_free(rp->lines, TRUE);
    if (rp->written)
        g_ptr_array_free(rp->written, TRUE);
    memset(rp, 0, sizeof *rp);
}

static void say_text(gy_report *rp, gy_line_kind kind, bool chatty, char *text)
{
    gy_line *l = g_new(gy_line, 1);
    *l = (gy_line){ kind, chatty, text };
    g_ptr_array_add(rp->lines, l);
    if (rp->said)
        rp->said(l, rp->said_user);
}

void gy_report_say(gy_report *rp, gy_line_kind kind, bool chatty, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    GString *s = g_string_new(NULL);
    g_string_append_vprintf(s, fmt, ap);
    va_end(ap);
    if (!s->len || s->str[s->len - 1] != '\n')
        g_string_append_c(s, '\n');
    say_text(rp, kind, chatty, g_string_free(s, FALSE));
}

void report_raw(gy_report *rp, gy_line_kind kind, bool chatty, const char *text)
{
    say_text(rp, kind, chatty, g_strdup(text));
}

/* One accounting line built in s (which it takes). */
static void say_account(gy_report *rp, GString *s)
{
    say_text(rp, GY_LINE_ACCOUNT, false, g_string_free(s, FALSE));
}

void report_skipped(GString *s, unsigned long k)
{
    if (k)
        g_string_append_printf(s, _(", %lu skipped (total or note rows)"), k);
    g_string_append_c(s, '\n');
}

static void report_order(gy_report *rp, const gy_ledger *lg)
{
    size_t n = gy_ledger_n_inputs(lg);
    if (n < 2 || !gy_ledger_by_rank(lg, 0))
        return;     /* one file, or files never ordered by age (award rosters are not exports) */
    GString *s = g_string_new("");
    for (uint32_t k = 0; k < n; k++) {
        const gy_input *in = gy_ledger_by_rank(lg, k);
        char day[11];
        gy_day_format(in->cutoff, day);
        g_string_append_printf(s, "%s%s (%s)", k ? ", " : "", in->name, *day ? day : "—");
    }
    if (rp->order_given)
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: files from oldest to newest as "
                      "named (--order given; each file's cut-off in brackets): %s\n"), s->str);
    else
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: files from oldest to newest "
                      "(cut-off: the latest start or loan date): %s\n"), s->str);
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

static void report_coverage(gy_report *rp, const gy_ledger *lg)
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
            gy_report_say(rp, GY_LINE_ACCOUNT, false, "%s", k == GY_COVER_START
                          ? _("guiyan: no start dates\n") : _("guiyan: no loan dates\n"));
            continue;
        }
        GString *s = g_string_new(NULL);
        g_string_append_printf(s, k == GY_COVER_START ? _("guiyan: start dates cover %s to %s")
                                                      : _("guiyan: loan dates cover %s to %s"),
                               a, b);
        char *gaps = gaps_text(&cv[k]);
        if (gaps)
            g_string_append_printf(s, _("; no dates in %s"), gaps);
        g_string_append_c(s, '\n');
        g_free(gaps);
        say_account(rp, s);
    }
}

/* A path as people read it: an ID number in it masked. Newly allocated. */
static char *shown_path(const char *path)
{
    char *s = g_strdup(path);
    gy_id_mask_text(s);
    return s;
}

/* A copy of a file under another name: its rows are all duplicates, the figures right. */
static void report_copies(gy_report *rp, const gy_ledger *lg)
{
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
            gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: %s has the same content as %s: "
                          "its rows were counted once, as duplicates\n"), p1, p2);
            g_free(p1);
            g_free(p2);
        }
        else
            g_hash_table_insert(by_sha, (gpointer)in->sha256, (gpointer)in);
    }
    g_hash_table_destroy(by_sha);
}

static void report_input(gy_report *rp, const gy_ledger *lg, const gy_input *in)
{
    if (in->same_as >= 0) {
        const gy_input *o = gy_ledger_input((gy_ledger *)lg, (uint32_t)in->same_as);
        char *p1 = shown_path(in->path), *p2 = shown_path(o->path);
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: %s: the same file as input %d "
                      "(%s): not read again\n"), p1, in->same_as + 1, p2);
        g_free(p1);
        g_free(p2);
        return;
    }
    if (in->header_line > 1)
        gy_report_say(rp, GY_LINE_ACCOUNT, false,
                      ngettext("guiyan: %s: header on line %lu; the %lu line above it "
                               "(a title) was not read as a record\n",
                               "guiyan: %s: header on line %lu; the %lu lines above it "
                               "(a title) were not read as records\n",
                               in->header_line - 1),
                      in->name, in->header_line, in->header_line - 1);
    GString *s = g_string_new(NULL);
    /* superseded rows only where several exports can hold one startup */
    if (gy_ledger_n_inputs(lg) > 1)
        g_string_append_printf(s, _("guiyan: %s (%s): %lu rows read: %lu accepted, %lu "
                                    "duplicate, %lu superseded, %lu rejected"),
                               in->name, in->encoding, in->rows_read, in->rows_accepted,
                               in->rows_duplicate, in->rows_superseded, in->rows_rejected);
    else
        g_string_append_printf(s, _("guiyan: %s (%s): %lu rows read: %lu accepted, %lu "
                                    "duplicate, %lu rejected"),
                               in->name, in->encoding, in->rows_read, in->rows_accepted,
                               in->rows_duplicate, in->rows_rejected);
    report_skipped(s, in->rows_skipped);
    say_account(rp, s);
}

void report_accounting(gy_report *rp, const gy_ledger *lg)
{
    for (size_t i = 0; i < gy_ledger_n_notes(lg); i++) {
        const gy_note *n = gy_ledger_get_note(lg, i);
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, n->file);
        gy_report_say(rp, GY_LINE_ACCOUNT, false,
                      ngettext("guiyan: %s:%lu: column %s: \"%s\": %s (%lu row)\n",
                               "guiyan: %s:%lu: column %s: \"%s\": %s (%lu rows)\n", n->rows),
                      in->name, n->line, n->column, n->value, n->text, n->rows);
    }
    for (size_t i = 0; i < gy_ledger_n_inputs(lg); i++)
        report_input(rp, lg, gy_ledger_input((gy_ledger *)lg, (uint32_t)i));
    unsigned long r, a, d, j;
    gy_ledger_totals(lg, &r, &a, &d, &j);
    rp->rows_read = r;
    rp->accepted = a;
    rp->duplicate = d;
    rp->rejected = j;
    rp->superseded = gy_ledger_superseded(lg);
    rp->skipped = gy_ledger_skipped(lg);
    GString *s = g_string_new(NULL);
    if (gy_ledger_n_inputs(lg) > 1)
        g_string_append_printf(s, _("guiyan: %zu files, %lu rows read: %lu accepted, %lu "
                                    "duplicate, %lu superseded, %lu rejected"),
                               gy_ledger_n_inputs(lg), r, a, d, rp->superseded, j);
    else
        g_string_append_printf(s, _("guiyan: %zu files, %lu rows read: %lu accepted, %lu "
                                    "duplicate, %lu rejected"), gy_ledger_n_inputs(lg), r, a, d,
                               j);
    report_skipped(s, rp->skipped);
    say_account(rp, s);
    report_order(rp, lg);
    report_coverage(rp, lg);
    if (gy_ledger_names_ambiguous(lg))
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: note: %zu entity names without a "
                      "credit code are borne by several coded entities of their county: "
                      "counted apart\n"), gy_ledger_names_ambiguous(lg));
    report_copies(rp, lg);
}

void report_unmatched(gy_report *rp, const gy_region *rg, size_t max, bool chatty)
{
    GPtrArray *um = gy_region_unmatched(rg);
    unsigned long rows = 0;
    for (guint i = 0; i < um->len; i++)
        rows += ((gy_unmatched *)g_ptr_array_index(um, i))->rows;
    if (rows)
        gy_report_say(rp, GY_LINE_ACCOUNT, chatty,
                      ngettext("guiyan: %lu row without a known township of %s was counted "
                               "under 未填乡镇:\n",
                               "guiyan: %lu rows without a known township of %s were counted "
                               "under 未填乡镇:\n", rows), rows, gy_region_label(rg));
    for (guint i = 0; i < um->len && i < max; i++) {
        const gy_unmatched *u = g_ptr_array_index(um, i);
        char *n = g_strdup_printf(ngettext("%lu row", "%lu rows", u->rows), u->rows);
        if (u->why == GY_E_EMPTY)
            gy_report_say(rp, GY_LINE_ACCOUNT, chatty, _("guiyan:   blank: %s\n"), n);
        else if (u->why == GY_E_COUNTY_AMBIGUOUS && *u->names)
            gy_report_say(rp, GY_LINE_ACCOUNT, chatty, _("guiyan:   \"%s\": %s (ambiguous: %s)\n"),
                          u->text, n, u->names);
        else if (*u->names)
            gy_report_say(rp, GY_LINE_ACCOUNT, chatty, _("guiyan:   \"%s\": %s (not a township of "
                          "%s; nearest: %s)\n"), u->text, n, gy_region_label(rg), u->names);
        else
            gy_report_say(rp, GY_LINE_ACCOUNT, chatty, _("guiyan:   \"%s\": %s (not a township of "
                          "%s)\n"), u->text, n, gy_region_label(rg));
        g_free(n);
    }
    if (um->len > max)
        gy_report_say(rp, GY_LINE_ACCOUNT, chatty, _("guiyan:   ... and %u more\n"),
                      um->len - (guint)max);
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

void report_rejects(gy_report *rp, const gy_ledger *lg, size_t max, const char *outdir)
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
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: %s:%lu: column %s: \"%s%s\": %s%s\n"),
                      in->name, r->line, r->column, cut ? cut : v, cut ? "…" : "",
                      _(gy_strerror(r->reason)), more);
        g_free(more);
        g_free(cut);
    }
    if (n > max && outdir)
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: ... and %zu more rejected rows (see "
                      "rejects.csv)\n"), n - max);
    else if (n > max)
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: ... and %zu more rejected rows "
                      "(--max all shows them, -o DIR writes rejects.csv)\n"), n - max);
}

void report_updates(gy_report *rp, gy_ledger *lg, const gy_region *rg, bool unmask, size_t max)
{
    size_t n = gy_ledger_n_updates(lg);
    for (size_t i = 0; i < n && i < max; i++) {
        const gy_update *u = gy_ledger_get_update(lg, i);
        const gy_input *a = gy_ledger_input(lg, u->row.file), *b = gy_ledger_input(lg, u->other.file);
        char id[19], shown[19], day[11], other_day[11];
        gy_id_from_key(u->row.person, id);
        gy_id_mask(id, shown);
        gy_record_start_text(&u->row, day);
        gy_record_start_text(&u->other, other_day);
        char *what = u->kind == GY_UPD_OTHER_START ? g_strdup(other_day)
                                                   : gy_update_changes(u, rg);
        const char *fmt = u->kind == GY_UPD_SUPERSEDED
            ? _("guiyan: %s:%u: %s, started %s: superseded by %s:%u: %s\n")
            : u->kind == GY_UPD_LOAN_DROPPED
            ? _("guiyan: %s:%u: %s, started %s: loan on no row of the newer %s (compared with "
                "line %u): %s\n")
            : _("guiyan: %s:%u: %s, started %s: only in older exports; %s:%u holds this person "
                "with start date %s\n");
        char *text = g_strdup_printf(fmt, a->name, u->row.line, unmask ? id : shown, day,
                                     b->name, u->other.line, what);
        say_text(rp, GY_LINE_ACCOUNT, false, text);
        g_free(what);
    }
    if (n > max)
        gy_report_say(rp, GY_LINE_ACCOUNT, false, _("guiyan: ... and %zu more updates (see "
                      "updates.csv)\n"), n - max);
}
