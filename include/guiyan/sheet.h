/* sheet.h — the furniture of an official statistics table on a libxlsxwriter worksheet: title
 * merged across the table, 填报单位/单位 line, two-row merged headers, thin borders, number
 * formats, frozen panes, A4 landscape one page wide with repeated header rows and a page-number
 * footer, the 制表人/审核人/制表日期 line, 注 lines, column widths fitted to Chinese text.
 * Looks (fonts, sizes, paper, margins) come from report_templates/style.ini.
 *
 * Usage: gy_book_new → gy_book_add_sheet → gy_sheet_begin → gy_sheet_text/_value/_sum/_rate …
 * → gy_sheet_finish → (more sheets) → gy_book_close. Row and column numbers are zero-based
 * worksheet coordinates; the body starts at gy_sheet_body_row(). */
#ifndef GUIYAN_SHEET_H
#define GUIYAN_SHEET_H

#include <glib.h>
#include <xlsxwriter.h>

#include "guiyan/error.h"
#include "guiyan/ledger.h"
#include "guiyan/types.h"

/* ---- style (report_templates/style.ini) ---- */

typedef struct gy_style {
    char *title_font;     /* 方正小标宋简体 */
    double title_size;    /* points */
    char *header_font;    /* 黑体 */
    double header_size;
    bool header_bold;
    char *body_font;      /* 宋体 */
    double body_size;
    double note_size;     /* 填报单位, 制表人, 注 */
    int paper;            /* Excel paper code: 9 = A4 */
    bool landscape;
    double margin_left, margin_right, margin_top, margin_bottom;  /* centimetres */
    double margin_header, margin_footer;
    char *footer;         /* Excel header/footer codes: "&C第 &P 页 共 &N 页" */
} gy_style;

/* The built-in style (the values report_templates/style.ini ships with). Never NULL.
 * Free with gy_style_free. */
gy_style *gy_style_new(void);

/* Load `path` over the built-in style: keys the file lacks keep their built-in values; a NULL
 * path or a missing file gives the built-in style. Returns NULL and sets *err (GY_ERROR,
 * GY_E_TEMPLATE, naming the file and key) when the file is unreadable or a value is out of
 * range (sizes 4..96 points, margins 0..10 cm, paper 1..41). Free with gy_style_free. */
gy_style *gy_style_load(const char *path, GError **err);

gy_style *gy_style_copy(const gy_style *st);
void gy_style_free(gy_style *st);   /* accepts NULL */

/* ---- the workbook ---- */

typedef struct gy_book gy_book;
typedef struct gy_sheet gy_sheet;

/* Document properties. created is the date stored as the document's creation and
 * modification time (00:00 UTC of that day); with the same inputs and the same created date
 * two runs give byte-identical files. GY_NO_DAY stores 1980-01-01 (never "now"). */
typedef struct gy_book_props {
    const char *title;
    const char *subject;
    const char *author;
    const char *company;
    const char *comments;
    gy_day created;
    bool personal;        /* holds names or ID numbers: the file is created with mode 0600 */
} gy_book_props;

/* Start a workbook that gy_book_close will write to `path` (output.h: a temporary file that is
 * renamed into place only when complete, or held for the run; a path that names an existing
 * non-regular file (/dev/stdout, /dev/full) is written through a temporary file elsewhere and
 * copied). style may be NULL (built-in style); it and props are copied. Returns NULL and sets
 * *err when the temporary file cannot be created (GY_E_IO, or GY_E_USAGE when path is a
 * protected input, naming it) or out of memory. */
gy_book *gy_book_new(const char *path, const gy_style *style, const gy_book_props *props,
                     GError **err);

/* Write the workbook and free it (and all its sheets) — in every case, also on failure.
 * GY_E_IO with *err naming the path if the file cannot be written completely; then no file
 * is left at path's temporary name. Never use b or its sheets afterwards. */
