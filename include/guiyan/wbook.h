/* wbook.h — exports that are not comma-separated text: .xlsx (libzip + libxml2, streamed),
 * .xls BIFF8 (libfreexl), an Excel 2003 XML spreadsheet or an HTML table saved as .xls
 * (libxml2), each sheet read as rows of UTF-8 cells with the sheet's own row numbers; and
 * what kind a file is, told by its content rather than its name. */
#ifndef GUIYAN_WBOOK_H
#define GUIYAN_WBOOK_H

#include <stddef.h>
#include <glib.h>
#include "guiyan/error.h"

typedef enum gy_kind {
    GY_KIND_CSV,          /* comma-separated text */
    GY_KIND_TSV,          /* tab-separated text (Excel's "文本文件(制表符分隔)", .txt) */
    GY_KIND_SSV,          /* semicolon-separated text */
    GY_KIND_XLSX,
    GY_KIND_XLS,          /* BIFF8, Excel 97-2003 */
    GY_KIND_XML2003,      /* Excel 2003 XML spreadsheet, often named .xls */
    GY_KIND_HTML,         /* an HTML table, often named .xls by web systems */
    GY_KIND__COUNT
} gy_kind;

/* "CSV", "TSV", "xlsx", "xls (BIFF8)", …: the reader's name in manifest.json. */
const char *gy_kind_name(gy_kind k);
/* True for the kinds gy_wbook reads. */
static inline int gy_kind_is_book(gy_kind k) { return k >= GY_KIND_XLSX; }

/* What the first bytes of a file (head[0, len), as much of the first 64 KiB as there is) say
 * it is. GY_OK with *kind set, or GY_E_NOT_TEXT with *what a gettext msgid saying what the
 * file is and what to do (a password-protected workbook, a WPS .et file, a PDF, UTF-16 text,
 * binary data). path is only looked at for its name (.et). */
gy_error gy_kind_sniff(const char *path, const char *head, size_t len, gy_kind *kind,
                       const char **what);

typedef struct gy_wbook gy_wbook;

/* Open the workbook at path as `kind` (a book kind). NULL with *err (GY_E_NOT_TEXT for a file
 * that is not what it seemed or is password protected, GY_E_IO for a read failure) naming the
 * file. Free with gy_wbook_free (accepts NULL). The first sheet is selected. */
gy_wbook *gy_wbook_open(const char *path, gy_kind kind, GError **err);
void gy_wbook_free(gy_wbook *b);

size_t gy_wbook_n_sheets(const gy_wbook *b);
/* Sheet i's name (owned by the book). */
const char *gy_wbook_sheet_name(const gy_wbook *b, size_t i);
/* Read sheet i from its first row on. */
gy_error gy_wbook_select(gy_wbook *b, size_t i, GError **err);

/* The next row of the selected sheet that has a cell: *cells[0, *n) (column A first, cells
 * not in the file ""), owned by the book, writable in place and valid until the next call;
 * *row the sheet's row number (1-based). *n == 0 at the end of the sheet. A number shows as
 * Excel's General format would show it (15 significant digits: an 18-digit ID number stored
 * as a number comes out with 000 at its end), a date by its cell format as 2021-06-15, or as
 * 2021-06 when the format shows only the year and month. */
gy_error gy_wbook_next(gy_wbook *b, char ***cells, size_t *n, unsigned long *row, GError **err);

/* Bytes of the file, for progress; rows are read in one pass. */
unsigned long long gy_wbook_bytes(const gy_wbook *b);

/* A spreadsheet date serial (days since the epoch of the workbook's system: 1900, with
 * Excel's phantom 29 Feb 1900, or 1904) as y, m, d. False outside 1900..9999. */
gboolean gy_wbook_serial_date(double serial, gboolean d1904, int *y, int *m, int *d);

/* A number as Excel's General format shows it: integers up to 15 digits in full, longer ones
 * with their digits past the 15th as zeros; others with up to 15 significant digits, no
 * exponent for values Excel would show plainly. Writes at most 64 bytes to buf. */
void gy_wbook_number_text(double v, char buf[64]);
/* Whether the len bytes at v (a number cell's text in an .xlsx) are already what
 * gy_wbook_number_text makes of their value, so that they can be shown as they are. */
gboolean gy_xlsx_number_as_is(const char *v, size_t len);

/* Column letters of a 0-based column index ("A", "AB"); buf of 8 bytes. */
void gy_wbook_column_letters(size_t col, char buf[8]);

#endif
