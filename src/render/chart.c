/* chart.c — the chart renderer's outside: style (charts.ini), the font check (fontconfig),
 * exact numbers (nice axes, scales, warning levels), and the outputs: a PDF of several pages,
 * one chart as PNG or SVG, and a text dump for tests (chart.h). The drawing is chart_draw.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>

#include "guiyan/i18n.h"
#include "guiyan/numfmt.h"
#include "guiyan/output.h"
#include "guiyan/error.h"
#include "chart_int.h"

#define PT_PER_MM (72.0 / 25.4)
#define PNG_MAX_PX 32767                /* cairo's image surface limit */
#define DOC_MAX_PAGES 10000
#define FONT_PACKAGE "fonts-noto-cjk"

/* The fixed wording of the charts, for the font check when the caller gives no text. */
static const char FIXED_TEXT[] = "单位：万亿元人个笔第页共续数据来源注序时进度完成率低于达到超过"
                                 "百分点以内年月日截至—·▲●▼%0123456789.";

/* ---- style ---- */

static gy_chart_rgb rgb_hex(unsigned v)
{
    return (gy_chart_rgb){ ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0,
                           (v & 0xff) / 255.0 };
}

gy_chart_style *gy_chart_style_new(void)
{
    gy_chart_style *st = g_new0(gy_chart_style, 1);
    st->font = g_strdup("Noto Sans CJK SC");
    st->title_size = 16;
    st->subtitle_size = 10.5;
    st->label_size = 10;
    st->value_size = 9;
    st->tick_size = 9;
    st->note_size = 9;
    st->min_size = 6;
    st->page_width = 297 * PT_PER_MM;
    st->page_height = 210 * PT_PER_MM;
    st->margin = 15 * PT_PER_MM;
    st->image_width = 180 * PT_PER_MM;
    st->image_height = 110 * PT_PER_MM;
    st->image_margin = 5 * PT_PER_MM;
    st->dpi = 300;
    st->ticks = 6;
    st->vertical_max = 24;
    st->row_min = 13;
    st->money_digits = 2;
    st->wan_digits = 2;
    st->percent_digits = 1;
    st->count_wan_from = 100000;
    st->yellow_band = 1000;
    st->page_format = g_strdup("第 &P 页 共 &N 页");
    st->mark_green = g_strdup("▲");
    st->mark_yellow = g_strdup("●");
    st->mark_red = g_strdup("▼");
    st->no_value = g_strdup("—");
    st->text = rgb_hex(0x262626);
    st->muted = rgb_hex(0x595959);
    st->grid = rgb_hex(0xd9d9d9);
    st->axis = rgb_hex(0x595959);
    st->schedule = rgb_hex(0xc00000);
    /* Lightness tells the levels apart in grayscale: green mid, yellow light, red dark and
     * hatched. */
    st->green = rgb_hex(0x2e7d32);
    st->yellow = rgb_hex(0xf2c12e);
    st->red = rgb_hex(0xc62828);
    st->hatch_red = true;
    st->series[0] = rgb_hex(0x1f4e79);
    st->series[1] = rgb_hex(0x9dc3e6);
    st->series[2] = rgb_hex(0x7f7f7f);
    st->series[3] = rgb_hex(0xd9d9d9);
    st->hatch[2] = true;
    return st;
}

gy_chart_style *gy_chart_style_copy(const gy_chart_style *st)
{
    gy_chart_style *c = g_new(gy_chart_style, 1);
    *c = *st;
    c->font = g_strdup(st->font);
    c->page_format = g_strdup(st->page_format);
    c->mark_green = g_strdup(st->mark_green);
    c->mark_yellow = g_strdup(st->mark_yellow);
    c->mark_red = g_strdup(st->mark_red);
    c->no_value = g_strdup(st->no_value);
    return c;
}

void gy_chart_style_free(gy_chart_style *st)
{
    if (!st)
        return;
    g_free(st->font);
    g_free(st->page_format);
    g_free(st->mark_green);
    g_free(st->mark_yellow);
    g_free(st->mark_red);
    g_free(st->no_value);
    g_free(st);
}

