/* judge.h — the one row judge of every list guiyan reads: startup records (ingest/load.c),
 * award rosters (measures/stars.c) and the declared lists (ingest/kinds.c). A list is a table
 * of fields, each with its type, whether it is required and the reason a clerk is told; the
 * table is compiled once per file against the columns its header maps, and each row is then
 * judged into typed values or the field, column, value and reason of its first problem.
 * Pure: no I/O. */
#ifndef GUIYAN_JUDGE_H
#define GUIYAN_JUDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "guiyan/county.h"
#include "guiyan/error.h"
#include "guiyan/fields.h"
#include "guiyan/row.h"
#include "guiyan/types.h"

/* What a field holds, and how its cell is read. */
typedef enum gy_judge_type {
    GY_JT_TEXT,       /* kept as written (.s) */
    GY_JT_ID,         /* 公民身份号码 (gy_id_parse_key; an Excel guard removed when it does not
                       * read): .code the 18 characters, .i the person key */
    GY_JT_COUNTY,     /* a county (or township) of the region: .i its index */
    GY_JT_COUNTY_OF,  /* under a county region the row's 县 column, which must name that county
                       * (gy_region_memo_own_county); other regions: anything */
    GY_JT_DATE,       /* a day (gy_date_parse): .i */
    GY_JT_MONTH,      /* a day, or a month (gy_date_parse_month): .i, .month */
    GY_JT_MONEY,      /* an amount in fen (gy_amount_parse), in its column's unit: .i */
    GY_JT_COUNT,      /* a whole number (gy_count_parse): .i */
    GY_JT_USCC,       /* 统一社会信用代码 (gy_uscc_parse; a guard removed as for IDs): .code */
    GY_JT_CODE,       /* one of a few words (级别, 类别, 评选年度): the field's own parser, .i */
} gy_judge_type;

/* A word's parser for GY_JT_CODE: GY_OK and *out, or the reason. */
typedef gy_error (*gy_judge_parse_fn)(const char *s, int64_t *out);

/* What another field of the row must say for a rule to apply. A field not yet judged is
 * parsed for it (a GY_JT_CODE, GY_JT_MONEY or GY_JT_COUNT field); one that does not parse
 * holds no value: GY_JC_NE holds, the others do not. */
typedef enum gy_judge_op { GY_JC_EQ, GY_JC_NE, GY_JC_GT } gy_judge_op;

typedef struct gy_judge_cond {
    const char *field;        /* the key of a field of the table; NULL: never holds */
    gy_judge_op op;
    int64_t value;
} gy_judge_cond;

/* How `cond` bends a field's rules. */
typedef enum gy_judge_rule {
    GY_JR_NONE,               /* `required` as given */
    GY_JR_REQUIRED_IF,        /* required when cond holds, else optional (an enterprise award's
                               * 企业名称; a person award's ID) */
    GY_JR_ONLY_IF,            /* judged only when cond holds, and then required (贷款日期 when
                               * there is a loan); else blank */
    GY_JR_SOFT_UNLESS,        /* a value that does not read is dropped (blank) with a warning,
                               * unless cond holds: then it rejects the row (a credit code) */
} gy_judge_rule;

/* Flags of a field. */
enum {
    GY_JF_SKIP_CHECK = 1u << 0,   /* a failure here may be a 合计 or note row below the list
                                   * (gy_row_not_a_record): such a row is skipped, not rejected */
    GY_JF_GUESS = 1u << 1,        /* a county through the reader's memo (under a county region a
                                   * blank or unknown township is 未填乡镇) and, when it does not
                                   * resolve, guessed (gy_county_guess: candidates, a note) */
    GY_JF_NOT_AFTER = 1u << 2,    /* a date after the file was written rejects its row
                                   * (GY_E_DATE_AFTER_FILE) */
};

/* One field of a list. */
typedef struct gy_judge_field {
    const char *key;          /* canonical name (aliases.ini's); borrowed */
    gy_judge_type type;
    bool required;            /* blank: rejected with GY_E_EMPTY */
    gy_error reason;          /* GY_OK: the parser's own reason; else the reason every failure
                               * of this field is told with (贷款日期: GY_E_LOAN_NO_DATE) */
    gy_judge_parse_fn parse;  /* GY_JT_CODE */
    unsigned flags;           /* GY_JF_* */
    gy_judge_rule rule;
    gy_judge_cond cond;
    const char *absent_at;    /* when the file lacks this column, the key of the field a
                               * failure is told at (NULL: this one) */
} gy_judge_field;

