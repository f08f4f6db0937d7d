/* fields.h — pure parsers for the values of an export: text clean-up, dates, amounts, counts,
 * ID numbers (GB 11643) and credit codes (GB 32100). No I/O, no allocation unless stated. */
#ifndef GUIYAN_FIELDS_H
#define GUIYAN_FIELDS_H

#include "guiyan/error.h"
#include "guiyan/types.h"

/* ---- text ---- */

/* Normalise a UTF-8 value in place: remove C0 control characters (tabs too) and DEL, fold
 * full-width ASCII (U+FF01..U+FF5E), the ideographic space and NBSP to ASCII, drop U+200B and
 * U+FEFF, trim spaces at both ends. Returns the new length. s must be valid UTF-8 and
 * NUL-terminated. All-printable-ASCII values take a fast path (trimming only). */
size_t gy_text_clean(char *s);

/* Unwrap Excel text guards: a leading apostrophe ('511…), an ="…" wrapper, or leading tabs.
 * One guard is removed; blanks it uncovers are trimmed. In place. */
void gy_text_unguard(char *s);
/* Edit distance between two UTF-8 strings, in characters (for "the nearest spelling"). */
size_t gy_text_distance(const char *a, const char *b);

/* Fold a header cell for comparison (newly allocated): spaces removed, full-width forms and
 * brackets to ASCII, lower case. */
char *gy_header_fold(const char *s);

/* ---- dates ---- */

/* Parse 2021-06-15, 2021/6/15, 2021.6.15, 2021年6月15日, 20210615, any of these followed by a
 * time part (" 08:30", "T08:30:00", " 8:30:00.000"), or an Excel serial number (44362 is
 * 2021-06-15; 1900 date system, serials 1..2958465, a fraction is the time). The input has
 * been through gy_text_clean. Eight digits are always YYYYMMDD, 1 to 7 digits a serial.
 * Accepted years: 1949..2099 (GY_E_DATE_RANGE otherwise).
 * Errors: GY_E_EMPTY, GY_E_DATE_FORMAT, GY_E_DATE_INVALID, GY_E_DATE_RANGE. */
gy_error gy_date_parse(const char *s, gy_day *out);
/* gy_date_parse without its fast path for 2021-06-15 and 2021/6/5: the tests hold the two to
 * the same answers. */
gy_error gy_date_parse_general(const char *s, gy_day *out);

/* A start date that may name only its month: what gy_date_parse reads, and also 2021年6月,
 * 2021-06, 2021/06, 2021.06 and 202106 (six digits are always YYYYMM, never a serial).
 * For those *out is the month's first day and *month_only true (the month-precision flag
 * GY_DATE_MONTH: such a date matches any day of its month); else false. Years 1949..2099. */
gy_error gy_date_parse_month(const char *s, gy_day *out, bool *month_only);
/* The last day of d's month. */
gy_day gy_day_month_end(gy_day d);

gy_day gy_day_from_ymd(int y, int m, int d);        /* GY_NO_DAY if not a real day in 1..9999 */
void gy_day_to_ymd(gy_day d, int *y, int *m, int *dd); /* 0, 0, 0 for GY_NO_DAY */
void gy_day_format(gy_day d, char buf[11]);          /* "YYYY-MM-DD"; "" for GY_NO_DAY */
gy_month gy_day_month(gy_day d);                     /* 0 for GY_NO_DAY */

/* ---- amounts ---- */

typedef enum { GY_UNIT_WAN, GY_UNIT_YUAN } gy_unit;

/* The unit a header names: "贷款金额(元)" → YUAN, "…(万元)" or no unit → WAN. */
gy_unit gy_unit_from_header(const char *header);

/* Parse 12.5, 1,200.50, １２．５ (already folded by gy_text_clean), with an optional suffix
 * 万 / 万元 / 元 that overrides column_unit, surrounding spaces. Blank sets *blank = true and
 * returns GY_OK with *out = 0. Exact: 12.345678 万元 is 12,345,678 fen; anything finer than a
 * fen is GY_E_AMOUNT_PRECISION. Errors: GY_E_AMOUNT_FORMAT, GY_E_AMOUNT_NEGATIVE,
 * GY_E_AMOUNT_PRECISION, GY_E_AMOUNT_TOO_BIG (over 100 亿元). */
