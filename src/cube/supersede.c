/* supersede.c — gy_cube_supersede: several exports of one ledger, the newest deciding each
 * startup; then entities named without a credit code matched to a coded entity by name
 * (entities.c).
 *
 * Invariants:
 * - Only rows of different files are compared here; within a file the duplicate rule
 *   (settle.c) has decided already.
 * - The newest file (by rank) holding a startup decides: its rows stand, the older files'
 *   rows of that startup become F_DEAD and are reported once each. A month in which any file
 *   gives the person's start date to the month only (F_MONTH) is decided whole, by the newest
 *   file holding the person in that month.
 * - The result depends on the ranks alone, never on the order records lie in the store.
 * - When anything changed, relink clears every link (F_DEAD kept), sets done to 0 and settles
 *   again, which builds the index: the store is settled afterwards, as before. A store with
 *   nothing settled on entry (the loader's several exports) is settled once, its persons only,
 *   and always relinked.
 * - Two walkers decide the chains; each chain's records, F_DEAD marks and findings are touched
 *   by the walker of its head only (see walk_run).
 * - The findings are kept per record (a bit per kind, the record compared with) while the
 *   chains are decided, and reported afterwards by file from the oldest, then line, then kind:
 *   the order of updates.csv, which a file's records have in the store already. */
#include "cube_int.h"
#include "guiyan/fields.h"
#include "guiyan/timing.h"

/* ---- supersession across exports ----
 *
 * Exports are snapshots (or increments) of one ledger. A startup is one person on one start
 * date; the newest file holding it decides it, and its rows in older files are duplicates or
 * superseded. Settling links records of different files without comparing them (the duplicate
 * rule holds within a file), so each person's chain holds every file's version; one pass over
 * the chains marks the older ones dead, and a relink leaves them out of chains and index. */

/* Two records are rows of one startup when they are the same person (their chain) on the same
 * start date. A start date given to the month only (2021年3月, F_MONTH) matches any day of its
 * month: when any file gives one of the person's start dates in a month so, that month's rows
 * of the person, in every file, are decided as one — the newest file holding the person in
 * that month decides all of them: its rows (month or day, one startup or several) stand, and
 * every other file's rows of the person in that month are duplicates or superseded. So an
 * older file's 2021-03-05 and 2021-03-20 give way to a newer file's 2021-03, and an older
 * 2021-03 to a newer file's 2021-03-05 and 2021-03-20 (two startups); a month where every file
 * gives days is decided day by day, as before. supersede_person sorts a chain's members by
 * key: the start day, or the month's first day for a month decided whole (month_keys). */

/* The same start date, to the day and in precision (2021-03 is not 2021-03-01). */
static inline bool same_start(const struct rec *a, const struct rec *b)
{
    return a->start == b->start && !((a->file ^ b->file) & F_MONTH);
}

/* Every field guiyan reads, normalised: the start date (its day and whether it names the
 * month only: in a month decided whole, 2021-03 → 2021-03-15 is a change), county, entity name
 * and credit code (through their fingerprints), jobs, output value, loan amount and loan
 * date. */
static bool same_values(const gy_cube *c, const struct rec *a, const struct rec *b)
{
    if (!same_start(a, b) || a->county != b->county || a->efp != b->efp ||
        a->name_fp != b->name_fp)
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
        .start_month = (r->file & F_MONTH) != 0,
    };
}

/* A member of a person's chain, as it is sorted: key (the start date, or the first day of a
 * month decided whole), then newest file first, then line — a startup's rows together, its
 * standing rows (the newest file's) first in file order. The keys are taken from the record
 * once, so sorting touches no record. */
typedef struct member {
    gy_day key;
    uint32_t rank;
    uint32_t line;
    uint32_t at;
} member;

static inline bool member_before(const member *a, const member *b)
{
    if (a->key != b->key)
        return a->key < b->key;
    if (a->rank != b->rank)
        return a->rank > b->rank;
    return a->line < b->line;
}

static int cmp_member(const void *x, const void *y)
{
    const member *a = x, *b = y;
    return member_before(a, b) ? -1 : member_before(b, a);
}