/* ---- fonts ---- */

/* Family names compare as fontconfig does: ASCII case and blanks do not count. */
static bool family_eq(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
            return false;
        a++;
        b++;
    }
}

static bool font_has_family(FcPattern *font, const char *family)
{
    FcChar8 *fam = NULL;
    for (int i = 0; FcPatternGetString(font, FC_FAMILY, i, &fam) == FcResultMatch; i++)
        if (family_eq((const char *)fam, family))
            return true;
    return false;
}

static bool font_covers(FcPattern *font, FcCharSet *need)
{
    FcCharSet *cs = NULL;
    return FcPatternGetCharSet(font, FC_CHARSET, 0, &cs) == FcResultMatch &&
           FcCharSetIsSubset(need, cs);
}

static char *font_family(FcPattern *font)
{
    FcChar8 *fam = NULL;
    if (FcPatternGetString(font, FC_FAMILY, 0, &fam) != FcResultMatch)
        return NULL;
    return g_strdup((const char *)fam);
}

gy_error gy_chart_font_check(const char *family, const char *text, char **used, char **warning,
                             GError **err)
{
    if (used)
        *used = NULL;
    if (warning)
        *warning = NULL;
    if (!family || !*family)
        family = "Noto Sans CJK SC";
    if (!text)
        text = FIXED_TEXT;
    if (!FcInit()) {
        g_set_error(err, GY_ERROR, GY_E_FONT, _("fontconfig cannot start; install the Debian "
                                                "package %s"), FONT_PACKAGE);
        return GY_E_FONT;
    }
    FcCharSet *need = FcCharSetCreate();
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2)
            break;
        if (!g_unichar_isspace(c) && !g_unichar_iscntrl(c))
            FcCharSetAddChar(need, c);
    }
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *fs = FcFontSort(NULL, pat, FcFalse, NULL, &res);

    FcPattern *named = NULL, *covering = NULL;
    FcCharSet *all = FcCharSetCreate();
    for (int i = 0; fs && i < fs->nfont; i++) {
        FcPattern *font = fs->fonts[i];
        FcCharSet *cs = NULL;
        if (FcPatternGetCharSet(font, FC_CHARSET, 0, &cs) == FcResultMatch)
            FcCharSetMerge(all, cs, NULL);
        if (!named && font_has_family(font, family))
            named = font;
        if (!covering && font_covers(font, need))
            covering = font;
    }

    gy_error r = GY_OK;
    if (named && font_covers(named, need)) {
        if (used)
            *used = g_strdup(family);
    } else if (covering) {
        char *sub = font_family(covering);
        if (warning)
            *warning = named
                ? g_strdup_printf(_("font family \"%s\" lacks characters of the charts; using "
                                    "\"%s\""), family, sub)
                : g_strdup_printf(_("font family \"%s\" is not installed; using \"%s\""),
                                  family, sub);
        if (used)
            *used = sub;
        else
            g_free(sub);
    } else {
        /* Name the first character no installed font has (if every character has some font,
         * none has them all: the charts would mix fonts, which we do not accept either). */
        gunichar miss = 0;
        for (const char *p = text; *p && !miss; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char_validated(p, -1);
            if (c == (gunichar)-1 || c == (gunichar)-2)
                break;
            if (FcCharSetHasChar(need, c) && !FcCharSetHasChar(all, c))
                miss = c;
        }
        char ch[8] = "";
        if (miss)
            ch[g_unichar_to_utf8(miss, ch)] = '\0';
        if (miss)
            g_set_error(err, GY_ERROR, GY_E_FONT,
                        _("no installed font can show \"%s\" (U+%04X) in the charts; install "
                          "the Debian package %s"), ch, (unsigned)miss, FONT_PACKAGE);
        else
            g_set_error(err, GY_ERROR, GY_E_FONT,
                        _("no installed font covers all the characters of the charts; install "
                          "the Debian package %s"), FONT_PACKAGE);
        r = GY_E_FONT;
    }
    FcCharSetDestroy(all);
    if (fs)
        FcFontSetDestroy(fs);
    FcPatternDestroy(pat);
    FcCharSetDestroy(need);
    return r;
}

