/* supersede.c — gy_cube_supersede: several exports of one ledger, the newest deciding each
 * startup; then entities named without a credit code matched to a coded entity by name.
 *
 * Invariants:
 * - Only rows of different files are compared here; within a file the duplicate rule
 *   (settle.c) has decided already.
 * - The newest file (by rank) holding a startup decides: its rows stand, the older files'
 *   rows of that startup become F_DEAD and are reported once each.
 * - uncoded() mirrors gy_cube_entity_fp_of (fingerprint.c): change both or neither.
 * - When anything changed, relink clears every link (F_DEAD kept), sets done to 0 and settles
 *   again, which builds the index: the store is settled afterwards, as before. */
#include "cube_int.h"
#include "guiyan/timing.h"

/* ---- supersession across exports ----
 *
 * Exports are snapshots (or increments) of one ledger. A startup is one person on one start
 * date; the newest file holding it decides it, and its rows in older files are duplicates or
 * superseded. Settling links records of different files without comparing them (the duplicate
 * rule holds within a file), so each person's chain holds every file's version; one pass over
 * the chains marks the older ones dead, and a relink leaves them out of chains and index. */

/* Whether two records are rows of one startup: the same person (their chain) on the same
 * start date. The hook for month-precision start dates: once a parsed date carries that
 * precision, a date of month precision matches any day of its month here (and the grouping
 * below, which sorts by start, must then gather a month's days with its month date). */
static inline bool same_startup(const struct rec *a, const struct rec *b)
{
    return a->start == b->start;
}

/* Every field guiyan reads, normalised: county, entity name and credit code (through their
 * fingerprints), jobs, output value, loan amount and loan date. */
static bool same_values(const gy_cube *c, const struct rec *a, const struct rec *b)
{
    if (a->county != b->county || a->efp != b->efp || a->name_fp != b->name_fp)
        return false;
    const struct money *x = money_of(c, a), *y = money_of(c, b);
    return x->loan == y->loan && x->loan_day == y->loan_day && x->jobs == y->jobs &&
           x->output == y->output;
}

static bool same_loan(const gy_cube *c, const struct rec *a, const struct rec *b)
{
    const struct money *x = money_of(c, a), *y = money_of(c, b);
    return x->loan == y->loan && x->loan_day == y->loan_day;
}

static gy_record record_out(const gy_cube *c, const struct rec *r)
{
    const struct money *m = money_of(c, r);
    return (gy_record){
        .person = r->person, .start = r->start, .loan_day = m->loan_day, .loan = m->loan,
        .output = m->output, .jobs = m->jobs, .county = r->county, .file = r->file & FILE_MASK,
        .line = r->line, .entity = "", .uscc = "", .entity_fp = r->efp,
        .name_fp = (uint64_t)r->name_fp << 32, .has_fp = true,
    };
}

typedef struct chain_ctx {
    const gy_cube *c;
    const uint32_t *rank;
} chain_ctx;

/* Start date, then newest file first, then line: a startup's rows together, its standing
 * rows (the newest file's) first in file order. */
static int cmp_member(const void *x, const void *y, void *user)
{
    const chain_ctx *k = user;
    const struct rec *a = rec_at(k->c, *(const uint32_t *)x);
    const struct rec *b = rec_at(k->c, *(const uint32_t *)y);
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    uint32_t ra = k->rank[a->file & FILE_MASK], rb = k->rank[b->file & FILE_MASK];
    if (ra != rb)
        return ra > rb ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static void update(gy_update_fn fn, void *user, gy_update_kind kind, const gy_cube *c,
                   const struct rec *row, const struct rec *other)
{
    gy_record a = record_out(c, row), b = record_out(c, other);
    fn(kind, &a, &b, user);
}

/* One person's chain (members, sorted): mark the older files' rows of each startup dead. */
static size_t supersede_person(gy_cube *c, const chain_ctx *k, const uint32_t *v, size_t n,
                               gy_update_fn fn, void *user)
{
    size_t dead = 0;
    uint32_t top = 0;                      /* the newest file holding the person */
    for (size_t x = 0; x < n; x++)
        top = MAX(top, k->rank[rec_at(c, v[x])->file & FILE_MASK]);
    const struct rec *newest = NULL;       /* the person's first row in that file */
    for (size_t x = 0; x < n && !newest; x++)
        if (k->rank[rec_at(c, v[x])->file & FILE_MASK] == top)
            newest = rec_at(c, v[x]);
    for (size_t g = 0; g < n;) {
        const struct rec *head = rec_at(c, v[g]);
        uint32_t rk = k->rank[head->file & FILE_MASK];
        size_t s = g, e = g;               /* standing rows [g, s), the group [g, e) */
        while (s < n && same_startup(rec_at(c, v[s]), head) &&
               k->rank[rec_at(c, v[s])->file & FILE_MASK] == rk)
            s++;
        e = s;
        while (e < n && same_startup(rec_at(c, v[e]), head))
            e++;
        for (size_t x = s; x < e; x++) {
            struct rec *o = rec_at(c, v[x]);
            const struct rec *cmp = NULL, *eq = NULL;
            for (size_t y = g; y < s; y++) {
                const struct rec *st = rec_at(c, v[y]);
                if (!eq && same_values(c, o, st))
                    eq = st;
                if (!cmp && same_loan(c, o, st))
                    cmp = st;
            }
            bool carried = cmp || !money_of(c, o)->loan;
            if (!cmp)
                cmp = head;
            if (fn)
                update(fn, user, eq ? GY_UPD_DUPLICATE : GY_UPD_SUPERSEDED, c, o, eq ? eq : cmp);
            if (fn && !carried)
                update(fn, user, GY_UPD_LOAN_DROPPED, c, o, cmp);
            o->file |= F_DEAD;
            dead++;
        }
        if (rk < top && fn)
            for (size_t y = g; y < s; y++)
                update(fn, user, GY_UPD_OTHER_START, c, rec_at(c, v[y]), newest);
        g = e;
    }
    return dead;
}

/* Every record unlinked and settled again, the dead ones left out (as padding). */
static void relink(gy_cube *c)
{
    cube_index_free(c);
    cube_maps_free(c);
    for (uint32_t i = 0; i < c->n; i++) {
        struct rec *r = rec_at(c, i);
        r->file &= FILE_MASK | F_DEAD;
        r->next_p = NONE;
        *next_e(c, i) = NONE;
    }
    c->done = 0;
    c->n_live = 0;
    gy_cube_settle(c);
}

/* ---- entities named without a credit code ----
 *
 * An entity without a valid credit code is known by county + name; when a coded entity of the
 * same county bears that name, and only one does, the name is that entity. A coded record
 * keeps 32 bits of its name's fingerprint; an uncoded one's entity fingerprint is the name's
 * 64-bit fingerprint mixed with the county (gy_cube_entity_fp_of), and mix64 can be undone, so
 * which records are uncoded, and their names, come back from the records themselves. */

/* The inverse of an odd number modulo 2^64 (Newton's iteration). */
static uint64_t inverse64(uint64_t a)
{
    uint64_t x = a;
    for (int i = 0; i < 6; i++)
        x *= 2 - a * x;
    return x;
}

static uint64_t unmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= inverse64(UINT64_C(0xc4ceb9fe1a85ec53));
    h ^= h >> 33;
    h *= inverse64(UINT64_C(0xff51afd7ed558ccd));
    h ^= h >> 33;
    return h;
}

