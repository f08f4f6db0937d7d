/* test_cube.c — duplicates and aggregation: distinct counts are recomputed, never summed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "guiyan/cube.h"
#include "guiyan/error.h"
#include "guiyan/fields.h"
#include "testutil.h"

static gy_divisions *dv;
static gy_region *rg;
static size_t SZQ, EMS, GX;   /* 市中区, 峨眉山市, 高新区 */

static int setup(void **state)
{
    (void)state;
    dv = gy_divisions_load(GY_TEMPLATES_DIR "/divisions.tsv", NULL);
    rg = gy_region_new(dv, "511100", NULL);
    GX = gy_region_add_unit(rg, "乐山高新区", NULL);
    gy_region_resolve(rg, "市中区", &SZQ);
    gy_region_resolve(rg, "峨眉山市", &EMS);
    return dv && rg ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gy_region_free(rg);
    gy_divisions_free(dv);
    return 0;
}

static gy_day D(int y, int m, int d) { return gy_day_from_ymd(y, m, d); }

static uint64_t person(const char *id17)
{
    char id[19];
    g_strlcpy(id, id17, 18);
    id[17] = gy_id_check_char(id);
    id[18] = '\0';
    return gy_id_key(id);
}

static gy_add_result add(gy_cube *c, const char *id17, size_t county, gy_day start,
                         const char *entity, const char *uscc, gy_fen loan, gy_day loan_day,
                         int64_t jobs)
{
    static uint32_t line = 1;
    gy_record r = { .person = person(id17), .start = start, .loan = loan, .loan_day = loan_day,
                    .jobs = jobs, .county = (uint32_t)county, .line = ++line,
                    .entity = entity, .uscc = uscc };
    return gy_cube_add(c, &r, NULL, NULL);
}

#define A "51110219900101123"
#define B "51110219850505432"
#define C "51118119700707111"

static size_t total(const gy_table *t) { return t->n_rows - 1; }

#define OPEN GY_NO_DAY, GY_NO_DAY        /* a table's bounds: every date */

static void test_person_twice_in_a_year_counts_once(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    add(c, A, SZQ, D(2021, 1, 10), "甲合作社", "", 0, 0, 2);
    add(c, A, SZQ, D(2021, 6, 3), "乙加工厂", "", 0, 0, 3);
    add(c, B, SZQ, D(2021, 6, 20), "", "", 0, 0, 0);
    gy_table *m = gy_cube_table(c, GY_GRAIN_MONTH, GY_MONTH(2021, 1), GY_MONTH(2021, 6), OPEN);
    assert_int_equal(m->n_cols, 6);
    assert_string_equal(m->col_label[5], "2021-06");
    assert_int_equal(*gy_table_at(m, GY_IND_STARTUPS, SZQ, 0), 1);
    assert_int_equal(*gy_table_at(m, GY_IND_STARTUPS, SZQ, 5), 2);
    assert_int_equal(*gy_table_at(m, GY_IND_JOBS, SZQ, 5), 3);
    gy_table *y = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 6), OPEN);
    /* months add up to 3 persons, but the year has 2 */
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, SZQ, 0), 2);
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, total(y), 0), 2);
    assert_int_equal(*gy_table_at(y, GY_IND_ENTITIES, SZQ, 0), 2);
    assert_int_equal(*gy_table_at(y, GY_IND_JOBS, total(y), 0), 5);
    gy_table *q = gy_cube_table(c, GY_GRAIN_QUARTER, GY_MONTH(2021, 1), GY_MONTH(2021, 6), OPEN);
    assert_string_equal(q->col_label[1], "2021-Q2");
    assert_int_equal(*gy_table_at(q, GY_IND_STARTUPS, SZQ, 0), 1);
    assert_int_equal(*gy_table_at(q, GY_IND_STARTUPS, SZQ, 1), 2);
    gy_table *ytd = gy_cube_table(c, GY_GRAIN_YTD, GY_MONTH(2021, 1), GY_MONTH(2021, 6), OPEN);
    assert_string_equal(ytd->col_label[2], "2021-03-YTD");
    assert_int_equal(*gy_table_at(ytd, GY_IND_STARTUPS, SZQ, 2), 1);
    assert_int_equal(*gy_table_at(ytd, GY_IND_STARTUPS, SZQ, 5), 2);
    assert_int_equal(*gy_table_at(ytd, GY_IND_JOBS, SZQ, 5), 5);
    gy_table_free(m);
    gy_table_free(y);
    gy_table_free(q);
    gy_table_free(ytd);
    gy_cube_free(c);
}

static void test_person_in_two_counties_is_one_in_the_total(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    add(c, A, SZQ, D(2020, 3, 1), "甲", "", 0, 0, 0);
    add(c, A, EMS, D(2020, 4, 1), "甲", "", 0, 0, 0);  /* same name, other county: 2 entities */
    add(c, C, GX, D(2020, 4, 2), "丙", "", 0, 0, 0);
    gy_table *y = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2020, 1), GY_MONTH(2020, 12), OPEN);
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, SZQ, 0), 1);
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, EMS, 0), 1);
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, GX, 0), 1);
    assert_int_equal(*gy_table_at(y, GY_IND_STARTUPS, total(y), 0), 2);
    assert_int_equal(*gy_table_at(y, GY_IND_ENTITIES, total(y), 0), 3);
    gy_table_free(y);
    gy_cube_free(c);
}

static void test_entities_by_uscc(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    /* two partners, one enterprise: the credit code identifies it whatever the name says */
    add(c, A, SZQ, D(2020, 5, 1), "乐山甲公司", "91511100MA000000X1", 0, 0, 0);
    add(c, B, SZQ, D(2020, 5, 9), "乐山市甲有限公司", "91511100MA000000X1", 0, 0, 0);
    add(c, C, SZQ, D(2020, 5, 9), "", "", 0, 0, 0);
    assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, D(2020, 1, 1), D(2020, 12, 31)), 1);
    assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, D(2020, 1, 1), D(2020, 12, 31)), 3);
    assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, SZQ, D(2020, 5, 2), D(2020, 5, 9)), 2);
    gy_cube_free(c);
}

static void test_duplicates(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    gy_fen ten_wan = 10 * GY_FEN_PER_WAN;
    assert_int_equal(add(c, A, SZQ, D(2020, 5, 1), "甲", "", ten_wan, D(2020, 6, 1), 1),
                     GY_ADD_ACCEPTED);
    assert_int_equal(add(c, A, SZQ, D(2020, 5, 1), "甲", "", ten_wan, D(2020, 6, 1), 1),
                     GY_ADD_DUPLICATE);
    /* a second loan to the same person and entity is a new record */
    assert_int_equal(add(c, A, SZQ, D(2020, 5, 1), "甲", "", ten_wan, D(2020, 9, 1), 1),
                     GY_ADD_ACCEPTED);
    assert_int_equal(add(c, A, SZQ, D(2020, 5, 1), "乙", "", ten_wan, D(2020, 6, 1), 1),
                     GY_ADD_ACCEPTED);
    assert_int_equal(gy_cube_records(c), 3);
    /* loans fall in the month of disbursement, not of the start */
    gy_table *m = gy_cube_table(c, GY_GRAIN_MONTH, GY_MONTH(2020, 5), GY_MONTH(2020, 9), OPEN);
    assert_int_equal(*gy_table_at(m, GY_IND_LOANS, SZQ, 0), 0);
    assert_int_equal(*gy_table_at(m, GY_IND_LOANS, SZQ, 1), 2);
    assert_int_equal(*gy_table_at(m, GY_IND_LOAN_AMOUNT, total(m), 1), 2 * ten_wan);
    assert_int_equal(*gy_table_at(m, GY_IND_LOANS, SZQ, 4), 1);
    assert_int_equal(*gy_table_at(m, GY_IND_STARTUPS, SZQ, 0), 1);
    gy_table_free(m);
    gy_cube_free(c);
}

static void test_merge_finds_cross_chunk_duplicates(void **state)
{
    (void)state;
    gy_cube *a = gy_cube_new(rg), *b = gy_cube_new(rg);
    add(a, A, SZQ, D(2021, 2, 1), "甲", "", 0, 0, 4);
    add(b, A, SZQ, D(2021, 2, 1), "甲", "", 0, 0, 4);     /* duplicate of a's */
    add(b, B, EMS, D(2021, 3, 1), "甲", "", 0, 0, 1);
    gy_cube_append(a, b, 0);
    assert_int_equal(gy_cube_settle(a), 1);
    assert_int_equal(gy_cube_records(a), 2);
    assert_int_equal(gy_cube_records(b), 0);
    assert_int_equal(gy_cube_value(a, GY_IND_JOBS, GY_ALL, D(2021, 1, 1), D(2021, 12, 31)), 5);
    assert_int_equal(gy_cube_value(a, GY_IND_ENTITIES, GY_ALL, D(2021, 1, 1), D(2021, 12, 31)), 2);
    gy_cube_free(a);
    gy_cube_free(b);
}

