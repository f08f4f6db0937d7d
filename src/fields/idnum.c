/* idnum.c — citizen ID numbers (GB 11643-1999): check character, 15→18 upgrade, Excel damage. */
#include <string.h>

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
    for (int i = 16; i >= 0; i--) {
        out[i] = (char)('0' + key % 10);
        key /= 10;
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

void
gy_id_mask_text(char *s)
{
    /* only what looks like an ID number: 10 or more digits (and X); "5.11102E+17" or a name
     * typed into the column holds no number to hide */
    size_t n = strlen(s);
    if (n < 10)
        return;
    for (size_t i = 0; i < n; i++)
        if ((s[i] < '0' || s[i] > '9') && s[i] != 'X' && s[i] != 'x')
            return;
    for (size_t i = 6; i + 4 < n; i++)
        s[i] = '*';
}