/* Whether record r is known by county + name (no credit code). */
static inline bool uncoded(const struct rec *r)
{
    uint64_t name = unmix64(r->efp) ^ (UINT64_C(0x9e3779b97f4a7c15) * (r->county + 3));
    return r->efp && (uint32_t)(name >> 32) == r->name_fp;
}

#define NAME_AMBIGUOUS UINT64_MAX

typedef struct namemap {
    uint64_t *key, *val;              /* key (county, name) + 1; val: the coded entity, 0 none */
    size_t mask;
} namemap;

static inline uint64_t name_key(const struct rec *r)
{
    return ((uint64_t)r->county << 32 | r->name_fp) + 1;
}

static uint64_t *namemap_slot(namemap *m, uint64_t key, bool add)
{
    size_t j = (size_t)mix64(key) & m->mask;
    for (; m->key[j]; j = (j + 1) & m->mask)
        if (m->key[j] == key)
            return &m->val[j];
    if (!add)
        return NULL;
    m->key[j] = key;
    return &m->val[j];
}

/* Give uncoded names that match exactly one coded entity of their county that entity; count
 * the names that match several in *ambiguous. Returns how many records changed. */
static size_t match_entities(gy_cube *c, size_t *ambiguous)
{
    size_t n = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        n += live(r) && uncoded(r);
    }
    *ambiguous = 0;
    if (!n)
        return 0;
    namemap m;
    size_t cap = 64;
    while (cap < n * 2)
        cap <<= 1;
    m.key = g_new0(uint64_t, cap);
    m.val = g_new0(uint64_t, cap);
    m.mask = cap - 1;
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        if (live(r) && uncoded(r))
            namemap_slot(&m, name_key(r), true);
    }
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        uint64_t *v;
        if (!live(r) || !r->efp || uncoded(r) || !(v = namemap_slot(&m, name_key(r), false)))
            continue;
        if (*v == 0)
            *v = r->efp;
        else if (*v != r->efp && *v != NAME_AMBIGUOUS) {
            *v = NAME_AMBIGUOUS;
            (*ambiguous)++;
        }
    }
    size_t changed = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        struct rec *r = rec_at(c, i);
        uint64_t *v;
        if (live(r) && uncoded(r) && (v = namemap_slot(&m, name_key(r), false)) && *v &&
            *v != NAME_AMBIGUOUS) {
            r->efp = *v;
            changed++;
        }
    }
    g_free(m.key);
    g_free(m.val);
    return changed;
}

size_t gy_cube_supersede(gy_cube *c, const uint32_t *rank, gy_update_fn fn, void *user,
                         size_t *ambiguous)
{
    gy_cube_settle(c);
    chain_ctx k = { c, rank };
    GArray *v = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    size_t dead = 0;
    for (uint32_t i = 0; i < c->done; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r) || (r->file & F_P_INNER) || r->next_p == NONE)
            continue;                      /* not a head, or a chain of one record */
        g_array_set_size(v, 0);
        bool several = false;
        for (uint32_t j = i + 1; j != NONE;) {
            const struct rec *o = rec_at(c, j - 1);
            several = several || ((o->file ^ r->file) & FILE_MASK);
            uint32_t at = j - 1;
            g_array_append_val(v, at);
            j = o->next_p;
        }
        if (!several)
            continue;                      /* one file's rows: nothing to decide */
        g_array_sort_with_data(v, cmp_member, &k);
        dead += supersede_person(c, &k, (const uint32_t *)v->data, v->len, fn, user);
    }
    g_array_free(v, TRUE);
    size_t amb = 0, named = match_entities(c, &amb);
    if (ambiguous)
        *ambiguous = amb;
    if (dead || named) {
        relink(c);
        gy_timing("superseded rows left out, entities matched by name");
    }
    return dead;
}
