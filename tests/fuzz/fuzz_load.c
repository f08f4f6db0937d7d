/* fuzz_load.c — the real ingest (src/ingest/load.c): the input as an export, read by gy_load
 * with the configured region (乐山市), the header spellings of aliases.ini and the division
 * table. Every row is accounted for once (read = accepted + duplicate + rejected), a reject
 * names a line of the file and never shows an ID number's middle digits, the figures are the
 * same from a table as from a day range, and the file given twice adds nothing the second
 * time but duplicates and the same rejects. */
#include "fuzz.h"
#include "guiyan/cube.h"
#include "guiyan/fields.h"
#include "guiyan/ledger.h"
#include "guiyan/load.h"
#include "guiyan/schema.h"

static gy_divisions *dv;
static gy_region *rg;
static gy_aliases *al;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gy_config *cf;
    GError *err = NULL;
    char *p = fuzz_setup("aliases.ini", &cf, &dv, &rg);
    al = gy_aliases_load(p, &err);
    if (!al) {
        fprintf(stderr, "fuzz_load: %s\n", err->message);
        abort();
    }
    g_free(p);
    gy_config_free(cf);
    return 0;
}

/* The header text of the ID number column, as the loader maps it (NULL if none). */
static char *id_header(const char *path)
{
    static const gy_colspec id[] = { { "id_number", true } };
    gy_reader *rd = gy_reader_open(path, GY_ENC_AUTO, NULL);
    gy_row row;
    int col = -1;
    char *h = NULL;
    if (rd && gy_reader_next(rd, &row, NULL) == GY_OK && row.n > 0 &&
        gy_header_map(al, "records", id, 1, &row, &col, NULL) == GY_OK && col >= 0)
        h = g_strdup(row.fields[col]);
    gy_reader_free(rd);
    return h;
}

static void check_input(const gy_input *in, const char *name)
{
    FUZZ_CHECK(in->rows_read == in->rows_accepted + in->rows_duplicate + in->rows_rejected,
               "%s: %lu read, %lu accepted, %lu duplicate, %lu rejected", name, in->rows_read,
               in->rows_accepted, in->rows_duplicate, in->rows_rejected);
}

/* Figures from a year table agree with the same figures for a day range. */
static void check_figures(const gy_cube *c, unsigned long accepted)
{
    gy_day end = gy_day_from_ymd(2099, 12, 31);
    FUZZ_CHECK(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, GY_NO_DAY, end) <= (int64_t)accepted,
               "more persons than records");
    gy_month first, last;
    if (!gy_cube_span(c, &first, &last))
        return;
    FUZZ_CHECK(first <= last && GY_MONTH_YEAR(first) >= 1949 && GY_MONTH_YEAR(last) <= 2099,
               "span %d..%d", first, last);
    gy_table *t = gy_cube_table(c, GY_GRAIN_YEAR, first, last);
    size_t nc = gy_region_count(rg);
    FUZZ_CHECK(t->n_rows == nc + 1, "%zu rows for %zu counties", t->n_rows, nc);
    for (size_t col = 0; col < t->n_cols && col < 3; col++) {
        int y = GY_MONTH_YEAR(t->col_month[col]);
        gy_day a = gy_day_from_ymd(y, 1, 1), b = gy_day_from_ymd(y, 12, 31);
        for (int ind = 0; ind < GY_IND__COUNT; ind++) {
            int64_t sum = 0;
            for (size_t row = 0; row <= nc; row++) {
                int64_t v = *gy_table_at(t, (gy_ind)ind, row, col);
                size_t county = row == nc ? GY_ALL : row;
                int64_t w = gy_cube_value(c, (gy_ind)ind, county, a, b);
                FUZZ_CHECK(v == w && v >= 0, "%s %d, row %zu: table %lld, value %lld",
                           gy_ind_key((gy_ind)ind), y, row, (long long)v, (long long)w);
                if (row < nc)
                    sum += v;
            }
            int64_t total = *gy_table_at(t, (gy_ind)ind, nc, col);
            FUZZ_CHECK(gy_ind_is_distinct((gy_ind)ind) ? total <= sum : total == sum,
                       "%s %d: total %lld, counties add to %lld", gy_ind_key((gy_ind)ind), y,
                       (long long)total, (long long)sum);
        }
    }
    gy_table_free(t);
}