/* A file with a single accepted row: its settle builds the index in two shares, the first of
 * them empty (it once had no day cells to add the second's to). */
static void test_one_record_settled(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    char id[19];
    g_snprintf(id, sizeof id, "%s", A);
    gy_record r = { .person = person(id), .start = D(2021, 6, 15), .loan = 12 * GY_FEN_PER_WAN,
                    .loan_day = D(2021, 6, 20), .jobs = 3, .county = (uint32_t)SZQ, .line = 2,
                    .entity = "甲", .uscc = "" };
    gy_cube_push(c, &r);
    assert_int_equal(gy_cube_settle(c), 0);
    assert_int_equal(gy_cube_records(c), 1);
    gy_table *t = gy_cube_table(c, GY_GRAIN_MONTH, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    assert_int_equal(t->n_cols, 12);
    assert_int_equal(*gy_table_at(t, GY_IND_STARTUPS, SZQ, 5), 1);
    assert_int_equal(*gy_table_at(t, GY_IND_LOAN_AMOUNT, SZQ, 5), 12 * GY_FEN_PER_WAN);
    assert_int_equal(*gy_table_at(t, GY_IND_JOBS, total(t), 5), 3);
    assert_int_equal(*gy_table_at(t, GY_IND_STARTUPS, total(t), 4), 0);
    assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, D(2021, 1, 1), D(2021, 12, 31)), 1);
    gy_table_free(t);
    gy_cube_free(c);
}

/* The ceiling on records: a push past it is refused and keeps nothing, as is an append that
 * would pass it (the padding to the block boundary counts); figures stay those of what was
 * kept. */
static void test_records_ceiling(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new_opt(rg, &(gy_cube_opts){ .max_records = 3 });
    gy_cube *more = gy_cube_new(rg);
    assert_int_equal(add(c, A, SZQ, D(2021, 1, 5), "甲", "", 0, 0, 1), GY_ADD_ACCEPTED);
    assert_int_equal(add(c, B, SZQ, D(2021, 2, 5), "乙", "", 0, 0, 2), GY_ADD_ACCEPTED);
    assert_int_equal(add(c, C, EMS, D(2021, 3, 5), "丙", "", 0, 0, 4), GY_ADD_ACCEPTED);
    assert_int_equal(add(c, A, EMS, D(2021, 4, 5), "丁", "", 0, 0, 8), GY_ADD_FULL);
    assert_int_equal(gy_cube_records(c), 3);
    assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, D(2021, 1, 1), D(2021, 12, 31)), 7);
    gy_record r = { .person = person(A), .start = D(2021, 5, 1), .county = (uint32_t)SZQ,
                    .entity = "", .uscc = "" };
    assert_true(gy_cube_push(more, &r));
    assert_false(gy_cube_append(c, more, 0));      /* c's padded block is past 3 already */
    assert_int_equal(gy_cube_records(c), 3);
    gy_cube_settle(more);
    assert_int_equal(gy_cube_records(more), 1);     /* nothing moved */
    /* the ceiling is the store's own: a store made like c has it, another store not */
    gy_cube *like = gy_cube_new_like(c), *roomy = gy_cube_new(rg);
    assert_int_equal(gy_cube_records_max(c), 3);
    assert_int_equal(gy_cube_records_max(like), 3);
    assert_int_equal(gy_cube_records_max(more), GY_MAX_RECORDS);
    assert_true(gy_cube_append(roomy, c, 0));
    assert_true(gy_cube_append(roomy, more, 0));
    assert_int_equal(gy_cube_settle(roomy), 0);
    assert_int_equal(gy_cube_records(roomy), 4);
    gy_cube_free(c);
    gy_cube_free(more);
    gy_cube_free(like);
    gy_cube_free(roomy);
}

/* A small file's records are copied behind the store's, not padded to a block of their own:
 * the copies keep their money and shifted lines, and the settle finds a duplicate among them. */
static void test_small_append_copied(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg), *more = gy_cube_new(rg);
    assert_int_equal(add(c, A, SZQ, D(2021, 1, 5), "甲", "", 5 * GY_FEN_PER_WAN, D(2021, 1, 9), 2),
                     GY_ADD_ACCEPTED);
    gy_record r = { .person = person(A), .start = D(2021, 1, 5), .county = (uint32_t)SZQ,
                    .entity = "甲", .uscc = "", .loan = 5 * GY_FEN_PER_WAN,
                    .loan_day = D(2021, 1, 9), .jobs = 2, .line = 2, .file = 0 };
    assert_true(gy_cube_push(more, &r));          /* the same record in a later chunk */
    r.person = person(B);
    r.loan = 7 * GY_FEN_PER_WAN;
    r.jobs = 4;
    r.line = 3;
    assert_true(gy_cube_push(more, &r));
    assert_true(gy_cube_append(c, more, 100));
    assert_int_equal(gy_cube_settle(c), 1);
    assert_int_equal(gy_cube_records(c), 2);
    gy_day a = D(2021, 1, 1), b = D(2021, 12, 31);
    assert_int_equal(gy_cube_value(c, GY_IND_LOAN_AMOUNT, GY_ALL, a, b), 12 * GY_FEN_PER_WAN);
    assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, b), 6);
    assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, b), 2);
    gy_cube_settle(more);
    assert_int_equal(gy_cube_records(more), 0);        /* nothing left behind */
    gy_cube_free(c);
    gy_cube_free(more);
}

/* Amounts that would add up past int64 are refused, so that no figure wraps: by a push, an
 * append (nothing moves) and gy_cube_add, each telling it apart from a full store. */
static void test_sums_ceiling(void **state)
{
    (void)state;
    gy_fen half = INT64_MAX / 2 + 1;
    gy_cube *c = gy_cube_new(rg), *more = gy_cube_new(rg);
    gy_record r = { .person = person(A), .start = D(2021, 5, 1), .county = (uint32_t)SZQ,
                    .entity = "", .uscc = "", .loan = half, .loan_day = D(2021, 5, 2) };
    assert_true(gy_cube_push(c, &r));
    assert_false(gy_cube_sums_full(c));
    r.person = person(B);
    assert_false(gy_cube_push(c, &r));
    assert_true(gy_cube_sums_full(c));
    assert_true(gy_cube_push(more, &r));
    r.loan = 0;
    r.output = half;                  /* outputs have their own sum */
    assert_true(gy_cube_push(more, &r));
    assert_false(gy_cube_append(c, more, 0));
    gy_cube_settle(c);
    assert_int_equal(gy_cube_records(c), 1);
    assert_int_equal(gy_cube_value(c, GY_IND_LOAN_AMOUNT, GY_ALL, D(2021, 1, 1), D(2021, 12, 31)),
                     half);
    gy_cube_settle(more);
    assert_int_equal(gy_cube_records(more), 2);      /* nothing moved */
    r.person = person(C);
    r.output = 0;
    r.loan = half;
    assert_int_equal(gy_cube_add(more, &r, NULL, NULL), GY_ADD_FULL);
    assert_int_equal(gy_cube_records(more), 2);
    gy_cube_free(c);
    gy_cube_free(more);
}

/* Row i of the bulk test: every 7th row repeats the row 5 before it, so that some duplicates
 * cross the readers' cut. */
static gy_record bulk_row(uint32_t i, char *id, char *ent)
{
    uint32_t k = i % 7 == 6 ? i - 5 : i;
    g_snprintf(id, 18, "5111021980%07u", k % 90001);
    g_snprintf(ent, 24, "实体%u", k % 50021);
    return (gy_record){ .person = person(id), .start = D(2019 + k % 3, 1 + k % 12, 1 + k % 28),
                        .loan = k % 5 ? 0 : (gy_fen)(k % 97 + 1) * GY_FEN_PER_WAN,
                        .loan_day = k % 5 ? 0 : D(2020, 1 + k % 12, 2), .jobs = k % 4,
                        .county = (uint32_t)(k % 2 ? SZQ : EMS), .line = i + 2,
                        .entity = k % 3 ? ent : "", .uscc = "" };
}

/* both settles of TWO_SETTLES get 140,001 and 219,999 rows: the second, from chain heads,
 * is split between two threads too (200,000 rows or more) */
enum { BULK_N = 360000, BULK_CUT = 140001 };
enum bulk_way { ONE_SETTLE, INDEX_AFTER, TWO_SETTLES, NO_CELLS, SHARED_TAGS };

/* The loader's path: rows pushed by two readers, appended in order, settled — at once, or
 * the first reader's before the second's are appended (then the second settle starts from
 * chain heads); the index built while settling, or afterwards; keys told apart at once by
 * their hash bits, or often only by the keys. *dups gets the duplicates. */
