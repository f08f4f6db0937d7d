/* stars.h — award rosters of 返乡创业明星 and 返乡创业明星企业: what one roster row says, the
 * checks that catch roster mistakes (double listings, enterprise awards without a name or with
 * a bad credit code, winners missing from the startup records), counts by year × level ×
 * category × county, list order, and the paragraph of the reply. The model (src/measures/
 * stars.c) is pure; the outputs (stars_out.h, src/render/stars_out.c) write files. */
#ifndef GUIYAN_STARS_H
#define GUIYAN_STARS_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "guiyan/county.h"
#include "guiyan/error.h"
#include "guiyan/fields.h"
#include "guiyan/judge.h"
#include "guiyan/ledger.h"
#include "guiyan/row.h"
#include "guiyan/strokes.h"
#include "guiyan/types.h"

typedef struct gy_aliases gy_aliases;   /* schema.h */

/* ---- levels and categories ---- */

typedef enum gy_star_level { GY_STAR_CITY, GY_STAR_PROVINCE, GY_STAR_LEVELS } gy_star_level;
typedef enum gy_star_kind { GY_STAR_PERSON, GY_STAR_ENTERPRISE, GY_STAR_KINDS } gy_star_kind;

const char *gy_star_level_name(gy_star_level l);   /* "市级", "省级" */
const char *gy_star_kind_name(gy_star_kind k);     /* "返乡创业明星", "返乡创业明星企业" */
const char *gy_star_kind_short(gy_star_kind k);    /* "明星", "明星企业" */
const char *gy_star_kind_measure(gy_star_kind k);  /* "名", "家" */

/* 市级, 市, 乐山市级, 乐山市 → GY_STAR_CITY; 省级, 省, 四川省级, 四川省 → GY_STAR_PROVINCE (spaces
 * ignored). Errors: GY_E_EMPTY, GY_E_LEVEL. */
gy_error gy_star_level_parse(const char *s, gy_star_level *out);

/* 返乡创业明星, 创业明星, 明星 → PERSON; 返乡创业明星企业, 创业明星企业, 明星企业 → ENTERPRISE
 * (spaces ignored). Errors: GY_E_EMPTY, GY_E_CATEGORY. */
gy_error gy_star_kind_parse(const char *s, gy_star_kind *out);

/* 2020, 2020年, 2020年度 → 2020 (1949..2099). Errors: GY_E_EMPTY, GY_E_DATE_FORMAT,
 * GY_E_DATE_RANGE. */
gy_error gy_star_year_parse(const char *s, int *year);

/* ---- reading a roster row ---- */

/* The fields of a roster, in the [stars] group of the alias file. */
typedef enum gy_star_field {
    GY_SF_NAME, GY_SF_ID, GY_SF_COUNTY, GY_SF_LEVEL, GY_SF_KIND, GY_SF_ENTITY, GY_SF_USCC,
    GY_SF_YEAR, GY_SF_INDUSTRY, GY_SF_JOBS, GY_SF_OUTPUT, GY_SF__COUNT
} gy_star_field;

/* Where a roster file keeps each field, from its header row. */
typedef struct gy_star_layout {
    int col[GY_SF__COUNT];           /* column index, or -1 when the file lacks the field */
    char *head[GY_SF__COUNT];        /* the header as written ("" when absent); owned */
    gy_unit output_unit;             /* 年产值(万元) or (元) */
    gy_judge *judge;                 /* the roster's fields compiled for these columns (owned;
                                      * gy_star_layout_judge) */
} gy_star_layout;

/* Map a header row through the [stars] aliases. Required: 姓名, 身份证号码, 县(市、区), 级别,
 * 类别, 评选年度; the others may be missing. GY_E_MISSING_COLUMN with *err naming the field and
 * the spellings tried. Clear with gy_star_layout_clear (also after a failure). Defined in
 * src/ingest/stars_layout.c (it reads the alias file's spellings). */
gy_error gy_star_layout_map(gy_star_layout *ly, const gy_aliases *al, const gy_row *header,
                            GError **err);
void gy_star_layout_clear(gy_star_layout *ly);
/* Compile the roster's field table (judge.h) for ly's columns and output unit into ly->judge;
 * gy_star_layout_map does it once a header maps. */
void gy_star_layout_judge(gy_star_layout *ly);
/* The [stars] key of field f (GY_SF_NAME → "name"), for the manifest's mapping; static. */
const char *gy_star_field_key(int f);

/* One award. */
typedef struct gy_star {
    const char *name;
    char id[19];                     /* 18-character ID; "" when blank (enterprise awards) */
    uint32_t county;                 /* index in the region */
    gy_star_level level;
    gy_star_kind kind;
    int year;
    const char *entity;              /* 企业名称, "" when blank */
    char uscc[19];                   /* "" when blank (or invalid on a person award) */
    const char *industry;            /* "" when blank */
    int64_t jobs;                    /* -1 when blank */
    gy_fen output;                   /* -1 when blank */
    uint32_t file;
    unsigned long line;
} gy_star;

/* What became of a row: an award, or the field, value and reason of its first problem. */
typedef struct gy_star_verdict {
    gy_error reason;                 /* GY_OK: *out is the award */
    int field;                       /* gy_star_field at fault, or -1 */
    const char *value;               /* as read */
    gy_error warning;                /* a problem that does not reject the row (a bad credit
                                      * code on a person award: the code is dropped), or GY_OK */
} gy_star_verdict;

/* Judge one row with ly->judge, the shared row judge (values are unguarded in place). Rejects: a blank name; an ID that does not
 * pass gy_id_parse (blank is allowed on an enterprise award); an unknown county; a level or
 * category that does not parse; a year that does not parse; an enterprise award without
 * 企业名称 (GY_E_EMPTY) or with a credit code that fails gy_uscc_parse (GB 32100); bad 带动就业人数
 * or 年产值. The strings of *out point into row: copy them before the next row. Pure. */