/* Load the input `copies` times (the same file given twice) into a new cube and ledger. */
static gy_error load(const char *path, size_t copies, gy_cube **c, gy_ledger **lg, GError **err)
{
    const char *const files[2] = { path, path };
    gy_load_opts o = { .encoding = GY_ENC_AUTO, .from = GY_NO_DAY, .to = GY_NO_DAY,
                       .threads = 1 };
    *c = gy_cube_new(rg);
    *lg = gy_ledger_new();
    gy_error e = gy_load(files, copies, al, rg, &o, *c, *lg, err);
    FUZZ_CHECK(e == GY_OK || e == GY_E_MISSING_COLUMN || e == GY_E_FIELD_TOO_BIG,
               "gy_load: %d %s", e, *err ? (*err)->message : "");
    FUZZ_CHECK((e == GY_OK) == !*err, "error %d and message %s", e,
               *err ? (*err)->message : "none");
    return e;
}

static void check_rejects(const gy_ledger *lg, const uint8_t *data, size_t size,
                          const char *path)
{
    unsigned long lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    char *idh = id_header(path);
    for (size_t i = 0; i < gy_ledger_n_rejects(lg); i++) {
        const gy_reject *r = gy_ledger_get_reject(lg, i);
        /* line 1 too: a lone CR may end the header and start a record on its line */
        FUZZ_CHECK(r->line >= 1 && r->line <= lines, "a reject on line %lu of %lu", r->line,
                   lines);
        FUZZ_CHECK(r->reason == GY_E_ENCODING || r->reason >= GY_E_EMPTY, "reason %d",
                   r->reason);
        FUZZ_CHECK(g_utf8_validate(r->value, -1, NULL), "line %lu: value not UTF-8", r->line);
        if (idh && strcmp(r->column, idh) == 0)
            FUZZ_CHECK(fuzz_longest_run(r->value, "0123456789Xx") <= 10,
                       "line %lu: the ID number \"%s\" is not masked", r->line, r->value);
    }
    g_free(idh);
}

/* The same file twice: the second copy is all duplicates, with the same rejects. `once` is
 * what reading it once gave, and its first input's accounting. */
static void check_twice(const char *path, gy_error once, const gy_input *a)
{
    gy_cube *c;
    gy_ledger *lg;
    GError *err = NULL;
    gy_error e = load(path, 2, &c, &lg, &err);
    FUZZ_CHECK(e == once, "read once %d, twice %d", once, e);
    if (e == GY_OK) {
        const gy_input *b = gy_ledger_input(lg, 1);
        check_input(gy_ledger_input(lg, 0), "the first copy");
        check_input(b, "the second copy");
        FUZZ_CHECK(b->rows_read == a->rows_read && b->rows_accepted == 0 &&
                   b->rows_duplicate == a->rows_accepted + a->rows_duplicate &&
                   b->rows_rejected == a->rows_rejected,
                   "the second copy: %lu read, %lu accepted, %lu duplicate, %lu rejected; the "
                   "first: %lu, %lu, %lu, %lu", b->rows_read, b->rows_accepted,
                   b->rows_duplicate, b->rows_rejected, a->rows_read, a->rows_accepted,
                   a->rows_duplicate, a->rows_rejected);
        FUZZ_CHECK(gy_cube_records(c) == a->rows_accepted, "twice: %zu records, %lu accepted",
                   gy_cube_records(c), a->rows_accepted);
    }
    g_clear_error(&err);
    gy_ledger_free(lg);
    gy_cube_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch(data, size, ".csv");
    gy_cube *c;
    gy_ledger *lg;
    GError *err = NULL;
    gy_error e = load(path, 1, &c, &lg, &err);
    const gy_input *a = gy_ledger_input(lg, 0);
    if (e == GY_OK) {
        check_input(a, "the file");
        FUZZ_CHECK(gy_cube_records(c) == a->rows_accepted, "%zu records, %lu accepted",
                   gy_cube_records(c), a->rows_accepted);
        FUZZ_CHECK(gy_ledger_n_rejects(lg) == a->rows_rejected, "%zu rejects listed, %lu counted",
                   gy_ledger_n_rejects(lg), a->rows_rejected);
        check_rejects(lg, data, size, path);
        check_figures(c, a->rows_accepted);
    }
    /* A second file's records start on a block of their own, so settling them walks a block
     * of padding, about a hundred times the work of the rest: one input in four (chosen by
     * its bytes, so that a replay does the same) is read twice. */
    guint h = 5381;
    for (size_t i = 0; i < size; i++)
        h = h * 33 + data[i];
    if (h % 4 == 0)
        check_twice(path, e, a);
    g_clear_error(&err);
    gy_ledger_free(lg);
    gy_cube_free(c);
    return 0;
}
