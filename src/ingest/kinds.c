/* kinds.c — the real-name lists besides the startup ledger: declared kinds (kinds.ini) read into
 * a gy_decl_store, every row accounted (award rosters: roster.c, as `guiyan stars` reads them). */
#include <stdlib.h>
#include <string.h>

#include "guiyan/cube.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/judge.h"
#include "guiyan/kinds.h"
#include "guiyan/tally.h"
#include "guiyan/wbook.h"
#include "ingest_int.h"

/* ---- declared kinds ---- */

/* A header tried against one kind: its fields as colspecs. */
typedef struct kind_try {
    const gy_rkind *kd;
    const gy_aliases *al;
    int *cols;
    gy_row row;               /* the header row found */
} kind_try;

static gy_error try_kind(const gy_row *row, void *user, GError **err)
{
    kind_try *t = user;
    gy_colspec *specs = g_new0(gy_colspec, t->kd->n_fields);
    for (size_t i = 0; i < t->kd->n_fields; i++)
        specs[i] = (gy_colspec){ t->kd->fields[i].key, t->kd->fields[i].required };
    gy_error e = gy_header_map(t->al, t->kd->name, specs, t->kd->n_fields, row, t->cols, err);
    g_free(specs);
    return e;
}

/* A header tried against every declared kind, then as an award roster: the first that maps. */
typedef struct sniff_try {
    const gy_kinds *k;
    const gy_aliases *al;
    int found;
} sniff_try;

static gy_error try_any(const gy_row *row, void *user, GError **err)
{
    sniff_try *t = user;
    for (size_t i = 0; i < gy_kinds_count(t->k); i++) {
        const gy_rkind *kd = gy_kinds_at(t->k, i);
        int *cols = g_new0(int, kd->n_fields);
        kind_try kt = { kd, t->al, cols, { 0 } };
        gy_error e = try_kind(row, &kt, NULL);
        g_free(cols);
        if (e == GY_OK) {
            t->found = (int)i;
            return GY_OK;
        }
    }
    gy_star_layout ly;
    memset(&ly, 0, sizeof ly);
    gy_error e = gy_star_layout_map(&ly, t->al, row, NULL);
    gy_star_layout_clear(&ly);
    if (e == GY_OK) {
        t->found = GY_KIND_STARS;
        return GY_OK;
    }
    g_set_error_literal(err, GY_ERROR, GY_E_MISSING_COLUMN, "not a declared list");
    return GY_E_MISSING_COLUMN;
}

static gy_error header_any(gy_reader *rd, const char *where, void *user, GError **err)
{
    gy_row row;
    return gy_header_find(rd, where, try_any, user, &row, err);
}

int gy_kinds_sniff(const gy_kinds *k, const char *path, gy_encoding enc, const char *sheet,
                   const gy_aliases *al)
{
    if (gy_reader_once_only(path))
        return GY_KIND_STARTUP;     /* read once: only the startup reader may have it */
    sniff_try t = { k, al, GY_KIND_STARTUP };
    GError *err = NULL;
    gy_error e = GY_OK;
    gy_reader *rd = gy_ingest_open(path, sheet, enc, 0, header_any, &t, &e, &err);
    if (!rd)
        t.found = GY_KIND_STARTUP;  /* not a list, or not readable: the startup reader says */
    g_clear_error(&err);
    gy_reader_free(rd);
    return t.found;
}

gy_error gy_kinds_by_name(const gy_kinds *k, const char *name, int *out)
{
    if (strcmp(name, "startup") == 0 || strcmp(name, "records") == 0) {
        *out = GY_KIND_STARTUP;
        return GY_OK;
    }
    if (strcmp(name, "stars") == 0) {
        *out = GY_KIND_STARS;
        return GY_OK;
    }
    for (size_t i = 0; i < gy_kinds_count(k); i++)
        if (strcmp(gy_kinds_at(k, i)->name, name) == 0 || strcmp(gy_kinds_at(k, i)->label, name) == 0) {
            *out = (int)i;
            return GY_OK;
        }
    return GY_E_USAGE;
}

/* A kind's fields as the row judge's table, in kinds.ini's order: a failure in any of them
 * may be a 合计 or note row below the list. Newly allocated (keys borrowed from kd). */
static gy_judge_field *kind_judge(const gy_rkind *kd)
{
    static const gy_judge_type types[] = {
        [GY_KF_TEXT] = GY_JT_TEXT, [GY_KF_ID] = GY_JT_ID, [GY_KF_COUNTY] = GY_JT_COUNTY,
        [GY_KF_DATE] = GY_JT_DATE, [GY_KF_NUMBER] = GY_JT_COUNT,
    };
    gy_judge_field *t = g_new0(gy_judge_field, kd->n_fields);
    for (size_t f = 0; f < kd->n_fields; f++)
        t[f] = (gy_judge_field){ kd->fields[f].key, types[kd->fields[f].type],
                                 kd->fields[f].required, .flags = GY_JF_SKIP_CHECK };
    return t;
}

/* A judged cell as the store keeps it: a blank optional cell is 0; only texts a key or an
 * indicator compares are kept (a name is checked, not kept). */
static int64_t stored(const gy_rkind_field *f, bool used, const gy_judge_val *x,
                      gy_decl_store *st)
{
    if (x->blank)
        return 0;
    return f->type == GY_KF_TEXT ? (used ? gy_decl_store_intern(st, x->s) : 1) : x->i;
}