/* ---- numbers ---- */

typedef __int128 i128;

static i128 floor_div(i128 a, i128 b)
{
    i128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int64_t clamp64(i128 v)
{
    return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

gy_chart_axis gy_chart_nice_axis(int64_t lo, int64_t hi, int intervals, int64_t min_step)
{
    if (intervals < 1)
        intervals = 1;
    if (min_step < 1)
        min_step = 1;
    if (lo > hi) {
        int64_t t = lo;
        lo = hi;
        hi = t;
    }
    i128 l = lo, h = hi;
    if (l == h)
        h = l + (i128)min_step * intervals;
    i128 rough = (h - l + intervals - 1) / intervals;
    i128 step = 0;
    static const int mult[3] = { 1, 2, 5 };
    for (i128 p = 1; !step; p *= 10)
        for (int k = 0; k < 3 && !step; k++)
            if (mult[k] * p >= rough && mult[k] * p >= min_step)
                step = mult[k] * p;
    i128 alo = floor_div(l, step) * step;
    i128 ahi = -floor_div(-h, step) * step;
    return (gy_chart_axis){ clamp64(alo), clamp64(ahi), clamp64(step) };
}

gy_chart_scale gy_chart_scale_for(gy_chart_unit unit, const char *measure, int64_t max_abs,
                                  const gy_chart_style *st)
{
    gy_chart_style *own = st ? NULL : gy_chart_style_new();
    if (!st)
        st = own;
    gy_chart_scale sc = { 1, 0, "" };
    if (max_abs < 0)
        max_abs = max_abs == INT64_MIN ? INT64_MAX : -max_abs;
    const char *word = measure ? measure : "";
    const char *prefix = "";
    if (unit == GY_CHART_MONEY) {
        word = "元";
        if (max_abs >= INT64_C(10000000000)) {
            sc.divisor = INT64_C(10000000000);
            prefix = "亿";
            sc.digits = st->wan_digits;
        } else if (max_abs >= INT64_C(1000000)) {
            sc.divisor = INT64_C(1000000);
            prefix = "万";
            sc.digits = st->wan_digits;
        } else {
            sc.divisor = 100;
            sc.digits = st->money_digits;
        }
    } else if (max_abs >= INT64_C(100000000)) {
        sc.divisor = INT64_C(100000000);
        prefix = "亿";
        sc.digits = st->wan_digits;
    } else if (max_abs >= st->count_wan_from) {
        sc.divisor = 10000;
        prefix = "万";
        sc.digits = st->wan_digits;
    }
    g_snprintf(sc.unit, sizeof sc.unit, "%s%s", prefix, word);
    gy_chart_style_free(own);
    return sc;
}

char *gy_chart_value_text(const gy_chart_scale *sc, int64_t v)
{
    if (sc->divisor <= 1)
        return g_strdup_printf("%" G_GINT64_FORMAT, (gint64)v);
    return gy_fmt_ratio(v, sc->divisor, sc->digits, false);
}

char *chart_percent_text(int64_t num, int64_t den, int digits)
{
    if (den <= 0)
        return g_strdup("");
    char *s = gy_fmt_percent(num, den, digits, false);
    return s ? s : g_strdup("");
}

/* Exact for figures below 2^40 (about a trillion); beyond, a long double comparison. */
gy_chart_level gy_chart_level_of(gy_chart_rate rate, gy_chart_rate schedule,
                                 int64_t yellow_band)
{
    if (rate.den <= 0)
        return GY_CHART_LEVEL_NONE;
    if (schedule.den <= 0)
        return GY_CHART_LEVEL_GREEN;
    const int64_t lim = INT64_C(1) << 40;
    if (rate.num > -lim && rate.num < lim && rate.den < lim && schedule.num > -lim &&
        schedule.num < lim && schedule.den < lim && yellow_band > -lim && yellow_band < lim) {
        i128 diff = (i128)rate.num * schedule.den - (i128)schedule.num * rate.den;
        i128 den = (i128)rate.den * schedule.den;
        if (diff >= 0)
            return GY_CHART_LEVEL_GREEN;
        return diff * 10000 + (i128)yellow_band * den >= 0 ? GY_CHART_LEVEL_YELLOW
                                                            : GY_CHART_LEVEL_RED;
    }
    long double g = (long double)rate.num / rate.den - (long double)schedule.num / schedule.den;
    if (g >= 0)
        return GY_CHART_LEVEL_GREEN;
    return g * 10000 + yellow_band >= 0 ? GY_CHART_LEVEL_YELLOW : GY_CHART_LEVEL_RED;
}

/* ---- outputs ---- */

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static bool spec_ok(const gy_chart_spec *spec, GError **err)
{
    const char *why = spec ? chart_spec_problem(spec) : N_("no chart given");
    if (why) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, "%s: %s",
                    spec && spec->title ? spec->title : "chart", _(why));
        return false;
    }
    return true;
}

