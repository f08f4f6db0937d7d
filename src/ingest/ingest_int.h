/* ingest_int.h — what the readers of src/ingest/ share: opening an input at the sheet
 * --sheet names (or the first whose header is recognised) with the header read, and putting a
 * rejected row in the ledger as people may read it. Private to src/ingest/. */
#ifndef GUIYAN_INGEST_INT_H
#define GUIYAN_INGEST_INT_H

#include <stdbool.h>
#include "guiyan/ledger.h"
#include "guiyan/reader.h"

/* Read the header of the input (or sheet) rd stands at; `where` names it for messages. */
typedef gy_error (*gy_header_fn)(gy_reader *rd, const char *where, void *user, GError **err);

/* Open path (bytes up to `end`, 0: all) and read its header with `header`. A workbook's sheet
 * is the one `spec` names ("#i": index i, a number from 1, or a name), or with spec NULL the
 * first whose header is recognised. NULL with *e and *err set on failure; a sheet's problems
 * name the sheet. */
gy_reader *gy_ingest_open(const char *path, const char *spec, gy_encoding enc,
                          unsigned long long end, gy_header_fn header, void *user, gy_error *e,
                          GError **err);

/* A rejected row into the ledger: an ID or mobile number in value (changed in place) masked
 * unless unmask, bidirectional controls removed always. */
void gy_ingest_reject(gy_ledger *lg, uint32_t file, unsigned long line, const char *column,
                      char *value, gy_error reason, const char *detail, bool unmask);

/* Where a file's records begin, noted every few rows while UTF-8 text is read (see
 * gy_reader_tell), so that the entity names of a few rows are read back from there, not
 * from the file's start (load.c's read_back). 16 bytes a mark. */
typedef struct mark {
    unsigned long long off;      /* a record begins here */
    unsigned long line;          /* on this line */
} mark;

typedef struct marks {
    GArray *v;                   /* mark, by line; empty: read the file from its start */
    gy_encoding enc;
    bool commas;                 /* comma-separated text (not TSV or ;-separated) */
    int col_entity, col_uscc;    /* the layout's columns */
    size_t n_cols;
} marks;

/* A record's two cells read back: k indexes the lines asked for. */
typedef void (*gy_back_fn)(void *user, size_t k, const char *entity, const char *uscc);

/* The cells mk->col_entity and mk->col_uscc of the records that begin on lines[0, n) of path,
 * comma-separated text (mk->commas: a range's gy_reader splits at commas), (ascending; a line
 * may be asked for more than once; the first mark at or before lines[0]),
 * read again from the marks: each run of marked spans that hold asked lines from its first
 * mark to the mark after it, and no more. Cleaned as gy_reader_next cleans them; a line of
 * plain comma-separated text (no quote, no carriage return but one before its line break) is
 * found by its line breaks and cut at its commas, any other line is read by a gy_reader from
 * the mark before it. fn is called once for each k whose record was met, on the caller's
 * thread. *n_slow (if not NULL) gets how many lines went through gy_reader. GY_E_IO with
 * *err set when the file cannot be read (readback.c). */
gy_error gy_readback_marked(const char *path, const marks *mk, const unsigned long *lines,
                            size_t n, gy_back_fn fn, void *user, size_t *n_slow, GError **err);

#endif