/* Chains are short (a person's rows in every export): insertion sort, qsort past 32. */
static void sort_members(member *v, size_t n)
{
    if (n > 32) {
        qsort(v, n, sizeof *v, cmp_member);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        member m = v[i];
        size_t j = i;
        for (; j > 0 && member_before(&m, &v[j - 1]); j--)
            v[j] = v[j - 1];
        v[j] = m;
    }
}

/* A chain holding a month-precision start (members sorted by start day): each month in which
 * any member's start names the month only gets one key, its first day, for all its members,
 * and the members are sorted again. No other key falls in such a month, so its rows form one
 * group. */
static void month_keys(const gy_cube *c, member *v, size_t n)
{
    for (size_t g = 0; g < n;) {
        gy_month m = gy_day_month(v[g].key);
        size_t e = g;
        bool whole = false;
        for (; e < n && gy_day_month(v[e].key) == m; e++)
            whole = whole || (rec_at(c, v[e].at)->file & F_MONTH);
        for (size_t x = g; whole && x < e; x++)
            v[x].key = gy_day_from_ymd(m / 12, m % 12 + 1, 1);
        g = e;
    }
    sort_members(v, n);
}

/* What a record was found to be, kept per record until the findings are reported in order:
 * a bit per gy_update_kind (FOUND(kind)), and the record compared with (+ 1). */
#define FOUND(kind) (1u << (kind))

typedef struct findings {
    uint8_t *what;
    uint32_t *other;
} findings;

static void found(findings *f, gy_update_kind kind, uint32_t row, uint32_t other)
{
    if (!f->what)
        return;
    f->what[row] |= (uint8_t)FOUND(kind);
    f->other[row] = other + 1;
}

/* One person's chain (members, sorted): mark the older files' rows of each startup dead. */
static size_t supersede_person(gy_cube *c, const member *v, size_t n, findings *f)
{
    size_t dead = 0;
    uint32_t top = 0;                      /* the newest file holding the person */
    for (size_t x = 0; x < n; x++)
        top = MAX(top, v[x].rank);
    uint32_t newest = NONE;                /* the person's first row in that file, + 1 */
    for (size_t x = 0; x < n && !newest; x++)
        if (v[x].rank == top)
            newest = v[x].at + 1;
    for (size_t g = 0; g < n;) {
        const member *head = &v[g];
        size_t s = g, e = g;               /* standing rows [g, s), the group [g, e) */
        while (s < n && v[s].key == head->key && v[s].rank == head->rank)
            s++;
        e = s;
        while (e < n && v[e].key == head->key)
            e++;
        for (size_t x = s; x < e; x++) {
            struct rec *o = rec_at(c, v[x].at);
            /* compared with: the first standing row with the same loan, that on the same start
             * date first (a month decided whole holds several), else on the same start date,
             * else the first */
            const member *cmp = head, *eq = NULL;
            int best = 0;
            for (size_t y = g; y < s; y++) {
                const struct rec *st = rec_at(c, v[y].at);
                if (!eq && same_values(c, o, st))
                    eq = &v[y];
                int score = 2 * same_loan(c, o, st) + same_start(o, st);
                if (score > best)
                    best = score, cmp = &v[y];
            }
            bool carried = best >= 2 || !money_of(c, o)->loan;
            found(f, eq ? GY_UPD_DUPLICATE : GY_UPD_SUPERSEDED, v[x].at, eq ? eq->at : cmp->at);
            if (!carried)
                found(f, GY_UPD_LOAN_DROPPED, v[x].at, cmp->at);
            /* another walker may be reading it (walk_run) */
            __atomic_store_n(&o->file, (uint16_t)(o->file | F_DEAD), __ATOMIC_RELAXED);
            dead++;
        }
        if (head->rank < top)
            for (size_t y = g; y < s; y++)
                found(f, GY_UPD_OTHER_START, v[y].at, newest - 1);
        g = e;
    }
    return dead;
}

/* The findings to fn, by file from the oldest, then line, then kind — the order updates.csv
 * lists them in, so its writer need not sort millions of them: a file's records lie in the
 * store in the order of their lines. */
