/* county.h — county-level divisions of China (GB/T 2260) and name resolution inside a region.
 * The national table is data (report_templates/divisions.tsv); a region is the counties of a
 * prefecture or province (or the whole country) in code order, plus reporting units without a
 * code (乐山高新区) declared by configuration. */
#ifndef GUIYAN_COUNTY_H
#define GUIYAN_COUNTY_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/error.h"

typedef struct gy_divisions gy_divisions;
typedef struct gy_region gy_region;

/* Load the national table from a TSV file. Returns NULL and sets *err on failure.
 * Caller owns the result; free with gy_divisions_free (accepts NULL). */
gy_divisions *gy_divisions_load(const char *path, GError **err);   /* src/setup/ */

/* The table from its text (len bytes; a UTF-8 BOM is skipped), origin naming it in messages:
 * what gy_divisions_load does after reading the file. Pure. */
gy_divisions *gy_divisions_parse(const char *text, size_t len, const char *origin, GError **err);
void gy_divisions_free(gy_divisions *dv);

/* Name of the division with this 6-digit code (province, prefecture or county), or NULL. */
const char *gy_divisions_name(const gy_divisions *dv, const char *code);

/* A region: `scope` is a 6-digit code or a name of a province or prefecture ("511100",
 * "乐山市", "四川省"), or NULL / "" for the whole country. The region keeps a pointer to dv,
 * which must outlive it. Returns NULL and sets *err if scope is unknown or ambiguous.
 * Free with gy_region_free (accepts NULL). */
gy_region *gy_region_new(const gy_divisions *dv, const char *scope, GError **err);
void gy_region_free(gy_region *rg);

/* Declare a reporting unit without a code (乐山高新区), with extra spellings (may be NULL,
 * NULL-terminated). It is placed after the coded counties. Returns its index. */
size_t gy_region_add_unit(gy_region *rg, const char *name, const char *const *aliases);

/* Add an extra spelling for an existing county or unit (from the alias file). */
void gy_region_add_alias(gy_region *rg, size_t idx, const char *alias);

size_t gy_region_count(const gy_region *rg);            /* counties + units, in report order */
const char *gy_region_code(const gy_region *rg, size_t i);  /* "511102"; "" for a unit */
const char *gy_region_name(const gy_region *rg, size_t i);  /* official name */
/* The prefecture (地级) holding county i ("内江市" for 511011), or NULL (a unit, a prefecture
 * itself, a county directly under its province). */
const char *gy_region_parent(const gy_region *rg, size_t i);
const char *gy_region_label(const gy_region *rg);        /* "乐山市", "四川省", "全国" */
const char *gy_region_scope_code(const gy_region *rg);   /* "511100", "" for the country */

/* Resolve what an export writes in its county column: the official name, a usual short form
 * (峨边县, 峨边, 五通桥), the name with a prefecture or province prefix (乐山市峨眉山市,
 * 四川省乐山市市中区), or the 6-digit code. Returns GY_OK and *idx, or GY_E_EMPTY,
 * GY_E_COUNTY_UNKNOWN, GY_E_COUNTY_AMBIGUOUS (市中区 without a region),
 * GY_E_COUNTY_OUTSIDE (a real county of another region). Thread-safe for concurrent reads. */
gy_error gy_region_resolve(const gy_region *rg, const char *text, size_t *idx);

/* A reader's memory of the county texts it has resolved: an export repeats the same dozen
 * spellings on millions of rows, and a text seen before, byte for byte, is answered without
 * the hash lookup. Holds up to 64 texts of fewer than 32 bytes; others are resolved each time.
 * One per thread (it is written on every miss); rg must not gain units or aliases while it is
 * in use. Free with gy_region_memo_free (accepts NULL). */
typedef struct gy_region_memo gy_region_memo;
gy_region_memo *gy_region_memo_new(const gy_region *rg);
void gy_region_memo_free(gy_region_memo *m);

/* Exactly gy_region_resolve(rg, text, idx) for the memo's region; for a county's townships,
 * a text that does not resolve gives the catch-all 未填乡镇 and is noted (see
 * gy_region_new_townships). */
gy_error gy_region_memo_resolve(gy_region_memo *m, const char *text, size_t *idx);

/* For a county's townships, the row's 县 column: GY_OK when blank or naming this county,
 * GY_E_COUNTY_OUTSIDE for another county, GY_E_COUNTY_AMBIGUOUS / _UNKNOWN otherwise; GY_OK
 * always for other regions. */
gy_error gy_region_memo_own_county(gy_region_memo *m, const char *text);

/* ---- a county's townships (乡镇、街道) ---- */

/* The 6-digit code of the county-level division `text` names (its code or an unambiguous
 * spelling, as in an export), or NULL. Borrowed from dv. */
const char *gy_divisions_county(const gy_divisions *dv, const char *text);

/* A region of one county's townships, from the table at `path` (townships.tsv: lines
 * code<TAB>name<TAB>county_code, # comments), in code order, then the catch-all 未填乡镇.
 * Label and scope code are the county's. Township names resolve like counties: the name, its
 * short form (玉津镇 → 玉津, 东城街道 → 东城; two townships sharing one make it ambiguous), the
 * 9- or 12-digit code, the county's name or short form in front (犍为县玉津镇). Through a memo
 * (the loader), a text that is blank, unknown or ambiguous resolves to the catch-all and is
 * noted for gy_region_unmatched; gy_region_resolve itself stays strict (targets, rosters).
 * NULL and *err: GY_E_CONFIG (not a county, or no township of it in the table), GY_E_IO,
 * GY_E_TEMPLATE (a malformed table). Free with gy_region_free. */
gy_region *gy_region_new_townships(const gy_divisions *dv, const char *county, const char *path,
                                   GError **err);   /* reads path: src/setup/ */

/* gy_region_new_townships on the township table's text (len bytes, borrowed); path names it in
 * messages. Pure. */
gy_region *gy_region_townships_parse(const gy_divisions *dv, const char *county, const char *table,
                                     size_t len, const char *path, GError **err);

/* True when county names a county-level division of dv; else false with *err GY_E_CONFIG. */
bool gy_divisions_is_county(const gy_divisions *dv, const char *county, GError **err);
bool gy_region_is_townships(const gy_region *rg);
/* The header of the row labels: "乡镇（街道）" for townships, else "县（市、区）". */
const char *gy_region_row_head(const gy_region *rg);

/* A text the loader could not place in a county's townships. */
typedef struct gy_unmatched {
    char *text;              /* as written; "" for blank */
    unsigned long rows;
    gy_error why;            /* GY_E_EMPTY, GY_E_COUNTY_UNKNOWN, GY_E_COUNTY_AMBIGUOUS,
                              * GY_E_COUNTY_OUTSIDE */
    char *names;             /* ambiguous: the townships it fits; unknown: up to three nearest
                              * names ("" when none is near), joined with 、 */
} gy_unmatched;

/* The texts counted under 未填乡镇 so far, most rows first (newly allocated array of
 * gy_unmatched, freed with it; empty for other regions). */
GPtrArray *gy_region_unmatched(const gy_region *rg);

#endif
