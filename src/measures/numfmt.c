/* numfmt.c — exact decimal rounding and Chinese number phrasing for official prose (numfmt.h). */
#include <limits.h>
#include <string.h>

#include "guiyan/numfmt.h"

/*
 * Everything goes through one exact long division of unsigned 64-bit magnitudes, a / b, that
 * produces the integer part and the decimals one by one and then rounds on the remainder.
 * Working on magnitudes makes INT64_MIN and differences like INT64_MAX - INT64_MIN exact, and
 * rounding on the remainder (not on a double) is what makes 2.675 come out as 2.68.
 */

/* Room for GY_NUMFMT_MAX_DIGITS decimals plus the two a percentage shifts left of the point. */
#define DEC_MAX_FRAC (GY_NUMFMT_MAX_DIGITS + 2)

typedef enum { DEC_ROUND, DEC_TRUNC } dec_mode;

typedef struct {
    bool neg;                       /* sign of the true quotient */
    bool inexact;                   /* the digits shown differ from the true quotient */
    uint64_t ip;                    /* integer part, after rounding */
    int nfrac;
    char frac[DEC_MAX_FRAC + 1];    /* '0'..'9', after rounding; NUL-terminated */
} dec;

/* |v| as uint64, exact also for INT64_MIN. */
static uint64_t
numfmt_mag(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static int
numfmt_clamp_digits(int digits)
{
    if (digits < 0)
        return 0;
    return digits > GY_NUMFMT_MAX_DIGITS ? GY_NUMFMT_MAX_DIGITS : digits;
}

/* The next decimal of r/b (r < b): returns floor(10r / b) and leaves 10r mod b in *r. Ten
 * additions instead of one multiplication because 10r may not fit in 64 bits; acc + r does,
 * since both are below b <= 2^63. */
static int
dec_next_digit(uint64_t *r, uint64_t b)
{
    uint64_t acc = 0;
    int d = 0;
    for (int k = 0; k < 10; k++) {
        acc += *r;
        if (acc >= b) {
            acc -= b;
            d++;
        }
    }
    *r = acc;
    return d;
}

/* a / b (b > 0, b <= 2^63) to `digits` decimals (<= DEC_MAX_FRAC), rounded half away from
 * zero or truncated. Sign is the caller's business (out->neg). */
static void
dec_divide(uint64_t a, uint64_t b, int digits, dec_mode mode, bool neg, dec *out)
{
    uint64_t r = a % b;
    out->neg = neg;
    out->ip = a / b;
    out->nfrac = digits;
    for (int i = 0; i < digits; i++)
        out->frac[i] = (char)('0' + dec_next_digit(&r, b));
    out->frac[digits] = '\0';
    out->inexact = r != 0;
    if (mode == DEC_ROUND && r != 0 && r >= b - r) {    /* 2r >= b without overflow */
        int i = digits - 1;
        while (i >= 0 && out->frac[i] == '9')
            out->frac[i--] = '0';
        if (i >= 0)
            out->frac[i]++;
        else
            out->ip++;      /* cannot overflow: r != 0 means b >= 2, so ip <= 2^63 */
    }
}

static bool
dec_is_zero(const dec *d)
{
    return d->ip == 0 && strspn(d->frac, "0") == (size_t)d->nfrac;
}

/* Append d with the point moved `shift` places right (0 or 2 for a percentage; shift <=
 * nfrac); trim drops trailing zeros of what is left after the point. No "-0". */
static void
dec_append(GString *s, const dec *d, int shift, bool trim)
{
    if (d->neg && !dec_is_zero(d))
        g_string_append_c(s, '-');
    if (shift == 0) {
        g_string_append_printf(s, "%" G_GUINT64_FORMAT, d->ip);
    } else {
        gsize at = s->len;
        if (d->ip != 0)
            g_string_append_printf(s, "%" G_GUINT64_FORMAT, d->ip);
        g_string_append_len(s, d->frac, shift);
        while (s->len - at > 1 && s->str[at] == '0')      /* "012.5" → "12.5" */
            g_string_erase(s, (gssize)at, 1);
    }
    int n = d->nfrac;
    if (trim)
        while (n > shift && d->frac[n - 1] == '0')
            n--;
    if (n > shift) {
        g_string_append_c(s, '.');
        g_string_append_len(s, d->frac + shift, n - shift);
    }
}

int64_t
gy_round_div(int64_t num, int64_t den)
{
    if (den == 0)
        return 0;
    uint64_t a = numfmt_mag(num), b = numfmt_mag(den);
    uint64_t q = a / b, r = a % b;
    if (r != 0 && r >= b - r)
        q++;
    if ((num < 0) != (den < 0))
        return q >= UINT64_C(1) << 63 ? INT64_MIN : -(int64_t)q;
    return q > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)q;
}