static gy_cube *bulk_load(enum bulk_way way, size_t *dups)
{
    /* 12 bits of hash for some 2,300 keys a partition: hundreds share their bits */
    gy_cube_opts o = { .index_after = way == INDEX_AFTER, .no_cells = way == NO_CELLS,
                       .tag_mask = way == SHARED_TAGS ? 0xFFF00000u : 0 };
    gy_cube *all = gy_cube_new_opt(rg, &o);
    gy_cube *half[2] = { gy_cube_new_like(all), gy_cube_new_like(all) };
    for (uint32_t i = 0; i < BULK_N; i++) {
        char id[18], ent[24];
        gy_record r = bulk_row(i, id, ent);
        if (i >= BULK_CUT)
            r.line -= BULK_CUT;               /* the second reader counts lines from its start */
        gy_cube_push(half[i >= BULK_CUT], &r);
    }
    gy_cube_append(all, half[0], 0);
    *dups = way == TWO_SETTLES ? gy_cube_settle(all) : 0;
    gy_cube_append(all, half[1], BULK_CUT);
    assert_int_equal(gy_cube_records(half[1]), 0);
    *dups += gy_cube_settle(all);
    gy_cube_free(half[0]);
    gy_cube_free(half[1]);
    return all;
}

/* The loader's path gives the same duplicates and figures as adding the rows one by one, every
 * way it can be taken. Enough rows that settling really splits (200,000 or more) and that
 * blocks get padded. */
static void test_push_append_settle_equals_add(void **state)
{
    (void)state;
    gy_cube *one = gy_cube_new(rg);
    size_t dups_one = 0;
    for (uint32_t i = 0; i < BULK_N; i++) {
        char id[18], ent[24];
        gy_record r = bulk_row(i, id, ent);
        if (gy_cube_add(one, &r, NULL, NULL) == GY_ADD_DUPLICATE)
            dups_one++;
    }
    assert_true(dups_one > 40000);
    assert_int_equal(gy_cube_records(one), BULK_N - dups_one);
    gy_grain grains[] = { GY_GRAIN_MONTH, GY_GRAIN_YEAR, GY_GRAIN_YTD };
    gy_table *want[3];
    for (size_t g = 0; g < 3; g++)
        want[g] = gy_cube_table(one, grains[g], GY_MONTH(2019, 1), GY_MONTH(2021, 12), OPEN);
    for (enum bulk_way way = ONE_SETTLE; way <= SHARED_TAGS; way++) {
        size_t dups;
        gy_cube *all = bulk_load(way, &dups);
        assert_int_equal(dups, dups_one);
        assert_int_equal(gy_cube_records(all), gy_cube_records(one));
        for (size_t g = 0; g < 3; g++) {
            gy_table *b = gy_cube_table(all, grains[g], GY_MONTH(2019, 1), GY_MONTH(2021, 12),
                                        OPEN);
            size_t cells = (size_t)GY_IND__COUNT * want[g]->n_rows * want[g]->n_cols;
            assert_memory_equal(want[g]->v, b->v, cells * sizeof(int64_t));
            gy_table_free(b);
        }
        assert_int_equal(gy_cube_value(all, GY_IND_STARTUPS, GY_ALL, D(2019, 1, 1),
                                       D(2021, 12, 31)), 90001);
        if (way == ONE_SETTLE) {
            /* adding after the figures were computed still finds duplicates (the maps come
             * back from the chain heads) */
            gy_record again = { .person = person("51110219800000007"), .start = D(2020, 8, 8),
                                .county = (uint32_t)SZQ, .line = 9, .entity = "", .uscc = "" };
            assert_int_equal(gy_cube_add(all, &again, NULL, NULL), GY_ADD_ACCEPTED);
            uint32_t df = 99, dl = 0;
            assert_int_equal(gy_cube_add(all, &again, &df, &dl), GY_ADD_DUPLICATE);
            assert_int_equal(df, 0);
            assert_int_equal(dl, 9);
        }
        gy_cube_free(all);
    }
    for (size_t g = 0; g < 3; g++)
        gy_table_free(want[g]);
    gy_cube_free(one);
}

/* The bounds are the table call's own: on one cube, a call bounded to the first half of June
 * and one bounded to the second half each count their own dates (start dates for persons and
 * jobs, the disbursement date for a loan), asked again in any order; a call with open bounds
 * afterwards counts every date — no call leaves anything behind for the next. */
static void test_bounds(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    gy_month jun = GY_MONTH(2021, 6);
    gy_day mid = D(2021, 6, 15), after = D(2021, 6, 16);
    add(c, A, SZQ, D(2021, 6, 10), "甲", "", 5 * GY_FEN_PER_WAN, D(2021, 6, 25), 1);
    add(c, B, SZQ, D(2021, 6, 20), "乙", "", 0, 0, 2);
    gy_table *early = gy_cube_table(c, GY_GRAIN_MONTH, jun, jun, GY_NO_DAY, mid);
    gy_table *late = gy_cube_table(c, GY_GRAIN_MONTH, jun, jun, after, GY_NO_DAY);
    gy_table *again = gy_cube_table(c, GY_GRAIN_MONTH, jun, jun, GY_NO_DAY, mid);
    gy_table *all = gy_cube_table(c, GY_GRAIN_MONTH, jun, jun, OPEN);
    gy_table *late2 = gy_cube_table(c, GY_GRAIN_MONTH, jun, jun, after, GY_NO_DAY);
    size_t t = total(early);
    /* 1–15 June: A started, no loan paid out yet */
    assert_int_equal(*gy_table_at(early, GY_IND_STARTUPS, SZQ, 0), 1);
    assert_int_equal(*gy_table_at(early, GY_IND_ENTITIES, t, 0), 1);
    assert_int_equal(*gy_table_at(early, GY_IND_JOBS, t, 0), 1);
    assert_int_equal(*gy_table_at(early, GY_IND_LOANS, t, 0), 0);
    /* from 16 June: B started, and A's loan was paid out */
    assert_int_equal(*gy_table_at(late, GY_IND_STARTUPS, SZQ, 0), 1);
    assert_int_equal(*gy_table_at(late, GY_IND_JOBS, t, 0), 2);
    assert_int_equal(*gy_table_at(late, GY_IND_LOANS, t, 0), 1);
    assert_int_equal(*gy_table_at(late, GY_IND_LOAN_AMOUNT, SZQ, 0), 5 * GY_FEN_PER_WAN);
    /* the whole month */
    assert_int_equal(*gy_table_at(all, GY_IND_STARTUPS, t, 0), 2);
    assert_int_equal(*gy_table_at(all, GY_IND_JOBS, t, 0), 3);
    assert_int_equal(*gy_table_at(all, GY_IND_LOANS, t, 0), 1);
    size_t bytes = (size_t)GY_IND__COUNT * early->n_rows * early->n_cols * sizeof(int64_t);
    assert_memory_equal(again->v, early->v, bytes);
    assert_memory_equal(late2->v, late->v, bytes);
    gy_table_free(early);
    gy_table_free(late);
    gy_table_free(again);
    gy_table_free(all);
    gy_table_free(late2);
    gy_cube_free(c);
}

static void test_indicator_keys(void **state)
{
    (void)state;
    for (int i = 0; i < GY_IND__COUNT; i++)
        assert_int_equal(gy_ind_from_key(gy_ind_key((gy_ind)i)), i);
    assert_int_equal(gy_ind_from_key("nonsense"), GY_IND__COUNT);
    assert_true(gy_ind_is_distinct(GY_IND_ENTITIES));
    assert_false(gy_ind_is_distinct(GY_IND_JOBS));
    assert_true(gy_ind_is_money(GY_IND_LOAN_AMOUNT));
}

static void keep_file(const gy_record *r, void *user)
{
    *(uint32_t *)user = r->file;
}

/* A record keeps the index of any of GY_MAX_FILES files (the bits below its flags), and the
 * messages of GY_E_TOO_MANY_FILES name that number. */
static void test_files_ceiling(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    gy_record r = { .person = person(A), .start = D(2021, 6, 15), .county = (uint32_t)SZQ,
                    .line = 2, .file = GY_MAX_FILES - 1, .entity = "甲", .uscc = "" };
    assert_true(gy_cube_push(c, &r));
    assert_int_equal(gy_cube_settle(c), 0);
    uint32_t file = 0;
    gy_cube_each(c, GY_IND_STARTUPS, GY_ALL, D(2021, 1, 1), D(2021, 12, 31), keep_file, &file);
    assert_int_equal(file, GY_MAX_FILES - 1);
    assert_int_equal(gy_cube_records(c), 1);
    gy_cube_free(c);
    char n[16];
    g_snprintf(n, sizeof n, "%d", GY_MAX_FILES);
    assert_non_null(strstr(gy_strerror(GY_E_TOO_MANY_FILES), n));
    assert_non_null(strstr(gy_reason_zh(GY_E_TOO_MANY_FILES), n));
}

