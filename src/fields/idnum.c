/* idnum.c — citizen ID numbers (GB 11643-1999): check character, 15→18 upgrade, Excel damage. */
#include <string.h>
#include <glib.h>

#include "guiyan/fields.h"

#define IS_DIGIT(c) ((unsigned)((c) - '0') < 10u)

char
gy_id_check_char(const char *digits17)
{
    static const unsigned char weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    unsigned sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (unsigned)(digits17[i] - '0') * weight[i];
    return "10X98765432"[sum % 11];
}

/*
 * Excel's display of a long number: 5.11102E+17, 5.11102e17, 5.11102199001E+17 (also without
 * the fraction). The digits beyond the mantissa are gone, so nothing can be recovered.
 */
static bool
id_is_excel_sci(const unsigned char *p)
{
    if (!IS_DIGIT(*p))
        return false;
    while (IS_DIGIT(*p))
        p++;
    if (*p == '.') {
        p++;
        while (IS_DIGIT(*p))
            p++;
    }
    if (*p != 'E' && *p != 'e')
        return false;
    p++;
    if (*p == '+')
        p++;
    if (!IS_DIGIT(*p))
        return false;
    while (IS_DIGIT(*p))
        p++;
    return *p == '\0';
}

/* Birth date at b ("YYYYMMDD"): a real day in 1900..2099. */
static bool
id_birth_ok(const char *b)
{
    int y = (b[0] - '0') * 1000 + (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0');
    int m = (b[4] - '0') * 10 + (b[5] - '0');
    int d = (b[6] - '0') * 10 + (b[7] - '0');
    return y >= 1900 && y <= 2099 && gy_day_from_ymd(y, m, d) != GY_NO_DAY;
}

/*
 * Checks run in this order: empty, Excel notation, characters (digits; an x or X only in last
 * place), length (18, or 15 all digits), birth date, check character. So a value with letters
 * and the wrong length is GY_E_ID_CHARS. out is written only on GY_OK.
 */
gy_error
gy_id_parse(const char *s, char out[19])
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = 0;

    if (*p == '\0')
        return GY_E_EMPTY;
    while (IS_DIGIT(p[len]))
        len++;
    if (p[len] == 'X' || p[len] == 'x') {
        if (p[len + 1] != '\0')
            return GY_E_ID_CHARS;
        len++;
    } else if (p[len] != '\0') {
        return id_is_excel_sci(p) ? GY_E_ID_EXCEL_SCI : GY_E_ID_CHARS;
    }

    char id[19];
    if (len == 18) {
        memcpy(id, s, 17);
        if (!id_birth_ok(id + 6))
            return GY_E_ID_BIRTHDATE;
        id[17] = (char)(p[17] == 'x' ? 'X' : p[17]);
        if (gy_id_check_char(id) != id[17]) {
            bool zeros = p[15] == '0' && p[16] == '0' && p[17] == '0';
            return zeros ? GY_E_ID_EXCEL_ZEROS : GY_E_ID_CHECK;
        }
    } else if (len == 15) {
        if (!IS_DIGIT(p[14]))
            return GY_E_ID_CHARS;
        /* GB 11643-1999 §5: the old number lacked the century (always 19) and the check. */
        memcpy(id, s, 6);
        id[6] = '1';
        id[7] = '9';
        memcpy(id + 8, s + 6, 9);
        if (!id_birth_ok(id + 6))
            return GY_E_ID_BIRTHDATE;
        id[17] = gy_id_check_char(id);
    } else {
        return GY_E_ID_LENGTH;
    }
    id[18] = '\0';
    memcpy(out, id, 19);
    return GY_OK;
}

/* Eight bytes with p[0] in the lowest. */
static inline uint64_t
id_load8(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return GUINT64_FROM_LE(v);
}

/* The number written by eight digit values (0..9, the first in the lowest byte), with three
 * multiplications: pairs, then fours, then the eight. */
static inline uint64_t
id_eight(uint64_t v)
{
    v = v * 10 + (v >> 8);
    v = ((v & UINT64_C(0x000000FF000000FF)) * (100 + (UINT64_C(1000000) << 32)) +
         ((v >> 16) & UINT64_C(0x000000FF000000FF)) * (1 + (UINT64_C(10000) << 32))) >> 32;
    return v;
}