char *
gy_fmt_ratio(int64_t num, int64_t den, int digits, bool trim)
{
    if (den == 0)
        return NULL;
    dec d;
    dec_divide(numfmt_mag(num), numfmt_mag(den), numfmt_clamp_digits(digits), DEC_ROUND,
               (num < 0) != (den < 0), &d);
    GString *s = g_string_sized_new(24);
    dec_append(s, &d, 0, trim);
    return g_string_free(s, FALSE);
}

char *
gy_fmt_percent(int64_t num, int64_t den, int digits, bool trim)
{
    if (den == 0)
        return NULL;
    dec d;
    dec_divide(numfmt_mag(num), numfmt_mag(den), numfmt_clamp_digits(digits) + 2, DEC_ROUND,
               (num < 0) != (den < 0), &d);
    GString *s = g_string_sized_new(24);
    dec_append(s, &d, 2, trim);
    g_string_append_c(s, '%');
    return g_string_free(s, FALSE);
}

char *
gy_fmt_wan(gy_fen fen, int digits)
{
    return gy_fmt_ratio(fen, GY_FEN_PER_WAN, digits, false);
}

/* The unit ladder of a kind of figure, in its base unit (persons, fen). */
typedef struct {
    uint64_t base;          /* base units per displayed unit below 1万 (1 person, 100 fen) */
    int base_digits;        /* most decimals below 1万 (0 for persons, 2 for yuan) */
    uint64_t wan;           /* base units per 万 */
    uint64_t yi;            /* base units per 亿 */
} cn_ladder;

static const cn_ladder ladder_count = { 1, 0, UINT64_C(10000), UINT64_C(100000000) };
static const cn_ladder ladder_money = { (uint64_t)GY_FEN_PER_YUAN, 2, (uint64_t)GY_FEN_PER_WAN,
                                        (uint64_t)GY_FEN_PER_YI };

/* Below 1万 a qualified figure (约, 余, 多) is a round figure: keep the two leading significant
 * digits of the base amount, rounded or truncated; below 100 it is exact. */
static uint64_t
cn_two_significant(uint64_t v, dec_mode mode)
{
    uint64_t p = 1;
    while (v / p >= 100)
        p *= 10;
    uint64_t q = v / p, r = v % p;
    if (mode == DEC_ROUND && r != 0 && r >= p - r)
        q++;
    return q * p;
}

