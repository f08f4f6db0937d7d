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

#endif
