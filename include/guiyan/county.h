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
gy_divisions *gy_divisions_load(const char *path, GError **err);
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

/* Exactly gy_region_resolve(rg, text, idx) for the memo's region. */
gy_error gy_region_memo_resolve(gy_region_memo *m, const char *text, size_t *idx);

#endif