/* 40 records of 13 persons and 7 entities whose chains cross the middle of the record range */
static void add_crossing(gy_cube *c)
{
    for (int i = 0; i < 40; i++) {
        char id[18];
        g_snprintf(id, sizeof id, "511102199001%05d", i % 13);
        char ent[16];
        g_snprintf(ent, sizeof ent, "实体%d", i % 7);
        add(c, id, i % 2 ? SZQ : EMS, D(2021, 1 + i % 6, 1 + i % 27), ent, "",
            i % 3 ? 0 : (i + 1) * GY_FEN_PER_WAN, D(2021, 1 + i % 5, 2), i % 4);
    }
}

static void test_two_shares_equal_one(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    add_crossing(c);
    /* the same records without day cells: every chain in the index, the records read */
    gy_cube *plain = gy_cube_new_opt(rg, &(gy_cube_opts){ .no_cells = true });
    add_crossing(plain);
    gy_day from = D(2021, 2, 3), to = D(2021, 5, 20);
    gy_month jan = GY_MONTH(2021, 1), jun = GY_MONTH(2021, 6);
    gy_table *p = gy_cube_table(plain, GY_GRAIN_YTD, jan, jun, from, to);
    gy_table *q = gy_cube_table(c, GY_GRAIN_YTD, jan, jun, from, to);
    assert_memory_equal(p->v, q->v, (size_t)GY_IND__COUNT * p->n_rows * p->n_cols * sizeof(int64_t));
    assert_int_equal(gy_cube_value(plain, GY_IND_STARTUPS, SZQ, D(2021, 2, 1), D(2021, 4, 30)),
                     gy_cube_value(c, GY_IND_STARTUPS, SZQ, D(2021, 2, 1), D(2021, 4, 30)));
    assert_true(*gy_table_at(q, GY_IND_STARTUPS, q->n_rows - 1, 4) > 0);
    gy_table_free(p);
    gy_table_free(q);
    gy_cube_free(plain);
    /* the same records again, in a store that splits every table (and its index) in two */
    gy_cube *split = gy_cube_new_opt(rg, &(gy_cube_opts){ .table_split_min = 1 });
    add_crossing(split);
    gy_grain grains[] = { GY_GRAIN_MONTH, GY_GRAIN_QUARTER, GY_GRAIN_YEAR, GY_GRAIN_YTD };
    for (size_t g = 0; g < 4; g++) {
        gy_table *one = gy_cube_table(c, grains[g], GY_MONTH(2021, 1), GY_MONTH(2021, 6), OPEN);
        gy_table *two = gy_cube_table(split, grains[g], GY_MONTH(2021, 1), GY_MONTH(2021, 6), OPEN);
        size_t cells = (size_t)GY_IND__COUNT * one->n_rows * one->n_cols;
        assert_int_equal(one->n_cols, two->n_cols);
        assert_memory_equal(one->v, two->v, cells * sizeof(int64_t));
        /* and the distinct counts really are not additive here */
        if (grains[g] == GY_GRAIN_YEAR)
            assert_int_equal(*gy_table_at(one, GY_IND_STARTUPS, one->n_rows - 1, 0), 13);
        gy_table_free(one);
        gy_table_free(two);
    }
    gy_cube_free(c);
    gy_cube_free(split);
}

/* A store of one pushed record, settled: the index's first share (half of one record) is
 * empty and the second holds the record (found by fuzz_load: a one-row file crashed). */
static void test_settle_one_record(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    gy_record r = { .person = person(A), .start = D(2021, 6, 15), .jobs = 3,
                    .county = (uint32_t)SZQ, .line = 2, .entity = "甲", .uscc = "" };
    gy_cube_push(c, &r);
    assert_int_equal(gy_cube_settle(c), 0);
    assert_int_equal(gy_cube_records(c), 1);
    assert_int_equal(gy_cube_value(c, GY_IND_JOBS, SZQ, D(2021, 1, 1), D(2021, 12, 31)), 3);
    gy_table *t = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    assert_int_equal(*gy_table_at(t, GY_IND_STARTUPS, total(t), 0), 1);
    assert_int_equal(*gy_table_at(t, GY_IND_ENTITIES, SZQ, 0), 1);
    gy_table_free(t);
    gy_cube_free(c);
}

/* A table asked for again is the one computed before, until the bounds or the records
 * change: then it is computed anew. */
static void test_table_memo(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    add(c, A, SZQ, D(2021, 2, 1), "甲", "", 0, 0, 4);
    add(c, B, SZQ, D(2021, 3, 1), "乙", "", 0, 0, 1);
    gy_table *t1 = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    gy_table *t2 = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    assert_int_equal(*gy_table_at(t2, GY_IND_STARTUPS, SZQ, 0), 2);
    assert_string_equal(t2->col_label[0], "2021");
    assert_int_equal(t2->col_month[0], GY_MONTH(2021, 12));
    assert_memory_equal(t1->v, t2->v, (size_t)GY_IND__COUNT * t1->n_rows * sizeof(int64_t));
    gy_table *t3 = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12),
                                 GY_NO_DAY, D(2021, 2, 15));
    assert_int_equal(*gy_table_at(t3, GY_IND_STARTUPS, SZQ, 0), 1);
    add(c, C, EMS, D(2021, 4, 1), "", "", 0, 0, 2);
    gy_table *t4 = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    assert_int_equal(*gy_table_at(t4, GY_IND_STARTUPS, total(t4), 0), 3);
    assert_int_equal(*gy_table_at(t4, GY_IND_JOBS, total(t4), 0), 7);
    /* pushed records too, once settled: the settle drops the memos */
    gy_record r = { .person = person("51110219700101000"), .start = D(2021, 5, 5), .jobs = 1,
                    .county = (uint32_t)EMS, .line = 99, .entity = "", .uscc = "" };
    gy_cube_push(c, &r);
    gy_cube_settle(c);
    gy_table *t5 = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    assert_int_equal(*gy_table_at(t5, GY_IND_STARTUPS, total(t5), 0), 4);
    gy_table_free(t1);
    gy_table_free(t2);
    gy_table_free(t3);
    gy_table_free(t4);
    gy_table_free(t5);
    gy_cube_free(c);
}

static int criticals;

static void count_criticals(const gchar *domain, GLogLevelFlags level, const gchar *message,
                            gpointer user)
{
    (void)domain, (void)message, (void)user;
    if (level & G_LOG_LEVEL_CRITICAL)
        criticals++;
}

/* The figures read a settled store: they take it const and change no record, so records
 * pushed since the last settle must be settled first. Asking before is a programming error,
 * refused with a critical message, not a settle behind the caller's back. */
static void test_figures_need_a_settle(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    gy_record r = { .person = person(A), .start = D(2021, 6, 15), .jobs = 3,
                    .county = (uint32_t)SZQ, .line = 2, .entity = "甲", .uscc = "" };
    assert_true(gy_cube_push(c, &r));
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    GLogFunc was = g_log_set_default_handler(count_criticals, NULL);
    GLogLevelFlags fatal = g_log_set_always_fatal(G_LOG_FATAL_MASK);   /* G_DEBUG too */
    criticals = 0;
    assert_null(gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN));
    assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 0);
    assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, z), 0);
    g_log_set_always_fatal(fatal);
    g_log_set_default_handler(was, NULL);
    assert_int_equal(criticals, 3);
    assert_int_equal(gy_cube_records(c), 0);
    gy_cube_settle(c);
    assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 3);
    assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, z), 1);
    gy_cube_free(c);
}

/* ---- supersession across exports ---- */

typedef struct found {
    int n[4];                         /* per gy_update_kind */
    gy_record row[16], other[16];
    gy_update_kind kind[16];
    int all;
} found;

static void on_found(gy_update_kind kind, const gy_record *row, const gy_record *other, void *user)
{
    found *f = user;
    f->n[kind]++;
    if (f->all < 16) {
        f->row[f->all] = *row;
        f->other[f->all] = *other;
        f->kind[f->all] = kind;
    }
    f->all++;
}

/* One row of file `file` at `line`: person, start, jobs, loan. */
static gy_record row_of(uint32_t file, uint32_t line, const char *id17, size_t county,
                        gy_day start, const char *entity, int64_t jobs, gy_fen loan,
                        gy_day loan_day)
{
    return (gy_record){ .person = person(id17), .start = start, .loan = loan,
                        .loan_day = loan_day, .jobs = jobs, .county = (uint32_t)county,
                        .line = line, .file = file, .entity = entity, .uscc = "" };
}