static void report_findings(const gy_cube *c, const uint32_t *rank, const findings *f,
                            gy_update_fn fn, void *user)
{
    uint32_t *first = g_new(uint32_t, GY_MAX_FILES), *last = g_new0(uint32_t, GY_MAX_FILES);
    uint32_t *by_rank = g_new(uint32_t, GY_MAX_FILES), n_files = 0;
    for (uint32_t i = 0; i < GY_MAX_FILES; i++)
        first[i] = UINT32_MAX;
    for (uint32_t i = 0; i < c->done; i++) {
        if (!f->what[i])
            continue;
        uint32_t file = rec_at(c, i)->file & FILE_MASK;
        first[file] = MIN(first[file], i);
        last[file] = i + 1;
        n_files = MAX(n_files, file + 1);
    }
    uint32_t ranked = 0;
    for (uint32_t file = 0; file < n_files; file++)
        if (first[file] != UINT32_MAX)
            by_rank[ranked++] = file;
    /* a few files: by rank, smallest first */
    for (uint32_t i = 1; i < ranked; i++)
        for (uint32_t j = i; j > 0 && rank[by_rank[j]] < rank[by_rank[j - 1]]; j--) {
            uint32_t t = by_rank[j];
            by_rank[j] = by_rank[j - 1];
            by_rank[j - 1] = t;
        }
    for (uint32_t k = 0; k < ranked; k++) {
        uint32_t file = by_rank[k];
        for (uint32_t i = first[file]; i < last[file]; i++) {
            /* the row compared with lies elsewhere, and both rows' money apart: asked for a
             * few findings ahead (the other row's money once that row has come) */
            if (i + 16 < last[file] && f->what[i + 16]) {
                const struct rec *ahead = rec_at(c, i + 16);
                __builtin_prefetch(rec_at(c, f->other[i + 16] - 1));
                if (ahead->money)
                    __builtin_prefetch(money_of(c, ahead));
            }
            if (i + 8 < last[file] && f->what[i + 8]) {
                const struct rec *o8 = rec_at(c, f->other[i + 8] - 1);
                if (o8->money)
                    __builtin_prefetch(money_of(c, o8));
            }
            const struct rec *r = rec_at(c, i);
            if (!f->what[i] || (r->file & FILE_MASK) != file)
                continue;
            gy_record a = record_out(c, r);
            const struct rec *o = rec_at(c, f->other[i] - 1);
            gy_record b = record_out(c, o);
            for (unsigned kind = GY_UPD_DUPLICATE; kind <= GY_UPD_OTHER_START; kind++)
                if (f->what[i] & FOUND(kind))
                    fn((gy_update_kind)kind, &a, &b, user);
        }
    }
    g_free(first);
    g_free(last);
    g_free(by_rank);
}

/* One walker's share of the heads: chunks of records taken in turn from a shared counter
 * (WALK_CHUNK, or a 64th of a small store: two walkers always share the work), their chains
 * decided. Each chain is walked by the walker holding its head, so a record's F_DEAD and
 * findings are written by one thread; the `file` of a record heading no chain of this walker
 * is read atomically, as another walker may be marking it dead. A chain's members lie all
 * over the store: WALK_BATCH chains are walked side by side, a step of each in turn, so that
 * their loads are in flight together rather than one after the other. */
#define WALK_CHUNK 65536u
#define WALK_BATCH 8

typedef struct walker {
    gy_cube *c;
    const uint32_t *rank;
    findings *f;
    uint32_t *next;                        /* the next chunk's first record, shared */
    uint32_t chunk;
    GArray *v[WALK_BATCH];                 /* member: each chain of a batch */
    size_t dead;
} walker;

/* The chains at heads[0, n) (+ 1): those holding several files get their older rows marked
 * dead. */
