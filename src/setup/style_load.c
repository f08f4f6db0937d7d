/* style_load.c — the two style files over their built-in values: report_templates/style.ini
 * (workbooks, gy_style) and report_templates/charts.ini (charts, gy_chart_style), each a table
 * of keys for the one INI reader (ini.h). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "guiyan/chart.h"
#include "guiyan/error.h"
#include "guiyan/i18n.h"
#include "guiyan/ini.h"
#include "guiyan/sheet.h"

#define PT_PER_MM (72.0 / 25.4)

/* ---- style.ini ---- */

#define S(group, key, kind, field, lo, hi) \
    { group, key, kind, offsetof(gy_style, field), lo, hi, 0, NULL }

gy_style *gy_style_load(const char *path, GError **err)
{
    gy_style *st = gy_style_new();
    if (!path || !g_file_test(path, G_FILE_TEST_EXISTS))
        return st;
    double paper = st->paper;
    static const gy_ini_key keys[] = {
        S("font", "title", GY_INI_TEXT, title_font, 0, 0),
        S("font", "title_size", GY_INI_DOUBLE, title_size, 4, 96),
        S("font", "header", GY_INI_TEXT, header_font, 0, 0),
        S("font", "header_size", GY_INI_DOUBLE, header_size, 4, 96),
        S("font", "header_bold", GY_INI_BOOL, header_bold, 0, 0),
        S("font", "body", GY_INI_TEXT, body_font, 0, 0),
        S("font", "body_size", GY_INI_DOUBLE, body_size, 4, 96),
        S("font", "note_size", GY_INI_DOUBLE, note_size, 4, 96),
        S("page", "landscape", GY_INI_BOOL, landscape, 0, 0),
        S("page", "margin_left", GY_INI_DOUBLE, margin_left, 0, 10),
        S("page", "margin_right", GY_INI_DOUBLE, margin_right, 0, 10),
        S("page", "margin_top", GY_INI_DOUBLE, margin_top, 0, 10),
        S("page", "margin_bottom", GY_INI_DOUBLE, margin_bottom, 0, 10),
        S("page", "margin_footer", GY_INI_DOUBLE, margin_footer, 0, 10),
        S("page", "footer", GY_INI_TEXT, footer, 0, 0),
    };
    /* paper is an int in the style but a number in the file (9, or 9.0) */
    static const gy_ini_key paper_key[] = {
        { "page", "paper", GY_INI_DOUBLE, 0, 1, 41, 0, NULL },
    };
    if (gy_ini_read(path, keys, G_N_ELEMENTS(keys), st, GY_E_TEMPLATE, err) != GY_OK
        || gy_ini_read(path, paper_key, 1, &paper, GY_E_TEMPLATE, err) != GY_OK) {
        gy_style_free(st);
        return NULL;
    }
    st->paper = (int)paper;
    if (strncmp(st->footer, "&L", 2) && strncmp(st->footer, "&C", 2)
        && strncmp(st->footer, "&R", 2)) {
        char *f = g_strconcat("&C", st->footer, NULL);
        g_free(st->footer);
        st->footer = f;
    }
    if (strlen(st->footer) > LXW_HEADER_FOOTER_MAX) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: [page] footer: longer than %d bytes"),
                    path, LXW_HEADER_FOOTER_MAX);
        gy_style_free(st);
        return NULL;
    }
    return st;
}

/* ---- charts.ini ---- */

/* "#1F4E79" → 0..1 components. */
static bool parse_colour(const char *v, void *place, const char **why)
{
    bool ok = v[0] == '#' && strlen(v) == 7;
    for (int i = 1; ok && i < 7; i++)
        ok = g_ascii_isxdigit(v[i]);
    if (!ok) {
        *why = N_("not a colour like #1F4E79");
        return false;
    }
    unsigned x = (unsigned)strtoul(v + 1, NULL, 16);
    *(gy_chart_rgb *)place = (gy_chart_rgb){ ((x >> 16) & 0xff) / 255.0,
                                             ((x >> 8) & 0xff) / 255.0, (x & 0xff) / 255.0 };
    return true;
}

/* "10" or "7.5" percentage points → hundredths of a point, exactly. */
static bool parse_points(const char *v, void *place, const char **why)
{
    int64_t whole = 0, frac = 0;
    int fd = 0;
    const char *p = v;
    bool ok = g_ascii_isdigit(*p);
    for (; ok && g_ascii_isdigit(*p) && whole < 1000000; p++)
        whole = whole * 10 + (*p - '0');
    if (ok && *p == '.')
        for (p++; g_ascii_isdigit(*p) && fd < 2; p++, fd++)
            frac = frac * 10 + (*p - '0');
    if (fd == 1)
        frac *= 10;
    if (!ok || *p || whole >= 1000000) {
        *why = N_("not a number of percentage points like 10 or 7.5");
        return false;
    }
    *(int64_t *)place = whole * 100 + frac;
    return true;
}

