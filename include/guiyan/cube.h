/* cube.h — the accepted records, kept compact, and the figures computed from them.
 * Every distinct count (persons, entities) of every group, total and year-to-date is
 * recomputed from the records; additive measures (loans, amounts, jobs, output) are exact
 * integer sums. Renderers read gy_table objects, never the input. */
#ifndef GUIYAN_CUBE_H
#define GUIYAN_CUBE_H

#include "guiyan/county.h"
#include "guiyan/types.h"

/* The indicators guiyan computes. */
typedef enum gy_ind {
    GY_IND_STARTUPS,     /* distinct persons whose start date falls in the period */
    GY_IND_ENTITIES,     /* distinct entities among those records */
    GY_IND_LOANS,        /* loans whose disbursement date falls in the period */
    GY_IND_LOAN_AMOUNT,  /* their exact sum, fen */
    GY_IND_JOBS,         /* sum of jobs of records whose start date falls in the period */
    GY_IND_OUTPUT,       /* sum of 年产值 of those records, fen */
    GY_IND__COUNT
} gy_ind;

/* Canonical key ("startups", "entities", "loans", "loan_amount", "jobs", "output_value"). */
const char *gy_ind_key(gy_ind ind);
/* Parse a key; returns GY_IND__COUNT if unknown. */
gy_ind gy_ind_from_key(const char *key);
/* True for money indicators (values in fen). */
bool gy_ind_is_money(gy_ind ind);
/* True for distinct counts (not additive across groups). */
bool gy_ind_is_distinct(gy_ind ind);

/* Period grains of a table's columns. */
typedef enum gy_grain {
    GY_GRAIN_MONTH,    /* 2021-06 */
    GY_GRAIN_QUARTER,  /* 2021-Q2 */
    GY_GRAIN_YEAR,     /* 2021 */
    GY_GRAIN_YTD       /* 2021-01 through the column's month: label "2021-06-YTD" */
} gy_grain;

/* A table: rows are the region's counties in report order, then the total (row n_rows-1);
 * columns are periods. Values are int64 (fen for money). Plain data: renderers and tests may
 * build one by hand with gy_table_new. */
typedef struct gy_table {
    size_t n_rows;            /* counties + 1 (the total, last) */
    size_t n_cols;
    gy_grain grain;
    gy_month *col_month;      /* the period's last month, per column */
    char **col_label;         /* "2021-06", "2021-Q2", "2021", "2021-06-YTD" */
    int64_t *v;               /* [ind][row][col], see gy_table_at */
} gy_table;

gy_table *gy_table_new(size_t n_rows, size_t n_cols, gy_grain grain);
void gy_table_free(gy_table *t);
static inline int64_t *gy_table_at(const gy_table *t, gy_ind ind, size_t row, size_t col)
{
    return &t->v[((size_t)ind * t->n_rows + row) * t->n_cols + col];
}

/* ---- the record store ----
 *
 * Threads. A store is written by one thread at a time: gy_cube_push, gy_cube_append (both
 * stores), gy_cube_settle, gy_cube_add, gy_cube_supersede and gy_cube_free need it to
 * themselves, no other call on it running (settle and the first figure use a second thread of
 * their own inside). Different stores are independent: the loader's readers each push into
 * their own at the same time. Once settled, a store may be read from several threads at once:
 * gy_cube_table, gy_cube_value, gy_cube_each, gy_cube_records, gy_cube_span,
 * gy_cube_last_day and the other const calls — `guiyan summary` writes its workbook on one
 * thread while another draws the charts, both asking for tables. The readers fill two caches
 * (the distinct-count index, the tables asked for before) under the store's locks; tables
 * are computed one at a time (each takes both cores). A write drops the caches. */

typedef struct gy_cube gy_cube;

/* One accepted, normalised record. */
typedef struct gy_record {
    uint64_t person;       /* gy_id_key of the ID number */
    gy_day start;          /* start date */
    bool start_month;      /* GY_DATE_MONTH: the export gave only the month (2021年6月); start
                              is then a day of that month chosen by gy_load against --from/--to
                              (its first, or its last when --to cuts the month) */
    gy_day loan_day;       /* GY_NO_DAY when no loan */
    gy_fen loan;           /* 0 when no loan */
    gy_fen output;         /* 0 when blank */
    int64_t jobs;          /* 0 when blank */
    uint32_t county;       /* index in the region */
    uint32_t file;         /* index of the input file */
    uint32_t line;         /* physical line */
    const char *entity;    /* entity name ("" when none); only its fingerprints are kept */
    const char *uscc;      /* 18-char USCC or "" */
    uint64_t entity_fp;    /* gy_cube_entity_fp of the above, or 0 to let the cube compute it */
    uint64_t name_fp;      /* with has_fp: gy_cube_name_fp(entity); entity, uscc then unused */
    bool has_fp;
} gy_record;

typedef enum { GY_ADD_ACCEPTED, GY_ADD_DUPLICATE, GY_ADD_FULL } gy_add_result;

