/* lists.h — the other real-name lists of a run (training, survey, projects, mentors,
 * services, award rosters): the inputs told apart from the startup exports by their header,
 * read into a store and a roster with their own accounting, and the figures of declared
 * indicators over them (the template's `declared` callback). Used by the runs of summary,
 * track and reply (--kind); private to src/run/. Prints nothing: messages go into the run's
 * report, failures are GErrors. */
#ifndef GUIYAN_RUN_LISTS_H
#define GUIYAN_RUN_LISTS_H

#include <glib.h>
#include "guiyan/declared.h"
#include "guiyan/indicator.h"
#include "guiyan/kinds.h"
#include "guiyan/stars.h"
#include "run_int.h"

struct gy_decl_run {
    gy_kinds *kinds;
    gy_decl_store *store;
    gy_roster *roster;
    gy_star_counts *counts;
    gy_ledger *lg;                /* the declared files' accounting */
    const gy_aliases *al;
    const gy_region *rg;
    const gy_indicators *inds;
    GPtrArray *files;             /* declared and roster paths (borrowed) */
    GArray *file_kind;            /* int per file: a kind index or GY_KIND_STARS */
    GHashTable *queries;          /* gy_indicator * → gy_decl_query * */
    gy_encoding encoding;
    bool unmask;
    const char *sheet;
    gy_report *rp;                /* where an indicator's problem is said (borrowed) */
    const char **startup;         /* the startup exports among the inputs (borrowed paths) */
    size_t n_startup;
};
typedef struct gy_decl_run gy_decl_run;

/* Load kinds.ini of the run's session and sort the inputs: startup exports into dr->startup
 * (dr->n_startup of them), the others kept in dr. forced: the --kind option's value, or NULL
 * to tell each file by its header. FALSE with *err (GY_E_USAGE for an unknown --kind); close
 * dr with gy_decl_run_close either way. */
bool gy_decl_run_open(gy_decl_run *dr, const gy_run *r, const gy_indicators *inds,
                      const char *forced, const char *const *files, size_t n, GError **err);
/* Read the declared files and rosters (rosters through ingest/roster.c, as `stars` reads
 * them), after run_load: r's ledger lists their accounting in the manifest, and r's report
 * and exit category take them in (run_say_accounting, run_set_exit). FALSE with *err. */
bool gy_decl_run_load(gy_decl_run *dr, gy_run *r, GError **err);
/* indicators.tsv of r's templates folder (NULL with *err). */
gy_indicators *run_indicators(const gy_run *r, GError **err);
/* The template callback (user: the gy_decl_run). */
int64_t gy_decl_run_value(const gy_indicator *ind, size_t county, gy_day from, gy_day to,
                          size_t *n_records, const char **missing, void *user);
/* Call each with every record behind ind's figure over county and [from, to]: its file's
 * name, line, person key (0: none) and county. For awards, the roster's awards of the level,
 * category and years. */
typedef void (*gy_decl_run_rec_fn)(const char *file, unsigned long line, uint64_t person,
                                   uint32_t county, void *user);
void gy_decl_run_each(gy_decl_run *dr, const gy_indicator *ind, size_t county, gy_day from,
                      gy_day to, gy_decl_run_rec_fn each, void *user);

/* The coverage of ind's list (its kind's records, whatever ind's filters): the months holding
 * a date of ind's date field, each month whole (a list's dates are events — a course's end, a
 * survey visit —, not a daily ledger: its first record on the 6th does not make the 1st to the
 * 5th unknown); for award rosters, the award years whole. Empty (gy_cover_any false) when the
 * run read no record of it. The same model as the records' (coverage.h): a period it does not
 * touch, or that lies in a run of two months without a date, has no records, so is not 0. */
void gy_decl_run_cover(gy_decl_run *dr, const gy_indicator *ind, gy_cover *out);
/* "培训台账结业日期" for ind's list and date: what its coverage is of (report text). Newly
 * allocated. */
char *gy_decl_run_cover_what(const gy_indicator *ind);

/* Whether the run read any record of ind's kind (a figure of a kind no list was given for
 * would say 0 for "no records"). *label gets the kind's label (培训台账, 明星名单). */
bool gy_decl_run_has_records(const gy_decl_run *dr, const gy_indicator *ind, const char **label);
/* A copy of a county × period table (GY_GRAIN_MONTH or GY_GRAIN_YTD, rows the region's and the
 * 合计 last) with a plane per declared indicator of inds (at its ind, a slot past the cube's)
 * filled from the lists: a month column counts its month, a YTD column 1 January to its month's
 * end, neither past `cut`; the 合计 recomputed over the region (distinct counts exact). Newly
 * allocated (gy_table_free). */
gy_table *gy_decl_run_widen(gy_decl_run *dr, const gy_table *t, const gy_indicator *const *inds,
                            size_t n_inds, gy_day cut);
/* lists.csv of `guiyan summary` into s: a BOM, the header county_code,county,period,
 * indicator,key,value, then per declared indicator whose list was read, per period of grain
 * (month, quarter or year; a list of awards by year always) from the first to the last date of
 * its records (within [from, to] where given), every county and a 合计 (recomputed: distinct
 * counts exact); a period the list's coverage (gy_decl_run_cover) does not touch is left out,
 * as summary.csv leaves out the records' uncovered periods. CRLF line ends. Returns the
 * number of indicators written. */
size_t gy_decl_run_summary_csv(gy_decl_run *dr, GString *s, gy_grain grain, gy_day from,
                               gy_day to);
/* The declared files' accounting, each with its kind, and their rejects, into rp. */
void gy_decl_run_report(const gy_decl_run *dr, gy_report *rp);
/* Whether a row of the lists was rejected (--strict). */
bool gy_decl_run_rejected(const gy_decl_run *dr);
void gy_decl_run_close(gy_decl_run *dr);

#endif
