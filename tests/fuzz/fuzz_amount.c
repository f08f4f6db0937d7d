/* fuzz_amount.c — gy_amount_parse and gy_count_parse (src/fields/amount.c) in both units: the
 * fast paths agree with the general parsers, an amount is a non-negative number of fen no
 * larger than 100 亿元 that reads back from its own decimal writing, a blank is zero. */
#include <inttypes.h>

#include "fuzz.h"
#include "guiyan/fields.h"

#define AMOUNT_MAX INT64_C(1000000000000)      /* fen (100 亿元); amount.c's ceiling */
#define COUNT_MAX INT64_C(1000000000)

static bool amount_error(gy_error e)
{
    return e == GY_E_AMOUNT_FORMAT || e == GY_E_AMOUNT_NEGATIVE || e == GY_E_AMOUNT_PRECISION ||
           e == GY_E_AMOUNT_TOO_BIG;
}

/* Blank as the parsers mean it: nothing but spaces and tabs. */
static bool blank_text(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
}

static void check_amount(const char *s, gy_unit unit)
{
    gy_fen a = -1, b = -2;
    bool ba = false, bb = true;
    gy_error ea = gy_amount_parse(s, unit, &a, &ba);
    gy_error eb = gy_amount_parse_general(s, unit, &b, &bb);
    FUZZ_CHECK(ea == eb, "\"%s\" (unit %d): fast path %d, general %d", s, unit, ea, eb);
    FUZZ_CHECK(ea == GY_OK || amount_error(ea), "\"%s\": error %d", s, ea);
    if (ea != GY_OK)
        return;
    FUZZ_CHECK(a == b && ba == bb, "\"%s\" (unit %d): fast path %" PRId64 "%s, general %" PRId64
               "%s", s, unit, a, ba ? " blank" : "", b, bb ? " blank" : "");
    FUZZ_CHECK(a >= 0 && a <= AMOUNT_MAX, "\"%s\": %" PRId64 " fen", s, a);
    FUZZ_CHECK(ba == blank_text(s), "\"%s\": blank %d", s, ba);
    FUZZ_CHECK(!ba || a == 0, "\"%s\": blank but %" PRId64 " fen", s, a);
    /* written back in the same unit, exactly, it reads as the same fen */
    char back[64];
    if (unit == GY_UNIT_WAN)
        g_snprintf(back, sizeof back, "%" PRId64 ".%06" PRId64, a / 1000000, a % 1000000);
    else
        g_snprintf(back, sizeof back, "%" PRId64 ".%02" PRId64, a / 100, a % 100);
    gy_fen c = -1;
    bool bc;
    FUZZ_CHECK(gy_amount_parse(back, unit, &c, &bc) == GY_OK && c == a,
               "\"%s\" is %" PRId64 " fen, written \"%s\", read back as %" PRId64, s, a, back, c);
}

static void check_count(const char *s)
{
    int64_t a = -1, b = -2;
    bool ba = false, bb = true;
    gy_error ea = gy_count_parse(s, &a, &ba);
    gy_error eb = gy_count_parse_general(s, &b, &bb);
    FUZZ_CHECK(ea == eb, "\"%s\": count fast path %d, general %d", s, ea, eb);
    FUZZ_CHECK(ea == GY_OK || ea == GY_E_COUNT_FORMAT || ea == GY_E_COUNT_NEGATIVE ||
               ea == GY_E_COUNT_TOO_BIG,
               "\"%s\": count error %d", s, ea);
    if (ea != GY_OK)
        return;
    FUZZ_CHECK(a == b && ba == bb, "\"%s\": count %" PRId64 " and %" PRId64, s, a, b);
    FUZZ_CHECK(a >= 0 && a <= COUNT_MAX, "\"%s\": count %" PRId64, s, a);
    FUZZ_CHECK(ba == blank_text(s) && (!ba || a == 0), "\"%s\": blank %d, %" PRId64, s, ba, a);
    /* a head count is a whole number of yuan too, when it is in range */
    gy_fen f = -1;
    bool bf;
    if (!ba && a <= AMOUNT_MAX / 100 && !strstr(s, "人"))
        FUZZ_CHECK(gy_amount_parse(s, GY_UNIT_YUAN, &f, &bf) == GY_OK && f == a * 100,
                   "\"%s\" counts %" PRId64 " but is not %" PRId64 " yuan", s, a, a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    check_amount(s, GY_UNIT_WAN);
    check_amount(s, GY_UNIT_YUAN);
    check_count(s);
    gy_unit u = gy_unit_from_header(s);
    FUZZ_CHECK(u == GY_UNIT_WAN || u == GY_UNIT_YUAN, "header unit %d", u);
    free(s);
    return 0;
}
