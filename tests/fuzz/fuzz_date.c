/* fuzz_date.c — gy_date_parse (src/fields/date.c): the fast path and the general parser
 * agree, a parsed day lies in the accepted years and formats back to itself, and the day
 * arithmetic agrees with GLib's GDate. */
#include "fuzz.h"
#include "guiyan/fields.h"

static bool date_error(gy_error e)
{
    return e == GY_E_EMPTY || e == GY_E_DATE_FORMAT || e == GY_E_DATE_INVALID ||
           e == GY_E_DATE_RANGE;
}

/* y-m-d from three numbers of the input: gy_day_from_ymd and gy_day_to_ymd against GDate,
 * whose Julian day numbers gy_day shares (1 = 0001-01-01). */
static void check_ymd(int y, int m, int d)
{
    gy_day day = gy_day_from_ymd(y, m, d);
    bool valid = y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
                 g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
    FUZZ_CHECK((day != GY_NO_DAY) == valid, "%d-%d-%d: day %d, GDate says %s", y, m, d,
               (int)day, valid ? "valid" : "invalid");
    if (!valid)
        return;
    GDate *g = g_date_new_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
    FUZZ_CHECK((guint32)day == g_date_get_julian(g), "%d-%d-%d: day %d, GDate %u", y, m, d,
               (int)day, g_date_get_julian(g));
    g_date_free(g);
    int y2, m2, d2;
    gy_day_to_ymd(day, &y2, &m2, &d2);
    FUZZ_CHECK(y2 == y && m2 == m && d2 == d, "%d-%d-%d came back as %d-%d-%d", y, m, d, y2,
               m2, d2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    gy_day a = 12345, b = 54321;
    gy_error ea = gy_date_parse(s, &a);
    gy_error eb = gy_date_parse_general(s, &b);
    FUZZ_CHECK(ea == eb, "\"%s\": fast path %d, general %d", s, ea, eb);
    FUZZ_CHECK(ea == GY_OK || date_error(ea), "\"%s\": error %d is not a date error", s, ea);
    if (ea == GY_OK) {
        FUZZ_CHECK(a == b, "\"%s\": fast path day %d, general %d", s, (int)a, (int)b);
        int y, m, d;
        gy_day_to_ymd(a, &y, &m, &d);
        FUZZ_CHECK(y >= 1949 && y <= 2099, "\"%s\": year %d outside 1949..2099", s, y);
        char iso[11];
        gy_day_format(a, iso);
        gy_day back = 0;
        FUZZ_CHECK(gy_date_parse(iso, &back) == GY_OK && back == a,
                   "\"%s\" is day %d, formatted \"%s\", read back as %d", s, (int)a, iso,
                   (int)back);
        FUZZ_CHECK(gy_day_month(a) == GY_MONTH(y, m), "\"%s\": month %d", s, gy_day_month(a));
        check_ymd(y, m, d);
    }
    /* the same bytes as three numbers, for the day arithmetic on its own */
    if (size >= 6) {
        int16_t v[3];
        memcpy(v, data, sizeof v);
        check_ymd(v[0], v[1] % 16, v[2] % 40);
    }
    free(s);
    return 0;
}