gy_error gy_book_close(gy_book *b, GError **err);

/* Abandon a workbook: frees it without leaving any file. Accepts NULL. */
void gy_book_free(gy_book *b);

/* Abandon a workbook after a writer failed with r (not GY_OK), and return r: the cell writers
 * return a bare gy_error, so when *err has no message yet it gets one naming the workbook's
 * file and the reason ("summary.xlsx: cannot write the workbook: out of memory"). */
gy_error gy_book_fail(gy_book *b, gy_error r, GError **err);

/* Make a legal, unique sheet name from `want`: characters []:*?/\ become _, apostrophes at
 * either end are dropped, an empty name becomes "Sheet", a name is cut on a character boundary
 * to 31 characters (UTF-16 units, as Excel counts), and a name equal (ignoring case) to one
 * already taken or to Excel's reserved "History" gets a suffix "(2)", "(3)" … within the 31.
 * `taken` holds casefolded names (g_utf8_casefold) or is NULL. Newly allocated. */
char *gy_sheet_legal_name(const char *want, GHashTable *taken);

/* Add a worksheet named gy_sheet_legal_name(name). The sheet is owned by the book. */
gy_sheet *gy_book_add_sheet(gy_book *b, const char *name);

/* When gy_book_add_sheet gave NULL (libxlsxwriter out of memory): sets *err (GY_E_NOMEM)
 * naming the workbook's file and the sheet, and returns GY_E_NOMEM. */
gy_error gy_book_sheet_failed(const gy_book *b, const char *name, GError **err);

const char *gy_sheet_name(const gy_sheet *s);       /* the name actually used */
lxw_worksheet *gy_sheet_worksheet(gy_sheet *s);     /* for what this module does not cover */
/* The libxlsxwriter workbook behind b, for formats and chartsheets this module does not make.
 * Owned by b: never close or free it. */
lxw_workbook *gy_book_workbook(gy_book *b);

/* ---- the table ---- */

/* How a body cell looks. Every kind has thin borders. */
typedef enum gy_cell {
    GY_CELL_TEXT,    /* left-aligned text */
    GY_CELL_LABEL,   /* centred text (row labels: 合计) */
    GY_CELL_WRAP,    /* left-aligned text wrapped to the column (long explanations) */
    GY_CELL_HEAD,    /* a header cell: header font, centred, wrapped */
    GY_CELL_COUNT,   /* whole number, format "0" (persons, entities, loans) */
    GY_CELL_WAN,     /* 万元 from fen, format "0.00" */
    GY_CELL_RATE,    /* percent, format "0.0" */
    GY_CELL__COUNT
} gy_cell;

/* One column of a table. Adjacent columns with equal `group` strings share one merged upper
 * header cell; a column whose group is NULL has its label merged over both header rows. When
 * no column has a group, the header is a single row. kind is the look of the body cells
 * (used for width fitting; every writer takes its own kind). */
typedef struct gy_col {
    const char *group;
    const char *label;
    gy_cell kind;
} gy_col;

typedef struct gy_sheet_spec {
    const char *title;      /* merged across the table */
    const char *filler;     /* "填报单位：<filler>" on the left; NULL or "" leaves it out */
    const char *unit;       /* "单位：<unit>" on the right; NULL or "" leaves it out */
    const gy_col *cols;     /* copied */
    size_t n_cols;          /* 1..256 */
    size_t n_stub;          /* leading columns frozen when scrolling right (row labels) */
} gy_sheet_spec;

/* Write the title, the 填报单位/单位 line and the header rows; freeze panes below the header
 * (and right of the stub columns); set up printing: paper and orientation from the style, one
 * page wide, header rows repeated on every page, footer, margins, centred. Call once per sheet.
 * GY_E_USAGE if called twice or the spec is empty or too wide. */
gy_error gy_sheet_begin(gy_sheet *s, const gy_sheet_spec *spec, GError **err);

