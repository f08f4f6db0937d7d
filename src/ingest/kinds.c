/* kinds.c — the real-name lists besides the startup ledger: declared kinds (kinds.ini) read into
 * a gy_decl_store, every row accounted (award rosters: roster.c, as `guiyan stars` reads them). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guiyan/cube.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/kinds.h"
#include "guiyan/wbook.h"
#include "ingest_int.h"

/* Size and SHA-256 of a list file for the ledger (rosters are small: read whole). */
void gy_input_describe(gy_input *in)
{
    struct stat st;
    if (gy_reader_once_only(in->path) || stat(in->path, &st) != 0)
        return;
    in->size = (unsigned long long)st.st_size;
    char *data = NULL;
    gsize len = 0;
    if (g_file_get_contents(in->path, &data, &len, NULL)) {
        char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
        g_strlcpy(in->sha256, sum, sizeof in->sha256);
        g_free(sum);
    }
    g_free(data);
}

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

/* One cell into v: GY_OK, or the reason it is rejected. A blank optional cell is 0. */
static gy_error judge_cell(const gy_rkind_field *f, bool used, char *cell, const gy_region *rg,
                           GHashTable *memo, gy_decl_store *st, gy_decl_rec *r, int64_t *v)
{
    *v = 0;
    if (!*cell)
        return f->required ? GY_E_EMPTY : GY_OK;
    switch (f->type) {
    case GY_KF_TEXT:
        /* only texts a key or an indicator compares are kept (a name is checked, not kept) */
        *v = used ? gy_decl_store_intern(st, cell) : 1;
        return GY_OK;
    case GY_KF_ID: {
        char id[19];
        uint64_t key;
        gy_error e = gy_id_parse_key(cell, id, &key);
        if (e == GY_OK) {
            r->person = key;
            *v = (int64_t)key;
        }
        return e;
    }
    case GY_KF_COUNTY: {
        /* a list names a dozen counties a million times: resolve each spelling once */
        gpointer hit = g_hash_table_lookup(memo, cell);
        if (!hit) {
            size_t c;
            gy_error e = gy_region_resolve(rg, cell, &c);
            hit = GSIZE_TO_POINTER(e == GY_OK ? (c << 8) | 1 : ((gsize)e << 1) | 0);
            if (g_hash_table_size(memo) < 4096)
                g_hash_table_insert(memo, g_strdup(cell), hit);
            if (e != GY_OK)
                return e;
        }
        gsize h = GPOINTER_TO_SIZE(hit);
        if (!(h & 1))
            return (gy_error)(h >> 1);
        r->county = (uint32_t)(h >> 8);
        *v = (int64_t)(h >> 8);
        return GY_OK;
    }
    case GY_KF_DATE: {
        gy_day d;
        gy_error e = gy_date_parse(cell, &d);
        *v = d;
        return e;
    }
    case GY_KF_NUMBER: {
        bool blank;
        return gy_count_parse(cell, v, &blank);
    }
    }
    return GY_OK;
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
    GHashTable *memo = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    const gy_rkind *kd = gy_kinds_at(gy_decl_store_kinds(st), (size_t)kind);
    gy_input *in = gy_ledger_input(lg, file);
    gy_input_describe(in);
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
    while ((e = gy_reader_next(rd, &row, err)) == GY_OK && row.n > 0) {
        in->rows_read++;
        gy_decl_rec r = { .kind = (uint32_t)kind, .file = file, .line = row.line,
                          .county = UINT32_MAX, .v = v };
        gy_error bad = row.problem;
        int at = -1;
        for (size_t f = 0; bad == GY_OK && f < kd->n_fields; f++) {
            char *cell = cols[f] >= 0 && (size_t)cols[f] < row.n ? row.fields[cols[f]] : "";
            if ((bad = judge_cell(&kd->fields[f], !used || used[f], cell, rg, memo, st, &r,
                                  &v[f])) != GY_OK)
                at = (int)f;
        }
        if (bad != GY_OK) {
            size_t skip_at = 0;
            gy_error skip = gy_row_not_a_record(&row, &skip_at);
            if (skip != GY_OK) {
                gy_ledger_reject(lg, file, row.line, "", row.fields[skip_at], skip);
                continue;
            }
            char *value = g_strdup(at >= 0 && cols[at] >= 0 && (size_t)cols[at] < row.n
                                       ? row.fields[cols[at]] : "");
            if (!unmask)
                gy_id_mask_text(value);
            else
                gy_text_strip_bidi(value);
            gy_ledger_reject(lg, file, row.line, at >= 0 ? head[at] : "", value, bad);
            g_free(value);
            continue;
        }
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
    for (size_t f = 0; f < kd->n_fields; f++)
        g_free(head[f]);
    g_free(head);
done:
    g_hash_table_destroy(memo);
    gy_reader_free(rd);
    g_free(cols);
    g_free(v);
    return e;
}
