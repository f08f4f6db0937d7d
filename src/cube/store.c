/* store.c — the record store: blocks of compact records, pushed one by one or appended a
 * reader's store at a time, with the ceilings that keep every later figure exact.
 *
 * Invariants:
 * - n counts every slot, padding and duplicates included, and never passes opts.max_records
 *   (at most GY_MAX_RECORDS, below LINK_MASK): a push or append past it is refused whole.
 * - loan_sum and output_sum add every amount pushed, duplicates too, and never pass int64: a
 *   push or append that would is refused whole (sums_full), so no table or range sum wraps.
 * - A pushed or appended record is unlinked — next_p NONE, no flag but its file index — and
 *   waits in [done, n) for gy_cube_settle; a store never links on push.
 * - gy_cube_append moves whole blocks (c's last block padded with person 0 up to the block
 *   boundary, other's money indexes shifted past c's money blocks) or, for at most
 *   APPEND_COPY_MAX records, copies them; either way `other` is left empty and owns nothing.
 * - first/last and min_day/last_day cover every start and loan day pushed (duplicates too).
 * - The options are fixed at creation, defaults filled in; a store made like another
 *   (gy_cube_new_like, the loader's readers) has its ceiling. */
#include "cube_int.h"
#include "guiyan/fields.h"

static void free_block(gpointer b)
{
    gy_big_free(b, BLOCK_BYTES);
}

static void free_money_block(gpointer b)
{
    gy_big_free(b, BLOCK_SIZE * sizeof(struct money));
}

gy_cube *gy_cube_new_opt(const gy_region *region, const gy_cube_opts *opts)
{
    gy_cube *c = g_new0(gy_cube, 1);
    c->region = region;
    if (opts)
        c->opts = *opts;
    if (!c->opts.max_records || c->opts.max_records > GY_MAX_RECORDS)
        c->opts.max_records = GY_MAX_RECORDS;
    if (!c->opts.table_split_min)
        c->opts.table_split_min = 1000000u;   /* below this one thread is quicker than two */
    if (!c->opts.tag_mask)
        c->opts.tag_mask = UINT32_MAX;
    if (!c->opts.settle_split_min)
        c->opts.settle_split_min = 200000u;   /* below this one thread settles them */
    c->blocks = g_ptr_array_new_with_free_func(free_block);
    c->money = g_ptr_array_new_with_free_func(free_money_block);
    g_mutex_init(&c->index_lock);
    g_mutex_init(&c->table_lock);
    c->tables = g_ptr_array_new_with_free_func(g_free);
    return c;
}

gy_cube *gy_cube_new(const gy_region *region)
{
    return gy_cube_new_opt(region, NULL);
}

gy_cube *gy_cube_new_like(const gy_cube *c)
{
    return gy_cube_new_opt(c->region, &c->opts);
}

void gy_cube_free(gy_cube *c)
{
    if (!c)
        return;
    g_ptr_array_free(c->blocks, TRUE);
    g_ptr_array_free(c->money, TRUE);
    cube_maps_free(c);
    cube_index_free(c);
    g_mutex_clear(&c->index_lock);
    g_mutex_clear(&c->table_lock);
    g_ptr_array_free(c->tables, TRUE);
    g_free(c);
}

size_t gy_cube_records(const gy_cube *c) { return c->n_live; }

const gy_region *gy_cube_region(const gy_cube *c) { return c->region; }

static void span(gy_cube *c, gy_day d)
{
    if (d == GY_NO_DAY)
        return;
    if (c->any && d >= c->min_day && d <= c->last_day)
        return;
    int y, m, dd;
    gy_day_to_ymd(d, &y, &m, &dd);
    gy_month k = GY_MONTH(y, m);
    if (d > c->last_day)
        c->last_day = d;
    if (c->min_day == GY_NO_DAY || d < c->min_day)
        c->min_day = d;
    if (!c->any || k < c->first) c->first = k;
    if (!c->any || k > c->last) c->last = k;
    c->any = true;
}

gy_day gy_cube_last_day(const gy_cube *c) { return c->last_day; }

bool gy_cube_span(const gy_cube *c, gy_month *first, gy_month *last)
{
    if (first) *first = c->first;
    if (last) *last = c->last;
    return c->any;
}

/* Append one record, not yet compared with the others (see gy_cube_settle). */
static void push(gy_cube *c, const struct rec *in, const struct money *m)
{
    if ((c->n & (BLOCK_SIZE - 1)) == 0)
        g_ptr_array_add(c->blocks, gy_big_alloc0(BLOCK_BYTES));
    struct rec *r = rec_at(c, c->n++);
    *r = *in;
    r->file &= F_KEEP;
    r->next_p = NONE;
    r->money = NONE;
    if (m->loan || m->output || m->loan_day || m->jobs) {
        /* in blocks, like the records: a growing array would be copied whole, twice its size */
        if ((c->n_money & (BLOCK_SIZE - 1)) == 0)
            g_ptr_array_add(c->money, gy_big_alloc0(BLOCK_SIZE * sizeof(struct money)));
        struct money *b = g_ptr_array_index(c->money, c->n_money >> BLOCK_BITS);
        b[c->n_money & (BLOCK_SIZE - 1)] = *m;
        r->money = ++c->n_money;
    }
    span(c, r->start);
    span(c, m->loan_day);
}

