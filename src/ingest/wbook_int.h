/* wbook_int.h — what the workbook readers (xlsx.c, xls.c, htmltable.c) share with book.c: the
 * base every reader's struct starts with, its operations, and the row being built. */
#ifndef GUIYAN_WBOOK_INT_H
#define GUIYAN_WBOOK_INT_H

#include "guiyan/wbook.h"
#include "guiyan/reader.h"

typedef struct book_ops {
    gy_error (*select)(gy_wbook *b, size_t sheet, GError **err);
    /* fill b->cells for the next row that has a cell (book_cell), set b->row; leave b->n 0 at
     * the end of the sheet */
    gy_error (*next)(gy_wbook *b, GError **err);
    void (*free)(gy_wbook *b);
} book_ops;

struct gy_wbook {
    const book_ops *ops;
    char *path;
    gy_kind kind;
    GPtrArray *sheets;           /* char * names */
    char **cells;                /* the row: n cells, owned strings unless borrowed */
    gboolean borrowed;           /* cells point into the reader's memory (book_cell_ref) */
    size_t n, cap;
    unsigned long row;
    unsigned long long size;
};

/* Set cell col of the row being built to s (taken over: g_free-able). Columns past
 * GY_MAX_COLUMNS are dropped. */
void book_cell(gy_wbook *b, size_t col, char *s);
/* Set cell col of the row being built to s, which the reader keeps until the next row (a
 * reader whose rows are borrowed); cells before it without a value point to blank, a NUL. */
void book_cell_ref(gy_wbook *b, size_t col, char *s, char *blank);
/* Empty the row being built. */
void book_row_clear(gy_wbook *b);
/* Fill the base; path is copied. */
void book_init(gy_wbook *b, const book_ops *ops, const char *path, gy_kind kind);

gy_wbook *gy_xlsx_open(const char *path, GError **err);
gy_wbook *gy_xls_open(const char *path, GError **err);
gy_wbook *gy_htmltable_open(const char *path, gy_kind kind, GError **err);

/* The date text of a serial as gy_wbook_next gives it (newly allocated), or NULL outside the
 * calendar; month_only for a format that shows year and month only. */
char *book_date_text(double serial, gboolean d1904, gboolean month_only);

#endif
