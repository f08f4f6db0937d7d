/* chart_draw.c — drawing the charts: page furniture, value axes in 1-2-5 steps, bars (vertical,
 * or horizontal and continued on further pages when the categories are many or their names
 * long), trend lines with gaps for missing months, 完成率 bars in warning colours with the
 * 序时进度 line. Every text goes through pango with the language zh-cn. */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/numfmt.h"
#include "chart_int.h"

#define MAX_CATEGORIES 5000
#define MAX_ABS INT64_C(1000000000000000000)    /* 10^18: keeps every axis sum inside int64 */
#define LABEL_LINES 3                   /* vertical bars: names wrap to at most 3 lines */
#define ROW_LABEL_LINES 2               /* horizontal bars: at most 2 lines */
#define SIZE_STEP 0.5                   /* shrinking text to fit, in points */
#define SWATCH_W 14.0
#define SWATCH_H 8.0

/* ---- the drawing context ---- */

void chart_dc_init(chart_dc *d, cairo_t *cr, const gy_chart_style *st, GString *log)
{
    d->cr = cr;
    d->st = st;
    d->log = log;
    d->pc = pango_cairo_create_context(cr);
    /* No hinting and unrounded glyph positions: the same layout at 72 dpi, 300 dpi and in a
     * PDF, so a label that fits in one fits in all. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(d->pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(d->pc, 72);
    pango_context_set_round_glyph_positions(d->pc, FALSE);
    /* Han characters take Simplified Chinese forms only when the language says so;
     * fontconfig would otherwise go by the process locale. */
    pango_context_set_language(d->pc, pango_language_from_string("zh-cn"));
}

void chart_dc_clear(chart_dc *d)
{
    if (d->pc)
        g_object_unref(d->pc);
    d->pc = NULL;
}

/* ---- text ---- */

typedef struct topt {
    double size;
    bool bold;
    double width;                   /* > 0: wrap at this width */
    int lines;                      /* with width, > 0: ellipsize beyond this many lines */
    int align;                      /* -1 left, 0 centre, 1 right (anchor and lines) */
    int valign;                     /* -1 top, 0 middle, 1 bottom */
    gy_chart_rgb color;
    bool halo;                      /* white ground under the text (lines pass behind it) */
} topt;

typedef struct tsize {
    double w, h;
    int lines;
} tsize;

static topt opt(double size, int align, int valign, gy_chart_rgb color)
{
    return (topt){ size, false, 0, 0, align, valign, color, false };
}

