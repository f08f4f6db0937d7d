/* roster.c — award rosters read like the records (load.c): one opener choosing the sheet and
 * mapping the header, the same reject masking, the size and SHA-256 the reader's tally takes
 * of the bytes it parsed. Each row is judged by gy_star_judge (a roster's own columns). */
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/roster.h"
#include "guiyan/stars.h"
#include "guiyan/tally.h"
#include "guiyan/wbook.h"
#include "ingest_int.h"

typedef struct roster_try {
    gy_star_layout *ly;
    const gy_aliases *al;
    GPtrArray *heads;        /* the header row's cells (for the mapping), or NULL */
    unsigned long line;      /* the header's line */
} roster_try;

static gy_error try_roster(const gy_row *row, void *user, GError **err)
{
    roster_try *t = user;
    gy_star_layout_clear(t->ly);      /* from a title row tried before */
    return gy_star_layout_map(t->ly, t->al, row, err);
}

static gy_error header_roster(gy_reader *rd, const char *where, void *user, GError **err)
{
    roster_try *t = user;
    gy_row row;
    gy_error e = gy_header_find(rd, where, try_roster, user, &row, err);
    if (e == GY_OK && t->heads) {
        /* the header row is gone after the next read: keep its cells */
        g_ptr_array_set_size(t->heads, 0);
        for (size_t c = 0; c < row.n; c++)
            g_ptr_array_add(t->heads, g_strdup(row.fields[c]));
        t->line = row.line;
    }
    return e;
}

/* Open a roster and map its header (after its title rows, if any). NULL with *err on
 * failure. */
static gy_reader *open_roster(const char *path, const gy_roster_opts *o, const gy_aliases *al,
                              gy_star_layout *ly, roster_try *t, gy_error *e, GError **err)
{
    memset(ly, 0, sizeof *ly);
    t->ly = ly;
    t->al = al;
    return gy_ingest_open(path, o->sheet, o->encoding, 0, header_roster, t, e, err);
}

/* Input `file`'s reader, sheet, header line and header → field mapping (the manifest's). */
static void note_input(gy_ledger *lg, uint32_t file, gy_reader *rd, const gy_star_layout *ly,
                       const roster_try *t)
{
    gy_input *in = gy_ledger_input(lg, file);
    in->header_line = t->line;
    gy_ledger_set_reader(lg, file, gy_kind_name(gy_reader_kind(rd)), gy_reader_sheet(rd));
    const char **keys = g_new0(const char *, t->heads->len + 1);
    for (int f = 0; f < GY_SF__COUNT; f++)
        if (ly->col[f] >= 0 && (guint)ly->col[f] < t->heads->len)
            keys[ly->col[f]] = gy_star_field_key(f);
    gy_ledger_set_mapping(lg, file, (const char *const *)t->heads->pdata, keys, t->heads->len);
    g_free(keys);
}

gy_error gy_rosters_check_headers(const char *const *files, size_t n, const gy_aliases *al,
                                  const gy_roster_opts *o, GError **err)
{
    for (size_t i = 0; i < n; i++) {
        if (gy_reader_once_only(files[i]))
            continue;
        gy_star_layout ly;
        gy_error e = GY_OK;
        roster_try t = { 0 };
        gy_reader *rd = open_roster(files[i], o, al, &ly, &t, &e, err);
        gy_star_layout_clear(&ly);
        gy_reader_free(rd);
        if (!rd)
            return e;
    }
    return GY_OK;
}

/* One row: an award, a duplicate, a skipped row (合计 or 制表人 below the list) or a reject. */
static void take_row(gy_row *row, const gy_star_layout *ly, const gy_region *rg, uint32_t file,
                     bool unmask, gy_roster *ro, gy_ledger *lg, gy_input *in)
{
    in->rows_read++;
    int nc = ly->col[GY_SF_NAME];
    char *name = g_strdup(nc >= 0 && (size_t)nc < row->n ? row->fields[nc] : "");
    gy_star st;
    gy_star_verdict v = gy_star_judge(ly, row, rg, file, &st);
    const char *column = v.field >= 0 ? ly->head[v.field] : "";
    if (v.reason == GY_E_TOTAL_ROW || v.reason == GY_E_NOTE_ROW) {   /* skipped by the judge */
        gy_ledger_reject(lg, file, row->line, column, v.value, v.reason);
        gy_roster_reject(ro, file, row->line, name, -1, column, v.value, v.reason);
    } else if (v.reason != GY_OK) {
        /* v.value points into the row: masked there, for the roster's list as for the ledger */
        gy_ingest_reject(lg, file, row->line, column, (char *)v.value, v.reason, NULL, unmask);
        gy_roster_reject(ro, file, row->line, name, v.field, column, v.value, v.reason);
    } else {
        if (v.warning != GY_OK) {
            char *text = g_strdup_printf("%s：返乡创业明星的企业信息，不影响计数，但该代码未采用",
                                         gy_reason_zh(v.warning));
            gy_roster_issue(ro, GY_ISSUE_NOTE, file, row->line, name, column, v.value, text);
            g_free(text);
        }
        if (gy_roster_add(ro, &st, NULL))
            in->rows_accepted++;
        else
            in->rows_duplicate++;
    }
    g_free(name);
}

gy_error gy_roster_read_file(const char *path, uint32_t file, const gy_roster_opts *o,
                            const gy_aliases *al, const gy_region *rg, gy_roster *ro,
                            gy_ledger *lg, GError **err)
{
    gy_input *in = gy_ledger_input(lg, file);
    gy_star_layout ly;
    gy_error e = GY_OK;
    roster_try t = { .heads = g_ptr_array_new_with_free_func(g_free) };
    gy_reader *rd = open_roster(path, o, al, &ly, &t, &e, err);
    if (!rd) {
        g_ptr_array_free(t.heads, TRUE);
        gy_star_layout_clear(&ly);
        return e;
    }
    in->encoding = gy_encoding_name(gy_reader_encoding(rd));
    note_input(lg, file, rd, &ly, &t);
    g_ptr_array_free(t.heads, TRUE);
    gy_row row;
    while ((e = gy_reader_next(rd, &row, err)) == GY_OK && row.n > 0)
        take_row(&row, &ly, rg, file, o->unmask, ro, lg, in);
    /* the manifest's size and SHA-256: of the bytes parsed, as for the records */
    const gy_tally *ty = gy_reader_tally(rd);
    if (e == GY_OK && !gy_reader_once_only(path)) {
        in->size = gy_tally_bytes(ty);
        gy_tally_sha256(ty, in->sha256);
    }
    gy_reader_free(rd);
    gy_star_layout_clear(&ly);
    return e;
}

gy_error gy_rosters_read(const char *const *files, size_t n, const gy_aliases *al,
                         const gy_region *rg, const gy_roster_opts *o, gy_roster *ro,
                         gy_ledger *lg, GError **err)
{
    for (size_t i = 0; i < n; i++)
        gy_ledger_add_input(lg, files[i]);
    for (size_t i = 0; i < n; i++) {
        if (g_cancellable_set_error_if_cancelled(o->cancel, err))
            return GY_E_IO;
        gy_error e = gy_roster_read_file(files[i], (uint32_t)i, o, al, rg, ro, lg, err);
        if (e != GY_OK)
            return e;
    }
    return GY_OK;
}