/* 16-bit lanes, the first in the highest: multiplied by four digits in the other order, the
 * top lane of the product is their weighted sum (each lane stays far below 2^16). */
#define ID_LANES(w0, w1, w2, w3) \
    ((uint64_t)(w0) << 48 | (uint64_t)(w1) << 32 | (uint64_t)(w2) << 16 | (uint64_t)(w3))

/* The GB 11643 weighted sum of eight digit values, given the weights of the even and of the
 * odd places, in the order ID_LANES wants them. */
static inline unsigned
id_weigh8(uint64_t v, uint64_t even, uint64_t odd)
{
    const uint64_t lanes = UINT64_C(0x00FF00FF00FF00FF);
    return (unsigned)(((v & lanes) * even + ((v >> 8) & lanes) * odd) >> 48);
}

/*
 * The form nearly every row holds, 17 digits and a digit or X: shape, birth date, check
 * character and key from two 8-byte words rather than three passes digit by digit. False
 * sends the value to gy_id_parse, which also names the fault of a value that is shaped right
 * but wrong (birth date, check character, Excel zeros).
 */
static inline bool
id_parse_key_fast(const unsigned char *p, char out[19], uint64_t *key)
{
    static const unsigned char days[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    /* the length first (the library's strlen reads safely in blocks), then eight bytes at a
     * time: each byte's high nibble 3, and still 3 with 6 added (0x30..0x39) */
    if (strlen((const char *)p) != 18)
        return false;
    const uint64_t nibbles = UINT64_C(0xF0F0F0F0F0F0F0F0), threes = UINT64_C(0x3333333333333333);
    const uint64_t sixes = UINT64_C(0x0606060606060606);
    uint64_t a = id_load8(p), b = id_load8(p + 8);
    if (((a & nibbles) | (((a + sixes) & nibbles) >> 4)) != threes ||
        ((b & nibbles) | (((b + sixes) & nibbles) >> 4)) != threes || !IS_DIGIT(p[16]))
        return false;
    unsigned last = p[17];
    if (!(IS_DIGIT(last) || last == 'X' || last == 'x'))
        return false;
    /* the birth date, as id_birth_ok: a real day in 1900..2099 */
    unsigned y = (p[6] - '0') * 1000u + (p[7] - '0') * 100u + (p[8] - '0') * 10u + (p[9] - '0');
    unsigned m = (p[10] - '0') * 10u + (p[11] - '0'), d = (p[12] - '0') * 10u + (p[13] - '0');
    if (y < 1900 || y > 2099 || m - 1 > 11 || d - 1 >= days[m])
        return false;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return false;
    /* the 17 digits as two words of eight and one more: the weights 7 9 10 5 8 4 2 1 | 6 3 7
     * 9 10 5 8 4 | 2 */
    const uint64_t zeros = UINT64_C(0x3030303030303030);
    a -= zeros;
    b -= zeros;
    unsigned d16 = p[16] - '0';
    unsigned sum = id_weigh8(a, ID_LANES(7, 10, 8, 2), ID_LANES(9, 5, 4, 1)) +
                   id_weigh8(b, ID_LANES(6, 7, 10, 8), ID_LANES(3, 9, 5, 4)) + 2 * d16;
    if (last == 'x')
        last = 'X';
    if ((unsigned char)"10X98765432"[sum % 11] != last)
        return false;
    *key = (id_eight(a) * UINT64_C(100000000) + id_eight(b)) * 10 + d16;
    memcpy(out, p, 17);
    out[17] = (char)last;
    out[18] = '\0';
    return true;
}

gy_error
gy_id_parse_key(const char *s, char out[19], uint64_t *key)
{
    if (id_parse_key_fast((const unsigned char *)s, out, key))
        return GY_OK;
    gy_error e = gy_id_parse(s, out);
    if (e == GY_OK)
        *key = gy_id_key(out);
    return e;
}

uint64_t
gy_id_key(const char id18[19])
{
    uint64_t k = 0;
    for (int i = 0; i < 17; i++)
        k = k * 10 + (uint64_t)(id18[i] - '0');
    return k;
}

void
gy_id_from_key(uint64_t key, char out[19])
{
    /* in two halves of 32-bit arithmetic that do not wait for each other: updates.csv
     * rebuilds an ID for each of its millions of rows */
    uint32_t lo = (uint32_t)(key % 100000000u), hi = (uint32_t)(key / 100000000u % 1000000000u);
    for (int i = 16; i >= 9; i--) {
        out[i] = (char)('0' + lo % 10);
        lo /= 10;
    }
    for (int i = 8; i >= 0; i--) {
        out[i] = (char)('0' + hi % 10);
        hi /= 10;
    }
    out[17] = gy_id_check_char(out);
    out[18] = '\0';
}

void
gy_id_mask(const char id18[19], char out[19])
{
    memcpy(out, id18, 6);
    memset(out + 6, '*', 8);
    memcpy(out + 14, id18 + 14, 4);
    out[18] = '\0';
}

/* ---- what a person reads: one masking rule ---- */

/* A digit at p, ASCII or full-width (U+FF10..FF19), or an X (also x, Ｘ, ｘ): its
 * value ('0'..'9' or 'X') and *len its bytes; 0 when none. */
static char
shown_digit(const unsigned char *p, size_t *len)
{
    if (IS_DIGIT(*p)) {
        *len = 1;
        return (char)*p;
    }
    if (*p == 'X' || *p == 'x') {
        *len = 1;
        return 'X';
    }
    if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
        *len = 3;
        return (char)('0' + p[2] - 0x90);
    }
    if (p[0] == 0xEF && ((p[1] == 0xBC && p[2] == 0xB8) || (p[1] == 0xBD && p[2] == 0x98))) {
        *len = 3;
        return 'X';
    }
    return 0;
}

