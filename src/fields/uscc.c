/* uscc.c — unified social credit codes (GB 32100-2015): alphabet and check character. */
#include <string.h>

#include "guiyan/fields.h"

/* The 31 characters of GB 32100 (no I, O, S, V, Z), in value order 0..30. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Value of a character (either case), or -1 if GB 32100 does not use it. */
static inline int
uscc_value(unsigned char c)
{
    static const unsigned char plus1[256] = {     /* value + 1; 0 = not in the alphabet */
        ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
        ['8'] = 9, ['9'] = 10, ['A'] = 11, ['a'] = 11, ['B'] = 12, ['b'] = 12, ['C'] = 13,
        ['c'] = 13, ['D'] = 14, ['d'] = 14, ['E'] = 15, ['e'] = 15, ['F'] = 16, ['f'] = 16,
        ['G'] = 17, ['g'] = 17, ['H'] = 18, ['h'] = 18, ['J'] = 19, ['j'] = 19, ['K'] = 20,
        ['k'] = 20, ['L'] = 21, ['l'] = 21, ['M'] = 22, ['m'] = 22, ['N'] = 23, ['n'] = 23,
        ['P'] = 24, ['p'] = 24, ['Q'] = 25, ['q'] = 25, ['R'] = 26, ['r'] = 26, ['T'] = 27,
        ['t'] = 27, ['U'] = 28, ['u'] = 28, ['W'] = 29, ['w'] = 29, ['X'] = 30, ['x'] = 30,
        ['Y'] = 31, ['y'] = 31,
    };
    return (int)plus1[c] - 1;
}

/* GB 32100 §4.3: the weights 3^i mod 31 of the first 17 characters. */
static const unsigned char uscc_weight[17] = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/*
 * Checks: empty, characters, length, check character (GB 32100 §4.3: weights 3^i mod 31,
 * check = 31 − sum mod 31, with 31 read as 0). out is written only on GY_OK.
 */
gy_error
gy_uscc_parse_general(const char *s, char out[19])
{
    const unsigned char *p = (const unsigned char *)s;
    int vals[18];
    size_t len = 0;

    if (*p == '\0')
        return GY_E_EMPTY;
    for (; p[len]; len++) {
        int v = uscc_value(p[len]);
        if (v < 0)
            return GY_E_USCC_CHARS;
        if (len < 18)
            vals[len] = v;
    }
    if (len != 18)
        return GY_E_USCC_LENGTH;
    unsigned sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (unsigned)vals[i] * uscc_weight[i];
    if (vals[17] != (int)((31 - sum % 31) % 31))
        return GY_E_USCC_CHECK;
    for (int i = 0; i < 18; i++)
        out[i] = uscc_alphabet[vals[i]];
    out[18] = '\0';
    return GY_OK;
}

/*
 * A valid code, the common case, in one pass: characters, sum and the upper-case copy
 * together, out written only when the check character agrees. Anything else (a wrong
 * character, length or check) is left to gy_uscc_parse_general to name.
 */
gy_error
gy_uscc_parse(const char *s, char out[19])
{
    const unsigned char *p = (const unsigned char *)s;
    char up[17];
    unsigned sum = 0;
    for (int i = 0; i < 17; i++) {      /* stops at the NUL of a shorter value */
        unsigned c = p[i];
        int v = uscc_value(c);
        if (v < 0)
            return gy_uscc_parse_general(s, out);
        sum += (unsigned)v * uscc_weight[i];
        up[i] = (char)(c >= 'a' ? c - ('a' - 'A') : c);   /* a valid character: upper case */
    }
    int check = uscc_value(p[17]);
    if (check < 0 || p[18] != '\0' || check != (int)((31 - sum % 31) % 31))
        return gy_uscc_parse_general(s, out);
    memcpy(out, up, 17);
    out[17] = uscc_alphabet[check];
    out[18] = '\0';
    return GY_OK;
}