/* A field's value in a judged row. Strings point into the row (or .code): copy them before the
 * next row. */
typedef struct gy_judge_val {
    int64_t i;                /* person key, county index, day, fen, count, a code's value */
    const char *s;            /* the cell as read (unguarded); "" when blank */
    bool blank;               /* the cell was blank (or not judged: GY_JR_ONLY_IF), or a soft
                               * value was dropped; .i is then 0 (a date: GY_NO_DAY) */
    bool month;               /* GY_JT_MONTH: only the month was given */
    char code[19];            /* GY_JT_ID, GY_JT_USCC: the normalised code ("" when blank) */
} gy_judge_val;

/* What became of a row. */
typedef struct gy_judge_verdict {
    gy_error reason;          /* GY_OK: accepted, the values are set */
    bool skipped;             /* reason is GY_E_TOTAL_ROW or GY_E_NOTE_ROW: not a record */
    int field;                /* the field at fault, or -1 (a column no field reads) */
    int col;                  /* its column in the row (past the header for a long row), or -1 */
    const char *value;        /* the cell as read (points into the row), or "" */
    char *detail;             /* a county's candidates or nearest names (newly allocated, or
                               * NULL); the caller frees it */
    char *note;               /* a county read with a guess worth telling, on an accepted row
                               * (the same) */
    gy_error warning;         /* GY_OK, or why a soft field's value was dropped */
    int warn_field;           /* that field, or -1 */
    const char *warn_value;   /* its value as read */
} gy_judge_verdict;

/* Options of a compiled judge. */
typedef struct gy_judge_opts {
    bool shape;               /* a row with cells past the header, or one cut short before a
                               * column read, is rejected (GY_E_ROW_LONG / GY_E_ROW_SHORT): its
                               * values cannot be trusted to their columns (CSV exports) */
    gy_day written;           /* the file's day of writing, for GY_JF_NOT_AFTER (INT32_MAX:
                               * unknown) */
    int last_read;            /* a column the caller reads besides the table's, for the shape
                               * check (the records' 姓名), or -1 */
} gy_judge_opts;

typedef struct gy_judge gy_judge;

/* Compile a table of n fields for one file: cols[f] is field f's column (-1: absent), units[f]
 * a money field's unit, as its header names it (gy_unit_from_header; units NULL: all 万元),
 * n_cols the header's width. The table is copied; its strings and parsers are borrowed. A key named by a cond or
 * absent_at must be the table's (else the condition never holds, the failure is told at the
 * field itself). Free with gy_judge_free. */
gy_judge *gy_judge_new(const gy_judge_field *fields, size_t n, const int *cols,
                       const gy_unit *units, size_t n_cols, const gy_judge_opts *o);
void gy_judge_free(gy_judge *j);                      /* accepts NULL */

/* Judge one row into v (one per field, the caller's; every slot written when accepted). In
 * order: a row the reader marked (gy_row.problem), its shape (opts.shape), undecodable bytes in
 * any cell, then each field in table order: blank and required, then its type's parser. A
 * failure in a GY_JF_SKIP_CHECK field of a 合计 or note row makes it skipped. Counties resolve
 * through memo when given (one per thread; strictly, gy_region_resolve, unless GY_JF_GUESS).
 * Cells may be unguarded in place. j is not written: several threads may judge with one. */
gy_judge_verdict gy_judge_row(const gy_judge *j, gy_row *row, const gy_region *rg,
                              gy_region_memo *memo, gy_judge_val *v);

/* Rows at the foot of an export or list that are not records: the total (合计, 总计, 小计,
 * 共计, spaced or with a colon) in one of its first four cells, or a lone note (注：…,
 * 制表人：…). GY_E_TOTAL_ROW or GY_E_NOTE_ROW with *at the cell that tells, else GY_OK. Ask
 * it only of rows that failed as records: a real record may be named 合计. */
gy_error gy_row_not_a_record(const gy_row *row, size_t *at);

#endif