static gy_error header_kind(gy_reader *rd, const char *where, void *user, GError **err)
{
    kind_try *t = user;
    return gy_header_find(rd, where, try_kind, t, &t->row, err);
}

gy_error gy_kinds_read(const char *path, const char *sheet, int kind, uint32_t file,
                       gy_encoding enc, bool unmask,
                       const gy_aliases *al, const gy_region *rg, const bool *used,
                       gy_decl_store *st, gy_ledger *lg, GError **err)
{
    /* a list names a dozen counties a million times: each spelling resolved once */
    gy_region_memo *memo = gy_region_memo_new(rg);
    const gy_rkind *kd = gy_kinds_at(gy_decl_store_kinds(st), (size_t)kind);
    gy_input *in = gy_ledger_input(lg, file);
    in->kind = gy_ledger_text(lg, kd->label);
    int *cols = g_new0(int, kd->n_fields);
    int64_t *v = g_new0(int64_t, kd->n_fields);
    kind_try t = { kd, al, cols, { 0 } };
    gy_error e = GY_OK;
    gy_reader *rd = gy_ingest_open(path, sheet, enc, 0, header_kind, &t, &e, err);
    if (!rd)
        goto done;
    gy_row row = t.row;
    in->encoding = gy_encoding_name(gy_reader_encoding(rd));
    in->header_line = row.line;
    {
        const char **heads = g_new0(const char *, row.n), **keys = g_new0(const char *, row.n);
        for (size_t c = 0; c < row.n; c++)
            heads[c] = row.fields[c];
        for (size_t f = 0; f < kd->n_fields; f++)
            if (cols[f] >= 0 && (size_t)cols[f] < row.n)
                keys[cols[f]] = kd->fields[f].key;
        gy_ledger_set_mapping(lg, file, heads, keys, row.n);
        gy_ledger_set_reader(lg, file, gy_kind_name(gy_reader_kind(rd)), gy_reader_sheet(rd));
        g_free(heads);
        g_free(keys);
    }
    char **head = g_new0(char *, kd->n_fields);
    {
        /* the header row is gone after the next read: keep the column names for rejects */
        for (size_t f = 0; f < kd->n_fields; f++)
            head[f] = g_strdup(cols[f] >= 0 && (size_t)cols[f] < row.n ? row.fields[cols[f]]
                                                                     : kd->fields[f].key);
    }
    gy_judge_field *table = kind_judge(kd);
    gy_judge_opts jo = { .shape = false, .written = INT32_MAX, .last_read = -1 };
    gy_judge *judge = gy_judge_new(table, kd->n_fields, cols, NULL, row.n, &jo);
    gy_judge_val *jv = g_new0(gy_judge_val, kd->n_fields);
    while ((e = gy_reader_next(rd, &row, err)) == GY_OK && row.n > 0) {
        in->rows_read++;
        gy_decl_rec r = { .kind = (uint32_t)kind, .file = file, .line = row.line,
                          .county = UINT32_MAX, .v = v };
        gy_judge_verdict jd = gy_judge_row(judge, &row, rg, memo, jv);
        if (jd.skipped) {
            gy_ledger_reject(lg, file, row.line, "", jd.value, jd.reason);
            continue;
        }
        if (jd.reason != GY_OK) {
            char *value = g_strdup(jd.value);
            if (!unmask)
                gy_id_mask_text(value);
            else
                gy_text_strip_bidi(value);
            gy_ledger_reject(lg, file, row.line, jd.field >= 0 ? head[jd.field] : "", value,
                             jd.reason);
            g_free(value);
            g_free(jd.detail);
            continue;
        }
        for (size_t f = 0; f < kd->n_fields; f++)
            v[f] = stored(&kd->fields[f], !used || used[f], &jv[f], st);
        if (kd->person >= 0)
            r.person = jv[kd->person].blank ? 0 : (uint64_t)jv[kd->person].i;
        if (kd->county >= 0 && !jv[kd->county].blank)
            r.county = (uint32_t)jv[kd->county].i;
        uint32_t older = 0;
        switch (gy_decl_store_add(st, &r, &older)) {
        case GY_DECL_ADDED:
            in->rows_accepted++;
            break;
        case GY_DECL_DUPLICATE:
            in->rows_duplicate++;
            break;
        case GY_DECL_REPLACES: {
            in->rows_accepted++;
            gy_input *o = gy_ledger_input(lg, older);
            o->rows_accepted--;
            o->rows_superseded++;
            break;
        }
        }
    }
    /* the manifest's size and SHA-256: of the bytes parsed, as for the records and rosters (a
     * second read of the file, whole into memory, cost a list of millions of rows seconds) */
    if (e == GY_OK && !gy_reader_once_only(path)) {
        in->size = gy_tally_bytes(gy_reader_tally(rd));
        gy_tally_sha256(gy_reader_tally(rd), in->sha256);
    }
    for (size_t f = 0; f < kd->n_fields; f++)
        g_free(head[f]);
    g_free(head);
    g_free(jv);
    gy_judge_free(judge);
    g_free(table);
done:
    gy_region_memo_free(memo);
    gy_reader_free(rd);
    g_free(cols);
    g_free(v);
    return e;
}
