/* ledger.h — every input row's fate (accepted, duplicate, rejected with a reason), per-file
 * accounting, and the run facts that rejects.csv, manifest.json and the 数据说明 sheet show. */
#ifndef GUIYAN_LEDGER_H
#define GUIYAN_LEDGER_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/error.h"
#include "guiyan/coverage.h"
#include "guiyan/cube.h"
#include "guiyan/types.h"

/* A rejected row. All strings owned by the ledger. */
typedef struct gy_reject {
    uint32_t file;          /* index into the ledger's inputs */
    unsigned long line;     /* physical line where the record starts (header is line 1) */
    const char *column;     /* the header as written in the file ("身份证号码") */
    const char *value;      /* the value as read (cleaned UTF-8) */
    gy_error reason;        /* gy_reason_zh() gives the Chinese reason */
    const char *detail;     /* more about this row's problem (the candidates of an ambiguous
                               county, the nearest names), or NULL */
} gy_reject;

/* An accepted row read with a guess worth telling (犍为县清溪镇 read as 犍为县): one per file
 * and value, with the first line and how many rows. */
typedef struct gy_note {
    uint32_t file;
    unsigned long line, rows;
    const char *column, *value, *text;
} gy_note;

/* One input file. */
typedef struct gy_input {
    const char *path;       /* as given on the command line */
    const char *name;       /* basename */
    unsigned long long size;
    char sha256[65];
    const char *encoding;   /* gy_encoding_name() */
    unsigned long header_line;  /* physical line of the header: 1 unless title rows precede */
    int same_as;            /* the earlier input this one is the same file as, or -1 */
    const char *sheet;      /* a workbook's sheet read, or NULL for text; name is then
                               "file.xlsx:Sheet1", so every message names the sheet */
    const char *reader;     /* "CSV", "TSV", "xlsx", …: gy_kind_name(); "" before reading */
    const char *kind;       /* the list it holds when not a startup export (培训台账, 明星名单 …;
                               kinds.ini), or NULL */
    /* the header's columns as read: header, field ("" if not read), header, field, …, NULL */
    const char *const *mapping;
    /* rows_read = accepted + duplicate + superseded + rejected + skipped (total and note
     * rows) */
    unsigned long rows_read, rows_accepted, rows_duplicate, rows_rejected, rows_skipped;
    unsigned long rows_superseded;  /* replaced by a newer file's rows of the same startup */
    gy_day written;         /* the day the file was last written (local time); GY_NO_DAY when
                               unknown (standard input, a pipe) */
    gy_day cutoff;          /* latest start or loan date among its accepted rows, or GY_NO_DAY */
    uint32_t rank;          /* from oldest (0) to newest: gy_ledger_order */
    gy_cover cover[GY_COVER__KINDS];  /* its accepted rows' start and loan dates */
} gy_input;

/* A finding of supersession (gy_cube_supersede) kept for updates.csv. The records' entity and
 * uscc point to text read back from the files (owned by the ledger), or "" when not needed. */
typedef struct gy_update {
    gy_update_kind kind;
    gy_record row, other;
} gy_update;

typedef struct gy_ledger gy_ledger;

gy_ledger *gy_ledger_new(void);
void gy_ledger_free(gy_ledger *lg);

/* Register an input; returns its index. path is copied. */
uint32_t gy_ledger_add_input(gy_ledger *lg, const char *path);
gy_input *gy_ledger_input(gy_ledger *lg, uint32_t i);
/* Input i is sheet `sheet` of its workbook (copied), read by `reader` (a static string):
 * its name becomes "file.xlsx:sheet". sheet NULL: text, the name stays. */
void gy_ledger_set_reader(gy_ledger *lg, uint32_t i, const char *reader, const char *sheet);
/* Input i's header mapping: n columns, headers[c] read as fields[c] (NULL: ignored). Copied. */
void gy_ledger_set_mapping(gy_ledger *lg, uint32_t i, const char *const *headers,
                           const char *const *fields, size_t n);
size_t gy_ledger_n_inputs(const gy_ledger *lg);

/* Record a rejected row (column and value are copied). Also counts it for its file: as
 * rejected, or as skipped when the reason says it is no record (gy_error_is_skip). */
void gy_ledger_reject(gy_ledger *lg, uint32_t file, unsigned long line, const char *column,
                      const char *value, gy_error reason);
size_t gy_ledger_n_rejects(const gy_ledger *lg);
/* gy_ledger_reject with a detail (copied; NULL for none). */
void gy_ledger_reject_detail(gy_ledger *lg, uint32_t file, unsigned long line,
                             const char *column, const char *value, gy_error reason,
                             const char *detail);
/* Note an accepted row read with a guess (strings copied): counted once per file and value. */
void gy_ledger_note(gy_ledger *lg, uint32_t file, unsigned long line, const char *column,
                    const char *value, const char *text);
