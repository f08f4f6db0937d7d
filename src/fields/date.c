/* date.c — calendar days as GDate Julian day numbers, and the date forms seen in exports. */
#include "guiyan/fields.h"

#define DATE_YEAR_MIN 1949
#define DATE_YEAR_MAX 2099
#define DATE_SERIAL_MAX 2958465         /* Excel's last day, 9999-12-31 */

/*
 * Days from civil (H. Hinnant's algorithm), shifted so that 0001-01-01 is 1 as in GDate.
 * Only for y >= 1, 1 <= m <= 12; d is not range-checked here.
 */
static inline int32_t
date_julian(int y, int m, int d)
{
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;                                     /* [0, 399] */
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;    /* [0, 365] */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* [0, 146096] */
    return era * 146097 + doe - 305;
}

static inline int
date_days_in_month(int y, int m)
{
    static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

/*
 * Every year of an export lies in 1901..2099, where a year is leap when divisible by 4 and
 * (y-1)/100 - (y-1)/400 is always 15: there the day number is a few additions and no
 * division. Other years take Hinnant's formula.
 */
gy_day
gy_day_from_ymd(int y, int m, int d)
{
    static const unsigned char dim[2][12] = {
        { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 },
        { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 },
    };
    static const unsigned short before[2][12] = {
        { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 },
        { 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335 },
    };
    if (y > 1900 && y < 2100 && m >= 1 && m <= 12) {
        int leap = (y & 3) == 0;
        if (d < 1 || d > dim[leap][m - 1])
            return GY_NO_DAY;
        return 365 * (y - 1) + ((y - 1) >> 2) - 15 + before[leap][m - 1] + d;
    }
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return GY_NO_DAY;
    return date_julian(y, m, d);
}

/* For GY_NO_DAY (or any day before 0001-01-01) all three are set to 0. */
void
gy_day_to_ymd(gy_day day, int *y, int *m, int *dd)
{
    if (day < 1) {
        *y = *m = *dd = 0;
        return;
    }
    int z = day + 305;
    int era = z / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *dd = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

void
gy_day_format(gy_day day, char buf[11])
{
    int y, m, d;
    if (day < 1) {
        buf[0] = '\0';
        return;
    }
    gy_day_to_ymd(day, &y, &m, &d);
    buf[0] = (char)('0' + y / 1000 % 10);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

/* GY_MONTH of the day; 0 for GY_NO_DAY. */
gy_month
gy_day_month(gy_day day)
{
    int y, m, d;
    if (day < 1)
        return 0;
    gy_day_to_ymd(day, &y, &m, &d);
    return GY_MONTH(y, m);
}

/* ---- parsing ---- */

#define IS_DIGIT(c) ((unsigned)((c) - '0') < 10u)

/* Read 1..max digits at *p into *v; false if there is none. */
static inline bool
date_digits(const unsigned char **p, int max, int *v)
{
    const unsigned char *q = *p;
    int n = 0, x = 0;
    while (n < max && IS_DIGIT(q[n])) {
        x = x * 10 + (q[n] - '0');
        n++;
    }
    if (n == 0)
        return false;
    *p = q + n;
    *v = x;
    return true;
}

/* Read exactly two digits. */
static inline bool
date_two(const unsigned char **p, int *v)
{
    const unsigned char *q = *p;
    if (!IS_DIGIT(q[0]) || !IS_DIGIT(q[1]))
        return false;
    *v = (q[0] - '0') * 10 + (q[1] - '0');
    *p = q + 2;
    return true;
}

/* Match a 3-byte UTF-8 sequence (one CJK character). */
static inline bool
date_cjk(const unsigned char **p, const char *utf8)
{
    const unsigned char *q = *p, *u = (const unsigned char *)utf8;
    if (q[0] != u[0] || q[1] != u[1] || q[2] != u[2])
        return false;
    *p = q + 3;
    return true;
}

/*
 * What may follow a date: nothing, or blanks / 'T' then H:MM, H:MM:SS, H:MM:SS.fff, with an
 * optional Z or ±HH:MM. The time is checked for shape and range, then ignored.
 */
static bool
date_time_tail(const unsigned char *p)
{
    int h, mi, sec;
    if (*p == '\0')
        return true;
    if (*p == 'T') {
        p++;
    } else if (*p == ' ') {
        while (*p == ' ')
            p++;
    } else {
        return false;
    }
    if (!date_digits(&p, 2, &h) || *p++ != ':' || !date_two(&p, &mi) || h > 23 || mi > 59)
        return false;
    if (*p == ':') {
        p++;
        if (!date_two(&p, &sec) || sec > 60)
            return false;
        if (*p == '.') {
            p++;
            if (!IS_DIGIT(*p))
                return false;
            while (IS_DIGIT(*p))
                p++;
        }
    }
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int zh, zm;
        p++;
        if (!date_two(&p, &zh) || zh > 14)
            return false;
        if (*p == ':')
            p++;
        if (!date_two(&p, &zm) || zm > 59)
            return false;
    }
    return *p == '\0';
}

static gy_error
date_from_parts(int y, int m, int d, gy_day *out)
{
    gy_day day = gy_day_from_ymd(y, m, d);
    if (day == GY_NO_DAY)
        return GY_E_DATE_INVALID;
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX)
        return GY_E_DATE_RANGE;
    *out = day;
    return GY_OK;
}

/*
 * Excel's 1900 date system: serial 1 is 1900-01-01, and serial 60 is the 1900-02-29 that Lotus
 * 1-2-3 invented and Excel kept; from serial 61 (1900-03-01) on, day = 1899-12-30 + serial.
 */
static gy_error
date_from_serial(int32_t serial, gy_day *out)
{
    gy_day day;
    if (serial < 1 || serial > DATE_SERIAL_MAX)
        return GY_E_DATE_FORMAT;
    if (serial == 60)
        return GY_E_DATE_INVALID;
    day = serial < 60 ? date_julian(1899, 12, 31) + serial : date_julian(1899, 12, 30) + serial;
    if (day < date_julian(DATE_YEAR_MIN, 1, 1) || day > date_julian(DATE_YEAR_MAX, 12, 31))
        return GY_E_DATE_RANGE;
    *out = day;
    return GY_OK;
}

/*
 * Decided by the run of leading digits: 4 digits and a separator (- / . 年) is a Y-M-D form;
 * 8 digits is YYYYMMDD; 1 to 7 digits, alone or with a fraction, is an Excel serial. An 8-digit
 * run whose month is not 01..12 or day not 01..31 is not a date (GY_E_DATE_FORMAT); otherwise
 * an impossible day such as 20210230 is GY_E_DATE_INVALID like 2021-02-30.
 */
gy_error
gy_date_parse_general(const char *s, gy_day *out)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = 0, y, m, d;
    *out = GY_NO_DAY;
    if (*p == '\0')
        return GY_E_EMPTY;
    while (n < 9 && IS_DIGIT(p[n]))
        n++;

    if (n == 4) {
        y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        p += 4;
        unsigned char sep = *p;
        if (sep == '-' || sep == '/' || sep == '.') {
            p++;
            if (!date_digits(&p, 2, &m) || *p++ != sep || !date_digits(&p, 2, &d))
                return GY_E_DATE_FORMAT;
        } else if (date_cjk(&p, "年")) {
            if (!date_digits(&p, 2, &m) || !date_cjk(&p, "月") || !date_digits(&p, 2, &d))
                return GY_E_DATE_FORMAT;
            date_cjk(&p, "日");
        } else if (sep == '\0') {
            return date_from_serial(y, out);
        } else {
            return GY_E_DATE_FORMAT;
        }
        if (!date_time_tail(p))
            return GY_E_DATE_FORMAT;
        return date_from_parts(y, m, d, out);
    }

    if (n == 8) {
        y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        m = (p[4] - '0') * 10 + (p[5] - '0');
        d = (p[6] - '0') * 10 + (p[7] - '0');
        if (m < 1 || m > 12 || d < 1 || d > 31 || !date_time_tail(p + 8))
            return GY_E_DATE_FORMAT;
        return date_from_parts(y, m, d, out);
    }

    if (n == 6)
        return GY_E_DATE_FORMAT;        /* YYYYMM, a month (gy_date_parse_month), not a serial */
    if (n >= 1 && n <= 7) {
        int32_t serial = 0;
        for (int i = 0; i < n; i++)
            serial = serial * 10 + (p[i] - '0');
        p += n;
        if (*p == '.') {                /* the fraction is the time of day */
            p++;
            if (!IS_DIGIT(*p))
                return GY_E_DATE_FORMAT;
            while (IS_DIGIT(*p))
                p++;
        }
        if (*p != '\0')
            return GY_E_DATE_FORMAT;
        return date_from_serial(serial, out);
    }
    return GY_E_DATE_FORMAT;
}