static void row(gy_cube *c, uint32_t file, uint32_t line, const char *id17, size_t county,
                gy_day start, const char *entity, int64_t jobs, gy_fen loan, gy_day loan_day)
{
    gy_record r = row_of(file, line, id17, county, start, entity, jobs, loan, loan_day);
    assert_true(gy_cube_push(c, &r));
}

/* The two exports: June (file 0) holds A (5 jobs, no loan) and B (3 jobs); July
 * (file 1) gives A a 10 万元 loan and B 8 jobs. Whichever file was read first, the newer
 * decides: 13 jobs, one loan, two persons. */
static void test_newest_export_decides(void **state)
{
    (void)state;
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    for (int first = 0; first < 2; first++) {
        gy_cube *c = gy_cube_new(rg);
        for (int k = 0; k < 2; k++) {
            uint32_t f = (uint32_t)(k ^ first);
            if (f == 0) {
                row(c, 0, 2, A, SZQ, D(2021, 6, 3), "甲茶厂", 5, 0, GY_NO_DAY);
                row(c, 0, 3, B, SZQ, D(2021, 6, 18), "乙维修部", 3, 0, GY_NO_DAY);
            } else {
                row(c, 1, 2, A, SZQ, D(2021, 6, 3), "甲茶厂", 5, 10 * GY_FEN_PER_WAN, D(2021, 7, 5));
                row(c, 1, 3, B, SZQ, D(2021, 6, 18), "乙维修部", 8, 0, GY_NO_DAY);
            }
            assert_int_equal(gy_cube_settle(c), 0);     /* no duplicate across files */
        }
        assert_int_equal(gy_cube_records(c), 4);
        const uint32_t rank[2] = { 0, 1 };
        found f = { 0 };
        assert_int_equal(gy_cube_supersede(c, rank, on_found, &f, NULL), 2);
        assert_int_equal(f.n[GY_UPD_SUPERSEDED], 2);
        assert_int_equal(f.n[GY_UPD_DUPLICATE] + f.n[GY_UPD_LOAN_DROPPED] + f.n[GY_UPD_OTHER_START], 0);
        for (int i = 0; i < 2; i++) {
            assert_int_equal(f.row[i].file, 0);
            assert_int_equal(f.other[i].file, 1);
            assert_int_equal(f.other[i].line, f.row[i].line);
        }
        assert_int_equal(gy_cube_records(c), 2);
        assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 13);
        assert_int_equal(gy_cube_value(c, GY_IND_LOANS, GY_ALL, a, z), 1);
        assert_int_equal(gy_cube_value(c, GY_IND_LOAN_AMOUNT, GY_ALL, a, z), 10 * GY_FEN_PER_WAN);
        assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, z), 2);
        assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, a, z), 2);
        gy_table *t = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
        assert_int_equal(*gy_table_at(t, GY_IND_JOBS, total(t), 0), 13);
        assert_int_equal(*gy_table_at(t, GY_IND_ENTITIES, SZQ, 0), 2);
        gy_table_free(t);
        gy_cube_free(c);
    }
}

/* The older row equal in every field read is a duplicate; a loan the newer rows lack is
 * reported; a start date only older files hold stands and is reported; rows of one file are
 * never compared with each other here. */
static void test_supersede_kinds(void **state)
{
    (void)state;
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    gy_cube *c = gy_cube_new(rg);
    row(c, 0, 2, A, SZQ, D(2021, 3, 1), "甲", 2, 0, GY_NO_DAY);                 /* = file 1 */
    row(c, 0, 3, B, SZQ, D(2021, 3, 2), "乙", 1, 5 * GY_FEN_PER_WAN, D(2021, 3, 9)); /* loan gone */
    row(c, 0, 4, C, EMS, D(2021, 3, 3), "丙", 4, 0, GY_NO_DAY);                 /* start fixed */
    gy_cube_settle(c);
    row(c, 1, 2, A, SZQ, D(2021, 3, 1), "甲", 2, 0, GY_NO_DAY);
    row(c, 1, 3, B, SZQ, D(2021, 3, 2), "乙", 1, 0, GY_NO_DAY);
    row(c, 1, 4, C, EMS, D(2021, 3, 13), "丙", 4, 0, GY_NO_DAY);
    row(c, 1, 5, C, EMS, D(2021, 3, 13), "丙二", 1, 0, GY_NO_DAY);            /* a second row */
    gy_cube_settle(c);
    const uint32_t rank[2] = { 0, 1 };
    found f = { 0 };
    assert_int_equal(gy_cube_supersede(c, rank, on_found, &f, NULL), 2);
    assert_int_equal(f.n[GY_UPD_DUPLICATE], 1);
    assert_int_equal(f.n[GY_UPD_SUPERSEDED], 1);
    assert_int_equal(f.n[GY_UPD_LOAN_DROPPED], 1);
    assert_int_equal(f.n[GY_UPD_OTHER_START], 1);
    for (int i = 0; i < f.all; i++) {
        if (f.kind[i] == GY_UPD_OTHER_START) {
            assert_int_equal(f.row[i].start, D(2021, 3, 3));
            assert_int_equal(f.other[i].start, D(2021, 3, 13));
            assert_int_equal(f.other[i].line, 4);       /* the person's first row there */
        }
        if (f.kind[i] == GY_UPD_LOAN_DROPPED)
            assert_int_equal(f.row[i].loan, 5 * GY_FEN_PER_WAN);
    }
    /* C's two startups both count: a corrected start date looks like a second startup */
    assert_int_equal(gy_cube_records(c), 5);
    assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 2 + 1 + 4 + 4 + 1);
    assert_int_equal(gy_cube_value(c, GY_IND_LOANS, GY_ALL, a, z), 0);
    assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, z), 3);
    assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, a, z), 4);
    gy_cube_free(c);
}

/* Within one file the duplicate rule holds as it did; a third, older file loses to both. */
static void test_supersede_three_files(void **state)
{
    (void)state;
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    gy_cube *c = gy_cube_new(rg);
    row(c, 0, 2, A, SZQ, D(2021, 5, 1), "甲", 7, 0, GY_NO_DAY);
    row(c, 0, 3, A, SZQ, D(2021, 5, 1), "甲", 9, 0, GY_NO_DAY);   /* same file: duplicate */
    assert_int_equal(gy_cube_settle(c), 1);
    row(c, 1, 2, A, SZQ, D(2021, 5, 1), "甲", 1, 0, GY_NO_DAY);
    gy_cube_settle(c);
    row(c, 2, 2, A, SZQ, D(2021, 5, 1), "甲", 3, 0, GY_NO_DAY);
    gy_cube_settle(c);
    const uint32_t rank[3] = { 2, 0, 1 };                   /* file 0 is the newest */
    found f = { 0 };
    assert_int_equal(gy_cube_supersede(c, rank, on_found, &f, NULL), 2);
    assert_int_equal(f.n[GY_UPD_SUPERSEDED], 2);
    assert_int_equal(gy_cube_records(c), 1);
    assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 7);
    gy_cube_free(c);
}

/* The findings come by file from the oldest, then line, then kind: the order updates.csv lists
 * them in, so the ledger need not sort them. Three files whose ranks are not their indexes. */
static void test_supersede_reports_in_order(void **state)
{
    (void)state;
    gy_cube *c = gy_cube_new(rg);
    gy_day mar3 = D(2021, 3, 3), mar13 = D(2021, 3, 13), may = D(2021, 5, 1);
    gy_fen w5 = 5 * GY_FEN_PER_WAN;
    row(c, 0, 2, A, SZQ, may, "甲", 2, 0, GY_NO_DAY);             /* file 0: the newest */
    row(c, 0, 3, B, SZQ, may, "乙", 4, 0, GY_NO_DAY);
    row(c, 0, 4, C, EMS, mar13, "丙", 1, 0, GY_NO_DAY);
    gy_cube_settle(c);
    row(c, 1, 2, B, SZQ, may, "乙", 3, 0, GY_NO_DAY);             /* file 1: the oldest */
    row(c, 1, 3, A, SZQ, may, "甲", 2, w5, D(2021, 5, 9));
    row(c, 1, 4, C, EMS, mar3, "丙", 1, 0, GY_NO_DAY);
    gy_cube_settle(c);
    row(c, 2, 2, C, EMS, mar3, "丙", 1, 0, GY_NO_DAY);            /* file 2: between */
    row(c, 2, 3, A, SZQ, may, "甲", 2, 0, GY_NO_DAY);
    row(c, 2, 4, B, SZQ, may, "乙", 1, 0, GY_NO_DAY);
    gy_cube_settle(c);
    const uint32_t rank[3] = { 2, 0, 1 };
    found f = { 0 };
    assert_int_equal(gy_cube_supersede(c, rank, on_found, &f, NULL), 5);
    static const struct { uint32_t file, line; gy_update_kind kind; } want[] = {
        { 1, 2, GY_UPD_SUPERSEDED }, { 1, 3, GY_UPD_SUPERSEDED }, { 1, 3, GY_UPD_LOAN_DROPPED },
        { 1, 4, GY_UPD_DUPLICATE }, { 2, 2, GY_UPD_OTHER_START }, { 2, 3, GY_UPD_DUPLICATE },
        { 2, 4, GY_UPD_SUPERSEDED },
    };
    assert_int_equal(f.all, G_N_ELEMENTS(want));
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        assert_int_equal(f.row[i].file, want[i].file);
        assert_int_equal(f.row[i].line, want[i].line);
        assert_int_equal(f.kind[i], want[i].kind);
    }
    assert_int_equal(f.other[4].file, 0);          /* C's other start, in the newest file */
    assert_int_equal(f.other[4].line, 4);
    assert_int_equal(f.other[3].file, 2);          /* C's 3 March row stands in file 2 */
    gy_cube_free(c);
}

