/* reader.h — stream a CSV export as rows of clean UTF-8 fields: encoding detected per file
 * (BOM, else strict UTF-8, else GB18030) or forced, libcsv for quoting, physical line numbers,
 * blank lines skipped, every value through gy_text_clean. One reader per file. */
#ifndef GUIYAN_READER_H
#define GUIYAN_READER_H

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>
#include "guiyan/error.h"
#include "guiyan/row.h"

/* "UTF-8", "UTF-8 (BOM)", "GB18030". */
const char *gy_encoding_name(gy_encoding e);
/* Parse --encoding: "auto", "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312". GY_E_USAGE if unknown. */
gy_error gy_encoding_parse(const char *s, gy_encoding *out);

typedef struct gy_reader gy_reader;

/* Open `path` ("-" is standard input). enc = GY_ENC_AUTO detects. Returns NULL and sets *err
 * (domain GY_ERROR, code gy_error) on I/O failure. Free with gy_reader_free (accepts NULL). */
gy_reader *gy_reader_open(const char *path, gy_encoding enc, GError **err);
void gy_reader_free(gy_reader *rd);

/* Read only bytes [start, end) of a regular file, for parallel reading; enc must be the
 * file's (detected on the whole file); line numbers count from 1 at `start`. */
gy_reader *gy_reader_open_range(const char *path, gy_encoding enc, unsigned long long start,
                                unsigned long long end, GError **err);

/* The physical line about to be read (after the last row: lines consumed + 1). */
unsigned long gy_reader_line(const gy_reader *rd);
/* True when the reader stopped between records (not inside a quoted field). */
bool gy_reader_between(const gy_reader *rd);

/* Next row into *row. Returns GY_OK with row filled, or GY_OK with row->n == 0 at end of input,
 * or an I/O error — *err says where. A row too big to hold is a row with a problem, not an
 * error: reading goes on after it. */
gy_error gy_reader_next(gy_reader *rd, gy_row *row, GError **err);

/* Clean and check only the columns with want[i] true (n entries; later columns count as not
 * wanted); the others are handed out raw, as libcsv gave them. Saves time on wide exports. */
void gy_reader_want(gy_reader *rd, const bool *want, size_t n);

/* Clean f[0, len) (a NUL at f[len]) in place as gy_reader_next cleans a cell of UTF-8 text:
 * an undecodable byte (NUL among them) becomes '?', then gy_text_clean. Returns the length
 * left. For a cell read again outside a reader (ingest/readback.c). */
size_t gy_reader_clean_cell(char *f, size_t len);

gy_encoding gy_reader_encoding(const gy_reader *rd);    /* what was detected / forced */

/* What the file is (its content decides, not its name): CSV, TSV, ;-separated text, or a
 * workbook (.xlsx, .xls, Excel 2003 XML, HTML table), read by gy_book. A workbook's rows are
 * its selected sheet's, numbered as the sheet numbers them (row->line); gy_reader_open
 * selects the first sheet. */
int gy_reader_kind(const gy_reader *rd);                /* a gy_kind (book.h) */
size_t gy_reader_n_sheets(const gy_reader *rd);         /* 0 for text */
const char *gy_reader_sheet_name(const gy_reader *rd, size_t i);  /* NULL for text */
const char *gy_reader_sheet(const gy_reader *rd);       /* the selected sheet, NULL for text */
/* n pointers for the caller to fill with newly allocated strings, which the reader frees at
 * its next gy_reader_next or gy_reader_free: a row made from rows read (a two-row header)
 * lives as long as a row read. */
char **gy_reader_scratch(gy_reader *rd, size_t n);

/* Read sheet i from its first row on. GY_E_USAGE for text or no such sheet. */
gy_error gy_reader_select_sheet(gy_reader *rd, size_t i, GError **err);
unsigned long long gy_reader_bytes(const gy_reader *rd); /* bytes read so far */
/* Where in the file the next record begins (on line gy_reader_line), for a later
 * gy_reader_open_range there: true when the reader stands between records of UTF-8 text;
 * false (and *offset untouched) inside a record, after a last line without its line break
 * (no line begins there), for GB18030, CR line ends or a workbook. */
bool gy_reader_tell(const gy_reader *rd, unsigned long long *offset);

/* true for what can be read only once: "-" (standard input), a pipe or FIFO (bash's <(…)),
 * a device. Such an input gets no look ahead at its header and no second reader. A missing
 * file is not: its open fails as usual. */
bool gy_reader_once_only(const char *path);

/* What rd has read so far: bytes and CRC-32C, and for a reader of the whole file (not a
 * range) their SHA-256 (tally.h). Owned by rd. */
typedef struct gy_tally gy_tally;
const gy_tally *gy_reader_tally(const gy_reader *rd);

#endif