static PangoLayout *layout_new(chart_dc *d, const char *text, const topt *o)
{
    PangoLayout *l = pango_layout_new(d->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, d->st->font);
    pango_font_description_set_weight(fd, o->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, o->size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    PangoAttrList *al = pango_attr_list_new();
    pango_attr_list_insert(al, pango_attr_language_new(pango_language_from_string("zh-cn")));
    pango_layout_set_attributes(l, al);
    pango_attr_list_unref(al);
    pango_layout_set_alignment(l, o->align < 0 ? PANGO_ALIGN_LEFT
                                  : o->align > 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
    if (o->width > 0) {
        pango_layout_set_width(l, (int)(o->width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        if (o->lines > 0) {
            pango_layout_set_height(l, -o->lines);
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        }
    }
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static tsize text_measure(chart_dc *d, const char *text, const topt *o)
{
    PangoLayout *l = layout_new(d, text, o);
    PangoRectangle lr;
    pango_layout_get_extents(l, NULL, &lr);
    tsize t = { lr.width / (double)PANGO_SCALE, lr.height / (double)PANGO_SCALE,
                pango_layout_get_line_count(l) };
    g_object_unref(l);
    return t;
}

/* The narrowest wrap width that keeps text in as few lines as o->width gives it, so a name
 * wraps as 峨边彝族/自治县 rather than 峨边彝族自治/县. */
static double balanced_width(chart_dc *d, const char *text, const topt *o)
{
    topt t = *o;
    t.lines = 0;
    int lines = text_measure(d, text, &t).lines;
    if (lines <= 1 || o->width <= 0)
        return o->width;
    double lo = o->width / lines * 0.8, hi = o->width;
    for (int k = 0; k < 10 && hi - lo > 0.5; k++) {
        t.width = (lo + hi) / 2;
        if (text_measure(d, text, &t).lines <= lines)
            hi = t.width;
        else
            lo = t.width;
    }
    return hi;
}

static void log_num(GString *g, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_c(g, '\t');
    g_string_append(g, g_ascii_formatd(buf, sizeof buf, "%.1f", fabs(v) < 0.05 ? 0.0 : v));
}

static void log_item(chart_dc *d, const char *role, double x, double y, double w, double h,
                     const char *text)
{
    if (!d->log)
        return;
    g_string_append(d->log, role);
    log_num(d->log, x);
    log_num(d->log, y);
    log_num(d->log, w);
    log_num(d->log, h);
    g_string_append_c(d->log, '\t');
    for (const char *p = text ? text : ""; *p; p++)
        g_string_append_c(d->log, *p == '\t' || *p == '\n' ? ' ' : *p);
    g_string_append_c(d->log, '\n');
}

static void set_rgb(cairo_t *cr, gy_chart_rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Place text with its box anchored at (x, y) per o->align / o->valign; returns the box. */
static tsize text_draw(chart_dc *d, const char *role, const char *text, double x, double y,
                       const topt *o)
{
    PangoLayout *l = layout_new(d, text, o);
    PangoRectangle lr;
    pango_layout_get_extents(l, NULL, &lr);
    double w = lr.width / (double)PANGO_SCALE, h = lr.height / (double)PANGO_SCALE;
    double bx = x - (o->align < 0 ? 0 : o->align > 0 ? w : w / 2);
    double by = y - (o->valign < 0 ? 0 : o->valign > 0 ? h : h / 2);
    if (o->halo) {
        cairo_set_source_rgb(d->cr, 1, 1, 1);
        cairo_rectangle(d->cr, bx - 1, by, w + 2, h);
        cairo_fill(d->cr);
    }
    set_rgb(d->cr, o->color);
    cairo_move_to(d->cr, bx - lr.x / (double)PANGO_SCALE, by - lr.y / (double)PANGO_SCALE);
    pango_cairo_update_layout(d->cr, l);
    pango_cairo_show_layout(d->cr, l);
    log_item(d, role, bx, by, w, h, text);
    tsize t = { w, h, pango_layout_get_line_count(l) };
    g_object_unref(l);
    return t;
}

/* ---- shapes ---- */

static double luma(gy_chart_rgb c)
{
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

static void hatch(cairo_t *cr, double x, double y, double w, double h)
{
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.9);
    for (double t = -h; t < w; t += 4.0) {
        cairo_move_to(cr, x + t, y + h);
        cairo_line_to(cr, x + t + h, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* A filled box (bar or legend swatch): light colours get a thin outline so they survive a
 * grayscale printer; `hatched` ones white diagonal lines. */
static void fill_box(chart_dc *d, double x, double y, double w, double h, gy_chart_rgb c,
                     bool hatched)
{
    if (w < 0) {
        x += w;
        w = -w;
    }
    if (h < 0) {
        y += h;
        h = -h;
    }
    if (w <= 0 || h <= 0)
        return;
    cairo_t *cr = d->cr;
    set_rgb(cr, c);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    if (hatched)
        hatch(cr, x, y, w, h);
    if (luma(c) > 0.6 || hatched) {
        gy_chart_rgb e = { c.r * 0.6, c.g * 0.6, c.b * 0.6 };
        set_rgb(cr, e);
        cairo_set_line_width(cr, 0.5);
        cairo_rectangle(cr, x + 0.25, y + 0.25, w - 0.5 > 0 ? w - 0.5 : 0,
                        h - 0.5 > 0 ? h - 0.5 : 0);
        cairo_stroke(cr);
    }
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1, gy_chart_rgb c,
                 double width)
{
    set_rgb(cr, c);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

/* Trend lines: series 0 solid, 1 dashed, 2 dotted, 3 dash-dot; darker than the bar colours. */
static gy_chart_rgb line_colour(const gy_chart_style *st, size_t s)
{
    gy_chart_rgb c = st->series[s % GY_CHART_MAX_SERIES];
    if (s == 0)
        return c;
    double k = luma(c) > 0.5 ? 0.55 : 1.0;
    return (gy_chart_rgb){ c.r * k, c.g * k, c.b * k };
}

static void line_style(cairo_t *cr, size_t s, double width)
{
    static const double dash[4][4] = { { 0 }, { 5, 2.5 }, { 1, 2 }, { 6, 2, 1, 2 } };
    static const int nd[4] = { 0, 2, 2, 4 };
    cairo_set_line_width(cr, width);
    cairo_set_dash(cr, dash[s % 4], nd[s % 4], 0);
    cairo_set_line_cap(cr, s % 4 == 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
}

/* Markers: filled circle, hollow square, filled triangle, hollow diamond. */
static void marker(cairo_t *cr, size_t s, double x, double y, double r, gy_chart_rgb c)
{
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_new_path(cr);
    switch (s % 4) {
    case 0:
        cairo_arc(cr, x, y, r, 0, 2 * G_PI);
        break;
    case 1:
        cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
        break;
    case 2:
        cairo_move_to(cr, x, y - r * 1.1);
        cairo_line_to(cr, x + r, y + r * 0.7);
        cairo_line_to(cr, x - r, y + r * 0.7);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r, y);
        cairo_close_path(cr);
        break;
    }
    bool hollow = s % 2 == 1;
    if (hollow)
        cairo_set_source_rgb(cr, 1, 1, 1);
    else
        set_rgb(cr, c);
    cairo_fill_preserve(cr);
    set_rgb(cr, c);
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
}

/* ---- checking a spec ---- */

static bool utf8_ok(const char *s)
{
    return !s || g_utf8_validate(s, -1, NULL);
}

const char *chart_spec_problem(const gy_chart_spec *sp)
{
    if (sp->kind != GY_CHART_BAR && sp->kind != GY_CHART_TREND &&
        sp->kind != GY_CHART_COMPLETION)
        return N_("unknown chart kind");
    if (!sp->title || !*sp->title)
        return N_("the chart has no title");
    if (!utf8_ok(sp->title) || !utf8_ok(sp->subtitle) || !utf8_ok(sp->source) ||
        !utf8_ok(sp->note) || !utf8_ok(sp->measure))
        return N_("chart text is not UTF-8");
    if (sp->n > MAX_CATEGORIES)
        return N_("more than 5000 categories");
    if (sp->n > 0 && !sp->labels && sp->kind != GY_CHART_TREND)
        return N_("the chart has no category labels");
    for (size_t i = 0; sp->labels && i < sp->n; i++)
        if (!utf8_ok(sp->labels[i]))
            return N_("a category label is not UTF-8");
    if (sp->kind == GY_CHART_COMPLETION) {
        if (sp->n > 0 && !sp->rates)
            return N_("a completion chart needs rates");
        return NULL;
    }
    if (sp->n_series < 1 || sp->n_series > GY_CHART_MAX_SERIES || !sp->series)
        return N_("a chart needs 1 to 4 series");
    for (size_t s = 0; s < sp->n_series; s++) {
        if ((sp->n > 0 && !sp->series[s].num) || !utf8_ok(sp->series[s].name))
            return N_("a series has no figures or a name that is not UTF-8");
        for (size_t i = 0; i < sp->n; i++)
            if (sp->series[s].num[i] > MAX_ABS || sp->series[s].num[i] < -MAX_ABS)
                return N_("a figure is beyond 10^18");
    }
    return NULL;
}

/* ---- the plan: every size and position, worked out before drawing ---- */

typedef struct legend_item {
    int kind;                       /* 0 swatch, 1 line + marker, 2 dashed line, 3 text only */
    size_t series;
    gy_chart_rgb color;
    bool hatched;
    char *text;
} legend_item;

typedef struct chart_plan {
    const gy_chart_spec *sp;
    const gy_chart_style *st;
    double w, h, m;
    bool folio;
    size_t n, ns;
    const char **lab;               /* n category labels */
    char **own_lab;
    double *v;                      /* ns × n figures in axis units */
    bool *has;
    char **vt;                      /* ns × n value labels */
    gy_chart_level *lvl;            /* completion */
    gy_chart_scale sc;
    gy_chart_axis ax;
    int nticks;
    char **ticks;
    char *unit_text;
    char *sched_text;
    bool has_sched;
    double sched;
    bool any_neg;
    GPtrArray *legend;              /* legend_item */
    /* frame */
    double y_sub, y_legend, y_unit, top, bottom, y_notes;
    double title_h, legend_row_h;
    /* plot */
    bool horiz;
    double x0, x1, y0, y1;          /* the data rectangle */
    double slot;                    /* vertical: category width; horizontal: row height */
    double label_size, value_size, tick_h, value_h, cat_w, val_w;
    int label_lines;
    bool label_ellipsize;
    int thin_label, thin_value;
    int parts, per;
    double need_h;
} plan;

static void legend_item_free(gpointer p)
{
    legend_item *it = p;
    g_free(it->text);
    g_free(it);
}

static void legend_add(plan *p, int kind, size_t series, gy_chart_rgb c, bool hatched,
                       char *text)
{
    legend_item *it = g_new0(legend_item, 1);
    it->kind = kind;
    it->series = series;
    it->color = c;
    it->hatched = hatched;
    it->text = text;
    g_ptr_array_add(p->legend, it);
}

static void plan_free(plan *p)
{
    size_t nv = p->ns * p->n;
    for (size_t i = 0; p->vt && i < nv; i++)
        g_free(p->vt[i]);
    for (size_t i = 0; p->own_lab && i < p->n; i++)
        g_free(p->own_lab[i]);
    for (int i = 0; p->ticks && i < p->nticks; i++)
        g_free(p->ticks[i]);
    g_free(p->own_lab);
    g_free(p->lab);
    g_free(p->v);
    g_free(p->has);
    g_free(p->vt);
    g_free(p->lvl);
    g_free(p->ticks);
    g_free(p->unit_text);
    g_free(p->sched_text);
    if (p->legend)
        g_ptr_array_free(p->legend, TRUE);
}

typedef __int128 i128;

/* num/den in hundredths of a percent, rounded down (up: up), within ±MAX_ABS. */
static int64_t hundredths_bound(int64_t num, int64_t den, bool up)
{
    i128 a = (i128)num * 10000, q = a / den;
    if (a % den != 0) {
        if (!up && a < 0)
            q--;
        if (up && a > 0)
            q++;
    }
    return q > MAX_ABS ? MAX_ABS : q < -MAX_ABS ? -MAX_ABS : (int64_t)q;
}

static char *tick_text(const plan *p, int64_t t)
{
    if (p->sp->kind == GY_CHART_COMPLETION) {
        char *s = gy_fmt_ratio(t, 100, 2, true);
        char *r = g_strconcat(s, "%", NULL);
        g_free(s);
        return r;
    }
    if (p->sc.divisor <= 1)
        return g_strdup_printf("%" G_GINT64_FORMAT, (gint64)t);
    return gy_fmt_ratio(t, p->sc.divisor, 10, true);
}

static const char *level_mark(const gy_chart_style *st, gy_chart_level l)
{
    return l == GY_CHART_LEVEL_GREEN ? st->mark_green
           : l == GY_CHART_LEVEL_YELLOW ? st->mark_yellow
           : l == GY_CHART_LEVEL_RED ? st->mark_red : "";
}

static gy_chart_rgb level_colour(const gy_chart_style *st, gy_chart_level l)
{
    return l == GY_CHART_LEVEL_GREEN ? st->green
           : l == GY_CHART_LEVEL_YELLOW ? st->yellow : st->red;
}

static const char *level_key(gy_chart_level l)
{
    return l == GY_CHART_LEVEL_GREEN ? "green"
           : l == GY_CHART_LEVEL_YELLOW ? "yellow"
           : l == GY_CHART_LEVEL_RED ? "red" : "none";
}

/* Figures, value texts, the scale and the axis. */
static void plan_values(plan *p)
{
    const gy_chart_spec *sp = p->sp;
    const gy_chart_style *st = p->st;
    size_t n = p->n;
    p->lab = g_new0(const char *, n + 1);
    if (sp->labels)
        for (size_t i = 0; i < n; i++)
            p->lab[i] = sp->labels[i] ? sp->labels[i] : "";
    else {
        p->own_lab = g_new0(char *, n + 1);
        for (size_t i = 0; i < n; i++)
            p->lab[i] = p->own_lab[i] = g_strdup_printf("%zu月", i + 1);
    }
    p->ns = sp->kind == GY_CHART_COMPLETION ? 1 : sp->n_series;
    size_t nv = p->ns * n;
    p->v = g_new0(double, nv + 1);
    p->has = g_new0(bool, nv + 1);
    p->vt = g_new0(char *, nv + 1);
    int64_t lo = 0, hi = 0, min_step = 1;

    if (sp->kind == GY_CHART_COMPLETION) {
        p->lvl = g_new0(gy_chart_level, n + 1);
        hi = 10000;                                     /* 100% is always on the axis */
        gy_chart_rate s = sp->schedule;
        if (s.den > 0) {
            p->has_sched = true;
            p->sched = CLAMP((double)s.num * 10000.0 / (double)s.den, (double)-MAX_ABS,
                             (double)MAX_ABS);
            int64_t sh = hundredths_bound(s.num, s.den, true);
            hi = MAX(hi, sh);
            lo = MIN(lo, hundredths_bound(s.num, s.den, false));
            char *pc = chart_percent_text(s.num, s.den, st->percent_digits);
            p->sched_text = g_strconcat("序时进度 ", pc, NULL);
            g_free(pc);
        }
        for (size_t i = 0; i < n; i++) {
            gy_chart_rate r = sp->rates[i];
            p->lvl[i] = gy_chart_level_of(r, s, st->yellow_band);
            if (r.den <= 0) {
                p->vt[i] = g_strdup(st->no_value);
                continue;
            }
            p->has[i] = true;
            p->v[i] = CLAMP((double)r.num * 10000.0 / (double)r.den, (double)-MAX_ABS,
                            (double)MAX_ABS);
            hi = MAX(hi, hundredths_bound(r.num, r.den, true));
            lo = MIN(lo, hundredths_bound(r.num, r.den, false));
            char *pc = chart_percent_text(r.num, r.den, st->percent_digits);
            p->vt[i] = g_strconcat(pc, level_mark(st, p->lvl[i]), NULL);
            g_free(pc);
        }
        p->unit_text = g_strdup("单位：%");
        min_step = 100;
    } else {
        for (size_t s = 0; s < p->ns; s++)
            for (size_t i = 0; i < n; i++) {
                const gy_chart_series *se = &sp->series[s];
                if (se->present && !se->present[i])
                    continue;
                int64_t x = se->num[i];
                p->has[s * n + i] = true;
                p->v[s * n + i] = (double)x;
                lo = MIN(lo, x);
                hi = MAX(hi, x);
            }
        int64_t max_abs = MAX(hi, lo == INT64_MIN ? INT64_MAX : -lo);
        p->sc = gy_chart_scale_for(sp->unit, sp->measure, max_abs, st);
        for (size_t k = 0; k < nv; k++)
            p->vt[k] = p->has[k] ? gy_chart_value_text(&p->sc, sp->series[k / n].num[k % n])
                                 : g_strdup(st->no_value);
        if (p->sc.unit[0])
            p->unit_text = g_strconcat("单位：", p->sc.unit, NULL);
        int64_t fine = p->sc.divisor;
        for (int k = 0; k < p->sc.digits && fine % 10 == 0; k++)
            fine /= 10;
        min_step = MAX(fine, sp->unit == GY_CHART_MONEY ? 100 : 1);
    }
    for (size_t k = 0; k < nv; k++)
        if (p->has[k] && p->v[k] < 0)
            p->any_neg = true;
    p->ax = gy_chart_nice_axis(lo, hi, st->ticks, min_step);
    int64_t cnt = (p->ax.hi - p->ax.lo) / p->ax.step + 1;
    p->nticks = cnt > 100 ? 100 : (int)cnt;
    p->ticks = g_new0(char *, p->nticks + 1);
    for (int k = 0; k < p->nticks; k++)
        p->ticks[k] = tick_text(p, p->ax.lo + k * p->ax.step);
}

static void plan_legend(plan *p)
{
    const gy_chart_spec *sp = p->sp;
    const gy_chart_style *st = p->st;
    p->legend = g_ptr_array_new_with_free_func(legend_item_free);
    if (sp->kind == GY_CHART_BAR && p->ns > 1)
        for (size_t s = 0; s < p->ns; s++)
            legend_add(p, 0, s, st->series[s], st->hatch[s],
                       g_strdup(sp->series[s].name ? sp->series[s].name : ""));
    if (sp->kind == GY_CHART_TREND)
        for (size_t s = 0; s < p->ns; s++)
            legend_add(p, 1, s, line_colour(st, s), false,
                       g_strdup(sp->series[s].name ? sp->series[s].name : ""));
    if (sp->kind == GY_CHART_COMPLETION) {
        char *band = gy_fmt_ratio(st->yellow_band, 100, 2, true);
        legend_add(p, 0, 0, st->green, false,
                   g_strdup_printf("%s 达到或超过序时进度", st->mark_green));
        legend_add(p, 0, 0, st->yellow, false,
                   g_strdup_printf("%s 低于序时进度%s个百分点以内", st->mark_yellow, band));
        legend_add(p, 0, 0, st->red, st->hatch_red,
                   g_strdup_printf("%s 低于序时进度超过%s个百分点", st->mark_red, band));
        g_free(band);
        if (p->has_sched)
            legend_add(p, 2, 0, st->schedule, false, g_strdup("序时进度"));
        bool none = false;
        for (size_t i = 0; i < p->n; i++)
            none = none || p->lvl[i] == GY_CHART_LEVEL_NONE;
        if (none)
            legend_add(p, 3, 0, st->text, false, g_strdup_printf("%s 无目标任务", st->no_value));
    }
}

static double item_width(chart_dc *d, const plan *p, const legend_item *it)
{
    topt o = opt(p->st->tick_size, -1, 0, p->st->text);
    return (it->kind == 3 ? 0 : SWATCH_W + 4) + text_measure(d, it->text, &o).w;
}

/* Lay the legend out in centred rows; draws when `draw`. Returns the number of rows. */
static int legend_flow(chart_dc *d, const plan *p, bool draw)
{
    const double gap = 16;
    double avail = p->w - 2 * p->m;
    guint i = 0;
    int rows = 0;
    while (i < p->legend->len) {
        guint j = i;
        double used = 0;
        while (j < p->legend->len) {
            double iw = item_width(d, p, g_ptr_array_index(p->legend, j));
            if (j > i && used + gap + iw > avail)
                break;
            used += (j > i ? gap : 0) + iw;
            j++;
        }
        if (draw) {
            double x = p->w / 2 - used / 2;
            double cy = p->y_legend + rows * p->legend_row_h + p->legend_row_h / 2;
            for (guint k = i; k < j; k++) {
                legend_item *it = g_ptr_array_index(p->legend, k);
                cairo_t *cr = d->cr;
                if (it->kind == 0)
                    fill_box(d, x, cy - SWATCH_H / 2, SWATCH_W, SWATCH_H, it->color, it->hatched);
                else if (it->kind == 1) {
                    cairo_save(cr);
                    set_rgb(cr, it->color);
                    line_style(cr, it->series, it->series == 0 ? 2.0 : 1.5);
                    cairo_move_to(cr, x, cy);
                    cairo_line_to(cr, x + SWATCH_W, cy);
                    cairo_stroke(cr);
                    marker(cr, it->series, x + SWATCH_W / 2, cy, 2.5, it->color);
                    cairo_restore(cr);
                } else if (it->kind == 2) {
                    cairo_save(cr);
                    set_rgb(cr, it->color);
                    cairo_set_line_width(cr, 1.2);
                    double dash[2] = { 4, 2 };
                    cairo_set_dash(cr, dash, 2, 0);
                    cairo_move_to(cr, x, cy);
                    cairo_line_to(cr, x + SWATCH_W, cy);
                    cairo_stroke(cr);
                    cairo_restore(cr);
                }
                double tx = x + (it->kind == 3 ? 0 : SWATCH_W + 4);
                topt o = opt(p->st->tick_size, -1, 0, p->st->text);
                text_draw(d, "legend", it->text, tx, cy, &o);
                x += item_width(d, p, it) + gap;
            }
        }
        rows++;
        i = j;
    }
    return rows;
}

static char *notes_text(const plan *p)
{
    const char *src = p->sp->source, *note = p->sp->note;
    if (src && *src && note && *note)
        return g_strconcat(src, "\n", note, NULL);
    if (src && *src)
        return g_strdup(src);
    if (note && *note)
        return g_strdup(note);
    return NULL;
}

static topt title_opt(const plan *p)
{
    topt o = opt(p->st->title_size, 0, -1, p->st->text);
    o.bold = true;
    o.width = p->w - 2 * p->m;
    return o;
}

/* Title, subtitle, legend, unit line and notes: what is left is the plot region. */
static void plan_frame(chart_dc *d, plan *p)
{
    const gy_chart_style *st = p->st;
    const gy_chart_spec *sp = p->sp;
    double y = p->m;
    topt to = title_opt(p);
    char *t2 = g_strconcat(sp->title, "（续）", NULL);
    p->title_h = text_measure(d, t2, &to).h;
    g_free(t2);
    y += p->title_h + 4;
    p->y_sub = y;
    if (sp->subtitle && *sp->subtitle) {
        topt so = opt(st->subtitle_size, 0, -1, st->muted);
        so.width = p->w - 2 * p->m;
        y += text_measure(d, sp->subtitle, &so).h + 6;
    }
    p->y_legend = y;
    topt lo = opt(st->tick_size, -1, 0, st->text);
    p->legend_row_h = MAX(text_measure(d, "图例", &lo).h, SWATCH_H) + 3;
    if (p->legend->len)
        y += legend_flow(d, p, false) * p->legend_row_h + 4;
    p->tick_h = text_measure(d, "0123456789", &lo).h;
    p->y_unit = y;
    y += p->tick_h + 4;
    p->top = y;

    double b = p->h - p->m;
    if (p->folio)
        b -= text_measure(d, "第 1 页", &(topt){ st->note_size, false, 0, 0, 0, 1, st->text,
                                                  false }).h + 6;
    char *notes = notes_text(p);
    if (notes) {
        topt no = opt(st->note_size, -1, -1, st->muted);
        no.width = p->w - 2 * p->m;
        b -= text_measure(d, notes, &no).h + 6;
        g_free(notes);
    }
    p->y_notes = b + 6;
    p->bottom = b;
}

static double max_width(chart_dc *d, char *const *texts, size_t n, const topt *o)
{
    double w = 0;
    for (size_t i = 0; i < n; i++)
        w = MAX(w, text_measure(d, texts[i], o).w);
    return w;
}

/* Do all category labels fit `width` in at most `lines` lines and `height`? */
static bool labels_fit(chart_dc *d, const plan *p, double size, double width, int lines,
                       double height, double *hmax)
{
    topt o = opt(size, 0, -1, p->st->text);
    o.width = width;
    *hmax = 0;
    for (size_t i = 0; i < p->n; i++) {
        tsize t = text_measure(d, p->lab[i], &o);
        if (t.lines > lines || t.w > width + 0.01 || t.h > height)
            return false;
        *hmax = MAX(*hmax, t.h);
    }
    return true;
}

static double values_width(chart_dc *d, const plan *p, double size)
{
    topt o = opt(size, 0, 1, p->st->text);
    return max_width(d, p->vt, p->ns * p->n, &o);
}

/* Vertical categories: does everything fit? Fills x0..y1 and the sizes either way. */
static bool plan_vertical(chart_dc *d, plan *p)
{
    const gy_chart_style *st = p->st;
    topt tk = opt(st->tick_size, 1, 0, st->text);
    double tw = max_width(d, p->ticks, (size_t)p->nticks, &tk);
    double rpad = 8;
    if (p->sp->kind == GY_CHART_COMPLETION && p->sched_text)
        rpad = text_measure(d, p->sched_text, &tk).w + 10;
    p->x0 = p->m + tw + 6;
    p->x1 = p->w - p->m - rpad;
    size_t n = p->n ? p->n : 1;
    p->slot = (p->x1 - p->x0) / (double)n;
    bool fits = true;
    double hmax = 0;
    if (p->sp->kind == GY_CHART_TREND) {
        topt lo = opt(st->label_size, 0, -1, st->text);
        double lw = max_width(d, (char *const *)p->lab, p->n, &lo);
        p->label_size = st->label_size;
        p->label_lines = 1;
        p->thin_label = (int)ceil((lw + 6) / p->slot);
        p->thin_label = MAX(p->thin_label, 1);
        hmax = text_measure(d, "1月", &lo).h;
        p->value_size = st->value_size;
        double vw = values_width(d, p, st->value_size);
        p->thin_value = MAX((int)ceil((vw + 4) / p->slot), 1);
    } else if (p->n > (size_t)st->vertical_max) {
        fits = false;                   /* horizontal bars whatever the labels */
        p->label_size = st->min_size;
        p->value_size = st->value_size;
        p->label_lines = 1;
    } else {
        /* one line if shrinking by a fifth will do, then two, then three down to min_size */
        fits = false;
        for (int L = 1; L <= LABEL_LINES && !fits; L++) {
            double least = L < LABEL_LINES ? MAX(st->min_size, st->label_size * 0.8)
                                           : st->min_size;
            for (double s = st->label_size; s >= least - 1e-9 && !fits; s -= SIZE_STEP) {
                fits = labels_fit(d, p, s, p->slot - 4, L, 1e9, &hmax);
                p->label_size = s;
                p->label_lines = L;
            }
        }
        bool vfits = false;
        double thick = MIN(p->slot * 0.7, 36.0 * (double)p->ns) / (double)p->ns;
        double allowed = p->ns == 1 ? p->slot - 3 : thick - 1;
        for (double s = st->value_size; s >= st->min_size - 1e-9 && !vfits; s -= SIZE_STEP) {
            vfits = values_width(d, p, s) <= allowed;
            p->value_size = s;
        }
        fits = fits && vfits && p->n <= (size_t)st->vertical_max;
        p->thin_label = p->thin_value = 1;
    }
    topt vo = opt(p->value_size, 0, 1, st->text);
    p->value_h = text_measure(d, "0", &vo).h;
    p->y0 = p->top + MAX(p->value_h + 3, p->tick_h / 2);
    p->y1 = p->bottom - hmax - 4 - (p->any_neg ? p->value_h + 3 : p->tick_h / 2);
    p->parts = 1;
    p->per = (int)p->n;
    p->need_h = p->h;
    return fits;
}

/* Horizontal bars: labels in a column at the left, rows continued on further parts. */
static void plan_horizontal(chart_dc *d, plan *p)
{
    const gy_chart_style *st = p->st;
    p->horiz = true;
    topt lo = opt(st->label_size, 1, 0, st->text);
    double natural = max_width(d, (char *const *)p->lab, p->n, &lo);
    p->cat_w = MIN(natural + 1, (p->w - 2 * p->m) * 0.28);
    p->val_w = values_width(d, p, st->value_size);
    double neg = p->any_neg ? p->val_w + 4 : 0;
    p->x0 = p->m + p->cat_w + 8 + neg;
    p->x1 = p->w - p->m - p->val_w - 4;
    topt tk = opt(st->tick_size, 0, -1, st->text);
    /* the last tick label is centred on the right end of the axis */
    double last = text_measure(d, p->ticks[p->nticks - 1], &tk).w;
    p->x1 = MIN(p->x1, p->w - p->m - last / 2);
    p->y0 = p->top + (p->sp->kind == GY_CHART_COMPLETION && p->has_sched ? p->tick_h + 4 : 2);
    p->y1 = p->bottom - p->tick_h - 4;
    double avail = p->y1 - p->y0;
    size_t n = p->n ? p->n : 1;
    if (p->folio) {
        size_t rows_max = avail > st->row_min ? (size_t)(avail / st->row_min) : 1;
        p->parts = (int)((n + rows_max - 1) / rows_max);
        p->per = (int)((n + (size_t)p->parts - 1) / (size_t)p->parts);
        p->need_h = p->h;
    } else {
        p->parts = 1;
        p->per = (int)n;
        p->need_h = p->h + MAX(0.0, n * st->row_min - avail);
    }
    p->slot = avail / p->per;
    double row = p->slot;
    p->label_lines = ROW_LABEL_LINES;
    p->label_ellipsize = true;
    double hmax;
    for (int L = 1; L <= ROW_LABEL_LINES && p->label_ellipsize; L++) {
        double least = L < ROW_LABEL_LINES ? MAX(st->min_size, st->label_size * 0.8)
                                           : st->min_size;
        for (double s = st->label_size; s >= least - 1e-9; s -= SIZE_STEP) {
            p->label_size = s;
            if (labels_fit(d, p, s, p->cat_w, L, row - 1, &hmax)) {
                p->label_ellipsize = false;
                break;
            }
        }
    }
    if (p->label_ellipsize)
        p->label_lines = 1;
    p->value_size = st->value_size;
    topt vo = opt(p->value_size, -1, 0, st->text);
    while (p->value_size > st->min_size && text_measure(d, "0", &vo).h > row - 1) {
        p->value_size -= SIZE_STEP;
        vo.size = p->value_size;
    }
    p->value_h = text_measure(d, "0", &vo).h;
    p->thin_label = p->thin_value = 1;
}

static void plan_make(chart_dc *d, plan *p, const gy_chart_spec *sp, double w, double h,
                      bool folio)
{
    memset(p, 0, sizeof *p);
    p->sp = sp;
    p->st = d->st;
    p->w = w;
    p->h = h;
    p->folio = folio;
    p->m = folio ? d->st->margin : d->st->image_margin;
    p->n = sp->n;
    plan_values(p);
    plan_legend(p);
    plan_frame(d, p);
    if (!plan_vertical(d, p) && sp->kind != GY_CHART_TREND)
        plan_horizontal(d, p);
}

chart_plan *chart_plan_new(chart_dc *d, const gy_chart_spec *spec, double w, double h,
                           bool folio)
{
    plan *p = g_new(plan, 1);
    plan_make(d, p, spec, w, h, folio);
    return p;
}

int chart_plan_parts(const chart_plan *p)
{
    return p->parts;
}

double chart_plan_height(const chart_plan *p)
{
    return p->need_h;
}

void chart_plan_free(chart_plan *p)
{
    if (!p)
        return;
    plan_free(p);
    g_free(p);
}

/* ---- drawing ---- */

static double map_v(const plan *p, double v)
{
    double span = (double)(p->ax.hi - p->ax.lo);
    double f = span > 0 ? (v - (double)p->ax.lo) / span : 0;
    return p->horiz ? p->x0 + f * (p->x1 - p->x0) : p->y1 - f * (p->y1 - p->y0);
}

static void draw_frame(chart_dc *d, const plan *p, int part)
{
    const gy_chart_style *st = p->st;
    const gy_chart_spec *sp = p->sp;
    topt to = title_opt(p);
    char *title = part > 0 ? g_strconcat(sp->title, "（续）", NULL) : g_strdup(sp->title);
    text_draw(d, "title", title, p->w / 2, p->m, &to);
    g_free(title);
    if (sp->subtitle && *sp->subtitle) {
        topt so = opt(st->subtitle_size, 0, -1, st->muted);
        so.width = p->w - 2 * p->m;
        text_draw(d, "subtitle", sp->subtitle, p->w / 2, p->y_sub, &so);
    }
    if (p->legend->len)
        legend_flow(d, p, true);
    if (p->unit_text) {
        topt uo = opt(st->tick_size, -1, -1, st->text);
        text_draw(d, "unit", p->unit_text, p->m, p->y_unit, &uo);
    }
    char *notes = notes_text(p);
    if (notes) {
        topt no = opt(st->note_size, -1, -1, st->muted);
        no.width = p->w - 2 * p->m;
        text_draw(d, "note", notes, p->m, p->y_notes, &no);
        g_free(notes);
    }
}

static void draw_grid(chart_dc *d, const plan *p)
{
    const gy_chart_style *st = p->st;
    cairo_t *cr = d->cr;
    for (int k = 0; k < p->nticks; k++) {
        int64_t t = p->ax.lo + k * p->ax.step;
        double q = map_v(p, (double)t);
        if (p->horiz) {
            if (t != 0)
                line(cr, q, p->y0, q, p->y1, st->grid, 0.5);
            topt o = opt(st->tick_size, 0, -1, st->muted);
            text_draw(d, "tick", p->ticks[k], q, p->y1 + 3, &o);
        } else {
            if (t != 0)
                line(cr, p->x0, q, p->x1, q, st->grid, 0.5);
            topt o = opt(st->tick_size, 1, 0, st->muted);
            text_draw(d, "tick", p->ticks[k], p->x0 - 5, q, &o);
        }
    }
    double z = map_v(p, 0);
    if (p->horiz)
        line(cr, z, p->y0, z, p->y1, st->axis, 0.8);
    else
        line(cr, p->x0, z, p->x1, z, st->axis, 0.8);
}

static void draw_no_data(chart_dc *d, const plan *p)
{
    topt o = opt(p->st->label_size, 0, 0, p->st->muted);
    text_draw(d, "value", "无数据", (p->x0 + p->x1) / 2, (p->y0 + p->y1) / 2, &o);
}

static void draw_schedule(chart_dc *d, const plan *p)
{
    if (!p->has_sched)
        return;
    const gy_chart_style *st = p->st;
    cairo_t *cr = d->cr;
    double q = map_v(p, p->sched);
    cairo_save(cr);
    double dash[2] = { 5, 3 };
    cairo_set_dash(cr, dash, 2, 0);
    if (p->horiz)
        line(cr, q, p->y0, q, p->y1, st->schedule, 1.3);
    else
        line(cr, p->x0, q, p->x1, q, st->schedule, 1.3);
    cairo_restore(cr);
    topt o = opt(st->tick_size, p->horiz ? 0 : -1, p->horiz ? 1 : 0, st->schedule);
    if (p->horiz)
        text_draw(d, "schedule", p->sched_text, q, p->y0 - 3, &o);
    else
        text_draw(d, "schedule", p->sched_text, p->x1 + 5, q, &o);
    log_item(d, "line", p->horiz ? q : p->x0, p->horiz ? p->y0 : q,
             p->horiz ? 0 : p->x1 - p->x0, p->horiz ? p->y1 - p->y0 : 0, "序时进度");
}

/* One bar with its value label; k = s * n + i. */
static void draw_bar(chart_dc *d, const plan *p, size_t s, size_t i, double along,
                     double thick)
{
    const gy_chart_style *st = p->st;
    size_t k = s * p->n + i;
    double z = map_v(p, 0);
    gy_chart_rgb c = st->series[s];
    bool hatched = st->hatch[s];
    if (p->sp->kind == GY_CHART_COMPLETION) {
        c = level_colour(st, p->lvl[i]);
        hatched = p->lvl[i] == GY_CHART_LEVEL_RED && st->hatch_red;
    }
    if (p->has[k] && p->v[k] != 0) {
        double q = map_v(p, p->v[k]);
        if (p->horiz)
            fill_box(d, z, along - thick / 2, q - z, thick, c, hatched);
        else
            fill_box(d, along - thick / 2, q, thick, z - q, c, hatched);
        char *what = g_strdup_printf("%s %s %s", p->lab[i], p->vt[k],
                                     p->lvl ? level_key(p->lvl[i]) : "");
        g_strchomp(what);
        if (p->horiz)
            log_item(d, "bar", MIN(z, q), along - thick / 2, fabs(q - z), thick, what);
        else
            log_item(d, "bar", along - thick / 2, MIN(z, q), thick, fabs(z - q), what);
        g_free(what);
    }
}

static void draw_value(chart_dc *d, const plan *p, size_t s, size_t i, double along)
{
    size_t k = s * p->n + i;
    double z = map_v(p, 0);
    double q = p->has[k] ? map_v(p, p->v[k]) : z;
    bool neg = p->has[k] && p->v[k] < 0;
    topt vo = opt(p->value_size, 0, 1, p->st->text);
    vo.halo = true;
    if (p->horiz) {
        vo.align = neg ? 1 : -1;
        vo.valign = 0;
        text_draw(d, "value", p->vt[k], neg ? q - 3 : q + 3, along, &vo);
    } else {
        vo.valign = neg ? -1 : 1;
        text_draw(d, "value", p->vt[k], along, neg ? q + 2 : q - 2, &vo);
    }
}

/* Bars and category labels of one part; value labels when `values` (a second pass, after
 * the 序时进度 line, so the line passes behind them). */
static void draw_bars(chart_dc *d, const plan *p, int part, bool values)
{
    const gy_chart_style *st = p->st;
    size_t from = (size_t)part * (size_t)p->per, to = MIN(p->n, from + (size_t)p->per);
    double group = MIN(p->slot * 0.7, 36.0 * (double)p->ns);
    double thick = group / (double)p->ns;
    for (size_t i = from; i < to; i++) {
        double c = p->horiz ? p->y0 + p->slot * ((double)(i - from) + 0.5)
                            : p->x0 + p->slot * ((double)i + 0.5);
        for (size_t s = 0; s < p->ns; s++) {
            double along = c - group / 2 + thick * ((double)s + 0.5);
            if (values)
                draw_value(d, p, s, i, along);
            else
                draw_bar(d, p, s, i, along, thick);
        }
        if (values)
            continue;
        topt lo = opt(p->label_size, 0, -1, st->text);
        lo.lines = p->label_lines;
        if (p->horiz) {
            lo.align = 1;
            lo.valign = 0;
            lo.width = p->cat_w;
            if (!p->label_ellipsize)
                lo.width = balanced_width(d, p->lab[i], &lo);
            double x = p->x0 - 8 - (p->any_neg ? p->val_w + 4 : 0);
            text_draw(d, "category", p->lab[i], x, c, &lo);
        } else {
            lo.width = p->slot - 4;
            lo.width = balanced_width(d, p->lab[i], &lo);
            double y = p->y1 + (p->any_neg ? p->value_h + 3 : p->tick_h / 2) + 4;
            text_draw(d, "category", p->lab[i], c, y, &lo);
        }
    }
}

typedef struct box {
    double x, y, w, h;
} box;

/* Where a trend value label goes: align 0 centred over the point, 1 to its left, -1 to its
 * right; below or above. */
static box trend_label_box(double x, double y, double r, tsize t, int align, bool below)
{
    box b = { 0, 0, t.w, t.h };
    b.x = align == 0 ? x - t.w / 2 : align == 1 ? x - r - t.w : x + r;
    b.y = below ? y + r + 2 : y - r - 2 - t.h;
    return b;
}

static bool box_overlap(box a, box b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Does the segment cross the box? (Liang-Barsky clipping) */
static bool segment_hits(box b, double x0, double y0, double x1, double y1)
{
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    double pp[4] = { -dx, dx, -dy, dy };
    double qq[4] = { x0 - b.x, b.x + b.w - x0, y0 - b.y, b.y + b.h - y0 };
    for (int k = 0; k < 4; k++) {
        if (pp[k] == 0) {
            if (qq[k] < 0)
                return false;
            continue;
        }
        double t = qq[k] / pp[k];
        if (pp[k] < 0)
            t0 = MAX(t0, t);
        else
            t1 = MIN(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

/* What a label box at category i would cover: line segments and markers of every series
 * near i, and labels already placed. */
static int trend_hits(const plan *p, box b, size_t i, GArray *placed)
{
    int hits = 0;
    size_t n = p->n;
    box grown = { b.x - 1, b.y - 1, b.w + 2, b.h + 2 };
    for (size_t s = 0; s < p->ns; s++) {
        size_t lo = i >= 2 ? i - 2 : 0, hi = MIN(n - 1, i + 2);
        for (size_t j = lo; j <= hi; j++) {
            size_t k = s * n + j;
            if (!p->has[k])
                continue;
            double xj = p->x0 + p->slot * ((double)j + 0.5), yj = map_v(p, p->v[k]);
            box mk = { xj - 3, yj - 3, 6, 6 };
            if (box_overlap(grown, mk))
                hits += 2;
            if (j + 1 < n && p->has[k + 1] &&
                segment_hits(grown, xj, yj, xj + p->slot, map_v(p, p->v[k + 1])))
                hits++;
        }
    }
    for (guint k = 0; k < placed->len; k++)
        if (box_overlap(grown, g_array_index(placed, box, k)))
            hits += 3;
    return hits;
}

static void draw_trend(chart_dc *d, const plan *p)
{
    const gy_chart_style *st = p->st;
    cairo_t *cr = d->cr;
    size_t n = p->n;
    double r = MIN(2.8, MAX(1.0, p->slot * 0.18));
    for (size_t s = p->ns; s-- > 0;) {
        gy_chart_rgb c = line_colour(st, s);
        const char *name = p->sp->series[s].name ? p->sp->series[s].name : "";
        cairo_save(cr);
        set_rgb(cr, c);
        line_style(cr, s, s == 0 ? 2.0 : 1.5);
        size_t run = 0;
        for (size_t i = 0; i <= n; i++) {
            bool on = i < n && p->has[s * n + i];
            if (on) {
                double x = p->x0 + p->slot * ((double)i + 0.5), y = map_v(p, p->v[s * n + i]);
                if (i == 0 || !p->has[s * n + i - 1]) {
                    cairo_move_to(cr, x, y);
                    run = i;
                } else
                    cairo_line_to(cr, x, y);
            } else if (i > 0 && p->has[s * n + i - 1]) {
                cairo_stroke(cr);
                if (d->log) {
                    char *t = g_strdup_printf("%s %s-%s", name, p->lab[run], p->lab[i - 1]);
                    double xa = p->x0 + p->slot * ((double)run + 0.5);
                    log_item(d, "line", xa, p->y0, p->slot * (double)(i - 1 - run), 0, t);
                    g_free(t);
                }
            }
        }
        cairo_new_path(cr);
        for (size_t i = 0; i < n; i++) {
            size_t k = s * n + i;
            if (!p->has[k])
                continue;
            double x = p->x0 + p->slot * ((double)i + 0.5), y = map_v(p, p->v[k]);
            marker(cr, s, x, y, r, c);
            if (d->log) {
                char *t = g_strdup_printf("%s %s %s", name, p->lab[i], p->vt[k]);
                log_item(d, "point", x - r, y - r, 2 * r, 2 * r, t);
                g_free(t);
            }
        }
        cairo_restore(cr);
    }
    /* Value labels of this year's line, thinned when they would touch, each put where it
     * crosses the fewest lines, markers and labels already placed. */
    topt vo = opt(p->value_size, 0, 1, st->text);
    vo.halo = true;
    GArray *placed = g_array_new(FALSE, FALSE, sizeof(box));
    for (size_t i = 0; i < n; i++) {
        if (!p->has[i] || i % (size_t)p->thin_value != 0)
            continue;
        double x = p->x0 + p->slot * ((double)i + 0.5), y = map_v(p, p->v[i]);
        tsize t = text_measure(d, p->vt[i], &vo);
        /* above, above-left, above-right, below, below-left, below-right */
        static const int ax[6] = { 0, 1, -1, 0, 1, -1 };
        int best = 0, best_hits = INT_MAX;
        for (int c = 0; c < 6 && best_hits > 0; c++) {
            box b = trend_label_box(x, y, r, t, ax[c], c >= 3);
            int hits = trend_hits(p, b, i, placed);
            if (b.y < p->top - 1 || b.y + b.h > p->y1 + (p->any_neg ? p->value_h + 3 : 0))
                hits += 100;                    /* off the plot */
            if (hits < best_hits) {
                best_hits = hits;
                best = c;
            }
        }
        box b = trend_label_box(x, y, r, t, ax[best], best >= 3);
        g_array_append_val(placed, b);
        vo.align = -1;
        vo.valign = -1;
        text_draw(d, "value", p->vt[i], b.x, b.y, &vo);
    }
    g_array_free(placed, TRUE);
    topt lo = opt(p->label_size, 0, -1, st->text);
    double y = p->y1 + (p->any_neg ? p->value_h + 3 : p->tick_h / 2) + 4;
    for (size_t i = 0; i < n; i += (size_t)p->thin_label)
        text_draw(d, "category", p->lab[i], p->x0 + p->slot * ((double)i + 0.5), y, &lo);
}

void chart_plan_draw(chart_dc *d, const chart_plan *cp, int part)
{
    const plan *p = cp;
    const gy_chart_spec *spec = p->sp;
    if (part >= p->parts)
        part = p->parts - 1;
    cairo_save(d->cr);
    draw_frame(d, p, part);
    draw_grid(d, p);
    if (p->n == 0)
        draw_no_data(d, p);
    else if (spec->kind == GY_CHART_TREND)
        draw_trend(d, p);
    else
        draw_bars(d, p, part, false);
    if (spec->kind == GY_CHART_COMPLETION)
        draw_schedule(d, p);
    if (p->n > 0 && spec->kind != GY_CHART_TREND)
        draw_bars(d, p, part, true);
    cairo_restore(d->cr);
}

void chart_draw_folio(chart_dc *d, double w, double h, int page, int pages)
{
    const gy_chart_style *st = d->st;
    GString *g = g_string_new(st->page_format);
    char num[24];
    g_snprintf(num, sizeof num, "%d", page);
    g_string_replace(g, "&P", num, 0);
    g_snprintf(num, sizeof num, "%d", pages);
    g_string_replace(g, "&N", num, 0);
    topt o = opt(st->note_size, 0, 1, st->text);
    text_draw(d, "folio", g->str, w / 2, h - st->margin, &o);
    g_string_free(g, TRUE);
}