/* Write the figure (sign, number, 万/亿, qualifier word, unit) for magnitude v on ladder L. */
static char *
cn_figure(uint64_t v, bool neg, const cn_ladder *L, const char *unit, int digits, gy_qual q)
{
    dec_mode mode = (q == GY_Q_OVER || q == GY_Q_MORE) ? DEC_TRUNC : DEC_ROUND;
    const char *scale_word = "";
    bool lost = false;
    dec d;

    digits = numfmt_clamp_digits(digits);
    if (v < L->wan) {
        if (q == GY_Q_EXACT) {
            int bd = digits < L->base_digits ? digits : L->base_digits;
            dec_divide(v, L->base, bd, DEC_ROUND, neg, &d);
            lost = d.inexact;
            if (d.ip * L->base >= L->wan)   /* 9999.99元 to 1 decimal: exactly 1万 */
                v = L->wan;
        } else {
            uint64_t t = cn_two_significant(v, mode);
            lost = t != v;
            v = t;
            dec_divide(v, L->base, L->base_digits, DEC_ROUND, neg, &d);    /* exact */
        }
    }
    if (v >= L->wan) {
        uint64_t per = v >= L->yi ? L->yi : L->wan;
        dec_divide(v, per, digits, mode, neg, &d);
        if (per == L->wan && d.ip >= 10000) {   /* 9999.995万 rounds to 1亿 */
            per = L->yi;
            dec_divide(v, per, digits, mode, neg, &d);
        }
        lost = lost || d.inexact;
        scale_word = per == L->yi ? "亿" : "万";
    }

    GString *s = g_string_sized_new(32);
    if (q == GY_Q_ABOUT && lost)
        g_string_append(s, "约");
    dec_append(s, &d, 0, true);
    g_string_append(s, scale_word);
    if (lost && q == GY_Q_OVER)
        g_string_append(s, "余");
    else if (lost && q == GY_Q_MORE)
        g_string_append(s, "多");
    if (unit)
        g_string_append(s, unit);
    return g_string_free(s, FALSE);
}

char *
gy_cn_count(int64_t n, const char *unit, int digits, gy_qual q)
{
    return cn_figure(numfmt_mag(n), n < 0, &ladder_count, unit, digits, q);
}

char *
gy_cn_money(gy_fen fen, int digits, gy_qual q)
{
    return cn_figure(numfmt_mag(fen), fen < 0, &ladder_money, "元", digits, q);
}

char *
gy_cn_yoy(int64_t cur, int64_t prev, int digits)
{
    if (prev <= 0)
        return NULL;
    if (cur == prev)
        return g_strdup("与上年同期持平");
    /* |cur - prev| in uint64: the wrap-around subtraction is exact because the true
     * difference is below 2^64. */
    bool down = cur < prev;
    uint64_t diff = down ? (uint64_t)prev - (uint64_t)cur : (uint64_t)cur - (uint64_t)prev;
    dec d;
    dec_divide(diff, (uint64_t)prev, numfmt_clamp_digits(digits) + 2, DEC_ROUND, false, &d);
    if (dec_is_zero(&d))
        return g_strdup("与上年同期基本持平");
    GString *s = g_string_new(down ? "同比下降" : "同比增长");
    dec_append(s, &d, 2, true);
    g_string_append_c(s, '%');
    return g_string_free(s, FALSE);
}

char *
gy_cn_delta(int64_t delta, const char *unit)
{
    if (delta == 0)
        return g_strdup("持平");
    return g_strdup_printf("%s%" G_GUINT64_FORMAT "%s", delta > 0 ? "增加" : "减少",
                           numfmt_mag(delta), unit ? unit : "");
}

char *
gy_cn_gap_points(int64_t gap_hundredths, int digits)
{
    if (gap_hundredths == 0)
        return g_strdup("与序时进度持平");
    dec d;
    dec_divide(numfmt_mag(gap_hundredths), 100, numfmt_clamp_digits(digits), DEC_ROUND, false,
               &d);
    if (dec_is_zero(&d))
        return g_strdup("与序时进度基本持平");
    GString *s = g_string_new(gap_hundredths > 0 ? "高于序时进度" : "低于序时进度");
    dec_append(s, &d, 0, true);
    g_string_append(s, "个百分点");
    return g_string_free(s, FALSE);
}

/*
 * g_unichar_iswide_cjk rather than g_unichar_iswide: the report fonts (宋体, Noto Sans CJK) draw
 * East Asian Ambiguous characters such as “ ” — · … full width, and a column fitted to the
 * narrower guess would cut them off.
 */
int
gy_text_width(const char *s)
{
    if (!s)
        return 0;
    int64_t w = 0;
    const char *p = s;
    while (*p) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            w++;
            p++;
            continue;
        }
        if (g_unichar_iszerowidth(c))
            ;
        else if (g_unichar_iswide_cjk(c))
            w += 2;
        else
            w++;
        p = g_utf8_next_char(p);
    }
    return w > INT_MAX ? INT_MAX : (int)w;
}
