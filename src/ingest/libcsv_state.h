/* libcsv_state.h — the parser states of libcsv 3.0 that the reader reads from struct
 * csv_parser (libcsv.c keeps their names private). tests/test_libcsv.c pins each one against
 * the library's behaviour, so a libcsv whose states moved fails `make check` instead of
 * misreading quoted fields. */
#ifndef GUIYAN_LIBCSV_STATE_H
#define GUIYAN_LIBCSV_STATE_H

/* pstate: 0 before a row (ROW_NOT_BEGUN in libcsv.c), 1 before a field (FIELD_NOT_BEGUN) */
enum { CSV_FIELD_BEGUN = 2, CSV_FIELD_MIGHT_HAVE_ENDED = 3 };

#endif
