/* decl_run.h — the other real-name lists of a run (training, survey, projects, mentors,
 * services, award rosters): the inputs told apart from the startup exports by their header,
 * read into a store and a roster with their own accounting, and the figures of declared
 * indicators over them (the template's `declared` callback). Used by the faces. */
#ifndef GUIYAN_DECL_RUN_H
#define GUIYAN_DECL_RUN_H

#include <glib.h>
#include "guiyan/declared.h"
#include "guiyan/face.h"
#include "guiyan/indicator.h"
#include "guiyan/kinds.h"
#include "guiyan/stars.h"

typedef struct gy_decl_run {
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
} gy_decl_run;

/* Load kinds.ini of the session and sort the inputs: startup exports into *startup (newly
 * allocated array of borrowed paths, *n_startup of them), the others kept in dr. forced: the
 * --kind option's value, or NULL to tell each file by its header. Returns 0 or an exit code
 * (the message printed). */
int gy_decl_run_open(gy_decl_run *dr, gy_session *ss, const gy_common *co,
                     const gy_indicators *inds, const char *forced, const char *const *files,
                     size_t n, const char ***startup, size_t *n_startup);
/* Read the declared files and rosters. 0 or an exit code (the message printed). */
int gy_decl_run_load(gy_decl_run *dr, const gy_common *co);
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
 * counts exact). CRLF line ends. Returns the number of indicators written. */
size_t gy_decl_run_summary_csv(gy_decl_run *dr, GString *s, gy_grain grain, gy_day from,
                               gy_day to);
/* Print the declared files' accounting, each with its kind. */
void gy_decl_run_print(const gy_decl_run *dr);
void gy_decl_run_close(gy_decl_run *dr);

#endif