/* The identity of an entity: its credit code when present, else county + name; 0 when the
 * name is empty. A 64-bit fingerprint: two different entities share one with probability
 * about n²/2⁶⁵ (1 in 10¹¹ for 20,000 entities). */
uint64_t gy_cube_entity_fp(uint32_t county, const char *entity, const char *uscc);
/* The same from the name's fingerprint (gy_cube_name_fp), saving a pass over the name. */
uint64_t gy_cube_entity_fp_of(uint32_t county, uint64_t name_fp, const char *uscc);

/* The fingerprint of an entity name for the duplicate rule (0 for an empty name). Setting
 * name_fp, entity_fp and has_fp lets a record outlive the strings it was read from. */
uint64_t gy_cube_name_fp(const char *entity);

/* The most input files one store takes: a record keeps its file's index in 13 bits (the
 * other three of its 16 are flags). GY_E_TOO_MANY_FILES's message names the number. */
#define GY_MAX_FILES 8192

/* The most records (and so distinct persons) a store holds, counting the padding between
 * appended chunks: indexes are 32 bits, and the memory it takes (about 70 bytes a record)
 * is more than a bureau's machine has long before. */
#define GY_MAX_RECORDS 2000000000u

/* How a store works, fixed when it is made (gy_cube_new_opt; libxlsxwriter's
 * workbook_new_opt). Zero in every field is the default; the program sets max_records alone
 * (GUIYAN_MAX_RECORDS), the tests the others, to reach each path and compare it with another. */
typedef struct gy_cube_opts {
    /* A lower ceiling than GY_MAX_RECORDS (0 or more: GY_MAX_RECORDS): gy_cube_push (false:
     * the record is not kept) and gy_cube_append (false: nothing moves) refuse to pass it. */
    uint32_t max_records;
    /* gy_cube_table, and the index when built after settling, split their work over two
     * threads from this many records up (0: one million); 1 checks that the two shares add up
     * to the one-thread table. */
    uint32_t table_split_min;
    /* Settling tells keys apart by 32 bits of their hash first, then checks a match against the
     * keys; a mask with fewer bits (0: all 32) makes different keys share them often. */
    uint32_t tag_mask;
    /* A settle of everything builds the distinct-count index as it goes; true leaves it to the
     * first figure (to compare the two builders). */
    bool index_after;
    /* Tables fold per-(county, day) cells for the additive measures and one-record chains
     * when counties × days is at most 2^20, else read every record; true always reads the
     * records (to compare the two ways). */
    bool no_cells;
    /* gy_cube_settle splits its work over two threads from this many pending records up (0:
     * 200,000); 1 makes the tests' small stores take both threads' paths. */
    uint32_t settle_split_min;
} gy_cube_opts;

/* A new empty store for `region` (borrowed; must outlive the cube), with opts (copied; NULL:
 * the defaults). Free with gy_cube_free, which accepts NULL. */
gy_cube *gy_cube_new_opt(const gy_region *region, const gy_cube_opts *opts);
/* gy_cube_new_opt(region, NULL). */
gy_cube *gy_cube_new(const gy_region *region);
/* A new empty store with c's region and options (the loader's per-reader stores). */
gy_cube *gy_cube_new_like(const gy_cube *c);
void gy_cube_free(gy_cube *c);

/* Add a record (records come file by file: a file's records after those of the files
 * before it). A record equal to an earlier one of the same file in ID number, start date,
 * entity name, loan amount and loan date is a duplicate and changes nothing; *dup_of gets the earlier
 * one's (file, line) when dup_file/dup_line are non-NULL. GY_ADD_FULL: the store holds
 * GY_MAX_RECORDS already, the record is not kept. */
gy_add_result gy_cube_add(gy_cube *c, const gy_record *r, uint32_t *dup_file, uint32_t *dup_line);

/* The bulk path, for the loader: gy_cube_push stores a record without comparing it with the
 * others (cheap, so each reader thread pushes into a cube of its own); gy_cube_append moves
 * every record of `other` (read from later input than c's) behind c's, lines shifted by
 * line_offset, leaving other empty; gy_cube_settle then finds the duplicates among the records
 * pushed or appended since the last settle — the first in input order counts — and links the
 * chains, on two threads that take partitions of the keys in turn, and returns how many it
 * found. gy_cube_records counts pushed records only once they are settled, and the figures
 * (gy_cube_table, gy_cube_value, gy_cube_each) read a settled store only: settle after the
 * last push or append (gy_cube_add, gy_cube_supersede and a gy_load that succeeds leave the
 * store settled); before, they refuse (a programming error: a critical message, NULL or 0,
 * no call of fn). */
bool gy_cube_push(gy_cube *c, const gy_record *r);
bool gy_cube_append(gy_cube *c, gy_cube *other, uint32_t line_offset);

/* Why a push or append refused: the loan amounts (or outputs) pushed so far would add up past
 * int64 — no figure could then be exact — rather than the store being full. Amounts are at
 * most 100 亿元 each, so this takes 9.2 million of the largest; gy_cube_add refuses such a
 * record as GY_ADD_FULL. */