static gy_error cairo_fail(cairo_status_t s, const char *path, GError **err)
{
    g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, cairo_status_to_string(s));
    return GY_E_IO;
}

/* The plan of a chart as one image, measured on a scratch surface before the real one
 * exists (its height decides the real one's size). */
static chart_plan *image_plan(const gy_chart_spec *spec, const gy_chart_style *st)
{
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    chart_dc d;
    chart_dc_init(&d, cr, st, NULL);
    chart_plan *p = chart_plan_new(&d, spec, st->image_width, st->image_height, false);
    double h = chart_plan_height(p);
    if (h > st->image_height) {
        chart_plan_free(p);
        p = chart_plan_new(&d, spec, st->image_width, h, false);
    }
    chart_dc_clear(&d);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return p;
}

static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* cairo writes no resolution; a word processor then takes the PNG as 96 dpi and pastes it
 * three times too large. A pHYs chunk goes right after IHDR (signature 8 + IHDR 25 bytes). */
static GByteArray *png_with_dpi(GByteArray *png, int dpi)
{
    if (png->len < 33 || memcmp(png->data + 12, "IHDR", 4) != 0)
        return png;
    unsigned char ch[21];
    uint32_t ppm = (uint32_t)((dpi * 10000 + 127) / 254);   /* pixels per metre */
    put_be32(ch, 9);
    memcpy(ch + 4, "pHYs", 4);
    put_be32(ch + 8, ppm);
    put_be32(ch + 12, ppm);
    ch[16] = 1;                                              /* unit: metre */
    put_be32(ch + 17, crc32_update(0, ch + 4, 13));
    GByteArray *out = g_byte_array_sized_new(png->len + (guint)sizeof ch);
    g_byte_array_append(out, png->data, 33);
    g_byte_array_append(out, ch, sizeof ch);
    g_byte_array_append(out, png->data + 33, png->len - 33);
    g_byte_array_free(png, TRUE);
    return out;
}