/* A separator that may stand between the digits of a number as people write it: a space,
 * a hyphen, an ideographic space (U+3000), a full-width hyphen (U+FF0D). Its bytes, or 0. */
static size_t
shown_sep(const unsigned char *p)
{
    if (*p == ' ' || *p == '-')
        return 1;
    if ((p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||
        (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D))
        return 3;
    return 0;
}

/* The first two digits of a region code (GB/T 2260 provinces, and 71/81/82 for Taiwan, Hong
 * Kong and Macao). */
static bool
province_ok(const char *d)
{
    static const char *const p[] = { "11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
        "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53",
        "54", "61", "62", "63", "64", "65", "71", "81", "82" };
    for (size_t i = 0; i < G_N_ELEMENTS(p); i++)
        if (d[0] == p[i][0] && d[1] == p[i][1])
            return true;
    return false;
}

/* d: n characters (digits, X only last). An ID number: 18 (the last may be X), 17 (the check
 * character lost) or 15 digits, a province's code first, a real birth date. */
static bool
looks_id(const char *d, size_t n)
{
    if (n != 15 && n != 17 && n != 18)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!IS_DIGIT(d[i]) && !(i == 17 && d[i] == 'X'))
            return false;
    /* not stricter than gy_id_parse: a province's own code (120000…) is accepted there, so
     * it is masked here (the fuzz target found one left readable) */
    if (!province_ok(d))
        return false;
    char birth[8];
    if (n == 15) {
        birth[0] = '1';
        birth[1] = '9';
        memcpy(birth + 2, d + 6, 6);
    } else {
        memcpy(birth, d + 6, 8);
    }
    return id_birth_ok(birth);
}

/* A mobile number: 11 digits, 13..19 first. */
static bool
looks_mobile(const char *d, size_t n)
{
    if (n != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!IS_DIGIT(d[i]))
            return false;
    return true;
}

/* Groups of digits in one run, with where each starts and ends in the text. */
#define MAX_GROUPS 24
typedef struct group { size_t from, to, d0, nd; } group;

/* An X after the digits so far is an ID's 18th character only when the groups that end here
 * (the last one still growing) hold 17 digits from some group's start. */
static bool
x_ends_17(const group *g, size_t ng)
{
    size_t tot = g[ng].nd;
    for (size_t k = ng; tot < 17 && k-- > 0;)
        tot += g[k].nd;
    return tot == 17;
}