/* ---- a start date given to the month only (2021年3月) ----
 *
 * One row of file `file` whose start date names its month only (start: a day of it). */
static void row_m(gy_cube *c, uint32_t file, uint32_t line, const char *id17, gy_day start,
                  int64_t jobs, gy_fen loan, gy_day loan_day)
{
    gy_record r = row_of(file, line, id17, SZQ, start, "甲", jobs, loan, loan_day);
    r.start_month = true;
    assert_true(gy_cube_push(c, &r));
}

/* The case: June's export has A started 2021年3月, July's 2021-03-15 with a loan. One
 * startup, whichever file is newer: the newer stands, the older is superseded (its start date
 * changed, 2021-03 → 2021-03-15, which updates.csv shows), jobs count once. A month-precision
 * row equal to a newer one in every field is a duplicate; 2021-03 and 2021-03-01 are not equal. */
static void test_supersede_month_matches_day(void **state)
{
    (void)state;
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    for (int newer = 0; newer < 2; newer++) {
        gy_cube *c = gy_cube_new(rg);
        row_m(c, 0, 2, A, D(2021, 3, 1), 5, 0, GY_NO_DAY);
        row_m(c, 0, 3, B, D(2021, 4, 1), 2, 0, GY_NO_DAY);
        row_m(c, 0, 4, C, D(2021, 5, 1), 1, 0, GY_NO_DAY);
        gy_cube_settle(c);
        row(c, 1, 2, A, SZQ, D(2021, 3, 15), "甲", 5, 10 * GY_FEN_PER_WAN, D(2021, 7, 5));
        row_m(c, 1, 3, B, D(2021, 4, 1), 2, 0, GY_NO_DAY);              /* the same: duplicate */
        row(c, 1, 4, C, SZQ, D(2021, 5, 1), "甲", 1, 0, GY_NO_DAY);      /* 2021-05-01: a day */
        gy_cube_settle(c);
        assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 16);
        const uint32_t rank[2] = { (uint32_t)!newer, (uint32_t)newer };  /* file `newer` newest */
        found f = { 0 };
        assert_int_equal(gy_cube_supersede(c, rank, on_found, &f, NULL), 3);
        assert_int_equal(f.n[GY_UPD_DUPLICATE], 1);
        assert_int_equal(f.n[GY_UPD_SUPERSEDED], 2);
        assert_int_equal(f.n[GY_UPD_OTHER_START], 0);
        assert_int_equal(f.n[GY_UPD_LOAN_DROPPED], newer == 0);    /* July's loan, now older */
        for (int i = 0; i < f.all; i++) {
            assert_int_equal(f.row[i].file, (uint32_t)!newer);
            assert_int_equal(f.other[i].file, (uint32_t)newer);
            assert_int_equal(f.other[i].line, f.row[i].line);
            if (f.row[i].person == person(A)) {
                /* the changed start date is there to see, with its precision */
                assert_int_equal(f.row[i].start_month, newer == 1);
                assert_int_equal(f.other[i].start_month, newer == 0);
                assert_int_equal(f.row[i].start, newer ? D(2021, 3, 1) : D(2021, 3, 15));
            }
            if (f.row[i].person == person(C))
                assert_int_equal(f.kind[i], GY_UPD_SUPERSEDED);
        }
        assert_int_equal(gy_cube_records(c), 3);
        assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, z), 3);
        assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 8);
        assert_int_equal(gy_cube_value(c, GY_IND_LOANS, GY_ALL, a, z), newer);
        assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, a, z), 1);
        gy_cube_free(c);
    }
}

static void count_month_rows(const gy_record *r, void *user)
{
    *(int *)user += r->start_month;
}

/* A month in which any file gives the person's start date to the month only is decided whole
 * by the newest file holding the person in that month: an older 03-05 and 03-20 give way to a
 * newer 2021-03 (one startup), an older 2021-03 to a newer 03-05 and 03-20 (two); three files
 * (03-05, 2021-03, 03-20) leave the newest's 03-20 alone, whatever order the files were pushed
 * in; a month with days only (April) is decided day by day as before; a month-precision start
 * moved to the month's end (--to inside the month) matches the same. The flag survives the
 * relink, and both ways an append moves records. */
static void test_supersede_month_decided_whole(void **state)
{
    (void)state;
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    /* older days, newer month; then older month, newer days */
    for (int newer = 0; newer < 2; newer++) {
        gy_cube *c = gy_cube_new(rg);
        row(c, 0, 2, A, SZQ, D(2021, 3, 5), "甲", 3, 0, GY_NO_DAY);
        row(c, 0, 3, A, SZQ, D(2021, 3, 20), "甲", 4, 0, GY_NO_DAY);
        row(c, 0, 4, A, SZQ, D(2021, 4, 2), "甲", 1, 0, GY_NO_DAY);
        gy_cube_settle(c);
        row_m(c, 1, 2, A, D(2021, 3, 31), 7, 0, GY_NO_DAY);
        row(c, 1, 3, A, SZQ, D(2021, 4, 9), "甲", 1, 0, GY_NO_DAY);
        gy_cube_settle(c);
        const uint32_t rank[2] = { (uint32_t)!newer, (uint32_t)newer };
        found f = { 0 };
        assert_int_equal(gy_cube_supersede(c, rank, on_found, &f, NULL), newer ? 2 : 1);
        assert_int_equal(f.n[GY_UPD_SUPERSEDED], newer ? 2 : 1);
        assert_int_equal(f.n[GY_UPD_DUPLICATE], 0);
        /* April's two days stay two startups; the older is reported for a clerk to check */
        assert_int_equal(f.n[GY_UPD_OTHER_START], 1);
        assert_int_equal(gy_cube_records(c), newer ? 3 : 4);
        assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 9);
        assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, D(2021, 3, 31)), 7);
        int months = 0;
        gy_cube_each(c, GY_IND_STARTUPS, GY_ALL, a, z, count_month_rows, &months);
        assert_int_equal(months, newer);
        gy_cube_free(c);
    }
    /* three files, pushed in every order (each through another store appended, copied for a
     * small one, moved in blocks for one past the copy limit), ranked by file index */
    static const int orders[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
                                      { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
    for (int o = 0; o < 6; o++) {
        gy_cube *c = gy_cube_new(rg);
        for (int k = 0; k < 3; k++) {
            int file = orders[o][k];
            gy_cube *part = gy_cube_new_like(c);
            if (file == 0)
                row(part, 0, 2, A, SZQ, D(2021, 3, 5), "甲", 3, 0, GY_NO_DAY);
            else if (file == 1)
                row_m(part, 1, 2, A, D(2021, 3, 1), 5, 0, GY_NO_DAY);
            else
                row(part, 2, 2, A, SZQ, D(2021, 3, 20), "甲", 6, 0, GY_NO_DAY);
            if (file == 1 && o % 2)
                for (uint32_t i = 0; i < 17000; i++)        /* past the copy limit: moved */
                    row_m(part, 1, 3 + i, B, D(2021, 6, 1), 0, 0, GY_NO_DAY);
            assert_true(gy_cube_append(c, part, 0));
            gy_cube_free(part);
            gy_cube_settle(c);
        }
        const uint32_t rank[3] = { 0, 1, 2 };
        found f = { 0 };
        assert_int_equal(gy_cube_supersede(c, rank, on_found, &f, NULL), 2);
        assert_int_equal(f.n[GY_UPD_SUPERSEDED], 2);
        assert_int_equal(f.row[1].file, 1);              /* by file from the oldest */
        assert_int_equal(f.row[1].start_month, true);
        assert_int_equal(f.other[1].start, D(2021, 3, 20));
        assert_int_equal(gy_cube_value(c, GY_IND_JOBS, SZQ, a, D(2021, 3, 31)), 6);
        assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, D(2021, 3, 31)), 1);
        gy_cube_free(c);
    }
    /* in a month decided whole, an older row is compared with the standing row of its own
     * start date where there is one (same loan first), not merely the first */
    gy_cube *c = gy_cube_new(rg);
    row(c, 0, 2, A, SZQ, D(2021, 3, 20), "甲", 1, 0, GY_NO_DAY);
    gy_cube_settle(c);
    row_m(c, 1, 2, A, D(2021, 3, 1), 5, 0, GY_NO_DAY);
    row(c, 1, 3, A, SZQ, D(2021, 3, 20), "甲", 2, 0, GY_NO_DAY);
    gy_cube_settle(c);
    const uint32_t rank[2] = { 0, 1 };
    found f = { 0 };
    assert_int_equal(gy_cube_supersede(c, rank, on_found, &f, NULL), 1);
    assert_int_equal(f.kind[0], GY_UPD_SUPERSEDED);
    assert_int_equal(f.other[0].line, 3);
    assert_int_equal(gy_cube_value(c, GY_IND_JOBS, GY_ALL, a, z), 7);
    gy_cube_free(c);
}

