/* stars_out.h — the outputs of an award summary (src/render/stars_out.c): stars.csv, stars.txt,
 * stars.xlsx and stars.pdf from the pure model of stars.h. */
#ifndef GUIYAN_STARS_OUT_H
#define GUIYAN_STARS_OUT_H

#include "guiyan/chart.h"
#include "guiyan/sheet.h"
#include "guiyan/stars.h"

/* What the outputs need. Everything is borrowed for the call. */
typedef struct gy_stars_doc {
    const gy_roster *roster;
    const gy_star_counts *counts;
    const gy_region *rg;
    const gy_strokes *sk;
    gy_name_order order;
    bool unmask;                     /* full ID numbers in the rosters (else 511102********123X) */
    const char *region_label;        /* "乐山市" */
    const char *filler;              /* 填报单位; NULL or "" leaves it out */
    const char *paragraph;           /* the template of gy_stars_paragraph */
    gy_day made_on;                  /* 制表日期 and document date; GY_NO_DAY: left blank */
    const gy_ledger *ledger;         /* the roster files' accounting (数据说明); may be NULL */
    const char *const *settings;     /* NULL-terminated label/value pairs for 数据说明; or NULL */
    const gy_style *style;           /* NULL: built-in */
    const gy_chart_style *chart_style; /* NULL: built-in */
} gy_stars_doc;

/* stars.csv into s: a BOM, the header year,level,category,county_code,county,count, then per
 * year, level (市级, 省级) and category (返乡创业明星, 返乡创业明星企业) every county of the region
 * in report order (zeros included) and a 合计 row (county 合计, empty code). CRLF line ends. */
void gy_stars_csv(GString *s, const gy_star_counts *c, const gy_region *rg);

/* stars.txt: one paragraph per year (gy_stars_paragraph), each ending in a line break.
 * NULL with *err as gy_stars_paragraph. Newly allocated. */
char *gy_stars_text(const gy_stars_doc *d, GError **err);

/* stars.xlsx: 获评情况 (counts: county rows and 合计 as SUM formulas; per year × level ×
 * category columns), one roster sheet per level and category in list order, 问题 (rejected
 * rows, duplicates, winners not in the records, notes) and 数据说明 (inputs, accounting, order
 * rule, options). Written through a temporary file, mode 0600 (names and ID numbers). GY_E_IO,
 * GY_E_NOMEM. */
gy_error gy_stars_write_workbook(const char *path, const gy_stars_doc *d, GError **err);

/* stars.pdf: one A4 page per year: title, the paragraph, the counts table (drawn with pango)
 * and a bar chart of awards by county (gy_chart_write_png, placed on the page). Fonts are
 * checked as for the charts (gy_chart_font_check): *warning (may be NULL) gets a substitution
 * warning (newly allocated) or NULL. GY_E_FONT, GY_E_IO, GY_E_TEMPLATE. */
gy_error gy_stars_write_pdf(const char *path, const gy_stars_doc *d, char **warning,
                            GError **err);

#endif
