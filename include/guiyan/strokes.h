/* strokes.h — the order of Chinese names on official lists: by strokes (姓氏笔画) with the
 * mainland tie rule, or by pinyin. Character data is a table, report_templates/strokes.tsv
 * (stroke count from Unihan kTotalStrokes, stroke order from rime-stroke's mainland table,
 * reading from Unihan kMandarin), made by tools/strokes/convert.py. No I/O besides loading. */
#ifndef GUIYAN_STROKES_H
#define GUIYAN_STROKES_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include "guiyan/error.h"

typedef struct gy_strokes gy_strokes;

/* Load the table: lines "code point (hex) TAB character TAB strokes TAB stroke order (digits
 * 1 横 2 竖 3 撇 4 点 5 折, or empty) TAB pinyin (letters with ü as v, then the tone digit 1..5,
 * or empty) TAB surname reading (same form, or empty)"; '#' lines are comments. NULL with *err
 * (GY_ERROR, GY_E_TEMPLATE, "path:line: reason") on a malformed line or a repeated code point,
 * GY_E_IO when the file cannot be read. Free with gy_strokes_free. */
gy_strokes *gy_strokes_load(const char *path, GError **err);

/* The same from text in memory (len bytes; -1: NUL-terminated). `name` is used in messages. */
gy_strokes *gy_strokes_parse(const char *text, gssize len, const char *name, GError **err);

void gy_strokes_free(gy_strokes *sk);                 /* accepts NULL */

size_t gy_strokes_size(const gy_strokes *sk);         /* characters in the table */

/* What the table knows of one character. Strings are owned by the table. */
typedef struct gy_hanzi {
    int strokes;                /* total strokes */
    const char *order;          /* "1234521" for 李; "" when not known */
    const char *pinyin;         /* "li3"; "" when not known */
    const char *surname;        /* reading as a surname when it differs ("shan4" for 单), or "" */
} gy_hanzi;

/* false (and *out untouched) when c is not in the table. */
bool gy_strokes_lookup(const gy_strokes *sk, gunichar c, gy_hanzi *out);

typedef enum gy_name_order {
    GY_ORDER_STROKES,           /* 姓氏笔画 (the default of official lists) */
    GY_ORDER_PINYIN             /* 姓氏拼音 */
} gy_name_order;

/* Compare two names (UTF-8), character by character from the surname on; the first character
 * that differs decides:
 *   GY_ORDER_STROKES: fewer strokes first; the same count: the stroke order, stroke by stroke,
 *     横 before 竖 撇 点 折 (the mainland rule for 姓氏笔画 lists); then the code point.
 *   GY_ORDER_PINYIN: the reading's letters (ü after u), then the tone (1 2 3 4, neutral last),
 *     then as for strokes. The first character is read as a surname (单 Shàn, 曾 Zēng).
 * A character missing from the table (or without the data the order needs) comes after every
 * character that has it, then by code point. When one name is the start of the other, the
 * shorter comes first (王 before 王一). Equal names give 0. Invalid UTF-8 compares bytewise
 * from the first invalid byte. sk may be NULL (code points only). */
int gy_strokes_compare(const gy_strokes *sk, gy_name_order order, const char *a, const char *b);

/* The first character of name (UTF-8) that the table lacks, or 0 when every character is
 * known. Spaces and the middle dots of minority names (· •) are not counted as missing. */
gunichar gy_strokes_unknown(const gy_strokes *sk, const char *name);

/* "stroke" / "pinyin" → order; false if neither. */
bool gy_name_order_parse(const char *s, gy_name_order *out);

#endif
