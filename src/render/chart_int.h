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

/* Every size and position of one chart on a w × h canvas, worked out once (folio: leave room
 * at the bottom for a page number). Keeps pointers into spec: draw before spec changes.
 * Drawable with any chart_dc of the same style. */
typedef struct chart_plan chart_plan;
chart_plan *chart_plan_new(chart_dc *d, const gy_chart_spec *spec, double w, double h,
                           bool folio);
void chart_plan_free(chart_plan *p);

/* Pages the chart takes (horizontal bars continue on further pages; at least 1). */
int chart_plan_parts(const chart_plan *p);

/* Height the chart needs as one image (not folio): h, or more for many horizontal bars. */
double chart_plan_height(const chart_plan *p);

/* Draw part `part` (0-based) on a canvas whose background is already white. */
void chart_plan_draw(chart_dc *d, const chart_plan *p, int part);

/* The page number line at the bottom of a w × h page from st->page_format. */
void chart_draw_folio(chart_dc *d, double w, double h, int page, int pages);

/* Percent text of num/den with `digits` decimals ("85.3%"); "" for den <= 0. Newly allocated. */
char *chart_percent_text(int64_t num, int64_t den, int digits);

#endif
