/* chart_int.h — private to the chart renderer: the drawing context shared by chart.c
 * (style, fonts, numbers, files, documents) and chart_draw.c (the charts themselves). */
#ifndef GUIYAN_CHART_INT_H
#define GUIYAN_CHART_INT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "guiyan/chart.h"

/* Where a chart is drawn: a cairo context in points, a pango context set to zh-cn without
 * hinting (so a PNG and a PDF get the same layout), and an optional log of what was placed. */
typedef struct chart_dc {
    cairo_t *cr;
    PangoContext *pc;
    const gy_chart_style *st;
    GString *log;                   /* NULL: nothing recorded */
} chart_dc;

void chart_dc_init(chart_dc *d, cairo_t *cr, const gy_chart_style *st, GString *log);
void chart_dc_clear(chart_dc *d);

/* NULL when spec can be drawn, else an English reason (a msgid). */
const char *chart_spec_problem(const gy_chart_spec *spec);

/* Pages the chart takes on a w × h page (at least 1). */
int chart_part_count(chart_dc *d, const gy_chart_spec *spec, double w, double h);

/* Height the chart needs as one image w wide and at least h high. */
double chart_image_height(chart_dc *d, const gy_chart_spec *spec, double w, double h);

/* Draw part `part` (0-based) of `parts` on a w × h canvas whose background is already white.
 * folio: leave room at the bottom for a page number (drawn by chart_draw_folio). */
void chart_draw(chart_dc *d, const gy_chart_spec *spec, double w, double h, int part, int parts,
                bool folio);

/* The page number line at the bottom of a w × h page from st->page_format. */
void chart_draw_folio(chart_dc *d, double w, double h, int page, int pages);

/* Percent text of num/den with `digits` decimals ("85.3%"); "" for den <= 0. Newly allocated. */
char *chart_percent_text(int64_t num, int64_t den, int digits);

#endif
