/* amount.c — exact decimal amounts (万元 or 元) into integer fen, and head counts. */
#include <string.h>

#include "guiyan/fields.h"

/* Beyond these a value is a mistake (most likely 元 typed into a 万元 column), and they keep
 * sums far from int64's end: 9.2 million records of the largest amount would be needed. */
#define AMOUNT_MAX_FEN INT64_C(1000000000000)      /* 10^12 fen = 100 亿元 */
#define COUNT_MAX      INT64_C(1000000000)         /* 10 亿 people: a head count beyond is not one */

#define IS_DIGIT(c) ((unsigned)((c) - '0') < 10u)

/*
 * "(元)" in any mix of ASCII and full-width brackets, or "单位：元" / "单位:元", names yuan.
 * Everything else, "(万元)" included, is 万元: the unit the bureau's forms use.
 */
gy_unit
gy_unit_from_header(const char *header)
{
    static const char *const yuan[] = {
        "(元)", "（元）", "(元）", "（元)", "单位：元", "单位:元",
    };
    for (size_t i = 0; i < sizeof yuan / sizeof yuan[0]; i++)
        if (strstr(header, yuan[i]))
            return GY_UNIT_YUAN;
    return GY_UNIT_WAN;
}

static inline const unsigned char *
amount_skip_spaces(const unsigned char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static inline bool
amount_match(const unsigned char **p, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp((const char *)*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

/* A decimal number as digits: the integer part (saturating), the fraction's digits. */
typedef struct {
    int64_t ipart;          /* saturates at INT64_MAX / 10 */
    const unsigned char *frac;
    int nfrac;
    bool negative;
} amount_num;

/*
 * Read [sign] digits-with-thousands-commas [. digits] at *p. Commas are accepted only in the
 * usual places: a first group of 1..3 digits, then groups of exactly 3 ("1,200", "12,345,678.9";
 * not "1,2,3" or "1200,5"). Either side of the point may be empty, not both.
 */
static bool
amount_number(const unsigned char **pp, amount_num *num)
{
    const unsigned char *p = *pp;
    int ndig = 0, group = 0;
    bool commas = false;

    num->negative = false;
    if (*p == '-') {
        num->negative = true;
        p++;
    } else if (amount_match(&p, "－")) {
        num->negative = true;
    } else if (*p == '+') {
        p++;
    }
    num->ipart = 0;
    for (;;) {
        if (IS_DIGIT(*p)) {
            if (num->ipart < INT64_MAX / 10 - 10)
                num->ipart = num->ipart * 10 + (*p - '0');
            else
                num->ipart = INT64_MAX / 10;
            ndig++;
            group++;
            p++;
        } else if (*p == ',' && IS_DIGIT(p[1])) {
            if (commas ? group != 3 : (group < 1 || group > 3))
                return false;
            commas = true;
            group = 0;
            p++;
        } else {
            break;
        }
    }
    if (commas && group != 3)
        return false;
    num->frac = p;
    num->nfrac = 0;
    if (*p == '.' || amount_match(&p, "．")) {
        if (*p == '.')
            p++;
        num->frac = p;
        while (IS_DIGIT(*p))
            p++;
        num->nfrac = (int)(p - num->frac);
    }
    if (ndig + num->nfrac == 0)
        return false;
    *pp = p;
    return true;
}

/*
 * An optional "¥" or "￥" may precede the number. Negative zero ("-0") is zero. A minus sign
 * wins over everything else found later: "-1.2345678" is GY_E_AMOUNT_NEGATIVE.
 */
gy_error
gy_amount_parse_general(const char *s, gy_unit column_unit, gy_fen *out, bool *blank)
{
    const unsigned char *p = amount_skip_spaces((const unsigned char *)s);
    amount_num num;
    gy_unit unit = column_unit;

    *out = 0;
    *blank = false;
    if (*p == '\0') {
        *blank = true;
        return GY_OK;
    }
    if (!amount_match(&p, "¥"))
        amount_match(&p, "￥");
    p = amount_skip_spaces(p);
    if (!amount_number(&p, &num))
        return GY_E_AMOUNT_FORMAT;
    p = amount_skip_spaces(p);
    if (amount_match(&p, "万元") || amount_match(&p, "万"))
        unit = GY_UNIT_WAN;
    else if (amount_match(&p, "元"))
        unit = GY_UNIT_YUAN;
    p = amount_skip_spaces(p);
    if (*p != '\0')
        return GY_E_AMOUNT_FORMAT;

    int places = unit == GY_UNIT_WAN ? 6 : 2;
    int64_t scale = unit == GY_UNIT_WAN ? GY_FEN_PER_WAN : GY_FEN_PER_YUAN;
    int64_t frac = 0;
    bool nonzero = num.ipart != 0;
    for (int i = 0; i < num.nfrac; i++) {
        int digit = num.frac[i] - '0';
        if (i < places)
            frac = frac * 10 + digit;
        else if (digit != 0 && !num.negative)
            return GY_E_AMOUNT_PRECISION;
        nonzero |= digit != 0;
    }
    if (num.negative && nonzero)
        return GY_E_AMOUNT_NEGATIVE;
    for (int i = num.nfrac; i < places; i++)
        frac *= 10;
    if (num.ipart > AMOUNT_MAX_FEN / scale)
        return GY_E_AMOUNT_TOO_BIG;
    int64_t fen = num.ipart * scale + frac;
    if (fen > AMOUNT_MAX_FEN)
        return GY_E_AMOUNT_TOO_BIG;
    *out = fen;
    return GY_OK;
}

/*
 * Head counts: digits with thousands commas as for amounts, an optional ".0" (any number of
 * zeros), an optional "人". More than 10^9 is GY_E_COUNT_TOO_BIG.
 */
gy_error
gy_count_parse_general(const char *s, int64_t *out, bool *blank)
{
    const unsigned char *p = amount_skip_spaces((const unsigned char *)s);
    amount_num num;

    *out = 0;
    *blank = false;
    if (*p == '\0') {
        *blank = true;
        return GY_OK;
    }
    if (!amount_number(&p, &num))
        return GY_E_COUNT_FORMAT;
    p = amount_skip_spaces(p);
    amount_match(&p, "人");
    p = amount_skip_spaces(p);
    if (*p != '\0')
        return GY_E_COUNT_FORMAT;
    for (int i = 0; i < num.nfrac; i++)
        if (num.frac[i] != '0')
            return num.negative ? GY_E_COUNT_NEGATIVE : GY_E_COUNT_FORMAT;
    if (num.negative && num.ipart != 0)
        return GY_E_COUNT_NEGATIVE;
    if (num.ipart > COUNT_MAX)
        return GY_E_COUNT_TOO_BIG;
    *out = num.ipart;
    return GY_OK;
}

/* ---- the plain forms ---- */

/*
 * Blank, or 1 to `max` digits, then (when places > 0) perhaps a point and at most `places`
 * digits, and nothing else: the value in units of 10^-places in *scaled. Such a value is
 * neither too big nor too precise, so it needs none of the general parser's checks; anything
 * else returns false.
 */
static inline bool
amount_plain(const unsigned char *p, int max, int places, int64_t *scaled)
{
    static const int64_t pow10[7] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
    int64_t v = 0;
    int n = 0;
    while (IS_DIGIT(p[n])) {
        if (n == max)
            return false;
        v = v * 10 + (p[n] - '0');
        n++;
    }
    if (n == 0 && p[0] != '\0')
        return false;               /* ".5", "-1", "¥1" … */
    p += n;
    int nf = 0;
    if (*p == '.' && places > 0) {
        p++;
        while (IS_DIGIT(p[nf])) {
            if (nf == places)
                return false;
            v = v * 10 + (p[nf] - '0');
            nf++;
        }
        p += nf;
    }
    if (*p != '\0')
        return false;
    *scaled = v * pow10[places - nf];
    return true;
}

/*
 * 12, 12.5, 441.51: digits and at most as many decimals as the unit has places down to the
 * fen, read here; anything else (signs, commas, units, full-width forms, spaces, errors) by
 * gy_amount_parse_general, which gives the same fen for these.
 */
gy_error
gy_amount_parse(const char *s, gy_unit column_unit, gy_fen *out, bool *blank)
{
    /* at most 6 digits of 万元 or 10 of 元: below 10^12 fen, the largest amount accepted */
    int64_t v;
    bool wan = column_unit == GY_UNIT_WAN;
    if (amount_plain((const unsigned char *)s, wan ? 6 : 10, wan ? 6 : 2, &v)) {
        *out = v;
        *blank = s[0] == '\0';
        return GY_OK;
    }
    return gy_amount_parse_general(s, column_unit, out, blank);
}

/* 9 digits, below COUNT_MAX, as the general parser would read them. */
gy_error
gy_count_parse(const char *s, int64_t *out, bool *blank)
{
    int64_t v;
    if (amount_plain((const unsigned char *)s, 9, 0, &v)) {
        *out = v;
        *blank = s[0] == '\0';
        return GY_OK;
    }
    return gy_count_parse_general(s, out, blank);
}
