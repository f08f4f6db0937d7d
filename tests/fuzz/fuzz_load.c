/* fuzz_load.c — the real ingest (src/ingest/load.c): the input as an export, read by gy_load
 * with the configured region (乐山市), the header spellings of aliases.ini and the division
 * table. Every row is accounted for once (read = accepted + duplicate + rejected + skipped), a
 * reject names a line of the file and never shows an ID number's middle digits, whatever its
 * column, the figures are the same from a table as from a day range, the file named twice is
 * read once, and a copy of it under another name adds nothing but duplicates and the same
 * rejects. */
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

static void check_input(const gy_input *in, const char *name)
{
    FUZZ_CHECK(in->rows_read == in->rows_accepted + in->rows_duplicate + in->rows_superseded +
                                    in->rows_rejected + in->rows_skipped,
               "%s: %lu read, %lu accepted, %lu duplicate, %lu superseded, %lu rejected, "
               "%lu skipped", name, in->rows_read, in->rows_accepted, in->rows_duplicate,
               in->rows_superseded, in->rows_rejected, in->rows_skipped);
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
    gy_table *t = gy_cube_table(c, GY_GRAIN_YEAR, first, last, GY_NO_DAY, GY_NO_DAY);
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

/* Load the n files into a new cube and ledger. A file that is not an export, or has no header
 * (empty, none among the first rows, or one too big to hold) is an error; a bad row never is. */
static gy_error load(const char *const *files, size_t n, gy_cube **c, gy_ledger **lg,
                     GError **err)
{
    gy_load_opts o = { .encoding = GY_ENC_AUTO, .from = GY_NO_DAY, .to = GY_NO_DAY,
                       .threads = 1 };
    *c = gy_cube_new(rg);
    *lg = gy_ledger_new();
    gy_error e = gy_load(files, n, al, rg, &o, *c, *lg, err);
    FUZZ_CHECK(e == GY_OK || e == GY_E_MISSING_COLUMN || e == GY_E_EMPTY || e == GY_E_NOT_TEXT,
               "gy_load: %d %s", e, *err ? (*err)->message : "");
    FUZZ_CHECK((e == GY_OK) == !*err, "error %d and message %s", e,
               *err ? (*err)->message : "none");
    return e;
}

static void check_rejects(const gy_ledger *lg, const uint8_t *data, size_t size)
{
    /* physical lines: a file of old Mac line ends counts its CRs as line ends */
    unsigned long lines = 1, crs = 0;
    for (size_t i = 0; i < size; i++) {
        lines += data[i] == '\n';
        crs += data[i] == '\r';
    }
    lines += crs;
    for (size_t i = 0; i < gy_ledger_n_rejects(lg); i++) {
        const gy_reject *r = gy_ledger_get_reject(lg, i);
        /* line 1 too: a lone CR may end the header and start a record on its line */
        FUZZ_CHECK(r->line >= 1 && r->line <= lines, "a reject on line %lu of %lu", r->line,
                   lines);
        FUZZ_CHECK(r->reason == GY_E_ENCODING || r->reason >= GY_E_FIELD_TOO_BIG, "reason %d",
                   r->reason);
        FUZZ_CHECK(g_utf8_validate(r->value, -1, NULL), "line %lu: value not UTF-8", r->line);
        FUZZ_CHECK(!fuzz_visible_id(r->value), "line %lu: an ID in \"%s\" is not masked",
                   r->line, r->value);
    }
}

/* The same file named twice is read once: the second name counts nothing. */
static void check_named_twice(const char *path, gy_error once, const gy_input *a)
{
    const char *const files[2] = { path, path };
    gy_cube *c;
    gy_ledger *lg;
    GError *err = NULL;
    gy_error e = load(files, 2, &c, &lg, &err);
    FUZZ_CHECK(e == once, "read once %d, named twice %d", once, e);
    if (e == GY_OK) {
        const gy_input *b = gy_ledger_input(lg, 1);
        FUZZ_CHECK(b->same_as == 0 && b->rows_read == 0, "named twice: read again (%lu rows)",
                   b->rows_read);
        FUZZ_CHECK(gy_cube_records(c) == a->rows_accepted, "named twice: %zu records, %lu",
                   gy_cube_records(c), a->rows_accepted);
    }
    g_clear_error(&err);
    gy_ledger_free(lg);
    gy_cube_free(c);
}

/* A copy under another name is read: it is all duplicates, with the same rejects. `once` is
 * what reading the file once gave, and its accounting. */
static void check_copy(const char *path, const uint8_t *data, size_t size, gy_error once,
                       const gy_input *a)
{
    static char *copy;
    if (!copy)
        copy = g_strconcat(path, ".copy.csv", NULL);
    FUZZ_CHECK(g_file_set_contents(copy, (const char *)data, (gssize)size, NULL), "%s", copy);
    const char *const files[2] = { path, copy };
    gy_cube *c;
    gy_ledger *lg;
    GError *err = NULL;
    gy_error e = load(files, 2, &c, &lg, &err);
    FUZZ_CHECK(e == once, "read once %d, with a copy %d", once, e);
    if (e == GY_OK) {
        const gy_input *b = gy_ledger_input(lg, 1);
        check_input(gy_ledger_input(lg, 0), "the file");
        check_input(b, "the copy");
        FUZZ_CHECK(b->rows_read == a->rows_read && b->rows_accepted == 0 &&
                   b->rows_duplicate == a->rows_accepted + a->rows_duplicate &&
                   b->rows_rejected == a->rows_rejected && b->rows_skipped == a->rows_skipped,
                   "the copy: %lu read, %lu accepted, %lu duplicate, %lu rejected, %lu skipped; "
                   "the file: %lu, %lu, %lu, %lu, %lu", b->rows_read, b->rows_accepted,
                   b->rows_duplicate, b->rows_rejected, b->rows_skipped, a->rows_read,
                   a->rows_accepted, a->rows_duplicate, a->rows_rejected, a->rows_skipped);
        FUZZ_CHECK(gy_cube_records(c) == a->rows_accepted, "with a copy: %zu records, %lu "
                   "accepted", gy_cube_records(c), a->rows_accepted);
    }
    g_clear_error(&err);
    gy_ledger_free(lg);
    gy_cube_free(c);
    unlink(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch(data, size, ".csv");
    gy_cube *c;
    gy_ledger *lg;
    GError *err = NULL;
    gy_error e = load(&path, 1, &c, &lg, &err);
    const gy_input *a = gy_ledger_input(lg, 0);
    if (e == GY_OK) {
        check_input(a, "the file");
        FUZZ_CHECK(gy_cube_records(c) == a->rows_accepted, "%zu records, %lu accepted",
                   gy_cube_records(c), a->rows_accepted);
        FUZZ_CHECK(gy_ledger_n_rejects(lg) == a->rows_rejected + a->rows_skipped,
                   "%zu rejects listed, %lu counted and %lu skipped", gy_ledger_n_rejects(lg),
                   a->rows_rejected, a->rows_skipped);
        check_rejects(lg, data, size);
        check_figures(c, a->rows_accepted);
    }
    /* One input in four (chosen by its bytes, so that a replay does the same) is read again,
     * named twice and as a copy: three more loads for each would slow the fuzzing down. */
    guint h = 5381;
    for (size_t i = 0; i < size; i++)
        h = h * 33 + data[i];
    if (h % 4 == 0) {
        check_named_twice(path, e, a);
        check_copy(path, data, size, e, a);
    }
    g_clear_error(&err);
    gy_ledger_free(lg);
    gy_cube_free(c);
    return 0;
}
