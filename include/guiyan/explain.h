/* explain.h — where every figure of a filled reply comes from: its definition, period, scope
 * and filters, how many records are behind it, and which ones (file, line, masked ID number).
 * Written as explain.csv (one row per figure), explain_records.csv (one row per figure and
 * record) and a workbook with the sheets 数字来源 and 记录明细. */
#ifndef GUIYAN_EXPLAIN_H
#define GUIYAN_EXPLAIN_H

#include <stdbool.h>
#include <glib.h>

#include "guiyan/cube.h"
#include "guiyan/error.h"
#include "guiyan/sheet.h"
#include "guiyan/template.h"

typedef struct gy_explain gy_explain;

/* Collect the records behind every figure of t, which gy_tpl_fill has filled from c (and its
 * base's records for 占比/同比/增减). files[i] is the name shown for input file i (copied;
 * a record of a file beyond n_files shows "#i"). t and c are borrowed and must outlive x.
 * Never NULL; free with gy_explain_free. */
gy_explain *gy_explain_new(const gy_tpl *t, const gy_cube *c, const char *const *files,
                           size_t n_files);
void gy_explain_free(gy_explain *x);   /* accepts NULL */

size_t gy_explain_n_figures(const gy_explain *x);

/* Add a note (Chinese, copied) to figure i's 说明: where the records begin, a figure written
 * although no record covers its period. */
void gy_explain_note(gy_explain *x, size_t i, const char *text);
/* Add a record of another list (培训台账, 明星名单 …) behind figure i (a declared indicator's,
 * whose records are not the cube's): its file (the name shown; copied), line, person
 * (gy_id_key; 0 for none) and county. explain_records.csv lists it with the startup columns
 * left empty. */
void gy_explain_add_record(gy_explain *x, size_t i, bool base, const char *file,
                           unsigned long line, uint64_t person, uint32_t county);

/* Records behind figure i (base = false) or behind its base (base = true). For distinct counts
 * (persons, entities) this is every record in the period and scope; the figure is the number of
 * distinct persons or entities among them. */
size_t gy_explain_n_records(const gy_explain *x, size_t i, bool base);

/* What an indicator counts, in Chinese, for the 口径 column. Never NULL. */
const char *gy_explain_definition(gy_ind ind);

/* Append explain.csv (figures) and explain_records.csv (records) to the two strings, each with
 * a UTF-8 BOM and a header line. Either may be NULL. */
void gy_explain_csv(const gy_explain *x, GString *figures, GString *records);

/* Write both CSV files (temporary files renamed when complete; the records file lists people's
 * records, so mode 0600). GY_E_IO naming the path. */
gy_error gy_explain_write_csv(const gy_explain *x, const char *figures_path,
                              const char *records_path, GError **err);

/* What the workbook needs besides the figures; borrowed for the call. */
typedef struct gy_explain_book {
    const char *filler;     /* 填报单位; NULL leaves it out */
    gy_day made_on;         /* 制表日期 and the document date (fixed: reproducible files) */
    const gy_style *style;  /* NULL: the built-in style */
} gy_explain_book;

/* Most record rows the workbook lists (a worksheet has 1,048,576 rows); the CSV has them all. */
#define GY_EXPLAIN_XLSX_MAX_RECORDS 1000000

/* Write the workbook: sheet 数字来源 (one row per figure) and 记录明细 (one row per figure and
 * record, at most GY_EXPLAIN_XLSX_MAX_RECORDS, then a note pointing to the CSV), mode 0600 as
 * the records file. GY_E_IO naming the path when it cannot be written. */
gy_error gy_explain_write_xlsx(const gy_explain *x, const char *path, const gy_explain_book *o,
                               GError **err);

#endif