bool gy_cube_sums_full(const gy_cube *c);

/* The most records c holds: its max_records option, or GY_MAX_RECORDS. */
uint32_t gy_cube_records_max(const gy_cube *c);
size_t gy_cube_settle(gy_cube *c);

/* What supersession found for a row of an older file (gy_cube_supersede). */
typedef enum gy_update_kind {
    GY_UPD_DUPLICATE,     /* equal in every field read to `other`, a standing row: left out */
    GY_UPD_SUPERSEDED,    /* replaced by the newer file's rows; `other` is the standing row it
                             is compared with (the one with the same loan, else the first) */
    GY_UPD_LOAN_DROPPED,  /* (as well) its loan is on no standing row of the startup */
    GY_UPD_OTHER_START,   /* a standing row of a startup found only in older files, while a
                             newer file (`other`) holds the same person with another start
                             date: a corrected start date, or a second startup */
} gy_update_kind;

/* Called for each finding; the records' entity and uscc are "" (only fingerprints kept). */
typedef void (*gy_update_fn)(gy_update_kind kind, const gy_record *row, const gy_record *other,
                             void *user);

/* Decide every startup (person + start date) held by several files: rank[file] orders the
 * input files from oldest (0) to newest, a permutation. The newest file's rows of a startup
 * stand; its rows in older files are left out, each reported to fn (may be NULL) as a
 * duplicate or as superseded. A start date given to the month only (start_month) matches any
 * day of its month: a month in which any file gives one for the person is decided whole, by
 * the newest file holding the person in that month (all its rows of the month stand). Rows of one file are never compared here (the duplicate rule
 * does that as they are settled). Then, among the standing rows, an entity name without a valid
 * credit code that the same county's coded entities bear exactly once becomes that entity;
 * *ambiguous (may be NULL) gets how many names several coded entities bear (they stay
 * apart). Coded names are compared by 32 bits of their fingerprint: a false match needs two
 * different names of one county to share them. Returns how many rows were left out; the chains
 * and index are rebuilt. Call once, after every file was loaded. */
size_t gy_cube_supersede(gy_cube *c, const uint32_t *rank, gy_update_fn fn, void *user,
                         size_t *ambiguous);

/* gy_cube_supersede, also settling what is pending: dups (GY_MAX_FILES entries, may be NULL)
 * gets each file's duplicates under the rule within one file added, as gy_cube_settle finds
 * them. The loader appends several exports without settling them: a store with nothing
 * settled is linked once (its persons; the relink afterwards links the entities of the rows
 * left standing), with the same duplicates, rows left out, findings in the same order and
 * figures as settling file by file first. The chains are decided on two threads from
 * opts.settle_split_min settled records up. */
size_t gy_cube_supersede_files(gy_cube *c, const uint32_t *rank, gy_update_fn fn, void *user,
                               size_t *ambiguous, uint32_t *dups);

/* gy_cube_settle for a store holding one export: the rows that count (duplicates left out)
 * then give each entity name without a valid credit code that the same county's coded
 * entities bear exactly once that entity, as gy_cube_supersede does after several exports;
 * *ambiguous (may be NULL) gets how many names several coded entities bear (they stay apart).
 * Settling everything at once, the names are matched before the entities are linked, so a
 * store without such names pays one pass over the records; records settled before are linked
 * again when a name matched. Returns the duplicates found, as gy_cube_settle. */
size_t gy_cube_settle_named(gy_cube *c, size_t *ambiguous);

/* Accepted records (settled, duplicates not counted). */
size_t gy_cube_records(const gy_cube *c);

const gy_region *gy_cube_region(const gy_cube *c);
/* First and last month holding any start or loan date; false if the cube is empty. */
bool gy_cube_span(const gy_cube *c, gy_month *first, gy_month *last);

/* The latest start or disbursement date of any record (GY_NO_DAY if empty). */
gy_day gy_cube_last_day(const gy_cube *c);

/* Every indicator for every county and the total, per period of `grain` from month `first`
 * through `last` (inclusive, whole periods), counting only dates in [from, to] (GY_NO_DAY:
 * open): start dates for the start indicators, disbursement dates for loans — so a column can
 * hold part of its period (a mid-month cut-off). One pass over the index; a table asked for
 * again with the same arguments before the records change is copied from the first. A new
 * table (gy_table_free). */
gy_table *gy_cube_table(const gy_cube *c, gy_grain grain, gy_month first, gy_month last,
                        gy_day from, gy_day to);

/* One figure over an arbitrary day range [from, to] for one county (index) or the whole
 * region (GY_ALL). */
#define GY_ALL ((size_t)-1)
int64_t gy_cube_value(const gy_cube *c, gy_ind ind, size_t county, gy_day from, gy_day to);

/* Call fn for each record behind gy_cube_value(c, ind, county, from, to) — for provenance. */
typedef void (*gy_record_fn)(const gy_record *r, void *user);
void gy_cube_each(const gy_cube *c, gy_ind ind, size_t county, gy_day from, gy_day to,
                  gy_record_fn fn, void *user);

#endif