/* Mask the ID and mobile numbers among the groups of one run (digits in d), writing the
 * result for bytes [g[0].from, g[n-1].to) to out; returns out's length. */
static size_t
mask_run(const char *s, const group *g, size_t ng, const char *d, char *out)
{
    size_t o = 0, at = g[0].from;
    for (size_t i = 0; i < ng;) {
        size_t j = i, nd = 0, hit = 0;
        bool mobile = false;
        /* the longest span of whole groups from i that is an ID, else a mobile number */
        for (j = i; j < ng && nd + g[j].nd <= 18; j++) {
            nd += g[j].nd;
            if (looks_id(d + g[i].d0, nd))
                hit = j + 1, mobile = false;
            else if (!hit && looks_mobile(d + g[i].d0, nd))
                hit = j + 1, mobile = true;
        }
        if (!hit) {
            memmove(out + o, s + at, g[i].to - at);
            o += g[i].to - at;
            at = g[i].to;
            i++;
            continue;
        }
        memmove(out + o, s + at, g[i].from - at);       /* a separator before it */
        o += g[i].from - at;
        size_t n = 0;
        for (size_t k = i; k < hit; k++)
            n += g[k].nd;
        const char *id = d + g[i].d0;
        size_t keep = mobile ? 3 : 6;
        memcpy(out + o, id, keep);
        memset(out + o + keep, '*', n - keep - 4);
        memcpy(out + o + n - 4, id + n - 4, 4);
        o += n;
        at = g[hit - 1].to;
        i = hit;
    }
    return o;
}

size_t
gy_text_strip_bidi(char *s)
{
    /* nothing is written to a value without them: it may be a constant "" */
    if (!strstr(s, "\xE2\x80") && !strstr(s, "\xE2\x81"))
        return strlen(s);
    char *w = s;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        /* U+200E/F, U+202A..202E, U+2066..2069: they reorder what is shown, so that a value
         * can read differently from what it is */
        if (p[0] == 0xE2 && ((p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F ||
                                               (p[2] >= 0xAA && p[2] <= 0xAE))) ||
                             (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
            p += 3;
            continue;
        }
        *w++ = (char)*p++;
    }
    *w = '\0';
    return (size_t)(w - s);
}

void
gy_id_mask_text(char *s)
{
    if (!*s)
        return;                 /* maybe a constant "" */
    gy_text_strip_bidi(s);
    /* Excel's notation keeps only the number's leading digits: after the sixth (the region
     * code) they are the birth date, and "the last four" are no check digits */
    if (id_is_excel_sci((const unsigned char *)s)) {
        int kept = 0;
        for (char *p = s; *p != 'E' && *p != 'e'; p++)
            if (IS_DIGIT(*p) && ++kept > 6)
                *p = '*';
    }
    /* runs of digits with single separators between them; the output of a run is never
     * longer than the run, so the text is rewritten in place */
    size_t w = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; u[i];) {
        size_t len;
        char c0 = shown_digit(u + i, &len);
        if (!c0 || c0 == 'X') {
            s[w++] = s[i++];
            continue;
        }
        group g[MAX_GROUPS];
        char d[MAX_GROUPS * 20];
        size_t ng = 0, nd = 0, p = i;
        while (ng < MAX_GROUPS) {
            g[ng] = (group){ p, p, nd, 0 };
            char c;
            /* a group of more than 18 digits is read to its end (never part of a number to
             * mask: other numbers are shown as they are), its first 19 kept */
            while ((c = shown_digit(u + p, &len))) {
                if (c == 'X' && !x_ends_17(g, ng))     /* a check character, or a letter */
                    break;
                if (g[ng].nd < 19)
                    d[nd++] = c;
                g[ng].nd++;
                p += len;
                if (c == 'X')
                    break;
            }
            g[ng].to = p;
            if (!g[ng].nd)
                break;
            ng++;
            size_t sep = shown_sep(u + p);
            size_t l2;
            if (!sep || !shown_digit(u + p + sep, &l2) || d[nd - 1] == 'X')
                break;
            p += sep;
        }
        size_t end = g[ng - 1].to;
        w += mask_run(s, g, ng, d, s + w);
        i = end;
    }
    s[w] = '\0';
}
