/* declared.h — indicators declared as data over record kinds other than the startup ledger
 * (培训台账, 意愿摸底表, 项目库, 导师名册, 服务记录): an indicator line of indicators.tsv names
 * the kind it counts, the measure (rows, distinct persons, distinct values of a column, the
 * sum of a column), filters on columns' values and the date that places a record in a period.
 * Kinds are defined in report_templates/kinds.ini (fields, types, the key of one record) and
 * their header spellings in aliases.ini (a section per kind). The records of those kinds live
 * in a small store (not the startup cube): person key, county, one int64 per field (a text as
 * an interned number, a date as a gy_day, a number as itself). Pure: no I/O (reading a file
 * into the store is src/ingest/kinds.c). */
#ifndef GUIYAN_DECLARED_H
#define GUIYAN_DECLARED_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include "guiyan/error.h"
#include "guiyan/types.h"

/* What an indicator measures over the records that pass its filters and period. */
typedef enum gy_decl_measure {
    GY_DM_ROWS,       /* rows: 人次, 个 — "rows" */
    GY_DM_PERSONS,    /* distinct persons (ID numbers): 人 — "persons" */
    GY_DM_DISTINCT,   /* distinct values of a column: "distinct(project)" */
    GY_DM_SUM,        /* sum of a number column: "sum(hours)" */
} gy_decl_measure;

/* One condition: field = one of values (a|b). */
typedef struct gy_decl_cond {
    char *field;      /* a field key of the kind or one of its header spellings */
    char **values;    /* NULL-terminated, at least one */
} gy_decl_cond;

/* The declaration of an indicator beyond its name (columns 7.. of indicators.tsv). Owned by
 * the indicator table. */
typedef struct gy_decl_spec {
    char *kind;               /* "training"; "startup" is the ledger's own (the cube) */
    gy_decl_measure measure;
    char *column;             /* GY_DM_DISTINCT / GY_DM_SUM: the field; else NULL */
    gy_decl_cond *conds;      /* all must hold */
    size_t n_conds;
    char *date;               /* the field placing a record in a period */
    char **aliases;           /* other names of the indicator, NULL-terminated (maybe empty) */
    char *kind_label;         /* the kind's label (培训台账) once a run has read kinds.ini
                               * (gy_decl_spec_set_label); NULL before */
} gy_decl_spec;

/* Set the kind's label (copied) for the prose of definitions. */
void gy_decl_spec_set_label(gy_decl_spec *s, const char *label);

/* The kind column's value for the startup ledger. */
#define GY_DECL_STARTUP "startup"

/* Parse the columns after decimals: kind, measure, filter, date and optionally aliases
 * (n = 4 or 5). "-" means no filter / no alias. Filter: "field=value" conditions joined by
 * "&" (value "a|b": either). Returns NULL with *err (GY_E_TEMPLATE, a reason without place:
 * the caller prefixes file and line) for an empty column, an unknown measure, a measure that
 * needs a column without one, a bad condition, a bad kind or date name. Free with
 * gy_decl_spec_free (accepts NULL). */
gy_decl_spec *gy_decl_spec_parse(char *const *cols, size_t n, GError **err);
void gy_decl_spec_free(gy_decl_spec *s);

/* "rows", "persons", "distinct", "sum". */
const char *gy_decl_measure_name(gy_decl_measure m);
/* The definition in Chinese for explain.csv's 口径: "培训台账中结业日期在统计期内、培训类别为
 * 创业培训的记录条数（人次…）"; kind_label NULL: the kind's name. Newly allocated. */
char *gy_decl_spec_describe(const gy_decl_spec *s, const char *kind_label);

/* ---- record kinds ---- */

typedef enum gy_kf_type {
    GY_KF_TEXT, GY_KF_ID, GY_KF_COUNTY, GY_KF_DATE, GY_KF_NUMBER
} gy_kf_type;

typedef struct gy_rkind_field {
    char *key;                /* canonical name, as aliases.ini's section writes it */
    gy_kf_type type;
    bool required;
} gy_rkind_field;

/* One record kind. Owned by its gy_kinds. */
typedef struct gy_rkind {
    char *name;               /* section name: training */
    char *label;              /* 培训台账 */
    gy_rkind_field *fields;
    size_t n_fields;
    size_t *key;              /* indices of the fields that identify one record */
    size_t n_key;
    int person;               /* index of the GY_KF_ID field, or -1 */
    int county;               /* index of the GY_KF_COUNTY field, or -1 */
} gy_rkind;

typedef struct gy_kinds gy_kinds;

/* Parse a kinds file (GKeyFile syntax; a group per kind with label=, fields= and key=):
 * fields are ';'-separated "key[:type][!]" — type one of text, id, county, date, number,
 * '!' marks a required field; key lists the fields identifying one record. NULL with *err
 * (GY_E_CONFIG, "origin: [kind]: reason") on a bad file. Free with gy_kinds_free. */
gy_kinds *gy_kinds_parse(const char *text, size_t len, const char *origin, GError **err);
/* The same from a key file already parsed (gy_kinds_parse and gy_kinds_load read the text:
 * src/setup/kinds_load.c); kf is borrowed. */
