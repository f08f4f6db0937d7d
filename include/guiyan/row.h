/* row.h — the shape of one row of an input table and the encodings guiyan reads, shared by
 * the readers (src/ingest/) and the pure code that judges a row (src/measures/), so that the
 * latter need not include a reader. */
#ifndef GUIYAN_ROW_H
#define GUIYAN_ROW_H

#include <stddef.h>
#include "guiyan/error.h"

typedef enum { GY_ENC_AUTO, GY_ENC_UTF8, GY_ENC_UTF8_BOM, GY_ENC_GB18030 } gy_encoding;

/* One parsed row. fields[i] are NUL-terminated, cleaned UTF-8 owned by the reader and valid
 * until the next gy_reader_next call. line is the physical line the record starts on (the
 * header is line 1). */
typedef struct gy_row {
    size_t n;
    char **fields;
    unsigned long line;
    int bad_field;            /* first field holding undecodable bytes, or -1 */
    /* GY_OK, or what is wrong with the row's shape: GY_E_FIELD_TOO_BIG (a cell over 64 KiB,
     * fields[problem_col] then holds its start), GY_E_ROW_TOO_BIG (over 1 MiB),
     * GY_E_TOO_MANY_COLUMNS (over 4096), GY_E_UNCLOSED_QUOTE (a quote open at the end of the
     * input). The rest of such a row is skipped as it streams by, never held whole. */
    gy_error problem;
    int problem_col;
} gy_row;

#define GY_FIELD_MAX (64u << 10)   /* the ceilings behind those problems */
#define GY_ROW_MAX (1u << 20)
#define GY_MAX_COLUMNS 4096

#endif
