/* fuzz_idnum.c — ID numbers (src/fields/idnum.c): gy_id_parse_key's one-pass path agrees
 * with gy_id_parse, an accepted number is a well-formed 18-character ID whose key gives it
 * back, a 15-digit number is upgraded as GB 11643 says, and masking never shows the middle
 * digits — of a parsed ID, or of a value that failed and goes to a reject list, unguarded
 * and masked the way the loader does it. */
#include "fuzz.h"
#include "guiyan/fields.h"

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

static bool id_error(gy_error e)
{
    return e == GY_E_EMPTY || e == GY_E_ID_EXCEL_SCI || e == GY_E_ID_EXCEL_ZEROS ||
           e == GY_E_ID_LENGTH || e == GY_E_ID_CHARS || e == GY_E_ID_CHECK ||
           e == GY_E_ID_BIRTHDATE;
}

static void check_parsed(const char *s, const char id[19], uint64_t key)
{
    FUZZ_CHECK(strlen(id) == 18, "\"%s\" gave \"%s\"", s, id);
    for (int i = 0; i < 17; i++)
        FUZZ_CHECK(IS_DIGIT(id[i]), "\"%s\" gave \"%s\"", s, id);
    FUZZ_CHECK(gy_id_check_char(id) == id[17], "\"%s\" gave \"%s\": check character", s, id);
    int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
    int m = (id[10] - '0') * 10 + (id[11] - '0'), dd = (id[12] - '0') * 10 + (id[13] - '0');
    FUZZ_CHECK(y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && dd >= 1 &&
               g_date_valid_dmy((GDateDay)dd, (GDateMonth)m, (GDateYear)y),
               "\"%s\" gave \"%s\": birth date", s, id);
    FUZZ_CHECK(key == gy_id_key(id), "\"%s\": key %llu", s, (unsigned long long)key);
    char again[19];
    gy_id_from_key(key, again);
    FUZZ_CHECK(strcmp(again, id) == 0, "\"%s\": key gives \"%s\", not \"%s\"", s, again, id);

    /* what was written is what came out, but for the case of x and the 15-digit upgrade */
    size_t n = strlen(s);
    if (n == 18) {
        FUZZ_CHECK(memcmp(s, id, 17) == 0 && g_ascii_toupper(s[17]) == id[17],
                   "\"%s\" became \"%s\"", s, id);
    } else {
        FUZZ_CHECK(n == 15, "\"%s\" (%zu characters) was accepted", s, n);
        FUZZ_CHECK(memcmp(s, id, 6) == 0 && id[6] == '1' && id[7] == '9' &&
                   memcmp(s + 6, id + 8, 9) == 0, "\"%s\" was upgraded to \"%s\"", s, id);
    }

    char masked[19];
    gy_id_mask(id, masked);
    FUZZ_CHECK(strlen(masked) == 18 && memcmp(masked, id, 6) == 0 &&
               strcmp(masked + 14, id + 14) == 0 && strspn(masked + 6, "*") == 8,
               "\"%s\" masked as \"%s\"", id, masked);
}

/* A value that failed to parse, as the loader writes it to a reject list: unguarded, then
 * masked. It never grows, only digits become stars (separators and bidirectional controls
 * may go), and no complete ID number is left to read. */
static void check_reject_mask(const char *s)
{
    char *v = g_strdup(s);
    char id[19];
    uint64_t key;
    if (*v)
        gy_text_unguard(v);
    if (gy_id_parse_key(v, id, &key) == GY_OK) {    /* the guard hid a good number */
        g_free(v);
        return;
    }
    size_t before = strlen(v);
    char *orig = g_strdup(v);
    gy_id_mask_text(v);
    FUZZ_CHECK(strlen(v) <= before, "masking made \"%s\" longer", orig);
    FUZZ_CHECK(!fuzz_visible_id(v), "\"%s\" masked as \"%s\"", orig, v);
    /* Excel's notation: past the region code its digits are the birth date */
    if (gy_id_parse(orig, id) == GY_E_ID_EXCEL_SCI) {
        size_t shown = 0;
        for (const char *p = v; *p != 'E' && *p != 'e'; p++)
            shown += IS_DIGIT(*p);
        FUZZ_CHECK(shown <= 6, "\"%s\" masked as \"%s\"", orig, v);
    }
    g_free(orig);
    g_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    char a[19] = "", b[19] = "";
    uint64_t key = 0;
    gy_error ea = gy_id_parse(s, a);
    gy_error eb = gy_id_parse_key(s, b, &key);
    FUZZ_CHECK(ea == eb, "\"%s\": gy_id_parse %d, gy_id_parse_key %d", s, ea, eb);
    FUZZ_CHECK(ea == GY_OK || id_error(ea), "\"%s\": error %d", s, ea);
    if (ea == GY_OK) {
        FUZZ_CHECK(strcmp(a, b) == 0, "\"%s\": \"%s\" and \"%s\"", s, a, b);
        check_parsed(s, a, key);
        /* an accepted number is accepted again as it was given back */
        char c[19];
        FUZZ_CHECK(gy_id_parse(a, c) == GY_OK && strcmp(a, c) == 0, "\"%s\" not stable", a);
    } else {
        check_reject_mask(s);
    }
    free(s);
    return 0;
}