gy_error gy_chart_write_png(const gy_chart_spec *spec, const gy_chart_style *st,
                            const char *path, int dpi, GError **err)
{
    if (!spec_ok(spec, err))
        return GY_E_USAGE;
    gy_chart_style *own = st ? NULL : gy_chart_style_new();
    if (!st)
        st = own;
    if (dpi < 36 || dpi > 1200)
        dpi = 300;
    chart_plan *plan = image_plan(spec, st);
    double w = st->image_width, h = MAX(st->image_height, chart_plan_height(plan));
    double px = dpi / 72.0;
    double wpx = w * px + 0.5, hpx = h * px + 0.5;
    if (wpx > PNG_MAX_PX || hpx > PNG_MAX_PX) {
        chart_plan_free(plan);
        gy_chart_style_free(own);
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("%s: the chart is too large for a PNG at %d dpi; use the PDF or the SVG"),
                    path, dpi);
        return GY_E_USAGE;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)wpx, (int)hpx);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, px, px);
    chart_dc d;
    chart_dc_init(&d, cr, st, NULL);
    chart_plan_draw(&d, plan, 0);
    chart_plan_free(plan);
    chart_dc_clear(&d);
    cairo_destroy(cr);
    GByteArray *png = g_byte_array_new();
    cairo_status_t cs = cairo_surface_status(s);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_write_to_png_stream(s, collect, png);
    cairo_surface_destroy(s);
    gy_chart_style_free(own);
    gy_error r;
    if (cs != CAIRO_STATUS_SUCCESS)
        r = cairo_fail(cs, path, err);
    else {
        png = png_with_dpi(png, dpi);
        r = gy_output_write(path, (const char *)png->data, png->len, err);
    }
    g_byte_array_free(png, TRUE);
    return r;
}

gy_error gy_chart_write_svg(const gy_chart_spec *spec, const gy_chart_style *st,
                            const char *path, GError **err)
{
    if (!spec_ok(spec, err))
        return GY_E_USAGE;
    gy_chart_style *own = st ? NULL : gy_chart_style_new();
    if (!st)
        st = own;
    chart_plan *plan = image_plan(spec, st);
    double w = st->image_width, h = MAX(st->image_height, chart_plan_height(plan));
    GByteArray *svg = g_byte_array_new();
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(collect, svg, w, h);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_dc d;
    chart_dc_init(&d, cr, st, NULL);
    chart_plan_draw(&d, plan, 0);
    chart_plan_free(plan);
    chart_dc_clear(&d);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    gy_chart_style_free(own);
    gy_error r = cs != CAIRO_STATUS_SUCCESS
                     ? cairo_fail(cs, path, err)
                     : gy_output_write(path, (const char *)svg->data, svg->len, err);
    g_byte_array_free(svg, TRUE);
    return r;
}

gy_error gy_chart_draw(cairo_t *cr, const gy_chart_spec *spec, const gy_chart_style *st,
                       double w, double h, GError **err)
{
    if (!spec_ok(spec, err))
        return GY_E_USAGE;
    gy_chart_style *own = st ? NULL : gy_chart_style_new();
    if (!st)
        st = own;
    cairo_save(cr);
    chart_dc d;
    chart_dc_init(&d, cr, st, NULL);
    chart_plan *plan = chart_plan_new(&d, spec, w, h, false);
    chart_plan_draw(&d, plan, 0);
    chart_plan_free(plan);
    chart_dc_clear(&d);
    cairo_restore(cr);
    gy_chart_style_free(own);
    return GY_OK;
}

char *gy_chart_dump(const gy_chart_spec *spec, const gy_chart_style *st, GError **err)
{
    if (!spec_ok(spec, err))
        return NULL;
    gy_chart_style *own = st ? NULL : gy_chart_style_new();
    if (!st)
        st = own;
    GString *log = g_string_new(NULL);
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    chart_dc d;
    chart_dc_init(&d, cr, st, log);
    double w = st->page_width, h = st->page_height;
    chart_plan *plan = chart_plan_new(&d, spec, w, h, true);
    int parts = chart_plan_parts(plan);
    for (int p = 0; p < parts; p++) {
        g_string_append_printf(log, "page\t%d/%d\n", p + 1, parts);
        chart_plan_draw(&d, plan, p);
        chart_draw_folio(&d, w, h, p + 1, parts);
    }
    chart_plan_free(plan);
    chart_dc_clear(&d);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    gy_chart_style_free(own);
    return g_string_free(log, FALSE);
}

/* ---- documents ---- */

struct gy_chartdoc {
    char *path;
    char *title;
    char *date;                     /* ISO 8601 for cairo */
    char *warning;
    gy_chart_style *st;
    GPtrArray *pages;               /* cairo recording surfaces */
    GPtrArray *outline;             /* per page: the chart title on its first page, else NULL */
};