/* YYYY-M-D or YYYY/M/D (one or two digits each), and nothing after. */
static inline bool
date_plain(const unsigned char *p, int *y, int *m, int *d)
{
    if (!IS_DIGIT(p[0]) || !IS_DIGIT(p[1]) || !IS_DIGIT(p[2]) || !IS_DIGIT(p[3]) ||
        (p[4] != '-' && p[4] != '/'))
        return false;
    const unsigned char *q = p + 5;
    if (!date_digits(&q, 2, m) || *q != p[4])
        return false;
    q++;
    if (!date_digits(&q, 2, d) || *q != '\0')
        return false;
    *y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    return true;
}

/*
 * 2021-06-15 and 2021/6/5, the forms of nearly every row, read without the general parser
 * when they name a real day in the accepted years. Everything else, errors included, is left
 * to gy_date_parse_general, which gives the same day for these.
 */
gy_error
gy_date_parse(const char *s, gy_day *out)
{
    int y, m, d;
    if (date_plain((const unsigned char *)s, &y, &m, &d) && y >= DATE_YEAR_MIN &&
        y <= DATE_YEAR_MAX) {
        gy_day day = gy_day_from_ymd(y, m, d);
        if (day != GY_NO_DAY) {
            *out = day;
            return GY_OK;
        }
    }
    return gy_date_parse_general(s, out);
}