/* A name without a credit code is the coded entity of its county bearing that name, when only
 * one does; several stay apart (and are counted), another county's name is another entity. */
static void test_entity_named_without_code(void **state)
{
    (void)state;
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    gy_cube *c = gy_cube_new(rg);
    gy_record r = { .person = person(A), .start = D(2021, 4, 1), .county = (uint32_t)SZQ,
                    .line = 2, .file = 0, .entity = "甲合作社", .uscc = "92511102MA6XXXXXX1" };
    assert_true(gy_cube_push(c, &r));
    r.person = person(B), r.line = 3, r.entity = "乙店", r.uscc = "92511102MA6YYYYYY2";
    assert_true(gy_cube_push(c, &r));
    r.person = person(C), r.line = 4, r.uscc = "92511102MA6ZZZZZZ3";      /* 乙店 again */
    assert_true(gy_cube_push(c, &r));
    gy_cube_settle(c);
    r.file = 1, r.line = 2, r.person = person("51110219770303555"), r.entity = "甲合作社", r.uscc = "";
    assert_true(gy_cube_push(c, &r));
    r.line = 3, r.person = person("51110219780404666"), r.entity = "乙店";
    assert_true(gy_cube_push(c, &r));
    r.line = 4, r.person = person("51110219790505777"), r.entity = "甲合作社", r.county = (uint32_t)EMS;
    assert_true(gy_cube_push(c, &r));
    gy_cube_settle(c);
    assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, a, z), 6);
    const uint32_t rank[2] = { 0, 1 };
    size_t ambiguous = 9;
    assert_int_equal(gy_cube_supersede(c, rank, NULL, NULL, &ambiguous), 0);
    assert_int_equal(ambiguous, 1);
    /* 甲合作社 (coded) with its uncoded name in 市中区; 乙店 twice coded, once not; 峨眉山市's */
    assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, a, z), 5);
    assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, SZQ, a, z), 4);
    assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, z), 6);
    gy_cube_free(c);
}

/* One export alone: the same rule, matched while the store settles. A coded name on a row
 * that is a duplicate of an uncoded one is not among the rows that count, so it matches
 * nothing; a store settled in part before is matched and linked again. */
static void push_one_export(gy_cube *c, int from, int to)
{
    static const struct {
        const char *id17, *entity, *uscc;
        bool ems;
        gy_fen loan;
    } rows[] = {
        { A, "甲合作社", "92511102MA6XXXXXX1", false, 0 },
        { B, "乙店", "92511102MA6YYYYYY2", false, 0 },
        { C, "乙店", "92511102MA6ZZZZZZ3", false, 0 },
        { "51110219770303555", "甲合作社", "", false, 0 },      /* the coded 甲合作社 */
        { "51110219780404666", "乙店", "", false, 0 },          /* two bear it: apart */
        { "51110219790505777", "甲合作社", "", true, 0 },       /* 峨眉山市's own */
        { "51110219800606888", "丙坊", "", false, 3 },
        { "51110219800606888", "丙坊", "92511102MA6WWWWWW4", false, 3 }, /* a duplicate */
        { "51110219810707999", "丙坊", "92511102MA6VVVVVV5", false, 0 },
    };
    for (int k = from; k < to; k++) {
        gy_record r = { .person = person(rows[k].id17), .start = D(2021, 4, 1),
                        .county = (uint32_t)(rows[k].ems ? EMS : SZQ), .line = (uint32_t)k + 2,
                        .file = 0, .entity = rows[k].entity, .uscc = rows[k].uscc,
                        .loan = rows[k].loan * GY_FEN_PER_WAN, .loan_day = D(2021, 4, 9) };
        assert_true(gy_cube_push(c, &r));
    }
}

static void test_entity_named_within_one_file(void **state)
{
    (void)state;
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    for (int part = 0; part < 2; part++) {
        gy_cube *c = gy_cube_new(rg);
        size_t ambiguous = 9;
        if (part) {                     /* settled in part before: linked again */
            push_one_export(c, 0, 4);
            assert_int_equal(gy_cube_settle(c), 0);
            push_one_export(c, 4, 9);
        } else {
            push_one_export(c, 0, 9);
        }
        assert_int_equal(gy_cube_settle_named(c, &ambiguous), 1);
        assert_int_equal(ambiguous, 1);
        assert_int_equal(gy_cube_records(c), 8);
        /* 甲合作社 with its uncoded row; 乙店 twice coded and once not; 峨眉山市's 甲合作社;
         * 丙坊 with the coded 丙坊 that counts */
        assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, a, z), 6);
        assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, SZQ, a, z), 5);
        assert_int_equal(gy_cube_value(c, GY_IND_STARTUPS, GY_ALL, a, z), 8);
        gy_table *t = gy_cube_table(c, GY_GRAIN_YEAR, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
        assert_int_equal(*gy_table_at(t, GY_IND_ENTITIES, total(t), 0), 6);
        gy_table_free(t);
        gy_cube_free(c);
    }
}

/* Enough records for a settle on two threads (its halves recount the entities' partitions
 * of the names matched): the same figures as matching after a plain settle, the way
 * gy_cube_supersede does for several exports. 50,000 coded names, 50 of them borne by a
 * second coded entity too; 160,000 uncoded rows naming 60,000 names. */
static void push_many_names(gy_cube *c)
{
    for (uint32_t i = 0; i < 210050; i++) {
        char id[18], name[24], code[24] = "";
        g_snprintf(id, sizeof id, "5111021990%07u", i);
        uint32_t k = i < 50000 ? i : i < 50050 ? (i - 50000) * 1000 : (i - 50050) % 60000;
        g_snprintf(name, sizeof name, "店%u", k);
        if (i < 50050)
            g_snprintf(code, sizeof code, "92511102MA%08u", i);
        gy_record r = { .person = person(id), .start = D(2021, 1 + i % 12, 1),
                        .county = (uint32_t)SZQ, .line = i + 2, .entity = name, .uscc = code };
        assert_true(gy_cube_push(c, &r));
    }
}