/* "2021-06-30" → "2021-06-30T00:00:00+08:00" (the bureau's day, Beijing time); a full
 * "YYYY-MM-DDThh:mm:ss" with an optional zone is kept. NULL when not a real date. */
static char *pdf_date(const char *s)
{
    if (!s)
        return NULL;
    unsigned y, mo, d, hh = 0, mi = 0, ss = 0;
    int n = 0;
    if (sscanf(s, "%4u-%2u-%2u%n", &y, &mo, &d, &n) != 3 || n != 10)
        return NULL;
    if (!g_date_valid_dmy((GDateDay)d, (GDateMonth)mo, (GDateYear)y) || y < 1900)
        return NULL;
    if (!s[10])
        return g_strdup_printf("%s%s", s, "T00:00:00+08:00");
    int m = 0;
    if (sscanf(s + 10, "T%2u:%2u:%2u%n", &hh, &mi, &ss, &m) != 3 || m != 9 || hh > 23 ||
        mi > 59 || ss > 60)
        return NULL;
    const char *z = s + 19;
    bool zone_ok = !*z || !strcmp(z, "Z") ||
                   ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && g_ascii_isdigit(z[1]) &&
                    g_ascii_isdigit(z[2]) && z[3] == ':' && g_ascii_isdigit(z[4]) &&
                    g_ascii_isdigit(z[5]));
    return zone_ok ? g_strdup(s) : NULL;
}

gy_chartdoc *gy_chartdoc_new_pdf(const char *path, const char *title, const char *fixed_date,
                                 const gy_chart_style *st, GError **err)
{
    char *date = pdf_date(fixed_date);
    if (!date) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("%s: document date \"%s\" is not like 2021-06-30"), path ? path : "",
                    fixed_date ? fixed_date : "");
        return NULL;
    }
    char *dir = g_path_get_dirname(path);
    bool dir_ok = g_file_test(dir, G_FILE_TEST_IS_DIR);
    g_free(dir);
    if (!dir_ok) {
        g_set_error(err, GY_ERROR, GY_E_IO, _("%s: the folder does not exist"), path);
        g_free(date);
        return NULL;
    }
    gy_chart_style *own = st ? gy_chart_style_copy(st) : gy_chart_style_new();
    char *used = NULL, *warning = NULL;
    if (gy_chart_font_check(own->font, NULL, &used, &warning, err) != GY_OK) {
        gy_chart_style_free(own);
        g_free(date);
        return NULL;
    }
    g_free(own->font);
    own->font = used;
    gy_chartdoc *doc = g_new0(gy_chartdoc, 1);
    doc->path = g_strdup(path);
    doc->title = g_strdup(title ? title : "");
    doc->date = date;
    doc->warning = warning;
    doc->st = own;
    doc->pages = g_ptr_array_new_with_free_func((GDestroyNotify)cairo_surface_destroy);
    doc->outline = g_ptr_array_new_with_free_func(g_free);
    return doc;
}

const char *gy_chartdoc_warning(const gy_chartdoc *doc)
{
    return doc ? doc->warning : NULL;
}

int gy_chartdoc_pages(const gy_chartdoc *doc)
{
    return doc ? (int)doc->pages->len : 0;
}

/* Every text of a spec, for the font check. Newly allocated. */
static char *spec_text(const gy_chart_spec *sp)
{
    GString *g = g_string_new(sp->title);
    const char *more[] = { sp->subtitle, sp->source, sp->note, sp->measure };
    for (size_t i = 0; i < G_N_ELEMENTS(more); i++)
        if (more[i])
            g_string_append(g, more[i]);
    for (size_t i = 0; sp->labels && i < sp->n; i++)
        if (sp->labels[i])
            g_string_append(g, sp->labels[i]);
    for (size_t s = 0; sp->kind != GY_CHART_COMPLETION && s < sp->n_series; s++)
        if (sp->series[s].name)
            g_string_append(g, sp->series[s].name);
    return g_string_free(g, FALSE);
}