gy_kinds *gy_kinds_from_keyfile(GKeyFile *kf, const char *origin, GError **err);
/* Load kinds.ini. GY_E_CONFIG / GY_E_IO with *err naming the path. */
gy_kinds *gy_kinds_load(const char *path, GError **err);
/* kinds.ini of the templates folder dir; when the folder has none (one copied before this
 * file existed), the built-in one (installed, else the source tree's), its path into
 * *builtin (newly allocated; NULL when dir's own was read). NULL with *err (GY_E_CONFIG,
 * naming the file and what to do) when neither can be read. */
gy_kinds *gy_kinds_load_dir(const char *dir, char **builtin, GError **err);
/* <the built-in templates folder>/name: the installed one, else the source tree's (newly
 * allocated; the file may not exist). What a folder copied before a file existed falls back
 * to (gy_kinds_load_dir, the list groups of aliases.ini). */
char *gy_templates_builtin_file(const char *name);
void gy_kinds_free(gy_kinds *k);
size_t gy_kinds_count(const gy_kinds *k);
const gy_rkind *gy_kinds_at(const gy_kinds *k, size_t i);
const gy_rkind *gy_kinds_find(const gy_kinds *k, const char *name);   /* NULL if none */
/* Index of the field named key in kind, or -1. */
int gy_rkind_field_at(const gy_rkind *kd, const char *key);

/* ---- the store ---- */

/* One accepted record. v has kind->n_fields values. */
typedef struct gy_decl_rec {
    uint32_t kind;            /* index in the gy_kinds */
    uint32_t file;            /* ledger input */
    unsigned long line;
    uint64_t person;          /* gy_id_key, 0 when the kind has no ID field */
    uint32_t county;          /* region index, UINT32_MAX when the kind has none */
    bool dead;                /* replaced by a newer file's record with the same key */
    int64_t *v;
} gy_decl_rec;

typedef struct gy_decl_store gy_decl_store;

/* A store for records of the kinds of k (borrowed; must outlive the store). */
gy_decl_store *gy_decl_store_new(const gy_kinds *k);
void gy_decl_store_free(gy_decl_store *st);    /* accepts NULL */
const gy_kinds *gy_decl_store_kinds(const gy_decl_store *st);
/* The interned number of a text (added when new). */
int64_t gy_decl_store_intern(gy_decl_store *st, const char *text);
/* The text of an interned number; "" for one never given. Borrowed. */
const char *gy_decl_store_text(const gy_decl_store *st, int64_t id);

/* What became of a record offered to the store. */
typedef enum { GY_DECL_ADDED, GY_DECL_DUPLICATE, GY_DECL_REPLACES } gy_decl_fate;

/* Add a record (v copied). Its key (the kind's key fields) decides: the same key already
 * read from the same file is a duplicate (not added); from another file, the earlier record
 * is replaced (marked dead; *replaced gets its file) and this one added. */
gy_decl_fate gy_decl_store_add(gy_decl_store *st, const gy_decl_rec *r, uint32_t *replaced);
size_t gy_decl_store_size(const gy_decl_store *st);
const gy_decl_rec *gy_decl_store_get(const gy_decl_store *st, size_t i);
/* Records of a kind in the store (live ones). */
size_t gy_decl_store_count_kind(const gy_decl_store *st, uint32_t kind);

/* An indicator resolved against its kind: field indices and interned filter values. */
typedef struct gy_decl_query gy_decl_query;

/* Resolve spec against the store's kinds: its kind must exist and name every field it uses
 * (by key, or a spelling `label` finds: may be NULL), the date field must be a date and a sum
 * column a number. NULL with *err (GY_E_TEMPLATE, "reason") otherwise. */
typedef const char *(*gy_decl_label_fn)(const char *kind, const char *spelling, void *user);
gy_decl_query *gy_decl_query_new(const gy_decl_store *st, const gy_decl_spec *spec,
                                 gy_decl_label_fn label, void *user, GError **err);
void gy_decl_query_free(gy_decl_query *q);

/* The figure over county (GY_ALL = every county) and days [from, to] (from GY_NO_DAY: from
 * the start; to GY_NO_DAY: to the end). each (may be NULL) is called with every record that
 * passes (for distinct measures every such record; the figure counts distinct ones). Exact:
 * distinct counts are counted over the records, never summed. */
int64_t gy_decl_value(const gy_decl_store *st, const gy_decl_query *q, size_t county,
                      gy_day from, gy_day to,
                      void (*each)(const gy_decl_rec *r, void *user), void *user);

/* What a record brings to q's measure: 1 for rows, the person key for persons, the column's
 * value for distinct values and sums; and the day that places it in a period. */
int64_t gy_decl_rec_measure(const gy_decl_query *q, const gy_decl_rec *r);
gy_day gy_decl_rec_day(const gy_decl_query *q, const gy_decl_rec *r);
gy_decl_measure gy_decl_query_measure(const gy_decl_query *q);

/* The first and last date (the query's date field) of the records of its kind that pass its
 * filters, whatever the county. false when there is none. */
bool gy_decl_span(const gy_decl_store *st, const gy_decl_query *q, gy_day *first, gy_day *last);

/* ---- phrasing ---- */

/* A count said by its magnitude: 1000..9999 → "上千", 100..999 → "上百", 10000..99999999 →
 * "上万", from 1亿 "上亿", below 100 the number itself; the measure word appended. Newly
 * allocated. */
char *gy_cn_magnitude(int64_t n, const char *measure);

#endif
