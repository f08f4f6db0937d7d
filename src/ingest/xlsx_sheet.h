/* xlsx_sheet.h — the cells of one worksheet part of an .xlsx, in batches of rows, parsed on
 * threads (xlsx_sheet.c); xlsx.c turns them into text. */
#ifndef GUIYAN_XLSX_SHEET_H
#define GUIYAN_XLSX_SHEET_H

#include <glib.h>
#include <zip.h>

/* a cell's t attribute */
typedef enum xs_type { XS_NUM, XS_SHARED, XS_TEXT, XS_BOOL, XS_DATE } xs_type;

#define XS_NO_R ((unsigned long)-1)   /* a row without an r attribute: the one before + 1 */

typedef struct xs_cell {
    long col;                  /* 0-based; from r, or the cell before + 1 */
    long style;                /* s, -1 without */
    guint off, len;            /* its <v> or <t> text in the batch's text, NUL-ended */
    xs_type type;
} xs_cell;

typedef struct xs_row {
    unsigned long r;           /* r, or XS_NO_R */
    guint first, n;            /* its cells */
} xs_row;

typedef struct xs_batch {
    GArray *rows;              /* xs_row, every <row> in order, also those without cells */
    GArray *cells;             /* xs_cell */
    GString *text;
    char *error;               /* the part failed here ("line N: reason"); rows before it are
                                * in the batches before */
} xs_batch;

typedef struct xs_sheet xs_sheet;

/* Start reading a worksheet part: zf is taken over (closed by xs_close). threads 1 parses on
 * the caller's thread as xs_next is called; otherwise one thread inflates and cuts the text
 * after row end tags into pieces of piece_bytes bytes that threads-1 (at least 2) others parse.
 * Never fails: errors come as a batch's error. */
xs_sheet *xs_open(zip_file_t *zf, const char *part, int threads, size_t piece_bytes);
/* The next batch of the sheet in order (owned by s, valid until the next call), or NULL after
 * the last. After a batch with an error, stop. */
xs_batch *xs_next(xs_sheet *s);
/* Stop the threads and free everything; NULL is fine. */
void xs_close(xs_sheet *s);

#endif