static void decide_batch(walker *w, const uint32_t *heads, int n)
{
    gy_cube *c = w->c;
    uint32_t at[WALK_BATCH];
    bool several[WALK_BATCH] = { false };
    uint16_t month[WALK_BATCH] = { 0 }, top[WALK_BATCH];
    for (int k = 0; k < n; k++) {
        at[k] = heads[k];
        top[k] = rec_at(c, heads[k] - 1)->file;
        g_array_set_size(w->v[k], 0);
    }
    for (int left = n; left > 0;) {
        left = 0;
        for (int k = 0; k < n; k++) {
            if (at[k] == NONE)
                continue;
            const struct rec *o = rec_at(c, at[k] - 1);
            uint16_t file = __atomic_load_n(&o->file, __ATOMIC_RELAXED);
            several[k] = several[k] || ((file ^ top[k]) & FILE_MASK);
            month[k] |= file & F_MONTH;
            member m = { o->start, w->rank[file & FILE_MASK], o->line, at[k] - 1 };
            g_array_append_val(w->v[k], m);
            /* the money too, which supersede_person reads */
            if (o->money)
                __builtin_prefetch(money_of(c, o));
            at[k] = o->next_p;
            left += at[k] != NONE;
        }
    }
    for (int k = 0; k < n; k++) {
        if (!several[k])
            continue;                      /* one file's rows: nothing to decide */
        member *v = (member *)w->v[k]->data;
        sort_members(v, w->v[k]->len);
        if (month[k])
            month_keys(c, v, w->v[k]->len);
        w->dead += supersede_person(c, v, w->v[k]->len, w->f);
    }
}

static gpointer walk_run(gpointer data)
{
    walker *w = data;
    const gy_cube *c = w->c;
    uint32_t heads[WALK_BATCH];
    int n = 0;
    for (uint32_t lo; (lo = __atomic_fetch_add(w->next, w->chunk, __ATOMIC_RELAXED)) < c->done;) {
        uint32_t hi = MIN(c->done, lo + w->chunk);
        for (uint32_t i = lo; i < hi; i++) {
            const struct rec *r = rec_at(c, i);
            uint16_t file = __atomic_load_n(&r->file, __ATOMIC_RELAXED);
            /* a head of a chain of several records (a head is never marked by another) */
            if (r->person && !(file & (F_DEAD | F_P_INNER)) && r->next_p != NONE) {
                heads[n++] = i + 1;
                if (n == WALK_BATCH) {
                    decide_batch(w, heads, n);
                    n = 0;
                }
            }
        }
    }
    decide_batch(w, heads, n);
    return NULL;
}

size_t gy_cube_supersede(gy_cube *c, const uint32_t *rank, gy_update_fn fn, void *user,
                         size_t *ambiguous)
{
    return gy_cube_supersede_files(c, rank, fn, user, ambiguous, NULL);
}

size_t gy_cube_supersede_files(gy_cube *c, const uint32_t *rank, gy_update_fn fn, void *user,
                               size_t *ambiguous, uint32_t *dups)
{
    /* nothing settled yet (the loader's several exports, settled once here): the persons are
     * linked, and the entities only by the relink below, which links the rows left standing */
    cube_settle_how how = { NULL, dups, c->done == 0 };
    bool fresh = c->done < c->n && how.persons_only;
    cube_settle_with(c, &how);
    /* what each record was found to be, reported once every chain is decided */
    findings f = { NULL, NULL };
    if (fn && c->done) {
        f.what = g_new0(uint8_t, c->done);
        f.other = g_new(uint32_t, c->done);
    }
    uint32_t next = 0, chunk = MIN(WALK_CHUNK, MAX(64u, c->done / 64));
    walker w[2];
    for (int k = 0; k < 2; k++) {
        w[k] = (walker){ c, rank, &f, &next, chunk, { NULL }, 0 };
        for (int b = 0; b < WALK_BATCH; b++)
            w[k].v[b] = g_array_new(FALSE, FALSE, sizeof(member));
    }
    if (c->done >= c->opts.settle_split_min) {
        GThread *th = g_thread_new("guiyan-decide", walk_run, &w[1]);
        walk_run(&w[0]);
        g_thread_join(th);
    } else {
        walk_run(&w[0]);
    }
    size_t dead = w[0].dead + w[1].dead;
    for (int k = 0; k < 2; k++)
        for (int b = 0; b < WALK_BATCH; b++)
            g_array_free(w[k].v[b], TRUE);
    gy_timing("startups decided");
    if (f.what)
        report_findings(c, rank, &f, fn, user);
    gy_timing("updates reported");
    g_free(f.what);
    g_free(f.other);
    size_t amb = 0, named = cube_entities_match(c, &amb, NULL, NULL);
    gy_timing("entities matched");
    if (ambiguous)
        *ambiguous = amb;
    if (dead || named || fresh) {
        cube_relink(c);
        gy_timing("superseded rows left out, entities matched by name");
    }
    return dead;
}