/* First row below the header (where the body starts). */
uint32_t gy_sheet_body_row(const gy_sheet *s);

/* Text in a bordered cell (kind TEXT, LABEL, WRAP or HEAD). Never evaluated as a formula
 * ("=1+1" stays text). Text over 32,000 bytes is cut on a character boundary and marked "…". */
gy_error gy_sheet_text(gy_sheet *s, uint32_t row, uint32_t col, const char *text, gy_cell kind);

/* Text merged over a range, bordered (TEXT, LABEL, WRAP or HEAD). */
gy_error gy_sheet_merge(gy_sheet *s, uint32_t row0, uint32_t col0, uint32_t row1, uint32_t col1,
                        const char *text, gy_cell kind);

/* A number: kind COUNT writes v; WAN writes v fen as 万元 (v / 1,000,000, the nearest double,
 * which Excel reads back as the same decimal); RATE writes v tenths of a percent (v / 10).
 * The exact value is remembered for gy_sheet_sum. */
gy_error gy_sheet_value(gy_sheet *s, uint32_t row, uint32_t col, int64_t v, gy_cell kind);

/* =SUM(range) over cells written by gy_sheet_value or gy_sheet_sum in this sheet (other cells
 * count as 0), with its computed value cached in the cell so that viewers that do not
 * recalculate show the real figure. The cached value is the exact sum of the remembered
 * integers, converted once (for WAN: total fen / 1,000,000) — the decimal Excel shows. kind is
 * COUNT or WAN; GY_E_USAGE if a summed cell holds another kind. If out_total is not NULL it
 * receives the exact integer sum (fen for WAN). */
gy_error gy_sheet_sum(gy_sheet *s, uint32_t row, uint32_t col, uint32_t row0, uint32_t col0,
                      uint32_t row1, uint32_t col1, gy_cell kind, int64_t *out_total);

/* A percentage =IF(den=0,"",num/den*100) with format "0.0", caching what Excel computes from
 * the two cells (the same double operations), or "" when den is 0. Write the two cells first:
 * a cell not yet written counts as 0. */
gy_error gy_sheet_rate(gy_sheet *s, uint32_t row, uint32_t col, uint32_t num_row,
                       uint32_t num_col, uint32_t den_row, uint32_t den_col);

/* What comes below the table. */
typedef struct gy_sheet_foot {
    bool signature;          /* the 制表人：　审核人：　制表日期： line */
    gy_day made_on;          /* 制表日期; GY_NO_DAY leaves "　　年　　月　　日" to fill in */
    const char *const *notes;/* NULL-terminated 注 lines (without "注：" or numbers); may be NULL */
} gy_sheet_foot;

/* Close the table: a blank row, the signature line, the 注 lines (numbered when more than one,
 * merged across the table and wrapped), the print area (title through the last note) and the
 * column widths, fitted to the widest text of each column (East-Asian wide characters count
 * twice, scaled for the body font size). foot may be NULL (no signature, no notes). */
gy_error gy_sheet_finish(gy_sheet *s, const gy_sheet_foot *foot, GError **err);

/* "2021年7月5日" for a day (GY_NO_DAY gives "　　年　　月　　日"). Newly allocated. */
char *gy_sheet_date_zh(gy_day d);

/* The inputs table of a 数据说明 sheet, from *row down, oldest export first (gy_ledger_order):
 * 序号, 文件名, 字节数, SHA-256校验值, 编码, then rows 读取 / 接受 / 重复 / 被替代 / 拒收 / 跳过
 * (GY_INPUT_FATES columns from 5, as the sheet's spec declares them), and a 合计 row of SUM
 * formulas; "未登记输入文件" across to `last` when there is
 * none. *row ends below the table. lg may be NULL. */
#define GY_INPUT_FATES 6
gy_error gy_sheet_inputs(gy_sheet *s, uint32_t *row, uint32_t last, const gy_ledger *lg);

#endif