size_t gy_ledger_n_notes(const gy_ledger *lg);
const gy_note *gy_ledger_get_note(const gy_ledger *lg, size_t i);
const gy_reject *gy_ledger_get_reject(const gy_ledger *lg, size_t i);  /* in input order */

/* Take over the accounting and rejects of `part` (a ledger with one input, filled by a reader
 * of part of a file) as input `file`, with `offset` added to its line numbers. */
void gy_ledger_absorb(gy_ledger *lg, uint32_t file, const gy_ledger *part, unsigned long offset);

/* Put the rejects in file and line order (after a parallel read), and the updates in the
 * order of updates.csv. */
void gy_ledger_sort(gy_ledger *lg);

/* Order the inputs from oldest to newest and set each one's rank: by cut-off, then by the
 * SHA-256 of their bytes (so the order of the arguments never matters; of byte-identical
 * copies the one named first counts as the newer), or with `given` in the order named (later
 * newer). Returns the ranks, indexed by input (owned by the ledger, valid until the next
 * call). */
const uint32_t *gy_ledger_order(gy_ledger *lg, bool given);
/* The input at place `rank` from the oldest (after gy_ledger_order). */
const gy_input *gy_ledger_by_rank(const gy_ledger *lg, uint32_t rank);

/* Count a supersession finding for its file (a duplicate or superseded row leaves the
 * accepted ones) and keep it for updates.csv unless it is a duplicate. */
void gy_ledger_update(gy_ledger *lg, gy_update_kind kind, const gy_record *row,
                      const gy_record *other);
size_t gy_ledger_n_updates(const gy_ledger *lg);
/* How many entity names without a credit code several coded entities of their county bear
 * (gy_cube_supersede): they were counted apart. */
void gy_ledger_set_names_ambiguous(gy_ledger *lg, size_t n);
size_t gy_ledger_names_ambiguous(const gy_ledger *lg);
/* In the order of updates.csv after gy_ledger_sort: oldest file first, then line. */
gy_update *gy_ledger_get_update(gy_ledger *lg, size_t i);
/* Copy a text into the ledger (for gy_update's entity and uscc). */
const char *gy_ledger_text(gy_ledger *lg, const char *s);
/* The changes from u->row to u->other as "带动就业人数：3 → 8；…" (region names the counties),
 * a start date first where a month-precision one matched another ("创业时间：2021-03 →
 * 2021-03-15"); "" when none. Free with g_free. */
char *gy_update_changes(const gy_update *u, const gy_region *rg);
/* A record's start date as a clerk reads it: "2021-03-15", or "2021-03" when the export gave
 * the month only (r->start_month). */
void gy_record_start_text(const gy_record *r, char buf[11]);

/* Write updates.csv (UTF-8 with BOM; header kind,file,line,id_number,start_date,
 * compared_file,compared_line,changes) through a temporary file, mode 0600: ID numbers are
 * masked (gy_id_mask) unless `unmask`. */
gy_error gy_ledger_write_updates(gy_ledger *lg, const gy_region *rg, bool unmask,
                                 const char *path, GError **err);

/* The run's coverage: the union of its files' (a file named twice counts once). */
void gy_ledger_coverage(const gy_ledger *lg, gy_cover out[GY_COVER__KINDS]);

/* The run's other real-name lists (training, survey, rosters …: src/run/lists.h), kept in their
 * own ledger; manifest.json lists them apart ("lists"). lists is borrowed and must outlive
 * lg's manifest; NULL for none. */
void gy_ledger_set_lists(gy_ledger *lg, const gy_ledger *lists);
const gy_ledger *gy_ledger_lists(const gy_ledger *lg);
/* The run's targets file (track's 目标 file: gy_targets_load_input), in a ledger of its own;
 * manifest.json lists it apart ("targets"), in the shape of an input. Borrowed as lists. */
void gy_ledger_set_targets(gy_ledger *lg, const gy_ledger *targets);
const gy_ledger *gy_ledger_targets(const gy_ledger *lg);
/* Run totals over all inputs. */
void gy_ledger_totals(const gy_ledger *lg, unsigned long *read, unsigned long *accepted,
                      unsigned long *duplicate, unsigned long *rejected);
unsigned long gy_ledger_superseded(const gy_ledger *lg);  /* superseded rows, all inputs */
unsigned long gy_ledger_skipped(const gy_ledger *lg);   /* total and note rows, all inputs */
unsigned long gy_ledger_rejected(const gy_ledger *lg);  /* rejected rows, all inputs */

/* Write rejects.csv (UTF-8 with BOM, header file,line,column,value,reason) to `path` through
 * a temporary file renamed when complete, mode 0600: the values are people's (ID numbers in
 * full with --unmask; masked ones still show the place code and the last four digits). A
 * value beginning with = + - @ is written with a leading apostrophe so that a spreadsheet
 * cannot run it as a formula. The rejects of the other lists (gy_ledger_set_lists) follow the
 * startup exports', in the same format. */
gy_error gy_ledger_write_rejects(const gy_ledger *lg, const char *path, GError **err);

#endif