gy_error gy_amount_parse(const char *s, gy_unit column_unit, gy_fen *out, bool *blank);

/* Parse a head count ("12", "12人", "1,200"; blank → *blank = true, *out = 0).
 * Errors: GY_E_COUNT_FORMAT (not a whole number), GY_E_COUNT_NEGATIVE, GY_E_COUNT_TOO_BIG
 * (over 10^9). */
gy_error gy_count_parse(const char *s, int64_t *out, bool *blank);

/* gy_amount_parse and gy_count_parse without their fast path for plain digits (12, 12.5):
 * the tests hold the two to the same answers. */
gy_error gy_amount_parse_general(const char *s, gy_unit column_unit, gy_fen *out, bool *blank);
gy_error gy_count_parse_general(const char *s, int64_t *out, bool *blank);

/* ---- ID numbers (GB 11643-1999) ---- */

/* Parse a citizen ID number into its 18-character form (upper-case X) in out[19].
 * Accepts lower-case x, a 15-digit legacy number (upgraded: century 19 inserted, check
 * character computed). Input has been through gy_text_clean and gy_text_unguard.
 * Errors: GY_E_EMPTY, GY_E_ID_EXCEL_SCI (5.11102E+17), GY_E_ID_EXCEL_ZEROS (all digits,
 * ends in 000, check fails), GY_E_ID_LENGTH, GY_E_ID_CHARS, GY_E_ID_CHECK, GY_E_ID_BIRTHDATE. */
gy_error gy_id_parse(const char *s, char out[19]);

/* gy_id_parse, and on GY_OK also gy_id_key of the result in *key: the same errors and out.
 * A clean 18-character number takes one pass instead of three. */
gy_error gy_id_parse_key(const char *s, char out[19], uint64_t *key);

/* The GB 11643 check character ('0'..'9' or 'X') of the first 17 digits. */
char gy_id_check_char(const char *digits17);

/* A 64-bit key for a valid 18-character ID: its first 17 digits as a number (the check
 * character follows from them). Distinct IDs give distinct keys. */
uint64_t gy_id_key(const char id18[19]);

/* Rebuild the 18-character ID from gy_id_key's value. */
void gy_id_from_key(uint64_t key, char out[19]);

/* Mask for people to read: 511102********123X (first 6 and last 4 kept). */
void gy_id_mask(const char id18[19], char out[19]);

/* The one masking rule for everything a person reads, in place (the text only shrinks):
 * bidirectional controls are removed (gy_text_strip_bidi); anything that could be an ID
 * number — 15, 17 or 18 digits (the last may be X), ASCII or full-width, with or without
 * single spaces or hyphens between groups of them, whose first two digits are a province's
 * and whose birth date is a real day — becomes its region code, stars and its last four
 * (511181********4768); anything that could be a mobile number (11 digits, 13..19 first,
 * separators as above) its first three, stars and last four (138****1212). Other numbers stay
 * as they are, so that a bad amount can be seen. Excel's notation (5.11102199001E+17) keeps
 * its first 6 digits. */
void gy_id_mask_text(char *s);

/* Remove, in place, the bidirectional controls U+200E, U+200F, U+202A..202E, U+2066..2069
 * (they make a value read differently from what it is). Returns the new length. */
size_t gy_text_strip_bidi(char *s);


/* ---- unified social credit codes (GB 32100-2015) ---- */

/* Parse an 18-character USCC into out[19] (upper-case). Errors: GY_E_EMPTY, GY_E_USCC_LENGTH,
 * GY_E_USCC_CHARS (I, O, Z, S, V are not used), GY_E_USCC_CHECK. */
gy_error gy_uscc_parse(const char *s, char out[19]);
/* gy_uscc_parse without its one-pass fast path for a valid code: the tests hold the two to
 * the same answers. */
gy_error gy_uscc_parse_general(const char *s, char out[19]);

#endif