uint32_t gy_cube_records_max(const gy_cube *c) { return c->opts.max_records; }

/* Add to the running sums, both or neither; false (and sums_full) when one would pass int64. */
static inline bool sums_add(gy_cube *c, int64_t loan, int64_t output)
{
    int64_t loans, outputs;
    if (__builtin_add_overflow(c->loan_sum, loan, &loans) ||
        __builtin_add_overflow(c->output_sum, output, &outputs)) {
        c->sums_full = true;
        return false;
    }
    c->loan_sum = loans;
    c->output_sum = outputs;
    return true;
}

bool gy_cube_push(gy_cube *c, const gy_record *r)
{
    if (G_UNLIKELY(c->n >= c->opts.max_records) || G_UNLIKELY(!sums_add(c, r->loan, r->output)))
        return false;
    struct rec in = {
        .person = r->person,
        .name_fp = (uint32_t)((r->has_fp ? r->name_fp : gy_cube_name_fp(r->entity)) >> 32),
        .efp = r->has_fp || r->entity_fp ? r->entity_fp
                                         : gy_cube_entity_fp(r->county, r->entity, r->uscc),
        .start = r->start,
        .line = r->line,
        .county = (uint16_t)r->county,
        .file = (uint16_t)((r->file & FILE_MASK) | (r->start_month ? F_MONTH : 0)),
    };
    struct money m = { r->loan, r->output, r->loan ? r->loan_day : GY_NO_DAY,
                       (uint32_t)(r->jobs > UINT32_MAX ? UINT32_MAX : r->jobs) };
    push(c, &in, &m);             /* the index goes when these are settled, not per row */
    return true;
}

bool gy_cube_sums_full(const gy_cube *c)
{
    return c->sums_full;
}

/* other after its records went to another store: empty, its blocks freed or handed over. */
static void cube_empty(gy_cube *other)
{
    g_ptr_array_set_size(other->blocks, 0);
    g_ptr_array_set_size(other->money, 0);
    cube_maps_free(other);
    other->n = other->done = other->n_live = other->n_money = 0;
    other->loan_sum = other->output_sum = 0;
    other->any = false;
    other->first = other->last = 0;
    other->min_day = other->last_day = GY_NO_DAY;
}

/* At most this many records are copied by gy_cube_append rather than moved in their blocks:
 * a small file's records padded to a block of their own would cost a block of memory each and
 * a walk over it in every later settle (thousands of monthly files). */
#define APPEND_COPY_MAX (BLOCK_SIZE / 8)

bool gy_cube_append(gy_cube *c, gy_cube *other, uint32_t line_offset)
{
    if (other->n == 0)
        return true;
    bool copy = other->n <= APPEND_COPY_MAX;
    /* whole blocks change hands: c's last block is filled up with padding (person 0), and
     * other's money indexes move past c's money blocks */
    uint32_t n0 = copy ? c->n : (c->n + BLOCK_SIZE - 1) & ~(BLOCK_SIZE - 1);
    if ((uint64_t)n0 + other->n > c->opts.max_records)
        return false;
    if (!sums_add(c, other->loan_sum, other->output_sum))
        return false;
    cube_index_free(c);
    if (copy) {
        for (uint32_t i = 0; i < other->n; i++) {
            struct rec in = *rec_at(other, i);
            in.line += line_offset;
            push(c, &in, money_of(other, &in));
        }
        cube_empty(other);
        return true;
    }
    cube_index_free(other);
    uint32_t m0 = (c->n_money + BLOCK_SIZE - 1) & ~(BLOCK_SIZE - 1);
    for (uint32_t i = 0; i < other->n; i++) {
        struct rec *r = rec_at(other, i);
        if (!r->person)
            continue;
        r->line += line_offset;
        if (r->money)
            r->money += m0;
        r->file &= F_KEEP;                /* linked again by gy_cube_settle */
        r->next_p = NONE;
    }
    for (guint b = 0; b < other->blocks->len; b++)
        g_ptr_array_add(c->blocks, g_ptr_array_index(other->blocks, b));
    for (guint b = 0; b < other->money->len; b++)
        g_ptr_array_add(c->money, g_ptr_array_index(other->money, b));
    c->n = n0 + other->n;
    c->n_money = m0 + other->n_money;
    if (other->any) {
        span(c, other->min_day);
        span(c, other->last_day);
    }
    /* other keeps nothing: its arrays are emptied without freeing what c now owns */
    g_ptr_array_set_free_func(other->blocks, NULL);
    g_ptr_array_set_free_func(other->money, NULL);
    g_ptr_array_set_size(other->blocks, 0);
    g_ptr_array_set_size(other->money, 0);
    g_ptr_array_set_free_func(other->blocks, free_block);
    g_ptr_array_set_free_func(other->money, free_money_block);
    cube_empty(other);
    return true;
}