#define C(group, key, kind, field, lo, hi, factor) \
    { group, key, kind, offsetof(gy_chart_style, field), lo, hi, factor, NULL }
#define COLOUR(key, field) \
    { "colour", key, GY_INI_CUSTOM, offsetof(gy_chart_style, field), 0, 0, 0, parse_colour }

static const gy_ini_key chart_keys[] = {
    C("font", "family", GY_INI_TEXT, font, 0, 0, 0),
    C("font", "title_size", GY_INI_DOUBLE, title_size, 4, 72, 1),
    C("font", "subtitle_size", GY_INI_DOUBLE, subtitle_size, 4, 72, 1),
    C("font", "label_size", GY_INI_DOUBLE, label_size, 4, 72, 1),
    C("font", "value_size", GY_INI_DOUBLE, value_size, 4, 72, 1),
    C("font", "tick_size", GY_INI_DOUBLE, tick_size, 4, 72, 1),
    C("font", "note_size", GY_INI_DOUBLE, note_size, 4, 72, 1),
    C("font", "min_size", GY_INI_DOUBLE, min_size, 3, 72, 1),
    C("page", "width_mm", GY_INI_DOUBLE, page_width, 50, 2000, PT_PER_MM),
    C("page", "height_mm", GY_INI_DOUBLE, page_height, 50, 2000, PT_PER_MM),
    C("page", "margin_mm", GY_INI_DOUBLE, margin, 0, 100, PT_PER_MM),
    C("page", "page_number", GY_INI_TEXT, page_format, 0, 0, 0),
    C("image", "width_mm", GY_INI_DOUBLE, image_width, 30, 2000, PT_PER_MM),
    C("image", "height_mm", GY_INI_DOUBLE, image_height, 30, 2000, PT_PER_MM),
    C("image", "margin_mm", GY_INI_DOUBLE, image_margin, 0, 100, PT_PER_MM),
    C("image", "dpi", GY_INI_INT32, dpi, 36, 1200, 0),
    C("layout", "ticks", GY_INI_INT32, ticks, 2, 20, 0),
    C("layout", "vertical_max", GY_INI_INT32, vertical_max, 1, 1000, 0),
    C("layout", "row_min", GY_INI_DOUBLE, row_min, 4, 100, 1),
    C("numbers", "money_digits", GY_INI_INT32, money_digits, 0, 2, 0),
    C("numbers", "wan_digits", GY_INI_INT32, wan_digits, 0, 4, 0),
    C("numbers", "percent_digits", GY_INI_INT32, percent_digits, 0, 2, 0),
    C("numbers", "count_wan_from", GY_INI_INT, count_wan_from, 10000, 1e19, 0),
    { "warning", "yellow_band", GY_INI_CUSTOM, offsetof(gy_chart_style, yellow_band), 0, 0, 0,
      parse_points },
    C("warning", "mark_green", GY_INI_TEXT, mark_green, 0, 0, 0),
    C("warning", "mark_yellow", GY_INI_TEXT, mark_yellow, 0, 0, 0),
    C("warning", "mark_red", GY_INI_TEXT, mark_red, 0, 0, 0),
    C("warning", "no_value", GY_INI_TEXT, no_value, 0, 0, 0),
    COLOUR("text", text), COLOUR("muted", muted), COLOUR("grid", grid), COLOUR("axis", axis),
    COLOUR("schedule", schedule), COLOUR("green", green), COLOUR("yellow", yellow),
    COLOUR("red", red),
    C("colour", "hatch_red", GY_INI_BOOL, hatch_red, 0, 0, 0),
    COLOUR("series1", series[0]), C("colour", "hatch1", GY_INI_BOOL, hatch[0], 0, 0, 0),
    COLOUR("series2", series[1]), C("colour", "hatch2", GY_INI_BOOL, hatch[1], 0, 0, 0),
    COLOUR("series3", series[2]), C("colour", "hatch3", GY_INI_BOOL, hatch[2], 0, 0, 0),
    COLOUR("series4", series[3]), C("colour", "hatch4", GY_INI_BOOL, hatch[3], 0, 0, 0),
};
_Static_assert(GY_CHART_MAX_SERIES == 4, "chart_keys lists four series");

gy_chart_style *gy_chart_style_load(const char *path, GError **err)
{
    gy_chart_style *st = gy_chart_style_new();
    if (!path || !g_file_test(path, G_FILE_TEST_EXISTS))
        return st;
    if (gy_ini_read(path, chart_keys, G_N_ELEMENTS(chart_keys), st, GY_E_TEMPLATE, err)
        != GY_OK) {
        gy_chart_style_free(st);
        return NULL;
    }
    return st;
}