gy_day
gy_day_month_end(gy_day d)
{
    int y, m, dd;
    gy_day_to_ymd(d, &y, &m, &dd);
    return gy_day_from_ymd(y, m, date_days_in_month(y, m));
}

/* 2021年6月, 2021-06, 2021/06, 2021.06, 202106: *y and *m; false for anything else. */
static bool
date_year_month(const unsigned char *p, int *y, int *m)
{
    int n = 0;
    while (n < 7 && IS_DIGIT(p[n]))
        n++;
    if (n == 6) {
        *y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        *m = (p[4] - '0') * 10 + (p[5] - '0');
        return p[6] == '\0';
    }
    if (n != 4)
        return false;
    *y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    p += 4;
    if (*p == '-' || *p == '/' || *p == '.') {
        p++;
        if (!date_digits(&p, 2, m))
            return false;
        return *p == '\0';
    }
    if (date_cjk(&p, "年")) {
        if (!date_digits(&p, 2, m) || !date_cjk(&p, "月"))
            return false;
        date_cjk(&p, "份");             /* 2021年6月份 */
        return *p == '\0';
    }
    return false;
}

gy_error
gy_date_parse_month(const char *s, gy_day *out, bool *month_only)
{
    *month_only = false;
    gy_error e = gy_date_parse(s, out);
    if (e != GY_E_DATE_FORMAT)
        return e;
    int y, m;
    if (!date_year_month((const unsigned char *)s, &y, &m))
        return e;
    if (m < 1 || m > 12)
        return GY_E_DATE_FORMAT;
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX)
        return GY_E_DATE_RANGE;
    *out = gy_day_from_ymd(y, m, 1);
    *month_only = true;
    return GY_OK;
}