gy_star_verdict gy_star_judge(const gy_star_layout *ly, gy_row *row, const gy_region *rg,
                              uint32_t file, gy_star *out);

/* ---- the roster ---- */

typedef enum gy_star_issue_kind {
    GY_ISSUE_REJECTED,               /* the row was not taken (also in the ledger) */
    GY_ISSUE_DUPLICATE,              /* a second listing: counted once */
    GY_ISSUE_NOT_IN_RECORDS,         /* a winner whose ID is not in the startup records */
    GY_ISSUE_NOTE                    /* anything else worth a look (dropped credit code, a name
                                      * character the stroke table lacks) */
} gy_star_issue_kind;

/* A problem for the 问题 list. Strings owned by the roster. */
typedef struct gy_star_issue {
    gy_star_issue_kind kind;
    uint32_t file;
    unsigned long line;
    const char *name;                /* 姓名 as written */
    const char *column;              /* header of the column concerned, or "" */
    const char *value;               /* its value, or "" */
    const char *text;                /* the explanation, in Chinese */
} gy_star_issue;

typedef struct gy_roster gy_roster;

/* An empty roster for awards read from `files` (names used in messages: their basenames).
 * Free with gy_roster_free. */
gy_roster *gy_roster_new(const char *const *files, size_t n_files);
void gy_roster_free(gy_roster *ro);                   /* accepts NULL */

/* Add an award (its strings are copied). An award with the level, category and year of an
 * earlier one and the same person (ID; person awards) or enterprise (credit code, else
 * enterprise name; enterprise awards) is a duplicate: it is not added, a GY_ISSUE_DUPLICATE
 * naming the earlier line is recorded, false is returned and *dup_of (may be NULL) gets the
 * earlier award's index. true when added. */
bool gy_roster_add(gy_roster *ro, const gy_star *s, size_t *dup_of);

size_t gy_roster_size(const gy_roster *ro);
const gy_star *gy_roster_get(const gy_roster *ro, size_t i);   /* in input order */

/* Record a rejected row for the 问题 list (the caller also puts it in the ledger). field is
 * the gy_star_field at fault or -1; the text is gy_reason_zh(reason), with the field named
 * where that helps ("返乡创业明星企业未填写企业名称"). */
void gy_roster_reject(gy_roster *ro, uint32_t file, unsigned long line, const char *name,
                      int field, const char *column, const char *value, gy_error reason);

/* Record any other issue (all strings copied). */
void gy_roster_issue(gy_roster *ro, gy_star_issue_kind kind, uint32_t file, unsigned long line,
                     const char *name, const char *column, const char *value, const char *text);

size_t gy_roster_n_issues(const gy_roster *ro);
const gy_star_issue *gy_roster_get_issue(const gy_roster *ro, size_t i);
/* Put the issues in file and line order (stable). */
void gy_roster_sort_issues(gy_roster *ro);

/* Does the startup register know this person (gy_id_key of the ID)? */
typedef bool (*gy_person_known_fn)(uint64_t person, void *user);

/* Record a GY_ISSUE_NOT_IN_RECORDS for every award with an ID that known() does not know.
 * Returns how many. */
size_t gy_roster_check_records(gy_roster *ro, gy_person_known_fn known, void *user);

/* Record a GY_ISSUE_NOTE for every name holding a character the stroke table lacks (it is
 * then ordered after the known ones). Returns how many. */
size_t gy_roster_check_names(gy_roster *ro, const gy_strokes *sk);

/* The awards of one level and category, ordered by year, then by name (gy_strokes_compare),
 * then by ID, enterprise name and input order. Returns n indices (g_free); *n may be 0. */
size_t *gy_roster_list(const gy_roster *ro, gy_star_level l, gy_star_kind k,
                       const gy_strokes *sk, gy_name_order order, size_t *n);

/* ---- counts ---- */

/* Awards by year × level × category × county. Plain data. */
typedef struct gy_star_counts {
    size_t n_years;
    int *years;                      /* ascending */
    size_t n_counties;               /* the region's; county index n_counties is 合计 */
    int64_t *v;
} gy_star_counts;

/* Count the roster's awards (duplicates are not in the roster). Every year that has an award
 * gets every county, zeros included. Free with gy_star_counts_free. */
gy_star_counts *gy_roster_counts(const gy_roster *ro, size_t n_counties);
void gy_star_counts_free(gy_star_counts *c);           /* accepts NULL */

/* The count of year index yi, level, category and county (n_counties: 合计). */
int64_t gy_star_count(const gy_star_counts *c, size_t yi, gy_star_level l, gy_star_kind k,
                      size_t county);

/* ---- the reply paragraph ---- */

/* Fill a paragraph template for year index yi. Placeholders: {年度}, {地区}, and
 * {级别.类别} with 级别 市级 or 省级 and 类别 明星, 明星企业, 返乡创业明星, 返乡创业明星企业 or
 * 合计 (both categories), e.g. {市级.明星企业}; counts are written in Arabic digits. {{ and }}
 * are literal braces; lines starting with # are comments and are dropped; trailing blank
 * lines are dropped. A clause [X] or [X|Y] is left out when it has counts and all are 0; Y is
 * said instead of X when the clause just before was left out (or there is none); the first
 * clause said drops a leading 、，； mark; [[ is a bracket. NULL with *err (GY_ERROR,
 * GY_E_TEMPLATE, naming the placeholder) for an unknown placeholder or an unclosed brace or
 * bracket. Newly allocated. */
char *gy_stars_paragraph(const char *tmpl, const gy_star_counts *c, size_t yi,
                         const char *region, GError **err);

#endif