gy_error gy_chartdoc_add(gy_chartdoc *doc, const gy_chart_spec *spec, GError **err)
{
    if (!spec_ok(spec, err))
        return GY_E_USAGE;
    const gy_chart_style *st = doc->st;
    /* a county name with a character the font lacks would print as an empty box */
    char *text = spec_text(spec), *warning = NULL;
    gy_error fr = gy_chart_font_check(st->font, text, NULL, &warning, err);
    g_free(text);
    if (fr != GY_OK)
        return fr;
    if (warning && !doc->warning)
        doc->warning = warning;
    else
        g_free(warning);
    double w = st->page_width, h = st->page_height;
    cairo_rectangle_t ext = { 0, 0, w, h };
    chart_plan *plan = NULL;
    gy_error r = GY_OK;
    int parts = 1;
    for (int p = 0; p < parts && r == GY_OK; p++) {
        /* each page is recorded now and painted at close, when the page count is known */
        cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
        cairo_t *cr = cairo_create(rec);
        chart_dc d;
        chart_dc_init(&d, cr, st, NULL);
        if (!plan) {
            plan = chart_plan_new(&d, spec, w, h, true);
            parts = chart_plan_parts(plan);
        }
        if (doc->pages->len + (guint)parts > DOC_MAX_PAGES) {
            g_set_error(err, GY_ERROR, GY_E_USAGE, _("%s: more than %d pages"), doc->path,
                        DOC_MAX_PAGES);
            r = GY_E_USAGE;
        } else
            chart_plan_draw(&d, plan, p);
        chart_dc_clear(&d);
        cairo_destroy(cr);
        cairo_status_t cs = cairo_surface_status(rec);
        if (r == GY_OK && cs != CAIRO_STATUS_SUCCESS)
            r = cairo_fail(cs, doc->path, err);
        if (r != GY_OK) {
            cairo_surface_destroy(rec);
            break;
        }
        g_ptr_array_add(doc->pages, rec);
        g_ptr_array_add(doc->outline, p == 0 ? g_strdup(spec->title) : NULL);
    }
    chart_plan_free(plan);
    return r;
}

void gy_chartdoc_free(gy_chartdoc *doc)
{
    if (!doc)
        return;
    g_free(doc->path);
    g_free(doc->title);
    g_free(doc->date);
    g_free(doc->warning);
    gy_chart_style_free(doc->st);
    g_ptr_array_free(doc->pages, TRUE);
    g_ptr_array_free(doc->outline, TRUE);
    g_free(doc);
}

gy_error gy_chartdoc_close(gy_chartdoc *doc, GError **err)
{
    if (!doc)
        return GY_OK;
    const gy_chart_style *st = doc->st;
    double w = st->page_width, h = st->page_height;
    GByteArray *pdf = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(collect, pdf, w, h);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "guiyan " GY_VERSION);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, doc->date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, doc->date);
    cairo_t *cr = cairo_create(s);
    chart_dc d;
    chart_dc_init(&d, cr, st, NULL);
    int pages = (int)doc->pages->len;
    for (int i = 0; i < pages; i++) {
        cairo_set_source_surface(cr, g_ptr_array_index(doc->pages, i), 0, 0);
        cairo_paint(cr);
        chart_draw_folio(&d, w, h, i + 1, pages);
        cairo_show_page(cr);
    }
    for (int i = 0; i < pages; i++) {
        const char *t = g_ptr_array_index(doc->outline, i);
        if (t) {
            char *link = g_strdup_printf("page=%d", i + 1);
            cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, t, link, 0);
            g_free(link);
        }
    }
    chart_dc_clear(&d);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    gy_error r = cs != CAIRO_STATUS_SUCCESS
                     ? cairo_fail(cs, doc->path, err)
                     : gy_output_write(doc->path, (const char *)pdf->data, pdf->len, err);
    g_byte_array_free(pdf, TRUE);
    gy_chartdoc_free(doc);
    return r;
}
