/* error.h — one error enum for all of guiyan, with a message table kept in step (error.c). */
#ifndef GUIYAN_ERROR_H
#define GUIYAN_ERROR_H

#include <glib.h>

typedef enum gy_error {
    GY_OK = 0,
    /* run-level problems */
    GY_E_NOMEM,
    GY_E_IO,
    GY_E_USAGE,
    GY_E_CONFIG,
    GY_E_ENCODING,          /* bytes not valid in the file's encoding */
    GY_E_MISSING_COLUMN,
    GY_E_NOT_TEXT,          /* a workbook, PDF, UTF-16 or binary file given as a CSV export */
    GY_E_TOO_MANY_FILES,
    GY_E_TOO_MANY_RECORDS,
    GY_E_SUM_TOO_BIG,       /* amounts adding up past int64: a store's sums would not be exact */
    GY_E_CSV,               /* malformed CSV (libcsv) */
    GY_E_FONT,
    GY_E_TEMPLATE,
    /* value problems: the reason a row is rejected */
    GY_E_FIELD_TOO_BIG,     /* a cell over 64 KiB: a runaway quote, most likely */
    GY_E_ROW_TOO_BIG,
    GY_E_TOO_MANY_COLUMNS,
    GY_E_UNCLOSED_QUOTE,    /* a quote still open at the end of the file */
    GY_E_ROW_LONG,          /* non-empty cells past the header's last column */
    GY_E_ROW_SHORT,         /* the row ends before a column guiyan reads */
    GY_E_EMPTY,
    GY_E_DATE_FORMAT,
    GY_E_DATE_INVALID,
    GY_E_DATE_RANGE,
    GY_E_AMOUNT_FORMAT,
    GY_E_AMOUNT_NEGATIVE,
    GY_E_AMOUNT_PRECISION,
    GY_E_AMOUNT_TOO_BIG,
    GY_E_COUNT_FORMAT,
    GY_E_COUNT_NEGATIVE,
    GY_E_COUNT_TOO_BIG,     /* over 10^9: not a head count */
    GY_E_ID_LENGTH,
    GY_E_ID_CHARS,
    GY_E_ID_CHECK,
    GY_E_ID_BIRTHDATE,
    GY_E_ID_EXCEL_SCI,      /* Excel turned the number into 5.11102E+17 */
    GY_E_ID_EXCEL_ZEROS,    /* Excel kept 15 significant digits: trailing 000, check fails */
    GY_E_USCC_LENGTH,
    GY_E_USCC_CHARS,
    GY_E_USCC_CHECK,
    GY_E_COUNTY_UNKNOWN,
    GY_E_COUNTY_AMBIGUOUS,
    GY_E_COUNTY_OUTSIDE,    /* a real county, but not in the region */
    GY_E_LOAN_NO_DATE,
    GY_E_DATE_AFTER_FILE,   /* a start or loan date later than the day the file was written */
    GY_E_LEVEL,             /* award level not 市级/省级 */
    GY_E_CATEGORY,          /* award category unknown */
    GY_E_INDICATOR_UNKNOWN,
    /* rows that are not records: skipped, listed with the rejects, not counted as rejected */
    GY_E_TOTAL_ROW,         /* 合计 / 总计 / 小计 at the foot of an export */
    GY_E_NOTE_ROW,          /* 注：… 制表人：… below the table */
    GY_E__COUNT
} gy_error;

/* True for the reasons of rows that are not records (skipped rather than rejected). */
static inline int gy_error_is_skip(gy_error e) { return e == GY_E_TOTAL_ROW || e == GY_E_NOTE_ROW; }

/* English message (a gettext msgid; the caller translates it with _()). Never NULL. */
const char *gy_strerror(gy_error e);

/* Chinese reason for reports (rejects.csv, 问题数据 sheet): report content is Chinese whatever
 * the operator's locale. Never NULL. */
const char *gy_reason_zh(gy_error e);

/* The gy_error of a failure a callee reported through err: (*err)->code for GY_ERROR, GY_E_IO
 * for another domain, dflt when the caller passed no err (it wants no message). A callee that
 * failed without setting *err is a bug: g_critical (fatal in the tests, G_DEBUG=fatal-criticals)
 * and dflt. */
gy_error gy_error_of(GError **err, gy_error dflt);

/* The GError domain of every guiyan error; codes are gy_error values. */
#define GY_ERROR gy_error_quark()
GQuark gy_error_quark(void);

#endif