static void test_entity_names_two_halves(void **state)
{
    (void)state;
    if (RUNNING_ON_VALGRIND)
        skip();
    gy_day a = D(2021, 1, 1), z = D(2021, 12, 31);
    gy_cube *c = gy_cube_new(rg), *after = gy_cube_new(rg);
    push_many_names(c);
    push_many_names(after);
    size_t amb_c = 0, amb_after = 0;
    assert_int_equal(gy_cube_settle_named(c, &amb_c), 0);
    gy_cube_settle(after);
    const uint32_t rank[1] = { 0 };
    assert_int_equal(gy_cube_supersede(after, rank, NULL, NULL, &amb_after), 0);
    assert_int_equal(amb_c, 50);
    assert_int_equal(amb_after, 50);
    /* 50,050 coded entities and 10,000 + 50 names apart */
    assert_int_equal(gy_cube_value(c, GY_IND_ENTITIES, GY_ALL, a, z), 60100);
    assert_int_equal(gy_cube_value(after, GY_IND_ENTITIES, GY_ALL, a, z), 60100);
    gy_table *p = gy_cube_table(c, GY_GRAIN_MONTH, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    gy_table *q = gy_cube_table(after, GY_GRAIN_MONTH, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    assert_memory_equal(p->v, q->v, (size_t)GY_IND__COUNT * p->n_rows * p->n_cols * sizeof(int64_t));
    gy_table_free(p);
    gy_table_free(q);
    gy_cube_free(c);
    gy_cube_free(after);
}

/* ---- several exports settled once ----
 *
 * The loader settles several exports once, after the last (gy_cube_supersede_files), and the
 * chains are decided on two threads. Against settling each file as it comes and deciding on
 * one thread: the same duplicates per file, rows left out, findings in the same order, names
 * matched and figures, whatever the order the files are named in. */

#define SO_FILES 4

typedef struct so_find {
    uint32_t kind, file, line, other_file, other_line;
} so_find;

typedef struct so_run {
    uint32_t dups[SO_FILES];              /* by the file's own number, not its place */
    size_t dead, ambiguous;
    GArray *what;                         /* so_find, in the order told */
    int64_t *cells;                       /* the month table's, owned */
    size_t n_cells;
} so_run;

typedef struct so_seen {
    so_run *run;
    const int *order;                     /* place → the file's own number */
} so_seen;

static void so_found(gy_update_kind kind, const gy_record *row, const gy_record *other,
                     void *user)
{
    so_seen *s = user;
    so_find w = { kind, (uint32_t)s->order[row->file], row->line,
                  (uint32_t)s->order[other->file], other->line };
    g_array_append_val(s->run->what, w);
}

/* File f (its own number) of a ledger exported four times: persons come and go, their values
 * change, some rows are repeated within the file, some start dates are given to the month,
 * some entities lack a credit code. Pushed as input `place`. */
static void so_push(gy_cube *c, int f, uint32_t place, uint32_t persons)
{
    uint32_t line = 2;
    for (uint32_t p = 0; p < persons; p++) {
        uint32_t h = (p * 2654435761u) ^ (uint32_t)f * 40503u;
        if (p % 7 == (uint32_t)f || (p % 11 == 0 && f < 2))
            continue;                     /* not in this export */
        char id[18], name[24], code[24] = "";
        g_snprintf(id, sizeof id, "5111021990%07u", p);
        g_snprintf(name, sizeof name, "店%u", p % 40);
        if (p % 3)
            g_snprintf(code, sizeof code, "92511102MA%08u", p % 40 + (p / 40 % 2 ? 0 : 100));
        int n = 1 + (int)(p % 3 == 0) + (int)(h % 13 == 0);
        for (int k = 0; k < n; k++) {
            /* a correction now and then: the jobs change with the file, or the start day */
            int day = 1 + (int)(p % 20) + (k && p % 2 ? 5 : 0) + (h % 17 == 0 ? f : 0);
            gy_record r = { .person = person(id), .start = D(2021, 1 + (int)(p % 12), day),
                            .county = (uint32_t)(p % 4 ? SZQ : EMS), .line = line++,
                            .file = place, .entity = name, .uscc = code,
                            .jobs = (int64_t)(p % 5) + (h % 9 == 0 ? f : 0),
                            .start_month = p % 29 == 0 && f % 2 };
            if ((p % 4 == 1 && f >= (int)(p % 3)) || (p % 13 == 2 && f == 0)) {
                r.loan = (gy_fen)(p % 7 + 1) * GY_FEN_PER_WAN;
                r.loan_day = D(2021, 1 + (int)(p % 12), 28);
            }
            assert_true(gy_cube_push(c, &r));
            if (h % 5 == 0 && k == 0) {   /* the row twice: a duplicate within the file */
                r.line = line++;
                assert_true(gy_cube_push(c, &r));
            }
        }
    }
}

/* One way: per_file settles each file as it comes (the walk of a settled store) and decides
 * on one thread; else the files are settled once (two threads when split_min is 1). */
static void so_load(so_run *run, const int *order, bool per_file, uint32_t split_min,
                    uint32_t persons)
{
    memset(run, 0, sizeof *run);
    run->what = g_array_new(FALSE, FALSE, sizeof(so_find));
    gy_cube_opts o = { .settle_split_min = split_min };
    gy_cube *c = gy_cube_new_opt(rg, &o);
    uint32_t rank[SO_FILES], dups[GY_MAX_FILES] = { 0 };
    for (uint32_t place = 0; place < SO_FILES; place++) {
        so_push(c, order[place], place, persons);
        rank[place] = (uint32_t)order[place];          /* file f is the f-th export */
        if (per_file)
            run->dups[order[place]] = (uint32_t)gy_cube_settle(c);
    }
    so_seen seen = { run, order };
    run->dead = gy_cube_supersede_files(c, rank, so_found, &seen, &run->ambiguous,
                                        per_file ? NULL : dups);
    for (uint32_t place = 0; !per_file && place < SO_FILES; place++)
        run->dups[order[place]] = dups[place];
    gy_table *t = gy_cube_table(c, GY_GRAIN_MONTH, GY_MONTH(2021, 1), GY_MONTH(2021, 12), OPEN);
    run->n_cells = (size_t)GY_IND__COUNT * t->n_rows * t->n_cols;
    run->cells = g_memdup2(t->v, run->n_cells * sizeof(int64_t));
    gy_table_free(t);
    gy_cube_free(c);
}

static void so_free(so_run *run)
{
    g_array_free(run->what, TRUE);
    g_free(run->cells);
}

static void so_same(const so_run *got, const so_run *want)
{
    assert_memory_equal(got->dups, want->dups, sizeof want->dups);
    assert_int_equal(got->dead, want->dead);
    assert_int_equal(got->ambiguous, want->ambiguous);
    assert_int_equal(got->what->len, want->what->len);
    assert_memory_equal(got->what->data, want->what->data, want->what->len * sizeof(so_find));
    assert_int_equal(got->n_cells, want->n_cells);
    assert_memory_equal(got->cells, want->cells, want->n_cells * sizeof(int64_t));
}

static void test_settle_once_equals_per_file(void **state)
{
    (void)state;
    so_run want, got;
    const int given[SO_FILES] = { 0, 1, 2, 3 };
    so_load(&want, given, true, 0, 300);
    /* the data reaches every kind of finding, duplicates within files and names matched */
    assert_int_equal(want.dead, 748);
    assert_int_equal(want.ambiguous, 40);
    assert_int_equal(want.what->len, 826);
    int kinds = 0;
    for (guint i = 0; i < want.what->len; i++)
        kinds |= 1 << g_array_index(want.what, so_find, i).kind;
    assert_int_equal(kinds, 15);
    const uint32_t dups[SO_FILES] = { 95, 106, 120, 129 };
    assert_memory_equal(want.dups, dups, sizeof dups);
    /* every order of the four files, three ways each */
    int order[SO_FILES];
    for (int perm = 0; perm < 24; perm++) {
        int rest[SO_FILES] = { 0, 1, 2, 3 }, k = perm;
        for (int place = 0; place < SO_FILES; place++) {
            int pick = k % (SO_FILES - place);
            k /= SO_FILES - place;
            order[place] = rest[pick];
            memmove(rest + pick, rest + pick + 1,
                    (size_t)(SO_FILES - place - pick - 1) * sizeof(int));
        }
        for (int way = 0; way < 3; way++) {
            so_load(&got, order, way == 0, way == 2 ? 1 : 0, 300);
            so_same(&got, &want);
            so_free(&got);
        }
    }
    so_free(&want);
    if (RUNNING_ON_VALGRIND)
        return;                           /* the sanitizers' tier runs the rest */
    /* enough rows for sixteen partitions, so that both threads settle some, and for many
     * chunks of heads for the two walkers */
    const int back[SO_FILES] = { 3, 1, 0, 2 };
    so_load(&want, given, true, 0, 20000);
    assert_int_equal(want.what->len, 55209);
    for (int way = 0; way < 2; way++) {
        so_load(&got, way ? back : given, false, 1, 20000);
        so_same(&got, &want);
        so_free(&got);
    }
    so_free(&want);
}
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_twice_in_a_year_counts_once),
        cmocka_unit_test(test_person_in_two_counties_is_one_in_the_total),
        cmocka_unit_test(test_entities_by_uscc),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_merge_finds_cross_chunk_duplicates),
        cmocka_unit_test(test_one_record_settled),
        cmocka_unit_test(test_records_ceiling),
        cmocka_unit_test(test_sums_ceiling),
        cmocka_unit_test(test_small_append_copied),
        cmocka_unit_test(test_push_append_settle_equals_add),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_indicator_keys),
        cmocka_unit_test(test_files_ceiling),
        cmocka_unit_test(test_two_shares_equal_one),
        cmocka_unit_test(test_table_memo),
        cmocka_unit_test(test_settle_one_record),
        cmocka_unit_test(test_figures_need_a_settle),
        cmocka_unit_test(test_newest_export_decides),
        cmocka_unit_test(test_supersede_kinds),
        cmocka_unit_test(test_supersede_three_files),
        cmocka_unit_test(test_supersede_reports_in_order),
        cmocka_unit_test(test_supersede_month_matches_day),
        cmocka_unit_test(test_supersede_month_decided_whole),
        cmocka_unit_test(test_entity_named_without_code),
        cmocka_unit_test(test_entity_named_within_one_file),
        cmocka_unit_test(test_entity_names_two_halves),
        cmocka_unit_test(test_settle_once_equals_per_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
