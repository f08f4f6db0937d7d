/* query.c — one figure over any day range (gy_cube_value: the reply's figures) and the
 * records behind it (gy_cube_each: provenance).
 *
 * Invariants:
 * - gy_cube_value gives what a table column over the same days gives: additive indicators
 *   summed over the live records, distinct ones counted once per chain from the index and
 *   the cells (fuzz_load checks the two agree).
 * - The store is read settled and const; gy_cube_each reads records only, and the records it
 *   hands out have "" for the entity and credit code (only fingerprints are kept). */
#include "cube_int.h"

static bool rec_in(const gy_cube *c, const struct rec *r, gy_ind ind, size_t county,
                   gy_day from, gy_day to)
{
    if (county != GY_ALL && r->county != county)
        return false;
    if (ind == GY_IND_LOANS || ind == GY_IND_LOAN_AMOUNT) {
        const struct money *m = money_of(c, r);
        return m->loan > 0 && m->loan_day >= from && m->loan_day <= to;
    }
    return r->start >= from && r->start <= to;
}

void gy_cube_each(const gy_cube *c, gy_ind ind, size_t county, gy_day from, gy_day to,
                  gy_record_fn fn, void *user)
{
    g_return_if_fail(c->done == c->n);                   /* gy_cube_settle first */
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r) || !rec_in(c, r, ind, county, from, to))
            continue;
        if (ind == GY_IND_ENTITIES && !r->efp)
            continue;
        const struct money *m = money_of(c, r);
        gy_record out = {
            .person = r->person, .start = r->start, .loan_day = m->loan_day, .loan = m->loan,
            .output = m->output, .jobs = m->jobs, .county = r->county, .file = r->file & FILE_MASK,
            .line = r->line, .entity = "", .uscc = "", .start_month = (r->file & F_MONTH) != 0,
        };
        fn(&out, user);
    }
}

int64_t gy_cube_value(const gy_cube *c, gy_ind ind, size_t county, gy_day from, gy_day to)
{
    g_return_val_if_fail(c->done == c->n, 0);            /* gy_cube_settle first */
    int64_t sum = 0;
    if (gy_ind_is_distinct(ind)) {
        cube_index_ensure(c);
        /* the one-record chains, from the day cells */
        for (size_t r = 0; c->cells && r < gy_region_count(c->region); r++) {
            if (county != GY_ALL && r != county)
                continue;
            for (size_t i = 0; i < c->cell_days; i++) {
                gy_day d = c->cell_base + (gy_day)i;
                if (d >= from && d <= to) {
                    const struct daycell *x = cell_at(c, c->cells, r, d);
                    sum += ind == GY_IND_ENTITIES ? x->entities : x->persons;
                }
            }
        }
        for (int s = 0; s < 2; s++) {
            const evlist *ev = ind == GY_IND_ENTITIES ? &c->eev[s] : &c->pev[s];
            const struct ev *v = ev->v;
            bool hit = false;
            for (size_t i = 0; i < ev->n; i++) {
                if (!hit && (county == GY_ALL || v[i].county == county) && v[i].day >= from &&
                    v[i].day <= to)
                    hit = true;
                if (v[i].end) {
                    sum += hit;
                    hit = false;
                }
            }
        }
        return sum;
    }
    for (uint32_t i = 0; i < c->n; i++) {
        const struct rec *r = rec_at(c, i);
        if (!live(r) || !rec_in(c, r, ind, county, from, to))
            continue;
        const struct money *m = money_of(c, r);
        switch (ind) {
        case GY_IND_LOANS: sum += 1; break;
        case GY_IND_LOAN_AMOUNT: sum += m->loan; break;
        case GY_IND_JOBS: sum += m->jobs; break;
        case GY_IND_OUTPUT: sum += m->output; break;
        default: break;
        }
    }
    return sum;
}
